/*
 * aggregate.c - the state of an aggregate run: facts in, bulletin by
 * bulletin; one figure per bulletin per (category, unit) out, converted
 * into the reporting currency; coverage and conversions counted.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

static const char *const by_names[5] = {
	"month", "category", "unit", "source", "place"
};

int agg_by_parse(const char *s, unsigned *by)
{
	unsigned out = AGG_BY_UNIT;

	while (*s) {
		size_t len = strcspn(s, ","), i;

		for (i = 0; i < 5; i++)
			if (strlen(by_names[i]) == len && !strncmp(s, by_names[i], len))
				break;
		if (i == 5)
			return -1;
		out |= 1u << i;
		s += len + (s[len] == ',');
	}
	*by = out;
	return 0;
}

/* The value of n digits at s, or -1 when one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int agg_day_number(const char *date)
{
	/* Howard Hinnant's days_from_civil. */
	int y = digits(date, 4), m, d;
	int era, yoe, doy, doe;

	if (y >= 0 && date[4] == '-' && (m = digits(date + 5, 2)) >= 0 &&
	    date[7] == '-' && (d = digits(date + 8, 2)) >= 0 && !date[10]) {
		/* YYYY-MM-DD, as atoi() would read it, without its cost */
	} else {
		y = atoi(date);
		m = atoi(date + 5);
		d = atoi(date + 8);
	}

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* strcmp with a shortcut for interned strings. */
static int scmp(const char *a, const char *b)
{
	return a == b ? 0 : strcmp(a, b);
}

int agg_figure_cmp(const struct agg_figure *a, const struct agg_figure *b)
{
	int c = (a->day > b->day) - (a->day < b->day);	/* = published */

	if (!c)
		c = scmp(a->bulletin_id, b->bulletin_id);
	if (!c)
		c = scmp(a->category, b->category);
	return c ? c : scmp(a->orig_unit, b->orig_unit);
}

void agg_figure_keys(const struct agg_figure *f, unsigned by,
		     const char *key[5])
{
	const char *all[5] = { f->month_key ? f->month_key : f->month,
			       f->category, f->unit, f->source, f->place };

	for (int i = 0; i < 5; i++)
		key[i] = by & (1u << i) ? all[i] : NULL;
}

int agg_key_cmp(const char *const a[5], const char *const b[5])
{
	for (int i = 0; i < 5; i++) {
		int c;

		if (a[i] == b[i])
			continue;
		if (!a[i] || !b[i])
			return a[i] ? 1 : -1;
		if ((c = strcmp(a[i], b[i])))
			return c;
	}
	return 0;
}

/* ---- the state ---------------------------------------------------------- */

static void configure(struct agg_state *s, const struct agg_options *o)
{
	s->o = *o;
	if (!s->o.by)
		s->o.by = AGG_BY_DEFAULT;
	s->o.by |= AGG_BY_UNIT;
	if (!s->o.currency[0])
		snprintf(s->o.currency, sizeof(s->o.currency), "USD");
	if (s->o.trend_months <= 0)
		s->o.trend_months = 12;
	if (s->o.sketch_alpha <= 0)
		s->o.sketch_alpha = 0.01;
	if (s->o.late_days <= 0)
		s->o.late_days = 31;
	s->configured = 1;
	s->partial_out = s->o.sketch && s->o.partial;
	if (s->o.sketch)
		agg_sk_init(s);
	else if (!s->x)
		agg_x_init(s);
}

struct agg_state *agg_state_new(const struct agg_options *opts)
{
	struct agg_state *s = xcalloc(1, sizeof(*s));

	if (opts)
		configure(s, opts);
	return s;
}

void agg_state_configure(struct agg_state *s, const struct agg_options *o)
{
	configure(s, o);
}

void agg_state_free(struct agg_state *s)
{
	if (!s)
		return;
	if (s->o.sketch)
		agg_sk_release(s);
	agg_x_release(s);
	fact_table_release(&s->run);
	agg_strtab_release(&s->strs);
	agg_map_release(&s->cov_index);
	agg_map_release(&s->conv_index);
	agg_map_release(&s->conv_cache);
	free(s->figs);
	free(s->picks);
	free(s->dups);
	free(s->dupcount);
	agg_spill_free(s->spill);
	agg_spill_free(s->figspill);
	strbuf_release(&s->keybuf);
	strbuf_release(&s->jsonbuf);
	for (size_t i = 0; i < s->nsorted; i++)
		free(s->sorted[i].path);
	free(s->sorted);
	free(s->cov);
	free(s->conv);
	arena_release(&s->strings);
	free(s);
}

