/* chart_series.c - charts over the labels (months): bars, lines and
 * small multiples (see chart_int.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"
#include "tally/numfmt.h"

/* ==== BARS =============================================================== */

struct bars {
	struct chart_box plot;
	struct chart_scale sc;
	struct chart_band_axis ax;
	enum chart_unit unit;
	const char *currency;
	int stacked;
	double *label_y;	/* direct labels, one a series, or NULL */
	double label_w;
};

/* The data extent *a..*b of series k in stacked column i (positive values
 * stack up from zero, negative ones down); 0 when it has none. */
static int stack_segment(const struct chart_spec *s, size_t i, size_t k,
			 double *a, double *b)
{
	double pos = 0, neg = 0;

	for (size_t j = 0; j <= k; j++) {
		double v = s->series[j].values[i];

		if (j == k) {
			if (isnan(v) || v == 0)
				return 0;
			*a = v > 0 ? pos : neg + v;
			*b = v > 0 ? pos + v : neg;
			return 1;
		}
		if (v > 0)
			pos += v;
		else if (v < 0)
			neg += v;
	}
	return 0;
}

static void bars_range(const struct chart_spec *s, int stacked, double *lo,
		       double *hi)
{
	*lo = *hi = 0;
	chart_take_refs(s, lo, hi);
	for (size_t i = 0; i < s->nlabels; i++)
		for (size_t k = 0; k < s->nseries; k++) {
			double a, b, v = s->series[k].values[i];

			if (stacked && stack_segment(s, i, k, &a, &b)) {
				*lo = fmin(*lo, a);
				*hi = fmax(*hi, b);
			} else if (!stacked && !isnan(v)) {
				*lo = fmin(*lo, v);
				*hi = fmax(*hi, v);
			}
		}
}

/* The last label where some series has a value. */
static size_t last_with_data(const struct chart_spec *s)
{
	for (size_t i = s->nlabels; i-- > 0;)
		for (size_t k = 0; k < s->nseries; k++)
			if (!isnan(s->series[k].values[i]))
				return i;
	return 0;
}

/* Places each series name beside its segment of the last column; returns
 * 0 when some name cannot sit beside its own segment. */
static int bars_direct_fit(struct chart_ctx *c, struct bars *b)
{
	const struct chart_spec *s = c->spec;
	size_t last = last_with_data(s), n = s->nseries;
	double *want = xmalloc(n * sizeof(*want));
	double *half = xmalloc(n * sizeof(*half));
	double lh = chart_line_height(c->fs);
	int ok = 1;

	b->label_y = xmalloc(n * sizeof(*b->label_y));
	for (size_t k = 0; k < n && ok; k++) {
		double lo = 0, hi = 0, y0, y1;

		if (!stack_segment(s, last, k, &lo, &hi)) {
			ok = 0;
			break;
		}
		y0 = chart_scale_map(&b->sc, lo);
		y1 = chart_scale_map(&b->sc, hi);
		want[k] = b->label_y[k] = (y0 + y1) / 2;
		half[k] = fabs(y0 - y1) / 2;
	}
	if (ok)
		chart_spread_kept(b->label_y, n, lh, b->plot.y0, b->plot.y1);
	for (size_t k = 0; k < n && ok; k++)
		ok = fabs(b->label_y[k] - want[k]) <= half[k] + lh * 0.25;
	free(want);
	free(half);
	return ok;
}

static void bars_draw_one(struct chart_ctx *c, const struct bars *b,
			  size_t i, size_t k, double bar)
{
	const struct chart_spec *s = c->spec;
	double v = s->series[k].values[i], lo = 0, hi = v;
	double centre = b->ax.x0 + ((double)i + 0.5) * b->ax.bw;
	double xl = centre - bar / 2, xr = centre + bar / 2;
	struct chart_item *it;

	if (b->stacked ? !stack_segment(s, i, k, &lo, &hi) : isnan(v))
		return;
	if (!b->stacked && s->nseries > 1) {
		double sub = bar / (double)s->nseries;

		xl = centre - bar / 2 + (double)k * sub;
		xr = xl + sub - (sub > 3 ? 0.6 : 0);
	}
	it = chart_add_rect(c, CHART_ROLE_BAR, chart_colour(k), xl,
			    chart_scale_map(&b->sc, lo), xr,
			    chart_scale_map(&b->sc, hi));
	it->series = (int)k;
	it->index = (long)i;
}

