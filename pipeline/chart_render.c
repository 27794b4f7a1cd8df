/* chart_render.c - a plan painted on SVG, PDF or PNG surfaces, made
 * deterministic (see chart.h). */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart_int.h"

/* ---- SVG ids ------------------------------------------------------------ */

/* cairo 1.16 numbers some SVG ids ("surface5") from counters that live as
 * long as the process, so the same chart would come out differently after
 * another one.  Renaming every id in the order of definition fixes that. */

struct idmap {
	char **old;
	size_t n, cap;
};

static int id_char(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ||
	       ch == '.' || ch == ':';
}

/* The index of the id s[0..len) in m, or m->n. */
static size_t idmap_find(const struct idmap *m, const char *s, size_t len)
{
	for (size_t i = 0; i < m->n; i++)
		if (strlen(m->old[i]) == len && !memcmp(m->old[i], s, len))
			return i;
	return m->n;
}

/* Collects the ids defined (id="...") in svg, in order. */
static void idmap_collect(struct idmap *m, const char *svg, size_t len)
{
	const char *p = svg, *end = svg + len;

	while ((p = strstr(p, " id=\"")) && p < end) {
		const char *name = p + 5, *q = name;

		while (q < end && id_char((unsigned char)*q))
			q++;
		if (q < end && *q == '"' && idmap_find(m, name, (size_t)(q - name))
						 == m->n) {
			xgrow((void **)&m->old, &m->cap, m->n + 1, sizeof(char *));
			m->old[m->n++] = xstrndup(name, (size_t)(q - name));
		}
		p = q;
	}
}

/* Appends the new name of id i: its letters and a number in order. */
static void idmap_put(const struct idmap *m, size_t i, struct strbuf *out)
{
	const char *s = m->old[i];
	size_t letters = 0;

	while ((s[letters] >= 'a' && s[letters] <= 'z') ||
	       (s[letters] >= 'A' && s[letters] <= 'Z'))
		letters++;
	strbuf_add(out, s, letters ? letters : 0);
	if (!letters)
		strbuf_addstr(out, "id");
	strbuf_addf(out, "%zu", i + 1);
}

void chart_svg_renumber(const char *svg, size_t len, struct strbuf *out)
{
	struct idmap m = { NULL, 0, 0 };
	size_t i = 0, run = 0;

	idmap_collect(&m, svg, len);
	while (i < len) {
		/* An id is named after id=" or after # behind " or (. */
		size_t start = 0, j;

		if (i + 4 <= len && !memcmp(svg + i, "id=\"", 4) && i > 0 &&
		    svg[i - 1] == ' ')
			start = i + 4;
		else if (svg[i] == '#' && i > 0 &&
			 (svg[i - 1] == '"' || svg[i - 1] == '('))
			start = i + 1;
		if (!start) {
			i++;
			continue;
		}
		for (j = start; j < len && id_char((unsigned char)svg[j]); j++)
			;
		size_t k = idmap_find(&m, svg + start, j - start);
		if (k < m.n) {
			strbuf_add(out, svg + run, start - run);
			idmap_put(&m, k, out);
			run = j;
		}
		i = j > i ? j : i + 1;
	}
	strbuf_add(out, svg + run, len - run);
	for (size_t k = 0; k < m.n; k++)
		free(m.old[k]);
	free(m.old);
}

/* ---- writers -------------------------------------------------------------- */

static cairo_status_t to_strbuf(void *closure, const unsigned char *data,
				unsigned int len)
{
	strbuf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* Paints plan on surface and finishes it; 0 or -1 (d). */
static int paint_surface(struct chart_painter *p, cairo_surface_t *surface,
			 const struct chart_plan *plan, double scale,
			 struct diag *d)
{
	cairo_t *cr = cairo_create(surface);
	cairo_status_t st;
	int r;

	cairo_scale(cr, scale, scale);
	r = chart_paint(p, cr, plan, d);
	cairo_destroy(cr);
	cairo_surface_flush(surface);
	st = cairo_surface_status(surface);
	if (!r && st != CAIRO_STATUS_SUCCESS)
		r = diag_set(d, NULL, 0, 0, NULL, "cannot draw the chart: %s",
			     cairo_status_to_string(st));
	return r;
}

static int finish(cairo_surface_t *surface, struct diag *d)
{
	cairo_status_t st;

	cairo_surface_finish(surface);
	st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS)
		return diag_set(d, NULL, 0, 0, NULL, "cannot write the chart: %s",
				cairo_status_to_string(st));
	return 0;
}

static int render_svg(struct chart_painter *p, const struct chart_plan *plan,
		      chart_write_fn write, void *ctx, struct diag *d)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT;
	cairo_surface_t *surface;
	int r;

	surface = cairo_svg_surface_create_for_stream(to_strbuf, &raw,
						      plan->width, plan->height);
	cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1);
	r = paint_surface(p, surface, plan, 1, d);
	if (finish(surface, d))
		r = -1;
	if (!r) {
		chart_svg_renumber(raw.buf ? raw.buf : "", raw.len, &out);
		if (write(ctx, out.buf, out.len))
			r = diag_set(d, NULL, 0, 0, NULL, "cannot write the chart");
	}
	strbuf_release(&raw);
	strbuf_release(&out);
	return r;
}

