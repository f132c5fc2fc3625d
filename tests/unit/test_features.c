/* test_features.c — the dialogue vector: stems shared by word forms,
 * bigrams, client and staff words kept apart, the length of the word block,
 * the shapes of tokens with digits,
 * structural figures and their min-max scaling. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "featvec.h"
#include "textnorm.h"
#include "util.h"

static int words_of(const struct feature_raw *r, enum feature_group g)
{
	int n = 0;
	for (size_t i = 0; i < r->sparse.n; i++)
		n += r->sparse.group[i] == g;
	return n;
}

static double words_norm(const struct feature_raw *r)
{
	double s = 0;
	for (size_t i = 0; i < r->sparse.n; i++)
		if (r->sparse.group[i] == FG_WORDS_CLIENT || r->sparse.group[i] == FG_WORDS_STAFF)
			s += r->sparse.value[i] * r->sparse.value[i];
	return sqrt(s);
}

static void extract(const char *client, const char *bot, struct feature_raw *r)
{
	struct feature_layout l;
	struct features *f;
	struct dialogue d;
	feature_layout_default(&l);
	f = features_new(&l);
	assert_non_null(f);
	dialogue_init(&d);
	d.id = dialogue_strdup(&d, "x");
	d.page = dialogue_strdup(&d, "/pricing");
	d.channel = dialogue_strdup(&d, "web");
	d.has_contact = 1;
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 1000, 1, client);
	if (bot)
		dialogue_add_turn(&d, SPEAKER_BOT, NULL, NULL, 1004, 1, bot);
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 1060, 1, "спасибо?");
	dialogue_add_event(&d, "download", 1061, 1, NULL, "price-list.pdf", NULL);
	dialogue_add_event(&d, "handoff", 1070, 1, "op-1", NULL, NULL);
	dialogue_add_turn(&d, SPEAKER_OPERATOR, NULL, "op-1", 1090, 1, "Добрый день");
	assert_int_equal(features_extract(f, &d, NULL, 2, NULL, r), 0);
	features_free(f);
	dialogue_release(&d);
}

static void test_word_forms_share_a_stem(void **state)
{
	struct feature_raw a, b;
	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	extract("оператора", NULL, &a);
	extract("операторов", NULL, &b);
	assert_int_equal(a.sparse.n, b.sparse.n);
	for (size_t i = 0; i < a.sparse.n; i++) {
		assert_int_equal(a.sparse.index[i], b.sparse.index[i]);
		assert_true(fabs(a.sparse.value[i] - b.sparse.value[i]) < 1e-12);
	}
	assert_string_equal(feature_raw_stem(&a, 0), feature_raw_stem(&b, 0));
	feature_raw_release(&a);
	feature_raw_release(&b);
}

static void test_bigrams_and_prefixes(void **state)
{
	struct feature_raw r;
	(void)state;
	memset(&r, 0, sizeof(r));
	/* client: "цена тарифа" (2 unigrams + 1 bigram) and "спасибо" (1);
	 * staff: "цена" (1) and "добрый день" (2 + 1).  Every turn is among its
	 * speaker's first two, so each unigram comes again keyed by position
	 * (client 3, staff 3) */
	extract("цена тарифа", "цена", &r);
	assert_int_equal(words_of(&r, FG_WORDS_CLIENT), 4 + 3);
	assert_int_equal(words_of(&r, FG_WORDS_STAFF), 4 + 3);
	assert_true(fabs(words_norm(&r) - FEATURES_WORDS_NORM) < 1e-12);
	/* the same word said by the client and by the bot: two features */
	assert_int_equal(r.n_stems, 3);
	feature_raw_release(&r);
}

/* The same turns in another order: the per-turn words are the same, the
 * position keys are not. */
