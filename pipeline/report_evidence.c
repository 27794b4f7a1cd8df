/*
 * report_evidence.c - what a briefing keeps of the facts themselves, as
 * they stream past: for each month, the ten largest figures that enter
 * the totals (with the strings they are shown with) and how many there
 * are, and the facts and bulletins per source.  Nothing else of a fact
 * outlives its bulletin, so memory does not follow the facts.
 *
 * Facts come in file order.  A run of facts with the same bulletin id
 * (one bulletin, as extract writes them) is held until the run ends, so
 * that left_out() sees the group the whole table showed it before; the
 * ranking is the old sort's (cmp_cand(), then input order for a full tie,
 * as glibc's stable qsort kept it).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_build.h"

/* ---- probable duplicates kept out ------------------------------------ */

static int cmp_xdup(const void *a, const void *b)
{
	const struct rb_xdup *x = a, *y = b;
	int r = strcmp(x->bulletin_id, y->bulletin_id);

	return r ? r : strcmp(x->category, y->category);
}

static int add_xdup(const char *published, const char *bulletin_id,
		    const char *category, const char *unit, void *ctx)
{
	struct report_data *rd = ctx;

	(void)published;
	(void)unit;
	xgrow((void **)&rd->xdup, &rd->capxdup, rd->nxdup + 1,
	      sizeof(*rd->xdup));
	rd->xdup[rd->nxdup].bulletin_id = arena_strdup(&rd->xstrings, bulletin_id);
	rd->xdup[rd->nxdup++].category = arena_strdup(&rd->xstrings, category);
	return 0;
}

/* Adds the duplicates of month (YYYY-MM...) kept out of the sums to the
 * index, the first time a fact of the month comes: a briefing reads the
 * facts of a few months, so only theirs are held. */
static void index_month(struct report_data *rd, const char *month)
{
	for (size_t i = rd->nxmonths; i > 0; i--)
		if (!strncmp(rd->xmonths[i - 1], month, 7))
			return;
	xgrow((void **)&rd->xmonths, &rd->capxmonths, rd->nxmonths + 1,
	      sizeof(*rd->xmonths));
	snprintf(rd->xmonths[rd->nxmonths++], 8, "%.7s", month);
	if (!rd->t->keep_duplicates)	/* else none is kept out */
		aggregate_table_duplicate_keys(rd->t,
					       rd->xmonths[rd->nxmonths - 1],
					       rd->xmonths[rd->nxmonths - 1],
					       add_xdup, rd);
	xqsort(rd->xdup, rd->nxdup, sizeof(*rd->xdup), cmp_xdup);
}

/* 1 when the facts of f's category in f's bulletin are a probable
 * duplicate kept out of the sums. */
static int excluded_dup(struct report_data *rd, const struct fact *f)
{
	struct rb_xdup key = { f->bulletin_id, f->category };

	index_month(rd, f->published);
	return rd->nxdup && bsearch(&key, rd->xdup, rd->nxdup, sizeof(*rd->xdup),
		       cmp_xdup) != NULL;
}

/* ---- the ten largest -------------------------------------------------- */

static int sizeless_unit(const char *unit)
{
	static const char *const u[] = {
		"percent", "year", "month", "week", "day", "times"
	};

	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		if (!strcmp(unit, u[i]))
			return 1;
	return 0;
}

/* 1 when v[i] is left out of the sums: context, a part beside a total
 * of its bulletin, a repeat, or in a probable duplicate kept out; v[0..n)
 * is the run of facts of its bulletin. */
static int left_out(struct report_data *rd, const struct fact *v,
		    size_t n, size_t i)
{
	const struct fact *f = &v[i];

	if (f->scope == SCOPE_CONTEXT)
		return 1;
	for (size_t j = 0; j < n; j++) {
		const struct fact *g = &v[j];

		if (strcmp(g->bulletin_id, f->bulletin_id) ||
		    strcmp(g->category, f->category) || strcmp(g->unit, f->unit))
			continue;
		if (f->scope == SCOPE_PART && g->scope == SCOPE_TOTAL)
			return 1;
		if (j < i && g->value == f->value && g->scope != SCOPE_CONTEXT)
			return 1;
	}
	return excluded_dup(rd, f);
}

static double in_currency(const struct report_data *rd, const struct fact *f,
			  int *ok)
{
	const char *cur = rd->t->currency[0] ? rd->t->currency : "USD";
	char month[8];
	double rate = 1, to = 1;

	*ok = 1;
	if (!rfmt_is_money(f->unit) || !strcmp(f->unit, cur))
		return f->value;
	snprintf(month, sizeof(month), "%.7s", f->published);
	if ((strcmp(f->unit, "USD") &&
	     rate_table_lookup(&rd->rates, month, f->unit, &rate) < 0) ||
	    (strcmp(cur, "USD") &&
	     rate_table_lookup(&rd->rates, month, cur, &to) < 0)) {
		*ok = 0;
		return f->value;
	}
	return f->value / rate * to;
}

/* Largest first; ties by date, bulletin and place in the text, then in
 * the order the facts came. */
