/*
 * report_headlines.c - the headline figures of a month, the ten largest
 * figures with their evidence, and the index page of many months.
 *
 * Headline figures and what their number is (report.json "numbers"):
 *   arrests, victims                the month's total (sum of one figure
 *   losses, seizure_value           per bulletin), money in the reporting
 *                                   currency; low/high: the qualifiers'
 *                                   margin; with the change from the
 *                                   previous month and the trend
 *   seized:ITEM:UNIT                the month's total of one seized item
 *   gdp_share                       the median share reported; low/high
 *                                   the smallest and largest; figures
 *                                   how many were reported
 *   countries                       the largest number of countries one
 *                                   operation or statement names
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tally/numfmt.h"
#include "report_build.h"

static const struct {
	const char *category, *label;
} categories[] = {
	{ "arrests", "Arrests" },
	{ "victims", "Victims" },
	{ "financial_loss", "Financial losses" },
	{ "seizure_value", "Seizures by value" },
	{ "seizure_quantity", "Seizures by quantity" },
	{ "gdp_share", "Shares of GDP" },
	{ "funding", "Funding" },
	{ "countries", "Countries taking part" },
	{ "other", "Other figures" },
};

const char *rb_category_label(const char *category)
{
	for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
		if (!strcmp(categories[i].category, category))
			return categories[i].label;
	return category;
}

/* ---- headline figures ------------------------------------------------- */

/* The sum of series se in month i: NAN when that month had no bulletin,
 * 0 when se is absent (the category never came up) but bulletins did. */
static double month_sum(const struct rb *c, const struct agg_series *se,
			size_t i)
{
	if (se)
		return se->points[i].sum;
	return rb_month_bulletins(c->rd, c->t->months[i]) > 0 ? 0 : NAN;
}

static void change_text(struct rb *c, struct report_headline *h,
			struct report_number *n, const char *unit,
			double v, double prev)
{
	char pm[RFMT], a[RFMT], b[RFMT];

	if (c->m < 1) {
		h->change = report_str(c->doc, "first month of the data");
		return;
	}
	rfmt_month(pm, c->t->months[c->m - 1], 0);
	n->previous = prev;
	if (isnan(prev)) {
		h->change = report_strf(c->doc, "no bulletins in %s", pm);
		return;
	}
	h->direction = v > prev ? 1 : v < prev ? -1 : 0;
	if (prev == 0) {
		h->change = report_strf(c->doc, v == 0 ? "none in %s either" :
					"none in %s", pm);
		return;
	}
	n->change_pct = (v - prev) / fabs(prev) * 100;
	h->change = report_strf(c->doc, "%s on %s (%s)",
				rfmt_signed_pct(a, n->change_pct), pm,
				rfmt_value(b, unit, prev));
}

static void trend_text(struct rb *c, struct report_headline *h,
		       struct report_number *n, const struct agg_series *se,
		       const char *unit)
{
	int months = c->t->trend_months > 0 ? c->t->trend_months : 12;
	char a[RFMT], lo[RFMT], hi[RFMT];
	struct rtrend tr;
	int span;

	if (!se)
		return;
	rb_trend(se, (size_t)c->m, months, &tr);
	if (tr.used < 3 || isnan(tr.slope))
		return;
	span = (int)((size_t)c->m - tr.first + 1);
	n->trend_slope = tr.slope;
	n->trend_flagged = tr.flagged;
	if (!tr.flagged) {
		h->trend = report_strf(c->doc, "%d-month trend: none clear", span);
		return;
	}
	h->trend = report_strf(c->doc, "%d-month trend: %s, %s a month "
			       "(95%% CI %s to %s)", span,
			       tr.slope > 0 ? "rising" : "falling",
			       rfmt_signed(a, unit, tr.slope),
			       rfmt_signed(lo, unit, tr.ci_low),
			       rfmt_signed(hi, unit, tr.ci_high));
}

