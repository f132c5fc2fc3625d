/* outcome.c — lead-quality labels of formats.md section 4 from deal_events
 * and the merged identity. */
#include "compat.h"
#include "outcome.h"
#include "db.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *lead_label_name(enum lead_label l)
{
	switch (l) {
	case LABEL_NOT_QUALIFIED: return "not-qualified";
	case LABEL_QUALIFIED: return "qualified";
	case LABEL_UNLABELED: return "unlabeled";
	default: return "anonymous";
	}
}

void outcome_settings_init(struct outcome_settings *s)
{
	s->window = (int64_t)OUTCOME_DEFAULT_WINDOW_DAYS * 86400;
	s->as_of = now_epoch();
}

static int is_forward_stage(const char *stage)
{
	return !strcasecmp(stage, "qualified") || !strcasecmp(stage, "proposal") ||
	       !strcasecmp(stage, "negotiation") || !strcasecmp(stage, "won");
}

/* "bot", whatever its case and surrounding blanks; an empty name is a person. */
static int is_bot(const char *who)
{
	size_t n;
	while (*who && isspace((unsigned char)*who))
		who++;
	n = strlen(who);
	while (n && isspace((unsigned char)who[n - 1]))
		n--;
	return n == 3 && !strncasecmp(who, "bot", 3);
}

/* Did every deal opened since `started` end lost (at least one such deal)? */
static int all_new_deals_lost(int64_t started, const struct deal_move *m, size_t n, int64_t as_of)
{
	size_t opened = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t first = INT64_MAX;
		int lost = 0, seen_before = 0;
		if (m[i].changed_at > as_of)
			continue;
		for (size_t j = 0; j < i; j++)
			if (m[j].changed_at <= as_of && !strcmp(m[j].deal_id, m[i].deal_id))
				seen_before = 1;
		if (seen_before)
			continue;
		for (size_t j = i; j < n; j++) {
			if (m[j].changed_at > as_of || strcmp(m[j].deal_id, m[i].deal_id))
				continue;
			if (m[j].changed_at < first)
				first = m[j].changed_at;
			if (!strcasecmp(m[j].stage, "lost"))
				lost = 1;
		}
		if (first < started)
			continue;
		opened++;
		if (!lost)
			return 0;
	}
	return opened > 0;
}

enum lead_label outcome_judge(int64_t started, const struct deal_move *moves, size_t n,
			      const struct outcome_settings *s)
{
	int64_t end = started + s->window;
	if (started > s->as_of)
		return LABEL_UNLABELED;
	for (size_t i = 0; i < n; i++) {
		const struct deal_move *m = &moves[i];
		if (m->changed_at < started || m->changed_at > end || m->changed_at > s->as_of)
			continue;
		if (is_forward_stage(m->stage) && !is_bot(m->changed_by ? m->changed_by : ""))
			return LABEL_QUALIFIED;
	}
	if (s->as_of >= end)
		return LABEL_NOT_QUALIFIED;
	if (all_new_deals_lost(started, moves, n, s->as_of))
		return LABEL_NOT_QUALIFIED;
	return LABEL_UNLABELED;
}

/* Labels o from its customer's stage changes (formats.md section 4). */
static void label_one(struct outcome *o, const struct deal_move *m, size_t n,
		      const struct outcome_settings *s)
{
	if (!o->has_contact && o->customer <= 0)
		o->label = LABEL_ANONYMOUS;
	else if (!o->has_started)
		o->label = LABEL_UNLABELED;
	else
		o->label = outcome_judge(o->started, m, n, s);
}

/* One customer at a time: two statements walk the customers in the same
 * order (the identifiers_customer index), one over their dialogues, one
 * over their deals' stage changes, and meet customer by customer. */
struct customer_walk {
	sqlite3_stmt *dlg, *mv;
	int dlg_rc, mv_rc;              /* SQLITE_ROW while a row waits */
	struct outcome *items;          /* the current customer's dialogues */
	size_t n, alloc;
	struct deal_move *moves;        /* and stage changes */
	size_t n_moves, alloc_moves;
	struct outcome **order;         /* for counting prior contacts */
	size_t alloc_order;
};

static void walk_clear(struct customer_walk *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->items[i].dialogue_id);
	for (size_t i = 0; i < w->n_moves; i++) {
		free((char *)w->moves[i].deal_id);
		free((char *)w->moves[i].stage);
		free((char *)w->moves[i].changed_by);
	}
	w->n = w->n_moves = 0;
}

static void walk_release(struct customer_walk *w)
{
	walk_clear(w);
	sqlite3_finalize(w->dlg);
	sqlite3_finalize(w->mv);
	free(w->items);
	free(w->moves);
	free(w->order);
}

