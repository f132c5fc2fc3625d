/* report_words.c — the words the stored data carries in English (turn tag
 * names, the lead score's factor phrases of model_explain.c), said in the
 * report's language.  A phrase not known here is shown as stored. */
#include "compat.h"
#include "report_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *tag, *en, *ru;
} tags[] = {
	{ "cross-sell-offer", "cross-sell offer", "предложение допродажи" },
	{ "problem-stated", "problem stated", "проблема названа" },
	{ "problem-resolved", "problem resolved", "проблема решена" },
	{ "escalation-request", "asks for a person", "просит человека" },
	{ "frustration", "frustration", "раздражение" },
	{ "handoff-context-lost", "context lost at handoff", "потеря контекста" },
};

const char *report_tag_label(const struct report_ctx *c, const char *tag)
{
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (!strcmp(tag, tags[i].tag))
			return T(c, tags[i].en, tags[i].ru);
	return tag;
}

static const struct {
	const char *en, *ru;
} factors[] = {
	{ "what the bot and operators said", "что говорили бот и операторы" },
	{ "asked questions", "задавал вопросы" },
	{ "handed to an operator", "передан оператору" },
	{ "downloaded a file", "скачал файл" },
	{ "filled in a form", "заполнил форму" },
	{ "asked for a call", "просил позвонить" },
	{ "reply speed", "скорость ответов" },
	{ "length of the conversation", "длина разговора" },
	{ "premature cross-sell", "преждевременная допродажа" },
	{ "repeated bot failures", "повторные сбои бота" },
	{ "operator lost the context", "оператор потерял контекст" },
	{ "page and channel", "страница и канал" },
	{ "left a phone number", "оставил телефон" },
	{ "left contact details", "оставил контакты" },
	{ "problem solved", "проблема решена" },
	{ "problem left open", "проблема не решена" },
	{ "other signals", "другие признаки" },
	{ "the client's wording", "формулировки клиента" },
};

/* Phrases with a value inside: "downloaded X", "N client turns",
 * "returning customer (N earlier dialogues)", "words: a, b". */
void report_factor(const struct report_ctx *c, const char *en, char *out, size_t outsz)
{
	long n;
	char rest[8];
	if (!c->ru) {
		snprintf(out, outsz, "%s", en);
		return;
	}
	for (size_t i = 0; i < sizeof(factors) / sizeof(factors[0]); i++)
		if (!strcmp(en, factors[i].en)) {
			snprintf(out, outsz, "%s", factors[i].ru);
			return;
		}
	if (!strncmp(en, "downloaded ", 11))
		snprintf(out, outsz, "скачал %s", en + 11);
	else if (!strncmp(en, "words: ", 7))
		snprintf(out, outsz, "слова клиента: %s", en + 7);
	else if (sscanf(en, "%ld client turn%7s", &n, rest) >= 1 && strstr(en, " client turn"))
		snprintf(out, outsz, "реплик клиента: %ld", n);
	else if (sscanf(en, "returning customer (%ld", &n) == 1)
		snprintf(out, outsz, "повторный клиент (ранее диалогов: %ld)", n);
	else
		snprintf(out, outsz, "%s", en);
}
