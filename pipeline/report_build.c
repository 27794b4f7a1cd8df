/*
 * report_build.c - the monthly briefing as a document: what it says and
 * in what order (see report.h).  Every figure comes from the aggregate
 * table or from breakdowns computed here with the aggregation's own rule
 * (an agg_state with the table's options, fed as the facts stream in),
 * never from a rule of the report's own; the ten largest figures and the
 * evidence come from the facts, through report_evidence.c.
 *
 * Sections: headline figures, charts, by category (sources and places),
 * the ten largest figures, data quality, method.  A month without
 * bulletins gets the first sentence, data quality and method only.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tally/aggregate.h"
#include "tally/fact.h"
#include "tally/numfmt.h"
#include "report_build.h"

/* ---- prepared data ---------------------------------------------------- */

/* The rates the table used, back from its conversions. */
static void rates_from_table(const struct aggregate_table *t,
			     struct rate_table *r)
{
	for (size_t i = 0; i < t->nconversions; i++) {
		const struct agg_conversion *c = &t->conversions[i];

		rate_table_add(r, c->month, c->currency, c->rate);
		if (strcmp(t->currency, "USD"))
			rate_table_add(r, c->month, t->currency, c->to_rate);
	}
	rate_table_sort(r);
}

struct report_data *report_data_begin(const struct aggregate_table *t,
				      const struct report_accounts *acct)
{
	struct report_data *rd = xcalloc(1, sizeof(*rd));

	rd->t = t;
	rd->acct = acct;
	rates_from_table(t, &rd->rates);
	snprintf(rd->o.currency, sizeof(rd->o.currency), "%s", t->currency);
	rd->o.rates = &rd->rates;
	rd->o.keep_duplicates = t->keep_duplicates;
	rd->o.trend_months = t->trend_months;
	/* four breakdowns fill at once: smaller sorted runs */
	rd->o.run_bytes = (size_t)2 << 20;
	return rd;
}

/* Adds f to the breakdown i (AGG_BY_* beside the default's in by). */
static void feed(struct report_data *rd, int i, unsigned by,
		 const struct fact *f)
{
	struct diag ignored;	/* refused facts: in the account */

	if (!rd->st[i]) {
		rd->o.by = AGG_BY_DEFAULT | by;
		rd->st[i] = agg_state_new(&rd->o);
		/* the table's list is the one a briefing shows */
		agg_state_discard_duplicates(rd->st[i]);
	}
	diag_clear(&ignored);
	agg_state_add(rd->st[i], f, "(memory)", 0, &ignored);
}

void report_data_add(struct report_data *rd, const struct fact *f)
{
	rd->nfacts++;
	feed(rd, 0, 0, f);
	feed(rd, 1, AGG_BY_SOURCE, f);
	feed(rd, 2, AGG_BY_PLACE, f);
	/* a seized item under its own category "seized:ITEM", so that the
	 * aggregation's rule picks one figure per bulletin per item and
	 * unit */
	if (!strcmp(f->category, "seizure_quantity")) {
		struct strbuf sb = STRBUF_INIT;
		struct fact g = *f;

		strbuf_addf(&sb, "seized:%s", *f->item ? f->item :
			    "unnamed items");
		g.category = sb.buf;
		rd->nitems++;
		feed(rd, 3, 0, &g);
		strbuf_release(&sb);
	}
	rb_evidence_add(rd, f);
}

int report_data_end(struct report_data *rd, struct diag *d)
{
	struct aggregate_table *out[4] = {
		&rd->base, &rd->by_source, &rd->by_place, &rd->by_item
	};
	int r = 0;

	rb_evidence_flush(rd);
	/* one at a time, each state freed before the next is finished;
	 * no facts, no breakdowns: the tables stay empty */
	for (int i = 0; i < 4; i++) {
		if (rd->st[i] && !r)
			r = agg_state_finish(rd->st[i], out[i], d);
		agg_state_free(rd->st[i]);
		rd->st[i] = NULL;
	}
	return r;
}

int report_data_new(struct report_data **out, const struct aggregate_table *t,
		    const struct fact *facts, size_t nfacts,
		    const struct report_accounts *acct, struct diag *d)
{
	struct report_data *rd = report_data_begin(t, acct);

	for (size_t i = 0; i < nfacts; i++)
		report_data_add(rd, &facts[i]);
	if (report_data_end(rd, d) < 0) {
		report_data_free(rd);
		return -1;
	}
	*out = rd;
	return 0;
}

void report_data_free(struct report_data *rd)
{
	if (!rd)
		return;
	for (int i = 0; i < 4; i++)
		agg_state_free(rd->st[i]);
	rb_evidence_release(rd);
	aggregate_table_release(&rd->base);
	aggregate_table_release(&rd->by_source);
	aggregate_table_release(&rd->by_place);
	aggregate_table_release(&rd->by_item);
	rate_table_release(&rd->rates);
	free(rd->months);
	free(rd);
}

long rb_month_bulletins(const struct report_data *rd, const char *month)
{
	const struct report_month_count *mc;
	long n = 0;

	if (rd->acct && (mc = report_accounts_month(rd->acct, month)))
		return mc->bulletins;
	for (size_t i = 0; i < rd->t->ncoverage; i++)
		if (!strcmp(rd->t->coverage[i].month, month))
			n += rd->t->coverage[i].bulletins;
	return n;
}