static int cmp_cand(const struct rb_cand *x, const struct rb_cand *y)
{
	int r;

	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	if ((r = strcmp(x->f.published, y->f.published)))
		return r;
	if ((r = strcmp(x->f.bulletin_id, y->f.bulletin_id)))
		return r;
	if (x->f.start != y->f.start)
		return x->f.start < y->f.start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A copy of f whose strings live in one block, *mem. */
static struct fact fact_clone(const struct fact *f, char **mem)
{
	const char **s[12];
	struct fact g = *f;
	size_t len = 0, k = 0;
	char *p;

	s[k++] = &g.bulletin_id; s[k++] = &g.source; s[k++] = &g.published;
	s[k++] = &g.category; s[k++] = &g.unit; s[k++] = &g.item;
	s[k++] = &g.place; s[k++] = &g.text; s[k++] = &g.sentence;
	s[k++] = &g.note; s[k++] = &g.title; s[k++] = &g.url;
	for (k = 0; k < 12; k++)
		len += strlen(*s[k] ? *s[k] : "") + 1;
	p = *mem = xmalloc(len);
	for (k = 0; k < 12; k++) {
		const char *from = *s[k] ? *s[k] : "";
		size_t n = strlen(from) + 1;

		memcpy(p, from, n);
		*s[k] = p;
		p += n;
	}
	return g;
}

/* Offers candidate x (its f still borrowed) to the month's ten. */
static void top_offer(struct rb_evidence *ev, const struct rb_cand *x)
{
	size_t p = ev->ntop;

	while (p > 0 && cmp_cand(x, &ev->top[p - 1]) < 0)
		p--;
	if (p >= RB_TOP)
		return;
	if (ev->ntop == RB_TOP)
		free(ev->top[--ev->ntop].mem);
	memmove(&ev->top[p + 1], &ev->top[p], (ev->ntop - p) * sizeof(*ev->top));
	ev->top[p] = *x;
	ev->top[p].f = fact_clone(&x->f, &ev->top[p].mem);
	ev->ntop++;
}

static void take_candidate(struct report_data *rd, struct rb_evidence *ev,
			   const struct fact *v, size_t n, size_t i, size_t seq)
{
	const struct fact *f = &v[i];
	struct rb_cand x;
	int ok;

	if (sizeless_unit(f->unit) || !isfinite(f->value) ||
	    left_out(rd, v, n, i))
		return;
	ev->ncand++;
	memset(&x, 0, sizeof(x));
	x.f = *f;
	x.rank = in_currency(rd, f, &ok);
	x.shown = ok ? x.rank : f->value;
	x.money = ok && rfmt_is_money(f->unit);
	x.seq = seq;
	top_offer(ev, &x);
}

/* ---- facts per source ------------------------------------------------- */

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

/* Counts f as the data-quality section does: at most RB_SOURCES sources
 * (the facts of others are not counted), and the longest run of facts
 * of one bulletin among the month's. */
static void count_fact(struct rb_evidence *ev, const struct fact *f)
{
	size_t k;

	for (k = 0; k < ev->nsrc; k++)
		if (!strcmp(ev->src[k].source, f->source))
			break;
	if (k == ev->nsrc && ev->nsrc < RB_SOURCES)
		ev->src[ev->nsrc++].source = xstrdup(f->source);
	if (k == RB_SOURCES)
		return;
	ev->src[k].facts++;
	ev->facts++;
	if (!ev->last || strcmp(ev->last, f->bulletin_id)) {
		ev->src[k].bulletins++;
		ev->bulletins++;
		ev->run = 0;
		set_str(&ev->last, f->bulletin_id);
	}
	if (++ev->run > ev->most) {
		ev->most = ev->run;
		set_str(&ev->most_id, f->bulletin_id);
	}
}

/* ---- the months ------------------------------------------------------- */

const struct rb_evidence *rb_evidence(const struct report_data *rd,
				      const char *month)
{
	for (size_t i = 0; i < rd->nev; i++)
		if (!strncmp(rd->ev[i].month, month, 7))
			return &rd->ev[i];
	return NULL;
}

static struct rb_evidence *evidence_of(struct report_data *rd,
				       const char *published)
{
	struct rb_evidence *ev;

	for (size_t i = rd->nev; i > 0; i--)
		if (!strncmp(rd->ev[i - 1].month, published, 7))
			return &rd->ev[i - 1];
	xgrow((void **)&rd->ev, &rd->capev, rd->nev + 1, sizeof(*rd->ev));
	ev = &rd->ev[rd->nev++];
	memset(ev, 0, sizeof(*ev));
	snprintf(ev->month, sizeof(ev->month), "%.7s", published);
	return ev;
}

void rb_evidence_flush(struct report_data *rd)
{
	struct fact_table *g = &rd->group;

	for (size_t i = 0; i < g->n; i++) {
		struct rb_evidence *ev = evidence_of(rd, g->v[i].published);

		count_fact(ev, &g->v[i]);
		take_candidate(rd, ev, g->v, g->n, i, rd->seq - g->n + i);
	}
	fact_table_release(g);
}

void rb_evidence_add(struct report_data *rd, const struct fact *f)
{
	if (rd->group.n && strcmp(rd->group.v[0].bulletin_id, f->bulletin_id))
		rb_evidence_flush(rd);
	fact_table_add(&rd->group, f);
	rd->seq++;
}

void rb_evidence_release(struct report_data *rd)
{
	for (size_t i = 0; i < rd->nev; i++) {
		struct rb_evidence *ev = &rd->ev[i];

		for (size_t k = 0; k < ev->ntop; k++)
			free(ev->top[k].mem);
		for (size_t k = 0; k < ev->nsrc; k++)
			free(ev->src[k].source);
		free(ev->last);
		free(ev->most_id);
	}
	free(rd->ev);
	free(rd->xdup);
	rd->xdup = NULL;
	rd->nxdup = rd->capxdup = 0;
	free(rd->xmonths);
	rd->xmonths = NULL;
	rd->nxmonths = rd->capxmonths = 0;
	arena_release(&rd->xstrings);
	rd->ev = NULL;
	rd->nev = rd->capev = 0;
	fact_table_release(&rd->group);
}
