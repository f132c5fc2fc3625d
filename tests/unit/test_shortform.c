/* test_shortform.c — the short stored forms of the start time's text and
 * of an event's attribute lines give back exactly what was written, are
 * short where the columns repeat it, and leave alone what they cannot give
 * back (fractions of seconds, lowercase zones, values that differ from the
 * column, lines that already look short). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "shortform.h"
#include "util.h"

/* 2026-07-27T01:03:07+05:00 */
#define T1 ((int64_t)1785096187)

static void roundtrip_time(int64_t epoch, const char *text, const char *want)
{
	char zone[8];
	struct strbuf out = STRBUF_INIT;
	const char *s = shortform_time(epoch, text, zone);
	assert_string_equal(s, want);
	assert_string_equal(shortform_time_text(epoch, 1, s, &out), text);
	strbuf_release(&out);
}

static void test_time(void **state)
{
	struct strbuf out = STRBUF_INIT;
	(void)state;
	roundtrip_time(T1, "2026-07-27T01:03:07+05:00", "+05:00");
	roundtrip_time(T1, "2026-07-26T20:03:07Z", "Z");
	roundtrip_time(T1, "2026-07-26T16:33:07-03:30", "-03:30");
	roundtrip_time(T1, "2026-07-26T20:03:07-00:00", "-00:00");
	roundtrip_time(0, "1970-01-01T00:00:00Z", "Z");
	roundtrip_time(-1, "1969-12-31T23:59:59Z", "Z");
	roundtrip_time(951782400, "2000-02-29T00:00:00Z", "Z");     /* a leap day */
	roundtrip_time(4102444799LL, "2099-12-31T23:59:59Z", "Z");
	/* what the zone does not give back stays whole */
	roundtrip_time(T1, "2026-07-26T20:03:07.000Z", "2026-07-26T20:03:07.000Z");
	roundtrip_time(T1, "2026-07-26T20:03:07z", "2026-07-26T20:03:07z");
	roundtrip_time(T1, "2026-07-26 20:03:07Z", "2026-07-26 20:03:07Z");
	roundtrip_time(T1, "2026-07-26T20:03Z", "2026-07-26T20:03Z");
	roundtrip_time(T1, "2026-07-26T20:03:08Z", "2026-07-26T20:03:08Z");
	roundtrip_time(T1, "2026-07-26T20:03:07+0000", "2026-07-26T20:03:07+0000");
	/* no epoch: the stored form is the text */
	assert_string_equal(shortform_time_text(0, 0, "Z", &out), "Z");
	assert_null(shortform_time_text(T1, 1, NULL, &out));
	strbuf_release(&out);
}

static void roundtrip_attrs(const char *type, int64_t at, int has_at, const char *target,
			    const char *item, const char *attrs, const char *want)
{
	struct strbuf out = STRBUF_INIT, back = STRBUF_INIT;
	const char *s = shortform_attrs(type, at, has_at, target, item, attrs, &out);
	if (!want) {
		assert_null(s);
	} else {
		assert_string_equal(s, want);
		assert_string_equal(shortform_attrs_text(type, at, has_at, target, item, s, &back), attrs);
	}
	strbuf_release(&out);
	strbuf_release(&back);
}

static void test_attrs(void **state)
{
	(void)state;
	roundtrip_attrs("handoff", T1, 1, "op-23", NULL,
			"type=handoff\nat=2026-07-27T01:03:07+05:00\nto=op-23\n", "type\nat+05:00\nto\n");
	roundtrip_attrs("download", T1, 1, NULL, "price-list.pdf",
			"type=download\nat=2026-07-26T20:03:07Z\nitem=price-list.pdf\n", "type\natZ\nitem\n");
	/* other attributes, and any order, stay as they are */
	roundtrip_attrs("handoff", T1, 1, "op-1", NULL,
			"type=handoff\nto=op-1\nat=2026-07-26T20:03:07Z\nqueue=billing\n",
			"type\nto\natZ\nqueue=billing\n");
	/* a value other than its column's is kept whole */
	roundtrip_attrs("handoff", T1, 1, "op-1", NULL,
			"type=handoff\nto=op-2\nat=2026-07-26T20:03:08Z\n",
			"type\nto=op-2\nat=2026-07-26T20:03:08Z\n");
	/* no time column: the time line stays */
	roundtrip_attrs("close", 0, 0, NULL, NULL, "type=close\nat=2026-07-26T20:03:07Z\n",
			"type\nat=2026-07-26T20:03:07Z\n");
	/* a line without '=' would read back as a short one: all kept */
	roundtrip_attrs("close", T1, 1, NULL, NULL, "type=close\nweird\n", "type=close\nweird\n");
	/* nothing shorter: the same text */
	roundtrip_attrs("x", T1, 1, NULL, NULL, "a=b\n", "a=b\n");
	/* no trailing line break */
	roundtrip_attrs("close", T1, 1, NULL, NULL, "type=close\nat=2026-07-26T20:03:07Z",
			"type\natZ");
	roundtrip_attrs("close", T1, 1, NULL, NULL, NULL, NULL);
}

