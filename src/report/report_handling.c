/* report_handling.c — handling.html: how the CRM's people work the leads
 * the bot created, against every other deal (figures: handling.c): time to
 * the first touch, leads left untouched, conversion, per manager and per
 * source with n and 95% intervals, the trend over the report's nights, and
 * whether the lead score decides who is called first (by grade, and the
 * open bot leads waiting longest). */
#include "compat.h"
#include "report_page.h"
#include "handling.h"
#include "db.h"
#include "svg.h"
#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAITING_ROWS HDL_WAITING_ROWS

int64_t report_crm_ref(const struct report_ctx *c)
{
	int64_t start;
	if (c->has_night && !parse_time(c->night, &start) && start + HDL_DAY < c->o->as_of)
		return start + HDL_DAY;
	return c->o->as_of;
}

int64_t report_crm_from(const struct report_ctx *c)
{
	int64_t from = INT64_MAX;
	for (size_t i = 0; i < c->figs.n; i++) {
		int64_t t;
		if (!parse_time(c->figs.nights[i].night, &t) && t < from)
			from = t;
	}
	return from == INT64_MAX ? INT64_MIN : from;
}

void report_crm_window(const struct report_ctx *c, char *out, size_t n)
{
	int64_t from = report_crm_from(c), to;
	char a[21], b[21];
	if (from == INT64_MIN) {
		snprintf(out, n, "%s", "");
		return;
	}
	to = report_crm_ref(c) - 1;
	format_time(from, a);
	format_time(to < from ? from : to, b);
	snprintf(out, n, "%.10s – %.10s", a, b);
}

/* "5.2 h" below two days, else "3.1 d". */
static void format_wait(const struct report_ctx *c, double seconds, char *out, size_t n)
{
	if (seconds != seconds)
		snprintf(out, n, "–");
	else if (seconds < 2 * HDL_DAY)
		snprintf(out, n, "%.1f %s", seconds / 3600, T(c, "h", "ч"));
	else
		snprintf(out, n, "%.1f %s", seconds / HDL_DAY, T(c, "d", "дн"));
}

static void cell_wait(const struct report_ctx *c, struct html_node *tr, double seconds)
{
	char buf[32];
	format_wait(c, seconds, buf, sizeof(buf));
	html_attr(html_el_text(tr, "td", buf), "class", "num");
}

/* The median over its 90th percentile, in one cell. */
static void cell_waits(const struct report_ctx *c, struct html_node *tr, double median, double p90)
{
	char buf[32];
	struct html_node *td;
	format_wait(c, median, buf, sizeof(buf));
	td = html_attr(html_el_text(tr, "td", buf), "class", "num");
	if (p90 != p90)
		return;
	format_wait(c, p90, buf, sizeof(buf));
	html_el(td, "br");
	html_textf(html_el_class(td, "span", "ci"), "P90 %s", buf);
}

/* "42.0%" over "35.1–49.2" over "n=180": the share, its 95% Wilson
 * interval and its n, short lines so that a table of shares fits the page. */
static struct html_node *cell_share(struct html_node *tr, long k, long n)
{
	struct html_node *td;
	double lo, hi;
	if (n <= 0)
		return html_attr(html_el_text(tr, "td", "–"), "class", "num");
	handling_wilson(k, n, &lo, &hi);
	td = html_attr(html_el_textf(tr, "td", "%.1f%%", 100.0 * k / n), "class", "num");
	html_el(td, "br");
	html_textf(html_el_class(td, "span", "ci"), "%.1f–%.1f", 100 * lo, 100 * hi);
	html_el(td, "br");
	html_textf(html_el_class(td, "span", "ci"), "n=%ld", n);
	return td;
}

/* A conversion share some of whose deals are younger than
 * HDL_SETTLE_DAYS: not final, marked as the overview marks its
 * provisional tiles, with how many deals may still move on. */
static void cell_conversion(const struct report_ctx *c, struct html_node *tr, long k, long n, long young)
{
	struct html_node *td = cell_share(tr, k, n);
	if (n <= 0 || young <= 0)
		return;
	html_el(td, "br");
	html_textf(html_el_class(td, "span", "ci"), T(c, "not final: %ld under %d d", "не окончательно: %ld моложе %d дн"),
		   young, HDL_SETTLE_DAYS);
}

