/* pii_mask.c — e-mails, phone numbers and card numbers masked (pii_mask.h). */
#include "compat.h"
#include "pii_mask.h"

#include <stdlib.h>
#include <string.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* A letter or digit of any script (bytes of UTF-8 sequences count as
 * letters): a number glued to one is part of a word, an id or a code. */
static int is_word(char c)
{
	return is_digit(c) || is_alpha(c) || (unsigned char)c >= 0x80 || c == '_';
}

static int is_local(char c)
{
	return is_digit(c) || is_alpha(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* ---- e-mail ---- */

/* The end of an e-mail address starting at p (a local-part character not
 * preceded by one), or NULL. */
static const char *email_end(const char *p)
{
	const char *q = p, *end = NULL;
	int dots = 0;
	while (is_local(*q))
		q++;
	if (*q != '@' || q == p || *p == '.')
		return NULL;
	q++;
	for (;;) {
		const char *label = q;
		int alpha = 1;
		while (is_digit(*q) || is_alpha(*q) || *q == '-') {
			alpha &= is_alpha(*q);
			q++;
		}
		if (q == label)
			break;
		if (dots && alpha && q - label >= 2)
			end = q;    /* the last label so far that may end it */
		if (*q != '.' || !(is_digit(q[1]) || is_alpha(q[1])))
			break;
		dots++;
		q++;
	}
	return end;
}

/* ---- numbers ---- */

#define MAX_GROUPS 12

struct number {
	const char *start, *end;        /* the run: '+' or '(' or a digit .. last digit */
	const char *group[MAX_GROUPS];  /* where each group of digits starts */
	int n_groups;
};

/* Separators between two groups: one character of " -.()", or two when
 * one of them is a parenthesis ("8 (912) 345"); the length, or 0. */
static int separator(const char *p)
{
	static const char seps[] = " -.()";
	if (!*p || !strchr(seps, *p))
		return 0;
	if (is_digit(p[1]))
		return 1;
	if (p[1] && strchr(seps, p[1]) && (*p == '(' || *p == ')' || p[1] == '(' || p[1] == ')') &&
	    is_digit(p[2]))
		return 2;
	return 0;
}

/* The run of digit groups starting at p; 0 when there is none. */
static int take_number(const char *p, struct number *n)
{
	const char *q = p;
	n->start = p;
	n->n_groups = 0;
	if (*q == '+' || *q == '(')
		q++;
	if (!is_digit(*q))
		return 0;
	for (;;) {
		int s;
		if (n->n_groups == MAX_GROUPS)
			break;
		n->group[n->n_groups++] = q;
		while (is_digit(*q))
			q++;
		n->end = q;
		s = separator(q);
		if (!s)
			break;
		q += s;
	}
	return 1;
}

static int digits_in(const char *from, const char *to, char *out, int max)
{
	int k = 0;
	for (const char *p = from; p < to; p++)
		if (is_digit(*p)) {
			if (k == max)
				return max + 1;
			out[k++] = *p;
		}
	return k;
}

static int luhn(const char *d, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++) {
		int v = d[n - 1 - i] - '0';
		if (i % 2) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

/* What [from, to) is when read alone: the digits to leave visible (>= 1),
 * or 0 when it is nothing to mask. */
static int classify(const char *from, const char *to, int plus, int groups, int plain_seps)
{
	char d[24];
	int n = digits_in(from, to, d, 20);
	if (n > 20)
		return 0;
	if (!plus && plain_seps && n >= 13 && n <= 19 && luhn(d, n))
		return 4;
	if (plus)
		return n >= 10 && n <= 15 ? 2 : 0;
	if (n == 11 && (d[0] == '7' || d[0] == '8') && strchr("3489", d[1]))
		return 2;
	if (n == 10 && d[0] == '9' && groups >= 3)
		return 2;
	return 0;
}

/* Appends [from, to) with its digits but the last `keep` masked. */
static void add_masked(struct strbuf *out, const char *from, const char *to, int keep)
{
	int total = 0, seen = 0;
	for (const char *p = from; p < to; p++)
		total += is_digit(*p);
	for (const char *p = from; p < to; p++) {
		if (is_digit(*p) && seen++ < total - keep)
			strbuf_addch(out, '*');
		else
			strbuf_addch(out, *p);
	}
}

/* Masks what the run holds: the longest match from the earliest group
 * (a price or an order number may run into a phone number: "12 000
 * 8 912 345-67-89").  Appends the whole run. */
static void mask_number(const struct number *n, struct strbuf *out)
{
	int plus = *n->start == '+';
	for (int s = 0; s < n->n_groups; s++) {
		/* a later group starts a number of its own only at a space */
		if (s && *(n->group[s] - 1) != ' ')
			continue;
		for (int e = n->n_groups - 1; e >= s; e--) {
			const char *from = s ? n->group[s] : n->start;
			const char *to = e + 1 < n->n_groups ? n->group[e + 1] : n->end;
			int keep, plain = 1;
			/* back over the separator before the next group */
			while (to > from && !is_digit(to[-1]))
				to--;
			for (const char *p = from; p < to; p++)
				if (!is_digit(*p) && !((*p == ' ' || *p == '-') && is_digit(p[1]) && p > from &&
						       is_digit(p[-1])) && !(p == from && *p == '+'))
					plain = 0;
			keep = classify(from, to, s == 0 && plus, e - s + 1, plain);
			if (keep) {
				strbuf_add(out, n->start, (size_t)(from - n->start));
				add_masked(out, from, to, keep);
				strbuf_add(out, to, (size_t)(n->end - to));
				return;
			}
		}
	}
	strbuf_add(out, n->start, (size_t)(n->end - n->start));
}

void pii_mask_append(const char *text, struct strbuf *out)
{
	const char *p = text, *copied = text;
	int has_at = strchr(text, '@') != NULL;
	for (; *p; ) {
		int boundary = p == text || !is_word(p[-1]);
		if (has_at && boundary && is_local(*p) && (p == text || !is_local(p[-1]))) {
			const char *end = email_end(p);
			if (end) {
				strbuf_add(out, copied, (size_t)(p - copied));
				strbuf_addch(out, *p);
				strbuf_adds(out, "***");
				strbuf_add(out, strchr(p, '@'), (size_t)(end - strchr(p, '@')));
				p = copied = end;
				continue;
			}
		}
		if (boundary && (is_digit(*p) || ((*p == '+' || *p == '(') && is_digit(p[1])))) {
			struct number n;
			if (take_number(p, &n) && !is_word(*n.end)) {
				strbuf_add(out, copied, (size_t)(p - copied));
				mask_number(&n, out);
				p = copied = n.end;
				continue;
			}
			/* glued to a word: skip the digits as one */
			while (is_digit(*p) || *p == '+' || *p == '(')
				p++;
			continue;
		}
		p++;
	}
	strbuf_adds(out, copied);
}

char *pii_mask_dup(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	if (!text)
		return NULL;
	pii_mask_append(text, &sb);
	return strbuf_detach(&sb);
}
