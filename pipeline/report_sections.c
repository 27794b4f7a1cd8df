/*
 * report_sections.c - the charts of a month, its tables by category
 * (sources and places) and its data quality.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tally/numfmt.h"
#include "report_build.h"

#define PT_PER_MM (72.0 / 25.4)
#define CHART_W (174.0 * PT_PER_MM)	/* the PDF's text width */
#define CHART_H (92.0 * PT_PER_MM)

/* ---- the window of months a monthly chart shows ------------------------ */

struct window {
	size_t first, n;	/* t->months[first .. first+n) */
	size_t nbulletins;
	const char *sources[64];
	size_t nsources;
	size_t excluded;	/* duplicates kept out in the window */
};

static int in_window(const struct rb *c, const struct window *w,
		     const char *month)
{
	return strcmp(month, c->t->months[w->first]) >= 0 &&
	       strcmp(month, c->t->months[w->first + w->n - 1]) <= 0;
}

static void window_init(const struct rb *c, struct window *w, size_t nmonths)
{
	memset(w, 0, sizeof(*w));
	w->first = (size_t)c->m + 1 > nmonths ? (size_t)c->m + 1 - nmonths : 0;
	w->n = (size_t)c->m + 1 - w->first;
	for (size_t i = 0; i < w->n; i++)
		w->nbulletins += (size_t)rb_month_bulletins(c->rd,
						c->t->months[w->first + i]);
	for (size_t i = 0; i < c->t->ncoverage; i++) {
		const struct agg_coverage *cv = &c->t->coverage[i];
		size_t k;

		if (!in_window(c, w, cv->month) || !cv->bulletins)
			continue;
		for (k = 0; k < w->nsources; k++)
			if (!strcmp(w->sources[k], cv->source))
				break;
		if (k == w->nsources && k < 64)
			w->sources[w->nsources++] = cv->source;
	}
	w->excluded = (size_t)aggregate_table_dups_excluded(c->t, w->first,
							    w->first + w->n - 1);
}

static const char *footer(struct rb *c, const struct window *w, char *buf,
			  size_t size)
{
	return chart_footer_format(buf, size, w->nbulletins, w->sources,
				   w->nsources, c->t->months[w->first],
				   c->t->months[w->first + w->n - 1], w->excluded);
}

static struct rchart *new_chart(struct rb *c, const struct window *w,
				enum chart_kind kind, size_t nlabels,
				const char *title, const char *subtitle,
				enum chart_unit unit)
{
	char foot[1024];
	struct rchart *rc = rchart_new(kind, nlabels, title, subtitle,
				       footer(c, w, foot, sizeof(foot)), unit,
				       unit == CHART_UNIT_MONEY ? c->cur : NULL);

	rc->spec.width = CHART_W;
	rc->spec.height = CHART_H;
	rc->spec.date = c->doc->date;
	rc->spec.subject = title;
	return rc;
}

/* ---- monthly charts --------------------------------------------------- */

static int chart_monthly(struct rb *c, struct report_section *s,
			 const char *name, const char *category,
			 const char *label, const char *subtitle)
{
	const struct agg_series *se = aggregate_find_series(c->t, category, "count");
	int months = c->t->trend_months > 0 ? c->t->trend_months : 12;
	struct window w;
	struct rchart *rc;
	double *v;
	char lm[RFMT], fm[RFMT];
	int drawn;

	if (!se)
		return 0;
	window_init(c, &w, (size_t)months);
	rc = new_chart(c, &w, CHART_LINE, w.n,
		       report_strf(c->doc, "%s by month", label), subtitle,
		       CHART_UNIT_COUNT);
	v = rchart_series(rc, label);
	for (size_t i = 0; i < w.n; i++) {
		rchart_label(rc, i, c->t->months[w.first + i]);
		v[i] = se->points[w.first + i].sum;
	}
	drawn = rchart_fit(rc, 0, se, (size_t)c->m, months, w.first);
	return rchart_add(c->doc, s, name, report_strf(c->doc,
		"Line chart of %s by month, %s to %s%s", category,
		rfmt_month(fm, c->t->months[w.first], 1), rfmt_month(lm, c->month, 1),
		drawn ? ", with its trend line and 95 % band" : ""), rc, c->d);
}

