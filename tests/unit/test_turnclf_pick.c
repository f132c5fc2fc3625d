/* test_turnclf_pick.c — the choice of a learned act's rule and threshold:
 * a broad plateau over a narrow peak, the simpler rule on a tie, and a
 * choice that stays put when one candidate's F1 moves by a hair. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "turnclf_learn.h"

#define C(r, t, f, p) { TURNCLF_##r, t, f, p }

/* One threshold alone scores best but its neighbours are far below; a rule
 * whose thresholds all do nearly as well is the one a new wording keeps. */
static void test_plateau_beats_peak(void **state)
{
	(void)state;
	struct turnclf_candidate c[] = {
		C(OR, 0.3, 0.60, 0.5), C(OR, 0.4, 0.80, 0.8), C(OR, 0.5, 0.60, 0.9),
		C(ALONE, 0.3, 0.76, 0.7), C(ALONE, 0.4, 0.77, 0.75), C(ALONE, 0.5, 0.76, 0.8),
	};
	size_t i = turnclf_pick(c, 6, 0.01);
	assert_int_equal(c[i].rule, TURNCLF_ALONE);
	assert_true(c[i].thr == 0.4 || c[i].thr == 0.5);
}

/* "and" ties with "alone": the classifier alone, one signal, is used. */
static void test_tie_goes_to_simpler_rule(void **state)
{
	(void)state;
	struct turnclf_candidate c[] = {
		C(AND, 0.1, 0.80, 0.95), C(AND, 0.2, 0.80, 0.97),
		C(ALONE, 0.4, 0.795, 0.70), C(ALONE, 0.5, 0.795, 0.75),
	};
	size_t i = turnclf_pick(c, 4, 0.01);
	assert_int_equal(c[i].rule, TURNCLF_ALONE);
	/* within the rule, the more precise threshold */
	assert_true(c[i].thr == 0.5);
}

/* A hair's change to one candidate (a cue edit moving a turn or two) does
 * not move the choice. */
static void test_small_change_keeps_choice(void **state)
{
	(void)state;
	struct turnclf_candidate c[] = {
		C(OR, 0.3, 0.70, 0.6), C(OR, 0.4, 0.72, 0.7), C(OR, 0.5, 0.71, 0.8),
		C(ALONE, 0.3, 0.74, 0.6), C(ALONE, 0.4, 0.75, 0.7), C(ALONE, 0.5, 0.74, 0.8),
	};
	size_t a = turnclf_pick(c, 6, 0.01);
	c[1].f1 = 0.78;         /* "or" at 0.4 alone now leads, a narrow peak */
	c[1].precision = 0.9;
	size_t b = turnclf_pick(c, 6, 0.01);
	assert_int_equal(c[a].rule, c[b].rule);
	assert_true(c[a].thr == c[b].thr);
}

/* A clear winner is still chosen over a simpler rule far behind. */
static void test_clear_winner(void **state)
{
	(void)state;
	struct turnclf_candidate c[] = {
		C(OR, 0.5, 0.85, 0.8), C(OR, 0.6, 0.86, 0.85),
		C(ALONE, 0.5, 0.70, 0.9), C(ALONE, 0.6, 0.68, 0.95),
	};
	size_t i = turnclf_pick(c, 4, 0.01);
	assert_int_equal(c[i].rule, TURNCLF_OR);
	assert_int_equal(turnclf_pick(c, 0, 0.01), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plateau_beats_peak),
		cmocka_unit_test(test_tie_goes_to_simpler_rule),
		cmocka_unit_test(test_small_change_keeps_choice),
		cmocka_unit_test(test_clear_winner),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
