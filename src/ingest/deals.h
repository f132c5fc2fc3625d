/* deals.h — reading the CRM's deal-history CSV (formats.md section 2).
 *
 * The reader takes the file's bytes in pieces of any size and calls back once
 * per data row with the row's values checked and normalised, or with the
 * reason the row must be skipped.  It knows the delimiter (',' or ';', told
 * from the header line), RFC 4180 quoting (delimiters, doubled quotes and
 * line breaks inside quotes), a UTF-8 byte order mark, CRLF or LF, and
 * columns in any order.  Every row carries the physical line it starts on.
 * deals_load() (ingest.h) stores the rows; the reader itself touches no
 * database, so it can be fed any bytes (tests, fuzzing).
 *
 * Strings in a struct deal_row are borrowed: valid only during the call. */
#ifndef LEADQA_DEALS_H
#define LEADQA_DEALS_H

#include <stddef.h>
#include <stdint.h>

struct deal_row {
	long line;                /* physical line (1-based) the row starts on */
	const char *problem;      /* non-NULL: skip the row, this says why */
	const char *deal_id;      /* trimmed */
	const char *contact_id;   /* trimmed; "" when absent */
	const char *email;        /* normalised; "" when absent or not an e-mail */
	const char *phone;        /* normalised digits; "" when absent or not a phone */
	const char *raw_email;    /* as written, trimmed, for identity_resolve() */
	const char *raw_phone;
	const char *stage;        /* new, qualified, proposal, negotiation, won or lost */
	int64_t changed_at;
	const char *changed_by;   /* trimmed; "" when absent */
	const char *dialogue_id;  /* trimmed; "" when absent */
	int has_amount;
	double amount;
	const char *bad_amount;   /* the amount as written when it could not be read */
};

/* Called for every data row, good or bad.  Returning -1 stops the reader. */
typedef int (*deal_row_fn)(const struct deal_row *row, void *arg);

struct deals_reader;

struct deals_reader *deals_reader_new(deal_row_fn fn, void *arg);
void deals_reader_free(struct deals_reader *r);     /* accepts NULL */
/* Parses more bytes.  0 to go on, -1 once the reader has stopped (the header
 * was rejected, the callback said stop, or the file broke off). */
int deals_reader_feed(struct deals_reader *r, const void *data, size_t n);
/* The input has ended.  0 when read to its end, 1 when it broke off (an
 * unterminated quote, an oversized field: the rows before stay), -1 when the
 * file is rejected (no header, a required column missing) or the callback
 * said stop.  deals_reader_message() then says why ("" when the callback
 * stopped it) and deals_reader_message_line() where. */
int deals_reader_finish(struct deals_reader *r);
const char *deals_reader_message(const struct deals_reader *r);
long deals_reader_message_line(const struct deals_reader *r);
/* The physical line being read now. */
long deals_reader_line(const struct deals_reader *r);
/* Rows passed to the callback so far (good and bad). */
long deals_reader_rows(const struct deals_reader *r);

/* The whole of a CSV in memory: feed + finish.  Returns as finish does; on
 * -1 or 1, *msg_line and msg (when given) say where and why. */
int deals_parse_buffer(const char *data, size_t n, deal_row_fn fn, void *arg,
		       long *msg_line, char *msg, size_t msgsz);

/* Reads a deal amount: "48 000,00", "120 000", "1,234.50", "1.234,50",
 * "1 234,5", no-break or narrow no-break spaces between thousands, an
 * optional sign and currency ("₽", "руб.", "$", "RUB"...).  A single ',' or
 * '.' is the decimal separator.  Returns 1 with *out set, 0 for an empty
 * text, -1 when it is not an amount. */
int parse_amount(const char *s, double *out);

#endif
