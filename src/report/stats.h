/* stats.h — how sure a rate is: Wilson intervals and a test of change,
 * for the report's figures (private to src/report/).
 *
 * A rate of k in n is shown with its n and its 95% Wilson score interval
 * (it stays inside 0..1 and behaves for small n and for 0% and 100%, where
 * the textbook p ± 1.96·se collapses to a point).  A change between two
 * rates counts only when a two-proportion z-test puts it beyond the noise
 * (|z| > 1.96, about 95%); under STATS_MIN_N a rate is too thin to read and
 * the report greys it out with its count. */
#ifndef LEADQA_STATS_H
#define LEADQA_STATS_H

#define STATS_Z95 1.959964
/* Fewer cases than this: the rate is shown greyed, with its n. */
#define STATS_MIN_N 20

/* 95% Wilson interval of k successes in n; n <= 0 gives NAN bounds. */
void stats_wilson(double k, double n, double *lo, double *hi);

/* Is p1 (of n1) different from p2 (of n2) beyond the noise?  1 yes, 0 no
 * (also when either n is 0 or a value is NAN). */
int stats_change_real(double p1, double n1, double p2, double n2);

#endif
