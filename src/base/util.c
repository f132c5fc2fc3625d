/* util.c — diagnostics, allocation, strbuf, time, hashing, atomic files. */
#include "compat.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int lq_quiet;

/* Appends s with every control character written out (\n, \r, \t, \xNN):
 * a diagnostic is one line, whatever a file name or an id holds, so that a
 * name with a line break cannot forge a line of its own. */
static void add_printable(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != 0x7f)
			strbuf_addch(sb, (char)c);
		else if (c == '\n')
			strbuf_adds(sb, "\\n");
		else if (c == '\r')
			strbuf_adds(sb, "\\r");
		else if (c == '\t')
			strbuf_adds(sb, "\\t");
		else
			strbuf_addf(sb, "\\x%02x", c);
	}
}

static void vreport(const char *kind, const char *file, long line, const char *fmt, va_list ap)
{
	char msg[4096];
	struct strbuf sb = STRBUF_INIT;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	strbuf_adds(&sb, "leadqa: ");
	if (file) {
		add_printable(&sb, file);
		if (line > 0)
			strbuf_addf(&sb, ":%ld", line);
		strbuf_adds(&sb, ": ");
	}
	strbuf_adds(&sb, kind);
	add_printable(&sb, msg);
	fprintf(stderr, "%s\n", sb.buf);
	strbuf_release(&sb);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("", NULL, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int error_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("", file, line, fmt, ap);
	va_end(ap);
	return -1;
}

int warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("warning: ", NULL, 0, fmt, ap);
	va_end(ap);
	return 0;
}

int warning_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("warning: ", file, line, fmt, ap);
	va_end(ap);
	return 0;
}

void info(const char *fmt, ...)
{
	va_list ap;
	if (lq_quiet)
		return;
	va_start(ap, fmt);
	vreport("", NULL, 0, fmt, ap);
	va_end(ap);
}

static void die_oom(size_t n)
{
	fprintf(stderr, "leadqa: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	char *p;
	if (!s)
		return NULL;
	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void strbuf_init(struct strbuf *sb, size_t max)
{
	memset(sb, 0, sizeof(*sb));
	sb->max = max;
}

static int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want = sb->len + extra + 1;
	if (sb->max && sb->len + extra > sb->max) {
		sb->overflow = 1;
		return -1;
	}
	if (want > sb->alloc) {
		size_t a = sb->alloc ? sb->alloc : 64;
		while (a < want)
			a *= 2;
		sb->buf = xrealloc(sb->buf, a);
		sb->alloc = a;
	}
	return 0;
}

int strbuf_reserve(struct strbuf *sb, size_t extra)
{
	return strbuf_grow(sb, extra);
}

int strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	if (strbuf_grow(sb, n))
		return -1;
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_adds(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_add_slow_ch(struct strbuf *sb, char c)
{
	return strbuf_add(sb, &c, 1);
}

size_t format_int(char out[20], long long v)
{
	char buf[20], *p = buf + sizeof(buf);
	/* the magnitude as unsigned: -LLONG_MIN does not fit a long long */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	size_t n;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	n = (size_t)(buf + sizeof(buf) - p);
	memcpy(out, p, n);
	return n;
}

int strbuf_add_int(struct strbuf *sb, long long v)
{
	char buf[20];
	return strbuf_add(sb, buf, format_int(buf, v));
}

void copy_fit(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void copy_fit_utf8(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size) {
		n = size - 1;
		/* back to the start of the character the cut fell in */
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Does any of the 8 bytes in w need escaping in JSON: below 0x20, '"' or
 * '\\'?  (The classic "has a zero byte" test, on w and on w xor each.) */
static inline int word_needs_escape(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
	uint64_t low = (w - ones * 0x20) & ~w;
	uint64_t quote = (q - ones) & ~q, slash = (b - ones) & ~b;
	return ((low | quote | slash) & highs) != 0;
}

static inline int char_needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

/* How many leading bytes of s[0..n) surely need no escape in JSON: n when
 * none does.  8 bytes a step, then the last few one by one. */
static size_t plain_json_prefix(const char *s, size_t n)
{
	uint64_t w;
	size_t i = 0;
	for (; n - i >= 8; i += 8) {
		memcpy(&w, s + i, sizeof(w));
		if (word_needs_escape(w))
			return i;
	}
	while (i < n && !char_needs_escape((unsigned char)s[i]))
		i++;
	return i;
}

void strbuf_add_json_string(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s), i = plain_json_prefix(s, n), run = 0;
	/* most text needs no escape: quote it in one copy */
	if (i == n && strbuf_reserve(out, n + 2) == 0) {
		char *p = out->buf + out->len;
		p[0] = '"';
		memcpy(p + 1, s, n);
		p[n + 1] = '"';
		p[n + 2] = '\0';
		out->len += n + 2;
		return;
	}
	strbuf_reserve(out, n + 2);
	strbuf_addch(out, '"');
	while (i < n) {
		unsigned char c;
		/* most text needs no escape: step over it 8 bytes at a time */
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, sizeof(w));
			if (!word_needs_escape(w)) {
				i += 8;
				continue;
			}
		}
		c = (unsigned char)s[i++];
		if (!char_needs_escape(c))
			continue;
		/* copy the plain run before this character in one go */
		strbuf_add(out, s + run, i - 1 - run);
		run = i;
		switch (c) {
		case '"': strbuf_add(out, "\\\"", 2); break;
		case '\\': strbuf_add(out, "\\\\", 2); break;
		case '\n': strbuf_add(out, "\\n", 2); break;
		case '\r': strbuf_add(out, "\\r", 2); break;
		case '\t': strbuf_add(out, "\\t", 2); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			strbuf_add(out, u, sizeof(u));
		}
		}
	}
	strbuf_add(out, s + run, n - run);
	strbuf_addch(out, '"');
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;
	char small[256];
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return strbuf_add(sb, small, (size_t)n);
	if (strbuf_grow(sb, (size_t)n))
		return -1;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return 0;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->overflow = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	sb->overflow = 0;
}

