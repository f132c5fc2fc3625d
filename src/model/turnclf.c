/* turnclf.c — libsvm turn classifiers at run time: features, loading the
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
	F_END = F_LEX_NEXT + TAG_COUNT
};

static const char *const rule_names[] = { "lexicon", "or", "and" };

const char *turnclf_rule_name(enum turnclf_rule r)
{
	return r >= TURNCLF_LEXICON && r <= TURNCLF_AND ? rule_names[r] : "lexicon";
}

int turnclf_rule_from_name(const char *s)
{
	for (int r = 0; r <= TURNCLF_AND; r++)
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
	return s;
}

void turnclf_scratch_free(struct turnclf_scratch *s)
{
	if (!s)
		return;
	free(s->nodes);
	turnclf_vec_release(&s->vec);
	free(s->bits);
	strbuf_release(&s->key);
	token_list_release(&s->toks);
	textnorm_free(s->tn);
	free(s);
}

/* ---- features ---- */

/* Zeros are left out: libsvm's vectors are sparse. */
static void vec_push(struct turnclf_vec *v, int index, double value)
{
	if (value == 0)
		return;
	ALLOC_GROW(v->f, v->n, v->alloc);
	v->f[v->n].index = index;
	v->f[v->n].value = value;
	v->n++;
}

/* Adds the hashed stems of one text, prefixed, with total weight `scale`
 * spread as count / sqrt(sum of counts squared) (unit length per block). */
static void add_words(struct turnclf_scratch *s, const char *text, char prefix, double scale,
		      struct turnclf_vec *v)
{
	size_t first = v->n;
	double norm = 0;
	textnorm_tokens(s->tn, text, &s->toks);
	for (size_t i = 0; i < s->toks.n; i++) {
		uint64_t h;
		strbuf_reset(&s->key);
		strbuf_addch(&s->key, prefix);
		strbuf_adds(&s->key, s->toks.items[i].stem);
		h = hash64(s->key.buf, s->key.len, HASH64_SEED);
		vec_push(v, (int)(h & (TURNCLF_HASH_DIM - 1)) + 1, 1.0);
	}
	/* counts are merged after sorting; the norm uses the raw counts */
	for (size_t i = first; i < v->n; i++)
		norm += 1.0;
	if (norm > 0)
		for (size_t i = first; i < v->n; i++)
			v->f[i].value = scale / sqrt(norm);
}

static int cmp_feature(const void *a, const void *b)
{
	int x = ((const struct turnclf_feature *)a)->index, y = ((const struct turnclf_feature *)b)->index;
	return (x > y) - (x < y);
}

/* Sorts by index and sums duplicates (hash collisions, repeated words),
 * capping at 1 so that every value stays in [0, 1]. */
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
	for (size_t i = 0; i < v->n; i++)
		if (v->f[i].value > 1.0)
			v->f[i].value = 1.0;
}

static void add_tag_bits(struct turnclf_vec *v, int base, unsigned bits)
{
	for (int t = 0; t < TAG_COUNT; t++)
		if (bits & (1u << t))
			vec_push(v, base + t, 1.0);
}

static double capped(double x, double cap)
{
	return x >= cap ? 1.0 : x / cap;
}

