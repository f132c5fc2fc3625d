/* lqsql — SQL on a leadqa database as the sqlite3 shell's
 * `sqlite3 -batch -noheader DB SQL` runs it (rows as '|'-separated values,
 * NULL as nothing), with what the shell lacks: leadqa's function
 * turnpack_json(), through which the `turns` view reads the turn packs
 * (turnzip.h), and time_text() and event_attrs(), which give back the
 * texts kept in short (shortform.h).  It opens the file as it is: no
 * schema upgrade.
 *
 *   lqsql DB SQL */
#include "compat.h"
#include "shortform.h"
#include "turnzip.h"

#include <stdio.h>
#include <sqlite3.h>

int main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	const char *sql, *tail;
	int ret = 0;
	if (argc != 3) {
		fprintf(stderr, "usage: lqsql DB SQL\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    turnzip_register_sql(db) || shortform_register_sql(db)) {
		fprintf(stderr, "lqsql: cannot open '%s': %s\n", argv[1], sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	for (sql = argv[2]; *sql && !ret; sql = tail) {
		sqlite3_stmt *st = NULL;
		int rc;
		if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK) {
			fprintf(stderr, "lqsql: %s\n", sqlite3_errmsg(db));
			ret = 1;
			break;
		}
		if (!st)    /* blanks or a comment */
			continue;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *v = sqlite3_column_text(st, i);
				printf("%s%s", i ? "|" : "", v ? (const char *)v : "");
			}
			putchar('\n');
		}
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "lqsql: %s\n", sqlite3_errmsg(db));
			ret = 1;
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return ret;
}
