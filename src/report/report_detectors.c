/* report_detectors.c — detectors.html: how the detectors agree with the
 * trainers (eval.h over the findings that score stored), agreement between
 * trainers, and the disagreements to review. */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "eval.h"
#include "stats.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_DISAGREEMENTS REPORT_MAX_DISAGREEMENTS

const char report_tag_disagreements_sql[] =
	"WITH taggers AS (SELECT dialogue_id, count(DISTINCT trainer) AS k FROM label_turns"
	"  WHERE dialogue_id IN (SELECT dialogue_id FROM scores) GROUP BY 1),"
	" known(tag) AS (VALUES ('cross-sell-offer'), ('problem-stated'), ('problem-resolved'),"
	"  ('escalation-request'), ('frustration'), ('handoff-context-lost')),"
	" votes AS (SELECT dialogue_id, n, tag, count(DISTINCT trainer) AS yes FROM label_turns"
	"  WHERE tag IN (SELECT tag FROM known) GROUP BY 1, 2, 3),"
	" det AS (SELECT DISTINCT dialogue_id, n, tag FROM turn_tags"
	"  WHERE dialogue_id IN (SELECT dialogue_id FROM taggers) AND tag IN (SELECT tag FROM known)),"
	" cand AS (SELECT dialogue_id, n, tag FROM votes UNION SELECT dialogue_id, n, tag FROM det)"
	" SELECT c.dialogue_id, c.n, c.tag, d.tag IS NOT NULL, coalesce(v.yes, 0), t.k"
	" FROM cand c JOIN taggers t ON t.dialogue_id = c.dialogue_id"
	" LEFT JOIN det d ON d.dialogue_id = c.dialogue_id AND d.n = c.n AND d.tag = c.tag"
	" LEFT JOIN votes v ON v.dialogue_id = c.dialogue_id AND v.n = c.n AND v.tag = c.tag"
	" WHERE (d.tag IS NOT NULL) <> (coalesce(v.yes, 0) * 2 > t.k)"
	" ORDER BY c.dialogue_id, c.n, c.tag LIMIT ?1";

static void counts_row(struct report_ctx *c, struct html_node *tb, const char *name, const struct eval_counts *k)
{
	struct html_node *tr = report_row(tb, name);
	long total = k->tp + k->fp + k->fn + k->tn;
	report_cell_int(tr, total);
	report_cell_num(tr, total ? (double)(k->tp + k->tn) / (double)total : NAN, 1);
	report_cell_num(tr, k->tp + k->fp ? eval_precision(k) : NAN, 1);
	report_cell_num(tr, k->tp + k->fn ? eval_recall(k) : NAN, 1);
	report_cell_num(tr, k->tp + k->fp && k->tp + k->fn ? eval_f1(k) : NAN, 0);
	report_cell_int(tr, k->tp);
	report_cell_int(tr, k->fp);
	report_cell_int(tr, k->fn);
	report_cell_int(tr, k->tn);
	(void)c;
}

static void agreement(struct report_ctx *c, struct html_node *main, const struct eval_report *rep)
{
	const char *heads[] = { T(c, "Finding", "Замечание"), T(c, "Dialogues", "Диалоги"),
				T(c, "Agreement", "Согласие"), T(c, "Precision", "Точность"),
				T(c, "Recall", "Полнота"), "F1", T(c, "Both yes", "Оба да"),
				T(c, "Detector only", "Только детектор"), T(c, "Trainers only", "Только тренеры"),
				T(c, "Both no", "Оба нет") };
	struct html_node *tb;
	html_el_text(main, "h2", T(c, "Detectors against trainers", "Детекторы и тренеры"));
	html_textf(html_el_class(main, "p", "note"),
		   T(c, "%ld labeled dialogues, %ld judged (scored), %ld with two or more trainers. The trainers' majority is the truth; a tie counts as no.",
		     "%ld размеченных диалогов, %ld оценено, у %ld два тренера и больше. Истина — мнение большинства тренеров; ничья считается «нет»."),
		   rep->n_labeled, rep->n_judged, rep->n_multi);
	tb = report_table(main, NULL, heads, sizeof(heads) / sizeof(heads[0]));
	for (int k = 0; k < FINDING_KINDS; k++)
		counts_row(c, tb, report_finding_label(c, finding_kind_name((enum finding_kind)k)), &rep->finding[k]);
	html_el_text(main, "h3", T(c, "Turn tags", "Метки реплик"));
	tb = report_table(main, NULL, heads, sizeof(heads) / sizeof(heads[0]));
	for (int t = 0; t < TAG_COUNT; t++)
		counts_row(c, tb, report_tag_label(c, turn_tag_name((enum turn_tag)t)), &rep->tag[t]);
}

