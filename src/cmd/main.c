/* main.c — global options, the command table, and turning a command's
 * result into the exit status.  Opening the database happens here, once. */
#include "compat.h"
#include "cmd.h"
#include "db.h"
#include "paths.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct lq_command commands[] = {
	{ "ingest", cmd_ingest, "load transcripts, deal histories and trainer labels", usage_ingest, DB_WRITE, options_ingest },
	{ "train", cmd_train, "learn the lead-quality classifier", usage_train, DB_WRITE, options_train },
	{ "score", cmd_score, "score dialogues and judge them", usage_score, DB_WRITE, options_score },
	{ "export", cmd_export, "write the lead-score CSV for the CRM", usage_export, DB_READ, options_export },
	{ "report", cmd_report, "write the HTML report", usage_report, DB_READ, options_report },
	{ "eval", cmd_eval, "compare findings with trainers' labels", usage_eval, DB_READ, options_eval },
	{ "nightly", cmd_nightly, "the whole night: ingest, train, score, report, export", usage_nightly, DB_NONE, options_nightly },
	{ "merge", cmd_merge, "bring back scores computed in shards", usage_merge, DB_WRITE, options_merge },
	{ "show", cmd_show, "print one dialogue: turns, tags, findings, labels", usage_show, DB_READ, options_show },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* Options of every command, given before or after the command's name. */
static const struct cmd_option global_options[] = {
	{ "--db", 1 },
	{ "--data-dir", 1 },
	{ "--quiet", 0 },
	{ "--help", 0 },
	{ "--version", 0 },
	{ NULL, 0 },
};

static const char main_usage[] =
	"usage: leadqa [--db PATH] [--data-dir DIR] [--quiet] COMMAND [OPTIONS] [ARGS]\n"
	"       leadqa help [COMMAND] | --help | --version\n";

static const char help_usage[] =
	"usage: leadqa help [COMMAND]\n"
	"\n"
	"Without COMMAND: the commands, the global options and the exit status.\n"
	"With COMMAND: that command's options (the same as 'leadqa COMMAND --help').\n";

static void print_help(FILE *out)
{
	fputs(main_usage, out);
	fputs("\nCommands:\n", out);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("  help     this text, or the options of one command\n", out);
	fprintf(out, "\nGlobal options (before or after the command; --opt VALUE or --opt=VALUE):\n"
		"  --db PATH       the SQLite database (default: $LEADQA_DB, else ./leadqa.db);\n"
		"                  export, report and eval refuse a missing one\n"
		"  --data-dir DIR  the shipped lexicons and seed data (default: %s)\n"
		"  --quiet, -q     no progress lines on standard error\n"
		"  --help, -h      usage; --version the version\n"
		"Models go to models/ beside the database unless --model-dir says otherwise.\n"
		"\nExit status: 0 done, 1 failed, 2 wrong usage, 3 done but inputs skipped,\n"
		"4 another run holds the lock.\n"
		"Run 'leadqa help COMMAND' for the options of one command.\n", paths_data_dir());
}

static const struct lq_command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* Edit distance (insertions, deletions, substitutions and swaps of two
 * neighbours), capped: only small distances matter for a suggestion. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d[40][40];
	if (la >= 40 || lb >= 40)
		return 99;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* The nearest of the names to `word`: a prefix of exactly one of them, or
 * one within a third of its length in edits; NULL when none is near. */
static const char *nearest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL, *prefix_of = NULL;
	size_t best_d = 99, len = strlen(word), n_prefix = 0;
	for (size_t i = 0; i < n; i++) {
		size_t dd = distance(word, names[i]);
		if (len >= 4 && !strncmp(names[i], word, len))
			prefix_of = names[i], n_prefix++;
		if (dd < best_d)
			best_d = dd, best = names[i];
	}
	if (n_prefix == 1)
		return prefix_of;
	return best && best_d <= (len > 6 ? len / 3 : 2) ? best : NULL;
}

