/* report.c — the report's driver and shared layout (see report.h). */
#define _XOPEN_SOURCE 700
#include "compat.h"
#include "report_page.h"
#include "attribution.h"
#include "db.h"
#include "deal_summary.h"
#include "localday.h"
#include "registry.h"
#include "safefile.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <time.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char stylesheet[] =
	":root{--fg:#1d2430;--muted:#5b6573;--line:#d9dee5;--bg:#ffffff;--soft:#f4f6f9;"
	"--accent:#1f5fa8;--bad:#a12a1c;--good:#1d6b2f;--mark:#fff3c4}"
	"*{box-sizing:border-box}"
	"body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
	"color:var(--fg);background:var(--bg)}"
	".top{background:#17324f;color:#fff;padding:.6rem 1rem}"
	".top .brand{font-weight:600;margin-right:1rem}"
	".nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem;margin-top:.3rem}"
	".nav a{color:#dce7f5;text-decoration:none;padding:.1rem 0;border-bottom:2px solid transparent}"
	".nav a[aria-current]{color:#fff;border-bottom-color:#fff;font-weight:600}"
	".main{max-width:1100px;margin:0 auto;padding:1rem}"
	"h1{font-size:1.5rem;margin:.4rem 0 .2rem}h2{font-size:1.2rem;margin:1.8rem 0 .5rem;"
	"border-bottom:1px solid var(--line);padding-bottom:.2rem}h3{font-size:1rem;margin:1rem 0 .3rem}"
	"p.note,.muted{color:var(--muted);font-size:.9rem;margin:.2rem 0 .6rem}"
	"a{color:var(--accent)}"
	".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:.8rem}"
	".card{border:1px solid var(--line);border-radius:8px;padding:.7rem .8rem;background:var(--soft)}"
	".card .name{font-weight:600}.card .value{font-size:1.7rem;font-weight:700;margin:.1rem 0}"
	".card .def{color:var(--muted);font-size:.82rem;margin:.3rem 0 0}"
	".card.thin{background:#eceef1;color:var(--muted)}.card.thin .value{color:#7a828d}"
	".thin-note,.prov-note{font-size:.82rem;margin:.2rem 0;color:#7a4a00}"
	"td.empty{color:var(--muted);font-style:italic;text-align:center}td.thin{color:#8a93a0}td .n{color:var(--muted);font-size:.78rem}"
	".delta{font-size:.88rem}.better{color:var(--good)}.worse{color:var(--bad)}.same{color:var(--muted)}"
	".scroll{overflow-x:auto;margin:.4rem 0 1rem;-webkit-overflow-scrolling:touch}"
	"table{border-collapse:collapse;width:100%;font-size:.9rem}.scroll table{min-width:34rem}"
	"caption{text-align:left;font-weight:600;padding:.3rem 0;caption-side:top}"
	"th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}"
	"thead th{background:var(--soft);vertical-align:bottom;hyphens:auto;overflow-wrap:anywhere}"
	"td.id,td.when,th[scope=row] a{white-space:nowrap}.reasons div+div{margin-top:.35rem;padding-top:.35rem;border-top:1px dotted var(--line)}"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	"tbody tr:nth-child(even){background:#fafbfc}"
	".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(440px,100%),1fr));gap:1rem}"
	".figure{margin:0}.figcaption{font-weight:600;font-size:.92rem;margin-bottom:.2rem}"
	"svg.chart{width:100%;height:auto;max-width:720px;display:block}"
	"svg .axis{stroke:#6b7480;stroke-width:1}svg .grid{stroke:#e3e7ec;stroke-width:1}"
	"svg .ref{stroke:#8a93a0;stroke-width:1;stroke-dasharray:4 4}"
	"svg .series{fill:none;stroke-width:2}svg .bar{fill:#1f5fa8}"
	"svg text{font-size:11px;fill:#2b3440}svg .tick{fill:#5b6573}svg .val{font-weight:600}"
	"svg .cell{font-size:10px}svg .cell.dark{fill:#fff}"
	".turn{border-left:4px solid var(--line);padding:.35rem .6rem;margin:.35rem 0;background:#fff}"
	/* the customer on the left on grey, the bot and the operator indented
	 * on white with their own colour: who speaks is seen at a glance */
	".turn.client{border-left-color:#8a93a0;background:#eef1f5;margin-right:2rem}"
	".turn.bot{border-left-color:#1f5fa8;margin-left:2rem;border:1px solid #d6e2f1;border-left:4px solid #1f5fa8}"
	".turn.operator{border-left-color:#2e7d32;margin-left:2rem;border:1px solid #d3e8d5;border-left:4px solid #2e7d32}"
	".turn .tags{font-size:.78rem;color:var(--muted);margin:.1rem 0}"
	".tag.trainer{border-color:#b26a00;background:#fff3e0}"
	".turn .who{font-size:.82rem;color:var(--muted)}"
	".turn .text{white-space:pre-wrap;overflow-wrap:anywhere}"
	".turn.evidence{background:var(--mark);border-left-color:#b26a00;border-left-width:6px}"
	".flag{display:inline-block;font-weight:600;color:#7a4a00;font-size:.85rem}"
	".tag{display:inline-block;border:1px solid var(--line);border-radius:10px;padding:0 .45rem;"
	"font-size:.75rem;margin-left:.3rem;background:var(--soft)}"
	".event{font-size:.85rem;color:var(--muted);margin:.3rem 0 .3rem 1rem}"
	".pager{display:flex;flex-wrap:wrap;gap:.4rem;margin:.8rem 0}"
	".pager a,.pager span{padding:.15rem .5rem;border:1px solid var(--line);border-radius:4px}"
	".pager span{background:var(--soft);font-weight:600}"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.4rem 0}"
	"dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}"
	".alarm{background:#fdecea;border-left:6px solid var(--bad);padding:.5rem .8rem;font-weight:600;margin:.6rem 0}"
	"ul.note{color:var(--muted);font-size:.9rem;margin:.2rem 0 .6rem;padding-left:1.2rem}"
	"td .ci{color:var(--muted);font-size:.76rem}.hdl thead th{white-space:normal;vertical-align:bottom}"
	".banner{border:2px solid #b26a00;background:var(--mark);border-radius:6px;padding:.5rem .8rem;margin:.5rem 0}"
	".footer{color:var(--muted);font-size:.8rem;padding:1rem;text-align:center}"
	"@media (max-width:600px){body{font-size:14px}.main{padding:.6rem}h1{font-size:1.25rem}"
	".card .value{font-size:1.4rem}dl.facts{grid-template-columns:1fr}dl.facts dt{margin-top:.3rem}"
	/* a table as wide as its content; the row's name stays in view while
	 * its numbers scroll */
	".scroll table{min-width:0;font-size:.85rem}th,td{padding:.3rem .35rem}"
	"thead th{overflow-wrap:normal;hyphens:manual}"
	"tbody th[scope=row]{position:sticky;left:0;background:#fff;z-index:1}"
	"tbody tr:nth-child(even) th[scope=row]{background:#fafbfc}"
	/* chart text is in the chart's units: larger, to stay readable when
	 * the chart is drawn at phone width */
	"svg text{font-size:16px}svg .cell{font-size:14px}"
	".turn.client{margin-right:.8rem}.turn.bot,.turn.operator{margin-left:.8rem}}"
	"@media print{.top .nav,.pager{display:none}.top{background:none;color:#000;"
	"border-bottom:2px solid #000}body{font-size:11pt}.main{max-width:none;padding:0}"
	".scroll{overflow:visible}a{color:#000;text-decoration:none}"
	".card,.figure,tr,.turn{break-inside:avoid}.turn.evidence{border-left:6px solid #000}}";

