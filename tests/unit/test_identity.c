/* test_identity.c — e-mail and phone normalisation, merging customers,
 * the merge log, and order independence of the final partition. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "identity.h"
#include "util.h"

static void check_phone(const char *in, const char *want)
{
	char out[32];
	size_t n = norm_phone(in, out, sizeof(out));
	if (strcmp(out, want) != 0)
		fail_msg("norm_phone(\"%s\") = \"%s\", expected \"%s\"", in, out, want);
	assert_int_equal(n, strlen(want));
}

static void check_email(const char *in, const char *want)
{
	char out[320];
	size_t n = norm_email(in, out, sizeof(out));
	if (strcmp(out, want) != 0)
		fail_msg("norm_email(\"%s\") = \"%s\", expected \"%s\"", in, out, want);
	assert_int_equal(n, strlen(want));
}

static void test_phone_russian_spellings(void **state)
{
	(void)state;
	check_phone("+7 912 345-67-89", "79123456789");
	check_phone("8(912)3456789", "79123456789");
	check_phone("79123456789", "79123456789");
	check_phone("89123456789", "79123456789");
	check_phone("8 912 345 67 89", "79123456789");
	check_phone("8 (912) 345-67-89", "79123456789");
	check_phone("+7(912)345 67 89", "79123456789");
	check_phone("+7.912.345.67.89", "79123456789");
	check_phone("  +7 912 345 67 89\t", "79123456789");
	check_phone("912-345-67-89", "79123456789");
	check_phone("9123456789", "79123456789");
	check_phone("+7\xc2\xa0" "912\xc2\xa0" "345\xc2\xa0" "67\xc2\xa0" "89", "79123456789");
	check_phone("8\xe2\x80\x93" "912\xe2\x80\x93" "345\xe2\x80\x93" "67\xe2\x80\x93" "89", "79123456789");
	check_phone("8-800-555-35-35", "78005553535");
	check_phone("тел. 8 912 345 67 89", "79123456789");
	check_phone("tel:+79123456789", "79123456789");
}

static void test_phone_extension_and_second_number(void **state)
{
	(void)state;
	check_phone("+7(912)345 67 89 доб. 12", "79123456789");
	check_phone("+7 495 123-45-67 ext. 204", "74951234567");
	check_phone("+7 495 123-45-67 x204", "74951234567");
	check_phone("8 495 123 45 67 #12", "74951234567");
	check_phone("8 912 345 67 89, 8 800 555 35 35", "79123456789");
	check_phone("8 912 345 67 89 / 8 495 123 45 67", "79123456789");
	check_phone("+7 912 345 67 89 (мобильный)", "79123456789");
}

static void test_phone_international(void **state)
{
	(void)state;
	check_phone("+1 (415) 555-0134", "14155550134");
	check_phone("14155550134", "14155550134");
	check_phone("0044 20 7946 0958", "442079460958");
	check_phone("+44 20 7946 0958", "442079460958");
	check_phone("00 7 912 345 67 89", "79123456789");
	check_phone("8 10 1 415 555 0134", "14155550134");
	/* Hong Kong, 11 digits starting with 8: the + keeps it foreign. */
	check_phone("+852 1234 5678", "85212345678");
	check_phone("+49 30 901820", "4930901820");
	check_phone("+9 123 456 789", "9123456789");
}

static void test_phone_garbage(void **state)
{
	(void)state;
	check_phone("", "");
	check_phone(NULL, "");
	check_phone("n/a", "");
	check_phone("нет", "");
	check_phone("1234", "");
	check_phone("+7", "");
	check_phone("---", "");
	check_phone("12345", "12345");
	check_phone("1234567890123456789", "");
}

