/* deals.c — the CRM deal-history CSV: a streaming reader over libcsv that
 * checks and normalises each row (deals.h), and deals_load(), which stores
 * the rows in deal_events and joins each deal to its customer (ingest.h).
 *
 * libcsv does the RFC 4180 work but knows nothing of lines, so the reader
 * hands it the input one physical line at a time (split after every CR or
 * LF): a row can then only end at the end of a piece, and the line a row
 * starts on is the line of the first non-blank piece after the previous
 * row ended, however many line breaks its quoted fields hold. */
#include "compat.h"
#include "deals.h"
#include "db.h"
#include "identity.h"
#include "loader.h"
#include "util.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define FIELD_MAX (64 * 1024)          /* longest value kept from a known column */
#define ENTRY_MAX (16 * 1024 * 1024)   /* longest field libcsv may buffer */
#define HEADER_MAX (1024 * 1024)       /* longest header line */
#define MAX_COLUMNS 1024
#define ID_MAX 500                     /* longest id or login kept (identity keeps 511) */
#define QUOTE_MAX 60                   /* bytes of a bad value quoted in a message */

/* libcsv's parser state "inside a field" (libcsv.c): at the end of the
 * input, with csv_parser.quoted set, it means an unterminated quote. */
#define LIBCSV_FIELD_BEGUN 2

enum column {
	COL_DEAL, COL_CONTACT, COL_EMAIL, COL_PHONE, COL_STAGE,
	COL_CHANGED_AT, COL_CHANGED_BY, COL_AMOUNT, COL_DIALOGUE, N_COLUMNS
};

static const char *const column_names[N_COLUMNS] = {
	"deal_id", "contact_id", "email", "phone", "stage",
	"changed_at", "changed_by", "amount", "dialogue_id"
};

static const char *const stage_names[] = {
	"new", "qualified", "proposal", "negotiation", "won", "lost"
};

struct deals_reader {
	deal_row_fn fn;
	void *arg;
	struct csv_parser csv;
	int csv_ready;
	int status;                 /* 0 reading, 1 broke off, -1 rejected/stopped */
	struct strbuf message;
	long message_line;
	struct strbuf pending;      /* input before the header line is complete */
	int header_quoted, header_seen;

	long line;                  /* physical line of the next byte */
	int prev_cr;
	int row_open;
	long row_start;
	long rows;

	int header_done;
	struct strbuf header[MAX_COLUMNS];
	size_t n_header;
	int role_of[MAX_COLUMNS];   /* header position -> enum column, or -1 */
	int has_column[N_COLUMNS];

	size_t col;                 /* position of the next field in the row */
	struct strbuf value[N_COLUMNS];
	int row_nonempty, row_bad_text, row_too_long;

	struct strbuf problem;
	char email[320], phone[32];
};

/* --- small text helpers --------------------------------------------- */

/* Trims blanks (spaces, tabs, no-break spaces) off sb in place; returns the
 * trimmed text, which lives in sb. */
static char *trim_value(struct strbuf *sb)
{
	unsigned char *s;
	size_t start = 0, end = sb->len, k;
	if (!sb->buf)
		return (char *)"";
	s = (unsigned char *)sb->buf;
	while (start < end && (k = blank_len(s + start, end - start)) > 0)
		start += k;
	while (end > start && (k = blank_len_back(s + start, end - start)) > 0)
		end -= k;
	s[end] = '\0';
	return (char *)s + start;
}

/* Appends v in quotes: at most QUOTE_MAX bytes, cut on a character
 * boundary, control characters (a quoted line break) shown as spaces so
 * that a message stays on one line. */
