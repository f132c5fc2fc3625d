/* svg.c — charts as SVG elements in the page tree (see svg.h). */
#include "compat.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const palette[] = { "#1f5fa8", "#c0392b", "#2e7d32", "#7b3fa0", "#b26a00" };
static const char *const dashes[] = { "", "6 3", "2 3", "8 3 2 3", "1 2" };
#define N_STYLES (sizeof(palette) / sizeof(palette[0]))

void svg_format_value(double v, int percent, char *out, size_t outsz)
{
	if (isnan(v))
		snprintf(out, outsz, "–");
	else if (percent)
		snprintf(out, outsz, "%.*f%%", fabs(v) < 0.1 && v != 0 ? 1 : 0, v * 100.0);
	else if (fabs(v) >= 1000 || (v == floor(v) && fabs(v) < 1e15))
		snprintf(out, outsz, "%.0f", v);
	else
		snprintf(out, outsz, "%.3g", v);
}

static struct html_node *svg_root(struct html_node *parent, const char *title, int w, int h)
{
	struct html_node *svg = html_el_class(parent, "svg", "chart");
	html_attrf(svg, "viewBox", "0 0 %d %d", w, h);
	html_attr(svg, "role", "img");
	html_attr(svg, "aria-label", title);
	html_attr(svg, "preserveAspectRatio", "xMidYMid meet");
	/* never drawn larger than designed: small charts stay small */
	html_attrf(svg, "style", "max-width:%dpx", w);
	html_el_text(svg, "title", title);
	return svg;
}

static void line(struct html_node *g, double x1, double y1, double x2, double y2, const char *cls)
{
	struct html_node *l = html_el_class(g, "line", cls);
	html_attrf(l, "x1", "%.1f", x1);
	html_attrf(l, "y1", "%.1f", y1);
	html_attrf(l, "x2", "%.1f", x2);
	html_attrf(l, "y2", "%.1f", y2);
}

static void text_at(struct html_node *g, double x, double y, const char *anchor,
		    const char *cls, const char *s)
{
	struct html_node *t = html_el_text(g, "text", s);
	html_attrf(t, "x", "%.1f", x);
	html_attrf(t, "y", "%.1f", y);
	if (anchor)
		html_attr(t, "text-anchor", anchor);
	if (cls)
		html_attr(t, "class", cls);
}

/* Marker of series i: circle, square, triangle, diamond, cross. */
static struct html_node *marker(struct html_node *g, size_t i, double x, double y, const char *tip)
{
	const char *c = palette[i % N_STYLES];
	struct html_node *m;
	switch (i % N_STYLES) {
	case 0:
		m = html_el(g, "circle");
		html_attrf(m, "cx", "%.1f", x);
		html_attrf(m, "cy", "%.1f", y);
		html_attr(m, "r", "3.5");
		break;
	case 1:
		m = html_el(g, "rect");
		html_attrf(m, "x", "%.1f", x - 3.5);
		html_attrf(m, "y", "%.1f", y - 3.5);
		html_attr(m, "width", "7");
		html_attr(m, "height", "7");
		break;
	case 2:
		m = html_el(g, "path");
		html_attrf(m, "d", "M%.1f %.1fL%.1f %.1fL%.1f %.1fZ", x, y - 4.5, x + 4, y + 3, x - 4, y + 3);
		break;
	case 3:
		m = html_el(g, "path");
		html_attrf(m, "d", "M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ",
			   x, y - 4.5, x + 4.5, y, x, y + 4.5, x - 4.5, y);
		break;
	default:
		m = html_el(g, "path");
		html_attrf(m, "d", "M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f",
			   x - 4, y - 4, x + 4, y + 4, x - 4, y + 4, x + 4, y - 4);
		html_attr(m, "stroke", c);
		html_attr(m, "stroke-width", "2");
		break;
	}
	html_attr(m, "fill", c);
	if (tip)
		html_el_text(m, "title", tip);
	return m;
}

static void legend(struct html_node *svg, const char *const *labels, size_t n, double x, double y)
{
	struct html_node *g = html_el_class(svg, "g", "legend");
	for (size_t i = 0; i < n; i++) {
		double yy = y + 16.0 * (double)i;
		struct html_node *l = html_el(g, "line");
		html_attrf(l, "x1", "%.1f", x);
		html_attrf(l, "y1", "%.1f", yy);
		html_attrf(l, "x2", "%.1f", x + 22);
		html_attrf(l, "y2", "%.1f", yy);
		html_attr(l, "stroke", palette[i % N_STYLES]);
		html_attr(l, "stroke-width", "2");
		if (*dashes[i % N_STYLES])
			html_attr(l, "stroke-dasharray", dashes[i % N_STYLES]);
		marker(g, i, x + 11, yy, NULL);
		text_at(g, x + 28, yy + 4, NULL, "lbl", labels[i] ? labels[i] : "");
	}
}

