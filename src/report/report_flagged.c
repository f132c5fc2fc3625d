/* report_flagged.c — flagged-N.html: the night's flagged dialogues, most
 * severe first, paginated; the list is capped (--max-flagged) and says so. */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "localday.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct flag_pager {
	struct report_ctx *c;
	struct html_doc *doc;
	struct html_node *main, *tbody;
	long page, n_pages;
};

static void pager_links(struct flag_pager *p, struct html_node *parent)
{
	struct html_node *nav = html_attr(html_el_class(parent, "div", "pager"), "role", "navigation");
	html_attr(nav, "aria-label", T(p->c, "Pages of the list", "Страницы списка"));
	for (long i = 1; i <= p->n_pages; i++) {
		char href[40];
		if (p->n_pages > 15 && i > 3 && i < p->n_pages - 2 && labs(i - p->page) > 2)
			continue;
		if (i == p->page) {
			html_attr(html_el_textf(nav, "span", "%ld", i), "aria-current", "page");
			continue;
		}
		snprintf(href, sizeof(href), "flagged-%ld.html", i);
		html_attr(html_el_textf(nav, "a", "%ld", i), "href", href);
	}
}

/* On a phone the nine columns scrolled sideways and hid the reasons, the
 * point of the list: there each row becomes a card whose cells carry their
 * column's name (the header row is hidden).  The names come from the page's
 * own headers, so they are in its language. */
static void phone_cards(struct html_doc *doc, const char *const *heads, size_t n)
{
	struct strbuf css = STRBUF_INIT;
	strbuf_adds(&css, "@media (max-width:600px){.flaglist thead{display:none}"
		      ".flaglist table,.flaglist tbody,.flaglist tr,.flaglist th,.flaglist td{display:block}"
		      ".flaglist tr{border-bottom:1px solid var(--line);padding:.4rem 0}"
		      ".flaglist th,.flaglist td{border:0;padding:.1rem .3rem;text-align:left;white-space:normal}"
		      ".flaglist tbody th[scope=row]{position:static;background:none}"
		      ".flaglist td::before{color:var(--muted);font-size:.85em}");
	/* the first two columns (rank, the dialogue's link) speak for themselves */
	for (size_t i = 2; i < n; i++) {
		strbuf_addf(&css, ".flaglist td:nth-child(%zu)::before{content:\"", i + 1);
		for (const char *q = heads[i]; *q; q++)
			if (*q != '"' && *q != '\\' && *q != '<' && *q != '>')
				strbuf_addch(&css, *q);
		strbuf_adds(&css, ": \"}");
	}
	strbuf_addch(&css, '}');
	html_el_text(html_head(doc), "style", css.buf);
	strbuf_release(&css);
}

static void pager_open(struct flag_pager *p)
{
	struct report_ctx *c = p->c;
	char started[64];
	snprintf(started, sizeof(started), "%s (%s)", T(c, "Started", "Начало"), c->tz);
	const char *heads[] = { "#", T(c, "Dialogue", "Диалог"), started,
				T(c, "Page", "Страница"), T(c, "Channel", "Канал"),
				T(c, "Findings (whose)", "Замечания (чьи)"), T(c, "Reasons", "Причины"),
				T(c, "Severity", "Тяжесть"), T(c, "Lead score", "Оценка лида") };
	char title[96];
	p->page++;
	snprintf(title, sizeof(title), "%s (%ld/%ld)", T(c, "Flagged dialogues", "Отмеченные диалоги"),
		 p->page, p->n_pages);
	p->doc = report_page(c, title, "flagged", 0, &p->main);
	html_textf(html_el_class(p->main, "p", "note"),
		   T(c, "%ld dialogues of %s have a finding; %ld are listed here, most severe first (severity is "
		       "defined under the list); a linked id opens the dialogue's own page.",
		     "В %ld диалогах за %s есть замечания; здесь перечислено %ld, начиная с самых тяжёлых (тяжесть "
		       "определена под списком); по ссылке — страница диалога."),
		   c->n_flagged, c->night, c->n_listed);
	if (c->n_flagged > c->n_listed)
		html_textf(html_el_class(p->main, "p", "note"),
			   T(c, "The list stops at %ld (option --max-flagged).", "Список ограничен %ld (параметр --max-flagged)."),
			   c->n_listed);
	pager_links(p, p->main);
	phone_cards(p->doc, heads, sizeof(heads) / sizeof(heads[0]));
	p->tbody = report_table(html_el_class(p->main, "div", "flaglist"), NULL, heads,
				sizeof(heads) / sizeof(heads[0]));
}

