/*
 * report_pdf.c - the briefing as an A4 PDF, laid out with pango and
 * painted with cairo: a small flowing layout engine.
 *
 * The page is a single column.  A cursor moves down it; each block asks
 * for the height it needs and a new page starts when the block does not
 * fit (paragraphs and lists break between lines, tables between rows with
 * the header repeated, cards and charts never break).  Headings keep
 * with what follows them.  Every page has a footer (the document's
 * footer and "page N of M"); pages after the first a running title.
 *
 * Two passes: the first lays the document out without painting and
 * counts the pages, the second paints with the count known.  Both lay
 * out with the same fonts, options and widths, so they break alike.
 *
 * Text is set with pango's plain-text API (never markup), in DejaVu Sans,
 * language "en" and hinting off, so that line breaks do not depend on the
 * host's locale or screen.  cairo embeds the subset of every font used.
 * Charts are painted as vectors by doc->draw_chart.  Links (table cells
 * with an href) are PDF link annotations, sections are outline entries.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tally/report.h"

#define PT_PER_MM (72.0 / 25.4)
#define PAGE_W (210.0 * PT_PER_MM)
#define PAGE_H (297.0 * PT_PER_MM)
#define MARGIN_X (18.0 * PT_PER_MM)
#define TOP (20.0 * PT_PER_MM)
#define BOTTOM (PAGE_H - 20.0 * PT_PER_MM)
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)

#define FONT "DejaVu Sans"
#define SZ_TITLE 19.0
#define SZ_SUBTITLE 10.0
#define SZ_H2 13.5
#define SZ_H3 10.5
#define SZ_BODY 9.0
#define SZ_TABLE 7.8
#define SZ_SMALL 7.0

#define INK 0x1A1A1A
#define INK2 0x4A4A4A
#define INK3 0x666666
#define RULE 0xDCDCDC
#define ACCENT 0x0072B2
#define CARD 0xF6F6F4
#define UP 0xB34700
#define DOWN 0x00704A

struct pdf {
	const struct report_doc *doc;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pc;
	int paint;		/* 0 in the counting pass */
	int page, pages;	/* current page (1-based); total (paint pass) */
	double y;		/* cursor, from the top of the page */
	struct diag *d;
	int failed;
};

/* ---- text ------------------------------------------------------------- */

static void colour(cairo_t *cr, uint32_t rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0,
			     ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

/* A layout of plain text (never parsed as markup) at size pt, wrapped
 * to width pt (0: no wrapping). */
static PangoLayout *text_layout(struct pdf *p, const char *text, double size,
				int bold, double width, enum report_align al)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD :
					  PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, al == REPORT_RIGHT ? PANGO_ALIGN_RIGHT :
				   PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, text, -1);
	return l;
}

static double layout_h(PangoLayout *l)
{
	PangoRectangle r;

	pango_layout_get_extents(l, NULL, &r);
	return (double)r.height / PANGO_SCALE;
}

/* Paints l with its top left at x, y (nothing in the counting pass). */
static void show(struct pdf *p, PangoLayout *l, double x, double y,
		 uint32_t rgb)
{
	if (!p->paint)
		return;
	colour(p->cr, rgb);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

/* A link annotation's attribute string: uri='...' with ' and \ escaped. */
static void link_begin(struct pdf *p, const char *href)
{
	struct strbuf sb = STRBUF_INIT;

	if (!p->paint || !href)
		return;
	strbuf_addstr(&sb, "uri='");
	for (; *href; href++) {
		if (*href == '\'' || *href == '\\')
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *href);
	}
	strbuf_addch(&sb, '\'');
	cairo_tag_begin(p->cr, CAIRO_TAG_LINK, sb.buf);
	strbuf_release(&sb);
}

static void link_end(struct pdf *p, const char *href)
{
	if (p->paint && href)
		cairo_tag_end(p->cr, CAIRO_TAG_LINK);
}

/* ---- pages ------------------------------------------------------------ */