static void nice_range(double lo, double hi, int percent, double *out_lo, double *out_hi)
{
	if (isnan(lo) || isnan(hi)) {
		lo = 0;
		hi = 1;
	}
	if (percent) {
		*out_lo = 0;
		*out_hi = hi <= 0.05 ? 0.05 : hi <= 0.1 ? 0.1 : hi <= 0.25 ? 0.25 : hi <= 0.5 ? 0.5 : 1.0;
		return;
	}
	if (lo > 0)
		lo = 0;
	if (hi <= lo)
		hi = lo + 1;
	double span = hi - lo, step = pow(10, floor(log10(span)));
	if (span / step < 3)
		step /= 2;
	*out_lo = floor(lo / step) * step;
	*out_hi = ceil(hi / step) * step;
}

static void y_axis(struct html_node *g, double left, double right, double top, double bottom,
		   double lo, double hi, int percent)
{
	char buf[32];
	for (int k = 0; k <= 4; k++) {
		double v = lo + (hi - lo) * k / 4.0;
		double y = bottom - (bottom - top) * k / 4.0;
		line(g, left, y, right, y, k ? "grid" : "axis");
		svg_format_value(v, percent, buf, sizeof(buf));
		text_at(g, left - 6, y + 4, "end", "tick", buf);
	}
	line(g, left, top, left, bottom, "axis");
}

struct html_node *svg_line_chart(struct html_node *parent, const struct svg_line_opts *o)
{
	int w = o->width ? o->width : 640, h = o->height ? o->height : 240;
	double left = 52, right = w - 12, top = 14, bottom = h - 30;
	double lo = NAN, hi = NAN, ylo, yhi;
	const char *labels[16];
	struct html_node *svg = svg_root(parent, o->title, w, h), *g;
	size_t ns = o->ns;

	if (ns > 1) {
		/* legend takes a band at the bottom */
		bottom -= 16.0 * (double)(ns > 16 ? 16 : ns);
	}
	for (size_t s = 0; s < ns; s++)
		for (size_t i = 0; i < o->nx; i++) {
			double v = o->series[s].y[i];
			if (isnan(v))
				continue;
			lo = isnan(lo) || v < lo ? v : lo;
			hi = isnan(hi) || v > hi ? v : hi;
		}
	nice_range(lo, hi, o->percent, &ylo, &yhi);
	g = html_el(svg, "g");
	y_axis(g, left, right, top, bottom, ylo, yhi, o->percent);
	double step = o->nx > 1 ? (right - left - 10) / (double)(o->nx - 1) : 0;
	size_t every = o->nx > 8 ? (o->nx + 5) / 6 : 1;
	for (size_t i = 0; i < o->nx; i++) {
		double x = left + 5 + step * (double)i;
		if (i % every == 0 || i + 1 == o->nx) {
			if (i + 1 == o->nx && i % every && o->nx - 1 - (i / every) * every < every / 2 + 1)
				continue;
			line(g, x, bottom, x, bottom + 4, "axis");
			text_at(g, x, bottom + 16, "middle", "tick", o->xlabels[i]);
		}
	}
	for (size_t s = 0; s < ns; s++) {
		struct strbuf d = STRBUF_INIT;
		int pen = 0;
		struct html_node *gs = html_el(svg, "g");
		for (size_t i = 0; i < o->nx; i++) {
			double v = o->series[s].y[i];
			if (isnan(v)) {
				pen = 0;
				continue;
			}
			double x = left + 5 + step * (double)i;
			double y = bottom - (bottom - top) * (v - ylo) / (yhi - ylo);
			strbuf_addf(&d, "%c%.1f %.1f", pen ? 'L' : 'M', x, y);
			pen = 1;
		}
		if (d.len) {
			struct html_node *p = html_el_class(gs, "path", "series");
			html_attr(p, "d", strbuf_str(&d));
			html_attr(p, "stroke", palette[s % N_STYLES]);
			if (*dashes[s % N_STYLES])
				html_attr(p, "stroke-dasharray", dashes[s % N_STYLES]);
		}
		strbuf_release(&d);
		for (size_t i = 0; i < o->nx; i++) {
			double v = o->series[s].y[i];
			char val[32], tip[96];
			if (isnan(v))
				continue;
			svg_format_value(v, o->percent, val, sizeof(val));
			snprintf(tip, sizeof(tip), "%s: %s", o->xlabels[i], val);
			struct html_node *m = marker(gs, s, left + 5 + step * (double)i,
						     bottom - (bottom - top) * (v - ylo) / (yhi - ylo), tip);
			if (o->hollow && o->hollow[i]) {
				html_attr(m, "fill", "#fff");
				html_attr(m, "stroke", palette[s % N_STYLES]);
				html_attr(m, "stroke-width", "1.5");
			}
		}
	}
	if (ns > 1) {
		for (size_t s = 0; s < ns && s < 16; s++)
			labels[s] = o->series[s].label;
		legend(svg, labels, ns > 16 ? 16 : ns, left + 8, bottom + 34);
	}
	return svg;
}