static void test_email_spellings(void **state)
{
	(void)state;
	check_email("Ivan.Petrov@Example.ru", "ivan.petrov@example.ru");
	check_email("  M.Smith@Example.COM \t", "m.smith@example.com");
	check_email("\xc2\xa0" "a@b.c" "\xc2\xa0", "a@b.c");
	check_email("mailto:Anna@Mail.RU", "anna@mail.ru");
	check_email("MAILTO: bob@x.org", "bob@x.org");
	check_email("<Bob@X.org>", "bob@x.org");
	check_email("Иван@Пример.РФ", "иван@пример.рф");
	check_email("ÉLODIE@exemple.fr", "élodie@exemple.fr");
}

static void test_email_rejects(void **state)
{
	(void)state;
	check_email("", "");
	check_email(NULL, "");
	check_email("no-at-sign.example.com", "");
	check_email("two@at@signs.com", "");
	check_email("@example.com", "");
	check_email("user@", "");
	check_email("john smith@example.com", "");
	check_email("a@b.c; d@e.f", "");
	check_email("bad\xff@example.com", "");
	check_email("Ivan Petrov <ivan@example.com>", "");
}

static void test_norm_id(void **state)
{
	char out[16];
	(void)state;
	assert_int_equal(norm_id("  C-10077\t", out, sizeof(out)), 7);
	assert_string_equal(out, "C-10077");
	assert_int_equal(norm_id("\xc2\xa0" "c-1" "\xe2\x80\xaf", out, sizeof(out)), 3);
	assert_string_equal(out, "c-1");
	assert_int_equal(norm_id("   ", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(norm_id("0123456789abcdefXYZ", out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

struct fx {
	sqlite3 *db;
	struct identity *id;
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
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	identity_close(f->id);
	db_close(f->db);
	free(f);
	return 0;
}

static int64_t resolve(struct identity *id, const char *crm, const char *email,
		       const char *phone, const char *deal, const char *dialogue, int64_t at)
{
	struct identity_keys k = { crm, email, phone, deal, dialogue };
	return identity_resolve(id, &k, at);
}

static void test_new_customer_and_lookup(void **state)
{
	struct fx *f = *state;
	int64_t c = resolve(f->id, "C-1", "Ivan@Example.ru", "8 912 345-67-89", NULL, "web-1", 100);
	char crm[32], email[64], phone[32];
	assert_true(c > 0);
	assert_int_equal(identity_customer_of(f->id, "crm", "C-1"), c);
	assert_int_equal(identity_customer_of(f->id, "email", "ivan@example.ru"), c);
	assert_int_equal(identity_customer_of(f->id, "phone", "79123456789"), c);
	assert_int_equal(identity_customer_of(f->id, "dialogue", "web-1"), c);
	assert_int_equal(identity_customer_of(f->id, "crm", "C-2"), 0);
	/* The same record again changes nothing. */
	assert_int_equal(resolve(f->id, "C-1", "ivan@example.ru", "+79123456789", NULL, NULL, 200), c);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM customers"), 1);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM identifiers"), 4);
	assert_int_equal(db_query_int(f->db, "SELECT first_seen FROM identifiers WHERE kind='crm'"), 100);
	assert_int_equal(identity_card(f->id, c, crm, sizeof(crm), email, sizeof(email),
				       phone, sizeof(phone)), 0);
	assert_string_equal(crm, "C-1");
	assert_string_equal(email, "ivan@example.ru");
	assert_string_equal(phone, "79123456789");
}

static void test_anonymous_dialogue(void **state)
{
	struct fx *f = *state;
	int64_t c;
	assert_int_equal(resolve(f->id, NULL, "", "  ", NULL, "web-9", 10), 0);
	assert_int_equal(resolve(f->id, NULL, "not an email", "12", NULL, NULL, 10), 0);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM customers"), 0);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM identifiers"), 0);
	/* A deal row names the dialogue: the dialogue joins the deal's customer,
	 * and the dialogue, ingested later, finds it. */
	c = resolve(f->id, NULL, "a@b.c", NULL, "D-1", "web-9", 20);
	assert_true(c > 0);
	assert_int_equal(resolve(f->id, NULL, NULL, NULL, NULL, "web-9", 30), c);
	assert_int_equal(identity_customer_of(f->id, "dialogue", "web-9"), c);
}

static void test_merge_crm_email_phone(void **state)
{
	struct fx *f = *state;
	int64_t a, b, m;
	char kind[16], value[64];
	sqlite3_stmt *st;
	a = resolve(f->id, "C-10077", "ivan@example.ru", NULL, NULL, NULL, 1);
	b = resolve(f->id, NULL, NULL, "8 (912) 345-67-89", NULL, "web-2", 2);
	assert_true(a > 0 && b > 0 && a != b);
	/* A record with the e-mail and the phone joins the two. */
	m = resolve(f->id, NULL, "IVAN@example.ru", "+7 912 345 67 89", NULL, NULL, 3);
	assert_int_equal(m, a < b ? a : b);
	assert_int_equal(identity_customer_of(f->id, "crm", "C-10077"), m);
	assert_int_equal(identity_customer_of(f->id, "dialogue", "web-2"), m);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM customers"), 1);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM merges"), 1);
	st = db_prepare(f->db, "SELECT kept, absorbed, via_kind, via_value, at FROM merges");
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), a);
	assert_int_equal(sqlite3_column_int64(st, 1), b);
	snprintf(kind, sizeof(kind), "%s", db_col_text(st, 2));
	snprintf(value, sizeof(value), "%s", db_col_text(st, 3));
	assert_string_equal(kind, "phone");
	assert_string_equal(value, "79123456789");
	assert_int_equal(sqlite3_column_int64(st, 4), 3);
	sqlite3_finalize(st);
}