static void page_footer(struct pdf *p)
{
	PangoLayout *l;
	char num[64];

	if (!p->paint)
		return;
	snprintf(num, sizeof(num), "page %d of %d", p->page, p->pages);
	l = text_layout(p, num, SZ_SMALL, 0, 0, REPORT_LEFT);
	{
		PangoRectangle r;

		pango_layout_get_extents(l, NULL, &r);
		show(p, l, PAGE_W - MARGIN_X - (double)r.width / PANGO_SCALE,
		     BOTTOM + 14, INK3);
		g_object_unref(l);
		l = text_layout(p, p->doc->footer, SZ_SMALL, 0,
				CONTENT_W - (double)r.width / PANGO_SCALE - 20,
				REPORT_LEFT);
	}
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	show(p, l, MARGIN_X, BOTTOM + 14, INK3);
	g_object_unref(l);
	colour(p->cr, RULE);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN_X, BOTTOM + 8);
	cairo_line_to(p->cr, PAGE_W - MARGIN_X, BOTTOM + 8);
	cairo_stroke(p->cr);
}

static void page_header(struct pdf *p)
{
	PangoLayout *l;

	if (!p->paint || p->page < 2)
		return;
	l = text_layout(p, p->doc->title, SZ_SMALL, 0, CONTENT_W, REPORT_LEFT);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	show(p, l, MARGIN_X, TOP - 22, INK3);
	g_object_unref(l);
}

static void new_page(struct pdf *p)
{
	if (p->page > 0) {
		page_footer(p);
		cairo_show_page(p->cr);
	}
	p->page++;
	p->y = TOP;
	page_header(p);
}

/* Starts a new page unless h pt fit below the cursor (or the page is
 * still empty, where nothing would fit better). */
static int need(struct pdf *p, double h)
{
	if (p->y + h <= BOTTOM || p->y <= TOP + 0.01)
		return 0;
	new_page(p);
	return 1;
}

/* Places l at x from the cursor down, line by line, breaking pages
 * between lines; the cursor ends below it. */
static void flow(struct pdf *p, PangoLayout *l, double x, uint32_t rgb)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double base = p->y;

	do {
		PangoRectangle r;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		double top, h, bl;

		pango_layout_iter_get_line_extents(it, NULL, &r);
		top = (double)r.y / PANGO_SCALE;
		h = (double)r.height / PANGO_SCALE;
		if (base + top + h > BOTTOM && base + top > TOP + 0.01) {
			new_page(p);
			base = p->y - top;
		}
		bl = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		if (p->paint) {
			colour(p->cr, rgb);
			cairo_move_to(p->cr, x + (double)r.x / PANGO_SCALE,
				      base + bl);
			pango_cairo_show_layout_line(p->cr, line);
		}
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	p->y = base + layout_h(l);
}

