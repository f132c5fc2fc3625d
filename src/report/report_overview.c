/* report_overview.c — index.html: the night's key figures with their
 * definitions, n and 95% interval (stats.h), the change against the
 * previous night and the nights before, 30-night trends (provisional nights
 * hollow), bot-only against handed-over dialogues, the best leads, and
 * breakdowns by page, channel and performer (report_performers.c).  Everything comes from night_figures and temp.fig_dialogue
 * (figures.h), aggregated in SQL: the page stays small at any volume. */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "localday.h"
#include "stats.h"
#include "svg.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BREAKDOWN_ROWS 25

struct key_figure {
	enum figure fig;
	const char *en, *ru;
	const char *def_en, *def_ru;
};

static const struct key_figure key_figures[] = {
	{ FIG_FCR, "First-contact resolution", "Решение с первого обращения",
	  "Share of scored dialogues that ended resolved (a turn tagged problem-resolved, or no "
	  "problem stated and no finding) with no new dialogue from the same merged customer within "
	  "7 days. Anonymous visitors count on resolution alone.",
	  "Доля оценённых диалогов, закончившихся решением (реплика с меткой problem-resolved или "
	  "ни проблемы, ни замечаний), после которых тот же клиент (с учётом объединения) не "
	  "обращался 7 дней. Анонимные посетители учитываются только по решению." },
	{ FIG_ESCALATION, "Escalation rate", "Доля эскалаций",
	  "Share of dialogues handed to a human (a handoff event).",
	  "Доля диалогов, переданных человеку (событие handoff)." },
	{ FIG_MISSED, "Missed-escalation rate", "Доля пропущенных эскалаций",
	  "Share of scored dialogues where the customer needed a human and did not get one in time.",
	  "Доля оценённых диалогов, где клиенту был нужен человек, но его вовремя не позвали." },
	{ FIG_PREMATURE, "Premature cross-sell rate", "Доля преждевременных допродаж",
	  "Share of scored dialogues with an extra product offered before the customer's problem was solved.",
	  "Доля оценённых диалогов, где допродажу предложили до решения проблемы клиента." },
	{ FIG_QUALIFIED, "Qualified-lead rate", "Доля квалифицированных лидов",
	  "Among dialogues old enough to judge (decided: a manager moved a deal of the customer to "
	  "qualified or later within 30 days, or the window passed / every new deal was lost), the share qualified.",
	  "Среди диалогов, по которым исход уже известен (менеджер перевёл сделку клиента в "
	  "qualified или дальше за 30 дней, либо окно истекло / все новые сделки проиграны), доля квалифицированных." },
};
#define N_KEY (sizeof(key_figures) / sizeof(key_figures[0]))

static const char *fig_label(const struct report_ctx *c, enum figure f)
{
	for (size_t i = 0; i < N_KEY; i++)
		if (key_figures[i].fig == f)
			return T(c, key_figures[i].en, key_figures[i].ru);
	if (f == FIG_DIALOGUES)
		return T(c, "Dialogues", "Диалоги");
	if (f == FIG_JUDGED)
		return T(c, "Dialogues judged (lead quality known)", "Диалогов с известным исходом");
	if (f == FIG_SCORED)
		return T(c, "Dialogues scored", "Оценено диалогов");
	return figure_name(f);
}

static void format_fig(double v, int share, char *out, size_t outsz)
{
	if (isnan(v))
		snprintf(out, outsz, "–");
	else if (share)
		snprintf(out, outsz, "%.1f%%", v * 100);
	else
		snprintf(out, outsz, "%.0f", v);
}

/* What a share is a share of: its n. */
static enum figure base_of(enum figure f)
{
	if (f == FIG_ESCALATION)
		return FIG_DIALOGUES;
	if (f == FIG_QUALIFIED)
		return FIG_JUDGED;
	return FIG_SCORED;
}

static double n_of(const struct night_values *nv, int g, enum figure f)
{
	double n = nv->v[g][base_of(f)];
	return isnan(n) ? 0 : n;
}

/* Days a lagging figure waits before a night's value is final: a customer
 * may come back within 7 days (first-contact resolution), a deal may
 * qualify within 30 (qualified-lead rate). */
static int lag_days(enum figure f)
{
	return f == FIG_FCR ? 7 : f == FIG_QUALIFIED ? 30 : 0;
}