void agg_state_bad_row(struct agg_state *s)
{
	s->acct.rows++;
	s->acct.bad_rows++;
}

void agg_state_add_coverage(struct agg_state *s, const char *source,
			    const char *month, long bulletins)
{
	struct strbuf *key = &s->keybuf;
	size_t i = s->ncov;

	strbuf_reset(key);
	strbuf_addstr(key, source);
	strbuf_addch(key, '\t');
	strbuf_addstr(key, month);
	if (!agg_map_get_or_put(&s->cov_index, &s->strings, key->buf, &i)) {
		xgrow((void **)&s->cov, &s->capcov, s->ncov + 1, sizeof(*s->cov));
		s->cov[i].source = arena_strdup(&s->strings, source);
		snprintf(s->cov[i].month, sizeof(s->cov[i].month), "%s", month);
		s->cov[i].bulletins = 0;
		s->ncov++;
	}
	s->cov[i].bulletins += bulletins;
}

size_t agg_state_add_conv(struct agg_state *s, const struct agg_conv *c)
{
	struct strbuf key = STRBUF_INIT;
	size_t i = s->nconv;

	if (c->reason)
		strbuf_addf(&key, "U\t%s\t%s\t%s", c->month, c->currency,
			    c->reason);
	else
		strbuf_addf(&key, "C\t%s\t%s\t%.17g\t%.17g", c->month,
			    c->currency, c->rate, c->to_rate);
	if (!agg_map_get_or_put(&s->conv_index, &s->strings, key.buf, &i)) {
		struct agg_conv *n;

		xgrow((void **)&s->conv, &s->capconv, s->nconv + 1,
		      sizeof(*s->conv));
		n = &s->conv[s->nconv++];
		*n = *c;
		n->month = arena_strdup(&s->strings, c->month);
		n->currency = arena_strdup(&s->strings, c->currency);
		n->reason = c->reason ? arena_strdup(&s->strings, c->reason) : NULL;
		n->figures = 0;
	}
	s->conv[i].figures += c->figures;
	strbuf_release(&key);
	return i;
}

/* Why money in month could not be converted, or NULL with *factor. */
static const char *conversion(struct agg_state *s, const char *month,
			      const char *cur, double *rate, double *to,
			      char *why, size_t size)
{
	const struct rate_table *t = s->o.rates;

	if (rate_table_lookup(t, month, cur, rate) < 0) {
		if (rate_table_knows(t, cur))
			snprintf(why, size, "no %s rate for %s", cur, month);
		else
			snprintf(why, size, "no rate for currency %s", cur);
		return why;
	}
	if (rate_table_lookup(t, month, s->o.currency, to) < 0) {
		snprintf(why, size, "no %s rate for %s (reporting currency)",
			 s->o.currency, month);
		return why;
	}
	return NULL;
}

/* "month\tcurrency" into key, as snprintf() would write it (without its
 * cost: a key per money figure). */
static void make_conv_key(char *key, size_t size, const char *month,
			  const char *cur)
{
	size_t lm = strlen(month), lc = strlen(cur);

	if (lm + 1 + lc >= size) {
		snprintf(key, size, "%s\t%s", month, cur);
		return;
	}
	memcpy(key, month, lm);
	key[lm] = '\t';
	memcpy(key + lm + 1, cur, lc + 1);
}

/* The conversion of (month, currency) in s->conv: looked up once, then
 * found through s->conv_cache (the rates of a run do not change). */
static const struct agg_conv *conversion_of(struct agg_state *s,
					    const char *month, const char *cur)
{
	struct agg_conv c = { month, cur, NULL, 0, 0, 1 };
	char key[64], why[96];
	size_t i;

	make_conv_key(key, sizeof(key), month, cur);
	if (agg_map_get(&s->conv_cache, key, &i)) {
		s->conv[i].figures++;
		return &s->conv[i];
	}
	c.reason = conversion(s, month, cur, &c.rate, &c.to_rate, why,
			      sizeof(why));
	i = agg_state_add_conv(s, &c);
	agg_map_get_or_put(&s->conv_cache, &s->strings, key, &i);
	return &s->conv[i];
}

