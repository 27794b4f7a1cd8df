/*
 * aggregate_trend.c - monthly series per (category, unit), their
 * month-over-month change and a least-squares trend over the last N
 * months with the 95 % interval of its slope.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

void agg_trend_fit(const struct agg_series *se, size_t end, int months,
		   struct agg_fit *fit, struct agg_trend *tr)
{
	size_t first = end + 1 > (size_t)months ? end + 1 - (size_t)months : 0;
	size_t last = end < se->npoints ? end : se->npoints - 1;
	double *x = xmalloc((se->npoints + 1) * sizeof(*x));
	double *y = xmalloc((se->npoints + 1) * sizeof(*y));
	double sumsq;
	size_t n = 0;

	memset(fit, 0, sizeof(*fit));
	fit->first = first;
	for (size_t i = first; se->npoints && i <= last; i++) {
		if (isnan(se->points[i].sum))
			continue;
		x[n] = (double)(i - first);
		y[n++] = se->points[i].sum;
	}
	fit->used = (int)n;
	fit->ok = n >= 3 && gsl_fit_linear(x, 1, y, 1, n, &fit->c0, &fit->c1,
					   &fit->cov00, &fit->cov01, &fit->cov11,
					   &sumsq) == GSL_SUCCESS &&
		  isfinite(fit->c1) && fit->cov11 >= 0;
	if (fit->ok)
		fit->t975 = gsl_cdf_tdist_Pinv(0.975, (double)(n - 2));
	free(x);
	free(y);
	if (!tr)
		return;
	tr->months = months;
	tr->used = fit->used;
	tr->slope = tr->intercept = tr->ci_low = tr->ci_high = NAN;
	tr->flagged = tr->direction = 0;
	if (!fit->ok)
		return;
	tr->slope = fit->c1;
	tr->intercept = fit->c0;
	tr->ci_low = fit->c1 - fit->t975 * sqrt(fit->cov11);
	tr->ci_high = fit->c1 + fit->t975 * sqrt(fit->cov11);
	tr->flagged = n >= 4 && (tr->ci_low > 0 || tr->ci_high < 0);
	tr->direction = tr->flagged ? (fit->c1 > 0 ? 1 : -1) : 0;
}

int agg_fit_at(const struct agg_fit *fit, size_t i, double *y, double *lo,
	       double *hi)
{
	double x, yv, err;

	if (!fit->ok)
		return -1;
	x = (double)i - (double)fit->first;
	if (gsl_fit_linear_est(x, fit->c0, fit->c1, fit->cov00, fit->cov01,
			       fit->cov11, &yv, &err) != GSL_SUCCESS)
		return -1;
	*y = yv;
	*lo = yv - fit->t975 * err;
	*hi = yv + fit->t975 * err;
	return 0;
}

void agg_trend_compute(struct agg_series *se, int months)
{
	struct agg_fit fit;

	agg_trend_fit(se, se->npoints ? se->npoints - 1 : 0, months, &fit,
		      &se->trend);
}

void agg_change_compute(struct agg_series *se)
{
	struct agg_change *c = &se->change;
	const struct agg_point *a, *b;

	c->month = c->previous = NULL;
	c->abs = c->pct = NAN;
	if (se->npoints < 2)
		return;
	a = &se->points[se->npoints - 2];
	b = &se->points[se->npoints - 1];
	c->month = b->month;
	c->previous = a->month;
	c->abs = b->sum - a->sum;
	if (!isnan(c->abs) && a->sum != 0)
		c->pct = c->abs / fabs(a->sum) * 100;
}

long agg_month_index(const struct aggregate_table *t, const char *m)
{
	size_t lo = 0, hi = t->nmonths;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(t->months[mid], m);

		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The series of (category, unit), made on first use. */
static struct agg_series *series_of(struct aggregate_table *t, size_t *cap,
				    const struct agg_group *g)
{
	struct agg_series *se;

	for (size_t i = t->nseries; i > 0; i--)
		if (!strcmp(t->series[i - 1].category, g->category) &&
		    !strcmp(t->series[i - 1].unit, g->unit))
			return &t->series[i - 1];
	xgrow((void **)&t->series, cap, t->nseries + 1, sizeof(*t->series));
	se = &t->series[t->nseries++];
	memset(se, 0, sizeof(*se));
	se->category = g->category;
	se->unit = g->unit;
	se->npoints = t->nmonths;
	se->points = xcalloc(t->nmonths + 1, sizeof(*se->points));
	return se;
}

static void init_points(const struct aggregate_table *t, struct agg_series *se,
			const long *all)
{
	for (size_t m = 0; m < se->npoints; m++) {
		struct agg_point *p = &se->points[m];

		p->month = t->months[m];
		p->all_bulletins = all[m];
		p->mean = NAN;
		p->sum = p->sum_low = p->sum_high = all[m] ? 0 : NAN;
	}
}

static int cmp_series(const void *a, const void *b)
{
	const struct agg_series *x = a, *y = b;
	int c = strcmp(x->category, y->category);

	return c ? c : strcmp(x->unit, y->unit);
}

void agg_finish_series(struct aggregate_table *t, const struct agg_group *mg,
		       size_t nmg)
{
	long *all = xcalloc(t->nmonths + 1, sizeof(*all));
	size_t cap = 0;

	for (size_t i = 0; i < t->ncoverage; i++) {
		long m = agg_month_index(t, t->coverage[i].month);

		if (m >= 0)
			all[m] += t->coverage[i].bulletins;
	}
	for (size_t i = 0; i < nmg; i++) {
		const struct agg_group *g = &mg[i];
		struct agg_series *se;
		struct agg_point *p;
		long m = agg_month_index(t, g->month);

		if ((agg_is_money(g->unit) && !g->converted) || m < 0)
			continue;
		se = series_of(t, &cap, g);
		if (!se->points[0].month)
			init_points(t, se, all);
		p = &se->points[m];
		p->figures = g->st.figures;
		p->bulletins = g->st.bulletins;
		p->sum = g->st.sum;
		p->sum_low = g->st.sum_low;
		p->sum_high = g->st.sum_high;
		p->mean = g->st.mean;
	}
	xqsort(t->series, t->nseries, sizeof(*t->series), cmp_series);
	for (size_t i = 0; i < t->nseries; i++) {
		struct agg_series *se = &t->series[i];

		for (size_t m = 0; m < se->npoints; m++)
			se->points[m].per_bulletin = se->points[m].all_bulletins ?
				se->points[m].sum / (double)se->points[m].all_bulletins : NAN;
		agg_trend_compute(se, t->trend_months);
		agg_change_compute(se);
	}
	free(all);
}
