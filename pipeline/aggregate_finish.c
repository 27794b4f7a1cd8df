/*
 * aggregate_finish.c - from the state of a run (or of merged partials)
 * to the table, what both modes share: duplicates noted, monthly series,
 * coverage, conversions and the account (exact mode's groups:
 * aggregate_exact.c).
 */
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
	free(t->dup_months);
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
	agg_dupcount_add(&s->dupcount, &s->ndupcount, &s->capdupcount, &u);
	if (s->dups_discard)
		return;
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
	agg_duplicate_keep(&u, &s->strings);
	xgrow((void **)&s->dups, &s->capdups, s->ndups + 1, sizeof(*s->dups));
	s->dups[s->ndups++] = u;
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

		agg_duplicate_keep(&u, &t->strings);
		t->duplicates[t->nduplicates++] = u;
	}
	xqsort(t->duplicates, t->nduplicates, sizeof(*t->duplicates), cmp_dup);
	t->dup_months = agg_dup_months(t, s->dupcount, s->ndupcount);
	t->spill = s->spill;
	s->spill = NULL;
}
