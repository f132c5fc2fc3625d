/* transcripts.c — the locked-down XML input over zlib, and the transcript
 * reader that assembles one struct dialogue at a time. */
#include "compat.h"
#include "transcripts.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <libxml/xmlreader.h>

/* No network, no entity substitution (NOENT), no DTD loading or default
 * attributes from it, never HUGE: libxml2's size and amplification limits
 * stay on.  BIG_LINES keeps line numbers right past 65535. */
#define XML_INPUT_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA)

#define GZ_BUFFER (256 * 1024)

struct xml_input {
	char *name;
	gzFile gz;
	struct xml_input_opts opts;
	uint64_t n_bytes;
	xmlTextReaderPtr reader;
	int io_failed;              /* our read callback refused: its message wins */
	char *err;                  /* the error that stopped the input */
	long err_line;
	char *pending;              /* a recoverable libxml2 error not reported yet */
	long pending_line;
	/* where the parser stood at its last error: the record element still
	 * open at depth 1 (NULL: none), when known */
	xmlNodePtr open_record;
	int open_known;
	/* the node and type last handed out, to resume there after a break */
	xmlNodePtr last_node;
	int last_type;
	uintptr_t last_stamp;       /* also written to last_node->_private */
	/* after a break: a walker over the tree the parser had built */
	xmlDocPtr broken_doc;
	xmlTextReaderPtr salvage;
	int salvage_tried;
	int salvage_hold;           /* the walker's current node is yet to be read */
};

static char *one_line(const char *msg)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = msg ? msg : "unknown error";
	while (*p == ' ')
		p++;
	for (; *p; p++) {
		if (*p == '\n' || *p == '\r') {
			if (p[1] && p[1] != '\n')
				strbuf_adds(&sb, "; ");
		} else {
			strbuf_addch(&sb, *p);
		}
	}
	while (sb.len && (sb.buf[sb.len - 1] == ' ' || sb.buf[sb.len - 1] == ';'))
		sb.buf[--sb.len] = '\0';
	return strbuf_detach(&sb);
}

void xml_input_fail(struct xml_input *in, long line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	char msg[1024];
	if (in->err)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strbuf_adds(&sb, msg);
	in->err = strbuf_detach(&sb);
	in->err_line = line;
}

int xml_input_problem(struct xml_input *in, long line, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (in->opts.problem)
		in->opts.problem(in->opts.arg, line, msg);
	else
		error_at(in->name, line, "%s", msg);
	return -1;
}

static void on_xml_error(void *arg, xmlErrorPtr e)
{
	struct xml_input *in = arg;
	char *msg;
	if (!e)
		return;
	msg = one_line(e->message);
	if (e->level != XML_ERR_WARNING && e->ctxt &&
	    (e->domain == XML_FROM_PARSER || e->domain == XML_FROM_NAMESPACE)) {
		xmlParserCtxtPtr ctxt = e->ctxt;
		in->open_record = ctxt->nodeNr >= 2 && ctxt->nodeTab ? ctxt->nodeTab[1] : NULL;
		in->open_known = 1;
	}
	if (e->level == XML_ERR_WARNING) {
		warning_at(in->name, e->line, "%s", msg);
		free(msg);
		return;
	}
	/* Held back: if the reader stops now, this is why; if it goes on,
	 * it was recoverable and is reported as a problem. */
	if (in->pending) {
		xml_input_problem(in, in->pending_line, "%s", in->pending);
		free(in->pending);
	}
	in->pending = msg;
	in->pending_line = e->line;
}

static void flush_pending(struct xml_input *in)
{
	if (!in->pending)
		return;
	xml_input_problem(in, in->pending_line, "%s", in->pending);
	free(in->pending);
	in->pending = NULL;
}

static int gz_read_cb(void *ctx, char *buf, int len)
{
	struct xml_input *in = ctx;
	int n, errnum = Z_OK;
	const char *zmsg;
	/* On trouble the parser is told the input ended (0, not -1): it then
	 * reports where it stood, which tells which records were complete. */
	if (in->io_failed)
		return 0;
	n = gzread(in->gz, buf, (unsigned)len);
	if (n <= 0) {
		zmsg = gzerror(in->gz, &errnum);
		if (n == 0 && errnum == Z_OK)
			return 0;
		in->io_failed = 1;
		if (errnum == Z_ERRNO)
			xml_input_fail(in, 0, "cannot read: %s", strerror(errno));
		else if (errnum == Z_BUF_ERROR)
			xml_input_fail(in, 0, "compressed data ends too early (%s): truncated file", zmsg);
		else
			xml_input_fail(in, 0, "corrupt compressed data (%s)", zmsg);
		return 0;
	}
	if (in->opts.max_bytes && in->n_bytes + (uint64_t)n > in->opts.max_bytes) {
		in->io_failed = 1;
		xml_input_fail(in, 0, "decompressed size exceeds the limit of %llu bytes"
			       " (see --max-bytes); stopped reading",
			       (unsigned long long)in->opts.max_bytes);
		return 0;
	}
	in->n_bytes += (uint64_t)n;
	return n;
}