static void test_position_and_turn_boundaries(void **state)
{
	struct feature_layout l;
	struct features *f;
	struct feature_raw r[2];
	const char *order[2][4] = { { "hello", "price please", "ok", "maybe later" },
				    { "hello", "maybe later", "ok", "price please" } };
	(void)state;
	feature_layout_default(&l);
	f = features_new(&l);
	assert_non_null(f);
	memset(r, 0, sizeof(r));
	for (int k = 0; k < 2; k++) {
		struct dialogue d;
		dialogue_init(&d);
		d.id = dialogue_strdup(&d, "x");
		/* five client turns: the third is neither first nor last */
		dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 1000, 1, order[k][0]);
		dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 1001, 1, "we need it");
		dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 1002, 1, order[k][1]);
		dialogue_add_turn(&d, SPEAKER_BOT, NULL, NULL, 1003, 1, order[k][2]);
		dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 1004, 1, "thanks");
		dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 1005, 1, order[k][3]);
		assert_int_equal(features_extract(f, &d, NULL, 0, NULL, &r[k]), 0);
		dialogue_release(&d);
	}
	/* the client's unigrams and in-turn bigrams alone would be equal */
	assert_int_equal(r[0].n_stems, r[1].n_stems);
	assert_int_equal(r[0].sparse.n, r[1].sparse.n);
	{
		int differ = 0;
		for (size_t i = 0; i < r[0].sparse.n && !differ; i++)
			differ = r[0].sparse.index[i] != r[1].sparse.index[i];
		assert_true(differ);
	}
	feature_raw_release(&r[0]);
	feature_raw_release(&r[1]);
	features_free(f);
}

/* A token with digits comes again as its shape, keyed by the speaker:
 * every reference code looks alike, unlike the codes themselves. */
static void test_token_shapes(void **state)
{
	struct feature_raw a, b, plain;
	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&plain, 0, sizeof(plain));
	extract("цена", "booked, reference 6FX43AF8", &a);
	extract("цена", "booked, reference UKT9CY77", &b);
	extract("цена", "booked, reference", &plain);
	/* the code itself (unigram, bigram, again keyed as said in the staff's
	 * first turns) and its shape: 4 more staff words */
	assert_int_equal(words_of(&a, FG_WORDS_STAFF), words_of(&plain, FG_WORDS_STAFF) + 4);
	/* two codes share exactly one staff column: their shape */
	{
		int shared = 0;
		for (size_t i = 0; i < a.sparse.n; i++)
			for (size_t j = 0; j < b.sparse.n; j++)
				if (a.sparse.index[i] == b.sparse.index[j] && a.sparse.group[i] == FG_WORDS_STAFF)
					shared++;
		assert_int_equal(shared, words_of(&plain, FG_WORDS_STAFF) + 1);
	}
	/* digits only: a number shape, on the client's side */
	feature_raw_release(&a);
	extract("2 tickets", NULL, &a);
	feature_raw_release(&b);
	extract("tickets", NULL, &b);
	/* "2", "2 ticket", "2" in the client's first turns, the shape "#num" */
	assert_int_equal(words_of(&a, FG_WORDS_CLIENT), words_of(&b, FG_WORDS_CLIENT) + 4);
	feature_raw_release(&a);
	feature_raw_release(&b);
	feature_raw_release(&plain);
}

static void test_log_tf_and_sorted(void **state)
{
	struct feature_raw r;
	double top = 0;
	(void)state;
	memset(&r, 0, sizeof(r));
	extract("цена цена цена", NULL, &r);
	for (size_t i = 1; i < r.sparse.n; i++)
		assert_true(r.sparse.index[i] > r.sparse.index[i - 1]);
	for (size_t i = 0; i < r.sparse.n; i++)
		if (r.sparse.value[i] > top)
			top = r.sparse.value[i];
	/* "цена" x3 gives 1+log 3, the bigram "цена цена" x2 gives 1+log 2 */
	assert_true(top > 0.5);
	feature_raw_release(&r);
}

