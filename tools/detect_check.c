/* detect_check — measures the detectors against trainers' labels without the
 * database: reads a labels file and transcript files, runs the detector on
 * every labeled dialogue and prints precision, recall and F1 for each
 * finding and each turn tag.  The truth of a verdict or a tag is the
 * strict majority of the trainers who gave one (a tie counts as no, as in leadqa eval).
 *
 * usage: detect_check [-m MODEL_DIR] [-a lexicon|learned|combined] [-v] [-t] [-d]
 *                     LABELS.xml TRANSCRIPTS...
 *   -a  which turn acts: the lexicons alone (default), the learned turn
 *       classifiers of MODEL_DIR alone where one exists, or the combination
 *       MODEL_DIR's heads chose
 *   -v  print each dialogue where a finding disagrees, with the evidence
 *   -t  print each turn where a tag disagrees, with the turn text
 *   LABELS.xml may be "-": no measuring then, the detector runs on every
 *   dialogue and the time it took is printed beside the whole run's.
 *   -d  print the detector's verdicts, one line a dialogue:
 *       "verdict ID PREMATURE MISSED CONTEXT_LOST" (0 or 1), also with "-" */
#include "compat.h"
#include "detect.h"
#include "transcripts.h"
#include "turnclf.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TAGGED 64

struct gold {
	char *id;
	int trainers, taggers;
	int yes[FINDING_KINDS], no[FINDING_KINDS];
	struct { int n, tag, votes; } tags[MAX_TAGGED];
	int n_tags;
};

struct golds {
	struct gold *g;
	size_t n, alloc;
};

struct counts {
	long tp, fp, fn;
};

static struct gold *find_gold(struct golds *gs, const char *id)
{
	for (size_t i = 0; i < gs->n; i++)
		if (!strcmp(gs->g[i].id, id))
			return &gs->g[i];
	return NULL;
}

static void vote(int *yes, int *no, const char *v)
{
	if (v && !strcmp(v, "yes"))
		(*yes)++;
	else if (v && !strcmp(v, "no"))
		(*no)++;
}

static void add_label(struct golds *gs, const struct label *l)
{
	struct gold *g = find_gold(gs, l->dialogue_id);
	if (!g) {
		ALLOC_GROW(gs->g, gs->n, gs->alloc);
		g = &gs->g[gs->n++];
		memset(g, 0, sizeof(*g));
		g->id = xstrdup(l->dialogue_id);
	}
	g->trainers++;
	vote(&g->yes[FINDING_PREMATURE_CROSS_SELL], &g->no[FINDING_PREMATURE_CROSS_SELL], l->premature);
	vote(&g->yes[FINDING_MISSED_ESCALATION], &g->no[FINDING_MISSED_ESCALATION], l->missed);
	if (l->n_turns)
		g->taggers++;
	for (size_t i = 0; i < l->n_turns; i++) {
		int t = turn_tag_from_name(l->turns[i].tag), j;
		if (t < 0)
			continue;
		for (j = 0; j < g->n_tags; j++)
			if (g->tags[j].n == l->turns[i].n && g->tags[j].tag == t)
				break;
		if (j == g->n_tags) {
			if (g->n_tags == MAX_TAGGED)
				continue;
			g->tags[j].n = l->turns[i].n;
			g->tags[j].tag = t;
			g->tags[j].votes = 0;
			g->n_tags++;
		}
		g->tags[j].votes++;
	}
}

static int gold_tag(const struct gold *g, int n, int tag)
{
	for (int j = 0; j < g->n_tags; j++)
		if (g->tags[j].n == n && g->tags[j].tag == tag)
			return g->tags[j].votes * 2 > g->taggers;
	return 0;
}

static int gold_context_lost(const struct gold *g)
{
	for (int j = 0; j < g->n_tags; j++)
		if (g->tags[j].tag == TAG_CONTEXT_LOST && g->tags[j].votes * 2 > g->taggers)
			return 1;
	return 0;
}

