/* model.c — the lead-quality model as an object: its accessors, the
 * collapse of a linear model into one weight vector, and prediction (see
 * model.h).  Training is model_train.c, the file model_file.c. */
#include "compat.h"
#include "model.h"
#include "learner.h"
#include "model_impl.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names and settings ---- */

const char *model_learner_name(enum model_learner l)
{
	return l == LEARNER_LIBLINEAR ? "liblinear" : "libsvm";
}

const char *model_kernel_name(enum model_kernel k)
{
	return k == KERNEL_RBF ? "rbf" : "linear";
}

void model_set_version(struct lq_model *m, const char *version)
{
	snprintf(m->version, sizeof(m->version), "%s", version);
}

const char *model_version(const struct lq_model *m) { return m->version; }
const char *model_metrics_json(const struct lq_model *m) { return m->metrics ? m->metrics : "{}"; }
const char *model_summary(const struct lq_model *m) { return m->summary ? m->summary : ""; }
const char *model_table(const struct lq_model *m) { return m->table ? m->table : ""; }
const char *model_learner_used(const struct lq_model *m) { return model_learner_name(m->learner); }
const char *model_kernel_used(const struct lq_model *m) { return model_kernel_name(m->kernel); }
size_t model_n_train(const struct lq_model *m) { return m->n_train; }
size_t model_n_pos(const struct lq_model *m) { return m->n_pos; }
const struct feature_layout *model_layout(const struct lq_model *m) { return &m->layout; }
const struct feature_scale *model_scale(const struct lq_model *m) { return &m->scale; }
double model_train_seconds(const struct lq_model *m) { return m->train_seconds; }
const char *model_svmtrain_options(const struct lq_model *m) { return m->options; }

double model_metric(const struct lq_model *m, const char *name)
{
	if (!strcmp(name, "cv_auc"))
		return m->cv_auc;
	if (!strcmp(name, "time_auc"))
		return m->time_auc;
	if (!strcmp(name, "cv_accuracy"))
		return m->cv_accuracy;
	if (!strcmp(name, "brier"))
		return m->brier;
	return NAN;
}

void model_free(struct lq_model *m)
{
	if (!m)
		return;
	learner_free(m->eng);
	for (size_t i = 0; i < m->owned_n; i++)
		free(m->owned_x[i]);
	free(m->owned_x);
	free(m->w);
	free(m->metrics);
	free(m->summary);
	free(m->table);
	free(m);
}
void model_build_options(struct lq_model *m)
{
	if (m->learner != LEARNER_LIBSVM) {
		m->options[0] = '\0';
		return;
	}
	if (m->kernel == KERNEL_RBF)
		snprintf(m->options, sizeof(m->options), "-s 0 -t 2 -c %.17g -g %.17g -b 1 -w1 %.17g -w-1 %.17g",
			 m->c, m->gamma, m->weight_pos, m->weight_neg);
	else
		snprintf(m->options, sizeof(m->options), "-s 0 -t 0 -c %.17g -b 1 -w1 %.17g -w-1 %.17g",
			 m->c, m->weight_pos, m->weight_neg);
}
/* ---- the linear collapse ---- */

/* w = sum alpha_i y_i x_i for a LINEAR-kernel libsvm model; LIBLINEAR's own
 * weights otherwise.  RBF models stay as they are. */
int model_collapse(struct lq_model *m)
{
	int dim = features_dim(&m->layout), rc;
	if (!m->eng)
		return error("model has no engine");
	m->sign = learner_sign(m->eng);
	if (!learner_is_liblinear(m->eng)) {
		learner_platt_ab(m->eng, &m->prob_a, &m->prob_b);
		if (m->kernel != KERNEL_LINEAR)
			return 0;
	}
	m->w = xcalloc((size_t)dim + 2, sizeof(double));
	m->w_dim = dim;
	rc = learner_weights(m->eng, dim, m->w, &m->w0);
	if (rc < 0)
		return -1;
	m->collapsed = rc;
	return 0;
}
/* ---- prediction ---- */

double model_platt(double dec, double a, double b)
{
	return learner_sigmoid(dec, a, b);
}

struct model_scratch *model_scratch_new(const struct lq_model *m)
{
	(void)m;
	return xcalloc(1, sizeof(struct model_scratch));
}

void model_scratch_free(struct model_scratch *s)
{
	if (!s)
		return;
	free(s->x);
	fvec_release(&s->tmp);
	free(s);
}

double model_dot(const struct lq_model *m, const struct fvec *x)
{
	double d = m->w0;
	for (size_t i = 0; i < x->n; i++)
		if (x->index[i] >= 1 && x->index[i] <= m->w_dim)
			d += m->w[x->index[i]] * x->value[i];
	return d;
}

static const struct learner_node *scratch_nodes(struct model_scratch *s, const struct fvec *x)
{
	if (s->alloc < x->n + 1) {
		s->alloc = x->n + 1;
		s->x = xrealloc(s->x, s->alloc * sizeof(*s->x));
	}
	for (size_t i = 0; i < x->n; i++) {
		s->x[i].index = x->index[i];
		s->x[i].value = x->value[i];
	}
	s->x[x->n].index = -1;
	s->x[x->n].value = 0;
	return s->x;
}

double model_decision(const struct lq_model *m, struct model_scratch *s, const struct fvec *x)
{
	double dv = 0;
	if (m->collapsed) {
		dv = model_dot(m, x);
		return learner_is_liblinear(m->eng) ? dv : m->sign * dv;
	}
	return learner_decision(m->eng, scratch_nodes(s, x));
}

/* The probability of a linear model (LIBLINEAR, or libsvm collapsed to one
 * weight vector) from its weighted sum d. */
double model_linear_probability(const struct lq_model *m, double d)
{
	double p;
	if (learner_is_liblinear(m->eng))
		return model_platt(d, m->platt_a, m->platt_b);
	/* libsvm's own probability of this decision value */
	p = learner_sigmoid_clipped(d, m->prob_a, m->prob_b);
	return m->sign > 0 ? p : 1 - p;
}

double model_predict(const struct lq_model *m, struct model_scratch *s, const struct fvec *x)
{
	if (learner_is_liblinear(m->eng) || m->collapsed)
		return model_linear_probability(m, model_dot(m, x));
	return learner_probability(m->eng, scratch_nodes(s, x));
}
