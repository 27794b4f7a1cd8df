/* chart_plan.c - the plan of a chart: checks, items, text, frame (see
 * chart.h; the files of the module are listed in chart_int.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

#define MM 2.834645669		/* pt in a millimetre */
#define MAX_ABS 1e300		/* larger values cannot be scaled safely */

/* ---- palette -------------------------------------------------------- */

/* Okabe-Ito in the order series take it; amber replaces the pale
 * yellow, and black comes last (it reads as an axis). */
static const uint32_t palette[] = {
	0x0072B2,		/* blue */
	0xE69F00,		/* orange */
	0x009E73,		/* bluish green */
	0xD55E00,		/* vermillion */
	0xCC79A7,		/* reddish purple */
	0x56B4E9,		/* sky blue */
	0xF5C710,		/* amber */
	0x000000		/* black */
};

uint32_t chart_colour(size_t i)
{
	return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

uint32_t chart_text_colour(uint32_t rgb)
{
	double r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
	double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;

	if (luma < 140)
		return rgb;
	/* Amber and sky blue as text: darken to about half. */
	r *= 0.62;
	g *= 0.62;
	b *= 0.62;
	return ((uint32_t)r << 16) | ((uint32_t)g << 8) | (uint32_t)b;
}

/* ---- items ------------------------------------------------------------ */

struct chart_item *chart_add_item(struct chart_ctx *c, enum chart_prim prim,
				  enum chart_role role, uint32_t rgb)
{
	struct chart_plan *p = c->plan;
	struct chart_item *it;

	xgrow((void **)&p->items, &p->cap_items, p->nitems + 1, sizeof(*it));
	it = &p->items[p->nitems++];
	memset(it, 0, sizeof(*it));
	it->prim = prim;
	it->role = role;
	it->series = -1;
	it->index = -1;
	it->rgb = rgb;
	it->alpha = 1;
	return it;
}

struct chart_item *chart_add_rect(struct chart_ctx *c, enum chart_role role,
				  uint32_t rgb, double x0, double y0,
				  double x1, double y1)
{
	struct chart_item *it = chart_add_item(c, CHART_PRIM_RECT, role, rgb);

	it->x0 = fmin(x0, x1);
	it->x1 = fmax(x0, x1);
	it->y0 = fmin(y0, y1);
	it->y1 = fmax(y0, y1);
	return it;
}

struct chart_item *chart_add_line(struct chart_ctx *c, enum chart_role role,
				  uint32_t rgb, double stroke, double x0,
				  double y0, double x1, double y1)
{
	struct chart_item *it = chart_add_item(c, CHART_PRIM_LINE, role, rgb);

	it->x0 = x0;
	it->y0 = y0;
	it->x1 = x1;
	it->y1 = y1;
	it->stroke = stroke;
	return it;
}

struct chart_item *chart_add_dot(struct chart_ctx *c, enum chart_role role,
				 uint32_t rgb, double x, double y, double r)
{
	struct chart_item *it = chart_add_item(c, CHART_PRIM_DOT, role, rgb);

	it->x0 = it->x1 = x;
	it->y0 = it->y1 = y;
	it->r = r;
	return it;
}

struct chart_item *chart_add_path(struct chart_ctx *c, enum chart_role role,
				  uint32_t rgb, double stroke,
				  const struct chart_point *pts, size_t n)
{
	struct chart_plan *p = c->plan;
	struct chart_item *it;

	xgrow((void **)&p->pts, &p->cap_pts, p->npts + n, sizeof(*pts));
	memcpy(p->pts + p->npts, pts, n * sizeof(*pts));
	it = chart_add_item(c, CHART_PRIM_PATH, role, rgb);
	it->first = p->npts;
	it->npts = n;
	it->stroke = stroke;
	p->npts += n;
	return it;
}

struct chart_item *chart_add_text(struct chart_ctx *c, enum chart_role role,
				  const char *text, double x, double y,
				  double size, int bold, uint32_t rgb,
				  enum chart_align align,
				  enum chart_valign valign)
{
	struct chart_item *it = chart_add_item(c, CHART_PRIM_TEXT, role, rgb);

	it->text = xstrdup(text);
	it->x0 = it->x1 = x;
	it->y0 = it->y1 = y;
	it->size = size;
	it->bold = bold;
	it->align = align;
	it->valign = valign;
	return it;
}

void chart_plan_release(struct chart_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->nitems; i++)
		free(plan->items[i].text);
	free(plan->items);
	free(plan->pts);
	memset(plan, 0, sizeof(*plan));
}

