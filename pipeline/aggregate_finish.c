/*
 * aggregate_finish.c - from the state of a run (or of merged partials)
 * to the table: duplicates, groups with exact statistics, monthly series,
 * coverage, conversions and the account.
 */
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

static const char *tdup(struct aggregate_table *t, const char *s)
{
	return s ? arena_strdup(&t->strings, s) : NULL;
}

void aggregate_table_release(struct aggregate_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nseries; i++)
		free(t->series[i].points);
	free(t->months);
	free(t->groups);
	free(t->series);
	free(t->coverage);
	free(t->duplicates);
	free(t->conversions);
	free(t->unconverted);
	arena_release(&t->strings);
	memset(t, 0, sizeof(*t));
}

/* ---- duplicates ----------------------------------------------------------- */

static struct agg_report_ref ref_of(struct agg_state *s,
				    const struct agg_figure *f)
{
	struct agg_report_ref r = {
		arena_strdup(&s->strings, f->bulletin_id),
		arena_strdup(&s->strings, f->source),
		arena_strdup(&s->strings, f->published),
		arena_strdup(&s->strings, f->text), f->orig_value
	};

	return r;
}

/* Records that f is a probable duplicate of kept. */
void agg_note_duplicate(struct agg_state *s, const struct agg_figure *kept,
			const struct agg_figure *f)
{
	struct agg_duplicate *u;
	double big = fmax(fabs(kept->orig_value), fabs(f->orig_value));

	xgrow((void **)&s->dups, &s->capdups, s->ndups + 1, sizeof(*s->dups));
	u = &s->dups[s->ndups++];
	u->category = arena_strdup(&s->strings, f->category);
	u->unit = arena_strdup(&s->strings, f->orig_unit);
	u->place = arena_strdup(&s->strings, f->place);
	u->kept = ref_of(s, kept);
	u->dup = ref_of(s, f);
	u->diff_pct = big ? fabs(kept->orig_value - f->orig_value) / big * 100 : 0;
	u->days = f->day - kept->day;
	u->excluded = !s->o.keep_duplicates;
	s->acct.duplicates++;
	if (u->excluded) {
		s->acct.excluded[AGG_EXCL_DUPLICATE] += f->nfacts;
		s->acct.used -= f->nfacts;
	}
}

static int cmp_canon(const void *a, const void *b)
{
	const struct agg_figure *x = a, *y = b;
	int c = agg_figure_cmp(x, y);

	return c ? c : (x->part > y->part) - (x->part < y->part);
}

static int find_duplicates(struct agg_state *s, struct diag *d)
{
	struct agg_dupdet *dd = agg_dupdet_new();

	xqsort(s->figs, s->nfigs, sizeof(*s->figs), cmp_canon);
	for (size_t i = 0; i < s->nfigs; i++) {
		struct agg_figure *f = &s->figs[i];
		const struct agg_figure *twin;

		if (i && !strcmp(f->bulletin_id, f[-1].bulletin_id) &&
		    f->part != f[-1].part) {
			agg_dupdet_free(dd);
			return diag_set(d, NULL, 0, 0, NULL, "bulletin '%s' is in "
					"two partials: shards must split by "
					"bulletin", f->bulletin_id);
		}
		if ((twin = agg_dupdet_check(dd, f))) {
			f->dup = 1;
			agg_note_duplicate(s, twin, f);
		}
	}
	agg_dupdet_free(dd);
	return 0;
}

/* ---- groups ---------------------------------------------------------------- */

struct gref {
	const struct agg_figure *f;
	const char *key[5];
};

