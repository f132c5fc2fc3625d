/* turnpack.c — a dialogue's turns as one JSON array (see turnpack.h). */
#include "compat.h"
#include "turnpack.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ---- encoding ---- */

/* ",AT," in decimal, without printf's cost on every turn */
static void add_time(struct strbuf *out, int64_t at)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t u = at < 0 ? (uint64_t)0 - (uint64_t)at : (uint64_t)at;
	*--p = ',';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (at < 0)
		*--p = '-';
	*--p = ',';
	strbuf_add(out, p, (size_t)(buf + sizeof(buf) - p));
}

/* The known speakers' names as JSON, by enum speaker: nothing to escape. */
static const struct {
	const char *text;
	size_t len;
} quoted_speaker[] = {
	[SPEAKER_CLIENT] = { "\"client\"", 8 },
	[SPEAKER_BOT] = { "\"bot\"", 5 },
	[SPEAKER_OPERATOR] = { "\"operator\"", 10 },
};

void turnpack_encode(const struct dialogue *d, struct strbuf *out)
{
	strbuf_addch(out, '[');
	for (size_t i = 0; i < d->n_turns; i++) {
		const struct turn *t = &d->turns[i];
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '[');
		if (t->speaker != SPEAKER_OTHER &&
		    (!t->speaker_name || t->speaker_name == speaker_name(t->speaker)))
			strbuf_add(out, quoted_speaker[t->speaker].text, quoted_speaker[t->speaker].len);
		else
			strbuf_add_json_string(out, t->speaker_name ? t->speaker_name : speaker_name(t->speaker));
		strbuf_addch(out, ',');
		if (t->agent)
			strbuf_add_json_string(out, t->agent);
		else
			strbuf_add(out, "null", 4);
		if (t->has_at)
			add_time(out, t->at);
		else
			strbuf_add(out, ",null,", 6);
		strbuf_add_json_string(out, t->text ? t->text : "");
		strbuf_addch(out, ']');
	}
	strbuf_addch(out, ']');
}

const char *turnpack_bot_agent(const struct dialogue *d)
{
	for (size_t i = 0; i < d->n_turns; i++)
		if (d->turns[i].speaker == SPEAKER_BOT && d->turns[i].agent && *d->turns[i].agent)
			return d->turns[i].agent;
	return NULL;
}

/* ---- decoding ----
 *
 * Packs are written by turnpack_encode() or by SQLite's json functions (the
 * view's INSTEAD OF trigger, old databases brought up to date), so the
 * reader takes any JSON of the right shape: whitespace anywhere, every
 * string escape.  It trusts nothing: every step checks the end. */

struct jin {
	const char *p, *end;
};

static void skip_ws(struct jin *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* Consumes c (after blanks); 0 or -1. */
static int expect(struct jin *j, char c)
{
	skip_ws(j);
	if (j->p >= j->end || *j->p != c)
		return -1;
	j->p++;
	return 0;
}

static int take_null(struct jin *j)
{
	skip_ws(j);
	if (j->end - j->p >= 4 && !memcmp(j->p, "null", 4)) {
		j->p += 4;
		return 1;
	}
	return 0;
}

static int hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static void add_utf8(struct strbuf *sb, unsigned cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	strbuf_add(sb, b, n);
}

/* \uXXXX at p (after the backslash and 'u'), a surrogate pair included;
 * returns the characters consumed after "\u", or -1. */
static int unicode_escape(const char *p, const char *end, struct strbuf *out)
{
	unsigned hi, lo;
	if (end - p < 4 || hex4(p, &hi))
		return -1;
	if (hi >= 0xd800 && hi < 0xdc00) {
		if (end - p < 10 || p[4] != '\\' || p[5] != 'u' || hex4(p + 6, &lo) ||
		    lo < 0xdc00 || lo >= 0xe000)
			return -1;
		add_utf8(out, 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00));
		return 10;
	}
	if (hi >= 0xdc00 && hi < 0xe000)
		return -1;
	add_utf8(out, hi);
	return 4;
}

#define BYTES_OF(b) (0x0101010101010101ULL * (b))

/* Whether any of the 8 bytes of v is below n (n <= 0x80); no byte is
 * ever missed, which is all plain_run() needs. */
static int has_byte_below(uint64_t v, unsigned n)
{
	return ((v - BYTES_OF(n)) & ~v & BYTES_OF(0x80)) != 0;
}

