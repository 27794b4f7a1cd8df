/* chart_axes.c - value axes and label axes (see chart_int.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart_int.h"
#include "tally/numfmt.h"

/* ---- value axes --------------------------------------------------------- */

void chart_nice_domain(struct chart_scale *s, double lo, double hi,
		       int max_ticks, int integer)
{
	double step;

	lo = fmin(lo, 0);
	hi = fmax(hi, 0);
	if (!(hi > lo))		/* all zeros: show 0 to 1 */
		hi = lo + 1;
	if (max_ticks < 1)
		max_ticks = 1;
	step = numfmt_nice_step(hi - lo, max_ticks, integer);
	if (!(step > 0))
		step = hi - lo;
	s->log = 0;
	s->step = step;
	s->d0 = floor(lo / step + 1e-9) * step;
	s->d1 = ceil(hi / step - 1e-9) * step;
	if (!(s->d1 > s->d0))
		s->d1 = s->d0 + step;
}

/* The number of tick intervals of s. */
static long tick_count(const struct chart_scale *s)
{
	return lround((s->d1 - s->d0) / s->step);
}

/* Tick i of s, with rounding noise around zero removed. */
static double tick_value(const struct chart_scale *s, long i)
{
	double v = s->d0 + (double)i * s->step;

	return fabs(v) < s->step * 1e-9 ? 0 : v;
}

/* Sets the minus sign of a number in buf as U+2212, as print does
 * (numfmt writes ASCII '-', which is a hyphen in most fonts). */
static char *typeset_minus(char *buf, size_t size)
{
	char *m = strchr(buf, '-');
	size_t len = strlen(buf);

	if (!m || m[1] < '0' || m[1] > '9' || len + 3 > size)
		return buf;
	memmove(m + 3, m + 1, len - (size_t)(m - buf));
	memcpy(m, "\xe2\x88\x92", 3);
	return buf;
}

char *chart_fmt_tick(char *buf, size_t size, double v, double step,
		     enum chart_unit unit)
{
	numfmt_tick(buf, size, v, step);
	if (unit == CHART_UNIT_PERCENT && strlen(buf) + 2 <= size)
		strcat(buf, "%");
	return typeset_minus(buf, size);
}

/* A value as its labels print it (see chart_fmt_value). */
static char *value_text(char *buf, size_t size, double v, enum chart_unit unit,
			const char *currency)
{
	double a = fabs(v);

	switch (unit) {
	case CHART_UNIT_PERCENT:
		return numfmt_percent(buf, size, v, a < 10 ? 2 : 1);
	case CHART_UNIT_MONEY:
		return numfmt_money(buf, size, v, currency);
	case CHART_UNIT_NUMBER:
		if (a < 1000 || a >= 1e6)
			return numfmt_short(buf, size, v);
		return numfmt_group(buf, size, v, 0);
	default:
		if (a >= 1e6)
			return numfmt_short(buf, size, v);
		return numfmt_group(buf, size, v, a == floor(a) ? 0 : 1);
	}
}

char *chart_fmt_value(char *buf, size_t size, double v, enum chart_unit unit,
		      const char *currency)
{
	return typeset_minus(value_text(buf, size, v, unit, currency), size);
}

double chart_ticks_width(const struct chart_ctx *c, const struct chart_scale *s,
			 enum chart_unit unit, double size)
{
	double w = 0;
	char buf[NUMFMT_MAX + 2];

	for (long i = 0; i <= tick_count(s); i++) {
		chart_fmt_tick(buf, sizeof(buf), tick_value(s, i), s->step, unit);
		w = fmax(w, chart_text_width(c, buf, size, 0));
	}
	return w;
}

void chart_value_axis_v(struct chart_ctx *c, const struct chart_scale *s,
			enum chart_unit unit, double x0, double x1,
			double size)
{
	char buf[NUMFMT_MAX + 2];

	for (long i = 0; i <= tick_count(s); i++) {
		double v = tick_value(s, i), y = chart_scale_map(s, v);

		if (v != 0)
			chart_add_line(c, CHART_ROLE_GRID, CHART_GRIDC, 0.6,
				       x0, y, x1, y);
		chart_fmt_tick(buf, sizeof(buf), v, s->step, unit);
		chart_add_text(c, CHART_ROLE_VALUE_TICK, buf, x0 - size * 0.6,
			       y, size, 0, CHART_INK3, CHART_ALIGN_RIGHT,
			       CHART_VALIGN_MIDDLE)->index = i;
	}
}

