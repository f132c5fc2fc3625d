/* handling.c — the deals as the CRM's people worked them (see handling.h). */
#include "compat.h"
#include "handling.h"
#include "db.h"
#include "deal_summary.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The deal table is built in one ordered pass over the stage history
 * (its primary key begins with deal_id, so no sort), merged with the deals'
 * customers (identifiers of kind 'deal', in the same order) and, when the
 * funnel page has matched deals to dialogues already (temp.rep_deal), with
 * its match: a night of a million dialogues holds most of a million deals,
 * and correlated look-ups per deal cost the report more than it can spare.
 * Rows after the reference time are not seen. */
static const char create_sql[] =
	"DROP TABLE IF EXISTS temp.hdl_deal;"
	"CREATE TEMP TABLE hdl_deal(deal_id TEXT, opened INTEGER, touch INTEGER, closed INTEGER,"
	" reached INTEGER, won INTEGER, qual_at INTEGER, named TEXT, reach INTEGER, bot INTEGER,"
	" manager TEXT, customer INTEGER, dialogue TEXT);";

static const char events_sql[] =
	"SELECT deal_id, stage, changed_at, changed_by, coalesce(dialogue_id, ''),"
	" coalesce(email, '') <> '' OR coalesce(phone, '') <> ''"
	" FROM deal_events WHERE changed_at <= ?1 ORDER BY deal_id";
static const char customers_sql[] =
	"SELECT value, customer_id FROM identifiers WHERE kind = 'deal' ORDER BY value";
/* The matched deals of the window, and those of the open bot leads nobody
 * touched opened before it that the waiting list can show (the oldest
 * HDL_WAITING_ROWS, with those opened at the same time as the last: the
 * list's order begins with the opening), through the indexes on
 * the opening time (schema version 8).  deal_summary keeps each match's
 * channel and what the figures take of its score: no join with the
 * scores.  In the indexes' order (the opening), sorted by deal id in C:
 * cheaper than SQLite's sorter, which copies every row. */
#define SUMMARY_WINDOW(cols) \
	"SELECT " cols " FROM main.deal_summary WHERE opened >= ?1 AND opened <= ?2" \
	" UNION ALL SELECT " cols " FROM main.deal_summary WHERE bot = 1 AND touch IS NULL AND closed IS NULL" \
	" AND opened < ?1 AND opened <= coalesce((SELECT opened FROM main.deal_summary WHERE bot = 1" \
	"  AND touch IS NULL AND closed IS NULL AND opened < ?1 ORDER BY opened LIMIT 1 OFFSET ?3), ?1)" \
	/* touched or closed after ref: waiting at ref all the same */ \
	" UNION ALL SELECT " cols " FROM main.deal_summary WHERE bot = 1 AND opened < ?1" \
	" AND (touch IS NOT NULL OR closed IS NOT NULL) AND deal_id IN" \
	" (SELECT deal_id FROM main.deal_events WHERE changed_at > ?2)"
#define MATCH_COLS "deal_id, dialogue, grade, score, coalesce(channel, ''), reached, lost, premature," \
	" missed, opened"
static const char matched_sql[] =
	"SELECT * FROM (" SUMMARY_WINDOW(MATCH_COLS) ") WHERE dialogue IS NOT NULL";
static const char insert_sql[] =
	"INSERT INTO temp.hdl_deal VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
/* Without the funnel's match (the call list export): the same rule here. */
static const char match_sql[] =
	"UPDATE temp.hdl_deal SET dialogue = coalesce("
	" (SELECT d.id FROM dialogues d WHERE d.id = hdl_deal.named),"
	" (SELECT d.id FROM identifiers j JOIN dialogues d ON d.id = j.value"
	"   WHERE j.customer_id = hdl_deal.customer AND j.kind = 'dialogue' AND d.started <= hdl_deal.opened"
	"   AND d.started >= hdl_deal.opened - 2592000 ORDER BY d.started DESC LIMIT 1))";

/* One deal's rows, folded as they come (deal_summary.h). */

static void fold_reset(struct deal_fold *f, const char *id)
{
	deal_fold_reset(f, id);
}

