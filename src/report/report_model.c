/* report_model.c — model.html: the lead-quality model in use (the newest in
 * the models table): version, training size and date, cross-validated and
 * time-split quality, ROC curve, reliability plot, confusion at each grade
 * threshold, the grid-search surface, and the comparison with the model
 * before it.  The curves come from models.metrics (model.h). */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "jsonread.h"
#include "registry.h"
#include "svg.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_ROWS 20

struct model_row {
	char *version, *learner, *kernel;
	int64_t trained_at;
	long n_train, n_pos;
	double cv_auc, cv_accuracy, time_auc, brier;
	struct jsonr *metrics;
};

static void row_release(struct model_row *m)
{
	free(m->version);
	free(m->learner);
	free(m->kernel);
	jsonr_free(m->metrics);
	memset(m, 0, sizeof(*m));
}

static void row_read(const struct model_record *r, struct model_row *m)
{
	m->version = xstrdup(r->version);
	m->trained_at = r->trained_at;
	m->learner = xstrdup(r->learner);
	m->kernel = xstrdup(r->kernel);
	m->n_train = (long)r->n_train;
	m->n_pos = (long)r->n_pos;
	m->cv_auc = r->cv_auc;
	m->cv_accuracy = r->cv_accuracy;
	m->time_auc = r->time_auc;
	m->brier = r->brier;
	m->metrics = jsonr_parse(r->metrics);
}

static void quality_table(struct report_ctx *c, struct html_node *main, const struct model_row *cur,
			  const struct model_row *prev)
{
	const char *heads[] = { T(c, "Measure", "Показатель"), cur->version,
				prev ? prev->version : T(c, "previous", "предыдущая"),
				T(c, "Change", "Изменение") };
	struct {
		const char *en, *ru;
		double a, b;
		int lower_better;
	} rows[] = {
		{ "Cross-validated AUC", "AUC на кросс-валидации", cur->cv_auc, prev ? prev->cv_auc : NAN, 0 },
		{ "Time-split AUC (trained on older, tested on newer)", "AUC по времени (обучение на старых, проверка на новых)",
		  cur->time_auc, prev ? prev->time_auc : NAN, 0 },
		{ "Cross-validated accuracy", "Точность на кросс-валидации", cur->cv_accuracy,
		  prev ? prev->cv_accuracy : NAN, 0 },
		{ "Brier score (lower is better)", "Оценка Брайера (меньше — лучше)", cur->brier,
		  prev ? prev->brier : NAN, 1 },
		{ "Training dialogues", "Диалогов в обучении", (double)cur->n_train,
		  prev ? (double)prev->n_train : NAN, 0 },
		{ "of which qualified", "из них квалифицированных", (double)cur->n_pos,
		  prev ? (double)prev->n_pos : NAN, 0 },
	};
	struct html_node *tb = report_table(main, NULL, heads, 4);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct html_node *tr = report_row(tb, T(c, rows[i].en, rows[i].ru));
		double d = rows[i].a - rows[i].b;
		report_cell_num(tr, rows[i].a, 0);
		report_cell_num(tr, rows[i].b, 0);
		if (isnan(d))
			html_attr(html_el_text(tr, "td", "–"), "class", "num");
		else if (i >= 4)
			html_attr(html_el_textf(tr, "td", "%+.0f", d), "class", "num");
		else
			html_attr(html_el_textf(tr, "td", "%+.3f %s", d,
						fabs(d) < 0.0005 ? T(c, "same", "так же")
						: (d > 0) != rows[i].lower_better ? T(c, "better", "лучше")
						: T(c, "worse", "хуже")), "class", "num");
	}
}

/* The model against the two baselines `train` measures (page + channel
 * alone, the words alone), with the AUC's rough uncertainty as `train`
 * prints it: about ±2·√(0.25 / qualified dialogues). */
