/*
 * chart_int.h - what the chart files share and nothing else sees.
 *
 * chart_plan.c   entry point, spec checks, display-list items, text
 *                measuring and wrapping, the frame (title, key, notes,
 *                footer), scales and label spreading;
 * chart_axes.c   value axes (nice domains, gridlines, tick labels) and
 *                label axes (months, years, names);
 * chart_layout.c what the layouts share (ranges, scales, references);
 * chart_series.c BARS, LINE and MULTIPLES, over the labels (months);
 * chart_rows.c   HBARS, DOTS and RANKED, one row a label;
 * chart_hist.c   HISTOGRAM;
 * chart_paint.c  cairo and pango: painting a plan, measuring text;
 * chart_render.c surfaces per format, SVG id renumbering, PDF date;
 * chart_png.c    PNG with its pHYs chunk through libpng.
 *
 * All geometry is in points, origin top left, y down.
 */
#ifndef TALLY_CHART_INT_H
#define TALLY_CHART_INT_H

#include <stddef.h>

#include "tally/chart.h"
#include "tally/util.h"

/* House colours besides the series palette. */
#define CHART_INK 0x1A1A1A	/* title */
#define CHART_INK2 0x4A4A4A	/* subtitle, labels */
#define CHART_INK3 0x666666	/* tick labels, footer */
#define CHART_GRIDC 0xDCDCDC	/* gridlines */
#define CHART_BASEC 0x333333	/* zero line, reference lines */
#define CHART_OTHERC 0xB4B4B4	/* the "Others" bar */

#define CHART_MAX_NOTES 4
#define CHART_TICK_LEN 3.0	/* tick marks on label axes, pt */

/* The working state of one plan computation. */
struct chart_ctx {
	const struct chart_spec *spec;
	const struct chart_measure *m;
	struct chart_plan *plan;
	double fs;		/* base font size */
	double pad;		/* outer margin */
	struct chart_box body;	/* what the frame leaves for the data */
	char notes[CHART_MAX_NOTES][160];
	size_t nnotes;
	int key;		/* draw a key of the series under the subtitle */
	int grow;		/* the height is ours to choose: a row chart
				 * asks for more rather than squeeze its rows */
};

/* ---- chart_plan.c ---- */

/* Fills the zero fields of s that have defaults (size, dpi, font size). */
void chart_spec_defaults(struct chart_spec *s);

struct chart_item *chart_add_item(struct chart_ctx *c, enum chart_prim prim,
				  enum chart_role role, uint32_t rgb);
struct chart_item *chart_add_rect(struct chart_ctx *c, enum chart_role role,
				  uint32_t rgb, double x0, double y0,
				  double x1, double y1);
struct chart_item *chart_add_line(struct chart_ctx *c, enum chart_role role,
				  uint32_t rgb, double stroke, double x0,
				  double y0, double x1, double y1);
struct chart_item *chart_add_dot(struct chart_ctx *c, enum chart_role role,
				 uint32_t rgb, double x, double y, double r);
/* Adds a path of the n points (a polyline when stroke > 0, else a
 * filled polygon). */
struct chart_item *chart_add_path(struct chart_ctx *c, enum chart_role role,
				  uint32_t rgb, double stroke,
				  const struct chart_point *pts, size_t n);
struct chart_item *chart_add_text(struct chart_ctx *c, enum chart_role role,
				  const char *text, double x, double y,
				  double size, int bold, uint32_t rgb,
				  enum chart_align align,
				  enum chart_valign valign);

/* Width of text in pt through the measure callback or the estimate. */
double chart_text_width(const struct chart_ctx *c, const char *text,
			double size, int bold);
/* The height of one line of text of the given size. */
double chart_line_height(double size);

