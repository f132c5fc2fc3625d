/* test_turnclf.c — turn features, loading classifiers, applying the
 * "or" and "and" rules, and the record of the cross-validated comparison. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dialogue.h"
#include "turnclf.h"
#include "turnclf_learn.h"
#include "util.h"

#define FIX "../fixtures/eval"

static void make_dialogue(struct dialogue *d)
{
	dialogue_init(d);
	d->id = dialogue_strdup(d, "t-1");
	dialogue_add_turn(d, SPEAKER_CLIENT, NULL, NULL, 0, 0, "Оплата не проходит, ОПЯТЬ!!");
	dialogue_add_turn(d, SPEAKER_BOT, NULL, NULL, 0, 0, "Кстати, годовой тариф со скидкой");
	dialogue_add_event(d, "handoff", 0, 0, "op-1", NULL, NULL)->after_turn = 2;
	dialogue_add_turn(d, SPEAKER_OPERATOR, NULL, NULL, 0, 0, "Upgrade to the business plan?");
	dialogue_add_turn(d, SPEAKER_CLIENT, NULL, NULL, 0, 0, "no thanks");
}

static int feature_value(const struct turnclf_vec *v, int index, double *value)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->f[i].index == index) {
			if (value)
				*value = v->f[i].value;
			return 1;
		}
	return 0;
}

static void test_features(void **state)
{
	struct turnclf_scratch *s = turnclf_scratch_new();
	struct turnclf_vec v = { NULL, 0, 0 }, again = { NULL, 0, 0 }, last = { NULL, 0, 0 };
	struct dialogue d;
	unsigned bits[4] = { 1u << TAG_PROBLEM_STATED, 1u << TAG_CROSS_SELL_OFFER, 0, 0 };
	const int speaker = TURNCLF_HASH_DIM + 1, position = speaker + 3;
	const int first = position + 1, after_handoff = position + 7, lex_self = position + 8;
	double val;
	(void)state;
	assert_non_null(s);
	make_dialogue(&d);
	turnclf_features(s, &d, 0, bits, &v);
	assert_true(v.n > 8);
	for (size_t i = 0; i < v.n; i++) {
		assert_true(v.f[i].index >= 1);
		assert_true(v.f[i].value > 0 && v.f[i].value <= 1.0);
		if (i)
			assert_true(v.f[i].index > v.f[i - 1].index);
	}
	assert_true(feature_value(&v, speaker, &val));          /* client */
	assert_false(feature_value(&v, speaker + 1, NULL));
	assert_false(feature_value(&v, position, NULL));   /* position 0 */
	assert_true(feature_value(&v, first, NULL));
	assert_false(feature_value(&v, after_handoff, NULL));
	assert_true(feature_value(&v, lex_self + TAG_PROBLEM_STATED, NULL));
	/* next turn's lexicon tag lands in its own block */
	assert_true(feature_value(&v, lex_self + 2 * TAG_COUNT + TAG_CROSS_SELL_OFFER, NULL));
	assert_false(feature_value(&v, lex_self + TAG_CROSS_SELL_OFFER, NULL));

	turnclf_features(s, &d, 0, bits, &again);      /* deterministic */
	assert_int_equal(again.n, v.n);
	for (size_t i = 0; i < v.n; i++) {      /* field by field: the struct has padding */
		assert_int_equal(again.f[i].index, v.f[i].index);
		assert_true(again.f[i].value == v.f[i].value);
	}

	turnclf_features(s, &d, 3, bits, &last);
	assert_true(feature_value(&last, speaker, NULL));
	assert_true(feature_value(&last, position, &val));
	assert_true(val == 1.0);
	assert_true(feature_value(&last, after_handoff, NULL));
	assert_false(feature_value(&last, first, NULL));

	turnclf_vec_release(&v);
	turnclf_vec_release(&again);
	turnclf_vec_release(&last);
	dialogue_release(&d);
	turnclf_scratch_free(s);
}

static void test_tag_bits(void **state)
{
	struct tagged_turn tags[3];
	struct detect_result r;
	unsigned bits[3];
	(void)state;
	memset(&r, 0, sizeof(r));
	memset(tags, 0, sizeof(tags));
	tags[0].n = 1, tags[0].tag = TAG_FRUSTRATION;
	tags[1].n = 1, tags[1].tag = TAG_PROBLEM_STATED;
	tags[2].n = 9, tags[2].tag = TAG_FRUSTRATION;      /* beyond the dialogue: ignored */
	r.tags = tags;
	r.n_tags = 3;
	turnclf_tag_bits(&r, 3, bits);
	assert_int_equal(bits[0], (1u << TAG_FRUSTRATION) | (1u << TAG_PROBLEM_STATED));
	assert_int_equal(bits[1], 0);
	assert_int_equal(bits[2], 0);
}

