/* test_transcripts.c — the streaming transcript and label readers on good
 * and hostile input (fixtures in tests/fixtures/ingest, run from tests/unit). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "transcripts.h"
#include "util.h"

#define FIX "../fixtures/ingest/"

struct seen {
	struct strbuf problems;     /* "LINE: message\n" lines */
	long n_problems;
	char ids[4096];             /* "id,id,..." of dialogues read */
	long n_dialogues, n_skipped;
	int last;                   /* last result of _next() */
	char first_hash[33], last_hash[33];
	size_t last_turns, last_events;
	char *error;
	long error_line;
};

static void on_problem(void *arg, long line, const char *msg)
{
	struct seen *s = arg;
	strbuf_addf(&s->problems, "%ld: %s\n", line, msg);
	s->n_problems++;
}

static void seen_release(struct seen *s)
{
	strbuf_release(&s->problems);
	free(s->error);
}

/* Reads a whole transcript input and hashes each dialogue as ingest does;
 * the last dialogue read stays in d. */
static void read_all(struct xml_input *in, struct seen *s, struct dialogue *d)
{
	struct transcript_reader *r = transcript_reader_new(in);
	struct strbuf scratch = STRBUF_INIT;
	const char *err;
	assert_non_null(r);
	while ((s->last = transcript_reader_next(r, d)) > 0) {
		if (s->last == TR_SKIPPED) {
			s->n_skipped++;
			continue;
		}
		dialogue_compute_hash(d, &scratch);
		if (!s->n_dialogues++)
			memcpy(s->first_hash, d->content_hash, 33);
		memcpy(s->last_hash, d->content_hash, 33);
		s->last_turns = d->n_turns;
		s->last_events = d->n_events;
		if (strlen(s->ids) + strlen(d->id) + 2 < sizeof(s->ids)) {
			if (s->ids[0])
				strncat(s->ids, ",", sizeof(s->ids) - strlen(s->ids) - 1);
			strncat(s->ids, d->id, sizeof(s->ids) - strlen(s->ids) - 1);
		}
	}
	strbuf_release(&scratch);
	err = xml_input_error(transcript_reader_input(r), &s->error_line);
	s->error = xstrdup(err);
	transcript_reader_close(r);
}

static void read_file(const char *path, uint64_t max_bytes, size_t max_turn, struct seen *s,
		      struct dialogue *d)
{
	struct xml_input_opts o = { max_bytes, max_turn, on_problem, s, 0 };
	struct xml_input *in = xml_input_open(path, &o);
	assert_non_null(in);
	read_all(in, s, d);
}

static void read_mem(const char *text, size_t n, size_t max_turn, struct seen *s,
		     struct dialogue *d)
{
	struct xml_input_opts o = { 0, max_turn, on_problem, s, 0 };
	struct xml_input *in = xml_input_open_memory("mem.xml", text, n, &o);
	assert_non_null(in);
	read_all(in, s, d);
}

