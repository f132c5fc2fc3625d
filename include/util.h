/* util.h — the few helpers every module shares: diagnostics, allocation that
 * never returns NULL, a growable string, time stamps and a stable hash
 * (content hashes: contenthash.h).
 *
 * Ownership rule: a function that returns a pointer named *_new, *_dup or
 * *_detach hands it to the caller, who frees it; everything else is borrowed. */
#ifndef LEADQA_UTIL_H
#define LEADQA_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#define LEADQA_VERSION "0.1.0"

#if defined(__GNUC__)
#define LQ_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define LQ_PRINTF(f, a)
#endif

/* Prints "leadqa: MESSAGE" on stderr and returns -1, so that
 * `return error("cannot open '%s'", path);` reads as one step. */
int error(const char *fmt, ...) LQ_PRINTF(1, 2);
/* Prints "leadqa: FILE:LINE: MESSAGE" (LINE omitted when <= 0); returns -1. */
int error_at(const char *file, long line, const char *fmt, ...) LQ_PRINTF(3, 4);
/* Same as error/error_at, but marked as a warning; returns 0. */
int warning(const char *fmt, ...) LQ_PRINTF(1, 2);
int warning_at(const char *file, long line, const char *fmt, ...) LQ_PRINTF(3, 4);
/* Progress and informational lines on stderr unless quiet. */
void info(const char *fmt, ...) LQ_PRINTF(1, 2);
extern int lq_quiet;

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);          /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
#define ALLOC_GROW(p, nr, alloc) do { \
	if ((nr) >= (alloc)) { \
		(alloc) = (alloc) ? (alloc) * 2 : 16; \
		if ((alloc) <= (nr)) (alloc) = (nr) + 1; \
		(p) = xrealloc((p), (alloc) * sizeof(*(p))); \
	} } while (0)

/* A growable, always NUL-terminated string.  `max` (0 = unbounded) caps the
 * length for untrusted text: appends past it fail with -1 and set `overflow`. */
struct strbuf {
	char *buf;
	size_t len, alloc, max;
	int overflow;
};
#define STRBUF_INIT { NULL, 0, 0, 0, 0 }
void strbuf_init(struct strbuf *sb, size_t max);
/* Room for `extra` more bytes in one allocation (-1 past `max`). */
int strbuf_reserve(struct strbuf *sb, size_t extra);
int strbuf_add(struct strbuf *sb, const void *data, size_t n);
int strbuf_adds(struct strbuf *sb, const char *s);
int strbuf_add_slow_ch(struct strbuf *sb, char c);
/* One character: inline, since writers add punctuation a character at a
 * time (a call and a one-byte memcpy cost more than the byte). */
static inline int strbuf_addch(struct strbuf *sb, char c)
{
	if (sb->len + 2 > sb->alloc || (sb->max && sb->len + 1 > sb->max))
		return strbuf_add_slow_ch(sb, c);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
	return 0;
}
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) LQ_PRINTF(2, 3);
/* Appends v in decimal, as "%lld" would, without printf's cost (the writer
 * and the workers format numbers for every dialogue). */
int strbuf_add_int(struct strbuf *sb, long long v);
/* Appends s as a JSON string: quoted, with \" \\ and control characters escaped. */
void strbuf_add_json_string(struct strbuf *sb, const char *s);
void strbuf_reset(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb);
/* The text, "" for an empty buffer (never NULL). */
const char *strbuf_str(const struct strbuf *sb);

/* ISO 8601 "2026-11-23T10:02:00+03:00", "...Z", fractional seconds allowed,
 * a bare date "2026-11-23" taken as midnight UTC, and "2026-11-23 10:02:00"
 * (space, no offset: UTC).  Returns 0 and seconds since the epoch, or -1. */
int parse_time(const char *s, int64_t *epoch);
/* Formats as "2026-11-23T07:02:00Z" into out[21]. */
void format_time(int64_t epoch, char out[21]);
/* "YYYY-MM-DD" of the UTC day into out[11]. */
void format_date(int64_t epoch, char out[11]);
/* Current time, or $LEADQA_NOW (ISO 8601) when set, so runs can be repeated. */
int64_t now_epoch(void);
/* Monotonic seconds, for timing. */
double mono_seconds(void);

/* hash64 in steps: hash64(ab) = hash64_final(hash64_update(hash64_update(
 * seed, a), b)), so keys that share a prefix share its work.  Inline: they
 * run for every word of every turn, mostly on a few bytes. */
static inline uint64_t hash64_update(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static inline uint64_t hash64_final(uint64_t h)
{
	/* final avalanche (splitmix64) so that low bits are usable as buckets */
	h ^= h >> 30; h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27; h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

/* 64-bit FNV-1a with a final avalanche, stable across machines and runs. */
static inline uint64_t hash64(const void *data, size_t n, uint64_t seed)
{
	return hash64_final(hash64_update(seed, data, n));
}
#define HASH64_SEED 0xcbf29ce484222325ULL
/* Sorts numbers ascending in place: quicksort down to short runs, then
 * insertion, with no call per comparison as qsort() makes (in the hot
 * loops of scoring, qsort's callbacks cost a tenth of the time). */
void sort_u64(uint64_t *v, size_t n);

/* v in decimal into out, not NUL-terminated; returns its length (at most 20). */
size_t format_int(char out[20], long long v);
/* Copies src into dst of `size` (> 0) bytes, cut to fit and NUL-terminated,
 * as snprintf(dst, size, "%s", src) does, without its cost. */
void copy_fit(char *dst, size_t size, const char *src);
/* The same, cut before a whole UTF-8 character rather than inside one: text
 * that goes to the export or a page must stay valid UTF-8. */
void copy_fit_utf8(char *dst, size_t size, const char *src);

/* True when s begins with prefix / ends with suffix. */
int starts_with(const char *s, const char *prefix);
int ends_with(const char *s, const char *suffix);
/* mkdir -p; 0 on success. */
int mkdir_p(const char *path);
/* Is valid UTF-8?  Returns 1, or 0 with *bad_offset set. */
int utf8_valid(const char *s, size_t n, size_t *bad_offset);
/* Length of the blank that starts at s (space, tab, CR, LF, NBSP, narrow
 * NBSP, thin space, zero-width space, BOM: what people paste into CRM cells),
 * 0 when s does not start with one; blank_len_back: of the blank that ends
 * at s + n.  The one definition of "blank" that trimming in deals and
 * identities shares, so that a deal_id and its identifier match. */
size_t blank_len(const unsigned char *s, size_t n);
size_t blank_len_back(const unsigned char *s, size_t n);

#endif