static void baselines_table(struct report_ctx *c, struct html_node *main, const struct model_row *cur)
{
	const char *heads[] = { "AUC", T(c, "Cross-validated", "Кросс-валидация"),
				T(c, "Time-split", "По времени") };
	const struct jsonr *b = cur->metrics ? jsonr_get(cur->metrics, "baselines") : NULL;
	static const struct { const char *key, *en, *ru; } base[] = {
		{ "page_channel", "baseline: page + channel alone", "база: только страница и канал" },
		{ "words", "baseline: the words alone", "база: только слова" },
	};
	double margin = 2 * sqrt(0.25 / (double)(cur->n_pos > 0 ? cur->n_pos : 1));
	struct html_node *tb, *tr;
	html_el_text(main, "h3", T(c, "Against simple baselines", "Сравнение с простыми базами"));
	html_textf(html_el_class(main, "p", "note"),
		   T(c, "On %ld labeled dialogues (%ld qualified) an AUC is good to about ±%.2f: differences "
		       "smaller than that are not evidence. A model that does not beat the words alone adds little.",
		     "На %ld размеченных диалогах (%ld квалифицированных) AUC точен примерно до ±%.2f: меньшие "
		       "различия ничего не доказывают. Модель, не превосходящая одни слова, мало что добавляет."),
		   cur->n_train, cur->n_pos, margin);
	tb = report_table(main, NULL, heads, 3);
	tr = report_row(tb, T(c, "the model", "модель"));
	html_attr(html_el_textf(tr, "td", "%.3f ± %.2f", cur->cv_auc, margin), "class", "num");
	html_attr(html_el_textf(tr, "td", "%.3f ± %.2f", cur->time_auc, margin), "class", "num");
	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++) {
		const struct jsonr *one = b ? jsonr_get(b, base[i].key) : NULL;
		tr = report_row(tb, T(c, base[i].en, base[i].ru));
		report_cell_num(tr, one ? jsonr_num(jsonr_get(one, "cv_auc")) : NAN, 0);
		report_cell_num(tr, one ? jsonr_num(jsonr_get(one, "time_auc")) : NAN, 0);
	}
}

static void roc_chart(struct report_ctx *c, struct html_node *parent, const struct jsonr *roc, double auc)
{
	size_t n = jsonr_len(roc);
	double *x = xcalloc(n ? n : 1, sizeof(double)), *y = xcalloc(n ? n : 1, sizeof(double));
	char title[96];
	for (size_t i = 0; i < n; i++) {
		x[i] = jsonr_num(jsonr_get(jsonr_at(roc, i), "fpr"));
		y[i] = jsonr_num(jsonr_get(jsonr_at(roc, i), "tpr"));
	}
	snprintf(title, sizeof(title), "%s (AUC %.3f)", T(c, "ROC curve", "ROC-кривая"), auc);
	{
		struct svg_xy_series s = { T(c, "model", "модель"), x, y, n, 0 };
		struct svg_xy_opts o = { title, T(c, "false positive rate", "доля ложных срабатываний"),
					 T(c, "true positive rate", "доля верных срабатываний"), &s, 1, 1 };
		struct html_node *fig = html_el_class(parent, "div", "figure");
		html_text(html_el_class(fig, "div", "figcaption"), title);
		svg_xy_chart(fig, &o);
	}
	free(x);
	free(y);
}

static void reliability_chart(struct report_ctx *c, struct html_node *parent, const struct jsonr *m)
{
	const struct jsonr *a = jsonr_get(m, "reliability"), *b = jsonr_get(m, "time_reliability");
	size_t na = jsonr_len(a), nb = jsonr_len(b);
	double *v = xcalloc(2 * (na + nb) + 1, sizeof(double));
	double *ax = v, *ay = v + na, *bx = v + 2 * na, *by = v + 2 * na + nb;
	const char *title = T(c, "Reliability: predicted against observed", "Надёжность: предсказано и наблюдалось");
	for (size_t i = 0; i < na; i++) {
		ax[i] = jsonr_num(jsonr_get(jsonr_at(a, i), "predicted"));
		ay[i] = jsonr_num(jsonr_get(jsonr_at(a, i), "observed"));
	}
	for (size_t i = 0; i < nb; i++) {
		bx[i] = jsonr_num(jsonr_get(jsonr_at(b, i), "predicted"));
		by[i] = jsonr_num(jsonr_get(jsonr_at(b, i), "observed"));
	}
	{
		struct svg_xy_series s[2] = { { T(c, "cross-validation", "кросс-валидация"), ax, ay, na, 0 },
					      { T(c, "time split", "по времени"), bx, by, nb, 0 } };
		struct svg_xy_opts o = { title, T(c, "predicted probability", "предсказанная вероятность"),
					 T(c, "observed share qualified", "наблюдаемая доля"), s, nb ? 2 : 1, 1 };
		struct html_node *fig = html_el_class(parent, "div", "figure");
		html_text(html_el_class(fig, "div", "figcaption"), title);
		svg_xy_chart(fig, &o);
	}
	free(v);
}

