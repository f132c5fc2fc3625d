/* deal_summary.c — the per-deal summary and the dialogue counts, brought up
 * to date from what changed since the last update (deal_summary.h). */
#include "compat.h"
#include "deal_summary.h"
#include "db.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the fold ---- */

int deal_stage_rank(const char *stage)
{
	static const char *const order[] = { "new", "qualified", "proposal", "negotiation", "won" };
	for (int k = 0; k < 5; k++)
		if (!strcmp(stage, order[k]))
			return k + 1;
	return 1;
}

void deal_fold_init(struct deal_fold *f)
{
	memset(f, 0, sizeof(*f));
	strbuf_init(&f->id, 0);
	strbuf_init(&f->creator, 0);
	strbuf_init(&f->manager, 0);
	strbuf_init(&f->named, 0);
}

void deal_fold_reset(struct deal_fold *f, const char *id)
{
	strbuf_reset(&f->id);
	strbuf_adds(&f->id, id);
	strbuf_reset(&f->creator);
	strbuf_reset(&f->manager);
	strbuf_reset(&f->named);
	f->opened = f->touch = f->closed = f->qual_at = INT64_MAX;
	f->last = INT64_MIN;
	f->creator_rank = f->reached = f->won = f->lost = f->reach = f->rows = 0;
}

void deal_fold_row(struct deal_fold *f, const char *stage, int64_t at, const char *by,
		   const char *named, int reach)
{
	int person = *by && strcmp(by, "bot");
	int rank = strcmp(stage, "new") != 0;     /* at one time, `new` came first */
	int r = deal_stage_rank(stage);
	/* the creator: the earliest row, `new` first, then by login */
	if (!f->rows || at < f->opened || (at == f->opened && (rank < f->creator_rank ||
	    (rank == f->creator_rank && strcmp(by, strbuf_str(&f->creator)) < 0)))) {
		f->opened = at;
		f->creator_rank = rank;
		strbuf_reset(&f->creator);
		strbuf_adds(&f->creator, by);
	}
	if (person && (at < f->touch || (at == f->touch && strcmp(by, strbuf_str(&f->manager)) < 0))) {
		f->touch = at;
		strbuf_reset(&f->manager);
		strbuf_adds(&f->manager, by);
	}
	if ((!strcmp(stage, "won") || !strcmp(stage, "lost")) && at < f->closed)
		f->closed = at;
	if (r > f->reached)
		f->reached = r;
	f->won |= !strcmp(stage, "won");
	f->lost |= !strcmp(stage, "lost");
	if (person && r >= 2 && strcmp(stage, "lost") && at < f->qual_at)
		f->qual_at = at;
	if (strcmp(named, strbuf_str(&f->named)) > 0) {
		strbuf_reset(&f->named);
		strbuf_adds(&f->named, named);
	}
	if (at > f->last)
		f->last = at;
	f->reach |= reach != 0;
	f->rows++;
}

void deal_fold_release(struct deal_fold *f)
{
	strbuf_release(&f->id);
	strbuf_release(&f->creator);
	strbuf_release(&f->manager);
	strbuf_release(&f->named);
}

/* ---- the update ---- */

#define ROWS_SQL "SELECT deal_id, stage, changed_at, changed_by, coalesce(dialogue_id, ''),"   \
	" coalesce(email, '') <> '' OR coalesce(phone, '') <> '' FROM deal_events"

/* The funnel's rule, for one deal: the dialogue it names when loaded, else
 * its customer's latest dialogue in the 30 days before it opened. */
static const char match_sql[] =
	"SELECT coalesce((SELECT d.id FROM dialogues d WHERE d.id = ?3),"
	" (SELECT d.id FROM identifiers i JOIN identifiers j ON j.customer_id = i.customer_id"
	"  AND j.kind = 'dialogue' JOIN dialogues d ON d.id = j.value"
	"  WHERE i.kind = 'deal' AND i.value = ?1 AND d.started <= ?2"
	"  AND d.started >= ?2 - 2592000 ORDER BY d.started DESC LIMIT 1))";

struct upd {
	sqlite3 *db;
	sqlite3_stmt *match, *channel, *ins, *del, *rows, *customer, *exists;
	int64_t rows_delta;     /* summary rows added less those removed */
};

