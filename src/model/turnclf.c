/* turnclf.c — learned turn acts at run time: features, loading the
 * winners and applying them to a result.  Learning them is turnclf_learn.c. */
#include "compat.h"
#include "turnclf.h"
#include "learner.h"
#include "textnorm.h"
#include "turnclf_impl.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Dense features after the hashed words, 1-based like libsvm's indices. */
enum {
	F_SPEAKER = TURNCLF_HASH_DIM + 1,       /* client, bot, operator */
	F_POSITION = F_SPEAKER + 3,
	F_FIRST, F_LAST, F_LENGTH, F_EXCLAIM, F_QUESTION, F_SHOUT, F_AFTER_HANDOFF,
	F_LEX_SELF,                             /* TAG_COUNT each */
	F_LEX_PREV = F_LEX_SELF + TAG_COUNT,
	F_LEX_NEXT = F_LEX_PREV + TAG_COUNT,
	/* layout 2: the form of an offer and the turn's relation to others */
	F_PRICE = F_LEX_NEXT + TAG_COUNT, F_PERCENT, F_FREE, F_DISCOUNT, F_QUOTED,
	F_SIM_EARLIER,          /* customer turn: most like an earlier customer turn */
	F_ANSWER_SHARED,        /* customer turn: the agent's reply shared the last question's words */
	F_REPLY_SHARES,         /* agent turn: shares the preceding question's words */
	F_AGENT_REPEAT,         /* agent turn: most like an earlier agent turn */
	/* layout 3: who is asked to act, and whose trouble it is */
	F_ASK,                  /* agent turn: proposes that the customer do or take something */
	F_ASK_AMOUNT,           /* agent turn: asks how much or how many the customer will take */
	F_SELF,                 /* customer turn: speaks of themselves (I, my, у меня) */
	F_OPINION,              /* customer turn: a view or a doubt (I think, not sure, по-моему) */
	F_CUSTOMER_FIRST,       /* customer turn: the customer's first */
	F_AFTER_ASK,            /* customer turn: an agent proposed something earlier */
	F_END
};

#define GRAM_CACHE 2048
#define GRAM_MAX 40     /* 3L - 3 n-grams for a word of L characters: up to 14 */
#define LIN_STRIDE 8
_Static_assert(LIN_STRIDE >= TAG_COUNT, "a stride holds every tag");

/* The character n-grams of recently seen words, direct-mapped by the
 * word's hash (most words of a night recur): as slots when a vector is
 * built, as their weights' sums per tag when the models are applied. */
struct turnclf_gram_cache {
	uint64_t key[GRAM_CACHE];       /* hash of the word, odd; 0 = empty */
	unsigned char n[GRAM_CACHE];
	int slot[GRAM_CACHE][GRAM_MAX];
	/* the sums, valid for the set numbered sums_set only */
	unsigned long sums_set;
	uint64_t skey[GRAM_CACHE];
	unsigned short sn[GRAM_CACHE];
	double sum[GRAM_CACHE][LIN_STRIDE];
};

/* Where the features go: into a vector (learning, explaining), or, when
 * every model is linear, straight into each tag's decision value: a sum is
 * linear, so no vector, sort or merge is needed, and a word's n-grams add
 * their cached weight sums in one step. */
struct fsink {
	struct turnclf_vec *v;          /* vector mode when non-NULL */
	const float *W;                 /* dot mode: W[index * LIN_STRIDE + k] */
	double dec[LIN_STRIDE];
	double blk[LIN_STRIDE];         /* the open block's sum (dot mode) */
	size_t blk_first, blk_n;
};

/* The phrases of stance, each with what it shows: words separated by
 * spaces, each matched whole, or as a prefix when it ends in '*'.
 *
 * A proposal put to the customer (STANCE_ASK), in the forms a salesperson
 * or a fundraiser uses in either language: the act proposed is theirs to
 * take, whatever the product; an amount asked for (STANCE_AMOUNT, in a
 * question).  Whose matter a customer turn speaks of, and whether it is a
 * view: a fault is mine ("my card", «у меня не работает», STANCE_SELF); a
 * view about the world ("I think charities ...", «по-моему, дорого»,
 * STANCE_OPINION) is no problem to solve.  A hyphen splits words, so
 * «по-моему» is the phrase "по моему". */
enum { STANCE_ASK = 1, STANCE_AMOUNT = 2, STANCE_SELF = 4, STANCE_OPINION = 8 };