static int chart_money(struct rb *c, struct report_section *s)
{
	const struct agg_series *a = aggregate_find_series(c->t, "financial_loss", c->cur);
	const struct agg_series *b = aggregate_find_series(c->t, "seizure_value", c->cur);
	struct window w;
	struct rchart *rc;
	double *va, *vb;

	if (!a && !b)
		return 0;
	window_init(c, &w, 12);
	rc = new_chart(c, &w, CHART_BARS, w.n, "Money lost and seized by month",
		       report_strf(c->doc, "Financial losses and seizures by "
				   "value, %s at monthly rates", c->cur),
		       CHART_UNIT_MONEY);
	rc->spec.grouped = 1;
	va = rchart_series(rc, "Losses");
	vb = rchart_series(rc, "Seized");
	for (size_t i = 0; i < w.n; i++) {
		rchart_label(rc, i, c->t->months[w.first + i]);
		va[i] = a ? a->points[w.first + i].sum : 0;
		vb[i] = b ? b->points[w.first + i].sum : 0;
	}
	return rchart_add(c->doc, s, "money-by-month", report_strf(c->doc,
		"Bar chart of financial losses and seizures by value in %s by "
		"month", c->cur), rc, c->d);
}

/* ---- this month's breakdowns ------------------------------------------ */

struct row {
	const char *name;
	double value;
};

static int cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int chart_rows(struct rb *c, struct report_section *s, const char *name,
		      enum chart_kind kind, const char *title,
		      const char *subtitle, const char *alt, struct row *rows,
		      size_t n, enum chart_unit unit)
{
	struct window w;
	struct rchart *rc;
	double *v;

	if (!n)
		return 0;
	xqsort(rows, n, sizeof(*rows), cmp_row);
	window_init(c, &w, 1);
	rc = new_chart(c, &w, kind, n, title, subtitle, unit);
	rc->spec.top_n = 10;
	v = rchart_series(rc, NULL);
	for (size_t i = 0; i < n; i++) {
		rchart_label(rc, i, rows[i].name);
		v[i] = rows[i].value;
	}
	if (unit == CHART_UNIT_PERCENT)
		rchart_ref(rc, 2, "2% guideline");
	return rchart_add(c->doc, s, name, alt, rc, c->d);
}

/* Rows of (month, category, unit) in t by the key (source or place). */
static size_t rows_of(const struct rb *c, const struct aggregate_table *t,
		      const char *category, const char *unit, int by_place,
		      int stat, struct row **out)
{
	struct row *v = xcalloc(t->ngroups + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < t->ngroups; i++) {
		const struct agg_group *g = &t->groups[i];
		const char *key = by_place ? g->place : g->source;

		if (strcmp(g->month, c->month) || strcmp(g->category, category) ||
		    strcmp(g->unit, unit) || !g->st.figures || !key)
			continue;
		if (by_place && !*key)
			continue;
		v[n].name = key;
		v[n++].value = stat == 2 ? g->st.max : stat ? g->st.median :
			       g->st.sum;
	}
	*out = v;
	return n;
}

int rb_charts(struct rb *c)
{
	struct report_section *s = report_section_add(c->doc, "charts", "Charts");
	struct row *rows;
	struct rb_item *items;
	size_t n, k = 0;
	char lm[RFMT];
	int r = 0;

	rfmt_month(lm, c->month, 1);
	report_para(c->doc, s, "Each chart is also in the charts folder beside "
		    "this report as SVG, PDF and PNG, named by what it shows, to "
		    "paste into other briefings.");
	r = r < 0 ? r : chart_monthly(c, s, "arrests-by-month", "arrests", "Arrests",
				      "People arrested, detained or taken into custody");
	r = r < 0 ? r : chart_monthly(c, s, "victims-by-month", "victims", "Victims",
				      "Victims identified, affected or rescued");
	r = r < 0 ? r : chart_money(c, s);
	if (r < 0)
		return -1;
	n = rows_of(c, &c->rd->by_source, "arrests", "count", 0, 0, &rows);
	r = chart_rows(c, s, "arrests-by-source", CHART_HBARS,
		       report_strf(c->doc, "Arrests by source, %s", lm),
		       "People arrested, by the organisation that reported them",
		       report_strf(c->doc, "Horizontal bars of arrests by source in %s", lm),
		       rows, n, CHART_UNIT_COUNT);
	free(rows);
	if (r < 0)
		return -1;
	n = rb_items(c, c->month, &items);
	rows = xcalloc(n + 1, sizeof(*rows));
	for (size_t i = 0; i < n; i++)
		if (!strcmp(items[i].unit, "count")) {
			rows[k].name = items[i].name;
			rows[k++].value = items[i].sum;
		}
	r = chart_rows(c, s, "seized-items-by-number", CHART_RANKED,
		       report_strf(c->doc, "Items seized by number, %s", lm),
		       "Things seized or recovered that are counted",
		       report_strf(c->doc, "Ranked bars of items seized by number in %s", lm),
		       rows, k, CHART_UNIT_COUNT);
	k = 0;
	for (size_t i = 0; i < n && r >= 0; i++) {
		double kg;

		if (rfmt_is_mass(items[i].unit, &kg)) {
			rows[k].name = items[i].name;
			rows[k++].value = items[i].sum * kg;
		}
	}
	if (r >= 0)
		r = chart_rows(c, s, "seized-items-by-weight", CHART_RANKED,
			       report_strf(c->doc, "Items seized by weight, %s", lm),
			       "kg (tonnes, grams and pounds converted)",
			       report_strf(c->doc, "Ranked bars of items seized by weight in %s", lm),
			       rows, k, CHART_UNIT_NUMBER);
	free(rows);
	free(items);
	if (r < 0)
		return -1;
	n = rows_of(c, &c->rd->by_place, "gdp_share", "percent", 1, 1, &rows);
	r = chart_rows(c, s, "gdp-share-by-country", CHART_HBARS,
		       report_strf(c->doc, "Defence spending as a share of GDP, %s", lm),
		       "Percent of GDP, as reported (the median where a country "
		       "was given more than one)",
		       report_strf(c->doc, "Horizontal bars of shares of GDP by country in %s", lm),
		       rows, n, CHART_UNIT_PERCENT);
	free(rows);
	if (r < 0)
		return -1;
	if (s->nblocks == 1)
		report_para(c->doc, s, "No chart: %s has too few figures to draw.", lm);
	return 0;
}