static void test_deal_joins_phone_and_email(void **state)
{
	struct fx *f = *state;
	int64_t p, e, d;
	struct identity_stats s;
	/* A phone seen under one dialogue, an e-mail under another... */
	p = resolve(f->id, NULL, NULL, "14155550134", NULL, "web-a", 1);
	e = resolve(f->id, NULL, "M.Smith@Example.com", NULL, NULL, "web-b", 2);
	assert_true(p != e);
	/* ...the deal's first row names the e-mail, its second the phone. */
	d = resolve(f->id, NULL, "m.smith@example.com", NULL, "D-502", NULL, 3);
	assert_int_equal(d, e);
	d = resolve(f->id, NULL, NULL, "+1 (415) 555-0134", "D-502", NULL, 4);
	assert_int_equal(d, p < e ? p : e);
	assert_int_equal(identity_customer_of(f->id, "dialogue", "web-a"), d);
	assert_int_equal(identity_customer_of(f->id, "dialogue", "web-b"), d);
	assert_int_equal(identity_stats(f->db, &s), 0);
	assert_int_equal(s.customers, 1);
	assert_int_equal(s.identifiers, 5);
	assert_int_equal(s.merges, 1);
	assert_int_equal(s.merges_by_deal + s.merges_by_phone, 1);
}

static void test_three_way_merge(void **state)
{
	struct fx *f = *state;
	int64_t a = resolve(f->id, "C-1", NULL, NULL, NULL, NULL, 1);
	int64_t b = resolve(f->id, NULL, "b@x.y", NULL, NULL, NULL, 2);
	int64_t c = resolve(f->id, NULL, NULL, "+7 900 000 00 01", NULL, NULL, 3);
	int64_t m = resolve(f->id, "C-1", "b@x.y", "89000000001", "D-7", NULL, 4);
	assert_true(a < b && b < c);
	assert_int_equal(m, a);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM customers"), 1);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM merges WHERE kept = 1"), 2);
	assert_int_equal(db_query_int(f->db, "SELECT count(DISTINCT customer_id) FROM identifiers"), 1);
	assert_int_equal(identity_customer_of(f->id, "deal", "D-7"), a);
}

/* Records of a small world: three people, one of them seen under four
 * identifiers that only meet through later records, and a name-alike
 * that must never join. */
