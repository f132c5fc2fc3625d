/* test_eval.c — P/R/F1, kappa, majority with ties, per-turn matching,
 * disagreements, trainer pairs and loading labels from the database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "eval.h"
#include "util.h"
#include "testdb.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_prf(void **state)
{
	struct eval_counts c = { 3, 1, 2, 4 }, z = { 0, 0, 0, 5 }, built = { 0, 0, 0, 0 };
	(void)state;
	NEAR(eval_precision(&c), 0.75);
	NEAR(eval_recall(&c), 0.6);
	NEAR(eval_f1(&c), 6.0 / 9.0);
	NEAR(eval_precision(&z), 0);
	NEAR(eval_recall(&z), 0);
	NEAR(eval_f1(&z), 0);
	eval_counts_add(&built, 1, 1);
	eval_counts_add(&built, 1, 0);
	eval_counts_add(&built, 0, 1);
	eval_counts_add(&built, 0, 1);
	eval_counts_add(&built, 0, 0);
	assert_int_equal(built.tp, 1);
	assert_int_equal(built.fp, 1);
	assert_int_equal(built.fn, 2);
	assert_int_equal(built.tn, 1);
}

static void test_kappa(void **state)
{
	/* po = 35/50 = 0.7; a says yes 25/50, b 30/50; pe = .5*.6 + .5*.4 = .5;
	 * kappa = (.7 - .5) / (1 - .5) = 0.4 */
	struct eval_table2 t = { 20, 5, 10, 15 };
	struct eval_table2 perfect = { 3, 0, 0, 2 };
	struct eval_table2 all_yes = { 4, 0, 0, 0 };
	struct eval_table2 empty = { 0, 0, 0, 0 };
	/* po = .5, pe = .5*.5+.5*.5 = .5 -> 0; disagreeing always: -1 */
	struct eval_table2 chance = { 1, 1, 1, 1 }, opposite = { 0, 2, 2, 0 };
	(void)state;
	NEAR(eval_kappa(&t), 0.4);
	NEAR(eval_kappa(&perfect), 1.0);
	NEAR(eval_kappa(&chance), 0.0);
	NEAR(eval_kappa(&opposite), -1.0);
	assert_true(isnan(eval_kappa(&all_yes)));
	assert_true(isnan(eval_kappa(&empty)));
}

static void test_majority(void **state)
{
	int tie = -1;
	(void)state;
	assert_int_equal(eval_majority(2, 1, &tie), 1);
	assert_int_equal(tie, 0);
	assert_int_equal(eval_majority(1, 1, &tie), 0);
	assert_int_equal(tie, 1);
	assert_int_equal(eval_majority(2, 2, &tie), 0);
	assert_int_equal(tie, 1);
	assert_int_equal(eval_majority(1, 2, &tie), 0);
	assert_int_equal(tie, 0);
	assert_int_equal(eval_majority(1, 0, NULL), 1);
	assert_int_equal(eval_majority(0, 0, &tie), -1);
	assert_int_equal(tie, 0);
}

/* d1: anna and boris; anna tags turns, boris only gives verdicts. */
static void fill_labels(struct eval_labels *l)
{
	eval_labels_add(l, "d1", "anna", "yes", "no");
	eval_labels_add(l, "d1", "boris", "no", NULL);
	assert_int_equal(eval_labels_add_turn(l, "d1", "anna", 2, "cross-sell-offer"), 0);
	assert_int_equal(eval_labels_add_turn(l, "d1", "anna", 1, "problem-stated"), 0);
	assert_int_equal(eval_labels_add_turn(l, "d1", "anna", 1, "no-such-tag"), -1);
	eval_labels_add(l, "d0", "anna", "no", "yes");
	eval_labels_add(l, "d0", "boris", "no", "yes");
	eval_labels_add(l, "d0", "vera", "yes", "no");
	eval_labels_add_turn(l, "d0", "anna", 3, "handoff-context-lost");
	eval_labels_add_turn(l, "d0", "boris", 3, "handoff-context-lost");
	eval_labels_add_turn(l, "d0", "boris", 2, "escalation-request");
	eval_labels_finish(l);
}

