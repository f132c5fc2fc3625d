/* turnclf.c — libsvm turn classifiers: features, cross-validated comparison
 * with the lexicon, persistence, and applying the winners to a result. */
#include "turnclf.h"
#include "safefile.h"
#include "db.h"
#include "eval.h"
#include "textnorm.h"
#include "util.h"

#include <errno.h>
#include <libsvm/svm.h>
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

static int rule_from_name(const char *s)
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

struct turnclf_scratch {
	struct textnorm *tn;
	struct token_list toks;
	struct strbuf key;
	unsigned *bits;
	size_t alloc_bits;
	struct turnclf_vec vec;
	struct svm_node *nodes;
	size_t alloc_nodes;
};

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

static struct svm_node *to_nodes(struct turnclf_scratch *s, const struct turnclf_vec *v)
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

/* ---- libsvm ---- */

static void svm_quiet(const char *s)
{
	(void)s;
}

static void svm_params(struct svm_parameter *p)
{
	memset(p, 0, sizeof(*p));
	p->svm_type = C_SVC;
	p->kernel_type = LINEAR;
	p->cache_size = 100;
	p->eps = 1e-3;
	p->C = 1;
	p->shrinking = 1;
	p->probability = 1;
}

/* libsvm's probability estimates shuffle with rand(): a fixed seed before
 * every fit makes one input give one model. */
static struct svm_model *fit(const struct svm_problem *prob)
{
	struct svm_parameter p;
	const char *msg;
	svm_params(&p);
	msg = svm_check_parameter(prob, &p);
	if (msg) {
		error("turn classifier: %s", msg);
		return NULL;
	}
	svm_set_print_string_function(svm_quiet);
	srand(1);
	return svm_train(prob, &p);
}

/* Probability of the positive class (label 1). */
static double prob_positive(const struct svm_model *m, const struct svm_node *x)
{
	double p[2] = { 0, 0 };
	int labels[2] = { 0, 0 };
	if (svm_get_nr_class(m) != 2)
		return 0;
	svm_get_labels(m, labels);
	svm_predict_probability(m, x, p);
	return labels[0] == 1 ? p[0] : p[1];
}

/* ---- the active set ---- */

/* A linear libsvm model is one weight vector: its support vectors are
 * summed into w at load time, so applying it costs one sparse dot product
 * per turn instead of one per support vector. */
struct turnclf_one {
	struct svm_model *model;
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

static void path_of(struct strbuf *sb, const char *dir, enum turn_tag t, const char *ext)
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
			layout = atoi(val);
		else if (!strcmp(key, "rule"))
			rule = rule_from_name(val);
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
	const struct svm_model *m = one->model;
	if (m->param.kernel_type != LINEAR || !m->probA || !m->probB)
		return;
	one->w = xcalloc(F_END, sizeof(*one->w));
	for (int i = 0; i < m->l; i++)
		for (const struct svm_node *n = m->SV[i]; n->index != -1; n++)
			if (n->index > 0 && n->index < F_END)
				one->w[n->index] += m->sv_coef[0][i] * n->value;
	one->rho = m->rho[0];
	one->prob_a = m->probA[0];
	one->prob_b = m->probB[0];
	one->first_is_positive = m->label[0] == 1;
}

/* libsvm's sigmoid_predict() and its clipping for two classes. */
static double linear_prob(const struct turnclf_one *one, const struct svm_node *x)
{
	double dec = -one->rho, f, p;
	for (; x->index != -1; x++)
		if (x->index > 0 && x->index < F_END)
			dec += one->w[x->index] * x->value;
	f = dec * one->prob_a + one->prob_b;
	p = f >= 0 ? exp(-f) / (1.0 + exp(-f)) : 1.0 / (1.0 + exp(f));
	if (p < 1e-7)
		p = 1e-7;
	if (p > 1 - 1e-7)
		p = 1 - 1e-7;
	return one->first_is_positive ? p : 1 - p;
}

static double one_prob(const struct turnclf_one *one, const struct svm_node *x)
{
	return one->w ? linear_prob(one, x) : prob_positive(one->model, x);
}

