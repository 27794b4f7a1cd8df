/* feed.c - plain-text feed digests to bulletins (see feed.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally/feed.h"
#include "tally/util.h"

/* One line of the digest: [s, s + len) without its newline. */
struct line {
	const char *s;
	size_t len;
	long no;		/* 1-based line number */
};

static int blank(const struct line *l)
{
	for (size_t i = 0; i < l->len; i++)
		if (!isspace((unsigned char)l->s[i]))
			return 0;
	return 1;
}

static int is_source(const struct line *l)
{
	return l->len >= 7 && !memcmp(l->s, "Source:", 7);
}

/* Splits text into lines (a "\r" before "\n" dropped). */
static struct line *split_lines(const char *text, size_t len, size_t *n)
{
	struct line *v = NULL;
	size_t cap = 0, i = 0;
	const char *p = text, *end = text + len;

	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		xgrow((void **)&v, &cap, i + 1, sizeof(*v));
		v[i].s = p;
		v[i].len = (size_t)(e - p) - (e > p && e[-1] == '\r');
		v[i].no = (long)i + 1;
		i++;
		p = nl ? nl + 1 : end;
	}
	*n = i;
	return v;
}

/* Is line k the title of an entry (followed by a blank and a Source:)? */
static int is_title(const struct line *v, size_t n, size_t k)
{
	return k + 2 < n && !blank(&v[k]) && blank(&v[k + 1]) &&
	       is_source(&v[k + 2]) && (k == 0 || blank(&v[k - 1]));
}

/* ---- dates ------------------------------------------------------------ */

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* Reads a month name (full, or three letters with an optional dot). */
static size_t read_month(const char *s, size_t len, int *month)
{
	size_t n = 0;
	char word[16];

	while (n < len && n < sizeof(word) - 1 && isalpha((unsigned char)s[n])) {
		word[n] = (char)tolower((unsigned char)s[n]);
		n++;
	}
	word[n] = '\0';
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		if (!strcmp(word, months[m]) ||
		    (n == 3 && !strncmp(word, months[m], 3)) ||
		    (n == 4 && m == 8 && !strcmp(word, "sept"))) {
			*month = m + 1;
			return n + (n <= 4 && n < len && s[n] == '.');
		}
	}
	return 0;
}

static size_t read_int(const char *s, size_t len, size_t maxdigits, int *v)
{
	size_t n = 0;

	*v = 0;
	while (n < len && n < maxdigits && isdigit((unsigned char)s[n]))
		*v = *v * 10 + (s[n++] - '0');
	return n < len && isdigit((unsigned char)s[n]) ? 0 : n;
}

size_t feed_parse_date(const char *s, size_t len, char out[11])
{
	int day, month, year;
	size_t a, b, c, pos;

	if ((a = read_int(s, len, 2, &day)) > 0) {		/* 26 November 2024 */
		if (a >= len || s[a] != ' ')
			return 0;
		if (!(b = read_month(s + a + 1, len - a - 1, &month)))
			return 0;
		pos = a + 1 + b;
		if (pos >= len || s[pos] != ' ')
			return 0;
		if ((c = read_int(s + pos + 1, len - pos - 1, 4, &year)) != 4)
			return 0;
		pos += 1 + c;
	} else if ((b = read_month(s, len, &month)) > 0) {	/* November 25, 2024 */
		if (b >= len || s[b] != ' ')
			return 0;
		if (!(a = read_int(s + b + 1, len - b - 1, 2, &day)))
			return 0;
		pos = b + 1 + a;
		if (pos + 1 >= len || s[pos] != ',' || s[pos + 1] != ' ')
			return 0;
		if ((c = read_int(s + pos + 2, len - pos - 2, 4, &year)) != 4)
			return 0;
		pos += 2 + c;
	} else {
		return 0;
	}
	{
		char buf[40];

		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, month, day);
		memcpy(out, buf, 10);
		out[10] = '\0';
	}
	return date_valid(out) ? pos : 0;
}

