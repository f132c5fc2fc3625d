/* export_handling.h — the managers' call list (`leadqa export --handling
 * FILE`): the open bot leads nobody has touched yet, best grade first and,
 * within a grade, oldest first, so that the leads most likely to buy are
 * called first and none is forgotten.
 *
 * A bot lead, a touch and open are as on the report's lead-handling page
 * (src/report/handling.h): a deal whose first stage row was written by
 * `bot`, with no stage row by a person (changed_by neither empty nor `bot`)
 * and no `won` or `lost` row, as of now (LEADQA_NOW in tests).  Its lead
 * score and grade are those of its dialogue (named by the CRM when loaded,
 * else the merged customer's latest dialogue in the 30 days before the
 * deal); the contact columns are the merged customer's card (the smallest
 * value of each kind, as the lead-score export).
 *
 * The columns, in this order:
 *   deal_id,contact_id,email,phone,dialogue_id,lead_score,lead_grade,
 *   opened_at,waiting_hours
 * opened_at is ISO 8601 UTC, waiting_hours whole hours since then.  Rows are
 * ordered by grade (A, B, C, D, then not scored), then opened_at (oldest
 * first), then lead_score (highest first), then deal_id.
 *
 * The file follows the lead-score export's conventions (export.h): UTF-8
 * without BOM, `,`, CRLF, RFC 4180 quoting, a leading `'` before a cell
 * beginning with = + - @ TAB or CR; written beside the target under a fresh
 * name (safefile.h), flushed and renamed, so it appears whole or not at all.
 * It is not recorded in the exports table: the incremental lead-score
 * export's bound must not move. */
#ifndef LEADQA_EXPORT_HANDLING_H
#define LEADQA_EXPORT_HANDLING_H

#include <stdint.h>
#include <sqlite3.h>

#define EXPORT_HANDLING_HEADER "deal_id,contact_id,email,phone,dialogue_id,lead_score,lead_grade," \
	"opened_at,waiting_hours"

/* Writes the call list to `path` ("-" = standard output) as of `now`; *n_rows
 * gets the rows written.  0, or -1 after an error message (the target
 * untouched).  Not to be called inside a transaction. */
int export_handling_run(sqlite3 *db, const char *path, int64_t now, long *n_rows);

#endif