static void days_header(const struct report_ctx *c, int k, char *out, size_t n)
{
	snprintf(out, n, T(c, "Untouched %d d", "Без касания %d дн"), c->o->untouched_days[k]);
}

static void definitions(struct report_ctx *c, struct html_node *main)
{
	struct html_node *ul = html_el(main, "ul");
	char w[64];
	html_attr(ul, "class", "note");
	report_crm_window(c, w, sizeof(w));
	if (*w)
		html_textf(html_el(ul, "li"), T(c,
			"Which deals: bot leads and other deals opened %s (the nights shown, as the trend); the waiting list "
			"also shows the older open bot leads nobody has touched yet. Conversion of deals opened less than "
			"%d days before the reference time is not final: marked “not final”, with how many such deals.",
			"Какие сделки: лиды бота и другие сделки, открытые %s (показанные ночи, как в динамике); в списке "
			"ждущих — также более старые открытые лиды бота, которых ещё никто не тронул. Конверсия сделок, "
			"открытых меньше чем за %d дней до момента отчёта, не окончательна: помечена «не окончательно», "
			"с числом таких сделок."), w, HDL_SETTLE_DAYS);
	html_el_text(ul, "li", T(c,
		"Bot lead: a deal whose first stage row was written by “bot”; every other deal is “other”.",
		"Лид бота: сделка, первую запись истории этапов которой сделал «bot»; остальные сделки — «другие»."));
	html_el_text(ul, "li", T(c,
		"First touch: the earliest stage change by a person (changed_by neither empty nor “bot”); "
		"a deal a manager opened is touched when opened. That person is the deal's manager.",
		"Первое касание: самая ранняя смена этапа человеком (changed_by не пуст и не «bot»); "
		"сделка, открытая менеджером, тронута при открытии. Этот человек — менеджер сделки."));
	html_textf(html_el(ul, "li"), T(c,
		"To first touch: the median time from opening to the first touch, under it the 90th percentile (P90), over the deals touched. Untouched k d: "
		"share of the deals opened at least k days before the reference time with no touch within k days "
		"(k = %d, %d, %d: the untouched_days setting).",
		"До касания: медиана времени от открытия до первого касания, под ней 90-й перцентиль (P90), по тронутым сделкам. Без касания k дн: "
		"доля сделок, открытых не позже чем за k дней до момента отчёта, которых за k дней никто не тронул "
		"(k = %d, %d, %d: настройка untouched_days)."),
		c->o->untouched_days[0], c->o->untouched_days[1], c->o->untouched_days[2]);
	html_el_text(ul, "li", T(c,
		"Qualified+: reached qualified, proposal, negotiation or won. Shares show the 95% Wilson interval and n.",
		"Квалиф.+: дошла до qualified, proposal, negotiation или won. У долей — 95% интервал Уилсона и n."));
	html_el_text(ul, "li", T(c,
		"Lead score and grade: those of the deal's dialogue (named by the CRM, else the customer's latest "
		"dialogue in the 30 days before the deal); source: that dialogue's channel.",
		"Оценка и класс лида: те, что у диалога сделки (указанного CRM, иначе последнего диалога клиента "
		"за 30 дней до сделки); источник: канал этого диалога."));
}

static void stats_row(struct report_ctx *c, struct html_node *tb, const char *name, const struct hdl_stats *s)
{
	struct html_node *tr = report_row(tb, name);
	report_cell_int(tr, s->n);
	cell_waits(c, tr, s->median, s->p90);
	for (int k = 0; k < HDL_N_DAYS; k++)
		cell_share(tr, s->untouched[k], s->eligible[k]);
	cell_conversion(c, tr, s->qualified, s->n, s->young);
	cell_conversion(c, tr, s->won, s->n, s->young);
	report_cell_int(tr, s->waiting);
}

