/* facts.c - the facts table: storing, writing and reading (see fact.h). */
#include <jansson.h>
#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "tally/fact.h"
#include "tally/ingest.h"
#include "tally/lines.h"

/* ---- enums ------------------------------------------------------------ */

static const char *const qualifier_names[] = { "exact", "at_least", "at_most", "approx" };
static const char *const scope_names[] = { "total", "part", "context" };
static const char *const field_names[] = { "title", "body" };

/* strcmp(a, b) == 0 inline: the names are a few bytes, read per row. */
static int same_name(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (names[i][0] == s[0] && same_name(names[i], s))
			return i;
	return -1;
}

const char *qualifier_name(enum qualifier q) { return qualifier_names[q]; }
const char *scope_name(enum scope s) { return scope_names[s]; }
const char *fact_field_name(enum fact_field f) { return field_names[f]; }
int qualifier_parse(const char *s) { return name_index(qualifier_names, 4, s); }
int scope_parse(const char *s) { return name_index(scope_names, 3, s); }
int fact_field_parse(const char *s) { return name_index(field_names, 2, s); }

/* ---- the table -------------------------------------------------------- */

static const char *keep(struct fact_table *t, const char *s)
{
	return arena_strdup(&t->strings, s ? s : "");
}

struct fact *fact_table_add(struct fact_table *t, const struct fact *f)
{
	struct fact *g;

	xgrow((void **)&t->v, &t->cap, t->n + 1, sizeof(*t->v));
	g = &t->v[t->n++];
	*g = *f;
	g->bulletin_id = keep(t, f->bulletin_id);
	g->source = keep(t, f->source);
	g->published = keep(t, f->published);
	g->category = keep(t, f->category);
	g->unit = keep(t, f->unit);
	g->item = keep(t, f->item);
	g->place = keep(t, f->place);
	g->text = keep(t, f->text);
	g->sentence = keep(t, f->sentence);
	g->note = keep(t, f->note);
	g->title = keep(t, f->title);
	g->url = keep(t, f->url);
	return g;
}

void fact_table_release(struct fact_table *t)
{
	if (!t)
		return;
	free(t->v);
	arena_release(&t->strings);
	t->v = NULL;
	t->n = t->cap = 0;
}

/* ---- writing ---------------------------------------------------------- */

#define NCOLS 18
static const char *const columns[NCOLS] = {
	"bulletin_id", "source", "published", "category", "value", "unit",
	"qualifier", "item", "place", "scope", "text", "start", "end",
	"field", "sentence", "note", "title", "url"
};

enum col {
	C_BULLETIN_ID, C_SOURCE, C_PUBLISHED, C_CATEGORY, C_VALUE, C_UNIT,
	C_QUALIFIER, C_ITEM, C_PLACE, C_SCOPE, C_TEXT, C_START, C_END,
	C_FIELD, C_SENTENCE, C_NOTE, C_TITLE, C_URL
};

void fact_write_header(struct strbuf *out, enum fact_format fmt)
{
	if (fmt != FACT_TSV)
		return;
	for (int i = 0; i < NCOLS; i++) {
		if (i)
			strbuf_addch(out, '\t');
		strbuf_addstr(out, columns[i]);
	}
	strbuf_addch(out, '\n');
}

/* Makes room for n more bytes in out; returns where they go. */
static char *room(struct strbuf *out, size_t n)
{
	xgrow((void **)&out->buf, &out->cap, out->len + n + 1, 1);
	return out->buf + out->len;
}

/* Ends what was written from out->len to p. */
static void done(struct strbuf *out, char *p)
{
	out->len = (size_t)(p - out->buf);
	out->buf[out->len] = '\0';
}

/* The bytes of w (little-endian) below 0x0E (tab, newline, carriage
 * return and a few other control bytes) or backslashes, as the high bit
 * of each: exact for the lowest one (the has-zero-byte trick, as in
 * strbuf_add_json_escaped), so exact as a whole for "any". */
