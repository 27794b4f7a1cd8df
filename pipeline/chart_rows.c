/* chart_rows.c - one row a label: horizontal bars, dots and ranked bars
 * with top N and "others" (see chart_int.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"
#include "tally/numfmt.h"

/* ==== HBARS, DOTS, RANKED ================================================ */

struct row {
	size_t idx;		/* label index */
	double v;		/* value to sort by (series 0), NAN last */
	const char *label;
};

static int row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int na = isnan(a->v), nb = isnan(b->v), r;

	if (na != nb)
		return na - nb;
	if (!na && a->v != b->v)
		return a->v > b->v ? -1 : 1;
	r = strcmp(a->label, b->label);
	if (r)
		return r;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

struct rows {
	struct row *r;
	size_t n;		/* candidate rows, sorted */
	size_t shown;		/* data rows drawn */
	int summary;		/* a last row for the rest */
	double others;		/* RANKED: the sum of the rest */
	int others_bar;		/* ... drawn as a bar (else as a number:
				 * a bar longer than the top one would
				 * squash every other row) */
	char summary_label[96];
	double top, row_h;	/* the rows area starts at top */
	double ref_h;
	struct chart_box plot;
	struct chart_scale sc;
	double label_w, value_w;
	enum chart_unit unit;
	const char *currency;
	int values;		/* print values beside bars or dots */
};

/* Rows are the labels with a value (in any series for dots). */
static void rows_collect(const struct chart_ctx *c, struct rows *w)
{
	const struct chart_spec *s = c->spec;
	size_t nser = s->kind == CHART_DOTS ? s->nseries : 1;

	w->r = xmalloc((s->nlabels ? s->nlabels : 1) * sizeof(*w->r));
	for (size_t i = 0; i < s->nlabels; i++) {
		int any = 0;

		for (size_t k = 0; k < nser; k++)
			any |= !isnan(s->series[k].values[i]);
		if (!any)
			continue;
		w->r[w->n].idx = i;
		w->r[w->n].v = s->series[0].values[i];
		w->r[w->n++].label = s->labels[i];
	}
	if (s->kind == CHART_RANKED || !s->keep_order)
		xqsort(w->r, w->n, sizeof(*w->r), row_cmp);
}

/* Decides how many rows fit the body and what the last one says. */
static int rows_fit(struct chart_ctx *c, struct rows *w, struct diag *d)
{
	const struct chart_spec *s = c->spec;
	double ts = chart_tick_size(c);
	double tick_h = chart_line_height(ts) + ts * 0.5;
	double avail, min_row = c->fs * 1.55, max_row = c->fs * 3.2;
	size_t fit, want = w->n, rows;

	w->ref_h = s->nrefs > 1 ? chart_line_height(ts) * 2.2 :
		   s->nrefs ? chart_line_height(ts) * 1.3 : ts * 0.5;
	avail = c->body.y1 - c->body.y0 - w->ref_h - tick_h;
	fit = avail > 0 ? (size_t)(avail / min_row) : 0;
	if (fit < 2)
		return diag_set(d, NULL, 0, 0, "size", "chart too small for "
				"its rows: %.0f x %.0f pt", c->plan->width,
				c->plan->height);
	if (s->top_n && s->top_n < want)
		want = s->top_n;
	w->shown = want;
	if (want < w->n)	/* a summary row for the rest */
		w->summary = 1;
	if (w->shown + (size_t)w->summary > fit) {
		w->shown = fit - 1;
		w->summary = 1;
	}
	if (w->shown >= w->n) {
		w->shown = w->n;
		w->summary = 0;
	}
	rows = w->shown + (size_t)w->summary;
	if (c->grow && avail / (double)rows < c->fs * 1.85)
		return diag_set(d, NULL, 0, 0, "size", "rows squeezed: %.0f x "
				"%.0f pt", c->plan->width, c->plan->height);
	w->row_h = fmin(max_row, avail / (double)rows);
	w->top = c->body.y0 + w->ref_h;
	return 0;
}