static struct html_node *stats_table(struct report_ctx *c, struct html_node *main, const char *first)
{
	char d[HDL_N_DAYS][48];
	const char *heads[9];
	heads[0] = first;
	heads[1] = T(c, "Deals", "Сделок");
	heads[2] = T(c, "To first touch", "До касания");
	for (int k = 0; k < HDL_N_DAYS; k++) {
		days_header(c, k, d[k], sizeof(d[k]));
		heads[3 + k] = d[k];
	}
	heads[6] = T(c, "Qualified+", "Квалиф.+");
	heads[7] = T(c, "Won", "Выиграно");
	heads[8] = T(c, "Waiting now", "Ждут сейчас");
	return report_table(main, NULL, heads, 9);
}

static void compare(struct report_ctx *c, struct html_node *main, const struct hdl_set *s)
{
	struct hdl_filter f = { 1, -1, -1, -1 };
	struct hdl_stats st;
	struct html_node *tb;
	html_el_text(main, "h2", T(c, "Bot leads against other deals", "Лиды бота и другие сделки"));
	tb = stats_table(c, main, T(c, "Deals", "Сделки"));
	handling_stats(s, &f, c->o->untouched_days, INT64_MIN, INT64_MAX, &st);
	stats_row(c, tb, T(c, "Bot leads", "Лиды бота"), &st);
	f.bot = 0;
	handling_stats(s, &f, c->o->untouched_days, INT64_MIN, INT64_MAX, &st);
	stats_row(c, tb, T(c, "Other deals", "Другие сделки"), &st);
}

/* The grade-A leads left waiting: the most expensive line of the report. */
static void grade_alarm(struct report_ctx *c, struct html_node *main, const struct hdl_stats *a)
{
	struct html_node *p;
	char wait[32];
	if (!a->waiting)
		return;
	format_wait(c, (double)a->oldest_wait, wait, sizeof(wait));
	p = html_el_class(main, "p", "alarm");
	html_attr(p, "role", "note");
	html_textf(p, T(c, "Grade-A bot leads waiting for a first touch: %ld, the oldest for %s. "
			   "These are the leads most likely to buy, and nobody has called them.",
			"Лидов бота класса A ждут первого касания: %ld, самый давний — %s. "
			"Это самые вероятные покупатели, и им никто не позвонил."), a->waiting, wait);
}

static void by_grade(struct report_ctx *c, struct html_node *main, const struct hdl_set *s)
{
	struct hdl_filter f = { 1, -1, -1, -1 };
	struct hdl_stats st[HDL_GRADES];
	struct html_node *tb;
	html_el_text(main, "h2", T(c, "Does the score help the managers?", "Помогает ли оценка менеджерам?"));
	report_note(main, T(c, "Bot leads by lead grade: if the score decides who is called first, grade A is "
			       "touched soonest and converts best.",
			    "Лиды бота по классу оценки: если оценка решает, кому звонить первым, класс A трогают "
			    "раньше всех и он лучше конвертируется."));
	struct hdl_groups gr;
	handling_group(s, HDL_BY_GRADE, HDL_GRADES, &gr);
	for (int g = 0; g < HDL_GRADES; g++) {
		f.grade = g;
		handling_stats_of(s, gr.idx + gr.start[g], gr.start[g + 1] - gr.start[g], &f, c->o->untouched_days,
				  INT64_MIN, INT64_MAX, &st[g]);
	}
	handling_groups_release(&gr);
	grade_alarm(c, main, &st[0]);
	tb = stats_table(c, main, T(c, "Grade", "Класс"));
	for (int g = 0; g < HDL_GRADES; g++) {
		if (!st[g].n)
			continue;
		stats_row(c, tb, g < 4 ? handling_grade_name(g) : T(c, "not scored", "без оценки"), &st[g]);
	}
}

/* Per manager: the deals they touched first.  Untouched deals have no
 * manager, so the lateness of a manager is the share of their first
 * touches that came after the first threshold. */
/* Indices of names[0..n) in name order: the rows of a per-manager or
 * per-source table do not depend on the order the deals were read in. */
static char *const *order_names;

static int cmp_name(const void *a, const void *b)
{
	return strcmp(order_names[*(const size_t *)a], order_names[*(const size_t *)b]);
}

