/* report_dialogue.c — d/<name>.html: one flagged dialogue (or top lead) in
 * full: facts, findings with their reasons, the lead score and its top
 * factors, the whole transcript with events and the evidence turns marked,
 * and the customer's path (every dialogue, download, call and deal stage of
 * the same merged customer on one timeline). */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "dialogue.h"
#include "dialogue_store.h"
#include "util.h"
#include "pii_mask.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_ROWS 300

struct dlg_stmts {
	sqlite3_stmt *findings, *score, *tags, *customer, *path, *labels, *label_turns;
};

static const char path_sql[] = CUSTOMER_PATH_SQL("e.changed_by");

static int stmts_open(sqlite3 *db, struct dlg_stmts *s)
{
	s->findings = db_prepare(db, "SELECT kind, turns, cue, reason_en, reason_ru, severity FROM findings"
				     " WHERE dialogue_id = ? ORDER BY severity DESC, kind, seq");
	s->score = db_prepare(db, "SELECT lead_score, lead_grade, probability, top_factors, model_version,"
				  " scored_at FROM scores WHERE dialogue_id = ?");
	s->tags = db_prepare(db, "SELECT n, tag FROM turn_tags WHERE dialogue_id = ? ORDER BY n, tag");
	s->customer = db_prepare(db, "SELECT customer_id FROM identifiers WHERE kind = 'dialogue' AND value = ?");
	s->path = db_prepare(db, path_sql);
	s->labels = db_prepare(db, "SELECT l.trainer, l.premature, l.missed, l.lead_quality,"
				   " s.premature, s.missed FROM labels l LEFT JOIN scores s ON s.dialogue_id = l.dialogue_id"
				   " WHERE l.dialogue_id = ? ORDER BY l.trainer");
	s->label_turns = db_prepare(db, "SELECT n, trainer, tag FROM label_turns WHERE dialogue_id = ?"
					" ORDER BY n, trainer, tag");
	return s->findings && s->score && s->tags && s->customer && s->path && s->labels &&
	       s->label_turns ? 0 : -1;
}

static void stmts_close(struct dlg_stmts *s)
{
	sqlite3_finalize(s->findings);
	sqlite3_finalize(s->score);
	sqlite3_finalize(s->tags);
	sqlite3_finalize(s->customer);
	sqlite3_finalize(s->path);
	sqlite3_finalize(s->labels);
	sqlite3_finalize(s->label_turns);
}

/* Evidence: for each turn, the findings that name it. */
struct evidence {
	int n;
	char *kind, *reason;
};
struct evidence_set {
	struct evidence *items;
	size_t n, alloc;
};

static void evidence_release(struct evidence_set *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->items[i].kind);
		free(e->items[i].reason);
	}
	free(e->items);
}

/* The speaker in the report's language (the transcript's own name for a
 * speaker outside the three is shown as given). */
static const char *speaker_label(const struct report_ctx *c, const struct turn *tu)
{
	switch (tu->speaker) {
	case SPEAKER_CLIENT:
		return T(c, "client", "клиент");
	case SPEAKER_BOT:
		return T(c, "bot", "бот");
	case SPEAKER_OPERATOR:
		return T(c, "operator", "оператор");
	default:
		return tu->speaker_name ? tu->speaker_name : speaker_name(tu->speaker);
	}
}

static void time_text(int64_t t, int has, char out[21])
{
	if (has)
		format_time(t, out);
	else
		snprintf(out, 21, "–");
}

static void fact(struct html_node *dl, const char *name, const char *value)
{
	html_el_text(dl, "dt", name);
	html_el_text(dl, "dd", value && *value ? value : "–");
}

static void facts(struct report_ctx *c, struct html_node *main, const struct dialogue *d)
{
	struct html_node *dl = html_el_class(main, "dl", "facts");
	/* the contact too is masked on the page (the export keeps it) */
	char *email = c->o->show_personal_data ? NULL : pii_mask_dup(d->email);
	char *phone = c->o->show_personal_data ? NULL : pii_mask_dup(d->phone);
	char t[21];
	time_text(d->started, d->has_started, t);
	fact(dl, T(c, "Started", "Начало"), t);
	time_text(d->ended, d->has_ended, t);
	fact(dl, T(c, "Ended", "Конец"), t);
	fact(dl, T(c, "Channel", "Канал"), d->channel);
	fact(dl, T(c, "Page", "Страница"), d->page);
	fact(dl, T(c, "Language", "Язык"), d->lang);
	fact(dl, T(c, "Source", "Источник"), d->source);
	fact(dl, T(c, "Contact name", "Имя клиента"), d->name);
	fact(dl, T(c, "CRM id", "ID в CRM"), d->crm_id);
	fact(dl, T(c, "E-mail", "E-mail"), email ? email : d->email);
	fact(dl, T(c, "Phone", "Телефон"), phone ? phone : d->phone);
	free(phone);
	free(email);
}