/* Values above (or, when negative, below) the bars of a short single
 * series, when every one fits its bar's width. */
static void bars_values(struct chart_ctx *c, const struct bars *b)
{
	const struct chart_spec *s = c->spec;
	double ts = chart_tick_size(c);
	char buf[NUMFMT_MAX];

	if (s->nseries != 1 || s->nlabels > 12)
		return;
	for (size_t i = 0; i < s->nlabels; i++) {
		chart_fmt_value(buf, sizeof(buf), s->series[0].values[i], b->unit,
				b->currency);
		if (chart_text_width(c, buf, ts, 0) > b->ax.bw * 0.95)
			return;
	}
	for (size_t i = 0; i < s->nlabels; i++) {
		double v = s->series[0].values[i];
		double y = chart_scale_map(&b->sc, v);

		if (isnan(v))
			continue;
		chart_fmt_value(buf, sizeof(buf), v, b->unit, b->currency);
		chart_add_text(c, CHART_ROLE_VALUE_LABEL, buf,
			       b->ax.x0 + ((double)i + 0.5) * b->ax.bw,
			       v < 0 ? y + 2 : y - 2, ts, 0, CHART_INK2,
			       CHART_ALIGN_CENTER, v < 0 ? CHART_VALIGN_TOP :
			       CHART_VALIGN_BOTTOM)->index = (long)i;
	}
}

static void bars_draw(struct chart_ctx *c, struct bars *b)
{
	const struct chart_spec *s = c->spec;
	double bw = b->ax.bw;
	double bar = fmin(bw * (s->nlabels > 48 ? 0.82 : 0.7), c->fs * 4.5);

	chart_value_axis_v(c, &b->sc, b->unit, b->plot.x0, b->plot.x1,
			   chart_tick_size(c));
	for (size_t i = 0; i < s->nlabels; i++)
		for (size_t k = 0; k < s->nseries; k++)
			bars_draw_one(c, b, i, k, bar);
	chart_zero_line(c, &b->sc, 0, b->plot.x0, b->plot.x1);
	chart_refs_across(c, &b->sc, b->plot.x0, b->plot.x1);
	bars_values(c, b);
	for (size_t k = 0; b->label_y && k < s->nseries; k++)
		chart_direct_label(c, k, b->plot.x1 + c->fs * 0.6, b->label_y[k],
			     b->label_w);
	chart_band_axis_draw(c, &b->ax, b->plot.y1, chart_tick_size(c));
	c->plan->plot = b->plot;
	c->plan->value = b->sc;
	c->plan->band = bw;
}

/* One attempt at a bar chart; 1 when direct labels do not fit. */
static int bars_layout(struct chart_ctx *c, struct bars *b, struct diag *d)
{
	const struct chart_spec *s = c->spec;
	double ts = chart_tick_size(c), lo, hi, axis_h;

	if (chart_frame(c, d))
		return -1;
	b->unit = chart_unit_of(c, -1, &b->currency);
	axis_h = chart_band_axis_init(c, &b->ax, s->labels, s->nlabels, ts);
	b->plot.y0 = c->body.y0 + ts * 0.6;
	b->plot.y1 = c->body.y1 - axis_h;
	bars_range(s, b->stacked, &lo, &hi);
	chart_scale_v(c, &b->sc, lo, hi, b->plot.y0, b->plot.y1, b->unit, 3.3);
	b->plot.x0 = c->body.x0 + chart_ticks_width(c, &b->sc, b->unit, ts) +
		     ts * 0.6;
	b->plot.x1 = c->body.x1;
	if (b->stacked && !c->key) {
		if (!bars_direct_fit(c, b))
			return 1;
		b->label_w = chart_names_width(c, 0.28);
		b->plot.x1 -= b->label_w + c->fs * 0.6;
	}
	b->ax.x0 = b->plot.x0;
	b->ax.bw = (b->plot.x1 - b->plot.x0) / (double)s->nlabels;
	bars_draw(c, b);
	return 0;
}