static const struct { const char *text; unsigned char cls; } stance_phrases[] = {
#define ASK(x) { x, STANCE_ASK }
	ASK("would you like"), ASK("would you be"), ASK("would you care"), ASK("would you consider"),
	ASK("would you want"), ASK("are you willing"), ASK("are you interested"), ASK("do you want"),
	ASK("how about"), ASK("what about"), ASK("can i interest"), ASK("may i suggest"),
	ASK("can i suggest"), ASK("let me offer"), ASK("i can offer"), ASK("we can offer"),
	ASK("why not"), ASK("you could"), ASK("you can also"), ASK("want to try"), ASK("wanna"),
	ASK("could you help"), ASK("can you help"),
	ASK("хотите"), ASK("не хотите"), ASK("хотели бы"), ASK("желаете"), ASK("не желаете"),
	ASK("готовы"), ASK("предлагаю"), ASK("можем предложить"), ASK("могу предложить"),
	ASK("давайте подключ*"), ASK("попробуйте"), ASK("рекомендую"), ASK("советую"),
	ASK("не хотели"),
#undef ASK
#define AMOUNT(x) { x, STANCE_AMOUNT }
	AMOUNT("how much"), AMOUNT("how many"), AMOUNT("what amount"), AMOUNT("сколько"),
	AMOUNT("какую сумму"),
#undef AMOUNT
#define SELF(x) { x, STANCE_SELF }
	SELF("i"), SELF("my"), SELF("me"), SELF("i'm"), SELF("im"), SELF("i've"), SELF("ive"),
	SELF("mine"), SELF("я"), SELF("мне"), SELF("меня"), SELF("мой"), SELF("моя"), SELF("моё"),
	SELF("мое"), SELF("мои"), SELF("моего"), SELF("моей"), SELF("моих"), SELF("мою"),
	SELF("моим"), SELF("у меня"),
#undef SELF
#define OPINION(x) { x, STANCE_OPINION }
	OPINION("i think"), OPINION("i feel"), OPINION("i believe"), OPINION("i guess"),
	OPINION("i suppose"), OPINION("in my opinion"), OPINION("not sure"), OPINION("i doubt"),
	OPINION("it seems"), OPINION("seems like"), OPINION("i'd rather"), OPINION("я думаю"),
	OPINION("мне кажется"), OPINION("по моему"), OPINION("я считаю"), OPINION("не уверен*"),
	OPINION("сомнева*"), OPINION("думаю"),
#undef OPINION
};
#define N_STANCE (sizeof(stance_phrases) / sizeof(*stance_phrases))
#define STANCE_SLOTS 512        /* a power of two, well over N_STANCE */

/* The phrases by the hash of their first word (the token's own word_hash
 * finds them: one probe a word, not a scan of every phrase); the few
 * whose first word is a prefix are tried on every word. */
struct turnclf_stance_index {
	uint64_t key[STANCE_SLOTS];     /* odd: hash | 1; 0 = empty */
	short head[STANCE_SLOTS];
	short next[N_STANCE];
	short pre[8];
	int n_pre;
};

static void stance_index_build(struct turnclf_stance_index *x)
{
	memset(x, 0, sizeof(*x));
	for (size_t p = N_STANCE; p-- > 0;) {
		const char *t = stance_phrases[p].text, *sp = strchr(t, ' ');
		size_t len = sp ? (size_t)(sp - t) : strlen(t), e;
		uint64_t key;
		if (t[len - 1] == '*') {
			if (x->n_pre < (int)(sizeof(x->pre) / sizeof(*x->pre)))
				x->pre[x->n_pre++] = (short)p;
			continue;
		}
		key = hash64(t, len, HASH64_SEED) | 1;
		for (e = (size_t)key & (STANCE_SLOTS - 1); x->key[e] && x->key[e] != key;
		     e = (e + 1) & (STANCE_SLOTS - 1))
			;
		if (!x->key[e]) {
			x->key[e] = key;
			x->head[e] = -1;
		}
		x->next[p] = x->head[e];
		x->head[e] = (short)p;
	}
}

/* Whether phrase p is found at word i of the folded words. */
static int phrase_at(const struct token_list *tl, size_t i, const char *q)
{
	for (size_t j = i;; j++) {
		const char *end = strchr(q, ' ');
		size_t len = end ? (size_t)(end - q) : strlen(q);
		int prefix = len && q[len - 1] == '*';
		size_t want = prefix ? len - 1 : len;
		if (j >= tl->n || tl->items[j].word_len < want ||
		    (!prefix && tl->items[j].word_len != want) || memcmp(tl->items[j].word, q, want))
			return 0;
		if (!end)
			return 1;
		q = end + 1;
	}
}

/* The STANCE_* classes of the phrases a turn's words hold. */
static unsigned stance_of(const struct turnclf_stance_index *x, const struct token_list *tl)
{
	unsigned cls = 0;
	for (size_t i = 0; i < tl->n; i++) {
		uint64_t key = tl->items[i].word_hash | 1;
		size_t e = (size_t)key & (STANCE_SLOTS - 1);
		for (; x->key[e]; e = (e + 1) & (STANCE_SLOTS - 1))
			if (x->key[e] == key) {
				for (int p = x->head[e]; p >= 0; p = x->next[p])
					if (!(cls & stance_phrases[p].cls) &&
					    phrase_at(tl, i, stance_phrases[p].text))
						cls |= stance_phrases[p].cls;
				break;
			}
		for (int k = 0; k < x->n_pre; k++)
			if (!(cls & stance_phrases[x->pre[k]].cls) &&
			    phrase_at(tl, i, stance_phrases[x->pre[k]].text))
				cls |= stance_phrases[x->pre[k]].cls;
	}
	if (!tl->n_question)
		cls &= ~(unsigned)STANCE_AMOUNT;
	return cls;
}

int turnclf_dim(void)
{
	return F_END - 1;
}

static const char *const rule_names[] = { "lexicon", "or", "and", "alone" };

const char *turnclf_rule_name(enum turnclf_rule r)
{
	return r >= TURNCLF_LEXICON && r <= TURNCLF_ALONE ? rule_names[r] : "lexicon";
}

int turnclf_rule_from_name(const char *s)
{
	for (int r = 0; r <= TURNCLF_ALONE; r++)
		if (!strcmp(rule_names[r], s))
			return r;
	return -1;
}

void turnclf_vec_release(struct turnclf_vec *v)
{
	free(v->f);
	memset(v, 0, sizeof(*v));
}

