/* cmd_show.c — `leadqa show ID`: one dialogue in the terminal, for a
 * trainer reviewing a disagreement without a browser: its facts, findings
 * (with whose each is), each trainer's verdict beside the detector's, and
 * every turn with the detector's and the trainers' tags and the events in
 * between. */
#include "compat.h"
#include "cmd.h"
#include "db.h"
#include "dialogue.h"
#include "dialogue_store.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_show[] =
	"usage: leadqa show [--lang ru|en] ID\n"
	"\n"
	"Prints dialogue ID: its facts, the findings with their evidence turns,\n"
	"reasons and whose they are (the speaker of the evidence turn; the bot for\n"
	"a missed escalation), each trainer's labels beside the detector's, and\n"
	"every turn with the detector's tags [d: ...] and the trainers' [NAME: ...].\n"
	"\n"
	"  --lang ru|en       language of the findings' reasons (default en)\n";

const struct cmd_option options_show[] = {
	{ "--lang", 1 },
	{ NULL, 0 },
};

static void print_time(int64_t t, int has)
{
	char when[21];
	if (!has) {
		fputs("-", stdout);
		return;
	}
	format_time(t, when);
	fputs(when, stdout);
}

/* Whose a finding is: the first bot or operator turn of its evidence. */
static void owner_of(const struct dialogue *d, const char *turns, char *out, size_t outsz)
{
	for (const char *p = turns; *p;) {
		char *end;
		long n = strtol(p, &end, 10);
		if (end == p) {
			p++;
			continue;
		}
		p = end;
		if (n >= 1 && (size_t)n <= d->n_turns) {
			const struct turn *t = &d->turns[n - 1];
			if (t->speaker == SPEAKER_BOT || t->speaker == SPEAKER_OPERATOR) {
				snprintf(out, outsz, "%s%s%s", speaker_name(t->speaker), t->agent ? " " : "",
					 t->agent ? t->agent : "");
				return;
			}
		}
	}
	snprintf(out, outsz, "bot (its handoff)");
}

