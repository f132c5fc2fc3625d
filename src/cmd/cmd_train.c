/* cmd_train.c — `leadqa train`: labels, features, the classifier, a new
 * model file and its row in the models table. */
#include "compat.h"
#include "cmd.h"
#include "db.h"
#include "detect.h"
#include "model.h"
#include "outcome.h"
#include "registry.h"
#include "paths.h"
#include "score.h"
#include "safefile.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_train[] =
	"usage: leadqa train [--model-dir DIR] [--window DAYS] [--as-of TIME]\n"
	"                    [--kernel linear|rbf] [--learner libsvm|liblinear]\n"
	"                    [--folds N] [--seed N] [--libsvm-max N] [--search-max N]\n"
	"                    [--threads N] [--c C] [--gamma G] [--no-baselines]\n"
	"                    [--lexicons DIR] [--dump FILE] [--json]\n"
	"\n"
	"Learns the lead-quality classifier from every labeled dialogue (formats.md\n"
	"section 4) and writes a new model file DIR/lq-YYYYMMDD-NNNN.model (never\n"
	"replacing one), then prints its version and cross-validated quality.\n"
	"\n"
	"  --model-dir DIR     where models go (default: models/ beside the database);\n"
	"                      the learned turn classifiers are read from there too\n"
	"  --window DAYS       how long after a dialogue a deal may qualify it (30)\n"
	"  --as-of TIME        the moment of judgement (default now, or $LEADQA_NOW)\n"
	"  --kernel K          linear or rbf (libsvm only; default rbf)\n"
	"  --learner L         libsvm, liblinear or auto (default auto: libsvm up to\n"
	"                      --libsvm-max labeled dialogues, 3000, unless liblinear\n"
	"                      ties it under cross-validation; liblinear beyond)\n"
	"  --folds N           cross-validation folds (5)\n"
	"  --seed N            seed of the folds and of libsvm's probability fit (1)\n"
	"  --search-max N      above N labeled dialogues (20000), LIBLINEAR's C (and\n"
	"                      the baselines') is searched on a stratified sample of\n"
	"                      at most N, then cross-validated on all\n"
	"  --threads N         grid points (or folds) trained in parallel (2)\n"
	"  --c C, --gamma G    fix a parameter instead of searching the grid\n"
	"  --no-baselines      skip the page+channel and words-only baselines\n"
	"  --lexicons DIR      cue lexicons of the detectors (default: the data folder,\n"
	"                      see --data-dir in 'leadqa help')\n"
	"  --json              also print the full metrics as one JSON line\n"
	"  --dump FILE         also write the scaled training set in libsvm's format\n"
	"                      (and the dialogue ids, one a line, to FILE.ids)\n"
	"\n"
	"Only dialogues whose window has closed are learned from: a recent one may\n"
	"already be known as qualified, but not yet as not qualified, so its labels\n"
	"lean towards the wins (the count left out is printed).  Fewer than 20\n"
	"such dialogues of either class: no model, exit status 1.\n";

const struct cmd_option options_train[] = {
	{ "--model-dir", 1 },
	{ "--window", 1 },
	{ "--as-of", 1 },
	{ "--kernel", 1 },
	{ "--learner", 1 },
	{ "--folds", 1 },
	{ "--seed", 1 },
	{ "--libsvm-max", 1 },
	{ "--search-max", 1 },
	{ "--threads", 1 },
	{ "--c", 1 },
	{ "--gamma", 1 },
	{ "--no-baselines", 0 },
	{ "--lexicons", 1 },
	{ "--dump", 1 },
	{ "--json", 0 },
	{ NULL, 0 },
};

struct train_opts {
	const char *model_dir, *lexicons, *dump;
	char *model_dir_default;    /* models/ beside the database */
	int json;
	struct outcome_settings outcome;
	struct train_settings ts;
};