static uint64_t tsv_specials(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t b = w ^ (ones * '\\');

	return (((w - ones * 0x0E) & ~w) | ((b - ones) & ~b)) & high;
}

static const char tsv_escape[256] = {
	['\\'] = '\\', ['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r'
};

/* Writes s[0..n) at p with backslash, tab, newline and carriage return
 * escaped, a byte at a time. */
static char *put_tsv_bytes(char *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char e = tsv_escape[(unsigned char)s[i]];

		if (e) {
			*p++ = '\\';
			*p++ = e;
		} else {
			*p++ = s[i];
		}
	}
	return p;
}

/* Writes s[0..n) at p escaped (at most 2n bytes, and it may write 8
 * bytes past its end), copying clean 8-byte words whole: a last part
 * word is read as the end of the string's last eight bytes; returns the
 * end. */
static char *put_tsv(char *p, const char *s, size_t n)
{
	size_t i = 0, rest;

	for (; i + 8 <= n; i += 8) {
		uint64_t w = load_le64(s + i);

		if (tsv_specials(w)) {
			p = put_tsv_bytes(p, s + i, 8);
			continue;
		}
		store_le64(p, w);
		p += 8;
	}
	rest = n - i;
	if (rest && n >= 8) {
		uint64_t w = load_le64(s + n - 8) >> (8 * (8 - rest));

		if (!(tsv_specials(w) & ((1ull << (8 * rest)) - 1))) {
			store_le64(p, w);
			return p + rest;
		}
	}
	return put_tsv_bytes(p, s + i, rest);
}

/* Writes v in decimal at p; returns the end. */
static char *put_long(char *p, long v)
{
	char tmp[24];
	size_t k = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do
		tmp[k++] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*p++ = '-';
	while (k)
		*p++ = tmp[--k];
	return p;
}

/* The lengths of cells [from, to). */
static void cell_lengths(const char **str, size_t *len, int from, int to)
{
	for (int i = from; i < to; i++)
		len[i] = strlen(str[i]);
}

/* The TSV cells of f, as strings, and the lengths of cells [from, to)
 * (start and end are written by put_cells() itself). */
static void tsv_cells(const struct fact *f, char *num, size_t numsize,
		      const char **str, size_t *len, int from, int to)
{
	const char *cells[NCOLS] = {
		f->bulletin_id, f->source, f->published, f->category,
		fmt_double(num, numsize, f->value), f->unit,
		qualifier_name(f->qualifier), f->item, f->place,
		scope_name(f->scope), f->text, NULL, NULL,
		fact_field_name(f->field), f->sentence, f->note, f->title, f->url
	};

	for (int i = 0; i < NCOLS; i++)
		str[i] = cells[i] ? cells[i] : "";
	cell_lengths(str, len, from, to);
}

/* Writes cells [from, to) at p, each after a tab but the very first;
 * returns the end. */
static char *put_cells(char *p, const struct fact *f, const char **str,
		       const size_t *len, int from, int to)
{
	for (int i = from; i < to; i++) {
		if (i)
			*p++ = '\t';
		if (i == C_START || i == C_END)
			p = put_long(p, i == C_START ? f->start : f->end);
		else
			p = put_tsv(p, str[i], len[i]);
	}
	return p;
}

/* The bytes below 0x0E or backslashes among the 8 bytes w (little-endian),
 * as the high bit of each: exact for every byte, unlike tsv_specials(). */
static uint64_t tsv_specials_exact(uint64_t w)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL, high = 0x8080808080808080ULL;
	uint64_t b = w ^ 0x5C5C5C5C5C5C5C5CULL;	/* backslash */
	uint64_t lt = ~((w & low7) + 0x7272727272727272ULL) & ~w;
	uint64_t eq = ~((b & low7) + low7) & ~b;

	return (lt | eq) & high;
}

