/* test_score.c — the scoring stage without a model (findings only, lead
 * score NULL), grades, picking the newest model file, and what is rescored. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "score.h"
#include "util.h"
#include "testdb.h"

struct fixture {
	char path[64];
	sqlite3 *db;
};

static void add_dialogue(sqlite3 *db, const char *id, const char *hash, const char *t1, const char *t2)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO dialogues(id, channel, page, started, has_contact,"
				      " n_turns, content_hash, ingested_at) VALUES(?, 'web', '/help', 1790812800, 1, 2, ?, 0)");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, hash);
	assert_int_equal(db_step_done(db, st), 0);
	sqlite3_finalize(st);
	st = db_prepare(db, "INSERT INTO turns(dialogue_id, n, speaker, at, text) VALUES(?, ?, ?, ?, ?)");
	db_bind_text(st, 1, id);
	sqlite3_bind_int(st, 2, 1);
	db_bind_text(st, 3, "client");
	sqlite3_bind_int64(st, 4, 1790812800);
	db_bind_text(st, 5, t1);
	assert_int_equal(db_step_done(db, st), 0);
	db_bind_text(st, 1, id);
	sqlite3_bind_int(st, 2, 2);
	db_bind_text(st, 3, "bot");
	sqlite3_bind_int64(st, 4, 1790812805);
	db_bind_text(st, 5, t2);
	assert_int_equal(db_step_done(db, st), 0);
	sqlite3_finalize(st);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	int fd;
	snprintf(f->path, sizeof(f->path), "/tmp/lq-score-XXXXXX");
	fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(f->path);
	f->db = db_open(f->path);
	*state = f;
	if (!f->db)
		return -1;
	add_dialogue(f->db, "a", "h1", "Не проходит оплата картой", "Кстати, годовой тариф со скидкой 20%!");
	add_dialogue(f->db, "b", "h2", "Позовите оператора", "Я вас не понял");
	add_dialogue(f->db, "c", "h3", "Сколько стоит тариф?", "990 рублей в месяц");
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	remove_db(f->path);
	free(f);
	return 0;
}

static void settings(struct score_settings *s, const struct fixture *f)
{
	score_settings_init(s);
	s->db_path = f->path;
	s->model_dir = "/nonexistent/leadqa-models";
	s->lexicon_dir = "../../models";
	s->threads = 2;
}

static void test_no_model_judges_only(void **state)
{
	struct fixture *f = *state;
	struct score_settings s;
	struct score_totals t;
	settings(&s, f);
	assert_int_equal(score_run(f->db, &s, &t), 0);
	assert_int_equal(t.scored, 3);
	assert_string_equal(t.model_version, "");
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM scores WHERE lead_score IS NULL"
				      " AND lead_grade IS NULL AND probability IS NULL AND model_version IS NULL"), 3);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM findings"), t.findings);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM scores WHERE premature + missed + context_lost > 0"),
			 db_query_int(f->db, "SELECT count(DISTINCT dialogue_id) FROM findings"));
	/* nothing new: nothing scored; a changed dialogue: scored again */
	assert_int_equal(score_run(f->db, &s, &t), 0);
	assert_int_equal(t.scored, 0);
	assert_int_equal(db_exec(f->db, "UPDATE dialogues SET content_hash = 'h9' WHERE id = 'b'"), 0);
	assert_int_equal(score_run(f->db, &s, &t), 0);
	assert_int_equal(t.scored, 1);
	s.all = 1;
	s.threads = 1;
	assert_int_equal(score_run(f->db, &s, &t), 0);
	assert_int_equal(t.scored, 3);
	assert_int_equal(t.changed, 0);
}

/* The tags ride in the dialogue's scores row, sorted by turn, and the
 * turn_tags view shows them as rows; scoring again replaces them whole. */
static void test_tags_in_scores_row(void **state)
{
	struct fixture *f = *state;
	struct score_settings s;
	struct score_totals t;
	settings(&s, f);
	assert_int_equal(score_run(f->db, &s, &t), 0);
	/* "a": a problem stated in turn 1, an offer in turn 2 */
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM turn_tags WHERE dialogue_id = 'a'"
				      " AND n = 1 AND tag = 'problem-stated'"), 1);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM turn_tags WHERE dialogue_id = 'a'"
				      " AND n = 2 AND tag = 'cross-sell-offer' AND cue <> ''"), 1);
	assert_int_equal(db_query_int(f->db, "SELECT json_valid(tags) FROM scores WHERE dialogue_id = 'a'"), 1);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM scores s, json_each(s.tags) j"),
			 db_query_int(f->db, "SELECT count(*) FROM turn_tags"));
	/* in turn order, one entry per (turn, tag) */
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM scores s, json_each(s.tags) a,"
				      " json_each(s.tags) b WHERE b.key = a.key + 1"
				      " AND json_extract(b.value, '$[0]') < json_extract(a.value, '$[0]')"), 0);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM (SELECT dialogue_id, n, tag FROM turn_tags"
				      " GROUP BY 1, 2, 3 HAVING count(*) > 1)"), 0);
	/* SQL can still add and remove a scored dialogue's tags, not an unscored one's */
	assert_int_equal(db_exec(f->db, "INSERT INTO turn_tags(dialogue_id, n, tag, cue)"
				 " VALUES('a', 2, 'bot-failure', 'x \"y\"')"), 0);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM turn_tags WHERE dialogue_id = 'a'"
				      " AND tag = 'bot-failure' AND cue = 'x \"y\"'"), 1);
	assert_int_equal(db_exec(f->db, "DELETE FROM turn_tags WHERE dialogue_id = 'a' AND tag = 'bot-failure'"), 0);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM turn_tags WHERE dialogue_id = 'a'"
				      " AND tag = 'bot-failure'"), 0);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM turn_tags WHERE dialogue_id = 'a'"), 2);
	assert_int_not_equal(db_exec(f->db, "INSERT INTO turn_tags(dialogue_id, n, tag)"
				     " VALUES('nobody', 1, 'problem-stated')"), 0);
	assert_int_equal(db_exec(f->db, "DELETE FROM turn_tags WHERE dialogue_id = 'a'"), 0);
	assert_int_equal(db_query_int(f->db, "SELECT tags IS NULL FROM scores WHERE dialogue_id = 'a'"), 1);
	s.all = 1;
	assert_int_equal(score_run(f->db, &s, &t), 0);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM turn_tags WHERE dialogue_id = 'a'"), 2);
}