int chart_plan_bars(struct chart_ctx *c, struct diag *d)
{
	struct bars b;
	int r;

	memset(&b, 0, sizeof(b));
	b.stacked = c->spec->nseries > 1 && !c->spec->grouped;
	c->key = c->spec->nseries > 1 && c->spec->grouped;
	r = bars_layout(c, &b, d);
	if (r == 1) {		/* names do not fit: a key instead */
		free(b.label_y);
		memset(&b, 0, sizeof(b));
		b.stacked = 1;
		chart_plan_reset(c);
		c->key = 1;
		r = bars_layout(c, &b, d);
	}
	free(b.label_y);
	return r < 0 ? -1 : 0;
}

/* ==== LINE =============================================================== */

struct line {
	struct chart_box plot;
	struct chart_scale sc;
	struct chart_band_axis ax;
	enum chart_unit unit;
	const char *currency;
};

static double band_x(const struct chart_band_axis *ax, size_t i)
{
	return ax->x0 + ((double)i + 0.5) * ax->bw;
}

/* Draws v[0..n) as polylines over its runs of values (a dot for a value
 * alone); returns the number of values drawn. */
static size_t draw_runs(struct chart_ctx *c, const struct chart_scale *sc,
			const struct chart_band_axis *ax, const double *v,
			size_t n, enum chart_role role, size_t k, double stroke)
{
	struct chart_point *pts = xmalloc((n ? n : 1) * sizeof(*pts));
	size_t drawn = 0, i = 0;
	uint32_t rgb = chart_colour(k);

	while (i < n) {
		size_t m = 0;
		struct chart_item *it;

		for (; i < n && !isnan(v[i]); i++, m++) {
			pts[m].x = band_x(ax, i);
			pts[m].y = chart_scale_map(sc, v[i]);
		}
		if (m == 1 && role == CHART_ROLE_SERIES)
			it = chart_add_dot(c, role, rgb, pts[0].x, pts[0].y,
					   stroke * 1.3);
		else if (m > 1)
			it = chart_add_path(c, role, rgb, stroke, pts, m);
		else
			it = NULL;
		if (it) {
			it->series = (int)k;
			it->dashed = role == CHART_ROLE_TREND;
		}
		drawn += m;
		while (i < n && isnan(v[i]))
			i++;
	}
	free(pts);
	return drawn;
}

/* The 95 % band of series k as polygons over its runs. */
static void draw_band(struct chart_ctx *c, const struct line *l, size_t k)
{
	const struct chart_series *se = &c->spec->series[k];
	size_t n = se->nvalues, i = 0;
	struct chart_point *pts = xmalloc((2 * n + 1) * sizeof(*pts));

	while (i < n) {
		size_t start = i, m = 0;
		struct chart_item *it;

		while (i < n && !isnan(se->band_lo[i]) && !isnan(se->band_hi[i]))
			i++;
		for (size_t j = start; j < i; j++)
			pts[m++] = (struct chart_point){ band_x(&l->ax, j),
				chart_scale_map(&l->sc, se->band_hi[j]) };
		for (size_t j = i; j-- > start;)
			pts[m++] = (struct chart_point){ band_x(&l->ax, j),
				chart_scale_map(&l->sc, se->band_lo[j]) };
		if (i - start >= 2) {
			it = chart_add_path(c, CHART_ROLE_BAND, chart_colour(k),
					    0, pts, m);
			it->alpha = 0.17;
			it->series = (int)k;
		}
		while (i < n && (isnan(se->band_lo[i]) || isnan(se->band_hi[i])))
			i++;
	}
	free(pts);
}

