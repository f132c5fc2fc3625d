/* ingest_kind.c — the kind of an input file, told by its content: gzip or
 * not, XML with root <dialogues> or <labels>, otherwise CSV. */
#include "compat.h"
#include "ingest.h"
#include "loader.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* How much of a file (decompressed) kind detection looks at. */
#define SNIFF_BYTES (64 * 1024)

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* Skips one "<?...?>", "<!--...-->" or "<!DOCTYPE ...>" (with its internal
 * subset); NULL when p starts none of them or it does not end in the text. */
static const char *skip_prolog_item(const char *p, const char *end)
{
	const char *q;
	if (end - p >= 2 && !memcmp(p, "<?", 2)) {
		q = memmem(p + 2, (size_t)(end - p - 2), "?>", 2);
		return q ? q + 2 : NULL;
	}
	if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
		q = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
		return q ? q + 3 : NULL;
	}
	if (end - p >= 9 && !memcmp(p, "<!DOCTYPE", 9)) {
		int depth = 0;
		char quote = 0;
		for (q = p + 9; q < end; q++) {
			if (quote) {
				if (*q == quote)
					quote = 0;
			} else if (*q == '"' || *q == '\'') {
				quote = *q;
			} else if (*q == '[') {
				depth++;
			} else if (*q == ']') {
				depth--;
			} else if (*q == '>' && depth <= 0) {
				return q + 1;
			}
		}
	}
	return NULL;
}

static enum input_kind kind_of_xml(const char *p, const char *end, char *why, size_t whysz)
{
	const char *q;
	size_t n;
	while ((p = skip_ws(p, end)) < end && end - p >= 2 && p[0] == '<' &&
	       (p[1] == '?' || p[1] == '!')) {
		p = skip_prolog_item(p, end);
		if (!p) {
			snprintf(why, whysz, "no root element in the first %d bytes", SNIFF_BYTES);
			return INPUT_UNKNOWN;
		}
	}
	if (p >= end || *p != '<') {
		snprintf(why, whysz, "XML without a root element");
		return INPUT_UNKNOWN;
	}
	for (q = ++p; q < end && !strchr(" \t\r\n/>", *q); q++)
		;
	n = (size_t)(q - p);
	if (n == 9 && !memcmp(p, "dialogues", 9))
		return INPUT_TRANSCRIPTS;
	if (n == 6 && !memcmp(p, "labels", 6))
		return INPUT_LABELS;
	snprintf(why, whysz, "XML whose root element <%.*s> is neither <dialogues> nor <labels>",
		 (int)(n > 40 ? 40 : n), p);
	return INPUT_UNKNOWN;
}

/* Text whose first line names the deal_id column. */
static enum input_kind kind_of_text(const char *p, const char *end, char *why, size_t whysz)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *e = nl ? nl : end;
	for (const char *q = p; q + 7 <= e; q++)
		if (!strncasecmp(q, "deal_id", 7))
			return INPUT_DEALS;
	snprintf(why, whysz, "neither XML (transcripts, labels) nor a deals CSV with a"
		 " deal_id column in its header line");
	return INPUT_UNKNOWN;
}

enum input_kind ingest_detect_kind_why(const char *path, char *why, size_t whysz)
{
	gzFile gz = gzopen(path, "rb");
	char *buf;
	const char *p, *end;
	int n;
	enum input_kind kind;
	if (!gz) {
		snprintf(why, whysz, "cannot open: %s", errno ? strerror(errno) : "out of memory");
		return INPUT_UNKNOWN;
	}
	buf = xmalloc(SNIFF_BYTES);
	n = gzread(gz, buf, SNIFF_BYTES);
	gzclose(gz);
	if (n <= 0) {
		snprintf(why, whysz, n == 0 ? "empty file" : "cannot read");
		free(buf);
		return INPUT_UNKNOWN;
	}
	p = buf;
	end = buf + n;
	if (n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	p = skip_ws(p, end);
	if (p < end && *p == '<')
		kind = kind_of_xml(p, end, why, whysz);
	else
		kind = kind_of_text(p, end, why, whysz);
	free(buf);
	return kind;
}

enum input_kind ingest_detect_kind(const char *path)
{
	char why[256];
	return ingest_detect_kind_why(path, why, sizeof(why));
}

const char *ingest_kind_name(enum input_kind k)
{
	switch (k) {
	case INPUT_TRANSCRIPTS: return "transcripts";
	case INPUT_DEALS: return "deals";
	case INPUT_LABELS: return "labels";
	default: return "unknown";
	}
}
