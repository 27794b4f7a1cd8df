/* chart_hist.c - histograms of values on a log10 scale, binned here from
 * the values or given as counts per bin (see chart_int.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"
#include "tally/numfmt.h"

struct hist {
	double *edge;		/* nbins + 1 bin edges, in log10 units */
	double *count;		/* nbins counts */
	size_t nbins;
	double shown;		/* values in the bins */
	double excluded;	/* values the log scale cannot show */
	double lowest;		/* given bins: the lowest edge above zero */
	struct chart_box plot;
	struct chart_scale sc;	/* counts, up the page */
	struct chart_scale x;	/* log10 of values, across */
};

/* Bins the positive values of series 0: whole decades from the smallest
 * to the largest, as many bins a decade (10, 5, 4, 2, 1) as keep them
 * at most 30. */
static void bin_values(const struct chart_series *se, struct hist *h)
{
	static const size_t per[] = { 10, 5, 4, 2, 1 };
	double lo = INFINITY, hi = -INFINITY;
	size_t m = 1;
	int e0, e1;

	for (size_t i = 0; i < se->nvalues; i++) {
		double v = se->values[i];

		if (!isnan(v) && v <= 0)
			h->excluded++;
		if (isnan(v) || v <= 0)
			continue;
		h->shown++;
		lo = fmin(lo, v);
		hi = fmax(hi, v);
	}
	if (!h->shown)
		return;
	e0 = (int)floor(log10(lo));
	e1 = (int)floor(log10(hi)) + 1;
	for (size_t i = 0; i < sizeof(per) / sizeof(per[0]); i++) {
		m = per[i];
		if ((size_t)(e1 - e0) * m <= 30)
			break;
	}
	h->nbins = (size_t)(e1 - e0) * m;
	h->edge = xmalloc((h->nbins + 1) * sizeof(*h->edge));
	h->count = xcalloc(h->nbins, sizeof(*h->count));
	for (size_t j = 0; j <= h->nbins; j++)
		h->edge[j] = e0 + (double)j / (double)m;
	for (size_t i = 0; i < se->nvalues; i++) {
		double v = se->values[i], j;

		if (isnan(v) || v <= 0)
			continue;
		j = floor((log10(v) - e0) * (double)m + 1e-9);
		h->count[(size_t)fmax(0, fmin(j, (double)h->nbins - 1))]++;
	}
}

/* Drops the empty bins at both ends (an aggregate's bins run to 1e15
 * whatever its values). */
static void trim_bins(struct hist *h)
{
	size_t lo = 0, hi = h->nbins;

	while (lo < hi && !(h->count[lo] > 0))
		lo++;
	while (hi > lo && !(h->count[hi - 1] > 0))
		hi--;
	if (lo == hi)
		return;
	memmove(h->count, h->count + lo, (hi - lo) * sizeof(*h->count));
	memmove(h->edge, h->edge + lo, (hi - lo + 1) * sizeof(*h->edge));
	h->nbins = hi - lo;
}

/* Takes counts per bin between the given edges: the bins from the first
 * edge above zero on (the counts below it cannot be shown), less the
 * empty ones at both ends. */
static int take_bins(const struct chart_spec *s, struct hist *h,
		     struct diag *d)
{
	const struct chart_series *se = &s->series[0];
	const double *e = s->bin_edges;
	size_t first = 0, n = se->nvalues;

	for (size_t j = 0; j <= n; j++)
		if (!isfinite(e[j]) || (j > 0 && !(e[j] > e[j - 1])))
			return diag_set(d, NULL, 0, 0, "bin_edges", "bin edge %zu "
					"is not a number above the one before", j + 1);
	for (size_t j = 0; j < n; j++)
		if (se->values[j] < 0)
			return diag_set(d, NULL, 0, 0, "series", "bin %zu has a "
					"negative count", j + 1);
	while (first < n && e[first] <= 0)
		first++;
	h->nbins = n - first;
	h->edge = xmalloc((h->nbins + 1) * sizeof(*h->edge));
	h->count = xcalloc(h->nbins ? h->nbins : 1, sizeof(*h->count));
	for (size_t j = 0; j < n; j++) {
		double c = isnan(se->values[j]) ? 0 : se->values[j];

		if (j < first)
			h->excluded += c;
		else
			h->count[j - first] = c;
		if (j >= first)
			h->shown += c;
	}
	for (size_t j = first; j <= n; j++)
		h->edge[j - first] = log10(e[j]);
	h->lowest = first <= n ? e[first] : 0;
	trim_bins(h);
	return 0;
}

/* Ticks at the powers of ten inside the bins (or at their two ends when
 * there is none), labelled as far apart as they fit; the scale named at
 * the right. */