/* Is the night's value of f still provisional (its window open at as_of)? */
static int provisional(const struct report_ctx *c, const char *night, enum figure f, char settles[11])
{
	int64_t end;
	if (!lag_days(f) || report_night_end(c, night, &end))
		return 0;
	if (settles)
		format_date(end + (int64_t)lag_days(f) * 86400 - 1, settles);
	return c->o->as_of < end + (int64_t)lag_days(f) * 86400;
}

/* The pooled rate of the `len` nights before the current one (the
 * baseline), and its n.  0 when there are none. */
static int baseline(const struct report_ctx *c, enum figure f, size_t len, double *p, double *n)
{
	double k = 0, nn = 0;
	size_t used = 0;
	for (size_t i = c->figs.n - 1; i-- > 0 && used < len;) {
		const struct night_values *nv = &c->figs.nights[i];
		double v = nv->v[GROUP_ALL][f], m = n_of(nv, GROUP_ALL, f);
		used++;
		if (isnan(v) || m <= 0)
			continue;
		k += v * m;
		nn += m;
	}
	if (nn <= 0)
		return 0;
	*p = k / nn;
	*n = nn;
	return (int)used;
}

/* "▲ +1.2 pp, worse (vs 2026-12-06)" — arrow, number and word, never colour
 * alone; coloured only when the change is beyond the noise of both counts,
 * and never for a provisional figure (its window is still open). */
static void delta(struct report_ctx *c, struct html_node *parent, enum figure f, double now, double n_now,
		  double before, double n_before, const char *against, int prov)
{
	struct html_node *span = html_el(parent, "div");
	double d = now - before;
	const char *cls, *word;
	if (isnan(now) || isnan(before)) {
		html_attr(span, "class", "delta same");
		html_textf(span, "%s %s", T(c, "nothing to compare with", "не с чем сравнить:"), against);
		return;
	}
	if (fabs(d) < 1e-9) {
		cls = "delta same";
		word = T(c, "unchanged", "без изменений");
	} else if (prov) {
		cls = "delta same";
		word = T(c, "provisional, not judged", "предварительно, не оценивается");
	} else if (n_now < STATS_MIN_N || n_before < STATS_MIN_N) {
		cls = "delta same";
		word = T(c, "too few to judge", "слишком мало для вывода");
	} else if (!stats_change_real(now, n_now, before, n_before)) {
		cls = "delta same";
		word = T(c, "within the noise", "в пределах шума");
	} else if ((d > 0) == (figure_higher_is_better(f) != 0)) {
		cls = "delta better";
		word = T(c, "better", "лучше");
	} else {
		cls = "delta worse";
		word = T(c, "worse", "хуже");
	}
	html_attr(span, "class", cls);
	html_textf(span, "%s %+.1f %s, %s (%s %s)", d > 0 ? "▲" : d < 0 ? "▼" : "■", d * 100,
		   T(c, "pp", "п.п."), word, T(c, "vs", "к"), against);
}

static void cards(struct report_ctx *c, struct html_node *main)
{
	struct html_node *grid = html_el_class(main, "div", "cards");
	char buf[32];
	for (size_t i = 0; i < N_KEY; i++) {
		enum figure f = key_figures[i].fig;
		double now = c->cur->v[GROUP_ALL][f], n = n_of(c->cur, GROUP_ALL, f);
		double lo, hi, bp, bn;
		char settles[11];
		int prov = provisional(c, c->night, f, settles), nb;
		struct html_node *card = html_el_class(grid, "div", n < STATS_MIN_N ? "card thin" : "card");
		html_attr(card, "id", figure_name(f));
		html_text(html_el_class(card, "div", "name"), T(c, key_figures[i].en, key_figures[i].ru));
		format_fig(now, 1, buf, sizeof(buf));
		html_el_text(html_el_class(card, "div", "value"), "span", buf);
		stats_wilson(isnan(now) ? NAN : now * n, n, &lo, &hi);
		if (isnan(lo))
			html_el_textf(card, "div", "n = %.0f", n);
		else
			html_el_textf(card, "div", "n = %.0f · 95%% %s %.1f–%.1f%%", n,
				      T(c, "interval", "интервал"), lo * 100, hi * 100);
		if (n < STATS_MIN_N)
			html_el_textf(html_el_class(card, "p", "thin-note"), "span",
				      T(c, "Only %.0f: too few to read (under %d).", "Всего %.0f: слишком мало для выводов (меньше %d)."),
				      n, STATS_MIN_N);
		if (prov)
			html_el_textf(html_el_class(card, "p", "prov-note"), "span",
				      T(c, "Provisional: final on %s, when its %d-day window closes.",
					"Предварительно: окончательно %s, когда закроется окно в %d дн."),
				      settles, lag_days(f));
		if (c->prev)
			delta(c, card, f, now, n, c->prev->v[GROUP_ALL][f], n_of(c->prev, GROUP_ALL, f),
			      c->prev_night, prov);
		else
			delta(c, card, f, now, n, NAN, 0, T(c, "the previous night", "предыдущая ночь"), prov);
		/* one night before is the previous night already */
		nb = baseline(c, f, 7, &bp, &bn);
		if (nb >= 2) {
			char against[64];
			snprintf(against, sizeof(against), T(c, "the %d nights before, %.1f%%", "%d ноч. до неё, %.1f%%"),
				 nb, bp * 100);
			delta(c, card, f, now, n, bp, bn, against, prov);
		}
		html_el_text(html_el_class(card, "p", "def"), "span", T(c, key_figures[i].def_en, key_figures[i].def_ru));
	}
}