static int upd_prepare(struct upd *u, sqlite3 *db)
{
	memset(u, 0, sizeof(*u));
	u->db = db;
	u->match = db_prepare(db, match_sql);
	/* the channel, and the score as the funnel and the lead-handling
	 * page take it */
	u->channel = db_prepare(db, "SELECT coalesce(nullif(d.channel, ''), ''), s.lead_grade, s.lead_score,"
				" coalesce(s.premature, 0) <> 0, coalesce(s.missed, 0) <> 0"
				" FROM dialogues d LEFT JOIN scores s ON s.dialogue_id = d.id WHERE d.id = ?");
	u->ins = db_prepare(db, "INSERT OR REPLACE INTO deal_summary(deal_id, opened, last_at, reached, lost,"
			    " won, bot, touch, manager, closed, qual_at, named, reach, customer, dialogue, channel,"
			    " grade, score, premature, missed)"
			    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
			    " ?17, ?18, coalesce(?19, 0), coalesce(?20, 0))");
	u->del = db_prepare(db, "DELETE FROM deal_summary WHERE deal_id = ?");
	u->rows = db_prepare(db, ROWS_SQL " WHERE deal_id = ?");
	u->customer = db_prepare(db, "SELECT customer_id FROM identifiers WHERE kind = 'deal' AND value = ?");
	u->exists = db_prepare(db, "SELECT 1 FROM deal_summary WHERE deal_id = ?");
	return u->match && u->channel && u->ins && u->del && u->rows && u->customer && u->exists ? 0 : -1;
}

static void upd_release(struct upd *u)
{
	sqlite3_finalize(u->match);
	sqlite3_finalize(u->channel);
	sqlite3_finalize(u->ins);
	sqlite3_finalize(u->del);
	sqlite3_finalize(u->rows);
	sqlite3_finalize(u->customer);
	sqlite3_finalize(u->exists);
}

static int step_error(sqlite3 *db)
{
	return error("database: %s", sqlite3_errmsg(db));
}

/* Writes the summary of the folded deal f. */
static int write_deal(struct upd *u, const struct deal_fold *f, int has_customer, int64_t customer)
{
	sqlite3_stmt *ins = u->ins;
	char *dialogue = NULL;
	int rc;
	sqlite3_reset(u->match);
	db_bind_text(u->match, 1, strbuf_str(&f->id));
	sqlite3_bind_int64(u->match, 2, f->opened);
	if (f->named.len)
		db_bind_text(u->match, 3, strbuf_str(&f->named));
	else
		sqlite3_bind_null(u->match, 3);
	rc = sqlite3_step(u->match);
	if (rc != SQLITE_ROW)
		return step_error(u->db);
	if (sqlite3_column_type(u->match, 0) != SQLITE_NULL)
		dialogue = xstrdup(db_col_text(u->match, 0));
	sqlite3_reset(u->match);
	db_bind_text(ins, 1, strbuf_str(&f->id));
	sqlite3_bind_int64(ins, 2, f->opened);
	sqlite3_bind_int64(ins, 3, f->last);
	sqlite3_bind_int(ins, 4, f->reached ? f->reached : 1);
	sqlite3_bind_int(ins, 5, f->lost);
	sqlite3_bind_int(ins, 6, f->won);
	sqlite3_bind_int(ins, 7, !strcmp(strbuf_str(&f->creator), "bot"));
	db_bind_opt_int(ins, 8, f->touch, f->touch != INT64_MAX);
	if (f->manager.len)
		db_bind_text(ins, 9, strbuf_str(&f->manager));
	db_bind_opt_int(ins, 10, f->closed, f->closed != INT64_MAX);
	db_bind_opt_int(ins, 11, f->qual_at, f->qual_at != INT64_MAX);
	if (f->named.len)
		db_bind_text(ins, 12, strbuf_str(&f->named));
	sqlite3_bind_int(ins, 13, f->reach);
	db_bind_opt_int(ins, 14, customer, has_customer);
	if (dialogue) {
		db_bind_text(ins, 15, dialogue);
		sqlite3_reset(u->channel);
		db_bind_text(u->channel, 1, dialogue);
		rc = sqlite3_step(u->channel);
		if (rc != SQLITE_ROW) {
			free(dialogue);
			sqlite3_reset(u->channel);
			sqlite3_clear_bindings(ins);
			return rc == SQLITE_DONE ? error("database: a matched dialogue vanished") : step_error(u->db);
		}
		db_bind_text(ins, 16, db_col_text(u->channel, 0));
		for (int k = 1; k <= 4; k++)
			sqlite3_bind_value(ins, 16 + k, sqlite3_column_value(u->channel, k));
		sqlite3_reset(u->channel);
		free(dialogue);
	}
	return db_step_done(u->db, ins);
}

