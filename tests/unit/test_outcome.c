/* test_outcome.c — the lead-quality label of formats.md section 4: each case
 * on a small database filled by SQL, and the rule itself on stage changes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "outcome.h"
#include "util.h"

#define DAY 86400
/* 2026-10-01T00:00:00Z */
#define T0 1790812800LL

struct fixture {
	char path[64];
	sqlite3 *db;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	int fd;
	snprintf(f->path, sizeof(f->path), "/tmp/lq-outcome-XXXXXX");
	fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(f->path);
	f->db = db_open(f->path);
	*state = f;
	return f->db ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char side[80];
	db_close(f->db);
	unlink(f->path);
	snprintf(side, sizeof(side), "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", f->path);
	unlink(side);
	free(f);
	return 0;
}

static void dialogue(sqlite3 *db, const char *id, int64_t started, int has_contact, int64_t customer)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO dialogues(id, started, has_contact, content_hash,"
				      " ingested_at) VALUES(?, ?, ?, 'h', 0)");
	assert_non_null(st);
	db_bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, started);
	sqlite3_bind_int(st, 3, has_contact);
	assert_int_equal(db_step_done(db, st), 0);
	sqlite3_finalize(st);
	if (customer > 0) {
		st = db_prepare(db, "INSERT INTO identifiers(kind, value, customer_id) VALUES('dialogue', ?, ?)");
		db_bind_text(st, 1, id);
		sqlite3_bind_int64(st, 2, customer);
		assert_int_equal(db_step_done(db, st), 0);
		sqlite3_finalize(st);
	}
}

static void ident(sqlite3 *db, const char *kind, const char *value, int64_t customer)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT OR IGNORE INTO identifiers(kind, value, customer_id)"
				      " VALUES(?, ?, ?)");
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, value);
	sqlite3_bind_int64(st, 3, customer);
	assert_int_equal(db_step_done(db, st), 0);
	sqlite3_finalize(st);
}

static void move(sqlite3 *db, const char *deal, int64_t customer, const char *stage, int64_t at, const char *by)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO deal_events(deal_id, stage, changed_at, changed_by)"
				      " VALUES(?, ?, ?, ?)");
	db_bind_text(st, 1, deal);
	db_bind_text(st, 2, stage);
	sqlite3_bind_int64(st, 3, at);
	db_bind_text(st, 4, by);
	assert_int_equal(db_step_done(db, st), 0);
	sqlite3_finalize(st);
	ident(db, "deal", deal, customer);
}

static enum lead_label label_of(sqlite3 *db, const char *id, int64_t as_of)
{
	struct outcome_settings s;
	struct outcome_set set;
	const struct outcome *o;
	enum lead_label l;
	outcome_settings_init(&s);
	s.as_of = as_of;
	assert_int_equal(outcome_label_all(db, &s, &set), 0);
	o = outcome_find(&set, id);
	assert_non_null(o);
	l = o->label;
	outcome_set_release(&set);
	return l;
}

static void test_qualified_in_window(void **state)
{
	struct fixture *f = *state;
	dialogue(f->db, "d1", T0, 1, 1);
	move(f->db, "D1", 1, "new", T0 + DAY, "bot");
	move(f->db, "D1", 1, "qualified", T0 + 5 * DAY, "anna");
	assert_int_equal(label_of(f->db, "d1", T0 + 10 * DAY), LABEL_QUALIFIED);
	assert_int_equal(label_of(f->db, "d1", T0 + 60 * DAY), LABEL_QUALIFIED);
	/* judged before the move happened: still open */
	assert_int_equal(label_of(f->db, "d1", T0 + 2 * DAY), LABEL_UNLABELED);
}

static void test_later_stages_count_and_late_move_does_not(void **state)
{
	struct fixture *f = *state;
	dialogue(f->db, "d1", T0, 1, 1);
	dialogue(f->db, "d2", T0, 1, 2);
	move(f->db, "D1", 1, "won", T0 + 29 * DAY, "ivan");
	move(f->db, "D2", 2, "proposal", T0 + 31 * DAY, "ivan");
	assert_int_equal(label_of(f->db, "d1", T0 + 60 * DAY), LABEL_QUALIFIED);
	assert_int_equal(label_of(f->db, "d2", T0 + 60 * DAY), LABEL_NOT_QUALIFIED);
}

