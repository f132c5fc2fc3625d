/* test_textnorm.c — folding, splitting, stemming, shouting counts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "textnorm.h"
#include "util.h"

static struct textnorm *tn;

static int setup(void **state)
{
	(void)state;
	tn = textnorm_new();
	return tn ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	textnorm_free(tn);
	return 0;
}

static void test_russian_forms_share_a_stem(void **state)
{
	const char *a;
	(void)state;
	a = textnorm_stem(tn, "оператора");
	assert_string_equal(a, "оператор");
	assert_string_equal(textnorm_stem(tn, "операторов"), "оператор");
	assert_string_equal(textnorm_stem(tn, "оператором"), "оператор");
	assert_string_equal(textnorm_stem(tn, "ОПЕРАТОРУ"), "оператор");
}

static void test_english_stems(void **state)
{
	(void)state;
	assert_string_equal(textnorm_stem(tn, "agents"), "agent");
	assert_string_equal(textnorm_stem(tn, "Agent"), "agent");
	assert_string_equal(textnorm_stem(tn, "working"), "work");
}

static void test_tokens_offsets_and_words(void **state)
{
	struct token_list l = { 0 };
	const char *text = "Счёт № 4411, don't ПЛАТИТЬ!";
	(void)state;
	assert_int_equal(textnorm_tokens(tn, text, &l), 4);
	assert_string_equal(l.items[0].word, "счет");        /* ё folded to е */
	assert_int_equal(l.items[0].start, 0);
	assert_int_equal(l.items[0].end, strlen("Счёт"));
	assert_string_equal(l.items[1].word, "4411");
	assert_true(l.items[1].is_number);
	assert_string_equal(l.items[1].stem, "4411");
	assert_string_equal(l.items[2].word, "don't");     /* apostrophe kept */
	assert_string_equal(l.items[3].word, "платить");
	assert_true(l.items[3].is_caps);
	assert_int_equal(l.n_exclaim, 1);
	assert_int_equal(l.n_caps_words, 1);
	token_list_release(&l);
}

static void test_shouting_counts(void **state)
{
	struct token_list l = { 0 };
	(void)state;
	textnorm_tokens(tn, "WHERE IS MY ORDER!!! ok?", &l);
	assert_int_equal(l.max_exclaim_run, 3);
	assert_int_equal(l.n_question, 1);
	assert_int_equal(l.n_letters, 16);
	assert_int_equal(l.n_upper_letters, 14);
	assert_int_equal(l.n_caps_words, 2);         /* WHERE, ORDER: 4+ letters */
	token_list_release(&l);
}

static void test_reuse_and_invalid_utf8(void **state)
{
	struct token_list l = { 0 };
	(void)state;
	textnorm_tokens(tn, "a long first text with many words in it", &l);
	assert_int_equal(textnorm_tokens(tn, "ab\xff\xfe" "cd", &l), 2);
	assert_string_equal(l.items[0].word, "ab");
	assert_string_equal(l.items[1].word, "cd");
	assert_int_equal(textnorm_tokens(tn, "", &l), 0);
	assert_int_equal(textnorm_tokens(tn, NULL, &l), 0);
	assert_int_equal(textnorm_tokens(tn, "  ,,, !!", &l), 0);
	token_list_release(&l);
}

/* Two-byte sequences, decoded without libunistring's call, read as it
 * reads them: overlong leads (C0, C1) and a lead without its second byte
 * are separators; a lead before a byte that is no continuation is one too,
 * and that byte is read on its own. */
static void test_two_byte_sequences(void **state)
{
	struct token_list l = { 0 };
	(void)state;
	assert_int_equal(textnorm_tokens(tn, "\xc3\x89t\xc3\xa9 \xc3\x9f \xd1\x97", &l), 3);
	assert_string_equal(l.items[0].word, "\xc3\xa9t\xc3\xa9");     /* Été: é folded */
	assert_string_equal(l.items[1].word, "\xc3\x9f");                /* ß */
	assert_string_equal(l.items[2].word, "\xd1\x97");                /* ї, beyond а..я */
	assert_int_equal(textnorm_tokens(tn, "ab\xc1\xa1" "cd\xc0\x80" "ef", &l), 3);
	assert_string_equal(l.items[1].word, "cd");
	assert_int_equal(l.items[1].start, 4);
	assert_int_equal(textnorm_tokens(tn, "\xd0" "a\xd0", &l), 1);
	assert_string_equal(l.items[0].word, "a");
	assert_int_equal(l.items[0].start, 1);
	assert_int_equal(l.items[0].end, 2);
	/* an apostrophe (U+2019) before a Cyrillic letter stays in the word */
	assert_int_equal(textnorm_tokens(tn, "\xd0\x9e\xe2\x80\x99\xd0\x9a \xd0\xb0\xe2\x80\x99\xd0", &l), 2);
	assert_string_equal(l.items[0].word, "\xd0\xbe'\xd0\xba");
	assert_string_equal(l.items[1].word, "\xd0\xb0");
	assert_int_equal(l.n_upper_letters, 2);
	token_list_release(&l);
}

static void test_long_word_is_cut(void **state)
{
	struct token_list l = { 0 };
	char buf[1000];
	(void)state;
	memset(buf, 'a', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	assert_int_equal(textnorm_tokens(tn, buf, &l), 1);
	assert_true(strlen(l.items[0].word) <= 128);
	assert_int_equal(l.items[0].end, sizeof(buf) - 1);
	token_list_release(&l);
}

/* Each token's word length is that of its word, and its stem length and
 * hash (kept from the stem cache, or taken from the word when it has no
 * stem) are those of its stem, seen once and seen again from the cache. */
static void test_stem_length_and_hash(void **state)
{
	struct textnorm *t = textnorm_new();
	struct token_list l = { 0 };
	(void)state;
	assert_non_null(t);
	for (int round = 0; round < 2; round++) {
		textnorm_tokens(t, "Операторов нет, agents' 42 don't ЖДУТ x2 \xc3\xa9t\xc3\xa9 clients'' ok", &l);
		assert_true(l.n >= 7);
		for (size_t i = 0; i < l.n; i++) {
			assert_int_equal(l.items[i].word_len, strlen(l.items[i].word));
			assert_int_equal(l.items[i].stem_len, strlen(l.items[i].stem));
			assert_true(l.items[i].stem_hash ==
				    hash64(l.items[i].stem, strlen(l.items[i].stem), HASH64_SEED));
		}
	}
	token_list_release(&l);
	textnorm_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_russian_forms_share_a_stem),
		cmocka_unit_test(test_english_stems),
		cmocka_unit_test(test_tokens_offsets_and_words),
		cmocka_unit_test(test_shouting_counts),
		cmocka_unit_test(test_reuse_and_invalid_utf8),
		cmocka_unit_test(test_two_byte_sequences),
		cmocka_unit_test(test_long_word_is_cut),
		cmocka_unit_test(test_stem_length_and_hash),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
