/* dialogue.c — the in-memory dialogue and reading it back from SQLite. */
#include "compat.h"
#include "contenthash.h"
#include "dialogue.h"
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
	content_hash_hex(scratch->buf, n, d->content_hash);
}

void dialogue_legacy_hashes(const struct dialogue *d, char out[DIALOGUE_LEGACY_HASHES][33])
{
	struct strbuf sb = STRBUF_INIT;
	struct legacy_fingerprint fp;
	size_t n = serialize_into(d, &sb);
	legacy_hash128_hex(sb.buf, n, out[0]);
	legacy_fingerprint_init(&fp);
	legacy_fingerprint_add(&fp, sb.buf, n);
	legacy_fingerprint_hex(&fp, out[1]);
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