/* Text from a turn, or quoting one, as the page shows it: with e-mails,
 * phone numbers and card numbers masked unless the report was asked to
 * show them (the database keeps them as typed). */
static void shown_text(struct report_ctx *c, struct html_node *parent, const char *text)
{
	char *masked;
	if (c->o->show_personal_data) {
		html_text(parent, text);
		return;
	}
	masked = pii_mask_dup(text);
	html_text(parent, masked);
	free(masked);
}

static int findings_section(struct report_ctx *c, struct dlg_stmts *s, struct html_node *main,
			    const char *id, struct evidence_set *ev)
{
	const char *heads[] = { T(c, "Finding", "Замечание"), T(c, "Turns", "Реплики"),
				T(c, "Reason", "Причина"), T(c, "Cue", "Признак"), T(c, "Severity", "Тяжесть") };
	struct html_node *tb = NULL;
	int rc, any = 0;
	html_el_text(main, "h2", T(c, "Findings", "Замечания"));
	db_bind_text(s->findings, 1, id);
	while ((rc = sqlite3_step(s->findings)) == SQLITE_ROW) {
		const char *kind = db_col_text(s->findings, 0), *turns = db_col_text(s->findings, 1);
		const char *reason = db_col_text(s->findings, c->ru ? 4 : 3);
		struct html_node *tr;
		if (!*reason)
			reason = db_col_text(s->findings, c->ru ? 3 : 4);
		/* made on the first finding: a dialogue without one gets one line, not an empty table */
		if (!tb)
			tb = report_table(main, NULL, heads, 5);
		tr = report_row(tb, report_finding_label(c, kind));
		report_cell_text(tr, turns);
		shown_text(c, html_el(tr, "td"), reason);
		shown_text(c, html_el(tr, "td"), db_col_text(s->findings, 2));
		report_cell_num(tr, sqlite3_column_double(s->findings, 5), 0);
		for (const char *p = turns; *p;) {
			char *end;
			long n = strtol(p, &end, 10);
			if (end == p) {
				p++;
				continue;
			}
			ALLOC_GROW(ev->items, ev->n, ev->alloc);
			ev->items[ev->n].n = (int)n;
			ev->items[ev->n].kind = xstrdup(report_finding_label(c, kind));
			ev->items[ev->n].reason = c->o->show_personal_data ? xstrdup(reason) :
						  pii_mask_dup(reason);
			ev->n++;
			p = end;
		}
		any = 1;
	}
	sqlite3_reset(s->findings);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	if (!any)
		report_note(main, T(c, "No finding.", "Замечаний нет."));
	return 0;
}

static const char *verdict_word(const struct report_ctx *c, const char *v)
{
	if (!v || !*v)
		return "–";
	if (!strcmp(v, "yes"))
		return T(c, "yes", "да");
	if (!strcmp(v, "no"))
		return T(c, "no", "нет");
	return v;
}

/* Each trainer's verdict beside the detector's. */
static int trainers_section(struct report_ctx *c, struct dlg_stmts *s, struct html_node *main, const char *id)
{
	const char *heads[] = { T(c, "Who", "Кто"), T(c, "Premature cross-sell", "Преждевр. допродажа"),
				T(c, "Missed escalation", "Пропущ. эскалация"), T(c, "Lead quality", "Качество лида") };
	struct html_node *tb = NULL;
	int rc, rows = 0;
	db_bind_text(s->labels, 1, id);
	while ((rc = sqlite3_step(s->labels)) == SQLITE_ROW) {
		struct html_node *tr;
		char who[160];
		if (!tb) {
			html_el_text(main, "h2", T(c, "Trainers and detector", "Тренеры и детектор"));
			report_note(main, T(c, "Each trainer's verdict beside the detector's; their turn tags are on the turns below.",
					    "Вердикт каждого тренера рядом с вердиктом детектора; их метки реплик — на репликах ниже."));
			tb = report_table(main, NULL, heads, 4);
			tr = report_row(tb, T(c, "detector", "детектор"));
			if (sqlite3_column_type(s->labels, 4) == SQLITE_NULL) {
				report_cell_text(tr, T(c, "not scored", "не оценён"));
				report_cell_text(tr, T(c, "not scored", "не оценён"));
			} else {
				report_cell_text(tr, sqlite3_column_int(s->labels, 4) ? T(c, "yes", "да") : T(c, "no", "нет"));
				report_cell_text(tr, sqlite3_column_int(s->labels, 5) ? T(c, "yes", "да") : T(c, "no", "нет"));
			}
			report_cell_text(tr, "–");
		}
		snprintf(who, sizeof(who), "%s %s", T(c, "trainer", "тренер"), db_col_text(s->labels, 0));
		tr = report_row(tb, who);
		for (int i = 1; i <= 3; i++)
			report_cell_text(tr, verdict_word(c, db_col_text(s->labels, i)));
		rows++;
	}
	sqlite3_reset(s->labels);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	(void)rows;
	return 0;
}

