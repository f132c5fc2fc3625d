/* gen_corpus — writes a synthetic, seeded night of leadqa inputs: dialogue
 * transcripts (formats.md section 1), CRM deal histories (section 2) and
 * trainer labels (section 5), with the ground truth known by construction.
 *
 * Same arguments give the same bytes: every random choice comes from a
 * splitmix64 stream derived from --seed and the dialogue's index, never from
 * the clock.  Output is written as it is made, so memory stays flat however
 * many dialogues are asked for.
 *
 * The dialogues are composed from phases (problem, failures, offer, request,
 * handoff, resolution, lead signals), each phrase drawn from paraphrase
 * templates "[a|b]" with slots "{order}".  --phrasing N picks one of eight
 * sets of templates: 0, the default; 1, the held-out set (--heldout), partly
 * disjoint from the default; 2, the fresh set, written apart from both and
 * without looking at what the detectors know; 3, the fourth set, written
 * apart from sets 0, 1 and 2, again without sight of the detectors or their
 * lexicons; 4, the fifth set, written apart from sets 0 to 3 and likewise
 * without sight of the detectors, their lexicons or the labeled corpora;
 * 5, the sixth set, written apart from sets 0 to 4 under the same rule
 * (no sight of the detectors, their lexicons, their documentation or the
 * labeled corpora), so that detectors tuned on sets 0 to 4 can be measured
 * honestly on phrasing nobody tuned them for; 6, the seventh set, written
 * apart from sets 0 to 5 under that rule again, the held-out phrasing for
 * detectors tuned on sets 0 to 5; 7, the eighth set, written apart from
 * sets 0 to 6 under the same rule, the held-out phrasing for detectors
 * tuned on sets 0 to 6.  A situation with no templates in sets 1 to 7 falls
 * back to set 0. */
#include "compat.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

/* ------------------------------------------------------------------ random */

struct rng { uint64_t s; };

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t mix3(uint64_t a, uint64_t b, uint64_t c)
{
	struct rng r = { a ^ (b * 0xd6e8feb86659fd93ULL) ^ (c * 0xa0761d6478bd642fULL) };
	rng_next(&r);
	return rng_next(&r);
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static unsigned rng_below(struct rng *r, unsigned n)
{
	return n ? (unsigned)(((rng_next(r) >> 32) * (uint64_t)n) >> 32) : 0;
}

static int rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (unsigned)(hi - lo + 1));
}

static int chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

/* ------------------------------------------------------------------ output */

/* One output file, plain or gzip; the first failed write is remembered. */
struct sink {
	char *path;
	FILE *f;
	gzFile gz;
	int failed;
};

static int sink_open(struct sink *s, const char *path, int gzip)
{
	memset(s, 0, sizeof(*s));
	s->path = xstrdup(path);
	if (gzip) {
		s->gz = gzopen(path, "wb3");
		if (s->gz)
			gzbuffer(s->gz, 1 << 17);
	} else {
		s->f = fopen(path, "wb");
	}
	if (!s->f && !s->gz)
		return error("cannot create '%s': %s", path, strerror(errno));
	return 0;
}

static void sink_write(struct sink *s, const char *data, size_t n)
{
	if (s->failed || !n)
		return;
	if (s->gz) {
		if (gzwrite(s->gz, data, (unsigned)n) != (int)n)
			s->failed = 1;
	} else if (fwrite(data, 1, n, s->f) != n) {
		s->failed = 1;
	}
}

static void sink_sb(struct sink *s, struct strbuf *sb)
{
	sink_write(s, sb->buf, sb->len);
	strbuf_reset(sb);
}

static int sink_close(struct sink *s)
{
	int ret = 0;
	if (s->gz && gzclose(s->gz) != Z_OK)
		s->failed = 1;
	if (s->f && fclose(s->f))
		s->failed = 1;
	if (s->failed && s->path)
		ret = error("cannot write '%s'", s->path);
	free(s->path);
	memset(s, 0, sizeof(*s));
	return ret;
}

static void xml_escape(struct strbuf *sb, const char *s, int attr)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"':
			if (attr) {
				strbuf_adds(sb, "&quot;");
				break;
			}
			/* fall through */
		default: strbuf_addch(sb, *s);
		}
	}
}

static void csv_field(struct strbuf *sb, const char *s, char delim, int force_quote)
{
	int quote = force_quote || strchr(s, delim) || strchr(s, '"') ||
		    strchr(s, '\n') || strchr(s, '\r');
	if (!quote) {
		strbuf_adds(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}

/* ------------------------------------------------------------------ time */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *yy, int *mm, int *dd)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	*yy = (int)(y + (m <= 2));
	*mm = (int)m;
	*dd = (int)d;
}