static int read_labels(const char *path, struct golds *gs)
{
	struct xml_input_opts o = { 0 };
	struct label_reader *r = label_reader_new(xml_input_open(path, &o));
	struct label l;
	int rc;
	if (!r)
		return -1;
	label_init(&l);
	while ((rc = label_reader_next(r, &l)) != TR_END) {
		if (rc == TR_BROKEN) {
			long line = 0;
			const char *msg = xml_input_error(label_reader_input(r), &line);
			error_at(path, line, "%s", msg ? msg : "broken labels file");
			break;
		}
		if (rc == TR_DIALOGUE)
			add_label(gs, &l);
	}
	label_release(&l);
	label_reader_close(r);
	return rc == TR_END ? 0 : -1;
}

static int has_tag(const struct detect_result *r, int n, int tag)
{
	for (size_t i = 0; i < r->n_tags; i++)
		if (r->tags[i].n == n && (int)r->tags[i].tag == tag)
			return 1;
	return 0;
}

static void count(struct counts *c, int detected, int truth)
{
	if (detected && truth)
		c->tp++;
	else if (detected)
		c->fp++;
	else if (truth)
		c->fn++;
}

static void print_counts(const char *name, const struct counts *c)
{
	double p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0;
	double r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0;
	double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
	printf("%-22s P=%.3f R=%.3f F1=%.3f  (tp %ld, fp %ld, fn %ld)\n", name, p, r, f,
	       c->tp, c->fp, c->fn);
}

struct run {
	struct detector *det;
	struct detect_scratch *s;
	struct turnclf_set *clf;        /* NULL: lexicons alone */
	struct turnclf_scratch *cs;
	struct detect_result r;
	struct counts finding[FINDING_KINDS], tag[TAG_COUNT];
	int verbose, tag_verbose, dump;
	long judged;
	int all;                /* no labels: judge every dialogue, time it */
	double seconds;
};

static void show_dialogue(const struct dialogue *d)
{
	for (size_t i = 0; i < d->n_turns; i++)
		printf("      %zu %-8s %s\n", i + 1, speaker_name(d->turns[i].speaker), d->turns[i].text);
	for (size_t i = 0; i < d->n_events; i++)
		printf("      event %s after turn %d\n", d->events[i].type, d->events[i].after_turn);
}

static int run_one(struct run *run, const struct dialogue *d)
{
	if (turnclf_judge(run->det, run->s, run->clf, run->cs, d, &run->r))
		return -1;
	run->judged++;
	if (run->dump)
		printf("verdict %s %d %d %d\n", d->id, run->r.has[FINDING_PREMATURE_CROSS_SELL],
		       run->r.has[FINDING_MISSED_ESCALATION], run->r.has[FINDING_CONTEXT_LOST]);
	return 0;
}

static void judge(struct run *run, const struct dialogue *d, const struct gold *g)
{
	int shown = 0;
	if (run_one(run, d))
		return;
	for (int k = 0; k < FINDING_KINDS; k++) {
		int truth;
		if (k == FINDING_CONTEXT_LOST) {
			if (!g->taggers)
				continue;
			truth = gold_context_lost(g);
		} else {
			if (!g->yes[k] && !g->no[k])
				continue;
			truth = g->yes[k] > g->no[k];
		}
		count(&run->finding[k], run->r.has[k], truth);
		if (run->verbose && run->r.has[k] != truth) {
			printf("%s %s: detector %s, trainers %s\n", d->id, finding_kind_name(k),
			       run->r.has[k] ? "yes" : "no", truth ? "yes" : "no");
			for (size_t i = 0; i < run->r.n_findings; i++)
				if ((int)run->r.findings[i].kind == k)
					printf("    %s | %s\n", run->r.findings[i].cue, run->r.findings[i].reason_en);
			if (!shown++)
				show_dialogue(d);
		}
	}
	if (!g->taggers)
		return;
	for (size_t i = 0; i < d->n_turns; i++) {
		for (int t = 0; t < TAG_COUNT; t++) {
			int det = has_tag(&run->r, (int)i + 1, t), truth = gold_tag(g, (int)i + 1, t);
			count(&run->tag[t], det, truth);
			if (run->tag_verbose && det != truth)
				printf("%s turn %zu %s: detector %s | %s\n", d->id, i + 1, turn_tag_name(t),
				       det ? "yes" : "no", d->turns[i].text);
		}
	}
}