/* ---- tables by category ----------------------------------------------- */

static const char *const sum_categories[] = {
	"arrests", "victims", "financial_loss", "seizure_value", "funding"
};

/* The units of category among month's groups of t, money first. */
static size_t units_of(const struct rb *c, const char *category,
		       const char **units, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < c->rd->base.ngroups && n < max; i++) {
		const struct agg_group *g = &c->rd->base.groups[i];
		size_t k;

		if (strcmp(g->month, c->month) || strcmp(g->category, category) ||
		    !g->st.figures)
			continue;
		for (k = 0; k < n; k++)
			if (!strcmp(units[k], g->unit))
				break;
		if (k < n)
			continue;
		if (!strcmp(g->unit, c->cur)) {
			memmove(units + 1, units, n * sizeof(*units));
			units[0] = g->unit;
			n++;
		} else {
			units[n++] = g->unit;
		}
	}
	return n;
}

/* A share of a total: "72%", "3.4%", "0.1%", "<0.1%". */
static const char *share(char *buf, double frac)
{
	double pct = 100 * frac;

	if (pct > 0 && pct < 0.05)
		return strcpy(buf, "<0.1%");
	return numfmt_percent(buf, RFMT, pct, pct < 10 ? 1 : 0);
}

static void table_sum(struct rb *c, struct report_section *s,
		      const char *category, const char *unit, int by_place)
{
	const struct aggregate_table *t = by_place ? &c->rd->by_place :
						     &c->rd->by_source;
	const struct agg_group *all = rb_group(&c->rd->base, c->month, category, unit);
	struct report_table *tb;
	size_t ncol = by_place ? 4 : 5, shown = 0, rest = 0;
	double rest_sum = 0, none = NAN;
	long rest_fig = 0;
	char a[RFMT];

	tb = report_table_add(c->doc, s, ncol, by_place ? "By place" : "By source");
	report_table_col(c->doc, tb, 0, by_place ? "Country" : "Source", REPORT_LEFT, 3);
	report_table_col(c->doc, tb, 1, "Figures", REPORT_RIGHT, 1);
	if (!by_place)
		report_table_col(c->doc, tb, 2, "Bulletins", REPORT_RIGHT, 1);
	report_table_col(c->doc, tb, ncol - 2, "Total", REPORT_RIGHT, 1.5);
	report_table_col(c->doc, tb, ncol - 1, "Share", REPORT_RIGHT, 1);
	{
		struct row *rows;
		size_t n = 0;
		const struct agg_group **gs = xcalloc(t->ngroups + 1, sizeof(*gs));

		rows = xcalloc(t->ngroups + 1, sizeof(*rows));
		for (size_t i = 0; i < t->ngroups; i++) {
			const struct agg_group *g = &t->groups[i];
			const char *key = by_place ? g->place : g->source;

			if (strcmp(g->month, c->month) || strcmp(g->category, category) ||
			    strcmp(g->unit, unit) || !g->st.figures || !key)
				continue;
			if (by_place && !*key) {
				none = g->st.sum;
				continue;
			}
			rows[n].name = key;
			rows[n].value = g->st.sum;
			gs[n++] = g;
		}
		/* sort the groups with their rows */
		for (size_t i = 1; i < n; i++)
			for (size_t j = i; j > 0 && cmp_row(&rows[j - 1], &rows[j]) > 0; j--) {
				struct row tr = rows[j];
				const struct agg_group *tg = gs[j];

				rows[j] = rows[j - 1];
				rows[j - 1] = tr;
				gs[j] = gs[j - 1];
				gs[j - 1] = tg;
			}
		for (size_t i = 0; i < n; i++) {
			size_t r;

			if (by_place && shown >= 10) {
				rest++;
				rest_sum += gs[i]->st.sum;
				rest_fig += gs[i]->st.figures;
				continue;
			}
			r = report_table_row(tb);
			shown++;
			report_table_set(c->doc, tb, r, 0, rows[i].name, NULL, NULL);
			report_table_setf(c->doc, tb, r, 1, "%ld", gs[i]->st.figures);
			if (!by_place)
				report_table_setf(c->doc, tb, r, 2, "%ld", gs[i]->st.bulletins);
			report_table_set(c->doc, tb, r, ncol - 2,
					 rfmt_value(a, unit, gs[i]->st.sum), NULL, NULL);
			if (all && all->st.sum > 0)
				report_table_set(c->doc, tb, r, ncol - 1, share(a,
					gs[i]->st.sum / all->st.sum), NULL, NULL);
		}
		free(rows);
		free(gs);
	}
	if (rest) {
		size_t r = report_table_row(tb);

		report_table_set(c->doc, tb, r, 0, report_strf(c->doc,
			"%zu other countries", rest), NULL, NULL);
		report_table_setf(c->doc, tb, r, 1, "%ld", rest_fig);
		report_table_set(c->doc, tb, r, 2, rfmt_value(a, unit, rest_sum),
				 NULL, NULL);
	}
	if (by_place && !isnan(none)) {
		size_t r = report_table_row(tb);

		report_table_set(c->doc, tb, r, 0, "no single country named", NULL, NULL);
		report_table_set(c->doc, tb, r, 2, rfmt_value(a, unit, none), NULL, NULL);
	}
	if (all) {
		size_t r = report_table_row(tb);

		report_table_set(c->doc, tb, r, 0, "All", NULL, NULL);
		report_table_setf(c->doc, tb, r, 1, "%ld", all->st.figures);
		if (!by_place)
			report_table_setf(c->doc, tb, r, 2, "%ld", all->st.bulletins);
		report_table_set(c->doc, tb, r, ncol - 2,
				 rfmt_value(a, unit, all->st.sum), NULL, NULL);
		report_table_set(c->doc, tb, r, ncol - 1, "100%", NULL, NULL);
	}
}

