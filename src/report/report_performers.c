/* report_performers.c — the overview's table by performer: each bot
 * instance and operator with the dialogues they took part in and the
 * findings that are theirs (attribution.h).  A handed-over dialogue counts
 * for the bot and for the operator; its premature offer counts for
 * whoever made it, its missed escalation for the bot. */
#include "compat.h"
#include "report_page.h"
#include "db.h"
#include "stats.h"
#include "util.h"

#include <math.h>
#include <stdio.h>

#define PERFORMER_ROWS 25

static const char performers_sql[] =
	"WITH a AS (SELECT who_kind, who,"
	"  count(DISTINCT CASE WHEN kind = 'premature-cross-sell' THEN dialogue_id END) AS pm,"
	"  count(DISTINCT CASE WHEN kind = 'missed-escalation' THEN dialogue_id END) AS me,"
	"  count(DISTINCT CASE WHEN kind = 'handoff-context-lost' THEN dialogue_id END) AS cl"
	"  FROM temp.attrib GROUP BY 1, 2),"
	" p AS (SELECT who_kind, who, count(*) AS n FROM temp.part GROUP BY 1, 2)"
	" SELECT p.who_kind, p.who, p.n, coalesce(a.pm, 0), coalesce(a.me, 0), coalesce(a.cl, 0),"
	"  count(*) OVER ()"
	" FROM p LEFT JOIN a ON a.who_kind = p.who_kind AND a.who = p.who"
	" ORDER BY p.n DESC, p.who_kind, p.who LIMIT ?";

static void count_and_rate(struct html_node *tr, long long k, long long n)
{
	struct html_node *td = html_el(tr, "td");
	html_attr(td, "class", n < STATS_MIN_N ? "num thin" : "num");
	if (n > 0)
		html_textf(td, "%lld · %.1f%%", k, 100.0 * (double)k / (double)n);
	else
		html_textf(td, "%lld", k);
}

int report_performers(struct report_ctx *c, struct html_node *main)
{
	const char *heads[] = { T(c, "Performer", "Исполнитель"), T(c, "Dialogues taken part in", "Диалогов с участием"),
				T(c, "Premature cross-sell (theirs)", "Преждевр. допродажи (их)"),
				T(c, "Missed escalation (theirs)", "Пропущ. эскалации (их)"),
				T(c, "Context lost at handoff", "Потеря контекста при передаче") };
	sqlite3_stmt *st = db_prepare(c->db, performers_sql);
	struct html_node *tb;
	long total = 0, rows = 0;
	int rc;
	if (!st)
		return -1;
	html_el_text(main, "h3", T(c, "By performer", "По исполнителям"));
	report_note(main, T(c, "A handed-over dialogue counts for the bot and for the operator. A finding belongs to the "
			    "speaker of its evidence turn: a premature offer to whoever made it, a missed escalation to the "
			    "bot, whose handoff came late. Each count with its share of the performer's dialogues; greyed under 20.",
			    "Переданный диалог учитывается и у бота, и у оператора. Замечание относится к автору реплики-"
			    "доказательства: преждевременное предложение — к тому, кто его сделал, пропущенная эскалация — к "
			    "боту, который передал диалог поздно. У каждого числа — доля от диалогов исполнителя; серым — меньше 20."));
	tb = report_table(main, NULL, heads, sizeof(heads) / sizeof(heads[0]));
	sqlite3_bind_int(st, 1, PERFORMER_ROWS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char head[160];
		long long n = sqlite3_column_int64(st, 2);
		struct html_node *tr;
		report_performer(c, db_col_text(st, 0), db_col_text(st, 1), head, sizeof(head));
		tr = report_row(tb, head);
		report_cell_int(tr, n);
		for (int i = 3; i <= 5; i++)
			count_and_rate(tr, sqlite3_column_int64(st, i), n);
		total = (long)sqlite3_column_int64(st, 6);
		rows++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(c->db));
	if (!rows)
		report_empty_row(c, tb, sizeof(heads) / sizeof(heads[0]));
	if (total > PERFORMER_ROWS)
		html_textf(html_el_class(main, "p", "note"), T(c, "The %d busiest of %ld shown.", "Показаны %d самых загруженных из %ld."),
			   PERFORMER_ROWS, total);
	return 0;
}
