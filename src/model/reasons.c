/* reasons.c — the closed dictionary of reason phrases (see reasons.h). */
#include "compat.h"
#include "reasons.h"
#include "featvec.h"

#include <pthread.h>
#include <string.h>

/* Client words by meaning.  Stems are the stemmer's own (Snowball English
 * and Russian, as textnorm gives them), listed exactly: a prefix would pull
 * in words of other meanings ("цен" is also in "ценный"). */
struct cue {
	const char *phrase[2];
	const char *stems[16];
};

static const struct cue cues[] = {
	{ { "asked about the price", "спрашивал о цене" },
	  { "price", "cost", "expens", "cheap", "cheaper", "tariff", "цен", "стоимост", "скольк",
	    "дор", "дорог", "дешевл", "дешев", "тариф", "прайс", NULL } },
	{ { "wants to buy or order", "хочет купить или заказать" },
	  { "buy", "bought", "purchas", "order", "checkout", "куп", "купл", "покупк", "заказ",
	    "заказа", "оформ", "приобрест", NULL } },
	{ { "asked how to pay", "спрашивал об оплате" },
	  { "pay", "payment", "invoic", "instal", "credit", "оплат", "счет", "рассрочк", "кредит",
	    NULL } },
	{ { "asked about delivery", "спрашивал о доставке" },
	  { "deliveri", "deliv", "ship", "courier", "pickup", "доставк", "достав", "курьер",
	    "самовывоз", NULL } },
	{ { "asked for a discount", "спрашивал о скидке" },
	  { "discount", "promo", "coupon", "скидк", "акц", "промокод", "купон", NULL } },
	{ { "asked for a demo or a trial", "просил демонстрацию или пробный период" },
	  { "demo", "trial", "дем", "демонстрац", "пробн", NULL } },
	{ { "asked to be called", "просил позвонить" },
	  { "call", "callback", "позвон", "перезвон", "звонок", "звонк", NULL } },
	{ { "said they are only looking", "сказал, что просто смотрит" },
	  { "brows", "смотр", "подума", "позж", NULL } },
	{ { "reported a fault", "сообщил о неисправности" },
	  { "broken", "error", "crash", "bug", "fault", "слома", "ошибк", "сбо", "глюч", "полом",
	    NULL } },
	{ { "asked to cancel or return", "просил отменить или вернуть" },
	  { "cancel", "refund", "return", "unsubscrib", "отмен", "возврат", "вернут", "верн", NULL } },
	{ { "asked for a person", "просил живого человека" },
	  { "human", "person", "agent", "оператор", "менеджер", "человек",
	    "сотрудник", NULL } },
	{ { "asked whether it is in stock", "спрашивал о наличии" },
	  { "stock", "avail", "налич", NULL } },
	{ { "was unhappy", "был недоволен" },
	  { "terribl", "useless", "disappoint", "angri", "ужасн", "плох", "бесполезн",
	    "недовол", NULL } },
	{ { "thanked", "поблагодарил" },
	  { "thank", "спасиб", "благодар", NULL } },
};
#define N_CUES (sizeof(cues) / sizeof(cues[0]))

/* Every client word of every scored dialogue is looked up: an open-
 * addressing table of the dictionary's stems, built once, keeps that to one
 * hash and usually no string comparison. */
#define CUE_SLOTS 512
static struct { const char *stem; int cue; } table[CUE_SLOTS];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static size_t slot_of(const char *stem)
{
	return (size_t)(hash64(stem, strlen(stem), 0) % CUE_SLOTS);
}

static void build_table(void)
{
	for (size_t i = 0; i < N_CUES; i++)
		for (size_t j = 0; cues[i].stems[j]; j++) {
			size_t k = slot_of(cues[i].stems[j]);
			while (table[k].stem)
				k = (k + 1) % CUE_SLOTS;
			table[k].stem = cues[i].stems[j];
			table[k].cue = (int)i;
		}
}

int reason_cue_of_stem(const char *stem)
{
	pthread_once(&table_once, build_table);
	for (size_t k = slot_of(stem); table[k].stem; k = (k + 1) % CUE_SLOTS)
		if (!strcmp(table[k].stem, stem))
			return table[k].cue;
	return -1;
}

size_t reason_cue_count(void)
{
	return N_CUES;
}

const char *reason_cue_phrase(size_t cue, enum reason_lang l)
{
	return cue < N_CUES ? cues[cue].phrase[l] : NULL;
}

int reason_lang_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "ru"))
		return REASON_RU;
	if (!strcmp(s, "en"))
		return REASON_EN;
	return -1;
}

