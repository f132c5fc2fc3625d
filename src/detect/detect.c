/* detect.c — premature cross-sell, missed escalation and lost context.
 *
 * Two passes over a dialogue.  The first reads each turn on its own: tokens,
 * the lexicon's cues (with negation, quotes and questions quoted back taken
 * into account), shouting, repeats of earlier turns, identifiers the client
 * gave.  The second walks the turns in order and follows the state of the
 * client's problem (none, stated, resolved, reopened) and the signals that
 * call for a human, then judges offers, handoffs and the operator's
 * questions against that state.  The first pass is detect_turn.c; this
 * file holds the second, the wording of the evidence and the results. */
#include "compat.h"
#include "detect.h"
#include "detect_turn.h"
#include "lexicon.h"
#include "textnorm.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bot turns allowed between a signal and its handoff. */
#define HANDOFF_BOT_TURNS 2
#define EXCERPT_CHARS 60

static const char *const kind_names[FINDING_KINDS] = {
	"premature-cross-sell", "missed-escalation", "handoff-context-lost",
};

const char *finding_kind_name(enum finding_kind k)
{
	return (unsigned)k < FINDING_KINDS ? kind_names[k] : "unknown";
}

static const char *const tag_names[TAG_COUNT] = {
	"cross-sell-offer", "problem-stated", "problem-resolved",
	"escalation-request", "frustration", "handoff-context-lost",
};

const char *turn_tag_name(enum turn_tag t)
{
	return (unsigned)t < TAG_COUNT ? tag_names[t] : "unknown";
}

int turn_tag_from_name(const char *s)
{
	for (int i = 0; s && i < TAG_COUNT; i++)
		if (!strcmp(tag_names[i], s))
			return i;
	return -1;
}

void detect_result_clear(struct detect_result *r)
{
	r->n_findings = 0;
	r->n_tags = 0;
	memset(r->has, 0, sizeof(r->has));
	r->problem_resolved_turn = 0;
}

void detect_result_copy(struct detect_result *dst, const struct detect_result *src)
{
	detect_result_clear(dst);
	for (size_t i = 0; i < src->n_findings; i++) {
		ALLOC_GROW(dst->findings, dst->n_findings, dst->alloc_findings);
		dst->findings[dst->n_findings++] = src->findings[i];
	}
	for (size_t i = 0; i < src->n_tags; i++) {
		ALLOC_GROW(dst->tags, dst->n_tags, dst->alloc_tags);
		dst->tags[dst->n_tags++] = src->tags[i];
	}
	memcpy(dst->has, src->has, sizeof(dst->has));
	dst->problem_resolved_turn = src->problem_resolved_turn;
}

void detect_result_release(struct detect_result *r)
{
	free(r->findings);
	free(r->tags);
	memset(r, 0, sizeof(*r));
}

/* ---- wording of the evidence ---- */

static const char *const ctx_en[CTX_ITEMS] = {
	"the order number", "the e-mail", "the phone", "the problem", "", "" };
static const char *const ctx_ru[CTX_ITEMS] = {
	"номер заказа", "e-mail", "телефон", "описание проблемы", "", "" };

/* Cuts a NUL-terminated buffer back to a whole UTF-8 character. */
static void utf8_fit(char *buf)
{
	size_t len = strlen(buf), p = len, need;
	unsigned char lead;
	if (!len)
		return;
	while (p > 0 && p > len - 4 && ((unsigned char)buf[p - 1] & 0xC0) == 0x80)
		p--;
	if (!p)
		return;
	p--;
	lead = (unsigned char)buf[p];
	need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (p + need > len)
		buf[p] = '\0';
}

static void put(char *dst, size_t size, const char *src)
{
	copy_fit(dst, size, src);
	utf8_fit(dst);
}

/* Appends s[0, n) to buf (holding len bytes) as snprintf would: cut to fit
 * size with its NUL.  Returns the new length.  For the cue labels every
 * candidate finding gets, where snprintf's format parsing cost 2,000
 * instructions a label. */
static size_t append(char *buf, size_t size, size_t len, const char *s, size_t n)
{
	if (len + 1 >= size)
		return len;
	if (n > size - 1 - len)
		n = size - 1 - len;
	memcpy(buf + len, s, n);
	len += n;
	buf[len] = '\0';
	return len;
}

static size_t appends(char *buf, size_t size, size_t len, const char *s)
{
	return append(buf, size, len, s, strlen(s));
}

/* Appends text[a, b) with whitespace squeezed, at most EXCERPT_CHARS
 * characters, cut at a word boundary with "…" when longer. */
static void add_excerpt(struct strbuf *sb, const char *text, size_t a, size_t b)
{
	size_t chars = 0, i = a, base = sb->len, last_space = 0;
	int space = 0;
	while (i < b && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r'))
		i++;
	while (i < b && text[i]) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = 1;
			i++;
			continue;
		}
		if (space && chars) {
			if (chars >= EXCERPT_CHARS)
				break;
			last_space = sb->len;
			strbuf_addch(sb, ' ');
			chars++;
		}
		space = 0;
		if (chars >= EXCERPT_CHARS) {
			if (last_space > base)
				sb->len = last_space;
			sb->buf[sb->len] = '\0';
			strbuf_adds(sb, "…");
			return;
		}
		do {
			strbuf_addch(sb, text[i++]);
		} while (i < b && ((unsigned char)text[i] & 0xC0) == 0x80);
		chars++;
	}
	if (i < b && text[i] && chars >= EXCERPT_CHARS)
		strbuf_adds(sb, "…");
}