/* How many of the high bits of m are set. */
static unsigned high_bits(uint64_t m)
{
	return (unsigned)(((m >> 7) * 0x0101010101010101ULL) >> 56);
}

/* How many bytes of a[0..n) TSV would escape (n >= 8), eight at a time;
 * the last part word is read as the end of the last eight bytes. */
static size_t tsv_special_count(const char *a, size_t n)
{
	size_t i = 0, count = 0, rest;

	for (; i + 8 <= n; i += 8)
		count += high_bits(tsv_specials_exact(load_le64(a + i)));
	rest = n - i;
	if (rest)
		count += high_bits(tsv_specials_exact(load_le64(a + n - 8)) >>
				   (8 * (8 - rest)));
	return count;
}

/* Writes cells [from, to) as put_cells() does, for the usual row with
 * nothing to escape: copied whole, then the bytes that would need it
 * counted in one pass over what was written; when they are more than
 * the tabs between the cells, written again by put_cells(). */
static char *put_cells_plain(char *p, const struct fact *f, const char **str,
			     const size_t *len, int from, int to)
{
	char *start = p;
	size_t tabs = (size_t)(to - from) - (from == 0);

	for (int i = from; i < to; i++) {
		if (i)
			*p++ = '\t';
		if (i == C_START || i == C_END) {
			p = put_long(p, i == C_START ? f->start : f->end);
		} else {
			memcpy(p, str[i], len[i]);
			p += len[i];
		}
	}
	if ((size_t)(p - start) >= 8 && tsv_special_count(start, (size_t)(p - start)) == tabs)
		return p;
	return put_cells(start, f, str, len, from, to);
}

/* Room for cells [from, to) escaped: twice their bytes, the numbers, the
 * tabs, and the 8 bytes put_tsv() may write past its end. */
static size_t cells_room(const size_t *len, int from, int to)
{
	size_t need = 2 * 24 + NCOLS + 2 + 8;

	for (int i = from; i < to; i++)
		need += 2 * len[i];
	return need;
}

static void write_tsv(struct strbuf *out, const struct fact *f)
{
	char num[32];
	const char *str[NCOLS];
	size_t len[NCOLS];
	char *p;

	tsv_cells(f, num, sizeof(num), str, len, 0, NCOLS);
	p = put_cells(room(out, cells_room(len, 0, NCOLS)), f, str, len, 0, NCOLS);
	*p++ = '\n';
	done(out, p);
}

/* Appends "key":"s", with s escaped for JSON. */
static void add_json(struct strbuf *out, const char *key, const char *s)
{
	size_t k = strlen(key);
	char *p = room(out, k + 4);

	*p++ = '"';
	memcpy(p, key, k);
	p += k;
	memcpy(p, "\":\"", 3);
	done(out, p + 3);
	strbuf_add_json_escaped(out, s, strlen(s));
	strbuf_add(out, "\",", 2);
}

/* Appends "key":v, with v a whole number. */
static void add_json_long(struct strbuf *out, const char *key, long v)
{
	size_t k = strlen(key);
	char *p = room(out, k + 28);

	*p++ = '"';
	memcpy(p, key, k);
	p += k;
	*p++ = '"';
	*p++ = ':';
	p = put_long(p, v);
	*p++ = ',';
	done(out, p);
}

/* The members of a JSON row that come from its bulletin, first ... */
static void jsonl_head(struct strbuf *out, const struct fact *f)
{
	strbuf_addch(out, '{');
	add_json(out, "bulletin_id", f->bulletin_id);
	add_json(out, "source", f->source);
	add_json(out, "published", f->published);
}

/* ... and last, closing the row. */
static void jsonl_tail(struct strbuf *out, const struct fact *f)
{
	add_json(out, "title", f->title);
	add_json(out, "url", f->url);
	out->buf[out->len - 1] = '}';
	strbuf_addch(out, '\n');
}

