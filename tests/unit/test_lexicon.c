/* test_lexicon.c — the lexicon format, its errors, and matching stems,
 * phrases with gaps, through the hash index. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lexicon.h"
#include "textnorm.h"

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

/* Categories of the cues found in text, as "cat,cat,". */
static void cats_in(const struct lexicon *lx, const char *text, char *out, size_t size)
{
	struct token_list toks = { 0 };
	struct cue_match_list ml = { 0 };
	out[0] = '\0';
	textnorm_tokens(tn, text, &toks);
	lexicon_match(lx, &toks, &ml);
	for (size_t i = 0; i < ml.n; i++) {
		size_t len = strlen(out);
		snprintf(out + len, size - len, "%s,", cue_category_name(ml.items[i].cue->cat));
	}
	token_list_release(&toks);
	cue_match_list_release(&ml);
}

static void test_load_fixture_dir(void **state)
{
	struct lexicon *lx = lexicon_new();
	(void)state;
	assert_int_equal(lexicon_load_dir(lx, tn, "../fixtures/detect/good"), 0);
	assert_int_equal(lexicon_size(lx), 6);
	assert_int_equal(lexicon_count(lx, CUE_OFFER), 2);
	assert_int_equal(lexicon_count(lx, CUE_CONTEXT_ASK), 1);
	lexicon_free(lx);
}

static void test_malformed_line_names_file_and_line(void **state)
{
	struct lexicon *lx = lexicon_new();
	(void)state;
	/* line 2 has no '|' */
	assert_int_equal(lexicon_load_dir(lx, tn, "../fixtures/detect/bad"), -1);
	assert_int_equal(lexicon_size(lx), 1);
	assert_int_equal(lexicon_add_line(lx, tn, "nosuch | word", "x.txt", 3), -1);
	assert_int_equal(lexicon_add_line(lx, tn, "offer | word | heavy", "x.txt", 4), -1);
	assert_int_equal(lexicon_add_line(lx, tn, "offer | word | 11", "x.txt", 5), -1);
	assert_int_equal(lexicon_add_line(lx, tn, "offer |  | 1", "x.txt", 6), -1);
	assert_int_equal(lexicon_add_line(lx, tn, "offer | ... word", "x.txt", 7), -1);
	assert_int_equal(lexicon_add_line(lx, tn, "offer | a | 1 | 2", "x.txt", 8), -1);
	assert_int_equal(lexicon_add_line(lx, tn, "   # comment", "x.txt", 9), 0);
	assert_int_equal(lexicon_add_line(lx, tn, "", "x.txt", 10), 0);
	assert_int_equal(lexicon_size(lx), 1);
	assert_int_equal(lexicon_load_dir(lx, tn, "../fixtures/detect/none"), -1);
	lexicon_free(lx);
}

static void test_cue_fields(void **state)
{
	struct lexicon *lx = lexicon_new();
	struct token_list toks = { 0 };
	struct cue_match_list ml = { 0 };
	(void)state;
	assert_int_equal(lexicon_add_line(lx, tn, "context-ask/email | ваш e-mail | 0.6", "lexicon-ru.txt", 12), 0);
	textnorm_tokens(tn, "Напишите ваш E-mail, пожалуйста", &toks);
	assert_int_equal(lexicon_match(lx, &toks, &ml), 1);
	assert_int_equal(ml.items[0].cue->cat, CUE_CONTEXT_ASK);
	assert_string_equal(ml.items[0].cue->sub, "email");
	assert_string_equal(ml.items[0].cue->file, "lexicon-ru.txt");
	assert_int_equal(ml.items[0].cue->line, 12);
	assert_true(ml.items[0].cue->weight > 0.59 && ml.items[0].cue->weight < 0.61);
	assert_int_equal(ml.items[0].first, 1);
	assert_int_equal(ml.items[0].last, 3);     /* ваш, e, mail */
	token_list_release(&toks);
	cue_match_list_release(&ml);
	lexicon_free(lx);
}

static void test_stems_match_word_forms(void **state)
{
	struct lexicon *lx = lexicon_new();
	char got[256];
	(void)state;
	assert_int_equal(lexicon_add_line(lx, tn, "human-request | оператор", "t", 1), 0);
	assert_int_equal(lexicon_add_line(lx, tn, "human-request | agent", "t", 2), 0);
	cats_in(lx, "позовите оператора", got, sizeof(got));
	assert_string_equal(got, "human-request,");
	cats_in(lx, "где операторов взять", got, sizeof(got));
	assert_string_equal(got, "human-request,");
	cats_in(lx, "поговорить с оператором", got, sizeof(got));
	assert_string_equal(got, "human-request,");
	cats_in(lx, "any of your AGENTS?", got, sizeof(got));
	assert_string_equal(got, "human-request,");
	cats_in(lx, "operation agenda", got, sizeof(got));
	assert_string_equal(got, "");
	lexicon_free(lx);
}

