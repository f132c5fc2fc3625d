/* deal_summary.h — one row per deal, kept up to date as the stage history
 * grows, so that the report's funnel, lead-handling and data-quality pages
 * read a deal's summary instead of folding its stage rows and matching it
 * to a dialogue again every night; and running counts of the dialogues, so
 * that the data-quality page does not count the whole table.
 *
 * deal_summary (schema version 7; version 8 indexes it by opening time, and
 * the open bot leads nobody touched apart, so that the report reads only
 * the deals of the nights it shows) holds, per deal_id, what the fold of all
 * its stage rows gives (deal_fold below: opening, last change, furthest
 * stage, lost, won, creator bot or not, first touch by a person and by
 * whom, first won/lost, first qualification by a person, the largest named
 * dialogue, whether a row gives a contact), its customer (identifiers of
 * kind 'deal') and its dialogue: the one the CRM names when it is loaded,
 * else the same customer's latest dialogue in the 30 days before the deal
 * opened, with that dialogue's channel, lead grade and score and whether
 * it had a premature offer or a missed escalation.
 *
 * What makes a row outdated, and how it is noticed:
 *   - a stage row inserted, changed or deleted: triggers on deal_events
 *     append the deal to deal_changes (deal_events has no rowid to take a
 *     watermark on);
 *   - a dialogue loaded (rowid above the watermark dialogues_rowid), its
 *     start changed on a re-export, or deleted (triggers): the deals that
 *     name it, that matched it, and those of its customer;
 *   - two customers merged (merges.id above the watermark merges_id): the
 *     deals of the customer kept;
 *   - a score written, changed or deleted for a dialogue some deal matched:
 *     the deals matched to it, noted by the score's writers
 *     (deal_summary_note_scores; a trigger on scores would make every
 *     write of the scorer keep a statement journal).
 * deal_summary_update() recomputes those deals only (or rebuilds the
 * table in one ordered pass when they are many, and the first time), in
 * one transaction.  store_counts keeps the watermarks and the dialogue
 * counts (dialogues, dialogues_anonymous, dialogues_no_start,
 * dialogues_later_version): rows above the watermark are counted by the
 * update, changes and deletions of rows below it by triggers. */
#ifndef LEADQA_DEAL_SUMMARY_H
#define LEADQA_DEAL_SUMMARY_H

#include <sqlite3.h>
#include <stdint.h>

#include "util.h"

/* One deal's stage rows, folded in any order (the result does not depend
 * on it).  Times INT64_MAX when none. */
struct deal_fold {
	struct strbuf id, creator, manager, named;
	int64_t opened, last, touch, closed, qual_at;
	int creator_rank, reached, won, lost, reach, rows;
};

void deal_fold_init(struct deal_fold *f);
void deal_fold_reset(struct deal_fold *f, const char *id);
/* One stage row: stage, changed_at, changed_by, dialogue_id ("" none),
 * whether it gives an e-mail or a phone. */
void deal_fold_row(struct deal_fold *f, const char *stage, int64_t at, const char *by,
		   const char *named, int reach);
void deal_fold_release(struct deal_fold *f);
/* 1 new .. 5 won; lost and unknown stages reach nothing beyond new. */
int deal_stage_rank(const char *stage);

struct deal_summary_stats {
	long deals;             /* deals recomputed (all of them on a rebuild) */
	long dialogues;         /* dialogues newly counted */
	int rebuilt;
};

/* Brings deal_summary and the dialogue counts up to date.  Its own
 * transaction: call it outside any.  0, or -1 after an error message. */
int deal_summary_update(sqlite3 *db, struct deal_summary_stats *st);

/* Notes that the scores of the dialogues `ids_sql` selects (one column of
 * dialogue ids; program text, never input) were written or deleted, so
 * that the deals matched to them are recomputed.  0, or -1 after an error
 * message. */
int deal_summary_note_scores(sqlite3 *db, const char *ids_sql);

/* The same for one dialogue at a time, from a writer's own loop: two
 * statements prepared once, each a single-row step without a trigger. */
struct deal_summary_noter {
	sqlite3_stmt *matched, *note;
};
int deal_summary_noter_open(struct deal_summary_noter *n, sqlite3 *db);
int deal_summary_noter_note(struct deal_summary_noter *n, sqlite3 *db, const char *dialogue_id);
void deal_summary_noter_close(struct deal_summary_noter *n);

/* A running count of store_counts, -1 after an error message. */
int64_t deal_summary_count(sqlite3 *db, const char *name);

#endif