/* The members of a JSON row of its own, each with its comma. */
static void jsonl_own(struct strbuf *out, const struct fact *f)
{
	char num[32];

	add_json(out, "category", f->category);
	strbuf_add(out, "\"value\":", 8);
	strbuf_addstr(out, fmt_double(num, sizeof(num), f->value));
	strbuf_addch(out, ',');
	add_json(out, "unit", f->unit);
	add_json(out, "qualifier", qualifier_name(f->qualifier));
	add_json(out, "item", f->item);
	add_json(out, "place", f->place);
	add_json(out, "scope", scope_name(f->scope));
	add_json(out, "text", f->text);
	add_json_long(out, "start", f->start);
	add_json_long(out, "end", f->end);
	add_json(out, "field", fact_field_name(f->field));
	add_json(out, "sentence", f->sentence);
	add_json(out, "note", f->note);
}

static void write_jsonl(struct strbuf *out, const struct fact *f)
{
	jsonl_head(out, f);
	jsonl_own(out, f);
	jsonl_tail(out, f);
}

void fact_write(struct strbuf *out, const struct fact *f, enum fact_format fmt)
{
	if (fmt == FACT_TSV)
		write_tsv(out, f);
	else
		write_jsonl(out, f);
}

/* ---- a writer of one bulletin's rows ----------------------------------- */

/* The cells of a row that come from its bulletin: the first three and the
 * last two. */
#define C_OWN_FIRST C_CATEGORY
#define C_OWN_END C_TITLE

void fact_writer_init(struct fact_writer *w, enum fact_format fmt)
{
	*w = (struct fact_writer){ fmt, STRBUF_INIT, STRBUF_INIT, 0 };
}

void fact_writer_release(struct fact_writer *w)
{
	strbuf_release(&w->head);
	strbuf_release(&w->tail);
	w->ready = 0;
}

void fact_writer_bulletin(struct fact_writer *w)
{
	w->ready = 0;
}

/* Escapes the bulletin's cells of f into w->head and w->tail (for TSV,
 * from the cells str[] of lengths len[]). */
static void writer_start(struct fact_writer *w, const struct fact *f,
			 const char **str, const size_t *len)
{
	char *p;

	strbuf_reset(&w->head);
	strbuf_reset(&w->tail);
	w->ready = 1;
	if (w->fmt != FACT_TSV) {
		jsonl_head(&w->head, f);
		jsonl_tail(&w->tail, f);
		return;
	}
	p = put_cells(room(&w->head, cells_room(len, 0, C_OWN_FIRST)), f, str,
		      len, 0, C_OWN_FIRST);
	done(&w->head, p);
	p = put_cells(room(&w->tail, cells_room(len, C_OWN_END, NCOLS)), f, str,
		      len, C_OWN_END, NCOLS);
	*p++ = '\n';
	done(&w->tail, p);
}

void fact_writer_write(struct fact_writer *w, struct strbuf *out,
		       const struct fact *f)
{
	char num[32], *p;
	const char *str[NCOLS];
	size_t len[NCOLS];

	if (w->fmt != FACT_TSV) {
		if (!w->ready)
			writer_start(w, f, NULL, NULL);
		strbuf_add(out, w->head.buf, w->head.len);
		jsonl_own(out, f);
		strbuf_add(out, w->tail.buf, w->tail.len);
		return;
	}
	/* the bulletin's cells are measured once, for writer_start() */
	tsv_cells(f, num, sizeof(num), str, len, C_OWN_FIRST, C_OWN_END);
	if (!w->ready) {
		cell_lengths(str, len, 0, C_OWN_FIRST);
		cell_lengths(str, len, C_OWN_END, NCOLS);
		writer_start(w, f, str, len);
	}
	p = room(out, w->head.len + w->tail.len + cells_room(len, C_OWN_FIRST, C_OWN_END));
	memcpy(p, w->head.buf, w->head.len);
	p = put_cells_plain(p + w->head.len, f, str, len, C_OWN_FIRST, C_OWN_END);
	memcpy(p, w->tail.buf, w->tail.len);
	done(out, p + w->tail.len);
}