void chart_plan_reset(struct chart_ctx *c)
{
	double w = c->plan->width, h = c->plan->height;

	chart_plan_release(c->plan);
	c->plan->width = w;
	c->plan->height = h;
	c->nnotes = 0;
}

/* ---- text --------------------------------------------------------------- */

/* The estimate: DejaVu Sans averages about 0.58 em a character (digits
 * 0.64), bold a little more. */
static double estimate_width(const char *text, double size, int bold)
{
	size_t chars = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if ((*p & 0xc0) != 0x80)
			chars++;
	return (double)chars * size * (bold ? 0.64 : 0.58);
}

double chart_text_width(const struct chart_ctx *c, const char *text,
			double size, int bold)
{
	if (!text || !text[0])
		return 0;
	if (c->m && c->m->width)
		return c->m->width(c->m->ctx, text, size, bold);
	return estimate_width(text, size, bold);
}

double chart_line_height(double size)
{
	return size * 1.25;
}

/* Appends to lines[*n] (growing it) each line of text broken at spaces
 * to fit maxw, at most maxlines (the last one keeps the rest).  A line's
 * width is the sum of its words' and spaces' widths, each measured once:
 * shaping never crosses a space, and measuring every longer prefix
 * instead made wrapping quadratic in the words of a paragraph. */
static void wrap_paragraph(const struct chart_ctx *c, const char *text,
			   double size, int bold, double maxw,
			   size_t maxlines, struct strbuf *lines, size_t *n)
{
	struct strbuf *cur = &lines[*n];
	const char *p = text;
	double space = chart_text_width(c, " ", size, bold), w = 0;
	char word[256];

	while (*p == ' ')
		p++;
	while (*p) {
		const char *end = strchr(p, ' ');
		size_t wlen = end ? (size_t)(end - p) : strlen(p);
		size_t keep = cur->len;
		double ww;

		if (wlen < sizeof(word)) {
			memcpy(word, p, wlen);
			word[wlen] = '\0';
			ww = chart_text_width(c, word, size, bold);
		} else {
			char *long_word = xstrndup(p, wlen);

			ww = chart_text_width(c, long_word, size, bold);
			free(long_word);
		}
		if (keep && *n + 1 < maxlines && w + space + ww > maxw) {
			cur = &lines[++*n];
			w = 0;
			keep = 0;
		}
		if (keep) {
			strbuf_addch(cur, ' ');
			w += space;
		}
		strbuf_add(cur, p, wlen);
		w += ww;
		p += wlen;
		while (*p == ' ')
			p++;
	}
	(*n)++;
}

/* Breaks text into at most maxlines lines of at most maxw (a '\n' always
 * breaks); returns the number of lines, each in lines[] (which the
 * caller releases). */
static size_t wrap_text(const struct chart_ctx *c, const char *text,
			double size, int bold, double maxw, size_t maxlines,
			struct strbuf *lines)
{
	size_t n = 0;
	const char *p = text;

	while (p && *p && n < maxlines) {
		const char *nl = strchr(p, '\n');
		char *para = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);

		wrap_paragraph(c, para, size, bold, maxw, maxlines, lines, &n);
		free(para);
		p = nl ? nl + 1 : NULL;
	}
	return n;
}

#define MAX_WRAP 6

/* Adds text wrapped into at most maxlines lines from the top y; returns
 * the y under the last line. */
static double add_wrapped(struct chart_ctx *c, enum chart_role role,
			  const char *text, double x, double y, double size,
			  int bold, uint32_t rgb, double maxw, size_t maxlines)
{
	struct strbuf lines[MAX_WRAP];
	size_t n;

	memset(lines, 0, sizeof(lines));
	if (maxlines > MAX_WRAP)
		maxlines = MAX_WRAP;
	n = wrap_text(c, text, size, bold, maxw, maxlines, lines);
	for (size_t i = 0; i < n; i++) {
		struct chart_item *it = chart_add_text(c, role,
			lines[i].buf ? lines[i].buf : "", x, y, size, bold,
			rgb, CHART_ALIGN_LEFT, CHART_VALIGN_TOP);

		it->max_width = maxw;
		y += chart_line_height(size);
	}
	for (size_t i = 0; i < MAX_WRAP; i++)
		strbuf_release(&lines[i]);
	return y;
}