struct turnclf_scratch *turnclf_scratch_new(void)
{
	struct turnclf_scratch *s = xcalloc(1, sizeof(*s));
	s->tn = textnorm_new();
	if (!s->tn) {
		free(s);
		return NULL;
	}
	strbuf_init(&s->key, 0);
	s->grams = xcalloc(1, sizeof(*s->grams));
	s->stance = xcalloc(1, sizeof(*s->stance));
	stance_index_build(s->stance);
	return s;
}

void turnclf_scratch_free(struct turnclf_scratch *s)
{
	if (!s)
		return;
	free(s->nodes);
	turnclf_vec_release(&s->vec);
	free(s->bits);
	for (size_t i = 0; i < s->alloc_own; i++)
		token_list_release(&s->own[i]);
	free(s->own);
	free(s->stems);
	free(s->stem_off);
	free(s->ask);
	free(s->grams);
	free(s->stance);
	strbuf_release(&s->key);
	token_list_release(&s->toks);
	textnorm_free(s->tn);
	free(s);
}

/* ---- features ---- */

/* Zeros are left out: libsvm's vectors are sparse. */
static inline void vec_push(struct turnclf_vec *v, int index, double value)
{
	if (value == 0)
		return;
	if (v->n >= v->alloc)
		ALLOC_GROW(v->f, v->n + 1, v->alloc);
	v->f[v->n].index = index;
	v->f[v->n].value = value;
	v->n++;
}

/* One feature into the sink. */
static inline void sink_push(struct fsink *k, int index, double value)
{
	const float *w;
	if (k->v) {
		vec_push(k->v, index, value);
		return;
	}
	if (value == 0 || index <= 0 || index >= F_END)
		return;
	/* a fixed stride: the loop has a known length and vectorizes */
	w = k->W + (size_t)index * LIN_STRIDE;
	for (int j = 0; j < LIN_STRIDE; j++)
		k->dec[j] += (double)w[j] * value;
}

/* A block of hashed features of value 1 that share a total weight `scale`
 * as 1/sqrt(n) each (unit length per block before duplicates merge):
 * begin, slots, end. */
static void block_begin(struct fsink *k)
{
	if (k->v) {
		k->blk_first = k->v->n;
		return;
	}
	memset(k->blk, 0, sizeof(k->blk));
	k->blk_n = 0;
}

static inline void block_slot(struct fsink *k, int index)
{
	const float *w;
	if (k->v) {
		vec_push(k->v, index, 1.0);
		return;
	}
	w = k->W + (size_t)index * LIN_STRIDE;
	for (int j = 0; j < LIN_STRIDE; j++)
		k->blk[j] += (double)w[j];
	k->blk_n++;
}

static void block_end(struct fsink *k, double scale)
{
	size_t n;
	double x;
	if (k->v) {
		n = k->v->n - k->blk_first;
		for (size_t i = k->blk_first; i < k->v->n; i++)
			k->v->f[i].value = scale / sqrt((double)n);
		return;
	}
	if (!k->blk_n)
		return;
	x = scale / sqrt((double)k->blk_n);
	for (int j = 0; j < LIN_STRIDE; j++)
		k->dec[j] += k->blk[j] * x;
}

/* A hashed slot from a hash state: the low bits after the avalanche. */
static inline int slot_of(uint64_t h)
{
	return (int)(hash64_final(h) & (TURNCLF_HASH_DIM - 1)) + 1;
}

/* The hashed stems of one turn's tokens, prefixed, with total weight
 * `scale`.  The stem's own hash (computed while tokenizing) is mixed with
 * the prefix: no stem is hashed again. */
static void add_words(const struct token_list *tl, char prefix, double scale, struct fsink *k)
{
	uint64_t salt = (uint64_t)(unsigned char)prefix * 0x9e3779b97f4a7c15ULL;
	block_begin(k);
	for (size_t i = 0; i < tl->n; i++)
		block_slot(k, slot_of(tl->items[i].stem_hash ^ salt));
	block_end(k, scale);
}

/* Byte length of the UTF-8 character starting at p (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* The character n-gram slots of one word (at most `max`) into slot[]:
 * their number, or -1 when the word holds a truncated character. */
static int word_grams(const char *w, size_t len, int *slot, int max)
{
	char buf[256];
	size_t pos[130], n = 0, k = 0;
	int out = 0;
	buf[0] = '^';
	memcpy(buf + 1, w, len);
	buf[len + 1] = '$';
	/* start offsets of the characters, and one past the end */
	while (k < len + 2 && n + 1 < sizeof(pos) / sizeof(*pos)) {
		pos[n++] = k;
		k += k == 0 || k == len + 1 ? 1 : utf8_len((unsigned char)buf[k]);
	}
	if (k > len + 2)
		return -1;
	pos[n] = k;
	/* one hash state per start, extended a character at a time: the
	 * 3-, 4- and 5-gram from a start share their work */
	for (size_t a = 0; a + 3 <= n; a++) {
		uint64_t h = hash64_update(HASH64_SEED, "c", 1);
		h = hash64_update(h, buf + pos[a], pos[a + 2] - pos[a]);
		for (size_t g = 3; g <= 5 && a + g <= n && out < max; g++) {
			h = hash64_update(h, buf + pos[a + g - 1], pos[a + g] - pos[a + g - 1]);
			slot[out++] = slot_of(h);
		}
	}
	return out;
}

#define WORD_GRAMS_MAX (3 * 130)

/* Character 3- to 5-grams of each folded word, '^' and '$' marking its
 * ends, so "оператора" and a typo "опeратор" still share most of theirs. */
