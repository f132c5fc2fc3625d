/* retention.c — dropping what the database need not keep (retention.h). */
#include "compat.h"
#include "retention.h"
#include "db.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

static int64_t meta_int(sqlite3 *db, const char *key, int64_t dflt)
{
	char *v = db_meta_get(db, key);
	int64_t n = v ? strtoll(v, NULL, 10) : dflt;
	free(v);
	return n;
}

static int meta_put_int(sqlite3 *db, const char *key, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	return db_meta_set(db, key, buf);
}

/* Runs sql (no parameters); *changed gets the rows it changed. */
static int exec_count(sqlite3 *db, const char *sql, int64_t *changed)
{
	if (db_exec(db, sql))
		return -1;
	if (changed)
		*changed += sqlite3_changes(db);
	return 0;
}

/* temp.ret_ids: the dialogues `pick` selects (id, turns_pack) among those
 * started in [from, to); their number into *n. */
static int pick_ids(sqlite3 *db, const char *pick, int64_t from, int64_t to, int64_t *n)
{
	char sql[512];
	sqlite3_stmt *st;
	if (db_exec(db, "DROP TABLE IF EXISTS temp.ret_ids;"
		    "CREATE TEMP TABLE ret_ids(id TEXT PRIMARY KEY, pack INTEGER) WITHOUT ROWID"))
		return -1;
	snprintf(sql, sizeof(sql), "INSERT INTO temp.ret_ids SELECT d.id, d.turns_pack FROM dialogues d"
		 " WHERE d.started >= ?1 AND d.started < ?2%s", pick);
	if (!(st = db_prepare(db, sql)))
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (db_step_done(db, st)) {
		sqlite3_finalize(st);
		return -1;
	}
	*n += sqlite3_changes(db);
	sqlite3_finalize(st);
	return 0;
}

/* Turns and events of the scored dialogues started in [from, to). */
static int drop_text(sqlite3 *db, int64_t from, int64_t to, struct retention_counts *c)
{
	return pick_ids(db, " AND d.turns_pack IS NOT NULL AND EXISTS (SELECT 1 FROM scores s"
			" WHERE s.dialogue_id = d.id AND (s.content_hash = d.content_hash"
			" OR s.content_hash = hash_blob(d.content_hash)))",
			from, to, &c->text_dialogues) ||
	       exec_count(db, "DELETE FROM events WHERE dialogue_id IN (SELECT id FROM temp.ret_ids)",
			  &c->events) ||
	       exec_count(db, "DELETE FROM turn_packs WHERE id IN (SELECT pack FROM temp.ret_ids)", NULL) ||
	       /* the score keeps matching its dialogue: scored, nothing to redo */
	       exec_count(db, "UPDATE scores SET content_hash = '" RETENTION_DROPPED "'"
			  " WHERE dialogue_id IN (SELECT id FROM temp.ret_ids)", NULL) ||
	       exec_count(db, "UPDATE dialogues SET turns_pack = NULL, content_hash = '" RETENTION_DROPPED "'"
			  " WHERE id IN (SELECT id FROM temp.ret_ids)", NULL) ? -1 : 0;
}

/* Everything of the dialogues started in [from, to) but labels and figures. */
static int drop_whole(sqlite3 *db, int64_t from, int64_t to, struct retention_counts *c)
{
	return pick_ids(db, "", from, to, &c->dialogues) ||
	       exec_count(db, "DELETE FROM findings WHERE dialogue_id IN (SELECT id FROM temp.ret_ids)",
			  &c->findings) ||
	       exec_count(db, "DELETE FROM scores WHERE dialogue_id IN (SELECT id FROM temp.ret_ids)", NULL) ||
	       exec_count(db, "DELETE FROM events WHERE dialogue_id IN (SELECT id FROM temp.ret_ids)",
			  &c->events) ||
	       exec_count(db, "DELETE FROM turn_packs WHERE id IN (SELECT pack FROM temp.ret_ids)", NULL) ||
	       exec_count(db, "DELETE FROM dialogues WHERE id IN (SELECT id FROM temp.ret_ids)", NULL)
	       ? -1 : 0;
}

#define RECHECK_KEY "retention_recheck_from"