/* ISO 8601 in the given offset (minutes east of UTC; 0 is written as Z). */
static void add_time(struct strbuf *sb, int64_t t, int tz_min)
{
	int64_t local = t + (int64_t)tz_min * 60;
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t secs = local - days * 86400;
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	strbuf_addf(sb, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d,
		    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	if (!tz_min)
		strbuf_addch(sb, 'Z');
	else
		strbuf_addf(sb, "%c%02d:%02d", tz_min < 0 ? '-' : '+',
			    abs(tz_min) / 60, abs(tz_min) % 60);
}

static int parse_date(const char *s, int64_t *out)
{
	int y, m, d;
	char extra;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*out = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
	return 0;
}

/* ------------------------------------------------------------------ phrases */

enum lang { RU, EN };
/* Phrasing sets (--phrasing N), named in the truth CSV's `set` column. */
enum { SET_DEFAULT, SET_HELDOUT, SET_FRESH, SET_FOURTH, SET_FIFTH, SET_SIXTH, SET_SEVENTH, SET_EIGHTH, N_SETS };
static const char *const SET_NAME[N_SETS] = {
	"default", "heldout", "fresh", "fourth", "fifth", "sixth", "seventh", "eighth"
};

struct list { const char *const *v; size_t n; };
#define L(...) { (const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *) }

/* What a phrase is for; each has Russian and English templates in each
 * phrasing set: default, held-out, fresh, fourth, fifth, sixth, seventh and
 * eighth.  An empty list in sets 1 to 7 falls back to the default one. */
enum sit {
	S_GREET_CLIENT, S_GREET_BOT, S_OFFER, S_PRODUCT_Q, S_PRODUCT_A,
	S_MORE_Q, S_MORE_A, S_ESC_REQ, S_ESC_NEG, S_DECLINE, S_BOT_FAIL,
	S_CANNED, S_FRUST, S_ANNOUNCE, S_DEFLECT, S_RESOLVED, S_UNRESOLVED,
	S_OP_CONTEXT, S_OP_ASK_ORDER, S_OP_ASK_EMAIL, S_OP_ASK_WHAT,
	S_REANSWER_ORDER, S_REANSWER_EMAIL, S_REANSWER_WHAT, S_PRICE_LIST_Q,
	S_PRICE_LIST_A, S_CALL_Q, S_CALL_A, S_SMALL_Q, S_SMALL_A, S_BYE,
	S_BOT_BYE, S_REPHRASE, S_OFFER_INTEREST, S_OFFER_DETAILS, S_WAIT,
	S_OP_PROMISE, S_SALES_Q, S_SALES_A, S_OP_ASK_NEW, S_GIVE_PHONE,
	S_COUNT
};

static const struct list PH[S_COUNT][2][N_SETS] = {
[S_GREET_CLIENT] = {
	[RU] = { L("Здравствуйте", "Добрый день", "Привет", "Здравствуйте!", "Добрый вечер", "Алло",
		   "Доброе утро"),
		 L("Приветствую", "День добрый", "Хай", "Здрасьте"),
		 L("Доброго времени суток", "Доброго дня", "Вечер добрый", "Хелло", "Здравствуйте, поддержка",
		   "Салют"),
		 L("Всем привет", "Доброй ночи", "Добрый", "Уважаемая поддержка", "Приветик"),
		 L("Добрейшего дня", "Приветствую вас", "Здравствуйте, магазин", "Здорово",
		   "Добрый день, коллеги"),
		 L("Доброго вечера", "Привет-привет", "Приветствую, команда", "Доброго утречка",
		   "Добрый день всем"),
		 L("Добрый денёк",
		   "Утро доброе",
		   "Привет, ребята",
		   "Здравствуйте, уважаемые",
		   "Хэй",
		   "Здравствуй, поддержка"),
		 L("Приветули",
		   "Здравствуйте, добрые люди",
		   "Доброе утро всем",
		   "Алло, поддержка",
		   "Приветствую, друзья",
		   "Хай всем") },
	[EN] = { L("Hi", "Hello", "Good morning", "hey", "Hello there", "Hi!"),
		 L("Greetings", "Howdy", "Good afternoon", "yo"),
		 L("Hiya", "Hey folks", "Good evening", "Hi team", "Morning", "Hello, support"),
		 L("Hi all", "Afternoon", "Evening all", "Hey, hope you can help", "Dear support team",
		   "Good day"),
		 L("Hi guys", "Hello hello", "Hey support", "Hi, good afternoon", "Heya"),
		 L("Hey there", "Hi everyone", "Hello, customer services", "Morning all", "Hi folks",
		   "Good evening, team"),
		 L("G'day",
		   "Hey, hi",
		   "Hi, hope you're well",
		   "Morning, support crew",
		   "Hullo",
		   "Hello to whoever's reading"),
		 L("Hey all",
		   "Good morning to you",
		   "Hello, anyone about",
		   "Hi, helpdesk",
		   "Evening, folks",
		   "Yo, support") } },
[S_GREET_BOT] = {
	[RU] = { L("Здравствуйте! Я виртуальный помощник. Чем могу помочь?",
		   "Добрый день! Я бот поддержки, [задайте вопрос|спрашивайте]."),
		 L("Привет! Это автоматический ассистент магазина. Что вас интересует?"),
		 L("Добро пожаловать! Я чат-бот магазина и отвечу на ваши вопросы.",
		   "Здравствуйте! На связи автоматический помощник. Напишите, [что вас интересует|с чем нужна помощь].",
		   "Приветствую! Я робот-консультант, отвечаю круглосуточно. Какой у вас вопрос?",
		   "Здравствуйте! Вас приветствует бот-помощник. Чем могу быть полезен?"),
		 L("Здравствуйте! С вами автоматический консультант службы заботы о клиентах. Расскажите, что случилось.",
		   "Привет! Я электронный помощник и отвечаю на типовые вопросы. Что нужно?",
		   "Добрый день! Вы написали в поддержку, пока с вами общается бот. Слушаю вас.",
		   "Здравствуйте! Я умный ассистент. Опишите вопрос в паре слов — постараюсь помочь."),
		 L("Здравствуйте! Это чат-помощник нашего сервиса — подскажу по заказам, оплате и доставке.",
		   "Привет! Я бот-навигатор по вопросам магазина. О чём хотите спросить?",
		   "Рады видеть вас в чате! Я программа-помощник и отвечаю мгновенно. Что вас привело?",
		   "Добрый день! Бот-навигатор готов помочь: напишите ваш вопрос одним сообщением."),
		 L("Здравствуйте! Вас встречает бот-справочник магазина. Напишите, что нужно, — подскажу.",
		   "Привет! Я бот, разбираюсь в заказах, оплате и возвратах. С чего начнём?",
		   "Добрый день! Пишет робот поддержки. Сформулируйте вопрос — отвечу за пару секунд.",
		   "Здравствуйте! Я бот-справочник, работаю без выходных. Что подсказать?"),
		 L("Здравствуйте! Я бот-подсказчик: помогаю с заказами, доставкой и оплатой. О чём рассказать?",
		   "Привет! Бот-подсказчик к вашим услугам. Напишите, что произошло, а я поищу ответ.",
		   "Рад приветствовать! С вами общается автоматическая программа магазина. Чем помочь?",
		   "Здравствуйте! Это бот-подсказчик. Я не человек, но на многие вопросы отвечу сам. Жду ваш вопрос."),
		 L("Здравствуйте! На связи бот-диспетчер магазина. Расскажите, с каким вопросом пришли, — попробую разобраться.",
		   "Привет! Это бот-диспетчер: отвечаю сразу, днём и ночью. Что у вас?",
		   "Добрый день! Вы в чате поддержки, сейчас вам отвечает автомат. Напишите, что случилось.",
		   "Рады вас видеть! Я бот-диспетчер, помогу с заказом, оплатой или возвратом. Слушаю.") },
	[EN] = { L("Hi! I'm the virtual assistant. How can I help?",
		   "Hello! I'm the support bot, [ask me anything|what can I do for you]?"),
		 L("Hey there, automated assistant here. What brings you in today?"),
		 L("Welcome! I'm the shop's chatbot and I'll try to answer your questions.",
		   "Hi there! You're chatting with our automated helper. [What would you like to know?|What do you need help with?]",
		   "Hello! I'm a digital assistant, available 24/7. What's your question?",
		   "Good day! This is the automated help desk. How may I assist?"),
		 L("Hi, I'm the store's automated assistant. Tell me what's up and I'll try to help.",
		   "Hello and thanks for reaching out! You're talking to a bot for now. What's the issue?",
		   "Hey! Virtual agent here — describe your question in a few words.",
		   "Thanks for getting in touch. I'm an AI helper; how can I be of service?"),
		 L("Hi! I'm the shop's digital concierge. Ask me about orders, payments or deliveries.",
		   "Welcome to the support chat! I'm a chatbot and I reply instantly. What can I look up for you?",
		   "Hello! Bot here, ready when you are. What do you need a hand with?",
		   "Hi there, digital concierge at your service. What's your question?"),
		 L("Hi! You've reached the store's helpbot. Type your question and I'll do my best.",
		   "Hello! I'm an automated agent — I know about orders, refunds and payments. Where shall we start?",
		   "Hey! Helpbot here, awake around the clock. What can I find out for you?",
		   "Good to see you! I'm the shop's robot assistant. What do you need today?"),
		 L("Hi! I'm the self-service assistant for this store. Ask away and I'll answer if I can.",
		   "Hello, self-service assistant here — I can look into orders, payments and returns. What's on your mind?",
		   "Welcome in! This is an automated chat, so replies are instant. How can I be useful?",
		   "Hi there! You're talking to the self-service assistant. Type your question below."),
		 L("Hi! You're chatting with the shop's answer bot. What brings you here?",
		   "Hello, answer bot here — I handle orders, deliveries and refunds. Go ahead and type your question.",
		   "Hey there! I'm a bot, not a person, but I reply in seconds. What's up?",
		   "Good day! The answer bot is listening — what do you need?") } },
[S_OFFER] = {
	[RU] = { L("Кстати, [годовой тариф|тариф «{tariff}»] сейчас со скидкой {pct}%! [Оформить?|Подключить?|]",
		   "Кстати, хотите подключить {addon}? [Первый месяц бесплатно.|Сейчас действует акция.]",
		   "Рекомендуем перейти на тариф «{tariff}» — [там больше возможностей|это выгоднее]. [Оформить?|Перейти?]",
		   "[Кстати|Кстати говоря], для вас есть [скидка|спецпредложение] на {addon}. [Подключить?|Оформим?]",
		   "Предлагаем оформить {addon} всего за {price} ₽!",
		   "[А ещё|Кстати,] у нас [акция|спецпредложение]: {addon} за полцены[!|.]",
		   "Кстати, успейте [купить|оформить] {addon} со скидкой {pct}%!"),
		 L("Пользуясь случаем, предложу {addon} — [подключим прямо сейчас|можно добавить в один клик].",
		   "Только сегодня: пакет «{tariff}» дешевле на {pct}%. Интересно?",
		   "Многие клиенты в вашей ситуации берут {addon}. Добавить к заказу?",
		   "Между делом: для вас [персональная цена|выгодное условие] на пакет «{tariff}». Показать?"),
		 L("Не хотите заодно [оформить|подключить] {addon}? Первые 30 дней — бесплатно.",
		   "Хорошая новость: на тариф «{tariff}» до конца недели скидка {pct}%. [Перевести вас на него?|Переключаем?]",
		   "Советую присмотреться к тарифу «{tariff}»: {price} ₽ в месяц и [гораздо больше возможностей|лимиты в разы выше]. Перейдёте?",
		   "Могу прямо сейчас добавить вам {addon} со скидкой {pct}% — [оформляем?|согласны?]",
		   "А вы знали, что {addon} можно две недели использовать бесплатно? Активировать для вас?",
		   "Вам доступно предложение: берёте {addon} за {price} ₽ и получаете месяц в подарок. Интересно?"),
		 L("Обратите внимание: при переходе на тариф «{tariff}» сейчас скидка {pct}%. Переходим?",
		   "Пока вы здесь — не желаете расширить пакет до «{tariff}»? [Выйдет всего {price} ₽ в месяц.|Лимитов станет заметно больше.]",
		   "Держите промокод на {pct}% — он действует на {addon}. Применить сразу?",
		   "Давайте я оформлю вам {addon}? [Это недорого, а пользы много.|Это всего {price} ₽.]",
		   "Только для вас — возможность докупить {addon} с выгодой {pct}%. Добавляем?",
		   "Раз уж вы на связи, расскажу о тарифе «{tariff}»: сейчас он на {pct}% дешевле. Переключить вас?"),
		 L("К слову, многие с вашим тарифом переходят на «{tariff}» — сейчас это на {pct}% выгоднее обычного. Попробуете?",
		   "У нас как раз распродажа: {addon} отдаём со скидкой {pct}%. Добавить вам?",
		   "Подключу вам {addon} на пробу — не понравится, отключите в любой момент. [Включаем?|Попробуете?]",
		   "Есть вариант поинтереснее: тариф «{tariff}» за {price} ₽ в месяц, [места и функций там заметно больше|он окупается за пару месяцев]. Оформим переход?",
		   "И ещё момент: на этой неделе можно взять {addon} на {pct}% дешевле. Оформляю?",
		   "Могу также порекомендовать {addon} [за {price} ₽|— с этим вам будет спокойнее]. Оформить?",
		   "Хотите апгрейд до «{tariff}»? Для вас бонус — минус {pct}% на первые три месяца."),
		 L("Есть предложение, от которого сложно отказаться: подключить {addon} со скидкой {pct}%. [Включаем?|Добавить вам?]",
		   "Не думали сменить тариф на «{tariff}»? Это {price} ₽ в месяц, [а хранилища там в разы больше|зато с приоритетной поддержкой].",
		   "Для постоянных клиентов есть бонус: можно приобрести {addon} на {pct}% дешевле. Воспользуетесь?",
		   "Чтобы подобное не повторялось, многие выбирают {addon} — сегодня со скидкой {pct}%. Оформить для вас?",
		   "Предложу выгодный вариант: если оплатить тариф «{tariff}» на год вперёд, экономия составит {pct}%. Рассчитать для вас?",
		   "Специально для вас цена на тариф «{tariff}» — {price} ₽ в месяц. Что скажете?"),
		 L("Между прочим, к вашему аккаунту можно добавить {addon} — сегодня на {pct}% дешевле. Берёте?",
		   "Могу предложить переход на тариф «{tariff}» — за {price} ₽ в месяц вы получите [приоритет в очереди поддержки|вдвое больше пользователей]. Хотите попробовать?",
		   "Для вас открыта акция — можно взять {addon} со скидкой {pct}% до конца месяца. Записать вас?",
		   "Рекомендую обратить внимание на {addon} — всего {price} ₽, а [забот станет меньше|пригодится уже завтра]. Заказать?",
		   "Сейчас самое время обновиться до тарифа «{tariff}»: скидка {pct}% на первый год. Переоформим?",
		   "А хотите, добавлю {addon}? Сейчас это на {pct}% дешевле обычного."),
		 L("Кстати о выгоде: на {addon} сейчас снижена цена — минус {pct}%. Подключаем?",
		   "Советую подумать о тарифе «{tariff}»: [места в нём втрое больше|поддержка там отвечает в первую очередь], а стоит он {price} ₽ в месяц. Перевести вас?",
		   "У нас сейчас проходит акция на {addon} — минус {pct}%. Хотите, оформлю?",
		   "Могу переключить вас на «{tariff}» с выгодой {pct}% на полгода. Подойдёт?",
		   "Кстати, {addon} можно взять всего за {price} ₽ — многим это экономит нервы. Добавляем к аккаунту?",
		   "Ещё одно: тем, кто переходит на «{tariff}» в этом месяце, дарим {pct}% скидки. Интересует?") },
	[EN] = { L("By the way, the [annual plan|{tariff} plan] is {pct}% off right now! [Want to upgrade?|Shall I switch you?|]",
		   "Would you like to add {addon}? [First month is free.|It's on sale today.]",
		   "[We recommend|Why not try] upgrading to {tariff} — [you get more features|it's better value].",
		   "Special offer: {addon} at half price[!|.]",
		   "By the way, there's a [discount|special deal] on {addon} for you. [Add it?|Interested?]",
		   "We can offer you {addon} for just ${price_en}!",
		   "By the way, grab {addon} with {pct}% off today!"),
		 L("While I have you: {addon} is available for your account — shall I add it?",
		   "Today only, {tariff} costs {pct}% less. Interested?",
		   "Many customers in your situation also get {addon}. Add it to your order?",
		   "Quick heads-up: there's a personal deal on the {tariff} package for you. Want to see it?"),
		 L("While we're at it, you might like {addon} — it's {pct}% off this week. Shall I add it?",
		   "Good news: you qualify for {pct}% off the {tariff} plan. [Want me to move you over?|Fancy it?]",
		   "Have you considered {addon}? You can try it free for 30 days.",
		   "I'd suggest the {tariff} plan — ${price_en} a month with [far more features|much higher limits]. Upgrade now?",
		   "I can switch on {addon} for you right now at {pct}% off — [sound good?|want it?]",
		   "Exclusive for you: {addon} for only ${price_en}. Shall I set it up?"),
		 L("Just so you know, you can get {addon} for {pct}% less this month — want me to add it on?",
		   "Quick suggestion: how about moving up to {tariff}? It's only ${price_en} a month [and comes with more seats|and the limits are much higher].",
		   "You're eligible for a promo code — {pct}% off {addon}. Apply it now?",
		   "How about giving {tariff} a go? Your first month would be {pct}% off, cancel anytime.",
		   "Let me pop {addon} onto your account for ${price_en} — shall I go ahead?",
		   "Limited-time deal: {addon} at {pct}% off until Sunday. Shall I sign you up?"),
		 L("Oh, and one more thing: our sale includes {addon} at {pct}% off. Want me to throw it in?",
		   "Also worth a look: the {tariff} plan, ${price_en} a month with [twice the storage|priority handling]. Want to switch?",
		   "Customers on your plan often move up to {tariff}, and it's {pct}% cheaper this month. Want to make the jump?",
		   "I could add {addon} to your account on a free trial — cancel whenever you like. [Go for it?|Want to try it?]",
		   "Psst — we've got {addon} on offer at {pct}% off until the end of the month. Want it on your account?",
		   "Might I recommend {addon}? Just ${price_en}, and [it's real peace of mind|it soon pays for itself].",
		   "Fancy an upgrade? Move to {tariff} now and we'll knock {pct}% off your first three months."),
		 L("Here's one you might like: existing customers get {pct}% off {addon} this week. Want in?",
		   "Ever thought about switching to {tariff}? It's ${price_en} a month and [you'd never hit a storage limit again|support answers you first]. Shall we do it?",
		   "To stop this happening again, lots of people go for {addon} — and there's {pct}% off today. Add it for you?",
		   "Loyalty perk for you: pay for {tariff} a year upfront and save {pct}%. Shall I work out the price?",
		   "We're running a promotion right now — {addon} for ${price_en} instead of the usual price. Interested in picking it up?",
		   "If you're open to it, I can bump you up to {tariff} at {pct}% off. What do you say?"),
		 L("Incidentally, {addon} is {pct}% cheaper for you this week. Shall I include it?",
		   "May I suggest {tariff}? At ${price_en} a month you'd get [double the users|faster support replies]. Keen to switch?",
		   "There's a deal running at the moment: {addon} with {pct}% off the usual price. Ready to give it a try?",
		   "For ${price_en} you could add {addon} today — a good fit for your account. Would you like it?",
		   "You're in line for an upgrade to {tariff} at {pct}% below the normal rate. Should we move you up?",
		   "How would you feel about adding {addon}? It's only ${price_en}, and [it's popular with customers like you|it's well worth having]."),
		 L("Oh, while I'm here: {addon} is marked down {pct}% at the moment. Want me to switch it on?",
		   "Worth considering the {tariff} plan — [three times the storage|first place in the support queue] for ${price_en} a month. Shall I transfer your account to it?",
		   "We've got a promotion on {addon} right now: {pct}% off. Should I set that up for you?",
		   "I could put you on {tariff} with {pct}% off for the next six months. Does that appeal?",
		   "It's only ${price_en} to get {addon}, and it saves a lot of hassle. Interested in adding it?",
		   "One more thing: anyone upgrading to {tariff} this month gets {pct}% off. Tempted?") } },
[S_PRODUCT_Q] = {
	[RU] = { L("Сколько стоит тариф «{tariff}»?~0", "[А что входит|Что входит] в тариф {tariff}?~0",
		   "[Подскажите|Скажите], пожалуйста, цены на {product}~1", "Какие у вас тарифы?~2",
		   "Есть ли у вас [скидки для бизнеса|оптовые цены]?~3", "сколько стоит {product}?~1"),
		 L("Интересует стоимость пакета {tariff}~0", "Хочу понять, чем {tariff} отличается от Старт~2",
		   "Почём у вас {product}?~1", "Во что обойдётся {tariff} на год?~0"),
		 L("Какая абонентская плата на тарифе «{tariff}»?~0", "Какие возможности даёт тариф «{tariff}»?~0",
		   "Хочу узнать цену, интересует {product}~1", "{product} сейчас есть в наличии? И по какой цене?~1",
		   "Чем ваши тарифы отличаются друг от друга?~2", "Можно сравнение всех тарифных планов?~2",
		   "Бывают ли у вас корпоративные скидки?~3"),
		 L("Какой ценник у тарифа «{tariff}»?~0",
		   "Что я получу, если перейду на «{tariff}»? Какие там лимиты?~0",
		   "В какую сумму встанет {product} с доставкой?~1",
		   "Помогите выбрать тариф — какие вообще есть варианты?~2", "Для организаций цены ниже?~3",
		   "Если брать много лицензий сразу, будет дешевле?~3"),
		 L("Сколько в месяц платить за «{tariff}»?~0",
		   "Перечислите, пожалуйста, функции тарифа «{tariff}»~0",
		   "Прицениваюсь к товару «{product}». Какая стоимость?~1",
		   "Стоимость позиции «{product}» подскажете?~1", "Какие планы подписки вы предлагаете?~2",
		   "Нужна сводка по всем вашим тарифам с ценами~2",
		   "Для ИП и компаний есть льготные условия?~3"),
		 L("Какая цена у тарифа «{tariff}», если платить помесячно?~0",
		   "Расскажите, что есть в тарифе «{tariff}» помимо базовых функций~0",
		   "Что по цене на товар «{product}»?~1", "А {product} у вас по какой цене идёт?~1",
		   "Сориентируйте по тарифной линейке, пожалуйста: что есть и почём?~2",
		   "Юрлицам делаете скидку?~3"),
		 L("Какова стоимость тарифа «{tariff}»?~0",
		   "Что даёт подписка «{tariff}» и сколько за неё платить?~0",
		   "Сколько просите за товар «{product}»?~1",
		   "Приглядываюсь к покупке: {product}. Сколько выйдет по деньгам?~1",
		   "Есть ли у вас несколько тарифов на выбор? Опишите их, пожалуйста~2",
		   "Предусмотрены ли льготы для фирм, которые берут подписку на весь коллектив?~3"),
		 L("Почём нынче тариф «{tariff}»?~0",
		   "Что конкретно включено в «{tariff}» и какая у него цена?~0",
		   "Дорого ли обойдётся {product}? Назовите цену~1",
		   "Интересуюсь товаром «{product}» — сколько он стоит сейчас?~1",
		   "Из каких тарифов можно выбирать и в чём между ними разница?~2",
		   "Компаниям цену снижаете?~3") },
	[EN] = { L("How much is the {tariff} plan?~0", "What does {tariff} include?~0",
		   "Do you have [volume|business] pricing?~3", "What are your plans and prices?~2",
		   "how much does the {product} cost?~1"),
		 L("I'd like to know the price of {tariff}~0", "What's the difference between {tariff} and Start?~2",
		   "What would {tariff} set me back per year?~0", "Price of the {product}, please~1"),
		 L("What's the monthly fee on {tariff}?~0", "What features come with the {tariff} plan?~0",
		   "I'm after the {product} — what's it going for?~1",
		   "Is the {product} in stock, and at what price?~1", "How do your plans compare?~2",
		   "Do you give companies a discount?~3"),
		 L("What's the price tag on {tariff}?~0",
		   "What do I actually get with {tariff}? Any limits?~0",
		   "Could you quote me a price for the {product}?~1",
		   "How much are you selling the {product} for?~1",
		   "Can you walk me through the plans you offer?~2", "Is it cheaper for organisations?~3",
		   "Any bulk discount if we buy a lot of licences?~3"),
		 L("What would I pay each month for {tariff}?~0",
		   "Can you list what's in the {tariff} package?~0",
		   "What are you charging for the {product} these days?~1", "Got a price on the {product}?~1",
		   "Which subscription options do you have?~2",
		   "Could you run me through your pricing tiers?~2",
		   "Any special rates for small businesses?~3"),
		 L("What's {tariff} going to cost me?~0",
		   "Is there a breakdown of what the {tariff} tier gives you?~0",
		   "What sort of money is the {product}?~1",
		   "Roughly how much would a {product} from you cost?~1",
		   "What tiers do you have, and how do they differ?~2",
		   "Is there a reduced price for corporate accounts?~3"),
		 L("How much does {tariff} run per month?~0",
		   "What am I paying for with {tariff} — what's in it?~0",
		   "What's the going rate for the {product}?~1",
		   "I'm thinking of buying the {product}. How much?~1",
		   "Which plans are there to choose from?~2",
		   "Do teams get any price break?~3"),
		 L("What's {tariff} priced at nowadays?~0",
		   "What's bundled into {tariff}, and what does it cost?~0",
		   "How pricey is the {product}?~1",
		   "What does the {product} sell for at the moment?~1",
		   "What plans can I pick from, and what separates them?~2",
		   "Do businesses pay less?~3") } },
[S_PRODUCT_A] = {
	[RU] = { L("Тариф «{tariff}» стоит {price} ₽ в месяц[, включает до {users} пользователей|].",
		   "Сейчас {product} стоит {pprice} ₽[, есть в наличии|, доставка 1–2 дня].",
		   "Тарифы: «Старт» — 990 ₽, «Бизнес» — 4 900 ₽, «Про» — 9 900 ₽ в месяц.",
		   "Для команд от 10 человек скидка 15%, для 50+ — индивидуальные условия."), L() },
	[EN] = { L("The {tariff} plan is ${price_en} a month[ and includes up to {users} users|].",
		   "The {product} costs ${pprice_en}[, in stock|, ships in 1–2 days].",
		   "Plans: Start $15, Business $69, Pro $139 per month.",
		   "Teams of 10+ get 15% off; for 50+ seats we quote individually."), L() } },
[S_MORE_Q] = {
	[RU] = { L("А можно платить [по счёту|картой] от юрлица?~0", "Есть пробный период?~1",
		   "А если нас {users} человек?~2", "Сколько длится доставка в {city}?~3",
		   "Можно оплатить [частями|в рассрочку]?~5", "А скидка при оплате за год есть?~4"), L() },
	[EN] = { L("Can we pay by [invoice|company card]?~0", "Is there a free trial?~1",
		   "What if we're a team of {users}?~2", "How long is delivery to {city}?~3",
		   "Can I pay in installments?~5", "Is there a discount for paying yearly?~4"), L() } },
[S_MORE_A] = {
	[RU] = { L("Да, [конечно|можно]. [Выставим счёт после регистрации.|Подробности в разделе «Оплата».]",
		   "Да, 14 дней бесплатно.", "Для команд от 10 человек действует скидка 15%.",
		   "Доставка в {city} — 2–4 дня.", "Да, при оплате за год скидка 20%.",
		   "Да, рассрочка на 6 месяцев без переплаты."), L() },
	[EN] = { L("Yes, [of course|sure]. [We invoice after sign-up.|See the Billing page for details.]",
		   "Yes, 14 days free.", "Teams of 10 or more get 15% off.",
		   "Delivery to {city} takes 2–4 days.", "Yes, paying yearly saves 20%.",
		   "Yes, 6 interest-free monthly payments."), L() } },
[S_ESC_REQ] = {
	[RU] = { L("Позовите оператора", "[Соедините|Свяжите] меня с [оператором|живым человеком|менеджером]",
		   "Можно поговорить с человеком?", "оператора пожалуйста", "Хочу поговорить с [оператором|сотрудником]",
		   "позовите живого человека!", "Дайте оператора",
		   "[Пожалуйста, |]переключите на оператора", "Можно мне [оператора|менеджера]?", "с оператором [соедините|свяжите]!"),
		 L("Переведите на специалиста", "Дайте живого сотрудника", "Нужен консультант-человек, не робот",
		   "Пусть мне ответит кто-нибудь из поддержки", "Хочу общаться с настоящим специалистом",
		   "переключите на сотрудника поддержки"),
		 L("Пригласите в чат [кого-нибудь из сотрудников|администратора], пожалуйста",
		   "Бот мне не поможет, нужен представитель компании",
		   "Хочу, чтобы моим вопросом занялся [человек|кто-то из ваших ребят], а не автоответчик",
		   "Подключите к переписке человека, пожалуйста",
		   "Есть тут кто живой? Мне нужен человек, а не программа"),
		 L("Уберите бота, пусть мне ответит кто-то из персонала",
		   "Со мной может пообщаться кто-нибудь, кто не робот?",
		   "Передайте, пожалуйста, мой вопрос ответственному лицу — пусть напишет мне сам",
		   "Хочу переписываться с реальным человеком, а не с машиной",
		   "Передайте обращение на вторую линию, пусть разберётся инженер",
		   "Можно мне кого-то из вашей команды? Напрямую, без робота"),
		 L("Вызовите, пожалуйста, дежурного специалиста",
		   "С ботом каши не сваришь. Нужна помощь менеджера",
		   "Эскалируйте мой вопрос на сотрудника, пожалуйста",
		   "Как достучаться до живого консультанта? Направьте меня к нему",
		   "Требую, чтобы мне ответил сотрудник компании",
		   "Дальше пусть со мной разговаривает менеджер. [Организуйте|Устройте] это, пожалуйста"),
		 L("Перекиньте меня, пожалуйста, на живого оператора",
		   "Как мне попасть к кому-нибудь из ваших специалистов?",
		   "Мне нужна консультация сотрудника, а не автоответы",
		   "Робот тут не справится, пусть вопросом займётся настоящий консультант",
		   "Оператор на линии есть? Мне нужно к нему",
		   "Хочу, чтобы дальше мне отвечал менеджер, а не программа"),
		 L("Мне нужен живой собеседник из вашей компании, не автомат",
		   "Могу я написать напрямую кому-нибудь из сотрудников? Робот не помогает",
		   "Прошу передать этот чат человеку. [Срочно|Как можно скорее], пожалуйста",
		   "Бот, зови своих коллег-людей, пусть они со мной разбираются",
		   "Давайте я лучше объясню всё человеку — найдите мне, пожалуйста, свободного сотрудника",
		   "Мне необходимо связаться с работником поддержки лично, не через бота"),
		 L("А человека позвать можно? С ботом не получается",
		   "Нужен оператор. Живой, не робот",
		   "Будьте добры, передайте меня сотруднику поддержки",
		   "Позовите, если можно, живого консультанта — ему я всё растолкую",
		   "Хватит автоответов — дайте мне поговорить с кем-то из людей",
		   "Оператора мне, пожалуйста. [Очень нужно|Прямо сейчас]") },
	[EN] = { L("Can I talk to a [real person|human|human agent] please?", "Connect me to an operator",
		   "agent please", "I want to speak to a [person|manager|human]", "operator!",
		   "Let me talk to a human", "[Please |]transfer me to an agent",
		   "Can I [get|have] a [human|real agent|manager]?", "I'd like to speak with someone from your team"),
		 L("Put me through to someone from support", "Get me a human being",
		   "Transfer me to a specialist", "I need somebody real, not a bot",
		   "Is there anyone on your staff I can chat with?"),
		 L("I'd rather deal with a person — can you get one?", "Please hand me over to a member of staff",
		   "Can someone from customer service take over this chat?", "Bring a live agent in, please",
		   "Hello, anybody there? I want a real person, not a script",
		   "Escalate this to a person, please"),
		 L("Is there an actual human I could message instead?",
		   "Let me chat with one of your support people, please",
		   "I need a flesh-and-blood person on this, not an FAQ bot",
		   "Could one of your colleagues jump in? I'd rather not do this with a bot",
		   "I want to talk to an engineer, not the chatbot",
		   "Bot, step aside — I want one of your people on this",
		   "Can I speak to whoever's in charge?"),
		 L("Could you pass me to a customer service rep?",
		   "I need an advisor, please — this bot isn't cutting it",
		   "Please get a supervisor on this chat", "Is a staff member free to take this over?",
		   "Hook me up with someone at the helpdesk, please",
		   "Enough of the automated replies. Route me to a human, please"),
		 L("Could you swap me over to a person, please?",
		   "I'd like a human to look at this, please — not the chatbot",
		   "Is there a way to reach your support team directly? I mean a person",
		   "Could I chat to one of your agents instead?", "I want a person to handle this, please",
		   "Right, I need to speak to someone who actually works there"),
		 L("Could you patch me through to a real member of the support team?",
		   "I'd like this handed off to a human, please",
		   "Please assign a human agent to my chat",
		   "Any chance of talking to an actual employee? The automated answers aren't helping",
		   "Let a living, breathing person take this one, please",
		   "Can you summon someone from customer support for me?"),
		 L("Is there a human I can speak with? This isn't working with the bot",
		   "Operator, please. A real one",
		   "Would you kindly pass me on to someone in customer support?",
		   "Could you fetch a person for me? I'd rather explain it to them",
		   "No more automated answers — I want to deal with an actual member of staff",
		   "Human, please. [Right now|Urgently]") } },
[S_ESC_NEG] = {
	[RU] = { L("Не надо оператора, просто скажите, [когда|как] это [решится|исправить]",
		   "Оператор не нужен, подскажите только, что делать",
		   "Без оператора, пожалуйста: что мне сделать?", "не зовите оператора, сам разберусь, скажите только куда нажать"),
		 L("Звать никого не нужно, объясните сами", "Сотрудника не надо, просто ответьте на вопрос",
		   "Специалиста не дёргайте, мне нужна только подсказка"),
		 L("Живой сотрудник мне ни к чему, хватит ссылки на инструкцию",
		   "Давайте без менеджеров, просто напишите, как это исправить",
		   "Коллег своих не беспокойте, мне хватит короткого ответа",
		   "Переписываться с сотрудником не хочу — ответьте сами, что делать",
		   "Ни на кого меня не переключайте, хочу разобраться здесь"),
		 L("Переводить на человека не нужно — дайте короткую инструкцию",
		   "Людей подключать не стоит, я [сам|сама] справлюсь, только подскажите шаги",
		   "Мне хватит вашего ответа, ждать консультанта я не хочу",
		   "Не передавайте меня никому, просто объясните порядок действий",
		   "Обойдёмся без живого общения — подскажите, где это в настройках"),
		 L("Менеджер мне не требуется, достаточно подсказать, где это исправить",
		   "В очередь к специалистам меня ставить не надо, просто скажите, что нажать",
		   "Я справлюсь без помощи сотрудников, напишите только, куда зайти",
		   "Человек тут не нужен, вопрос пустяковый — что делать?",
		   "Только не отправляйте меня к оператору, хочу решить всё в этом чате"),
		 L("Соединять меня ни с кем не надо, мне бы только понять, что делать дальше",
		   "Дайте пошаговую инструкцию, консультант для этого не нужен",
		   "Не отвлекайте специалистов, вопрос простой: где это меняется?",
		   "Можно без передачи оператору? Хочу разобраться [сам|сама], подскажите шаги",
		   "Живого консультанта не прошу, хватит пары строк с решением",
		   "На оператора не переводите, пожалуйста, — достаточно, если ответите вы"),
		 L("Никаких операторов, прошу, — дайте просто совет, что делать",
		   "Я не хочу разговаривать с сотрудником; ответьте, пожалуйста, сами",
		   "Сотрудник мне не понадобится, скажите только, в каком разделе это меняется",
		   "Подключать человека — лишнее, мне достаточно ссылки",
		   "Не нужно мне никаких специалистов — объясните в двух словах, я всё сделаю [сам|сама]",
		   "Пожалуйста, не вызывайте людей: это мелочь, хватит подсказки"),
		 L("Человека звать не надо. Что мне сделать, чтобы исправить?",
		   "Обойдусь без оператора. Где это настраивается?",
		   "Не переключайте меня, пожалуйста, на сотрудников: вопрос решу [сам|сама], если подскажете как",
		   "Оператора не зовите. Нужна только ссылка на инструкцию",
		   "Не стоит ради такой мелочи отвлекать ваших сотрудников — просто подскажите, куда зайти",
		   "Без людей разберёмся: скажите, какую кнопку нажать") },
	[EN] = { L("No need for an agent, just tell me [what to do|how to fix it]",
		   "I don't need a human, just tell me where to click",
		   "Don't transfer me, I only need a quick answer", "no operator please, just the steps"),
		 L("No need to get anyone, you can explain it", "Don't bother a specialist, I just need a hint",
		   "Please don't hand me over, a short answer is fine"),
		 L("I don't want to be passed to a person, just point me in the right direction",
		   "Keep it with the bot, no humans needed — what's the fix?",
		   "Skip the agent, please; a link to the instructions will do",
		   "There's no need to involve your staff, just give me the answer",
		   "No need to wait for a person, what can I do myself?"),
		 L("You don't have to fetch a colleague — I can fix it myself if you tell me how",
		   "Please don't put me in the queue for a person, a quick answer is all I want",
		   "Leave the support team out of it, I just want to know which setting to change",
		   "I'd prefer not to chat with a rep; can you just give me the answer?",
		   "I'm fine sorting this out with you, bot — no one else needs to join"),
		 L("A human isn't necessary, honestly — just tell me which button to press",
		   "I'm happy to stay with the bot; what are the steps?",
		   "Don't route me anywhere, I just want the answer here",
		   "Please don't escalate this, it's a tiny question — what should I do?",
		   "No human required, thanks — which menu is it under?"),
		 L("There's no point pulling in a person for this — what's the fix?",
		   "Honestly, I don't want to talk to anyone, just send me the instructions",
		   "You can answer this one yourself, surely? I don't need anyone else",
		   "I can do without a human for this one — just walk me through it",
		   "I'm not after an agent, just a quick tip on what to change",
		   "Let's not bring staff into it; tell me which page to open and I'll do the rest"),
		 L("I'm not asking for staff, only for the answer: which setting do I change?",
		   "Skip the handover, please — I'd rather you answered me directly",
		   "Don't get a human involved, it's a two-second question",
		   "No transfer needed. Where do I find the setting?",
		   "A real person won't be necessary — what's the answer?",
		   "I'd rather not wait for staff; can you give me the instructions yourself?"),
		 L("No person needed for this — just say what I should do",
		   "I'll manage without an operator. Where's the setting?",
		   "Please don't pass me to your staff — explain how and I'll fix it on my own",
		   "No operator, thanks. The instructions are all I'm after",
		   "Not worth bothering your team over something this small — just name the menu I need",
		   "We can sort this without a human: which button do I press?") } },
[S_DECLINE] = {
	[RU] = { L("Мне не нужен [тариф|{addon}], [сначала решите мою проблему|помогите с моим вопросом]",
		   "Не хочу я никакой [апгрейд|подписки]", "нет, спасибо, не надо"),
		 L("Какие ещё покупки, у меня проблема не решена", "Предложения потом, сначала вопрос"),
		 L("Спасибо, не интересует", "Нет, докупать ничего не планирую", "Воздержусь, мне и так хватает",
		   "Не буду я подключать {addon}, не предлагайте", "Давайте без рекламы, пожалуйста"),
		 L("Нет, это мне ни к чему", "Откажусь, пусть всё останется как есть",
		   "Сейчас точно не до покупок, сначала разберитесь с моей проблемой",
		   "Нет уж, тратить ещё деньги я не собираюсь", "Не уговаривайте, брать ничего не буду"),
		 L("Благодарю, но пока пас", "Нет, меня всё устраивает в нынешнем тарифе",
		   "Не сейчас. Сначала помогите с тем, с чем я [пришёл|пришла]",
		   "Не навязывайте мне, пожалуйста, {addon}", "Лишние услуги не подключаю, спасибо",
		   "Не собираюсь я покупать {addon}, пока у меня основное не работает"),
		 L("Спасибо, как-нибудь в другой раз", "Я не за этим [пришёл|пришла], давайте по делу",
		   "Не-не, никаких дополнительных трат", "Это лишнее. Вернёмся лучше к моему вопросу",
		   "Спасибо за предложение, но мне это не подходит",
		   "Нет, платить за {addon} я не [готов|готова]"),
		 L("Нет, не соблазняйте, не возьму",
		   "Спасибо, но мне сейчас не до новых подписок",
		   "Нет, расширяться я не планирую, благодарю",
		   "Оформлять {addon} не стану, спасибо",
		   "Пока проблема висит, ни о каких покупках речи быть не может",
		   "Меня такое не привлекает, спасибо"),
		 L("Нет, такое мне не требуется",
		   "Спасибо, брать {addon} не буду",
		   "Давайте сначала с проблемой, а продажи потом",
		   "Не, покупать ничего не стану",
		   "Благодарю, но апгрейд мне сейчас не нужен",
		   "Предложение интересное, но я откажусь") },
	[EN] = { L("I don't want the upgrade, [just fix my problem|I need help with my issue]",
		   "Not interested in {addon}.", "no thanks"),
		 L("Why would I buy more when this isn't working?", "Sales pitch later, fix this first"),
		 L("I'll pass, thanks", "No, I'm not looking to buy anything else",
		   "Thanks, but I'll stick with what I have", "Please don't add {addon}, I don't want it",
		   "Spare me the marketing, please"),
		 L("Nah, I'm good", "Not right now, thank you",
		   "Let's leave it as it is, I don't need any extras",
		   "Thanks, but I can do without {addon}",
		   "Can we skip the upselling while my problem's still open?"),
		 L("Thanks, but no — my current plan does the job",
		   "I'm not buying anything until this is fixed",
		   "I really don't need {addon}, thanks all the same",
		   "Please stop trying to sell me stuff and just help",
		   "No, thank you. Can we get back to my issue?", "Not for me, cheers"),
		 L("Maybe some other time, thanks", "That's not what I came here for — can we stay on topic?",
		   "I'm not spending any more money, thanks", "Thanks for the offer, but it's a no from me",
		   "Thanks, but {addon} isn't something I need",
		   "Honestly, no. Let's focus on the problem I actually have"),
		 L("No, I'll give that a miss",
		   "Not today, thanks — I'm only here about my problem",
		   "I'm happy with my current setup, no add-ons for me",
		   "You can keep {addon}, I'm not buying it",
		   "Hard no on that. Can you just deal with my issue?",
		   "I'm going to decline, thank you"),
		 L("Nope, that's not for me",
		   "Thanks, I'll do without {addon}",
		   "Can we deal with my problem first? I'm not shopping right now",
		   "No, I won't be buying anything today",
		   "Appreciate it, but I don't want an upgrade at the moment",
		   "Kind offer, but I'll say no") } },
[S_BOT_FAIL] = {
	[RU] = { L("Не понял вас. [Переформулируйте, пожалуйста.|Попробуйте спросить иначе.]",
		   "Извините, я не понял вопрос.", "Не понял вас",
		   "Не понял вас. Выберите тему из меню.", "Я не понял. Попробуйте короче."),
		 L("Затрудняюсь ответить. Уточните, пожалуйста, вопрос.",
		   "Простите, это пока вне моей компетенции.", "Хм, не уверен, что правильно вас понимаю."),
		 L("Извините, я не смог распознать ваш запрос.",
		   "К сожалению, ответа на такой вопрос я не нашёл. Сформулируйте его, пожалуйста, по-другому.",
		   "Запрос не распознан. [Напишите иначе, пожалуйста.|Попробуйте другими словами.]",
		   "Мне не удалось разобрать сообщение. Попробуйте выразить мысль проще.",
		   "Ой, этого я пока не умею. Спросите, пожалуйста, как-нибудь иначе."),
		 L("Простите, смысл сообщения от меня ускользнул. Можете пояснить?",
		   "Хм, тут я теряюсь. Что именно вы имеете в виду?",
		   "К сожалению, с этим вопросом я помочь не могу.",
		   "Мне непонятен ваш вопрос. [Выберите подходящий пункт ниже.|Уточните, пожалуйста.]",
		   "Увы, на это у меня нет ответа. Попробуйте спросить проще."),
		 L("Боюсь, я не улавливаю, о чём речь. Можете уточнить?",
		   "Такой вопрос мне пока не по силам. [Посмотрите варианты в меню ниже.|Задайте, пожалуйста, другой вопрос.]",
		   "Сообщение не удалось обработать. Пожалуйста, повторите запрос в другой форме.",
		   "Я пока не обучен отвечать на такие вопросы.",
		   "Не нахожу подходящего ответа в своей базе. Что именно вас интересует?",
		   "Упс, что-то я запутался. Давайте ещё разок?"),
		 L("Простите, никак не возьму в толк, о чём вы. Скажете иначе?",
		   "Хм, с таким вопросом я ещё не сталкивался. [Может, нажмёте одну из кнопок ниже?|Попробуйте описать ситуацию подробнее.]",
		   "Извините, тут я бессилен — это выходит за рамки того, что я умею.",
		   "Боюсь, здесь мои знания заканчиваются. Задайте, пожалуйста, вопрос попроще.",
		   "Ваше сообщение поставило меня в тупик. Давайте попробуем сформулировать по-другому?",
		   "Этого я не понимаю. Напишите ключевое слово: «оплата», «доставка» или «возврат»."),
		 L("Увы, я не разобрал, о чём вопрос. Напишите, пожалуйста, иначе.",
		   "Кажется, я вас неправильно понимаю. Уточните, что требуется?",
		   "Прошу прощения, такая формулировка мне незнакома. Перепишите, пожалуйста, своими словами.",
		   "Этот вопрос я пока не научился понимать. [Выберите тему кнопкой ниже.|Попробуйте спросить по-другому.]",
		   "Ничего не понял, извините. Можете перефразировать?",
		   "Хм, ваш вопрос мне не ясен. О чём речь?",
		   "Я не понимаю этот запрос. Попробуйте сократить вопрос до пары слов."),
		 L("Извините, мне не удаётся понять ваше сообщение. Изложите, пожалуйста, иначе.",
		   "Не совсем понимаю вопрос. Можно конкретнее?",
		   "Увы, такой запрос я распознать не могу.",
		   "Я вас не понимаю, простите. [Попробуйте выбрать тему из списка.|Переформулируйте, если не трудно.]",
		   "Кажется, это за пределами моих знаний — не понимаю вопроса.",
		   "Извините, я не разобрался в вашем сообщении. Что нужно сделать?",
		   "Простите, я робот и такое пока не понимаю. Спросите, пожалуйста, иначе.") },
	[EN] = { L("Sorry, I did not understand. Could you rephrase?",
		   "I didn't get that. [Please try again.|Could you say it differently?]", "I did not understand",
		   "Sorry, I did not understand. Please choose a topic from the menu.", "I don't understand. Try shorter sentences."),
		 L("Hmm, I'm not sure what you mean. Can you put it another way?",
		   "That's beyond what I can help with right now.", "Could you clarify? I'm lost."),
		 L("Sorry, I couldn't make sense of that. Could you word it differently?",
		   "I'm afraid I don't recognise that request.",
		   "Oops, that one went over my head. [Try asking in fewer words?|Can you reword it?]",
		   "I wasn't able to find an answer to that. Could you ask another way?",
		   "Apologies, I can't process that message."),
		 L("Hmm, I'm drawing a blank on that one. Could you explain a bit more?",
		   "Sorry, that's not something I can help with.",
		   "I'm not following, I'm afraid. [Pick one of the options below?|Could you give me more detail?]",
		   "Unfortunately I have no answer to that. Could you ask it more simply?",
		   "My apologies, I didn't catch your meaning. What exactly do you need?"),
		 L("Hmm, I'm a bit confused by that. Could you tell me again in different words?",
		   "I'm still learning and can't answer that one yet.",
		   "That question is outside what I've been trained on. [Try one of the menu options?|Could you ask something else?]",
		   "Sorry, I'm having trouble working out what you need. Can you be more specific?",
		   "Apologies, no match found for your question. Please try rewording it.",
		   "Oh dear, that one's stumped me. Mind asking another way?"),
		 L("Hmm, that's a new one for me. Could you describe it a different way?",
		   "Sorry, I'm not quite with you. [Could you tap one of the buttons below?|Could you add a few more details?]",
		   "I'm afraid that's outside my area — I can't help with this one.",
		   "My knowledge runs out here, I'm sorry. Could you try a simpler question?",
		   "That message has me puzzled. Try a keyword such as payment, delivery or refund.",
		   "Apologies, I can't quite work out what you're asking. Say it another way?"),
		 L("Sorry, that one's unclear to me. Could you phrase it differently?",
		   "Hmm, I haven't understood that. Could you put it in simpler terms?",
		   "That request doesn't match anything I know. [Perhaps pick a subject from the list?|Could you try other words?]",
		   "Your message didn't register with me, I'm afraid. Could you write it another way?",
		   "Sorry, this one's beyond my understanding. Can you say what you need in a few words?",
		   "I'm unable to tell what you're after, sorry. Mind rewording it?"),
		 L("Sorry, I can't work out what you mean. Would you mind wording it differently?",
		   "I don't quite follow the question. Mind being more precise?",
		   "Unfortunately I can't recognise this request.",
		   "I'm not understanding you, sorry. [Try choosing from the list of topics.|Rephrase it if you can.]",
		   "That seems to be outside what I know — I don't get the question.",
		   "Sorry, I couldn't figure out your message. What are you trying to do?",
		   "Apologies, I'm only a bot and that's lost on me. Ask me another way?") } },
[S_CANNED] = {
	[RU] = { L("Вот статьи, которые могут помочь: «{faq}».", "Ответ на ваш вопрос есть в разделе «{faq}»."),
		 L("Загляните в базу знаний: «{faq}».", "Возможно, поможет материал «{faq}»."),
		 L("Рекомендую ознакомиться со статьёй «{faq}» в справочном центре.",
		   "Подробная инструкция есть в разделе помощи «{faq}».",
		   "Ответы на частые вопросы по этой теме: «{faq}».", "Пожалуйста, изучите материалы раздела «{faq}»."),
		 L("Всё, что нужно знать, собрано на странице «{faq}».",
		   "Посмотрите, пожалуйста, подборку «{faq}» — там разобраны типичные случаи.",
		   "По этой теме у нас есть справка: «{faq}».",
		   "Советуем пройти по ссылке «{faq}» — там пошаговое описание."),
		 L("Такие ситуации описаны в статье «{faq}».",
		   "Похожие вопросы разобраны в руководстве «{faq}».",
		   "Смотрите инструкцию в разделе справки «{faq}».",
		   "Решение есть в нашей базе ответов, тема «{faq}».",
		   "Полезная ссылка по вашей теме: «{faq}»."),
		 L("Откройте, пожалуйста, «{faq}» в меню помощи — там всё расписано по шагам.",
		   "Этой теме посвящена отдельная страница: «{faq}».",
		   "Информацию по этому вопросу вы найдёте в справке, раздел «{faq}».",
		   "Чаще всего помогает инструкция «{faq}». Прочтите её, пожалуйста.",
		   "Предлагаю почитать наш FAQ: «{faq}»."),
		 L("Обратитесь, пожалуйста, к разделу «{faq}» на нашем сайте.",
		   "Ответ можно найти самостоятельно: раздел «{faq}».",
		   "Подсказка есть в справке, см. «{faq}».",
		   "Прочитайте памятку «{faq}» — там есть ответы на похожие вопросы.",
		   "Всё по этой теме изложено в материале «{faq}»."),
		 L("На эту тему есть статья в базе знаний: «{faq}».",
		   "Вот ссылка на раздел «{faq}» — ответ, скорее всего, там.",
		   "Попробуйте инструкцию из раздела «{faq}».",
		   "Рекомендуем заглянуть в «{faq}» — там описано, как поступить.",
		   "Готовое решение описано в материале «{faq}».") },
	[EN] = { L("Here are some articles that may help: {faq}.", "You can find the answer in our {faq} section."),
		 L("Have a look at our knowledge base: {faq}.", "This guide might help: {faq}."),
		 L("Our Help Centre covers this under {faq}.", "You may find the {faq} page useful.",
		   "Frequently asked questions on this topic: {faq}.",
		   "Please take a look at the {faq} pages in our Help Centre."),
		 L("Everything you need should be on our {faq} page.",
		   "Check out the {faq} article — it walks through the usual cases.",
		   "There's a help page on this: {faq}.",
		   "Try following the {faq} link for step-by-step instructions."),
		 L("This is covered in our help article: {faq}.",
		   "Similar questions are answered in the {faq} guide.", "Useful link for your topic: {faq}.",
		   "You'll find the solution under {faq} in our support centre.",
		   "Please refer to our {faq} documentation."),
		 L("Most questions like this are answered in {faq}. Give it a read?",
		   "We have a dedicated page for this: {faq}.",
		   "The quickest fix is usually in our {faq} article — worth a look.",
		   "For this, see {faq} in the help menu; it explains each step.",
		   "Have you been through {faq} in our help section yet? It should answer this."),
		 L("Please see our {faq} help page for the answer.",
		   "The {faq} article should cover this.",
		   "You can read about this in {faq}, on our support site.",
		   "{faq} in our knowledge centre explains how to deal with this.",
		   "Here's a link that should help: {faq}."),
		 L("We've written an article about this: {faq}.",
		   "Here's the link to the {faq} section — your answer is probably there.",
		   "Try the instructions in {faq}.",
		   "Take a look at {faq}; it explains what to do.",
		   "A ready-made solution is described in {faq}.") } },
[S_FRUST] = {
	[RU] = { L("третий раз пишу!!!", "ВЫ МЕНЯ СЛЫШИТЕ?", "это [издевательство|бред|ужас] какой-то",
		   "бесполезный бот", "Сколько можно!!!", "да что ж такое, опять двадцать пять",
		   "[Третий|Пятый] раз пишу одно и то же!", "вы издеваетесь?!", "ужасный сервис"),
		 L("Уже полчаса не могу добиться ответа", "надоело, честное слово", "КАК ЖЕ ДОСТАЛО",
		   "У меня терпение кончается", "Это просто невозможно"),
		 L("Я уже [четвёртый|десятый|который] раз это объясняю!!!", "ДА ОТВЕТЬТЕ УЖЕ ХОТЬ ЧТО-НИБУДЬ!!!",
		   "Это какой-то замкнутый круг", "Ну что за цирк?!", "Кошмар, а не поддержка",
		   "Вы вообще читаете, что я пишу?!", "Я на пределе, честно"),
		 L("Сколько ещё повторять?!! Пишу об этом уже [в шестой|в который] раз",
		   "ЧТО ЗА БЕЗОБРАЗИЕ!!!", "Вы меня до белого каления доводите",
		   "Битый час бьюсь, и всё без толку", "Да вы надо мной смеётесь?!",
		   "ПОЧЕМУ НИКТО НЕ МОЖЕТ НОРМАЛЬНО ОТВЕТИТЬ?!"),
		 L("Это уже [моё пятое|моё седьмое|не первое] сообщение об одном и том же!!!",
		   "ВЫ ВООБЩЕ РАБОТАЕТЕ ИЛИ НЕТ?!!", "Меня это уже бесит",
		   "Руки опускаются от такой поддержки", "Второй день пишу — и ноль реакции!!!",
		   "Я просто в бешенстве"),
		 L("Это [восьмая|девятая|очередная] попытка объяснить вам, в чём дело!!!", "НУ И ГДЕ ОТВЕТ?!!",
		   "Это уже ни в какие ворота не лезет", "Нервов никаких не хватает!!!",
		   "Меня уже трясёт от злости", "Целый час коту под хвост!!!",
		   "Не поддержка, а сплошное недоразумение"),
		 L("Моё терпение лопнуло!!!",
		   "Опять мимо!!! Вы хоть что-нибудь способны понять?!",
		   "ЭТО ПРОСТО НЕВЫНОСИМО!!!",
		   "Меня гоняют по кругу уже [сорок минут|целый час], это возмутительно!",
		   "[Хуже поддержки я ещё не видел|Хуже поддержки я ещё не видела]!!!",
		   "Как же меня всё это злит!!!",
		   "Я в ярости. Столько времени — и никакого результата!"),
		 L("Да сколько же можно ходить по кругу?!",
		   "Я уже на грани, честное слово!!!",
		   "Вы надо мной издеваетесь?! Ответа ноль!!!",
		   "ДА СКОЛЬКО МОЖНО ЖДАТЬ?!!",
		   "Зла не хватает!!!",
		   "Уже [сорок|пятьдесят] минут впустую, и никакого толку!!!",
		   "Ну это же просто кошмар какой-то!!!") },
	[EN] = { L("this is useless", "ridiculous!!!", "ARE YOU EVEN LISTENING?", "third time I'm asking!!!",
		   "worst support ever", "this is so frustrating",
		   "I've asked [three|five] times already!", "are you kidding me?!", "terrible service"),
		 L("I've been at this for half an hour", "fed up with this", "unbelievable, seriously?!",
		   "My patience is running out", "WHAT A WASTE OF TIME"),
		 L("I've explained this [four|a dozen] times now!!!", "HELLO?? IS ANYONE READING THIS?",
		   "I'm going round in circles here", "this is absolutely hopeless",
		   "Seriously, how hard can it be?!", "That's the fourth time I've had to ask!!!",
		   "I'm really losing my temper now"),
		 L("This is the umpteenth time I've typed this!!!", "WHY IS NOBODY ANSWERING MY QUESTION?!",
		   "You're driving me up the wall", "Honestly, this is a joke",
		   "An hour of my life gone and still nothing sorted", "UNACCEPTABLE!!!",
		   "How many more times do I have to say it?!"),
		 L("This is my [fifth|sixth|seventh] message about the same thing!!!",
		   "THIS IS A COMPLETE SHAMBLES!!!", "I'm absolutely fuming", "For crying out loud, again?!",
		   "Two days of messages and zero progress!!!", "Pathetic. Just pathetic.",
		   "Same useless reply AGAIN?!"),
		 L("That's attempt number [eight|nine|ten] at explaining this!!!",
		   "I CAN'T BELIEVE HOW BAD THIS IS!!!", "I'm at the end of my tether here",
		   "This has gone way past annoying", "Honestly, my blood is boiling",
		   "WHAT IS GOING ON WITH YOU PEOPLE?!!", "Forty minutes down the drain already!!!"),
		 L("I'm so angry right now!!!",
		   "STILL NO ANSWER?! THIS IS INSANE!!!",
		   "This is beyond infuriating",
		   "You've wasted [an hour|half my morning] and I'm sick of it!!!",
		   "I've never been this annoyed with a company!!!",
		   "Does anyone there have a clue?! I'm livid",
		   "Absolutely maddening, all of it!!!"),
		 L("Why do I keep getting the same runaround?!",
		   "I'm at breaking point here!!!",
		   "Are you having a laugh?! Zero answers!!!",
		   "HOW MUCH LONGER AM I SUPPOSED TO WAIT?!!",
		   "This is doing my head in!!!",
		   "[Forty|Fifty] minutes wasted and nothing to show for it!!!",
		   "What a nightmare this is!!!") } },
[S_ANNOUNCE] = {
	[RU] = { L("Соединяю с оператором, [минутку|ожидайте].", "Перевожу на специалиста.",
		   "Сейчас подключу сотрудника."),
		 L("Передаю диалог коллеге, он скоро ответит."),
		 L("Подключаю к диалогу сотрудника поддержки, он ответит в течение пары минут.",
		   "Зову коллегу из службы поддержки, [оставайтесь в чате|не закрывайте окно].",
		   "Сейчас к нам присоединится менеджер и продолжит разговор.",
		   "Ваш вопрос передан человеку, ожидайте ответа в этом чате."),
		 L("Переадресую ваш чат живому консультанту, [он ответит совсем скоро|это займёт пару минут].",
		   "Хорошо, ставлю вас в очередь к специалисту поддержки. Первый освободившийся ответит здесь же.",
		   "Понял, приглашаю в чат человека из нашей команды. Ожидайте, пожалуйста.",
		   "Сейчас вами займётся наш консультант — историю переписки я ему уже передал."),
		 L("Хорошо, вызываю консультанта — он напишет здесь же, как только освободится.",
		   "Понимаю. Дальше с вами продолжит сотрудник поддержки, подождите пару минут.",
		   "Запрос на живого специалиста отправлен — ответ придёт в это окно.",
		   "Уже ищу свободного менеджера. Пожалуйста, не уходите из чата.",
		   "Сейчас ваш чат возьмёт в работу человек из поддержки."),
		 L("Минуту — переключаю вас на живого оператора, ему будет видна вся переписка.",
		   "Хорошо, сейчас с вами свяжется сотрудник поддержки — он напишет прямо в этот чат.",
		   "Отправил ваш вопрос дежурному консультанту, ожидайте его сообщения.",
		   "Передаю слово оператору. [Пожалуйста, оставайтесь на связи.|Это займёт буквально минуту.]",
		   "Секундочку, на линию выходит человек из поддержки."),
		 L("Хорошо, направляю ваш вопрос живому сотруднику — он ответит в этом окне.",
		   "Ясно. Ваш чат перенаправлен человеку из поддержки, подождите немного.",
		   "Сейчас назначу на ваш диалог сотрудника, буквально пара минут.",
		   "Принято: дальше вам будет отвечать консультант-человек. [Не закрывайте чат.|Скоро он напишет.]",
		   "Поручаю ваш вопрос коллеге из службы поддержки, переписка у него уже есть."),
		 L("Хорошо, зову оператора. Он [скоро напишет|появится в чате буквально через минуту].",
		   "Понял вас. Передаю разговор сотруднику — он увидит всю переписку.",
		   "Сейчас к разговору подключится живой сотрудник, немного подождите.",
		   "Ваш запрос принят: оператор уже получил чат и скоро ответит.",
		   "Договорились, переключаю на специалиста. Не закрывайте, пожалуйста, окно.") },
	[EN] = { L("Connecting you to an agent, one moment.", "Transferring you to a human colleague.",
		   "Let me get a specialist for you."),
		 L("Handing this over to a colleague, they'll reply shortly."),
		 L("I'm bringing a member of our team into the chat now.",
		   "A support colleague will pick this up in a moment, please stay on.",
		   "Passing you over to a live agent — please don't close this window.",
		   "One of our team is joining the conversation now."),
		 L("Sure, I'm routing you to a human advisor now. Hang tight.",
		   "OK, I've put you in the queue for our support staff; the next available person will reply here.",
		   "Let me loop in one of our people — they'll see everything you've written so far.",
		   "An advisor will take it from here, just a moment."),
		 L("Got it — I'm fetching a customer service rep for you. They'll reply in this chat.",
		   "No problem, a human teammate will be with you in a couple of minutes.",
		   "I've requested a support agent; please keep this window open.",
		   "Right, I'm escalating this to our support staff now — someone will message you shortly.",
		   "Understood. Someone from our helpdesk is being assigned to your chat now."),
		 L("Okay, an operator is about to join — they'll see this whole conversation.",
		   "Sure thing. A support specialist has been notified and will message you here shortly.",
		   "I've sent your question to the agent on duty; please wait for their reply.",
		   "Over to a human now. [Please stay in the chat.|It should only take a minute.]",
		   "One second — one of our operators is coming on the line."),
		 L("Alright, I'm forwarding your chat to a person on our team; they'll answer here.",
		   "No worries — I'm redirecting you to a human agent now.",
		   "A member of staff is taking over from me; expect a reply in a moment.",
		   "I've flagged this for a human and they'll pick it up in a minute or two. [Stay put!|Don't go anywhere.]",
		   "Sure, let me get a real person for you — they'll be able to read what you've written."),
		 L("Alright, I'm calling in an operator. They'll [write shortly|join in a moment].",
		   "Understood. A colleague is taking over the conversation and will see all your messages.",
		   "A live staff member will be with you soon, please hold on.",
		   "Request accepted: an operator has your chat and will reply soon.",
		   "Done, I'm switching you to a specialist. Don't close the tab, please.") } },
[S_DEFLECT] = {
	[RU] = { L("Я тоже могу помочь! Опишите проблему подробнее.",
		   "Операторы сейчас заняты. Попробуйте [посмотреть раздел «Помощь»|спросить меня].",
		   "Давайте попробуем решить вопрос вместе.", "Уточните, пожалуйста, номер заказа.",
		   "Я могу ответить на большинство вопросов. Что случилось?"),
		 L("Все специалисты на линии. Может быть, я справлюсь?", "Попробую разобраться сам. Что именно не так?"),
		 L("Пока все сотрудники заняты, давайте я попробую помочь. В чём вопрос?",
		   "Перед тем как звать коллег, расскажите подробнее, что именно нужно.",
		   "Большинство вопросов я решаю сам. Напишите, что нужно сделать.",
		   "Свободных сотрудников сейчас нет. Возможно, ответ найдётся в справочном центре.",
		   "Дайте мне шанс! Опишите ситуацию одним сообщением."),
		 L("Не спешите звать людей — такие вопросы обычно решаются за минуту. Расскажите, что произошло?",
		   "Ждать ответа консультанта сейчас около часа. Предлагаю пока разобраться вдвоём — что случилось?",
		   "Пришлите номер заказа, и я посмотрю статус самостоятельно.",
		   "С этим я справлюсь и без коллег. Напишите подробности.",
		   "Возможно, ответ уже есть в нашей справке. Какой именно раздел вас интересует?"),
		 L("Уверен, я тоже справлюсь. Что у вас стряслось?",
		   "Сейчас к специалистам большая очередь. Может, расскажете мне, в чём дело?",
		   "Для начала давайте проверим пару простых вещей. Вы уже пробовали обновить страницу?",
		   "Специалисты пока не в сети. Напишите мне подробности, и я постараюсь помочь.",
		   "Я умею решать такие вопросы без участия сотрудников. Расскажите, что не так."),
		 L("Часто такие вещи решаются быстрее, чем кажется. Напишите, что произошло.",
		   "Живые консультанты отвечают с 9 до 18, а я — круглосуточно. Чем могу помочь прямо сейчас?",
		   "Могу подсказать прямо сейчас, без ожидания. Что конкретно не получается?",
		   "Давайте пока без перевода: опишите вопрос подробнее, и я поищу ответ в базе.",
		   "Что именно вы видите на экране? Возможно, решение совсем простое."),
		 L("Не торопитесь с переводом, возможно, ответ есть у меня. Что произошло?",
		   "Сотрудники поддержки сейчас заняты другими обращениями. Давайте я помогу, чем смогу, — в чём дело?",
		   "Уверяю, такие вопросы мне по зубам — человек тут не обязателен. Что не получается?",
		   "Ожидание ответа сотрудника сейчас больше [получаса|часа]. А я отвечу сразу — что случилось?",
		   "Для начала уточните пару деталей: на каком шаге возникает проблема?",
		   "Возможно, ответ найдётся быстрее, чем кажется. Опишите, что вы уже успели сделать."),
		 L("Подождите звать сотрудников — давайте я сначала попробую. Что случилось?",
		   "Операторы сейчас перегружены, ответ от них будет нескоро. Может, я смогу помочь?",
		   "Такие вопросы я закрываю и сам. Расскажите подробности, пожалуйста.",
		   "Прежде чем передавать чат, уточните: что именно не выходит?",
		   "Сотрудников на линии сейчас нет. Опишите мне ситуацию — подскажу.",
		   "Возможно, оператор и не понадобится. Расскажите мне подробнее, что произошло?") },
	[EN] = { L("I can help with that too! Please describe the problem in more detail.",
		   "Our agents are busy right now. Try our Help Center.",
		   "Let's try to sort it out together.", "Could you give me your order number?",
		   "I can answer most questions. What happened?"),
		 L("All specialists are on other calls. Maybe I can manage?", "Let me have a go first. What exactly is wrong?"),
		 L("Before I bring anyone in, tell me a bit more about it.",
		   "Everyone on the team is busy at the moment, but I'll do my best. What's going on?",
		   "I can usually handle this myself. What do you need?",
		   "No one is free right now; the Help Centre may have your answer.",
		   "Give me a chance first: describe the situation in one message."),
		 L("Hold on, most of these I can sort out in a minute. What's happened?",
		   "The wait for an advisor is about an hour right now. Shall we try to crack it together meanwhile?",
		   "Send me the order number and I'll check the status myself.",
		   "I can handle this without a colleague. Give me the details.",
		   "The answer may already be in our FAQ. Which topic is it about?"),
		 L("I'm confident I can help with this one. What's gone wrong?",
		   "There's a big queue for our team right now — why not tell me the details?",
		   "First, let's check a couple of simple things. Have you tried refreshing the page?",
		   "Our advisors are offline at the moment, but send me the details and I'll do what I can.",
		   "I can solve this kind of issue without a human. Tell me more?"),
		 L("These things are often quicker to fix than they look. Tell me what happened.",
		   "Our human team works 9 to 6, but I'm here around the clock. What can I do for you right now?",
		   "No need to wait — I can probably answer straight away. What's not working?",
		   "Let's hold off on a transfer for now: give me a few more details and I'll search our knowledge base.",
		   "What exactly do you see on your screen? The fix might be a simple one."),
		 L("Let's not wait for a colleague — I might have the answer. What's the problem exactly?",
		   "Our support staff are tied up with other customers just now. Could you give me the details instead?",
		   "Trust me, this is well within what I can do. What's not working?",
		   "Human replies are taking over [half an hour|an hour] right now, but I'm instant. What happened?",
		   "Quick check first: at which step does the problem appear?",
		   "The answer may be closer than you think. Tell me what you've tried so far."),
		 L("Hold off on calling the team — let me try first. What's happened?",
		   "Our operators are swamped, so a reply from them could take a while. Maybe I can help?",
		   "I close questions like this myself all the time. Fill me in, please.",
		   "Before I pass the chat on: what exactly isn't going right?",
		   "Nobody from the team is online right now. Describe what's happening and I'll point you the right way.",
		   "You might not even need an operator. What happened, in a bit more detail?") } },
[S_RESOLVED] = {
	[RU] = { L("Прошло, спасибо!", "Получилось, спасибо", "Всё работает, спасибо", "Отлично, спасибо!",
		   "спасибо, всё пришло", "[Да, |]всё получилось, благодарю", "Работает! Спасибо большое"),
		 L("Ура, заработало", "Да, теперь всё в порядке", "Супер, вопрос закрыт", "Вижу, всё ок, благодарю"),
		 L("Теперь всё нормально, спасибо за помощь", "Проблема решена, благодарю",
		   "Да, вижу, всё исправили. Спасибо!", "Отлично, вопрос снят",
		   "Заработало как надо, огромное спасибо", "Всё исправилось, спасибо вам!"),
		 L("Спасибо, выручили! Проблема ушла",
		   "[Проверил|Проверила] — действительно исправлено, спасибо",
		   "То, что нужно! Вопросов больше нет, спасибо", "Класс, наконец-то всё наладилось!",
		   "Да, помогло! Спасибо за оперативность"),
		 L("Разобрались, спасибо!", "О, сработало! [Признателен|Признательна]",
		   "Всё снова в норме, спасибо", "Ага, теперь всё ок. Спасибо, что помогли",
		   "Отлично, проблема исчерпана, спасибо", "Сработало! Вы лучшие"),
		 L("Есть! Теперь всё идёт как по маслу, спасибо", "Ого, как оперативно! Всё решилось, спасибо",
		   "Только что [попробовал|попробовала] ещё раз — всё функционирует, благодарю",
		   "Супер, теперь всё гладко. Спасибо за терпение", "Всё уладили, огромное вам спасибо",
		   "Всё как и должно быть. Спасибо за помощь!"),
		 L("Теперь порядок, спасибо!",
		   "Получилось! Вы мне очень помогли",
		   "Спасибо, проблема устранена",
		   "Ура, всё в ажуре, спасибо",
		   "Спасибо, вопрос улажен полностью",
		   "Спасибо, вы всё решили!"),
		 L("Всё, заработало. Спасибо огромное!",
		   "Да, теперь всё как надо. Благодарю!",
		   "[Проверил|Проверила], всё в порядке, спасибо за помощь",
		   "Проблемы больше нет, спасибо вам!",
		   "Вот теперь работает. Спасибо, помогли!",
		   "Отлично, всё исправлено, можно закрывать. Спасибо") },
	[EN] = { L("It worked, thanks!", "Great, that fixed it", "Thanks, all good now", "perfect, thank you",
		   "got it, thanks", "[Yes, |]that worked, thank you", "All fixed, thanks a lot"),
		 L("Sorted, cheers", "Yes, it's fine now", "That did the trick", "Brilliant, problem gone"),
		 L("Yep, that's sorted it. Many thanks", "All working now, much appreciated",
		   "Problem solved, thanks for your help", "That's fixed it, cheers!", "Looks good now, thanks",
		   "Confirmed, it's resolved. Thank you"),
		 L("Just checked and it's working again — thank you!",
		   "Amazing, you're a lifesaver. Issue gone", "Right, that's done the job. Thanks very much",
		   "Yes! Everything's back to normal, thanks",
		   "Excellent, that's exactly what I needed. Nothing else to sort"),
		 L("Awesome, that's cleared it up. Thank you!", "Oh great, it works now! Thanks a million",
		   "Everything's fine now, I really appreciate the help",
		   "Cool, looks fine on my side now. Cheers", "Wonderful, the issue has gone away. Thank you"),
		 L("Yes! Running smoothly now, thank you",
		   "Wow, that was quick. It's working like a charm — thanks!",
		   "Tried it again just now — no problems at all. Much obliged",
		   "Nice one, back in business! Thanks for bearing with me",
		   "Great stuff, the issue's fixed. Thank you kindly",
		   "Ah, there it is — works perfectly now. Cheers!"),
		 L("You nailed it — everything works now, thanks",
		   "Success! Thank you so much",
		   "Right as rain now, thanks!",
		   "That solved it, thanks a bunch",
		   "Bingo, it's working. Thanks!",
		   "Everything's in order now. Thank you!"),
		 L("That's it, working now. Thanks so much!",
		   "Yes, all as it should be now. Thank you!",
		   "Checked, all in order — thanks for the help",
		   "Problem's gone, thank you!",
		   "Now it works. Thanks, you've helped a lot!",
		   "Great, it's fixed — you can close this. Thanks") } },
[S_UNRESOLVED] = {
	[RU] = { L("ладно, сам разберусь", "понятно. до свидания", "ну и ладно", "ясно, пойду к конкурентам",
		   "всё, забудьте"), L("Обойдусь", "ну вас"),
		 L("С меня хватит, до свидания", "Понятно, толку не будет. Пока",
		   "Ничего не решили. Пойду писать жалобу", "Ну ок, поищу другой магазин", "Всё, больше сюда не пишу"),
		 L("Проехали. Всего хорошего", "Бесполезно всё это, ухожу",
		   "Нет смысла дальше писать, до свидания", "Всё ясно, отменю заказ и куплю в другом месте",
		   "Махну на это рукой. Счастливо"),
		 L("Ну и не надо. Прощайте", "Пожалуй, поищу помощи где-нибудь ещё",
		   "Понятно, ничем вы не поможете. Закрываю чат",
		   "[Зря только время потратил|Зря только время потратила]. Пока",
		   "Всё, отказываюсь от вашего сервиса"),
		 L("Ясно, помощи от вас не дождёшься. Всего доброго", "Всё, я сдаюсь. До свидания",
		   "Пустая трата времени, честное слово. Пока",
		   "Так ничего и не решили. Больше у вас заказывать не буду",
		   "Ладно, оставлю отзыв о вашей «поддержке» и пойду"),
		 L("Проблема так и осталась. Всего хорошего",
		   "Никакой пользы от этого чата. До свидания",
		   "Ладно, забудем, раз решить вы не можете",
		   "Всё равно не работает. Буду искать решение в другом месте",
		   "Ничем не помогли. Напишу претензию",
		   "Вопрос не решён, а я [устал|устала] ждать. Пока"),
		 L("Ничего не заработало. Ладно, прощайте",
		   "Проблема как была, так и осталась. Ухожу к другим",
		   "Толку ноль. Обращусь куда-нибудь ещё",
		   "Помочь мне вы так и не смогли. Всего",
		   "Не решили — и ладно, больше не обращусь",
		   "Всё по-прежнему не работает, закрываю этот чат") },
	[EN] = { L("forget it", "ok whatever, bye", "never mind", "I'll go elsewhere", "fine. bye"),
		 L("Don't bother", "I give up"),
		 L("I'll sort it out some other way", "Right, I'm done here", "this is going nowhere, goodbye",
		   "ok, I'll be shopping somewhere else from now on", "Never mind, I'll file a complaint instead"),
		 L("Whatever, I'm off", "Not worth my time, bye",
		   "Right, I'll cancel and buy from someone else",
		   "Clearly nobody can help. I'm logging off", "Oh well, I'll live with it. Bye"),
		 L("Well, that was a waste of an afternoon. Bye",
		   "I'll figure it out on my own, thanks for nothing", "I'm closing this chat, it's pointless",
		   "That's it, I'm cancelling my account", "No point carrying on with this. Bye"),
		 L("Well, that was no help at all. Goodbye", "OK, I'm throwing in the towel. Bye",
		   "Still not fixed. I won't be ordering from you again",
		   "Right, I'll leave a review about this and go", "I'll just try my luck elsewhere. Bye"),
		 L("Still broken. I'm out",
		   "You haven't solved anything. Goodbye",
		   "Nothing's fixed and I've run out of patience. Bye",
		   "I'll take my business to another shop, this isn't getting fixed",
		   "My problem is still there and I'm done waiting. Bye",
		   "Not resolved, not impressed. Goodbye"),
		 L("Nothing's working still. Fine, goodbye",
		   "The problem's exactly where it was. Off to a competitor",
		   "Zero help. I'll go somewhere else",
		   "You never actually helped me. See ya",
		   "Not sorted, and I won't be back",
		   "It still doesn't work. I'm leaving the chat") } },
[S_OP_CONTEXT] = {
	[RU] = { L("Здравствуйте[, {cname}|]! Меня зовут {opname}. Вижу [ваш заказ|номер] {order} в переписке, [сейчас проверю|уже смотрю].",
		   "{opname}, поддержка. Прочитал(а) историю, по {order} сейчас разберусь.",
		   "Добрый день! Я {opname}. Вижу, что вы уже писали про {order}, проверяю."),
		 L("{opname} на связи. По переписке понятно: {order}, разбираюсь.", "Здравствуйте, это {opname}. Историю видел(а), номер {order} есть, смотрю."),
		 L("Здравствуйте[, {cname}|]! Это {opname} из поддержки. Вся переписка с ботом передо мной, по {order} уже смотрю детали.",
		   "{opname}, служба поддержки. Я в курсе вашего вопроса, номер {order} вижу — сейчас всё проверю.",
		   "Добрый день, меня зовут {opname}. Историю диалога вижу, повторять ничего не нужно — уже занимаюсь.",
		   "Здравствуйте! {opname} на линии. Суть вопроса мне понятна из чата, [разбираюсь|сейчас выясню]."),
		 L("Добрый день[, {cname}|]! {opname} на связи. Пролистал(а) вашу переписку с ботом — по {order} всё понятно, уже проверяю.",
		   "{opname}, поддержка. Бот передал мне ваше обращение целиком, номер {order} у меня есть — разбираюсь.",
		   "Здравствуйте, это {opname}. Я уже изучил(а) ваш диалог, заново объяснять не придётся — смотрю {order}.",
		   "Приветствую, меня зовут {opname}. Из истории чата вижу, в чём проблема — беру в работу.",
		   "Спасибо, что подождали! Я {opname}. Всё, что вы писали боту, у меня перед глазами."),
		 L("Я {opname}, подключаюсь к вашему вопросу. Переписку с ботом прочитал(а), детали по {order} у меня есть.",
		   "Добрый день[, {cname}|]! Меня зовут {opname}. Вы уже всё подробно описали, спасибо — проверяю {order}.",
		   "{opname} подключился(ась) к чату. Всё, что вы сообщили боту, вижу; по {order} сейчас уточню информацию.",
		   "Здравствуйте! {opname} из клиентского отдела. Суть обращения по {order} ясна из переписки, уже выясняю.",
		   "Спасибо за ожидание[, {cname}|]! Это {opname}. Ваш вопрос по {order} я уже изучил(а) — работаю над ним."),
		 L("{opname} на связи[, {cname}|]. Ваш диалог с ботом у меня открыт, пересказывать ничего не нужно — уже разбираюсь с вопросом по {order}.",
		   "Добрый день! Это {opname}. Из ваших сообщений выше всё понятно, номер {order} тоже вижу — сейчас выясню, в чём дело.",
		   "Здравствуйте! Я {opname}, подхватываю ваше обращение. Всё, что вы успели рассказать боту, мне уже известно.",
		   "{opname}, служба поддержки. Спасибо, что так подробно всё описали боту, — данные по {order} уже открыты, проверяю.",
		   "Приветствую[, {cname}|]! {opname} на линии. История чата сохранилась, всё, что вы писали, мне доступно — приступаю."),
		 L("Здравствуйте[, {cname}|]! Меня зовут {opname}, я из поддержки. С перепиской ознакомился(ась), номер {order} передо мной — проверяю.",
		   "{opname} здесь. Переспрашивать ничего не буду — ваши сообщения боту сохранились, номер {order} уже пробиваю.",
		   "Добрый вечер[, {cname}|]! Я {opname}. Ваши сообщения боту прочитал(а), по номеру {order} всё ясно — занимаюсь.",
		   "Это {opname}, служба клиентской поддержки. Вникать заново не придётся — я уже ознакомился(ась) с вашим обращением по {order}.",
		   "Здравствуйте! С вами {opname}. Детали по {order} я взял(а) из переписки, так что приступаю к проверке.",
		   "{opname} на смене, [добрый день|здравствуйте]. Ситуация из чата мне понятна, номер {order} есть, разбираюсь."),
		 L("Здравствуйте[, {cname}|]! Вас приветствует {opname}. Предысторию я уже знаю, а номер {order} нашёл(нашла) в системе — проверяю.",
		   "{opname}, отдел поддержки. Всё, что вы объяснили боту, я посмотрел(а) — по {order} уже выясняю, что случилось.",
		   "Добрый день! На линии {opname}. Из диалога выше всё ясно, заказ {order} уже открыт у меня.",
		   "Приветствую[, {cname}|], я {opname}. Повторять не нужно: ваш рассказ и {order} у меня на экране, разбираюсь.",
		   "Здравствуйте! Меня подключили к вашему чату, я {opname}. Проблему с {order} вижу — уже работаю.",
		   "{opname} из поддержки, добрый день. Ваш вопрос я понял(а) по переписке — занимаюсь.") },
	[EN] = { L("Hi[ {cname}|], {opname} here. I can see order {order} in the chat, checking now.",
		   "{opname} from support. I've read the history, looking into {order}.",
		   "Hello! I'm {opname}. I see you already mentioned {order}, on it."),
		 L("{opname} joining. Got the details above, {order}, digging in.", "Hi, {opname} here, I've caught up on the thread about {order}."),
		 L("Hi[ {cname}|], it's {opname} from the support team. I've gone through your chat with the bot and I'm checking {order} now.",
		   "{opname} here — no need to repeat anything, I can see the whole conversation. Looking into it.",
		   "Hello, {opname} speaking. I'm up to speed on {order} from the messages above.",
		   "Thanks for waiting, I'm {opname}. I've caught up on everything you told the bot; give me a moment to check."),
		 L("Hi[ {cname}|], {opname} here. I've scrolled through your chat with the bot, so I know what's happened with {order} — checking now.",
		   "{opname} from support. The bot passed me your full conversation and I've got {order}, so I'm on it.",
		   "Hello, this is {opname}. I've read everything above, you won't need to explain again — looking at {order}.",
		   "Hey, {opname} here. I can see from the chat history what the issue is; picking it up now.",
		   "Thanks for holding! I'm {opname}, and I've got all the details you gave the bot in front of me."),
		 L("Hi[ {cname}|], this is {opname} from customer care. I've read your messages to the bot and I've got {order} open in front of me.",
		   "{opname} here, taking over from the bot. Everything you've written is visible to me — checking {order} now.",
		   "Hello, {opname} speaking. Thanks for the detail you gave earlier; I'm already looking up {order}.",
		   "Good afternoon[ {cname}|], I'm {opname}. I've read back through the chat, so I know what's up with {order}.",
		   "Hi, I'm {opname}, just joined. I've got all the info from the conversation above and I'm working on {order}."),
		 L("{opname} here[, {cname}|]. I've got your conversation with the bot open, so no need to go over it again — looking into {order}.",
		   "Hi! It's {opname}. Everything's clear from your messages above, and I can see {order} — let me find out what's gone on.",
		   "Hello, I'm {opname} and I'm picking up your request. The bot has briefed me on everything you wrote.",
		   "{opname}, customer support. Thanks for explaining it all so clearly to the bot — I have the details for {order} and I'm checking now.",
		   "Hi[ {cname}|]! {opname} on the line. Your chat history came through with you, so I know the whole story — getting started."),
		 L("Hi[ {cname}|], {opname} stepping in. I've been through what you told the bot and I have {order}, so I'm checking it now.",
		   "Hello, {opname} here. Your messages and {order} are all on my screen, so let's carry on from there.",
		   "Good evening[ {cname}|], I'm {opname}. I've got the full picture from the chat and I'm looking into {order} right away.",
		   "This is {opname} from support. I've already reviewed your conversation about {order}; let me check a few things.",
		   "Hi! {opname} with you now. The bot handed over your whole chat, so I know about {order} — on it.",
		   "{opname} here, picking this up. I can see everything you wrote earlier, including {order}; checking now."),
		 L("Hi[ {cname}|]! You've got {opname} now. I already know the backstory and {order} is pulled up — checking.",
		   "{opname}, support team. I've looked over everything you explained to the bot; now finding out what happened with {order}.",
		   "Good day! {opname} on this chat. It's all clear from the thread above; {order} is already open on my side.",
		   "Hello[ {cname}|], I'm {opname}. No need to say it twice — your explanation and {order} are right here, I'm on it.",
		   "Hi! I've been put on your chat, I'm {opname}. The trouble with {order} is clear to me, working on it now.",
		   "{opname} from support, hello. I've understood your question from the messages so far — dealing with it.") } },
[S_OP_ASK_ORDER] = {
	[RU] = { L("Здравствуйте! Меня зовут {opname}. [Подскажите|Назовите], пожалуйста, номер заказа.",
		   "Добрый день! Напишите номер [заказа|счёта], пожалуйста."),
		 L("Приветствую! Для начала продиктуйте номер заказа."),
		 L("Добрый день, на связи {opname}. Для проверки мне понадобится номер вашего заказа.",
		   "Здравствуйте! Уточните, пожалуйста, о каком заказе идёт речь — нужен номер.",
		   "Я {opname}, поддержка. Скажите номер заказа или счёта, найду его в системе.",
		   "Это {opname}. Чтобы найти ваш заказ, продублируйте его номер, пожалуйста."),
		 L("Здравствуйте! Это {opname}. Пришлите, пожалуйста, номер заказа, без него я ничего не найду.",
		   "Добрый день! {opname} на связи. Какой номер у вашего заказа?",
		   "Здравствуйте. Без номера заказа не смогу ничего проверить — напишите его, пожалуйста.",
		   "{opname}, служба поддержки. Сообщите номер счёта или заказа, пожалуйста."),
		 L("Добрый день! Меня зовут {opname}. Какой номер заказа, по которому вы обращаетесь?",
		   "Здравствуйте! Первым делом мне нужен номер заказа — напишите его сюда, пожалуйста.",
		   "Я {opname}. Напомните номер заказа или счёта?",
		   "Чтобы найти заказ, мне потребуется его номер. Подскажете?"),
		 L("Добрый день! {opname} на линии. Под каким номером оформлен ваш заказ?",
		   "Здравствуйте! Введите, пожалуйста, номер заказа — он есть в письме с подтверждением.",
		   "{opname}, поддержка. Отправьте мне номер заказа или счёта, я проверю его по базе.",
		   "Здравствуйте, я {opname}. Давайте начнём с номера заказа — какой он у вас?"),
		 L("Здравствуйте, {opname} на связи. Укажите, пожалуйста, номер заказа.",
		   "Добрый день! Я {opname}. Поделитесь номером заказа — по нему я всё посмотрю.",
		   "Здравствуйте! С каким номером заказа мне работать?",
		   "{opname}, добрый день. Номер заказа у вас под рукой? Наберите его, пожалуйста.",
		   "Добрый день, это {opname}. Перешлите мне, пожалуйста, номер заказа или счёта.",
		   "Здравствуйте, я {opname}. Номер заказа, пожалуйста: по нему я подниму все данные."),
		 L("Здравствуйте, {opname} подключился(ась). Какой номер у заказа, о котором речь?",
		   "Добрый день! Мне для начала нужен номер заказа. Сможете написать?",
		   "Это {opname}. У меня не отображается номер заказа — пришлите его ещё раз, пожалуйста.",
		   "{opname}, здравствуйте. По какому заказу обращаетесь? Номер нужен.",
		   "Добрый день! Номерок заказа не подскажете? Без него не проверю.",
		   "Здравствуйте! Уточните номер заказа — иначе я его не найду, к сожалению.") },
	[EN] = { L("Hello, {opname} here. Could you tell me your order number?",
		   "Hi! What is your [order|invoice] number, please?"),
		 L("Hi there, first I'll need the order number."),
		 L("Hi, {opname} here. To look into this I'll need your order reference.",
		   "Hello! Which order is this about? Please send me the number.",
		   "Could you share the order or invoice number so I can pull it up?",
		   "Hello, it's {opname}. What's the order number, please?"),
		 L("Hi, {opname} here. Can you send over your order number so I can take a look?",
		   "Hello! I can't check anything without the order number — what is it?",
		   "Hi there, which order number are we talking about?",
		   "{opname} from support. Please type the order or invoice number here."),
		 L("Hi, I'm {opname}. What order number are you contacting us about?",
		   "Hello! First things first — could I have your order number?",
		   "{opname} here. Can you remind me of the order or invoice number?",
		   "To locate your order I'll need its number, please."),
		 L("Hi, {opname} on the line. What number is your order under?",
		   "Hello! Could you enter your order number? You'll find it in your confirmation email.",
		   "{opname}, support. Drop me the order or invoice number and I'll look it up in the system.",
		   "Hi, I'm {opname}. Let's start with the order number, if you don't mind."),
		 L("Hi, {opname} speaking. Could you let me have your order number?",
		   "Hello! Please provide the order number so I can look into this.",
		   "Hi there, I'm {opname}. What's the number on the order? I'll need it to check.",
		   "{opname} here. Could you paste the order or invoice number into the chat?",
		   "Hello, it's {opname}. Do you have the order number handy? Please quote it here.",
		   "Hi! Before I can help, I need the order number — could you pass it on?"),
		 L("Hi, {opname} has joined. What's the number of the order in question?",
		   "Hello! To begin, could you type your order number in?",
		   "It's {opname}. The order number isn't showing on my side — could you send it again?",
		   "{opname}, hello. What order are we dealing with? I'll need the number.",
		   "Got the order number to hand? Please share it so I can check.",
		   "Hi! Would you re-send the order number? I can't find it otherwise.") } },
[S_OP_ASK_EMAIL] = {
	[RU] = { L("Здравствуйте! Напишите ваш e-mail, пожалуйста.", "Добрый день! На какую почту зарегистрирован аккаунт?"),
		 L("Приветствую! Продиктуйте адрес электронной почты."),
		 L("Здравствуйте! Уточните, пожалуйста, адрес почты, привязанный к аккаунту.",
		   "Добрый день, я {opname}. Какой e-mail вы используете для входа?",
		   "Напишите, пожалуйста, логин — электронную почту от личного кабинета.",
		   "Здравствуйте, это {opname}. На какой адрес почты оформлен личный кабинет?"),
		 L("Здравствуйте! Для поиска аккаунта пришлите, пожалуйста, вашу электронную почту.",
		   "Добрый день, {opname} на связи. Какой адрес e-mail у вашей учётной записи?",
		   "Здравствуйте. Подскажите почту, с которой вы регистрировались.",
		   "Это {opname}. Напишите e-mail — по нему я найду ваш профиль."),
		 L("Добрый день! Меня зовут {opname}. Назовите e-mail от вашей учётной записи, пожалуйста.",
		   "Здравствуйте! Под каким e-mail вы заходите в сервис?",
		   "{opname}, поддержка. Напомните, пожалуйста, ваш e-mail.",
		   "Скажите, на какой почтовый ящик приходят наши письма?"),
		 L("Добрый день! {opname} на линии. Какой электронный адрес указан в вашем профиле?",
		   "Здравствуйте! Отправьте, пожалуйста, адрес электронной почты — без него я не найду ваш кабинет.",
		   "Здравствуйте, я {opname}. Для начала мне понадобится ваш электронный адрес.",
		   "Здравствуйте! Поиск идёт по e-mail, так что напишите его, пожалуйста."),
		 L("Здравствуйте, {opname} на связи. Укажите, пожалуйста, вашу электронную почту.",
		   "Добрый день! Поделитесь адресом почты, с которым вы входите в кабинет.",
		   "Я {opname}. Чтобы отыскать ваш аккаунт, мне нужен e-mail. Какой он?",
		   "Здравствуйте! Какая почта у вас привязана к профилю?",
		   "{opname}, добрый день. Перешлите, пожалуйста, ваш e-mail — по нему найду учётную запись."),
		 L("Здравствуйте, это {opname}. На какую почту у вас заведён аккаунт?",
		   "Добрый день! Напишите, пожалуйста, электронный адрес, под которым входите в систему.",
		   "{opname}, поддержка. Мне нужна ваша почта, чтобы найти профиль, — сообщите её, пожалуйста.",
		   "Здравствуйте! Какой e-mail указывали при регистрации?",
		   "Это {opname}. Почту вашего аккаунта не вижу — пришлите её ещё раз, пожалуйста.") },
	[EN] = { L("Hello! Could you give me your e-mail address?", "Hi, which e-mail is the account registered to?"),
		 L("Hi there, I'll need the e-mail on the account first."),
		 L("Hello, {opname} here. What's the email address linked to your account?",
		   "Hi! Can you confirm the email you log in with?", "Which email do you use to sign in, please?",
		   "Hi, {opname} from support. What email is the account under?"),
		 L("Hi, could you send me the email address on your account so I can find it?",
		   "Hello, {opname} here. What email did you register with?",
		   "Hi there, which email address should I search for?",
		   "{opname} from support. Please type the email you use for your account."),
		 L("Hi, {opname} here. Which email address do you receive our messages at?",
		   "Hello! Can you remind me of your account email?",
		   "What's the email on your profile, please?",
		   "Hi! What address do you use to log in? I'll need it to look you up."),
		 L("Hi, {opname} on the line. Could I get your email address to find your account?",
		   "Hello! I search by email, so please pop yours in here.",
		   "Hi, I'm {opname}. Before anything else, may I take your email address?",
		   "{opname}, customer care. Please send me your email so I can bring up your details."),
		 L("Hi, {opname} here. Could you let me have the email linked to your login?",
		   "Hello! Please provide the email you signed up with.",
		   "I'm {opname}. To track down your account, I need your email — what is it?",
		   "Hi! Which email address is tied to your profile?",
		   "{opname} here. Could you paste your account email into the chat?"),
		 L("Hi, it's {opname}. What email is your account set up with?",
		   "Hello! Could you type the address you sign in with? Your email, I mean.",
		   "{opname}, support. Your email is what I'll search by — could you give it to me?",
		   "Hi! Which email did you use when registering?",
		   "It's {opname}. I can't see the email for your account — could you send it again?") } },
[S_OP_ASK_WHAT] = {
	[RU] = { L("Здравствуйте! Опишите, пожалуйста, вашу проблему.", "Добрый день! Что у вас случилось?"),
		 L("Приветствую! Расскажите с самого начала, что произошло?"),
		 L("Здравствуйте, меня зовут {opname}. С каким вопросом вы обращаетесь?",
		   "Добрый день! В чём суть вашего обращения?",
		   "Здравствуйте! Я {opname}. Напишите, пожалуйста, с чем вам помочь.",
		   "Добрый день, это {opname}. Какой у вас вопрос?"),
		 L("Здравствуйте! Я {opname}. Коротко опишите, пожалуйста, ситуацию.",
		   "Добрый день, {opname} на связи. Чем могу помочь?",
		   "Здравствуйте. Что именно у вас не получается?",
		   "Приветствую, это {opname}. Изложите, пожалуйста, суть проблемы."),
		 L("Здравствуйте, я {opname}. По какому вопросу вы к нам?", "Добрый день! Что вас беспокоит?",
		   "{opname}, поддержка. Объясните, пожалуйста, в чём сложность?",
		   "Напомните, пожалуйста, с чем нужна помощь?"),
		 L("Здравствуйте, {opname} на линии. Введите меня, пожалуйста, в курс дела.",
		   "Добрый день! Я {opname}. Давайте по порядку: что у вас не так?",
		   "Здравствуйте! Чтобы помочь, мне нужно понять ситуацию — расскажете, что стряслось?",
		   "{opname}, поддержка. Какая у вас возникла проблема?"),
		 L("Здравствуйте, я {opname}. Поясните, пожалуйста, что случилось?",
		   "Добрый день! С чем вы столкнулись?",
		   "{opname} на связи. Что у вас не ладится?",
		   "Здравствуйте! Опишите, пожалуйста, что пошло не так.",
		   "Добрый день, меня зовут {opname}. Что привело вас в поддержку?",
		   "Здравствуйте! Я {opname}. Можете рассказать, какая у вас ситуация?"),
		 L("Здравствуйте, это {opname}. Что у вас произошло? Расскажите, пожалуйста.",
		   "Добрый день! В чём у вас проблема?",
		   "{opname}, поддержка. Опишите своими словами, что не работает.",
		   "Здравствуйте! Какой вопрос вас к нам привёл?",
		   "Я {opname}. Подскажите, с какой проблемой вы столкнулись?",
		   "Добрый день, {opname} здесь. Изложите, пожалуйста, вопрос ещё раз — с чего всё началось?") },
	[EN] = { L("Hi! How can I help you today?", "Hello, what seems to be the problem?"),
		 L("Hi there, could you start from the beginning?"),
		 L("Hi, {opname} here. What can I do for you?", "Hello! What's the issue you're having?",
		   "Hi, could you tell me what you need help with?",
		   "Hello, {opname} speaking. What brings you to support today?"),
		 L("Hi, {opname} here. What's going on?",
		   "Hello! Could you briefly describe the situation for me?",
		   "Hi there, what exactly isn't working for you?",
		   "{opname} from support. What's the problem you're contacting us about?"),
		 L("Hi, I'm {opname}. What are you getting in touch about?", "Hello! What's the trouble?",
		   "{opname} from the help desk. Can you explain what's happening?",
		   "Remind me what you need a hand with?"),
		 L("Hi, {opname} on the line. Could you fill me in on what's happened?",
		   "Hello! I'm {opname}. Let's take it step by step: what's gone wrong?",
		   "Hi there! To help, I need to understand the situation — what's up?",
		   "{opname}, support. What problem have you run into?"),
		 L("Hi, I'm {opname}. What's the matter?",
		   "Hello! What can I help you sort out?",
		   "{opname} here. Can you tell me what's happening on your side?",
		   "Hi there! Walk me through the problem, please.",
		   "Hello, I'm {opname}. Which problem are you writing about?"),
		 L("Hi, it's {opname}. What's happened? Tell me, please.",
		   "Hello! So what's wrong?",
		   "{opname}, support. In your own words, what isn't working?",
		   "Hi! What can we fix for you?",
		   "I'm {opname}. Which problem have you come up against?",
		   "Hello, this is {opname}. Please explain the issue once more — how did it all start?") } },
[S_REANSWER_ORDER] = {
	[RU] = { L("[Я же уже писал|Я уже писала выше]: {order}", "{order}", "номер {order}, всё есть в переписке"),
		 L("Выше же указано — {order}", "{order}, прокрутите чат вверх"),
		 L("Номер уже есть в чате: {order}. Зачем снова спрашивать?",
		   "{order} — я же это боту уже [отправлял|отправляла]",
		   "Ещё раз номер: {order}. Вы историю не видите?", "Да {order} же, сколько можно переспрашивать"),
		 L("Опять? {order}. Всё это уже было в чате",
		   "{order}, как и раньше. Бот вам что, ничего не передал?",
		   "Повторяю в который раз: {order}",
		   "Номер заказа {order}. Странно, что его приходится сообщать дважды"),
		 L("{order}. Неужели нельзя посмотреть выше?", "Уже [называл|называла] же: {order}",
		   "{order}. Это уже третий раз, когда я его пишу",
		   "Номер тот же — {order}. Почему вам не передают переписку?"),
		 L("{order}. Я это уже [указывал|указывала] в самом первом сообщении",
		   "Номер заказа — {order}. Бот его получил, почему вы не видите?",
		   "Посмотрите начало чата, там всё есть: {order}",
		   "{order}, как я и [писал|писала] раньше. У вас переписка не сохраняется, что ли?"),
		 L("{order}. Этот номер бот от меня уже получал, зачем снова?",
		   "Да сколько раз писать номер: {order}!",
		   "{order} — в чате это самое первое, что я [написал|написала]",
		   "Вы разве не видите переписку выше? Номер {order}",
		   "Прошу заметить, номер я уже [указал|указала]: {order}"),
		 L("{order}! Это уже было, неужели трудно посмотреть?",
		   "Номер заказа — {order}. Сколько раз его повторять?",
		   "Листайте вверх, там {order}",
		   "Ну {order} же. Боту я это [сообщал|сообщала] сразу",
		   "{order}. Вам переписку не показывают, что ли?") },
	[EN] = { L("I already said: {order}", "{order}", "{order}. It's right there in the chat"),
		 L("Scroll up — {order}", "{order}, as mentioned earlier"),
		 L("It's {order} — I gave it to the bot already", "{order}. Don't you have the chat history?",
		   "Again? It's {order}", "Same as before: {order}"),
		 L("{order}. How many times do I need to give you this?",
		   "Seriously? {order} — read the conversation",
		   "{order}, the same number I sent ten minutes ago",
		   "It's still {order}. Didn't the bot pass that on?"),
		 L("{order}. Can't you see the earlier messages?", "I've given it already: {order}",
		   "{order} — that's the third time I've typed it",
		   "Same number, {order}. Why doesn't the bot hand over the chat?"),
		 L("{order}. I put that in my very first message",
		   "Order number's {order}. The bot had it ages ago, why haven't you got it?",
		   "Look at the top of the conversation: {order}",
		   "{order}, like I wrote before. Does your system not save the chat or something?"),
		 L("{order}. I already gave that to the bot — don't you read the chat?",
		   "It's {order}, and yes, I've typed it before",
		   "{order} — it was the first thing I wrote in this chat",
		   "Can't you see the conversation above? The number is {order}",
		   "For the record, I provided it already: {order}"),
		 L("{order}! I've written it already, is it that hard to check?",
		   "The order number is {order}. How often must I repeat it?",
		   "Scroll back, it's {order}",
		   "It's {order}, obviously. The bot has known it from the start",
		   "{order}. Don't they show you the conversation or what?") } },
[S_REANSWER_EMAIL] = {
	[RU] = { L("{email}", "я же писал: {email}"), L(),
		 L("Почта та же, что я [указывал|указывала]: {email}", "{email} — это уже было в переписке",
		   "Вы же видите мой e-mail выше: {email}", "Адрес я уже [называл|называла]: {email}"),
		 L("{email}, я же это уже [отправлял|отправляла]", "Опять почту? {email}",
		   "{email}. Неужели бот вам ничего не передал?", "Мой адрес {email}, выше он тоже есть"),
		 L("{email}. Уже же [называл|называла]", "{email}. Разве это не видно из переписки?",
		   "Ещё раз пишу адрес: {email}", "Всё тот же {email}, ничего не поменялось"),
		 L("{email}. Я его уже [указывал|указывала] в начале переписки",
		   "Эта почта уже есть выше: {email}. Пролистайте, пожалуйста",
		   "Посмотрите самое первое сообщение, там {email}",
		   "{email}. Вы что, не видите, что я [писал|писала] боту?"),
		 L("{email}. Я же [давал|давала] его боту",
		   "{email}, я [сообщал|сообщала] это раньше",
		   "Вы правда не видите мою почту выше? {email}",
		   "Снова? Ладно: {email}",
		   "Адрес не менялся — {email}. Прочитайте переписку, пожалуйста"),
		 L("{email}! Уже [писал|писала] же",
		   "Почта — {email}. Она есть в переписке выше",
		   "Да {email} же, боту я её [называл|называла] сразу",
		   "{email}. Сколько можно спрашивать одно и то же?",
		   "Опять адрес? {email}, листайте вверх") },
	[EN] = { L("{email}", "As I wrote: {email}"), L(),
		 L("It's {email}, same as I told the bot", "{email} — it's already in the chat",
		   "Still {email}, as I said before", "{email}. You should already have that"),
		 L("{email}. How many times do I need to type it?", "Again? {email}",
		   "{email} — didn't the bot pass that on to you?",
		   "My address is {email}, you'll find it further up"),
		 L("{email}. I've given that already", "{email} — is the chat history not visible to you?",
		   "Typing it once more: {email}", "It hasn't changed: {email}"),
		 L("{email}. I put that at the very beginning of the chat",
		   "It's {email}. I've lost count of how often I've typed it",
		   "Check my first message, it says {email}",
		   "{email}, same as before. Does nobody pass the chat along over there?"),
		 L("{email}. The bot got this from me ages ago",
		   "Fine, once again: {email}",
		   "You really can't see my email above? It's {email}",
		   "{email} — I mentioned it earlier, please check the chat",
		   "Nothing's changed, it's {email}. Please read back through the messages"),
		 L("{email}! I already wrote it",
		   "Email: {email}. It's in the conversation above",
		   "{email}, obviously — the bot got it from me first thing",
		   "{email}. Why do you keep asking the same thing?",
		   "My address again? {email}, scroll back up") } },
[S_REANSWER_WHAT] = {
	[RU] = { L("Я же всё написал выше!", "Читайте переписку, там всё есть"), L(),
		 L("Прочитайте, пожалуйста, историю — я всё подробно [описал|описала]",
		   "Опять с самого начала? Всё есть в сообщениях выше",
		   "Вам что, не передали переписку? Я уже всё [рассказал|рассказала]",
		   "Я не буду повторять, всё написано выше"),
		 L("Серьёзно? Пролистайте чат вверх, там всё описано",
		   "Мне что, по новой всё излагать? Посмотрите историю",
		   "Странно, что вы не видите мои предыдущие сообщения. Проблема описана там",
		   "Я десять минут это [объяснял|объясняла] боту, прочитайте, пожалуйста"),
		 L("Я уже подробно всё [расписал|расписала] боту — неужели это не видно?",
		   "Пересказывать заново? Откройте историю чата",
		   "Ответ выше, в начале диалога. Почитайте, пожалуйста",
		   "Зачем было писать боту, если вы всё равно переспрашиваете?"),
		 L("Всё подробно изложено в начале чата. Почитайте, а не переспрашивайте",
		   "Ну вот, снова здорово. Я же всё [объяснил|объяснила] пару минут назад",
		   "Описание проблемы — в моих первых сообщениях. Второй раз писать всё это не хочется",
		   "Вы серьёзно не видите, что я [писал|писала] боту? Там всё по пунктам"),
		 L("Я уже всё [изложил|изложила] чуть выше — просто прочитайте",
		   "Описание проблемы есть выше, загляните туда, пожалуйста",
		   "Неужели опять всё заново объяснять? Переписка же сохранилась",
		   "Переписку с ботом вы не открывали? Там всё сказано",
		   "Мне что, всё повторить с нуля? Проблема описана выше"),
		 L("Всё описано выше — листайте вверх, пожалуйста",
		   "Опять рассказывать с нуля? Боту я уже всё [объяснил|объяснила]",
		   "Проблему я уже [описывал|описывала], посмотрите переписку",
		   "Вам разве не передали мой разговор с ботом? Там вся суть",
		   "Всё там, в начале чата. Повторять не буду") },
	[EN] = { L("I explained everything above!", "Please read the chat, it's all there"), L(),
		 L("Can you not see what I wrote to the bot? It's all there",
		   "Do I really have to explain it all over again?",
		   "Everything's in the messages above, please check them",
		   "I've already been through all this with the bot"),
		 L("Seriously? It's all described further up",
		   "Do I have to start over? The history's right there",
		   "I spent ten minutes explaining this to the bot — please read it",
		   "Weird that you can't see my earlier messages. The problem is explained there"),
		 L("Why did I bother typing it all to the bot if you're asking again?",
		   "I'd rather not repeat myself — the details are at the top of the chat",
		   "It's all in my first message, please have a look",
		   "Go back through the conversation, I've explained it there"),
		 L("It's all laid out at the start of the chat — please read it instead of asking again",
		   "Here we go again. I explained all that a couple of minutes ago",
		   "The problem's described in my first few messages; I don't fancy typing it all out twice",
		   "Are you seriously not seeing what I sent the bot? I listed everything point by point"),
		 L("I already described everything above — please just read it",
		   "Scroll back and you'll find the whole explanation",
		   "Do I seriously need to explain it from scratch? The chat is saved, surely",
		   "Didn't you read what I told the bot? I covered everything",
		   "Repeat it all from zero? The problem is written above"),
		 L("It's all described above — scroll up, please",
		   "Start again from zero? I already explained everything to the bot",
		   "I've already described the problem, check the conversation",
		   "Didn't my conversation with the bot get passed on? The whole story's in there",
		   "Everything's written up there already. I'm not going to repeat it") } },
[S_PRICE_LIST_Q] = {
	[RU] = { L("Пришлите прайс", "Где можно скачать прайс-лист?", "Есть каталог в PDF?", "скиньте тарифы файлом"),
		 L("Хочу посмотреть полный прайс", "Выгрузите мне список цен"),
		 L("Можно получить все ваши цены одним файлом?", "Есть где-нибудь таблица со всеми ценами?",
		   "Отправьте, пожалуйста, актуальный перечень цен",
		   "Нужны цены на весь ассортимент — есть такой документ?"),
		 L("Поделитесь прайсом в Excel?", "Можно вашу коммерческую презентацию с ценами?",
		   "Где глянуть стоимость всех позиций разом? Файлик есть?",
		   "Скиньте, пожалуйста, прейскурант на почту или сюда"),
		 L("Нужен перечень услуг с ценами — пришлёте?", "Где взять ваш свежий каталог с ценами?",
		   "Дайте ссылку на файл с расценками",
		   "Хочу показать ваши цены начальству — есть что-нибудь для скачивания?"),
		 L("Можно где-то посмотреть все цены списком? Желательно в PDF",
		   "Для тендера нужен ваш официальный прайс-лист — откуда его скачать?",
		   "Хочу сравнить ваши цены с другими — дадите полный список в файле?",
		   "Где лежит ваш price list? На сайте не [нашёл|нашла]"),
		 L("Есть у вас полный список цен для скачивания?",
		   "Вышлите, пожалуйста, ваши расценки одним документом",
		   "Можно где-то скачать ваши цены? Нужен файл",
		   "Не подскажете, где найти цены на все товары сразу, в виде файла?",
		   "Сбросьте, пожалуйста, цены на всё в одном файле"),
		 L("Скиньте, пожалуйста, ссылку на прайс",
		   "А прайс-лист у вас можно где-то скачать?",
		   "Есть ли документ со всеми ценами? Хочу изучить на досуге",
		   "Пришлите перечень расценок в PDF или Excel",
		   "Мне нужен полный прайс — выложите куда-нибудь файлом?") },
	[EN] = { L("Can you send me the price list?", "Where can I download your pricing?", "Do you have a PDF catalog?"),
		 L("I'd like the full list of prices", "Is there a rate card I can grab?"),
		 L("Is there a downloadable price sheet?", "Can I get all your prices in one document?",
		   "Do you have a brochure with prices?", "Where can I find a full breakdown of your prices?"),
		 L("Could you share your prices as a spreadsheet?",
		   "Is there a sales deck with prices I could have?",
		   "Mind sending over your current rates in a file?",
		   "Where can I get a copy of your tariff guide?"),
		 L("Have you got a pricing document I can download?",
		   "Could you email me your full list of rates?",
		   "Is there a link to your current catalogue with prices?",
		   "I'd like something with all your prices to show my boss — is there a file?"),
		 L("Where can I see all your prices listed together? A PDF would be ideal",
		   "I need your official price list for a tender — where can I get it?",
		   "I'm comparing suppliers; could you give me your complete pricing as a file?",
		   "Where's your price list kept? I couldn't find it on the website"),
		 L("Is there a complete list of your prices I can download?",
		   "Please send over your rates as a single document",
		   "Where can I get hold of your prices in a file?",
		   "Could I have a PDF with all your prices?",
		   "Is your full pricing available as a download somewhere?"),
		 L("Any chance of a link to your price list?",
		   "Is your price list downloadable anywhere?",
		   "Is there a document with every price on it? I'd like to look it over later",
		   "Please send your rates in a PDF or spreadsheet",
		   "I need the full price list — can you share it as a file?") } },
[S_PRICE_LIST_A] = {
	[RU] = { L("[Вот|Держите] файл: example.ru/{item}", "Прайс-лист по ссылке: example.ru/{item}"), L() },
	[EN] = { L("Here you go: example.com/{item}", "The file is here: example.com/{item}"), L() } },
[S_CALL_Q] = {
	[RU] = { L("Перезвоните мне, пожалуйста: {phone_fmt}", "Мой номер {phone_fmt}, жду звонка",
		   "Можно менеджера на телефон? {phone_fmt}"),
		 L("Наберите меня по номеру {phone_fmt}", "Оставлю контакт: {phone_fmt}, позвоните"),
		 L("Буду ждать звонка: {phone_fmt}", "Хочу обсудить условия по телефону, мой номер {phone_fmt}",
		   "Свяжитесь со мной, пожалуйста, по номеру {phone_fmt}", "Удобнее голосом — позвоните на {phone_fmt}"),
		 L("Лучше созвониться. Вот мой телефон: {phone_fmt}",
		   "Пусть менеджер свяжется со мной по телефону {phone_fmt}",
		   "Можете позвонить на {phone_fmt}? Так будет быстрее",
		   "Прошу обратный звонок на номер {phone_fmt}"),
		 L("Не могли бы вы мне позвонить? Телефон {phone_fmt}",
		   "Запишите мой номер {phone_fmt} и перезвоните, когда будет возможность",
		   "Мне проще обсудить всё голосом. Номер: {phone_fmt}",
		   "Хочу, чтобы позвонил кто-то из отдела продаж: {phone_fmt}",
		   "Вот мой телефон для обратной связи: {phone_fmt}"),
		 L("Можно договориться о звонке? Я на связи по номеру {phone_fmt}",
		   "Звякните мне на {phone_fmt}, пожалуйста",
		   "Предпочитаю общаться по телефону. {phone_fmt} — звоните в любое время",
		   "Мне бы поговорить с менеджером по телефону, номер {phone_fmt}"),
		 L("Позвоните мне, пожалуйста, вот номер: {phone_fmt}",
		   "Удобнее будет, если менеджер наберёт меня: {phone_fmt}",
		   "[Готов|Готова] обсудить всё по телефону, номер {phone_fmt}",
		   "Хочу, чтобы со мной связались голосом — {phone_fmt}",
		   "Организуйте, пожалуйста, звонок на {phone_fmt}"),
		 L("Перезвоните, пожалуйста, на {phone_fmt} — так быстрее",
		   "Жду звонка от менеджера, телефон {phone_fmt}",
		   "Давайте лучше созвонимся: {phone_fmt}",
		   "Мой мобильный {phone_fmt}. Наберите, когда сможете",
		   "Если не трудно, позвоните мне по номеру {phone_fmt}") },
	[EN] = { L("Please call me back at {phone_fmt}", "My number is {phone_fmt}, call me",
		   "Could a sales rep phone me? {phone_fmt}"),
		 L("Ring me on {phone_fmt}", "Leaving my number: {phone_fmt}, give me a call"),
		 L("Can someone give me a call on {phone_fmt}?",
		   "I'd prefer to talk this through by phone: {phone_fmt}",
		   "Best to reach me on {phone_fmt}, please get in touch",
		   "Here's my mobile, {phone_fmt}. A quick call would be great"),
		 L("Easier to talk on the phone — my number's {phone_fmt}",
		   "Please ask a salesperson to get in touch on {phone_fmt}",
		   "I'd like a callback, please: {phone_fmt}",
		   "Drop me a call at {phone_fmt} when you're free"),
		 L("Could you give me a ring? I'm on {phone_fmt}",
		   "Would someone from sales be able to phone me at {phone_fmt}?",
		   "Take down my number, {phone_fmt}, and call when you can",
		   "I'd rather discuss it by voice. You can reach me at {phone_fmt}"),
		 L("Can we set up a quick phone call? Number: {phone_fmt}",
		   "Give me a buzz on {phone_fmt}, please",
		   "I prefer talking things over on the phone. {phone_fmt}, call any time",
		   "I'd like to chat with a sales manager by phone — {phone_fmt}"),
		 L("Please phone me — {phone_fmt}",
		   "Could a manager ring me? My number is {phone_fmt}",
		   "I'm happy to chat on the phone: {phone_fmt}",
		   "I'd rather talk voice to voice — my number is {phone_fmt}",
		   "Please arrange a call to {phone_fmt}"),
		 L("Please call me on {phone_fmt} — it's quicker",
		   "I'll wait for a manager's call, number {phone_fmt}",
		   "Let's just have a call: {phone_fmt}",
		   "My mobile is {phone_fmt}. Ring when you're able",
		   "If it's no trouble, could you ring {phone_fmt}?") } },
[S_CALL_A] = {
	[RU] = { L("Передал менеджеру, он перезвонит [сегодня|в течение часа].", "Записал. Менеджер свяжется с вами."), L() },
	[EN] = { L("Passed to a manager, they'll call you [today|within the hour].", "Noted. A manager will be in touch."), L() } },
[S_SMALL_Q] = {
	[RU] = { L("Вы работаете в субботу?~0", "Где ваш офис?~1", "Доставляете в {city}?~2", "До скольки работает поддержка?~3"),
		 L("По субботам открыты?~0", "А офис у вас где находится?~1", "В {city} возите?~2"),
		 L("Суббота у вас рабочий день?~0", "Подскажите ваш адрес, хочу подъехать лично~1",
		   "Можно оформить доставку в {city}?~2", "В какие часы отвечает служба поддержки?~3",
		   "Поддержка работает ночью?~3"),
		 L("В выходные вы работаете?~0", "Где вас можно найти? Хочу заехать~1",
		   "Отправляете заказы в {city}?~2", "Какой график у службы поддержки?~3",
		   "С какого по какое время можно писать в поддержку?~3"),
		 L("В субботу к вам можно приехать?~0", "По какому адресу вас найти?~1",
		   "А до города {city} доставка есть?~2", "Во сколько заканчивает работу поддержка?~3",
		   "Поддержка отвечает в праздники?~3"),
		 L("А в субботу вы на месте?~0", "Подскажите, где находится ваш шоурум?~1",
		   "Можно получить заказ, если я живу в городе {city}?~2",
		   "Поддержка отвечает круглые сутки или только днём?~3"),
		 L("Работает ли ваш офис в субботу?~0",
		   "Как до вас добраться, где офис?~1",
		   "Есть ли доставка в {city}?~2",
		   "Получится ли привезти заказ в {city}?~2",
		   "Когда поддержка на связи?~3",
		   "Поддержка отвечает поздно вечером?~3"),
		 L("Принимаете ли вы клиентов в субботу?~0",
		   "Скажите адрес офиса~1",
		   "Где вы территориально?~1",
		   "Возите ли вы заказы в {city}?~2",
		   "Поддержка у вас до которого часа?~3",
		   "В какое время можно написать в поддержку?~3") },
	[EN] = { L("Are you open on Saturday?~0", "Where is your office?~1", "Do you deliver to {city}?~2", "What are your support hours?~3"),
		 L("Open on Saturdays?~0", "Where are you based?~1", "Any shipping to {city}?~2"),
		 L("Is Saturday a working day for you?~0", "What's your address? I'd like to drop by~1",
		   "Can I get it shipped to {city}?~2", "When is your support team available?~3",
		   "Is your support open at night?~3"),
		 L("Do you work weekends?~0", "Is there a showroom or office I can visit?~1",
		   "Do you ship out to {city}?~2", "What time does your helpdesk close?~3",
		   "Can I reach support on a Sunday evening?~3"),
		 L("Do you open Saturdays too?~0", "Where can I find you? Got an address?~1",
		   "Is {city} in your delivery area?~2", "How late is support available?~3",
		   "Till what time can I message support?~3"),
		 L("Is anyone in on a Saturday?~0", "Whereabouts is your office?~1",
		   "If I live in {city}, can you deliver to me?~2",
		   "Is support staffed round the clock or just during the day?~3"),
		 L("Can I come by on a Saturday?~0",
		   "How do I find your office?~1",
		   "Could you send an order to {city}?~2",
		   "What hours does support keep?~3",
		   "Is the support chat open late?~3"),
		 L("Do you take customers on Saturdays?~0",
		   "What's the address of your office?~1",
		   "Where are you located?~1",
		   "Can I order with delivery to {city}?~2",
		   "Until what time is support around?~3",
		   "When does support answer messages?~3") } },
[S_SMALL_A] = {
	[RU] = { L("Да, с 10 до 16.", "Москва, ул. Примерная, 1.", "Да, доставка в {city} 2–4 дня.", "Круглосуточно."), L() },
	[EN] = { L("Yes, from 10 to 4.", "London, 1 Example Street.", "Yes, delivery to {city} takes 2–4 days.", "24/7."), L() } },
[S_BYE] = {
	[RU] = { L("Спасибо, до свидания", "ок, спасибо", "понял, спасибо", "Хорошо, спасибо!"), L() },
	[EN] = { L("Thanks, bye", "ok thanks", "got it, thank you", "Great, thanks!"), L() } },
[S_BOT_BYE] = {
	[RU] = { L("Рад помочь! Хорошего дня.", "Обращайтесь!"), L() },
	[EN] = { L("Happy to help! Have a nice day.", "Anytime!"), L() } },
[S_REPHRASE] = {
	[RU] = { L("Я говорю: {problem_short}", "Повторяю: {problem_short}", "{problem_short}, что непонятного?",
		   "ещё раз: {problem_short}"),
		 L("Объясняю снова — {problem_short}", "Ну вот же: {problem_short}"),
		 L("Другими словами: {problem_short}", "Пишу проще — {problem_short}", "Коротко: {problem_short}",
		   "{problem_short}. Так понятнее?"),
		 L("Смотрите: {problem_short}", "Суть такая — {problem_short}",
		   "Попробую иначе: {problem_short}", "{problem_short}. Вот и вся проблема",
		   "Если в двух словах: {problem_short}"),
		 L("Медленно и по буквам: {problem_short}", "Поясню: {problem_short}",
		   "Вопрос простой: {problem_short}", "{problem_short}! Неужели это так сложно понять?",
		   "Перефразирую: {problem_short}"),
		 L("Уточняю: {problem_short}", "Короче, {problem_short}", "{problem_short} — вот о чём я пишу",
		   "Объясню по-простому: {problem_short}", "Иначе говоря, {problem_short}"),
		 L("Ещё попытка: {problem_short}",
		   "{problem_short} — вот в чём дело",
		   "Проще некуда: {problem_short}",
		   "Ситуация такая: {problem_short}",
		   "Одной фразой: {problem_short}",
		   "Речь вот о чём: {problem_short}"),
		 L("Повторю: {problem_short}",
		   "То есть {problem_short}",
		   "Говорю же: {problem_short}",
		   "Суть: {problem_short}",
		   "{problem_short} — понимаете?",
		   "Если короче, то {problem_short}") },
	[EN] = { L("I said: {problem_short}", "Again: {problem_short}", "{problem_short}, what's unclear?",
		   "once more: {problem_short}"),
		 L("Let me spell it out: {problem_short}", "Like I wrote, {problem_short}"),
		 L("In other words: {problem_short}", "To put it simply — {problem_short}",
		   "Short version: {problem_short}", "{problem_short}. Does that make sense now?"),
		 L("Look: {problem_short}", "The point is, {problem_short}",
		   "Let me try again — {problem_short}", "{problem_short}. That's the whole issue",
		   "In a nutshell: {problem_short}"),
		 L("To be clear: {problem_short}", "Basically, {problem_short}",
		   "What I'm saying is: {problem_short}", "{problem_short}! How is that hard to follow?",
		   "Rewording it: {problem_short}"),
		 L("Let me clarify: {problem_short}", "Long story short, {problem_short}",
		   "{problem_short} — that's what I'm writing about", "Put plainly: {problem_short}",
		   "Plain and simple: {problem_short}"),
		 L("One more try: {problem_short}",
		   "{problem_short} — that's my whole point",
		   "It's simple: {problem_short}",
		   "Here's the situation: {problem_short}",
		   "In one line: {problem_short}",
		   "Bottom line: {problem_short}"),
		 L("Let me repeat: {problem_short}",
		   "I mean, {problem_short}",
		   "Like I'm saying: {problem_short}",
		   "The thing is, {problem_short}",
		   "{problem_short} — do you understand?",
		   "Put shortly, {problem_short}") } },
[S_OFFER_INTEREST] = {
	[RU] = { L("А сколько это стоит?", "Интересно, а что там входит?", "Давайте, расскажите подробнее"), L() },
	[EN] = { L("How much is it?", "What's included?", "Sure, tell me more"), L() } },
[S_OFFER_DETAILS] = {
	[RU] = { L("Тариф «{tariff}» — {price} ₽ в месяц, до {users} пользователей.", "Это {price} ₽, подключается сразу."), L() },
	[EN] = { L("{tariff} is ${price_en} a month for up to {users} users.", "It's ${price_en}, active right away."), L() } },
[S_WAIT] = {
	[RU] = { L("Ожидайте, пожалуйста.", "Минутку, проверяю."), L() },
	[EN] = { L("Please hold on.", "One moment, checking."), L() } },
[S_OP_PROMISE] = {
	[RU] = { L("Передам коллегам, с вами свяжутся.", "Завёл обращение, ответим на почту."), L() },
	[EN] = { L("I'll pass it on, someone will contact you.", "I've opened a ticket, we'll reply by e-mail."), L() } },
[S_OP_ASK_NEW] = {
	[RU] = { L("Оставьте, пожалуйста, номер телефона на случай, если связь прервётся.",
		   "Подскажите удобный номер для связи, пожалуйста."), L() },
	[EN] = { L("Could you leave a phone number in case we get cut off?",
		   "What's the best number to reach you on?"), L() } },
[S_GIVE_PHONE] = {
	[RU] = { L("{phone_fmt}", "конечно, {phone_fmt}"), L() },
	[EN] = { L("{phone_fmt}", "sure, {phone_fmt}"), L() } },
[S_SALES_Q] = {
	[RU] = { L("Нас {users} сотрудников, какие условия для компании?", "Нужно подключить {users} пользователей, сколько выйдет?",
		   "Хотим перейти на «{tariff}» всей компанией"),
		 L("Планируем закупку на {users} мест, что предложите?"),
		 L("Пользователей у нас {users}. Какие цены для юрлица?",
		   "Ищем сервис для компании, пользователей будет {users}. Что посоветуете?",
		   "Сколько в месяц выйдет «{tariff}», если сотрудников {users}?",
		   "Хотим подключить весь отдел (это {users} чел.) — посчитайте, пожалуйста, стоимость"),
		 L("У нас штат {users} человек — сколько будет стоить подключить всех?",
		   "Рассматриваем «{tariff}» для команды из {users} сотрудников. Какая будет цена?",
		   "Нужно {users} лицензий для компании, пришлите коммерческое предложение",
		   "Есть ли особые условия, если подключим сразу {users} пользователей?"),
		 L("Нужна подписка для всей команды, число сотрудников — {users}. Сколько это будет стоить?",
		   "Рассчитайте, пожалуйста, «{tariff}» для компании, количество пользователей: {users}",
		   "Мы юрлицо, подключить надо {users} чел. Какие условия?",
		   "Какая будет цена за «{tariff}» для организации? Пользователей — {users}"),
		 L("Сколько будет стоить «{tariff}» на всю команду? Рабочих мест — {users}",
		   "Интересует корпоративное подключение: в штате {users} чел. Что по ценам?",
		   "Можно ли получить скидку на тариф «{tariff}», если мест будет {users}?",
		   "Посчитайте, во сколько нам обойдётся подписка на компанию. Сотрудников: {users}"),
		 L("Сотрудников у нас {users}, нужна подписка на всех — каковы цены?",
		   "Подбираем решение для офиса на {users} человек. Сколько будет стоить «{tariff}»?",
		   "Какие условия дадите фирме, где работает {users} человек?",
		   "Хотим оформить доступ всем сотрудникам, их у нас {users}. Во сколько это встанет?",
		   "Нам нужны учётные записи на тарифе «{tariff}», количество — {users}. Назовите цену"),
		 L("Мы небольшая фирма, {users} человек. Во сколько встанет подписка на всех?",
		   "Хотим взять «{tariff}» на {users} сотрудников — какую цену предложите?",
		   "В компании {users} пользователей. Есть ли корпоративный тариф и почём?",
		   "Подскажите, во что обойдётся доступ на {users} человек",
		   "Мы организация, нужно {users} мест. Что по условиям и цене за «{tariff}»?") },
	[EN] = { L("We're a team of {users}, what are the terms for companies?", "We need {users} seats, what would it cost?",
		   "We'd like to move the whole company to {tariff}"),
		 L("We're planning to buy {users} seats, what can you offer?"),
		 L("Our company has {users} staff who'd need access — what would that cost?",
		   "We're looking at rolling out {tariff} to {users} users. What pricing can you do?",
		   "How much for {users} people on {tariff}?", "Could you quote us for {users} licences?"),
		 L("We've got {users} staff — what would it cost to get everyone on?",
		   "We're weighing up {tariff} for a team of {users}. What's the price?",
		   "Can you put together a proposal for {users} users at our company?",
		   "Are there special terms if we onboard {users} people at once?"),
		 L("We'd need accounts for {users} employees — can you price that up?",
		   "What would {tariff} cost us for a headcount of {users}?",
		   "Our team is {users} strong; do you do company pricing?",
		   "I'm looking to buy {tariff} for {users} colleagues. Can we get a quote?"),
		 L("How much would {tariff} cost for the whole team? That's {users} seats",
		   "We're after a corporate account — there are {users} of us. What are the rates?",
		   "Would there be a discount on {tariff} if we took {users} seats?",
		   "Could you work out what a company subscription would cost us? We have {users} employees"),
		 L("We've got {users} people who'd use it — what are your company rates?",
		   "We're choosing a tool for an office of {users}. What would {tariff} cost?",
		   "What terms would you give a firm with {users} employees?",
		   "We'd like access for {users} staff. How much would that come to?",
		   "We need {users} accounts on {tariff} — could you name a price?"),
		 L("We're a small firm of {users} people. What would a subscription for everyone cost?",
		   "We'd like {tariff} for {users} employees — what price can you offer?",
		   "Our company would need {users} logins. Is there a corporate plan, and how much?",
		   "What would access for {users} people come to?",
		   "We're an organisation with {users} seats. What terms and pricing for {tariff}?") } },
[S_SALES_A] = {
	[RU] = { L("Для {users} пользователей подойдёт «{tariff}»: {price} ₽ в месяц за команду."), L() },
	[EN] = { L("For {users} users {tariff} fits: ${price_en} a month for the team."), L() } },
};

/* Problems: what the client says, how the bot or an operator fixes it, and
 * what an operator who did not read the history asks again. */
enum ask { ASK_ORDER, ASK_EMAIL };
struct topic {
	struct list state[2][N_SETS];  /* [lang][set] */
	struct list shortp[2];    /* restatement core, [lang] */
	struct list fix[2];       /* [lang] */
	enum ask ask;
};

static const struct topic TOPICS[] = {
	{ { { L("не проходит оплата [картой|по карте][, счёт № {order}|, счёт {order}]",
	        "Не могу оплатить счёт {order}, [карта отклоняется|пишет ошибку]",
	        "оплата не проходит, счёт {order}"),
	      L("Оплата по счёту {order} зависает на последнем шаге", "Банк отклоняет платёж, счёт {order}"),
	      L("Пытаюсь оплатить счёт {order}, но платёж [каждый раз срывается|обрывается на последнем шаге]",
	         "При оплате счёта {order} выскакивает ошибка, деньги не уходят",
	         "Страница оплаты не принимает мою карту, счёт {order}",
	         "Оплатить счёт {order} никак не выходит — после ввода карты ошибка"),
	      L("Счёт {order} не оплачивается: жму «Оплатить», и ничего не происходит",
	        "Счёт {order} так и висит неоплаченным, с карты ничего не списывается",
	        "После ввода кода из SMS платёж по счёту {order} отменяется",
	        "Счёт {order}: ни одна моя карта не подходит для оплаты"),
	      L("Не получается заплатить по счёту {order}: [появляется «отказ в операции»|страница оплаты висит]",
	        "Деньги с карты списались, а счёт {order} до сих пор числится неоплаченным",
	        "Пробую оплатить счёт {order} через СБП — выдаёт ошибку",
	        "Счёт {order}: платёж дважды отклонили, хотя деньги на карте есть"),
	      L("Оплата по счёту {order} не проходит: [приложение банка показывает ошибку|в конце пишет «попробуйте позже»]",
	        "Хочу оплатить счёт {order}, но кнопка оплаты неактивна",
	        "Счёт {order}: после ввода данных карты страница обновляется, а оплаты нет",
	        "Не могу рассчитаться по счёту {order} — карта не проходит",
	        "При оплате счёта {order} банк не присылает код подтверждения"),
	      L("Не удаётся внести оплату по счёту {order}: [платёжная форма выдаёт сбой|транзакция не проходит]",
	        "Счёт {order}: уже несколько попыток заплатить, и все безуспешные",
	        "Платёж по счёту {order} не завершается — окно оплаты закрывается с ошибкой",
	        "Почему не принимается моя оплата по счёту {order}?"),
	      L("Никак не могу заплатить по счёту {order}: [карту не принимают|платёж висит и сбрасывается]",
	        "Счёт {order} не получается оплатить ни картой, ни через банк",
	        "Оплата счёта {order} срывается на этапе подтверждения",
	        "Что с оплатой? Пытаюсь внести деньги по счёту {order}, а система пишет «платёж отклонён»",
	        "Помогите оплатить счёт {order} — деньги не списываются, а счёт не закрывается") },
	    { L("My card payment keeps failing for invoice {order}", "I can't pay invoice #{order}, the card is declined",
	        "payment fails on invoice {order}"),
	      L("Checkout hangs when I pay invoice {order}", "The bank rejects my payment for {order}"),
	      L("Every time I try to pay invoice {order} I get an error",
	         "Your payment page won't accept my card — invoice {order}",
	         "I've tried [three times|twice] to settle invoice {order} and it just won't go through",
	         "Paying invoice {order} doesn't work, it errors out after I enter my card"),
	      L("Invoice {order} won't let me pay — I click Pay and nothing happens",
	        "Invoice {order} is still showing unpaid, and nothing's been taken from my card",
	        "After I enter the SMS code, the payment for invoice {order} gets cancelled",
	        "None of my cards work when I try to pay invoice {order}"),
	      L("I've been charged but invoice {order} still says unpaid",
	        "Trying to pay invoice {order} with Apple Pay and it keeps erroring",
	        "The payment for invoice {order} got declined twice, and there's money on the card",
	        "Invoice {order}: your payment screen just spins and never finishes"),
	      L("Invoice {order} won't take my payment — [my banking app flags an error|it just says 'try again later']",
	        "I'd like to pay invoice {order} but the pay button is greyed out",
	        "Invoice {order}: after I type in my card details the page refreshes and nothing's paid",
	        "My bank never sends the confirmation code when I pay invoice {order}"),
	      L("I can't complete payment on invoice {order}: [the payment form throws an error|the transaction won't go through]",
	        "Invoice {order}: several attempts to pay and every one has failed",
	        "The payment window for invoice {order} closes with an error before it finishes",
	        "Why won't you accept my payment for invoice {order}?"),
	      L("I just can't pay invoice {order}: [the card gets refused|the payment hangs and resets]",
	        "Invoice {order} won't get paid, neither by card nor by bank transfer",
	        "Paying invoice {order} falls over at the confirmation step",
	        "What's up with payments? I'm trying to pay invoice {order} and it says 'payment declined'",
	        "Help me pay invoice {order} — the money isn't taken and the invoice stays open") } },
	  { L("не проходит оплата", "оплата не идёт"), L("payment fails", "the payment doesn't go through") },
	  { L("Попробуйте оплатить по новой ссылке: pay.example.ru/{order}.", "Вижу счёт {order}, платёж отклонён банком. Отправил новую ссылку на оплату."),
	    L("Please try this new payment link: pay.example.com/{order}.", "I see invoice {order}; the bank declined it. I've sent you a new payment link.") },
	  ASK_ORDER },
	{ { { L("Где мой заказ {order}? [Обещали вчера|Должен был прийти три дня назад]", "Заказ № {order} до сих пор не доставлен",
	        "заказ {order} не пришёл"),
	      L("Курьер так и не приехал с заказом {order}", "Посылка {order} застряла где-то в пути"),
	      L("Заказ {order} должен был приехать ещё в понедельник, а его всё нет",
	         "Отслеживание заказа {order} не обновляется уже неделю, где посылка?",
	         "Заказ {order} так и не доехал до меня",
	         "Посылка с заказом {order} потерялась? Срок доставки давно прошёл"),
	      L("Жду заказ {order} уже вторую неделю, никаких новостей",
	        "По трекингу заказ {order} доставлен, но у меня его нет",
	        "Сроки доставки заказа {order} сорваны, когда привезёте?",
	        "Курьерская служба не может найти мой заказ {order}"),
	      L("Когда уже привезут заказ {order}? Все сроки прошли",
	        "Курьер отметил заказ {order} как «не удалось вручить», но ко мне никто не приходил",
	        "Заказ {order} третий день лежит на сортировочном пункте и не двигается",
	        "Заказ {order} привезли не по тому адресу"),
	      L("Заказ {order} в статусе «в пути» уже десять дней — когда его ждать?",
	        "Мне так и не доставили заказ {order}, хотя срок давно вышел",
	        "Заказ {order}: курьер не звонил и не приезжал, а срок доставки был вчера",
	        "Подскажите, что с заказом {order}? Он уже должен был быть у меня"),
	      L("Заказ {order} всё ещё не у меня, хотя обещали доставить [на прошлой неделе|позавчера]",
	        "Заказ {order} будто пропал — ни курьера, ни уведомлений",
	        "Где сейчас находится заказ {order}? Мне его так и не привезли",
	        "Заказ {order} опаздывает уже на несколько дней, а до меня он так и не добрался"),
	      L("Заказ {order} мне не привезли, хотя срок был [в среду|три дня назад]",
	        "Где застрял заказ {order}? Его нет уже две недели",
	        "Заказ {order} не доставлен, и никто не объясняет почему",
	        "Посылку {order} обещали к выходным, сегодня вторник — пусто",
	        "Не могу дождаться заказа {order}, статус не меняется") },
	    { L("Where is my order {order}? It was due yesterday", "Order #{order} still hasn't arrived", "order {order} not delivered"),
	      L("The courier never showed up with order {order}", "Parcel {order} seems stuck in transit"),
	      L("Order {order} was meant to be here on Monday and there's still no sign of it",
	         "Tracking for {order} hasn't updated in a week — where's my parcel?",
	         "I'm still waiting on order {order}",
	         "Has order {order} gone missing? The delivery date was ages ago"),
	      L("It's been two weeks and there's no news on order {order}",
	        "Tracking says order {order} was delivered, but I never got it",
	        "You've missed the delivery date for order {order} — when will it actually come?",
	        "The courier company says they can't locate my order {order}"),
	      L("When is order {order} actually turning up? It's well overdue",
	        "The driver marked order {order} as 'failed delivery', but nobody came to my door",
	        "Order {order} has been sitting at the depot for three days",
	        "Order {order} went to the wrong address"),
	      L("Order {order} has said 'in transit' for ten days — when should I expect it?",
	        "Nothing's turned up for order {order}, and the delivery date is long gone",
	        "Order {order}: the courier never rang or came, and delivery was due yesterday",
	        "What's happening with order {order}? I should have had it by now"),
	      L("Order {order} still isn't with me, though it was promised [last week|the day before yesterday]",
	        "Order {order} seems to have vanished — no courier, no updates",
	        "Where is order {order} right now? It never got delivered to me",
	        "Order {order} is running several days behind schedule — still nothing at my door"),
	      L("Order {order} was never brought round, and it was due [on Wednesday|three days ago]",
	        "Where's order {order} got stuck? It's been two weeks",
	        "Order {order} hasn't been delivered and nobody's explaining why",
	        "Parcel {order} was promised by the weekend; it's Tuesday and nothing",
	        "Order {order} is taking forever, the status never changes") } },
	  { L("заказ не доставлен", "где мой заказ"), L("my order hasn't arrived", "where is my order") },
	  { L("Заказ {order} передан курьеру, доставка сегодня до 18:00. Трек: TRK{order}.", "Нашёл {order}: курьер привезёт его завтра утром."),
	    L("Order {order} is with the courier and arrives today before 6 pm. Tracking: TRK{order}.", "Found {order}: the courier brings it tomorrow morning.") },
	  ASK_ORDER },
	{ { { L("В счёте {order} [неправильное название компании|не тот ИНН]", "счёт {order} выставлен на другую фирму"),
	      L("Реквизиты в счёте {order} указаны с ошибкой", "В документе {order} перепутаны данные организации"),
	      L("Бухгалтерия не может принять счёт {order}: там чужой ИНН",
	         "Нужно переоформить счёт {order}, название организации в нём неверное",
	         "В счёт {order} попал не наш юридический адрес",
	         "Счёт {order} выписан не на ту организацию, исправьте, пожалуйста"),
	      L("Исправьте, пожалуйста, КПП в счёте {order} — он неверный",
	        "Счёт {order} выписан на физлицо, а нам нужен на компанию",
	        "В счёте {order} опечатка в банковских реквизитах",
	        "В счёте {order} неправильно указан наш расчётный счёт"),
	      L("В счёте {order} сумма не совпадает с договором",
	        "В счёте {order} не выделен НДС, а нам он нужен",
	        "Название нашей фирмы в счёте {order} написано с ошибкой",
	        "Прошу перевыставить счёт {order}: в нём указана старая дата"),
	      L("В счёте {order} указан наш старый ИНН, нужен новый",
	        "В счёте {order} у нашей компании неправильная форма собственности — мы не ООО, а АО",
	        "В счёте {order} перепутаны юридический и фактический адреса",
	        "Бухгалтер вернул счёт {order}: в нём неверный БИК нашего банка"),
	      L("В счёте {order} чужие данные вместо наших, [бухгалтерия его не примет|провести его мы не сможем]",
	        "Обнаружили ошибку в счёте {order}: не совпадает [наименование покупателя|адрес организации]",
	        "Просим поправить счёт {order} — покупатель там указан неправильно",
	        "Счёт {order} нужно выставить заново, в нём ошибочные сведения о нашей фирме"),
	      L("Счёт {order} оформлен с ошибкой в реквизитах — переделайте, пожалуйста",
	        "У нас не сходятся данные в счёте {order}: [не тот ИНН|не та организация]",
	        "В счёте {order} покупателем значится чужая компания",
	        "Нужен исправленный счёт {order}: в нём ошибочный расчётный счёт",
	        "Бухгалтерия не пропускает счёт {order} из-за неверных реквизитов") },
	    { L("My invoice {order} shows the wrong company name", "invoice {order} has the wrong VAT number"),
	      L("The billing details on {order} are wrong", "Document {order} lists someone else's company"),
	      L("Our accounts team can't accept invoice {order}, the company details are wrong",
	         "Invoice {order} needs reissuing, it's made out to the wrong business",
	         "The VAT details on invoice {order} aren't ours",
	         "Can you correct invoice {order}? The business name on it is wrong"),
	      L("The company registration number on invoice {order} is incorrect",
	        "Invoice {order} was issued to me personally, but it should be to my company",
	        "There's a typo in the bank details on invoice {order}",
	        "Invoice {order} has our old company address on it, can it be updated?"),
	      L("The total on invoice {order} doesn't match our contract",
	        "Invoice {order} doesn't show VAT separately, and our accountant needs it to",
	        "Our company name is misspelt on invoice {order}",
	        "Could you redo invoice {order}? It has the wrong date"),
	      L("Our VAT number on invoice {order} is out of date — we've got a new one",
	        "Invoice {order} lists us as a sole trader, but we're a limited company",
	        "The registered and trading addresses are mixed up on invoice {order}",
	        "Our accountant sent invoice {order} back — the sort code for our bank is wrong"),
	      L("Invoice {order} went out with incorrect billing details; please issue a corrected one",
	        "Someone else's company details appear on invoice {order} instead of ours",
	        "We've found a mistake on invoice {order}: the [buyer's name|company address] doesn't match ours",
	        "Please fix invoice {order}, the customer named on it is wrong"),
	      L("Invoice {order} has mistakes in the billing details — please redo it",
	        "The details on invoice {order} don't match ours: [wrong tax number|wrong company]",
	        "Invoice {order} names another company as the buyer",
	        "I need a corrected invoice {order}; the account number on it is wrong",
	        "Our finance team won't process invoice {order} because the details are incorrect") } },
	  { L("счёт с ошибкой", "неправильный счёт"), L("the invoice is wrong", "wrong company on the invoice") },
	  { L("Исправил реквизиты, новый счёт {order} отправлен на почту.", "Переделал счёт {order}, проверьте почту."),
	    L("I've corrected the details and emailed you a new invoice {order}.", "Invoice {order} is reissued, check your inbox.") },
	  ASK_ORDER },
	{ { { L("Не могу войти в личный кабинет, [пишет «неверный пароль»|не приходит код], почта {email}",
	        "не получается зайти в аккаунт {email}",
	        "Не приходит SMS с кодом для входа, у меня оператор [МТС|Билайн|Мегафон], почта {email}"),
	      L("Личный кабинет не пускает, код подтверждения так и не пришёл ({email})", "Аккаунт {email} заблокирован, войти нельзя"),
	      L("Не пускает в аккаунт {email}: ввожу пароль, а меня снова выкидывает на страницу входа",
	         "Код для входа на {email} не приходит уже полчаса",
	         "Пароль от {email} не восстанавливается: письмо со ссылкой не приходит",
	         "Не могу авторизоваться под {email}, сайт пишет «ошибка входа»"),
	      L("Сайт не принимает мой пароль, хотя он точно верный. Логин {email}",
	        "После смены телефона не могу попасть в кабинет, почта {email}",
	        "Учётная запись {email} пишет «доступ запрещён»",
	        "Не удаётся залогиниться под {email}: страница просто перезагружается"),
	      L("Двухфакторная аутентификация на {email} не пропускает: код всегда «неверный»",
	        "После обновления приложения меня разлогинило, войти под {email} больше не могу",
	        "Аккаунт {email} просит подтвердить почту, а письма с подтверждением нет даже в спаме",
	        "Меня выбрасывает из личного кабинета сразу после входа, аккаунт {email}"),
	      L("Войти под {email} не выходит: [капча не принимается|ссылка из письма уже недействительна]",
	        "После сброса пароля на {email} новый пароль всё равно не подходит",
	        "Аккаунт {email}: пишет, что такого пользователя нет, хотя я давно [зарегистрирован|зарегистрирована]",
	        "Вход через Google в аккаунт {email} выдаёт ошибку"),
	      L("Не получается попасть в учётную запись {email} — [вход отклоняется|бесконечно крутится загрузка]",
	        "Со вчерашнего дня нет доступа к аккаунту {email}, войти не могу",
	        "Ввожу логин {email} и пароль, а система меня не пускает",
	        "Вход в профиль {email} не работает — что бы я ни [делал|делала], ошибка"),
	      L("Не могу зайти в профиль {email} — [пароль не подходит|код из SMS не приходит]",
	        "Аккаунт {email} не открывается, пишет «ошибка авторизации»",
	        "Войти под почтой {email} невозможно, уже всё [перепробовал|перепробовала]",
	        "Система не пускает меня в кабинет {email}, хотя пароль правильный",
	        "Доступ к учётке {email} пропал, при входе ошибка") },
	    { L("I can't log in to my account {email}[, the code never arrives|, it says wrong password]", "login doesn't work for {email}"),
	      L("Your site won't let me sign in as {email}", "Account {email} is locked out"),
	      L("I keep getting bounced back to the sign-in page with {email}",
	         "The login code for {email} never turns up",
	         "Password reset for {email} isn't working, no email arrives",
	         "Can't sign in under {email}, it keeps saying login failed"),
	      L("The site won't accept my password even though it's definitely right. Login: {email}",
	        "Since changing my phone I can't get into my account ({email})",
	        "My account {email} says access denied", "Logging in as {email} just reloads the page"),
	      L("Two-factor on {email} keeps rejecting my code",
	        "Since the app updated I've been logged out and can't get back in with {email}",
	        "My account {email} wants me to verify my email, but the verification message never comes, not even in spam",
	        "It logs me out straight after signing in — account {email}"),
	      L("Signing in with {email} fails — [the captcha won't accept me|the magic link says it's expired]",
	        "I reset the password for {email} but the new one still doesn't work",
	        "Your site says there's no user {email}, but I've had an account for years",
	        "The Google sign-in button gives me an error for {email}"),
	      L("I can't get into the account {email} — [sign-in gets rejected|it just keeps loading]",
	        "Since yesterday I've had no access to my account {email}",
	        "I type in {email} and my password and the system won't let me through",
	        "Signing in to {email} doesn't work no matter what I try"),
	      L("My profile {email} won't let me in — [the password's rejected|the SMS code never comes]",
	        "Account {email} won't open, it shows 'authorisation error'",
	        "Logging in with the email {email} is impossible, I've tried everything",
	        "Your site refuses me entry to {email} even though the password is correct",
	        "I've lost access to my {email} account; there's an error when I log in") } },
	  { L("не могу войти", "вход не работает"), L("I can't log in", "login doesn't work") },
	  { L("Сбросил пароль — ссылка для входа отправлена на {email}.", "Разблокировал аккаунт {email}, попробуйте войти."),
	    L("I've reset your password; a sign-in link is on its way to {email}.", "Account {email} is unlocked, please try again.") },
	  ASK_EMAIL },
	{ { { L("Хочу вернуть деньги за заказ {order}", "Верните деньги за {order}, товар не подошёл", "возврат по заказу {order}"),
	      L("Оформите возврат средств по заказу {order}", "Прошу компенсацию за {order}, вещь не подошла"),
	      L("Хочу отказаться от заказа {order} и получить деньги обратно",
	         "Как вернуть оплату за заказ {order}? Товар уже отправлен назад",
	         "Прошу перечислить мне деньги за заказ {order}, я от него отказываюсь",
	         "Можно ли получить назад оплату за {order}? Вещь оказалась не та"),
	      L("Заказ {order} мне больше не нужен, прошу вернуть деньги",
	        "Верну товар из заказа {order} — когда придут деньги обратно?",
	        "Товар по заказу {order} уже у вас на складе, а деньги мне так и не вернули",
	        "Хочу сдать заказ {order} обратно и получить свои деньги"),
	      L("Когда мне вернут оплату за заказ {order}? Возврат подтвердили ещё 10 дней назад",
	        "Прошу отменить заказ {order} и вернуть средства на карту",
	        "[Передумал|Передумала] насчёт заказа {order} — как вернуть за него деньги?",
	        "Заказ {order} оказался не тем, что я [ожидал|ожидала], хочу вернуть деньги"),
	      L("[Сдал|Сдала] заказ {order} в пункт выдачи две недели назад, а деньги до сих пор не пришли",
	        "Не подошли характеристики, заказ {order} хочу вернуть — как оформить возврат денег?",
	        "Хочу, чтобы мне вернули уплаченное за заказ {order}",
	        "Заказ {order} отменили, а деньги обратно не поступили"),
	      L("Как мне вернуть стоимость заказа {order}? Он мне [не подошёл|не понравился]",
	        "Заказ {order} [отправил|отправила] обратно, жду возмещения — когда оно будет?",
	        "Можно ли оформить мне денежный возврат за заказ {order}?",
	        "Прошу возместить стоимость заказа {order}: покупка оказалась ненужной"),
	      L("Заказ {order} отправляю обратно — как получить назад деньги?",
	        "Прошу вернуть мне деньги по заказу {order}, товар не нужен",
	        "Отказываюсь от заказа {order}. Когда будет возврат средств?",
	        "Мне должны деньги за заказ {order}, а возврата всё нет",
	        "Оформите, пожалуйста, возврат денег за заказ {order} — [размер не подошёл|покупка больше не нужна]") },
	    { L("I want a refund for order {order}", "Refund order {order} please, it doesn't fit", "refund for {order}"),
	      L("Please process a return on {order}", "I'd like my money back for {order}"),
	      L("I'd like to cancel order {order} and get reimbursed",
	         "How do I get my money back for {order}? I've already sent it back",
	         "Please refund the payment for order {order}, I've changed my mind",
	         "Could I get a refund on {order}? It wasn't what I expected"),
	      L("I don't need order {order} any more, please send me my money back",
	        "I'm returning the items from {order}; when will I see the money?",
	        "You've had order {order} back for a week and I still haven't been refunded",
	        "Can I send order {order} back for a full refund?"),
	      L("When will the refund for order {order} hit my account? It was approved ten days ago",
	        "Please cancel order {order} and put the money back on my card",
	        "I've changed my mind about order {order} — how do I get the money returned?",
	        "Order {order} just isn't right for me, can you refund me?"),
	      L("I dropped order {order} off at the return point two weeks ago and still no money",
	        "Turns out it's the wrong model for me — how do I return order {order} and get a refund?",
	        "Could I have what I paid for order {order} back, please?",
	        "Order {order} was cancelled but the money never came back to me"),
	      L("How can I recover the cost of order {order}? It [didn't suit me|wasn't right]",
	        "I've posted order {order} back and I'm waiting on a reimbursement — when will it come?",
	        "Could you arrange a refund on order {order}?",
	        "Please reimburse the cost of order {order}; the purchase turned out to be unnecessary"),
	      L("I'm sending order {order} back — how will I be reimbursed?",
	        "Please give me back the money for order {order}, I don't need it",
	        "I'm cancelling order {order}. When do I get refunded?",
	        "I'm owed money for order {order} and it still hasn't arrived",
	        "Please arrange to return my money for order {order} — [wrong size|I no longer need it]") } },
	  { L("нужен возврат денег", "верните деньги"), L("I need a refund", "give me my money back") },
	  { L("Возврат по заказу {order} оформлен, деньги придут за 3–5 дней.", "Оформил возврат {order}."),
	    L("Refund for order {order} is done; the money will arrive in 3–5 days.", "Refund for {order} is processed.") },
	  ASK_ORDER },
	{ { { L("Пришёл [сломанный|разбитый] {product}, заказ {order}", "{product} не работает, заказ {order}"),
	      L("{product} из заказа {order} не включается", "У {product} из заказа {order} трещина на корпусе"),
	      L("Из заказа {order} пришёл бракованный товар — {product}",
	         "Заказ {order}: {product} с дефектом, пользоваться невозможно",
	         "Открыли посылку {order}, а там {product} с повреждённым корпусом",
	         "Заказ {order}: {product} не запускается, похоже, брак"),
	      L("{product} из заказа {order} шумит и отключается через минуту",
	        "Заказ {order}, {product} — заводской брак, требую замену",
	        "Товар из заказа {order} ({product}) пришёл в мятой коробке и не включается",
	        "{product} по заказу {order} искрит при включении, пользоваться страшно"),
	      L("По заказу {order} пришла позиция «{product}» с царапинами и сколом",
	        "Заказ {order}: {product} после первого же включения пахнет гарью",
	        "Товар «{product}» из заказа {order} показывает ошибку и больше ничего не делает",
	        "Заказ {order}: {product} греется так, что не дотронуться"),
	      L("В заказе {order} пришла неисправная позиция — {product}",
	        "У меня {product} из заказа {order} не реагирует на кнопки и не подаёт признаков жизни",
	        "Заказ {order}: у товара «{product}» прямо в коробке отломана деталь",
	        "Товар «{product}» по заказу {order} перезагружается каждые пять минут"),
	      L("Заказ {order}: товар «{product}» неисправен — [гаснет через пару секунд|издаёт странный треск]",
	        "[Получил|Получила] по заказу {order} товар «{product}» — работать отказывается",
	        "В заказе {order} позиция «{product}» пришла с браком: [не горит индикатор питания|корпус треснул]",
	        "Заказ {order}: товар «{product}» вышел из строя на второй день"),
	      L("Товар «{product}» из заказа {order} не работает с самого начала",
	        "В заказе {order} товар «{product}» оказался неисправным: [не заряжается|сам выключается]",
	        "Заказ {order}: товар «{product}» отказал через час после распаковки",
	        "Брак по заказу {order} — {product} даже не включается",
	        "Привезли заказ {order}, а товар «{product}» внутри разбит") },
	    { L("The {product} I received is broken, order {order}", "my {product} arrived damaged, order {order}"),
	      L("The {product} from order {order} won't turn on", "There's a crack in the {product} from {order}"),
	      L("Opened order {order} and the {product} inside is faulty",
	         "After only a day the {product} I ordered ({order}) packed up",
	         "Order {order}: the {product} came dented and doesn't work",
	         "The {product} in order {order} is defective, it won't start"),
	      L("The {product} from order {order} makes a loud noise and shuts off after a minute",
	        "Order {order}: the {product} is faulty out of the box, I want a replacement",
	        "The {product} I got with order {order} sparks when I plug it in",
	        "My new {product} (order {order}) stopped working after a single use"),
	      L("The {product} in order {order} came scratched and chipped",
	        "First time I switched on the {product} from order {order} it smelled of burning",
	        "The {product} from order {order} shows an error light and does nothing",
	        "Order {order}: the {product} gets too hot to touch"),
	      L("Order {order} came with a faulty {product}",
	        "The {product} from order {order} doesn't respond to any buttons — completely dead",
	        "The {product} in order {order} arrived with a piece snapped off",
	        "The {product} I got in order {order} keeps rebooting every few minutes"),
	      L("Order {order}: the {product} is faulty — [it dies after a couple of seconds|it makes a weird crackling noise]",
	        "I got the {product} in order {order} and it simply refuses to work",
	        "The {product} from order {order} arrived defective: [the power light never comes on|the casing is split]",
	        "Order {order}: the {product} broke down on its second day"),
	      L("The {product} from order {order} has never worked",
	        "In order {order} the {product} turned out faulty: [it won't charge|it switches itself off]",
	        "Order {order}: the {product} broke an hour after unboxing",
	        "Defect in order {order} — the {product} won't even power up",
	        "Order {order} arrived and the {product} inside is smashed") } },
	  { L("товар сломан", "прислали брак"), L("the item is broken", "it arrived damaged") },
	  { L("Оформил обмен по заказу {order}, курьер заберёт товар завтра.", "Замена по {order} оформлена."),
	    L("I've arranged a replacement for order {order}; a courier will pick up the item tomorrow.", "Replacement for {order} is booked.") },
	  ASK_ORDER },
};
#define N_TOPICS (sizeof(TOPICS) / sizeof(TOPICS[0]))

static const char *const TARIFF[2][4] = {
	{ "Старт", "Бизнес", "Про", "Корпоративный" },
	{ "Start", "Business", "Pro", "Enterprise" },
};
static const int TARIFF_PRICE[4] = { 990, 4900, 9900, 24900 };
static const int TARIFF_PRICE_EN[4] = { 15, 69, 139, 349 };
static const char *const PRODUCT_PRICE[2][6] = {
	{ "4 990", "24 990", "12 490", "64 990", "18 990", "9 990" },
	{ "59", "299", "149", "799", "229", "119" },
};
static const char *const ADDON[2][5] = {
	{ "расширенную гарантию", "доп. хранилище 100 ГБ", "SMS-уведомления", "годовую подписку", "премиум-поддержку" },
	{ "extended warranty", "extra 100 GB storage", "SMS alerts", "the annual plan", "premium support" },
};
static const char *const PRODUCT[2][6] = {
	{ "роутер", "смартфон", "пылесос", "ноутбук", "кофемашина", "принтер" },
	{ "router", "phone", "vacuum cleaner", "laptop", "coffee machine", "printer" },
};
static const char *const CITY[2][5] = {
	{ "Казань", "Екатеринбург", "Новосибирск", "Сочи", "Пермь" },
	{ "Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff" },
};
static const char *const FAQ[2][4] = {
	{ "Оплата и счета", "Доставка", "Вход в аккаунт", "Возвраты" },
	{ "Billing FAQ", "Delivery", "Account access", "Returns" },
};
static const char *const ITEMS[] = { "price-list.pdf", "tariffs.pdf", "catalog-2026.pdf", "business-offer.pdf" };
static const char *const PAGES_ANY[] = { "/", "/support", "/delivery", "/contacts", "/account", "/blog/how-to-pay" };
static const char *const PAGES_SALES[] = { "/pricing", "/business", "/pricing", "/tariffs" };
static const char *const BOTS[] = { "bot-1", "bot-2", "bot-3" };
static const char *const OPS[] = { "op-12", "op-7", "op-31", "op-4", "op-19", "op-23" };
static const char *const OPNAME[2][6] = {
	{ "Мария", "Алексей", "Ольга", "Дмитрий", "Светлана", "Игорь" },
	{ "Kate", "Tom", "Alice", "Mark", "Sarah", "Paul" },
};
static const char *const MANAGERS[] = { "o.ivanova", "a.smirnov", "j.doe", "m.kuznetsova", "p.sokolov", "e.brown" };
static const char *const TRAINERS[] = { "anna", "boris", "vera", "dmitri", "kate" };
static const char *const FIRST_RU[][2] = {
	{ "Иван", "ivan" }, { "Мария", "maria" }, { "Ольга", "olga" }, { "Пётр", "petr" }, { "Анна", "anna" },
	{ "Сергей", "sergey" }, { "Елена", "elena" }, { "Дмитрий", "dmitry" }, { "Наталья", "natalia" }, { "Алексей", "alexey" },
};
static const char *const LAST_RU[] = { "petrov", "smirnova", "ivanov", "kuznetsova", "sokolov", "popova", "volkov", "orlova" };
static const char *const FIRST_EN[] = { "John", "Mary", "Emma", "James", "Olivia", "Liam", "Sophia", "Noah", "Grace", "Oscar" };
static const char *const LAST_EN[] = { "smith", "brown", "taylor", "wilson", "davies", "evans", "walker", "hughes" };
static const char *const DOMAINS[] = { "example.ru", "mail.example.ru", "example.com", "inbox.example.org", "corp.example.net" };
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ model */

enum { SP_CLIENT, SP_BOT, SP_OP };
enum {
	F_PROBLEM = 1, F_RESOLVED = 2, F_OFFER = 4, F_REQUEST = 8, F_FRUST = 16,
	F_BOTFAIL = 32, F_CTXLOST = 64, F_REPEAT = 128,
};

struct item {
	int is_event;
	int speaker;
	const char *agent;
	unsigned flags;
	size_t text;            /* offset into dlg.arena */
	const char *etype, *aname;
	size_t aval;            /* offset into dlg.arena; (size_t)-1 = none */
	int64_t at;
};

/* A customer is a pure function of (seed, index): nothing is stored, so a
 * person met again later is described the same way without remembering. */
struct customer {
	int lang;
	int has_crm, has_email;
	char crm[24], email[80], phone[20], name[32];
};

enum kind { K_PROBLEM, K_INFO, K_SMALL };
static const char *const KIND_NAME[] = { "problem", "info", "small" };

struct dlg {
	struct rng r;
	char id[64];
	int lang, set, mixlang, tz;
	enum kind kind;
	int64_t start, t;
	const char *channel, *page, *bot, *op, *opname;
	struct customer c;
	int anon, name_only, show_crm, show_email, show_phone, show_name;
	char email_shown[96], phone_shown[40];
	/* slots */
	int tariff, addon, product, city, faq, item;
	char order[16], pct[8], users[8];
	int hint;               /* answer index a question asked for, -1 = any */
	const struct topic *topic;
	struct item *items;
	size_t n_items, alloc_items;
	int n_turns;
	struct strbuf arena, scratch, scratch2;
	double lead;
	/* truth */
	int premature, missed, ctxlost, handoff, resolved, problem, qualified;
	int offer_turn, signal_turn;
	double p;
};

static const struct list *phr(const struct dlg *d, enum sit s, int lang)
{
	const struct list *l = &PH[s][lang][d->set];
	return l->n ? l : &PH[s][lang][SET_DEFAULT];
}

/* ------------------------------------------------------------------ text */

static void expand(struct dlg *d, struct strbuf *out, const char *s, const char *e);

static const char *slot_value(struct dlg *d, const char *name, size_t n, char *tmp, size_t tmpn)
{
	int l = d->lang;
#define IS(x) (n == sizeof(x) - 1 && !memcmp(name, x, n))
	if (IS("order")) return d->order;
	if (IS("tariff")) return TARIFF[l][d->tariff];
	if (IS("addon")) return ADDON[l][d->addon];
	if (IS("product")) return PRODUCT[l][d->product];
	if (IS("city")) return CITY[l][d->city];
	if (IS("faq")) return FAQ[l][d->faq];
	if (IS("item")) return ITEMS[d->item];
	if (IS("pct")) return d->pct;
	if (IS("users")) return d->users;
	if (IS("opname")) return d->opname;
	if (IS("cname")) return d->show_name ? d->c.name : "";
	if (IS("email")) return d->c.email;
	if (IS("price")) {
		snprintf(tmp, tmpn, "%d %03d", TARIFF_PRICE[d->tariff] / 1000, TARIFF_PRICE[d->tariff] % 1000);
		return TARIFF_PRICE[d->tariff] < 1000 ? (snprintf(tmp, tmpn, "%d", TARIFF_PRICE[d->tariff]), tmp) : tmp;
	}
	if (IS("price_en")) {
		snprintf(tmp, tmpn, "%d", TARIFF_PRICE_EN[d->tariff]);
		return tmp;
	}
	if (IS("pprice")) return PRODUCT_PRICE[RU][d->product];
	if (IS("pprice_en")) return PRODUCT_PRICE[EN][d->product];
	if (IS("phone_fmt")) return d->phone_shown[0] ? d->phone_shown : d->c.phone;
#undef IS
	return "";
}

/* Finds the end of a "[...]" group starting at s (pointing past '['). */
static const char *group_end(const char *s, const char *e)
{
	int depth = 1;
	for (; s < e; s++) {
		if (*s == '[')
			depth++;
		else if (*s == ']' && !--depth)
			return s;
	}
	return e;
}

static void expand_group(struct dlg *d, struct strbuf *out, const char *s, const char *e)
{
	const char *opt[16], *end[16];
	int n = 0, depth = 0;
	opt[0] = s;
	for (const char *p = s; p < e; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		else if (*p == '|' && !depth && n < 15) {
			end[n++] = p;
			opt[n] = p + 1;
		}
	}
	end[n++] = e;
	int k = (int)rng_below(&d->r, (unsigned)n);
	/* an option that names the client is only taken when the name is known */
	if (!d->show_name && memmem(opt[k], (size_t)(end[k] - opt[k]), "{cname}", 7))
		k = n - 1;
	expand(d, out, opt[k], end[k]);
}

static void expand(struct dlg *d, struct strbuf *out, const char *s, const char *e)
{
	char tmp[32];
	while (s < e) {
		if (*s == '[') {
			const char *g = group_end(s + 1, e);
			expand_group(d, out, s + 1, g);
			s = g < e ? g + 1 : e;
		} else if (*s == '{') {
			const char *c = memchr(s, '}', (size_t)(e - s));
			if (!c) {
				strbuf_add(out, s, (size_t)(e - s));
				return;
			}
			if (c - s - 1 == 13 && !memcmp(s + 1, "problem_short", 13)) {
				const struct list *l = &d->topic->shortp[d->lang];
				const char *t = l->v[rng_below(&d->r, (unsigned)l->n)];
				expand(d, out, t, t + strlen(t));
			} else {
				strbuf_adds(out, slot_value(d, s + 1, (size_t)(c - s - 1), tmp, sizeof(tmp)));
			}
			s = c + 1;
		} else {
			const char *p = s;
			while (p < e && *p != '[' && *p != '{')
				p++;
			strbuf_add(out, s, (size_t)(p - s));
			s = p;
		}
	}
}

static void expand_str(struct dlg *d, struct strbuf *out, const char *t)
{
	expand(d, out, t, t + strlen(t));
}

static int is_letter_at(const unsigned char *p)
{
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
		return 1;
	return (*p == 0xD0 || *p == 0xD1) && (p[1] & 0xC0) == 0x80 ? 2 : 0;
}

/* Case mapping for ASCII and the Russian alphabet, in place (same length). */
static void recase(char *s, int upper)
{
	unsigned char *p = (unsigned char *)s;
	for (; *p; p++) {
		if (upper) {
			if (*p >= 'a' && *p <= 'z')
				*p -= 32;
			else if (p[0] == 0xD0 && p[1] >= 0xB0 && p[1] <= 0xBF)
				p[1] -= 0x20, p++;
			else if (p[0] == 0xD1 && p[1] >= 0x80 && p[1] <= 0x8F)
				p[0] = 0xD0, p[1] += 0x20, p++;
			else if (p[0] == 0xD1 && p[1] == 0x91)
				p[0] = 0xD0, p[1] = 0x81, p++;
		} else {
			if (*p >= 'A' && *p <= 'Z')
				*p += 32;
			else if (p[0] == 0xD0 && p[1] >= 0x90 && p[1] <= 0x9F)
				p[1] += 0x20, p++;
			else if (p[0] == 0xD0 && p[1] >= 0xA0 && p[1] <= 0xAF)
				p[0] = 0xD1, p[1] -= 0x20, p++;
			else if (p[0] == 0xD0 && p[1] == 0x81)
				p[0] = 0xD1, p[1] = 0x91, p++;
		}
	}
}

/* Swaps two neighbouring letters inside a word, the commonest typing slip. */
static void typo(struct dlg *d, struct strbuf *sb)
{
	size_t cand[64];
	int nc = 0;
	unsigned char *b = (unsigned char *)sb->buf;
	for (size_t i = 0; i < sb->len && nc < 64;) {
		int a = is_letter_at(b + i);
		if (!a) {
			i++;
			continue;
		}
		if (i + (size_t)a < sb->len && is_letter_at(b + i + a))
			cand[nc++] = i;
		i += (size_t)a;
	}
	if (!nc)
		return;
	size_t i = cand[rng_below(&d->r, (unsigned)nc)];
	int a = is_letter_at(b + i), c = is_letter_at(b + i + a);
	unsigned char t[4];
	memcpy(t, b + i, (size_t)a);
	memmove(b + i, b + i + a, (size_t)c);
	memcpy(b + i + c, t, (size_t)a);
}

static void client_noise(struct dlg *d, struct strbuf *sb)
{
	if (chance(&d->r, 0.22))
		recase(sb->buf, 0);
	if (chance(&d->r, 0.12))
		typo(d, sb);
	if (sb->len && strchr(".!?", sb->buf[sb->len - 1]) && chance(&d->r, 0.15))
		sb->buf[--sb->len] = '\0';
	if (chance(&d->r, 0.04))
		strbuf_adds(sb, d->lang == RU ? " срочно!!" : " asap!!");
	if (chance(&d->r, 0.02))
		strbuf_adds(sb, " \xF0\x9F\x99\x82");
	if (chance(&d->r, 0.015))
		strbuf_adds(sb, chance(&d->r, 0.5) ? " <script>alert(1)</script>" : " & <b>ответьте</b> \"уже\"");
}

/* ------------------------------------------------------------------ building */

static struct item *push(struct dlg *d)
{
	ALLOC_GROW(d->items, d->n_items, d->alloc_items);
	struct item *it = &d->items[d->n_items++];
	memset(it, 0, sizeof(*it));
	it->aval = (size_t)-1;
	return it;
}

static size_t arena_put(struct dlg *d, const char *s, size_t n)
{
	size_t off = d->arena.len;
	strbuf_add(&d->arena, s, n);
	strbuf_addch(&d->arena, '\0');
	return off;
}

static void advance(struct dlg *d, int speaker)
{
	switch (speaker) {
	case SP_CLIENT: d->t += rng_range(&d->r, 6, 95); break;
	case SP_BOT: d->t += rng_range(&d->r, 1, 4); break;
	default: d->t += rng_range(&d->r, 15, 160); break;
	}
}

static int add_turn(struct dlg *d, int speaker, const char *text, size_t n, unsigned flags)
{
	struct item *it = push(d);
	advance(d, speaker);
	it->speaker = speaker;
	it->agent = speaker == SP_BOT ? d->bot : speaker == SP_OP ? d->op : NULL;
	it->flags = flags;
	it->at = d->t;
	it->text = arena_put(d, text, n);
	return ++d->n_turns;
}

/* One turn from a template; client text gets slips, CAPS when shouting. */
static int say_tmpl(struct dlg *d, int speaker, const char *tmpl, unsigned flags)
{
	struct strbuf *sb = &d->scratch;
	const char *end = tmpl + strlen(tmpl), *mark = strrchr(tmpl, '~');
	strbuf_reset(sb);
	if (mark && mark[1] >= '0' && mark[1] <= '9') {
		/* "question~N": the answer that fits is number N */
		d->hint = (int)strtol(mark + 1, NULL, 10);
		end = mark;
	}
	expand(d, sb, tmpl, end);
	if (speaker == SP_CLIENT) {
		if ((flags & F_FRUST) && chance(&d->r, 0.3))
			recase(sb->buf, 1);
		else
			client_noise(d, sb);
	}
	return add_turn(d, speaker, sb->buf, sb->len, flags);
}

static const char *pick(struct dlg *d, const struct list *l)
{
	return l->v[rng_below(&d->r, (unsigned)l->n)];
}

static int say(struct dlg *d, int speaker, enum sit s, unsigned flags)
{
	int lang = d->lang;
	/* clients of a mixed dialogue switch language now and then */
	if (speaker == SP_CLIENT && d->mixlang && chance(&d->r, 0.3))
		lang = !lang;
	int saved = d->lang;
	d->lang = lang;
	const struct list *l = phr(d, s, lang);
	const char *t;
	if ((s == S_PRODUCT_A || s == S_MORE_A || s == S_SMALL_A) && d->hint >= 0)
		t = l->v[(size_t)d->hint % l->n];
	else
		t = pick(d, l);
	d->hint = -1;
	int n = say_tmpl(d, speaker, t, flags);
	d->lang = saved;
	return n;
}

static void event(struct dlg *d, const char *type, const char *aname, const char *aval)
{
	struct item *it = push(d);
	d->t += rng_range(&d->r, 1, 20);
	it->is_event = 1;
	it->etype = type;
	it->aname = aname;
	it->at = d->t;
	if (aval)
		it->aval = arena_put(d, aval, strlen(aval));
}

static void greeting(struct dlg *d, struct strbuf *sb)
{
	expand_str(d, sb, pick(d, phr(d, S_GREET_CLIENT, d->lang)));
	if (sb->len && sb->buf[sb->len - 1] == '!')
		sb->buf[--sb->len] = '\0';
	strbuf_adds(sb, chance(&d->r, 0.65) ? ", " : "! ");
}

/* After "Hi, " the sentence goes on in lower case, except English "I". */
static void add_continued(struct dlg *d, struct strbuf *sb, const char *tmpl)
{
	size_t at = sb->len;
	const char *end = tmpl + strlen(tmpl), *mark = strrchr(tmpl, '~');
	if (mark && mark[1] >= '0' && mark[1] <= '9') {
		d->hint = (int)strtol(mark + 1, NULL, 10);
		end = mark;
	}
	expand(d, sb, tmpl, end);
	if (at < 2 || sb->buf[at - 2] != ',')
		return;
	const char *w = sb->buf + at;
	if (d->lang == EN && w[0] == 'I' && (w[1] == ' ' || w[1] == '\''))
		return;
	char first[3] = { w[0], w[0] & 0x80 ? w[1] : 0, 0 };
	recase(first, 0);
	sb->buf[at] = first[0];
	if (w[0] & 0x80)
		sb->buf[at + 1] = first[1];
}

/* The client's first message: an optional greeting and then the problem. */
static int state_problem(struct dlg *d)
{
	struct strbuf *sb = &d->scratch2;
	strbuf_reset(sb);
	if (chance(&d->r, 0.5)) {
		greeting(d, sb);
	}
	const struct list *l = &d->topic->state[d->lang][d->set];
	add_continued(d, sb, pick(d, l->n ? l : &d->topic->state[d->lang][SET_DEFAULT]));
	return say_tmpl(d, SP_CLIENT, sb->buf, F_PROBLEM);
}

static void say_fix(struct dlg *d, int speaker)
{
	const struct list *l = &d->topic->fix[d->lang];
	say_tmpl(d, speaker, l->v[speaker == SP_OP ? l->n - 1 : rng_below(&d->r, (unsigned)l->n)], 0);
}

/* The bot fails over and over: "I did not understand", or the same canned
 * answer again; the client restates or loses patience. */
static void failure_episode(struct dlg *d, int strong)
{
	size_t canned = (size_t)-1;
	int rounds = strong ? rng_range(&d->r, 2, 3) : 1;
	int use_canned = strong && chance(&d->r, 0.35);
	for (int i = 0; i < rounds; i++) {
		if (use_canned) {
			if (canned == (size_t)-1) {
				say(d, SP_BOT, S_CANNED, F_BOTFAIL);
				canned = d->items[d->n_items - 1].text;
			} else {
				/* byte for byte the same answer again */
				const char *t = d->arena.buf + canned;
				size_t n = strlen(t);
				strbuf_reset(&d->scratch);
				strbuf_add(&d->scratch, t, n);
				add_turn(d, SP_BOT, d->scratch.buf, d->scratch.len, F_BOTFAIL);
			}
		} else {
			say(d, SP_BOT, S_BOT_FAIL, F_BOTFAIL);
		}
		if (!strong)
			say(d, SP_CLIENT, S_REPHRASE, 0);
		else if (i > 0 && chance(&d->r, 0.5))
			say(d, SP_CLIENT, S_FRUST, F_FRUST);
		else
			say(d, SP_CLIENT, S_REPHRASE, F_REPEAT);
	}
}

static void client_reacts_to_offer(struct dlg *d, int problem_open)
{
	double u = rng_unit(&d->r);
	if (problem_open ? u < 0.5 : u < 0.3)
		say(d, SP_CLIENT, S_DECLINE, 0);
	else if (!problem_open && u < 0.7) {
		say(d, SP_CLIENT, S_OFFER_INTEREST, 0);
		say(d, SP_BOT, S_OFFER_DETAILS, 0);
		d->lead += 0.6;
	}
}

/* While the client waits for a human: the bot deflects, the client insists. */
static void deflect(struct dlg *d, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		say(d, SP_BOT, S_DEFLECT, 0);
		double u = rng_unit(&d->r);
		if (u < 0.4)
			say(d, SP_CLIENT, S_ESC_REQ, F_REQUEST);
		else if (u < 0.7)
			say(d, SP_CLIENT, S_FRUST, F_FRUST);
		else if (d->problem)
			say(d, SP_CLIENT, S_REPHRASE, F_REPEAT);
		else
			say(d, SP_CLIENT, S_FRUST, F_FRUST);
	}
}

