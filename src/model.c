/* model.c — training, the model file, prediction and explanations of the
 * lead-quality classifier (see model.h).  The only module that sees libsvm
 * and LIBLINEAR. */
#include "model.h"
#include "safefile.h"
#include "util.h"

#include <libsvm/svm.h>
#include <linear.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GRID_C_LO (-5)
#define GRID_C_HI 15
#define GRID_G_LO (-7)
#define GRID_G_HI 3
#define GRID_STEP 2
/* Linear models: past C = 32 the fits only slow down (LIBLINEAR's solver
 * needs many more iterations) and CV AUC falls on every corpus tried. */
#define GRID_LIN_C_LO (-7)
#define GRID_LIN_C_HI 5

/* ---- names and settings ---- */

const char *model_learner_name(enum model_learner l)
{
	return l == LEARNER_LIBLINEAR ? "liblinear" : "libsvm";
}

const char *model_kernel_name(enum model_kernel k)
{
	return k == KERNEL_RBF ? "rbf" : "linear";
}

void train_settings_init(struct train_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->folds = 5;
	s->seed = 1;
	s->libsvm_max = 3000;
	s->min_per_class = 20;
	s->wide_below = 300;
	s->grid_max = 400;
	s->threads = 2;
	s->baselines = 1;
	s->window = 30 * 86400;
}

void train_set_release(struct train_set *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		fvec_release(&ts->x[i]);
		free(ts->id[i]);
	}
	free(ts->x);
	free(ts->y);
	free(ts->t);
	free(ts->id);
	memset(ts, 0, sizeof(*ts));
}

int train_set_dump(const struct train_set *ts, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;
	for (size_t i = 0; i < ts->n; i++) {
		strbuf_addf(&sb, "%+d", ts->y[i]);
		for (size_t j = 0; j < ts->x[i].n; j++)
			strbuf_addf(&sb, " %d:%.17g", ts->x[i].index[j], ts->x[i].value[j]);
		strbuf_addch(&sb, '\n');
	}
	ret = write_file_atomic(path, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return ret;
}

/* ---- the model ---- */

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
	double cv_auc, cv_accuracy, brier, time_auc;
	/* engines */
	struct svm_model *svm;
	struct model *lin;
	/* the problem a fresh libsvm model points into */
	struct svm_node **owned_x;
	size_t owned_n;
	/* collapsed linear form: dec = w.x - rho (libsvm) or w.x + bias (LIBLINEAR) */
	double *w;
	int w_dim;
	double w0;
	int collapsed;
	double prob_a, prob_b;       /* libsvm's probA/probB */
	/* A one-vector LINEAR model whose decision value equals its input's
	 * single feature: gives libsvm's exact probability for a decision value
	 * computed with w. */
	struct svm_model *proxy;
	struct svm_node proxy_sv[2];
	struct svm_node *proxy_svp[1];
	double proxy_coef[1], *proxy_coefp[1], proxy_rho[1], proxy_a[1], proxy_b[1];
	int proxy_label[2], proxy_nsv[2];
	int sign;                    /* +1 when the engine's first label is +1 */
};

static void quiet_print(const char *s)
{
	(void)s;
}

static void silence_engines(void)
{
	svm_set_print_string_function(quiet_print);
	set_print_string_function(quiet_print);
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
	if (m->svm)
		svm_free_and_destroy_model(&m->svm);
	if (m->lin)
		free_and_destroy_model(&m->lin);
	for (size_t i = 0; i < m->owned_n; i++)
		free(m->owned_x[i]);
	free(m->owned_x);
	free(m->proxy);
	free(m->w);
	free(m->metrics);
	free(m->summary);
	free(m->table);
	free(m);
}

/* ---- small statistics ---- */

struct scored { double s; signed char y; };

static int by_score(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	return x->s < y->s ? -1 : x->s > y->s;
}

/* Mann-Whitney: the chance that a random positive outranks a random
 * negative, ties counting half.  NAN when a class is missing. */
double model_auc(const double *score, const signed char *y, size_t n)
{
	struct scored *v = xmalloc((n ? n : 1) * sizeof(*v));
	double npos = 0, nneg = 0, rank_sum = 0;
	for (size_t i = 0; i < n; i++) {
		v[i].s = score[i];
		v[i].y = y[i];
	}
	qsort(v, n, sizeof(*v), by_score);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double avg;
		while (j < n && v[j].s == v[i].s)
			j++;
		avg = (double)(i + j + 1) / 2.0;   /* ranks i+1 .. j */
		for (size_t k = i; k < j; k++) {
			if (v[k].y > 0) {
				npos++;
				rank_sum += avg;
			} else {
				nneg++;
			}
		}
		i = j;
	}
	free(v);
	if (npos == 0 || nneg == 0)
		return NAN;
	return (rank_sum - npos * (npos + 1) / 2) / (npos * nneg);
}

double model_platt(double dec, double a, double b)
{
	double f = dec * a + b;
	return f >= 0 ? exp(-f) / (1.0 + exp(-f)) : 1.0 / (1.0 + exp(f));
}

static double platt_loss(const double *dec, const double *t, size_t n, double a, double b)
{
	double f = 0;
	for (size_t i = 0; i < n; i++) {
		double z = dec[i] * a + b;
		f += z >= 0 ? t[i] * z + log1p(exp(-z)) : (t[i] - 1) * z + log1p(exp(z));
	}
	return f;
}

/* Platt's sigmoid with the improvements of Lin, Lin and Weng (the method of
 * libsvm's -b 1): Newton steps with a backtracking line search on targets
 * smoothed away from 0 and 1.  p(+1) = 1 / (1 + exp(a * dec + b)). */
void model_platt_fit(const double *dec, const signed char *y, size_t n, double *a, double *b)
{
	double prior1 = 0, prior0 = 0, hi, lo, fval, *t = xmalloc((n ? n : 1) * sizeof(double));
	double A = 0, B;
	for (size_t i = 0; i < n; i++)
		y[i] > 0 ? prior1++ : prior0++;
	hi = (prior1 + 1) / (prior1 + 2);
	lo = 1 / (prior0 + 2);
	for (size_t i = 0; i < n; i++)
		t[i] = y[i] > 0 ? hi : lo;
	B = log((prior0 + 1) / (prior1 + 1));
	fval = platt_loss(dec, t, n, A, B);
	for (int iter = 0; iter < 100; iter++) {
		double h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0, det, dA, dB, gd, step;
		for (size_t i = 0; i < n; i++) {
			double p = model_platt(dec[i], A, B), q = 1 - p, d1 = t[i] - p, d2 = p * q;
			h11 += dec[i] * dec[i] * d2;
			h22 += d2;
			h21 += dec[i] * d2;
			g1 += dec[i] * d1;
			g2 += d1;
		}
		if (fabs(g1) < 1e-5 && fabs(g2) < 1e-5)
			break;
		det = h11 * h22 - h21 * h21;
		dA = -(h22 * g1 - h21 * g2) / det;
		dB = -(-h21 * g1 + h11 * g2) / det;
		gd = g1 * dA + g2 * dB;
		for (step = 1; step >= 1e-10; step /= 2) {
			double nf = platt_loss(dec, t, n, A + step * dA, B + step * dB);
			if (nf < fval + 1e-4 * step * gd) {
				A += step * dA;
				B += step * dB;
				fval = nf;
				break;
			}
		}
		if (step < 1e-10)
			break;
	}
	free(t);
	*a = A;
	*b = B;
}

/* ---- engines over a shared problem ---- */

struct problem_data {
	int borrowed;                     /* rows belong to another problem_data */
	size_t n;
	const signed char *y;
	struct svm_node **svm_x;          /* -1 terminated */
	struct feature_node **lin_x;      /* bias node, then -1 */
	int dim;
};

struct fit_params {
	enum model_learner learner;
	enum model_kernel kernel;
	double c, gamma, weight_pos, weight_neg;
	int probability;
};

static struct svm_node *to_svm_nodes(const struct fvec *v)
{
	struct svm_node *x = xmalloc((v->n + 1) * sizeof(*x));
	for (size_t i = 0; i < v->n; i++) {
		x[i].index = v->index[i];
		x[i].value = v->value[i];
	}
	x[v->n].index = -1;
	x[v->n].value = 0;
	return x;
}

