/* test_detect_outbound.c — dialogues the bot or an operator opens without
 * inviting a need (a salesperson's or a fundraiser's chat): the client's
 * replies state no problem unless a fault of their own is seen by the cues
 * as well as by the learned act, so no offer there is premature; asks for a
 * donation are offers; and the openings that do invite a need. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "detect.h"
#include "lexicon.h"
#include "textnorm.h"
#include "transcripts.h"
#include "util.h"

static struct detector *det;
static struct detect_scratch *scratch;
static struct textnorm *tn;
static struct detect_result res;

static int setup(void **state)
{
	(void)state;
	det = detector_load("../../models");
	scratch = detect_scratch_new();
	tn = textnorm_new();
	return det && scratch && tn ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	detector_free(det);
	detect_scratch_free(scratch);
	textnorm_free(tn);
	detect_result_release(&res);
	return 0;
}

/* "c:" client, "b:" bot, "o:" operator */
static void build(struct dialogue *d, const char *const *lines)
{
	dialogue_init(d);
	d->id = dialogue_strdup(d, "t-out");
	for (size_t i = 0; lines[i]; i++)
		dialogue_add_turn(d, lines[i][0] == 'c' ? SPEAKER_CLIENT : lines[i][0] == 'b' ? SPEAKER_BOT : SPEAKER_OPERATOR,
				  NULL, lines[i][0] == 'o' ? "op-1" : NULL, 0, 0, lines[i] + 2);
}

static int tagged(const struct detect_result *r, int n, enum turn_tag t)
{
	for (size_t i = 0; i < r->n_tags; i++)
		if (r->tags[i].n == n && r->tags[i].tag == t)
			return 1;
	return 0;
}

static void add_tag(struct detect_result *r, int n, enum turn_tag t)
{
	ALLOC_GROW(r->tags, r->n_tags, r->alloc_tags);
	r->tags[r->n_tags].n = n;
	r->tags[r->n_tags].tag = t;
	snprintf(r->tags[r->n_tags].cue, sizeof(r->tags[0].cue), "classifier");
	r->n_tags++;
}

/* Findings when a learned act, and not the cues, calls client turn n a
 * problem stated. */
static const struct detect_result *learned_problem_at(const char *const *lines, int n)
{
	struct dialogue d;
	build(&d, lines);
	assert_int_equal(detector_run(det, scratch, &d, &res), 0);
	assert_false(tagged(&res, n, TAG_PROBLEM_STATED));
	add_tag(&res, n, TAG_PROBLEM_STATED);
	assert_int_equal(detector_rederive(det, scratch, &d, &res), 0);
	dialogue_release(&d);
	return &res;
}

static const struct detect_result *run(const char *const *lines)
{
	struct dialogue d;
	build(&d, lines);
	assert_int_equal(detector_run(det, scratch, &d, &res), 0);
	dialogue_release(&d);
	return &res;
}

static int fires(const char *text, enum cue_category c)
{
	struct token_list toks = { 0 };
	struct cue_match_list ml = { 0 };
	double sum = 0;
	textnorm_tokens(tn, text, &toks);
	lexicon_match(detector_lexicon(det), &toks, &ml);
	for (size_t i = 0; i < ml.n; i++)
		if (ml.items[i].cue->cat == c)
			sum += ml.items[i].cue->weight;
	token_list_release(&toks);
	cue_match_list_release(&ml);
	return sum >= 1.0;
}

/* A volunteer's chat: the visitor's mood and views are no problem to
 * solve, even when the learned act takes the first reply for one. */
static void test_outbound_reply_states_no_problem(void **state)
{
	static const char *const chat[] = {
		"o:Evening! How has your week been?",
		"c:long and rainy, my basement got a bit wet honestly",
		"o:Ugh, sorry. I'm with Riverbank Trust, we clean up the creeks in town after storms.",
		"c:oh nice, didn't know that was a thing",
		"o:Would you be willing to donate a dollar of your reward to them today?",
		"c:sure, a dollar",
		NULL };
	const struct detect_result *r;
	(void)state;
	r = learned_problem_at(chat, 2);
	/* the act's tags stay as it put them; the finding follows the rule */
	assert_true(tagged(r, 5, TAG_CROSS_SELL_OFFER));
	assert_false(r->has[FINDING_PREMATURE_CROSS_SELL]);
}

/* The same reply after "how can I help?" came with a need: there the
 * learned act decides, and an offer before the fix is premature. */
static void test_invited_reply_keeps_the_learned_problem(void **state)
{
	static const char *const chat[] = {
		"b:Hi there, I'm the Dalecom assistant. How can I help?",
		"c:my router keeps dropping the wifi every evening",
		"b:Would you like to upgrade to our Fibre Max plan for $10 more a month?",
		"c:no, just fix it",
		NULL };
	static const char *const ru[] = {
		"b:Здравствуйте! Чем могу помочь?",
		"c:вечером роутер отваливается каждые полчаса",
		"b:Хотите подключить тариф «Максимум» за 990 ₽ в месяц?",
		"c:нет, сначала почините",
		NULL };
	const struct detect_result *r;
	(void)state;
	r = run(chat);
	if (!tagged(r, 2, TAG_PROBLEM_STATED))
		r = learned_problem_at(chat, 2);
	assert_true(r->has[FINDING_PREMATURE_CROSS_SELL]);
	r = run(ru);
	if (!tagged(r, 2, TAG_PROBLEM_STATED))
		r = learned_problem_at(ru, 2);
	assert_true(r->has[FINDING_PREMATURE_CROSS_SELL]);
}

