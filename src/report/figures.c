/* figures.c — the night's key figures (see figures.h). */
#include "compat.h"
#include "figures.h"
#include "db.h"
#include "localday.h"
#include "outcome.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define REPEAT_WINDOW (7 * DAY)

static const char *const fig_names[FIG_COUNT] = {
	"dialogues", "fcr", "escalation", "missed", "premature",
	"qualified", "judged", "scored", "grade_a", "grade_b", "grade_c", "grade_d",
};
static const char *const group_suffix[GROUP_COUNT] = { "", "@bot", "@handed" };

const char *figure_name(enum figure f)
{
	return f < FIG_COUNT ? fig_names[f] : "";
}

int figure_is_share(enum figure f)
{
	return f == FIG_FCR || f == FIG_ESCALATION || f == FIG_MISSED ||
	       f == FIG_PREMATURE || f == FIG_QUALIFIED;
}

int figure_higher_is_better(enum figure f)
{
	return f == FIG_FCR || f == FIG_QUALIFIED || f == FIG_DIALOGUES;
}

void figure_key(enum figure f, enum figure_group g, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s%s", figure_name(f), group_suffix[g]);
}

int figures_ensure_indexes(sqlite3 *db)
{
	/* the flagged list and the funnel look findings up by kind, deals by
	 * their first stage change */
	return db_exec(db,
		"CREATE INDEX IF NOT EXISTS findings_kind ON findings(kind, dialogue_id);"
		"CREATE INDEX IF NOT EXISTS deal_events_changed ON deal_events(changed_at);");
}

/* The zone of the nights being computed (NULL = UTC): set by
 * figures_compute() for its own run; the report is one thread. */
static const char *night_tz;

static int night_start(const char *night, int64_t *t)
{
	if (localday_start(night, night_tz, t))
		return error("bad night '%s' (expected YYYY-MM-DD)", night);
	return 0;
}

/* Where the night ends: the next local midnight (23 or 25 hours later on
 * the days the clocks change). */
static int night_end(const char *night, int64_t *t)
{
	char next[11];
	if (localday_next(night, next) || localday_start(next, night_tz, t))
		return error("bad night '%s' (expected YYYY-MM-DD)", night);
	return 0;
}

