/* turnclf.h — learned turn acts: one linear model per turn tag (LIBLINEAR
 * logistic regression; a linear libsvm model with Platt's probabilities,
 * "engine libsvm" in its head, loads as well),
 * trained on the trainers' turn tags, combined with the lexicon cues of the
 * detector only where held-out comparison shows that the combination beats
 * the lexicon alone.
 *
 * Features of a turn (layout TURNCLF_LAYOUT), all hashed or dense, so a
 * turn costs one sparse dot product per tag:
 *  - its stems, and character 3- to 5-grams of its case-folded words (typos,
 *    transliteration, Russian endings the stemmer misses), hashed into
 *    TURNCLF_HASH_DIM slots; the stems of the previous and next turns with
 *    their own prefixes (so "оператор" said before differs from now);
 *  - speaker, relative position, length, '!'/'?' counts, shouting, whether a
 *    handoff came before;
 *  - the lexicon's own tags on the turn and its neighbours (cues are
 *    features, not gates);
 *  - offer form, on bot and operator turns: a price, a percentage,
 *    "free"/trial, a discount word, a quoted product name;
 *  - relations: how much a customer turn repeats the customer's earlier
 *    turns, whether the agent's reply shares content with the question it
 *    answers, whether an agent turn repeats an earlier agent turn;
 *  - stance (layout 3): an agent turn proposing that the customer act
 *    ("would you like", «хотите»), or asking how much; a customer turn
 *    speaking of themselves, or giving a view or a doubt.
 * Block features are scaled to unit length so that long turns do not
 * dominate; a hashed slot hit twice holds the sum (a sum keeps the model a
 * dot product over the raw features, no sort needed when applying).
 *
 * A combination rule is "or" (lexicon tag, or classifier probability >=
 * threshold: finds what the lexicon misses), "and" (lexicon tag only when
 * the classifier agrees with probability >= threshold: drops false alarms)
 * or "alone" (the classifier's tag, whatever the lexicon says).
 *
 * Files in the model folder, for each tag whose combination won:
 *   turnclf-<tag>.model   the libsvm model (svm_save_model format)
 *   turnclf-<tag>.head    "key value" lines: layout, tag, rule, threshold,
 *                         the cross-validated F1 of lexicon and combination
 * and turnclf-cv.txt, the record of the last comparison for every tag.
 *
 * A loaded set is read-only and may be shared by threads, each with its own
 * struct turnclf_scratch. */
#ifndef LEADQA_TURNCLF_H
#define LEADQA_TURNCLF_H

#include <stddef.h>
#include <stdio.h>
#include "detect.h"
#include "dialogue.h"

#define TURNCLF_LAYOUT 3
#define TURNCLF_HASH_BITS 15
#define TURNCLF_HASH_DIM (1 << TURNCLF_HASH_BITS)
/* Minimum turns of each class (by trainers' majority) before a tag is learned. */
#define TURNCLF_MIN_CLASS 30

enum turnclf_rule { TURNCLF_LEXICON, TURNCLF_OR, TURNCLF_AND, TURNCLF_ALONE };
/* "lexicon", "or", "and", "alone" */
const char *turnclf_rule_name(enum turnclf_rule r);

/* One sparse feature; index >= 1, ascending in a vector. */
struct turnclf_feature {
	int index;
	double value;
};
struct turnclf_vec {
	struct turnclf_feature *f;
	size_t n, alloc;
};
void turnclf_vec_release(struct turnclf_vec *v);

struct turnclf_scratch;
struct turnclf_scratch *turnclf_scratch_new(void);
void turnclf_scratch_free(struct turnclf_scratch *s);     /* accepts NULL */

/* Makes s ready for the turns of d: toks (one list a turn, as
 * detect_tokens() gives them after the detector judged d) is borrowed so
 * that no turn is tokenized twice; NULL tokenizes here.  Valid until d or
 * toks change. */
struct token_list;
void turnclf_prepare(struct turnclf_scratch *s, const struct dialogue *d,
		     const struct token_list *toks);
/* Features of turn index i (0-based) of d into v (cleared first), after
 * turnclf_prepare(s, d, ...) (done here, tokenizing, when s was prepared
 * for another dialogue).  lex_tags[j] is the bit set (1 << tag) of the
 * lexicon's tags on turn j. */
void turnclf_features(struct turnclf_scratch *s, const struct dialogue *d, size_t i,
		      const unsigned *lex_tags, struct turnclf_vec *v);
/* The lexicon tags of a detect_result as bit sets per turn: out[n-1]. */
void turnclf_tag_bits(const struct detect_result *r, size_t n_turns, unsigned *out);

/* ---- the loaded, active classifiers ---- */

struct turnclf_set;
/* Loads every turnclf-<tag>.model with its .head from dir.  A folder with
 * none gives an empty set (turnclf_active() == 0).  A head whose rule is
 * "lexicon" (written by a learning run that kept every model, for
 * comparison) loads but stays inactive.  NULL after an error naming the
 * file. */
struct turnclf_set *turnclf_load(const char *dir);
/* Did a learning run leave its record (turnclf-cv.txt) in dir? */
int turnclf_present(const char *dir);
/* Where the classifiers in use are: the model folder once the nightly has
 * learned them there, else the lexicon folder (where `eval --learn` puts
 * them, and where shipped ones would lie). */
const char *turnclf_dir(const char *model_dir, const char *lexicon_dir);
/* For comparison only: every loaded model decides its tag alone at p >= 0.5,
 * the lexicon's tags of those tags are ignored. */
void turnclf_use_alone(struct turnclf_set *set);
void turnclf_free(struct turnclf_set *set);              /* accepts NULL */
/* Number of tags with an active classifier. */
int turnclf_active(const struct turnclf_set *set);
/* The rule and threshold for tag t (TURNCLF_LEXICON when none). */
enum turnclf_rule turnclf_rule_of(const struct turnclf_set *set, enum turn_tag t, double *threshold);

/* Adds and removes turn tags of r (a lexicon result for d) as the active
 * rules say; tags it adds carry the cue "classifier:<tag> p=0.87".  Returns
 * the number of tags added plus removed, or -1 on error.  The findings of r
 * are left as they were: detector_rederive() derives them again. */
int turnclf_apply(const struct turnclf_set *set, struct turnclf_scratch *s,
		  const struct dialogue *d, struct detect_result *r);
/* The same with the tokens of the detector's pass (detect_tokens()), so
 * that no turn is tokenized again; toks may be NULL. */
int turnclf_apply_toks(const struct turnclf_set *set, struct turnclf_scratch *s,
		       const struct dialogue *d, const struct token_list *toks,
		       struct detect_result *r);

/* The whole combined detector for one dialogue: detector_run(), then the
 * active classifiers (set may be NULL or empty), then detector_rederive()
 * when they changed a tag.  This is what score and eval call.  0 or -1. */
int turnclf_judge(const struct detector *det, struct detect_scratch *ds,
		  const struct turnclf_set *set, struct turnclf_scratch *s,
		  const struct dialogue *d, struct detect_result *r);

#endif
