/* test_turnpack.c — a dialogue's turns survive the trip through their JSON
 * pack, hostile text included; packs that SQLite's json functions wrote
 * read back the same; damaged packs are refused, never half-read silently. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <string.h>

#include "turnpack.h"

static const char hostile[] = "say \"hi\" \\ back\nline two\ttab\r\x01\x1f end "
			      "\xd0\xbe\xd0\xbf\xd0\xb5\xd1\x80\xd0\xb0\xd1\x82\xd0\xbe\xd1\x80 "
			      "\xf0\x9f\x98\x80 </turn>]],";

static void fill(struct dialogue *d)
{
	dialogue_init(d);
	dialogue_add_turn(d, SPEAKER_CLIENT, "client", NULL, 1790812800, 1, hostile);
	dialogue_add_turn(d, SPEAKER_BOT, "bot", "Ava \"the bot\"", 0, 0, "");
	dialogue_add_turn(d, SPEAKER_OTHER, "supervisor", "", -5, 1, "[\"not\", \"a turn\"]");
	dialogue_add_turn(d, SPEAKER_OPERATOR, "operator", "op-7", INT64_MAX, 1, "ok");
}

static void assert_same_turns(const struct dialogue *a, const struct dialogue *b)
{
	assert_int_equal(a->n_turns, b->n_turns);
	for (size_t i = 0; i < a->n_turns; i++) {
		const struct turn *x = &a->turns[i], *y = &b->turns[i];
		assert_int_equal(y->n, (int)i + 1);
		assert_int_equal(x->speaker, y->speaker);
		assert_string_equal(x->speaker_name, y->speaker_name);
		if (x->agent)
			assert_string_equal(x->agent, y->agent);
		else
			assert_null(y->agent);
		assert_int_equal(x->has_at, y->has_at);
		if (x->has_at)
			assert_true(x->at == y->at);
		assert_string_equal(x->text, y->text);
	}
}

static void test_round_trip(void **state)
{
	struct dialogue d, back;
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	fill(&d);
	dialogue_init(&back);
	turnpack_encode(&d, &sb);
	/* nothing but escapes for the control characters: one line of text */
	assert_null(memchr(sb.buf, '\n', sb.len));
	assert_null(memchr(sb.buf, '\x01', sb.len));
	assert_int_equal(turnpack_decode(sb.buf, sb.len, &back), 0);
	assert_same_turns(&d, &back);
	assert_string_equal(turnpack_bot_agent(&d), "Ava \"the bot\"");
	dialogue_release(&back);
	dialogue_release(&d);
	strbuf_release(&sb);
}

static void test_no_turns(void **state)
{
	struct dialogue d, back;
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	dialogue_init(&d);
	dialogue_init(&back);
	turnpack_encode(&d, &sb);
	assert_string_equal(sb.buf, "[]");
	assert_int_equal(turnpack_decode(sb.buf, sb.len, &back), 0);
	assert_int_equal(back.n_turns, 0);
	assert_null(turnpack_bot_agent(&d));
	assert_int_equal(turnpack_decode(" [ ] ", 5, &back), 0);
	dialogue_release(&back);
	strbuf_release(&sb);
}

/* What SQLite's json_array()/json_group_array() write reads back equal:
 * the view's trigger and the upgrade from schema 1 write packs that way. */
static void test_sqlite_written_pack(void **state)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	struct dialogue d, back;
	(void)state;
	fill(&d);
	dialogue_init(&back);
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT json_array(json_array(?1, NULL, ?2, ?3),"
		" json_array('bot', ?4, NULL, ''), json_array('supervisor', '', -5, ?5),"
		" json_array('operator', 'op-7', ?6, 'ok'))", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, "client", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, 1790812800);
	sqlite3_bind_text(st, 3, hostile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, "Ava \"the bot\"", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, "[\"not\", \"a turn\"]", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, INT64_MAX);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(turnpack_decode((const char *)sqlite3_column_text(st, 0),
					 (size_t)sqlite3_column_bytes(st, 0), &back), 0);
	assert_same_turns(&d, &back);
	sqlite3_finalize(st);
	sqlite3_close(db);
	dialogue_release(&back);
	dialogue_release(&d);
}

static void test_escapes_and_blanks(void **state)
{
	static const char pack[] = " [ [ \"client\" , null , 7 , \"\\u00e9\\ud83d\\ude00\\/\\b\\f\" ] ,\n"
				   "[\"bot\",null,null,\"\\u041e\"] ] ";
	struct dialogue d;
	(void)state;
	dialogue_init(&d);
	assert_int_equal(turnpack_decode(pack, sizeof(pack) - 1, &d), 0);
	assert_int_equal(d.n_turns, 2);
	assert_string_equal(d.turns[0].text, "\xc3\xa9\xf0\x9f\x98\x80/\b\f");
	assert_int_equal(d.turns[0].at, 7);
	assert_int_equal(d.turns[1].has_at, 0);
	assert_string_equal(d.turns[1].text, "\xd0\x9e");
	dialogue_release(&d);
}