struct turnclf_set *turnclf_load(const char *dir)
{
	struct turnclf_set *set = xcalloc(1, sizeof(*set));
	struct strbuf path = STRBUF_INIT;
	for (int t = 0; t < TAG_COUNT; t++) {
		struct turnclf_one *one = &set->tag[t];
		int rc;
		path_of(&path, dir, (enum turn_tag)t, "head");
		rc = read_head(path.buf, (enum turn_tag)t, one);
		if (rc < 0)
			goto fail;
		if (rc == 0)
			continue;
		path_of(&path, dir, (enum turn_tag)t, "model");
		one->model = svm_load_model(path.buf);
		if (!one->model || !svm_check_probability_model(one->model) ||
		    svm_get_nr_class(one->model) != 2) {
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
		if (set->tag[t].model)
			svm_free_and_destroy_model(&set->tag[t].model);
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
static int combine(enum turnclf_rule rule, int lexicon, double prob, double threshold)
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

static void remove_tag(struct detect_result *r, int n, enum turn_tag t)
{
	size_t out = 0;
	for (size_t i = 0; i < r->n_tags; i++)
		if (!(r->tags[i].n == n && r->tags[i].tag == t))
			r->tags[out++] = r->tags[i];
	r->n_tags = out;
}

static void add_tag(struct detect_result *r, int n, enum turn_tag t, double prob)
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
		struct svm_node *x;
		turnclf_features(s, d, i, s->bits, &s->vec);
		x = to_nodes(s, &s->vec);
		for (int t = 0; t < TAG_COUNT; t++) {
			const struct turnclf_one *one = &set->tag[t];
			int lex = (s->bits[i] >> t) & 1, now;
			double p;
			if (!one->model)
				continue;
			p = one_prob(one, x);
			now = combine(one->rule, lex, p, one->threshold);
			if (now == lex)
				continue;
			if (now)
				add_tag(r, (int)i + 1, (enum turn_tag)t, p);
			else
				remove_tag(r, (int)i + 1, (enum turn_tag)t);
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

/* ---- learning ---- */

/* Every labeled turn of the sampled dialogues, features computed once and
 * shared by the tags: x[i] points into pool once collection is over. */
struct samples {
	struct svm_node *pool;
	size_t n_pool, alloc_pool;
	size_t *off;
	int *fold;
	unsigned *truth, *lex;          /* bit sets of tags */
	size_t n, alloc, alloc_fold, alloc_truth, alloc_lex;
	struct svm_node **x;
	long n_dialogues;
	char **ids;                     /* sampled dialogues, in sample order */
	size_t *first;                  /* index of each one's first turn */
	size_t alloc_ids, alloc_first;
};

static void samples_release(struct samples *sm)
{
	for (long i = 0; i < sm->n_dialogues; i++)
		free(sm->ids[i]);
	free(sm->ids);
	free(sm->first);
	free(sm->x);
	free(sm->lex);
	free(sm->truth);
	free(sm->fold);
	free(sm->off);
	free(sm->pool);
	memset(sm, 0, sizeof(*sm));
}

static void samples_add(struct samples *sm, const struct turnclf_vec *v, int fold,
			unsigned truth, unsigned lex)
{
	size_t need = sm->n_pool + v->n + 1;
	if (need > sm->alloc_pool) {
		sm->alloc_pool = need * 2;
		sm->pool = xrealloc(sm->pool, sm->alloc_pool * sizeof(*sm->pool));
	}
	ALLOC_GROW(sm->off, sm->n, sm->alloc);
	ALLOC_GROW(sm->fold, sm->n, sm->alloc_fold);
	ALLOC_GROW(sm->truth, sm->n, sm->alloc_truth);
	ALLOC_GROW(sm->lex, sm->n, sm->alloc_lex);
	sm->off[sm->n] = sm->n_pool;
	for (size_t i = 0; i < v->n; i++) {
		sm->pool[sm->n_pool].index = v->f[i].index;
		sm->pool[sm->n_pool++].value = v->f[i].value;
	}
	sm->pool[sm->n_pool].index = -1;
	sm->pool[sm->n_pool++].value = 0;
	sm->fold[sm->n] = fold;
	sm->truth[sm->n] = truth;
	sm->lex[sm->n] = lex;
	sm->n++;
}

static int has_turn_labels(const struct eval_labeled *ld)
{
	for (size_t i = 0; i < ld->n_ops; i++)
		if (ld->ops[i].tagged_turns > 0)
			return 1;
	return 0;
}

/* Turns of the labeled dialogues with turn tags, to size the sample. */
static long labeled_turn_total(sqlite3 *db, const struct eval_labels *l)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, n_turns FROM dialogues"
				      " WHERE id IN (SELECT dialogue_id FROM label_turns)");
	long total = 0;
	int rc;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const struct eval_labeled *ld = eval_labels_find(l, db_col_text(st, 0));
		if (ld && has_turn_labels(ld))
			total += sqlite3_column_int(st, 1);
	}
	if (rc != SQLITE_DONE)
		total = error("database: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return total;
}

static void dialogue_samples(struct samples *sm, struct turnclf_scratch *s,
			     const struct dialogue *d, const struct eval_labeled *ld,
			     const struct detect_result *r, int fold)
{
	ALLOC_GROW(sm->ids, (size_t)sm->n_dialogues, sm->alloc_ids);
	ALLOC_GROW(sm->first, (size_t)sm->n_dialogues, sm->alloc_first);
	sm->ids[sm->n_dialogues] = xstrdup(d->id);
	sm->first[sm->n_dialogues] = sm->n;
	ALLOC_GROW(s->bits, d->n_turns, s->alloc_bits);
	turnclf_tag_bits(r, d->n_turns, s->bits);
	for (size_t i = 0; i < d->n_turns; i++) {
		unsigned truth = 0;
		for (int t = 0; t < TAG_COUNT; t++)
			if (eval_turn_truth(ld, (int)i + 1, (enum turn_tag)t, NULL) == 1)
				truth |= 1u << t;
		turnclf_features(s, d, i, s->bits, &s->vec);
		samples_add(sm, &s->vec, fold, truth, s->bits[i]);
	}
	sm->n_dialogues++;
}

/* Keeps a dialogue with probability `keep`, decided by its id alone, so a
 * sample is the same on every run and whole dialogues stay together. */
static int sampled(const char *id, double keep)
{
	return keep >= 1.0 || (double)(hash64(id, strlen(id), HASH64_SEED) % 1000000) < keep * 1e6;
}

static int collect(sqlite3 *db, const struct turnclf_learn_options *o, const struct eval_labels *l,
		   const struct detector *det, struct detect_scratch *ds, struct samples *sm)
{
	long max = o->max_turns > 0 ? o->max_turns : 6000, total;
	int folds = o->folds > 1 ? o->folds : 5, ret = -1, rc;
	double keep;
	struct turnclf_scratch *s = NULL;
	struct dialogue_cursor *cur = NULL;
	struct detect_result r;
	struct dialogue d;
	memset(&r, 0, sizeof(r));
	dialogue_init(&d);
	total = labeled_turn_total(db, l);
	if (total < 0)
		goto out;
	keep = total > max ? (double)max / (double)total : 1.0;
	if (keep < 1.0)
		info("turn classifiers: %ld labeled turns, learning from a sample of about %ld "
		     "(whole dialogues)", total, max);
	s = turnclf_scratch_new();
	if (!s)
		goto out;
	cur = dialogue_cursor_open(db, "d.id IN (SELECT dialogue_id FROM label_turns)");
	if (!cur)
		goto out;
	while ((rc = dialogue_cursor_next(cur, &d)) == 1) {
		const struct eval_labeled *ld = eval_labels_find(l, d.id);
		if (!ld || !has_turn_labels(ld) || !sampled(d.id, keep))
			continue;
		if (detector_run(det, ds, &d, &r)) {
			error("cannot judge dialogue '%s'", d.id);
			goto out;
		}
		dialogue_samples(sm, s, &d, ld, &r,
				 (int)(hash64(d.id, strlen(d.id), 0x9e3779b97f4a7c15ULL) % (uint64_t)folds));
	}
	if (rc < 0)
		goto out;
	sm->x = xcalloc(sm->n ? sm->n : 1, sizeof(*sm->x));
	for (size_t i = 0; i < sm->n; i++)
		sm->x[i] = sm->pool + sm->off[i];
	ret = 0;
out:
	dialogue_cursor_close(cur);
	dialogue_release(&d);
	detect_result_release(&r);
	turnclf_scratch_free(s);
	return ret;
}

/* A problem over the samples for which want(fold) holds, labels of tag t. */
static void build_problem(const struct samples *sm, enum turn_tag t, int fold, int train,
			  struct svm_problem *p, size_t *idx)
{
	int n = 0;
	for (size_t i = 0; i < sm->n; i++) {
		if (fold >= 0 && (sm->fold[i] == fold) == train)
			continue;
		p->y[n] = (sm->truth[i] >> t) & 1 ? 1 : -1;
		p->x[n] = sm->x[i];
		if (idx)
			idx[n] = i;
		n++;
	}
	p->l = n;
}

static int two_classes(const struct svm_problem *p)
{
	int pos = 0, neg = 0;
	for (int i = 0; i < p->l; i++)
		pos += p->y[i] > 0, neg += p->y[i] < 0;
	return pos > 0 && neg > 0;
}

/* Out-of-fold probabilities of tag t for every sample; -1 when a fold
 * could not be trained (a single class) so its turns keep the lexicon. */
static int cross_validate(const struct samples *sm, enum turn_tag t, int folds, double *oof)
{
	struct svm_problem p;
	size_t *idx = xmalloc((sm->n ? sm->n : 1) * sizeof(*idx));
	int ret = 0;
	p.y = xmalloc((sm->n ? sm->n : 1) * sizeof(*p.y));
	p.x = xmalloc((sm->n ? sm->n : 1) * sizeof(*p.x));
	for (size_t i = 0; i < sm->n; i++)
		oof[i] = -1;
	for (int f = 0; f < folds && !ret; f++) {
		struct svm_model *m;
		build_problem(sm, t, f, 1, &p, NULL);
		if (!two_classes(&p))
			continue;
		m = fit(&p);
		if (!m) {
			ret = -1;
			break;
		}
		build_problem(sm, t, f, 0, &p, idx);
		for (int i = 0; i < p.l; i++)
			oof[idx[i]] = prob_positive(m, p.x[i]);
		svm_free_and_destroy_model(&m);
	}
	free(p.x);
	free(p.y);
	free(idx);
	return ret;
}

static double rule_f1(const struct samples *sm, enum turn_tag t, const double *oof,
		      enum turnclf_rule rule, double thr)
{
	struct eval_counts c = { 0, 0, 0, 0 };
	for (size_t i = 0; i < sm->n; i++) {
		int lex = (sm->lex[i] >> t) & 1;
		int det = oof[i] < 0 ? lex : combine(rule, lex, oof[i], thr);
		eval_counts_add(&c, det, (sm->truth[i] >> t) & 1);
	}
	return eval_f1(&c);
}

static double classifier_f1(const struct samples *sm, enum turn_tag t, const double *oof)
{
	struct eval_counts c = { 0, 0, 0, 0 };
	for (size_t i = 0; i < sm->n; i++)
		eval_counts_add(&c, oof[i] >= 0.5, (sm->truth[i] >> t) & 1);
	return eval_f1(&c);
}

static const double or_thresholds[] = { 0.5, 0.6, 0.7, 0.8, 0.9 };
static const double and_thresholds[] = { 0.05, 0.1, 0.2, 0.3, 0.5 };

/* Picks the best rule on the out-of-fold predictions. */
static void choose_rule(const struct samples *sm, enum turn_tag t, const double *oof,
			double margin, struct turnclf_tag_cv *cv)
{
	double best = -1, best_thr = 0;
	enum turnclf_rule best_rule = TURNCLF_LEXICON;
	cv->f1_lexicon = rule_f1(sm, t, oof, TURNCLF_LEXICON, 0);
	cv->f1_classifier = classifier_f1(sm, t, oof);
	for (size_t i = 0; i < sizeof(or_thresholds) / sizeof(*or_thresholds); i++) {
		double f = rule_f1(sm, t, oof, TURNCLF_OR, or_thresholds[i]);
		if (f > best)
			best = f, best_rule = TURNCLF_OR, best_thr = or_thresholds[i];
	}
	for (size_t i = 0; i < sizeof(and_thresholds) / sizeof(*and_thresholds); i++) {
		double f = rule_f1(sm, t, oof, TURNCLF_AND, and_thresholds[i]);
		if (f > best)
			best = f, best_rule = TURNCLF_AND, best_thr = and_thresholds[i];
	}
	cv->f1_combined = best;
	cv->rule = best > cv->f1_lexicon + margin ? best_rule : TURNCLF_LEXICON;
	cv->threshold = cv->rule == TURNCLF_LEXICON ? 0 : best_thr;
}

static int write_head(const char *dir, const struct turnclf_tag_cv *cv)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	char when[21];
	int ret;
	format_time(now_epoch(), when);
	strbuf_addf(&text, "leadqa-turnclf 1\nlayout %d\nhash_bits %d\ntag %s\nrule %s\n"
		    "threshold %.3f\ncv_f1_lexicon %.4f\ncv_f1_combined %.4f\nn_pos %ld\nn_neg %ld\n"
		    "n_used %ld\ntrained_at %s\n", TURNCLF_LAYOUT, TURNCLF_HASH_BITS,
		    turn_tag_name(cv->tag), turnclf_rule_name(cv->rule), cv->threshold,
		    cv->f1_lexicon, cv->f1_combined, cv->n_pos, cv->n_neg, cv->n_used, when);
	path_of(&path, dir, cv->tag, "head");
	ret = write_file_atomic(path.buf, text.buf, text.len);
	strbuf_release(&text);
	strbuf_release(&path);
	return ret;
}

/* The model on every sample, written beside its final name and renamed. */
static int write_model(const char *dir, const struct samples *sm, enum turn_tag t)
{
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT, text = STRBUF_INIT;
	struct svm_problem p;
	struct svm_model *m = NULL;
	int ret = -1, fd = -1;
	p.y = xmalloc((sm->n ? sm->n : 1) * sizeof(*p.y));
	p.x = xmalloc((sm->n ? sm->n : 1) * sizeof(*p.x));
	build_problem(sm, t, -1, 1, &p, NULL);
	m = fit(&p);
	if (!m)
		goto out;
	path_of(&path, dir, t, "model");
	/* libsvm writes only to a path: to a file in memory, then atomically
	 * into place through the one exclusive writer (safefile.h). */
	fd = safe_memfile(&tmp);
	if (fd < 0)
		goto out;
	if (svm_save_model(tmp.buf, m)) {
		error("cannot write the turn classifier '%s'", path.buf);
		goto out;
	}
	if (safe_memfile_read(fd, &text) || write_file_atomic(path.buf, text.buf, text.len))
		goto out;
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&text);
	svm_free_and_destroy_model(&m);
	free(p.x);
	free(p.y);
	strbuf_release(&tmp);
	strbuf_release(&path);
	return ret;
}

