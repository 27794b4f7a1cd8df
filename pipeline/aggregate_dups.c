/*
 * aggregate_dups.c - probable duplicates: the same event reported by two
 * bulletins.  A figure is a probable duplicate of a figure kept before it
 * (in canonical order: published, bulletin, category, unit) when both
 * have the same category, unit and place, come from different sources,
 * differ by at most 1 % of the larger value and were published at most
 * 14 days apart.  Of several such figures the closest in value wins.
 * Only distinctive figures take part: one that names a place, or one of
 * at least DUP_MIN_VALUE in its unit.  Small figures with no place ("32
 * countries", "twelve arrests", "2 %") recur across unrelated bulletins
 * far too often to say that two reports are one event.
 *
 * Kept figures are filed under (category, unit, place, value bucket),
 * buckets being 2 % wide in log(value), so a match lies in the figure's
 * bucket or a neighbour; they are forgotten once the newest figure fed
 * is more than 14 days younger, so memory follows the figures of the
 * last two weeks, not the whole run.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

#define DUP_DAYS 14
#define DUP_REL 0.01
#define DUP_MIN_VALUE 100

/* A kept figure as its bucket lists it, with what the first tests read,
 * so that most are passed over without reading the figure. */
struct dd_item {
	struct agg_figure *f;	/* agg_figure_dup(), or borrowed */
	double value;		/* f->orig_value */
	int day;		/* f->day */
};

/* A slot of the table: a bucket key and its figures (one cache line
 * holds the key and the bucket's array pointer together). */
struct dd_slot {
	uint64_t key;		/* 0: empty */
	struct dd_item *v;
	uint32_t n, cap;
};

/* A kept figure in feed order: what eviction reads, in a row. */
struct dd_fifo {
	struct agg_figure *f;
	uint64_t key;		/* its bucket */
	int day;
};

struct agg_dupdet {
	struct dd_slot *slots;	/* open addressing */
	size_t nkeys, cap;
	struct dd_fifo *fifo;	/* kept figures in feed order */
	size_t head, tail, fcap;
	int newest;
	int borrow;		/* figures outlive dd: keep pointers */
	int strings;		/* their strings but text outlive dd */
};

struct agg_dupdet *agg_dupdet_new(int borrow)
{
	struct agg_dupdet *dd = xcalloc(1, sizeof(*dd));

	dd->borrow = borrow == 1;
	dd->strings = borrow == AGG_DD_STRINGS;
	return dd;
}

static void figure_free(struct agg_dupdet *dd, struct agg_figure *f)
{
	if (!dd->borrow)
		free(f);
}

void agg_dupdet_free(struct agg_dupdet *dd)
{
	if (!dd)
		return;
	for (size_t i = dd->head; i < dd->tail; i++)
		figure_free(dd, dd->fifo[i].f);
	for (size_t i = 0; i < dd->cap; i++)
		free(dd->slots[i].v);
	free(dd->slots);
	free(dd->fifo);
	free(dd);
}

static int64_t value_bucket(double v)
{
	if (v == 0)
		return INT64_MIN;
	return (v < 0 ? -1 : 1) * (int64_t)(floor(log(fabs(v)) / log(1.02)) +
					    100000);
}

/* The hash of (category, unit, place). */
static uint64_t base_key(const struct agg_figure *f)
{
	uint64_t h = agg_hash(f->category, strlen(f->category));

	h = (h ^ agg_hash(f->orig_unit, strlen(f->orig_unit))) * 0x9e3779b97f4a7c15ULL;
	return (h ^ agg_hash(f->place, strlen(f->place))) * 0x9e3779b97f4a7c15ULL;
}

/* The base key h mixed with the value bucket b. */
static uint64_t bucket_key(uint64_t h, int64_t b)
{
	h ^= (uint64_t)b * 0xc2b2ae3d27d4eb4fULL;
	h ^= h >> 31;
	return h ? h : 1;
}

static void grow_table(struct agg_dupdet *dd);

static struct dd_slot *slot_of(struct agg_dupdet *dd, uint64_t key, int make)
{
	size_t i;

