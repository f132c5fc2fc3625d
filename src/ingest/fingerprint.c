/* fingerprint.c — a file's content fingerprint and whether a file with it
 * was loaded before; for a big transcript file, the same taken by a thread
 * while the file loads (transcripts_load.h). */
#include "compat.h"
#include "contenthash.h"
#include "db.h"
#include "transcripts_load.h"
#include "util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fingerprint_file(const char *path, char out[33], char *legacy, char *why, size_t whysz)
{
	FILE *f = fopen(path, "rb");
	struct content_hash h;
	struct legacy_fingerprint old;
	char *buf;
	size_t n;
	int ret = 0;
	if (legacy)
		legacy[0] = '\0';
	if (!f) {
		snprintf(why, whysz, "cannot open: %s", strerror(errno));
		return -1;
	}
	buf = xmalloc(1 << 20);
	content_hash_init(&h);
	legacy_fingerprint_init(&old);
	while ((n = fread(buf, 1, 1 << 20, f)) > 0) {
		content_hash_add(&h, buf, n);
		if (legacy)
			legacy_fingerprint_add(&old, buf, n);
	}
	if (ferror(f)) {
		snprintf(why, whysz, "cannot read: %s", strerror(errno));
		ret = -1;
	}
	fclose(f);
	free(buf);
	content_hash_finish(&h, out);
	if (legacy)
		legacy_fingerprint_hex(&old, legacy);
	return ret;
}

int fingerprint_legacy_wanted(sqlite3 *db)
{
	int64_t n = db_query_int(db, "SELECT EXISTS (SELECT 1 FROM files"
				 " WHERE legacy_fingerprint IS NOT NULL)");
	return n < 0 ? -1 : n > 0;
}

/* 1 when a load of this content is recorded (a rejected one does not count:
 * it is tried again), 0 when not, -1 on a database error.  A row of schema
 * version 3 or before is found by its legacy fingerprint. */
int fingerprint_seen_before(sqlite3 *db, const char *fp, const char *legacy, int64_t *id,
			    char **when_path)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, path FROM files"
				      " WHERE (fingerprint = ?1 OR legacy_fingerprint = ?2)"
				      " AND status <> 'rejected' ORDER BY id LIMIT 1");
	int rc, ret;
	if (!st)
		return -1;
	db_bind_text(st, 1, fp);
	/* NULL equals nothing: without a legacy fingerprint only ?1 counts */
	db_bind_text(st, 2, legacy && *legacy ? legacy : NULL);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*when_path = xstrdup(db_col_text(st, 1));
		ret = 1;
	} else {
		ret = rc == SQLITE_DONE ? 0 : error("database: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return ret;
}

static void *fp_main(void *arg)
{
	struct fp_job *j = arg;
	j->rc = fingerprint_file(j->path, j->fp, j->want_legacy ? j->legacy : NULL, j->why,
				 sizeof(j->why));
	atomic_store(&j->done, 1);
	return NULL;
}

void fp_join(struct fp_job *j)
{
	if (!j->joined) {
		pthread_join(j->thread, NULL);
		j->joined = 1;
	}
}

/* Waits for the fingerprint and judges it (once): FP_NEW, FP_SEEN or
 * FP_FAILED (unreadable), -1 on a database error. */
int fp_settle(sqlite3 *db, struct fp_job *j)
{
	int rc;
	if (j->verdict != FP_PENDING)
		return j->verdict;
	fp_join(j);
	if (j->rc) {
		j->verdict = FP_FAILED;
		return j->verdict;
	}
	rc = fingerprint_seen_before(db, j->fp, j->legacy, &j->seen_id, &j->seen_path);
	if (rc < 0)
		return -1;
	j->verdict = rc ? FP_SEEN : FP_NEW;
	return j->verdict;
}

int fp_start(struct fp_job *j)
{
	return pthread_create(&j->thread, NULL, fp_main, j) ? -1 : 0;
}
