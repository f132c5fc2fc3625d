/* text.c — templates expanded into turns: slots, case, typos, client noise. */
#include "compat.h"
#include "gen_corpus.h"

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

void expand(struct dlg *d, struct strbuf *out, const char *s, const char *e)
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

void expand_str(struct dlg *d, struct strbuf *out, const char *t)
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
void recase(char *s, int upper)
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

void client_noise(struct dlg *d, struct strbuf *sb)
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
