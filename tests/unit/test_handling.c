/* test_handling.c — the lead-handling figures: quantiles, Wilson intervals,
 * the per-group statistics on deals made by hand, and the deal table read
 * from a small stage history (who created a deal, its first touch, what
 * happened after the reference time). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "db.h"
#include "handling.h"
#include "util.h"
#include "testdb.h"

static const char *db_path = "/tmp/leadqa-test-handling.db";
static const int days[HDL_N_DAYS] = { 1, 3, 7 };

static void test_quantile(void **state)
{
	(void)state;
	double odd[] = { 1, 2, 10 }, even[] = { 2, 4, 48, 96 };
	assert_true(isnan(handling_quantile(NULL, 0, 0.5)));
	assert_true(handling_quantile(odd, 3, 0.5) == 2);
	assert_true(handling_quantile(even, 4, 0.5) == 26);
	assert_true(fabs(handling_quantile(even, 4, 0.9) - 81.6) < 1e-9);
	assert_true(handling_quantile(even, 4, 1.0) == 96);
	assert_true(handling_quantile(even, 1, 0.9) == 2);
}

static void test_wilson(void **state)
{
	(void)state;
	double lo, hi;
	handling_wilson(0, 0, &lo, &hi);
	assert_true(isnan(lo) && isnan(hi));
	handling_wilson(5, 7, &lo, &hi);
	assert_true(fabs(lo - 0.3589) < 5e-4 && fabs(hi - 0.9178) < 5e-4);
	handling_wilson(0, 2, &lo, &hi);
	assert_true(lo == 0 && fabs(hi - 0.6576) < 5e-4);
	handling_wilson(2, 2, &lo, &hi);
	assert_true(fabs(lo - 0.3424) < 5e-4 && hi == 1);
}

/* Four bot leads and two others, as of day 10. */
static void test_stats(void **state)
{
	(void)state;
	const int64_t ref = 10 * HDL_DAY, h = 3600;
#define DEAL(o, t, c, b, r, w, g, sc, m, src) { .opened = (o), .touch = (t), .closed = (c), .bot = (b), \
	.reached = (r), .won = (w), .grade = (g), .score = (sc), .manager = (m), .source = (src) }
	struct hdl_deal deals[] = {
		/* opened, touch, closed, bot, reached, won, grade, score, manager, source */
		DEAL(0, 2 * h, -1, 1, 2, 0, 0, 80, 0, 0),                 /* touched in 2 h */
		DEAL(8 * HDL_DAY, -1, -1, 1, 1, 0, 0, 90, -1, 0),         /* waiting 2 d */
		DEAL(9 * HDL_DAY + 12 * h, -1, -1, 1, 1, 0, 3, 5, -1, 1), /* 12 h: eligible for nothing */
		DEAL(HDL_DAY, HDL_DAY + 4 * HDL_DAY, 6 * HDL_DAY, 1, 5, 1, 1, 60, 1, 1), /* touched after 4 d, won */
		DEAL(0, 0, -1, 0, 2, 0, 4, -1, 0, 0),
		DEAL(2 * HDL_DAY, -1, 5 * HDL_DAY, 0, 1, 0, 4, -1, -1, 0), /* lost, nobody touched */
	};
