/* cmd_score.c — `leadqa score`: judge and score dialogues. */
#include "compat.h"
#include "cmd.h"
#include "paths.h"
#include "reasons.h"
#include "score.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_score[] =
	"usage: leadqa score [--model FILE] [--model-dir DIR] [--all]\n"
	"                    [--shard K/N --out SHARD.db] [--threads N]\n"
	"                    [--lexicons DIR] [--window DAYS] [--as-of TIME]\n"
	"                    [--lang ru|en]\n"
	"\n"
	"Scores the dialogues that are new, re-exported with a change, or scored\n"
	"with another model: lead score and grade (when a model exists), premature\n"
	"cross-sell, missed escalation and lost context, with their evidence.\n"
	"\n"
	"  --model FILE     the model (default: the newest in --model-dir);\n"
	"                   without any model the dialogues are still judged\n"
	"  --all            score every dialogue again\n"
	"  --shard K/N      only dialogues whose stable hash of the id modulo N is\n"
	"                   K-1, written into the database --out (for leadqa merge)\n"
	"  --threads N      worker threads (default 2); the output is the same for any N\n"
	"  --model-dir DIR  models and turn classifiers (default: models/ beside\n"
	"                   the database)\n"
	"  --lexicons DIR   cue lexicons of the detectors (default: the data folder,\n"
	"                   see --data-dir in 'leadqa help')\n"
	"  --window DAYS, --as-of TIME   as for train (counting earlier dialogues)\n"
	"  --lang ru|en     language of the reasons (top_factors); default: each\n"
	"                   dialogue's own (its lang attribute, else its letters)\n";

const struct cmd_option options_score[] = {
	{ "--model", 1 },
	{ "--model-dir", 1 },
	{ "--all", 0 },
	{ "--shard", 1 },
	{ "--out", 1 },
	{ "--threads", 1 },
	{ "--lexicons", 1 },
	{ "--window", 1 },
	{ "--as-of", 1 },
	{ "--lang", 1 },
	{ NULL, 0 },
};

static int parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_shard(const char *v, int *k, int *n)
{
	long a, b;
	const char *slash = strchr(v, '/');
	char left[32];
	if (!slash || (size_t)(slash - v) >= sizeof(left))
		return -1;
	snprintf(left, sizeof(left), "%.*s", (int)(slash - v), v);
	if (parse_int(left, 1, 100000, &a) || parse_int(slash + 1, 1, 100000, &b) || a > b)
		return -1;
	*k = (int)a;
	*n = (int)b;
	return 0;
}

static int parse_score_args(int argc, char **argv, struct score_settings *s)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		long n;
		if (!strcmp(a, "--all")) {
			s->all = 1;
			continue;
		}
		if (a[0] != '-' || !v)
			return cmd_unexpected(usage_score, a);
		i++;
		if (!strcmp(a, "--model"))
			s->model_path = v;
		else if (!strcmp(a, "--model-dir"))
			s->model_dir = v;
		else if (!strcmp(a, "--lexicons"))
			s->lexicon_dir = v;
		else if (!strcmp(a, "--out"))
			s->out_path = v;
		else if (!strcmp(a, "--shard")) {
			if (parse_shard(v, &s->shard_k, &s->shard_n))
				return cmd_usage_error(usage_score, "--shard needs K/N with 1 <= K <= N, not '%s'", v);
		} else if (!strcmp(a, "--threads")) {
			if (parse_int(v, 1, 16, &n))
				return cmd_usage_error(usage_score, "--threads needs 1..16, not '%s'", v);
			s->threads = (int)n;
		} else if (!strcmp(a, "--window")) {
			if (parse_int(v, 1, 3650, &n))
				return cmd_usage_error(usage_score, "--window needs days (1..3650), not '%s'", v);
			s->outcome.window = (int64_t)n * 86400;
		} else if (!strcmp(a, "--as-of")) {
			if (parse_time(v, &s->outcome.as_of))
				return cmd_usage_error(usage_score, "--as-of needs an ISO 8601 time, not '%s'", v);
		} else if (!strcmp(a, "--lang")) {
			if ((s->lang = reason_lang_parse(v)) < 0)
				return cmd_usage_error(usage_score, "--lang is ru or en, not '%s'", v);
		} else {
			return cmd_unexpected(usage_score, a);
		}
	}
	if (s->shard_n > 0 && !s->out_path)
		return cmd_usage_error(usage_score, "--shard needs --out SHARD.db");
	if (s->out_path && s->shard_n <= 0)
		return cmd_usage_error(usage_score, "--out is for --shard");
	return 0;
}

int cmd_score(int argc, char **argv, struct lq_context *ctx)
{
	struct score_settings s;
	struct score_totals t;
	char *model_dir;
	int rc;
	score_settings_init(&s);
	s.db_path = ctx->db_path;
	s.model_dir = model_dir = paths_model_dir_new(ctx->db_path);
	s.lexicon_dir = paths_data_dir();
	rc = parse_score_args(argc, argv, &s);
	if (!rc && score_run(ctx->db, &s, &t))
		rc = EXIT_FAILED;
	free(model_dir);
	if (rc)
		return rc;
	/* a summary, not a result: standard error, as every command's */
	info("score: %ld dialogues (%ld changed), %ld findings, model %s, %.1f s (%.0f dialogues/s)",
	     t.scored, t.changed, t.findings, t.model_version[0] ? t.model_version : "none",
	     t.seconds, t.seconds > 0 ? (double)t.scored / t.seconds : 0.0);
	if (s.shard_n > 0)
		info("score: shard %d/%d into %s: %ld dialogues of other shards left out",
		     s.shard_k, s.shard_n, s.out_path, t.skipped_other_shard);
	return EXIT_OK;
}
