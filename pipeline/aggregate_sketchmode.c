/*
 * aggregate_sketchmode.c - --sketch: statistics in memory that grows with
 * the number of groups, not of facts.
 *
 * Each group keeps mergeable state: moments (Welford; Chan's formula to
 * merge), the shared histogram (gsl_histogram_add to merge) and a
 * relative-error quantile sketch.  A figure enters its groups when it is
 * read.  Duplicates are found by the same detector as in exact mode, fed
 * in canonical order through a window: figures wait until the newest
 * publication date read is late_days past theirs, then are checked in
 * (published, bulletin) order, so input in publication order (up to
 * late_days of disorder) gives the exact mode's duplicates.  A duplicate
 * is taken out of its groups again (moments, histogram and sketch all
 * allow removal); a figure that comes later than the window is checked
 * at once, and counted as late in the account.
 *
 * With --partial the window only puts the figures in canonical order:
 * those the merge's duplicate check will read (distinctive ones) go to
 * a temporary file as they are released, and the partial is written from
 * it.  A merge of sorted partials reads their figures back a line at a
 * time, k-way, through one duplicate check.  So neither holds every
 * figure; memory follows the groups and the window.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_histogram.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

struct agg_window {
	struct agg_figure **v;	/* pending, owned (agg_figure_dup) */
	size_t n, cap;
	int newest;		/* newest publication day read */
	int released;		/* figures before this day were checked */
	int any;
	struct agg_dupdet *dd;
};

void agg_sk_init(struct agg_state *s)
{
	s->sets[0].by = s->o.by;
	s->sets[1].by = AGG_BY_DEFAULT;
	s->win = xcalloc(1, sizeof(*s->win));
	s->win->dd = agg_dupdet_new(0);
}

void agg_sk_release(struct agg_state *s)
{
	for (int k = 0; k < 2; k++) {
		struct agg_gset *gs = &s->sets[k];

		for (size_t i = 0; i < gs->n; i++)
			agg_sketch_release(&gs->v[i].sk);
		free(gs->v);
		agg_map_release(&gs->index);
	}
	if (s->win) {
		for (size_t i = 0; i < s->win->n; i++)
			free(s->win->v[i]);
		free(s->win->v);
		agg_dupdet_free(s->win->dd);
		free(s->win);
	}
}

/* The map key of a group: each key, or "\x01" when not one, followed
 * by 0x1f; written in one go (twice a figure). */
static void group_key(struct strbuf *kb, const char *key[5])
{
	const char *str[5];
	size_t len[5], total = 5;
	char *p;

	for (int k = 0; k < 5; k++) {
		str[k] = key[k] ? key[k] : "\x01";
		total += (len[k] = strlen(str[k]));
	}
	xgrow((void **)&kb->buf, &kb->cap, total + 1, 1);
	p = kb->buf;
	for (int k = 0; k < 5; k++) {
		memcpy(p, str[k], len[k]);
		p += len[k];
		*p++ = 0x1f;
	}
	*p = '\0';
	kb->len = total;
}

struct agg_sgroup *agg_sk_group(struct agg_gset *gs, struct agg_state *s,
				const char *key[5], int converted)
{
	struct strbuf *kb = &s->keybuf;
	size_t i = gs->n;
	struct agg_sgroup *g;

	group_key(kb, key);
	if (agg_map_get_or_put(&gs->index, &s->strings, kb->buf, &i))
		return &gs->v[i];
	xgrow((void **)&gs->v, &gs->cap, gs->n + 1, sizeof(*gs->v));
	g = &gs->v[gs->n++];
	memset(g, 0, sizeof(*g));
	for (int k = 0; k < 5; k++)
		g->key[k] = key[k] ? arena_strdup(&s->strings, key[k]) : NULL;
	g->converted = converted;
	agg_sketch_init(&g->sk, s->o.sketch_alpha);
	return g;
}

/* Adds (sign 1) or removes (sign -1) figure f in group g. */
static void group_apply(struct agg_sgroup *g, const struct agg_figure *f,
			int sign, int count_bulletin)
{
	int bin = agg_hist_bin(f->value);

	if (sign > 0)
		agg_moments_add(&g->mom, f->value);
	else {
		agg_moments_remove(&g->mom, f->value);
		if (f->value == g->mom.min || f->value == g->mom.max)
			g->minmax_approx = 1;
	}
	g->sum_low += sign * f->low;
	g->sum_high += sign * f->high;
	g->facts += sign * f->nfacts;
	g->bulletins += sign * count_bulletin;
	g->qual[f->qual] += sign;
	if (bin < 0)
		g->hist_outside += sign;
	else
		g->hist[bin] += sign;
	agg_sketch_add(&g->sk, f->value, sign);
}

