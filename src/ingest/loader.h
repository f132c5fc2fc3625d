/* loader.h — what the loaders of one input file share (private to
 * src/ingest/): the file's context, opened by ingest_file() inside the
 * file's transaction, and the reporting of bad records.  The loaders count
 * what they kept in the context. */
#ifndef LEADQA_LOADER_H
#define LEADQA_LOADER_H

#include <stdint.h>
#include <sqlite3.h>
#include "ingest.h"
#include "identity.h"
#include "util.h"

struct ingest_file_ctx {
	sqlite3 *db;
	struct identity *ident;
	const struct ingest_settings *settings;
	const char *path;           /* as given on the command line */
	int64_t file_id;            /* files.id of this load */
	int64_t now;
	long n_records;             /* dialogues / deal rows / labels kept */
	long n_skipped;             /* records skipped with a problem */
	long n_replaced;            /* dialogues replaced by a changed re-export */
	long n_unchanged;           /* records already present, unchanged */
	int truncated;              /* the file broke off: what came before was kept */
};

/* Prints "leadqa: FILE:LINE: message" and records it in input_problems (inside
 * the file's transaction).  Returns -1. */
int ingest_problem(struct ingest_file_ctx *c, long line, const char *fmt, ...) LQ_PRINTF(3, 4);
/* Records a problem without printing it (it was printed already); 0 or -1. */
int ingest_problem_quiet(struct ingest_file_ctx *c, long line, const char *msg);

/* The kind of a file; why gets the reason when it is INPUT_UNKNOWN. */
enum input_kind ingest_detect_kind_why(const char *path, char *why, size_t whysz);

/* The loaders.  Each runs inside the transaction ingest_file() opened.
 * Return 0 when the file was read to its end (some records may have been
 * skipped), 1 when it broke off after some complete records (they stay,
 * c->truncated is set), -1 when the whole file must be rejected (the caller
 * rolls back; the message was printed). */
int transcripts_load(struct ingest_file_ctx *c);
int deals_load(struct ingest_file_ctx *c);
int labels_load(struct ingest_file_ctx *c);

#endif
