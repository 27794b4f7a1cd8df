/*
 * tokens.h - text split into words, numbers and marks, with byte offsets.
 *
 * The tokenizer is the first step of extraction: it never fails and takes
 * linear time.  A token is a word (letters: "F", "Türkiye", "d'Ivoire";
 * "CV90" is the word "CV" and the number "90", glued), a number (digits with their grouping:
 * "1,006", "20 000" with a plain, thin or no-break space, "8.6") or a mark
 * (one character of anything else: "$", "€", "%", "-", "(").  A final "'s"
 * or "’s" is a token of its own, so "Greece’s" gives "Greece" and "’s".
 * Numbers whose grouping cannot be read with confidence ("1,5",
 * "1,00,000", more than 15 digits) are flagged TF_BADNUM.
 *
 * Offsets are bytes from the start of the text tokenized; each token also
 * carries the lexicon id of its lower-cased form (0 when the word is in no
 * lexicon list, or when tokens_scan() was given no lexicon).
 */
#ifndef TALLY_TOKENS_H
#define TALLY_TOKENS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct lexicon;

enum tok_kind { TOK_WORD = 1, TOK_NUM, TOK_MARK };

#define TF_SPACE   0x01		/* white space before the token */
#define TF_NEWLINE 0x02		/* a line break before it */
#define TF_PARA    0x04		/* a blank line (or the text's start) before it */
#define TF_CAP     0x08		/* word starting with an upper-case letter */
#define TF_UPPER   0x10		/* word of two or more letters, all upper case */
#define TF_BADNUM  0x20		/* number that cannot be read with confidence */
#define TF_NUMSPACE 0x40	/* number grouped with spaces ("20 000") */

struct token {
	uint32_t off, len;	/* bytes in the text */
	uint32_t word;		/* lexicon word id, 0 if none */
	uint8_t kind, flags;
};

struct tokens {
	struct token *v;
	size_t n, cap;
};

#define TOKENS_INIT { NULL, 0, 0 }

/* Appends the tokens of text[0..len) to out (offsets from text). */
void tokens_scan(struct tokens *out, const struct lexicon *lex,
		 const char *text, size_t len);
/* The same for text[from..to), offsets still from text; para says whether
 * the range starts a paragraph (TF_PARA on its first token). */
void tokens_scan_range(struct tokens *out, const struct lexicon *lex,
		       const char *text, size_t from, size_t to, int para);

/* Does an upper-case letter start at p? */
int utf8_upper_at(const char *p, const char *end);
void tokens_release(struct tokens *t);

/* Returns 1 when token t spells exactly s (case-sensitive). */
static inline int token_is(const struct token *t, const char *text,
			   const char *s)
{
	size_t n = strlen(s);

	return t->len == n && !memcmp(text + t->off, s, n);
}

/* Reads the value of a number token into *v; -1 when it is TF_BADNUM or
 * out of range. */
int token_number(const struct token *t, const char *text, double *v);

/* The length of the UTF-8 sequence starting at s (1 for a stray byte). */
size_t utf8_seqlen(const unsigned char *s, const unsigned char *end);

#endif