/* A tag that lost keeps no classifier: the head goes first, so that a
 * half-removed pair is never loaded. */
static int remove_classifier(const char *dir, enum turn_tag t)
{
	struct strbuf path = STRBUF_INIT;
	int ret = 0;
	path_of(&path, dir, t, "head");
	if (unlink(path.buf) && errno != ENOENT)
		ret = error("cannot remove '%s': %s", path.buf, strerror(errno));
	path_of(&path, dir, t, "model");
	if (unlink(path.buf) && errno != ENOENT)
		ret = error("cannot remove '%s': %s", path.buf, strerror(errno));
	strbuf_release(&path);
	return ret;
}

static int write_cv_record(const char *dir, const struct turnclf_cv *cv)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int ret;
	strbuf_addf(&text, "# leadqa turn classifiers, layout %d: out-of-fold F1 per tag\n"
		    "# tag learned n_pos n_neg n_used f1_lexicon f1_combined f1_classifier rule threshold seconds\n",
		    TURNCLF_LAYOUT);
	for (int t = 0; t < TAG_COUNT; t++) {
		const struct turnclf_tag_cv *c = &cv->tag[t];
		strbuf_addf(&text, "%s %d %ld %ld %ld %.6f %.6f %.6f %s %.3f %.1f\n",
			    turn_tag_name((enum turn_tag)t), c->learned, c->n_pos, c->n_neg, c->n_used,
			    c->f1_lexicon, c->f1_combined, c->f1_classifier, turnclf_rule_name(c->rule),
			    c->threshold, c->seconds);
	}
	if (cv->has_findings) {
		strbuf_addf(&text, "# finding name f1_lexicon f1_combined (derived again from out-of-fold tags)\n"
			    "dropped %d\n", cv->dropped);
		for (int k = 0; k < FINDING_KINDS; k++)
			strbuf_addf(&text, "finding %s %.6f %.6f\n", finding_kind_name((enum finding_kind)k),
				    cv->finding_f1_lexicon[k], cv->finding_f1_combined[k]);
	}
	strbuf_addf(&path, "%s/turnclf-cv.txt", dir);
	ret = write_file_atomic(path.buf, text.buf, text.len);
	strbuf_release(&text);
	strbuf_release(&path);
	return ret;
}