/* Advances an ordered (id, value) stream to `id`; whether found. */
static int stream_seek(sqlite3_stmt *st, int *state, const char *id)
{
	while (*state == SQLITE_ROW && strcmp(db_col_text(st, 0), id) < 0)
		*state = sqlite3_step(st);
	return *state == SQLITE_ROW && !strcmp(db_col_text(st, 0), id);
}

/* As schema version 7 makes them (db.c). */
#define INDEXES_SQL "CREATE INDEX IF NOT EXISTS deal_summary_dialogue ON deal_summary(dialogue)" \
	" WHERE dialogue IS NOT NULL;"                                                              \
	"CREATE INDEX IF NOT EXISTS deal_summary_unmatched ON deal_summary(opened) WHERE dialogue IS NULL;"

/* Every deal, in one ordered pass over the stage rows (their key begins
 * with deal_id) merged with the deals' customers in the same order. */
static int rebuild(struct upd *u, long *n)
{
	sqlite3_stmt *ev = db_prepare(u->db, ROWS_SQL " ORDER BY deal_id");
	sqlite3_stmt *cust = db_prepare(u->db,
		"SELECT value, customer_id FROM identifiers WHERE kind = 'deal' ORDER BY value");
	struct deal_fold f;
	int rc = -1, ev_state, cust_state = SQLITE_DONE;
	deal_fold_init(&f);
	*n = 0;
	/* the indexes are made again after: one sort each, not a random
	 * insert per deal */
	if (!ev || !cust || db_exec(u->db, "DROP INDEX IF EXISTS deal_summary_dialogue;"
				    "DROP INDEX IF EXISTS deal_summary_unmatched; DELETE FROM deal_summary"))
		goto out;
	cust_state = sqlite3_step(cust);
	for (;;) {
		const char *id;
		ev_state = sqlite3_step(ev);
		id = ev_state == SQLITE_ROW ? db_col_text(ev, 0) : NULL;
		if (f.rows && (!id || strcmp(id, strbuf_str(&f.id)))) {
			int has = stream_seek(cust, &cust_state, strbuf_str(&f.id));
			if (write_deal(u, &f, has, has ? sqlite3_column_int64(cust, 1) : 0))
				goto out;
			(*n)++;
			f.rows = 0;
		}
		if (!id)
			break;
		if (!f.rows)
			deal_fold_reset(&f, id);
		deal_fold_row(&f, db_col_text(ev, 1), sqlite3_column_int64(ev, 2), db_col_text(ev, 3),
			      db_col_text(ev, 4), sqlite3_column_int(ev, 5));
	}
	if (ev_state != SQLITE_DONE || (cust_state != SQLITE_ROW && cust_state != SQLITE_DONE)) {
		step_error(u->db);
		goto out;
	}
	rc = db_exec(u->db, INDEXES_SQL);
out:
	sqlite3_finalize(ev);
	sqlite3_finalize(cust);
	deal_fold_release(&f);
	return rc;
}

/* One deal again from its rows; gone from the summary when it has none. */
static int recompute(struct upd *u, struct deal_fold *f, const char *id)
{
	int rc, has, existed;
	int64_t customer = 0;
	deal_fold_reset(f, id);
	sqlite3_reset(u->exists);
	db_bind_text(u->exists, 1, id);
	rc = sqlite3_step(u->exists);
	existed = rc == SQLITE_ROW;
	sqlite3_reset(u->exists);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return step_error(u->db);
	sqlite3_reset(u->rows);
	db_bind_text(u->rows, 1, id);
	while ((rc = sqlite3_step(u->rows)) == SQLITE_ROW)
		deal_fold_row(f, db_col_text(u->rows, 1), sqlite3_column_int64(u->rows, 2), db_col_text(u->rows, 3),
			      db_col_text(u->rows, 4), sqlite3_column_int(u->rows, 5));
	sqlite3_reset(u->rows);
	if (rc != SQLITE_DONE)
		return step_error(u->db);
	u->rows_delta += (f->rows > 0) - existed;
	if (!f->rows) {
		db_bind_text(u->del, 1, id);
		return db_step_done(u->db, u->del);
	}
	sqlite3_reset(u->customer);
	db_bind_text(u->customer, 1, id);
	rc = sqlite3_step(u->customer);
	has = rc == SQLITE_ROW;
	if (has)
		customer = sqlite3_column_int64(u->customer, 0);
	sqlite3_reset(u->customer);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return step_error(u->db);
	return write_deal(u, f, has, customer);
}

