/* sentences.c - sentences and paragraphs of raw text, before tokenizing. */
#include <string.h>

#include "extract_int.h"

static int is_space_at(const char *t, size_t i, size_t len, size_t *n)
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

/* Is the word before the full stop at i an initial or an abbreviation? */
static int abbreviation(const struct lexicon *lex, const char *t, size_t i)
{
	size_t ws = i;
	uint32_t id;

	while (ws > 0 && ((t[ws - 1] | 0x20) >= 'a' && (t[ws - 1] | 0x20) <= 'z'))
		ws--;
	if (i - ws == 1)
		return 1;
	if (i == ws)
		return 0;
	id = lexicon_word(lex, t + ws, i - ws);
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

/* Bytes: 1 letter, 2 digit, 0 anything else. */
static unsigned char byte_kind[256];

static void init_kinds(void)
{
	if (byte_kind['a'])
		return;
	for (int c = 'a'; c <= 'z'; c++)
		byte_kind[c] = byte_kind[c - 32] = 1;
	for (int c = '0'; c <= '9'; c++)
		byte_kind[c] = 2;
}

/* May the bytes hold a figure: a digit, or a number word? */
static int trigger(const struct lexicon *lex, const char *t, size_t s, size_t e)
{
	const unsigned char *u = (const unsigned char *)t;

	for (size_t i = s; i < e; ) {
		size_t w = i;

		while (i < e && !byte_kind[u[i]])
			i++;
		if (i >= e)
			break;
		if (byte_kind[u[i]] == 2)
			return 1;
		w = i;
		while (i < e && byte_kind[u[i]] == 1)
			i++;
		if (i - w >= 3 && i - w <= 9 && (i >= e || (unsigned char)t[i] < 0x80) &&
		    lexicon_number_word(lex, t + w, i - w))
			return 1;
	}
	return 0;
}

static void push_span(struct field *f, size_t s, size_t e, int para)
{
	size_t n;

	while (s < e && is_space_at(f->text, s, e, &n))
		s += n;
	while (e > s && (f->text[e - 1] == ' ' || f->text[e - 1] == '\t' ||
			 f->text[e - 1] == '\r'))
		e--;
	if (s >= e)
		return;
	xgrow((void **)&f->span, &f->spcap, f->nspan + 1, sizeof(*f->span));
	f->span[f->nspan].start = s;
	f->span[f->nspan].end = e;
	f->span[f->nspan].para = para;
	f->span[f->nspan].trigger = trigger(f->lex, f->text, s, e);
	f->nspan++;
}

/* Bytes where a sentence may end. */
static const unsigned char enders[256] = {
	['\n'] = 1, ['.'] = 1, ['!'] = 1, ['?'] = 1, [0xE2] = 1
};

void sentences_split(struct field *f)
{
	const char *t = f->text;
	const unsigned char *u = (const unsigned char *)t;
	size_t len = f->len, start = 0, i = 0, k;
	int para = 0;

	init_kinds();
	while (i < len) {
		unsigned char c;

		while (i < len && !enders[u[i]])
			i++;
		if (i >= len)
			break;
		c = u[i];

		if (c == '\n') {
			int nl = 0;

			push_span(f, start, i, para);
			while (i < len && (t[i] == '\n' || t[i] == ' ' || t[i] == '\t' || t[i] == '\r'))
				nl += t[i++] == '\n';
			para += nl >= 2 && f->nspan && f->span[f->nspan - 1].para == para;
			start = i;
			continue;
		}
		if ((c == '.' || c == '!' || c == '?') && (k = sentence_end(f->lex, t, i, 1, len))) {
			push_span(f, start, k, para);
			start = i = k;
			continue;
		}
		if (c == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
		    (unsigned char)t[i + 2] == 0xA6 && (k = sentence_end(f->lex, t, i, 3, len))) {
			push_span(f, start, k, para);	/* … */
			start = i = k;
			continue;
		}
		i++;
	}
	push_span(f, start, len, para);
}