static void read_finding_line(const char *line, struct turnclf_cv *cv)
{
	char name[64];
	double a, b;
	if (sscanf(line, "finding %63s %lf %lf", name, &a, &b) != 3)
		return;
	for (int k = 0; k < FINDING_KINDS; k++)
		if (!strcmp(name, finding_kind_name((enum finding_kind)k))) {
			cv->finding_f1_lexicon[k] = a;
			cv->finding_f1_combined[k] = b;
			cv->has_findings = 1;
		}
}

int turnclf_read_cv(const char *dir, struct turnclf_cv *cv)
{
	struct strbuf path = STRBUF_INIT;
	char line[512], tag[64], rule[16];
	FILE *f;
	int found = 0;
	memset(cv, 0, sizeof(*cv));
	for (int t = 0; t < TAG_COUNT; t++)
		cv->tag[t].tag = (enum turn_tag)t;
	strbuf_addf(&path, "%s/turnclf-cv.txt", dir);
	f = fopen(path.buf, "r");
	if (!f) {
		int e = errno;
		strbuf_release(&path);
		return e == ENOENT ? 0 : error("cannot open '%s/turnclf-cv.txt': %s", dir, strerror(e));
	}
	while (fgets(line, sizeof(line), f)) {
		struct turnclf_tag_cv c;
		int t, r;
		memset(&c, 0, sizeof(c));
		if (starts_with(line, "finding ")) {
			read_finding_line(line, cv);
			continue;
		}
		if (sscanf(line, "dropped %d", &cv->dropped) == 1)
			continue;
		if (line[0] == '#' ||
		    sscanf(line, "%63s %d %ld %ld %ld %lf %lf %lf %15s %lf %lf", tag, &c.learned, &c.n_pos,
			   &c.n_neg, &c.n_used, &c.f1_lexicon, &c.f1_combined, &c.f1_classifier, rule,
			   &c.threshold, &c.seconds) != 11)
			continue;
		t = turn_tag_from_name(tag);
		r = rule_from_name(rule);
		if (t < 0 || r < 0)
			continue;
		c.tag = (enum turn_tag)t;
		c.rule = (enum turnclf_rule)r;
		cv->tag[t] = c;
		found = 1;
	}
	fclose(f);
	strbuf_release(&path);
	return found;
}

