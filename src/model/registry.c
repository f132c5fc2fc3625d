/* registry.c — the `models` table (registry.h). */
#include "compat.h"
#include "registry.h"
#include "db.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RECORD_COLS "version, path, trained_at, learner, kernel, n_train, n_pos," \
	" cv_auc, cv_accuracy, time_auc, brier, metrics"
#define NEWEST_FIRST " ORDER BY trained_at DESC, version DESC"

void model_record_release(struct model_record *r)
{
	free(r->version);
	free(r->path);
	free(r->learner);
	free(r->kernel);
	free(r->metrics);
	memset(r, 0, sizeof(*r));
}

static double col_num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static void read_record(sqlite3_stmt *st, struct model_record *r)
{
	const unsigned char *metrics = sqlite3_column_text(st, 11);
	r->version = xstrdup(db_col_text(st, 0));
	r->path = xstrdup(db_col_text(st, 1));
	r->trained_at = sqlite3_column_int64(st, 2);
	r->learner = xstrdup(db_col_text(st, 3));
	r->kernel = xstrdup(db_col_text(st, 4));
	r->n_train = sqlite3_column_int64(st, 5);
	r->n_pos = sqlite3_column_int64(st, 6);
	r->cv_auc = col_num(st, 7);
	r->cv_accuracy = col_num(st, 8);
	r->time_auc = col_num(st, 9);
	r->brier = col_num(st, 10);
	r->metrics = metrics ? xstrdup((const char *)metrics) : NULL;
}

int registry_record(sqlite3 *db, const struct lq_model *m, const char *path, int64_t at)
{
	struct strbuf js = STRBUF_INIT;
	const char *metrics = model_metrics_json(m);
	const char *names[4] = { "cv_auc", "cv_accuracy", "time_auc", "brier" };
	size_t len = strlen(metrics);
	int ret;
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO models(" RECORD_COLS ")"
				      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return -1;
	/* the table also keeps how long training took (the file must not) */
	strbuf_add(&js, metrics, len > 0 ? len - 1 : 0);
	strbuf_addf(&js, ",\"train_seconds\":%.3f}", model_train_seconds(m));
	db_bind_text(st, 1, model_version(m));
	db_bind_text(st, 2, path);
	sqlite3_bind_int64(st, 3, at);
	db_bind_text(st, 4, model_learner_used(m));
	db_bind_text(st, 5, model_kernel_used(m));
	sqlite3_bind_int64(st, 6, (sqlite3_int64)model_n_train(m));
	sqlite3_bind_int64(st, 7, (sqlite3_int64)model_n_pos(m));
	for (int i = 0; i < 4; i++) {
		double v = model_metric(m, names[i]);
		if (isnan(v))
			sqlite3_bind_null(st, 8 + i);
		else
			sqlite3_bind_double(st, 8 + i, v);
	}
	db_bind_text(st, 12, js.buf);
	ret = db_step_done(db, st);
	sqlite3_finalize(st);
	strbuf_release(&js);
	return ret;
}

void registry_list_free(struct model_record *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		model_record_release(&rows[i]);
	free(rows);
}

int registry_list(sqlite3 *db, size_t max, struct model_record **rows, size_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " RECORD_COLS " FROM models" NEWEST_FIRST " LIMIT ?");
	int rc;
	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	*rows = xcalloc(max ? max : 1, sizeof(**rows));
	sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
	while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_record(st, &(*rows)[(*n)++]);
	if (*n < max && rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return error("database: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return 0;
}

int registry_newest_present(sqlite3 *db, struct model_record *r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " RECORD_COLS " FROM models" NEWEST_FIRST);
	int rc;
	memset(r, 0, sizeof(*r));
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (access(db_col_text(st, 1), R_OK))
			continue;
		read_record(st, r);
		sqlite3_finalize(st);
		return 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}

/* The counter after the prefix: "0007.model" or "0007" gives 7. */
static int counter_of(const char *s)
{
	long v = strtol(s, NULL, 10);
	return v > 0 && v < 1000000000 ? (int)v : 0;
}

int registry_max_counter(sqlite3 *db, const char *prefix)
{
	size_t plen = strlen(prefix);
	int best = 0;
	sqlite3_stmt *st = db_prepare(db, "SELECT version FROM models WHERE substr(version, 1, ?) = ?");
	if (!st)
		return 0;
	sqlite3_bind_int(st, 1, (int)plen);
	db_bind_text(st, 2, prefix);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (counter_of(db_col_text(st, 0) + plen) > best)
			best = counter_of(db_col_text(st, 0) + plen);
	sqlite3_finalize(st);
	return best;
}

int registry_has_file(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM models WHERE version || '.model' = ?");
	int found = 1;     /* when in doubt, keep the file */
	if (!st)
		return found;
	db_bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW)
		found = sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	return found;
}