static void add_quoted(struct strbuf *sb, const char *v)
{
	size_t n = strlen(v), cut = n;
	if (n > QUOTE_MAX) {
		cut = QUOTE_MAX;
		while (cut > 0 && ((unsigned char)v[cut] & 0xc0) == 0x80)
			cut--;
	}
	strbuf_addch(sb, '\'');
	for (size_t i = 0; i < cut; i++)
		strbuf_addch(sb, (unsigned char)v[i] < 0x20 ? ' ' : v[i]);
	strbuf_adds(sb, cut < n ? "...'" : "'");
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* --- amounts ------------------------------------------------------------ */

/* Currency marks allowed before or after an amount. */
static const char *const currency_marks[] = {
	"руб.", "руб", "Руб.", "Руб", "РУБ", "р.", "₽", "$", "€",
	"RUB", "rub", "USD", "usd", "EUR", "eur",
};

/* Strips one currency mark from the start or end of [*s, *e). */
static void strip_currency(const char **s, const char **e)
{
	for (size_t i = 0; i < sizeof(currency_marks) / sizeof(currency_marks[0]); i++) {
		size_t m = strlen(currency_marks[i]);
		if ((size_t)(*e - *s) < m)
			continue;
		if (!memcmp(*e - m, currency_marks[i], m)) {
			*e -= m;
			return;
		}
		if (!memcmp(*s, currency_marks[i], m)) {
			*s += m;
			return;
		}
	}
}

static void trim_span(const char **s, const char **e)
{
	size_t k;
	while (*s < *e && (k = blank_len((const unsigned char *)*s, (size_t)(*e - *s))) > 0)
		*s += k;
	while (*e > *s && (k = blank_len_back((const unsigned char *)*s, (size_t)(*e - *s))) > 0)
		*e -= k;
}

/* Copies the digits and separators of [s, e) into t, dropping blanks and
 * apostrophes between thousands; -1 on any other character. */
static int compact_amount(const char *s, const char *e, char *t, size_t tsz, size_t *tn)
{
	size_t n = 0, k;
	while (s < e) {
		if ((k = blank_len((const unsigned char *)s, (size_t)(e - s))) > 0 || *s == '\'') {
			s += k ? k : 1;
			continue;
		}
		if (!((*s >= '0' && *s <= '9') || *s == '.' || *s == ',') || n + 1 >= tsz)
			return -1;
		t[n++] = *s++;
	}
	t[n] = '\0';
	*tn = n;
	return 0;
}

/* Digits in groups of three after the first (1 to 3 digits) group:
 * [s, e) with group separators g. */
static int groups_ok(const char *s, const char *e, char g)
{
	const char *p = s;
	int first = 1;
	while (p <= e) {
		const char *q = p;
		while (q < e && *q != g)
			q++;
		if (first ? (q - p < 1 || q - p > 3) : (q - p != 3))
			return 0;
		first = 0;
		p = q + 1;
	}
	return 1;
}

int parse_amount(const char *str, double *out)
{
	const char *s = str, *e;
	char t[64];
	size_t n;
	int negative = 0;
	char dec = 0, group = 0;
	const char *dot, *comma, *int_end;
	double v = 0, scale = 1;
	if (!s)
		return 0;
	e = s + strlen(s);
	trim_span(&s, &e);
	if (s == e)
		return 0;
	strip_currency(&s, &e);
	trim_span(&s, &e);
	if (s < e && (*s == '-' || *s == '+')) {
		negative = *s == '-';
		s++;
	}
	strip_currency(&s, &e);
	trim_span(&s, &e);
	if (s == e || compact_amount(s, e, t, sizeof(t), &n))
		return -1;
	dot = strrchr(t, '.');
	comma = strrchr(t, ',');
	if (dot && comma) {
		dec = dot > comma ? '.' : ',';
		group = dot > comma ? ',' : '.';
	} else if (dot || comma) {
		char c = dot ? '.' : ',';
		/* One separator is the decimal one; several group thousands. */
		if (strchr(t, c) == strrchr(t, c))
			dec = c;
		else
			group = c;
	}
	int_end = dec ? strrchr(t, dec) : t + n;
	if (dec && strchr(t, dec) != int_end)
		return -1;
	if (int_end == t || (dec && int_end[1] == '\0'))
		return -1;
	if (group && (strchr(int_end, group) || !groups_ok(t, int_end, group)))
		return -1;
	if (int_end - t > 18)
		return -1;
	for (const char *p = t; p < int_end; p++)
		if (*p != group)
			v = v * 10 + (*p - '0');
	if (dec) {
		for (const char *p = int_end + 1; *p; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			scale /= 10;
			v += (*p - '0') * scale;
		}
	}
	*out = negative ? -v : v;
	return 1;
}

/* --- the reader ---------------------------------------------------------- */

static void reader_stop(struct deals_reader *r, int status, long line, const char *fmt, ...)
	LQ_PRINTF(4, 5);

static void reader_stop(struct deals_reader *r, int status, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	if (r->status)
		return;
	r->status = status;
	r->message_line = line;
	strbuf_reset(&r->message);
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		strbuf_adds(&r->message, msg);
	}
}

