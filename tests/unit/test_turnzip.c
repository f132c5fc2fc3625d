/* test_turnzip.c — compressed turn packs: the first dictionary compresses
 * what was stored as JSON, every pack reads back as it was (through the C
 * reader and through SQL's turnpack_json()), a new dictionary leaves the old
 * packs readable, a pack whose dictionary is gone is refused, and packs that
 * make no dictionary stay JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "dialogue.h"
#include "turnpack.h"
#include "turnzip.h"
#include "util.h"

#define NOW 1795000000
#define DAY 86400

/* A dialogue of the kind a night holds: phrases that repeat across
 * dialogues, numbers and names that do not.  `set` picks other phrases. */
static void make_dialogue(struct dialogue *d, unsigned i, int set)
{
	static const char *const client[2][3] = {
		{ "Здравствуйте, не проходит оплата картой, заказ %u", "How much is the annual plan for %u seats?",
		  "Мне нужен оператор, вопрос по договору %u" },
		{ "Can I change the delivery address of order %u?", "Подскажите, где мой возврат %u",
		  "Is there a discount for %u licences?" },
	};
	static const char *const bot[2][2] = {
		{ "Спасибо за обращение! Уточните, пожалуйста, номер заказа.",
		  "The annual plan is 12 000 per year. Shall I send the price list?" },
		{ "Sure, I can help with the delivery. Which address should we use?",
		  "Возврат оформлен, деньги придут в течение 5 рабочих дней." },
	};
	char text[160];
	unsigned h = i * 2654435761u;
	dialogue_init(d);
	snprintf(text, sizeof(text), client[set][h % 3], h % 100000);
	dialogue_add_turn(d, SPEAKER_CLIENT, "client", NULL, NOW + (int64_t)i * 60, 1, text);
	dialogue_add_turn(d, SPEAKER_BOT, "bot", i % 2 ? "Ava" : NULL, NOW + (int64_t)i * 60 + 4, 1,
			  bot[set][h % 2]);
	if (i % 3 == 0)
		dialogue_add_turn(d, SPEAKER_OPERATOR, "operator", "op-7", 0, 0, "Добрый день! Сейчас проверю.");
}

static char *json_of(const struct dialogue *d)
{
	struct strbuf sb = STRBUF_INIT;
	turnpack_encode(d, &sb);
	return strbuf_detach(&sb);
}

/* n JSON packs with ids from first on */
static void add_json_packs(sqlite3 *db, unsigned first, unsigned n, int set)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO turn_packs(id, turns) VALUES(?, ?)");
	assert_non_null(st);
	for (unsigned i = first; i < first + n; i++) {
		struct dialogue d;
		char *json;
		make_dialogue(&d, i, set);
		json = json_of(&d);
		sqlite3_bind_int64(st, 1, i);
		sqlite3_bind_text(st, 2, json, -1, SQLITE_TRANSIENT);
		assert_int_equal(db_step_done(db, st), 0);
		free(json);
		dialogue_release(&d);
	}
	sqlite3_finalize(st);
}

/* pack `id` through a fresh turnzip: 0 and its JSON in *json, or -1 */
static int read_pack(sqlite3 *db, int64_t id, char **json)
{
	struct turnzip *z = turnzip_open(db);
	sqlite3_stmt *st = db_prepare(db, "SELECT turns FROM turn_packs WHERE id = ?");
	struct dialogue d;
	int rc = -1;
	dialogue_init(&d);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		int blob = sqlite3_column_type(st, 0) == SQLITE_BLOB;
		const void *p = blob ? sqlite3_column_blob(st, 0) : (const void *)sqlite3_column_text(st, 0);
		rc = turnzip_decode(z, p, (size_t)sqlite3_column_bytes(st, 0), blob, &d);
		if (!rc)
			*json = json_of(&d);
	}
	sqlite3_finalize(st);
	dialogue_release(&d);
	turnzip_close(z);
	return rc;
}

static void assert_pack_is(sqlite3 *db, int64_t id, unsigned i, int set)
{
	struct dialogue d;
	char *want, *got = NULL;
	make_dialogue(&d, i, set);
	want = json_of(&d);
	assert_int_equal(read_pack(db, id, &got), 0);
	assert_string_equal(got, want);
	free(got);
	free(want);
	dialogue_release(&d);
}

static int64_t q(sqlite3 *db, const char *sql)
{
	return db_query_int(db, sql);
}

