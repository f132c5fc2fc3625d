/* features.c — a dialogue as a sparse vector (layout in features.h). */
#include "compat.h"
#include "featvec.h"
#include "textnorm.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const struct_names[FS_COUNT] = {
	"client_turns", "bot_turns", "operator_turns", "client_words",
	"client_questions", "handoff", "handoff_position", "downloads", "forms",
	"calls", "bot_delay", "operator_delay", "duration", "premature_cross_sell",
	"missed_escalation", "context_lost", "repeat_contacts", "has_contact",
	"problem_stated", "problem_resolved", "offers", "escalation_asks", "has_phone",
	"has_email",
};

static const unsigned char struct_groups[FS_COUNT] = {
	FG_TURNS, FG_TURNS, FG_TURNS, FG_TURNS,
	FG_QUESTIONS, FG_HANDOFF, FG_HANDOFF, FG_DOWNLOADS, FG_FORMS,
	FG_CALLS, FG_LATENCY, FG_LATENCY, FG_DURATION, FG_CROSS_SELL,
	FG_ESCALATION, FG_CONTEXT_LOST, FG_REPEAT, FG_CONTACT,
	FG_PROBLEM, FG_PROBLEM, FG_CROSS_SELL, FG_ESCALATION, FG_CONTACT,
	FG_CONTACT,
};

const char *feature_struct_name(enum feature_struct f)
{
	return (unsigned)f < FS_COUNT ? struct_names[f] : "?";
}

enum feature_group feature_struct_group(enum feature_struct f)
{
	return (enum feature_group)struct_groups[f];
}

void feature_layout_default(struct feature_layout *l)
{
	l->seed = FEATURES_DEFAULT_SEED;
	l->hash_bits = FEATURES_DEFAULT_HASH_BITS;
}

static int text_base(void)
{
	return FS_COUNT + FEATURES_PC_BUCKETS;
}

int features_dim(const struct feature_layout *l)
{
	return text_base() + (1 << l->hash_bits);
}

/* ---- sparse vectors ---- */

void fvec_clear(struct fvec *v)
{
	v->n = 0;
}

void fvec_release(struct fvec *v)
{
	free(v->index);
	free(v->value);
	free(v->group);
	memset(v, 0, sizeof(*v));
}

/* Room for `more` entries past v->n. */
static void fvec_reserve(struct fvec *v, size_t more)
{
	if (v->n + more <= v->alloc)
		return;
	if (!v->alloc)
		v->alloc = 64;
	while (v->alloc < v->n + more)
		v->alloc *= 2;
	v->index = xrealloc(v->index, v->alloc * sizeof(*v->index));
	v->value = xrealloc(v->value, v->alloc * sizeof(*v->value));
	v->group = xrealloc(v->group, v->alloc * sizeof(*v->group));
}

void fvec_push(struct fvec *v, int index, double value, enum feature_group g)
{
	fvec_reserve(v, 1);
	v->index[v->n] = index;
	v->value[v->n] = value;
	v->group[v->n] = (unsigned char)g;
	v->n++;
}

void fvec_append(struct fvec *out, const struct fvec *in)
{
	if (!in->n)
		return;
	fvec_reserve(out, in->n);
	memcpy(out->index + out->n, in->index, in->n * sizeof(*in->index));
	memcpy(out->value + out->n, in->value, in->n * sizeof(*in->value));
	memcpy(out->group + out->n, in->group, in->n * sizeof(*in->group));
	out->n += in->n;
}

void fvec_filter(const struct fvec *in, unsigned mask, struct fvec *out)
{
	fvec_clear(out);
	for (size_t i = 0; i < in->n; i++)
		if (mask & FG_BIT(in->group[i]))
			fvec_push(out, in->index[i], in->value[i], in->group[i]);
}

double fvec_norm2(const struct fvec *v)
{
	double s = 0;
	for (size_t i = 0; i < v->n; i++)
		s += v->value[i] * v->value[i];
	return sqrt(s);
}

/* ---- raw features ---- */

void feature_raw_clear(struct feature_raw *r)
{
	memset(r->s, 0, sizeof(r->s));
	fvec_clear(&r->sparse);
	r->n_stems = 0;
	r->stem_len = 0;
	r->first_download[0] = '\0';
	r->n_downloads = 0;
}

