/*
 * extract_int.h - what the parts of extraction share (extract.c drives;
 * classify.c gives category and item, place.c the country, scope.c the
 * scope).  Not a public header.
 */
#ifndef TALLY_EXTRACT_INT_H
#define TALLY_EXTRACT_INT_H

#include "tally/extract.h"
#include "tally/numbers.h"

#define NO_TOK ((size_t)-1)

/* A sentence of the raw text (bytes), found before tokenizing; only
 * sentences that may hold a figure are tokenized. */
struct span {
	size_t start, end;	/* bytes [start, end) */
	int para;
	int trigger;		/* holds a digit or a number word */
};

struct sentence {
	size_t begin, end;	/* tokens [begin, end) */
	int para;
	size_t span;		/* its span */
};

struct mention {
	size_t tok, last;	/* tokens of the country's name */
	int country;
	int weak;		/* demonym of people (Chinese nationals), a list */
	int bound;		/* "N in Country": the number's own place */
	int group;		/* not a country: a group phrase (Allies) */
	int listed;		/* one of a list: "Thailand, Laos and Cambodia" */
	int sent;
};

/* A figure on its way to being a fact. */
struct cand {
	struct numexpr e;
	int field;		/* enum fact_field */
	int sent, para;
	int cat;
	int place;		/* country index, -1 */
	int head;		/* enum head_class */
	int explicit_head;
	size_t item_first, item_last;	/* item tokens, NO_TOK if none */
	size_t head_tok;
	int scope;		/* enum scope */
	int part_cue, context_cue;
	int year;		/* year the figure is about, 0 if none said */
	int partitive_of;	/* index of the figure this one is a part of, -1 */
	int drop;
};

/* A phrase that starts at a token (the cues of a field, found once). */
struct found {
	size_t tok;
	const struct lex_phrase *p;
};

/* One field (title or body) being read. */
struct field {
	const struct lexicon *lex;
	const char *text;
	size_t len;
	int field;		/* enum fact_field */
	const char *dateline;	/* the bulletin's, or NULL */
	struct span *span;
	size_t nspan, spcap;
	int *lazy;		/* per paragraph: country first named in its
				 * untokenized sentences; -1 none (so far) */
	size_t *lazy_off;	/* ... and where */
	size_t *lazy_next;	/* ... and the span to read next for it */
	struct tokens tk;
	uint8_t *trap;
	uint8_t *nomention;	/* tokens of a dateline: no place there */
	struct sentence *sent;
	size_t nsent, scap;
	float *pscore;		/* [para * ncat + cat]: paragraph cue weight */
	float *bscore;		/* [cat]: bulletin cue weight (shared by the
				 * title and the body) */
	uint32_t *cover;	/* prefix counts of tokens inside figures and
				 * their nouns (the current sentence) */
	uint32_t *figpre;	/* prefix counts of tokens inside figures */
	uint8_t *sgroup;	/* per sentence: names a group of countries */
	int npara;
	size_t *msent;		/* per sentence: its first mention */
	int *topic;		/* per paragraph: its topic mention, -1 */
	struct mention *men;
	size_t nmen, mcap;
	struct found *cues;	/* LR_CUE phrases of the sentences, in order */
	struct found *scopes;	/* LR_SCOPE phrases */
	size_t ncues, nscopes, cuecap, scopecap;
	int home;

	/* The capacities of the arrays above: they are kept from one
	 * bulletin to the next (struct extractor), grown with RESERVE(). */
	size_t lazycap, lazyoffcap, lazynextcap, trapcap, nomcap, covercap, figcap, pscap,
	       mscap, topcap, sgcap;
	struct field *scratch;	/* where sentences are tokenized for a
				 * paragraph's topic (place.c) */
};

/* Makes room for n elements in the array v of capacity cap; the memory
 * stays with the field for the next bulletin.  (The test is xgrow()'s
 * own, made here so that the usual case costs no call.) */
#define RESERVE(v, cap, n) \
	((n) > (cap) ? xgrow((void **)&(v), &(cap), (n), sizeof(*(v))) : (void)0)

/* Frees the arrays of a field (a field borrows nothing but its text and
 * its scratch field, and its span array when it is a scratch field). */
void field_release(struct field *f);

struct cands {
	struct cand *v;
	size_t n, cap;
};

/* sentences.c */
void sentences_split(struct field *f);

/* classify.c */
void classify_head(const struct field *f, struct cand *c,
		   const struct cands *all, size_t first_in_sent);
void classify_category(const struct field *f, struct cand *c);

/* place.c */
void place_mentions(struct field *f);
void place_index(struct field *f);
void place_mark_dateline(struct field *f);
void place_assign(const struct field *f, struct cand *c);

/* scope.c */
void scope_cues(const struct field *f, struct cand *c, const struct cands *all,
		size_t first_in_sent);
void scope_resolve(const struct lexicon *lex, struct cands *all, int pub_year);

/* The index of the first of the n found phrases v that starts at token
 * tok or after (n when none does). */
static inline size_t found_from(const struct found *v, size_t n, size_t tok)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].tok < tok)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Tokens inside figures among tokens [a, b) of the current sentence. */
static inline uint32_t figures_in(const struct field *f, size_t a, size_t b)
{
	return b > a ? f->figpre[b] - f->figpre[a] : 0;
}

/* Shared word tests, inline: they run at every token of every window. */

/* Is token i the (lexicon) word lower? */
static inline int tok_word(const struct field *f, size_t i, const char *lower)
{
	return i < f->tk.n && lexicon_word_is(f->lex, f->tk.v[i].word, lower);
}

/* Is token i the mark s? */
static inline int tok_mark(const struct field *f, size_t i, const char *s)
{
	return i < f->tk.n && f->tk.v[i].kind == TOK_MARK &&
	       token_is(&f->tk.v[i], f->text, s);
}

/* The longest phrase of role at token i of the field. */
static inline const struct lex_phrase *tok_match(const struct field *f, int role,
						 size_t i, size_t end)
{
	return lexicon_match(f->lex, role, f->tk.v, i, end, f->text);
}

#endif
