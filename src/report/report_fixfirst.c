/* report_fixfirst.c — fix.html, "What to fix first": the night's findings
 * grouped by cause (finding × cue family × page), each group with the
 * customers and dialogues it touched, its count on the night before and
 * on average over the seven nights before, and its worst dialogues;
 * the groups that touched the most customers first.
 *
 * fixfirst_prepare() gathers temp.cause(dialogue_id, night, kind, family,
 * page, customer, severity) for the newest night and the seven before it;
 * report_fixfirst() writes the page from it.  The cue family is the cue's
 * kind without its words: `lexicon-en.txt:703 proposal "by the way"` and
 * `lexicon-ru.txt:10 offer "скидка"` are "proposal" and "offer", so that
 * the same fault in two languages or two phrasings is one cause. */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "localday.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX_GROUPS 30
#define FIX_EXAMPLES 3
#define FIX_NIGHTS_BEFORE 7

static void cue_family(const char *cue, char *out, size_t outsz)
{
	const char *p = cue ? cue : "";
	size_t k;
	if (!strncmp(p, "lexicon", 7)) {
		const char *sp = strchr(p, ' ');
		p = sp ? sp + 1 : p + strlen(p);
	}
	k = strcspn(p, " :\"");
	if (!k)
		snprintf(out, outsz, "-");
	else
		snprintf(out, outsz, "%.*s", (int)(k < 60 ? k : 60), p);
}

static const struct {
	const char *family, *en, *ru;
} family_words[] = {
	{ "offer", "an offer", "предложение" },
	{ "proposal", "a hinted offer (\"by the way\")", "предложение намёком («кстати»)" },
	{ "human-request", "a request for a person", "просьба позвать человека" },
	{ "bot-failure", "the bot failing repeatedly", "повторные сбои бота" },
	{ "frustration", "the customer's frustration", "раздражение клиента" },
	{ "repeat", "the customer repeating a question", "клиент повторяет вопрос" },
	{ "context-ask/order", "the order number asked again", "номер заказа спрошен снова" },
	{ "context-ask/problem", "the problem asked again", "проблема спрошена снова" },
	{ "context-ask/email", "the e-mail asked again", "e-mail спрошен снова" },
	{ "context-ask/phone", "the phone number asked again", "телефон спрошен снова" },
	{ "context-ask/seen", "asked again what was already said", "снова спрошено уже сказанное" },
	{ "context-ask/please", "the details asked again", "подробности спрошены снова" },
};

static const char *family_label(const struct report_ctx *c, const char *family)
{
	for (size_t i = 0; i < sizeof(family_words) / sizeof(family_words[0]); i++)
		if (!strcmp(family, family_words[i].family))
			return T(c, family_words[i].en, family_words[i].ru);
	return family;
}

static int gather_night(struct report_ctx *c, sqlite3_stmt *sel, sqlite3_stmt *put, const char *night)
{
	int64_t lo, hi;
	int rc;
	if (localday_start(night, c->tz, &lo) || report_night_end(c, night, &hi))
		return error("bad night '%s'", night);
	sqlite3_bind_int64(sel, 1, lo);
	sqlite3_bind_int64(sel, 2, hi);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		char family[64];
		cue_family(db_col_text(sel, 2), family, sizeof(family));
		db_bind_text(put, 1, db_col_text(sel, 0));
		db_bind_text(put, 2, night);
		db_bind_text(put, 3, db_col_text(sel, 1));
		db_bind_text(put, 4, family);
		db_bind_text(put, 5, db_col_text(sel, 3));
		if (sqlite3_column_type(sel, 4) == SQLITE_NULL)
			sqlite3_bind_null(put, 6);
		else
			sqlite3_bind_int64(put, 6, sqlite3_column_int64(sel, 4));
		sqlite3_bind_double(put, 7, sqlite3_column_double(sel, 5));
		if (db_step_done(c->db, put)) {
			sqlite3_reset(sel);
			return -1;
		}
	}
	sqlite3_reset(sel);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	return 0;
}

