/* nightly.c — the night's steps in order, their summary, the latest links. */
#include "compat.h"
#include "nightly.h"
#include "paths.h"
#include "turnacts.h"
#include "db.h"
#include "export.h"
#include "ingest.h"
#include "model.h"
#include "outcome.h"
#include "registry.h"
#include "safefile.h"
#include "util.h"
#include "retention.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the inbox ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int wanted_name(const char *name)
{
	return name[0] != '.' && !ends_with(name, ".tmp") && !ends_with(name, ".part");
}

void nightly_free_list(char **files)
{
	if (!files)
		return;
	for (char **p = files; *p; p++)
		free(*p);
	free(files);
}

long nightly_list_inbox(const char *dir, char ***files)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **list = NULL;
	size_t n = 0, alloc = 0;
	*files = NULL;
	if (!d)
		return error("cannot open inbox '%s': %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		struct strbuf path = STRBUF_INIT;
		struct stat st;
		if (!wanted_name(e->d_name))
			continue;
		strbuf_addf(&path, "%s/%s", dir, e->d_name);
		if (stat(path.buf, &st) || !S_ISREG(st.st_mode)) {
			strbuf_release(&path);
			continue;
		}
		ALLOC_GROW(list, n + 1, alloc);
		list[n++] = strbuf_detach(&path);
	}
	closedir(d);
	ALLOC_GROW(list, n + 1, alloc);
	list[n] = NULL;
	qsort(list, n, sizeof(*list), cmp_str);
	*files = list;
	return (long)n;
}

/* ---- retraining ---- */

struct model_row {
	char version[128];
	char path[1024];
	int64_t trained_at;
	int64_t n_train;
	int present;
};

/* The newest model whose file is still there. */
static int newest_model(sqlite3 *db, struct model_row *m)
{
	struct model_record r;
	int rc = registry_newest_present(db, &r);
	memset(m, 0, sizeof(*m));
	if (rc < 0)
		return -1;
	if (rc > 0) {
		snprintf(m->version, sizeof(m->version), "%s", r.version);
		snprintf(m->path, sizeof(m->path), "%s", r.path);
		m->trained_at = r.trained_at;
		m->n_train = r.n_train;
		m->present = 1;
		model_record_release(&r);
	}
	return 0;
}

struct label_counts {
	const struct outcome_settings *s;
	long pos, neg;
};

/* Only what train learns from: labels whose window has closed. */
static int count_label(const struct outcome *o, void *ctx)
{
	struct label_counts *c = ctx;
	if (!outcome_window_closed(o, c->s))
		return 0;
	c->pos += o->label == LABEL_QUALIFIED;
	c->neg += o->label == LABEL_NOT_QUALIFIED;
	return 0;
}

/* Dialogues train would learn from now (labeled, formats.md section 4, and
 * their window closed); *smaller_class gets the size of the rarer class
 * when asked for. */
static long count_labeled(sqlite3 *db, long *smaller_class)
{
	struct outcome_settings s;
	struct label_counts c = { &s, 0, 0 };
	outcome_settings_init(&s);
	if (outcome_each(db, &s, count_label, &c))
		return -1;
	if (smaller_class)
		*smaller_class = c.pos < c.neg ? c.pos : c.neg;
	return c.pos + c.neg;
}

/* Did training fail only because the data are too few to learn from? */
static int too_little_data(sqlite3 *db)
{
	struct train_settings ts;
	long smaller = 0;
	train_settings_init(&ts);
	if (count_labeled(db, &smaller) < 0)
		return 0;
	return smaller < (long)ts.min_per_class;
}

int nightly_retrain_due(sqlite3 *db, const struct night_config *cfg, int64_t now,
			char *why, size_t whysz)
{
	struct model_row m;
	long labeled;
	if (newest_model(db, &m))
		return -1;
	if (!m.present) {
		snprintf(why, whysz, "no model yet");
		return 1;
	}
	if (cfg->retrain_max_age_days > 0 &&
	    now - m.trained_at >= (int64_t)cfg->retrain_max_age_days * 86400) {
		snprintf(why, whysz, "model %s is %lld days old (limit %ld)", m.version,
			 (long long)((now - m.trained_at) / 86400), cfg->retrain_max_age_days);
		return 1;
	}
	labeled = count_labeled(db, NULL);
	if (labeled < 0)
		return -1;
	if (labeled - m.n_train >= cfg->retrain_min_outcomes) {
		snprintf(why, whysz, "%ld labeled dialogues now, model %s learned from %lld",
			 labeled, m.version, (long long)m.n_train);
		return 1;
	}
	snprintf(why, whysz, "model %s is recent and only %ld new outcomes (need %ld)",
		 m.version, labeled - (long)m.n_train, cfg->retrain_min_outcomes);
	return 0;
}

