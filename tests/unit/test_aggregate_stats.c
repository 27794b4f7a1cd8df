/*
 * test_aggregate_stats.c - mergeable moments (Chan's formula against
 * GSL's one pass), removal, the histogram bins and the quantile sketch
 * (its relative error bound, exact merges, collapsing).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "../../pipeline/aggregate_int.h"
#include "testhelp.h"

#define NV 10000

/* Deterministic values spread over six decades (log-uniform). */
static void fill(double *v, size_t n, uint64_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		v[i] = floor(pow(10, 6.0 * (double)(seed >> 11) / 9007199254740992.0));
	}
}

static int close_rel(double a, double b, double tol)
{
	return fabs(a - b) <= tol * fmax(fabs(a), fabs(b));
}

static void check_chan_merge(void)
{
	static double v[NV];
	struct agg_moments all = { 0 }, part[7] = { { 0 } }, merged = { 0 };

	fill(v, NV, 42);
	for (size_t i = 0; i < NV; i++) {
		agg_moments_add(&all, v[i]);
		agg_moments_add(&part[(i * 7) / NV], v[i]);
	}
	for (int k = 6; k >= 0; k--)
		agg_moments_merge(&merged, &part[k]);
	CHECK(merged.n == NV);
	CHECK(close_rel(merged.mean, gsl_stats_mean(v, 1, NV), 1e-12));
	CHECK(close_rel(merged.m2 / (NV - 1), gsl_stats_variance(v, 1, NV), 1e-12));
	CHECK(close_rel(all.m2, merged.m2, 1e-12));
	CHECK(merged.min == all.min && merged.max == all.max);
	CHECK_NUM(merged.sum, all.sum);	/* integers: exact in any order */

	/* removing the last value gives the moments of the others */
	{
		struct agg_moments m = all;

		agg_moments_remove(&m, v[NV - 1]);
		CHECK(m.n == NV - 1);
		CHECK(close_rel(m.mean, gsl_stats_mean(v, 1, NV - 1), 1e-12));
		CHECK(close_rel(m.m2 / (NV - 2), gsl_stats_variance(v, 1, NV - 1), 1e-9));
	}
	/* merging an empty state changes nothing */
	{
		struct agg_moments e = { 0 }, m = all;

		agg_moments_merge(&m, &e);
		CHECK(m.n == all.n && m.mean == all.mean && m.m2 == all.m2);
	}
}

static void check_hist_bins(void)
{
	CHECK(agg_hist_bin(0) == 0);
	CHECK(agg_hist_bin(0.5) == 0);
	CHECK(agg_hist_bin(1) == 1);
	CHECK(agg_hist_bin(9.99) == 1);
	CHECK(agg_hist_bin(10) == 2);
	CHECK(agg_hist_bin(999999) == 6);
	CHECK(agg_hist_bin(1e14) == 15);
	CHECK(agg_hist_bin(1e15) == -1);
	CHECK(agg_hist_bin(-1) == -1);
}

/* Every quantile the sketch answers is within alpha of the exact one. */
static void check_sketch_bound(double alpha)
{
	static double v[NV];
	static const double qs[] = { 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 };
	struct agg_sketch s;
	double worst = 0;

	fill(v, NV, 7);
	agg_sketch_init(&s, alpha);
	for (size_t i = 0; i < NV; i++)
		agg_sketch_add(&s, v[i], 1);
	gsl_sort(v, 1, NV);
	for (size_t i = 0; i < sizeof(qs) / sizeof(*qs); i++) {
		double exact = gsl_stats_quantile_from_sorted_data(v, 1, NV, qs[i]);
		double est = agg_sketch_quantile(&s, qs[i]);

		worst = fmax(worst, fabs(est - exact) / exact);
	}
	CHECK(worst <= alpha * (1 + 1e-9));
	CHECK(!s.collapsed);
	CHECK(s.len < AGG_SKETCH_MAX);
	agg_sketch_release(&s);
}

/* The sketch of a union is the merge of the sketches, in any order. */
static void check_sketch_merge(void)
{
	static double v[NV];
	struct agg_sketch all, part[3], m;

	fill(v, NV, 9);
	agg_sketch_init(&all, 0.01);
	agg_sketch_init(&m, 0.01);
	for (int k = 0; k < 3; k++)
		agg_sketch_init(&part[k], 0.01);
	for (size_t i = 0; i < NV; i++) {
		agg_sketch_add(&all, v[i], 1);
		agg_sketch_add(&part[i % 3], v[i], 1);
	}
	agg_sketch_add(&all, 0, 1);	/* zeros are counted apart */
	agg_sketch_add(&part[1], 0, 1);
	for (int k = 2; k >= 0; k--)
		agg_sketch_merge(&m, &part[k]);
	CHECK(m.total == all.total && m.zero == 1);
	for (double q = 0; q <= 1.0; q += 0.05)
		CHECK(agg_sketch_quantile(&m, q) == agg_sketch_quantile(&all, q));
	/* removal undoes an add */
	agg_sketch_add(&m, v[0], -1);
	CHECK(m.total == all.total - 1);
	agg_sketch_add(&m, v[0], 1);
	CHECK(agg_sketch_quantile(&m, 0.5) == agg_sketch_quantile(&all, 0.5));
	agg_sketch_release(&all);
	agg_sketch_release(&m);
	for (int k = 0; k < 3; k++)
		agg_sketch_release(&part[k]);
	CHECK(isnan(agg_sketch_quantile(&m, 0.5)) || m.total == 0);
}

/* Too many buckets: the lowest collapse, upper quantiles keep the bound. */
static void check_sketch_collapse(void)
{
	struct agg_sketch s;
	double x = 1e-300, med;

	agg_sketch_init(&s, 0.001);
	for (int i = 0; i < 1000; i++, x *= 1e3)
		if (x < 1e300)
			agg_sketch_add(&s, x, 1);
	CHECK(s.collapsed && s.len == AGG_SKETCH_MAX);
	agg_sketch_add(&s, 1e300, 1000);
	med = agg_sketch_quantile(&s, 0.9);
	CHECK(fabs(med - 1e300) <= 0.001 * 1e300 * (1 + 1e-9));
	agg_sketch_release(&s);
}

/* Exact statistics of nothing are undefined, never 0. */
static void check_exact_empty(void)
{
	struct agg_stats st;
	struct diag d;

	diag_clear(&d);
	agg_stats_clear(&st);
	CHECK(agg_stats_exact(NULL, 0, &st, &d) == 0);
	CHECK(isnan(st.mean) && isnan(st.median) && isnan(st.p10));
	CHECK(isnan(st.sd) && isnan(st.mad) && isnan(st.min));
	CHECK_NUM(st.sum, 0);
}

int main(void)
{
	gsl_set_error_handler_off();
	check_chan_merge();
	check_hist_bins();
	check_sketch_bound(0.01);
	check_sketch_bound(0.005);
	check_sketch_merge();
	check_sketch_collapse();
	check_exact_empty();
	return TEST_REPORT();
}
