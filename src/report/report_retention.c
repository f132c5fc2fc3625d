/* report_retention.c — on the data-quality page, what retention dropped
 * (retention.h): the last run and every run together. */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "retention.h"
#include "util.h"

#include <stdio.h>

int report_retention(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "Dropped", "Удалено"), T(c, "Last run", "Последний раз"),
				T(c, "In all", "Всего") };
	struct retention_counts last, total;
	struct html_node *tb, *tr;
	int64_t at;
	char when[21], note[200];
	int rc = retention_read(c->db, &at, &last, &total);
	struct {
		const char *en, *ru;
		int64_t a, b;
	} rows[] = {
		{ "Dialogues whose turns and events were dropped", "Диалогов, у которых удалены реплики и события",
		  last.text_dialogues, total.text_dialogues },
		{ "Events dropped", "Удалено событий", last.events, total.events },
		{ "Dialogues dropped whole (with their scores)", "Диалогов удалено целиком (с оценками)",
		  last.dialogues, total.dialogues },
		{ "Findings dropped with them", "Удалено находок вместе с ними", last.findings, total.findings },
		{ "Database pages given back", "Возвращено страниц базы", last.pages_freed, total.pages_freed },
	};
	if (rc <= 0)
		return rc;
	html_el_text(main, "h2", T(c, "Retention", "Срок хранения"));
	format_time(at, when);
	snprintf(note, sizeof(note), T(c, "Last applied %s. Scores, findings, labels and the nights' figures of "
				      "dialogues whose turns were dropped are kept.",
				    "Последний раз %s. Оценки, находки, разметка и показатели ночей у диалогов "
				    "без реплик сохранены."), when);
	report_note(main, note);
	tb = report_table(main, NULL, heads, 3);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		tr = report_row(tb, T(c, rows[i].en, rows[i].ru));
		report_cell_int(tr, rows[i].a);
		report_cell_int(tr, rows[i].b);
	}
	return 0;
}