static size_t *name_order(char *const *names, size_t n)
{
	size_t *v = xcalloc(n ? n : 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = i;
	order_names = names;
	if (n)
		qsort(v, n, sizeof(*v), cmp_name);
	return v;
}

static void by_manager(struct report_ctx *c, struct html_node *main, const struct hdl_set *s)
{
	char late[64];
	const char *heads[7];
	struct html_node *tb;
	struct hdl_groups gr;
	size_t *order;
	snprintf(late, sizeof(late), T(c, "Later than %d d", "Позже %d дн"), c->o->untouched_days[0]);
	heads[0] = T(c, "Manager", "Менеджер");
	heads[1] = T(c, "Bot leads", "Лидов бота");
	heads[2] = T(c, "To first touch", "До касания");
	heads[3] = late;
	heads[4] = T(c, "Qualified+", "Квалиф.+");
	heads[5] = T(c, "Won", "Выиграно");
	heads[6] = T(c, "Other: n · median", "Другие: n · медиана");
	html_el_text(main, "h2", T(c, "Per manager", "По менеджерам"));
	html_textf(html_el_class(main, "p", "note"),
		   T(c, "A deal's manager is the person who touched it first; deals nobody touched have no "
			"manager and appear only in the totals above. “Later than %d d”: the share of the manager's "
			"bot leads first touched after that.",
		     "Менеджер сделки — тот, кто первым её тронул; у нетронутых сделок менеджера нет, они есть "
			"только в итогах выше. «Позже %d дн»: доля лидов бота менеджера, тронутых впервые позже."),
		   c->o->untouched_days[0]);
	tb = report_table(main, NULL, heads, 7);
	handling_group(s, HDL_BY_MANAGER, s->n_managers, &gr);
	order = name_order(s->managers, s->n_managers);
	for (size_t j = 0; j < s->n_managers; j++) {
		size_t m = order[j];
		struct hdl_filter f = { 1, (int)m, -1, -1 };
		struct hdl_stats b, o;
		struct html_node *tr;
		const size_t *idx = gr.idx + gr.start[m];
		size_t n = gr.start[m + 1] - gr.start[m];
		long n_late = 0;
		char wait[32];
		handling_stats_of(s, idx, n, &f, c->o->untouched_days, INT64_MIN, INT64_MAX, &b);
		f.bot = 0;
		handling_stats_of(s, idx, n, &f, c->o->untouched_days, INT64_MIN, INT64_MAX, &o);
		for (size_t i = 0; i < n; i++) {
			const struct hdl_deal *d = &s->deals[idx[i]];
			n_late += d->bot && d->manager == (int)m &&
				  d->touch - d->opened > (int64_t)c->o->untouched_days[0] * HDL_DAY;
		}
		tr = report_row(tb, s->managers[m]);
		report_cell_int(tr, b.n);
		cell_waits(c, tr, b.median, b.p90);
		cell_share(tr, n_late, b.n);
		cell_share(tr, b.qualified, b.n);
		cell_share(tr, b.won, b.n);
		format_wait(c, o.median, wait, sizeof(wait));
		html_attr(html_el_textf(tr, "td", "%ld · %s", o.n, wait), "class", "num");
	}
	free(order);
	handling_groups_release(&gr);
}

static void by_source(struct report_ctx *c, struct html_node *main, const struct hdl_set *s)
{
	struct html_node *tb;
	struct hdl_groups gr;
	size_t *order;
	html_el_text(main, "h2", T(c, "Per source", "По источникам"));
	report_note(main, T(c, "Source: the channel of the deal's dialogue; “no dialogue” when none was found.",
			    "Источник: канал диалога сделки; «нет диалога», если диалог не найден."));
	tb = stats_table(c, main, T(c, "Source · deals", "Источник · сделки"));
	handling_group(s, HDL_BY_SOURCE, s->n_sources, &gr);
	order = name_order(s->sources, s->n_sources);
	for (int bot = 1; bot >= 0; bot--) {
		for (size_t j = 0; j < s->n_sources; j++) {
			size_t k = order[j];
			struct hdl_filter f = { bot, -1, (int)k, -1 };
			struct hdl_stats st;
			char name[128];
			handling_stats_of(s, gr.idx + gr.start[k], gr.start[k + 1] - gr.start[k], &f,
					  c->o->untouched_days, INT64_MIN, INT64_MAX, &st);
			if (!st.n)
				continue;
			snprintf(name, sizeof(name), "%s · %s",
				 *s->sources[k] ? s->sources[k] : T(c, "no dialogue", "нет диалога"),
				 bot ? T(c, "bot leads", "лиды бота") : T(c, "other", "другие"));
			stats_row(c, tb, name, &st);
		}
	}
	free(order);
	handling_groups_release(&gr);
}

/* The deals opened in the nights shown, by opening time: each night's
 * figures then read that night's deals, not every deal of the history. */
static const struct hdl_set *window_set;

static int cmp_opened(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int64_t p = window_set->deals[x].opened, q = window_set->deals[y].opened;
	if (p != q)
		return p < q ? -1 : 1;
	return (x > y) - (x < y);
}

static size_t *window_deals(const struct report_ctx *c, const struct hdl_set *s, size_t *n)
{
	int64_t from = INT64_MAX, to = INT64_MIN;
	size_t *v;
	*n = 0;
	for (size_t i = 0; i < c->figs.n; i++) {
		int64_t t;
		if (parse_time(c->figs.nights[i].night, &t))
			continue;
		if (t < from)
			from = t;
		if (t + HDL_DAY > to)
			to = t + HDL_DAY;
	}
	v = xcalloc(s->n ? s->n : 1, sizeof(*v));
	for (size_t i = 0; i < s->n; i++)
		if (s->deals[i].opened >= from && s->deals[i].opened < to)
			v[(*n)++] = i;
	window_set = s;
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_opened);
	return v;
}