static void test_moved_by_bot_only(void **state)
{
	struct fixture *f = *state;
	dialogue(f->db, "d2", T0, 1, 2);
	move(f->db, "D2", 2, "qualified", T0 + DAY, " BOT ");
	move(f->db, "D2", 2, "proposal", T0 + 2 * DAY, "Bot");
	assert_int_equal(label_of(f->db, "d2", T0 + 10 * DAY), LABEL_UNLABELED);
	assert_int_equal(label_of(f->db, "d2", T0 + 40 * DAY), LABEL_NOT_QUALIFIED);
}

static void test_empty_changed_by_is_a_person(void **state)
{
	struct fixture *f = *state;
	dialogue(f->db, "d2", T0, 1, 2);
	move(f->db, "D2", 2, "negotiation", T0 + DAY, "");
	assert_int_equal(label_of(f->db, "d2", T0 + 3 * DAY), LABEL_QUALIFIED);
}

static void test_move_before_the_dialogue(void **state)
{
	struct fixture *f = *state;
	dialogue(f->db, "d3", T0, 1, 3);
	move(f->db, "D3", 3, "qualified", T0 - DAY, "anna");
	assert_int_equal(label_of(f->db, "d3", T0 + 5 * DAY), LABEL_UNLABELED);
	assert_int_equal(label_of(f->db, "d3", T0 + 31 * DAY), LABEL_NOT_QUALIFIED);
}

static void test_window_passed_without_deal(void **state)
{
	struct fixture *f = *state;
	dialogue(f->db, "d4", T0, 1, 4);
	dialogue(f->db, "d4b", T0, 1, 0);    /* a contact nobody in the CRM knows */
	assert_int_equal(label_of(f->db, "d4", T0 + 29 * DAY), LABEL_UNLABELED);
	assert_int_equal(label_of(f->db, "d4", T0 + 30 * DAY), LABEL_NOT_QUALIFIED);
	assert_int_equal(label_of(f->db, "d4b", T0 + 30 * DAY), LABEL_NOT_QUALIFIED);
}

static void test_window_is_a_setting(void **state)
{
	struct fixture *f = *state;
	struct outcome_settings s;
	struct outcome_set set;
	dialogue(f->db, "d1", T0, 1, 1);
	move(f->db, "D1", 1, "qualified", T0 + 10 * DAY, "anna");
	outcome_settings_init(&s);
	s.window = 7 * DAY;
	s.as_of = T0 + 20 * DAY;
	assert_int_equal(outcome_label_all(f->db, &s, &set), 0);
	assert_int_equal(outcome_find(&set, "d1")->label, LABEL_NOT_QUALIFIED);
	outcome_set_release(&set);
}

static void test_all_deals_lost_early(void **state)
{
	struct fixture *f = *state;
	dialogue(f->db, "d5", T0, 1, 5);
	move(f->db, "OLD", 5, "new", T0 - 3 * DAY, "bot");    /* opened before: does not count */
	move(f->db, "D5", 5, "new", T0 + DAY, "bot");
	move(f->db, "D5", 5, "lost", T0 + 3 * DAY, "anna");
	assert_int_equal(label_of(f->db, "d5", T0 + 2 * DAY), LABEL_UNLABELED);
	assert_int_equal(label_of(f->db, "d5", T0 + 4 * DAY), LABEL_NOT_QUALIFIED);
	/* a second new deal still open keeps it undecided */
	move(f->db, "D5b", 5, "new", T0 + 3 * DAY, "bot");
	assert_int_equal(label_of(f->db, "d5", T0 + 4 * DAY), LABEL_UNLABELED);
}

