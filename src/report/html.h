/* html.h — a thin layer over libxml2's HTML tree for the report pages.
 *
 * A page is built as a document tree and serialised as UTF-8 HTML, so that
 * every piece of text and every attribute value added here is escaped by the
 * serialiser: customer text goes in as text nodes and can never become markup.
 * Element and attribute NAMES are the caller's literals, never input text.
 * Text that is not valid UTF-8 is repaired (bad bytes become U+FFFD) and C0
 * control characters other than tab and newline are dropped.
 *
 * Nodes belong to their document: html_doc_free() frees them all.  A failed
 * allocation inside the tree marks the document broken; html_serialize() and
 * html_write() then fail, so a half-built page is never written. */
#ifndef LEADQA_HTML_H
#define LEADQA_HTML_H

#include <stddef.h>
#include "util.h"

struct html_doc;
struct html_node;

/* A page with <!DOCTYPE html>, <html lang>, <head> holding the charset and
 * viewport metas, <title> and one <style> with css (the caller's constant
 * text, written raw), and an empty <body>.  Never NULL. */
struct html_doc *html_doc_new(const char *lang, const char *title, const char *css);
void html_doc_free(struct html_doc *doc);           /* accepts NULL */
struct html_node *html_body(struct html_doc *doc);
struct html_node *html_head(struct html_doc *doc);

/* A new element appended to parent; NULL parent gives NULL (so a chain of
 * calls after a failure stays harmless). */
struct html_node *html_el(struct html_node *parent, const char *tag);
/* An element holding text (escaped); text NULL = empty element. */
struct html_node *html_el_text(struct html_node *parent, const char *tag, const char *text);
struct html_node *html_el_textf(struct html_node *parent, const char *tag,
				const char *fmt, ...) LQ_PRINTF(3, 4);
/* An element with one class attribute, a common case. */
struct html_node *html_el_class(struct html_node *parent, const char *tag, const char *cls);
/* Appends text (escaped). */
void html_text(struct html_node *parent, const char *text);
void html_textf(struct html_node *parent, const char *fmt, ...) LQ_PRINTF(2, 3);
/* Sets an attribute (value escaped); returns node for chaining. */
struct html_node *html_attr(struct html_node *node, const char *name, const char *value);
struct html_node *html_attrf(struct html_node *node, const char *name,
			     const char *fmt, ...) LQ_PRINTF(3, 4);
/* <a href=href>text</a>; href must be a link the report made itself. */
struct html_node *html_link(struct html_node *parent, const char *href, const char *text);

/* Every <tbody> without a row gets one: a cell across the table's columns
 * (its <thead> row's) saying `text`, class "empty", so that an empty table
 * never reads as a table that failed to load. */
void html_fill_empty_tables(struct html_doc *doc, const char *text);
/* Serialises the page into out (appended).  0, or -1 when the tree is broken
 * or serialisation failed. */
int html_serialize(struct html_doc *doc, struct strbuf *out);
/* Serialises and writes the page to path (plain write, checked; the caller
 * makes the whole folder appear atomically).  0 or -1 with a message. */
int html_write(struct html_doc *doc, const char *path);

/* Copies s into out with invalid UTF-8 bytes replaced by U+FFFD and C0
 * controls (except \t \n) dropped; out is reset first. */
void html_clean_text(const char *s, struct strbuf *out);

#endif
