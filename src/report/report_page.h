/* report_page.h — what the page modules of the report share (private to
 * src/report/; report.h is the interface).
 *
 * The report is a folder: index.html (the night's key figures, trends and
 * breakdowns), fix.html (what to fix first: findings grouped by cause),
 * flagged-N.html (flagged dialogues by severity, paginated),
 * d/<name>.html (one page per flagged dialogue, capped), funnel.html,
 * model.html, detectors.html, handling.html, quality.html and c/<id>.html
 * (the timeline of a customer an example names).  Pages are document trees
 * (html.h) with charts as inline SVG (svg.h); nothing refers to a file,
 * font, script or address outside the folder, so it can be zipped and mailed.
 *
 * The folder appears whole or not at all: it is built in DIR.tmp-<pid> and
 * renamed over DIR (an existing DIR is renamed away first, then removed). */
#ifndef LEADQA_REPORT_PAGE_H
#define LEADQA_REPORT_PAGE_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include "eval.h"
#include "figures.h"
#include "handling.h"
#include "report.h"
#include "html.h"

/* Best-scored unflagged leads of the night listed on the overview, each
 * with a page of its own. */
#define REPORT_BEST_LEADS 10

struct report_ctx {
	sqlite3 *db;
	const struct report_options *o;
	int ru;                      /* interface language is Russian */
	char *dir;                   /* the folder being built */
	char night[11], prev_night[11];  /* nights with data: the newest up to
					  * `day`, and the one before it */
	int has_night, has_prev;
	char day[11];                /* the night reported: a completed local day */
	int no_new_input;            /* `day` brought no dialogue: `night` is older */
	const char *tz;              /* its zone's name ("UTC" by default) */
	struct figures figs;
	const struct night_values *cur, *prev;
	char **pages;                /* dialogue ids given a page, sorted */
	size_t n_pages, alloc_pages;
	long n_flagged, n_listed;
	long n_files;                /* HTML files written */
	char *model_version;         /* newest model, NULL when none */
	struct eval_report eval;     /* detectors against trainers, over every night */
	int eval_state;              /* 0 evaluated, 1 nothing to evaluate, 2 no labels */
	/* the deals the funnel matched to a dialogue, read once for it and the
	 * lead-handling page (which releases them) */
	struct hdl_matches deal_matches;
	int have_deal_matches;
	/* the deals as the lead-handling page folded them, with what the data
	 * quality page's sweeps take (deals_more), when that page kept them;
	 * the matches above then stay: deals_more points into them */
	struct hdl_set deals;
	struct hdl_kept deals_more;
	int have_deals;
};

/* Disagreements listed on the detectors page (each with a dialogue page). */
#define REPORT_MAX_DISAGREEMENTS 300

/* Turn-tag disagreements, detector against the trainers' majority, for
 * every labeled and scored dialogue: ?1 = how many at most.  Columns:
 * dialogue_id, n, tag, detector (0/1), trainers saying yes, trainers who
 * tagged that dialogue's turns. */
extern const char report_tag_disagreements_sql[];

/* The interface text in the report's language. */
const char *report_tr(const struct report_ctx *c, const char *en, const char *ru);
#define T(c, en, ru) report_tr((c), (en), (ru))

/* A page with the shared stylesheet, header and navigation; `depth` is 0 for
 * pages at the top of the folder and 1 for d/ pages; `nav` names the active
 * entry ("index", "flagged", ...).  *main gets the <main> element. */
struct html_doc *report_page(struct report_ctx *c, const char *title, const char *nav,
			     int depth, struct html_node **main);
/* Writes a page to DIR/relpath (counts it).  0 or -1. */
int report_page_write(struct report_ctx *c, struct html_doc *doc, const char *relpath);

/* A safe file name for a dialogue page, "d/<name>.html": the id's letters,
 * digits, '-' and '_' (at most 40) and a hash of the whole id, so that no id
 * can leave the folder or collide with another. */
void report_dialogue_path(const char *id, char *out, size_t outsz);
/* Does the dialogue have its own page? */
int report_has_page(const struct report_ctx *c, const char *id);
/* A link to the dialogue's page when it has one, else its id as text. */
void report_dialogue_ref(struct report_ctx *c, struct html_node *parent, const char *id, int depth);

/* A scrollable table with a caption and column headers (<th scope=col>);
 * returns the <tbody>. */
struct html_node *report_table(struct html_node *parent, const char *caption,
			       const char *const *headers, size_t n);
/* A row whose first cell is a row header (<th scope=row>). */
struct html_node *report_row(struct html_node *tbody, const char *header);
void report_cell_text(struct html_node *tr, const char *text);
void report_cell_num(struct html_node *tr, double v, int percent);
void report_cell_int(struct html_node *tr, long long v);
/* The one row of an empty table: "nothing here" across all its columns. */
void report_empty_row(const struct report_ctx *c, struct html_node *tbody, size_t n_cols);
/* A definition paragraph under a heading. */
void report_note(struct html_node *parent, const char *text);