static int read_transcripts(struct run *run, const char *path, struct golds *gs)
{
	struct xml_input_opts o = { 0 };
	struct transcript_reader *r = transcript_reader_new(xml_input_open(path, &o));
	struct dialogue d;
	int rc;
	if (!r)
		return -1;
	dialogue_init(&d);
	while ((rc = transcript_reader_next(r, &d)) != TR_END) {
		const struct gold *g;
		if (rc == TR_BROKEN) {
			long line = 0;
			const char *msg = xml_input_error(transcript_reader_input(r), &line);
			error_at(path, line, "%s", msg ? msg : "broken transcript file");
			break;
		}
		if (rc == TR_DIALOGUE && run->all) {
			double t0 = mono_seconds();
			run_one(run, &d);
			run->seconds += mono_seconds() - t0;
		} else if (rc == TR_DIALOGUE && (g = find_gold(gs, d.id))) {
			judge(run, &d, g);
		}
	}
	dialogue_release(&d);
	transcript_reader_close(r);
	return rc == TR_END ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *lexicons = "models", *acts = "lexicon";
	struct golds gs = { 0 };
	struct run run;
	int opt, ret = 1;
	memset(&run, 0, sizeof(run));
	while ((opt = getopt(argc, argv, "m:a:vtd")) != -1) {
		if (opt == 'm')
			lexicons = optarg;
		else if (opt == 'a')
			acts = optarg;
		else if (opt == 'v')
			run.verbose = 1;
		else if (opt == 't')
			run.tag_verbose = 1;
		else if (opt == 'd')
			run.dump = 1;
		else
			goto usage;
	}
	if (argc - optind < 2)
		goto usage;
	run.det = detector_load(lexicons);
	run.s = detect_scratch_new();
	if (!run.det || !run.s)
		goto out;
	if (strcmp(acts, "lexicon")) {
		if (strcmp(acts, "learned") && strcmp(acts, "combined"))
			goto usage;
		run.clf = turnclf_load(lexicons);
		run.cs = turnclf_scratch_new();
		if (!run.clf || !run.cs)
			goto out;
		if (!strcmp(acts, "learned"))
			turnclf_use_alone(run.clf);
	}
	run.all = !strcmp(argv[optind], "-");
	if (!run.all && read_labels(argv[optind], &gs))
		goto out;
	{
		double t0 = mono_seconds();
		for (int i = optind + 1; i < argc; i++)
			if (read_transcripts(&run, argv[i], &gs))
				goto out;
		if (run.all) {
			double total = mono_seconds() - t0;
			printf("dialogues: %ld, detector %.3f s (%.1f us a dialogue), whole run %.3f s, reading %.3f s\n",
			       run.judged, run.seconds, run.judged ? run.seconds * 1e6 / (double)run.judged : 0.0,
			       total, total - run.seconds);
			ret = fflush(stdout) || ferror(stdout) ? 1 : 0;
			goto out;
		}
	}
	printf("dialogues judged: %ld of %zu labeled\n", run.judged, gs.n);
	for (int k = 0; k < FINDING_KINDS; k++)
		print_counts(finding_kind_name(k), &run.finding[k]);
	for (int t = 0; t < TAG_COUNT; t++)
		print_counts(turn_tag_name(t), &run.tag[t]);
	ret = fflush(stdout) || ferror(stdout) ? 1 : 0;
	goto out;
usage:
	fprintf(stderr, "usage: detect_check [-m MODEL_DIR] [-a lexicon|learned|combined] [-v] [-t] [-d]\n"
		"                    LABELS.xml TRANSCRIPTS...\n");
	ret = 2;
out:
	detect_result_release(&run.r);
	detect_scratch_free(run.s);
	turnclf_scratch_free(run.cs);
	turnclf_free(run.clf);
	detector_free(run.det);
	for (size_t i = 0; i < gs.n; i++)
		free(gs.g[i].id);
	free(gs.g);
	return ret;
}