static void table_items(struct rb *c, struct report_section *s)
{
	struct rb_item *items;
	size_t n = rb_items(c, c->month, &items);
	struct report_table *tb;
	char a[RFMT];

	if (!n) {
		free(items);
		return;
	}
	report_heading(c->doc, s, "Seizures by quantity");
	tb = report_table_add(c->doc, s, 4, "By item");
	report_table_col(c->doc, tb, 0, "Item", REPORT_LEFT, 3);
	report_table_col(c->doc, tb, 1, "Figures", REPORT_RIGHT, 1);
	report_table_col(c->doc, tb, 2, "Bulletins", REPORT_RIGHT, 1);
	report_table_col(c->doc, tb, 3, "Quantity", REPORT_RIGHT, 1.5);
	for (size_t i = 0; i < n; i++) {
		size_t r = report_table_row(tb);

		report_table_set(c->doc, tb, r, 0, items[i].name, NULL, NULL);
		report_table_setf(c->doc, tb, r, 1, "%ld", items[i].figures);
		report_table_setf(c->doc, tb, r, 2, "%ld", items[i].bulletins);
		report_table_set(c->doc, tb, r, 3, rfmt_value(a, items[i].unit,
							      items[i].sum), NULL, NULL);
	}
	tb->note = report_str(c->doc, "Quantities add up item by item (one "
			      "figure per bulletin and item); unlike items are "
			      "never added, so there is no table by source.");
	free(items);
}