static void hit_text(struct strbuf *sb, const struct turn *t, const struct cue_hit *h)
{
	strbuf_reset(sb);
	if (h && h->cue)
		add_excerpt(sb, t->text, h->start, h->end);
	else
		add_excerpt(sb, t->text, 0, strlen(t->text));
}

static void turn_text(struct strbuf *sb, const struct turn *t)
{
	strbuf_reset(sb);
	add_excerpt(sb, t->text, 0, strlen(t->text));
}

static void cue_label(char *dst, size_t size, const struct cue_hit *h, const char *fallback)
{
	/* "FILE:LINE CATEGORY[/SUB] \"TEXT\"", or the fallback */
	char buf[256], num[20];
	size_t len = 0;
	buf[0] = '\0';
	if (h && h->cue) {
		const struct cue *c = h->cue;
		len = appends(buf, sizeof(buf), len, c->file);
		len = append(buf, sizeof(buf), len, ":", 1);
		len = append(buf, sizeof(buf), len, num, format_int(num, c->line));
		len = append(buf, sizeof(buf), len, " ", 1);
		len = appends(buf, sizeof(buf), len, cue_category_name(c->cat));
		if (c->sub[0]) {
			len = append(buf, sizeof(buf), len, "/", 1);
			len = appends(buf, sizeof(buf), len, c->sub);
		}
		len = append(buf, sizeof(buf), len, " \"", 2);
		len = appends(buf, sizeof(buf), len, c->text);
		append(buf, sizeof(buf), len, "\"", 1);
	} else {
		appends(buf, sizeof(buf), len, fallback);
	}
	put(dst, size, buf);
}

/* ---- the second pass ---- */

struct signal {
	int n;
	enum { SIG_REQUEST, SIG_FRUSTRATION, SIG_FAILURE, SIG_RESTATED } kind;
	int first;              /* for repeated signals: the turn of the first one */
};

struct walk {
	int problem_turn;       /* 0 = no problem stated */
	int simple;             /* a plain question: an answer solves it */
	int product_need;       /* the client came asking about a product */
	int billing;            /* the open problem is about what the client pays */
	int resolved_turn;      /* the latest resolution still standing; 0 = open */
	int pending;            /* bot turn that answered a plain question */
	int answered;           /* a bot or operator turn came since the problem */
	int last_client_product;
	int last_agent_offer;           /* the latest bot or operator turn offered */
	int last_agent_failed;          /* ... or failed */
	int n_frustration, first_frustration;
	int n_failures, first_failure;
	int n_restated, first_restated;
	int last_client_restated;       /* the latest client turn restates an earlier one */
	int last_client_repeats;        /* ... in nearly the same words */
	int last_client_unhappy;        /* ... or complains, asks for a person */
	int client_turns;               /* client turns walked so far */
	int outbound;                   /* opened by the agent without inviting a need */
	struct signal sig[16];
	int n_sig;
	int offers[FINDING_MAX_TURNS];  /* offers made while the problem was open */
	int n_open_offers;
	int offer_count;
};

static void set_tag(struct turn_facts *f, enum turn_tag t, const struct cue_hit *h)
{
	f->tags |= 1u << t;
	if (h && !f->tag_hit[t].cue)
		f->tag_hit[t] = *h;
}

static void add_signal(struct walk *w, int n, int kind, int first)
{
	if (w->n_sig >= (int)(sizeof(w->sig) / sizeof(w->sig[0])))
		return;
	w->sig[w->n_sig].n = n;
	w->sig[w->n_sig].kind = kind;
	w->sig[w->n_sig].first = first;
	w->n_sig++;
}

static int forced_on(const struct turn_facts *f, enum turn_tag t)
{
	return (f->forced_on >> t) & 1;
}

static int forced_off(const struct turn_facts *f, enum turn_tag t)
{
	return (f->forced_off >> t) & 1;
}

static void resolve(struct walk *w, struct turn_facts *facts, int n, const struct cue_hit *h)
{
	if (forced_off(&facts[n - 1], TAG_PROBLEM_RESOLVED)) {
		w->pending = 0;     /* a classifier says this turn solved nothing */
		return;
	}
	w->resolved_turn = n;
	w->pending = 0;
	set_tag(&facts[n - 1], TAG_PROBLEM_RESOLVED, h);
}

static int client_turn_is_negative(const struct turn_facts *f)
{
	return detect_has_fact(f, CUE_UNRESOLVED) || detect_has_fact(f, CUE_FRUSTRATION) || f->shouting ||
	       f->repeats || detect_has_fact(f, CUE_HUMAN_REQUEST) ||
	       (detect_has_fact(f, CUE_PROBLEM) && !detect_has_fact(f, CUE_RESOLVED));
}

/* A turn that only complains: no new problem, no new question.  (A
 * restatement says again what the client wants; if that is the product
 * question, the question opens again by itself.) */
static int complains_only(const struct turn_facts *f)
{
	return (detect_has_fact(f, CUE_FRUSTRATION) || f->shouting) && !detect_has_fact(f, CUE_PROBLEM) &&
	       !detect_has_fact(f, CUE_PRODUCT) && !f->question;
}

/* In an outbound dialogue (a salesperson's or fundraiser's call, opened
 * with "how are you?" or "have you heard of ...", not "how can I help?")
 * the client came with nothing to solve: their replies, views, doubts and
 * questions about how to take part state no problem.  Only a fault of
 * their own that the cues and the learned act both see does (a customer
 * who tells a salesperson their line is down): not one the learned act
 * alone sees, nor a how-to question, nor an answer to the ask itself ("I
 * can't give today": an objection to a proposal is no problem to solve). */