static int print_findings(sqlite3 *db, const struct dialogue *d, int ru)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT kind, turns, severity, reason_en, reason_ru, cue FROM findings"
				      " WHERE dialogue_id = ? ORDER BY severity DESC, kind, seq");
	int rc, any = 0;
	if (!st)
		return -1;
	db_bind_text(st, 1, d->id);
	printf("\nfindings:\n");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char who[160];
		const char *reason = db_col_text(st, ru ? 4 : 3);
		owner_of(d, db_col_text(st, 1), who, sizeof(who));
		printf("  %-22s turns %-8s severity %.2f  whose: %s\n", db_col_text(st, 0), db_col_text(st, 1),
		       sqlite3_column_double(st, 2), who);
		printf("    %s\n", *reason ? reason : db_col_text(st, ru ? 3 : 4));
		if (*db_col_text(st, 5))
			printf("    cue: %s\n", db_col_text(st, 5));
		any = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	if (!any)
		printf("  none\n");
	return 0;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static int print_labels(sqlite3 *db, const char *id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT premature, missed, context_lost, lead_score, lead_grade,"
				      " model_version FROM scores WHERE dialogue_id = ?");
	int rc;
	if (!st)
		return -1;
	db_bind_text(st, 1, id);
	printf("\nverdicts (premature cross-sell, missed escalation, lead quality):\n");
	if (sqlite3_step(st) == SQLITE_ROW) {
		printf("  %-16s %-4s %-4s", "detector", sqlite3_column_int(st, 0) ? "yes" : "no",
		       sqlite3_column_int(st, 1) ? "yes" : "no");
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			printf(" score %d (%s, model %s)", sqlite3_column_int(st, 3), db_col_text(st, 4),
			       or_dash(db_col_text(st, 5)));
		printf("\n");
	} else {
		printf("  %-16s not scored\n", "detector");
	}
	sqlite3_finalize(st);
	st = db_prepare(db, "SELECT trainer, premature, missed, lead_quality FROM labels WHERE dialogue_id = ?"
			    " ORDER BY trainer");
	if (!st)
		return -1;
	db_bind_text(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		printf("  trainer %-8s %-4s %-4s %s\n", db_col_text(st, 0), or_dash(db_col_text(st, 1)),
		       or_dash(db_col_text(st, 2)), or_dash(db_col_text(st, 3)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}

/* The tags of turn n: the detector's as [d: a, b], each trainer's as [NAME: a]. */
static int print_tags(sqlite3 *db, sqlite3_stmt *det, sqlite3_stmt *tr, const char *id, int n)
{
	int rc, first = 1;
	struct strbuf who = STRBUF_INIT;
	db_bind_text(det, 1, id);
	sqlite3_bind_int(det, 2, n);
	while ((rc = sqlite3_step(det)) == SQLITE_ROW) {
		printf("%s%s", first ? "  [d: " : ", ", db_col_text(det, 0));
		first = 0;
	}
	if (!first)
		printf("]");
	sqlite3_reset(det);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	db_bind_text(tr, 1, id);
	sqlite3_bind_int(tr, 2, n);
	while ((rc = sqlite3_step(tr)) == SQLITE_ROW) {
		const char *name = db_col_text(tr, 0);
		if (who.len && strcmp(strbuf_str(&who), name))
			printf("]");
		if (!who.len || strcmp(strbuf_str(&who), name))
			printf("  [%s: %s", name, db_col_text(tr, 1));
		else
			printf(", %s", db_col_text(tr, 1));
		strbuf_reset(&who);
		strbuf_adds(&who, name);
	}
	if (who.len)
		printf("]");
	strbuf_release(&who);
	sqlite3_reset(tr);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}

static void print_event(const struct event *e)
{
	printf("  -- %s", e->type);
	if (e->target)
		printf(" -> %s", e->target);
	if (e->item)
		printf(" (%s)", e->item);
	printf(" · ");
	print_time(e->at, e->has_at);
	printf("\n");
}

static int print_turns(sqlite3 *db, const struct dialogue *d)
{
	sqlite3_stmt *det = db_prepare(db, "SELECT tag FROM turn_tags WHERE dialogue_id = ? AND n = ? ORDER BY tag");
	sqlite3_stmt *tr = db_prepare(db, "SELECT trainer, tag FROM label_turns WHERE dialogue_id = ? AND n = ?"
				      " ORDER BY trainer, tag");
	size_t e = 0;
	int rc = -1;
	if (!det || !tr)
		goto out;
	printf("\nturns:\n");
	for (size_t i = 0; i <= d->n_turns; i++) {
		while (e < d->n_events && d->events[e].after_turn <= (int)i)
			print_event(&d->events[e++]);
		if (i == d->n_turns)
			break;
		const struct turn *t = &d->turns[i];
		printf("  #%d %s%s%s · ", t->n, t->speaker == SPEAKER_OTHER && t->speaker_name ? t->speaker_name
				      : speaker_name(t->speaker), t->agent ? " " : "", t->agent ? t->agent : "");
		print_time(t->at, t->has_at);
		if (print_tags(db, det, tr, d->id, t->n))
			goto out;
		printf("\n     %s\n", t->text);
	}
	while (e < d->n_events)
		print_event(&d->events[e++]);
	rc = 0;
out:
	sqlite3_finalize(det);
	sqlite3_finalize(tr);
	return rc;
}

int cmd_show(int argc, char **argv, struct lq_context *ctx)
{
	const char *id = NULL;
	struct dialogue d;
	int ru = 0, found, status = EXIT_FAILED;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--lang")) {
			if (i + 1 >= argc)
				return cmd_usage_error(usage_show, "--lang needs a value");
			i++;
			if (strcmp(argv[i], "ru") && strcmp(argv[i], "en"))
				return cmd_usage_error(usage_show, "--lang is ru or en, not '%s'", argv[i]);
			ru = !strcmp(argv[i], "ru");
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cmd_unexpected(usage_show, argv[i]);
		} else if (id) {
			return cmd_unexpected(usage_show, argv[i]);
		} else {
			id = argv[i];
		}
	}
	if (!id)
		return cmd_usage_error(usage_show, "which dialogue? (leadqa show ID)");
	if (cmd_open_read_only(ctx, "show"))
		return EXIT_FAILED;
	dialogue_init(&d);
	found = dialogue_load(ctx->db, id, &d);
	if (found < 0)
		goto out;
	if (!found) {
		error("no dialogue '%s' in '%s'", id, ctx->db_path);
		goto out;
	}
	printf("dialogue %s · channel %s · page %s · lang %s\nstarted ", d.id, or_dash(d.channel),
	       or_dash(d.page), or_dash(d.lang));
	print_time(d.started, d.has_started);
	printf(" · ended ");
	print_time(d.ended, d.has_ended);
	printf("\n");
	if (print_findings(ctx->db, &d, ru) || print_labels(ctx->db, d.id) || print_turns(ctx->db, &d))
		goto out;
	status = EXIT_OK;
out:
	dialogue_release(&d);
	return status;
}
