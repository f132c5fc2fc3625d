/* dialogue.c — the in-memory dialogue and reading it back from SQLite. */
#include "dialogue.h"
#include "db.h"
#include "turnpack.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dialogue_init(struct dialogue *d)
{
	memset(d, 0, sizeof(*d));
}

/* A dialogue's strings are bump-allocated from blocks it owns: one copy per
 * string and no free, where a malloc and a free per string were a tenth of
 * the reading thread's time at ingest.  Newest block first. */
struct dialogue_strings {
	struct dialogue_strings *next;
	size_t size, used;
	char data[];
};

/* Holds a usual dialogue (1-3 KB of text) many times over. */
#define STRING_BLOCK 16384

static char *put_string(struct dialogue *d, const char *s, size_t n)
{
	struct dialogue_strings *b = d->strings;
	char *p;
	if (!b || b->size - b->used < n + 1) {
		size_t size = n + 1 > STRING_BLOCK ? n + 1 : STRING_BLOCK;
		struct dialogue_strings *nb = xmalloc(sizeof(*nb) + size);
		nb->size = size;
		nb->used = 0;
		nb->next = b;
		d->strings = b = nb;
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

char *dialogue_strdup(struct dialogue *d, const char *s)
{
	return s ? put_string(d, s, strlen(s)) : NULL;
}

/* Frees the blocks but one of the usual size (kept, emptied, for the next
 * dialogue), so that one huge turn does not stay in memory. */
static struct dialogue_strings *keep_one_block(struct dialogue_strings *b)
{
	struct dialogue_strings *kept = NULL;
	while (b) {
		struct dialogue_strings *next = b->next;
		if (!kept && b->size == STRING_BLOCK) {
			kept = b;
			kept->next = NULL;
			kept->used = 0;
		} else {
			free(b);
		}
		b = next;
	}
	return kept;
}

void dialogue_clear(struct dialogue *d)
{
	struct turn *turns = d->turns;
	struct event *events = d->events;
	size_t at = d->alloc_turns, ae = d->alloc_events;
	struct dialogue_strings *strings = keep_one_block(d->strings);
	memset(d, 0, sizeof(*d));
	d->turns = turns;
	d->alloc_turns = at;
	d->events = events;
	d->alloc_events = ae;
	d->strings = strings;
}

void dialogue_release(struct dialogue *d)
{
	free(keep_one_block(d->strings));
	free(d->turns);
	free(d->events);
	memset(d, 0, sizeof(*d));
}

struct turn *dialogue_add_turn(struct dialogue *d, enum speaker sp, const char *speaker_name_,
			       const char *agent, int64_t at, int has_at, const char *text)
{
	struct turn *t;
	ALLOC_GROW(d->turns, d->n_turns, d->alloc_turns);
	t = &d->turns[d->n_turns++];
	t->n = (int)d->n_turns;
	t->speaker = sp;
	/* a known speaker's name is the canonical one: no copy per turn */
	t->speaker_name = sp == SPEAKER_OTHER && speaker_name_ ? dialogue_strdup(d, speaker_name_) :
			  speaker_name(sp);
	t->agent = dialogue_strdup(d, agent);
	t->at = at;
	t->has_at = has_at;
	t->text = dialogue_strdup(d, text ? text : "");
	return t;
}

struct event *dialogue_add_event(struct dialogue *d, const char *type, int64_t at, int has_at,
				 const char *target, const char *item, const char *attrs)
{
	struct event *e;
	ALLOC_GROW(d->events, d->n_events, d->alloc_events);
	e = &d->events[d->n_events++];
	e->after_turn = (int)d->n_turns;
	e->type = dialogue_strdup(d, type ? type : "");
	e->at = at;
	e->has_at = has_at;
	e->target = dialogue_strdup(d, target);
	e->item = dialogue_strdup(d, item);
	e->attrs = dialogue_strdup(d, attrs);
	return e;
}

enum speaker speaker_from_name(const char *s)
{
	if (!s)
		return SPEAKER_OTHER;
	if (!strcmp(s, "client"))
		return SPEAKER_CLIENT;
	if (!strcmp(s, "bot"))
		return SPEAKER_BOT;
	if (!strcmp(s, "operator"))
		return SPEAKER_OPERATOR;
	return SPEAKER_OTHER;
}

const char *speaker_name(enum speaker sp)
{
	switch (sp) {
	case SPEAKER_CLIENT: return "client";
	case SPEAKER_BOT: return "bot";
	case SPEAKER_OPERATOR: return "operator";
	default: return "other";
	}
}

/* The bytes a dialogue's content hash is taken over: every field in a fixed
 * order, strings ended by a separator that cannot occur in XML text, numbers
 * as fixed-width little-endian bytes.  Walked twice: once to count them, once
 * to copy them into a buffer sized once (appending field by field with
 * growth checks cost more than the hash itself). */
struct ser {
	unsigned char *out;     /* NULL: only count */
	size_t len;
};

static void ser_bytes(struct ser *o, const void *p, size_t n)
{
	if (o->out)
		memcpy(o->out + o->len, p, n);
	o->len += n;
}

static void ser_str(struct ser *o, const char *s)
{
	static const char absent_end[2] = { '\x1e', '\x1f' };
	if (s) {
		ser_bytes(o, s, strlen(s));
		ser_bytes(o, absent_end + 1, 1);
	} else {
		ser_bytes(o, absent_end, 2);
	}
}

static void ser_int(struct ser *o, int64_t v, int present)
{
	unsigned char buf[9];
	uint64_t u = (uint64_t)v;
	for (int i = 0; i < 8; i++)
		buf[i] = (unsigned char)(u >> (8 * i));
	buf[8] = present ? 1 : 0;
	ser_bytes(o, buf, sizeof(buf));
}

static void serialize(const struct dialogue *d, struct ser *o)
{
	ser_str(o, d->id);
	ser_str(o, d->source);
	ser_str(o, d->channel);
	ser_str(o, d->page);
	ser_str(o, d->lang);
	ser_int(o, d->started, d->has_started);
	ser_int(o, d->ended, d->has_ended);
	ser_str(o, d->crm_id);
	ser_str(o, d->email);
	ser_str(o, d->phone);
	ser_str(o, d->name);
	for (size_t i = 0; i < d->n_turns; i++) {
		const struct turn *t = &d->turns[i];
		ser_str(o, "T");
		ser_str(o, t->speaker_name);
		ser_str(o, t->agent);
		ser_int(o, t->at, t->has_at);
		ser_str(o, t->text);
	}
	for (size_t i = 0; i < d->n_events; i++) {
		const struct event *e = &d->events[i];
		ser_str(o, "E");
		ser_int(o, e->after_turn, 1);
		ser_str(o, e->type);
		ser_int(o, e->at, e->has_at);
		ser_str(o, e->target);
		ser_str(o, e->item);
		ser_str(o, e->attrs);
	}
}

/* The serialised bytes in sb (reset first); returns their length. */
static size_t serialize_into(const struct dialogue *d, struct strbuf *sb)
{
	struct ser count = { NULL, 0 }, copy = { NULL, 0 };
	serialize(d, &count);
	strbuf_reset(sb);
	sb->max = 0;            /* a scratch buffer: never capped */
	strbuf_reserve(sb, count.len);
	copy.out = (unsigned char *)sb->buf;
	serialize(d, &copy);
	sb->len = copy.len;
	sb->buf[sb->len] = '\0';
	return sb->len;
}

void dialogue_compute_hash(struct dialogue *d, struct strbuf *scratch)
{
	size_t n = serialize_into(d, scratch);
	hash128_hex(scratch->buf, n, d->content_hash);
}

void dialogue_legacy_hash(const struct dialogue *d, char out[33])
{
	struct strbuf sb = STRBUF_INIT;
	struct fingerprint fp;
	size_t n = serialize_into(d, &sb);
	fingerprint_init(&fp);
	fingerprint_add(&fp, sb.buf, n);
	fingerprint_hex(&fp, out);
	strbuf_release(&sb);
}

int dialogue_first_handoff(const struct dialogue *d, int *after_turn)
{
	for (size_t i = 0; i < d->n_events; i++) {
		if (!strcmp(d->events[i].type, "handoff")) {
			if (after_turn)
				*after_turn = d->events[i].after_turn;
			return 1;
		}
	}
	return 0;
}

/* ---- reading back ---- */

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
	copy_fit(d->content_hash, sizeof(d->content_hash), db_col_text(st, 12));
}

/* The turns, from the pack in column 13 (none when NULL). */
static int read_turns(sqlite3_stmt *st, struct dialogue *d)
{
	const char *json = (const char *)sqlite3_column_text(st, 13);
	if (!json)
		return 0;
	if (turnpack_decode(json, (size_t)sqlite3_column_bytes(st, 13), d))
		return error("database: the turns of dialogue '%s' are damaged", d->id ? d->id : "");
	return 0;
}

/* event columns: dialogue_id, seq, after_turn, type, at, target, item, attrs */
static void read_event(sqlite3_stmt *st, struct dialogue *d)
{
	struct event *e = dialogue_add_event(d, db_col_text(st, 3), sqlite3_column_int64(st, 4),
					     sqlite3_column_type(st, 4) != SQLITE_NULL,
					     sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : db_col_text(st, 5),
					     sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL : db_col_text(st, 6),
					     sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL : db_col_text(st, 7));
	e->after_turn = sqlite3_column_int(st, 2);
}

int dialogue_load(sqlite3 *db, const char *id, struct dialogue *d)
{
	sqlite3_stmt *h = NULL, *e = NULL;
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
	if (read_turns(h, d))
		goto out;
	db_bind_text(e, 1, id);
	while ((rc = sqlite3_step(e)) == SQLITE_ROW)
		read_event(e, d);
	if (rc != SQLITE_DONE)
		goto dberr;
	ret = 1;
	goto out;
dberr:
	error("database: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(h);
	sqlite3_finalize(e);
	return ret;
}

struct dialogue_cursor {
	sqlite3 *db;
	sqlite3_stmt *head, *events;
	int event_rc;            /* last step result of the events query */
};

struct dialogue_cursor *dialogue_cursor_open(sqlite3 *db, const char *where)
{
	struct dialogue_cursor *c = xcalloc(1, sizeof(*c));
	struct strbuf sql = STRBUF_INIT;
	const char *w = where && *where ? where : "1";
	c->db = db;
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
	if (read_turns(c->head, d))
		return -1;
	/* Event rows are in the same id order (same collation), so they are
	 * merged in: skip orphans that sort before, take those that match. */
	while (c->event_rc == SQLITE_ROW) {
		int cmp = strcmp(db_col_text(c->events, 0), d->id);
		if (cmp > 0)
			break;
		if (cmp == 0)
			read_event(c->events, d);
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
	free(c);
}
