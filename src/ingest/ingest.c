/* ingest.c — loading one input file: its fingerprint, one transaction per
 * file with the loader of its kind (ingest_kind.c tells it), and the record
 * of problems and rejected files that the report shows. */
#include "compat.h"
#include "ingest.h"
#include "db.h"
#include "loader.h"
#include "transcripts_load.h"

#include <pthread.h>
#include <stdatomic.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

/* Problems kept with a rejected file (the rest were printed). */
#define MAX_KEPT_PROBLEMS 100
/* Transcript files from this size on are loaded while their fingerprint is
 * taken (smaller ones: the fingerprint costs too little to bother). */
#define OVERLAP_BYTES ((off_t)4 << 20)

/* ---- one file ---- */

static int forget_rejected(sqlite3 *db, const char *fp)
{
	static const char *const sql[2] = {
		"DELETE FROM input_problems WHERE file_id IN"
		" (SELECT id FROM files WHERE fingerprint = ? AND status = 'rejected')",
		"DELETE FROM files WHERE fingerprint = ? AND status = 'rejected'",
	};
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = db_prepare(db, sql[i]);
		int rc;
		if (!st)
			return -1;
		db_bind_text(st, 1, fp);
		rc = db_step_done(db, st);
		sqlite3_finalize(st);
		if (rc)
			return -1;
	}
	return 0;
}

static int64_t insert_file_row(sqlite3 *db, const char *fp, const char *path, const char *kind,
			       int64_t now, const char *status, const char *message)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO files(fingerprint, path, kind, loaded_at,"
				      " status, message) VALUES(?, ?, ?, ?, ?, ?)");
	int rc;
	if (!st)
		return -1;
	db_bind_text(st, 1, fp);
	db_bind_text(st, 2, path);
	db_bind_text(st, 3, kind);
	sqlite3_bind_int64(st, 4, now);
	db_bind_text(st, 5, status);
	db_bind_text(st, 6, message);
	rc = db_step_done(db, st);
	sqlite3_finalize(st);
	return rc ? -1 : sqlite3_last_insert_rowid(db);
}

static int finish_file_row(struct ingest_file_ctx *c, const char *status, const char *message)
{
	sqlite3_stmt *st = db_prepare(c->db, "UPDATE files SET status = ?, n_records = ?,"
				      " n_skipped = ?, n_replaced = ?, n_unchanged = ?, message = ?"
				      " WHERE id = ?");
	int rc;
	if (!st)
		return -1;
	db_bind_text(st, 1, status);
	sqlite3_bind_int64(st, 2, c->n_records);
	sqlite3_bind_int64(st, 3, c->n_skipped);
	sqlite3_bind_int64(st, 4, c->n_replaced);
	sqlite3_bind_int64(st, 5, c->n_unchanged);
	db_bind_text(st, 6, message);
	sqlite3_bind_int64(st, 7, c->file_id);
	rc = db_step_done(c->db, st);
	sqlite3_finalize(st);
	return rc;
}

struct kept_problem {
	long line;
	char *message;
};

struct kept_problems {
	struct kept_problem *v;
	size_t n, alloc;
};

/* What the loader recorded, read back before the rollback removes it. */
static void keep_problems(sqlite3 *db, int64_t file_id, struct kept_problems *k)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT coalesce(line, 0), message FROM input_problems"
				      " WHERE file_id = ? ORDER BY id DESC LIMIT ?");
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, file_id);
	sqlite3_bind_int(st, 2, MAX_KEPT_PROBLEMS);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ALLOC_GROW(k->v, k->n, k->alloc);
		k->v[k->n].line = sqlite3_column_int64(st, 0);
		k->v[k->n].message = xstrdup(db_col_text(st, 1));
		k->n++;
	}
	sqlite3_finalize(st);
}

static void release_problems(struct kept_problems *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i].message);
	free(k->v);
}

/* A rejected file is recorded in a small transaction of its own, so that the
 * report shows it; its fingerprint does not block a later try. */