void chart_value_axis_h(struct chart_ctx *c, const struct chart_scale *s,
			enum chart_unit unit, double y0, double y1,
			double size)
{
	char buf[NUMFMT_MAX + 2];

	for (long i = 0; i <= tick_count(s); i++) {
		double v = tick_value(s, i), x = chart_scale_map(s, v);

		if (v != 0)
			chart_add_line(c, CHART_ROLE_GRID, CHART_GRIDC, 0.6,
				       x, y0, x, y1);
		chart_fmt_tick(buf, sizeof(buf), v, s->step, unit);
		chart_add_text(c, CHART_ROLE_VALUE_TICK, buf, x,
			       y1 + size * 0.5, size, 0, CHART_INK3,
			       CHART_ALIGN_CENTER, CHART_VALIGN_TOP)->index = i;
	}
}

void chart_zero_line(struct chart_ctx *c, const struct chart_scale *s,
		     int vertical, double a0, double a1)
{
	double z;

	if (s->log || s->d0 > 0 || s->d1 < 0)
		return;
	z = chart_scale_map(s, 0);
	if (vertical)
		chart_add_line(c, CHART_ROLE_BASELINE, CHART_BASEC, 0.9,
			       z, a0, z, a1);
	else
		chart_add_line(c, CHART_ROLE_BASELINE, CHART_BASEC, 0.9,
			       a0, z, a1, z);
}

/* ---- label axes --------------------------------------------------------- */

static const char *const month_names[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* Reads "YYYY-MM" into *year and *month (1-12); 0 when s is not one. */
static int parse_month(const char *s, int *year, int *month)
{
	for (int i = 0; i < 7; i++)
		if (i == 4 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	if (s[7])
		return 0;
	*year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		(s[3] - '0');
	*month = (s[5] - '0') * 10 + (s[6] - '0');
	return *month >= 1 && *month <= 12;
}

static int all_months(const char *const *labels, size_t n)
{
	int y, m;

	for (size_t i = 0; i < n; i++)
		if (!parse_month(labels[i], &y, &m))
			return 0;
	return n > 0;
}

/* At most so many months get month names; longer spans get years. */
#define MONTH_AXIS_MAX 36

double chart_band_axis_init(const struct chart_ctx *c,
			    struct chart_band_axis *a,
			    const char *const *labels, size_t n, double size)
{
	(void)c;
	memset(a, 0, sizeof(*a));
	a->labels = labels;
	a->n = n;
	a->months = all_months(labels, n);
	if (a->months && n <= MONTH_AXIS_MAX)
		return 2 * chart_line_height(size) + CHART_TICK_LEN;
	return chart_line_height(size) + CHART_TICK_LEN;
}

static double band_centre(const struct chart_band_axis *a, size_t i)
{
	return a->x0 + ((double)i + 0.5) * a->bw;
}

static void add_label(struct chart_ctx *c, const char *text, double x,
		      double y, double size, long index, double maxw)
{
	struct chart_item *it = chart_add_text(c, CHART_ROLE_LABEL_TICK, text,
					       x, y, size, 0, CHART_INK3,
					       CHART_ALIGN_CENTER,
					       CHART_VALIGN_TOP);

	it->index = index;
	it->max_width = maxw;
}

/* Month names every k months (k in 1, 2, 3, 6, 12 so that they fit),
 * with the year under the first and under each January. */
static void month_axis(struct chart_ctx *c, const struct chart_band_axis *a,
		       double y, double size)
{
	static const int steps[] = { 1, 2, 3, 6, 12 };
	double wm = 0, wy = chart_text_width(c, "2024", size, 0);
	double lh = chart_line_height(size), gap = size * 0.6;
	int k = 12, year, month;
	long last_year_at = -1;
	char buf[8];

	for (int i = 0; i < 12; i++)
		wm = fmax(wm, chart_text_width(c, month_names[i], size, 0));
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i] * a->bw >= wm + gap) {
			k = steps[i];
			break;
		}
	for (size_t i = 0; i < a->n; i++) {
		parse_month(a->labels[i], &year, &month);
		if ((month - 1) % k)
			continue;
		add_label(c, month_names[month - 1], band_centre(a, i), y, size,
			  (long)i, 0);
		if (month != 1 && last_year_at >= 0)
			continue;
		/* The first year gives way to a January close after it. */
		if (month != 1 && (size_t)(13 - month) < a->n - i &&
		    (13 - month) * a->bw < wy + gap)
			continue;
		snprintf(buf, sizeof(buf), "%04d", year);
		add_label(c, buf, band_centre(a, i), y + lh, size, (long)i, 0);
		last_year_at = (long)i;
	}
}

