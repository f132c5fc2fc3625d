/* test_deals.c — the deal-history CSV reader (delimiters, BOM, CRLF,
 * quoting, line numbers, row checks, amounts) and deals_load() into a
 * database: events kept once, problems named by line, deals joining
 * customers, gzip input.
 *
 * ingest_problem() is replaced here by a recorder, so that the problems a
 * load reports can be checked one by one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "db.h"
#include "deals.h"
#include "identity.h"
#include "ingest.h"
#include "loader.h"
#include "util.h"

#define MAX_SEEN 64

struct seen_row {
	long line;
	char *problem, *deal, *contact, *email, *phone, *stage, *by, *dialogue, *bad_amount;
	int64_t at;
	int has_amount;
	double amount;
};

struct seen {
	struct seen_row row[MAX_SEEN];
	int n;
};

static int collect(const struct deal_row *r, void *arg)
{
	struct seen *s = arg;
	struct seen_row *o;
	if (s->n >= MAX_SEEN)
		return -1;
	o = &s->row[s->n++];
	memset(o, 0, sizeof(*o));
	o->line = r->line;
	o->problem = xstrdup(r->problem);
	if (r->problem)
		return 0;
	o->deal = xstrdup(r->deal_id);
	o->contact = xstrdup(r->contact_id);
	o->email = xstrdup(r->email);
	o->phone = xstrdup(r->phone);
	o->stage = xstrdup(r->stage);
	o->by = xstrdup(r->changed_by);
	o->dialogue = xstrdup(r->dialogue_id);
	o->bad_amount = xstrdup(r->bad_amount);
	o->at = r->changed_at;
	o->has_amount = r->has_amount;
	o->amount = r->amount;
	return 0;
}

static void seen_free(struct seen *s)
{
	for (int i = 0; i < s->n; i++) {
		struct seen_row *o = &s->row[i];
		free(o->problem); free(o->deal); free(o->contact); free(o->email);
		free(o->phone); free(o->stage); free(o->by); free(o->dialogue);
		free(o->bad_amount);
	}
	s->n = 0;
}

static char *read_fixture(const char *name, size_t *n)
{
	char path[256];
	FILE *f;
	char *buf;
	long len;
	snprintf(path, sizeof(path), "../fixtures/deals/%s", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = xmalloc((size_t)len + 1);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

static int parse_text(const char *text, struct seen *s, long *line, char *msg, size_t msgsz)
{
	return deals_parse_buffer(text, strlen(text), collect, s, line, msg, msgsz);
}

/* --- amounts ---------------------------------------------------------- */

static void check_amount(const char *in, double want)
{
	double v = -1;
	int rc = parse_amount(in, &v);
	if (rc != 1 || v < want - 1e-6 || v > want + 1e-6)
		fail_msg("parse_amount(\"%s\") = %d, %f; expected %f", in, rc, v, want);
}

static void test_amounts(void **state)
{
	double v;
	(void)state;
	check_amount("48 000,00", 48000);
	check_amount("120 000", 120000);
	check_amount("1,234.50", 1234.5);
	check_amount("1.234,50", 1234.5);
	check_amount("1 234,5", 1234.5);
	check_amount("1\xc2\xa0" "234\xc2\xa0" "567,89", 1234567.89);
	check_amount("12\xe2\x80\xaf" "500", 12500);
	check_amount("1,234,567", 1234567);
	check_amount("1.234.567", 1234567);
	check_amount("0,5", 0.5);
	check_amount("99.95", 99.95);
	check_amount("-1 500", -1500);
	check_amount("15 000 ₽", 15000);
	check_amount("15 000 руб.", 15000);
	check_amount("$1,200.00", 1200);
	check_amount("1'250.75", 1250.75);
	check_amount("  7  ", 7);
	assert_int_equal(parse_amount("", &v), 0);
	assert_int_equal(parse_amount("   ", &v), 0);
	assert_int_equal(parse_amount(NULL, &v), 0);
	assert_int_equal(parse_amount("twelve", &v), -1);
	assert_int_equal(parse_amount("12abc", &v), -1);
	assert_int_equal(parse_amount("1,2,3", &v), -1);
	assert_int_equal(parse_amount("1,23.4,5", &v), -1);
	assert_int_equal(parse_amount("12,", &v), -1);
	assert_int_equal(parse_amount(",5", &v), -1);
	assert_int_equal(parse_amount("--5", &v), -1);
	assert_int_equal(parse_amount("1.2.3,4", &v), -1);
}

