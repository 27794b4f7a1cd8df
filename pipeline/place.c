/* place.c - the country a figure is about. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract_int.h"

/* Words after a demonym that make it describe people, not the country
 * acting (Chinese nationals, Brazilian gamblers): grammar of the gazetteer
 * kept with it in countries.json would be better; these are few. */
static const char *const people_after[] = {
	"nationals", "national", "citizens", "citizen", "gamblers", "victims",
	"migrants", "people", "tourists", "workers", "men", "women", "children",
	"students", "investors", "customers", "passengers", "residents",
	"nationality", "origin", "descent", "buyers", "suppliers", "gangs",
	"clients", "users", "families", "man", "woman", "national", NULL
};

static int weak_demonym(const struct field *f, size_t next)
{
	for (const char *const *w = people_after; *w; w++)
		if (tok_word(f, next, *w))
			return 1;
	return 0;
}

static void push_mention(struct field *f, const struct mention *m)
{
	RESERVE(f->men, f->mcap, f->nmen + 1);
	f->men[f->nmen++] = *m;
}

/* "1 in Armenia", "3 in the Netherlands": the place of that number. */
static int bound_to_number(const struct field *f, size_t i)
{
	size_t k = i;

	if (k >= 1 && tok_word(f, k - 1, "the"))
		k--;
	return k >= 2 && tok_word(f, k - 1, "in") &&
	       f->tk.v[k - 2].kind == TOK_NUM && !f->trap[k - 2];
}

static int excepted(const struct field *f, size_t i)
{
	for (size_t back = 1; back <= 4 && back <= i; back++) {
		const struct lex_phrase *p = tok_match(f, LR_EXCEPT, i - back, i);

		if (p && p->nwords == back)
			return 1;
	}
	return 0;
}

/* A destination or origin ("transferred funds to Hong Kong"). */
static int directional(const struct field *f, size_t i)
{
	size_t k = i;

	if (k >= 1 && tok_word(f, k - 1, "the"))
		k--;
	return k >= 1 && (tok_word(f, k - 1, "to") || tok_word(f, k - 1, "from") ||
			  tok_word(f, k - 1, "into") || tok_word(f, k - 1, "via") ||
			  tok_word(f, k - 1, "towards") || tok_word(f, k - 1, "through"));
}

static void mark_lists(struct field *f, size_t from)
{
	for (size_t i = from; i + 1 < f->nmen; i++) {
		struct mention *a = &f->men[i], *b = &f->men[i + 1];
		size_t gap = b->tok - a->last - 1, k = a->last + 1;
		int joined = gap <= 3 && gap >= 1 && a->sent == b->sent &&
			     a->country >= 0 && b->country >= 0;

		for (; joined && k < b->tok; k++)
			joined = tok_mark(f, k, ",") || tok_word(f, k, "and") ||
				 tok_word(f, k, "the") || tok_word(f, k, "or");
		if (joined && a->country != b->country)
			a->weak = b->weak = a->listed = b->listed = 1;
	}
}

static int sentence_of(const struct field *f, size_t tok, int *cur)
{
	while ((size_t)*cur + 1 < f->nsent && f->sent[*cur + 1].begin <= tok)
		(*cur)++;
	return *cur;
}

/* Finds the countries, demonyms and groups named in the tokenized field. */
void place_mentions(struct field *f)
{
	size_t n = f->tk.n;
	int cur = 0;

	f->nmen = 0;
	for (size_t i = 0; i < n; i++) {
		const struct lex_phrase *g, *p;
		struct mention m = { i, i, -1, 0, 0, 0, 0, 0 };

		if (f->nomention[i] || f->tk.v[i].kind == TOK_NUM)
			continue;
		if ((g = tok_match(f, LR_GROUP, i, n)) &&
		    !((p = tok_match(f, LR_COUNTRY, i, n)) && p->nwords >= g->nwords)) {
			m.last = i + g->nwords - 1;
			m.group = 1;
			m.sent = sentence_of(f, i, &cur);
			push_mention(f, &m);
			i = m.last;
			continue;
		}
		if (!(p = tok_match(f, LR_COUNTRY, i, n)) || excepted(f, i))
			continue;
		if ((g = tok_match(f, LR_CUR_NAME, i, n)) || (g = tok_match(f, LR_CUR_SYMBOL, i, n))) {
			i += g->nwords - 1;	/* "US dollars", "US$" are money */
			continue;
		}
		m.last = i + p->nwords - 1;
		m.country = p->id;
		m.weak = (p->kind == 1 && weak_demonym(f, m.last + 1)) || directional(f, i);
		m.bound = bound_to_number(f, i);
		m.sent = sentence_of(f, i, &cur);
		push_mention(f, &m);
		i = m.last;
	}
	mark_lists(f, 0);
}