static int score_section(struct report_ctx *c, struct dlg_stmts *s, struct html_node *main, const char *id)
{
	struct html_node *dl;
	html_el_text(main, "h2", T(c, "Lead score", "Оценка лида"));
	db_bind_text(s->score, 1, id);
	if (sqlite3_step(s->score) != SQLITE_ROW) {
		sqlite3_reset(s->score);
		report_note(main, T(c, "Not scored yet.", "Ещё не оценён."));
		return 0;
	}
	dl = html_el_class(main, "dl", "facts");
	if (sqlite3_column_type(s->score, 0) == SQLITE_NULL) {
		fact(dl, T(c, "Score", "Оценка"), T(c, "no model was available", "модели не было"));
	} else {
		html_el_text(dl, "dt", T(c, "Score", "Оценка"));
		html_el_textf(dl, "dd", "%d / 100, %s %s", sqlite3_column_int(s->score, 0),
			      T(c, "grade", "класс"), db_col_text(s->score, 1));
	}
	html_el_text(dl, "dt", T(c, "Top factors", "Главные факторы"));
	{
		struct html_node *ul = html_el(html_el(dl, "dd"), "ul");
		const char *f = db_col_text(s->score, 3);
		while (*f) {
			const char *sep = strstr(f, "; ");
			size_t len = sep ? (size_t)(sep - f) : strlen(f);
			char *item = xstrndup(f, len), said[512];
			report_factor(c, item, said, sizeof(said));
			html_el_text(ul, "li", said);
			free(item);
			f += len + (sep ? 2 : 0);
		}
	}
	fact(dl, T(c, "Model", "Модель"), db_col_text(s->score, 4));
	sqlite3_reset(s->score);
	return 0;
}

static int load_tags(struct report_ctx *c, struct dlg_stmts *s, const char *id,
		     struct strbuf *tags, size_t n_turns)
{
	int rc;
	db_bind_text(s->tags, 1, id);
	while ((rc = sqlite3_step(s->tags)) == SQLITE_ROW) {
		int n = sqlite3_column_int(s->tags, 0);
		if (n >= 1 && (size_t)n <= n_turns) {
			if (tags[n - 1].len)
				strbuf_addch(&tags[n - 1], '\n');
			strbuf_adds(&tags[n - 1], db_col_text(s->tags, 1));
		}
	}
	sqlite3_reset(s->tags);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	return 0;
}

/* The trainers' tags per turn, "trainer: tag" lines. */
static int load_label_turns(struct report_ctx *c, struct dlg_stmts *s, const char *id,
			    struct strbuf *tags, size_t n_turns)
{
	int rc;
	db_bind_text(s->label_turns, 1, id);
	while ((rc = sqlite3_step(s->label_turns)) == SQLITE_ROW) {
		int n = sqlite3_column_int(s->label_turns, 0);
		if (n >= 1 && (size_t)n <= n_turns) {
			if (tags[n - 1].len)
				strbuf_addch(&tags[n - 1], '\n');
			strbuf_addf(&tags[n - 1], "%s: %s", db_col_text(s->label_turns, 1),
				    db_col_text(s->label_turns, 2));
		}
	}
	sqlite3_reset(s->label_turns);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	return 0;
}

static void tag_chips(struct report_ctx *c, struct html_node *parent, const char *cls, const char *lead,
		      const struct strbuf *tags)
{
	struct html_node *line;
	const char *p = strbuf_str(tags);
	if (!tags->len)
		return;
	line = html_el_class(parent, "div", "tags");
	html_text(line, lead);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *tag = xstrndup(p, len), *colon = strstr(tag, ": ");
		struct html_node *chip = html_el_class(line, "span", cls);
		html_attr(chip, "title", tag);
		if (colon) {
			*colon = 0;
			html_textf(chip, "%s: %s", tag, report_tag_label(c, colon + 2));
		} else {
			html_text(chip, report_tag_label(c, tag));
		}
		free(tag);
		p += len + (nl ? 1 : 0);
	}
}