/* The first of the window's deals opened at or after t. */
static size_t first_opened(const struct hdl_set *s, const size_t *v, size_t n, int64_t t)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->deals[v[mid]].opened < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Per night of opening over the report's window: the share untouched after
 * the first threshold, and the median time to the first touch in hours. */
static void trend(struct report_ctx *c, struct html_node *main, const struct hdl_set *s)
{
	size_t n = c->figs.n;
	const char **labels;
	double *share[2], *median[2];
	char title[128];
	size_t *window, n_window;
	if (!n)
		return;
	labels = xcalloc(n, sizeof(*labels));
	for (int g = 0; g < 2; g++) {
		share[g] = xcalloc(n, sizeof(double));
		median[g] = xcalloc(n, sizeof(double));
	}
	window = window_deals(c, s, &n_window);
	for (size_t i = 0; i < n; i++) {
		int64_t from;
		size_t lo, hi;
		labels[i] = c->figs.nights[i].night + 5;        /* MM-DD */
		if (parse_time(c->figs.nights[i].night, &from)) {
			share[0][i] = share[1][i] = median[0][i] = median[1][i] = NAN;
			continue;
		}
		lo = first_opened(s, window, n_window, from);
		hi = first_opened(s, window, n_window, from + HDL_DAY);
		for (int g = 0; g < 2; g++) {
			struct hdl_filter f = { 1 - g, -1, -1, -1 };
			struct hdl_stats st;
			handling_stats_of(s, window + lo, hi - lo, &f, c->o->untouched_days, from, from + HDL_DAY, &st);
			share[g][i] = st.eligible[0] ? (double)st.untouched[0] / st.eligible[0] : NAN;
			median[g][i] = st.median == st.median ? st.median / 3600 : NAN;
		}
	}
	html_el_text(main, "h2", T(c, "Trend", "Динамика"));
	report_note(main, T(c, "By the night the deal was opened (UTC).", "По ночи открытия сделки (UTC)."));
	{
		struct svg_series ss[2] = { { T(c, "bot leads", "лиды бота"), share[0] },
					    { T(c, "other deals", "другие сделки"), share[1] } };
		struct svg_series sm[2] = { { T(c, "bot leads", "лиды бота"), median[0] },
					    { T(c, "other deals", "другие сделки"), median[1] } };
		struct svg_line_opts o = { 0 };
		struct html_node *fig = html_el_class(main, "div", "figure");
		snprintf(title, sizeof(title), T(c, "Share untouched after %d d, by night of opening",
						 "Доля без касания через %d дн, по ночи открытия"),
			 c->o->untouched_days[0]);
		html_text(html_el_class(fig, "div", "figcaption"), title);
		o.title = title;
		o.xlabels = labels;
		o.nx = n;
		o.series = ss;
		o.ns = 2;
		o.percent = 1;
		svg_line_chart(fig, &o);
		fig = html_el_class(main, "div", "figure");
		o.title = T(c, "Median hours to the first touch, by night of opening",
			    "Медиана часов до первого касания, по ночи открытия");
		html_text(html_el_class(fig, "div", "figcaption"), o.title);
		o.series = sm;
		o.percent = 0;
		svg_line_chart(fig, &o);
	}
	for (int g = 0; g < 2; g++) {
		free(share[g]);
		free(median[g]);
	}
	free(labels);
	free(window);
}

