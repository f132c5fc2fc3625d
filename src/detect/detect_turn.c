/* detect_turn.c — the detectors' first pass: each turn read on its own
 * (tokens; the lexicon's cues with negation, quotes and questions quoted
 * back taken into account; shouting; identifiers the client gave), then the
 * turns that repeat an earlier one.  detect.c walks the result. */
#include "compat.h"
#include "detect.h"
#include "detect_turn.h"
#include "lexicon.h"
#include "textnorm.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A client turn that shares this much of its words with an earlier one
 * repeats it (the bot failed to answer it). */
#define REPEAT_JACCARD 0.5
#define REPEAT_CONTAINED 0.7
/* a bot says the same thing again in the same words: its answers on one
 * subject share many words ("скидка 15% для команд от 10 человек") and are
 * not repeats unless nearly all are the same */
#define REPEAT_BOT_JACCARD 0.8
#define REPEAT_MIN_STEMS 3
/* a client repeat that brings this many words of its own narrows the
 * request (place, time, size) rather than saying it again */
#define REFINE_MIN_NEW 3
#define REPEAT_MAX_STEMS 64
#define REPEAT_LOOKBACK 8
/* ---- per-turn facts ---- */
static const char *const ctx_subs[CTX_ITEMS] = { "order", "email", "phone", "problem", "seen", "please" };




struct detect_scratch *detect_scratch_new(void)
{
	struct detect_scratch *s = xcalloc(1, sizeof(*s));
	s->tn = textnorm_new();
	if (!s->tn) {
		free(s);
		return NULL;
	}
	return s;
}

void detect_scratch_free(struct detect_scratch *s)
{
	if (!s)
		return;
	textnorm_free(s->tn);
	for (size_t i = 0; i < s->alloc_toks; i++)
		token_list_release(&s->toks[i]);
	free(s->toks);
	free(s->facts);
	free(s->read_facts);
	cue_match_list_release(&s->matches);
	free(s->stem_sets);
	free(s->set_len);
	strbuf_release(&s->sb);
	free(s);
}

int detect_has_fact(const struct turn_facts *f, enum cue_category c)
{
	return (f->fires >> c) & 1;
}

/* Is there a clause break (punctuation) in text[a, b)? */
static int clause_break(const char *text, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		switch (text[i]) {
		case ',': case '.': case ';': case ':': case '!': case '?':
		case '(': case ')': case '\n':
			return 1;
		}
	}
	return 0;
}

/* Does a negation cue stand before match m, close enough and in the same
 * clause?  A negation's weight is how many words may stand between. */
static int negated(const struct cue_match_list *ml, const struct token_list *toks,
		   const char *text, const struct cue_match *m)
{
	for (size_t i = 0; i < ml->n; i++) {
		const struct cue_match *n = &ml->items[i];
		size_t between;
		if (n->cue->cat != CUE_NEGATION)
			continue;
		/* "оператор не нужен", "agent not needed": a negation of two or
		 * more words right after the cue cancels it too */
		if (n->first == m->last + 1 && n->cue->n_stems >= 2 &&
		    !clause_break(text, toks->items[m->last].end, toks->items[n->first].start))
			return 1;
		if (n->last >= m->first)
			continue;
		between = m->first - n->last - 1;
		if ((double)between > n->cue->weight)
			continue;
		if (!clause_break(text, toks->items[n->last].end, toks->items[m->first].start))
			return 1;
	}
	return 0;
}

/* Does a cue of category c stand in the clause of match m, before or
 * after it or over it?  (A negation: "консультант для этого не нужен",
 * "don't put me in the queue for a person".)  Cues that take away (a
 * negative weight) do not count; a negation's weight is its reach, so
 * every negation does. */