static int outbound_no_fault(const struct walk *w, const struct turn_facts *f)
{
	return w->outbound && (forced_on(f, TAG_PROBLEM_STATED) || detect_problem_is_how_to(f) ||
			       w->last_agent_offer);
}

/* Opened by the bot or an operator, none of whose turns before the
 * client's first invites a need ("how can I help?", «чем могу помочь?»). */
static int opened_outbound(const struct dialogue *d, const struct turn_facts *facts)
{
	if (!d->n_turns || d->turns[0].speaker == SPEAKER_CLIENT)
		return 0;
	for (size_t i = 0; i < d->n_turns && d->turns[i].speaker != SPEAKER_CLIENT; i++)
		if (detect_has_fact(&facts[i], CUE_INVITE))
			return 0;
	return 1;
}

static void walk_client(struct walk *w, struct turn_facts *facts, const struct turn *t)
{
	struct turn_facts *f = &facts[t->n - 1];
	int confirms = detect_has_fact(f, CUE_RESOLVED) ||
		(detect_has_fact(f, CUE_THANKS) && !detect_has_fact(f, CUE_PROBLEM) && !detect_has_fact(f, CUE_UNRESOLVED));

	/* "нет, спасибо, не надо" after an offer turns the offer down and
	 * "just fix my problem" asks again: neither confirms a solution */
	if ((w->last_agent_offer && (f->refuses || detect_has_fact(f, CUE_PRODUCT))) ||
	    (detect_has_fact(f, CUE_PROBLEM) && !detect_problem_is_how_to(f)))
		confirms = 0;

	if (forced_on(f, TAG_PROBLEM_RESOLVED) && w->problem_turn && !w->resolved_turn) {
		resolve(w, facts, t->n, detect_has_fact(f, CUE_RESOLVED) ? &f->hit[CUE_RESOLVED] : NULL);
	} else if (w->pending) {
		if (client_turn_is_negative(f))
			w->pending = 0;
		else if (confirms)
			resolve(w, facts, t->n, detect_has_fact(f, CUE_RESOLVED) ? &f->hit[CUE_RESOLVED] : &f->hit[CUE_THANKS]);
		else
			resolve(w, facts, w->pending, NULL);
	} else if (w->problem_turn && !w->resolved_turn && w->answered && confirms &&
		   !detect_has_fact(f, CUE_UNRESOLVED)) {
		resolve(w, facts, t->n, detect_has_fact(f, CUE_RESOLVED) ? &f->hit[CUE_RESOLVED] : &f->hit[CUE_THANKS]);
	} else if (w->resolved_turn && detect_has_fact(f, CUE_UNRESOLVED)) {
		w->resolved_turn = 0;       /* reopened */
		w->simple = 0;
	}

	if (detect_has_fact(f, CUE_BILLING) && (!w->problem_turn || !w->resolved_turn))
		w->billing = 1;
	if (!w->problem_turn) {
		if (detect_has_fact(f, CUE_PROBLEM) && !outbound_no_fault(w, f)) {
			w->problem_turn = t->n;
			w->simple = detect_problem_is_how_to(f);
			set_tag(f, TAG_PROBLEM_STATED, &f->hit[CUE_PROBLEM]);
		} else if (detect_has_fact(f, CUE_PRODUCT_QUESTION)) {
			w->product_need = 1;
		}
		w->answered = 0;
	}
	/* a plain question (no problem, no complaint) is answered by the next
	 * turn, whatever it describes */
	/* a product question in a complaint ("вход не работает, что
	 * непонятного?") asks for no product: an offer after it is no answer */
	/* a complaint about a bot that keeps failing ("уже полчаса не могу
	 * добиться ответа") leaves the question open: the bot's first real
	 * answer still answers it */
	if ((detect_has_fact(f, CUE_PRODUCT_QUESTION) || (f->question && !detect_has_fact(f, CUE_PROBLEM))) &&
	    !detect_has_fact(f, CUE_REPEAT) && !client_turn_is_negative(f))
		w->last_client_product = 1;
	else if (!(w->last_client_product && complains_only(f)))
		w->last_client_product = 0;

	if (detect_has_fact(f, CUE_HUMAN_REQUEST)) {
		set_tag(f, TAG_ESCALATION_REQUEST, &f->hit[CUE_HUMAN_REQUEST]);
		add_signal(w, t->n, SIG_REQUEST, t->n);
	}
	if (detect_has_fact(f, CUE_FRUSTRATION) || f->shouting) {
		set_tag(f, TAG_FRUSTRATION, detect_has_fact(f, CUE_FRUSTRATION) ? &f->hit[CUE_FRUSTRATION] : NULL);
		if (!w->n_frustration++)
			w->first_frustration = t->n;
		if (w->n_frustration == 2)
			add_signal(w, t->n, SIG_FRUSTRATION, w->first_frustration);
	}
	/* restating shows the bot is failing the client: an escalation request
	 * in the trainers' sense, though no explicit one */
	/* a question the bot answered, asked again in the same words ("а если
	 * нас 13 человек?"), asks; it does not restate a problem the bot fails */
	int asks_again = f->repeats && !w->last_agent_failed && !detect_has_fact(f, CUE_REPEAT) &&
		!detect_has_fact(f, CUE_PROBLEM) && (f->question || detect_has_fact(f, CUE_PRODUCT_QUESTION)) &&
		!detect_has_fact(f, CUE_FRUSTRATION) && !f->shouting;
	/* the problem named again while still open, after the bot had its say,
	 * is said again whatever the words around it ("Речь вот о чём:
	 * прислали брак", "In one line: payment fails"); not a question, nor
	 * "not solved yet" or "fix my problem first" to an offer: those
	 * complain, they do not say it again */
	int names_open_problem = w->problem_turn && w->problem_turn != t->n && !w->resolved_turn &&
		w->answered && !w->last_agent_offer &&
		detect_has_fact(f, CUE_PROBLEM) && !detect_problem_is_how_to(f) && !f->question &&
		!detect_has_fact(f, CUE_UNRESOLVED);
	/* nor is thanking twice ("got it, thanks" / "got it, thank you"), nor
	 * "it's working again, thank you"; and the client's first turn
	 * restates nothing, whatever its words ("i've already sent it back"
	 * tells what they did, not what they said) */
	/* narrowing a request after a useful answer ("a table" -> "a table
	 * in the centre for four") is no repetition (formats.md section 6);
	 * after a failed answer, or with a complaint, it still is */
	int narrows = f->repeats && f->refines && !w->last_agent_failed && !detect_has_fact(f, CUE_REPEAT) &&
		!detect_has_fact(f, CUE_FRUSTRATION) && !f->shouting && !detect_has_fact(f, CUE_UNRESOLVED) &&
		!detect_has_fact(f, CUE_HUMAN_REQUEST);
	int restated = ((f->repeats && !asks_again && !narrows) || detect_has_fact(f, CUE_REPEAT) ||
			names_open_problem) &&
		!((detect_has_fact(f, CUE_RESOLVED) || detect_has_fact(f, CUE_THANKS)) && !detect_has_fact(f, CUE_PROBLEM)) &&
		w->client_turns > 0;
	if (restated)
		set_tag(f, TAG_ESCALATION_REQUEST, detect_has_fact(f, CUE_REPEAT) ? &f->hit[CUE_REPEAT] : NULL);
	w->client_turns++;
	w->last_client_repeats = f->repeats;
	w->last_client_restated = restated;
	w->last_client_unhappy = w->last_client_restated || client_turn_is_negative(f);
	if (w->last_client_restated) {
		if (!w->n_restated++)
			w->first_restated = t->n;
		if (w->n_restated == 2)
			add_signal(w, t->n, SIG_RESTATED, w->first_restated);
	}
}

