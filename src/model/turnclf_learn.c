/* turnclf_learn.c — learning the turn classifiers: per tag, a LIBLINEAR
 * logistic regression cross-validated (folds grouped by dialogue, or by the
 * source a dialogue id names) against the lexicon on the trainers' labels,
 * kept only where it beats the lexicon; the models, their heads and
 * turnclf-cv.txt are written to the model folder. */
#include "compat.h"
#include "turnclf_learn.h"
#include "safefile.h"
#include "db.h"
#include "dialogue_store.h"
#include "eval.h"
#include "learner.h"
#include "turnclf_impl.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Logistic regression: a dot product and a sigmoid per turn, and its
 * solver is deterministic, so one input gives one model.  Rows end with the
 * bias column turnclf_dim() + 1. */
static struct learner *fit(struct learner_node *const *x, const double *y, size_t n)
{
	struct learner_params p;
	memset(&p, 0, sizeof(p));
	p.liblinear = 1;
	p.c = 1;
	p.n_features = turnclf_dim() + 1;
	p.who = "turn classifier";
	return learner_fit(&p, x, y, n);
}

struct problem {
	int l;
	double *y;
	struct learner_node **x;
};

/* Every labeled turn of the sampled dialogues, features computed once and
 * shared by the tags: x[i] points into pool once collection is over. */
struct samples {
	struct learner_node *pool;
	size_t n_pool, alloc_pool;
	size_t *off;
	int *fold;
	int n_folds;
	unsigned *truth, *lex;          /* bit sets of tags */
	size_t n, alloc, alloc_fold, alloc_truth, alloc_lex;
	struct learner_node **x;
	long n_dialogues;
	char **ids;                     /* sampled dialogues, in sample order */
	int *origin;                    /* ... and the database each came from */
	size_t alloc_origin;
	size_t *first;                  /* index of each one's first turn */
	size_t alloc_ids, alloc_first;
};