struct deals_reader *deals_reader_new(deal_row_fn fn, void *arg)
{
	struct deals_reader *r = xcalloc(1, sizeof(*r));
	r->fn = fn;
	r->arg = arg;
	r->line = 1;
	strbuf_init(&r->pending, HEADER_MAX);
	for (int i = 0; i < N_COLUMNS; i++)
		strbuf_init(&r->value[i], FIELD_MAX);
	for (size_t i = 0; i < MAX_COLUMNS; i++)
		r->role_of[i] = -1;
	return r;
}

void deals_reader_free(struct deals_reader *r)
{
	if (!r)
		return;
	strbuf_release(&r->problem);
	for (int i = 0; i < N_COLUMNS; i++)
		strbuf_release(&r->value[i]);
	for (size_t i = 0; i < r->n_header; i++)
		strbuf_release(&r->header[i]);
	strbuf_release(&r->pending);
	strbuf_release(&r->message);
	if (r->csv_ready)
		csv_free(&r->csv);
	free(r);
}

const char *deals_reader_message(const struct deals_reader *r) { return strbuf_str(&r->message); }
long deals_reader_message_line(const struct deals_reader *r) { return r->message_line; }
long deals_reader_line(const struct deals_reader *r) { return r->line; }
long deals_reader_rows(const struct deals_reader *r) { return r->rows; }

static void take_header(struct deals_reader *r)
{
	for (size_t i = 0; i < r->n_header; i++) {
		char *name = trim_value(&r->header[i]);
		for (int c = 0; c < N_COLUMNS; c++) {
			if (!r->has_column[c] && !strcasecmp(name, column_names[c])) {
				r->has_column[c] = 1;
				r->role_of[i] = c;
				break;
			}
		}
	}
	r->header_done = 1;
	if (!r->has_column[COL_DEAL])
		reader_stop(r, -1, r->row_start, "missing required column 'deal_id'");
	else if (!r->has_column[COL_STAGE])
		reader_stop(r, -1, r->row_start, "missing required column 'stage'");
	else if (!r->has_column[COL_CHANGED_AT])
		reader_stop(r, -1, r->row_start, "missing required column 'changed_at'");
	else if (!r->has_column[COL_CONTACT] && !r->has_column[COL_EMAIL] && !r->has_column[COL_PHONE])
		reader_stop(r, -1, r->row_start,
			    "missing a contact column: one of 'contact_id', 'email', 'phone'");
}

static const char *canonical_stage(char *stage)
{
	lower_ascii(stage);
	for (size_t i = 0; i < sizeof(stage_names) / sizeof(stage_names[0]); i++)
		if (!strcmp(stage, stage_names[i]))
			return stage_names[i];
	return NULL;
}

/* Sets row->problem (in r->problem) from a message and a quoted value. */
static const char *row_problem(struct deals_reader *r, const char *what, const char *v)
{
	strbuf_reset(&r->problem);
	strbuf_adds(&r->problem, what);
	if (v) {
		strbuf_addch(&r->problem, ' ');
		add_quoted(&r->problem, v);
	}
	return strbuf_str(&r->problem);
}