/* A human takes over: reads the history or asks again for what was said. */
static void operator_phase(struct dlg *d)
{
	event(d, "handoff", "to", d->op);
	d->t += rng_range(&d->r, 20, 400);
	if (chance(&d->r, 0.3)) {
		enum sit ask = S_OP_ASK_WHAT, re = S_REANSWER_WHAT;
		if (d->problem && d->topic->ask == ASK_ORDER && chance(&d->r, 0.8))
			ask = S_OP_ASK_ORDER, re = S_REANSWER_ORDER;
		else if (d->problem && d->topic->ask == ASK_EMAIL && chance(&d->r, 0.8))
			ask = S_OP_ASK_EMAIL, re = S_REANSWER_EMAIL;
		say(d, SP_OP, ask, F_CTXLOST);
		say(d, SP_CLIENT, re, 0);
	} else if (d->problem) {
		say(d, SP_OP, S_OP_CONTEXT, 0);
		if (chance(&d->r, 0.15)) {
			/* asking for what was never said is not losing context */
			say(d, SP_OP, S_OP_ASK_NEW, 0);
			say(d, SP_CLIENT, S_GIVE_PHONE, 0);
		}
	}
	if (d->problem) {
		if (chance(&d->r, 0.06)) {
			say(d, SP_OP, S_OFFER, F_OFFER);
			client_reacts_to_offer(d, 1);
		}
		if (chance(&d->r, 0.3))
			say(d, SP_OP, S_WAIT, 0);
		if (chance(&d->r, 0.85)) {
			say_fix(d, SP_OP);
			say(d, SP_CLIENT, S_RESOLVED, F_RESOLVED);
		} else {
			say(d, SP_OP, S_OP_PROMISE, 0);
		}
	} else {
		say(d, SP_OP, chance(&d->r, 0.5) ? S_SALES_A : S_PRODUCT_A, 0);
		d->lead += 0.4;
		if (chance(&d->r, 0.5))
			say(d, SP_CLIENT, S_BYE, 0);
	}
}

