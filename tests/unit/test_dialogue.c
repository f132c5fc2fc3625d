/* test_dialogue.c — the schema opens and re-opens, content hashes see every
 * change, and the cursor merges turns and events back in id order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "dialogue.h"
#include "dialogue_store.h"
#include "util.h"
#include "testdb.h"

static void hash(struct dialogue *d)
{
	struct strbuf scratch = STRBUF_INIT;
	dialogue_compute_hash(d, &scratch);
	strbuf_release(&scratch);
}

static void make_dialogue(struct dialogue *d, const char *id, int turns)
{
	dialogue_clear(d);
	d->id = dialogue_strdup(d, id);
	d->channel = dialogue_strdup(d, "web");
	for (int i = 0; i < turns; i++) {
		char text[32];
		snprintf(text, sizeof(text), "%s turn %d", id, i + 1);
		dialogue_add_turn(d, i % 2 ? SPEAKER_BOT : SPEAKER_CLIENT, NULL, NULL, 1000 + i, 1, text);
		if (i == 1)
			dialogue_add_event(d, "handoff", 1100, 1, "op-1", NULL, "type=handoff\nto=op-1\n");
	}
	hash(d);
}

static void test_hash_sees_changes(void **state)
{
	struct dialogue d;
	char first[33];
	(void)state;
	dialogue_init(&d);
	make_dialogue(&d, "a-1", 3);
	snprintf(first, sizeof(first), "%s", d.content_hash);
	/* stored in databases: the value must never change */
	assert_string_equal(first, "8fdf81853944cd03fd09c153ad446dcd");
	{
		/* and what schema version 3 stored for it is still recognised */
		char legacy[DIALOGUE_LEGACY_HASHES][33];
		dialogue_legacy_hashes(&d, legacy);
		assert_string_equal(legacy[0], "a775f9b10b2facdf93d47dfed7ebf2e9");
	}
	make_dialogue(&d, "a-1", 3);
	assert_string_equal(first, d.content_hash);
	make_dialogue(&d, "a-1", 4);
	assert_string_not_equal(first, d.content_hash);
	make_dialogue(&d, "a-1", 3);
	d.turns[2].text = dialogue_strdup(&d, "changed");
	hash(&d);
	assert_string_not_equal(first, d.content_hash);
	dialogue_release(&d);
}

static void store(sqlite3 *db, const struct dialogue *d)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO dialogues(id, channel, has_contact, n_turns,"
				      " content_hash, ingested_at) VALUES(?, ?, 0, ?, ?, 0)");
	assert_non_null(st);
	db_bind_text(st, 1, d->id);
	db_bind_text(st, 2, d->channel);
	sqlite3_bind_int(st, 3, (int)d->n_turns);
	db_bind_text(st, 4, d->content_hash);
	assert_int_equal(db_step_done(db, st), 0);
	sqlite3_finalize(st);
	st = db_prepare(db, "INSERT INTO turns(dialogue_id, n, speaker, at, text) VALUES(?,?,?,?,?)");
	for (size_t i = 0; i < d->n_turns; i++) {
		db_bind_text(st, 1, d->id);
		sqlite3_bind_int(st, 2, d->turns[i].n);
		db_bind_text(st, 3, speaker_name(d->turns[i].speaker));
		sqlite3_bind_int64(st, 4, d->turns[i].at);
		db_bind_text(st, 5, d->turns[i].text);
		assert_int_equal(db_step_done(db, st), 0);
	}
	sqlite3_finalize(st);
	st = db_prepare(db, "INSERT INTO events(dialogue_id, seq, after_turn, type, at, target, attrs)"
			    " VALUES(?,?,?,?,?,?,?)");
	for (size_t i = 0; i < d->n_events; i++) {
		db_bind_text(st, 1, d->id);
		sqlite3_bind_int(st, 2, (int)i + 1);
		sqlite3_bind_int(st, 3, d->events[i].after_turn);
		db_bind_text(st, 4, d->events[i].type);
		sqlite3_bind_int64(st, 5, d->events[i].at);
		db_bind_text(st, 6, d->events[i].target);
		db_bind_text(st, 7, d->events[i].attrs);
		assert_int_equal(db_step_done(db, st), 0);
	}
	sqlite3_finalize(st);
}