static void samples_release(struct samples *sm)
{
	for (long i = 0; i < sm->n_dialogues; i++)
		free(sm->ids[i]);
	free(sm->ids);
	free(sm->origin);
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
	size_t need = sm->n_pool + v->n + 2;
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
	sm->pool[sm->n_pool].index = turnclf_dim() + 1;       /* bias */
	sm->pool[sm->n_pool++].value = 1;
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
			     const struct detect_result *r, int fold, int origin)
{
	ALLOC_GROW(sm->ids, (size_t)sm->n_dialogues, sm->alloc_ids);
	ALLOC_GROW(sm->origin, (size_t)sm->n_dialogues, sm->alloc_origin);
	sm->origin[sm->n_dialogues] = origin;
	ALLOC_GROW(sm->first, (size_t)sm->n_dialogues, sm->alloc_first);
	sm->ids[sm->n_dialogues] = xstrdup(d->id);
	sm->first[sm->n_dialogues] = sm->n;
	ALLOC_GROW(s->bits, d->n_turns, s->alloc_bits);
	turnclf_tag_bits(r, d->n_turns, s->bits);
	turnclf_prepare(s, d, NULL);
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

/* The source of a dialogue: its id without the trailing "-NNNN" ("rw-tel"
 * of "rw-tel-0042"), the unit of folds when learning by source. */
#define MAX_SOURCES 64
struct sources {
	char name[MAX_SOURCES][64];
	int n;
};

static int source_fold(struct sources *src, const char *id)
{
	const char *dash = strrchr(id, '-');
	size_t len = dash ? (size_t)(dash - id) : strlen(id);
	if (len >= sizeof(src->name[0]))
		len = sizeof(src->name[0]) - 1;
	for (int i = 0; i < src->n; i++)
		if (strlen(src->name[i]) == len && !strncmp(src->name[i], id, len))
			return i;
	if (src->n == MAX_SOURCES)
		return (int)(hash64(id, len, HASH64_SEED) % MAX_SOURCES);
	memcpy(src->name[src->n], id, len);
	src->name[src->n][len] = 0;
	return src->n++;
}

/* Where labeled dialogues come from: the database, and the shipped seed. */
#define MAX_ORIGINS 2
struct origin {
	sqlite3 *db;
	struct eval_labels l;
};

static int collect(struct origin *org, int n_org, const struct turnclf_learn_options *o,
		   const struct detector *det, struct detect_scratch *ds, struct samples *sm)
{
	long max = o->max_turns > 0 ? o->max_turns : 6000, total = 0;
	int folds = o->folds > 1 ? o->folds : 5, ret = -1, rc;
	double keep;
	struct turnclf_scratch *s = NULL;
	struct dialogue_cursor *cur = NULL;
	struct detect_result r;
	struct dialogue d;
	struct sources *src = xcalloc(1, sizeof(*src));
	memset(&r, 0, sizeof(r));
	dialogue_init(&d);
	for (int k = 0; k < n_org; k++) {
		long t = labeled_turn_total(org[k].db, &org[k].l);
		if (t < 0)
			goto out;
		total += t;
	}
	keep = total > max ? (double)max / (double)total : 1.0;
	if (keep < 1.0)
		info("turn classifiers: %ld labeled turns, learning from a sample of about %ld "
		     "(whole dialogues)", total, max);
	s = turnclf_scratch_new();
	if (!s)
		goto out;
	for (int k = 0; k < n_org; k++) {
		cur = dialogue_cursor_open(org[k].db, "d.id IN (SELECT dialogue_id FROM label_turns)");
		if (!cur)
			goto out;
		while ((rc = dialogue_cursor_next(cur, &d)) == 1) {
			const struct eval_labeled *ld = eval_labels_find(&org[k].l, d.id);
			if (!ld || !has_turn_labels(ld) || !sampled(d.id, keep))
				continue;
			/* a seed dialogue the trainers also loaded counts once */
			if (k > 0 && eval_labels_find(&org[0].l, d.id))
				continue;
			if (detector_run(det, ds, &d, &r)) {
				error("cannot judge dialogue '%s'", d.id);
				goto out;
			}
			dialogue_samples(sm, s, &d, ld, &r, o->by_source ? source_fold(src, d.id) :
					 (int)(hash64(d.id, strlen(d.id), 0x9e3779b97f4a7c15ULL) % (uint64_t)folds),
					 k);
		}
		dialogue_cursor_close(cur);
		cur = NULL;
		if (rc < 0)
			goto out;
	}
	sm->n_folds = folds;
	if (o->by_source && src->n >= 2) {
		sm->n_folds = src->n > MAX_SOURCES ? MAX_SOURCES : src->n;
		info("turn classifiers: %d folds, one per source (each held out in turn)", sm->n_folds);
	} else if (o->by_source) {
		/* one source only: there is no unseen wording to hold out */
		info("turn classifiers: one source only, %d folds by dialogue", folds);
		for (long j = 0; j < sm->n_dialogues; j++) {
			size_t end = j + 1 < sm->n_dialogues ? sm->first[j + 1] : sm->n;
			int f = (int)(hash64(sm->ids[j], strlen(sm->ids[j]), 0x9e3779b97f4a7c15ULL) % (uint64_t)folds);
			for (size_t i = sm->first[j]; i < end; i++)
				sm->fold[i] = f;
		}
	}
	sm->x = xcalloc(sm->n ? sm->n : 1, sizeof(*sm->x));
	for (size_t i = 0; i < sm->n; i++)
		sm->x[i] = sm->pool + sm->off[i];
	ret = 0;
out:
	dialogue_cursor_close(cur);
	dialogue_release(&d);
	detect_result_release(&r);
	turnclf_scratch_free(s);
	free(src);
	return ret;
}

/* A problem over the samples for which want(fold) holds, labels of tag t. */
static void build_problem(const struct samples *sm, enum turn_tag t, int fold, int train,
			  struct problem *p, size_t *idx)
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

static int two_classes(const struct problem *p)
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
	struct problem p;
	size_t *idx = xmalloc((sm->n ? sm->n : 1) * sizeof(*idx));
	int ret = 0;
	p.y = xmalloc((sm->n ? sm->n : 1) * sizeof(*p.y));
	p.x = xmalloc((sm->n ? sm->n : 1) * sizeof(*p.x));
	for (size_t i = 0; i < sm->n; i++)
		oof[i] = -1;
	for (int f = 0; f < folds && !ret; f++) {
		struct learner *m;
		build_problem(sm, t, f, 1, &p, NULL);
		if (!two_classes(&p))
			continue;
		m = fit(p.x, p.y, (size_t)p.l);
		if (!m) {
			ret = -1;
			break;
		}
		build_problem(sm, t, f, 0, &p, idx);
		for (int i = 0; i < p.l; i++)
			oof[idx[i]] = learner_probability(m, p.x[i]);
		learner_free(m);
	}
	free(p.x);
	free(p.y);
	free(idx);
	return ret;
}

static struct eval_counts rule_counts(const struct samples *sm, enum turn_tag t, const double *oof,
				      enum turnclf_rule rule, double thr)
{
	struct eval_counts c = { 0, 0, 0, 0 };
	for (size_t i = 0; i < sm->n; i++) {
		int lex = (sm->lex[i] >> t) & 1;
		int det = oof[i] < 0 ? lex : turnclf_combine(rule, lex, oof[i], thr);
		eval_counts_add(&c, det, (sm->truth[i] >> t) & 1);
	}
	return c;
}