static void test_labels_opinions(void **state)
{
	struct eval_labels l;
	const struct eval_labeled *d0, *d1;
	int yes, no, tie;
	(void)state;
	memset(&l, 0, sizeof(l));
	fill_labels(&l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.unknown_tags, 1);
	d0 = eval_labels_find(&l, "d0");
	d1 = eval_labels_find(&l, "d1");
	assert_non_null(d0);
	assert_non_null(d1);
	assert_null(eval_labels_find(&l, "d2"));
	assert_string_equal(l.items[0].id, "d0");

	eval_opinions(d1, FINDING_PREMATURE_CROSS_SELL, &yes, &no);
	assert_int_equal(yes, 1);
	assert_int_equal(no, 1);
	assert_int_equal(eval_majority(yes, no, &tie), 0);
	assert_int_equal(tie, 1);
	eval_opinions(d1, FINDING_MISSED_ESCALATION, &yes, &no);
	assert_int_equal(yes + no, 1);          /* boris gave no opinion */
	/* context lost: anna tagged turns (none lost) says no; boris tagged none */
	eval_opinions(d1, FINDING_CONTEXT_LOST, &yes, &no);
	assert_int_equal(yes, 0);
	assert_int_equal(no, 1);
	eval_opinions(d0, FINDING_CONTEXT_LOST, &yes, &no);
	assert_int_equal(yes, 2);
	assert_int_equal(no, 0);                /* vera tagged no turn */

	/* per turn: d0 has two trainers who tagged turns */
	assert_int_equal(eval_turn_truth(d0, 3, TAG_CONTEXT_LOST, &tie), 1);
	assert_int_equal(tie, 0);
	assert_int_equal(eval_turn_truth(d0, 2, TAG_ESCALATION_REQUEST, &tie), 0);
	assert_int_equal(tie, 1);
	assert_int_equal(eval_turn_truth(d0, 1, TAG_FRUSTRATION, &tie), 0);
	assert_int_equal(tie, 0);
	assert_int_equal(eval_turn_truth(d1, 2, TAG_CROSS_SELL_OFFER, NULL), 1);
	eval_labels_release(&l);
}

static void result_tag(struct detect_result *r, int n, enum turn_tag t)
{
	ALLOC_GROW(r->tags, r->n_tags, r->alloc_tags);
	memset(&r->tags[r->n_tags], 0, sizeof(r->tags[0]));
	r->tags[r->n_tags].n = n;
	r->tags[r->n_tags++].tag = t;
}

static void result_finding(struct detect_result *r, enum finding_kind k, int turn, const char *why)
{
	struct finding *f;
	ALLOC_GROW(r->findings, r->n_findings, r->alloc_findings);
	f = &r->findings[r->n_findings++];
	memset(f, 0, sizeof(*f));
	f->kind = k;
	f->turns[0] = turn;
	f->turns[1] = turn + 2;
	f->n_turns = 2;
	snprintf(f->reason_en, sizeof(f->reason_en), "%s", why);
	r->has[k] = 1;
}

static void result_free(struct detect_result *r)
{
	free(r->tags);
	free(r->findings);
	memset(r, 0, sizeof(*r));
}

