/* shortform.c — the short stored forms of a dialogue's start time as
 * written and of an event's attribute lines (shortform.h): written by
 * ingest and the schema's upgrade, read back by dialogue_store.c and the
 * SQL functions registered here. */
#include "compat.h"
#include "shortform.h"

#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "Z" or [+-]HH:MM: the zone's offset in seconds into *off. */
static int zone_offset(const char *z, size_t n, int64_t *off)
{
	if (n == 1 && z[0] == 'Z') {
		*off = 0;
		return 1;
	}
	if (n != 6 || (z[0] != '+' && z[0] != '-') || !is_digit(z[1]) || !is_digit(z[2]) ||
	    z[3] != ':' || !is_digit(z[4]) || !is_digit(z[5]))
		return 0;
	*off = ((z[1] - '0') * 10 + (z[2] - '0')) * 3600 + ((z[4] - '0') * 10 + (z[5] - '0')) * 60;
	if (z[0] == '-')
		*off = -*off;
	return 1;
}

static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/* t (seconds, in the zone already) as YYYY-MM-DDTHH:MM:SS in out[19];
 * 0 when the year is not four digits.  Days to civil date: H. Hinnant's
 * algorithm, exact for the proleptic Gregorian calendar. */
static int write_time(int64_t t, char out[19])
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t sec = t - days * 86400, z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	if (y < 0 || y > 9999)
		return 0;
	put2(out, (int)(y / 100));
	put2(out + 2, (int)(y % 100));
	out[4] = '-';
	put2(out + 5, (int)m);
	out[7] = '-';
	put2(out + 8, (int)d);
	out[10] = 'T';
	put2(out + 11, (int)(sec / 3600));
	out[13] = ':';
	put2(out + 14, (int)(sec / 60 % 60));
	out[16] = ':';
	put2(out + 17, (int)(sec % 60));
	return 1;
}

/* The zone of text[0..n) when it is epoch written in that zone. */
static int time_zone_of(int64_t epoch, const char *text, size_t n, const char **zone, size_t *zn)
{
	char buf[19];
	int64_t off;
	if (n < 20 || !zone_offset(text + 19, n - 19, &off) || !write_time(epoch + off, buf) ||
	    memcmp(buf, text, 19))
		return 0;
	*zone = text + 19;
	*zn = n - 19;
	return 1;
}

const char *shortform_time(int64_t epoch, const char *text, char out[8])
{
	const char *zone;
	size_t zn;
	if (!text || !time_zone_of(epoch, text, strlen(text), &zone, &zn))
		return text;
	memcpy(out, zone, zn);
	out[zn] = '\0';
	return out;
}

/* prefix, then epoch written in zone[0..n), onto out; 0 (nothing added)
 * when zone is no zone. */
static int add_time(struct strbuf *out, const char *prefix, int64_t epoch, const char *zone,
		    size_t n)
{
	char buf[19];
	int64_t off;
	if (!zone_offset(zone, n, &off) || !write_time(epoch + off, buf))
		return 0;
	strbuf_adds(out, prefix);
	strbuf_add(out, buf, sizeof(buf));
	strbuf_add(out, zone, n);
	return 1;
}

const char *shortform_time_text(int64_t epoch, int has_epoch, const char *stored,
				struct strbuf *out)
{
	strbuf_reset(out);
	if (!stored || !has_epoch || !add_time(out, "", epoch, stored, strlen(stored)))
		return stored;
	return strbuf_str(out);
}

static int value_is(const char *v, size_t n, const char *col)
{
	return col && strlen(col) == n && !memcmp(v, col, n);
}

const char *shortform_attrs(const char *type, int64_t at, int has_at, const char *target,
			    const char *item, const char *attrs, struct strbuf *out)
{
	struct strbuf back = STRBUF_INIT;
	const char *p = attrs, *ret = attrs;
	strbuf_reset(out);
	if (!attrs)
		return NULL;
	while (*p) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(end - p)), *v, *zone;
		size_t name_n, vn, zn;
		if (!eq)
			return attrs;   /* it would read back as a short line */
		name_n = (size_t)(eq - p);
		v = eq + 1;
		vn = (size_t)(end - v);
		if (name_n == 4 && !memcmp(p, "type", 4) && value_is(v, vn, type))
			strbuf_adds(out, "type");
		else if (name_n == 2 && !memcmp(p, "to", 2) && value_is(v, vn, target))
			strbuf_adds(out, "to");
		else if (name_n == 4 && !memcmp(p, "item", 4) && value_is(v, vn, item))
			strbuf_adds(out, "item");
		else if (name_n == 2 && !memcmp(p, "at", 2) && has_at &&
			 time_zone_of(at, v, vn, &zone, &zn)) {
			strbuf_adds(out, "at");
			strbuf_add(out, zone, zn);
		} else {
			strbuf_add(out, p, (size_t)(end - p));
		}
		if (nl)
			strbuf_addch(out, '\n');
		p = nl ? nl + 1 : end;
	}
	/* the short form only when it is shorter and gives the lines back */
	if (out->len < strlen(attrs) &&
	    !strcmp(shortform_attrs_text(type, at, has_at, target, item, strbuf_str(out), &back), attrs))
		ret = strbuf_str(out);
	strbuf_release(&back);
	return ret;
}