/* The gzFile is closed by xml_input_close, after the reader is gone. */
static int gz_close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

static struct xml_input *input_new(const char *name, const struct xml_input_opts *o)
{
	struct xml_input *in = xcalloc(1, sizeof(*in));
	in->name = xstrdup(name);
	if (o)
		in->opts = *o;
	return in;
}

static int input_attach(struct xml_input *in, xmlTextReaderPtr reader)
{
	if (!reader) {
		error("%s: cannot create an XML reader", in->name);
		return -1;
	}
	in->reader = reader;
	xmlTextReaderSetStructuredErrorHandler(reader, on_xml_error, in);
	return 0;
}

struct xml_input *xml_input_open(const char *path, const struct xml_input_opts *o)
{
	struct xml_input *in = input_new(path, o);
	in->gz = gzopen(path, "rb");
	if (!in->gz) {
		error("cannot open '%s': %s", path, errno ? strerror(errno) : "out of memory");
		goto fail;
	}
	gzbuffer(in->gz, GZ_BUFFER);
	if (input_attach(in, xmlReaderForIO(gz_read_cb, gz_close_cb, in, NULL, NULL,
					    XML_INPUT_OPTIONS)))
		goto fail;
	return in;
fail:
	xml_input_close(in);
	return NULL;
}

struct xml_input *xml_input_open_memory(const char *name, const void *buf, size_t n,
					const struct xml_input_opts *o)
{
	struct xml_input *in = input_new(name, o);
	if (n > INT32_MAX) {
		error("%s: too large to parse from memory", name);
		goto fail;
	}
	in->n_bytes = n;
	if (input_attach(in, xmlReaderForMemory(buf, (int)n, NULL, NULL, XML_INPUT_OPTIONS)))
		goto fail;
	return in;
fail:
	xml_input_close(in);
	return NULL;
}

void xml_input_close(struct xml_input *in)
{
	if (!in)
		return;
	if (in->salvage)
		xmlFreeTextReader(in->salvage);
	if (in->reader)
		xmlFreeTextReader(in->reader);
	if (in->broken_doc)
		xmlFreeDoc(in->broken_doc);
	if (in->gz)
		gzclose(in->gz);
	free(in->pending);
	free(in->err);
	free(in->name);
	free(in);
}

struct _xmlTextReader *xml_input_reader(struct xml_input *in)
{
	return in->salvage ? in->salvage : in->reader;
}

int xml_input_type(const struct xml_input *in)
{
	return in->salvage ? xmlTextReaderNodeType(in->salvage) : in->last_type;
}

long xml_input_line(struct xml_input *in)
{
	xmlNodePtr node = xmlTextReaderCurrentNode(xml_input_reader(in));
	long line = node ? xmlGetLineNo(node) : -1;
	if (line <= 0)
		line = xmlTextReaderGetParserLineNumber(in->reader);
	return line;
}

/* The element at depth 1 that holds node (NULL for the root or none). */
static xmlNodePtr record_of(xmlNodePtr node)
{
	while (node && node->parent && node->parent->parent &&
	       node->parent->parent->type != XML_DOCUMENT_NODE)
		node = node->parent;
	if (!node || !node->parent || node->parent->type != XML_ELEMENT_NODE)
		return NULL;
	return node;
}

static int at_last_position(struct xml_input *in, xmlTextReaderPtr w)
{
	xmlNodePtr node = xmlTextReaderCurrentNode(w);
	int type = xmlTextReaderNodeType(w);
	if (node != in->last_node || node->_private != (void *)in->last_stamp)
		return 0;
	if (type == in->last_type)
		return 1;
	/* an element whose children the reader had already freed shows as empty */
	return in->last_type == XML_READER_TYPE_END_ELEMENT && type == XML_READER_TYPE_ELEMENT &&
	       !node->children;
}

/* A walker over doc positioned after the node last handed out (found by
 * address among the live nodes, then told apart from a newer node at the
 * same address by its stamp), or NULL. */
static xmlTextReaderPtr seek_after_last(struct xml_input *in, xmlDocPtr doc)
{
	xmlTextReaderPtr w = xmlReaderWalker(doc);
	while (w && xmlTextReaderRead(w) == 1) {
		if (!at_last_position(in, w))
			continue;
		if (in->open_record && record_of(in->last_node) == in->open_record)
			break;
		return w;
	}
	if (w)
		xmlFreeTextReader(w);
	return NULL;
}

/* A walker over doc standing on `at`, a node not handed out yet, or NULL. */
static xmlTextReaderPtr seek_to(struct xml_input *in, xmlDocPtr doc, xmlNodePtr at)
{
	xmlTextReaderPtr w;
	if (!at || at->_private || (in->open_record && record_of(at) == in->open_record))
		return NULL;
	w = xmlReaderWalker(doc);
	while (w && xmlTextReaderRead(w) == 1)
		if (xmlTextReaderCurrentNode(w) == at)
			return w;
	if (w)
		xmlFreeTextReader(w);
	return NULL;
}

