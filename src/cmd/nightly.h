/* nightly.h — the whole night in one run: ingest what is new in the inbox,
 * retrain when due, score, write the report and the export, and point the
 * "latest" links at them.
 *
 * The stages are the subcommands themselves (include/cmd.h), called in this
 * process on one database handle, so that the night does exactly what the
 * commands do when run by hand.  Every stage keeps its own promise of
 * atomicity (ingest: one transaction per file; train: a model file renamed
 * into place and then recorded; score: batched transactions; report and
 * export: written aside and renamed), and every decision the night takes
 * depends only on the database and the clock (now_epoch(), which honours
 * $LEADQA_NOW): a night killed at any moment and run again finishes with the
 * same results as a night never interrupted.
 *
 * Outputs, for the night's date D (UTC, or --date):
 *   OUT/reports/D/index.html ...   OUT/reports/latest -> D
 *   OUT/exports/leads-D.csv        OUT/exports/latest.csv -> leads-D.csv
 * The links are replaced atomically (a new link renamed over the old one).
 *
 * The caller holds the run lock (lock.h).  A summary of the night (what was
 * loaded, skipped, trained, scored and written, and how long each step took)
 * goes to standard error and into the runs table (summary: JSON text). */
#ifndef LEADQA_NIGHTLY_H
#define LEADQA_NIGHTLY_H

#include <stddef.h>
#include <stdint.h>
#include "cmd.h"
#include "config.h"

/* Lists the files of an inbox folder that the night loads: regular files,
 * sorted by name (bytewise), leaving out hidden names ('.' first) and files
 * still being copied (names ending in .tmp or .part).  Returns the count with
 * *files a NULL-terminated array the caller frees with nightly_free_list(),
 * or -1 after an error message. */
long nightly_list_inbox(const char *dir, char ***files);
void nightly_free_list(char **files);

/* Does the night need a new model?  Yes when there is none, when the newest
 * is older than cfg->retrain_max_age_days, or when at least
 * cfg->retrain_min_outcomes more dialogues are labeled now (formats.md
 * section 4) than the newest model was trained on.  `why` gets the reason in
 * words.  1 yes, 0 no, -1 after an error message. */
int nightly_retrain_due(sqlite3 *db, const struct night_config *cfg, int64_t now,
			char *why, size_t whysz);

/* Runs the night.  `ctx` carries the open database; `date` is "YYYY-MM-DD"
 * or NULL for today.  Returns the exit status: EXIT_OK, EXIT_SKIPPED when
 * inputs were skipped, EXIT_FAILED when a step failed (what earlier steps
 * did stays). */
int nightly_run(struct lq_context *ctx, const struct night_config *cfg, const char *date);

#endif
