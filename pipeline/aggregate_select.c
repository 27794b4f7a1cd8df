/*
 * aggregate_select.c - the scope rule: one figure per bulletin per
 * (category, unit), so that nothing is counted twice.
 *
 *  1. context facts never enter a sum;
 *  2. when the bulletin gives totals, the largest total is the figure and
 *     the parts are left out (they add up into it); an at_least total
 *     below an at_most largest total makes a range with it;
 *  3. without a total, the distinct parts are summed (a part repeated
 *     with the same value, place and item counts once);
 *  4. a figure stated twice (same value) counts once.
 */
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

static const char *const qual_names[AGG_QUAL__COUNT] = {
	"exact", "at_least", "at_most", "approx", "range", "mixed"
};
static const char *const excl_names[AGG_EXCL__COUNT] = {
	"context", "part_with_total", "repeated", "smaller_total",
	"duplicate_report"
};

const char *agg_qual_name(enum agg_qual q) { return qual_names[q]; }
const char *agg_excl_name(enum agg_excl e) { return excl_names[e]; }

void agg_bounds(double v, enum agg_qual q, double *low, double *high)
{
	double m = AGG_QUAL_MARGIN * (v < 0 ? -v : v);

	*low = *high = v;
	if (q == AGG_QUAL_AT_LEAST || q == AGG_QUAL_APPROX)
		*high = v + m;
	if (q == AGG_QUAL_AT_MOST || q == AGG_QUAL_APPROX)
		*low = v - m;
}

static enum agg_qual qual_of(enum qualifier q)
{
	switch (q) {
	case QUAL_AT_LEAST: return AGG_QUAL_AT_LEAST;
	case QUAL_AT_MOST: return AGG_QUAL_AT_MOST;
	case QUAL_APPROX: return AGG_QUAL_APPROX;
	default: return AGG_QUAL_EXACT;
	}
}

/* Appends s to the pick's text, joined by sep, cut with "..." when full. */
static void add_text(struct agg_pick *p, const char *sep, const char *s)
{
	size_t len = strlen(p->text), room = sizeof(p->text) - 4;

	if (len && len + strlen(sep) + strlen(s) > room) {
		if (strcmp(p->text + len - 3, "..."))
			strcat(p->text, "...");
		return;
	}
	if (len)
		strcat(p->text, sep);
	strncat(p->text, s, room - strlen(p->text));
}

static void pick_one(struct agg_pick *p, const struct fact *f)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->value = f->value;
	p->qual = qual_of(f->qualifier);
	agg_bounds(p->value, p->qual, &p->low, &p->high);
	p->nfacts = 1;
	p->place = f->place;
	add_text(p, "", f->text);
}

/* Totals: the largest, with an at_least partner below an at_most top. */
static void pick_totals(const struct fact *const *c, size_t n,
			struct agg_pick *p, long *excl)
{
	const struct fact *top = NULL, *low = NULL;

	for (size_t i = 0; i < n; i++)
		if (c[i]->scope == SCOPE_TOTAL && (!top || c[i]->value > top->value))
			top = c[i];
	if (top->qualifier == QUAL_AT_MOST)
		for (size_t i = 0; i < n; i++)
			if (c[i]->scope == SCOPE_TOTAL &&
			    c[i]->qualifier == QUAL_AT_LEAST &&
			    c[i]->value < top->value &&
			    (!low || c[i]->value > low->value))
				low = c[i];
	pick_one(p, top);
	if (low) {
		p->qual = AGG_QUAL_RANGE;
		p->low = low->value;
		p->high = top->value;
		p->value = (low->value + top->value) / 2;
		p->nfacts = 2;
		p->text[0] = '\0';
		add_text(p, "", low->text);
		add_text(p, " / ", top->text);
	}
	for (size_t i = 0; i < n; i++) {
		if (c[i] == top || c[i] == low)
			continue;
		if (c[i]->scope == SCOPE_PART)
			excl[AGG_EXCL_PART]++;
		else if (c[i]->value == top->value ||
			 (low && c[i]->value == low->value))
			excl[AGG_EXCL_REPEATED]++;
		else
			excl[AGG_EXCL_SMALLER_TOTAL]++;
	}
}

static int same_part(const struct fact *a, const struct fact *b)
{
	return a->value == b->value && !strcmp(a->place, b->place) &&
	       !strcmp(a->item, b->item);
}

/* No total: the distinct parts, summed. */
static void pick_parts(const struct fact *const *c, size_t n,
		       struct agg_pick *p, long *excl)
{
	int first = 1;

	for (size_t i = 0; i < n; i++) {
		double lo, hi;
		int repeat = 0;

		for (size_t j = 0; j < i && !repeat; j++)
			repeat = same_part(c[i], c[j]);
		if (repeat) {
			excl[AGG_EXCL_REPEATED]++;
			continue;
		}
		if (first) {
			pick_one(p, c[i]);
			first = 0;
			continue;
		}
		agg_bounds(c[i]->value, qual_of(c[i]->qualifier), &lo, &hi);
		p->value += c[i]->value;
		p->low += lo;
		p->high += hi;
		p->nfacts++;
		if (p->qual != qual_of(c[i]->qualifier))
			p->qual = AGG_QUAL_MIXED;
		if (strcmp(p->place, c[i]->place))
			p->place = "";
		add_text(p, " + ", c[i]->text);
	}
}

/* One (category, unit) cluster c[0..n): returns 1 when it gives a pick. */
static int pick_cluster(const struct fact **c, size_t n, struct agg_pick *p,
			long *excl)
{
	size_t kept = 0;
	int total = 0;

	for (size_t i = 0; i < n; i++) {
		if (c[i]->scope == SCOPE_CONTEXT) {
			excl[AGG_EXCL_CONTEXT]++;
			continue;
		}
		total |= c[i]->scope == SCOPE_TOTAL;
		c[kept++] = c[i];
	}
	if (!kept)
		return 0;
	if (total)
		pick_totals(c, kept, p, excl);
	else
		pick_parts(c, kept, p, excl);
	return 1;
}

static int cmp_cluster(const void *a, const void *b)
{
	const struct fact *x = *(const struct fact *const *)a;
	const struct fact *y = *(const struct fact *const *)b;
	int c = strcmp(x->category, y->category);

	if (!c)
		c = strcmp(x->unit, y->unit);
	return c ? c : (x < y ? -1 : x > y);	/* then input order */
}

size_t agg_select(const struct fact *facts, size_t n, struct agg_pick *out,
		  long excluded[AGG_EXCL__COUNT])
{
	const struct fact **c = xmalloc((n ? n : 1) * sizeof(*c));
	size_t np = 0, i = 0;

	for (size_t k = 0; k < n; k++)
		c[k] = &facts[k];
	if (n <= 16) {	/* a bulletin's few facts: an insertion sort */
		for (size_t k = 1; k < n; k++) {
			const struct fact *x = c[k];
			size_t j = k;

			for (; j > 0 && cmp_cluster(&c[j - 1], &x) > 0; j--)
				c[j] = c[j - 1];
			c[j] = x;
		}
	} else {
		xqsort(c, n, sizeof(*c), cmp_cluster);	/* a total order */
	}
	while (i < n) {
		size_t j = i + 1;

		while (j < n && !strcmp(c[j]->category, c[i]->category) &&
		       !strcmp(c[j]->unit, c[i]->unit))
			j++;
		np += (size_t)pick_cluster(c + i, j - i, &out[np], excluded);
		i = j;
	}
	free(c);
	return np;
}
