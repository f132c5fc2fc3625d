/* test_model.c — the classifier on synthetic data: separable data trains
 * with CV AUC near 1, too little data is refused, the file round-trips, a
 * linear libsvm model collapsed into one weight vector agrees with libsvm's
 * own svm_predict_values / svm_predict_probability, and training twice
 * gives the same file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libsvm/svm.h>

#include "model.h"
#include "safefile.h"
#include "util.h"

/* A deterministic generator, so that the data are the same on every run. */
static uint64_t rng_state;
static double uniform(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* n dialogues, a share of them qualified; qualified ones have "price" words
 * and a form, the others "broken" words.  noise > 0 blurs the classes. */
static void make_set(struct train_set *ts, size_t n, double pos_share, double noise)
{
	int base = FS_COUNT + FEATURES_PC_BUCKETS;
	memset(ts, 0, sizeof(*ts));
	feature_layout_default(&ts->layout);
	feature_scale_init(&ts->scale);
	ts->n = ts->alloc = n;
	ts->x = xcalloc(n, sizeof(*ts->x));
	ts->y = xcalloc(n, 1);
	ts->t = xcalloc(n, sizeof(int64_t));
	ts->id = xcalloc(n, sizeof(char *));
	rng_state = 42;
	for (size_t i = 0; i < n; i++) {
		int pos = uniform() < pos_share;
		int looks_pos = uniform() < noise ? !pos : pos;
		char id[32];
		double w1 = 0.5 + 0.5 * uniform(), w2 = 0.5 + 0.5 * uniform(), norm;
		snprintf(id, sizeof(id), "d%05zu", i);
		ts->id[i] = xstrdup(id);
		ts->y[i] = pos ? 1 : -1;
		ts->t[i] = 1000 + (int64_t)i;
		fvec_push(&ts->x[i], FS_CLIENT_TURNS + 1, uniform(), FG_TURNS);
		if (looks_pos)
			fvec_push(&ts->x[i], FS_FORMS + 1, 1, FG_FORMS);
		fvec_push(&ts->x[i], FS_COUNT + 1 + (int)(i % 3), 1, FG_PAGE_CHANNEL);
		norm = sqrt(w1 * w1 + w2 * w2);
		fvec_push(&ts->x[i], base + (looks_pos ? 101 : 202), w1 / norm, FG_WORDS_CLIENT);
		fvec_push(&ts->x[i], base + (looks_pos ? 103 : 204), w2 / norm, FG_WORDS_CLIENT);
	}
	for (int f = 0; f < FS_COUNT; f++) {
		ts->scale.lo[f] = 0;
		ts->scale.hi[f] = 1;
	}
}

static void settings(struct train_settings *s, enum model_learner l, enum model_kernel k)
{
	train_settings_init(s);
	s->learner = l;
	s->kernel = k;
	s->as_of = 1790812800;
	s->baselines = 0;
}

static void tmp_path(char *buf, size_t n, const char *suffix)
{
	static int counter;
	snprintf(buf, n, "/tmp/lq-test-model-%ld-%d%s", (long)getpid(), counter++, suffix);
}

static void test_auc_and_platt(void **state)
{
	double s[6] = { 0.1, 0.2, 0.3, 0.8, 0.9, 0.3 };
	signed char y[6] = { -1, -1, -1, 1, 1, 1 };
	double a, b;
	(void)state;
	/* positives 0.8, 0.9, 0.3 against negatives 0.1, 0.2, 0.3: 8.5 of 9 pairs */
	assert_true(fabs(model_auc(s, y, 6) - 8.5 / 9) < 1e-12);
	assert_true(isnan(model_auc(s, y, 3)));
	model_platt_fit(s, y, 6, &a, &b);
	assert_true(a < 0);          /* higher decision, higher probability */
	assert_true(model_platt(0.9, a, b) > model_platt(0.1, a, b));
}

static void test_separable_trains(void **state)
{
	struct train_set ts;
	struct train_settings s;
	struct lq_model *m;
	struct model_scratch *sc;
	int refused = 0;
	(void)state;
	make_set(&ts, 160, 0.3, 0);
	settings(&s, LEARNER_LIBSVM, KERNEL_RBF);
	s.baselines = 1;
	m = model_train(&ts, &s, &refused);
	assert_non_null(m);
	assert_int_equal(refused, 0);
	assert_true(model_metric(m, "cv_auc") > 0.98);
	assert_true(model_metric(m, "cv_accuracy") > 0.95);
	assert_non_null(strstr(model_metrics_json(m), "\"reliability\":["));
	assert_non_null(strstr(model_metrics_json(m), "\"grid\":[{\"c\":0.125,\"gamma\":0.000488281"));
	assert_non_null(strstr(model_metrics_json(m), "\"baselines\":{\"page_channel\":{\"cv_auc\":"));
	sc = model_scratch_new(m);
	assert_true((model_predict(m, sc, &ts.x[0]) > 0.5) == (ts.y[0] > 0));
	model_scratch_free(sc);
	model_free(m);
	train_set_release(&ts);
}

static void test_too_few_refused(void **state)
{
	struct train_set ts;
	struct train_settings s;
	int refused = 0;
	(void)state;
	make_set(&ts, 60, 0.2, 0);     /* about 12 qualified */
	settings(&s, LEARNER_AUTO, KERNEL_AUTO);
	assert_null(model_train(&ts, &s, &refused));
	assert_int_equal(refused, 1);
	train_set_release(&ts);
}

static void test_save_load_round_trip(void **state)
{
	struct train_set ts;
	struct train_settings s;
	struct lq_model *m, *back;
	struct model_scratch *s1, *s2;
	char path[128];
	int refused;
	(void)state;
	make_set(&ts, 120, 0.4, 0.1);
	settings(&s, LEARNER_LIBLINEAR, KERNEL_AUTO);
	m = model_train(&ts, &s, &refused);
	assert_non_null(m);
	model_set_version(m, "lq-20261001-0001");
	tmp_path(path, sizeof(path), ".model");
	assert_int_equal(model_save(m, path), 0);
	assert_int_not_equal(model_save(m, path), 0);      /* never replaced */
	back = model_load(path);
	assert_non_null(back);
	assert_string_equal(model_version(back), "lq-20261001-0001");
	assert_string_equal(model_learner_used(back), "liblinear");
	assert_true(fabs(model_metric(back, "cv_auc") - model_metric(m, "cv_auc")) < 1e-5);
	s1 = model_scratch_new(m);
	s2 = model_scratch_new(back);
	for (size_t i = 0; i < ts.n; i++)
		assert_true(fabs(model_predict(m, s1, &ts.x[i]) - model_predict(back, s2, &ts.x[i])) < 1e-9);
	model_scratch_free(s1);
	model_scratch_free(s2);
	model_free(back);
	model_free(m);
	unlink(path);
	train_set_release(&ts);
}

static void test_layout_mismatch_rejected(void **state)
{
	char path[128];
	FILE *f;
	(void)state;
	tmp_path(path, sizeof(path), ".model");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(MODEL_FORMAT "\nversion x\nlayout lq-features-0\nengine-bytes 0\n", f);
	fclose(f);
	assert_null(model_load(path));
	unlink(path);
}

/* The engine part of a model file, loaded by libsvm itself. */
static struct svm_model *engine_of(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096], out[160];
	size_t n;
	const char *p;
	FILE *f = fopen(path, "rb");
	struct svm_model *sm;
	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	p = strstr(sb.buf, "\nengine-bytes ");
	assert_non_null(p);
	p = strchr(p + 1, '\n') + 1;
	tmp_path(out, sizeof(out), ".svm");
	assert_int_equal(safe_write_atomic(out, p, sb.len - (size_t)(p - sb.buf)), 0);
	sm = svm_load_model(out);
	unlink(out);
	strbuf_release(&sb);
	return sm;
}