/* The date of the newest dialogue started before `before` (INT64_MAX = any). */
static int newest_night_before(sqlite3 *db, int64_t before, char out[11])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT max(started) FROM dialogues WHERE started < ?");
	int rc = 1;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			localday_of(sqlite3_column_int64(st, 0), night_tz, out);
			rc = 0;
		}
	} else {
		rc = error("database: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return rc;
}

int figures_previous_night(sqlite3 *db, const char *night, char prev[11])
{
	int64_t t;
	night_tz = NULL;
	if (night_start(night, &t))
		return -1;
	return newest_night_before(db, t, prev);
}

static const char create_tables[] =
	"DROP TABLE IF EXISTS temp.fig_dialogue;"
	"DROP TABLE IF EXISTS temp.fig_outcome;"
	"CREATE TEMP TABLE fig_outcome(id TEXT PRIMARY KEY, label INTEGER) WITHOUT ROWID;"
	"CREATE TEMP TABLE fig_dialogue("
	"  id TEXT NOT NULL, night TEXT, started INTEGER, customer INTEGER,"
	"  has_contact INTEGER, handoff INTEGER, scored INTEGER, premature INTEGER,"
	"  missed INTEGER, ctx_lost INTEGER, resolved INTEGER, repeat7 INTEGER,"
	"  fcr INTEGER, outcome INTEGER, page TEXT, channel TEXT, agent TEXT,"
	"  agent_kind TEXT, grade TEXT, score INTEGER, severity REAL, lang TEXT);";

/* One row per dialogue of a night.  The inner select gathers what each
 * dialogue is; the outer one adds what depends on the customer. */
static const char insert_night[] =
	"INSERT INTO temp.fig_dialogue SELECT b.id, ?3, b.started, b.customer, b.has_contact,"
	" b.op IS NOT NULL, b.scored, b.premature, b.missed, b.ctx_lost, b.resolved, b.repeat7,"
	" b.scored AND b.resolved AND NOT b.repeat7, b.outcome, b.page, b.channel,"
	" coalesce(nullif(b.op, ''), b.bot, 'bot'), CASE WHEN b.op IS NULL THEN 'bot' ELSE 'operator' END,"
	" b.grade, b.score, b.severity, b.lang"
	" FROM (SELECT a.*, coalesce(a.tags >= 2, 0) OR (coalesce(a.tags % 2, 0) = 0 AND a.severity IS NULL) AS resolved,"
	"  CASE WHEN a.customer IS NULL THEN 0 ELSE EXISTS("
	"   SELECT 1 FROM identifiers i JOIN dialogues d2 ON d2.id = i.value"
	"   WHERE i.customer_id = a.customer AND i.kind = 'dialogue' AND d2.id <> a.id"
	"   AND d2.started > a.started AND d2.started <= a.started + ?4) END AS repeat7"
	" FROM (SELECT d.id, d.started,"
	"  (SELECT customer_id FROM identifiers WHERE kind = 'dialogue' AND value = d.id) AS customer,"
	"  d.has_contact,"
	"  s.dialogue_id IS NOT NULL AS scored,"
	"  coalesce(s.premature, 0) <> 0 AS premature, coalesce(s.missed, 0) <> 0 AS missed,"
	"  coalesce(s.context_lost, 0) <> 0 AS ctx_lost,"
	/* one look at the tags: 2 = a problem-resolved turn, 1 = a problem stated */
	"  (SELECT max(json_extract(j.value, '$[1]') = 'problem-resolved') * 2"
	"   + max(json_extract(j.value, '$[1]') = 'problem-stated') FROM json_each(s.tags) j) AS tags,"
	"  (SELECT label FROM temp.fig_outcome o WHERE o.id = d.id) AS outcome,"
	"  coalesce(nullif(d.page, ''), '-') AS page, coalesce(nullif(d.channel, ''), '-') AS channel,"
	/* the first handoff's operator; '' when the handoff names nobody */
	"  (SELECT coalesce(e.target, '') FROM events e WHERE e.dialogue_id = d.id AND e.type = 'handoff'"
	"   ORDER BY e.seq LIMIT 1) AS op,"
	"  d.bot_agent AS bot,"
	"  s.lead_grade AS grade, s.lead_score AS score,"
	"  (SELECT max(f.severity) FROM findings f WHERE f.dialogue_id = d.id) AS severity,"
	"  coalesce(d.lang, '') AS lang"
	"  FROM dialogues d LEFT JOIN scores s ON s.dialogue_id = d.id"
	"  WHERE d.started >= ?1 AND d.started < ?2) a) b";

static const char agg_columns[] =
	"count(*), avg(handoff), sum(fcr) * 1.0 / nullif(sum(scored), 0),"
	" sum(missed) * 1.0 / nullif(sum(scored), 0), sum(premature) * 1.0 / nullif(sum(scored), 0),"
	" avg(outcome), count(outcome), sum(scored),"
	" sum(grade = 'A'), sum(grade = 'B'), sum(grade = 'C'), sum(grade = 'D')";

static const enum figure agg_order[] = {
	FIG_DIALOGUES, FIG_ESCALATION, FIG_FCR, FIG_MISSED, FIG_PREMATURE,
	FIG_QUALIFIED, FIG_JUDGED, FIG_SCORED,
	FIG_GRADE_A, FIG_GRADE_B, FIG_GRADE_C, FIG_GRADE_D,
};

static void clear_values(struct night_values *nv)
{
	for (int g = 0; g < GROUP_COUNT; g++)
		for (int f = 0; f < FIG_COUNT; f++)
			nv->v[g][f] = NAN;
}

static struct night_values *find_night(struct figures *fs, const char *night)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->nights[i].night, night))
			return &fs->nights[i];
	return NULL;
}

/* The window: up to `window` nights with dialogues, ending at `newest`. */
static int collect_nights(sqlite3 *db, const char *newest, int window, struct figures *fs)
{
	char night[11];
	int64_t t;
	size_t alloc = 0;
	snprintf(night, sizeof(night), "%s", newest);
	while ((int)fs->n < window) {
		ALLOC_GROW(fs->nights, fs->n, alloc);
		snprintf(fs->nights[fs->n].night, sizeof(fs->nights[fs->n].night), "%s", night);
		clear_values(&fs->nights[fs->n]);
		fs->n++;
		if (night_start(night, &t))
			return -1;
		int rc = newest_night_before(db, t, night);
		if (rc < 0)
			return -1;
		if (rc)
			break;
	}
	/* oldest first */
	for (size_t i = 0; i < fs->n / 2; i++) {
		struct night_values tmp = fs->nights[i];
		fs->nights[i] = fs->nights[fs->n - 1 - i];
		fs->nights[fs->n - 1 - i] = tmp;
	}
	return 0;
}

static int stored_night_exists(sqlite3 *db, const char *night)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM night_figures WHERE night = ? LIMIT 1");
	int found;
	if (!st)
		return -1;
	db_bind_text(st, 1, night);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

struct outcome_sink {
	sqlite3 *db;
	sqlite3_stmt *put;
	int64_t lo, hi;
	size_t n;                       /* dialogues labeled */
};