static int learn_tag(const struct samples *sm, enum turn_tag t, const struct turnclf_learn_options *o,
		     double *oof, struct turnclf_tag_cv *cv)
{
	int folds = o->folds > 1 ? o->folds : 5;
	double t0 = mono_seconds();
	cv->tag = t;
	cv->n_used = (long)sm->n;
	for (size_t i = 0; i < sm->n; i++) {
		if ((sm->truth[i] >> t) & 1)
			cv->n_pos++;
		else
			cv->n_neg++;
	}
	cv->rule = TURNCLF_LEXICON;
	if (cv->n_pos < TURNCLF_MIN_CLASS || cv->n_neg < TURNCLF_MIN_CLASS) {
		struct eval_counts c = { 0, 0, 0, 0 };
		for (size_t i = 0; i < sm->n; i++)
			eval_counts_add(&c, (sm->lex[i] >> t) & 1, (sm->truth[i] >> t) & 1);
		cv->f1_lexicon = cv->f1_combined = eval_f1(&c);
		return 0;
	}
	cv->learned = 1;
	if (cross_validate(sm, t, folds, oof))
		return -1;
	choose_rule(sm, t, oof, o->margin > 0 ? o->margin : 0.005, cv);
	cv->seconds = mono_seconds() - t0;
	return 0;
}

