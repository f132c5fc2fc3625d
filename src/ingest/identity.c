/* identity.c — normalising e-mails and phones, and keeping one customer per
 * person in the customers / identifiers / merges tables (formats.md §3).
 *
 * A customer is the set of identifiers sharing a customer_id.  Resolving a
 * record looks up each of its identifiers; when they name several customers,
 * all are merged into the smallest id (identifiers are re-pointed, the
 * absorbed customers deleted, each merge logged with the identifier that
 * joined them).  Because every record unions everything it names, the final
 * partition does not depend on the order in which records arrive. */
#include "compat.h"
#include "identity.h"
#include "db.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>

/* Longest identifier kept (bytes); longer values are not identifiers. */
#define IDENT_MAX 512

/* Most identifiers a record names: crm, email, phone, deal, dialogue. */
#define MAX_KEYS 5

struct identity {
	sqlite3 *db;
	/* [n]: n keys looked up / n identifiers added in one statement (made when
	 * first needed): a record costs one step for its lookups and one for its
	 * new identifiers, not one per key, which was a third of the storing
	 * thread's time at ingest */
	sqlite3_stmt *lookup_n[MAX_KEYS + 1];
	sqlite3_stmt *add_n[MAX_KEYS + 1];
	sqlite3_stmt *new_customer;
	sqlite3_stmt *move_idents;
	sqlite3_stmt *drop_customer;
	sqlite3_stmt *log_merge;
	sqlite3_stmt *card;
};

/* Narrows [*start, *end) of s to exclude leading and trailing blanks. */
static void trim_span(const char *str, size_t *start, size_t *end)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k;
	while (*start < *end && (k = blank_len(s + *start, *end - *start)) > 0)
		*start += k;
	while (*end > *start && (k = blank_len_back(s + *start, *end - *start)) > 0)
		*end -= k;
}

static size_t put_empty(char *out, size_t outsz)
{
	if (outsz)
		out[0] = '\0';
	return 0;
}

size_t norm_id(const char *in, char *out, size_t outsz)
{
	size_t start = 0, end;
	if (!in || !outsz)
		return put_empty(out, outsz);
	end = strlen(in);
	trim_span(in, &start, &end);
	if (end - start + 1 > outsz)
		return put_empty(out, outsz);
	memcpy(out, in + start, end - start);
	out[end - start] = '\0';
	return end - start;
}

/* An e-mail is one '@' with text on both sides, no blanks or control
 * characters inside, and valid UTF-8. */
static int email_shape_ok(const char *s, size_t n)
{
	size_t at = n, n_at = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || c == ',' || c == ';' || c == '<' || c == '>')
			return 0;
		if (blank_len((const unsigned char *)s + i, n - i))
			return 0;
		if (c == '@') {
			n_at++;
			at = i;
		}
	}
	return n_at == 1 && at > 0 && at + 1 < n && utf8_valid(s, n, NULL);
}

static int all_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

size_t norm_email(const char *in, char *out, size_t outsz)
{
	size_t start = 0, end, n;
	if (!in || !outsz)
		return put_empty(out, outsz);
	end = strlen(in);
	trim_span(in, &start, &end);
	if (end - start >= 7 && strncasecmp(in + start, "mailto:", 7) == 0) {
		start += 7;
		trim_span(in, &start, &end);
	}
	if (end - start >= 2 && in[start] == '<' && in[end - 1] == '>') {
		start++;
		end--;
		trim_span(in, &start, &end);
	}
	n = end - start;
	if (!email_shape_ok(in + start, n) || n + 1 > outsz)
		return put_empty(out, outsz);
	if (all_ascii(in + start, n)) {
		for (size_t i = 0; i < n; i++) {
			char c = in[start + i];
			out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		}
		out[n] = '\0';
		return n;
	} else {
		size_t len = outsz - 1;
		uint8_t *r = u8_tolower((const uint8_t *)in + start, n, NULL, NULL,
					(uint8_t *)out, &len);
		if (!r)
			return put_empty(out, outsz);
		if (r != (uint8_t *)out) {  /* did not fit: allocated */
			free(r);
			return put_empty(out, outsz);
		}
		out[len] = '\0';
		return len;
	}
}