static struct feature_node *to_lin_nodes(const struct fvec *v, unsigned mask, int dim)
{
	struct feature_node *x = xmalloc((v->n + 2) * sizeof(*x));
	size_t k = 0;
	for (size_t i = 0; i < v->n; i++) {
		if (!(mask & FG_BIT(v->group[i])))
			continue;
		x[k].index = v->index[i];
		x[k].value = v->value[i];
		k++;
	}
	x[k].index = dim + 1;       /* the bias term */
	x[k].value = 1;
	x[k + 1].index = -1;
	x[k + 1].value = 0;
	return x;
}

static void problem_init(struct problem_data *pd, const struct train_set *ts, unsigned mask,
			 int need_svm, int need_lin)
{
	memset(pd, 0, sizeof(*pd));
	pd->n = ts->n;
	pd->y = ts->y;
	pd->dim = features_dim(&ts->layout);
	if (need_svm) {
		pd->svm_x = xmalloc((ts->n ? ts->n : 1) * sizeof(*pd->svm_x));
		for (size_t i = 0; i < ts->n; i++)
			pd->svm_x[i] = to_svm_nodes(&ts->x[i]);
	}
	if (need_lin) {
		pd->lin_x = xmalloc((ts->n ? ts->n : 1) * sizeof(*pd->lin_x));
		for (size_t i = 0; i < ts->n; i++)
			pd->lin_x[i] = to_lin_nodes(&ts->x[i], mask, pd->dim);
	}
}

static void problem_release(struct problem_data *pd)
{
	if (pd->borrowed) {
		free(pd->svm_x);
		free(pd->lin_x);
		free((void *)pd->y);
		return;
	}
	for (size_t i = 0; pd->svm_x && i < pd->n; i++)
		free(pd->svm_x[i]);
	for (size_t i = 0; pd->lin_x && i < pd->n; i++)
		free(pd->lin_x[i]);
	free(pd->svm_x);
	free(pd->lin_x);
}

static void svm_params(struct svm_parameter *p, const struct fit_params *fp, int *wl, double *w)
{
	memset(p, 0, sizeof(*p));
	p->svm_type = C_SVC;
	p->kernel_type = fp->kernel == KERNEL_RBF ? RBF : LINEAR;
	p->degree = 3;
	p->gamma = fp->gamma;
	p->coef0 = 0;
	p->cache_size = 100;
	p->eps = 1e-3;
	p->C = fp->c;
	wl[0] = 1;
	wl[1] = -1;
	w[0] = fp->weight_pos;
	w[1] = fp->weight_neg;
	p->nr_weight = 2;
	p->weight_label = wl;
	p->weight = w;
	p->nu = 0.5;
	p->p = 0.1;
	p->shrinking = 1;
	p->probability = fp->probability;
}

static void lin_params(struct parameter *p, const struct fit_params *fp, int *wl, double *w)
{
	memset(p, 0, sizeof(*p));
	p->solver_type = L2R_LR;
	p->eps = 0.01;
	p->C = fp->c;
	wl[0] = 1;
	wl[1] = -1;
	w[0] = fp->weight_pos;
	w[1] = fp->weight_neg;
	p->nr_weight = 2;
	p->weight_label = wl;
	p->weight = w;
	p->p = 0.1;
}

/* Trains on rows[0..n) and writes decision values (positive: qualified) for
 * test[0..m) into out.  Thread-safe when fp->probability is 0. */
static int fit_and_decide(const struct problem_data *pd, const struct fit_params *fp,
			  const size_t *rows, size_t n, const size_t *test, size_t m, double *out)
{
	double *y = xmalloc((n ? n : 1) * sizeof(double)), w[2];
	int wl[2], ret = -1;
	for (size_t i = 0; i < n; i++)
		y[i] = pd->y[rows[i]];
	if (fp->learner == LEARNER_LIBSVM) {
		struct svm_problem prob;
		struct svm_parameter par;
		struct svm_model *sm;
		const char *msg;
		prob.l = (int)n;
		prob.y = y;
		prob.x = xmalloc((n ? n : 1) * sizeof(*prob.x));
		for (size_t i = 0; i < n; i++)
			prob.x[i] = pd->svm_x[rows[i]];
		svm_params(&par, fp, wl, w);
		msg = svm_check_parameter(&prob, &par);
		if (msg) {
			error("libsvm: %s", msg);
			free(prob.x);
			goto out;
		}
		sm = svm_train(&prob, &par);
		for (size_t i = 0; i < m; i++) {
			double dv = 0;
			svm_predict_values(sm, pd->svm_x[test[i]], &dv);
			out[i] = sm->label[0] == 1 ? dv : -dv;
		}
		svm_free_and_destroy_model(&sm);
		free(prob.x);
	} else {
		struct problem prob;
		struct parameter par;
		struct model *lm;
		const char *msg;
		prob.l = (int)n;
		prob.n = pd->dim + 1;
		prob.y = y;
		prob.bias = 1;
		prob.x = xmalloc((n ? n : 1) * sizeof(*prob.x));
		for (size_t i = 0; i < n; i++)
			prob.x[i] = pd->lin_x[rows[i]];
		lin_params(&par, fp, wl, w);
		msg = check_parameter(&prob, &par);
		if (msg) {
			error("liblinear: %s", msg);
			free(prob.x);
			goto out;
		}
		lm = train(&prob, &par);
		for (size_t i = 0; i < m; i++) {
			double dv = 0;
			predict_values(lm, pd->lin_x[test[i]], &dv);
			out[i] = lm->label[0] == 1 ? dv : -dv;
		}
		free_and_destroy_model(&lm);
		free(prob.x);
	}
	ret = 0;
out:
	free(y);
	return ret;
}

/* ---- folds ---- */

static uint64_t splitmix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Stratified: each class shuffled with the seed, then dealt round-robin. */
static int *make_folds(const signed char *y, size_t n, int k, unsigned seed)
{
	int *fold = xmalloc((n ? n : 1) * sizeof(int));
	size_t *idx = xmalloc((n ? n : 1) * sizeof(size_t));
	uint64_t st = seed;
	for (int cls = -1; cls <= 1; cls += 2) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (y[i] == cls)
				idx[m++] = i;
		for (size_t i = m; i > 1; i--) {
			size_t j = (size_t)(splitmix(&st) % i), t = idx[i - 1];
			idx[i - 1] = idx[j];
			idx[j] = t;
		}
		for (size_t i = 0; i < m; i++)
			fold[idx[i]] = (int)(i % (size_t)k);
	}
	free(idx);
	return fold;
}

/* Out-of-fold decision values for every row. */
static int cross_decide(const struct problem_data *pd, const struct fit_params *fp,
			const int *fold, int k, double *dec)
{
	size_t *tr = xmalloc((pd->n ? pd->n : 1) * sizeof(size_t));
	size_t *te = xmalloc((pd->n ? pd->n : 1) * sizeof(size_t));
	double *out = xmalloc((pd->n ? pd->n : 1) * sizeof(double));
	int ret = 0;
	for (int f = 0; f < k && !ret; f++) {
		size_t ntr = 0, nte = 0;
		for (size_t i = 0; i < pd->n; i++) {
			if (fold[i] == f)
				te[nte++] = i;
			else
				tr[ntr++] = i;
		}
		ret = fit_and_decide(pd, fp, tr, ntr, te, nte, out);
		for (size_t i = 0; i < nte && !ret; i++)
			dec[te[i]] = out[i];
	}
	free(tr);
	free(te);
	free(out);
	return ret;
}

/* A stratified sample of at most `max` rows of pd, borrowing its rows: the
 * libsvm grid search runs on it (each fit grows as n^2), as the libsvm guide
 * suggests for large sets; the chosen point is then checked on all rows. */
static void problem_sample(const struct problem_data *pd, size_t max, unsigned seed,
			   struct problem_data *out)
{
	int parts = (int)((pd->n + max - 1) / max);
	int *fold = make_folds(pd->y, pd->n, parts, seed);
	signed char *y = xmalloc(pd->n ? pd->n : 1);
	memset(out, 0, sizeof(*out));
	out->borrowed = 1;
	out->dim = pd->dim;
	out->svm_x = pd->svm_x ? xmalloc((pd->n ? pd->n : 1) * sizeof(*out->svm_x)) : NULL;
	out->lin_x = pd->lin_x ? xmalloc((pd->n ? pd->n : 1) * sizeof(*out->lin_x)) : NULL;
	for (size_t i = 0; i < pd->n; i++) {
		if (fold[i])
			continue;
		if (pd->svm_x)
			out->svm_x[out->n] = pd->svm_x[i];
		if (pd->lin_x)
			out->lin_x[out->n] = pd->lin_x[i];
		y[out->n++] = pd->y[i];
	}
	out->y = y;
	free(fold);
}

