/* model_explain.c — why a dialogue got its score: the feature groups and
 * the cue groups of client words that moved it most, either way, as
 * phrases of the dictionary in reasons.h. */
#include "compat.h"
#include "model.h"
#include "learner.h"
#include "model_impl.h"
#include "reasons.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- explanations ---- */

struct mover { int group; double delta; };

/* A candidate reason: a feature group (kind 0) or a cue group of client
 * words (kind 1), and how much it moved the probability (signed). */
struct reason { int kind, id; double delta; };

/* By the size of the move, either way; ties: feature groups first, then by id. */
static int by_size(const struct reason *x, const struct reason *y)
{
	double a = fabs(x->delta), b = fabs(y->delta);
	if (a != b)
		return a > b ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return x->id - y->id;
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

static void say(const struct feature_raw *raw, const struct reason *r, enum reason_lang l,
		struct strbuf *out)
{
	enum reason_variant v = RV_PLAIN;
	/* the sign first: U+2212, a real minus, so that no spreadsheet takes
	 * the cell for a formula and no reader for a hyphen */
	strbuf_adds(out, r->delta > 0 ? "+ " : "\xe2\x88\x92 ");
	if (r->kind) {
		strbuf_adds(out, reason_cue_phrase((size_t)r->id, l));
		return;
	}
	switch (r->id) {
	case FG_TURNS:
		/* a count, so its integer */
		reason_say_turns((long)raw->s[FS_CLIENT_TURNS], l, out);
		return;
	case FG_REPEAT:
		/* expm1(log1p(n)) may come back as n - 1e-16: round, do not truncate */
		reason_say_returning(lround(expm1(raw->s[FS_REPEAT])), l, out);
		return;
	case FG_CONTACT: v = raw->s[FS_HAS_PHONE] > 0 ? RV_PHONE : RV_PLAIN; break;
	case FG_PROBLEM: v = raw->s[FS_RESOLVED] > 0 ? RV_RESOLVED : RV_PLAIN; break;
	default: break;
	}
	strbuf_adds(out, reason_group_phrase(r->id, v, l));
}

void model_say_returning(double repeat_figure, struct strbuf *out)
{
	reason_say_returning(lround(expm1(repeat_figure)), REASON_EN, out);
}

/* The cue groups of the client's words: for each group present, the
 * probability without its words (each index once).  Words in no group are
 * never named: a stem is not a reason a manager can read. */
static int cue_reasons(const struct lq_model *m, struct model_scratch *s, const struct fvec *x,
		       const struct feature_raw *raw, double p, struct reason *out, int max)
{
	struct { int index, cue; } hit[64];
	int n = 0, n_hit = 0, linear = m->collapsed || learner_is_liblinear(m->eng);
	unsigned long long cues_seen = 0;
	double d_full;
	/* the few client words of the dictionary, found by one lookup each */
	for (size_t i = 0; i < raw->n_stems && n_hit < 64; i++) {
		int cue = reason_cue_of_stem(feature_raw_stem(raw, i));
		if (cue < 0 || cue >= 64)
			continue;
		hit[n_hit].index = raw->stem_index[i];
		hit[n_hit++].cue = cue;
		cues_seen |= 1ULL << cue;
	}
	if (!n_hit)
		return 0;
	d_full = linear ? model_dot(m, x) : 0;
	for (int cue = 0; cue < 64 && n < max; cue++) {
		double sum = 0;
		int found = 0;
		struct fvec tmp = s->tmp;
		if (!(cues_seen & (1ULL << cue)))
			continue;
		fvec_clear(&tmp);
		for (size_t j = 0; j < x->n; j++) {
			int in_cue = 0;
			if (x->group[j] == FG_WORDS_CLIENT)
				for (int h = 0; h < n_hit && !in_cue; h++)
					in_cue = hit[h].cue == cue && hit[h].index == x->index[j];
			if (!in_cue) {
				if (!linear)
					fvec_push(&tmp, x->index[j], x->value[j], x->group[j]);
				continue;
			}
			found = 1;
			if (linear && x->index[j] >= 1 && x->index[j] <= m->w_dim)
				sum += m->w[x->index[j]] * x->value[j];
		}
		if (found) {
			double without = linear ? model_linear_probability(m, d_full - sum)
						: model_predict(m, s, &tmp);
			out[n].kind = 1;
			out[n].id = cue;
			out[n++].delta = p - without;
		}
		s->tmp = tmp;
	}
	return n;
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
		  const struct feature_raw *raw, double p, int max, enum reason_lang lang,
		  struct strbuf *out)
{
	struct mover mv[FG_COUNT];
	struct reason rs[FG_COUNT + 32];
	unsigned present = 0;
	int n = 0, nr = 0, said = 0;
	for (size_t i = 0; i < x->n; i++)
		present |= FG_BIT(x->group[i]);
	/* the client's words as a whole are no reason: their cue groups are */
	present &= ~FG_BIT(FG_WORDS_CLIENT);
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
	for (int i = 0; i < n; i++) {
		rs[nr].kind = 0;
		rs[nr].id = mv[i].group;
		rs[nr++].delta = mv[i].delta;
	}
	nr += cue_reasons(m, s, x, raw, p, rs + nr, (int)(sizeof(rs) / sizeof(rs[0])) - nr);
	/* insertion sort: a few dozen at most */
	for (int i = 1; i < nr; i++) {
		struct reason r = rs[i];
		int j = i;
		for (; j > 0 && by_size(&rs[j - 1], &r) > 0; j--)
			rs[j] = rs[j - 1];
		rs[j] = r;
	}
	for (int i = 0; i < nr && said < max; i++) {
		if (fabs(rs[i].delta) < 0.005)
			break;
		if (said)
			strbuf_adds(out, "; ");
		say(raw, &rs[i], lang, out);
		said++;
	}
	return said;
}
