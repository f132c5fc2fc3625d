/* transcripts_load.c — the transcript loader: dialogues from the reader
 * (transcripts.c) stored one by one, a re-export replacing the old version,
 * with a second thread reading ahead and, for big files, the fingerprint
 * taken alongside (fingerprint.h). */
#include "compat.h"
#include "db.h"
#include "deal_summary.h"
#include "dialogue.h"
#include "transcripts_load.h"
#include "loader.h"
#include "progress.h"
#include "retention.h"
#include "shortform.h"
#include "transcripts.h"
#include "turnpack.h"
#include "turnzip.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libxml/parser.h>

#define DEFAULT_MAX_BYTES ((uint64_t)8 << 30)
#define DEFAULT_MAX_TURN ((size_t)16 << 20)
/* Files above this size get progress lines. */
#define PROGRESS_BYTES ((long long)16 << 20)

/* ---- the transcript loader ---- */

/* A dialogue's turns go in as one row (turnpack.h); its events as
 * multi-row INSERTs of up to BATCH rows: one statement step per batch
 * instead of one per row.  Those are INSERT OR FAIL: a multi-row statement
 * that could ABORT makes SQLite copy every page it touches into a statement
 * journal first (once that journal outgrew memory, 300 MB of writes to a
 * temporary file for 100,000 dialogues).  Failing means a database error,
 * and that rolls the file's whole transaction back anyway. */
#define BATCH 16

#define N_DELETES 3

struct tr_store {
	struct ingest_file_ctx *c;
	sqlite3_stmt *get, *ins, *upd;
	sqlite3_stmt *ins_pack, *upd_pack;
	sqlite3_stmt *rehash[2];    /* dialogues, scores: a 0.1 hash to today's */
	sqlite3_stmt *events[BATCH + 1];    /* [k]: k rows; prepared when first needed */
	sqlite3_stmt *del[N_DELETES];   /* events, scores (and its tags), findings */
	struct deal_summary_noter noter;    /* a replaced dialogue's score went */
	int64_t stored_pack;        /* turn_packs.id of the stored version (0: none) */
	int stored_dropped;         /* its turns went by retention (retention.h) */
	int64_t oldest_started;     /* of the dialogues stored, for retention */
	int64_t next_pack;          /* the id the next new pack gets */
	struct turnzip *z;          /* packs' compression (turnzip.h) */
	int64_t n_packs;            /* packs stored, while a dictionary is due at some count */
	int64_t dict_due_at;        /* n_packs at which to train one (INT64_MAX: not now) */
	struct strbuf pack;         /* the turns being stored, compressed or JSON */
	struct strbuf hash_scratch; /* the bytes of its content hash */
	struct strbuf attrs;        /* an event's attribute lines, short (shortform.h) */
};

static const char *const del_sql[N_DELETES] = {
	"DELETE FROM events WHERE dialogue_id = ?",
	"DELETE FROM scores WHERE dialogue_id = ?",
	"DELETE FROM findings WHERE dialogue_id = ?",
};

/* ins and upd share their parameter numbers, so one binder serves both. */
#define DIALOGUE_VALUES "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 1, ?18," \
	" ?19, ?20"