static int in_clause(const struct cue_match_list *ml, const struct token_list *toks,
		     const char *text, const struct cue_match *m, enum cue_category c)
{
	for (size_t i = 0; i < ml->n; i++) {
		const struct cue_match *o = &ml->items[i], *left, *right;
		if (o->cue->cat != c || (c != CUE_NEGATION && o->cue->weight <= 0))
			continue;
		if (o->last >= m->first && o->first <= m->last)
			return 1;
		left = o->last < m->first ? o : m;
		right = left == o ? m : o;
		if (!clause_break(text, toks->items[left->last].end, toks->items[right->first].start))
			return 1;
	}
	return 0;
}

/* Inside quotation marks ("...", «...», “...”) before byte pos? */
static int quoted(const char *text, size_t pos)
{
	int plain = 0, open = 0;
	for (size_t i = 0; i < pos; i++) {
		if (text[i] == '"')
			plain ^= 1;
		else if (!strncmp(text + i, "\xC2\xAB", 2) || !strncmp(text + i, "\xE2\x80\x9C", 3))
			open++;
		else if ((!strncmp(text + i, "\xC2\xBB", 2) || !strncmp(text + i, "\xE2\x80\x9D", 3)) && open)
			open--;
	}
	return plain || open;
}

/* A word for a person matched by its stem must be that word, inflected: an
 * English stem also stands for words derived from it ("operate" and
 * "operator" are both "oper"), so the turn's word must begin with the cue
 * word but its last letter ("operators", "agents", "humans").  A word
 * whose stem was read through a typing slip keeps the slip's match, and
 * Russian words, whose endings change the stem's last letters, keep theirs. */
static int whole_word(const struct cue_match_list *ml, const struct token_list *toks,
		      const struct cue_match *m)
{
	const struct token *tok = &toks->items[m->first];
	const char *w = m->cue->text;
	size_t n = strlen(w);
	if (m->cue->n_stems != 1 || ml->stems[m->first] != tok->stem || n < 3)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z')))
			return 1;
	return tok->word_len >= n - 1 && !strncasecmp(tok->word, w, n - 1);
}

/* A number right before a word for people counts them: "a table for 4
 * people", «номер на двух человек» is a party's size, not a person asked
 * for. */
static int party_size(const struct token_list *toks, const struct cue_match *m)
{
	static const char *const numbers[] = {
		"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "couple", "few", "several", "many",
		"один", "одного", "два", "двух", "двоих", "трое", "троих", "три", "трёх", "трех",
		"четыре", "четырёх", "четырех", "четверо", "четверых", "пять", "пяти", "пятеро",
		"шесть", "шести", "несколько", "нескольких",
	};
	const struct token *prev;
	if (m->cue->n_stems != 1 || m->first == 0)
		return 0;
	prev = &toks->items[m->first - 1];
	if (prev->is_number)
		return 1;
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		if (!strcmp(prev->word, numbers[i]))
			return 1;
	return 0;
}

static int shadowed(const struct cue_match_list *ml, size_t i)
{
	const struct cue_match *m = &ml->items[i];
	for (size_t j = 0; j < ml->n; j++) {
		const struct cue_match *o = &ml->items[j];
		if (j != i && o->first == m->first && o->cue->cat == m->cue->cat &&
		    !strcmp(o->cue->sub, m->cue->sub) && o->cue->n_stems > m->cue->n_stems)
			return 1;
	}
	return 0;
}

static int negatable(enum cue_category c)
{
	return c == CUE_OFFER || c == CUE_RESOLVED || c == CUE_THANKS ||
	       c == CUE_HUMAN_REQUEST || c == CUE_PRODUCT_QUESTION || c == CUE_FRUSTRATION ||
	       c == CUE_PROPOSAL || c == CUE_PRODUCT || c == CUE_PERSON;
}

static int about_outcome(enum cue_category c)
{
	return c == CUE_PROBLEM || c == CUE_RESOLVED || c == CUE_UNRESOLVED;
}

/* Does a longer cue of another outcome category hold match i?  "problem
 * solved" is no problem, "не работает" is no "работает", and "fix" of
 * "just fix my problem" stays a resolution cue only where it stands alone. */