static void rows_summary(const struct chart_ctx *c, struct rows *w)
{
	const struct chart_spec *s = c->spec;
	size_t rest = w->n - w->shown;

	if (!w->summary)
		return;
	if (s->kind == CHART_RANKED) {
		for (size_t i = w->shown; i < w->n; i++)
			if (!isnan(w->r[i].v))
				w->others += w->r[i].v;
		snprintf(w->summary_label, sizeof(w->summary_label), "%s (%zu)",
			 s->others_label && s->others_label[0] ?
			 s->others_label : "Others", rest);
	} else {
		snprintf(w->summary_label, sizeof(w->summary_label),
			 "+ %zu more not shown", rest);
	}
	c->plan->rows_hidden = rest;
}

/* The label column, the value labels' room and the value scale. */
static void rows_columns(struct chart_ctx *c, struct rows *w)
{
	const struct chart_spec *s = c->spec;
	double ts = chart_tick_size(c), lo = 0, hi = 0, body_w;
	char buf[NUMFMT_MAX];
	int ticks;

	body_w = c->body.x1 - c->body.x0;
	w->values = s->kind != CHART_DOTS || s->nseries == 1;
	for (size_t i = 0; i < w->shown; i++) {
		double v = w->r[i].v;

		w->label_w = fmax(w->label_w, chart_text_width(c, w->r[i].label,
							      c->fs, 0));
		for (size_t k = 0; s->kind == CHART_DOTS && k < s->nseries; k++)
			chart_take_range(&s->series[k].values[w->r[i].idx], 1, &lo, &hi);
		chart_take_range(&v, 1, &lo, &hi);
		if (w->values && !isnan(v))
			w->value_w = fmax(w->value_w, chart_text_width(c,
				chart_fmt_value(buf, sizeof(buf), v, w->unit,
						w->currency), ts, 0));
	}
	if (w->summary) {
		w->label_w = fmax(w->label_w, chart_text_width(c,
					w->summary_label, c->fs, 0));
		if (s->kind == CHART_RANKED) {
			w->others_bar = w->shown == 0 || w->others <= hi;
			if (w->others_bar)
				chart_take_range(&w->others, 1, &lo, &hi);
			w->value_w = fmax(w->value_w, chart_text_width(c,
				chart_fmt_value(buf, sizeof(buf), w->others,
						w->unit, w->currency), ts, 0));
		}
	}
	chart_take_refs(s, &lo, &hi);
	w->label_w = fmin(w->label_w, body_w * 0.36);
	w->value_w += ts * 0.6;
	w->plot.x0 = c->body.x0 + w->label_w + c->fs * 0.9 +
		     (lo < 0 && w->values ? w->value_w : 0);
	w->plot.x1 = c->body.x1 - (w->values ? w->value_w : c->fs * 0.6);
	w->plot.y0 = w->top;
	w->plot.y1 = w->top + w->row_h * (double)(w->shown + (size_t)w->summary);
	chart_fmt_tick(buf, sizeof(buf), fmax(fabs(lo), fabs(hi)), 1, w->unit);
	ticks = chart_clampi((w->plot.x1 - w->plot.x0) /
		       (chart_text_width(c, buf, ts, 0) + c->fs * 2.5), 2, 8);
	chart_nice_domain(&w->sc, lo, hi, ticks, w->unit == CHART_UNIT_COUNT);
	w->sc.r0 = w->plot.x0;
	w->sc.r1 = w->plot.x1;
}

