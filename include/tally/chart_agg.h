/*
 * chart_agg.h - chart specs made from an aggregate table: the adapter
 * behind `tally chart AGGREGATES --kind KIND ...` (and the same rules as
 * the briefing's charts).
 *
 * What each kind shows:
 *   line, bars, multiples   the monthly series of each category asked for
 *                           (one series, or one panel, a category) over
 *                           the window of months ending at `month`; a
 *                           single line gets its trend line when the
 *                           trend is clear (95 % interval excludes 0)
 *   hbars, dots, ranked     the groups of one month by source or by place
 *                           (the table must have been made with that key,
 *                           `tally aggregate --by month,category,source`)
 *   histogram               the figures of one (month, category, unit)
 *                           group, in the table's decade bins
 * Money is in the table's reporting currency; the footer names the
 * bulletins, sources and months behind the chart and the duplicates left
 * out.
 *
 * Ownership: a struct chart_agg owns its spec and everything the spec
 * points to; chart_agg_free() releases it (NULL is a no-op).
 * Errors: chart_agg_make() returns -1 with d filled (an unknown month, a
 * category the table lacks, a breakdown the table was not made with).
 */
#ifndef TALLY_CHART_AGG_H
#define TALLY_CHART_AGG_H

#include <stddef.h>

#include "tally/chart.h"
#include "tally/diag.h"

struct aggregate_table;

enum chart_agg_by { CHART_AGG_BY_SOURCE, CHART_AGG_BY_PLACE };

struct chart_agg_query {
	enum chart_kind kind;
	const char *const *categories;	/* at least one; "arrests", ... */
	size_t ncategories;
	const char *unit;	/* NULL: the table's currency for money
				 * categories, else "count" */
	const char *month;	/* the last month shown (YYYY-MM); NULL: the
				 * table's last month */
	int months;		/* window of monthly kinds; 0: 12 */
	enum chart_agg_by by;	/* hbars, dots, ranked */
	const char *title;	/* NULL: made from the query */
	const char *subtitle;	/* NULL: made from the query */
	const struct chart_ref *refs;	/* reference lines (hbars, dots,
					 * ranked, line, bars) */
	size_t nrefs;
	int refs_given;		/* 0: the default, a 2 % line for shares
				 * of GDP; 1: refs as given (maybe none) */
	double width, height;	/* pt; 0: the chart module's default */
	double dpi;		/* PNG; 0: 192 */
};

struct chart_agg;

int chart_agg_make(const struct aggregate_table *t,
		   const struct chart_agg_query *q, struct chart_agg **out,
		   struct diag *d);
const struct chart_spec *chart_agg_spec(const struct chart_agg *ca);
void chart_agg_free(struct chart_agg *ca);

#endif