static int pager_close(struct flag_pager *p)
{
	char path[40];
	struct html_doc *doc = p->doc;
	if (!doc)
		return 0;
	report_note(p->main, T(p->c, "Severity (0.4–1) weighs a finding: a premature cross-sell 0.5, +0.2 when the problem "
			       "was never solved, +0.1 for more than one open offer, +0.1 for the customer's frustration; a missed "
			       "escalation 0.5, +0.2 when the customer asked for a person, +0.1 for frustration, +0.1 for "
			       "repeated bot failures, +0.1 when no handoff came at all; context lost at handoff 0.4, +0.1 when "
			       "the problem itself was asked again. A dialogue's severity is its worst finding's.",
			       "Тяжесть (0,4–1) взвешивает замечание: преждевременная допродажа 0,5, +0,2 если проблема так и "
			       "не решена, +0,1 за несколько открытых предложений, +0,1 за раздражение клиента; пропущенная "
			       "эскалация 0,5, +0,2 если клиент просил человека, +0,1 за раздражение, +0,1 за повторные сбои "
			       "бота, +0,1 если передачи не было совсем; потеря контекста при передаче 0,4, +0,1 если заново "
			       "спросили саму проблему. Тяжесть диалога — тяжесть худшего замечания."));
	pager_links(p, p->main);
	snprintf(path, sizeof(path), "flagged-%ld.html", p->page);
	p->doc = NULL;
	return report_page_write(p->c, doc, path);
}

/* Findings of one dialogue into two cells: each kind with whose it is
 * (attribution.h), and every reason. */
static int finding_cells(struct report_ctx *c, sqlite3_stmt *fs, struct html_node *tr, const char *id)
{
	struct html_node *kinds = html_el(tr, "td"), *reason = html_el_class(tr, "td", "reasons");
	int rc, first = 1;
	db_bind_text(fs, 1, id);
	while ((rc = sqlite3_step(fs)) == SQLITE_ROW) {
		const char *text = db_col_text(fs, c->ru ? 2 : 1);
		if (!first)
			html_el(kinds, "br");
		html_textf(kinds, "⚑ %s", report_finding_label(c, db_col_text(fs, 0)));
		if (*db_col_text(fs, 3)) {
			char who[160];
			report_performer(c, db_col_text(fs, 3), db_col_text(fs, 4), who, sizeof(who));
			html_textf(html_el_class(kinds, "span", "who"), " (%s)", who);
		}
		html_el_text(reason, "div", text[0] ? text : db_col_text(fs, c->ru ? 1 : 2));
		first = 0;
	}
	sqlite3_reset(fs);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	return 0;
}

int report_flagged(struct report_ctx *c)
{
	struct flag_pager p = { c, NULL, NULL, NULL, 0, 1 };
	sqlite3_stmt *st = NULL, *fs = NULL;
	long per_page = c->o->per_page > 0 ? c->o->per_page : 100, row = 0;
	int rc = -1, step;

	if (c->has_night) {
		st = db_prepare(c->db, "SELECT count(*) FROM temp.fig_dialogue WHERE night = ? AND severity IS NOT NULL");
		if (!st)
			return -1;
		db_bind_text(st, 1, c->night);
		if (sqlite3_step(st) == SQLITE_ROW)
			c->n_flagged = (long)sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		st = NULL;
	}
	c->n_listed = c->n_flagged < c->o->max_flagged ? c->n_flagged : c->o->max_flagged;
	p.n_pages = c->n_listed ? (c->n_listed + per_page - 1) / per_page : 1;
	st = db_prepare(c->db,
		"SELECT id, started, page, channel, severity, score, grade FROM temp.fig_dialogue"
		" WHERE night = ?1 AND severity IS NOT NULL ORDER BY severity DESC, started, id LIMIT ?2");
	fs = db_prepare(c->db, "SELECT f.kind, f.reason_en, f.reason_ru, a.who_kind, a.who FROM findings f"
			       " LEFT JOIN temp.attrib a ON a.dialogue_id = f.dialogue_id AND a.kind = f.kind AND a.seq = f.seq"
			       " WHERE f.dialogue_id = ? ORDER BY f.severity DESC, f.kind, f.seq");
	if (!st || !fs)
		goto out;
	db_bind_text(st, 1, c->night);
	sqlite3_bind_int64(st, 2, c->n_listed);
	pager_open(&p);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = db_col_text(st, 0);
		struct html_node *tr, *cell;
		char when[17];
		if (row && row % per_page == 0) {
			if (pager_close(&p))
				goto out;
			pager_open(&p);
		}
		row++;
		tr = html_el(p.tbody, "tr");
		html_attr(html_el_textf(tr, "th", "%ld", row), "scope", "row");
		cell = html_attr(html_el(tr, "td"), "class", "id");
		report_dialogue_ref(c, cell, id, 0);
		localday_format(sqlite3_column_int64(st, 1), c->tz, when);
		html_attr(html_el_text(tr, "td", when), "class", "when");
		report_cell_text(tr, db_col_text(st, 2));
		report_cell_text(tr, db_col_text(st, 3));
		if (finding_cells(c, fs, tr, id))
			goto out;
		report_cell_num(tr, sqlite3_column_double(st, 4), 0);
		if (sqlite3_column_type(st, 5) == SQLITE_NULL)
			report_cell_text(tr, "–");
		else
			html_attr(html_el_textf(tr, "td", "%d (%s)", sqlite3_column_int(st, 5), db_col_text(st, 6)),
				  "class", "num");
	}
	if (step != SQLITE_DONE) {
		error("database: %s", sqlite3_errmsg(c->db));
		goto out;
	}
	if (!row)
		report_empty_row(c, p.tbody, 9);
	rc = pager_close(&p);
out:
	if (p.doc)
		html_doc_free(p.doc);
	sqlite3_finalize(st);
	sqlite3_finalize(fs);
	return rc;
}