static void test_structural_figures(void **state)
{
	struct feature_raw r;
	(void)state;
	memset(&r, 0, sizeof(r));
	extract("Сколько стоит тариф?", "Тариф стоит 100", &r);
	assert_int_equal((int)r.s[FS_CLIENT_TURNS], 2);
	assert_int_equal((int)r.s[FS_BOT_TURNS], 1);
	assert_int_equal((int)r.s[FS_OPERATOR_TURNS], 1);
	assert_int_equal((int)r.s[FS_CLIENT_QUESTIONS], 2);
	assert_int_equal((int)r.s[FS_HANDOFF], 1);
	assert_true(fabs(r.s[FS_HANDOFF_POS] - 3.0 / 4) < 1e-12);
	assert_int_equal((int)r.s[FS_DOWNLOADS], 1);
	assert_string_equal(r.first_download, "price-list.pdf");
	assert_true(fabs(r.s[FS_BOT_DELAY] - log1p(4)) < 1e-12);
	assert_true(fabs(r.s[FS_DURATION] - log1p(90)) < 1e-12);
	assert_true(fabs(r.s[FS_REPEAT] - log1p(2)) < 1e-12);
	assert_int_equal(words_of(&r, FG_PAGE_CHANNEL), 2);
	/* the downloaded item is one more one-hot entry of its own group */
	assert_int_equal(words_of(&r, FG_DOWNLOADS), 1);
	/* no detector ran, no phone or e-mail given */
	assert_true(r.s[FS_PROBLEM] == 0 && r.s[FS_RESOLVED] == 0 && r.s[FS_OFFERS] == 0);
	assert_true(r.s[FS_HAS_PHONE] == 0 && r.s[FS_HAS_EMAIL] == 0);
	feature_raw_release(&r);
}

/* The detector's tags become figures: a problem stated and solved, offers
 * and asks for a human counted (log1p); a phone left is its own figure. */
static void test_detector_figures(void **state)
{
	struct feature_layout l;
	struct features *f;
	struct dialogue d;
	struct detect_result det;
	struct feature_raw r;
	struct tagged_turn tags[4] = {
		{ 1, TAG_PROBLEM_STATED, "" }, { 2, TAG_CROSS_SELL_OFFER, "" },
		{ 3, TAG_CROSS_SELL_OFFER, "" }, { 3, TAG_ESCALATION_REQUEST, "" },
	};
	(void)state;
	memset(&det, 0, sizeof(det));
	memset(&r, 0, sizeof(r));
	det.tags = tags;
	det.n_tags = 4;
	det.problem_resolved_turn = 4;
	det.has[FINDING_PREMATURE_CROSS_SELL] = 1;
	feature_layout_default(&l);
	f = features_new(&l);
	assert_non_null(f);
	dialogue_init(&d);
	d.id = dialogue_strdup(&d, "y");
	d.phone = dialogue_strdup(&d, "79123456789");
	d.has_contact = 1;
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 1000, 1, "не работает");
	assert_int_equal(features_extract(f, &d, &det, 0, NULL, &r), 0);
	assert_true(r.s[FS_PROBLEM] == 1 && r.s[FS_RESOLVED] == 1);
	assert_true(fabs(r.s[FS_OFFERS] - log1p(2)) < 1e-12);
	assert_true(fabs(r.s[FS_ESCALATION_ASKS] - log1p(1)) < 1e-12);
	assert_true(r.s[FS_PREMATURE] == 1 && r.s[FS_MISSED] == 0);
	assert_true(r.s[FS_HAS_PHONE] == 1 && r.s[FS_HAS_EMAIL] == 0);
	assert_string_equal(feature_struct_name(FS_HAS_EMAIL), "has_email");
	feature_raw_release(&r);
	features_free(f);
	dialogue_release(&d);
}

/* Scoring hands over the tokens the detector already made; the vector must
 * be the one made by tokenizing here, to the last bit. */
