/* reasons.h — the words a lead score's reasons are made of (top_factors).
 *
 * A reason is a direction and a phrase: "+ asked about the price" (it raised
 * the score), "− said they are only looking" (it lowered it; U+2212).  Every
 * phrase comes from this closed dictionary, in English or Russian, so that
 * no reason is ever a stem, a stop word or a cut word:
 *   - cue groups: client words gathered by meaning ("price", "цена",
 *     "стоимость", "how much" ... -> "asked about the price"), matched by
 *     exact stem (the stemmer's, textnorm.h); a client word in no group is
 *     never named;
 *   - the model's other feature groups (featvec.h), each one phrase, two
 *     with a count in them ("4 client turns", "returning customer (2
 *     earlier dialogues)").
 * The language is the report's (score --lang, the night's `lang` setting),
 * else the dialogue's own: its lang attribute, else Cyrillic letters in
 * the client's turns outnumbering Latin ones make it Russian. */
#ifndef LEADQA_REASONS_H
#define LEADQA_REASONS_H

#include <stddef.h>
#include "dialogue.h"
#include "util.h"

enum reason_lang { REASON_EN, REASON_RU };

/* "ru" -> REASON_RU, "en" -> REASON_EN; -1 for anything else. */
int reason_lang_parse(const char *s);
/* The dialogue's own language, as above. */
enum reason_lang reason_lang_of(const struct dialogue *d);

/* The cue group of a stem, or -1. */
int reason_cue_of_stem(const char *stem);
size_t reason_cue_count(void);
const char *reason_cue_phrase(size_t cue, enum reason_lang l);

/* Variants of a feature group's phrase. */
enum reason_variant { RV_PLAIN, RV_PHONE, RV_RESOLVED };
/* The phrase of a feature group (enum feature_group) other than the client's
 * words; NULL for those and for the two with a count (use reason_say_*). */
const char *reason_group_phrase(int group, enum reason_variant v, enum reason_lang l);
/* "4 client turns" / "реплик клиента: 4" */
void reason_say_turns(long n, enum reason_lang l, struct strbuf *out);
/* "returning customer (1 earlier dialogue)" / "повторное обращение (диалогов до этого: 1)" */
void reason_say_returning(long n, enum reason_lang l, struct strbuf *out);

/* Every phrase there is, both languages, counts written as "N", one call
 * each: the dictionary the tests check top_factors against. */
void reason_each_phrase(void (*fn)(const char *phrase, void *ctx), void *ctx);

#endif