void report_options_init(struct report_options *o)
{
	memset(o, 0, sizeof(*o));
	o->window = 30;
	o->per_page = 100;
	o->max_flagged = 10000;
	o->max_dialogue_pages = 2000;
	o->as_of = now_epoch();
	o->untouched_days[0] = 1;
	o->untouched_days[1] = 3;
	o->untouched_days[2] = 7;
}

const char *report_tr(const struct report_ctx *c, const char *en, const char *ru)
{
	return c->ru ? ru : en;
}

static const struct {
	const char *key, *path, *en, *ru;
} nav_items[] = {
	{ "index", "index.html", "Overview", "Обзор" },
	{ "fix", "fix.html", "What to fix first", "Что исправить" },
	{ "flagged", "flagged-1.html", "Flagged dialogues", "Отмеченные диалоги" },
	{ "funnel", "funnel.html", "Funnel", "Воронка" },
	{ "model", "model.html", "Model", "Модель" },
	{ "detectors", "detectors.html", "Detectors", "Детекторы" },
	{ "handling", "handling.html", "Lead handling", "Работа с лидами" },
	{ "quality", "quality.html", "Data quality", "Качество данных" },
};

/* Under every title: which day the night is, how old the newest data is,
 * and, when the night brought nothing, a banner saying so; a report that
 * silently shows an older night reads as if nothing happened. */