static const char *nearest_command(const char *word)
{
	const char *names[N_COMMANDS + 1];
	for (size_t i = 0; i < N_COMMANDS; i++)
		names[i] = commands[i].name;
	names[N_COMMANDS] = "help";
	return nearest(word, names, N_COMMANDS + 1);
}

static const char *nearest_option(const char *word, const struct cmd_option *opts)
{
	const char *names[64];
	size_t n = 0;
	for (size_t i = 0; global_options[i].name && n < 64; i++)
		names[n++] = global_options[i].name;
	for (size_t i = 0; opts && opts[i].name && n < 64; i++)
		names[n++] = opts[i].name;
	return nearest(word, names, n);
}

static const struct cmd_option *find_option(const struct cmd_option *opts, const char *name,
					    size_t len)
{
	for (size_t i = 0; opts && opts[i].name; i++)
		if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len))
			return &opts[i];
	return NULL;
}

/* The one wording of an unknown option, everywhere. */
static int unknown_option(const char *usage, const char *arg, const struct cmd_option *opts)
{
	size_t len = strcspn(arg, "=");
	char *name = xstrndup(arg, len);
	const char *near = nearest_option(name, opts);
	if (near)
		cmd_usage_error(usage, "unknown option '%s' (did you mean '%s'?)", name, near);
	else
		cmd_usage_error(usage, "unknown option '%s'", name);
	free(name);
	return EXIT_USAGE;
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

int cmd_unexpected(const char *usage, const char *arg)
{
	return cmd_usage_error(usage, "unexpected argument '%s'", arg);
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

/* A global option at argv[*i] (either form); returns 1 when it was one,
 * -1 after a usage error, 0 when it is not a global option. */
static int global_option(int argc, char **argv, int *i, struct lq_context *ctx,
			 const char *usage, int *stop)
{
	const char *a = argv[*i];
	size_t len = strcspn(a, "=");
	const struct cmd_option *o;
	const char *value = NULL;
	if (!strcmp(a, "-q"))
		a = "--quiet", len = 7;
	else if (!strcmp(a, "-h"))
		a = "--help", len = 6;
	o = find_option(global_options, a, len);
	if (!o)
		return 0;
	if (o->takes_value) {
		if (a[len] == '=')
			value = a + len + 1;
		else if (*i + 1 < argc)
			value = argv[++*i];
		else
			return cmd_usage_error(usage, "option '%s' needs a value", o->name), -1;
	} else if (a[len] == '=') {
		return cmd_usage_error(usage, "option '%s' takes no value", o->name), -1;
	}
	if (!strcmp(o->name, "--db"))
		ctx->db_path = value;
	else if (!strcmp(o->name, "--data-dir"))
		paths_set_data_dir(value);
	else if (!strcmp(o->name, "--quiet"))
		lq_quiet = 1;
	else
		*stop = !strcmp(o->name, "--help") ? 'h' : 'v';
	return 1;
}

/* Checks the command's arguments against its option table and writes them
 * into out[] in the one form the commands parse: "--opt" then "VALUE" as
 * two words.  Global options found among them are applied and left out.
 * Returns the new argc, or -1 after a usage error. */
static int normalize_args(const struct lq_command *cmd, int argc, char **argv, char **out,
			  struct lq_context *ctx, int *stop)
{
	int n = 0, i = 0, rest = 0;
	out[n++] = argv[i++];
	for (; i < argc; i++) {
		const char *a = argv[i];
		const struct cmd_option *o;
		size_t len;
		int g;
		if (rest || a[0] != '-' || !a[1]) {
			out[n++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			rest = 1;
			out[n++] = argv[i];
			continue;
		}
		g = global_option(argc, argv, &i, ctx, cmd->usage, stop);
		if (g < 0)
			return -1;
		if (g)
			continue;
		len = strcspn(a, "=");
		o = a[1] == '-' ? find_option(cmd->options, a, len) : NULL;
		if (!o)
			return unknown_option(cmd->usage, a, cmd->options), -1;
		if (!o->takes_value && a[len] == '=')
			return cmd_usage_error(cmd->usage, "option '%s' takes no value", o->name), -1;
		if (!o->takes_value) {
			out[n++] = argv[i];
		} else if (a[len] == '=') {
			out[n++] = (char *)o->name;
			out[n++] = argv[i] + len + 1;
		} else if (i + 1 < argc) {
			out[n++] = argv[i];
			out[n++] = argv[++i];
		} else {
			return cmd_usage_error(cmd->usage, "option '%s' needs a value", o->name), -1;
		}
	}
	out[n] = NULL;
	return n;
}

/* A read-only command must not leave an empty database behind. */
int cmd_open_read_only(struct lq_context *ctx, const char *command)
{
	struct stat st;
	if (ctx->db)
		return 0;
	if (stat(ctx->db_path, &st))
		return error("no database '%s': '%s' only reads one (ingest or nightly creates it;"
			     " --db or $LEADQA_DB names another)", ctx->db_path, command);
	ctx->db = db_open(ctx->db_path);
	return ctx->db ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct lq_context ctx = { NULL, NULL };
	const struct lq_command *cmd;
	const char *env = getenv("LEADQA_DB");
	char **args;
	int i = 1, status, n, stop = 0;

	ctx.db_path = env && *env ? env : "leadqa.db";
	while (i < argc && argv[i][0] == '-') {
		int g = global_option(argc, argv, &i, &ctx, main_usage, &stop);
		if (g < 0)
			return EXIT_USAGE;
		if (!g)
			return unknown_option(main_usage, argv[i], NULL);
		if (stop)
			break;
		i++;
	}
	if (stop == 'v') {
		printf("leadqa %s\n", LEADQA_VERSION);
		return finish_stdout(EXIT_OK);
	}
	if (stop == 'h') {
		print_help(stdout);
		return finish_stdout(EXIT_OK);
	}
	if (i >= argc) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		if (i + 2 < argc)
			return cmd_usage_error(help_usage, "unexpected argument '%s'", argv[i + 2]);
		if (i + 1 < argc && !strcmp(argv[i + 1], "help")) {
			fputs(help_usage, stdout);
		} else if (i + 1 < argc) {
			const char *near;
			cmd = find_command(argv[i + 1]);
			if (!cmd) {
				near = nearest_command(argv[i + 1]);
				if (near)
					return cmd_usage_error(help_usage, "unknown command '%s' (did you mean '%s'?)",
							       argv[i + 1], near);
				return cmd_usage_error(help_usage, "unknown command '%s'", argv[i + 1]);
			}
			fputs(cmd->usage, stdout);
		} else {
			print_help(stdout);
		}
		return finish_stdout(EXIT_OK);
	}
	cmd = find_command(argv[i]);
	if (!cmd) {
		const char *near = nearest_command(argv[i]);
		if (near)
			return cmd_usage_error(main_usage, "unknown command '%s' (did you mean '%s'?)",
					       argv[i], near);
		return cmd_usage_error(main_usage, "unknown command '%s' (see 'leadqa help')", argv[i]);
	}
	if (cmd_wants_help(argc - i, argv + i)) {
		fputs(cmd->usage, stdout);
		return finish_stdout(EXIT_OK);
	}
	/* "--opt=VALUE" becomes two words: at most one more word per argument */
	args = xcalloc((size_t)(argc - i) * 2 + 1, sizeof(*args));
	n = normalize_args(cmd, argc - i, argv + i, args, &ctx, &stop);
	if (n < 0) {
		free(args);
		return EXIT_USAGE;
	}
	if (stop == 'v') {
		free(args);
		printf("leadqa %s\n", LEADQA_VERSION);
		return finish_stdout(EXIT_OK);
	}
	if (cmd->needs_db == DB_WRITE) {
		ctx.db = db_open(ctx.db_path);
		if (!ctx.db) {
			free(args);
			return EXIT_FAILED;
		}
	}
	status = cmd->fn(n, args, &ctx);
	db_close(ctx.db);
	free(args);
	return finish_stdout(status);
}