/* Writes the PDF creation date: SOURCE_DATE_EPOCH when set, else the
 * spec's date (YYYY-MM or YYYY-MM-DD), else the epoch. */
static void pdf_date(const struct chart_spec *s, char *buf, size_t size)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	const char *date = s->date;
	char *end;
	long long t;
	struct tm tm;

	if (env && env[0]) {
		errno = 0;
		t = strtoll(env, &end, 10);
		if (!*end && !errno && t >= 0 && gmtime_r(&(time_t){ (time_t)t },
							  &tm)) {
			strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
			return;
		}
	}
	if (date && (strlen(date) == 7 || strlen(date) == 10) && date[4] == '-' &&
	    strspn(date, "0123456789-") == strlen(date)) {
		snprintf(buf, size, "%.7s-%.2sT00:00:00Z", date,
			 strlen(date) == 10 ? date + 8 : "01");
		return;
	}
	snprintf(buf, size, "1970-01-01T00:00:00Z");
}

/* cairo 1.16 writes a creation date set through the metadata without the
 * "D:" that PDF dates start with: "(20241201000000Z)".  Rewritten in
 * place as "(D:202412010000Z)", the same length (a PDF date may stop at
 * the minutes), so no offset in the file moves.  Later cairos write the
 * prefix and are left alone. */
static void pdf_fix_date(struct strbuf *pdf)
{
	static const char key[] = "/CreationDate (";
	size_t n = sizeof(key) - 1;

	for (size_t i = 0; i + n + 16 <= pdf->len; i++) {
		char *v = pdf->buf + i + n;

		if (memcmp(pdf->buf + i, key, n))
			continue;
		if (strspn(v, "0123456789") != 14 || v[14] != 'Z' || v[15] != ')')
			return;
		memmove(v + 2, v, 12);
		memcpy(v, "D:", 2);
		return;
	}
}

static int render_pdf(struct chart_painter *p, const struct chart_spec *s,
		      const struct chart_plan *plan, chart_write_fn write,
		      void *ctx, struct diag *d)
{
	struct strbuf pdf = STRBUF_INIT;
	cairo_surface_t *surface;
	char date[32];
	int r;

	surface = cairo_pdf_surface_create_for_stream(to_strbuf, &pdf,
						      plan->width, plan->height);
	pdf_date(s, date, sizeof(date));
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
				       date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
				       s->title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
				       "tally " TALLY_VERSION);
	r = paint_surface(p, surface, plan, 1, d);
	if (finish(surface, d))
		r = -1;
	if (!r) {
		pdf_fix_date(&pdf);
		if (write(ctx, pdf.buf, pdf.len))
			r = diag_set(d, NULL, 0, 0, NULL, "cannot write the chart");
	}
	strbuf_release(&pdf);
	return r;
}

static int render_png(struct chart_painter *p, const struct chart_spec *s,
		      const struct chart_plan *plan, chart_write_fn write,
		      void *ctx, struct diag *d)
{
	double scale = s->dpi / 72;
	int w = (int)lround(plan->width * scale);
	int h = (int)lround(plan->height * scale);
	cairo_surface_t *surface;
	int r;

	surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	r = paint_surface(p, surface, plan, scale, d);
	if (!r)
		r = chart_png_write(surface, s->dpi, write, ctx, d);
	cairo_surface_destroy(surface);
	return r;
}

/* ---- entry points ------------------------------------------------------- */

int chart_render(const struct chart_spec *spec, enum chart_format fmt,
		 chart_write_fn write, void *ctx, struct diag *d)
{
	struct chart_spec s = *spec;
	struct chart_painter *p;
	struct chart_measure m;
	struct chart_plan plan;
	int r;

	chart_spec_defaults(&s);	/* the plan sees spec: 0 is auto */
	p = chart_painter_new(&s);
	chart_painter_measure(p, &m);
	r = chart_plan_compute(spec, &m, &plan, d);
	if (!r && fmt == CHART_SVG)
		r = render_svg(p, &plan, write, ctx, d);
	else if (!r && fmt == CHART_PDF)
		r = render_pdf(p, &s, &plan, write, ctx, d);
	else if (!r && fmt == CHART_PNG)
		r = render_png(p, &s, &plan, write, ctx, d);
	else if (!r)
		r = diag_set(d, NULL, 0, 0, NULL, "unknown chart format %d",
			     (int)fmt);
	chart_plan_release(&plan);
	chart_painter_free(p);
	return r;
}

static int to_file(void *ctx, const void *data, size_t len)
{
	return fwrite(data, 1, len, ctx) == len ? 0 : -1;
}

int chart_render_file(const struct chart_spec *spec, enum chart_format fmt,
		      const char *path, struct diag *d)
{
	struct outfile o;

	if (outfile_open(&o, path, d))
		return -1;
	if (chart_render(spec, fmt, to_file, o.fp, d)) {
		outfile_abort(&o);
		diag_locate(d, path, 0, 0);
		return -1;
	}
	return outfile_commit(&o, d);
}
