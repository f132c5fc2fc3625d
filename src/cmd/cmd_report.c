/* cmd_report.c — `leadqa report --out DIR`: the static HTML report. */
#include "compat.h"
#include "cmd.h"
#include "config.h"
#include "localday.h"
#include "report.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_report[] =
	"usage: leadqa report --out DIR [--lang ru|en] [--night YYYY-MM-DD] [--tz ZONE] [--nights N]\n"
	"                     [--refresh N] [--per-page N] [--max-flagged N] [--max-pages N]\n"
	"                     [--untouched-days A,B,C] [--show-personal-data]\n"
	"\n"
	"Writes the HTML report into DIR (DIR/index.html and the pages it links to).\n"
	"The folder appears whole or not at all: it is built beside DIR and renamed.\n"
	"\n"
	"  --out DIR          where to write the report (required)\n"
	"  --lang ru|en       interface language (default: the night's majority language)\n"
	"  --night DATE       the night to report (a local date; default: the last day\n"
	"                     that has ended, at now or $LEADQA_NOW)\n"
	"  --tz ZONE          the time zone whose days are the nights, a tz database\n"
	"                     name such as Europe/Moscow (default UTC)\n"
	"  --nights N         nights in the trends (default 30)\n"
	"  --refresh N        recompute the figures of the newest N nights only; older\n"
	"                     nights keep what night_figures holds (default: all N nights)\n"
	"  --per-page N       flagged dialogues per list page (default 100)\n"
	"  --max-flagged N    flagged dialogues listed at most (default 10000)\n"
	"  --max-pages N      dialogue pages written at most (default 2000), besides\n"
	"                     those of the disagreements with the trainers (at most 600)\n"
	"  --untouched-days A,B,C\n"
	"                     lead handling: the shares of deals untouched after A, B and C\n"
	"                     days; a deal in `new` nobody owns is stuck after C (default 1,3,7)\n"
	"  --show-personal-data  show e-mails, phone numbers and card numbers typed in\n"
	"                     turns as they are (default: masked, +* (***) ***-**-89)\n";

const struct cmd_option options_report[] = {
	{ "--out", 1 },
	{ "--lang", 1 },
	{ "--night", 1 },
	{ "--tz", 1 },
	{ "--nights", 1 },
	{ "--refresh", 1 },
	{ "--per-page", 1 },
	{ "--max-flagged", 1 },
	{ "--max-pages", 1 },
	{ "--untouched-days", 1 },
	{ "--show-personal-data", 0 },
	{ NULL, 0 },
};

static int parse_count(const char *opt, const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 1 || v > 100000000)
		return cmd_usage_error(usage_report, "%s needs a positive number, not '%s'", opt, s);
	*out = (int)v;
	return 0;
}

static int parse_args(int argc, char **argv, struct report_options *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int *count = NULL;
		if (!strcmp(a, "--show-personal-data")) {
			o->show_personal_data = 1;
			continue;
		}
		if (!strcmp(a, "--per-page"))
			count = &o->per_page;
		else if (!strcmp(a, "--max-flagged"))
			count = &o->max_flagged;
		else if (!strcmp(a, "--max-pages"))
			count = &o->max_dialogue_pages;
		else if (!strcmp(a, "--nights"))
			count = &o->window;
		else if (!strcmp(a, "--refresh"))
			count = &o->refresh;
		else if (strcmp(a, "--out") && strcmp(a, "--lang") && strcmp(a, "--night") &&
			 strcmp(a, "--untouched-days") && strcmp(a, "--tz"))
			return cmd_unexpected(usage_report, a);
		if (!v)
			return cmd_usage_error(usage_report, "%s needs a value", a);
		i++;
		if (count) {
			if (parse_count(a, v, count))
				return EXIT_USAGE;
		} else if (!strcmp(a, "--out")) {
			o->out_dir = v;
		} else if (!strcmp(a, "--lang")) {
			if (strcmp(v, "ru") && strcmp(v, "en"))
				return cmd_usage_error(usage_report, "--lang is ru or en, not '%s'", v);
			o->lang = v;
		} else if (!strcmp(a, "--untouched-days")) {
			if (night_config_parse_days(v, o->untouched_days))
				return cmd_usage_error(usage_report, "--untouched-days needs three ascending "
						       "numbers of days 1..365 like 1,3,7, not '%s'", v);
		} else if (!strcmp(a, "--tz")) {
			if (!localday_zone_ok(v))
				return cmd_usage_error(usage_report, "--tz needs a time zone of the tz database"
						       " (such as Europe/Moscow or UTC), not '%s'", v);
			o->tz = v;
		} else {
			int64_t t;
			if (strlen(v) != 10 || parse_time(v, &t))
				return cmd_usage_error(usage_report, "--night needs a date YYYY-MM-DD, not '%s'", v);
			o->night = v;
		}
	}
	if (!o->out_dir || !*o->out_dir)
		return cmd_usage_error(usage_report, "--out DIR is required");
	return 0;
}

int cmd_report(int argc, char **argv, struct lq_context *ctx)
{
	struct report_options o;
	struct report_summary sum;
	report_options_init(&o);
	if (parse_args(argc, argv, &o))
		return EXIT_USAGE;
	if (cmd_open_read_only(ctx, "report") || report_write_summary(ctx->db, &o, &sum))
		return EXIT_FAILED;
	/* a summary, not a result: standard error, as every command's */
	if (sum.no_new_input)
		info("report: no new input for night %s: %s", sum.night[0] ? sum.night : "none",
		     sum.data_night[0] ? "no dialogue started that day; the report shows the newest night before it"
				       : "no dialogue started that day or before it");
	info("report: %s (night %s): %ld pages, %ld dialogues, %ld flagged, %ld listed, "
	       "%ld dialogue pages, %.2f s", o.out_dir, sum.night[0] ? sum.night : "none",
	       sum.n_pages, sum.n_dialogues, sum.n_flagged, sum.n_listed, sum.n_dialogue_pages, sum.seconds);
	return EXIT_OK;
}
