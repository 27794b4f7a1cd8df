/*
 * aggregate_stats.c - statistics of a group: exact ones from sorted
 * values with GSL, mergeable moments (Welford and Chan), the shared
 * histogram, and the relative-error quantile sketch of --sketch.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

const double agg_hist_edges[AGG_HIST_BINS + 1] = {
	0, 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15
};

void agg_stats_clear(struct agg_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->min = st->max = st->mean = st->median = NAN;
	st->p10 = st->p90 = st->sd = st->mad = NAN;
}

int agg_hist_bin(double x)
{
	if (!(x >= 0) || x >= agg_hist_edges[AGG_HIST_BINS])
		return -1;
	for (int i = AGG_HIST_BINS - 1; i > 0; i--)
		if (x >= agg_hist_edges[i])
			return i;
	return 0;
}

/* Fills the histogram of st through gsl_histogram (shared edges). */
static int fill_histogram(const double *v, size_t n, struct agg_stats *st,
			  struct diag *d)
{
	gsl_histogram *h = gsl_histogram_alloc(AGG_HIST_BINS);

	if (!h || gsl_histogram_set_ranges(h, agg_hist_edges,
					   AGG_HIST_BINS + 1) != GSL_SUCCESS) {
		gsl_histogram_free(h);
		return diag_set(d, NULL, 0, 0, NULL, "gsl_histogram failed");
	}
	for (size_t i = 0; i < n; i++)
		if (gsl_histogram_increment(h, v[i]) != GSL_SUCCESS)
			st->hist_outside++;
	for (size_t b = 0; b < AGG_HIST_BINS; b++)
		st->hist[b] = (long)gsl_histogram_get(h, b);
	gsl_histogram_free(h);
	return 0;
}

int agg_stats_exact(double *v, size_t n, struct agg_stats *st, struct diag *d)
{
	double *work;

	st->sum = 0;
	for (size_t i = 0; i < n; i++)
		st->sum += v[i];
	if (fill_histogram(v, n, st, d) < 0)
		return -1;
	if (n == 0)
		return 0;	/* min, mean... stay NAN: never a mean of 0 */
	st->min = v[0];
	st->max = v[n - 1];
	st->mean = gsl_stats_mean(v, 1, n);
	st->median = gsl_stats_median_from_sorted_data(v, 1, n);
	st->p10 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.10);
	st->p90 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.90);
	if (n >= 2)
		st->sd = gsl_stats_sd_m(v, 1, n, st->mean);
	work = xmalloc(n * sizeof(*work));
	st->mad = gsl_stats_mad0(v, 1, n, work);
	free(work);
	if (!isfinite(st->mean) || !isfinite(st->median) || !isfinite(st->mad))
		return diag_set(d, NULL, 0, 0, NULL,
				"statistics overflowed (values too large)");
	return 0;
}

/* ---- moments ----------------------------------------------------------- */

void agg_moments_add(struct agg_moments *m, double x)
{
	double delta = x - m->mean;

	if (m->n == 0 || x < m->min)
		m->min = x;
	if (m->n == 0 || x > m->max)
		m->max = x;
	m->n++;
	m->mean += delta / (double)m->n;
	m->m2 += delta * (x - m->mean);
	m->sum += x;
}

void agg_moments_remove(struct agg_moments *m, double x)
{
	double old;

	if (m->n <= 1) {
		double mn = m->min, mx = m->max;

		memset(m, 0, sizeof(*m));
		m->min = mn;
		m->max = mx;
		return;
	}
	old = (m->mean * (double)m->n - x) / (double)(m->n - 1);
	m->m2 -= (x - old) * (x - m->mean);
	if (m->m2 < 0)
		m->m2 = 0;
	m->n--;
	m->mean = old;
	m->sum -= x;
}

void agg_moments_merge(struct agg_moments *a, const struct agg_moments *b)
{
	double n, delta;

	if (b->n == 0)
		return;
	if (a->n == 0) {
		*a = *b;
		return;
	}
	n = (double)(a->n + b->n);
	delta = b->mean - a->mean;
	a->mean += delta * (double)b->n / n;
	a->m2 += b->m2 + delta * delta * (double)a->n * (double)b->n / n;
	a->n += b->n;
	a->sum += b->sum;
	a->min = fmin(a->min, b->min);
	a->max = fmax(a->max, b->max);
}

/* ---- the sketch -------------------------------------------------------- */

void agg_sketch_init(struct agg_sketch *s, double alpha)
{
	memset(s, 0, sizeof(*s));
	s->alpha = alpha > 0 ? alpha : 0.01;
	s->gamma = (1 + s->alpha) / (1 - s->alpha);
	s->lg = log(s->gamma);
}

void agg_sketch_release(struct agg_sketch *s)
{
	free(s->counts);
	s->counts = NULL;
	s->len = 0;
}