static void test_anonymous_never_labeled(void **state)
{
	struct fixture *f = *state;
	dialogue(f->db, "d6", T0, 0, 0);
	assert_int_equal(label_of(f->db, "d6", T0 + 90 * DAY), LABEL_ANONYMOUS);
}

static void test_merged_identity_deal_via_phone(void **state)
{
	struct fixture *f = *state;
	/* the dialogue gave an e-mail; the deal file names the phone; an
	 * earlier record joined e-mail and phone into customer 7 */
	dialogue(f->db, "d7", T0, 1, 7);
	ident(f->db, "email", "ivan@example.ru", 7);
	ident(f->db, "phone", "79123456789", 7);
	move(f->db, "D7", 7, "qualified", T0 + 2 * DAY, "anna");
	assert_int_equal(label_of(f->db, "d7", T0 + 5 * DAY), LABEL_QUALIFIED);
}

static void test_prior_contacts(void **state)
{
	struct fixture *f = *state;
	struct outcome_settings s;
	struct outcome_set set;
	dialogue(f->db, "a", T0 + 2 * DAY, 1, 9);
	dialogue(f->db, "b", T0, 1, 9);
	dialogue(f->db, "c", T0 + DAY, 1, 9);
	dialogue(f->db, "z", T0 + DAY, 1, 10);
	outcome_settings_init(&s);
	s.as_of = T0;
	assert_int_equal(outcome_label_all(f->db, &s, &set), 0);
	assert_int_equal(set.n, 4);
	assert_int_equal(outcome_find(&set, "b")->prior_contacts, 0);
	assert_int_equal(outcome_find(&set, "c")->prior_contacts, 1);
	assert_int_equal(outcome_find(&set, "a")->prior_contacts, 2);
	assert_int_equal(outcome_find(&set, "z")->prior_contacts, 0);
	assert_null(outcome_find(&set, "nope"));
	outcome_set_release(&set);
}

/* Scoring asks the database for prior contacts, one dialogue at a time;
 * training counts them while walking the customers.  The two must agree, or
 * a model is applied to figures it was not trained on: ties in time (by
 * id), dialogues with no start, customers with deals but no dialogues in
 * between, dialogues of no customer. */
static void test_prior_reader_agrees_with_the_walk(void **state)
{
	struct fixture *f = *state;
	struct outcome_settings s;
	struct outcome_set set;
	struct prior_reader *pc;
	dialogue(f->db, "k2", T0 + DAY, 1, 4);
	dialogue(f->db, "k1", T0 + DAY, 1, 4);          /* same time: ordered by id */
	dialogue(f->db, "k0", T0, 1, 4);
	dialogue(f->db, "k3", T0 + 3 * DAY, 1, 4);
	move(f->db, "D5", 5, "won", T0, "anna");        /* a customer with deals only */
	dialogue(f->db, "m1", T0 + 2 * DAY, 1, 6);
	dialogue(f->db, "m0", T0 + DAY, 1, 6);
	dialogue(f->db, "n0", T0, 0, 0);                /* no customer */
	dialogue(f->db, "n1", T0, 1, 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO dialogues(id, started, has_contact, content_hash,"
					" ingested_at) VALUES('k-nostart', NULL, 1, 'h', 0);"
					"INSERT INTO identifiers(kind, value, customer_id)"
					" VALUES('dialogue', 'k-nostart', 4)"), 0);
	outcome_settings_init(&s);
	s.as_of = T0 + 100 * DAY;
	assert_int_equal(outcome_label_all(f->db, &s, &set), 0);
	assert_int_equal(set.n, 9);
	assert_int_equal(outcome_find(&set, "k0")->prior_contacts, 0);
	assert_int_equal(outcome_find(&set, "k1")->prior_contacts, 1);
	assert_int_equal(outcome_find(&set, "k2")->prior_contacts, 2);
	assert_int_equal(outcome_find(&set, "k3")->prior_contacts, 3);
	assert_int_equal(outcome_find(&set, "k-nostart")->prior_contacts, 0);
	assert_int_equal(outcome_find(&set, "m1")->prior_contacts, 1);
	assert_int_equal(outcome_find(&set, "n0")->label, LABEL_ANONYMOUS);
	assert_int_equal(outcome_find(&set, "n1")->label, LABEL_NOT_QUALIFIED);
	pc = prior_reader_open(f->db);
	assert_non_null(pc);
	/* in id order, as the scorer asks; a dialogue asked twice gets the same */
	for (size_t i = 0; i < set.n; i++) {
		assert_int_equal(prior_reader_get(pc, set.items[i].dialogue_id), set.items[i].prior_contacts);
		assert_int_equal(prior_reader_get(pc, set.items[i].dialogue_id), set.items[i].prior_contacts);
	}
	assert_int_equal(prior_reader_get(pc, "nope"), 0);
	prior_reader_close(pc);
	/* opened again it gives the same */
	pc = prior_reader_open(f->db);
	assert_non_null(pc);
	assert_int_equal(prior_reader_get(pc, "k3"), 3);
	prior_reader_close(pc);
	outcome_set_release(&set);
}

