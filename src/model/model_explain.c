/* model_explain.c — why a dialogue got its score: the feature groups and
 * stems that moved it most, in words. */
#include "compat.h"
#include "model.h"
#include "learner.h"
#include "model_impl.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
			delta = m->w[idx] * xv * (learner_is_liblinear(m->eng) ? 1 : m->sign);
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
		mv[k].delta = p - model_linear_probability(m, d[k]);
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
	if (learner_is_liblinear(m->eng) || m->collapsed) {
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
