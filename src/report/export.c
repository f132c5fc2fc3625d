/* export.c — the lead-score CSV, written aside and renamed. */
#include "compat.h"
#include "export.h"
#include "db.h"
#include "safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* s with every byte that does not begin a valid UTF-8 character replaced by
 * U+FFFD: one bad cell would make a strict importer refuse the whole file. */
static char *utf8_repaired_dup(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s), at = 0, bad;
	while (!utf8_valid(s + at, n - at, &bad)) {
		strbuf_add(&sb, s + at, bad);
		strbuf_adds(&sb, "\xef\xbf\xbd");
		at += bad + 1;
	}
	strbuf_adds(&sb, s + at);
	return strbuf_detach(&sb);
}

int export_csv_cell(struct strbuf *sb, const char *s)
{
	if (!utf8_valid(s, strlen(s), NULL)) {
		char *fixed = utf8_repaired_dup(s);
		int rc = export_csv_cell(sb, fixed);
		free(fixed);
		return rc;
	}
	int guard = *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	int rc = 0;
	if (quote)
		rc |= strbuf_addch(sb, '"');
	if (guard)
		rc |= strbuf_addch(sb, '\'');
	if (!quote)
		return rc | strbuf_adds(sb, s);
	for (; *s; s++) {
		if (*s == '"')
			rc |= strbuf_addch(sb, '"');
		rc |= strbuf_addch(sb, *s);
	}
	return rc | strbuf_addch(sb, '"');
}

long export_count_rows(const char *path)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;
	long records = 0;
	int in_quotes = 0, line_open = 0;
	if (!f) {
		if (errno == ENOENT)
			return -1;
		error("cannot read '%s': %s", path, strerror(errno));
		return -2;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		for (size_t i = 0; i < n; i++) {
			if (buf[i] == '"')
				in_quotes = !in_quotes;
			if (buf[i] == '\n' && !in_quotes) {
				records++;
				line_open = 0;
			} else if (buf[i] != '\r') {
				line_open = 1;
			}
		}
	}
	if (ferror(f)) {
		error("cannot read '%s': %s", path, strerror(errno));
		fclose(f);
		return -2;
	}
	fclose(f);
	records += line_open;
	return records > 0 ? records - 1 : 0;
}

/* The customer's card comes from identifiers (the smallest value of a kind,
 * as identity_card() chooses); the dialogue's own e-mail and phone win. */
static const char export_sql[] =
	"SELECT s.dialogue_id, d.crm_id, d.email, d.phone,"
	" (SELECT min(i.value) FROM identifiers i WHERE i.customer_id = c.customer_id AND i.kind = 'crm'),"
	" (SELECT min(i.value) FROM identifiers i WHERE i.customer_id = c.customer_id AND i.kind = 'email'),"
	" (SELECT min(i.value) FROM identifiers i WHERE i.customer_id = c.customer_id AND i.kind = 'phone'),"
	" s.lead_score, s.lead_grade, s.premature, s.missed, s.top_factors, s.model_version, s.scored_at"
	" FROM scores s JOIN dialogues d ON d.id = s.dialogue_id"
	" LEFT JOIN identifiers c ON c.kind = 'dialogue' AND c.value = s.dialogue_id"
	" WHERE (d.has_contact = 1 OR c.customer_id IS NOT NULL) AND s.changed_at >= ?1"
	" ORDER BY s.dialogue_id";

/* --per-contact: the same columns, one row per contact, its newest scored
 * dialogue (latest start; a dialogue without a start is older than any
 * with one; ties by the larger id).  A contact is a customer of the merged
 * identity, or a dialogue with a contact but no customer on its own.  The
 * newest is chosen before the --since bound applies, so that an older
 * dialogue scored again never stands in for a contact's current row. */