/* ---- the night's record ---- */

enum { STEP_INGEST, STEP_TRAIN, STEP_SCORE, STEP_REPORT, STEP_EXPORT, N_STEPS };
static const char *step_names[N_STEPS] = { "ingest", "train", "score", "report", "export" };

struct night {
	struct lq_context *ctx;
	const struct night_config *cfg;
	char date[11];
	int64_t now;
	int64_t run_id;
	int64_t retention_dropped;  /* dialogues retention dropped whole tonight */
	int resumed;            /* a previous night was killed before its end */
	int status;
	/* per step: -1 not run, else its exit status; seconds taken; a note */
	int step_status[N_STEPS];
	double step_seconds[N_STEPS];
	char step_note[N_STEPS][512];
	/* figures */
	long inbox_files, files_new, files_rejected, problems_new;
	long dialogues_before, dialogues_after, deal_rows_new, labels_new;
	long scored, scores_total, export_rows;
	char model[128];
	struct strbuf report_dir, export_path;
};

static void set_status(struct night *n, int status)
{
	if (status == EXIT_FAILED || (status == EXIT_SKIPPED && n->status == EXIT_OK))
		n->status = status;
}

static int64_t query_count(sqlite3 *db, const char *sql)
{
	int64_t v = db_query_int(db, sql);
	return v < 0 ? 0 : v;
}

static void summary_json(const struct night *n, struct strbuf *sb)
{
	strbuf_addf(sb, "{\"date\":\"%s\",\"status\":%d,\"inbox_files\":%ld,\"files_new\":%ld,"
		    "\"files_rejected\":%ld,\"input_problems\":%ld,\"dialogues_new\":%ld,"
		    "\"dialogues_total\":%ld,\"deal_rows_new\":%ld,\"labels_new\":%ld,"
		    "\"scored\":%ld,\"export_rows\":%ld,\"model\":",
		    n->date, n->status, n->inbox_files, n->files_new, n->files_rejected,
		    n->problems_new, n->dialogues_after - n->dialogues_before, n->dialogues_after,
		    n->deal_rows_new, n->labels_new, n->scored, n->export_rows);
	if (n->model[0])
		strbuf_add_json_string(sb, n->model);
	else
		strbuf_adds(sb, "null");
	strbuf_adds(sb, ",\"report\":");
	strbuf_add_json_string(sb, strbuf_str(&n->report_dir));
	strbuf_adds(sb, ",\"export\":");
	strbuf_add_json_string(sb, strbuf_str(&n->export_path));
	strbuf_adds(sb, ",\"steps\":[");
	for (int i = 0, first = 1; i < N_STEPS; i++) {
		if (n->step_status[i] < 0)
			continue;
		strbuf_addf(sb, "%s{\"step\":\"%s\",\"status\":%d,\"seconds\":%.3f,\"note\":",
			    first ? "" : ",", step_names[i], n->step_status[i], n->step_seconds[i]);
		strbuf_add_json_string(sb, n->step_note[i]);
		strbuf_addch(sb, '}');
		first = 0;
	}
	strbuf_adds(sb, "]}");
}

static void print_summary(const struct night *n)
{
	fprintf(stderr, "leadqa: night %s: %s\n", n->date,
		n->status == EXIT_OK ? "done" : n->status == EXIT_SKIPPED
		? "done, some inputs skipped" : "failed");
	for (int i = 0; i < N_STEPS; i++) {
		if (n->step_status[i] < 0)
			continue;
		fprintf(stderr, "leadqa:   %-7s %6.1f s  %s%s\n", step_names[i], n->step_seconds[i],
			n->step_status[i] == EXIT_FAILED ? "FAILED: " : "", n->step_note[i]);
	}
	if (n->report_dir.len)
		fprintf(stderr, "leadqa:   report  %s/index.html\n", n->report_dir.buf);
	if (n->export_path.len)
		fprintf(stderr, "leadqa:   export  %s (%ld rows)\n", n->export_path.buf, n->export_rows);
}

