/* textnorm.c — tokenizing, case folding and stemming of turn text. */
#include "compat.h"
#include "textnorm.h"
#include "util.h"

#include <libstemmer.h>
#include <stdint.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

/* Longer "words" are junk (base64, URLs without separators): they are cut so
 * that one pathological turn cannot make stemming quadratic or the arena huge. */
#define WORD_MAX_BYTES 128

/* Stems of words seen recently: chat vocabulary is small, so most words
 * are found here and Snowball runs once per distinct word.  When the cache
 * fills it is emptied, which bounds its memory. */
#define STEM_CACHE_SLOTS 16384          /* power of two */
#define STEM_CACHE_BYTES (1u << 20)

struct stem_slot {
	uint64_t hash;
	uint64_t stem_hash;     /* hash64 of the stem, for the token */
	uint32_t word, stem;    /* offsets in the cache's text; word 0 = empty */
	uint32_t stem_len;
};

struct textnorm {
	struct sb_stemmer *ru, *en;
	struct token_list one;      /* for textnorm_stem() */
	struct stem_slot *slots;
	size_t n_used;
	char *text;                 /* "\0word\0stem\0..." */
	size_t text_len;
};

struct textnorm *textnorm_new(void)
{
	struct textnorm *tn = xcalloc(1, sizeof(*tn));
	tn->ru = sb_stemmer_new("russian", "UTF_8");
	tn->en = sb_stemmer_new("english", "UTF_8");
	tn->slots = xcalloc(STEM_CACHE_SLOTS, sizeof(*tn->slots));
	tn->text = xmalloc(STEM_CACHE_BYTES);
	tn->text[0] = '\0';
	tn->text_len = 1;
	if (!tn->ru || !tn->en) {
		error("cannot create the russian and english stemmers");
		textnorm_free(tn);
		return NULL;
	}
	return tn;
}

void textnorm_free(struct textnorm *tn)
{
	if (!tn)
		return;
	if (tn->ru)
		sb_stemmer_delete(tn->ru);
	if (tn->en)
		sb_stemmer_delete(tn->en);
	token_list_release(&tn->one);
	free(tn->slots);
	free(tn->text);
	free(tn);
}

void token_list_clear(struct token_list *l)
{
	l->n = 0;
	l->n_upper_letters = l->n_letters = 0;
	l->n_exclaim = l->n_question = 0;
	l->max_exclaim_run = 0;
	l->n_caps_words = 0;
	l->arena_len = 0;
}

void token_list_release(struct token_list *l)
{
	free(l->items);
	free(l->arena);
	memset(l, 0, sizeof(*l));
}

/* p may point into the arena itself (a word copied as its own stem): keep its
 * offset across the realloc, which may move the arena. */
static void arena_add(struct token_list *l, const void *p, size_t n)
{
	uintptr_t src = (uintptr_t)p, base = (uintptr_t)l->arena;
	int inside = l->arena && src >= base && src < base + l->arena_alloc;
	size_t off = inside ? (size_t)(src - base) : 0;
	if (l->arena_len + n > l->arena_alloc) {
		size_t a = l->arena_alloc ? l->arena_alloc : 256;
		while (a < l->arena_len + n)
			a *= 2;
		l->arena = xrealloc(l->arena, a);
		l->arena_alloc = a;
	}
	memmove(l->arena + l->arena_len, inside ? l->arena + off : p, n);
	l->arena_len += n;
}

/* Appends bytes that do not lie in the arena (the common case: one
 * character of a word), without arena_add()'s check for that. */
static inline void arena_put(struct token_list *l, const void *p, size_t n)
{
	if (l->arena_len + n > l->arena_alloc) {
		arena_add(l, p, n);
		return;
	}
	memcpy(l->arena + l->arena_len, p, n);
	l->arena_len += n;
}

/* The word being built: its folded bytes go straight into the arena. */
struct word_state {
	size_t word_off;        /* arena offset of the word */
	size_t start;           /* byte offset in the text */
	int active;
	int letters, uppers, digits, cyrillic, latin;
};

static int is_cyrillic(ucs4_t c)
{
	return c >= 0x0400 && c <= 0x04FF;
}

static int is_latin(ucs4_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x00C0 && c <= 0x024F);
}

/* Letters of ASCII and of the basic Cyrillic block are most of the text:
 * classified here without libunistring's tables. */
static int fast_alnum(ucs4_t c, int *alnum)
{
	if (c < 0x80) {
		*alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		return 1;
	}
	if ((c >= 0x0410 && c <= 0x044F) || c == 0x0401 || c == 0x0451) {
		*alnum = 1;
		return 1;
	}
	return 0;
}

static inline int is_alnum(ucs4_t c)
{
	int a;
	if (fast_alnum(c, &a))
		return a;
	return uc_is_alpha(c) || uc_is_digit(c);
}

static int is_upper(ucs4_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	if (c >= 0x0410 && c <= 0x042F)
		return 1;
	if (c == 0x0401)
		return 1;
	if (c >= 0x0430 && c <= 0x044F)
		return 0;
	return uc_is_upper(c);
}