static void thresholds_table(struct report_ctx *c, struct html_node *main, const struct jsonr *th)
{
	const char *heads[] = { T(c, "Score at least", "Оценка не ниже"), T(c, "Precision", "Точность"),
				T(c, "Recall", "Полнота"), T(c, "True pos.", "Верно +"),
				T(c, "False pos.", "Ложно +"), T(c, "False neg.", "Ложно −"), T(c, "True neg.", "Верно −") };
	struct html_node *tb;
	html_el_text(main, "h2", T(c, "Confusion at each grade threshold", "Ошибки на каждом пороге класса"));
	report_note(main, T(c, "A dialogue counts as predicted qualified when its score reaches the threshold (A ≥ 75, B ≥ 50, C ≥ 25); cross-validated.",
			    "Диалог считается предсказанно квалифицированным, если оценка достигает порога (A ≥ 75, B ≥ 50, C ≥ 25); по кросс-валидации."));
	tb = report_table(main, NULL, heads, 7);
	for (size_t i = 0; i < jsonr_len(th); i++) {
		const struct jsonr *t = jsonr_at(th, i);
		char lbl[24];
		struct html_node *tr;
		snprintf(lbl, sizeof(lbl), "%.0f", jsonr_num(jsonr_get(t, "t")));
		tr = report_row(tb, lbl);
		report_cell_num(tr, jsonr_num(jsonr_get(t, "precision")), 1);
		report_cell_num(tr, jsonr_num(jsonr_get(t, "recall")), 1);
		report_cell_int(tr, (long long)jsonr_num(jsonr_get(t, "tp")));
		report_cell_int(tr, (long long)jsonr_num(jsonr_get(t, "fp")));
		report_cell_int(tr, (long long)jsonr_num(jsonr_get(t, "fn")));
		report_cell_int(tr, (long long)jsonr_num(jsonr_get(t, "tn")));
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static size_t unique_sorted(double *v, size_t n)
{
	size_t k = 0;
	qsort(v, n, sizeof(double), cmp_double);
	for (size_t i = 0; i < n; i++)
		if (!k || v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

static size_t index_of(const double *v, size_t n, double x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return i;
	return 0;
}

static void grid_chart(struct report_ctx *c, struct html_node *main, const struct jsonr *grid,
		       double sample)
{
	size_t n = jsonr_len(grid), nc, ng;
	double *cs = xcalloc(n + 1, sizeof(double)), *gs = xcalloc(n + 1, sizeof(double)), *vals;
	char (*cl)[16], (*gl)[16];
	const char **cp, **gp;
	for (size_t i = 0; i < n; i++) {
		cs[i] = jsonr_num(jsonr_get(jsonr_at(grid, i), "c"));
		gs[i] = jsonr_num(jsonr_get(jsonr_at(grid, i), "gamma"));
	}
	nc = unique_sorted(cs, n);
	ng = unique_sorted(gs, n);
	vals = xcalloc(nc * ng + 1, sizeof(double));
	for (size_t i = 0; i < nc * ng; i++)
		vals[i] = NAN;
	for (size_t i = 0; i < n; i++) {
		const struct jsonr *p = jsonr_at(grid, i);
		size_t x = index_of(cs, nc, jsonr_num(jsonr_get(p, "c")));
		size_t y = index_of(gs, ng, jsonr_num(jsonr_get(p, "gamma")));
		vals[y * nc + x] = jsonr_num(jsonr_get(p, "auc"));
	}
	cl = xcalloc(nc + 1, sizeof(*cl));
	gl = xcalloc(ng + 1, sizeof(*gl));
	cp = xcalloc(nc + 1, sizeof(*cp));
	gp = xcalloc(ng + 1, sizeof(*gp));
	for (size_t i = 0; i < nc; i++) {
		snprintf(cl[i], sizeof(cl[i]), "%g", cs[i]);
		cp[i] = cl[i];
	}
	for (size_t i = 0; i < ng; i++) {
		snprintf(gl[i], sizeof(gl[i]), "%g", gs[i]);
		gp[i] = gl[i];
	}
	html_el_text(main, "h2", T(c, "Grid search", "Подбор параметров"));
	report_note(main, T(c, "Cross-validated AUC for each C (and gamma for the RBF kernel; 0 for a linear model) tried; darker is better, the value is written in each cell.",
			    "AUC на кросс-валидации для каждого опробованного C (и gamma для ядра RBF; 0 у линейной модели); темнее — лучше, значение указано в клетке."));
	if (!isnan(sample)) {
		char note[160];
		snprintf(note, sizeof(note), T(c, "These AUCs come from the search sample of %.0f dialogues, not from all labeled ones.",
					       "Эти AUC получены на выборке подбора из %.0f диалогов, а не на всех размеченных."),
			 sample);
		report_note(main, note);
	}
	if (n)
		svg_heatmap(html_el_class(main, "div", "figure"), T(c, "Grid-search surface (AUC)", "Поверхность подбора (AUC)"),
			    "C", "gamma", cp, nc, gp, ng, vals);
	free(cs);
	free(gs);
	free(vals);
	free(cl);
	free(gl);
	free(cp);
	free(gp);
}

static int history(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "Version", "Версия"), T(c, "Trained (UTC)", "Обучена (UTC)"),
				T(c, "Learner", "Алгоритм"), T(c, "Training dialogues", "Диалогов"),
				"CV AUC", T(c, "Time-split AUC", "AUC по времени"), "Brier" };
	struct model_record *recs;
	size_t n;
	struct html_node *tb;
	if (registry_list(c->db, HISTORY_ROWS, &recs, &n))
		return -1;
	html_el_text(main, "h2", T(c, "Models trained", "Обученные модели"));
	tb = report_table(main, NULL, heads, 7);
	for (size_t i = 0; i < n; i++) {
		const struct model_record *r = &recs[i];
		struct html_node *tr = report_row(tb, r->version);
		char when[21];
		format_time(r->trained_at, when);
		report_cell_text(tr, when);
		html_el_textf(tr, "td", "%s %s", r->learner, r->kernel);
		report_cell_int(tr, r->n_train);
		report_cell_num(tr, r->cv_auc, 0);
		report_cell_num(tr, r->time_auc, 0);
		report_cell_num(tr, r->brier, 0);
	}
	registry_list_free(recs, n);
	return 0;
}

/* The labeled dialogues training left out, their window still open
 * (metrics "held_back"; absent from older models). */
static void held_back_fact(struct report_ctx *c, struct html_node *dl, const struct jsonr *metrics)
{
	const struct jsonr *h = metrics ? jsonr_get(metrics, "held_back") : NULL;
	double n = h ? jsonr_num(jsonr_get(h, "n")) : NAN;
	if (isnan(n))
		return;
	html_el_text(dl, "dt", T(c, "Left out", "Не вошли в обучение"));
	html_el_textf(dl, "dd", T(c, "%.0f recent labeled dialogues (%.0f qualified, %.0f not): their %.0f-day window is still open, and until it closes mostly the wins are known",
				  "%.0f недавних размеченных диалогов (%.0f квалифицированных, %.0f нет): их окно в %.0f дней ещё не закрылось, а до тех пор известны в основном успехи"),
		      n, jsonr_num(jsonr_get(h, "qualified")), jsonr_num(jsonr_get(h, "not_qualified")),
		      jsonr_num(jsonr_get(h, "window_days")));
}

/* Above `train --search-max` labeled dialogues the grid was searched on a
 * stratified sample (metrics "search_sample", "search_max"; absent below the
 * bound and in older models): a reader of the figures should know that C
 * came from fewer dialogues than the model learned from. */
static void search_fact(struct report_ctx *c, struct html_node *dl, const struct jsonr *metrics,
			long n_train)
{
	double n = metrics ? jsonr_num(jsonr_get(metrics, "search_sample")) : NAN;
	double max = metrics ? jsonr_num(jsonr_get(metrics, "search_max")) : NAN;
	if (isnan(n))
		return;
	html_el_text(dl, "dt", T(c, "Search sample", "Выборка подбора"));
	if (isnan(max))
		html_el_textf(dl, "dd", T(c, "on a stratified sample of %.0f of the %ld labeled dialogues; the chosen C then cross-validated on all of them",
					  "на стратифицированной выборке из %.0f из %ld размеченных диалогов; выбранный C затем проверен кросс-валидацией на всех"),
			      n, n_train);
	else
		html_el_textf(dl, "dd", T(c, "on a stratified sample of %.0f of the %ld labeled dialogues (more than %.0f, train --search-max); the chosen C then cross-validated on all of them",
					  "на стратифицированной выборке из %.0f из %ld размеченных диалогов (их больше %.0f, train --search-max); выбранный C затем проверен кросс-валидацией на всех"),
			      n, n_train, max);
}

int report_model(struct report_ctx *c)
{
	struct model_row rows[2];
	size_t n = 0;
	struct html_node *main, *dl, *charts;
	struct html_doc *doc = report_page(c, T(c, "The lead-quality model", "Модель качества лидов"), "model", 0, &main);
	struct model_record *recs = NULL;
	size_t n_recs = 0;
	int rc = -1;
	memset(rows, 0, sizeof(rows));
	if (registry_list(c->db, 2, &recs, &n_recs))
		goto out;
	while (n < n_recs)
		row_read(&recs[n], &rows[n]), n++;
	if (!n) {
		report_note(main, T(c, "No model has been trained yet: run 'leadqa train' once enough dialogues have a known outcome.",
				    "Модель ещё не обучена: запустите 'leadqa train', когда у достаточного числа диалогов будет известен исход."));
		rc = report_page_write(c, doc, "model.html");
		doc = NULL;
		goto out;
	}
	dl = html_el_class(main, "dl", "facts");
	{
		char when[21];
		format_time(rows[0].trained_at, when);
		html_el_text(dl, "dt", T(c, "Version", "Версия"));
		html_el_text(dl, "dd", rows[0].version);
		html_el_text(dl, "dt", T(c, "Trained", "Обучена"));
		html_el_text(dl, "dd", when);
		html_el_text(dl, "dt", T(c, "Learner", "Алгоритм"));
		html_el_textf(dl, "dd", "%s, %s", rows[0].learner, rows[0].kernel);
		html_el_text(dl, "dt", T(c, "Training dialogues", "Диалогов в обучении"));
		html_el_textf(dl, "dd", "%ld (%ld %s)", rows[0].n_train, rows[0].n_pos,
			      T(c, "qualified", "квалифицированных"));
		held_back_fact(c, dl, rows[0].metrics);
		search_fact(c, dl, rows[0].metrics, rows[0].n_train);
	}
	html_el_text(main, "h2", T(c, "Quality, and against the previous model", "Качество и сравнение с предыдущей моделью"));
	quality_table(c, main, &rows[0], n > 1 ? &rows[1] : NULL);
	baselines_table(c, main, &rows[0]);
	if (!rows[0].metrics) {
		report_note(main, T(c, "This model carries no curves (its metrics could not be read).",
				    "У этой модели нет кривых (её метрики не читаются)."));
	} else {
		charts = html_el_class(main, "div", "charts");
		roc_chart(c, charts, jsonr_get(rows[0].metrics, "roc"), rows[0].cv_auc);
		reliability_chart(c, charts, rows[0].metrics);
		thresholds_table(c, main, jsonr_get(rows[0].metrics, "thresholds"));
		grid_chart(c, main, jsonr_get(rows[0].metrics, "grid"),
			   jsonr_num(jsonr_get(rows[0].metrics, "search_sample")));
	}
	if (history(c, main))
		goto out;
	rc = report_page_write(c, doc, "model.html");
	doc = NULL;
out:
	html_doc_free(doc);
	registry_list_free(recs, n_recs);
	for (size_t i = 0; i < n; i++)
		row_release(&rows[i]);
	return rc;
}