/* ---- the finding pass: findings derived again from out-of-fold tags ---- */

struct finding_pass {
	sqlite3 *db;
	const struct detector *det;
	struct detect_scratch *ds;
	const struct eval_labels *l;
	const struct samples *sm;
	const double *oof;              /* TAG_COUNT * sm->n, tag-major */
	struct dialogue d;
	struct detect_result r;
};

/* Out-of-fold combination on one dialogue's tags; returns the changes. */
static int oof_apply(struct finding_pass *fp, size_t first, const struct turnclf_tag_cv *cv)
{
	int changes = 0;
	for (size_t i = 0; i < fp->d.n_turns; i++) {
		size_t idx = first + i;
		for (int t = 0; t < TAG_COUNT; t++) {
			double p = fp->oof[(size_t)t * fp->sm->n + idx];
			int lex = (fp->sm->lex[idx] >> t) & 1, now;
			if (cv[t].rule == TURNCLF_LEXICON || p < 0)
				continue;
			now = combine(cv[t].rule, lex, p, cv[t].threshold);
			if (now == lex)
				continue;
			if (now)
				add_tag(&fp->r, (int)i + 1, (enum turn_tag)t, p);
			else
				remove_tag(&fp->r, (int)i + 1, (enum turn_tag)t);
			changes++;
		}
	}
	return changes;
}