	if (make && (dd->nkeys + 1) * 2 > dd->cap)
		grow_table(dd);
	if (!dd->cap)
		return NULL;
	for (i = key & (dd->cap - 1); dd->slots[i].key; i = (i + 1) & (dd->cap - 1))
		if (dd->slots[i].key == key)
			return &dd->slots[i];
	if (!make)
		return NULL;
	dd->slots[i].key = key;
	dd->nkeys++;
	return &dd->slots[i];
}

/* Rebuilds the table when it is full: keys whose figures were all
 * forgotten are dropped then, so the table follows the figures of the
 * window, not every key ever seen. */
static void grow_table(struct agg_dupdet *dd)
{
	struct dd_slot *old = dd->slots;
	size_t ocap = dd->cap, live = 0;

	for (size_t i = 0; i < ocap; i++)
		live += old[i].key && old[i].n;
	dd->cap = 1024;
	while (dd->cap < 4 * (live + 1))
		dd->cap *= 2;
	dd->slots = xcalloc(dd->cap, sizeof(*dd->slots));
	dd->nkeys = 0;
	for (size_t i = 0; i < ocap; i++) {
		struct dd_slot *to;

		if (!old[i].key)
			continue;
		if (!old[i].n) {
			free(old[i].v);
			continue;
		}
		to = slot_of(dd, old[i].key, 1);
		to->v = old[i].v;
		to->n = old[i].n;
		to->cap = old[i].cap;
	}
	free(old);
}

/* Cheap numeric tests first: most entries of a bucket fail on them. */
static int matches(const struct agg_figure *a, const struct agg_figure *b)
{
	return abs(a->day - b->day) <= DUP_DAYS &&
	       fabs(a->orig_value - b->orig_value) <=
		       DUP_REL * fmax(fabs(a->orig_value), fabs(b->orig_value)) &&
	       strcmp(a->source, b->source) &&
	       !strcmp(a->category, b->category) &&
	       !strcmp(a->orig_unit, b->orig_unit) &&
	       !strcmp(a->place, b->place);
}

static double rel_diff(const struct agg_figure *a, const struct agg_figure *b)
{
	double big = fmax(fabs(a->orig_value), fabs(b->orig_value));

	return big ? fabs(a->orig_value - b->orig_value) / big : 0;
}

static const struct agg_figure *best_match(struct agg_dupdet *dd,
					   const struct agg_figure *f,
					   uint64_t h, int64_t b)
{
	const struct agg_figure *best = NULL;

	for (int k = -1; k <= 1; k++) {
		struct dd_slot *v;

		if (b == INT64_MIN && k)
			continue;
		v = slot_of(dd, bucket_key(h, b + k), 0);
		for (size_t i = 0; v && i < v->n; i++) {
			const struct agg_figure *e = v->v[i].f;

			if (abs(v->v[i].day - f->day) > DUP_DAYS ||
			    !(fabs(v->v[i].value - f->orig_value) <=
			      DUP_REL * fmax(fabs(v->v[i].value),
					     fabs(f->orig_value))) ||
			    !matches(e, f))
				continue;
			if (!best || rel_diff(e, f) < rel_diff(best, f) ||
			    (rel_diff(e, f) == rel_diff(best, f) &&
			     agg_figure_cmp(e, best) < 0))
				best = e;
		}
	}
	return best;
}

struct agg_figure *agg_figure_dup(const struct agg_figure *f)
{
	const char *src[7] = { f->bulletin_id, f->source, f->published,
			       f->category, f->place, f->text, f->orig_unit };
	size_t len[7], total = sizeof(*f);
	struct agg_figure *g;
	const char **dst[7];
	char *p;

	for (int i = 0; i < 7; i++)
		total += (len[i] = strlen(src[i]) + 1);
	g = xmalloc(total);
	*g = *f;
	dst[0] = &g->bulletin_id; dst[1] = &g->source; dst[2] = &g->published;
	dst[3] = &g->category; dst[4] = &g->place; dst[5] = &g->text;
	dst[6] = &g->orig_unit;
	p = (char *)(g + 1);
	for (int i = 0; i < 7; i++) {
		memcpy(p, src[i], len[i]);
		*dst[i] = p;
		p += len[i];
	}
	if (f->unit == f->orig_unit || !strcmp(f->unit, f->orig_unit))
		g->unit = g->orig_unit;	/* else a reporting currency: static */
	return g;
}