/* Resumes over the tree the parser had built, from where the reader stood:
 * after the node last handed out, or, when the reader had already moved on
 * (and freed it), at the node it moved to.  Only records the parser had
 * closed are complete: the one it had open (unknown: the last one, to be
 * safe) ends the salvage.  The node last handed out may be freed memory:
 * it is compared by address only until found alive in the tree. */
static int salvage_start(struct xml_input *in)
{
	xmlDocPtr doc;
	xmlNodePtr root, at;
	in->salvage_tried = 1;
	at = xmlTextReaderCurrentNode(in->reader);
	doc = xmlTextReaderCurrentDoc(in->reader);
	if (!doc)
		return 0;
	in->broken_doc = doc;           /* the reader no longer frees it */
	root = xmlDocGetRootElement(doc);
	if (!root)
		return 0;
	if (!in->open_known) {
		in->open_record = root->last;
		while (in->open_record && in->open_record->type != XML_ELEMENT_NODE)
			in->open_record = in->open_record->prev;
	}
	if (!in->last_node) {
		in->salvage = xmlReaderWalker(doc);     /* nothing handed out yet */
		return in->salvage != NULL;
	}
	in->salvage = seek_after_last(in, doc);
	if (!in->salvage && (in->salvage = seek_to(in, doc, at)))
		in->salvage_hold = 1;
	return in->salvage != NULL;
}

static int salvage_read(struct xml_input *in)
{
	if (in->salvage_hold)
		in->salvage_hold = 0;
	else if (xmlTextReaderRead(in->salvage) != 1)
		return -1;
	if (in->open_record && xmlTextReaderCurrentNode(in->salvage) == in->open_record)
		return -1;
	return 1;
}

int xml_input_read(struct xml_input *in)
{
	int ret;
	if (in->salvage)
		return salvage_read(in);
	if (in->err)
		return -1;
	ret = xmlTextReaderRead(in->reader);
	if (ret == 1) {
		flush_pending(in);
		/* The reader frees nodes behind it and memory gets reused: the
		 * stamp tells the node we handed out from a newer one there. */
		in->last_node = xmlTextReaderCurrentNode(in->reader);
		in->last_type = xmlTextReaderNodeType(in->reader);
		if (in->last_node)
			in->last_node->_private = (void *)++in->last_stamp;
		return 1;
	}
	if (ret == 0 && !in->io_failed) {
		flush_pending(in);
		return 0;
	}
	/* Stopped: our own reason first (size cap, broken gzip), else libxml2's. */
	if (in->err) {
		if (in->err_line <= 0)
			in->err_line = in->pending ? in->pending_line :
				       xmlTextReaderGetParserLineNumber(in->reader);
	} else if (in->pending) {
		in->err = in->pending;
		in->err_line = in->pending_line;
		in->pending = NULL;
	} else {
		xml_input_fail(in, xmlTextReaderGetParserLineNumber(in->reader),
			       "the XML parser stopped");
	}
	if (!in->salvage_tried && salvage_start(in))
		return salvage_read(in);
	return -1;
}

const char *xml_input_error(const struct xml_input *in, long *line)
{
	if (line)
		*line = in->err_line;
	return in->err;
}

uint64_t xml_input_bytes(const struct xml_input *in)
{
	return in->n_bytes;
}

const char *xml_input_name(const struct xml_input *in)
{
	return in->name;
}

const struct xml_input_opts *xml_input_options(const struct xml_input *in)
{
	return &in->opts;
}

/* ---- transcripts ---- */

/* The reader in use: after a break it changes to the salvage walker. */
#define RX(r) xml_input_reader((r)->in)

/* The element and attribute names the transcript reader looks for.  libxml2
 * keeps every name it parses in its dictionary, so a name is one of these
 * when it is the same pointer as the dictionary's copy: no strcmp per
 * attribute and element. */
enum tr_name {
	NM_DIALOGUES, NM_DIALOGUE, NM_TURN, NM_EVENT, NM_CONTACT,
	NM_ID, NM_CHANNEL, NM_PAGE, NM_LANG, NM_SOURCE, NM_STARTED, NM_ENDED,
	NM_CRM_ID, NM_EMAIL, NM_PHONE, NM_NAME, NM_SPEAKER, NM_AGENT, NM_AT,
	NM_TYPE, NM_TO, NM_ITEM, N_NAMES
};

static const char *const name_text[N_NAMES] = {
	"dialogues", "dialogue", "turn", "event", "contact",
	"id", "channel", "page", "lang", "source", "started", "ended",
	"crm-id", "email", "phone", "name", "speaker", "agent", "at",
	"type", "to", "item",
};

struct transcript_reader {
	struct xml_input *in;
	int seen_root;
	char *source;               /* dialogues/@source */
	struct strbuf started_text;
	int has_started_text;
	struct strbuf text;         /* the turn being read */
	struct strbuf speaker, agent;   /* its attributes */
	struct strbuf attrs;        /* the event being read */
	struct strbuf skip;         /* why the current dialogue is skipped */
	long skip_line;
	const xmlChar *names[N_NAMES];  /* as interned in the parser's dictionary */
};