char *strbuf_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	return p;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int parse_time(const char *s, int64_t *epoch)
{
	int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 0;
	const char *p;
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	/* each test stops at the string's end before the next one reads on */
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d))
		return -1;
	p = s + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(p, 2, &h) || p[2] != ':' || digits(p + 3, 2, &mi))
			return -1;
		p += 5;
		if (*p == ':') {
			if (digits(p + 1, 2, &se))
				return -1;
			p += 3;
			if (*p == '.' || *p == ',') {
				p++;
				if (*p < '0' || *p > '9')
					return -1;
				while (*p >= '0' && *p <= '9')
					p++;
			}
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '-' ? -1 : 1;
			p++;
			if (digits(p, 2, &oh))
				return -1;
			p += 2;
			if (*p == ':')
				p++;
			if (*p >= '0' && *p <= '9') {
				if (digits(p, 2, &om))
					return -1;
				p += 2;
			}
		}
	}
	while (*p == ' ')
		p++;
	if (*p)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 ||
	    oh > 14 || om > 59)
		return -1;
	/* 2026-02-30 is no date: refused, not rolled over into March */
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
		return -1;
	*epoch = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
		 (int64_t)sign * (oh * 3600 + om * 60);
	return 0;
}

void format_time(int64_t epoch, char out[21])
{
	time_t t = (time_t)epoch;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void format_date(int64_t epoch, char out[11])
{
	time_t t = (time_t)epoch;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int64_t now_epoch(void)
{
	const char *env = getenv("LEADQA_NOW");
	int64_t t;
	if (env && *env && parse_time(env, &t) == 0)
		return t;
	return (int64_t)time(NULL);
}

double mono_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void sort_u64(uint64_t *v, size_t n)
{
	while (n > 16) {
		uint64_t a = v[0], b = v[n / 2], c = v[n - 1], pivot, t;
		size_t i = 0, j = n - 1;
		pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		for (;;) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i >= j)
				break;
			t = v[i]; v[i] = v[j]; v[j] = t;
			i++;
			j--;
		}
		/* recurse into the smaller side, loop on the larger */
		if (j + 1 < n - j - 1) {
			sort_u64(v, j + 1);
			v += j + 1;
			n -= j + 1;
		} else {
			sort_u64(v + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	for (size_t i = 1; i < n; i++) {
		uint64_t x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	for (char *q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0777) && errno != EEXIST) {
			free(p);
			return -1;
		}
		*q = '/';
	}
	if (mkdir(p, 0777) && errno != EEXIST) {
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

int utf8_valid(const char *str, size_t n, size_t *bad_offset)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned cp;
		if (c < 0x80) { i++; continue; }
		if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; }
		else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; }
		else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; }
		else goto bad;
		if (i + len > n)
			goto bad;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			goto bad;
		i += len;
	}
	return 1;
bad:
	if (bad_offset)
		*bad_offset = i;
	return 0;
}

size_t blank_len(const unsigned char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
		return 1;
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] == 0xaf || s[2] == 0x89 || s[2] == 0x8b))
		return 3;
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 3;
	return 0;
}

size_t blank_len_back(const unsigned char *s, size_t n)
{
	if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		return 1;
	if (n >= 2 && blank_len(s + n - 2, 2) == 2)
		return 2;
	if (n >= 3 && blank_len(s + n - 3, 3) == 3)
		return 3;
	return 0;
}
