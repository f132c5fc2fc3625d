/* labels.c — storing trainer labels (formats.md section 5): one row per
 * dialogue and trainer in labels, its turn tags in label_turns.  A later
 * label by the same trainer replaces the earlier one; labels of dialogues not
 * loaded yet are kept, as the dialogue may come later, and named in one
 * warning per file.  A label that tags a turn the loaded dialogue does not
 * have is skipped and named, as a bad value is (transcripts.c). */
#include "compat.h"
#include "loader.h"
#include "db.h"
#include "transcripts.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_BYTES ((uint64_t)8 << 30)

/* Dialogues named in the file but not in the database: the first few are
 * listed in the warning. */
#define UNKNOWN_LISTED 5

struct label_store {
	struct ingest_file_ctx *c;
	sqlite3_stmt *get, *put, *del_turns, *add_turn, *turns_of;
	long n_unknown;
	struct strbuf unknown;
};

static int label_store_prepare(struct label_store *s, sqlite3 *db)
{
	s->get = db_prepare(db, "SELECT labeled_at FROM labels WHERE dialogue_id = ? AND trainer = ?");
	s->put = db_prepare(db, "INSERT OR REPLACE INTO labels(dialogue_id, trainer, labeled_at,"
			    " premature, missed, lead_quality, file_id) VALUES(?, ?, ?, ?, ?, ?, ?)");
	s->del_turns = db_prepare(db, "DELETE FROM label_turns WHERE dialogue_id = ? AND trainer = ?");
	s->add_turn = db_prepare(db, "INSERT OR IGNORE INTO label_turns(dialogue_id, trainer, n, tag)"
				 " VALUES(?, ?, ?, ?)");
	s->turns_of = db_prepare(db, "SELECT n_turns FROM dialogues WHERE id = ?");
	return s->get && s->put && s->del_turns && s->add_turn && s->turns_of ? 0 : -1;
}

static void label_store_finalize(struct label_store *s)
{
	sqlite3_finalize(s->turns_of);
	strbuf_release(&s->unknown);
	sqlite3_finalize(s->add_turn);
	sqlite3_finalize(s->del_turns);
	sqlite3_finalize(s->put);
	sqlite3_finalize(s->get);
}

/* 1 when the stored label of this trainer is newer than l (l is older and
 * loses), 0 otherwise, -1 on error. */
static int stored_is_newer(struct label_store *s, const struct label *l)
{
	int rc, ret = 0;
	db_bind_text(s->get, 1, l->dialogue_id);
	db_bind_text(s->get, 2, l->trainer);
	rc = sqlite3_step(s->get);
	if (rc == SQLITE_ROW)
		ret = l->has_at && sqlite3_column_type(s->get, 0) != SQLITE_NULL &&
		      sqlite3_column_int64(s->get, 0) > l->at;
	else if (rc != SQLITE_DONE)
		ret = error("database: %s", sqlite3_errmsg(s->c->db));
	sqlite3_reset(s->get);
	return ret;
}

/* The number of turns of the dialogue, 0 when it is not loaded, -1. */
static long turns_of(struct label_store *s, const char *dialogue_id)
{
	long n = 0;
	int rc;
	db_bind_text(s->turns_of, 1, dialogue_id);
	rc = sqlite3_step(s->turns_of);
	if (rc == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s->turns_of, 0);
	else if (rc != SQLITE_DONE)
		n = error("database: %s", sqlite3_errmsg(s->c->db));
	sqlite3_reset(s->turns_of);
	return n;
}

/* 1 when the label fits the loaded dialogue (or the dialogue is not
 * loaded: it is noted for the warning), 0 when it tags a turn past the
 * dialogue's end (named, skipped), -1 on error. */