static int cmp_gref(const void *a, const void *b)
{
	const struct gref *x = a, *y = b;
	int c = agg_key_cmp(x->key, y->key);

	if (c)
		return c;
	if (x->f->value != y->f->value)
		return x->f->value < y->f->value ? -1 : 1;
	return agg_figure_cmp(x->f, y->f);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static long distinct(const char **ids, size_t n)
{
	long k = 0;

	xqsort(ids, n, sizeof(*ids), cmp_str);
	for (size_t i = 0; i < n; i++)
		k += !i || strcmp(ids[i], ids[i - 1]);
	return k;
}

/* Statistics of the figures r[0..n) of one group. */
static int group_stats(struct agg_state *s, const struct gref *r, size_t n,
		       struct agg_stats *st, double *vals, const char **ids,
		       struct diag *d)
{
	size_t k = 0;

	agg_stats_clear(st);
	for (size_t i = 0; i < n; i++) {
		const struct agg_figure *f = r[i].f;

		if (f->dup && !s->o.keep_duplicates)
			continue;
		vals[k] = f->value;
		ids[k++] = f->bulletin_id;
		st->sum_low += f->low;
		st->sum_high += f->high;
		st->facts += f->nfacts;
		st->qual[f->qual]++;
	}
	st->figures = (long)k;
	st->bulletins = distinct(ids, k);
	gsl_sort(vals, 1, k);	/* sorted already; kept for clarity */
	return agg_stats_exact(vals, k, st, d);
}

static int make_groups(struct agg_state *s, struct aggregate_table *t,
		       unsigned by, struct agg_group **out, size_t *nout,
		       struct diag *d)
{
	struct gref *r = xmalloc((s->nfigs + 1) * sizeof(*r));
	double *vals = xmalloc((s->nfigs + 1) * sizeof(*vals));
	const char **ids = xmalloc((s->nfigs + 1) * sizeof(*ids));
	size_t i = 0, cap = 0;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	for (size_t k = 0; k < s->nfigs; k++) {
		r[k].f = &s->figs[k];
		agg_figure_keys(r[k].f, by, r[k].key);
	}
	xqsort(r, s->nfigs, sizeof(*r), cmp_gref);
	while (i < s->nfigs && rc == 0) {
		size_t j = i + 1;
		struct agg_group *g;

		while (j < s->nfigs && !agg_key_cmp(r[i].key, r[j].key))
			j++;
		xgrow((void **)out, &cap, *nout + 1, sizeof(**out));
		g = &(*out)[(*nout)++];
		g->month = tdup(t, r[i].key[0]);
		g->category = tdup(t, r[i].key[1]);
		g->unit = tdup(t, r[i].key[2]);
		g->source = tdup(t, r[i].key[3]);
		g->place = tdup(t, r[i].key[4]);
		g->converted = r[i].f->converted;
		rc = group_stats(s, r + i, j - i, &g->st, vals, ids, d);
		i = j;
	}
	free(r);
	free(vals);
	free(ids);
	return rc;
}

/* ---- months, coverage, conversions ------------------------------------------ */

static void next_month(char m[8])
{
	int y = atoi(m), mo = atoi(m + 5) + 1;

	if (mo > 12) {
		mo = 1;
		y++;
	}
	snprintf(m, 8, "%04d-%02d", (y % 10000 + 10000) % 10000,
		 (mo % 100 + 100) % 100);
}

static void make_months(struct agg_state *s, struct aggregate_table *t)
{
	char lo[8] = "", hi[8] = "", m[8];
	size_t cap = 0;

	for (size_t i = 0; i < s->ncov; i++) {
		if (!lo[0] || strcmp(s->cov[i].month, lo) < 0)
			memcpy(lo, s->cov[i].month, 8);
		if (!hi[0] || strcmp(s->cov[i].month, hi) > 0)
			memcpy(hi, s->cov[i].month, 8);
	}
	if (!lo[0])
		return;
	for (memcpy(m, lo, 8); strcmp(m, hi) <= 0; next_month(m)) {
		xgrow((void **)&t->months, &cap, t->nmonths + 1, sizeof(*t->months));
		t->months[t->nmonths++] = tdup(t, m);
	}
}

static int cmp_cov(const void *a, const void *b)
{
	const struct agg_coverage *x = a, *y = b;
	int c = strcmp(x->source, y->source);

	return c ? c : strcmp(x->month, y->month);
}

static int cmp_conv(const void *a, const void *b)
{
	const struct agg_conversion *x = a, *y = b;
	int c = strcmp(x->currency, y->currency);

	return c ? c : strcmp(x->month, y->month);
}

static int cmp_unconv(const void *a, const void *b)
{
	const struct agg_unconverted *x = a, *y = b;
	int c = strcmp(x->currency, y->currency);

	return c ? c : strcmp(x->month, y->month);
}

static void copy_conversions(struct agg_state *s, struct aggregate_table *t)
{
	t->conversions = xcalloc(s->nconv + 1, sizeof(*t->conversions));
	t->unconverted = xcalloc(s->nconv + 1, sizeof(*t->unconverted));
	for (size_t i = 0; i < s->nconv; i++) {
		const struct agg_conv *c = &s->conv[i];

		if (c->reason) {
			t->unconverted[t->nunconverted++] = (struct agg_unconverted){
				tdup(t, c->month), tdup(t, c->currency),
				tdup(t, c->reason), c->figures };
		} else {
			t->conversions[t->nconversions++] = (struct agg_conversion){
				tdup(t, c->month), tdup(t, c->currency), c->rate,
				c->to_rate, c->figures };
		}
	}
	xqsort(t->conversions, t->nconversions, sizeof(*t->conversions), cmp_conv);
	xqsort(t->unconverted, t->nunconverted, sizeof(*t->unconverted), cmp_unconv);
}

static int cmp_dup(const void *a, const void *b)
{
	const struct agg_duplicate *x = a, *y = b;
	int c = strcmp(x->dup.published, y->dup.published);

	if (!c)
		c = strcmp(x->dup.bulletin_id, y->dup.bulletin_id);
	if (!c)
		c = strcmp(x->category, y->category);
	return c ? c : strcmp(x->unit, y->unit);
}

void agg_finish_common(struct agg_state *s, struct aggregate_table *t)
{
	t->sketch = s->o.sketch;
	t->by = s->o.by;
	memcpy(t->currency, s->o.currency, sizeof(t->currency));
	t->keep_duplicates = s->o.keep_duplicates;
	t->trend_months = s->o.trend_months;
	t->sketch_alpha = s->o.sketch ? s->o.sketch_alpha : NAN;
	t->account = s->acct;
	make_months(s, t);
	t->coverage = xcalloc(s->ncov + 1, sizeof(*t->coverage));
	for (size_t i = 0; i < s->ncov; i++)
		t->coverage[t->ncoverage++] = (struct agg_coverage){
			tdup(t, s->cov[i].source), tdup(t, s->cov[i].month),
			s->cov[i].bulletins };
	xqsort(t->coverage, t->ncoverage, sizeof(*t->coverage), cmp_cov);
	copy_conversions(s, t);
	t->duplicates = xcalloc(s->ndups + 1, sizeof(*t->duplicates));
	for (size_t i = 0; i < s->ndups; i++) {
		struct agg_duplicate u = s->dups[i];

		u.category = tdup(t, u.category);
		u.unit = tdup(t, u.unit);
		u.place = tdup(t, u.place);
		u.kept.bulletin_id = tdup(t, u.kept.bulletin_id);
		u.kept.source = tdup(t, u.kept.source);
		u.kept.published = tdup(t, u.kept.published);
		u.kept.text = tdup(t, u.kept.text);
		u.dup.bulletin_id = tdup(t, u.dup.bulletin_id);
		u.dup.source = tdup(t, u.dup.source);
		u.dup.published = tdup(t, u.dup.published);
		u.dup.text = tdup(t, u.dup.text);
		t->duplicates[t->nduplicates++] = u;
	}
	xqsort(t->duplicates, t->nduplicates, sizeof(*t->duplicates), cmp_dup);
}

int agg_finish_exact(struct agg_state *s, struct aggregate_table *t,
		     struct diag *d)
{
	struct agg_group *mg;
	size_t nmg;

	if (find_duplicates(s, d) < 0)
		return -1;
	agg_finish_common(s, t);
	if (make_groups(s, t, s->o.by, &t->groups, &t->ngroups, d) < 0 ||
	    make_groups(s, t, AGG_BY_DEFAULT, &mg, &nmg, d) < 0) {
		aggregate_table_release(t);
		return -1;
	}
	agg_finish_series(t, mg, nmg);
	free(mg);
	return 0;
}