static const char export_per_contact_sql[] =
	"SELECT dialogue_id, crm_id, email, phone, card_crm, card_email, card_phone,"
	" lead_score, lead_grade, premature, missed, top_factors, model_version, scored_at"
	" FROM (SELECT s.dialogue_id, d.crm_id, d.email, d.phone,"
	" (SELECT min(i.value) FROM identifiers i WHERE i.customer_id = c.customer_id AND i.kind = 'crm') AS card_crm,"
	" (SELECT min(i.value) FROM identifiers i WHERE i.customer_id = c.customer_id AND i.kind = 'email') AS card_email,"
	" (SELECT min(i.value) FROM identifiers i WHERE i.customer_id = c.customer_id AND i.kind = 'phone') AS card_phone,"
	" s.lead_score, s.lead_grade, s.premature, s.missed, s.top_factors, s.model_version, s.scored_at,"
	" s.changed_at,"
	" row_number() OVER (PARTITION BY CASE WHEN c.customer_id IS NULL THEN 'd' || s.dialogue_id"
	" ELSE 'c' || c.customer_id END ORDER BY d.started IS NULL, d.started DESC, s.dialogue_id DESC) AS newest"
	" FROM scores s JOIN dialogues d ON d.id = s.dialogue_id"
	" LEFT JOIN identifiers c ON c.kind = 'dialogue' AND c.value = s.dialogue_id"
	" WHERE (d.has_contact = 1 OR c.customer_id IS NOT NULL))"
	" WHERE newest = 1 AND changed_at >= ?1"
	" ORDER BY dialogue_id";

static const char *first_nonempty(const char *a, const char *b)
{
	return *a ? a : b;
}

static int format_row(sqlite3_stmt *st, struct strbuf *row)
{
	char when[21];
	int rc = 0;
	strbuf_reset(row);
	rc |= export_csv_cell(row, first_nonempty(db_col_text(st, 4), db_col_text(st, 1)));
	rc |= strbuf_addch(row, ',');
	rc |= export_csv_cell(row, first_nonempty(db_col_text(st, 2), db_col_text(st, 5)));
	rc |= strbuf_addch(row, ',');
	rc |= export_csv_cell(row, first_nonempty(db_col_text(st, 3), db_col_text(st, 6)));
	rc |= strbuf_addch(row, ',');
	rc |= export_csv_cell(row, db_col_text(st, 0));
	rc |= strbuf_addch(row, ',');
	if (sqlite3_column_type(st, 7) != SQLITE_NULL)
		rc |= strbuf_addf(row, "%lld", (long long)sqlite3_column_int64(st, 7));
	rc |= strbuf_addch(row, ',');
	rc |= export_csv_cell(row, db_col_text(st, 8));
	rc |= strbuf_adds(row, sqlite3_column_int(st, 9) ? ",yes" : ",no");
	rc |= strbuf_adds(row, sqlite3_column_int(st, 10) ? ",yes," : ",no,");
	rc |= export_csv_cell(row, db_col_text(st, 11));
	rc |= strbuf_addch(row, ',');
	rc |= export_csv_cell(row, db_col_text(st, 12));
	format_time(sqlite3_column_int64(st, 13), when);
	rc |= strbuf_addch(row, ',');
	rc |= export_csv_cell(row, when);
	rc |= strbuf_adds(row, "\r\n");
	return rc;
}

int export_write_all(FILE *f, const struct strbuf *sb, const char *name)
{
	if (fwrite(sb->buf, 1, sb->len, f) != sb->len)
		return error("cannot write '%s': %s", name, strerror(errno));
	return 0;
}

/* Streams the rows into f; the number written, or -1. */
static long write_rows(sqlite3 *db, FILE *f, const char *name, int64_t since, int per_contact)
{
	sqlite3_stmt *st = db_prepare(db, per_contact ? export_per_contact_sql : export_sql);
	struct strbuf row = STRBUF_INIT;
	long n = 0;
	int rc;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	strbuf_adds(&row, EXPORT_HEADER "\r\n");
	if (export_write_all(f, &row, name))
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (format_row(st, &row)) {
			error("cannot format the row of dialogue '%s'", db_col_text(st, 0));
			goto fail;
		}
		if (export_write_all(f, &row, name))
			goto fail;
		n++;
	}
	if (rc != SQLITE_DONE) {
		error("database: %s", sqlite3_errmsg(db));
		goto fail;
	}
	sqlite3_finalize(st);
	strbuf_release(&row);
	return n;
fail:
	sqlite3_finalize(st);
	strbuf_release(&row);
	return -1;
}

/* The lower bound of an incremental export: just after the last one. */
static int last_export_bound(sqlite3 *db, int64_t *since)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT max(written_at) FROM exports");
	int rc;
	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return error("database: %s", sqlite3_errmsg(db));
	}
	*since = sqlite3_column_type(st, 0) == SQLITE_NULL ? INT64_MIN
		 : sqlite3_column_int64(st, 0) + 1;
	sqlite3_finalize(st);
	return 0;
}

