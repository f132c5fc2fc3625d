/* test_ingest.c — kind detection, one transaction per file, idempotence,
 * replacement of re-exported dialogues, partial files and their repair,
 * rejected files, labels (fixtures in tests/fixtures/ingest, cwd tests/unit). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contenthash.h"
#include "db.h"
#include "dialogue.h"
#include "dialogue_store.h"
#include "ingest.h"
#include "util.h"

#define FIX "../fixtures/ingest/"

static char tmpdir[64];

static int setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/lq-ingest-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	*state = db_open(":memory:");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	db_close(*state);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *write_tmp(const char *name, const char *text)
{
	static char path[2][256];
	static int which;
	char *p = path[which++ & 1];
	FILE *f;
	snprintf(p, 256, "%s/%s", tmpdir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return p;
}

static int64_t q(sqlite3 *db, const char *sql)
{
	return db_query_int(db, sql);
}

/* The text of a one-value query, copied into out. */
static const char *qs(sqlite3 *db, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s", db_col_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static void test_detect_kind(void **state)
{
	(void)state;
	assert_int_equal(ingest_detect_kind(FIX "chats.xml"), INPUT_TRANSCRIPTS);
	assert_int_equal(ingest_detect_kind(FIX "chats.xml.gz"), INPUT_TRANSCRIPTS);
	assert_int_equal(ingest_detect_kind(FIX "laughs.xml"), INPUT_TRANSCRIPTS);
	assert_int_equal(ingest_detect_kind(FIX "labels.xml"), INPUT_LABELS);
	assert_int_equal(ingest_detect_kind(FIX "later-labels.xml"), INPUT_LABELS);
	assert_int_equal(ingest_detect_kind(FIX "deals.csv"), INPUT_DEALS);
	assert_int_equal(ingest_detect_kind(write_tmp("a.txt", "hello, world\n")), INPUT_UNKNOWN);
	assert_int_equal(ingest_detect_kind(write_tmp("b.xml", "<?xml version=\"1.0\"?>\n"
			 "<!-- note --><report/>")), INPUT_UNKNOWN);
	assert_int_equal(ingest_detect_kind(write_tmp("c.dat", "  <!-- x -->\n<labels/>")),
			 INPUT_LABELS);
	assert_int_equal(ingest_detect_kind(write_tmp("d.xml", "Deal_ID,stage\n")), INPUT_DEALS);
	assert_int_equal(ingest_detect_kind(write_tmp("e.csv", "")), INPUT_UNKNOWN);
	assert_int_equal(ingest_detect_kind(FIX "no-such-file.xml"), INPUT_UNKNOWN);
}

static void test_load_and_seen_before(void **state)
{
	sqlite3 *db = *state;
	struct ingest_totals t;
	char buf[128];
	memset(&t, 0, sizeof(t));
	assert_int_equal(ingest_file(db, FIX "chats.xml", NULL, &t), 0);
	assert_int_equal(t.files_loaded, 1);
	assert_int_equal(t.dialogues, 4);
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues"), 4);
	assert_int_equal(q(db, "SELECT count(*) FROM turns"), 11);
	assert_int_equal(q(db, "SELECT count(*) FROM events"), 3);
	assert_string_equal(qs(db, "SELECT crm_id || '|' || email || '|' || phone || '|' || name"
			       " || '|' || time_text(started, started_text) FROM dialogues WHERE id = 'hw-101'",
			       buf, sizeof(buf)),
			    "K-2001|olga.sidorova@mail.example|79031112233|Ольга|2026-10-05T09:15:00+03:00");
	/* kept as its zone: the epoch beside it says the rest (shortform.h) */
	assert_string_equal(qs(db, "SELECT started_text FROM dialogues WHERE id = 'hw-101'", buf, sizeof(buf)),
			    "+03:00");
	assert_int_equal(q(db, "SELECT has_contact FROM dialogues WHERE id = 'hw-101'"), 1);
	assert_int_equal(q(db, "SELECT has_contact FROM dialogues WHERE id = 'hw-104'"), 0);
	assert_int_equal(q(db, "SELECT n_turns * 10 + n_events FROM dialogues WHERE id = 'hw-101'"), 41);
	assert_int_equal(q(db, "SELECT after_turn FROM events WHERE dialogue_id = 'hw-101'"), 3);
	assert_string_equal(qs(db, "SELECT text FROM turns WHERE dialogue_id = 'hw-102' AND n = 3",
			       buf, sizeof(buf)), "typed <b>bold</b> & still broken");
	assert_string_equal(qs(db, "SELECT status || n_records FROM files", buf, sizeof(buf)), "ok4");
	/* the dialogues' customers: hw-101 and hw-103 share a phone */
	assert_true(q(db, "SELECT count(*) FROM identifiers WHERE kind = 'dialogue'") >= 3);
	assert_int_equal(q(db, "SELECT count(DISTINCT customer_id) FROM identifiers WHERE kind ="
			 " 'dialogue' AND value IN ('hw-101', 'hw-103')"), 1);

	/* the same bytes again: nothing changes */
	assert_int_equal(ingest_file(db, FIX "chats.xml", NULL, &t), 0);
	assert_int_equal(t.files_seen_before, 1);
	assert_int_equal(q(db, "SELECT count(*) FROM files"), 1);
	/* the same content gzipped: a new file, every dialogue unchanged */
	assert_int_equal(ingest_file(db, FIX "chats.xml.gz", NULL, &t), 0);
	assert_int_equal(q(db, "SELECT n_unchanged * 10 + n_records FROM files WHERE path LIKE '%.gz'"), 40);
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues WHERE version = 1"), 4);
	assert_int_equal(q(db, "SELECT count(*) FROM turns"), 11);
}

static void test_replaced_when_changed(void **state)
{
	sqlite3 *db = *state;
	struct ingest_totals t;
	const char *one = "<dialogues><dialogue id=\"rx-1\" started=\"2026-10-01T00:00:00Z\">"
		"<turn speaker=\"client\">hi</turn></dialogue>"
		"<dialogue id=\"rx-2\"><turn speaker=\"client\">stay</turn></dialogue></dialogues>";
	const char *two = "<dialogues><dialogue id=\"rx-1\" started=\"2026-10-01T00:00:00Z\">"
		"<turn speaker=\"client\">hi</turn><turn speaker=\"bot\">hello</turn>"
		"<event type=\"close\"/></dialogue>"
		"<dialogue id=\"rx-2\"><turn speaker=\"client\">stay</turn></dialogue></dialogues>";
	memset(&t, 0, sizeof(t));
	assert_int_equal(ingest_file(db, write_tmp("one.xml", one), NULL, &t), 0);
	assert_int_equal(db_exec(db, "INSERT INTO scores(dialogue_id, content_hash, premature, missed,"
				 " scored_at, changed_at) VALUES('rx-1', 'x', 0, 0, 1, 1), ('rx-2', 'y', 0, 0, 1, 1);"
				 "INSERT INTO findings(dialogue_id, kind, seq, turns) VALUES('rx-1', 'k', 1, '1');"
				 "INSERT INTO turn_tags(dialogue_id, n, tag) VALUES('rx-1', 1, 't');"), 0);
	assert_int_equal(ingest_file(db, write_tmp("two.xml", two), NULL, &t), 0);
	assert_int_equal(t.dialogues_replaced, 1);
	assert_int_equal(q(db, "SELECT n_replaced * 100 + n_unchanged * 10 + n_records FROM files"
			 " WHERE path LIKE '%two.xml'"), 111);
	assert_int_equal(q(db, "SELECT version FROM dialogues WHERE id = 'rx-1'"), 2);
	assert_int_equal(q(db, "SELECT version FROM dialogues WHERE id = 'rx-2'"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM turns WHERE dialogue_id = 'rx-1'"), 2);
	assert_int_equal(q(db, "SELECT count(*) FROM events WHERE dialogue_id = 'rx-1'"), 1);
	assert_int_equal(q(db, "SELECT n_turns FROM dialogues WHERE id = 'rx-1'"), 2);
	/* what was computed from the old content must be computed again */
	assert_int_equal(q(db, "SELECT count(*) FROM scores WHERE dialogue_id = 'rx-1'"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM findings WHERE dialogue_id = 'rx-1'"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM turn_tags WHERE dialogue_id = 'rx-1'"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM scores WHERE dialogue_id = 'rx-2'"), 1);
}

/* A new dialogue's row names the pack it is about to get (the next id after
 * the highest one): packs added meanwhile by SQL through the turns view, a
 * replaced dialogue and an id twice in one file must not mix turns up. */
static void test_packs_follow_every_writer(void **state)
{
	sqlite3 *db = *state;
	struct ingest_totals t;
	char text[64];
	const char *one = "<dialogues><dialogue id=\"pk-1\"><turn speaker=\"client\">one</turn>"
		"</dialogue><dialogue id=\"pk-2\"><turn speaker=\"client\">two</turn></dialogue>"
		"</dialogues>";
	const char *two = "<dialogues><dialogue id=\"pk-3\"><turn speaker=\"client\">three</turn>"
		"</dialogue><dialogue id=\"pk-1\"><turn speaker=\"client\">one again</turn>"
		"</dialogue><dialogue id=\"pk-3\"><turn speaker=\"client\">three</turn>"
		"<turn speaker=\"bot\">and more</turn></dialogue>"
		"<dialogue id=\"pk-4\"><turn speaker=\"client\">four</turn></dialogue></dialogues>";
	memset(&t, 0, sizeof(t));
	assert_int_equal(ingest_file(db, write_tmp("pk1.xml", one), NULL, &t), 0);
	assert_int_equal(db_exec(db, "INSERT INTO dialogues(id, content_hash, ingested_at)"
				 " VALUES('pk-sql', 'h', 0);"
				 "INSERT INTO turns(dialogue_id, n, speaker, text)"
				 " VALUES('pk-sql', 1, 'client', 'by hand');"), 0);
	assert_int_equal(ingest_file(db, write_tmp("pk2.xml", two), NULL, &t), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues"), 5);
	assert_int_equal(q(db, "SELECT count(DISTINCT turns_pack) FROM dialogues"), 5);
	assert_int_equal(q(db, "SELECT count(*) FROM turn_packs"), 5);
	assert_string_equal(qs(db, "SELECT text FROM turns WHERE dialogue_id = 'pk-sql'", text,
			       sizeof(text)), "by hand");
	assert_string_equal(qs(db, "SELECT group_concat(text, '|') FROM turns WHERE dialogue_id = 'pk-1'",
			       text, sizeof(text)), "one again");
	assert_string_equal(qs(db, "SELECT group_concat(text, '|') FROM turns WHERE dialogue_id = 'pk-3'",
			       text, sizeof(text)), "three|and more");
	assert_string_equal(qs(db, "SELECT text FROM turns WHERE dialogue_id = 'pk-4'", text,
			       sizeof(text)), "four");
	assert_string_equal(qs(db, "SELECT text FROM turns WHERE dialogue_id = 'pk-2'", text,
			       sizeof(text)), "two");
	assert_int_equal(q(db, "SELECT n_records * 10 + n_replaced FROM files WHERE path LIKE '%pk2.xml'"),
			 42);
}

/* A dialogue stored by a database of schema version 3 or before carries
 * one of the older content hashes: the same content again is unchanged
 * (not replaced, its score kept), and the stored hashes become today's. */
static void legacy_hash_case(sqlite3 *db, int k)
{
	struct ingest_totals t;
	struct dialogue d;
	char legacy[DIALOGUE_LEGACY_HASHES][33], now[33], buf[256], sql[512], id[16];
	char one[512], again[512], name[32];
	snprintf(id, sizeof(id), "lg-%d", k);
	snprintf(one, sizeof(one), "<dialogues><dialogue id=\"%s\" started=\"2026-10-01T00:00:00Z\">"
		 "<turn speaker=\"client\">hi</turn><event type=\"close\"/></dialogue></dialogues>", id);
	snprintf(again, sizeof(again), "<dialogues><!-- exported again -->"
		 "<dialogue id=\"%s\" started=\"2026-10-01T00:00:00Z\">"
		 "<turn speaker=\"client\">hi</turn><event type=\"close\"/></dialogue></dialogues>", id);
	memset(&t, 0, sizeof(t));
	snprintf(name, sizeof(name), "one-%d.xml", k);
	assert_int_equal(ingest_file(db, write_tmp(name, one), NULL, &t), 0);
	dialogue_init(&d);
	assert_int_equal(dialogue_load(db, id, &d), 1);
	dialogue_legacy_hashes(&d, legacy);
	snprintf(now, sizeof(now), "%s", d.content_hash);
	dialogue_release(&d);
	assert_string_not_equal(legacy[k], now);
	assert_string_not_equal(legacy[0], legacy[1]);
	snprintf(sql, sizeof(sql), "UPDATE dialogues SET content_hash = '%s' WHERE id = '%s';"
		 "INSERT INTO scores(dialogue_id, content_hash, premature, missed, scored_at, changed_at)"
		 " VALUES('%s', '%s', 0, 0, 1, 1)", legacy[k], id, id, legacy[k]);
	assert_int_equal(db_exec(db, sql), 0);
	snprintf(name, sizeof(name), "again-%d.xml", k);
	assert_int_equal(ingest_file(db, write_tmp(name, again), NULL, &t), 0);
	assert_int_equal(t.dialogues_replaced, 0);
	snprintf(sql, sizeof(sql), "SELECT n_unchanged * 10 + n_records FROM files WHERE path LIKE '%%%s'",
		 name);
	assert_int_equal(q(db, sql), 10);
	snprintf(sql, sizeof(sql), "SELECT hash_text(content_hash) FROM dialogues WHERE id = '%s'", id);
	assert_string_equal(qs(db, sql, buf, sizeof(buf)), now);
	snprintf(sql, sizeof(sql), "SELECT hash_text(content_hash) FROM scores WHERE dialogue_id = '%s'", id);
	assert_string_equal(qs(db, sql, buf, sizeof(buf)), now);
	/* kept as 16 bytes (shortform.h) */
	snprintf(sql, sizeof(sql), "SELECT length(content_hash) * (typeof(content_hash) = 'blob')"
		 " FROM dialogues WHERE id = '%s'", id);
	assert_int_equal(q(db, sql), 16);
	snprintf(sql, sizeof(sql), "SELECT version FROM dialogues WHERE id = '%s'", id);
	assert_int_equal(q(db, sql), 1);
}

static void test_legacy_hash_is_the_same_content(void **state)
{
	for (int k = 0; k < DIALOGUE_LEGACY_HASHES; k++)
		legacy_hash_case(*state, k);
}

/* A big transcript file is loaded while its fingerprint is taken: a row of
 * schema version 3, known only by its legacy fingerprint, still makes the
 * same content "seen before" there, and the load is undone. */
static void test_big_file_seen_by_legacy_fingerprint(void **state)
{
	sqlite3 *db = *state;
	struct ingest_totals t;
	struct legacy_fingerprint fp;
	char path[2][300], legacy[33], sql[256], buf[64], *turn = malloc(2049);
	FILE *f;
	assert_non_null(turn);
	memset(turn, 'x', 2048);
	turn[2048] = '\0';
	snprintf(path[0], sizeof(path[0]), "%s/big.xml", tmpdir);
	snprintf(path[1], sizeof(path[1]), "%s/big-again.xml", tmpdir);
	f = fopen(path[0], "wb");
	assert_non_null(f);
	fputs("<dialogues>", f);
	for (int i = 0; i < 2100; i++)  /* past the 4 MiB from which the load overlaps */
		fprintf(f, "<dialogue id=\"big-%d\"><turn speaker=\"client\">%s</turn></dialogue>\n",
			i, turn);
	fputs("</dialogues>\n", f);
	assert_int_equal(fclose(f), 0);
	free(turn);
	memset(&t, 0, sizeof(t));
	assert_int_equal(ingest_file(db, path[0], NULL, &t), 0);
	assert_int_equal(t.dialogues, 2100);
	/* make its row what the upgrade makes of a row of version 3 */
	{
		FILE *in = fopen(path[0], "rb");
		char chunk[8192];
		size_t n;
		assert_non_null(in);
		legacy_fingerprint_init(&fp);
		while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
			legacy_fingerprint_add(&fp, chunk, n);
		fclose(in);
		legacy_fingerprint_hex(&fp, legacy);
	}
	snprintf(sql, sizeof(sql), "UPDATE files SET legacy_fingerprint = '%s',"
		 " fingerprint = 'legacy:%s'", legacy, legacy);
	assert_int_equal(db_exec(db, sql), 0);
	{
		char cmd[700];
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", path[0], path[1]);
		assert_int_equal(system(cmd), 0);
	}
	memset(&t, 0, sizeof(t));
	assert_int_equal(ingest_file(db, path[1], NULL, &t), 0);
	assert_int_equal(t.files_seen_before, 1);
	assert_int_equal(t.dialogues + t.dialogues_replaced, 0);
	assert_int_equal(q(db, "SELECT count(*) FROM files"), 1);
	assert_string_equal(qs(db, "SELECT status FROM files", buf, sizeof(buf)), "ok");
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues"), 2100);
}

static void test_partial_then_repaired(void **state)
{
	sqlite3 *db = *state;
	struct ingest_totals t;
	char buf[256];
	memset(&t, 0, sizeof(t));
	assert_int_equal(ingest_file(db, FIX "malformed.xml", NULL, &t), 3);
	assert_int_equal(t.files_partial, 1);
	assert_string_equal(qs(db, "SELECT status FROM files", buf, sizeof(buf)), "partial");
	assert_string_equal(qs(db, "SELECT group_concat(id) FROM (SELECT id FROM dialogues ORDER BY id)",
			       buf, sizeof(buf)), "mf-1,mf-2");
	assert_int_equal(q(db, "SELECT count(*) FROM turns"), 3);
	assert_int_equal(q(db, "SELECT line FROM input_problems WHERE message LIKE '%mismatch%'"), 12);
	/* the same broken file again: seen before */
	assert_int_equal(ingest_file(db, FIX "malformed.xml", NULL, &t), 0);
	/* the repaired export loads the rest, the first part stays as it was */
	assert_int_equal(ingest_file(db, FIX "repaired.xml", NULL, &t), 0);
	assert_int_equal(q(db, "SELECT n_records * 10 + n_unchanged FROM files WHERE path LIKE '%repaired.xml'"), 22);
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues"), 4);
	assert_int_equal(q(db, "SELECT count(*) FROM turns"), 6);
	assert_int_equal(q(db, "SELECT max(version) FROM dialogues"), 1);
}

static void test_rejected_and_retried(void **state)
{
	sqlite3 *db = *state;
	struct ingest_totals t;
	char buf[256];
	memset(&t, 0, sizeof(t));
	/* nothing complete before the break: the whole file is rejected */
	assert_int_equal(ingest_file(db, FIX "laughs.xml", NULL, &t), 1);
	assert_int_equal(t.files_rejected, 1);
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues"), 0);
	assert_string_equal(qs(db, "SELECT status || ':' || kind FROM files", buf, sizeof(buf)),
			    "rejected:transcripts");
	assert_true(q(db, "SELECT count(*) FROM input_problems WHERE file_id ="
		      " (SELECT id FROM files) AND line > 0") >= 1);
	/* tried again next time, and still one row for it */
	assert_int_equal(ingest_file(db, FIX "laughs.xml", NULL, &t), 1);
	assert_int_equal(t.files_rejected, 2);
	assert_int_equal(q(db, "SELECT count(*) FROM files"), 1);
	/* content of no known kind */
	assert_int_equal(ingest_file(db, write_tmp("notes.txt", "just some notes\n"), NULL, &t), 1);
	assert_string_equal(qs(db, "SELECT status || ':' || kind FROM files WHERE path LIKE '%notes.txt'",
			       buf, sizeof(buf)), "rejected:unknown");
	/* a missing file: a problem without a files row */
	assert_int_equal(ingest_file(db, FIX "missing.xml", NULL, &t), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM input_problems WHERE file_id IS NULL"
			 " AND path LIKE '%missing.xml'"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM files"), 2);
}

static void test_bomb_and_turn_limits(void **state)
{
	sqlite3 *db = *state;
	struct ingest_settings s = { 1 << 20, 0, 0, 0 };
	struct ingest_settings small_turns = { 0, 3, 0, 0 };
	struct ingest_totals t;
	memset(&t, 0, sizeof(t));
	assert_int_equal(ingest_file(db, FIX "bomb.xml.gz", &s, &t), 3);
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues"), 2);
	assert_int_equal(q(db, "SELECT count(*) FROM input_problems WHERE message LIKE"
			 " '%exceeds the limit of 1048576 bytes%'"), 1);
	/* turns longer than 3 bytes: those dialogues are skipped */
	assert_int_equal(ingest_file(db, FIX "chats.xml", &small_turns, &t), 3);
	assert_int_equal(q(db, "SELECT n_skipped FROM files WHERE path LIKE '%chats.xml'"), 4);
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues"), 2);
}

static void test_xxe_leaves_no_trace(void **state)
{
	sqlite3 *db = *state;
	struct ingest_totals t;
	memset(&t, 0, sizeof(t));
	assert_int_equal(chdir(FIX), 0);
	assert_int_equal(ingest_file(db, "xxe.xml", NULL, &t), 3);
	assert_int_equal(chdir("../../unit"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM turns WHERE text LIKE '%SECRET-MARKER%'"
			 " OR text LIKE '%root:%'"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM input_problems WHERE message LIKE '%SECRET-MARKER%'"
			 " OR message LIKE '%root:%'"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM dialogues WHERE coalesce(email, '') LIKE '%root%'"), 0);
}

static void test_labels(void **state)
{
	sqlite3 *db = *state;
	struct ingest_totals t;
	char buf[256];
	memset(&t, 0, sizeof(t));
	assert_int_equal(ingest_file(db, FIX "labels.xml", NULL, &t), 3);
	/* hw-102's label holds bad values: skipped whole, each value named */
	assert_int_equal(t.labels, 2);
	assert_int_equal(q(db, "SELECT count(*) FROM labels"), 2);
	assert_int_equal(q(db, "SELECT count(*) FROM labels WHERE dialogue_id = 'hw-102'"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM label_turns"), 3);
	assert_int_equal(q(db, "SELECT count(*) FROM input_problems WHERE message LIKE '%maybe%yes or no%'"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM input_problems WHERE message LIKE '%zero%'"), 1);
	assert_string_equal(qs(db, "SELECT premature || missed || lead_quality FROM labels WHERE"
			       " dialogue_id = 'hw-101' AND trainer = 'vera'", buf, sizeof(buf)), "yesnogood");
	assert_int_equal(q(db, "SELECT count(*) FROM labels WHERE dialogue_id = 'not-yet-seen'"), 1);
	assert_true(q(db, "SELECT count(*) FROM input_problems WHERE message LIKE '%sarcasm%'") == 1);
	/* a later opinion of the same trainer replaces the earlier; an older one does not */
	assert_int_equal(ingest_file(db, FIX "later-labels.xml", NULL, &t), 0);
	assert_string_equal(qs(db, "SELECT group_concat(n || tag) FROM label_turns WHERE"
			       " dialogue_id = 'hw-101' AND trainer = 'vera'", buf, sizeof(buf)),
			    "4problem-resolved");
	assert_string_equal(qs(db, "SELECT coalesce(premature, '-') || coalesce(missed, '-') FROM labels"
			       " WHERE dialogue_id = 'hw-101' AND trainer = 'vera'", buf, sizeof(buf)), "no-");
	assert_int_equal(q(db, "SELECT count(*) FROM labels"), 2);
}

static void test_deals_dispatched(void **state)
{
	sqlite3 *db = *state;
	struct ingest_totals t;
	memset(&t, 0, sizeof(t));
	assert_int_equal(ingest_file(db, FIX "deals.csv", NULL, &t), 0);
	assert_int_equal(t.deal_rows, 4);
	assert_int_equal(q(db, "SELECT count(*) FROM deal_events"), 4);
	assert_int_equal(q(db, "SELECT count(*) FROM files WHERE kind = 'deals' AND status = 'ok'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_detect_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_and_seen_before, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_when_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_packs_follow_every_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_legacy_hash_is_the_same_content, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_file_seen_by_legacy_fingerprint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_then_repaired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejected_and_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bomb_and_turn_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xxe_leaves_no_trace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_labels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deals_dispatched, setup, teardown),
	};
	lq_quiet = 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