static int by_time_then_id(const void *a, const void *b)
{
	const struct outcome *x = *(const struct outcome *const *)a;
	const struct outcome *y = *(const struct outcome *const *)b;
	if (x->started != y->started)
		return x->started < y->started ? -1 : 1;
	return strcmp(x->dialogue_id, y->dialogue_id);
}

/* Earlier dialogues of the same customer: ties in time are ordered by id so
 * that the count is stable.  prior_reader_get() gets the same from SQL. */
static void count_prior_contacts(struct customer_walk *w)
{
	size_t m = 0;
	ALLOC_GROW(w->order, w->n, w->alloc_order);
	for (size_t i = 0; i < w->n; i++)
		if (w->items[i].has_started)
			w->order[m++] = &w->items[i];
	qsort(w->order, m, sizeof(*w->order), by_time_then_id);
	for (size_t i = 0; i < m; i++)
		w->order[i]->prior_contacts = (int)i;
}

/* Keeps the rows of w->dlg (customer, id, started, has_contact) while they
 * are those of `customer`. */
static void take_dialogues(struct customer_walk *w, int64_t customer)
{
	while (w->dlg_rc == SQLITE_ROW && sqlite3_column_int64(w->dlg, 0) == customer) {
		struct outcome *o;
		ALLOC_GROW(w->items, w->n, w->alloc);
		o = &w->items[w->n++];
		memset(o, 0, sizeof(*o));
		o->customer = customer;
		o->dialogue_id = xstrdup(db_col_text(w->dlg, 1));
		o->has_started = sqlite3_column_type(w->dlg, 2) != SQLITE_NULL;
		o->started = sqlite3_column_int64(w->dlg, 2);
		o->has_contact = sqlite3_column_int(w->dlg, 3);
		w->dlg_rc = sqlite3_step(w->dlg);
	}
}

/* Keeps w->mv's current stage change (deal, stage, changed_at, changed_by
 * from column `col` on). */
static void take_move(struct customer_walk *w, int col)
{
	struct deal_move *m;
	ALLOC_GROW(w->moves, w->n_moves, w->alloc_moves);
	m = &w->moves[w->n_moves++];
	m->deal_id = xstrdup(db_col_text(w->mv, col));
	m->stage = xstrdup(db_col_text(w->mv, col + 1));
	m->changed_at = sqlite3_column_int64(w->mv, col + 2);
	m->changed_by = xstrdup(db_col_text(w->mv, col + 3));
}

/* Gathers the dialogues of the next customer and that customer's stage
 * changes.  1 when there is a customer, 0 at the end, -1 on error. */
static int walk_next(sqlite3 *db, struct customer_walk *w)
{
	int64_t customer;
	walk_clear(w);
	if (w->dlg_rc != SQLITE_ROW)
		return w->dlg_rc == SQLITE_DONE ? 0 : error("database: %s", sqlite3_errmsg(db));
	customer = sqlite3_column_int64(w->dlg, 0);
	take_dialogues(w, customer);
	while (w->mv_rc == SQLITE_ROW && sqlite3_column_int64(w->mv, 0) <= customer) {
		if (sqlite3_column_int64(w->mv, 0) == customer)
			take_move(w, 1);
		w->mv_rc = sqlite3_step(w->mv);
	}
	if ((w->dlg_rc != SQLITE_ROW && w->dlg_rc != SQLITE_DONE) ||
	    (w->mv_rc != SQLITE_ROW && w->mv_rc != SQLITE_DONE))
		return error("database: %s", sqlite3_errmsg(db));
	return 1;
}

/* CROSS JOIN keeps identifiers the outer loop, so that both walks read the
 * customer index in order and nothing is sorted. */
static const char customer_dialogues_sql[] =
	"SELECT i.customer_id, d.id, d.started, d.has_contact"
	" FROM identifiers i INDEXED BY identifiers_customer CROSS JOIN dialogues d ON d.id = i.value"
	" WHERE i.kind = 'dialogue' AND i.customer_id > 0 ORDER BY i.customer_id";
static const char customer_moves_sql[] =
	"SELECT i.customer_id, de.deal_id, de.stage, de.changed_at, de.changed_by"
	" FROM identifiers i INDEXED BY identifiers_customer CROSS JOIN deal_events de"
	" ON de.deal_id = i.value"
	" WHERE i.kind = 'deal' AND i.customer_id > 0 ORDER BY i.customer_id";
static const char no_customer_sql[] =
	"SELECT d.id, d.started, d.has_contact FROM dialogues d WHERE NOT EXISTS"
	" (SELECT 1 FROM identifiers i WHERE i.kind = 'dialogue' AND i.value = d.id"
	" AND i.customer_id > 0)";

