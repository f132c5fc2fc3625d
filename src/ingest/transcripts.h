/* transcripts.h — the streaming XML readers: transcripts (formats.md section
 * 1) and trainer labels (section 5), one record at a time.
 *
 * Both read through struct xml_input: a file, plain or gzip (zlib reads
 * plain files transparently), fed to libxml2's xmlTextReader by our own read
 * callbacks, so that the decompressed size is counted and capped and a broken
 * gzip stream is an error with the line reached.  The parser is locked down:
 * no network, no entity substitution, no DTD loading, libxml2's size and
 * amplification limits left on.  A record is handed out only once its end
 * tag was read, and its subtree is freed as the reader moves on, so memory
 * does not grow with the file.
 *
 * Problems inside a record (a bad timestamp, an unknown tag value, a skipped
 * record) go to the caller's problem callback with the line; the error that
 * stops a file is kept in the reader (xml_input_error()).  No function here
 * touches the database. */
#ifndef LEADQA_TRANSCRIPTS_H
#define LEADQA_TRANSCRIPTS_H

#include <stddef.h>
#include <stdint.h>
#include "dialogue.h"

struct _xmlTextReader;

/* Called for every problem found in the input; msg is borrowed. */
typedef void (*xml_problem_fn)(void *arg, long line, const char *msg);

struct xml_input_opts {
	uint64_t max_bytes;        /* decompressed bytes per file; 0 = unlimited */
	size_t max_turn_bytes;     /* turn text; 0 = unlimited */
	xml_problem_fn problem;    /* NULL: problems are printed only */
	void *arg;
	size_t max_turns;          /* turns per dialogue, more skip it; 0 = unlimited */
};

/* ---- the locked-down input ---- */

struct xml_input;
/* Opens a file; NULL after a message naming it. */
struct xml_input *xml_input_open(const char *path, const struct xml_input_opts *o);
/* Parses bytes in memory with the same options; name is used in messages. */
struct xml_input *xml_input_open_memory(const char *name, const void *buf, size_t n,
					const struct xml_input_opts *o);
void xml_input_close(struct xml_input *in);          /* accepts NULL */
/* The libxml2 reader, borrowed (for the readers here and the floor tool). */
struct _xmlTextReader *xml_input_reader(struct xml_input *in);
/* xmlTextReaderRead() that also routes libxml2's recoverable errors to the
 * problem callback: 1 = a node, 0 = end of input, -1 = the input broke off.
 * The parser reads ahead of the reader: when it stops, the nodes it had
 * built are still handed out, up to the element (at depth 1) that was open
 * when it stopped, so that every record complete before a break is read. */
int xml_input_read(struct xml_input *in);
/* xmlTextReaderNodeType() of the node xml_input_read() last handed out,
 * taken once when it was read (libxml2 scans a text node for blanks on
 * every call). */
int xml_input_type(const struct xml_input *in);
/* The message that stopped the input and its line; NULL when none. */
const char *xml_input_error(const struct xml_input *in, long *line);
/* Records the error that stops the input (the first one wins). */
void xml_input_fail(struct xml_input *in, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Reports a problem through the callback; returns -1. */
int xml_input_problem(struct xml_input *in, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Line of the current node (of the parser when it has none). */
long xml_input_line(struct xml_input *in);
/* Decompressed bytes read so far. */
uint64_t xml_input_bytes(const struct xml_input *in);
const char *xml_input_name(const struct xml_input *in);
const struct xml_input_opts *xml_input_options(const struct xml_input *in);

/* ---- transcripts ---- */

enum { TR_BROKEN = -1, TR_END = 0, TR_DIALOGUE = 1, TR_SKIPPED = 2 };

struct transcript_reader;
/* Takes ownership of in (closed by transcript_reader_close). */
struct transcript_reader *transcript_reader_new(struct xml_input *in);
/* Reads the next dialogue into d (cleared first; its arrays are reused).
 * TR_DIALOGUE: d holds a complete dialogue (its content hash not taken:
 * dialogue_compute_hash() is for who stores it); TR_SKIPPED: a complete dialogue
 * was skipped (the problem was reported); TR_END: the file ended well;
 * TR_BROKEN: the file broke off or is not a transcript file
 * (xml_input_error() says why). */
int transcript_reader_next(struct transcript_reader *r, struct dialogue *d);
/* @started of the last dialogue as written, NULL when absent (borrowed). */
const char *transcript_reader_started_text(const struct transcript_reader *r);
struct xml_input *transcript_reader_input(struct transcript_reader *r);
void transcript_reader_close(struct transcript_reader *r);   /* accepts NULL */

/* ---- trainer labels ---- */

struct label_turn {
	int n;
	char *tag;
};

struct label {
	char *dialogue_id, *trainer;
	int64_t at;
	int has_at;
	/* verdict values as written ("yes"/"no", "good"/"bad"); NULL = absent */
	char *premature, *missed, *lead_quality;
	struct label_turn *turns;
	size_t n_turns, alloc_turns;
	long line;
	int n_bad;      /* values named as bad: the whole <labeled> is skipped */
};

void label_init(struct label *l);
void label_clear(struct label *l);      /* keeps the turns array */
void label_release(struct label *l);

struct label_reader;
/* Takes ownership of in. */
struct label_reader *label_reader_new(struct xml_input *in);
/* Same results as transcript_reader_next(), with TR_DIALOGUE meaning a
 * complete <labeled> element in l. */
int label_reader_next(struct label_reader *r, struct label *l);
struct xml_input *label_reader_input(struct label_reader *r);
void label_reader_close(struct label_reader *r);   /* accepts NULL */

/* Is tag one of the turn tags of formats.md section 5? */
int label_tag_known(const char *tag);

#endif