static void report_freshness(struct report_ctx *c, struct html_node *main)
{
	struct html_node *p;
	if (!c->day[0])
		return;
	if (c->no_new_input) {
		struct html_node *b = html_attr(html_el_class(main, "div", "banner"), "role", "status");
		html_el_text(b, "strong", T(c, "No new input. ", "Новых данных нет. "));
		if (c->has_night)
			html_textf(b, T(c, "No dialogue started on %s (%s). The newest dialogues are of %s; "
					   "the figures below are of that night.",
					"Ни один диалог не начался %s (%s). Новейшие диалоги — за %s; "
					"показатели ниже относятся к той ночи."),
				   c->day, c->tz, c->night);
		else
			html_textf(b, T(c, "No dialogue started on %s (%s) or before it.",
					"Ни один диалог не начался %s (%s) или раньше."), c->day, c->tz);
	}
	p = html_el_class(main, "p", "muted");
	html_textf(p, T(c, "Night %s: the whole local day in %s", "Ночь %s: полные сутки по поясу %s"),
		   c->day, c->tz);
	if (c->figs.has_newest) {
		char when[17];
		double age = (double)(c->o->as_of - c->figs.newest_started) / 3600.0;
		localday_format(c->figs.newest_started, c->tz, when);
		if (age < 48)
			html_textf(p, T(c, " · newest data %s, %.0f h before this report",
					" · новейшие данные %s, за %.0f ч до отчёта"), when, age < 0 ? 0 : age);
		else
			html_textf(p, T(c, " · newest data %s, %.0f days before this report",
					" · новейшие данные %s, за %.0f дн. до отчёта"), when, age / 24);
	}
}

struct html_doc *report_page(struct report_ctx *c, const char *title, const char *nav,
			     int depth, struct html_node **main)
{
	struct strbuf full = STRBUF_INIT;
	struct html_doc *doc;
	struct html_node *body, *header, *nv, *footer;
	const char *base = depth ? "../" : "";

	strbuf_addf(&full, "%s — leadqa %s", title, c->day);
	doc = html_doc_new(c->ru ? "ru" : "en", strbuf_str(&full), stylesheet);
	strbuf_release(&full);
	body = html_body(doc);
	header = html_attr(html_el_class(body, "div", "top"), "role", "banner");
	html_textf(html_el_class(header, "span", "brand"), "leadqa · %s %s",
		   T(c, "night", "ночь"), c->day[0] ? c->day : "—");
	nv = html_attr(html_el_class(header, "div", "nav"), "role", "navigation");
	html_attr(nv, "aria-label", T(c, "Report pages", "Страницы отчёта"));
	for (size_t i = 0; i < sizeof(nav_items) / sizeof(nav_items[0]); i++) {
		char href[64];
		struct html_node *a;
		snprintf(href, sizeof(href), "%s%s", base, nav_items[i].path);
		a = html_link(nv, href, T(c, nav_items[i].en, nav_items[i].ru));
		if (nav && !strcmp(nav, nav_items[i].key))
			html_attr(a, "aria-current", "page");
	}
	*main = html_attr(html_el_class(body, "div", "main"), "role", "main");
	html_el_text(*main, "h1", title);
	report_freshness(c, *main);
	footer = html_attr(html_el_class(body, "div", "footer"), "role", "contentinfo");
	{
		char when[21];
		format_time(c->o->as_of, when);
		html_textf(footer, "leadqa %s · %s %s", LEADQA_VERSION,
			   T(c, "generated", "создан"), when);
	}
	return doc;
}