static void test_swapped_letters_read_as_cue_words(void **state)
{
	struct lexicon *lx = lexicon_new();
	char got[256];
	(void)state;
	assert_int_equal(lexicon_add_line(lx, tn, "human-request | оператор", "t", 1), 0);
	assert_int_equal(lexicon_add_line(lx, tn, "human-request | agent please", "t", 2), 0);
	assert_int_equal(lexicon_add_line(lx, tn, "repeat | again", "t", 3), 0);
	cats_in(lx, "дайте опеартора", got, sizeof(got));
	assert_string_equal(got, "human-request,");
	cats_in(lx, "дайте операотра", got, sizeof(got));
	assert_string_equal(got, "human-request,");
	cats_in(lx, "aegnt please", got, sizeof(got));      /* the slip inside a phrase */
	assert_string_equal(got, "human-request,");
	cats_in(lx, "agnet plaese", got, sizeof(got));
	assert_string_equal(got, "human-request,");
	/* two letters apart, a letter missing, a word under five letters */
	cats_in(lx, "дайте оперотара", got, sizeof(got));
	assert_string_equal(got, "");
	cats_in(lx, "дайте опратора", got, sizeof(got));
	assert_string_equal(got, "");
	cats_in(lx, "agian", got, sizeof(got));
	assert_string_equal(got, "repeat,");
	cats_in(lx, "gaain", got, sizeof(got));
	assert_string_equal(got, "repeat,");
	lexicon_free(lx);
}

static void test_phrases_and_gaps(void **state)
{
	struct lexicon *lx = lexicon_new();
	char got[256];
	(void)state;
	assert_int_equal(lexicon_add_line(lx, tn, "offer | annual plan", "t", 1), 0);
	assert_int_equal(lexicon_add_line(lx, tn, "human-request | talk ... person", "t", 2), 0);
	cats_in(lx, "our annual plan is cheaper", got, sizeof(got));
	assert_string_equal(got, "offer,");
	cats_in(lx, "annual billing plan", got, sizeof(got));     /* no gap allowed */
	assert_string_equal(got, "");
	cats_in(lx, "can I talk to a real person", got, sizeof(got));   /* 3 words between */
	assert_string_equal(got, "human-request,");
	cats_in(lx, "talk to one two three four person", got, sizeof(got));
	assert_string_equal(got, "");
	lexicon_free(lx);
}

/* Cues that share a first stem are told apart by their second, with and
 * without a gap, up to the end of the text, and found in the order written. */
static void test_cues_of_one_first_stem(void **state)
{
	struct lexicon *lx = lexicon_new();
	char got[256];
	(void)state;
	assert_int_equal(lexicon_add_line(lx, tn, "offer | special", "t", 1), 0);
	assert_int_equal(lexicon_add_line(lx, tn, "offer | special deal", "t", 2), 0);
	assert_int_equal(lexicon_add_line(lx, tn, "problem | special ... problem", "t", 3), 0);
	assert_int_equal(lexicon_add_line(lx, tn, "thanks | special thanks", "t", 4), 0);
	cats_in(lx, "special thanks for the deal problem", got, sizeof(got));
	assert_string_equal(got, "offer,thanks,");
	cats_in(lx, "special deal b problem", got, sizeof(got));
	assert_string_equal(got, "offer,offer,problem,");
	cats_in(lx, "a deal special", got, sizeof(got));
	assert_string_equal(got, "offer,");
	cats_in(lx, "special special problem", got, sizeof(got));
	assert_string_equal(got, "offer,problem,offer,problem,");
	lexicon_free(lx);
}

static void test_every_category_in_shipped_lexicons(void **state)
{
	struct lexicon *lx = lexicon_new();
	(void)state;
	assert_int_equal(lexicon_load_dir(lx, tn, "../../models"), 0);
	assert_true(lexicon_size(lx) >= 600);
	for (int c = 0; c < CUE_CATEGORIES; c++) {
		assert_true(lexicon_count(lx, (enum cue_category)c) >= 5);
		assert_int_equal(cue_category_from_name(cue_category_name((enum cue_category)c),
							strlen(cue_category_name((enum cue_category)c))), c);
	}
	lexicon_free(lx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_fixture_dir),
		cmocka_unit_test(test_malformed_line_names_file_and_line),
		cmocka_unit_test(test_cue_fields),
		cmocka_unit_test(test_stems_match_word_forms),
		cmocka_unit_test(test_phrases_and_gaps),
		cmocka_unit_test(test_cues_of_one_first_stem),
		cmocka_unit_test(test_swapped_letters_read_as_cue_words),
		cmocka_unit_test(test_every_category_in_shipped_lexicons),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