/* The index of the last value of v, or n when there is none. */
static size_t last_value(const double *v, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (!isnan(v[i]))
			return i;
	return n;
}

/* A dot on the last value of each series, and the value beside a chart
 * of a single point. */
static void line_ends(struct chart_ctx *c, const struct line *l,
		      size_t points)
{
	const struct chart_spec *s = c->spec;
	char buf[NUMFMT_MAX];

	for (size_t k = 0; k < s->nseries; k++) {
		size_t i = last_value(s->series[k].values, s->nlabels);
		double x, y;

		if (i == s->nlabels)
			continue;
		x = band_x(&l->ax, i);
		y = chart_scale_map(&l->sc, s->series[k].values[i]);
		chart_add_dot(c, CHART_ROLE_SERIES, chart_colour(k), x, y,
			      2.6)->series = (int)k;
		if (points != 1)
			continue;
		chart_fmt_value(buf, sizeof(buf), s->series[k].values[i],
				l->unit, l->currency);
		chart_add_text(c, CHART_ROLE_VALUE_LABEL, buf, x + 5, y,
			       chart_tick_size(c), 0, CHART_INK2, CHART_ALIGN_LEFT,
			       CHART_VALIGN_MIDDLE)->series = (int)k;
	}
}

static void line_labels(struct chart_ctx *c, const struct line *l,
			double maxw)
{
	const struct chart_spec *s = c->spec;
	double *y = xmalloc(s->nseries * sizeof(*y));
	size_t *which = xmalloc(s->nseries * sizeof(*which)), n = 0;

	for (size_t k = 0; k < s->nseries; k++) {
		size_t i = last_value(s->series[k].values, s->nlabels);

		if (i == s->nlabels || !chart_series_name(c, k)[0])
			continue;
		which[n] = k;
		y[n++] = chart_scale_map(&l->sc, s->series[k].values[i]);
	}
	chart_spread_kept(y, n, chart_line_height(c->fs), l->plot.y0, l->plot.y1);
	for (size_t j = 0; j < n; j++)
		chart_direct_label(c, which[j], l->plot.x1 + c->fs * 0.6, y[j], maxw);
	free(y);
	free(which);
}

static void line_range(const struct chart_spec *s, double *lo, double *hi)
{
	*lo = *hi = 0;
	chart_take_refs(s, lo, hi);
	for (size_t k = 0; k < s->nseries; k++) {
		const struct chart_series *se = &s->series[k];

		chart_take_range(se->values, se->nvalues, lo, hi);
		chart_take_range(se->trend, se->nvalues, lo, hi);
		chart_take_range(se->band_lo, se->nvalues, lo, hi);
		chart_take_range(se->band_hi, se->nvalues, lo, hi);
	}
}

static void line_notes(struct chart_ctx *c)
{
	int trend = 0, band = 0;

	for (size_t k = 0; k < c->spec->nseries; k++) {
		trend |= c->spec->series[k].trend != NULL;
		band |= c->spec->series[k].band_lo != NULL;
	}
	if (trend || band)
		chart_add_note(c, "%s%s%s", trend ? "Dashed line: trend" : "",
			       trend && band ? "; " : "",
			       band ? "shaded area: 95% band" : "");
}

