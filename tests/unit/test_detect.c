/* test_detect.c — the detectors on dialogues built here: cue categories,
 * negation, the problem's state, handoff timing, bot failures, shouting,
 * lost context, and the four example dialogues of the data contract with
 * the trainers' verdicts. */
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
	return 0;
}

/* A dialogue from a script: "c:text" client, "b:text" bot, "o:text"
 * operator, "H" a handoff event, "X" a close event. */
static void build(struct dialogue *d, const char *const *lines)
{
	dialogue_init(d);
	d->id = dialogue_strdup(d, "t-1");
	for (size_t i = 0; lines[i]; i++) {
		const char *l = lines[i];
		if (!strcmp(l, "H"))
			dialogue_add_event(d, "handoff", 0, 0, "op-1", NULL, NULL);
		else if (!strcmp(l, "X"))
			dialogue_add_event(d, "close", 0, 0, NULL, NULL, NULL);
		else
			dialogue_add_turn(d, l[0] == 'c' ? SPEAKER_CLIENT : l[0] == 'b' ? SPEAKER_BOT : SPEAKER_OPERATOR,
					  NULL, l[0] == 'o' ? "op-1" : NULL, 0, 0, l + 2);
	}
}

static struct detect_result res;

static const struct detect_result *run(const char *const *lines)
{
	struct dialogue d;
	build(&d, lines);
	assert_int_equal(detector_run(det, scratch, &d, &res), 0);
	dialogue_release(&d);
	return &res;
}

static int tagged(const struct detect_result *r, int n, enum turn_tag t)
{
	for (size_t i = 0; i < r->n_tags; i++)
		if (r->tags[i].n == n && r->tags[i].tag == t)
			return 1;
	return 0;
}

/* The first finding of kind k, or an empty one (no turns) when none. */
static const struct finding *finding_of(const struct detect_result *r, enum finding_kind k)
{
	static const struct finding none;
	for (size_t i = 0; i < r->n_findings; i++)
		if (r->findings[i].kind == k)
			return &r->findings[i];
	return &none;
}

static int has_turn(const struct finding *f, int n)
{
	for (int i = 0; f && i < f->n_turns; i++)
		if (f->turns[i] == n)
			return 1;
	return 0;
}

/* ---- cue categories ---- */

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

static void test_each_category_ru_en(void **state)
{
	static const struct { enum cue_category c; const char *ru, *en; } cases[] = {
		{ CUE_OFFER, "Годовой тариф со скидкой", "Try the annual plan with a discount" },
		{ CUE_PROBLEM, "Не проходит оплата картой", "My card payment is not working" },
		{ CUE_RESOLVED, "Всё заработало", "It works now" },
		{ CUE_UNRESOLVED, "Всё равно не помогло", "It still doesn't load" },
		{ CUE_THANKS, "Спасибо большое", "Thank you" },
		{ CUE_HUMAN_REQUEST, "Позовите живого человека", "I need a real person" },
		{ CUE_BOT_FAILURE, "Извините, я не понял", "Sorry, I did not understand" },
		{ CUE_FRUSTRATION, "Пишу в третий раз, бесполезно", "This is useless" },
		{ CUE_NEGATION, "не надо", "no need" },
		{ CUE_QUESTION_BACK, "Вы спрашиваете, нужен ли мне оператор?", "You asked whether I want an agent" },
		{ CUE_CONTEXT_ASK, "Какой номер заказа?", "Describe the problem, please" },
		{ CUE_PRODUCT_QUESTION, "Сколько стоит тариф?", "How much is the premium plan?" },
		{ CUE_REPEAT, "Повторяю: не работает", "Once more: it fails" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!fires(cases[i].ru, cases[i].c) || !fires(cases[i].en, cases[i].c))
			fail_msg("category %s: '%s' / '%s'", cue_category_name(cases[i].c),
				 cases[i].ru, cases[i].en);
	}
	assert_false(fires("Добрый день", CUE_HUMAN_REQUEST));
	assert_false(fires("Good afternoon", CUE_OFFER));
}

/* ---- negation and quoting ---- */

static void test_negated_requests_are_not_requests(void **state)
{
	static const char *const ru[] = { "c:Не надо оператора, я сам разберусь", "b:Хорошо", NULL };
	static const char *const en[] = { "c:No need for an agent, thanks", "b:Sure", NULL };
	static const char *const after[] = { "c:Оператор не нужен, подскажите только срок", "b:Три дня", NULL };
	static const char *const quote[] = { "c:You asked \"do you want an agent?\" no", "b:Ok", NULL };
	static const char *const real[] = { "c:Мне не нужен тариф, позовите оператора", "b:Минуту", NULL };
	(void)state;
	assert_false(tagged(run(ru), 1, TAG_ESCALATION_REQUEST));
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
	assert_false(tagged(run(en), 1, TAG_ESCALATION_REQUEST));
	assert_false(tagged(run(after), 1, TAG_ESCALATION_REQUEST));
	assert_false(tagged(run(quote), 1, TAG_ESCALATION_REQUEST));
	/* the comma ends the negation: the request after it stands */
	assert_true(tagged(run(real), 1, TAG_ESCALATION_REQUEST));
	assert_true(res.has[FINDING_MISSED_ESCALATION]);
}