/* --- the reader ------------------------------------------------------- */

static void test_semicolon_bom_crlf(void **state)
{
	struct seen s = { .n = 0 };
	size_t n;
	char *text = read_fixture("semicolon_bom_crlf.csv", &n);
	int64_t t;
	(void)state;
	assert_int_equal(deals_parse_buffer(text, n, collect, &s, NULL, NULL, 0), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.row[0].line, 2);
	assert_null(s.row[0].problem);
	assert_string_equal(s.row[0].deal, "K-1");
	assert_string_equal(s.row[0].contact, "CRM-1");
	assert_string_equal(s.row[0].email, "olga.sidorova@mail.ru");
	assert_string_equal(s.row[0].stage, "new");
	assert_string_equal(s.row[0].dialogue, "chat-1");
	assert_int_equal(parse_time("2026-10-01T06:00:00Z", &t), 0);
	assert_true(s.row[0].at == t);
	assert_false(s.row[0].has_amount);
	assert_int_equal(s.row[1].line, 3);
	assert_string_equal(s.row[1].stage, "qualified");
	assert_true(s.row[1].has_amount);
	assert_true(s.row[1].amount > 250000.49 && s.row[1].amount < 250000.51);
	assert_int_equal(s.row[2].line, 4);
	assert_string_equal(s.row[2].phone, "79031112233");
	/* The quoted field holds the delimiter. */
	assert_string_equal(s.row[2].by, "Кузнецов; отдел продаж");
	assert_true(s.row[2].amount > 1234.49 && s.row[2].amount < 1234.51);
	seen_free(&s);
	free(text);
}

static void test_reordered_columns_and_bad_rows(void **state)
{
	struct seen s = { .n = 0 };
	size_t n;
	char *text = read_fixture("reordered.csv", &n);
	(void)state;
	assert_int_equal(deals_parse_buffer(text, n, collect, &s, NULL, NULL, 0), 0);
	assert_int_equal(s.n, 10);
	assert_int_equal(s.row[0].line, 2);
	assert_string_equal(s.row[0].deal, "K-7");
	assert_string_equal(s.row[0].stage, "won");
	assert_string_equal(s.row[0].phone, "14155550199");
	assert_string_equal(s.row[0].by, "m.ivanova");
	assert_true(s.row[0].amount > 1234.49 && s.row[0].amount < 1234.51);
	assert_int_equal(s.row[1].line, 3);
	assert_string_equal(s.row[1].email, "peter@example.org");
	assert_string_equal(s.row[1].dialogue, "chat-9");
	/* Three physical lines in one quoted field. */
	assert_int_equal(s.row[2].line, 4);
	assert_string_equal(s.row[2].deal, "K-8");
	assert_string_equal(s.row[2].by, "login");
	assert_int_equal(s.row[3].line, 7);
	assert_string_equal(s.row[3].problem, "unknown stage 'promoted'");
	assert_int_equal(s.row[4].line, 8);
	assert_string_equal(s.row[4].problem, "cannot parse date '07.10.2026'");
	assert_int_equal(s.row[5].line, 9);
	assert_string_equal(s.row[5].problem, "empty deal_id");
	assert_int_equal(s.row[6].line, 10);
	assert_string_equal(s.row[6].problem, "no contact_id, email or phone");
	/* A blank line, then the first row again, then a row of empty cells. */
	assert_int_equal(s.row[7].line, 12);
	assert_string_equal(s.row[7].deal, "K-7");
	assert_int_equal(s.row[8].line, 14);
	assert_null(s.row[8].problem);
	assert_false(s.row[8].has_amount);
	assert_string_equal(s.row[8].bad_amount, "twelve");
	assert_string_equal(s.row[8].by, "");
	assert_int_equal(s.row[9].line, 15);
	assert_string_equal(s.row[9].problem, "unknown stage 'open'");
	seen_free(&s);
	free(text);
}