static int covered(const struct cue_match_list *ml, size_t i)
{
	const struct cue_match *m = &ml->items[i];
	if (!about_outcome(m->cue->cat))
		return 0;
	for (size_t j = 0; j < ml->n; j++) {
		const struct cue_match *o = &ml->items[j];
		if (j == i || o->cue->cat == m->cue->cat || !about_outcome(o->cue->cat) ||
		    o->cue->weight <= 0)
			continue;
		if (o->first <= m->first && o->last >= m->last &&
		    o->last - o->first > m->last - m->first)
			return 1;
	}
	return 0;
}

static int ctx_index(const char *sub)
{
	for (int i = 0; i < CTX_ITEMS; i++)
		if (!strcmp(sub, ctx_subs[i]))
			return i;
	return -1;
}

/* Whether cue a, found later in the turn, takes the place of b: a stronger
 * one does; of two equals the first stays, except that a problem named
 * outright ("get my money back") outranks a how-to question ("how do i"),
 * so that the turn states a problem a plain answer does not solve. */
static int outranks(const struct cue *a, const struct cue *b)
{
	if (a->weight != b->weight)
		return a->weight > b->weight;
	return a->cat == CUE_PROBLEM && !strcmp(b->sub, "question") && strcmp(a->sub, "question");
}

static void keep_hit(struct cue_hit *h, const struct cue_match *m, const struct token_list *toks)
{
	if (h->cue && !outranks(m->cue, h->cue))
		return;
	h->cue = m->cue;
	h->start = toks->items[m->first].start;
	h->end = toks->items[m->last].end;
}

static int is_phone_char(char c)
{
	return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '(' || c == ')' ||
	       c == ' ' || c == '.';
}

/* Digits of a phone: 10 or more digits with only spaces, dashes, dots,
 * brackets and a plus between them.  Sets *a,*b to its byte range. */
static int find_phone(const char *text, size_t *a, size_t *b)
{
	size_t i = 0;
	while (text[i]) {
		size_t j = i, digits = 0, last = i;
		while (is_phone_char(text[j])) {
			if (text[j] >= '0' && text[j] <= '9') {
				digits++;
				last = j + 1;
			}
			j++;
		}
		if (digits >= 10 && digits <= 15) {
			*a = i;
			*b = last;
			return 1;
		}
		i = j > i ? j : i + 1;
	}
	return 0;
}

static int has_email(const char *text)
{
	const char *at = strchr(text, '@');
	while (at) {
		const char *p = at + 1;
		if (at > text && (unsigned char)at[-1] > ' ' && *p && *p != '.') {
			while (*p && (unsigned char)*p > ' ' && *p != '.')
				p++;
			if (*p == '.' && (unsigned char)p[1] > ' ')
				return 1;
		}
		at = strchr(at + 1, '@');
	}
	return 0;
}

static void find_identifiers(const char *text, const struct token_list *toks, struct turn_facts *f)
{
	size_t pa = 0, pb = 0;
	int phone = find_phone(text, &pa, &pb);
	size_t len = strlen(text);
	f->gives[CTX_PHONE] = phone;
	f->gives[CTX_EMAIL] = has_email(text);
	/* what the client came with: a question, a problem, a request */
	f->gives[CTX_PROBLEM] = toks->n >= 3;
	for (size_t i = 0; i < toks->n; i++) {
		const struct token *t = &toks->items[i];
		if (phone && t->start >= pa && t->end <= pb)
			continue;
		/* numbers inside an e-mail are not order numbers */
		if (t->end < len && text[t->end] == '@')
			continue;
		if (t->is_number && t->end - t->start >= 3 && t->end - t->start <= 12)
			f->gives[CTX_ORDER] = 1;
	}
}

/* '%', or a currency sign or word: ₽ $ € £, "руб" */
static int mentions_price(const char *text)
{
	return strchr(text, '%') || strchr(text, '$') || strstr(text, "\xE2\x82\xBD") ||
	       strstr(text, "\xE2\x82\xAC") || strstr(text, "\xC2\xA3") || strstr(text, "руб");
}