static void test_reads_examples(void **state)
{
	struct seen s = { 0 };
	struct dialogue d;
	struct transcript_reader *r;
	struct xml_input_opts o = { 0, 0, on_problem, &s, 0 };
	int64_t t;
	(void)state;
	dialogue_init(&d);
	r = transcript_reader_new(xml_input_open(FIX "chats.xml", &o));
	assert_non_null(r);
	assert_int_equal(transcript_reader_next(r, &d), TR_DIALOGUE);
	assert_string_equal(d.id, "hw-101");
	assert_string_equal(d.source, "help-widget");
	assert_string_equal(d.channel, "web");
	assert_string_equal(d.page, "/billing");
	assert_string_equal(d.crm_id, " K-2001 ");
	assert_string_equal(d.name, "Ольга");
	assert_true(d.has_contact);
	assert_true(d.has_started);
	assert_int_equal(parse_time("2026-10-05T06:15:00Z", &t), 0);
	assert_true(d.started == t);
	assert_string_equal(transcript_reader_started_text(r), "2026-10-05T09:15:00+03:00");
	assert_int_equal(d.line, 4);
	assert_int_equal(d.n_turns, 4);
	assert_int_equal(d.n_events, 1);
	assert_int_equal(d.turns[2].n, 3);
	assert_int_equal(d.turns[3].speaker, SPEAKER_OPERATOR);
	assert_string_equal(d.turns[3].agent, "agent-7");
	assert_string_equal(d.events[0].type, "handoff");
	assert_string_equal(d.events[0].target, "agent-7");
	assert_int_equal(d.events[0].after_turn, 3);
	assert_string_equal(d.events[0].attrs, "type=handoff\nat=2026-10-05T09:16:12+03:00\nto=agent-7\n");
	/* the hash is the storer's to take (ingest does it on its own thread) */
	assert_string_equal(d.content_hash, "");

	assert_int_equal(transcript_reader_next(r, &d), TR_DIALOGUE);
	assert_string_equal(d.id, "hw-102");
	assert_true(d.has_ended);
	assert_null(d.crm_id);
	assert_string_equal(d.turns[2].text, "typed <b>bold</b> & still broken");
	assert_int_equal(transcript_reader_next(r, &d), TR_DIALOGUE);
	assert_string_equal(d.events[0].item, "plans.pdf");
	assert_int_equal(d.events[0].after_turn, 2);
	assert_int_equal(transcript_reader_next(r, &d), TR_DIALOGUE);
	assert_string_equal(d.id, "hw-104");
	assert_false(d.has_contact);
	/* no @started: the first turn's time */
	assert_true(d.has_started);
	assert_int_equal(parse_time("2026-10-05T09:00:00Z", &t), 0);
	assert_true(d.started == t);
	assert_null(transcript_reader_started_text(r));
	assert_int_equal(transcript_reader_next(r, &d), TR_END);
	assert_int_equal(s.n_problems, 0);
	transcript_reader_close(r);
	dialogue_release(&d);
	seen_release(&s);
}

static void test_gzip_same_as_plain(void **state)
{
	struct seen a = { 0 }, b = { 0 };
	struct dialogue d;
	(void)state;
	dialogue_init(&d);
	read_file(FIX "chats.xml", 0, 0, &a, &d);
	read_file(FIX "chats.xml.gz", 0, 0, &b, &d);
	assert_int_equal(a.last, TR_END);
	assert_int_equal(b.last, TR_END);
	assert_string_equal(a.ids, "hw-101,hw-102,hw-103,hw-104");
	assert_string_equal(b.ids, a.ids);
	assert_string_equal(a.last_hash, b.last_hash);
	assert_string_equal(a.first_hash, b.first_hash);
	dialogue_release(&d);
	seen_release(&a);
	seen_release(&b);
}

static void test_unknown_parts_kept_or_skipped(void **state)
{
	struct seen s = { 0 };
	struct dialogue d;
	struct transcript_reader *r;
	struct xml_input_opts o = { 0, 0, on_problem, &s, 0 };
	int64_t t;
	(void)state;
	dialogue_init(&d);
	r = transcript_reader_new(xml_input_open(FIX "odd.xml", &o));
	assert_int_equal(transcript_reader_next(r, &d), TR_DIALOGUE);
	assert_string_equal(d.id, "odd-1");
	assert_string_equal(d.crm_id, "K-9");
	assert_null(d.email);                   /* second <contact> ignored */
	assert_int_equal(d.n_turns, 3);
	assert_string_equal(d.turns[0].text, "Hello there, <script>alert(1)</script>");
	assert_int_equal(d.turns[1].speaker, SPEAKER_OTHER);
	assert_string_equal(d.turns[1].speaker_name, "robot");
	assert_false(d.turns[1].has_at);
	assert_string_equal(d.turns[2].text, "");
	assert_int_equal(d.n_events, 2);        /* the one without a type is dropped */
	assert_string_equal(d.events[0].type, "page-view");
	assert_int_equal(d.events[0].after_turn, 0);
	assert_string_equal(d.events[0].attrs,
			    "type=page-view\nat=2026-10-06T07:59:00Z\nurl=/a?b=c\nreferrer=search\n");
	assert_string_equal(d.events[1].attrs, "type=handoff\nto=op-1\nat=2026-10-06T08:01:00Z\nqueue=billing\n");
	assert_int_equal(d.events[1].after_turn, 2);

	assert_int_equal(transcript_reader_next(r, &d), TR_SKIPPED);   /* no id */
	assert_int_equal(transcript_reader_next(r, &d), TR_DIALOGUE);
	assert_string_equal(d.id, "odd-3");
	assert_int_equal(parse_time("2026-10-06T05:00:00Z", &t), 0);
	assert_true(d.started == t);
	assert_int_equal(transcript_reader_next(r, &d), TR_DIALOGUE);
	assert_string_equal(d.id, "odd-4");
	assert_int_equal(d.n_turns, 0);
	assert_int_equal(transcript_reader_next(r, &d), TR_END);
	assert_non_null(strstr(s.problems.buf, "6: dialogue 'odd-1' has more than one <contact>"));
	assert_non_null(strstr(s.problems.buf, "bad time in turn: 'not-a-time'"));
	assert_non_null(strstr(s.problems.buf, "<event> without a type"));
	assert_non_null(strstr(s.problems.buf, "15: <dialogue> without an id; dialogue skipped"));
	transcript_reader_close(r);
	dialogue_release(&d);
	seen_release(&s);
}

