/* chart_kinds.c - the layout of each kind of chart (see chart_int.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"
#include "tally/numfmt.h"

#define TICK_LEN 3.0

static double tick_size(const struct chart_ctx *c)
{
	return c->fs * 0.9;
}

static int clampi(double v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : (int)v;
}

/* Widens *lo..*hi to take in the values of v[0..n) that are not NAN. */
static void take_range(const double *v, size_t n, double *lo, double *hi)
{
	for (size_t i = 0; v && i < n; i++) {
		if (isnan(v[i]))
			continue;
		*lo = fmin(*lo, v[i]);
		*hi = fmax(*hi, v[i]);
	}
}

static void take_refs(const struct chart_spec *s, double *lo, double *hi)
{
	for (size_t i = 0; i < s->nrefs; i++) {
		*lo = fmin(*lo, s->refs[i].value);
		*hi = fmax(*hi, s->refs[i].value);
	}
}

/* A vertical value scale for a plot from y0 (top) to y1 (bottom). */
static void scale_v(const struct chart_ctx *c, struct chart_scale *sc,
		    double lo, double hi, double y0, double y1,
		    enum chart_unit unit, double spacing)
{
	int ticks = clampi((y1 - y0) / (c->fs * spacing), 2, 8);

	chart_nice_domain(sc, lo, hi, ticks, unit == CHART_UNIT_COUNT);
	sc->r0 = y1;
	sc->r1 = y0;
}

/* The label of reference line i: its own, or its value. */
static const char *ref_label(const struct chart_ctx *c, size_t i, char *buf,
			     size_t size)
{
	const struct chart_ref *r = &c->spec->refs[i];
	const char *cur;
	enum chart_unit u = chart_unit_of(c, -1, &cur);

	if (r->label && r->label[0])
		return r->label;
	return chart_fmt_value(buf, size, r->value, u, cur);
}

/* Horizontal reference lines across x0..x1, labelled above at x1. */
static void refs_across(struct chart_ctx *c, const struct chart_scale *sc,
			double x0, double x1)
{
	char buf[NUMFMT_MAX];

	for (size_t i = 0; i < c->spec->nrefs; i++) {
		double y = chart_scale_map(sc, c->spec->refs[i].value);
		struct chart_item *it;

		it = chart_add_line(c, CHART_ROLE_REF, CHART_BASEC, 0.9, x0, y,
				    x1, y);
		it->dashed = 1;
		it->index = (long)i;
		it = chart_add_text(c, CHART_ROLE_REF_LABEL,
				    ref_label(c, i, buf, sizeof(buf)), x1,
				    y - 1.5, tick_size(c), 0, CHART_BASEC,
				    CHART_ALIGN_RIGHT, CHART_VALIGN_BOTTOM);
		it->index = (long)i;
		it->max_width = x1 - x0;
	}
}

/* Spreads the label positions y[0..n) apart by gap within lo..hi,
 * keeping each at its own index (chart_spread_labels sorts). */
static void spread_kept(double *y, size_t n, double gap, double lo,
			double hi)
{
	size_t *order = xmalloc(n * sizeof(*order));
	double *tmp = xmalloc(n * sizeof(*tmp));

	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++)	/* stable sort of the order by y */
		for (size_t j = i; j > 0 && y[order[j]] < y[order[j - 1]]; j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		tmp[i] = y[order[i]];
	chart_spread_labels(tmp, n, gap, lo, hi);
	for (size_t i = 0; i < n; i++)
		y[order[i]] = tmp[i];
	free(order);
	free(tmp);
}

/* Adds the direct label of series k at y beside x. */
static void direct_label(struct chart_ctx *c, size_t k, double x, double y,
			 double maxw)
{
	struct chart_item *it;

	it = chart_add_text(c, CHART_ROLE_DIRECT_LABEL, chart_series_name(c, k),
			    x, y, c->fs, 0, chart_text_colour(chart_colour(k)),
			    CHART_ALIGN_LEFT, CHART_VALIGN_MIDDLE);
	it->series = (int)k;
	it->max_width = maxw;
}