/* The first and last index of the year of label i. */
static void year_span(const struct chart_band_axis *a, size_t i, size_t *lo,
		      size_t *hi)
{
	int y0, y, m;

	parse_month(a->labels[i], &y0, &m);
	*lo = *hi = i;
	while (*hi + 1 < a->n && parse_month(a->labels[*hi + 1], &y, &m) &&
	       y == y0)
		(*hi)++;
}

/* Years: a tick at each January, the year centred on its months (or,
 * every few years when they do not fit, on its tick). */
static void year_axis(struct chart_ctx *c, const struct chart_band_axis *a,
		      double y, double size)
{
	static const int steps[] = { 1, 2, 5, 10, 20, 50, 100 };
	double wy = chart_text_width(c, "2024", size, 0), gap = size * 0.6;
	int ys = 100, year, month;
	char buf[8];

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i] * 12 * a->bw >= wy + gap) {
			ys = steps[i];
			break;
		}
	for (size_t i = 0; i < a->n; i++) {
		size_t lo, hi;
		double x = a->x0 + (double)i * a->bw;

		parse_month(a->labels[i], &year, &month);
		if (month == 1 && i > 0)
			chart_add_line(c, CHART_ROLE_AXIS_TICK, CHART_INK3, 0.6,
				       x, y - CHART_TICK_LEN, x, y)->index = (long)i;
		if (i > 0 && month != 1)
			continue;
		snprintf(buf, sizeof(buf), "%04d", year);
		if (ys > 1) {
			if (month == 1 && year % ys == 0)
				add_label(c, buf, x, y + CHART_TICK_LEN * 0.3, size,
					  (long)i, 0);
			continue;
		}
		year_span(a, i, &lo, &hi);
		if ((double)(hi - lo + 1) * a->bw >= wy + gap * 0.5)
			add_label(c, buf, (band_centre(a, lo) + band_centre(a, hi)) / 2,
				  y + CHART_TICK_LEN * 0.3, size, (long)i, 0);
	}
}

/* Any labels: every k-th one so that they fit, elided to their room. */
static void name_axis(struct chart_ctx *c, const struct chart_band_axis *a,
		      double y, double size)
{
	double maxw = 0, gap = size * 0.6;
	size_t k = 1;

	for (size_t i = 0; i < a->n; i++)
		maxw = fmax(maxw, chart_text_width(c, a->labels[i], size, 0));
	maxw = fmin(maxw, size * 6);	/* longer names get elided */
	while (k < a->n && (double)k * a->bw < maxw + gap)
		k++;
	for (size_t i = 0; i < a->n; i += k)
		add_label(c, a->labels[i], band_centre(a, i), y + CHART_TICK_LEN * 0.3,
			  size, (long)i, (double)k * a->bw - gap);
}

void chart_band_axis_draw(struct chart_ctx *c, const struct chart_band_axis *a,
			  double y, double size)
{
	y += CHART_TICK_LEN;
	if (a->months && a->n <= MONTH_AXIS_MAX)
		month_axis(c, a, y, size);
	else if (a->months)
		year_axis(c, a, y, size);
	else
		name_axis(c, a, y, size);
}