static void test_malformed_keeps_complete_dialogues(void **state)
{
	struct seen s = { 0 };
	struct dialogue d;
	(void)state;
	dialogue_init(&d);
	read_file(FIX "malformed.xml", 0, 0, &s, &d);
	assert_int_equal(s.last, TR_BROKEN);
	assert_string_equal(s.ids, "mf-1,mf-2");
	assert_int_equal(s.error_line, 12);
	assert_non_null(strstr(s.error, "mismatch"));
	dialogue_release(&d);
	seen_release(&s);
}

static void test_truncated_gzip(void **state)
{
	struct seen s = { 0 }, whole = { 0 };
	struct dialogue d;
	(void)state;
	dialogue_init(&d);
	read_file(FIX "chats.xml", 0, 0, &whole, &d);
	read_file(FIX "truncated.xml.gz", 0, 0, &s, &d);
	assert_int_equal(s.last, TR_BROKEN);
	/* the first dialogue is complete and whole, the second is cut */
	assert_string_equal(s.ids, "hw-101");
	assert_int_equal(s.last_turns, 4);
	assert_int_equal(s.last_events, 1);
	assert_string_equal(s.first_hash, whole.first_hash);
	seen_release(&whole);
	assert_non_null(strstr(s.error, "compressed data ends too early"));
	assert_true(s.error_line > 5);
	dialogue_release(&d);
	seen_release(&s);
}

static void test_invalid_utf8(void **state)
{
	struct seen s = { 0 };
	struct dialogue d;
	(void)state;
	dialogue_init(&d);
	read_file(FIX "bad-utf8.xml", 0, 0, &s, &d);
	assert_int_equal(s.last, TR_BROKEN);
	assert_string_equal(s.ids, "u8-1");
	assert_int_equal(s.error_line, 8);
	assert_non_null(strstr(s.error, "UTF-8"));
	assert_null(strchr(s.error, '\n'));
	dialogue_release(&d);
	seen_release(&s);
}

static void test_xxe_never_loaded(void **state)
{
	struct seen s = { 0 };
	struct dialogue d;
	struct transcript_reader *r;
	struct xml_input_opts o = { 0, 0, on_problem, &s, 0 };
	int rc;
	(void)state;
	dialogue_init(&d);
	/* from the fixture folder, so the relative SYSTEM id would resolve */
	assert_int_equal(chdir(FIX), 0);
	r = transcript_reader_new(xml_input_open("xxe.xml", &o));
	assert_non_null(r);
	while ((rc = transcript_reader_next(r, &d)) > 0) {
		if (rc != TR_DIALOGUE)
			continue;
		assert_string_equal(d.id, "xxe-2");
		for (size_t i = 0; i < d.n_turns; i++)
			assert_null(strstr(d.turns[i].text, "SECRET-MARKER"));
	}
	assert_int_equal(chdir("../../unit"), 0);
	/* an external entity in an attribute stops libxml2 itself */
	assert_int_equal(rc, TR_BROKEN);
	assert_non_null(strstr(xml_input_error(transcript_reader_input(r), NULL), "external entity"));
	assert_null(strstr(s.problems.buf, "SECRET-MARKER"));
	assert_null(strstr(s.problems.buf, "root:"));
	assert_non_null(strstr(s.problems.buf, "8: dialogue 'xxe-1': entity reference '&local;'"));
	assert_non_null(strstr(s.problems.buf, "14: dialogue 'xxe-3': entity reference '&passwd;'"));
	transcript_reader_close(r);
	dialogue_release(&d);
	seen_release(&s);
}