static int record_export(sqlite3 *db, const char *path, const struct export_result *r)
{
	sqlite3_stmt *st = db_prepare(db,
		"INSERT INTO exports(path, written_at, n_rows, since) VALUES(?, ?, ?, ?)");
	int rc;
	if (!st)
		return -1;
	db_bind_text(st, 1, path);
	sqlite3_bind_int64(st, 2, now_epoch());
	sqlite3_bind_int64(st, 3, r->n_rows);
	db_bind_opt_int(st, 4, r->since, r->has_since && r->since != INT64_MIN);
	rc = db_step_done(db, st);
	sqlite3_finalize(st);
	return rc;
}

static int flush_to_disk(FILE *f, const char *name)
{
	if (fflush(f) || ferror(f) || fsync(fileno(f)))
		return error("cannot write '%s': %s", name, strerror(errno));
	return 0;
}

/* Refuses to replace a file by one with fewer rows, unless forced. */
static int check_not_shrinking(const char *path, const struct export_options *o,
			       struct export_result *r)
{
	long before = export_count_rows(path), floor = -1;
	if (before == -2)
		return -1;
	r->n_rows_before = before;
	if (before > r->n_rows && !o->force)
		return error("'%s' holds %ld rows, the new export only %ld: not replaced "
			     "(use --force to replace it)", path, before, r->n_rows);
	/* The file the CRM is pointed at counts too, whatever its name. */
	if (o->floor_path && (floor = export_count_rows(o->floor_path)) == -2)
		return -1;
	if (floor - o->floor_allowance > r->n_rows && !o->force)
		return error("'%s' holds %ld rows, the new export only %ld: not written "
			     "(use --force to replace it)", o->floor_path, floor, r->n_rows);
	return 0;
}

static int export_to_stdout(sqlite3 *db, const struct export_options *o, struct export_result *r)
{
	long n = write_rows(db, stdout, "standard output", r->has_since ? r->since : INT64_MIN,
			    o->per_contact);
	if (db_exec(db, "COMMIT") || n < 0)
		return -1;
	if (fflush(stdout) || ferror(stdout))
		return error("cannot write to standard output");
	r->n_rows = n;
	return record_export(db, o->path, r);
}

int export_run(sqlite3 *db, const struct export_options *o, struct export_result *r)
{
	struct strbuf tmp = STRBUF_INIT;
	FILE *f = NULL;
	long n;
	int fd, ret = -1, reading = 0, recording = 0;
	memset(r, 0, sizeof(*r));
	r->n_rows_before = -1;
	r->since = o->since;
	r->has_since = o->has_since;
	/* One snapshot for the bound and every row: a night scoring meanwhile
	 * is seen before or after, never half-way. */
	if (db_exec(db, "BEGIN"))
		return -1;
	reading = 1;
	if (o->incremental) {
		if (last_export_bound(db, &r->since))
			goto out;
		r->has_since = 1;
	}
	if (!strcmp(o->path, "-")) {
		reading = 0;
		ret = export_to_stdout(db, o, r);
		if (ret)
			db_rollback(db);
		goto out;
	}

	fd = safe_tmpfile(o->path, &tmp);
	if (fd < 0)
		goto out;
	if (!(f = fdopen(fd, "wb"))) {
		error("cannot write '%s': %s", tmp.buf, strerror(errno));
		close(fd);
		goto out;
	}
	n = write_rows(db, f, tmp.buf, r->has_since ? r->since : INT64_MIN, o->per_contact);
	if (n < 0 || flush_to_disk(f, tmp.buf))
		goto out;
	reading = 0;
	if (db_exec(db, "COMMIT"))
		goto out;
	r->n_rows = n;
	if (check_not_shrinking(o->path, o, r))
		goto out;
	if (fclose(f)) {
		f = NULL;
		error("cannot write '%s': %s", tmp.buf, strerror(errno));
		goto out;
	}
	f = NULL;
	/* Recorded first, renamed second, committed last: a database that
	 * cannot take the record leaves the target as it was. */
	if (db_begin(db))
		goto out;
	recording = 1;
	if (record_export(db, o->path, r))
		goto out;
	if (rename(tmp.buf, o->path)) {
		error("cannot rename '%s' to '%s': %s", tmp.buf, o->path, strerror(errno));
		goto out;
	}
	recording = 0;
	safe_sync_parent(o->path);
	if (db_commit(db))
		error("'%s' is written but its export could not be recorded", o->path);
	else
		ret = 0;
out:
	if (reading || recording)
		db_rollback(db);
	if (f)
		fclose(f);
	if (ret && tmp.len)
		unlink(tmp.buf);
	strbuf_release(&tmp);
	return ret;
}
