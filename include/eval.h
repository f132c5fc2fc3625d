/* eval.h — how well the detectors agree with the trainers (formats.md
 * section 5 labels against the findings and turn tags of detect.h).
 *
 * What is judged:
 * - each finding kind, per dialogue: the detector's verdict against the
 *   trainers' majority.  premature-cross-sell and missed-escalation come from
 *   the <verdict> attributes; handoff-context-lost from the turn tags: a
 *   trainer who tagged turns of a dialogue says "yes" when one of them is
 *   handoff-context-lost and "no" otherwise (a trainer who tagged no turn has
 *   no opinion on it).
 * - each turn tag, per (dialogue, turn) of the dialogues that trainers tagged
 *   turns of: the detector's tag on turn n against the majority of the
 *   trainers who tagged turns in that dialogue.
 * - agreement between trainers: Cohen's kappa per pair of trainers and per
 *   finding kind, over the dialogues both gave an opinion on.
 *
 * Majority rule: positive only with a strict majority of the opinions
 * (yes > no); a tie counts as negative and is counted in `ties`.
 *
 * Where the detector's verdicts come from: by default eval runs the detector
 * (lexicons, plus the active turn classifiers of turnclf.h) on every labeled
 * dialogue itself, so that it does not depend on `leadqa score` having run;
 * with `stored` it reads the findings and turn_tags tables that score wrote.
 *
 * Ownership: an eval_labels or eval_report owns every string and array in it;
 * the *_release functions free them (and accept a zeroed struct). */
#ifndef LEADQA_EVAL_H
#define LEADQA_EVAL_H

#include <stddef.h>
#include <sqlite3.h>
#include "detect.h"

/* ---- pure figures ---- */

struct eval_counts {
	long tp, fp, fn, tn;
};
void eval_counts_add(struct eval_counts *c, int detected, int truth);
/* 0 when undefined (no positive prediction / no positive truth). */
double eval_precision(const struct eval_counts *c);
double eval_recall(const struct eval_counts *c);
double eval_f1(const struct eval_counts *c);

/* 2x2 table of two raters: yy = both yes, yn = a yes b no, ny, nn. */
struct eval_table2 {
	long yy, yn, ny, nn;
};
/* Cohen's kappa; NaN when undefined (no items, or chance agreement 1). */
double eval_kappa(const struct eval_table2 *t);

/* Majority of opinions: 1 with a strict majority of yes, else 0; *tie set
 * when yes == no > 0 (may be NULL).  -1 when there is no opinion at all. */
int eval_majority(int n_yes, int n_no, int *tie);

/* ---- trainers' labels ---- */

/* One trainer's opinion on one dialogue; verdicts -1 = no opinion, 0, 1. */
struct eval_opinion {
	char *trainer;
	signed char verdict[FINDING_KINDS];
	int tagged_turns;               /* how many turn tags this trainer gave */
};

struct eval_turn_label {
	int opinion;                    /* index into the dialogue's opinions */
	int n;                          /* turn number */
	enum turn_tag tag;
};

struct eval_labeled {
	char *id;
	struct eval_opinion *ops;
	size_t n_ops, alloc_ops;
	struct eval_turn_label *turns;
	size_t n_turns, alloc_turns;
};

struct eval_labels {
	struct eval_labeled *items;     /* sorted by id once finished */
	size_t n, alloc;
	size_t n_sorted;                /* items[0..n_sorted) are in id order */
	long unknown_tags;              /* label_turns rows with an unknown tag */
};

/* Adds one trainer's verdicts (NULL/"" = absent, else "yes"/"no").  Calls
 * for one dialogue must come together, in any trainer order. */
void eval_labels_add(struct eval_labels *l, const char *dialogue, const char *trainer,
		     const char *premature, const char *missed);
/* Adds a tagged turn; the opinion is created when the trainer is new.
 * Returns -1 for an unknown tag name (counted, nothing added). */
int eval_labels_add_turn(struct eval_labels *l, const char *dialogue, const char *trainer,
			 int n, const char *tag);