static void convert(struct agg_state *s, struct agg_figure *g)
{
	const struct agg_conv *c;
	double f;

	if (!agg_is_money(g->orig_unit))
		return;
	if (!strcmp(g->orig_unit, s->o.currency)) {
		g->converted = 1;
		return;
	}
	c = conversion_of(s, g->month, g->orig_unit);
	if (c->reason) {
		s->acct.unconverted++;
		return;
	}
	f = c->to_rate / c->rate;
	g->value *= f;
	g->low *= f;
	g->high *= f;
	g->rate = c->rate;
	g->unit = s->o.currency;
	g->converted = 1;
}

/* The first 7 characters of a date (its YYYY-MM), as "%.7s" would. */
static void month_of(char month[8], const char *date)
{
	int i;

	for (i = 0; i < 7 && date[i]; i++)
		month[i] = date[i];
	month[i] = '\0';
}

/* agg_day_number(date), remembered for the last date: a bulletin's
 * figures share theirs. */
static int day_of(struct agg_state *s, const char *date)
{
	size_t len;

	if (s->last_date[0] && !strcmp(date, s->last_date))
		return s->last_day;
	len = strlen(date);
	s->last_day = agg_day_number(date);
	if (len < sizeof(s->last_date))
		memcpy(s->last_date, date, len + 1);
	else
		s->last_date[0] = '\0';	/* too long to remember */
	return s->last_day;
}

void agg_state_make_figure(struct agg_state *s, const struct agg_pick *p,
			   struct agg_figure *g)
{
	const struct fact *f = p->f;

	memset(g, 0, sizeof(*g));
	g->bulletin_id = f->bulletin_id;
	g->source = f->source;
	g->published = f->published;
	g->category = f->category;
	g->place = p->place;
	g->text = p->text;
	g->orig_unit = g->unit = f->unit;
	month_of(g->month, f->published);
	g->orig_value = g->value = p->value;
	g->low = p->low;
	g->high = p->high;
	g->qual = (int)p->qual;
	g->nfacts = p->nfacts;
	g->day = day_of(s, f->published);
	convert(s, g);
}

/* The state's copy of str; *id its id in the string table, used in the
 * keys of the bits keys. */
static const char *intern(struct agg_state *s, const char *str, int *id,
			  unsigned keys)
{
	*id = agg_strtab_id(&s->strs, &s->strings, str, keys);
	return s->strs.v[*id];
}

void agg_state_keep_figure(struct agg_state *s, const struct agg_figure *f)
{
	struct agg_figure *g;
	int same, unused;

	xgrow((void **)&s->figs, &s->capfigs, s->nfigs + 1, sizeof(*s->figs));
	g = &s->figs[s->nfigs++];
	*g = *f;
	/* figures of a bulletin come together: share its id, and most
	 * likely its source and date */
	same = s->nfigs > 1 && !strcmp(g[-1].bulletin_id, f->bulletin_id);
	g->bulletin_id = same ? g[-1].bulletin_id :
			 arena_strdup(&s->strings, f->bulletin_id);
	g->bseq = same ? g[-1].bseq : s->nbul++;
	if (same && !strcmp(g[-1].source, f->source)) {
		g->src_id = g[-1].src_id;
		g->source = g[-1].source;
	} else {
		g->source = intern(s, f->source, &g->src_id, AGG_BY_SOURCE);
	}
	g->published = same && !strcmp(g[-1].published, f->published) ?
		       g[-1].published : intern(s, f->published, &unused, 0);
	g->category = intern(s, f->category, &g->cat_id, AGG_BY_CATEGORY);
	g->place = intern(s, f->place, &g->place_id, AGG_BY_PLACE);
	g->text = arena_strdup(&s->strings, f->text);
	g->month_key = intern(s, f->month, &g->month_id, AGG_BY_MONTH);
	if (f->converted && agg_is_money(f->orig_unit)) {
		g->orig_unit = intern(s, f->orig_unit, &g->ounit_id,
				      AGG_KEY_OUNIT);
		g->unit = s->o.currency;
		intern(s, s->o.currency, &g->gunit_id, AGG_BY_UNIT);
	} else {
		g->orig_unit = intern(s, f->orig_unit, &g->ounit_id,
				      AGG_KEY_OUNIT | AGG_BY_UNIT);
		g->unit = g->orig_unit;
		g->gunit_id = g->ounit_id;
	}
}

void agg_state_put_figure(struct agg_state *s, const struct agg_figure *f)
{
	if (s->o.sketch)
		agg_sk_add(s, f);	/* a partial's figures: see there */
	else
		agg_x_add(s, f);
}

