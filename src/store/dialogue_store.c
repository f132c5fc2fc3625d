/* dialogue_store.c — reading dialogues back from the database: one by id,
 * or all of them (or those a condition picks) in id order (dialogue_store.h). */
#include "compat.h"
#include "dialogue_store.h"
#include "shortform.h"
#include "db.h"
#include "turnzip.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The header and the turn pack, from "dialogues d" + DIALOGUE_PACK_JOIN. */
#define DIALOGUE_COLS "d.id, d.source, d.channel, d.page, d.lang, d.started, d.ended," \
	" d.crm_id, d.email, d.phone, d.name, d.has_contact, d.content_hash, p.turns"
#define DIALOGUE_PACK_JOIN " LEFT JOIN turn_packs p ON p.id = d.turns_pack"

static char *col_dup(struct dialogue *d, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return dialogue_strdup(d, db_col_text(st, i));
}

static void read_header(sqlite3_stmt *st, struct dialogue *d)
{
	d->id = col_dup(d, st, 0);
	d->source = col_dup(d, st, 1);
	d->channel = col_dup(d, st, 2);
	d->page = col_dup(d, st, 3);
	d->lang = col_dup(d, st, 4);
	d->has_started = sqlite3_column_type(st, 5) != SQLITE_NULL;
	d->started = sqlite3_column_int64(st, 5);
	d->has_ended = sqlite3_column_type(st, 6) != SQLITE_NULL;
	d->ended = sqlite3_column_int64(st, 6);
	d->crm_id = col_dup(d, st, 7);
	d->email = col_dup(d, st, 8);
	d->phone = col_dup(d, st, 9);
	d->name = col_dup(d, st, 10);
	d->has_contact = sqlite3_column_int(st, 11);
	shortform_col_hash(st, 12, d->content_hash);
}

/* The turns, from the pack in column 13 (none when NULL): compressed
 * (BLOB) or JSON (TEXT), turnzip.h. */
static int read_turns(sqlite3_stmt *st, struct dialogue *d, struct turnzip *z)
{
	int blob = sqlite3_column_type(st, 13) == SQLITE_BLOB;
	const void *pack = blob ? sqlite3_column_blob(st, 13) : (const void *)sqlite3_column_text(st, 13);
	if (!pack)
		return 0;
	if (turnzip_decode(z, pack, (size_t)sqlite3_column_bytes(st, 13), blob, d))
		return error("database: the turns of dialogue '%s' are damaged", d->id ? d->id : "");
	return 0;
}

/* event columns: dialogue_id, seq, after_turn, type, at, target, item, attrs
 * (attrs in its short form: shortform.h) */
static void read_event(sqlite3_stmt *st, struct dialogue *d, struct strbuf *attrs)
{
	int has_at = sqlite3_column_type(st, 4) != SQLITE_NULL;
	int64_t at = sqlite3_column_int64(st, 4);
	const char *type = db_col_text(st, 3);
	const char *target = sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : db_col_text(st, 5);
	const char *item = sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL : db_col_text(st, 6);
	const char *stored = sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL : db_col_text(st, 7);
	struct event *e = dialogue_add_event(d, type, at, has_at, target, item,
					     shortform_attrs_text(type, at, has_at, target, item, stored,
								  attrs));
	e->after_turn = sqlite3_column_int(st, 2);
}

int dialogue_load(sqlite3 *db, const char *id, struct dialogue *d)
{
	sqlite3_stmt *h = NULL, *e = NULL;
	struct turnzip *z = turnzip_open(db);
	struct strbuf attrs = STRBUF_INIT;
	int ret = -1, rc;
	dialogue_clear(d);
	h = db_prepare(db, "SELECT " DIALOGUE_COLS " FROM dialogues d" DIALOGUE_PACK_JOIN
			   " WHERE d.id = ?");
	e = db_prepare(db, "SELECT dialogue_id, seq, after_turn, type, at, target, item, attrs"
			   " FROM events WHERE dialogue_id = ? ORDER BY seq");
	if (!h || !e)
		goto out;
	db_bind_text(h, 1, id);
	rc = sqlite3_step(h);
	if (rc == SQLITE_DONE) {
		ret = 0;
		goto out;
	}
	if (rc != SQLITE_ROW)
		goto dberr;
	read_header(h, d);
	if (read_turns(h, d, z))
		goto out;
	db_bind_text(e, 1, id);
	while ((rc = sqlite3_step(e)) == SQLITE_ROW)
		read_event(e, d, &attrs);
	if (rc != SQLITE_DONE)
		goto dberr;
	ret = 1;
	goto out;
dberr:
	error("database: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(h);
	sqlite3_finalize(e);
	turnzip_close(z);
	strbuf_release(&attrs);
	return ret;
}

struct dialogue_cursor {
	sqlite3 *db;
	sqlite3_stmt *head, *events;
	struct turnzip *z;
	struct strbuf attrs;     /* an event's attribute lines, read back */
	int event_rc;            /* last step result of the events query */
};

struct dialogue_cursor *dialogue_cursor_open(sqlite3 *db, const char *where)
{
	struct dialogue_cursor *c = xcalloc(1, sizeof(*c));
	struct strbuf sql = STRBUF_INIT;
	const char *w = where && *where ? where : "1";
	c->db = db;
	c->z = turnzip_open(db);
	strbuf_addf(&sql, "SELECT " DIALOGUE_COLS " FROM dialogues d" DIALOGUE_PACK_JOIN
		    " WHERE %s ORDER BY d.id", w);
	c->head = db_prepare(db, sql.buf);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "SELECT e.dialogue_id, e.seq, e.after_turn, e.type, e.at, e.target, e.item, e.attrs"
		    " FROM events e WHERE e.dialogue_id IN (SELECT d.id FROM dialogues d WHERE %s)"
		    " ORDER BY e.dialogue_id, e.seq", w);
	c->events = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	if (!c->head || !c->events) {
		dialogue_cursor_close(c);
		return NULL;
	}
	c->event_rc = sqlite3_step(c->events);
	return c;
}

int dialogue_cursor_next(struct dialogue_cursor *c, struct dialogue *d)
{
	int rc = sqlite3_step(c->head);
	dialogue_clear(d);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return error("database: %s", sqlite3_errmsg(c->db));
	read_header(c->head, d);
	if (read_turns(c->head, d, c->z))
		return -1;
	/* Event rows are in the same id order (same collation), so they are
	 * merged in: skip orphans that sort before, take those that match. */
	while (c->event_rc == SQLITE_ROW) {
		int cmp = strcmp(db_col_text(c->events, 0), d->id);
		if (cmp > 0)
			break;
		if (cmp == 0)
			read_event(c->events, d, &c->attrs);
		c->event_rc = sqlite3_step(c->events);
	}
	if (c->event_rc != SQLITE_ROW && c->event_rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	return 1;
}

void dialogue_cursor_close(struct dialogue_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->head);
	sqlite3_finalize(c->events);
	turnzip_close(c->z);
	strbuf_release(&c->attrs);
	free(c);
}
