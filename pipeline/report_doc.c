/* report_doc.c - building and freeing the document model (see report.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally/report.h"

void report_doc_init(struct report_doc *doc)
{
	memset(doc, 0, sizeof(*doc));
	doc->month = doc->title = doc->date = doc->footer = "";
}

static void block_release(struct report_doc *doc, struct report_block *b)
{
	free(b->items);
	free(b->heads);
	if (b->table) {
		free(b->table->head);
		free(b->table->align);
		free(b->table->weight);
		free(b->table->cells);
		free(b->table);
	}
	if (b->chart) {
		free(b->chart->svg);
		if (doc->chart_free && b->chart->spec)
			doc->chart_free(b->chart->spec);
		free(b->chart);
	}
}

void report_doc_release(struct report_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->nsections; i++) {
		struct report_section *s = &doc->sections[i];

		for (size_t j = 0; j < s->nblocks; j++)
			block_release(doc, &s->blocks[j]);
		free(s->blocks);
	}
	free(doc->sections);
	free(doc->numbers);
	arena_release(&doc->strings);
	report_doc_init(doc);
}

const char *report_str(struct report_doc *doc, const char *s)
{
	return arena_strdup(&doc->strings, s ? s : "");
}

static const char *vstrf(struct report_doc *doc, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static const char *vstrf(struct report_doc *doc, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[512];
	const char *r;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= 0 && (size_t)n < sizeof(buf)) {
		va_end(ap2);
		return arena_strndup(&doc->strings, buf, (size_t)n);
	}
	sb.cap = n > 0 ? (size_t)n + 1 : 1;
	sb.buf = xmalloc(sb.cap);
	vsnprintf(sb.buf, sb.cap, fmt, ap2);
	va_end(ap2);
	r = arena_strdup(&doc->strings, sb.buf);
	strbuf_release(&sb);
	return r;
}

const char *report_strf(struct report_doc *doc, const char *fmt, ...)
{
	const char *r;
	va_list ap;

	va_start(ap, fmt);
	r = vstrf(doc, fmt, ap);
	va_end(ap);
	return r;
}

void report_set_title(struct report_doc *doc, const char *title,
		      const char *subtitle)
{
	doc->title = report_str(doc, title);
	doc->subtitle = subtitle ? report_str(doc, subtitle) : NULL;
}

struct report_section *report_section_add(struct report_doc *doc,
					  const char *id, const char *title)
{
	struct report_section *s;

	xgrow((void **)&doc->sections, &doc->cap, doc->nsections + 1,
	      sizeof(*doc->sections));
	s = &doc->sections[doc->nsections++];
	memset(s, 0, sizeof(*s));
	s->id = report_str(doc, id);
	s->title = report_str(doc, title);
	return s;
}

struct report_section *report_section_find(const struct report_doc *doc,
					   const char *id)
{
	for (size_t i = 0; i < doc->nsections; i++)
		if (!strcmp(doc->sections[i].id, id))
			return &doc->sections[i];
	return NULL;
}

static struct report_block *block_add(struct report_section *s,
				      enum report_block_kind kind)
{
	struct report_block *b;

	xgrow((void **)&s->blocks, &s->cap, s->nblocks + 1, sizeof(*s->blocks));
	b = &s->blocks[s->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

/* The last block of s, which must be of kind (a programming error else). */
static struct report_block *last_block(struct report_section *s,
				       enum report_block_kind kind)
{
	if (!s->nblocks || s->blocks[s->nblocks - 1].kind != kind) {
		fprintf(stderr, "tally: BUG: report block of kind %d expected\n",
			(int)kind);
		abort();
	}
	return &s->blocks[s->nblocks - 1];
}

void report_para(struct report_doc *doc, struct report_section *s,
		 const char *fmt, ...)
{
	struct report_block *b = block_add(s, REPORT_PARA);
	va_list ap;

	va_start(ap, fmt);
	b->text = vstrf(doc, fmt, ap);
	va_end(ap);
}

