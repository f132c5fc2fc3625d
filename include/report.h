/* report.h — the static HTML report (`leadqa report --out DIR`).
 *
 * The report is a folder of pages (src/report/report_page.h says which)
 * that can be zipped and mailed: nothing in it refers to anything outside.
 * It appears whole or not at all: built in DIR.tmp-<pid> and renamed over
 * DIR.  The caller owns the database handle. */
#ifndef LEADQA_REPORT_H
#define LEADQA_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

struct report_options {
	const char *out_dir;
	const char *lang;            /* "ru" | "en"; NULL = the night's majority */
	const char *night;           /* "YYYY-MM-DD"; NULL = the last local day
				      * that has ended at as_of */
	const char *tz;              /* zone of the nights (tz database name); NULL = UTC */
	int window;                  /* nights in the trends (default 30) */
	int refresh;                 /* nights recomputed (default: all of the window) */
	int per_page;                /* flagged dialogues per list page (default 100) */
	int max_flagged;             /* flagged dialogues listed (default 10000) */
	int max_dialogue_pages;      /* dialogue pages written (default 2000) */
	int64_t as_of;               /* now */
	int untouched_days[3];       /* lead handling: "untouched after k days",
				      * ascending (default 1, 3, 7); the last is
				      * also when a deal in `new` counts as stuck */
	int show_personal_data;      /* 0: e-mails, phones and cards typed in turns
				      * are masked where shown (pii_mask.h) */
};
void report_options_init(struct report_options *o);

/* Writes the whole report.  0, or -1 after an error message (nothing kept). */
int report_write(sqlite3 *db, const struct report_options *o);

/* Summary of what was written, for the command's standard output. */
struct report_summary {
	char night[11];              /* the night reported (a completed local day) */
	char data_night[11];         /* the newest night with dialogues, up to it */
	int no_new_input;            /* no dialogue started on `night` */
	long n_dialogues, n_flagged, n_listed, n_dialogue_pages, n_pages;
	double seconds;
};
int report_write_summary(sqlite3 *db, const struct report_options *o, struct report_summary *sum);

#endif
