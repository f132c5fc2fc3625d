/* score.h — the scoring stage: every dialogue through the detectors, the
 * features and the model, results into scores, findings and turn_tags; and
 * the training set that `leadqa train` learns from (the same per-dialogue
 * pipeline, so training and scoring see identical vectors).
 *
 * Threads: one reader (its own database connection, WAL lets it read while
 * the writer writes) fills batches of dialogues; N workers judge and score
 * them; the calling thread writes the results in id order, so the database
 * ends up the same whatever N is.  Writes are batched, `per_txn` dialogues per
 * transaction.
 *
 * Shards: with shard_n > 0 only dialogues whose hash64(id, strlen(id),
 * HASH64_SEED) % shard_n == shard_k - 1 are scored, and the results go into
 * the database at out_path (opened with db_open: full schema) instead of the
 * main one; `leadqa merge` brings them back.
 *
 * Ownership: strings in struct score_settings are borrowed. */
#ifndef LEADQA_SCORE_H
#define LEADQA_SCORE_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include "detect.h"
#include "turnclf.h"
#include "model.h"
#include "outcome.h"

struct score_settings {
	const char *db_path;        /* the main database (the reader opens it again) */
	const char *model_path;     /* NULL: newest in model_dir, or none */
	const char *model_dir;      /* models and turn classifiers; default "models" */
	const char *lexicon_dir;    /* the data folder's lexicons; default "models" */
	int all;                    /* rescore everything */
	int shard_k, shard_n;       /* shard_n = 0: no sharding */
	const char *out_path;       /* shard database */
	int threads;                /* workers, default 2 */
	int per_txn;                /* dialogues per transaction, default 5000 */
	int explain;                /* reasons (top_factors); default 1 */
	int lang;                   /* enum reason_lang of the reasons; -1 (default):
				       each dialogue's own (reasons.h) */
	struct outcome_settings outcome;   /* for the customers' earlier dialogues */
};
void score_settings_init(struct score_settings *s);

struct score_totals {
	long read, scored, changed, findings, skipped_other_shard;
	double seconds;
	char model_version[64];     /* "" when scored without a model */
};

/* Scores what is new or changed (or everything with s->all).  0 or -1. */
int score_run(sqlite3 *db, const struct score_settings *s, struct score_totals *t);

/* "A" (>= 75), "B" (>= 50), "C" (>= 25), "D". */
const char *score_grade(int lead_score);

/* Path of the newest model file in dir by version order (names
 * lq-YYYYMMDD-NNNN.model sort in time order), newly allocated; NULL when none. */
char *score_newest_model(const char *dir);

/* Builds the training set: every labeled dialogue of `os`, in id order,
 * judged by det, featured with `layout`, scaling ranges learned on the set
 * itself and applied.  0 or -1. */
int score_collect_training(sqlite3 *db, const struct detector *det, const struct turnclf_set *clf,
			   const struct outcome_set *os, const struct feature_layout *layout,
			   struct train_set *ts);

/* Per-thread pipeline, exposed for tests and tools: detect, extract, assemble. */
struct pipeline;
struct pipeline *pipeline_new(const struct detector *det, const struct feature_layout *layout);
/* Adds the learned turn classifiers (turnclf_load) to the detector; a NULL
 * or empty set leaves the lexicons alone.  The set must outlive p. */
void pipeline_use_classifiers(struct pipeline *p, const struct turnclf_set *clf);
void pipeline_free(struct pipeline *p);
/* Runs the detectors and extracts raw features; results stay in p. */
int pipeline_run(struct pipeline *p, const struct dialogue *d, int prior_contacts);
const struct detect_result *pipeline_findings(const struct pipeline *p);
const struct feature_raw *pipeline_raw(const struct pipeline *p);

#endif
