/* report_crmcheck.c — the data-quality page's account of what the bot did
 * to the CRM's data, from the deals the lead-handling page kept in memory
 * (else its table temp.hdl_deal; handling.h) and the merged
 * identities of the data contract: duplicate deals the bot opened, bot
 * leads with no way to reach the person, deals stuck in `new` that nobody
 * owns, deals naming a dialogue never loaded, and dialogues that created no
 * lead although their customer qualified later by another route.  For each:
 * the count, the count per night over the report's window, and the most
 * recent examples, each linking to the customer's timeline. */
#include "compat.h"
#include "report_page.h"
#include "handling.h"
#include "db.h"
#include "svg.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXAMPLES 10
#define N_KINDS 5

/* Each query yields (time, customer or NULL, what the example names), the
 * time being the deal's opening or the dialogue's start.  %lld: the oldest
 * opening that counts as stuck (reference time minus the last threshold). */
static const struct kind {
	const char *en, *ru, *def_en, *def_ru, *sql;
} kinds[N_KINDS] = {
	{ "Duplicate deals the bot opened", "Дубли сделок, открытые ботом",
	  "Bot leads opened while the same merged customer already had an open deal (not yet won or lost).",
	  "Лиды бота, открытые, когда у того же клиента (после объединения) уже была открытая сделка (не выиграна и не проиграна).",
	  "SELECT opened, customer, deal_id FROM temp.hdl_dup" },
	{ "Bot leads with no e-mail or phone", "Лиды бота без e-mail и телефона",
	  "Bot leads none of whose stage rows gives an e-mail or a phone: the person can be reached only through "
	  "the CRM card, if at all (rows with no contact at all are rejected on loading, see above).",
	  "Лиды бота, ни одна строка истории которых не даёт e-mail или телефон: связаться можно только через "
	  "карточку CRM, если она есть (строки совсем без контакта отклоняются при загрузке, см. выше).",
	  "SELECT d.opened, d.customer, d.deal_id FROM temp.hdl_deal d WHERE d.bot AND NOT d.reach" },
	{ "Deals stuck in new with no owner", "Сделки, застрявшие в new без владельца",
	  "Open deals that never left `new`, that no person has touched, opened at least the last untouched_days "
	  "threshold ago.",
	  "Открытые сделки, не покинувшие `new`, которых не касался ни один человек, открытые не позже последнего "
	  "порога untouched_days.",
	  "SELECT d.opened, d.customer, d.deal_id FROM temp.hdl_deal d WHERE d.reached = 1 AND d.closed IS NULL"
	  " AND d.touch IS NULL AND d.opened <= %lld" },
	{ "Deals naming a dialogue never loaded", "Сделки со ссылкой на незагруженный диалог",
	  "The CRM's dialogue_id names no loaded dialogue.",
	  "dialogue_id из CRM не называет ни одного загруженного диалога.",
	  "SELECT d.opened, d.customer, d.deal_id || ' → ' || d.named FROM temp.hdl_deal d"
	  " WHERE d.named IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dialogues x WHERE x.id = d.named)" },
	{ "Dialogues that created no lead but qualified later", "Диалоги без лида, квалифицированные позже",
	  "Dialogues whose customer was qualified within 30 days by a person, on a deal the bot did not open, "
	  "with no bot lead opened for that customer between the dialogue and the qualification.",
	  "Диалоги, клиента которых в течение 30 дней квалифицировал человек по сделке, открытой не ботом, "
	  "и между диалогом и квалификацией бот не открыл этому клиенту лида.",
	  /* from the few deals a person qualified, not from every dialogue */
	  "SELECT dl.started, q.customer, dl.id FROM temp.hdl_deal q"
	  " CROSS JOIN identifiers i CROSS JOIN dialogues dl"
	  " WHERE i.customer_id = q.customer AND i.kind = 'dialogue' AND dl.id = i.value"
	  " AND NOT q.bot AND q.qual_at IS NOT NULL AND dl.started <= q.qual_at"
	  " AND q.qual_at <= dl.started + 2592000"
	  " AND NOT EXISTS (SELECT 1 FROM temp.hdl_deal b WHERE b.customer = q.customer AND b.bot"
	  "  AND b.opened >= dl.started AND b.opened <= q.qual_at)"
	  " GROUP BY dl.id" },
};