/* The end of the run of bytes from p on that a JSON string takes as they
 * are: up to a '"', a '\\' or a control character, or to end.  The turn
 * texts are most of a pack: they are scanned 8 bytes a step, and the step
 * that holds such a byte again a byte at a time. */
static const char *plain_run(const char *p, const char *end)
{
	while (end - p >= 8) {
		uint64_t v;
		memcpy(&v, p, sizeof(v));
		if (has_byte_below(v ^ BYTES_OF('"'), 1) || has_byte_below(v ^ BYTES_OF('\\'), 1) ||
		    has_byte_below(v, 0x20))
			break;
		p += 8;
	}
	while (p < end && (unsigned char)*p >= 0x20 && *p != '"' && *p != '\\')
		p++;
	return p;
}

/* A JSON string into out (reset first). */
static int take_string(struct jin *j, struct strbuf *out)
{
	const char *run;
	strbuf_reset(out);
	if (expect(j, '"'))
		return -1;
	run = j->p;
	while ((j->p = plain_run(j->p, j->end)) < j->end) {
		char c = *j->p;
		if (c == '"') {
			strbuf_add(out, run, (size_t)(j->p - run));
			j->p++;
			return 0;
		}
		if ((unsigned char)c < 0x20)
			return -1;
		strbuf_add(out, run, (size_t)(j->p - run));
		if (++j->p >= j->end)
			return -1;
		switch (*j->p++) {
		case '"': strbuf_addch(out, '"'); break;
		case '\\': strbuf_addch(out, '\\'); break;
		case '/': strbuf_addch(out, '/'); break;
		case 'b': strbuf_addch(out, '\b'); break;
		case 'f': strbuf_addch(out, '\f'); break;
		case 'n': strbuf_addch(out, '\n'); break;
		case 'r': strbuf_addch(out, '\r'); break;
		case 't': strbuf_addch(out, '\t'); break;
		case 'u': {
			int used = unicode_escape(j->p, j->end, out);
			if (used < 0)
				return -1;
			j->p += used;
			break;
		}
		default:
			return -1;
		}
		run = j->p;
	}
	return -1;
}

/* A string, or null (*is_null set). */
static int take_string_or_null(struct jin *j, struct strbuf *out, int *is_null)
{
	*is_null = take_null(j);
	return *is_null ? 0 : take_string(j, out);
}

/* An integer that fits int64_t, or null (*present = 0). */
static int take_time(struct jin *j, int64_t *v, int *present)
{
	int neg = 0;
	uint64_t u = 0;
	const char *start;
	*present = !take_null(j);
	*v = 0;
	if (!*present)
		return 0;
	if (j->p < j->end && *j->p == '-') {
		neg = 1;
		j->p++;
	}
	start = j->p;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
		if (u > (UINT64_MAX - 9) / 10)
			return -1;
		u = u * 10 + (uint64_t)(*j->p++ - '0');
	}
	if (j->p == start || u > (uint64_t)INT64_MAX)
		return -1;
	*v = neg ? -(int64_t)u : (int64_t)u;
	return 0;
}

int turnpack_decode(const char *json, size_t len, struct dialogue *d)
{
	struct jin j = { json, json + len };
	struct strbuf speaker = STRBUF_INIT, agent = STRBUF_INIT, text = STRBUF_INIT;
	int ret = -1;
	if (expect(&j, '['))
		goto out;
	skip_ws(&j);
	if (j.p < j.end && *j.p == ']') {
		j.p++;
	} else {
		for (;;) {
			int64_t at;
			int has_at, no_speaker, no_agent;
			const char *sp;
			if (expect(&j, '[') ||
			    take_string_or_null(&j, &speaker, &no_speaker) || expect(&j, ',') ||
			    take_string_or_null(&j, &agent, &no_agent) || expect(&j, ',') ||
			    take_time(&j, &at, &has_at) || expect(&j, ',') ||
			    take_string(&j, &text) || expect(&j, ']'))
				goto out;
			sp = no_speaker ? NULL : strbuf_str(&speaker);
			dialogue_add_turn(d, speaker_from_name(sp), sp,
					  no_agent ? NULL : strbuf_str(&agent), at, has_at,
					  strbuf_str(&text));
			skip_ws(&j);
			if (j.p < j.end && *j.p == ',') {
				j.p++;
				continue;
			}
			if (expect(&j, ']'))
				goto out;
			break;
		}
	}
	skip_ws(&j);
	ret = j.p == j.end ? 0 : -1;
out:
	strbuf_release(&text);
	strbuf_release(&agent);
	strbuf_release(&speaker);
	return ret;
}