void report_heading(struct report_doc *doc, struct report_section *s,
		    const char *text)
{
	block_add(s, REPORT_HEADING)->text = report_str(doc, text);
}

void report_list(struct report_doc *doc, struct report_section *s)
{
	(void)doc;
	block_add(s, REPORT_LIST);
}

void report_item(struct report_doc *doc, struct report_section *s,
		 const char *fmt, ...)
{
	struct report_block *b = last_block(s, REPORT_LIST);
	va_list ap;

	xgrow((void **)&b->items, &b->capitems, b->nitems + 1,
	      sizeof(*b->items));
	va_start(ap, fmt);
	b->items[b->nitems++] = vstrf(doc, fmt, ap);
	va_end(ap);
}

struct report_table *report_table_add(struct report_doc *doc,
				      struct report_section *s, size_t ncols,
				      const char *caption)
{
	struct report_block *b = block_add(s, REPORT_TABLE);
	struct report_table *t = xcalloc(1, sizeof(*t));

	t->caption = caption ? report_str(doc, caption) : NULL;
	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof(*t->head));
	t->align = xcalloc(ncols, sizeof(*t->align));
	t->weight = xcalloc(ncols, sizeof(*t->weight));
	for (size_t i = 0; i < ncols; i++) {
		t->head[i] = "";
		t->weight[i] = 1;
	}
	b->table = t;
	return t;
}

void report_table_col(struct report_doc *doc, struct report_table *t,
		      size_t col, const char *head, enum report_align align,
		      double weight)
{
	t->head[col] = report_str(doc, head);
	t->align[col] = align;
	t->weight[col] = weight > 0 ? weight : 1;
}

size_t report_table_row(struct report_table *t)
{
	struct report_cell *row;

	xgrow((void **)&t->cells, &t->caprows, (t->nrows + 1) * t->ncols,
	      sizeof(*t->cells));
	row = &t->cells[t->nrows * t->ncols];
	for (size_t i = 0; i < t->ncols; i++) {
		row[i].text = "";
		row[i].sub = row[i].href = NULL;
	}
	return t->nrows++;
}

void report_table_set(struct report_doc *doc, struct report_table *t,
		      size_t row, size_t col, const char *text,
		      const char *sub, const char *href)
{
	struct report_cell *c = &t->cells[row * t->ncols + col];

	c->text = report_str(doc, text);
	c->sub = sub && *sub ? report_str(doc, sub) : NULL;
	c->href = href && *href ? report_str(doc, href) : NULL;
}

void report_table_setf(struct report_doc *doc, struct report_table *t,
		       size_t row, size_t col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	t->cells[row * t->ncols + col].text = vstrf(doc, fmt, ap);
	va_end(ap);
}

void report_headlines(struct report_doc *doc, struct report_section *s)
{
	(void)doc;
	block_add(s, REPORT_HEADLINES);
}

struct report_headline *report_headline_add(struct report_doc *doc,
					    struct report_section *s,
					    const char *key, const char *label)
{
	struct report_block *b = last_block(s, REPORT_HEADLINES);
	struct report_headline *h;

	xgrow((void **)&b->heads, &b->capheads, b->nheads + 1,
	      sizeof(*b->heads));
	h = &b->heads[b->nheads++];
	memset(h, 0, sizeof(*h));
	h->key = report_str(doc, key);
	h->label = report_str(doc, label);
	h->value = h->change = h->trend = h->basis = "";
	return h;
}

struct report_chart *report_chart_add(struct report_doc *doc,
				      struct report_section *s,
				      const char *name, const char *title,
				      const char *alt, double width,
				      double height)
{
	struct report_block *b = block_add(s, REPORT_CHART);
	struct report_chart *c = xcalloc(1, sizeof(*c));

	c->name = report_str(doc, name);
	c->title = report_str(doc, title);
	c->alt = report_str(doc, alt);
	c->width = width;
	c->height = height;
	b->chart = c;
	return c;
}