int report_page_write(struct report_ctx *c, struct html_doc *doc, const char *relpath)
{
	struct strbuf path = STRBUF_INIT;
	int rc;
	strbuf_addf(&path, "%s/%s", c->dir, relpath);
	html_fill_empty_tables(doc, T(c, "Nothing here.", "Здесь ничего нет."));
	rc = html_write(doc, strbuf_str(&path));
	strbuf_release(&path);
	html_doc_free(doc);
	if (!rc)
		c->n_files++;
	return rc;
}

void report_dialogue_path(const char *id, char *out, size_t outsz)
{
	char safe[41];
	size_t n = 0;
	for (const char *p = id; *p && n < sizeof(safe) - 1; p++) {
		char ch = *p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')
			safe[n++] = ch;
	}
	safe[n] = 0;
	snprintf(out, outsz, "d/%s%s%016llx.html", safe, n ? "-" : "",
		 (unsigned long long)hash64(id, strlen(id), HASH64_SEED));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int report_has_page(const struct report_ctx *c, const char *id)
{
	return c->n_pages && bsearch(&id, c->pages, c->n_pages, sizeof(char *), cmp_str) != NULL;
}

void report_dialogue_ref(struct report_ctx *c, struct html_node *parent, const char *id, int depth)
{
	char path[128], href[136];
	if (!report_has_page(c, id)) {
		html_text(parent, id);
		return;
	}
	report_dialogue_path(id, path, sizeof(path));
	snprintf(href, sizeof(href), "%s%s", depth ? "../" : "", path);
	html_link(parent, href, id);
}

struct html_node *report_table(struct html_node *parent, const char *caption,
			       const char *const *headers, size_t n)
{
	struct html_node *wrap = html_el_class(parent, "div", "scroll");
	struct html_node *table = html_el(wrap, "table"), *tr;
	if (caption)
		html_el_text(table, "caption", caption);
	tr = html_el(html_el(table, "thead"), "tr");
	for (size_t i = 0; i < n; i++)
		html_attr(html_el_text(tr, "th", headers[i]), "scope", "col");
	return html_el(table, "tbody");
}

struct html_node *report_row(struct html_node *tbody, const char *header)
{
	struct html_node *tr = html_el(tbody, "tr");
	html_attr(html_el_text(tr, "th", header), "scope", "row");
	return tr;
}

void report_cell_text(struct html_node *tr, const char *text)
{
	html_el_text(tr, "td", text);
}

void report_cell_num(struct html_node *tr, double v, int percent)
{
	char buf[32];
	if (percent) {
		if (v != v)
			snprintf(buf, sizeof(buf), "–");
		else
			snprintf(buf, sizeof(buf), "%.1f%%", v * 100);
	} else if (v != v) {
		snprintf(buf, sizeof(buf), "–");
	} else if (fabs(v) >= 1000) {
		/* never "5.34e+03": counts and sizes in full */
		snprintf(buf, sizeof(buf), "%.0f", v);
	} else {
		snprintf(buf, sizeof(buf), "%.3g", v);
	}
	html_attr(html_el_text(tr, "td", buf), "class", "num");
}

void report_cell_int(struct html_node *tr, long long v)
{
	html_attr(html_el_textf(tr, "td", "%lld", v), "class", "num");
}

void report_empty_row(const struct report_ctx *c, struct html_node *tbody, size_t n_cols)
{
	struct html_node *td = html_el(html_el(tbody, "tr"), "td");
	html_attrf(td, "colspan", "%zu", n_cols);
	html_attr(td, "class", "empty");
	html_text(td, T(c, "Nothing here.", "Здесь ничего нет."));
}

void report_note(struct html_node *parent, const char *text)
{
	html_text(html_el_class(parent, "p", "note"), text);
}

int report_night_end(const struct report_ctx *c, const char *night, int64_t *t)
{
	char next[11];
	if (localday_next(night, next) || localday_start(next, c->tz, t))
		return -1;
	return 0;
}

void report_performer(const struct report_ctx *c, const char *kind, const char *who, char *out, size_t outsz)
{
	int op = !strcmp(kind, "operator");
	const char *k = op ? T(c, "operator", "оператор") : T(c, "bot", "бот");
	if (!who || !*who || !strcmp(who, op ? "operator" : "bot"))
		snprintf(out, outsz, "%s", k);
	else
		snprintf(out, outsz, "%s · %s", k, who);
}

const char *report_finding_label(const struct report_ctx *c, const char *kind)
{
	if (!strcmp(kind, "premature-cross-sell"))
		return T(c, "Premature cross-sell", "Преждевременная допродажа");
	if (!strcmp(kind, "missed-escalation"))
		return T(c, "Missed escalation", "Пропущенная эскалация");
	if (!strcmp(kind, "handoff-context-lost"))
		return T(c, "Context lost at handoff", "Потеря контекста при передаче");
	return kind;
}

/* ---- the folder, built aside and renamed into place ---- */

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(path) ? -1 : 0;
}

