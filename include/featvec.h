/* featvec.h — one dialogue as a sparse vector for the lead model.
 *
 * Layout "lq-features-1" (1-based indices, ascending, as libsvm wants them):
 *   1 .. FS_COUNT                 structural figures (enum feature_struct),
 *                                 scaled to [0,1] with ranges learned on the
 *                                 training set, as svm-scale does;
 *   FS_COUNT+1 .. +PC_BUCKETS     page, channel and the items downloaded,
 *                                 hashed one-hot (0/1);
 *   then 2^hash_bits              words: case-folded, stemmed unigrams and
 *                                 bigrams within a turn, the client's prefixed
 *                                 "c", the bot's and operators' "s", hashed with
 *                                 hash64(seed), values 1+log(tf), the whole
 *                                 block scaled to L2 length
 *                                 FEATURES_WORDS_NORM (layout 4; 1 before).
 * The word block is not min-max scaled: it is already on a common scale (fixed
 * length), and scaling 2^18 sparse columns would store 2^18 ranges and make
 * the vectors dense.  The seed and the number of bits travel with the model.
 *
 * Every entry of a vector carries its group (enum feature_group), which the
 * explanations use: removing a group and measuring the change.
 *
 * Ownership: struct fvec and struct feature_raw own their arrays; *_release
 * frees them, *_clear empties them keeping capacity.  A struct features is
 * per thread (it holds a stemmer). */
#ifndef LEADQA_FEATVEC_H
#define LEADQA_FEATVEC_H

#include <stddef.h>
#include <stdint.h>
#include "dialogue.h"
#include "detect.h"

#define FEATURES_LAYOUT "lq-features-4"
#define FEATURES_DEFAULT_HASH_BITS 18
#define FEATURES_DEFAULT_SEED 0x6c65616471610001ULL
#define FEATURES_PC_BUCKETS 256
/* The words of each speaker's first and last this many turns come again in
 * the words block keyed by position (features.c, hash_turn()). */
#define FEATURES_EDGE_TURNS 2
/* The length of the words block (layout 4; 1 before).  One C regularises
 * every column, and against 24 structural figures in [0,1] a block of unit
 * length was held back: cross-validated, length 3 gained 0.003 AUC on
 * booking dialogues, 0.01 on persuasions, 0.005 on the generated corpus
 * (docs/model.md, "Against the plain baseline"). */
#define FEATURES_WORDS_NORM 3.0

enum feature_struct {
	FS_CLIENT_TURNS, FS_BOT_TURNS, FS_OPERATOR_TURNS, FS_CLIENT_WORDS,
	FS_CLIENT_QUESTIONS, FS_HANDOFF, FS_HANDOFF_POS, FS_DOWNLOADS, FS_FORMS,
	FS_CALLS, FS_BOT_DELAY, FS_OPERATOR_DELAY, FS_DURATION, FS_PREMATURE,
	FS_MISSED, FS_CONTEXT_LOST, FS_REPEAT, FS_HAS_CONTACT,
	/* layout 2: what the detectors saw, and how the customer can be reached */
	FS_PROBLEM, FS_RESOLVED, FS_OFFERS, FS_ESCALATION_ASKS, FS_HAS_PHONE,
	FS_HAS_EMAIL,
	FS_COUNT
};
/* Short name of a structural figure, for the model file ("client_turns"). */
const char *feature_struct_name(enum feature_struct f);

enum feature_group {
	FG_WORDS_CLIENT, FG_WORDS_STAFF, FG_TURNS, FG_QUESTIONS, FG_HANDOFF,
	FG_DOWNLOADS, FG_FORMS, FG_CALLS, FG_LATENCY, FG_DURATION,
	FG_CROSS_SELL, FG_ESCALATION, FG_CONTEXT_LOST, FG_REPEAT, FG_PAGE_CHANNEL,
	FG_CONTACT, FG_PROBLEM,
	FG_COUNT
};
enum feature_group feature_struct_group(enum feature_struct f);
#define FG_BIT(g) (1u << (g))
#define FG_ALL ((1u << FG_COUNT) - 1)
#define FG_WORDS (FG_BIT(FG_WORDS_CLIENT) | FG_BIT(FG_WORDS_STAFF))

struct feature_layout {
	uint64_t seed;
	int hash_bits;
};
void feature_layout_default(struct feature_layout *l);
/* Highest feature index of the layout. */
int features_dim(const struct feature_layout *l);

struct fvec {
	int *index;
	double *value;
	unsigned char *group;
	size_t n, alloc;
};
void fvec_clear(struct fvec *v);
void fvec_release(struct fvec *v);
void fvec_push(struct fvec *v, int index, double value, enum feature_group g);
/* Appends every entry of `in` to out, in one copy per array. */
void fvec_append(struct fvec *out, const struct fvec *in);
/* Copies the entries of `in` whose group is in `mask` into out (cleared). */
void fvec_filter(const struct fvec *in, unsigned mask, struct fvec *out);
double fvec_norm2(const struct fvec *v);

/* A dialogue before scaling. */
struct feature_raw {
	double s[FS_COUNT];
	struct fvec sparse;          /* page/channel and words, final indices */
	/* client unigrams: index and stem (offset into stem_text), for reasons */
	int *stem_index;
	size_t *stem_off;
	size_t n_stems, alloc_stems;
	char *stem_text;
	size_t stem_len, stem_alloc;
	char first_download[64];     /* item of the first download, "" when none */
	int n_downloads;
};
void feature_raw_clear(struct feature_raw *r);
void feature_raw_release(struct feature_raw *r);
const char *feature_raw_stem(const struct feature_raw *r, size_t i);

/* Min-max ranges of the structural figures (svm-scale's "-l 0 -u 1"). */
struct feature_scale {
	double lo[FS_COUNT], hi[FS_COUNT];
};
void feature_scale_init(struct feature_scale *sc);        /* empty ranges */
void feature_scale_add(struct feature_scale *sc, const struct feature_raw *r);
/* Scaled figure; 0 for a figure whose range is empty (svm-scale drops it). */
double feature_scale_apply(const struct feature_scale *sc, int f, double x);
/* The full vector: scaled structural figures (zeros left out), then the
 * sparse part.  out is cleared first. */
void features_assemble(const struct feature_raw *r, const struct feature_scale *sc, struct fvec *out);

struct features;
struct features *features_new(const struct feature_layout *l);
void features_free(struct features *f);                   /* accepts NULL */
/* Extracts one dialogue; `det` may be NULL (then the finding figures are 0);
 * prior_contacts: earlier dialogues of the same customer.  turn_tokens: the
 * tokens of each turn as the detector read them (detect_tokens()), which
 * spares tokenizing every turn twice; NULL to tokenize here.  0 or -1. */
struct token_list;
int features_extract(struct features *f, const struct dialogue *d, const struct detect_result *det,
		     int prior_contacts, const struct token_list *turn_tokens, struct feature_raw *out);

/* Median of v[0..n) (v is reordered); 0 for n = 0. */
double features_median(double *v, size_t n);

#endif