int fixfirst_prepare(struct report_ctx *c)
{
	sqlite3_stmt *sel = NULL, *put = NULL;
	int rc = -1;
	if (db_exec(c->db, "DROP TABLE IF EXISTS temp.cause;"
			   "CREATE TEMP TABLE cause(dialogue_id TEXT NOT NULL, night TEXT NOT NULL, kind TEXT NOT NULL,"
			   " family TEXT NOT NULL, page TEXT NOT NULL, customer INTEGER, severity REAL);"))
		return -1;
	if (!c->has_night)
		return 0;
	sel = db_prepare(c->db,
		"SELECT f.dialogue_id, f.kind, f.cue, coalesce(nullif(d.page, ''), '-'),"
		" (SELECT customer_id FROM identifiers WHERE kind = 'dialogue' AND value = d.id), f.severity"
		" FROM dialogues d JOIN findings f ON f.dialogue_id = d.id"
		" WHERE d.started >= ? AND d.started < ?");
	put = db_prepare(c->db, "INSERT INTO temp.cause VALUES(?, ?, ?, ?, ?, ?, ?)");
	if (!sel || !put)
		goto out;
	for (size_t i = c->figs.n, used = 0; i-- > 0 && used <= FIX_NIGHTS_BEFORE; used++)
		if (gather_night(c, sel, put, c->figs.nights[i].night))
			goto out;
	rc = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(put);
	return rc;
}

/* The groups of the night, most customers touched first.  ?1 night, ?2 the
 * night before (or ''), ?3 the oldest of the nights before, ?4 how many. */
static const char groups_sql[] =
	"WITH g AS (SELECT kind, family, page, count(DISTINCT dialogue_id) AS dialogues,"
	"  count(DISTINCT coalesce('c' || customer, 'd' || dialogue_id)) AS customers, max(severity) AS worst"
	"  FROM temp.cause WHERE night = ?1 GROUP BY 1, 2, 3),"
	" b AS (SELECT kind, family, page,"
	"  count(DISTINCT CASE WHEN night = ?2 THEN dialogue_id END) AS prev,"
	"  count(DISTINCT dialogue_id) AS before"
	"  FROM temp.cause WHERE night < ?1 AND night >= ?3 GROUP BY 1, 2, 3)"
	" SELECT g.kind, g.family, g.page, g.customers, g.dialogues, coalesce(b.prev, 0),"
	"  coalesce(b.before, 0), g.worst, count(*) OVER ()"
	" FROM g LEFT JOIN b USING (kind, family, page)"
	" ORDER BY g.customers DESC, g.dialogues DESC, g.worst DESC, g.kind, g.family, g.page LIMIT ?4";

static const char examples_sql[] =
	"SELECT dialogue_id FROM temp.cause WHERE night = ?1 AND kind = ?2 AND family = ?3 AND page = ?4"
	" GROUP BY dialogue_id ORDER BY max(severity) DESC, dialogue_id LIMIT ?5";