static void test_load(void **state)
{
	struct turnclf_set *set;
	double thr;
	(void)state;
	set = turnclf_load(FIX "/missing-folder");
	assert_non_null(set);
	assert_int_equal(turnclf_active(set), 0);
	turnclf_free(set);
	set = turnclf_load(FIX "/turnclf");
	assert_non_null(set);
	assert_int_equal(turnclf_active(set), 2);
	assert_int_equal(turnclf_rule_of(set, TAG_FRUSTRATION, &thr), TURNCLF_OR);
	assert_true(thr > 0.89 && thr < 0.91);
	assert_int_equal(turnclf_rule_of(set, TAG_CROSS_SELL_OFFER, &thr), TURNCLF_AND);
	assert_int_equal(turnclf_rule_of(set, TAG_PROBLEM_STATED, NULL), TURNCLF_LEXICON);
	turnclf_free(set);
	assert_null(turnclf_load(FIX "/badhead"));       /* wrong layout */
}

static int tagged(const struct detect_result *r, int n, enum turn_tag t)
{
	for (size_t i = 0; i < r->n_tags; i++)
		if (r->tags[i].n == n && r->tags[i].tag == t)
			return 1;
	return 0;
}

/* The fixture model scores client turns p = 0.993, bot turns 0.007,
 * operator turns 0.5 (one support vector on each speaker feature). */
static void test_apply(void **state)
{
	struct turnclf_set *set = turnclf_load(FIX "/turnclf");
	struct turnclf_scratch *s = turnclf_scratch_new();
	struct detect_result r;
	struct dialogue d;
	(void)state;
	assert_non_null(set);
	make_dialogue(&d);
	memset(&r, 0, sizeof(r));
	r.alloc_tags = 8;
	r.tags = xcalloc(r.alloc_tags, sizeof(*r.tags));
	r.tags[0].n = 2, r.tags[0].tag = TAG_CROSS_SELL_OFFER;
	r.tags[1].n = 3, r.tags[1].tag = TAG_CROSS_SELL_OFFER;
	r.tags[2].n = 4, r.tags[2].tag = TAG_FRUSTRATION;
	r.n_tags = 3;
	/* or 0.9 adds frustration on client turn 1 (4 already has it);
	 * and 0.4 drops the bot's offer (2), keeps the operator's (3) */
	assert_int_equal(turnclf_apply(set, s, &d, &r), 2);
	assert_int_equal(r.n_tags, 3);
	assert_true(tagged(&r, 1, TAG_FRUSTRATION));
	assert_false(tagged(&r, 2, TAG_CROSS_SELL_OFFER));
	assert_true(tagged(&r, 3, TAG_CROSS_SELL_OFFER));
	assert_true(tagged(&r, 4, TAG_FRUSTRATION));
	assert_int_equal(r.tags[0].n, 1);                 /* kept in turn order */
	assert_true(starts_with(r.tags[0].cue, "classifier:frustration p=0.99"));
	assert_int_equal(turnclf_apply(set, s, &d, &r), 0); /* nothing left to change */
	free(r.tags);
	dialogue_release(&d);
	turnclf_scratch_free(s);
	turnclf_free(set);
}

static void test_read_cv(void **state)
{
	char dir[] = "/tmp/test_turnclf_XXXXXX";
	struct turnclf_cv all;
	struct turnclf_tag_cv *cv = all.tag;
	struct strbuf path = STRBUF_INIT;
	static const char text[] =
		"# tag learned n_pos n_neg n_used f1_lexicon f1_combined f1_classifier rule threshold seconds\n"
		"frustration 1 40 900 940 0.5100 0.6200 0.4400 or 0.700 1.5\n"
		"problem-stated 0 12 928 940 0.8000 0.8000 0.0000 lexicon 0.000 0.0\n"
		"bogus-tag 1 1 1 1 1 1 1 or 0.5 0\n"
		"dropped 2\n"
		"finding missed-escalation 0.7000 0.7500\n";
	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(turnclf_read_cv(dir, &all), 0);
	strbuf_addf(&path, "%s/turnclf-cv.txt", dir);
	assert_int_equal(write_file_atomic(path.buf, text, sizeof(text) - 1), 0);
	assert_int_equal(turnclf_read_cv(dir, &all), 1);
	assert_int_equal(cv[TAG_FRUSTRATION].learned, 1);
	assert_int_equal(cv[TAG_FRUSTRATION].n_pos, 40);
	assert_true(cv[TAG_FRUSTRATION].f1_combined > 0.619 && cv[TAG_FRUSTRATION].f1_combined < 0.621);
	assert_int_equal(cv[TAG_FRUSTRATION].rule, TURNCLF_OR);
	assert_int_equal(cv[TAG_PROBLEM_STATED].learned, 0);
	assert_int_equal(cv[TAG_PROBLEM_STATED].rule, TURNCLF_LEXICON);
	assert_int_equal(cv[TAG_CROSS_SELL_OFFER].learned, 0);
	assert_int_equal(all.has_findings, 1);
	assert_int_equal(all.dropped, 2);
	assert_true(all.finding_f1_combined[FINDING_MISSED_ESCALATION] > 0.749);
	assert_true(all.finding_f1_lexicon[FINDING_PREMATURE_CROSS_SELL] == 0);
	unlink(path.buf);
	rmdir(dir);
	strbuf_release(&path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_tag_bits),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_read_cv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
