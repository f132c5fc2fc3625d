/* report_quality.c — quality.html: what was wrong with the data: files
 * loaded and skipped and why, customers merged and by which identifier,
 * dialogues with no contact, deals that matched no dialogue (temp.rep_deal,
 * built by the funnel page), re-exported dialogues replaced, and what the
 * bot did to the CRM (report_crmcheck.c).  The counts of the whole
 * database are running counts (store_counts, deal_summary.h), brought up
 * to date before the report began, not scans. */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

#define FILE_ROWS 100
#define PROBLEM_ROWS 200
#define DEAL_ROWS 50

static int64_t count(struct report_ctx *c, const char *sql)
{
	return db_query_int(c->db, sql);
}

static int summary(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "What", "Что"), T(c, "Count", "Количество") };
	struct {
		const char *en, *ru, *sql;
	} rows[] = {
		{ "Files loaded", "Загружено файлов", "SELECT count(*) FROM files WHERE status <> 'rejected'" },
		{ "Files rejected", "Отклонено файлов", "SELECT count(*) FROM files WHERE status = 'rejected'" },
		{ "Records skipped inside files", "Пропущено записей в файлах", "SELECT coalesce(sum(n_skipped), 0) FROM files" },
		{ "Input problems reported", "Сообщений о проблемах во входных данных", "SELECT count(*) FROM input_problems" },
		{ "Dialogues", "Диалогов", "SELECT value FROM store_counts WHERE name = 'dialogues'" },
		{ "Dialogues with no contact (anonymous)", "Диалогов без контакта (анонимных)", "SELECT value FROM store_counts WHERE name = 'dialogues_anonymous'" },
		{ "Dialogues with no start time", "Диалогов без времени начала", "SELECT value FROM store_counts WHERE name = 'dialogues_no_start'" },
		{ "Re-exported dialogues replaced (by files)", "Заменено переэкспортированных диалогов (по файлам)", "SELECT coalesce(sum(n_replaced), 0) FROM files" },
		{ "Dialogues now in a later version", "Диалогов в более поздней версии", "SELECT value FROM store_counts WHERE name = 'dialogues_later_version'" },
		{ "Deals", "Сделок", "SELECT value FROM store_counts WHERE name = 'deal_summary_rows'" },
		{ "Deals that matched no dialogue", "Сделок без диалога", "SELECT count(*) FROM temp.rep_deal WHERE dialogue IS NULL" },
		{ "Customers merged", "Объединений клиентов", "SELECT count(*) FROM merges" },
	};
	struct html_node *tb = report_table(main, NULL, heads, 2);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t v = count(c, rows[i].sql);
		if (v < 0)
			return -1;
		report_cell_int(report_row(tb, T(c, rows[i].en, rows[i].ru)), v);
	}
	return 0;
}

static int merges(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "Joined by", "Объединены по"), T(c, "Merges", "Объединений") };
	sqlite3_stmt *st = db_prepare(c->db, "SELECT via_kind, count(*) FROM merges GROUP BY via_kind ORDER BY 2 DESC, 1");
	struct html_node *tb;
	int rc;
	if (!st)
		return -1;
	html_el_text(main, "h2", T(c, "Customers merged", "Объединённые клиенты"));
	report_note(main, T(c, "Two customer cards became one when a record named identifiers of both; the identifier that joined them:",
			    "Две карточки клиента стали одной, когда запись называла идентификаторы обеих; по какому идентификатору:"));
	tb = report_table(main, NULL, heads, 2);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		report_cell_int(report_row(tb, db_col_text(st, 0)), sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : error("database: %s", sqlite3_errmsg(c->db));
}

