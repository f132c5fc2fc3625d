/* cmd_export.c — `leadqa export`: the lead-score CSV for the CRM. */
#include "compat.h"
#include "cmd.h"
#include "export.h"
#include "export_handling.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

const char usage_export[] =
	"usage: leadqa export --out FILE [--since TIME | --incremental] [--per-contact]\n"
	"                     [--force]\n"
	"       leadqa export --handling FILE\n"
	"\n"
	"Writes the lead scores of formats.md section 7: one row per scored dialogue\n"
	"that has a contact, in dialogue id order, with the header\n"
	"  " EXPORT_HEADER "\n"
	"UTF-8 without BOM, CRLF line ends, RFC 4180 quoting; a cell beginning with\n"
	"= + - @ TAB or CR is written with a leading ' so that spreadsheets never run it.\n"
	"The file is written beside FILE and renamed: it appears whole or not at all.\n"
	"\n"
	"  --out FILE      the target (\"-\" = standard output)\n"
	"  --since TIME    only rows whose values changed at or after TIME (ISO 8601)\n"
	"  --incremental   only rows changed since the last recorded export\n"
	"  --per-contact   one row per contact instead of one per dialogue: the\n"
	"                  contact's newest scored dialogue (latest start), same\n"
	"                  columns, for CRMs that upsert by contact\n"
	"  --force         replace FILE even when the new export has fewer rows\n"
	"                  (without it, such an export is refused with status 1)\n"
	"\n"
	"Each export is recorded in the database (exports table).\n"
	"\n"
	"  --handling FILE the managers' call list instead: the open bot leads nobody\n"
	"                  has touched yet, best grade first, oldest first within a\n"
	"                  grade, with the header\n"
	"                  " EXPORT_HANDLING_HEADER "\n"
	"                  (same conventions; not recorded in the exports table)\n";

const struct cmd_option options_export[] = {
	{ "--out", 1 },
	{ "--since", 1 },
	{ "--incremental", 0 },
	{ "--force", 0 },
	{ "--handling", 1 },
	{ "--per-contact", 0 },
	{ NULL, 0 },
};

int cmd_export(int argc, char **argv, struct lq_context *ctx)
{
	struct export_options o = { 0 };
	struct export_result r;
	const char *handling = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--out") && i + 1 < argc) {
			o.path = argv[++i];
		} else if (!strcmp(a, "--since") && i + 1 < argc) {
			if (parse_time(argv[++i], &o.since))
				return cmd_usage_error(usage_export, "cannot parse time '%s'", argv[i]);
			o.has_since = 1;
		} else if (!strcmp(a, "--incremental")) {
			o.incremental = 1;
		} else if (!strcmp(a, "--force")) {
			o.force = 1;
		} else if (!strcmp(a, "--handling") && i + 1 < argc) {
			handling = argv[++i];
		} else if (!strcmp(a, "--per-contact")) {
			o.per_contact = 1;
		} else if (!strcmp(a, "--out") || !strcmp(a, "--since") || !strcmp(a, "--handling")) {
			return cmd_usage_error(usage_export, "%s needs a value", a);
		} else {
			return cmd_unexpected(usage_export, a);
		}
	}
	if (handling) {
		long n;
		if (o.path || o.has_since || o.incremental || o.force || o.per_contact)
			return cmd_usage_error(usage_export, "--handling excludes --out, --since, --incremental, "
					       "--per-contact and --force");
		if (cmd_open_read_only(ctx, "export") || export_handling_run(ctx->db, handling, now_epoch(), &n))
			return EXIT_FAILED;
		info("export: %ld open bot leads written to '%s'", n, handling);
		return EXIT_OK;
	}
	if (!o.path)
		return cmd_usage_error(usage_export, "--out FILE is required");
	if (o.incremental && o.has_since)
		return cmd_usage_error(usage_export, "--since and --incremental exclude each other");
	if (cmd_open_read_only(ctx, "export") || export_run(ctx->db, &o, &r))
		return EXIT_FAILED;
	info("export: %ld rows written to '%s'", r.n_rows, o.path);
	return EXIT_OK;
}