struct example {
	int64_t at, customer;
	int has_customer;
	char *what;
};

struct kind_result {
	long total;
	double *per_night;               /* over c->figs.nights */
	struct example ex[EXAMPLES];
	size_t n_ex;
};

/* temp.hdl_dup: the bot leads opened while the same customer had another
 * deal open, in one sweep over each customer's deals in opening order,
 * sorted here (a correlated look-up per bot lead, or SQLite sorting the
 * deal table, costs a large night a second).  A deal counts as open until
 * its first won or lost row; at one opening time, deals go in id order (the
 * table's rows are in id order). */
struct dup_deal {
	int64_t customer, opened, closed, row;
	int bot;
};

static int cmp_dup(const void *a, const void *b)
{
	const struct dup_deal *x = a, *y = b;
	if (x->customer != y->customer)
		return x->customer < y->customer ? -1 : 1;
	if (x->opened != y->opened)
		return x->opened < y->opened ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

static int build_duplicates(sqlite3 *db)
{
	sqlite3_stmt *st, *ins;
	struct dup_deal *v = NULL;
	size_t n = 0, alloc = 0;
	int64_t open_until = INT64_MIN;
	int rc;
	if (db_exec(db, "DROP TABLE IF EXISTS temp.hdl_dup;"
			"CREATE TEMP TABLE hdl_dup(opened INTEGER, customer INTEGER, deal_id TEXT)"))
		return -1;
	st = db_prepare(db, "SELECT customer, opened, coalesce(closed, 9223372036854775807), bot, rowid"
			    " FROM temp.hdl_deal WHERE customer IS NOT NULL");
	ins = db_prepare(db, "INSERT INTO temp.hdl_dup SELECT opened, customer, deal_id FROM temp.hdl_deal"
			     " WHERE rowid = ?");
	if (!st || !ins) {
		sqlite3_finalize(st);
		sqlite3_finalize(ins);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(v, n, alloc);
		v[n].customer = sqlite3_column_int64(st, 0);
		v[n].opened = sqlite3_column_int64(st, 1);
		v[n].closed = sqlite3_column_int64(st, 2);
		v[n].bot = sqlite3_column_int(st, 3);
		v[n++].row = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		sqlite3_finalize(ins);
		return error("database: %s", sqlite3_errmsg(db));
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_dup);
	rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (!i || v[i].customer != v[i - 1].customer)
			open_until = INT64_MIN;
		if (v[i].bot && open_until > v[i].opened) {
			sqlite3_reset(ins);
			sqlite3_bind_int64(ins, 1, v[i].row);
			rc = db_step_done(db, ins);
		}
		if (v[i].closed > open_until)
			open_until = v[i].closed;
	}
	sqlite3_finalize(ins);
	free(v);
	return rc;
}

/* The index of the night (of c->figs.nights, ascending starts) holding
 * `at`, or -1. */
static long night_of(const int64_t *starts, size_t n, int64_t at)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (starts[mid] <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && at < starts[lo - 1] + HDL_DAY ? (long)lo - 1 : -1;
}

/* Newer first, then by name: the examples shown. */
static int example_before(int64_t at, const char *what, const struct example *e)
{
	return at > e->at || (at == e->at && strcmp(what, e->what) < 0);
}

/* Counts one row and keeps the EXAMPLES most recent, without sorting
 * them all (a kind may have tens of thousands on a large night). */
static void count_row(struct kind_result *r, const int64_t *starts, size_t n_nights, int64_t at,
		      int has_customer, int64_t customer, const char *what)
{
	long night = night_of(starts, n_nights, at);
	size_t pos;
	r->total++;
	if (night >= 0)
		r->per_night[night] += 1;
	for (pos = r->n_ex; pos > 0 && example_before(at, what, &r->ex[pos - 1]); pos--)
		;
	if (pos >= EXAMPLES)
		return;
	if (r->n_ex == EXAMPLES)
		free(r->ex[--r->n_ex].what);
	memmove(&r->ex[pos + 1], &r->ex[pos], (r->n_ex - pos) * sizeof(r->ex[0]));
	r->n_ex++;
	r->ex[pos].at = at;
	r->ex[pos].has_customer = has_customer;
	r->ex[pos].customer = customer;
	r->ex[pos].what = xstrdup(what);
}

