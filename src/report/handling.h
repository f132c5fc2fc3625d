/* handling.h — how the CRM's people work the leads the bot created: the
 * deals of the stage history (deal_events) read once into memory, and the
 * figures of the lead-handling page computed from them (private to
 * src/report/).
 *
 * Definitions (shown on the page, report_handling.c, in both languages):
 *   bot lead     a deal whose first stage row (earliest changed_at; at equal
 *                times `new` first) was written by `bot`; every other deal
 *                is "other"
 *   person       a changed_by that is neither empty nor `bot`
 *   first touch  the earliest stage row written by a person; a deal a
 *                manager created is touched when created.  Its writer is the
 *                deal's manager (the CSV has no owner column)
 *   open         no `won` or `lost` row
 *   untouched after k days   among deals opened at least k days before the
 *                reference time, those with no touch within k days
 *   qualified+   reached qualified, proposal, negotiation or won
 *   dialogue     the one the CRM names when it was loaded, else the same
 *                merged customer's latest dialogue in the 30 days before the
 *                deal opened (as the funnel); its lead score and grade are
 *                the deal's, its channel the deal's source
 * Everything is as of a reference time `ref`: deals opened later are left
 * out and rows written later are not yet seen, so a past night's report
 * says what was known at its end.  In the report, the figures cover the
 * deals opened in the nights it shows (hdl_set.from to ref: the trend's
 * window), so that its cost follows the window and not the history; the
 * waiting list adds the oldest open bot leads nobody touched.
 *
 * handling_build() leaves the temporary table temp.hdl_deal, one row per
 * deal, in deal id order, indexed by (customer, opened), for the call list
 * export (and the data-quality page, report_crmcheck.c, when the report kept
 * no deals in memory):
 *   deal_id, opened, touch, closed (NULL: none), reached, won,
 *   qual_at (first move by a person to qualified or later), named (the
 *   largest dialogue_id the rows give), reach (some row gives an e-mail or
 *   a phone), bot, manager (login of the first touch), customer, dialogue.
 * The dialogue is taken from the funnel page's temp.rep_deal (a view of
 * deal_summary) when it exists (the same rule), else matched here.  The funnel reads its matched deals
 * once, with their scores and channels, into struct hdl_matches
 * (handling_matches_load) and the figures here take them from it, so that
 * neither page joins every deal to the scores again.  Ownership: struct
 * hdl_set and struct hdl_matches own their arrays and strings. */
#ifndef LEADQA_HANDLING_H
#define LEADQA_HANDLING_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#define HDL_DAY 86400
#define HDL_N_DAYS 3            /* thresholds of "untouched after k days" */
#define HDL_GRADES 5            /* A, B, C, D, not scored */
#define HDL_WAITING_ROWS 20     /* rows of the report's waiting list */
#define HDL_SETTLE_DAYS 30      /* a deal's conversion is final this long after it opened */

/* Small fields: a night of a million dialogues holds most of a million
 * deals in memory at once. */
struct hdl_deal {
	int64_t opened;
	int64_t touch;          /* first touch, -1 when none (by ref) */
	int64_t closed;         /* first won/lost row, -1 when open */
	int32_t manager;        /* index into hdl_set.managers, -1 untouched */
	int16_t source;         /* index into hdl_set.sources */
	int8_t score;           /* 0..100, -1 when not scored */
	uint8_t bot;            /* created by the bot */
	uint8_t reached;        /* 1 new .. 5 won (highest stage, lost aside) */
	uint8_t won;
	uint8_t grade;          /* 0..3 = A..D, 4 = not scored */
};

/* Strings that live and die together: a deal id each for most of a
 * million deals costs less in blocks than one allocation each. */
struct hdl_arena;

/* What the data-quality page's sweeps and the waiting list take of a deal
 * besides its figures, kept by handling_build_kept (parallel to deals). */
struct hdl_more {
	char *deal_id, *named;          /* named: NULL when no row names one */
	const char *dialogue;           /* into the matches given, NULL when none */
	int64_t customer;
	int64_t qual_at;                /* -1 when no person qualified it */
	uint8_t has_customer, reach;
};

struct hdl_set {
	struct hdl_deal *deals;
	size_t n, alloc;
	char **managers, **sources;     /* interned names */
	size_t n_managers, n_sources, alloc_managers, alloc_sources;
	int64_t ref;
	/* The window's start: the figures take the deals opened from it to
	 * ref; deals opened before it are only the open bot leads nobody has
	 * touched, kept for the waiting list (INT64_MIN: every deal). */
	int64_t from;
};

/* The deals' struct hdl_more, parallel to a struct hdl_set's deals. */
struct hdl_kept {
	struct hdl_more *v;
	size_t n, alloc;
	struct hdl_arena *strings;      /* the deal ids and named dialogues */
};