static void trainers(struct report_ctx *c, struct html_node *main, const struct eval_report *rep)
{
	const char *heads[] = { T(c, "Trainers", "Тренеры"), T(c, "Shared dialogues", "Общих диалогов"),
				T(c, "κ premature cross-sell", "κ допродажа"), T(c, "κ missed escalation", "κ эскалация"),
				T(c, "κ context lost", "κ потеря контекста") };
	struct html_node *tb;
	int small = 0;
	html_el_text(main, "h2", T(c, "Agreement between trainers", "Согласие тренеров между собой"));
	report_note(main, T(c, "Cohen's kappa per pair of trainers who labeled the same dialogues (1 = full agreement, 0 = chance).",
			    "Каппа Коэна для каждой пары тренеров, разметивших одни и те же диалоги (1 — полное согласие, 0 — случайное)."));
	if (!rep->n_pairs) {
		report_note(main, T(c, "No two trainers share enough dialogues yet.", "Пока нет двух тренеров с достаточным числом общих диалогов."));
		return;
	}
	tb = report_table(main, NULL, heads, 5);
	for (size_t i = 0; i < rep->n_pairs; i++) {
		const struct eval_pair *p = &rep->pairs[i];
		char who[256];
		struct html_node *tr;
		snprintf(who, sizeof(who), "%s · %s", p->a, p->b);
		tr = report_row(tb, who);
		report_cell_int(tr, p->shared);
		for (int k = 0; k < FINDING_KINDS; k++) {
			struct html_node *td = html_el(tr, "td");
			html_attr(td, "class", p->shared < STATS_MIN_N ? "num thin" : "num");
			if (isnan(p->kappa[k]))
				html_text(td, "–");
			else
				html_textf(td, "%.2f", p->kappa[k]);
			html_textf(html_el_class(td, "span", "n"), " n=%ld", p->shared);
		}
		small |= p->shared < STATS_MIN_N;
	}
	if (small)
		html_textf(html_el_class(main, "p", "note"),
			   T(c, "Greyed: fewer than %d shared dialogues. A kappa on so few can swing from negative to 1 with one "
			       "label; read it as a reason to have them label more dialogues together, not as their agreement.",
			     "Серым: меньше %d общих диалогов. Каппа на таком числе меняется от отрицательной до 1 от одной "
			       "метки; это повод дать им разметить больше общих диалогов, а не мера их согласия."),
			   STATS_MIN_N);
}

static void disagreements(struct report_ctx *c, struct html_node *main, const struct eval_report *rep)
{
	/* eval keeps the English reason; a Russian page takes the finding's own */
	sqlite3_stmt *ru = c->ru ? db_prepare(c->db, "SELECT reason_ru FROM findings WHERE dialogue_id = ?"
					      " AND kind = ? ORDER BY seq LIMIT 1") : NULL;
	const char *heads[] = { T(c, "Dialogue", "Диалог"), T(c, "Finding", "Замечание"),
				T(c, "Detector", "Детектор"), T(c, "Trainers (verdict, yes/all)", "Тренеры (вердикт, да/всего)"),
				T(c, "Evidence turns", "Реплики"), T(c, "Detector's reason", "Причина детектора") };
	struct html_node *tb;
	size_t n = rep->n_dis < MAX_DISAGREEMENTS ? rep->n_dis : MAX_DISAGREEMENTS;
	html_el_text(main, "h2", T(c, "Disagreements to review", "Расхождения для разбора"));
	html_textf(html_el_class(main, "p", "note"), T(c, "%zu disagreements; %zu shown.", "%zu расхождений; показано %zu."),
		   rep->n_dis, n);
	tb = report_table(main, NULL, heads, 6);
	for (size_t i = 0; i < n; i++) {
		const struct eval_disagreement *d = &rep->dis[i];
		struct html_node *tr = html_el(tb, "tr"), *cell = html_el(tr, "th");
		html_attr(cell, "scope", "row");
		report_dialogue_ref(c, cell, d->dialogue_id, 0);
		report_cell_text(tr, report_finding_label(c, finding_kind_name(d->kind)));
		report_cell_text(tr, d->detector ? T(c, "yes", "да") : T(c, "no", "нет"));
		html_el_textf(tr, "td", "%s %d/%d", d->trainers ? T(c, "yes", "да") : T(c, "no", "нет"),
			      d->n_yes, d->n_yes + d->n_no);
		report_cell_text(tr, d->turns);
		if (ru) {
			db_bind_text(ru, 1, d->dialogue_id);
			db_bind_text(ru, 2, finding_kind_name(d->kind));
			report_cell_text(tr, sqlite3_step(ru) == SQLITE_ROW && *db_col_text(ru, 0) ? db_col_text(ru, 0)
											: d->reason);
			sqlite3_reset(ru);
		} else {
			report_cell_text(tr, d->reason);
		}
	}
	sqlite3_finalize(ru);
}

