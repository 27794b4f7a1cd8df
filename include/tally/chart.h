/*
 * chart.h - briefing charts: pure geometry, then thin painting.
 *
 * A chart is described by a struct chart_spec: its kind, title, subtitle
 * (which carries the unit), source footer, labels (months "2024-01" or
 * names) and one or more named series of doubles, NAN where a value is
 * missing.  The module knows nothing of facts or aggregates; an adapter
 * fills the spec.
 *
 * Two steps:
 *   chart_plan_compute()  pure arithmetic: scales, nice ticks, bar
 *                         rectangles, label positions and widths, into a
 *                         struct chart_plan, a display list in points
 *                         (1/72 inch, origin top left, y down).  No cairo,
 *                         no I/O; text widths come from a measure callback
 *                         or, without one, from an estimate.
 *   chart_render()        measures text with pango, computes the plan and
 *                         paints it with cairo as SVG, PDF or PNG.
 *
 * House style: Okabe-Ito colours (amber #F5C710 for the yellow), title
 * left-aligned, gridlines only along the value axis, nice tick steps,
 * numbers through numfmt.h, direct labels where they fit and a key where
 * they do not, and the spec's footer (source and coverage) on every chart.
 *
 * Invariants of a spec (chart_plan_compute() checks them and fails with a
 * diag naming the field):
 *   - title and footer are non-empty; every string is UTF-8;
 *   - BARS, LINE and MULTIPLES: every series has nlabels values;
 *     HBARS, DOTS and RANKED: every series has nlabels values, one a row;
 *     HISTOGRAM: series[0] holds the values, or counts per bin with
 *     bin_edges; labels are not used;
 *   - values are finite or NAN (infinities are refused);
 *   - width and height are 72-14400 pt, dpi 36-1200, and a PNG is at most
 *     10000 pixels a side.
 * No data at all (no label, or every value NAN; no positive value for a
 * histogram) fails with "no data for SUBJECT".  One point draws an honest
 * one-point chart.
 *
 * Ownership: a spec borrows everything it points to; the caller keeps it
 * alive during the call.  A plan owns its arrays and strings until
 * chart_plan_release().
 *
 * Errors: every int function returns 0 or -1 and fills the caller's diag
 * (first error wins, success leaves it untouched).  Nothing here prints.
 *
 * Determinism: the same spec gives byte-identical output in any process
 * and whatever was drawn before it: SVG element ids are renumbered per
 * document, the PDF creation date is SOURCE_DATE_EPOCH when set, else the
 * spec's date, else 1970-01-01, and PNGs carry no time.
 */
#ifndef TALLY_CHART_H
#define TALLY_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "tally/diag.h"

enum chart_kind {
	CHART_BARS,		/* "bars": vertical bars over the labels
				 * (months), several series stacked or
				 * grouped */
	CHART_LINE,		/* "line": lines over the labels, with the
				 * series' trend line and 95 % band */
	CHART_HBARS,		/* "hbars": one horizontal bar a label,
				 * sorted, with reference lines */
	CHART_DOTS,		/* "dots": the same as dots, one a series */
	CHART_RANKED,		/* "ranked": horizontal bars, largest first,
				 * top N plus the rest summed as "Others" */
	CHART_HISTOGRAM,	/* "histogram": series[0] binned on a log10
				 * scale (or already binned) */
	CHART_MULTIPLES,	/* "multiples": one small line panel a
				 * series, shared time axis */
	CHART_KIND__COUNT
};

enum chart_format { CHART_SVG, CHART_PDF, CHART_PNG };

/* How values print on axes and labels.  In a series, CHART_UNIT_SAME
 * means the spec's unit; in a spec it means CHART_UNIT_COUNT. */
enum chart_unit {
	CHART_UNIT_SAME,
	CHART_UNIT_COUNT,	/* whole numbers: "1,234", "1.2k" */
	CHART_UNIT_NUMBER,	/* any number: "12.5", "3.4m" */
	CHART_UNIT_PERCENT,	/* percent units: 2.71 prints "2.71%" */
	CHART_UNIT_MONEY	/* "USD 193m" (the currency code beside) */
};

struct chart_series {
	const char *name;	/* direct label, key entry or panel title;
				 * NULL or "" for a single unnamed series */
	const double *values;	/* nvalues values, NAN where missing */
	size_t nvalues;
	const double *trend;	/* LINE: fitted values (nvalues, NAN where
				 * absent) or NULL */
	const double *band_lo;	/* LINE: the 95 % band around the trend, */
	const double *band_hi;	/* both or neither, NULL when absent */
	enum chart_unit unit;	/* MULTIPLES: this panel's unit */
	const char *currency;	/* with CHART_UNIT_MONEY: "USD" */
};

struct chart_ref {
	double value;		/* where the line goes, in data units */
	const char *label;	/* e.g. "NATO guideline"; NULL for none */
};

