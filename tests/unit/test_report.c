/*
 * test_report.c - the document model and its writers on hand-made
 * documents: escaping in every form, the prose reader, JSON numbers,
 * self-contained HTML with prefixed SVG ids, and a PDF that is
 * well-formed, paginated and the same bytes twice.
 */
#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "tally/report.h"

static int contains(const struct strbuf *sb, const char *s)
{
	return sb->buf && strstr(sb->buf, s) != NULL;
}

static size_t count(const struct strbuf *sb, const char *s)
{
	size_t n = 0;
	const char *p = sb->buf;

	while (p && (p = strstr(p, s)) != NULL) {
		n++;
		p += strlen(s);
	}
	return n;
}

/* The same over bytes that may hold NULs (a PDF). */
static size_t bin_count(const struct strbuf *sb, const char *s)
{
	size_t n = 0, k = strlen(s);

	for (size_t i = 0; i + k <= sb->len; i++)
		if (!memcmp(sb->buf + i, s, k))
			n++;
	return n;
}

static int draw_box(const struct report_chart *c, void *cr, struct diag *d)
{
	(void)d;
	cairo_set_source_rgb(cr, 0.9, 0.6, 0);
	cairo_rectangle(cr, 10, 10, c->width - 20, c->height - 20);
	cairo_fill(cr);
	return 0;
}

