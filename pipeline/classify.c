/* classify.c - what a figure counts (its item) and its category. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "extract_int.h"

/* Function words end a counted noun phrase ("1,006 suspects and"). */
static int stopword(const struct field *f, size_t i)
{
	return f->tk.v[i].kind == TOK_WORD &&
	       ((f->lex->rmask[f->tk.v[i].word] >> LR_STOP) & 1);
}

/* Does the word end like a participle ("concealed"; "running" before a
 * function word or a mark, not "gambling websites")? */
static int participle(const struct field *f, size_t i, size_t end)
{
	const struct token *t = &f->tk.v[i];
	const char *s = f->text + t->off;

	if (t->len > 4 && !memcmp(s + t->len - 2, "ed", 2))
		return 1;
	return t->len > 5 && !memcmp(s + t->len - 3, "ing", 3) &&
	       (i + 1 >= end || f->tk.v[i + 1].kind != TOK_WORD || stopword(f, i + 1));
}

/* The class of the noun ending at token last (phrases of up to three
 * words, then the word alone); HC_THING when no list has it. */
static int noun_class(const struct field *f, size_t first, size_t last)
{
	for (size_t back = 2; ; back--) {
		if (last >= first + back) {
			const struct lex_phrase *p =
				tok_match(f, LR_CLASS, last - back, last + 1);

			if (p && p->nwords == back + 1)
				return p->kind;
		}
		if (!back)
			break;
	}
	if (tok_match(f, LR_COUNTRY, last, last + 1))
		return HC_PERSON;	/* Filipinos, Nigerians */
	return HC_THING;
}

/* Does the word look like a plural noun ("suspects", "countries")?  A
 * noun phrase ends there: "61 countries froze", "four investigations led". */
static int plural(const struct field *f, size_t i)
{
	const struct token *t = &f->tk.v[i];
	const char *s = f->text + t->off;
	char a, b;

	if (t->len < 4)
		return 0;
	a = (char)(s[t->len - 2] | 0x20);
	b = (char)(s[t->len - 1] | 0x20);
	return b == 's' && a != 's' && a != 'u' && a != 'i';
}

/* A listed class phrase running on past a plural ("countries and
 * territories"): extends the phrase to its end. */
static int class_goes_on(const struct field *f, size_t i, size_t end,
			 size_t *last, size_t *k)
{
	for (size_t back = 0; back < 3 && back <= i; back++) {
		const struct lex_phrase *p = tok_match(f, LR_CLASS, i - back, end);

		if (p && i - back + p->nwords - 1 > i) {
			*last = i - back + p->nwords - 1;
			*k = *last + 1;
			return 1;
		}
	}
	return 0;
}

/* The noun phrase starting at token k: adjectives and nouns up to a
 * function word, a mark or a participle; returns its length in words. */
static size_t noun_phrase(const struct field *f, size_t k, size_t end,
			  size_t *first, size_t *last)
{
	size_t n = 0;

	*first = k;
	while (k < end && n < 6) {
		const struct token *t = &f->tk.v[k];

		if (t->kind == TOK_WORD) {
			if (stopword(f, k) || (n && participle(f, k, end) &&
			    !tok_match(f, LR_CLASS, k, k + 1)))
				break;
			if (n && (t->flags & TF_NEWLINE))
				break;
			*last = k++;
			n++;
			if (plural(f, *last) && !class_goes_on(f, *last, end, last, &k))
				break;
			continue;
		}
		if (n && tok_mark(f, k, "-") && !(t->flags & TF_SPACE) &&
		    k + 1 < end && !(f->tk.v[k + 1].flags & TF_SPACE) &&
		    f->tk.v[k + 1].kind == TOK_WORD) {
			k++;
			continue;
		}
		break;
	}
	return n;
}

static void set_item(const struct field *f, struct cand *c, size_t first,
		     size_t last, size_t end)
{
	size_t f2, l2;

	c->item_first = first;
	c->item_last = last;
	c->head_tok = last;
	c->head = noun_class(f, first, last);
	c->explicit_head = 1;
	/* "13,000 bottles of olive oil": the container's contents */
	if (c->head == HC_CONTAINER && tok_word(f, last + 1, "of") &&
	    noun_phrase(f, last + 2, end, &f2, &l2))
		c->item_last = l2;
}

/* After "N of": skip "the", "its", "them", "the Alliance's" and a second
 * figure ("18 of the Alliance's 31 members"); returns where the noun
 * starts, and sets *pending when a figure stands between. */
static size_t partitive(const struct field *f, size_t k, size_t end,
			int *pending)
{
	static const char *const dets[] = {
		"the", "its", "their", "these", "those", "our", "all", "them",
		"his", "her", NULL
	};

	for (int steps = 0; k < end && steps < 5; steps++) {
		int det = 0;

		for (const char *const *w = dets; *w; w++)
			det |= tok_word(f, k, *w);
		if (det || tok_word(f, k, "'s")) {
			k++;
			continue;
		}
		if (f->tk.v[k].kind == TOK_NUM) {
			*pending = 1;
			return NO_TOK;
		}
		if (f->tk.v[k].kind == TOK_WORD && k + 1 < end &&
		    tok_word(f, k + 1, "'s")) {
			k += 2;
			continue;
		}
		break;
	}
	return k;
}