/* ---- the binary form (turnpack.h) ---- */

enum {
	BIN_SPEAKER = 3,        /* bits 0-1: enum speaker, or BIN_SPEAKER_NAMED */
	BIN_SPEAKER_NAMED = 3,
	BIN_AGENT = 1 << 2,
	BIN_AT = 1 << 3,
};

static void add_varint(struct strbuf *out, uint64_t v)
{
	char b[10];
	size_t n = 0;
	do {
		b[n] = (char)(v & 0x7f);
		v >>= 7;
		if (v)
			b[n] = (char)(b[n] | 0x80);
		n++;
	} while (v);
	strbuf_add(out, b, n);
}

/* with its NUL: the reader hands the bytes on as they are */
static void add_cstr(struct strbuf *out, const char *s)
{
	strbuf_add(out, s, strlen(s) + 1);
}

void turnpack_encode_bin(const struct dialogue *d, struct strbuf *out)
{
	int64_t prev = 0;
	add_varint(out, d->n_turns);
	for (size_t i = 0; i < d->n_turns; i++) {
		const struct turn *t = &d->turns[i];
		unsigned flags;
		const char *name = NULL;
		/* the same choice as the JSON form's: a known speaker by its code */
		if (t->speaker != SPEAKER_OTHER &&
		    (!t->speaker_name || t->speaker_name == speaker_name(t->speaker))) {
			flags = (unsigned)t->speaker;
		} else {
			flags = BIN_SPEAKER_NAMED;
			name = t->speaker_name ? t->speaker_name : speaker_name(t->speaker);
		}
		if (t->agent)
			flags |= BIN_AGENT;
		if (t->has_at)
			flags |= BIN_AT;
		strbuf_addch(out, (char)flags);
		if (name)
			add_cstr(out, name);
		if (t->agent)
			add_cstr(out, t->agent);
		if (t->has_at) {
			/* wrapping difference, zig-zag: any two int64 fit */
			uint64_t diff = (uint64_t)t->at - (uint64_t)prev;
			add_varint(out, (diff << 1) ^ (uint64_t)-(int64_t)(diff >> 63));
			prev = t->at;
		}
		add_cstr(out, t->text ? t->text : "");
	}
}

static int take_varint(const char **p, const char *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		unsigned char c;
		if (*p >= end)
			return -1;
		c = (unsigned char)*(*p)++;
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return 0;
	}
	return -1;
}

/* A NUL-terminated string inside [*p, end): its start, or NULL. */
static const char *take_cstr(const char **p, const char *end)
{
	const char *s = *p, *nul = memchr(s, '\0', (size_t)(end - s));
	if (!nul)
		return NULL;
	*p = nul + 1;
	return s;
}

int turnpack_decode_bin(const char *bin, size_t len, struct dialogue *d)
{
	const char *p = bin, *end = bin + len;
	uint64_t n;
	int64_t prev = 0;
	if (take_varint(&p, end, &n) || n > len)
		return -1;
	for (uint64_t i = 0; i < n; i++) {
		unsigned flags;
		const char *name = NULL, *agent = NULL, *text;
		int64_t at = 0;
		enum speaker sp;
		if (p >= end)
			return -1;
		flags = (unsigned char)*p++;
		if (flags & ~(unsigned)(BIN_SPEAKER | BIN_AGENT | BIN_AT))
			return -1;
		if ((flags & BIN_SPEAKER) == BIN_SPEAKER_NAMED) {
			if (!(name = take_cstr(&p, end)))
				return -1;
			sp = speaker_from_name(name);
		} else {
			sp = (enum speaker)(flags & BIN_SPEAKER);
		}
		if ((flags & BIN_AGENT) && !(agent = take_cstr(&p, end)))
			return -1;
		if (flags & BIN_AT) {
			uint64_t z;
			if (take_varint(&p, end, &z))
				return -1;
			at = (int64_t)((uint64_t)prev + ((z >> 1) ^ (uint64_t)-(int64_t)(z & 1)));
			prev = at;
		}
		if (!(text = take_cstr(&p, end)))
			return -1;
		dialogue_add_turn(d, sp, name, agent, at, (flags & BIN_AT) != 0, text);
	}
	return p == end ? 0 : -1;
}
