/* sentences.c - sentences and paragraphs of raw text, before tokenizing. */
#include <string.h>

#include "extract_int.h"

static inline int is_space_at(const char *t, size_t i, size_t len, size_t *n)
{
	const unsigned char *u = (const unsigned char *)t + i;

	*n = 1;
	if (t[i] == ' ' || t[i] == '\t' || t[i] == '\r')
		return 1;
	if (i + 1 < len && u[0] == 0xC2 && u[1] == 0xA0)
		return *n = 2, 1;
	if (i + 2 < len && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] <= 0x8B || u[2] == 0xAF))
		return *n = 3, 1;
	return 0;
}

/* A closing quote or bracket after a full stop: " ' ) ” ’. */
static size_t closer_at(const char *t, size_t i, size_t len)
{
	const unsigned char *u = (const unsigned char *)t + i;

	if (t[i] == '"' || t[i] == '\'' || t[i] == ')')
		return 1;
	if (i + 2 < len && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x9D || u[2] == 0x99))
		return 3;
	return 0;
}

/* Can a sentence start at t[i]: a capital, a digit or a mark, not a
 * lower-case letter. */
static int starts_sentence(const char *t, size_t i, size_t len)
{
	unsigned char c = (unsigned char)t[i];

	if (c >= 'a' && c <= 'z')
		return 0;
	if (c < 0x80)
		return 1;
	if (utf8_upper_at(t + i, t + len))
		return 1;
	return c == 0xE2;	/* quotes, dashes */
}

/* The eight bytes of w in reverse order. */
static inline uint64_t reverse8(uint64_t w)
{
#if defined(__GNUC__)
	return __builtin_bswap64(w);
#else
	uint64_t r = 0;

	for (int k = 0; k < 8; k++, w >>= 8)
		r = r << 8 | (w & 0xFF);
	return r;
#endif
}

/* How many ASCII letters end right before t[i]: the eight bytes before
 * it read at once, backwards; beyond them, byte by byte, unless there
 * are more than cap already (the caller needs no more). */
static size_t letters_before(const char *t, size_t i, size_t cap)
{
	size_t n = 0;

	if (i >= 8) {
		n = lex_letters8(reverse8(lex_load8((const unsigned char *)t + i - 8)));
		if (n < 8 || n > cap)
			return n;
	}
	while (n < i && ((t[i - n - 1] | 0x20) >= 'a' && (t[i - n - 1] | 0x20) <= 'z'))
		n++;
	return n;
}

/* Is the word before the full stop at i an initial or an abbreviation? */
static int abbreviation(const struct lexicon *lex, const char *t, size_t i)
{
	size_t n = letters_before(t, i, lex->abbrev_max);
	uint32_t id;

	if (n == 1)
		return 1;
	if (n == 0 || n > lex->abbrev_max)
		return 0;	/* no word, or longer than any abbreviation */
	id = lexicon_word(lex, t + i - n, n);
	return id && ((lex->rmask[id] >> LR_ABBREV) & 1);
}

/* Where a sentence ending at the mark at i (of n bytes) ends, or 0 when
 * no sentence ends there. */
static size_t sentence_end(const struct lexicon *lex, const char *t, size_t i,
			   size_t n, size_t len)
{
	size_t k = i + n, sp;

	while (k < len && closer_at(t, k, len))
		k += closer_at(t, k, len);
	if (k >= len || !is_space_at(t, k, len, &sp))
		return 0;
	for (sp = k; sp < len; ) {
		size_t m;

		if (!is_space_at(t, sp, len, &m))
			break;
		sp += m;
	}
	if (sp >= len || t[sp] == '\n' || !starts_sentence(t, sp, len))
		return 0;
	if (t[i] == '.' && abbreviation(lex, t, i))
		return 0;
	return k;
}

static void push_span(struct field *f, size_t s, size_t e, int para, int trig)
{
	size_t n;

	while (s < e && is_space_at(f->text, s, e, &n))
		s += n;
	while (e > s && (f->text[e - 1] == ' ' || f->text[e - 1] == '\t' ||
			 f->text[e - 1] == '\r'))
		e--;
	if (s >= e)
		return;
	RESERVE(f->span, f->spcap, f->nspan + 1);
	f->span[f->nspan].start = s;
	f->span[f->nspan].end = e;
	f->span[f->nspan].para = para;
	f->span[f->nspan].trigger = trig;
	f->nspan++;
}

/* Byte kinds for the one pass that splits sentences and finds what may
 * be a figure. */
enum { K_END = 1, K_DIGIT = 2, K_LETTER = 4 };

