/* localday.h — local calendar days in a named time zone.
 *
 * A report's night is a whole local day: from local midnight to the next
 * local midnight in the zone the owner configured (a day may last 23 or 25
 * hours when the clocks change).  Zones are the system's tz database names
 * ("Europe/Moscow", "UTC"); the conversion goes through TZ and
 * localtime_r()/mktime(), with the caller's TZ put back after each call, so
 * nothing else in the process sees another zone.  Not for use from several
 * threads at once (TZ is the process's). */
#ifndef LEADQA_LOCALDAY_H
#define LEADQA_LOCALDAY_H

#include <stdint.h>

/* Is `tz` a zone of the tz database (or "UTC")?  1 yes, 0 no. */
int localday_zone_ok(const char *tz);

/* "YYYY-MM-DD" of the local day holding `t`, into out[11]. */
void localday_of(int64_t t, const char *tz, char out[11]);

/* The moment local `day` ("YYYY-MM-DD") begins.  0, or -1 for a bad day. */
int localday_start(const char *day, const char *tz, int64_t *t);

/* "YYYY-MM-DD HH:MM" of `t` in the zone, into out[17]. */
void localday_format(int64_t t, const char *tz, char out[17]);

/* The local day after `day`, into out[11].  0 or -1. */
int localday_next(const char *day, char out[11]);

/* The last local day that has ended at `now` (the day before now's), into
 * out[11]. */
void localday_last_completed(int64_t now, const char *tz, char out[11]);

#endif
