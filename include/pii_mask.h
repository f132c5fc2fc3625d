/* pii_mask.h — personal data typed into a chat, masked where text is shown:
 * e-mail addresses, phone numbers and payment card numbers.
 *
 *   e-mail   ivan.petrov+shop@mail.ru      -> i***@mail.ru
 *   phone    +7 (912) 345-67-89            -> +* (***) ***-**-89
 *   card     4276 1600 1234 5678           -> **** **** **** 5678
 *
 * The shape stays (what kind of thing was typed, and the last digits a
 * person on the phone may ask for); the rest is gone.  What counts:
 *   - an e-mail: ASCII local part (letters, digits, . _ % + -), '@', a
 *     domain with a dot and a final label of two or more letters;
 *   - a card: 13 to 19 digits, alone or in groups split by single spaces
 *     or dashes, that pass the Luhn check;
 *   - a phone: a run of digits in groups split by single spaces, dashes,
 *     dots or parentheses, that is '+' and 10 to 15 digits, or 11 digits
 *     starting 7 or 8 then 3, 4, 8 or 9 (Russian numbers, +7 or 8), or 10
 *     digits starting 9 written in groups (a Russian mobile without its
 *     prefix).
 * Order numbers, prices, dates and times are left alone: too few digits,
 * the wrong first digits, or (an order number of card length) no Luhn.
 */
#ifndef LEADQA_PII_MASK_H
#define LEADQA_PII_MASK_H

#include "util.h"

/* Appends text to out with what it finds masked (out is not reset). */
void pii_mask_append(const char *text, struct strbuf *out);

/* A masked copy (xmalloc'd), or NULL for NULL. */
char *pii_mask_dup(const char *text);

#endif