void feature_raw_release(struct feature_raw *r)
{
	fvec_release(&r->sparse);
	free(r->stem_index);
	free(r->stem_off);
	free(r->stem_text);
	memset(r, 0, sizeof(*r));
}

const char *feature_raw_stem(const struct feature_raw *r, size_t i)
{
	return r->stem_text + r->stem_off[i];
}

static void raw_add_stem(struct feature_raw *r, int index, const char *stem)
{
	size_t len = strlen(stem);
	if (r->n_stems >= r->alloc_stems) {
		r->alloc_stems = r->alloc_stems ? r->alloc_stems * 2 : 64;
		r->stem_index = xrealloc(r->stem_index, r->alloc_stems * sizeof(*r->stem_index));
		r->stem_off = xrealloc(r->stem_off, r->alloc_stems * sizeof(*r->stem_off));
	}
	if (r->stem_len + len + 1 > r->stem_alloc) {
		r->stem_alloc = (r->stem_len + len + 1) * 2;
		r->stem_text = xrealloc(r->stem_text, r->stem_alloc);
	}
	memcpy(r->stem_text + r->stem_len, stem, len + 1);
	r->stem_index[r->n_stems] = index;
	r->stem_off[r->n_stems] = r->stem_len;
	r->n_stems++;
	r->stem_len += len + 1;
}

/* ---- scaling ---- */

void feature_scale_init(struct feature_scale *sc)
{
	for (int i = 0; i < FS_COUNT; i++) {
		sc->lo[i] = HUGE_VAL;
		sc->hi[i] = -HUGE_VAL;
	}
}

void feature_scale_add(struct feature_scale *sc, const struct feature_raw *r)
{
	for (int i = 0; i < FS_COUNT; i++) {
		if (r->s[i] < sc->lo[i])
			sc->lo[i] = r->s[i];
		if (r->s[i] > sc->hi[i])
			sc->hi[i] = r->s[i];
	}
}

double feature_scale_apply(const struct feature_scale *sc, int f, double x)
{
	double lo = sc->lo[f], hi = sc->hi[f];
	if (!(hi > lo))
		return 0;
	if (x == lo)
		return 0;
	if (x == hi)
		return 1;
	return (x - lo) / (hi - lo);
}

void features_assemble(const struct feature_raw *r, const struct feature_scale *sc, struct fvec *out)
{
	fvec_clear(out);
	for (int i = 0; i < FS_COUNT; i++) {
		double v = feature_scale_apply(sc, i, r->s[i]);
		if (v != 0)
			fvec_push(out, i + 1, v, struct_groups[i]);
	}
	fvec_append(out, &r->sparse);
}

/* ---- extraction ---- */

struct features {
	struct feature_layout layout;
	struct textnorm *tn;
	struct token_list tokens;
	struct strbuf key;
	uint64_t *h;                /* bucket << 8 | group, see add_hashed() */
	size_t n_h, alloc_h;
	double *delays_bot, *delays_op;
	size_t alloc_delays;
};

struct features *features_new(const struct feature_layout *l)
{
	struct features *f = xcalloc(1, sizeof(*f));
	f->layout = *l;
	f->tn = textnorm_new();
	if (!f->tn) {
		free(f);
		error("cannot start the word stemmers");
		return NULL;
	}
	strbuf_init(&f->key, 0);
	return f;
}

