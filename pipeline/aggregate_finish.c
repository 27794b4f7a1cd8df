/*
 * aggregate_finish.c - from the state of a run (or of merged partials)
 * to the table: duplicates, groups with exact statistics, monthly series,
 * coverage, conversions and the account.
 */
#include <math.h>
#include <stddef.h>
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
	agg_spill_free(t->spill);
	arena_release(&t->strings);
	memset(t, 0, sizeof(*t));
}

/* ---- duplicates ----------------------------------------------------------- */

static struct agg_report_ref ref_of(const struct agg_figure *f)
{
	struct agg_report_ref r = {
		f->bulletin_id, f->source, f->published, f->text, f->orig_value
	};

	return r;
}

static void ref_keep(struct agg_state *s, struct agg_report_ref *r)
{
	r->bulletin_id = arena_strdup(&s->strings, r->bulletin_id);
	r->source = arena_strdup(&s->strings, r->source);
	r->published = arena_strdup(&s->strings, r->published);
	r->text = arena_strdup(&s->strings, r->text);
}

/* Records that f is a probable duplicate of kept: in the spill when the
 * run has one and f comes in order, else in s->dups. */
void agg_note_duplicate(struct agg_state *s, const struct agg_figure *kept,
			const struct agg_figure *f)
{
	struct agg_duplicate u;
	double big = fmax(fabs(kept->orig_value), fabs(f->orig_value));

	u.category = f->category;
	u.unit = f->orig_unit;
	u.place = f->place;
	u.kept = ref_of(kept);
	u.dup = ref_of(f);
	u.diff_pct = big ? fabs(kept->orig_value - f->orig_value) / big * 100 : 0;
	u.days = f->day - kept->day;
	u.excluded = !s->o.keep_duplicates;
	s->acct.duplicates++;
	if (u.excluded) {
		s->acct.excluded[AGG_EXCL_DUPLICATE] += f->nfacts;
		s->acct.used -= f->nfacts;
	}
	if (s->spill_wanted && !s->spill && !(s->spill = agg_spill_new()))
		s->spill_wanted = 0;	/* no temporary file: in memory */
	if (s->spill) {
		agg_dup_key(&s->keybuf, &u);
		strbuf_reset(&s->jsonbuf);
		agg_json_duplicate(&s->jsonbuf, &u);
		if (agg_spill_put(s->spill, &s->keybuf, s->jsonbuf.buf,
				  s->jsonbuf.len) == 0)
			return;
	}
	u.category = arena_strdup(&s->strings, u.category);
	u.unit = arena_strdup(&s->strings, u.unit);
	u.place = arena_strdup(&s->strings, u.place);
	ref_keep(s, &u.kept);
	ref_keep(s, &u.dup);
	xgrow((void **)&s->dups, &s->capdups, s->ndups + 1, sizeof(*s->dups));
	s->dups[s->ndups++] = u;
}

/* Feeds the figures to the duplicate check in canonical order. */
static int find_duplicates(struct agg_state *s, const uint32_t *order,
			   struct diag *d)
{
	struct agg_dupdet *dd = agg_dupdet_new(1);	/* s->figs stay */

