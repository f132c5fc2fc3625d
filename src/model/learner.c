/* learner.c — libsvm and LIBLINEAR behind one small interface (learner.h). */
#include "compat.h"
#include "learner.h"
#include "util.h"

#include <libsvm/svm.h>
#include <linear.h>

#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Rows are passed to both libraries as they are. */
_Static_assert(sizeof(struct learner_node) == sizeof(struct svm_node) &&
	       offsetof(struct learner_node, index) == offsetof(struct svm_node, index) &&
	       offsetof(struct learner_node, value) == offsetof(struct svm_node, value),
	       "learner_node must be libsvm's svm_node");
_Static_assert(sizeof(struct learner_node) == sizeof(struct feature_node) &&
	       offsetof(struct learner_node, index) == offsetof(struct feature_node, index) &&
	       offsetof(struct learner_node, value) == offsetof(struct feature_node, value),
	       "learner_node must be LIBLINEAR's feature_node");

struct learner {
	struct svm_model *svm;
	struct model *lin;
	/* class weights: a libsvm model keeps a pointer to them in its copy
	 * of the parameters, so they live as long as the model */
	int weight_label[2];
	double weight[2];
};

static void quiet_print(const char *s)
{
	(void)s;
}

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

/* Both hooks are process-wide: set once, before the first fit or load. */
static void silence_engines(void)
{
	svm_set_print_string_function(quiet_print);
	set_print_string_function(quiet_print);
}

static void quiet(void)
{
	pthread_once(&quiet_once, silence_engines);
}

static void svm_params(struct svm_parameter *p, const struct learner_params *lp, struct learner *l)
{
	memset(p, 0, sizeof(*p));
	p->svm_type = C_SVC;
	p->kernel_type = lp->rbf ? RBF : LINEAR;
	p->degree = 3;
	p->gamma = lp->gamma;
	p->coef0 = 0;
	p->cache_size = 100;
	p->eps = 1e-3;
	p->C = lp->c;
	if (lp->weighted) {
		p->nr_weight = 2;
		p->weight_label = l->weight_label;
		p->weight = l->weight;
	}
	p->nu = 0.5;
	p->p = 0.1;
	p->shrinking = 1;
	p->probability = lp->probability;
}

static void lin_params(struct parameter *p, const struct learner_params *lp, struct learner *l)
{
	memset(p, 0, sizeof(*p));
	p->solver_type = L2R_LR;
	p->eps = 0.01;
	p->C = lp->c;
	if (lp->weighted) {
		p->nr_weight = 2;
		p->weight_label = l->weight_label;
		p->weight = l->weight;
	}
	p->p = 0.1;
}

struct learner *learner_fit(const struct learner_params *p, struct learner_node *const *x,
			    const double *y, size_t n)
{
	struct learner *l = xcalloc(1, sizeof(*l));
	const char *msg;
	quiet();
	l->weight_label[0] = 1;
	l->weight_label[1] = -1;
	l->weight[0] = p->weight_pos;
	l->weight[1] = p->weight_neg;
	if (!p->liblinear) {
		struct svm_problem prob;
		struct svm_parameter par;
		prob.l = (int)n;
		prob.y = (double *)y;
		prob.x = (struct svm_node **)x;
		svm_params(&par, p, l);
		msg = svm_check_parameter(&prob, &par);
		if (msg) {
			error("%s: %s", p->who ? p->who : "libsvm", msg);
			goto fail;
		}
		if (p->seeded)
			srand(p->seed);
		l->svm = svm_train(&prob, &par);
	} else {
		struct problem prob;
		struct parameter par;
		prob.l = (int)n;
		prob.n = p->n_features;
		prob.bias = 1;
		prob.y = (double *)y;
		prob.x = (struct feature_node **)x;
		lin_params(&par, p, l);
		msg = check_parameter(&prob, &par);
		if (msg) {
			error("%s: %s", p->who ? p->who : "liblinear", msg);
			goto fail;
		}
		l->lin = train(&prob, &par);
		/* train() copies the parameters; the weights are not needed after */
		l->lin->param.weight_label = NULL;
		l->lin->param.weight = NULL;
		l->lin->param.nr_weight = 0;
	}
	return l;
fail:
	free(l);
	return NULL;
}