struct transcript_reader *transcript_reader_new(struct xml_input *in)
{
	struct transcript_reader *r;
	if (!in)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->in = in;
	strbuf_init(&r->text, in->opts.max_turn_bytes);
	for (int i = 0; i < N_NAMES; i++) {
		r->names[i] = xmlTextReaderConstString(in->reader, (const xmlChar *)name_text[i]);
		if (!r->names[i]) {     /* out of memory: no name would ever match */
			transcript_reader_close(r);
			return NULL;
		}
	}
	return r;
}

void transcript_reader_close(struct transcript_reader *r)
{
	if (!r)
		return;
	xml_input_close(r->in);
	free(r->source);
	strbuf_release(&r->started_text);
	strbuf_release(&r->text);
	strbuf_release(&r->agent);
	strbuf_release(&r->speaker);
	strbuf_release(&r->attrs);
	strbuf_release(&r->skip);
	free(r);
}

struct xml_input *transcript_reader_input(struct transcript_reader *r)
{
	return r->in;
}

const char *transcript_reader_started_text(const struct transcript_reader *r)
{
	return r->has_started_text ? r->started_text.buf : NULL;
}

static const char *cname(xmlTextReaderPtr x)
{
	const xmlChar *n = xmlTextReaderConstLocalName(x);
	return n ? (const char *)n : "";
}

static const char *cvalue(xmlTextReaderPtr x)
{
	const xmlChar *v = xmlTextReaderConstValue(x);
	return v ? (const char *)v : "";
}

/* Whether n (from cname()) is name k. */
static inline int named(const struct transcript_reader *r, const char *n, enum tr_name k)
{
	if ((const xmlChar *)n == r->names[k])
		return 1;
	/* the salvage walker after a break need not share the parser's
	 * dictionary: compare the text there */
	return r->in->salvage && !strcmp(n, name_text[k]);
}

/* The first reason wins; the dialogue is still read to its end. */
static void skip_dialogue(struct transcript_reader *r, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void skip_dialogue(struct transcript_reader *r, long line, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	if (r->skip.len)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strbuf_adds(&r->skip, msg);
	r->skip_line = line;
}

static int parse_time_attr(struct transcript_reader *r, const char *what, const char *v,
			   int64_t *t)
{
	if (parse_time(v, t) == 0)
		return 1;
	xml_input_problem(r->in, xml_input_line(r->in), "bad time in %s: '%.60s' (ignored)", what, v);
	return 0;
}

/* Reads up to the end tag of the element at `depth` (the current node). */
static int skip_element(struct transcript_reader *r, int depth)
{
	int ret;
	if (xmlTextReaderIsEmptyElement(RX(r)))
		return 1;
	while ((ret = xml_input_read(r->in)) == 1) {
		int type = xml_input_type(r->in);
		if (type == XML_READER_TYPE_ENTITY_REFERENCE)
			skip_dialogue(r, xml_input_line(r->in), "entity reference '&%s;' in a dialogue"
				      " (entities are never expanded); dialogue skipped", cname(RX(r)));
		if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(RX(r)) == depth)
			return 1;
	}
	return ret;
}

static void read_dialogue_attrs(struct transcript_reader *r, struct dialogue *d)
{
	r->has_started_text = 0;
	while (xmlTextReaderMoveToNextAttribute(RX(r)) == 1) {
		const char *n = cname(RX(r)), *v = cvalue(RX(r));
		if (named(r, n, NM_ID) && *v)
			d->id = dialogue_strdup(d, v);
		else if (named(r, n, NM_CHANNEL))
			d->channel = dialogue_strdup(d, v);
		else if (named(r, n, NM_PAGE))
			d->page = dialogue_strdup(d, v);
		else if (named(r, n, NM_LANG))
			d->lang = dialogue_strdup(d, v);
		else if (named(r, n, NM_SOURCE))
			d->source = dialogue_strdup(d, v);
		else if (named(r, n, NM_STARTED)) {
			d->has_started = parse_time_attr(r, "started", v, &d->started);
			if (d->has_started) {
				strbuf_reset(&r->started_text);
				strbuf_adds(&r->started_text, v);
				r->has_started_text = 1;
			}
		} else if (named(r, n, NM_ENDED))
			d->has_ended = parse_time_attr(r, "ended", v, &d->ended);
	}
	xmlTextReaderMoveToElement(RX(r));
	if (!d->source && r->source)
		d->source = dialogue_strdup(d, r->source);
}

static int nonblank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 1;
	return 0;
}

