/* identity.h — one customer, one card (formats.md section 3).
 *
 * Owns the normalisation of e-mails and phones and the customers /
 * identifiers / merges tables.  A customer is the set of identifiers that
 * share a customer_id; identifiers of kinds crm, email, phone, deal and
 * dialogue.  Every record that names several identifiers at once (a
 * dialogue's contact, a deal row) joins them; joining two existing customers
 * merges them (transitively, union-find style, the lower id kept) and the
 * merge is recorded with the identifier that caused it.  Nothing is ever
 * matched on a name. */
#ifndef LEADQA_IDENTITY_H
#define LEADQA_IDENTITY_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* Trimmed, lower-cased e-mail into out; "" when the input is not an e-mail
 * (no '@', spaces inside).  Returns the length written. */
size_t norm_email(const char *in, char *out, size_t outsz);
/* Digits only; a Russian 11-digit number starting with 8 becomes 7..., and a
 * bare 10-digit Russian mobile (9xx...) gets its 7.  "" when fewer than 5
 * digits.  Returns the length written.
 * Also: the digits stop at an extension or a second number ("доб. 12",
 * "ext 5", "x5", "#5", ", ", "/"); an international prefix (00, or 8 10) is
 * dropped; a number written with '+' or 00 is never taken for a Russian one.
 * Since the '+' is not kept, a foreign number that looks Russian without it
 * (+852 8...) would change if normalised again: give identity_resolve() the
 * phone as written. */
size_t norm_phone(const char *in, char *out, size_t outsz);

/* An identifier as stored: trimmed of spaces, tabs and no-break spaces, case
 * kept; "" when empty or longer than outsz allows.  Used for crm, deal and
 * dialogue ids.  Returns the length written. */
size_t norm_id(const char *in, char *out, size_t outsz);

/* Raw identifiers of one record; NULL or "" = absent.  Normalised inside. */
struct identity_keys {
	const char *crm_id;
	const char *email;
	const char *phone;
	const char *deal_id;
	const char *dialogue_id;
};

struct identity;   /* prepared statements over one database handle */
struct identity *identity_open(sqlite3 *db);
void identity_close(struct identity *id);     /* accepts NULL */

/* Finds or creates the customer that the keys name, merging customers the
 * keys join.  A dialogue id alone (an anonymous visitor) creates no customer
 * unless a deal already named that dialogue.  Returns the customer id, 0 when
 * the record names nobody, -1 on a database error.  `at` is the record's time
 * (first_seen, merges.at).  Call inside the caller's transaction. */
int64_t identity_resolve(struct identity *id, const struct identity_keys *keys, int64_t at);

/* The customer of one identifier (kind: "crm", "email", "phone", "deal",
 * "dialogue"; value normalised), 0 when unknown, -1 on error. */
int64_t identity_customer_of(struct identity *id, const char *kind, const char *value);

/* The first crm id / e-mail / phone of a customer (smallest value), for the
 * export; writes "" when it has none.  0 or -1. */
int identity_card(struct identity *id, int64_t customer, char *crm, size_t crmsz,
		  char *email, size_t emailsz, char *phone, size_t phonesz);

/* Counts for the report: customers, identifiers, and merges by the kind of
 * the identifier that joined the two customers. */
struct identity_stats {
	int64_t customers;
	int64_t identifiers;
	int64_t merges;
	int64_t merges_by_crm, merges_by_email, merges_by_phone;
	int64_t merges_by_deal, merges_by_dialogue;
};
/* Fills *st from the database (no identity handle needed).  0 or -1. */
int identity_stats(sqlite3 *db, struct identity_stats *st);

#endif
