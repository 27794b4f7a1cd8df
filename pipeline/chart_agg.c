/* chart_agg.c - chart specs from an aggregate table (see chart_agg.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tally/aggregate.h"
#include "tally/chart_agg.h"
#include "report_build.h"

struct chart_agg {
	struct rchart *rc;
};

static const char *unit_of(const struct aggregate_table *t,
			   const struct chart_agg_query *q, const char *category)
{
	static const char *const money[] = { "financial_loss", "seizure_value",
					     "funding" };

	if (q->unit)
		return q->unit;
	if (!strcmp(category, "gdp_share"))
		return "percent";
	for (size_t i = 0; i < 3; i++)
		if (!strcmp(category, money[i]))
			return t->currency[0] ? t->currency : "USD";
	return "count";
}

static enum chart_unit chart_unit_for(const char *unit)
{
	if (!strcmp(unit, "count"))
		return CHART_UNIT_COUNT;
	if (!strcmp(unit, "percent"))
		return CHART_UNIT_PERCENT;
	return rfmt_is_money(unit) ? CHART_UNIT_MONEY : CHART_UNIT_NUMBER;
}

/* The footer of months [first, last] of t. */
static void footer(const struct aggregate_table *t, size_t first, size_t last,
		   char *buf, size_t size)
{
	const char *sources[64];
	size_t nsrc = 0, nb = 0, excl = 0;

	for (size_t i = 0; i < t->ncoverage; i++) {
		const struct agg_coverage *c = &t->coverage[i];
		size_t k;

		if (strcmp(c->month, t->months[first]) < 0 ||
		    strcmp(c->month, t->months[last]) > 0)
			continue;
		nb += (size_t)c->bulletins;
		for (k = 0; k < nsrc; k++)
			if (!strcmp(sources[k], c->source))
				break;
		if (k == nsrc && nsrc < 64)
			sources[nsrc++] = c->source;
	}
	excl = (size_t)aggregate_table_dups_excluded(t, first, last);
	chart_footer_format(buf, size, nb, sources, nsrc, t->months[first],
			    t->months[last], excl);
}

static int monthly(const struct aggregate_table *t,
		   const struct chart_agg_query *q, size_t end, struct rchart **out,
		   struct diag *d)
{
	size_t win = q->months > 0 ? (size_t)q->months : 12;
	size_t first = end + 1 > win ? end + 1 - win : 0, n = end + 1 - first;
	const char *unit = unit_of(t, q, q->categories[0]);
	char foot[1024];
	struct rchart *rc;

	footer(t, first, end, foot, sizeof(foot));
	rc = rchart_new(q->kind, n, q->title ? q->title : q->ncategories == 1 ?
			rb_category_label(q->categories[0]) : "Figures by month",
			rfmt_is_money(unit) && q->ncategories == 1 ?
			"Monthly totals, one figure per bulletin, in the reporting currency" :
			"Monthly totals, one figure per bulletin",
			foot, chart_unit_for(unit), rfmt_is_money(unit) ? unit : NULL);
	for (size_t i = 0; i < n; i++)
		rchart_label(rc, i, t->months[first + i]);
	for (size_t k = 0; k < q->ncategories && k < RCHART_MAX_SERIES; k++) {
		const char *u = unit_of(t, q, q->categories[k]);
		const struct agg_series *se = aggregate_find_series(t, q->categories[k], u);
		double *v;

		if (!se) {
			rchart_free(rc);
			return diag_set(d, NULL, 0, 0, "category", "no monthly series "
					"of %s in %s in the table", q->categories[k], u);
		}
		v = rchart_series(rc, rb_category_label(q->categories[k]));
		rc->series[k].unit = chart_unit_for(u);
		rc->series[k].currency = rfmt_is_money(u) ? se->unit : NULL;
		for (size_t i = 0; i < n; i++)
			v[i] = se->points[first + i].sum;
		if (q->kind == CHART_LINE && q->ncategories == 1)
			rchart_fit(rc, 0, se, end, (int)win, first);
	}
	*out = rc;
	return 0;
}

static int by_key(const struct aggregate_table *t,
		  const struct chart_agg_query *q, size_t m, struct rchart **out,
		  struct diag *d)
{
	unsigned need = q->by == CHART_AGG_BY_SOURCE ? AGG_BY_SOURCE : AGG_BY_PLACE;
	const char *unit = unit_of(t, q, q->categories[0]);
	const char *month = t->months[m];
	struct rchart *rc;
	char foot[1024];
	size_t n = 0, k = 0;
	double *v;