/* Longest waiting first, then the best score (none last), then by id: the
 * order of the waiting list's query, on the deals kept in memory. */
static const struct hdl_set *waiting_set;
static const struct hdl_kept *waiting_more;

static int cmp_waiting(const void *a, const void *b)
{
	const struct hdl_deal *x = &waiting_set->deals[*(const size_t *)a];
	const struct hdl_deal *y = &waiting_set->deals[*(const size_t *)b];
	if (x->opened != y->opened)
		return x->opened < y->opened ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(waiting_more->v[*(const size_t *)a].deal_id, waiting_more->v[*(const size_t *)b].deal_id);
}

/* The waiting list from the deals kept in memory (*more), each shown
 * row's score and grade read as the query reads them. */
static int waiting_kept(struct report_ctx *c, struct html_node *tb, const struct hdl_set *s,
			const struct hdl_kept *more, int64_t ref)
{
	sqlite3_stmt *st = db_prepare(c->db, "SELECT lead_score, lead_grade FROM scores WHERE dialogue_id = ?");
	size_t *v = NULL, n = 0, alloc = 0;
	int rc = 0;
	if (!st)
		return -1;
	for (size_t i = 0; i < s->n; i++)
		if (s->deals[i].bot && s->deals[i].touch < 0 && s->deals[i].closed < 0) {
			ALLOC_GROW(v, n, alloc);
			v[n++] = i;
		}
	waiting_set = s;
	waiting_more = more;
	if (n)
		qsort(v, n, sizeof(*v), cmp_waiting);
	for (size_t k = 0; k < n && k < WAITING_ROWS && !rc; k++) {
		const struct hdl_more *x = &more->v[v[k]];
		struct html_node *tr = report_row(tb, x->deal_id), *td = html_el(tr, "td");
		int found = 0;
		if (!x->has_customer)
			html_text(td, "–");
		else {
			char name[48];
			snprintf(name, sizeof(name), "%s %lld", T(c, "customer", "клиент"), (long long)x->customer);
			if (report_customer_ref(c, td, x->customer, name, 0)) {
				rc = -1;
				break;
			}
		}
		td = html_el(tr, "td");
		if (!x->dialogue)
			html_text(td, "–");
		else
			report_dialogue_ref(c, td, x->dialogue, 0);
		cell_wait(c, tr, (double)(ref - s->deals[v[k]].opened));
		if (x->dialogue) {
			sqlite3_reset(st);
			db_bind_text(st, 1, x->dialogue);
			rc = sqlite3_step(st);
			found = rc == SQLITE_ROW;
			rc = found || rc == SQLITE_DONE ? 0 : error("database: %s", sqlite3_errmsg(c->db));
			if (rc)
				break;
		}
		if (!found || sqlite3_column_type(st, 0) == SQLITE_NULL)
			report_cell_text(tr, "–");
		else
			report_cell_int(tr, sqlite3_column_int64(st, 0));
		report_cell_text(tr, found && *db_col_text(st, 1) ? db_col_text(st, 1) : "–");
	}
	sqlite3_finalize(st);
	free(v);
	return rc;
}