static void test_billion_laughs_stopped(void **state)
{
	struct seen s = { 0 };
	struct dialogue d;
	(void)state;
	dialogue_init(&d);
	read_file(FIX "laughs.xml", 0, 0, &s, &d);
	assert_int_equal(s.last, TR_BROKEN);
	assert_int_equal(s.n_dialogues, 0);
	assert_non_null(s.error);
	assert_true(s.error_line > 0);
	dialogue_release(&d);
	seen_release(&s);
}

static void test_bomb_stopped_by_limit(void **state)
{
	struct seen s = { 0 };
	struct dialogue d;
	(void)state;
	dialogue_init(&d);
	read_file(FIX "bomb.xml.gz", 1 << 20, 0, &s, &d);
	assert_int_equal(s.last, TR_BROKEN);
	assert_string_equal(s.ids, "bomb-1,bomb-2");
	assert_non_null(strstr(s.error, "exceeds the limit of 1048576 bytes"));
	seen_release(&s);
	/* without our limit, libxml2's own cap on one text node (the 64 MiB
	 * comment) stops it */
	memset(&s, 0, sizeof(s));
	read_file(FIX "bomb.xml.gz", 0, 0, &s, &d);
	assert_int_equal(s.last, TR_BROKEN);
	assert_int_equal(s.n_dialogues, 2);
	assert_null(strstr(s.error, "exceeds the limit"));
	dialogue_release(&d);
	seen_release(&s);
}

static char *big_turn_doc(size_t text_bytes, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "<dialogues><dialogue id=\"big-1\"><turn speaker=\"client\">");
	for (size_t i = 0; i < text_bytes / 2; i++)
		strbuf_add(&sb, "\xd0\xb6", 2);   /* Cyrillic zhe, 2 bytes */
	strbuf_adds(&sb, "</turn></dialogue><dialogue id=\"big-2\"><turn>small</turn></dialogue></dialogues>");
	*len = sb.len;
	return strbuf_detach(&sb);
}

static void test_huge_turn(void **state)
{
	struct seen s = { 0 };
	struct dialogue d;
	size_t n;
	char *doc = big_turn_doc(10000000, &n);
	(void)state;
	dialogue_init(&d);
	read_mem(doc, n, 0, &s, &d);
	assert_int_equal(s.last, TR_END);
	assert_string_equal(s.ids, "big-1,big-2");
	seen_release(&s);
	/* over max_turn_bytes: that dialogue is skipped, the next one read */
	memset(&s, 0, sizeof(s));
	read_mem(doc, n, 1000000, &s, &d);
	assert_int_equal(s.last, TR_END);
	assert_string_equal(s.ids, "big-2");
	assert_int_equal(s.n_skipped, 1);
	assert_non_null(strstr(s.problems.buf, "dialogue 'big-1': turn 1 is longer than 1000000 bytes"));
	free(doc);
	dialogue_release(&d);
	seen_release(&s);
}

static void test_not_a_transcript(void **state)
{
	struct seen s = { 0 };
	struct dialogue d;
	static const char labels[] = "<labels><labeled dialogue=\"a\" by=\"b\"/></labels>";
	static const char empty[] = "  ";
	(void)state;
	dialogue_init(&d);
	read_mem(labels, strlen(labels), 0, &s, &d);
	assert_int_equal(s.last, TR_BROKEN);
	assert_non_null(strstr(s.error, "not <dialogues>"));
	seen_release(&s);
	memset(&s, 0, sizeof(s));
	read_mem(empty, strlen(empty), 0, &s, &d);
	assert_int_equal(s.last, TR_BROKEN);
	dialogue_release(&d);
	seen_release(&s);
}

