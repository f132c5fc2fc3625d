/* test_learner.c — the one wrapper over libsvm and LIBLINEAR: decision values
 * oriented to the label +1 whichever label the library stores first, the
 * collapse of a linear model giving the library's own decision values, the
 * clipped sigmoid giving libsvm's own probability, saving and loading, and a
 * refused parameter named with its library. */
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

#include "learner.h"
#include "util.h"

#define N 40

/* Two features; label +1 when the first is large; the first row is -1 or +1
 * as asked (the libraries order labels by first occurrence, libsvm then
 * puts +1 first for a -1/+1 problem).  LIBLINEAR's rows end with the bias
 * column, index 3, as model_train.c builds them. */
static struct learner_node rows[N][4];
static struct learner_node *x[N];
static double y[N];

static void make_problem(int first_label, int bias_col)
{
	for (int i = 0; i < N; i++) {
		int pos = (i % 2 == 0) == (first_label > 0);
		double a = pos ? 0.6 + 0.01 * (i % 7) : 0.1 + 0.01 * (i % 5);
		int k = 0;
		rows[i][k].index = 1, rows[i][k++].value = a;
		rows[i][k].index = 2, rows[i][k++].value = 0.3 + 0.02 * (i % 3);
		if (bias_col)
			rows[i][k].index = 3, rows[i][k++].value = 1;
		rows[i][k].index = -1, rows[i][k].value = 0;
		x[i] = rows[i];
		y[i] = pos ? 1 : -1;
	}
}

static struct learner_params params(int liblinear, int probability)
{
	struct learner_params p;
	memset(&p, 0, sizeof(p));
	p.liblinear = liblinear;
	p.c = 4;
	p.probability = probability;
	p.seeded = 1;
	p.seed = 1;
	p.n_features = 3;
	return p;
}

static void check_oriented(int liblinear, int first_label)
{
	struct learner_params p = params(liblinear, 0);
	struct learner *l;
	make_problem(first_label, liblinear);
	l = learner_fit(&p, x, y, N);
	assert_non_null(l);
	assert_true(learner_sign(l) == 1 || learner_sign(l) == -1);
	for (int i = 0; i < N; i++)
		assert_true(learner_decision(l, x[i]) * y[i] > 0);
	learner_free(l);
}

static void test_decisions_point_to_label_plus_one(void **state)
{
	(void)state;
	check_oriented(0, 1);
	check_oriented(0, -1);
	check_oriented(1, 1);
	check_oriented(1, -1);
}

static void test_collapse_gives_the_library_decision(void **state)
{
	(void)state;
	/* w[3] stays 0: the bias column's weight is in w0 */
	for (int lin = 0; lin <= 1; lin++) {
		struct learner_params p = params(lin, 0);
		double w[4] = { 0, 0, 0, 0 }, w0 = 0;
		struct learner *l;
		make_problem(-1, lin);
		l = learner_fit(&p, x, y, N);
		assert_non_null(l);
		assert_int_equal(learner_weights(l, 2, w, &w0), 1);
		for (int i = 0; i < N; i++) {
			double d = w0;
			for (const struct learner_node *n = x[i]; n->index != -1; n++)
				d += w[n->index] * n->value;
			assert_true(fabs(learner_sign(l) * d - learner_decision(l, x[i])) < 1e-9);
		}
		learner_free(l);
	}
}

static void test_sigmoid_is_libsvm_probability(void **state)
{
	struct learner_params p = params(0, 1);
	double w[3] = { 0, 0, 0 }, w0 = 0, a, b;
	struct learner *l;
	(void)state;
	make_problem(1, 0);
	l = learner_fit(&p, x, y, N);
	assert_non_null(l);
	assert_true(learner_has_probability(l));
	assert_int_equal(learner_platt_ab(l, &a, &b), 1);
	assert_int_equal(learner_weights(l, 2, w, &w0), 1);
	for (int i = 0; i < N; i++) {
		double d = w0, q;
		for (const struct learner_node *n = x[i]; n->index != -1; n++)
			d += w[n->index] * n->value;
		q = learner_sigmoid_clipped(d, a, b);
		if (learner_sign(l) < 0)
			q = 1 - q;
		assert_true(fabs(q - learner_probability(l, x[i])) < 1e-12);
	}
	assert_true(learner_sigmoid_clipped(1e6, 1, 0) >= 1e-7);
	assert_true(learner_sigmoid_clipped(-1e6, 1, 0) <= 1 - 1e-7);
	assert_true(fabs(learner_sigmoid(0, 1, 0) - 0.5) < 1e-15);
	learner_free(l);
}

static void test_save_and_load(void **state)
{
	char path[128];
	(void)state;
	for (int lin = 0; lin <= 1; lin++) {
		struct learner_params p = params(lin, !lin);
		struct learner *l, *back;
		make_problem(1, lin);
		snprintf(path, sizeof(path), "/tmp/leadqa-test-learner-%ld.model", (long)getpid());
		l = learner_fit(&p, x, y, N);
		assert_non_null(l);
		assert_int_equal(learner_save(l, path), 0);
		back = learner_load(path, lin);
		assert_non_null(back);
		assert_int_equal(learner_is_liblinear(back), lin);
		assert_int_equal(learner_n_classes(back), 2);
		for (int i = 0; i < N; i++)
			assert_true(fabs(learner_decision(l, x[i]) - learner_decision(back, x[i])) < 1e-6);
		learner_free(back);
		learner_free(l);
		unlink(path);
	}
	assert_null(learner_load("/nonexistent/leadqa.model", 0));
	learner_free(NULL);
}

static void test_refused_parameters_are_named(void **state)
{
	struct learner_params p = params(0, 0);
	(void)state;
	make_problem(1, 0);
	p.c = -1;
	assert_null(learner_fit(&p, x, y, N));
	p.liblinear = 1;
	assert_null(learner_fit(&p, x, y, N));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decisions_point_to_label_plus_one),
		cmocka_unit_test(test_collapse_gives_the_library_decision),
		cmocka_unit_test(test_sigmoid_is_libsvm_probability),
		cmocka_unit_test(test_save_and_load),
		cmocka_unit_test(test_refused_parameters_are_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