static void head_sum(struct rb *c, struct report_section *s, const char *key,
		     const char *label, const char *category, const char *unit)
{
	const struct agg_series *se = aggregate_find_series(c->t, category, unit);
	const struct agg_point *p = se ? &se->points[c->m] : NULL;
	struct report_headline *h = report_headline_add(c->doc, s, key, label);
	struct report_number *n = report_number_add(c->doc, key, unit);
	char a[RFMT], b[RFMT], f[RFMT], bl[RFMT];
	double v = p && !isnan(p->sum) ? p->sum : 0;

	n->value = v;
	n->low = p ? p->sum_low : v;
	n->high = p ? p->sum_high : v;
	n->figures = p ? p->figures : 0;
	n->bulletins = p ? p->bulletins : 0;
	if (!n->figures) {
		h->value = report_str(c->doc, "none reported");
	} else {
		h->value = report_str(c->doc, rfmt_value(a, unit, v));
		rfmt_count(f, n->figures, "figure", "figures");
		rfmt_count(bl, n->bulletins, "bulletin", "bulletins");
		rfmt_value(a, unit, n->low);
		rfmt_value(b, unit, n->high);
		if (strcmp(a, b))
			h->basis = report_strf(c->doc, "%s in %s; %s to %s with "
					       "the qualifiers", f, bl, a, b);
		else
			h->basis = report_strf(c->doc, "%s in %s", f, bl);
	}
	change_text(c, h, n, unit, v, c->m > 0 ? month_sum(c, se, (size_t)c->m - 1)
					    : NAN);
	trend_text(c, h, n, se, unit);
}

static int cmp_item(const void *a, const void *b)
{
	const struct rb_item *x = a, *y = b;
	int r;

	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	r = strcmp(x->name, y->name);
	return r ? r : strcmp(x->unit, y->unit);
}

size_t rb_items(const struct rb *c, const char *month, struct rb_item **out)
{
	const struct aggregate_table *t = &c->rd->by_item;
	struct rb_item *v = xcalloc(t->ngroups + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < t->ngroups; i++) {
		const struct agg_group *g = &t->groups[i];
		double kg;

		if (strcmp(g->month, month) || !g->st.figures)
			continue;
		v[n].name = g->category + strlen("seized:");
		v[n].unit = g->unit;
		v[n].sum = g->st.sum;
		v[n].rank = rfmt_is_mass(g->unit, &kg) ? g->st.sum * kg : g->st.sum;
		v[n].figures = g->st.figures;
		v[n].bulletins = g->st.bulletins;
		n++;
	}
	xqsort(v, n, sizeof(*v), cmp_item);
	*out = v;
	return n;
}

static const char *item_text(char *buf, const struct rb_item *it)
{
	char num[RFMT];

	if (!strcmp(it->unit, "count"))
		snprintf(buf, RFMT, "%s %s", rfmt_value(num, "count", it->sum),
			 it->name);
	else
		snprintf(buf, RFMT, "%s of %s", rfmt_value(num, it->unit, it->sum),
			 it->name);
	return buf;
}

