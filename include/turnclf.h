/* turnclf.h — learned turn classifiers: one libsvm model per turn tag,
 * trained on the trainers' turn tags, combined with the lexicon cues of the
 * detector only where cross-validation shows that the combination beats the
 * lexicon alone.
 *
 * Features of a turn (layout TURNCLF_LAYOUT): its stemmed words hashed into
 * TURNCLF_HASH_DIM slots, the words of the previous and next turns hashed
 * with their own prefixes (so "оператор" said before differs from
 * "оператор" said now), speaker one-hot, relative position, length,
 * '!'/'?' counts, shouting, and the lexicon's own tags on the turn and its
 * neighbours.  Word features are scaled by 1/sqrt(count) so that long turns
 * do not dominate; everything lies in [0, 1].
 *
 * A combination rule is "or" (lexicon tag, or classifier probability >=
 * threshold: finds what the lexicon misses) or "and" (lexicon tag only when
 * the classifier agrees with probability >= threshold: drops false alarms).
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
#include <sqlite3.h>
#include "detect.h"
#include "dialogue.h"

#define TURNCLF_LAYOUT 1
#define TURNCLF_HASH_BITS 15
#define TURNCLF_HASH_DIM (1 << TURNCLF_HASH_BITS)
/* Minimum turns of each class (by trainers' majority) before a tag is learned. */
#define TURNCLF_MIN_CLASS 30

enum turnclf_rule { TURNCLF_LEXICON, TURNCLF_OR, TURNCLF_AND };
const char *turnclf_rule_name(enum turnclf_rule r);   /* "lexicon", "or", "and" */

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

/* Features of turn index i (0-based) of d into v (cleared first).
 * lex_tags[j] is the bit set (1 << tag) of the lexicon's tags on turn j. */
void turnclf_features(struct turnclf_scratch *s, const struct dialogue *d, size_t i,
		      const unsigned *lex_tags, struct turnclf_vec *v);
/* The lexicon tags of a detect_result as bit sets per turn: out[n-1]. */
void turnclf_tag_bits(const struct detect_result *r, size_t n_turns, unsigned *out);

/* ---- the loaded, active classifiers ---- */

struct turnclf_set;
/* Loads every turnclf-<tag>.model with its .head from dir.  A folder with
 * none gives an empty set (turnclf_active() == 0).  NULL after an error
 * naming the file. */
struct turnclf_set *turnclf_load(const char *dir);
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

/* The whole combined detector for one dialogue: detector_run(), then the
 * active classifiers (set may be NULL or empty), then detector_rederive()
 * when they changed a tag.  This is what score and eval call.  0 or -1. */
int turnclf_judge(const struct detector *det, struct detect_scratch *ds,
		  const struct turnclf_set *set, struct turnclf_scratch *s,
		  const struct dialogue *d, struct detect_result *r);

/* ---- learning ---- */

struct turnclf_tag_cv {
	enum turn_tag tag;
	long n_pos, n_neg;              /* labeled turns by majority (before sampling) */
	long n_used;                    /* turns used for training (after sampling) */
	int learned;                    /* enough turns to try */
	double f1_lexicon;              /* out-of-fold, same turns */
	double f1_combined;             /* best rule */
	double f1_classifier;           /* classifier alone at 0.5 */
	enum turnclf_rule rule;         /* chosen; TURNCLF_LEXICON = lexicon kept */
	double threshold;
	double seconds;
};

/* The whole comparison: per tag, and per finding with every chosen
 * combination applied together and the findings derived again from the
 * out-of-fold tags (has_findings: the finding pass ran). */
struct turnclf_cv {
	struct turnclf_tag_cv tag[TAG_COUNT];
	int has_findings;
	double finding_f1_lexicon[FINDING_KINDS];
	double finding_f1_combined[FINDING_KINDS];
	int dropped;                    /* tags that won alone but do not help the findings */
};

struct turnclf_learn_options {
	const char *model_dir;          /* classifiers out */
	const char *lexicon_dir;        /* the lexicons; NULL = model_dir */
	const char *glob;               /* labeled dialogues to learn from; NULL = all */
	int folds;                      /* 0 = 5 */
	long max_turns;                 /* sampled above it; 0 = 6000 */
	double margin;                  /* combination must beat lexicon F1 by this; 0 = 0.005 */
	int dry_run;                    /* compare, write nothing */
};

/* Cross-validates (folds grouped by dialogue) a classifier for every tag with
 * enough labeled turns and keeps, per tag, the combination rule that beats
 * the lexicon on out-of-fold turn F1.  Then the findings are derived again
 * from the out-of-fold tags and those classifiers are added one at a time
 * (forward selection) while one raises the findings' F1 without lowering any
 * finding by more than the margin; the rest are dropped.  The winners (and
 * turnclf-cv.txt) are written into model_dir, stale ones of tags that lost
 * removed.  0 or -1. */
int turnclf_learn(sqlite3 *db, const struct turnclf_learn_options *o, struct turnclf_cv *cv);

/* Reads back turnclf-cv.txt: 1 when found (cv filled), 0 when absent, -1. */
int turnclf_read_cv(const char *dir, struct turnclf_cv *cv);

#endif