static void fold_row(struct deal_fold *f, sqlite3_stmt *st)
{
	deal_fold_row(f, db_col_text(st, 1), sqlite3_column_int64(st, 2), db_col_text(st, 3),
		      db_col_text(st, 4), sqlite3_column_int(st, 5));
}

/* Advances an ordered (id, value) stream to `id`; the value when found. */
static int stream_seek(sqlite3_stmt *st, int *state, const char *id)
{
	while (*state == SQLITE_ROW && strcmp(db_col_text(st, 0), id) < 0)
		*state = sqlite3_step(st);
	return *state == SQLITE_ROW && !strcmp(db_col_text(st, 0), id);
}

/* Index of name in the list, added when new.  Lists are short (managers,
 * channels), so a linear search is enough. */
static int intern(char ***list, size_t *n, size_t *alloc, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*list)[i], name))
			return (int)i;
	ALLOC_GROW(*list, *n, *alloc);
	(*list)[*n] = xstrdup(name);
	return (int)(*n)++;
}

static int grade_index(const char *g)
{
	if (g && g[0] >= 'A' && g[0] <= 'D' && !g[1])
		return g[0] - 'A';
	return 4;
}

struct hdl_arena {
	char **blocks;
	size_t n, alloc, used, cap;
};

#define ARENA_BLOCK 65536

static char *arena_strdup(struct hdl_arena **ap, const char *str)
{
	struct hdl_arena *a = *ap ? *ap : (*ap = xcalloc(1, sizeof(**ap)));
	size_t len = strlen(str) + 1;
	char *p;
	if (!a->n || a->used + len > a->cap) {
		a->cap = len > ARENA_BLOCK ? len : ARENA_BLOCK;
		ALLOC_GROW(a->blocks, a->n, a->alloc);
		a->blocks[a->n++] = xmalloc(a->cap);
		a->used = 0;
	}
	p = a->blocks[a->n - 1] + a->used;
	memcpy(p, str, len);
	a->used += len;
	return p;
}

static void arena_free(struct hdl_arena **ap)
{
	struct hdl_arena *a = *ap;
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		free(a->blocks[i]);
	free(a->blocks);
	free(a);
	*ap = NULL;
}

/* The deal as the figures hold it; `match` its dialogue, NULL when none
 * (no score, no channel). */
static void keep(struct hdl_set *out, const struct deal_fold *f, const struct hdl_matches *m,
		 const struct hdl_match *match, int has_customer, int64_t customer, struct hdl_kept *more)
{
	struct hdl_deal *d;
	if (more) {
		struct hdl_more *x;
		ALLOC_GROW(more->v, more->n, more->alloc);
		x = &more->v[more->n++];
		x->deal_id = arena_strdup(&more->strings, strbuf_str(&f->id));
		x->named = f->named.len ? arena_strdup(&more->strings, strbuf_str(&f->named)) : NULL;
		x->dialogue = match ? match->dialogue : NULL;
		x->customer = customer;
		x->has_customer = (uint8_t)(has_customer != 0);
		x->qual_at = f->qual_at == INT64_MAX ? -1 : f->qual_at;
		x->reach = (uint8_t)(f->reach != 0);
	}
	const char *channel = match ? m->channels[match->channel] : "";
	ALLOC_GROW(out->deals, out->n, out->alloc);
	d = &out->deals[out->n++];
	d->opened = f->opened;
	d->touch = f->touch == INT64_MAX ? -1 : f->touch;
	d->closed = f->closed == INT64_MAX ? -1 : f->closed;
	d->bot = !strcmp(strbuf_str(&f->creator), "bot");
	d->reached = (uint8_t)(f->reached ? f->reached : 1);
	d->won = f->won != 0;
	d->grade = match ? match->grade : 4;
	d->score = match ? match->score : -1;
	d->manager = !f->manager.len ? -1
		: intern(&out->managers, &out->n_managers, &out->alloc_managers, strbuf_str(&f->manager));
	/* channels are few; past what int16_t holds they share the last */
	d->source = (int16_t)(out->n_sources >= INT16_MAX ? INT16_MAX - 1
		: intern(&out->sources, &out->n_sources, &out->alloc_sources, channel));
}

