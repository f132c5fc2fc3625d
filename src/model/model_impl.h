/* model_impl.h — what the parts of the lead-quality model share; private to
 * src/model/ (model.h is the interface).
 *
 *   model.c           the object, its accessors, collapse and prediction
 *   model_train.c     grid search, cross-validation, the final fit
 *   model_metrics.c   figures of probabilities, Platt scaling, the report
 *   model_explain.c   the reasons behind a score
 *   model_file.c      saving and loading the model file */
#ifndef LEADQA_MODEL_IMPL_H
#define LEADQA_MODEL_IMPL_H

#include "model.h"
#include "learner.h"
#include "util.h"

struct lq_model {
	char version[64];
	struct feature_layout layout;
	struct feature_scale scale;
	enum model_learner learner;
	enum model_kernel kernel;
	double c, gamma, weight_pos, weight_neg;
	unsigned seed;
	int has_platt;
	double platt_a, platt_b;
	int64_t as_of, window;
	size_t n_train, n_pos, n_neg;
	char *metrics;               /* JSON */
	char *summary;
	char *table;                 /* the training report for people */
	char options[256];
	double train_seconds;
	/* training only: the rows of the stratified sample LIBLINEAR's C was
	 * searched on (0: searched on all) */
	size_t search_n;
	double cv_auc, cv_accuracy, brier, time_auc;
	/* training only: both learners' CV AUC when libsvm was checked
	 * against LIBLINEAR (NAN otherwise) */
	double svm_cv_auc, linear_cv_auc;
	struct learner *eng;         /* libsvm or LIBLINEAR (learner.h) */
	/* the problem a fresh libsvm model points into */
	struct learner_node **owned_x;
	size_t owned_n;
	/* collapsed linear form: dec = w.x - rho (libsvm) or w.x + bias (LIBLINEAR) */
	double *w;
	int w_dim;
	double w0;
	int collapsed;
	double prob_a, prob_b;       /* libsvm's probA/probB */
	int sign;                    /* +1 when the engine's first label is +1 */
};

struct model_scratch {
	struct learner_node *x;
	size_t alloc;
	struct fvec tmp;
};

/* Figures of a set of probabilities against the truth. */
struct model_figures {
	double auc, accuracy, brier;
	double rel_pred[10], rel_obs[10];
	size_t rel_n[10];
	size_t tp[3], fp[3], fn[3], tn[3];
};

/* The one weight vector of a linear model (m->collapsed), m->sign and
 * libsvm's Platt coefficients; RBF models stay as they are.  0 or -1. */
int model_collapse(struct lq_model *m);
/* m->options: the svm-train options that give the same model. */
void model_build_options(struct lq_model *m);
/* w0 + w.x of a collapsed model. */
double model_dot(const struct lq_model *m, const struct fvec *x);
/* The probability of a linear model (LIBLINEAR, or libsvm collapsed to one
 * weight vector) from its weighted sum d. */
double model_linear_probability(const struct lq_model *m, double d);

void model_figures_of(const double *p, const signed char *y, size_t n, struct model_figures *f);
void model_json_num(struct strbuf *sb, double v);
void model_json_key_num(struct strbuf *sb, const char *key, double v);
void model_json_reliability(struct strbuf *sb, const char *key, const struct model_figures *f);
void model_json_thresholds(struct strbuf *sb, const struct model_figures *f);
void model_json_roc(struct strbuf *sb, const double *p, const signed char *y, size_t n);
/* A baseline's quality: CV and time-split AUC at its best C. */
struct baseline { double cv_auc, time_auc, c; };

/* m->table: the training report for people. */
void model_build_table(struct lq_model *m, const struct model_figures *cvf, const struct model_figures *tf,
		       size_t n_time_test, const struct baseline *pc, const struct baseline *words,
		       size_t wide_below);

#endif
