/* test_html.c — the page tree escapes every text and attribute value,
 * repairs bad UTF-8 and keeps Cyrillic as UTF-8. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "html.h"
#include "util.h"

static char *render(struct html_doc *doc)
{
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(html_serialize(doc, &sb), 0);
	return strbuf_detach(&sb);
}

static void test_escapes_text_and_attributes(void **state)
{
	(void)state;
	struct html_doc *doc = html_doc_new("ru", "a <title> & more", "p > b { color: red }");
	struct html_node *p = html_el_text(html_body(doc), "p", "Привет <script>alert(1)</script> & \"q\"");
	html_attr(p, "title", "\"><script>alert(2)</script>");
	html_link(html_body(doc), "d/x.html", "<b>link</b>");
	char *s = render(doc);
	assert_non_null(strstr(s, "<!DOCTYPE html>"));
	assert_non_null(strstr(s, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(s, "name=\"viewport\""));
	assert_non_null(strstr(s, "Привет &lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
	assert_non_null(strstr(s, "&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
	assert_non_null(strstr(s, ">&lt;b&gt;link&lt;/b&gt;</a>"));
	assert_non_null(strstr(s, "<title>a &lt;title&gt; &amp; more</title>"));
	/* the stylesheet is the caller's constant and stays raw */
	assert_non_null(strstr(s, "p > b { color: red }"));
	assert_null(strstr(s, "<script"));
	free(s);
	html_doc_free(doc);
}

static void test_bad_utf8_and_controls(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	html_clean_text("a\xff" "b\x01" "c\td\xd0\x9f\xed\xa0\x80", &sb);
	assert_string_equal(strbuf_str(&sb), "a\xef\xbf\xbd" "bc\td\xd0\x9f\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	strbuf_release(&sb);

	struct html_doc *doc = html_doc_new("en", "t", NULL);
	html_el_text(html_body(doc), "p", "x\xc3(y");
	char *s = render(doc);
	assert_non_null(strstr(s, "<p>x\xef\xbf\xbd(y</p>"));
	free(s);
	html_doc_free(doc);
}

static void test_formatted_and_null_parent(void **state)
{
	(void)state;
	struct html_doc *doc = html_doc_new("en", "t", NULL);
	struct html_node *td = html_el_textf(html_body(doc), "td", "%d <%s>", 42, "x");
	html_attrf(td, "data-n", "%ld", 7L);
	assert_null(html_el(NULL, "p"));
	assert_null(html_attr(NULL, "a", "b"));
	html_text(NULL, "nothing");
	char *s = render(doc);
	assert_non_null(strstr(s, "data-n=\"7\">42 &lt;x&gt;</td>"));
	free(s);
	html_doc_free(doc);
	html_doc_free(NULL);
}

static void test_write_fails_loudly(void **state)
{
	(void)state;
	struct html_doc *doc = html_doc_new("en", "t", NULL);
	assert_int_equal(html_write(doc, "/nonexistent-dir/page.html"), -1);
	if (!access("/dev/full", W_OK))
		assert_int_equal(html_write(doc, "/dev/full"), -1);
	html_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes_text_and_attributes),
		cmocka_unit_test(test_bad_utf8_and_controls),
		cmocka_unit_test(test_formatted_and_null_parent),
		cmocka_unit_test(test_write_fails_loudly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