static ucs4_t to_lower(ucs4_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0x0410 && c <= 0x042F)
		return c + 32;
	if (c == 0x0401)
		return 0x0451;
	if (c >= 0x0430 && c <= 0x044F)
		return c;
	return uc_tolower(c);
}

static int is_digit(ucs4_t c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9';
	if (c >= 0x0400 && c <= 0x04FF)
		return 0;
	return uc_is_digit(c);
}

/* ASCII and basic Cyrillic, most of every text, without the general
 * path's table lookups; 0 when c is neither. */
static inline int word_add_common(struct token_list *l, struct word_state *w, ucs4_t c)
{
	char b[2];
	if (c < 0x80) {
		if (c >= '0' && c <= '9') {
			w->digits++;
		} else if (c != '\'') {
			w->letters++;
			l->n_letters++;
			w->latin = 1;
			if (c >= 'A' && c <= 'Z') {
				w->uppers++;
				l->n_upper_letters++;
				c += 32;
			}
		}
		b[0] = (char)c;
		arena_put(l, b, 1);
		return 1;
	}
	if (c < 0x0410 || c > 0x044F)
		return 0;
	w->letters++;
	l->n_letters++;
	w->cyrillic = 1;
	if (c <= 0x042F) {
		w->uppers++;
		l->n_upper_letters++;
		c += 32;
	}
	/* а..я is U+0430..U+044F: D0 B0..D0 BF, D1 80..D1 8F */
	b[0] = (char)(0xC0 | (c >> 6));
	b[1] = (char)(0x80 | (c & 0x3F));
	arena_put(l, b, 2);
	return 1;
}

/* Any other letter or digit: classified, folded and encoded through
 * libunistring. */
static void word_add_other(struct token_list *l, struct word_state *w, ucs4_t c)
{
	uint8_t buf[6];
	ucs4_t f;
	int len;
	if (is_digit(c)) {
		w->digits++;
	} else if (c != '\'') {
		w->letters++;
		l->n_letters++;
		if (is_upper(c)) {
			w->uppers++;
			l->n_upper_letters++;
		}
		w->cyrillic |= is_cyrillic(c);
		w->latin |= is_latin(c);
	}
	f = to_lower(c);
	if (f == 0x0451)        /* ё */
		f = 0x0435;
	if (f < 0x80) {
		char ch = (char)f;
		arena_put(l, &ch, 1);
		return;
	}
	len = u8_uctomb(buf, f, sizeof(buf));
	if (len > 0)
		arena_put(l, buf, (size_t)len);
}

/* Inline: called for every letter of every turn. */
static inline void word_add_char(struct token_list *l, struct word_state *w, ucs4_t c)
{
	if (l->arena_len - w->word_off >= WORD_MAX_BYTES)
		return;
	if (!word_add_common(l, w, c))
		word_add_other(l, w, c);
}

static void cache_reset(struct textnorm *tn)
{
	memset(tn->slots, 0, STEM_CACHE_SLOTS * sizeof(*tn->slots));
	tn->n_used = 0;
	tn->text_len = 1;
}

/* The stem of a folded word, from the cache or from Snowball; NULL when the
 * word has no letters of a known script.  Valid until the next call. */
static const char *stem_of(struct textnorm *tn, struct sb_stemmer *st, const char *word,
			   size_t wlen, size_t *slen, uint64_t *stem_hash, uint64_t *word_hash)
{
	uint64_t h = hash64(word, wlen, HASH64_SEED);
	*word_hash = h;
	size_t i = (size_t)h & (STEM_CACHE_SLOTS - 1);
	const sb_symbol *stem;
	struct stem_slot *sl;
	int n;
	for (;;) {
		sl = &tn->slots[i];
		if (!sl->word)
			break;
		if (sl->hash == h && !strncmp(tn->text + sl->word, word, wlen) &&
		    tn->text[sl->word + wlen] == '\0') {
			*slen = sl->stem_len;
			*stem_hash = sl->stem_hash;
			return tn->text + sl->stem;
		}
		i = (i + 1) & (STEM_CACHE_SLOTS - 1);
	}
	stem = sb_stemmer_stem(st, (const sb_symbol *)word, (int)wlen);
	n = stem ? sb_stemmer_length(st) : 0;
	if (!stem || n <= 0)
		return NULL;
	if (tn->n_used * 2 >= STEM_CACHE_SLOTS ||
	    tn->text_len + wlen + (size_t)n + 2 > STEM_CACHE_BYTES) {
		cache_reset(tn);
		i = (size_t)h & (STEM_CACHE_SLOTS - 1);
		sl = &tn->slots[i];
	}
	sl->hash = h;
	sl->word = (uint32_t)tn->text_len;
	memcpy(tn->text + tn->text_len, word, wlen);
	tn->text_len += wlen;
	tn->text[tn->text_len++] = '\0';
	sl->stem = (uint32_t)tn->text_len;
	memcpy(tn->text + tn->text_len, stem, (size_t)n);
	tn->text_len += (size_t)n;
	tn->text[tn->text_len++] = '\0';
	tn->n_used++;
	sl->stem_len = (uint32_t)n;
	sl->stem_hash = hash64(stem, (size_t)n, HASH64_SEED);
	*slen = (size_t)n;
	*stem_hash = sl->stem_hash;
	return tn->text + sl->stem;
}