/* The nearest earlier count of the sentence (or, after "Of these", of the
 * bulletin) that names what it counts: "12 suspects were detained ... and
 * 22 on suspicion". */
static void inherit(const struct field *f, struct cand *c,
		    const struct cands *all, size_t first_in_sent)
{
	const struct sentence *s = &f->sent[c->sent];
	size_t lo = first_in_sent;
	int of_these = tok_word(f, s->begin, "of") || tok_word(f, s->begin, "among");

	if (of_these)
		lo = 0;
	if (all->n > lo + 16)
		lo = all->n - 16;	/* the nearest few: linear time */
	for (size_t i = all->n; i-- > lo;) {
		const struct cand *p = &all->v[i];

		/* "Of these, 230 ...": a part of a larger figure */
		if (of_these && i < first_in_sent && p->e.value <= c->e.value)
			continue;
		if (p->e.kind == UK_COUNT && p->head != HC_NONE &&
		    p->field == c->field) {
			c->head = p->head;
			c->item_first = p->item_first;
			c->item_last = p->item_last;
			c->head_tok = p->head_tok;
			return;
		}
	}
	/* "the number of Allies ... had risen from 11" */
	for (size_t k = c->e.first; k-- > s->begin && k + 12 > c->e.first;) {
		const struct lex_phrase *p = tok_match(f, LR_CLASS, k, c->e.first);

		if (p && (p->kind == HC_COUNTRY || p->kind == HC_PERSON)) {
			c->head = p->kind;
			return;
		}
	}
}

/* Finds what the figure counts: its noun phrase (item) and the class of its head. */
void classify_head(const struct field *f, struct cand *c,
		   const struct cands *all, size_t first_in_sent)
{
	size_t end = f->sent[c->sent].end;
	size_t k = (c->e.has_note ? c->e.note_last : c->e.last) + 1;
	size_t first, last;
	int pending = 0;

	c->item_first = c->item_last = c->head_tok = NO_TOK;
	c->head = HC_NONE;
	c->explicit_head = 0;
	c->partitive_of = -1;
	if (c->e.kind == UK_MONEY || c->e.kind == UK_PERCENT ||
	    c->e.kind == UK_DURATION || c->e.kind == UK_TIMES)
		return;
	if (c->e.kind != UK_COUNT) {
		if (tok_word(f, k, "of") && noun_phrase(f, k + 1, end, &first, &last))
			set_item(f, c, first, last, end);
		c->head = HC_THING;	/* a mass is of things, whatever its noun */
		return;
	}
	if (tok_word(f, k, "of")) {
		k = partitive(f, k + 1, end, &pending);
		if (pending) {
			c->partitive_of = -2;	/* the next figure of the sentence */
			return;
		}
	}
	if (k != NO_TOK && noun_phrase(f, k, end, &first, &last))
		set_item(f, c, first, last, end);
	else
		inherit(f, c, all, first_in_sent);
}

/* ---- category ----------------------------------------------------------- */

/* Marks between two tokens make a cue farther: a clause, a list item. */
static int barriers(const struct field *f, size_t from, size_t to)
{
	int pen = 0;

	for (size_t k = from; k < to; k++) {
		if (tok_word(f, k, "and") || tok_word(f, k, "or") || tok_word(f, k, "while"))
			pen += 1;	/* the cue belongs to another clause */
		if (f->tk.v[k].kind != TOK_MARK)
			continue;
		if (tok_mark(f, k, ";"))
			pen += 10;
		else if (tok_mark(f, k, ":"))
			pen += 2;
		else if (tok_mark(f, k, ","))
			pen += 1;
		else if (tok_mark(f, k, "\xe2\x80\x93") || tok_mark(f, k, "\xe2\x80\x94"))
			pen += 2;
	}
	return pen;
}

static int sentence_has(const struct field *f, const struct lex_cue *cue,
			size_t lo, size_t hi)
{
	for (size_t k = lo; k < hi; k++)
		for (size_t w = 0; w < cue->nwith; w++)
			if (f->tk.v[k].word == cue->with[w])
				return 1;
	return 0;
}

/* The classes a head belongs to: the vulnerable are people too. */
static unsigned head_bits(int head)
{
	return head == HC_VULNERABLE ? HC_BIT(HC_VULNERABLE) | HC_BIT(HC_PERSON) :
	       HC_BIT(head);
}

/* Words between tokens a and b, not counting other figures and their
 * nouns ("Eight people, including five Chinese nationals, were arrested"). */
static double gap(const struct field *f, size_t a, size_t b)
{
	if (b <= a)
		return 0;
	return (double)((b - a) - (f->cover[b] - f->cover[a]));
}

struct best {
	int cat;
	double score;
};