static void test_given_tokens_give_the_same_vector(void **state)
{
	struct feature_layout l;
	struct features *f;
	struct dialogue d;
	struct feature_raw own, given;
	struct textnorm *tn = textnorm_new();
	struct token_list toks[3];
	(void)state;
	memset(&own, 0, sizeof(own));
	memset(&given, 0, sizeof(given));
	memset(toks, 0, sizeof(toks));
	feature_layout_default(&l);
	f = features_new(&l);
	assert_non_null(f);
	assert_non_null(tn);
	dialogue_init(&d);
	d.id = dialogue_strdup(&d, "t");
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 1000, 1, "Не проходит ОПЛАТА картой!!! Позовите оператора");
	dialogue_add_turn(&d, SPEAKER_BOT, NULL, NULL, 1004, 1, "Operators are busy; try the annual plan");
	dialogue_add_turn(&d, SPEAKER_CLIENT, NULL, NULL, 1060, 1, NULL);
	for (size_t i = 0; i < d.n_turns; i++)
		textnorm_tokens(tn, d.turns[i].text, &toks[i]);
	assert_int_equal(features_extract(f, &d, NULL, 1, NULL, &own), 0);
	assert_int_equal(features_extract(f, &d, NULL, 1, toks, &given), 0);
	assert_memory_equal(own.s, given.s, sizeof(own.s));
	assert_int_equal(own.sparse.n, given.sparse.n);
	assert_true(own.sparse.n > 5);
	assert_memory_equal(own.sparse.index, given.sparse.index, own.sparse.n * sizeof(*own.sparse.index));
	assert_memory_equal(own.sparse.value, given.sparse.value, own.sparse.n * sizeof(*own.sparse.value));
	for (size_t i = 0; i < d.n_turns; i++)
		token_list_release(&toks[i]);
	textnorm_free(tn);
	feature_raw_release(&own);
	feature_raw_release(&given);
	features_free(f);
	dialogue_release(&d);
}

static void test_scaling(void **state)
{
	struct feature_scale sc;
	struct feature_raw a, b;
	struct fvec v;
	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&v, 0, sizeof(v));
	feature_scale_init(&sc);
	a.s[FS_CLIENT_TURNS] = 2;
	b.s[FS_CLIENT_TURNS] = 10;
	a.s[FS_FORMS] = b.s[FS_FORMS] = 1;      /* constant: dropped */
	feature_scale_add(&sc, &a);
	feature_scale_add(&sc, &b);
	assert_true(fabs(feature_scale_apply(&sc, FS_CLIENT_TURNS, 6) - 0.5) < 1e-12);
	assert_true(feature_scale_apply(&sc, FS_CLIENT_TURNS, 2) == 0);
	assert_true(feature_scale_apply(&sc, FS_CLIENT_TURNS, 10) == 1);
	assert_true(feature_scale_apply(&sc, FS_CLIENT_TURNS, 14) == 1.5);   /* not clipped */
	assert_true(feature_scale_apply(&sc, FS_FORMS, 1) == 0);
	features_assemble(&b, &sc, &v);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.index[0], FS_CLIENT_TURNS + 1);
	assert_true(v.value[0] == 1);
	fvec_release(&v);
}

/* Appending copies every entry after those already there, growing past the
 * first allocation; an empty vector adds nothing. */
static void test_fvec_append(void **state)
{
	struct fvec a = { 0 }, b = { 0 };
	(void)state;
	fvec_push(&a, 1, 0.5, FG_TURNS);
	fvec_append(&a, &b);
	assert_int_equal(a.n, 1);
	for (int i = 0; i < 100; i++)
		fvec_push(&b, 10 + i, i / 4.0, i % 2 ? FG_WORDS_CLIENT : FG_WORDS_STAFF);
	fvec_append(&a, &b);
	assert_int_equal(a.n, 101);
	assert_int_equal(a.index[0], 1);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(a.index[1 + i], 10 + i);
		assert_true(a.value[1 + i] == i / 4.0);
		assert_int_equal(a.group[1 + i], i % 2 ? FG_WORDS_CLIENT : FG_WORDS_STAFF);
	}
	fvec_release(&a);
	fvec_release(&b);
}

static void test_median(void **state)
{
	double a[4] = { 5, 1, 3, 100 }, b[3] = { 9, 2, 4 };
	(void)state;
	assert_true(features_median(a, 4) == 4);
	assert_true(features_median(b, 3) == 4);
	assert_true(features_median(NULL, 0) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word_forms_share_a_stem),
		cmocka_unit_test(test_bigrams_and_prefixes),
		cmocka_unit_test(test_position_and_turn_boundaries),
		cmocka_unit_test(test_token_shapes),
		cmocka_unit_test(test_log_tf_and_sorted),
		cmocka_unit_test(test_structural_figures),
		cmocka_unit_test(test_detector_figures),
		cmocka_unit_test(test_given_tokens_give_the_same_vector),
		cmocka_unit_test(test_scaling),
		cmocka_unit_test(test_fvec_append),
		cmocka_unit_test(test_median),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