/* Where a phone number's digits stop: an extension ("доб. 12", "ext 5",
 * "x12", "#3") or a second number ("..., 8 800 ...", "... / ..."). */
static int phone_stops_at(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '#' || c == ',' || c == ';' || c == '/' ||
	       c == 0xd0 || c == 0xd1;     /* lead bytes of Cyrillic letters */
}

size_t norm_phone(const char *in, char *out, size_t outsz)
{
	char d[40];
	size_t n = 0, off = 0;
	int plus = 0, overflow = 0;
	if (!in || !outsz)
		return put_empty(out, outsz);
	for (const unsigned char *s = (const unsigned char *)in; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (n < sizeof(d))
				d[n++] = (char)*s;
			else
				overflow = 1;
		} else if (n == 0 && *s == '+') {
			plus = 1;
		} else if (n > 0 && phone_stops_at(*s)) {
			break;
		}
	}
	/* International access prefixes: 00 everywhere, 8 10 from Russia. */
	if (n > 2 && d[0] == '0' && d[1] == '0') {
		off = 2;
		plus = 1;
	} else if (!plus && n > 11 && d[0] == '8' && d[1] == '1' && d[2] == '0') {
		off = 3;
		plus = 1;
	}
	n -= off;
	if (overflow || n < 5 || n > 15)
		return put_empty(out, outsz);
	if (!plus && n == 11 && d[off] == '8') {
		d[off] = '7';
	} else if (!plus && n == 10 && d[off] == '9') {
		/* A Russian mobile written without its country code. */
		if (n + 2 > outsz)
			return put_empty(out, outsz);
		out[0] = '7';
		memcpy(out + 1, d + off, n);
		out[n + 1] = '\0';
		return n + 1;
	}
	if (n + 1 > outsz)
		return put_empty(out, outsz);
	memcpy(out, d + off, n);
	out[n] = '\0';
	return n;
}

struct identity *identity_open(sqlite3 *db)
{
	struct identity *id = xcalloc(1, sizeof(*id));
	id->db = db;
	if (!(id->new_customer = db_prepare(db, "INSERT INTO customers(created_at) VALUES(?)")) ||
	    /* OR FAIL: an UPDATE of many rows that could ABORT keeps a
	     * statement journal, a copy of every page it touches; it cannot
	     * fail but on a database error, which loses the file's whole
	     * transaction anyway. */
	    !(id->move_idents = db_prepare(db,
			"UPDATE OR FAIL identifiers SET customer_id = ? WHERE customer_id = ?")) ||
	    !(id->drop_customer = db_prepare(db, "DELETE FROM customers WHERE id = ?")) ||
	    !(id->log_merge = db_prepare(db,
			"INSERT INTO merges(kept, absorbed, via_kind, via_value, at) "
			"VALUES(?, ?, ?, ?, ?)")) ||
	    !(id->card = db_prepare(db,
			"SELECT min(value) FROM identifiers WHERE customer_id = ? AND kind = ?"))) {
		identity_close(id);
		return NULL;
	}
	return id;
}

void identity_close(struct identity *id)
{
	if (!id)
		return;
	for (int n = MAX_KEYS; n > 0; n--) {
		sqlite3_finalize(id->add_n[n]);
		sqlite3_finalize(id->lookup_n[n]);
	}
	sqlite3_finalize(id->card);
	sqlite3_finalize(id->log_merge);
	sqlite3_finalize(id->drop_customer);
	sqlite3_finalize(id->move_idents);
	sqlite3_finalize(id->new_customer);
	free(id);
}

struct resolve_key {
	const char *kind;
	char value[IDENT_MAX];
	int64_t customer;      /* found under, 0 when new */
};