static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int make_dir(const char *path)
{
	/* Inside our own fresh folder: anything already there is not ours. */
	if (safe_mkdir(path, 0755))
		return error("cannot create '%s': %s", path, strerror(errno));
	return 0;
}

static int path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* One step: the new folder and the old one exchange names (renameat2), so
 * that no kill leaves `dir` missing and the latest link dangling; the old
 * report, now under the temporary name, is removed after (or, after a kill,
 * by the next run: the name says whose it was). */
/* Leftovers of killed runs beside the folder (ours, their maker gone). */
static void clean_beside(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	char *parent = slash ? xstrndup(dir, slash == dir ? 1 : (size_t)(slash - dir)) : xstrdup(".");
	safe_clean_leftovers(parent);
	free(parent);
}

static int swap_into_place(const char *tmp, const char *dir)
{
	if (path_exists(dir)) {
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE))
			return error("cannot put '%s' in place of '%s': %s", tmp, dir, strerror(errno));
		remove_tree(tmp);
		return 0;
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_NOREPLACE))
		return error("cannot rename '%s' to '%s': %s", tmp, dir, strerror(errno));
	return 0;
}

/* The majority language of the night's dialogues. */
static int majority_russian(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT coalesce(sum(lang LIKE 'ru%'), 0), coalesce(sum(lang LIKE 'en%'), 0)"
		" FROM temp.fig_dialogue WHERE night = (SELECT max(night) FROM temp.fig_dialogue)");
	int ru = 0;
	if (!st)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		ru = sqlite3_column_int64(st, 0) > sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	return ru;
}

static char *newest_model(sqlite3 *db)
{
	struct model_record *rows;
	size_t n;
	char *v = NULL;
	if (registry_list(db, 1, &rows, &n))
		return NULL;
	if (n)
		v = xstrdup(rows[0].version);
	registry_list_free(rows, n);
	return v;
}

static void add_page_id(struct report_ctx *c, const char *id)
{
	ALLOC_GROW(c->pages, c->n_pages, c->alloc_pages);
	c->pages[c->n_pages++] = xstrdup(id);
}

static void sort_unique(struct report_ctx *c)
{
	size_t k = 1;
	if (!c->n_pages)
		return;
	qsort(c->pages, c->n_pages, sizeof(char *), cmp_str);
	for (size_t i = 1; i < c->n_pages; i++) {
		if (!strcmp(c->pages[i], c->pages[k - 1]))
			free(c->pages[i]);
		else
			c->pages[k++] = c->pages[i];
	}
	c->n_pages = k;
}

/* Which dialogues get a page: the worst of each cause on the fix-first
 * page, the best-scored unflagged leads the overview lists, then the most
 * severe flagged ones up to the cap. */
