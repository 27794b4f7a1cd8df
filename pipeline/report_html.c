/*
 * report_html.c - the briefing as one self-contained HTML page.
 *
 * Everything the page needs is inside it: the style sheet (report_css())
 * in a <style> element and each chart as inline SVG.  There is no script
 * and no external resource, so the page reads offline and prints on A4
 * (the style sheet's @page and break rules).  Links to the chart files
 * and to the bulletins are ordinary links.
 *
 * Several SVG documents share one page, and cairo names the glyphs and
 * clip paths of each the same way, so the ids of chart N are prefixed
 * with "cN-" (and every reference to them too).
 */
#include <string.h>

#include "tally/report.h"

/* Appends s with &, <, >, " and ' escaped. */
static void html_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\'': strbuf_addstr(out, "&#39;"); break;
		default: strbuf_addch(out, *s);
		}
	}
}

/* A link target: only http(s), mailto and relative links are kept
 * clickable; anything else (javascript:, data:) is shown as text. */
static int safe_href(const char *href)
{
	const char *colon = strchr(href, ':');
	const char *slash = strchr(href, '/');

	if (!colon || (slash && slash < colon))
		return 1;	/* relative */
	return !strncmp(href, "http://", 7) || !strncmp(href, "https://", 8) ||
	       !strncmp(href, "mailto:", 7);
}

static void html_link(struct strbuf *out, const char *text, const char *href)
{
	if (!href || !safe_href(href)) {
		html_text(out, text);
		return;
	}
	strbuf_addstr(out, "<a href=\"");
	html_text(out, href);
	strbuf_addstr(out, "\">");
	html_text(out, text);
	strbuf_addstr(out, "</a>");
}

static void html_cell(struct strbuf *out, const struct report_table *t,
		      size_t col, const struct report_cell *c)
{
	strbuf_addstr(out, t->align[col] == REPORT_RIGHT ? "<td class=\"num\">" : "<td>");
	if (c->sub) {
		html_text(out, c->text);
		strbuf_addstr(out, *c->text ? "<br><span class=\"sub\">" :
			      "<span class=\"sub\">");
		html_link(out, c->sub, c->href);
		strbuf_addstr(out, "</span>");
	} else {
		html_link(out, c->text, c->href);
	}
	strbuf_addstr(out, "</td>");
}

static void html_table(struct strbuf *out, const struct report_table *t)
{
	double total = 0;

	strbuf_addstr(out, "<figure class=\"table\">\n");
	if (t->caption) {
		strbuf_addstr(out, "<figcaption>");
		html_text(out, t->caption);
		strbuf_addstr(out, "</figcaption>\n");
	}
	strbuf_addstr(out, "<table>\n<colgroup>");
	for (size_t i = 0; i < t->ncols; i++)
		total += t->weight[i];
	for (size_t i = 0; i < t->ncols; i++)
		strbuf_addf(out, "<col style=\"width:%.1f%%\">",
			    100.0 * t->weight[i] / total);
	strbuf_addstr(out, "</colgroup>\n<thead><tr>");
	for (size_t i = 0; i < t->ncols; i++) {
		strbuf_addstr(out, t->align[i] == REPORT_RIGHT ?
			      "<th class=\"num\">" : "<th>");
		html_text(out, t->head[i]);
		strbuf_addstr(out, "</th>");
	}
	strbuf_addstr(out, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < t->nrows; r++) {
		strbuf_addstr(out, "<tr>");
		for (size_t i = 0; i < t->ncols; i++)
			html_cell(out, t, i, &t->cells[r * t->ncols + i]);
		strbuf_addstr(out, "</tr>\n");
	}
	strbuf_addstr(out, "</tbody>\n</table>\n");
	if (t->note) {
		strbuf_addstr(out, "<p class=\"note\">");
		html_text(out, t->note);
		strbuf_addstr(out, "</p>\n");
	}
	strbuf_addstr(out, "</figure>\n");
}

static void html_div(struct strbuf *out, const char *cls, const char *text)
{
	if (!*text)
		return;
	strbuf_addf(out, "<div class=\"%s\">", cls);
	html_text(out, text);
	strbuf_addstr(out, "</div>");
}

static void html_headlines(struct strbuf *out, const struct report_block *b)
{
	strbuf_addstr(out, "<div class=\"cards\">\n");
	for (size_t i = 0; i < b->nheads; i++) {
		const struct report_headline *h = &b->heads[i];

		strbuf_addstr(out, "<div class=\"card\" id=\"h-");
		html_text(out, h->key);
		strbuf_addstr(out, "\">");
		html_div(out, "label", h->label);
		html_div(out, "value", h->value);
		html_div(out, h->direction > 0 ? "change up" :
			 h->direction < 0 ? "change down" : "change", h->change);
		html_div(out, "trend", h->trend);
		html_div(out, "basis", h->basis);
		strbuf_addstr(out, "</div>\n");
	}
	strbuf_addstr(out, "</div>\n");
}

/* Returns 1 when s starts with the n bytes of w. */
static int at(const char *s, const char *end, const char *w, size_t n)
{
	return (size_t)(end - s) >= n && !memcmp(s, w, n);
}

/*
 * Appends the SVG document svg[0..len) as an inline element: without
 * its XML declaration, with class, role and label on the root, and with
 * every id and reference to one prefixed by "c<n>-".
 */