static void test_declined_upgrade_is_not_resolution(void **state)
{
	static const char *const en[] = {
		"c:My invoice is wrong", "b:Would you like to upgrade to Premium?",
		"c:I don't want the upgrade", "b:Ok", NULL };
	static const char *const ru[] = {
		"c:Не работает вход", "b:Попробуйте сбросить пароль", "c:Не помогло", NULL };
	(void)state;
	run(en);
	assert_true(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
	assert_true(res.has[FINDING_PREMATURE_CROSS_SELL]);
	assert_int_equal(res.problem_resolved_turn, 0);
	run(ru);
	assert_int_equal(res.problem_resolved_turn, 0);
	assert_false(tagged(&res, 3, TAG_PROBLEM_RESOLVED));
}

/* ---- offers composed of a proposing form and something sellable ---- */

static void test_composed_offers(void **state)
{
	/* wordings that are no phrase of the lexicon, only its two parts */
	static const char *const ru[] = {
		"c:Не приходит код для входа", "b:Пользуясь случаем, предложу вам расширенную гарантию.",
		"c:Код так и не пришёл", NULL };
	static const char *const en[] = {
		"c:My parcel never arrived", "b:You might enjoy our priority support package.",
		"c:Still waiting for the parcel", NULL };
	(void)state;
	run(ru);
	assert_true(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
	assert_true(res.has[FINDING_PREMATURE_CROSS_SELL]);
	assert_true(has_turn(finding_of(&res, FINDING_PREMATURE_CROSS_SELL), 2));
	assert_non_null(strstr(finding_of(&res, FINDING_PREMATURE_CROSS_SELL)->cue, "proposal"));
	run(en);
	assert_true(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
	assert_true(res.has[FINDING_PREMATURE_CROSS_SELL]);
}

static void test_product_alone_is_no_offer(void **state)
{
	/* a product with its price and no proposing form describes it */
	static const char *const price[] = {
		"c:Не проходит оплата", "b:Тариф «Про» — 9 900 ₽ в месяц.", "c:Оплата так и не прошла", NULL };
	/* a proposing form with nothing sellable: plain help */
	static const char *const help[] = {
		"c:I can't log in", "b:Try resetting your password, you can do it on the login page.",
		"c:Still can't log in", NULL };
	(void)state;
	run(price);
	assert_false(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
	run(help);
	assert_false(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
}

static void test_product_the_client_asked_about(void **state)
{
	/* the client names the product, however the question is worded: the
	 * bot's next turn answers it */
	static const char *const ru[] = {
		"c:Заказ 123456 не пришёл", "b:Проверяю", "c:И ещё интересует годовая подписка",
		"b:Годовую подписку можно оформить со скидкой 20%, хотите?", NULL };
	/* a plain question answered, though no product word is in it */
	static const char *const en[] = {
		"c:My invoice is wrong", "b:Let me check", "c:Do you have anything cheaper for my team?",
		"b:You could switch to the annual plan and save 20%.", NULL };
	/* the same offer unasked is premature */
	static const char *const unasked[] = {
		"c:Заказ 123456 не пришёл", "b:Проверяю",
		"b:Годовую подписку можно оформить со скидкой 20%, хотите?", NULL };
	(void)state;
	run(ru);
	assert_false(tagged(&res, 4, TAG_CROSS_SELL_OFFER));
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
	run(en);
	assert_false(tagged(&res, 4, TAG_CROSS_SELL_OFFER));
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
	run(unasked);
	assert_true(tagged(&res, 3, TAG_CROSS_SELL_OFFER));
	assert_true(res.has[FINDING_PREMATURE_CROSS_SELL]);
}

static void test_negated_proposal_is_no_offer(void **state)
{
	static const char *const en[] = {
		"c:The app crashes on start", "b:We don't recommend upgrading the plan for this, reinstall the app.",
		"c:Still crashes", NULL };
	static const char *const ru[] = {
		"c:Приложение вылетает", "b:Переходить на другой тариф не нужно, переустановите приложение.",
		"c:Всё равно вылетает", NULL };
	(void)state;
	run(en);
	assert_false(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
	run(ru);
	assert_false(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
}

static void test_decline_and_ask_again_do_not_confirm(void **state)
{
	static const char *const ru[] = {
		"c:Списали деньги дважды", "b:Кстати, хотите подключить премиум?",
		"c:Нет, спасибо, не надо", "b:Хорошо", NULL };
	static const char *const en[] = {
		"c:I was charged twice", "b:Would you like extended warranty?",
		"c:I don't want the upgrade, just fix my problem", "b:Sure",
		"c:Great, that fixed it, cheers", NULL };
	(void)state;
	run(ru);
	assert_false(tagged(&res, 3, TAG_PROBLEM_RESOLVED));
	assert_int_equal(res.problem_resolved_turn, 0);
	run(en);
	assert_false(tagged(&res, 3, TAG_PROBLEM_RESOLVED));
	assert_true(tagged(&res, 5, TAG_PROBLEM_RESOLVED));
	assert_int_equal(res.problem_resolved_turn, 5);
}

static void test_wider_confirmations_and_requests(void **state)
{
	static const char *const resolved[] = {
		"c:Деньги не вернулись", "o:Оформил возврат", "c:Ура, деньги пришли, выручили!", NULL };
	static const char *const request[] = {
		"c:Can someone from your team help me?", "b:I can help", "b:Ask me anything",
		"b:Here are articles", NULL };
	static const char *const negated[] = {
		"c:Don't transfer me to an operator, just answer", "b:Sure", NULL };
	(void)state;
	run(resolved);
	assert_true(tagged(&res, 3, TAG_PROBLEM_RESOLVED));
	run(request);
	assert_true(tagged(&res, 1, TAG_ESCALATION_REQUEST));
	assert_true(res.has[FINDING_MISSED_ESCALATION]);
	run(negated);
	assert_false(tagged(&res, 1, TAG_ESCALATION_REQUEST));
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
}

/* ---- the problem's state ---- */

static void test_problem_state(void **state)
{
	static const char *const resolved_then_offer[] = {
		"c:Не проходит оплата картой", "b:Отправил новую ссылку", "c:Прошло, спасибо",
		"b:Кстати, годовой тариф со скидкой 20%", NULL };
	static const char *const open_offer[] = {
		"c:Payment fails on invoice 2741", "b:By the way, the annual plan is 20% off", NULL };
	static const char *const offer_then_solved[] = {
		"c:Payment fails on invoice 2741", "b:Special offer: premium support at half price",
		"b:I sent you a new payment link", "c:It works now, thanks", NULL };
	static const char *const product[] = {
		"c:Сколько стоит тариф Бизнес?", "b:Тариф «Бизнес» со скидкой 10% стоит 4 900 ₽", NULL };
	const struct finding *f;
	(void)state;
	run(resolved_then_offer);
	assert_true(tagged(&res, 1, TAG_PROBLEM_STATED));
	assert_true(tagged(&res, 3, TAG_PROBLEM_RESOLVED));
	assert_int_equal(res.problem_resolved_turn, 3);
	assert_true(tagged(&res, 4, TAG_CROSS_SELL_OFFER));
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);

	run(open_offer);
	f = finding_of(&res, FINDING_PREMATURE_CROSS_SELL);
	assert_true(f->n_turns > 0);
	assert_true(has_turn(f, 1) && has_turn(f, 2));
	assert_non_null(strstr(f->reason_en, "never solved"));
	assert_non_null(strstr(f->reason_ru, "так и не решена"));
	assert_true(f->severity >= 0.7);

	run(offer_then_solved);
	f = finding_of(&res, FINDING_PREMATURE_CROSS_SELL);
	assert_true(f->n_turns > 0);
	assert_non_null(strstr(f->reason_en, "solved in turn 4"));
	assert_non_null(strstr(f->cue, "lexicon-en.txt:"));
	assert_true(f->severity < 0.7);

	/* answering a product question is not cross-selling */
	run(product);
	assert_false(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
}

/* ---- handoff timing ---- */

static void test_handoff_timing(void **state)
{
	static const char *const one[] = {
		"c:Позовите оператора", "b:Соединяю", "H", "o:Здравствуйте", NULL };
	static const char *const two[] = {
		"c:Can I talk to a real person?", "b:Let me try first", "b:Connecting you", "H",
		"o:Hello", NULL };
	static const char *const three[] = {
		"c:Can I talk to a real person?", "b:Let me try first", "b:Here is an article",
		"b:Connecting you", "H", "o:Hello", NULL };
	static const char *const none[] = {
		"c:Позовите оператора", "b:Давайте попробуем вместе", "X", NULL };
	static const char *const before[] = {
		"H", "o:Здравствуйте", "c:Позовите старшего менеджера", "o:Я и есть старший", NULL };
	const struct finding *f;
	(void)state;
	assert_false(run(one)->has[FINDING_MISSED_ESCALATION]);
	assert_false(run(two)->has[FINDING_MISSED_ESCALATION]);
	f = finding_of(run(three), FINDING_MISSED_ESCALATION);
	assert_true(f->n_turns > 0);
	assert_true(has_turn(f, 1) && has_turn(f, 4));
	assert_non_null(strstr(f->reason_en, "handoff came only after turn 4, 1 bot turn later than allowed"));
	f = finding_of(run(none), FINDING_MISSED_ESCALATION);
	assert_true(f->n_turns > 0);
	assert_true(has_turn(f, 1));
	assert_non_null(strstr(f->reason_en, "without a handoff"));
	assert_non_null(strstr(f->reason_ru, "без передачи"));
	assert_true(f->severity >= 0.75);
	assert_false(run(before)->has[FINDING_MISSED_ESCALATION]);
}

/* ---- bot failure and frustration ---- */

static void test_bot_failure_repetition(void **state)
{
	static const char *const once[] = {
		"c:Где мой заказ 5521?", "b:Не понял вас", "c:Заказ 5521 не доставлен", "b:Курьер привезёт завтра",
		"c:Спасибо", NULL };
	static const char *const twice[] = {
		"c:Где мой заказ 5521?", "b:Не понял вас", "c:Заказ 5521 не доставлен", "b:Не понял вас",
		"c:ладно", NULL };
	static const char *const canned[] = {
		"c:Invoice has the wrong VAT number", "b:Here are some articles: Returns.",
		"c:The company name is wrong too", "b:Here are some articles: Returns.", "b:Connecting", "H",
		"o:Hi", NULL };
	static const char *const same_answer[] = {
		"c:How long is delivery to Leeds?", "b:Delivery to Leeds takes 2 to 4 days.",
		"c:How long is delivery to Leeds?", "b:Delivery to Leeds takes 2 to 4 days.", NULL };
	static const char *const restated[] = {
		"c:Refund for order 4410", "b:Here is our FAQ", "c:Again: I need a refund", "b:See the FAQ",
		"c:I said: refund please", "b:Anything else?", NULL };
	(void)state;
	assert_false(run(once)->has[FINDING_MISSED_ESCALATION]);
	assert_true(run(twice)->has[FINDING_MISSED_ESCALATION]);
	assert_non_null(strstr(finding_of(&res, FINDING_MISSED_ESCALATION)->reason_en, "bot failed repeatedly"));
	/* the same canned answer to different questions fails; handed off in time */
	assert_false(run(canned)->has[FINDING_MISSED_ESCALATION]);
	/* the same answer to the same question asked again does not */
	assert_false(run(same_answer)->has[FINDING_MISSED_ESCALATION]);
	run(restated);
	assert_true(res.has[FINDING_MISSED_ESCALATION]);
	assert_true(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	assert_true(tagged(&res, 5, TAG_ESCALATION_REQUEST));
}

/* The same answer given again after the client complained failed both
 * times (two failures: the signal); the same figures given again to a new,
 * content question are an answer, not a failure. */
static void test_repeated_answer_after_complaint(void **state)
{
	static const char *const after_complaint[] = {
		"c:Добрый день, в счёте 787523 не тот ИНН", "b:Вот статьи, которые могут помочь: «Вход в аккаунт».",
		"c:неправильный счёт, что непонятного?", "b:Вот статьи, которые могут помочь: «Вход в аккаунт».",
		"b:Уточните, пожалуйста, номер заказа.", "b:Есть ли ещё вопросы?", "c:до свидания", NULL };
	static const char *const new_question[] = {
		"c:Good morning, what does Pro include?", "b:The Pro plan is $139 a month.",
		"c:We're a team of 60, what are the terms for companies",
		"b:For 60 users Pro fits: $139 a month for the team.", "X", NULL };
	(void)state;
	run(after_complaint);
	assert_true(res.has[FINDING_MISSED_ESCALATION]);
	assert_non_null(strstr(finding_of(&res, FINDING_MISSED_ESCALATION)->reason_en, "bot failed repeatedly"));
	assert_true(has_turn(finding_of(&res, FINDING_MISSED_ESCALATION), 2));
	assert_false(run(new_question)->has[FINDING_MISSED_ESCALATION]);
}

/* A product question the bot fails to answer stays open through the
 * client's complaints: the bot's first real answer answers it, though it
 * names a discount.  A new problem in between closes it. */
static void test_product_question_open_through_failures(void **state)
{
	static const char *const answered[] = {
		"c:Добрый день, интересует стоимость пакета Старт", "b:Хм, не уверен, что правильно вас понимаю.",
		"c:Уже полчаса не могу добиться ответа",
		"b:Для команд от 10 человек скидка 15%, для 50+ — индивидуальные условия.",
		"c:Спасибо, до свидания", NULL };
	static const char *const answered_en[] = {
		"c:How much is the Pro plan?", "b:Sorry, I did not understand.", "c:this is so frustrating",
		"b:Pro is $139 a month; teams of 10+ get 15% off.", "c:ok thanks", NULL };
	static const char *const new_problem[] = {
		"c:Сколько стоит тариф Бизнес?", "b:Не понял вас",
		"c:И ещё не проходит оплата картой, счёт 123456",
		"b:Кстати, годовой тариф сейчас со скидкой 20%! Оформить?", NULL };
	(void)state;
	run(answered);
	assert_false(tagged(&res, 4, TAG_CROSS_SELL_OFFER));
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
	run(answered_en);
	assert_false(tagged(&res, 4, TAG_CROSS_SELL_OFFER));
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
	run(new_problem);
	assert_true(tagged(&res, 4, TAG_CROSS_SELL_OFFER));
	assert_true(res.has[FINDING_PREMATURE_CROSS_SELL]);
}

/* What repeats without anyone failing: bot answers on one subject that
 * share most words, a question asked again and answered again, thanks
 * said twice, an offer made again; and time words or leaving for a
 * competitor, which are no second complaint. */
static void test_repeats_that_are_no_failure(void **state)
{
	static const char *const similar_answers[] = {
		"c:сколько стоит роутер", "b:Не понял вас. Выберите тему из меню.",
		"c:Есть ли у вас оптовые цены?",
		"b:Для команд от 10 человек скидка 15%, для 50+ — индивидуальные условия.",
		"c:А если нас 33 человек?", "b:Для команд от 10 человек действует скидка 15%.", NULL };
	static const char *const asked_again[] = {
		"c:Что входит в тариф Старт?", "b:Тариф «Старт» стоит 990 ₽ в месяц.",
		"c:А если нас 13 человек?", "b:Для команд от 10 человек действует скидка 15%.",
		"c:А если нас 13 человек?", "b:Для команд от 10 человек действует скидка 15%.",
		"c:А если нас 13 человек?", "b:Для команд от 10 человек действует скидка 15%.", NULL };
	static const char *const thanks_twice[] = {
		"c:Where is my order 659520? It was due yesterday", "b:Sorry, I did not understand.",
		"c:Again: my order hasn't arrived", "b:Found 659520: the courier brings it tomorrow morning.",
		"c:got it, thanks", "c:got it, thank you", NULL };
	static const char *const offer_again[] = {
		"c:принтер не работает, заказ 378059", "b:Не понял вас. Выберите тему из меню.",
		"c:повторяю: прислали брак", "b:Замена по 378059 оформлена.", "c:Получилось, спасибо",
		"b:Кстати, успейте оформить доп. хранилище со скидкой 10%!", "c:Не хочу",
		"b:Кстати, успейте оформить доп. хранилище со скидкой 10%!", NULL };
	static const char *const hours_and_leaving[] = {
		"c:What are your support hours?", "b:24/7.", "c:Is delivery within an hour?",
		"b:Sorry, I did not understand.", "c:this is useless", "b:Sorry, I did not understand.",
		NULL };
	static const char *const leaving[] = {
		"c:I can't log in to my account", "b:Here are some articles that may help: Account access.",
		"c:this is useless", "b:Please describe the problem in more detail.", "c:I'll go elsewhere", NULL };
	(void)state;
	assert_false(run(similar_answers)->has[FINDING_MISSED_ESCALATION]);
	assert_false(run(asked_again)->has[FINDING_MISSED_ESCALATION]);
	assert_false(tagged(&res, 7, TAG_ESCALATION_REQUEST));
	assert_false(run(thanks_twice)->has[FINDING_MISSED_ESCALATION]);
	assert_false(run(offer_again)->has[FINDING_MISSED_ESCALATION]);
	run(hours_and_leaving);
	assert_false(tagged(&res, 1, TAG_FRUSTRATION));
	assert_false(tagged(&res, 3, TAG_FRUSTRATION));
	assert_true(tagged(&res, 5, TAG_FRUSTRATION));
	assert_true(res.has[FINDING_MISSED_ESCALATION]);    /* two failures: a real signal */
	run(leaving);
	assert_false(tagged(&res, 5, TAG_FRUSTRATION));
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
}

/* A problem named outright outranks a how-to question in the same turn: a
 * plain answer does not settle "how do I get my money back ... I've
 * already sent it back", so an offer after it is premature.  Asking when
 * support works asks for no one; "skip the agent" and "мне ни к чему"
 * refuse one; a lost parcel asked about with a "?" is a problem. */
static void test_problem_outranks_how_to_and_other_third_phrasing_cues(void **state)
{
	static const char *const money_back[] = {
		"c:How do I get my money back for order 6286? I've already sent it back",
		"b:Let me check.", "b:By the way, the annual plan is 20% off right now! Want to upgrade?", NULL };
	static const char *const how_to[] = {
		"c:How do I change my password?", "b:Open Settings, then Security.",
		"b:By the way, the annual plan is 20% off right now! Want to upgrade?", NULL };
	static const char *const hours[] = { "c:В какие часы отвечает служба поддержки?", NULL };
	static const char *const skip[] = {
		"c:Skip the agent, please; a link to the instructions will do", NULL };
	static const char *const no_need[] = {
		"c:живой сотрудник мне ни к чему, хватит ссылки на инструкцию", NULL };
	static const char *const lost[] = {
		"c:посылка с заказом 2438 потерялась? срок доставки давно прошёл",
		"b:Хорошая новость: на тариф «Корпоративный» до конца недели скидка 10%. Переключаем?", NULL };
	(void)state;
	assert_true(run(money_back)->has[FINDING_PREMATURE_CROSS_SELL]);
	assert_false(run(how_to)->has[FINDING_PREMATURE_CROSS_SELL]);
	assert_false(tagged(run(hours), 1, TAG_ESCALATION_REQUEST));
	assert_false(tagged(run(skip), 1, TAG_ESCALATION_REQUEST));
	run(no_need);
	assert_false(tagged(&res, 1, TAG_ESCALATION_REQUEST));
	assert_false(tagged(&res, 1, TAG_FRUSTRATION));
	run(lost);
	assert_true(tagged(&res, 1, TAG_PROBLEM_STATED));
	assert_true(res.has[FINDING_PREMATURE_CROSS_SELL]);
}

/* An operator who says they read the history, or who cites the order
 * number, has the context, whatever else the turn asks; one who asks for
 * the story in other words has not.  "Give me my money back" is no
 * confirmation ("money's back" stems the same), and a restatement that
 * also thanks ("it's working again, thank you") restates nothing. */
static void test_history_seen_and_restatements_that_are_not(void **state)
{
	static const char *const seen[] = {
		"c:Не проходит оплата, счёт 4411", "c:Позовите оператора", "H",
		"o:Приветствую, меня зовут Ольга. Из истории чата вижу, в чём проблема, уже проверяю.", NULL };
	static const char *const cites[] = {
		"c:Where is my order 55123? It was due yesterday", "c:agent please", "H",
		"o:Hi, Tom here. What's the issue with order 55123? Checking now.", NULL };
	static const char *const asks[] = {
		"c:Где мой заказ 55123? Обещали вчера", "c:Позовите оператора", "H",
		"o:Здравствуйте. Что именно у вас не получается?", NULL };
	static const char *const money_back[] = {
		"c:Refund order 804584", "b:You can find the answer in our Delivery section.",
		"c:I said: give me my money back", NULL };
	static const char *const working_again[] = {
		"c:I can't log in", "b:Sorry, I did not understand.",
		"c:just checked and it's working again — thank you!", NULL };
	(void)state;
	assert_false(run(seen)->has[FINDING_CONTEXT_LOST]);
	assert_false(run(cites)->has[FINDING_CONTEXT_LOST]);
	assert_true(run(asks)->has[FINDING_CONTEXT_LOST]);
	assert_true(tagged(run(money_back), 3, TAG_ESCALATION_REQUEST));
	assert_false(tagged(run(working_again), 3, TAG_ESCALATION_REQUEST));
}

/* «Предлагаю пока разобраться вдвоём» proposes no purchase; a how-to
 * question about buying is a product question, not a problem; a payment
 * problem cited "по счёту" is no product question, and restating it does
 * not keep one open; a frustrated rhetorical question is no plain question
 * that the next offer would answer. */
static void test_proposals_purchases_and_rhetorical_questions(void **state)
{
	static const char *const together[] = {
		"c:Не проходит оплата, счёт 4411",
		"b:Ждать ответа консультанта сейчас около часа. Предлагаю пока разобраться вдвоём — что случилось?", NULL };
	static const char *const choose[] = { "c:Помогите выбрать тариф — какие вообще есть варианты?", NULL };
	static const char *const installments[] = { "c:Can I pay in installments?", NULL };
	static const char *const promo_after_restating[] = {
		"c:После ввода кода из SMS платёж по счёту 7953 отменяется", "b:Увы, на это у меня нет ответа.",
		"c:Попробую иначе: оплата не идёт",
		"b:Держите промокод на 15% — он действует на годовую подписку. Применить сразу?", NULL };
	static const char *const rhetorical[] = {
		"c:Invoice 690379 is still showing unpaid", "b:Sorry, that's not something I can help with.",
		"c:How many more times do I have to say it?!",
		"b:Quick suggestion: how about moving up to Pro? It's only $139 a month.", NULL };
	(void)state;
	assert_false(tagged(run(together), 2, TAG_CROSS_SELL_OFFER));
	assert_false(tagged(run(choose), 1, TAG_PROBLEM_STATED));
	assert_false(tagged(run(installments), 1, TAG_PROBLEM_STATED));
	assert_true(run(promo_after_restating)->has[FINDING_PREMATURE_CROSS_SELL]);
	assert_true(run(rhetorical)->has[FINDING_PREMATURE_CROSS_SELL]);
}

/* The fifth phrasing's lessons: refusals that come long after "не" or
 * after the person named; a price asked as "what are you charging"; an
 * issue that "has gone away"; the story asked again as "what's the
 * trouble". */
static void test_refusals_prices_and_asks_of_the_fifth_phrasing(void **state)
{
	static const char *const not_sent[] = {
		"c:Только не отправляйте меня к оператору, хочу решить всё в этом чате", NULL };
	static const char *const not_necessary[] = {
		"c:A human isn't necessary, honestly — just tell me which button to press", NULL };
	static const char *const no_queue[] = {
		"c:В очередь к специалистам меня ставить не надо, просто скажите, что нажать", NULL };
	static const char *const charging[] = {
		"c:Hey support, what are you charging for the phone these days?", "b:The phone costs $299, in stock.",
		"b:Psst — we've got SMS alerts on offer at 10% off until the end of the month. Want it?", NULL };
	static const char *const gone_away[] = {
		"c:I can't log in", "b:Account unlocked, please try again.",
		"c:Wonderful, the issue has gone away. Thank you",
		"b:Oh, and one more thing: our sale includes SMS alerts at 10% off. Want me to throw it in?", NULL };
	static const char *const trouble[] = {
		"c:Where is my order 55123? It was due yesterday", "c:agent please", "H",
		"o:Hello! What's the trouble?", NULL };
	(void)state;
	assert_false(tagged(run(not_sent), 1, TAG_ESCALATION_REQUEST));
	assert_false(tagged(run(not_necessary), 1, TAG_ESCALATION_REQUEST));
	assert_false(tagged(run(no_queue), 1, TAG_ESCALATION_REQUEST));
	run(charging);
	assert_false(tagged(&res, 1, TAG_PROBLEM_STATED));
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
	assert_false(run(gone_away)->has[FINDING_PREMATURE_CROSS_SELL]);
	assert_true(run(trouble)->has[FINDING_CONTEXT_LOST]);
}

/* The client's first turn restates nothing: "i've already sent it back"
 * tells what they did, and only the second restatement calls for a person. */
static void test_first_turn_restates_nothing(void **state)
{
	static const char *const lines[] = {
		"c:how do i get my money back for 670860? i've already sent it back",
		"b:I'm afraid I don't recognise that request.",
		"c:As I said: I need a refund",
		"b:Refund for order 670860 is done; the money will arrive in 3-5 days.",
		"c:Problem solved, thanks for your help", "X", NULL };
	(void)state;
	run(lines);
	assert_false(tagged(&res, 1, TAG_ESCALATION_REQUEST));
	assert_true(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
}

/* A second complaint or restatement that only comes with the client's
 * parting turn leaves nobody a turn to hand over in; a request for a person
 * there still counts, and so does the same complaint with a turn after it. */
static void test_parting_complaint_is_no_signal(void **state)
{
	static const char *const leaving[] = {
		"c:The registered and trading addresses are mixed up on invoice 201611",
		"b:Apologies, I can't quite work out what you're asking. Say it another way?",
		"c:As I said, the invoice is wrong",
		"b:Most questions like this are answered in Account access. Give it a read?",
		"c:still not fixed. as i said, i won't be ordering from you again", "X", NULL };
	static const char *const stays[] = {
		"c:The registered and trading addresses are mixed up on invoice 201611",
		"b:Apologies, I can't quite work out what you're asking. Say it another way?",
		"c:As I said, the invoice is wrong",
		"b:Most questions like this are answered in Account access. Give it a read?",
		"c:still not fixed. as i said, the invoice is wrong",
		"b:Most questions like this are answered in Account access. Give it a read?",
		"c:hello?", "X", NULL };
	static const char *const asks[] = {
		"c:The registered and trading addresses are mixed up on invoice 201611",
		"b:Most questions like this are answered in Account access. Give it a read?",
		"c:I want to talk to a human", "X", NULL };
	(void)state;
	assert_false(run(leaving)->has[FINDING_MISSED_ESCALATION]);
	assert_true(run(stays)->has[FINDING_MISSED_ESCALATION]);
	assert_true(run(asks)->has[FINDING_MISSED_ESCALATION]);
}

/* A request for a person is composed: a word for a person or staff in a
 * client turn, in a clause that asks for something, is one whatever the
 * words (neither turn holds a human-request cue); not when the clause says
 * no, nor when it asks for nothing (a greeting, a team's size). */
static void test_request_composed_of_person_and_ask(void **state)
{
	static const char *const en[] = {
		"c:Hi, invoice 5512 won't let me pay",
		"b:Sorry, I didn't get that. Could you rephrase?",
		"c:Could you bring in an actual staffer for this one?",
		"b:Let me try again: what happens when you pay?",
		"c:it just fails",
		"b:Please see our Payments help page.",
		"c:ok", "X", NULL };
	static const char *const ru[] = {
		"c:Здравствуйте, заказ 4411 так и не пришёл",
		"b:Не совсем понял вопрос. Переформулируйте?",
		"c:Дайте мне свободного специалиста",
		"b:Ответ на ваш вопрос есть в разделе «Доставка».",
		"c:ясно", "X", NULL };
	static const char *const not_asked[] = {
		"c:Hello, colleagues! Could you check order 4411, it never came",
		"b:The courier brings order 4411 tomorrow.",
		"c:We're buying for 40 colleagues. Could you send a quote?",
		"b:For 40 users Business fits: $69 a month.",
		"c:Please don't put me through to a staffer, just say when it comes",
		"b:Tomorrow, between 9 and 18.",
		"c:спасибо", "X", NULL };
	(void)state;
	run(en);
	assert_true(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	assert_true(res.has[FINDING_MISSED_ESCALATION]);
	run(ru);
	assert_true(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	assert_true(res.has[FINDING_MISSED_ESCALATION]);
	run(not_asked);
	assert_false(tagged(&res, 1, TAG_ESCALATION_REQUEST));
	assert_false(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	assert_false(tagged(&res, 5, TAG_ESCALATION_REQUEST));
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
}

/* A polite request asks for context as a '?' does ("Номер заказа,
 * пожалуйста"), and a proposing form put as a question beside a price is
 * an offer whatever is sold ("May I suggest Enterprise?  At $349 ..."). */
static void test_polite_asks_and_priced_proposals(void **state)
{
	static const char *const ask[] = {
		"c:Здравствуйте, заказ 4411 так и не пришёл",
		"b:Передаю вас оператору.", "H",
		"o:Номер заказа, пожалуйста: по нему я всё найду.",
		"c:4411", "o:Курьер привезёт его завтра.",
		"c:спасибо", "X", NULL };
	static const char *const offer[] = {
		"c:Hi, invoice 5512 won't let me pay",
		"b:May I suggest Enterprise? At $349 a month you'd get faster replies. Keen?",
		"c:no",
		"b:I've sent you a new payment link for 5512.",
		"c:that worked, thanks", "X", NULL };
	(void)state;
	run(ask);
	assert_true(res.has[FINDING_CONTEXT_LOST]);
	run(offer);
	assert_true(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
	assert_true(res.has[FINDING_PREMATURE_CROSS_SELL]);
}

/* The problem named again while it is still open, after the bot has had
 * its say, is said again whatever opener comes with it (none of these is a
 * cue); not so when it answers an offer; and told to an operator who asks
 * what happened, after the handoff, it is no signal. */
static void test_open_problem_named_again_is_restated(void **state)
{
	static const char *const twice[] = {
		"c:Здравствуйте, в заказе 4411 прислали брак, экран треснул",
		"b:Ответ на ваш вопрос есть в разделе «Доставка».",
		"c:Ладно, по пунктам: прислали брак",
		"b:Ответ на ваш вопрос есть в разделе «Оплата и счета».",
		"c:Ну вот, опять: товар сломан",
		"b:Ответ на ваш вопрос есть в разделе «Возврат».",
		"c:алло?", "X", NULL };
	static const char *const to_offer[] = {
		"c:Здравствуйте, в заказе 4411 прислали брак, экран треснул",
		"b:Кстати, хотите подключить расширенную гарантию со скидкой?",
		"c:Какая гарантия, товар сломан",
		"b:Кстати, хотите подключить расширенную гарантию со скидкой?",
		"c:Ладно, по пунктам: прислали брак",
		"b:Оформил обмен по заказу 4411, курьер заберёт товар завтра.",
		"c:спасибо, всё решилось", "X", NULL };
	static const char *const to_operator[] = {
		"c:Hi, the payment fails on invoice 5512",
		"b:Let me connect you with a colleague.", "H",
		"o:Hello, Anna here. What seems to be the problem?",
		"c:the payment fails on invoice 5512",
		"o:What exactly happens?",
		"c:the payment fails, the card is declined",
		"o:I've sent you a new payment link.",
		"c:that worked, thanks", "X", NULL };
	(void)state;
	run(twice);
	assert_true(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	assert_true(tagged(&res, 5, TAG_ESCALATION_REQUEST));
	assert_true(res.has[FINDING_MISSED_ESCALATION]);
	run(to_offer);
	assert_false(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
	run(to_operator);
	assert_false(tagged(&res, 5, TAG_ESCALATION_REQUEST));
	assert_false(tagged(&res, 7, TAG_ESCALATION_REQUEST));
}

/* A complaint that happens to hold a product word ("вход" as in "что
 * входит") asks about no product: an offer after it is a cross-sell. */
static void test_complaint_is_no_product_question(void **state)
{
	static const char *const lines[] = {
		"c:Не могу войти в личный кабинет, пишет «неверный пароль»", "b:Не понял вас",
		"c:вход не работает, что непонятного?",
		"b:Кстати, успейте оформить годовую подписку со скидкой 15%!",
		"c:Не хочу я никакой подписки", "b:Ответ на ваш вопрос есть в разделе «Оплата и счета».",
		"c:понятно. до свидания", NULL };
	(void)state;
	run(lines);
	assert_true(tagged(&res, 4, TAG_CROSS_SELL_OFFER));
	assert_true(res.has[FINDING_PREMATURE_CROSS_SELL]);
}

/* Cues met in the second phrasing: a bot pointing to its help pages offers
 * nothing; a client who does not want a specialist bothered asks for none;
 * waiting half an hour is a complaint, not a new problem; an operator who
 * needs the e-mail (hyphenated) or the story from the beginning asks for
 * the context again. */
static void test_help_pages_refusals_waiting_and_asking_again(void **state)
{
	static const char *const help_page[] = {
		"c:My order 12345 hasn't arrived", "b:Have a look at our knowledge base: Delivery.",
		"c:ok thanks", NULL };
	static const char *const not_bothered[] = {
		"c:Не проходит оплата, счёт 4411", "b:Не понял вас",
		"c:Специалиста не дёргайте, мне нужна только подсказка", "b:Не понял вас", NULL };
	static const char *const waiting[] = {
		"c:Уже полчаса не могу добиться ответа", NULL };
	static const char *const email_again[] = {
		"c:I can't log in to my account anna@example.com", "c:Get me a human being", "H",
		"o:Hi there, I'll need the e-mail on the account first.", "c:anna@example.com", NULL };
	static const char *const story_again[] = {
		"c:Где мой заказ 55123? Обещали вчера", "c:Позовите оператора", "H",
		"o:Приветствую! Расскажите с самого начала, что произошло?", NULL };
	(void)state;
	run(help_page);
	assert_false(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
	run(not_bothered);
	assert_false(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	run(waiting);
	assert_true(tagged(&res, 1, TAG_FRUSTRATION));
	assert_false(tagged(&res, 1, TAG_PROBLEM_STATED));
	run(email_again);
	assert_true(res.has[FINDING_CONTEXT_LOST]);
	run(story_again);
	assert_true(res.has[FINDING_CONTEXT_LOST]);
}

static void test_shouting_and_frustration(void **state)
{
	static const char *const shout[] = {
		"c:WHERE IS MY ORDER", "b:Please wait", "c:третий раз пишу!!!", "b:Ожидайте", NULL };
	static const char *const calm[] = {
		"c:Where is my order 12345?", "b:It arrives tomorrow", "c:Great, thanks!", NULL };
	(void)state;
	run(shout);
	assert_true(tagged(&res, 1, TAG_FRUSTRATION));
	assert_true(tagged(&res, 3, TAG_FRUSTRATION));
	assert_true(res.has[FINDING_MISSED_ESCALATION]);     /* frustrated twice, no person */
	run(calm);
	assert_false(tagged(&res, 1, TAG_FRUSTRATION));
	assert_false(tagged(&res, 3, TAG_FRUSTRATION));
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
}

/* ---- lost context ---- */

static void test_context_lost(void **state)
{
	static const char *const order_ru[] = {
		"c:Не проходит оплата, счёт № 4411", "c:Позовите оператора", "b:Соединяю", "H",
		"o:Здравствуйте! Какой номер заказа?", "c:Я же писал: 4411", NULL };
	static const char *const email_en[] = {
		"c:I can't log in, my e-mail is anna.k@example.com", "c:agent please", "H",
		"o:Hi! Could I have your e-mail address, please?", NULL };
	static const char *const new_ask[] = {
		"c:Payment fails", "c:agent please", "H", "o:Hi! What is your order number?", NULL };
	static const char *const read_history[] = {
		"c:Не проходит оплата, счёт № 4411", "c:Позовите оператора", "H",
		"o:Вижу счёт 4411, проверяю", NULL };
	const struct finding *f;
	(void)state;
	f = finding_of(run(order_ru), FINDING_CONTEXT_LOST);
	assert_true(f->n_turns > 0);
	assert_int_equal(f->n_turns, 2);
	assert_int_equal(f->turns[0], 1);
	assert_int_equal(f->turns[1], 4);
	assert_true(tagged(&res, 4, TAG_CONTEXT_LOST));
	assert_non_null(strstr(f->reason_ru, "номер заказа"));
	assert_non_null(strstr(f->reason_en, "turn 1"));
	f = finding_of(run(email_en), FINDING_CONTEXT_LOST);
	assert_true(f->n_turns > 0);
	assert_true(has_turn(f, 1) && has_turn(f, 3));
	assert_non_null(strstr(f->reason_en, "e-mail"));
	assert_false(run(new_ask)->has[FINDING_CONTEXT_LOST]);
	assert_false(run(read_history)->has[FINDING_CONTEXT_LOST]);
}

/* ---- the four example dialogues of the data contract ---- */

static void test_example_premature_then_honoured(void **state)
{
	static const char *const d[] = {
		"c:Здравствуйте, не проходит оплата картой, счёт № 4411",
		"b:Кстати, годовой тариф сейчас со скидкой 20%! Оформить?",
		"c:Мне не нужен тариф, позовите оператора", "H",
		"o:Вижу счёт 4411, платёж отклонён банком. Отправил новую ссылку на оплату.",
		"c:Прошло, спасибо!", NULL };
	const struct finding *f;
	(void)state;
	run(d);
	assert_true(res.has[FINDING_PREMATURE_CROSS_SELL]);
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
	assert_false(res.has[FINDING_CONTEXT_LOST]);
	assert_true(tagged(&res, 1, TAG_PROBLEM_STATED));
	assert_true(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
	assert_true(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	assert_true(tagged(&res, 5, TAG_PROBLEM_RESOLVED));
	f = finding_of(&res, FINDING_PREMATURE_CROSS_SELL);
	assert_true(has_turn(f, 1) && has_turn(f, 2) && has_turn(f, 5));
	assert_non_null(strstr(f->reason_ru, "(ход 2) до решения проблемы"));
	assert_non_null(strstr(f->reason_ru, "проблема решена в ходе 5"));
	assert_non_null(strstr(f->reason_en, "solved in turn 5"));
}

static void test_example_missed_escalation(void **state)
{
	static const char *const d[] = {
		"c:My invoice shows the wrong company name",
		"b:Sorry, I did not understand. Could you rephrase?",
		"c:The INVOICE has the wrong company name on it",
		"b:Sorry, I did not understand. Could you rephrase?",
		"c:Can I talk to a real person please?",
		"b:Here are some articles that may help: Billing FAQ.",
		"c:useless <script>alert(1)</script>", "X", NULL };
	const struct finding *f;
	(void)state;
	run(d);
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
	assert_true(res.has[FINDING_MISSED_ESCALATION]);
	assert_true(tagged(&res, 1, TAG_PROBLEM_STATED));
	assert_true(tagged(&res, 3, TAG_FRUSTRATION));
	assert_true(tagged(&res, 5, TAG_ESCALATION_REQUEST));
	assert_true(tagged(&res, 7, TAG_FRUSTRATION));
	f = finding_of(&res, FINDING_MISSED_ESCALATION);
	assert_true(has_turn(f, 5));
	assert_true(f->severity >= 0.9);
}

static void test_example_offer_after_solution(void **state)
{
	static const char *const d[] = {
		"c:Как добавить второго пользователя в аккаунт?",
		"b:Откройте Настройки → Команда → Пригласить и укажите e-mail коллеги.",
		"c:Получилось, спасибо",
		"b:Рад помочь! Если команда будет расти, посмотрите тариф «Бизнес» — в нём до 50 пользователей.",
		NULL };
	(void)state;
	run(d);
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
	assert_true(tagged(&res, 1, TAG_PROBLEM_STATED));
	assert_true(tagged(&res, 3, TAG_PROBLEM_RESOLVED));
	assert_true(tagged(&res, 4, TAG_CROSS_SELL_OFFER));
	assert_int_equal(res.problem_resolved_turn, 3);
}

static void test_example_anonymous_question(void **state)
{
	static const char *const d[] = { "c:Вы работаете в субботу?", "b:Да, с 10 до 16.", NULL };
	(void)state;
	run(d);
	assert_int_equal(res.n_findings, 0);
	assert_false(tagged(&res, 2, TAG_CROSS_SELL_OFFER));
}

/* ---- evidence text, names, rederiving ---- */

static void test_excerpt_is_short_and_utf8(void **state)
{
	static const char *const d[] = {
		"c:Здравствуйте, у меня не проходит оплата картой уже третий день подряд, пробовал разные карты и браузеры, ничего не помогает",
		"b:Кстати, годовой тариф сейчас со скидкой 20%!", NULL };
	const struct finding *f;
	size_t bad = 0;
	(void)state;
	f = finding_of(run(d), FINDING_PREMATURE_CROSS_SELL);
	assert_true(f->n_turns > 0);
	assert_non_null(strstr(f->reason_en, "…\""));
	assert_null(strstr(f->reason_en, "браузеры"));
	assert_true(utf8_valid(f->reason_ru, strlen(f->reason_ru), &bad));
	assert_true(utf8_valid(f->cue, strlen(f->cue), &bad));
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(finding_kind_name(FINDING_CONTEXT_LOST), "handoff-context-lost");
	assert_string_equal(turn_tag_name(TAG_ESCALATION_REQUEST), "escalation-request");
	assert_int_equal(turn_tag_from_name("problem-resolved"), TAG_PROBLEM_RESOLVED);
	assert_int_equal(turn_tag_from_name("nonsense"), -1);
	assert_null(detector_load("../fixtures/detect/bad"));
}

static void test_rederive_from_changed_tags(void **state)
{
	static const char *const lines[] = {
		"c:Payment fails on invoice 2741", "b:Here is a new link", "c:ok", NULL };
	struct dialogue d;
	(void)state;
	build(&d, lines);
	assert_int_equal(detector_run(det, scratch, &d, &res), 0);
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
	/* a classifier decides turn 3 asks for a person */
	ALLOC_GROW(res.tags, res.n_tags, res.alloc_tags);
	res.tags[res.n_tags].n = 3;
	res.tags[res.n_tags].tag = TAG_ESCALATION_REQUEST;
	snprintf(res.tags[res.n_tags].cue, sizeof(res.tags[0].cue), "classifier");
	res.n_tags++;
	assert_int_equal(detector_rederive(det, scratch, &d, &res), 0);
	assert_true(res.has[FINDING_MISSED_ESCALATION]);
	assert_true(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	dialogue_release(&d);
}

static void remove_tags(struct detect_result *r, int n, enum turn_tag t)
{
	size_t k = 0;
	for (size_t i = 0; i < r->n_tags; i++)
		if (r->tags[i].n != n || r->tags[i].tag != t)
			r->tags[k++] = r->tags[i];
	r->n_tags = k;
}

static void test_rederive_from_removed_tags(void **state)
{
	static const char *const shout[] = {
		"c:My invoice 88123 is WRONG!!!", "b:Would you like to upgrade to Premium?",
		"c:I want a human agent", "b:Let me check", "b:Still checking", "b:Anything else?", NULL };
	struct dialogue d;
	(void)state;
	build(&d, shout);
	assert_int_equal(detector_run(det, scratch, &d, &res), 0);
	assert_true(tagged(&res, 1, TAG_FRUSTRATION));
	assert_true(res.has[FINDING_MISSED_ESCALATION]);
	assert_true(res.has[FINDING_PREMATURE_CROSS_SELL]);
	/* without the request only the shouting is left: one signal, no finding */
	remove_tags(&res, 3, TAG_ESCALATION_REQUEST);
	assert_int_equal(detector_rederive(det, scratch, &d, &res), 0);
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
	assert_true(res.has[FINDING_PREMATURE_CROSS_SELL]);
	assert_true(tagged(&res, 1, TAG_FRUSTRATION));
	/* and without the offer nothing is premature */
	remove_tags(&res, 2, TAG_CROSS_SELL_OFFER);
	assert_int_equal(detector_rederive(det, scratch, &d, &res), 0);
	assert_false(res.has[FINDING_PREMATURE_CROSS_SELL]);
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
	dialogue_release(&d);
}

static void test_requests_asked_as_questions_or_indirectly(void **state)
{
	static const char *const asks[] = {
		"а можно с кем-то поговорить?", "is there anyone I can talk to?", "are you a bot?",
		"ты робот?", "есть живые люди?", "can a human help?", "what's the number for support?",
		"как связаться с поддержкой", "дайте телефон", "хочу позвонить", "can someone call me back?",
		"I need to talk to someone", "нужен кто-то, кто разбирается", "пусть мне перезвонят",
		"не хочу общаться с ботом", "I'm done with this bot", "I don't want to talk to a bot",
		"who can I talk to about this?", "дайте опеартора", "aegnt please", NULL };
	static const char *const plain[] = {
		"как оплатить картой?", "what is the price of the premium plan?",
		"перезвоните мне, пожалуйста: +7 912 345 67 89", "the form does not load", NULL };
	(void)state;
	for (size_t i = 0; asks[i]; i++) {
		char line[256];
		snprintf(line, sizeof(line), "c:%s", asks[i]);
		{
			const char *const dd[] = { "c:У меня не проходит оплата", "b:Попробуйте другую карту",
						   line, "b:Уточните, пожалуйста", NULL };
			if (!tagged(run(dd), 3, TAG_ESCALATION_REQUEST))
				fail_msg("not taken as a request for a person: '%s'", asks[i]);
		}
	}
	for (size_t i = 0; plain[i]; i++) {
		char line[256];
		snprintf(line, sizeof(line), "c:%s", plain[i]);
		{
			const char *const dd[] = { line, "b:Вот инструкция", NULL };
			if (tagged(run(dd), 1, TAG_ESCALATION_REQUEST))
				fail_msg("taken as a request for a person: '%s'", plain[i]);
		}
	}
}

/* ---- re-deriving with the tags unchanged changes nothing ---- */

static int same_finding(const struct finding *a, const struct finding *b)
{
	if (a->kind != b->kind || a->n_turns != b->n_turns || a->severity != b->severity ||
	    strcmp(a->cue, b->cue) || strcmp(a->reason_en, b->reason_en) ||
	    strcmp(a->reason_ru, b->reason_ru))
		return 0;
	for (int i = 0; i < a->n_turns; i++)
		if (a->turns[i] != b->turns[i])
			return 0;
	return 1;
}

/* detector_run, then detector_rederive with the same tags: 1 when the
 * findings and tags came out the same, else prints the difference. */
static int rederive_keeps(const struct dialogue *d, struct detect_result *before)
{
	int same;
	assert_int_equal(detector_run(det, scratch, d, &res), 0);
	detect_result_copy(before, &res);
	assert_int_equal(detector_rederive(det, scratch, d, &res), 0);
	same = res.n_findings == before->n_findings && res.n_tags == before->n_tags &&
	       !memcmp(res.has, before->has, sizeof(res.has));
	for (size_t i = 0; same && i < res.n_findings; i++)
		same = same_finding(&res.findings[i], &before->findings[i]);
	for (size_t i = 0; same && i < res.n_tags; i++)
		same = res.tags[i].n == before->tags[i].n && res.tags[i].tag == before->tags[i].tag;
	if (!same) {
		printf("dialogue %s: %zu findings before, %zu after re-deriving\n", d->id,
		       before->n_findings, res.n_findings);
		for (size_t i = 0; i < before->n_findings; i++)
			printf("  before %s %s\n", finding_kind_name(before->findings[i].kind), before->findings[i].cue);
		for (size_t i = 0; i < res.n_findings; i++)
			printf("  after  %s %s\n", finding_kind_name(res.findings[i].kind), res.findings[i].cue);
	}
	return same;
}

static size_t rederive_file(const char *path, struct detect_result *before, size_t *n)
{
	struct xml_input_opts o = { 0 };
	struct transcript_reader *r = transcript_reader_new(xml_input_open(path, &o));
	struct dialogue d;
	size_t differ = 0;
	int rc;
	assert_non_null(r);
	dialogue_init(&d);
	while ((rc = transcript_reader_next(r, &d)) != TR_END) {
		assert_int_not_equal(rc, TR_BROKEN);
		if (rc != TR_DIALOGUE)
			continue;
		(*n)++;
		differ += !rederive_keeps(&d, before);
	}
	dialogue_release(&d);
	transcript_reader_close(r);
	return differ;
}

static void test_rederive_same_tags_same_findings(void **state)
{
	static const char *const shouting[] = {
		"c:My invoice 88123 is WRONG", "b:Sorry, I did not understand",
		"c:THE INVOICE IS WRONG!!!", "b:Would you like to upgrade to Premium?",
		"c:useless, useless", "b:Please rephrase", NULL };
	static const char *const repeat[] = {
		"c:Не приходит код для входа в приложение", "b:Попробуйте ещё раз",
		"c:Не приходит код для входа в приложение, я же написал", "b:Уточните вопрос",
		"c:Повторяю: код для входа не приходит", "b:Кстати, годовой тариф со скидкой 20%", NULL };
	static const char *const answered[] = {
		"c:How much is the premium plan?", "b:The premium plan is $10 a month",
		"c:Thanks!", "b:Anything else?", "c:My order 55512 has not arrived",
		"b:Here is the tracking link", "c:ok", NULL };
	static const char *const handoff[] = {
		"c:Оплата не проходит, заказ 12345", "b:Не совсем понял вас",
		"c:позовите оператора", "H", "o:Здравствуйте! Назовите номер заказа?",
		"c:12345, я же писал", "o:Спасибо, всё исправили", "c:Спасибо, работает", NULL };
	static const char *const *const scripts[] = { shouting, repeat, answered, handoff };
	static const char *const files[] = {
		"../../corpora/sample/transcripts-02.xml",
		"../../corpora/sample/transcripts-01.xml.gz",
		"../../corpora/labeled/tune/transcripts-01.xml",
	};
	struct detect_result before = { 0 };
	size_t differ = 0, n = 0;
	(void)state;
	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		struct dialogue d;
		build(&d, scripts[i]);
		differ += !rederive_keeps(&d, &before);
		n++;
		dialogue_release(&d);
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		differ += rederive_file(files[i], &before, &n);
	detect_result_release(&before);
	if (differ)
		fail_msg("%zu of %zu dialogues changed on re-deriving with the same tags", differ, n);
	assert_true(n > 100);
}

/* ---- formats.md section 6, the rules as a quality owner reads them ---- */

/* A customer who asks for a person and then takes it back needs nobody. */
static void test_rule_withdrawn_request_needs_nobody(void **state)
{
	static const char *const en[] = {
		"c:my invoice for October is missing from the account page",
		"b:Invoices appear under Billing > Documents within two days of issue.",
		"c:can you put me through to someone from billing please",
		"b:Let me check whether there is a free specialist.",
		"c:oh wait, never mind, I found it under Documents",
		"b:Great! Anything else I can help with?",
		"c:no that's all",
		NULL };
	static const char *const ru[] = {
		"c:не приходит смс с кодом для входа",
		"b:Проверьте, пожалуйста, что номер в профиле указан верно.",
		"c:позовите оператора",
		"b:Сейчас посмотрю, кто свободен.",
		"c:а, всё, не надо, код пришёл",
		"b:Отлично!",
		NULL };
	(void)state;
	assert_false(run(en)->has[FINDING_MISSED_ESCALATION]);
	assert_false(run(ru)->has[FINDING_MISSED_ESCALATION]);
}

/* The bot solves it and the customer says so before a handoff was due:
 * the earlier request is moot. */
static void test_rule_confirmed_solution_ends_the_need(void **state)
{
	static const char *const en[] = {
		"c:the app keeps logging me out, I want to talk to a person",
		"b:Sorry about that. Please update the app to version 8.2, it fixes the session bug.",
		"c:updated, it works now, thanks!",
		"b:Glad it helped.",
		NULL };
	(void)state;
	assert_false(run(en)->has[FINDING_MISSED_ESCALATION]);
}

/* Narrowing a request after a useful answer is no repetition. */
static void test_rule_refinement_is_not_repetition(void **state)
{
	static const char *const en[] = {
		"c:I want to book a table for dinner",
		"b:Sure. Which area of town would you like?",
		"c:I want to book a table for dinner in the centre, Italian food, for four people",
		"b:There are 3 Italian places in the centre. Shall I book Da Mario for 7 pm?",
		"c:I want to book a table for dinner at Da Mario at 8 pm instead, not 7",
		"b:Done: Da Mario, 8 pm, four people.",
		NULL };
	(void)state;
	assert_false(run(en)->has[FINDING_MISSED_ESCALATION]);
}

/* A person answering from the first reply leaves no escalation to miss. */
static void test_rule_person_from_the_start(void **state)
{
	static const char *const en[] = {
		"c:I was charged twice for the same order, this is ridiculous",
		"o:Hello, this is Anna from support. I see two charges, let me check.",
		"c:I want a manager. This is the second time this happens!!!",
		"o:I understand. I have asked my supervisor to review it.",
		"c:still waiting, this is absurd",
		"o:The duplicate charge is refunded now.",
		NULL };
	(void)state;
	assert_false(run(en)->has[FINDING_MISSED_ESCALATION]);
}

/* A promotion in the greeting, before any problem, is not premature; the
 * same offer after the problem is stated is. */
static void test_rule_promotion_before_problem(void **state)
{
	static const char *const greeting[] = {
		"b:Hi! This week the Premium plan is 30% off. How can I help?",
		"c:my internet is not working since this morning",
		"b:Please restart the router and tell me if it happens again.",
		"c:restarted, works now thanks",
		NULL };
	static const char *const after[] = {
		"c:my internet is not working since this morning",
		"b:This week the Premium plan is 30% off, upgrade to Premium today!",
		"c:I just want my connection to work",
		NULL };
	(void)state;
	assert_false(run(greeting)->has[FINDING_PREMATURE_CROSS_SELL]);
	assert_true(run(after)->has[FINDING_PREMATURE_CROSS_SELL]);
}

/* An operator's offer counts like the bot's, right after a handoff too. */
static void test_rule_operator_offer_after_handoff(void **state)
{
	static const char *const en[] = {
		"c:my parcel is two weeks late",
		"b:I will pass you to a colleague.",
		"H",
		"o:While I look into it: our Plus membership gives free express delivery, would you like to join?",
		"c:I just want my parcel",
		NULL };
	const struct detect_result *r;
	(void)state;
	r = run(en);
	assert_true(r->has[FINDING_PREMATURE_CROSS_SELL]);
	assert_true(tagged(r, 3, TAG_CROSS_SELL_OFFER));
}

/* A cheaper plan offered as the fix for a wrong or too costly tariff is
 * the fix, not a cross-sell. */
static void test_rule_cheaper_plan_as_fix(void **state)
{
	static const char *const en[] = {
		"c:you charged me 60 euros this month, I only use a little data, it is too expensive",
		"b:I see you are on Max 50. The Basic plan at 15 euros a month covers your use; shall I switch you to the cheaper plan?",
		"c:yes please",
		"b:Done, Basic applies from today.",
		"c:great, thanks",
		NULL };
	static const char *const ru[] = {
		"c:с меня дважды списали абонентскую плату за ноябрь",
		"b:Вижу двойное списание. Вернём лишние 450 ₽ и дадим скидку 10% на декабрь в качестве компенсации.",
		"c:хорошо, спасибо",
		NULL };
	(void)state;
	assert_false(run(en)->has[FINDING_PREMATURE_CROSS_SELL]);
	assert_false(run(ru)->has[FINDING_PREMATURE_CROSS_SELL]);
}

/* Words for a person in another sense ask for nobody. */
static void test_trap_person_in_another_sense(void **state)
{
	static const char *const en[] = {
		"c:how do I send my payslip to human resources?",
		"b:Upload it under Profile > Documents and choose HR as the recipient.",
		"c:the upload failed, probably a human error on my side, let me retry",
		"b:Sure, take your time.",
		"c:done",
		NULL };
	static const char *const ru[] = {
		"c:какой мобильный оператор у вас лучше ловит за городом?",
		"b:За городом лучше всего покрытие у партнёрской сети, карта покрытия на сайте.",
		"c:понял",
		NULL };
	(void)state;
	assert_false(run(en)->has[FINDING_MISSED_ESCALATION]);
	assert_false(run(ru)->has[FINDING_MISSED_ESCALATION]);
}

/* A word derived from the stem of a word for a person is not that word:
 * "operate" shares the stem of "operator" and asks for nobody. */
static void test_trap_stem_of_a_person_word(void **state)
{
	static const char *const derived[] = {
		"c:does the parcel locker on Elm Street operate at night?",
		"b:Yes, it is open around the clock.",
		"c:and which courier operates the Sunday route?",
		"b:The Sunday route is run by our partner service.",
		NULL };
	static const char *const asked[] = {
		"c:can I speak to one of your operators please",
		"b:What is your question about?",
		NULL };
	(void)state;
	assert_false(tagged(run(derived), 1, TAG_ESCALATION_REQUEST));
	assert_false(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
	assert_true(tagged(run(asked), 1, TAG_ESCALATION_REQUEST));
}

/* A number before a word for people counts the party: a booking "for 2
 * persons" asks for no person, in either language. */
static void test_trap_party_size(void **state)
{
	static const char *const en[] = {
		"c:could you reserve a table for 4 person on Friday evening?",
		"b:Which time suits you?",
		"c:at seven, and can you make it for two people instead",
		"b:Booked for two at seven.",
		NULL };
	static const char *const ru[] = {
		"c:можно забронировать столик на 3 человека?",
		"b:На какое время?",
		NULL };
	static const char *const asked[] = {
		"c:could you let a person look at my booking?",
		"b:Let me check first.",
		NULL };
	(void)state;
	assert_false(tagged(run(en), 1, TAG_ESCALATION_REQUEST));
	assert_false(tagged(&res, 3, TAG_ESCALATION_REQUEST));
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
	assert_false(tagged(run(ru), 1, TAG_ESCALATION_REQUEST));
	assert_true(tagged(run(asked), 1, TAG_ESCALATION_REQUEST));
}

/* The phone number of a place or a thing is information the customer
 * wants; only the company's own support number asks for a person. */
static void test_trap_phone_number_of_a_place(void **state)
{
	static const char *const place[] = {
		"c:what's the phone number for the pharmacy on the corner?",
		"b:It is 555 0142.",
		"c:thanks",
		NULL };
	(void)state;
	assert_false(tagged(run(place), 1, TAG_ESCALATION_REQUEST));
	assert_false(res.has[FINDING_MISSED_ESCALATION]);
	assert_true(fires("what is your support phone?", CUE_HUMAN_REQUEST));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_category_ru_en),
		cmocka_unit_test(test_negated_requests_are_not_requests),
		cmocka_unit_test(test_declined_upgrade_is_not_resolution),
		cmocka_unit_test(test_composed_offers),
		cmocka_unit_test(test_product_alone_is_no_offer),
		cmocka_unit_test(test_product_the_client_asked_about),
		cmocka_unit_test(test_negated_proposal_is_no_offer),
		cmocka_unit_test(test_decline_and_ask_again_do_not_confirm),
		cmocka_unit_test(test_wider_confirmations_and_requests),
		cmocka_unit_test(test_problem_state),
		cmocka_unit_test(test_handoff_timing),
		cmocka_unit_test(test_bot_failure_repetition),
		cmocka_unit_test(test_repeated_answer_after_complaint),
		cmocka_unit_test(test_complaint_is_no_product_question),
		cmocka_unit_test(test_first_turn_restates_nothing),
		cmocka_unit_test(test_parting_complaint_is_no_signal),
		cmocka_unit_test(test_open_problem_named_again_is_restated),
		cmocka_unit_test(test_product_question_open_through_failures),
		cmocka_unit_test(test_repeats_that_are_no_failure),
		cmocka_unit_test(test_problem_outranks_how_to_and_other_third_phrasing_cues),
		cmocka_unit_test(test_history_seen_and_restatements_that_are_not),
		cmocka_unit_test(test_proposals_purchases_and_rhetorical_questions),
		cmocka_unit_test(test_refusals_prices_and_asks_of_the_fifth_phrasing),
		cmocka_unit_test(test_help_pages_refusals_waiting_and_asking_again),
		cmocka_unit_test(test_shouting_and_frustration),
		cmocka_unit_test(test_context_lost),
		cmocka_unit_test(test_example_premature_then_honoured),
		cmocka_unit_test(test_example_missed_escalation),
		cmocka_unit_test(test_example_offer_after_solution),
		cmocka_unit_test(test_example_anonymous_question),
		cmocka_unit_test(test_excerpt_is_short_and_utf8),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_rederive_from_changed_tags),
		cmocka_unit_test(test_rederive_same_tags_same_findings),
		cmocka_unit_test(test_rederive_from_removed_tags),
		cmocka_unit_test(test_requests_asked_as_questions_or_indirectly),
		cmocka_unit_test(test_request_composed_of_person_and_ask),
		cmocka_unit_test(test_polite_asks_and_priced_proposals),
		cmocka_unit_test(test_rule_withdrawn_request_needs_nobody),
		cmocka_unit_test(test_rule_confirmed_solution_ends_the_need),
		cmocka_unit_test(test_rule_refinement_is_not_repetition),
		cmocka_unit_test(test_rule_person_from_the_start),
		cmocka_unit_test(test_rule_promotion_before_problem),
		cmocka_unit_test(test_rule_operator_offer_after_handoff),
		cmocka_unit_test(test_rule_cheaper_plan_as_fix),
		cmocka_unit_test(test_trap_person_in_another_sense),
		cmocka_unit_test(test_trap_stem_of_a_person_word),
		cmocka_unit_test(test_trap_party_size),
		cmocka_unit_test(test_trap_phone_number_of_a_place),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	detect_result_release(&res);
	return rc;
}
