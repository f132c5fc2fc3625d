/* The JSON reader over jansson: the shapes the model's metrics take,
 * lookups that tolerate NULL and wrong types, and invalid texts refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "jsonread.h"

static void test_metrics_shape(void **state)
{
	const char *text = "{\"cv_auc\":0.716148,\"n_train\":240,\"learner\":\"libsvm\","
		"\"reliability\":[{\"predicted\":0.0831458,\"observed\":0,\"n\":1},"
		"{\"predicted\":0.95,\"observed\":null,\"n\":0}],"
		"\"baselines\":{\"words\":{\"cv_auc\":0.718296}}, \"big\": 123456789012345678901234567890 }";
	struct jsonr *j = jsonr_parse(text);
	const struct jsonr *rel;
	(void)state;
	assert_non_null(j);
	/* the same double strtod gives: pages print what was stored */
	assert_true(jsonr_num(jsonr_get(j, "cv_auc")) == 0.716148);
	assert_true(jsonr_num(jsonr_get(j, "n_train")) == 240.0);
	assert_string_equal(jsonr_str(jsonr_get(j, "learner")), "libsvm");
	rel = jsonr_get(j, "reliability");
	assert_int_equal(jsonr_len(rel), 2);
	assert_true(jsonr_num(jsonr_get(jsonr_at(rel, 0), "predicted")) == 0.0831458);
	assert_true(jsonr_num(jsonr_get(jsonr_at(rel, 0), "observed")) == 0.0);
	assert_true(isnan(jsonr_num(jsonr_get(jsonr_at(rel, 1), "observed"))));
	assert_null(jsonr_at(rel, 2));
	assert_true(jsonr_num(jsonr_get(jsonr_get(jsonr_get(j, "baselines"), "words"), "cv_auc")) == 0.718296);
	/* beyond 64 bits: still a number */
	assert_true(jsonr_num(jsonr_get(j, "big")) > 1e29);
	jsonr_free(j);
}

static void test_wrong_types_and_null(void **state)
{
	struct jsonr *j = jsonr_parse("[1, \"two\", {\"k\": true}]");
	(void)state;
	assert_non_null(j);
	assert_null(jsonr_get(j, "k"));              /* an array has no members */
	assert_int_equal(jsonr_len(jsonr_at(j, 2)), 0); /* an object is no array */
	assert_true(isnan(jsonr_num(jsonr_at(j, 1))));
	assert_null(jsonr_str(jsonr_at(j, 0)));
	assert_true(isnan(jsonr_num(jsonr_get(jsonr_at(j, 2), "k"))));
	assert_null(jsonr_get(NULL, "k"));
	assert_null(jsonr_at(NULL, 0));
	assert_int_equal(jsonr_len(NULL), 0);
	assert_true(isnan(jsonr_num(NULL)));
	assert_null(jsonr_str(NULL));
	jsonr_free(NULL);
	jsonr_free(j);
}

static void test_strings_and_bare_values(void **state)
{
	struct jsonr *j = jsonr_parse(" \"\\u041c\\u0430\\ud83d\\ude00 \\\"q\\\"\" ");
	(void)state;
	assert_non_null(j);
	assert_string_equal(jsonr_str(j), "\xd0\x9c\xd0\xb0\xf0\x9f\x98\x80 \"q\"");
	jsonr_free(j);
	j = jsonr_parse("-2.5e-3");
	assert_non_null(j);
	assert_true(jsonr_num(j) == -2.5e-3);
	jsonr_free(j);
}

static void test_invalid_refused(void **state)
{
	static const char *const bad[] = {
		"", "{", "[1,]", "{\"a\":1} x", "{\"a\" 1}", "nan", "'single'", "[1] [2]",
		"\"\\ud800\"", "{\"a\":01}",
	};
	(void)state;
	assert_null(jsonr_parse(NULL));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct jsonr *j = jsonr_parse(bad[i]);
		if (j)
			fail_msg("accepted '%s'", bad[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_shape),
		cmocka_unit_test(test_wrong_types_and_null),
		cmocka_unit_test(test_strings_and_bare_values),
		cmocka_unit_test(test_invalid_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