static double rule_f1(const struct samples *sm, enum turn_tag t, const double *oof,
		      enum turnclf_rule rule, double thr)
{
	struct eval_counts c = rule_counts(sm, t, oof, rule, thr);
	return eval_f1(&c);
}

static double classifier_f1(const struct samples *sm, enum turn_tag t, const double *oof)
{
	struct eval_counts c = { 0, 0, 0, 0 };
	for (size_t i = 0; i < sm->n; i++)
		eval_counts_add(&c, oof[i] >= 0.5, (sm->truth[i] >> t) & 1);
	return eval_f1(&c);
}

static const double or_thresholds[] = { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };
static const double and_thresholds[] = { 0.05, 0.1, 0.2, 0.3, 0.5 };
static const double alone_thresholds[] = { 0.2, 0.3, 0.4, 0.5, 0.6 };

/* Smoothed F1 within this of the best counts as a tie (turnclf_pick()):
 * the simpler rule wins it, then the more precise candidate, since a report
 * whose alarms are often wrong stops being read. */
#define F1_TIE 0.01

/* Picks the rule on the pooled out-of-fold predictions (turnclf_pick()). */
static void choose_rule(const struct samples *sm, enum turn_tag t, const double *oof,
			double margin, struct turnclf_tag_cv *cv)
{
	static const struct { enum turnclf_rule rule; const double *thr; size_t n; } grid[] = {
		{ TURNCLF_OR, or_thresholds, sizeof(or_thresholds) / sizeof(*or_thresholds) },
		{ TURNCLF_AND, and_thresholds, sizeof(and_thresholds) / sizeof(*and_thresholds) },
		{ TURNCLF_ALONE, alone_thresholds, sizeof(alone_thresholds) / sizeof(*alone_thresholds) },
	};
	struct turnclf_candidate c[32];
	size_t n = 0, pick;
	cv->f1_lexicon = rule_f1(sm, t, oof, TURNCLF_LEXICON, 0);
	cv->f1_classifier = classifier_f1(sm, t, oof);
	for (size_t g = 0; g < sizeof(grid) / sizeof(*grid); g++)
		for (size_t i = 0; i < grid[g].n && n < sizeof(c) / sizeof(*c); i++, n++) {
			struct eval_counts k = rule_counts(sm, t, oof, grid[g].rule, grid[g].thr[i]);
			c[n].rule = grid[g].rule;
			c[n].thr = grid[g].thr[i];
			c[n].f1 = eval_f1(&k);
			c[n].precision = eval_precision(&k);
		}
	pick = turnclf_pick(c, n, F1_TIE);
	cv->f1_combined = c[pick].f1;
	cv->rule = c[pick].f1 > cv->f1_lexicon + margin ? c[pick].rule : TURNCLF_LEXICON;
	cv->threshold = cv->rule == TURNCLF_LEXICON ? 0 : c[pick].thr;
}

static int write_head(const char *dir, const struct turnclf_tag_cv *cv)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	char when[21];
	int ret;
	format_time(now_epoch(), when);
	strbuf_addf(&text, "leadqa-turnclf 1\nlayout %d\nengine liblinear\nhash_bits %d\ntag %s\nrule %s\n"
		    "threshold %.3f\ncv_f1_lexicon %.4f\ncv_f1_combined %.4f\nn_pos %ld\nn_neg %ld\n"
		    "n_used %ld\ntrained_at %s\n", TURNCLF_LAYOUT, TURNCLF_HASH_BITS,
		    turn_tag_name(cv->tag), turnclf_rule_name(cv->rule), cv->threshold,
		    cv->f1_lexicon, cv->f1_combined, cv->n_pos, cv->n_neg, cv->n_used, when);
	turnclf_path(&path, dir, cv->tag, "head");
	ret = safe_write_atomic(path.buf, text.buf, text.len);
	strbuf_release(&text);
	strbuf_release(&path);
	return ret;
}