static void test_cursor_round_trip(void **state)
{
	char path[] = "/tmp/lq-test-dialogue-XXXXXX";
	int fd = mkstemp(path);
	sqlite3 *db;
	struct dialogue d, back;
	struct dialogue_cursor *c;
	const char *ids[] = { "b-2", "a-1", "c-3" };
	const int nturns[] = { 0, 3, 2 };
	char hashes[3][33];
	int seen = 0;
	(void)state;
	close(fd);
	db = db_open(path);
	assert_non_null(db);
	dialogue_init(&d);
	dialogue_init(&back);
	for (int i = 0; i < 3; i++) {
		make_dialogue(&d, ids[i], nturns[i]);
		snprintf(hashes[i], 33, "%s", d.content_hash);
		store(db, &d);
	}
	/* an orphan turn row sorting between dialogues must be skipped */
	assert_int_equal(db_exec(db, "INSERT INTO turns(dialogue_id, n, speaker, text)"
				     " VALUES('a-15', 1, 'client', 'orphan')"), 0);
	c = dialogue_cursor_open(db, NULL);
	assert_non_null(c);
	while (dialogue_cursor_next(c, &back) == 1) {
		const char *want = seen == 0 ? "a-1" : seen == 1 ? "b-2" : "c-3";
		int src = seen == 0 ? 1 : seen == 1 ? 0 : 2;
		assert_string_equal(back.id, want);
		assert_int_equal(back.n_turns, nturns[src]);
		if (nturns[src] >= 2) {
			assert_int_equal(back.n_events, 1);
			assert_string_equal(back.events[0].target, "op-1");
			assert_int_equal(back.events[0].after_turn, 2);
		}
		hash(&back);
		assert_string_equal(back.content_hash, hashes[src]);
		seen++;
	}
	assert_int_equal(seen, 3);
	dialogue_cursor_close(c);

	assert_int_equal(dialogue_load(db, "c-3", &back), 1);
	assert_int_equal(back.n_turns, 2);
	assert_string_equal(back.turns[1].text, "c-3 turn 2");
	assert_int_equal(dialogue_load(db, "zzz", &back), 0);
	dialogue_release(&d);
	dialogue_release(&back);
	db_close(db);
	/* re-opening keeps the schema version and the data */
	db = db_open(path);
	assert_non_null(db);
	assert_int_equal(db_query_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	assert_int_equal(db_query_int(db, "PRAGMA page_size"), 8192);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM dialogues"), 3);
	assert_int_equal(db_meta_set(db, "k", "v"), 0);
	{
		char *v = db_meta_get(db, "k");
		assert_string_equal(v, "v");
		free(v);
	}
	db_close(db);
	remove_db(path);
}

/* A database that version 1 of the schema left, with a row per turn, is
 * brought to version 2 when opened: every turn lands in its dialogue's
 * pack, in order, and the `turns` view still shows the same rows. */
static void test_upgrade_from_turn_rows(void **state)
{
	char path[] = "/tmp/lq-test-upgrade-XXXXXX";
	int fd = mkstemp(path);
	sqlite3 *raw, *db;
	struct dialogue back;
	(void)state;
	close(fd);
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	/* version 1's own definitions of the two tables; the rest of its schema
	 * is created by db_open() as for any older file */
	assert_int_equal(sqlite3_exec(raw,
		"CREATE TABLE dialogues(id TEXT PRIMARY KEY, source TEXT, channel TEXT, page TEXT,"
		" lang TEXT, started INTEGER, ended INTEGER, started_text TEXT, crm_id TEXT,"
		" email TEXT, phone TEXT, name TEXT, has_contact INTEGER NOT NULL DEFAULT 0,"
		" n_turns INTEGER NOT NULL DEFAULT 0, n_events INTEGER NOT NULL DEFAULT 0,"
		" content_hash TEXT NOT NULL, file_id INTEGER, version INTEGER NOT NULL DEFAULT 1,"
		" ingested_at INTEGER NOT NULL);"
		"CREATE TABLE turns(dialogue_id TEXT NOT NULL, n INTEGER NOT NULL,"
		" speaker TEXT NOT NULL, agent TEXT, at INTEGER, text TEXT NOT NULL,"
		" PRIMARY KEY(dialogue_id, n)) WITHOUT ROWID;"
		"INSERT INTO dialogues(id, n_turns, content_hash, ingested_at) VALUES"
		" ('d-2', 3, 'h2', 0), ('d-1', 0, 'h1', 0);"
		"INSERT INTO turns VALUES ('d-2', 3, 'client', NULL, 30, 'third \"q\" '),"
		" ('d-2', 1, 'client', NULL, 10, 'first'), ('d-2', 2, 'bot', 'Ava', NULL, 'second');"
		"PRAGMA user_version = 0;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);

	db = db_open(path);
	assert_non_null(db);
	assert_int_equal(db_query_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM turns"), 3);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM turns WHERE dialogue_id = 'd-2'"
				      " AND n = 2 AND speaker = 'bot' AND agent = 'Ava' AND at IS NULL"), 1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM dialogues WHERE bot_agent = 'Ava'"), 1);
	dialogue_init(&back);
	assert_int_equal(dialogue_load(db, "d-2", &back), 1);
	assert_int_equal(back.n_turns, 3);
	assert_string_equal(back.turns[0].text, "first");
	assert_string_equal(back.turns[1].agent, "Ava");
	assert_int_equal(back.turns[1].has_at, 0);
	assert_string_equal(back.turns[2].text, "third \"q\" ");
	assert_int_equal(back.turns[2].at, 30);
	assert_int_equal(dialogue_load(db, "d-1", &back), 1);
	assert_int_equal(back.n_turns, 0);
	dialogue_release(&back);
	db_close(db);
	remove_db(path);
}

/* A damaged pack is an error naming the dialogue, not a dialogue without turns. */
static void test_damaged_pack_is_an_error(void **state)
{
	char path[] = "/tmp/lq-test-damaged-XXXXXX";
	int fd = mkstemp(path);
	sqlite3 *db;
	struct dialogue back;
	struct dialogue_cursor *c;
	(void)state;
	close(fd);
	db = db_open(path);
	assert_non_null(db);
	assert_int_equal(db_exec(db, "INSERT INTO dialogues(id, n_turns, content_hash, ingested_at,"
				     " turns_pack) VALUES('x-1', 1, 'h', 0, 1);"
				     "INSERT INTO turn_packs(id, turns) VALUES(1, '[[\"client\",null,1,');"), 0);
	dialogue_init(&back);
	assert_int_equal(dialogue_load(db, "x-1", &back), -1);
	c = dialogue_cursor_open(db, NULL);
	assert_non_null(c);
	assert_int_equal(dialogue_cursor_next(c, &back), -1);
	dialogue_cursor_close(c);
	dialogue_release(&back);
	db_close(db);
	remove_db(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_sees_changes),
		cmocka_unit_test(test_cursor_round_trip),
		cmocka_unit_test(test_upgrade_from_turn_rows),
		cmocka_unit_test(test_damaged_pack_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
