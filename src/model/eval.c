/* eval.c — detectors against trainers: counts, P/R/F1, kappa, disagreements. */
#include "compat.h"
#include "eval.h"
#include "db.h"
#include "dialogue.h"
#include "dialogue_store.h"
#include "turnclf.h"
#include "util.h"

#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- pure figures ---- */

void eval_counts_add(struct eval_counts *c, int detected, int truth)
{
	if (detected && truth)
		c->tp++;
	else if (detected)
		c->fp++;
	else if (truth)
		c->fn++;
	else
		c->tn++;
}

double eval_precision(const struct eval_counts *c)
{
	return c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0.0;
}

double eval_recall(const struct eval_counts *c)
{
	return c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0.0;
}

double eval_f1(const struct eval_counts *c)
{
	/* 2TP / (2TP + FP + FN): the same as 2PR/(P+R), defined whenever either is. */
	long d = 2 * c->tp + c->fp + c->fn;
	return d ? 2.0 * (double)c->tp / (double)d : 0.0;
}

double eval_kappa(const struct eval_table2 *t)
{
	double n = (double)(t->yy + t->yn + t->ny + t->nn);
	double po, pe, a_yes, b_yes;
	if (n <= 0)
		return NAN;
	po = (double)(t->yy + t->nn) / n;
	a_yes = (double)(t->yy + t->yn) / n;
	b_yes = (double)(t->yy + t->ny) / n;
	pe = a_yes * b_yes + (1 - a_yes) * (1 - b_yes);
	if (pe >= 1.0)
		return NAN;
	return (po - pe) / (1 - pe);
}

int eval_majority(int n_yes, int n_no, int *tie)
{
	if (tie)
		*tie = n_yes > 0 && n_yes == n_no;
	if (n_yes + n_no == 0)
		return -1;
	return n_yes > n_no;
}

/* ---- labels ---- */

static int verdict_value(const char *s)
{
	if (!s || !*s)
		return -1;
	if (!strcmp(s, "yes"))
		return 1;
	if (!strcmp(s, "no"))
		return 0;
	return -1;
}

/* Rows come grouped by dialogue and, from the database, in id order: an id
 * after the last one keeps the array sorted, so lookups stay logarithmic. */
static struct eval_labeled *labeled_for(struct eval_labels *l, const char *dialogue)
{
	struct eval_labeled *ld;
	int after_last = 1;
	if (l->n) {
		int c = strcmp(dialogue, l->items[l->n - 1].id);
		if (!c)
			return &l->items[l->n - 1];
		after_last = c > 0;
		ld = (struct eval_labeled *)eval_labels_find(l, dialogue);
		if (ld)
			return ld;
	}
	ALLOC_GROW(l->items, l->n, l->alloc);
	ld = &l->items[l->n++];
	memset(ld, 0, sizeof(*ld));
	ld->id = xstrdup(dialogue);
	if (l->n_sorted == l->n - 1 && after_last)
		l->n_sorted = l->n;
	return ld;
}

static int opinion_for(struct eval_labeled *ld, const char *trainer)
{
	struct eval_opinion *op;
	for (size_t i = 0; i < ld->n_ops; i++)
		if (!strcmp(ld->ops[i].trainer, trainer))
			return (int)i;
	ALLOC_GROW(ld->ops, ld->n_ops, ld->alloc_ops);
	op = &ld->ops[ld->n_ops];
	op->trainer = xstrdup(trainer);
	for (int k = 0; k < FINDING_KINDS; k++)
		op->verdict[k] = -1;
	op->tagged_turns = 0;
	return (int)ld->n_ops++;
}

void eval_labels_add(struct eval_labels *l, const char *dialogue, const char *trainer,
		     const char *premature, const char *missed)
{
	struct eval_labeled *ld = labeled_for(l, dialogue);
	int i = opinion_for(ld, trainer);     /* may move ld->ops */
	struct eval_opinion *op = &ld->ops[i];
	op->verdict[FINDING_PREMATURE_CROSS_SELL] = (signed char)verdict_value(premature);
	op->verdict[FINDING_MISSED_ESCALATION] = (signed char)verdict_value(missed);
}