static int recompute_dirty(struct upd *u, long *n)
{
	sqlite3_stmt *st = db_prepare(u->db, "SELECT id FROM summary_dirty WHERE kind = 'deal' ORDER BY id");
	struct deal_fold f;
	char **ids = NULL;
	size_t n_ids = 0, alloc = 0;
	int rc = 0, s;
	if (!st)
		return -1;
	/* read first: the loop writes the summary, not summary_dirty, but a
	 * statement left open across writes is best avoided */
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(ids, n_ids, alloc);
		ids[n_ids++] = xstrdup(db_col_text(st, 0));
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		rc = step_error(u->db);
	deal_fold_init(&f);
	for (size_t i = 0; i < n_ids; i++) {
		if (!rc)
			rc = recompute(u, &f, ids[i]);
		free(ids[i]);
	}
	deal_fold_release(&f);
	free(ids);
	*n = (long)n_ids;
	return rc;
}

static int64_t get_count(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT value FROM store_counts WHERE name = ?");
	int64_t v = -1;
	int rc;
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		error("database: no running count '%s'%s%s", name, rc == SQLITE_DONE ? "" : ": ",
		      rc == SQLITE_DONE ? "" : sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return v;
}

int deal_summary_note_scores(sqlite3 *db, const char *ids_sql)
{
	struct strbuf sql = STRBUF_INIT;
	int rc;
	strbuf_addf(&sql, "WITH x(id) AS (%s)"
		      " INSERT OR IGNORE INTO summary_dirty(kind, id) SELECT 'dialogue', x.id FROM x"
		      " WHERE EXISTS (SELECT 1 FROM deal_summary s WHERE s.dialogue = x.id)", ids_sql);
	rc = db_exec(db, strbuf_str(&sql));
	strbuf_release(&sql);
	return rc;
}

int deal_summary_noter_open(struct deal_summary_noter *n, sqlite3 *db)
{
	n->matched = db_prepare(db, "SELECT 1 FROM deal_summary WHERE dialogue = ? LIMIT 1");
	n->note = db_prepare(db, "INSERT OR IGNORE INTO summary_dirty(kind, id) VALUES('dialogue', ?)");
	return n->matched && n->note ? 0 : -1;
}

int deal_summary_noter_note(struct deal_summary_noter *n, sqlite3 *db, const char *dialogue_id)
{
	int rc;
	db_bind_static(n->matched, 1, dialogue_id);
	rc = sqlite3_step(n->matched);
	sqlite3_reset(n->matched);
	sqlite3_clear_bindings(n->matched);
	if (rc == SQLITE_DONE)
		return 0;               /* no deal matched it: nothing to redo */
	if (rc != SQLITE_ROW)
		return error("database: %s", sqlite3_errmsg(db));
	db_bind_static(n->note, 1, dialogue_id);
	return db_step_done(db, n->note);
}

void deal_summary_noter_close(struct deal_summary_noter *n)
{
	sqlite3_finalize(n->matched);
	sqlite3_finalize(n->note);
	n->matched = n->note = NULL;
}

int64_t deal_summary_count(sqlite3 *db, const char *name)
{
	return get_count(db, name);
}

static int set_count(sqlite3 *db, const char *name, int64_t v)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE store_counts SET value = ?2 WHERE name = ?1");
	int rc;
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, v);
	rc = db_step_done(db, st);
	sqlite3_finalize(st);
	return rc;
}

/* The dialogues loaded since the watermark, counted; *n how many, *top
 * the new watermark. */
static int count_new_dialogues(sqlite3 *db, int64_t wm, int64_t *n, int64_t *top)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT count(*), coalesce(sum(has_contact = 0), 0),"
				      " coalesce(sum(started IS NULL), 0), coalesce(sum(version > 1), 0),"
				      " coalesce(max(rowid), ?1) FROM dialogues WHERE rowid > ?1");
	static const char *const names[] = { "dialogues", "dialogues_anonymous", "dialogues_no_start",
					     "dialogues_later_version" };
	sqlite3_stmt *add = db_prepare(db, "UPDATE store_counts SET value = value + ?2 WHERE name = ?1");
	int rc = -1;
	if (!st || !add)
		goto out;
	sqlite3_bind_int64(st, 1, wm);
	if (sqlite3_step(st) != SQLITE_ROW) {
		step_error(db);
		goto out;
	}
	*n = sqlite3_column_int64(st, 0);
	*top = sqlite3_column_int64(st, 4);
	for (int k = 0; k < 4; k++) {
		db_bind_text(add, 1, names[k]);
		sqlite3_bind_int64(add, 2, sqlite3_column_int64(st, k));
		if (db_step_done(db, add))
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(add);
	return rc;
}

