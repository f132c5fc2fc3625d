/* test_figures.c — the night's figures from the report fixture: counts,
 * shares, the bot-only / handed-over split, storage in night_figures, and
 * which nights are recomputed. */
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
#include "figures.h"
#include "util.h"

static const char *db_path = "/tmp/leadqa-test-figures.db";

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

static int setup(void **state)
{
	char *sql;
	sqlite3 *db;
	unlink(db_path);
	db = db_open(db_path);
	assert_non_null(db);
	sql = read_all("../fixtures/report/night.sql");
	assert_int_equal(db_exec(db, sql), 0);
	free(sql);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	unlink(db_path);
	return 0;
}

static void options(struct figures_options *o)
{
	memset(o, 0, sizeof(*o));
	assert_int_equal(parse_time("2026-12-31T00:00:00Z", &o->as_of), 0);
}

static void test_newest_night(void **state)
{
	sqlite3 *db = *state;
	struct figures_options o;
	struct figures f;
	options(&o);
	assert_int_equal(figures_compute(db, &o, &f), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.nights[0].night, "2026-12-29");
	assert_string_equal(f.nights[1].night, "2026-12-30");
	const struct night_values *v = &f.nights[1];
	assert_float_equal(v->v[GROUP_ALL][FIG_DIALOGUES], 4, 1e-9);
	assert_float_equal(v->v[GROUP_ALL][FIG_SCORED], 4, 1e-9);
	assert_float_equal(v->v[GROUP_ALL][FIG_ESCALATION], 0.25, 1e-9);
	assert_float_equal(v->v[GROUP_ALL][FIG_PREMATURE], 0.25, 1e-9);
	assert_float_equal(v->v[GROUP_ALL][FIG_MISSED], 0.25, 1e-9);
	/* web-1 unresolved (and followed by web-4), web-2 unresolved; the
	 * anonymous one and web-4 resolved */
	assert_float_equal(v->v[GROUP_ALL][FIG_FCR], 0.5, 1e-9);
	assert_float_equal(v->v[GROUP_ALL][FIG_JUDGED], 2, 1e-9);
	assert_float_equal(v->v[GROUP_ALL][FIG_QUALIFIED], 0.5, 1e-9);
	assert_float_equal(v->v[GROUP_ALL][FIG_GRADE_A], 1, 1e-9);
	assert_float_equal(v->v[GROUP_ALL][FIG_GRADE_C], 0, 1e-9);
	/* the split: one handed-over dialogue (web-1), three bot-only */
	assert_float_equal(v->v[GROUP_HANDED][FIG_DIALOGUES], 1, 1e-9);
	assert_float_equal(v->v[GROUP_HANDED][FIG_PREMATURE], 1, 1e-9);
	assert_float_equal(v->v[GROUP_BOT][FIG_DIALOGUES], 3, 1e-9);
	assert_float_equal(v->v[GROUP_BOT][FIG_MISSED], 1.0 / 3, 1e-9);
	/* the night before: web-0 resolved but the customer came back within 7 days */
	assert_float_equal(f.nights[0].v[GROUP_ALL][FIG_FCR], 0, 1e-9);
	assert_float_equal(f.nights[0].v[GROUP_ALL][FIG_QUALIFIED], 1, 1e-9);
	assert_true(isnan(f.nights[0].v[GROUP_HANDED][FIG_ESCALATION]));
	/* stored, and the breakdown table is there */
	assert_int_equal(db_query_int(db, "SELECT count(DISTINCT night) FROM night_figures"), 2);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM temp.fig_dialogue WHERE agent = 'op-12'"), 1);
	figures_release(&f);
}

static void test_refresh_keeps_older_nights(void **state)
{
	sqlite3 *db = *state;
	struct figures_options o;
	struct figures f;
	options(&o);
	assert_int_equal(figures_compute(db, &o, &f), 0);
	figures_release(&f);
	/* an older night's stored value is kept when only the newest is refreshed */
	assert_int_equal(db_exec(db, "UPDATE night_figures SET value = 0.125 WHERE night = '2026-12-29' AND figure = 'fcr'"), 0);
	o.refresh = 1;
	assert_int_equal(figures_compute(db, &o, &f), 0);
	assert_int_equal(f.n_recomputed, 1);
	assert_float_equal(f.nights[0].v[GROUP_ALL][FIG_FCR], 0.125, 1e-9);
	figures_release(&f);
	/* by default the whole window is recomputed */
	o.refresh = 0;
	assert_int_equal(figures_compute(db, &o, &f), 0);
	assert_int_equal(f.n_recomputed, 2);
	assert_float_equal(f.nights[0].v[GROUP_ALL][FIG_FCR], 0, 1e-9);
	figures_release(&f);
}

static void test_chosen_night_and_previous(void **state)
{
	sqlite3 *db = *state;
	struct figures_options o;
	struct figures f;
	char prev[11];
	options(&o);
	o.night = "2026-12-29";
	assert_int_equal(figures_compute(db, &o, &f), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.nights[0].night, "2026-12-29");
	figures_release(&f);
	assert_int_equal(figures_previous_night(db, "2026-12-30", prev), 0);
	assert_string_equal(prev, "2026-12-29");
	assert_int_equal(figures_previous_night(db, "2026-12-29", prev), 1);
	assert_int_equal(figures_previous_night(db, "bad", prev), -1);
}

static void test_names(void **state)
{
	(void)state;
	char key[32];
	figure_key(FIG_FCR, GROUP_HANDED, key, sizeof(key));
	assert_string_equal(key, "fcr@handed");
	assert_true(figure_is_share(FIG_QUALIFIED));
	assert_false(figure_is_share(FIG_JUDGED));
	assert_true(figure_higher_is_better(FIG_FCR));
	assert_false(figure_higher_is_better(FIG_MISSED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_newest_night, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_keeps_older_nights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chosen_night_and_previous, setup, teardown),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
