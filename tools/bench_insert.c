/* bench_insert — a second floor for ingest: the bare reader of xml_floor plus
 * one SQLite row per dialogue and per turn, in one transaction, with nothing
 * else (no identity, no fingerprints, no problems, no replacing).  What ingest
 * does beyond this is the price of its checks.
 *
 *   bench_insert FILE DB   prints "DIALOGUES dialogues, TURNS turns, SECONDS s"
 *
 * DB is created (or emptied) with two tables shaped like the real ones. */
#include "compat.h"
#include "transcripts.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <libxml/xmlreader.h>

static const char schema[] =
	"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	"DROP TABLE IF EXISTS turns; DROP TABLE IF EXISTS dialogues;"
	"CREATE TABLE dialogues(id TEXT PRIMARY KEY, n_turns INTEGER NOT NULL);"
	"CREATE TABLE turns(dialogue_id TEXT NOT NULL, n INTEGER NOT NULL, speaker TEXT,"
	" text TEXT NOT NULL, PRIMARY KEY(dialogue_id, n)) WITHOUT ROWID;";

struct floor_run {
	sqlite3 *db;
	sqlite3_stmt *dialogue, *turn;
	struct strbuf id, speaker, text;
	long dialogues, turns;
	int n;                      /* turns of the current dialogue */
};

static int step(struct floor_run *f, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(f->db));
	return 0;
}

static void copy_attr(xmlTextReaderPtr x, const char *name, struct strbuf *out)
{
	xmlChar *v = xmlTextReaderGetAttribute(x, (const xmlChar *)name);
	strbuf_reset(out);
	if (v)
		strbuf_adds(out, (const char *)v);
	xmlFree(v);
}

static int end_dialogue(struct floor_run *f)
{
	sqlite3_bind_text(f->dialogue, 1, strbuf_str(&f->id), -1, SQLITE_STATIC);
	sqlite3_bind_int(f->dialogue, 2, f->n);
	f->dialogues++;
	return step(f, f->dialogue);
}

static int end_turn(struct floor_run *f)
{
	sqlite3_bind_text(f->turn, 1, strbuf_str(&f->id), -1, SQLITE_STATIC);
	sqlite3_bind_int(f->turn, 2, ++f->n);
	sqlite3_bind_text(f->turn, 3, strbuf_str(&f->speaker), -1, SQLITE_STATIC);
	sqlite3_bind_text(f->turn, 4, strbuf_str(&f->text), -1, SQLITE_STATIC);
	f->turns++;
	return step(f, f->turn);
}

/* One node: collects a turn's text, writes rows at end tags. */
static int on_node(struct floor_run *f, xmlTextReaderPtr x, int *in_turn)
{
	int type = xmlTextReaderNodeType(x), depth = xmlTextReaderDepth(x);
	const char *name = (const char *)xmlTextReaderConstLocalName(x);
	if (type == XML_READER_TYPE_ELEMENT && depth == 1 && !strcmp(name, "dialogue")) {
		copy_attr(x, "id", &f->id);
		f->n = 0;
		if (xmlTextReaderIsEmptyElement(x))
			return end_dialogue(f);
	} else if (type == XML_READER_TYPE_ELEMENT && depth == 2 && !strcmp(name, "turn")) {
		copy_attr(x, "speaker", &f->speaker);
		strbuf_reset(&f->text);
		*in_turn = 1;
		if (xmlTextReaderIsEmptyElement(x)) {
			*in_turn = 0;
			return end_turn(f);
		}
	} else if (*in_turn && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
				type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
		strbuf_adds(&f->text, (const char *)xmlTextReaderConstValue(x));
	} else if (type == XML_READER_TYPE_END_ELEMENT && depth == 2 && *in_turn) {
		*in_turn = 0;
		return end_turn(f);
	} else if (type == XML_READER_TYPE_END_ELEMENT && depth == 1) {
		return end_dialogue(f);
	}
	return 0;
}

static int run(struct floor_run *f, const char *path)
{
	struct xml_input_opts o = { 0, 0, NULL, NULL, 0 };
	struct xml_input *in = xml_input_open(path, &o);
	int rc, in_turn = 0, ret = -1;
	if (!in)
		return -1;
	while ((rc = xml_input_read(in)) == 1)
		if (on_node(f, xml_input_reader(in), &in_turn))
			goto out;
	if (rc < 0) {
		long line;
		const char *msg = xml_input_error(in, &line);
		error_at(path, line, "%s", msg ? msg : "read error");
		goto out;
	}
	ret = 0;
out:
	xml_input_close(in);
	return ret;
}

int main(int argc, char **argv)
{
	struct floor_run f;
	double t0;
	int ret = 1;
	if (argc != 3) {
		fprintf(stderr, "usage: bench_insert FILE DB\n");
		return 2;
	}
	memset(&f, 0, sizeof(f));
	t0 = mono_seconds();
	if (sqlite3_open(argv[2], &f.db) != SQLITE_OK ||
	    sqlite3_exec(f.db, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(f.db, "INSERT INTO dialogues VALUES(?, ?)", -1, &f.dialogue,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(f.db, "INSERT INTO turns VALUES(?, ?, ?, ?)", -1, &f.turn,
			       NULL) != SQLITE_OK) {
		error("%s: %s", argv[2], sqlite3_errmsg(f.db));
		goto out;
	}
	if (sqlite3_exec(f.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK || run(&f, argv[1]) ||
	    sqlite3_exec(f.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	printf("%ld dialogues, %ld turns, %.3f s\n", f.dialogues, f.turns, mono_seconds() - t0);
	ret = fflush(stdout) || ferror(stdout) ? 1 : 0;
out:
	sqlite3_finalize(f.turn);
	sqlite3_finalize(f.dialogue);
	sqlite3_close(f.db);
	strbuf_release(&f.text);
	strbuf_release(&f.speaker);
	strbuf_release(&f.id);
	return ret;
}