/* Counts every row of a kind's query. */
static int run_kind(struct report_ctx *c, const struct kind *k, int64_t stuck_before,
		    const int64_t *starts, struct kind_result *r)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc;
	strbuf_addf(&sql, k->sql, (long long)stuck_before);
	st = db_prepare(c->db, strbuf_str(&sql));
	strbuf_release(&sql);
	if (!st)
		return -1;
	r->per_night = xcalloc(c->figs.n ? c->figs.n : 1, sizeof(double));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		count_row(r, starts, c->figs.n, sqlite3_column_int64(st, 0), sqlite3_column_type(st, 1) != SQLITE_NULL,
			  sqlite3_column_int64(st, 1), db_col_text(st, 2));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : error("database: %s", sqlite3_errmsg(c->db));
}

/* A dialogue of kind 5 (that created no lead) found from a qualified deal. */
struct qual_hit {
	int64_t started, customer;
	char *id;
};

static int cmp_hit(const void *a, const void *b)
{
	return strcmp(((const struct qual_hit *)a)->id, ((const struct qual_hit *)b)->id);
}

/* Whether deals v[lo..hi) (one customer's, by opening) hold a bot lead
 * opened in [from, to]. */
static int bot_lead_between(const struct dup_deal *v, size_t lo, size_t hi, int64_t from, int64_t to)
{
	for (size_t i = lo; i < hi && v[i].opened <= to; i++)
		if (v[i].bot && v[i].opened >= from)
			return 1;
	return 0;
}

/* The five kinds from the deals the lead-handling page kept in memory
 * (c->deals, handling.h): the rows of the queries above, in one pass over
 * the deals and one sort of them by customer, with look-ups only for the
 * dialogues a deal names and those of the customers a person qualified. */
