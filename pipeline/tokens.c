/* tokens.c - splitting text into words, numbers and marks (see tokens.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tally/lexicon.h"
#include "tally/tokens.h"
#include "tally/util.h"

#define MAX_DIGITS 15

static int is_upper_start(const unsigned char *p, size_t n);

/* The length of the UTF-8 sequence at s; 1 for a byte that starts none. */
size_t utf8_seqlen(const unsigned char *s, const unsigned char *end)
{
	size_t n = *s < 0x80 ? 1 : *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 :
		   *s >= 0xC0 ? 2 : 1;

	if ((size_t)(end - s) < n)
		return 1;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

static uint32_t codepoint(const unsigned char *s, size_t n)
{
	switch (n) {
	case 2: return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	case 3: return ((uint32_t)(s[0] & 0x0F) << 12) |
		       ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	case 4: return ((uint32_t)(s[0] & 0x07) << 18) |
		       ((uint32_t)(s[1] & 0x3F) << 12) |
		       ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	default: return s[0];
	}
}

enum cclass { C_MARK, C_SPACE, C_NEWLINE, C_DIGIT, C_LETTER, C_APOS };

static int is_space_cp(uint32_t c)
{
	return c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F ||
	       c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* ASCII character classes, by byte. */
static const unsigned char ascii_class[128] = {
	['\t'] = C_SPACE, ['\n'] = C_NEWLINE, ['\v'] = C_SPACE, ['\f'] = C_SPACE,
	['\r'] = C_SPACE, [' '] = C_SPACE,
	['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT,
	['4'] = C_DIGIT, ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT,
	['8'] = C_DIGIT, ['9'] = C_DIGIT, ['\''] = C_APOS,
	['A'] = C_LETTER, ['B'] = C_LETTER, ['C'] = C_LETTER, ['D'] = C_LETTER,
	['E'] = C_LETTER, ['F'] = C_LETTER, ['G'] = C_LETTER, ['H'] = C_LETTER,
	['I'] = C_LETTER, ['J'] = C_LETTER, ['K'] = C_LETTER, ['L'] = C_LETTER,
	['M'] = C_LETTER, ['N'] = C_LETTER, ['O'] = C_LETTER, ['P'] = C_LETTER,
	['Q'] = C_LETTER, ['R'] = C_LETTER, ['S'] = C_LETTER, ['T'] = C_LETTER,
	['U'] = C_LETTER, ['V'] = C_LETTER, ['W'] = C_LETTER, ['X'] = C_LETTER,
	['Y'] = C_LETTER, ['Z'] = C_LETTER,
	['a'] = C_LETTER, ['b'] = C_LETTER, ['c'] = C_LETTER, ['d'] = C_LETTER,
	['e'] = C_LETTER, ['f'] = C_LETTER, ['g'] = C_LETTER, ['h'] = C_LETTER,
	['i'] = C_LETTER, ['j'] = C_LETTER, ['k'] = C_LETTER, ['l'] = C_LETTER,
	['m'] = C_LETTER, ['n'] = C_LETTER, ['o'] = C_LETTER, ['p'] = C_LETTER,
	['q'] = C_LETTER, ['r'] = C_LETTER, ['s'] = C_LETTER, ['t'] = C_LETTER,
	['u'] = C_LETTER, ['v'] = C_LETTER, ['w'] = C_LETTER, ['x'] = C_LETTER,
	['y'] = C_LETTER, ['z'] = C_LETTER,
};

/* Classifies the character at p; *n is its length in bytes. */
static enum cclass classify(const unsigned char *p, const unsigned char *end,
			    size_t *n)
{
	uint32_t c;

	if (*p < 0x80) {
		*n = 1;
		return ascii_class[*p] ? (enum cclass)ascii_class[*p] : C_MARK;
	}
	*n = utf8_seqlen(p, end);
	if (*n == 1) {
		unsigned char b = *p;

		if (b == '\n')
			return C_NEWLINE;
		if (b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v')
			return C_SPACE;
		if (b >= '0' && b <= '9')
			return C_DIGIT;
		if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')
			return C_LETTER;
		if (b == '\'')
			return C_APOS;
		return b >= 0x80 ? C_LETTER : C_MARK;
	}
	c = codepoint(p, *n);
	if (c == 0x2019)
		return C_APOS;
	if (is_space_cp(c))
		return C_SPACE;
	if (c == 0x2028 || c == 0x2029)
		return C_NEWLINE;
	if (c == 0xD7 || c == 0xF7 || (c >= 0xA1 && c < 0xC0) ||
	    (c >= 0x2000 && c < 0x2E80) || (c >= 0xFE30 && c < 0xFE70) ||
	    (c >= 0xFF01 && c < 0xFF10) || c >= 0x1F000)
		return C_MARK;
	return C_LETTER;
}

/* Does an upper-case letter (ASCII or Latin) start at p? */
int utf8_upper_at(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;

	return p < end && is_upper_start(u, utf8_seqlen(u, (const unsigned char *)end));
}

static int is_upper_start(const unsigned char *p, size_t n)
{
	if (n == 1)
		return *p >= 'A' && *p <= 'Z';
	/* Latin-1 and Latin Extended-A capitals, enough for names */
	if (n == 2) {
		uint32_t c = codepoint(p, n);

		if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
			return 1;
		if (c >= 0x100 && c < 0x180)
			return !(c & 1);
	}
	return 0;
}

static struct token *push(struct tokens *out, size_t off, size_t len,
			  int kind, int flags)
{
	struct token *t;

	if (out->n + 1 > out->cap)
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof(*out->v));
	t = &out->v[out->n++];
	t->off = (uint32_t)off;
	t->len = (uint32_t)len;
	t->kind = (uint8_t)kind;
	t->flags = (uint8_t)flags;
	t->word = 0;
	return t;
}

/* Length of a run of digits at p. */
static size_t digits(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && *q >= '0' && *q <= '9')
		q++;
	return (size_t)(q - p);
}

/* Length of a single grouping space at p (space, no-break, thin, narrow
 * no-break, figure space), or 0. */
static size_t group_space(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;

	if (p < end && *p == ' ')
		return 1;
	if (end - p >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (end - p >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] == 0x89 || u[2] == 0xAF || u[2] == 0x87))
		return 3;
	return 0;
}

/* Is there a group of exactly three digits at p, not followed by more
 * digits or a decimal part that would make it another number? */
static int group3(const char *p, const char *end)
{
	return digits(p, end) == 3;
}

/* Scans a number at p: digits with one kind of thousands separator, then
 * an optional decimal part.  Sets *flags (TF_BADNUM, TF_NUMSPACE). */
static size_t scan_number(const char *p, const char *end, int *flags)
{
	const char *q = p;
	size_t first = digits(q, end), ndig = first, sp;
	char sep = 0;

	q += first;
	*flags = 0;
	for (;;) {
		if (q + 1 < end && (*q == ',' || *q == '.') &&
		    (!sep || sep == *q) && first <= 3 && group3(q + 1, end) &&
		    (*q == ',' || (q + 4 < end && q[4] == '.' && group3(q + 5, end)) ||
		     sep == '.')) {
			sep = *q;
			q += 4;
			ndig += 3;
			continue;
		}
		sp = group_space(q, end);
		if (sp && (!sep || sep == ' ') && first <= 3 &&
		    group3(q + sp, end)) {
			sep = ' ';
			*flags |= TF_NUMSPACE;
			q += sp + 3;
			ndig += 3;
			continue;
		}
		break;
	}
	if (q + 1 < end && *q == ',' && sep != '.' && digits(q + 1, end) &&
	    !group3(q + 1, end)) {
		/* "1,5" or "1,00,000": a decimal comma or a grouping we do
		 * not read; swallow it so that no part is read alone */
		*flags |= TF_BADNUM;
		while (q + 1 < end && *q == ',' && digits(q + 1, end))
			q += 1 + digits(q + 1, end);
	} else if (q + 1 < end && *q == '.' && sep != '.' && digits(q + 1, end)) {
		q += 1 + digits(q + 1, end);
	}
	if (ndig > MAX_DIGITS)
		*flags |= TF_BADNUM;
	return (size_t)(q - p);
}

static void scan_word(const char *text, const char *end, const char **pp)
{
	const char *p = *pp;
	size_t n;

	for (;;) {
		enum cclass c;

		if (p >= end)
			break;
		c = classify((const unsigned char *)p, (const unsigned char *)end, &n);
		if (c == C_LETTER) {
			p += n;
			continue;
		}
		if (c == C_DIGIT)
			break;		/* "USD34.6", "CV90": the digits are a number */
		if (c == C_APOS && p + n < end) {
			size_t m;
			enum cclass next = classify((const unsigned char *)p + n,
						    (const unsigned char *)end, &m);
			const char *after = p + n + m;
			size_t k;

			if (next != C_LETTER)
				break;
			/* a final 's is a token of its own */
			if ((p[n] == 's' || p[n] == 'S') &&
			    (after >= end || classify((const unsigned char *)after,
			     (const unsigned char *)end, &k) != C_LETTER))
				break;
			p += n;
			continue;
		}
		break;
	}
	(void)text;
	*pp = p;
}

static int word_flags(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = utf8_seqlen(u, u + len), letters = 0, upper = 0;
	int f = is_upper_start(u, n) ? TF_CAP : 0;

	for (size_t i = 0; i < len; i++) {
		if (u[i] >= 'a' && u[i] <= 'z')
			letters++;
		else if (u[i] >= 'A' && u[i] <= 'Z')
			letters++, upper++;
	}
	if (letters >= 2 && upper == letters)
		f |= TF_UPPER;
	return f;
}

/* Looks the token up; text[0..to) may be read. */
static void set_word(struct token *t, const struct lexicon *lex,
		     const char *text, size_t to)
{
	unsigned char c = (unsigned char)text[t->off];

	if (lex && t->len == 1 && c < 0x80)
		t->word = lex->charword[c];	/* marks, mostly */
	else if (lex)
		t->word = lexicon_word_in(lex, text + t->off, t->len, to - t->off);
}

/* Reads a run of ASCII letters at *pp, eight bytes at a time; returns the
 * flags word_flags() would give it (TF_CAP, TF_UPPER). */
static int ascii_letters(const unsigned char **pp, const unsigned char *end)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	const unsigned char *p = *pp;
	int all_upper = 1, f = *p >= 'A' && *p <= 'Z' ? TF_CAP : 0;

	for (;;) {
		uint64_t w = lex_load8_upto(p, end);
		unsigned m = lex_letters8(w);
		uint64_t in = m >= 8 ? high : high & ((1ull << (8 * m)) - 1);
		uint64_t lower = (w & ones * 0x20) << 2;	/* 0x80 if lower case */

		all_upper &= !(lower & in);
		p += m;
		if (m < 8)
			break;
	}
	if (p - *pp >= 2 && all_upper)
		f |= TF_UPPER;
	*pp = p;
	return f;
}