static int put_outcome(const struct outcome *o, void *ctx)
{
	struct outcome_sink *k = ctx;
	k->n++;
	if (!o->has_started || o->started < k->lo || o->started >= k->hi)
		return 0;
	if (o->label != LABEL_QUALIFIED && o->label != LABEL_NOT_QUALIFIED)
		return 0;
	db_bind_text(k->put, 1, o->dialogue_id);
	sqlite3_bind_int(k->put, 2, o->label == LABEL_QUALIFIED);
	return db_step_done(k->db, k->put);
}

/* Lead-quality labels of the dialogues in the recomputed nights [lo, hi),
 * and of no other: a label needs only its dialogue's customer and that
 * customer's deals, so the work follows the nights, not the history.  *n
 * is how many were labeled (the report's timing line says it). */
static int fill_outcomes(sqlite3 *db, int64_t as_of, int64_t lo, int64_t hi, size_t *n)
{
	struct outcome_settings s;
	struct outcome_sink k = { db, NULL, lo, hi, 0 };
	int rc;
	outcome_settings_init(&s);
	s.as_of = as_of;
	k.put = db_prepare(db, "INSERT OR REPLACE INTO temp.fig_outcome(id, label) VALUES(?, ?)");
	if (!k.put)
		return -1;
	rc = lo < hi && outcome_each_started(db, &s, lo, hi, put_outcome, &k) ? -1 : 0;
	sqlite3_finalize(k.put);
	*n = k.n;
	return rc;
}