/* Fills row from the current values; sets row->problem when it must go. */
static void check_row(struct deals_reader *r, struct deal_row *row)
{
	char *stage_text, *when, *amount;
	size_t id_len;
	row->deal_id = trim_value(&r->value[COL_DEAL]);
	row->contact_id = trim_value(&r->value[COL_CONTACT]);
	row->raw_email = trim_value(&r->value[COL_EMAIL]);
	row->raw_phone = trim_value(&r->value[COL_PHONE]);
	row->changed_by = trim_value(&r->value[COL_CHANGED_BY]);
	row->dialogue_id = trim_value(&r->value[COL_DIALOGUE]);
	stage_text = trim_value(&r->value[COL_STAGE]);
	when = trim_value(&r->value[COL_CHANGED_AT]);
	amount = trim_value(&r->value[COL_AMOUNT]);
	if (r->row_bad_text) {
		row->problem = "invalid UTF-8 or a NUL byte in the row";
		return;
	}
	if (r->row_too_long) {
		row->problem = "a field longer than 65536 bytes";
		return;
	}
	id_len = strlen(row->deal_id);
	if (id_len == 0) {
		row->problem = "empty deal_id";
		return;
	}
	if (id_len > ID_MAX || strlen(row->contact_id) > ID_MAX || strlen(row->changed_by) > ID_MAX ||
	    strlen(row->dialogue_id) > ID_MAX) {
		row->problem = "an id or login longer than 500 bytes";
		return;
	}
	if (!*stage_text) {
		row->problem = "empty stage";
		return;
	}
	if (!(row->stage = canonical_stage(stage_text))) {
		row->problem = row_problem(r, "unknown stage", stage_text);
		return;
	}
	if (!*when) {
		row->problem = "empty changed_at";
		return;
	}
	if (parse_time(when, &row->changed_at)) {
		row->problem = row_problem(r, "cannot parse date", when);
		return;
	}
	norm_email(row->raw_email, r->email, sizeof(r->email));
	norm_phone(row->raw_phone, r->phone, sizeof(r->phone));
	row->email = r->email;
	row->phone = r->phone;
	if (!*row->contact_id && !*row->email && !*row->phone) {
		if (*row->raw_email || *row->raw_phone)
			row->problem = row_problem(r, "no usable contact: cannot read e-mail or phone",
						   *row->raw_email ? row->raw_email : row->raw_phone);
		else
			row->problem = "no contact_id, email or phone";
		return;
	}
	switch (parse_amount(amount, &row->amount)) {
	case 1:
		row->has_amount = 1;
		break;
	case -1:
		row->bad_amount = amount;
		break;
	default:
		break;
	}
}

static void take_row(struct deals_reader *r)
{
	struct deal_row row;
	if (!r->row_nonempty)
		return;     /* a row of empty cells, as spreadsheets leave at the end */
	memset(&row, 0, sizeof(row));
	row.line = r->row_start;
	check_row(r, &row);
	r->rows++;
	if (r->fn(&row, r->arg) < 0)
		reader_stop(r, -1, row.line, NULL);
}

static void end_row(struct deals_reader *r)
{
	r->col = 0;
	r->row_open = 0;
	r->row_nonempty = r->row_bad_text = r->row_too_long = 0;
	for (int i = 0; i < N_COLUMNS; i++)
		strbuf_reset(&r->value[i]);
}

static void on_field(void *data, size_t n, void *arg)
{
	struct deals_reader *r = arg;
	size_t col = r->col++;
	if (r->status)
		return;
	if (!r->header_done) {
		if (col < MAX_COLUMNS) {
			strbuf_init(&r->header[col], ID_MAX);
			strbuf_add(&r->header[col], data, n);
			r->n_header = col + 1;
		}
		return;
	}
	if (n) {
		r->row_nonempty = 1;
		if (memchr(data, '\0', n) || !utf8_valid(data, n, NULL))
			r->row_bad_text = 1;
	}
	if (col < MAX_COLUMNS && r->role_of[col] >= 0 &&
	    strbuf_add(&r->value[r->role_of[col]], data, n))
		r->row_too_long = 1;
}

static void on_row(int c, void *arg)
{
	struct deals_reader *r = arg;
	(void)c;
	if (!r->status) {
		if (!r->header_done)
			take_header(r);
		else
			take_row(r);
	}
	end_row(r);
}