static void test_rejected_headers(void **state)
{
	struct seen s = { .n = 0 };
	size_t n;
	long line = 0;
	char msg[200];
	char *text = read_fixture("missing_stage.csv", &n);
	(void)state;
	assert_int_equal(deals_parse_buffer(text, n, collect, &s, &line, msg, sizeof(msg)), -1);
	assert_int_equal(line, 1);
	assert_string_equal(msg, "missing required column 'stage'");
	assert_int_equal(s.n, 0);
	free(text);
	text = read_fixture("no_contact_column.csv", &n);
	assert_int_equal(deals_parse_buffer(text, n, collect, &s, &line, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "'contact_id', 'email', 'phone'"));
	free(text);
	assert_int_equal(parse_text("stage,changed_at,email\nnew,2026-01-01,a@b.c\n", &s, &line,
				    msg, sizeof(msg)), -1);
	assert_string_equal(msg, "missing required column 'deal_id'");
	assert_int_equal(parse_text("deal_id,stage,email\n", &s, &line, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "missing required column 'changed_at'");
	assert_int_equal(parse_text("", &s, &line, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "no header row");
	assert_int_equal(parse_text("\xef\xbb\xbf\r\n\r\n", &s, &line, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "no header row");
	assert_int_equal(s.n, 0);
}

static void test_unterminated_quote(void **state)
{
	struct seen s = { .n = 0 };
	size_t n;
	long line = 0;
	char msg[200];
	char *text = read_fixture("unterminated.csv", &n);
	(void)state;
	assert_int_equal(deals_parse_buffer(text, n, collect, &s, &line, msg, sizeof(msg)), 1);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.row[0].deal, "K-1");
	assert_int_equal(line, 3);
	assert_non_null(strstr(msg, "unterminated quoted field"));
	seen_free(&s);
	free(text);
}

static void test_quotes_and_line_breaks(void **state)
{
	struct seen s = { .n = 0 };
	(void)state;
	assert_int_equal(parse_text(
		"deal_id,stage,changed_at,changed_by,contact_id\n"
		"D-1,new,2026-01-01,\"say \"\"hi\"\"\",C-1\n"
		"\"D-2\",\"NEW\",\"2026-01-02\",\"two\r\nlines\",\" C-2 \"\n"
		"\n"
		"D-3,lost,2026-01-03,,C-3", &s, NULL, NULL, 0), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.row[0].by, "say \"hi\"");
	assert_int_equal(s.row[1].line, 3);
	assert_string_equal(s.row[1].by, "two\r\nlines");
	assert_string_equal(s.row[1].contact, "C-2");
	assert_string_equal(s.row[1].stage, "new");
	/* The row without a final line break, after a blank line. */
	assert_int_equal(s.row[2].line, 6);
	assert_string_equal(s.row[2].stage, "lost");
	seen_free(&s);
}

static void test_cr_only_and_invalid_utf8(void **state)
{
	struct seen s = { .n = 0 };
	(void)state;
	assert_int_equal(parse_text(
		"deal_id;email;stage;changed_at\r"
		"D-1;a@b.c;won;2026-01-01\r"
		"D-\xff;a@b.c;won;2026-01-01\r"
		"D-3;a@b.c;won;2026-01-01\r", &s, NULL, NULL, 0), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.row[0].line, 2);
	assert_int_equal(s.row[1].line, 3);
	assert_non_null(strstr(s.row[1].problem, "invalid UTF-8"));
	assert_int_equal(s.row[2].line, 4);
	assert_string_equal(s.row[2].deal, "D-3");
	seen_free(&s);
}

static void test_long_ids_and_odd_blanks(void **state)
{
	struct seen s = { .n = 0 };
	struct strbuf text = STRBUF_INIT;
	(void)state;
	strbuf_adds(&text, "deal_id,contact_id,stage,changed_at\n");
	for (int i = 0; i < 600; i++)
		strbuf_addch(&text, 'k');
	strbuf_adds(&text, ",C-1,new,2026-01-01\n");
	/* A zero-width space and a no-break space around values are blanks. */
	strbuf_adds(&text, "\xe2\x80\x8bK-5\xc2\xa0,\xc2\xa0" "C-5,\xe2\x80\xafWon ,2026-01-02\n");
	assert_int_equal(parse_text(strbuf_str(&text), &s, NULL, NULL, 0), 0);
	assert_int_equal(s.n, 2);
	assert_non_null(s.row[0].problem);
	assert_non_null(strstr(s.row[0].problem, "longer than 500 bytes"));
	assert_string_equal(s.row[1].deal, "K-5");
	assert_string_equal(s.row[1].contact, "C-5");
	assert_string_equal(s.row[1].stage, "won");
	seen_free(&s);
	/* A bad value is quoted on one line, and cut when long. */
	strbuf_reset(&text);
	strbuf_adds(&text, "deal_id,contact_id,stage,changed_at\nK-1,C-1,\"on\nhold\",2026-01-01\n"
			   "K-2,C-2,new,\"");
	for (int i = 0; i < 100; i++)
		strbuf_adds(&text, "д");
	strbuf_adds(&text, "\"\n");
	assert_int_equal(parse_text(strbuf_str(&text), &s, NULL, NULL, 0), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.row[0].problem, "unknown stage 'on hold'");
	assert_int_equal(s.row[1].line, 4);
	assert_non_null(strstr(s.row[1].problem, "cannot parse date 'дддд"));
	assert_non_null(strstr(s.row[1].problem, "д...'"));
	assert_int_equal(strlen(s.row[1].problem), strlen("cannot parse date ''...") + 60);
	seen_free(&s);
	strbuf_release(&text);
}

static int count_good(const struct deal_row *r, void *arg)
{
	long *n = arg;
	if (!r->problem && !strcmp(r->stage, "won"))
		(*n)++;
	return 0;
}

static void test_large_buffer_and_blank_lines_first(void **state)
{
	struct strbuf text = STRBUF_INIT;
	struct seen s = { .n = 0 };
	long n = 0;
	(void)state;
	/* Over a megabyte in one piece. */
	strbuf_adds(&text, "deal_id;email;stage;changed_at\n");
	for (int i = 0; i < 40000; i++)
		strbuf_addf(&text, "B-%d;b%d@example.net;won;2026-05-01\n", i, i);
	assert_true(text.len > 1024 * 1024);
	assert_int_equal(deals_parse_buffer(text.buf, text.len, count_good, &n, NULL, NULL, 0), 0);
	assert_int_equal(n, 40000);
	/* Blank lines before a ';' header, after a BOM. */
	assert_int_equal(parse_text("\xef\xbb\xbf\r\n  \r\ndeal_id;email;stage;changed_at\r\n"
				    "Q-1;q@example.net;lost;2026-05-02\r\n", &s, NULL, NULL, 0), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.row[0].line, 4);
	assert_string_equal(s.row[0].deal, "Q-1");
	assert_string_equal(s.row[0].stage, "lost");
	seen_free(&s);
	strbuf_release(&text);
}

/* Fed in pieces of every size, the reader sees the same rows and lines. */
static void test_piecewise_feeding(void **state)
{
	size_t n;
	char *text = read_fixture("reordered.csv", &n);
	struct seen whole = { .n = 0 };
	(void)state;
	assert_int_equal(deals_parse_buffer(text, n, collect, &whole, NULL, NULL, 0), 0);
	for (size_t piece = 1; piece <= 7; piece++) {
		struct seen s = { .n = 0 };
		struct deals_reader *r = deals_reader_new(collect, &s);
		for (size_t off = 0; off < n; off += piece)
			assert_int_equal(deals_reader_feed(r, text + off, off + piece > n ? n - off : piece), 0);
		assert_int_equal(deals_reader_finish(r), 0);
		deals_reader_free(r);
		assert_int_equal(s.n, whole.n);
		for (int i = 0; i < s.n; i++) {
			assert_int_equal(s.row[i].line, whole.row[i].line);
			if (whole.row[i].problem)
				assert_string_equal(s.row[i].problem, whole.row[i].problem);
			else
				assert_string_equal(s.row[i].deal, whole.row[i].deal);
		}
		seen_free(&s);
	}
	seen_free(&whole);
	free(text);
}

static int stop_at_second(const struct deal_row *r, void *arg)
{
	int *count = arg;
	(void)r;
	return ++*count == 2 ? -1 : 0;
}

static void test_callback_stops(void **state)
{
	int count = 0;
	char msg[64];
	long line;
	(void)state;
	const char *text = "deal_id,email,stage,changed_at\nD-1,a@b.c,new,2026-01-01\n"
		"D-2,a@b.c,new,2026-01-01\nD-3,a@b.c,new,2026-01-01\n";
	assert_int_equal(deals_parse_buffer(text, strlen(text), stop_at_second,
		&count, &line, msg, sizeof(msg)), -1);
	assert_int_equal(count, 2);
	assert_string_equal(msg, "");
}

/* --- deals_load ------------------------------------------------------- */

struct problem_log {
	long line[MAX_SEEN];
	char *msg[MAX_SEEN];
	int n;
};
static struct problem_log problems;

int ingest_problem(struct ingest_file_ctx *c, long line, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	(void)c;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (problems.n < MAX_SEEN) {
		problems.line[problems.n] = line;
		problems.msg[problems.n++] = xstrdup(buf);
	}
	return -1;
}

static void problems_clear(void)
{
	for (int i = 0; i < problems.n; i++)
		free(problems.msg[i]);
	problems.n = 0;
}

struct fx {
	sqlite3 *db;
	struct identity *id;
	struct ingest_settings settings;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	f->db = db_open(":memory:");
	if (!f->db)
		return -1;
	f->id = identity_open(f->db);
	if (!f->id)
		return -1;
	problems_clear();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	identity_close(f->id);
	db_close(f->db);
	free(f);
	problems_clear();
	return 0;
}

static int load(struct fx *f, const char *path, int64_t file_id, struct ingest_file_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->db = f->db;
	c->ident = f->id;
	c->settings = &f->settings;
	c->path = path;
	c->file_id = file_id;
	c->now = 1000;
	return deals_load(c);
}

static void test_load_files(void **state)
{
	struct fx *f = *state;
	struct ingest_file_ctx c;
	int64_t k1, k2, k8;
	/* a deal file loads under a larger page cache, and gives it back */
	assert_int_equal(db_exec(f->db, "PRAGMA cache_size=-4096"), 0);
	assert_int_equal(load(f, "../fixtures/deals/semicolon_bom_crlf.csv", 1, &c), 0);
	assert_int_equal(db_query_int(f->db, "PRAGMA cache_size"), -4096);
	assert_int_equal(c.n_records, 3);
	assert_int_equal(c.n_skipped, 0);
	assert_int_equal(load(f, "../fixtures/deals/reordered.csv", 2, &c), 0);
	assert_int_equal(c.n_records, 4);
	assert_int_equal(c.n_unchanged, 1);
	assert_int_equal(c.n_skipped, 5);
	assert_false(c.truncated);
	assert_int_equal(problems.n, 5);
	assert_int_equal(problems.line[0], 7);
	assert_string_equal(problems.msg[0], "unknown stage 'promoted'");
	assert_int_equal(problems.line[1], 8);
	assert_string_equal(problems.msg[1], "cannot parse date '07.10.2026'");
	assert_int_equal(problems.line[4], 15);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM deal_events"), 7);
	assert_int_equal(db_query_int(f->db,
		"SELECT count(*) FROM deal_events WHERE deal_id='K-11' AND amount IS NULL"), 1);
	assert_int_equal(db_query_int(f->db,
		"SELECT amount * 100 FROM deal_events WHERE deal_id='K-1' AND stage='qualified'"), 25000050);
	assert_int_equal(db_query_int(f->db,
		"SELECT count(*) FROM deal_events WHERE email='olga.sidorova@mail.ru' AND file_id=1"), 1);
	assert_int_equal(db_query_int(f->db,
		"SELECT count(*) FROM deal_events WHERE changed_by='' AND deal_id='K-11'"), 1);
	/* K-7's two rows join its phone and e-mail; K-8's phone is K-2's. */
	assert_int_equal(identity_customer_of(f->id, "phone", "14155550199"),
			 identity_customer_of(f->id, "email", "peter@example.org"));
	assert_int_equal(identity_customer_of(f->id, "dialogue", "chat-9"),
			 identity_customer_of(f->id, "deal", "K-7"));
	k1 = identity_customer_of(f->id, "deal", "K-1");
	k2 = identity_customer_of(f->id, "deal", "K-2");
	k8 = identity_customer_of(f->id, "deal", "K-8");
	assert_true(k1 > 0 && k2 > 0);
	assert_true(k1 != k2);
	assert_int_equal(k2, k8);
	assert_int_equal(identity_customer_of(f->id, "crm", "CRM-1"), k1);
	assert_int_equal(identity_customer_of(f->id, "dialogue", "chat-1"), k1);
	assert_int_equal(identity_customer_of(f->id, "deal", "K-9"), 0);
	/* Loading the same file again adds nothing. */
	problems_clear();
	assert_int_equal(load(f, "../fixtures/deals/semicolon_bom_crlf.csv", 3, &c), 0);
	assert_int_equal(c.n_records, 0);
	assert_int_equal(c.n_unchanged, 3);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM deal_events"), 7);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM merges"), 0);
}

