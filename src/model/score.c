/* score.c — the scoring stage and the training set (see score.h). */
#include "compat.h"
#include "score.h"
#include "db.h"
#include "deal_summary.h"
#include "dialogue.h"
#include "dialogue_store.h"
#include "progress.h"
#include "shortform.h"
#include "util.h"

#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCORE_BATCH 128

void score_settings_init(struct score_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->model_dir = "models";
	s->lexicon_dir = "models";
	s->threads = 2;
	s->per_txn = 5000;
	s->explain = 1;
	s->lang = -1;
	outcome_settings_init(&s->outcome);
}

const char *score_grade(int lead_score)
{
	return lead_score >= 75 ? "A" : lead_score >= 50 ? "B" : lead_score >= 25 ? "C" : "D";
}

static int is_model_name(const char *name)
{
	return starts_with(name, "lq-") && ends_with(name, ".model");
}

char *score_newest_model(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *best = NULL;
	struct strbuf sb = STRBUF_INIT;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (!is_model_name(e->d_name))
			continue;
		if (!best || strcmp(e->d_name, best) > 0) {
			free(best);
			best = xstrdup(e->d_name);
		}
	}
	closedir(d);
	if (!best)
		return NULL;
	strbuf_addf(&sb, "%s/%s", dir, best);
	free(best);
	return strbuf_detach(&sb);
}

/* ---- the per-dialogue pipeline ---- */

struct pipeline {
	const struct detector *det;
	struct detect_scratch *ds;
	const struct turnclf_set *clf;      /* learned turn classifiers, or NULL */
	struct turnclf_scratch *cs;
	struct detect_result dr;
	struct features *fx;
	struct feature_raw raw;
};

struct pipeline *pipeline_new(const struct detector *det, const struct feature_layout *layout)
{
	struct pipeline *p = xcalloc(1, sizeof(*p));
	p->det = det;
	p->fx = features_new(layout);
	if (!p->fx) {
		free(p);
		return NULL;
	}
	if (det)
		p->ds = detect_scratch_new();
	return p;
}

void pipeline_use_classifiers(struct pipeline *p, const struct turnclf_set *clf)
{
	if (!clf || !turnclf_active(clf))
		return;
	p->clf = clf;
	if (!p->cs)
		p->cs = turnclf_scratch_new();
}

void pipeline_free(struct pipeline *p)
{
	if (!p)
		return;
	if (p->ds)
		detect_scratch_free(p->ds);
	turnclf_scratch_free(p->cs);
	detect_result_release(&p->dr);
	features_free(p->fx);
	feature_raw_release(&p->raw);
	free(p);
}

int pipeline_run(struct pipeline *p, const struct dialogue *d, int prior_contacts)
{
	detect_result_clear(&p->dr);
	/* the combined detector: lexicons, then the turn classifiers that eval
	 * found to beat the lexicons alone (none: the lexicons only) */
	if (p->det && turnclf_judge(p->det, p->ds, p->clf, p->cs, d, &p->dr))
		return error("cannot judge dialogue '%s'", d->id);
	return features_extract(p->fx, d, p->det ? &p->dr : NULL, prior_contacts,
				p->det ? detect_tokens(p->ds) : NULL, &p->raw);
}

const struct detect_result *pipeline_findings(const struct pipeline *p) { return &p->dr; }
const struct feature_raw *pipeline_raw(const struct pipeline *p) { return &p->raw; }

/* ---- the training set ---- */

int score_collect_training(sqlite3 *db, const struct detector *det, const struct turnclf_set *clf,
			   const struct outcome_set *os, const struct feature_layout *layout,
			   struct train_set *ts)
{
	struct dialogue_cursor *c = NULL;
	struct pipeline *p = NULL;
	struct dialogue d;
	struct feature_raw *raws = NULL;
	size_t alloc_raw = 0;
	struct progress *pr = NULL;
	long done = 0;
	int rc, ret = -1;