/* After a signal that a human is needed: honoured in time, late, or never. */
static void escalation(struct dlg *d)
{
	double u = rng_unit(&d->r);
	if (u < 0.55) {
		double v = rng_unit(&d->r);
		int bot_turns = v < 0.35 ? 0 : v < 0.8 ? 1 : 2;
		deflect(d, bot_turns > 0 ? bot_turns - 1 : 0);
		if (bot_turns > 0)
			say(d, SP_BOT, S_ANNOUNCE, 0);
		operator_phase(d);
	} else if (u < 0.75) {
		deflect(d, rng_range(&d->r, 2, 4));
		say(d, SP_BOT, S_ANNOUNCE, 0);
		operator_phase(d);
	} else {
		deflect(d, rng_range(&d->r, 1, 3));
		if (chance(&d->r, 0.4))
			say(d, SP_BOT, S_CANNED, 0);
		if (chance(&d->r, 0.6))
			say(d, SP_CLIENT, S_UNRESOLVED, 0);
	}
}

static void after_resolution(struct dlg *d)
{
	if (chance(&d->r, 0.32)) {
		say(d, d->handoff ? SP_OP : SP_BOT, S_OFFER, F_OFFER);
		client_reacts_to_offer(d, 0);
		if (chance(&d->r, 0.15)) {
			event(d, "download", "item", ITEMS[d->item]);
			d->lead += 0.6;
		}
	}
	if (chance(&d->r, 0.4))
		say(d, SP_CLIENT, S_BYE, 0);
}