/* Sorts by id, so that eval_labels_find works. */
void eval_labels_finish(struct eval_labels *l);
const struct eval_labeled *eval_labels_find(const struct eval_labels *l, const char *id);
/* Reads the labels and label_turns tables; `glob` (fnmatch pattern on the
 * dialogue id, NULL = all) selects a subset.  0 or -1. */
int eval_labels_load(sqlite3 *db, const char *glob, struct eval_labels *l);
void eval_labels_release(struct eval_labels *l);

/* Trainers' opinion counts on a finding kind for one dialogue. */
void eval_opinions(const struct eval_labeled *ld, enum finding_kind k, int *n_yes, int *n_no);
/* Trainers' majority on turn n / tag t of one dialogue: 1, 0, or -1 when no
 * trainer tagged turns of it; *tie as in eval_majority. */
int eval_turn_truth(const struct eval_labeled *ld, int n, enum turn_tag t, int *tie);

/* ---- one evaluation ---- */

struct eval_disagreement {
	char *dialogue_id;
	enum finding_kind kind;
	int detector;                   /* 0 / 1 */
	int trainers;                   /* majority: 0 / 1 */
	int n_yes, n_no;                /* the trainers' opinions */
	char *turns;                    /* detector's evidence turns "2,5", "" */
	char *reason;                   /* detector's reason (English), "" */
};

struct eval_pair {
	char *a, *b;                    /* trainers, a < b */
	long shared;                    /* dialogues both labeled */
	struct eval_table2 t[FINDING_KINDS];
	double kappa[FINDING_KINDS];    /* NaN when undefined */
};

struct eval_report {
	long n_labeled;                 /* labeled dialogues selected */
	long n_multi;                   /* of which with 2+ trainers */
	long n_missing;                 /* labeled, but no such dialogue loaded */
	long n_judged;                  /* labeled dialogues evaluated */
	long n_turn_dialogues;          /* of which trainers tagged turns */
	struct eval_counts finding[FINDING_KINDS];
	long finding_ties[FINDING_KINDS];
	struct eval_counts tag[TAG_COUNT];
	long tag_ties[TAG_COUNT];
	/* The lexicon alone, when turn classifiers were combined in
	 * (has_combined); finding and tag above are then the combination. */
	int has_combined;
	struct eval_counts lex_finding[FINDING_KINDS];
	struct eval_counts lex_tag[TAG_COUNT];
	struct eval_disagreement *dis;
	size_t n_dis, alloc_dis;
	struct eval_pair *pairs;        /* only pairs with >= min_shared */
	size_t n_pairs, alloc_pairs;
	int min_shared;
	int stored;                     /* verdicts read from score's tables */
};

/* Judges one labeled dialogue of n_turns turns: adds to the counts and the
 * disagreement list.  `lex` (may be NULL) is the lexicon-only result when
 * `r` is a combination. */
void eval_judge(struct eval_report *rep, const struct eval_labeled *ld, int n_turns,
		const struct detect_result *r, const struct detect_result *lex);
/* Fills rep->pairs: kappa per pair of trainers sharing >= min_shared dialogues. */
void eval_agreement(struct eval_report *rep, const struct eval_labels *l, int min_shared);

struct eval_options {
	const char *glob;               /* dialogue id pattern; NULL = all */
	const char *model_dir;          /* turn classifiers */
	const char *lexicon_dir;        /* the lexicons; NULL = model_dir */
	int stored;                     /* use score's findings, do not run the detector */
	int lexicon_only;               /* ignore the turn classifiers */
	int classifiers_alone;          /* every loaded classifier decides alone (turnclf_use_alone) */
	int min_shared;                 /* for kappa pairs; 0 = default 5 */
};

/* The whole evaluation.  Returns 0; 1 when there is nothing to evaluate
 * (no labels, or with `stored` no findings), the reason printed; -1 on an
 * error. */
int eval_run(sqlite3 *db, const struct eval_options *o, struct eval_report *rep);
void eval_report_release(struct eval_report *rep);

#endif