static void add_char_grams(struct turnclf_scratch *s, const struct token_list *tl, struct fsink *k)
{
	struct turnclf_gram_cache *gc = s->grams;
	int slot[WORD_GRAMS_MAX];
	block_begin(k);
	for (size_t i = 0; i < tl->n; i++) {
		const char *w = tl->items[i].word;
		size_t len = tl->items[i].word_len, e;
		uint64_t key = tl->items[i].word_hash | 1;
		int n;
		if (tl->items[i].is_number || len + 2 >= 256)
			continue;
		e = (size_t)(key >> 40) & (GRAM_CACHE - 1);
		if (k->v) {
			if (gc->key[e] == key) {
				for (int j = 0; j < gc->n[e]; j++)
					vec_push(k->v, gc->slot[e][j], 1.0);
				continue;
			}
			n = word_grams(w, len, slot, WORD_GRAMS_MAX);
			for (int j = 0; j < n; j++)
				vec_push(k->v, slot[j], 1.0);
			if (n >= 0 && n <= GRAM_MAX) {
				gc->key[e] = key;
				gc->n[e] = (unsigned char)n;
				memcpy(gc->slot[e], slot, (size_t)n * sizeof(*slot));
			}
			continue;
		}
		/* dot mode: the word's n-grams as one sum of weights per tag */
		if (gc->skey[e] != key) {
			double *sum = gc->sum[e];
			n = word_grams(w, len, slot, WORD_GRAMS_MAX);
			if (n < 0)
				continue;
			memset(sum, 0, LIN_STRIDE * sizeof(*sum));
			for (int j = 0; j < n; j++) {
				const float *wr = k->W + (size_t)slot[j] * LIN_STRIDE;
				for (int t = 0; t < LIN_STRIDE; t++)
					sum[t] += (double)wr[t];
			}
			gc->skey[e] = key;
			gc->sn[e] = (unsigned short)n;
		}
		for (int t = 0; t < LIN_STRIDE; t++)
			k->blk[t] += gc->sum[e][t];
		k->blk_n += gc->sn[e];
	}
	block_end(k, 1.0);
}

/* Distinct content stems of a turn (3 bytes or more: a rough stop list),
 * sorted, appended to s->stems. */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static void add_stem_set(struct turnclf_scratch *s, const struct token_list *tl)
{
	size_t first = s->n_stems, out = first;
	for (size_t i = 0; i < tl->n; i++) {
		if (tl->items[i].stem_len < 3 || tl->items[i].is_number)
			continue;
		ALLOC_GROW(s->stems, s->n_stems + 1, s->alloc_stems);
		s->stems[s->n_stems++] = tl->items[i].stem_hash;
	}
	/* most turns have a dozen stems: insertion sort beats qsort there */
	if (s->n_stems - first > 32)
		qsort(s->stems + first, s->n_stems - first, sizeof(*s->stems), cmp_u64);
	else for (size_t i = first + 1; i < s->n_stems; i++) {
		uint64_t x = s->stems[i];
		size_t j = i;
		for (; j > first && s->stems[j - 1] > x; j--)
			s->stems[j] = s->stems[j - 1];
		s->stems[j] = x;
	}
	for (size_t i = first; i < s->n_stems; i++)
		if (out == first || s->stems[out - 1] != s->stems[i])
			s->stems[out++] = s->stems[i];
	s->n_stems = out;
}

static int is_agent(enum speaker sp);

void turnclf_prepare(struct turnclf_scratch *s, const struct dialogue *d,
		     const struct token_list *toks)
{
	size_t n = d->n_turns;
	if (!toks) {
		if (n > s->alloc_own) {
			s->own = xrealloc(s->own, n * sizeof(*s->own));
			memset(s->own + s->alloc_own, 0, (n - s->alloc_own) * sizeof(*s->own));
			s->alloc_own = n;
		}
		for (size_t i = 0; i < n; i++)
			textnorm_tokens(s->tn, d->turns[i].text, &s->own[i]);
		toks = s->own;
	}
	s->tl = toks;
	s->prep_d = d;
	s->prep_n = n;
	ALLOC_GROW(s->stem_off, n + 1, s->alloc_stem_off);
	s->n_stems = 0;
	for (size_t i = 0; i < n; i++) {
		s->stem_off[i] = s->n_stems;
		add_stem_set(s, &toks[i]);
	}
	s->stem_off[n] = s->n_stems;
	ALLOC_GROW(s->ask, n, s->alloc_ask);
	s->first_client = n;
	s->first_ask = n;
	for (size_t i = 0; i < n; i++) {
		s->ask[i] = (unsigned char)stance_of(s->stance, &toks[i]);
		if (d->turns[i].speaker == SPEAKER_CLIENT && s->first_client == n)
			s->first_client = i;
		if (is_agent(d->turns[i].speaker) && (s->ask[i] & STANCE_ASK) && s->first_ask == n)
			s->first_ask = i;
	}
}

/* Shared stems of turns a and b: the count, and the sizes of both sets. */
static size_t shared_stems(const struct turnclf_scratch *s, size_t a, size_t b, size_t *na, size_t *nb)
{
	const uint64_t *x = s->stems + s->stem_off[a], *y = s->stems + s->stem_off[b];
	size_t i = 0, j = 0, common = 0;
	*na = s->stem_off[a + 1] - s->stem_off[a];
	*nb = s->stem_off[b + 1] - s->stem_off[b];
	while (i < *na && j < *nb) {
		if (x[i] == y[j])
			common++, i++, j++;
		else if (x[i] < y[j])
			i++;
		else
			j++;
	}
	return common;
}