static void test_first_dictionary_compresses_all(void **state)
{
	sqlite3 *db = db_open(":memory:");
	struct turnzip *z;
	int64_t json_bytes, blob_bytes;
	sqlite3_stmt *st;
	(void)state;
	assert_non_null(db);
	add_json_packs(db, 1, 2500, 0);
	json_bytes = q(db, "SELECT sum(length(CAST(turns AS BLOB))) FROM turn_packs");
	z = turnzip_open(db);
	assert_int_equal(turnzip_due_at(z, NOW), TURNZIP_MIN_PACKS);
	assert_int_equal(turnzip_train(z, NOW), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM turn_packs WHERE typeof(turns) = 'blob'"), 2500);
	assert_int_equal(q(db, "SELECT count(*) FROM pack_dicts"), 1);
	blob_bytes = q(db, "SELECT sum(length(turns)) FROM turn_packs");
	/* several times smaller (about 8x here) */
	assert_true(blob_bytes * 4 < json_bytes);
	for (unsigned i = 1; i <= 2500; i += 7)
		assert_pack_is(db, i, i, 0);
	/* SQL sees the same JSON as before */
	st = db_prepare(db, "SELECT id, turnpack_json(turns) FROM turn_packs ORDER BY id");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct dialogue d;
		char *want;
		make_dialogue(&d, (unsigned)sqlite3_column_int(st, 0), 0);
		want = json_of(&d);
		assert_string_equal((const char *)sqlite3_column_text(st, 1), want);
		free(want);
		dialogue_release(&d);
	}
	sqlite3_finalize(st);
	/* a damaged frame, cut or garbled, is refused, never half-read */
	{
		struct dialogue d;
		struct strbuf frame = STRBUF_INIT;
		int blob;
		dialogue_init(&d);
		make_dialogue(&d, 7, 0);
		assert_int_equal(turnzip_encode(z, &d, &frame, &blob), 0);
		assert_int_equal(blob, 1);
		for (size_t cut = 0; cut < frame.len; cut++) {
			dialogue_clear(&d);
			assert_int_equal(turnzip_decode(z, frame.buf, cut, 1, &d), -1);
		}
		frame.buf[frame.len - 2] ^= 0x5a;
		dialogue_clear(&d);
		(void)turnzip_decode(z, frame.buf, frame.len, 1, &d);   /* no crash; may or may not refuse */
		dialogue_clear(&d);
		assert_int_equal(turnzip_decode(z, "not a frame at all", 18, 1, &d), -1);
		dialogue_release(&d);
		strbuf_release(&frame);
	}
	/* no new one until the current one has grown old */
	assert_true(turnzip_due_at(z, NOW + 29 * DAY) == INT64_MAX);
	assert_int_equal(turnzip_due_at(z, NOW + 30 * DAY), 0);
	turnzip_close(z);
	db_close(db);
}

static void test_new_dictionary_keeps_old_packs(void **state)
{
	sqlite3 *db = db_open(":memory:");
	sqlite3_stmt *ins;
	struct turnzip *z;
	struct strbuf pack = STRBUF_INIT;
	char *first_dict, *second_dict, *json = NULL;
	(void)state;
	add_json_packs(db, 1, 2500, 0);
	z = turnzip_open(db);
	assert_int_equal(turnzip_train(z, NOW), 1);
	first_dict = db_meta_get(db, "pack_dict");
	/* a month of other talk, compressed with the first dictionary */
	ins = db_prepare(db, "INSERT INTO turn_packs(id, turns) VALUES(?, ?)");
	for (unsigned i = 2501; i <= 5000; i++) {
		struct dialogue d;
		int blob;
		make_dialogue(&d, i, 1);
		assert_int_equal(turnzip_encode(z, &d, &pack, &blob), 0);
		assert_int_equal(blob, 1);
		sqlite3_bind_int64(ins, 1, i);
		sqlite3_bind_blob(ins, 2, pack.buf, (int)pack.len, SQLITE_TRANSIENT);
		assert_int_equal(db_step_done(db, ins), 0);
		dialogue_release(&d);
	}
	sqlite3_finalize(ins);
	assert_int_equal(turnzip_train(z, NOW + 31 * DAY), 1);
	second_dict = db_meta_get(db, "pack_dict");
	assert_string_not_equal(first_dict, second_dict);
	assert_int_equal(q(db, "SELECT count(*) FROM pack_dicts"), 2);
	/* the first dictionary's packs were left as they were, and read */
	assert_pack_is(db, 1, 1, 0);
	assert_pack_is(db, 4000, 4000, 1);
	turnzip_close(z);
	/* every pack names its own dictionary: without the first, its packs
	 * are refused, not misread */
	{
		char sql[128];
		snprintf(sql, sizeof(sql), "DELETE FROM pack_dicts WHERE id = %s", first_dict);
		assert_int_equal(db_exec(db, sql), 0);
	}
	assert_int_equal(read_pack(db, 1, &json), -1);
	assert_int_equal(read_pack(db, 4000, &json), -1);
	free(first_dict);
	free(second_dict);
	strbuf_release(&pack);
	db_close(db);
}

static void test_no_dictionary_from_nothing(void **state)
{
	sqlite3 *db = db_open(":memory:");
	struct turnzip *z = turnzip_open(db);
	struct dialogue d;
	struct strbuf pack = STRBUF_INIT;
	int blob;
	char *v;
	(void)state;
	assert_int_equal(db_exec(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
				 " WHERE i < 10) INSERT INTO turn_packs(id, turns) SELECT i, '[]' FROM n"), 0);
	assert_int_equal(turnzip_train(z, NOW), 0);
	v = db_meta_get(db, "pack_dict_refused");
	assert_string_equal(v, "10");
	free(v);
	assert_int_equal(q(db, "SELECT count(*) FROM pack_dicts"), 0);
	assert_int_equal(turnzip_due_at(z, NOW), TURNZIP_MIN_PACKS);
	make_dialogue(&d, 1, 0);
	assert_int_equal(turnzip_encode(z, &d, &pack, &blob), 0);
	assert_int_equal(blob, 0);
	assert_int_equal(pack.buf[0], '[');
	dialogue_release(&d);
	/* thousands of one same pack: whatever the trainer makes of them,
	 * nothing breaks and every pack still reads */
	assert_int_equal(db_exec(db, "DELETE FROM turn_packs"), 0);
	add_json_packs(db, 1, 1, 0);
	assert_int_equal(db_exec(db, "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n"
				 " WHERE i < 2500) INSERT INTO turn_packs(id, turns)"
				 " SELECT i, (SELECT turns FROM turn_packs WHERE id = 1) FROM n"), 0);
	assert_true(turnzip_train(z, NOW) >= 0);
	assert_pack_is(db, 1, 1, 0);
	assert_pack_is(db, 2500, 1, 0);
	strbuf_release(&pack);
	turnzip_close(z);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_dictionary_compresses_all),
		cmocka_unit_test(test_new_dictionary_keeps_old_packs),
		cmocka_unit_test(test_no_dictionary_from_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