/* Does the text before s[i] end a range ("from 5 to", "2 –")?  Such a
 * date closes an event's span and says nothing of publication. */
static int ends_range(const char *s, size_t i)
{
	static const char *const joins[] = { " to ", " until ", " and ",
		" \xe2\x80\x93 ", "\xe2\x80\x93", "-" };

	for (size_t k = 0; k < sizeof(joins) / sizeof(*joins); k++) {
		size_t n = strlen(joins[k]);

		if (i >= n && !memcmp(s + i - n, joins[k], n))
			return 1;
	}
	return 0;
}

/* The first full date in a paragraph, at a word boundary, that does not
 * end a range of dates. */
static int find_date(const char *s, size_t len, char out[11])
{
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && isalnum((unsigned char)s[i - 1]))
			continue;
		if (feed_parse_date(s + i, len - i, out) && !ends_range(s, i))
			return 1;
	}
	return 0;
}

/* ---- datelines -------------------------------------------------------- */

/* Length of an en or em dash at s (UTF-8), or 0. */
static size_t dash_at(const char *s, size_t len)
{
	if (len >= 3 && (!memcmp(s, "\xe2\x80\x93", 3) || !memcmp(s, "\xe2\x80\x94", 3)))
		return 3;
	return 0;
}

/* "CITY, Place – text" or "CITY, Place text": the dateline's length. */
static size_t find_dateline(const char *s, size_t len)
{
	size_t i = 0, comma, words = 0;

	/* Capitals (any non-ASCII letter counts: CÁDIZ, MÜNCHEN). */
	while (i < len && (isupper((unsigned char)s[i]) || s[i] == ' ' ||
			   s[i] == '.' || s[i] == '-' || (unsigned char)s[i] >= 0x80))
		i++;
	if (i < 2 || i >= len || s[i] != ',' || !isupper((unsigned char)s[0]))
		return 0;
	comma = i;
	for (size_t j = comma + 1; j < len && j < comma + 60; j++) {
		size_t k = j;

		if (s[j] == ' ' || s[j] == '\xc2')	/* before a dash */
			continue;
		if (dash_at(s + j, len - j)) {
			while (k > comma && (s[k - 1] == ' ' ||
					     (k >= 2 && !memcmp(s + k - 2, "\xc2\xa0", 2))))
				k -= s[k - 1] == ' ' ? 1 : 2;
			return k;
		}
	}
	/* No dash: the capitals and one capitalised word after the comma. */
	i = comma + 1;
	if (i >= len || s[i] != ' ' || i + 1 >= len || !isupper((unsigned char)s[i + 1]))
		return 0;
	for (i += 1; i < len && s[i] != ' '; i++)
		words = 1;
	return words && i < len ? i : 0;
}

/* ---- entries ---------------------------------------------------------- */

static char *clean_source(const struct line *l)
{
	const char *s = l->s + 7, *e = l->s + l->len;

	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (e > s && e[-1] == ')') {
		const char *open = e - 1;

		while (open > s && *open != '(')
			open--;
		if (*open == '(' && open > s) {
			e = open;
			while (e > s && isspace((unsigned char)e[-1]))
				e--;
		}
	}
	return xstrndup(s, (size_t)(e - s));
}

static void make_id(struct bulletin *b)
{
	struct strbuf key = STRBUF_INIT;
	char id[24];

	strbuf_addstr(&key, b->source);
	strbuf_addch(&key, '\n');
	strbuf_addstr(&key, b->published);
	strbuf_addch(&key, '\n');
	strbuf_addstr(&key, b->title);
	snprintf(id, sizeof(id), "f-%016llx",
		 (unsigned long long)hash64(key.buf, key.len));
	strbuf_release(&key);
	b->id = xstrdup(id);
}

/* Body paragraphs: lines from first to last (exclusive), blank lines
 * separating paragraphs, non-blank lines of one paragraph kept apart by
 * "\n". */