struct report_number *report_number_add(struct report_doc *doc,
					const char *key, const char *unit)
{
	struct report_number *n;

	xgrow((void **)&doc->numbers, &doc->capnumbers, doc->nnumbers + 1,
	      sizeof(*doc->numbers));
	n = &doc->numbers[doc->nnumbers++];
	memset(n, 0, sizeof(*n));
	n->key = report_str(doc, key);
	n->unit = report_str(doc, unit);
	n->value = n->low = n->high = n->previous = NAN;
	n->change_pct = n->trend_slope = NAN;
	return n;
}

const struct report_number *report_number_find(const struct report_doc *doc,
					       const char *key)
{
	for (size_t i = 0; i < doc->nnumbers; i++)
		if (!strcmp(doc->numbers[i].key, key))
			return &doc->numbers[i];
	return NULL;
}

/* ---- prose ------------------------------------------------------------ */

/* Appends line[0..len) to sb with {{name}} placeholders replaced. */
static void expand(struct strbuf *sb, const char *line, size_t len,
		   const char *const *names, const char *const *values,
		   size_t nvars)
{
	const char *p = line, *end = line + len;

	while (p < end) {
		const char *open = NULL, *close = NULL;
		size_t i;

		for (const char *q = p; q + 1 < end; q++)
			if (q[0] == '{' && q[1] == '{') {
				open = q;
				break;
			}
		if (open)
			for (const char *q = open + 2; q + 1 < end; q++)
				if (q[0] == '}' && q[1] == '}') {
					close = q;
					break;
				}
		if (!open || !close) {
			strbuf_add(sb, p, (size_t)(end - p));
			return;
		}
		strbuf_add(sb, p, (size_t)(open - p));
		for (i = 0; i < nvars; i++)
			if (strlen(names[i]) == (size_t)(close - open - 2) &&
			    !memcmp(names[i], open + 2, (size_t)(close - open - 2)))
				break;
		if (i < nvars)
			strbuf_addstr(sb, values[i]);
		else
			strbuf_add(sb, open, (size_t)(close + 2 - open));
		p = close + 2;
	}
}

/* Emits the paragraph or item gathered in sb (joined lines) into s. */
static void flush_prose(struct report_doc *doc, struct report_section *s,
			struct strbuf *sb, int *in_list, int item)
{
	if (!sb->len)
		return;
	if (item) {
		if (!*in_list)
			report_list(doc, s);
		*in_list = 1;
		report_item(doc, s, "%s", sb->buf);
	} else {
		*in_list = 0;
		report_para(doc, s, "%s", sb->buf);
	}
	strbuf_reset(sb);
}

void report_add_prose(struct report_doc *doc, struct report_section *s,
		      const char *text, const char *const *names,
		      const char *const *values, size_t nvars)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = text;
	int in_list = 0, item = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len == 0) {			/* blank line: end of block */
			flush_prose(doc, s, &sb, &in_list, item);
			in_list = item ? in_list : 0;
		} else if (len > 3 && !strncmp(p, "## ", 3)) {
			flush_prose(doc, s, &sb, &in_list, item);
			strbuf_reset(&sb);
			expand(&sb, p + 3, len - 3, names, values, nvars);
			report_heading(doc, s, sb.buf);
			strbuf_reset(&sb);
			in_list = 0;
		} else if (len > 2 && !strncmp(p, "- ", 2)) {
			flush_prose(doc, s, &sb, &in_list, item);
			item = 1;
			expand(&sb, p + 2, len - 2, names, values, nvars);
		} else {
			if (sb.len)
				strbuf_addch(&sb, ' ');
			else
				item = 0;
			while (len && (*p == ' ' || *p == '\t'))
				p++, len--;
			expand(&sb, p, len, names, values, nvars);
		}
		p += len + (nl ? 1 : 0);
		if (!nl)
			break;
	}
	flush_prose(doc, s, &sb, &in_list, item);
	strbuf_release(&sb);
}