/* ---- reading ---------------------------------------------------------- */

struct fact_reader {
	struct line_reader *lr;
	enum fact_format fmt;
	int col_of[NCOLS];	/* TSV: input column of each of ours, or -1 */
	int ncols_in;
	char **cell;		/* TSV: the current row's cells */
	const char *val[NCOLS];	/* the row's cell of each of ours decoded,
				 * or NULL (as cell() gives it) */
	int nmap;		/* TSV: val[map[i].ours] = cell[map[i].in] */
	char last_date[11];	/* the last date found valid, or "" */
	struct { int ours, in; } map[NCOLS];
	unsigned cols;		/* FACT_COL_* decoded (with ALWAYS_COLS) */
	unsigned char *want;	/* TSV: decode input column n */
	json_t *row;		/* JSONL: the current row */
	char path[256];
};

/* Unescapes a TSV cell in place. */
static void tsv_unescape(char *s)
{
	char *w;

	if (!(s = strchr(s, '\\')))
		return;		/* nothing escaped: most cells */
	for (w = s; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*w++ = *s == 't' ? '\t' : *s == 'n' ? '\n' :
			       *s == 'r' ? '\r' : *s;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/* The columns every row is checked on, whatever the caller asks for. */
#define ALWAYS_COLS (FACT_COL_BULLETIN_ID | FACT_COL_SOURCE | \
		     FACT_COL_PUBLISHED | FACT_COL_CATEGORY | FACT_COL_VALUE | \
		     FACT_COL_UNIT | FACT_COL_QUALIFIER | FACT_COL_SCOPE | \
		     FACT_COL_FIELD)

/* Which input columns hold one of ours that is decoded. */
static void set_want(struct fact_reader *r)
{
	if (!r->want)
		return;
	memset(r->want, 0, (size_t)r->ncols_in);
	/* the columns of ours that a row's cells fill: the others stay
	 * NULL in val[] */
	memset(r->val, 0, sizeof(r->val));
	r->nmap = 0;
	for (int i = 0; i < NCOLS; i++)
		if (r->col_of[i] >= 0 && (r->cols & (1u << i))) {
			r->want[r->col_of[i]] = 1;
			r->map[r->nmap].ours = i;
			r->map[r->nmap++].in = r->col_of[i];
		}
}

void fact_reader_set_columns(struct fact_reader *r, unsigned cols)
{
	r->cols = (cols | ALWAYS_COLS) & FACT_COLS_ALL;
	set_want(r);
}

static int read_header(struct fact_reader *r, struct diag *d)
{
	char *line, *p;
	size_t len;
	int rc = line_reader_next(r->lr, &line, &len, d), n = 0;

	if (rc <= 0)
		return rc < 0 ? -1 : 0;
	for (int i = 0; i < NCOLS; i++)
		r->col_of[i] = -1;
	for (p = line;; n++) {
		char *tab = strchr(p, '\t');

		if (tab)
			*tab = '\0';
		for (int i = 0; i < NCOLS; i++)
			if (!strcmp(p, columns[i]) && r->col_of[i] < 0)
				r->col_of[i] = n;
		if (!tab)
			break;
		p = tab + 1;
	}
	r->ncols_in = n + 1;
	r->cell = xcalloc((size_t)r->ncols_in, sizeof(*r->cell));
	r->want = xcalloc((size_t)r->ncols_in, 1);
	set_want(r);
	for (int i = 0; i <= C_SCOPE; i++)
		if (r->col_of[i] < 0 && i != C_ITEM && i != C_PLACE)
			return diag_set(d, r->path, 1, 0, columns[i],
					"header has no '%s' column", columns[i]);
	return 1;
}

int fact_reader_open(struct fact_reader **out, const char *path,
		     struct diag *d)
{
	struct fact_reader *r = xcalloc(1, sizeof(*r));
	int c;

	*out = NULL;
	snprintf(r->path, sizeof(r->path), "%s", path);
	r->cols = FACT_COLS_ALL;
	if (line_reader_open(&r->lr, path, (size_t)64 << 20, d) < 0) {
		free(r);
		return -1;
	}
	c = line_reader_peek_nonspace(r->lr, d);
	if (d->set) {
		fact_reader_close(r);
		return -1;
	}
	r->fmt = c == '{' ? FACT_JSONL : FACT_TSV;
	if (r->fmt == FACT_TSV && c != -1 && read_header(r, d) < 0) {
		fact_reader_close(r);
		return -1;
	}
	*out = r;
	return 0;
}

/* The string of column c in the current row: NULL when it is not decoded,
 * absent or (JSON) not a string. */
static const char *cell(struct fact_reader *r, enum col c)
{
	if (!(r->cols & (1u << c)))
		return NULL;
	if (r->fmt == FACT_JSONL) {
		json_t *v = json_object_get(r->row, columns[c]);

		return json_is_string(v) ? json_string_value(v) : NULL;
	}
	return r->col_of[c] >= 0 ? r->cell[r->col_of[c]] : NULL;
}

/* r->val[] of the current row: each cell looked up once. */
static void set_vals(struct fact_reader *r)
{
	if (r->fmt == FACT_JSONL) {
		for (int c = 0; c < NCOLS; c++)
			r->val[c] = cell(r, (enum col)c);
		return;
	}
	for (int i = 0; i < r->nmap; i++)	/* see set_want() */
		r->val[r->map[i].ours] = r->cell[r->map[i].in];
}

static int bad(struct fact_reader *r, struct diag *d, enum col c,
	       const char *what)
{
	return diag_set(d, r->path, line_reader_lineno(r->lr), 0, columns[c],
			"%s", what), 2;
}

/* A whole number of at most 15 digits, with an optional '-': the double
 * strtod() would give (such numbers are exact); -1 for anything else. */
static int parse_whole(const char *s, double *out)
{
	const char *p = s + (*s == '-');
	uint64_t u = 0;
	int n = 0;

	for (; *p >= '0' && *p <= '9' && n <= 15; p++, n++)
		u = u * 10 + (uint64_t)(*p - '0');
	if (*p || n == 0 || n > 15)
		return -1;
	*out = *s == '-' ? -(double)u : (double)u;
	return 0;
}

/* 10^k, exact as a double, for k <= 22. */
static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/*
 * A decimal "[-]digits.digits" of at most 15 digits in all, at least one
 * on each side of the point: the double strtod() would give; -1 for
 * anything else.  Its digits make an integer m < 10^15 < 2^53 and the
 * value is m / 10^k with k <= 14, both exact as doubles, so the one
 * correctly rounded division is the correctly rounded value of the
 * decimal (Clinger's fast path), which is what strtod() returns.
 */
static int parse_decimal(const char *s, double *out)
{
	const char *p = s + (*s == '-');
	uint64_t m = 0;
	int n = 0, k = 0, whole;
	double v;

	for (; *p >= '0' && *p <= '9' && n <= 15; p++, n++)
		m = m * 10 + (uint64_t)(*p - '0');
	whole = n;
	if (*p != '.' || whole == 0)
		return -1;
	for (p++; *p >= '0' && *p <= '9' && n <= 15; p++, n++, k++)
		m = m * 10 + (uint64_t)(*p - '0');
	if (*p || k == 0 || n > 15)
		return -1;
	v = (double)m / pow10_exact[k];
	*out = *s == '-' ? -v : v;
	return 0;
}

/* The number in the string s (a TSV cell, or NULL): 0, or -1 when s is
 * not a finite number. */
static int parse_number_str(const char *s, double *out)
{
	char *end;

	if (!s || !*s)
		return -1;
	if (parse_whole(s, out) == 0 || parse_decimal(s, out) == 0)
		return 0;
	*out = strtod(s, &end);
	return *end || !isfinite(*out) ? -1 : 0;
}

static int parse_number(struct fact_reader *r, enum col c, double *out)
{
	json_t *v;

	if (!(r->cols & (1u << c)))
		return -1;
	if (r->fmt == FACT_JSONL && (v = json_object_get(r->row, columns[c])) &&
	    json_is_number(v)) {
		*out = json_number_value(v);
		return isfinite(*out) ? 0 : -1;
	}
	return parse_number_str(r->val[c], out);
}

/* date_valid(s), remembered for the last valid date: the rows of a
 * bulletin come together and share theirs. */
static int known_date(struct fact_reader *r, const char *s)
{
	size_t i = 0;

	/* byte by byte: s may be shorter, and end at the line's end */
	while (r->last_date[0] && i < sizeof(r->last_date) &&
	       s[i] == r->last_date[i])
		i++;
	if (i == sizeof(r->last_date))
		return 1;	/* its 10 bytes and the '\0' */
	if (!date_valid(s))
		return 0;
	memcpy(r->last_date, s, sizeof(r->last_date));	/* valid: 10 + 1 */
	return 1;
}

static int fill_fact(struct fact_reader *r, struct fact *f, struct diag *d)
{
	static const enum col text_cols[] = {
		C_BULLETIN_ID, C_SOURCE, C_PUBLISHED, C_CATEGORY, C_UNIT,
		C_QUALIFIER, C_SCOPE
	};
	const char *const *val = r->val;
	double v;
	int q, s, fld;

	set_vals(r);
	for (size_t i = 0; i < sizeof(text_cols) / sizeof(*text_cols); i++) {
		const char *x = val[text_cols[i]];

		if (!x || !*x)
			return bad(r, d, text_cols[i], "expected a non-empty string");
	}
	memset(f, 0, sizeof(*f));
	f->bulletin_id = val[C_BULLETIN_ID];
	f->source = val[C_SOURCE];
	f->published = val[C_PUBLISHED];
	if (!known_date(r, f->published))
		return bad(r, d, C_PUBLISHED, "expected a real date YYYY-MM-DD in 1900-2099");
	f->category = val[C_CATEGORY];
	if (parse_number(r, C_VALUE, &v) < 0)
		return bad(r, d, C_VALUE, "expected a finite number");
	f->value = v;
	f->unit = val[C_UNIT];
	if ((q = qualifier_parse(val[C_QUALIFIER])) < 0)
		return bad(r, d, C_QUALIFIER, "expected exact, at_least, at_most or approx");
	f->qualifier = (enum qualifier)q;
	if ((s = scope_parse(val[C_SCOPE])) < 0)
		return bad(r, d, C_SCOPE, "expected total, part or context");
	f->scope = (enum scope)s;
	f->item = val[C_ITEM] ? val[C_ITEM] : "";
	f->place = val[C_PLACE] ? val[C_PLACE] : "";
	f->text = val[C_TEXT] ? val[C_TEXT] : "";
	f->sentence = val[C_SENTENCE] ? val[C_SENTENCE] : "";
	f->note = val[C_NOTE] ? val[C_NOTE] : "";
	f->title = val[C_TITLE] ? val[C_TITLE] : "";
	f->url = val[C_URL] ? val[C_URL] : "";
	fld = val[C_FIELD] ? fact_field_parse(val[C_FIELD]) : FIELD_BODY;
	if (fld < 0)
		return bad(r, d, C_FIELD, "expected title or body");
	f->field = (enum fact_field)fld;
	if (parse_number(r, C_START, &v) == 0)
		f->start = (long)v;
	if (parse_number(r, C_END, &v) == 0)
		f->end = (long)v;
	return 1;
}

/* Cell i from tab i - 1 on (a tab found at `at`): ends the cell before. */
static int cut_at(char *line, size_t at, char **cell, int ncells, int ntabs)
{
	line[at] = '\0';
	if (++ntabs < ncells)
		cell[ntabs] = line + at + 1;
	return ntabs;
}

/*
 * Splits line[0..len) at its tabs in one pass: the tabs become '\0' and
 * cell[i] the start of cell i, for the first ncells cells; returns the
 * number of tabs (all of them, so that a row with too many shows).
 * *esc: 1 when the line has a backslash.  Sixteen bytes at a time where
 * SSE2 is (every x86-64): faster than a memchr() per cell, as most cells
 * are a few bytes.
 */
static int split_tabs(char *line, size_t len, char **cell, int ncells,
		      int *esc)
{
	unsigned bs = 0;
	int ntabs = 0;
	size_t i = 0;

	cell[0] = line;
#ifdef __SSE2__
	{
		const __m128i tab = _mm_set1_epi8('\t'), bsl = _mm_set1_epi8('\\');

		for (; i + 16 <= len; i += 16) {
			__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(line + i));
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(w, tab));

			bs |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(w, bsl));
			for (; m; m &= m - 1)
				ntabs = cut_at(line, i + (size_t)__builtin_ctz(m),
					       cell, ncells, ntabs);
		}
	}