/* ---- grid search ---- */

struct grid_point {
	double c, gamma, auc;
	double *dec;
	int failed;
};

struct grid_job {
	const struct problem_data *pd;
	struct fit_params base;
	const int *fold;
	int k;
	struct grid_point *pts;
	size_t n_pts, next, done;
	pthread_mutex_t lock;
	double started;
};

static void *grid_worker(void *arg)
{
	struct grid_job *job = arg;
	for (;;) {
		size_t i;
		struct fit_params fp = job->base;
		struct grid_point *pt;
		pthread_mutex_lock(&job->lock);
		i = job->next++;
		pthread_mutex_unlock(&job->lock);
		if (i >= job->n_pts)
			break;
		pt = &job->pts[i];
		fp.c = pt->c;
		fp.gamma = pt->gamma;
		pt->dec = xmalloc((job->pd->n ? job->pd->n : 1) * sizeof(double));
		pt->failed = cross_decide(job->pd, &fp, job->fold, job->k, pt->dec);
		pt->auc = pt->failed ? NAN : model_auc(pt->dec, job->pd->y, job->pd->n);
		pthread_mutex_lock(&job->lock);
		job->done++;
		{
			double el = mono_seconds() - job->started;
			double left = el / (double)job->done * (double)(job->n_pts - job->done);
			info("train: grid point %zu of %zu (C=%g%s%g, %d folds): AUC %.4f, about %.0f s left",
			     job->done, job->n_pts, pt->c, fp.kernel == KERNEL_RBF ? ", gamma=" : "",
			     fp.kernel == KERNEL_RBF ? pt->gamma : 0.0, job->k, pt->auc, left);
		}
		pthread_mutex_unlock(&job->lock);
	}
	return NULL;
}

static int run_grid(struct grid_job *job, int threads)
{
	pthread_t th[8];
	int started = 0;
	if (threads < 1)
		threads = 1;
	if (threads > 8)
		threads = 8;
	pthread_mutex_init(&job->lock, NULL);
	job->started = mono_seconds();
	for (int i = 1; i < threads; i++)
		if (!pthread_create(&th[started], NULL, grid_worker, job))
			started++;
	grid_worker(job);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&job->lock);
	for (size_t i = 0; i < job->n_pts; i++)
		if (job->pts[i].failed)
			return -1;
	return 0;
}

/* ---- figures of a set of probabilities ---- */

struct figures {
	double auc, accuracy, brier;
	double rel_pred[10], rel_obs[10];
	size_t rel_n[10];
	size_t tp[3], fp[3], fn[3], tn[3];
};

static const int grade_thresholds[3] = { 75, 50, 25 };

static void compute_figures(const double *p, const signed char *y, size_t n, struct figures *f)
{
	size_t correct = 0;
	double sq = 0;
	memset(f, 0, sizeof(*f));
	f->auc = model_auc(p, y, n);
	for (size_t i = 0; i < n; i++) {
		int pos = y[i] > 0, bin = (int)(p[i] * 10);
		if (bin > 9)
			bin = 9;
		if (bin < 0)
			bin = 0;
		correct += (p[i] >= 0.5) == pos;
		sq += (p[i] - pos) * (p[i] - pos);
		f->rel_pred[bin] += p[i];
		f->rel_obs[bin] += pos;
		f->rel_n[bin]++;
		for (int t = 0; t < 3; t++) {
			int flag = lround(100 * p[i]) >= grade_thresholds[t];
			if (flag && pos)
				f->tp[t]++;
			else if (flag)
				f->fp[t]++;
			else if (pos)
				f->fn[t]++;
			else
				f->tn[t]++;
		}
	}
	f->accuracy = n ? (double)correct / (double)n : NAN;
	f->brier = n ? sq / (double)n : NAN;
	for (int b = 0; b < 10; b++) {
		if (f->rel_n[b]) {
			f->rel_pred[b] /= (double)f->rel_n[b];
			f->rel_obs[b] /= (double)f->rel_n[b];
		}
	}
}

static void json_num(struct strbuf *sb, double v)
{
	if (isnan(v) || isinf(v))
		strbuf_adds(sb, "null");
	else
		strbuf_addf(sb, "%.6g", v);
}

static void json_key_num(struct strbuf *sb, const char *key, double v)
{
	strbuf_addf(sb, "\"%s\":", key);
	json_num(sb, v);
}

static void json_reliability(struct strbuf *sb, const char *key, const struct figures *f)
{
	strbuf_addf(sb, "\"%s\":[", key);
	for (int b = 0; b < 10; b++) {
		strbuf_adds(sb, b ? ",{" : "{");
		json_key_num(sb, "predicted", f->rel_n[b] ? f->rel_pred[b] : (b + 0.5) / 10);
		strbuf_addch(sb, ',');
		json_key_num(sb, "observed", f->rel_n[b] ? f->rel_obs[b] : NAN);
		strbuf_addf(sb, ",\"n\":%zu}", f->rel_n[b]);
	}
	strbuf_addch(sb, ']');
}

static void json_thresholds(struct strbuf *sb, const struct figures *f)
{
	strbuf_adds(sb, "\"thresholds\":[");
	for (int t = 0; t < 3; t++) {
		double prec = f->tp[t] + f->fp[t] ? (double)f->tp[t] / (double)(f->tp[t] + f->fp[t]) : NAN;
		double rec = f->tp[t] + f->fn[t] ? (double)f->tp[t] / (double)(f->tp[t] + f->fn[t]) : NAN;
		strbuf_addf(sb, "%s{\"t\":%d,", t ? "," : "", grade_thresholds[t]);
		json_key_num(sb, "precision", prec);
		strbuf_addch(sb, ',');
		json_key_num(sb, "recall", rec);
		strbuf_addf(sb, ",\"tp\":%zu,\"fp\":%zu,\"fn\":%zu,\"tn\":%zu}",
			    f->tp[t], f->fp[t], f->fn[t], f->tn[t]);
	}
	strbuf_addch(sb, ']');
}

/* At most 100 points of the ROC curve, from (0,0) to (1,1). */
static void json_roc(struct strbuf *sb, const double *p, const signed char *y, size_t n)
{
	struct scored *v = xmalloc((n ? n : 1) * sizeof(*v));
	size_t npos = 0, nneg = 0, tp = 0, fp = 0, step;
	strbuf_adds(sb, "\"roc\":[{\"fpr\":0,\"tpr\":0}");
	for (size_t i = 0; i < n; i++) {
		v[i].s = -p[i];
		v[i].y = y[i];
		y[i] > 0 ? npos++ : nneg++;
	}
	qsort(v, n, sizeof(*v), by_score);
	step = n / 98 + 1;
	for (size_t i = 0; i < n && npos && nneg;) {
		size_t j = i;
		while (j < n && (j - i < step || v[j].s == v[j - 1].s))
			j++;
		for (size_t k = i; k < j; k++)
			v[k].y > 0 ? tp++ : fp++;
		if (j < n) {
			strbuf_adds(sb, ",{");
			json_key_num(sb, "fpr", (double)fp / (double)nneg);
			strbuf_addch(sb, ',');
			json_key_num(sb, "tpr", (double)tp / (double)npos);
			strbuf_addch(sb, '}');
		}
		i = j;
	}
	strbuf_adds(sb, ",{\"fpr\":1,\"tpr\":1}]");
	free(v);
}

/* ---- the time split ---- */

struct time_order { int64_t t; size_t i; };

