/* figures.h — the night's key figures, computed from the database with
 * aggregate SQL and kept per night in night_figures for the trends.
 *
 * A night is the local date of the dialogues' start in the report's zone
 * (figures_options.tz, UTC by default): local midnight to local midnight.  The figures of a night
 * (definitions are shown on the report's overview, figure_definition()):
 *   dialogues        dialogues that started that night
 *   fcr              first-contact resolution: share of scored dialogues that
 *                    ended resolved (the detector tagged a problem-resolved
 *                    turn, or no problem was stated and no finding was made)
 *                    and after which the same merged customer did not start
 *                    another dialogue within 7 days (anonymous visitors cannot
 *                    be followed: they count on resolution alone)
 *   escalation       share of dialogues with a handoff event
 *   missed           share of scored dialogues with a missed-escalation finding
 *   premature        share of scored dialogues with a premature cross-sell
 *   qualified        qualified-lead rate: share qualified among the dialogues
 *                    whose lead-quality label is decided (outcome.h, as of now)
 *   judged           how many dialogues have a decided label
 *   scored           dialogues scored
 *   grade_a..grade_d dialogues per lead grade
 * each for all dialogues, for bot-only ones and for those handed to a human.
 *
 * figures_compute() recomputes the newest `refresh` nights and any night of
 * the window missing from night_figures, stores them (one transaction), and
 * reads the whole window back.  It leaves the temporary table
 * temp.fig_dialogue with one row per dialogue of the recomputed nights (the
 * newest night always among them), for breakdowns:
 *   id, night, started, customer, has_contact, handoff, scored, premature,
 *   missed, ctx_lost, resolved, repeat7, fcr, outcome (1, 0 or NULL), page,
 *   channel, agent, agent_kind ('bot' | 'operator'), grade, score, severity,
 *   lang
 * Ownership: struct figures owns its array; figures_release() frees it. */
#ifndef LEADQA_FIGURES_H
#define LEADQA_FIGURES_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

enum figure {
	FIG_DIALOGUES, FIG_FCR, FIG_ESCALATION, FIG_MISSED, FIG_PREMATURE,
	FIG_QUALIFIED, FIG_JUDGED, FIG_SCORED,
	FIG_GRADE_A, FIG_GRADE_B, FIG_GRADE_C, FIG_GRADE_D,
	FIG_COUNT
};
enum figure_group { GROUP_ALL, GROUP_BOT, GROUP_HANDED, GROUP_COUNT };

const char *figure_name(enum figure f);            /* "fcr", "grade_a", ... */
int figure_is_share(enum figure f);                /* 0..1 values */
/* For shares: is a higher value better?  (1 fcr/qualified, 0 missed...) */
int figure_higher_is_better(enum figure f);
/* Key under which a figure of a group is stored: "fcr", "fcr@bot", "fcr@handed". */
void figure_key(enum figure f, enum figure_group g, char *out, size_t outsz);

struct night_values {
	char night[11];
	double v[GROUP_COUNT][FIG_COUNT];              /* NAN = undefined */
};

struct figures {
	struct night_values *nights;                   /* oldest first */
	size_t n;
	size_t n_recomputed;
	char (*pending)[11];     /* with defer_store: nights computed, not yet stored */
	size_t n_pending;
	char day[11];            /* the night asked for: --night, else the last
				  * local day that has ended at as_of; the newest
				  * night with data is nights[n-1] (an older one
				  * when that day brought no dialogue) */
	int64_t newest_started;  /* start of the newest dialogue up to as_of */
	int has_newest;
};

struct figures_options {
	const char *night;       /* night to report, "YYYY-MM-DD"; NULL = the last
				  * local day that has ended at as_of */
	int window;              /* nights in the trend (default 30) */
	int refresh;             /* newest nights recomputed (default: the whole window) */
	int64_t as_of;           /* now (labels judged as of this moment) */
	int defer_store;         /* keep recomputed nights for figures_store_pending(),
				  * so that a caller can compute inside a read
				  * transaction (one snapshot) and store after it */
	const char *tz;          /* zone of the nights (tz database name); NULL = UTC.
				  * night_figures holds nights of one zone: after
				  * changing it, recompute the whole window */
};

/* Stores the nights figures_compute() left pending (defer_store).  0, or -1
 * after an error message. */
int figures_store_pending(sqlite3 *db, struct figures *f);

/* 0; 1 when the database has no dialogue with a start time (out->n = 0);
 * -1 after an error message. */
int figures_compute(sqlite3 *db, const struct figures_options *o, struct figures *out);
void figures_release(struct figures *f);

/* The night before `night` that has dialogues, into prev[11]; 0 when found,
 * 1 when none, -1 on error. */
int figures_previous_night(sqlite3 *db, const char *night, char prev[11]);

/* Creates the indexes the report's queries need, when missing. */
int figures_ensure_indexes(sqlite3 *db);

#endif