int eval_labels_add_turn(struct eval_labels *l, const char *dialogue, const char *trainer,
			 int n, const char *tag)
{
	int t = turn_tag_from_name(tag);
	struct eval_labeled *ld;
	struct eval_turn_label *tl;
	int op;
	if (t < 0) {
		l->unknown_tags++;
		return -1;
	}
	ld = labeled_for(l, dialogue);
	op = opinion_for(ld, trainer);
	ld->ops[op].tagged_turns++;
	if (t == TAG_CONTEXT_LOST)
		ld->ops[op].verdict[FINDING_CONTEXT_LOST] = 1;
	else if (ld->ops[op].verdict[FINDING_CONTEXT_LOST] < 0)
		ld->ops[op].verdict[FINDING_CONTEXT_LOST] = 0;
	ALLOC_GROW(ld->turns, ld->n_turns, ld->alloc_turns);
	tl = &ld->turns[ld->n_turns++];
	tl->opinion = op;
	tl->n = n;
	tl->tag = (enum turn_tag)t;
	return 0;
}

static int cmp_labeled(const void *a, const void *b)
{
	return strcmp(((const struct eval_labeled *)a)->id, ((const struct eval_labeled *)b)->id);
}

void eval_labels_finish(struct eval_labels *l)
{
	if (l->n_sorted < l->n && l->n > 1)
		qsort(l->items, l->n, sizeof(*l->items), cmp_labeled);
	l->n_sorted = l->n;
}

/* Binary search over the sorted part, then a scan of what was added since. */
const struct eval_labeled *eval_labels_find(const struct eval_labels *l, const char *id)
{
	struct eval_labeled key;
	const struct eval_labeled *hit = NULL;
	memset(&key, 0, sizeof(key));
	key.id = (char *)id;
	if (l->n_sorted)
		hit = bsearch(&key, l->items, l->n_sorted, sizeof(*l->items), cmp_labeled);
	for (size_t i = l->n_sorted; !hit && i < l->n; i++)
		if (!strcmp(l->items[i].id, id))
			hit = &l->items[i];
	return hit;
}

static int selected(const char *glob, const char *id)
{
	return !glob || !*glob || fnmatch(glob, id, 0) == 0;
}