static int run_begin(struct night *n)
{
	sqlite3 *db = n->ctx->db;
	sqlite3_stmt *st;
	int64_t unfinished = query_count(db, "SELECT count(*) FROM runs"
					  " WHERE command = 'nightly' AND finished IS NULL");
	n->resumed = unfinished > 0;
	if (n->resumed)
		info("a previous night did not finish; this run completes its work");
	st = db_prepare(db, "INSERT INTO runs(command, started) VALUES('nightly', ?)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, n->now);
	if (db_step_done(db, st)) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	n->run_id = sqlite3_last_insert_rowid(db);
	return 0;
}

static int run_end(struct night *n)
{
	sqlite3 *db = n->ctx->db;
	struct strbuf json = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc;
	summary_json(n, &json);
	st = db_prepare(db, "UPDATE runs SET finished = ?, status = ?, summary = ? WHERE id = ?");
	if (!st) {
		strbuf_release(&json);
		return -1;
	}
	sqlite3_bind_int64(st, 1, now_epoch());
	sqlite3_bind_int(st, 2, n->status);
	db_bind_text(st, 3, json.buf);
	sqlite3_bind_int64(st, 4, n->run_id);
	rc = db_step_done(db, st);
	sqlite3_finalize(st);
	strbuf_release(&json);
	/* Runs that were killed never finished: this one completed their work. */
	if (!rc)
		rc = db_exec(db, "UPDATE runs SET finished = started, status = 1,"
			     " summary = '{\"interrupted\":true}'"
			     " WHERE command = 'nightly' AND finished IS NULL");
	return rc;
}

/* ---- calling the stages ---- */

static int call_command(struct night *n, int (*fn)(int, char **, struct lq_context *),
			int argc, const char **argv)
{
	int status;
	/* The stages may parse their options with getopt: start it afresh. */
	optind = 0;
	status = fn(argc, (char **)argv, n->ctx);
	/* A log that interleaves both streams shows each result after its step. */
	if (fflush(stdout))
		warning("cannot write to standard output");
	return status;
}

static void step_done(struct night *n, int step, int status, double started)
{
	n->step_status[step] = status;
	n->step_seconds[step] = mono_seconds() - started;
	set_status(n, status);
#ifdef __GLIBC__
	/* What a stage freed stays with the process (the scoring threads'
	 * arenas above all) and the next stage's memory would come on top of
	 * it: the report of 1,000,000 dialogues peaked at 53 MB in the night
	 * against 30 MB alone.  Hand it back between stages. */
	malloc_trim(0);
#endif
}

/* Retention first (retention.h): a re-exported old dialogue in tonight's
 * inbox is then loaded again.  A failure leaves the database as it was and
 * the night goes on. */
static void apply_retention(struct night *n)
{
	struct retention_counts c;
	if (n->cfg->retain_text_days <= 0 && n->cfg->retain_scores_days <= 0)
		return;
	if (retention_apply(n->ctx->db, n->now, n->cfg->retain_text_days,
			    n->cfg->retain_scores_days, &c)) {
		warning("retention failed: everything is kept this night");
		return;
	}
	n->retention_dropped = c.dialogues;
	info("retention: turns and events of %lld dialogues dropped (%lld events), %lld dialogues "
	     "dropped whole (%lld findings); %lld pages given back",
	     (long long)c.text_dialogues, (long long)c.events, (long long)c.dialogues,
	     (long long)c.findings, (long long)c.pages_freed);
}

static int step_ingest(struct night *n)
{
	sqlite3 *db = n->ctx->db;
	double t0 = mono_seconds();
	int64_t files0, rejected0, problems0, deals0, labels0;
	struct ingest_totals totals;
	char not_loaded[80] = "";
	char **files = NULL;
	long count = nightly_list_inbox(n->cfg->inbox, &files);
	int status = EXIT_OK;
	if (count < 0) {
		snprintf(n->step_note[STEP_INGEST], sizeof(n->step_note[0]), "cannot read the inbox");
		step_done(n, STEP_INGEST, EXIT_FAILED, t0);
		return EXIT_FAILED;
	}
	n->inbox_files = count;
	apply_retention(n);
	memset(&totals, 0, sizeof(totals));
	files0 = query_count(db, "SELECT count(*) FROM files");
	rejected0 = query_count(db, "SELECT count(*) FROM files WHERE status = 'rejected'");
	problems0 = query_count(db, "SELECT count(*) FROM input_problems");
	deals0 = query_count(db, "SELECT count(*) FROM deal_events");
	labels0 = query_count(db, "SELECT count(*) FROM labels");
	n->dialogues_before = query_count(db, "SELECT count(*) FROM dialogues");
	if (count > 0) {
		const char **argv = xcalloc((size_t)count + 4, sizeof(*argv));
		char turns[32];
		int argc = 0;
		argv[argc++] = "ingest";
		if (n->cfg->max_turns_per_dialogue > 0) {
			snprintf(turns, sizeof(turns), "%ld", n->cfg->max_turns_per_dialogue);
			argv[argc++] = "--max-turns";
			argv[argc++] = turns;
		}
		argv[argc++] = "--";
		for (long i = 0; i < count; i++)
			argv[argc++] = files[i];
		cmd_ingest_totals_to(&totals);
		status = call_command(n, cmd_ingest, argc, argv);
		cmd_ingest_totals_to(NULL);
		free(argv);
	}
	nightly_free_list(files);
	if (count > 0 && totals.files_failed)
		snprintf(not_loaded, sizeof(not_loaded), ", %ld not loaded: the database failed",
			 totals.files_failed);
	n->files_new = query_count(db, "SELECT count(*) FROM files") - files0;
	n->files_rejected = query_count(db, "SELECT count(*) FROM files WHERE status = 'rejected'")
			    - rejected0;
	n->problems_new = query_count(db, "SELECT count(*) FROM input_problems") - problems0;
	n->deal_rows_new = query_count(db, "SELECT count(*) FROM deal_events") - deals0;
	n->labels_new = query_count(db, "SELECT count(*) FROM labels") - labels0;
	n->dialogues_after = query_count(db, "SELECT count(*) FROM dialogues");
	/* "seen before" is what ingest found loaded already, not whatever was
	 * not loaded: a file a full disk stopped is "not loaded". */
	snprintf(n->step_note[STEP_INGEST], sizeof(n->step_note[0]),
		 "%ld files in the inbox, %ld new (%ld rejected, %ld seen before%s); "
		 "%ld new dialogues, %ld deal rows, %ld labels; %ld problems",
		 count, n->files_new, n->files_rejected, count > 0 ? totals.files_seen_before : 0,
		 count > 0 && totals.files_failed ? not_loaded : "",
		 n->dialogues_after - n->dialogues_before, n->deal_rows_new, n->labels_new,
		 n->problems_new);
	step_done(n, STEP_INGEST, status == EXIT_OK || status == EXIT_SKIPPED ? status
		  : EXIT_FAILED, t0);
	return n->step_status[STEP_INGEST];
}

static int step_train(struct night *n)
{
	double t0 = mono_seconds();
	char why[200];
	struct model_row before, after;
	const char *argv[] = { "train", "--model-dir", n->cfg->model_dir,
			       "--lexicons", paths_data_dir(), "--learner", n->cfg->learner, NULL };
	int argc = n->cfg->learner ? 7 : 5;
	int due = nightly_retrain_due(n->ctx->db, n->cfg, n->now, why, sizeof(why));
	int status;
	long acts_now, acts_learned;

	/* Turn acts first: the lead model is trained on dialogues judged with
	 * them.  Relearned when trainers have labeled turns of more dialogues
	 * since the last time; a failure keeps the previous ones in use. */
	if (!turnacts_counts(n->ctx->db, n->cfg->model_dir, &acts_now, &acts_learned) &&
	    acts_now > 0 && acts_now != acts_learned) {
		char acts_why[200];
		info("turn acts: %ld dialogues with labeled turns, last learned from %ld", acts_now,
		     acts_learned < 0 ? 0 : acts_learned);
		if (turnacts_learn(n->ctx->db, paths_data_dir(), n->cfg->model_dir, acts_now,
				   acts_why, sizeof(acts_why)))
			warning("turn acts: learning failed; the previous ones stay in use");
		else
			info("%s", acts_why);
	}
	if (due < 0 || newest_model(n->ctx->db, &before)) {
		step_done(n, STEP_TRAIN, EXIT_FAILED, t0);
		return EXIT_FAILED;
	}
	if (!due) {
		snprintf(n->model, sizeof(n->model), "%s", before.version);
		snprintf(n->step_note[STEP_TRAIN], sizeof(n->step_note[0]), "not due: %s", why);
		step_done(n, STEP_TRAIN, EXIT_OK, t0);
		return EXIT_OK;
	}
	info("training: %s", why);
	if (mkdir_p(n->cfg->model_dir)) {
		error("cannot create model folder '%s': %s", n->cfg->model_dir, strerror(errno));
		status = EXIT_FAILED;
	} else {
		status = call_command(n, cmd_train, argc, argv);
	}
	if (newest_model(n->ctx->db, &after))
		status = EXIT_FAILED;
	if (status == EXIT_OK && after.present) {
		snprintf(n->model, sizeof(n->model), "%s", after.version);
		snprintf(n->step_note[STEP_TRAIN], sizeof(n->step_note[0]), "trained %s (%s)",
			 after.version, why);
		step_done(n, STEP_TRAIN, EXIT_OK, t0);
		return EXIT_OK;
	}
	if (before.present) {
		/* Data never shrinks: a model was possible before, so this is a failure. */
		snprintf(n->model, sizeof(n->model), "%s", before.version);
		snprintf(n->step_note[STEP_TRAIN], sizeof(n->step_note[0]),
			 "training failed; scoring with the previous model %s", before.version);
		step_done(n, STEP_TRAIN, EXIT_FAILED, t0);
		return EXIT_OK;   /* the night goes on with the previous model */
	}
	if (!too_little_data(n->ctx->db)) {
		/* Enough data, and still no model: a real failure, though the
		 * findings can still be judged and reported. */
		snprintf(n->step_note[STEP_TRAIN], sizeof(n->step_note[0]),
			 "training failed; the night goes on without lead scores");
		step_done(n, STEP_TRAIN, EXIT_FAILED, t0);
		return EXIT_OK;
	}
	warning("too little data to train a model; the night goes on without lead scores");
	snprintf(n->step_note[STEP_TRAIN], sizeof(n->step_note[0]),
		 "too little data to train: no model yet, so no lead scores");
	n->step_status[STEP_TRAIN] = EXIT_OK;
	n->step_seconds[STEP_TRAIN] = mono_seconds() - t0;
	return EXIT_OK;
}

static int step_score(struct night *n)
{
	double t0 = mono_seconds();
	struct model_row m;
	char threads[32];
	const char *argv[14];
	int argc = 0, status;
	sqlite3_stmt *st;
	if (newest_model(n->ctx->db, &m)) {
		step_done(n, STEP_SCORE, EXIT_FAILED, t0);
		return EXIT_FAILED;
	}
	argv[argc++] = "score";
	argv[argc++] = "--model-dir";
	argv[argc++] = n->cfg->model_dir;
	argv[argc++] = "--lexicons";
	argv[argc++] = paths_data_dir();
	/* The model the night decided on; without one, whatever score finds. */
	if (m.present) {
		argv[argc++] = "--model";
		argv[argc++] = m.path;
	}
	if (n->cfg->score_threads > 0) {
		snprintf(threads, sizeof(threads), "%ld", n->cfg->score_threads);
		argv[argc++] = "--threads";
		argv[argc++] = threads;
	}
	/* the reasons in the report's language */
	if (n->cfg->lang) {
		argv[argc++] = "--lang";
		argv[argc++] = n->cfg->lang;
	}
	argv[argc] = NULL;
	status = call_command(n, cmd_score, argc, argv);
	n->scores_total = query_count(n->ctx->db, "SELECT count(*) FROM scores");
	st = db_prepare(n->ctx->db, "SELECT count(*), max(model_version) FROM scores"
			" WHERE scored_at >= ?");
	if (st) {
		sqlite3_bind_int64(st, 1, n->now);
		if (sqlite3_step(st) == SQLITE_ROW) {
			n->scored = (long)sqlite3_column_int64(st, 0);
			if (sqlite3_column_type(st, 1) != SQLITE_NULL)
				snprintf(n->model, sizeof(n->model), "%s", db_col_text(st, 1));
		}
		sqlite3_finalize(st);
	}
	snprintf(n->step_note[STEP_SCORE], sizeof(n->step_note[0]),
		 "%ld dialogues scored (%ld scores in all)%s", n->scored, n->scores_total,
		 m.present ? "" : "; no model: findings only, no lead scores");
	step_done(n, STEP_SCORE, status == EXIT_OK ? EXIT_OK
		  : status == EXIT_SKIPPED ? EXIT_SKIPPED : EXIT_FAILED, t0);
	return n->step_status[STEP_SCORE];
}

/* Points link at target (a name in the same folder): a new link, renamed. */
static int replace_link(const char *dir, const char *link, const char *target)
{
	struct strbuf dst = STRBUF_INIT;
	int ret;
	strbuf_addf(&dst, "%s/%s", dir, link);
	ret = safe_replace_link(dst.buf, target);
	strbuf_release(&dst);
	return ret;
}

static int make_out_dir(const char *dir)
{
	struct stat st;
	if (mkdir_p(dir) || stat(dir, &st) || !S_ISDIR(st.st_mode))
		return error("cannot create folder '%s': %s", dir,
			     errno ? strerror(errno) : "not a folder");
	return 0;
}

static int step_report(struct night *n)
{
	double t0 = mono_seconds();
	struct strbuf dir = STRBUF_INIT;
	const char *argv[11];
	int argc = 0, status = EXIT_FAILED;
	strbuf_addf(&dir, "%s/reports", n->cfg->out);
	strbuf_addf(&n->report_dir, "%s/%s", dir.buf, n->date);
	if (make_out_dir(dir.buf))
		goto out;
	argv[argc++] = "report";
	argv[argc++] = "--out";
	argv[argc++] = n->report_dir.buf;
	if (n->cfg->lang) {
		argv[argc++] = "--lang";
		argv[argc++] = n->cfg->lang;
	}
	if (n->cfg->untouched_days) {
		argv[argc++] = "--untouched-days";
		argv[argc++] = n->cfg->untouched_days;
	}
	if (!n->cfg->mask_personal_data)
		argv[argc++] = "--show-personal-data";
	if (n->cfg->tz) {
		argv[argc++] = "--tz";
		argv[argc++] = n->cfg->tz;
	}
	argv[argc] = NULL;
	status = call_command(n, cmd_report, argc, argv);
	if (status == EXIT_OK && replace_link(dir.buf, "latest", n->date))
		status = EXIT_FAILED;
out:
	snprintf(n->step_note[STEP_REPORT], sizeof(n->step_note[0]), "%s",
		 status == EXIT_OK ? n->report_dir.buf : "no report written");
	if (status != EXIT_OK)
		strbuf_reset(&n->report_dir);
	step_done(n, STEP_REPORT, status == EXIT_OK ? EXIT_OK : EXIT_FAILED, t0);
	strbuf_release(&dir);
	return n->step_status[STEP_REPORT];
}

/* A night run again rewrites its own delta: the rows since the export
 * before this night's, not since this night's own (which would be none, and
 * an empty delta must not replace a full one). */
static int same_night_bound(sqlite3 *db, const char *path, struct export_options *o)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT since FROM exports WHERE path = ?"
				      " ORDER BY id DESC LIMIT 1");
	int rc;
	if (!st)
		return -1;
	db_bind_text(st, 1, path);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o->incremental = 0;
		o->has_since = sqlite3_column_type(st, 0) != SQLITE_NULL;
		o->since = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}

