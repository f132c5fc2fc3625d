/* model.h — the lead-quality classifier: training (stratified k-fold cross-
 * validation, grid search, class weights, calibration), the model file, and
 * prediction with explanations.
 *
 * Learners.  Up to `libsvm_max` labeled dialogues (default 3000) libsvm is
 * tried (RBF kernel by default, probability outputs -b 1 in the final fit
 * only) and LIBLINEAR searched on the same folds is taken instead when its
 * CV AUC is within 0.005; beyond it LIBLINEAR L2-regularised logistic
 * regression alone.  LIBLINEAR's probabilities come from a Platt sigmoid
 * fitted on the cross-validated decision values of the chosen point (class
 * weights bias a weighted LR's probabilities).  Both are overridable.  The
 * search over C (and gamma) is coarse to fine and extends itself past an
 * edge (model_train.c); it runs on a stratified sample above grid_max
 * (libsvm) or search_max (LIBLINEAR) labeled dialogues, the chosen point
 * then cross-validated on all.
 * A libsvm LINEAR-kernel model is collapsed at load into one weight vector
 * w = sum alpha_i y_i x_i, and its probability computed from probA/probB, so
 * it costs one sparse dot product per dialogue; an RBF model costs about one
 * kernel evaluation per support vector, and its training set is bounded.
 *
 * Reproducibility: the folds and the grid are fixed by `seed`; srand(seed) is
 * called right before every libsvm fit with probabilities, so one training
 * set and one set of settings give one model file, byte for byte (seed 1 is
 * also what Debian's svm-train uses, as it never calls srand).
 *
 * The model file (<dir>/<version>.model, written atomically, never replaced):
 *   "leadqa-model 1" then "key value" header lines: version, layout,
 *   hash_seed, hash_bits, dim, learner, kernel, c, gamma, seed, weight_pos,
 *   weight_neg, platt (A B, or "none"), trained_at, as_of, window_days,
 *   n_train, n_pos, n_neg, one "scale NAME LO HI" line per structural figure,
 *   "metrics JSON" (below), and "engine-bytes N" followed by exactly N bytes
 *   of libsvm's (svm_save_model) or LIBLINEAR's (save_model) own model text.
 *   Loading rejects a file whose layout, hash bits or dimension differ from
 *   this program's.
 *
 * Metrics JSON (also stored in models.metrics for the report): an object
 *   cv_auc, cv_accuracy, brier               cross-validated, calibrated
 *   time_auc, time_accuracy, time_brier      train on the older 80%, test on
 *                                            the newest 20% (null when a part
 *                                            lacks a class)
 *   n_train, n_pos, n_neg, folds, learner, kernel, c, gamma
 *   reliability: [{predicted, observed, n}] ten bins of width 0.1
 *   time_reliability: same, on the time split
 *   thresholds: [{t, precision, recall, tp, fp, fn, tn}] for t = 75, 50, 25
 *   grid: [{c, gamma, auc}] the grid-search surface (gamma 0 for linear)
 *   roc: [{fpr, tpr}] at most 100 points, from (0,0) to (1,1)
 *   baselines: {page_channel: {cv_auc, time_auc}, words: {cv_auc, time_auc}}
 *   held_back: {n, qualified, not_qualified, window_days} labeled dialogues
 *              left out of training because their window was still open
 *   learner_choice: {libsvm_cv_auc, liblinear_cv_auc} when an automatic
 *              libsvm was checked against LIBLINEAR on the same folds
 *   train_seconds is NOT in the file (it would break byte-identity); it is
 *   printed, and added to models.metrics only.
 *
 * Ownership: model_* functions that return a pointer hand it to the caller
 * (model_free); struct train_set owns its arrays (train_set_release). */
#ifndef LEADQA_MODEL_H
#define LEADQA_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "featvec.h"
#include "reasons.h"
#include "util.h"

#define MODEL_FORMAT "leadqa-model 1"

enum model_learner { LEARNER_AUTO, LEARNER_LIBSVM, LEARNER_LIBLINEAR };
enum model_kernel { KERNEL_AUTO, KERNEL_LINEAR, KERNEL_RBF };
const char *model_learner_name(enum model_learner l);   /* "libsvm", "liblinear" */
const char *model_kernel_name(enum model_kernel k);     /* "linear", "rbf" */