static const char *event_label(const struct report_ctx *c, const char *type)
{
	static const struct { const char *type, *en, *ru; } words[] = {
		{ "handoff", "handed to", "передан" }, { "download", "download", "скачивание" },
		{ "form", "form", "форма" }, { "call", "call", "звонок" }, { "close", "closed", "закрыт" },
		{ "dialogue", "dialogue", "диалог" }, { "deal", "deal stage", "этап сделки" },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(type, words[i].type))
			return T(c, words[i].en, words[i].ru);
	return type;
}

static void event_line(struct report_ctx *c, struct html_node *parent, const struct event *e)
{
	struct html_node *div = html_el_class(parent, "div", "event");
	char t[21];
	time_text(e->at, e->has_at, t);
	html_textf(div, "◆ %s: %s", T(c, "event", "событие"), event_label(c, e->type));
	if (e->target)
		html_textf(div, " → %s", e->target);
	if (e->item)
		html_textf(div, " (%s)", e->item);
	html_textf(div, " · %s", t);
}

static void turn_block(struct report_ctx *c, struct html_node *parent, const struct turn *tu,
		       const struct evidence_set *ev, const struct strbuf *tags, const struct strbuf *trainer_tags)
{
	struct html_node *div = html_el(parent, "div"), *who;
	struct strbuf cls = STRBUF_INIT;
	int evidence = 0;
	char t[21];
	for (size_t i = 0; i < ev->n; i++)
		evidence |= ev->items[i].n == tu->n;
	strbuf_addf(&cls, "turn %s%s", speaker_name(tu->speaker), evidence ? " evidence" : "");
	html_attr(div, "class", strbuf_str(&cls));
	html_attrf(div, "id", "t%d", tu->n);
	strbuf_release(&cls);
	who = html_el_class(div, "div", "who");
	time_text(tu->at, tu->has_at, t);
	html_textf(who, "#%d · %s", tu->n, speaker_label(c, tu));
	if (tu->agent)
		html_textf(who, " (%s)", tu->agent);
	html_textf(who, " · %s", t);
	tag_chips(c, div, "tag", T(c, "detector: ", "детектор: "), tags);
	tag_chips(c, div, "tag trainer", T(c, "trainers: ", "тренеры: "), trainer_tags);
	/* the reason is in the findings table above: here only which finding
	 * the turn is evidence of, not the same sentence on every turn */
	for (size_t i = 0; i < ev->n; i++)
		if (ev->items[i].n == tu->n) {
			int seen = 0;
			for (size_t j = 0; j < i; j++)
				seen |= ev->items[j].n == tu->n && !strcmp(ev->items[j].kind, ev->items[i].kind);
			if (!seen)
				html_textf(html_el_class(div, "div", "flag"), "⚑ %s: %s", T(c, "evidence of", "доказательство"),
					   ev->items[i].kind);
		}
	shown_text(c, html_el_class(div, "div", "text"), tu->text);
}

static int transcript(struct report_ctx *c, struct dlg_stmts *s, struct html_node *main,
		      const struct dialogue *d, const struct evidence_set *ev)
{
	struct strbuf *tags = xcalloc(d->n_turns ? d->n_turns : 1, sizeof(*tags));
	struct strbuf *ttags = xcalloc(d->n_turns ? d->n_turns : 1, sizeof(*ttags));
	size_t e = 0;
	int rc = 0;
	html_el_text(main, "h2", T(c, "Transcript", "Расшифровка"));
	report_note(main, T(c, "Evidence turns are marked ⚑ with their finding and a wide left bar (the reasons are in "
			    "the findings above). Each turn shows the detector's tags and the trainers' tags.",
			    "Реплики-доказательства отмечены ⚑ с их замечанием и широкой полосой слева (причины — в "
			    "таблице замечаний выше). У каждой реплики — метки детектора и метки тренеров."));
	if (load_tags(c, s, d->id, tags, d->n_turns) || load_label_turns(c, s, d->id, ttags, d->n_turns))
		rc = -1;
	for (size_t i = 0; i <= d->n_turns && !rc; i++) {
		while (e < d->n_events && d->events[e].after_turn <= (int)i)
			event_line(c, main, &d->events[e++]);
		if (i < d->n_turns)
			turn_block(c, main, &d->turns[i], ev, &tags[i], &ttags[i]);
	}
	while (e < d->n_events && !rc)
		event_line(c, main, &d->events[e++]);
	for (size_t i = 0; i < d->n_turns; i++) {
		strbuf_release(&tags[i]);
		strbuf_release(&ttags[i]);
	}
	free(tags);
	free(ttags);
	return rc;
}