/* How many lines add_wrapped() would take. */
static size_t count_wrapped(const struct chart_ctx *c, const char *text,
			    double size, double maxw, size_t maxlines)
{
	struct strbuf lines[MAX_WRAP];
	size_t n;

	memset(lines, 0, sizeof(lines));
	if (maxlines > MAX_WRAP)
		maxlines = MAX_WRAP;
	n = wrap_text(c, text, size, 0, maxw, maxlines, lines);
	for (size_t i = 0; i < MAX_WRAP; i++)
		strbuf_release(&lines[i]);
	return n;
}

void chart_add_note(struct chart_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->nnotes >= CHART_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(c->notes[c->nnotes++], sizeof(c->notes[0]), fmt, ap);
	va_end(ap);
}

/* ---- the frame ---------------------------------------------------------- */

const char *chart_series_name(const struct chart_ctx *c, size_t i)
{
	const char *name = c->spec->series[i].name;

	return name ? name : "";
}

/* Lays the key out from y: a swatch and the name of each series, flowing
 * into rows; returns the y under it. */
static double frame_key(struct chart_ctx *c, double y)
{
	double size = c->fs * 0.95, lh = chart_line_height(size) + 2;
	double x = c->pad, right = c->plan->width - c->pad;
	double sw = size * 0.9;

	for (size_t i = 0; i < c->spec->nseries; i++) {
		const char *name = chart_series_name(c, i);
		double w = fmin(chart_text_width(c, name, size, 0),
				right - c->pad - sw - 4);
		struct chart_item *it;

		if (x > c->pad && x + sw + 4 + w > right) {
			x = c->pad;
			y += lh;
		}
		it = chart_add_rect(c, CHART_ROLE_KEY, chart_colour(i), x,
				    y + (lh - 2 - sw) / 2, x + sw,
				    y + (lh - 2 + sw) / 2);
		it->series = (int)i;
		it = chart_add_text(c, CHART_ROLE_KEY, name, x + sw + 4,
				    y + (lh - 2) / 2, size, 0, CHART_INK2,
				    CHART_ALIGN_LEFT, CHART_VALIGN_MIDDLE);
		it->series = (int)i;
		it->max_width = w;
		x += sw + 4 + w + size * 1.4;
	}
	return y + lh;
}

/* Lays out notes and footer upwards from the bottom; returns their top. */
static double frame_footer(struct chart_ctx *c)
{
	double size = c->fs * 0.8, lh = chart_line_height(size);
	double maxw = c->plan->width - 2 * c->pad;
	double bottom = c->plan->height - c->pad * 0.8;
	size_t nf = count_wrapped(c, c->spec->footer, size, maxw, 3);
	size_t nn = 0;
	double y;

	for (size_t i = 0; i < c->nnotes; i++)
		nn += count_wrapped(c, c->notes[i], size, maxw, 2);
	y = bottom - (double)(nf + nn) * lh;
	for (size_t i = 0; i < c->nnotes; i++)
		y = add_wrapped(c, CHART_ROLE_NOTE, c->notes[i], c->pad, y,
				size, 0, CHART_INK3, maxw, 2);
	add_wrapped(c, CHART_ROLE_FOOTER, c->spec->footer, c->pad, y, size,
		    0, CHART_INK3, maxw, 3);
	return bottom - (double)(nf + nn) * lh;
}

