/* transcripts_load.h — what the transcript loader shares with ingest.c
 * (private to src/ingest/): the fingerprint of a big transcript file, taken
 * by a thread while the file loads (ingest.c starts and judges it, the
 * loader asks for its verdict; fingerprint.c), and whether a reader
 * thread is wanted.
 *
 * A file's fingerprint decides whether it was loaded before, and reading a
 * big file for it costs about a fifth of parsing it.  So for a big
 * transcript file a third thread takes the fingerprint while the load goes
 * on under a provisional one; the loader asks for the verdict as soon as
 * it is there (and always before it records a problem or prints anything),
 * and a file seen before stops there and is rolled back, as if never
 * started. */

#ifndef LEADQA_TRANSCRIPTS_LOAD_H
#define LEADQA_TRANSCRIPTS_LOAD_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include "loader.h"

enum { FP_PENDING, FP_NEW, FP_SEEN, FP_FAILED };
/* transcripts_load's result when it stopped for the fingerprint's verdict */
#define LOAD_ABANDONED 2

struct fp_job {
	const char *path;
	pthread_t thread;
	atomic_int done;            /* the thread has finished */
	int joined;
	int verdict;                /* FP_*: judged by the loading thread */
	int rc;                     /* fingerprint_file()'s result */
	char fp[33], why[512];
	int want_legacy;            /* take legacy too (fingerprint_legacy_wanted) */
	char legacy[33];            /* "" when not taken */
	int64_t seen_id;
	char *seen_path;
};

/* The content fingerprint of a file (32 hex digits and NUL into out), and
 * when legacy is not NULL the one schema version 3 took (into legacy[33]);
 * 0, or -1 with the reason in why. */
int fingerprint_file(const char *path, char out[33], char *legacy, char *why, size_t whysz);
/* Does the database hold files known only by a legacy fingerprint (loaded
 * before schema version 4)?  Only then is a file's legacy one worth
 * taking.  1, 0, or -1 after a message. */
int fingerprint_legacy_wanted(sqlite3 *db);
/* Was a file with fingerprint fp (or legacy fingerprint `legacy`, NULL or
 * "": none) loaded before?  1 (its files.id and path, the caller frees
 * *when_path), 0, or -1 after a message. */
int fingerprint_seen_before(sqlite3 *db, const char *fp, const char *legacy, int64_t *id,
			    char **when_path);
/* Starts the thread that takes j->path's fingerprint: 0, or -1. */
int fp_start(struct fp_job *j);
/* Waits for it (once). */
void fp_join(struct fp_job *j);
/* Waits for the thread and judges its fingerprint: FP_NEW, FP_SEEN or
 * FP_FAILED (the message printed); the verdict is kept in j. */
int fp_settle(sqlite3 *db, struct fp_job *j);

/* transcripts_load() while `job` (NULL: none) takes the fingerprint;
 * LOAD_ABANDONED when the file turned out to be seen before. */
int transcripts_load_with(struct ingest_file_ctx *c, struct fp_job *job);

/* Parsing in a second thread (LEADQA_INGEST_THREADS=1 turns it off). */
int transcripts_want_reader_thread(void);

#endif