static int read_contact(struct transcript_reader *r, struct dialogue *d, int depth,
			int *n_contacts)
{
	if ((*n_contacts)++) {
		xml_input_problem(r->in, xml_input_line(r->in),
				  "dialogue '%s' has more than one <contact>; the first one is used",
				  d->id ? d->id : "");
		return skip_element(r, depth);
	}
	while (xmlTextReaderMoveToNextAttribute(RX(r)) == 1) {
		const char *n = cname(RX(r)), *v = cvalue(RX(r));
		char **slot = named(r, n, NM_CRM_ID) ? &d->crm_id : named(r, n, NM_EMAIL) ? &d->email :
			      named(r, n, NM_PHONE) ? &d->phone : named(r, n, NM_NAME) ? &d->name : NULL;
		if (slot && !*slot)
			*slot = dialogue_strdup(d, v);
	}
	xmlTextReaderMoveToElement(RX(r));
	d->has_contact = nonblank(d->crm_id) || nonblank(d->email) || nonblank(d->phone);
	return skip_element(r, depth);
}

static int read_turn_text(struct transcript_reader *r, int depth)
{
	int ret;
	strbuf_reset(&r->text);
	if (xmlTextReaderIsEmptyElement(RX(r)))
		return 1;
	while ((ret = xml_input_read(r->in)) == 1) {
		int type = xml_input_type(r->in);
		switch (type) {
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (!r->text.overflow)
				strbuf_adds(&r->text, cvalue(RX(r)));
			break;
		case XML_READER_TYPE_ENTITY_REFERENCE:
			skip_dialogue(r, xml_input_line(r->in), "entity reference '&%s;' in a turn"
				      " (entities are never expanded); dialogue skipped", cname(RX(r)));
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (xmlTextReaderDepth(RX(r)) == depth)
				return 1;
			break;
		default:
			break;
		}
	}
	return ret;
}

/* The speaker and agent are kept in the reader's buffers, not copied per
 * turn: dialogue_add_turn() makes the one copy the dialogue owns. */
static void keep_attr(struct strbuf *sb, int *has, const char *v)
{
	if (*has)
		return;
	*has = 1;
	strbuf_reset(sb);
	strbuf_adds(sb, v);
}

static int read_turn(struct transcript_reader *r, struct dialogue *d, int depth)
{
	const char *speaker;
	int64_t at = 0;
	int has_at = 0, has_speaker = 0, has_agent = 0, ret;
	long line = xml_input_line(r->in);
	while (xmlTextReaderMoveToNextAttribute(RX(r)) == 1) {
		const char *n = cname(RX(r)), *v = cvalue(RX(r));
		if (named(r, n, NM_SPEAKER))
			keep_attr(&r->speaker, &has_speaker, v);
		else if (named(r, n, NM_AGENT))
			keep_attr(&r->agent, &has_agent, v);
		else if (named(r, n, NM_AT))
			has_at = parse_time_attr(r, "turn", v, &at);
	}
	xmlTextReaderMoveToElement(RX(r));
	speaker = has_speaker && r->speaker.len ? r->speaker.buf : NULL;
	ret = read_turn_text(r, depth);
	if (ret == 1 && r->in->opts.max_turns && d->n_turns >= r->in->opts.max_turns) {
		/* Past the bound the dialogue is skipped whole: its turns are no
		 * longer kept, so that one file cannot hold the night's memory. */
		skip_dialogue(r, line, "more than %zu turns (max_turns_per_dialogue); dialogue skipped",
			      r->in->opts.max_turns);
		return ret;
	}
	if (ret == 1) {
		if (r->text.overflow)
			skip_dialogue(r, line, "turn %zu is longer than %zu bytes; dialogue skipped",
				      d->n_turns + 1, r->in->opts.max_turn_bytes);
		dialogue_add_turn(d, speaker_from_name(speaker), speaker,
				  has_agent ? strbuf_str(&r->agent) : NULL, at, has_at,
				  strbuf_str(&r->text));
	}
	return ret;
}

static void add_attr_line(struct strbuf *sb, const char *n, const char *v)
{
	strbuf_adds(sb, n);
	strbuf_addch(sb, '=');
	/* one attribute per line: a line break inside a value would split it */
	while (*v) {
		size_t span = strcspn(v, "\r\n");
		strbuf_add(sb, v, span);
		v += span;
		if (*v) {
			strbuf_addch(sb, ' ');
			v++;
		}
	}
	strbuf_addch(sb, '\n');
}

static int read_event(struct transcript_reader *r, struct dialogue *d, int depth)
{
	char *type = NULL, *target = NULL, *item = NULL;
	int64_t at = 0;
	int has_at = 0;
	strbuf_reset(&r->attrs);
	while (xmlTextReaderMoveToNextAttribute(RX(r)) == 1) {
		const char *n = cname(RX(r)), *v = cvalue(RX(r));
		if (xmlTextReaderIsNamespaceDecl(RX(r)) == 1)
			continue;
		add_attr_line(&r->attrs, n, v);
		if (named(r, n, NM_TYPE) && !type)
			type = xstrdup(v);
		else if (named(r, n, NM_TO) && !target)
			target = xstrdup(v);
		else if (named(r, n, NM_ITEM) && !item)
			item = xstrdup(v);
		else if (named(r, n, NM_AT))
			has_at = parse_time_attr(r, "event", v, &at);
	}
	xmlTextReaderMoveToElement(RX(r));
	if (type && *type)
		dialogue_add_event(d, type, at, has_at, target, item, strbuf_str(&r->attrs));
	else
		xml_input_problem(r->in, xml_input_line(r->in), "<event> without a type (ignored)");
	free(type);
	free(target);
	free(item);
	return skip_element(r, depth);
}

