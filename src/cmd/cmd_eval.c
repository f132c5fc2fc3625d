/* cmd_eval.c — `leadqa eval`: the detectors against the trainers' labels,
 * printed as a table, JSON or a CSV of the disagreements; with --learn it
 * first learns the turn classifiers (turnclf.h). */
#include "compat.h"
#include "cmd.h"
#include "eval.h"
#include "paths.h"
#include "turnclf.h"
#include "turnclf_learn.h"
#include "safefile.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_eval[] =
	"usage: leadqa eval [--dialogues GLOB] [--json] [--csv FILE] [--limit N]\n"
	"                   [--stored] [--lexicon-only] [--model-dir DIR] [--min-shared N]\n"
	"                   [--classifiers-alone]\n"
	"                   [--learn [--learn-from GLOB] [--folds K | --by-source]\n"
	"                   [--max-turns N] [--keep-all] [--dry-run]]\n"
	"\n"
	"Compares the detectors with the trainers' labels: precision, recall and F1\n"
	"of each finding (premature-cross-sell, missed-escalation, handoff-context-lost)\n"
	"and of each turn tag, the confusion table, the dialogues where detector and\n"
	"trainers disagree, and Cohen's kappa between pairs of trainers.\n"
	"\n"
	"Where several trainers labeled one dialogue, their majority decides: positive\n"
	"only with a strict majority; a tie counts as negative and is counted under\n"
	"'ties'.  handoff-context-lost is positive for a trainer who tagged any turn\n"
	"of the dialogue handoff-context-lost (no opinion from one who tagged none).\n"
	"\n"
	"The detector is run here on every labeled dialogue (lexicons from the data\n"
	"folder, active turn classifiers from the models folder), so `leadqa score`\n"
	"need not have run.\n"
	"\n"
	"  --dialogues GLOB  only dialogue ids matching the pattern (e.g. 'ho-*'),\n"
	"                    to evaluate a held-out subset\n"
	"  --json            everything as one JSON object on standard output\n"
	"  --csv FILE        also write the disagreements as CSV to FILE\n"
	"  --limit N         list at most N disagreements (default 20; JSON: all)\n"
	"  --stored          use the findings that `leadqa score` stored instead\n"
	"  --lexicon-only    do not combine the learned turn classifiers\n"
	"  --model-dir DIR   turn classifiers (default: models/ beside the database)\n"
	"  --classifiers-alone  for comparison: every turn classifier in DIR decides\n"
	"                    its tag alone (p >= 0.5), the lexicon's tags of it ignored\n"
	"  --models DIR      lexicons and turn classifiers both from DIR (older form)\n"
	"  --min-shared N    kappa only for trainer pairs sharing >= N dialogues (5)\n"
	"  --learn           first learn turn classifiers from the selected dialogues:\n"
	"                    k-fold cross-validation grouped by dialogue; a tag keeps\n"
	"                    its classifier only where lexicon + classifier beats the\n"
	"                    lexicon alone (written to DIR/turnclf-<tag>.model)\n"
	"  --learn-from GLOB learn from these dialogues instead of the evaluated ones,\n"
	"                    e.g. --learn --learn-from 'tune-*' --dialogues 'held-*'\n"
	"  --folds K         folds for --learn (default 5)\n"
	"  --by-source       one fold per source instead (the dialogue id without its\n"
	"                    trailing -NNNN): a combination is kept only when it wins\n"
	"                    on wording it was not learned from\n"
	"  --keep-all        also write the classifiers that lost, inactive, for\n"
	"                    --classifiers-alone\n"
	"  --max-turns N     learn from a sample of about N turns (default 6000)\n"
	"  --dry-run         with --learn: compare only, write no classifier\n";

const struct cmd_option options_eval[] = {
	{ "--dialogues", 1 },
	{ "--json", 0 },
	{ "--csv", 1 },
	{ "--limit", 1 },
	{ "--stored", 0 },
	{ "--lexicon-only", 0 },
	{ "--model-dir", 1 },
	{ "--models", 1 },
	{ "--min-shared", 1 },
	{ "--learn", 0 },
	{ "--learn-from", 1 },
	{ "--folds", 1 },
	{ "--max-turns", 1 },
	{ "--dry-run", 0 },
	{ "--by-source", 0 },
	{ "--keep-all", 0 },
	{ "--classifiers-alone", 0 },
	{ NULL, 0 },
};

