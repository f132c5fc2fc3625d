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
#include "safefile.h"
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
	assert_int_equal(safe_write_atomic(path.buf, text, sizeof(text) - 1), 0);
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

/* Indices of the dense features, counted from the speaker block as the
 * layout lays them out (turnclf.c). */
#define F_POS (TURNCLF_HASH_DIM + 1 + 3)
#define F_PRICE_ (F_POS + 8 + 3 * TAG_COUNT)
#define F_PERCENT_ (F_PRICE_ + 1)
#define F_FREE_ (F_PRICE_ + 2)
#define F_DISCOUNT_ (F_PRICE_ + 3)
#define F_QUOTED_ (F_PRICE_ + 4)
#define F_SIM_EARLIER_ (F_PRICE_ + 5)
#define F_ANSWER_SHARED_ (F_PRICE_ + 6)
#define F_REPLY_SHARES_ (F_PRICE_ + 7)
#define F_AGENT_REPEAT_ (F_PRICE_ + 8)
#define F_ASK_ (F_PRICE_ + 9)
#define F_ASK_AMOUNT_ (F_PRICE_ + 10)
#define F_SELF_ (F_PRICE_ + 11)
#define F_OPINION_ (F_PRICE_ + 12)
#define F_CUSTOMER_FIRST_ (F_PRICE_ + 13)
#define F_AFTER_ASK_ (F_PRICE_ + 14)

static void features_of(struct dialogue *d, size_t i, struct turnclf_vec *v)
{
	struct turnclf_scratch *s = turnclf_scratch_new();
	assert_non_null(s);
	turnclf_features(s, d, i, NULL, v);
	turnclf_scratch_free(s);
}

/* An offer's surface: price with a currency, a percentage, "free", a
 * discount word, a product name in quotes; none of them in a plain step. */
static void test_offer_form(void **state)
{
	struct dialogue d;
	struct turnclf_vec v = { NULL, 0, 0 };
	(void)state;
	dialogue_init(&d);
	d.id = dialogue_strdup(&d, "t-offer");
	dialogue_add_turn(&d, SPEAKER_BOT, NULL, NULL, 0, 0,
			  "Возьмите пакет «Семейный» за 349 ₽/мес, две недели бесплатно");
	dialogue_add_turn(&d, SPEAKER_OPERATOR, NULL, NULL, 0, 0, "Members save 15% with the annual discount");
	dialogue_add_turn(&d, SPEAKER_BOT, NULL, NULL, 0, 0, "Please unplug the router for 30 seconds");
	features_of(&d, 0, &v);
	assert_true(feature_value(&v, F_PRICE_, NULL));
	assert_true(feature_value(&v, F_FREE_, NULL));
	assert_true(feature_value(&v, F_QUOTED_, NULL));
	assert_false(feature_value(&v, F_PERCENT_, NULL));
	features_of(&d, 1, &v);
	assert_true(feature_value(&v, F_PERCENT_, NULL));
	assert_true(feature_value(&v, F_DISCOUNT_, NULL));
	assert_false(feature_value(&v, F_PRICE_, NULL));
	features_of(&d, 2, &v);          /* a number without money is no price */
	assert_false(feature_value(&v, F_PRICE_, NULL));
	assert_false(feature_value(&v, F_FREE_, NULL));
	assert_false(feature_value(&v, F_QUOTED_, NULL));
	/* a customer quoting a price makes no offer */
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 0, 0, "is «Семейный» really free for 349 ₽?");
	features_of(&d, 3, &v);
	assert_false(feature_value(&v, F_PRICE_, NULL));
	assert_false(feature_value(&v, F_FREE_, NULL));
	turnclf_vec_release(&v);
	dialogue_release(&d);
}

/* Who is asked to act and whose trouble it is: a proposal put to the
 * customer in either language, an amount asked for, a customer speaking of
 * their own fault, and a view or a doubt voiced after a proposal (an
 * objection is no problem to solve). */