static void test_judge(void **state)
{
	struct eval_labels l;
	struct eval_report rep;
	struct detect_result r;
	(void)state;
	memset(&l, 0, sizeof(l));
	memset(&rep, 0, sizeof(rep));
	memset(&r, 0, sizeof(r));
	fill_labels(&l);

	/* d0 (4 turns): trainers say premature no (2-1), missed yes (2-1), lost yes.
	 * The detector says premature yes, missed no, lost yes (turn 3) and tags
	 * turn 2 as an escalation request (a tie among trainers: counts as no). */
	result_finding(&r, FINDING_PREMATURE_CROSS_SELL, 2, "offer before the problem was solved");
	result_finding(&r, FINDING_CONTEXT_LOST, 3, "asked again");
	result_tag(&r, 3, TAG_CONTEXT_LOST);
	result_tag(&r, 2, TAG_ESCALATION_REQUEST);
	eval_judge(&rep, eval_labels_find(&l, "d0"), 4, &r, NULL);
	result_free(&r);
	/* d1 (3 turns): premature tie -> no; missed no; lost no. Detector: nothing,
	 * tags cross-sell-offer on turn 2 and problem-stated on turn 2 (wrong turn). */
	result_tag(&r, 2, TAG_CROSS_SELL_OFFER);
	result_tag(&r, 2, TAG_PROBLEM_STATED);
	eval_judge(&rep, eval_labels_find(&l, "d1"), 3, &r, NULL);
	result_free(&r);

	assert_int_equal(rep.n_judged, 2);
	assert_int_equal(rep.n_turn_dialogues, 2);
	/* premature: d0 FP, d1 TN; one tie */
	assert_int_equal(rep.finding[FINDING_PREMATURE_CROSS_SELL].fp, 1);
	assert_int_equal(rep.finding[FINDING_PREMATURE_CROSS_SELL].tn, 1);
	assert_int_equal(rep.finding_ties[FINDING_PREMATURE_CROSS_SELL], 1);
	/* missed: d0 FN, d1 TN */
	assert_int_equal(rep.finding[FINDING_MISSED_ESCALATION].fn, 1);
	assert_int_equal(rep.finding[FINDING_MISSED_ESCALATION].tn, 1);
	/* lost: d0 TP, d1 TN */
	assert_int_equal(rep.finding[FINDING_CONTEXT_LOST].tp, 1);
	assert_int_equal(rep.finding[FINDING_CONTEXT_LOST].tn, 1);
	/* tags over 4 + 3 turns */
	assert_int_equal(rep.tag[TAG_CONTEXT_LOST].tp, 1);
	assert_int_equal(rep.tag[TAG_CONTEXT_LOST].tn, 6);
	assert_int_equal(rep.tag[TAG_ESCALATION_REQUEST].fp, 1);
	assert_int_equal(rep.tag_ties[TAG_ESCALATION_REQUEST], 1);
	assert_int_equal(rep.tag[TAG_CROSS_SELL_OFFER].tp, 1);
	assert_int_equal(rep.tag[TAG_PROBLEM_STATED].fp, 1);
	assert_int_equal(rep.tag[TAG_PROBLEM_STATED].fn, 1);
	assert_int_equal(rep.tag[TAG_PROBLEM_STATED].tn, 5);
	/* disagreements: d0 premature (detector yes), d0 missed (detector no) */
	assert_int_equal(rep.n_dis, 2);
	assert_string_equal(rep.dis[0].dialogue_id, "d0");
	assert_int_equal(rep.dis[0].kind, FINDING_PREMATURE_CROSS_SELL);
	assert_int_equal(rep.dis[0].detector, 1);
	assert_int_equal(rep.dis[0].trainers, 0);
	assert_int_equal(rep.dis[0].n_yes, 1);
	assert_int_equal(rep.dis[0].n_no, 2);
	assert_string_equal(rep.dis[0].turns, "2,4");
	assert_string_equal(rep.dis[0].reason, "offer before the problem was solved");
	assert_int_equal(rep.dis[1].kind, FINDING_MISSED_ESCALATION);
	assert_int_equal(rep.dis[1].detector, 0);
	assert_string_equal(rep.dis[1].reason, "");

	eval_report_release(&rep);
	eval_labels_release(&l);
}

