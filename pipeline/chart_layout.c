/* chart_layout.c - what the layouts of the kinds share: ranges, value
 * scales, reference lines, direct labels (see chart_int.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"
#include "tally/numfmt.h"

double chart_tick_size(const struct chart_ctx *c)
{
	return c->fs * 0.9;
}

int chart_clampi(double v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : (int)v;
}

/* Widens *lo..*hi to take in the values of v[0..n) that are not NAN. */
void chart_take_range(const double *v, size_t n, double *lo, double *hi)
{
	for (size_t i = 0; v && i < n; i++) {
		if (isnan(v[i]))
			continue;
		*lo = fmin(*lo, v[i]);
		*hi = fmax(*hi, v[i]);
	}
}

void chart_take_refs(const struct chart_spec *s, double *lo, double *hi)
{
	for (size_t i = 0; i < s->nrefs; i++) {
		*lo = fmin(*lo, s->refs[i].value);
		*hi = fmax(*hi, s->refs[i].value);
	}
}

/* A vertical value scale for a plot from y0 (top) to y1 (bottom). */
void chart_scale_v(const struct chart_ctx *c, struct chart_scale *sc,
		    double lo, double hi, double y0, double y1,
		    enum chart_unit unit, double spacing)
{
	int ticks = chart_clampi((y1 - y0) / (c->fs * spacing), 2, 8);

	chart_nice_domain(sc, lo, hi, ticks, unit == CHART_UNIT_COUNT);
	sc->r0 = y1;
	sc->r1 = y0;
}

/* The label of reference line i: its own, or its value. */
const char *chart_ref_label(const struct chart_ctx *c, size_t i, char *buf,
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
void chart_refs_across(struct chart_ctx *c, const struct chart_scale *sc,
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
				    chart_ref_label(c, i, buf, sizeof(buf)), x1,
				    y - 1.5, chart_tick_size(c), 0, CHART_BASEC,
				    CHART_ALIGN_RIGHT, CHART_VALIGN_BOTTOM);
		it->index = (long)i;
		it->max_width = x1 - x0;
	}
}

/* Spreads the label positions y[0..n) apart by gap within lo..hi,
 * keeping each at its own index (chart_spread_labels sorts). */
void chart_spread_kept(double *y, size_t n, double gap, double lo,
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
void chart_direct_label(struct chart_ctx *c, size_t k, double x, double y,
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
double chart_names_width(const struct chart_ctx *c, double share)
{
	double w = 0;

	for (size_t k = 0; k < c->spec->nseries; k++)
		w = fmax(w, chart_text_width(c, chart_series_name(c, k), c->fs, 0));
	return fmin(w, (c->body.x1 - c->body.x0) * share);
}
