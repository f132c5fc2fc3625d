/* export.h — the lead-score CSV for the CRM (formats.md section 7).
 *
 * One row per scored dialogue that has a contact (a <contact> with an
 * identifier, or a customer reached through a deal), in dialogue id order,
 * from the scores table; or, per_contact, one row per contact (a customer
 * of the merged identity, or a lone dialogue with a contact): its newest
 * scored dialogue, the same columns, for CRMs that upsert by contact.  The contact columns come from the customer's card:
 * contact_id is the customer's CRM id (the smallest, as identity_card()
 * chooses; the dialogue's own crm-id when the customer has none), e-mail and
 * phone are the dialogue's own normalised ones when it gave them, else the
 * customer's.
 *
 * The file: UTF-8 without BOM, `,` delimiter, CRLF line ends (RFC 4180), a
 * header row; a cell holding `,` `"` CR or LF is quoted with its quotes
 * doubled; a cell beginning with `=` `+` `-` `@` TAB or CR gets a leading `'`
 * so that a spreadsheet never runs it as a formula.  It is written beside the
 * target under a fresh name (safefile.h), flushed to disk and renamed: it
 * appears whole or not at all.  An existing target is never replaced by a
 * file with fewer rows unless forced.  The rows are read in one read
 * transaction (one snapshot of the scores).  Every export is recorded in the
 * exports table (path, time, rows, since) in a transaction that commits only
 * after the rename, so that a database that cannot take the record leaves the
 * target untouched. */
#ifndef LEADQA_EXPORT_H
#define LEADQA_EXPORT_H

#include <stdint.h>
#include <sqlite3.h>
#include "util.h"

#define EXPORT_HEADER "contact_id,email,phone,dialogue_id,lead_score,lead_grade," \
	"premature_cross_sell,missed_escalation,top_factors,model_version,scored_at"

/* Appends one cell, guarded against formulas and quoted as needed. */
int export_csv_cell(struct strbuf *sb, const char *s);

/* Writes sb whole to f; 0, or -1 after a message naming `name`. */
int export_write_all(FILE *f, const struct strbuf *sb, const char *name);

struct export_options {
	const char *path;       /* target file; "-" writes to standard output */
	int64_t since;          /* with has_since: rows whose scores.changed_at >= since */
	int has_since;
	int incremental;        /* since = just after the last recorded export */
	int force;              /* replace a target even by a file with fewer rows */
	int per_contact;        /* one row per contact: its newest scored dialogue */
	const char *floor_path; /* NULL, or a file (the latest link) whose rows the
				 * new export must not fall below unless forced */
	long floor_allowance;   /* rows it may fall below floor_path's: the
				 * dialogues retention dropped since (retention.h) */
};

struct export_result {
	long n_rows;
	long n_rows_before;     /* rows of the target it replaced, -1 when none */
	int64_t since;          /* the lower bound used, when has_since */
	int has_since;
};

/* Writes the export.  0, or -1 after an error message (the target and the
 * exports table untouched).  Not to be called inside a transaction. */
int export_run(sqlite3 *db, const struct export_options *o, struct export_result *r);

/* Counts the data rows (records after the header) of a CSV file, honouring
 * quoted line breaks.  Returns the count, -1 when the file does not exist,
 * -2 after an error message. */
long export_count_rows(const char *path);

#endif