/* The SQL functions give the same, and the upgrade's short_* undo the
 * readers' time_text / event_attrs. */
static void test_sql(void **state)
{
	sqlite3 *db = db_open(":memory:");
	sqlite3_stmt *st;
	(void)state;
	assert_non_null(db);
	st = db_prepare(db, "SELECT short_time(1785096187, '2026-07-27T01:03:07+05:00'),"
			" time_text(1785096187, '+05:00'), time_text(NULL, '+05:00'), short_time(NULL, 'x'),"
			" short_attrs('close', 1785096187, NULL, NULL, 'type=close\nat=2026-07-26T20:03:07Z\n'),"
			" event_attrs('close', 1785096187, NULL, NULL, 'type\natZ\n'), event_attrs('a', 1, 2, 3, NULL)");
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "+05:00");
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "2026-07-27T01:03:07+05:00");
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "+05:00");
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "x");
	assert_string_equal((const char *)sqlite3_column_text(st, 4), "type\natZ\n");
	assert_string_equal((const char *)sqlite3_column_text(st, 5), "type=close\nat=2026-07-26T20:03:07Z\n");
	assert_int_equal(sqlite3_column_type(st, 6), SQLITE_NULL);
	sqlite3_finalize(st);
	db_close(db);
}

/* A content hash goes in as 16 bytes and comes back as its hex digits;
 * anything else stays the text it is. */
static void test_hash(void **state)
{
	sqlite3 *db = db_open(":memory:");
	sqlite3_stmt *put, *get;
	const char *vals[] = { "0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF",
			       "h1", "dropped", "0123456789abcdef0123456789abcde" };
	int blob[] = { 1, 0, 0, 0, 0 };
	char out[33];
	(void)state;
	assert_non_null(db);
	assert_int_equal(db_exec(db, "CREATE TABLE h(k INTEGER PRIMARY KEY, v)"), 0);
	put = db_prepare(db, "INSERT INTO h(k, v) VALUES(?1, ?2)");
	get = db_prepare(db, "SELECT v, typeof(v), length(v), hash_text(v), hash_blob(hash_text(v)) = v"
			 " FROM h WHERE k = ?1");
	for (int i = 0; i < 5; i++) {
		sqlite3_bind_int(put, 1, i);
		assert_int_equal(shortform_bind_hash(put, 2, vals[i]), SQLITE_OK);
		assert_int_equal(sqlite3_step(put), SQLITE_DONE);
		sqlite3_reset(put);
		sqlite3_bind_int(get, 1, i);
		assert_int_equal(sqlite3_step(get), SQLITE_ROW);
		shortform_col_hash(get, 0, out);
		assert_string_equal(out, vals[i]);
		assert_string_equal((const char *)sqlite3_column_text(get, 1), blob[i] ? "blob" : "text");
		if (blob[i])
			assert_int_equal(sqlite3_column_int(get, 2), 16);
		assert_string_equal((const char *)sqlite3_column_text(get, 3), vals[i]);
		assert_int_equal(sqlite3_column_int(get, 4), 1);
		sqlite3_reset(get);
	}
	sqlite3_finalize(put);
	sqlite3_finalize(get);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_attrs),
		cmocka_unit_test(test_sql),
		cmocka_unit_test(test_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