/* A fault of the client's own, which the cues see, is a problem in a
 * salesperson's chat too: an offer before it is fixed is premature. */
static void test_outbound_fault_seen_by_cues_is_a_problem(void **state)
{
	static const char *const chat[] = {
		"o:Good morning! I'm Lena from Northwave, calling about our new TV packages.",
		"c:My card payment is not working on your site since Monday",
		"o:How about adding the Sports pack to your plan for just $8 a month?",
		"c:I'd rather you fixed the payment first",
		NULL };
	const struct detect_result *r;
	(void)state;
	r = run(chat);
	assert_true(tagged(r, 2, TAG_PROBLEM_STATED));
	assert_true(r->has[FINDING_PREMATURE_CROSS_SELL]);
}

/* "How do I give?" asked of a fundraiser asks how to take part: no problem,
 * so the ask that answers it is not premature. */
static void test_outbound_how_to_is_no_problem(void **state)
{
	static const char *const chat[] = {
		"o:Hi! Have you heard of Paws Harbour, the shelter on Mill Road?",
		"c:yes! how do I donate to them?",
		"o:Right here: would you like to donate part of your task payment?",
		"c:ok, 50 cents",
		NULL };
	const struct detect_result *r;
	(void)state;
	r = run(chat);
	assert_false(tagged(r, 2, TAG_PROBLEM_STATED));
	assert_false(r->has[FINDING_PREMATURE_CROSS_SELL]);
}

/* The answer to the ask itself is an objection, not a problem brought to
 * be solved ("can't today, my card payment is not working"): asking again
 * is no premature offer. */
static void test_outbound_objection_to_the_ask_is_no_problem(void **state)
{
	static const char *const chat[] = {
		"o:Hi! I'm volunteering for Paws Harbour today. Have you heard of them?",
		"c:nope",
		"o:They rehome about 300 dogs a year. Would you like to donate a dollar to them?",
		"c:sorry, can't today, my card payment is not working",
		"o:No worries! Could you donate 20 cents from your task bonus instead?",
		"c:ok fine",
		NULL };
	const struct detect_result *r;
	(void)state;
	r = run(chat);
	assert_true(tagged(r, 5, TAG_CROSS_SELL_OFFER));
	assert_false(r->has[FINDING_PREMATURE_CROSS_SELL]);
}

static void test_donation_asks_are_offers(void **state)
{
	static const char *const asks[] = {
		"Would you be willing to donate 50 cents today?",
		"Could you make a small donation to the shelter?",
		"are you willing to give even ten cents?",
		"So, do you want to donate some of your earnings?",
		"Can I count on your support for the kids?",
		"I encourage you to donate whatever you can spare.",
	};
	static const char *const not_asks[] = {
		"Your donation goes straight to the shelter's vet bills.",
		"Do you ever donate to charity?",
		"They rely on donations from people like us.",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(asks) / sizeof(*asks); i++)
		if (!fires(asks[i], CUE_OFFER))
			fail_msg("not an offer: %s", asks[i]);
	for (size_t i = 0; i < sizeof(not_asks) / sizeof(*not_asks); i++)
		if (fires(not_asks[i], CUE_OFFER))
			fail_msg("an offer: %s", not_asks[i]);
}

static void test_openings_that_invite_a_need(void **state)
{
	static const char *const invite[] = {
		"Hello! How can I help you today?", "Hi, what can I do for you?",
		"Good evening, ask me anything about your order", "Здравствуйте! Чем могу помочь?",
		"Добрый день, опишите, пожалуйста, ваш вопрос",
	};
	static const char *const not_invite[] = {
		"Hi, how are you today?", "Have you heard of the Riverbank Trust?",
		"Привет! Как настроение?",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(invite) / sizeof(*invite); i++)
		if (!fires(invite[i], CUE_INVITE))
			fail_msg("no invitation: %s", invite[i]);
	for (size_t i = 0; i < sizeof(not_invite) / sizeof(*not_invite); i++)
		if (fires(not_invite[i], CUE_INVITE))
			fail_msg("an invitation: %s", not_invite[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outbound_reply_states_no_problem),
		cmocka_unit_test(test_invited_reply_keeps_the_learned_problem),
		cmocka_unit_test(test_outbound_fault_seen_by_cues_is_a_problem),
		cmocka_unit_test(test_outbound_how_to_is_no_problem),
		cmocka_unit_test(test_outbound_objection_to_the_ask_is_no_problem),
		cmocka_unit_test(test_donation_asks_are_offers),
		cmocka_unit_test(test_openings_that_invite_a_need),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