/* The model on every sample, written beside its final name and renamed. */
static int write_model(const char *dir, const struct samples *sm, enum turn_tag t)
{
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT, text = STRBUF_INIT;
	struct problem p;
	struct learner *m = NULL;
	int ret = -1, fd = -1;
	p.y = xmalloc((sm->n ? sm->n : 1) * sizeof(*p.y));
	p.x = xmalloc((sm->n ? sm->n : 1) * sizeof(*p.x));
	build_problem(sm, t, -1, 1, &p, NULL);
	m = fit(p.x, p.y, (size_t)p.l);
	if (!m)
		goto out;
	turnclf_path(&path, dir, t, "model");
	/* libsvm writes only to a path: to a file in memory, then atomically
	 * into place through the one exclusive writer (safefile.h). */
	fd = safe_memfile(&tmp);
	if (fd < 0)
		goto out;
	if (learner_save(m, tmp.buf)) {
		error("cannot write the turn classifier '%s'", path.buf);
		goto out;
	}
	if (safe_memfile_read(fd, &text) || safe_write_atomic(path.buf, text.buf, text.len))
		goto out;
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&text);
	learner_free(m);
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
	turnclf_path(&path, dir, t, "head");
	if (unlink(path.buf) && errno != ENOENT)
		ret = error("cannot remove '%s': %s", path.buf, strerror(errno));
	turnclf_path(&path, dir, t, "model");
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
	ret = safe_write_atomic(path.buf, text.buf, text.len);
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
		r = turnclf_rule_from_name(rule);
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
	int folds = sm->n_folds;
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
	struct origin *org;
	const struct detector *det;
	struct detect_scratch *ds;
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
			now = turnclf_combine(cv[t].rule, lex, p, cv[t].threshold);
			if (now == lex)
				continue;
			if (now)
				turnclf_add_tag(&fp->r, (int)i + 1, (enum turn_tag)t, p);
			else
				turnclf_remove_tag(&fp->r, (int)i + 1, (enum turn_tag)t);
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
		const struct origin *og = &fp->org[fp->sm->origin[j]];
		const struct eval_labeled *ld = eval_labels_find(&og->l, fp->sm->ids[j]);
		int rc = dialogue_load(og->db, fp->sm->ids[j], &fp->d);
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

#define FINDING_TIE 0.002

/* Forward selection over the tags that won on their own turns: starting
 * from the lexicon, add the classifier that raises the findings' F1 most
 * without lowering any finding, until none does; all of them together
 * replaces that choice when it does better.  The others are dropped. */
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
		/* a learned act that ties keeps its place: the lexicons were
		 * written against wording like the trainers' so far, the acts
		 * generalize to wording neither has seen (FINDING_TIE) */
		double best_sum = f1_sum(comb) - FINDING_TIE;
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
	/* Acts work together (an offer is premature only against a stated
	 * problem): one at a time can miss a pair that wins together, so every
	 * candidate at once is tried as well. */
	{
		struct turnclf_tag_cv every[TAG_COUNT];
		for (int t = 0; t < TAG_COUNT; t++) {
			every[t] = cv->tag[t];
			if (!candidate[t])
				every[t].rule = TURNCLF_LEXICON;
		}
		if (run_finding_pass(fp, every, tl, tc))
			return -1;
		if (!findings_worse(tc, lex, margin) && f1_sum(tc) > f1_sum(comb) + 1e-9) {
			memcpy(trial, every, sizeof(trial));
			memcpy(comb, tc, sizeof(comb));
		}
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

/* keep_all: a learned tag that lost keeps its model too, under a head whose
 * rule is "lexicon" (inactive), so that the classifier alone can be
 * compared (turnclf_use_alone()). */
static int write_all(const char *dir, const struct samples *sm, const struct turnclf_cv *cv, int keep_all)
{
	if (mkdir_p(dir))
		return error("cannot create '%s'", dir);
	for (int t = 0; t < TAG_COUNT; t++) {
		if (cv->tag[t].rule == TURNCLF_LEXICON && !(keep_all && cv->tag[t].learned)) {
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
	struct origin org[MAX_ORIGINS];
	int n_org = o->seed_db ? 2 : 1;
	struct samples sm;
	struct finding_pass fp;
	struct detector *det = NULL;
	struct detect_scratch *ds = NULL;
	double *oof = NULL;
	int ret = -1;
	memset(org, 0, sizeof(org));
	org[0].db = db;
	org[1].db = o->seed_db;
	memset(&sm, 0, sizeof(sm));
	memset(&fp, 0, sizeof(fp));
	dialogue_init(&fp.d);
	memset(cv, 0, sizeof(*cv));
	det = detector_load(o->lexicon_dir ? o->lexicon_dir : dir);
	if (!det)
		goto out;
	ds = detect_scratch_new();
	if (eval_labels_load(db, o->glob, &org[0].l) ||
	    (o->seed_db && eval_labels_load(o->seed_db, NULL, &org[1].l)) ||
	    collect(org, n_org, o, det, ds, &sm))
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
	fp.org = org, fp.det = det, fp.ds = ds, fp.sm = &sm, fp.oof = oof;
	if (check_findings(&fp, cv, o->margin > 0 ? o->margin : 0.005))
		goto out;
	ret = o->dry_run ? 0 : write_all(dir, &sm, cv, o->keep_all);
out:
	detect_result_release(&fp.r);
	dialogue_release(&fp.d);
	free(oof);
	samples_release(&sm);
	for (int k = 0; k < MAX_ORIGINS; k++)
		eval_labels_release(&org[k].l);
	detect_scratch_free(ds);
	detector_free(det);
	return ret;
}
