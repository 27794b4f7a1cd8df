/*
 * lexicon.h - the words tally knows, loaded from data files.
 *
 * Words are data: number words, units, qualifiers, currencies, countries
 * with their demonyms, the classes of counted nouns, and the cue words of
 * each category live in JSON files under a lexicon folder (by default
 * DATADIR/lexicon; see data/lexicon/README.md and schemas/lexicon-*.json).
 * lexicon_load() reads them once and builds lookup tables; after that a
 * lexicon is read-only and may be shared.
 *
 * Every word of every phrase gets an id (its lower-cased form, with ’ read
 * as '); tokens carry the id of their word, and a phrase is found by the
 * id of its first word, longest phrase first (lexicon_match()).  Phrases
 * are matched without regard to case, except ISO currency codes, month
 * names and the like, which must be spelt as listed (LEXF_EXACT), and
 * country names and demonyms, which must start with a capital (LEXF_CAP).
 *
 * Errors: lexicon_load() returns -1 with d naming the file and the member
 * at fault; nothing is half-loaded.
 */
#ifndef TALLY_LEXICON_H
#define TALLY_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "tally/diag.h"
#include "tally/tokens.h"
#include "tally/util.h"

/* What a figure measures, as far as its unit tells. */
enum unit_kind {
	UK_COUNT, UK_MONEY, UK_PERCENT, UK_MASS, UK_VOLUME, UK_AREA,
	UK_DURATION, UK_TIMES, UK__COUNT
};
#define UK_BIT(k) (1u << (k))

/* Classes of the noun a figure counts (its head). */
enum head_class {
	HC_NONE, HC_PERSON, HC_COUNTRY, HC_ABSTRACT, HC_CONTAINER, HC_THING,
	HC_VULNERABLE,		/* children, women...: people, often victims */
	HC__COUNT
};
#define HC_BIT(c) (1u << (c))

enum lex_role {
	LR_ONES, LR_TENS, LR_SCALE, LR_DOZEN, LR_SUFFIX, LR_FRACTION, LR_FOLD,
	LR_MONTH, LR_DESIGNATOR, LR_PHONE, LR_TIME, LR_AGE_BEFORE, LR_AGE_AFTER,
	LR_PRISON, LR_REL_BEFORE, LR_REL_AFTER, LR_NOTHING, LR_ABBREV,
	LR_UNIT, LR_IGNORE_UNIT, LR_POUND_MASS,
	LR_QUAL_BEFORE, LR_QUAL_AFTER,
	LR_CUR_CODE, LR_CUR_SYMBOL, LR_CUR_NAME, LR_CUR_FAMILY,
	LR_COUNTRY, LR_GROUP, LR_EXCEPT,
	LR_CLASS, LR_CUE, LR_SCOPE, LR_STOP,
	LR__COUNT
};

/* Derived bits of lexicon.rmask, above the roles: what a word may do
 * (computed once the files are read). */
#define LEXM_FIGURE_START (1ull << 63)	/* may begin a numeric expression:
					 * a number word, qualifier, currency,
					 * "a", "an", "half", "one" */

#define LEXF_EXACT 1		/* spelling must match exactly */
#define LEXF_CAP   2		/* first letter must be upper case */

struct lex_phrase {
	const struct lex_phrase *next;	/* same role and first word; longer first */
	uint32_t *words;
	char **forms;			/* spelling of each word (LEXF_EXACT) */
	uint16_t nwords;
	uint8_t role, flags;
	int id;				/* index: unit, currency, family, country,
					 * class, first cue */
	int kind;			/* sub-kind: qualifier, unit kind, flag */
	double value;			/* number words and multipliers */
};

/* Where a cue must be: on the counted noun, near the figure, anywhere in
 * its paragraph, or anywhere in the bulletin when a country is named
 * right before the figure ("Greece 3.08%" in a bulletin about GDP). */
enum cue_at { CUE_HEAD, CUE_NEAR, CUE_PARAGRAPH, CUE_BULLETIN };
enum cue_side { SIDE_BOTH, SIDE_BEFORE, SIDE_AFTER };

struct lex_cue {
	int category;		/* index in categories; scope cues: enum scope */
	float weight;
	uint8_t at, side, explicit_head;
	int max;		/* words between cue and figure, at most */
	unsigned heads;		/* HC_BIT set allowed; 0 means any */
	unsigned units;		/* UK_BIT set; 0 means the category's */
	uint32_t *with;		/* word ids, one of which the sentence holds */
	size_t nwith;
	int next;		/* next cue of the same phrase, or -1 */
};