static int path_section(struct report_ctx *c, struct dlg_stmts *s, struct html_node *main, const char *id)
{
	const char *heads[] = { T(c, "When (UTC)", "Когда (UTC)"), T(c, "What", "Что"),
				T(c, "Which", "Какой"), T(c, "Details", "Подробности") };
	struct html_node *tb;
	int64_t customer = 0;
	long rows = 0;
	int rc;
	html_el_text(main, "h2", T(c, "The customer's path", "Путь клиента"));
	db_bind_text(s->customer, 1, id);
	if (sqlite3_step(s->customer) == SQLITE_ROW)
		customer = sqlite3_column_int64(s->customer, 0);
	sqlite3_reset(s->customer);
	if (!customer) {
		report_note(main, T(c, "Anonymous visitor: no other contact can be linked.",
				    "Анонимный посетитель: другие обращения связать нельзя."));
		return 0;
	}
	report_note(main, T(c, "Every dialogue, download, call, form, handoff and deal stage of the same merged customer.",
			    "Все диалоги, загрузки, звонки, формы, передачи и этапы сделок этого клиента (с учётом объединения)."));
	tb = report_table(main, NULL, heads, 4);
	sqlite3_bind_int64(s->path, 1, customer);
	sqlite3_bind_int64(s->path, 2, PATH_MAX_ROWS + 1);
	while ((rc = sqlite3_step(s->path)) == SQLITE_ROW && rows < PATH_MAX_ROWS) {
		const char *what = db_col_text(s->path, 1), *which = db_col_text(s->path, 2);
		struct html_node *tr, *cell;
		char t[21];
		time_text(sqlite3_column_int64(s->path, 0), sqlite3_column_type(s->path, 0) != SQLITE_NULL, t);
		tr = report_row(tb, t);
		report_cell_text(tr, event_label(c, what));
		cell = html_el(tr, "td");
		if (!strcmp(what, "dialogue")) {
			if (!strcmp(which, id))
				html_el_textf(cell, "strong", "%s (%s)", which, T(c, "this dialogue", "этот диалог"));
			else
				report_dialogue_ref(c, cell, which, 1);
		} else {
			html_text(cell, which);
		}
		html_el_textf(tr, "td", "%s%s%s", db_col_text(s->path, 3),
			      *db_col_text(s->path, 4) ? " · " : "", db_col_text(s->path, 4));
		rows++;
	}
	sqlite3_reset(s->path);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return error("database: %s", sqlite3_errmsg(c->db));
	if (rc == SQLITE_ROW)
		html_textf(html_el_class(main, "p", "note"), T(c, "The first %d events shown.", "Показаны первые %d событий."),
			   PATH_MAX_ROWS);
	return 0;
}

static int dialogue_page(struct report_ctx *c, struct dlg_stmts *s, struct dialogue *d, const char *id)
{
	struct evidence_set ev = { NULL, 0, 0 };
	struct html_node *main, *p;
	struct html_doc *doc;
	char path[128], title[160];
	int found = dialogue_load(c->db, id, d);
	if (found < 0)
		return -1;
	if (!found)
		return 0;
	snprintf(title, sizeof(title), "%s %s", T(c, "Dialogue", "Диалог"), id);
	doc = report_page(c, title, NULL, 1, &main);
	p = html_el_class(main, "p", "muted");
	html_link(p, "../flagged-1.html", T(c, "← flagged dialogues", "← отмеченные диалоги"));
	facts(c, main, d);
	if (findings_section(c, s, main, id, &ev) || trainers_section(c, s, main, id) || score_section(c, s, main, id) ||
	    transcript(c, s, main, d, &ev) || path_section(c, s, main, id)) {
		evidence_release(&ev);
		html_doc_free(doc);
		return -1;
	}
	evidence_release(&ev);
	report_dialogue_path(id, path, sizeof(path));
	return report_page_write(c, doc, path);
}

int report_dialogues(struct report_ctx *c)
{
	struct dlg_stmts s = { 0 };
	struct dialogue d;
	int rc = -1;
	dialogue_init(&d);
	if (stmts_open(c->db, &s))
		goto out;
	for (size_t i = 0; i < c->n_pages; i++)
		if (dialogue_page(c, &s, &d, c->pages[i]))
			goto out;
	rc = 0;
out:
	dialogue_release(&d);
	stmts_close(&s);
	return rc;
}
