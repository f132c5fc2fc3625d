/* outcome.h — the lead-quality label of every dialogue (formats.md section 4)
 * and the customer context the features need (the customer of a dialogue and
 * how many earlier dialogues that customer had).
 *
 * A dialogue is QUALIFIED when, within `window` seconds after it started, a
 * deal of the same customer was moved to qualified, proposal, negotiation or
 * won by someone other than the bot, at or after the start.  It is NOT
 * QUALIFIED once the window has passed with no such move, or earlier as soon
 * as every deal of the customer opened since the dialogue (its first stage
 * change at or after the start) has been moved to lost, at least one such
 * deal existing.  Otherwise it is UNLABELED: scored, not learned from.
 *
 * Decisions the text leaves open:
 *  - changed_by is compared case-insensitively and trimmed; "bot" is the bot.
 *    An empty changed_by counts as a person: the column is optional in the
 *    CRM export, and a file without it must still be able to qualify leads.
 *  - Only what was known at `as_of` counts: stage changes dated after it are
 *    ignored, so a run with the same as-of gives the same labels.
 *  - A dialogue with no start time cannot be placed in time: unlabeled.
 *  - Anonymous (has_contact = 0 and no customer) is never labeled; a dialogue
 *    with a contact but no known customer has no deals, so it becomes not
 *    qualified once its window has passed.
 *  - A deal finds its customer through identifiers of kind 'deal' (merged
 *    identity), a dialogue through identifiers of kind 'dialogue'.
 *
 * Ownership: an outcome_set owns its strings and arrays; outcome_set_release()
 * frees them. */
#ifndef LEADQA_OUTCOME_H
#define LEADQA_OUTCOME_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#define OUTCOME_DEFAULT_WINDOW_DAYS 30

enum lead_label {
	LABEL_NOT_QUALIFIED = 0,
	LABEL_QUALIFIED = 1,
	LABEL_UNLABELED = 2,     /* window still open, nothing decided (or no start) */
	LABEL_ANONYMOUS = 3      /* never labeled */
};
/* "not-qualified", "qualified", "unlabeled", "anonymous" */
const char *lead_label_name(enum lead_label l);

struct outcome_settings {
	int64_t window;          /* seconds; default 30 days */
	int64_t as_of;           /* the moment of judgement (epoch seconds) */
};
/* Defaults: 30 days, as_of = now_epoch() (which honours $LEADQA_NOW). */
void outcome_settings_init(struct outcome_settings *s);

struct outcome {
	char *dialogue_id;
	int64_t started;
	int has_started;
	int64_t customer;        /* 0 = no customer */
	int has_contact;
	int prior_contacts;      /* earlier dialogues of the same customer */
	enum lead_label label;
};

/* Every dialogue of the database, in id order. */
struct outcome_set {
	struct outcome *items;
	size_t n, alloc;
	size_t n_pos, n_neg, n_unlabeled, n_anonymous;
};

/* Calls fn(o, ctx) for every dialogue with its label, customer and prior
 * contacts: the customers' dialogues one customer at a time (in customer
 * order), then those of no customer.  Memory is that of the largest
 * customer, not of the database, so that a night's counts and figures do
 * not grow with the history.  o and its strings live until fn returns.  A
 * non-zero return from fn stops the walk and is returned; else 0, or -1
 * after a database error message. */
typedef int (*outcome_fn)(const struct outcome *o, void *ctx);
int outcome_each(sqlite3 *db, const struct outcome_settings *s, outcome_fn fn, void *ctx);

/* The same for the dialogues started in [lo, hi) only, with their customer
 * and label (prior_contacts is left 0): the labels a night's figures need,
 * read through the start index and the customers of those dialogues, so
 * that their cost follows the range, not the history. */
int outcome_each_started(sqlite3 *db, const struct outcome_settings *s, int64_t lo, int64_t hi,
			 outcome_fn fn, void *ctx);
/* Labels every dialogue, kept in memory in id order (training's need).
 * 0, or -1 after a database error message. */
int outcome_label_all(sqlite3 *db, const struct outcome_settings *s, struct outcome_set *out);

/* The prior contacts of each dialogue (as outcome_each counts them) from
 * the database, for scoring, which must not hold every dialogue in memory:
 * one window query, sorted by id when the reader is opened (about 2 s per
 * million dialogues), then read beside a dialogue cursor, with no query
 * per dialogue. */
struct prior_reader;
struct prior_reader *prior_reader_open(sqlite3 *db);
/* Earlier dialogues of the customer of dialogue_id; 0 without a customer or
 * a start; -1 after a database error message.  Ids must come in
 * non-decreasing order (SQLite's binary order, as ORDER BY id gives them). */
int prior_reader_get(struct prior_reader *pr, const char *dialogue_id);
void prior_reader_close(struct prior_reader *pr);   /* accepts NULL */
/* The entry of a dialogue (binary search: the set is in id order); NULL when absent. */
const struct outcome *outcome_find(const struct outcome_set *set, const char *dialogue_id);
void outcome_set_release(struct outcome_set *set);

/* Survivorship.  "Qualified" is known as soon as a manager moves a deal,
 * "not qualified" mostly only when the window closes; so among dialogues
 * whose window is still open, the labeled ones are mostly wins, and a model
 * that learned from them would overrate every lead (in a new deployment,
 * wildly).  Training therefore learns only from outcomes that were free to
 * go either way: labeled dialogues whose window had closed at as_of. */
int outcome_window_closed(const struct outcome *o, const struct outcome_settings *s);

/* What outcome_hold_back_recent() left out. */
struct outcome_held_back {
	size_t n, n_pos, n_neg;  /* labeled, window open: all, qualified, not */
};
/* Turns every labeled dialogue of set whose window is still open into
 * UNLABELED (set's counts follow) and counts them into *out. */
void outcome_hold_back_recent(struct outcome_set *set, const struct outcome_settings *s,
			      struct outcome_held_back *out);

/* One customer's stage changes, for the rule itself (exposed for tests). */
struct deal_move {
	const char *deal_id;
	const char *stage;
	const char *changed_by;
	int64_t changed_at;
};
/* Applies section 4 to one dialogue started at `started` given every stage
 * change of its customer (any order). */
enum lead_label outcome_judge(int64_t started, const struct deal_move *moves, size_t n,
			      const struct outcome_settings *s);

#endif