static int blank_piece(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

/* Feeds libcsv one physical line (or the part of one that has arrived) at a
 * time, counting lines: CRLF, LF and a lone CR each end one. */
static void feed_lines(struct deals_reader *r, const char *p, size_t n)
{
	while (n > 0 && !r->status) {
		size_t k = 0;
		int term;
		while (k < n && p[k] != '\n' && p[k] != '\r')
			k++;
		term = k < n;
		k += term;
		if (!r->row_open && !blank_piece(p, k)) {
			r->row_open = 1;
			r->row_start = r->line;
		}
		if (csv_parse(&r->csv, p, k, on_field, on_row, r) != k) {
			reader_stop(r, 1, r->row_start, "cannot read the CSV: %s; the rest of the file is ignored",
				    csv_strerror(csv_error(&r->csv)));
			return;
		}
		if (csv_get_buffer_size(&r->csv) > ENTRY_MAX) {
			reader_stop(r, 1, r->row_start, "a field longer than %d bytes (an unterminated quote?); "
				    "the rest of the file is ignored", ENTRY_MAX);
			return;
		}
		if (k > (size_t)term)
			r->prev_cr = 0;
		if (term) {
			if (p[k - 1] == '\r') {
				r->line++;
				r->prev_cr = 1;
			} else {
				if (!r->prev_cr)
					r->line++;
				r->prev_cr = 0;
			}
		}
		p += k;
		n -= k;
	}
}

/* Scans bytes before the header line is complete: returns how many of them
 * belong to it (all n while it goes on), setting *done at its line break
 * (outside quotes, after something other than blanks or a BOM). */
static size_t header_scan(struct deals_reader *r, const char *p, size_t n, int *done)
{
	*done = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];
		if (ch == '"') {
			r->header_quoted = !r->header_quoted;
			r->header_seen = 1;
		} else if (!r->header_quoted && (ch == '\n' || ch == '\r')) {
			if (r->header_seen) {
				*done = 1;
				return i + 1;
			}
		} else if (ch != ' ' && ch != '\t' && ch != 0xef && ch != 0xbb && ch != 0xbf) {
			r->header_seen = 1;
		}
	}
	return n;
}

/* ';' when the header line has more of them than ',' outside quotes. */
static unsigned char detect_delimiter(const char *p, size_t n)
{
	size_t commas = 0, semicolons = 0, i = 0;
	int quoted = 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;     /* blank lines before the header */
	for (; i < n; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (p[i] == '\n' || p[i] == '\r')
			break;
		else if (p[i] == ',')
			commas++;
		else if (p[i] == ';')
			semicolons++;
	}
	return semicolons > commas ? ';' : ',';
}

/* Starts libcsv on what has been gathered so far. */
static void start_parser(struct deals_reader *r)
{
	const char *p = strbuf_str(&r->pending);
	size_t n = r->pending.len;
	if (n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) {
		p += 3;
		n -= 3;
	}
	if (csv_init(&r->csv, 0)) {
		reader_stop(r, -1, 1, "cannot start the CSV parser");
		return;
	}
	r->csv_ready = 1;
	csv_set_delim(&r->csv, detect_delimiter(p, n));
	feed_lines(r, p, n);
	strbuf_release(&r->pending);
}

int deals_reader_feed(struct deals_reader *r, const void *data, size_t n)
{
	if (r->status)
		return -1;
	if (r->csv_ready) {
		feed_lines(r, data, n);
		return r->status ? -1 : 0;
	}
	{
		int done;
		size_t k = header_scan(r, data, n, &done);
		if (strbuf_add(&r->pending, data, k)) {
			reader_stop(r, -1, 1, "the header line is longer than %d bytes", HEADER_MAX);
			return -1;
		}
		if (!done)
			return 0;
		start_parser(r);
		if (!r->status && k < n)
			feed_lines(r, (const char *)data + k, n - k);
	}
	return r->status ? -1 : 0;
}