static int store_prepare(struct tr_store *s, sqlite3 *db)
{
	s->get = db_prepare(db, "SELECT content_hash, turns_pack FROM dialogues WHERE id = ?");
	s->ins = db_prepare(db, "INSERT INTO dialogues(id, source, channel, page, lang, started,"
		" ended, started_text, crm_id, email, phone, name, has_contact, n_turns, n_events,"
		" content_hash, file_id, version, ingested_at, turns_pack, bot_agent)"
		" VALUES(" DIALOGUE_VALUES ") ON CONFLICT(id) DO NOTHING");
	s->upd = db_prepare(db, "UPDATE dialogues SET source = ?2, channel = ?3, page = ?4,"
		" lang = ?5, started = ?6, ended = ?7, started_text = ?8, crm_id = ?9, email = ?10,"
		" phone = ?11, name = ?12, has_contact = ?13, n_turns = ?14, n_events = ?15,"
		" content_hash = ?16, file_id = ?17, version = version + 1, ingested_at = ?18,"
		" turns_pack = ?19, bot_agent = ?20 WHERE id = ?1");
	s->ins_pack = db_prepare(db, "INSERT INTO turn_packs(id, turns) VALUES(?, ?)");
	/* Inside the file's transaction (BEGIN IMMEDIATE): no one else adds packs. */
	s->next_pack = db_query_int(db, "SELECT coalesce(max(id), 0) + 1 FROM turn_packs");
	s->upd_pack = db_prepare(db, "UPDATE turn_packs SET turns = ?2 WHERE id = ?1");
	/* ?3 the old hash as kept since schema version 6 (shortform.h), ?4 as
	 * SQL may have written it */
	s->rehash[0] = db_prepare(db, "UPDATE dialogues SET content_hash = ?2"
				  " WHERE id = ?1 AND content_hash IN (?3, ?4)");
	s->rehash[1] = db_prepare(db, "UPDATE scores SET content_hash = ?2"
				  " WHERE dialogue_id = ?1 AND content_hash IN (?3, ?4)");
	strbuf_init(&s->pack, 0);
	s->z = turnzip_open(db);
	s->dict_due_at = turnzip_due_at(s->z, s->c->now);
	if (s->dict_due_at == 0 && turnzip_train(s->z, s->c->now) < 0)
		return -1;
	if (s->dict_due_at == 0)
		s->dict_due_at = INT64_MAX;
	/* counted only while a first dictionary is awaited: a small database */
	s->n_packs = s->dict_due_at < INT64_MAX ? db_query_int(db, "SELECT count(*) FROM turn_packs") : 0;
	if (!s->get || !s->ins || !s->upd || !s->ins_pack || !s->upd_pack || !s->rehash[0] ||
	    !s->rehash[1] || s->next_pack < 1 || s->n_packs < 0)
		return -1;
	for (int i = 0; i < N_DELETES; i++)
		if (!(s->del[i] = db_prepare(db, del_sql[i])))
			return -1;
	return deal_summary_noter_open(&s->noter, db);
}

static void store_finalize(struct tr_store *s)
{
	deal_summary_noter_close(&s->noter);
	for (int i = N_DELETES - 1; i >= 0; i--)
		sqlite3_finalize(s->del[i]);
	for (int k = BATCH; k > 0; k--)
		sqlite3_finalize(s->events[k]);
	strbuf_release(&s->hash_scratch);
	strbuf_release(&s->attrs);
	strbuf_release(&s->pack);
	turnzip_close(s->z);
	sqlite3_finalize(s->rehash[1]);
	sqlite3_finalize(s->rehash[0]);
	sqlite3_finalize(s->upd_pack);
	sqlite3_finalize(s->ins_pack);
	sqlite3_finalize(s->upd);
	sqlite3_finalize(s->ins);
	sqlite3_finalize(s->get);
}

/* Steps a statement that returns no rows and makes it ready again. */
static int step_reset(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}

/* A stored hash that differs may be the same content hashed the way a
 * database of schema version 3 or before did (contenthash.h): then the
 * stored hash (and the score's, which says what was scored) is brought to
 * today's and the content is the same.  So version 4 re-hashes a stored
 * dialogue when it arrives again, the one moment its content is at hand
 * already; the schema step itself (db.c) cannot read dialogues.
 * 1 = it was, 0 = the content changed, -1 = error. */
static int same_by_legacy_hash(struct tr_store *s, const struct dialogue *d, const char *stored)
{
	char legacy[DIALOGUE_LEGACY_HASHES][33];
	const char *match = NULL;
	dialogue_legacy_hashes(d, legacy);
	for (int k = 0; k < DIALOGUE_LEGACY_HASHES && !match; k++)
		if (!strcmp(legacy[k], stored))
			match = legacy[k];
	if (!match)
		return 0;
	for (int i = 0; i < 2; i++) {
		db_bind_static(s->rehash[i], 1, d->id);
		shortform_bind_hash(s->rehash[i], 2, d->content_hash);
		shortform_bind_hash(s->rehash[i], 3, match);
		db_bind_static(s->rehash[i], 4, match);
		if (step_reset(s->c->db, s->rehash[i]))
			return -1;
	}
	return 1;
}