/* An offer is more often composed than set phrase: a proposing form
 * ("хотите", "we recommend") and something sellable (тариф, upgrade) in one
 * bot or operator turn, or something sellable with half a pitch beside it
 * ("заодно").  Something sellable with only its price is a description.  A client who names something sellable asks about it:
 * describing it next is answering, not selling. */
static void compose_offer(const struct turn *t, struct turn_facts *f)
{
	const struct cue_hit *p = &f->hit[CUE_PROPOSAL], *g = &f->hit[CUE_PRODUCT];
	if (!detect_has_fact(f, CUE_PRODUCT))
		return;
	if (t->speaker == SPEAKER_CLIENT) {
		if (!detect_has_fact(f, CUE_PRODUCT_QUESTION)) {
			f->fires |= 1u << CUE_PRODUCT_QUESTION;
			f->hit[CUE_PRODUCT_QUESTION] = *g;
		}
		return;
	}
	if (detect_has_fact(f, CUE_OFFER))
		return;
	if (detect_has_fact(f, CUE_PROPOSAL)) {
		f->fires |= 1u << CUE_OFFER;
		f->hit[CUE_OFFER].cue = p->cue;
		f->hit[CUE_OFFER].start = p->start < g->start ? p->start : g->start;
		f->hit[CUE_OFFER].end = p->end > g->end ? p->end : g->end;
	} else if (f->score[CUE_OFFER] >= 0.5 - 1e-9) {
		f->fires |= 1u << CUE_OFFER;
		if (!f->hit[CUE_OFFER].cue)
			f->hit[CUE_OFFER] = *g;
	}
}

/* A request for a person is more often composed than set phrase too: a
 * word for a person or staff ("an actual employee", "a living, breathing
 * person", «коллег-людей») in a client turn that asks for something ("any
 * chance of", "could you", «зови», «можно»), not negated and not about a
 * product ("can 16 people share Pro?"). */
static void compose_request(const struct turn *t, struct turn_facts *f)
{
	if (t->speaker != SPEAKER_CLIENT || detect_has_fact(f, CUE_HUMAN_REQUEST) ||
	    !detect_has_fact(f, CUE_PERSON) || !detect_has_fact(f, CUE_ASK) ||
	    detect_has_fact(f, CUE_PRODUCT_QUESTION) || detect_has_fact(f, CUE_QUESTION_BACK))
		return;
	f->fires |= 1u << CUE_HUMAN_REQUEST;
	f->hit[CUE_HUMAN_REQUEST] = f->hit[CUE_PERSON];
}

/* The turn's problem is a how-to question ("how do I ...", a problem/question
 * cue), which a plain answer settles. */
int detect_problem_is_how_to(const struct turn_facts *f)
{
	return f->hit[CUE_PROBLEM].cue && !strcmp(f->hit[CUE_PROBLEM].cue->sub, "question");
}