/* The open bot leads nobody touched, longest waiting first. */
static int waiting(struct report_ctx *c, struct html_node *main, const struct hdl_set *s,
		   const struct hdl_kept *more, int64_t ref)
{
	const char *heads[] = { T(c, "Deal", "Сделка"), T(c, "Customer", "Клиент"), T(c, "Dialogue", "Диалог"),
				T(c, "Waiting", "Ждёт"), T(c, "Lead score", "Оценка"), T(c, "Grade", "Класс") };
	sqlite3_stmt *st = more ? NULL : db_prepare(c->db,
		"SELECT h.deal_id, h.customer, h.dialogue, h.opened, s.lead_score, s.lead_grade"
		" FROM temp.hdl_deal h LEFT JOIN scores s ON s.dialogue_id = h.dialogue"
		" WHERE h.bot AND h.touch IS NULL AND h.closed IS NULL"
		" ORDER BY h.opened, s.lead_score DESC, h.deal_id LIMIT ?");
	struct html_node *tb;
	int rc;
	if (!st && !more)
		return -1;
	html_el_text(main, "h2", T(c, "Open bot leads waiting longest", "Открытые лиды бота, ждущие дольше всех"));
	report_note(main, T(c, "Nobody has touched them yet. `leadqa export --handling FILE` writes the whole list "
			       "for the managers, best grade first.",
			    "Их ещё никто не тронул. `leadqa export --handling FILE` выгружает весь список для "
			    "менеджеров, лучшие классы первыми."));
	tb = report_table(main, NULL, heads, 6);
	if (more)
		return waiting_kept(c, tb, s, more, ref);
	sqlite3_bind_int(st, 1, WAITING_ROWS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct html_node *tr = report_row(tb, db_col_text(st, 0)), *td = html_el(tr, "td");
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			html_text(td, "–");
		else {
			char name[48];
			snprintf(name, sizeof(name), "%s %lld", T(c, "customer", "клиент"),
				 (long long)sqlite3_column_int64(st, 1));
			if (report_customer_ref(c, td, sqlite3_column_int64(st, 1), name, 0))
				goto fail;
		}
		td = html_el(tr, "td");
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			html_text(td, "–");
		else
			report_dialogue_ref(c, td, db_col_text(st, 2), 0);
		cell_wait(c, tr, (double)(ref - sqlite3_column_int64(st, 3)));
		if (sqlite3_column_type(st, 4) == SQLITE_NULL)
			report_cell_text(tr, "–");
		else
			report_cell_int(tr, sqlite3_column_int64(st, 4));
		report_cell_text(tr, *db_col_text(st, 5) ? db_col_text(st, 5) : "–");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : error("database: %s", sqlite3_errmsg(c->db));
fail:
	sqlite3_finalize(st);
	return -1;
}

int report_handling(struct report_ctx *c)
{
	struct html_node *main;
	struct html_doc *doc = report_page(c, T(c, "Lead handling", "Работа с лидами"), "handling", 0, &main);
	struct hdl_set s;
	struct hdl_kept more = { NULL, 0, 0, NULL };
	int64_t ref = report_crm_ref(c);
	char when[21];
	/* with the funnel's matches, the deals stay in memory for the data
	 * quality page (and the matches with them) */
	int kept = c->have_deal_matches;
	int64_t from = report_crm_from(c);
	int rc = kept ? handling_build_kept(c->db, ref, from, &c->deal_matches, &s, &more)
		: handling_build(c->db, ref, &s);
	if (rc) {
		html_doc_free(doc);
		return -1;
	}
	s.from = from;
	format_time(ref, when);
	/* its tables' headers may wrap (.hdl): they are many and narrow */
	main = html_el_class(main, "div", "hdl");
	html_textf(html_el_class(main, "p", "note"),
		   T(c, "How the CRM's people work the leads the bot created, as of %s (UTC).",
		     "Как люди в CRM работают с лидами, созданными ботом, на %s (UTC)."), when);
	definitions(c, main);
	if (!s.n) {
		report_note(main, T(c, "No deals in the window.", "Сделок за эти ночи нет."));
	} else {
		compare(c, main, &s);
		by_grade(c, main, &s);
		if (waiting(c, main, &s, kept ? &more : NULL, ref)) {
			handling_release(&s);
			handling_kept_release(&more);
			html_doc_free(doc);
			return -1;
		}
		trend(c, main, &s);
		by_manager(c, main, &s);
		by_source(c, main, &s);
	}
	if (kept) {
		handling_release(&c->deals);
		handling_kept_release(&c->deals_more);
		c->deals = s;
		c->deals_more = more;
		c->have_deals = 1;
	} else
		handling_release(&s);
	return report_page_write(c, doc, "handling.html");
}