/* Normalises the record's keys into k[]; returns how many are present. */
static int collect_keys(const struct identity_keys *keys, struct resolve_key *k)
{
	int n = 0;
	k[n].kind = "crm";
	if (norm_id(keys->crm_id, k[n].value, sizeof(k[n].value)))
		n++;
	k[n].kind = "email";
	if (norm_email(keys->email, k[n].value, sizeof(k[n].value)))
		n++;
	k[n].kind = "phone";
	if (norm_phone(keys->phone, k[n].value, sizeof(k[n].value)))
		n++;
	k[n].kind = "deal";
	if (norm_id(keys->deal_id, k[n].value, sizeof(k[n].value)))
		n++;
	k[n].kind = "dialogue";
	if (norm_id(keys->dialogue_id, k[n].value, sizeof(k[n].value)))
		n++;
	return n;
}

static int64_t create_customer(struct identity *id, int64_t at)
{
	sqlite3_bind_int64(id->new_customer, 1, at);
	if (db_step_done(id->db, id->new_customer))
		return -1;
	return sqlite3_last_insert_rowid(id->db);
}

/* Moves every identifier of `absorbed` to `kept`, deletes the absorbed
 * customer and logs the merge with the identifier that joined them. */
static int merge_into(struct identity *id, int64_t kept, int64_t absorbed,
		      const struct resolve_key *via, int64_t at)
{
	sqlite3_bind_int64(id->move_idents, 1, kept);
	sqlite3_bind_int64(id->move_idents, 2, absorbed);
	if (db_step_done(id->db, id->move_idents))
		return -1;
	sqlite3_bind_int64(id->drop_customer, 1, absorbed);
	if (db_step_done(id->db, id->drop_customer))
		return -1;
	sqlite3_bind_int64(id->log_merge, 1, kept);
	sqlite3_bind_int64(id->log_merge, 2, absorbed);
	sqlite3_bind_text(id->log_merge, 3, via->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(id->log_merge, 4, via->value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(id->log_merge, 5, at);
	return db_step_done(id->db, id->log_merge);
}

/* "SELECT 0, customer_id ... WHERE kind = ?1 AND value = ?2 UNION ALL SELECT 1, ..." */
static sqlite3_stmt *lookup_stmt(struct identity *id, int n)
{
	struct strbuf sql = STRBUF_INIT;
	if (id->lookup_n[n])
		return id->lookup_n[n];
	for (int i = 0; i < n; i++)
		strbuf_addf(&sql, "%sSELECT %d, customer_id FROM identifiers"
			    " WHERE kind = ?%d AND value = ?%d", i ? " UNION ALL " : "", i,
			    2 * i + 1, 2 * i + 2);
	id->lookup_n[n] = db_prepare(id->db, sql.buf);
	strbuf_release(&sql);
	return id->lookup_n[n];
}

/* Fills k[i].customer for the n keys (0 when unknown); 0 or -1. */
static int look_up_keys(struct identity *id, struct resolve_key *k, int n)
{
	sqlite3_stmt *st = lookup_stmt(id, n);
	int rc;
	if (!st)
		return -1;
	for (int i = 0; i < n; i++) {
		k[i].customer = 0;
		sqlite3_bind_text(st, 2 * i + 1, k[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2 * i + 2, k[i].value, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i = sqlite3_column_int(st, 0);
		if (i >= 0 && i < n)
			k[i].customer = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(id->db));
	return 0;
}

/* Adds, in one statement, the keys no customer had yet (customer 0). */
static int add_new_keys(struct identity *id, const struct resolve_key *k, int n,
			int64_t customer, int64_t at)
{
	sqlite3_stmt *st;
	int m = 0, b = 0;
	for (int i = 0; i < n; i++)
		m += k[i].customer == 0;
	if (m == 0)
		return 0;
	st = db_prepare_rows(id->db, id->add_n, m, "INSERT OR IGNORE INTO identifiers(kind, value,"
			     " customer_id, first_seen)", 4);
	if (!st)
		return -1;
	for (int i = 0; i < n; i++) {
		if (k[i].customer != 0)
			continue;
		sqlite3_bind_text(st, ++b, k[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, ++b, k[i].value, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, ++b, customer);
		sqlite3_bind_int64(st, ++b, at);
	}
	return db_step_done(id->db, st);
}

int64_t identity_customer_of(struct identity *id, const char *kind, const char *value)
{
	struct resolve_key k;
	size_t n = value ? strlen(value) : 0;
	/* longer values are never stored as identifiers */
	if (n == 0 || n >= sizeof(k.value))
		return 0;
	k.kind = kind;
	memcpy(k.value, value, n + 1);
	return look_up_keys(id, &k, 1) ? -1 : k.customer;
}

int64_t identity_resolve(struct identity *id, const struct identity_keys *keys, int64_t at)
{
	struct resolve_key k[MAX_KEYS];
	int n = collect_keys(keys, k);
	int64_t kept = 0;
	if (n == 0)
		return 0;
	if (look_up_keys(id, k, n))
		return -1;
	for (int i = 0; i < n; i++)
		if (k[i].customer > 0 && (kept == 0 || k[i].customer < kept))
			kept = k[i].customer;
	if (kept == 0) {
		/* An anonymous visitor's dialogue joins nobody until a deal or
		 * a contact names it. */
		if (n == 1 && strcmp(k[0].kind, "dialogue") == 0)
			return 0;
		if ((kept = create_customer(id, at)) < 0)
			return -1;
	}
	for (int i = 0; i < n; i++) {
		int64_t absorbed = k[i].customer;
		if (absorbed == 0 || absorbed == kept)
			continue;
		if (merge_into(id, kept, absorbed, &k[i], at))
			return -1;
		/* Later keys of the same absorbed customer are now kept's. */
		for (int j = i; j < n; j++)
			if (k[j].customer == absorbed)
				k[j].customer = kept;
	}
	if (add_new_keys(id, k, n, kept, at))
		return -1;
	return kept;
}

static int card_value(struct identity *id, int64_t customer, const char *kind,
		      char *out, size_t outsz)
{
	int rc;
	if (!out || !outsz)
		return 0;
	out[0] = '\0';
	sqlite3_bind_int64(id->card, 1, customer);
	sqlite3_bind_text(id->card, 2, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(id->card);
	if (rc == SQLITE_ROW)
		snprintf(out, outsz, "%s", db_col_text(id->card, 0));
	sqlite3_reset(id->card);
	sqlite3_clear_bindings(id->card);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(id->db));
	return 0;
}

int identity_card(struct identity *id, int64_t customer, char *crm, size_t crmsz,
		  char *email, size_t emailsz, char *phone, size_t phonesz)
{
	if (card_value(id, customer, "crm", crm, crmsz) ||
	    card_value(id, customer, "email", email, emailsz) ||
	    card_value(id, customer, "phone", phone, phonesz))
		return -1;
	return 0;
}

int identity_stats(sqlite3 *db, struct identity_stats *st)
{
	sqlite3_stmt *q = NULL;
	int rc, ret = -1;
	memset(st, 0, sizeof(*st));
	if ((st->customers = db_query_int(db, "SELECT count(*) FROM customers")) < 0 ||
	    (st->identifiers = db_query_int(db, "SELECT count(*) FROM identifiers")) < 0)
		goto out;
	q = db_prepare(db, "SELECT via_kind, count(*) FROM merges GROUP BY via_kind");
	if (!q)
		goto out;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *kind = db_col_text(q, 0);
		int64_t count = sqlite3_column_int64(q, 1);
		st->merges += count;
		if (!strcmp(kind, "crm"))
			st->merges_by_crm = count;
		else if (!strcmp(kind, "email"))
			st->merges_by_email = count;
		else if (!strcmp(kind, "phone"))
			st->merges_by_phone = count;
		else if (!strcmp(kind, "deal"))
			st->merges_by_deal = count;
		else if (!strcmp(kind, "dialogue"))
			st->merges_by_dialogue = count;
	}
	if (rc != SQLITE_DONE) {
		error("database: %s", sqlite3_errmsg(db));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(q);
	return ret;
}