void detect_read_turn(const struct detector *det, struct detect_scratch *s,
		      const struct turn *t, struct token_list *toks, struct turn_facts *f)
{
	const struct cue_match_list *ml = &s->matches;
	size_t last_first[CUE_CATEGORIES], last_ctx[CTX_ITEMS];
	memset(f, 0, sizeof(*f));
	for (int c = 0; c < CUE_CATEGORIES; c++)
		last_first[c] = (size_t)-1;
	for (int k = 0; k < CTX_ITEMS; k++)
		last_ctx[k] = (size_t)-1;
	textnorm_tokens(s->tn, t->text, toks);
	lexicon_match(detector_lexicon(det), toks, &s->matches);
	f->question = toks->n_question > 0;
	for (size_t i = 0; i < ml->n; i++) {
		const struct cue_match *m = &ml->items[i];
		enum cue_category c = m->cue->cat;
		if (c == CUE_NEGATION) {
			if (m->cue->weight >= 2 - 1e-9 || m->cue->n_stems >= 2)
				f->refuses = 1;
			continue;
		}
		/* of the cues of one category that begin on the same word, the
		 * longest counts ("оператор билайн" over "оператор") */
		if (shadowed(ml, i) || covered(ml, i))
			continue;
		if (c == CUE_CONTEXT_ASK) {
			int k = ctx_index(m->cue->sub);
			if (k < 0 || last_ctx[k] == m->first)
				continue;
			last_ctx[k] = m->first;
		} else if (last_first[c] == m->first) {
			continue;
		}
		if (negatable(c) && negated(ml, toks, t->text, m))
			continue;
		/* a person named in a clause that says no ("ждать консультанта
		 * я не хочу") asks for nobody, nor does one named in a clause
		 * that asks for nothing ("Добрый день, коллеги!", "for 50
		 * colleagues") */
		if ((c == CUE_HUMAN_REQUEST || c == CUE_PERSON) &&
		    (!whole_word(ml, toks, m) || party_size(toks, m)))
			continue;
		if (c == CUE_PERSON && (in_clause(ml, toks, t->text, m, CUE_NEGATION) ||
					!in_clause(ml, toks, t->text, m, CUE_ASK)))
			continue;
		if ((c == CUE_HUMAN_REQUEST || c == CUE_OFFER || c == CUE_PROPOSAL ||
		     c == CUE_PRODUCT || c == CUE_PERSON) && quoted(t->text, toks->items[m->first].start))
			continue;
		if (c == CUE_CONTEXT_ASK) {
			int k = ctx_index(m->cue->sub);
			if (k >= 0) {
				f->ctx_score[k] += m->cue->weight;
				keep_hit(&f->ctx_hit[k], m, toks);
			}
		}
		f->score[c] += m->cue->weight;
		keep_hit(&f->hit[c], m, toks);
		last_first[c] = m->first;
	}
	/* A question adds to what is asked: a product question, an ask for
	 * context.  A polite request asks for context as a question does
	 * ("Номер заказа, пожалуйста: по нему я подниму все данные"). */
	if (f->question && f->score[CUE_PRODUCT_QUESTION] > 0)
		f->score[CUE_PRODUCT_QUESTION] += 0.5;
	if (f->question || f->ctx_score[CTX_PLEASE] >= 1.0 - 1e-9) {
		for (int k = 0; k < CTX_PLEASE; k++)
			if (f->ctx_score[k] > 0)
				f->ctx_score[k] += 0.5;
	}
	for (int c = 0; c < CUE_CATEGORIES; c++)
		if (f->score[c] >= 1.0 - 1e-9)
			f->fires |= 1u << c;
	/* "you asked: an operator?" is not a new request */
	if (detect_has_fact(f, CUE_QUESTION_BACK))
		f->fires &= ~(1u << CUE_HUMAN_REQUEST);
	/* "still not working" outweighs the "working" in it */
	if (detect_has_fact(f, CUE_UNRESOLVED))
		f->fires &= ~(1u << CUE_RESOLVED);
	f->shouting = toks->max_exclaim_run >= 3 || toks->n_caps_words >= 1 ||
		(toks->n_letters >= 8 && toks->n_upper_letters * 2 >= toks->n_letters);
	find_identifiers(t->text, toks, f);
	compose_offer(t, f);
	compose_request(t, f);
	/* a price or a percentage that nobody asked for is half a sales pitch,
	 * and with a proposing form put as a question a whole one, whatever
	 * is sold ("May I suggest Enterprise?  At $349 a month you'd get
	 * faster replies.  Keen to switch?") */
	if (t->speaker != SPEAKER_CLIENT && mentions_price(t->text)) {
		f->score[CUE_OFFER] += detect_has_fact(f, CUE_PROPOSAL) && f->question ? 1.0 : 0.5;
		if (f->score[CUE_OFFER] >= 1.0 - 1e-9)
			f->fires |= 1u << CUE_OFFER;
	}
	/* a client who cites an order number or e-mail (without asking about a
	 * product) comes with a problem about it, however it is worded */
	if (t->speaker == SPEAKER_CLIENT && !detect_has_fact(f, CUE_PRODUCT_QUESTION) &&
	    (f->gives[CTX_ORDER] || f->gives[CTX_EMAIL])) {
		f->score[CUE_PROBLEM] += 1.0;
		if (f->score[CUE_PROBLEM] >= 1.0 - 1e-9)
			f->fires |= 1u << CUE_PROBLEM;
	}
	/* "call me back at +44 ..." asks for a call-back, a lead, not a handoff */
	if (f->gives[CTX_PHONE])
		f->fires &= ~(1u << CUE_HUMAN_REQUEST);
	/* "can I pay in installments?", "помогите выбрать тариф": a how-to
	 * question about buying is a product question, not a problem */
	if (t->speaker == SPEAKER_CLIENT && detect_has_fact(f, CUE_PRODUCT_QUESTION) && detect_has_fact(f, CUE_PROBLEM) &&
	    detect_problem_is_how_to(f))
		f->fires &= ~(1u << CUE_PROBLEM);
}