/* The widest series name, at most a share of the body. */
static double names_width(const struct chart_ctx *c, double share)
{
	double w = 0;

	for (size_t k = 0; k < c->spec->nseries; k++)
		w = fmax(w, chart_text_width(c, chart_series_name(c, k), c->fs, 0));
	return fmin(w, (c->body.x1 - c->body.x0) * share);
}

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
	take_refs(s, lo, hi);
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
		double lo, hi, y0, y1;

		ok = stack_segment(s, last, k, &lo, &hi);
		y0 = chart_scale_map(&b->sc, lo);
		y1 = chart_scale_map(&b->sc, hi);
		want[k] = b->label_y[k] = (y0 + y1) / 2;
		half[k] = fabs(y0 - y1) / 2;
	}
	if (ok)
		spread_kept(b->label_y, n, lh, b->plot.y0, b->plot.y1);
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
	double ts = tick_size(c);
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
			   tick_size(c));
	for (size_t i = 0; i < s->nlabels; i++)
		for (size_t k = 0; k < s->nseries; k++)
			bars_draw_one(c, b, i, k, bar);
	chart_zero_line(c, &b->sc, 0, b->plot.x0, b->plot.x1);
	refs_across(c, &b->sc, b->plot.x0, b->plot.x1);
	bars_values(c, b);
	for (size_t k = 0; b->label_y && k < s->nseries; k++)
		direct_label(c, k, b->plot.x1 + c->fs * 0.6, b->label_y[k],
			     b->label_w);
	chart_band_axis_draw(c, &b->ax, b->plot.y1, tick_size(c));
	c->plan->plot = b->plot;
	c->plan->value = b->sc;
	c->plan->band = bw;
}

/* One attempt at a bar chart; 1 when direct labels do not fit. */
static int bars_layout(struct chart_ctx *c, struct bars *b, struct diag *d)
{
	const struct chart_spec *s = c->spec;
	double ts = tick_size(c), lo, hi, axis_h;

	if (chart_frame(c, d))
		return -1;
	b->unit = chart_unit_of(c, -1, &b->currency);
	axis_h = chart_band_axis_init(c, &b->ax, s->labels, s->nlabels, ts);
	b->plot.y0 = c->body.y0 + ts * 0.6;
	b->plot.y1 = c->body.y1 - axis_h;
	bars_range(s, b->stacked, &lo, &hi);
	scale_v(c, &b->sc, lo, hi, b->plot.y0, b->plot.y1, b->unit, 3.3);
	b->plot.x0 = c->body.x0 + chart_ticks_width(c, &b->sc, b->unit, ts) +
		     ts * 0.6;
	b->plot.x1 = c->body.x1;
	if (b->stacked && !c->key) {
		if (!bars_direct_fit(c, b))
			return 1;
		b->label_w = names_width(c, 0.28);
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
			       tick_size(c), 0, CHART_INK2, CHART_ALIGN_LEFT,
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
	spread_kept(y, n, chart_line_height(c->fs), l->plot.y0, l->plot.y1);
	for (size_t j = 0; j < n; j++)
		direct_label(c, which[j], l->plot.x1 + c->fs * 0.6, y[j], maxw);
	free(y);
	free(which);
}

static void line_range(const struct chart_spec *s, double *lo, double *hi)
{
	*lo = *hi = 0;
	take_refs(s, lo, hi);
	for (size_t k = 0; k < s->nseries; k++) {
		const struct chart_series *se = &s->series[k];

		take_range(se->values, se->nvalues, lo, hi);
		take_range(se->trend, se->nvalues, lo, hi);
		take_range(se->band_lo, se->nvalues, lo, hi);
		take_range(se->band_hi, se->nvalues, lo, hi);
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
			   tick_size(c));
	for (size_t k = 0; k < s->nseries; k++)
		if (s->series[k].band_lo)
			draw_band(c, l, k);
	chart_zero_line(c, &l->sc, 0, l->plot.x0, l->plot.x1);
	refs_across(c, &l->sc, l->plot.x0, l->plot.x1);
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
	chart_band_axis_draw(c, &l->ax, l->plot.y1, tick_size(c));
}

int chart_plan_line(struct chart_ctx *c, struct diag *d)
{
	const struct chart_spec *s = c->spec;
	double ts = tick_size(c), lo, hi, axis_h, label_w;
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
	scale_v(c, &l.sc, lo, hi, l.plot.y0, l.plot.y1, l.unit, 3.3);
	l.plot.x0 = c->body.x0 + chart_ticks_width(c, &l.sc, l.unit, ts) +
		    ts * 0.6;
	label_w = names_width(c, 0.28);
	l.plot.x1 = c->body.x1 - (label_w > 0 ? label_w + c->fs * 0.6 : 0);
	l.ax.x0 = l.plot.x0;
	l.ax.bw = (l.plot.x1 - l.plot.x0) / (double)s->nlabels;
	line_draw(c, &l, label_w);
	c->plan->plot = l.plot;
	c->plan->value = l.sc;
	c->plan->band = l.ax.bw;
	return 0;
}

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
		qsort(w->r, w->n, sizeof(*w->r), row_cmp);
}