/* ---- datelines ------------------------------------------------------------ */

static int is_dash_tok(const struct field *f, size_t i)
{
	return tok_mark(f, i, "\xe2\x80\x93") || tok_mark(f, i, "\xe2\x80\x94") ||
	       (tok_mark(f, i, "-") && (f->tk.v[i].flags & TF_SPACE));
}

/* "LYON, France –" or the bulletin's own dateline at the start of one of
 * the first paragraphs (tokens [b, e) of span sp): no place from it. */
static void dateline_range(struct field *f, size_t b, size_t e, size_t sp)
{
	const struct span *s = &f->span[sp];
	size_t dl, k;
	int comma = 0;

	if (b >= e || s->para >= 3 || (sp && f->span[sp - 1].para == s->para))
		return;
	dl = f->dateline ? strlen(f->dateline) : 0;	/* (past the usual return) */
	if (dl && f->len - f->tk.v[b].off >= dl &&
	    !strncasecmp(f->text + f->tk.v[b].off, f->dateline, dl)) {
		for (k = b; k < e && f->tk.v[k].off < f->tk.v[b].off + dl; k++)
			f->nomention[k] = 1;
		return;
	}
	for (k = b; k < e && k < b + 14 && !is_dash_tok(f, k); k++)
		comma |= tok_mark(f, k, ",");
	if (k < e && k < b + 14 && comma && (f->tk.v[b].flags & TF_CAP))
		memset(f->nomention + b, 1, k - b);
}

/* Marks datelines at paragraph starts, so that they give no place. */
void place_mark_dateline(struct field *f)
{
	for (size_t s = 0; s < f->nsent; s++)
		dateline_range(f, f->sent[s].begin, f->sent[s].end, f->sent[s].span);
}

/* ---- paragraph topics --------------------------------------------------- */

/* The first country named, not weakly, in span i of f (tokenized now,
 * in f's scratch field); -1 when none, with *off where it is. */
static int span_country(const struct field *f, size_t i, int para, size_t *off)
{
	struct field *tf = f->scratch;
	int found = -1;

	tf->lex = f->lex;
	tf->text = f->text;
	tf->len = f->len;
	tf->dateline = f->dateline;
	tf->span = f->span;		/* borrowed */
	tf->nspan = f->nspan;
	tf->tk.n = 0;
	tokens_scan_range(&tf->tk, f->lex, f->text, f->span[i].start, f->span[i].end, 0);
	RESERVE(tf->trap, tf->trapcap, tf->tk.n + 1);
	RESERVE(tf->nomention, tf->nomcap, tf->tk.n + 1);
	RESERVE(tf->sent, tf->scap, 1);
	memset(tf->trap, 0, tf->tk.n + 1);
	memset(tf->nomention, 0, tf->tk.n + 1);
	tf->sent[0] = (struct sentence){ 0, tf->tk.n, para, i };
	tf->nsent = 1;
	dateline_range(tf, 0, tf->tk.n, i);
	place_mentions(tf);
	for (size_t m = 0; m < tf->nmen; m++)
		if (tf->men[m].country >= 0 && !tf->men[m].weak && !tf->men[m].bound) {
			found = tf->men[m].country;
			*off = tf->tk.v[tf->men[m].tok].off;
			break;
		}
	tf->span = NULL;
	tf->nspan = 0;
	return found;
}

/*
 * The first country named, not weakly, in the untokenized sentences of a
 * paragraph that start before byte before (tokenized now, once); -1 when
 * none.  Only a country named before the figure's sentence counts, so
 * the sentences are read in order up to it and no further: a later call,
 * for a later figure, goes on from there (f->lazy_next), and the first
 * country found is the paragraph's first, whoever asked.
 */
static int lazy_topic(const struct field *f, int para, size_t before,
		      size_t *off)
{
	size_t i = f->lazy_next[para];

	for (; f->lazy[para] < 0 && i < f->nspan && f->span[i].start < before; i++) {
		if (f->span[i].para != para || f->span[i].trigger ||
		    !lexicon_may_name_place(f->lex, f->text + f->span[i].start,
					    f->span[i].end - f->span[i].start))
			continue;
		f->lazy[para] = span_country(f, i, para, &f->lazy_off[para]);
	}
	f->lazy_next[para] = i;
	*off = f->lazy_off[para];
	return f->lazy[para];
}