static void rule(struct pdf *p, double x0, double x1, double y, double w,
		 uint32_t rgb)
{
	if (!p->paint)
		return;
	colour(p->cr, rgb);
	cairo_set_line_width(p->cr, w);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

/* ---- blocks ----------------------------------------------------------- */

static void para(struct pdf *p, const char *text, double x, double width,
		 double size, int bold, uint32_t rgb)
{
	PangoLayout *l = text_layout(p, text, size, bold, width, REPORT_LEFT);

	flow(p, l, x, rgb);
	g_object_unref(l);
}

/* A heading that keeps with the next keep pt of content. */
static void heading(struct pdf *p, const char *text, double size,
		    double before, double keep)
{
	PangoLayout *l = text_layout(p, text, size, 1, CONTENT_W, REPORT_LEFT);
	double h = layout_h(l);

	if (p->y > TOP + 0.01)
		p->y += before;
	need(p, h + keep);
	show(p, l, MARGIN_X, p->y, INK);
	p->y += h;
	g_object_unref(l);
	if (size >= SZ_H2) {
		rule(p, MARGIN_X, PAGE_W - MARGIN_X, p->y + 2, 1.2, INK);
		p->y += 5;
	}
	p->y += 4;
}

static void list(struct pdf *p, const struct report_block *b)
{
	for (size_t i = 0; i < b->nitems; i++) {
		PangoLayout *l = text_layout(p, b->items[i], SZ_BODY, 0,
					     CONTENT_W - 14, REPORT_LEFT);
		PangoLayout *dot = text_layout(p, "\xe2\x80\xa2", SZ_BODY, 0, 0,
					       REPORT_LEFT);
		PangoRectangle r;

		pango_layout_line_get_extents(pango_layout_get_line_readonly(l, 0),
					      NULL, &r);
		need(p, (double)r.height / PANGO_SCALE);
		show(p, dot, MARGIN_X + 3, p->y, INK2);
		flow(p, l, MARGIN_X + 14, INK);
		p->y += 2.5;
		g_object_unref(l);
		g_object_unref(dot);
	}
	p->y += 3;
}

/* ---- cards ------------------------------------------------------------ */

struct card {
	PangoLayout *l[5];
	uint32_t rgb[5];
	double h;
};

#define CARD_PAD 6.0
#define CARD_GAP 8.0

static void card_make(struct pdf *p, const struct report_headline *h,
		      double w, struct card *c)
{
	const char *text[5] = { h->label, h->value, h->change, h->trend, h->basis };
	static const double size[5] = { SZ_SMALL, 15.0, SZ_SMALL, SZ_SMALL, SZ_SMALL };

	c->h = 2 * CARD_PAD;
	for (int i = 0; i < 5; i++) {
		c->l[i] = *text[i] ? text_layout(p, text[i], size[i], i < 2,
						 w - 2 * CARD_PAD - 3, REPORT_LEFT) : NULL;
		c->rgb[i] = i == 1 ? INK : i == 2 && h->direction > 0 ? UP :
			    i == 2 && h->direction < 0 ? DOWN : INK2;
		if (c->l[i])
			c->h += layout_h(c->l[i]) + 1.5;
	}
}

static void card_paint(struct pdf *p, struct card *c, double x, double w,
		       double h)
{
	double y = p->y + CARD_PAD;

	if (p->paint) {
		colour(p->cr, CARD);
		cairo_rectangle(p->cr, x, p->y, w, h);
		cairo_fill(p->cr);
		colour(p->cr, ACCENT);
		cairo_rectangle(p->cr, x, p->y, 3, h);
		cairo_fill(p->cr);
	}
	for (int i = 0; i < 5; i++) {
		if (!c->l[i])
			continue;
		show(p, c->l[i], x + CARD_PAD + 3, y, c->rgb[i]);
		y += layout_h(c->l[i]) + 1.5;
		g_object_unref(c->l[i]);
	}
}

static void cards(struct pdf *p, const struct report_block *b)
{
	double w = (CONTENT_W - CARD_GAP) / 2;

	for (size_t i = 0; i < b->nheads; i += 2) {
		struct card c[2];
		size_t n = i + 1 < b->nheads ? 2 : 1;
		double h = 0;

		for (size_t k = 0; k < n; k++) {
			card_make(p, &b->heads[i + k], w, &c[k]);
			h = fmax(h, c[k].h);
		}
		need(p, h);
		for (size_t k = 0; k < n; k++)
			card_paint(p, &c[k], MARGIN_X + (double)k * (w + CARD_GAP), w, h);
		p->y += h + CARD_GAP;
	}
}

/* ---- tables ----------------------------------------------------------- */

#define CELL_PX 3.0
#define CELL_PY 2.6

static void col_widths(const struct report_table *t, double *w)
{
	double total = 0;

	for (size_t i = 0; i < t->ncols; i++)
		total += t->weight[i];
	for (size_t i = 0; i < t->ncols; i++)
		w[i] = CONTENT_W * t->weight[i] / total;
}

/* Lays out one row (header when row is NULL); returns its height.  The
 * layouts go to l[2*i] (text) and l[2*i+1] (second line or NULL). */
static double row_layout(struct pdf *p, const struct report_table *t,
			 const struct report_cell *row, const double *w,
			 PangoLayout **l)
{
	double h = 0;

	for (size_t i = 0; i < t->ncols; i++) {
		const char *text = row ? row[i].text : t->head[i];
		double cw = w[i] - 2 * CELL_PX, ch;

		l[2 * i] = text_layout(p, text, SZ_TABLE, !row, cw, t->align[i]);
		ch = *text ? layout_h(l[2 * i]) : 0;
		l[2 * i + 1] = NULL;
		if (row && row[i].sub) {
			l[2 * i + 1] = text_layout(p, row[i].sub, SZ_SMALL, 0, cw,
						   t->align[i]);
			ch += layout_h(l[2 * i + 1]) + (*text ? 1 : 0);
		}
		h = fmax(h, ch);
	}
	return h + 2 * CELL_PY;
}

static void row_paint(struct pdf *p, const struct report_table *t,
		      const struct report_cell *row, const double *w,
		      PangoLayout **l, double h)
{
	double x = MARGIN_X;

	for (size_t i = 0; i < t->ncols; i++) {
		const char *href = row ? row[i].href : NULL;
		const char *text = row ? row[i].text : t->head[i];
		double y = p->y + CELL_PY;

		if (!(row && row[i].sub))
			link_begin(p, href);
		show(p, l[2 * i], x + CELL_PX, y, !row ? INK : href && !row[i].sub ?
		     ACCENT : INK);
		if (!(row && row[i].sub))
			link_end(p, href);
		if (*text)
			y += layout_h(l[2 * i]) + 1;
		if (l[2 * i + 1]) {
			link_begin(p, href);
			show(p, l[2 * i + 1], x + CELL_PX, y, href ? ACCENT : INK2);
			link_end(p, href);
		}
		x += w[i];
	}
	rule(p, MARGIN_X, PAGE_W - MARGIN_X, p->y + h, row ? 0.4 : 0.9,
	     row ? RULE : INK2);
	p->y += h;
}

static void free_layouts(PangoLayout **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (l[i])
			g_object_unref(l[i]);
}

static void table_head(struct pdf *p, const struct report_table *t,
		       const double *w, PangoLayout **l)
{
	double h = row_layout(p, t, NULL, w, l);

	row_paint(p, t, NULL, w, l, h);
	free_layouts(l, 2 * t->ncols);
}

static void table(struct pdf *p, const struct report_table *t)
{
	double *w = xcalloc(t->ncols, sizeof(*w));
	PangoLayout **l = xcalloc(2 * t->ncols, sizeof(*l));
	PangoLayout **hl = xcalloc(2 * t->ncols, sizeof(*hl));
	PangoLayout *cap = t->caption ? text_layout(p, t->caption, SZ_BODY, 1,
						    CONTENT_W, REPORT_LEFT) : NULL;
	double caph = cap ? layout_h(cap) + 3 : 0, headh, firsth;

	col_widths(t, w);
	headh = row_layout(p, t, NULL, w, l);
	free_layouts(l, 2 * t->ncols);
	firsth = t->nrows ? row_layout(p, t, t->cells, w, l) : 0;
	free_layouts(l, 2 * t->ncols);
	need(p, caph + headh + firsth);
	if (cap) {
		show(p, cap, MARGIN_X, p->y, INK);
		p->y += caph;
		g_object_unref(cap);
	}
	table_head(p, t, w, hl);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct report_cell *row = &t->cells[r * t->ncols];
		double h = row_layout(p, t, row, w, l);

		if (need(p, h))
			table_head(p, t, w, hl);
		row_paint(p, t, row, w, l, h);
		free_layouts(l, 2 * t->ncols);
	}
	if (t->note) {
		p->y += 3;
		para(p, t->note, MARGIN_X, CONTENT_W, SZ_SMALL, 0, INK3);
	}
	p->y += 8;
	free(hl);
	free(l);
	free(w);
}