size_t report_months(const struct report_data *rd, const char ***months)
{
	struct report_data *w = (struct report_data *)rd;
	size_t cap = 0;

	if (!w->months) {
		for (size_t i = 0; i < rd->t->nmonths; i++) {
			if (rb_month_bulletins(rd, rd->t->months[i]) <= 0)
				continue;
			xgrow((void **)&w->months, &cap, w->nmonths + 1,
			      sizeof(*w->months));
			w->months[w->nmonths++] = rd->t->months[i];
		}
	}
	*months = w->months;
	return w->nmonths;
}

/* ---- look-ups --------------------------------------------------------- */

long rb_month_index(const struct aggregate_table *t, const char *month)
{
	for (size_t i = 0; i < t->nmonths; i++)
		if (!strcmp(t->months[i], month))
			return (long)i;
	return -1;
}

static int key_eq(const char *a, const char *b)
{
	return !b || (a && !strcmp(a, b));
}

const struct agg_group *rb_group(const struct aggregate_table *t,
				 const char *month, const char *category,
				 const char *unit)
{
	for (size_t i = 0; i < t->ngroups; i++) {
		const struct agg_group *g = &t->groups[i];

		if (key_eq(g->month, month) && key_eq(g->category, category) &&
		    key_eq(g->unit, unit))
			return g;
	}
	return NULL;
}

void rb_trend(const struct agg_series *se, size_t end, int months,
	      struct rtrend *tr)
{
	struct agg_fit fit;
	struct agg_trend t;

	agg_trend_fit(se, end, months, &fit, &t);
	memset(tr, 0, sizeof(*tr));
	tr->used = t.used;
	tr->slope = t.slope;
	tr->intercept = t.intercept;
	tr->ci_low = t.ci_low;
	tr->ci_high = t.ci_high;
	tr->flagged = t.flagged;
	tr->first = fit.first;
}

/* ---- the document ----------------------------------------------------- */

static void set_frame(struct rb *c)
{
	struct report_doc *doc = c->doc;
	char lm[RFMT], last[RFMT], srcs[RFMT];
	long nsrc = 0;

	for (size_t i = 0; i < c->t->ncoverage; i++)
		if (!strcmp(c->t->coverage[i].month, c->month) &&
		    c->t->coverage[i].bulletins > 0)
			nsrc++;
	rfmt_month(lm, c->month, 1);
	doc->month = report_str(doc, c->month);
	doc->date = report_str(doc, rfmt_last_day(last, c->month));
	doc->title = report_strf(doc, "Security and defence bulletins: %s", lm);
	rfmt_count(srcs, nsrc, "source", "sources");
	if (c->nbulletins > 0)
		doc->subtitle = report_strf(doc, "Monthly briefing from %ld "
			"bulletin%s of %s published in %s. Every figure traces to "
			"the sentence it was read from.", c->nbulletins,
			c->nbulletins == 1 ? "" : "s", srcs, lm);
	else
		doc->subtitle = report_strf(doc, "Monthly briefing: no bulletin "
					    "published in %s was read.", lm);
	doc->footer = report_strf(doc, "tally briefing, %s: %ld bulletin%s; "
				  "money in %s", lm, c->nbulletins,
				  c->nbulletins == 1 ? "" : "s", c->cur);
}

static void empty_month(struct rb *c)
{
	struct report_section *s = report_section_add(c->doc, "headlines",
						      "Headline figures");
	char lm[RFMT], a[RFMT], b[RFMT];
	const char **months;
	size_t n = report_months(c->rd, &months);

	rfmt_month(lm, c->month, 1);
	report_para(c->doc, s, "No bulletin published in %s was read, so this "
		    "briefing has no figures for the month: nothing was left "
		    "out, there was nothing to count.", lm);
	if (n)
		report_para(c->doc, s, "The bulletins read cover %s to %s.",
			    rfmt_month(a, months[0], 1),
			    rfmt_month(b, months[n - 1], 1));
	else
		report_para(c->doc, s, "No bulletin was read at all.");
}

static void method(struct rb *c)
{
	struct report_section *s = report_section_add(c->doc, "method", "Method");
	char months[16];
	static const char *const names[] = {
		"currency", "trend_months", "dup_pct", "dup_days", "margin_pct"
	};
	const char *values[5];

	snprintf(months, sizeof(months), "%d", c->t->trend_months > 0 ?
		 c->t->trend_months : 12);
	values[0] = c->cur;
	values[1] = months;
	values[2] = "1%";
	values[3] = "14";
	values[4] = "10%";
	report_add_prose(c->doc, s, report_method_text(), names, values, 5);
}

int report_build(const struct report_data *rd, const char *month,
		 struct report_doc *doc, struct diag *d)
{
	struct rb c;

	memset(&c, 0, sizeof(c));
	c.rd = rd;
	c.t = rd->t;
	c.doc = doc;
	c.month = month;
	c.m = rb_month_index(rd->t, month);
	c.cur = rd->t->currency[0] ? rd->t->currency : "USD";
	c.nbulletins = rb_month_bulletins(rd, month);
	c.d = d;
	set_frame(&c);
	if (c.nbulletins <= 0 || c.m < 0) {
		empty_month(&c);
		rb_quality(&c);
		method(&c);
		return 0;
	}
	rb_headlines(&c);
	if (rb_charts(&c) < 0)
		return -1;
	rb_categories(&c);
	rb_top(&c);
	if (rb_quality(&c) < 0)
		return -1;
	method(&c);
	return 0;
}
