/* scope.c - total, part or context. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "extract_int.h"

static int year_at(const struct field *f, size_t i)
{
	const struct token *t = &f->tk.v[i];
	int y = 0;

	if (t->kind != TOK_NUM || t->len != 4)
		return 0;
	for (size_t k = 0; k < 4; k++) {
		char ch = f->text[t->off + k];

		if (ch < '0' || ch > '9')
			return 0;
		y = y * 10 + (ch - '0');
	}
	return y >= 1800 && y <= 2100 ? y : 0;
}

/* The year a figure is about: "in 2021" shortly after it, or "In 2023,"
 * shortly before it, with no other figure in between. */
static int figure_year(const struct field *f, const struct cand *c)
{
	const struct sentence *s = &f->sent[c->sent];
	size_t last = c->e.has_note ? c->e.note_last : c->e.last;

	for (size_t k = last + 1; k < s->end && k <= last + 10; k++) {
		int y = year_at(f, k);

		if (y)
			return y;
		if (figures_in(f, k, k + 1) || tok_mark(f, k, ";"))
			break;
	}
	for (size_t k = c->e.first; k-- > s->begin && k + 7 > c->e.first;) {
		int y = year_at(f, k);

		if (y && k >= 1 && (tok_word(f, k - 1, "in") || tok_word(f, k - 1, "since") ||
				    tok_word(f, k - 1, "during")))
			return y;
		if (figures_in(f, k, k + 1))
			break;
	}
	/* "In 2023, police recorded ... and victims lost ...": the whole
	 * sentence is about that year */
	if (s->end - s->begin > 2 && (tok_word(f, s->begin, "in") || tok_word(f, s->begin, "during")))
		return year_at(f, s->begin + 1);
	return 0;
}

/* "rose from $2.57 billion to $3.94 billion": the first is the past. */
static int changed_from(const struct field *f, const struct cand *c, size_t end)
{
	size_t k = c->e.last + 1;

	if (!c->e.first || !tok_word(f, c->e.first - 1, "from"))
		return 0;
	for (; k < end && k <= c->e.last + 4; k++)
		if (tok_word(f, k, "to"))
			return k + 1 < end && (f->tk.v[k + 1].kind == TOK_NUM ||
					       f->trap[k + 1] == 0);
	return 0;
}

/* Does another figure stand between the figure and token k?  ("over 2.5%
 * of GDP, up from 2.1% last year": "last year" is the second's.) */
static int figure_between(const struct field *f, const struct cand *c, size_t k)
{
	return k < c->e.first ? figures_in(f, k + 1, c->e.first) > 0 :
	       figures_in(f, c->e.last + 1, k) > 0;
}

static int scope_cue(const struct cand *c,
		     const struct lex_cue *cue, size_t k, size_t cend)
{
	size_t last = c->e.has_note ? c->e.note_last : c->e.last;

	if (cue->units && !(cue->units & UK_BIT(c->e.kind)))
		return 0;
	if (cend < c->e.first)
		return cue->side != SIDE_AFTER && (int)(c->e.first - cend - 1) <= cue->max;
	if (k > last)
		return cue->side != SIDE_BEFORE && (int)(k - last - 1) <= cue->max;
	return 0;
}

/* Finds the year of a figure and the context and part cues around it. */
void scope_cues(const struct field *f, struct cand *c, const struct cands *all,
		size_t first_in_sent)
{
	const struct sentence *s = &f->sent[c->sent];
	size_t lo = c->e.first > s->begin + 14 ? c->e.first - 14 : s->begin;
	size_t hi = c->e.last + 14 < s->end ? c->e.last + 14 : s->end;

	(void)all;
	(void)first_in_sent;
	c->year = figure_year(f, c);
	if (changed_from(f, c, s->end))
		c->context_cue = 1;
	for (size_t j = found_from(f->scopes, f->nscopes, lo);
	     j < f->nscopes && f->scopes[j].tok < hi; j++) {
		size_t k = f->scopes[j].tok;
		const struct lex_phrase *p = f->scopes[j].p;

		for (int i = p->id; i >= 0; i = f->lex->cue[i].next) {
			const struct lex_cue *cue = &f->lex->cue[i];

			if (!scope_cue(c, cue, k, k + p->nwords - 1) ||
			    figure_between(f, c, k))
				continue;
			if (cue->category == SCOPE_CONTEXT)
				c->context_cue = 1;
			else if (cue->category == SCOPE_PART)
				c->part_cue = 1;
		}
	}
}

static int additive(int kind)
{
	return kind == UK_COUNT || kind == UK_MONEY || kind == UK_MASS ||
	       kind == UK_VOLUME;
}

/* The base value of a figure for comparisons (masses in kg). */
static double base(const struct cand *c)
{
	if (c->e.kind != UK_MASS)
		return c->e.value;
	if (!strcmp(c->e.unit, "t"))
		return c->e.value * 1000;
	if (!strcmp(c->e.unit, "g"))
		return c->e.value / 1000;
	if (!strcmp(c->e.unit, "mg"))
		return c->e.value / 1e6;
	if (!strcmp(c->e.unit, "lb"))
		return c->e.value * 0.4536;
	return c->e.value;
}