static int by_time(const void *a, const void *b)
{
	const struct time_order *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Rows sorted by start; the first *ntr are the older 80%. */
static size_t *time_split(const struct train_set *ts, size_t *ntr)
{
	struct time_order *o = xmalloc((ts->n ? ts->n : 1) * sizeof(*o));
	size_t *rows = xmalloc((ts->n ? ts->n : 1) * sizeof(size_t));
	for (size_t i = 0; i < ts->n; i++) {
		o[i].t = ts->t[i];
		o[i].i = i;
	}
	qsort(o, ts->n, sizeof(*o), by_time);
	for (size_t i = 0; i < ts->n; i++)
		rows[i] = o[i].i;
	free(o);
	*ntr = ts->n * 8 / 10;
	return rows;
}

/* Decision values of the newest 20% from a fit on the older 80%; y of the
 * test rows into ty.  Returns the number of test rows, 0 when a part lacks
 * a class. */
static size_t time_decide(const struct problem_data *pd, const struct train_set *ts,
			  const struct fit_params *fp, double *dec, signed char *ty)
{
	size_t ntr, nte, pos_tr = 0, pos_te = 0;
	size_t *rows = time_split(ts, &ntr);
	nte = ts->n - ntr;
	for (size_t i = 0; i < ts->n; i++)
		if (ts->y[rows[i]] > 0)
			(i < ntr ? pos_tr++ : pos_te++);
	if (!ntr || !nte || !pos_tr || pos_tr == ntr || !pos_te || pos_te == nte ||
	    fit_and_decide(pd, fp, rows, ntr, rows + ntr, nte, dec)) {
		free(rows);
		return 0;
	}
	for (size_t i = 0; i < nte; i++)
		ty[i] = ts->y[rows[ntr + i]];
	free(rows);
	return nte;
}

/* ---- baselines ---- */

struct baseline { double cv_auc, time_auc, c; };

/* A baseline gets its own C from a small grid, chosen by CV AUC on the same
 * folds as the model: a baseline held at one C can look worse than it is
 * (a C too large for a few page cells overfits them, and their out-of-fold
 * scores then rank below chance), which would flatter the model. */
static void run_baseline(const struct train_set *ts, unsigned mask, const int *fold, int k,
			 const struct fit_params *weights, struct baseline *out)
{
	static const int log2_c[] = { -7, -5, -3, -1, 1 };
	struct problem_data pd;
	struct fit_params fp = *weights;
	double *dec = xmalloc((ts->n ? ts->n : 1) * sizeof(double));
	signed char *ty = xmalloc(ts->n ? ts->n : 1);
	size_t nte;
	fp.learner = LEARNER_LIBLINEAR;
	fp.kernel = KERNEL_LINEAR;
	fp.probability = 0;
	problem_init(&pd, ts, mask, 0, 1);
	out->cv_auc = NAN;
	out->c = 1;
	for (size_t i = 0; i < sizeof(log2_c) / sizeof(log2_c[0]); i++) {
		double auc;
		fp.c = ldexp(1, log2_c[i]);
		auc = cross_decide(&pd, &fp, fold, k, dec) ? NAN : model_auc(dec, ts->y, ts->n);
		if (!isnan(auc) && (isnan(out->cv_auc) || auc > out->cv_auc)) {
			out->cv_auc = auc;
			out->c = fp.c;
		}
	}
	fp.c = out->c;
	nte = time_decide(&pd, ts, &fp, dec, ty);
	out->time_auc = nte ? model_auc(dec, ty, nte) : NAN;
	problem_release(&pd);
	free(dec);
	free(ty);
}

/* ---- the training report ---- */

static void table_num(struct strbuf *sb, int width, double v)
{
	if (isnan(v))
		strbuf_addf(sb, "%*s", width, "-");
	else
		strbuf_addf(sb, "%*.3f", width, v);
}

static void table_auc(struct strbuf *sb, const char *what, double cv, double tm)
{
	strbuf_addf(sb, "  %-28s", what);
	table_num(sb, 8, cv);
	table_num(sb, 12, tm);
	strbuf_addch(sb, '\n');
}

static void build_table(struct lq_model *m, const struct figures *cvf, const struct figures *tf,
			size_t n_time_test, const struct baseline *pc, const struct baseline *words,
			size_t wide_below)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "learner    %s, %s kernel, C %g", model_learner_name(m->learner),
		    model_kernel_name(m->kernel), m->c);
	if (m->kernel == KERNEL_RBF)
		strbuf_addf(&sb, ", gamma %g", m->gamma);
	strbuf_addf(&sb, "\nlabeled    %zu: %zu qualified, %zu not qualified (time-split test: newest %zu)\n",
		    m->n_train, m->n_pos, m->n_neg, n_time_test);
	if (m->n_train < wide_below)
		strbuf_addf(&sb, "warning    only %zu labeled dialogues: every figure below is wide"
			    " (an AUC is good to about +-%.2f)\n", m->n_train,
			    2 * sqrt(0.25 / (double)(m->n_pos ? m->n_pos : 1)));
	strbuf_addf(&sb, "\n  %-28s%8s%12s\n", "AUC", "cv", "time-split");
	table_auc(&sb, "model", cvf->auc, tf->auc);
	table_auc(&sb, "baseline: page + channel", pc->cv_auc, pc->time_auc);
	table_auc(&sb, "baseline: words alone", words->cv_auc, words->time_auc);
	table_auc(&sb, "accuracy (p >= 0.5)", cvf->accuracy, tf->accuracy);
	table_auc(&sb, "Brier score", cvf->brier, tf->brier);
	strbuf_addf(&sb, "\n  %-10s%11s%9s%7s%7s\n", "score >=", "precision", "recall", "tp", "fp");
	for (int t = 0; t < 3; t++) {
		size_t tp = cvf->tp[t], fp = cvf->fp[t], fn = cvf->fn[t];
		strbuf_addf(&sb, "  %-10d", grade_thresholds[t]);
		table_num(&sb, 11, tp + fp ? (double)tp / (double)(tp + fp) : NAN);
		table_num(&sb, 9, tp + fn ? (double)tp / (double)(tp + fn) : NAN);
		strbuf_addf(&sb, "%7zu%7zu\n", tp, fp);
	}
	strbuf_adds(&sb, "\n  reliability (cross-validated)\n");
	strbuf_addf(&sb, "  %-10s%11s%10s%7s\n", "bin", "predicted", "observed", "n");
	for (int b = 0; b < 10; b++) {
		strbuf_addf(&sb, "  %.1f-%.1f   ", b / 10.0, (b + 1) / 10.0);
		if (cvf->rel_n[b])
			strbuf_addf(&sb, "%11.3f%10.3f%7zu\n", cvf->rel_pred[b], cvf->rel_obs[b], cvf->rel_n[b]);
		else
			strbuf_addf(&sb, "%11s%10s%7d\n", "-", "-", 0);
	}
	m->table = strbuf_detach(&sb);
}

/* ---- training ---- */

static size_t count_pos(const signed char *y, size_t n)
{
	size_t p = 0;
	for (size_t i = 0; i < n; i++)
		p += y[i] > 0;
	return p;
}

static void choose_learner(struct lq_model *m, const struct train_settings *s, size_t n)
{
	m->learner = s->learner != LEARNER_AUTO ? s->learner
		   : n <= s->libsvm_max ? LEARNER_LIBSVM : LEARNER_LIBLINEAR;
	if (m->learner == LEARNER_LIBLINEAR)
		m->kernel = KERNEL_LINEAR;
	else
		m->kernel = s->kernel != KERNEL_AUTO ? s->kernel : KERNEL_RBF;
}

static struct grid_point *make_grid(const struct lq_model *m, const struct train_settings *s, size_t *n)
{
	struct grid_point *pts = xcalloc(11 * 6 + 1, sizeof(*pts));
	size_t k = 0;
	int lo = m->kernel == KERNEL_RBF ? GRID_C_LO : GRID_LIN_C_LO;
	int hi = m->kernel == KERNEL_RBF ? GRID_C_HI : GRID_LIN_C_HI;
	for (int lc = lo; lc <= hi; lc += GRID_STEP) {
		double c = s->fixed_c > 0 ? s->fixed_c : ldexp(1, lc);
		if (m->kernel == KERNEL_RBF) {
			for (int lg = GRID_G_LO; lg <= GRID_G_HI; lg += GRID_STEP) {
				pts[k].c = c;
				pts[k++].gamma = s->fixed_gamma > 0 ? s->fixed_gamma : ldexp(1, lg);
				if (s->fixed_gamma > 0)
					break;
			}
		} else {
			pts[k].c = c;
			pts[k++].gamma = 0;
		}
		if (s->fixed_c > 0)
			break;
	}
	*n = k;
	return pts;
}

static void json_grid(struct strbuf *sb, const struct grid_point *pts, size_t n)
{
	strbuf_adds(sb, "\"grid\":[");
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(sb, "%s{\"c\":%.6g,\"gamma\":%.6g,", i ? "," : "", pts[i].c, pts[i].gamma);
		json_key_num(sb, "auc", pts[i].auc);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
}