/* ---- charts ----------------------------------------------------------- */

static void chart(struct pdf *p, const struct report_chart *c)
{
	double s = c->width > CONTENT_W ? CONTENT_W / c->width : 1;
	char cap[512];
	PangoLayout *l;
	double h;

	snprintf(cap, sizeof(cap), "%s (charts/%s.pdf, .svg, .png)", c->title,
		 c->name);
	l = text_layout(p, cap, SZ_SMALL, 0, CONTENT_W, REPORT_LEFT);
	h = c->height * s;
	need(p, h + layout_h(l) + 4);
	if (p->paint && p->doc->draw_chart && c->spec) {
		cairo_save(p->cr);
		cairo_translate(p->cr, MARGIN_X, p->y);
		cairo_scale(p->cr, s, s);
		cairo_rectangle(p->cr, 0, 0, c->width, c->height);
		cairo_clip(p->cr);
		cairo_move_to(p->cr, 0, 0);
		if (!p->failed && p->doc->draw_chart(c, p->cr, p->d) < 0)
			p->failed = 1;
		cairo_restore(p->cr);
		pango_cairo_update_context(p->cr, p->pc);
	} else if (p->paint) {
		PangoLayout *alt = text_layout(p, c->alt, SZ_BODY, 0, CONTENT_W - 20,
					       REPORT_LEFT);

		colour(p->cr, RULE);
		cairo_set_line_width(p->cr, 0.5);
		cairo_rectangle(p->cr, MARGIN_X, p->y, c->width * s, h);
		cairo_stroke(p->cr);
		show(p, alt, MARGIN_X + 10, p->y + 10, INK3);
		g_object_unref(alt);
	}
	p->y += h + 2;
	show(p, l, MARGIN_X, p->y, INK3);
	p->y += layout_h(l) + 10;
	g_object_unref(l);
}

/* ---- the document ----------------------------------------------------- */