static int each_of_customers(sqlite3 *db, const struct outcome_settings *s, outcome_fn fn, void *ctx)
{
	struct customer_walk w;
	int ret = 0, more = 0;
	memset(&w, 0, sizeof(w));
	w.dlg = db_prepare(db, customer_dialogues_sql);
	w.mv = db_prepare(db, customer_moves_sql);
	if (!w.dlg || !w.mv) {
		walk_release(&w);
		return -1;
	}
	w.dlg_rc = sqlite3_step(w.dlg);
	w.mv_rc = sqlite3_step(w.mv);
	while (!ret && (more = walk_next(db, &w)) > 0) {
		count_prior_contacts(&w);
		for (size_t i = 0; i < w.n && !ret; i++) {
			label_one(&w.items[i], w.moves, w.n_moves, s);
			ret = fn(&w.items[i], ctx);
		}
	}
	walk_release(&w);
	return ret ? ret : more < 0 ? -1 : 0;
}

static int each_without_customer(sqlite3 *db, const struct outcome_settings *s, outcome_fn fn,
				 void *ctx)
{
	sqlite3_stmt *st = db_prepare(db, no_customer_sql);
	int rc = SQLITE_DONE, ret = 0;
	if (!st)
		return -1;
	while (!ret && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct outcome o;
		memset(&o, 0, sizeof(o));
		o.dialogue_id = (char *)db_col_text(st, 0);
		o.has_started = sqlite3_column_type(st, 1) != SQLITE_NULL;
		o.started = sqlite3_column_int64(st, 1);
		o.has_contact = sqlite3_column_int(st, 2);
		label_one(&o, NULL, 0, s);
		ret = fn(&o, ctx);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = error("database: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return ret;
}

int outcome_each(sqlite3 *db, const struct outcome_settings *s, outcome_fn fn, void *ctx)
{
	int ret = each_of_customers(db, s, fn, ctx);
	return ret ? ret : each_without_customer(db, s, fn, ctx);
}

/* The dialogues started in [lo, hi), grouped by customer (0 = none) in one
 * sort of those rows only: the dialogues_started index bounds the read to
 * the range, whatever the history holds. */
static const char started_dialogues_sql[] =
	"SELECT coalesce((SELECT i.customer_id FROM identifiers i WHERE i.kind = 'dialogue'"
	" AND i.value = d.id AND i.customer_id > 0), 0) AS c, d.id, d.started, d.has_contact"
	" FROM dialogues d INDEXED BY dialogues_started WHERE d.started >= ?1 AND d.started < ?2"
	" ORDER BY c";
/* One customer's stage changes, through the customer index: the order of
 * the moves does not matter to outcome_judge(). */
static const char moves_of_customer_sql[] =
	"SELECT de.deal_id, de.stage, de.changed_at, de.changed_by"
	" FROM identifiers i INDEXED BY identifiers_customer JOIN deal_events de"
	" ON de.deal_id = i.value WHERE i.customer_id = ?1 AND i.kind = 'deal'";

static int moves_of(sqlite3 *db, struct customer_walk *w, int64_t customer)
{
	int rc;
	sqlite3_reset(w->mv);
	sqlite3_bind_int64(w->mv, 1, customer);
	while ((rc = sqlite3_step(w->mv)) == SQLITE_ROW)
		take_move(w, 0);
	return rc == SQLITE_DONE ? 0 : error("database: %s", sqlite3_errmsg(db));
}

int outcome_each_started(sqlite3 *db, const struct outcome_settings *s, int64_t lo, int64_t hi,
			 outcome_fn fn, void *ctx)
{
	struct customer_walk w;
	int ret = 0;
	memset(&w, 0, sizeof(w));
	w.dlg = db_prepare(db, started_dialogues_sql);
	w.mv = db_prepare(db, moves_of_customer_sql);
	if (!w.dlg || !w.mv) {
		walk_release(&w);
		return -1;
	}
	sqlite3_bind_int64(w.dlg, 1, lo);
	sqlite3_bind_int64(w.dlg, 2, hi);
	w.dlg_rc = sqlite3_step(w.dlg);
	while (!ret && w.dlg_rc == SQLITE_ROW) {
		int64_t customer = sqlite3_column_int64(w.dlg, 0);
		walk_clear(&w);
		take_dialogues(&w, customer);
		if (customer > 0 && moves_of(db, &w, customer)) {
			ret = -1;
			break;
		}
		for (size_t i = 0; i < w.n && !ret; i++) {
			label_one(&w.items[i], w.moves, w.n_moves, s);
			ret = fn(&w.items[i], ctx);
		}
	}
	if (!ret && w.dlg_rc != SQLITE_DONE)
		ret = error("database: %s", sqlite3_errmsg(db));
	walk_release(&w);
	return ret;
}

static int keep_outcome(const struct outcome *o, void *ctx)
{
	struct outcome_set *out = ctx;
	struct outcome *k;
	ALLOC_GROW(out->items, out->n, out->alloc);
	k = &out->items[out->n++];
	*k = *o;
	k->dialogue_id = xstrdup(o->dialogue_id);
	switch (o->label) {
	case LABEL_QUALIFIED: out->n_pos++; break;
	case LABEL_NOT_QUALIFIED: out->n_neg++; break;
	case LABEL_UNLABELED: out->n_unlabeled++; break;
	default: out->n_anonymous++; break;
	}
	return 0;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct outcome *)a)->dialogue_id, ((const struct outcome *)b)->dialogue_id);
}