static void table_levels(struct rb *c, struct report_section *s,
			 const char *category, const char *unit, int largest)
{
	struct row *rows;
	size_t n = rows_of(c, largest ? &c->rd->by_source : &c->rd->by_place,
			   category, unit, !largest, largest ? 2 : 1, &rows);
	struct report_table *tb;
	char a[RFMT];

	if (n) {
		xqsort(rows, n, sizeof(*rows), cmp_row);
		tb = report_table_add(c->doc, s, 2, largest ? "By source" : "By country");
		report_table_col(c->doc, tb, 0, largest ? "Source" : "Country",
				 REPORT_LEFT, 3);
		report_table_col(c->doc, tb, 1, largest ? "Largest" :
				 "Share of GDP", REPORT_RIGHT, 1.5);
		for (size_t i = 0; i < n; i++) {
			size_t r = report_table_row(tb);

			report_table_set(c->doc, tb, r, 0, rows[i].name, NULL, NULL);
			report_table_set(c->doc, tb, r, 1, rfmt_value(a, unit,
					 rows[i].value), NULL, NULL);
		}
		if (!largest)
			tb->note = report_str(c->doc, "The median where a country "
					      "was given more than one share; "
					      "Alliance-wide targets name no "
					      "country and are not listed.");
	}
	free(rows);
}

void rb_categories(struct rb *c)
{
	struct report_section *s = report_section_add(c->doc, "categories",
		"By category: sources and places");
	const struct agg_group *other;
	long nother;

	report_para(c->doc, s, "Each total below adds one figure per bulletin, "
		    "as the headline figures do; the shares are of the month's "
		    "total.");
	for (size_t i = 0; i < sizeof(sum_categories) / sizeof(sum_categories[0]); i++) {
		const char *units[8];
		size_t n = units_of(c, sum_categories[i], units, 8);

		for (size_t k = 0; k < n; k++) {
			report_heading(c->doc, s, report_strf(c->doc, "%s%s%s%s",
				rb_category_label(sum_categories[i]),
				strcmp(units[k], "count") ? " (" : "",
				strcmp(units[k], "count") ? units[k] : "",
				strcmp(units[k], "count") ? ")" : ""));
			table_sum(c, s, sum_categories[i], units[k], 0);
			table_sum(c, s, sum_categories[i], units[k], 1);
		}
	}
	table_items(c, s);
	if (rb_group(&c->rd->base, c->month, "gdp_share", "percent")) {
		report_heading(c->doc, s, "Shares of GDP");
		table_levels(c, s, "gdp_share", "percent", 0);
	}
	if (rb_group(&c->rd->base, c->month, "countries", "count")) {
		report_heading(c->doc, s, "Countries taking part");
		table_levels(c, s, "countries", "count", 1);
	}
	nother = 0;
	for (size_t i = 0; i < c->rd->base.ngroups; i++) {
		other = &c->rd->base.groups[i];
		if (!strcmp(other->month, c->month) && !strcmp(other->category, "other"))
			nother += other->st.figures;
	}
	if (nother)
		report_para(c->doc, s, "%ld other figures (records, checks, alerts, "
			    "durations, other shares) are in facts.tsv; they "
			    "measure unlike things and are not added up here.",
			    nother);
}

/* ---- data quality ----------------------------------------------------- */

static const char *reason_text(int r)
{
	static const char *const text[REJECT__COUNT] = {
		"not readable as JSON",
		"JSON, but not an object",
		"a required field missing",
		"a field of the wrong type",
		"an empty id or source",
		"a publication date that is not a real date",
		"bytes that are not UTF-8",
		"a NUL character inside a string",
		"an id already read",
		"a body over the size limit",
		"a record too long to read",
	};

	return r >= 0 && r < REJECT__COUNT ? text[r] : "";
}

