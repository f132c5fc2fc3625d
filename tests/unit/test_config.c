/* test_config.c — the night's settings file: comments, blanks, quoting,
 * relative paths, and errors that name FILE:LINE. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "util.h"

#define FIX "../fixtures/night/config/"

static void test_defaults(void **state)
{
	struct night_config c;
	(void)state;
	night_config_init(&c);
	/* models go beside the database and the lexicons come from the data
	 * folder: neither may default to a path relative to the working folder */
	assert_null(c.model_dir);
	assert_null(c.data_dir);
	assert_int_equal(c.retrain_min_outcomes, 50);
	assert_int_equal(c.retrain_max_age_days, 30);
	assert_null(c.inbox);
	assert_null(c.lang);
	assert_int_equal(c.export_incremental, 0);
	/* everything kept, personal data masked in the report */
	assert_int_equal(c.retain_text_days, 0);
	assert_int_equal(c.retain_scores_days, 0);
	assert_int_equal(c.mask_personal_data, 1);
	assert_int_equal(night_config_set(&c, "retain_text_days", "90", NULL, 0), 0);
	assert_int_equal(c.retain_text_days, 90);
	assert_int_equal(night_config_set(&c, "retain_scores_days", "36501", NULL, 0), -1);
	assert_int_equal(night_config_set(&c, "mask_personal_data", "no", NULL, 0), 0);
	assert_int_equal(c.mask_personal_data, 0);
	night_config_release(&c);
}

static void test_good_file(void **state)
{
	struct night_config c;
	(void)state;
	night_config_init(&c);
	assert_int_equal(night_config_load(&c, FIX "good.conf"), 0);
	assert_string_equal(c.inbox, FIX "incoming");
	assert_string_equal(c.out, "/var/tmp/leadqa-out");
	assert_string_equal(c.model_dir, FIX "models dir ");
	assert_string_equal(c.lang, "en");
	assert_int_equal(c.retrain_min_outcomes, 120);
	assert_int_equal(c.retrain_max_age_days, 7);
	assert_int_equal(c.score_threads, 2);
	assert_int_equal(c.export_incremental, 1);
	night_config_release(&c);
}

static void test_command_line_overrides(void **state)
{
	struct night_config c;
	(void)state;
	night_config_init(&c);
	assert_int_equal(night_config_load(&c, FIX "good.conf"), 0);
	assert_int_equal(night_config_set(&c, "inbox", "here/in", NULL, 0), 0);
	assert_int_equal(night_config_set(&c, "retrain_max_age_days", "3", NULL, 0), 0);
	assert_int_equal(night_config_set(&c, "lang", "auto", NULL, 0), 0);
	assert_string_equal(c.inbox, "here/in");
	assert_int_equal(c.retrain_max_age_days, 3);
	assert_null(c.lang);
	night_config_release(&c);
}

/* Runs f with stderr captured into a file; returns what was written. */
static char *capture_stderr(int (*f)(struct night_config *, const char *), const char *path,
			    int *rc)
{
	char tmpl[] = "/tmp/leadqa-config-err-XXXXXX";
	int fd = mkstemp(tmpl), saved = dup(2);
	struct night_config c;
	char buf[1024];
	ssize_t n;
	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	night_config_init(&c);
	*rc = f(&c, path);
	night_config_release(&c);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	unlink(tmpl);
	buf[n > 0 ? n : 0] = '\0';
	return xstrdup(buf);
}

static void test_errors_name_file_and_line(void **state)
{
	int rc;
	char *err;
	(void)state;
	err = capture_stderr(night_config_load, FIX "unknown.conf", &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "unknown.conf:3: unknown setting 'retrain_min_outcome'"));
	free(err);
	err = capture_stderr(night_config_load, FIX "noeq.conf", &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "noeq.conf:1: expected 'key = value'"));
	free(err);
	err = capture_stderr(night_config_load, FIX "badnum.conf", &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "badnum.conf:2: retrain_min_outcomes must be a whole number"));
	free(err);
	err = capture_stderr(night_config_load, FIX "absent.conf", &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "cannot open settings file"));
	free(err);
}

static void test_bad_values(void **state)
{
	struct night_config c;
	(void)state;
	night_config_init(&c);
	assert_int_equal(night_config_set(&c, "lang", "de", NULL, 0), -1);
	assert_int_equal(night_config_set(&c, "learner", "svm", NULL, 0), -1);
	assert_int_equal(night_config_set(&c, "learner", "liblinear", NULL, 0), 0);
	assert_string_equal(c.learner, "liblinear");
	assert_int_equal(night_config_set(&c, "learner", "auto", NULL, 0), 0);
	assert_null(c.learner);
	assert_int_equal(night_config_set(&c, "export_incremental", "maybe", NULL, 0), -1);
	assert_int_equal(night_config_set(&c, "retrain_max_age_days", "-1", NULL, 0), -1);
	assert_int_equal(night_config_set(&c, "no_such_key", "1", NULL, 0), -1);
	assert_int_equal(c.retrain_max_age_days, 30);
	assert_true(night_config_known("inbox"));
	assert_false(night_config_known("inboxes"));
	night_config_release(&c);
}

/* The lead-handling thresholds: three ascending numbers of days. */
static void test_untouched_days(void **state)
{
	struct night_config c;
	int d[3];
	(void)state;
	assert_int_equal(night_config_parse_days("1,3,7", d), 0);
	assert_true(d[0] == 1 && d[1] == 3 && d[2] == 7);
	assert_int_equal(night_config_parse_days("2,4,365", d), 0);
	assert_int_equal(night_config_parse_days("3,1,7", d), -1);
	assert_int_equal(night_config_parse_days("1,1,7", d), -1);
	assert_int_equal(night_config_parse_days("0,3,7", d), -1);
	assert_int_equal(night_config_parse_days("1,3,366", d), -1);
	assert_int_equal(night_config_parse_days("1,3", d), -1);
	assert_int_equal(night_config_parse_days("1,3,7,9", d), -1);
	assert_int_equal(night_config_parse_days("1,3,7x", d), -1);
	assert_int_equal(night_config_parse_days("1, 3,7", d), -1);
	night_config_init(&c);
	assert_int_equal(night_config_set(&c, "untouched_days", "1,2", NULL, 0), -1);
	assert_null(c.untouched_days);
	assert_int_equal(night_config_set(&c, "untouched_days", "2,5,10", NULL, 0), 0);
	assert_string_equal(c.untouched_days, "2,5,10");
	night_config_release(&c);
}

/* The commented example shipped in the source tree stays valid. */
static void test_shipped_example(void **state)
{
	struct night_config c;
	(void)state;
	night_config_init(&c);
	assert_int_equal(night_config_load(&c, "../../leadqa.conf.example"), 0);
	assert_string_equal(c.inbox, "../../corpora/sample");
	assert_string_equal(c.out, "../../out/demo");
	assert_null(c.learner);
	assert_int_equal(c.export_incremental, 0);
	night_config_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_command_line_overrides),
		cmocka_unit_test(test_errors_name_file_and_line),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_untouched_days),
		cmocka_unit_test(test_shipped_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