/* 1 = same content stored, 2 = stored with other content, 0 = absent, -1 = error */
static int stored_state(struct tr_store *s, const struct dialogue *d)
{
	int rc, ret;
	char stored[33] = "";
	db_bind_static(s->get, 1, d->id);
	rc = sqlite3_step(s->get);
	s->stored_pack = 0;
	s->stored_dropped = 0;
	if (rc == SQLITE_ROW) {
		shortform_col_hash(s->get, 0, stored);
		ret = strcmp(stored, d->content_hash) ? 2 : 1;
		s->stored_pack = sqlite3_column_int64(s->get, 1);
		s->stored_dropped = !strcmp(stored, RETENTION_DROPPED);
	} else if (rc == SQLITE_DONE)
		ret = 0;
	else
		ret = error("database: %s", sqlite3_errmsg(s->c->db));
	sqlite3_reset(s->get);
	if (ret == 2 && !s->stored_dropped) {
		int same = same_by_legacy_hash(s, d, stored);
		ret = same < 0 ? -1 : same ? 1 : 2;
	}
	return ret;
}

static char *trimmed_dup(const char *s)
{
	const char *e;
	if (!s)
		return NULL;
	while (*s && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return e > s ? xstrndup(s, (size_t)(e - s)) : NULL;
}

static int store_header(struct tr_store *s, sqlite3_stmt *st, const struct dialogue *d,
			const char *started_text, int64_t pack)
{
	char email[512], phone[64], zone[8];
	char *crm = trimmed_dup(d->crm_id);
	int ret;
	email[0] = phone[0] = '\0';
	if (d->email)
		norm_email(d->email, email, sizeof(email));
	if (d->phone)
		norm_phone(d->phone, phone, sizeof(phone));
	db_bind_static(st, 1, d->id);
	db_bind_static(st, 2, d->source);
	db_bind_static(st, 3, d->channel);
	db_bind_static(st, 4, d->page);
	db_bind_static(st, 5, d->lang);
	db_bind_opt_int(st, 6, d->started, d->has_started);
	db_bind_opt_int(st, 7, d->ended, d->has_ended);
	db_bind_static(st, 8, d->has_started ? shortform_time(d->started, started_text, zone) : started_text);
	db_bind_static(st, 9, crm);
	db_bind_static(st, 10, *email ? email : NULL);
	db_bind_static(st, 11, *phone ? phone : NULL);
	db_bind_static(st, 12, d->name);
	sqlite3_bind_int(st, 13, crm || *email || *phone);
	sqlite3_bind_int64(st, 14, (int64_t)d->n_turns);
	sqlite3_bind_int64(st, 15, (int64_t)d->n_events);
	shortform_bind_hash(st, 16, d->content_hash);
	sqlite3_bind_int64(st, 17, s->c->file_id);
	sqlite3_bind_int64(st, 18, s->c->now);
	sqlite3_bind_int64(st, 19, pack);
	db_bind_static(st, 20, turnpack_bot_agent(d));
	ret = step_reset(s->c->db, st);
	free(crm);
	return ret;
}

/* The database's first dictionary, once it holds enough packs to train
 * one from (turnzip.h): the packs stored as JSON until then, this file's
 * first ones included, are compressed with it, and the rest of the file's
 * packs go in compressed. */
static int train_when_due(struct tr_store *s)
{
	int rc;
	if (++s->n_packs < s->dict_due_at)
		return 0;
	if ((rc = turnzip_train(s->z, s->c->now)) < 0)
		return -1;
	s->dict_due_at = rc ? INT64_MAX : turnzip_due_at(s->z, s->c->now);
	return 0;
}

/* Stores d's turns as one pack: over the stored version's pack when there
 * is one (*pack holds its id), else as a new row (*pack gets its id). */
static int store_turns(struct tr_store *s, const struct dialogue *d, int64_t *pack)
{
	int fresh = *pack <= 0, blob;
	sqlite3_stmt *st = fresh ? s->ins_pack : s->upd_pack;
	if (turnzip_encode(s->z, d, &s->pack, &blob))
		return -1;
	if (fresh)
		*pack = s->next_pack;
	sqlite3_bind_int64(st, 1, *pack);
	if (blob)
		sqlite3_bind_blob(st, 2, s->pack.buf, (int)s->pack.len, SQLITE_STATIC);
	else
		sqlite3_bind_text(st, 2, s->pack.buf, (int)s->pack.len, SQLITE_STATIC);
	if (step_reset(s->c->db, st))
		return -1;
	if (fresh) {
		s->next_pack++;
		if (s->dict_due_at < INT64_MAX)
			return train_when_due(s);
	}
	return 0;
}

static int store_events(struct tr_store *s, const struct dialogue *d)
{
	for (size_t done = 0; done < d->n_events;) {
		int k = d->n_events - done > BATCH ? BATCH : (int)(d->n_events - done);
		sqlite3_stmt *st = db_prepare_rows(s->c->db, s->events, k, "INSERT OR FAIL INTO"
			" events(dialogue_id, seq, after_turn, type, at, target, item, attrs)", 8);
		if (!st)
			return -1;
		for (int r = 0; r < k; r++) {
			size_t i = done + (size_t)r;
			const struct event *e = &d->events[i];
			int b = r * 8;
			db_bind_static(st, b + 1, d->id);
			sqlite3_bind_int64(st, b + 2, (int64_t)i + 1);
			sqlite3_bind_int(st, b + 3, e->after_turn);
			db_bind_static(st, b + 4, e->type);
			db_bind_opt_int(st, b + 5, e->at, e->has_at);
			db_bind_static(st, b + 6, e->target);
			db_bind_static(st, b + 7, e->item);
			db_bind_text(st, b + 8, shortform_attrs(e->type, e->at, e->has_at, e->target,
							     e->item, e->attrs, &s->attrs));
		}
		if (step_reset(s->c->db, st))
			return -1;
		done += (size_t)k;
	}
	return 0;
}

/* A changed re-export replaces the dialogue whole, and what was computed
 * from the old content (scores, findings, tags) goes, to be computed again. */
static int store_replace(struct tr_store *s, const struct dialogue *d, const char *started_text)
{
	int64_t pack = s->stored_pack;
	for (int i = 0; i < N_DELETES; i++) {
		db_bind_static(s->del[i], 1, d->id);
		if (db_step_done(s->c->db, s->del[i]))
			return -1;
	}
	if (deal_summary_noter_note(&s->noter, s->c->db, d->id))
		return -1;
	if (store_turns(s, d, &pack) || store_header(s, s->upd, d, started_text, pack))
		return -1;
	return store_events(s, d);
}

static int resolve_identity(struct tr_store *s, const struct dialogue *d)
{
	struct identity_keys keys = { d->crm_id, d->email, d->phone, NULL, d->id };
	int64_t at = d->has_started ? d->started : s->c->now;
	return identity_resolve(s->c->ident, &keys, at) < 0 ? -1 : 0;
}

/* Adds d when its id is new: *added is 1, else 0 and nothing changed.  The
 * row goes in first, naming the pack it is about to get: for a new id (the
 * night's usual case) the insert's own uniqueness check is the only lookup. */
static int store_new(struct tr_store *s, const struct dialogue *d, const char *started_text,
		     int *added)
{
	int64_t pack = 0;
	*added = 0;
	/* s->next_pack: the id store_turns() gives the next new pack */
	if (store_header(s, s->ins, d, started_text, s->next_pack))
		return -1;
	if (sqlite3_changes(s->c->db) == 0)
		return 0;
	*added = 1;
	return store_turns(s, d, &pack) || store_events(s, d) ? -1 : 0;
}

/* The content hash is taken here, on the storing thread: the reading
 * thread, with libxml2 and zlib, is the one that bounds ingest. */
static int store_dialogue(struct tr_store *s, struct dialogue *d, const char *started_text)
{
	int state, added;
	if (d->has_started && d->started > s->c->now) {
		/* A data problem, not a new night: kept, named, and left out of
		 * the nights' figures until its time comes (figures.c). */
		char when[21], now[21];
		format_time(d->started, when);
		format_time(s->c->now, now);
		ingest_problem(s->c, d->line, "dialogue '%s' starts at %s, after this run's now (%s): "
			       "kept out of the report's nights", d->id, when, now);
	}
	dialogue_compute_hash(d, &s->hash_scratch);
	if (d->has_started && d->started < s->oldest_started)
		s->oldest_started = d->started;
	if (resolve_identity(s, d) || store_new(s, d, started_text, &added))
		return -1;
	if (added) {
		s->c->n_records++;
		return 0;
	}
	state = stored_state(s, d);
	if (state <= 0)     /* absent although its id was taken: never */
		return state < 0 ? -1 : error("database: dialogue '%s' is neither new nor stored", d->id);
	if (state == 1) {
		s->c->n_unchanged++;
		return 0;
	}
	if (store_replace(s, d, started_text))
		return -1;
	/* one whose turns retention dropped is loaded again: new, not a re-export */
	if (!s->stored_dropped)
		s->c->n_replaced++;
	s->c->n_records++;
	return 0;
}

static struct progress *maybe_progress(const char *path)
{
	struct stat st;
	char step[80];
	if (stat(path, &st) || st.st_size < PROGRESS_BYTES)
		return NULL;
	snprintf(step, sizeof(step), "ingest %.60s", path);
	return progress_start(step, 0);
}

/* Ends the load after a break: complete dialogues before it stay. */
static int broke_off(struct ingest_file_ctx *c, struct xml_input *in, long n_complete)
{
	long line;
	const char *msg = xml_input_error(in, &line);
	if (!msg)
		msg = "the file ended too early";
	if (n_complete > 0) {
		ingest_problem(c, line, "%s; the rest of the file is ignored", msg);
		c->truncated = 1;
		return 1;
	}
	ingest_problem(c, line, "%s", msg);
	return -1;
}

/* The verdict without waiting: FP_PENDING while the thread still reads. */
static int fp_poll(sqlite3 *db, struct fp_job *j)
{
	if (j->verdict == FP_PENDING && atomic_load(&j->done))
		return fp_settle(db, j);
	return j->verdict;
}

/* ---- reading ahead ----
 *
 * Parsing (zlib + libxml2) and storing (identity + SQLite) cost about the
 * same, so on two cores one thread parses while this one stores.  They meet
 * at a ring of QUEUE_SLOTS dialogues: the reader fills a slot, the loader
 * stores it and hands it back, so memory stays bounded whatever the file's
 * size.  The reader never touches the database: the problems it finds are
 * kept with the slot and recorded by the loader in file order, before the
 * dialogue they came with.  LEADQA_INGEST_THREADS=1 reads in line (one
 * core); the stored result is the same.
 *
 * The ring is as long as it is because the two sides' speeds swing: a run
 * of long dialogues, pages the store must read back, the machine's other
 * work.  With 64 slots (under a millisecond of work) each side waited for
 * the other about 0.15-0.25 s of a 100,000-dialogue ingest; with 256 both
 * waits are a third of that, and ingest took 1.65x the reader pass instead
 * of 1.87x (medians of 15 interleaved runs), for 1.8 MB more memory. */

#define QUEUE_SLOTS 256

struct tr_item {
	int rc;                     /* transcript_reader_next()'s result */
	struct dialogue d;
	struct strbuf started;      /* @started as written */
	int has_started;
	struct strbuf problems;     /* "LINE MESSAGE\0" entries */
};

struct tr_queue {
	struct ingest_file_ctx *c;
	struct transcript_reader *r;
	struct tr_item slots[QUEUE_SLOTS];
	struct tr_item *filling;    /* the reader's slot; NULL outside the reader */
	size_t head, tail;          /* slots filled / slots taken, ever */
	int stop;                   /* the loader gave up: the reader ends */
	int threaded;
	int reader_waits, loader_waits;
	struct fp_job *job;         /* NULL: the fingerprint is known */
	struct progress *progress;
	int progress_tried;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
};

static void on_reader_problem(void *arg, long line, const char *msg)
{
	struct tr_queue *q = arg;
	if (!q->filling) {
		if (!q->job || fp_settle(q->c->db, q->job) == FP_NEW)
			ingest_problem(q->c, line, "%s", msg);
		return;
	}
	strbuf_addf(&q->filling->problems, "%ld %s", line, msg);
	strbuf_addch(&q->filling->problems, '\0');
}

static void queue_init(struct tr_queue *q, struct ingest_file_ctx *c)
{
	memset(q, 0, sizeof(*q));
	q->c = c;
	for (int i = 0; i < QUEUE_SLOTS; i++) {
		dialogue_init(&q->slots[i].d);
		strbuf_init(&q->slots[i].started, 0);
		strbuf_init(&q->slots[i].problems, 0);
	}
}

static void queue_release(struct tr_queue *q)
{
	for (int i = QUEUE_SLOTS - 1; i >= 0; i--) {
		strbuf_release(&q->slots[i].problems);
		strbuf_release(&q->slots[i].started);
		dialogue_release(&q->slots[i].d);
	}
}

/* Reads the next dialogue (or the end) into a slot. */
static int read_item(struct tr_queue *q, struct tr_item *it)
{
	const char *started;
	strbuf_reset(&it->problems);
	q->filling = it;
	it->rc = transcript_reader_next(q->r, &it->d);
	q->filling = NULL;
	started = transcript_reader_started_text(q->r);
	it->has_started = started != NULL;
	strbuf_reset(&it->started);
	if (started)
		strbuf_adds(&it->started, started);
	return it->rc;
}

/* A waiting side is woken only once the other has gone half way round the
 * ring (or the file ended): one wake-up per QUEUE_SLOTS / 2 dialogues
 * instead of one per dialogue. */
static void *read_ahead(void *arg)
{
	struct tr_queue *q = arg;
	int rc;
	do {
		struct tr_item *it;
		pthread_mutex_lock(&q->mu);
		if (!q->stop && q->head - q->tail == QUEUE_SLOTS) {
			q->reader_waits = 1;
			while (!q->stop && q->head - q->tail > QUEUE_SLOTS / 2)
				pthread_cond_wait(&q->freed, &q->mu);
			q->reader_waits = 0;
		}
		it = q->stop ? NULL : &q->slots[q->head % QUEUE_SLOTS];
		pthread_mutex_unlock(&q->mu);
		if (!it)
			break;
		rc = read_item(q, it);
		pthread_mutex_lock(&q->mu);
		q->head++;
		if (q->loader_waits && (rc <= 0 || q->head - q->tail >= QUEUE_SLOTS / 2))
			pthread_cond_signal(&q->filled);
		pthread_mutex_unlock(&q->mu);
	} while (rc > 0);
	return NULL;
}

/* The next slot in file order, read by now. */
static struct tr_item *queue_take(struct tr_queue *q)
{
	struct tr_item *it;
	if (!q->threaded) {
		it = &q->slots[0];
		read_item(q, it);
		return it;
	}
	pthread_mutex_lock(&q->mu);
	if (q->head == q->tail) {
		q->loader_waits = 1;
		while (q->head == q->tail)
			pthread_cond_wait(&q->filled, &q->mu);
		q->loader_waits = 0;
	}
	it = &q->slots[q->tail % QUEUE_SLOTS];
	pthread_mutex_unlock(&q->mu);
	return it;
}

static void queue_give_back(struct tr_queue *q)
{
	if (!q->threaded)
		return;
	pthread_mutex_lock(&q->mu);
	q->tail++;
	if (q->reader_waits && q->head - q->tail <= QUEUE_SLOTS / 2)
		pthread_cond_signal(&q->freed);
	pthread_mutex_unlock(&q->mu);
}

static void queue_stop(struct tr_queue *q, pthread_t reader)
{
	if (!q->threaded)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_signal(&q->freed);
	pthread_mutex_unlock(&q->mu);
	pthread_join(reader, NULL);
	pthread_cond_destroy(&q->freed);
	pthread_cond_destroy(&q->filled);
	pthread_mutex_destroy(&q->mu);
}

int transcripts_want_reader_thread(void)
{
	const char *v = getenv("LEADQA_INGEST_THREADS");
	return !(v && !strcmp(v, "1"));
}

static int queue_start(struct tr_queue *q, pthread_t *reader)
{
	if (!transcripts_want_reader_thread())
		return 0;
	if (pthread_mutex_init(&q->mu, NULL))
		return 0;
	if (pthread_cond_init(&q->filled, NULL))
		goto no_filled;
	if (pthread_cond_init(&q->freed, NULL))
		goto no_freed;
	/* libxml2 sets up its shared state once, before a second thread uses it */
	xmlInitParser();
	if (pthread_create(reader, NULL, read_ahead, q) == 0) {
		q->threaded = 1;
		return 0;
	}
	pthread_cond_destroy(&q->freed);
no_freed:
	pthread_cond_destroy(&q->filled);
no_filled:
	pthread_mutex_destroy(&q->mu);
	return 0;     /* reading in line works too, on one core */
}

static void replay_problems(struct ingest_file_ctx *c, const struct tr_item *it)
{
	const char *p = it->problems.buf, *end = p + it->problems.len;
	while (p && p < end) {
		char *msg;
		long line = strtol(p, &msg, 10);
		ingest_problem(c, line, "%s", *msg == ' ' ? msg + 1 : msg);
		p += strlen(p) + 1;
	}
}

/* Asks for the fingerprint's verdict: at once when `now` (something is
 * about to be recorded or printed), else only when it is ready.  0 to go
 * on, 1 when the load is to be abandoned, -1 on a database error. */
static int check_fingerprint(struct tr_queue *q, int now)
{
	int v = FP_NEW;
	if (q->job)
		v = now ? fp_settle(q->c->db, q->job) : fp_poll(q->c->db, q->job);
	if (v < 0)
		return -1;
	if (v == FP_PENDING)
		return 0;
	if (v != FP_NEW)
		return 1;
	if (!q->progress_tried) {
		q->progress_tried = 1;
		q->progress = maybe_progress(q->c->path);
	}
	return 0;
}

/* Stores what the reader hands over, in file order, up to the end of the
 * file or its break (*end gets TR_END or TR_BROKEN, or LOAD_ABANDONED).
 * 0, or -1 when storing failed. */
static int store_all(struct tr_queue *q, struct tr_store *s, long *n_complete, int *end)
{
	for (;;) {
		struct tr_item *it = queue_take(q);
		int rc = it->rc, failed = 0;
		int verdict = check_fingerprint(q, it->problems.len > 0 || rc <= 0);
		if (verdict) {
			queue_give_back(q);
			*end = LOAD_ABANDONED;
			return verdict < 0 ? -1 : 0;
		}
		replay_problems(q->c, it);
		if (rc > 0) {
			++*n_complete;
			if (rc == TR_SKIPPED)
				q->c->n_skipped++;
			else
				failed = store_dialogue(s, &it->d,
							it->has_started ? strbuf_str(&it->started) : NULL);
			progress_update(q->progress, *n_complete);
		}
		queue_give_back(q);
		if (failed)
			return -1;
		if (rc <= 0) {
			*end = rc;
			return 0;
		}
	}
}

/* transcripts_load() while `job` (NULL: none) takes the fingerprint. */
int transcripts_load_with(struct ingest_file_ctx *c, struct fp_job *job)
{
	struct xml_input_opts o = { 0, 0, on_reader_problem, NULL, 0 };
	struct tr_store s;
	struct tr_queue *q = xmalloc(sizeof(*q));
	pthread_t reader;
	long n_complete = 0;
	int end = TR_BROKEN, rc, ret = -1;
	queue_init(q, c);
	q->job = job;
	o.arg = q;
	memset(&s, 0, sizeof(s));
	s.c = c;
	s.oldest_started = INT64_MAX;
	o.max_bytes = c->settings && c->settings->max_decompressed_bytes ?
		      c->settings->max_decompressed_bytes : DEFAULT_MAX_BYTES;
	o.max_turn_bytes = c->settings && c->settings->max_turn_bytes ?
			   c->settings->max_turn_bytes : DEFAULT_MAX_TURN;
	o.max_turns = c->settings && c->settings->max_turns ?
		      c->settings->max_turns : INGEST_MAX_TURNS;
	if (store_prepare(&s, c->db))
		goto out;
	q->r = transcript_reader_new(xml_input_open(c->path, &o));
	if (!q->r)
		goto out;
	if (check_fingerprint(q, 0) < 0)
		goto out;
	queue_start(q, &reader);
	rc = store_all(q, &s, &n_complete, &end);
	queue_stop(q, reader);
	if (rc == 0 && end == LOAD_ABANDONED)
		ret = LOAD_ABANDONED;
	else if (rc == 0)
		ret = end == TR_END ? 0 : broke_off(c, transcript_reader_input(q->r), n_complete);
	/* what was stored, old or not, is for retention to look at */
	if (ret >= 0 && ret != LOAD_ABANDONED && s.oldest_started < INT64_MAX &&
	    retention_note_loaded(c->db, s.oldest_started))
		ret = -1;
out:
	progress_end(q->progress);
	transcript_reader_close(q->r);
	queue_release(q);
	free(q);
	store_finalize(&s);
	return ret;
}

int transcripts_load(struct ingest_file_ctx *c)
{
	return transcripts_load_with(c, NULL);
}
