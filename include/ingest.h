/* ingest.h — loading one input file into the database.
 *
 * ingest_file() tells the kind of a file by its content (gzip or not; XML
 * root <dialogues> or <labels>; otherwise CSV), skips a file whose content
 * fingerprint was loaded before, and loads it in one transaction with the
 * loader of its kind.  The loaders share struct ingest_file_ctx: they report
 * bad records with ingest_problem() and count what they kept. */
#ifndef LEADQA_INGEST_H
#define LEADQA_INGEST_H

#include <stdint.h>
#include <sqlite3.h>
#include "identity.h"
#include "util.h"

enum input_kind { INPUT_UNKNOWN, INPUT_TRANSCRIPTS, INPUT_DEALS, INPUT_LABELS };

struct ingest_settings {
	uint64_t max_decompressed_bytes;   /* per file; 0 = default (8 GiB) */
	size_t max_turn_bytes;             /* per turn text; 0 = default (16 MiB) */
	size_t max_turns;                  /* per dialogue; 0 = default (INGEST_MAX_TURNS) */
};

/* Turns per dialogue unless told otherwise: far above any real chat, far
 * below what would hold the night (scoring is linear in turns, memory too). */
#define INGEST_MAX_TURNS 20000

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

/* The loaders.  Each runs inside the transaction ingest_file() opened.
 * Return 0 when the file was read to its end (some records may have been
 * skipped), 1 when it broke off after some complete records (they stay,
 * c->truncated is set), -1 when the whole file must be rejected (the caller
 * rolls back; the message was printed). */
int transcripts_load(struct ingest_file_ctx *c);
int deals_load(struct ingest_file_ctx *c);
int labels_load(struct ingest_file_ctx *c);

struct ingest_totals {
	long files_loaded, files_partial, files_rejected, files_seen_before;
	long files_failed;          /* not loaded: the database failed (disk full) */
	long dialogues, dialogues_replaced, deal_rows, labels, skipped;
};

/* `leadqa ingest` (cmd_ingest) also writes its totals to *sink when given
 * one (the night reports them); NULL stops that. */
void cmd_ingest_totals_to(struct ingest_totals *sink);

/* Loads one file.  Returns 0 when fully loaded or seen before, 3 when loaded
 * with skipped records or broken off, 1 when rejected.  Totals accumulate. */
int ingest_file(sqlite3 *db, const char *path, const struct ingest_settings *s,
		struct ingest_totals *totals);

/* Tells the kind of a file by its first bytes (gunzipped when needed). */
enum input_kind ingest_detect_kind(const char *path);

#endif