/* A database that version 2 of the schema left, with a row per turn tag,
 * is brought to version 3 when opened: every tag lands in its dialogue's
 * scores row, in turn order, and the turn_tags view shows the same rows. */
static void test_upgrade_from_tag_rows(void **state)
{
	char path[] = "/tmp/lq-test-tags-XXXXXX";
	int fd = mkstemp(path);
	sqlite3 *raw, *db;
	(void)state;
	close(fd);
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	/* version 1's own definitions of the two tables; the rest is created
	 * and upgraded by db_open() as for any older file */
	assert_int_equal(sqlite3_exec(raw,
		"CREATE TABLE scores(dialogue_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL,"
		" lead_score INTEGER, lead_grade TEXT, probability REAL,"
		" premature INTEGER NOT NULL, missed INTEGER NOT NULL,"
		" context_lost INTEGER NOT NULL DEFAULT 0, top_factors TEXT NOT NULL DEFAULT '',"
		" model_version TEXT, scored_at INTEGER NOT NULL, changed_at INTEGER NOT NULL);"
		"CREATE TABLE turn_tags(dialogue_id TEXT NOT NULL, n INTEGER NOT NULL, tag TEXT NOT NULL,"
		" cue TEXT, PRIMARY KEY(dialogue_id, n, tag)) WITHOUT ROWID;"
		"INSERT INTO scores VALUES ('s-1', 'h', 62, 'B', 0.62, 1, 0, 0, 'asked about prices',"
		" 'lq-1', 5, 6), ('s-2', 'h', NULL, NULL, NULL, 0, 0, 0, '', NULL, 5, 5);"
		"INSERT INTO turn_tags VALUES ('s-1', 4, 'cross-sell-offer', 'скидк'),"
		" ('s-1', 1, 'problem-stated', NULL), ('s-1', 1, 'frustration', 'say \"no\"');"
		"PRAGMA user_version = 0;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);

	db = db_open(path);
	assert_non_null(db);
	assert_int_equal(db_query_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM scores WHERE dialogue_id = 's-1'"
				      " AND lead_score = 62 AND top_factors = 'asked about prices'"
				      " AND changed_at = 6"), 1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM turn_tags"), 3);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM turn_tags WHERE dialogue_id = 's-1'"
				      " AND n = 1 AND tag = 'frustration' AND cue = 'say \"no\"'"), 1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM turn_tags WHERE dialogue_id = 's-1'"
				      " AND n = 4 AND cue = 'скидк'"), 1);
	assert_int_equal(db_query_int(db, "SELECT json_extract(tags, '$[2][0]') FROM scores"
				      " WHERE dialogue_id = 's-1'"), 4);
	assert_int_equal(db_query_int(db, "SELECT tags IS NULL FROM scores WHERE dialogue_id = 's-2'"), 1);
	db_close(db);
	remove_db(path);
}

static void test_bad_model_fails(void **state)
{
	struct fixture *f = *state;
	struct score_settings s;
	struct score_totals t;
	settings(&s, f);
	s.model_path = "/nonexistent/lq-20260101-0001.model";
	assert_int_equal(score_run(f->db, &s, &t), -1);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM scores"), 0);
}

static void test_grades(void **state)
{
	(void)state;
	assert_string_equal(score_grade(100), "A");
	assert_string_equal(score_grade(75), "A");
	assert_string_equal(score_grade(74), "B");
	assert_string_equal(score_grade(50), "B");
	assert_string_equal(score_grade(49), "C");
	assert_string_equal(score_grade(25), "C");
	assert_string_equal(score_grade(24), "D");
	assert_string_equal(score_grade(0), "D");
}

static void touch(const char *dir, const char *name)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
}

static void test_newest_model(void **state)
{
	char dir[64], *p;
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/lq-models-XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_null(score_newest_model(dir));
	touch(dir, "lq-20261124-0002.model");
	touch(dir, "lq-20261124-0010.model");
	touch(dir, "lq-20261123-0099.model");
	touch(dir, "lexicon-ru.txt");
	p = score_newest_model(dir);
	assert_non_null(p);
	assert_non_null(strstr(p, "/lq-20261124-0010.model"));
	free(p);
	{
		const char *names[] = { "lq-20261124-0002.model", "lq-20261124-0010.model",
					"lq-20261123-0099.model", "lexicon-ru.txt" };
		char path[256];
		for (int i = 0; i < 4; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			unlink(path);
		}
		rmdir(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_model_judges_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_model_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tags_in_scores_row, setup, teardown),
		cmocka_unit_test(test_upgrade_from_tag_rows),
		cmocka_unit_test(test_grades),
		cmocka_unit_test(test_newest_model),
	};
	lq_quiet = 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