#endif
	for (; i < len; i++) {
		if (line[i] == '\\')
			bs = 1;
		else if (line[i] == '\t')
			ntabs = cut_at(line, i, cell, ncells, ntabs);
	}
	*esc = bs != 0;
	return ntabs;
}

int fact_parse_row(struct fact_reader *r, char *line, size_t len,
		   struct fact *f, struct diag *d)
{
	json_error_t err;
	int esc, ntabs;

	if (r->fmt == FACT_JSONL) {
		json_decref(r->row);
		r->row = json_loadb(line, len, JSON_REJECT_DUPLICATES, &err);
		if (!json_is_object(r->row))
			return diag_set(d, r->path, line_reader_lineno(r->lr),
					err.column, NULL, "expected a JSON "
					"object: %s", r->row ? "not an object" :
					err.text), 2;
		return fill_fact(r, f, d);
	}
	/* the row is a C string: it ends at its first '\0' */
	len = strnlen(line, len);
	ntabs = split_tabs(line, len, r->cell, r->ncols_in, &esc);
	if (ntabs < r->ncols_in - 1)
		return diag_set(d, r->path, line_reader_lineno(r->lr), 0,
				NULL, "expected %d tab-separated columns, "
				"got %d", r->ncols_in, ntabs + 1), 2;
	/* the last cell runs to the end: a tab in it is one more column
	 * (found before unescaping makes tabs of "\t") */
	if (ntabs > r->ncols_in - 1)
		return diag_set(d, r->path, line_reader_lineno(r->lr), 0,
				NULL, "more than %d tab-separated "
				"columns", r->ncols_in), 2;
	/* most rows escape nothing: then no cell needs unescaping */
	for (int n = 0; esc && n < r->ncols_in; n++)
		if (r->want[n])
			tsv_unescape(r->cell[n]);
	return fill_fact(r, f, d);
}

int fact_reader_next(struct fact_reader *r, struct fact *f, struct diag *d)
{
	char *line;
	size_t len;

	for (;;) {
		int rc = line_reader_next(r->lr, &line, &len, d);

		if (rc < 0)
			return -1;
		if (rc == 0)
			return 0;
		if (rc == 2)
			return diag_set(d, r->path, line_reader_lineno(r->lr), 0,
					NULL, "row too long (%zu bytes)", len), 2;
		if (len == 0)
			continue;
		return fact_parse_row(r, line, len, f, d);
	}
}

long fact_reader_lineno(const struct fact_reader *r)
{
	return line_reader_lineno(r->lr);
}

void fact_reader_close(struct fact_reader *r)
{
	if (!r)
		return;
	line_reader_close(r->lr);
	json_decref(r->row);
	free(r->cell);
	free(r->want);
	free(r);
}
