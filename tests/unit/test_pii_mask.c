/* test_pii_mask.c — e-mails, phone numbers (Russian and international
 * formats) and Luhn-valid card numbers are masked; order numbers, prices,
 * dates, times and card-length numbers that fail Luhn are not. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "pii_mask.h"

static void check(const char *in, const char *want)
{
	char *got = pii_mask_dup(in);
	if (strcmp(got, want))
		fail_msg("mask(\"%s\")\n  got  \"%s\"\n  want \"%s\"", in, got, want);
	free(got);
}

static void test_phones(void **state)
{
	(void)state;
	check("+7 (912) 345-67-89", "+* (***) ***-**-89");
	check("мой номер 8 912 345 67 89, звоните", "мой номер * *** *** ** 89, звоните");
	check("8(912)345-67-89", "*(***)***-**-89");
	check("89123456789", "*********89");
	check("+79123456789", "+*********89");
	check("тел.: 8-495-123-45-67", "тел.: *-***-***-**-67");
	check("(912) 345-67-89", "(***) ***-**-89");
	check("912 345 67 89", "*** *** ** 89");
	check("call +44 20 7946 0958 please", "call +** ** **** **58 please");
	check("+1 (415) 555-2671", "+* (***) ***-**71");
	check("+49.30.1234567", "+**.**.*****67");
	/* a price running into a phone number */
	check("стоимость 12 000 8 912 345-67-89", "стоимость 12 000 * *** ***-**-89");
}

static void test_cards(void **state)
{
	(void)state;
	check("4276 1600 1234 5675", "**** **** **** 5675");
	check("карта 4276-1600-1234-5675!", "карта ****-****-****-5675!");
	check("4111111111111111", "************1111");
	check("Amex 3782 822463 10005", "Amex **** ****** *0005");
}

static void test_emails(void **state)
{
	(void)state;
	check("ivan.petrov+shop@mail.ru", "i***@mail.ru");
	check("Write to: A.B_c-d@sub.example.co.uk.", "Write to: A***@sub.example.co.uk.");
	check("m@x.io and n.o@y.org", "m***@x.io and n***@y.org");
	check("почта: ivan@yandex.ru, спасибо", "почта: i***@yandex.ru, спасибо");
}

/* What must stay as it is. */
static void test_traps(void **state)
{
	static const char *const keep[] = {
		"Заказ № 4521987 оформлен",
		"заказ 123456789012",
		"order 4276160012345678 (not a card: fails Luhn)",
		"Годовой тариф стоит 12 000 руб, сумма 48 000,00",
		"1 200 000 000 рублей",
		"Встреча 23.11.2026 в 14:30",
		"date 2026-11-23T10:02:00Z",
		"ИНН 7707083893",
		"code A12345678901",
		"№89123456789",
		"version 3.12.1",
		"user@localhost",
		"an @ sign alone, and a@b",
		"8 800",
		"+7",
		"",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		check(keep[i], keep[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_cards),
		cmocka_unit_test(test_emails),
		cmocka_unit_test(test_traps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
