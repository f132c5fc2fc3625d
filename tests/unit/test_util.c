/* test_util.c — time parsing, strbuf limits, UTF-8 validation, hashing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "contenthash.h"
#include "util.h"

static void test_parse_time_offsets(void **state)
{
	int64_t a, b, c;
	(void)state;
	assert_int_equal(parse_time("2026-02-30", &a), -1);
	assert_int_equal(parse_time("2026-04-31T10:00:00Z", &a), -1);
	assert_int_equal(parse_time("2025-02-29", &a), -1);
	assert_int_equal(parse_time("2100-02-29", &a), -1);
	assert_int_equal(parse_time("2000-02-29", &a), 0);
	assert_int_equal(parse_time("2026-11-23T10:02:00+03:00", &a), 0);
	assert_int_equal(parse_time("2026-11-23T07:02:00Z", &b), 0);
	assert_int_equal(parse_time("2026-11-23T07:02:00.250Z", &c), 0);
	assert_true(a == b);
	assert_true(b == c);
	assert_int_equal(parse_time("2026-11-23T02:02:00-0500", &c), 0);
	assert_true(b == c);
	assert_int_equal(parse_time("1970-01-01T00:00:00Z", &a), 0);
	assert_true(a == 0);
	assert_int_equal(parse_time("2026-11-23", &a), 0);
	assert_true(a == 1795392000);
	assert_int_equal(parse_time("2026-11-23 07:02:00", &a), 0);
	assert_true(a == b);
}

static void test_parse_time_rejects(void **state)
{
	int64_t t;
	(void)state;
	assert_int_equal(parse_time("", &t), -1);
	assert_int_equal(parse_time("23.11.2026", &t), -1);
	assert_int_equal(parse_time("2026-13-01", &t), -1);
	assert_int_equal(parse_time("2026-11-23T25:00:00Z", &t), -1);
	assert_int_equal(parse_time("2026-11-23T10:00:00+03:00 junk", &t), -1);
	assert_int_equal(parse_time(NULL, &t), -1);
}

/* Every cut-off prefix of a time is refused, and read no further than its
 * end: each is its own allocation, so a sanitizer build sees an overread. */
static void test_parse_time_cut_off(void **state)
{
	const char *whole = "2026-11-23T10:02:00.250+03:00";
	size_t n = strlen(whole);
	int64_t t;
	(void)state;
	for (size_t k = 0; k < n; k++) {
		char *cut = xstrndup(whole, k);
		int rc = parse_time(cut, &t);
		/* whole times too: the date alone, without seconds, without the
		 * offset or part of the fraction, with the offset's hours alone */
		int valid = k == 10 || k == 16 || k == 19 || (k >= 21 && k <= 23) || k == 26 ||
			    k == 27;
		assert_int_equal(rc, valid ? 0 : -1);
		free(cut);
	}
	assert_int_equal(parse_time(whole, &t), 0);
}

static void test_format_time(void **state)
{
	char buf[21], day[11];
	int64_t t;
	(void)state;
	assert_int_equal(parse_time("2026-11-23T10:02:00+03:00", &t), 0);
	format_time(t, buf);
	assert_string_equal(buf, "2026-11-23T07:02:00Z");
	format_date(t, day);
	assert_string_equal(day, "2026-11-23");
}

static void test_strbuf_bounded(void **state)
{
	struct strbuf sb;
	(void)state;
	strbuf_init(&sb, 8);
	assert_int_equal(strbuf_adds(&sb, "abcd"), 0);
	assert_int_equal(strbuf_addf(&sb, "%d", 1234), 0);
	assert_string_equal(strbuf_str(&sb), "abcd1234");
	assert_int_equal(strbuf_addch(&sb, 'x'), -1);
	assert_true(sb.overflow);
	assert_string_equal(sb.buf, "abcd1234");
	strbuf_release(&sb);

	strbuf_init(&sb, 0);
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%03d", i % 1000);
	assert_int_equal(sb.len, 3000);
	assert_memory_equal(sb.buf + 2997, "999", 3);
	strbuf_release(&sb);
}

