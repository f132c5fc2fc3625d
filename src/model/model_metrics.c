/* model_metrics.c — figures of a set of probabilities (AUC, accuracy, Brier,
 * reliability, grade thresholds, ROC) as JSON, Platt scaling, and the
 * training report for people. */
#include "compat.h"
#include "model.h"
#include "learner.h"
#include "model_impl.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
/* ---- figures of a set of probabilities ---- */

static const int grade_thresholds[3] = { 75, 50, 25 };

void model_figures_of(const double *p, const signed char *y, size_t n, struct model_figures *f)
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

void model_json_num(struct strbuf *sb, double v)
{
	if (isnan(v) || isinf(v))
		strbuf_adds(sb, "null");
	else
		strbuf_addf(sb, "%.6g", v);
}

void model_json_key_num(struct strbuf *sb, const char *key, double v)
{
	strbuf_addf(sb, "\"%s\":", key);
	model_json_num(sb, v);
}

void model_json_reliability(struct strbuf *sb, const char *key, const struct model_figures *f)
{
	strbuf_addf(sb, "\"%s\":[", key);
	for (int b = 0; b < 10; b++) {
		strbuf_adds(sb, b ? ",{" : "{");
		model_json_key_num(sb, "predicted", f->rel_n[b] ? f->rel_pred[b] : (b + 0.5) / 10);
		strbuf_addch(sb, ',');
		model_json_key_num(sb, "observed", f->rel_n[b] ? f->rel_obs[b] : NAN);
		strbuf_addf(sb, ",\"n\":%zu}", f->rel_n[b]);
	}
	strbuf_addch(sb, ']');
}

void model_json_thresholds(struct strbuf *sb, const struct model_figures *f)
{
	strbuf_adds(sb, "\"thresholds\":[");
	for (int t = 0; t < 3; t++) {
		double prec = f->tp[t] + f->fp[t] ? (double)f->tp[t] / (double)(f->tp[t] + f->fp[t]) : NAN;
		double rec = f->tp[t] + f->fn[t] ? (double)f->tp[t] / (double)(f->tp[t] + f->fn[t]) : NAN;
		strbuf_addf(sb, "%s{\"t\":%d,", t ? "," : "", grade_thresholds[t]);
		model_json_key_num(sb, "precision", prec);
		strbuf_addch(sb, ',');
		model_json_key_num(sb, "recall", rec);
		strbuf_addf(sb, ",\"tp\":%zu,\"fp\":%zu,\"fn\":%zu,\"tn\":%zu}",
			    f->tp[t], f->fp[t], f->fn[t], f->tn[t]);
	}
	strbuf_addch(sb, ']');
}

/* At most 100 points of the ROC curve, from (0,0) to (1,1). */
void model_json_roc(struct strbuf *sb, const double *p, const signed char *y, size_t n)
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
			model_json_key_num(sb, "fpr", (double)fp / (double)nneg);
			strbuf_addch(sb, ',');
			model_json_key_num(sb, "tpr", (double)tp / (double)npos);
			strbuf_addch(sb, '}');
		}
		i = j;
	}
	strbuf_adds(sb, ",{\"fpr\":1,\"tpr\":1}]");
	free(v);
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

void model_build_table(struct lq_model *m, const struct model_figures *cvf, const struct model_figures *tf,
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
	if (m->search_n)
		strbuf_addf(&sb, "search     C chosen on a stratified sample of %zu of the %zu labeled,"
			    " then cross-validated on all; the baselines' C and cv AUC on that sample\n",
			    m->search_n, m->n_train);
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