static void side_by_side(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "Figure", "Показатель"), T(c, "All dialogues", "Все диалоги"),
				T(c, "Bot only", "Только бот"), T(c, "Handed to a human", "Переданы человеку") };
	static const enum figure rows[] = { FIG_DIALOGUES, FIG_SCORED, FIG_FCR, FIG_ESCALATION,
					    FIG_MISSED, FIG_PREMATURE, FIG_QUALIFIED, FIG_JUDGED };
	struct html_node *tb;
	html_el_text(main, "h2", T(c, "Bot alone and bot + human", "Бот отдельно и бот + человек"));
	report_note(main, T(c, "A dialogue handed over is judged as one dialogue: the bot's part and the human's together. "
			    "Each share with its n; greyed under 20.",
			    "Переданный диалог оценивается целиком: часть бота и часть человека вместе. "
			    "У каждой доли её n; серым — меньше 20."));
	tb = report_table(main, NULL, heads, 4);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct html_node *tr = report_row(tb, fig_label(c, rows[i]));
		for (int g = 0; g < GROUP_COUNT; g++) {
			char buf[32];
			double n = n_of(c->cur, g, rows[i]);
			struct html_node *td;
			format_fig(c->cur->v[g][rows[i]], figure_is_share(rows[i]), buf, sizeof(buf));
			td = html_el(tr, "td");
			html_attr(td, "class", figure_is_share(rows[i]) && n < STATS_MIN_N ? "num thin" : "num");
			html_text(td, buf);
			if (figure_is_share(rows[i]))
				html_textf(html_el_class(td, "span", "n"), " n=%.0f", n);
		}
	}
}

static void grades(struct report_ctx *c, struct html_node *main)
{
	const char *labels[] = { "A (≥ 75)", "B (50–74)", "C (25–49)", "D (< 25)" };
	const char *heads[] = { T(c, "Grade", "Класс"), T(c, "Dialogues", "Диалоги"), T(c, "Share", "Доля") };
	double v[4], total = 0;
	struct html_node *tb, *fig;
	for (int i = 0; i < 4; i++) {
		v[i] = c->cur->v[GROUP_ALL][FIG_GRADE_A + i];
		if (isnan(v[i]))
			v[i] = 0;
		total += v[i];
	}
	html_el_text(main, "h2", T(c, "Lead grades", "Классы лидов"));
	report_note(main, T(c, "Grade by lead score (the calibrated probability of a qualified lead × 100).",
			    "Класс по оценке лида (калиброванная вероятность квалифицированного лида × 100)."));
	fig = html_el_class(main, "div", "figure");
	svg_bar_chart(fig, T(c, "Dialogues per lead grade", "Диалоги по классам лидов"), labels, v, 4, 0);
	tb = report_table(main, NULL, heads, 3);
	for (int i = 0; i < 4; i++) {
		struct html_node *tr = report_row(tb, labels[i]);
		report_cell_int(tr, (long long)v[i]);
		report_cell_num(tr, total > 0 ? v[i] / total : NAN, 1);
	}
}

