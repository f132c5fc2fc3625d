/* report_detectors.c — detectors.html: how the detectors agree with the
 * trainers (eval.h over the findings that score stored), agreement between
 * trainers, and the disagreements to review. */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "eval.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_DISAGREEMENTS 300

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
		counts_row(c, tb, turn_tag_name((enum turn_tag)t), &rep->tag[t]);
}

static void trainers(struct report_ctx *c, struct html_node *main, const struct eval_report *rep)
{
	const char *heads[] = { T(c, "Trainers", "Тренеры"), T(c, "Shared dialogues", "Общих диалогов"),
				T(c, "κ premature cross-sell", "κ допродажа"), T(c, "κ missed escalation", "κ эскалация"),
				T(c, "κ context lost", "κ потеря контекста") };
	struct html_node *tb;
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
		for (int k = 0; k < FINDING_KINDS; k++)
			report_cell_num(tr, p->kappa[k], 0);
	}
}

static void disagreements(struct report_ctx *c, struct html_node *main, const struct eval_report *rep)
{
	const char *heads[] = { T(c, "Dialogue", "Диалог"), T(c, "Finding", "Замечание"),
				T(c, "Detector", "Детектор"), T(c, "Trainers (yes/no)", "Тренеры (да/нет)"),
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
		html_el_textf(tr, "td", "%s (%d/%d)", d->trainers ? T(c, "yes", "да") : T(c, "no", "нет"),
			      d->n_yes, d->n_no);
		report_cell_text(tr, d->turns);
		report_cell_text(tr, d->reason);
	}
}

int report_detectors(struct report_ctx *c)
{
	struct eval_report rep;
	struct eval_options eo;
	struct html_node *main;
	struct html_doc *doc = report_page(c, T(c, "Detectors and trainers", "Детекторы и тренеры"), "detectors", 0, &main);
	int64_t judged = db_query_int(c->db, "SELECT count(*) FROM (SELECT 1 FROM labels l"
					      " JOIN scores s ON s.dialogue_id = l.dialogue_id LIMIT 1)");
	int rc;

	memset(&rep, 0, sizeof(rep));
	memset(&eo, 0, sizeof(eo));
	if (judged < 0) {
		html_doc_free(doc);
		return -1;
	}
	if (!judged) {
		report_note(main, T(c, "No scored dialogue has trainer labels yet: ingest a labels file and run 'leadqa score'.",
				    "Ни у одного оценённого диалога пока нет разметки тренеров: загрузите файл разметки и запустите 'leadqa score'."));
		return report_page_write(c, doc, "detectors.html");
	}
	eo.stored = 1;
	rc = eval_run(c->db, &eo, &rep);
	if (rc < 0) {
		eval_report_release(&rep);
		html_doc_free(doc);
		return -1;
	}
	if (rc > 0) {
		report_note(main, T(c, "Nothing to evaluate.", "Нечего оценивать."));
	} else {
		agreement(c, main, &rep);
		trainers(c, main, &rep);
		disagreements(c, main, &rep);
	}
	eval_report_release(&rep);
	return report_page_write(c, doc, "detectors.html");
}