void turnclf_features(struct turnclf_scratch *s, const struct dialogue *d, size_t i,
		      const unsigned *lex_tags, struct turnclf_vec *v)
{
	const struct turn *t = &d->turns[i];
	int handoff_after = 0, letters, upper;
	size_t n_tok;
	v->n = 0;
	if (i > 0)
		add_words(s, d->turns[i - 1].text, 'p', 0.5, v);
	if (i + 1 < d->n_turns)
		add_words(s, d->turns[i + 1].text, 'x', 0.5, v);
	add_words(s, t->text, 'w', 1.0, v);    /* last: its token list stays in s->toks */
	n_tok = s->toks.n;
	letters = s->toks.n_letters;
	upper = s->toks.n_upper_letters;
	if (t->speaker <= SPEAKER_OPERATOR)
		vec_push(v, F_SPEAKER + (int)t->speaker, 1.0);
	if (d->n_turns > 1)
		vec_push(v, F_POSITION, (double)i / (double)(d->n_turns - 1));
	if (i == 0)
		vec_push(v, F_FIRST, 1.0);
	if (i + 1 == d->n_turns)
		vec_push(v, F_LAST, 1.0);
	vec_push(v, F_LENGTH, capped(log1p((double)n_tok), log1p(60.0)));
	vec_push(v, F_EXCLAIM, capped(s->toks.n_exclaim, 3));
	vec_push(v, F_QUESTION, capped(s->toks.n_question, 3));
	if (letters >= 4)
		vec_push(v, F_SHOUT, (double)upper / (double)letters);
	if (dialogue_first_handoff(d, &handoff_after) && (int)i >= handoff_after)
		vec_push(v, F_AFTER_HANDOFF, 1.0);
	if (lex_tags) {
		add_tag_bits(v, F_LEX_SELF, lex_tags[i]);
		if (i > 0)
			add_tag_bits(v, F_LEX_PREV, lex_tags[i - 1]);
		if (i + 1 < d->n_turns)
			add_tag_bits(v, F_LEX_NEXT, lex_tags[i + 1]);
	}
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

/* A linear libsvm model is one weight vector: its support vectors are
 * summed into w at load time, so applying it costs one sparse dot product
 * per turn instead of one per support vector. */
struct turnclf_one {
	struct learner *model;
	enum turnclf_rule rule;
	double threshold;
	double *w;                      /* F_END weights, index 0 unused; NULL = not linear */
	double rho, prob_a, prob_b;
	int first_is_positive;          /* libsvm's label[0] == 1 */
};

struct turnclf_set {
	struct turnclf_one tag[TAG_COUNT];
	int active;
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
	int layout = -1, rule = -1, lineno = 0;
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
		else if (!strcmp(key, "tag") && strcmp(val, turn_tag_name(t)))
			layout = -2;
	}
	fclose(f);
	if (layout != TURNCLF_LAYOUT || rule <= TURNCLF_LEXICON || thr < 0 || thr > 1)
		return error_at(path, 0, "not a turn classifier header of layout %d for '%s'",
				TURNCLF_LAYOUT, turn_tag_name(t));
	one->rule = (enum turnclf_rule)rule;
	one->threshold = thr;
	return 1;
}

static void collapse_linear(struct turnclf_one *one)
{
	double a, b, w0 = 0;
	if (!learner_platt_ab(one->model, &a, &b))
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

static double one_prob(const struct turnclf_one *one, const struct learner_node *x)
{
	return one->w ? linear_prob(one, x) : learner_probability(one->model, x);
}

struct turnclf_set *turnclf_load(const char *dir)
{
	struct turnclf_set *set = xcalloc(1, sizeof(*set));
	struct strbuf path = STRBUF_INIT;
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
		one->model = learner_load(path.buf, 0);
		if (!one->model || !learner_has_probability(one->model) ||
		    learner_n_classes(one->model) != 2) {
			error("cannot load the turn classifier '%s'", path.buf);
			goto fail;
		}
		collapse_linear(one);
		set->active++;
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
	free(set);
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
	int changes = 0;
	if (!set || !set->active || !d->n_turns)
		return 0;
	ALLOC_GROW(s->bits, d->n_turns, s->alloc_bits);
	turnclf_tag_bits(r, d->n_turns, s->bits);
	for (size_t i = 0; i < d->n_turns; i++) {
		struct learner_node *x;
		turnclf_features(s, d, i, s->bits, &s->vec);
		x = to_nodes(s, &s->vec);
		for (int t = 0; t < TAG_COUNT; t++) {
			const struct turnclf_one *one = &set->tag[t];
			int lex = (s->bits[i] >> t) & 1, now;
			double p;
			if (!one->model)
				continue;
			p = one_prob(one, x);
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
	changes = turnclf_apply(set, s, d, r);
	if (changes < 0)
		return -1;
	return changes ? detector_rederive(det, ds, d, r) : 0;
}