int outcome_label_all(sqlite3 *db, const struct outcome_settings *s, struct outcome_set *out)
{
	memset(out, 0, sizeof(*out));
	if (outcome_each(db, s, keep_outcome, out)) {
		outcome_set_release(out);
		return -1;
	}
	qsort(out->items, out->n, sizeof(*out->items), by_id);
	return 0;
}

struct prior_reader {
	sqlite3 *db;
	sqlite3_stmt *st;           /* (id, n) in id order */
	int rc;                     /* its last step */
};

/* One window query counts, for every dialogue of a customer, the earlier
 * ones (by start, then id) exactly as count_prior_contacts() does, and
 * hands them over in id order (SQLite sorts once, in its sorter, on the
 * first step); a dialogue without a start or a customer is not among them
 * (0). */
static const char prior_sql[] =
	"SELECT i.value, row_number() OVER (PARTITION BY i.customer_id ORDER BY d.started, d.id) - 1"
	" FROM identifiers i JOIN dialogues d ON d.id = i.value"
	" WHERE i.kind = 'dialogue' AND i.customer_id > 0 AND d.started IS NOT NULL"
	" ORDER BY 1";

struct prior_reader *prior_reader_open(sqlite3 *db)
{
	struct prior_reader *pr;
	sqlite3_stmt *st;
	int64_t cache = db_query_int(db, "PRAGMA cache_size");
	char sql[64];
	/* The sort's memory is the connection's cache at the first step:
	 * 256 KB for it, spilling runs to a temporary file, so that a million
	 * dialogues' counts take no more memory than ten thousand's. */
	if (db_exec(db, "PRAGMA cache_size=-256"))
		return NULL;
	st = db_prepare(db, prior_sql);
	pr = xcalloc(1, sizeof(*pr));
	pr->db = db;
	pr->st = st;
	pr->rc = st ? sqlite3_step(st) : SQLITE_ERROR;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size=%lld", (long long)cache);
	if (!st || db_exec(db, sql)) {
		prior_reader_close(pr);
		return NULL;
	}
	return pr;
}

int prior_reader_get(struct prior_reader *pr, const char *dialogue_id)
{
	while (pr->rc == SQLITE_ROW) {
		int cmp = strcmp(db_col_text(pr->st, 0), dialogue_id);
		if (cmp > 0)
			return 0;
		if (cmp == 0)
			return sqlite3_column_int(pr->st, 1);
		pr->rc = sqlite3_step(pr->st);
	}
	if (pr->rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(pr->db));
	return 0;
}

void prior_reader_close(struct prior_reader *pr)
{
	if (!pr)
		return;
	sqlite3_finalize(pr->st);
	free(pr);
}

const struct outcome *outcome_find(const struct outcome_set *set, const char *dialogue_id)
{
	size_t lo = 0, hi = set->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(set->items[mid].dialogue_id, dialogue_id);
		if (!c)
			return &set->items[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void outcome_set_release(struct outcome_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->items[i].dialogue_id);
	free(set->items);
	memset(set, 0, sizeof(*set));
}

int outcome_window_closed(const struct outcome *o, const struct outcome_settings *s)
{
	return o->has_started && o->started <= s->as_of - s->window;
}

void outcome_hold_back_recent(struct outcome_set *set, const struct outcome_settings *s,
			      struct outcome_held_back *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < set->n; i++) {
		struct outcome *o = &set->items[i];
		if ((o->label != LABEL_QUALIFIED && o->label != LABEL_NOT_QUALIFIED) ||
		    outcome_window_closed(o, s))
			continue;
		out->n++;
		if (o->label == LABEL_QUALIFIED) {
			out->n_pos++;
			set->n_pos--;
		} else {
			out->n_neg++;
			set->n_neg--;
		}
		set->n_unlabeled++;
		o->label = LABEL_UNLABELED;
	}
}
