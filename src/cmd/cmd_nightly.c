/* cmd_nightly.c — `leadqa nightly`: settings, the run lock, then the night.
 *
 * The lock is taken before the database is opened, so that a second run
 * touches nothing: it names the holder and exits with EXIT_LOCKED. */
#include "compat.h"
#include "cmd.h"
#include "config.h"
#include "db.h"
#include "lock.h"
#include "nightly.h"
#include "paths.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_nightly[] =
	"usage: leadqa nightly --inbox DIR --out DIR [--config FILE] [--model-dir DIR]\n"
	"                      [--lexicons DIR]\n"
	"                      [--retrain-min-outcomes N] [--retrain-max-age-days D]\n"
	"                      [--lang ru|en|auto] [--tz ZONE] [--date YYYY-MM-DD] [--threads N]\n"
	"                      [--learner libsvm|liblinear|auto]\n"
	"                      [--incremental] [--force-export]\n"
	"\n"
	"The whole night: loads every new file of the inbox (new by content: a file\n"
	"copied in again is not loaded twice; hidden files and *.tmp / *.part are left\n"
	"for later), retrains the lead model when due, scores what is new, writes the\n"
	"report and the lead-score export, and points the latest links at them:\n"
	"  OUT/reports/DATE/index.html     OUT/reports/latest -> DATE\n"
	"  OUT/exports/leads-DATE.csv      OUT/exports/latest.csv -> leads-DATE.csv\n"
	"DATE is today (UTC; $LEADQA_NOW when set) unless --date says otherwise.\n"
	"\n"
	"  --config FILE               settings (key = value lines; see leadqa.conf.example);\n"
	"                              options given here override the file; the file\n"
	"                              may also name the database (db = PATH) when\n"
	"                              neither --db nor $LEADQA_DB does\n"
	"  --inbox DIR                 the night's input files          (inbox)\n"
	"  --out DIR                   where reports and exports go     (out)\n"
	"  --model-dir DIR             models folder, default models/ beside the\n"
	"                              database                         (model_dir)\n"
	"  --data-dir DIR              the shipped lexicons (a global option;\n"
	"                              default: the installed data folder) (data_dir)\n"
	"  --lexicons DIR              older name of --data-dir for the night\n"
	"  --retrain-min-outcomes N    retrain when N more dialogues are labeled than\n"
	"                              the newest model learned from; default 50\n"
	"                                                               (retrain_min_outcomes)\n"
	"  --retrain-max-age-days D    retrain when the newest model is D days old;\n"
	"                              default 30, 0 = never by age     (retrain_max_age_days)\n"
	"  --lang ru|en|auto           language of the report           (lang)\n"
	"  --tz ZONE                   time zone whose days are the report's nights\n"
	"                              (tz database name; default UTC)  (tz)\n"
	"  --threads N                 scoring threads                  (score_threads)\n"
	"  --learner L                 libsvm, liblinear or auto (train decides by the\n"
	"                              number of labeled dialogues)     (learner)\n"
	"  --incremental               export only rows changed since the last export\n"
	"                                                               (export_incremental)\n"
	"  --force-export              replace an export even by one with fewer rows\n"
	"                                                               (force_export)\n"
	"\n"
	"One night at a time: the run holds an exclusive lock on DATABASE.lock; a\n"
	"second run names the holder and exits with status 4, touching nothing.\n"
	"A night that was killed is finished by the next run, with the same results.\n"
	"Exit status: 0 done, 1 a step failed (what was done before it stays),\n"
	"2 wrong usage, 3 done but inputs were skipped, 4 another run holds the lock.\n";

const struct cmd_option options_nightly[] = {
	{ "--config", 1 },
	{ "--date", 1 },
	{ "--inbox", 1 },
	{ "--out", 1 },
	{ "--model-dir", 1 },
	{ "--lexicons", 1 },
	{ "--retrain-min-outcomes", 1 },
	{ "--retrain-max-age-days", 1 },
	{ "--lang", 1 },
	{ "--tz", 1 },
	{ "--threads", 1 },
	{ "--learner", 1 },
	{ "--incremental", 0 },
	{ "--force-export", 0 },
	{ NULL, 0 },
};

/* Command-line options and the settings they set. */
static const struct { const char *option, *key; } value_options[] = {
	{ "--inbox", "inbox" },
	{ "--out", "out" },
	{ "--model-dir", "model_dir" },
	{ "--lexicons", "data_dir" },
	{ "--retrain-min-outcomes", "retrain_min_outcomes" },
	{ "--retrain-max-age-days", "retrain_max_age_days" },
	{ "--lang", "lang" },
	{ "--tz", "tz" },
	{ "--threads", "score_threads" },
	{ "--learner", "learner" },
};

static const char *setting_of(const char *option)
{
	for (size_t i = 0; i < sizeof(value_options) / sizeof(value_options[0]); i++)
		if (!strcmp(value_options[i].option, option))
			return value_options[i].key;
	return NULL;
}