static char *join_body(const struct line *v, size_t first, size_t last,
		       size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	int gap = 0;

	for (size_t k = first; k < last; k++) {
		if (blank(&v[k])) {
			gap = 1;
			continue;
		}
		if (sb.len)
			strbuf_addstr(&sb, gap ? "\n\n" : "\n");
		strbuf_add(&sb, v[k].s, v[k].len);
		gap = 0;
	}
	strbuf_addstr(&sb, "");
	*len = sb.len;
	return sb.buf;
}

static int entry_reject(const char *file, long line, long col,
			const char *field, enum reject_reason reason,
			const char *msg, feed_emit_fn emit, void *ctx)
{
	struct reject rj;

	memset(&rj, 0, sizeof(rj));
	rj.reason = reason;
	diag_set(&rj.where, file, line, col, field, "%s", msg);
	return emit(ctx, NULL, &rj);
}

static void fill_dates(struct bulletin *b, const struct feed_options *opts)
{
	const char *p = b->body, *end = b->body + b->body_len;
	const char *para_end = strstr(p, "\n\n");
	char date[11];
	size_t n;

	if (!para_end)
		para_end = end;
	n = feed_parse_date(p, (size_t)(para_end - p), date);
	if (n && n == (size_t)(para_end - p)) {		/* a date line */
		b->published = xstrdup(date);
		p = para_end < end ? para_end + 2 : end;
		para_end = strstr(p, "\n\n");
		if (!para_end)
			para_end = end;
	} else if (find_date(p, (size_t)(para_end - p), date)) {
		b->published = xstrdup(date);
	} else if (opts && opts->default_date) {
		b->published = xstrdup(opts->default_date);
	}
	n = find_dateline(p, (size_t)(para_end - p));
	if (n)
		b->dateline = xstrndup(p, n);
}

static int emit_entry(const struct line *v, size_t title, size_t last,
		      const char *file, const struct feed_options *opts,
		      feed_emit_fn emit, void *ctx)
{
	struct bulletin b;

	memset(&b, 0, sizeof(b));
	b.line = v[title].no;
	b.title = xstrndup(v[title].s, v[title].len);
	b.title_len = v[title].len;
	b.source = clean_source(&v[title + 2]);
	b.body = join_body(v, title + 3, last, &b.body_len);
	if (!utf8_valid(b.title, b.title_len) || !utf8_valid(b.source, strlen(b.source)) ||
	    !utf8_valid(b.body, b.body_len)) {
		bulletin_release(&b);
		return entry_reject(file, v[title].no, 1, NULL, REJECT_INVALID_UTF8,
				    "entry holds bytes that are not UTF-8", emit, ctx);
	}
	if (!*b.source || !b.body_len) {
		int empty_source = !*b.source;

		bulletin_release(&b);
		return entry_reject(file, v[title + (empty_source ? 2 : 0)].no, 1,
				    empty_source ? "source" : "body",
				    REJECT_EMPTY_FIELD, "must not be empty", emit, ctx);
	}
	fill_dates(&b, opts);
	if (!b.published) {
		bulletin_release(&b);
		return entry_reject(file, v[title].no, 1, "published",
				    REJECT_MISSING_FIELD, "no date line, no date in "
				    "the first paragraph and no --date", emit, ctx);
	}
	make_id(&b);
	return emit(ctx, &b, NULL);
}

int feed_parse(const char *text, size_t len, const char *file,
	       const struct feed_options *opts, feed_emit_fn emit, void *ctx)
{
	size_t n, k, title = 0;
	struct line *v = split_lines(text, len, &n);
	int have = 0, rc = 0;

	for (k = 0; k < n && rc == 0; k++) {
		if (!is_title(v, n, k))
			continue;
		if (have)
			rc = emit_entry(v, title, k, file, opts, emit, ctx);
		title = k;
		have = 1;
	}
	if (have && rc == 0)
		rc = emit_entry(v, title, n, file, opts, emit, ctx);
	free(v);
	return rc;
}
