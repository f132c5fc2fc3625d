/* turnclf_impl.h — what turnclf.c (applying the classifiers) shares with
 * turnclf_learn.c (learning them); private to src/model/. */
#ifndef LEADQA_TURNCLF_IMPL_H
#define LEADQA_TURNCLF_IMPL_H

#include "turnclf.h"
#include "learner.h"
#include "textnorm.h"
#include "util.h"

/* Per-thread work space: text normalisation, the feature vector and its
 * libsvm row. */
struct turnclf_scratch {
	struct textnorm *tn;
	struct token_list toks;
	/* the dialogue prepared by turnclf_prepare(): each turn's tokens
	 * (borrowed from the detector's pass or tokenized here into own[]) and
	 * its distinct content stems, sorted, for the neighbour relations */
	const struct dialogue *prep_d;
	size_t prep_n;
	const struct token_list *tl;
	struct token_list *own;
	size_t alloc_own;
	uint64_t *stems;
	size_t n_stems, alloc_stems;
	size_t *stem_off;               /* prep_n + 1 offsets into stems */
	size_t alloc_stem_off;
	unsigned char *ask;             /* prep_n: each turn's stance phrases (STANCE_*) */
	size_t alloc_ask;
	size_t first_client, first_ask; /* the customer's first turn, the first agent ask (or prep_n) */
	struct turnclf_stance_index *stance;
	struct strbuf key;
	unsigned *bits;
	size_t alloc_bits;
	struct turnclf_vec vec;
	/* the character n-gram slots of recently seen words (direct-mapped by
	 * the word's hash): most words of a night recur */
	struct turnclf_gram_cache *grams;
	struct learner_node *nodes;
	size_t alloc_nodes;
};

/* Number of feature columns of the layout (the bias column is the next). */
int turnclf_dim(void);
/* "lexicon", "or", "and", "alone" -> the rule; -1 when unknown. */
int turnclf_rule_from_name(const char *s);
/* DIR/turnclf-<tag>.<ext>: a tag's head ("head") or model ("model") file. */
void turnclf_path(struct strbuf *sb, const char *dir, enum turn_tag t, const char *ext);
/* Decision of a rule for one turn: the lexicon's tag and the probability. */
int turnclf_combine(enum turnclf_rule rule, int lexicon, double prob, double threshold);
/* Removes tag t from turn n of r / adds it with the classifier's cue. */
void turnclf_remove_tag(struct detect_result *r, int n, enum turn_tag t);
void turnclf_add_tag(struct detect_result *r, int n, enum turn_tag t, double prob);

#endif