struct eval_args {
	struct eval_options eo;
	struct turnclf_learn_options lo;
	const char *csv, *learn_from;
	long limit;
	int json, learn, limit_set;
};

static int parse_long(const char *s, long min, long *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min)
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct eval_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		long n;
		if (!strcmp(o, "--json")) {
			a->json = 1;
		} else if (!strcmp(o, "--stored")) {
			a->eo.stored = 1;
		} else if (!strcmp(o, "--lexicon-only")) {
			a->eo.lexicon_only = 1;
		} else if (!strcmp(o, "--learn")) {
			a->learn = 1;
		} else if (!strcmp(o, "--dry-run")) {
			a->lo.dry_run = 1;
		} else if (!strcmp(o, "--by-source")) {
			a->lo.by_source = 1;
		} else if (!strcmp(o, "--keep-all")) {
			a->lo.keep_all = 1;
		} else if (!strcmp(o, "--classifiers-alone")) {
			a->eo.classifiers_alone = 1;
		} else if (!strcmp(o, "--dialogues") || !strcmp(o, "--models") || !strcmp(o, "--csv") ||
			   !strcmp(o, "--learn-from") || !strcmp(o, "--model-dir")) {
			if (!v)
				return cmd_usage_error(usage_eval, "%s needs a value", o);
			if (!strcmp(o, "--dialogues"))
				a->eo.glob = v;
			else if (!strcmp(o, "--learn-from"))
				a->learn_from = v;
			else if (!strcmp(o, "--models"))
				a->eo.model_dir = a->eo.lexicon_dir = v;
			else if (!strcmp(o, "--model-dir"))
				a->eo.model_dir = v;
			else
				a->csv = v;
			i++;
		} else if (!strcmp(o, "--limit") || !strcmp(o, "--min-shared") ||
			   !strcmp(o, "--folds") || !strcmp(o, "--max-turns")) {
			long min = !strcmp(o, "--folds") ? 2 : !strcmp(o, "--max-turns") ? 100 : 0;
			if (!v || parse_long(v, min, &n))
				return cmd_usage_error(usage_eval, "%s needs a number >= %ld", o, min);
			if (!strcmp(o, "--limit"))
				a->limit = n, a->limit_set = 1;
			else if (!strcmp(o, "--min-shared"))
				a->eo.min_shared = (int)(n ? n : 1);
			else if (!strcmp(o, "--folds"))
				a->lo.folds = (int)n;
			else
				a->lo.max_turns = n;
			i++;
		} else {
			return cmd_unexpected(usage_eval, o);
		}
	}
	if (a->eo.stored && a->learn)
		return cmd_usage_error(usage_eval, "--learn runs the detector: it cannot go with --stored");
	if ((a->lo.dry_run || a->learn_from || a->lo.by_source || a->lo.keep_all) && !a->learn)
		return cmd_usage_error(usage_eval, "--dry-run, --learn-from, --by-source and --keep-all go with --learn");
	if (a->eo.classifiers_alone && (a->eo.lexicon_only || a->eo.stored))
		return cmd_usage_error(usage_eval, "--classifiers-alone cannot go with --lexicon-only or --stored");
	a->lo.model_dir = a->eo.model_dir;
	a->lo.lexicon_dir = a->eo.lexicon_dir;
	a->lo.glob = a->learn_from ? a->learn_from : a->eo.glob;
	return 0;
}

/* ---- text ---- */

static void print_counts_row(const char *name, const struct eval_counts *c, long ties)
{
	printf("%-22s %6ld %6ld %6ld %6ld %9.3f %7.3f %7.3f %5ld\n", name, c->tp, c->fp, c->fn, c->tn,
	       eval_precision(c), eval_recall(c), eval_f1(c), ties);
}

static void print_kappa(double k)
{
	if (isnan(k))
		printf("   n/a");
	else
		printf(" %6.3f", fabs(k) < 5e-4 ? 0.0 : k);    /* no "-0.000" */
}