static double jaccard(const struct turnclf_scratch *s, size_t a, size_t b)
{
	size_t na, nb, c = shared_stems(s, a, b, &na, &nb);
	return na + nb - c ? (double)c / (double)(na + nb - c) : 0;
}

/* Part of turn q's stems that turn a also holds. */
static double coverage(const struct turnclf_scratch *s, size_t q, size_t a)
{
	size_t nq, na, c = shared_stems(s, q, a, &nq, &na);
	return nq ? (double)c / (double)nq : 0;
}

static int is_agent(enum speaker sp)
{
	return sp == SPEAKER_BOT || sp == SPEAKER_OPERATOR;
}

static void add_relations(struct turnclf_scratch *s, const struct dialogue *d, size_t i,
			  struct fsink *v)
{
	double best = 0;
	if (d->turns[i].speaker == SPEAKER_CLIENT) {
		size_t q = i;
		for (size_t j = 0; j < i; j++)
			if (d->turns[j].speaker == SPEAKER_CLIENT) {
				double x = jaccard(s, i, j);
				best = x > best ? x : best;
				q = j;
			}
		sink_push(v, F_SIM_EARLIER, best);
		/* the customer's last turn before this one, and the agent turns
		 * between: did any of them take up its words? */
		if (q < i) {
			double c = 0;
			for (size_t j = q + 1; j < i; j++)
				if (is_agent(d->turns[j].speaker)) {
					double x = coverage(s, q, j);
					c = x > c ? x : c;
				}
			sink_push(v, F_ANSWER_SHARED, c);
		}
	} else if (is_agent(d->turns[i].speaker)) {
		for (size_t j = i; j-- > 0;)
			if (d->turns[j].speaker == SPEAKER_CLIENT) {
				sink_push(v, F_REPLY_SHARES, coverage(s, j, i));
				break;
			}
		for (size_t j = 0; j < i; j++)
			if (is_agent(d->turns[j].speaker)) {
				double x = jaccard(s, i, j);
				best = x > best ? x : best;
			}
		sink_push(v, F_AGENT_REPEAT, best);
	}
}

static int word_starts(const struct token_list *tl, const char *const *prefixes)
{
	for (size_t i = 0; i < tl->n; i++)
		for (const char *const *p = prefixes; *p; p++)
			if (tl->items[i].word[0] == (*p)[0] && tl->items[i].word[1] == (*p)[1] &&
			    starts_with(tl->items[i].word, *p))
				return 1;
	return 0;
}

static int has_digit(const char *t)
{
	for (; *t; t++)
		if (*t >= '0' && *t <= '9')
			return 1;
	return 0;
}

/* The surface of an offer: what a price, a percentage, "free" or a quoted
 * product name look like in either language. */
static void add_offer_form(const struct turn *t, const struct token_list *tl, struct fsink *v)
{
	/* currency signs by their bytes, currency and period words by the
	 * folded tokens: no case-blind search through the text */
	static const char *const money_w[] = { "руб", "rub", "usd", "eur", "month", "мес", NULL };
	static const char *const free_w[] = { "free", "бесплат", "trial", "пробн", "даром", NULL };
	static const char *const disc_w[] = { "discount", "скидк", "sale", "promo", "акци", "offer",
					      "предложен", "bonus", "бонус", "cashback", "кэшбэк", NULL };
	int digit = has_digit(t->text), quotes = 0;
	if (digit && (strchr(t->text, '$') || strstr(t->text, "€") || strstr(t->text, "£") ||
		      strstr(t->text, "₽") || word_starts(tl, money_w)))
		sink_push(v, F_PRICE, 1.0);
	if (digit && strchr(t->text, '%'))
		sink_push(v, F_PERCENT, 1.0);
	if (word_starts(tl, free_w))
		sink_push(v, F_FREE, 1.0);
	if (word_starts(tl, disc_w))
		sink_push(v, F_DISCOUNT, 1.0);
	for (const char *c = t->text; *c; c++)
		quotes += *c == '"';
	if (quotes >= 2 || strstr(t->text, "«"))
		sink_push(v, F_QUOTED, 1.0);
}

static int cmp_feature(const void *a, const void *b)
{
	int x = ((const struct turnclf_feature *)a)->index, y = ((const struct turnclf_feature *)b)->index;
	return (x > y) - (x < y);
}

/* Sorts by index and sums duplicates (hash collisions, repeated words).
 * No cap: a sum is linear, so applying a linear model needs neither the
 * sort nor the merge (see turnclf_apply_toks). */
static void vec_finish(struct turnclf_vec *v)
{
	size_t out = 0;
	qsort(v->f, v->n, sizeof(*v->f), cmp_feature);
	for (size_t i = 0; i < v->n; i++) {
		if (out && v->f[out - 1].index == v->f[i].index)
			v->f[out - 1].value += v->f[i].value;
		else
			v->f[out++] = v->f[i];
	}
	v->n = out;
}

static void add_tag_bits(struct fsink *v, int base, unsigned bits)
{
	for (int t = 0; t < TAG_COUNT; t++)
		if (bits & (1u << t))
			sink_push(v, base + t, 1.0);
}

static double capped(double x, double cap)
{
	return x >= cap ? 1.0 : x / cap;
}

/* The features of turn i into v, in the order they were built, with
 * duplicates: turnclf_features() sorts and merges them for the libraries;
 * applying merges them without a sort. */
