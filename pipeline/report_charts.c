/*
 * report_charts.c - the charts of a briefing: specs that own their data,
 * their SVG for the HTML page, and painting on the PDF's own cairo
 * context so that charts stay vectors there.
 *
 * Painting on a caller's context is not in chart.h's public interface
 * (chart_render() makes its own surface), so rchart_draw() goes through
 * chart_int.h's painter in exactly the way chart_render() does: the one
 * place where the report reaches behind the chart module's door.  A
 * public chart_draw(spec, cr) would replace it.
 */
#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"
#include "report_int.h"

struct rchart *rchart_new(enum chart_kind kind, size_t nlabels,
			  const char *title, const char *subtitle,
			  const char *footer, enum chart_unit unit,
			  const char *currency)
{
	struct rchart *rc = xcalloc(1, sizeof(*rc));
	struct chart_spec *s = &rc->spec;

	chart_spec_init(s);
	s->kind = kind;
	s->title = arena_strdup(&rc->strings, title);
	s->subtitle = subtitle ? arena_strdup(&rc->strings, subtitle) : NULL;
	s->footer = arena_strdup(&rc->strings, footer);
	s->unit = unit;
	s->currency = currency ? arena_strdup(&rc->strings, currency) : NULL;
	rc->labels = xcalloc(nlabels + 1, sizeof(*rc->labels));
	for (size_t i = 0; i < nlabels; i++)
		rc->labels[i] = "";
	s->labels = rc->labels;
	s->nlabels = nlabels;
	s->series = rc->series;
	return rc;
}

void rchart_free(void *p)
{
	struct rchart *rc = p;

	if (!rc)
		return;
	for (size_t i = 0; i < RCHART_MAX_SERIES; i++) {
		free(rc->values[i]);
		free(rc->trend[i]);
		free(rc->band_lo[i]);
		free(rc->band_hi[i]);
	}
	free(rc->labels);
	arena_release(&rc->strings);
	free(rc);
}

void rchart_label(struct rchart *rc, size_t i, const char *label)
{
	rc->labels[i] = arena_strdup(&rc->strings, label);
}

static double *nan_array(size_t n)
{
	double *v = xmalloc((n + 1) * sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = NAN;
	return v;
}

double *rchart_series(struct rchart *rc, const char *name)
{
	struct chart_spec *s = &rc->spec;
	struct chart_series *se;
	size_t n = s->kind == CHART_HISTOGRAM ? 0 : s->nlabels;

	if (s->nseries >= RCHART_MAX_SERIES)
		abort();	/* a programming error: specs are made here */
	se = &rc->series[s->nseries];
	memset(se, 0, sizeof(*se));
	se->name = name ? arena_strdup(&rc->strings, name) : NULL;
	rc->values[s->nseries] = nan_array(n);
	se->values = rc->values[s->nseries];
	se->nvalues = n;
	se->unit = CHART_UNIT_SAME;
	s->nseries++;
	return rc->values[s->nseries - 1];
}

double *rchart_trend(struct rchart *rc, size_t i)
{
	if (!rc->trend[i])
		rc->trend[i] = nan_array(rc->spec.nlabels);
	rc->series[i].trend = rc->trend[i];
	return rc->trend[i];
}

int rchart_fit(struct rchart *rc, size_t i, const struct agg_series *se,
	       size_t end, int months, size_t first)
{
	struct agg_fit fit;
	struct agg_trend tr;
	size_t n = rc->spec.nlabels;
	double *t;

	agg_trend_fit(se, end, months, &fit, &tr);
	if (!tr.flagged)
		return 0;
	t = rchart_trend(rc, i);
	rc->band_lo[i] = nan_array(n);
	rc->band_hi[i] = nan_array(n);
	rc->series[i].band_lo = rc->band_lo[i];
	rc->series[i].band_hi = rc->band_hi[i];
	for (size_t k = 0; k < n; k++) {
		/* the line and band only over the fitted window */
		if (first + k < fit.first || first + k > end)
			continue;
		agg_fit_at(&fit, first + k, &t[k], &rc->band_lo[i][k],
			   &rc->band_hi[i][k]);
	}
	return 1;
}

void rchart_ref(struct rchart *rc, double value, const char *label)
{
	struct chart_spec *s = &rc->spec;

	if (s->nrefs >= sizeof(rc->refs) / sizeof(rc->refs[0]))
		return;
	rc->refs[s->nrefs].value = value;
	rc->refs[s->nrefs].label = label ? arena_strdup(&rc->strings, label) : NULL;
	s->refs = rc->refs;
	s->nrefs++;
}

static int to_strbuf(void *ctx, const void *data, size_t len)
{
	strbuf_add(ctx, data, len);
	return 0;
}

int rchart_add(struct report_doc *doc, struct report_section *s,
	       const char *name, const char *alt, struct rchart *rc,
	       struct diag *d)
{
	struct strbuf svg = STRBUF_INIT;
	struct report_chart *c;
	struct diag cd;

	diag_clear(&cd);
	if (chart_render(&rc->spec, CHART_SVG, to_strbuf, &svg, &cd) < 0) {
		strbuf_release(&svg);
		rchart_free(rc);
		if (!strncmp(cd.msg, "no data", 7))
			return 0;
		diag_set(d, NULL, 0, 0, NULL, "chart %s: %s", name, cd.msg);
		return -1;
	}
	c = report_chart_add(doc, s, name, rc->spec.title, alt, rc->spec.width,
			     rc->spec.height);
	c->svg = svg.buf;
	c->svg_len = svg.len;
	c->spec = rc;
	doc->draw_chart = rchart_draw;
	doc->chart_free = rchart_free;
	return 1;
}

int rchart_draw(const struct report_chart *c, void *cr, struct diag *d)
{
	const struct rchart *rc = c->spec;
	struct chart_spec s = rc->spec;
	struct chart_painter *p;
	struct chart_measure m;
	struct chart_plan plan;
	int r;

	chart_spec_defaults(&s);
	p = chart_painter_new(&s);
	chart_painter_measure(p, &m);
	r = chart_plan_compute(&rc->spec, &m, &plan, d);
	if (!r) {
		cairo_save(cr);
		r = chart_paint(p, cr, &plan, d);
		cairo_restore(cr);
	}
	chart_plan_release(&plan);
	chart_painter_free(p);
	return r;
}

int report_chart_render(const struct report_chart *c, int format,
			int (*write)(void *ctx, const void *data, size_t len),
			void *ctx, struct diag *d)
{
	const struct rchart *rc = c->spec;

	if (!rc)
		return diag_set(d, NULL, 0, 0, NULL, "chart %s has no spec",
				c->name);
	return chart_render(&rc->spec, (enum chart_format)format, write, ctx, d);
}