static void test_damaged_packs_refused(void **state)
{
	static const char *const bad[] = {
		"", "[", "[[", "{}", "[[\"client\",null,1,\"a\"]", "[[\"client\",null,1,\"a\"]]x",
		"[[\"client\",null,1]]", "[[\"client\",null,1,\"a\",5]]", "[[\"client\",null,1,\"a]]",
		"[[\"client\",null,1.5,\"a\"]]", "[[\"client\",null,99999999999999999999,\"a\"]]",
		"[[\"client\",null,1,\"\\x\"]]", "[[\"client\",null,1,\"\\ud83d\"]]",
		"[[\"client\",null,1,\"\\ude00\"]]", "[[\"client\",null,1,\"\\u12\"]]",
		"[[\"client\",null,1,\"a\nb\"]]", "[[\"client\",null,1,null]]",
		"[[\"client\",nul,1,\"a\"]]", "[[\"client\",null,-,\"a\"]]", "[,]",
		"[[\"client\",null,1,\"a\"],]",
	};
	struct dialogue d;
	(void)state;
	dialogue_init(&d);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		dialogue_clear(&d);
		if (turnpack_decode(bad[i], strlen(bad[i]), &d) != -1)
			fail_msg("accepted damaged pack %s", bad[i]);
	}
	dialogue_release(&d);
}

/* A quote, a backslash, a control character or a multi-byte letter at every
 * place of a long text (the decoder takes plain text 8 bytes a step) comes
 * back as it was; a raw control character at any place is refused. */
static void test_every_offset(void **state)
{
	static const char *const specials[] = { "\"", "\\", "\n", "\x1f", "\xd0\xbe", "\x7f" };
	struct dialogue a, b;
	struct strbuf pack = STRBUF_INIT;
	char text[64];
	(void)state;
	dialogue_init(&a);
	dialogue_init(&b);
	for (size_t k = 0; k < sizeof(specials) / sizeof(specials[0]); k++) {
		for (size_t at = 0; at + strlen(specials[k]) < 40; at++) {
			memset(text, 'a', 40);
			memcpy(text + at, specials[k], strlen(specials[k]));
			text[40] = '\0';
			dialogue_clear(&a);
			dialogue_clear(&b);
			dialogue_add_turn(&a, SPEAKER_CLIENT, "client", NULL, 1, 1, text);
			strbuf_reset(&pack);
			turnpack_encode(&a, &pack);
			assert_int_equal(turnpack_decode(pack.buf, pack.len, &b), 0);
			assert_same_turns(&a, &b);
		}
	}
	for (size_t at = 0; at < 30; at++) {
		strbuf_reset(&pack);
		strbuf_adds(&pack, "[[\"client\",null,1,\"");
		memset(text, 'a', 30);
		text[at] = '\t';
		strbuf_add(&pack, text, 30);
		strbuf_adds(&pack, "\"]]");
		dialogue_clear(&b);
		assert_int_equal(turnpack_decode(pack.buf, pack.len, &b), -1);
	}
	strbuf_release(&pack);
	dialogue_release(&a);
	dialogue_release(&b);
}

/* The binary form (inside compressed packs) keeps every field the JSON one
 * does: hostile text, absent agents and times, times that differ by more
 * than half the range of int64 (the differences wrap), a named speaker. */
static void test_bin_round_trip(void **state)
{
	struct dialogue d, back;
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	fill(&d);
	dialogue_add_turn(&d, SPEAKER_CLIENT, "client", NULL, INT64_MIN, 1, "back to the start");
	dialogue_init(&back);
	turnpack_encode_bin(&d, &sb);
	assert_int_equal(turnpack_decode_bin(sb.buf, sb.len, &back), 0);
	assert_same_turns(&d, &back);
	assert_int_equal(back.turns[2].speaker, SPEAKER_OTHER);
	assert_string_equal(back.turns[2].speaker_name, "supervisor");
	strbuf_reset(&sb);
	dialogue_clear(&back);
	dialogue_clear(&d);
	turnpack_encode_bin(&d, &sb);
	assert_int_equal(sb.len, 1);
	assert_int_equal(turnpack_decode_bin(sb.buf, sb.len, &back), 0);
	assert_int_equal(back.n_turns, 0);
	dialogue_release(&back);
	dialogue_release(&d);
	strbuf_release(&sb);
}

/* Every cut of a binary pack, and a byte too many, is refused. */
static void test_bin_damaged_refused(void **state)
{
	struct dialogue d, back;
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	fill(&d);
	dialogue_init(&back);
	turnpack_encode_bin(&d, &sb);
	for (size_t cut = 0; cut < sb.len; cut++) {
		dialogue_clear(&back);
		if (turnpack_decode_bin(sb.buf, cut, &back) != -1)
			fail_msg("accepted a pack cut at %zu of %zu bytes", cut, sb.len);
	}
	strbuf_addch(&sb, 'x');
	dialogue_clear(&back);
	assert_int_equal(turnpack_decode_bin(sb.buf, sb.len, &back), -1);
	/* an unknown flag */
	dialogue_clear(&back);
	assert_int_equal(turnpack_decode_bin("\x01\x40x", 3, &back), -1);
	dialogue_release(&back);
	dialogue_release(&d);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_no_turns),
		cmocka_unit_test(test_sqlite_written_pack),
		cmocka_unit_test(test_escapes_and_blanks),
		cmocka_unit_test(test_damaged_packs_refused),
		cmocka_unit_test(test_every_offset),
		cmocka_unit_test(test_bin_round_trip),
		cmocka_unit_test(test_bin_damaged_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