static void print_pairs(const struct eval_report *r)
{
	printf("\nagreement between trainers (Cohen's kappa; pairs sharing >= %d dialogues)\n",
	       r->min_shared);
	if (!r->n_pairs) {
		printf("  no pair of trainers shares enough dialogues\n");
		return;
	}
	printf("%-24s %6s", "trainers", "shared");
	for (int k = 0; k < FINDING_KINDS; k++)
		printf(" %22s", finding_kind_name((enum finding_kind)k));
	printf("\n");
	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct eval_pair *p = &r->pairs[i];
		char who[64];
		snprintf(who, sizeof(who), "%s / %s", p->a, p->b);
		printf("%-24s %6ld", who, p->shared);
		for (int k = 0; k < FINDING_KINDS; k++) {
			const struct eval_table2 *t = &p->t[k];
			printf("        n %4ld", t->yy + t->yn + t->ny + t->nn);
			print_kappa(p->kappa[k]);
		}
		printf("\n");
	}
}

static void print_turnclf(const struct eval_report *r, const struct turnclf_cv *all, int have_cv)
{
	const struct turnclf_tag_cv *cv = all->tag;
	struct eval_counts lex = { 0, 0, 0, 0 }, comb = { 0, 0, 0, 0 };
	if (have_cv) {
		printf("\nturn classifiers (out-of-fold F1 when learned)\n");
		for (int t = 0; t < TAG_COUNT; t++) {
			const char *name = turn_tag_name((enum turn_tag)t);
			if (!cv[t].learned) {
				printf("  %-22s too few labeled turns (%ld+ %ld-, need %d each): lexicon\n",
				       name, cv[t].n_pos, cv[t].n_neg, TURNCLF_MIN_CLASS);
				continue;
			}
			printf("  %-22s lexicon alone F1 %.3f, combined F1 %.3f: using %s", name,
			       cv[t].f1_lexicon, cv[t].f1_combined,
			       cv[t].rule == TURNCLF_LEXICON ? "lexicon" : "combined");
			if (cv[t].rule != TURNCLF_LEXICON)
				printf(" (%s p >= %.2f)", turnclf_rule_name(cv[t].rule), cv[t].threshold);
			printf("\n");
		}
		for (int k = 0; all->has_findings && k < FINDING_KINDS; k++)
			printf("  %-22s lexicon alone F1 %.3f, combined F1 %.3f (findings derived from out-of-fold tags)\n",
			       finding_kind_name((enum finding_kind)k), all->finding_f1_lexicon[k],
			       all->finding_f1_combined[k]);
		if (all->dropped)
			printf("  %d classifier(s) not used: they do not improve the findings\n", all->dropped);
	}
	if (!r->has_combined)
		return;
	for (int t = 0; t < TAG_COUNT; t++) {
		lex.tp += r->lex_tag[t].tp, lex.fp += r->lex_tag[t].fp, lex.fn += r->lex_tag[t].fn;
		comb.tp += r->tag[t].tp, comb.fp += r->tag[t].fp, comb.fn += r->tag[t].fn;
	}
	printf("\non these dialogues, turn tags (micro-averaged): lexicon alone F1 %.3f, combined F1 %.3f\n",
	       eval_f1(&lex), eval_f1(&comb));
	for (int t = 0; t < TAG_COUNT; t++) {
		if (r->lex_tag[t].tp == r->tag[t].tp && r->lex_tag[t].fp == r->tag[t].fp &&
		    r->lex_tag[t].fn == r->tag[t].fn)
			continue;
		printf("  %-22s lexicon alone F1 %.3f, combined F1 %.3f\n", turn_tag_name((enum turn_tag)t),
		       eval_f1(&r->lex_tag[t]), eval_f1(&r->tag[t]));
	}
	for (int k = 0; k < FINDING_KINDS; k++)
		printf("  %-22s lexicon alone F1 %.3f, combined F1 %.3f\n",
		       finding_kind_name((enum finding_kind)k), eval_f1(&r->lex_finding[k]),
		       eval_f1(&r->finding[k]));
}