/* Numbers and copies as printf would make them. */
/* A cut never falls inside a character: the export must stay UTF-8. */
static void test_copy_fit_utf8(void **state)
{
	char dst[8];
	size_t bad;
	(void)state;
	copy_fit_utf8(dst, sizeof(dst), "\xd0\x9f\xd1\x80\xd0\xb0\xd0\xb9\xd1\x81");  /* "Прайс" */
	assert_string_equal(dst, "\xd0\x9f\xd1\x80\xd0\xb0");
	assert_true(utf8_valid(dst, strlen(dst), &bad));
	copy_fit_utf8(dst, sizeof(dst), "ab\xe2\x82\xac\xe2\x82\xac");              /* "ab€€" */
	assert_string_equal(dst, "ab\xe2\x82\xac");
	copy_fit_utf8(dst, sizeof(dst), "abcdefgh");
	assert_string_equal(dst, "abcdefg");
	copy_fit_utf8(dst, sizeof(dst), "abc");
	assert_string_equal(dst, "abc");
}

static void test_format_int_and_copy_fit(void **state)
{
	static const long long vs[] = { 0, 7, -7, 10, 99, -100, 2147483647, -2147483647 - 1,
					 9223372036854775807LL, -9223372036854775807LL - 1 };
	struct strbuf sb = STRBUF_INIT;
	char buf[20], want[32], dst[5];
	(void)state;
	for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
		size_t n = format_int(buf, vs[i]);
		snprintf(want, sizeof(want), "%lld", vs[i]);
		assert_int_equal(n, strlen(want));
		assert_memory_equal(buf, want, n);
		strbuf_reset(&sb);
		assert_int_equal(strbuf_add_int(&sb, vs[i]), 0);
		assert_string_equal(strbuf_str(&sb), want);
	}
	strbuf_release(&sb);
	strbuf_init(&sb, 3);
	assert_int_equal(strbuf_add_int(&sb, 1234), -1);
	assert_true(sb.overflow);
	strbuf_release(&sb);
	copy_fit(dst, sizeof(dst), "abc");
	assert_string_equal(dst, "abc");
	copy_fit(dst, sizeof(dst), "abcd");
	assert_string_equal(dst, "abcd");
	copy_fit(dst, sizeof(dst), "abcdefgh");
	assert_string_equal(dst, "abcd");
	copy_fit(dst, sizeof(dst), "");
	assert_string_equal(dst, "");
}

static void test_utf8(void **state)
{
	size_t off = 99;
	(void)state;
	assert_true(utf8_valid("оплата ok", strlen("оплата ok"), NULL));
	assert_false(utf8_valid("ab\xff", 3, &off));
	assert_int_equal(off, 2);
	assert_false(utf8_valid("\xc0\xaf", 2, &off));      /* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3, &off));  /* surrogate */
	assert_false(utf8_valid("\xd0", 1, &off));          /* cut short */
}

static void test_blank_len(void **state)
{
	const unsigned char *nbsp = (const unsigned char *)"\xc2\xa0x", *thin = (const unsigned char *)"x\xe2\x80\x89";
	const unsigned char *bom = (const unsigned char *)"\xef\xbb\xbfx", *cyr = (const unsigned char *)"\xd0\xb0";
	(void)state;
	assert_int_equal(blank_len((const unsigned char *)" x", 2), 1);
	assert_int_equal(blank_len((const unsigned char *)"\tx", 2), 1);
	assert_int_equal(blank_len(nbsp, 3), 2);
	assert_int_equal(blank_len(nbsp, 1), 0);        /* cut: not a blank */
	assert_int_equal(blank_len(bom, 4), 3);
	assert_int_equal(blank_len(cyr, 2), 0);         /* a letter */
	assert_int_equal(blank_len((const unsigned char *)"", 0), 0);
	assert_int_equal(blank_len_back(thin, 4), 3);
	assert_int_equal(blank_len_back((const unsigned char *)"x\xc2\xa0", 3), 2);
	assert_int_equal(blank_len_back((const unsigned char *)"x\n", 2), 1);
	assert_int_equal(blank_len_back(cyr, 2), 0);
	assert_int_equal(blank_len_back(thin, 0), 0);
}

static void test_hash_stable(void **state)
{
	struct content_hash a, b;
	char ha[33], hb[33];
	(void)state;
	/* stability across builds matters: shards and hashed features depend on it */
	assert_true(hash64("web-000017", 10, HASH64_SEED) == hash64("web-000017", 10, HASH64_SEED));
	assert_true(hash64("web-000017", 10, HASH64_SEED) != hash64("web-000018", 10, HASH64_SEED));
	content_hash_init(&a);
	content_hash_init(&b);
	content_hash_add(&a, "hello world", 11);
	content_hash_add(&b, "hello ", 6);
	content_hash_add(&b, "world", 5);
	content_hash_finish(&a, ha);
	content_hash_finish(&b, hb);
	assert_string_equal(ha, hb);
	assert_int_equal(strlen(ha), 32);
}