int eval_labels_load(sqlite3 *db, const char *glob, struct eval_labels *l)
{
	sqlite3_stmt *v = NULL, *t = NULL;
	int ret = -1, rc;
	v = db_prepare(db, "SELECT dialogue_id, trainer, premature, missed FROM labels"
			   " ORDER BY dialogue_id, trainer");
	t = db_prepare(db, "SELECT dialogue_id, trainer, n, tag FROM label_turns"
			   " ORDER BY dialogue_id, trainer, n");
	if (!v || !t)
		goto out;
	while ((rc = sqlite3_step(v)) == SQLITE_ROW) {
		const char *id = db_col_text(v, 0);
		if (!selected(glob, id))
			continue;
		eval_labels_add(l, id, db_col_text(v, 1), db_col_text(v, 2), db_col_text(v, 3));
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	eval_labels_finish(l);
	/* Turn rows mostly join dialogues already present (found by bsearch). */
	while ((rc = sqlite3_step(t)) == SQLITE_ROW) {
		const char *id = db_col_text(t, 0);
		if (!selected(glob, id))
			continue;
		eval_labels_add_turn(l, id, db_col_text(t, 1), sqlite3_column_int(t, 2), db_col_text(t, 3));
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	eval_labels_finish(l);
	ret = 0;
	goto out;
dberr:
	error("database: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(t);
	sqlite3_finalize(v);
	return ret;
}

void eval_labels_release(struct eval_labels *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct eval_labeled *ld = &l->items[i];
		for (size_t j = 0; j < ld->n_ops; j++)
			free(ld->ops[j].trainer);
		free(ld->ops);
		free(ld->turns);
		free(ld->id);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

void eval_opinions(const struct eval_labeled *ld, enum finding_kind k, int *n_yes, int *n_no)
{
	*n_yes = *n_no = 0;
	for (size_t i = 0; i < ld->n_ops; i++) {
		if (ld->ops[i].verdict[k] == 1)
			(*n_yes)++;
		else if (ld->ops[i].verdict[k] == 0)
			(*n_no)++;
	}
}

int eval_turn_truth(const struct eval_labeled *ld, int n, enum turn_tag t, int *tie)
{
	int taggers = 0, yes = 0;
	for (size_t i = 0; i < ld->n_ops; i++)
		if (ld->ops[i].tagged_turns > 0)
			taggers++;
	/* A trainer may repeat a tag on one turn only once (primary key). */
	for (size_t i = 0; i < ld->n_turns; i++)
		if (ld->turns[i].n == n && ld->turns[i].tag == t)
			yes++;
	return eval_majority(yes, taggers - yes, tie);
}

/* ---- judging ---- */

static int has_tag(const struct detect_result *r, int n, enum turn_tag t)
{
	for (size_t i = 0; i < r->n_tags; i++)
		if (r->tags[i].n == n && r->tags[i].tag == t)
			return 1;
	return 0;
}

static const struct finding *first_finding(const struct detect_result *r, enum finding_kind k)
{
	for (size_t i = 0; i < r->n_findings; i++)
		if (r->findings[i].kind == k)
			return &r->findings[i];
	return NULL;
}

static char *turns_text(const struct finding *f)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "");
	for (int i = 0; f && i < f->n_turns; i++)
		strbuf_addf(&sb, "%s%d", i ? "," : "", f->turns[i]);
	return strbuf_detach(&sb);
}

static void add_disagreement(struct eval_report *rep, const struct eval_labeled *ld,
			     enum finding_kind k, int detected, int truth, int yes, int no,
			     const struct detect_result *r)
{
	const struct finding *f = first_finding(r, k);
	struct eval_disagreement *d;
	ALLOC_GROW(rep->dis, rep->n_dis, rep->alloc_dis);
	d = &rep->dis[rep->n_dis++];
	d->dialogue_id = xstrdup(ld->id);
	d->kind = k;
	d->detector = detected;
	d->trainers = truth;
	d->n_yes = yes;
	d->n_no = no;
	d->turns = turns_text(f);
	d->reason = xstrdup(f ? f->reason_en : "");
}

static void judge_findings(struct eval_report *rep, const struct eval_labeled *ld,
			   const struct detect_result *r, const struct detect_result *lex)
{
	for (int k = 0; k < FINDING_KINDS; k++) {
		int yes, no, tie, truth, detected = r->has[k] ? 1 : 0;
		eval_opinions(ld, (enum finding_kind)k, &yes, &no);
		truth = eval_majority(yes, no, &tie);
		if (truth < 0)
			continue;
		rep->finding_ties[k] += tie;
		eval_counts_add(&rep->finding[k], detected, truth);
		if (lex)
			eval_counts_add(&rep->lex_finding[k], lex->has[k] ? 1 : 0, truth);
		if (detected != truth)
			add_disagreement(rep, ld, (enum finding_kind)k, detected, truth, yes, no, r);
	}
}

static void judge_turns(struct eval_report *rep, const struct eval_labeled *ld, int n_turns,
			const struct detect_result *r, const struct detect_result *lex)
{
	int tagged = 0;
	for (size_t i = 0; i < ld->n_ops; i++)
		tagged |= ld->ops[i].tagged_turns > 0;
	if (!tagged)
		return;
	rep->n_turn_dialogues++;
	for (int n = 1; n <= n_turns; n++) {
		for (int t = 0; t < TAG_COUNT; t++) {
			int tie, truth = eval_turn_truth(ld, n, (enum turn_tag)t, &tie);
			rep->tag_ties[t] += tie;
			eval_counts_add(&rep->tag[t], has_tag(r, n, (enum turn_tag)t), truth);
			if (lex)
				eval_counts_add(&rep->lex_tag[t], has_tag(lex, n, (enum turn_tag)t), truth);
		}
	}
}

void eval_judge(struct eval_report *rep, const struct eval_labeled *ld, int n_turns,
		const struct detect_result *r, const struct detect_result *lex)
{
	rep->n_judged++;
	if (lex)
		rep->has_combined = 1;
	judge_findings(rep, ld, r, lex);
	judge_turns(rep, ld, n_turns, r, lex);
}

/* ---- agreement between trainers ---- */

struct pair_acc {
	const char *a, *b;
	long shared;
	struct eval_table2 t[FINDING_KINDS];
};

static struct pair_acc *pair_get(struct pair_acc **pairs, size_t *n, size_t *alloc,
				 const char *a, const char *b)
{
	struct pair_acc *p;
	if (strcmp(a, b) > 0) {
		const char *x = a;
		a = b;
		b = x;
	}
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*pairs)[i].a, a) && !strcmp((*pairs)[i].b, b))
			return &(*pairs)[i];
	ALLOC_GROW(*pairs, *n, *alloc);
	p = &(*pairs)[(*n)++];
	memset(p, 0, sizeof(*p));
	p->a = a;
	p->b = b;
	return p;
}