const char *shortform_attrs_text(const char *type, int64_t at, int has_at, const char *target,
				 const char *item, const char *stored, struct strbuf *out)
{
	const char *p = stored;
	strbuf_reset(out);
	if (!stored)
		return NULL;
	while (*p) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
		size_t n = (size_t)(end - p);
		if (memchr(p, '=', n)) {
			strbuf_add(out, p, n);
		} else if (n == 4 && !memcmp(p, "type", 4) && type) {
			strbuf_adds(out, "type=");
			strbuf_adds(out, type);
		} else if (n == 2 && !memcmp(p, "to", 2) && target) {
			strbuf_adds(out, "to=");
			strbuf_adds(out, target);
		} else if (n == 4 && !memcmp(p, "item", 4) && item) {
			strbuf_adds(out, "item=");
			strbuf_adds(out, item);
		} else if (!(n > 2 && !memcmp(p, "at", 2) && has_at &&
			     add_time(out, "at=", at, p + 2, n - 2))) {
			strbuf_add(out, p, n);         /* no short line of ours */
		}
		if (nl)
			strbuf_addch(out, '\n');
		p = nl ? nl + 1 : end;
	}
	return strbuf_str(out);
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* hash's 16 bytes into out when it is 32 lowercase hex digits. */
static int hash_bytes(const char *hash, size_t n, unsigned char out[16])
{
	if (!hash || n != 32)
		return 0;
	for (int i = 0; i < 16; i++) {
		int hi = hex_digit(hash[2 * i]), lo = hex_digit(hash[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return 0;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 1;
}

static void hash_hex(const unsigned char *b, char out[33])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 16; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[32] = '\0';
}

int shortform_bind_hash(sqlite3_stmt *st, int i, const char *hash)
{
	unsigned char b[16];
	if (hash && hash_bytes(hash, strlen(hash), b))
		return sqlite3_bind_blob(st, i, b, 16, SQLITE_TRANSIENT);
	if (!hash)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, hash, -1, SQLITE_TRANSIENT);
}

void shortform_col_hash(sqlite3_stmt *st, int i, char out[33])
{
	const unsigned char *t;
	if (sqlite3_column_type(st, i) == SQLITE_BLOB && sqlite3_column_bytes(st, i) == 16) {
		hash_hex(sqlite3_column_blob(st, i), out);
		return;
	}
	t = sqlite3_column_text(st, i);
	copy_fit(out, 33, t ? (const char *)t : "");
}

/* --- SQL ----------------------------------------------------------------- */

static const char *arg_text(sqlite3_value *v)
{
	return sqlite3_value_type(v) == SQLITE_NULL ? NULL : (const char *)sqlite3_value_text(v);
}

static void result(sqlite3_context *ctx, const char *s)
{
	if (s)
		sqlite3_result_text(ctx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

/* time_text(epoch, stored) and short_time(epoch, text) */
static void sql_time(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int has = sqlite3_value_type(argv[0]) != SQLITE_NULL;
	int64_t t = sqlite3_value_int64(argv[0]);
	const char *s = arg_text(argv[1]);
	(void)argc;
	if (sqlite3_user_data(ctx)) {
		char zone[8];
		result(ctx, has ? shortform_time(t, s, zone) : s);
	} else {
		struct strbuf out = STRBUF_INIT;
		result(ctx, shortform_time_text(t, has, s, &out));
		strbuf_release(&out);
	}
}

/* event_attrs(type, at, target, item, stored), short_attrs(... attrs) */
static void sql_attrs(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct strbuf out = STRBUF_INIT;
	int has = sqlite3_value_type(argv[1]) != SQLITE_NULL;
	int64_t at = sqlite3_value_int64(argv[1]);
	const char *type = arg_text(argv[0]), *target = arg_text(argv[2]), *item = arg_text(argv[3]);
	const char *s = arg_text(argv[4]);
	(void)argc;
	if (sqlite3_user_data(ctx))
		result(ctx, shortform_attrs(type, at, has, target, item, s, &out));
	else
		result(ctx, shortform_attrs_text(type, at, has, target, item, s, &out));
	strbuf_release(&out);
}

/* hash_text(stored) and hash_blob(text) */
static void sql_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_user_data(ctx)) {
		unsigned char b[16];
		const char *t = sqlite3_value_type(argv[0]) == SQLITE_TEXT ?
				(const char *)sqlite3_value_text(argv[0]) : NULL;
		if (t && hash_bytes(t, (size_t)sqlite3_value_bytes(argv[0]), b))
			sqlite3_result_blob(ctx, b, 16, SQLITE_TRANSIENT);
		else
			sqlite3_result_value(ctx, argv[0]);
	} else if (sqlite3_value_type(argv[0]) == SQLITE_BLOB && sqlite3_value_bytes(argv[0]) == 16) {
		char hex[33];
		hash_hex(sqlite3_value_blob(argv[0]), hex);
		sqlite3_result_text(ctx, hex, 32, SQLITE_TRANSIENT);
	} else {
		sqlite3_result_value(ctx, argv[0]);
	}
}

int shortform_register_sql(sqlite3 *db)
{
	static int make_short = 1;
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
	if (sqlite3_create_function(db, "time_text", 2, flags, NULL, sql_time, NULL, NULL) ||
	    sqlite3_create_function(db, "short_time", 2, flags, &make_short, sql_time, NULL, NULL) ||
	    sqlite3_create_function(db, "event_attrs", 5, flags, NULL, sql_attrs, NULL, NULL) ||
	    sqlite3_create_function(db, "short_attrs", 5, flags, &make_short, sql_attrs, NULL, NULL) ||
	    sqlite3_create_function(db, "hash_text", 1, flags, NULL, sql_hash, NULL, NULL) ||
	    sqlite3_create_function(db, "hash_blob", 1, flags, &make_short, sql_hash, NULL, NULL))
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}