static void html_svg(struct strbuf *out, const struct report_chart *c, int n)
{
	const char *p = c->svg, *end = c->svg + c->svg_len;
	const char *root;
	char prefix[24];
	size_t plen;

	plen = (size_t)snprintf(prefix, sizeof(prefix), "c%d-", n);
	root = strstr(p, "<svg");
	if (!root || root >= end)
		return;
	p = root + 4;
	strbuf_addstr(out, "<svg class=\"chart-svg\" role=\"img\" aria-label=\"");
	html_text(out, c->alt);
	strbuf_addch(out, '"');
	while (p < end) {
		static const struct { const char *w; size_t n; } refs[] = {
			{ " id=\"", 5 }, { "href=\"#", 7 }, { "url(#", 5 }
		};
		size_t i;

		for (i = 0; i < 3; i++)
			if (at(p, end, refs[i].w, refs[i].n))
				break;
		if (i < 3) {
			strbuf_add(out, p, refs[i].n);
			strbuf_add(out, prefix, plen);
			p += refs[i].n;
			continue;
		}
		strbuf_addch(out, *p++);
	}
	if (out->len && out->buf[out->len - 1] != '\n')
		strbuf_addch(out, '\n');
}

static void html_chart(struct strbuf *out, const struct report_chart *c, int n)
{
	strbuf_addstr(out, "<figure class=\"chart\" id=\"chart-");
	html_text(out, c->name);
	strbuf_addstr(out, "\">\n");
	if (c->svg && c->svg_len)
		html_svg(out, c, n);
	else {
		strbuf_addstr(out, "<p class=\"missing\">");
		html_text(out, c->alt);
		strbuf_addstr(out, "</p>\n");
	}
	strbuf_addstr(out, "<figcaption>");
	html_text(out, c->title);
	strbuf_addstr(out, " <span class=\"files\">(charts/");
	html_text(out, c->name);
	strbuf_addstr(out, ": ");
	static const char *const ext[] = { "svg", "pdf", "png" };
	for (int i = 0; i < 3; i++) {
		strbuf_addf(out, "%s<a href=\"charts/", i ? ", " : "");
		html_text(out, c->name);
		strbuf_addf(out, ".%s\">%s</a>", ext[i], ext[i]);
	}
	strbuf_addstr(out, ")</span></figcaption>\n</figure>\n");
}

static void html_block(struct strbuf *out, const struct report_block *b,
		       int *nchart)
{
	switch (b->kind) {
	case REPORT_PARA:
		strbuf_addstr(out, "<p>");
		html_text(out, b->text);
		strbuf_addstr(out, "</p>\n");
		break;
	case REPORT_HEADING:
		strbuf_addstr(out, "<h3>");
		html_text(out, b->text);
		strbuf_addstr(out, "</h3>\n");
		break;
	case REPORT_LIST:
		strbuf_addstr(out, "<ul>\n");
		for (size_t i = 0; i < b->nitems; i++) {
			strbuf_addstr(out, "<li>");
			html_text(out, b->items[i]);
			strbuf_addstr(out, "</li>\n");
		}
		strbuf_addstr(out, "</ul>\n");
		break;
	case REPORT_TABLE:
		html_table(out, b->table);
		break;
	case REPORT_HEADLINES:
		html_headlines(out, b);
		break;
	case REPORT_CHART:
		html_chart(out, b->chart, ++*nchart);
		break;
	}
}

static void html_head(struct strbuf *out, const struct report_doc *doc)
{
	strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		      "<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, "
		      "initial-scale=1\">\n"
		      "<meta name=\"generator\" content=\"tally\">\n<title>");
	html_text(out, doc->title);
	strbuf_addstr(out, "</title>\n<style>\n");
	strbuf_addstr(out, report_css());
	strbuf_addstr(out, "</style>\n</head>\n<body>\n<header>\n<h1>");
	html_text(out, doc->title);
	strbuf_addstr(out, "</h1>\n");
	if (doc->subtitle && *doc->subtitle) {
		strbuf_addstr(out, "<p class=\"subtitle\">");
		html_text(out, doc->subtitle);
		strbuf_addstr(out, "</p>\n");
	}
	strbuf_addstr(out, "</header>\n");
}

void report_write_html(const struct report_doc *doc, struct strbuf *out)
{
	int nchart = 0;

	html_head(out, doc);
	if (doc->nsections > 1) {
		strbuf_addstr(out, "<nav class=\"toc\" aria-label=\"Contents\"><ol>\n");
		for (size_t i = 0; i < doc->nsections; i++) {
			strbuf_addstr(out, "<li><a href=\"#");
			html_text(out, doc->sections[i].id);
			strbuf_addstr(out, "\">");
			html_text(out, doc->sections[i].title);
			strbuf_addstr(out, "</a></li>\n");
		}
		strbuf_addstr(out, "</ol></nav>\n");
	}
	strbuf_addstr(out, "<main>\n");
	for (size_t i = 0; i < doc->nsections; i++) {
		const struct report_section *s = &doc->sections[i];

		strbuf_addstr(out, "<section id=\"");
		html_text(out, s->id);
		strbuf_addstr(out, "\">\n<h2>");
		html_text(out, s->title);
		strbuf_addstr(out, "</h2>\n");
		for (size_t j = 0; j < s->nblocks; j++)
			html_block(out, &s->blocks[j], &nchart);
		strbuf_addstr(out, "</section>\n");
	}
	strbuf_addstr(out, "</main>\n");
	if (*doc->footer) {
		strbuf_addstr(out, "<footer>");
		html_text(out, doc->footer);
		strbuf_addstr(out, "</footer>\n");
	}
	strbuf_addstr(out, "</body>\n</html>\n");
}