/* Advances the cursor *at over m's deals (in id order) to `id`; the deal
 * when found. */
static const struct hdl_match *match_seek(const struct hdl_matches *m, size_t *at, const char *id)
{
	while (*at < m->n && strcmp(m->v[*at].deal_id, id) < 0)
		(*at)++;
	return *at < m->n && !strcmp(m->v[*at].deal_id, id) ? &m->v[*at] : NULL;
}

/* The deal `id` among m's deals (in id order), by bisection: the window's
 * deals come by opening, not by id. */
static const struct hdl_match *match_find(const struct hdl_matches *m, const char *id)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->v[mid].deal_id, id);
		if (!c)
			return &m->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int fold_emit(sqlite3 *db, sqlite3_stmt *ins, const struct deal_fold *f,
		     sqlite3_stmt *cust, int *cust_state, const struct hdl_matches *m, size_t *m_at,
		     struct hdl_set *out, struct hdl_kept *more)
{
	const struct hdl_match *match;
	int has_customer = stream_seek(cust, cust_state, strbuf_str(&f->id));
	int64_t customer = has_customer ? sqlite3_column_int64(cust, 1) : 0;
	match = m ? match_seek(m, m_at, strbuf_str(&f->id)) : NULL;
	if (!ins) {             /* kept in memory instead of the table */
		keep(out, f, m, match, has_customer, customer, more);
		return 0;
	}
	sqlite3_reset(ins);
	db_bind_text(ins, 1, strbuf_str(&f->id));
	sqlite3_bind_int64(ins, 2, f->opened);
	db_bind_opt_int(ins, 3, f->touch, f->touch != INT64_MAX);
	db_bind_opt_int(ins, 4, f->closed, f->closed != INT64_MAX);
	sqlite3_bind_int(ins, 5, f->reached ? f->reached : 1);
	sqlite3_bind_int(ins, 6, f->won);
	db_bind_opt_int(ins, 7, f->qual_at, f->qual_at != INT64_MAX);
	if (f->named.len)
		db_bind_text(ins, 8, strbuf_str(&f->named));
	else
		sqlite3_bind_null(ins, 8);
	sqlite3_bind_int(ins, 9, f->reach);
	sqlite3_bind_int(ins, 10, !strcmp(strbuf_str(&f->creator), "bot"));
	if (f->manager.len)
		db_bind_text(ins, 11, strbuf_str(&f->manager));
	else
		sqlite3_bind_null(ins, 11);
	if (has_customer)
		sqlite3_bind_int64(ins, 12, customer);
	else
		sqlite3_bind_null(ins, 12);
	if (match)
		db_bind_text(ins, 13, match->dialogue);
	else
		sqlite3_bind_null(ins, 13);
	if (out)
		keep(out, f, m, match, has_customer, customer, NULL);
	return db_step_done(db, ins);
}

/* The deals kept in memory, from deal_summary (kept up to date before the
 * report began): a deal whose rows all came by `ref` is its summary; one
 * with rows after it (a past night's report, or rows of the hours after
 * the night) is folded again from its rows up to `ref`.  The deals come
 * in the order of the indexes on the opening time, not by id; nothing that
 * reads them depends on their order (the waiting list and the CRM
 * account sort what they show). */
