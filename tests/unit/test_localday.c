/* test_localday.c — local days in a named zone: the day that has ended, a
 * day's start, days of 23 and 25 hours, and zone names checked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "localday.h"
#include "util.h"

static int64_t at(const char *iso)
{
	int64_t t;
	assert_int_equal(parse_time(iso, &t), 0);
	return t;
}

static void test_last_completed(void **state)
{
	char d[11];
	(void)state;
	/* 00:40 UTC: the 27th has begun, the 26th is the last day that ended */
	localday_last_completed(at("2026-11-27T00:40:00Z"), "UTC", d);
	assert_string_equal(d, "2026-11-26");
	localday_last_completed(at("2026-11-27T00:00:00Z"), NULL, d);
	assert_string_equal(d, "2026-11-26");
	/* 22:30 UTC is 01:30 on the 27th in Moscow */
	localday_last_completed(at("2026-11-26T22:30:00Z"), "Europe/Moscow", d);
	assert_string_equal(d, "2026-11-26");
	localday_last_completed(at("2026-11-26T20:30:00Z"), "Europe/Moscow", d);
	assert_string_equal(d, "2026-11-25");
	/* across a year */
	localday_last_completed(at("2027-01-01T05:00:00Z"), "UTC", d);
	assert_string_equal(d, "2026-12-31");
}

static void test_day_bounds(void **state)
{
	int64_t a, b;
	char next[11];
	(void)state;
	assert_int_equal(localday_start("2026-11-26", "Europe/Moscow", &a), 0);
	assert_int_equal(a, at("2026-11-25T21:00:00Z"));
	/* Berlin's 29 March 2026 lasts 23 hours, 25 October 2026 lasts 25 */
	assert_int_equal(localday_next("2026-03-29", next), 0);
	assert_string_equal(next, "2026-03-30");
	assert_int_equal(localday_start("2026-03-29", "Europe/Berlin", &a), 0);
	assert_int_equal(localday_start(next, "Europe/Berlin", &b), 0);
	assert_int_equal(b - a, 23 * 3600);
	assert_int_equal(localday_start("2026-10-25", "Europe/Berlin", &a), 0);
	assert_int_equal(localday_start("2026-10-26", "Europe/Berlin", &b), 0);
	assert_int_equal(b - a, 25 * 3600);
	assert_int_equal(localday_next("2026-12-31", next), 0);
	assert_string_equal(next, "2027-01-01");
	assert_int_equal(localday_start("2026-13-01", "UTC", &a), -1);
	assert_int_equal(localday_start("yesterday", "UTC", &a), -1);
}

static void test_of_and_format(void **state)
{
	char d[11], f[17];
	(void)state;
	localday_of(at("2026-11-26T22:30:00Z"), "Europe/Moscow", d);
	assert_string_equal(d, "2026-11-27");
	localday_of(at("2026-11-26T22:30:00Z"), "UTC", d);
	assert_string_equal(d, "2026-11-26");
	localday_format(at("2026-11-26T22:30:00Z"), "Europe/Moscow", f);
	assert_string_equal(f, "2026-11-27 01:30");
	/* the process's own zone is left as it was */
	assert_null(getenv("TZ"));
}

static void test_zone_names(void **state)
{
	(void)state;
	assert_true(localday_zone_ok("UTC"));
	assert_true(localday_zone_ok("Europe/Moscow"));
	assert_false(localday_zone_ok("Mars/Olympus"));
	assert_false(localday_zone_ok("../../etc/passwd"));
	assert_false(localday_zone_ok("/etc/localtime"));
	assert_false(localday_zone_ok(""));
	assert_false(localday_zone_ok("Europe"));   /* a folder, not a zone */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_last_completed),
		cmocka_unit_test(test_day_bounds),
		cmocka_unit_test(test_of_and_format),
		cmocka_unit_test(test_zone_names),
	};
	unsetenv("TZ");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