struct lex_category {
	char *name;
	unsigned units;		/* UK_BIT set */
	int place;		/* 0: figures of this category have no place */
	int national_parts;	/* a country's figure in an operation is a part */
	int marks_operation;	/* a figure of it (19 countries) makes the
				 * bulletin a multi-country operation */
};

struct lex_unit {
	char *code;		/* "kg", "percent", "year" */
	int kind;		/* enum unit_kind */
};

struct lex_country {
	char *name;
	char code[4];
};

struct lex_family {		/* a currency name several countries use */
	char dflt[4];		/* "" when there is no default */
	int needs_scale;	/* read as money only after million etc. */
	int *country;		/* country indices ... */
	char (*code)[4];	/* ... and their currency */
	size_t n;
};

/* A Bloom filter of words spelt in ASCII letters, tested with a hash of
 * their lower-cased letters computed while raw text is scanned. */
struct lex_wordfilter {
	uint64_t bits[1024];
	int off;		/* it could not hold one of its words: every
				 * test says maybe */
};

#define LEX_HASH_SEED 0x811C9DC5u
/* One letter (either case) more of a word's hash. */
static inline uint32_t lex_hash_step(uint32_t h, unsigned char c)
{
	return (h ^ (c | 0x20u)) * 0x01000193u;
}

static inline int lex_wordfilter_has(const struct lex_wordfilter *wf, uint32_t h)
{
	h >>= 16;
	return (wf->bits[h >> 6] >> (h & 63)) & 1;
}

struct lexicon {
	/* word table: open addressing on the lower-cased form */
	char **word;		/* id -> form; id 0 unused */
	uint32_t *whash;	/* id -> hash of the form */
	uint32_t nwords;
	size_t wcap;
	uint32_t *slot;		/* hash slots holding ids, 0 = empty */
	uint32_t nslots;

	const struct lex_phrase **heads;	/* [word * LR__COUNT + role] */
	uint64_t *rmask;		/* [word]: roles it starts a phrase of,
					 * and the LEXM_ bits */
	uint8_t numfilter[26 * 26 * 2];	/* first two letters of number words */
	size_t hcap;			/* words the heads have room for */
	struct lex_wordfilter placefilter;	/* a word of each country name */
	struct lex_phrase **phrases;
	size_t nphrases, pcap;

	struct lex_category *cat;
	size_t ncat;
	int cat_other;		/* index of "other" */
	struct lex_cue *cue;
	size_t ncue, cuecap;
	struct lex_unit *unit;
	size_t nunit;
	char (*currency)[4];
	size_t ncurrency;
	struct lex_family *family;
	size_t nfamily;
	struct lex_country *country;
	size_t ncountry;

	struct arena strings;
};

/* Loads the lexicon from dir (NULL: $TALLY_LEXICON, else DATADIR/lexicon). */
int lexicon_load(struct lexicon **lex, const char *dir, struct diag *d);
void lexicon_free(struct lexicon *lex);

/* The id of the lower-cased word s[0..len), 0 when it is no lexicon word. */
uint32_t lexicon_word(const struct lexicon *lex, const char *s, size_t len);

const struct lex_phrase *lexicon_match_at(const struct lexicon *lex, int role,
					  const struct token *t, size_t i,
					  size_t n, const char *text);

/* The longest phrase of role that starts at token i of t[0..n) (text is
 * what the tokens point into), or NULL. */
static inline const struct lex_phrase *
lexicon_match(const struct lexicon *lex, int role, const struct token *t,
	      size_t i, size_t n, const char *text)
{
	if (i >= n || !((lex->rmask[t[i].word] >> role) & 1))
		return NULL;
	return lexicon_match_at(lex, role, t, i, n, text);
}

/* Is s[0..len) a word that starts a figure in words (eight, dozen,
 * million, thirds)?  A fast test for text that is not tokenized yet. */
int lexicon_number_word(const struct lexicon *lex, const char *s, size_t len);

/* Might text[0..len) name a country (LR_COUNTRY)?  0 means surely not
 * (it lacks a word of every name); 1 maybe.  A fast test on raw text,
 * before it is tokenized. */
int lexicon_may_name_place(const struct lexicon *lex, const char *text,
			   size_t len);

/* Index of the category called name, or -1. */
int lexicon_category(const struct lexicon *lex, const char *name);

/* The code of ISO currency index i. */
const char *lexicon_currency(const struct lexicon *lex, int i);

/* Resolves a currency family for a bulletin from country home (-1: none);
 * returns the code or NULL when the family has no reading there. */
const char *lexicon_family_code(const struct lexicon *lex, int family,
				int home);

#endif