static int signalled(const struct dlg *d)
{
	int frust = 0, fail = 0, rep = 0;
	for (size_t i = 0; i < d->n_items; i++) {
		unsigned f = d->items[i].is_event ? 0 : d->items[i].flags;
		frust += !!(f & F_FRUST);
		fail += !!(f & F_BOTFAIL);
		rep += !!(f & F_REPEAT);
		if ((f & F_REQUEST) || frust >= 2 || fail >= 2 || rep >= 2)
			return 1;
	}
	return 0;
}

static int has_handoff(const struct dlg *d)
{
	for (size_t i = 0; i < d->n_items; i++)
		if (d->items[i].is_event && !strcmp(d->items[i].etype, "handoff"))
			return 1;
	return 0;
}

static int has_resolved(const struct dlg *d)
{
	for (size_t i = 0; i < d->n_items; i++)
		if (!d->items[i].is_event && (d->items[i].flags & F_RESOLVED))
			return 1;
	return 0;
}

static void flow_problem(struct dlg *d)
{
	d->problem = 1;
	state_problem(d);
	if (chance(&d->r, 0.08)) {
		/* asking about a product is not being sold one */
		say(d, SP_CLIENT, S_PRODUCT_Q, 0);
		say(d, SP_BOT, S_PRODUCT_A, 0);
		d->lead += 0.5;
	}
	double u = rng_unit(&d->r);
	int strong = u < 0.28;
	if (u < 0.45)
		failure_episode(d, strong);
	if (chance(&d->r, 0.3)) {
		say(d, SP_BOT, S_OFFER, F_OFFER);
		client_reacts_to_offer(d, 1);
	}
	if (chance(&d->r, strong ? 0.55 : 0.32)) {
		if (chance(&d->r, 0.15))
			say(d, SP_CLIENT, S_FRUST, F_FRUST);
		say(d, SP_CLIENT, S_ESC_REQ, F_REQUEST);
	} else if (chance(&d->r, 0.12)) {
		say(d, SP_CLIENT, S_ESC_NEG, 0);
	} else if (chance(&d->r, 0.08)) {
		/* one outburst alone is not yet a call for a human */
		say(d, SP_CLIENT, S_FRUST, F_FRUST);
	}
	if (signalled(d)) {
		escalation(d);
	} else {
		double v = rng_unit(&d->r);
		if (v < 0.7) {
			say_fix(d, SP_BOT);
			if (chance(&d->r, 0.9))
				say(d, SP_CLIENT, S_RESOLVED, F_RESOLVED);
		} else if (v < 0.85) {
			say(d, SP_BOT, S_ANNOUNCE, 0);
			operator_phase(d);
		} else {
			say(d, SP_BOT, S_CANNED, 0);
			say(d, SP_CLIENT, S_UNRESOLVED, 0);
		}
	}
	d->handoff = has_handoff(d);
	if (has_resolved(d))
		after_resolution(d);
	else
		d->lead -= 0.5;
}