/* libsvm keeps pointers into the problem: the model owns the rows. */
static int final_fit(struct lq_model *m, const struct problem_data *pd, const struct fit_params *fp)
{
	int wl[2];
	double w[2];
	const char *msg;
	if (m->learner == LEARNER_LIBSVM) {
		struct svm_problem prob;
		struct svm_parameter par;
		prob.l = (int)pd->n;
		prob.y = xmalloc((pd->n ? pd->n : 1) * sizeof(double));
		prob.x = xmalloc((pd->n ? pd->n : 1) * sizeof(*prob.x));
		for (size_t i = 0; i < pd->n; i++) {
			prob.y[i] = pd->y[i];
			prob.x[i] = pd->svm_x[i];
		}
		svm_params(&par, fp, wl, w);
		par.weight_label = xmalloc(2 * sizeof(int));
		par.weight = xmalloc(2 * sizeof(double));
		memcpy(par.weight_label, wl, sizeof(wl));
		memcpy(par.weight, w, sizeof(w));
		msg = svm_check_parameter(&prob, &par);
		if (msg) {
			free(prob.y);
			free(prob.x);
			svm_destroy_param(&par);
			return error("libsvm: %s", msg);
		}
		srand(m->seed);
		m->svm = svm_train(&prob, &par);
		/* the model keeps pointers to the rows and its own copy of param */
		svm_destroy_param(&par);
		free(prob.y);
		free(prob.x);
	} else {
		struct problem prob;
		struct parameter par;
		prob.l = (int)pd->n;
		prob.n = pd->dim + 1;
		prob.bias = 1;
		prob.y = xmalloc((pd->n ? pd->n : 1) * sizeof(double));
		prob.x = pd->lin_x;
		for (size_t i = 0; i < pd->n; i++)
			prob.y[i] = pd->y[i];
		lin_params(&par, fp, wl, w);
		msg = check_parameter(&prob, &par);
		if (msg) {
			free(prob.y);
			return error("liblinear: %s", msg);
		}
		m->lin = train(&prob, &par);
		/* train() copies param; its weight arrays stay ours */
		m->lin->param.weight_label = NULL;
		m->lin->param.weight = NULL;
		m->lin->param.nr_weight = 0;
		free(prob.y);
	}
	return 0;
}

static void build_options(struct lq_model *m)
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

static int collapse(struct lq_model *m);

struct lq_model *model_train(const struct train_set *ts, const struct train_settings *s, int *refused)
{
	struct lq_model *m = xcalloc(1, sizeof(*m));
	struct problem_data pd;
	struct grid_job job;
	struct grid_point *pts = NULL, *best;
	struct problem_data sample;
	int *sample_fold = NULL;
	double *best_dec, *full_dec = NULL;
	struct fit_params fp;
	struct figures cvf, tf;
	struct baseline b_pc = { NAN, NAN, NAN }, b_words = { NAN, NAN, NAN };
	struct strbuf js = STRBUF_INIT, sum = STRBUF_INIT;
	double *p = NULL, *tdec = NULL, t0 = mono_seconds();
	signed char *ty = NULL;
	int *fold = NULL, k = s->folds < 2 ? 2 : s->folds;
	size_t npts = 0, nte;

	*refused = 0;
	silence_engines();
	m->layout = ts->layout;
	m->scale = ts->scale;
	m->seed = s->seed;
	m->as_of = s->as_of;
	m->window = s->window;
	m->n_train = ts->n;
	m->n_pos = count_pos(ts->y, ts->n);
	m->n_neg = ts->n - m->n_pos;
	if (m->n_pos < s->min_per_class || m->n_neg < s->min_per_class) {
		*refused = 1;
		error("too little data to train: %zu qualified and %zu not qualified dialogues,"
		      " at least %zu of each are needed", m->n_pos, m->n_neg, s->min_per_class);
		model_free(m);
		return NULL;
	}
	if (ts->n < s->wide_below)
		warning("only %zu labeled dialogues: the quality estimate is wide", ts->n);
	choose_learner(m, s, ts->n);
	m->weight_pos = m->n_pos < m->n_neg ? (double)m->n_neg / (double)m->n_pos : 1;
	m->weight_neg = m->n_neg < m->n_pos ? (double)m->n_pos / (double)m->n_neg : 1;
	if (m->learner == LEARNER_LIBSVM && ts->n > s->libsvm_max)
		warning("libsvm on %zu labeled dialogues will be slow (one fit grows as n^2)", ts->n);
	info("train: %zu labeled (%zu qualified), %s %s kernel, %d-fold cross-validation",
	     ts->n, m->n_pos, model_learner_name(m->learner), model_kernel_name(m->kernel), k);

	problem_init(&pd, ts, FG_ALL, m->learner == LEARNER_LIBSVM, m->learner == LEARNER_LIBLINEAR);
	fold = make_folds(ts->y, ts->n, k, s->seed);
	pts = make_grid(m, s, &npts);
	memset(&job, 0, sizeof(job));
	memset(&sample, 0, sizeof(sample));
	if (m->learner == LEARNER_LIBSVM && npts > 1 && ts->n > s->grid_max) {
		problem_sample(&pd, s->grid_max, s->seed, &sample);
		sample_fold = make_folds(sample.y, sample.n, k, s->seed);
		info("train: grid search on a stratified sample of %zu", sample.n);
	}
	job.pd = sample.n ? &sample : &pd;
	job.base.learner = m->learner;
	job.base.kernel = m->kernel;
	job.base.weight_pos = m->weight_pos;
	job.base.weight_neg = m->weight_neg;
	job.fold = sample.n ? sample_fold : fold;
	job.k = k;
	job.pts = pts;
	job.n_pts = npts;
	if (run_grid(&job, s->threads))
		goto fail;
	best = &pts[0];
	for (size_t i = 1; i < npts; i++)
		if (pts[i].auc > best->auc || (isnan(best->auc) && !isnan(pts[i].auc)))
			best = &pts[i];
	m->c = best->c;
	m->gamma = best->gamma;
	fp = job.base;
	fp.c = m->c;
	fp.gamma = m->gamma;
	best_dec = best->dec;
	if (sample.n) {
		info("train: cross-validating C=%g gamma=%g on all %zu", m->c, m->gamma, ts->n);
		best_dec = full_dec = xmalloc(ts->n * sizeof(double));
		if (cross_decide(&pd, &fp, fold, k, full_dec))
			goto fail;
	}

	/* calibrated CV probabilities: a sigmoid on the out-of-fold decisions */
	model_platt_fit(best_dec, ts->y, ts->n, &m->platt_a, &m->platt_b);
	m->has_platt = m->learner == LEARNER_LIBLINEAR;
	p = xmalloc(ts->n * sizeof(double));
	for (size_t i = 0; i < ts->n; i++)
		p[i] = model_platt(best_dec[i], m->platt_a, m->platt_b);
	compute_figures(p, ts->y, ts->n, &cvf);

	info("train: time split (older 80%% / newest 20%%)");
	tdec = xmalloc(ts->n * sizeof(double));
	ty = xmalloc(ts->n);
	nte = time_decide(&pd, ts, &fp, tdec, ty);
	for (size_t i = 0; i < nte; i++)
		tdec[i] = model_platt(tdec[i], m->platt_a, m->platt_b);
	compute_figures(tdec, ty, nte, &tf);
	if (!nte)
		tf.auc = tf.accuracy = tf.brier = NAN;

	if (s->baselines) {
		info("train: baselines (page and channel; words alone)");
		run_baseline(ts, FG_BIT(FG_PAGE_CHANNEL), fold, k, &fp, &b_pc);
		run_baseline(ts, FG_WORDS, fold, k, &fp, &b_words);
	}

	info("train: final fit on %zu dialogues (C=%g%s)", ts->n, m->c,
	     m->kernel == KERNEL_RBF ? ", RBF" : "");
	fp.probability = m->learner == LEARNER_LIBSVM;
	if (final_fit(m, &pd, &fp))
		goto fail;
	if (m->learner == LEARNER_LIBSVM) {
		/* the model points into pd's rows: hand them over */
		m->owned_x = pd.svm_x;
		m->owned_n = pd.n;
		pd.svm_x = NULL;
	}
	build_options(m);
	if (collapse(m))
		goto fail;