static void consider(const struct field *f, const struct cand *c,
		     const struct lex_cue *cue, size_t k, size_t cend,
		     size_t lo, size_t hi, struct best *b)
{
	const struct lexicon *lex = f->lex;
	unsigned units = cue->units ? cue->units : lex->cat[cue->category].units;
	size_t last = c->e.has_note ? c->e.note_last : c->e.last;
	double d;

	if (cue->at == CUE_PARAGRAPH || !(units & UK_BIT(c->e.kind)) ||
	    (cue->heads && !(cue->heads & head_bits(c->head))) ||
	    (cue->explicit_head && !c->explicit_head) ||
	    (cue->nwith && !sentence_has(f, cue, lo, hi)))
		return;
	if (cue->at == CUE_HEAD) {
		if (c->head_tok == NO_TOK || cend != c->head_tok || k < c->item_first)
			return;
		d = 0;
	} else if (cend < c->e.first) {
		d = gap(f, cend + 1, c->e.first);
		if (cue->side == SIDE_AFTER || d > cue->max)
			return;
		d += barriers(f, cend + 1, c->e.first);
	} else if (k > last) {
		if (c->item_last != NO_TOK && c->item_last > last && k > c->item_last)
			last = c->item_last;	/* "12 suspects were detained" */
		d = gap(f, last + 1, k);
		if (cue->side == SIDE_BEFORE || d > cue->max)
			return;
		d += barriers(f, last + 1, k);
	} else {
		return;
	}
#ifdef TALLY_DEBUG_CUES	/* cc -DTALLY_DEBUG_CUES: every cue's score on stderr */
	fprintf(stderr, "  cue %.*s -> %s w %.2f d %.0f score %.3f\n",
		(int)(f->tk.v[cend].off + f->tk.v[cend].len - f->tk.v[k].off),
		f->text + f->tk.v[k].off, lex->cat[cue->category].name,
		cue->weight, d, cue->weight / (1 + d));
#endif
	if (cue->weight / (1 + d) > b->score) {
		b->score = cue->weight / (1 + d);
		b->cat = cue->category;
	}
}

/* Cues on the counted noun itself, wherever it is (an inherited head may
 * lie in an earlier sentence): "Some 150 arrests", "1,811 victims". */
static void head_cues(const struct field *f, const struct cand *c, size_t lo,
		      size_t hi, struct best *b)
{
	if (c->head_tok == NO_TOK)
		return;
	for (size_t k = c->item_first; k <= c->head_tok; k++) {
		const struct lex_phrase *p = tok_match(f, LR_CUE, k, c->head_tok + 1);

		if (!p)
			continue;
		for (int i = p->id; i >= 0; i = f->lex->cue[i].next)
			consider(f, c, &f->lex->cue[i], k, k + p->nwords - 1, lo, hi, b);
	}
}

/* Is a country named just before the figure ("Greece 3.08%", "Estonia
 * at 3.43%", "Spain remains at 1.28%")? */
static int country_before(const struct field *f, const struct cand *c)
{
	size_t lo = f->msent[c->sent], hi = f->msent[c->sent + 1];

	while (lo < hi) {		/* the last mention starting before it */
		size_t mid = lo + (hi - lo) / 2;

		if (f->men[mid].tok < c->e.first)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo, n = 0; i-- > f->msent[c->sent] && n < 4; n++) {
		const struct mention *m = &f->men[i];

		if (m->country >= 0 && m->last < c->e.first && m->last + 4 >= c->e.first)
			return 1;
	}
	return 0;
}

#define WINDOW 40

/* Scores the cues around the figure and keeps the best category. */
void classify_category(const struct field *f, struct cand *c)
{
	const struct sentence *s = &f->sent[c->sent];
	size_t lo = c->e.first > s->begin + WINDOW ? c->e.first - WINDOW : s->begin;
	size_t last = c->e.has_note ? c->e.note_last : c->e.last;
	size_t hi = last + WINDOW < s->end ? last + WINDOW : s->end;
	struct best b = { f->lex->cat_other, 0.02 };

	for (size_t j = found_from(f->cues, f->ncues, lo);
	     j < f->ncues && f->cues[j].tok < hi; j++) {
		const struct found *fd = &f->cues[j];
		size_t k = fd->tok;

		if (c->head_tok != NO_TOK && k >= c->item_first && k <= c->head_tok)
			continue;
		for (int i = fd->p->id; i >= 0; i = f->lex->cue[i].next)
			consider(f, c, &f->lex->cue[i], k, k + fd->p->nwords - 1, lo, hi, &b);
	}
	head_cues(f, c, lo, hi, &b);
	for (size_t cat = 0; !c->e.fraction && cat < f->lex->ncat; cat++) {
		double sc = f->pscore[(size_t)s->para * f->lex->ncat + cat] / 11.0;

		if (f->bscore[cat] > 0 && country_before(f, c))
			sc = fmax(sc, f->bscore[cat] / 11.0);
		if (sc > b.score && (f->lex->cat[cat].units & UK_BIT(c->e.kind))) {
			b.score = sc;
			b.cat = (int)cat;
		}
	}
	c->cat = b.cat;
}