int deals_reader_finish(struct deals_reader *r)
{
	if (!r->status && !r->csv_ready)
		start_parser(r);
	if (r->status)
		return r->status;
	if (r->csv.pstate == LIBCSV_FIELD_BEGUN && r->csv.quoted) {
		/* The rest of the file went into one quoted field: keep the
		 * rows before it, not this one. */
		reader_stop(r, 1, r->row_start, "unterminated quoted field; the rest of the file is ignored");
		return r->status;
	}
	csv_fini(&r->csv, on_field, on_row, r);
	if (!r->status && !r->header_done)
		reader_stop(r, -1, 1, "no header row");
	return r->status;
}

int deals_parse_buffer(const char *data, size_t n, deal_row_fn fn, void *arg,
		       long *msg_line, char *msg, size_t msgsz)
{
	struct deals_reader *r = deals_reader_new(fn, arg);
	int rc;
	deals_reader_feed(r, data, n);
	rc = deals_reader_finish(r);
	if (msg_line)
		*msg_line = rc ? r->message_line : 0;
	if (msg && msgsz)
		snprintf(msg, msgsz, "%s", rc ? strbuf_str(&r->message) : "");
	deals_reader_free(r);
	return rc;
}

/* --- loading into the database ----------------------------------------- */

/* SQLite's page cache while a deal file loads, in KiB (db.c keeps 8 MB).
 * A CRM export comes in deal order, so its rows append to deal_events; what
 * each row does to identity (the customer of its e-mail, phone and contact,
 * found and added) goes to random places in the identifiers and their
 * customer index.  With 8 MB those pages were spilled to the WAL and read
 * and written again: 100,000 bench dialogues' two deal files wrote 2,564
 * bytes a dialogue; with 16 MB 1,144 (32 MB: 1,059), in less CPU.  The
 * cache goes back to its size when the file is done, so the night's peak
 * (scoring's) does not move. */
#define DEALS_CACHE_KIB "16384"

struct deals_store {
	struct ingest_file_ctx *c;
	sqlite3_stmt *insert;
	struct strbuf last_keys;    /* identity keys of the previous row */
	struct strbuf keys;
};

/* A CRM export repeats a deal's contact on every stage row: a row naming
 * exactly the keys of the row before it has nothing new for identity. */
static int same_keys_as_last(struct deals_store *st, const struct identity_keys *k)
{
	const char *part[5] = { k->crm_id, k->email, k->phone, k->deal_id, k->dialogue_id };
	struct strbuf tmp;
	strbuf_reset(&st->keys);
	for (int i = 0; i < 5; i++) {
		strbuf_adds(&st->keys, part[i] ? part[i] : "");
		strbuf_addch(&st->keys, '\x1f');
	}
	if (st->keys.len == st->last_keys.len &&
	    !memcmp(strbuf_str(&st->keys), strbuf_str(&st->last_keys), st->keys.len))
		return 1;
	tmp = st->last_keys;
	st->last_keys = st->keys;
	st->keys = tmp;
	return 0;
}

static const char *or_null(const char *s)
{
	return s && *s ? s : NULL;
}

static int store_row(const struct deal_row *row, void *arg)
{
	struct deals_store *st = arg;
	struct ingest_file_ctx *c = st->c;
	struct identity_keys keys;
	sqlite3_stmt *q = st->insert;
	if (row->problem) {
		ingest_problem(c, row->line, "%s", row->problem);
		c->n_skipped++;
		return 0;
	}
	if (row->bad_amount)
		warning_at(c->path, row->line, "cannot read amount '%.60s'; the row is kept without it",
			   row->bad_amount);
	sqlite3_bind_text(q, 1, row->deal_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, row->stage, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, row->changed_at);
	sqlite3_bind_text(q, 4, row->changed_by, -1, SQLITE_STATIC);
	if (row->has_amount)
		sqlite3_bind_double(q, 5, row->amount);
	else
		sqlite3_bind_null(q, 5);
	db_bind_text(q, 6, or_null(row->contact_id));
	db_bind_text(q, 7, or_null(row->email));
	db_bind_text(q, 8, or_null(row->phone));
	db_bind_text(q, 9, or_null(row->dialogue_id));
	sqlite3_bind_int64(q, 10, c->file_id);
	if (db_step_done(c->db, q))
		return -1;
	if (sqlite3_changes(c->db) > 0)
		c->n_records++;
	else
		c->n_unchanged++;
	/* Raw e-mail and phone: identity normalises them itself, and a
	 * normalised foreign phone is not always normalised the same again. */
	keys.crm_id = row->contact_id;
	keys.email = row->raw_email;
	keys.phone = row->raw_phone;
	keys.deal_id = row->deal_id;
	keys.dialogue_id = row->dialogue_id;
	if (same_keys_as_last(st, &keys))
		return 0;
	if (identity_resolve(c->ident, &keys, row->changed_at) < 0) {
		/* Whatever was resolved last is unknown now. */
		strbuf_reset(&st->last_keys);
		return -1;
	}
	return 0;
}