static void quality_ingest(struct rb *c, struct report_section *s)
{
	const struct report_accounts *a = c->rd->acct;
	const struct report_month_count *mc = a ? report_accounts_month(a, c->month) : NULL;
	struct report_table *tb;
	char lm[RFMT];

	rfmt_month(lm, c->month, 1);
	report_heading(c->doc, s, "Bulletins read and rejected");
	if (!a || !a->have_ingest) {
		report_para(c->doc, s, "The ingest account of this run is not known "
			    "to this report (tally run writes it as accounts.json; "
			    "pass it with --accounts, or a rejects file with "
			    "--rejects).");
	} else if (a->have_ingest == 1) {
		report_para(c->doc, s, "The run read %ld records: %ld bulletins were "
			    "accepted and %ld rejected, each rejected record with "
			    "its file, line and reason in rejects.jsonl. Rejects "
			    "have no trusted date, so they are counted for the "
			    "whole run.", a->ingest.read, a->ingest.accepted,
			    a->ingest.rejected);
	} else {
		report_para(c->doc, s, "%ld records were rejected (from the rejects "
			    "file given); how many were read in all is not known "
			    "to this report.", a->ingest.rejected);
	}
	if (a && a->have_ingest && a->ingest.rejected) {
		tb = report_table_add(c->doc, s, 3, "Rejected records by reason");
		report_table_col(c->doc, tb, 0, "Reason", REPORT_LEFT, 2);
		report_table_col(c->doc, tb, 1, "What was wrong", REPORT_LEFT, 3);
		report_table_col(c->doc, tb, 2, "Records", REPORT_RIGHT, 1);
		for (int r = 0; r < REJECT__COUNT; r++) {
			size_t row;

			if (!a->ingest.by_reason[r])
				continue;
			row = report_table_row(tb);
			report_table_set(c->doc, tb, row, 0,
					 reject_reason_name((enum reject_reason)r), NULL, NULL);
			report_table_set(c->doc, tb, row, 1, reason_text(r), NULL, NULL);
			report_table_setf(c->doc, tb, row, 2, "%ld", a->ingest.by_reason[r]);
		}
	}
	if (mc)
		report_para(c->doc, s, "%ld bulletins published in %s were read; "
			    "%ld of them gave at least one figure.", mc->bulletins,
			    lm, mc->with_facts);
	else if (c->nbulletins > 0)
		report_para(c->doc, s, "%ld bulletins published in %s gave at least "
			    "one figure (bulletins without any figure are not known "
			    "to this report).", c->nbulletins, lm);
}

static void quality_facts(struct rb *c, struct report_section *s)
{
	const struct rb_evidence *ev = rb_evidence(c->rd, c->month);
	struct rb_source v[RB_SOURCES];
	size_t n = ev ? ev->nsrc : 0;
	long facts = ev ? ev->facts : 0, bulletins = ev ? ev->bulletins : 0;
	long most = ev ? ev->most : 0;
	const char *most_id = ev && ev->most_id ? ev->most_id : "";
	struct report_table *tb;

	if (n)
		memcpy(v, ev->src, n * sizeof(*v));
	report_heading(c->doc, s, "Facts per bulletin");
	if (!bulletins) {
		report_para(c->doc, s, "No bulletin of the month gave a fact.");
		return;
	}
	report_para(c->doc, s, "%ld facts were read from %ld bulletins of the "
		    "month, %.1f per bulletin; the most, %ld, from bulletin %s.",
		    facts, bulletins, (double)facts / (double)bulletins, most, most_id);
	tb = report_table_add(c->doc, s, 4, "Facts by source");
	report_table_col(c->doc, tb, 0, "Source", REPORT_LEFT, 3);
	report_table_col(c->doc, tb, 1, "Bulletins", REPORT_RIGHT, 1);
	report_table_col(c->doc, tb, 2, "Facts", REPORT_RIGHT, 1);
	report_table_col(c->doc, tb, 3, "Per bulletin", REPORT_RIGHT, 1);
	for (size_t i = 1; i < n; i++)		/* by name */
		for (size_t j = i; j > 0 && strcmp(v[j - 1].source, v[j].source) > 0; j--) {
			struct rb_source t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		size_t r = report_table_row(tb);

		report_table_set(c->doc, tb, r, 0, v[i].source, NULL, NULL);
		report_table_setf(c->doc, tb, r, 1, "%ld", v[i].bulletins);
		report_table_setf(c->doc, tb, r, 2, "%ld", v[i].facts);
		report_table_setf(c->doc, tb, r, 3, "%.1f",
				  (double)v[i].facts / (double)v[i].bulletins);
	}
}

/* At most so many probable duplicates are listed in a briefing (dense
 * months have thousands: a 90-page PDF); the rest are counted, and every
 * one is in the aggregate table's "duplicates". */
#define MAX_DUPS_LISTED 20

struct dup_rows {
	struct rb *c;
	struct report_table *tb;
	size_t n;
};