#define L4 K_LETTER, K_LETTER, K_LETTER, K_LETTER
static const unsigned char kinds[256] = {
	['\n'] = K_END, ['.'] = K_END, ['!'] = K_END, ['?'] = K_END, [0xE2] = K_END,
	['0'] = K_DIGIT, ['1'] = K_DIGIT, ['2'] = K_DIGIT, ['3'] = K_DIGIT,
	['4'] = K_DIGIT, ['5'] = K_DIGIT, ['6'] = K_DIGIT, ['7'] = K_DIGIT,
	['8'] = K_DIGIT, ['9'] = K_DIGIT,
	['A'] = K_LETTER, L4, L4, L4, L4, L4, L4, K_LETTER,	/* A-Z */
	['a'] = K_LETTER, L4, L4, L4, L4, L4, L4, K_LETTER,	/* a-z */
};
#undef L4

/* The first of the bytes that may end a sentence (newline . ! ? and the
 * lead byte of …) at or after i, eight bytes at a time; len if none. */
static size_t next_end(const unsigned char *u, size_t i, size_t len)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	static const unsigned char marks[] = { '\n', '.', '!', '?', 0xE2 };

	for (; i + 8 <= len; i += 8) {
		uint64_t w = lex_load8(u + i), hit = 0;

		for (size_t k = 0; k < sizeof(marks); k++) {
			uint64_t x = w ^ (ones * marks[k]);

			hit |= (x - ones) & ~x & high;
		}
		if (hit)
			return i + lex_first_byte(hit);
	}
	while (i < len && kinds[u[i]] != K_END)
		i++;
	return i;
}

/* Might the word of n letters ending at p (key k) be a number word?  It
 * has 3 to 9 letters, is not glued to a letter beyond ASCII, and the
 * filter lets it through: tested without a branch, since the length of
 * words is all but random. */
static int maybe_number_word(const struct field *f, const unsigned char *p,
			     const unsigned char *end, size_t n, uint64_t k)
{
	unsigned char next = p < end ? *p : 0;

	return (n - 3 <= 6) & (next < 0x80) &
	       lex_wordfilter_has(&f->lex->numberfilter, k, n);
}

/* Reads words of ASCII letters from *i, eight bytes at a time, and the
 * bytes between them that are neither digits nor may end a sentence;
 * stops after a number word (returns 1) or at a digit, at a byte that
 * may end the sentence, or at the end (returns 0), setting *i there. */
static int read_words(const struct field *f, size_t *i)
{
	const unsigned char *u = (const unsigned char *)f->text, *end = u + f->len;
	const unsigned char *p = u + *i;

	while (p < end) {
		const unsigned char *w0 = p;
		uint64_t w, k;
		unsigned m;
		size_t n;

		if (kinds[*p] != K_LETTER) {
			if (kinds[*p])
				break;
			p++;
			continue;
		}
		w = lex_load8_upto(p, end);
		m = lex_letters8(w);
		p += m;
		k = lex_key_step(LEX_KEY_SEED, w, m);
		while (m == 8) {	/* a long word: only nine letters count */
			w = lex_load8_upto(p, end);
			m = lex_letters8(w);
			if (m && p - w0 == 8)
				k = lex_key_step(k, w, m);
			p += m;
		}
		n = (size_t)(p - w0);
		if (maybe_number_word(f, p, end, n, k) &&
		    lexicon_number_word(f->lex, (const char *)w0, n)) {
			*i = (size_t)(p - u);
			return 1;
		}
	}
	*i = (size_t)(p - u);
	return 0;
}

/* Splits f->text into spans (sentences; paragraphs at blank lines) and
 * marks those holding a digit or a number word, in one pass: words are
 * read until one is found, then only the bytes that may end the sentence. */
void sentences_split(struct field *f)
{
	const char *t = f->text;
	const unsigned char *u = (const unsigned char *)t;
	size_t len = f->len, start = 0, i = 0, k;
	int para = 0, trig = 0;

	while (i < len) {
		unsigned char c;
		unsigned kind;

		if (trig && (i = next_end(u, i, len)) >= len)
			break;
		c = u[i];
		kind = kinds[c];
		if (!kind) {
			i++;
			continue;
		}
		if (kind == K_LETTER) {
			trig = read_words(f, &i);
			continue;
		}
		if (kind == K_DIGIT) {
			trig = 1;
			i++;
			continue;
		}
		if (c == '\n') {
			int nl = 0;

			push_span(f, start, i, para, trig);
			trig = 0;
			while (i < len && (t[i] == '\n' || t[i] == ' ' || t[i] == '\t' || t[i] == '\r'))
				nl += t[i++] == '\n';
			para += nl >= 2 && f->nspan && f->span[f->nspan - 1].para == para;
			start = i;
			continue;
		}
		if ((c == '.' || c == '!' || c == '?') && (k = sentence_end(f->lex, t, i, 1, len))) {
			push_span(f, start, k, para, trig);
			trig = 0;
			start = i = k;
			continue;
		}
		if (c == 0xE2 && i + 2 < len && u[i + 1] == 0x80 && u[i + 2] == 0xA6 &&
		    (k = sentence_end(f->lex, t, i, 3, len))) {
			push_span(f, start, k, para, trig);	/* … */
			trig = 0;
			start = i = k;
			continue;
		}
		i++;
	}
	push_span(f, start, len, para, trig);
}
