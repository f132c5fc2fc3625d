/* stats.c — Wilson intervals and a two-proportion test (see stats.h). */
#include "compat.h"
#include "stats.h"

#include <math.h>

void stats_wilson(double k, double n, double *lo, double *hi)
{
	double z = STATS_Z95, p, den, mid, half;
	if (!(n > 0) || isnan(k)) {
		*lo = *hi = NAN;
		return;
	}
	p = k / n;
	den = 1 + z * z / n;
	mid = (p + z * z / (2 * n)) / den;
	half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den;
	*lo = mid - half < 0 ? 0 : mid - half;
	*hi = mid + half > 1 ? 1 : mid + half;
}

int stats_change_real(double p1, double n1, double p2, double n2)
{
	double pool, se;
	if (isnan(p1) || isnan(p2) || !(n1 > 0) || !(n2 > 0))
		return 0;
	pool = (p1 * n1 + p2 * n2) / (n1 + n2);
	se = sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2));
	if (!(se > 0))
		return 0;        /* both 0% or both 100%: no change at all */
	return fabs(p1 - p2) / se > STATS_Z95;
}
