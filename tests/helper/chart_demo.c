/*
 * chart_demo.c - example charts of every kind from built-in data, for the
 * gallery of the README and for the benchmark.
 *
 *   chart_demo gallery DIR [png|svg|pdf|all]   one file a kind in DIR
 *   chart_demo edges DIR                       charts at the edges, PNG
 *   chart_demo bench [RUNS]                    ms a chart, 120 months
 *
 * The data are made up (a seeded generator) but shaped like the real
 * thing: monthly counts by source, a noisy upward series with its fitted
 * trend and 95 % band, defence spending as a share of GDP, 200 places,
 * money values spread over many decades.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tally/chart.h"

/* LeakSanitizer: cairo 1.16 leaks the fontconfig patterns it resolves
 * fonts with (valgrind shows every such block allocated inside
 * libfontconfig, called from cairo-ft); not ours to free. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

#define MAXM 240

/* ---- made-up data ------------------------------------------------------- */

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static double uniform(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static double normal(void)
{
	double u = uniform(), v = uniform();

	return sqrt(-2 * log(u > 0 ? u : 1e-12)) * cos(6.283185307179586 * v);
}

struct demo {
	size_t nm;			/* months */
	char mbuf[MAXM][16];
	const char *months[MAXM];
	double src[3][MAXM];		/* counts by source */
	double line[MAXM], trend[MAXM], lo[MAXM], hi[MAXM];
	double panel[9][MAXM];
	char pbuf[200][24];
	const char *places[200];
	double place_v[200];
	double money[2400];
	size_t nmoney;
	char footer[256];
};

static void make_months(struct demo *m, int year, int month, size_t n)
{
	m->nm = n;
	for (size_t i = 0; i < n; i++) {
		int k = month - 1 + (int)i;

		snprintf(m->mbuf[i], sizeof(m->mbuf[i]), "%04d-%02d",
			 year + k / 12, k % 12 + 1);
		m->months[i] = m->mbuf[i];
	}
}

/* A least-squares line through y and its 95 % band for the mean. */
static void fit_trend(struct demo *m)
{
	double n = (double)m->nm, sx = 0, sy = 0, sxx = 0, sxy = 0, ssr = 0;
	double a, b, mx, s;

	for (size_t i = 0; i < m->nm; i++) {
		sx += (double)i;
		sy += m->line[i];
		sxx += (double)i * (double)i;
		sxy += (double)i * m->line[i];
	}
	b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
	a = (sy - b * sx) / n;
	mx = sx / n;
	for (size_t i = 0; i < m->nm; i++) {
		double e = m->line[i] - (a + b * (double)i);

		ssr += e * e;
	}
	s = sqrt(ssr / (n - 2));
	for (size_t i = 0; i < m->nm; i++) {
		double x = (double)i;
		double se = s * sqrt(1 / n + (x - mx) * (x - mx) /
				     (sxx - n * mx * mx));

		m->trend[i] = a + b * x;
		m->lo[i] = m->trend[i] - 1.98 * se;
		m->hi[i] = m->trend[i] + 1.98 * se;
	}
}

static void make_series(struct demo *m)
{
	for (size_t i = 0; i < m->nm; i++) {
		double season = 1 + 0.18 * sin((double)i * 0.5236);
		double growth = 1 + 0.5 * (double)i / (double)m->nm;

		m->src[0][i] = round(fmax(0, 120 * season * growth + 18 * normal()));
		m->src[1][i] = round(fmax(0, 75 * growth + 14 * normal()));
		m->src[2][i] = round(fmax(0, 30 + 9 * normal()));
		m->line[i] = round(fmax(0, 380 + 1.9 * (double)i + 55 * normal()));
		m->panel[0][i] = m->src[0][i] + m->src[1][i] + m->src[2][i];
		m->panel[1][i] = round(fmax(0, 60 + 25 * normal()));
		m->panel[2][i] = fmax(0, 4.2e7 * growth * exp(0.6 * normal()));
		m->panel[3][i] = fmax(0, 9e6 * season * exp(0.5 * normal()));
		m->panel[4][i] = round(fmax(0, 900 * season + 260 * normal()));
		m->panel[5][i] = (double)i < (double)m->nm * 0.4 ? NAN :
				 round(fmax(0, 190 + 20 * normal())) / 100;
		m->panel[6][i] = fmax(0, 2.4e6 * growth * exp(0.4 * normal()));
		m->panel[7][i] = round(fmax(1, 8 + 3 * normal()));
		m->panel[8][i] = round(fmax(0, 210 * growth + 40 * normal()));
	}
	m->src[2][m->nm / 3] = NAN;	/* a month that source did not cover */
	fit_trend(m);
}

static const char *const place_seed[] = {
	"Rotterdam", "Côte d'Ivoire",
	("Kinshasa and the surrounding provinces of the Democratic Republic "
	 "of the Congo"), "São Paulo", "Zürich", "Kraków",
	"Київ", "Αθήνα", "القاهرة", "Antwerp", "Guayaquil", "Hamburg", "Marseille", "Algeciras",
	"Lagos", "Bogotá", "Istanbul", "Durban"
};

static void make_places(struct demo *m)
{
	size_t nseed = sizeof(place_seed) / sizeof(place_seed[0]);

	for (size_t i = 0; i < 200; i++) {
		if (i < nseed)
			snprintf(m->pbuf[i], sizeof(m->pbuf[i]), "%.23s",
				 place_seed[i]);
		else
			snprintf(m->pbuf[i], sizeof(m->pbuf[i]), "Place %03zu",
				 i + 1);
		m->places[i] = i < nseed ? place_seed[i] : m->pbuf[i];
		m->place_v[i] = round(2400 / pow((double)i + 1.3, 0.9) *
				      exp(0.25 * normal()));
	}
}

static void make_money(struct demo *m, size_t n)
{
	m->nmoney = n;
	for (size_t i = 0; i < n; i++)
		m->money[i] = round(exp(log(2e6) + 2.2 * normal()));
	m->money[5] = 0;	/* an undisclosed amount recorded as zero */
	m->money[9] = 0;
}

static void make_demo(struct demo *m, size_t months, size_t nmoney)
{
	static const char *const sources[] = { "Interpol", "Europol", "NATO" };

	memset(m, 0, sizeof(*m));
	rng = 0x9E3779B97F4A7C15ULL;
	make_months(m, months > 36 ? 2015 : 2023, 1, months);
	make_series(m);
	make_places(m);
	make_money(m, nmoney);
	chart_footer_format(m->footer, sizeof(m->footer), 84, sources, 3,
			    m->months[0], m->months[m->nm - 1], 3);
}

/* ---- the charts --------------------------------------------------------- */

static const char *const nato[] = {
	"Poland", "Estonia", "United States", "Latvia", "Greece", "Lithuania",
	"Finland", "Denmark", "United Kingdom", "Romania", "North Macedonia",
	"Norway", "Bulgaria", "Sweden", "Germany", "Hungary", "Czechia",
	"Türkiye", "France", "Netherlands", "Albania", "Slovakia", "Montenegro",
	"Croatia", "Portugal", "Italy", "Canada", "Belgium", "Luxembourg",
	"Slovenia", "Spain"
};
static const double nato_2024[] = {
	4.12, 3.43, 3.38, 3.15, 3.08, 2.85, 2.41, 2.37, 2.33, 2.25, 2.22,
	2.20, 2.18, 2.14, 2.12, 2.11, 2.10, 2.09, 2.06, 2.05, 2.03, 2.00,
	2.00, 1.81, 1.55, 1.49, 1.37, 1.30, 1.29, 1.29, 1.28
};
static const double nato_2014[] = {
	1.85, 1.93, 3.72, 0.94, 2.22, 0.88, 1.45, 1.15, 2.14, 1.35, 1.09,
	1.51, 1.31, 1.10, 1.19, 0.86, 0.95, 1.45, 1.82, 1.15, 1.35, 0.98,
	1.50, 1.84, 1.31, 1.14, 1.01, 0.97, 0.37, 0.97, 0.92
};
static const struct chart_ref two_pct[] = { { 2.0, "NATO guideline 2%" } };

static void spec_common(struct chart_spec *s, const struct demo *m,
			enum chart_kind kind, const char *title,
			const char *subtitle)
{
	chart_spec_init(s);
	s->kind = kind;
	s->title = title;
	s->subtitle = subtitle;
	s->footer = m->footer;
	s->date = m->months[m->nm - 1];
	s->labels = m->months;
	s->nlabels = m->nm;
}

static void spec_bars(struct chart_spec *s, struct chart_series *se,
		      const struct demo *m)
{
	static const char *const names[] = { "Interpol", "Europol", "NATO" };

	spec_common(s, m, CHART_BARS, "Arrests reported in bulletins rose "
		    "through the period", "Arrests a month, by source of the "
		    "bulletin");
	for (int k = 0; k < 3; k++)
		se[k] = (struct chart_series){ .name = names[k],
			.values = m->src[k], .nvalues = m->nm };
	s->series = se;
	s->nseries = 3;
}

static void spec_line(struct chart_spec *s, struct chart_series *se,
		      const struct demo *m)
{
	spec_common(s, m, CHART_LINE, "Trafficking victims identified keep "
		    "rising", "Victims identified a month, with the linear "
		    "trend");
	se[0] = (struct chart_series){ .name = "Victims", .values = m->line,
		.nvalues = m->nm, .trend = m->trend, .band_lo = m->lo,
		.band_hi = m->hi };
	s->series = se;
	s->nseries = 1;
}

static void spec_hbars(struct chart_spec *s, struct chart_series *se,
		       const struct demo *m, int dots)
{
	size_t n = sizeof(nato) / sizeof(nato[0]);

	spec_common(s, m, dots ? CHART_DOTS : CHART_HBARS,
		    dots ? "Most allies spend far more than a decade ago" :
		    "Twenty-three allies meet the 2% guideline",
		    dots ? "Defence spending, % of GDP, 2014 and 2024 "
		    "(estimates)" : "Defence spending, % of GDP, 2024 "
		    "(estimates)");
	s->unit = CHART_UNIT_PERCENT;
	s->labels = nato;
	s->nlabels = n;
	s->refs = two_pct;
	s->nrefs = 1;
	se[0] = (struct chart_series){ .name = "2024", .values = nato_2024,
		.nvalues = n };
	se[1] = (struct chart_series){ .name = "2014", .values = nato_2014,
		.nvalues = n };
	s->series = se;
	s->nseries = dots ? 2 : 1;
	if (dots)
		s->top_n = 14;
}

static void spec_ranked(struct chart_spec *s, struct chart_series *se,
			const struct demo *m)
{
	spec_common(s, m, CHART_RANKED, "Arrests by place: a long tail "
		    "behind the top ports", "Arrests reported, by place, the "
		    "whole period");
	s->labels = m->places;
	s->nlabels = 200;
	s->top_n = 15;
	s->others_label = "Other places";
	se[0] = (struct chart_series){ .name = "Arrests", .values = m->place_v,
		.nvalues = 200 };
	s->series = se;
	s->nseries = 1;
}

static void spec_hist(struct chart_spec *s, struct chart_series *se,
		      const struct demo *m)
{
	spec_common(s, m, CHART_HISTOGRAM, "Most seizures are worth a few "
		    "million dollars", "Number of money values reported, by "
		    "size (USD, log scale)");
	s->unit = CHART_UNIT_MONEY;
	s->currency = "USD";
	se[0] = (struct chart_series){ .name = "Money", .values = m->money,
		.nvalues = m->nmoney };
	s->series = se;
	s->nseries = 1;
}

static void spec_multiples(struct chart_spec *s, struct chart_series *se,
			   const struct demo *m)
{
	static const char *const names[] = {
		"Arrests", "Victims", "Financial loss (USD)",
		"Seizure value (USD)", "Items seized", "GDP share (%)",
		"Funding (EUR)", "Countries", "Other figures"
	};

	spec_common(s, m, CHART_MULTIPLES, "Nine measures, one calendar",
		    "Monthly totals by category; each panel has its own scale");
	for (int k = 0; k < 9; k++)
		se[k] = (struct chart_series){ .name = names[k],
			.values = m->panel[k], .nvalues = m->nm };
	se[2].unit = se[3].unit = se[6].unit = CHART_UNIT_MONEY;
	se[2].currency = se[3].currency = "USD";
	se[6].currency = "EUR";
	se[5].unit = CHART_UNIT_PERCENT;
	s->series = se;
	s->nseries = 9;
}

/* Fills spec (and se, its series) for kind from the demo data. */
static void spec_for(enum chart_kind kind, struct chart_spec *s,
		     struct chart_series *se, const struct demo *m)
{
	switch (kind) {
	case CHART_BARS: spec_bars(s, se, m); break;
	case CHART_LINE: spec_line(s, se, m); break;
	case CHART_HBARS: spec_hbars(s, se, m, 0); break;
	case CHART_DOTS: spec_hbars(s, se, m, 1); break;
	case CHART_RANKED: spec_ranked(s, se, m); break;
	case CHART_HISTOGRAM: spec_hist(s, se, m); break;
	default: spec_multiples(s, se, m); break;
	}
}

/* ---- commands ----------------------------------------------------------- */

static const char *const exts[] = { "svg", "pdf", "png" };

static int gallery(const char *dir, const char *which)
{
	static struct demo m;
	struct chart_series se[9];
	struct chart_spec s;
	struct diag d;
	char path[4096];

	make_demo(&m, 24, 600);
	for (int k = 0; k < CHART_KIND__COUNT; k++)
		for (int f = 0; f < 3; f++) {
			if (strcmp(which, "all") && strcmp(which, exts[f]))
				continue;
			spec_for((enum chart_kind)k, &s, se, &m);
			if (k == CHART_LINE || k == CHART_MULTIPLES) {
				static struct demo long_m;

				make_demo(&long_m, 120, 600);
				spec_for((enum chart_kind)k, &s, se, &long_m);
			}
			snprintf(path, sizeof(path), "%s/%s.%s", dir,
				 chart_kind_name((enum chart_kind)k), exts[f]);
			diag_clear(&d);
			if (chart_render_file(&s, (enum chart_format)f, path, &d)) {
				char buf[600];

				fprintf(stderr, "chart_demo: %s\n",
					diag_format(&d, buf, sizeof(buf)));
				return 1;
			}
			printf("%s\n", path);
		}
	return 0;
}

/* Writes spec as DIR/NAME.png; 0 or 1. */
static int write_png(const struct chart_spec *s, const char *dir,
		     const char *name)
{
	char path[4096], buf[600];
	struct diag d;

	snprintf(path, sizeof(path), "%s/%s.png", dir, name);
	diag_clear(&d);
	if (chart_render_file(s, CHART_PNG, path, &d)) {
		fprintf(stderr, "chart_demo: %s: %s\n", name,
			diag_format(&d, buf, sizeof(buf)));
		return 1;
	}
	printf("%s\n", path);
	return 0;
}

/* Charts at the edges: negative stacks, one point, 120 stacked months,
 * a long title, a small page, all equal values. */
static int edges(const char *dir)
{
	static struct demo m;
	static double neg[3][MAXM];
	struct chart_series se[9];
	struct chart_spec s;
	const double one[1] = { 42 }, flat[4] = { 7, 7, 7, 7 };
	int bad = 0;

	make_demo(&m, 120, 600);
	spec_for(CHART_BARS, &s, se, &m);
	s.title = "120 months stacked";
	bad |= write_png(&s, dir, "edge-bars-120");
	make_demo(&m, 12, 600);
	for (size_t i = 0; i < 12; i++)
		for (int k = 0; k < 3; k++)
			neg[k][i] = (k == 1 ? -1 : 1) * m.src[k][i] *
				    (i % 4 == 2 ? -0.5 : 1);
	spec_for(CHART_BARS, &s, se, &m);
	for (int k = 0; k < 3; k++)
		se[k].values = neg[k];
	s.title = "Net change, with negative values stacked downwards and a "
		  "title long enough to need a second line of text";
	bad |= write_png(&s, dir, "edge-negative");
	spec_for(CHART_LINE, &s, se, &m);
	s.nlabels = 1;
	se[0] = (struct chart_series){ .name = "Victims", .values = one,
		.nvalues = 1 };
	s.title = "One month of data";
	bad |= write_png(&s, dir, "edge-one-point");
	spec_for(CHART_BARS, &s, se, &m);
	s.grouped = 1;
	s.title = "Grouped by source, with a key";
	bad |= write_png(&s, dir, "edge-grouped");
	spec_for(CHART_BARS, &s, se, &m);
	s.kind = CHART_LINE;
	for (int k = 0; k < 3; k++)
		se[k].values = m.src[k];
	m.src[1][11] = m.src[0][11] - 3;	/* labels that collide */
	m.src[2][11] = m.src[0][11] + 4;
	s.title = "Three lines ending together";
	bad |= write_png(&s, dir, "edge-lines");
	static const double dec_edges[17] = {
		0, 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15
	};
	static const double dec_counts[16] = {
		3, 0, 0, 1, 4, 12, 30, 42, 25, 9, 3, 1, 0, 0, 0, 0
	};
	spec_for(CHART_HISTOGRAM, &s, se, &m);
	se[0].values = dec_counts;
	se[0].nvalues = 16;
	s.bin_edges = dec_edges;
	s.title = "Counts binned by decade, as the aggregate table holds them";
	bad |= write_png(&s, dir, "edge-histogram-bins");
	spec_for(CHART_BARS, &s, se, &m);
	s.nlabels = 4;
	s.nseries = 1;
	se[0] = (struct chart_series){ .values = flat, .nvalues = 4 };
	s.width = 90 * 72 / 25.4;
	s.height = 60 * 72 / 25.4;
	s.title = "Small and flat";
	bad |= write_png(&s, dir, "edge-small-flat");
	return bad;
}

static int discard(void *ctx, const void *data, size_t len)
{
	(void)data;
	*(size_t *)ctx += len;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The median CPU and wall time in ms of runs renders of s as f (CPU time
 * is what a chart costs; wall time also counts other processes on a busy
 * machine). */
static void time_chart(const struct chart_spec *s, enum chart_format f,
		       int runs, double *cpu, double *wall)
{
	double *tc = calloc((size_t)runs, sizeof(*tc));
	double *tw = calloc((size_t)runs, sizeof(*tw));
	size_t bytes = 0;
	struct diag d;

	for (int r = 0; r < runs; r++) {
		double c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
		double w0 = clock_ms(CLOCK_MONOTONIC);

		diag_clear(&d);
		if (chart_render(s, f, discard, &bytes, &d)) {
			char buf[600];

			fprintf(stderr, "chart_demo: %s\n",
				diag_format(&d, buf, sizeof(buf)));
			exit(1);
		}
		tc[r] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
		tw[r] = clock_ms(CLOCK_MONOTONIC) - w0;
	}
	qsort(tc, (size_t)runs, sizeof(*tc), cmp_double);
	qsort(tw, (size_t)runs, sizeof(*tw), cmp_double);
	*cpu = tc[runs / 2];
	*wall = tw[runs / 2];
	free(tc);
	free(tw);
}

static int bench(int runs)
{
	static struct demo m;
	struct chart_series se[9];
	struct chart_spec s;
	double worst_cpu = 0, worst_wall = 0;

	make_demo(&m, 120, 2400);
	printf("CPU ms a chart (median of %d): 120 months, 200 places, "
	       "2400 money values\n%-10s %8s %8s %8s\n", runs, "kind", "svg",
	       "pdf", "png");
	for (int k = 0; k < CHART_KIND__COUNT; k++) {
		spec_for((enum chart_kind)k, &s, se, &m);
		printf("%-10s", chart_kind_name((enum chart_kind)k));
		for (int f = 0; f < 3; f++) {
			double cpu, wall;

			time_chart(&s, (enum chart_format)f, runs, &cpu, &wall);
			worst_cpu = cpu > worst_cpu ? cpu : worst_cpu;
			worst_wall = wall > worst_wall ? wall : worst_wall;
			printf(" %8.1f", cpu);
		}
		printf("\n");
	}
	printf("slowest: %.1f ms CPU, %.1f ms wall (budget 50 ms)\n",
	       worst_cpu, worst_wall);
	return worst_cpu < 50 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "gallery"))
		return gallery(argv[2], argc > 3 ? argv[3] : "png");
	if (argc >= 3 && !strcmp(argv[1], "edges"))
		return edges(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "bench"))
		return bench(argc > 2 ? atoi(argv[2]) > 0 ? atoi(argv[2]) : 1 : 10);
	fprintf(stderr, "usage: chart_demo gallery DIR [png|svg|pdf|all]\n"
		"       chart_demo edges DIR\n"
		"       chart_demo bench [RUNS]\n");
	return 2;
}