static void features_raw(struct turnclf_scratch *s, const struct dialogue *d, size_t i,
			 const unsigned *lex_tags, struct fsink *v)
{
	const struct turn *t = &d->turns[i];
	const struct token_list *tl;
	int handoff_after = 0;
	if (v->v)
		v->v->n = 0;
	else
		memset(v->dec, 0, sizeof(v->dec));
	if (s->prep_d != d || s->prep_n != d->n_turns)
		turnclf_prepare(s, d, NULL);
	tl = &s->tl[i];
	if (i > 0)
		add_words(&s->tl[i - 1], 'p', 0.5, v);
	if (i + 1 < d->n_turns)
		add_words(&s->tl[i + 1], 'x', 0.5, v);
	add_words(tl, 'w', 1.0, v);
	add_char_grams(s, tl, v);
	if (t->speaker <= SPEAKER_OPERATOR)
		sink_push(v, F_SPEAKER + (int)t->speaker, 1.0);
	if (d->n_turns > 1)
		sink_push(v, F_POSITION, (double)i / (double)(d->n_turns - 1));
	if (i == 0)
		sink_push(v, F_FIRST, 1.0);
	if (i + 1 == d->n_turns)
		sink_push(v, F_LAST, 1.0);
	sink_push(v, F_LENGTH, capped(log1p((double)tl->n), log1p(60.0)));
	sink_push(v, F_EXCLAIM, capped(tl->n_exclaim, 3));
	sink_push(v, F_QUESTION, capped(tl->n_question, 3));
	if (tl->n_letters >= 4)
		sink_push(v, F_SHOUT, (double)tl->n_upper_letters / (double)tl->n_letters);
	if (dialogue_first_handoff(d, &handoff_after) && (int)i >= handoff_after)
		sink_push(v, F_AFTER_HANDOFF, 1.0);
	if (lex_tags) {
		add_tag_bits(v, F_LEX_SELF, lex_tags[i]);
		if (i > 0)
			add_tag_bits(v, F_LEX_PREV, lex_tags[i - 1]);
		if (i + 1 < d->n_turns)
			add_tag_bits(v, F_LEX_NEXT, lex_tags[i + 1]);
	}
	if (is_agent(t->speaker)) {   /* the surface of an offer: an agent's turn */
		add_offer_form(t, tl, v);
		if (s->ask[i] & STANCE_ASK)
			sink_push(v, F_ASK, 1.0);
		if (s->ask[i] & STANCE_AMOUNT)
			sink_push(v, F_ASK_AMOUNT, 1.0);
	} else if (t->speaker == SPEAKER_CLIENT) {
		if (s->ask[i] & STANCE_SELF)
			sink_push(v, F_SELF, 1.0);
		if (s->ask[i] & STANCE_OPINION)
			sink_push(v, F_OPINION, 1.0);
		/* a customer who came with a problem says so first; one who
		 * answers a proposal reacts to it */
		if (s->first_client == i)
			sink_push(v, F_CUSTOMER_FIRST, 1.0);
		if (s->first_ask < i)
			sink_push(v, F_AFTER_ASK, 1.0);
	}
	add_relations(s, d, i, v);
}

void turnclf_features(struct turnclf_scratch *s, const struct dialogue *d, size_t i,
		      const unsigned *lex_tags, struct turnclf_vec *v)
{
	struct fsink k = { .v = v };
	features_raw(s, d, i, lex_tags, &k);
	vec_finish(v);
}

void turnclf_tag_bits(const struct detect_result *r, size_t n_turns, unsigned *out)
{
	memset(out, 0, n_turns * sizeof(*out));
	for (size_t i = 0; i < r->n_tags; i++) {
		int n = r->tags[i].n;
		if (n >= 1 && (size_t)n <= n_turns && r->tags[i].tag < TAG_COUNT)
			out[n - 1] |= 1u << r->tags[i].tag;
	}
}

static struct learner_node *to_nodes(struct turnclf_scratch *s, const struct turnclf_vec *v)
{
	ALLOC_GROW(s->nodes, v->n + 1, s->alloc_nodes);
	for (size_t i = 0; i < v->n; i++) {
		s->nodes[i].index = v->f[i].index;
		s->nodes[i].value = v->f[i].value;
	}
	s->nodes[v->n].index = -1;
	s->nodes[v->n].value = 0;
	return s->nodes;
}

/* ---- the active set ---- */

/* A linear model is one weight vector (a libsvm one has its support vectors
 * summed into w at load time), so applying it costs one sparse dot product
 * per turn and tag. */
struct turnclf_one {
	struct learner *model;
	enum turnclf_rule rule;
	double threshold;
	double *w;                      /* F_END weights, index 0 unused; NULL = not linear */
	double rho, prob_a, prob_b;
	int first_is_positive;          /* the library's label[0] == 1 */
	int liblinear;                  /* logistic regression: p = sigmoid(decision) */
};

struct turnclf_set {
	struct turnclf_one tag[TAG_COUNT];
	int active;
	int all_linear;                 /* every loaded model collapsed to w */
	/* the collapsed weights interleaved, W[index * n_lin + k] for the k-th
	 * linear tag lin_tag[k]: one cache line a feature serves every tag */
	float *W;                       /* float: half the memory to stream */
	int n_lin, lin_tag[TAG_COUNT];  /* W holds LIN_STRIDE a feature, zero-padded */
	unsigned long serial;           /* tells the scratch's cached sums apart */
};

void turnclf_path(struct strbuf *sb, const char *dir, enum turn_tag t, const char *ext)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/turnclf-%s.%s", dir, turn_tag_name(t), ext);
}

