/* learner.h — the one door to libsvm and LIBLINEAR.
 *
 * learner.c is the only file that includes <libsvm/svm.h> and <linear.h>.
 * Whatever the two libraries keep process-wide is set here and only here:
 * their print hooks (silenced once, on first use) and libsvm's random
 * source (srand, reseeded before a fit that asks for it, because -b 1
 * shuffles its internal cross-validation with rand()).
 *
 * A row is an array of struct learner_node ended by index -1, laid out
 * exactly as both libraries' nodes, so rows are handed over without a copy.
 * A fitted libsvm model points into the rows it was trained on: the caller
 * keeps them alive for the model's lifetime (libsvm's README).
 *
 * Decision values and probabilities are oriented to the label +1: positive
 * decision values and probabilities above 0.5 mean +1, whichever label the
 * library happened to store first. */
#ifndef LEADQA_LEARNER_H
#define LEADQA_LEARNER_H

#include <stddef.h>

struct learner_node {
	int index;                   /* 1-based; -1 ends the row */
	double value;
};

struct learner_params {
	int liblinear;               /* 0: libsvm C-SVC; 1: LIBLINEAR L2-regularised LR */
	int rbf;                     /* libsvm: RBF kernel, else linear */
	double c, gamma;
	int weighted;                /* class weights for the labels +1 and -1 */
	double weight_pos, weight_neg;
	int probability;             /* libsvm: fit Platt's A, B as well (-b 1) */
	int seeded;                  /* srand(seed) just before libsvm trains */
	unsigned seed;
	int n_features;              /* LIBLINEAR: columns, the bias column included */
	const char *who;             /* prefix of error messages; NULL: the library's name */
};

struct learner;

/* Trains on rows x[0..n) with labels y (+1 / -1).  NULL after an error
 * message when the parameters are refused.  Thread-safe unless p->seeded. */
struct learner *learner_fit(const struct learner_params *p, struct learner_node *const *x,
			    const double *y, size_t n);
/* Reads a model file of the library named; NULL when it cannot. */
struct learner *learner_load(const char *path, int liblinear);
/* Writes the library's own model file: 0, or -1 (no message). */
int learner_save(const struct learner *l, const char *path);
void learner_free(struct learner *l);                     /* accepts NULL */

int learner_is_liblinear(const struct learner *l);
int learner_n_classes(const struct learner *l);
/* libsvm: was the model fitted with probability estimates (-b 1)?
 * LIBLINEAR: is it logistic regression (its own probabilities)? */
int learner_has_probability(const struct learner *l);
/* +1 when the library stored the label +1 first, else -1. */
int learner_sign(const struct learner *l);

/* Decision value for the label +1. */
double learner_decision(const struct learner *l, const struct learner_node *x);
/* The probability of the label +1: libsvm's (-b 1) or LIBLINEAR logistic
 * regression's; 0 unless two classes. */
double learner_probability(const struct learner *l, const struct learner_node *x);

/* A linear model as one weight vector, oriented as the library stores it
 * (multiply by learner_sign() for the label +1): decision = w0 + w.x over
 * the indices 1..dim.  w must hold dim + 1 zeroed doubles.  Returns 1 when
 * collapsed, 0 for a model that is not linear (RBF), -1 after an error. */
int learner_weights(const struct learner *l, int dim, double *w, double *w0);
/* libsvm's Platt coefficients; 0 when the model has none. */
int learner_platt_ab(const struct learner *l, double *a, double *b);

/* Platt's sigmoid 1 / (1 + exp(a * dec + b)), written as libsvm's
 * sigmoid_predict() to keep 1 - p exact. */
double learner_sigmoid(double dec, double a, double b);
/* The same clipped to [1e-7, 1 - 1e-7], as libsvm's -b 1 predictions are:
 * the probability that libsvm itself gives for a decision value. */
double learner_sigmoid_clipped(double dec, double a, double b);

#endif
