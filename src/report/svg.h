/* svg.h — inline SVG charts for the report, drawn into the page's tree
 * (html.h), so labels are escaped like any other text.
 *
 * Every chart has a <title> (read by screen readers and shown on hover), axes
 * with tick labels, and a legend when it has several series.  Series differ
 * by colour AND by marker shape and dash pattern, so colour is never the only
 * signal.  A missing value is NAN: the line breaks there.  The charts scale
 * with the page width (viewBox, width 100%).  Returned nodes belong to the
 * document. */
#ifndef LEADQA_SVG_H
#define LEADQA_SVG_H

#include <stddef.h>
#include "html.h"

struct svg_series {
	const char *label;
	const double *y;            /* nx values, NAN = missing */
};

struct svg_line_opts {
	const char *title;
	const char *const *xlabels; /* nx labels along the x axis */
	size_t nx;
	const struct svg_series *series;
	size_t ns;
	int percent;                /* values are shares 0..1, shown as % */
	int width, height;          /* 0 = defaults (640 x 240) */
	const unsigned char *hollow; /* nx flags or NULL: points drawn hollow
				      * (provisional values) */
};
/* A line chart (trend over nights).  Returns the <svg> node. */
struct html_node *svg_line_chart(struct html_node *parent, const struct svg_line_opts *o);

struct svg_xy_series {
	const char *label;
	const double *x, *y;
	size_t n;
	int points_only;            /* markers without a connecting line */
};

struct svg_xy_opts {
	const char *title, *xname, *yname;
	const struct svg_xy_series *series;
	size_t ns;
	int diagonal;               /* dashed y = x reference line */
};
/* A plot on the unit square (ROC curve, reliability plot). */
struct html_node *svg_xy_chart(struct html_node *parent, const struct svg_xy_opts *o);

/* Horizontal bars with the value written at the end of each bar. */
struct html_node *svg_bar_chart(struct html_node *parent, const char *title,
				const char *const *labels, const double *values, size_t n,
				int percent);

/* A grid of cells (rows x cols, values row-major, NAN = not tried) shaded by
 * value, each cell also showing its value as text. */
struct html_node *svg_heatmap(struct html_node *parent, const char *title,
			      const char *xname, const char *yname,
			      const char *const *xlabels, size_t nx,
			      const char *const *ylabels, size_t ny,
			      const double *values);

/* Formats v for an axis or label: "%" when percent, else up to 3 digits. */
void svg_format_value(double v, int percent, char *out, size_t outsz);

#endif