/* Where a night (a local date) ends, in the report's zone.  0 or -1. */
int report_night_end(const struct report_ctx *c, const char *night, int64_t *t);

/* "bot · Ava", "operator · op-7", or "bot" alone for an unnamed one, in
 * the report's language, into out. */
void report_performer(const struct report_ctx *c, const char *kind, const char *who, char *out, size_t outsz);

/* A turn tag in words ("problem-stated" -> "problem stated", «проблема названа»). */
const char *report_tag_label(const struct report_ctx *c, const char *tag);
/* A lead-score factor phrase (stored in English) in the report's language. */
void report_factor(const struct report_ctx *c, const char *en, char *out, size_t outsz);

/* A finding kind in words ("premature-cross-sell" -> "Premature cross-sell"). */
const char *report_finding_label(const struct report_ctx *c, const char *kind);

int report_overview(struct report_ctx *c);
int report_flagged(struct report_ctx *c);
int report_dialogues(struct report_ctx *c);
int report_funnel(struct report_ctx *c);
int report_model(struct report_ctx *c);
int report_detectors(struct report_ctx *c);
int report_quality(struct report_ctx *c);
/* handling.html: how the bot's leads are worked (report_handling.c). */
int report_handling(struct report_ctx *c);
/* The data-quality page's section on what the bot did to the CRM
 * (report_crmcheck.c), appended to `main`. */
int report_crmcheck(struct report_ctx *c, struct html_node *main);
/* A link to the merged customer's timeline page c/<id>.html, written on the
 * first link (report_customer.c); `depth` as for report_page().  0 or -1. */
int report_customer_ref(struct report_ctx *c, struct html_node *parent, int64_t customer,
			const char *text, int depth);
/* The reference time of the CRM figures: the end of the reported night,
 * or the report's "now" when earlier (handling.h). */
int64_t report_crm_ref(const struct report_ctx *c);
/* The start of the first night the report shows (INT64_MIN when it shows
 * none): the funnel, lead-handling and CRM figures cover the deals opened
 * from it to report_crm_ref (report_handling.c). */
int64_t report_crm_from(const struct report_ctx *c);
/* "bot leads opened 2026-10-25 – 2026-11-23": the window's first and last
 * night into out (YYYY-MM-DD – YYYY-MM-DD), "" when no window. */
void report_crm_window(const struct report_ctx *c, char *out, size_t n);

/* The process's CPU time (user + system), seconds: the report's timing
 * lines give it beside the wall time, which a busy machine inflates. */
double report_cpu_seconds(void);
/* The data-quality page's section on what retention dropped (none when it
 * never ran). */
int report_retention(struct report_ctx *c, struct html_node *main);
/* "What to fix first": gathers the causes (before the pages are chosen),
 * adds each cause's worst dialogues to the pages, writes fix.html. */
int fixfirst_prepare(struct report_ctx *c);
int fixfirst_examples(struct report_ctx *c, void (*add)(struct report_ctx *, const char *));
int report_fixfirst(struct report_ctx *c);
/* The evaluation, before the pages are chosen: adds the dialogues of the
 * disagreements (findings and turn tags) to the pages. */
int report_eval_prepare(struct report_ctx *c, void (*add)(struct report_ctx *, const char *));
/* The table by performer (bot instance or operator), into `main`. */
int report_performers(struct report_ctx *c, struct html_node *main);

/* A customer's path, oldest first: their dialogues, the events in them that
 * matter (downloads, calls, forms, handoffs) and their deals' stage changes,
 * as rows (at, what, a, b, c); ?1 the customer, ?2 the row limit.  DEAL_C is
 * the deal rows' last column, over deal_events e: the dialogue page shows
 * who changed the stage, the customer's timeline that and the dialogue
 * named. */
#define CUSTOMER_PATH_SQL(DEAL_C) \
	"SELECT at, what, a, b, c FROM (" \
	" SELECT d.started AS at, 'dialogue' AS what, d.id AS a, coalesce(d.channel, '') AS b," \
	"  coalesce(d.page, '') AS c FROM identifiers i JOIN dialogues d ON d.id = i.value" \
	"  WHERE i.customer_id = ?1 AND i.kind = 'dialogue'" \
	" UNION ALL SELECT coalesce(e.at, d.started), e.type, e.dialogue_id, coalesce(e.item, e.target, ''), ''" \
	"  FROM identifiers i JOIN dialogues d ON d.id = i.value JOIN events e ON e.dialogue_id = d.id" \
	"  WHERE i.customer_id = ?1 AND i.kind = 'dialogue' AND e.type IN ('download', 'call', 'form', 'handoff')" \
	" UNION ALL SELECT e.changed_at, 'deal', e.deal_id, e.stage, " DEAL_C \
	"  FROM identifiers i JOIN deal_events e ON e.deal_id = i.value" \
	"  WHERE i.customer_id = ?1 AND i.kind = 'deal'" \
	") ORDER BY at, what, a LIMIT ?2"

#endif