/* f into (or out of) its group of each set.  A bulletin counts once in
 * a group: its figures come together, so it is new when it differs from
 * the last one added (a removal assumes it was the bulletin's only
 * figure there, which holds unless money in two currencies of one
 * bulletin met in the reporting currency). */
static void apply(struct agg_state *s, const struct agg_figure *f, int sign)
{
	uint64_t h = hash64(f->bulletin_id, strlen(f->bulletin_id));

	for (int k = 0; k < 2; k++) {
		const char *key[5];
		struct agg_sgroup *g;
		int fresh;

		agg_figure_keys(f, s->sets[k].by, key);
		g = agg_sk_group(&s->sets[k], s, key, f->converted);
		fresh = sign < 0 || g->last_bulletin != h || !g->mom.n;
		if (sign > 0)
			g->last_bulletin = h;
		group_apply(g, f, sign, fresh);
	}
}

/* The duplicate check of f; own: f itself when it is the window's copy,
 * which the check may keep rather than copy again, else NULL.  Returns 1
 * when it did (f is then the check's). */
static int check_one(struct agg_state *s, struct agg_dupdet *dd,
		     const struct agg_figure *f, struct agg_figure *own)
{
	int kept = 0;
	const struct agg_figure *twin = own ? agg_dupdet_check_own(dd, own, &kept) :
					agg_dupdet_check(dd, f);

	if (!twin)
		return kept;
	agg_note_duplicate(s, twin, f);
	if (!s->o.keep_duplicates)
		apply(s, f, -1);
	return kept;
}

static int cmp_pending(const void *a, const void *b)
{
	return agg_figure_cmp(*(struct agg_figure *const *)a,
			      *(struct agg_figure *const *)b);
}

/* 1 when v[0..n) is in canonical order already. */
static int pending_sorted(struct agg_figure **v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (agg_figure_cmp(v[i - 1], v[i]) > 0)
			return 0;
	return 1;
}

/*
 * Sorts v[0..n) in canonical order, stably, as the merge sort of qsort()
 * does: publication day is the first key, so a stable counting sort on
 * the day (the window holds a few weeks) and then a sort of each day's
 * figures, most often in order already, give the same order.
 */
static void sort_pending(struct agg_figure **v, size_t n)
{
	struct agg_figure **tmp;
	size_t *count, span;
	int lo, hi;

	if (n < 2)
		return;
	lo = hi = v[0]->day;
	for (size_t i = 1; i < n; i++) {
		lo = v[i]->day < lo ? v[i]->day : lo;
		hi = v[i]->day > hi ? v[i]->day : hi;
	}
	span = (size_t)((int64_t)hi - lo) + 1;
	if (span > 4 * n + 1024) {	/* days far apart: just sort */
		xqsort(v, n, sizeof(*v), cmp_pending);
		return;
	}
	count = xcalloc(span + 1, sizeof(*count));
	tmp = xmalloc(n * sizeof(*tmp));
	for (size_t i = 0; i < n; i++)
		count[v[i]->day - lo + 1]++;
	for (size_t d = 1; d <= span; d++)
		count[d] += count[d - 1];
	for (size_t i = 0; i < n; i++)
		tmp[count[v[i]->day - lo]++] = v[i];
	memcpy(v, tmp, n * sizeof(*v));
	free(tmp);
	for (size_t i = 0, j; i < n; i = j) {	/* each day's run */
		for (j = i + 1; j < n && v[j]->day == v[i]->day; j++)
			;
		if (!pending_sorted(v + i, j - i))
			xqsort(v + i, j - i, sizeof(*v), cmp_pending);
	}
	free(count);
}

/* A --sketch --partial run: f goes to the partial's figures, which are
 * written in canonical order to a temporary file as the window releases
 * them (or kept in memory, sorted at the end, when it comes late). */
static void keep_for_partial(struct agg_state *s, const struct agg_figure *f)
{
	int rc = -1;

	if (!s->figspill)
		s->figspill = agg_spill_new();
	if (s->figspill) {
		agg_figure_key(&s->keybuf, f);
		strbuf_reset(&s->jsonbuf);
		agg_partial_figure(f, &s->jsonbuf);
		rc = agg_spill_put(s->figspill, &s->keybuf, s->jsonbuf.buf,
				   s->jsonbuf.len);
	}
	if (rc < 0)
		agg_state_keep_figure(s, f);
}

/* Checks (or, for a partial, writes out) the pending figures published
 * before day, in canonical order; ties keep the order they came in. */