/* Tokenizes the whole of text (see tokens.h). */
void tokens_scan(struct tokens *out, const struct lexicon *lex,
		 const char *text, size_t len)
{
	tokens_scan_range(out, lex, text, 0, len, 1);
}

/* Tokenizes text[from..to), offsets from text; never fails. */
void tokens_scan_range(struct tokens *out, const struct lexicon *lex,
		       const char *text, size_t from, size_t to, int para)
{
	const char *p = text + from, *end = text + to;
	int pending = para ? TF_PARA : 0, newlines = 0;

	while (p < end) {
		size_t n;
		enum cclass c = classify((const unsigned char *)p,
					 (const unsigned char *)end, &n);
		const char *start = p;
		struct token *t;
		int f;

		if (c == C_SPACE || c == C_NEWLINE) {
			pending |= TF_SPACE;
			if (c == C_NEWLINE) {
				pending |= TF_NEWLINE;
				if (++newlines >= 2)
					pending |= TF_PARA;
			}
			p += n;
			continue;
		}
		newlines = 0;
		if (c == C_DIGIT) {
			p += scan_number(p, end, &f);
			t = push(out, (size_t)(start - text), (size_t)(p - start),
				 TOK_NUM, pending | f);
		} else if (c == C_LETTER) {
			const unsigned char *q = (const unsigned char *)p;

			/* the common case first: plain ASCII letters */
			f = ascii_letters(&q, (const unsigned char *)end);
			p = (const char *)q;
			if (p < end && ((unsigned char)*p >= 0x80 || *p == '\'')) {
				scan_word(text, end, &p);	/* it goes on */
				if (p != (const char *)q)
					f = word_flags(start, (size_t)(p - start));
			}
			t = push(out, (size_t)(start - text), (size_t)(p - start),
				 TOK_WORD, pending | f);
			set_word(t, lex, text, to);
		} else if (c == C_APOS && p + n < end && (p[n] == 's' || p[n] == 'S') &&
			   (p + n + 1 >= end ||
			    classify((const unsigned char *)p + n + 1,
				     (const unsigned char *)end, &n) != C_LETTER)) {
			p += (start[0] == '\'' ? 1 : 3) + 1;
			t = push(out, (size_t)(start - text), (size_t)(p - start),
				 TOK_WORD, pending);
			set_word(t, lex, text, to);
		} else {
			p += n;
			t = push(out, (size_t)(start - text), n, TOK_MARK, pending);
			set_word(t, lex, text, to);
		}
		pending = 0;
		/* the usual single space after a token, taken at once (as the
		 * loop would: a space sets TF_SPACE and leaves newlines be) */
		if (p < end && *p == ' ') {
			pending = TF_SPACE;
			p++;
		}
	}
}