static int record_rejected(sqlite3 *db, const char *fp, const char *path, enum input_kind kind,
			   int64_t now, const struct kept_problems *k, const char *why)
{
	struct ingest_file_ctx c;
	const char *message = why ? why : k->n ? k->v[0].message : "the file was rejected";
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.path = path;
	c.now = now;
	if (db_begin(db))
		return -1;
	if (fp) {
		if (forget_rejected(db, fp))
			goto fail;
		c.file_id = insert_file_row(db, fp, path, ingest_kind_name(kind), now, "rejected", message);
		if (c.file_id < 0)
			goto fail;
	}
	/* oldest first, as they were found */
	for (size_t i = k->n; i-- > 0;)
		if (ingest_problem_quiet(&c, k->v[i].line, k->v[i].message))
			goto fail;
	if (why && ingest_problem_quiet(&c, 0, why))
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/* Did the last statement fail for the database itself (disk, lock, I/O)
 * rather than for the file's content? */
static int database_failed(sqlite3 *db)
{
	switch (sqlite3_errcode(db)) {
	case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_CORRUPT: case SQLITE_NOMEM:
	case SQLITE_READONLY: case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_CANTOPEN:
	case SQLITE_NOTADB: case SQLITE_PERM:
		return 1;
	default:
		return 0;
	}
}

static int run_loader(struct ingest_file_ctx *c, enum input_kind kind, struct fp_job *job)
{
	switch (kind) {
	case INPUT_TRANSCRIPTS: return transcripts_load_with(c, job);
	case INPUT_DEALS: return deals_load(c);
	case INPUT_LABELS: return labels_load(c);
	default: return -1;
	}
}

static void print_summary(const struct ingest_file_ctx *c, enum input_kind kind)
{
	const char *what = kind == INPUT_TRANSCRIPTS ? "dialogues" :
			   kind == INPUT_DEALS ? "deal rows" : "labels";
	if (kind == INPUT_TRANSCRIPTS)
		info("%s: loaded %ld new dialogues, %ld replaced, %ld unchanged, %ld skipped%s",
		     c->path, c->n_records - c->n_replaced, c->n_replaced, c->n_unchanged,
		     c->n_skipped, c->truncated ? "; broke off (partial)" : "");
	else
		info("%s: loaded %ld %s, %ld unchanged, %ld skipped%s", c->path, c->n_records, what,
		     c->n_unchanged, c->n_skipped, c->truncated ? "; broke off (partial)" : "");
}

static void add_totals(struct ingest_totals *t, const struct ingest_file_ctx *c,
		       enum input_kind kind)
{
	if (!t)
		return;
	if (c->truncated)
		t->files_partial++;
	else
		t->files_loaded++;
	if (kind == INPUT_TRANSCRIPTS) {
		t->dialogues += c->n_records;
		t->dialogues_replaced += c->n_replaced;
	} else if (kind == INPUT_DEALS) {
		t->deal_rows += c->n_records;
	} else {
		t->labels += c->n_records;
	}
	t->skipped += c->n_skipped;
}

static void report_seen(const char *path, int64_t id, const char *when_path,
			struct ingest_totals *t)
{
	info("%s: seen before (same content as '%s', file #%lld): nothing changed", path,
	     when_path, (long long)id);
	if (t)
		t->files_seen_before++;
}

static int set_fingerprint(struct ingest_file_ctx *c, const char *fp)
{
	sqlite3_stmt *st = db_prepare(c->db, "UPDATE files SET fingerprint = ? WHERE id = ?");
	int rc;
	if (!st)
		return -1;
	db_bind_text(st, 1, fp);
	sqlite3_bind_int64(st, 2, c->file_id);
	rc = db_step_done(c->db, st);
	sqlite3_finalize(st);
	return rc;
}

/* After a load under a provisional fingerprint: the real one replaces it,
 * or the load is undone when the file was seen before or is unreadable.
 * 0 to go on and commit; else what ingest_file returns (-1 on a database
 * failure, after the rollback). */
static int adopt_fingerprint(struct ingest_file_ctx *c, struct fp_job *job,
			     struct ingest_totals *t, int *done)
{
	struct kept_problems none = { NULL, 0, 0 };
	int v = fp_settle(c->db, job);
	*done = 1;
	if (v == FP_SEEN || v == FP_FAILED) {
		db_rollback(c->db);
		if (v == FP_SEEN) {
			report_seen(c->path, job->seen_id, job->seen_path, t);
			return 0;
		}
		error_at(c->path, 0, "%s", job->why);
		if (t)
			t->files_rejected++;
		return record_rejected(c->db, NULL, c->path, INPUT_UNKNOWN, c->now, &none,
				       job->why) ? -1 : 1;
	}
	if (v == FP_NEW && !forget_rejected(c->db, job->fp) && !set_fingerprint(c, job->fp)) {
		*done = 0;
		return 0;
	}
	db_rollback(c->db);
	return error("%s: not loaded: the database failed", c->path);
}

/* Loads a file of a known kind in one transaction.  0 / 3 as ingest_file,
 * 1 when the loader rejected it, -1 on a database failure.  With `job`, fp
 * is not known yet: the file row carries a provisional one meanwhile. */
static int load_in_transaction(struct ingest_file_ctx *c, const char *fp, enum input_kind kind,
			       struct ingest_totals *t, struct fp_job *job)
{
	struct kept_problems kept = { NULL, 0, 0 };
	struct strbuf provisional = STRBUF_INIT;
	int rc, done;
	if (db_begin(c->db))
		return -1;
	if (job) {
		strbuf_addf(&provisional, "loading:%s", c->path);
		fp = provisional.buf;
	} else if (forget_rejected(c->db, fp)) {
		goto dbfail;
	}
	c->file_id = insert_file_row(c->db, fp, c->path, ingest_kind_name(kind), c->now, "ok", NULL);
	if (c->file_id < 0)
		goto dbfail;
	rc = run_loader(c, kind, job);
	if (rc < 0 && database_failed(c->db))
		goto dbfail;
	if (job) {
		int ret = adopt_fingerprint(c, job, t, &done);
		if (done) {
			strbuf_release(&provisional);
			return ret;
		}
		fp = job->fp;
	}
	strbuf_release(&provisional);
	if (rc < 0) {
		keep_problems(c->db, c->file_id, &kept);
		db_rollback(c->db);
		error_at(c->path, 0, "rejected: nothing of this file was loaded");
		rc = record_rejected(c->db, fp, c->path, kind, c->now, &kept,
				     kept.n ? NULL : "the file was rejected");
		release_problems(&kept);
		if (t)
			t->files_rejected++;
		return rc ? -1 : 1;
	}
	if (finish_file_row(c, c->truncated ? "partial" : "ok", NULL) || db_commit(c->db))
		goto dbfail;
	print_summary(c, kind);
	add_totals(t, c, kind);
	return c->truncated || c->n_skipped ? 3 : 0;
dbfail:
	strbuf_release(&provisional);
	db_rollback(c->db);
	return error("%s: not loaded: the database failed", c->path);
}

/* Is this a transcript file big enough to load while its fingerprint is
 * taken? */
static int worth_overlapping(const char *path)
{
	struct stat st;
	char why[256];
	if (!transcripts_want_reader_thread() || stat(path, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size < OVERLAP_BYTES)
		return 0;
	return ingest_detect_kind_why(path, why, sizeof(why)) == INPUT_TRANSCRIPTS;
}

/* Loads a big transcript file while another thread takes its fingerprint.
 * Returns as ingest_file, or -2 when that thread could not start. */
static int ingest_overlapped(struct ingest_file_ctx *c, struct ingest_totals *t)
{
	struct fp_job job;
	int rc = -1;
	memset(&job, 0, sizeof(job));
	job.path = c->path;
	atomic_init(&job.done, 0);
	if ((job.want_legacy = fingerprint_legacy_wanted(c->db)) < 0)
		return -1;
	if (fp_start(&job))
		return -2;
	c->ident = identity_open(c->db);
	if (c->ident)
		rc = load_in_transaction(c, NULL, INPUT_TRANSCRIPTS, t, &job);
	fp_join(&job);
	identity_close(c->ident);
	free(job.seen_path);
	return rc;
}

int ingest_file(sqlite3 *db, const char *path, const struct ingest_settings *s,
		struct ingest_totals *t)
{
	struct ingest_file_ctx c;
	struct kept_problems none = { NULL, 0, 0 };
	char fp[33], legacy[33] = "", why[512];
	enum input_kind kind;
	int64_t seen_id = 0;
	char *seen_path = NULL;
	int rc;
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.settings = s;
	c.path = path;
	c.now = now_epoch();
	if (worth_overlapping(path) && (rc = ingest_overlapped(&c, t)) != -2)
		return rc;
	if ((rc = fingerprint_legacy_wanted(db)) < 0)
		return -1;
	if (fingerprint_file(path, fp, rc ? legacy : NULL, why, sizeof(why))) {
		error_at(path, 0, "%s", why);
		if (t)
			t->files_rejected++;
		return record_rejected(db, NULL, path, INPUT_UNKNOWN, c.now, &none, why) ? -1 : 1;
	}
	rc = fingerprint_seen_before(db, fp, legacy, &seen_id, &seen_path);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		report_seen(path, seen_id, seen_path, t);
		free(seen_path);
		return 0;
	}
	kind = ingest_detect_kind_why(path, why, sizeof(why));
	if (kind == INPUT_UNKNOWN) {
		error_at(path, 0, "rejected: %s", why);
		if (t)
			t->files_rejected++;
		return record_rejected(db, fp, path, kind, c.now, &none, why) ? -1 : 1;
	}
	if (kind != INPUT_LABELS && !(c.ident = identity_open(db)))
		return -1;
	rc = load_in_transaction(&c, fp, kind, t, NULL);
	identity_close(c.ident);
	return rc;
}

int ingest_files(sqlite3 *db, char *const *paths, size_t n, const struct ingest_settings *s,
		 struct ingest_totals *t)
{
	size_t done = 0;
	int status = 0;
	/* ingest_detect_kind reads a few KiB of each file */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < n; k++) {
			int rc;
			if ((ingest_detect_kind(paths[k]) == INPUT_LABELS) != pass)
				continue;
			rc = ingest_file(db, paths[k], s, t);
			if (rc < 0) {
				t->files_failed += (long)(n - done);
				return -1;
			}
			done++;
			if (rc != 0)
				status = 3;
		}
	}
	return status;
}