static int check_against_dialogue(struct label_store *s, const struct label *l)
{
	long n = turns_of(s, l->dialogue_id);
	int fits = 1;
	if (n < 0)
		return -1;
	if (n == 0) {
		if (s->n_unknown++ < UNKNOWN_LISTED)
			strbuf_addf(&s->unknown, "%s'%s' (line %ld)", s->n_unknown > 1 ? ", " : "",
				    l->dialogue_id, l->line);
		return 1;
	}
	for (size_t i = 0; i < l->n_turns; i++) {
		if (l->turns[i].n <= n)
			continue;
		ingest_problem(s->c, l->line, "turn n='%d' is past the end of dialogue '%s' (%ld turns)"
			       " (this <labeled> is skipped)", l->turns[i].n, l->dialogue_id, n);
		fits = 0;
	}
	return fits;
}

static int store_label(struct label_store *s, const struct label *l)
{
	struct ingest_file_ctx *c = s->c;
	int newer, fits = check_against_dialogue(s, l);
	if (fits < 0)
		return -1;
	if (!fits) {
		c->n_skipped++;
		return 0;
	}
	newer = stored_is_newer(s, l);
	if (newer < 0)
		return -1;
	if (newer) {
		c->n_unchanged++;
		return 0;
	}
	db_bind_text(s->del_turns, 1, l->dialogue_id);
	db_bind_text(s->del_turns, 2, l->trainer);
	if (db_step_done(c->db, s->del_turns))
		return -1;
	db_bind_text(s->put, 1, l->dialogue_id);
	db_bind_text(s->put, 2, l->trainer);
	db_bind_opt_int(s->put, 3, l->at, l->has_at);
	db_bind_text(s->put, 4, l->premature);
	db_bind_text(s->put, 5, l->missed);
	db_bind_text(s->put, 6, l->lead_quality);
	sqlite3_bind_int64(s->put, 7, c->file_id);
	if (db_step_done(c->db, s->put))
		return -1;
	for (size_t i = 0; i < l->n_turns; i++) {
		db_bind_text(s->add_turn, 1, l->dialogue_id);
		db_bind_text(s->add_turn, 2, l->trainer);
		sqlite3_bind_int(s->add_turn, 3, l->turns[i].n);
		db_bind_text(s->add_turn, 4, l->turns[i].tag);
		if (db_step_done(c->db, s->add_turn))
			return -1;
	}
	c->n_records++;
	return 0;
}

static void on_label_problem(void *arg, long line, const char *msg)
{
	ingest_problem(arg, line, "%s", msg);
}

int labels_load(struct ingest_file_ctx *c)
{
	struct xml_input_opts o = { 0, 0, on_label_problem, c, 0 };
	struct label_store s = { c, NULL, NULL, NULL, NULL, NULL, 0, STRBUF_INIT };
	struct label_reader *r = NULL;
	struct label l;
	long n_complete = 0, line;
	const char *msg;
	int rc, ret = -1;
	label_init(&l);
	o.max_bytes = c->settings && c->settings->max_decompressed_bytes ?
		      c->settings->max_decompressed_bytes : DEFAULT_MAX_BYTES;
	if (label_store_prepare(&s, c->db))
		goto out;
	r = label_reader_new(xml_input_open(c->path, &o));
	if (!r)
		goto out;
	while ((rc = label_reader_next(r, &l)) > 0) {
		n_complete++;
		if (rc == TR_SKIPPED)
			c->n_skipped++;
		else if (store_label(&s, &l))
			goto out;
	}
	if (s.n_unknown)
		warning_at(c->path, 0, "%ld label%s name%s dialogues not in the database (kept for when"
			   " they arrive): %s%s", s.n_unknown, s.n_unknown > 1 ? "s" : "",
			   s.n_unknown > 1 ? "" : "s", s.unknown.buf,
			   s.n_unknown > UNKNOWN_LISTED ? ", ..." : "");
	if (rc == TR_END) {
		ret = 0;
		goto out;
	}
	msg = xml_input_error(label_reader_input(r), &line);
	if (!msg)
		msg = "the file ended too early";
	if (n_complete > 0) {
		ingest_problem(c, line, "%s; the rest of the file is ignored", msg);
		c->truncated = 1;
		ret = 1;
	} else {
		ingest_problem(c, line, "%s", msg);
	}
out:
	label_reader_close(r);
	label_release(&l);
	label_store_finalize(&s);
	return ret;
}