int retention_note_loaded(sqlite3 *db, int64_t oldest_started)
{
	if (oldest_started >= meta_int(db, RECHECK_KEY, INT64_MAX))
		return 0;
	return meta_put_int(db, RECHECK_KEY, oldest_started);
}

/* One limit: what started before now - days and after the previous run's
 * limit (meta `key`), or after the oldest start loaded since, goes by
 * `drop`. */
static int apply_limit(sqlite3 *db, int64_t now, long days, const char *key,
		       int (*drop)(sqlite3 *, int64_t, int64_t, struct retention_counts *),
		       struct retention_counts *c)
{
	int64_t to, from, recheck;
	if (days <= 0)
		return 0;
	to = now - (int64_t)days * DAY;
	from = meta_int(db, key, INT64_MIN);
	recheck = meta_int(db, RECHECK_KEY, INT64_MAX);
	if (recheck < from)
		from = recheck;
	if (to <= from)
		return 0;
	return drop(db, from, to, c) || meta_put_int(db, key, to) ? -1 : 0;
}

static void counts_text(const struct retention_counts *c, int64_t at, char *out, size_t outsz)
{
	snprintf(out, outsz, "%" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64,
		 at, c->text_dialogues, c->events, c->dialogues, c->findings, c->pages_freed);
}

static int counts_parse(const char *s, int64_t *at, struct retention_counts *c)
{
	long long v[6];
	if (!s || sscanf(s, "%lld %lld %lld %lld %lld %lld", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
		return -1;
	*at = v[0];
	c->text_dialogues = v[1];
	c->events = v[2];
	c->dialogues = v[3];
	c->findings = v[4];
	c->pages_freed = v[5];
	return 0;
}

int retention_apply(sqlite3 *db, int64_t now, long text_days, long scores_days,
		    struct retention_counts *out)
{
	struct retention_counts c, total;
	char buf[160], *old;
	int64_t free_before, at;
	memset(&c, 0, sizeof(c));
	memset(out, 0, sizeof(*out));
	if (text_days <= 0 && scores_days <= 0)
		return 0;
	if (db_begin(db))
		return -1;
	/* whole dialogues first: their turns are not counted twice */
	if (apply_limit(db, now, scores_days, "retention_scores_before", drop_whole, &c) ||
	    apply_limit(db, now, text_days, "retention_text_before", drop_text, &c) ||
	    db_exec(db, "DROP TABLE IF EXISTS temp.ret_ids;"
		    " DELETE FROM meta WHERE key = '" RECHECK_KEY "'") || db_commit(db)) {
		db_rollback(db);
		return error("retention: nothing was dropped");
	}
	/* the freed pages back to the file system: only a file with
	 * incremental vacuum can (every file since schema version 5) */
	free_before = db_query_int(db, "PRAGMA freelist_count");
	if (free_before > 0 && db_query_int(db, "PRAGMA auto_vacuum") == 2) {
		if (db_exec(db, "PRAGMA incremental_vacuum"))
			return -1;
		c.pages_freed = free_before - db_query_int(db, "PRAGMA freelist_count");
	}
	memset(&total, 0, sizeof(total));
	old = db_meta_get(db, "retention_totals");
	if (old && counts_parse(old, &at, &total))
		memset(&total, 0, sizeof(total));
	free(old);
	total.text_dialogues += c.text_dialogues;
	total.events += c.events;
	total.dialogues += c.dialogues;
	total.findings += c.findings;
	total.pages_freed += c.pages_freed;
	if (db_begin(db))
		return -1;
	counts_text(&c, now, buf, sizeof(buf));
	if (db_meta_set(db, "retention_last", buf))
		goto fail;
	counts_text(&total, now, buf, sizeof(buf));
	if (db_meta_set(db, "retention_totals", buf) || db_commit(db))
		goto fail;
	*out = c;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int retention_read(sqlite3 *db, int64_t *at, struct retention_counts *last,
		   struct retention_counts *total)
{
	char *l = db_meta_get(db, "retention_last"), *t = db_meta_get(db, "retention_totals");
	int64_t t_at;
	int rc = 0;
	if (l && t)
		rc = counts_parse(l, at, last) || counts_parse(t, &t_at, total) ? -1 : 1;
	free(l);
	free(t);
	return rc;
}