/* One row of the month's table of duplicates; 1 once it is full. */
static int dup_row(const struct agg_duplicate *dp, void *ctx)
{
	struct dup_rows *dr = ctx;
	struct rb *c = dr->c;
	struct report_table *tb = dr->tb;
	char a[RFMT];
	size_t r = report_table_row(tb);

	report_table_set(c->doc, tb, r, 0, rb_category_label(dp->category),
			 *dp->place ? dp->place : NULL, NULL);
	report_table_set(c->doc, tb, r, 1, report_strf(c->doc,
		"\xe2\x80\x9c%s\xe2\x80\x9d (%s)", dp->kept.text,
		rfmt_value(a, dp->unit, dp->kept.value)),
		report_strf(c->doc, "%s, %s, bulletin %s", dp->kept.source,
			    dp->kept.published, dp->kept.bulletin_id), NULL);
	report_table_set(c->doc, tb, r, 2, report_strf(c->doc,
		"\xe2\x80\x9c%s\xe2\x80\x9d (%s)%s", dp->dup.text,
		rfmt_value(a, dp->unit, dp->dup.value),
		dp->excluded ? "" : ", kept in"),
		report_strf(c->doc, "%s, %s, bulletin %s", dp->dup.source,
			    dp->dup.published, dp->dup.bulletin_id), NULL);
	report_table_setf(c->doc, tb, r, 3, "%ld day%s", dp->days,
			  dp->days == 1 ? "" : "s");
	return ++dr->n >= MAX_DUPS_LISTED;
}

static void quality_dups(struct rb *c, struct report_section *s)
{
	struct dup_rows dr = { c, NULL, 0 };
	long n = c->m >= 0 && c->t->dup_months ?
		 c->t->dup_months[c->m].listed : 0;
	struct report_table *tb;

	report_heading(c->doc, s, "Probable duplicates");
	if (!n) {
		report_para(c->doc, s, "No figure of the month looks like another "
			    "source's report of the same event.");
		return;
	}
	tb = dr.tb = report_table_add(c->doc, s, 4, NULL);
	report_table_col(c->doc, tb, 0, "What", REPORT_LEFT, 1.4);
	report_table_col(c->doc, tb, 1, "Kept", REPORT_LEFT, 2.5);
	report_table_col(c->doc, tb, 2, "Left out of the totals", REPORT_LEFT, 2.5);
	report_table_col(c->doc, tb, 3, "Apart", REPORT_RIGHT, 1);
	aggregate_table_duplicates(c->t, c->month, c->month, dup_row, &dr);
	tb->note = report_strf(c->doc, "A probable duplicate has the same "
			       "category, unit and place as a figure of "
			       "another source, a value within 1%% of it "
			       "and a date within 14 days.%s",
			       n <= MAX_DUPS_LISTED ? "" :
			       report_strf(c->doc, " %ld this month; the "
					   "first %d are shown, and every "
					   "one is listed under "
					   "\"duplicates\" in "
					   "aggregates.json.", n,
					   MAX_DUPS_LISTED));
}

static void quality_money(struct rb *c, struct report_section *s)
{
	struct report_table *tb = NULL;
	int any = 0;

	report_heading(c->doc, s, "Currencies converted");
	for (size_t i = 0; i < c->t->nconversions; i++) {
		const struct agg_conversion *cv = &c->t->conversions[i];
		size_t r;

		if (strcmp(cv->month, c->month) || !strcmp(cv->currency, c->cur))
			continue;
		if (!tb) {
			tb = report_table_add(c->doc, s, 4, NULL);
			report_table_col(c->doc, tb, 0, "Currency", REPORT_LEFT, 1);
			report_table_col(c->doc, tb, 1, "Units per USD", REPORT_RIGHT, 1.3);
			report_table_col(c->doc, tb, 2, report_strf(c->doc,
				"%s per unit", c->cur), REPORT_RIGHT, 1.3);
			report_table_col(c->doc, tb, 3, "Figures", REPORT_RIGHT, 1);
		}
		r = report_table_row(tb);
		report_table_set(c->doc, tb, r, 0, cv->currency, NULL, NULL);
		report_table_setf(c->doc, tb, r, 1, "%.4f", cv->rate);
		report_table_setf(c->doc, tb, r, 2, "%.4f", cv->to_rate / cv->rate);
		report_table_setf(c->doc, tb, r, 3, "%ld", cv->figures);
	}
	if (tb)
		tb->note = report_strf(c->doc, "Monthly average rates (data/rates.tsv) "
				       "of the month each bulletin was published.");
	else
		report_para(c->doc, s, "No money figure of the month was in a "
			    "currency other than %s.", c->cur);
	for (size_t i = 0; i < c->t->nunconverted; i++) {
		const struct agg_unconverted *u = &c->t->unconverted[i];

		if (strcmp(u->month, c->month))
			continue;
		if (!any++)
			report_list(c->doc, s);
		report_item(c->doc, s, "%ld figure%s in %s left unconverted (%s): "
			    "listed in their own currency, not in the %s totals.",
			    u->figures, u->figures == 1 ? "" : "s", u->currency,
			    u->reason, c->cur);
	}
}

