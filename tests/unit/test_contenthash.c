/* The content hash wrapper: XXH3-128's published values, the same digits
 * in steps as at once, and the older hashes still recognised. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "contenthash.h"

/* Values stored in databases: they must be xxHash's own (the digits
 * `xxhsum -H2` prints, high half first), on every machine. */
static void test_known_values(void **state)
{
	char h[33];
	(void)state;
	content_hash_hex("", 0, h);
	assert_string_equal(h, "99aa06d3014798d86001c324468d497f");
	content_hash_hex("hello world", 11, h);
	assert_string_equal(h, "df8d09e93f874900a99b8775cc15b6c7");
	content_hash_hex("hello world, hello world!", 25, h);
	assert_string_equal(h, "4e6083fd65a4e3b6b62ce21c1ad39e90");
}

/* Every byte and the length count. */
static void test_every_byte_counts(void **state)
{
	char h[33], g[33];
	(void)state;
	content_hash_hex("hello world, hello world!", 25, h);
	content_hash_hex("hello world, hello world?", 25, g);
	assert_string_not_equal(h, g);
	content_hash_hex("hello world, hello world!\0", 26, g);
	assert_string_not_equal(h, g);
	content_hash_hex("Hello world, hello world!", 25, g);
	assert_string_not_equal(h, g);
}

/* A file is hashed a buffer at a time: any cut gives the one-shot digits,
 * across XXH3's internal block and stripe sizes. */
static void test_steps_equal_one_shot(void **state)
{
	static const size_t cuts[] = { 1, 7, 64, 240, 241, 1023, 1024, 4096 };
	size_t n = 20000;
	unsigned char *buf = malloc(n);
	char whole[33], steps[33];
	(void)state;
	assert_non_null(buf);
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)(i * 131 + (i >> 7));
	content_hash_hex(buf, n, whole);
	for (size_t c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++) {
		struct content_hash h;
		content_hash_init(&h);
		for (size_t at = 0; at < n; at += cuts[c])
			content_hash_add(&h, buf + at, n - at < cuts[c] ? n - at : cuts[c]);
		content_hash_finish(&h, steps);
		assert_string_equal(steps, whole);
		assert_null(h.state);
	}
	/* nothing added: the empty input's value */
	{
		struct content_hash h;
		content_hash_init(&h);
		content_hash_finish(&h, steps);
		assert_string_equal(steps, "99aa06d3014798d86001c324468d497f");
	}
	free(buf);
}

/* The fingerprint files of schema version 3 and before carry: pinned, so
 * that their rows are still found, and the same in steps. */
static void test_legacy_fingerprint(void **state)
{
	struct legacy_fingerprint a, b;
	char ha[33], hb[33];
	(void)state;
	legacy_fingerprint_init(&a);
	legacy_fingerprint_init(&b);
	legacy_fingerprint_add(&a, "hello world", 11);
	legacy_fingerprint_add(&b, "hello ", 6);
	legacy_fingerprint_add(&b, "world", 5);
	legacy_fingerprint_hex(&a, ha);
	legacy_fingerprint_hex(&b, hb);
	assert_string_equal(ha, hb);
	assert_string_equal(ha, "779a65e7023cd2e737003c33e32d0256");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_every_byte_counts),
		cmocka_unit_test(test_steps_equal_one_shot),
		cmocka_unit_test(test_legacy_fingerprint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
