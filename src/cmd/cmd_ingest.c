/* cmd_ingest.c — `leadqa ingest [--max-bytes N] FILE...`: loads each file in
 * turn, each in its own transaction; one bad file never stops the others. */
#include "compat.h"
#include "cmd.h"
#include "ingest.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char usage_ingest[] =
	"usage: leadqa ingest [--max-bytes N] [--max-turn-bytes N] [--max-turns N] FILE...\n"
	"\n"
	"Loads input files into the database, each in one transaction.  The kind of\n"
	"a file is told by its content, not its name; any file may be gzipped:\n"
	"  transcripts   XML whose root is <dialogues> (*.xml, *.xml.gz)\n"
	"  trainer labels XML whose root is <labels>\n"
	"  deal history  CSV with a header line naming deal_id (',' or ';')\n"
	"\n"
	"Label files are loaded after the others given with them, so that their\n"
	"dialogues are known; labels naming dialogues that are still unknown are\n"
	"kept and named in a warning.  A label with a bad value is skipped whole\n"
	"(never replacing that trainer's earlier label), each bad value named with\n"
	"the values allowed.\n"
	"\n"
	"A file already loaded (same content) changes nothing.  A dialogue seen\n"
	"before with the same content is left alone; with changed content (a\n"
	"re-export) it is replaced and will be scored again.  A file that breaks\n"
	"off (truncated, malformed) keeps every complete record before the break;\n"
	"a file that cannot be read at all is rejected and tried again next time.\n"
	"\n"
	"Options:\n"
	"  --max-bytes N       stop reading a file past N decompressed bytes\n"
	"                      (default 8G; K, M, G suffixes allowed)\n"
	"  --max-turn-bytes N  skip a dialogue with a turn longer than N bytes\n"
	"                      (default 16M; libxml2 stops at 10,000,000 bytes\n"
	"                      of text in one piece whatever this says)\n"
	"  --max-turns N       skip a dialogue with more than N turns (default 20000)\n"
	"\n"
	"Exit status: 0 all loaded, 3 some records or files skipped or rejected\n"
	"(each named on standard error as FILE:LINE: message), 1 the database\n"
	"failed, 2 wrong usage.\n";

const struct cmd_option options_ingest[] = {
	{ "--max-bytes", 1 },
	{ "--max-turn-bytes", 1 },
	{ "--max-turns", 1 },
	{ NULL, 0 },
};

/* "123", "64K", "512M", "8G" (binary multiples); -1 when not a size. */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mult = 1;
	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': mult = (uint64_t)1 << 10; end++; break;
	case 'm': case 'M': mult = (uint64_t)1 << 20; end++; break;
	case 'g': case 'G': mult = (uint64_t)1 << 30; end++; break;
	default: break;
	}
	if (*end || v == 0 || v > UINT64_MAX / mult)
		return -1;
	*out = (uint64_t)v * mult;
	return 0;
}

/* Takes "--opt N" or "--opt=N"; returns 1 when argv[*i] was this option. */
static int size_option(int argc, char **argv, int *i, const char *name, uint64_t *out, int *bad)
{
	const char *arg = argv[*i], *val;
	size_t n = strlen(name);
	if (strncmp(arg, name, n))
		return 0;
	if (arg[n] == '=')
		val = arg + n + 1;
	else if (!arg[n] && *i + 1 < argc)
		val = argv[++*i];
	else if (!arg[n])
		val = "";
	else
		return 0;
	if (parse_size(val, out)) {
		cmd_usage_error(usage_ingest, "%s needs a size such as 1048576 or 64M, not '%s'",
				name, val);
		*bad = 1;
	}
	return 1;
}

static struct ingest_totals *totals_sink;

void cmd_ingest_totals_to(struct ingest_totals *sink)
{
	totals_sink = sink;
}

int cmd_ingest(int argc, char **argv, struct lq_context *ctx)
{
	struct ingest_settings s = { 0, 0, 0, 0 };
	struct ingest_totals t;
	uint64_t turn = 0, turns = 0;
	int i = 1, bad = 0, status = EXIT_OK, n_files, rc;
	memset(&t, 0, sizeof(t));
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (size_option(argc, argv, &i, "--max-bytes", &s.max_decompressed_bytes, &bad) ||
		    size_option(argc, argv, &i, "--max-turn-bytes", &turn, &bad) ||
		    size_option(argc, argv, &i, "--max-turns", &turns, &bad)) {
			if (bad)
				return EXIT_USAGE;
			continue;
		}
		return cmd_unexpected(usage_ingest, argv[i]);
	}
	s.max_turn_bytes = (size_t)turn;
	s.max_turns = (size_t)turns;
	n_files = argc - i;
	if (n_files <= 0)
		return cmd_usage_error(usage_ingest, "no files to ingest");
	rc = ingest_files(ctx->db, argv + i, (size_t)n_files, &s, &t);
	if (totals_sink)
		*totals_sink = t;
	if (rc < 0)
		return EXIT_FAILED;     /* the database is not to be trusted now */
	if (rc != 0)
		status = EXIT_SKIPPED;
	if (n_files > 1)
		info("ingest: %d files: %ld loaded, %ld partial, %ld rejected, %ld seen before;"
		     " %ld dialogues (%ld replaced), %ld deal rows, %ld labels, %ld skipped",
		     n_files, t.files_loaded, t.files_partial, t.files_rejected, t.files_seen_before,
		     t.dialogues, t.dialogues_replaced, t.deal_rows, t.labels, t.skipped);
	return status;
}