/* Drops the kept figure at the head of the FIFO from its bucket. */
static void forget(struct agg_dupdet *dd, const struct dd_fifo *q)
{
	struct dd_slot *v = slot_of(dd, q->key, 0);

	for (size_t i = 0; v && i < v->n; i++)
		if (v->v[i].f == q->f) {
			v->v[i] = v->v[--v->n];
			break;
		}
	figure_free(dd, q->f);
}

static void evict(struct agg_dupdet *dd)
{
	while (dd->head < dd->tail &&
	       dd->fifo[dd->head].day < dd->newest - DUP_DAYS)
		forget(dd, &dd->fifo[dd->head++]);
	if (dd->head > 4096 && dd->head * 2 > dd->tail) {
		memmove(dd->fifo, dd->fifo + dd->head,
			(dd->tail - dd->head) * sizeof(*dd->fifo));
		dd->tail -= dd->head;
		dd->head = 0;
	}
}

/* Files g, the check's own copy of a figure (or, borrowing, the figure). */
static void remember(struct agg_dupdet *dd, struct agg_figure *g,
		     uint64_t h, int64_t b)
{
	uint64_t key = bucket_key(h, b);
	struct dd_slot *v = slot_of(dd, key, 1);

	if (v->n == v->cap) {
		size_t cap = v->cap;

		xgrow((void **)&v->v, &cap, (size_t)v->n + 1, sizeof(*v->v));
		v->cap = (uint32_t)cap;
	}
	v->v[v->n++] = (struct dd_item){ g, g->orig_value, g->day };
	xgrow((void **)&dd->fifo, &dd->fcap, dd->tail + 1, sizeof(*dd->fifo));
	dd->fifo[dd->tail++] = (struct dd_fifo){ g, key, g->day };
}

int agg_distinctive(const struct agg_figure *f)
{
	return f->place[0] || fabs(f->orig_value) >= DUP_MIN_VALUE;
}

void agg_dupdet_sizes(const struct agg_dupdet *dd, size_t *figures,
		      size_t *keys)
{
	*figures = dd->tail - dd->head;
	*keys = dd->nkeys;
}

/* A copy of f that owns only its text (one block: free() it). */
static struct agg_figure *dup_text(const struct agg_figure *f)
{
	size_t len = strlen(f->text) + 1;
	struct agg_figure *g = xmalloc(sizeof(*g) + len);

	*g = *f;
	memcpy(g + 1, f->text, len);
	g->text = (const char *)(g + 1);
	return g;
}

/* The check of f; when f is kept, own (f itself, a block that free()
 * releases) is kept as it is, else a copy of f; *kept: own was kept. */
static const struct agg_figure *check(struct agg_dupdet *dd,
				      const struct agg_figure *f,
				      struct agg_figure *own, int *kept)
{
	const struct agg_figure *m;
	uint64_t h;
	int64_t b;

	*kept = 0;
	if (f->day > dd->newest)
		dd->newest = f->day;
	evict(dd);
	if (!agg_distinctive(f))
		return NULL;
	h = base_key(f);
	b = value_bucket(f->orig_value);
	m = best_match(dd, f, h, b);
	if (m)
		return m;
	if (dd->borrow)
		remember(dd, (struct agg_figure *)f, h, b);
	else if (own)
		remember(dd, own, h, b), *kept = 1;
	else
		remember(dd, dd->strings ? dup_text(f) : agg_figure_dup(f), h, b);
	return NULL;
}

const struct agg_figure *agg_dupdet_check(struct agg_dupdet *dd,
					  const struct agg_figure *f)
{
	int kept;

	return check(dd, f, NULL, &kept);
}

const struct agg_figure *agg_dupdet_check_own(struct agg_dupdet *dd,
					      struct agg_figure *f, int *kept)
{
	return check(dd, f, f, kept);
}