/* Computes f->msent (first mention of each sentence, nsent + 1 entries)
 * and f->topic (per paragraph). */
static void index_mentions(struct field *f)
{
	size_t m = 0;

	for (size_t s = 0; s <= f->nsent; s++) {
		while (m < f->nmen && (size_t)f->men[m].sent < s)
			m++;
		f->msent[s] = m;
	}
	for (int p = 0; p < f->npara; p++)
		f->topic[p] = -1;
	for (size_t i = 0; i < f->nmen; i++)
		if (f->men[i].group)
			f->sgroup[f->men[i].sent] = 1;
	for (size_t i = 0; i < f->nmen; i++) {
		const struct mention *x = &f->men[i];
		int para = f->sent[x->sent].para;

		if (f->topic[para] < 0 && x->country >= 0 && !x->weak && !x->bound)
			f->topic[para] = (int)i;
	}
}

/* Indexes mentions by sentence and finds each paragraph's topic. */
void place_index(struct field *f)
{
	RESERVE(f->msent, f->mscap, f->nsent + 1);
	RESERVE(f->topic, f->topcap, (size_t)f->npara + 1);
	RESERVE(f->sgroup, f->sgcap, f->nsent + 1);
	memset(f->msent, 0, (f->nsent + 1) * sizeof(*f->msent));
	memset(f->topic, 0, ((size_t)f->npara + 1) * sizeof(*f->topic));
	memset(f->sgroup, 0, f->nsent + 1);
	index_mentions(f);
}

static int sentence_has_group(const struct field *f, int s)
{
	return f->sgroup[s];
}

/* The first mention of sentence s at or after token tok (binary search). */
static size_t mention_at(const struct field *f, int s, size_t tok)
{
	size_t lo = f->msent[s], hi = f->msent[s + 1];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->men[mid].tok < tok)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Funding goes to its recipient: "EUR 50 million in aid to Ukraine". */
static int recipient(const struct field *f, const struct cand *c)
{
	for (size_t i = mention_at(f, c->sent, c->e.last + 1);
	     i < f->msent[c->sent + 1] && f->men[i].tok <= c->e.last + 10; i++) {
		const struct mention *m = &f->men[i];

		size_t k = m->tok - (tok_word(f, m->tok - 1, "the") ? 2 : 1);

		if (m->country >= 0 && m->tok > c->e.last && m->tok <= c->e.last + 10 &&
		    (tok_word(f, k, "to") || tok_word(f, k, "for")))
			return m->country;
	}
	return -1;
}

/* The country of a figure: its own "N in X", the nearest before it, its paragraph. */
void place_assign(const struct field *f, struct cand *c)
{
	size_t lo = f->msent[c->sent], hi = f->msent[c->sent + 1];
	int para = f->sent[c->sent].para, t, r;

	c->place = -1;
	if (!f->lex->cat[c->cat].place)
		return;
	if (!strcmp(f->lex->cat[c->cat].name, "funding") && (r = recipient(f, c)) >= 0) {
		c->place = r;
		return;
	}
	for (size_t i = mention_at(f, c->sent, c->e.last + 1);	/* 1 in Armenia */
	     i < hi && f->men[i].tok <= c->e.last + 3; i++)
		if (f->men[i].bound && f->men[i].country >= 0) {
			c->place = f->men[i].country;
			return;
		}
	for (size_t i = mention_at(f, c->sent, c->e.first), n = 0;
	     i-- > lo && n < 32; n++) {	/* the nearest before it */
		const struct mention *m = &f->men[i];

		if (m->group)
			return;
		if (!m->weak && !m->bound) {
			c->place = m->country;
			return;
		}
	}
	t = f->topic[para];
	if (t >= 0 && f->men[t].sent > c->sent)
		t = -1;
	if (!sentence_has_group(f, c->sent)) {
		size_t toff = t >= 0 ? f->tk.v[f->men[t].tok].off : (size_t)-1, loff;
		size_t start = f->span[f->sent[c->sent].span].start;
		int lz = lazy_topic(f, para, start, &loff);

		if (lz >= 0 && loff < start && loff < toff) {
			c->place = lz;
			return;
		}
		if (t >= 0) {
			c->place = f->men[t].country;
			return;
		}
	}
	for (size_t i = lo; i < hi && i < lo + 32; i++)
		if (f->men[i].weak && f->men[i].country >= 0 && !f->men[i].bound &&
		    !f->men[i].listed &&
		    !directional(f, f->men[i].tok)) {
			c->place = f->men[i].country;
			return;
		}
}