/* The pages written for the best leads are linked from here. */
static int best_leads(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "Dialogue", "Диалог"), T(c, "Lead score", "Оценка лида"),
				T(c, "Page", "Страница"), T(c, "Channel", "Канал") };
	sqlite3_stmt *st = db_prepare(c->db,
		"SELECT id, score, grade, page, channel FROM temp.fig_dialogue WHERE night = ?1"
		" AND severity IS NULL AND score IS NOT NULL ORDER BY score DESC, id LIMIT ?2");
	struct html_node *tb;
	int rc, rows = 0;
	if (!st)
		return -1;
	html_el_text(main, "h3", T(c, "Best leads of the night", "Лучшие лиды ночи"));
	tb = report_table(main, NULL, heads, 4);
	db_bind_text(st, 1, c->night);
	sqlite3_bind_int(st, 2, REPORT_BEST_LEADS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct html_node *tr = html_el(tb, "tr");
		report_dialogue_ref(c, html_el(tr, "td"), db_col_text(st, 0), 0);
		html_attr(html_el_textf(tr, "td", "%d (%s)", sqlite3_column_int(st, 1), db_col_text(st, 2)), "class", "num");
		report_cell_text(tr, db_col_text(st, 3));
		report_cell_text(tr, db_col_text(st, 4));
		rows++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	if (!rows)
		report_empty_row(c, tb, 4);
	return 0;
}

static void trends(struct report_ctx *c, struct html_node *main)
{
	size_t n = c->figs.n;
	const char **x = xcalloc(n, sizeof(*x));
	double *ys = xcalloc(n * GROUP_COUNT, sizeof(*ys));
	char (*labels)[6] = xcalloc(n, sizeof(*labels));
	unsigned char *hollow = xcalloc(n, 1);
	struct html_node *grid;

	html_el_text(main, "h2", T(c, "Trends", "Динамика"));
	html_textf(html_el_class(main, "p", "note"), "%s %zu %s %s).",
		   T(c, "The last", "Последние"), n, T(c, "nights with dialogues (local dates in", "ночей с диалогами (даты по поясу"), c->tz);
	for (size_t i = 0; i < n; i++) {
		snprintf(labels[i], sizeof(labels[i]), "%s", c->figs.nights[i].night + 5);
		x[i] = labels[i];
	}
	grid = html_el_class(main, "div", "charts");
	for (size_t k = 0; k <= N_KEY; k++) {
		enum figure f = k < N_KEY ? key_figures[k].fig : FIG_DIALOGUES;
		struct svg_series s[GROUP_COUNT] = {
			{ T(c, "all", "все"), ys },
			{ T(c, "bot only", "только бот"), ys + n },
			{ T(c, "handed over", "переданы"), ys + 2 * n },
		};
		struct svg_line_opts o = { fig_label(c, f), x, n, s, GROUP_COUNT, figure_is_share(f), 480, 250, hollow };
		struct html_node *fig = html_el_class(grid, "div", "figure");
		int any = 0;
		for (size_t i = 0; i < n; i++)
			any |= hollow[i] = (unsigned char)provisional(c, c->figs.nights[i].night, f, NULL);
		for (int g = 0; g < GROUP_COUNT; g++)
			for (size_t i = 0; i < n; i++)
				ys[g * n + i] = c->figs.nights[i].v[g][f];
		html_text(html_el_class(fig, "div", "figcaption"), fig_label(c, f));
		svg_line_chart(fig, &o);
		if (any)
			report_note(fig, T(c, "Hollow points: provisional nights, whose window has not closed yet.",
					   "Полые точки: предварительные ночи, окно которых ещё не закрылось."));
	}
	free(hollow);
	free(x);
	free(ys);
	free(labels);
}

/* One breakdown table: the night's dialogues grouped by a column of
 * temp.fig_dialogue (the column name is one of this file's constants). */