static int sweep_kept(struct report_ctx *c, int64_t stuck_before, const int64_t *starts, struct kind_result *r)
{
	const struct hdl_set *s = &c->deals;
	struct dup_deal *v = xcalloc(s->n ? s->n : 1, sizeof(*v));
	struct qual_hit *hits = NULL;
	size_t n = 0, n_hits = 0, alloc_hits = 0;
	int64_t open_until = INT64_MIN;
	struct strbuf what = STRBUF_INIT;
	sqlite3_stmt *loaded = db_prepare(c->db, "SELECT 1 FROM dialogues WHERE id = ?");
	sqlite3_stmt *dl = db_prepare(c->db, "SELECT dl.started, dl.id FROM identifiers i CROSS JOIN dialogues dl"
				      " WHERE i.customer_id = ?1 AND i.kind = 'dialogue' AND dl.id = i.value");
	int rc = -1, st;
	for (int k = 0; k < N_KINDS; k++)
		r[k].per_night = xcalloc(c->figs.n ? c->figs.n : 1, sizeof(double));
	if (!loaded || !dl)
		goto out;
	for (size_t i = 0; i < s->n; i++) {
		const struct hdl_deal *d = &s->deals[i];
		const struct hdl_more *x = &c->deals_more.v[i];
		/* an older open bot lead is kept for the waiting list only: the
		 * kinds are counted over the deals opened in the window (a
		 * duplicate of a deal opened before it is not seen) */
		if (d->opened < s->from)
			continue;
		if (x->has_customer) {
			v[n].customer = x->customer;
			v[n].opened = d->opened;
			v[n].closed = d->closed < 0 ? INT64_MAX : d->closed;
			v[n].bot = d->bot;
			v[n++].row = (int64_t)i;
		}
		if (d->bot && !x->reach)
			count_row(&r[1], starts, c->figs.n, d->opened, x->has_customer, x->customer, x->deal_id);
		if (d->reached == 1 && d->closed < 0 && d->touch < 0 && d->opened <= stuck_before)
			count_row(&r[2], starts, c->figs.n, d->opened, x->has_customer, x->customer, x->deal_id);
		/* the funnel matched it to a loaded dialogue: no look-up */
		if (!x->named || (x->dialogue && !strcmp(x->dialogue, x->named)))
			continue;
		sqlite3_reset(loaded);
		db_bind_text(loaded, 1, x->named);
		st = sqlite3_step(loaded);
		if (st != SQLITE_ROW && st != SQLITE_DONE) {
			error("database: %s", sqlite3_errmsg(c->db));
			goto out;
		}
		if (st == SQLITE_DONE) {
			strbuf_reset(&what);
			strbuf_addf(&what, "%s → %s", x->deal_id, x->named);
			count_row(&r[3], starts, c->figs.n, d->opened, x->has_customer, x->customer, strbuf_str(&what));
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_dup);
	for (size_t i = 0, lo = 0, hi = 0; i < n; i++) {
		const struct hdl_more *q = &c->deals_more.v[v[i].row];
		if (i >= hi) {
			open_until = INT64_MIN;
			lo = i;
			for (hi = i + 1; hi < n && v[hi].customer == v[i].customer; hi++)
				;
		}
		if (v[i].bot && open_until > v[i].opened)
			count_row(&r[0], starts, c->figs.n, v[i].opened, 1, v[i].customer, q->deal_id);
		if (v[i].closed > open_until)
			open_until = v[i].closed;
		if (v[i].bot || q->qual_at < 0)
			continue;
		sqlite3_reset(dl);
		sqlite3_bind_int64(dl, 1, v[i].customer);
		while ((st = sqlite3_step(dl)) == SQLITE_ROW) {
			int64_t started = sqlite3_column_int64(dl, 0);
			if (sqlite3_column_type(dl, 0) == SQLITE_NULL || started > q->qual_at ||
			    q->qual_at > started + 2592000 || bot_lead_between(v, lo, hi, started, q->qual_at))
				continue;
			ALLOC_GROW(hits, n_hits, alloc_hits);
			hits[n_hits].started = started;
			hits[n_hits].customer = v[i].customer;
			hits[n_hits++].id = xstrdup(db_col_text(dl, 1));
		}
		if (st != SQLITE_DONE) {
			error("database: %s", sqlite3_errmsg(c->db));
			goto out;
		}
	}
	/* one row per dialogue, as the query's GROUP BY */
	if (n_hits)
		qsort(hits, n_hits, sizeof(*hits), cmp_hit);
	for (size_t i = 0; i < n_hits; i++)
		if (!i || strcmp(hits[i].id, hits[i - 1].id))
			count_row(&r[4], starts, c->figs.n, hits[i].started, 1, hits[i].customer, hits[i].id);
	rc = 0;
out:
	for (size_t i = 0; i < n_hits; i++)
		free(hits[i].id);
	free(hits);
	free(v);
	strbuf_release(&what);
	sqlite3_finalize(loaded);
	sqlite3_finalize(dl);
	return rc;
}

static void release(struct kind_result *r)
{
	for (size_t i = 0; i < r->n_ex; i++)
		free(r->ex[i].what);
	free(r->per_night);
}

static int examples(struct report_ctx *c, struct html_node *main, const struct kind *k,
		    const struct kind_result *r)
{
	const char *heads[] = { T(c, "When (UTC)", "Когда (UTC)"), T(c, "Deal or dialogue", "Сделка или диалог"),
				T(c, "Customer's timeline", "Путь клиента") };
	struct html_node *tb;
	html_el_text(main, "h3", T(c, k->en, k->ru));
	report_note(main, T(c, k->def_en, k->def_ru));
	if (!r->n_ex) {
		report_note(main, T(c, "None.", "Нет."));
		return 0;
	}
	tb = report_table(main, NULL, heads, 3);
	for (size_t i = 0; i < r->n_ex; i++) {
		char when[21], name[32];
		struct html_node *tr, *td;
		format_time(r->ex[i].at, when);
		tr = report_row(tb, when);
		report_cell_text(tr, r->ex[i].what);
		td = html_el(tr, "td");
		if (!r->ex[i].has_customer) {
			html_text(td, "–");
			continue;
		}
		snprintf(name, sizeof(name), "%s %lld", T(c, "customer", "клиент"), (long long)r->ex[i].customer);
		if (report_customer_ref(c, td, r->ex[i].customer, name, 0))
			return -1;
	}
	return 0;
}

static void chart(struct report_ctx *c, struct html_node *main, struct kind_result *r)
{
	struct svg_series ss[N_KINDS];
	const char **labels;
	struct svg_line_opts o = { 0 };
	struct html_node *fig;
	if (c->figs.n < 2)
		return;
	labels = xcalloc(c->figs.n, sizeof(*labels));
	for (size_t i = 0; i < c->figs.n; i++)
		labels[i] = c->figs.nights[i].night + 5;
	for (int k = 0; k < N_KINDS; k++) {
		ss[k].label = T(c, kinds[k].en, kinds[k].ru);
		ss[k].y = r[k].per_night;
	}
	o.title = T(c, "Per night (deal opened, dialogue started; UTC)", "По ночам (открытие сделки, начало диалога; UTC)");
	fig = html_el_class(main, "div", "figure");
	html_text(html_el_class(fig, "div", "figcaption"), o.title);
	o.xlabels = labels;
	o.nx = c->figs.n;
	o.series = ss;
	o.ns = N_KINDS;
	svg_line_chart(fig, &o);
	free(labels);
}

int report_crmcheck(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "What", "Что"), T(c, "Count", "Количество"),
				T(c, "On the reported night", "За отчётную ночь") };
	struct kind_result r[N_KINDS];
	int64_t ref = report_crm_ref(c);
	int64_t stuck_before = ref - (int64_t)c->o->untouched_days[HDL_N_DAYS - 1] * HDL_DAY;
	struct html_node *tb;
	int64_t *starts = NULL;
	int rc = -1, kept = c->have_deals && c->deals.ref == ref;
	double t0 = mono_seconds(), c0 = report_cpu_seconds();
	memset(r, 0, sizeof(r));
	html_el_text(main, "h2", T(c, "What the bot did to the CRM", "Что бот сделал с данными CRM"));
	{
		char w[64];
		report_crm_window(c, w, sizeof(w));
		if (*w && kept)
			html_textf(html_el_class(main, "p", "note"),
				   T(c, "Deals opened %s (the nights shown); the dialogues of the last kind, by the deal a person qualified.",
				     "Сделки, открытые %s (показанные ночи); диалоги последнего вида — по сделке, которую квалифицировал человек."),
				   w);
	}
	/* the deals as of the same time, kept by the lead-handling page, else
	 * its table */
	if (!kept && (handling_ensure_table(c->db, ref) || build_duplicates(c->db)))
		return -1;
	starts = xcalloc(c->figs.n ? c->figs.n : 1, sizeof(int64_t));
	for (size_t i = 0; i < c->figs.n; i++)
		if (parse_time(c->figs.nights[i].night, &starts[i]))
			starts[i] = INT64_MIN / 2;       /* never a night's start */
	if (kept) {
		if (sweep_kept(c, stuck_before, starts, r))
			goto out;
	} else {
		for (int k = 0; k < N_KINDS; k++)
			if (run_kind(c, &kinds[k], stuck_before, starts, &r[k]))
				goto out;
	}
	tb = report_table(main, NULL, heads, 3);
	for (int k = 0; k < N_KINDS; k++) {
		struct html_node *tr = report_row(tb, T(c, kinds[k].en, kinds[k].ru));
		report_cell_int(tr, r[k].total);
		report_cell_int(tr, c->figs.n ? (long long)r[k].per_night[c->figs.n - 1] : 0);
	}
	chart(c, main, r);
	for (int k = 0; k < N_KINDS; k++)
		if (examples(c, main, &kinds[k], &r[k]))
			goto out;
	rc = 0;
	info("report: data quality: what the bot did to the CRM in %.2f s, CPU %.2f s",
	     mono_seconds() - t0, report_cpu_seconds() - c0);
out:
	for (int k = 0; k < N_KINDS; k++)
		release(&r[k]);
	free(starts);
	return rc;
}
