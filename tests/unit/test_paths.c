/* test_paths.c — where models go (beside the database) and how the data
 * folder is overridden. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

static void check_model_dir(const char *db, const char *want)
{
	char *got = paths_model_dir_new(db);
	assert_string_equal(got, want);
	free(got);
}

static void test_models_beside_database(void **state)
{
	(void)state;
	check_model_dir("leadqa.db", "models");
	check_model_dir("/var/lib/leadqa/leadqa.db", "/var/lib/leadqa/models");
	check_model_dir("out/demo/leadqa.db", "out/demo/models");
	check_model_dir("/leadqa.db", "/models");
}

static void test_data_dir_override(void **state)
{
	(void)state;
	paths_set_data_dir("/somewhere/else");
	assert_string_equal(paths_data_dir(), "/somewhere/else");
	paths_set_data_dir(NULL);
	/* never the working folder: an absolute path, whatever is found */
	assert_true(paths_data_dir()[0] == '/');
	assert_true(paths_builtin_data_dir()[0] == '/');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_models_beside_database),
		cmocka_unit_test(test_data_dir_override),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
