/* turnclf_pick.c — which rule and threshold a learned act uses, chosen from
 * the pooled out-of-fold (leave-one-source-out) F1 of every candidate.
 *
 * This module owns only the choice, not the counting (turnclf_learn.c). The
 * choice must not swing when a lexicon loses or gains a cue: one split's
 * best threshold often sits on a narrow peak, and the most precise candidate
 * within a tie sits at the edge of the tie band, where a turn or two moves it
 * out. So each candidate is judged by its F1 smoothed over its neighbouring
 * thresholds of the same rule (a broad plateau beats a narrow peak), ties go
 * to the simpler rule (the classifier alone, then "or", then "and": the fewer
 * signals, the less a cue edit moves it), and only then to precision (at
 * equal F1 a false alarm costs more than a miss). */
#include "compat.h"
#include "turnclf_learn.h"

static int rule_rank(enum turnclf_rule r)
{
	switch (r) {
	case TURNCLF_ALONE: return 0;
	case TURNCLF_OR: return 1;
	case TURNCLF_AND: return 2;
	default: return 3;
	}
}

/* F1 of c[i] averaged with its neighbours on the grid of the same rule
 * (candidates of one rule are adjacent, in threshold order). */
static double smoothed(const struct turnclf_candidate *c, size_t n, size_t i)
{
	double s = c[i].f1;
	int k = 1;
	if (i > 0 && c[i - 1].rule == c[i].rule)
		s += c[i - 1].f1, k++;
	if (i + 1 < n && c[i + 1].rule == c[i].rule)
		s += c[i + 1].f1, k++;
	return s / k;
}

size_t turnclf_pick(const struct turnclf_candidate *c, size_t n, double tie)
{
	double best = -1, sm[64];
	size_t pick = 0;
	if (!n)
		return 0;
	if (n > sizeof(sm) / sizeof(*sm))
		n = sizeof(sm) / sizeof(*sm);
	for (size_t i = 0; i < n; i++) {
		sm[i] = smoothed(c, n, i);
		best = sm[i] > best ? sm[i] : best;
	}
	pick = n;
	for (size_t i = 0; i < n; i++) {
		if (sm[i] < best - tie)
			continue;
		if (pick == n || rule_rank(c[i].rule) < rule_rank(c[pick].rule) ||
		    (c[i].rule == c[pick].rule && c[i].precision > c[pick].precision))
			pick = i;
	}
	return pick;
}