	memset(ts, 0, sizeof(*ts));
	ts->layout = *layout;
	feature_scale_init(&ts->scale);
	dialogue_init(&d);
	p = pipeline_new(det, layout);
	c = dialogue_cursor_open(db, NULL);
	if (!p || !c)
		goto out;
	pipeline_use_classifiers(p, clf);
	pr = progress_start("features", (long)os->n);
	while ((rc = dialogue_cursor_next(c, &d)) == 1) {
		const struct outcome *o = outcome_find(os, d.id);
		progress_update(pr, ++done);
		if (!o || (o->label != LABEL_QUALIFIED && o->label != LABEL_NOT_QUALIFIED))
			continue;
		if (pipeline_run(p, &d, o->prior_contacts))
			goto out;
		if (ts->n >= ts->alloc) {
			ts->alloc = ts->alloc ? ts->alloc * 2 : 256;
			ts->x = xrealloc(ts->x, ts->alloc * sizeof(*ts->x));
			ts->y = xrealloc(ts->y, ts->alloc);
			ts->t = xrealloc(ts->t, ts->alloc * sizeof(*ts->t));
			ts->id = xrealloc(ts->id, ts->alloc * sizeof(*ts->id));
		}
		if (ts->n >= alloc_raw) {
			alloc_raw = ts->alloc;
			raws = xrealloc(raws, alloc_raw * sizeof(*raws));
		}
		/* keep the raw figures; the sparse part is moved, not copied */
		raws[ts->n] = p->raw;
		memset(&p->raw, 0, sizeof(p->raw));
		feature_scale_add(&ts->scale, &raws[ts->n]);
		memset(&ts->x[ts->n], 0, sizeof(ts->x[0]));
		ts->y[ts->n] = o->label == LABEL_QUALIFIED ? 1 : -1;
		ts->t[ts->n] = o->started;
		ts->id[ts->n] = xstrdup(d.id);
		ts->n++;
	}
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < ts->n; i++)
		features_assemble(&raws[i], &ts->scale, &ts->x[i]);
	ret = 0;
out:
	progress_end(pr);
	for (size_t i = 0; raws && i < ts->n; i++)
		feature_raw_release(&raws[i]);
	free(raws);
	dialogue_cursor_close(c);
	pipeline_free(p);
	dialogue_release(&d);
	if (ret)
		train_set_release(ts);
	return ret;
}

/* ---- scoring: results ---- */

struct result {
	char *id;
	char content_hash[33];
	int has_score;
	double p;
	int premature, missed, context_lost;
	struct strbuf factors;
	struct finding *findings;
	size_t n_findings, alloc_findings;
	struct strbuf tags;         /* scores.tags: [[n, tag, cue], ...], "" = none */
	size_t n_tags;
};

struct batch {
	struct dialogue d[SCORE_BATCH];
	int prior[SCORE_BATCH];     /* the customer's earlier dialogues */
	struct result r[SCORE_BATCH];
	int n;
	long seq;
	int state;                  /* FREE, FILLED, WORKING, DONE */
};
enum { SLOT_FREE, SLOT_FILLED, SLOT_WORKING, SLOT_DONE };