static int build_summary(sqlite3 *db, int64_t ref, int64_t from, const struct hdl_matches *m,
			 struct hdl_set *out, struct hdl_kept *more)
{
	sqlite3_stmt *sum = db_prepare(db, SUMMARY_WINDOW("deal_id, opened, last_at, reached, won, bot, touch,"
				       " manager, closed, qual_at, named, reach, customer"));
	sqlite3_stmt *rows = db_prepare(db, "SELECT deal_id, stage, changed_at, changed_by, coalesce(dialogue_id, ''),"
					" coalesce(email, '') <> '' OR coalesce(phone, '') <> '' FROM deal_events"
					" WHERE deal_id = ?1 AND changed_at <= ?2");
	struct deal_fold f;
	int rc = -1, state;
	deal_fold_init(&f);
	if (!sum || !rows)
		goto out;
	sqlite3_bind_int64(sum, 1, from);
	sqlite3_bind_int64(sum, 2, ref);
	sqlite3_bind_int(sum, 3, HDL_WAITING_ROWS - 1);
	sqlite3_bind_int64(rows, 2, ref);
	while ((state = sqlite3_step(sum)) == SQLITE_ROW) {
		const char *id = db_col_text(sum, 0);
		deal_fold_reset(&f, id);
		if (sqlite3_column_int64(sum, 2) <= ref) {
			f.opened = sqlite3_column_int64(sum, 1);
			f.reached = sqlite3_column_int(sum, 3);
			f.won = sqlite3_column_int(sum, 4);
			if (sqlite3_column_int(sum, 5))
				strbuf_adds(&f.creator, "bot");
			if (sqlite3_column_type(sum, 6) != SQLITE_NULL)
				f.touch = sqlite3_column_int64(sum, 6);
			strbuf_adds(&f.manager, db_col_text(sum, 7));
			if (sqlite3_column_type(sum, 8) != SQLITE_NULL)
				f.closed = sqlite3_column_int64(sum, 8);
			if (sqlite3_column_type(sum, 9) != SQLITE_NULL)
				f.qual_at = sqlite3_column_int64(sum, 9);
			strbuf_adds(&f.named, db_col_text(sum, 10));
			f.reach = sqlite3_column_int(sum, 11);
			f.rows = 1;
		} else {
			int r;
			sqlite3_reset(rows);
			db_bind_text(rows, 1, id);
			while ((r = sqlite3_step(rows)) == SQLITE_ROW)
				fold_row(&f, rows);
			if (r != SQLITE_DONE) {
				error("database: %s", sqlite3_errmsg(db));
				goto out;
			}
			if (!f.rows)
				continue;
		}
		/* before the window: only an open bot lead nobody touched by ref */
		if (f.opened < from && !(!strcmp(strbuf_str(&f.creator), "bot") && f.touch == INT64_MAX &&
					 f.closed == INT64_MAX))
			continue;
		keep(out, &f, m, match_find(m, id), sqlite3_column_type(sum, 12) != SQLITE_NULL,
		     sqlite3_column_int64(sum, 12), more);
	}
	if (state != SQLITE_DONE) {
		error("database: %s", sqlite3_errmsg(db));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(sum);
	sqlite3_finalize(rows);
	deal_fold_release(&f);
	return rc;
}

/* With the funnel's matches `m`, also fills `out` (when given) in the same
 * pass; without, matches here and leaves the reading to the caller.  With
 * `more` (and `m` and `out` given), no table: *more is filled instead. */
static int build(sqlite3 *db, int64_t ref, const struct hdl_matches *m, struct hdl_set *out,
		 struct hdl_kept *more)
{
	int table;
	sqlite3_stmt *ev = NULL, *cust = NULL, *ins = NULL;
	struct deal_fold f;
	size_t m_at = 0;
	int rc = -1, ev_state, cust_state;
	deal_fold_init(&f);
	if (!m)
		out = NULL;
	if (!out)
		more = NULL;
	table = !more;
	if (table && db_exec(db, create_sql))
		return -1;
	ev = db_prepare(db, events_sql);
	cust = db_prepare(db, customers_sql);
	ins = table ? db_prepare(db, insert_sql) : NULL;
	if (!ev || !cust || (table && !ins))
		goto out;
	sqlite3_bind_int64(ev, 1, ref);
	cust_state = sqlite3_step(cust);
	while ((ev_state = sqlite3_step(ev)) == SQLITE_ROW) {
		const char *id = db_col_text(ev, 0);
		if (f.rows && strcmp(id, strbuf_str(&f.id))) {
			if (fold_emit(db, ins, &f, cust, &cust_state, m, &m_at, out, more))
				goto out;
		}
		if (!f.rows || strcmp(id, strbuf_str(&f.id)))
			fold_reset(&f, id);
		fold_row(&f, ev);
	}
	if (ev_state != SQLITE_DONE || (cust_state != SQLITE_ROW && cust_state != SQLITE_DONE)) {
		error("database: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (f.rows && fold_emit(db, ins, &f, cust, &cust_state, m, &m_at, out, more))
		goto out;
	if (!m && db_exec(db, match_sql))
		goto out;
	rc = !table ? 0 : db_exec(db, "CREATE INDEX temp.hdl_deal_customer ON hdl_deal(customer, opened)");
out:
	sqlite3_finalize(ev);
	sqlite3_finalize(cust);
	sqlite3_finalize(ins);
	deal_fold_release(&f);
	return rc;
}

static const char read_sql[] =
	"SELECT h.opened, h.touch, h.closed, h.bot, h.reached, h.won, s.lead_grade, s.lead_score,"
	" h.manager, coalesce(nullif(d.channel, ''), '') FROM temp.hdl_deal h"
	" LEFT JOIN scores s ON s.dialogue_id = h.dialogue LEFT JOIN dialogues d ON d.id = h.dialogue";

static int have_rep_deal(sqlite3 *db)
{
	return db_query_int(db, "SELECT count(*) FROM temp.sqlite_master WHERE name = 'rep_deal'") > 0;
}

static int table_exists(sqlite3 *db)
{
	return db_query_int(db, "SELECT count(*) FROM temp.sqlite_master WHERE name = 'hdl_deal'") > 0;
}

int handling_ensure_table(sqlite3 *db, int64_t ref)
{
	struct hdl_matches m;
	int rc;
	if (table_exists(db))
		return 0;
	if (!have_rep_deal(db))
		return build(db, ref, NULL, NULL, NULL);
	if (handling_matches_load(db, INT64_MIN, INT64_MAX, &m))
		return -1;
	rc = build(db, ref, &m, NULL, NULL);
	handling_matches_release(&m);
	return rc;
}

static int cmp_match(const void *a, const void *b)
{
	return strcmp(((const struct hdl_match *)a)->deal_id, ((const struct hdl_match *)b)->deal_id);
}

int handling_matches_load(sqlite3 *db, int64_t from, int64_t ref, struct hdl_matches *m)
{
	sqlite3_stmt *st;
	int rc, sorted = 1;
	memset(m, 0, sizeof(*m));
	st = db_prepare(db, matched_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, ref);
	sqlite3_bind_int(st, 3, HDL_WAITING_ROWS - 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hdl_match *x;
		ALLOC_GROW(m->v, m->n, m->alloc);
		x = &m->v[m->n++];
		x->deal_id = arena_strdup(&m->strings, db_col_text(st, 0));
		x->dialogue = arena_strdup(&m->strings, db_col_text(st, 1));
		x->grade = (uint8_t)grade_index((const char *)sqlite3_column_text(st, 2));
		x->score = (int8_t)(sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3));
		x->channel = intern(&m->channels, &m->n_channels, &m->alloc_channels, db_col_text(st, 4));
		x->reached = (uint8_t)sqlite3_column_int(st, 5);
		x->lost = sqlite3_column_int(st, 6) != 0;
		x->premature = sqlite3_column_int(st, 7) != 0;
		x->missed = sqlite3_column_int(st, 8) != 0;
		x->opened = sqlite3_column_int64(st, 9);
		sorted &= m->n < 2 || strcmp(m->v[m->n - 2].deal_id, x->deal_id) < 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		handling_matches_release(m);
		return error("database: %s", sqlite3_errmsg(db));
	}
	/* the table is made in deal id order; sorting is for when it is not */
	if (!sorted)
		qsort(m->v, m->n, sizeof(*m->v), cmp_match);
	return 0;
}

void handling_matches_release(struct hdl_matches *m)
{
	arena_free(&m->strings);
	for (size_t i = 0; i < m->n_channels; i++)
		free(m->channels[i]);
	free(m->v);
	free(m->channels);
	memset(m, 0, sizeof(*m));
}

int handling_build_matched(sqlite3 *db, int64_t ref, const struct hdl_matches *m, struct hdl_set *out)
{
	sqlite3_stmt *st;
	int64_t n;
	int rc;
	memset(out, 0, sizeof(*out));
	out->ref = ref;
	out->from = INT64_MIN;
	if (build(db, ref, m, out, NULL)) {
		handling_release(out);
		return -1;
	}
	if (m)
		return 0;
	n = db_query_int(db, "SELECT count(*) FROM temp.hdl_deal");
	if (n < 0)
		return -1;
	out->alloc = (size_t)n + 1;
	out->deals = xcalloc(out->alloc, sizeof(*out->deals));
	st = db_prepare(db, read_sql);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hdl_deal *d;
		ALLOC_GROW(out->deals, out->n, out->alloc);
		d = &out->deals[out->n++];
		d->opened = sqlite3_column_int64(st, 0);
		d->touch = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 1);
		d->closed = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 2);
		d->bot = sqlite3_column_int(st, 3) != 0;
		d->reached = sqlite3_column_int(st, 4);
		d->won = sqlite3_column_int(st, 5) != 0;
		d->grade = grade_index((const char *)sqlite3_column_text(st, 6));
		d->score = (int8_t)(sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 7));
		d->manager = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1
			: intern(&out->managers, &out->n_managers, &out->alloc_managers, db_col_text(st, 8));
		/* channels are few; past what int16_t holds they share the last */
		d->source = (int16_t)(out->n_sources >= INT16_MAX ? INT16_MAX - 1
			: intern(&out->sources, &out->n_sources, &out->alloc_sources, db_col_text(st, 9)));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}

