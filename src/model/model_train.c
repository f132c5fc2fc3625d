/* model_train.c — training the lead-quality classifier: the grid search
 * over C (and gamma), stratified cross-validation, the time split, the
 * baselines and the final fit (see model.h). */
#include "compat.h"
#include "model.h"
#include "learner.h"
#include "model_impl.h"
#include "safefile.h"
#include "util.h"

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
	ret = safe_write_atomic(path, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return ret;
}
/* ---- engines over a shared problem ---- */

struct problem_data {
	int borrowed;                     /* rows belong to another problem_data */
	size_t n;
	const signed char *y;
	struct learner_node **svm_x;      /* -1 terminated */
	struct learner_node **lin_x;      /* bias node, then -1 */
	int dim;
};

struct fit_params {
	enum model_learner learner;
	enum model_kernel kernel;
	double c, gamma, weight_pos, weight_neg;
	int probability;
};

static struct learner_node *to_svm_nodes(const struct fvec *v)
{
	struct learner_node *x = xmalloc((v->n + 1) * sizeof(*x));
	for (size_t i = 0; i < v->n; i++) {
		x[i].index = v->index[i];
		x[i].value = v->value[i];
	}
	x[v->n].index = -1;
	x[v->n].value = 0;
	return x;
}

static struct learner_node *to_lin_nodes(const struct fvec *v, unsigned mask, int dim)
{
	struct learner_node *x = xmalloc((v->n + 2) * sizeof(*x));
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

static void learner_params_of(struct learner_params *lp, const struct fit_params *fp, int dim)
{
	memset(lp, 0, sizeof(*lp));
	lp->liblinear = fp->learner == LEARNER_LIBLINEAR;
	lp->rbf = fp->kernel == KERNEL_RBF;
	lp->c = fp->c;
	lp->gamma = fp->gamma;
	lp->weighted = 1;
	lp->weight_pos = fp->weight_pos;
	lp->weight_neg = fp->weight_neg;
	lp->probability = lp->liblinear ? 0 : fp->probability;
	lp->n_features = dim + 1;
}

/* Trains on rows[0..n) and writes decision values (positive: qualified) for
 * test[0..m) into out.  Thread-safe when fp->probability is 0. */
static int fit_and_decide(const struct problem_data *pd, const struct fit_params *fp,
			  const size_t *rows, size_t n, const size_t *test, size_t m, double *out)
{
	double *y = xmalloc((n ? n : 1) * sizeof(double));
	struct learner_node **x = xmalloc((n ? n : 1) * sizeof(*x));
	struct learner_node **all = fp->learner == LEARNER_LIBSVM ? pd->svm_x : pd->lin_x;
	struct learner_params lp;
	struct learner *l;
	int ret = -1;
	for (size_t i = 0; i < n; i++) {
		y[i] = pd->y[rows[i]];
		x[i] = all[rows[i]];
	}
	learner_params_of(&lp, fp, pd->dim);
	l = learner_fit(&lp, x, y, n);
	if (!l)
		goto out;
	for (size_t i = 0; i < m; i++)
		out[i] = learner_decision(l, all[test[i]]);
	learner_free(l);
	ret = 0;
out:
	free(x);
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
		model_json_key_num(sb, "auc", pts[i].auc);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
}

/* libsvm keeps pointers into the problem: the model owns the rows. */
static int final_fit(struct lq_model *m, const struct problem_data *pd, const struct fit_params *fp)
{
	struct learner_params lp;
	double *y = xmalloc((pd->n ? pd->n : 1) * sizeof(double));
	for (size_t i = 0; i < pd->n; i++)
		y[i] = pd->y[i];
	learner_params_of(&lp, fp, pd->dim);
	lp.seeded = 1;
	lp.seed = m->seed;
	m->eng = learner_fit(&lp, m->learner == LEARNER_LIBSVM ? pd->svm_x : pd->lin_x, y, pd->n);
	free(y);
	return m->eng ? 0 : -1;
}
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
	struct model_figures cvf, tf;
	struct baseline b_pc = { NAN, NAN, NAN }, b_words = { NAN, NAN, NAN };
	struct strbuf js = STRBUF_INIT, sum = STRBUF_INIT;
	double *p = NULL, *tdec = NULL, t0 = mono_seconds();
	signed char *ty = NULL;
	int *fold = NULL, k = s->folds < 2 ? 2 : s->folds;
	size_t npts = 0, nte;