struct scoring {
	const struct score_settings *s;
	const struct detector *det;
	const struct turnclf_set *clf;      /* active turn classifiers, or NULL */
	const struct lq_model *model;
	struct feature_layout layout;
	sqlite3 *reader_db;
	const char *where;
	struct batch *slots;
	int n_slots;
	long next_fill, next_work, n_batches;   /* n_batches: -1 until the reader ends */
	int failed;
	long read, skipped_shard;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static void result_clear(struct result *r)
{
	free(r->id);
	r->id = NULL;
	r->has_score = 0;
	r->p = 0;
	strbuf_reset(&r->factors);
	r->n_findings = 0;
	strbuf_reset(&r->tags);
	r->n_tags = 0;
}

static void result_release(struct result *r)
{
	result_clear(r);
	strbuf_release(&r->factors);
	free(r->findings);
	strbuf_release(&r->tags);
}

static int in_shard(const struct score_settings *s, const char *id)
{
	if (s->shard_n <= 0)
		return 1;
	return hash64(id, strlen(id), HASH64_SEED) % (uint64_t)s->shard_n == (uint64_t)(s->shard_k - 1);
}

static void *reader_main(void *arg)
{
	struct scoring *sc = arg;
	struct prior_reader *prior = prior_reader_open(sc->reader_db);
	struct dialogue_cursor *c = prior ? dialogue_cursor_open(sc->reader_db, sc->where) : NULL;
	int eof = !c, err = !c;
	while (!eof) {
		struct batch *b;
		pthread_mutex_lock(&sc->lock);
		b = &sc->slots[sc->next_fill % sc->n_slots];
		while (b->state != SLOT_FREE && !sc->failed)
			pthread_cond_wait(&sc->cond, &sc->lock);
		pthread_mutex_unlock(&sc->lock);
		if (sc->failed)
			break;
		b->n = 0;
		while (b->n < SCORE_BATCH) {
			int rc = dialogue_cursor_next(c, &b->d[b->n]);
			if (rc <= 0) {
				eof = 1;
				err = rc < 0;
				break;
			}
			sc->read++;
			if (!in_shard(sc->s, b->d[b->n].id)) {
				sc->skipped_shard++;
				continue;
			}
			if ((b->prior[b->n] = prior_reader_get(prior, b->d[b->n].id)) < 0) {
				eof = err = 1;
				break;
			}
			b->n++;
		}
		pthread_mutex_lock(&sc->lock);
		if (b->n > 0) {
			b->seq = sc->next_fill++;
			b->state = SLOT_FILLED;
		}
		pthread_cond_broadcast(&sc->cond);
		pthread_mutex_unlock(&sc->lock);
	}
	dialogue_cursor_close(c);
	prior_reader_close(prior);
	pthread_mutex_lock(&sc->lock);
	if (err)
		sc->failed = 1;
	sc->n_batches = sc->next_fill;
	pthread_cond_broadcast(&sc->cond);
	pthread_mutex_unlock(&sc->lock);
	return NULL;
}

struct worker {
	struct scoring *sc;
	struct pipeline *p;
	struct model_scratch *ms;
	struct fvec x;
};

/* The tags as scores.tags stores them (see db.c): ordered by turn and tag,
 * one entry per (turn, tag), the first cue kept, as the old table's primary
 * key did.  Written here, on a worker, so that the one writer thread only
 * binds it. */
static int tag_before(const struct tagged_turn *a, const struct tagged_turn *b)
{
	return a->n < b->n || (a->n == b->n && a->tag < b->tag);
}

static void encode_tags(const struct detect_result *dr, struct strbuf *out, size_t *n_out)
{
	const struct tagged_turn *order[64], *spare[64], **o = order, **t = spare;
	size_t n = 0, total = dr->n_tags;
	*n_out = 0;
	if (!total)
		return;
	if (total > sizeof(order) / sizeof(order[0])) {
		o = xmalloc(total * sizeof(*o));
		t = xmalloc(total * sizeof(*t));
	}
	for (size_t i = 0; i < total; i++)
		o[i] = &dr->tags[i];
	/* Stable bottom-up merge sort: a dialogue of 100,000 turns has as many
	 * tags, and the insertion sort this replaces was quadratic in them. */
	for (size_t width = 1; width < total; width *= 2) {
		for (size_t lo = 0; lo < total; lo += 2 * width) {
			size_t mid = lo + width < total ? lo + width : total;
			size_t hi = lo + 2 * width < total ? lo + 2 * width : total;
			size_t a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				t[k++] = tag_before(o[b], o[a]) ? o[b++] : o[a++];
			while (a < mid)
				t[k++] = o[a++];
			while (b < hi)
				t[k++] = o[b++];
		}
		const struct tagged_turn **swap = o;
		o = t;
		t = swap;
	}
	/* one entry per (turn, tag): the first, which the stable sort kept first */
	for (size_t i = 0; i < total; i++)
		if (!n || o[n - 1]->n != o[i]->n || o[n - 1]->tag != o[i]->tag)
			o[n++] = o[i];
	strbuf_addch(out, '[');
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(out, i ? ",[" : "[");
		strbuf_add_int(out, o[i]->n);
		strbuf_adds(out, ",\"");
		strbuf_adds(out, turn_tag_name(o[i]->tag));
		strbuf_adds(out, "\",");
		strbuf_add_json_string(out, o[i]->cue);
		strbuf_addch(out, ']');
	}
	strbuf_addch(out, ']');
	*n_out = n;
	if (total > sizeof(order) / sizeof(order[0])) {
		free(o);
		free(t);
	}
}