	m->cv_auc = cvf.auc;
	m->cv_accuracy = cvf.accuracy;
	m->brier = cvf.brier;
	m->time_auc = tf.auc;
	strbuf_addch(&js, '{');
	json_key_num(&js, "cv_auc", cvf.auc);
	strbuf_addch(&js, ',');
	json_key_num(&js, "cv_accuracy", cvf.accuracy);
	strbuf_addch(&js, ',');
	json_key_num(&js, "brier", cvf.brier);
	strbuf_addch(&js, ',');
	json_key_num(&js, "time_auc", tf.auc);
	strbuf_addch(&js, ',');
	json_key_num(&js, "time_accuracy", tf.accuracy);
	strbuf_addch(&js, ',');
	json_key_num(&js, "time_brier", tf.brier);
	strbuf_addf(&js, ",\"n_train\":%zu,\"n_pos\":%zu,\"n_neg\":%zu,\"n_time_test\":%zu,\"folds\":%d,"
		    "\"learner\":\"%s\",\"kernel\":\"%s\",\"c\":%.6g,\"gamma\":%.6g,",
		    m->n_train, m->n_pos, m->n_neg, nte, k, model_learner_name(m->learner),
		    model_kernel_name(m->kernel), m->c, m->gamma);
	json_reliability(&js, "reliability", &cvf);
	strbuf_addch(&js, ',');
	json_reliability(&js, "time_reliability", &tf);
	strbuf_addch(&js, ',');
	json_thresholds(&js, &cvf);
	strbuf_addch(&js, ',');
	json_grid(&js, pts, npts);
	strbuf_addch(&js, ',');
	json_roc(&js, p, ts->y, ts->n);
	strbuf_adds(&js, ",\"baselines\":{\"page_channel\":{");
	json_key_num(&js, "cv_auc", b_pc.cv_auc);
	strbuf_addch(&js, ',');
	json_key_num(&js, "time_auc", b_pc.time_auc);
	strbuf_addch(&js, ',');
	json_key_num(&js, "c", b_pc.c);
	strbuf_adds(&js, "},\"words\":{");
	json_key_num(&js, "cv_auc", b_words.cv_auc);
	strbuf_addch(&js, ',');
	json_key_num(&js, "time_auc", b_words.time_auc);
	strbuf_addch(&js, ',');
	json_key_num(&js, "c", b_words.c);
	strbuf_adds(&js, "}}}");
	m->metrics = strbuf_detach(&js);
	strbuf_addf(&sum, "cv AUC %.3f, time-split AUC %.3f, accuracy %.3f, Brier %.3f;"
		    " baselines: page+channel AUC %.3f/%.3f, words AUC %.3f/%.3f (cv/time)",
		    cvf.auc, tf.auc, cvf.accuracy, cvf.brier, b_pc.cv_auc, b_pc.time_auc,
		    b_words.cv_auc, b_words.time_auc);
	m->summary = strbuf_detach(&sum);
	build_table(m, &cvf, &tf, nte, &b_pc, &b_words, s->wide_below);
	m->train_seconds = mono_seconds() - t0;
	goto out;
fail:
	model_free(m);
	m = NULL;
out:
	for (size_t i = 0; i < npts; i++)
		free(pts[i].dec);
	free(pts);
	free(fold);
	free(sample_fold);
	free(full_dec);
	problem_release(&sample);
	free(p);
	free(tdec);
	free(ty);
	problem_release(&pd);
	strbuf_release(&js);
	strbuf_release(&sum);
	return m;
}

/* ---- the linear collapse ---- */

/* w = sum alpha_i y_i x_i for a LINEAR-kernel libsvm model; LIBLINEAR's own
 * weights otherwise.  RBF models stay as they are. */
static void make_proxy(struct lq_model *m)
{
	struct svm_model *p = xcalloc(1, sizeof(*p));
	p->param = m->svm->param;
	p->param.kernel_type = LINEAR;
	p->param.nr_weight = 0;
	p->param.weight_label = NULL;
	p->param.weight = NULL;
	p->nr_class = 2;
	p->l = 1;
	m->proxy_sv[0].index = 1;
	m->proxy_sv[0].value = 1;
	m->proxy_sv[1].index = -1;
	m->proxy_sv[1].value = 0;
	m->proxy_svp[0] = m->proxy_sv;
	p->SV = m->proxy_svp;
	m->proxy_coef[0] = 1;
	m->proxy_coefp[0] = m->proxy_coef;
	p->sv_coef = m->proxy_coefp;
	m->proxy_rho[0] = 0;
	p->rho = m->proxy_rho;
	m->proxy_a[0] = m->prob_a;
	m->proxy_b[0] = m->prob_b;
	p->probA = m->proxy_a;
	p->probB = m->proxy_b;
	m->proxy_label[0] = m->svm->label[0];
	m->proxy_label[1] = m->svm->label[1];
	p->label = m->proxy_label;
	m->proxy_nsv[0] = 1;
	m->proxy_nsv[1] = 0;
	p->nSV = m->proxy_nsv;
	m->proxy = p;
}

static int collapse(struct lq_model *m)
{
	int dim = features_dim(&m->layout);
	m->sign = 1;
	if (m->svm) {
		m->sign = m->svm->label[0] == 1 ? 1 : -1;
		if (m->svm->probA && m->svm->probB) {
			m->prob_a = m->svm->probA[0];
			m->prob_b = m->svm->probB[0];
		}
		if (m->kernel != KERNEL_LINEAR)
			return 0;
		m->w = xcalloc((size_t)dim + 2, sizeof(double));
		m->w_dim = dim;
		for (int i = 0; i < m->svm->l; i++) {
			double coef = m->svm->sv_coef[0][i];
			for (const struct svm_node *x = m->svm->SV[i]; x->index != -1; x++)
				if (x->index >= 1 && x->index <= dim)
					m->w[x->index] += coef * x->value;
		}
		m->w0 = -m->svm->rho[0];
		m->collapsed = 1;
		make_proxy(m);
		return 0;
	}
	if (m->lin) {
		int nf = get_nr_feature(m->lin);
		if (nf != dim + 1 && nf != dim)
			return error("model has %d features, the layout %d", nf, dim);
		m->sign = m->lin->label[0] == 1 ? 1 : -1;
		m->w = xcalloc((size_t)dim + 2, sizeof(double));
		m->w_dim = dim;
		for (int i = 1; i <= dim && i <= nf; i++)
			m->w[i] = m->lin->w[i - 1];
		/* the bias is the weight of feature dim+1 (always 1) plus the model's bias term */
		m->w0 = (nf >= dim + 1 ? m->lin->w[dim] : 0) +
			(m->lin->bias >= 0 ? m->lin->bias * m->lin->w[nf] : 0);
		m->collapsed = 1;
		return 0;
	}
	return error("model has no engine");
}

/* ---- prediction ---- */

struct model_scratch {
	struct svm_node *x;
	size_t alloc;
	struct fvec tmp;
};

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

static double dot(const struct lq_model *m, const struct fvec *x)
{
	double d = m->w0;
	for (size_t i = 0; i < x->n; i++)
		if (x->index[i] >= 1 && x->index[i] <= m->w_dim)
			d += m->w[x->index[i]] * x->value[i];
	return d;
}

static const struct svm_node *scratch_nodes(struct model_scratch *s, const struct fvec *x)
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
		dv = dot(m, x);
		return m->svm ? m->sign * dv : dv;
	}
	svm_predict_values(m->svm, scratch_nodes(s, x), &dv);
	return m->sign * dv;
}

/* The probability of a linear model (LIBLINEAR, or libsvm collapsed to one
 * weight vector) from its weighted sum d. */
static double linear_probability(const struct lq_model *m, double d)
{
	struct svm_node dv[2] = { { 1, 0 }, { -1, 0 } };
	double pe[2] = { 0, 0 };
	if (m->lin)
		return model_platt(d, m->platt_a, m->platt_b);
	/* libsvm's own probability of this decision value, through the
	 * one-vector proxy model (see collapse()) */
	dv[0].value = d;
	svm_predict_probability(m->proxy, dv, pe);
	return m->sign > 0 ? pe[0] : pe[1];
}

double model_predict(const struct lq_model *m, struct model_scratch *s, const struct fvec *x)
{
	double pe[2] = { 0, 0 };
	if (m->lin || m->collapsed)
		return linear_probability(m, dot(m, x));
	svm_predict_probability(m->svm, scratch_nodes(s, x), pe);
	return m->sign > 0 ? pe[0] : pe[1];
}

/* ---- explanations ---- */

struct mover { int group; double delta; };

static int by_delta(const void *a, const void *b)
{
	const struct mover *x = a, *y = b;
	if (x->delta != y->delta)
		return x->delta > y->delta ? -1 : 1;
	return x->group - y->group;
}

/* Probability without the groups in `drop`, for a model that is not
 * linear (the linear ones go through linear_movers()). */