/* Decides how many rows fit the body and what the last one says. */
static int rows_fit(struct chart_ctx *c, struct rows *w, struct diag *d)
{
	const struct chart_spec *s = c->spec;
	double ts = tick_size(c);
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
	double ts = tick_size(c), lo = 0, hi = 0, body_w;
	char buf[NUMFMT_MAX];
	int ticks;

	body_w = c->body.x1 - c->body.x0;
	w->values = s->kind != CHART_DOTS || s->nseries == 1;
	for (size_t i = 0; i < w->shown; i++) {
		double v = w->r[i].v;

		w->label_w = fmax(w->label_w, chart_text_width(c, w->r[i].label,
							      c->fs, 0));
		for (size_t k = 0; s->kind == CHART_DOTS && k < s->nseries; k++)
			take_range(&s->series[k].values[w->r[i].idx], 1, &lo, &hi);
		take_range(&v, 1, &lo, &hi);
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
				take_range(&w->others, 1, &lo, &hi);
			w->value_w = fmax(w->value_w, chart_text_width(c,
				chart_fmt_value(buf, sizeof(buf), w->others,
						w->unit, w->currency), ts, 0));
		}
	}
	take_refs(s, &lo, &hi);
	w->label_w = fmin(w->label_w, body_w * 0.36);
	w->value_w += ts * 0.6;
	w->plot.x0 = c->body.x0 + w->label_w + c->fs * 0.9 +
		     (lo < 0 && w->values ? w->value_w : 0);
	w->plot.x1 = c->body.x1 - (w->values ? w->value_w : c->fs * 0.6);
	w->plot.y0 = w->top;
	w->plot.y1 = w->top + w->row_h * (double)(w->shown + (size_t)w->summary);
	chart_fmt_tick(buf, sizeof(buf), fmax(fabs(lo), fabs(hi)), 1, w->unit);
	ticks = clampi((w->plot.x1 - w->plot.x0) /
		       (chart_text_width(c, buf, ts, 0) + c->fs * 2.5), 2, 8);
	chart_nice_domain(&w->sc, lo, hi, ticks, w->unit == CHART_UNIT_COUNT);
	w->sc.r0 = w->plot.x0;
	w->sc.r1 = w->plot.x1;
}

