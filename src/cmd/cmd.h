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

struct lq_command {
	const char *name;
	int (*fn)(int argc, char **argv, struct lq_context *ctx);
	const char *summary;    /* one line for `leadqa help` */
	const char *usage;      /* full text for `leadqa help NAME` and NAME --help */
	int needs_db;
};

int cmd_ingest(int argc, char **argv, struct lq_context *ctx);
int cmd_train(int argc, char **argv, struct lq_context *ctx);
int cmd_score(int argc, char **argv, struct lq_context *ctx);
int cmd_export(int argc, char **argv, struct lq_context *ctx);
int cmd_report(int argc, char **argv, struct lq_context *ctx);
int cmd_eval(int argc, char **argv, struct lq_context *ctx);
int cmd_nightly(int argc, char **argv, struct lq_context *ctx);
int cmd_merge(int argc, char **argv, struct lq_context *ctx);

extern const char usage_ingest[], usage_train[], usage_score[], usage_export[],
	usage_report[], usage_eval[], usage_nightly[], usage_merge[];

/* Is argv[1..] asking for help (-h / --help)?  Then the command prints its
 * usage and returns 0.  Shared by every command. */
int cmd_wants_help(int argc, char **argv);
/* Prints "leadqa: MESSAGE" and the command's usage line; returns EXIT_USAGE. */
int cmd_usage_error(const char *usage, const char *fmt, ...);

#endif