static void copy_findings(struct result *r, const struct detect_result *dr)
{
	/* exactly as many as this dialogue has: a finding is over 1 KB, and
	 * ALLOC_GROW's first 16 in each of the night's results in flight were
	 * a third of scoring's memory */
	if (dr->n_findings > r->alloc_findings) {
		r->alloc_findings = dr->n_findings;
		r->findings = xrealloc(r->findings, r->alloc_findings * sizeof(*r->findings));
	}
	if (dr->n_findings)
		memcpy(r->findings, dr->findings, dr->n_findings * sizeof(*r->findings));
	r->n_findings = dr->n_findings;
	encode_tags(dr, &r->tags, &r->n_tags);
	r->premature = dr->has[FINDING_PREMATURE_CROSS_SELL];
	r->missed = dr->has[FINDING_MISSED_ESCALATION];
	r->context_lost = dr->has[FINDING_CONTEXT_LOST];
}

static int score_one(struct worker *w, const struct dialogue *d, int prior, struct result *r)
{
	const struct scoring *sc = w->sc;
	result_clear(r);
	r->id = xstrdup(d->id);
	copy_fit(r->content_hash, sizeof(r->content_hash), d->content_hash);
	if (pipeline_run(w->p, d, prior))
		return -1;
	copy_findings(r, &w->p->dr);
	if (!sc->model)
		return 0;
	features_assemble(&w->p->raw, model_scale(sc->model), &w->x);
	r->p = model_predict(sc->model, w->ms, &w->x);
	r->has_score = 1;
	if (sc->s->explain)
		model_explain(sc->model, w->ms, &w->x, &w->p->raw, r->p, 3,
			      sc->s->lang >= 0 ? (enum reason_lang)sc->s->lang : reason_lang_of(d),
			      &r->factors);
	return 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct scoring *sc = w->sc;
	for (;;) {
		struct batch *b;
		int fail = 0;
		pthread_mutex_lock(&sc->lock);
		for (;;) {
			b = &sc->slots[sc->next_work % sc->n_slots];
			if (sc->failed || (sc->n_batches >= 0 && sc->next_work >= sc->n_batches)) {
				b = NULL;
				break;
			}
			if (b->state == SLOT_FILLED && b->seq == sc->next_work)
				break;
			pthread_cond_wait(&sc->cond, &sc->lock);
		}
		if (b) {
			b->state = SLOT_WORKING;
			sc->next_work++;
		}
		pthread_mutex_unlock(&sc->lock);
		if (!b)
			break;
		for (int i = 0; i < b->n && !fail; i++)
			fail = score_one(w, &b->d[i], b->prior[i], &b->r[i]);
		pthread_mutex_lock(&sc->lock);
		b->state = SLOT_DONE;
		if (fail)
			sc->failed = 1;
		pthread_cond_broadcast(&sc->cond);
		pthread_mutex_unlock(&sc->lock);
	}
	return NULL;
}

/* ---- scoring: writing ---- */

struct writer {
	sqlite3 *db;            /* where results go */
	int into_main;          /* db is the database scored, not a shard file */
	sqlite3_stmt *old, *put, *del_f, *ins_f;
	struct deal_summary_noter noter;  /* into_main: deals matched to a rescored dialogue */
	const char *version;    /* NULL without a model */
	int64_t now;
	long in_txn, scored, changed, findings;
};