/* Reference lines down the rows, labelled above them. */
static void rows_refs(struct chart_ctx *c, const struct rows *w)
{
	double ts = tick_size(c), lh = chart_line_height(ts);
	double prev_right = -1e300;
	char buf[NUMFMT_MAX];

	for (size_t i = 0; i < c->spec->nrefs; i++) {
		double x = chart_scale_map(&w->sc, c->spec->refs[i].value);
		const char *text = ref_label(c, i, buf, sizeof(buf));
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

/* The value of a bar or dot printed beyond its end at x. */
static void row_value(struct chart_ctx *c, const struct rows *w, double v,
		      double x, double y, long index)
{
	char buf[NUMFMT_MAX];
	double gap = tick_size(c) * 0.35;

	chart_fmt_value(buf, sizeof(buf), v, w->unit, w->currency);
	chart_add_text(c, CHART_ROLE_VALUE_LABEL, buf, v < 0 ? x - gap : x + gap,
		       y, tick_size(c), 0, CHART_INK2,
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
	row_value(c, w, v, x1, y, index);
}

static void row_dots(struct chart_ctx *c, const struct rows *w, size_t idx,
		     double y)
{
	const struct chart_spec *s = c->spec;
	double lo = 1e300, hi = -1e300, r = c->fs * 0.38;

	for (size_t k = 0; k < s->nseries; k++)
		take_range(&s->series[k].values[idx], 1, &lo, &hi);
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
	if (w->values && !isnan(s->series[0].values[idx]))
		row_value(c, w, s->series[0].values[idx],
			  chart_scale_map(&w->sc, s->series[0].values[idx]) +
			  (s->series[0].values[idx] < 0 ? -r : r), y, (long)idx);
}

static void rows_draw(struct chart_ctx *c, const struct rows *w)
{
	const struct chart_spec *s = c->spec;
	double ts = tick_size(c);

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
		else if (s->kind == CHART_RANKED)
			row_value(c, w, w->others, chart_scale_map(&w->sc, 0),
				  y, -1);
	}
	chart_zero_line(c, &w->sc, 1, w->top, w->plot.y1);
	rows_refs(c, w);
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

/* ==== HISTOGRAM ========================================================== */

struct hist {
	size_t *count;
	size_t nbins, per_decade;
	int e0, e1;		/* decades 10^e0 .. 10^e1 */
	size_t positive, excluded;
	struct chart_box plot;
	struct chart_scale sc;
};

/* Bins the positive values of series 0 by log10, per_decade bins a
 * decade over the whole decades they span. */
static void hist_bin(const struct chart_spec *s, struct hist *h)
{
	static const size_t per[] = { 10, 5, 4, 2, 1 };
	const struct chart_series *se = &s->series[0];
	double lo = INFINITY, hi = -INFINITY;

	for (size_t i = 0; i < se->nvalues; i++) {
		double v = se->values[i];

		if (isnan(v))
			continue;
		if (v <= 0) {
			h->excluded++;
			continue;
		}
		h->positive++;
		lo = fmin(lo, v);
		hi = fmax(hi, v);
	}
	if (!h->positive)
		return;
	h->e0 = (int)floor(log10(lo));
	h->e1 = (int)floor(log10(hi)) + 1;
	for (size_t i = 0; i < sizeof(per) / sizeof(per[0]); i++) {
		h->per_decade = per[i];
		if ((size_t)(h->e1 - h->e0) * per[i] <= 30)
			break;
	}
	h->nbins = (size_t)(h->e1 - h->e0) * h->per_decade;
	h->count = xcalloc(h->nbins, sizeof(*h->count));
	for (size_t i = 0; i < se->nvalues; i++) {
		double v = se->values[i], j;

		if (isnan(v) || v <= 0)
			continue;
		j = floor((log10(v) - h->e0) * (double)h->per_decade + 1e-9);
		j = fmax(0, fmin(j, (double)h->nbins - 1));
		h->count[(size_t)j]++;
	}
}

/* Decade ticks under the bins, labelled as far apart as they fit, and the
 * scale named at the right. */
static void hist_axis(struct chart_ctx *c, const struct hist *h, double bw)
{
	double ts = tick_size(c), wmax = 0, x, y = h->plot.y1;
	int decades = h->e1 - h->e0, every = 1;
	char buf[NUMFMT_MAX + 16];
	const char *cur;

	for (int e = h->e0; e <= h->e1; e++)
		wmax = fmax(wmax, chart_text_width(c, numfmt_short(buf,
					sizeof(buf), pow(10, e)), ts, 0));
	while (every < decades &&
	       (double)every * (double)h->per_decade * bw < wmax + ts)
		every++;
	for (int e = h->e0; e <= h->e1; e++) {
		x = h->plot.x0 + (double)(e - h->e0) * (double)h->per_decade * bw;
		chart_add_line(c, CHART_ROLE_AXIS_TICK, CHART_INK3, 0.6, x, y,
			       x, y + TICK_LEN)->index = e;
		if ((e - h->e0) % every)
			continue;
		chart_add_text(c, CHART_ROLE_LABEL_TICK, numfmt_short(buf,
			       sizeof(buf), pow(10, e)), x, y + TICK_LEN * 1.3,
			       ts, 0, CHART_INK3, CHART_ALIGN_CENTER,
			       CHART_VALIGN_TOP)->index = e;
	}
	if (chart_unit_of(c, 0, &cur) == CHART_UNIT_MONEY && cur && cur[0])
		snprintf(buf, sizeof(buf), "%s, log scale", cur);
	else
		snprintf(buf, sizeof(buf), "log scale");
	chart_add_text(c, CHART_ROLE_LABEL_TICK, buf, h->plot.x1,
		       y + TICK_LEN * 1.3 + chart_line_height(ts), ts, 0,
		       CHART_INK3, CHART_ALIGN_RIGHT, CHART_VALIGN_TOP);
}

static void hist_draw(struct chart_ctx *c, struct hist *h)
{
	double ts = tick_size(c), hi = 0, bw, gap;
	char buf[NUMFMT_MAX];

	for (size_t j = 0; j < h->nbins; j++)
		hi = fmax(hi, (double)h->count[j]);
	h->plot.y0 = c->body.y0 + ts * 0.6;
	h->plot.y1 = c->body.y1 - 2 * chart_line_height(ts) - TICK_LEN * 1.3;
	scale_v(c, &h->sc, 0, hi, h->plot.y0, h->plot.y1, CHART_UNIT_COUNT, 3.3);
	h->plot.x0 = c->body.x0 + ts * 0.6 +
		     chart_ticks_width(c, &h->sc, CHART_UNIT_COUNT, ts);
	h->plot.x1 = c->body.x1 - chart_text_width(c, numfmt_short(buf,
			sizeof(buf), pow(10, h->e1)), ts, 0) / 2;
	bw = (h->plot.x1 - h->plot.x0) / (double)h->nbins;
	gap = fmin(1.0, bw * 0.15);
	chart_value_axis_v(c, &h->sc, CHART_UNIT_COUNT, h->plot.x0, h->plot.x1,
			   ts);
	for (size_t j = 0; j < h->nbins; j++) {
		double x = h->plot.x0 + (double)j * bw;

		if (!h->count[j])
			continue;
		chart_add_rect(c, CHART_ROLE_BAR, chart_colour(0), x + gap / 2,
			       chart_scale_map(&h->sc, 0), x + bw - gap / 2,
			       chart_scale_map(&h->sc, (double)h->count[j])
			       )->index = (long)j;
	}
	chart_zero_line(c, &h->sc, 0, h->plot.x0, h->plot.x1);
	hist_axis(c, h, bw);
	c->plan->band = bw;
}

int chart_plan_histogram(struct chart_ctx *c, struct diag *d)
{
	const struct chart_spec *s = c->spec;
	struct hist h;
	int r = -1;

	memset(&h, 0, sizeof(h));
	hist_bin(s, &h);
	if (!h.positive)
		return diag_set(d, NULL, 0, 0, NULL, "no data for %s: no value "
				"above zero to show on a log scale",
				s->subject && s->subject[0] ? s->subject :
				s->title);
	if (h.excluded)
		chart_add_note(c, "%zu value%s of zero or less not shown on the "
			       "log scale", h.excluded, h.excluded == 1 ? "" : "s");
	if (chart_frame(c, d) == 0) {
		hist_draw(c, &h);
		c->plan->plot = h.plot;
		c->plan->value = h.sc;
		c->plan->excluded = h.excluded;
		r = 0;
	}
	free(h.count);
	return r;
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
	double ts = tick_size(c) * 0.95, y0 = g->title_h + ts * 0.6;
	double slo = 0, shi = 0;
	int ticks = clampi((g->ph - y0) / (c->fs * 2.6), 2, 4);

	for (size_t k = 0; k < s->nseries; k++)
		take_range(s->series[k].values, s->nlabels, &slo, &shi);
	g->sc = xcalloc(s->nseries, sizeof(*g->sc));
	for (size_t k = 0; k < s->nseries; k++) {
		double lo = slo, hi = shi;
		enum chart_unit u = chart_unit_of(c, (long)k, NULL);

		if (!s->shared_y) {
			lo = hi = 0;
			take_range(s->series[k].values, s->nlabels, &lo, &hi);
		}
		chart_nice_domain(&g->sc[k], lo, hi, ticks, u == CHART_UNIT_COUNT);
		g->tick_w = fmax(g->tick_w, chart_ticks_width(c, &g->sc[k], u, ts));
	}
}

static void panel_draw(struct chart_ctx *c, struct grid *g, size_t k)
{
	const struct chart_spec *s = c->spec;
	double ts = tick_size(c) * 0.95;
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
					tick_size(c) * 0.95);
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