struct chart_spec {
	enum chart_kind kind;
	const char *title;	/* required */
	const char *subtitle;	/* the unit and what is counted, or NULL */
	const char *footer;	/* required: "Source: 84 bulletins from ...";
				 * '\n' starts a new line */
	const char *subject;	/* named by "no data for ..."; NULL = title */
	const char *date;	/* the end of the data period, YYYY-MM or
				 * YYYY-MM-DD, for the PDF date; or NULL */
	enum chart_unit unit;
	const char *currency;	/* with CHART_UNIT_MONEY */

	const char *const *labels;	/* months "2024-01" or names */
	size_t nlabels;
	const struct chart_series *series;
	size_t nseries;

	int grouped;		/* BARS: 1 side by side, 0 stacked */
	const double *bin_edges;	/* HISTOGRAM: NULL when series[0] holds
				 * the values; else series[0] holds counts
				 * of nvalues bins between these nvalues+1
				 * increasing edges (bins at or below 0
				 * cannot be shown and are noted) */
	const struct chart_ref *refs;	/* reference lines, or NULL */
	size_t nrefs;
	size_t top_n;		/* HBARS, DOTS, RANKED: at most so many data
				 * rows, and fewer when the height cannot
				 * hold them; 0 = as many as fit */
	int keep_order;		/* HBARS, DOTS: keep the labels' order
				 * instead of sorting by value */
	int shared_y;		/* MULTIPLES: one value scale for all */
	const char *others_label;	/* RANKED: NULL = "Others" */

	const char *font_family;	/* NULL = "DejaVu Sans" */
	double font_size;	/* base size in pt; 0 = 9 */
	double width, height;	/* page in pt; 0 = 160 mm wide, 100 mm
				 * high (MULTIPLES higher for rows of
				 * three panels); HBARS, DOTS and RANKED
				 * as high as their rows need (top_n, 20
				 * when 0, and a summary row) */
	double dpi;		/* PNG resolution; 0 = 192 */
};

/* Zeroes spec: every field then means its default. */
void chart_spec_init(struct chart_spec *spec);

/* ---- the plan: a display list ------------------------------------- */

enum chart_prim {
	CHART_PRIM_RECT,	/* filled box x0,y0 - x1,y1 */
	CHART_PRIM_LINE,	/* segment x0,y0 - x1,y1 stroked */
	CHART_PRIM_PATH,	/* polyline of pts (stroke > 0) or polygon
				 * filled (stroke == 0) */
	CHART_PRIM_DOT,		/* disc centred at x0,y0 of radius r */
	CHART_PRIM_TEXT		/* one line of text at x0,y0 (see align) */
};

/* What an item shows, so that tests and painters can find it. */
enum chart_role {
	CHART_ROLE_BACKGROUND,
	CHART_ROLE_TITLE, CHART_ROLE_SUBTITLE, CHART_ROLE_FOOTER,
	CHART_ROLE_NOTE,	/* automatic notes above the footer */
	CHART_ROLE_KEY,		/* key swatches and names */
	CHART_ROLE_GRID,	/* gridlines along the value axis */
	CHART_ROLE_BASELINE,	/* the zero line */
	CHART_ROLE_AXIS_TICK,	/* tick marks on the label axis */
	CHART_ROLE_VALUE_TICK,	/* value axis labels */
	CHART_ROLE_LABEL_TICK,	/* label axis labels (months, names) */
	CHART_ROLE_BAR,		/* a bar or histogram bin */
	CHART_ROLE_SERIES,	/* a series line or dot */
	CHART_ROLE_TREND,	/* trend line */
	CHART_ROLE_BAND,	/* 95 % band */
	CHART_ROLE_REF,		/* reference line */
	CHART_ROLE_REF_LABEL,
	CHART_ROLE_DIRECT_LABEL,	/* series name beside its data */
	CHART_ROLE_VALUE_LABEL,	/* a value printed beside its bar or dot */
	CHART_ROLE_PANEL_TITLE,
	CHART_ROLE_CONNECTOR,	/* line joining the dots of a row */
	CHART_ROLE_HALO		/* background under a value label that a
				 * reference line would cross */
};

enum chart_align { CHART_ALIGN_LEFT, CHART_ALIGN_CENTER, CHART_ALIGN_RIGHT };
enum chart_valign { CHART_VALIGN_TOP, CHART_VALIGN_MIDDLE,
		    CHART_VALIGN_BOTTOM };

struct chart_point {
	double x, y;
};

