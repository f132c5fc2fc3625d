/* retention.h — what the database keeps, and for how long: the settings
 * retain_text_days and retain_scores_days (config.h) applied to it.
 *
 *   text    a dialogue that started more than retain_text_days before now
 *           loses its turns and events (the personal part: what the
 *           customer typed); its header, score, findings (their cue and
 *           reasons included), labels, deal rows and the nights' figures
 *           stay.  Only a dialogue scored as it is stored loses them, so
 *           that scoring never judges one without its turns.  Its
 *           content hash becomes RETENTION_DROPPED, so that the same
 *           dialogue exported again is loaded again, counted as new.
 *   scores  a dialogue that started more than retain_scores_days before
 *           now goes whole: its row, turns, events, score and findings.
 *           Its labels and the nights' figures stay.
 *
 * 0 days means "keep for ever".  Each run looks only at the dialogues that
 * started since the previous run's limit (kept in meta), and at those loaded
 * since that started earlier (ingest notes the oldest start it loaded),
 * through the index on dialogues.started: a night's work, not the whole
 * history.  The pages freed go back to the file system (incremental
 * vacuum). */
#ifndef LEADQA_RETENTION_H
#define LEADQA_RETENTION_H

#include <sqlite3.h>
#include <stdint.h>

#define RETENTION_DROPPED "dropped"

struct retention_counts {
	int64_t text_dialogues;     /* dialogues whose turns and events went */
	int64_t events;
	int64_t dialogues;          /* dialogues gone whole */
	int64_t findings;
	int64_t pages_freed;        /* database pages given back */
};

/* Applies both limits at `now` in one transaction, then vacuums.  Adds the
 * counts to the totals kept in meta (retention_totals) and records this
 * run's (retention_last) for the report.  0, or -1 after a message (the
 * database is as before). */
int retention_apply(sqlite3 *db, int64_t now, long text_days, long scores_days,
		    struct retention_counts *out);

/* Ingest's note, inside its transaction: dialogues that started at or
 * after `oldest_started` were loaded, for the next run to look at. */
int retention_note_loaded(sqlite3 *db, int64_t oldest_started);

/* The counts of the last run (*at its time) and the totals of every run,
 * from meta: 1, or 0 when retention never ran, -1 on error. */
int retention_read(sqlite3 *db, int64_t *at, struct retention_counts *last,
		   struct retention_counts *total);

#endif
