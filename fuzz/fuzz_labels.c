/* fuzz_labels — libFuzzer harness for the trainers' labels reader
 * (formats.md section 5): the bytes go through the same locked-down
 * xmlTextReader options as ingest, and every label the reader hands out
 * must be one the loader can store as it is. */
#include "transcripts.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore_problem(void *arg, long line, const char *msg)
{
	(void)arg;
	(void)line;
	(void)msg;
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xml_input_opts o = { 1 << 20, 0, ignore_problem, NULL, 0 };
	struct label_reader *r;
	struct label l;
	int rc;
	lq_quiet = 1;
	r = label_reader_new(xml_input_open_memory("fuzz-labels.xml", data, size, &o));
	if (!r)
		return 0;
	label_init(&l);
	while ((rc = label_reader_next(r, &l)) > 0) {
		if (rc != TR_DIALOGUE)
			continue;
		/* what labels_load() binds without looking */
		if (!l.dialogue_id || !l.trainer || l.line < 1)
			__builtin_trap();
		if (!utf8_valid(l.dialogue_id, strlen(l.dialogue_id), NULL) ||
		    !utf8_valid(l.trainer, strlen(l.trainer), NULL))
			__builtin_trap();
		for (size_t i = 0; i < l.n_turns; i++)
			if (l.turns[i].n < 1 || !label_tag_known(l.turns[i].tag))
				__builtin_trap();
	}
	label_release(&l);
	label_reader_close(r);
	return 0;
}