	for (size_t i = 0; i < s->nfigs; i++) {
		struct agg_figure *f = &s->figs[order[i]];
		const struct agg_figure *prev = i ? &s->figs[order[i - 1]] : NULL;
		const struct agg_figure *twin;

		if (prev && f->part != prev->part &&
		    !strcmp(f->bulletin_id, prev->bulletin_id)) {
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

/* The offsets of the ids of the five group keys in a figure. */
static const size_t key_off[5] = {
	offsetof(struct agg_figure, month_id), offsetof(struct agg_figure, cat_id),
	offsetof(struct agg_figure, gunit_id), offsetof(struct agg_figure, src_id),
	offsetof(struct agg_figure, place_id)
};

static int key_id(const struct agg_figure *f, int k)
{
	int id;

	memcpy(&id, (const char *)f + key_off[k], sizeof(id));
	return id;
}

/* The figures of a run, ordered for the groups, and what their
 * statistics need. */
struct gsort {
	struct agg_state *s;
	const uint32_t *by_value;	/* canonical order, then by value */
	const uint32_t *bul_rank;	/* of each bseq */
	long *stamp;			/* per bulletin rank: last group seen */
	long ngroups;			/* groups made so far (stamps) */
	uint32_t *idx;
	uint64_t *key;
	double *vals;
};

/* Statistics of the figures idx[0..n) of group number gno (> 0, never
 * used before). */
static int group_stats(struct gsort *G, const uint32_t *idx, size_t n,
		       long gno, struct agg_stats *st, struct diag *d)
{
	struct agg_state *s = G->s;
	size_t k = 0;

	agg_stats_clear(st);
	for (size_t i = 0; i < n; i++) {
		const struct agg_figure *f = &s->figs[idx[i]];
		uint32_t b = G->bul_rank[f->bseq];

		if (f->dup && !s->o.keep_duplicates)
			continue;
		G->vals[k++] = f->value;
		if (G->stamp[b] != gno) {	/* a bulletin not seen here yet */
			G->stamp[b] = gno;
			st->bulletins++;
		}
		st->sum_low += f->low;
		st->sum_high += f->high;
		st->facts += f->nfacts;
		st->qual[f->qual]++;
	}
	st->figures = (long)k;
	return agg_stats_exact(G->vals, k, st, d);	/* sorted by value */
}

static int make_groups(struct gsort *G, struct aggregate_table *t,
		       unsigned by, struct agg_group **out, size_t *nout,
		       struct diag *d)
{
	struct agg_state *s = G->s;
	struct agg_comp c[5];
	uint32_t *rank[5] = { NULL };
	size_t i = 0, cap = 0, n = s->nfigs;
	int k = 0, rc = 0, whole;

	*out = NULL;
	*nout = 0;
	for (int j = 0; j < 5; j++) {
		uint32_t max;

		if (!(by & (1u << j)))
			continue;
		rank[j] = agg_strtab_ranks(&s->strs, 1u << j, &max);
		c[k++] = (struct agg_comp){ rank[j], key_off[j], 0, max };
	}
	memcpy(G->idx, G->by_value, n * sizeof(*G->idx));
	/* one pass: G->key holds each figure's whole group key */
	whole = agg_sort_components(s->figs, G->idx, n, c, k, G->key) == 1;
	while (i < n && rc == 0) {
		const struct agg_figure *f = &s->figs[G->idx[i]];
		const char *key[5];
		size_t j = i + 1;
		struct agg_group *g;

		for (; j < n; j++) {
			const struct agg_figure *h;
			int m = 0;

			if (whole) {
				if (G->key[G->idx[j]] != G->key[G->idx[i]])
					break;
				continue;
			}
			h = &s->figs[G->idx[j]];
			while (m < 5 && (!(by & (1u << m)) ||
					 key_id(f, m) == key_id(h, m)))
				m++;
			if (m < 5)
				break;
		}
		agg_figure_keys(f, by, key);
		xgrow((void **)out, &cap, *nout + 1, sizeof(**out));
		g = &(*out)[(*nout)++];
		g->month = tdup(t, key[0]);
		g->category = tdup(t, key[1]);
		g->unit = tdup(t, key[2]);
		g->source = tdup(t, key[3]);
		g->place = tdup(t, key[4]);
		g->converted = f->converted;
		rc = group_stats(G, G->idx + i, j - i, ++G->ngroups, &g->st, d);
		i = j;
	}
	for (int j = 0; j < 5; j++)
		free(rank[j]);
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
	return agg_dup_cmp(a, b);
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
	t->spill = s->spill;
	s->spill = NULL;
}

int agg_finish_exact(struct agg_state *s, struct aggregate_table *t,
		     struct diag *d)
{
	struct gsort G = { .s = s };
	size_t n = s->nfigs;
	uint32_t *order, *bul_rank, *by_value;
	struct agg_group *mg = NULL;
	size_t nmg = 0;
	int rc = -1;

	order = agg_canon_order(s, &bul_rank);
	if (find_duplicates(s, order, d) < 0) {
		free(order);
		free(bul_rank);
		return -1;
	}
	agg_finish_common(s, t);
	/* canonical order, then (stably) by value: the order of the values
	 * within every group, whatever the keys */
	by_value = order;
	G.key = xmalloc((n + 1) * sizeof(*G.key));
	for (size_t i = 0; i < n; i++)
		G.key[i] = agg_value_key(s->figs[i].value);
	agg_radix_sort(by_value, n, G.key);
	G.by_value = by_value;
	G.bul_rank = bul_rank;
	G.stamp = xcalloc((size_t)s->nbul + 1, sizeof(*G.stamp));
	G.idx = xmalloc((n + 1) * sizeof(*G.idx));
	G.vals = xmalloc((n + 1) * sizeof(*G.vals));
	if (make_groups(&G, t, s->o.by, &t->groups, &t->ngroups, d) == 0 &&
	    make_groups(&G, t, AGG_BY_DEFAULT, &mg, &nmg, d) == 0) {
		agg_finish_series(t, mg, nmg);
		rc = 0;
	} else {
		aggregate_table_release(t);
	}
	free(mg);
	free(G.stamp);
	free(G.idx);
	free(G.vals);
	free(G.key);
	free(by_value);
	free(bul_rank);
	return rc;
}