static void print_disagreements(const struct eval_report *r, long limit)
{
	size_t shown = r->n_dis < (size_t)limit ? r->n_dis : (size_t)limit;
	printf("\ndisagreements to review: %zu", r->n_dis);
	if (shown < r->n_dis)
		printf(" (first %zu; --limit N for more)", shown);
	printf("\n");
	if (!shown)
		return;
	/* the same notation as the report's detectors page: the majority's
	 * verdict, then how many trainers said yes of all who labeled */
	printf("(trainers: the majority's verdict, then yes/all)\n");
	printf("%-20s %-22s %-8s %-12s %-8s %s\n", "dialogue", "finding", "detector", "trainers",
	       "turns", "detector's reason");
	for (size_t i = 0; i < shown; i++) {
		const struct eval_disagreement *d = &r->dis[i];
		char votes[32];
		snprintf(votes, sizeof(votes), "%s %d/%d", d->trainers ? "yes" : "no", d->n_yes,
			 d->n_yes + d->n_no);
		printf("%-20s %-22s %-8s %-12s %-8s %s\n", d->dialogue_id, finding_kind_name(d->kind),
		       d->detector ? "yes" : "no", votes, *d->turns ? d->turns : "-",
		       *d->reason ? d->reason : "-");
	}
}

static void print_text(const struct eval_report *r, const struct eval_args *a,
		       const struct turnclf_cv *all, int have_cv)
{
	printf("labeled dialogues: %ld (%ld with 2+ trainers), evaluated %ld, not in the database %ld\n",
	       r->n_labeled, r->n_multi, r->n_judged, r->n_missing);
	printf("detector: %s\n", r->stored ? "findings stored by leadqa score"
	       : r->has_combined && a->eo.classifiers_alone ? "run now, turn classifiers alone where learned"
	       : r->has_combined ? "run now, lexicons combined with turn classifiers"
	       : "run now, lexicons alone");
	printf("truth: trainers' strict majority (a tie counts as no)\n\n");
	printf("%-22s %6s %6s %6s %6s %9s %7s %7s %5s\n", "finding", "TP", "FP", "FN", "TN",
	       "precision", "recall", "F1", "ties");
	for (int k = 0; k < FINDING_KINDS; k++)
		print_counts_row(finding_kind_name((enum finding_kind)k), &r->finding[k], r->finding_ties[k]);
	printf("\nturn tags, per (dialogue, turn) of the %ld dialogues with labeled turns\n",
	       r->n_turn_dialogues);
	printf("%-22s %6s %6s %6s %6s %9s %7s %7s %5s\n", "tag", "TP", "FP", "FN", "TN",
	       "precision", "recall", "F1", "ties");
	for (int t = 0; t < TAG_COUNT; t++)
		print_counts_row(turn_tag_name((enum turn_tag)t), &r->tag[t], r->tag_ties[t]);
	print_turnclf(r, all, have_cv);
	print_pairs(r);
	print_disagreements(r, a->limit_set ? a->limit : 20);
}

/* ---- JSON ---- */