static void word_end(struct textnorm *tn, struct token_list *l, struct word_state *w, size_t end)
{
	struct sb_stemmer *st = NULL;
	const char *word = l->arena + w->word_off;
	size_t wlen = l->arena_len - w->word_off;
	struct token *t;
	const char *stem = NULL;
	size_t slen = 0;
	uint64_t shash = 0, whash = 0;

	/* a trailing apostrophe ("clients'") is not part of the word */
	while (wlen && l->arena[w->word_off + wlen - 1] == '\'') {
		wlen--;
		l->arena_len--;
	}
	w->active = 0;
	if (!wlen)
		return;
	if (w->cyrillic)
		st = tn->ru;
	else if (w->latin)
		st = tn->en;
	if (st)
		stem = stem_of(tn, st, word, wlen, &slen, &shash, &whash);
	/* the stem lies in the stem cache, outside the arena; only the word
	 * copied as its own stem lies inside */
	arena_put(l, "", 1);
	if (stem && slen > 0) {
		arena_put(l, stem, slen);
	} else {
		arena_add(l, l->arena + w->word_off, wlen);
		slen = wlen;
		shash = hash64(l->arena + w->word_off, wlen, HASH64_SEED);
		whash = shash;
	}
	arena_put(l, "", 1);

	ALLOC_GROW(l->items, l->n, l->alloc);
	t = &l->items[l->n++];
	t->word = t->stem = NULL;     /* set once the arena stops moving */
	t->word_len = wlen;
	t->stem_len = slen;
	t->stem_hash = shash;
	t->word_hash = whash;
	t->start = w->start;
	t->end = end;
	t->is_number = w->letters == 0 && w->digits > 0;
	t->is_caps = w->letters >= 2 && w->uppers == w->letters;
	if (w->letters >= 4 && w->uppers == w->letters)
		l->n_caps_words++;
}

/* Words and stems lie in the arena as word\0stem\0 in token order. */
static void fix_pointers(struct token_list *l)
{
	char *p = l->arena;
	for (size_t i = 0; i < l->n; i++) {
		l->items[i].word = p;
		p += l->items[i].word_len + 1;
		l->items[i].stem = p;
		p += l->items[i].stem_len + 1;
	}
}

static int is_apostrophe(ucs4_t c)
{
	return c == '\'' || c == 0x2019;
}

/* The character at s[i] of n bytes into *c, and its length in bytes (<= 0:
 * an invalid byte), as u8_mbtoucr() reads it.  ASCII and the two-byte
 * sequences (Cyrillic, Latin with marks: most of every text) are decoded
 * here without its call. */
static inline int decode(const uint8_t *s, size_t i, size_t n, ucs4_t *c)
{
	if (s[i] < 0x80) {
		*c = s[i];
		return 1;
	}
	if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
		*c = (ucs4_t)(s[i] & 0x1F) << 6 | (ucs4_t)(s[i + 1] & 0x3F);
		return 2;
	}
	return u8_mbtoucr(c, s + i, n - i);
}

size_t textnorm_tokens(struct textnorm *tn, const char *text, struct token_list *out)
{
	const uint8_t *s = (const uint8_t *)(text ? text : "");
	size_t n = strlen((const char *)s), i = 0;
	struct word_state w = { 0 };
	int run = 0;

	token_list_clear(out);
	while (i < n) {
		ucs4_t c;
		int len = decode(s, i, n, &c);
		if (len <= 0) {
			if (w.active)
				word_end(tn, out, &w, i);
			run = 0;
			i++;
			continue;
		}
		if (c == '!') {
			out->n_exclaim++;
			if (++run > out->max_exclaim_run)
				out->max_exclaim_run = run;
		} else {
			run = 0;
		}
		if (c == '?')
			out->n_question++;
		if (is_alnum(c)) {
			if (!w.active) {
				memset(&w, 0, sizeof(w));
				w.active = 1;
				w.start = i;
				w.word_off = out->arena_len;
			}
			word_add_char(out, &w, c);
		} else if (w.active && is_apostrophe(c) && i + (size_t)len < n) {
			ucs4_t next;
			int nl = decode(s, i + (size_t)len, n, &next);
			if (nl > 0 && is_alnum(next) && !is_digit(next))
				word_add_char(out, &w, '\'');
			else
				word_end(tn, out, &w, i);
		} else if (w.active) {
			word_end(tn, out, &w, i);
		}
		i += (size_t)len;
	}
	if (w.active)
		word_end(tn, out, &w, n);
	fix_pointers(out);
	return out->n;
}

const char *textnorm_stem(struct textnorm *tn, const char *word)
{
	if (!textnorm_tokens(tn, word, &tn->one))
		return "";
	return tn->one.items[0].stem;
}