static void release(struct agg_state *s, int day)
{
	struct agg_window *w = s->win;
	struct agg_figure **out = xmalloc((w->n + 1) * sizeof(*out));
	size_t k = 0, j = 0;

	for (size_t i = 0; i < w->n; i++) {	/* stable partition */
		if (w->v[i]->day < day)
			out[k++] = w->v[i];
		else
			w->v[j++] = w->v[i];
	}
	w->n = j;
	sort_pending(out, k);
	for (size_t i = 0; i < k; i++) {
		if (s->partial_out)
			keep_for_partial(s, out[i]);
		else if (check_one(s, w->dd, out[i], out[i]))
			continue;	/* the check keeps it */
		free(out[i]);
	}
	free(out);
	w->released = day;
}

void agg_state_sizes(const struct agg_state *s, struct agg_sizes *z)
{
	memset(z, 0, sizeof(*z));
	z->figures = s->o.sketch ? s->nfigs : agg_x_held(s);
	z->dups = s->ndups;
	z->coverage = s->ncov;
	z->conversions = s->nconv;
	if (!s->o.sketch)
		return;
	z->groups = s->sets[0].n + s->sets[1].n;
	z->pending = s->win->n;
	agg_dupdet_sizes(s->win->dd, &z->dd_figures, &z->dd_keys);
}

void agg_sk_add(struct agg_state *s, const struct agg_figure *f)
{
	struct agg_window *w = s->win;

	apply(s, f, 1);
	if (s->partial_out && !agg_distinctive(f))
		return;		/* the merge's duplicate check skips it */
	if (w->any && f->day < w->released && s->partial_out) {
		agg_state_keep_figure(s, f);	/* merged in at the end */
		return;
	}
	if (w->any && f->day < w->released) {
		s->acct.late++;
		check_one(s, w->dd, f, NULL);
		return;
	}
	xgrow((void **)&w->v, &w->cap, w->n + 1, sizeof(*w->v));
	w->v[w->n++] = agg_figure_dup(f);
	if (!w->any || f->day > w->newest)
		w->newest = f->day;
	w->any = 1;
	/* release in steps of a week, so that sorting stays cheap */
	if (w->newest - s->o.late_days >= w->released + 7)
		release(s, w->newest - s->o.late_days);
}

void agg_sk_flush(struct agg_state *s)
{
	if (s->win && s->win->n)
		release(s, s->win->newest + 1);
}

/* Merged partials: the figures of every partial, checked in canonical
 * order (then by partial).  Those of sorted partials are read from their
 * files as the check goes, a figure a file at a time; those loaded into
 * s->figs (older partials) are sorted first. */
static int merged_duplicates(struct agg_state *s, struct diag *d)
{
	struct agg_dupdet *dd = agg_dupdet_new(0);
	size_t k = s->nsorted, mi = 0;
	struct agg_figstream **fs = xcalloc(k + 1, sizeof(*fs));
	const struct agg_figure **head = xcalloc(k + 1, sizeof(*head));
	uint32_t *order = NULL, *bul_rank = NULL;
	int rc = 0;

	if (s->nfigs)
		order = agg_canon_order(s, &bul_rank);
	for (size_t i = 0; i < k && rc == 0; i++)
		if ((rc = agg_figstream_open(&fs[i], s, &s->sorted[i], d)) == 0)
			rc = agg_figstream_next(fs[i], &head[i], d);
	while (rc == 0) {
		const struct agg_figure *best = mi < s->nfigs ?
						&s->figs[order[mi]] : NULL;
		size_t from = k;	/* k: s->figs */

		for (size_t i = 0; i < k; i++) {
			int c;

			if (!head[i])
				continue;
			c = best ? agg_figure_cmp(head[i], best) : -1;
			if (c < 0 || (c == 0 && head[i]->part < best->part)) {
				best = head[i];
				from = i;
			}
		}
		if (!best)
			break;
		check_one(s, dd, best, NULL);
		if (from == k)
			mi++;
		else
			rc = agg_figstream_next(fs[from], &head[from], d);
	}
	for (size_t i = 0; i < k; i++)
		agg_figstream_close(fs[i]);
	free(fs);
	free(head);
	free(order);
	free(bul_rank);
	agg_dupdet_free(dd);
	return rc;
}

/* ---- to the table -------------------------------------------------------- */

static void sgroup_stats(const struct agg_sgroup *g, struct agg_stats *st)
{
	const struct agg_moments *m = &g->mom;

	agg_stats_clear(st);
	st->approximate = 1;
	st->facts = g->facts;
	st->figures = m->n;
	st->bulletins = g->bulletins;
	st->sum = m->n ? m->sum : 0;
	st->sum_low = m->n ? g->sum_low : 0;
	st->sum_high = m->n ? g->sum_high : 0;
	memcpy(st->qual, g->qual, sizeof(st->qual));
	memcpy(st->hist, g->hist, sizeof(st->hist));
	st->hist_outside = g->hist_outside;
	if (m->n == 0)
		return;
	st->mean = m->mean;
	st->min = g->minmax_approx ? agg_sketch_min(&g->sk) : m->min;
	st->max = g->minmax_approx ? agg_sketch_max(&g->sk) : m->max;
	if (m->n >= 2)
		st->sd = sqrt(m->m2 / (double)(m->n - 1));
	st->median = agg_sketch_quantile(&g->sk, 0.5);
	st->p10 = agg_sketch_quantile(&g->sk, 0.1);
	st->p90 = agg_sketch_quantile(&g->sk, 0.9);
	st->mad = agg_sketch_mad(&g->sk, st->median);
}