int chart_frame(struct chart_ctx *c, struct diag *d)
{
	const struct chart_spec *s = c->spec;
	double maxw = c->plan->width - 2 * c->pad;
	double ts = c->fs * 1.45, ss = c->fs * 1.05;
	double y = c->pad, top;

	chart_add_rect(c, CHART_ROLE_BACKGROUND, 0xFFFFFF, 0, 0,
		       c->plan->width, c->plan->height);
	y = add_wrapped(c, CHART_ROLE_TITLE, s->title, c->pad, y, ts, 1,
			CHART_INK, maxw, 2);
	if (s->subtitle && s->subtitle[0])
		y = add_wrapped(c, CHART_ROLE_SUBTITLE, s->subtitle, c->pad,
				y + ss * 0.15, ss, 0, CHART_INK2, maxw, 2);
	if (c->key)
		y = frame_key(c, y + c->fs * 0.5);
	top = y + c->fs * 1.1;
	c->body.x0 = c->pad;
	c->body.x1 = c->plan->width - c->pad;
	c->body.y0 = top;
	c->body.y1 = frame_footer(c) - c->fs * 1.2;
	if (c->body.y1 - c->body.y0 < c->fs * 4 ||
	    c->body.x1 - c->body.x0 < c->fs * 10)
		return diag_set(d, NULL, 0, 0, "size",
				"chart too small for its text: %.0f x %.0f pt "
				"leaves no room for the data",
				c->plan->width, c->plan->height);
	return 0;
}

/* ---- scales and label spreading ----------------------------------------- */

double chart_scale_map(const struct chart_scale *s, double v)
{
	double t;

	if (s->log)
		v = v > 0 ? log10(v) : s->d0;
	if (s->d1 == s->d0)
		return s->r0;
	t = (v - s->d0) / (s->d1 - s->d0);
	return s->r0 + t * (s->r1 - s->r0);
}