static int read_dialogue_child(struct transcript_reader *r, struct dialogue *d, int depth,
			       int *n_contacts)
{
	const char *n = cname(RX(r));
	if (named(r, n, NM_TURN))
		return read_turn(r, d, depth);
	if (named(r, n, NM_EVENT))
		return read_event(r, d, depth);
	if (named(r, n, NM_CONTACT))
		return read_contact(r, d, depth, n_contacts);
	/* unknown elements are allowed (formats.md: extend, never break) */
	return skip_element(r, depth);
}

/* Ids are never normalised, so an id that trimming would change is refused
 * at the door: "victim-1\u200b" stored as its own dialogue was trimmed by
 * the identity code into the victim's id, crossing two customers.  The blank
 * is blank_len()'s, the one that deals and identities trim. */
static int dialogue_id_clean(const char *id)
{
	size_t n = strlen(id);
	const unsigned char *u = (const unsigned char *)id;
	if (!n || blank_len(u, n) || blank_len_back(u, n) || !utf8_valid(id, n, NULL))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (u[i] < 0x20 || u[i] == 0x7f)
			return 0;
	return 1;
}

/* The current node is <dialogue>.  Returns TR_DIALOGUE, TR_SKIPPED or TR_BROKEN. */
static int read_dialogue(struct transcript_reader *r, struct dialogue *d)
{
	int depth = xmlTextReaderDepth(RX(r)), n_contacts = 0, ret = 1;
	strbuf_reset(&r->skip);
	d->line = xml_input_line(r->in);
	read_dialogue_attrs(r, d);
	if (!d->id)
		skip_dialogue(r, d->line, "<dialogue> without an id; dialogue skipped");
	else if (!dialogue_id_clean(d->id))
		skip_dialogue(r, d->line, "its id begins or ends with a blank or holds a "
			      "control character; dialogue skipped");
	if (!xmlTextReaderIsEmptyElement(RX(r))) {
		while ((ret = xml_input_read(r->in)) == 1) {
			int type = xml_input_type(r->in);
			if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(RX(r)) == depth)
				break;
			if (type == XML_READER_TYPE_ELEMENT)
				ret = read_dialogue_child(r, d, depth + 1, &n_contacts);
			else if (type == XML_READER_TYPE_ENTITY_REFERENCE)
				skip_dialogue(r, xml_input_line(r->in), "entity reference '&%s;' in a"
					      " dialogue (entities are never expanded); dialogue skipped",
					      cname(RX(r)));
			if (ret != 1)
				break;
		}
	}
	if (ret == 0)
		xml_input_fail(r->in, xml_input_line(r->in), "the file ends inside <dialogue>");
	if (ret != 1)
		return TR_BROKEN;
	if (r->skip.len) {
		if (d->id)
			xml_input_problem(r->in, r->skip_line, "dialogue '%s': %s", d->id, r->skip.buf);
		else
			xml_input_problem(r->in, r->skip_line, "%s", r->skip.buf);
		return TR_SKIPPED;
	}
	if (!d->has_started && d->n_turns && d->turns[0].has_at) {
		d->started = d->turns[0].at;
		d->has_started = 1;
	}
	return TR_DIALOGUE;
}

static int read_root(struct transcript_reader *r)
{
	const char *n = cname(RX(r));
	if (!named(r, n, NM_DIALOGUES)) {
		xml_input_fail(r->in, xml_input_line(r->in),
			       "the root element is <%.40s>, not <dialogues>: not a transcript file", n);
		return -1;
	}
	r->seen_root = 1;
	while (xmlTextReaderMoveToNextAttribute(RX(r)) == 1)
		if (named(r, cname(RX(r)), NM_SOURCE) && !r->source)
			r->source = xstrdup(cvalue(RX(r)));
	xmlTextReaderMoveToElement(RX(r));
	return 0;
}

static int next_dialogue(struct transcript_reader *r, struct dialogue *d)
{
	int ret;
	dialogue_clear(d);
	while ((ret = xml_input_read(r->in)) == 1) {
		int depth, type = xml_input_type(r->in);
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		depth = xmlTextReaderDepth(RX(r));
		if (depth == 0) {
			if (read_root(r))
				return TR_BROKEN;
			continue;
		}
		if (depth == 1 && named(r, cname(RX(r)), NM_DIALOGUE))
			return read_dialogue(r, d);
		if (skip_element(r, depth) != 1)
			return TR_BROKEN;
	}
	if (ret < 0)
		return TR_BROKEN;
	if (!r->seen_root) {
		xml_input_fail(r->in, 1, "no <dialogues> element: not a transcript file");
		return TR_BROKEN;
	}
	return TR_END;
}

