/* attribution.c — performers and the owners of findings (see attribution.h). */
#include "compat.h"
#include "attribution.h"
#include "db.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The turns are read through the `turns` view, one dialogue at a time (the
 * view unpacks one turn pack per lookup), so that the cost grows with the
 * night, not with the database. */
static const char build_sql[] =
	"DROP TABLE IF EXISTS temp.part;"
	"DROP TABLE IF EXISTS temp.attrib;"
	"CREATE TEMP TABLE part(dialogue_id TEXT NOT NULL, who_kind TEXT NOT NULL, who TEXT NOT NULL,"
	"  PRIMARY KEY(dialogue_id, who_kind, who)) WITHOUT ROWID;"
	"CREATE TEMP TABLE attrib(dialogue_id TEXT NOT NULL, kind TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  who_kind TEXT NOT NULL, who TEXT NOT NULL, PRIMARY KEY(dialogue_id, kind, seq)) WITHOUT ROWID;";

/* Names of a dialogue's performers by default: its bot, its first handoff's target. */
static const char defaults_sql[] =
	"SELECT coalesce(nullif(d.bot_agent, ''), 'bot'),"
	" coalesce((SELECT nullif(e.target, '') FROM events e WHERE e.dialogue_id = d.id"
	"   AND e.type = 'handoff' ORDER BY e.seq LIMIT 1), 'operator')"
	" FROM dialogues d WHERE d.id = ?";

struct names {
	char *bot, *op;
};

static const char *who_of(const struct names *nm, const char *speaker, const char *agent)
{
	if (agent && *agent)
		return agent;
	return !strcmp(speaker, "operator") ? nm->op : nm->bot;
}

static int one_dialogue(sqlite3 *db, const char *id, sqlite3_stmt *defaults, sqlite3_stmt *turns,
			sqlite3_stmt *findings, sqlite3_stmt *speaker_of, sqlite3_stmt *put_part,
			sqlite3_stmt *put_attrib)
{
	struct names nm = { NULL, NULL };
	int rc = -1;
	db_bind_text(defaults, 1, id);
	if (sqlite3_step(defaults) == SQLITE_ROW) {
		nm.bot = xstrdup(db_col_text(defaults, 0));
		nm.op = xstrdup(db_col_text(defaults, 1));
	} else {
		nm.bot = xstrdup("bot");
		nm.op = xstrdup("operator");
	}
	sqlite3_reset(defaults);
	/* every performer who spoke */
	db_bind_text(turns, 1, id);
	while (sqlite3_step(turns) == SQLITE_ROW) {
		const char *sp = db_col_text(turns, 0);
		db_bind_text(put_part, 1, id);
		db_bind_text(put_part, 2, !strcmp(sp, "operator") ? "operator" : "bot");
		db_bind_text(put_part, 3, who_of(&nm, sp, db_col_text(turns, 1)));
		if (db_step_done(db, put_part)) {
			sqlite3_reset(turns);
			goto out;
		}
	}
	sqlite3_reset(turns);
	/* each finding: the first agent turn of its evidence, else the bot */
	db_bind_text(findings, 1, id);
	while (sqlite3_step(findings) == SQLITE_ROW) {
		const char *kind = db_col_text(findings, 0);
		int seq = sqlite3_column_int(findings, 1);
		char *list = xstrdup(db_col_text(findings, 2)), *save = NULL;
		const char *owner_kind = "bot", *owner = nm.bot;
		char *owned = NULL;
		for (char *tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
			char *end;
			long n = strtol(tok, &end, 10);
			int found = 0;
			if (*end || n < 1)
				continue;
			db_bind_text(speaker_of, 1, id);
			sqlite3_bind_int64(speaker_of, 2, n);
			if (sqlite3_step(speaker_of) == SQLITE_ROW) {
				const char *sp = db_col_text(speaker_of, 0);
				if (!strcmp(sp, "bot") || !strcmp(sp, "operator")) {
					owner_kind = !strcmp(sp, "operator") ? "operator" : "bot";
					owned = xstrdup(who_of(&nm, sp, db_col_text(speaker_of, 1)));
					found = 1;
				}
			}
			sqlite3_reset(speaker_of);
			if (found)
				break;
		}
		free(list);
		db_bind_text(put_attrib, 1, id);
		db_bind_text(put_attrib, 2, kind);
		sqlite3_bind_int(put_attrib, 3, seq);
		db_bind_text(put_attrib, 4, owner_kind);
		db_bind_text(put_attrib, 5, owned ? owned : owner);
		/* the owner took part, even when no turn of theirs is stored */
		db_bind_text(put_part, 1, id);
		db_bind_text(put_part, 2, owner_kind);
		db_bind_text(put_part, 3, owned ? owned : owner);
		free(owned);
		if (db_step_done(db, put_attrib) || db_step_done(db, put_part)) {
			sqlite3_reset(findings);
			goto out;
		}
	}
	sqlite3_reset(findings);
	rc = 0;
out:
	free(nm.bot);
	free(nm.op);
	return rc;
}

int attribution_build(sqlite3 *db, const char *night)
{
	sqlite3_stmt *ids = NULL, *defaults = NULL, *turns = NULL, *findings = NULL, *speaker_of = NULL,
		     *put_part = NULL, *put_attrib = NULL;
	int rc = -1, step;
	if (db_exec(db, build_sql))
		return -1;
	if (!night)
		return 0;
	ids = db_prepare(db, "SELECT id FROM temp.fig_dialogue WHERE night = ? ORDER BY id");
	defaults = db_prepare(db, defaults_sql);
	turns = db_prepare(db, "SELECT DISTINCT speaker, agent FROM turns WHERE dialogue_id = ?"
			       " AND speaker IN ('bot', 'operator')");
	findings = db_prepare(db, "SELECT kind, seq, turns FROM findings WHERE dialogue_id = ? ORDER BY kind, seq");
	speaker_of = db_prepare(db, "SELECT speaker, agent FROM turns WHERE dialogue_id = ? AND n = ?");
	put_part = db_prepare(db, "INSERT OR IGNORE INTO temp.part VALUES(?, ?, ?)");
	put_attrib = db_prepare(db, "INSERT OR REPLACE INTO temp.attrib VALUES(?, ?, ?, ?, ?)");
	if (!ids || !defaults || !turns || !findings || !speaker_of || !put_part || !put_attrib)
		goto out;
	db_bind_text(ids, 1, night);
	while ((step = sqlite3_step(ids)) == SQLITE_ROW) {
		char *id = xstrdup(db_col_text(ids, 0));
		int r = one_dialogue(db, id, defaults, turns, findings, speaker_of, put_part, put_attrib);
		free(id);
		if (r)
			goto out;
	}
	if (step != SQLITE_DONE) {
		error("database: %s", sqlite3_errmsg(db));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(ids);
	sqlite3_finalize(defaults);
	sqlite3_finalize(turns);
	sqlite3_finalize(findings);
	sqlite3_finalize(speaker_of);
	sqlite3_finalize(put_part);
	sqlite3_finalize(put_attrib);
	return rc;
}