void chart_spread_labels(double *y, size_t n, double gap, double lo,
			 double hi)
{
	/* Sort, then merge overlapping neighbours into clusters centred on
	 * the mean of what their members want (the classic least-squares
	 * way for labels in a fixed order), clamped into lo..hi. */
	size_t *start = xmalloc(n * sizeof(*start));
	size_t *count = xmalloc(n * sizeof(*count));
	double *want = xmalloc(n * sizeof(*want));
	double *top = xmalloc(n * sizeof(*top));
	size_t nc = 0;

	for (size_t i = 1; i < n; i++)	/* insertion sort: n is small */
		for (size_t j = i; j > 0 && y[j] < y[j - 1]; j--) {
			double t = y[j];

			y[j] = y[j - 1];
			y[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		start[nc] = i;
		count[nc] = 1;
		want[nc] = y[i];
		top[nc] = y[i];
		nc++;
		for (;;) {
			size_t k = nc - 1;
			double span = (double)(count[k] - 1) * gap;

			top[k] = want[k] / (double)count[k] - span / 2;
			if (top[k] + span > hi)
				top[k] = hi - span;
			if (top[k] < lo)
				top[k] = lo;
			if (k == 0 || top[k - 1] + (double)count[k - 1] * gap
				      <= top[k] + 1e-9)
				break;
			want[k - 1] += want[k];
			count[k - 1] += count[k];
			nc--;
		}
	}
	for (size_t k = 0; k < nc; k++)
		for (size_t j = 0; j < count[k]; j++)
			y[start[k] + j] = top[k] + (double)j * gap;
	free(start);
	free(count);
	free(want);
	free(top);
}

/* ---- units -------------------------------------------------------------- */

enum chart_unit chart_unit_of(const struct chart_ctx *c, long i,
			      const char **currency)
{
	const struct chart_spec *s = c->spec;
	enum chart_unit u = s->unit;
	const char *cur = s->currency;

	if (i >= 0 && (size_t)i < s->nseries &&
	    s->series[i].unit != CHART_UNIT_SAME) {
		u = s->series[i].unit;
		cur = s->series[i].currency;
	}
	if (currency)
		*currency = cur;
	return u == CHART_UNIT_SAME ? CHART_UNIT_COUNT : u;
}

/* ---- checking a spec ---------------------------------------------------- */

static const char *subject(const struct chart_spec *s)
{
	if (s->subject && s->subject[0])
		return s->subject;
	return s->title && s->title[0] ? s->title : "this chart";
}

static int check_text(const char *text, const char *field, struct diag *d)
{
	if (text && !utf8_valid(text, strlen(text)))
		return diag_set(d, NULL, 0, 0, field, "not valid UTF-8");
	return 0;
}

static int check_size(const struct chart_spec *s, struct diag *d)
{
	double w = s->width, h = s->height, dpi = s->dpi;

	if (!(w >= 72 && w <= 14400) || !(h >= 72 && h <= 14400))
		return diag_set(d, NULL, 0, 0, "size",
				"chart size %g x %g pt is outside 72-14400 pt "
				"(1-200 inches)", w, h);
	if (!(dpi >= 36 && dpi <= 1200))
		return diag_set(d, NULL, 0, 0, "dpi",
				"%g dpi is outside 36-1200", dpi);
	if (w * dpi / 72 > 10000 || h * dpi / 72 > 10000)
		return diag_set(d, NULL, 0, 0, "size",
				"%.0f x %.0f pt at %g dpi is more than 10000 "
				"pixels a side", w, h, dpi);
	if (!(s->font_size >= 4 && s->font_size <= 72))
		return diag_set(d, NULL, 0, 0, "font_size",
				"font size %g pt is outside 4-72", s->font_size);
	return 0;
}

/* Checks that vals[0..n) are finite or NAN and not absurdly large. */
static int check_values(const double *vals, size_t n, const char *name,
			const char *what, struct diag *d)
{
	for (size_t i = 0; i < n; i++) {
		if (isnan(vals[i]))
			continue;
		if (!isfinite(vals[i]) || fabs(vals[i]) > MAX_ABS)
			return diag_set(d, NULL, 0, 0, "series",
					"series '%s': %s %zu is %s", name, what,
					i + 1, isfinite(vals[i]) ?
					"too large to chart" : "infinite");
	}
	return 0;
}

static int check_series(const struct chart_spec *s,
			const struct chart_series *se, struct diag *d)
{
	const char *name = se->name ? se->name : "";

	if (check_text(se->name, "series", d))
		return -1;
	if (se->nvalues && !se->values)
		return diag_set(d, NULL, 0, 0, "series",
				"series '%s' has no value array", name);
	if (s->kind != CHART_HISTOGRAM && se->nvalues != s->nlabels)
		return diag_set(d, NULL, 0, 0, "series",
				"series '%s' has %zu values for %zu labels",
				name, se->nvalues, s->nlabels);
	if (s->kind != CHART_LINE)	/* trend and band are not read */
		return check_values(se->values, se->nvalues, name, "value", d);
	if (!se->band_lo != !se->band_hi)
		return diag_set(d, NULL, 0, 0, "series",
				"series '%s' has half a band (give both "
				"band_lo and band_hi)", name);
	if (check_values(se->values, se->nvalues, name, "value", d) ||
	    (se->trend && check_values(se->trend, se->nvalues, name,
				       "trend value", d)) ||
	    (se->band_lo && (check_values(se->band_lo, se->nvalues, name,
					  "band value", d) ||
			     check_values(se->band_hi, se->nvalues, name,
					  "band value", d))))
		return -1;
	return 0;
}

static int check_spec(const struct chart_spec *s, struct diag *d)
{
	if ((unsigned)s->kind >= CHART_KIND__COUNT)
		return diag_set(d, NULL, 0, 0, "kind", "unknown chart kind %d",
				(int)s->kind);
	if (!s->title || !s->title[0])
		return diag_set(d, NULL, 0, 0, "title", "a chart needs a title");
	if (!s->footer || !s->footer[0])
		return diag_set(d, NULL, 0, 0, "footer",
				"a chart needs a source footer");
	if (check_text(s->title, "title", d) ||
	    check_text(s->subtitle, "subtitle", d) ||
	    check_text(s->footer, "footer", d) || check_size(s, d))
		return -1;
	if (s->nlabels && !s->labels)
		return diag_set(d, NULL, 0, 0, "labels", "no label array");
	for (size_t i = 0; i < s->nlabels; i++) {
		if (!s->labels[i])
			return diag_set(d, NULL, 0, 0, "labels",
					"label %zu is missing", i + 1);
		if (check_text(s->labels[i], "labels", d))
			return -1;
	}
	for (size_t i = 0; i < s->nrefs; i++)
		if (!isfinite(s->refs[i].value) ||
		    fabs(s->refs[i].value) > MAX_ABS ||
		    check_text(s->refs[i].label, "refs", d))
			return diag_set(d, NULL, 0, 0, "refs",
					"reference line %zu is not a finite "
					"value", i + 1);
	if (s->nseries && !s->series)
		return diag_set(d, NULL, 0, 0, "series", "no series array");
	for (size_t i = 0; i < s->nseries; i++)
		if (check_series(s, &s->series[i], d))
			return -1;
	return 0;
}

/* Returns 1 when some series holds a value that is not NAN. */
static int has_data(const struct chart_spec *s)
{
	for (size_t i = 0; i < s->nseries; i++)
		for (size_t j = 0; j < s->series[i].nvalues; j++)
			if (!isnan(s->series[i].values[j]))
				return 1;
	return 0;
}

/* ---- the entry point ---------------------------------------------------- */

/* The tallest page: 200 inches, and 10,000 pixels at the spec's dpi. */
static double max_height(const struct chart_spec *s)
{
	return fmin(14400, 10000 * 72 / s->dpi);
}

/* The height that gives the rows of a row chart (top_n, by default 20,
 * and a summary row), or the panels of small multiples, room to breathe;
 * 0 for other kinds. */
static double auto_height(const struct chart_spec *s)
{
	size_t rows = 0, cap = s->top_n ? s->top_n : 20;
	double h;

	if (s->kind == CHART_MULTIPLES) {	/* three panels a row */
		rows = (s->nseries + 2) / 3;
		return fmin(s->font_size * (13 + 8.5 * (double)rows),
			    max_height(s));
	}
	if (s->kind != CHART_HBARS && s->kind != CHART_DOTS &&
	    s->kind != CHART_RANKED)
		return 0;
	for (size_t i = 0; i < s->nlabels; i++) {
		int any = 0;

		for (size_t k = 0; k < s->nseries; k++)
			if (k == 0 || s->kind == CHART_DOTS)
				any |= !isnan(s->series[k].values[i]);
		rows += any;
	}
	if (rows > cap)
		rows = cap + 1;
	/* Frame, key and axis take about 15 lines of the base size. */
	h = s->font_size * (15 + 1.85 * (double)rows);
	return fmin(h, max_height(s));
}

void chart_spec_defaults(struct chart_spec *s)
{
	if (!s->width)
		s->width = 160 * MM;
	if (!s->height)
		s->height = 100 * MM;
	if (!s->dpi)
		s->dpi = 192;
	if (!s->font_size)
		s->font_size = 9;
}

int chart_plan_compute(const struct chart_spec *spec,
		       const struct chart_measure *m,
		       struct chart_plan *plan, struct diag *d)
{
	static int (*const layout[CHART_KIND__COUNT])(struct chart_ctx *,
						      struct diag *) = {
		[CHART_BARS] = chart_plan_bars,
		[CHART_LINE] = chart_plan_line,
		[CHART_HBARS] = chart_plan_rows,
		[CHART_DOTS] = chart_plan_rows,
		[CHART_RANKED] = chart_plan_rows,
		[CHART_HISTOGRAM] = chart_plan_histogram,
		[CHART_MULTIPLES] = chart_plan_multiples,
	};
	struct chart_spec s = *spec;
	struct chart_ctx c;
	int grow;

	memset(plan, 0, sizeof(*plan));
	chart_spec_defaults(&s);
	if (check_spec(&s, d))
		return -1;
	if (!has_data(&s) || (s.kind != CHART_HISTOGRAM && !s.nlabels))
		return diag_set(d, NULL, 0, 0, NULL, "no data for %s",
				subject(&s));
	/* Row charts take the height of their rows (a chart of two rows is
	 * not left with half a page of blank below it), and grow a line at
	 * a time while long titles or footers leave the rows no room; small
	 * multiples grow for their panels. */
	grow = !spec->height && auto_height(&s) > 0 &&
	       s.kind != CHART_MULTIPLES;
	if (grow)
		s.height = auto_height(&s);
	else if (!spec->height)
		s.height = fmax(s.height, auto_height(&s));
	for (;;) {
		memset(&c, 0, sizeof(c));
		c.spec = &s;
		c.m = m;
		c.plan = plan;
		c.fs = s.font_size;
		c.pad = fmax(c.fs * 1.1, fmin(s.width, s.height) * 0.035);
		c.grow = grow;
		plan->width = s.width;
		plan->height = s.height;
		if (layout[s.kind](&c, d) == 0)
			return 0;
		if (!grow || strcmp(d->field, "size") != 0 ||
		    s.height + c.fs * 2 > max_height(&s))
			return -1;
		chart_plan_release(plan);
		diag_clear(d);
		s.height += c.fs * 2;
	}
}