static int parse_count(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_positive(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (*end || end == s || !(v > 0) || isinf(v))
		return -1;
	*out = v;
	return 0;
}

static int parse_train_args(int argc, char **argv, struct train_opts *o, const char *db_path)
{
	o->model_dir_default = paths_model_dir_new(db_path);
	o->model_dir = o->model_dir_default;
	o->lexicons = paths_data_dir();
	o->dump = NULL;
	o->json = 0;
	outcome_settings_init(&o->outcome);
	train_settings_init(&o->ts);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		long n;
		if (!strcmp(a, "--no-baselines")) {
			o->ts.baselines = 0;
			continue;
		}
		if (!strcmp(a, "--json")) {
			o->json = 1;
			continue;
		}
		if (a[0] != '-' || !v)
			return cmd_unexpected(usage_train, a);
		i++;
		if (!strcmp(a, "--model-dir"))
			o->model_dir = v;
		else if (!strcmp(a, "--lexicons"))
			o->lexicons = v;
		else if (!strcmp(a, "--dump"))
			o->dump = v;
		else if (!strcmp(a, "--window")) {
			if (parse_count(v, 1, 3650, &n))
				return cmd_usage_error(usage_train, "--window needs days (1..3650), not '%s'", v);
			o->outcome.window = (int64_t)n * 86400;
		} else if (!strcmp(a, "--as-of")) {
			if (parse_time(v, &o->outcome.as_of))
				return cmd_usage_error(usage_train, "--as-of needs an ISO 8601 time, not '%s'", v);
		} else if (!strcmp(a, "--kernel")) {
			if (!strcmp(v, "linear"))
				o->ts.kernel = KERNEL_LINEAR;
			else if (!strcmp(v, "rbf"))
				o->ts.kernel = KERNEL_RBF;
			else
				return cmd_usage_error(usage_train, "--kernel is linear or rbf, not '%s'", v);
		} else if (!strcmp(a, "--learner")) {
			if (!strcmp(v, "libsvm"))
				o->ts.learner = LEARNER_LIBSVM;
			else if (!strcmp(v, "liblinear"))
				o->ts.learner = LEARNER_LIBLINEAR;
			else if (!strcmp(v, "auto"))
				o->ts.learner = LEARNER_AUTO;
			else
				return cmd_usage_error(usage_train, "--learner is libsvm, liblinear or auto, not '%s'", v);
		} else if (!strcmp(a, "--folds")) {
			if (parse_count(v, 2, 20, &n))
				return cmd_usage_error(usage_train, "--folds needs 2..20, not '%s'", v);
			o->ts.folds = (int)n;
		} else if (!strcmp(a, "--seed")) {
			if (parse_count(v, 0, 2147483647L, &n))
				return cmd_usage_error(usage_train, "--seed needs a number, not '%s'", v);
			o->ts.seed = (unsigned)n;
		} else if (!strcmp(a, "--libsvm-max")) {
			if (parse_count(v, 1, 1000000000L, &n))
				return cmd_usage_error(usage_train, "--libsvm-max needs a count, not '%s'", v);
			o->ts.libsvm_max = (size_t)n;
		} else if (!strcmp(a, "--search-max")) {
			if (parse_count(v, 1, 1000000000L, &n))
				return cmd_usage_error(usage_train, "--search-max needs a count, not '%s'", v);
			o->ts.search_max = (size_t)n;
		} else if (!strcmp(a, "--threads")) {
			if (parse_count(v, 1, 8, &n))
				return cmd_usage_error(usage_train, "--threads needs 1..8, not '%s'", v);
			o->ts.threads = (int)n;
		} else if (!strcmp(a, "--c")) {
			if (parse_positive(v, &o->ts.fixed_c))
				return cmd_usage_error(usage_train, "--c needs a positive number, not '%s'", v);
		} else if (!strcmp(a, "--gamma")) {
			if (parse_positive(v, &o->ts.fixed_gamma))
				return cmd_usage_error(usage_train, "--gamma needs a positive number, not '%s'", v);
		} else {
			return cmd_unexpected(usage_train, a);
		}
	}
	o->ts.as_of = o->outcome.as_of;
	o->ts.window = o->outcome.window;
	return 0;
}

/* Highest counter NNNN of "lq-DATE-NNNN" among the files of dir and the
 * versions of the models table. */
static int last_counter(sqlite3 *db, const char *dir, const char *prefix)
{
	int best = registry_max_counter(db, prefix);
	size_t plen = strlen(prefix);
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)))
			if (!strncmp(e->d_name, prefix, plen) && strtol(e->d_name + plen, NULL, 10) > best)
				best = (int)strtol(e->d_name + plen, NULL, 10);
		closedir(d);
	}
	return best;
}

static int write_ids(const struct train_set *set, const char *dump)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	int ret;
	strbuf_addf(&path, "%s.ids", dump);
	for (size_t i = 0; i < set->n; i++)
		strbuf_addf(&sb, "%s\n", set->id[i]);
	ret = safe_write_atomic(path.buf, strbuf_str(&sb), sb.len);
	strbuf_release(&path);
	strbuf_release(&sb);
	return ret;
}

/* The first lines are what scripts read ("model VERSION PATH", "quality
 * ..."); the table follows for people, and the raw metrics only with --json. */
/* "left out 120 recent dialogues (100 qualified, 20 not yet): ..." */
static void say_held_back(struct strbuf *sb, const struct outcome_held_back *h, int64_t window)
{
	if (!h->n) {
		strbuf_addf(sb, "left out no labeled dialogue: every one's %lld-day window has closed",
			    (long long)(window / 86400));
		return;
	}
	strbuf_addf(sb, "left out %zu recent labeled dialogues (%zu qualified, %zu not qualified):"
		    " their %lld-day window is still open, and until it closes mostly the wins"
		    " are known, which would inflate every score", h->n, h->n_pos, h->n_neg,
		    (long long)(window / 86400));
}