struct learner *learner_load(const char *path, int liblinear)
{
	struct learner *l = xcalloc(1, sizeof(*l));
	quiet();
	if (liblinear)
		l->lin = load_model(path);
	else
		l->svm = svm_load_model(path);
	if (!l->svm && !l->lin) {
		free(l);
		return NULL;
	}
	return l;
}

int learner_save(const struct learner *l, const char *path)
{
	return (l->svm ? svm_save_model(path, l->svm) : save_model(path, l->lin)) ? -1 : 0;
}

void learner_free(struct learner *l)
{
	if (!l)
		return;
	if (l->svm)
		svm_free_and_destroy_model(&l->svm);
	if (l->lin)
		free_and_destroy_model(&l->lin);
	free(l);
}

int learner_is_liblinear(const struct learner *l)
{
	return l->lin != NULL;
}

int learner_n_classes(const struct learner *l)
{
	return l->svm ? svm_get_nr_class(l->svm) : get_nr_class(l->lin);
}

int learner_has_probability(const struct learner *l)
{
	if (l->lin)     /* logistic regression gives probabilities itself */
		return check_probability_model(l->lin);
	return l->svm && svm_check_probability_model(l->svm);
}

int learner_sign(const struct learner *l)
{
	return (l->svm ? l->svm->label[0] : l->lin->label[0]) == 1 ? 1 : -1;
}

double learner_decision(const struct learner *l, const struct learner_node *x)
{
	double dv = 0;
	if (l->svm) {
		svm_predict_values(l->svm, (const struct svm_node *)x, &dv);
		return l->svm->label[0] == 1 ? dv : -dv;
	}
	predict_values(l->lin, (const struct feature_node *)x, &dv);
	return l->lin->label[0] == 1 ? dv : -dv;
}

double learner_probability(const struct learner *l, const struct learner_node *x)
{
	double p[2] = { 0, 0 };
	if (l->lin && get_nr_class(l->lin) == 2 && check_probability_model(l->lin)) {
		predict_probability(l->lin, (const struct feature_node *)x, p);
		return l->lin->label[0] == 1 ? p[0] : p[1];
	}
	if (!l->svm || svm_get_nr_class(l->svm) != 2)
		return 0;
	svm_predict_probability(l->svm, (const struct svm_node *)x, p);
	return l->svm->label[0] == 1 ? p[0] : p[1];
}

int learner_weights(const struct learner *l, int dim, double *w, double *w0)
{
	if (l->svm) {
		const struct svm_model *m = l->svm;
		/* w = sum alpha_i y_i x_i over the support vectors */
		if (m->param.kernel_type != LINEAR)
			return 0;
		for (int i = 0; i < m->l; i++) {
			double coef = m->sv_coef[0][i];
			for (const struct svm_node *x = m->SV[i]; x->index != -1; x++)
				if (x->index >= 1 && x->index <= dim)
					w[x->index] += coef * x->value;
		}
		*w0 = -m->rho[0];
		return 1;
	}
	if (l->lin) {
		int nf = get_nr_feature(l->lin);
		if (nf != dim + 1 && nf != dim)
			return error("model has %d features, the layout %d", nf, dim);
		for (int i = 1; i <= dim && i <= nf; i++)
			w[i] = l->lin->w[i - 1];
		/* the bias is the weight of feature dim+1 (always 1) plus the model's bias term */
		*w0 = (nf >= dim + 1 ? l->lin->w[dim] : 0) +
			(l->lin->bias >= 0 ? l->lin->bias * l->lin->w[nf] : 0);
		return 1;
	}
	return error("model has no engine");
}

int learner_platt_ab(const struct learner *l, double *a, double *b)
{
	if (!l->svm || !l->svm->probA || !l->svm->probB)
		return 0;
	*a = l->svm->probA[0];
	*b = l->svm->probB[0];
	return 1;
}

double learner_sigmoid(double dec, double a, double b)
{
	double f = dec * a + b;
	return f >= 0 ? exp(-f) / (1.0 + exp(-f)) : 1.0 / (1.0 + exp(f));
}

double learner_sigmoid_clipped(double dec, double a, double b)
{
	double p = learner_sigmoid(dec, a, b);
	if (p < 1e-7)
		p = 1e-7;
	if (p > 1 - 1e-7)
		p = 1 - 1e-7;
	return p;
}