struct train_settings {
	enum model_learner learner;
	enum model_kernel kernel;
	int folds;               /* default 5 */
	unsigned seed;           /* default 1 */
	size_t libsvm_max;       /* most labeled dialogues for libsvm; default 3000 */
	size_t min_per_class;    /* refuse below; default 20 */
	size_t wide_below;       /* warn that the estimate is wide; default 300 */
	size_t grid_max;         /* libsvm grid search on a stratified sample of
				    at most this many; default 400 */
	size_t search_max;       /* above this many labeled, LIBLINEAR's C (the
				    model's and each baseline's) is searched on a
				    stratified sample of at most this many, the
				    chosen C then cross-validated on all;
				    default 20000 */
	int threads;             /* grid points in parallel; default 2 */
	int baselines;           /* also compute the two baselines; default 1 */
	double fixed_c, fixed_gamma;   /* > 0: no grid over that parameter */
	int64_t as_of;           /* recorded in the file */
	int64_t window;          /* seconds, recorded in the file */
	/* labeled dialogues left out because their window was still open
	 * (outcome_hold_back_recent), recorded in the metrics as held_back */
	size_t held_back, held_back_pos, held_back_neg;
};
void train_settings_init(struct train_settings *s);

/* The labeled dialogues, features assembled and scaled. */
struct train_set {
	struct feature_layout layout;
	struct feature_scale scale;
	struct fvec *x;
	signed char *y;          /* +1 qualified, -1 not */
	int64_t *t;              /* start time, for the time split */
	char **id;
	size_t n, alloc;
};
void train_set_release(struct train_set *ts);
/* Writes the set in libsvm's text format ("+1 3:0.5 17:1 ..."), %.17g values. */
int train_set_dump(const struct train_set *ts, const char *path);

struct lq_model;

/* Trains.  Returns the model, or NULL after an error message; *refused is set
 * when the reason is too little data (fewer than min_per_class of a class). */
struct lq_model *model_train(const struct train_set *ts, const struct train_settings *s,
			     int *refused);
/* The version is set by the caller before saving ("lq-20261124-0001"). */
void model_set_version(struct lq_model *m, const char *version);
const char *model_version(const struct lq_model *m);
/* The metrics JSON (borrowed). */
const char *model_metrics_json(const struct lq_model *m);
/* One line for people: "cv AUC 0.91, time-split AUC 0.88, ..." (borrowed). */
const char *model_summary(const struct lq_model *m);
/* The training report as a table for people (learner, counts, AUCs of the
 * model and the baselines, accuracy, Brier, precision and recall at 75/50/25,
 * the ten-bin reliability table); "" for a loaded model (borrowed). */
const char *model_table(const struct lq_model *m);
double model_metric(const struct lq_model *m, const char *name);  /* cv_auc, time_auc, cv_accuracy, brier; NAN when absent */
const char *model_learner_used(const struct lq_model *m);
const char *model_kernel_used(const struct lq_model *m);
size_t model_n_train(const struct lq_model *m);
size_t model_n_pos(const struct lq_model *m);
const struct feature_layout *model_layout(const struct lq_model *m);
const struct feature_scale *model_scale(const struct lq_model *m);
double model_train_seconds(const struct lq_model *m);
/* libsvm parameters as svm-train options: "-s 0 -t 2 -c 8 -g 0.5 -b 1 -w1 2.5 -w-1 1"
 * (empty for LIBLINEAR), so that the tools can repeat the fit. */
const char *model_svmtrain_options(const struct lq_model *m);

/* Writes the model file at path atomically; fails if path exists. */
int model_save(const struct lq_model *m, const char *path);
struct lq_model *model_load(const char *path);
void model_free(struct lq_model *m);                  /* accepts NULL */

/* Per-thread working memory for prediction. */
struct model_scratch;
struct model_scratch *model_scratch_new(const struct lq_model *m);
void model_scratch_free(struct model_scratch *s);

/* Probability of "qualified" for one assembled, scaled vector. */
double model_predict(const struct lq_model *m, struct model_scratch *s, const struct fvec *x);
/* Decision value (positive: qualified). */
double model_decision(const struct lq_model *m, struct model_scratch *s, const struct fvec *x);

/* Up to `max` reasons, joined by "; " into out: the feature groups (the
 * client's words counted by their cue groups, reasons.h) whose removal
 * moves the probability most either way, at least 0.005, each as "+ " or
 * "\u2212 " and a phrase of the dictionary in language lang.  raw gives
 * the stems and counts.  p is model_predict(x).  Returns the number of
 * reasons. */
int model_explain(const struct lq_model *m, struct model_scratch *s, const struct fvec *x,
		  const struct feature_raw *raw, double p, int max, enum reason_lang lang,
		  struct strbuf *out);

/* Helpers exposed for tests. */
/* The reason for the earlier-contacts figure (stored as log1p(count)):
 * "returning customer (1 earlier dialogue)". */
void model_say_returning(double repeat_figure, struct strbuf *out);
/* A grid point for the training log: "C=2" (linear) or "C=2, gamma=0.125". */
void model_grid_label(char *buf, size_t size, double c, double gamma, int rbf);
double model_auc(const double *score, const signed char *y, size_t n);
void model_platt_fit(const double *dec, const signed char *y, size_t n, double *a, double *b);
double model_platt(double dec, double a, double b);

#endif