	if (!(t->by & need))
		return diag_set(d, NULL, 0, 0, "by", "the table has no groups by "
				"%s (make it with tally aggregate --by "
				"month,category,%s)", q->by ? "place" : "source",
				q->by ? "place" : "source");
	for (size_t i = 0; i < t->ngroups; i++) {
		const struct agg_group *g = &t->groups[i];

		n += g->month && !strcmp(g->month, month) &&
		     !strcmp(g->category, q->categories[0]) &&
		     !strcmp(g->unit, unit) && g->st.figures;
	}
	footer(t, m, m, foot, sizeof(foot));
	rc = rchart_new(q->kind, n, q->title ? q->title :
			rb_category_label(q->categories[0]), q->by ?
			"By the country the figures are about" :
			"By the organisation that published them", foot,
			chart_unit_for(unit), rfmt_is_money(unit) ? unit : NULL);
	v = rchart_series(rc, NULL);
	for (size_t i = 0; i < t->ngroups && k < n; i++) {
		const struct agg_group *g = &t->groups[i];
		const char *key = q->by ? g->place : g->source;

		if (!g->month || strcmp(g->month, month) ||
		    strcmp(g->category, q->categories[0]) ||
		    strcmp(g->unit, unit) || !g->st.figures)
			continue;
		rchart_label(rc, k, key && *key ? key : "(none named)");
		v[k++] = !strcmp(unit, "percent") ? g->st.median : g->st.sum;
	}
	rc->spec.top_n = 12;
	*out = rc;
	return 0;
}

static int histogram(const struct aggregate_table *t,
		     const struct chart_agg_query *q, size_t m, struct rchart **out,
		     struct diag *d)
{
	const char *unit = unit_of(t, q, q->categories[0]);
	const struct agg_group *g = rb_group(t, t->months[m], q->categories[0], unit);
	struct rchart *rc;
	char foot[1024];
	double *v;

	if (!g)
		return diag_set(d, NULL, 0, 0, "category", "no figures of %s in %s "
				"in %s", q->categories[0], unit, t->months[m]);
	footer(t, m, m, foot, sizeof(foot));
	rc = rchart_new(CHART_HISTOGRAM, AGG_HIST_BINS, q->title ? q->title :
			rb_category_label(q->categories[0]),
			"How many figures of each size (decades)", foot,
			chart_unit_for(unit), rfmt_is_money(unit) ? unit : NULL);
	rc->spec.nlabels = 0;
	v = rchart_series(rc, NULL);
	free(rc->values[0]);
	rc->values[0] = v = xcalloc(AGG_HIST_BINS + 1, sizeof(*v));
	rc->series[0].values = v;
	rc->series[0].nvalues = AGG_HIST_BINS;
	for (size_t i = 0; i < AGG_HIST_BINS; i++)
		v[i] = (double)g->st.hist[i];
	rc->spec.bin_edges = agg_hist_edges;
	*out = rc;
	return 0;
}

/* What the query says of the page and its furniture. */
static void apply_options(struct rchart *rc, const struct chart_agg_query *q)
{
	struct chart_spec *s = &rc->spec;
	int shares = !strcmp(q->categories[0], "gdp_share") &&
		     (q->kind == CHART_HBARS || q->kind == CHART_DOTS ||
		      q->kind == CHART_RANKED);

	if (q->subtitle)
		s->subtitle = arena_strdup(&rc->strings, q->subtitle);
	if (q->refs_given) {
		for (size_t i = 0; i < q->nrefs; i++)
			rchart_ref(rc, q->refs[i].value, q->refs[i].label);
	} else if (shares) {
		rchart_ref(rc, 2.0, "NATO guideline 2%");
	}
	if (q->width > 0)
		s->width = q->width;
	if (q->height > 0)
		s->height = q->height;
	if (q->dpi > 0)
		s->dpi = q->dpi;
}

int chart_agg_make(const struct aggregate_table *t,
		   const struct chart_agg_query *q, struct chart_agg **out,
		   struct diag *d)
{
	long m = q->month ? rb_month_index(t, q->month) : (long)t->nmonths - 1;
	struct rchart *rc = NULL;
	int r;

	if (!q->ncategories)
		return diag_set(d, NULL, 0, 0, "category", "no category asked for");
	if (m < 0 && q->month)
		return diag_set(d, NULL, 0, 0, "month", "month %s is not in the "
				"table", q->month);
	if (m < 0)
		return diag_set(d, NULL, 0, 0, "month", "the table has no month");
	switch (q->kind) {
	case CHART_LINE: case CHART_BARS: case CHART_MULTIPLES:
		r = monthly(t, q, (size_t)m, &rc, d);
		break;
	case CHART_HISTOGRAM:
		r = histogram(t, q, (size_t)m, &rc, d);
		break;
	default:
		r = by_key(t, q, (size_t)m, &rc, d);
		break;
	}
	if (r < 0)
		return -1;
	apply_options(rc, q);
	rc->spec.date = arena_strdup(&rc->strings, t->months[m]);
	*out = xcalloc(1, sizeof(**out));
	(*out)->rc = rc;
	return 0;
}

const struct chart_spec *chart_agg_spec(const struct chart_agg *ca)
{
	return &ca->rc->spec;
}

void chart_agg_free(struct chart_agg *ca)
{
	if (!ca)
		return;
	rchart_free(ca->rc);
	free(ca);
}