static void block(struct pdf *p, const struct report_block *b)
{
	switch (b->kind) {
	case REPORT_PARA:
		para(p, b->text, MARGIN_X, CONTENT_W, SZ_BODY, 0, INK);
		p->y += 5;
		break;
	case REPORT_HEADING:
		heading(p, b->text, SZ_H3, 6, 40);
		break;
	case REPORT_LIST:
		list(p, b);
		break;
	case REPORT_TABLE:
		table(p, b->table);
		break;
	case REPORT_HEADLINES:
		cards(p, b);
		break;
	case REPORT_CHART:
		chart(p, b->chart);
		break;
	}
}

static void outline(struct pdf *p, const struct report_section *s)
{
	char dest[96];

	if (!p->paint)
		return;
	snprintf(dest, sizeof(dest), "page=%d pos=[%.0f %.0f]", p->page,
		 MARGIN_X, p->y);
	cairo_pdf_surface_add_outline(p->surface, CAIRO_PDF_OUTLINE_ROOT,
				      s->title, dest, 0);
}

static void title_block(struct pdf *p)
{
	const struct report_doc *doc = p->doc;

	para(p, doc->title, MARGIN_X, CONTENT_W, SZ_TITLE, 1, INK);
	if (doc->subtitle && *doc->subtitle) {
		p->y += 3;
		para(p, doc->subtitle, MARGIN_X, CONTENT_W, SZ_SUBTITLE, 0, INK2);
	}
	p->y += 6;
}

static void layout_doc(struct pdf *p)
{
	const struct report_doc *doc = p->doc;

	new_page(p);
	title_block(p);
	for (size_t i = 0; i < doc->nsections; i++) {
		const struct report_section *s = &doc->sections[i];

		/* keep the title with a sub-heading that opens the section */
		heading(p, s->title, SZ_H2, 10, s->nblocks &&
			s->blocks[0].kind == REPORT_HEADING ? 110 : 70);
		outline(p, s);
		for (size_t j = 0; j < s->nblocks; j++)
			block(p, &s->blocks[j]);
	}
	page_footer(p);
	cairo_show_page(p->cr);
}

/* ---- surfaces --------------------------------------------------------- */

static cairo_status_t write_sb(void *closure, const unsigned char *data,
			       unsigned int len)
{
	if (closure)
		strbuf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* The creation date: SOURCE_DATE_EPOCH when set, else date (YYYY-MM-DD)
 * at midnight UTC. */
static void creation_date(const char *date, char *buf, size_t size)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;

	if (sde && *sde) {
		long long t = strtoll(sde, &end, 10);

		if (!*end && t >= 0) {
			time_t tt = (time_t)t;
			struct tm tm;

			gmtime_r(&tt, &tm);
			strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
			return;
		}
	}
	if (date && strlen(date) == 10)
		snprintf(buf, size, "%sT00:00:00Z", date);
	else
		snprintf(buf, size, "1970-01-01T00:00:00Z");
}

static int run_pass(const struct report_doc *doc, struct strbuf *out,
		    int pages, int *counted, struct diag *d)
{
	struct pdf p;
	cairo_font_options_t *fo;
	cairo_status_t st;
	char date[40];

	memset(&p, 0, sizeof(p));
	p.doc = doc;
	p.d = d;
	p.paint = out != NULL;
	p.pages = pages;
	p.surface = cairo_pdf_surface_create_for_stream(write_sb, out, PAGE_W,
							PAGE_H);
	creation_date(doc->date, date, sizeof(date));
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE,
				       doc->title);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR,
				       "tally " TALLY_VERSION);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATE_DATE,
				       date);
	p.cr = cairo_create(p.surface);
	p.pc = pango_cairo_create_context(p.cr);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(p.pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(p.pc, pango_language_from_string("en"));
	pango_context_set_base_dir(p.pc, PANGO_DIRECTION_LTR);

	layout_doc(&p);

	g_object_unref(p.pc);
	st = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p.surface);
	cairo_surface_destroy(p.surface);
	*counted = p.page;
	if (p.failed)
		return -1;
	if (st != CAIRO_STATUS_SUCCESS)
		return diag_set(d, NULL, 0, 0, NULL, "cannot make the PDF: %s",
				cairo_status_to_string(st));
	return 0;
}

int report_write_pdf(const struct report_doc *doc, struct strbuf *out,
		     struct diag *d)
{
	int pages = 0, again = 0;

	if (run_pass(doc, NULL, 0, &pages, d) < 0)
		return -1;
	return run_pass(doc, out, pages, &again, d);
}