/* Content hashes are stored in databases: the values must never change
 * between builds or machines, and every byte and the length must count. */
static void test_hash128_stable(void **state)
{
	char h[33], g[33];
	(void)state;
	legacy_hash128_hex("", 0, h);
	assert_string_equal(h, "83916c6e186a52cb02d69e2572579a99");
	legacy_hash128_hex("hello world", 11, h);
	assert_string_equal(h, "afa71a59984a37d42c5890368be6bf56");
	legacy_hash128_hex("hello world, hello world!", 25, h);
	assert_string_equal(h, "e98bb64efedd3183a3c489a5078e9fa0");
	legacy_hash128_hex("hello world, hello world?", 25, g);
	assert_string_not_equal(h, g);
	legacy_hash128_hex("hello world, hello world!\0", 26, g);
	assert_string_not_equal(h, g);
	legacy_hash128_hex("Hello world, hello world!", 25, g);
	assert_string_not_equal(h, g);
}

static int cmp_u64_ref(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* sort_u64 sorts as qsort does: random, few distinct, sorted, reversed. */
/* The obvious escaper, one byte at a time, to hold the fast one to. */
static void json_reference(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"')
			strbuf_adds(out, "\\\"");
		else if (c == '\\')
			strbuf_adds(out, "\\\\");
		else if (c == '\n')
			strbuf_adds(out, "\\n");
		else if (c == '\r')
			strbuf_adds(out, "\\r");
		else if (c == '\t')
			strbuf_adds(out, "\\t");
		else if (c < 0x20)
			strbuf_addf(out, "\\u%04x", c);
		else
			strbuf_addch(out, (char)c);
	}
	strbuf_addch(out, '"');
}

/* Every character JSON escapes, at every offset of plain ASCII and
 * Cyrillic text of every length up to three words of 8 bytes. */
static void test_json_string(void **state)
{
	static const char specials[] = { '"', '\\', '\n', '\r', '\t', 0x01, 0x1f, 0x7f, ' ', '!' };
	static const char *const backgrounds[] = { "abcdefghijklmnopqrstuvwxyz", "ПриветМирПривет" };
	(void)state;
	for (size_t b = 0; b < 2; b++) {
		for (size_t len = 0; len <= 24; len++) {
			for (size_t at = 0; at <= len; at++) {
				for (size_t k = 0; k < sizeof(specials); k++) {
					struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;
					char text[64];
					size_t blen = strlen(backgrounds[b]);
					for (size_t i = 0; i < len; i++)
						text[i] = backgrounds[b][i % blen];
					text[len] = '\0';
					if (at < len)
						text[at] = specials[k];
					strbuf_add_json_string(&got, text);
					json_reference(&want, text);
					assert_string_equal(got.buf, want.buf);
					strbuf_release(&got);
					strbuf_release(&want);
				}
			}
		}
	}
}

static void test_sort_u64(void **state)
{
	static uint64_t a[3000], b[3000];
	uint64_t seed = 12345;
	(void)state;
	for (int round = 0; round < 400; round++) {
		size_t n = (size_t)(round * 7) % 3000;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			a[i] = round % 4 == 0 ? (seed >> 33) % 3 : round % 4 == 1 ? i :
			       round % 4 == 2 ? n - i : seed >> 20;
			b[i] = a[i];
		}
		sort_u64(a, n);
		qsort(b, n, sizeof(*b), cmp_u64_ref);
		if (n)
			assert_memory_equal(a, b, n * sizeof(*a));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_time_offsets),
		cmocka_unit_test(test_parse_time_rejects),
		cmocka_unit_test(test_parse_time_cut_off),
		cmocka_unit_test(test_format_time),
		cmocka_unit_test(test_strbuf_bounded),
		cmocka_unit_test(test_format_int_and_copy_fit),
		cmocka_unit_test(test_copy_fit_utf8),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_blank_len),
		cmocka_unit_test(test_hash_stable),
		cmocka_unit_test(test_hash128_stable),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_sort_u64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
