/* ingest.h — loading one input file into the database.
 *
 * ingest_file() tells the kind of a file by its content (gzip or not; XML
 * root <dialogues> or <labels>; otherwise CSV), skips a file whose content
 * fingerprint was loaded before, and loads it in one transaction with the
 * loader of its kind (src/ingest/loader.h). */
#ifndef LEADQA_INGEST_H
#define LEADQA_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

enum input_kind { INPUT_UNKNOWN, INPUT_TRANSCRIPTS, INPUT_DEALS, INPUT_LABELS };

struct ingest_settings {
	uint64_t max_decompressed_bytes;   /* per file; 0 = default (8 GiB) */
	size_t max_turn_bytes;             /* per turn text; 0 = default (16 MiB) */
	size_t max_turns;                  /* per dialogue; 0 = default (INGEST_MAX_TURNS) */
	int silent;                        /* record bad records, print nothing: for the
					    * program's own shipped data (the seed) */
};

/* Turns per dialogue unless told otherwise: far above any real chat, far
 * below what would hold the night (scoring is linear in turns, memory too). */
#define INGEST_MAX_TURNS 20000

struct ingest_totals {
	long files_loaded, files_partial, files_rejected, files_seen_before;
	long files_failed;          /* not loaded: the database failed (disk full) */
	long dialogues, dialogues_replaced, deal_rows, labels, skipped;
};

/* Loads one file.  Returns 0 when fully loaded or seen before, 3 when loaded
 * with skipped records or broken off, 1 when rejected.  Totals accumulate. */
int ingest_file(sqlite3 *db, const char *path, const struct ingest_settings *s,
		struct ingest_totals *totals);

/* Loads a batch of files, label files last, so that the dialogues the labels
 * name are loaded when they are checked.  Returns 0, 3 when some file was
 * partial, rejected or had records skipped, -1 when the database failed (the
 * files not loaded then are counted in totals->files_failed).  Totals
 * accumulate. */
int ingest_files(sqlite3 *db, char *const *paths, size_t n, const struct ingest_settings *s,
		 struct ingest_totals *totals);

/* Tells the kind of a file by its first bytes (gunzipped when needed). */
enum input_kind ingest_detect_kind(const char *path);
/* "transcripts", "deals", "labels" or "unknown". */
const char *ingest_kind_name(enum input_kind k);

#endif
