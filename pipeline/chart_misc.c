/* chart_misc.c - names, formats, lengths and footers of charts (see
 * chart.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart_int.h"

static const char *const kind_names[CHART_KIND__COUNT] = {
	[CHART_BARS] = "bars",
	[CHART_LINE] = "line",
	[CHART_HBARS] = "hbars",
	[CHART_DOTS] = "dots",
	[CHART_RANKED] = "ranked",
	[CHART_HISTOGRAM] = "histogram",
	[CHART_MULTIPLES] = "multiples",
};

void chart_spec_init(struct chart_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
}

const char *chart_kind_name(enum chart_kind kind)
{
	if ((unsigned)kind >= CHART_KIND__COUNT)
		return "unknown";
	return kind_names[kind];
}

int chart_kind_from_name(const char *name, enum chart_kind *kind,
			 struct diag *d)
{
	for (int k = 0; k < CHART_KIND__COUNT; k++)
		if (!strcmp(name, kind_names[k])) {
			*kind = (enum chart_kind)k;
			return 0;
		}
	return diag_set(d, NULL, 0, 0, "kind", "unknown chart kind '%s' "
			"(bars, line, hbars, dots, ranked, histogram, "
			"multiples)", name);
}

int chart_format_from_path(const char *path, enum chart_format *fmt,
			   struct diag *d)
{
	static const struct {
		const char *ext;
		enum chart_format fmt;
	} exts[] = {
		{ ".svg", CHART_SVG }, { ".pdf", CHART_PDF }, { ".png", CHART_PNG }
	};
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof(exts) / sizeof(exts[0]); i++)
		if (!strcasecmp(dot, exts[i].ext) && !strchr(dot, '/')) {
			*fmt = exts[i].fmt;
			return 0;
		}
	return diag_set(d, path, 0, 0, NULL, "cannot tell the chart format "
			"from the name: use .svg, .pdf or .png");
}

int chart_length_parse(const char *s, double dpi, double *pt, struct diag *d)
{
	static const struct {
		const char *unit;
		double pt;	/* pt in one unit; 0 for pixels */
	} units[] = {
		{ "", 72 / 25.4 }, { "mm", 72 / 25.4 }, { "cm", 72 / 2.54 },
		{ "in", 72 }, { "pt", 1 }, { "px", 0 }
	};
	char *end;
	double v = strtod(s, &end);

	if (end == s || !isfinite(v) || v <= 0)
		goto bad;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit))
			continue;
		*pt = units[i].pt ? v * units[i].pt : v * 72 / (dpi > 0 ? dpi : 192);
		return 0;
	}
bad:
	return diag_set(d, NULL, 0, 0, "size", "bad length '%s': expected a "
			"positive number with mm, cm, in, pt or px", s);
}

/* Writes "Nov 2024" for "2024-11" (or the text as it is) into buf. */
static void month_label(char *buf, size_t size, const char *ym)
{
	static const char *const names[12] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	int month;

	if (strlen(ym) >= 7 && ym[4] == '-' && ym[5] >= '0' && ym[5] <= '1' &&
	    ym[6] >= '0' && ym[6] <= '9') {
		month = (ym[5] - '0') * 10 + (ym[6] - '0');
		if (month >= 1 && month <= 12) {
			snprintf(buf, size, "%s %.4s", names[month - 1], ym);
			return;
		}
	}
	snprintf(buf, size, "%s", ym);
}

static void add_period(struct strbuf *sb, const char *first, const char *last)
{
	char a[64], b[64];

	if (!first || !first[0])
		first = last;
	if (!last || !last[0])
		last = first;
	if (!first || !first[0])
		return;
	month_label(a, sizeof(a), first);
	month_label(b, sizeof(b), last);
	if (!strcmp(a, b))
		strbuf_addf(sb, "; %s", a);
	else
		strbuf_addf(sb, "; %s\u2013%s", a, b);
}

char *chart_footer_format(char *buf, size_t size, size_t nbulletins,
			  const char *const *sources, size_t nsources,
			  const char *first_month, const char *last_month,
			  size_t excluded)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "Source: %zu bulletin%s", nbulletins,
		    nbulletins == 1 ? "" : "s");
	for (size_t i = 0; i < nsources; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : " from ", sources[i]);
	add_period(&sb, first_month, last_month);
	if (excluded)
		strbuf_addf(&sb, "; %zu figure%s excluded as duplicates",
			    excluded, excluded == 1 ? "" : "s");
	if (size > 0)
		snprintf(buf, size, "%s", sb.buf);
	strbuf_release(&sb);
	return buf;
}