static void line_draw(struct chart_ctx *c, struct line *l, double label_w)
{
	const struct chart_spec *s = c->spec;
	size_t points = 0;

	chart_value_axis_v(c, &l->sc, l->unit, l->plot.x0, l->plot.x1,
			   chart_tick_size(c));
	for (size_t k = 0; k < s->nseries; k++)
		if (s->series[k].band_lo)
			draw_band(c, l, k);
	chart_zero_line(c, &l->sc, 0, l->plot.x0, l->plot.x1);
	chart_refs_across(c, &l->sc, l->plot.x0, l->plot.x1);
	for (size_t k = 0; k < s->nseries; k++)
		if (s->series[k].trend)
			draw_runs(c, &l->sc, &l->ax, s->series[k].trend,
				  s->nlabels, CHART_ROLE_TREND, k, 1.1);
	for (size_t k = 0; k < s->nseries; k++)
		points += draw_runs(c, &l->sc, &l->ax, s->series[k].values,
				    s->nlabels, CHART_ROLE_SERIES, k, 1.9);
	line_ends(c, l, points);
	if (label_w > 0)
		line_labels(c, l, label_w);
	chart_band_axis_draw(c, &l->ax, l->plot.y1, chart_tick_size(c));
}

int chart_plan_line(struct chart_ctx *c, struct diag *d)
{
	const struct chart_spec *s = c->spec;
	double ts = chart_tick_size(c), lo, hi, axis_h, label_w;
	struct line l;

	memset(&l, 0, sizeof(l));
	line_notes(c);
	if (chart_frame(c, d))
		return -1;
	l.unit = chart_unit_of(c, -1, &l.currency);
	axis_h = chart_band_axis_init(c, &l.ax, s->labels, s->nlabels, ts);
	l.plot.y0 = c->body.y0 + ts * 0.6;
	l.plot.y1 = c->body.y1 - axis_h;
	line_range(s, &lo, &hi);
	chart_scale_v(c, &l.sc, lo, hi, l.plot.y0, l.plot.y1, l.unit, 3.3);
	l.plot.x0 = c->body.x0 + chart_ticks_width(c, &l.sc, l.unit, ts) +
		    ts * 0.6;
	label_w = chart_names_width(c, 0.28);
	l.plot.x1 = c->body.x1 - (label_w > 0 ? label_w + c->fs * 0.6 : 0);
	l.ax.x0 = l.plot.x0;
	l.ax.bw = (l.plot.x1 - l.plot.x0) / (double)s->nlabels;
	line_draw(c, &l, label_w);
	c->plan->plot = l.plot;
	c->plan->value = l.sc;
	c->plan->band = l.ax.bw;
	return 0;
}

/* ==== MULTIPLES ========================================================== */

struct grid {
	size_t cols, rows;
	double pw, ph;		/* panel size */
	double gx, gy;		/* gaps */
	double axis_h, title_h, tick_w;
	struct chart_band_axis ax;
	struct chart_scale *sc;	/* one a panel */
};

/* Chooses the columns that give the largest panels of about 8:5. */
static void grid_choose(const struct chart_ctx *c, struct grid *g, size_t n)
{
	double bw = c->body.x1 - c->body.x0, bh = c->body.y1 - c->body.y0;
	double best = -1;

	for (size_t cols = 1; cols <= n; cols++) {
		size_t rows = (n + cols - 1) / cols;
		double pw = (bw - (double)(cols - 1) * g->gx) / (double)cols;
		double ph = (bh - g->axis_h - (double)(rows - 1) * g->gy) /
			    (double)rows;
		double score = fmin(pw / 1.6, ph);

		if (score > best) {
			best = score;
			g->cols = cols;
			g->rows = rows;
			g->pw = pw;
			g->ph = ph;
		}
	}
}

/* The value scale of each panel (shared when asked) and the widest tick
 * labels among them, so the plots line up. */
