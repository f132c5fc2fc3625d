/* turnzip.h — a dialogue's turns as the database keeps them: the binary
 * form of turnpack.h compressed with zstd and a dictionary trained from the
 * database's own packs.
 *
 * A pack of a few hundred bytes gains little from compression on its own;
 * against a dictionary of what packs usually say (the bot's phrases, the
 * speakers, the shape of the form) it shrinks several times.  The
 * dictionaries live in the table pack_dicts, keyed by the id zstd writes
 * into each frame's header, so every pack names the dictionary it needs:
 * a new dictionary (trained when the newest one has grown old) is used for
 * new packs only, and the old packs keep reading with theirs.
 *
 * turn_packs.turns holds either a BLOB (such a frame) or TEXT (the JSON of
 * turnpack.h: packs written before the database had a dictionary, or by
 * SQL through the `turns` view).  Readers take both.
 *
 * A struct turnzip belongs to one connection and one thread. */
#ifndef LEADQA_TURNZIP_H
#define LEADQA_TURNZIP_H

#include <sqlite3.h>
#include <stdint.h>
#include "dialogue.h"
#include "util.h"

/* The first dictionary is trained once this many packs exist (fewer make a
 * poor one, and ZDICT refuses too few samples); until then packs are JSON. */
#define TURNZIP_MIN_PACKS 2000
/* A dictionary is replaced after this many days (what chats say drifts). */
#define TURNZIP_MAX_AGE_DAYS 30

struct turnzip;

/* Bound to db; reads nothing until needed.  turnzip_close accepts NULL. */
struct turnzip *turnzip_open(sqlite3 *db);
void turnzip_close(struct turnzip *z);

/* The stored form of d's turns into out (reset first): a compressed frame
 * with the current dictionary (*blob = 1), or JSON while the database has
 * none (*blob = 0).  0, or -1 after a message. */
int turnzip_encode(struct turnzip *z, const struct dialogue *d, struct strbuf *out, int *blob);

/* Appends the turns of a stored pack to d: a frame (blob) or JSON.
 * 0, or -1 when it is damaged or names a dictionary the database lacks
 * (nothing printed: the caller names the dialogue). */
int turnzip_decode(struct turnzip *z, const void *data, size_t len, int blob, struct dialogue *d);

/* How many packs the database must hold for a new dictionary to be due in
 * a run at `now`: 0 = due now (the current one has grown old), INT64_MAX =
 * not in this run (or an error, already reported). */
int64_t turnzip_due_at(struct turnzip *z, int64_t now);

/* Trains a dictionary from the newest packs and makes it the one new packs
 * get; when it is the database's first, the packs stored as JSON are
 * compressed with it.  1 = trained, 0 = the packs make no useful dictionary
 * (noted, so that it is tried again only at twice as many), -1 = error.
 * Inside the caller's transaction. */
int turnzip_train(struct turnzip *z, int64_t now);

/* Registers the SQL function turnpack_json(pack) on db (a stored pack as
 * the JSON of turnpack.h) and the temporary `turns` view that reads every
 * pack through it, over the schema's own, which reads JSON packs only (the
 * sqlite3 shell lacks the function).  The schema must exist. */
int turnzip_register_sql(sqlite3 *db);

#endif
