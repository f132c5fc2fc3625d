/* test_retention.c — what retention drops and what it keeps: an old
 * dialogue that is scored loses its turns and events but keeps its score
 * and findings; one not scored as it is stored keeps its turns; one older
 * than the scores' limit goes whole, its labels staying; a later run looks
 * only at what aged since, unless ingest noted older dialogues loaded. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "retention.h"

#define DAY 86400
#define NOW (1795000000 + 0)

static void add_dialogue(sqlite3 *db, const char *id, int days_old, int scored)
{
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO turn_packs(turns) VALUES('[[\"client\",null,1,\"hi\"]]');"
		 "INSERT INTO dialogues(id, started, content_hash, ingested_at, turns_pack, n_turns)"
		 " VALUES('%s', %lld, 'h-%s', 0, last_insert_rowid(), 1);"
		 "INSERT INTO events(dialogue_id, seq, after_turn, type) VALUES('%s', 1, 1, 'close');"
		 "INSERT INTO findings(dialogue_id, kind, seq, turns) VALUES('%s', 'missed-escalation', 1, '1');"
		 "INSERT INTO labels(dialogue_id, trainer, premature) VALUES('%s', 't', 'no');",
		 id, (long long)NOW - (long long)days_old * DAY - 60, id, id, id, id);
	assert_int_equal(db_exec(db, sql), 0);
	if (scored) {
		snprintf(sql, sizeof(sql), "INSERT INTO scores(dialogue_id, content_hash, premature, missed,"
			 " scored_at, changed_at) VALUES('%s', 'h-%s', 0, 1, 0, 0)", id, id);
		assert_int_equal(db_exec(db, sql), 0);
	}
}

static int64_t q(sqlite3 *db, const char *fmt, const char *id)
{
	char sql[512];
	snprintf(sql, sizeof(sql), fmt, id);
	return db_query_int(db, sql);
}

static void test_text_and_whole(void **state)
{
	sqlite3 *db = db_open(":memory:");
	struct retention_counts c, last, total;
	int64_t at;
	(void)state;
	add_dialogue(db, "new", 1, 1);
	add_dialogue(db, "old", 40, 1);
	add_dialogue(db, "old-unscored", 40, 0);
	add_dialogue(db, "ancient", 400, 1);
	assert_int_equal(retention_read(db, &at, &last, &total), 0);
	assert_int_equal(retention_apply(db, NOW, 30, 365, &c), 0);
	assert_int_equal(c.text_dialogues, 1);
	assert_int_equal(c.dialogues, 1);
	assert_int_equal(c.events, 2);
	assert_int_equal(c.findings, 1);
	/* old: no turns, no events; its score (still matching) and finding stay */
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues WHERE id = '%s' AND turns_pack IS NULL"
			   " AND content_hash = '" RETENTION_DROPPED "'", "old"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM events WHERE dialogue_id = '%s'", "old"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM scores s JOIN dialogues d ON d.id = s.dialogue_id"
			   " AND d.content_hash = s.content_hash WHERE d.id = '%s'", "old"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM findings WHERE dialogue_id = '%s'", "old"), 1);
	/* not scored: keeps its turns, for scoring to see them */
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues WHERE id = '%s' AND turns_pack IS NOT NULL",
			   "old-unscored"), 1);
	/* ancient: gone but for its label */
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues WHERE id = '%s'", "ancient"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM findings WHERE dialogue_id = '%s'", "ancient"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM scores WHERE dialogue_id = '%s'", "ancient"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM labels WHERE dialogue_id = '%s'", "ancient"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM turn_packs%s", ""), 2);
	/* new: untouched */
	assert_int_equal(q(db, "SELECT count(*) FROM events WHERE dialogue_id = '%s'", "new"), 1);
	assert_int_equal(retention_read(db, &at, &last, &total), 1);
	assert_true(at == NOW);
	assert_int_equal(last.text_dialogues, 1);
	assert_int_equal(total.dialogues, 1);

	/* the next run looks at what aged since: the unscored one, scored by
	 * now, is left until ingest notes it again */
	assert_int_equal(db_exec(db, "INSERT INTO scores(dialogue_id, content_hash, premature, missed,"
				 " scored_at, changed_at) VALUES('old-unscored', 'h-old-unscored', 0, 0, 0, 0)"), 0);
	assert_int_equal(retention_apply(db, NOW + 3600, 30, 365, &c), 0);
	assert_int_equal(c.text_dialogues, 0);
	/* a dialogue loaded again, 50 days old: looked at again */
	assert_int_equal(retention_note_loaded(db, NOW - 50 * DAY), 0);
	assert_int_equal(retention_apply(db, NOW + 7200, 30, 365, &c), 0);
	assert_int_equal(c.text_dialogues, 1);
	assert_int_equal(retention_read(db, &at, &last, &total), 1);
	assert_int_equal(total.text_dialogues, 2);
	/* and the note is used up */
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM meta WHERE key = 'retention_recheck_from'"), 0);
	db_close(db);
}

static void test_off(void **state)
{
	sqlite3 *db = db_open(":memory:");
	struct retention_counts c;
	(void)state;
	add_dialogue(db, "ancient", 4000, 1);
	assert_int_equal(retention_apply(db, NOW, 0, 0, &c), 0);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM dialogues WHERE turns_pack IS NOT NULL"), 1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM meta WHERE key LIKE 'retention%'"), 0);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_and_whole),
		cmocka_unit_test(test_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