static double predict_without(const struct lq_model *m, struct model_scratch *s,
			      const struct fvec *x, unsigned drop)
{
	struct fvec tmp = s->tmp;
	double p;
	fvec_filter(x, FG_ALL & ~drop, &tmp);
	p = model_predict(m, s, &tmp);
	s->tmp = tmp;
	return p;
}

/* Letters of a UTF-8 word: one- and two-letter words ("в", "a") say nothing
 * to a reader, so they are not named as reasons. */
static size_t utf8_letters(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Client stems whose removal lowers the probability most. */
static void top_stems(const struct lq_model *m, struct model_scratch *s, const struct fvec *x,
		      const struct feature_raw *raw, double p, struct strbuf *out)
{
	struct mover best[3] = { { -1, 0 }, { -1, 0 }, { -1, 0 } };
	size_t tried = 0;
	for (size_t i = 0; i < raw->n_stems && tried < 24; i++) {
		int idx = raw->stem_index[i], dup = 0;
		double delta = 0, xv = 0;
		for (size_t j = 0; j < i; j++)
			if (raw->stem_index[j] == idx || !strcmp(feature_raw_stem(raw, j), feature_raw_stem(raw, i)))
				dup = 1;
		if (dup || utf8_letters(feature_raw_stem(raw, i)) < 3)
			continue;
		for (size_t j = 0; j < x->n; j++)
			if (x->index[j] == idx)
				xv = x->value[j];
		if (xv == 0)
			continue;
		tried++;
		if (m->collapsed && idx <= m->w_dim) {
			delta = m->w[idx] * xv * (m->svm ? m->sign : 1);
		} else {
			struct fvec tmp = s->tmp;
			fvec_clear(&tmp);
			for (size_t j = 0; j < x->n; j++)
				if (x->index[j] != idx)
					fvec_push(&tmp, x->index[j], x->value[j], x->group[j]);
			delta = p - model_predict(m, s, &tmp);
			s->tmp = tmp;
		}
		for (int k = 0; k < 3; k++) {
			if (delta > 0 && (best[k].group < 0 || delta > best[k].delta)) {
				memmove(&best[k + 1], &best[k], (size_t)(2 - k) * sizeof(best[0]));
				best[k].group = (int)i;
				best[k].delta = delta;
				break;
			}
		}
	}
	strbuf_adds(out, "words: ");
	for (int k = 0; k < 3 && best[k].group >= 0; k++) {
		if (k)
			strbuf_adds(out, ", ");
		strbuf_adds(out, feature_raw_stem(raw, (size_t)best[k].group));
	}
	if (best[0].group < 0)
		strbuf_adds(out, "the client's wording");
}

static void phrase(const struct lq_model *m, struct model_scratch *s, const struct fvec *x,
		   const struct feature_raw *raw, double p, int group, struct strbuf *out)
{
	switch (group) {
	case FG_WORDS_CLIENT: top_stems(m, s, x, raw, p, out); break;
	case FG_WORDS_STAFF: strbuf_adds(out, "what the bot and operators said"); break;
	case FG_TURNS:
		/* a count, so "%.0f" of it is its integer */
		strbuf_add_int(out, (long long)raw->s[FS_CLIENT_TURNS]);
		strbuf_adds(out, " client turns");
		break;
	case FG_QUESTIONS: strbuf_adds(out, "asked questions"); break;
	case FG_HANDOFF: strbuf_adds(out, "handed to an operator"); break;
	case FG_DOWNLOADS:
		if (raw->first_download[0])
			strbuf_addf(out, "downloaded %s", raw->first_download);
		else
			strbuf_adds(out, "downloaded a file");
		break;
	case FG_FORMS: strbuf_adds(out, "filled in a form"); break;
	case FG_CALLS: strbuf_adds(out, "asked for a call"); break;
	case FG_LATENCY: strbuf_adds(out, "reply speed"); break;
	case FG_DURATION: strbuf_adds(out, "length of the conversation"); break;
	case FG_CROSS_SELL: strbuf_adds(out, "premature cross-sell"); break;
	case FG_ESCALATION: strbuf_adds(out, "repeated bot failures"); break;
	case FG_CONTEXT_LOST: strbuf_adds(out, "operator lost the context"); break;
	case FG_REPEAT: model_say_returning(raw->s[FS_REPEAT], out); break;
	case FG_PAGE_CHANNEL: strbuf_adds(out, "page and channel"); break;
	case FG_CONTACT:
		strbuf_adds(out, raw->s[FS_HAS_PHONE] > 0 ? "left a phone number" : "left contact details");
		break;
	case FG_PROBLEM:
		strbuf_adds(out, raw->s[FS_RESOLVED] > 0 ? "problem solved" : "problem left open");
		break;
	default: strbuf_adds(out, "other signals"); break;
	}
}

void model_say_returning(double repeat_figure, struct strbuf *out)
{
	/* expm1(log1p(n)) may come back as n - 1e-16: round, do not truncate */
	long n = lround(expm1(repeat_figure));
	strbuf_addf(out, "returning customer (%ld earlier dialogue%s)", n, n == 1 ? "" : "s");
}

/* The movers by falling delta, ties by group: a dialogue has at most
 * FG_COUNT of them, too few for qsort's calls to pay. */
static void sort_movers(struct mover *mv, int n)
{
	for (int i = 1; i < n; i++) {
		struct mover x = mv[i];
		int j = i;
		for (; j > 0 && by_delta(&mv[j - 1], &x) > 0; j--)
			mv[j] = mv[j - 1];
		mv[j] = x;
	}
}

/* p minus the probability without each group present in x, for a linear
 * model: the sums without each group are built side by side in one pass
 * over x (dot_without() would take a pass per group).  Each sum adds the
 * same terms in the same order as dot_without(), so every figure is the
 * same to the last bit. */
static int linear_movers(const struct lq_model *m, const struct fvec *x, unsigned present,
			 double p, struct mover *mv)
{
	double d[FG_COUNT];
	int n = 0;
	for (int g = 0; g < FG_COUNT; g++) {
		if (!(present & FG_BIT(g)))
			continue;
		mv[n].group = g;
		d[n++] = m->w0;
	}
	for (size_t i = 0; i < x->n; i++) {
		double term;
		if (x->index[i] < 1 || x->index[i] > m->w_dim)
			continue;
		term = m->w[x->index[i]] * x->value[i];
		for (int k = 0; k < n; k++)
			if (mv[k].group != x->group[i])
				d[k] += term;
	}
	for (int k = 0; k < n; k++)
		mv[k].delta = p - linear_probability(m, d[k]);
	return n;
}

int model_explain(const struct lq_model *m, struct model_scratch *s, const struct fvec *x,
		  const struct feature_raw *raw, double p, int max, struct strbuf *out)
{
	struct mover mv[FG_COUNT];
	unsigned present = 0;
	int n = 0, said = 0;
	for (size_t i = 0; i < x->n; i++)
		present |= FG_BIT(x->group[i]);
	if (m->lin || m->collapsed) {
		n = linear_movers(m, x, present, p, mv);
	} else {
		for (int g = 0; g < FG_COUNT; g++) {
			if (!(present & FG_BIT(g)))
				continue;
			mv[n].group = g;
			mv[n].delta = p - predict_without(m, s, x, FG_BIT(g));
			n++;
		}
	}
	sort_movers(mv, n);
	for (int i = 0; i < n && said < max; i++) {
		if (mv[i].delta < 0.005)
			break;
		if (said)
			strbuf_adds(out, "; ");
		phrase(m, s, x, raw, p, mv[i].group, out);
		said++;
	}
	return said;
}

/* ---- the model file ---- */

static int read_whole(const char *path, struct strbuf *sb)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;
	if (!f)
		return error("cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(sb, buf, n);
	if (ferror(f)) {
		fclose(f);
		return error("cannot read '%s'", path);
	}
	fclose(f);
	return 0;
}

/* The engine's own model text, via a file in memory (the engines write
 * files only; one in memory leaves nothing behind when the run is killed). */
static int engine_text(const struct lq_model *m, struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT;
	int fd = safe_memfile(&path), ret = -1, rc;
	if (fd < 0)
		goto out;
	rc = m->svm ? svm_save_model(path.buf, m->svm) : save_model(path.buf, m->lin);
	if (rc) {
		error("cannot save the %s model", model_learner_name(m->learner));
		goto out;
	}
	ret = safe_memfile_read(fd, out);
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&path);
	return ret;
}

