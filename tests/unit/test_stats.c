/* test_stats.c — Wilson intervals against published values, and the test
 * of change: 1.8 pp on 556 dialogues is noise, 20 pp is not. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "stats.h"

static void test_wilson(void **state)
{
	double lo, hi;
	(void)state;
	stats_wilson(50, 100, &lo, &hi);
	assert_true(fabs(lo - 0.4038) < 5e-4 && fabs(hi - 0.5962) < 5e-4);
	/* 100% of 7 is not certainty: the interval reaches down to 64.6% */
	stats_wilson(7, 7, &lo, &hi);
	assert_true(fabs(lo - 0.6457) < 5e-4);
	assert_true(hi == 1.0);
	stats_wilson(0, 10, &lo, &hi);
	assert_true(lo == 0.0 && fabs(hi - 0.2775) < 5e-4);
	stats_wilson(0, 0, &lo, &hi);
	assert_true(isnan(lo) && isnan(hi));
}

static void test_change(void **state)
{
	(void)state;
	assert_false(stats_change_real(0.652, 556, 0.634, 540));
	assert_true(stats_change_real(0.65, 556, 0.45, 540));
	/* 50% of 2 against 20% of 500: no evidence at all */
	assert_false(stats_change_real(0.5, 2, 0.2, 500));
	assert_false(stats_change_real(0.0, 100, 0.0, 100));
	assert_false(stats_change_real(NAN, 100, 0.2, 100));
	assert_false(stats_change_real(0.3, 0, 0.2, 100));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wilson),
		cmocka_unit_test(test_change),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