static void quality_left_out(struct rb *c, struct report_section *s)
{
	static const char *const what[AGG_EXCL__COUNT] = {
		"context: background, comparison or target figures",
		"parts of a total the same bulletin gives",
		"the same figure stated again in one bulletin",
		"smaller totals of a bulletin that gives a larger one",
		"probable duplicates of another source's report",
	};
	const struct agg_account *ac = &c->t->account;
	const struct report_accounts *a = c->rd->acct;
	struct report_table *tb;

	report_heading(c->doc, s, "Figures left out");
	report_para(c->doc, s, "Over the whole run, %ld facts were read and %ld "
		    "of them are behind the totals. The others were left out of "
		    "sums on purpose, and are all still in facts.tsv:",
		    ac->facts, ac->used);
	tb = report_table_add(c->doc, s, 2, NULL);
	report_table_col(c->doc, tb, 0, "Why", REPORT_LEFT, 5);
	report_table_col(c->doc, tb, 1, "Facts", REPORT_RIGHT, 1);
	for (int e = 0; e < AGG_EXCL__COUNT; e++) {
		size_t r = report_table_row(tb);

		report_table_set(c->doc, tb, r, 0, what[e], NULL, NULL);
		report_table_setf(c->doc, tb, r, 1, "%ld", ac->excluded[e]);
	}
	if (ac->unconverted) {
		size_t r = report_table_row(tb);

		report_table_set(c->doc, tb, r, 0, "money without a rate (kept in "
				 "its own currency)", NULL, NULL);
		report_table_setf(c->doc, tb, r, 1, "%ld", ac->unconverted);
	}
	{
		size_t r = report_table_row(tb);

		report_table_set(c->doc, tb, r, 0, "rows of the facts table that "
				 "could not be read", NULL, NULL);
		report_table_setf(c->doc, tb, r, 1, "%ld", ac->bad_rows);
	}
	if (a && a->have_extract) {
		size_t r = report_table_row(tb);

		report_table_set(c->doc, tb, r, 0, "numbers in the text not read "
				 "with confidence (unreadable; never a fact)", NULL, NULL);
		report_table_setf(c->doc, tb, r, 1, "%ld", a->ex_unreadable);
	}
}

static int chart_coverage(struct rb *c, struct report_section *s)
{
	struct window w;
	struct rchart *rc;
	size_t nsrc;
	double *v[RCHART_MAX_SERIES];

	if (c->m < 0)
		return 0;
	window_init(c, &w, 12);
	if (!w.nsources)
		return 0;
	rc = new_chart(c, &w, CHART_BARS, w.n, "Bulletins by source and month",
		       "Bulletins that gave at least one fact", CHART_UNIT_COUNT);
	nsrc = w.nsources < RCHART_MAX_SERIES ? w.nsources : RCHART_MAX_SERIES - 1;
	for (size_t k = 0; k < nsrc; k++)
		v[k] = rchart_series(rc, w.sources[k]);
	if (w.nsources > nsrc)
		v[nsrc] = rchart_series(rc, "Other sources");
	for (size_t i = 0; i < w.n; i++) {
		rchart_label(rc, i, c->t->months[w.first + i]);
		for (size_t k = 0; k < rc->spec.nseries; k++)
			v[k][i] = 0;
	}
	for (size_t i = 0; i < c->t->ncoverage; i++) {
		const struct agg_coverage *cv = &c->t->coverage[i];
		long m = rb_month_index(c->t, cv->month);
		size_t k;

		if (!in_window(c, &w, cv->month) || m < 0)
			continue;
		for (k = 0; k < nsrc; k++)
			if (!strcmp(w.sources[k], cv->source))
				break;
		if (k == nsrc && w.nsources <= nsrc)
			continue;
		v[k][(size_t)m - w.first] += (double)cv->bulletins;
	}
	return rchart_add(c->doc, s, "bulletins-by-source", "Stacked bars of "
			  "bulletins by source and month", rc, c->d);
}

int rb_quality(struct rb *c)
{
	struct report_section *s = report_section_add(c->doc, "quality",
						      "Data quality");

	quality_ingest(c, s);
	if (c->m >= 0 && c->nbulletins > 0) {
		quality_facts(c, s);
		quality_dups(c, s);
		quality_money(c, s);
	}
	quality_left_out(c, s);
	return chart_coverage(c, s) < 0 ? -1 : 0;
}
