/* test_svg.c — charts carry a title, axes, tick labels and a legend; series
 * differ by marker as well as colour; missing values break the line; labels
 * are escaped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "html.h"
#include "svg.h"
#include "util.h"

static char *render(struct html_doc *doc)
{
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(html_serialize(doc, &sb), 0);
	return strbuf_detach(&sb);
}

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_line_chart(void **state)
{
	(void)state;
	struct html_doc *doc = html_doc_new("en", "t", NULL);
	const char *x[] = { "12-01", "12-02", "12-03", "12-04" };
	double a[] = { 0.1, 0.2, NAN, 0.4 }, b[] = { 0.5, 0.5, 0.5, 0.5 };
	struct svg_series s[] = { { "all <dialogues>", a }, { "bot only", b } };
	struct svg_line_opts o = { "FCR & trend", x, 4, s, 2, 1, 0, 0, NULL };
	svg_line_chart(html_body(doc), &o);
	char *out = render(doc);
	assert_non_null(strstr(out, "<title>FCR &amp; trend</title>"));
	assert_non_null(strstr(out, "role=\"img\""));
	assert_non_null(strstr(out, "viewBox=\"0 0 640 240\""));
	/* legend escaped, both series named */
	assert_non_null(strstr(out, "all &lt;dialogues&gt;"));
	assert_non_null(strstr(out, ">bot only</text>"));
	/* shares: y axis from 0% to 50% */
	assert_non_null(strstr(out, ">0%</text>"));
	assert_non_null(strstr(out, ">50%</text>"));
	assert_non_null(strstr(out, ">12-01</text>"));
	/* the missing value breaks the first series into two pieces */
	const char *p = strstr(out, "class=\"series\" d=\"M");
	assert_non_null(p);
	const char *end = strchr(p + 19, '"');
	int moves = 0;
	for (const char *q = p + 18; q < end; q++)
		moves += *q == 'M';
	assert_int_equal(moves, 2);
	/* markers: circles for the first series, squares (rect) for the second */
	assert_int_equal(count(out, "<circle"), 3 + 1);   /* 3 points + legend */
	assert_true(count(out, "<rect") >= 4 + 1);
	assert_non_null(strstr(out, "stroke-dasharray=\"6 3\""));
	/* no point is provisional: every marker filled */
	assert_null(strstr(out, "fill=\"#fff\""));
	free(out);
	html_doc_free(doc);
}

/* Provisional nights are drawn hollow: white fill, the series' colour as stroke. */
static void test_line_chart_hollow(void **state)
{
	(void)state;
	struct html_doc *doc = html_doc_new("en", "t", NULL);
	const char *x[] = { "12-01", "12-02", "12-03" };
	double a[] = { 0.6, 0.7, 0.8 };
	const unsigned char hollow[] = { 0, 1, 1 };
	struct svg_series s[] = { { "all", a } };
	struct svg_line_opts o = { "FCR", x, 3, s, 1, 1, 0, 0, hollow };
	svg_line_chart(html_body(doc), &o);
	char *out = render(doc);
	assert_int_equal(count(out, "fill=\"#fff\""), 2);
	assert_int_equal(count(out, "stroke-width=\"1.5\""), 2);
	free(out);
	html_doc_free(doc);
}

static void test_xy_bar_heatmap(void **state)
{
	(void)state;
	struct html_doc *doc = html_doc_new("en", "t", NULL);
	double fx[] = { 0, 0.2, 1 }, fy[] = { 0, 0.7, 1 };
	struct svg_xy_series xs = { "model", fx, fy, 3, 0 };
	struct svg_xy_opts xo = { "ROC", "false positive rate", "true positive rate", &xs, 1, 1 };
	svg_xy_chart(html_body(doc), &xo);
	const char *labels[] = { "A", "B" };
	double v[] = { 3, 1 };
	svg_bar_chart(html_body(doc), "grades", labels, v, 2, 0);
	const char *cx[] = { "1", "10" }, *gy[] = { "0.1" };
	double grid[] = { 0.7, NAN };
	svg_heatmap(html_body(doc), "grid", "C", "gamma", cx, 2, gy, 1, grid);
	char *out = render(doc);
	assert_non_null(strstr(out, "class=\"ref\""));               /* diagonal */
	assert_non_null(strstr(out, ">false positive rate</text>"));
	assert_non_null(strstr(out, "rotate(-90)"));
	assert_non_null(strstr(out, ">3</text>"));                    /* bar values written */
	assert_non_null(strstr(out, ">0.7</text>"));                  /* cell value written */
	assert_non_null(strstr(out, "fill=\"#eeeeee\""));             /* not tried */
	assert_non_null(strstr(out, ">–</text>"));
	free(out);
	html_doc_free(doc);
}

static void test_format(void **state)
{
	(void)state;
	char b[32];
	svg_format_value(0.256, 1, b, sizeof(b));
	assert_string_equal(b, "26%");
	svg_format_value(0.05, 1, b, sizeof(b));
	assert_string_equal(b, "5.0%");
	svg_format_value(1234.0, 0, b, sizeof(b));
	assert_string_equal(b, "1234");
	svg_format_value(0.71234, 0, b, sizeof(b));
	assert_string_equal(b, "0.712");
	svg_format_value(NAN, 0, b, sizeof(b));
	assert_string_equal(b, "–");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_chart),
		cmocka_unit_test(test_line_chart_hollow),
		cmocka_unit_test(test_xy_bar_heatmap),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
