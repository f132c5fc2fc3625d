/* shortform.h — the short stored forms of two texts that mostly repeat
 * columns beside them: a dialogue's start time as written
 * (dialogues.started_text) and an event's attribute lines (events.attrs).
 *
 * A time written "2026-07-27T01:03:07+05:00" says nothing the epoch beside
 * it does not, except its zone: it is kept as "+05:00" (or "Z") when the
 * epoch written in that zone gives back exactly the same text, else whole.
 * An event's "type=handoff\nat=...\nto=op-23\n" repeats the type, time and
 * target columns: a line whose value a column gives back is kept as its
 * name alone ("type", "to", "item"; "at" followed by the zone).  A real
 * attribute line always holds '=' (the reader writes "name=value"), so a
 * line without one is always a short one.  Both forms are checked at
 * write time: the expansion of what is stored equals the original byte for
 * byte, or the original is stored.  Readers expand (dialogue_store.c);
 * leadqa's connections have the SQL functions time_text(epoch, stored) and
 * event_attrs(type, at, target, item, attrs) for SQL that wants the text. */
#ifndef LEADQA_SHORTFORM_H
#define LEADQA_SHORTFORM_H

#include <sqlite3.h>
#include <stdint.h>
#include "util.h"

/* What to store for a time text written for epoch: its zone ("Z", "+05:00")
 * in out when it gives the text back, else text itself. */
const char *shortform_time(int64_t epoch, const char *text, char out[8]);

/* The time text of a stored form (out is reset first): stored itself
 * unless it is a zone and there is an epoch. */
const char *shortform_time_text(int64_t epoch, int has_epoch, const char *stored,
				struct strbuf *out);

/* What to store for an event's attribute lines (NULL stays NULL): the
 * short form in out, or attrs itself when that is not shorter or would not
 * give them back. */
const char *shortform_attrs(const char *type, int64_t at, int has_at, const char *target,
			    const char *item, const char *attrs, struct strbuf *out);

/* The attribute lines of a stored form (out is reset first; NULL stays
 * NULL). */
const char *shortform_attrs_text(const char *type, int64_t at, int has_at, const char *target,
				 const char *item, const char *stored, struct strbuf *out);

/* A content hash (contenthash.h: 32 lowercase hex digits) is kept as its
 * 16 bytes (a BLOB); any other value (a test's 'h1', retention's mark) as
 * the text it is.  Bound with shortform_bind_hash(), read back as the hex
 * digits with shortform_col_hash(); SQL compares the stored values as they
 * are, and every writer stores a hash the same way. */
int shortform_bind_hash(sqlite3_stmt *st, int i, const char *hash);
void shortform_col_hash(sqlite3_stmt *st, int i, char out[33]);

/* time_text(epoch, stored), event_attrs(type, at, target, item, stored) and
 * their inverses short_time(epoch, text), short_attrs(type, at, target,
 * item, attrs) (the schema's upgrade uses them), and hash_text(stored) and
 * hash_blob(text) for content hashes, on db. */
int shortform_register_sql(sqlite3 *db);

#endif