/* Reference lines down the rows, labelled above them. */
static void rows_refs(struct chart_ctx *c, const struct rows *w)
{
	double ts = chart_tick_size(c), lh = chart_line_height(ts);
	double prev_right = -1e300;
	char buf[NUMFMT_MAX];

	for (size_t i = 0; i < c->spec->nrefs; i++) {
		double x = chart_scale_map(&w->sc, c->spec->refs[i].value);
		const char *text = chart_ref_label(c, i, buf, sizeof(buf));
		double tw = chart_text_width(c, text, ts, 0), left = x - tw / 2;
		enum chart_align al = CHART_ALIGN_CENTER;
		struct chart_item *it;
		double y = w->top - 2;

		it = chart_add_line(c, CHART_ROLE_REF, CHART_BASEC, 0.9, x,
				    w->top - 1, x, w->plot.y1);
		it->dashed = 1;
		it->index = (long)i;
		if (x + tw / 2 > c->body.x1) {
			al = CHART_ALIGN_RIGHT;
			left = x - tw;
		}
		if (left < prev_right + ts)	/* clashes: one line up */
			y -= lh;
		prev_right = al == CHART_ALIGN_RIGHT ? x : x + tw / 2;
		it = chart_add_text(c, CHART_ROLE_REF_LABEL, text, x, y, ts, 0,
				    CHART_BASEC, al, CHART_VALIGN_BOTTOM);
		it->index = (long)i;
	}
}

static void row_label(struct chart_ctx *c, const struct rows *w,
		      const char *text, double y, long index, uint32_t rgb)
{
	struct chart_item *it;

	it = chart_add_text(c, CHART_ROLE_LABEL_TICK, text, c->body.x0, y,
			    c->fs, 0, rgb, CHART_ALIGN_LEFT,
			    CHART_VALIGN_MIDDLE);
	it->index = index;
	it->max_width = w->label_w;
}

/* The value of a bar or dot printed beyond its end at x, over a halo of
 * background where a reference line runs through it (value labels come
 * after the lines, so that the line does not strike the number out). */
static void row_value(struct chart_ctx *c, const struct rows *w, double v,
		      double x, double y, long index)
{
	char buf[NUMFMT_MAX];
	double ts = chart_tick_size(c), gap = ts * 0.35, tw, x0;

	chart_fmt_value(buf, sizeof(buf), v, w->unit, w->currency);
	tw = chart_text_width(c, buf, ts, 0);
	x0 = v < 0 ? x - gap - tw : x + gap;
	for (size_t i = 0; i < c->spec->nrefs; i++) {
		double rx = chart_scale_map(&w->sc, c->spec->refs[i].value);

		if (rx > x0 - gap && rx < x0 + tw + gap) {
			double h = chart_line_height(ts) / 2;

			chart_add_rect(c, CHART_ROLE_HALO, 0xFFFFFF, x0 - gap,
				       y - h, x0 + tw + gap, y + h)->index = index;
			break;
		}
	}
	chart_add_text(c, CHART_ROLE_VALUE_LABEL, buf, v < 0 ? x - gap : x + gap,
		       y, ts, 0, CHART_INK2,
		       v < 0 ? CHART_ALIGN_RIGHT : CHART_ALIGN_LEFT,
		       CHART_VALIGN_MIDDLE)->index = index;
}

static void row_bar(struct chart_ctx *c, const struct rows *w, double v,
		    double y, long index, uint32_t rgb)
{
	double h = fmin(w->row_h * 0.62, c->fs * 2);
	double x0 = chart_scale_map(&w->sc, 0), x1 = chart_scale_map(&w->sc, v);
	struct chart_item *it;

	it = chart_add_rect(c, CHART_ROLE_BAR, rgb, x0, y - h / 2, x1, y + h / 2);
	it->series = index >= 0 ? 0 : -1;
	it->index = index;
}

