/* report_funnel.c — funnel.html: for deals that came from a dialogue, the
 * share reaching each stage and the share lost at each stage, split by
 * whether the dialogue had a premature offer or a missed escalation.
 *
 * A deal came from a dialogue when the CRM names it (deal_events.dialogue_id
 * of a loaded dialogue), else when the same merged customer had a dialogue
 * in the 30 days before the deal's first stage change (the latest such
 * dialogue).  The deals are those opened in the nights the report shows
 * (report_crm_from), read through the summary's index on the opening.
 * The view temp.rep_deal made here (of deal_summary) is read
 * again by the data quality page (deals that matched no dialogue); the
 * matched deals are read once (handling_matches_load), for these figures
 * and the lead-handling page's. */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "svg.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define N_STAGES 5
#define N_GROUPS 4

/* The deals with their match, kept up to date in deal_summary
 * (deal_summary.h) before the report began: the same rule, applied once
 * per deal when its rows or its customer's dialogues change, not to every
 * deal every night. */
static const char build_deals[] =
	"DROP VIEW IF EXISTS temp.rep_deal;"
	"CREATE TEMP VIEW rep_deal AS SELECT deal_id, opened, reached, lost, dialogue FROM main.deal_summary;";

struct funnel {
	double n[N_GROUPS];
	double reached[N_GROUPS][N_STAGES], lost[N_GROUPS][N_STAGES];
};

/* Per group (all, premature offer, missed escalation, neither): deals,
 * reached stage k (k = 1..5), lost after reaching exactly k. */
static int load(struct report_ctx *c, struct funnel *f)
{
	int64_t from = report_crm_from(c);
	memset(f, 0, sizeof(*f));
	handling_release(&c->deals);
	handling_kept_release(&c->deals_more);  /* it points into the matches */
	c->have_deals = 0;
	handling_matches_release(&c->deal_matches);
	c->have_deal_matches = 0;
	if (db_exec(c->db, build_deals) ||
	    handling_matches_load(c->db, from, report_crm_ref(c), &c->deal_matches))
		return -1;
	c->have_deal_matches = 1;
	for (size_t i = 0; i < c->deal_matches.n; i++) {
		const struct hdl_match *m = &c->deal_matches.v[i];
		int in[N_GROUPS];
		/* the older open bot leads are there for the waiting list only */
		if (m->opened < from)
			continue;
		in[0] = 1;
		in[1] = m->premature;
		in[2] = m->missed;
		in[3] = !m->premature && !m->missed;
		for (int g = 0; g < N_GROUPS; g++) {
			if (!in[g])
				continue;
			f->n[g] += 1;
			for (int k = 0; k < N_STAGES; k++) {
				f->reached[g][k] += m->reached >= k + 1;
				f->lost[g][k] += m->lost && m->reached == k + 1;
			}
		}
	}
	return 0;
}

/* Which deals the figures cover, and that the young ones' are not final. */
static void window_note(struct report_ctx *c, struct html_node *main)
{
	char w[64];
	report_crm_window(c, w, sizeof(w));
	if (!*w)
		return;
	html_textf(html_el_class(main, "p", "note"),
		   T(c, "Deals opened %s (the nights shown). Deals opened in the last 30 days may still move on: "
			"their shares are not final (provisional).",
		     "Сделки, открытые %s (показанные ночи). Сделки моложе 30 дней ещё могут продвинуться: "
			"их доли не окончательны (предварительно)."), w);
}

int report_funnel(struct report_ctx *c)
{
	/* the CRM's stage names, said in the report's language */
	const char *stages[N_STAGES] = { T(c, "new", "новая"), T(c, "qualified", "квалифицирована"),
					 T(c, "proposal", "предложение"), T(c, "negotiation", "переговоры"),
					 T(c, "won", "выиграна") };
	/* short: each names two columns of the table */
	const char *groups[N_GROUPS] = { T(c, "all leads from dialogues", "все лиды"),
					 T(c, "premature offer", "преждевр. допродажа"),
					 T(c, "missed escalation", "пропущ. эскалация"),
					 T(c, "neither", "без замечаний") };
	const char *heads[1 + 2 * N_GROUPS];
	char head_text[2 * N_GROUPS][96];
	struct funnel f;
	struct html_node *main, *tb, *fig;
	struct html_doc *doc = report_page(c, T(c, "Funnel of leads from dialogues", "Воронка лидов из диалогов"),
					   "funnel", 0, &main);
	double share[N_GROUPS][N_STAGES];
	struct svg_series series[N_GROUPS];

	if (load(c, &f)) {
		html_doc_free(doc);
		return -1;
	}
	report_note(main, T(c, "Deals linked to a dialogue: named by the CRM, else the customer's latest dialogue in the 30 days before the deal opened. "
			       "\"Reached\" is the share of the group's deals that entered the stage or a later one; \"lost here\" the share lost after it was their furthest stage. "
			       "A dialogue with both findings is in both groups.",
			    "Сделки, связанные с диалогом: указанным в CRM, иначе последним диалогом клиента за 30 дней до открытия сделки. "
			       "«Дошли» — доля сделок группы, вошедших в этап или дальше; «потеряны здесь» — доля проигранных, когда этот этап был для них последним. "
			       "Диалог с обоими замечаниями входит в обе группы."));
	window_note(c, main);
	html_textf(html_el_class(main, "p", "muted"), "%s: %.0f · %s: %.0f · %s: %.0f · %s: %.0f",
		   groups[0], f.n[0], groups[1], f.n[1], groups[2], f.n[2], groups[3], f.n[3]);
	heads[0] = T(c, "Stage", "Этап");
	for (int g = 0; g < N_GROUPS; g++) {
		snprintf(head_text[2 * g], sizeof(head_text[0]), "%s: %s", groups[g], T(c, "reached", "дошли"));
		snprintf(head_text[2 * g + 1], sizeof(head_text[0]), "%s: %s", groups[g], T(c, "lost here", "потеряны здесь"));
		heads[1 + 2 * g] = head_text[2 * g];
		heads[2 + 2 * g] = head_text[2 * g + 1];
	}
	for (int g = 0; g < N_GROUPS; g++) {
		for (int k = 0; k < N_STAGES; k++)
			share[g][k] = f.n[g] > 0 ? f.reached[g][k] / f.n[g] : NAN;
		series[g].label = groups[g];
		series[g].y = share[g];
	}
	fig = html_el_class(main, "div", "figure");
	html_text(html_el_class(fig, "div", "figcaption"), T(c, "Share of deals reaching each stage", "Доля сделок, дошедших до этапа"));
	{
		struct svg_line_opts o = { T(c, "Share of deals reaching each stage", "Доля сделок, дошедших до этапа"),
					   stages, N_STAGES, series, N_GROUPS, 1, 640, 300, NULL };
		svg_line_chart(fig, &o);
	}
	tb = report_table(main, NULL, heads, 1 + 2 * N_GROUPS);
	for (int k = 0; k < N_STAGES; k++) {
		struct html_node *tr = report_row(tb, stages[k]);
		for (int g = 0; g < N_GROUPS; g++) {
			report_cell_num(tr, share[g][k], 1);
			report_cell_num(tr, f.n[g] > 0 ? f.lost[g][k] / f.n[g] : NAN, 1);
		}
	}
	return report_page_write(c, doc, "funnel.html");
}