static int cmp_sgroup(const void *a, const void *b)
{
	return agg_key_cmp(((const struct agg_sgroup *)a)->key,
			   ((const struct agg_sgroup *)b)->key);
}

static void to_groups(struct aggregate_table *t, struct agg_gset *gs,
		      struct agg_group **out, size_t *n)
{
	xqsort(gs->v, gs->n, sizeof(*gs->v), cmp_sgroup);
	*out = xcalloc(gs->n + 1, sizeof(**out));
	*n = gs->n;
	for (size_t i = 0; i < gs->n; i++) {
		struct agg_group *g = &(*out)[i];
		const char *const *k = gs->v[i].key;
		const char **dst[5] = { &g->month, &g->category, &g->unit,
					&g->source, &g->place };

		for (int j = 0; j < 5; j++)
			*dst[j] = k[j] ? arena_strdup(&t->strings, k[j]) : NULL;
		g->converted = gs->v[i].converted;
		sgroup_stats(&gs->v[i], &g->st);
	}
	agg_map_release(&gs->index);	/* the order changed */
}

int agg_sk_finish(struct agg_state *s, struct aggregate_table *t,
		  struct diag *d)
{
	struct agg_group *mg;
	size_t nmg;

	if (s->nparts && merged_duplicates(s, d) < 0)
		return -1;
	if (!s->nparts)
		agg_sk_flush(s);
	agg_finish_common(s, t);
	to_groups(t, &s->sets[0], &t->groups, &t->ngroups);
	to_groups(t, &s->sets[1], &mg, &nmg);
	agg_finish_series(t, mg, nmg);
	free(mg);
	return 0;
}

/* ---- merging groups of partials ------------------------------------------- */

/* a->hist += b->hist through gsl_histogram_add (which checks the edges). */
static int hist_merge(long *a, const long *b, struct diag *d)
{
	gsl_histogram *ha = gsl_histogram_alloc(AGG_HIST_BINS);
	gsl_histogram *hb = gsl_histogram_alloc(AGG_HIST_BINS);
	int rc = 0;

	if (!ha || !hb ||
	    gsl_histogram_set_ranges(ha, agg_hist_edges, AGG_HIST_BINS + 1) ||
	    gsl_histogram_set_ranges(hb, agg_hist_edges, AGG_HIST_BINS + 1)) {
		rc = diag_set(d, NULL, 0, 0, NULL, "gsl_histogram failed");
		goto out;
	}
	for (int i = 0; i < AGG_HIST_BINS; i++) {
		gsl_histogram_accumulate(ha, (agg_hist_edges[i] + agg_hist_edges[i + 1]) / 2,
					 (double)a[i]);
		gsl_histogram_accumulate(hb, (agg_hist_edges[i] + agg_hist_edges[i + 1]) / 2,
					 (double)b[i]);
	}
	if (gsl_histogram_add(ha, hb) != GSL_SUCCESS) {
		rc = diag_set(d, NULL, 0, 0, NULL, "histograms of partials "
			      "have different bins");
		goto out;
	}
	for (int i = 0; i < AGG_HIST_BINS; i++)
		a[i] = lround(gsl_histogram_get(ha, (size_t)i));
out:
	gsl_histogram_free(ha);
	gsl_histogram_free(hb);
	return rc;
}

int agg_sk_merge_group(struct agg_state *s, int set, const struct agg_sgroup *b,
		       struct diag *d)
{
	const char *key[5];
	struct agg_sgroup *a;

	memcpy(key, b->key, sizeof(key));
	a = agg_sk_group(&s->sets[set], s, key, b->converted);
	agg_moments_merge(&a->mom, &b->mom);
	a->sum_low += b->sum_low;
	a->sum_high += b->sum_high;
	a->facts += b->facts;
	a->bulletins += b->bulletins;
	for (int i = 0; i < AGG_QUAL__COUNT; i++)
		a->qual[i] += b->qual[i];
	a->hist_outside += b->hist_outside;
	a->minmax_approx |= b->minmax_approx;
	agg_sketch_merge(&a->sk, &b->sk);
	return hist_merge(a->hist, b->hist, d);
}