#undef DEAL
	struct hdl_set s = { deals, 6, 6, NULL, NULL, 0, 0, 0, 0, ref, INT64_MIN };
	struct hdl_filter bot = { 1, -1, -1, -1 }, other = { 0, -1, -1, -1 }, gradeA = { 1, -1, -1, 0 };
	struct hdl_stats st;
	handling_stats(&s, &bot, days, INT64_MIN, INT64_MAX, &st);
	assert_int_equal(st.n, 4);
	assert_int_equal(st.touched, 2);
	assert_true(st.median == (2 * h + 4 * HDL_DAY) / 2.0);
	assert_int_equal(st.eligible[0], 3);     /* the 12-hour-old lead is not */
	assert_int_equal(st.untouched[0], 2);    /* the waiting one and the 4-day one */
	assert_int_equal(st.eligible[1], 2);     /* opened at day 0 and day 1 */
	assert_int_equal(st.untouched[1], 1);
	assert_int_equal(st.eligible[2], 2);
	assert_int_equal(st.untouched[2], 0);
	assert_int_equal(st.qualified, 2);
	{
		/* the window: a deal opened before s.from is in no figure */
		struct hdl_stats w;
		s.from = HDL_DAY;
		handling_stats(&s, &bot, days, INT64_MIN, INT64_MAX, &w);
		assert_int_equal(w.n, 3);
		assert_int_equal(w.young, 3);
		s.from = INT64_MIN;
	}
	assert_int_equal(st.won, 1);
	assert_int_equal(st.waiting, 2);
	assert_true(st.oldest_wait == 2 * HDL_DAY);
	handling_stats(&s, &other, days, INT64_MIN, INT64_MAX, &st);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.touched, 1);
	assert_true(st.median == 0);
	assert_int_equal(st.waiting, 0);         /* the lost one is closed */
	handling_stats(&s, &gradeA, days, INT64_MIN, INT64_MAX, &st);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.waiting, 1);
	/* by night of opening */
	handling_stats(&s, &bot, days, 8 * HDL_DAY, 9 * HDL_DAY, &st);
	assert_int_equal(st.n, 1);
	assert_true(isnan(st.median));
	assert_int_equal(st.oldest_wait, 2 * HDL_DAY);
	assert_string_equal(handling_grade_name(0), "A");
	assert_string_equal(handling_grade_name(4), "–");
}

static void test_build(void **state)
{
	(void)state;
	struct hdl_set s;
	sqlite3 *db;
	int64_t ref;
	remove_db(db_path);
	db = db_open(db_path);
	assert_non_null(db);
	assert_int_equal(parse_time("2026-12-10T00:00:00Z", &ref), 0);
	/* B-1: bot's new and a person's qualified at the same second: the
	 * bot created it, touched at once.  B-2: opened by nobody, touched by
	 * vera after R (not yet seen).  B-3: opened after R (left out).  M-1:
	 * opened by a manager, lost. */
	assert_int_equal(db_exec(db,
		"INSERT INTO deal_events(deal_id, stage, changed_at, changed_by) VALUES"
		" ('B-1', 'qualified', 1796515200, 'ivan'), ('B-1', 'new', 1796515200, 'bot'),"
		" ('B-2', 'new', 1796601600, ''), ('B-2', 'qualified', 1796947200, 'vera'),"
		" ('B-3', 'new', 1796947200, 'bot'),"
		" ('M-1', 'new', 1796515200, 'ivan'), ('M-1', 'lost', 1796601600, 'ivan')"), 0);
	assert_int_equal(handling_build(db, ref, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(db_query_int(db, "SELECT bot FROM temp.hdl_deal WHERE deal_id = 'B-1'"), 1);
	assert_int_equal(db_query_int(db, "SELECT bot FROM temp.hdl_deal WHERE deal_id = 'B-2'"), 0);
	assert_int_equal(db_query_int(db, "SELECT touch IS NULL FROM temp.hdl_deal WHERE deal_id = 'B-2'"), 1);
	assert_int_equal(db_query_int(db, "SELECT reached FROM temp.hdl_deal WHERE deal_id = 'B-2'"), 1);
	assert_int_equal(db_query_int(db, "SELECT closed IS NOT NULL FROM temp.hdl_deal WHERE deal_id = 'M-1'"), 1);
	assert_int_equal(s.n_managers, 1);
	assert_string_equal(s.managers[0], "ivan");
	assert_int_equal(s.n_sources, 1);
	assert_string_equal(s.sources[0], "");
	for (size_t i = 0; i < s.n; i++)
		assert_int_equal(s.deals[i].grade, 4);
	handling_release(&s);
	/* built once: ensure leaves the table alone */
	assert_int_equal(handling_ensure_table(db, ref), 0);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM temp.hdl_deal"), 3);
	db_close(db);
	remove_db(db_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantile),
		cmocka_unit_test(test_wilson),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_build),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
