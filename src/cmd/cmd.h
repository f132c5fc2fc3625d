/* cmd.h — the subcommands.  main.c holds the table; each command lives in
 * src/cmd_<name>.c as cmd_<name>() with its usage text beside it.
 *
 * A command returns the process exit status of cli.md:
 *   0 all done, 1 failed (nothing of that step kept), 2 wrong usage,
 *   3 done but some inputs were skipped (each named on stderr). */
#ifndef LEADQA_CMD_H
#define LEADQA_CMD_H

#include <sqlite3.h>

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_SKIPPED = 3, EXIT_LOCKED = 4 };

struct lq_context {
	const char *db_path;
	sqlite3 *db;            /* opened by main for commands that need it */
};

/* One option of a command: its long name and whether a value follows.
 * main.c checks every command line against these tables before the command
 * runs, so that each option takes "--opt VALUE" and "--opt=VALUE" alike and
 * an unknown one is reported in one wording, with the nearest known name. */
struct cmd_option {
	const char *name;       /* "--out"; a table ends with a NULL name */
	int takes_value;
};

enum { DB_NONE = 0, DB_WRITE = 1, DB_READ = 2 };

struct lq_command {
	const char *name;
	int (*fn)(int argc, char **argv, struct lq_context *ctx);
	const char *summary;    /* one line for `leadqa help` */
	const char *usage;      /* full text for `leadqa help NAME` and NAME --help */
	int needs_db;           /* DB_WRITE: opened by main, created on first use;
				 * DB_READ: opened by the command with
				 * cmd_open_read_only() once its options are
				 * checked; a missing database is an error */
	const struct cmd_option *options;
};

int cmd_ingest(int argc, char **argv, struct lq_context *ctx);
int cmd_train(int argc, char **argv, struct lq_context *ctx);
int cmd_score(int argc, char **argv, struct lq_context *ctx);
int cmd_export(int argc, char **argv, struct lq_context *ctx);
int cmd_report(int argc, char **argv, struct lq_context *ctx);
int cmd_eval(int argc, char **argv, struct lq_context *ctx);
int cmd_nightly(int argc, char **argv, struct lq_context *ctx);
int cmd_merge(int argc, char **argv, struct lq_context *ctx);
int cmd_show(int argc, char **argv, struct lq_context *ctx);

extern const char usage_ingest[], usage_train[], usage_score[], usage_export[],
	usage_report[], usage_eval[], usage_nightly[], usage_merge[], usage_show[];
extern const struct cmd_option options_ingest[], options_train[], options_score[],
	options_export[], options_report[], options_eval[], options_nightly[], options_merge[],
	options_show[];

/* Is argv[1..] asking for help (-h / --help)?  Then the command prints its
 * usage and returns 0.  Shared by every command. */
int cmd_wants_help(int argc, char **argv);
/* Prints "leadqa: MESSAGE" and the command's usage line; returns EXIT_USAGE. */
int cmd_usage_error(const char *usage, const char *fmt, ...);
/* Opens ctx->db_path for a command that only reads (unless ctx->db is
 * open already, as in the night): a missing database is an error naming it,
 * and nothing is created.  0, or -1 after the message. */
int cmd_open_read_only(struct lq_context *ctx, const char *command);
/* An argument the command does not take: "leadqa: unexpected argument 'X'"
 * and the usage line; returns EXIT_USAGE. */
int cmd_unexpected(const char *usage, const char *arg);

/* `leadqa ingest` (cmd_ingest) also writes its totals to *sink when given
 * one (the night reports them); NULL stops that. */
struct ingest_totals;
void cmd_ingest_totals_to(struct ingest_totals *sink);

#endif