static void count_findings(const struct detect_result *r, const struct eval_labeled *ld,
			   struct eval_counts *c)
{
	for (int k = 0; k < FINDING_KINDS; k++) {
		int yes, no, truth;
		eval_opinions(ld, (enum finding_kind)k, &yes, &no);
		truth = eval_majority(yes, no, NULL);
		if (truth >= 0)
			eval_counts_add(&c[k], r->has[k] ? 1 : 0, truth);
	}
}

/* Finding counts of the lexicon (lex) and of the combination cv (comb). */
static int run_finding_pass(struct finding_pass *fp, const struct turnclf_tag_cv *cv,
			    struct eval_counts *lex, struct eval_counts *comb)
{
	memset(lex, 0, FINDING_KINDS * sizeof(*lex));
	memset(comb, 0, FINDING_KINDS * sizeof(*comb));
	for (long j = 0; j < fp->sm->n_dialogues; j++) {
		const struct eval_labeled *ld = eval_labels_find(fp->l, fp->sm->ids[j]);
		int rc = dialogue_load(fp->db, fp->sm->ids[j], &fp->d);
		if (rc < 0)
			return -1;
		if (!rc || !ld || fp->sm->first[j] + fp->d.n_turns > fp->sm->n)
			continue;
		if (detector_run(fp->det, fp->ds, &fp->d, &fp->r))
			return error("cannot judge dialogue '%s'", fp->sm->ids[j]);
		count_findings(&fp->r, ld, lex);
		if (oof_apply(fp, fp->sm->first[j], cv)) {
			if (detector_rederive(fp->det, fp->ds, &fp->d, &fp->r))
				return error("cannot judge dialogue '%s'", fp->sm->ids[j]);
		}
		count_findings(&fp->r, ld, comb);
	}
	return 0;
}

static double f1_sum(const struct eval_counts *c)
{
	double s = 0;
	for (int k = 0; k < FINDING_KINDS; k++)
		s += eval_f1(&c[k]);
	return s;
}

/* Worse: a lower sum of finding F1, or any one finding lower by more than
 * the margin (a gain on one finding does not buy a loss on another). */
static int findings_worse(const struct eval_counts *comb, const struct eval_counts *lex, double margin)
{
	if (f1_sum(comb) < f1_sum(lex) - 1e-9)
		return 1;
	for (int k = 0; k < FINDING_KINDS; k++)
		if (eval_f1(&comb[k]) < eval_f1(&lex[k]) - margin)
			return 1;
	return 0;
}

/* Forward selection over the tags that won on their own turns: starting
 * from the lexicon, add the classifier that raises the findings' F1 most
 * without lowering any finding, until none does.  The others are dropped. */
