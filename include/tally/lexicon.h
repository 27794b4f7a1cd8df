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
#include <string.h>

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
	/* Once loaded: the second words of this phrase and the longer ones
	 * after it in its chain, as bits (word id mod 64), and the chain's
	 * first one-word phrase, to pass over the longer ones at once. */
	uint64_t seconds;
	const struct lex_phrase *tail;
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

/*
 * Words of raw text, eight bytes at a time, for the filters below: a
 * word here is a run of ASCII letters, keyed by its lower-cased bytes.
 * Eight bytes of text are read as a little-endian number on any machine
 * (byte i in bits 8i..8i+7).
 */
static inline uint64_t lex_load8(const unsigned char *p)
{
	return load_le64(p);
}

/* Eight bytes of text from p, zeros past end (a word stops there). */
static inline uint64_t lex_load8_upto(const unsigned char *p,
				      const unsigned char *end)
{
	if (end - p >= 8)
		return lex_load8(p);
	{
		unsigned char b[8] = { 0 };	/* zeroed on this path only */

		memcpy(b, p, (size_t)(end - p));
		return lex_load8(b);
	}
}

/* The index of the first byte whose high bit is set in m (m != 0). */
static inline unsigned lex_first_byte(uint64_t m)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctzll(m) / 8;
#else
	unsigned i = 0;

	while (!((m >> (8 * i + 7)) & 1))
		i++;
	return i;
#endif
}

/* How many ASCII letters the eight bytes w start with (0 to 8). */
static inline unsigned lex_letters8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	uint64_t x = (w | ones * 0x20) & ~high;	/* lower case, 7 bits */
	uint64_t ge_a = x + ones * (0x80 - 'a'), gt_z = x + ones * (0x80 - 'z' - 1);
	uint64_t other = ~(ge_a & ~gt_z & ~w) & high;

	return other ? lex_first_byte(other) : 8;
}

#define LEX_KEY_SEED 0x9E3779B97F4A7C15ull

/* The key of a word so far, and n (1 to 8) more of its letters from w. */
static inline uint64_t lex_key_step(uint64_t k, uint64_t w, unsigned n)
{
	uint64_t m = n >= 8 ? ~0ull : (1ull << (8 * n)) - 1;

	return (k ^ ((w | 0x2020202020202020ull) & m)) * 0xFF51AFD7ED558CCDull;
}

/* A Bloom filter of words spelt in ASCII letters, tested with the key
 * of their lower-cased letters computed as raw text is scanned. */
struct lex_wordfilter {
	uint64_t bits[1024];
	int off;		/* it could not hold one of its words: every
				 * test says maybe */
};

/* Is the word of len letters whose key is k in the filter (maybe)? */
static inline int lex_wordfilter_has(const struct lex_wordfilter *wf,
				     uint64_t k, size_t len)
{
	uint32_t h = (uint32_t)(((k ^ len) * LEX_KEY_SEED) >> 48);

	return (wf->bits[h >> 6] >> (h & 63)) & 1;
}

/* The key of a word's form: its first 16 bytes (zero-padded), its
 * length and its hash (see lexicon.c). */
struct lex_wordkey {
	uint64_t head[2];
	uint32_t len, hash;
};

struct lexicon {
	/* word table: open addressing on the lower-cased form */
	char **word;		/* id -> form; id 0 unused */
	struct lex_wordkey *wkey;	/* id -> the key of the form */
	uint32_t nwords;
	size_t wcap;
	uint32_t charword[128];	/* the id of each one-byte ASCII word */
	size_t abbrev_max;	/* the longest first word of an abbreviation
				 * (LR_ABBREV) */
	uint64_t *slot;		/* hash slots: the hash of a form (high 32
				 * bits) and its id; 0 = empty; at most a
				 * quarter in use, so that a word not there
				 * is told in a probe or two */
	uint32_t nslots;

	const struct lex_phrase **heads;	/* [word * LR__COUNT + role] */
	struct lex_phrase *block;	/* once loaded, all phrases, chain
					 * by chain (NULL while loading) */
	uint32_t *wordpool;		/* ... and their words */
	uint64_t *rmask;		/* [word]: roles it starts a phrase of,
					 * and the LEXM_ bits */
	size_t hcap;			/* words the heads have room for */
	struct lex_wordfilter placefilter;	/* a word of each country name */
	struct lex_wordfilter numberfilter;	/* words that start a figure
						 * in words (lexicon_number_word) */
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

/* Is word id (0: none) spelt lower?  Inline, so that the length of a
 * literal is known when it is compiled and most words fail on it. */
static inline int lexicon_word_is(const struct lexicon *lex, uint32_t id,
				  const char *lower)
{
	size_t n = strlen(lower);

	return id && lex->wkey[id].len == n && !memcmp(lex->word[id], lower, n);
}

/* Loads the lexicon from dir (NULL: $TALLY_LEXICON, else DATADIR/lexicon). */
int lexicon_load(struct lexicon **lex, const char *dir, struct diag *d);
void lexicon_free(struct lexicon *lex);

/* The id of the lower-cased word s[0..len), 0 when it is no lexicon word. */
uint32_t lexicon_word(const struct lexicon *lex, const char *s, size_t len);
/* The same for a word inside a larger text, of which s[0..avail) may be
 * read (avail >= len): faster, as it may read sixteen bytes at once. */
uint32_t lexicon_word_in(const struct lexicon *lex, const char *s, size_t len,
			 size_t avail);

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
