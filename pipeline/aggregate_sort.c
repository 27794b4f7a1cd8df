/*
 * aggregate_sort.c - the orders that make the output: the canonical
 * order of figures (published, bulletin, category, unit, partial) and the
 * order within groups (group key, value, canonical), computed on integer
 * ranks with stable radix sorts instead of string comparisons.
 *
 * Every string a figure is sorted on is interned in the state's string
 * table (agg_state_keep_figure() records the ids), so two figures have
 * equal strings when they have equal ids, and ranking the few distinct
 * strings of a key by strcmp() gives each id its rank in strcmp()
 * order.  A sort on the ranks is then the sort on the strings, and since
 * every sort here is stable, ties keep the order they had, as the stable
 * merge sort of qsort() kept them before.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

/* ---- radix sort --------------------------------------------------------- */

struct kv {
	uint64_t key;
	uint32_t val;
};

void agg_radix_sort(uint32_t *idx, size_t n, const uint64_t *key)
{
	struct kv *a, *b;
	size_t (*count)[256];
	uint64_t diff = 0;

	if (n < 2)
		return;
	a = xmalloc(n * sizeof(*a));
	b = xmalloc(n * sizeof(*b));
	count = xcalloc(8, sizeof(*count));
	for (size_t i = 0; i < n; i++) {
		a[i].key = key[idx[i]];
		a[i].val = idx[i];
		diff |= a[i].key ^ a[0].key;
		for (int p = 0; p < 8; p++)
			count[p][(a[i].key >> (8 * p)) & 255]++;
	}
	for (int p = 0; p < 8; p++) {
		size_t sum = 0;

		if (!((diff >> (8 * p)) & 255))
			continue;	/* every key has the same byte here */
		for (int c = 0; c < 256; c++) {
			size_t k = count[p][c];

			count[p][c] = sum;
			sum += k;
		}
		for (size_t i = 0; i < n; i++)
			b[count[p][(a[i].key >> (8 * p)) & 255]++] = a[i];
		{
			struct kv *t = a;

			a = b;
			b = t;
		}
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = a[i].val;
	free(a);
	free(b);
	free(count);
}

static int bits_for(uint64_t max)
{
	int b = 0;

	while (b < 64 && (max >> b))
		b++;
	return b;
}

/* The value of component c for figure f. */
static uint64_t comp_value(const struct agg_comp *c, const struct agg_figure *f)
{
	int v;

	memcpy(&v, (const char *)f + c->off, sizeof(v));
	return c->rank ? c->rank[v] : (uint64_t)((int64_t)v - c->base);
}

int agg_sort_components(const struct agg_figure *figs, uint32_t *idx,
			size_t n, const struct agg_comp *c, int k, uint64_t *key)
{
	int last = k, w[8], passes = 0;

	for (int j = 0; j < k && j < 8; j++)
		w[j] = bits_for(c[j].max);
	/* Least significant first: pack the components that fit in 64 bits
	 * into one key, sort on it, go on with the more significant ones. */
	while (last > 0) {
		int first = last, bits = 0;

		while (first > 0 && bits + w[first - 1] <= 64)
			bits += w[--first];
		for (size_t i = 0; i < n; i++) {	/* in memory order */
			const struct agg_figure *f = &figs[i];
			uint64_t v = 0;

			for (int j = first; j < last; j++)
				v = w[j] == 64 ? comp_value(&c[j], f) :
				    (v << w[j]) | comp_value(&c[j], f);
			key[i] = v;
		}
		agg_radix_sort(idx, n, key);
		last = first;
		passes++;
	}
	return passes;
}

/* ---- ranks -------------------------------------------------------------- */

struct sid {
	const char *s;
	uint32_t id;
};

static int cmp_sid(const void *a, const void *b)
{
	return strcmp(((const struct sid *)a)->s, ((const struct sid *)b)->s);
}

/* Ranks the n strings: rank[v[i].id] from 0 in strcmp() order, equal
 * strings equal ranks; returns the highest rank. */
static uint32_t rank_ids(struct sid *v, size_t n, uint32_t *rank)
{
	uint32_t r = 0;
	size_t i;

	for (i = 1; i < n && strcmp(v[i - 1].s, v[i].s) <= 0; i++)
		;
	if (i < n)	/* not in order already (ids often are) */
		qsort(v, n, sizeof(*v), cmp_sid);
	for (i = 0; i < n; i++) {
		if (i && strcmp(v[i - 1].s, v[i].s))
			r++;
		rank[v[i].id] = r;
	}
	return r;
}

uint32_t *agg_strtab_ranks(const struct agg_strtab *t, unsigned key,
			   uint32_t *max)
{
	uint32_t *rank = xcalloc(t->n + 1, sizeof(*rank));
	struct sid *ids = xmalloc((t->n + 1) * sizeof(*ids));
	size_t k = 0;

	for (size_t id = 0; id < t->n; id++)
		if (t->used[id] & key)
			ids[k++] = (struct sid){ t->v[id], (uint32_t)id };
	*max = rank_ids(ids, k, rank);
	free(ids);
	return rank;
}

/* ---- the canonical order ------------------------------------------------ */

/* The rank of the bulletin id of each bseq in strcmp() order. */
static uint32_t *bulletin_ranks(const struct agg_state *s, uint32_t *max)
{
	size_t nb = s->nfigs ? (size_t)s->figs[s->nfigs - 1].bseq + 1 : 0;
	struct sid *ids = xmalloc((nb + 1) * sizeof(*ids));
	uint32_t *rank = xcalloc(nb + 1, sizeof(*rank));

	for (size_t i = 0; i < s->nfigs; i++)
		ids[s->figs[i].bseq] = (struct sid){ s->figs[i].bulletin_id,
						     (uint32_t)s->figs[i].bseq };
	*max = rank_ids(ids, nb, rank);
	free(ids);
	return rank;
}

uint32_t *agg_canon_order(struct agg_state *s, uint32_t **bul_rank)
{
	size_t n = s->nfigs;
	uint32_t *idx = xmalloc((n + 1) * sizeof(*idx));
	uint64_t *key = xmalloc((n + 1) * sizeof(*key));
	uint32_t bmax, cmax, umax, *crank, *urank;
	int dmin = 0, dmax = 0, pmax = 0;
	struct agg_comp c[5];

	for (size_t i = 0; i < n; i++) {
		const struct agg_figure *f = &s->figs[i];

		idx[i] = (uint32_t)i;
		if (!i || f->day < dmin)
			dmin = f->day;
		if (!i || f->day > dmax)
			dmax = f->day;
		if (f->part > pmax)
			pmax = f->part;
	}
	*bul_rank = bulletin_ranks(s, &bmax);
	crank = agg_strtab_ranks(&s->strs, AGG_BY_CATEGORY, &cmax);
	urank = agg_strtab_ranks(&s->strs, AGG_KEY_OUNIT, &umax);
	c[0] = (struct agg_comp){ NULL, offsetof(struct agg_figure, day), dmin,
				  (uint64_t)((int64_t)dmax - dmin) };
	c[1] = (struct agg_comp){ *bul_rank, offsetof(struct agg_figure, bseq),
				  0, bmax };
	c[2] = (struct agg_comp){ crank, offsetof(struct agg_figure, cat_id), 0,
				  cmax };
	c[3] = (struct agg_comp){ urank, offsetof(struct agg_figure, ounit_id),
				  0, umax };
	c[4] = (struct agg_comp){ NULL, offsetof(struct agg_figure, part), 0,
				  (uint64_t)pmax };
	agg_sort_components(s->figs, idx, n, c, 5, key);
	free(crank);
	free(urank);
	free(key);
	return idx;
}

uint64_t agg_value_key(double v)
{
	uint64_t u;

	if (v == 0)
		v = 0;		/* -0 sorts with 0, as == says */
	memcpy(&u, &v, sizeof(u));
	return u >> 63 ? ~u : u | (1ULL << 63);
}
