/* loader.c — what every loader shares while it loads one file: reporting a
 * bad record with its file and line, and keeping it in input_problems. */
#include "compat.h"
#include "loader.h"
#include "db.h"

#include <stdarg.h>
#include <stdio.h>

/* Inserts a problem row without printing it; 0 or -1. */
int ingest_problem_quiet(struct ingest_file_ctx *c, long line, const char *msg)
{
	sqlite3_stmt *st = db_prepare(c->db, "INSERT INTO input_problems(file_id, path, line,"
				      " message, at) VALUES(?, ?, ?, ?, ?)");
	int rc;
	if (!st)
		return -1;
	db_bind_opt_int(st, 1, c->file_id, c->file_id > 0);
	db_bind_text(st, 2, c->path);
	db_bind_opt_int(st, 3, line, line > 0);
	db_bind_text(st, 4, msg);
	sqlite3_bind_int64(st, 5, c->now);
	rc = db_step_done(c->db, st);
	sqlite3_finalize(st);
	return rc;
}

int ingest_problem(struct ingest_file_ctx *c, long line, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!(c->settings && c->settings->silent))
		error_at(c->path, line, "%s", msg);
	ingest_problem_quiet(c, line, msg);
	return -1;
}