static int writer_open(struct writer *w, sqlite3 *main_db, sqlite3 *out_db)
{
	w->db = out_db;
	w->into_main = out_db == main_db;
	w->old = db_prepare(main_db, "SELECT lead_score, lead_grade, premature, missed, top_factors,"
				     " model_version, changed_at, context_lost FROM scores WHERE dialogue_id = ?");
	w->put = db_prepare(out_db, "INSERT OR REPLACE INTO scores(dialogue_id, content_hash, lead_score,"
				    " lead_grade, probability, premature, missed, context_lost, top_factors,"
				    " model_version, scored_at, changed_at, tags) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
	w->del_f = db_prepare(out_db, "DELETE FROM findings WHERE dialogue_id = ?");
	w->ins_f = db_prepare(out_db, "INSERT INTO findings(dialogue_id, kind, seq, turns, cue, reason_en,"
				      " reason_ru, severity) VALUES(?,?,?,?,?,?,?,?)");
	if (w->into_main && deal_summary_noter_open(&w->noter, out_db))
		return -1;
	return w->old && w->put && w->del_f && w->ins_f ? 0 : -1;
}

static void writer_close(struct writer *w)
{
	sqlite3_finalize(w->old);
	sqlite3_finalize(w->put);
	sqlite3_finalize(w->del_f);
	sqlite3_finalize(w->ins_f);
	deal_summary_noter_close(&w->noter);
}

static int same_text(const unsigned char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return !strcmp((const char *)a, b);
}

/* The previous changed_at when the exported values are unchanged, else now;
 * *had_row tells whether the dialogue was scored before. */
static int64_t changed_at(struct writer *w, const struct result *r, int score, const char *grade,
			  int *changed, int *had_row)
{
	int64_t when = w->now;
	*changed = 1;
	*had_row = 0;
	sqlite3_bind_text(w->old, 1, r->id, -1, SQLITE_STATIC);
	if (sqlite3_step(w->old) == SQLITE_ROW) {
		*had_row = 1;
		int had_score = sqlite3_column_type(w->old, 0) != SQLITE_NULL;
		int same = had_score == r->has_score &&
			   (!had_score || sqlite3_column_int(w->old, 0) == score) &&
			   same_text(sqlite3_column_text(w->old, 1), r->has_score ? grade : NULL) &&
			   sqlite3_column_int(w->old, 2) == r->premature &&
			   sqlite3_column_int(w->old, 3) == r->missed &&
			   sqlite3_column_int(w->old, 7) == r->context_lost &&
			   same_text(sqlite3_column_text(w->old, 4), strbuf_str(&r->factors)) &&
			   same_text(sqlite3_column_text(w->old, 5), w->version);
		if (same) {
			when = sqlite3_column_int64(w->old, 6);
			*changed = 0;
		}
	}
	sqlite3_reset(w->old);
	sqlite3_clear_bindings(w->old);
	return when;
}

static void turns_text(const struct finding *f, char *out, size_t outsz)
{
	size_t len = 0;
	for (int i = 0; i < f->n_turns && len + 12 < outsz; i++) {
		char num[20];
		size_t n = format_int(num, f->turns[i]);
		if (i)
			out[len++] = ',';
		memcpy(out + len, num, n);      /* at most 11 for an int: it fits */
		len += n;
	}
	out[len] = '\0';
}

static int write_result(struct writer *w, const struct result *r)
{
	int score = r->has_score ? (int)lround(100 * r->p) : 0;
	const char *grade = score_grade(score);
	int is_changed, had_row;
	int64_t changed = changed_at(w, r, score, grade, &is_changed, &had_row);
	int seq[FINDING_KINDS] = { 0 };
	sqlite3_stmt *st = w->put;
	db_bind_static(st, 1, r->id);
	shortform_bind_hash(st, 2, r->content_hash);
	db_bind_opt_int(st, 3, score, r->has_score);
	db_bind_static(st, 4, r->has_score ? grade : NULL);
	if (r->has_score)
		sqlite3_bind_double(st, 5, r->p);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int(st, 6, r->premature);
	sqlite3_bind_int(st, 7, r->missed);
	sqlite3_bind_int(st, 8, r->context_lost);
	db_bind_static(st, 9, strbuf_str(&r->factors));
	db_bind_static(st, 10, w->version);
	sqlite3_bind_int64(st, 11, w->now);
	sqlite3_bind_int64(st, 12, changed);
	db_bind_static(st, 13, r->n_tags ? strbuf_str(&r->tags) : NULL);
	if (db_step_done(w->db, st))
		return -1;
	if (is_changed && w->into_main && deal_summary_noter_note(&w->noter, w->db, r->id))
		return -1;
	/* findings are written with their score (here, by merge, and taken
	 * away with it by ingest): a dialogue the database never scored has
	 * none to take away.  A shard file may hold an earlier run's.  The
	 * tags are in the scores row itself. */
	if (had_row || !w->into_main) {
		db_bind_static(w->del_f, 1, r->id);
		if (db_step_done(w->db, w->del_f))
			return -1;
	}
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		char turns[128];
		turns_text(f, turns, sizeof(turns));
		db_bind_static(w->ins_f, 1, r->id);
		db_bind_static(w->ins_f, 2, finding_kind_name(f->kind));
		sqlite3_bind_int(w->ins_f, 3, ++seq[f->kind]);
		db_bind_static(w->ins_f, 4, turns);
		db_bind_static(w->ins_f, 5, f->cue);
		db_bind_static(w->ins_f, 6, f->reason_en);
		db_bind_static(w->ins_f, 7, f->reason_ru);
		sqlite3_bind_double(w->ins_f, 8, f->severity);
		if (db_step_done(w->db, w->ins_f))
			return -1;
		w->findings++;
	}
	w->scored++;
	w->changed += is_changed;
	return 0;
}

