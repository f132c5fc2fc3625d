/* export_handling.c — the managers' call list (see export_handling.h). */
#include "compat.h"
#include "export_handling.h"
#include "export.h"
#include "handling.h"
#include "db.h"
#include "safefile.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char list_sql[] =
	"SELECT h.deal_id,"
	" (SELECT min(i.value) FROM identifiers i WHERE i.customer_id = h.customer AND i.kind = 'crm'),"
	" (SELECT min(i.value) FROM identifiers i WHERE i.customer_id = h.customer AND i.kind = 'email'),"
	" (SELECT min(i.value) FROM identifiers i WHERE i.customer_id = h.customer AND i.kind = 'phone'),"
	" h.dialogue, s.lead_score, s.lead_grade, h.opened"
	" FROM temp.hdl_deal h LEFT JOIN scores s ON s.dialogue_id = h.dialogue"
	" WHERE h.bot AND h.touch IS NULL AND h.closed IS NULL"
	" ORDER BY CASE s.lead_grade WHEN 'A' THEN 0 WHEN 'B' THEN 1 WHEN 'C' THEN 2 WHEN 'D' THEN 3"
	"  ELSE 4 END, h.opened, s.lead_score DESC, h.deal_id";

static int cell(struct strbuf *row, sqlite3_stmt *st, int col, int last)
{
	int rc = export_csv_cell(row, db_col_text(st, col));
	return rc | strbuf_adds(row, last ? "\r\n" : ",");
}

static long write_list(sqlite3 *db, FILE *f, const char *name, int64_t now)
{
	sqlite3_stmt *st = db_prepare(db, list_sql);
	struct strbuf row = STRBUF_INIT;
	long n = 0;
	int rc = SQLITE_DONE;
	if (!st)
		return -1;
	strbuf_adds(&row, EXPORT_HANDLING_HEADER "\r\n");
	if (export_write_all(f, &row, name))
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char when[21];
		int64_t opened = sqlite3_column_int64(st, 7);
		int bad = 0;
		strbuf_reset(&row);
		for (int k = 0; k < 5; k++)
			bad |= cell(&row, st, k, 0);
		if (sqlite3_column_type(st, 5) != SQLITE_NULL)
			bad |= strbuf_addf(&row, "%lld", (long long)sqlite3_column_int64(st, 5));
		bad |= strbuf_addch(&row, ',');
		bad |= cell(&row, st, 6, 0);
		format_time(opened, when);
		bad |= export_csv_cell(&row, when);
		bad |= strbuf_addf(&row, ",%lld\r\n", (long long)((now - opened) / 3600));
		if (bad) {
			error("cannot format the row of deal '%s'", db_col_text(st, 0));
			goto fail;
		}
		if (export_write_all(f, &row, name))
			goto fail;
		n++;
	}
	if (rc != SQLITE_DONE) {
		error("database: %s", sqlite3_errmsg(db));
		goto fail;
	}
	sqlite3_finalize(st);
	strbuf_release(&row);
	return n;
fail:
	sqlite3_finalize(st);
	strbuf_release(&row);
	return -1;
}

int export_handling_run(sqlite3 *db, const char *path, int64_t now, long *n_rows)
{
	struct strbuf tmp = STRBUF_INIT;
	FILE *f = NULL;
	long n;
	int fd, ret = -1;
	*n_rows = 0;
	/* one snapshot for the deals and the scores */
	if (db_exec(db, "BEGIN"))
		return -1;
	if (handling_ensure_table(db, now))
		goto out;
	if (!strcmp(path, "-")) {
		n = write_list(db, stdout, "standard output", now);
		if (n < 0)
			goto out;
		if (fflush(stdout) || ferror(stdout)) {
			error("cannot write to standard output");
			goto out;
		}
		*n_rows = n;
		ret = 0;
		goto out;
	}
	fd = safe_tmpfile(path, &tmp);
	if (fd < 0)
		goto out;
	if (!(f = fdopen(fd, "wb"))) {
		error("cannot write '%s': %s", tmp.buf, strerror(errno));
		close(fd);
		goto out;
	}
	n = write_list(db, f, tmp.buf, now);
	if (n < 0)
		goto out;
	if (fflush(f) || ferror(f) || fsync(fileno(f))) {
		error("cannot write '%s': %s", tmp.buf, strerror(errno));
		goto out;
	}
	if (fclose(f)) {
		f = NULL;
		error("cannot write '%s': %s", tmp.buf, strerror(errno));
		goto out;
	}
	f = NULL;
	if (rename(tmp.buf, path)) {
		error("cannot rename '%s' to '%s': %s", tmp.buf, path, strerror(errno));
		goto out;
	}
	safe_sync_parent(path);
	*n_rows = n;
	ret = 0;
out:
	db_rollback(db);
	if (f)
		fclose(f);
	if (ret && tmp.len)
		unlink(tmp.buf);
	strbuf_release(&tmp);
	return ret;
}
