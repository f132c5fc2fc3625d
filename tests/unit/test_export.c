/* test_export.c — the CSV cell writer, row counting and a whole export. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "export.h"
#include "util.h"
#include "testdb.h"

static char *cell(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(export_csv_cell(&sb, s), 0);
	return strbuf_detach(&sb);
}

#define assert_cell(in, want) do { char *got_ = cell(in); \
	assert_string_equal(got_, want); free(got_); } while (0)

static void test_cell_plain(void **state)
{
	(void)state;
	assert_cell("", "");
	assert_cell("C-10077", "C-10077");
	assert_cell("ivan.petrov@example.ru", "ivan.petrov@example.ru");
	assert_cell("79123456789", "79123456789");
}

static void test_cell_quoting(void **state)
{
	(void)state;
	assert_cell("a,b", "\"a,b\"");
	assert_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	assert_cell("one\ntwo", "\"one\ntwo\"");
	assert_cell("one\r\ntwo", "\"one\r\ntwo\"");
	assert_cell("\"", "\"\"\"\"");
}

static void test_cell_formula_guard(void **state)
{
	(void)state;
	assert_cell("=SUM(A1:A9)", "'=SUM(A1:A9)");
	assert_cell("+7 912", "'+7 912");
	assert_cell("-1", "'-1");
	assert_cell("@cmd", "'@cmd");
	assert_cell("\tx", "'\tx");
	assert_cell("\rx", "\"'\rx\"");
	/* guarded and quoted: the quote wraps the guard too */
	assert_cell("=A1,B1", "\"'=A1,B1\"");
	assert_cell("=\"x\"", "\"'=\"\"x\"\"\"");
	/* only the first character counts */
	assert_cell("a=b", "a=b");
	assert_cell("x-1", "x-1");
}

static void test_cell_utf8(void **state)
{
	(void)state;
	assert_cell("спросил о цене; скачал прайс", "спросил о цене; скачал прайс");
	assert_cell("Иван, 😀", "\"Иван, 😀\"");
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void test_count_rows(void **state)
{
	char path[] = "/tmp/leadqa-count-XXXXXX";
	int fd = mkstemp(path);
	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_text(path, "h1,h2\r\na,b\r\n\"x\r\ny\",z\r\nlast,row");
	assert_int_equal(export_count_rows(path), 3);
	write_text(path, "h1,h2\r\n");
	assert_int_equal(export_count_rows(path), 0);
	write_text(path, "");
	assert_int_equal(export_count_rows(path), 0);
	unlink(path);
	assert_int_equal(export_count_rows(path), -1);
}

static void exec_ok(sqlite3 *db, const char *sql)
{
	assert_int_equal(db_exec(db, sql), 0);
}

/* Three dialogues scored: one with a contact of its own, one reached only
 * through a deal's customer, one anonymous (left out). */
static sqlite3 *fixture_db(const char *path)
{
	sqlite3 *db;
	unlink(path);
	db = db_open(path);
	assert_non_null(db);
	exec_ok(db,
		"INSERT INTO dialogues(id, has_contact, email, phone, content_hash, ingested_at)"
		" VALUES('d-1', 1, 'ann@example.com', '', 'h1', 0),"
		" ('d-2', 0, NULL, NULL, 'h2', 0), ('d-3', 0, NULL, NULL, 'h3', 0);"
		"INSERT INTO identifiers(kind, value, customer_id) VALUES"
		" ('dialogue', 'd-1', 5), ('email', 'ann@example.com', 5), ('crm', 'C-2', 5),"
		" ('crm', 'C-1', 5), ('phone', '79120000000', 5),"
		" ('dialogue', 'd-2', 6), ('phone', '79990000000', 6);"
		"INSERT INTO scores(dialogue_id, content_hash, lead_score, lead_grade, premature,"
		" missed, top_factors, model_version, scored_at, changed_at) VALUES"
		" ('d-1', 'h1', 80, 'A', 1, 0, '=asked about prices; handed over', 'lq-1', 1795392000, 100),"
		" ('d-2', 'h2', NULL, NULL, 0, 1, '', NULL, 1795392000, 200),"
		" ('d-3', 'h3', 10, 'D', 0, 0, '', 'lq-1', 1795392000, 300);");
	return db;
}

static char *slurp(const char *path)
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

/* Paths of this process, so that parallel test runs never share files. */
static const char *tmp_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "/tmp/leadqa-test-%ld-%s", (long)getpid(), name);
	return buf;
}

static void test_export_run(void **state)
{
	char b1[128], b2[128], b3[128];
	const char *dbp = tmp_path(b1, sizeof(b1), "export.db");
	const char *csv = tmp_path(b2, sizeof(b2), "export.csv");
	const char *csv2 = tmp_path(b3, sizeof(b3), "export-delta.csv");
	struct export_options o = { 0 };
	struct export_result r;
	sqlite3 *db = fixture_db(dbp);
	char *text;
	(void)state;
	unlink(csv);
	unlink(csv2);
	o.path = csv;
	assert_int_equal(export_run(db, &o, &r), 0);
	assert_int_equal(r.n_rows, 2);
	text = slurp(csv);
	assert_string_equal(text, EXPORT_HEADER "\r\n"
		"C-1,ann@example.com,79120000000,d-1,80,A,yes,no,"
		"'=asked about prices; handed over,lq-1,2026-11-23T00:00:00Z\r\n"
		",,79990000000,d-2,,,no,yes,,,2026-11-23T00:00:00Z\r\n");
	free(text);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM exports WHERE n_rows = 2"), 1);

	/* incremental: nothing changed after the last export (written "now") */
	o.path = csv2;
	o.incremental = 1;
	assert_int_equal(export_run(db, &o, &r), 0);
	assert_int_equal(r.n_rows, 0);
	assert_int_equal(export_count_rows(csv2), 0);
	o.path = csv;

	/* fewer rows than the file holds: refused, the file kept */
	o.incremental = 0;
	o.force = 0;
	o.has_since = 1;
	o.since = 150;
	assert_int_equal(export_run(db, &o, &r), -1);
	assert_int_equal(export_count_rows(csv), 2);
	o.force = 1;
	assert_int_equal(export_run(db, &o, &r), 0);
	assert_int_equal(r.n_rows, 1);
	assert_int_equal(export_count_rows(csv), 1);
	db_close(db);
	unlink(csv);
	unlink(csv2);
	remove_db(dbp);
}

static void test_export_unwritable(void **state)
{
	char b1[128];
	const char *dbp = tmp_path(b1, sizeof(b1), "export2.db");
	struct export_options o = { 0 };
	struct export_result r;
	sqlite3 *db = fixture_db(dbp);
	(void)state;
	o.path = "/proc/leadqa-no-such-dir/leads.csv";
	assert_int_equal(export_run(db, &o, &r), -1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM exports"), 0);
	db_close(db);
	remove_db(dbp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cell_plain),
		cmocka_unit_test(test_cell_quoting),
		cmocka_unit_test(test_cell_formula_guard),
		cmocka_unit_test(test_cell_utf8),
		cmocka_unit_test(test_count_rows),
		cmocka_unit_test(test_export_run),
		cmocka_unit_test(test_export_unwritable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
