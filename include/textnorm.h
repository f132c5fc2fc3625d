/* textnorm.h — words of Russian and English text: case-folded (Unicode, with
 * libunistring), split on anything that is not a letter or digit, and stemmed
 * with Snowball (libstemmer): Cyrillic words with the Russian stemmer, Latin
 * words with the English one.  "оператора", "операторов", "оператором" all
 * give "оператор"; "agents" gives "agent".  Used by the detectors' lexicons
 * and by the features of the lead model, so that both see the same words.
 *
 * An apostrophe between letters stays in the word ("don't"); "ё" folds to "е"
 * so that both spellings meet.  A token list owns one text arena that holds
 * every word and stem, reused from call to call: tokenizing a turn does not
 * allocate once the list has grown to the size of the longest text. */
#ifndef LEADQA_TEXTNORM_H
#define LEADQA_TEXTNORM_H

#include <stddef.h>
#include <stdint.h>

/* One token: folded surface form and its stem, both NUL-terminated and owned
 * by the token list; `start`/`end` are byte offsets in the input text. */
struct token {
	char *word;
	char *stem;
	size_t word_len;         /* strlen(word) */
	size_t stem_len;         /* strlen(stem) */
	size_t start, end;
	int is_number;           /* digits only */
	int is_caps;             /* 2+ letters, all capitals in the input */
	uint64_t stem_hash;      /* hash64(stem) with HASH64_SEED, for lookups */
	uint64_t word_hash;      /* hash64(word) likewise (the stem cache's key) */
};

struct token_list {
	struct token *items;
	size_t n, alloc;
	/* properties of the whole text, computed while tokenizing */
	int n_upper_letters, n_letters;  /* for shouting */
	int n_exclaim, n_question;      /* '!' and '?' */
	int max_exclaim_run;            /* longest run of '!' ("!!!" = 3) */
	int n_caps_words;               /* words of 4+ letters all in capitals */
	/* storage of words and stems (internal) */
	char *arena;
	size_t arena_len, arena_alloc;
};

/* Not thread-safe: one per thread (the stemmers keep state). */
struct textnorm;
struct textnorm *textnorm_new(void);
void textnorm_free(struct textnorm *tn);            /* accepts NULL */

/* Tokenizes utf8 text into out (cleared first).  Invalid UTF-8 bytes are
 * treated as separators.  Returns the number of tokens. */
size_t textnorm_tokens(struct textnorm *tn, const char *text, struct token_list *out);
/* Stem of one word (folded first); returns a pointer valid until the next call. */
const char *textnorm_stem(struct textnorm *tn, const char *word);

void token_list_clear(struct token_list *l);     /* keeps capacity */
void token_list_release(struct token_list *l);

#endif