static void flow_info(struct dlg *d)
{
	struct strbuf *sb = &d->scratch2;
	strbuf_reset(sb);
	if (chance(&d->r, 0.5)) {
		greeting(d, sb);
	}
	add_continued(d, sb, pick(d, phr(d, S_PRODUCT_Q, d->lang)));
	say_tmpl(d, SP_CLIENT, sb->buf, 0);
	d->lead += 0.9;
	if (chance(&d->r, 0.1)) {
		say(d, SP_BOT, S_BOT_FAIL, F_BOTFAIL);
		say(d, SP_CLIENT, S_PRODUCT_Q, F_REPEAT);
		if (chance(&d->r, 0.6)) {
			say(d, SP_BOT, S_BOT_FAIL, F_BOTFAIL);
			say(d, SP_CLIENT, S_FRUST, F_FRUST);
		}
	}
	say(d, SP_BOT, S_PRODUCT_A, 0);
	int more = rng_range(&d->r, 0, 3);
	for (int i = 0; i < more; i++) {
		say(d, SP_CLIENT, S_MORE_Q, 0);
		say(d, SP_BOT, S_MORE_A, 0);
		d->lead += 0.3;
	}
	if (chance(&d->r, 0.25)) {
		say(d, SP_CLIENT, S_SALES_Q, 0);
		say(d, SP_BOT, S_SALES_A, 0);
		d->lead += 0.8;
	}
	if (chance(&d->r, 0.25)) {
		say(d, SP_BOT, S_OFFER, F_OFFER);
		client_reacts_to_offer(d, 0);
	}
	if (chance(&d->r, 0.35)) {
		say(d, SP_CLIENT, S_PRICE_LIST_Q, 0);
		say(d, SP_BOT, S_PRICE_LIST_A, 0);
		event(d, "download", "item", ITEMS[d->item]);
		d->lead += 0.8;
	}
	if (!d->anon && chance(&d->r, 0.28)) {
		say(d, SP_CLIENT, S_CALL_Q, 0);
		say(d, SP_BOT, S_CALL_A, 0);
		event(d, chance(&d->r, 0.5) ? "call" : "form", NULL, NULL);
		d->lead += 1.1;
	}
	if (chance(&d->r, 0.14))
		say(d, SP_CLIENT, S_ESC_REQ, F_REQUEST);
	if (signalled(d))
		escalation(d);
	else if (chance(&d->r, 0.5))
		say(d, SP_CLIENT, S_BYE, 0);
	d->handoff = has_handoff(d);
}