static double bucket_value(const struct agg_sketch *s, int i)
{
	return 2 * exp(s->lg * i) / (s->gamma + 1);
}

/* Makes room for index i: counts covers [lo, lo + len) afterwards, or
 * i falls below a collapsed floor and lands in counts[0]. */
static int room_for(struct agg_sketch *s, int i)
{
	int lo = s->len ? (i < s->lo ? i : s->lo) : i;
	int hi = s->len ? (i >= s->lo + s->len ? i : s->lo + s->len - 1) : i;
	long *c;

	if (hi - lo + 1 > AGG_SKETCH_MAX) {
		lo = hi - AGG_SKETCH_MAX + 1;
		s->collapsed = 1;
	}
	if (s->len && lo == s->lo && hi == s->lo + s->len - 1)
		return i < lo ? lo : i;
	c = xcalloc((size_t)(hi - lo + 1), sizeof(*c));
	for (int k = 0; k < s->len; k++) {
		int j = s->lo + k;

		c[(j < lo ? lo : j) - lo] += s->counts[k];
	}
	free(s->counts);
	s->counts = c;
	s->lo = lo;
	s->len = hi - lo + 1;
	return i < lo ? lo : i;
}

static void add_index(struct agg_sketch *s, int i, long count)
{
	i = room_for(s, i);
	s->counts[i - s->lo] += count;
	s->total += count;
}

void agg_sketch_add(struct agg_sketch *s, double x, long count)
{
	if (x > 0) {
		add_index(s, (int)ceil(log(x) / s->lg), count);
		return;
	}
	if (x == 0)
		s->zero += count;
	else {
		s->neg += count;
		s->negsum += x * (double)count;
	}
	s->total += count;
}

void agg_sketch_merge(struct agg_sketch *a, const struct agg_sketch *b)
{
	for (int k = 0; k < b->len; k++)
		if (b->counts[k])
			add_index(a, b->lo + k, b->counts[k]);
	a->zero += b->zero;
	a->neg += b->neg;
	a->negsum += b->negsum;
	a->total += b->zero + b->neg;
	a->collapsed |= b->collapsed;
}

double agg_sketch_rank(const struct agg_sketch *s, long r)
{
	if (r < s->neg)
		return s->negsum / (double)s->neg;
	r -= s->neg;
	if (r < s->zero)
		return 0;
	r -= s->zero;
	for (int k = 0; k < s->len; k++) {
		if (r < s->counts[k])
			return bucket_value(s, s->lo + k);
		r -= s->counts[k];
	}
	return NAN;
}

double agg_sketch_quantile(const struct agg_sketch *s, double q)
{
	double idx, delta;
	long lhs;

	if (s->total <= 0)
		return NAN;
	idx = q * (double)(s->total - 1);
	lhs = (long)floor(idx);
	delta = idx - (double)lhs;
	if (delta == 0 || lhs + 1 >= s->total)
		return agg_sketch_rank(s, lhs);
	return (1 - delta) * agg_sketch_rank(s, lhs) +
	       delta * agg_sketch_rank(s, lhs + 1);
}

struct dev { double d; long n; };

static int cmp_dev(const void *a, const void *b)
{
	double x = ((const struct dev *)a)->d, y = ((const struct dev *)b)->d;

	return (x > y) - (x < y);
}

static double dev_rank(const struct dev *v, size_t n, long r)
{
	for (size_t i = 0; i < n; i++) {
		if (r < v[i].n)
			return v[i].d;
		r -= v[i].n;
	}
	return NAN;
}

double agg_sketch_mad(const struct agg_sketch *s, double m)
{
	struct dev *v = xmalloc(((size_t)s->len + 2) * sizeof(*v));
	size_t n = 0;
	double idx, delta, out;
	long lhs;

	if (s->total <= 0) {
		free(v);
		return NAN;
	}
	if (s->neg)
		v[n++] = (struct dev){ fabs(s->negsum / (double)s->neg - m), s->neg };
	if (s->zero)
		v[n++] = (struct dev){ fabs(m), s->zero };
	for (int k = 0; k < s->len; k++)
		if (s->counts[k])
			v[n++] = (struct dev){ fabs(bucket_value(s, s->lo + k) - m),
					       s->counts[k] };
	xqsort(v, n, sizeof(*v), cmp_dev);
	idx = 0.5 * (double)(s->total - 1);
	lhs = (long)floor(idx);
	delta = idx - (double)lhs;
	out = dev_rank(v, n, lhs);
	if (delta > 0)
		out = (1 - delta) * out + delta * dev_rank(v, n, lhs + 1);
	free(v);
	return out;
}

double agg_sketch_min(const struct agg_sketch *s)
{
	return agg_sketch_rank(s, 0);
}

double agg_sketch_max(const struct agg_sketch *s)
{
	return agg_sketch_rank(s, s->total - 1);
}
