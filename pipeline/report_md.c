/*
 * report_md.c - the briefing as Markdown (GitHub-flavoured tables).
 *
 * Text is escaped so that no figure or evidence sentence can turn into
 * markup: backslash, `*_[]<>|` and a leading '#', '+', '-' or "1." are
 * preceded by a backslash (the last three only before a space).  Line breaks inside a cell become spaces.
 */
#include <string.h>

#include "tally/report.h"

/* Appends s with Markdown's special characters escaped. */
static void md_text(struct strbuf *out, const char *s)
{
	const char *start = s;

	for (; *s; s++) {
		char c = *s;

		if (c == '\n' || c == '\r' || c == '\t') {
			strbuf_addch(out, ' ');
			continue;
		}
		if (strchr("\\`*_[]<>|", c) || (s == start && c == '#') ||
		    (s == start && (c == '+' || c == '-') && s[1] == ' '))
			strbuf_addch(out, '\\');
		strbuf_addch(out, c);
		if (s == start && c >= '0' && c <= '9') {
			const char *q = s;

			while (q[1] >= '0' && q[1] <= '9')
				q++;
			if ((q[1] == '.' || q[1] == ')') &&
			    (q[2] == ' ' || !q[2])) {
				strbuf_add(out, s + 1, (size_t)(q - s));
				strbuf_addch(out, '\\');
				s = q;
			}
		}
	}
}

/* Appends a link destination, percent-encoding what would end it. */
static void md_href(struct strbuf *out, const char *href)
{
	for (; *href; href++) {
		unsigned char c = (unsigned char)*href;

		if (c <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' ||
		    c == '|' || c == '\\' || c == 0x7f)
			strbuf_addf(out, "%%%02X", c);
		else
			strbuf_addch(out, (char)c);
	}
}

static void md_link(struct strbuf *out, const char *text, const char *href)
{
	strbuf_addch(out, '[');
	md_text(out, text);
	strbuf_addstr(out, "](");
	md_href(out, href);
	strbuf_addch(out, ')');
}

static void md_cell(struct strbuf *out, const struct report_cell *c)
{
	if (c->href && !c->sub)
		md_link(out, c->text, c->href);
	else
		md_text(out, c->text);
	if (c->sub) {
		strbuf_addstr(out, *c->text ? " \xe2\x80\x94 " : "");
		if (c->href)
			md_link(out, c->sub, c->href);
		else
			md_text(out, c->sub);
	}
}

static void md_row(struct strbuf *out, const struct report_table *t,
		   const struct report_cell *row)
{
	for (size_t i = 0; i < t->ncols; i++) {
		strbuf_addstr(out, i ? " | " : "| ");
		if (row)
			md_cell(out, &row[i]);
		else
			md_text(out, t->head[i]);
	}
	strbuf_addstr(out, " |\n");
}

static void md_table(struct strbuf *out, const struct report_table *t)
{
	if (t->caption) {
		strbuf_addstr(out, "**");
		md_text(out, t->caption);
		strbuf_addstr(out, "**\n\n");
	}
	md_row(out, t, NULL);
	for (size_t i = 0; i < t->ncols; i++)
		strbuf_addstr(out, t->align[i] == REPORT_RIGHT ? "|---:" : "|---");
	strbuf_addstr(out, "|\n");
	for (size_t r = 0; r < t->nrows; r++)
		md_row(out, t, &t->cells[r * t->ncols]);
	if (t->note) {
		strbuf_addstr(out, "\n_");
		md_text(out, t->note);
		strbuf_addstr(out, "_\n");
	}
	strbuf_addch(out, '\n');
}

static void md_headlines(struct strbuf *out, const struct report_block *b)
{
	strbuf_addstr(out, "| Figure | This month | Change | Trend | Basis |\n"
		      "|---|---:|---|---|---|\n");
	for (size_t i = 0; i < b->nheads; i++) {
		const struct report_headline *h = &b->heads[i];

		strbuf_addstr(out, "| ");
		md_text(out, h->label);
		strbuf_addstr(out, " | **");
		md_text(out, h->value);
		strbuf_addstr(out, "** | ");
		md_text(out, h->change);
		strbuf_addstr(out, " | ");
		md_text(out, h->trend);
		strbuf_addstr(out, " | ");
		md_text(out, h->basis);
		strbuf_addstr(out, " |\n");
	}
	strbuf_addch(out, '\n');
}

static void md_chart(struct strbuf *out, const struct report_chart *c)
{
	strbuf_addstr(out, "![");
	md_text(out, c->alt);
	strbuf_addf(out, "](charts/%s.svg)\n\n_", c->name);
	md_text(out, c->title);
	strbuf_addf(out, "_ (charts/%s: [SVG](charts/%s.svg), [PDF](charts/%s.pdf), "
		    "[PNG](charts/%s.png))\n\n", c->name, c->name, c->name, c->name);
}

static void md_block(struct strbuf *out, const struct report_block *b)
{
	switch (b->kind) {
	case REPORT_PARA:
		md_text(out, b->text);
		strbuf_addstr(out, "\n\n");
		break;
	case REPORT_HEADING:
		strbuf_addstr(out, "### ");
		md_text(out, b->text);
		strbuf_addstr(out, "\n\n");
		break;
	case REPORT_LIST:
		for (size_t i = 0; i < b->nitems; i++) {
			strbuf_addstr(out, "- ");
			md_text(out, b->items[i]);
			strbuf_addch(out, '\n');
		}
		strbuf_addch(out, '\n');
		break;
	case REPORT_TABLE:
		md_table(out, b->table);
		break;
	case REPORT_HEADLINES:
		md_headlines(out, b);
		break;
	case REPORT_CHART:
		md_chart(out, b->chart);
		break;
	}
}

void report_write_md(const struct report_doc *doc, struct strbuf *out)
{
	strbuf_addstr(out, "# ");
	md_text(out, doc->title);
	strbuf_addstr(out, "\n\n");
	if (doc->subtitle && *doc->subtitle) {
		md_text(out, doc->subtitle);
		strbuf_addstr(out, "\n\n");
	}
	if (doc->nsections > 1) {
		strbuf_addstr(out, "Contents: ");
		for (size_t i = 0; i < doc->nsections; i++) {
			strbuf_addstr(out, i ? " \xc2\xb7 " : "");
			md_text(out, doc->sections[i].title);
		}
		strbuf_addstr(out, "\n\n");
	}
	for (size_t i = 0; i < doc->nsections; i++) {
		const struct report_section *s = &doc->sections[i];

		strbuf_addstr(out, "## ");
		md_text(out, s->title);
		strbuf_addstr(out, "\n\n");
		for (size_t j = 0; j < s->nblocks; j++)
			md_block(out, &s->blocks[j]);
	}
	if (*doc->footer) {
		strbuf_addstr(out, "---\n\n_");
		md_text(out, doc->footer);
		strbuf_addstr(out, "_\n");
	}
}