static int step_export(struct night *n)
{
	double t0 = mono_seconds();
	struct strbuf dir = STRBUF_INIT, name = STRBUF_INIT, latest = STRBUF_INIT;
	struct export_options o = { 0 };
	struct export_result r;
	int status = EXIT_FAILED;
	strbuf_addf(&dir, "%s/exports", n->cfg->out);
	strbuf_addf(&name, "leads-%s.csv", n->date);
	strbuf_addf(&n->export_path, "%s/%s", dir.buf, name.buf);
	if (make_out_dir(dir.buf))
		goto out;
	o.path = n->export_path.buf;
	o.incremental = n->cfg->export_incremental;
	o.force = n->cfg->force_export;
	/* A full export never takes the latest link to fewer rows unless forced
	 * (a lost database must not shrink what the CRM imports). */
	strbuf_addf(&latest, "%s/latest.csv", dir.buf);
	if (!o.incremental)
		o.floor_path = latest.buf;
	/* ... but for the dialogues retention dropped on purpose */
	o.floor_allowance = (long)n->retention_dropped;
	if (o.incremental && same_night_bound(n->ctx->db, o.path, &o))
		goto out;
	if (export_run(n->ctx->db, &o, &r))
		goto out;
	n->export_rows = r.n_rows;
	if (replace_link(dir.buf, "latest.csv", name.buf))
		goto out;
	status = EXIT_OK;
out:
	if (status == EXIT_OK)
		snprintf(n->step_note[STEP_EXPORT], sizeof(n->step_note[0]), "%ld rows%s", r.n_rows,
			 n->cfg->export_incremental ? " changed since the last night's export" : "");
	else
		snprintf(n->step_note[STEP_EXPORT], sizeof(n->step_note[0]), "no export written");
	if (status != EXIT_OK)
		strbuf_reset(&n->export_path);
	step_done(n, STEP_EXPORT, status, t0);
	strbuf_release(&dir);
	strbuf_release(&name);
	strbuf_release(&latest);
	return status;
}