/* The worst dialogues of each group, so that each gets a page. */
int fixfirst_examples(struct report_ctx *c, void (*add)(struct report_ctx *, const char *))
{
	sqlite3_stmt *st;
	int rc;
	if (!c->has_night)
		return 0;
	st = db_prepare(c->db,
		"SELECT dialogue_id FROM (SELECT dialogue_id, row_number() OVER (PARTITION BY kind, family, page"
		"  ORDER BY severity DESC, dialogue_id) AS r FROM temp.cause WHERE night = ?) WHERE r <= ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, c->night);
	sqlite3_bind_int(st, 2, FIX_EXAMPLES);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add(c, db_col_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	return 0;
}

static int examples_cell(struct report_ctx *c, sqlite3_stmt *ex, struct html_node *tr,
			 const char *kind, const char *family, const char *page)
{
	struct html_node *td = html_el(tr, "td");
	int rc, first = 1;
	db_bind_text(ex, 1, c->night);
	db_bind_text(ex, 2, kind);
	db_bind_text(ex, 3, family);
	db_bind_text(ex, 4, page);
	sqlite3_bind_int(ex, 5, FIX_EXAMPLES);
	while ((rc = sqlite3_step(ex)) == SQLITE_ROW) {
		if (!first)
			html_el(td, "br");
		report_dialogue_ref(c, td, db_col_text(ex, 0), 0);
		first = 0;
	}
	sqlite3_reset(ex);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	return 0;
}

int report_fixfirst(struct report_ctx *c)
{
	const char *heads[] = { "#", T(c, "Finding", "Замечание"), T(c, "Cause", "Причина"),
				T(c, "Page", "Страница"), T(c, "Customers", "Клиентов"),
				T(c, "Dialogues", "Диалогов"), T(c, "Night before", "Ночью ранее"),
				T(c, "Average of the 7 nights before", "В среднем за 7 ночей до"),
				T(c, "Worst dialogues", "Худшие диалоги") };
	struct html_node *main, *tb;
	struct html_doc *doc = report_page(c, T(c, "What to fix first", "Что исправить в первую очередь"), "fix", 0, &main);
	sqlite3_stmt *st = NULL, *ex = NULL;
	long rows = 0, total = 0;
	int rc = -1, step;
	size_t n_before = c->figs.n > 1 ? c->figs.n - 1 : 0;
	const char *oldest = "";
	if (n_before > FIX_NIGHTS_BEFORE)
		n_before = FIX_NIGHTS_BEFORE;
	if (n_before)
		oldest = c->figs.nights[c->figs.n - 1 - n_before].night;

	report_note(main, T(c, "The night's findings grouped by cause: the finding, what set it off (the kind of cue, "
			    "in any language or phrasing) and the page the dialogue came from. The causes that touched "
			    "the most customers come first; a customer with several dialogues counts once. Each cause "
			    "with its count on the night before and on average over the seven nights before, and its "
			    "worst dialogues.",
			    "Замечания ночи, сгруппированные по причине: замечание, что его вызвало (вид признака, на "
			    "любом языке и в любой формулировке) и страница, откуда пришёл диалог. Сначала причины, "
			    "затронувшие больше всего клиентов; клиент с несколькими диалогами считается один раз. У "
			    "каждой причины — число за предыдущую ночь и в среднем за семь ночей до неё, и худшие диалоги."));
	tb = report_table(main, NULL, heads, sizeof(heads) / sizeof(heads[0]));
	if (!c->has_night) {
		report_empty_row(c, tb, sizeof(heads) / sizeof(heads[0]));
		return report_page_write(c, doc, "fix.html");
	}
	st = db_prepare(c->db, groups_sql);
	ex = db_prepare(c->db, examples_sql);
	if (!st || !ex)
		goto out;
	db_bind_text(st, 1, c->night);
	db_bind_text(st, 2, c->has_prev ? c->prev_night : "");
	db_bind_text(st, 3, oldest);
	sqlite3_bind_int(st, 4, FIX_GROUPS);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = db_col_text(st, 0), *family = db_col_text(st, 1), *page = db_col_text(st, 2);
		struct html_node *tr = html_el(tb, "tr");
		html_attr(html_el_textf(tr, "th", "%ld", ++rows), "scope", "row");
		report_cell_text(tr, report_finding_label(c, kind));
		report_cell_text(tr, family_label(c, family));
		report_cell_text(tr, strcmp(page, "-") ? page : T(c, "(no page)", "(без страницы)"));
		report_cell_int(tr, sqlite3_column_int64(st, 3));
		report_cell_int(tr, sqlite3_column_int64(st, 4));
		if (c->has_prev)
			report_cell_int(tr, sqlite3_column_int64(st, 5));
		else
			report_cell_text(tr, "–");
		if (n_before)
			html_attr(html_el_textf(tr, "td", "%.1f", (double)sqlite3_column_int64(st, 6) / (double)n_before),
				  "class", "num");
		else
			report_cell_text(tr, "–");
		if (examples_cell(c, ex, tr, kind, family, page))
			goto out;
		total = (long)sqlite3_column_int64(st, 8);
	}
	if (step != SQLITE_DONE) {
		error("database: %s", sqlite3_errmsg(c->db));
		goto out;
	}
	if (!rows)
		report_empty_row(c, tb, sizeof(heads) / sizeof(heads[0]));
	if (total > FIX_GROUPS)
		html_textf(html_el_class(main, "p", "note"), T(c, "The first %d of %ld causes shown.",
							       "Показаны первые %d из %ld причин."), FIX_GROUPS, total);
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ex);
	if (rc) {
		html_doc_free(doc);
		return -1;
	}
	return report_page_write(c, doc, "fix.html");
}