/* Adds a note (printf-style) to go above the footer. */
void chart_add_note(struct chart_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Lays out title, subtitle, key (when c->key), notes and footer and sets
 * c->body to the rest; fails when too little room is left. */
int chart_frame(struct chart_ctx *c, struct diag *d);

/* Throws away the items of a layout attempt (to retry another way). */
void chart_plan_reset(struct chart_ctx *c);

/* The name of series i for labels ("" when unnamed). */
const char *chart_series_name(const struct chart_ctx *c, size_t i);
/* A colour for text in series colour rgb, darkened when too light to
 * read on white. */
uint32_t chart_text_colour(uint32_t rgb);
/* The effective unit and currency of series i (or of the spec: i < 0). */
enum chart_unit chart_unit_of(const struct chart_ctx *c, long i,
			      const char **currency);

/* ---- chart_axes.c ---- */

/* Sets s->d0, d1 and step to a nice domain around lo..hi (zero
 * included) with at most max_ticks intervals; page range untouched. */
void chart_nice_domain(struct chart_scale *s, double lo, double hi,
		       int max_ticks, int integer);

/* Formats a value for a tick (no currency) or for a label (with it). */
char *chart_fmt_tick(char *buf, size_t size, double v, double step,
		     enum chart_unit unit);
char *chart_fmt_value(char *buf, size_t size, double v, enum chart_unit unit,
		      const char *currency);

/* The width of the widest tick label of s. */
double chart_ticks_width(const struct chart_ctx *c, const struct chart_scale *s,
			 enum chart_unit unit, double size);

/* Draws a vertical value axis: horizontal gridlines from x0 to x1 at each
 * tick of s, the zero line, and tick labels right-aligned at x0 - gap. */
void chart_value_axis_v(struct chart_ctx *c, const struct chart_scale *s,
			enum chart_unit unit, double x0, double x1,
			double size);
/* Draws a horizontal value axis: vertical gridlines from y0 to y1 and
 * tick labels centred below y1. */
void chart_value_axis_h(struct chart_ctx *c, const struct chart_scale *s,
			enum chart_unit unit, double y0, double y1,
			double size);

/* Draws the zero line of s across a0..a1 (a vertical line when the
 * scale is horizontal) if zero is in its domain. */
void chart_zero_line(struct chart_ctx *c, const struct chart_scale *s,
		     int vertical, double a0, double a1);

/* A label axis: n bands of width bw from x0 under a plot. */
struct chart_band_axis {
	const char *const *labels;
	size_t n;
	double x0, bw;
	int months;		/* every label is YYYY-MM */
};

/* Fills a band axis; returns the height its labels need. */
double chart_band_axis_init(const struct chart_ctx *c,
			    struct chart_band_axis *a,
			    const char *const *labels, size_t n, double size);
/* Draws the labels of a (x0 and bw set) below the baseline y. */
void chart_band_axis_draw(struct chart_ctx *c, const struct chart_band_axis *a,
			  double y, double size);

/* ---- chart_layout.c ---- */

/* The size of tick labels. */
double chart_tick_size(const struct chart_ctx *c);
/* v rounded down into lo..hi. */
int chart_clampi(double v, int lo, int hi);
/* Widens *lo..*hi to take in the values of v[0..n) that are not NAN. */
void chart_take_range(const double *v, size_t n, double *lo, double *hi);
/* Widens *lo..*hi to take in the reference lines. */
void chart_take_refs(const struct chart_spec *s, double *lo, double *hi);
/* A vertical value scale for a plot from y0 (top) to y1 (bottom), a tick
 * every `spacing` base font sizes at most. */
void chart_scale_v(const struct chart_ctx *c, struct chart_scale *sc,
		   double lo, double hi, double y0, double y1,
		   enum chart_unit unit, double spacing);
/* The label of reference line i: its own, or its value. */
const char *chart_ref_label(const struct chart_ctx *c, size_t i, char *buf,
			    size_t size);
/* Horizontal reference lines across x0..x1, labelled above at x1. */
void chart_refs_across(struct chart_ctx *c, const struct chart_scale *sc,
		       double x0, double x1);
/* Spreads label positions y[0..n) apart by gap within lo..hi, each
 * staying at its own index (chart_spread_labels sorts). */
void chart_spread_kept(double *y, size_t n, double gap, double lo, double hi);
/* Adds the direct label of series k at y, left-aligned at x. */
void chart_direct_label(struct chart_ctx *c, size_t k, double x, double y,
			double maxw);
/* The widest series name, at most share of the body's width. */
double chart_names_width(const struct chart_ctx *c, double share);

/* ---- chart_series.c, chart_rows.c, chart_hist.c: the kinds ---- */

int chart_plan_bars(struct chart_ctx *c, struct diag *d);
int chart_plan_line(struct chart_ctx *c, struct diag *d);
int chart_plan_multiples(struct chart_ctx *c, struct diag *d);
int chart_plan_rows(struct chart_ctx *c, struct diag *d);
int chart_plan_histogram(struct chart_ctx *c, struct diag *d);

/* ---- chart_paint.c ---- */

struct chart_painter;
struct _cairo;			/* cairo_t, without including cairo.h */
struct _cairo_surface;		/* cairo_surface_t */

/* The pango measure of spec's font, for chart_plan_compute(). */
struct chart_painter *chart_painter_new(const struct chart_spec *spec);
void chart_painter_measure(struct chart_painter *p, struct chart_measure *m);
/* Paints plan on cr (in pt; the caller scales for pixels). */
int chart_paint(struct chart_painter *p, struct _cairo *cr,
		const struct chart_plan *plan, struct diag *d);
void chart_painter_free(struct chart_painter *p);

/* ---- chart_render.c / chart_png.c ---- */

/* Rewrites the ids of an SVG document as id1, id2, ... in the order they
 * are defined, and every reference to them, into out. */
void chart_svg_renumber(const char *svg, size_t len, struct strbuf *out);

/* Writes a cairo ARGB32 image surface as an RGB PNG with a pHYs chunk
 * of dpi through write. */
int chart_png_write(struct _cairo_surface *surface, double dpi, chart_write_fn write,
		    void *ctx, struct diag *d);

#endif