static int check_findings(struct finding_pass *fp, struct turnclf_cv *cv, double margin)
{
	struct eval_counts lex[FINDING_KINDS], comb[FINDING_KINDS], tl[FINDING_KINDS], tc[FINDING_KINDS];
	struct turnclf_tag_cv trial[TAG_COUNT];
	int candidate[TAG_COUNT];
	for (int t = 0; t < TAG_COUNT; t++) {
		trial[t] = cv->tag[t];
		candidate[t] = cv->tag[t].rule != TURNCLF_LEXICON;
		trial[t].rule = TURNCLF_LEXICON;        /* start from the lexicon alone */
	}
	if (run_finding_pass(fp, trial, lex, comb))
		return -1;
	for (;;) {
		int best = -1;
		double best_sum = f1_sum(comb) + 1e-9;
		for (int t = 0; t < TAG_COUNT; t++) {
			if (!candidate[t] || trial[t].rule != TURNCLF_LEXICON)
				continue;
			trial[t].rule = cv->tag[t].rule;
			if (run_finding_pass(fp, trial, tl, tc))
				return -1;
			trial[t].rule = TURNCLF_LEXICON;
			if (!findings_worse(tc, lex, margin) && f1_sum(tc) > best_sum)
				best_sum = f1_sum(tc), best = t;
		}
		if (best < 0)
			break;
		trial[best].rule = cv->tag[best].rule;
		if (run_finding_pass(fp, trial, tl, comb))
			return -1;
	}
	for (int t = 0; t < TAG_COUNT; t++) {
		if (candidate[t] && trial[t].rule == TURNCLF_LEXICON) {
			info("turn classifier %s: not used, it does not improve the findings",
			     turn_tag_name((enum turn_tag)t));
			cv->tag[t].rule = TURNCLF_LEXICON;
			cv->tag[t].threshold = 0;
			cv->dropped++;
		}
	}
	for (int k = 0; k < FINDING_KINDS; k++) {
		cv->finding_f1_lexicon[k] = eval_f1(&lex[k]);
		cv->finding_f1_combined[k] = eval_f1(&comb[k]);
	}
	cv->has_findings = 1;
	return 0;
}

static int write_all(const char *dir, const struct samples *sm, const struct turnclf_cv *cv)
{
	if (mkdir_p(dir))
		return error("cannot create '%s'", dir);
	for (int t = 0; t < TAG_COUNT; t++) {
		if (cv->tag[t].rule == TURNCLF_LEXICON) {
			if (remove_classifier(dir, (enum turn_tag)t))
				return -1;
		} else if (write_model(dir, sm, (enum turn_tag)t) || write_head(dir, &cv->tag[t])) {
			return -1;
		}
	}
	return write_cv_record(dir, cv);
}

int turnclf_learn(sqlite3 *db, const struct turnclf_learn_options *o, struct turnclf_cv *cv)
{
	const char *dir = o->model_dir ? o->model_dir : "models";
	struct eval_labels l;
	struct samples sm;
	struct finding_pass fp;
	struct detector *det = NULL;
	struct detect_scratch *ds = NULL;
	double *oof = NULL;
	int ret = -1;
	memset(&l, 0, sizeof(l));
	memset(&sm, 0, sizeof(sm));
	memset(&fp, 0, sizeof(fp));
	dialogue_init(&fp.d);
	memset(cv, 0, sizeof(*cv));
	det = detector_load(dir);
	if (!det)
		goto out;
	ds = detect_scratch_new();
	if (eval_labels_load(db, o->glob, &l) || collect(db, o, &l, det, ds, &sm))
		goto out;
	oof = xmalloc((size_t)TAG_COUNT * (sm.n ? sm.n : 1) * sizeof(*oof));
	for (int t = 0; t < TAG_COUNT; t++) {
		struct turnclf_tag_cv *c = &cv->tag[t];
		double *mine = oof + (size_t)t * sm.n;
		for (size_t i = 0; i < sm.n; i++)
			mine[i] = -1;
		if (learn_tag(&sm, (enum turn_tag)t, o, mine, c))
			goto out;
		info("turn classifier %s: %ld+ %ld-, lexicon F1 %.3f, combined F1 %.3f (%s)",
		     turn_tag_name((enum turn_tag)t), c->n_pos, c->n_neg, c->f1_lexicon, c->f1_combined,
		     c->learned ? turnclf_rule_name(c->rule) : "too few labels");
	}
	fp.db = db, fp.det = det, fp.ds = ds, fp.l = &l, fp.sm = &sm, fp.oof = oof;
	if (check_findings(&fp, cv, o->margin > 0 ? o->margin : 0.005))
		goto out;
	ret = o->dry_run ? 0 : write_all(dir, &sm, cv);
out:
	detect_result_release(&fp.r);
	dialogue_release(&fp.d);
	free(oof);
	samples_release(&sm);
	eval_labels_release(&l);
	detect_scratch_free(ds);
	detector_free(det);
	return ret;
}
