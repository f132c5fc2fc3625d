/* handling.c — the deals as the CRM's people worked them (see handling.h). */
#include "compat.h"
#include "handling.h"
#include "db.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One pass over deal_events grouped by deal (its primary key begins with
 * deal_id, so the grouping reads the table in order), then the per-deal
 * look-ups: the creator's row, the manager's login, the customer and the
 * dialogue.  Rows after the reference time are not seen.  %lld is the
 * reference time: an integer we format ourselves. */
static const char build_sql[] =
	"DROP TABLE IF EXISTS temp.hdl_base;"
	"DROP TABLE IF EXISTS temp.hdl_deal;"
	"CREATE TEMP TABLE hdl_base AS SELECT g.*,"
	" (SELECT customer_id FROM identifiers WHERE kind = 'deal' AND value = g.deal_id) AS customer,"
	" coalesce((SELECT e.changed_by = 'bot' FROM deal_events e WHERE e.deal_id = g.deal_id"
	"   AND e.changed_at = g.opened ORDER BY e.stage <> 'new', e.changed_by LIMIT 1), 0) AS bot,"
	" (SELECT e.changed_by FROM deal_events e WHERE e.deal_id = g.deal_id AND e.changed_at = g.touch"
	"   AND e.changed_by NOT IN ('', 'bot') ORDER BY e.changed_by LIMIT 1) AS manager"
	" FROM (SELECT deal_id, min(changed_at) AS opened,"
	"  min(CASE WHEN changed_by NOT IN ('', 'bot') THEN changed_at END) AS touch,"
	"  min(CASE WHEN stage IN ('won', 'lost') THEN changed_at END) AS closed,"
	"  max(CASE stage WHEN 'qualified' THEN 2 WHEN 'proposal' THEN 3 WHEN 'negotiation' THEN 4"
	"   WHEN 'won' THEN 5 ELSE 1 END) AS reached,"
	"  max(stage = 'won') AS won,"
	"  min(CASE WHEN stage IN ('qualified', 'proposal', 'negotiation', 'won')"
	"   AND changed_by NOT IN ('', 'bot') THEN changed_at END) AS qual_at,"
	"  max(nullif(dialogue_id, '')) AS named,"
	"  max(coalesce(email, '') <> '' OR coalesce(phone, '') <> '') AS reach"
	"  FROM deal_events WHERE changed_at <= %lld GROUP BY deal_id) g;"
	"CREATE TEMP TABLE hdl_deal AS SELECT b.*, coalesce("
	" (SELECT d.id FROM dialogues d WHERE d.id = b.named),"
	" (SELECT d.id FROM identifiers j JOIN dialogues d ON d.id = j.value"
	"   WHERE j.customer_id = b.customer AND j.kind = 'dialogue' AND d.started <= b.opened"
	"   AND d.started >= b.opened - 2592000 ORDER BY d.started DESC LIMIT 1)) AS dialogue"
	" FROM temp.hdl_base b;"
	"DROP TABLE temp.hdl_base;"
	"CREATE INDEX temp.hdl_deal_customer ON hdl_deal(customer, opened);";

static const char read_sql[] =
	"SELECT h.opened, h.touch, h.closed, h.bot, h.reached, h.won, s.lead_grade, s.lead_score,"
	" h.manager, coalesce(nullif(d.channel, ''), '') FROM temp.hdl_deal h"
	" LEFT JOIN scores s ON s.dialogue_id = h.dialogue LEFT JOIN dialogues d ON d.id = h.dialogue";

static int table_exists(sqlite3 *db)
{
	return db_query_int(db, "SELECT count(*) FROM temp.sqlite_master WHERE name = 'hdl_deal'") > 0;
}

static int build(sqlite3 *db, int64_t ref)
{
	struct strbuf sql = STRBUF_INIT;
	int rc;
	strbuf_addf(&sql, build_sql, (long long)ref);
	rc = db_exec(db, strbuf_str(&sql));
	strbuf_release(&sql);
	return rc;
}

int handling_ensure_table(sqlite3 *db, int64_t ref)
{
	return table_exists(db) ? 0 : build(db, ref);
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

int handling_build(sqlite3 *db, int64_t ref, struct hdl_set *out)
{
	sqlite3_stmt *st;
	int rc;
	memset(out, 0, sizeof(*out));
	out->ref = ref;
	if (build(db, ref))
		return -1;
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
		d->score = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 7);
		d->manager = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1
			: intern(&out->managers, &out->n_managers, &out->alloc_managers, db_col_text(st, 8));
		d->source = intern(&out->sources, &out->n_sources, &out->alloc_sources, db_col_text(st, 9));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
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
	double *delay = NULL;
	size_t n_delay = 0, alloc = 0;
	memset(out, 0, sizeof(*out));
	out->oldest_wait = -1;
	for (size_t i = 0; i < s->n; i++) {
		const struct hdl_deal *d = &s->deals[i];
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