static struct svm_node *nodes(const struct fvec *v)
{
	struct svm_node *x = xcalloc(v->n + 1, sizeof(*x));
	for (size_t i = 0; i < v->n; i++) {
		x[i].index = v->index[i];
		x[i].value = v->value[i];
	}
	x[v->n].index = -1;
	return x;
}

static void test_linear_collapse_equals_libsvm(void **state)
{
	struct train_set ts;
	struct train_settings s;
	struct lq_model *m, *back;
	struct model_scratch *sc;
	struct svm_model *sm;
	char path[128];
	int refused;
	(void)state;
	make_set(&ts, 140, 0.4, 0.15);
	settings(&s, LEARNER_LIBSVM, KERNEL_LINEAR);
	s.fixed_c = 1;
	m = model_train(&ts, &s, &refused);
	assert_non_null(m);
	model_set_version(m, "lq-20261001-0002");
	tmp_path(path, sizeof(path), ".model");
	assert_int_equal(model_save(m, path), 0);
	back = model_load(path);
	assert_non_null(back);
	sm = engine_of(path);
	assert_non_null(sm);
	sc = model_scratch_new(back);
	for (size_t i = 0; i < ts.n; i++) {
		struct svm_node *x = nodes(&ts.x[i]);
		double dv = 0, pe[2], mine = model_decision(back, sc, &ts.x[i]);
		int first_is_pos = sm->label[0] == 1;
		svm_predict_values(sm, x, &dv);
		svm_predict_probability(sm, x, pe);
		assert_true(fabs((first_is_pos ? dv : -dv) - mine) < 1e-9);
		assert_true(fabs((first_is_pos ? pe[0] : pe[1]) - model_predict(back, sc, &ts.x[i])) < 1e-9);
		free(x);
	}
	model_scratch_free(sc);
	svm_free_and_destroy_model(&sm);
	model_free(back);
	model_free(m);
	unlink(path);
	train_set_release(&ts);
}

