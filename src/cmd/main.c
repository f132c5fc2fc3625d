/* main.c — global options, the command table, and turning a command's
 * result into the exit status.  Opening the database happens here, once. */
#include "compat.h"
#include "cmd.h"
#include "db.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct lq_command commands[] = {
	{ "ingest", cmd_ingest, "load transcripts, deal histories and trainer labels", usage_ingest, 1 },
	{ "train", cmd_train, "learn the lead-quality classifier", usage_train, 1 },
	{ "score", cmd_score, "score dialogues and judge them", usage_score, 1 },
	{ "export", cmd_export, "write the lead-score CSV for the CRM", usage_export, 1 },
	{ "report", cmd_report, "write the HTML report", usage_report, 1 },
	{ "eval", cmd_eval, "compare findings with trainers' labels", usage_eval, 1 },
	{ "nightly", cmd_nightly, "the whole night: ingest, train, score, report, export", usage_nightly, 0 },
	{ "merge", cmd_merge, "bring back scores computed in shards", usage_merge, 1 },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char main_usage[] =
	"usage: leadqa [--db PATH] [--quiet] COMMAND [OPTIONS] [ARGS]\n"
	"       leadqa help [COMMAND] | --help | --version\n";

static void print_help(FILE *out)
{
	fputs(main_usage, out);
	fputs("\nCommands:\n", out);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n--db PATH   the SQLite database (default: $LEADQA_DB, else ./leadqa.db)\n"
	      "--quiet     no progress lines on standard error\n"
	      "\nExit status: 0 done, 1 failed, 2 wrong usage, 3 done but inputs skipped,\n"
	      "4 another run holds the lock.\n"
	      "Run 'leadqa help COMMAND' for the options of one command.\n", out);
}

static const struct lq_command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int cmd_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	}
	return 0;
}

int cmd_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	fputs("leadqa: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (usage) {
		const char *nl = strchr(usage, '\n');
		fprintf(stderr, "%.*s\n", nl ? (int)(nl - usage) : (int)strlen(usage), usage);
	}
	return EXIT_USAGE;
}

/* Standard output carries results: a failed write must not exit 0. */
static int finish_stdout(int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		error("cannot write to standard output");
		return status == EXIT_OK || status == EXIT_SKIPPED ? EXIT_FAILED : status;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct lq_context ctx = { NULL, NULL };
	const struct lq_command *cmd;
	const char *env = getenv("LEADQA_DB");
	int i = 1, status;

	ctx.db_path = env && *env ? env : "leadqa.db";
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--version")) {
			printf("leadqa %s\n", LEADQA_VERSION);
			return finish_stdout(EXIT_OK);
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_help(stdout);
			return finish_stdout(EXIT_OK);
		} else if (!strcmp(argv[i], "--db")) {
			if (i + 1 >= argc)
				return cmd_usage_error(main_usage, "--db needs a path");
			ctx.db_path = argv[++i];
		} else if (starts_with(argv[i], "--db=")) {
			ctx.db_path = argv[i] + 5;
		} else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
			lq_quiet = 1;
		} else {
			return cmd_usage_error(main_usage, "unknown option '%s'", argv[i]);
		}
		i++;
	}
	if (i >= argc) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		if (i + 1 < argc) {
			cmd = find_command(argv[i + 1]);
			if (!cmd)
				return cmd_usage_error(main_usage, "unknown command '%s'", argv[i + 1]);
			fputs(cmd->usage, stdout);
		} else {
			print_help(stdout);
		}
		return finish_stdout(EXIT_OK);
	}
	cmd = find_command(argv[i]);
	if (!cmd)
		return cmd_usage_error(main_usage, "unknown command '%s' (see 'leadqa help')", argv[i]);
	if (cmd_wants_help(argc - i, argv + i)) {
		fputs(cmd->usage, stdout);
		return finish_stdout(EXIT_OK);
	}
	if (cmd->needs_db) {
		ctx.db = db_open(ctx.db_path);
		if (!ctx.db)
			return EXIT_FAILED;
	}
	status = cmd->fn(argc - i, argv + i, &ctx);
	db_close(ctx.db);
	return finish_stdout(status);
}