static void print_result(const struct lq_model *m, const char *path, int json,
			 const struct outcome_held_back *h, int64_t window)
{
	struct strbuf sb = STRBUF_INIT;
	printf("model %s %s\n", model_version(m), path);
	printf("learner %s, kernel %s, %zu labeled, %zu qualified, trained in %.1f s\n",
	       model_learner_used(m), model_kernel_used(m), model_n_train(m), model_n_pos(m),
	       model_train_seconds(m));
	say_held_back(&sb, h, window);
	printf("%s\n", sb.buf);
	strbuf_release(&sb);
	printf("quality %s\n", model_summary(m));
	if (*model_svmtrain_options(m))
		printf("svm-train %s\n", model_svmtrain_options(m));
	printf("\n%s", model_table(m));
	if (json)
		printf("metrics %s\n", model_metrics_json(m));
}

int cmd_train(int argc, char **argv, struct lq_context *ctx)
{
	struct train_opts o;
	struct outcome_set os;
	struct outcome_held_back held;
	struct train_set set;
	struct detector *det = NULL;
	struct turnclf_set *clf = NULL;
	struct lq_model *m = NULL;
	struct feature_layout layout;
	struct strbuf prefix = STRBUF_INIT, path = STRBUF_INIT;
	char date[11];
	int status = EXIT_FAILED, refused = 0, counter, rc;

	memset(&os, 0, sizeof(os));
	memset(&set, 0, sizeof(set));
	rc = parse_train_args(argc, argv, &o, ctx->db_path);
	if (rc) {
		free(o.model_dir_default);
		return rc;
	}
	if (outcome_label_all(ctx->db, &o.outcome, &os))
		goto out;
	info("train: %zu dialogues: %zu qualified, %zu not qualified, %zu undecided, %zu anonymous",
	     os.n, os.n_pos, os.n_neg, os.n_unlabeled, os.n_anonymous);
	outcome_hold_back_recent(&os, &o.outcome, &held);
	o.ts.held_back = held.n;
	o.ts.held_back_pos = held.n_pos;
	o.ts.held_back_neg = held.n_neg;
	{
		struct strbuf sb = STRBUF_INIT;
		say_held_back(&sb, &held, o.outcome.window);
		info("train: %s", sb.buf);
		strbuf_release(&sb);
	}
	if (os.n_pos < o.ts.min_per_class || os.n_neg < o.ts.min_per_class) {
		if (held.n)
			error("too little closed history to train: %zu qualified and %zu not qualified"
			      " dialogues whose %lld-day window has closed, at least %zu of each are"
			      " needed; %zu more are labeled (%zu qualified, %zu not) but their window"
			      " is still open, and learning from them would count the early wins"
			      " without the losses still to come; no model written",
			      os.n_pos, os.n_neg, (long long)(o.outcome.window / 86400),
			      o.ts.min_per_class, held.n, held.n_pos, held.n_neg);
		else
			error("too little data to train: %zu qualified and %zu not qualified dialogues,"
			      " at least %zu of each are needed; no model written",
			      os.n_pos, os.n_neg, o.ts.min_per_class);
		goto out;
	}
	det = detector_load(o.lexicons);
	if (!det)
		goto out;
	/* judge dialogues as score will: lexicons plus the learned turn classifiers */
	clf = turnclf_load(o.model_dir);
	if (!clf)
		goto out;
	feature_layout_default(&layout);
	if (score_collect_training(ctx->db, det, clf, &os, &layout, &set))
		goto out;
	if (o.dump && (train_set_dump(&set, o.dump) || write_ids(&set, o.dump)))
		goto out;
	m = model_train(&set, &o.ts, &refused);
	if (!m)
		goto out;
	format_date(o.outcome.as_of, date);
	strbuf_addf(&prefix, "lq-%.4s%.2s%.2s-", date, date + 5, date + 8);
	if (mkdir_p(o.model_dir)) {
		error("cannot create '%s'", o.model_dir);
		goto out;
	}
	counter = last_counter(ctx->db, o.model_dir, prefix.buf) + 1;
	strbuf_addf(&prefix, "%04d", counter);
	model_set_version(m, prefix.buf);
	strbuf_addf(&path, "%s/%s.model", o.model_dir, prefix.buf);
	if (model_save(m, path.buf) || registry_record(ctx->db, m, path.buf, o.outcome.as_of))
		goto out;
	print_result(m, path.buf, o.json, &held, o.outcome.window);
	status = EXIT_OK;
out:
	strbuf_release(&prefix);
	strbuf_release(&path);
	model_free(m);
	train_set_release(&set);
	turnclf_free(clf);
	detector_free(det);
	outcome_set_release(&os);
	free(o.model_dir_default);
	return status;
}