static void json_str(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			printf("\\n");
		else if (*p == '\t')
			printf("\\t");
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void json_num(double v)
{
	if (isnan(v) || isinf(v))
		printf("null");
	else
		printf("%.4f", v);
}

static void json_counts(const struct eval_counts *c)
{
	printf("{\"tp\": %ld, \"fp\": %ld, \"fn\": %ld, \"tn\": %ld, \"precision\": ", c->tp, c->fp,
	       c->fn, c->tn);
	json_num(eval_precision(c));
	printf(", \"recall\": ");
	json_num(eval_recall(c));
	printf(", \"f1\": ");
	json_num(eval_f1(c));
}

static void json_findings(const char *key, const struct eval_counts *c, const long *ties)
{
	printf("  \"%s\": {\n", key);
	for (int k = 0; k < FINDING_KINDS; k++) {
		printf("    \"%s\": ", finding_kind_name((enum finding_kind)k));
		json_counts(&c[k]);
		if (ties)
			printf(", \"ties\": %ld", ties[k]);
		printf("}%s\n", k + 1 < FINDING_KINDS ? "," : "");
	}
	printf("  },\n");
}

static void json_tags(const char *key, const struct eval_counts *c, const long *ties)
{
	printf("  \"%s\": {\n", key);
	for (int t = 0; t < TAG_COUNT; t++) {
		printf("    \"%s\": ", turn_tag_name((enum turn_tag)t));
		json_counts(&c[t]);
		if (ties)
			printf(", \"ties\": %ld", ties[t]);
		printf("}%s\n", t + 1 < TAG_COUNT ? "," : "");
	}
	printf("  },\n");
}

static void json_pairs(const struct eval_report *r)
{
	printf("  \"agreement\": {\"min_shared\": %d, \"pairs\": [", r->min_shared);
	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct eval_pair *p = &r->pairs[i];
		printf("%s\n    {\"a\": ", i ? "," : "");
		json_str(p->a);
		printf(", \"b\": ");
		json_str(p->b);
		printf(", \"shared\": %ld", p->shared);
		for (int k = 0; k < FINDING_KINDS; k++) {
			const struct eval_table2 *t = &p->t[k];
			printf(", \"%s\": {\"yy\": %ld, \"yn\": %ld, \"ny\": %ld, \"nn\": %ld, \"kappa\": ",
			       finding_kind_name((enum finding_kind)k), t->yy, t->yn, t->ny, t->nn);
			json_num(p->kappa[k]);
			printf("}");
		}
		printf("}");
	}
	printf("%s]},\n", r->n_pairs ? "\n  " : "");
}

static void json_turnclf(const struct turnclf_cv *all, int have_cv)
{
	const struct turnclf_tag_cv *cv = all->tag;
	printf("  \"turn_classifiers\": ");
	if (!have_cv) {
		printf("null,\n");
		return;
	}
	printf("{\n");
	for (int t = 0; t < TAG_COUNT; t++) {
		printf("    \"%s\": {\"learned\": %s, \"n_pos\": %ld, \"n_neg\": %ld, \"n_used\": %ld, "
		       "\"cv_f1_lexicon\": ", turn_tag_name((enum turn_tag)t), cv[t].learned ? "true" : "false",
		       cv[t].n_pos, cv[t].n_neg, cv[t].n_used);
		json_num(cv[t].f1_lexicon);
		printf(", \"cv_f1_combined\": ");
		json_num(cv[t].f1_combined);
		printf(", \"cv_f1_classifier\": ");
		json_num(cv[t].f1_classifier);
		printf(", \"using\": \"%s\", \"rule\": \"%s\", \"threshold\": %.3f}%s\n",
		       cv[t].rule == TURNCLF_LEXICON ? "lexicon" : "combined", turnclf_rule_name(cv[t].rule),
		       cv[t].threshold, t + 1 < TAG_COUNT || all->has_findings ? "," : "");
	}
	if (all->has_findings) {
		printf("    \"findings\": {");
		for (int k = 0; k < FINDING_KINDS; k++) {
			printf("%s\"%s\": {\"cv_f1_lexicon\": ", k ? ", " : "", finding_kind_name((enum finding_kind)k));
			json_num(all->finding_f1_lexicon[k]);
			printf(", \"cv_f1_combined\": ");
			json_num(all->finding_f1_combined[k]);
			printf("}");
		}
		printf("}, \"dropped\": %d\n", all->dropped);
	}
	printf("  },\n");
}

static void json_disagreements(const struct eval_report *r, size_t shown)
{
	printf("  \"n_disagreements\": %zu,\n  \"disagreements\": [", r->n_dis);
	for (size_t i = 0; i < shown; i++) {
		const struct eval_disagreement *d = &r->dis[i];
		printf("%s\n    {\"dialogue\": ", i ? "," : "");
		json_str(d->dialogue_id);
		printf(", \"finding\": \"%s\", \"detector\": %s, \"trainers\": %s, \"trainers_yes\": %d,"
		       " \"trainers_no\": %d, \"turns\": ", finding_kind_name(d->kind),
		       d->detector ? "true" : "false", d->trainers ? "true" : "false", d->n_yes, d->n_no);
		json_str(d->turns);
		printf(", \"reason\": ");
		json_str(d->reason);
		printf("}");
	}
	printf("%s]\n", shown ? "\n  " : "");
}