static int same_measure(const struct cand *a, const struct cand *b)
{
	if (a->e.kind != b->e.kind)
		return 0;
	return a->e.kind == UK_MASS || a->e.kind == UK_MONEY ||
	       !strcmp(a->e.unit, b->e.unit);
}

/* Per category and unit kind, the largest total seen so far. */
struct totals {
	int *best;		/* [cat * UK__COUNT + kind]: cand index, -1 */
	size_t ncat;
};

static const struct cand *total_for(const struct totals *t, const struct cands *all,
				    const struct cand *c)
{
	int i = t->best[(size_t)c->cat * UK__COUNT + (size_t)c->e.kind];

	return i >= 0 ? &all->v[i] : NULL;
}

static void note_total(struct totals *t, const struct cands *all, size_t i)
{
	const struct cand *c = &all->v[i];
	int *slot = &t->best[(size_t)c->cat * UK__COUNT + (size_t)c->e.kind];

	if (*slot < 0 || base(&all->v[*slot]) < base(c))
		*slot = (int)i;
}

/* What the bulletin has said before the figure at hand. */
struct seen {
	int operation;		/* a multi-country operation (19 countries) */
	int placeless;		/* a figure about no single country */
};

static int is_part(const struct cand *c, const struct cand *t,
		   const struct seen *sn, const struct lexicon *lex)
{
	int smaller = t && same_measure(c, t) && base(t) > base(c);

	if (c->place >= 0 && sn->operation && sn->placeless &&
	    lex->cat[c->cat].national_parts)
		return 1;
	if (c->place >= 0 && smaller && t->place < 0)
		return 1;
	if (c->part_cue && smaller)
		return 1;
	if (smaller && c->para > t->para && c->field == t->field &&
	    (c->e.kind == UK_MONEY || c->e.kind == UK_MASS))
		return 1;
	return 0;
}

/* "include over 8 tons of cocaine, 22 tons of cannabis, 2 tons ...": the
 * list after an inclusion cue is all parts. */
static int listed_part(const struct cands *all, size_t i)
{
	const struct cand *c = &all->v[i], *p;

	if (!i)
		return 0;
	p = &all->v[i - 1];
	return p->sent == c->sent && p->field == c->field && p->part_cue &&
	       p->scope == SCOPE_PART && same_measure(p, c);
}

/* "at least 2% of GDP" for no country in particular is the threshold. */
static int threshold(const struct lexicon *lex, const struct cand *c)
{
	return c->e.kind == UK_PERCENT && c->place < 0 && c->e.qual == QUAL_AT_LEAST &&
	       !strcmp(lex->cat[c->cat].name, "gdp_share");
}

/* The year of the bulletin's news: that of its first figure in the body
 * when it says one ("seized more than one billion tablets in 2021", in a
 * report of 2022), else the year it was published. */
static int news_year_of(const struct cands *all, int pub_year)
{
	for (size_t i = 0; i < all->n; i++) {
		const struct cand *c = &all->v[i];

		if (c->field != FIELD_BODY || c->drop)
			continue;
		return c->year && c->year <= pub_year ? c->year : pub_year;
	}
	return pub_year;
}

/* Figures about two countries or more: a multi-country bulletin. */
static int several_places(const struct cands *all)
{
	int first = -1;

	for (size_t i = 0; i < all->n; i++) {
		int p = all->v[i].place;

		if (p < 0 || all->v[i].drop)
			continue;
		if (first >= 0 && p != first)
			return 1;
		first = p;
	}
	return 0;
}

/* Decides total, part or context for every figure of a bulletin. */
void scope_resolve(const struct lexicon *lex, struct cands *all, int pub_year)
{
	struct totals t = { xcalloc(lex->ncat * UK__COUNT, sizeof(int)), lex->ncat };
	struct seen sn = { 0, 0 };
	int news_year = 0;

	for (size_t i = 0; i < lex->ncat * UK__COUNT; i++)
		t.best[i] = -1;
	news_year = news_year_of(all, pub_year);
	sn.operation = several_places(all);
	for (size_t i = 0; i < all->n; i++) {
		struct cand *c = &all->v[i];

		c->scope = SCOPE_TOTAL;
		if (c->drop)
			continue;
		if (c->context_cue || (c->year && c->year < news_year) || threshold(lex, c)) {
			c->scope = SCOPE_CONTEXT;
			continue;
		}
		if (c->partitive_of >= 0) {
			c->scope = SCOPE_PART;
			continue;
		}
		if (additive(c->e.kind) && (is_part(c, total_for(&t, all, c), &sn, lex) ||
					    listed_part(all, i))) {
			c->scope = SCOPE_PART;
			c->part_cue = 1;
		}
		if (c->scope == SCOPE_TOTAL && additive(c->e.kind))
			note_total(&t, all, i);
		if (c->place < 0 && additive(c->e.kind) && c->field == FIELD_BODY)
			sn.placeless = 1;
		if (lex->cat[c->cat].marks_operation && c->e.value >= 2 && !c->drop)
			sn.operation = 1;
	}
	free(t.best);
}