/* ---- leftovers of a killed night ---- */

/* A training killed between writing its model file and recording it leaves a
 * file no row names; left there, it would push the next version number up
 * and the finished night would differ from one never interrupted.  Only
 * after an interrupted night, only files named like models (lq-...). */
static void clean_model_leftovers(const struct night *n)
{
	DIR *d = opendir(n->cfg->model_dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		struct strbuf path = STRBUF_INIT;
		if (!starts_with(e->d_name, "lq-"))
			continue;
		long pid;
		if (safe_tmp_owner(e->d_name, &pid) ? !safe_pid_gone(pid)
		    : !ends_with(e->d_name, ".model") || registry_has_file(n->ctx->db, e->d_name))
			continue;
		strbuf_addf(&path, "%s/%s", n->cfg->model_dir, e->d_name);
		info("removing '%s', left by an interrupted training", path.buf);
		if (remove(path.buf))
			warning("cannot remove '%s': %s", path.buf, strerror(errno));
		strbuf_release(&path);
	}
	closedir(d);
}

static void clean_outputs(const struct night *n)
{
	if (n->resumed)
		clean_model_leftovers(n);
	struct strbuf dir = STRBUF_INIT;
	/* Only our own temporary names whose maker is gone (safefile.h): the
	 * folders may hold other programs' files, or a manual export going on. */
	strbuf_addf(&dir, "%s/reports", n->cfg->out);
	safe_clean_leftovers(dir.buf);
	strbuf_reset(&dir);
	strbuf_addf(&dir, "%s/exports", n->cfg->out);
	safe_clean_leftovers(dir.buf);
	strbuf_release(&dir);
}

int nightly_run(struct lq_context *ctx, const struct night_config *cfg, const char *date)
{
	struct night n;
	memset(&n, 0, sizeof(n));
	n.ctx = ctx;
	n.cfg = cfg;
	n.now = now_epoch();
	n.status = EXIT_OK;
	for (int i = 0; i < N_STEPS; i++)
		n.step_status[i] = -1;
	if (date)
		snprintf(n.date, sizeof(n.date), "%s", date);
	else
		format_date(n.now, n.date);
	if (run_begin(&n))
		return EXIT_FAILED;
	clean_outputs(&n);
	info("night %s: inbox '%s', out '%s'", n.date, cfg->inbox, cfg->out);
	if (step_ingest(&n) == EXIT_FAILED)
		goto out;
	if (step_train(&n) == EXIT_FAILED)
		goto out;
	if (step_score(&n) == EXIT_FAILED)
		goto out;
	/* Independent outputs: a report that failed must not keep the CRM waiting. */
	step_report(&n);
	step_export(&n);
out:
	if (run_end(&n))
		set_status(&n, EXIT_FAILED);
	print_summary(&n);
	strbuf_release(&n.report_dir);
	strbuf_release(&n.export_path);
	return n.status;
}