static void test_load_rejects_and_breaks_off(void **state)
{
	struct fx *f = *state;
	struct ingest_file_ctx c;
	assert_int_equal(load(f, "../fixtures/deals/missing_stage.csv", 1, &c), -1);
	assert_int_equal(problems.n, 1);
	assert_int_equal(problems.line[0], 1);
	assert_string_equal(problems.msg[0], "missing required column 'stage'");
	assert_int_equal(load(f, "../fixtures/deals/no_contact_column.csv", 1, &c), -1);
	assert_int_equal(load(f, "../fixtures/deals/does-not-exist.csv", 1, &c), -1);
	problems_clear();
	assert_int_equal(load(f, "../fixtures/deals/unterminated.csv", 1, &c), 1);
	assert_true(c.truncated);
	assert_int_equal(c.n_records, 1);
	assert_int_equal(problems.n, 1);
	assert_int_equal(problems.line[0], 3);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM deal_events"), 1);
}

static void write_gz(const char *path, const char *text, size_t n)
{
	gzFile gz = gzopen(path, "wb");
	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, text, (unsigned)n), (int)n);
	assert_int_equal(gzclose(gz), Z_OK);
}

static void test_load_gzip(void **state)
{
	struct fx *f = *state;
	struct ingest_file_ctx c;
	char path[] = "/tmp/test_deals_XXXXXX";
	size_t n;
	char *text = read_fixture("semicolon_bom_crlf.csv", &n);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_gz(path, text, n);
	assert_int_equal(load(f, path, 1, &c), 0);
	assert_int_equal(c.n_records, 3);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM deal_events WHERE phone='79031112233'"), 1);
	/* A compressed file cut short keeps its complete rows. */
	{
		struct strbuf big = STRBUF_INIT;
		char cut[] = "/tmp/test_deals_cut_XXXXXX";
		FILE *in, *out;
		char *whole;
		long len;
		strbuf_adds(&big, "deal_id,email,stage,changed_at\n");
		for (int i = 1; i <= 5000; i++)
			strbuf_addf(&big, "Z-%d,u%d@example.net,won,2026-09-01T10:00:00Z\n", i, i);
		write_gz(path, big.buf, big.len);
		in = fopen(path, "rb");
		assert_non_null(in);
		fseek(in, 0, SEEK_END);
		len = ftell(in);
		rewind(in);
		whole = xmalloc((size_t)len);
		assert_int_equal(fread(whole, 1, (size_t)len, in), (size_t)len);
		fclose(in);
		fd = mkstemp(cut);
		assert_true(fd >= 0);
		out = fdopen(fd, "wb");
		assert_int_equal(fwrite(whole, 1, (size_t)len / 2, out), (size_t)len / 2);
		assert_int_equal(fclose(out), 0);
		problems_clear();
		assert_int_equal(load(f, cut, 4, &c), 1);
		assert_true(c.truncated);
		assert_true(c.n_records > 100 && c.n_records < 5000);
		assert_int_equal(c.n_skipped, 0);
		assert_int_equal(problems.n, 1);
		assert_int_equal(problems.line[0], c.n_records + 2);
		assert_non_null(strstr(problems.msg[0], "ends early"));
		unlink(cut);
		free(whole);
		strbuf_release(&big);
	}
	/* A size limit cuts the file off after its first rows. */
	f->settings.max_decompressed_bytes = 1;
	assert_int_equal(load(f, path, 2, &c), -1);
	f->settings.max_decompressed_bytes = 0;
	unlink(path);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_semicolon_bom_crlf),
		cmocka_unit_test(test_reordered_columns_and_bad_rows),
		cmocka_unit_test(test_rejected_headers),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_quotes_and_line_breaks),
		cmocka_unit_test(test_cr_only_and_invalid_utf8),
		cmocka_unit_test(test_long_ids_and_odd_blanks),
		cmocka_unit_test(test_large_buffer_and_blank_lines_first),
		cmocka_unit_test(test_piecewise_feeding),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test_setup_teardown(test_load_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_rejects_and_breaks_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_gzip, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