static int choose_pages(struct report_ctx *c)
{
	long cap = c->o->max_dialogue_pages;
	sqlite3_stmt *st = db_prepare(c->db,
		"SELECT id FROM temp.fig_dialogue WHERE night = ?1 AND severity IS NOT NULL"
		" ORDER BY severity DESC, started, id LIMIT ?2");
	sqlite3_stmt *leads = db_prepare(c->db,
		"SELECT id FROM temp.fig_dialogue WHERE night = ?1 AND severity IS NULL AND score IS NOT NULL"
		" ORDER BY score DESC, id LIMIT ?2");
	int rc = -1;
	size_t chosen;
	if (!st || !leads)
		goto out;
	if (fixfirst_examples(c, add_page_id))
		goto out;
	db_bind_text(leads, 1, c->night);
	sqlite3_bind_int64(leads, 2, REPORT_BEST_LEADS < cap / 20 ? REPORT_BEST_LEADS : cap / 20);
	while (sqlite3_step(leads) == SQLITE_ROW)
		add_page_id(c, db_col_text(leads, 0));
	while ((long)c->n_pages > cap)
		free(c->pages[--c->n_pages]);
	sort_unique(c);
	chosen = c->n_pages;
	/* then the most severe, skipping those already chosen, up to the cap */
	db_bind_text(st, 1, c->night);
	sqlite3_bind_int64(st, 2, cap);
	while ((long)c->n_pages < cap && sqlite3_step(st) == SQLITE_ROW) {
		const char *id = db_col_text(st, 0);
		if (!chosen || !bsearch(&id, c->pages, chosen, sizeof(char *), cmp_str))
			add_page_id(c, id);
	}
	/* and, beyond the cap, the dialogue of each disagreement listed for
	 * the trainers, of whatever night (at most twice 300) */
	if (report_eval_prepare(c, add_page_id))
		goto out;
	sort_unique(c);
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(leads);
	return rc;
}

static void ctx_release(struct report_ctx *c)
{
	for (size_t i = 0; i < c->n_pages; i++)
		free(c->pages[i]);
	free(c->pages);
	free(c->model_version);
	eval_report_release(&c->eval);
	figures_release(&c->figs);
	handling_release(&c->deals);
	handling_kept_release(&c->deals_more);
	handling_matches_release(&c->deal_matches);
}

static int prepare(struct report_ctx *c)
{
	struct figures_options fo = {
		.night = c->o->night, .window = c->o->window, .refresh = c->o->refresh,
		.as_of = c->o->as_of, .defer_store = 1, .tz = c->o->tz,
	};
	int rc;
	if (figures_ensure_indexes(c->db))
		return -1;
	c->tz = c->o->tz && *c->o->tz ? c->o->tz : "UTC";
	rc = figures_compute(c->db, &fo, &c->figs);
	if (rc < 0)
		return -1;
	snprintf(c->day, sizeof(c->day), "%s", c->figs.day);
	if (rc == 0 && c->figs.n) {
		c->cur = &c->figs.nights[c->figs.n - 1];
		snprintf(c->night, sizeof(c->night), "%s", c->cur->night);
		c->has_night = 1;
		if (c->figs.n > 1) {
			c->prev = &c->figs.nights[c->figs.n - 2];
			snprintf(c->prev_night, sizeof(c->prev_night), "%s", c->prev->night);
			c->has_prev = 1;
		}
		c->ru = majority_russian(c->db);
	}
	c->no_new_input = c->day[0] && (!c->has_night || strcmp(c->night, c->day));
	if (attribution_build(c->db, c->has_night ? c->night : NULL))
		return -1;
	if (fixfirst_prepare(c))
		return -1;
	if (c->o->lang)
		c->ru = !strcmp(c->o->lang, "ru");
	c->model_version = newest_model(c->db);
	if (c->has_night)
		return choose_pages(c);
	return report_eval_prepare(c, add_page_id) ? -1 : (sort_unique(c), 0);
}

