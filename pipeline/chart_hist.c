/* chart_hist.c - histograms of values on a log10 scale (see
 * chart_int.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"
#include "tally/numfmt.h"

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
	double ts = chart_tick_size(c), wmax = 0, x, y = h->plot.y1;
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
			       x, y + CHART_TICK_LEN)->index = e;
		if ((e - h->e0) % every)
			continue;
		chart_add_text(c, CHART_ROLE_LABEL_TICK, numfmt_short(buf,
			       sizeof(buf), pow(10, e)), x, y + CHART_TICK_LEN * 1.3,
			       ts, 0, CHART_INK3, CHART_ALIGN_CENTER,
			       CHART_VALIGN_TOP)->index = e;
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
	double ts = chart_tick_size(c), hi = 0, bw, gap;
	char buf[NUMFMT_MAX];

	for (size_t j = 0; j < h->nbins; j++)
		hi = fmax(hi, (double)h->count[j]);
	h->plot.y0 = c->body.y0 + ts * 0.6;
	h->plot.y1 = c->body.y1 - 2 * chart_line_height(ts) - CHART_TICK_LEN * 1.3;
	chart_scale_v(c, &h->sc, 0, hi, h->plot.y0, h->plot.y1, CHART_UNIT_COUNT, 3.3);
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