/* Frees the tokens; t may be empty or already released. */
void tokens_release(struct tokens *t)
{
	if (!t)
		return;
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

/* The value of s[0..n) (digits, grouping, one decimal point when dots
 * is 1) when it has at most 15 digits: exact as a whole number, and a
 * quotient of two exact doubles after a point, which IEEE division
 * rounds as strtod() does; -1 when it has more digits. */
static int small_number(const char *s, size_t n, int dots, double *v)
{
	static const double pow10[] = {
		1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15
	};
	uint64_t m = 0;
	int digits = 0, frac = -1;

	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (++digits > 15)
				return -1;
			m = m * 10 + (uint64_t)(s[i] - '0');
			frac += frac >= 0;
		} else if (s[i] == '.' && dots == 1) {
			frac = 0;
		}
	}
	if (!digits)
		return -1;
	*v = frac > 0 ? (double)m / pow10[frac] : (double)m;
	return 0;
}

/* The value of a number token, grouping removed; -1 if unreadable. */
int token_number(const struct token *t, const char *text, double *v)
{
	char buf[64];
	size_t n = 0;
	const char *s = text + t->off, *e = s + t->len;
	int dots = 0;
	char *end;

	if (t->kind != TOK_NUM || (t->flags & TF_BADNUM))
		return -1;
	for (const char *q = s; q < e; q++)
		dots += *q == '.';
	if (small_number(s, t->len, dots, v) == 0)
		return 0;
	for (const char *q = s; q < e && n < sizeof(buf) - 1; q++) {
		if (*q >= '0' && *q <= '9')
			buf[n++] = *q;
		else if (*q == '.' && dots == 1)
			buf[n++] = '.';
		/* commas, spaces and dotted thousands are grouping */
	}
	buf[n] = 0;
	errno = 0;
	*v = strtod(buf, &end);
	if (end == buf || *end || errno)
		return -1;
	return 0;
}
