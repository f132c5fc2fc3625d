/* textnorm.c — tokenizing, case folding and stemming of turn text. */
#include "textnorm.h"
#include "util.h"

#include <libstemmer.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

/* Longer "words" are junk (base64, URLs without separators): they are cut so
 * that one pathological turn cannot make stemming quadratic or the arena huge. */
#define WORD_MAX_BYTES 128

struct textnorm {
	struct sb_stemmer *ru, *en;
	struct token_list one;      /* for textnorm_stem() */
};

struct textnorm *textnorm_new(void)
{
	struct textnorm *tn = xcalloc(1, sizeof(*tn));
	tn->ru = sb_stemmer_new("russian", "UTF_8");
	tn->en = sb_stemmer_new("english", "UTF_8");
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

static void arena_add(struct token_list *l, const void *p, size_t n)
{
	if (l->arena_len + n > l->arena_alloc) {
		size_t a = l->arena_alloc ? l->arena_alloc : 256;
		while (a < l->arena_len + n)
			a *= 2;
		l->arena = xrealloc(l->arena, a);
		l->arena_alloc = a;
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

static void word_add_char(struct token_list *l, struct word_state *w, ucs4_t c)
{
	uint8_t buf[6];
	ucs4_t f;
	int len;
	if (l->arena_len - w->word_off >= WORD_MAX_BYTES)
		return;
	if (uc_is_digit(c)) {
		w->digits++;
	} else if (c != '\'') {
		w->letters++;
		l->n_letters++;
		if (uc_is_upper(c)) {
			w->uppers++;
			l->n_upper_letters++;
		}
		w->cyrillic |= is_cyrillic(c);
		w->latin |= is_latin(c);
	}
	f = uc_tolower(c);
	if (f == 0x0451)        /* ё */
		f = 0x0435;
	len = u8_uctomb(buf, f, sizeof(buf));
	if (len > 0)
		arena_add(l, buf, (size_t)len);
}

static void word_end(struct textnorm *tn, struct token_list *l, struct word_state *w, size_t end)
{
	struct sb_stemmer *st = NULL;
	const char *word = l->arena + w->word_off;
	size_t wlen = l->arena_len - w->word_off;
	struct token *t;
	const sb_symbol *stem = NULL;
	int slen = 0;

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
	if (st) {
		stem = sb_stemmer_stem(st, (const sb_symbol *)word, (int)wlen);
		slen = stem ? sb_stemmer_length(st) : 0;
	}
	arena_add(l, "", 1);
	if (stem && slen > 0)
		arena_add(l, stem, (size_t)slen);
	else
		arena_add(l, l->arena + w->word_off, wlen);
	arena_add(l, "", 1);

	ALLOC_GROW(l->items, l->n, l->alloc);
	t = &l->items[l->n++];
	t->word = t->stem = NULL;     /* set once the arena stops moving */
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
		p += strlen(p) + 1;
		l->items[i].stem = p;
		p += strlen(p) + 1;
	}
}

static int is_apostrophe(ucs4_t c)
{
	return c == '\'' || c == 0x2019;
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
		int len = u8_mbtoucr(&c, s + i, n - i);
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
		if (uc_is_alpha(c) || uc_is_digit(c)) {
			if (!w.active) {
				memset(&w, 0, sizeof(w));
				w.active = 1;
				w.start = i;
				w.word_off = out->arena_len;
			}
			word_add_char(out, &w, c);
		} else if (w.active && is_apostrophe(c) && i + (size_t)len < n) {
			ucs4_t next;
			int nl = u8_mbtoucr(&next, s + i + len, n - i - (size_t)len);
			if (nl > 0 && uc_is_alpha(next))
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
