/*
 * numbers.h - numeric expressions in tokenized text.
 *
 * numbers_scan() finds every figure of a span of tokens and says what it
 * is worth: value (1,006 -> 1006; USD 8.6 million -> 8600000; nearly two
 * dozen -> 24; one in three -> 33.33), unit (count, percent, an ISO 4217
 * code, kg, t, year...), qualifier (more than -> at_least), the tokens it
 * spans (qualifier to unit: the fact's evidence text), ranges ("between 10
 * and 15 tonnes": two expressions, at_least and at_most) and a bracketed
 * restatement ("186 billion zlotys ($48.5 billion)": one expression, the
 * bracket kept as its note).  It leaves out what the fact model says is no
 * figure: dates, years and fiscal years, times, phone numbers, ordinals,
 * designations (F-16, Article 5, No. 1355), ages, prison sentences,
 * compound adjectives (three-year), relative time (five years ago), number
 * words that count nothing (the two leaders); and it counts, without
 * guessing, the numbers it cannot read (1,5; a currency it cannot tell).
 *
 * It knows no categories.  Positions are token indices, advanced only on
 * success (a cursor over tokens, in the manner of curl's strparse); the
 * byte offsets come from the tokens.  Time is linear in the tokens.
 */
#ifndef TALLY_NUMBERS_H
#define TALLY_NUMBERS_H

#include <stddef.h>
#include <stdint.h>

#include "tally/fact.h"
#include "tally/lexicon.h"
#include "tally/tokens.h"

struct numexpr {
	double value;
	const char *unit;	/* count, percent, ISO code, kg, year, times */
	int kind;		/* enum unit_kind */
	enum qualifier qual;
	size_t first, last;	/* tokens of the expression (inclusive) */
	size_t fig;		/* first token of the figure itself */
	size_t note_first, note_last;	/* bracketed restatement (has_note) */
	uint8_t range;		/* 0; 1 the low end; 2 the high end */
	uint8_t words;		/* figure written in words */
	uint8_t fraction;	/* a fraction or ratio made a percentage */
	uint8_t has_note;
	uint8_t qual_over;	/* the qualifier was a bare "over" */
};

struct numexprs {
	struct numexpr *v;
	size_t n, cap;
};

#define NUMEXPRS_INIT { NULL, 0, 0 }

/* What the scanner needs besides the tokens. */
struct numbers_ctx {
	const struct lexicon *lex;
	const char *text;	/* the field the tokens point into */
	const struct token *t;
	size_t n;		/* tokens of the field */
	uint8_t *trap;		/* per token: marked as no figure (n bytes) */
	int home;		/* the bulletin's country (local dollars), -1 */
};

struct numbers_stats {
	long unreadable;	/* numbers left out because unreadable */
};

/* Marks the tokens of cx that are parts of dates, times, phone numbers,
 * references and designations (cx->trap, which must hold cx->n bytes). */
void numbers_mark_traps(const struct numbers_ctx *cx);

/* Appends the expressions of tokens [begin, end) (one sentence) to out. */
void numbers_scan(const struct numbers_ctx *cx, size_t begin, size_t end,
		  struct numexprs *out, struct numbers_stats *st);

/* Receives the expressions of a sentence one at a time, in order; e lives
 * only during the call. */
typedef void (*numexpr_fn)(void *ctx, const struct numexpr *e);

/* The same, handing each expression to fn(ctx, e) as it is complete, so
 * that a sentence of many figures needs no list of them. */
void numbers_scan_each(const struct numbers_ctx *cx, size_t begin, size_t end,
		       numexpr_fn fn, void *ctx, struct numbers_stats *st);

void numexprs_release(struct numexprs *e);

#endif
