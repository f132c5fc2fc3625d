/* time.c — dates and times of the generated night. */
#include "compat.h"
#include "gen_corpus.h"

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *yy, int *mm, int *dd)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	*yy = (int)(y + (m <= 2));
	*mm = (int)m;
	*dd = (int)d;
}

/* ISO 8601 in the given offset (minutes east of UTC; 0 is written as Z). */
void time_append(struct strbuf *sb, int64_t t, int tz_min)
{
	int64_t local = t + (int64_t)tz_min * 60;
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t secs = local - days * 86400;
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	strbuf_addf(sb, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d,
		    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	if (!tz_min)
		strbuf_addch(sb, 'Z');
	else
		strbuf_addf(sb, "%c%02d:%02d", tz_min < 0 ? '-' : '+',
			    abs(tz_min) / 60, abs(tz_min) % 60);
}

int parse_date(const char *s, int64_t *out)
{
	int y, m, d;
	char extra;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*out = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
	return 0;
}
