/* fuzz_csv — libFuzzer harness for the deal-history CSV reader (deals.h),
 * fed whole buffers and the same bytes in small pieces: both must agree. */
#include "deals.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tally {
	long rows, good;
};

static int count_row(const struct deal_row *row, void *arg)
{
	struct tally *t = arg;
	t->rows++;
	if (!row->problem) {
		if (!row->deal_id || !*row->deal_id || !row->stage)
			__builtin_trap();
		t->good++;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tally whole = { 0, 0 }, pieces = { 0, 0 };
	struct deals_reader *r;
	char msg[256];
	long line = 0;
	int a, b;
	a = deals_parse_buffer((const char *)data, size, count_row, &whole, &line, msg, sizeof(msg));
	r = deals_reader_new(count_row, &pieces);
	for (size_t i = 0; i < size; i += 7) {
		size_t n = size - i < 7 ? size - i : 7;
		if (deals_reader_feed(r, data + i, n))
			break;
	}
	b = deals_reader_finish(r);
	deals_reader_free(r);
	if (a != b || whole.rows != pieces.rows || whole.good != pieces.good)
		__builtin_trap();
	return 0;
}