static void head_items(struct rb *c, struct report_section *s)
{
	struct report_headline *h = report_headline_add(c->doc, s, "seized",
							"Seized (largest quantities)");
	struct rb_item *items;
	size_t n = rb_items(c, c->month, &items);
	struct strbuf sb = STRBUF_INIT;
	char a[RFMT];

	for (size_t i = 0; i < n; i++) {
		struct report_number *num = report_number_add(c->doc,
			report_strf(c->doc, "seized:%s:%s", items[i].name,
				    items[i].unit), items[i].unit);

		num->value = items[i].sum;
		num->figures = items[i].figures;
		num->bulletins = items[i].bulletins;
		if (i == 0 || i > 3)
			continue;
		strbuf_addstr(&sb, i > 1 ? "; " : "also ");
		strbuf_addstr(&sb, item_text(a, &items[i]));
	}
	if (!n) {
		h->value = report_str(c->doc, "none reported");
	} else {
		h->value = report_str(c->doc, item_text(a, &items[0]));
		h->basis = report_str(c->doc, sb.len ? sb.buf : "");
		if (n > 4)
			h->basis = report_strf(c->doc, "%s; %zu items in all",
					       h->basis, n);
		if (c->m > 0) {
			const struct agg_group *g = rb_group(&c->rd->by_item,
				c->t->months[c->m - 1],
				report_strf(c->doc, "seized:%s", items[0].name),
				items[0].unit);
			struct report_number tmp;

			memset(&tmp, 0, sizeof(tmp));
			change_text(c, h, &tmp, items[0].unit, items[0].sum,
				    rb_month_bulletins(c->rd, c->t->months[c->m - 1]) ?
				    (g ? g->st.sum : 0) : NAN);
		}
	}
	strbuf_release(&sb);
	free(items);
}

/* The place of the first group of (month, category, unit) by place whose
 * figures include value v (as its min or max), or "". */
static const char *place_of(const struct rb *c, const char *category,
			    const char *unit, double v)
{
	const struct aggregate_table *t = &c->rd->by_place;

	for (size_t i = 0; i < t->ngroups; i++) {
		const struct agg_group *g = &t->groups[i];

		if (!strcmp(g->month, c->month) && !strcmp(g->category, category) &&
		    !strcmp(g->unit, unit) && g->st.figures &&
		    (g->st.min == v || g->st.max == v))
			return g->place;
	}
	return "";
}

static const char *with_place(struct rb *c, const char *num, const char *place)
{
	return *place ? report_strf(c->doc, "%s (%s)", num, place) :
			report_str(c->doc, num);
}

static void head_gdp(struct rb *c, struct report_section *s)
{
	const struct agg_group *g = rb_group(&c->rd->base, c->month, "gdp_share",
					     "percent");
	struct report_headline *h = report_headline_add(c->doc, s, "gdp_share",
							"Shares of GDP reported");
	struct report_number *n = report_number_add(c->doc, "gdp_share", "percent");
	char a[RFMT], b[RFMT], m[RFMT];

	if (!g || !g->st.figures) {
		h->value = report_str(c->doc, "none reported");
		return;
	}
	n->value = g->st.median;
	n->low = g->st.min;
	n->high = g->st.max;
	n->figures = g->st.figures;
	n->bulletins = g->st.bulletins;
	h->value = report_str(c->doc, rfmt_count(a, g->st.figures, "share",
						 "shares"));
	rfmt_value(a, "percent", g->st.min);
	rfmt_value(b, "percent", g->st.max);
	rfmt_value(m, "percent", g->st.median);
	if (g->st.figures == 1)
		h->basis = with_place(c, a, place_of(c, "gdp_share", "percent",
						     g->st.min));
	else
		h->basis = report_strf(c->doc, "from %s to %s; median %s",
			with_place(c, a, place_of(c, "gdp_share", "percent", g->st.min)),
			with_place(c, b, place_of(c, "gdp_share", "percent", g->st.max)),
			m);
}

static void head_countries(struct rb *c, struct report_section *s)
{
	const struct agg_group *g = rb_group(&c->rd->base, c->month, "countries",
					     "count");
	struct report_headline *h = report_headline_add(c->doc, s, "countries",
							"Countries taking part");
	struct report_number *n = report_number_add(c->doc, "countries", "count");
	const struct agg_group *pg;
	char a[RFMT];

	if (!g || !g->st.figures) {
		h->value = report_str(c->doc, "none reported");
		return;
	}
	n->value = g->st.max;
	n->figures = g->st.figures;
	n->bulletins = g->st.bulletins;
	h->value = report_strf(c->doc, "%s countries", rfmt_value(a, "count",
								 g->st.max));
	h->basis = report_strf(c->doc, "the widest of %s",
			       rfmt_count(a, g->st.figures, "operation or statement",
					  "operations and statements"));
	if (c->m > 0) {
		pg = rb_group(&c->rd->base, c->t->months[c->m - 1], "countries",
			      "count");
		change_text(c, h, n, "count", g->st.max,
			    pg && pg->st.figures ? pg->st.max :
			    rb_month_bulletins(c->rd, c->t->months[c->m - 1]) ? 0 : NAN);
	}
}

