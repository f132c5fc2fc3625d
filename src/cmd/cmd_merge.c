/* cmd_merge.c — `leadqa merge SHARD.db...`: brings back into the database the
 * scores, findings and turn tags that `leadqa score --shard K/N --out
 * SHARD.db` computed elsewhere.
 *
 * A dialogue scored in a shard replaces what the database held for it:
 * its scores row, and all of its findings and turn tags (a finding that no
 * longer fires must disappear too).  changed_at is kept when the exported
 * values did not change, so that incremental exports stay small.  Scores of
 * dialogues the database does not hold are left out and counted. */
#include "compat.h"
#include "cmd.h"
#include "db.h"
#include "deal_summary.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char usage_merge[] =
	"usage: leadqa merge SHARD.db...\n"
	"\n"
	"Merges shard databases written by 'leadqa score --shard K/N --out SHARD.db'\n"
	"into the database: for every dialogue a shard scored, its scores row, findings\n"
	"and turn tags replace the database's.  The shards are merged in one\n"
	"transaction, all or nothing, when SQLite can attach them all at once (10);\n"
	"more shards are merged in groups of that size, one transaction each.\n"
	"Shards are only read.  Exit status 3 when a shard held scores of dialogues\n"
	"the database does not know (left out).\n";

const struct cmd_option options_merge[] = {
	{ NULL, 0 },
};

/* Program text only: the schema name is "shardN", never input. */
static const char *merge_steps[] = {
	"DELETE FROM main.findings WHERE dialogue_id IN"
	" (SELECT dialogue_id FROM %1$s.scores WHERE dialogue_id IN (SELECT id FROM main.dialogues))",
	"INSERT OR REPLACE INTO main.scores(dialogue_id, content_hash, lead_score, lead_grade,"
	" probability, premature, missed, context_lost, top_factors, model_version, scored_at,"
	" changed_at, tags)"
	" SELECT s.dialogue_id, s.content_hash, s.lead_score, s.lead_grade, s.probability,"
	" s.premature, s.missed, s.context_lost, s.top_factors, s.model_version, s.scored_at,"
	" CASE WHEN m.dialogue_id IS NOT NULL AND m.lead_score IS s.lead_score"
	"  AND m.lead_grade IS s.lead_grade AND m.premature IS s.premature"
	"  AND m.missed IS s.missed AND m.top_factors IS s.top_factors"
	"  AND m.model_version IS s.model_version THEN m.changed_at ELSE s.changed_at END,"
	" s.tags"
	" FROM %1$s.scores s LEFT JOIN main.scores m ON m.dialogue_id = s.dialogue_id"
	" WHERE s.dialogue_id IN (SELECT id FROM main.dialogues)",
	"INSERT OR REPLACE INTO main.findings(dialogue_id, kind, seq, turns, cue, reason_en,"
	" reason_ru, severity)"
	" SELECT dialogue_id, kind, seq, turns, cue, reason_en, reason_ru, severity"
	" FROM %1$s.findings WHERE dialogue_id IN (SELECT id FROM main.dialogues)",
};

struct merge_counts {
	long scores, findings, tags, unknown;
};

static int64_t count_in(sqlite3 *db, const char *schema, const char *what)
{
	char sql[256];
	snprintf(sql, sizeof(sql), what, schema);
	return db_query_int(db, sql);
}

static int attach_shard(sqlite3 *db, const char *path, const char *schema)
{
	char sql[64];
	sqlite3_stmt *st;
	int64_t version;
	/* ATTACH would create a missing file: a typo must not merge nothing. */
	if (access(path, R_OK))
		return error("cannot read shard '%s': %s", path, strerror(errno));
	snprintf(sql, sizeof(sql), "ATTACH DATABASE ? AS %s", schema);
	st = db_prepare(db, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, path);
	if (db_step_done(db, st)) {
		sqlite3_finalize(st);
		return error("cannot attach shard '%s'", path);
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql), "PRAGMA %s.user_version", schema);
	version = db_query_int(db, sql);
	if (version != DB_SCHEMA_VERSION)
		return error("'%s' is not a leadqa shard (schema version %lld, expected %d)",
			     path, (long long)version, DB_SCHEMA_VERSION);
	return 0;
}