/* Turns the facts of the bulletin just read into figures. */
void agg_state_flush(struct agg_state *s)
{
	struct fact_table *r = &s->run;
	struct agg_pick *picks;
	size_t n;
	char month[8];

	if (!r->n)
		return;
	xgrow((void **)&s->picks, &s->cappicks, r->n, sizeof(*s->picks));
	picks = s->picks;
	n = agg_select(r->v, r->n, picks, s->acct.excluded);
	for (size_t i = 0; i < n; i++) {
		struct agg_figure g;

		agg_state_make_figure(s, &picks[i], &g);
		agg_state_put_figure(s, &g);
		s->acct.used += g.nfacts;
		s->acct.figures++;
	}
	month_of(month, r->v[0].published);
	agg_state_add_coverage(s, r->v[0].source, month, 1);
	s->acct.bulletins++;
	/* emptied, not freed: the next bulletin reuses the memory */
	r->n = 0;
	arena_reset(&r->strings);
}

/* Appends to the bulletin being read a copy of f's members that the
 * selection and the figures read (not sentence, note, title or url),
 * the strings in one block of the run's arena. */
static void run_add(struct fact_table *t, const struct fact *f)
{
	enum { NSTR = 8 };
	const char *src[NSTR] = {
		f->bulletin_id, f->source, f->published, f->category, f->unit,
		f->item ? f->item : "", f->place ? f->place : "",
		f->text ? f->text : ""
	};
	size_t len[NSTR], total = 0;
	const char **dst[NSTR];
	struct fact *g;
	char *p;
	int first = t->n > 0;	/* the bulletin's id is the first fact's */

	xgrow((void **)&t->v, &t->cap, t->n + 1, sizeof(*t->v));
	g = &t->v[t->n++];
	*g = *f;
	g->bulletin_id = first ? t->v[0].bulletin_id : NULL;
	dst[0] = &g->bulletin_id; dst[1] = &g->source; dst[2] = &g->published;
	dst[3] = &g->category; dst[4] = &g->unit; dst[5] = &g->item;
	dst[6] = &g->place; dst[7] = &g->text;
	for (int i = first; i < NSTR; i++)
		total += (len[i] = strlen(src[i]) + 1);
	p = arena_alloc(&t->strings, total);
	for (int i = first; i < NSTR; i++) {
		memcpy(p, src[i], len[i]);
		*dst[i] = p;
		p += len[i];
	}
	g->sentence = g->note = g->title = g->url = "";
}

int agg_state_add(struct agg_state *s, const struct fact *f,
		  const char *file, long line, struct diag *d)
{
	/* file and line only serve the message of a refused fact */
	if (!s->configured)
		configure(s, &(struct agg_options){ 0 });
	if (!s->run.n || strcmp(s->run.v[0].bulletin_id, f->bulletin_id)) {
		agg_state_flush(s);
		if (!s->o.sketch && agg_x_new_bulletin(s, f->bulletin_id) < 0) {
			agg_state_bad_row(s);
			return diag_set(d, file, line, 0, "bulletin_id",
					"facts of bulletin '%s' come again after "
					"other bulletins' (a bulletin's facts "
					"must be together)", f->bulletin_id), 2;
		}
	}
	run_add(&s->run, f);
	s->acct.rows++;
	s->acct.facts++;
	return 0;
}

void agg_state_discard_duplicates(struct agg_state *s)
{
	s->dups_discard = 1;
}

void agg_state_spill_duplicates(struct agg_state *s)
{
	s->spill_wanted = 1;
}

int agg_state_finish(struct agg_state *s, struct aggregate_table *t,
		     struct diag *d)
{
	memset(t, 0, sizeof(*t));
	if (!s->configured)
		configure(s, &(struct agg_options){ 0 });
	agg_state_flush(s);
	if (s->o.sketch)
		return agg_sk_finish(s, t, d);
	return agg_finish_exact(s, t, d);
}

int aggregate_compute(const struct fact *facts, size_t n,
		      const struct agg_options *opts,
		      struct aggregate_table *out, struct diag *d)
{
	struct agg_state *s = agg_state_new(opts);
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		struct diag ignored;	/* refused facts: in the account */

		diag_clear(&ignored);
		agg_state_add(s, &facts[i], "(memory)", (long)i + 1, &ignored);
	}
	if (agg_state_finish(s, out, d) < 0)
		rc = -1;
	agg_state_free(s);
	return rc;
}