static int insert_nights(sqlite3 *db, char (*nights)[11], size_t n)
{
	sqlite3_stmt *st = db_prepare(db, insert_night);
	int rc = -1;
	if (!st)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int64_t lo, hi;
		if (night_start(nights[i], &lo) || night_end(nights[i], &hi))
			goto out;
		sqlite3_bind_int64(st, 1, lo);
		sqlite3_bind_int64(st, 2, hi);
		db_bind_text(st, 3, nights[i]);
		sqlite3_bind_int64(st, 4, REPEAT_WINDOW);
		if (db_step_done(db, st))
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static double col_value(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

/* Aggregates the temporary table per night (grouped = per night and handoff). */
static int aggregate(sqlite3 *db, struct figures *fs, int grouped)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc;
	strbuf_addf(&sql, "SELECT night, %s, %s FROM temp.fig_dialogue GROUP BY night%s",
		    grouped ? "handoff" : "0", agg_columns, grouped ? ", handoff" : "");
	st = db_prepare(db, strbuf_str(&sql));
	strbuf_release(&sql);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct night_values *nv = find_night(fs, db_col_text(st, 0));
		int g = grouped ? (sqlite3_column_int(st, 1) ? GROUP_HANDED : GROUP_BOT) : GROUP_ALL;
		if (!nv)
			continue;
		for (size_t k = 0; k < FIG_COUNT; k++)
			nv->v[g][agg_order[k]] = col_value(st, (int)k + 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}

static int store_night(sqlite3 *db, sqlite3_stmt *del, sqlite3_stmt *ins, const struct night_values *nv)
{
	char key[48];
	db_bind_text(del, 1, nv->night);
	if (db_step_done(db, del))
		return -1;
	for (int g = 0; g < GROUP_COUNT; g++)
		for (int f = 0; f < FIG_COUNT; f++) {
			figure_key(f, g, key, sizeof(key));
			db_bind_text(ins, 1, nv->night);
			db_bind_text(ins, 2, key);
			if (isnan(nv->v[g][f]))
				sqlite3_bind_null(ins, 3);
			else
				sqlite3_bind_double(ins, 3, nv->v[g][f]);
			if (db_step_done(db, ins))
				return -1;
		}
	return 0;
}

static int store(sqlite3 *db, struct figures *fs, char (*nights)[11], size_t n)
{
	sqlite3_stmt *del = NULL, *ins = NULL;
	int rc = -1;
	if (db_begin(db))
		return -1;
	del = db_prepare(db, "DELETE FROM night_figures WHERE night = ?");
	ins = db_prepare(db, "INSERT INTO night_figures(night, figure, value) VALUES(?, ?, ?)");
	if (!del || !ins)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct night_values *nv = find_night(fs, nights[i]);
		if (nv && store_night(db, del, ins, nv))
			goto out;
	}
	rc = db_commit(db);
out:
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	if (rc)
		db_rollback(db);
	return rc;
}

static int parse_key(const char *key, int *f, int *g)
{
	for (int gi = GROUP_COUNT - 1; gi >= 0; gi--) {
		size_t sl = strlen(group_suffix[gi]), kl = strlen(key);
		if (sl > kl || strcmp(key + kl - sl, group_suffix[gi]))
			continue;
		for (int fi = 0; fi < FIG_COUNT; fi++)
			if (strlen(fig_names[fi]) == kl - sl && !strncmp(key, fig_names[fi], kl - sl)) {
				*f = fi;
				*g = gi;
				return 0;
			}
	}
	return -1;
}

/* Nights not recomputed now take their stored values. */
static int load_stored(sqlite3 *db, struct figures *fs)
{
	sqlite3_stmt *st;
	int rc;
	if (!fs->n)
		return 0;
	st = db_prepare(db, "SELECT night, figure, value FROM night_figures WHERE night >= ? AND night <= ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, fs->nights[0].night);
	db_bind_text(st, 2, fs->nights[fs->n - 1].night);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct night_values *nv = find_night(fs, db_col_text(st, 0));
		int f, g;
		if (nv && !parse_key(db_col_text(st, 1), &f, &g))
			nv->v[g][f] = col_value(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}

/* When the newest dialogue (up to now) started, for the data's age. */
static int newest_data(sqlite3 *db, int64_t until, struct figures *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT max(started) FROM dialogues WHERE started < ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, until);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		out->newest_started = sqlite3_column_int64(st, 0);
		out->has_newest = 1;
	}
	sqlite3_finalize(st);
	return 0;
}

int figures_compute(sqlite3 *db, const struct figures_options *o, struct figures *out)
{
	char newest[11];
	char (*todo)[11] = NULL;
	size_t n_todo = 0;
	int window = o->window > 0 ? o->window : 30;
	int refresh = o->refresh > 0 ? o->refresh : window;
	int64_t lo = INT64_MAX, hi = INT64_MIN, t;
	size_t n_labeled = 0;
	double t0;
	int rc;

	memset(out, 0, sizeof(*out));
	night_tz = o->tz;
	/* the tables exist (empty) even for a database with no dialogue */
	if (db_exec(db, create_tables))
		return -1;
	/* Dialogues dated after now are a data problem (ingest names them),
	 * never the newest night. */
	int64_t until = o->as_of > 0 && o->as_of < INT64_MAX ? o->as_of + 1 : INT64_MAX;
	if (newest_data(db, until, out) < 0)
		return -1;
	/* The night asked for, else the last local day that has ended: a day
	 * in progress is never a night (two dialogues after midnight are not
	 * a night's figures). */
	if (o->night)
		snprintf(out->day, sizeof(out->day), "%s", o->night);
	else
		localday_last_completed(until == INT64_MAX ? now_epoch() : o->as_of, o->tz, out->day);
	if (night_end(out->day, &t))
		return -1;
	rc = newest_night_before(db, t < until ? t : until, newest);
	if (rc)
		return rc;
	if (collect_nights(db, newest, window, out))
		return -1;
	todo = xcalloc(out->n, sizeof(*todo));
	for (size_t i = 0; i < out->n; i++) {
		const char *night = out->nights[i].night;
		int fresh = i + (size_t)refresh >= out->n;
		if (!fresh) {
			int have = stored_night_exists(db, night);
			if (have < 0)
				goto fail;
			fresh = !have;
		}
		if (!fresh)
			continue;
		snprintf(todo[n_todo++], 11, "%s", night);
		int64_t e;
		if (night_start(night, &t) || night_end(night, &e))
			goto fail;
		lo = t < lo ? t : lo;
		hi = e > hi ? e : hi;
	}
	t0 = mono_seconds();
	if (load_stored(db, out) || fill_outcomes(db, o->as_of, lo, hi, &n_labeled))
		goto fail;
	info("figures: lead-quality labels of %zu dialogues in %.1f s", n_labeled, mono_seconds() - t0);
	t0 = mono_seconds();
	if (insert_nights(db, todo, n_todo))
		goto fail;
	info("figures: %zu nights gathered in %.1f s", n_todo, mono_seconds() - t0);
	for (size_t i = 0; i < n_todo; i++)
		clear_values(find_night(out, todo[i]));
	if (aggregate(db, out, 0) || aggregate(db, out, 1))
		goto fail;
	if (o->defer_store) {
		out->pending = todo;
		out->n_pending = n_todo;
		todo = NULL;
	} else if (store(db, out, todo, n_todo)) {
		goto fail;
	}
	out->n_recomputed = n_todo;
	free(todo);
	return 0;
fail:
	free(todo);
	figures_release(out);
	return -1;
}

int figures_store_pending(sqlite3 *db, struct figures *f)
{
	int rc = f->n_pending ? store(db, f, f->pending, f->n_pending) : 0;
	free(f->pending);
	f->pending = NULL;
	f->n_pending = 0;
	return rc;
}

void figures_release(struct figures *f)
{
	free(f->pending);
	f->pending = NULL;
	f->n_pending = 0;
	free(f->nights);
	f->nights = NULL;
	f->n = 0;
}
