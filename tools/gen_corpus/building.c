/* building.c — one dialogue built phase by phase, with its ground truth. */
#include "compat.h"
#include "gen_corpus.h"

struct item *push(struct dlg *d)
{
	ALLOC_GROW(d->items, d->n_items, d->alloc_items);
	struct item *it = &d->items[d->n_items++];
	memset(it, 0, sizeof(*it));
	it->aval = (size_t)-1;
	return it;
}

size_t dlg_arena_put(struct dlg *d, const char *s, size_t n)
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
	it->text = dlg_arena_put(d, text, n);
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

void event(struct dlg *d, const char *type, const char *aname, const char *aval)
{
	struct item *it = push(d);
	d->t += rng_range(&d->r, 1, 20);
	it->is_event = 1;
	it->etype = type;
	it->aname = aname;
	it->at = d->t;
	if (aval)
		it->aval = dlg_arena_put(d, aval, strlen(aval));
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
void format_phone(struct rng *r, const char *digits, char *out, size_t n)
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
void format_email(struct rng *r, const char *email, char *out, size_t n)
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
	u = rng_unit(&d->r);
	if (!g->o.last_night) {
		d->start = g->t_begin + (int64_t)(((double)i + u) * (double)g->t_span / (double)g->o.n);
	} else {
		/* the rest spread up to the last day; the last N over its first
		 * 20 hours (as the even spread's last dialogue) */
		uint64_t rest = g->o.n - g->o.last_night;
		if (i < rest)
			d->start = g->t_begin + (int64_t)(((double)i + u) * (double)(g->t_span - 20 * 3600) / (double)rest);
		else
			d->start = g->o.end_day + (int64_t)(((double)(i - rest) + u) * (20.0 * 3600) /
							    (double)g->o.last_night);
	}
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

int has_contact(const struct dlg *d)
{
	return !d->anon && !d->name_only;
}

void build(struct gen *g, uint64_t i)
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
