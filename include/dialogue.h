/* dialogue.h — one dialogue in memory: its contact, turns and events.
 *
 * The transcript reader fills a struct dialogue from XML; the ingest stage
 * stores it; every later stage (features, detectors, report) reads it back with
 * dialogue_load() or, for the whole night, a dialogue_cursor (dialogue_store.h).  A struct
 * dialogue owns all of its strings, kept in its own string blocks: set a
 * field with dialogue_strdup(), never with malloc.  dialogue_clear() lets
 * them go and leaves the struct ready for reuse (arrays and one string block
 * keep their capacity). */
#ifndef LEADQA_DIALOGUE_H
#define LEADQA_DIALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum speaker { SPEAKER_CLIENT, SPEAKER_BOT, SPEAKER_OPERATOR, SPEAKER_OTHER };

struct turn {
	int n;                  /* 1-based position among the dialogue's turns */
	enum speaker speaker;
	const char *speaker_name; /* as written (kept for unknown speakers) */
	char *agent;            /* NULL when absent */
	int64_t at;
	int has_at;
	char *text;
};

struct event {
	int after_turn;         /* turns before it: 0 = before the first turn */
	char *type;             /* handoff, download, form, call, close, ... */
	int64_t at;
	int has_at;
	char *target;           /* @to */
	char *item;             /* @item */
	char *attrs;            /* every attribute as "name=value\n" lines */
};

struct dialogue {
	char *id;
	char *source, *channel, *page, *lang;
	int64_t started, ended;
	int has_started, has_ended;
	/* contact as written in the transcript (not normalised); NULL = absent */
	char *crm_id, *email, *phone, *name;
	int has_contact;        /* a <contact> with at least one identifier */
	struct turn *turns;
	size_t n_turns, alloc_turns;
	struct event *events;
	size_t n_events, alloc_events;
	char content_hash[33];  /* filled by dialogue_compute_hash() */
	long line;              /* line of <dialogue> in its file (0 = unknown) */
	struct dialogue_strings *strings;  /* where its strings live */
};

void dialogue_init(struct dialogue *d);
/* Frees every string; keeps the arrays' capacity for the next dialogue. */
void dialogue_clear(struct dialogue *d);
/* Frees everything, arrays included. */
void dialogue_release(struct dialogue *d);

/* A copy of s (NULL for NULL) that d owns until it is cleared. */
char *dialogue_strdup(struct dialogue *d, const char *s);
/* Appends a turn / event; strings are copied; returns the new element. */
struct turn *dialogue_add_turn(struct dialogue *d, enum speaker sp, const char *speaker_name,
			       const char *agent, int64_t at, int has_at, const char *text);
struct event *dialogue_add_event(struct dialogue *d, const char *type, int64_t at, int has_at,
				 const char *target, const char *item, const char *attrs);

enum speaker speaker_from_name(const char *s);
const char *speaker_name(enum speaker sp);

/* Content fingerprint over everything that matters (attributes, contact,
 * turns, events), so that a re-export with a change is seen as one.
 * scratch: a buffer the caller keeps from one dialogue to the next. */
void dialogue_compute_hash(struct dialogue *d, struct strbuf *scratch);
/* The same content hashed as databases of schema version 3 and before
 * stored it: [0] the 8-byte multiply-xorshift hash, [1] the older
 * byte-at-a-time FNV-style one.  A dialogue stored then is recognised as
 * unchanged when one of them matches (contenthash.h). */
#define DIALOGUE_LEGACY_HASHES 2
void dialogue_legacy_hashes(const struct dialogue *d, char out[DIALOGUE_LEGACY_HASHES][33]);

/* Has a handoff event; *after_turn gets the first one's position. */
int dialogue_first_handoff(const struct dialogue *d, int *after_turn);

#endif
