/* banned.h — calls this project does not make, as compile errors.
 *
 * Included last by compat.h, after every system header that declares these
 * functions, so that a later #include <string.h> changes nothing and a use
 * such as strcpy(b, s) names an undeclared identifier and fails to
 * compile.  What to use instead is in the identifier. */
#ifndef LEADQA_BANNED_H
#define LEADQA_BANNED_H

#define BANNED(func) sorry_##func##_is_banned

/* unbounded copies: snprintf(), or a strbuf (util.h) */
#undef strcpy
#define strcpy(x, y) BANNED(strcpy_use_snprintf_or_strbuf)
#undef strcat
#define strcat(x, y) BANNED(strcat_use_strbuf)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy_use_snprintf)
#undef strncat
#define strncat(x, y, n) BANNED(strncat_use_strbuf)
#undef sprintf
#define sprintf(...) BANNED(sprintf_use_snprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf_use_vsnprintf)

/* state kept between calls, not thread-safe: the _r forms */
#undef strtok
#define strtok(x, y) BANNED(strtok_use_strtok_r)
#undef localtime
#define localtime(t) BANNED(localtime_use_gmtime_r)
#undef gmtime
#define gmtime(t) BANNED(gmtime_use_gmtime_r)
#undef ctime
#define ctime(t) BANNED(ctime_use_format_time)
#undef asctime
#define asctime(t) BANNED(asctime_use_format_time)

/* conversions that cannot say they failed: strtol() and friends */
#undef atoi
#define atoi(s) BANNED(atoi_use_strtol)
#undef atol
#define atol(s) BANNED(atol_use_strtol)
#undef atoll
#define atoll(s) BANNED(atoll_use_strtoll)

#endif