/* ---- repeats ---- */

/* The distinct stems of a turn as sorted hashes (at most REPEAT_MAX_STEMS). */
static size_t stem_set(const struct token_list *toks, uint64_t *set)
{
	size_t n = 0, out = 0;
	for (size_t i = 0; i < toks->n && n < REPEAT_MAX_STEMS; i++)
		set[n++] = toks->items[i].stem_hash;
	sort_u64(set, n);
	for (size_t i = 0; i < n; i++)
		if (!out || set[out - 1] != set[i])
			set[out++] = set[i];
	return out;
}

/* Stems of a that b lacks: the details a later request adds. */
static size_t new_stems(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, fresh = 0;
	while (i < na) {
		if (j >= nb || a[i] < b[j])
			fresh++, i++;
		else if (a[i] == b[j])
			i++, j++;
		else
			j++;
	}
	return fresh;
}

static int is_repeat(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, int bot)
{
	size_t i = 0, j = 0, common = 0, small;
	if (na < REPEAT_MIN_STEMS || nb < REPEAT_MIN_STEMS)
		return 0;
	while (i < na && j < nb) {
		if (a[i] == b[j])
			common++, i++, j++;
		else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	small = na < nb ? na : nb;
	if (bot)
		return (double)common / (double)(na + nb - common) >= REPEAT_BOT_JACCARD;
	return (double)common / (double)(na + nb - common) >= REPEAT_JACCARD ||
	       (double)common / (double)small >= REPEAT_CONTAINED;
}

void detect_find_repeats(struct detect_scratch *s, const struct dialogue *d)
{
	if (d->n_turns > s->alloc_sets) {
		s->alloc_sets = d->n_turns;
		s->stem_sets = xrealloc(s->stem_sets, s->alloc_sets * REPEAT_MAX_STEMS * sizeof(*s->stem_sets));
		s->set_len = xrealloc(s->set_len, s->alloc_sets * sizeof(*s->set_len));
	}
	for (size_t i = 0; i < d->n_turns; i++)
		s->set_len[i] = stem_set(&s->toks[i], s->stem_sets + i * REPEAT_MAX_STEMS);
	for (size_t i = 0; i < d->n_turns; i++) {
		int seen = 0;
		if (d->turns[i].speaker != SPEAKER_CLIENT && d->turns[i].speaker != SPEAKER_BOT)
			continue;
		for (size_t j = i; j-- > 0 && seen < REPEAT_LOOKBACK;) {
			if (d->turns[j].speaker != d->turns[i].speaker)
				continue;
			seen++;
			if (is_repeat(s->stem_sets + i * REPEAT_MAX_STEMS, s->set_len[i],
				      s->stem_sets + j * REPEAT_MAX_STEMS, s->set_len[j],
				      d->turns[i].speaker == SPEAKER_BOT)) {
				s->facts[i].repeats = d->turns[j].n;
				s->facts[i].refines = d->turns[i].speaker == SPEAKER_CLIENT &&
					new_stems(s->stem_sets + i * REPEAT_MAX_STEMS, s->set_len[i],
						  s->stem_sets + j * REPEAT_MAX_STEMS, s->set_len[j]) >= REFINE_MIN_NEW;
				break;
			}
		}
	}
}