int model_save(const struct lq_model *m, const char *path)
{
	struct strbuf sb = STRBUF_INIT, eng = STRBUF_INIT;
	struct stat st;
	char when[21];
	int ret = -1;
	if (!stat(path, &st))
		return error("model file '%s' exists already", path);
	if (engine_text(m, &eng))
		goto out;
	strbuf_addf(&sb, "%s\n", MODEL_FORMAT);
	strbuf_addf(&sb, "version %s\nlayout %s\nhash_seed %llu\nhash_bits %d\ndim %d\n",
		    m->version, FEATURES_LAYOUT, (unsigned long long)m->layout.seed,
		    m->layout.hash_bits, features_dim(&m->layout));
	strbuf_addf(&sb, "learner %s\nkernel %s\nc %.17g\ngamma %.17g\nseed %u\n",
		    model_learner_name(m->learner), model_kernel_name(m->kernel), m->c, m->gamma, m->seed);
	strbuf_addf(&sb, "weight_pos %.17g\nweight_neg %.17g\n", m->weight_pos, m->weight_neg);
	if (m->has_platt)
		strbuf_addf(&sb, "platt %.17g %.17g\n", m->platt_a, m->platt_b);
	else
		strbuf_adds(&sb, "platt none\n");
	format_time(m->as_of, when);
	strbuf_addf(&sb, "trained_at %s\nas_of %s\nwindow_days %lld\n", when, when,
		    (long long)(m->window / 86400));
	strbuf_addf(&sb, "n_train %zu\nn_pos %zu\nn_neg %zu\n", m->n_train, m->n_pos, m->n_neg);
	for (int i = 0; i < FS_COUNT; i++)
		strbuf_addf(&sb, "scale %s %.17g %.17g\n", feature_struct_name(i), m->scale.lo[i], m->scale.hi[i]);
	strbuf_addf(&sb, "metrics %s\n", model_metrics_json(m));
	strbuf_addf(&sb, "engine-bytes %zu\n", eng.len);
	strbuf_add(&sb, eng.buf ? eng.buf : "", eng.len);
	ret = write_file_atomic(path, sb.buf, sb.len);
out:
	strbuf_release(&sb);
	strbuf_release(&eng);
	return ret;
}

/* One header line "key rest" from *pos; returns 0 at the end of the header. */
static int next_line(const char *buf, size_t len, size_t *pos, char *key, size_t keysz, const char **rest, size_t *rlen)
{
	size_t s = *pos, e = s, k;
	if (s >= len)
		return 0;
	while (e < len && buf[e] != '\n')
		e++;
	for (k = s; k < e && buf[k] != ' '; k++)
		;
	snprintf(key, keysz, "%.*s", (int)(k - s), buf + s);
	*rest = buf + (k < e ? k + 1 : e);
	*rlen = e - (k < e ? k + 1 : e);
	*pos = e < len ? e + 1 : e;
	return 1;
}

static int parse_header_line(struct lq_model *m, const char *key, const char *val)
{
	if (!strcmp(key, "version"))
		snprintf(m->version, sizeof(m->version), "%.63s", val);
	else if (!strcmp(key, "layout") && strcmp(val, FEATURES_LAYOUT))
		return error("feature layout '%s' is not this program's '%s'", val, FEATURES_LAYOUT);
	else if (!strcmp(key, "hash_seed"))
		m->layout.seed = strtoull(val, NULL, 10);
	else if (!strcmp(key, "hash_bits"))
		m->layout.hash_bits = atoi(val);
	else if (!strcmp(key, "learner"))
		m->learner = !strcmp(val, "liblinear") ? LEARNER_LIBLINEAR : LEARNER_LIBSVM;
	else if (!strcmp(key, "kernel"))
		m->kernel = !strcmp(val, "rbf") ? KERNEL_RBF : KERNEL_LINEAR;
	else if (!strcmp(key, "c"))
		m->c = strtod(val, NULL);
	else if (!strcmp(key, "gamma"))
		m->gamma = strtod(val, NULL);
	else if (!strcmp(key, "seed"))
		m->seed = (unsigned)strtoul(val, NULL, 10);
	else if (!strcmp(key, "weight_pos"))
		m->weight_pos = strtod(val, NULL);
	else if (!strcmp(key, "weight_neg"))
		m->weight_neg = strtod(val, NULL);
	else if (!strcmp(key, "platt"))
		m->has_platt = sscanf(val, "%lf %lf", &m->platt_a, &m->platt_b) == 2;
	else if (!strcmp(key, "as_of"))
		parse_time(val, &m->as_of);
	else if (!strcmp(key, "window_days"))
		m->window = (int64_t)atoll(val) * 86400;
	else if (!strcmp(key, "n_train"))
		m->n_train = strtoull(val, NULL, 10);
	else if (!strcmp(key, "n_pos"))
		m->n_pos = strtoull(val, NULL, 10);
	else if (!strcmp(key, "n_neg"))
		m->n_neg = strtoull(val, NULL, 10);
	else if (!strcmp(key, "metrics"))
		m->metrics = xstrdup(val);
	else if (!strcmp(key, "scale")) {
		char name[64];
		double lo, hi;
		int i;
		if (sscanf(val, "%63s %lf %lf", name, &lo, &hi) != 3)
			return error("bad scale line '%s'", val);
		for (i = 0; i < FS_COUNT && strcmp(feature_struct_name(i), name); i++)
			;
		if (i == FS_COUNT)
			return error("unknown structural feature '%s'", name);
		m->scale.lo[i] = lo;
		m->scale.hi[i] = hi;
	}
	return 0;
}

static double json_field(const char *json, const char *key)
{
	char pat[64];
	const char *p;
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = json ? strstr(json, pat) : NULL;
	if (!p || !strncmp(p + strlen(pat), "null", 4))
		return NAN;
	return strtod(p + strlen(pat), NULL);
}

static int load_engine(struct lq_model *m, const char *text, size_t n)
{
	struct strbuf path = STRBUF_INIT;
	int fd = safe_memfile(&path), ret = -1;
	if (fd < 0)
		goto out;
	if (safe_memfile_write(fd, text, n))
		goto out;
	if (m->learner == LEARNER_LIBSVM)
		m->svm = svm_load_model(path.buf);
	else
		m->lin = load_model(path.buf);
	if (!m->svm && !m->lin) {
		error("cannot read the %s part of the model", model_learner_name(m->learner));
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&path);
	return ret;
}

struct lq_model *model_load(const char *path)
{
	struct lq_model *m = xcalloc(1, sizeof(*m));
	struct strbuf sb = STRBUF_INIT;
	size_t pos = 0, rlen, eng_len = 0;
	char key[64], val[65536];
	const char *rest;
	int have_engine = 0, dim = -1;
	feature_scale_init(&m->scale);
	if (read_whole(path, &sb))
		goto fail;
	if (!next_line(sb.buf ? sb.buf : "", sb.len, &pos, key, sizeof(key), &rest, &rlen) ||
	    strncmp(sb.buf, MODEL_FORMAT "\n", strlen(MODEL_FORMAT) + 1)) {
		error("'%s' is not a leadqa model file", path);
		goto fail;
	}
	while (next_line(sb.buf, sb.len, &pos, key, sizeof(key), &rest, &rlen)) {
		if (!strcmp(key, "engine-bytes")) {
			eng_len = strtoull(rest, NULL, 10);
			have_engine = 1;
			break;
		}
		if (!strcmp(key, "metrics")) {
			free(m->metrics);
			m->metrics = xstrndup(rest, rlen);
			continue;
		}
		snprintf(val, sizeof(val), "%.*s", (int)rlen, rest);
		if (!strcmp(key, "dim"))
			dim = atoi(val);
		else if (parse_header_line(m, key, val)) {
			error("'%s': model rejected", path);
			goto fail;
		}
	}
	if (!have_engine || pos + eng_len != sb.len) {
		error("'%s': model file is truncated", path);
		goto fail;
	}
	if (m->layout.hash_bits < 1 || m->layout.hash_bits > 26 || dim != features_dim(&m->layout)) {
		error("'%s': feature dimension %d does not match the layout", path, dim);
		goto fail;
	}
	silence_engines();
	if (load_engine(m, sb.buf + pos, eng_len) || collapse(m))
		goto fail;
	m->cv_auc = json_field(m->metrics, "cv_auc");
	m->time_auc = json_field(m->metrics, "time_auc");
	m->cv_accuracy = json_field(m->metrics, "cv_accuracy");
	m->brier = json_field(m->metrics, "brier");
	build_options(m);
	strbuf_release(&sb);
	return m;
fail:
	strbuf_release(&sb);
	model_free(m);
	return NULL;
}