/* Cyrillic letters are two-byte sequences led by 0xd0 or 0xd1. */
enum reason_lang reason_lang_of(const struct dialogue *d)
{
	size_t cyr = 0, lat = 0;
	int own = reason_lang_parse(d->lang);
	if (own >= 0)
		return (enum reason_lang)own;
	for (size_t i = 0; i < d->n_turns; i++) {
		const unsigned char *p = (const unsigned char *)d->turns[i].text;
		if (d->turns[i].speaker != SPEAKER_CLIENT || !p)
			continue;
		for (; *p; p++) {
			if (*p == 0xd0 || *p == 0xd1)
				cyr++;
			else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
				lat++;
		}
	}
	return cyr > lat ? REASON_RU : REASON_EN;
}

const char *reason_group_phrase(int group, enum reason_variant v, enum reason_lang l)
{
	int ru = l == REASON_RU;
	switch (group) {
	case FG_WORDS_STAFF: return ru ? "что говорили бот и операторы" : "what the bot and operators said";
	case FG_QUESTIONS: return ru ? "задавал вопросы" : "asked questions";
	case FG_HANDOFF: return ru ? "передан оператору" : "handed to an operator";
	case FG_DOWNLOADS: return ru ? "скачал файл" : "downloaded a file";
	case FG_FORMS: return ru ? "заполнил форму" : "filled in a form";
	case FG_CALLS: return ru ? "заказал звонок" : "asked for a call";
	case FG_LATENCY: return ru ? "скорость ответов" : "reply speed";
	case FG_DURATION: return ru ? "длительность разговора" : "length of the conversation";
	case FG_CROSS_SELL: return ru ? "преждевременное допредложение" : "premature cross-sell";
	case FG_ESCALATION: return ru ? "повторные сбои бота" : "repeated bot failures";
	case FG_CONTEXT_LOST: return ru ? "оператор потерял контекст" : "operator lost the context";
	case FG_PAGE_CHANNEL: return ru ? "страница и канал" : "page and channel";
	case FG_CONTACT:
		if (v == RV_PHONE)
			return ru ? "оставил телефон" : "left a phone number";
		return ru ? "оставил контакты" : "left contact details";
	case FG_PROBLEM:
		if (v == RV_RESOLVED)
			return ru ? "проблема решена" : "problem solved";
		return ru ? "проблема не решена" : "problem left open";
	default: return NULL;
	}
}

void reason_say_turns(long n, enum reason_lang l, struct strbuf *out)
{
	if (l == REASON_RU)
		strbuf_addf(out, "реплик клиента: %ld", n);
	else
		strbuf_addf(out, "%ld client turn%s", n, n == 1 ? "" : "s");
}

void reason_say_returning(long n, enum reason_lang l, struct strbuf *out)
{
	if (l == REASON_RU)
		strbuf_addf(out, "повторное обращение (диалогов до этого: %ld)", n);
	else
		strbuf_addf(out, "returning customer (%ld earlier dialogue%s)", n, n == 1 ? "" : "s");
}

void reason_each_phrase(void (*fn)(const char *phrase, void *ctx), void *ctx)
{
	static const enum reason_variant vs[] = { RV_PLAIN, RV_PHONE, RV_RESOLVED };
	struct strbuf sb = STRBUF_INIT;
	for (int l = REASON_EN; l <= REASON_RU; l++) {
		for (size_t i = 0; i < N_CUES; i++)
			fn(cues[i].phrase[l], ctx);
		for (int g = 0; g < FG_COUNT; g++)
			for (size_t v = 0; v < sizeof(vs) / sizeof(vs[0]); v++) {
				const char *p = reason_group_phrase(g, vs[v], (enum reason_lang)l);
				const char *plain = reason_group_phrase(g, RV_PLAIN, (enum reason_lang)l);
				if (p && (v == 0 || strcmp(p, plain)))
					fn(p, ctx);
			}
		/* the counted ones, with N for the count, singular and plural */
		for (long n = 1; n <= 2; n++) {
			for (int k = 0; k < 2; k++) {
				strbuf_reset(&sb);
				if (k)
					reason_say_returning(n, (enum reason_lang)l, &sb);
				else
					reason_say_turns(n, (enum reason_lang)l, &sb);
				for (size_t i = 0; i < sb.len; i++)
					if (sb.buf[i] >= '0' && sb.buf[i] <= '9')
						sb.buf[i] = 'N';
				fn(sb.buf, ctx);
			}
		}
	}
	strbuf_release(&sb);
}