void rb_headlines(struct rb *c)
{
	struct report_section *s = report_section_add(c->doc, "headlines",
						      "Headline figures");
	char lm[RFMT];

	rfmt_month(lm, c->month, 1);
	report_para(c->doc, s, "Totals for %s count one figure per bulletin, "
		    "never a part beside its total, never a background figure, "
		    "and no probable duplicate (see Method). Money is in %s.",
		    lm, c->cur);
	report_headlines(c->doc, s);
	head_sum(c, s, "arrests", "Arrests", "arrests", "count");
	head_sum(c, s, "victims", "Victims", "victims", "count");
	head_sum(c, s, "losses", "Financial losses", "financial_loss", c->cur);
	head_sum(c, s, "seizure_value", "Seizures by value", "seizure_value",
		 c->cur);
	head_items(c, s);
	head_gdp(c, s);
	head_countries(c, s);
}

/* ---- the ten largest figures ------------------------------------------ */

void rb_top(struct rb *c)
{
	struct report_section *s = report_section_add(c->doc, "top",
						      "The ten largest figures");
	const struct rb_evidence *ev = rb_evidence(c->rd, c->month);
	size_t n = ev ? ev->ncand : 0, shown = ev ? ev->ntop : 0;
	struct report_table *t;
	char a[RFMT], lm[RFMT];

	rfmt_month(lm, c->month, 1);
	report_para(c->doc, s, "The largest figures of %s that enter the totals, "
		    "money in %s, each with the sentence it was read from and "
		    "its bulletin. Shares, durations and multiples have no size "
		    "and are not ranked.", lm, c->cur);
	t = report_table_add(c->doc, s, 5, NULL);
	report_table_col(c->doc, t, 0, "#", REPORT_RIGHT, 0.35);
	report_table_col(c->doc, t, 1, "Figure", REPORT_RIGHT, 1.35);
	report_table_col(c->doc, t, 2, "What", REPORT_LEFT, 1.3);
	report_table_col(c->doc, t, 3, "Evidence and bulletin", REPORT_LEFT, 4.2);
	report_table_col(c->doc, t, 4, "Source", REPORT_LEFT, 1.3);
	for (size_t i = 0; i < shown; i++) {
		const struct rb_cand *x = &ev->top[i];
		const struct fact *f = &x->f;
		size_t r = report_table_row(t);
		const char *what = rb_category_label(f->category);

		report_table_setf(c->doc, t, r, 0, "%zu", i + 1);
		report_table_set(c->doc, t, r, 1, rfmt_value(a, x->money ? c->cur :
				 f->unit, x->shown),
				 report_strf(c->doc, "\xe2\x80\x9c%s\xe2\x80\x9d", f->text),
				 NULL);
		if (*f->item || *f->place)
			report_table_set(c->doc, t, r, 2, what, report_strf(c->doc,
				"%s%s%s", f->item, *f->item && *f->place ? ", " : "",
				f->place), NULL);
		else
			report_table_set(c->doc, t, r, 2, what, NULL, NULL);
		report_table_set(c->doc, t, r, 3, f->sentence,
				 *f->url ? f->title : report_strf(c->doc,
					"%s (bulletin %s)", f->title, f->bulletin_id),
				 *f->url ? f->url : NULL);
		report_table_set(c->doc, t, r, 4, f->source, f->published, NULL);
	}
	if (!shown)
		report_para(c->doc, s, "No figure of %s enters the totals.", lm);
	else if (n > shown)
		t->note = report_strf(c->doc, "%zu figures of the month enter the "
				      "totals; facts.tsv lists every fact with its "
				      "sentence.", n);
}