static const struct identity_keys world[] = {
	{ "C-1", NULL, NULL, NULL, "w-1" },
	{ NULL, "anna@mail.ru", NULL, "D-1", NULL },
	{ NULL, NULL, "+7 912 000 00 01", "D-1", NULL },
	{ NULL, NULL, "89120000001", NULL, "w-2" },
	{ "C-1", "ANNA@mail.ru", NULL, NULL, NULL },
	{ NULL, "bob@x.org", NULL, NULL, "w-3" },
	{ NULL, NULL, NULL, NULL, "w-4" },
	{ NULL, NULL, "14155550134", "D-2", "w-5" },
	{ "C-9", "bob@x.org", NULL, NULL, NULL },
	{ NULL, NULL, NULL, "D-3", "w-6" },
};
#define N_WORLD (sizeof(world) / sizeof(world[0]))

/* The partition as text: each identifier with the smallest identifier of
 * its customer, sorted, so that customer ids do not matter. */
static char *partition_text(sqlite3 *db)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *st = db_prepare(db,
		"SELECT i.kind || ':' || i.value, "
		"  (SELECT min(j.kind || ':' || j.value) FROM identifiers j "
		"   WHERE j.customer_id = i.customer_id) "
		"FROM identifiers i ORDER BY 1");
	assert_non_null(st);
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(&sb, "%s=%s\n", db_col_text(st, 0), db_col_text(st, 1));
	sqlite3_finalize(st);
	return strbuf_detach(&sb);
}

static char *run_world(const size_t *order)
{
	sqlite3 *db = db_open(":memory:");
	struct identity *id;
	char *text;
	assert_non_null(db);
	id = identity_open(db);
	assert_non_null(id);
	for (size_t i = 0; i < N_WORLD; i++)
		assert_true(identity_resolve(id, &world[order[i]], (int64_t)i) >= 0);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM customers"),
			 db_query_int(db, "SELECT count(DISTINCT customer_id) FROM identifiers"));
	text = partition_text(db);
	identity_close(id);
	db_close(db);
	return text;
}

static void test_order_independence(void **state)
{
	size_t order[N_WORLD];
	char *first, *other;
	uint64_t seed = 42;
	(void)state;
	for (size_t i = 0; i < N_WORLD; i++)
		order[i] = i;
	first = run_world(order);
	/* Anna (C-1, e-mail, phone, D-1, w-1, w-2), Bob (C-9, e-mail, w-3),
	 * the +1 caller (D-2, w-5), and D-3 with w-6; w-4 is anonymous. */
	assert_non_null(strstr(first, "dialogue:w-2=crm:C-1\n"));
	assert_non_null(strstr(first, "deal:D-1=crm:C-1\n"));
	assert_non_null(strstr(first, "email:bob@x.org=crm:C-9\n"));
	assert_non_null(strstr(first, "dialogue:w-5=deal:D-2\n"));
	assert_non_null(strstr(first, "dialogue:w-6=deal:D-3\n"));
	assert_null(strstr(first, "w-4"));
	for (int round = 0; round < 40; round++) {
		for (size_t i = N_WORLD - 1; i > 0; i--) {
			size_t j, t;
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			j = (size_t)(seed >> 33) % (i + 1);
			t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		other = run_world(order);
		assert_string_equal(other, first);
		free(other);
	}
	free(first);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_russian_spellings),
		cmocka_unit_test(test_phone_extension_and_second_number),
		cmocka_unit_test(test_phone_international),
		cmocka_unit_test(test_phone_garbage),
		cmocka_unit_test(test_email_spellings),
		cmocka_unit_test(test_email_rejects),
		cmocka_unit_test(test_norm_id),
		cmocka_unit_test_setup_teardown(test_new_customer_and_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anonymous_dialogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_crm_email_phone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deal_joins_phone_and_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_three_way_merge, setup, teardown),
		cmocka_unit_test(test_order_independence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
