/* outcome.c — lead-quality labels of formats.md section 4 from deal_events
 * and the merged identity. */
#include "outcome.h"
#include "db.h"
#include "util.h"

#include <ctype.h>
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

/* Stage changes of every customer, sorted by customer. */
struct customer_moves {
	int64_t *customer;
	struct deal_move *moves;
	size_t n, alloc;
};

static void moves_release(struct customer_moves *cm)
{
	for (size_t i = 0; i < cm->n; i++) {
		free((char *)cm->moves[i].deal_id);
		free((char *)cm->moves[i].stage);
		free((char *)cm->moves[i].changed_by);
	}
	free(cm->customer);
	free(cm->moves);
}

static int load_moves(sqlite3 *db, struct customer_moves *cm)
{
	size_t alloc_c = 0;
	int rc;
	sqlite3_stmt *st = db_prepare(db,
		"SELECT i.customer_id, de.deal_id, de.stage, de.changed_at, de.changed_by"
		" FROM deal_events de JOIN identifiers i ON i.kind = 'deal' AND i.value = de.deal_id"
		" ORDER BY i.customer_id, de.deal_id, de.changed_at");
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct deal_move *m;
		ALLOC_GROW(cm->moves, cm->n, cm->alloc);
		if (cm->n >= alloc_c) {
			alloc_c = cm->alloc;
			cm->customer = xrealloc(cm->customer, alloc_c * sizeof(*cm->customer));
		}
		cm->customer[cm->n] = sqlite3_column_int64(st, 0);
		m = &cm->moves[cm->n++];
		m->deal_id = xstrdup(db_col_text(st, 1));
		m->stage = xstrdup(db_col_text(st, 2));
		m->changed_at = sqlite3_column_int64(st, 3);
		m->changed_by = xstrdup(db_col_text(st, 4));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}

/* First move of `customer` (binary search); *n gets how many it has. */
static const struct deal_move *moves_of(const struct customer_moves *cm, int64_t customer, size_t *n)
{
	size_t lo = 0, hi = cm->n, end;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cm->customer[mid] < customer)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < cm->n && cm->customer[end] == customer; end++)
		;
	*n = end - lo;
	return *n ? &cm->moves[lo] : NULL;
}

static int load_dialogues(sqlite3 *db, struct outcome_set *out)
{
	int rc;
	sqlite3_stmt *st = db_prepare(db,
		"SELECT d.id, d.started, d.has_contact, COALESCE(i.customer_id, 0)"
		" FROM dialogues d LEFT JOIN identifiers i ON i.kind = 'dialogue' AND i.value = d.id"
		" ORDER BY d.id");
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct outcome *o;
		ALLOC_GROW(out->items, out->n, out->alloc);
		o = &out->items[out->n++];
		memset(o, 0, sizeof(*o));
		o->dialogue_id = xstrdup(db_col_text(st, 0));
		o->has_started = sqlite3_column_type(st, 1) != SQLITE_NULL;
		o->started = sqlite3_column_int64(st, 1);
		o->has_contact = sqlite3_column_int(st, 2);
		o->customer = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}

static int by_customer_time(const void *a, const void *b)
{
	const struct outcome *x = *(const struct outcome *const *)a;
	const struct outcome *y = *(const struct outcome *const *)b;
	if (x->customer != y->customer)
		return x->customer < y->customer ? -1 : 1;
	if (x->started != y->started)
		return x->started < y->started ? -1 : 1;
	return strcmp(x->dialogue_id, y->dialogue_id);
}

/* Earlier dialogues of the same customer: ties in time are ordered by id so
 * that the count is stable. */
static void count_prior_contacts(struct outcome_set *set)
{
	struct outcome **v = xmalloc((set->n ? set->n : 1) * sizeof(*v));
	size_t m = 0;
	for (size_t i = 0; i < set->n; i++)
		if (set->items[i].customer > 0 && set->items[i].has_started)
			v[m++] = &set->items[i];
	qsort(v, m, sizeof(*v), by_customer_time);
	for (size_t i = 0, rank = 0; i < m; i++) {
		rank = (i > 0 && v[i - 1]->customer == v[i]->customer) ? rank + 1 : 0;
		v[i]->prior_contacts = (int)rank;
	}
	free(v);
}

int outcome_label_all(sqlite3 *db, const struct outcome_settings *s, struct outcome_set *out)
{
	struct customer_moves cm = { NULL, NULL, 0, 0 };
	int ret = -1;
	memset(out, 0, sizeof(*out));
	if (load_moves(db, &cm) || load_dialogues(db, out))
		goto out;
	count_prior_contacts(out);
	for (size_t i = 0; i < out->n; i++) {
		struct outcome *o = &out->items[i];
		size_t n = 0;
		const struct deal_move *m = o->customer > 0 ? moves_of(&cm, o->customer, &n) : NULL;
		if (!o->has_contact && o->customer <= 0)
			o->label = LABEL_ANONYMOUS;
		else if (!o->has_started)
			o->label = LABEL_UNLABELED;
		else
			o->label = outcome_judge(o->started, m, n, s);
		switch (o->label) {
		case LABEL_QUALIFIED: out->n_pos++; break;
		case LABEL_NOT_QUALIFIED: out->n_neg++; break;
		case LABEL_UNLABELED: out->n_unlabeled++; break;
		default: out->n_anonymous++; break;
		}
	}
	ret = 0;
out:
	moves_release(&cm);
	if (ret)
		outcome_set_release(out);
	return ret;
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