int deals_load(struct ingest_file_ctx *c)
{
	struct deals_store st = { c, NULL, STRBUF_INIT, STRBUF_INIT };
	struct deals_reader *r = NULL;
	gzFile gz = NULL;
	uint64_t limit = c->settings && c->settings->max_decompressed_bytes ?
			 c->settings->max_decompressed_bytes : (uint64_t)8 << 30;
	uint64_t total = 0;
	int64_t cache_kib = -1;
	char *buf = NULL;
	int rc = -1, got;
	st.insert = db_prepare(c->db,
		"INSERT OR IGNORE INTO deal_events(deal_id, stage, changed_at, changed_by, amount,"
		" contact_id, email, phone, dialogue_id, file_id) VALUES(?,?,?,?,?,?,?,?,?,?)");
	if (!st.insert || (cache_kib = db_query_int(c->db, "PRAGMA cache_size")) == -1 ||
	    db_exec(c->db, "PRAGMA cache_size=-" DEALS_CACHE_KIB))
		goto out;
	/* gzread passes a file that is not gzip through unchanged. */
	if (!(gz = gzopen(c->path, "rb"))) {
		error("cannot open '%s'", c->path);
		goto out;
	}
	gzbuffer(gz, 256 * 1024);
	buf = xmalloc(64 * 1024);
	r = deals_reader_new(store_row, &st);
	while ((got = gzread(gz, buf, 64 * 1024)) > 0) {
		total += (uint64_t)got;
		if (total > limit) {
			rc = ingest_problem(c, deals_reader_line(r),
				"more than %llu bytes once decompressed; the rest of the file is ignored",
				(unsigned long long)limit);
			goto broke_off;
		}
		if (deals_reader_feed(r, buf, (size_t)got))
			break;
	}
	if (got <= 0) {
		int zerr;
		const char *why = gzerror(gz, &zerr);
		/* Z_BUF_ERROR at the end: the gzip stream was cut short, and
		 * the row being read is incomplete. */
		if (got < 0 || zerr == Z_BUF_ERROR) {
			ingest_problem(c, deals_reader_line(r), "cannot read: %s; the rest of the file is lost",
				       zerr == Z_ERRNO ? "read error" :
				       zerr == Z_BUF_ERROR ? "the compressed file ends early" : why);
			goto broke_off;
		}
	}
	rc = deals_reader_finish(r);
	if (rc == 1) {
		ingest_problem(c, deals_reader_message_line(r), "%s", deals_reader_message(r));
		c->truncated = 1;
	} else if (rc < 0 && *deals_reader_message(r)) {
		/* Recorded too, so that the rejected file says why. */
		ingest_problem(c, deals_reader_message_line(r), "%s", deals_reader_message(r));
	}
	goto out;
broke_off:
	/* What was read before stays when it held complete rows. */
	if (deals_reader_rows(r) > 0) {
		c->truncated = 1;
		rc = 1;
	} else {
		rc = -1;
	}
out:
	deals_reader_free(r);
	free(buf);
	if (gz)
		gzclose(gz);
	strbuf_release(&st.keys);
	strbuf_release(&st.last_keys);
	sqlite3_finalize(st.insert);
	if (cache_kib != -1) {
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA cache_size=%lld", (long long)cache_kib);
		if (db_exec(c->db, sql))
			rc = -1;
	}
	return rc;
}