static void print_json(const struct eval_report *r, const struct eval_args *a,
		       const struct turnclf_cv *all, int have_cv)
{
	size_t shown = a->limit_set && (size_t)a->limit < r->n_dis ? (size_t)a->limit : r->n_dis;
	printf("{\n  \"labeled\": %ld,\n  \"multi_trainer\": %ld,\n  \"evaluated\": %ld,\n"
	       "  \"missing\": %ld,\n  \"turn_dialogues\": %ld,\n  \"source\": \"%s\",\n"
	       "  \"majority\": \"strict; ties count as no\",\n",
	       r->n_labeled, r->n_multi, r->n_judged, r->n_missing, r->n_turn_dialogues,
	       r->stored ? "stored" : r->has_combined ? "combined" : "lexicon");
	json_findings("findings", r->finding, r->finding_ties);
	json_tags("tags", r->tag, r->tag_ties);
	if (r->has_combined) {
		json_findings("lexicon_findings", r->lex_finding, NULL);
		json_tags("lexicon_tags", r->lex_tag, NULL);
	}
	json_turnclf(all, have_cv);
	json_pairs(r);
	json_disagreements(r, shown);
	printf("}\n");
}

/* ---- CSV of the disagreements ---- */

static void csv_cell(struct strbuf *sb, const char *s)
{
	/* the spreadsheet rule of formats.md section 7 applies here as well */
	int formula = *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
	strbuf_addch(sb, '"');
	if (formula)
		strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}

static int write_csv(const char *path, const struct eval_report *r)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;
	strbuf_adds(&sb, "dialogue_id,finding,detector,trainers,trainers_yes,trainers_no,turns,reason\r\n");
	for (size_t i = 0; i < r->n_dis; i++) {
		const struct eval_disagreement *d = &r->dis[i];
		csv_cell(&sb, d->dialogue_id);
		strbuf_addf(&sb, ",%s,%s,%s,%d,%d,", finding_kind_name(d->kind), d->detector ? "yes" : "no",
			    d->trainers ? "yes" : "no", d->n_yes, d->n_no);
		csv_cell(&sb, d->turns);
		strbuf_addch(&sb, ',');
		csv_cell(&sb, d->reason);
		strbuf_adds(&sb, "\r\n");
	}
	ret = safe_write_atomic(path, sb.buf, sb.len);
	strbuf_release(&sb);
	return ret ? error("cannot write '%s'", path) : 0;
}

int cmd_eval(int argc, char **argv, struct lq_context *ctx)
{
	struct eval_args a;
	struct eval_report rep;
	struct turnclf_cv cv;
	char *model_dir = NULL;
	int rc, have_cv = 0, status = EXIT_FAILED;
	memset(&a, 0, sizeof(a));
	memset(&rep, 0, sizeof(rep));
	memset(&cv, 0, sizeof(cv));
	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	if (cmd_open_read_only(ctx, "eval"))
		return EXIT_FAILED;
	if (!a.eo.model_dir)
		a.eo.model_dir = a.lo.model_dir = model_dir = paths_model_dir_new(ctx->db_path);
	if (!a.eo.lexicon_dir)
		a.eo.lexicon_dir = a.lo.lexicon_dir = paths_data_dir();
	if (a.learn) {
		if (turnclf_learn(ctx->db, &a.lo, &cv))
			goto out;
		have_cv = 1;
		if (a.lo.dry_run)
			a.eo.lexicon_only = 1;
	} else if (!a.eo.stored && !a.eo.lexicon_only) {
		have_cv = turnclf_read_cv(a.eo.model_dir, &cv);
		if (have_cv < 0)
			goto out;
	}
	rc = eval_run(ctx->db, &a.eo, &rep);
	if (rc)
		goto out;
	if (a.csv && write_csv(a.csv, &rep))
		goto out;
	if (a.json)
		print_json(&rep, &a, &cv, have_cv);
	else
		print_text(&rep, &a, &cv, have_cv);
	status = EXIT_OK;
out:
	eval_report_release(&rep);
	free(model_dir);
	return status;
}