static void test_hash_changes_with_content(void **state)
{
	static const char a[] = "<dialogues><dialogue id=\"h\"><turn speaker=\"client\">one</turn></dialogue></dialogues>";
	static const char b[] = "<dialogues><dialogue id=\"h\"><turn speaker=\"client\">one</turn>"
				"<turn speaker=\"bot\">two</turn></dialogue></dialogues>";
	struct seen s1 = { 0 }, s2 = { 0 };
	struct dialogue d;
	(void)state;
	dialogue_init(&d);
	read_mem(a, strlen(a), 0, &s1, &d);
	read_mem(b, strlen(b), 0, &s2, &d);
	assert_int_equal(strlen(s1.last_hash), 32);
	assert_string_not_equal(s1.last_hash, s2.last_hash);
	dialogue_release(&d);
	seen_release(&s1);
	seen_release(&s2);
}

static void test_labels_reader(void **state)
{
	struct seen s = { 0 };
	struct label l;
	struct xml_input_opts o = { 0, 0, on_problem, &s, 0 };
	struct label_reader *r;
	int64_t t;
	(void)state;
	label_init(&l);
	r = label_reader_new(xml_input_open(FIX "labels.xml", &o));
	assert_non_null(r);
	assert_int_equal(label_reader_next(r, &l), TR_DIALOGUE);
	assert_string_equal(l.dialogue_id, "hw-101");
	assert_string_equal(l.trainer, "vera");
	assert_int_equal(parse_time("2026-10-06T08:00:00Z", &t), 0);
	assert_true(l.has_at && l.at == t);
	assert_int_equal(l.n_turns, 3);
	assert_int_equal(l.turns[1].n, 2);
	assert_string_equal(l.turns[1].tag, "cross-sell-offer");
	assert_string_equal(l.premature, "yes");
	assert_string_equal(l.missed, "no");
	assert_string_equal(l.lead_quality, "good");
	/* an unknown tag, a bad n and a bad verdict: the whole label is skipped
	 * (it must not replace the trainer's earlier one), each value named */
	assert_int_equal(label_reader_next(r, &l), TR_SKIPPED);
	assert_string_equal(l.dialogue_id, "hw-102");
	assert_int_equal(l.n_bad, 3);
	assert_int_equal(label_reader_next(r, &l), TR_SKIPPED);   /* no trainer */
	assert_int_equal(label_reader_next(r, &l), TR_DIALOGUE);
	assert_string_equal(l.dialogue_id, "not-yet-seen");
	assert_int_equal(l.n_turns, 0);
	assert_null(l.missed);
	assert_int_equal(label_reader_next(r, &l), TR_END);
	assert_non_null(strstr(s.problems.buf, "unknown turn tag 'sarcasm'"));
	assert_non_null(strstr(s.problems.buf, "bad turn number"));
	assert_non_null(strstr(s.problems.buf, "premature-cross-sell='maybe': yes or no"));
	assert_non_null(strstr(s.problems.buf, "one of cross-sell-offer, problem-stated"));
	assert_non_null(strstr(s.problems.buf, "<labeled> without"));
	label_reader_close(r);
	label_release(&l);
	seen_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_examples),
		cmocka_unit_test(test_gzip_same_as_plain),
		cmocka_unit_test(test_unknown_parts_kept_or_skipped),
		cmocka_unit_test(test_malformed_keeps_complete_dialogues),
		cmocka_unit_test(test_truncated_gzip),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_xxe_never_loaded),
		cmocka_unit_test(test_billion_laughs_stopped),
		cmocka_unit_test(test_bomb_stopped_by_limit),
		cmocka_unit_test(test_huge_turn),
		cmocka_unit_test(test_not_a_transcript),
		cmocka_unit_test(test_hash_changes_with_content),
		cmocka_unit_test(test_labels_reader),
	};
	lq_quiet = 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