static void test_stance(void **state)
{
	struct dialogue d;
	struct turnclf_vec v = { NULL, 0, 0 };
	(void)state;
	dialogue_init(&d);
	d.id = dialogue_strdup(&d, "t-stance");
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 0, 0, "my router keeps dropping the connection");
	dialogue_add_turn(&d, SPEAKER_BOT, NULL, NULL, 0, 0, "Would you like to try our Mesh kit for a month?");
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 0, 0, "i think that is too pricey tbh");
	dialogue_add_turn(&d, SPEAKER_OPERATOR, NULL, NULL, 0, 0, "Сколько вы готовы потратить?");
	dialogue_add_turn(&d, SPEAKER_BOT, NULL, NULL, 0, 0, "Please restart the router and wait a minute.");
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 0, 0, "по-моему, у соседей то же самое");
	features_of(&d, 0, &v);
	assert_true(feature_value(&v, F_SELF_, NULL));
	assert_true(feature_value(&v, F_CUSTOMER_FIRST_, NULL));
	assert_false(feature_value(&v, F_OPINION_, NULL));
	assert_false(feature_value(&v, F_AFTER_ASK_, NULL));
	features_of(&d, 1, &v);
	assert_true(feature_value(&v, F_ASK_, NULL));
	assert_false(feature_value(&v, F_ASK_AMOUNT_, NULL));
	assert_false(feature_value(&v, F_SELF_, NULL));         /* an agent's "I" is not read */
	features_of(&d, 2, &v);
	assert_true(feature_value(&v, F_OPINION_, NULL));
	assert_true(feature_value(&v, F_AFTER_ASK_, NULL));
	assert_false(feature_value(&v, F_CUSTOMER_FIRST_, NULL));
	features_of(&d, 3, &v);
	assert_true(feature_value(&v, F_ASK_, NULL));           /* «готовы» */
	assert_true(feature_value(&v, F_ASK_AMOUNT_, NULL));    /* «сколько …?» */
	features_of(&d, 4, &v);          /* a troubleshooting step proposes nothing to take */
	assert_false(feature_value(&v, F_ASK_, NULL));
	features_of(&d, 5, &v);
	assert_true(feature_value(&v, F_OPINION_, NULL));
	assert_true(feature_value(&v, F_SELF_, NULL) == 0);     /* «у соседей»: not their own */
	turnclf_vec_release(&v);
	dialogue_release(&d);
}

/* Refinement is less like the first request than a repetition is; a reply
 * that takes up the question's words differs from "I did not understand",
 * and a bot repeating its own failure is seen. */
static void test_relations(void **state)
{
	struct dialogue d;
	struct turnclf_vec v = { NULL, 0, 0 };
	double refine, repeat, val;
	(void)state;
	dialogue_init(&d);
	d.id = dialogue_strdup(&d, "t-rel");
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 0, 0, "I want tickets for a cinema tonight");
	dialogue_add_turn(&d, SPEAKER_BOT, NULL, NULL, 0, 0, "Sure, tickets for which cinema tonight?");
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 0, 0,
			  "I want tickets for the Odeon cinema tonight, a late evening show in 3D");
	dialogue_add_turn(&d, SPEAKER_BOT, NULL, NULL, 0, 0, "Sorry, I did not understand that.");
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 0, 0, "I want tickets for a cinema tonight");
	dialogue_add_turn(&d, SPEAKER_BOT, NULL, NULL, 0, 0, "Sorry, I did not understand that.");
	features_of(&d, 0, &v);
	assert_false(feature_value(&v, F_SIM_EARLIER_, NULL));   /* nothing earlier */
	features_of(&d, 1, &v);
	assert_true(feature_value(&v, F_REPLY_SHARES_, &val));
	assert_true(val > 0.5);
	features_of(&d, 2, &v);
	assert_true(feature_value(&v, F_SIM_EARLIER_, &refine));
	assert_true(feature_value(&v, F_ANSWER_SHARED_, NULL));
	features_of(&d, 3, &v);
	assert_false(feature_value(&v, F_REPLY_SHARES_, NULL));  /* shares nothing */
	features_of(&d, 4, &v);
	assert_true(feature_value(&v, F_SIM_EARLIER_, &repeat));
	assert_true(repeat == 1.0);
	assert_true(refine < 0.7);
	assert_false(feature_value(&v, F_ANSWER_SHARED_, NULL)); /* the non-answer */
	features_of(&d, 5, &v);
	assert_true(feature_value(&v, F_AGENT_REPEAT_, &val));
	assert_true(val == 1.0);
	turnclf_vec_release(&v);
	dialogue_release(&d);
}

