/* test_registry.c — the models table through its one owner: the newest
 * records first, NULL figures as NAN, the newest whose file is still there,
 * the highest version counter of a prefix, and which model files a record
 * names. */
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

#include "db.h"
#include "registry.h"
#include "testdb.h"
#include "util.h"

static char db_path[128], file_path[128];

static sqlite3 *fixture(void)
{
	sqlite3 *db;
	char sql[1024];
	remove_db(db_path);
	db = db_open(db_path);
	assert_non_null(db);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO models(version, path, trained_at, learner, kernel, n_train, n_pos,"
		 " cv_auc, cv_accuracy, time_auc, brier, metrics) VALUES"
		 "('lq-20261101-0001', '%s', 100, 'libsvm', 'rbf', 240, 90, 0.7, 0.6, 0.65, 0.2, '{\"cv_auc\":0.7}'),"
		 "('lq-20261102-0007', '/nonexistent/lq-20261102-0007.model', 200, 'liblinear', 'linear',"
		 " 6000, 2000, NULL, NULL, NULL, NULL, NULL),"
		 "('lq-20261102-0003', '/nonexistent/lq-20261102-0003.model', 200, 'libsvm', 'linear',"
		 " 300, 100, 0.8, 0.7, 0.75, 0.18, '{}')", file_path);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static void test_newest_first(void **state)
{
	sqlite3 *db = fixture();
	struct model_record *rows;
	size_t n;
	(void)state;
	assert_int_equal(registry_list(db, 10, &rows, &n), 0);
	assert_int_equal(n, 3);
	/* same time: the higher version first */
	assert_string_equal(rows[0].version, "lq-20261102-0007");
	assert_string_equal(rows[1].version, "lq-20261102-0003");
	assert_string_equal(rows[2].version, "lq-20261101-0001");
	assert_true(isnan(rows[0].cv_auc) && isnan(rows[0].brier));
	assert_null(rows[0].metrics);
	assert_string_equal(rows[0].learner, "liblinear");
	assert_int_equal(rows[0].n_train, 6000);
	assert_true(fabs(rows[2].time_auc - 0.65) < 1e-12);
	assert_string_equal(rows[2].metrics, "{\"cv_auc\":0.7}");
	registry_list_free(rows, n);
	assert_int_equal(registry_list(db, 1, &rows, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].version, "lq-20261102-0007");
	registry_list_free(rows, n);
	sqlite3_close(db);
}

static void test_newest_present(void **state)
{
	sqlite3 *db = fixture();
	struct model_record r;
	FILE *f;
	(void)state;
	/* no file is there yet */
	unlink(file_path);
	assert_int_equal(registry_newest_present(db, &r), 0);
	f = fopen(file_path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(registry_newest_present(db, &r), 1);
	assert_string_equal(r.version, "lq-20261101-0001");
	assert_int_equal(r.trained_at, 100);
	model_record_release(&r);
	unlink(file_path);
	sqlite3_close(db);
}

static void test_counter_and_files(void **state)
{
	sqlite3 *db = fixture();
	(void)state;
	assert_int_equal(registry_max_counter(db, "lq-20261102-"), 7);
	assert_int_equal(registry_max_counter(db, "lq-20261101-"), 1);
	assert_int_equal(registry_max_counter(db, "lq-20261103-"), 0);
	assert_int_equal(registry_has_file(db, "lq-20261102-0003.model"), 1);
	assert_int_equal(registry_has_file(db, "lq-20261102-0004.model"), 0);
	sqlite3_close(db);
	remove_db(db_path);
}

int main(void)
{
	snprintf(db_path, sizeof(db_path), "/tmp/leadqa-test-registry-%ld.db", (long)getpid());
	snprintf(file_path, sizeof(file_path), "/tmp/leadqa-test-registry-%ld.model", (long)getpid());
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_newest_first),
		cmocka_unit_test(test_newest_present),
		cmocka_unit_test(test_counter_and_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
