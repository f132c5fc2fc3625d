/* localday.c — local calendar days in a named zone (see localday.h). */
#include "compat.h"
#include "localday.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The zone is switched through TZ for one conversion and switched back, so
 * that the process's own zone (and gmtime_r users) never change. */
struct zone_guard {
	char *saved;
	int had;
};

static void zone_enter(struct zone_guard *g, const char *tz)
{
	const char *old = getenv("TZ");
	g->had = old != NULL;
	g->saved = old ? xstrdup(old) : NULL;
	/* ":NAME" reads the tz database file, never a POSIX rule string */
	char buf[160];
	snprintf(buf, sizeof(buf), ":%s", tz && *tz ? tz : "UTC");
	setenv("TZ", buf, 1);
	tzset();
}

static void zone_leave(struct zone_guard *g)
{
	if (g->had)
		setenv("TZ", g->saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(g->saved);
}

int localday_zone_ok(const char *tz)
{
	static const char *const dirs[] = { "/usr/share/zoneinfo", "/usr/lib/zoneinfo",
					    "/usr/share/lib/zoneinfo" };
	struct stat st;
	if (!tz || !*tz || strlen(tz) > 100)
		return 0;
	if (!strcmp(tz, "UTC"))
		return 1;
	/* a name of the database: letters, digits, '/', '_', '-', '+'; no ".." */
	if (tz[0] == '/' || strstr(tz, ".."))
		return 0;
	for (const char *p = tz; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '/' || *p == '_' || *p == '-' || *p == '+'))
			return 0;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char path[256];
		snprintf(path, sizeof(path), "%s/%s", dirs[i], tz);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return 1;
	}
	return 0;
}

/* `t` in zone `tz` through strftime `fmt` into out[size]; `fallback` when
 * the time cannot be written. */
static void format_local(int64_t t, const char *tz, const char *fmt, char *out, size_t size,
			 const char *fallback)
{
	struct zone_guard g;
	struct tm tm;
	time_t tt = (time_t)t;
	zone_enter(&g, tz);
	if (!localtime_r(&tt, &tm))
		gmtime_r(&tt, &tm);
	zone_leave(&g);
	if (!strftime(out, size, fmt, &tm))
		snprintf(out, size, "%s", fallback);
}

void localday_of(int64_t t, const char *tz, char out[11])
{
	format_local(t, tz, "%Y-%m-%d", out, 11, "0000-00-00");
}

void localday_format(int64_t t, const char *tz, char out[17])
{
	format_local(t, tz, "%Y-%m-%d %H:%M", out, 17, "0000-00-00 00:00");
}

static int parse_day(const char *day, int *y, int *m, int *d)
{
	char extra;
	if (!day || strlen(day) != 10 || sscanf(day, "%4d-%2d-%2d%c", y, m, d, &extra) != 3)
		return -1;
	if (*m < 1 || *m > 12 || *d < 1 || *d > 31 || *y < 1970 || *y > 9999)
		return -1;
	return 0;
}

int localday_start(const char *day, const char *tz, int64_t *t)
{
	struct zone_guard g;
	struct tm tm;
	time_t r;
	int y, m, d;
	if (parse_day(day, &y, &m, &d))
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;          /* the zone decides whether summer time holds */
	zone_enter(&g, tz);
	r = mktime(&tm);
	zone_leave(&g);
	if (r == (time_t)-1)
		return -1;
	*t = (int64_t)r;
	return 0;
}

int localday_next(const char *day, char out[11])
{
	int64_t t;
	/* calendar arithmetic in UTC: noon of the day plus 24 hours is the
	 * next date whatever the zone does with its clocks */
	if (localday_start(day, "UTC", &t))
		return -1;
	format_date(t + 86400 + 43200, out);
	return 0;
}

void localday_last_completed(int64_t now, const char *tz, char out[11])
{
	char today[11];
	int64_t t;
	localday_of(now, tz, today);
	if (localday_start(today, "UTC", &t)) {
		format_date(now - 86400, out);
		return;
	}
	/* the date before today's, as a calendar date */
	format_date(t - 43200, out);
}
