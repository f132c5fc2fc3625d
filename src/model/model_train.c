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

void train_settings_init(struct train_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->folds = 5;
	s->seed = 1;
	s->libsvm_max = 3000;
	s->min_per_class = 20;
	s->wide_below = 300;
	s->grid_max = 400;
	s->search_max = 20000;
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
	struct learner_node **lin_x;      /* bias node, then -1; columns
					     renumbered (compact_map) */
	int dim;                          /* of the layout */
	int lin_dim;                      /* columns of lin_x, bias aside */
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

/* A LIBLINEAR row: the entries of the groups in mask, their indices
 * through map when there is one, then the bias column dim + 1. */
static struct learner_node *to_lin_nodes(const struct fvec *v, unsigned mask, const int *map, int dim)
{
	struct learner_node *x = xmalloc((v->n + 2) * sizeof(*x));
	size_t k = 0;
	for (size_t i = 0; i < v->n; i++) {
		if (!(mask & FG_BIT(v->group[i])))
			continue;
		x[k].index = map ? map[v->index[i]] : v->index[i];
		x[k].value = v->value[i];
		k++;
	}
	x[k].index = dim + 1;       /* the bias term */
	x[k].value = 1;
	x[k + 1].index = -1;
	x[k + 1].value = 0;
	return x;
}

/* The LIBLINEAR rows of the cross-validation use only the columns that
 * occur, renumbered in order: of the 2^18 word buckets a few thousand are
 * used, and every solver iteration runs over all columns, so this makes
 * the fits several times cheaper.  Zero columns get zero weights and the
 * order of the columns is kept, so the decisions are those of the full
 * layout; the final fit, whose weights are saved, uses the full layout. */
static int *compact_map(const struct train_set *ts, unsigned mask, int dim, int *used)
{
	int *map = xcalloc((size_t)dim + 2, sizeof(int));
	int n = 0;
	for (size_t i = 0; i < ts->n; i++)
		for (size_t j = 0; j < ts->x[i].n; j++)
			if ((mask & FG_BIT(ts->x[i].group[j])) && ts->x[i].index[j] >= 1 &&
			    ts->x[i].index[j] <= dim)
				map[ts->x[i].index[j]] = 1;
	for (int c = 1; c <= dim; c++)
		if (map[c])
			map[c] = ++n;
	*used = n;
	return map;
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
		int *map = compact_map(ts, mask, pd->dim, &pd->lin_dim);
		pd->lin_x = xmalloc((ts->n ? ts->n : 1) * sizeof(*pd->lin_x));
		for (size_t i = 0; i < ts->n; i++)
			pd->lin_x[i] = to_lin_nodes(&ts->x[i], mask, map, pd->lin_dim);
		free(map);
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
	learner_params_of(&lp, fp, fp->learner == LEARNER_LIBLINEAR ? pd->lin_dim : pd->dim);
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

/* Out-of-fold decision values for every row, the folds shared among up to
 * `threads` threads: a cross-validation on all rows of a large set is five
 * long fits with nothing else to run beside them.  Each fold writes only
 * its own rows of dec, and a fit without probabilities draws no random
 * numbers, so the result does not depend on the threads. */
struct fold_job {
	const struct problem_data *pd;
	const struct fit_params *fp;
	const int *fold;
	int k, next, failed;
	double *dec;
	pthread_mutex_t lock;
};

static void *fold_worker(void *arg)
{
	struct fold_job *job = arg;
	size_t n = job->pd->n ? job->pd->n : 1;
	size_t *tr = xmalloc(n * sizeof(size_t));
	size_t *te = xmalloc(n * sizeof(size_t));
	double *out = xmalloc(n * sizeof(double));
	for (;;) {
		size_t ntr = 0, nte = 0;
		int f;
		pthread_mutex_lock(&job->lock);
		f = job->failed ? job->k : job->next++;
		pthread_mutex_unlock(&job->lock);
		if (f >= job->k)
			break;
		for (size_t i = 0; i < job->pd->n; i++) {
			if (job->fold[i] == f)
				te[nte++] = i;
			else
				tr[ntr++] = i;
		}
		if (fit_and_decide(job->pd, job->fp, tr, ntr, te, nte, out)) {
			pthread_mutex_lock(&job->lock);
			job->failed = 1;
			pthread_mutex_unlock(&job->lock);
			break;
		}
		for (size_t i = 0; i < nte; i++)
			job->dec[te[i]] = out[i];
	}
	free(tr);
	free(te);
	free(out);
	return NULL;
}

static int cross_decide(const struct problem_data *pd, const struct fit_params *fp,
			const int *fold, int k, double *dec, int threads)
{
	struct fold_job job;
	pthread_t th[8];
	int started = 0;
	memset(&job, 0, sizeof(job));
	job.pd = pd;
	job.fp = fp;
	job.fold = fold;
	job.k = k;
	job.dec = dec;
	if (threads > k)
		threads = k;
	if (threads > 8)
		threads = 8;
	pthread_mutex_init(&job.lock, NULL);
	for (int i = 1; i < threads; i++)
		if (!pthread_create(&th[started], NULL, fold_worker, &job))
			started++;
	fold_worker(&job);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&job.lock);
	return job.failed ? -1 : 0;
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
	out->lin_dim = pd->lin_dim;
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

/* A point of the search, at log2 C = lc and log2 gamma = lg (lg unused for
 * a linear model; a fixed parameter keeps its given value). */
struct grid_point {
	int lc, lg;
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
	size_t n_pts, next;
	pthread_mutex_t lock;
};

/* "C=2" or "C=2, gamma=0.125": one call per value, so that a linear model
 * never prints a gamma glued to its C; 12 digits print every power of two
 * of the grid exactly (C=0.00048828125, not %g's 0.000488281). */
void model_grid_label(char *buf, size_t size, double c, double gamma, int rbf)
{
	if (rbf)
		snprintf(buf, size, "C=%.12g, gamma=%.12g", c, gamma);
	else
		snprintf(buf, size, "C=%.12g", c);
}

static void *grid_worker(void *arg)
{
	struct grid_job *job = arg;
	for (;;) {
		size_t i;
		struct fit_params fp = job->base;
		struct grid_point *pt;
		char label[64];
		pthread_mutex_lock(&job->lock);
		i = job->next++;
		pthread_mutex_unlock(&job->lock);
		if (i >= job->n_pts)
			break;
		pt = &job->pts[i];
		fp.c = pt->c;
		fp.gamma = pt->gamma;
		pt->dec = xmalloc((job->pd->n ? job->pd->n : 1) * sizeof(double));
		pt->failed = cross_decide(job->pd, &fp, job->fold, job->k, pt->dec, 1);
		pt->auc = pt->failed ? NAN : model_auc(pt->dec, job->pd->y, job->pd->n);
		model_grid_label(label, sizeof(label), pt->c, pt->gamma, fp.kernel == KERNEL_RBF);
		pthread_mutex_lock(&job->lock);
		info("train: grid point %s (%s, %d folds): AUC %.4f",
		     model_learner_name(fp.learner), label, job->k, pt->auc);
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

/* The search: a coarse grid (steps of 4 in log2), pushed outwards while the
 * best point sits on its edge, then refined around the best point with
 * steps of 2.  About 25 points where the full grid of steps of 2 takes 66,
 * and it follows the optimum wherever it lies within the bounds. */
struct grid_search {
	struct grid_job job;
	struct grid_point *pts;
	size_t n, alloc;
	int rbf, fix_c, fix_g;
	double fixed_c, fixed_gamma;
	int c_lo, c_hi, g_lo, g_hi;       /* bounds of the search (log2) */
};

/* RBF: C from 2^-7 to 2^13, gamma from 2^-15 to 2^3 (a smaller gamma with
 * a larger C is a linear model in all but speed, and LIBLINEAR is tried
 * for that).  Linear: C from 2^-11 to 2^9 (past it, fits slow down and CV
 * AUC fell on every corpus tried). */
#define GRID_C_MIN (-7)
#define GRID_C_MAX 13
#define GRID_G_MIN (-15)
#define GRID_G_MAX 3
#define GRID_LIN_C_MIN (-11)
#define GRID_LIN_C_MAX 9

static void search_init(struct grid_search *gs, const struct train_settings *s, int rbf)
{
	memset(gs, 0, sizeof(*gs));
	gs->rbf = rbf;
	gs->fix_c = s->fixed_c > 0;
	gs->fix_g = !rbf || s->fixed_gamma > 0;
	gs->fixed_c = s->fixed_c;
	gs->fixed_gamma = rbf ? s->fixed_gamma : 0;
	gs->c_lo = rbf ? GRID_C_MIN : GRID_LIN_C_MIN;
	gs->c_hi = rbf ? GRID_C_MAX : GRID_LIN_C_MAX;
	gs->g_lo = GRID_G_MIN;
	gs->g_hi = GRID_G_MAX;
}

static void search_release(struct grid_search *gs)
{
	for (size_t i = 0; i < gs->n; i++)
		free(gs->pts[i].dec);
	free(gs->pts);
	memset(gs, 0, sizeof(*gs));
}

/* Queues (lc, lg) unless it is out of bounds or already there. */
static void search_add(struct grid_search *gs, int lc, int lg)
{
	struct grid_point *p;
	if (gs->fix_c)
		lc = 0;
	if (gs->fix_g)
		lg = 0;
	if (!gs->fix_c && (lc < gs->c_lo || lc > gs->c_hi))
		return;
	if (!gs->fix_g && (lg < gs->g_lo || lg > gs->g_hi))
		return;
	for (size_t i = 0; i < gs->n; i++)
		if (gs->pts[i].lc == lc && gs->pts[i].lg == lg)
			return;
	ALLOC_GROW(gs->pts, gs->n + 1, gs->alloc);
	p = &gs->pts[gs->n++];
	memset(p, 0, sizeof(*p));
	p->lc = lc;
	p->lg = lg;
	p->c = gs->fix_c ? gs->fixed_c : ldexp(1, lc);
	p->gamma = gs->fix_g ? gs->fixed_gamma : ldexp(1, lg);
	p->auc = NAN;
}

/* Evaluates the points queued since `from`. */
static int search_run(struct grid_search *gs, size_t from, int threads)
{
	if (from >= gs->n)
		return 0;
	gs->job.pts = gs->pts + from;
	gs->job.n_pts = gs->n - from;
	gs->job.next = 0;
	return run_grid(&gs->job, threads);
}

/* The best point: highest AUC; on a tie the smaller C (the simpler model),
 * then the smaller gamma, so that the choice does not depend on the order
 * in which points were tried. */
static const struct grid_point *search_best(const struct grid_search *gs)
{
	const struct grid_point *best = NULL;
	for (size_t i = 0; i < gs->n; i++) {
		const struct grid_point *p = &gs->pts[i];
		if (isnan(p->auc))
			continue;
		if (!best || p->auc > best->auc ||
		    (p->auc == best->auc && (p->lc < best->lc || (p->lc == best->lc && p->lg < best->lg))))
			best = p;
	}
	return best;
}

static int search(struct grid_search *gs, int threads)
{
	const struct grid_point *best;
	size_t from = 0;
	int lc0 = gs->rbf ? -3 : -7, lg0 = -11, blc, blg;
	/* coarse */
	for (int lc = lc0; lc <= lc0 + 12; lc += 4)
		for (int lg = lg0; lg <= lg0 + 12; lg += 4)
			search_add(gs, lc, lg);
	for (;;) {
		int c_min = INT32_MAX, c_max = INT32_MIN, g_min = INT32_MAX, g_max = INT32_MIN;
		size_t before;
		if (search_run(gs, from, threads))
			return -1;
		from = gs->n;
		best = search_best(gs);
		if (!best)
			return error("train: no point of the grid could be fitted");
		for (size_t i = 0; i < gs->n; i++) {
			if (gs->pts[i].lc < c_min) c_min = gs->pts[i].lc;
			if (gs->pts[i].lc > c_max) c_max = gs->pts[i].lc;
			if (gs->pts[i].lg < g_min) g_min = gs->pts[i].lg;
			if (gs->pts[i].lg > g_max) g_max = gs->pts[i].lg;
		}
		before = gs->n;
		blc = best->lc;      /* search_add may move the points */
		blg = best->lg;
		/* on an edge: one step of 4 further out, around the best point */
		for (int d = -4; d <= 4; d += 4) {
			if (!gs->fix_c && blc == c_min)
				search_add(gs, blc - 4, blg + d);
			if (!gs->fix_c && blc == c_max)
				search_add(gs, blc + 4, blg + d);
			if (!gs->fix_g && blg == g_min)
				search_add(gs, blc + d, blg - 4);
			if (!gs->fix_g && blg == g_max)
				search_add(gs, blc + d, blg + 4);
		}
		if (gs->n == before)
			break;
	}
	/* refinement to steps of 2 around the best point; finer steps change
	 * the AUC by about 0.001, inside the noise of the folds */
	best = search_best(gs);
	blc = best->lc;
	blg = best->lg;
	for (int dc = -2; dc <= 2; dc += 2)
		for (int dg = -2; dg <= 2; dg += 2)
			search_add(gs, blc + dc, blg + dg);
	if (search_run(gs, from, threads))
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
			 const struct fit_params *weights, const struct train_settings *s,
			 struct baseline *out)
{
	static const int log2_c[] = { -7, -5, -3, -1, 1 };
	struct problem_data pd;
	struct grid_search gs;
	struct fit_params fp = *weights;
	const struct grid_point *best;
	double *dec = xmalloc((ts->n ? ts->n : 1) * sizeof(double));
	signed char *ty = xmalloc(ts->n ? ts->n : 1);
	size_t nte;
	fp.learner = LEARNER_LIBLINEAR;
	fp.kernel = KERNEL_LINEAR;
	fp.probability = 0;
	struct problem_data sample;
	int *sample_fold = NULL;
	problem_init(&pd, ts, mask, 0, 1);
	memset(&sample, 0, sizeof(sample));
	out->cv_auc = NAN;
	out->c = 1;
	/* past search_max labeled, C is chosen and the cv AUC measured on the
	 * model's sample (the same seed draws the same rows): a baseline is a
	 * yardstick, and on 20,000 rows its AUC is good to about +-0.005,
	 * while five more fits of all rows per baseline took a third of the
	 * time of a 100,000-row training.  The time split still fits on all. */
	if (ts->n > s->search_max) {
		problem_sample(&pd, s->search_max, s->seed, &sample);
		sample_fold = make_folds(sample.y, sample.n, k, s->seed);
	}
	/* the points in parallel, as the model's grid */
	search_init(&gs, s, 0);
	gs.fix_c = 0;
	gs.job.pd = sample.n ? &sample : &pd;
	gs.job.base = fp;
	gs.job.fold = sample.n ? sample_fold : fold;
	gs.job.k = k;
	for (size_t i = 0; i < sizeof(log2_c) / sizeof(log2_c[0]); i++)
		search_add(&gs, log2_c[i], 0);
	if (!search_run(&gs, 0, s->threads) && (best = search_best(&gs))) {
		out->cv_auc = best->auc;
		out->c = best->c;
	}
	search_release(&gs);
	fp.c = out->c;
	problem_release(&sample);
	free(sample_fold);
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

/* libsvm keeps pointers into the problem: the model owns the rows.
 * LIBLINEAR's rows are built again in the layout's own columns, as its
 * weights are saved and applied by index. */
static int final_fit(struct lq_model *m, const struct problem_data *pd, const struct train_set *ts,
		     const struct fit_params *fp)
{
	struct learner_params lp;
	struct learner_node **lin = NULL;
	double *y = xmalloc((pd->n ? pd->n : 1) * sizeof(double));
	for (size_t i = 0; i < pd->n; i++)
		y[i] = pd->y[i];
	learner_params_of(&lp, fp, pd->dim);
	lp.seeded = 1;
	lp.seed = m->seed;
	if (m->learner == LEARNER_LIBLINEAR) {
		lin = xmalloc((ts->n ? ts->n : 1) * sizeof(*lin));
		for (size_t i = 0; i < ts->n; i++)
			lin[i] = to_lin_nodes(&ts->x[i], FG_ALL, NULL, pd->dim);
	}
	m->eng = learner_fit(&lp, m->learner == LEARNER_LIBSVM ? pd->svm_x : lin, y, pd->n);
	for (size_t i = 0; lin && i < ts->n; i++)
		free(lin[i]);
	free(lin);
	free(y);
	return m->eng ? 0 : -1;
}
/* LIBLINEAR is taken over libsvm when its cross-validated AUC is no more
 * than this below: a tie within the noise of five folds, and a linear
 * model scores with one dot product and explains itself exactly. */
#define LINEAR_TIE 0.005

/* Searches LIBLINEAR's C on pd with the folds given. */
static int search_linear(struct grid_search *lin, const struct train_settings *s,
			 const struct lq_model *m, const struct problem_data *pd,
			 const int *fold, int k)
{
	search_release(lin);
	search_init(lin, s, 0);
	lin->job.pd = pd;
	lin->job.base.learner = LEARNER_LIBLINEAR;
	lin->job.base.kernel = KERNEL_LINEAR;
	lin->job.base.weight_pos = m->weight_pos;
	lin->job.base.weight_neg = m->weight_neg;
	lin->job.fold = fold;
	lin->job.k = k;
	return search(lin, s->threads);
}

/* LIBLINEAR's search on all rows and the same folds as libsvm's chosen
 * point, whose out-of-fold AUC is svm_auc: 1 when LIBLINEAR ties and m now
 * uses it (its search in *lin), 0 when libsvm is kept, -1 on failure.  All
 * rows, not the grid's sample: the sample's best point is the maximum of
 * some 25 noisy estimates on a few hundred rows, and would favour libsvm. */
static int try_linear(struct lq_model *m, const struct train_settings *s, struct grid_search *lin,
		      const struct problem_data *pd, const int *fold, int k, double svm_auc)
{
	const struct grid_point *lb;
	info("train: LIBLINEAR on the same folds, to compare");
	if (search_linear(lin, s, m, pd, fold, k))
		return -1;
	lb = search_best(lin);
	m->linear_cv_auc = lb->auc;
	m->svm_cv_auc = svm_auc;
	if (!(lb->auc >= svm_auc - LINEAR_TIE)) {
		info("train: libsvm kept: cv AUC %.4f against LIBLINEAR's %.4f", svm_auc, lb->auc);
		return 0;
	}
	info("train: LIBLINEAR taken: cv AUC %.4f, within %.3f of libsvm's %.4f",
	     lb->auc, LINEAR_TIE, svm_auc);
	m->learner = LEARNER_LIBLINEAR;
	m->kernel = KERNEL_LINEAR;
	m->c = lb->c;
	m->gamma = 0;
	return 1;
}

struct lq_model *model_train(const struct train_set *ts, const struct train_settings *s, int *refused)
{
	struct lq_model *m = xcalloc(1, sizeof(*m));
	struct problem_data pd;
	struct grid_search gs, lin;
	const struct grid_search *chosen = &gs;
	const struct grid_point *best;
	struct problem_data sample;
	int *sample_fold = NULL;
	double *best_dec, *full_dec = NULL;
	struct fit_params fp;
	struct model_figures cvf, tf;
	struct baseline b_pc = { NAN, NAN, NAN }, b_words = { NAN, NAN, NAN };
	struct strbuf js = STRBUF_INIT, sum = STRBUF_INIT;
	double *p = NULL, *tdec = NULL, t0 = mono_seconds();
	signed char *ty = NULL;
	int *fold = NULL, k = s->folds < 2 ? 2 : s->folds, compare;
	size_t nte;

	*refused = 0;
	memset(&gs, 0, sizeof(gs));
	memset(&lin, 0, sizeof(lin));
	memset(&sample, 0, sizeof(sample));
	m->layout = ts->layout;
	m->scale = ts->scale;
	m->seed = s->seed;
	m->as_of = s->as_of;
	m->window = s->window;
	m->n_train = ts->n;
	m->n_pos = count_pos(ts->y, ts->n);
	m->n_neg = ts->n - m->n_pos;
	m->svm_cv_auc = m->linear_cv_auc = NAN;
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
	/* an automatic choice of libsvm is checked against LIBLINEAR; a learner,
	 * kernel or parameter the user fixed is kept as given */
	compare = m->learner == LEARNER_LIBSVM && s->learner == LEARNER_AUTO &&
		  s->kernel == KERNEL_AUTO && !(s->fixed_c > 0) && !(s->fixed_gamma > 0);

	problem_init(&pd, ts, FG_ALL, m->learner == LEARNER_LIBSVM,
		     m->learner == LEARNER_LIBLINEAR || compare);
	fold = make_folds(ts->y, ts->n, k, s->seed);
	search_init(&gs, s, m->kernel == KERNEL_RBF);
	/* libsvm's fits grow as n^2, LIBLINEAR's as n: each searches on a
	 * sample past its own bound, and the chosen point is then
	 * cross-validated on all rows (the figures, the calibration) */
	if (!(gs.fix_c && gs.fix_g) &&
	    ((m->learner == LEARNER_LIBSVM && ts->n > s->grid_max) ||
	     (m->learner == LEARNER_LIBLINEAR && ts->n > s->search_max))) {
		size_t max = m->learner == LEARNER_LIBSVM ? s->grid_max : s->search_max;
		problem_sample(&pd, max, s->seed, &sample);
		sample_fold = make_folds(sample.y, sample.n, k, s->seed);
		if (m->learner == LEARNER_LIBLINEAR)
			m->search_n = sample.n;
		info("train: grid search on a stratified sample of %zu (of %zu labeled, more than %zu)",
		     sample.n, ts->n, max);
	}
	gs.job.pd = sample.n ? &sample : &pd;
	gs.job.base.learner = m->learner;
	gs.job.base.kernel = m->kernel;
	gs.job.base.weight_pos = m->weight_pos;
	gs.job.base.weight_neg = m->weight_neg;
	gs.job.fold = sample.n ? sample_fold : fold;
	gs.job.k = k;
	if (search(&gs, s->threads))
		goto fail;
	best = search_best(&gs);
	m->c = best->c;
	m->gamma = best->gamma;
	fp = gs.job.base;
	fp.c = m->c;
	fp.gamma = m->gamma;
	best_dec = best->dec;
	if (sample.n) {
		char label[64];
		model_grid_label(label, sizeof(label), m->c, m->gamma, m->kernel == KERNEL_RBF);
		info("train: cross-validating %s on all %zu", label, ts->n);
		best_dec = full_dec = xmalloc(ts->n * sizeof(double));
		if (cross_decide(&pd, &fp, fold, k, full_dec, s->threads))
			goto fail;
	}
	if (compare) {
		int rc = try_linear(m, s, &lin, &pd, fold, k, model_auc(best_dec, ts->y, ts->n));
		if (rc < 0)
			goto fail;
		if (rc) {
			chosen = &lin;
			fp = lin.job.base;
			fp.c = m->c;
			fp.gamma = 0;
			best_dec = search_best(&lin)->dec;
		}
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
		run_baseline(ts, FG_BIT(FG_PAGE_CHANNEL), fold, k, &fp, s, &b_pc);
		run_baseline(ts, FG_WORDS, fold, k, &fp, s, &b_words);
	}

	info("train: final fit on %zu dialogues (C=%g%s)", ts->n, m->c,
	     m->kernel == KERNEL_RBF ? ", RBF" : "");
	fp.probability = m->learner == LEARNER_LIBSVM;
	if (final_fit(m, &pd, ts, &fp))
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
	json_grid(&js, chosen->pts, chosen->n);
	if (compare) {
		strbuf_adds(&js, ",\"learner_choice\":{");
		model_json_key_num(&js, "libsvm_cv_auc", m->svm_cv_auc);
		strbuf_addch(&js, ',');
		model_json_key_num(&js, "liblinear_cv_auc", m->linear_cv_auc);
		strbuf_addch(&js, '}');
	}
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
	strbuf_adds(&js, "}}");
	if (m->search_n)   /* absent below search_max: the same file as before */
		strbuf_addf(&js, ",\"search_sample\":%zu,\"search_max\":%zu", m->search_n,
			    s->search_max);
	strbuf_addf(&js, ",\"held_back\":{\"n\":%zu,\"qualified\":%zu,\"not_qualified\":%zu,"
		    "\"window_days\":%lld}}", s->held_back, s->held_back_pos, s->held_back_neg,
		    (long long)(s->window / 86400));
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
	search_release(&gs);
	search_release(&lin);
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