/* One more failure of the bot, in turn n (noticed in turn now); the second
 * is the signal. */
static void count_failure(struct walk *w, struct turn_facts *f, int n, int now)
{
	f->failed = 1;
	if (!w->n_failures++)
		w->first_failure = n;
	if (w->n_failures == 2)
		add_signal(w, now, SIG_FAILURE, w->first_failure);
}

static void walk_agent(struct walk *w, struct turn_facts *facts, const struct turn *t)
{
	struct turn_facts *f = &facts[t->n - 1];
	/* the same answer to the same question asked again is no failure, nor
	 * is an offer made again (a sales pitch, not a failed answer) */
	int failure = t->speaker == SPEAKER_BOT &&
		(detect_has_fact(f, CUE_BOT_FAILURE) ||
		 (f->repeats && !w->last_client_repeats && !detect_has_fact(f, CUE_OFFER)));

	/* a cheaper plan, a refund or a discount given as compensation for a
	 * problem with what the client pays is the fix, not a cross-sell
	 * (formats.md section 6) */
	int remedy = w->billing && w->problem_turn && !w->resolved_turn && detect_has_fact(f, CUE_REMEDY);
	int offer = detect_has_fact(f, CUE_OFFER) && !(remedy && !forced_on(f, TAG_CROSS_SELL_OFFER)) &&
		(!w->last_client_product || forced_on(f, TAG_CROSS_SELL_OFFER));

	if (forced_on(f, TAG_PROBLEM_RESOLVED) && w->problem_turn && !w->resolved_turn)
		resolve(w, facts, t->n, NULL);
	w->last_agent_offer = offer;
	w->last_agent_failed = failure;
	if (offer) {
		int open = w->problem_turn && !w->resolved_turn && !w->pending;
		set_tag(f, TAG_CROSS_SELL_OFFER, &f->hit[CUE_OFFER]);
		w->offer_count++;
		if (open && w->n_open_offers < FINDING_MAX_TURNS)
			w->offers[w->n_open_offers++] = t->n;
	}
	if (failure) {
		/* the same answer given again to a client who complained or
		 * restated in between failed the first time too */
		if (f->repeats && !facts[f->repeats - 1].failed && w->last_client_unhappy)
			count_failure(w, &facts[f->repeats - 1], f->repeats, t->n);
		count_failure(w, f, t->n, t->n);
	} else if (w->problem_turn && !w->resolved_turn && !w->pending && w->simple &&
		   !detect_has_fact(f, CUE_OFFER) && !forced_off(f, TAG_PROBLEM_RESOLVED)) {
		w->pending = t->n;
	}
	if (w->problem_turn)
		w->answered = 1;
	/* only the first turn after a product question that does not fail
	 * answers it */
	if (!failure)
		w->last_client_product = 0;
}