int transcript_reader_next(struct transcript_reader *r, struct dialogue *d)
{
	int rc = next_dialogue(r, d);
	return rc;
}

/* ---- trainer labels ---- */

static const char *const known_tags[] = {
	"cross-sell-offer", "problem-stated", "problem-resolved", "escalation-request",
	"frustration", "handoff-context-lost",
};

#define LABEL_SKIPPED "this <labeled> is skipped"

int label_tag_known(const char *tag)
{
	for (size_t i = 0; i < sizeof(known_tags) / sizeof(known_tags[0]); i++)
		if (!strcmp(tag, known_tags[i]))
			return 1;
	return 0;
}

void label_init(struct label *l)
{
	memset(l, 0, sizeof(*l));
}

static void label_free_fields(struct label *l)
{
	free(l->dialogue_id);
	free(l->trainer);
	free(l->premature);
	free(l->missed);
	free(l->lead_quality);
	for (size_t i = 0; i < l->n_turns; i++)
		free(l->turns[i].tag);
}

void label_clear(struct label *l)
{
	struct label_turn *turns = l->turns;
	size_t alloc = l->alloc_turns;
	label_free_fields(l);
	memset(l, 0, sizeof(*l));
	l->turns = turns;
	l->alloc_turns = alloc;
}

void label_release(struct label *l)
{
	label_free_fields(l);
	free(l->turns);
	memset(l, 0, sizeof(*l));
}

struct label_reader {
	struct xml_input *in;
	int seen_root;
};

struct label_reader *label_reader_new(struct xml_input *in)
{
	struct label_reader *r;
	if (!in)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->in = in;
	return r;
}

void label_reader_close(struct label_reader *r)
{
	if (!r)
		return;
	xml_input_close(r->in);
	free(r);
}

struct xml_input *label_reader_input(struct label_reader *r)
{
	return r->in;
}

/* Reads to the end tag of the element at `depth`. */
static int label_skip_element(struct label_reader *r, int depth)
{
	int ret;
	if (xmlTextReaderIsEmptyElement(RX(r)))
		return 1;
	while ((ret = xml_input_read(r->in)) == 1)
		if (xml_input_type(r->in) == XML_READER_TYPE_END_ELEMENT &&
		    xmlTextReaderDepth(RX(r)) == depth)
			return 1;
	return ret;
}

static int parse_turn_number(const char *s, int *n)
{
	char *end;
	long v;
	if (!*s)
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < 1 || v > 1000000)
		return -1;
	*n = (int)v;
	return 0;
}

static void read_label_turn(struct label_reader *r, struct label *l)
{
	const char *n_s = NULL, *tag = NULL;
	char *n_copy = NULL, *tag_copy = NULL;
	long line = xml_input_line(r->in);
	int n = 0;
	while (xmlTextReaderMoveToNextAttribute(RX(r)) == 1) {
		if (!strcmp(cname(RX(r)), "n") && !n_copy)
			n_copy = xstrdup(cvalue(RX(r)));
		else if (!strcmp(cname(RX(r)), "tag") && !tag_copy)
			tag_copy = xstrdup(cvalue(RX(r)));
	}
	xmlTextReaderMoveToElement(RX(r));
	n_s = n_copy ? n_copy : "";
	tag = tag_copy ? tag_copy : "";
	/* Every bad value is named, not only the first, with the values that
	 * are allowed; one bad value skips the whole <labeled>, so that it can
	 * never replace a good earlier label of the same trainer. */
	if (parse_turn_number(n_s, &n)) {
		xml_input_problem(r->in, line, "bad turn number n='%.40s': a whole number from 1"
				  " (" LABEL_SKIPPED ")", n_s);
		l->n_bad++;
	}
	if (!label_tag_known(tag)) {
		xml_input_problem(r->in, line, "unknown turn tag '%.60s': one of cross-sell-offer,"
				  " problem-stated, problem-resolved, escalation-request, frustration,"
				  " handoff-context-lost (" LABEL_SKIPPED ")", tag);
		l->n_bad++;
	}
	if (!l->n_bad) {
		ALLOC_GROW(l->turns, l->n_turns, l->alloc_turns);
		l->turns[l->n_turns].n = n;
		l->turns[l->n_turns].tag = xstrdup(tag);
		l->n_turns++;
	}
	free(n_copy);
	free(tag_copy);
}

static int verdict_value_ok(const char *name, const char *v)
{
	if (!strcmp(name, "lead-quality"))
		return !strcmp(v, "good") || !strcmp(v, "bad");
	return !strcmp(v, "yes") || !strcmp(v, "no");
}

/* Unknown attributes are ignored; a known one with a bad value is named
 * with the allowed values and skips the whole <labeled>, as formats.md
 * allows only yes/no and good/bad. */