static int breakdown(struct report_ctx *c, struct html_node *main, const char *title,
		     const char *column, const char *col_head)
{
	const char *heads[] = { col_head, T(c, "Dialogues", "Диалоги"), T(c, "Escalation", "Эскалации"),
				T(c, "Missed escalation", "Пропущ. эскалации"), T(c, "Premature cross-sell", "Преждевр. допродажи"),
				T(c, "FCR", "Решено с 1-го раза"), T(c, "Judged", "С исходом"),
				T(c, "Qualified (of judged)", "Квалиф. (из с исходом)"),
				T(c, "Dialogue → qualified lead", "Диалог → квалиф. лид") };
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *st;
	struct html_node *tb;
	int rc;
	long total_groups = 0;

	strbuf_addf(&sql,
		"SELECT %s, count(*), avg(handoff), sum(missed) * 1.0 / nullif(sum(scored), 0),"
		" sum(premature) * 1.0 / nullif(sum(scored), 0), sum(fcr) * 1.0 / nullif(sum(scored), 0),"
		" count(outcome), avg(outcome), coalesce(sum(outcome), 0) * 1.0 / count(*), count(*) OVER ()"
		" FROM temp.fig_dialogue WHERE night = ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT %d",
		column, BREAKDOWN_ROWS);
	st = db_prepare(c->db, strbuf_str(&sql));
	strbuf_release(&sql);
	if (!st)
		return -1;
	html_el_text(main, "h3", title);
	tb = report_table(main, NULL, heads, sizeof(heads) / sizeof(heads[0]));
	db_bind_text(st, 1, c->night);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct html_node *tr = report_row(tb, db_col_text(st, 0));
		report_cell_int(tr, sqlite3_column_int64(st, 1));
		for (int i = 2; i <= 5; i++)
			report_cell_num(tr, sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i), 1);
		report_cell_int(tr, sqlite3_column_int64(st, 6));
		for (int i = 7; i <= 8; i++)
			report_cell_num(tr, sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i), 1);
		total_groups = (long)sqlite3_column_int64(st, 9);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	if (total_groups > BREAKDOWN_ROWS) {
		html_textf(html_el_class(main, "p", "note"), T(c, "The %d largest of %ld shown.", "Показаны %d крупнейших из %ld."),
			   BREAKDOWN_ROWS, total_groups);
	}
	return 0;
}

static int breakdowns(struct report_ctx *c, struct html_node *main)
{
	html_el_text(main, "h2", T(c, "Breakdowns", "В разрезах"));
	report_note(main, T(c, "Per page, channel and performer (bot instance or operator), "
			    "so that a pilot on one page can be judged. \"Dialogue → qualified lead\" counts the "
			    "dialogues already qualified among all of the night's dialogues; it grows as deals move.",
			    "По страницам, каналам и исполнителям (экземпляр бота или оператор), "
			    "чтобы можно было оценить пилот на одной странице. «Диалог → квалиф. лид» — доля уже "
			    "квалифицированных среди всех диалогов ночи; растёт по мере движения сделок."));
	if (breakdown(c, main, T(c, "By page", "По страницам"), "page", T(c, "Page", "Страница")) ||
	    breakdown(c, main, T(c, "By channel", "По каналам"), "channel", T(c, "Channel", "Канал")) ||
	    report_performers(c, main))
		return -1;
	return 0;
}

static void empty_page(struct report_ctx *c, struct html_node *main)
{
	if (c->figs.has_newest) {
		char when[17];
		localday_format(c->figs.newest_started, c->tz, when);
		html_textf(html_el_class(main, "p", "note"),
			   T(c, "No day with dialogues has ended yet: the newest dialogue started %s (%s), on a day still "
			       "in progress. Its night is reported once the day is over.",
			     "Ни один день с диалогами ещё не закончился: новейший диалог начат %s (%s), в текущие сутки. "
			       "Его ночь войдёт в отчёт, когда сутки закончатся."), when, c->tz);
		return;
	}
	report_note(main, T(c, "The database holds no dialogue with a start time yet: load transcripts with 'leadqa ingest'.",
			    "В базе ещё нет диалогов со временем начала: загрузите расшифровки командой 'leadqa ingest'."));
}

int report_overview(struct report_ctx *c)
{
	struct html_node *main, *p;
	struct html_doc *doc = report_page(c, T(c, "Lead quality: the night", "Качество лидов: итоги ночи"),
					   "index", 0, &main);
	if (!c->has_night) {
		empty_page(c, main);
		return report_page_write(c, doc, "index.html");
	}
	p = html_el_class(main, "p", "muted");
	html_textf(p, "%s %s (%s) · %s: %.0f · %s: %s · %s: ",
		   T(c, "Dialogues started on", "Диалоги, начатые"), c->night, c->tz,
		   T(c, "dialogues", "диалогов"), c->cur->v[GROUP_ALL][FIG_DIALOGUES],
		   T(c, "model", "модель"), c->model_version ? c->model_version : T(c, "none", "нет"),
		   T(c, "flagged", "отмечено"));
	html_attr(html_el_textf(p, "a", "%ld", c->n_flagged), "href", "flagged-1.html");
	html_text(p, " · ");
	html_attr(html_el_text(p, "a", T(c, "what to fix first", "что исправить в первую очередь")), "href", "fix.html");
	cards(c, main);
	side_by_side(c, main);
	grades(c, main);
	if (best_leads(c, main)) {
		html_doc_free(doc);
		return -1;
	}
	trends(c, main);
	if (breakdowns(c, main)) {
		html_doc_free(doc);
		return -1;
	}
	return report_page_write(c, doc, "index.html");
}