/* Turn tags on which the detector and the trainers' majority differ. */
static int tag_disagreements(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "Dialogue", "Диалог"), T(c, "Turn", "Реплика"), T(c, "Tag", "Метка"),
				T(c, "Detector", "Детектор"), T(c, "Trainers (verdict, yes/all)", "Тренеры (вердикт, да/всего)") };
	sqlite3_stmt *st = db_prepare(c->db, report_tag_disagreements_sql);
	struct html_node *tb;
	int rc, rows = 0;
	if (!st)
		return -1;
	html_el_text(main, "h3", T(c, "Turn tags to review", "Метки реплик для разбора"));
	tb = report_table(main, NULL, heads, 5);
	sqlite3_bind_int(st, 1, MAX_DISAGREEMENTS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = db_col_text(st, 0);
		int n = sqlite3_column_int(st, 1), yes = sqlite3_column_int(st, 4), all = sqlite3_column_int(st, 5);
		struct html_node *tr = html_el(tb, "tr"), *cell = html_el(tr, "th");
		html_attr(cell, "scope", "row");
		report_dialogue_ref(c, cell, id, 0);
		if (report_has_page(c, id)) {
			char path[128], href[160], label[16];
			report_dialogue_path(id, path, sizeof(path));
			snprintf(href, sizeof(href), "%s#t%d", path, n);
			snprintf(label, sizeof(label), "#%d", n);
			html_link(html_el(tr, "td"), href, label);
		} else {
			html_el_textf(tr, "td", "#%d", n);
		}
		report_cell_text(tr, report_tag_label(c, db_col_text(st, 2)));
		report_cell_text(tr, sqlite3_column_int(st, 3) ? T(c, "yes", "да") : T(c, "no", "нет"));
		html_el_textf(tr, "td", "%s %d/%d", yes * 2 > all ? T(c, "yes", "да") : T(c, "no", "нет"), yes, all);
		rows++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	if (!rows)
		report_empty_row(c, tb, 5);
	return 0;
}

int report_detectors(struct report_ctx *c)
{
	struct html_node *main;
	struct html_doc *doc = report_page(c, T(c, "Detectors and trainers", "Детекторы и тренеры"), "detectors", 0, &main);

	if (c->eval_state == 2) {
		report_note(main, T(c, "No scored dialogue has trainer labels yet: ingest a labels file and run 'leadqa score'.",
				    "Ни у одного оценённого диалога пока нет разметки тренеров: загрузите файл разметки и запустите 'leadqa score'."));
		return report_page_write(c, doc, "detectors.html");
	}
	if (c->eval_state == 1) {
		report_note(main, T(c, "Nothing to evaluate.", "Нечего оценивать."));
	} else {
		agreement(c, main, &c->eval);
		trainers(c, main, &c->eval);
		disagreements(c, main, &c->eval);
		if (tag_disagreements(c, main)) {
			html_doc_free(doc);
			return -1;
		}
	}
	return report_page_write(c, doc, "detectors.html");
}

/* Runs the evaluation before the pages are chosen, so that each
 * disagreement gets a dialogue page whatever night it belongs to. */
int report_eval_prepare(struct report_ctx *c, void (*add)(struct report_ctx *, const char *))
{
	struct eval_options eo;
	sqlite3_stmt *st;
	int64_t judged = db_query_int(c->db, "SELECT count(*) FROM (SELECT 1 FROM labels l"
					      " JOIN scores s ON s.dialogue_id = l.dialogue_id LIMIT 1)");
	int rc;
	memset(&eo, 0, sizeof(eo));
	if (judged < 0)
		return -1;
	if (!judged) {
		c->eval_state = 2;
		return 0;
	}
	eo.stored = 1;
	rc = eval_run(c->db, &eo, &c->eval);
	if (rc < 0)
		return -1;
	c->eval_state = rc > 0;
	if (rc > 0)
		return 0;
	for (size_t i = 0; i < c->eval.n_dis && i < MAX_DISAGREEMENTS; i++)
		add(c, c->eval.dis[i].dialogue_id);
	st = db_prepare(c->db, report_tag_disagreements_sql);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, MAX_DISAGREEMENTS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add(c, db_col_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	return 0;
}