/* ---- the index of months ---------------------------------------------- */

static const char *point_text(struct report_doc *doc,
			      const struct aggregate_table *t,
			      const char *category, const char *unit, long m)
{
	const struct agg_series *se = aggregate_find_series(t, category, unit);
	char a[RFMT];

	if (!se || m < 0 || isnan(se->points[m].sum) || !se->points[m].figures)
		return "\xe2\x80\x93";
	return report_str(doc, rfmt_value(a, unit, se->points[m].sum));
}

void report_build_index(const struct report_data *rd,
			const char *const *months, size_t nmonths,
			struct report_doc *doc)
{
	const struct aggregate_table *t = rd->t;
	const char *cur = t->currency[0] ? t->currency : "USD";
	struct report_section *s;
	struct report_table *tb;
	char a[RFMT], b[RFMT];
	long total = 0;

	for (size_t i = 0; i < nmonths; i++)
		total += rb_month_bulletins(rd, months[i]);
	doc->title = report_str(doc, "Security and defence bulletins: monthly briefings");
	doc->date = report_str(doc, nmonths ? rfmt_last_day(a, months[nmonths - 1]) :
			       "1970-01-01");
	if (nmonths)
		doc->subtitle = report_strf(doc, "%zu monthly briefing%s, %s to %s, "
			"from %ld bulletins.", nmonths, nmonths == 1 ? "" : "s",
			rfmt_month(a, months[0], 1),
			rfmt_month(b, months[nmonths - 1], 1), total);
	else
		doc->subtitle = report_str(doc, "No briefing: no bulletin was read.");
	doc->footer = report_strf(doc, "tally briefings; money in %s", cur);
	s = report_section_add(doc, "months", "Briefings");
	report_para(doc, s, "One briefing a month, each in three forms that say "
		    "the same thing: HTML (this page's links), PDF and Markdown. "
		    "Totals count one figure per bulletin; money is in %s.", cur);
	tb = report_table_add(doc, s, 8, NULL);
	report_table_col(doc, tb, 0, "Month", REPORT_LEFT, 1.6);
	report_table_col(doc, tb, 1, "Bulletins", REPORT_RIGHT, 1);
	report_table_col(doc, tb, 2, "Arrests", REPORT_RIGHT, 1);
	report_table_col(doc, tb, 3, "Victims", REPORT_RIGHT, 1);
	report_table_col(doc, tb, 4, "Losses", REPORT_RIGHT, 1.2);
	report_table_col(doc, tb, 5, "Seized (value)", REPORT_RIGHT, 1.2);
	report_table_col(doc, tb, 6, "PDF", REPORT_LEFT, 0.7);
	report_table_col(doc, tb, 7, "Markdown", REPORT_LEFT, 1);
	for (size_t i = nmonths; i-- > 0;) {
		size_t r = report_table_row(tb);
		long m = rb_month_index(t, months[i]);

		report_table_set(doc, tb, r, 0, rfmt_month(a, months[i], 1), NULL,
				 report_strf(doc, "%s/report.html", months[i]));
		report_table_setf(doc, tb, r, 1, "%ld", rb_month_bulletins(rd, months[i]));
		tb->cells[r * 8 + 2].text = point_text(doc, t, "arrests", "count", m);
		tb->cells[r * 8 + 3].text = point_text(doc, t, "victims", "count", m);
		tb->cells[r * 8 + 4].text = point_text(doc, t, "financial_loss", cur, m);
		tb->cells[r * 8 + 5].text = point_text(doc, t, "seizure_value", cur, m);
		report_table_set(doc, tb, r, 6, "PDF", NULL,
				 report_strf(doc, "%s/report.pdf", months[i]));
		report_table_set(doc, tb, r, 7, "Markdown", NULL,
				 report_strf(doc, "%s/report.md", months[i]));
	}
}