static int same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int ca, cb, same = fa && fb;
	while (same) {
		ca = fgetc(fa);
		cb = fgetc(fb);
		if (ca != cb)
			same = 0;
		if (ca == EOF || cb == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

static void test_reproducible_and_reasons(void **state)
{
	struct train_set ts;
	struct train_settings s;
	struct lq_model *m1, *m2;
	struct feature_raw raw;
	struct model_scratch *sc;
	struct strbuf why = STRBUF_INIT;
	char p1[128], p2[128];
	int refused;
	size_t i;
	(void)state;
	make_set(&ts, 120, 0.4, 0.1);
	settings(&s, LEARNER_LIBSVM, KERNEL_RBF);
	s.fixed_c = 4;
	m1 = model_train(&ts, &s, &refused);
	m2 = model_train(&ts, &s, &refused);
	assert_non_null(m1);
	assert_non_null(m2);
	model_set_version(m1, "lq-20261001-0003");
	model_set_version(m2, "lq-20261001-0003");
	tmp_path(p1, sizeof(p1), ".model");
	tmp_path(p2, sizeof(p2), ".model");
	assert_int_equal(model_save(m1, p1), 0);
	assert_int_equal(model_save(m2, p2), 0);
	assert_true(same_file(p1, p2));
	/* a qualified-looking dialogue is explained by its form */
	memset(&raw, 0, sizeof(raw));
	for (i = 0; i < ts.n; i++)
		if (ts.y[i] > 0 && ts.x[i].n == 5)
			break;
	assert_true(i < ts.n);
	sc = model_scratch_new(m1);
	assert_true(model_explain(m1, sc, &ts.x[i], &raw, model_predict(m1, sc, &ts.x[i]), 3,
				   REASON_EN, &why) >= 1);
	assert_non_null(strstr(strbuf_str(&why), "+ filled in a form"));
	model_scratch_free(sc);
	strbuf_release(&why);
	unlink(p1);
	unlink(p2);
	model_free(m1);
	model_free(m2);
	train_set_release(&ts);
}

/* The reasons of a linear model, worked out the slow way through the public
 * API: each group's delta from the probability of x filtered without it,
 * sorted by size either way and cut as model_explain() does, and phrased as
 * it phrases the groups of make_set() (a zeroed feature_raw: no stems, so
 * the client's words give no reason). */
static void slow_reasons(const struct lq_model *m, struct model_scratch *sc, const struct fvec *x,
			 double p, struct strbuf *out)
{
	struct { int group; double delta; } mv[FG_COUNT], t;
	struct fvec without = { 0 };
	int n = 0, said = 0;
	for (int g = 0; g < FG_COUNT; g++) {
		int present = 0;
		for (size_t i = 0; i < x->n; i++)
			present |= x->group[i] == g;
		if (!present || g == FG_WORDS_CLIENT)
			continue;
		fvec_filter(x, FG_ALL & ~FG_BIT(g), &without);
		mv[n].group = g;
		mv[n].delta = p - model_predict(m, sc, &without);
		n++;
	}
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (fabs(mv[j].delta) > fabs(mv[i].delta) ||
			    (fabs(mv[j].delta) == fabs(mv[i].delta) && mv[j].group < mv[i].group))
				t = mv[i], mv[i] = mv[j], mv[j] = t;
	for (int i = 0; i < n && said < 3 && fabs(mv[i].delta) >= 0.005; i++, said++) {
		if (said)
			strbuf_adds(out, "; ");
		strbuf_adds(out, mv[i].delta > 0 ? "+ " : "\xe2\x88\x92 ");
		switch (mv[i].group) {
		case FG_TURNS: strbuf_adds(out, "0 client turns"); break;
		case FG_FORMS: strbuf_adds(out, "filled in a form"); break;
		case FG_PAGE_CHANNEL: strbuf_adds(out, "page and channel"); break;
		default: fail_msg("group %d is not in make_set()", mv[i].group);
		}
	}
	fvec_release(&without);
}

/* A linear model's reasons (all groups' sums in one pass) are the ones the
 * probability of each filtered vector gives, for every dialogue. */
static void test_linear_reasons_as_filtered(void **state)
{
	static const enum model_learner learners[2] = { LEARNER_LIBLINEAR, LEARNER_LIBSVM };
	(void)state;
	for (int l = 0; l < 2; l++) {
		struct train_set ts;
		struct train_settings s;
		struct lq_model *m;
		struct model_scratch *sc;
		struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;
		int refused, explained = 0;
		make_set(&ts, 150, 0.4, 0.25);
		settings(&s, learners[l], KERNEL_LINEAR);
		s.fixed_c = 1;
		m = model_train(&ts, &s, &refused);
		assert_non_null(m);
		sc = model_scratch_new(m);
		for (size_t i = 0; i < ts.n; i++) {
			struct feature_raw raw;
			double p = model_predict(m, sc, &ts.x[i]);
			memset(&raw, 0, sizeof(raw));
			strbuf_reset(&got);
			strbuf_reset(&want);
			explained += model_explain(m, sc, &ts.x[i], &raw, p, 3, REASON_EN, &got) > 0;
			slow_reasons(m, sc, &ts.x[i], p, &want);
			assert_string_equal(strbuf_str(&got), strbuf_str(&want));
		}
		assert_true(explained > 0);
		model_scratch_free(sc);
		strbuf_release(&got);
		strbuf_release(&want);
		model_free(m);
		train_set_release(&ts);
	}
}

/* 300 dialogues on 30 small page cells: half the cells 75% qualified, half
 * 25%; the words say nothing.  The page+channel baseline must find the
 * pages (AUC well above 0.5, never inverted) and record the C it chose;
 * held at one C it overfit such cells. */
static void test_page_baseline_sees_pages(void **state)
{
	struct train_set ts;
	struct train_settings s;
	struct lq_model *m;
	const char *js;
	int refused, base = FS_COUNT + FEATURES_PC_BUCKETS;
	double pc_cv, pc_time, words_cv;
	(void)state;
	make_set(&ts, 300, 0.5, 0.5);
	rng_state = 7;
	for (size_t i = 0; i < ts.n; i++) {
		int cell = (int)(i % 30), good = cell < 15;
		ts.y[i] = uniform() < (good ? 0.75 : 0.25) ? 1 : -1;
		for (size_t j = 0; j < ts.x[i].n; j++)
			if (ts.x[i].group[j] == FG_PAGE_CHANNEL)
				ts.x[i].index[j] = FS_COUNT + 1 + cell;
		(void)base;
	}
	settings(&s, LEARNER_LIBLINEAR, KERNEL_LINEAR);
	s.baselines = 1;
	m = model_train(&ts, &s, &refused);
	assert_non_null(m);
	js = model_metrics_json(m);
	pc_cv = strtod(strstr(js, "\"page_channel\":{\"cv_auc\":") + 26, NULL);
	pc_time = strtod(strstr(strstr(js, "\"page_channel\""), "\"time_auc\":") + 11, NULL);
	words_cv = strtod(strstr(js, "\"words\":{\"cv_auc\":") + 19, NULL);
	assert_true(pc_cv > 0.65);
	assert_true(pc_time > 0.6);
	assert_true(words_cv < 0.6);
	assert_non_null(strstr(strstr(js, "\"page_channel\""), "\"c\":"));
	/* the model, which has the pages too, is as good as the baseline */
	assert_true(model_metric(m, "cv_auc") > pc_cv - 0.05);
	/* the table shows both baselines */
	assert_non_null(strstr(model_table(m), "baseline: page + channel"));
	assert_non_null(strstr(model_table(m), "reliability"));
	model_free(m);
	train_set_release(&ts);
}

static void test_say_returning(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	model_say_returning(log1p(1), &sb);
	assert_string_equal(sb.buf, "returning customer (1 earlier dialogue)");
	strbuf_reset(&sb);
	model_say_returning(log1p(3), &sb);
	assert_string_equal(sb.buf, "returning customer (3 earlier dialogues)");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_say_returning),
		cmocka_unit_test(test_auc_and_platt),
		cmocka_unit_test(test_separable_trains),
		cmocka_unit_test(test_too_few_refused),
		cmocka_unit_test(test_save_load_round_trip),
		cmocka_unit_test(test_layout_mismatch_rejected),
		cmocka_unit_test(test_linear_collapse_equals_libsvm),
		cmocka_unit_test(test_reproducible_and_reasons),
		cmocka_unit_test(test_linear_reasons_as_filtered),
		cmocka_unit_test(test_page_baseline_sees_pages),
	};
	lq_quiet = 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