void features_free(struct features *f)
{
	if (!f)
		return;
	textnorm_free(f->tn);
	token_list_release(&f->tokens);
	strbuf_release(&f->key);
	free(f->h);
	free(f->delays_bot);
	free(f->delays_op);
	free(f);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double features_median(double *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The bucket of a key whose hash64 work so far is h. */
static uint32_t bucket_of(const struct features *f, uint64_t h)
{
	return (uint32_t)(hash64_final(h) & (((uint64_t)1 << f->layout.hash_bits) - 1));
}

/* Entries are kept as one number, bucket above group, so that sorting the
 * numbers sorts by bucket, then group. */
static void add_hashed(struct features *f, uint32_t bucket, enum feature_group g)
{
	ALLOC_GROW(f->h, f->n_h, f->alloc_h);
	f->h[f->n_h++] = (uint64_t)bucket << 8 | (unsigned char)g;
}

/* One hashed key: prefix, then the stem. */
static void add_key(struct features *f, const char *prefix, const char *stem, size_t len,
		    enum feature_group g)
{
	uint64_t h = hash64_update(f->layout.seed, prefix, strlen(prefix));
	add_hashed(f, bucket_of(f, hash64_update(h, stem, len)), g);
}

/* Where a turn sits among its speaker's turns: the opening and the closing
 * turns carry much of a negotiation's outcome, which counts over the whole
 * dialogue dilute.  rank counts from 0 at the speaker's first turn. */
struct turn_pos { size_t rank, of; };

/* The shape of a token with digits: "#num" (digits only: a quantity, a
 * time, a phone number) or "#code" (digits and letters: a reference, an
 * order or a booking number).  Each code is a word of its own that never
 * comes twice; its shape says that one was given, and how often, which on
 * booking dialogues tells a made booking from a failed one. */
static const char *token_shape(const struct token *tk)
{
	int digits = 0;
	if (tk->is_number)
		return "#num";
	for (size_t i = 0; i < tk->word_len; i++)
		if (tk->word[i] >= '0' && tk->word[i] <= '9')
			digits = 1;
	return digits ? "#code" : NULL;
}

/* Unigrams and bigrams of one turn, keyed "c stem" / "c stem1 stem2", and
 * its words again keyed by position: "cF stem" in the speaker's first
 * FEATURES_EDGE_TURNS turns, "cL stem" in its last.  The position keys hash
 * into the words block with the speaker's group and record no stem for the
 * reasons: a client one is never named (model_explain.c names only cue
 * words through the plain unigrams), a staff one joins "what the bot and
 * operators said".  A token with digits comes again as its shape, "c #num"
 * or "s #code" (token_shape()).  (Bigrams across adjacent turns were
 * measured too, and dropped: no gain on any set, docs/model.md.) */
static void hash_turn(struct features *f, const struct turn *t, const struct token_list *toks,
		      struct turn_pos pos, struct feature_raw *out)
{
	int client = t->speaker == SPEAKER_CLIENT;
	const char *prefix = client ? "c " : "s ";
	enum feature_group g = client ? FG_WORDS_CLIENT : FG_WORDS_STAFF;
	/* keys "c stem" and "c stem next": the bigram goes on from the unigram */
	uint64_t h0 = hash64_update(f->layout.seed, prefix, 2);
	const char *edge = NULL, *shape;
	size_t n;
	if (!toks) {
		textnorm_tokens(f->tn, t->text, &f->tokens);
		toks = &f->tokens;
	}
	n = toks->n;
	if (pos.rank < FEATURES_EDGE_TURNS)
		edge = client ? "cF " : "sF ";
	else if (pos.rank + FEATURES_EDGE_TURNS >= pos.of)
		edge = client ? "cL " : "sL ";
	for (size_t i = 0; i < n; i++) {
		const struct token *tk = &toks->items[i];
		uint64_t h = hash64_update(h0, tk->stem, tk->stem_len);
		uint32_t b = bucket_of(f, h);
		add_hashed(f, b, g);
		if (client)
			raw_add_stem(out, text_base() + 1 + (int)b, tk->stem);
		if (edge)
			add_key(f, edge, tk->stem, tk->stem_len, g);
		if ((shape = token_shape(tk)))
			add_key(f, prefix, shape, strlen(shape), g);
		if (i + 1 < n) {
			const struct token *next = &toks->items[i + 1];
			h = hash64_update(h, " ", 1);
			add_hashed(f, bucket_of(f, hash64_update(h, next->stem, next->stem_len)), g);
		}
	}
	if (client)
		out->s[FS_CLIENT_WORDS] += (double)n;
}

/* Sorted buckets into 1+log(tf) values, then length FEATURES_WORDS_NORM. */
static void words_block(struct features *f, struct feature_raw *out)
{
	size_t first = out->sparse.n;
	double norm = 0;
	sort_u64(f->h, f->n_h);
	for (size_t i = 0; i < f->n_h;) {
		size_t j = i;
		uint64_t bucket = f->h[i] >> 8;
		double v;
		while (j < f->n_h && f->h[j] >> 8 == bucket)
			j++;
		/* most words come once, and log(1) is 0: no call for them */
		v = j - i == 1 ? 1 : 1 + log((double)(j - i));
		fvec_push(&out->sparse, text_base() + 1 + (int)bucket, v, (int)(f->h[i] & 0xff));
		norm += v * v;
		i = j;
	}
	norm = sqrt(norm) / FEATURES_WORDS_NORM;
	if (norm > 0)
		for (size_t i = first; i < out->sparse.n; i++)
			out->sparse.value[i] /= norm;
}

struct pc_key { uint32_t bucket; unsigned char group; };

static int cmp_pc_key(const void *a, const void *b)
{
	const struct pc_key *x = a, *y = b;
	return x->bucket != y->bucket ? (x->bucket < y->bucket ? -1 : 1) : (int)x->group - (int)y->group;
}

/* Page, channel and up to 6 downloaded items as hashed one-hot entries: the
 * item matters (a price list says more than a manual), its count is a figure. */
static void page_channel(struct features *f, const struct dialogue *d, struct feature_raw *out)
{
	struct pc_key k[8];
	int n = 0;
	const char *parts[2][2] = { { "page=", d->page }, { "channel=", d->channel } };
	for (int i = 0; i < 2; i++) {
		if (!parts[i][1] || !*parts[i][1])
			continue;
		strbuf_reset(&f->key);
		strbuf_adds(&f->key, parts[i][0]);
		strbuf_adds(&f->key, parts[i][1]);
		k[n].bucket = (uint32_t)(hash64(f->key.buf, f->key.len, f->layout.seed) % FEATURES_PC_BUCKETS);
		k[n++].group = FG_PAGE_CHANNEL;
	}
	for (size_t i = 0; i < d->n_events && n < 8; i++) {
		const struct event *e = &d->events[i];
		if (strcmp(e->type, "download") || !e->item || !*e->item)
			continue;
		strbuf_reset(&f->key);
		strbuf_adds(&f->key, "download=");
		strbuf_adds(&f->key, e->item);
		k[n].bucket = (uint32_t)(hash64(f->key.buf, f->key.len, f->layout.seed) % FEATURES_PC_BUCKETS);
		k[n++].group = FG_DOWNLOADS;
	}
	qsort(k, (size_t)n, sizeof(k[0]), cmp_pc_key);
	for (int i = 0; i < n; i++) {
		if (i && k[i].bucket == k[i - 1].bucket)
			continue;
		fvec_push(&out->sparse, FS_COUNT + 1 + (int)k[i].bucket, 1.0, k[i].group);
	}
}

static void turn_figures(struct features *f, const struct dialogue *d, struct feature_raw *out)
{
	size_t nb = 0, no = 0;
	if (f->alloc_delays < d->n_turns + 1) {
		f->alloc_delays = d->n_turns + 1;
		f->delays_bot = xrealloc(f->delays_bot, f->alloc_delays * sizeof(double));
		f->delays_op = xrealloc(f->delays_op, f->alloc_delays * sizeof(double));
	}
	for (size_t i = 0; i < d->n_turns; i++) {
		const struct turn *t = &d->turns[i];
		const struct turn *prev = i ? &d->turns[i - 1] : NULL;
		switch (t->speaker) {
		case SPEAKER_CLIENT:
			out->s[FS_CLIENT_TURNS]++;
			if (t->text && strchr(t->text, '?'))
				out->s[FS_CLIENT_QUESTIONS]++;
			break;
		case SPEAKER_BOT: out->s[FS_BOT_TURNS]++; break;
		case SPEAKER_OPERATOR: out->s[FS_OPERATOR_TURNS]++; break;
		default: break;
		}
		/* a reply delay: the first staff turn after a client turn */
		if (prev && prev->speaker == SPEAKER_CLIENT && t->has_at && prev->has_at) {
			double delay = (double)(t->at - prev->at);
			if (delay < 0)
				delay = 0;
			if (t->speaker == SPEAKER_BOT)
				f->delays_bot[nb++] = delay;
			else if (t->speaker == SPEAKER_OPERATOR)
				f->delays_op[no++] = delay;
		}
	}
	out->s[FS_BOT_DELAY] = log1p(features_median(f->delays_bot, nb));
	out->s[FS_OPERATOR_DELAY] = log1p(features_median(f->delays_op, no));
}

static void duration(const struct dialogue *d, struct feature_raw *out)
{
	int64_t first = 0, last = 0;
	int have = 0;
	if (d->has_started) {
		first = last = d->started;
		have = 1;
	}
	for (size_t i = 0; i < d->n_turns; i++) {
		if (!d->turns[i].has_at)
			continue;
		if (!have || d->turns[i].at < first)
			first = d->turns[i].at;
		if (!have || d->turns[i].at > last)
			last = d->turns[i].at;
		have = 1;
	}
	if (d->has_ended && have && d->ended > last)
		last = d->ended;
	out->s[FS_DURATION] = have && last > first ? log1p((double)(last - first)) : 0;
}

static void event_figures(const struct dialogue *d, struct feature_raw *out)
{
	int handoff_seen = 0;
	for (size_t i = 0; i < d->n_events; i++) {
		const struct event *e = &d->events[i];
		if (!strcmp(e->type, "handoff") && !handoff_seen) {
			handoff_seen = 1;
			out->s[FS_HANDOFF] = 1;
			out->s[FS_HANDOFF_POS] = d->n_turns ? (double)e->after_turn / (double)d->n_turns : 0;
		} else if (!strcmp(e->type, "download")) {
			if (!out->n_downloads++ && e->item)
				copy_fit_utf8(out->first_download, sizeof(out->first_download), e->item);
		} else if (!strcmp(e->type, "form")) {
			out->s[FS_FORMS]++;
		} else if (!strcmp(e->type, "call")) {
			out->s[FS_CALLS]++;
		}
	}
	out->s[FS_DOWNLOADS] = out->n_downloads;
}

/* The findings, and the tags they were derived from: whether a problem was
 * stated and solved, how many offers and asks for a human came. */
static void detector_figures(const struct detect_result *det, struct feature_raw *out)
{
	out->s[FS_PREMATURE] = det->has[FINDING_PREMATURE_CROSS_SELL] ? 1 : 0;
	out->s[FS_MISSED] = det->has[FINDING_MISSED_ESCALATION] ? 1 : 0;
	out->s[FS_CONTEXT_LOST] = det->has[FINDING_CONTEXT_LOST] ? 1 : 0;
	out->s[FS_RESOLVED] = det->problem_resolved_turn > 0 ? 1 : 0;
	for (size_t i = 0; i < det->n_tags; i++) {
		switch (det->tags[i].tag) {
		case TAG_PROBLEM_STATED: out->s[FS_PROBLEM] = 1; break;
		case TAG_CROSS_SELL_OFFER: out->s[FS_OFFERS]++; break;
		case TAG_ESCALATION_REQUEST: out->s[FS_ESCALATION_ASKS]++; break;
		default: break;
		}
	}
	out->s[FS_OFFERS] = log1p(out->s[FS_OFFERS]);
	out->s[FS_ESCALATION_ASKS] = log1p(out->s[FS_ESCALATION_ASKS]);
}

int features_extract(struct features *f, const struct dialogue *d, const struct detect_result *det,
		     int prior_contacts, const struct token_list *turn_tokens, struct feature_raw *out)
{
	feature_raw_clear(out);
	f->n_h = 0;
	turn_figures(f, d, out);
	event_figures(d, out);
	duration(d, out);
	if (det)
		detector_figures(det, out);
	out->s[FS_REPEAT] = log1p(prior_contacts > 0 ? prior_contacts : 0);
	out->s[FS_HAS_CONTACT] = d->has_contact ? 1 : 0;
	out->s[FS_HAS_PHONE] = d->phone && *d->phone ? 1 : 0;
	out->s[FS_HAS_EMAIL] = d->email && *d->email ? 1 : 0;
	out->s[FS_CLIENT_WORDS] = 0;
	page_channel(f, d, out);
	{
		/* turns per speaker class, then each turn's rank within its class */
		size_t total[2] = { 0, 0 }, seen[2] = { 0, 0 };
		for (size_t i = 0; i < d->n_turns; i++)
			total[d->turns[i].speaker == SPEAKER_CLIENT]++;
		for (size_t i = 0; i < d->n_turns; i++) {
			int c = d->turns[i].speaker == SPEAKER_CLIENT;
			struct turn_pos pos = { seen[c]++, total[c] };
			hash_turn(f, &d->turns[i], turn_tokens ? &turn_tokens[i] : NULL, pos, out);
		}
	}
	out->s[FS_CLIENT_WORDS] = log1p(out->s[FS_CLIENT_WORDS]);
	words_block(f, out);
	return 0;
}