/* ---- scoring: the run ---- */

static int prepare_reader(struct scoring *sc, const struct score_settings *s, const char *version)
{
	sqlite3_stmt *st;
	sc->reader_db = db_open_reader(s->db_path);
	if (!sc->reader_db)
		return -1;
	if (s->all) {
		sc->where = NULL;
		return 0;
	}
	/* the version goes through a bound parameter, never into the SQL text */
	if (db_exec(sc->reader_db, "CREATE TEMP TABLE IF NOT EXISTS score_model(version TEXT);"
				   "DELETE FROM temp.score_model"))
		return -1;
	st = db_prepare(sc->reader_db, "INSERT INTO temp.score_model(version) VALUES(?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, version);
	if (db_step_done(sc->reader_db, st)) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	/* The scorer writes a hash as its 16 bytes (shortform.h); a dialogue
	 * row written as hex by hand or by SQL is the same content.  The
	 * second test runs only when the first fails. */
	sc->where = "NOT EXISTS (SELECT 1 FROM scores s WHERE s.dialogue_id = d.id"
		    " AND (s.content_hash = d.content_hash OR s.content_hash = hash_blob(d.content_hash))"
		    " AND s.model_version IS (SELECT version FROM temp.score_model))";
	return 0;
}

static int write_batches(struct scoring *sc, struct writer *w, const struct score_settings *s,
			 struct progress *pr)
{
	long next = 0;
	int ret = 0;
	for (;;) {
		struct batch *b;
		pthread_mutex_lock(&sc->lock);
		for (;;) {
			b = &sc->slots[next % sc->n_slots];
			if (sc->failed || (sc->n_batches >= 0 && next >= sc->n_batches)) {
				b = NULL;
				break;
			}
			if (b->state == SLOT_DONE && b->seq == next)
				break;
			pthread_cond_wait(&sc->cond, &sc->lock);
		}
		pthread_mutex_unlock(&sc->lock);
		if (!b)
			break;
		for (int i = 0; i < b->n && !ret; i++) {
			if (!w->in_txn && db_begin(w->db))
				ret = -1;
			else if (write_result(w, &b->r[i]))
				ret = -1;
			else if (++w->in_txn >= s->per_txn) {
				ret = db_commit(w->db);
				w->in_txn = 0;
			}
		}
		progress_update(pr, w->scored);
		pthread_mutex_lock(&sc->lock);
		b->state = SLOT_FREE;
		next++;
		if (ret)
			sc->failed = 1;
		pthread_cond_broadcast(&sc->cond);
		pthread_mutex_unlock(&sc->lock);
		if (ret)
			break;
	}
	if (!ret && w->in_txn)
		ret = db_commit(w->db);
	if (ret)
		db_rollback(w->db);
	return ret || sc->failed ? -1 : 0;
}

static int run_threads(struct scoring *sc, struct writer *w, const struct score_settings *s)
{
	int nw = s->threads < 1 ? 1 : s->threads > 16 ? 16 : s->threads, started = 0, ret;
	pthread_t reader, th[16];
	struct worker wk[16];
	struct progress *pr = progress_start("score", 0);
	memset(wk, 0, sizeof(wk));
	for (int i = 0; i < nw; i++) {
		wk[i].sc = sc;
		wk[i].p = pipeline_new(sc->det, &sc->layout);
		if (wk[i].p)
			pipeline_use_classifiers(wk[i].p, sc->clf);
		wk[i].ms = sc->model ? model_scratch_new(sc->model) : NULL;
		if (!wk[i].p)
			sc->failed = 1;
	}
	if (pthread_create(&reader, NULL, reader_main, sc)) {
		progress_end(pr);
		return error("cannot start the reader thread");
	}
	for (int i = 0; i < nw; i++)
		if (!pthread_create(&th[started], NULL, worker_main, &wk[started]))
			started++;
	if (!started)
		sc->failed = 1;
	ret = write_batches(sc, w, s, pr);
	pthread_mutex_lock(&sc->lock);
	if (ret)
		sc->failed = 1;
	pthread_cond_broadcast(&sc->cond);
	pthread_mutex_unlock(&sc->lock);
	pthread_join(reader, NULL);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < nw; i++) {
		pipeline_free(wk[i].p);
		model_scratch_free(wk[i].ms);
		fvec_release(&wk[i].x);
	}
	progress_end(pr);
	return ret;
}