static void pair_add(struct pair_acc *p, const struct eval_opinion *a, const struct eval_opinion *b)
{
	if (strcmp(a->trainer, b->trainer) > 0) {
		const struct eval_opinion *x = a;
		a = b;
		b = x;
	}
	p->shared++;
	for (int k = 0; k < FINDING_KINDS; k++) {
		int va = a->verdict[k], vb = b->verdict[k];
		if (va < 0 || vb < 0)
			continue;
		if (va && vb)
			p->t[k].yy++;
		else if (va)
			p->t[k].yn++;
		else if (vb)
			p->t[k].ny++;
		else
			p->t[k].nn++;
	}
}

static int cmp_pair(const void *x, const void *y)
{
	const struct eval_pair *a = x, *b = y;
	int c = strcmp(a->a, b->a);
	return c ? c : strcmp(a->b, b->b);
}

void eval_agreement(struct eval_report *rep, const struct eval_labels *l, int min_shared)
{
	struct pair_acc *acc = NULL;
	size_t n = 0, alloc = 0;
	rep->min_shared = min_shared;
	for (size_t i = 0; i < l->n; i++) {
		const struct eval_labeled *ld = &l->items[i];
		for (size_t a = 0; a < ld->n_ops; a++)
			for (size_t b = a + 1; b < ld->n_ops; b++)
				pair_add(pair_get(&acc, &n, &alloc, ld->ops[a].trainer, ld->ops[b].trainer),
					 &ld->ops[a], &ld->ops[b]);
	}
	for (size_t i = 0; i < n; i++) {
		struct eval_pair *p;
		if (acc[i].shared < min_shared)
			continue;
		ALLOC_GROW(rep->pairs, rep->n_pairs, rep->alloc_pairs);
		p = &rep->pairs[rep->n_pairs++];
		p->a = xstrdup(acc[i].a);
		p->b = xstrdup(acc[i].b);
		p->shared = acc[i].shared;
		for (int k = 0; k < FINDING_KINDS; k++) {
			p->t[k] = acc[i].t[k];
			p->kappa[k] = eval_kappa(&p->t[k]);
		}
	}
	if (rep->n_pairs > 1)
		qsort(rep->pairs, rep->n_pairs, sizeof(*rep->pairs), cmp_pair);
	free(acc);
}

static int cmp_dis(const void *x, const void *y)
{
	const struct eval_disagreement *a = x, *b = y;
	int c = strcmp(a->dialogue_id, b->dialogue_id);
	return c ? c : (int)a->kind - (int)b->kind;
}

void eval_report_release(struct eval_report *rep)
{
	for (size_t i = 0; i < rep->n_dis; i++) {
		free(rep->dis[i].dialogue_id);
		free(rep->dis[i].turns);
		free(rep->dis[i].reason);
	}
	free(rep->dis);
	for (size_t i = 0; i < rep->n_pairs; i++) {
		free(rep->pairs[i].a);
		free(rep->pairs[i].b);
	}
	free(rep->pairs);
	memset(rep, 0, sizeof(*rep));
}

/* ---- the detector's verdicts: stored by score ---- */

struct stored {
	sqlite3 *db;
	sqlite3_stmt *turns, *findings, *tags;
};

static int stored_open(struct stored *s, sqlite3 *db)
{
	memset(s, 0, sizeof(*s));
	s->db = db;
	s->turns = db_prepare(db, "SELECT d.n_turns FROM dialogues d JOIN scores s ON s.dialogue_id = d.id"
			      " WHERE d.id = ?");
	s->findings = db_prepare(db, "SELECT kind, turns, cue, reason_en, reason_ru, severity FROM findings"
				 " WHERE dialogue_id = ? ORDER BY kind, seq");
	s->tags = db_prepare(db, "SELECT n, tag, cue FROM turn_tags WHERE dialogue_id = ? ORDER BY n, tag");
	return s->turns && s->findings && s->tags ? 0 : -1;
}

static void stored_close(struct stored *s)
{
	sqlite3_finalize(s->tags);
	sqlite3_finalize(s->findings);
	sqlite3_finalize(s->turns);
}