static void grid_scales(struct chart_ctx *c, struct grid *g)
{
	const struct chart_spec *s = c->spec;
	double ts = chart_tick_size(c) * 0.95, y0 = g->title_h + ts * 0.6;
	double slo = 0, shi = 0;
	int ticks = chart_clampi((g->ph - y0) / (c->fs * 2.6), 2, 4);

	for (size_t k = 0; k < s->nseries; k++)
		chart_take_range(s->series[k].values, s->nlabels, &slo, &shi);
	g->sc = xcalloc(s->nseries, sizeof(*g->sc));
	for (size_t k = 0; k < s->nseries; k++) {
		double lo = slo, hi = shi;
		enum chart_unit u = chart_unit_of(c, (long)k, NULL);

		if (!s->shared_y) {
			lo = hi = 0;
			chart_take_range(s->series[k].values, s->nlabels, &lo, &hi);
		}
		chart_nice_domain(&g->sc[k], lo, hi, ticks, u == CHART_UNIT_COUNT);
		g->tick_w = fmax(g->tick_w, chart_ticks_width(c, &g->sc[k], u, ts));
	}
}

static void panel_draw(struct chart_ctx *c, struct grid *g, size_t k)
{
	const struct chart_spec *s = c->spec;
	double ts = chart_tick_size(c) * 0.95;
	double px = c->body.x0 + (double)(k % g->cols) * (g->pw + g->gx);
	double py = c->body.y0 + (double)(k / g->cols) * (g->ph + g->gy);
	struct chart_scale sc = g->sc[k];
	struct chart_band_axis ax = g->ax;
	struct chart_box plot = { px + g->tick_w + ts * 0.6,
				  py + g->title_h + ts * 0.6,
				  px + g->pw - c->fs * 0.4, py + g->ph };
	struct chart_item *it;

	it = chart_add_text(c, CHART_ROLE_PANEL_TITLE, chart_series_name(c, k),
			    px, py, c->fs, 1, CHART_INK, CHART_ALIGN_LEFT,
			    CHART_VALIGN_TOP);
	it->series = (int)k;
	it->max_width = g->pw;
	sc.r0 = plot.y1;
	sc.r1 = plot.y0;
	ax.x0 = plot.x0;
	ax.bw = (plot.x1 - plot.x0) / (double)s->nlabels;
	chart_value_axis_v(c, &sc, chart_unit_of(c, (long)k, NULL), plot.x0,
			   plot.x1, ts);
	if (last_value(s->series[k].values, s->nlabels) == s->nlabels)
		chart_add_text(c, CHART_ROLE_NOTE, "no data", (plot.x0 + plot.x1) / 2,
			       (plot.y0 + plot.y1) / 2, ts, 0, CHART_INK3,
			       CHART_ALIGN_CENTER, CHART_VALIGN_MIDDLE);
	draw_runs(c, &sc, &ax, s->series[k].values, s->nlabels,
		  CHART_ROLE_SERIES, 0, s->nlabels > 60 ? 1.2 : 1.6);
	chart_zero_line(c, &sc, 0, plot.x0, plot.x1);
	if (k + g->cols >= s->nseries)	/* nothing below: label the axis */
		chart_band_axis_draw(c, &ax, plot.y1, ts);
	if (k == 0) {
		c->plan->plot = plot;
		c->plan->value = sc;
		c->plan->band = ax.bw;
	}
}

int chart_plan_multiples(struct chart_ctx *c, struct diag *d)
{
	const struct chart_spec *s = c->spec;
	struct grid g;

	memset(&g, 0, sizeof(g));
	if (chart_frame(c, d))
		return -1;
	g.gx = c->fs * 2;
	g.gy = c->fs * 1.4;
	g.title_h = chart_line_height(c->fs) + 2;
	g.axis_h = chart_band_axis_init(c, &g.ax, s->labels, s->nlabels,
					chart_tick_size(c) * 0.95);
	grid_choose(c, &g, s->nseries);
	if (g.ph < g.title_h + c->fs * 3 || g.pw < c->fs * 8)
		return diag_set(d, NULL, 0, 0, "size", "chart too small for "
				"%zu panels: %.0f x %.0f pt", s->nseries,
				c->plan->width, c->plan->height);
	grid_scales(c, &g);
	for (size_t k = 0; k < s->nseries; k++)
		panel_draw(c, &g, k);
	c->plan->npanels = s->nseries;
	free(g.sc);
	return 0;
}