struct chart_item {
	enum chart_prim prim;
	enum chart_role role;
	int series;		/* index into spec->series, or -1 */
	long index;		/* label index, row or bin, or -1 */
	uint32_t rgb;		/* 0xRRGGBB */
	double alpha;		/* 0-1 */
	double x0, y0, x1, y1;	/* see enum chart_prim */
	double r;		/* DOT radius */
	double stroke;		/* LINE and PATH width in pt */
	int dashed;
	size_t first, npts;	/* PATH: plan->pts[first .. first+npts) */
	/* TEXT: x0,y0 is the anchor: align says which side of the text it
	 * is, valign whether it is the top, middle or bottom of the line. */
	char *text;
	double size;		/* font size in pt */
	int bold;
	enum chart_align align;
	enum chart_valign valign;
	double max_width;	/* elide to this width in pt; 0 = never */
};

/* A linear (or log10) map from data values to page coordinates. */
struct chart_scale {
	double d0, d1;		/* data domain (nice, d0 < d1) */
	double r0, r1;		/* page range: r0 is where d0 goes */
	double step;		/* tick step (in log10 units when log) */
	int log;
};

struct chart_box {
	double x0, y0, x1, y1;
};

struct chart_plan {
	double width, height;	/* page in pt */
	struct chart_box plot;	/* the data area (the first panel) */
	struct chart_scale value;	/* value scale of the first panel */
	double band;		/* BARS, LINE, MULTIPLES, HISTOGRAM: the
				 * width of one label or bin */
	size_t rows_shown;	/* HBARS, DOTS, RANKED: data rows drawn */
	size_t rows_hidden;	/* ... and those left out or summed */
	size_t excluded;	/* HISTOGRAM: values <= 0 not shown */
	size_t npanels;		/* MULTIPLES: panels drawn */
	struct chart_item *items;	/* in painting order */
	size_t nitems, cap_items;
	struct chart_point *pts;
	size_t npts, cap_pts;
};

/* Measures text for the plan: the advance width in pt of text set in the
 * spec's font at size pt, bold or not. */
struct chart_measure {
	double (*width)(void *ctx, const char *text, double size, int bold);
	void *ctx;
};

/* Computes the plan of spec into *plan (which the caller releases, even
 * after a failure).  m may be NULL: widths are then estimated from the
 * number of characters, so plans are the same on every machine. */
int chart_plan_compute(const struct chart_spec *spec,
		       const struct chart_measure *m,
		       struct chart_plan *plan, struct diag *d);

/* Frees what plan owns and empties it; NULL is a no-op. */
void chart_plan_release(struct chart_plan *plan);

/* Maps data value v through s to a page coordinate. */
double chart_scale_map(const struct chart_scale *s, double v);

/* The series colour i of the palette (Okabe-Ito, wrapping around). */
uint32_t chart_colour(size_t i);

/* Spreads n label centres y[] (any order, changed in place) so that
 * neighbours are at least gap apart, staying inside lo..hi when they fit,
 * and moving each as little as the others allow. */
void chart_spread_labels(double *y, size_t n, double gap, double lo,
			 double hi);

/* ---- names, sizes, footers ---------------------------------------- */

/* The kind named name ("bars", "line", "hbars", "dots", "ranked",
 * "histogram", "multiples"). */
int chart_kind_from_name(const char *name, enum chart_kind *kind,
			 struct diag *d);
const char *chart_kind_name(enum chart_kind kind);

/* The format of path from its extension (.svg, .pdf, .png, any case). */
int chart_format_from_path(const char *path, enum chart_format *fmt,
			   struct diag *d);

/* Parses a length "160mm", "6in", "400pt", "1200px" (px at dpi) or a bare
 * number (mm) into *pt. */
int chart_length_parse(const char *s, double dpi, double *pt,
		       struct diag *d);

/* Writes "Source: N bulletins from A, B, C; PERIOD; K figures excluded as
 * duplicates" into buf (the last part only when excluded > 0, "1 bulletin"
 * and "1 figure" in the singular); period "2024-11" prints "Nov 2024" and
 * two months a range ("Jan 2015-Dec 2024", with an en dash).  Returns buf,
 * always NUL-terminated. */
char *chart_footer_format(char *buf, size_t size, size_t nbulletins,
			  const char *const *sources, size_t nsources,
			  const char *first_month, const char *last_month,
			  size_t excluded);

/* ---- rendering ------------------------------------------------------ */

/* Receives the bytes of a chart; returns 0, or -1 to stop the render. */
typedef int (*chart_write_fn)(void *ctx, const void *data, size_t len);

/* Renders spec as fmt through write.  Fails on a bad spec, on a cairo,
 * pango or libpng error, or when write returns -1. */
int chart_render(const struct chart_spec *spec, enum chart_format fmt,
		 chart_write_fn write, void *ctx, struct diag *d);

/* Renders spec into path ("-" is stdout), written to a temporary file and
 * renamed into place, so a failure leaves no partial chart behind. */
int chart_render_file(const struct chart_spec *spec, enum chart_format fmt,
		      const char *path, struct diag *d);

#endif