static void flow_small(struct dlg *d)
{
	int n = rng_range(&d->r, 1, 2);
	for (int i = 0; i < n; i++) {
		say(d, SP_CLIENT, S_SMALL_Q, 0);
		say(d, SP_BOT, S_SMALL_A, 0);
	}
	if (chance(&d->r, 0.4))
		say(d, SP_CLIENT, S_BYE, 0);
	if (chance(&d->r, 0.3))
		say(d, SP_BOT, S_BOT_BYE, 0);
}

/* The findings as formats.md section 6 defines them, read off the turns. */
static void compute_truth(struct dlg *d)
{
	int n = 0, resolved = 0, handed = 0, signal = 0, bot_after = 0, honoured = 0;
	int frust = 0, fail = 0, rep = 0, problem = 0;
	d->premature = d->ctxlost = 0;
	for (size_t i = 0; i < d->n_items; i++) {
		const struct item *it = &d->items[i];
		if (it->is_event) {
			if (!strcmp(it->etype, "handoff") && !handed) {
				handed = 1;
				honoured = signal && bot_after <= 2;
			}
			continue;
		}
		n++;
		unsigned f = it->flags;
		if ((f & F_PROBLEM) && !problem)
			problem = n;
		if ((f & F_RESOLVED) && problem && !resolved)
			resolved = n;
		if ((f & F_OFFER) && problem && !resolved && !d->premature)
			d->premature = 1, d->offer_turn = n;
		if (f & F_CTXLOST)
			d->ctxlost = 1;
		if (handed)
			continue;
		if (signal && it->speaker == SP_BOT)
			bot_after++;
		frust += !!(f & F_FRUST);
		fail += !!(f & F_BOTFAIL);
		rep += !!(f & F_REPEAT);
		if (!signal && ((f & F_REQUEST) || frust >= 2 || fail >= 2 || rep >= 2))
			signal = n;
	}
	d->signal_turn = signal;
	d->missed = signal && !honoured;
	d->handoff = handed;
	d->resolved = resolved > 0;
}

static void customer_make(uint64_t seed, uint64_t k, struct customer *c)
{
	struct rng r = { mix3(seed, k, 0xC057) };
	memset(c, 0, sizeof(*c));
	c->lang = (int)rng_below(&r, 2);
	c->has_crm = chance(&r, 0.7);
	c->has_email = chance(&r, 0.85);
	snprintf(c->crm, sizeof(c->crm), "C-%" PRIu64, 100000 + k);
	uint64_t nine = (k * 387420489ULL + 12345 + (seed % 1000) * 1000003ULL) % 1000000000ULL;
	const char *domain = DOMAINS[rng_below(&r, NELEM(DOMAINS))];
	const char *login, *last;
	if (c->lang == RU) {
		unsigned f = rng_below(&r, NELEM(FIRST_RU));
		snprintf(c->name, sizeof(c->name), "%s", FIRST_RU[f][0]);
		login = FIRST_RU[f][1];
		last = LAST_RU[rng_below(&r, NELEM(LAST_RU))];
		snprintf(c->phone, sizeof(c->phone), "79%09" PRIu64, nine);
	} else {
		unsigned f = rng_below(&r, NELEM(FIRST_EN));
		snprintf(c->name, sizeof(c->name), "%s", FIRST_EN[f]);
		login = FIRST_EN[f];
		last = LAST_EN[rng_below(&r, NELEM(LAST_EN))];
		snprintf(c->phone, sizeof(c->phone), "447%09" PRIu64, nine);
	}
	char lg[24];
	snprintf(lg, sizeof(lg), "%s", login);
	recase(lg, 0);
	switch (rng_below(&r, 3)) {
	case 0: snprintf(c->email, sizeof(c->email), "%s.%s.%" PRIu64 "@%s", lg, last, k, domain); break;
	case 1: snprintf(c->email, sizeof(c->email), "%c.%s%" PRIu64 "@%s", lg[0], last, k, domain); break;
	default: snprintf(c->email, sizeof(c->email), "%s%s_%" PRIu64 "@%s", lg, last, k, domain); break;
	}
}

/* The same phone as people write it: "8 (912) 345-67-89", "+7 912 ...". */
static void format_phone(struct rng *r, const char *digits, char *out, size_t n)
{
	const char *d = digits;
	if (d[0] == '7' && strlen(d) == 11) {
		d++;
		switch (rng_below(r, 6)) {
		case 0: snprintf(out, n, "8 (%.3s) %.3s-%.2s-%.2s", d, d + 3, d + 6, d + 8); break;
		case 1: snprintf(out, n, "+7 %.3s %.3s-%.2s-%.2s", d, d + 3, d + 6, d + 8); break;
		case 2: snprintf(out, n, "7%s", d); break;
		case 3: snprintf(out, n, "8(%.3s)%s", d, d + 3); break;
		case 4: snprintf(out, n, "+7 (%.3s) %.3s %.2s %.2s", d, d + 3, d + 6, d + 8); break;
		default: snprintf(out, n, "8 %.3s %.3s %.2s %.2s", d, d + 3, d + 6, d + 8); break;
		}
	} else {
		d += 2;
		switch (rng_below(r, 4)) {
		case 0: snprintf(out, n, "+44 %.4s %s", d, d + 4); break;
		case 1: snprintf(out, n, "44%s", d); break;
		case 2: snprintf(out, n, "+44 %.4s %.3s %s", d, d + 4, d + 7); break;
		default: snprintf(out, n, "+44%s", d); break;
		}
	}
}

/* The e-mail as typed: odd capitals, stray spaces. */
static void format_email(struct rng *r, const char *email, char *out, size_t n)
{
	char tmp[80];
	snprintf(tmp, sizeof(tmp), "%s", email);
	switch (rng_below(r, 5)) {
	case 0: recase(tmp, 1); break;
	case 1: tmp[0] = (char)(tmp[0] >= 'a' && tmp[0] <= 'z' ? tmp[0] - 32 : tmp[0]);
		for (char *p = strchr(tmp, '@'); p && p[1]; p = NULL)
			p[1] = (char)(p[1] >= 'a' && p[1] <= 'z' ? p[1] - 32 : p[1]);
		break;
	default: break;
	}
	snprintf(out, n, "%s%s%s", chance(r, 0.1) ? "  " : "", tmp, chance(r, 0.1) ? " " : "");
}

struct opts {
	uint64_t seed, n, labels;
	const char *out, *prefix, *source, *truth;
	int gzip, gzip_alternate, phrasing, deals;
	uint64_t reexport;
	unsigned files;
	int64_t end_day;
	int days;
};

struct gen {
	struct opts o;
	struct sink tr, deals[2], lab, tru;
	unsigned cur_file;
	uint64_t deal_seq, label_left, n_cust;
	int64_t t_begin, t_span, crm_cut;
	struct strbuf sb;
	struct dlg d;
	/* figures for the summary line */
	uint64_t st_anon, st_prem, st_missed, st_handoff, st_ctx, st_qual, st_contact, st_labeled,
		 st_rows, st_ru, st_kind[3];
};

static void dlg_setup(struct gen *g, uint64_t i)
{
	struct dlg *d = &g->d;
	d->r.s = mix3(g->o.seed, i, 0xD1A1);
	d->n_items = 0;
	d->n_turns = 0;
	strbuf_reset(&d->arena);
	snprintf(d->id, sizeof(d->id), "%s%07" PRIu64, g->o.prefix, i + 1);
	customer_make(g->o.seed, rng_below(&d->r, (unsigned)g->n_cust), &d->c);
	d->lang = chance(&d->r, 0.88) ? d->c.lang : !d->c.lang;
	d->set = g->o.phrasing;
	d->mixlang = chance(&d->r, 0.08);
	double u = rng_unit(&d->r);
	if (d->lang == RU)
		d->tz = u < 0.75 ? 180 : u < 0.85 ? 300 : 0;
	else
		d->tz = u < 0.7 ? 0 : u < 0.85 ? 60 : 180;
	u = rng_unit(&d->r);
	d->kind = u < 0.58 ? K_PROBLEM : u < 0.88 ? K_INFO : K_SMALL;
	d->start = g->t_begin + (int64_t)(((double)i + rng_unit(&d->r)) * (double)g->t_span / (double)g->o.n);
	d->t = d->start;
	u = rng_unit(&d->r);
	d->channel = u < 0.6 ? "web" : u < 0.85 ? "telegram" : "whatsapp";
	d->page = NULL;
	d->lead = -1.4;
	if (!strcmp(d->channel, "web") && chance(&d->r, 0.92)) {
		if (d->kind == K_INFO ? chance(&d->r, 0.65) : chance(&d->r, 0.12)) {
			d->page = PAGES_SALES[rng_below(&d->r, NELEM(PAGES_SALES))];
			d->lead += 0.5;
		} else {
			d->page = PAGES_ANY[rng_below(&d->r, NELEM(PAGES_ANY))];
		}
	}
	if (strcmp(d->channel, "web"))
		d->lead -= 0.2;
	d->bot = BOTS[rng_below(&d->r, NELEM(BOTS))];
	unsigned op = rng_below(&d->r, NELEM(OPS));
	d->op = OPS[op];
	d->opname = OPNAME[d->lang][op];
	d->anon = chance(&d->r, d->kind == K_SMALL ? 0.6 : 0.15);
	d->name_only = !d->anon && chance(&d->r, 0.03);
	d->show_crm = d->show_email = d->show_phone = d->show_name = 0;
	d->email_shown[0] = d->phone_shown[0] = '\0';
	if (!d->anon && !d->name_only) {
		u = rng_unit(&d->r);
		if (u < 0.28 && d->c.has_crm)
			d->show_crm = 1;
		else if (u < 0.5 && d->c.has_email)
			d->show_email = 1;
		else if (u < 0.75)
			d->show_phone = 1;
		else {
			d->show_crm = d->c.has_crm;
			d->show_email = d->c.has_email && chance(&d->r, 0.7);
			d->show_phone = !d->show_email || chance(&d->r, 0.6);
		}
		d->show_name = chance(&d->r, 0.4);
	}
	d->show_name |= d->name_only;
	format_email(&d->r, d->c.email, d->email_shown, sizeof(d->email_shown));
	format_phone(&d->r, d->c.phone, d->phone_shown, sizeof(d->phone_shown));
	d->tariff = (int)rng_below(&d->r, 4);
	d->addon = (int)rng_below(&d->r, 5);
	d->product = (int)rng_below(&d->r, 6);
	d->city = (int)rng_below(&d->r, 5);
	d->faq = (int)rng_below(&d->r, 4);
	d->item = (int)rng_below(&d->r, NELEM(ITEMS));
	snprintf(d->order, sizeof(d->order), "%u", 1000 + rng_below(&d->r, chance(&d->r, 0.5) ? 9000 : 899000));
	snprintf(d->pct, sizeof(d->pct), "%u", 10 + 5 * rng_below(&d->r, 5));
	snprintf(d->users, sizeof(d->users), "%u", 5 + rng_below(&d->r, 56));
	d->topic = &TOPICS[rng_below(&d->r, N_TOPICS)];
	d->problem = d->handoff = d->resolved = 0;
	d->hint = -1;
}