static void hist_axis(struct chart_ctx *c, const struct hist *h)
{
	double ts = chart_tick_size(c), y = h->plot.y1, wmax = 0;
	double lo = ceil(h->x.d0 - 1e-9), hi = floor(h->x.d1 + 1e-9), step = 1;
	double decade = chart_scale_map(&h->x, 1) - chart_scale_map(&h->x, 0);
	char buf[NUMFMT_MAX + 16];
	const char *cur;

	if (lo > hi) {		/* less than a decade: label the ends */
		lo = h->x.d0;
		hi = h->x.d1;
		step = hi - lo;
	}
	for (double e = lo; e <= hi + 1e-9; e += step)
		wmax = fmax(wmax, chart_text_width(c, numfmt_short(buf,
					sizeof(buf), pow(10, e)), ts, 0));
	while (step < hi - lo && step * decade < wmax + ts)
		step++;
	for (double e = lo; e <= hi + 1e-9; e += step) {
		double x = chart_scale_map(&h->x, e);

		chart_add_line(c, CHART_ROLE_AXIS_TICK, CHART_INK3, 0.6, x, y,
			       x, y + CHART_TICK_LEN)->index = lround(e);
		chart_add_text(c, CHART_ROLE_LABEL_TICK, numfmt_short(buf,
			       sizeof(buf), pow(10, e)), x,
			       y + CHART_TICK_LEN * 1.3, ts, 0, CHART_INK3,
			       CHART_ALIGN_CENTER, CHART_VALIGN_TOP)->index =
			lround(e);
	}
	if (chart_unit_of(c, 0, &cur) == CHART_UNIT_MONEY && cur && cur[0])
		snprintf(buf, sizeof(buf), "%s, log scale", cur);
	else
		snprintf(buf, sizeof(buf), "log scale");
	chart_add_text(c, CHART_ROLE_LABEL_TICK, buf, h->plot.x1,
		       y + CHART_TICK_LEN * 1.3 + chart_line_height(ts), ts, 0,
		       CHART_INK3, CHART_ALIGN_RIGHT, CHART_VALIGN_TOP);
}

static void hist_draw(struct chart_ctx *c, struct hist *h)
{
	double ts = chart_tick_size(c), hi = 0, gap;
	char buf[NUMFMT_MAX];

	for (size_t j = 0; j < h->nbins; j++)
		hi = fmax(hi, h->count[j]);
	h->plot.y0 = c->body.y0 + ts * 0.6;
	h->plot.y1 = c->body.y1 - 2 * chart_line_height(ts) -
		     CHART_TICK_LEN * 1.3;
	chart_scale_v(c, &h->sc, 0, hi, h->plot.y0, h->plot.y1,
		      CHART_UNIT_COUNT, 3.3);
	h->plot.x0 = c->body.x0 + ts * 0.6 +
		     chart_ticks_width(c, &h->sc, CHART_UNIT_COUNT, ts);
	h->plot.x1 = c->body.x1 - chart_text_width(c, numfmt_short(buf,
			sizeof(buf), pow(10, ceil(h->edge[h->nbins]))), ts, 0) / 2;
	h->x = (struct chart_scale){ h->edge[0], h->edge[h->nbins], h->plot.x0,
				     h->plot.x1, 1, 0 };
	chart_value_axis_v(c, &h->sc, CHART_UNIT_COUNT, h->plot.x0, h->plot.x1,
			   ts);
	for (size_t j = 0; j < h->nbins; j++) {
		double x0 = chart_scale_map(&h->x, h->edge[j]);
		double x1 = chart_scale_map(&h->x, h->edge[j + 1]);

		if (!(h->count[j] > 0))
			continue;
		gap = fmin(1.0, (x1 - x0) * 0.15);
		chart_add_rect(c, CHART_ROLE_BAR, chart_colour(0), x0 + gap / 2,
			       chart_scale_map(&h->sc, 0), x1 - gap / 2,
			       chart_scale_map(&h->sc, h->count[j]))->index =
			(long)j;
	}
	chart_zero_line(c, &h->sc, 0, h->plot.x0, h->plot.x1);
	hist_axis(c, h);
	c->plan->band = (h->plot.x1 - h->plot.x0) / (double)h->nbins;
}

/* The note on what the log scale leaves out. */
static void hist_note(struct chart_ctx *c, const struct hist *h)
{
	char n[NUMFMT_MAX], edge[NUMFMT_MAX];
	const char *s = h->excluded == 1 ? "" : "s";

	if (!(h->excluded > 0))
		return;
	numfmt_group(n, sizeof(n), h->excluded, 0);
	if (c->spec->bin_edges)
		chart_add_note(c, "%s value%s below %s not shown on the log "
			       "scale", n, s, numfmt_short(edge, sizeof(edge),
							  h->lowest));
	else
		chart_add_note(c, "%s value%s of zero or less not shown on the "
			       "log scale", n, s);
}

int chart_plan_histogram(struct chart_ctx *c, struct diag *d)
{
	const struct chart_spec *s = c->spec;
	struct hist h;
	int r = -1;

	memset(&h, 0, sizeof(h));
	if (s->bin_edges ? take_bins(s, &h, d) : (bin_values(&s->series[0], &h), 0))
		goto out;
	if (!(h.shown > 0)) {
		diag_set(d, NULL, 0, 0, NULL, "no data for %s: no value above "
			 "zero to show on a log scale", s->subject &&
			 s->subject[0] ? s->subject : s->title);
		goto out;
	}
	hist_note(c, &h);
	if (chart_frame(c, d) == 0) {
		hist_draw(c, &h);
		c->plan->plot = h.plot;
		c->plan->value = h.sc;
		c->plan->excluded = (size_t)h.excluded;
		r = 0;
	}
out:
	free(h.edge);
	free(h.count);
	return r;
}