static int stop_at_second(const struct outcome *o, void *ctx)
{
	int *seen = ctx;
	(void)o;
	return ++*seen == 2 ? 7 : 0;
}

static void test_each_stops_when_asked(void **state)
{
	struct fixture *f = *state;
	struct outcome_settings s;
	int seen = 0;
	dialogue(f->db, "a", T0, 1, 1);
	dialogue(f->db, "b", T0, 1, 2);
	dialogue(f->db, "c", T0, 1, 0);
	outcome_settings_init(&s);
	assert_int_equal(outcome_each(f->db, &s, stop_at_second, &seen), 7);
	assert_int_equal(seen, 2);
}

struct range_seen {
	char ids[16][16];
	int label[16], customer[16];
	size_t n;
};

static int keep_range(const struct outcome *o, void *ctx)
{
	struct range_seen *r = ctx;
	assert_true(r->n < 16);
	snprintf(r->ids[r->n], sizeof(r->ids[r->n]), "%s", o->dialogue_id);
	r->label[r->n] = o->label;
	r->customer[r->n] = (int)o->customer;
	r->n++;
	return 0;
}

/* The report labels only the dialogues of the nights it recomputes: the
 * range walk gives exactly those started in [lo, hi), each with the label
 * and customer of the whole walk -- a customer's deals outside the range
 * (a late move, an older lost deal) and dialogues of no customer included. */
static void test_each_started_is_the_walk_in_range(void **state)
{
	struct fixture *f = *state;
	struct outcome_settings s;
	struct outcome_set set;
	struct range_seen r;
	int64_t lo = T0 + 10 * DAY, hi = T0 + 12 * DAY;
	memset(&r, 0, sizeof(r));
	dialogue(f->db, "old", T0, 1, 1);                       /* before the range */
	dialogue(f->db, "in1", T0 + 10 * DAY, 1, 1);            /* at lo: in */
	move(f->db, "D1", 1, "proposal", T0 + 20 * DAY, "anna"); /* moved after the range */
	dialogue(f->db, "in2", T0 + 11 * DAY, 1, 2);
	move(f->db, "D2", 2, "new", T0 + 11 * DAY + 60, "bot");
	move(f->db, "D2", 2, "lost", T0 + 13 * DAY, "anna");     /* every new deal lost */
	dialogue(f->db, "in3", T0 + 11 * DAY, 1, 0);            /* contact, no customer */
	dialogue(f->db, "in4", T0 + 11 * DAY + 5, 0, 0);        /* anonymous */
	dialogue(f->db, "late", T0 + 12 * DAY, 1, 2);           /* at hi: out */
	outcome_settings_init(&s);
	s.as_of = T0 + 25 * DAY;
	assert_int_equal(outcome_each_started(f->db, &s, lo, hi, keep_range, &r), 0);
	assert_int_equal(r.n, 4);
	assert_int_equal(outcome_label_all(f->db, &s, &set), 0);
	for (size_t i = 0; i < r.n; i++) {
		const struct outcome *o = outcome_find(&set, r.ids[i]);
		assert_non_null(o);
		assert_true(o->started >= lo && o->started < hi);
		assert_int_equal(r.label[i], o->label);
		assert_int_equal(r.customer[i], o->customer);
	}
	assert_int_equal(outcome_find(&set, "in1")->label, LABEL_QUALIFIED);
	assert_int_equal(outcome_find(&set, "in2")->label, LABEL_NOT_QUALIFIED);
	assert_int_equal(outcome_find(&set, "in4")->label, LABEL_ANONYMOUS);
	outcome_set_release(&set);
	/* an empty range labels nothing */
	r.n = 0;
	assert_int_equal(outcome_each_started(f->db, &s, hi, hi, keep_range, &r), 0);
	assert_int_equal(r.n, 0);
}