static int write_pages(struct report_ctx *c)
{
	struct strbuf d = STRBUF_INIT;
	int rc;
	strbuf_addf(&d, "%s/d", c->dir);
	rc = make_dir(strbuf_str(&d));
	strbuf_release(&d);
	if (rc)
		return -1;
	/* the flagged list first: it counts what the overview links to */
	static int (*const pages[])(struct report_ctx *) = {
		report_flagged, report_overview, report_fixfirst, report_dialogues, report_funnel,
		report_model, report_detectors, report_handling, report_quality,
	};
	static const char *const names[] = {
		"flagged list", "overview", "what to fix first", "dialogue pages", "funnel", "model",
		"detectors", "lead handling", "data quality",
	};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		double t0 = mono_seconds(), c0 = report_cpu_seconds();
		if (pages[i](c))
			return -1;
		info("report: %s in %.2f s, CPU %.2f s", names[i], mono_seconds() - t0, report_cpu_seconds() - c0);
	}
	return 0;
}

/* The per-deal summary and the running counts the funnel, lead-handling
 * and data-quality pages read, brought up to date with what changed since
 * the last report (deal_summary.h), before the pages' snapshot. */
static int update_summary(sqlite3 *db)
{
	struct deal_summary_stats st;
	double t0 = mono_seconds(), c0 = report_cpu_seconds();
	if (deal_summary_update(db, &st))
		return -1;
	info("report: deal summary (%ld deals %s, %ld new dialogues counted) in %.2f s, CPU %.2f s", st.deals,
	     st.rebuilt ? "rebuilt" : "brought up to date", st.dialogues, mono_seconds() - t0,
	     report_cpu_seconds() - c0);
	return 0;
}

double report_cpu_seconds(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts))
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int report_write_summary(sqlite3 *db, const struct report_options *o, struct report_summary *sum)
{
	struct report_ctx c;
	struct strbuf tmp = STRBUF_INIT, dir = STRBUF_INIT;
	double t0 = mono_seconds();
	int rc = -1, reading = 0;

	memset(&c, 0, sizeof(c));
	memset(sum, 0, sizeof(*sum));
	c.db = db;
	c.o = o;
	strbuf_adds(&dir, o->out_dir);
	while (dir.len > 1 && dir.buf[dir.len - 1] == '/')
		dir.buf[--dir.len] = 0;
	clean_beside(strbuf_str(&dir));
	/* Every page from one snapshot: a night scoring meanwhile is seen
	 * before or after, never half-way.  The figures' cache is stored after
	 * (a write inside the snapshot could find it outdated). */
	if (figures_ensure_indexes(db) || update_summary(db) || db_exec(db, "BEGIN"))
		goto out;
	reading = 1;
	if (prepare(&c))
		goto out;
	if (safe_tmpdir(strbuf_str(&dir), &tmp)) {
		strbuf_reset(&tmp);
		goto out;
	}
	c.dir = tmp.buf;
	if (write_pages(&c)) {
		remove_tree(strbuf_str(&tmp));
		goto out;
	}
	reading = 0;
	if (db_exec(db, "COMMIT")) {
		remove_tree(strbuf_str(&tmp));
		goto out;
	}
	if (swap_into_place(strbuf_str(&tmp), strbuf_str(&dir))) {
		remove_tree(strbuf_str(&tmp));
		goto out;
	}
	if (figures_store_pending(db, &c.figs))
		goto out;
	snprintf(sum->night, sizeof(sum->night), "%s", c.day);
	snprintf(sum->data_night, sizeof(sum->data_night), "%s", c.has_night ? c.night : "");
	sum->no_new_input = c.no_new_input;
	sum->n_dialogues = c.cur ? (long)(c.cur->v[GROUP_ALL][FIG_DIALOGUES] == c.cur->v[GROUP_ALL][FIG_DIALOGUES]
					  ? c.cur->v[GROUP_ALL][FIG_DIALOGUES] : 0) : 0;
	sum->n_flagged = c.n_flagged;
	sum->n_listed = c.n_listed;
	sum->n_dialogue_pages = (long)c.n_pages;
	sum->n_pages = c.n_files;
	rc = 0;
out:
	if (reading)
		db_rollback(db);
	sum->seconds = mono_seconds() - t0;
	ctx_release(&c);
	strbuf_release(&tmp);
	strbuf_release(&dir);
	return rc;
}

int report_write(sqlite3 *db, const struct report_options *o)
{
	struct report_summary sum;
	return report_write_summary(db, o, &sum);
}
