/* turnclf_learn.h — learning the turn classifiers (turnclf.h applies them).
 *
 * turnclf_learn() cross-validates a classifier per turn tag against the
 * lexicon on the trainers' labels and writes the winners to the model folder;
 * the caller owns the database handle and the result structure. */
#ifndef LEADQA_TURNCLF_LEARN_H
#define LEADQA_TURNCLF_LEARN_H

#include <sqlite3.h>
#include "turnclf.h"

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
	sqlite3 *seed_db;               /* more labeled dialogues (the shipped seed), or NULL */
	const char *glob;               /* labeled dialogues to learn from; NULL = all */
	int folds;                      /* 0 = 5 */
	long max_turns;                 /* sampled above it; 0 = 6000 */
	double margin;                  /* combination must beat lexicon F1 by this; 0 = 0.005 */
	int dry_run;                    /* compare, write nothing */
	int by_source;                  /* one fold per source (id without "-NNNN"):
					 * the rule must win on a source not learned from */
	int keep_all;                   /* also write the models of tags that lost (inactive) */
};

/* One rule and threshold, with its pooled out-of-fold F1 and precision. */
struct turnclf_candidate {
	enum turnclf_rule rule;
	double thr, f1, precision;
};

/* The candidate to use (turnclf_pick.c): the best F1 smoothed over the
 * neighbouring thresholds of the same rule; within `tie` of it the simpler
 * rule (alone, then or, then and), then the more precise. Candidates of one
 * rule must be adjacent and in threshold order. */
size_t turnclf_pick(const struct turnclf_candidate *c, size_t n, double tie);

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