static int kind_from_name(const char *s)
{
	for (int k = 0; k < FINDING_KINDS; k++)
		if (!strcmp(finding_kind_name((enum finding_kind)k), s))
			return k;
	return -1;
}

static void parse_turn_list(const char *s, struct finding *f)
{
	char *end;
	f->n_turns = 0;
	while (*s && f->n_turns < FINDING_MAX_TURNS) {
		long v = strtol(s, &end, 10);
		if (end == s) {
			s++;
			continue;
		}
		f->turns[f->n_turns++] = (int)v;
		s = end;
	}
}

static void stored_finding(sqlite3_stmt *st, struct detect_result *r)
{
	int k = kind_from_name(db_col_text(st, 0));
	struct finding *f;
	if (k < 0)
		return;
	ALLOC_GROW(r->findings, r->n_findings, r->alloc_findings);
	f = &r->findings[r->n_findings++];
	memset(f, 0, sizeof(*f));
	f->kind = (enum finding_kind)k;
	parse_turn_list(db_col_text(st, 1), f);
	snprintf(f->cue, sizeof(f->cue), "%s", db_col_text(st, 2));
	snprintf(f->reason_en, sizeof(f->reason_en), "%s", db_col_text(st, 3));
	snprintf(f->reason_ru, sizeof(f->reason_ru), "%s", db_col_text(st, 4));
	f->severity = sqlite3_column_double(st, 5);
	r->has[k] = 1;
}

static void stored_tag(sqlite3_stmt *st, struct detect_result *r)
{
	int t = turn_tag_from_name(db_col_text(st, 1));
	struct tagged_turn *tt;
	if (t < 0)
		return;
	ALLOC_GROW(r->tags, r->n_tags, r->alloc_tags);
	tt = &r->tags[r->n_tags++];
	tt->n = sqlite3_column_int(st, 0);
	tt->tag = (enum turn_tag)t;
	snprintf(tt->cue, sizeof(tt->cue), "%s", db_col_text(st, 2));
}

/* Reads one dialogue's stored result; 1 found, 0 not scored, -1 error. */
static int stored_read(struct stored *s, const char *id, int *n_turns, struct detect_result *r)
{
	int rc, ret = -1;
	detect_result_clear(r);
	db_bind_text(s->turns, 1, id);
	rc = sqlite3_step(s->turns);
	if (rc == SQLITE_DONE) {
		ret = 0;
		goto out;
	}
	if (rc != SQLITE_ROW)
		goto dberr;
	*n_turns = sqlite3_column_int(s->turns, 0);
	db_bind_text(s->findings, 1, id);
	while ((rc = sqlite3_step(s->findings)) == SQLITE_ROW)
		stored_finding(s->findings, r);
	if (rc != SQLITE_DONE)
		goto dberr;
	db_bind_text(s->tags, 1, id);
	while ((rc = sqlite3_step(s->tags)) == SQLITE_ROW)
		stored_tag(s->tags, r);
	if (rc != SQLITE_DONE)
		goto dberr;
	ret = 1;
	goto out;
dberr:
	error("database: %s", sqlite3_errmsg(s->db));
out:
	sqlite3_reset(s->turns);
	sqlite3_reset(s->findings);
	sqlite3_reset(s->tags);
	return ret;
}

static int run_stored(sqlite3 *db, const struct eval_labels *l, struct eval_report *rep)
{
	struct stored s;
	struct detect_result r;
	int ret = -1;
	memset(&r, 0, sizeof(r));
	if (db_query_int(db, "SELECT count(*) FROM scores") <= 0) {
		error("no findings in the database: run leadqa score first");
		return 1;
	}
	if (stored_open(&s, db))
		goto out;
	for (size_t i = 0; i < l->n; i++) {
		int n_turns = 0, rc = stored_read(&s, l->items[i].id, &n_turns, &r);
		if (rc < 0)
			goto out;
		if (rc == 0) {
			rep->n_missing++;
			continue;
		}
		eval_judge(rep, &l->items[i], n_turns, &r, NULL);
	}
	ret = 0;
out:
	stored_close(&s);
	detect_result_release(&r);
	return ret;
}

/* ---- the detector's verdicts: run here ---- */

struct live {
	struct detector *det;
	struct detect_scratch *scratch;
	struct turnclf_set *clf;
	struct turnclf_scratch *clf_scratch;
	struct detect_result r, lex;
};