/* The model to score with: --model, else the newest in the folder, else
 * none (then *m stays NULL and the dialogues are judged only).  0 or -1. */
static int pick_model(const struct score_settings *s, struct lq_model **m)
{
	const char *dir = s->model_dir ? s->model_dir : "models";
	char *path;
	*m = NULL;
	if (s->model_path) {
		*m = model_load(s->model_path);
		return *m ? 0 : -1;
	}
	path = score_newest_model(dir);
	if (!path) {
		warning("no model in '%s': judging dialogues without lead scores", dir);
		return 0;
	}
	info("score: model %s", path);
	*m = model_load(path);
	free(path);
	return *m ? 0 : -1;
}

int score_run(sqlite3 *db, const struct score_settings *s, struct score_totals *t)
{
	struct scoring sc;
	struct writer w;
	struct detector *det = NULL;
	struct turnclf_set *clf = NULL;
	struct lq_model *model = NULL;
	sqlite3 *out_db = NULL;
	double t0 = mono_seconds();
	int ret = -1;

	memset(t, 0, sizeof(*t));
	memset(&sc, 0, sizeof(sc));
	memset(&w, 0, sizeof(w));
	sc.n_batches = -1;
	if (pick_model(s, &model))
		goto out;
	det = detector_load(s->lexicon_dir ? s->lexicon_dir : "models");
	if (!det)
		goto out;
	clf = turnclf_load(s->model_dir ? s->model_dir : "models");
	if (!clf)
		goto out;
	if (s->shard_n > 0) {
		out_db = db_open(s->out_path);
		if (!out_db)
			goto out;
	}
	if (model) {
		sc.layout = *model_layout(model);
		snprintf(t->model_version, sizeof(t->model_version), "%s", model_version(model));
	} else {
		feature_layout_default(&sc.layout);
	}
	sc.s = s;
	sc.det = det;
	sc.clf = clf;
	sc.model = model;
	sc.n_slots = 2 * (s->threads < 1 ? 1 : s->threads) + 2;
	sc.slots = xcalloc((size_t)sc.n_slots, sizeof(*sc.slots));
	pthread_mutex_init(&sc.lock, NULL);
	pthread_cond_init(&sc.cond, NULL);
	w.version = model ? model_version(model) : NULL;
	w.now = now_epoch();
	if (prepare_reader(&sc, s, w.version) || writer_open(&w, db, out_db ? out_db : db))
		goto cleanup;
	ret = run_threads(&sc, &w, s);
cleanup:
	writer_close(&w);
	for (int i = 0; i < sc.n_slots; i++) {
		for (int j = 0; j < SCORE_BATCH; j++) {
			dialogue_release(&sc.slots[i].d[j]);
			result_release(&sc.slots[i].r[j]);
		}
	}
	free(sc.slots);
	pthread_mutex_destroy(&sc.lock);
	pthread_cond_destroy(&sc.cond);
	db_close(sc.reader_db);
	t->read = sc.read;
	t->skipped_other_shard = sc.skipped_shard;
	t->scored = w.scored;
	t->changed = w.changed;
	t->findings = w.findings;
out:
	t->seconds = mono_seconds() - t0;
	db_close(out_db);
	turnclf_free(clf);
	detector_free(det);
	model_free(model);
	return ret;
}
