/* report_customer.c — c/<id>.html: one merged customer's timeline (every
 * dialogue, download, call, form and handoff, and every deal stage row, in
 * time order), written for the customers that the lead-handling and the
 * data-quality pages name as examples, so that a duplicate or a stuck deal
 * can be followed to the path it broke.  A page is written the first time a
 * customer is linked; later links find it in the folder. */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "safefile.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define TIMELINE_ROWS 300

static const char timeline_sql[] = CUSTOMER_PATH_SQL(
	"CASE WHEN e.changed_by = '' THEN '–' ELSE e.changed_by END"
	" || CASE WHEN coalesce(e.dialogue_id, '') <> '' THEN ' · ' || e.dialogue_id ELSE '' END");

static const char *what_label(struct report_ctx *c, const char *what)
{
	if (!strcmp(what, "dialogue"))
		return T(c, "dialogue", "диалог");
	if (!strcmp(what, "deal"))
		return T(c, "deal stage", "этап сделки");
	if (!strcmp(what, "download"))
		return T(c, "download", "загрузка");
	if (!strcmp(what, "call"))
		return T(c, "call", "звонок");
	if (!strcmp(what, "form"))
		return T(c, "form", "форма");
	if (!strcmp(what, "handoff"))
		return T(c, "handoff", "передача оператору");
	return what;
}

static int write_page(struct report_ctx *c, int64_t customer, const char *rel)
{
	const char *heads[] = { T(c, "When (UTC)", "Когда (UTC)"), T(c, "What", "Что"),
				T(c, "Dialogue or deal", "Диалог или сделка"), T(c, "Detail", "Подробности"),
				T(c, "By, dialogue named", "Кто, указанный диалог") };
	struct html_node *main, *tb;
	struct html_doc *doc;
	char title[96];
	sqlite3_stmt *st = db_prepare(c->db, timeline_sql);
	int rc;
	if (!st)
		return -1;
	snprintf(title, sizeof(title), "%s %lld", T(c, "Customer", "Клиент"), (long long)customer);
	doc = report_page(c, title, NULL, 1, &main);
	report_note(main, T(c, "Every dialogue, download, call, form, handoff and deal stage of this merged customer "
			       "(identities joined as in the data contract), oldest first.",
			    "Все диалоги, загрузки, звонки, формы, передачи оператору и этапы сделок этого клиента "
			    "(после объединения идентичностей), от старых к новым."));
	tb = report_table(main, NULL, heads, 5);
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int(st, 2, TIMELINE_ROWS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char when[21];
		struct html_node *tr, *td;
		format_time(sqlite3_column_int64(st, 0), when);
		tr = report_row(tb, when);
		report_cell_text(tr, what_label(c, db_col_text(st, 1)));
		td = html_el(tr, "td");
		if (!strcmp(db_col_text(st, 1), "deal"))
			html_text(td, db_col_text(st, 2));
		else
			report_dialogue_ref(c, td, db_col_text(st, 2), 1);
		report_cell_text(tr, db_col_text(st, 3));
		report_cell_text(tr, db_col_text(st, 4));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		html_doc_free(doc);
		return error("database: %s", sqlite3_errmsg(c->db));
	}
	return report_page_write(c, doc, rel);
}

int report_customer_ref(struct report_ctx *c, struct html_node *parent, int64_t customer,
			const char *text, int depth)
{
	char rel[48], href[64];
	struct strbuf path = STRBUF_INIT;
	struct stat sb;
	int rc = 0;
	snprintf(rel, sizeof(rel), "c/%lld.html", (long long)customer);
	strbuf_addf(&path, "%s/c", c->dir);
	if (stat(strbuf_str(&path), &sb) && safe_mkdir(strbuf_str(&path), 0755))
		rc = error("cannot create '%s': %s", strbuf_str(&path), strerror(errno));
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s", c->dir, rel);
	if (!rc && stat(strbuf_str(&path), &sb))
		rc = write_page(c, customer, rel);
	strbuf_release(&path);
	if (rc)
		return -1;
	snprintf(href, sizeof(href), "%s%s", depth ? "../" : "", rel);
	html_link(parent, href, text);
	return 0;
}