	*refused = 0;
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
	model_figures_of(p, ts->y, ts->n, &cvf);

	info("train: time split (older 80%% / newest 20%%)");
	tdec = xmalloc(ts->n * sizeof(double));
	ty = xmalloc(ts->n);
	nte = time_decide(&pd, ts, &fp, tdec, ty);
	for (size_t i = 0; i < nte; i++)
		tdec[i] = model_platt(tdec[i], m->platt_a, m->platt_b);
	model_figures_of(tdec, ty, nte, &tf);
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
	model_build_options(m);
	if (model_collapse(m))
		goto fail;

	m->cv_auc = cvf.auc;
	m->cv_accuracy = cvf.accuracy;
	m->brier = cvf.brier;
	m->time_auc = tf.auc;
	strbuf_addch(&js, '{');
	model_json_key_num(&js, "cv_auc", cvf.auc);
	strbuf_addch(&js, ',');
	model_json_key_num(&js, "cv_accuracy", cvf.accuracy);
	strbuf_addch(&js, ',');
	model_json_key_num(&js, "brier", cvf.brier);
	strbuf_addch(&js, ',');
	model_json_key_num(&js, "time_auc", tf.auc);
	strbuf_addch(&js, ',');
	model_json_key_num(&js, "time_accuracy", tf.accuracy);
	strbuf_addch(&js, ',');
	model_json_key_num(&js, "time_brier", tf.brier);
	strbuf_addf(&js, ",\"n_train\":%zu,\"n_pos\":%zu,\"n_neg\":%zu,\"n_time_test\":%zu,\"folds\":%d,"
		    "\"learner\":\"%s\",\"kernel\":\"%s\",\"c\":%.6g,\"gamma\":%.6g,",
		    m->n_train, m->n_pos, m->n_neg, nte, k, model_learner_name(m->learner),
		    model_kernel_name(m->kernel), m->c, m->gamma);
	model_json_reliability(&js, "reliability", &cvf);
	strbuf_addch(&js, ',');
	model_json_reliability(&js, "time_reliability", &tf);
	strbuf_addch(&js, ',');
	model_json_thresholds(&js, &cvf);
	strbuf_addch(&js, ',');
	json_grid(&js, pts, npts);
	strbuf_addch(&js, ',');
	model_json_roc(&js, p, ts->y, ts->n);
	strbuf_adds(&js, ",\"baselines\":{\"page_channel\":{");
	model_json_key_num(&js, "cv_auc", b_pc.cv_auc);
	strbuf_addch(&js, ',');
	model_json_key_num(&js, "time_auc", b_pc.time_auc);
	strbuf_addch(&js, ',');
	model_json_key_num(&js, "c", b_pc.c);
	strbuf_adds(&js, "},\"words\":{");
	model_json_key_num(&js, "cv_auc", b_words.cv_auc);
	strbuf_addch(&js, ',');
	model_json_key_num(&js, "time_auc", b_words.time_auc);
	strbuf_addch(&js, ',');
	model_json_key_num(&js, "c", b_words.c);
	strbuf_adds(&js, "}}}");
	m->metrics = strbuf_detach(&js);
	strbuf_addf(&sum, "cv AUC %.3f, time-split AUC %.3f, accuracy %.3f, Brier %.3f;"
		    " baselines: page+channel AUC %.3f/%.3f, words AUC %.3f/%.3f (cv/time)",
		    cvf.auc, tf.auc, cvf.accuracy, cvf.brier, b_pc.cv_auc, b_pc.time_auc,
		    b_words.cv_auc, b_words.time_auc);
	m->summary = strbuf_detach(&sum);
	model_build_table(m, &cvf, &tf, nte, &b_pc, &b_words, s->wide_below);
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