/* Character n-grams let a misspelt word share most features with the
 * right one, where its stem alone would share none. */
static void test_char_grams(void **state)
{
	struct dialogue d;
	struct turnclf_vec a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	size_t common = 0, i = 0, j = 0, grams_a = 0;
	(void)state;
	dialogue_init(&d);
	d.id = dialogue_strdup(&d, "t-typo");
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 0, 0, "оператор");
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 0, 0, "опператор");
	features_of(&d, 0, &a);
	features_of(&d, 1, &b);
	while (i < a.n && j < b.n && a.f[i].index <= TURNCLF_HASH_DIM && b.f[j].index <= TURNCLF_HASH_DIM) {
		if (a.f[i].index == b.f[j].index)
			common++, i++, j++;
		else if (a.f[i].index < b.f[j].index)
			i++;
		else
			j++;
	}
	for (i = 0; i < a.n; i++)
		grams_a += a.f[i].index <= TURNCLF_HASH_DIM;
	/* "оператор": 8 letters, 24 n-grams and a few neighbour stems */
	assert_true(grams_a >= 20);
	assert_true(common >= grams_a / 2);
	turnclf_vec_release(&a);
	turnclf_vec_release(&b);
	dialogue_release(&d);
}

/* A head whose rule is "lexicon" loads inactive; used alone, the model
 * decides its tag whatever the lexicon said. */