int handling_build_kept(sqlite3 *db, int64_t ref, int64_t from, const struct hdl_matches *m,
			struct hdl_set *out, struct hdl_kept *more)
{
	memset(out, 0, sizeof(*out));
	memset(more, 0, sizeof(*more));
	out->ref = ref;
	out->from = from;
	if (build_summary(db, ref, from, m, out, more)) {
		handling_release(out);
		handling_kept_release(more);
		return -1;
	}
	return 0;
}

void handling_kept_release(struct hdl_kept *k)
{
	arena_free(&k->strings);
	free(k->v);
	memset(k, 0, sizeof(*k));
}

int handling_build(sqlite3 *db, int64_t ref, struct hdl_set *out)
{
	struct hdl_matches m;
	int rc;
	if (!have_rep_deal(db))
		return handling_build_matched(db, ref, NULL, out);
	if (handling_matches_load(db, INT64_MIN, INT64_MAX, &m)) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	rc = handling_build_matched(db, ref, &m, out);
	handling_matches_release(&m);
	return rc;
}

void handling_release(struct hdl_set *s)
{
	for (size_t i = 0; i < s->n_managers; i++)
		free(s->managers[i]);
	for (size_t i = 0; i < s->n_sources; i++)
		free(s->sources[i]);
	free(s->managers);
	free(s->sources);
	free(s->deals);
	memset(s, 0, sizeof(*s));
}