struct html_node *svg_xy_chart(struct html_node *parent, const struct svg_xy_opts *o)
{
	int w = 360, h = 360;
	double left = 48, right = w - 14, top = 14, bottom = h - 44;
	const char *labels[16];
	size_t nl = o->ns > 16 ? 16 : o->ns;
	struct html_node *svg, *g;
	char buf[32];

	h += (int)(16 * nl);
	svg = svg_root(parent, o->title, w, h);
	g = html_el(svg, "g");
	for (int k = 0; k <= 4; k++) {
		double f = k / 4.0;
		double y = bottom - (bottom - top) * f, x = left + (right - left) * f;
		line(g, left, y, right, y, k ? "grid" : "axis");
		line(g, x, top, x, bottom, k ? "grid" : "axis");
		svg_format_value(f, 0, buf, sizeof(buf));
		text_at(g, left - 6, y + 4, "end", "tick", buf);
		text_at(g, x, bottom + 15, "middle", "tick", buf);
	}
	text_at(g, (left + right) / 2, bottom + 32, "middle", "lbl", o->xname);
	{
		struct html_node *t = html_el_text(g, "text", o->yname);
		html_attrf(t, "transform", "translate(12 %.1f) rotate(-90)", (top + bottom) / 2);
		html_attr(t, "text-anchor", "middle");
		html_attr(t, "class", "lbl");
	}
	if (o->diagonal) {
		line(g, left, bottom, right, top, "ref");
	}
	for (size_t s = 0; s < o->ns; s++) {
		const struct svg_xy_series *se = &o->series[s];
		struct html_node *gs = html_el(svg, "g");
		struct strbuf d = STRBUF_INIT;
		for (size_t i = 0; i < se->n; i++) {
			double x = se->x[i], y = se->y[i];
			if (isnan(x) || isnan(y))
				continue;
			x = x < 0 ? 0 : x > 1 ? 1 : x;
			y = y < 0 ? 0 : y > 1 ? 1 : y;
			strbuf_addf(&d, "%c%.1f %.1f", d.len ? 'L' : 'M',
				    left + (right - left) * x, bottom - (bottom - top) * y);
		}
		if (d.len && !se->points_only) {
			struct html_node *p = html_el_class(gs, "path", "series");
			html_attr(p, "d", strbuf_str(&d));
			html_attr(p, "stroke", palette[s % N_STYLES]);
			if (*dashes[s % N_STYLES])
				html_attr(p, "stroke-dasharray", dashes[s % N_STYLES]);
		}
		strbuf_release(&d);
		/* markers: every point when few, else about 12 along the curve */
		size_t every = se->n > 24 ? se->n / 12 : 1;
		for (size_t i = 0; i < se->n; i += every) {
			double x = se->x[i], y = se->y[i];
			char tip[80];
			if (isnan(x) || isnan(y))
				continue;
			snprintf(tip, sizeof(tip), "%.3f, %.3f", x, y);
			x = x < 0 ? 0 : x > 1 ? 1 : x;
			y = y < 0 ? 0 : y > 1 ? 1 : y;
			marker(gs, s, left + (right - left) * x, bottom - (bottom - top) * y, tip);
		}
		if (s < 16)
			labels[s] = se->label;
	}
	if (nl)
		legend(svg, labels, nl, left + 4, bottom + 50);
	return svg;
}