static void test_alone(void **state)
{
	char dir[] = "/tmp/test_turnclf_alone_XXXXXX";
	struct strbuf path = STRBUF_INIT, model = STRBUF_INIT;
	static const char head[] = "leadqa-turnclf 1\nlayout 3\nengine libsvm\ntag frustration\n"
				   "rule lexicon\nthreshold 0.000\n";
	struct turnclf_set *set;
	struct turnclf_scratch *s = turnclf_scratch_new();
	struct detect_result r;
	struct dialogue d;
	(void)state;
	assert_non_null(mkdtemp(dir));
	strbuf_addf(&path, "%s/turnclf-frustration.head", dir);
	assert_int_equal(safe_write_atomic(path.buf, head, sizeof(head) - 1), 0);
	{
		FILE *f = fopen(FIX "/turnclf/turnclf-frustration.model", "rb");
		char buf[4096];
		size_t got;
		assert_non_null(f);
		while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
			strbuf_add(&model, buf, got);
		fclose(f);
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/turnclf-frustration.model", dir);
	assert_int_equal(safe_write_atomic(path.buf, model.buf, model.len), 0);
	set = turnclf_load(dir);
	assert_non_null(set);
	assert_int_equal(turnclf_active(set), 0);
	make_dialogue(&d);
	memset(&r, 0, sizeof(r));
	r.alloc_tags = 8;
	r.tags = xcalloc(r.alloc_tags, sizeof(*r.tags));
	r.tags[0].n = 2, r.tags[0].tag = TAG_FRUSTRATION;     /* the lexicon on a bot turn */
	r.n_tags = 1;
	assert_int_equal(turnclf_apply(set, s, &d, &r), 0);  /* inactive: nothing changes */
	turnclf_use_alone(set);
	assert_int_equal(turnclf_active(set), 1);
	assert_int_equal(turnclf_rule_of(set, TAG_FRUSTRATION, NULL), TURNCLF_ALONE);
	/* client turns 1 and 4 gain it (p 0.99), the bot's turn 2 loses it
	 * (p 0.01), the operator's turn 3 (p 0.5) gains it at the threshold */
	assert_int_equal(turnclf_apply(set, s, &d, &r), 4);
	assert_true(tagged(&r, 1, TAG_FRUSTRATION));
	assert_false(tagged(&r, 2, TAG_FRUSTRATION));
	assert_true(tagged(&r, 4, TAG_FRUSTRATION));
	assert_string_equal(turnclf_rule_name(TURNCLF_ALONE), "alone");
	free(r.tags);
	dialogue_release(&d);
	turnclf_scratch_free(s);
	turnclf_free(set);
	unlink(path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/turnclf-frustration.head", dir);
	unlink(path.buf);
	rmdir(dir);
	strbuf_release(&path);
	strbuf_release(&model);
}

/* A linear frustration model in dir whose every hashed feature (stems and
 * character n-grams) weighs `sign`, applied alone at 0.5. */
static void write_signed_model(const char *dir, int sign)
{
	static const char head[] = "leadqa-turnclf 1\nlayout 3\nengine libsvm\ntag frustration\n"
				   "rule alone\nthreshold 0.500\n";
	struct strbuf path = STRBUF_INIT, model = STRBUF_INIT;
	strbuf_addf(&path, "%s/turnclf-frustration.head", dir);
	assert_int_equal(safe_write_atomic(path.buf, head, sizeof(head) - 1), 0);
	strbuf_adds(&model, "svm_type c_svc\nkernel_type linear\nnr_class 2\ntotal_sv 2\nrho 0\n"
		      "label 1 -1\nprobA -5\nprobB 0\nnr_sv 1 1\nSV\n");
	strbuf_addf(&model, "%d", sign);
	for (int i = 1; i <= TURNCLF_HASH_DIM; i++)
		strbuf_addf(&model, " %d:1", i);
	strbuf_addf(&model, "\n%d %d:0.001\n", -sign, TURNCLF_HASH_DIM + 2);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/turnclf-frustration.model", dir);
	assert_int_equal(safe_write_atomic(path.buf, model.buf, model.len), 0);
	strbuf_release(&path);
	strbuf_release(&model);
}

static void remove_model(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/turnclf-frustration.head", dir);
	unlink(path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/turnclf-frustration.model", dir);
	unlink(path.buf);
	rmdir(dir);
	strbuf_release(&path);
}

/* Applying sums each word's n-gram weights once and keeps the sums in the
 * scratch: a second set of models applied with the same scratch must not
 * reuse the first set's sums. */
static void test_sums_per_set(void **state)
{
	char pos[] = "/tmp/test_turnclf_pos_XXXXXX", neg[] = "/tmp/test_turnclf_neg_XXXXXX";
	struct turnclf_set *a, *b;
	struct turnclf_scratch *s = turnclf_scratch_new();
	struct detect_result r;
	struct dialogue d;
	(void)state;
	assert_non_null(mkdtemp(pos));
	assert_non_null(mkdtemp(neg));
	write_signed_model(pos, 1);
	write_signed_model(neg, -1);
	a = turnclf_load(pos);
	b = turnclf_load(neg);
	assert_non_null(a);
	assert_non_null(b);
	make_dialogue(&d);
	memset(&r, 0, sizeof(r));
	assert_int_equal(turnclf_apply(a, s, &d, &r), 4);      /* every turn gains it */
	for (int n = 1; n <= 4; n++)
		assert_true(tagged(&r, n, TAG_FRUSTRATION));
	assert_int_equal(turnclf_apply(b, s, &d, &r), 4);      /* and loses it again */
	assert_int_equal(r.n_tags, 0);
	assert_int_equal(turnclf_apply(a, s, &d, &r), 4);
	free(r.tags);
	dialogue_release(&d);
	turnclf_scratch_free(s);
	turnclf_free(a);
	turnclf_free(b);
	remove_model(pos);
	remove_model(neg);
}

/* Classifiers the nightly learned into the model folder are preferred to
 * the lexicon folder's. */
static void test_dir(void **state)
{
	char dir[] = "/tmp/test_turnclf_dir_XXXXXX";
	struct strbuf path = STRBUF_INIT;
	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_string_equal(turnclf_dir(dir, "lexicons"), "lexicons");
	assert_string_equal(turnclf_dir(NULL, "lexicons"), "lexicons");
	strbuf_addf(&path, "%s/turnclf-cv.txt", dir);
	assert_int_equal(safe_write_atomic(path.buf, "# none\n", 7), 0);
	assert_int_equal(turnclf_present(dir), 1);
	assert_string_equal(turnclf_dir(dir, "lexicons"), dir);
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
		cmocka_unit_test(test_offer_form),
		cmocka_unit_test(test_stance),
		cmocka_unit_test(test_relations),
		cmocka_unit_test(test_char_grams),
		cmocka_unit_test(test_alone),
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_sums_per_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
