/* output.c — where the files go: plain or gzipped sinks, XML and CSV
 * escaping. */
#include "compat.h"
#include "gen_corpus.h"

int sink_open(struct sink *s, const char *path, int gzip)
{
	memset(s, 0, sizeof(*s));
	s->path = xstrdup(path);
	if (gzip) {
		s->gz = gzopen(path, "wb3");
		if (s->gz)
			gzbuffer(s->gz, 1 << 17);
	} else {
		s->f = fopen(path, "wb");
	}
	if (!s->f && !s->gz)
		return error("cannot create '%s': %s", path, strerror(errno));
	return 0;
}

static void sink_write(struct sink *s, const char *data, size_t n)
{
	if (s->failed || !n)
		return;
	if (s->gz) {
		if (gzwrite(s->gz, data, (unsigned)n) != (int)n)
			s->failed = 1;
	} else if (fwrite(data, 1, n, s->f) != n) {
		s->failed = 1;
	}
}

void sink_sb(struct sink *s, struct strbuf *sb)
{
	sink_write(s, sb->buf, sb->len);
	strbuf_reset(sb);
}

int sink_close(struct sink *s)
{
	int ret = 0;
	if (s->gz && gzclose(s->gz) != Z_OK)
		s->failed = 1;
	if (s->f && fclose(s->f))
		s->failed = 1;
	if (s->failed && s->path)
		ret = error("cannot write '%s'", s->path);
	free(s->path);
	memset(s, 0, sizeof(*s));
	return ret;
}

void xml_escape(struct strbuf *sb, const char *s, int attr)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"':
			if (attr) {
				strbuf_adds(sb, "&quot;");
				break;
			}
			/* fall through */
		default: strbuf_addch(sb, *s);
		}
	}
}

void csv_field(struct strbuf *sb, const char *s, char delim, int force_quote)
{
	int quote = force_quote || strchr(s, delim) || strchr(s, '"') ||
		    strchr(s, '\n') || strchr(s, '\r');
	if (!quote) {
		strbuf_adds(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}