/* Reads a .head file: 1 read, 0 absent, -1 bad (message printed). */
static int read_head(const char *path, enum turn_tag t, struct turnclf_one *one)
{
	FILE *f = fopen(path, "r");
	char line[256], key[64], val[128];
	int layout = -1, rule = -1, lineno = 0, liblinear = 0;
	double thr = -1;
	if (!f)
		return errno == ENOENT ? 0 : error("cannot open '%s': %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (sscanf(line, "%63s %127s", key, val) != 2)
			continue;
		if (!strcmp(key, "layout"))
			layout = (int)strtol(val, NULL, 10);
		else if (!strcmp(key, "rule"))
			rule = turnclf_rule_from_name(val);
		else if (!strcmp(key, "threshold"))
			thr = strtod(val, NULL);
		else if (!strcmp(key, "engine"))
			liblinear = !strcmp(val, "liblinear") ? 1 : !strcmp(val, "libsvm") ? 0 : -1;
		else if (!strcmp(key, "tag") && strcmp(val, turn_tag_name(t)))
			layout = -2;
	}
	fclose(f);
	if (layout != TURNCLF_LAYOUT || rule < TURNCLF_LEXICON || thr < 0 || thr > 1 || liblinear < 0)
		return error_at(path, 0, "not a turn classifier header of layout %d for '%s'",
				TURNCLF_LAYOUT, turn_tag_name(t));
	one->rule = (enum turnclf_rule)rule;
	one->threshold = thr;
	one->liblinear = liblinear;
	return 1;
}

static void collapse_linear(struct turnclf_one *one)
{
	double a = -1, b = 0, w0 = 0;     /* logistic regression's own sigmoid */
	if (!one->liblinear && !learner_platt_ab(one->model, &a, &b))
		return;
	one->w = xcalloc(F_END, sizeof(*one->w));
	if (learner_weights(one->model, F_END - 1, one->w, &w0) != 1) {
		free(one->w);
		one->w = NULL;
		return;
	}
	one->rho = -w0;
	one->prob_a = a;
	one->prob_b = b;
	one->first_is_positive = learner_sign(one->model) > 0;
}

/* libsvm's sigmoid_predict() and its clipping for two classes. */
static double linear_prob(const struct turnclf_one *one, const struct learner_node *x)
{
	double dec = -one->rho, p;
	for (; x->index != -1; x++)
		if (x->index > 0 && x->index < F_END)
			dec += one->w[x->index] * x->value;
	p = learner_sigmoid_clipped(dec, one->prob_a, one->prob_b);
	return one->first_is_positive ? p : 1 - p;
}

/* Every linear tag's probability from its decision value dec[k] (before
 * the bias): prob[t] for each t of lin_tag. */
static void linear_probs(const struct turnclf_set *set, double *dec, double *prob)
{
	const int nl = set->n_lin;
	for (int k = 0; k < nl; k++)
		dec[k] -= set->tag[set->lin_tag[k]].rho;
	for (int k = 0; k < nl; k++) {
		const struct turnclf_one *one = &set->tag[set->lin_tag[k]];
		double p;
		if (one->rule == TURNCLF_LEXICON)
			continue;       /* never read: the exp() is the dearest step */
		p = learner_sigmoid_clipped(dec[k], one->prob_a, one->prob_b);
		prob[set->lin_tag[k]] = one->first_is_positive ? p : 1 - p;
	}
}

struct turnclf_set *turnclf_load(const char *dir)
{
	static _Atomic unsigned long serials;
	struct turnclf_set *set = xcalloc(1, sizeof(*set));
	struct strbuf path = STRBUF_INIT;
	set->serial = ++serials;
	for (int t = 0; t < TAG_COUNT; t++) {
		struct turnclf_one *one = &set->tag[t];
		int rc;
		turnclf_path(&path, dir, (enum turn_tag)t, "head");
		rc = read_head(path.buf, (enum turn_tag)t, one);
		if (rc < 0)
			goto fail;
		if (rc == 0)
			continue;
		turnclf_path(&path, dir, (enum turn_tag)t, "model");
		one->model = learner_load(path.buf, one->liblinear);
		if (!one->model || !learner_has_probability(one->model) ||
		    learner_n_classes(one->model) != 2) {
			error("cannot load the turn classifier '%s'", path.buf);
			goto fail;
		}
		collapse_linear(one);
		if (one->rule != TURNCLF_LEXICON)
			set->active++;
	}
	set->all_linear = 1;
	for (int t = 0; t < TAG_COUNT; t++) {
		if (set->tag[t].model && !set->tag[t].w)
			set->all_linear = 0;
		if (set->tag[t].w)
			set->lin_tag[set->n_lin++] = t;
	}
	if (set->n_lin) {
		set->W = xcalloc((size_t)F_END * LIN_STRIDE, sizeof(*set->W));
		for (int k = 0; k < set->n_lin; k++)
			for (int f = 1; f < F_END; f++)
				set->W[(size_t)f * LIN_STRIDE + (size_t)k] = (float)set->tag[set->lin_tag[k]].w[f];
	}
	strbuf_release(&path);
	return set;
fail:
	strbuf_release(&path);
	turnclf_free(set);
	return NULL;
}

void turnclf_free(struct turnclf_set *set)
{
	if (!set)
		return;
	for (int t = 0; t < TAG_COUNT; t++) {
		free(set->tag[t].w);
		learner_free(set->tag[t].model);
	}
	free(set->W);
	free(set);
}