static int files(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "File", "Файл"), T(c, "Kind", "Вид"), T(c, "Status", "Статус"),
				T(c, "Loaded (UTC)", "Загружен (UTC)"), T(c, "Kept", "Принято"),
				T(c, "Skipped", "Пропущено"), T(c, "Replaced", "Заменено"),
				T(c, "Unchanged", "Без изменений"), T(c, "Message", "Сообщение") };
	sqlite3_stmt *st = db_prepare(c->db, "SELECT path, kind, status, loaded_at, n_records, n_skipped, n_replaced,"
					     " n_unchanged, coalesce(message, '') FROM files ORDER BY loaded_at DESC, id DESC LIMIT ?");
	struct html_node *tb;
	int rc;
	if (!st)
		return -1;
	html_el_text(main, "h2", T(c, "Files", "Файлы"));
	html_textf(html_el_class(main, "p", "note"), T(c, "The %d most recent.", "Последние %d."), FILE_ROWS);
	tb = report_table(main, NULL, heads, 9);
	sqlite3_bind_int(st, 1, FILE_ROWS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct html_node *tr = report_row(tb, db_col_text(st, 0));
		char when[21];
		const char *status = db_col_text(st, 2);
		report_cell_text(tr, db_col_text(st, 1));
		if (strcmp(status, "ok"))
			html_el_textf(tr, "td", "⚠ %s", status);
		else
			report_cell_text(tr, status);
		format_time(sqlite3_column_int64(st, 3), when);
		report_cell_text(tr, when);
		for (int i = 4; i <= 7; i++)
			report_cell_int(tr, sqlite3_column_int64(st, i));
		report_cell_text(tr, db_col_text(st, 8));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : error("database: %s", sqlite3_errmsg(c->db));
}

static int problems(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "File", "Файл"), T(c, "Line", "Строка"), T(c, "Problem", "Проблема"),
				T(c, "When (UTC)", "Когда (UTC)") };
	sqlite3_stmt *st = db_prepare(c->db, "SELECT path, line, message, at FROM input_problems"
					     " ORDER BY at DESC, id DESC LIMIT ?");
	struct html_node *tb;
	int rc;
	if (!st)
		return -1;
	html_el_text(main, "h2", T(c, "What was skipped and why", "Что пропущено и почему"));
	html_textf(html_el_class(main, "p", "note"), T(c, "The %d most recent problems.", "Последние %d проблем."), PROBLEM_ROWS);
	tb = report_table(main, NULL, heads, 4);
	sqlite3_bind_int(st, 1, PROBLEM_ROWS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct html_node *tr = report_row(tb, db_col_text(st, 0));
		char when[21];
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			report_cell_text(tr, "–");
		else
			report_cell_int(tr, sqlite3_column_int64(st, 1));
		report_cell_text(tr, db_col_text(st, 2));
		format_time(sqlite3_column_int64(st, 3), when);
		report_cell_text(tr, when);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : error("database: %s", sqlite3_errmsg(c->db));
}

static int unmatched_deals(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "Deal", "Сделка"), T(c, "Opened (UTC)", "Открыта (UTC)") };
	sqlite3_stmt *st = db_prepare(c->db, "SELECT deal_id, opened FROM temp.rep_deal WHERE dialogue IS NULL"
					     " ORDER BY opened DESC, deal_id LIMIT ?");
	struct html_node *tb;
	int rc;
	if (!st)
		return -1;
	html_el_text(main, "h2", T(c, "Deals that matched no dialogue", "Сделки без диалога"));
	html_textf(html_el_class(main, "p", "note"),
		   T(c, "Neither named by the CRM nor preceded by a dialogue of the same customer within 30 days; the %d most recent.",
		     "Ни CRM не указала диалог, ни у клиента не было диалога за 30 дней до сделки; последние %d."), DEAL_ROWS);
	tb = report_table(main, NULL, heads, 2);
	sqlite3_bind_int(st, 1, DEAL_ROWS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char when[21];
		format_time(sqlite3_column_int64(st, 1), when);
		report_cell_text(report_row(tb, db_col_text(st, 0)), when);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : error("database: %s", sqlite3_errmsg(c->db));
}

int report_quality(struct report_ctx *c)
{
	struct html_node *main;
	struct html_doc *doc = report_page(c, T(c, "Data quality", "Качество данных"), "quality", 0, &main);
	html_el_text(main, "h2", T(c, "Summary", "Сводка"));
	if (summary(c, main) || report_retention(c, main) || report_crmcheck(c, main) || files(c, main) ||
	    problems(c, main) || merges(c, main) || unmatched_deals(c, main)) {
		html_doc_free(doc);
		return -1;
	}
	return report_page_write(c, doc, "quality.html");
}
