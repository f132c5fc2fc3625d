/* dialogue_store.h — dialogues read back from the database (the value type
 * is dialogue.h; ingest writes them, turnpack.h is the turns' stored form).
 * The caller owns the handle and the struct dialogue it passes in. */
#ifndef LEADQA_DIALOGUE_STORE_H
#define LEADQA_DIALOGUE_STORE_H

#include <sqlite3.h>
#include "dialogue.h"

/* Loads dialogue `id` from the database into d (cleared first).
 * Returns 1 when found, 0 when absent, -1 on a database error. */
int dialogue_load(sqlite3 *db, const char *id, struct dialogue *d);

/* Streams dialogues in id order, turns and events included, with two
 * merged ordered queries (no per-dialogue query).  `where` is an optional SQL
 * condition on the dialogues table aliased `d` (e.g. "d.id IN (SELECT ...)"),
 * trusted text from the program, never from input. */
struct dialogue_cursor;
struct dialogue_cursor *dialogue_cursor_open(sqlite3 *db, const char *where);
/* 1 = a dialogue was read into d, 0 = no more, -1 = error. */
int dialogue_cursor_next(struct dialogue_cursor *c, struct dialogue *d);
void dialogue_cursor_close(struct dialogue_cursor *c);   /* accepts NULL */

#endif
