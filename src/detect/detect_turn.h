/* detect_turn.h — the detectors' first pass (private to src/detect/): the
 * facts of one turn that detect_turn.c finds and the second pass (detect.c)
 * walks, and the scratch space that holds them for a dialogue. */
#ifndef LEADQA_DETECT_TURN_H
#define LEADQA_DETECT_TURN_H

#include <stddef.h>
#include <stdint.h>
#include "detect.h"
#include "lexicon.h"
#include "textnorm.h"
#include "util.h"

/* What an operator may ask for again; CTX_SEEN is no item but the operator
 * saying they have read the history ("из переписки вижу, в чём дело"),
 * which makes the turn no ask at all; CTX_PLEASE is no item either but a
 * polite request ("пожалуйста", "please"), which asks as a '?' does. */
enum context_item { CTX_ORDER, CTX_EMAIL, CTX_PHONE, CTX_PROBLEM, CTX_SEEN, CTX_PLEASE, CTX_ITEMS };

struct cue_hit {
	const struct cue *cue;
	size_t start, end;      /* bytes of the turn text that matched */
};

struct turn_facts {
	double score[CUE_CATEGORIES];
	struct cue_hit hit[CUE_CATEGORIES];     /* strongest cue of each category */
	unsigned fires;                          /* 1 << category */
	double ctx_score[CTX_ITEMS];
	struct cue_hit ctx_hit[CTX_ITEMS];
	int shouting;
	int refuses;            /* a negation that rejects ("не надо", "no thanks") */
	int repeats;            /* n of the earlier same-speaker turn it repeats, 0 */
	int refines;            /* a client repeat that adds details of its own
				 * ("a table" -> "a table at Da Mario at 8"):
				 * narrowing, not saying it again */
	int failed;             /* counted as a bot failure (second pass) */
	int question;           /* has '?' */
	int gives[CTX_ITEMS];   /* the turn holds an order number / e-mail / phone */
	unsigned tags;          /* 1 << enum turn_tag, set by the second pass */
	/* tags a learned classifier put on or took off this turn (relative to
	 * the lexicon's), for detector_rederive(); 0 in detector_run() */
	unsigned forced_on, forced_off;
	struct cue_hit tag_hit[TAG_COUNT];
};

struct detect_scratch {
	struct textnorm *tn;
	struct token_list *toks;        /* one per turn */
	size_t alloc_toks;
	struct turn_facts *facts;
	size_t alloc_facts;
	/* the facts of the first pass over the dialogue judged last, kept so
	 * that detector_rederive() on it need not read its turns again */
	struct turn_facts *read_facts;
	size_t alloc_read_facts;
	const struct dialogue *read_for;
	size_t read_n;
	struct cue_match_list matches;
	uint64_t *stem_sets;            /* REPEAT_MAX_STEMS sorted stem hashes a turn */
	size_t *set_len;
	size_t alloc_sets;
	struct strbuf sb;
};

/* Did a cue of category c fire on the turn? */
int detect_has_fact(const struct turn_facts *f, enum cue_category c);
/* The client's problem is a how-to question, not a fault. */
int detect_problem_is_how_to(const struct turn_facts *f);
/* Marks the turns that repeat an earlier one of the same speaker. */
void detect_find_repeats(struct detect_scratch *s, const struct dialogue *d);
/* The first pass over one turn: its tokens into toks, its facts into f. */
void detect_read_turn(const struct detector *det, struct detect_scratch *s,
		      const struct turn *t, struct token_list *toks, struct turn_facts *f);

#endif