struct html_node *svg_bar_chart(struct html_node *parent, const char *title,
				const char *const *labels, const double *values, size_t n,
				int percent)
{
	int w = 640, row = 24, h = (int)n * row + 20;
	double left = 170, right = w - 70, max = 0;
	struct html_node *svg = svg_root(parent, title, w, h), *g = html_el(svg, "g");
	char buf[32];
	for (size_t i = 0; i < n; i++)
		if (!isnan(values[i]) && values[i] > max)
			max = values[i];
	if (percent && max < 1e-12)
		max = 1;
	if (max <= 0)
		max = 1;
	for (size_t i = 0; i < n; i++) {
		double y = 10 + (double)i * row, v = isnan(values[i]) ? 0 : values[i];
		struct html_node *r = html_el_class(g, "rect", "bar");
		struct strbuf lbl = STRBUF_INIT;
		/* long labels are cut; the full text stays in the tooltip */
		const char *full = labels[i] ? labels[i] : "";
		html_clean_text(full, &lbl);
		if (lbl.len > 26) {
			size_t cut = 24;
			while (cut > 0 && (lbl.buf[cut] & 0xc0) == 0x80)
				cut--;
			lbl.len = cut;
			lbl.buf[cut] = 0;
			strbuf_adds(&lbl, "…");
		}
		html_attrf(r, "x", "%.1f", left);
		html_attrf(r, "y", "%.1f", y);
		html_attrf(r, "width", "%.1f", (right - left) * v / max);
		html_attrf(r, "height", "%d", row - 6);
		svg_format_value(values[i], percent, buf, sizeof(buf));
		html_el_textf(r, "title", "%s: %s", full, buf);
		text_at(g, left - 6, y + row / 2.0 + 1, "end", "lbl", strbuf_str(&lbl));
		text_at(g, left + (right - left) * v / max + 5, y + row / 2.0 + 1, NULL, "val", buf);
		strbuf_release(&lbl);
	}
	line(g, left, 6, left, h - 6, "axis");
	return svg;
}

struct html_node *svg_heatmap(struct html_node *parent, const char *title,
			      const char *xname, const char *yname,
			      const char *const *xlabels, size_t nx,
			      const char *const *ylabels, size_t ny,
			      const double *values)
{
	double cw = nx > 10 ? 44 : 60, ch = 26, left = 78, top = 34;
	int w = (int)(left + cw * (double)nx + 12), h = (int)(top + ch * (double)ny + 16);
	double lo = NAN, hi = NAN;
	struct html_node *svg = svg_root(parent, title, w, h), *g = html_el(svg, "g");
	char buf[32];

	for (size_t i = 0; i < nx * ny; i++) {
		if (isnan(values[i]))
			continue;
		lo = isnan(lo) || values[i] < lo ? values[i] : lo;
		hi = isnan(hi) || values[i] > hi ? values[i] : hi;
	}
	text_at(g, left + cw * (double)nx / 2, 12, "middle", "lbl", xname);
	text_at(g, 4, 12, NULL, "lbl", yname);
	for (size_t x = 0; x < nx; x++)
		text_at(g, left + cw * ((double)x + 0.5), top - 6, "middle", "tick", xlabels[x]);
	for (size_t y = 0; y < ny; y++) {
		text_at(g, left - 6, top + ch * ((double)y + 0.5) + 4, "end", "tick", ylabels[y]);
		for (size_t x = 0; x < nx; x++) {
			double v = values[y * nx + x];
			double f = isnan(v) || !(hi > lo) ? 0.5 : (v - lo) / (hi - lo);
			struct html_node *r = html_el(g, "rect");
			html_attrf(r, "x", "%.1f", left + cw * (double)x);
			html_attrf(r, "y", "%.1f", top + ch * (double)y);
			html_attrf(r, "width", "%.1f", cw - 1);
			html_attrf(r, "height", "%.1f", ch - 1);
			if (isnan(v)) {
				html_attr(r, "fill", "#eeeeee");
			} else {
				/* light to dark blue; the value is written in the cell too */
				int l = (int)(95 - 55 * f);
				html_attrf(r, "fill", "hsl(212, 60%%, %d%%)", l);
			}
			svg_format_value(v, 0, buf, sizeof(buf));
			html_el_textf(r, "title", "%s %s, %s %s: %s", xname, xlabels[x], yname, ylabels[y], buf);
			text_at(g, left + cw * ((double)x + 0.5), top + ch * ((double)y + 0.5) + 4, "middle",
				f > 0.55 && !isnan(v) ? "cell dark" : "cell", buf);
		}
	}
	return svg;
}