static void detach_shards(sqlite3 *db, int n)
{
	char sql[64];
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "DETACH DATABASE shard%d", i);
		sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
}

static int merge_one(sqlite3 *db, const char *schema, struct merge_counts *c)
{
	char sql[1024];
	int64_t total = count_in(db, schema, "SELECT count(*) FROM %s.scores");
	int64_t known = count_in(db, schema, "SELECT count(*) FROM %s.scores"
				 " WHERE dialogue_id IN (SELECT id FROM main.dialogues)");
	int64_t findings = count_in(db, schema, "SELECT count(*) FROM %s.findings"
				    " WHERE dialogue_id IN (SELECT id FROM main.dialogues)");
	/* the tags ride in their scores row; counted there, not through the
	 * shard's turn_tags view */
	int64_t tags = count_in(db, schema, "SELECT coalesce(sum(json_array_length(tags)), 0)"
				" FROM %s.scores WHERE dialogue_id IN (SELECT id FROM main.dialogues)");
	if (total < 0 || known < 0 || findings < 0 || tags < 0)
		return -1;
	for (size_t i = 0; i < sizeof(merge_steps) / sizeof(merge_steps[0]); i++) {
		snprintf(sql, sizeof(sql), merge_steps[i], schema);
		if (db_exec(db, sql))
			return -1;
	}
	/* the deals matched to a merged score are recomputed by the next report */
	snprintf(sql, sizeof(sql), "SELECT dialogue_id FROM %s.scores", schema);
	if (deal_summary_note_scores(db, sql))
		return -1;
	c->scores += known;
	c->unknown += total - known;
	c->findings += findings;
	c->tags += tags;
	return 0;
}

/* Attaches shards [first, first + n), merges them in one transaction. */
static int merge_group(sqlite3 *db, char **paths, int n, struct merge_counts *c)
{
	char schema[32];
	int attached = 0, ret = -1;
	for (; attached < n; attached++) {
		snprintf(schema, sizeof(schema), "shard%d", attached);
		if (attach_shard(db, paths[attached], schema)) {
			attached++;
			goto out;
		}
	}
	if (db_begin(db))
		goto out;
	for (int i = 0; i < n; i++) {
		snprintf(schema, sizeof(schema), "shard%d", i);
		if (merge_one(db, schema, c)) {
			error("cannot merge shard '%s'", paths[i]);
			db_rollback(db);
			goto out;
		}
	}
	if (db_commit(db)) {
		db_rollback(db);
		goto out;
	}
	ret = 0;
out:
	detach_shards(db, attached);
	return ret;
}

int cmd_merge(int argc, char **argv, struct lq_context *ctx)
{
	struct merge_counts c = { 0, 0, 0, 0 };
	int max_attached = sqlite3_limit(ctx->db, SQLITE_LIMIT_ATTACHED, -1);
	int n = argc - 1;
	if (n < 1)
		return cmd_usage_error(usage_merge, "no shard databases given");
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			return cmd_unexpected(usage_merge, argv[i]);
	if (max_attached < 1)
		max_attached = 1;
	for (int first = 0; first < n; first += max_attached) {
		int k = n - first < max_attached ? n - first : max_attached;
		if (merge_group(ctx->db, argv + 1 + first, k, &c))
			return EXIT_FAILED;
	}
	if (c.unknown)
		warning("%ld scores of dialogues this database does not hold were left out", c.unknown);
	/* a summary, not a result: standard error, as every command's */
	info("merged %d shard%s: %ld scores, %ld findings, %ld turn tags", n,
	     n == 1 ? "" : "s", c.scores, c.findings, c.tags);
	return c.unknown ? EXIT_SKIPPED : EXIT_OK;
}