double handling_quantile(const double *sorted, size_t n, double q)
{
	double pos, frac;
	size_t lo;
	if (!n)
		return NAN;
	pos = q * (double)(n - 1);
	lo = (size_t)pos;
	if (lo >= n - 1)
		return sorted[n - 1];
	frac = pos - (double)lo;
	return sorted[lo] + (sorted[lo + 1] - sorted[lo]) * frac;
}

void handling_wilson(long k, long n, double *lo, double *hi)
{
	const double z = 1.959964;
	double p, denom, centre, half;
	if (n <= 0) {
		*lo = *hi = NAN;
		return;
	}
	p = (double)k / (double)n;
	denom = 1 + z * z / (double)n;
	centre = (p + z * z / (2.0 * (double)n)) / denom;
	half = z * sqrt(p * (1 - p) / (double)n + z * z / (4.0 * (double)n * (double)n)) / denom;
	*lo = centre - half < 0 ? 0 : centre - half;
	*hi = centre + half > 1 ? 1 : centre + half;
}

const char *handling_grade_name(int grade)
{
	static const char *const names[] = { "A", "B", "C", "D", "–" };
	return grade >= 0 && grade < HDL_GRADES ? names[grade] : names[4];
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int passes(const struct hdl_deal *d, const struct hdl_filter *f, int64_t from, int64_t to)
{
	return (f->bot < 0 || d->bot == f->bot) && (f->manager < 0 || d->manager == f->manager) &&
	       (f->source < 0 || d->source == f->source) && (f->grade < 0 || d->grade == f->grade) &&
	       d->opened >= from && d->opened < to;
}

void handling_stats(const struct hdl_set *s, const struct hdl_filter *f, const int days[HDL_N_DAYS],
		    int64_t opened_from, int64_t opened_to, struct hdl_stats *out)
{
	handling_stats_of(s, NULL, s->n, f, days, opened_from, opened_to, out);
}

void handling_stats_of(const struct hdl_set *s, const size_t *idx, size_t n, const struct hdl_filter *f,
		       const int days[HDL_N_DAYS], int64_t opened_from, int64_t opened_to, struct hdl_stats *out)
{
	double *delay = NULL;
	size_t n_delay = 0, alloc = 0;
	if (opened_from < s->from)
		opened_from = s->from;
	memset(out, 0, sizeof(*out));
	out->oldest_wait = -1;
	for (size_t j = 0; j < n; j++) {
		const struct hdl_deal *d = &s->deals[idx ? idx[j] : j];
		if (!passes(d, f, opened_from, opened_to))
			continue;
		out->n++;
		if (d->touch >= 0) {
			out->touched++;
			ALLOC_GROW(delay, n_delay, alloc);
			delay[n_delay++] = (double)(d->touch - d->opened);
		}
		for (int k = 0; k < HDL_N_DAYS; k++) {
			int64_t span = (int64_t)days[k] * HDL_DAY;
			if (s->ref - d->opened < span)
				continue;
			out->eligible[k]++;
			out->untouched[k] += d->touch < 0 || d->touch - d->opened > span;
		}
		out->qualified += d->reached >= 2;
		out->young += s->ref - d->opened < (int64_t)HDL_SETTLE_DAYS * HDL_DAY;
		out->won += d->won;
		if (d->touch < 0 && d->closed < 0) {
			out->waiting++;
			if (s->ref - d->opened > out->oldest_wait)
				out->oldest_wait = s->ref - d->opened;
		}
	}
	if (n_delay)
		qsort(delay, n_delay, sizeof(double), cmp_double);
	out->median = handling_quantile(delay, n_delay, 0.5);
	out->p90 = handling_quantile(delay, n_delay, 0.9);
	free(delay);
}

void handling_group(const struct hdl_set *s, int by, size_t n_groups, struct hdl_groups *g)
{
	size_t *count = xcalloc(n_groups + 1, sizeof(size_t));
	g->n_groups = n_groups;
	g->start = xcalloc(n_groups + 1, sizeof(size_t));
	g->idx = xcalloc(s->n ? s->n : 1, sizeof(size_t));
	for (size_t i = 0; i < s->n; i++) {
		int k = by == HDL_BY_MANAGER ? s->deals[i].manager
			: by == HDL_BY_SOURCE ? s->deals[i].source : s->deals[i].grade;
		if (k >= 0 && (size_t)k < n_groups)
			count[k]++;
	}
	for (size_t k = 0; k < n_groups; k++)
		g->start[k + 1] = g->start[k] + count[k];
	memset(count, 0, (n_groups + 1) * sizeof(size_t));
	for (size_t i = 0; i < s->n; i++) {
		int k = by == HDL_BY_MANAGER ? s->deals[i].manager
			: by == HDL_BY_SOURCE ? s->deals[i].source : s->deals[i].grade;
		if (k >= 0 && (size_t)k < n_groups)
			g->idx[g->start[k] + count[k]++] = i;
	}
	free(count);
}

void handling_groups_release(struct hdl_groups *g)
{
	free(g->idx);
	free(g->start);
	memset(g, 0, sizeof(*g));
}
