/* lexicon.h — the editable cue lexicons of the detectors (models/lexicon-*.txt,
 * format in models/README.md): one cue a line, "category | words | weight".
 *
 * Cue words are stemmed at load time with textnorm, so a cue written
 * "оператор" matches "оператора", "операторов"; a cue is a sequence of stems
 * that must follow one another in a turn, where "..." in the cue allows up to
 * LEXICON_GAP other words in between.  Matching looks the stem of each token
 * up in a hash table of the cues' first stems, so its cost does not grow with
 * the size of the lexicon.
 *
 * A word of five or more letters that is no cue word but becomes one when two
 * neighbouring letters are swapped ("opeartor", «опеартора») is read as that
 * cue word: swapped letters are the commonest typing slip in chat, and a swap
 * seldom turns one real word into another.
 *
 * A loaded lexicon is read-only and may be shared between threads; it owns
 * every cue and string it returns. */
#ifndef LEADQA_LEXICON_H
#define LEADQA_LEXICON_H

#include <stddef.h>
#include "textnorm.h"

#define LEXICON_GAP 3

enum cue_category {
	CUE_OFFER,              /* cross-sell offer (bot or operator) */
	CUE_PROBLEM,            /* the client states a problem */
	CUE_RESOLVED,           /* the client confirms it is solved */
	CUE_UNRESOLVED,         /* the client says it is still not solved */
	CUE_THANKS,
	CUE_HUMAN_REQUEST,      /* the client wants a person */
	CUE_BOT_FAILURE,        /* the bot says it did not understand */
	CUE_FRUSTRATION,
	CUE_NEGATION,           /* не, не надо, no need, don't */
	CUE_QUESTION_BACK,      /* quoting a question back ("you asked ...") */
	CUE_CONTEXT_ASK,        /* the operator asks for order / e-mail / phone / problem */
	CUE_PRODUCT_QUESTION,   /* the client asks about a product, price, plan */
	CUE_REPEAT,             /* the client says they are repeating themselves */
	CUE_PROPOSAL,           /* a proposing form: "хотите", "we recommend", "how about" */
	CUE_PRODUCT,            /* something sellable: тариф, подписка, upgrade, warranty */
	CUE_PERSON,             /* a word for a person or staff: employee, сотрудник, живой */
	CUE_ASK,                /* a request form: "could you", "any chance", «зови», «можно» */
	CUE_REMEDY,             /* a remedy on the price: cheaper plan, refund, compensation */
	CUE_BILLING,            /* the client's problem is what they pay: charged twice, too dear */
	CUE_INVITE,             /* an agent invites the client's need: how can I help, чем помочь */
	CUE_CATEGORIES
};
/* "offer", "problem", ... as written in the lexicon files */
const char *cue_category_name(enum cue_category c);
int cue_category_from_name(const char *s, size_t n);   /* -1 when unknown */

struct cue {
	enum cue_category cat;
	char sub[16];           /* "context-ask/order": "order"; else "" */
	double weight;          /* 1 unless written */
	char *text;             /* the cue as written */
	const char *file;       /* base name of its lexicon file */
	int line;
	char **stems;           /* n_stems stems */
	uint64_t *hashes;       /* hash64 of each stem (HASH64_SEED), compared first */
	unsigned char *gap;     /* gap[i]: words may precede stems[i] (i > 0) */
	size_t n_stems;
};

struct cue_match {
	const struct cue *cue;
	size_t first, last;     /* token indices, inclusive */
};

struct cue_match_list {
	struct cue_match *items;
	size_t n, alloc;
	/* working memory of lexicon_match: each token's stem as matched */
	const char **stems;
	uint64_t *hashes;       /* ... and its hash */
	size_t alloc_stems;
};
void cue_match_list_release(struct cue_match_list *l);

struct lexicon;
struct lexicon *lexicon_new(void);
void lexicon_free(struct lexicon *lx);              /* accepts NULL */
/* Adds the cues of one file; on a malformed line, an error naming
 * file:line and -1 (cues of earlier lines stay). */
int lexicon_load_file(struct lexicon *lx, struct textnorm *tn, const char *path);
/* Adds one cue line as written in a file (for tests and tools). */
int lexicon_add_line(struct lexicon *lx, struct textnorm *tn, const char *line,
		     const char *file, int lineno);
/* Loads every lexicon-*.txt of dir in name order; -1 when none or one is bad. */
int lexicon_load_dir(struct lexicon *lx, struct textnorm *tn, const char *dir);
size_t lexicon_size(const struct lexicon *lx);
size_t lexicon_count(const struct lexicon *lx, enum cue_category c);

/* Every cue occurrence in toks, ordered by first token (out cleared first),
 * typing slips read as above.  Returns the number of matches. */
size_t lexicon_match(const struct lexicon *lx, const struct token_list *toks,
		     struct cue_match_list *out);

#endif