static struct finding *new_finding(struct detect_result *r, enum finding_kind k)
{
	struct finding *fd;
	ALLOC_GROW(r->findings, r->n_findings, r->alloc_findings);
	fd = &r->findings[r->n_findings++];
	memset(fd, 0, sizeof(*fd));
	fd->kind = k;
	r->has[k] = 1;
	return fd;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void finding_turn(struct finding *fd, int n)
{
	for (int i = 0; i < fd->n_turns; i++)
		if (fd->turns[i] == n)
			return;
	if (n > 0 && fd->n_turns < FINDING_MAX_TURNS)
		fd->turns[fd->n_turns++] = n;
	qsort(fd->turns, (size_t)fd->n_turns, sizeof(int), cmp_int);
}

static int first_tag_after(const struct turn_facts *facts, size_t n_turns, enum turn_tag t, int after)
{
	for (size_t i = (size_t)after; i < n_turns; i++)
		if ((facts[i].tags >> t) & 1)
			return (int)i + 1;
	return 0;
}

static void judge_premature(struct detect_scratch *s, const struct dialogue *d,
			    const struct walk *w, struct detect_result *r)
{
	const struct turn_facts *facts = s->facts;
	struct strbuf offer = STRBUF_INIT, problem = STRBUF_INIT;
	struct finding *fd;
	int o, p, solved;
	char buf[512];
	if (!w->n_open_offers)
		return;
	o = w->offers[0];
	p = w->problem_turn;
	solved = first_tag_after(facts, d->n_turns, TAG_PROBLEM_RESOLVED, o);
	fd = new_finding(r, FINDING_PREMATURE_CROSS_SELL);
	finding_turn(fd, p);
	for (int i = 0; i < w->n_open_offers; i++)
		finding_turn(fd, w->offers[i]);
	finding_turn(fd, solved);
	cue_label(fd->cue, sizeof(fd->cue), &facts[o - 1].tag_hit[TAG_CROSS_SELL_OFFER], "offer");
	hit_text(&offer, &d->turns[o - 1], &facts[o - 1].tag_hit[TAG_CROSS_SELL_OFFER]);
	turn_text(&problem, &d->turns[p - 1]);
	if (solved) {
		snprintf(buf, sizeof(buf), "Offer \"%s\" (turn %d) before the problem \"%s\" (turn %d) was solved; solved in turn %d",
			 offer.buf, o, problem.buf, p, solved);
		put(fd->reason_en, sizeof(fd->reason_en), buf);
		snprintf(buf, sizeof(buf), "Предложение \"%s\" (ход %d) до решения проблемы \"%s\" (ход %d); проблема решена в ходе %d",
			 offer.buf, o, problem.buf, p, solved);
	} else {
		snprintf(buf, sizeof(buf), "Offer \"%s\" (turn %d) before the problem \"%s\" (turn %d) was solved; it was never solved",
			 offer.buf, o, problem.buf, p);
		put(fd->reason_en, sizeof(fd->reason_en), buf);
		snprintf(buf, sizeof(buf), "Предложение \"%s\" (ход %d) до решения проблемы \"%s\" (ход %d); проблема так и не решена",
			 offer.buf, o, problem.buf, p);
	}
	put(fd->reason_ru, sizeof(fd->reason_ru), buf);
	fd->severity = 0.5 + (solved ? 0.0 : 0.2) + (w->n_open_offers > 1 ? 0.1 : 0.0) +
		(w->n_frustration ? 0.1 : 0.0);
	if (fd->severity > 1.0)
		fd->severity = 1.0;
	strbuf_release(&offer);
	strbuf_release(&problem);
}

/* Bot turns in (after, upto]. */
static int bot_turns_between(const struct dialogue *d, int after, int upto, int *third)
{
	int n = 0;
	for (int i = after; i < upto && i < (int)d->n_turns; i++) {
		if (d->turns[i].speaker != SPEAKER_BOT)
			continue;
		if (++n == HANDOFF_BOT_TURNS + 1)
			*third = d->turns[i].n;
	}
	return n;
}

static void signal_words(struct strbuf *en, struct strbuf *ru, const struct signal *sg,
			 const struct dialogue *d, const struct turn_facts *facts)
{
	struct strbuf q = STRBUF_INIT;
	switch (sg->kind) {
	case SIG_REQUEST:
		hit_text(&q, &d->turns[sg->n - 1], &facts[sg->n - 1].hit[CUE_HUMAN_REQUEST]);
		strbuf_addf(en, "The client asked for a person \"%s\" (turn %d)", q.buf, sg->n);
		strbuf_addf(ru, "Клиент попросил человека \"%s\" (ход %d)", q.buf, sg->n);
		break;
	case SIG_FRUSTRATION:
		strbuf_addf(en, "The client was frustrated again and again (turns %d, %d)", sg->first, sg->n);
		strbuf_addf(ru, "Клиент раздражён не в первый раз (ходы %d, %d)", sg->first, sg->n);
		break;
	case SIG_FAILURE:
		strbuf_addf(en, "The bot failed repeatedly (turns %d, %d)", sg->first, sg->n);
		strbuf_addf(ru, "Бот не справился несколько раз (ходы %d, %d)", sg->first, sg->n);
		break;
	case SIG_RESTATED:
		strbuf_addf(en, "The client had to repeat themselves (turns %d, %d)", sg->first, sg->n);
		strbuf_addf(ru, "Клиенту пришлось повторять (ходы %d, %d)", sg->first, sg->n);
		break;
	}
	strbuf_release(&q);
}

/* Served by a person from its start: the first answer came from an
 * operator, no bot spoke before.  Nobody is missing to hand over to. */
static int person_from_start(const struct dialogue *d)
{
	for (size_t i = 0; i < d->n_turns; i++) {
		if (d->turns[i].speaker == SPEAKER_OPERATOR)
			return 1;
		if (d->turns[i].speaker == SPEAKER_BOT)
			return 0;
	}
	return 0;
}

/* The need for a person ends when the client confirms the problem solved
 * or takes the request back (a resolved tag on a client turn) after the
 * signal and before the handoff was due, i.e. before the third bot turn
 * after it (formats.md section 6): 1 when signal sg has ended so. */
static int need_ended(const struct dialogue *d, const struct turn_facts *facts, const struct signal *sg)
{
	int bots = 0;
	for (int i = sg->n; i < (int)d->n_turns; i++) {
		if (d->turns[i].speaker == SPEAKER_BOT && ++bots > HANDOFF_BOT_TURNS)
			return 0;
		/* a turn that still asks or complains ends nothing, whatever
		 * else it says; thanks alone ("спасибо, но мне не до этого")
		 * confirm nothing here: the resolution must be said */
		if (d->turns[i].speaker == SPEAKER_CLIENT && ((facts[i].tags >> TAG_PROBLEM_RESOLVED) & 1) &&
		    (detect_has_fact(&facts[i], CUE_RESOLVED) || forced_on(&facts[i], TAG_PROBLEM_RESOLVED)) &&
		    !((facts[i].tags >> TAG_ESCALATION_REQUEST) & 1) && !((facts[i].tags >> TAG_FRUSTRATION) & 1))
			return 1;
	}
	return 0;
}

static void judge_missed(struct detect_scratch *s, const struct dialogue *d,
			 const struct walk *w, struct detect_result *r)
{
	int handoff_after = -1, has_handoff = dialogue_first_handoff(d, &handoff_after);
	int end = (int)d->n_turns, has_request = 0;
	struct strbuf en = STRBUF_INIT, ru = STRBUF_INIT;
	const struct signal *miss = NULL;
	int third = 0, late = 0;
	struct finding *fd;

	if (person_from_start(d))
		goto out;
	for (int i = 0; i < w->n_sig; i++) {
		const struct signal *sg = &w->sig[i];
		int limit = has_handoff ? handoff_after : end, th = 0;
		if (has_handoff && handoff_after < sg->n)
			continue;           /* a person was already there */
		if (need_ended(d, s->facts, sg))
			continue;
		/* a second complaint or restatement in the dialogue's last turn
		 * is the client leaving ("still not fixed, I won't be ordering
		 * from you again"): nobody was left to hand over to; an explicit
		 * request there, or the bot failing again, still counts */
		if ((sg->kind == SIG_FRUSTRATION || sg->kind == SIG_RESTATED) &&
		    sg->n == d->turns[d->n_turns - 1].n)
			continue;
		has_request |= sg->kind == SIG_REQUEST;
		if (bot_turns_between(d, sg->n, limit, &th) > HANDOFF_BOT_TURNS) {
			if (!miss) {
				miss = sg;
				third = th;
				late = 1;
			}
		} else if (!has_handoff && !miss) {
			miss = sg;          /* ignored: no person came at all */
		}
	}
	if (!miss)
		goto out;
	fd = new_finding(r, FINDING_MISSED_ESCALATION);
	for (int i = 0; i < w->n_sig; i++) {
		if ((has_handoff && handoff_after < w->sig[i].n) || need_ended(d, s->facts, &w->sig[i]))
			continue;
		finding_turn(fd, w->sig[i].first);
		finding_turn(fd, w->sig[i].n);
	}
	finding_turn(fd, third);
	if (miss->kind == SIG_REQUEST)
		cue_label(fd->cue, sizeof(fd->cue), &s->facts[miss->n - 1].hit[CUE_HUMAN_REQUEST], "human-request");
	else if (miss->kind == SIG_FRUSTRATION)
		cue_label(fd->cue, sizeof(fd->cue), NULL, "frustration: 2 or more turns");
	else if (miss->kind == SIG_RESTATED)
		cue_label(fd->cue, sizeof(fd->cue), NULL, "repeat: 2 or more turns");
	else
		cue_label(fd->cue, sizeof(fd->cue), NULL, "bot-failure: 2 or more turns");
	signal_words(&en, &ru, miss, d, s->facts);
	if (late && has_handoff) {
		int over = bot_turns_between(d, miss->n, handoff_after, &third) - HANDOFF_BOT_TURNS;
		strbuf_addf(&en, "; the handoff came only after turn %d, %d bot turn%s later than allowed",
			    handoff_after, over, over == 1 ? "" : "s");
		strbuf_addf(&ru, "; передача оператору только после хода %d, позже двух ответов бота",
			    handoff_after);
	} else if (late) {
		strbuf_addf(&en, "; no handoff within two bot turns (turn %d is the third)", third);
		strbuf_addf(&ru, "; передачи оператору не было в течение двух ответов бота (ход %d — третий)", third);
	} else {
		strbuf_addf(&en, "; the dialogue ended without a handoff");
		strbuf_addf(&ru, "; диалог закончился без передачи оператору");
	}
	put(fd->reason_en, sizeof(fd->reason_en), en.buf);
	put(fd->reason_ru, sizeof(fd->reason_ru), ru.buf);
	fd->severity = 0.5 + (has_request ? 0.2 : 0.0) + (w->n_frustration ? 0.1 : 0.0) +
		(w->n_failures >= 2 ? 0.1 : 0.0) + (!has_handoff ? 0.1 : 0.0);
	if (fd->severity > 1.0)
		fd->severity = 1.0;
out:
	strbuf_release(&en);
	strbuf_release(&ru);
}

/* The earliest client turn before n that holds item k; 0 when none. */
static int client_gave(const struct dialogue *d, const struct turn_facts *facts,
		       const struct walk *w, int k, int n)
{
	if (k == CTX_PROBLEM && w->problem_turn && w->problem_turn < n)
		return w->problem_turn;
	for (int i = 0; i < n - 1; i++)
		if (d->turns[i].speaker == SPEAKER_CLIENT && facts[i].gives[k])
			return i + 1;
	return 0;
}

static void judge_context(struct detect_scratch *s, const struct dialogue *d,
			  const struct walk *w, struct detect_result *r)
{
	int h = -1, found = 0;
	struct strbuf ask = STRBUF_INIT, gave = STRBUF_INIT;
	char buf[512];
	if (!dialogue_first_handoff(d, &h)) {
		for (size_t i = 0; i < d->n_turns && h < 0; i++)
			if (d->turns[i].speaker == SPEAKER_OPERATOR)
				h = (int)i;
	}
	if (h < 0)
		goto out;
	for (size_t i = (size_t)h; i < d->n_turns; i++) {
		struct turn_facts *f = &s->facts[i];
		const struct turn *t = &d->turns[i];
		if (t->speaker != SPEAKER_OPERATOR)
			continue;
		/* an operator who says they read the history, or who cites the
		 * order number or e-mail themselves, has the context */
		if (f->ctx_score[CTX_SEEN] >= 1.0 - 1e-9 || f->gives[CTX_ORDER] || f->gives[CTX_EMAIL])
			continue;
		for (int k = 0; k < CTX_SEEN; k++) {
			struct finding *fd;
			int j;
			if (f->ctx_score[k] < 1.0 - 1e-9 || forced_off(f, TAG_CONTEXT_LOST) ||
			    !(j = client_gave(d, s->facts, w, k, t->n)))
				continue;
			set_tag(f, TAG_CONTEXT_LOST, &f->ctx_hit[k]);
			if (found++ >= FINDING_MAX_TURNS)
				break;
			fd = new_finding(r, FINDING_CONTEXT_LOST);
			finding_turn(fd, j);
			finding_turn(fd, t->n);
			cue_label(fd->cue, sizeof(fd->cue), &f->ctx_hit[k], "context-ask");
			hit_text(&ask, t, &f->ctx_hit[k]);
			turn_text(&gave, &d->turns[j - 1]);
			snprintf(buf, sizeof(buf), "After the handoff the operator asks again for %s \"%s\" (turn %d); the client gave it in turn %d: \"%s\"",
				 ctx_en[k], ask.buf, t->n, j, gave.buf);
			put(fd->reason_en, sizeof(fd->reason_en), buf);
			snprintf(buf, sizeof(buf), "После передачи оператор снова спрашивает %s \"%s\" (ход %d), хотя клиент уже написал это в ходе %d: \"%s\"",
				 ctx_ru[k], ask.buf, t->n, j, gave.buf);
			put(fd->reason_ru, sizeof(fd->reason_ru), buf);
			fd->severity = 0.4 + (k == CTX_PROBLEM ? 0.1 : 0.0);
			break;
		}
	}
out:
	strbuf_release(&ask);
	strbuf_release(&gave);
}

static void emit_tags(const struct dialogue *d, const struct turn_facts *facts, struct detect_result *r)
{
	for (size_t i = 0; i < d->n_turns; i++) {
		for (int t = 0; t < TAG_COUNT; t++) {
			struct tagged_turn *tt;
			if (!((facts[i].tags >> t) & 1))
				continue;
			ALLOC_GROW(r->tags, r->n_tags, r->alloc_tags);
			tt = &r->tags[r->n_tags++];
			tt->n = d->turns[i].n;
			tt->tag = (enum turn_tag)t;
			cue_label(tt->cue, sizeof(tt->cue), &facts[i].tag_hit[t], t == TAG_FRUSTRATION ? "shouting" :
				  t == TAG_PROBLEM_STATED ? "question" : t == TAG_PROBLEM_RESOLVED ? "answer" : "");
		}
	}
}

static void read_all(const struct detector *det, struct detect_scratch *s, const struct dialogue *d)
{
	if (d->n_turns > s->alloc_toks) {
		s->toks = xrealloc(s->toks, d->n_turns * sizeof(*s->toks));
		memset(s->toks + s->alloc_toks, 0, (d->n_turns - s->alloc_toks) * sizeof(*s->toks));
		s->alloc_toks = d->n_turns;
	}
	ALLOC_GROW(s->facts, d->n_turns, s->alloc_facts);
	for (size_t i = 0; i < d->n_turns; i++)
		detect_read_turn(det, s, &d->turns[i], &s->toks[i], &s->facts[i]);
	detect_find_repeats(s, d);
	ALLOC_GROW(s->read_facts, d->n_turns, s->alloc_read_facts);
	memcpy(s->read_facts, s->facts, d->n_turns * sizeof(*s->facts));
	s->read_for = d;
	s->read_n = d->n_turns;
}

/* The first pass again: copied back when s read this very dialogue last
 * (detector_run() then detector_rederive(), the only order callers use),
 * else read afresh.  Reading is most of a judgement's cost. */
static void reread_all(const struct detector *det, struct detect_scratch *s, const struct dialogue *d)
{
	if (s->read_for == d && s->read_n == d->n_turns && d->n_turns)
		memcpy(s->facts, s->read_facts, d->n_turns * sizeof(*s->facts));
	else
		read_all(det, s, d);
}

const struct token_list *detect_tokens(const struct detect_scratch *s)
{
	return s->toks;
}

/* The second pass: puts the tags on the facts, leaves the state in w. */
static void walk_all(struct detect_scratch *s, const struct dialogue *d, struct walk *w)
{
	memset(w, 0, sizeof(*w));
	for (size_t i = 0; i < d->n_turns; i++)
		s->facts[i].failed = 0;
	w->outbound = opened_outbound(d, s->facts);
	for (size_t i = 0; i < d->n_turns; i++) {
		const struct turn *t = &d->turns[i];
		if (t->speaker == SPEAKER_CLIENT)
			walk_client(w, s->facts, t);
		else if (t->speaker == SPEAKER_BOT || t->speaker == SPEAKER_OPERATOR)
			walk_agent(w, s->facts, t);
	}
	if (w->pending)
		resolve(w, s->facts, w->pending, NULL);
}

static void judge(struct detect_scratch *s, const struct dialogue *d, struct detect_result *r)
{
	struct walk w;
	walk_all(s, d, &w);
	r->problem_resolved_turn = first_tag_after(s->facts, d->n_turns, TAG_PROBLEM_RESOLVED, 0);
	judge_premature(s, d, &w, r);
	judge_missed(s, d, &w, r);
	judge_context(s, d, &w, r);
	emit_tags(d, s->facts, r);
}

/* Turn numbers must be 1..n in order for the per-turn arrays. */
static int check_turns(const struct dialogue *d)
{
	for (size_t i = 0; i < d->n_turns; i++)
		if (d->turns[i].n != (int)i + 1)
			return error("dialogue '%s': turn %zu is numbered %d", d->id ? d->id : "",
				     i + 1, d->turns[i].n);
	return 0;
}

int detector_run(const struct detector *det, struct detect_scratch *s,
		 const struct dialogue *d, struct detect_result *r)
{
	detect_result_clear(r);
	if (check_turns(d))
		return -1;
	read_all(det, s, d);
	judge(s, d, r);
	return 0;
}

/* The tags in r on turn n (1 << enum turn_tag). */
static unsigned tags_on(const struct detect_result *r, int n)
{
	unsigned mask = 0;
	for (size_t j = 0; j < r->n_tags; j++)
		if (r->tags[j].n == n && (unsigned)r->tags[j].tag < TAG_COUNT)
			mask |= 1u << r->tags[j].tag;
	return mask;
}

/* Makes the facts of a turn say what a classifier decided against the
 * lexicon: a tag put on asserts its fact, a tag taken off withdraws every
 * fact that could set it again. */
static void force_tags(struct turn_facts *f, unsigned on, unsigned off)
{
	f->forced_on = on;
	f->forced_off = off;
	if ((on >> TAG_CROSS_SELL_OFFER) & 1)
		f->fires |= 1u << CUE_OFFER;
	if ((off >> TAG_CROSS_SELL_OFFER) & 1)
		f->fires &= ~(1u << CUE_OFFER);
	if ((on >> TAG_PROBLEM_STATED) & 1)
		f->fires |= 1u << CUE_PROBLEM;
	if ((off >> TAG_PROBLEM_STATED) & 1)
		f->fires &= ~(1u << CUE_PROBLEM);
	if ((on >> TAG_ESCALATION_REQUEST) & 1)
		f->fires |= 1u << CUE_HUMAN_REQUEST;
	if ((off >> TAG_ESCALATION_REQUEST) & 1) {
		f->fires &= ~(1u << CUE_HUMAN_REQUEST | 1u << CUE_REPEAT);
		f->repeats = 0;
		f->refines = 0;
	}
	if ((on >> TAG_FRUSTRATION) & 1)
		f->fires |= 1u << CUE_FRUSTRATION;
	if ((off >> TAG_FRUSTRATION) & 1) {
		f->fires &= ~(1u << CUE_FRUSTRATION);
		f->shouting = 0;
	}
}

/* The lexicon's own verdict is derived first; only the tags that differ from
 * it change the facts, so that a tag nobody touched moves no finding. */
int detector_rederive(const struct detector *det, struct detect_scratch *s,
		      const struct dialogue *d, struct detect_result *r)
{
	struct tagged_turn *saved = NULL;
	size_t n_saved = r->n_tags;
	struct walk w;
	if (check_turns(d))
		return -1;
	reread_all(det, s, d);
	walk_all(s, d, &w);
	for (size_t i = 0; i < d->n_turns; i++) {
		struct turn_facts *f = &s->facts[i];
		unsigned want = tags_on(r, (int)i + 1), lex = f->tags;
		f->tags = 0;
		memset(f->tag_hit, 0, sizeof(f->tag_hit));
		force_tags(f, want & ~lex, lex & ~want);
	}
	saved = xmalloc((n_saved ? n_saved : 1) * sizeof(*saved));
	if (n_saved)
		memcpy(saved, r->tags, n_saved * sizeof(*saved));
	detect_result_clear(r);
	judge(s, d, r);
	r->n_tags = 0;
	for (size_t i = 0; i < n_saved; i++) {
		ALLOC_GROW(r->tags, r->n_tags, r->alloc_tags);
		r->tags[r->n_tags++] = saved[i];
	}
	free(saved);
	return 0;
}