static void test_judge_counts(void **state)
{
	struct outcome_settings s = { 30 * DAY, T0 + 40 * DAY };
	struct deal_move m[2] = {
		{ "X", "qualified", "bot", T0 + DAY },
		{ "X", "won", "maria", T0 + 30 * DAY },
	};
	(void)state;
	assert_int_equal(outcome_judge(T0, m, 2, &s), LABEL_QUALIFIED);
	assert_int_equal(outcome_judge(T0, m, 1, &s), LABEL_NOT_QUALIFIED);
	assert_int_equal(outcome_judge(T0 + 50 * DAY, m, 2, &s), LABEL_UNLABELED);
	assert_string_equal(lead_label_name(LABEL_QUALIFIED), "qualified");
}

/* Labels of open windows are held back from training, wins and losses alike. */
static void test_hold_back_recent(void **state)
{
	struct outcome_settings s = { 30 * DAY, T0 + 40 * DAY };
	struct outcome items[5];
	struct outcome_set set;
	struct outcome_held_back h;
	(void)state;
	memset(items, 0, sizeof(items));
	for (int i = 0; i < 5; i++)
		items[i].has_started = 1;
	items[0].started = T0;                  /* closed at T0 + 30 days */
	items[0].label = LABEL_NOT_QUALIFIED;
	items[1].started = T0 + 10 * DAY;       /* closes exactly at as_of */
	items[1].label = LABEL_QUALIFIED;
	items[2].started = T0 + 11 * DAY;       /* open: an early win */
	items[2].label = LABEL_QUALIFIED;
	items[3].started = T0 + 20 * DAY;       /* open: every deal lost early */
	items[3].label = LABEL_NOT_QUALIFIED;
	items[4].started = T0 + 39 * DAY;       /* open, undecided */
	items[4].label = LABEL_UNLABELED;
	memset(&set, 0, sizeof(set));
	set.items = items;
	set.n = 5;
	set.n_pos = 2;
	set.n_neg = 2;
	set.n_unlabeled = 1;
	outcome_hold_back_recent(&set, &s, &h);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.n_pos, 1);
	assert_int_equal(h.n_neg, 1);
	assert_int_equal(set.n_pos, 1);
	assert_int_equal(set.n_neg, 1);
	assert_int_equal(set.n_unlabeled, 3);
	assert_int_equal(items[0].label, LABEL_NOT_QUALIFIED);
	assert_int_equal(items[1].label, LABEL_QUALIFIED);
	assert_int_equal(items[2].label, LABEL_UNLABELED);
	assert_int_equal(items[3].label, LABEL_UNLABELED);
	assert_true(outcome_window_closed(&items[1], &s));
	assert_false(outcome_window_closed(&items[2], &s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hold_back_recent),
		cmocka_unit_test_setup_teardown(test_qualified_in_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_later_stages_count_and_late_move_does_not, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_by_bot_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_changed_by_is_a_person, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move_before_the_dialogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_passed_without_deal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_is_a_setting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_deals_lost_early, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anonymous_never_labeled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merged_identity_deal_via_phone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prior_contacts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prior_reader_agrees_with_the_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_stops_when_asked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_started_is_the_walk_in_range, setup, teardown),
		cmocka_unit_test(test_judge_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