/* The settings file first, whatever its place among the options. */
static int load_config_option(int argc, char **argv, struct night_config *cfg)
{
	for (int i = 1; i < argc - 1; i++)
		if (!strcmp(argv[i], "--config"))
			return night_config_load(cfg, argv[i + 1]);
	return 0;
}

static int parse_options(int argc, char **argv, struct night_config *cfg, const char **date)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *key = setting_of(a);
		if (key || !strcmp(a, "--config") || !strcmp(a, "--date")) {
			if (i + 1 >= argc)
				return cmd_usage_error(usage_nightly, "%s needs a value", a);
			i++;
			if (key && night_config_set(cfg, key, argv[i], NULL, 0))
				return EXIT_USAGE;
			if (!strcmp(a, "--date"))
				*date = argv[i];
		} else if (!strcmp(a, "--incremental")) {
			cfg->export_incremental = 1;
		} else if (!strcmp(a, "--force-export")) {
			cfg->force_export = 1;
		} else {
			return cmd_unexpected(usage_nightly, a);
		}
	}
	return 0;
}

static int check_date(const char *date)
{
	int64_t t;
	char back[11];
	if (strlen(date) != 10 || parse_time(date, &t))
		return -1;
	format_date(t, back);
	return strcmp(back, date) ? -1 : 0;
}

/* The settings file may name the database when the command line did not. */
static const char *database_path(const struct lq_context *ctx, const struct night_config *cfg)
{
	const char *env = getenv("LEADQA_DB");
	int defaulted = !strcmp(ctx->db_path, "leadqa.db") && !(env && *env);
	return defaulted && cfg->db ? cfg->db : ctx->db_path;
}

/* The database is created on first use: its folder too. */
static int make_db_folder(const char *db_path)
{
	const char *slash = strrchr(db_path, '/');
	char *dir;
	int rc = 0;
	if (!slash || slash == db_path)
		return 0;
	dir = xstrndup(db_path, (size_t)(slash - db_path));
	if (mkdir_p(dir))
		rc = error("cannot create folder '%s' for the database", dir);
	free(dir);
	return rc;
}

static int locked_out(const char *lock_path, const struct lock_holder *h)
{
	char who[128];
	lock_holder_describe(h, who, sizeof(who));
	error("another run holds '%s' (%s)", lock_path, who);
	return EXIT_LOCKED;
}

int cmd_nightly(int argc, char **argv, struct lq_context *ctx)
{
	struct night_config cfg;
	struct lock *lock = NULL;
	struct lock_holder holder;
	struct strbuf lock_path = STRBUF_INIT;
	const char *date = NULL;
	int status, rc;
	night_config_init(&cfg);
	if (load_config_option(argc, argv, &cfg)) {
		status = EXIT_USAGE;
		goto out;
	}
	status = parse_options(argc, argv, &cfg, &date);
	if (status)
		goto out;
	status = EXIT_USAGE;
	if (!cfg.inbox || !cfg.out) {
		cmd_usage_error(usage_nightly, "the inbox and the out folder are required "
				"(--inbox, --out, or inbox/out in --config)");
		goto out;
	}
	if (date && check_date(date)) {
		cmd_usage_error(usage_nightly, "--date wants YYYY-MM-DD, not '%s'", date);
		goto out;
	}
	ctx->db_path = database_path(ctx, &cfg);
	/* models belong with the database; the lexicons come from the data
	 * folder unless the settings name one */
	if (!cfg.model_dir)
		cfg.model_dir = paths_model_dir_new(ctx->db_path);
	if (cfg.data_dir && !paths_data_dir_given())
		paths_set_data_dir(cfg.data_dir);
	strbuf_addf(&lock_path, "%s.lock", ctx->db_path);
	if (make_db_folder(ctx->db_path)) {
		status = EXIT_FAILED;
		goto out;
	}
	rc = lock_acquire(lock_path.buf, &lock, &holder);
	if (rc == LOCK_BUSY) {
		status = locked_out(lock_path.buf, &holder);
		goto out;
	}
	status = EXIT_FAILED;
	if (rc < 0)
		goto out;
	/* The database itself is locked too (before it is opened, when it
	 * exists; else once created): a removed or replaced lock file must not
	 * let a second night in beside this one. */
	rc = lock_anchor(lock, ctx->db_path);
	if (rc == LOCK_TAKEN) {
		ctx->db = db_open(ctx->db_path);
		if (!ctx->db)
			goto out;
		rc = lock_anchor(lock, ctx->db_path);
	}
	if (rc == LOCK_BUSY) {
		error("another run holds the database '%s' (its lock file '%s' was removed "
		      "or replaced)", ctx->db_path, lock_path.buf);
		status = EXIT_LOCKED;
		goto out;
	}
	if (rc < 0)
		goto out;
	status = nightly_run(ctx, &cfg, date);
out:
	/* main closes ctx->db after we return; the lock outlives our use of it. */
	if (ctx->db) {
		db_close(ctx->db);
		ctx->db = NULL;
	}
	lock_release(lock);
	strbuf_release(&lock_path);
	night_config_release(&cfg);
	return status;
}
