/*
 * aggregate_duplist.c - reading the list of probable duplicates of a
 * table, wherever it is held, and counting it by month.
 *
 * A run that spills its duplicates (tally aggregate, merge and run do),
 * or a table loaded from a file, keeps the list in a temporary file in
 * the list's order (published, bulletin, category, unit), with what came
 * out of that order in the table's array; aggregate_table_duplicates()
 * merges the two, as the JSON writer does, and gives one duplicate at a
 * time.  As the order starts with the date of the figure, a month's
 * duplicates are contiguous: the reader skips the months before by their
 * keys alone and stops after the last month asked for.  The counts by
 * month (t->dup_months) answer chart footers and briefings without
 * reading the list at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

void agg_duplicate_keep(struct agg_duplicate *u, struct arena *a)
{
	const char **s[] = {
		&u->category, &u->unit, &u->place,
		&u->kept.bulletin_id, &u->kept.source, &u->kept.published,
		&u->kept.text,
		&u->dup.bulletin_id, &u->dup.source, &u->dup.published,
		&u->dup.text,
	};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		if (*s[i])
			*s[i] = arena_strdup(a, *s[i]);
}

void agg_dupcount_add(struct agg_dupcount **v, size_t *n, size_t *cap,
		      const struct agg_duplicate *u)
{
	struct agg_dupcount *c = NULL;

	/* they come in nearly month order: the newest month first */
	for (size_t i = *n; i > 0 && !c; i--)
		if (!strncmp((*v)[i - 1].month, u->dup.published, 7))
			c = &(*v)[i - 1];
	if (!c) {
		xgrow((void **)v, cap, *n + 1, sizeof(**v));
		c = &(*v)[(*n)++];
		memset(c, 0, sizeof(*c));
		snprintf(c->month, sizeof(c->month), "%.7s", u->dup.published);
	}
	c->n.listed++;
	c->n.excluded += u->excluded != 0;
}

struct agg_dup_month *agg_dup_months(const struct aggregate_table *t,
				     const struct agg_dupcount *c, size_t n)
{
	struct agg_dup_month *m = xcalloc(t->nmonths + 1, sizeof(*m));

	for (size_t i = 0; i < n; i++) {
		long k = agg_month_index(t, c[i].month);

		if (k < 0) {
			free(m);
			return NULL;
		}
		m[k].listed += c[i].n.listed;
		m[k].excluded += c[i].n.excluded;
	}
	return m;
}

long aggregate_table_dups_excluded(const struct aggregate_table *t,
				   size_t first, size_t last)
{
	long n = 0;

	for (size_t i = first; t->dup_months && i <= last && i < t->nmonths; i++)
		n += t->dup_months[i].excluded;
	return n;
}

/* -1, 0 or 1 as the month of published (YYYY-MM-DD) lies before, in or
 * after from..to. */
static int month_vs(const char *published, const char *from, const char *to)
{
	if (from && strncmp(published, from, 7) < 0)
		return -1;
	if (to && strncmp(published, to, 7) > 0)
		return 1;
	return 0;
}

/* The next spilled duplicate in from..to (its JSON), NULL after the
 * last; the key starts with the figure's publication date. */
static const char *spill_next_in(struct agg_spill *sp, const char *from,
				 const char *to, size_t *len)
{
	const char *js;

	while ((js = agg_spill_next(sp, len)) != NULL) {
		size_t klen;
		const char *key = agg_spill_key(sp, &klen);
		int r = month_vs(key, from, to);

		if (r > 0)
			return NULL;
		if (r == 0)
			return js;
	}
	return NULL;
}

int aggregate_table_duplicates(const struct aggregate_table *t,
			       const char *from, const char *to,
			       int (*fn)(const struct agg_duplicate *u, void *ctx),
			       void *ctx)
{
	struct aggregate_table scratch;
	struct strbuf key = STRBUF_INIT;
	const char *js = NULL;
	size_t len = 0, i = 0;
	int r = 0;

	memset(&scratch, 0, sizeof(scratch));
	while (i < t->nduplicates &&
	       month_vs(t->duplicates[i].dup.published, from, to) < 0)
		i++;
	if (t->spill) {
		agg_spill_rewind(t->spill);
		js = spill_next_in(t->spill, from, to, &len);
	}
	while (!r) {
		const struct agg_duplicate *a = i < t->nduplicates &&
			!month_vs(t->duplicates[i].dup.published, from, to) ?
			&t->duplicates[i] : NULL;
		struct agg_duplicate u;

		if (!js && !a)
			break;
		if (a && js)	/* on equal keys the spilled first */
			agg_dup_key(&key, a);
		if (a && (!js || agg_spill_cmp(t->spill, &key) > 0)) {
			r = fn(a, ctx);
			i++;
			continue;
		}
		if (agg_duplicate_from_json(js, len, &scratch, &u) < 0) {
			fputs("tally: a temporary file of duplicates is "
			      "damaged\n", stderr);
			exit(3);
		}
		r = fn(&u, ctx);
		arena_release(&scratch.strings);
		js = spill_next_in(t->spill, from, to, &len);
	}
	strbuf_release(&key);
	return r;
}

int aggregate_table_duplicate_keys(const struct aggregate_table *t,
				   const char *from, const char *to,
				   int (*fn)(const char *published,
					     const char *bulletin_id,
					     const char *category,
					     const char *unit, void *ctx),
				   void *ctx)
{
	const char *key, *f[4];
	size_t len;
	int r = 0;

	for (size_t i = 0; i < t->nduplicates && !r; i++) {
		const struct agg_duplicate *u = &t->duplicates[i];

		if (!month_vs(u->dup.published, from, to))
			r = fn(u->dup.published, u->dup.bulletin_id, u->category,
			       u->unit, ctx);
	}
	if (!t->spill)
		return r;
	agg_spill_rewind(t->spill);
	while (!r && spill_next_in(t->spill, from, to, &len)) {
		/* agg_dup_key(): four strings, each with its NUL */
		const char *p, *end;
		int k;

		key = agg_spill_key(t->spill, &len);
		end = key + len;
		for (k = 0, p = key; k < 4 && p < end; k++) {
			f[k] = p;
			p += strnlen(p, (size_t)(end - p)) + 1;
		}
		if (k < 4 || p > end) {
			fputs("tally: a temporary file of duplicates is "
			      "damaged\n", stderr);
			exit(3);
		}
		r = fn(f[0], f[1], f[2], f[3], ctx);
	}
	return r;
}
