/* chart_paint.c - painting a plan with cairo and pango, and measuring
 * text for it (see chart_int.h).  Thin on purpose: every position comes
 * from the plan; this file only turns items into cairo calls. */
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

#define DEFAULT_FAMILY "DejaVu Sans"

struct chart_painter {
	PangoContext *ctx;
	PangoLayout *layout;	/* reused for every text */
	PangoFontDescription *font;
	uint64_t family_hash;
};

/*
 * Widths measured so far, in this process: a chart is planned once per
 * format and its words recur across charts, and shaping text is most of
 * the cost of a chart.  Direct-mapped on a 64-bit hash of (family, text,
 * size, weight), whole keys compared; a slot is simply overwritten.
 * Measuring the same text always gives the same width, so the cache
 * changes no output.
 */
#define WIDTH_SLOTS 4096

struct width_slot {
	uint64_t key;
	double size;
	int bold;
	double width;
};

static struct width_slot width_cache[WIDTH_SLOTS];

struct chart_painter *chart_painter_new(const struct chart_spec *spec)
{
	struct chart_painter *p = xcalloc(1, sizeof(*p));
	PangoFontMap *map = pango_cairo_font_map_get_default();
	cairo_font_options_t *fo = cairo_font_options_create();
	const char *family = spec->font_family && spec->font_family[0] ?
			     spec->font_family : DEFAULT_FAMILY;

	/* Unhinted metrics and unrounded positions: text is laid out the
	 * same in pt whatever the surface or its scale. */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	p->ctx = pango_font_map_create_context(map);
	pango_cairo_context_set_resolution(p->ctx, 72);
	pango_cairo_context_set_font_options(p->ctx, fo);
	pango_context_set_round_glyph_positions(p->ctx, FALSE);
	cairo_font_options_destroy(fo);
	p->layout = pango_layout_new(p->ctx);
	p->font = pango_font_description_new();
	pango_font_description_set_family(p->font, family);
	p->family_hash = hash64(family, strlen(family));
	return p;
}

void chart_painter_free(struct chart_painter *p)
{
	if (!p)
		return;
	pango_font_description_free(p->font);
	g_object_unref(p->layout);
	g_object_unref(p->ctx);
	free(p);
}

/* Sets the layout to text in the font at size, elided at maxw (> 0). */
static void set_text(struct chart_painter *p, const char *text, double size,
		     int bold, double maxw)
{
	pango_font_description_set_absolute_size(p->font, size * PANGO_SCALE);
	pango_font_description_set_weight(p->font, bold ? PANGO_WEIGHT_BOLD :
					  PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(p->layout, p->font);
	pango_layout_set_width(p->layout, maxw > 0 ?
			       (int)(maxw * PANGO_SCALE) : -1);
	pango_layout_set_ellipsize(p->layout, maxw > 0 ?
				   PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
	pango_layout_set_text(p->layout, text, -1);
}

static double measure(void *ctx, const char *text, double size, int bold)
{
	struct chart_painter *p = ctx;
	PangoRectangle logical;
	uint64_t key = hash64(text, strlen(text)) ^ p->family_hash;
	struct width_slot *w = &width_cache[key % WIDTH_SLOTS];

	key |= 1;	/* 0 marks an empty slot */
	if (w->key == key && w->size == size && w->bold == bold)
		return w->width;
	set_text(p, text, size, bold, 0);
	pango_layout_get_extents(p->layout, NULL, &logical);
	w->key = key;
	w->size = size;
	w->bold = bold;
	w->width = (double)logical.width / PANGO_SCALE;
	return w->width;
}

void chart_painter_measure(struct chart_painter *p, struct chart_measure *m)
{
	m->width = measure;
	m->ctx = p;
}

static void set_colour(cairo_t *cr, const struct chart_item *it)
{
	cairo_set_source_rgba(cr, ((it->rgb >> 16) & 255) / 255.0,
			      ((it->rgb >> 8) & 255) / 255.0,
			      (it->rgb & 255) / 255.0, it->alpha);
}

static void paint_text(struct chart_painter *p, cairo_t *cr,
		       const struct chart_item *it)
{
	PangoRectangle ink, logical;
	double x = it->x0, y = it->y0, w, h;

	set_text(p, it->text, it->size, it->bold, it->max_width);
	pango_layout_get_extents(p->layout, &ink, &logical);
	w = (double)logical.width / PANGO_SCALE;
	h = (double)logical.height / PANGO_SCALE;
	x -= (double)logical.x / PANGO_SCALE;
	if (it->align == CHART_ALIGN_CENTER)
		x -= w / 2;
	else if (it->align == CHART_ALIGN_RIGHT)
		x -= w;
	if (it->valign == CHART_VALIGN_MIDDLE)
		y -= h / 2;
	else if (it->valign == CHART_VALIGN_BOTTOM)
		y -= h;
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, p->layout);
}

static void paint_path(cairo_t *cr, const struct chart_plan *plan,
		       const struct chart_item *it)
{
	const struct chart_point *pt = plan->pts + it->first;

	for (size_t i = 0; i < it->npts; i++)
		cairo_line_to(cr, pt[i].x, pt[i].y);
	if (it->stroke > 0) {
		cairo_set_line_width(cr, it->stroke);
		cairo_stroke(cr);
	} else {
		cairo_close_path(cr);
		cairo_fill(cr);
	}
}

static void paint_item(struct chart_painter *p, cairo_t *cr,
		       const struct chart_plan *plan,
		       const struct chart_item *it)
{
	static const double dash[] = { 3.5, 2.2 };

	set_colour(cr, it);
	cairo_set_dash(cr, dash, it->dashed ? 2 : 0, 0);
	cairo_new_path(cr);
	switch (it->prim) {
	case CHART_PRIM_RECT:
		if (it->role == CHART_ROLE_BACKGROUND) {
			cairo_paint(cr);	/* every pixel, even a part one */
			break;
		}
		cairo_rectangle(cr, it->x0, it->y0, it->x1 - it->x0,
				it->y1 - it->y0);
		cairo_fill(cr);
		break;
	case CHART_PRIM_LINE:
		cairo_set_line_width(cr, it->stroke);
		cairo_move_to(cr, it->x0, it->y0);
		cairo_line_to(cr, it->x1, it->y1);
		cairo_stroke(cr);
		break;
	case CHART_PRIM_PATH:
		paint_path(cr, plan, it);
		break;
	case CHART_PRIM_DOT:
		cairo_arc(cr, it->x0, it->y0, it->r, 0, 6.283185307179586);
		cairo_fill(cr);
		break;
	case CHART_PRIM_TEXT:
		paint_text(p, cr, it);
		break;
	}
}

int chart_paint(struct chart_painter *p, cairo_t *cr,
		const struct chart_plan *plan, struct diag *d)
{
	cairo_status_t st;

	pango_cairo_update_context(cr, p->ctx);
	pango_layout_context_changed(p->layout);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	for (size_t i = 0; i < plan->nitems; i++)
		paint_item(p, cr, plan, &plan->items[i]);
	st = cairo_status(cr);
	if (st != CAIRO_STATUS_SUCCESS)
		return diag_set(d, NULL, 0, 0, NULL, "cannot draw the chart: %s",
				cairo_status_to_string(st));
	return 0;
}
