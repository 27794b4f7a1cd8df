/*
 * report_int.h - what the report_*.c files share and nothing else sees:
 * chart specs that own their data (report_charts.c).
 */
#ifndef TALLY_REPORT_INT_H
#define TALLY_REPORT_INT_H

#include "tally/aggregate.h"
#include "tally/chart.h"
#include "tally/report.h"

#define RCHART_MAX_SERIES 8

/* A chart spec with everything it points to owned by it. */
struct rchart {
	struct chart_spec spec;
	struct chart_series series[RCHART_MAX_SERIES];
	double *values[RCHART_MAX_SERIES];
	double *trend[RCHART_MAX_SERIES];
	double *band_lo[RCHART_MAX_SERIES], *band_hi[RCHART_MAX_SERIES];
	const char **labels;
	struct chart_ref refs[4];
	struct arena strings;
};

/* A new spec of kind with nlabels labels (set with rchart_label()). */
struct rchart *rchart_new(enum chart_kind kind, size_t nlabels,
			  const char *title, const char *subtitle,
			  const char *footer, enum chart_unit unit,
			  const char *currency);
void rchart_free(void *rc);
void rchart_label(struct rchart *rc, size_t i, const char *label);
/* Adds a series (values NAN until set); returns its values. */
double *rchart_series(struct rchart *rc, const char *name);
/* Gives series i a trend line (NAN until set); returns its values. */
double *rchart_trend(struct rchart *rc, size_t i);
void rchart_ref(struct rchart *rc, double value, const char *label);
/*
 * Draws the trend of se over the window of months ending at month index
 * end on series i, whose labels are months first, first + 1, ...: the
 * fitted line and its 95 % band, when the trend is clear (flagged);
 * returns 1 when drawn, else 0.
 */
int rchart_fit(struct rchart *rc, size_t i, const struct agg_series *se,
	       size_t end, int months, size_t first);

/*
 * Adds rc to section s of doc as chart name (taking rc over): renders
 * its SVG for the HTML; a chart with no data is left out (rc freed) and
 * 0 returned.  1 when added, -1 on a library error (d).
 */
int rchart_add(struct report_doc *doc, struct report_section *s,
	       const char *name, const char *alt, struct rchart *rc,
	       struct diag *d);

/* Paints a chart on a cairo context (doc->draw_chart). */
int rchart_draw(const struct report_chart *c, void *cr, struct diag *d);

/* ---- numbers as the briefing prints them (report_fmt.c) ---------------- */

#define RFMT 96			/* buffer size for every formatter below */

/* 1 when unit is a currency code (three capitals). */
int rfmt_is_money(const char *unit);
/* 1 when unit is a mass (kg, g, mg, t, lb); *kg is its weight in kg. */
int rfmt_is_mass(const char *unit, double *kg);
/* A value in its unit: "1,234", "USD 193m", "4.12%", "2.4 t". */
char *rfmt_value(char *buf, const char *unit, double v);
/* A change: "+12%", "-3.5%", "+1,234" (with the unit's format; counts
 * rounded to whole numbers from 10 up, to one decimal below). */
char *rfmt_signed_pct(char *buf, double pct);
char *rfmt_signed(char *buf, const char *unit, double v);
/* "November 2024" (long) or "Nov 2024" from YYYY-MM; "" if malformed. */
char *rfmt_month(char *buf, const char *month, int lng);
/* The month before / the last day of month (YYYY-MM-DD). */
char *rfmt_last_day(char *buf, const char *month);
/* "1 figure" / "3 figures". */
char *rfmt_count(char *buf, long n, const char *one, const char *many);

/* ---- report_data (report_build.c) -------------------------------------- */

struct rate_table;

/* A least-squares trend of a series' sums over the window of months
 * months ending at point end (the aggregation's rule: at least 3
 * months to fit, flagged when at least 4 and the 95 % interval of the
 * slope excludes 0). */
struct rtrend {
	int used;
	double slope, intercept, ci_low, ci_high;
	int flagged;
	size_t first;		/* index of the window's first point */
};

#endif