static int has_contact(const struct dlg *d)
{
	return !d->anon && !d->name_only;
}

static void build(struct gen *g, uint64_t i)
{
	struct dlg *d = &g->d;
	dlg_setup(g, i);
	if (chance(&d->r, 0.3))
		say(d, SP_BOT, S_GREET_BOT, 0);
	switch (d->kind) {
	case K_PROBLEM: flow_problem(d); break;
	case K_INFO: flow_info(d); break;
	default: flow_small(d); break;
	}
	if (chance(&d->r, 0.05)) {
		static const char *const odd[] = { "rating", "widget-open", "cobrowse", "typing" };
		const char *t = odd[rng_below(&d->r, NELEM(odd))];
		event(d, t, !strcmp(t, "rating") ? "score" : NULL, !strcmp(t, "rating") ? "4" : NULL);
	}
	if (chance(&d->r, 0.5))
		event(d, "close", NULL, NULL);
	compute_truth(d);
	if (d->premature)
		d->lead -= 0.8;
	if (d->missed)
		d->lead -= 1.0;
	if (d->resolved && d->handoff)
		d->lead += 0.3;
	double z = d->lead + (rng_unit(&d->r) - 0.5) * 1.6;
	d->p = 1.0 / (1.0 + exp(-z));
	d->qualified = has_contact(d) && chance(&d->r, d->p);
}

/* ------------------------------------------------------------------ writers */

static void attr(struct strbuf *sb, const char *name, const char *val)
{
	strbuf_addf(sb, " %s=\"", name);
	xml_escape(sb, val, 1);
	strbuf_addch(sb, '"');
}

static void attr_time(struct strbuf *sb, const char *name, int64_t t, int tz)
{
	strbuf_addf(sb, " %s=\"", name);
	add_time(sb, t, tz);
	strbuf_addch(sb, '"');
}

static void write_dialogue(struct gen *g)
{
	struct dlg *d = &g->d;
	struct strbuf *sb = &g->sb;
	static const char *const sp[] = { "client", "bot", "operator" };
	strbuf_adds(sb, "  <dialogue");
	attr(sb, "id", d->id);
	attr(sb, "channel", d->channel);
	if (d->page)
		attr(sb, "page", d->page);
	if (!chance(&d->r, 0.05))
		attr(sb, "lang", d->lang == RU ? "ru" : "en");
	attr_time(sb, "started", d->start, d->tz);
	if (chance(&d->r, 0.6))
		attr_time(sb, "ended", d->t + rng_range(&d->r, 2, 60), d->tz);
	strbuf_adds(sb, ">\n");
	if (!d->anon) {
		strbuf_adds(sb, "    <contact");
		if (d->show_crm)
			attr(sb, "crm-id", d->c.crm);
		if (d->show_email)
			attr(sb, "email", d->email_shown);
		if (d->show_phone)
			attr(sb, "phone", d->phone_shown);
		if (d->show_name)
			attr(sb, "name", d->c.name);
		strbuf_adds(sb, "/>\n");
	}
	for (size_t i = 0; i < d->n_items; i++) {
		const struct item *it = &d->items[i];
		if (it->is_event) {
			strbuf_adds(sb, "    <event");
			attr(sb, "type", it->etype);
			attr_time(sb, "at", it->at, d->tz);
			if (it->aname && it->aval != (size_t)-1)
				attr(sb, it->aname, d->arena.buf + it->aval);
			strbuf_adds(sb, "/>\n");
			continue;
		}
		strbuf_adds(sb, "    <turn");
		attr(sb, "speaker", sp[it->speaker]);
		if (it->agent)
			attr(sb, "agent", it->agent);
		attr_time(sb, "at", it->at, d->tz);
		strbuf_addch(sb, '>');
		xml_escape(sb, d->arena.buf + it->text, 0);
		strbuf_adds(sb, "</turn>\n");
	}
	strbuf_adds(sb, "  </dialogue>\n");
}

/* Deal files: [0] is a Russian spreadsheet export (";", BOM, CRLF, amounts
 * like "48 000,00"), [1] a "," export with its columns in another order and
 * two columns the loader does not know. */
struct row {
	const char *deal, *contact, *email, *phone, *stage, *by, *dialogue;
	int64_t at;
	long amount;
	int tz;
};

static void write_row(struct gen *g, int file, const struct row *rw)
{
	struct dlg *d = &g->d;
	struct strbuf *sb = &g->sb;
	char at[40], amount[32] = "";
	if (rw->at > g->crm_cut)
		return;
	struct strbuf ts = STRBUF_INIT;
	add_time(&ts, rw->at, file == 0 ? rw->tz : 0);
	snprintf(at, sizeof(at), "%s", strbuf_str(&ts));
	strbuf_release(&ts);
	if (rw->amount > 0) {
		if (file == 0 || chance(&d->r, 0.5))
			snprintf(amount, sizeof(amount), "%ld %03ld,%02d", rw->amount / 1000, rw->amount % 1000, 0);
		else
			snprintf(amount, sizeof(amount), "%ld.00", rw->amount);
	}
	char delim = file == 0 ? ';' : ',';
	const char *eol = file == 0 ? "\r\n" : "\n";
	const char *f0[] = { rw->deal, rw->contact, rw->email, rw->phone, rw->stage, at, rw->by, amount, rw->dialogue };
	if (file == 0) {
		for (size_t k = 0; k < NELEM(f0); k++) {
			if (k)
				strbuf_addch(sb, delim);
			csv_field(sb, f0[k] ? f0[k] : "", delim, k == 7 && *amount);
		}
	} else {
		static const char *const comments[] = {
			"", "", "", "", "перезвонить после 15:00", "asked for \"Business\" plan, wants invoice",
			"VIP, line one\nline two", "tender; 3 offers", "",
		};
		const char *comment = comments[rng_below(&d->r, NELEM(comments))];
		const char *f1[] = { rw->stage, rw->deal, at, rw->email, rw->phone, rw->contact, amount, rw->by,
				     rw->dialogue, chance(&d->r, 0.5) ? "b2b" : "b2c", comment };
		for (size_t k = 0; k < NELEM(f1); k++) {
			if (k)
				strbuf_addch(sb, delim);
			csv_field(sb, f1[k] ? f1[k] : "", delim, 0);
		}
	}
	strbuf_adds(sb, eol);
	sink_sb(&g->deals[file], sb);
	g->st_rows++;
}

static const char *manager(struct gen *g, int file)
{
	struct dlg *d = &g->d;
	if (chance(&d->r, 0.03))
		return file == 0 ? "Петров; старший" : "Sidorov \"senior\", sales";
	return MANAGERS[rng_below(&d->r, NELEM(MANAGERS))];
}

/* Identifiers a CRM row carries: what the dialogue showed, sometimes more,
 * so that a row now and then is what links an e-mail to a phone. */
struct ids { const char *contact, *email, *phone; char email_buf[96], phone_buf[40]; };

static void pick_ids(struct gen *g, struct ids *x, int first)
{
	struct dlg *d = &g->d;
	memset(x, 0, sizeof(*x));
	if (first) {
		if (d->c.has_crm && (d->show_crm || chance(&d->r, 0.4)))
			x->contact = d->c.crm;
		if (d->show_email || (d->c.has_email && chance(&d->r, 0.25))) {
			format_email(&d->r, d->c.email, x->email_buf, sizeof(x->email_buf));
			x->email = x->email_buf;
		}
		if (d->show_phone || chance(&d->r, 0.25)) {
			format_phone(&d->r, d->c.phone, x->phone_buf, sizeof(x->phone_buf));
			x->phone = x->phone_buf;
		}
		if (!x->contact && !x->email && !x->phone) {
			format_phone(&d->r, d->c.phone, x->phone_buf, sizeof(x->phone_buf));
			x->phone = x->phone_buf;
		}
		return;
	}
	/* a later stage change: one identifier that the first row also had */
	if (d->show_crm && d->c.has_crm && chance(&d->r, 0.6))
		x->contact = d->c.crm;
	else if (d->show_email && chance(&d->r, 0.5)) {
		snprintf(x->email_buf, sizeof(x->email_buf), "%s", d->c.email);
		x->email = x->email_buf;
	} else if (d->show_phone) {
		snprintf(x->phone_buf, sizeof(x->phone_buf), "%s", d->c.phone);
		x->phone = x->phone_buf;
	}
}

static void next_deal_id(struct gen *g, char *out, size_t n)
{
	snprintf(out, n, "D-%s%06" PRIu64, g->o.prefix, ++g->deal_seq);
}

static void write_deals(struct gen *g)
{
	struct dlg *d = &g->d;
	if (!has_contact(d))
		return;
	int file = chance(&d->r, 0.6) ? 0 : 1;
	char deal[64];
	struct ids first, later;
	struct row rw = { 0 };
	rw.tz = d->tz;
	if (chance(&d->r, 0.07)) {
		/* an older deal of the same person: before the dialogue, never counts */
		next_deal_id(g, deal, sizeof(deal));
		pick_ids(g, &first, 1);
		rw = (struct row){ deal, first.contact, first.email, first.phone, "new", "bot", NULL,
				   d->start - 86400LL * rng_range(&d->r, 40, 300), 0, d->tz };
		write_row(g, !file, &rw);
		rw.stage = "qualified";
		rw.by = manager(g, !file);
		rw.at += 86400LL * rng_range(&d->r, 1, 10);
		write_row(g, !file, &rw);
		rw.stage = "won";
		rw.at += 86400LL * rng_range(&d->r, 3, 20);
		rw.amount = 1000L * rng_range(&d->r, 5, 300);
		write_row(g, !file, &rw);
	}
	next_deal_id(g, deal, sizeof(deal));
	pick_ids(g, &first, 1);
	int64_t t = d->t + rng_range(&d->r, 30, 900);
	int by_bot = chance(&d->r, 0.88);
	rw = (struct row){ deal, first.contact, first.email, first.phone, "new", "bot",
			   chance(&d->r, 0.6) ? d->id : NULL, t, 0, d->tz };
	if (by_bot)
		write_row(g, file, &rw);
	if (d->qualified) {
		t = d->start + 86400LL * rng_range(&d->r, 1, 24) + rng_range(&d->r, 0, 80000);
		if (!by_bot) {
			rw.by = manager(g, file);
			rw.at = t - 3600;
			write_row(g, file, &rw);
		}
		pick_ids(g, &later, 0);
		if (later.contact || later.email || later.phone)
			rw.contact = later.contact, rw.email = later.email, rw.phone = later.phone;
		rw.dialogue = NULL;
		rw.stage = chance(&d->r, 0.8) ? "qualified" : "proposal";
		rw.by = manager(g, file);
		rw.at = t;
		write_row(g, file, &rw);
		static const char *const more[] = { "proposal", "negotiation", "won" };
		int start = !strcmp(rw.stage, "proposal");
		rw.amount = 1000L * rng_range(&d->r, 5, 900);
		for (int k = start; k < 3 && chance(&d->r, 0.55); k++) {
			rw.stage = more[k];
			rw.at += 86400LL * rng_range(&d->r, 1, 12);
			write_row(g, file, &rw);
		}
		if (chance(&d->r, 0.15)) {
			rw.stage = "lost";
			rw.at += 86400LL * rng_range(&d->r, 2, 30);
			rw.amount = 0;
			write_row(g, file, &rw);
		}
	} else if (by_bot) {
		double u = rng_unit(&d->r);
		rw.dialogue = NULL;
		rw.by = manager(g, file);
		if (u < 0.35) {
			rw.stage = "lost";
			rw.at = d->start + 86400LL * rng_range(&d->r, 2, 40);
			write_row(g, file, &rw);
		} else if (u < 0.47) {
			/* too late for this dialogue's window */
			rw.stage = "qualified";
			rw.at = d->start + 86400LL * rng_range(&d->r, 32, 70);
			write_row(g, file, &rw);
		}
	}
}

static void tag(struct strbuf *sb, int n, const char *name)
{
	strbuf_addf(sb, "    <turn n=\"%d\" tag=\"%s\"/>\n", n, name);
}

/* One trainer's opinion; `noise` is the chance of a slip per decision. */
static void write_labeled(struct gen *g, const char *by, int64_t at, double noise)
{
	struct dlg *d = &g->d;
	struct strbuf *sb = &g->sb;
	strbuf_adds(sb, "  <labeled");
	attr(sb, "dialogue", d->id);
	attr(sb, "by", by);
	attr_time(sb, "at", at, 0);
	strbuf_adds(sb, ">\n");
	int with_turns = !chance(&d->r, 0.03), n = 0;
	for (size_t i = 0; i < d->n_items && with_turns; i++) {
		const struct item *it = &d->items[i];
		if (it->is_event)
			continue;
		n++;
		unsigned f = it->flags;
		if ((f & F_PROBLEM) && !chance(&d->r, noise))
			tag(sb, n, "problem-stated");
		if ((f & F_OFFER) && !chance(&d->r, noise))
			tag(sb, n, "cross-sell-offer");
		if ((f & (F_REQUEST | F_REPEAT)) && !chance(&d->r, noise))
			tag(sb, n, "escalation-request");
		if ((f & F_FRUST) && !chance(&d->r, noise * 2))
			tag(sb, n, "frustration");
		if ((f & F_RESOLVED) && !chance(&d->r, noise))
			tag(sb, n, "problem-resolved");
		if ((f & F_CTXLOST) && !chance(&d->r, noise))
			tag(sb, n, "handoff-context-lost");
	}
	if (!chance(&d->r, 0.04)) {
		int pre = d->premature ^ chance(&d->r, noise);
		int mis = d->missed ^ chance(&d->r, noise);
		strbuf_addf(sb, "    <verdict premature-cross-sell=\"%s\" missed-escalation=\"%s\"",
			    pre ? "yes" : "no", mis ? "yes" : "no");
		if (has_contact(d) && chance(&d->r, 0.25))
			strbuf_addf(sb, " lead-quality=\"%s\"", (d->qualified ^ chance(&d->r, 0.1)) ? "good" : "bad");
		strbuf_adds(sb, "/>\n");
	}
	strbuf_adds(sb, "  </labeled>\n");
	sink_sb(&g->lab, sb);
}

static void write_labels(struct gen *g, uint64_t i)
{
	struct dlg *d = &g->d;
	/* selection sampling: exactly --labels of the dialogues, in one pass */
	uint64_t left = g->o.n - i;
	if (!g->label_left || rng_unit(&d->r) * (double)left >= (double)g->label_left)
		return;
	g->label_left--;
	g->st_labeled++;
	unsigned a = rng_below(&d->r, 3), b = (a + 1 + rng_below(&d->r, NELEM(TRAINERS) - 1)) % NELEM(TRAINERS);
	int64_t at = d->start + 86400LL * rng_range(&d->r, 1, 6);
	write_labeled(g, TRAINERS[a], at, 0.03);
	if (chance(&d->r, 0.3))
		write_labeled(g, TRAINERS[b], at + rng_range(&d->r, 600, 90000), 0.12);
}

static void write_truth(struct gen *g)
{
	struct dlg *d = &g->d;
	strbuf_addf(&g->sb, "%s,%s,%s,%s,%d,%d,%d,%d,%d,%d,%.4f,%d,%s\n", d->id, d->lang == RU ? "ru" : "en",
		    SET_NAME[d->set], KIND_NAME[d->kind], has_contact(d), d->premature,
		    d->missed, d->ctxlost, d->handoff, d->resolved, d->p, d->qualified, d->c.crm);
	sink_sb(&g->tru, &g->sb);
}

/* ------------------------------------------------------------------ driver */

static const char usage[] =
	"usage: gen_corpus --seed N --dialogues N --out DIR [options]\n"
	"\n"
	"Writes a synthetic night of leadqa inputs into DIR:\n"
	"  transcripts-KK.xml[.gz]  dialogues (formats.md section 1), split over --files\n"
	"  deals-1.csv              CRM stage history, ';' + BOM + CRLF, amounts \"48 000,00\"\n"
	"  deals-2.csv              the same kind of rows, ',' + LF, other column order, extra columns\n"
	"  labels.xml               trainer labels for --labels dialogues (when > 0)\n"
	"and, with --truth PATH, the generator's ground truth as CSV (kept out of DIR, which\n"
	"leadqa may take as an inbox).\n"
	"Same arguments, same bytes.\n"
	"\n"
	"options:\n"
	"  --seed N          random seed (required)\n"
	"  --dialogues N     how many dialogues (required)\n"
	"  --out DIR         output folder, created when missing (required)\n"
	"  --files K         transcript files (default 1)\n"
	"  --gzip            gzip every transcript file\n"
	"  --gzip-alternate  gzip files 1, 3, 5...; leave the others plain\n"
	"  --start DATE      last day of the period, YYYY-MM-DD (default 2026-11-23)\n"
	"  --days D          length of the period in days (default 120)\n"
	"  --labels N        label N dialogues, some by two trainers (default 0)\n"
	"  --phrasing N      which set of phrase templates: 0 default, 1 held-out,\n"
	"                    2 fresh, 3 fourth, 4 fifth, 5 sixth, 6 seventh,\n"
	"                    7 eighth\n"
	"                    (default 0; the truth CSV's `set` column names it)\n"
	"  --heldout         the same as --phrasing 1\n"
	"  --prefix P        dialogue id prefix (default \"web-\")\n"
	"  --source NAME     <dialogues source=...> (default \"site-chat\")\n"
	"  --no-deals        write no deal files\n"
	"  --reexport N      start each file after the first with the previous file's last\n"
	"                    N dialogues again (same ids; every third with an added event)\n"
	"  --truth PATH      write the ground truth per dialogue to PATH\n";

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || errno || *s == '-')
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	int have_seed = 0, have_n = 0, have_phrasing = 0;
	memset(o, 0, sizeof(*o));
	o->files = 1;
	o->days = 120;
	o->prefix = "web-";
	o->source = "site-chat";
	o->deals = 1;
	parse_date("2026-11-23", &o->end_day);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t x;
#define NEED() do { if (!v) return error("option '%s' needs a value", a); i++; } while (0)
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return 1;
		} else if (!strcmp(a, "--seed")) {
			NEED();
			if (parse_u64(v, &o->seed))
				return error("bad --seed '%s'", v);
			have_seed = 1;
		} else if (!strcmp(a, "--dialogues")) {
			NEED();
			if (parse_u64(v, &o->n) || !o->n)
				return error("bad --dialogues '%s'", v);
			have_n = 1;
		} else if (!strcmp(a, "--out")) {
			NEED();
			o->out = v;
		} else if (!strcmp(a, "--files")) {
			NEED();
			if (parse_u64(v, &x) || !x || x > 9999)
				return error("bad --files '%s'", v);
			o->files = (unsigned)x;
		} else if (!strcmp(a, "--gzip")) {
			o->gzip = 1;
		} else if (!strcmp(a, "--gzip-alternate")) {
			o->gzip_alternate = 1;
		} else if (!strcmp(a, "--start")) {
			NEED();
			if (parse_date(v, &o->end_day))
				return error("bad --start '%s' (want YYYY-MM-DD)", v);
		} else if (!strcmp(a, "--days")) {
			NEED();
			if (parse_u64(v, &x) || !x || x > 3650)
				return error("bad --days '%s'", v);
			o->days = (int)x;
		} else if (!strcmp(a, "--labels")) {
			NEED();
			if (parse_u64(v, &o->labels))
				return error("bad --labels '%s'", v);
		} else if (!strcmp(a, "--phrasing") || !strcmp(a, "--heldout")) {
			int set = SET_HELDOUT;
			if (!strcmp(a, "--phrasing")) {
				NEED();
				if (parse_u64(v, &x) || x >= N_SETS)
					return error("bad --phrasing '%s' (want 0..7)", v);
				set = (int)x;
			}
			if (have_phrasing && o->phrasing != set)
				return error("--phrasing %d and --phrasing %d (or --heldout) disagree",
					     o->phrasing, set);
			o->phrasing = set;
			have_phrasing = 1;
		} else if (!strcmp(a, "--prefix")) {
			NEED();
			o->prefix = v;
		} else if (!strcmp(a, "--source")) {
			NEED();
			o->source = v;
		} else if (!strcmp(a, "--reexport")) {
			NEED();
			if (parse_u64(v, &o->reexport))
				return error("bad --reexport '%s'", v);
		} else if (!strcmp(a, "--no-deals")) {
			o->deals = 0;
		} else if (!strcmp(a, "--truth")) {
			NEED();
			o->truth = v;
		} else {
			return error("unknown option '%s' (see --help)", a);
		}
#undef NEED
	}
	if (!have_seed || !have_n || !o->out)
		return error("--seed, --dialogues and --out are required (see --help)");
	if (o->files > o->n)
		o->files = (unsigned)o->n;
	if (o->labels > o->n)
		o->labels = o->n;
	return 0;
}

static int open_path(struct sink *s, const char *dir, const char *name, int gzip)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, name);
	int ret = sink_open(s, p.buf, gzip);
	strbuf_release(&p);
	return ret;
}

static int open_transcripts(struct gen *g, unsigned k)
{
	char name[64];
	int gz = g->o.gzip || (g->o.gzip_alternate && k % 2 == 1);
	snprintf(name, sizeof(name), "transcripts-%02u.xml%s", k, gz ? ".gz" : "");
	if (open_path(&g->tr, g->o.out, name, gz))
		return -1;
	strbuf_adds(&g->sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<dialogues");
	attr(&g->sb, "source", g->o.source);
	attr_time(&g->sb, "exported", g->crm_cut, 0);
	strbuf_adds(&g->sb, ">\n");
	sink_sb(&g->tr, &g->sb);
	return 0;
}

static int close_transcripts(struct gen *g)
{
	strbuf_adds(&g->sb, "</dialogues>\n");
	sink_sb(&g->tr, &g->sb);
	return sink_close(&g->tr);
}

/* The chat platform exports again the last dialogues of the previous file:
 * the same ids, mostly the same bytes, a third of them with a late event. */
static void reexport(struct gen *g, uint64_t first_of_file)
{
	uint64_t n = g->o.reexport < first_of_file ? g->o.reexport : first_of_file;
	for (uint64_t i = first_of_file - n; i < first_of_file; i++) {
		build(g, i);
		if (i % 3 == 0) {
			/* added without drawing from the stream, so all else stays equal */
			struct item *it = push(&g->d);
			it->is_event = 1;
			it->etype = "rating";
			it->aname = "score";
			it->aval = arena_put(&g->d, "5", 1);
			it->at = g->d.t + 3600;
		}
		write_dialogue(g);
		sink_sb(&g->tr, &g->sb);
	}
}

static void count(struct gen *g)
{
	struct dlg *d = &g->d;
	g->st_anon += !has_contact(d);
	g->st_contact += has_contact(d);
	g->st_prem += d->premature;
	g->st_missed += d->missed;
	g->st_handoff += d->handoff;
	g->st_ctx += d->ctxlost;
	g->st_qual += d->qualified;
	g->st_ru += d->lang == RU;
	g->st_kind[d->kind]++;
}

static int run(struct gen *g)
{
	static const char bom[] = "\xEF\xBB\xBF";
	int ret = -1;
	if (mkdir_p(g->o.out))
		return error("cannot create '%s'", g->o.out);
	g->t_span = (int64_t)g->o.days * 86400;
	g->t_begin = g->o.end_day + 20 * 3600 - g->t_span;
	g->crm_cut = g->o.end_day + 23 * 3600;
	g->n_cust = g->o.n * 7 / 10 + 1;
	if (g->n_cust > 0xffffffffULL)
		g->n_cust = 0xffffffffULL;
	g->label_left = g->o.labels;
	if (g->o.deals) {
		if (open_path(&g->deals[0], g->o.out, "deals-1.csv", 0) ||
		    open_path(&g->deals[1], g->o.out, "deals-2.csv", 0))
			goto out;
		strbuf_adds(&g->sb, bom);
		strbuf_adds(&g->sb, "deal_id;contact_id;email;phone;stage;changed_at;changed_by;amount;dialogue_id\r\n");
		sink_sb(&g->deals[0], &g->sb);
		strbuf_adds(&g->sb, "stage,deal_id,changed_at,email,phone,contact_id,amount,changed_by,dialogue_id,pipeline,comment\n");
		sink_sb(&g->deals[1], &g->sb);
	}
	if (g->o.labels) {
		if (open_path(&g->lab, g->o.out, "labels.xml", 0))
			goto out;
		strbuf_adds(&g->sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<labels>\n");
		sink_sb(&g->lab, &g->sb);
	}
	if (g->o.truth) {
		if (sink_open(&g->tru, g->o.truth, 0))
			goto out;
		strbuf_adds(&g->sb, "dialogue_id,lang,set,kind,has_contact,premature_cross_sell,missed_escalation,"
			    "context_lost,handoff,resolved,p_qualified,qualified,customer\n");
		sink_sb(&g->tru, &g->sb);
	}
	for (uint64_t i = 0; i < g->o.n; i++) {
		unsigned k = (unsigned)(i * g->o.files / g->o.n) + 1;
		if (k != g->cur_file) {
			if (g->cur_file && close_transcripts(g))
				goto out;
			if (open_transcripts(g, k))
				goto out;
			g->cur_file = k;
			reexport(g, i);
		}
		build(g, i);
		write_dialogue(g);
		sink_sb(&g->tr, &g->sb);
		if (g->tr.failed)
			goto out;
		if (g->o.deals)
			write_deals(g);
		if (g->o.labels)
			write_labels(g, i);
		if (g->o.truth)
			write_truth(g);
		count(g);
	}
	ret = 0;
out:
	if (g->cur_file && close_transcripts(g))
		ret = -1;
	if (g->deals[0].path && sink_close(&g->deals[0]))
		ret = -1;
	if (g->deals[1].path && sink_close(&g->deals[1]))
		ret = -1;
	if (g->lab.path) {
		strbuf_adds(&g->sb, "</labels>\n");
		sink_sb(&g->lab, &g->sb);
		if (sink_close(&g->lab))
			ret = -1;
	}
	if (g->tru.path && sink_close(&g->tru))
		ret = -1;
	return ret;
}

int main(int argc, char **argv)
{
	struct gen g;
	memset(&g, 0, sizeof(g));
	int r = parse_args(argc, argv, &g.o);
	if (r)
		return r > 0 ? 0 : 2;
	strbuf_init(&g.sb, 0);
	strbuf_init(&g.d.arena, 0);
	strbuf_init(&g.d.scratch, 0);
	strbuf_init(&g.d.scratch2, 0);
	int ret = run(&g);
	if (!ret)
		fprintf(stderr, "gen_corpus: %" PRIu64 " dialogues (problem %" PRIu64 ", info %" PRIu64
			", small talk %" PRIu64 ", ru %" PRIu64 "), anonymous %" PRIu64 ", handoffs %" PRIu64
			", premature cross-sell %" PRIu64 ", missed escalation %" PRIu64
			", context lost %" PRIu64 ", qualified %" PRIu64 " of %" PRIu64 " with contact, deal rows %" PRIu64
			", labeled %" PRIu64 "\n",
			g.o.n, g.st_kind[K_PROBLEM], g.st_kind[K_INFO], g.st_kind[K_SMALL], g.st_ru, g.st_anon,
			g.st_handoff, g.st_prem, g.st_missed, g.st_ctx, g.st_qual, g.st_contact, g.st_rows,
			g.st_labeled);
	strbuf_release(&g.sb);
	strbuf_release(&g.d.arena);
	strbuf_release(&g.d.scratch);
	strbuf_release(&g.d.scratch2);
	free(g.d.items);
	return ret ? 1 : 0;
}