static int live_dialogue(struct live *lv, struct eval_report *rep, const struct eval_labeled *ld,
			 const struct dialogue *d)
{
	if (detector_run(lv->det, lv->scratch, d, &lv->r))
		return error("cannot judge dialogue '%s'", d->id);
	if (lv->clf && turnclf_active(lv->clf)) {
		int changes;
		detect_result_copy(&lv->lex, &lv->r);
		changes = turnclf_apply(lv->clf, lv->clf_scratch, d, &lv->r);
		if (changes < 0 || (changes && detector_rederive(lv->det, lv->scratch, d, &lv->r)))
			return error("cannot judge dialogue '%s'", d->id);
		eval_judge(rep, ld, (int)d->n_turns, &lv->r, &lv->lex);
	} else {
		eval_judge(rep, ld, (int)d->n_turns, &lv->r, NULL);
	}
	return 0;
}

static int run_live(sqlite3 *db, const struct eval_options *o, const struct eval_labels *l,
		    struct eval_report *rep)
{
	const char *dir = o->model_dir ? o->model_dir : "models";
	struct live lv;
	struct dialogue d;
	struct dialogue_cursor *cur = NULL;
	int ret = -1, rc;
	memset(&lv, 0, sizeof(lv));
	dialogue_init(&d);
	lv.det = detector_load(o->lexicon_dir ? o->lexicon_dir : dir);
	if (!lv.det)
		goto out;
	lv.scratch = detect_scratch_new();
	if (!o->lexicon_only) {
		lv.clf = turnclf_load(dir);
		if (!lv.clf)
			goto out;
		if (o->classifiers_alone)
			turnclf_use_alone(lv.clf);
		lv.clf_scratch = turnclf_scratch_new();
	}
	cur = dialogue_cursor_open(db, "d.id IN (SELECT dialogue_id FROM labels"
				       " UNION SELECT dialogue_id FROM label_turns)");
	if (!cur)
		goto out;
	while ((rc = dialogue_cursor_next(cur, &d)) == 1) {
		const struct eval_labeled *ld = eval_labels_find(l, d.id);
		if (!ld)
			continue;       /* outside the selection */
		if (live_dialogue(&lv, rep, ld, &d))
			goto out;
	}
	if (rc < 0)
		goto out;
	rep->n_missing = rep->n_labeled - rep->n_judged;
	ret = 0;
out:
	dialogue_cursor_close(cur);
	dialogue_release(&d);
	detect_result_release(&lv.lex);
	detect_result_release(&lv.r);
	turnclf_scratch_free(lv.clf_scratch);
	turnclf_free(lv.clf);
	detect_scratch_free(lv.scratch);
	detector_free(lv.det);
	return ret;
}

int eval_run(sqlite3 *db, const struct eval_options *o, struct eval_report *rep)
{
	struct eval_labels l;
	int ret;
	memset(&l, 0, sizeof(l));
	memset(rep, 0, sizeof(*rep));
	rep->stored = o->stored;
	if (eval_labels_load(db, o->glob, &l)) {
		ret = -1;
		goto out;
	}
	if (!l.n) {
		if (o->glob && *o->glob)
			error("no trainer labels on dialogues matching '%s'", o->glob);
		else
			error("no trainer labels in the database: ingest a labels file first");
		ret = 1;
		goto out;
	}
	if (l.unknown_tags)
		warning("%ld labeled turns carry an unknown tag and were ignored", l.unknown_tags);
	rep->n_labeled = (long)l.n;
	for (size_t i = 0; i < l.n; i++)
		rep->n_multi += l.items[i].n_ops >= 2;
	ret = o->stored ? run_stored(db, &l, rep) : run_live(db, o, &l, rep);
	if (ret)
		goto out;
	if (!rep->n_judged) {
		error(o->stored ? "no labeled dialogue has been scored: run leadqa score first"
				: "no labeled dialogue is in the database: ingest its transcript first");
		ret = 1;
		goto out;
	}
	if (rep->n_dis > 1)
		qsort(rep->dis, rep->n_dis, sizeof(*rep->dis), cmp_dis);
	eval_agreement(rep, &l, o->min_shared > 0 ? o->min_shared : 5);
out:
	eval_labels_release(&l);
	return ret;
}