static const char svg_doc[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
	"width=\"400pt\" height=\"200pt\" viewBox=\"0 0 400 200\" version=\"1.1\">\n"
	"<defs><symbol overflow=\"visible\" id=\"glyph0-1\"><path d=\"M 0 0 L 1 1\"/></symbol>"
	"<clipPath id=\"clip1\"><rect x=\"0\" y=\"0\" width=\"4\" height=\"2\"/></clipPath></defs>\n"
	"<g id=\"surface1\" clip-path=\"url(#clip1)\"><use xlink:href=\"#glyph0-1\" x=\"1\" y=\"2\"/></g>\n"
	"</svg>\n";

/* A document with every kind of block and text that needs escaping. */
static void make_doc(struct report_doc *doc, size_t rows)
{
	struct report_section *s;
	struct report_table *t;
	struct report_headline *h;
	struct report_chart *c;
	struct report_number *n;

	report_doc_init(doc);
	doc->month = report_str(doc, "2024-11");
	doc->date = report_str(doc, "2024-11-30");
	doc->footer = report_str(doc, "tally briefing 2024-11: 3 bulletins");
	report_set_title(doc, "Briefing <November 2024> & more",
			 "From 3 bulletins of 2 sources");
	s = report_section_add(doc, "headlines", "Headline figures");
	report_headlines(doc, s);
	h = report_headline_add(doc, s, "arrests", "Arrests");
	h->value = report_str(doc, "1,234");
	h->change = report_str(doc, "+12% on Oct 2024 (1,100)");
	h->trend = report_str(doc, "rising, +35 a month");
	h->basis = report_str(doc, "9 figures in 7 bulletins");
	h->direction = 1;
	h = report_headline_add(doc, s, "losses", "Losses");
	h->value = report_str(doc, "USD 193m");
	n = report_number_add(doc, "arrests", "count");
	n->value = 1234;
	n->previous = 1100;
	n->figures = 9;
	n->bulletins = 7;

	s = report_section_add(doc, "top", "Largest figures");
	report_para(doc, s, "Text with *stars*, _under_, [brackets] | pipes "
		    "and <tags> & \"quotes\" costing %d", 5);
	report_para(doc, s, "1. not a list");
	t = report_table_add(doc, s, 3, "Ten largest");
	report_table_col(doc, t, 0, "Figure", REPORT_RIGHT, 1);
	report_table_col(doc, t, 1, "Evidence", REPORT_LEFT, 4);
	report_table_col(doc, t, 2, "Source", REPORT_LEFT, 1.5);
	for (size_t r = 0; r < rows; r++) {
		size_t i = report_table_row(t);

		report_table_setf(doc, t, i, 0, "%zu", 1000 - r);
		report_table_set(doc, t, i, 1,
				 "Police arrested | many <people> in an operation "
				 "that went on for a long time across many countries.",
				 "Operation (title) with a link",
				 "https://example.org/a b?x='1'");
		report_table_set(doc, t, i, 2, "Europol", NULL, NULL);
	}
	t->note = report_str(doc, "Money in USD.");

	s = report_section_add(doc, "charts", "Charts");
	c = report_chart_add(doc, s, "arrests-by-month", "Arrests by month",
			     "Bar chart of arrests by month", 400, 200);
	c->svg = xstrdup(svg_doc);
	c->svg_len = strlen(svg_doc);
	c->spec = c;		/* anything non-NULL for draw_box */
	c = report_chart_add(doc, s, "victims-by-month", "Victims by month",
			     "Bar chart of victims", 400, 200);
	c->svg = xstrdup(svg_doc);
	c->svg_len = strlen(svg_doc);
	c->spec = c;
	doc->draw_chart = draw_box;

	s = report_section_add(doc, "method", "Method");
	{
		static const char *const names[] = { "currency" };
		static const char *const values[] = { "USD" };

		report_add_prose(doc, s,
				 "## How\n\nMoney is in {{currency}},\nconverted "
				 "{{unknown}}.\n\n- one item\n- two\n  continued\n\n"
				 "After.\n", names, values, 1);
	}
}

static void test_prose(void)
{
	struct report_doc doc;
	struct report_section *s;

	make_doc(&doc, 1);
	s = report_section_find(&doc, "method");
	CHECK(s != NULL);
	CHECK(s->nblocks == 4);
	CHECK(s->blocks[0].kind == REPORT_HEADING);
	CHECK_STR(s->blocks[0].text, "How");
	CHECK(s->blocks[1].kind == REPORT_PARA);
	CHECK_STR(s->blocks[1].text, "Money is in USD, converted {{unknown}}.");
	CHECK(s->blocks[2].kind == REPORT_LIST);
	CHECK(s->blocks[2].nitems == 2);
	CHECK_STR(s->blocks[2].items[1], "two continued");
	CHECK_STR(s->blocks[3].text, "After.");
	CHECK(report_section_find(&doc, "nope") == NULL);
	report_doc_release(&doc);
}

static void test_md(void)
{
	struct report_doc doc;
	struct strbuf sb = STRBUF_INIT;

	make_doc(&doc, 2);
	report_write_md(&doc, &sb);
	CHECK(!strncmp(sb.buf, "# Briefing \\<November 2024\\> & more\n", 36));
	CHECK(contains(&sb, "\\*stars\\*, \\_under\\_, \\[brackets\\] \\| pipes"));
	CHECK(contains(&sb, "\n1\\. not a list\n"));
	CHECK(contains(&sb, "| Arrests | **1,234** | +12% on Oct 2024 (1,100) |"));
	CHECK(contains(&sb, "|---:|---|---|\n"));
	CHECK(contains(&sb, "[Operation (title) with a link](https://example.org/a%20b?x='1')"));
	CHECK(contains(&sb, "![Bar chart of arrests by month](charts/arrests-by-month.svg)"));
	CHECK(contains(&sb, "- two continued\n"));
	CHECK(count(&sb, "\n## ") == 4);
	strbuf_release(&sb);
	report_doc_release(&doc);
}

static void test_html(void)
{
	struct report_doc doc;
	struct strbuf sb = STRBUF_INIT;

	make_doc(&doc, 2);
	report_write_html(&doc, &sb);
	CHECK(!strncmp(sb.buf, "<!DOCTYPE html>\n", 16));
	CHECK(contains(&sb, "<title>Briefing &lt;November 2024&gt; &amp; more</title>"));
	CHECK(contains(&sb, "@page"));	/* the style sheet, inline */
	CHECK(!contains(&sb, "<script"));
	CHECK(!contains(&sb, "<link"));
	CHECK(!contains(&sb, "<?xml"));
	CHECK(contains(&sb, "&lt;tags&gt; &amp; &quot;quotes&quot;"));
	CHECK(contains(&sb, "<a href=\"https://example.org/a b?x=&#39;1&#39;\">"));
	/* ids of each chart are prefixed, so two charts do not clash */
	CHECK(contains(&sb, "id=\"c1-glyph0-1\""));
	CHECK(contains(&sb, "xlink:href=\"#c2-glyph0-1\""));
	CHECK(contains(&sb, "clip-path=\"url(#c2-clip1)\""));
	CHECK(!contains(&sb, "\"#glyph0-1\""));
	CHECK(count(&sb, "<svg class=\"chart-svg\" role=\"img\"") == 2);
	CHECK(count(&sb, "<section id=") == 4);
	CHECK(contains(&sb, "<div class=\"change up\">+12% on Oct 2024 (1,100)</div>"));
	CHECK(contains(&sb, "</html>\n"));
	if (getenv("TEST_REPORT_DUMP_HTML")) {	/* to look at by hand */
		FILE *fp = fopen(getenv("TEST_REPORT_DUMP_HTML"), "wb");

		if (fp) {
			fwrite(sb.buf, 1, sb.len, fp);
			fclose(fp);
		}
	}
	strbuf_release(&sb);
	report_doc_release(&doc);
}

static void test_json(void)
{
	struct report_doc doc;
	struct strbuf sb = STRBUF_INIT;

	make_doc(&doc, 1);
	report_write_json(&doc, &sb);
	CHECK(contains(&sb, "{\"key\":\"arrests\",\"unit\":\"count\",\"value\":1234,"
		       "\"low\":null,\"high\":null,\"previous\":1100,"
		       "\"change_pct\":null,\"trend_slope\":null,"
		       "\"trend_flagged\":false,\"figures\":9,\"bulletins\":7}"));
	CHECK(contains(&sb, "\"sub\":\"Operation (title) with a link\""));
	CHECK(contains(&sb, "\"kind\":\"chart\",\"name\":\"arrests-by-month\""));
	CHECK(report_number_find(&doc, "arrests")->value == 1234);
	strbuf_release(&sb);
	report_doc_release(&doc);
}

static void test_pdf(void)
{
	struct report_doc doc;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct diag d;

	diag_clear(&d);
	setenv("SOURCE_DATE_EPOCH", "1732579200", 1);
	make_doc(&doc, 60);	/* long enough for several pages */
	CHECK(report_write_pdf(&doc, &a, &d) == 0);
	CHECK(report_write_pdf(&doc, &b, &d) == 0);
	CHECK(a.len > 1000 && !memcmp(a.buf, "%PDF-", 5));
	if (getenv("TEST_REPORT_DUMP")) {	/* to look at by hand */
		FILE *fp = fopen(getenv("TEST_REPORT_DUMP"), "wb");

		if (fp) {
			fwrite(a.buf, 1, a.len, fp);
			fclose(fp);
		}
	}
	CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	CHECK(bin_count(&a, "/Type /Page %") >= 3);
	/* cairo 1.16 writes the date without its "D:" */
	CHECK(bin_count(&a, "/CreationDate (20241126000000") +
	      bin_count(&a, "/CreationDate (D:20241126000000") == 1);
	CHECK(bin_count(&a, "/URI (https://example.org/a b?x='1')") == 60);
	CHECK(!d.set);
	strbuf_release(&a);
	strbuf_release(&b);
	report_doc_release(&doc);

	/* An empty document still makes one honest page. */
	report_doc_init(&doc);
	report_set_title(&doc, "Nothing", NULL);
	CHECK(report_write_pdf(&doc, &a, &d) == 0);
	CHECK(a.len > 100);
	strbuf_release(&a);
	report_doc_release(&doc);
}

int main(void)
{
	test_prose();
	test_md();
	test_html();
	test_json();
	test_pdf();
	return TEST_REPORT();
}