static void row_dots(struct chart_ctx *c, const struct rows *w, size_t idx,
		     double y)
{
	const struct chart_spec *s = c->spec;
	double lo = 1e300, hi = -1e300, r = c->fs * 0.38;

	for (size_t k = 0; k < s->nseries; k++)
		chart_take_range(&s->series[k].values[idx], 1, &lo, &hi);
	if (s->nseries > 1 && hi > lo)
		chart_add_line(c, CHART_ROLE_CONNECTOR, CHART_GRIDC, 1.6,
			       chart_scale_map(&w->sc, lo), y,
			       chart_scale_map(&w->sc, hi), y)->index = (long)idx;
	for (size_t k = 0; k < s->nseries; k++) {
		double v = s->series[k].values[idx];
		struct chart_item *it;

		if (isnan(v))
			continue;
		it = chart_add_dot(c, CHART_ROLE_SERIES, chart_colour(k),
				   chart_scale_map(&w->sc, v), y, r);
		it->series = (int)k;
		it->index = (long)idx;
	}
}

/* The values beside the bars and dots, drawn last. */
static void rows_values(struct chart_ctx *c, const struct rows *w)
{
	const struct chart_spec *s = c->spec;
	double r = c->fs * 0.38, v;

	for (size_t i = 0; i < w->shown; i++) {
		double y = w->top + ((double)i + 0.5) * w->row_h;
		size_t idx = w->r[i].idx;

		if (s->kind == CHART_DOTS) {
			v = s->series[0].values[idx];
			if (w->values && !isnan(v))
				row_value(c, w, v, chart_scale_map(&w->sc, v) +
					  (v < 0 ? -r : r), y, (long)idx);
		} else if (!isnan(w->r[i].v)) {
			row_value(c, w, w->r[i].v,
				  chart_scale_map(&w->sc, w->r[i].v), y,
				  (long)idx);
		}
	}
	if (w->summary && s->kind == CHART_RANKED) {
		double y = w->top + ((double)w->shown + 0.5) * w->row_h;

		row_value(c, w, w->others, chart_scale_map(&w->sc,
			  w->others_bar ? w->others : 0), y, -1);
	}
}

static void rows_draw(struct chart_ctx *c, const struct rows *w)
{
	const struct chart_spec *s = c->spec;
	double ts = chart_tick_size(c);

	chart_value_axis_h(c, &w->sc, w->unit, w->top, w->plot.y1, ts);
	for (size_t i = 0; i < w->shown; i++) {
		double y = w->top + ((double)i + 0.5) * w->row_h;
		size_t idx = w->r[i].idx;

		row_label(c, w, w->r[i].label, y, (long)idx, CHART_INK2);
		if (s->kind == CHART_DOTS)
			row_dots(c, w, idx, y);
		else if (!isnan(w->r[i].v))
			row_bar(c, w, w->r[i].v, y, (long)idx, chart_colour(0));
	}
	if (w->summary) {
		double y = w->top + ((double)w->shown + 0.5) * w->row_h;

		row_label(c, w, w->summary_label, y, -1, CHART_INK3);
		if (s->kind == CHART_RANKED && w->others_bar)
			row_bar(c, w, w->others, y, -1, CHART_OTHERC);
	}
	chart_zero_line(c, &w->sc, 1, w->top, w->plot.y1);
	rows_refs(c, w);
	rows_values(c, w);
}

int chart_plan_rows(struct chart_ctx *c, struct diag *d)
{
	struct rows w;
	int r = -1;

	memset(&w, 0, sizeof(w));
	rows_collect(c, &w);
	if (!w.n) {
		free(w.r);
		return diag_set(d, NULL, 0, 0, NULL, "no data for %s",
				c->spec->subject && c->spec->subject[0] ?
				c->spec->subject : c->spec->title);
	}
	c->key = c->spec->kind == CHART_DOTS && c->spec->nseries > 1;
	if (chart_frame(c, d) == 0 && rows_fit(c, &w, d) == 0) {
		w.unit = chart_unit_of(c, -1, &w.currency);
		rows_summary(c, &w);
		rows_columns(c, &w);
		rows_draw(c, &w);
		c->plan->plot = w.plot;
		c->plan->value = w.sc;
		c->plan->rows_shown = w.shown;
		c->plan->band = w.row_h;
		r = 0;
	}
	free(w.r);
	return r;
}