/* The deals a changed dialogue or a merge may have rematched. */
static int mark_deals(sqlite3 *db, int64_t dialogues_wm, int64_t merges_wm)
{
	char sql[2048];
	snprintf(sql, sizeof(sql),
		"DROP TABLE IF EXISTS temp.ds_dialogue;"
		"CREATE TEMP TABLE ds_dialogue(id TEXT PRIMARY KEY) WITHOUT ROWID;"
		"INSERT OR IGNORE INTO temp.ds_dialogue SELECT id FROM dialogues WHERE rowid > %lld;"
		"INSERT OR IGNORE INTO temp.ds_dialogue SELECT id FROM summary_dirty WHERE kind = 'dialogue';"
		"INSERT OR IGNORE INTO summary_dirty(kind, id) SELECT 'deal', e.deal_id"
		" FROM temp.ds_dialogue x CROSS JOIN deal_events e WHERE e.dialogue_id = x.id;"
		"INSERT OR IGNORE INTO summary_dirty(kind, id) SELECT 'deal', s.deal_id"
		" FROM temp.ds_dialogue x CROSS JOIN deal_summary s WHERE s.dialogue = x.id;"
		"INSERT OR IGNORE INTO summary_dirty(kind, id) SELECT 'deal', j.value"
		" FROM temp.ds_dialogue x CROSS JOIN identifiers i CROSS JOIN identifiers j"
		" WHERE i.kind = 'dialogue' AND i.value = x.id AND j.customer_id = i.customer_id AND j.kind = 'deal';"
		"INSERT OR IGNORE INTO summary_dirty(kind, id) SELECT 'deal', j.value"
		" FROM merges m CROSS JOIN identifiers j"
		" WHERE m.id > %lld AND j.customer_id = m.kept AND j.kind = 'deal';"
		"DROP TABLE temp.ds_dialogue;",
		(long long)dialogues_wm, (long long)merges_wm);
	return db_exec(db, sql);
}

/* Up to a quarter of the deals (and always this many), deals are looked up
 * one by one; beyond, the whole table is rebuilt in one pass. */
#define SMALL 10000

int deal_summary_update(sqlite3 *db, struct deal_summary_stats *st)
{
	struct deal_summary_stats local;
	struct upd u;
	int64_t built, dwm, mwm, n_new = 0, top = 0, n_rows, n_dirty, n_changes, mtop;
	int rc = -1;
	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	if (db_begin(db))
		return -1;
	if (upd_prepare(&u, db))
		goto out;
	if ((built = get_count(db, "deal_summary_built")) < 0 || (dwm = get_count(db, "dialogues_rowid")) < 0 ||
	    (mwm = get_count(db, "merges_id")) < 0 || (n_rows = get_count(db, "deal_summary_rows")) < 0)
		goto out;
	if ((mtop = db_query_int(db, "SELECT coalesce(max(id), 0) FROM merges")) < 0 ||
	    count_new_dialogues(db, dwm, &n_new, &top))
		goto out;
	st->dialogues = (long)n_new;
	/* many changes (a first load, a large backfill): one ordered pass over
	 * everything costs less than looking each one up */
	if ((n_dirty = db_query_int(db, "SELECT count(*) FROM summary_dirty WHERE kind = 'dialogue'")) < 0 ||
	    (n_changes = db_query_int(db, "SELECT count(*) FROM deal_changes")) < 0)
		goto out;
	if (built && n_new + n_dirty + n_changes <= n_rows / 4 + SMALL) {
		if (db_exec(db, "INSERT OR IGNORE INTO summary_dirty(kind, id) SELECT 'deal', deal_id FROM deal_changes"))
			goto out;
		if (mark_deals(db, dwm, mwm))
			goto out;
		if ((n_dirty = db_query_int(db, "SELECT count(*) FROM summary_dirty WHERE kind = 'deal'")) < 0)
			goto out;
		if (n_dirty <= n_rows / 4 + SMALL) {
			long n;
			if (recompute_dirty(&u, &n))
				goto out;
			st->deals = n;
			n_rows += u.rows_delta;
			goto done;
		}
	}
	{
		long n;
		if (rebuild(&u, &n))
			goto out;
		st->deals = n;
		st->rebuilt = 1;
		n_rows = n;
	}
done:
	if (db_exec(db, "DELETE FROM summary_dirty; DELETE FROM deal_changes") || set_count(db, "deal_summary_built", 1) ||
	    set_count(db, "deal_summary_rows", n_rows) || set_count(db, "dialogues_rowid", top) ||
	    set_count(db, "merges_id", mtop))
		goto out;
	rc = 0;
out:
	upd_release(&u);
	if (rc || db_commit(db)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}