static void test_agreement(void **state)
{
	struct eval_labels l;
	struct eval_report rep;
	/* anna/boris on premature over 4 dialogues: yy, yn, nn, nn ->
	 * po = 3/4, a yes 2/4, b yes 1/4, pe = .5*.25 + .5*.75 = .5, kappa = .5 */
	static const char *a[] = { "yes", "yes", "no", "no" }, *b[] = { "yes", "no", "no", "no" };
	char id[8];
	(void)state;
	memset(&l, 0, sizeof(l));
	memset(&rep, 0, sizeof(rep));
	for (int i = 0; i < 4; i++) {
		snprintf(id, sizeof(id), "x%d", i);
		eval_labels_add(&l, id, "boris", b[i], "no");
		eval_labels_add(&l, id, "anna", a[i], NULL);
		eval_labels_add(&l, id, "vera", "no", "no");
	}
	eval_labels_add(&l, "y", "anna", "yes", "yes");
	eval_labels_finish(&l);
	eval_agreement(&rep, &l, 4);
	assert_int_equal(rep.n_pairs, 3);
	assert_string_equal(rep.pairs[0].a, "anna");
	assert_string_equal(rep.pairs[0].b, "boris");
	assert_int_equal(rep.pairs[0].shared, 4);
	assert_int_equal(rep.pairs[0].t[FINDING_PREMATURE_CROSS_SELL].yy, 1);
	assert_int_equal(rep.pairs[0].t[FINDING_PREMATURE_CROSS_SELL].yn, 1);
	assert_int_equal(rep.pairs[0].t[FINDING_PREMATURE_CROSS_SELL].nn, 2);
	NEAR(rep.pairs[0].kappa[FINDING_PREMATURE_CROSS_SELL], 0.5);
	/* anna gave no missed verdict: no items, kappa undefined */
	assert_true(isnan(rep.pairs[0].kappa[FINDING_MISSED_ESCALATION]));
	/* boris / vera always "no" on missed: chance agreement 1, undefined */
	assert_string_equal(rep.pairs[2].a, "boris");
	assert_string_equal(rep.pairs[2].b, "vera");
	assert_true(isnan(rep.pairs[2].kappa[FINDING_MISSED_ESCALATION]));
	eval_report_release(&rep);
	memset(&rep, 0, sizeof(rep));
	eval_agreement(&rep, &l, 5);
	assert_int_equal(rep.n_pairs, 0);
	eval_report_release(&rep);
	eval_labels_release(&l);
}

static void test_load_from_db(void **state)
{
	char path[] = "/tmp/test_eval_XXXXXX";
	struct eval_labels l;
	sqlite3 *db;
	int fd = mkstemp(path);
	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	db = db_open(path);
	assert_non_null(db);
	assert_int_equal(db_exec(db,
		"INSERT INTO labels(dialogue_id, trainer, premature, missed) VALUES"
		" ('ho-2', 'anna', 'yes', 'no'), ('ho-2', 'boris', 'yes', NULL),"
		" ('tu-1', 'anna', 'no', 'no'), ('ho-1', 'anna', NULL, 'yes');"
		"INSERT INTO label_turns(dialogue_id, trainer, n, tag) VALUES"
		" ('ho-2', 'anna', 2, 'cross-sell-offer'), ('ho-3', 'vera', 1, 'frustration'),"
		" ('tu-1', 'anna', 1, 'problem-stated');"), 0);
	memset(&l, 0, sizeof(l));
	assert_int_equal(eval_labels_load(db, "ho-*", &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].id, "ho-1");
	assert_string_equal(l.items[1].id, "ho-2");
	assert_string_equal(l.items[2].id, "ho-3");   /* turn tags only */
	assert_int_equal(l.items[1].n_ops, 2);
	assert_int_equal(l.items[1].n_turns, 1);
	assert_int_equal(l.items[0].ops[0].verdict[FINDING_PREMATURE_CROSS_SELL], -1);
	assert_int_equal(l.items[0].ops[0].verdict[FINDING_MISSED_ESCALATION], 1);
	assert_non_null(eval_labels_find(&l, "ho-3"));
	assert_null(eval_labels_find(&l, "tu-1"));
	eval_labels_release(&l);
	assert_int_equal(eval_labels_load(db, NULL, &l), 0);
	assert_int_equal(l.n, 4);
	eval_labels_release(&l);
	db_close(db);
	remove_db(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prf),
		cmocka_unit_test(test_kappa),
		cmocka_unit_test(test_majority),
		cmocka_unit_test(test_labels_opinions),
		cmocka_unit_test(test_judge),
		cmocka_unit_test(test_agreement),
		cmocka_unit_test(test_load_from_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