static void read_verdict(struct label_reader *r, struct label *l)
{
	char *v[3] = { NULL, NULL, NULL };
	static const char *const names[3] = { "premature-cross-sell", "missed-escalation",
					      "lead-quality" };
	int bad = 0;
	long line = xml_input_line(r->in);
	while (xmlTextReaderMoveToNextAttribute(RX(r)) == 1) {
		for (int i = 0; i < 3; i++) {
			if (strcmp(cname(RX(r)), names[i]) || v[i])
				continue;
			v[i] = xstrdup(cvalue(RX(r)));
			if (!verdict_value_ok(names[i], v[i])) {
				xml_input_problem(r->in, line, "bad verdict %s='%.40s': %s (" LABEL_SKIPPED ")",
						  names[i], v[i], i == 2 ? "good or bad" : "yes or no");
				bad++;
				l->n_bad++;
			}
		}
	}
	xmlTextReaderMoveToElement(RX(r));
	if (!bad) {
		free(l->premature);
		free(l->missed);
		free(l->lead_quality);
		l->premature = v[0];
		l->missed = v[1];
		l->lead_quality = v[2];
	} else {
		for (int i = 0; i < 3; i++)
			free(v[i]);
	}
}

static void read_labeled_attrs(struct label_reader *r, struct label *l)
{
	while (xmlTextReaderMoveToNextAttribute(RX(r)) == 1) {
		const char *n = cname(RX(r)), *v = cvalue(RX(r));
		if (!strcmp(n, "dialogue") && *v && !l->dialogue_id)
			l->dialogue_id = xstrdup(v);
		else if (!strcmp(n, "by") && *v && !l->trainer)
			l->trainer = xstrdup(v);
		else if (!strcmp(n, "at")) {
			l->has_at = parse_time(v, &l->at) == 0;
			if (!l->has_at) {
				/* the time decides which of two labels is newer: a
				 * bad one must not let this label win or lose */
				xml_input_problem(r->in, xml_input_line(r->in),
						  "bad time at='%.60s': an ISO 8601 time such as"
						  " 2026-11-20T12:00:00Z (" LABEL_SKIPPED ")", v);
				l->n_bad++;
			}
		}
	}
	xmlTextReaderMoveToElement(RX(r));
}

static int read_labeled(struct label_reader *r, struct label *l)
{
	int depth = xmlTextReaderDepth(RX(r)), ret = 1;
	l->line = xml_input_line(r->in);
	read_labeled_attrs(r, l);
	if (!xmlTextReaderIsEmptyElement(RX(r))) {
		while ((ret = xml_input_read(r->in)) == 1) {
			int type = xml_input_type(r->in);
			const char *n;
			if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(RX(r)) == depth)
				break;
			if (type != XML_READER_TYPE_ELEMENT)
				continue;
			n = cname(RX(r));
			if (!strcmp(n, "turn"))
				read_label_turn(r, l);
			else if (!strcmp(n, "verdict"))
				read_verdict(r, l);
			else
				xml_input_problem(r->in, xml_input_line(r->in),
						  "unknown element <%.40s> in <labeled> (skipped)", n);
			if ((ret = label_skip_element(r, depth + 1)) != 1)
				break;
		}
	}
	if (ret == 0)
		xml_input_fail(r->in, xml_input_line(r->in), "the file ends inside <labeled>");
	if (ret != 1)
		return TR_BROKEN;
	if (!l->dialogue_id || !l->trainer) {
		xml_input_problem(r->in, l->line, "<labeled> without %s (skipped)",
				  !l->dialogue_id ? "a dialogue" : "a trainer (by)");
		return TR_SKIPPED;
	}
	if (l->n_bad)
		return TR_SKIPPED;
	return TR_DIALOGUE;
}

static int next_label(struct label_reader *r, struct label *l)
{
	int ret;
	label_clear(l);
	while ((ret = xml_input_read(r->in)) == 1) {
		int depth;
		if (xml_input_type(r->in) != XML_READER_TYPE_ELEMENT)
			continue;
		depth = xmlTextReaderDepth(RX(r));
		if (depth == 0) {
			if (strcmp(cname(RX(r)), "labels")) {
				xml_input_fail(r->in, xml_input_line(r->in), "the root element is"
					       " <%.40s>, not <labels>: not a labels file", cname(RX(r)));
				return TR_BROKEN;
			}
			r->seen_root = 1;
			continue;
		}
		if (depth == 1 && !strcmp(cname(RX(r)), "labeled"))
			return read_labeled(r, l);
		if (depth == 1)
			xml_input_problem(r->in, xml_input_line(r->in),
					  "unknown element <%.40s> in <labels> (skipped)", cname(RX(r)));
		if (label_skip_element(r, depth) != 1)
			return TR_BROKEN;
	}
	if (ret < 0)
		return TR_BROKEN;
	if (!r->seen_root) {
		xml_input_fail(r->in, 1, "no <labels> element: not a labels file");
		return TR_BROKEN;
	}
	return TR_END;
}

int label_reader_next(struct label_reader *r, struct label *l)
{
	int rc = next_label(r, l);
	return rc;
}
