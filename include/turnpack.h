/* turnpack.h — a dialogue's turns stored as one value: a JSON array with one
 * [speaker, agent, at, text] array per turn, in turn order, e.g.
 *
 *   [["client",null,1790812800,"Не проходит оплата"],["bot","Ava",1790812805,"..."]]
 *
 * One row per dialogue instead of one per turn: ingesting a million dialogues
 * writes a million rows, not ten million, and reading one back is one
 * lookup.  JSON rather than a private binary form so that SQLite's own JSON
 * functions can still see the turns: the `turns` view of the database
 * (db.c) unpacks them with json_each() for anyone with the sqlite3 shell.
 * A turn's number is its position (1-based); agent and at may be null. */
#ifndef LEADQA_TURNPACK_H
#define LEADQA_TURNPACK_H

#include "dialogue.h"
#include "util.h"

/* Appends the JSON array of d's turns to out (not reset first). */
void turnpack_encode(const struct dialogue *d, struct strbuf *out);

/* Appends the turns packed in json[0..len) to d (n = position).
 * 0, or -1 when the text is not a turn pack (nothing is printed; d may hold
 * the turns before the damage). */
int turnpack_decode(const char *json, size_t len, struct dialogue *d);

/* The same turns in the compact binary form that compressed packs hold
 * (turnzip.h), appended to out.  Per dialogue: a varint turn count; per
 * turn a flag byte (bits 0-1: client, bot, operator, or 3 = a speaker name
 * follows; bit 2: an agent follows; bit 3: a time follows), then the named strings, each NUL-terminated, the time as a
 * zig-zag varint of its difference to the previous turn's time, and the
 * text, NUL-terminated.  No escapes to undo and no digits to parse:
 * reading it back is a walk over the bytes (cheaper than the JSON form, so
 * that a pack stays cheaper to read although it must be decompressed
 * first), and the times' small differences compress better than epochs. */
void turnpack_encode_bin(const struct dialogue *d, struct strbuf *out);

/* Appends the turns of a binary pack bin[0..len) to d; 0, or -1 when it
 * is no such pack (nothing printed). */
int turnpack_decode_bin(const char *bin, size_t len, struct dialogue *d);

/* The first non-empty agent of a bot turn (the bot's name), or NULL. */
const char *turnpack_bot_agent(const struct dialogue *d);

#endif