void turnclf_use_alone(struct turnclf_set *set)
{
	set->active = 0;
	for (int t = 0; t < TAG_COUNT; t++)
		if (set->tag[t].model) {
			set->tag[t].rule = TURNCLF_ALONE;
			set->tag[t].threshold = 0.5;
			set->active++;
		}
}

int turnclf_present(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	int here;
	strbuf_addf(&path, "%s/turnclf-cv.txt", dir);
	here = access(path.buf, F_OK) == 0;
	strbuf_release(&path);
	return here;
}

const char *turnclf_dir(const char *model_dir, const char *lexicon_dir)
{
	return model_dir && turnclf_present(model_dir) ? model_dir : lexicon_dir;
}

int turnclf_active(const struct turnclf_set *set)
{
	return set ? set->active : 0;
}

enum turnclf_rule turnclf_rule_of(const struct turnclf_set *set, enum turn_tag t, double *threshold)
{
	if (!set || t >= TAG_COUNT || !set->tag[t].model) {
		if (threshold)
			*threshold = 0;
		return TURNCLF_LEXICON;
	}
	if (threshold)
		*threshold = set->tag[t].threshold;
	return set->tag[t].rule;
}

/* Decision of a rule for one turn. */
int turnclf_combine(enum turnclf_rule rule, int lexicon, double prob, double threshold)
{
	switch (rule) {
	case TURNCLF_OR:
		return lexicon || prob >= threshold;
	case TURNCLF_AND:
		return lexicon && prob >= threshold;
	case TURNCLF_ALONE:
		return prob >= threshold;
	default:
		return lexicon;
	}
}

void turnclf_remove_tag(struct detect_result *r, int n, enum turn_tag t)
{
	size_t out = 0;
	for (size_t i = 0; i < r->n_tags; i++)
		if (!(r->tags[i].n == n && r->tags[i].tag == t))
			r->tags[out++] = r->tags[i];
	r->n_tags = out;
}

void turnclf_add_tag(struct detect_result *r, int n, enum turn_tag t, double prob)
{
	struct tagged_turn *tt;
	ALLOC_GROW(r->tags, r->n_tags, r->alloc_tags);
	tt = &r->tags[r->n_tags++];
	tt->n = n;
	tt->tag = t;
	snprintf(tt->cue, sizeof(tt->cue), "classifier:%s p=%.2f", turn_tag_name(t), prob);
}

static int cmp_tagged(const void *a, const void *b)
{
	const struct tagged_turn *x = a, *y = b;
	if (x->n != y->n)
		return x->n - y->n;
	return (int)x->tag - (int)y->tag;
}

int turnclf_apply(const struct turnclf_set *set, struct turnclf_scratch *s,
		  const struct dialogue *d, struct detect_result *r)
{
	return turnclf_apply_toks(set, s, d, NULL, r);
}

int turnclf_apply_toks(const struct turnclf_set *set, struct turnclf_scratch *s,
		       const struct dialogue *d, const struct token_list *toks,
		       struct detect_result *r)
{
	int changes = 0;
	if (!set || !set->active || !d->n_turns)
		return 0;
	turnclf_prepare(s, d, toks);
	ALLOC_GROW(s->bits, d->n_turns, s->alloc_bits);
	turnclf_tag_bits(r, d->n_turns, s->bits);
	if (set->all_linear && s->grams->sums_set != set->serial) {
		memset(s->grams->skey, 0, sizeof(s->grams->skey));
		s->grams->sums_set = set->serial;
	}
	for (size_t i = 0; i < d->n_turns; i++) {
		struct learner_node *x = NULL;
		double prob[TAG_COUNT];
		/* linear models need no vector: the features go straight into
		 * the dot products; a kernel model gets the sorted row */
		if (set->all_linear) {
			struct fsink k = { .W = set->W };
			features_raw(s, d, i, s->bits, &k);
			linear_probs(set, k.dec, prob);
		} else {
			struct fsink k = { .v = &s->vec };
			features_raw(s, d, i, s->bits, &k);
			vec_finish(&s->vec);
			x = to_nodes(s, &s->vec);
		}
		for (int t = 0; t < TAG_COUNT; t++) {
			const struct turnclf_one *one = &set->tag[t];
			int lex = (s->bits[i] >> t) & 1, now;
			double p;
			if (!one->model || one->rule == TURNCLF_LEXICON)
				continue;
			p = !x ? prob[t] : one->w ? linear_prob(one, x) : learner_probability(one->model, x);
			now = turnclf_combine(one->rule, lex, p, one->threshold);
			if (now == lex)
				continue;
			if (now)
				turnclf_add_tag(r, (int)i + 1, (enum turn_tag)t, p);
			else
				turnclf_remove_tag(r, (int)i + 1, (enum turn_tag)t);
			changes++;
		}
	}
	if (changes && r->n_tags > 1)
		qsort(r->tags, r->n_tags, sizeof(*r->tags), cmp_tagged);
	return changes;
}

int turnclf_judge(const struct detector *det, struct detect_scratch *ds,
		  const struct turnclf_set *set, struct turnclf_scratch *s,
		  const struct dialogue *d, struct detect_result *r)
{
	int changes;
	if (detector_run(det, ds, d, r))
		return -1;
	if (!turnclf_active(set))
		return 0;
	changes = turnclf_apply_toks(set, s, d, detect_tokens(ds), r);
	if (changes < 0)
		return -1;
	return changes ? detector_rederive(det, ds, d, r) : 0;
}
