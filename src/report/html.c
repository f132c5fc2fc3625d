/* html.c — the report's HTML tree over libxml2 (see html.h). */
#include "compat.h"
#include "html.h"
#include "safefile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

struct html_doc {
	xmlDocPtr doc;
	xmlNodePtr head, body;
	int broken;
};

#define NODE(n) ((xmlNodePtr)(n))
#define WRAP(n) ((struct html_node *)(n))

static struct html_doc *doc_of(struct html_node *n)
{
	return n ? (struct html_doc *)NODE(n)->doc->_private : NULL;
}

static void mark_broken(struct html_node *n)
{
	struct html_doc *d = doc_of(n);
	if (d)
		d->broken = 1;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
	size_t n;
	uint32_t cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (left < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	/* U+FFFE / U+FFFF are not characters and upset the serialiser */
	if (cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

void html_clean_text(const char *s, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t left = strlen((const char *)p);
	strbuf_reset(out);
	while (left) {
		size_t n = utf8_seq(p, left);
		if (!n) {
			strbuf_adds(out, "\xef\xbf\xbd");
			n = 1;
		} else if (n == 1 && (p[0] < 0x20 || p[0] == 0x7f) && p[0] != '\t' && p[0] != '\n') {
			/* dropped: not allowed in HTML text */
		} else {
			strbuf_add(out, p, n);
		}
		p += n;
		left -= n;
	}
}

static xmlNodePtr new_text_node(xmlDocPtr doc, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	xmlNodePtr t;
	html_clean_text(text, &sb);
	t = xmlNewDocText(doc, BAD_CAST strbuf_str(&sb));
	strbuf_release(&sb);
	return t;
}

struct html_doc *html_doc_new(const char *lang, const char *title, const char *css)
{
	struct html_doc *d = xcalloc(1, sizeof(*d));
	xmlNodePtr root, meta;
	d->doc = htmlNewDocNoDtD(NULL, NULL);
	if (!d->doc) {
		d->broken = 1;
		return d;
	}
	d->doc->_private = d;
	if (!xmlCreateIntSubset(d->doc, BAD_CAST "html", NULL, NULL))
		d->broken = 1;
	root = xmlNewDocNode(d->doc, NULL, BAD_CAST "html", NULL);
	if (!root) {
		d->broken = 1;
		return d;
	}
	xmlDocSetRootElement(d->doc, root);
	d->head = xmlNewChild(root, NULL, BAD_CAST "head", NULL);
	d->body = xmlNewChild(root, NULL, BAD_CAST "body", NULL);
	if (!d->head || !d->body) {
		d->broken = 1;
		return d;
	}
	html_attr(WRAP(root), "lang", lang ? lang : "en");
	meta = xmlNewChild(d->head, NULL, BAD_CAST "meta", NULL);
	html_attr(WRAP(meta), "charset", "utf-8");
	meta = xmlNewChild(d->head, NULL, BAD_CAST "meta", NULL);
	html_attr(WRAP(meta), "name", "viewport");
	html_attr(WRAP(meta), "content", "width=device-width, initial-scale=1");
	html_el_text(WRAP(d->head), "title", title);
	if (css) {
		xmlNodePtr style = xmlNewChild(d->head, NULL, BAD_CAST "style", NULL);
		xmlNodePtr t = style ? xmlNewDocText(d->doc, BAD_CAST css) : NULL;
		if (!t || !xmlAddChild(style, t))
			d->broken = 1;
	}
	return d;
}

void html_doc_free(struct html_doc *d)
{
	if (!d)
		return;
	if (d->doc)
		xmlFreeDoc(d->doc);
	free(d);
}

struct html_node *html_body(struct html_doc *d) { return WRAP(d->body); }
struct html_node *html_head(struct html_doc *d) { return WRAP(d->head); }

struct html_node *html_el(struct html_node *parent, const char *tag)
{
	xmlNodePtr n;
	if (!parent)
		return NULL;
	n = xmlNewChild(NODE(parent), NULL, BAD_CAST tag, NULL);
	if (!n)
		mark_broken(parent);
	return WRAP(n);
}

void html_text(struct html_node *parent, const char *text)
{
	xmlNodePtr t;
	if (!parent || !text || !*text)
		return;
	t = new_text_node(NODE(parent)->doc, text);
	if (!t) {
		mark_broken(parent);
		return;
	}
	/* xmlAddChild merges adjacent text nodes and frees t in that case */
	if (!xmlAddChild(NODE(parent), t)) {
		xmlFreeNode(t);
		mark_broken(parent);
	}
}

static char *vformat(const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	va_list cp;
	int n;
	char small[256];
	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return xstrdup("");
	if ((size_t)n < sizeof(small))
		return xstrdup(small);
	sb.buf = xmalloc((size_t)n + 1);
	vsnprintf(sb.buf, (size_t)n + 1, fmt, ap);
	return sb.buf;
}

void html_textf(struct html_node *parent, const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	html_text(parent, s);
	free(s);
}

struct html_node *html_el_text(struct html_node *parent, const char *tag, const char *text)
{
	struct html_node *n = html_el(parent, tag);
	html_text(n, text);
	return n;
}

struct html_node *html_el_textf(struct html_node *parent, const char *tag, const char *fmt, ...)
{
	va_list ap;
	char *s;
	struct html_node *n;
	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	n = html_el_text(parent, tag, s);
	free(s);
	return n;
}

struct html_node *html_el_class(struct html_node *parent, const char *tag, const char *cls)
{
	return html_attr(html_el(parent, tag), "class", cls);
}

struct html_node *html_attr(struct html_node *node, const char *name, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	if (!node)
		return NULL;
	html_clean_text(value, &sb);
	/* xmlSetProp stores the value as text: the serialiser escapes it */
	if (!xmlSetProp(NODE(node), BAD_CAST name, BAD_CAST strbuf_str(&sb)))
		mark_broken(node);
	strbuf_release(&sb);
	return node;
}

struct html_node *html_attrf(struct html_node *node, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	html_attr(node, name, s);
	free(s);
	return node;
}

struct html_node *html_link(struct html_node *parent, const char *href, const char *text)
{
	struct html_node *a = html_el_text(parent, "a", text);
	return html_attr(a, "href", href);
}

static int write_cb(void *ctx, const char *buf, int len)
{
	struct strbuf *sb = ctx;
	if (len < 0 || strbuf_add(sb, buf, (size_t)len))
		return -1;
	return len;
}

static int close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

int html_serialize(struct html_doc *d, struct strbuf *out)
{
	xmlOutputBufferPtr ob;
	xmlCharEncodingHandlerPtr enc;
	int rc;
	if (!d || d->broken || !d->doc)
		return error("cannot build the page: out of memory");
	enc = xmlFindCharEncodingHandler("UTF-8");
	ob = xmlOutputBufferCreateIO(write_cb, close_cb, out, enc);
	if (!ob)
		return error("cannot serialise the page: out of memory");
	htmlDocContentDumpFormatOutput(ob, d->doc, "UTF-8", 1);
	rc = xmlOutputBufferClose(ob);
	if (rc < 0)
		return error("cannot serialise the page");
	return 0;
}

int html_write(struct html_doc *d, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *f = NULL;
	int fd, rc = -1;
	if (html_serialize(d, &sb))
		goto out;
	/* The page is new in the report's own fresh folder: created, never
	 * opened again through whatever might stand under its name. */
	fd = safe_create(path, 0644);
	if (fd < 0 || !(f = fdopen(fd, "wb"))) {
		error("cannot write '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if (fwrite(sb.buf, 1, sb.len, f) != sb.len || fflush(f)) {
		error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (f && fclose(f) && !rc)
		rc = error("cannot write '%s': %s", path, strerror(errno));
	strbuf_release(&sb);
	return rc;
}

static int is_el(xmlNodePtr n, const char *tag)
{
	return n && n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST tag);
}

static xmlNodePtr first_el(xmlNodePtr n, const char *tag)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (is_el(n, tag))
			return n;
	return NULL;
}

static void fill_empty(struct html_doc *doc, xmlNodePtr n, const char *text)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(n, "tbody") && !first_el(n, "tr")) {
			xmlNodePtr row = first_el(first_el(n->parent, "thead"), "tr"), tr, td;
			long cols = 0;
			char span[24];
			for (xmlNodePtr h = row ? row->children : NULL; h; h = h->next)
				cols += h->type == XML_ELEMENT_NODE;
			snprintf(span, sizeof(span), "%ld", cols ? cols : 1);
			tr = xmlNewChild(n, NULL, BAD_CAST "tr", NULL);
			td = tr ? xmlNewTextChild(tr, NULL, BAD_CAST "td", BAD_CAST text) : NULL;
			if (!td || !xmlNewProp(td, BAD_CAST "colspan", BAD_CAST span) ||
			    !xmlNewProp(td, BAD_CAST "class", BAD_CAST "empty"))
				doc->broken = 1;
			continue;
		}
		fill_empty(doc, n->children, text);
	}
}

void html_fill_empty_tables(struct html_doc *doc, const char *text)
{
	if (doc && doc->body)
		fill_empty(doc, doc->body->children, text);
}