/* One group's figures.  Times in seconds; NAN when undefined. */
struct hdl_stats {
	long n;                          /* deals */
	long touched;                    /* with a first touch */
	double median, p90;              /* time to first touch, touched deals */
	long eligible[HDL_N_DAYS];       /* opened >= k days before ref */
	long untouched[HDL_N_DAYS];      /* of those, no touch within k days */
	long qualified, won;             /* reached qualified+ / won */
	long young;                      /* opened < HDL_SETTLE_DAYS before ref:
					    their conversion is not final */
	long waiting;                    /* open and untouched now */
	int64_t oldest_wait;             /* longest wait of those, seconds; -1 none */
};

/* Which deals a figure takes: bot = 1 bot leads, 0 others, -1 both;
 * manager/source/grade -1 = any. */
struct hdl_filter {
	int bot, manager, source, grade;
};

/* One deal of temp.rep_deal that matched a dialogue, with that dialogue's
 * findings, lead score and channel. */
struct hdl_match {
	char *deal_id, *dialogue;
	int32_t channel;        /* index into hdl_matches.channels */
	int8_t score;           /* 0..100, -1 when not scored */
	uint8_t grade;          /* 0..3 = A..D, 4 = not scored */
	uint8_t reached, lost;  /* as in temp.rep_deal (over every row) */
	uint8_t premature, missed;
	int64_t opened;
};

struct hdl_matches {
	struct hdl_match *v;    /* in deal id order */
	size_t n, alloc;
	struct hdl_arena *strings;      /* the deal ids and dialogue ids */
	char **channels;        /* interned, "" for none */
	size_t n_channels, alloc_channels;
};

/* Reads the matched deals of deal_summary opened from `from` to `ref`
 * (inclusive), and those of the open bot leads nobody touched opened
 * earlier (the waiting list's), into *m, through the indexes on the
 * opening time.  0, or -1 after an error message. */
int handling_matches_load(sqlite3 *db, int64_t from, int64_t ref, struct hdl_matches *m);
void handling_matches_release(struct hdl_matches *m);

/* Builds temp.hdl_deal as of `ref` and fills *out as handling_build, taking
 * each deal's dialogue, score and channel from `m` (NULL: the same rule
 * applied here, the table read back). */
int handling_build_matched(sqlite3 *db, int64_t ref, const struct hdl_matches *m, struct hdl_set *out);

/* As handling_build_matched with `m` given, but writes no table and reads
 * no stage rows: the deals come from deal_summary (deal_summary.h, kept up
 * to date before the report began), only those with rows after `ref`
 * folded again from their rows.  Only the deals opened from `from` to
 * `ref`, and the earlier open bot leads nobody touched by `ref`, are read
 * (only the oldest HDL_WAITING_ROWS of those, and any opened at the same
 * time as the last, which is what the waiting list can show; through
 * indexes: the cost follows the window, not the history); each deal's id, customer, named dialogue
 * and the rest of struct hdl_more are kept in *more, for the report's
 * pages.  `m` must outlive *more. */
int handling_build_kept(sqlite3 *db, int64_t ref, int64_t from, const struct hdl_matches *m,
			struct hdl_set *out, struct hdl_kept *more);
void handling_kept_release(struct hdl_kept *k);

/* Builds temp.hdl_deal as of `ref` and reads it into *out.  0, or -1 after
 * an error message. */
int handling_build(sqlite3 *db, int64_t ref, struct hdl_set *out);
/* Builds temp.hdl_deal only (no reading), unless it exists already. */
int handling_ensure_table(sqlite3 *db, int64_t ref);
void handling_release(struct hdl_set *s);

/* The figures of the deals that pass the filter; opened_from/opened_to
 * (inclusive/exclusive, seconds) restrict by opening time, INT64_MIN and
 * INT64_MAX for all the window's (never before s->from). */
void handling_stats(const struct hdl_set *s, const struct hdl_filter *f, const int days[HDL_N_DAYS],
		    int64_t opened_from, int64_t opened_to, struct hdl_stats *out);

/* The same over the deals idx[0..n) only (idx NULL: the first n), in
 * the order given; the figures do not depend on it. */
void handling_stats_of(const struct hdl_set *s, const size_t *idx, size_t n, const struct hdl_filter *f,
		       const int days[HDL_N_DAYS], int64_t opened_from, int64_t opened_to, struct hdl_stats *out);

/* The deals grouped by manager, source or grade in one pass, so that a
 * figure per group reads that group's deals, not every deal once per
 * group: group k is idx[start[k] .. start[k + 1]), in deal order. */
enum { HDL_BY_MANAGER, HDL_BY_SOURCE, HDL_BY_GRADE };
struct hdl_groups {
	size_t *idx, *start;
	size_t n_groups;
};
void handling_group(const struct hdl_set *s, int by, size_t n_groups, struct hdl_groups *g);
void handling_groups_release(struct hdl_groups *g);

/* The q-quantile (0..1) of n sorted values, interpolated between the two
 * nearest ranks (the median of an even count is the mean of the middle two).
 * NAN when n = 0. */
double handling_quantile(const double *sorted, size_t n, double q);

/* The Wilson score interval (95%) of k successes in n trials, into *lo and
 * *hi; both NAN when n = 0. */
void handling_wilson(long k, long n, double *lo, double *hi);

/* Lead grade letter of an index 0..3, "–" for 4. */
const char *handling_grade_name(int grade);

#endif
