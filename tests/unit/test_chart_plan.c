/* test_chart_plan.c - the pure geometry of charts: scales and ticks, bar
 * positions, rows and "others", months, one point, no data, bad specs. */
#include <stdlib.h>

#include "tally/chart.h"
#include "testhelp.h"

#define MM (72 / 25.4)

static const char *const months24[] = {
	"2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06",
	"2023-07", "2023-08", "2023-09", "2023-10", "2023-11", "2023-12",
	"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06",
	"2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"
};

/* A spec of kind with one series of n values over the first n months. */
static void one_series(struct chart_spec *s, struct chart_series *se,
		       enum chart_kind kind, const double *v, size_t n)
{
	chart_spec_init(s);
	s->kind = kind;
	s->title = "Title";
	s->subtitle = "Unit";
	s->footer = "Source: test";
	s->labels = months24;
	s->nlabels = n;
	memset(se, 0, sizeof(*se));
	se->values = v;
	se->nvalues = n;
	s->series = se;
	s->nseries = 1;
}

static size_t count_role(const struct chart_plan *p, enum chart_role role)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nitems; i++)
		n += p->items[i].role == role;
	return n;
}

static const struct chart_item *find(const struct chart_plan *p,
				     enum chart_prim prim, enum chart_role role,
				     int series, long index)
{
	for (size_t i = 0; i < p->nitems; i++) {
		const struct chart_item *it = &p->items[i];

		if (it->prim == prim && it->role == role &&
		    (series < -1 || it->series == series) && it->index == index)
			return it;
	}
	return NULL;
}

static const struct chart_item *find_text(const struct chart_plan *p,
					  enum chart_role role, const char *text)
{
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].role == role && p->items[i].text &&
		    !strcmp(p->items[i].text, text))
			return &p->items[i];
	return NULL;
}

/* ---- value scales ----------------------------------------------------- */

static void check_domains(void)
{
	static const struct {
		double v[3];
		enum chart_unit unit;
		double d0, d1, step;
	} cases[] = {
		{ { 3, 7, 10 }, CHART_UNIT_COUNT, 0, 10, 2 },
		{ { 0, 0, 0 }, CHART_UNIT_COUNT, 0, 1, 1 },	/* all zero */
		{ { 0, 0, 0 }, CHART_UNIT_NUMBER, 0, 1, 0.2 },
		{ { -5, 12, 1 }, CHART_UNIT_COUNT, -5, 15, 5 },
		{ { -30, -10, -12 }, CHART_UNIT_COUNT, -30, 0, 5 },
		{ { 1e12, 5.5e12, 2e12 }, CHART_UNIT_MONEY, 0, 6e12, 1e12 },
		{ { 0.001, 0.0042, NAN }, CHART_UNIT_NUMBER, 0, 0.005, 0.001 },
		{ { 2.71, 2.0, 1.3 }, CHART_UNIT_PERCENT, 0, 3, 0.5 },
		{ { 1, 2, 3 }, CHART_UNIT_COUNT, 0, 3, 1 },	/* no 0.5 steps */
		{ { 7, 7, 7 }, CHART_UNIT_COUNT, 0, 8, 2 },	/* flat */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct chart_spec s;
		struct chart_series se;
		struct chart_plan p;
		struct diag d;

		one_series(&s, &se, CHART_BARS, cases[i].v, 3);
		s.unit = cases[i].unit;
		diag_clear(&d);
		CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
		CHECK_NUM(p.value.d0, cases[i].d0);
		CHECK_NUM(p.value.d1, cases[i].d1);
		CHECK_NUM(p.value.step, cases[i].step);
		CHECK((p.value.d1 - p.value.d0) / p.value.step <= 8.5);
		chart_plan_release(&p);
	}
}

/* The extremes the spec allows still give a finite, ordered scale. */
static void check_huge_range(void)
{
	const double v[2] = { -1e300, 1e300 };
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;

	one_series(&s, &se, CHART_LINE, v, 2);
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(isfinite(p.value.d0) && isfinite(p.value.d1));
	CHECK(p.value.d0 <= -1e300 && p.value.d1 >= 1e300);
	for (size_t i = 0; i < p.nitems; i++)
		CHECK(isfinite(p.items[i].x0) && isfinite(p.items[i].y0) &&
		      isfinite(p.items[i].x1) && isfinite(p.items[i].y1));
	chart_plan_release(&p);
}

/* ---- positions --------------------------------------------------------- */

/* A bar ends where its value says, and heights are in proportion. */
static void check_bar_positions(void)
{
	const double v[3] = { 10, 20, 40 };
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;
	const struct chart_item *b[3];

	one_series(&s, &se, CHART_BARS, v, 3);
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	for (long i = 0; i < 3; i++) {
		b[i] = find(&p, CHART_PRIM_RECT, CHART_ROLE_BAR, 0, i);
		CHECK(b[i] != NULL);
		if (!b[i])
			goto out;
		CHECK_NUM(b[i]->y0, chart_scale_map(&p.value, v[i]));
		CHECK_NUM(b[i]->y1, chart_scale_map(&p.value, 0));
		CHECK_NUM((b[i]->x0 + b[i]->x1) / 2,
			  p.plot.x0 + ((double)i + 0.5) * p.band);
	}
	CHECK_NUM(b[2]->y1 - b[2]->y0, 4 * (b[0]->y1 - b[0]->y0));
	CHECK_NUM(p.value.r0, p.plot.y1);	/* zero at the bottom */
	CHECK(b[2]->y0 >= p.plot.y0 - 1e-9);
	/* Three bars with short values get their values printed. */
	CHECK(count_role(&p, CHART_ROLE_VALUE_LABEL) == 3);
out:
	chart_plan_release(&p);
}

/* Stacks go up from zero for positive values and down for negative. */
static void check_stacks(void)
{
	const double a[2] = { 5, -4 }, b[2] = { 3, 6 };
	const char *const names[2] = { "Alpha", "Beta" };
	struct chart_series se[2];
	struct chart_spec s;
	struct chart_plan p;
	struct diag d;
	const struct chart_item *r;

	one_series(&s, se, CHART_BARS, a, 2);
	se[1] = se[0];
	se[1].values = b;
	se[0].name = names[0];
	se[1].name = names[1];
	s.nseries = 2;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	r = find(&p, CHART_PRIM_RECT, CHART_ROLE_BAR, 1, 0);	/* 5 + 3 */
	CHECK(r && fabs(r->y0 - chart_scale_map(&p.value, 8)) < 1e-9 &&
	      fabs(r->y1 - chart_scale_map(&p.value, 5)) < 1e-9);
	r = find(&p, CHART_PRIM_RECT, CHART_ROLE_BAR, 0, 1);	/* -4 */
	CHECK(r && fabs(r->y1 - chart_scale_map(&p.value, -4)) < 1e-9 &&
	      fabs(r->y0 - chart_scale_map(&p.value, 0)) < 1e-9);
	r = find(&p, CHART_PRIM_RECT, CHART_ROLE_BAR, 1, 1);	/* 0 + 6 */
	CHECK(r && fabs(r->y1 - chart_scale_map(&p.value, 0)) < 1e-9);
	/* The last column has room: names beside it, no key. */
	CHECK(count_role(&p, CHART_ROLE_DIRECT_LABEL) == 2);
	CHECK(count_role(&p, CHART_ROLE_KEY) == 0);
	CHECK(count_role(&p, CHART_ROLE_BASELINE) == 1);
	chart_plan_release(&p);

	/* Grouped: side by side, and a key. */
	s.grouped = 1;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(count_role(&p, CHART_ROLE_DIRECT_LABEL) == 0);
	CHECK(count_role(&p, CHART_ROLE_KEY) == 4);
	r = find(&p, CHART_PRIM_RECT, CHART_ROLE_BAR, 0, 0);
	CHECK(r && r->x1 <= find(&p, CHART_PRIM_RECT, CHART_ROLE_BAR, 1,
				 0)->x0);
	chart_plan_release(&p);
}

/* A series that has nothing in the last column cannot be named there. */
static void check_key_fallback(void)
{
	const double a[3] = { 5, 6, 7 }, b[3] = { 3, 2, NAN };
	struct chart_series se[2];
	struct chart_spec s;
	struct chart_plan p;
	struct diag d;

	one_series(&s, se, CHART_BARS, a, 3);
	se[1] = se[0];
	se[1].values = b;
	se[0].name = "Alpha";
	se[1].name = "Beta";
	s.nseries = 2;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(count_role(&p, CHART_ROLE_DIRECT_LABEL) == 0);
	CHECK(count_role(&p, CHART_ROLE_KEY) == 4);
	chart_plan_release(&p);
}

static void check_hbars(void)
{
	static const char *const names[] = { "Latvia", "Poland", "Spain" };
	const double v[3] = { 3.15, 4.12, 1.28 };
	double v2[3] = { 3.15, 4.12, 1.28 };
	const struct chart_ref ref = { 2.0, "NATO guideline" };
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;
	const struct chart_item *bar, *prev = NULL, *line;
	const long order[3] = { 1, 0, 2 };	/* by value, largest first */

	one_series(&s, &se, CHART_HBARS, v, 3);
	s.labels = names;
	s.unit = CHART_UNIT_PERCENT;
	s.refs = &ref;
	s.nrefs = 1;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	for (int i = 0; i < 3; i++) {
		bar = find(&p, CHART_PRIM_RECT, CHART_ROLE_BAR, 0, order[i]);
		CHECK(bar != NULL);
		if (!bar)
			break;
		CHECK_NUM(bar->x0, chart_scale_map(&p.value, 0));
		CHECK_NUM(bar->x1, chart_scale_map(&p.value, v[order[i]]));
		CHECK(!prev || bar->y0 > prev->y1);
		prev = bar;
	}
	line = find(&p, CHART_PRIM_LINE, CHART_ROLE_REF, -1, 0);
	CHECK(line && fabs(line->x0 - chart_scale_map(&p.value, 2)) < 1e-9);
	CHECK(find_text(&p, CHART_ROLE_REF_LABEL, "NATO guideline") != NULL);
	CHECK(find_text(&p, CHART_ROLE_VALUE_LABEL, "4.12%") != NULL);
	CHECK(find_text(&p, CHART_ROLE_VALUE_TICK, "4%") != NULL);
	CHECK(p.rows_shown == 3 && p.rows_hidden == 0);
	/* No value label is struck out by the line: only a label the line
	 * crosses has a halo, drawn after the line and before the label. */
	CHECK(count_role(&p, CHART_ROLE_HALO) == 0);
	chart_plan_release(&p);

	v2[0] = 1.9;
	one_series(&s, &se, CHART_HBARS, v2, 3);
	s.labels = names;
	s.unit = CHART_UNIT_PERCENT;
	s.refs = &ref;
	s.nrefs = 1;
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(count_role(&p, CHART_ROLE_HALO) == 1);
	{
		size_t ih = 0, il = 0, it = 0;

		for (size_t i = 0; i < p.nitems; i++) {
			if (p.items[i].role == CHART_ROLE_HALO)
				ih = i;
			else if (p.items[i].role == CHART_ROLE_REF)
				il = i;
			else if (p.items[i].role == CHART_ROLE_VALUE_LABEL &&
				 !strcmp(p.items[i].text, "1.90%"))
				it = i;
		}
		CHECK(il < ih && ih < it);
		CHECK(p.items[ih].x0 < chart_scale_map(&p.value, 2) &&
		      p.items[ih].x1 > chart_scale_map(&p.value, 2));
	}
	chart_plan_release(&p);
}

/* 200 places: the top N and one "Others" row that sums the rest, every
 * name elided to the label column. */
static void check_ranked_200(void)
{
	static char names[200][16];
	static const char *labels[200];
	static double v[200];
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;
	double rest = 0;
	const struct chart_item *t;
	char want[64];

	for (int i = 0; i < 200; i++) {
		snprintf(names[i], sizeof(names[i]), "Place %03d", i);
		labels[i] = names[i];
		v[i] = 1000 - 4 * i;
	}
	labels[0] = "A very long place name that cannot possibly fit in "
		    "the label column of a chart of ordinary width";
	one_series(&s, &se, CHART_RANKED, v, 200);
	s.labels = labels;
	s.top_n = 15;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(p.rows_shown == 15 && p.rows_hidden == 185);
	CHECK(count_role(&p, CHART_ROLE_LABEL_TICK) == 16);
	for (int i = 15; i < 200; i++)
		rest += v[i];
	snprintf(want, sizeof(want), "Others (185)");
	t = find_text(&p, CHART_ROLE_LABEL_TICK, want);
	CHECK(t != NULL);
	for (size_t i = 0; i < p.nitems; i++)
		if (p.items[i].role == CHART_ROLE_LABEL_TICK)
			CHECK(p.items[i].max_width > 0 &&
			      p.items[i].max_width <= (p.width - 2 * 10) * 0.36 + 1e-9);
	/* The sum is larger than the top bar: printed, not drawn. */
	CHECK(find(&p, CHART_PRIM_RECT, CHART_ROLE_BAR, -1, -1) == NULL);
	CHECK_NUM(rest, 105820);
	CHECK(find_text(&p, CHART_ROLE_VALUE_LABEL, "105,820") != NULL);
	chart_plan_release(&p);

	/* A fixed small height shows fewer rows, never overlapping. */
	s.height = 80 * MM;
	s.top_n = 0;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(p.rows_shown > 3 && p.rows_shown < 15);
	CHECK(p.rows_shown + p.rows_hidden == 200);
	CHECK(p.band >= 9 * 1.5);
	chart_plan_release(&p);
}

/* A row chart of one or two rows is as high as its rows, not a page with
 * blank below them; long titles and footers make it taller, never too
 * small to draw; a fixed height is kept. */
static void check_row_chart_height(void)
{
	static const double v[] = { 4.12, 2.5 };
	static const char *const names[] = { "Poland", "Estonia" };
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;
	double one, two, lng;

	one_series(&s, &se, CHART_HBARS, v, 1);
	s.labels = names;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	one = p.height;
	CHECK(one < 70 * MM && one > 30 * MM);
	CHECK(p.rows_shown == 1);
	chart_plan_release(&p);

	s.nlabels = se.nvalues = 2;
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	two = p.height;
	CHECK(two > one && p.rows_shown == 2);
	chart_plan_release(&p);

	s.title = "A title long enough to wrap over two or three lines at the "
		  "default width of a chart, as analysts sometimes write them";
	s.subtitle = "A subtitle that also runs over more than one line, as "
		     "the unit and what the figures are about are spelled out";
	s.footer = "Source: 40 bulletins from a long list of agencies, police "
		   "forces, ministries and international organisations that "
		   "takes several lines of the footer to name them all: "
		   "Interpol, Europol, NATO, the National Crime Agency, the "
		   "Guardia Civil, the Polish Police, the Royal Canadian "
		   "Mounted Police, the Australian Federal Police, UNODC; "
		   "Nov 2024; 3 figures excluded as duplicates";
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	lng = p.height;
	CHECK(lng > two && p.rows_shown == 2);
	chart_plan_release(&p);

	s.height = 100 * MM;
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK_NUM(p.height, 100 * MM);
	chart_plan_release(&p);
}

/* ---- time axes ------------------------------------------------------------ */

static void check_month_axis(void)
{
	static char buf[120][8];
	static const char *labels[120];
	static double v[120];
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;

	for (int i = 0; i < 120; i++) {
		snprintf(buf[i], sizeof(buf[i]), "%04d-%02d", 2015 + i / 12,
			 i % 12 + 1);
		labels[i] = buf[i];
		v[i] = i;
	}
	one_series(&s, &se, CHART_LINE, v, 24);
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(find_text(&p, CHART_ROLE_LABEL_TICK, "Jan") != NULL);
	CHECK(find_text(&p, CHART_ROLE_LABEL_TICK, "2023") != NULL);
	CHECK(find_text(&p, CHART_ROLE_LABEL_TICK, "2024") != NULL);
	chart_plan_release(&p);

	one_series(&s, &se, CHART_LINE, v, 120);
	s.labels = labels;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(find_text(&p, CHART_ROLE_LABEL_TICK, "Jan") == NULL);
	CHECK(find_text(&p, CHART_ROLE_LABEL_TICK, "2015") != NULL);
	CHECK(find_text(&p, CHART_ROLE_LABEL_TICK, "2024") != NULL);
	CHECK(count_role(&p, CHART_ROLE_AXIS_TICK) == 9);	/* Januaries */
	CHECK(find(&p, CHART_PRIM_PATH, CHART_ROLE_SERIES, 0, -1) != NULL);
	chart_plan_release(&p);
}

/* ---- one point, no data, bad specs ---------------------------------------- */

static void check_one_point(void)
{
	static const enum chart_kind kinds[] = {
		CHART_BARS, CHART_LINE, CHART_HBARS, CHART_DOTS, CHART_RANKED,
		CHART_HISTOGRAM, CHART_MULTIPLES
	};
	const double v[1] = { 42 };

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct chart_spec s;
		struct chart_series se;
		struct chart_plan p;
		struct diag d;

		one_series(&s, &se, kinds[k], v, 1);
		diag_clear(&d);
		CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
		CHECK(!d.set);
		CHECK(p.nitems > 5);
		CHECK(p.value.d1 > p.value.d0);
		chart_plan_release(&p);
	}
}

static void check_line_one_point(void)
{
	const double v[1] = { 42 };
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;

	one_series(&s, &se, CHART_LINE, v, 1);
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(find(&p, CHART_PRIM_DOT, CHART_ROLE_SERIES, 0, -1) != NULL);
	CHECK(find(&p, CHART_PRIM_PATH, CHART_ROLE_SERIES, 0, -1) == NULL);
	CHECK(find_text(&p, CHART_ROLE_VALUE_LABEL, "42") != NULL);
	chart_plan_release(&p);
}

static void check_histogram(void)
{
	const double v[8] = { 1500, 2500, 9000, 12000, 0, -3, NAN, 2e6 };
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;
	size_t bars = 0;

	one_series(&s, &se, CHART_HISTOGRAM, v, 8);
	s.nlabels = 0;
	s.unit = CHART_UNIT_MONEY;
	s.currency = "USD";
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(p.excluded == 2);
	CHECK(find_text(&p, CHART_ROLE_NOTE, "2 values of zero or less not "
			"shown on the log scale") != NULL);
	CHECK(find_text(&p, CHART_ROLE_LABEL_TICK, "1k") != NULL);
	CHECK(find_text(&p, CHART_ROLE_LABEL_TICK, "USD, log scale") != NULL);
	for (size_t i = 0; i < p.nitems; i++)
		bars += p.items[i].role == CHART_ROLE_BAR;
	CHECK(bars >= 3 && bars <= 5);
	chart_plan_release(&p);
}

/* Counts already binned, as the aggregate table holds them: the bin
 * from 0 cannot go on a log scale and is noted instead. */
static void check_histogram_bins(void)
{
	const double edges[6] = { 0, 1, 10, 100, 1e3, 1e4 };
	const double counts[5] = { 2, 0, 3, 5, 1 };
	const double bad_edges[6] = { 0, 1, 10, 10, 1e3, 1e4 };
	const double bad_counts[5] = { 2, 0, -3, 5, 1 };
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;
	const struct chart_item *a, *b;

	one_series(&s, &se, CHART_HISTOGRAM, counts, 5);
	s.nlabels = 0;
	s.bin_edges = edges;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(p.excluded == 2);
	CHECK(find_text(&p, CHART_ROLE_NOTE, "2 values below 1 not shown on "
			"the log scale") != NULL);
	CHECK(count_role(&p, CHART_ROLE_BAR) == 3);
	/* The empty bin [1, 10) at the start is trimmed. */
	CHECK(find_text(&p, CHART_ROLE_LABEL_TICK, "1") == NULL);
	CHECK(find_text(&p, CHART_ROLE_LABEL_TICK, "10") != NULL);
	CHECK(find_text(&p, CHART_ROLE_LABEL_TICK, "10k") != NULL);
	/* Bins of a decade each are equally wide; 5 is the tallest. */
	a = find(&p, CHART_PRIM_RECT, CHART_ROLE_BAR, -2, 0);
	b = find(&p, CHART_PRIM_RECT, CHART_ROLE_BAR, -2, 1);
	CHECK(a && b && fabs((a->x1 - a->x0) - (b->x1 - b->x0)) < 1e-9);
	CHECK(b && fabs(b->y0 - chart_scale_map(&p.value, 5)) < 1e-9);
	chart_plan_release(&p);

	s.bin_edges = bad_edges;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK_STR(d.field, "bin_edges");
	chart_plan_release(&p);
	s.bin_edges = edges;
	se.values = bad_counts;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK(strstr(d.msg, "negative count") != NULL);
	chart_plan_release(&p);
	se.values = counts;
	se.nvalues = 1;		/* only the bin from 0 */
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK(strstr(d.msg, "no data for Title") != NULL);
	chart_plan_release(&p);
}

static void check_no_data(void)
{
	const double nan3[3] = { NAN, NAN, NAN }, neg[2] = { 0, -5 };
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;

	one_series(&s, &se, CHART_BARS, nan3, 3);
	s.subject = "category 'arrests' in 2024-01..2024-03";
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK_STR(d.msg, "no data for category 'arrests' in 2024-01..2024-03");
	chart_plan_release(&p);

	one_series(&s, &se, CHART_LINE, nan3, 0);
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK_STR(d.msg, "no data for Title");
	chart_plan_release(&p);

	one_series(&s, &se, CHART_HISTOGRAM, neg, 2);
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK(strstr(d.msg, "no value above zero") != NULL);
	chart_plan_release(&p);

	one_series(&s, &se, CHART_BARS, nan3, 3);
	s.nseries = 0;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK_STR(d.msg, "no data for Title");
	chart_plan_release(&p);
}

static void check_bad_specs(void)
{
	const double v[3] = { 1, 2, 3 }, inf[2] = { 1, INFINITY };
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;

	one_series(&s, &se, CHART_BARS, v, 3);
	s.footer = "";
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK_STR(d.field, "footer");

	one_series(&s, &se, CHART_BARS, v, 3);
	se.nvalues = 2;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK_STR(d.msg, "series '' has 2 values for 3 labels");

	one_series(&s, &se, CHART_LINE, inf, 2);
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK_STR(d.msg, "series '': value 2 is infinite");

	one_series(&s, &se, CHART_BARS, v, 3);
	s.width = 10;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK_STR(d.field, "size");

	one_series(&s, &se, CHART_BARS, v, 3);
	s.dpi = 1200;
	s.width = 1000;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK(strstr(d.msg, "10000 pixels") != NULL);

	one_series(&s, &se, CHART_BARS, v, 3);
	s.title = "bad \xff utf-8";
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK_STR(d.field, "title");

	/* Small but legal: the text leaves no room for data. */
	one_series(&s, &se, CHART_BARS, v, 3);
	s.width = 72;
	s.height = 72;
	s.font_size = 20;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == -1);
	CHECK(strstr(d.msg, "too small") != NULL);
	chart_plan_release(&p);
}

/* ---- text: wrapping, elision ----------------------------------------------- */

static void check_long_title(void)
{
	const double v[3] = { 1, 2, 3 };
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan p;
	struct diag d;

	one_series(&s, &se, CHART_BARS, v, 3);
	s.title = "A very long title that goes on and on about arrests and "
		  "seizures and money and everything else there is to say "
		  "about a month of bulletins from every agency there is";
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(count_role(&p, CHART_ROLE_TITLE) == 2);	/* two lines, at most */
	for (size_t i = 0; i < p.nitems; i++)
		if (p.items[i].role == CHART_ROLE_TITLE)
			CHECK(p.items[i].max_width > 0 &&
			      p.items[i].max_width < p.width);
	chart_plan_release(&p);
}

/* ---- multiples ------------------------------------------------------------- */

static void check_multiples(void)
{
	double v[5][24];
	struct chart_series se[5];
	struct chart_spec s;
	struct chart_plan p;
	struct diag d;
	static const char *const names[5] = { "A", "B", "C", "D", "E" };

	for (int k = 0; k < 5; k++)
		for (int i = 0; i < 24; i++)
			v[k][i] = k == 3 ? NAN : (k + 1) * (i + 1);
	one_series(&s, se, CHART_MULTIPLES, v[0], 24);
	for (int k = 0; k < 5; k++) {
		se[k] = se[0];
		se[k].values = v[k];
		se[k].name = names[k];
	}
	s.nseries = 5;
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &p, &d) == 0);
	CHECK(p.npanels == 5);
	CHECK(count_role(&p, CHART_ROLE_PANEL_TITLE) == 5);
	CHECK(find_text(&p, CHART_ROLE_NOTE, "no data") != NULL);
	chart_plan_release(&p);
}

/* ---- helpers --------------------------------------------------------------- */

static void check_spread(void)
{
	static const struct {
		double in[3];
		size_t n;
		double gap, lo, hi;
		double want[3];
	} cases[] = {
		{ { 10, 11, 12 }, 3, 5, 0, 100, { 6, 11, 16 } },
		{ { 50, 10, 90 }, 3, 5, 0, 100, { 10, 50, 90 } },
		{ { 1, 0, 0 }, 2, 5, 0, 100, { 0, 5, 0 } },
		{ { 99, 98, 0 }, 2, 5, 0, 100, { 95, 100, 0 } },
		{ { 20, 21, 40 }, 3, 10, 0, 100, { 15.5, 25.5, 40 } },
		{ { 20, 21, 30 }, 3, 10, 0, 100, { 13.666666666666666,
						   23.666666666666666,
						   33.666666666666666 } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double y[3];

		memcpy(y, cases[i].in, sizeof(y));
		chart_spread_labels(y, cases[i].n, cases[i].gap, cases[i].lo,
				    cases[i].hi);
		for (size_t j = 0; j < cases[i].n; j++)
			CHECK_NUM(y[j], cases[i].want[j]);
	}
}

static void check_names(void)
{
	static const struct {
		const char *path;
		int ok;
		enum chart_format fmt;
	} paths[] = {
		{ "a.svg", 1, CHART_SVG }, { "dir/b.PDF", 1, CHART_PDF },
		{ "c.png", 1, CHART_PNG }, { "d.gif", 0, CHART_SVG },
		{ "noext", 0, CHART_SVG }, { "x.png/y", 0, CHART_SVG },
	};
	static const struct {
		const char *text;
		double dpi, pt;
	} lengths[] = {
		{ "160mm", 0, 160 * MM }, { "100", 0, 100 * MM },
		{ "6in", 0, 432 }, { "400pt", 0, 400 }, { "1200px", 0, 450 },
		{ "1200px", 96, 900 }, { "2.5cm", 0, 25 * MM },
		{ "0mm", 0, -1 }, { "12furlongs", 0, -1 }, { "", 0, -1 },
		{ "-5mm", 0, -1 },
	};
	enum chart_format fmt;
	enum chart_kind kind;
	struct diag d;
	double pt;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		diag_clear(&d);
		CHECK((chart_format_from_path(paths[i].path, &fmt, &d) == 0) ==
		      paths[i].ok);
		CHECK(!paths[i].ok || fmt == paths[i].fmt);
	}
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		diag_clear(&d);
		if (lengths[i].pt < 0) {
			CHECK(chart_length_parse(lengths[i].text, lengths[i].dpi,
						 &pt, &d) == -1);
			continue;
		}
		CHECK(chart_length_parse(lengths[i].text, lengths[i].dpi, &pt,
					 &d) == 0);
		CHECK_NUM(pt, lengths[i].pt);
	}
	for (int k = 0; k < CHART_KIND__COUNT; k++) {
		diag_clear(&d);
		CHECK(chart_kind_from_name(chart_kind_name((enum chart_kind)k),
					   &kind, &d) == 0 && kind == (enum chart_kind)k);
	}
	diag_clear(&d);
	CHECK(chart_kind_from_name("pie", &kind, &d) == -1);
	CHECK(strstr(d.msg, "'pie'") != NULL);
}

static void check_footer(void)
{
	static const char *const src[3] = { "Interpol", "Europol", "NATO" };
	char buf[256];

	CHECK_STR(chart_footer_format(buf, sizeof(buf), 84, src, 3, "2024-11",
				      "2024-11", 3),
		  "Source: 84 bulletins from Interpol, Europol, NATO; Nov 2024; "
		  "3 figures excluded as duplicates");
	CHECK_STR(chart_footer_format(buf, sizeof(buf), 1, src, 1, "2015-01",
				      "2024-12", 1),
		  "Source: 1 bulletin from Interpol; Jan 2015\u2013Dec 2024; "
		  "1 figure excluded as duplicates");
	CHECK_STR(chart_footer_format(buf, sizeof(buf), 5, NULL, 0, NULL,
				      "2024-02", 0),
		  "Source: 5 bulletins; Feb 2024");
	CHECK_STR(chart_footer_format(buf, 12, 5, NULL, 0, NULL, NULL, 0),
		  "Source: 5 b");
}

/* The plan is a pure function of the spec. */
static void check_repeatable(void)
{
	const double v[4] = { 3, 1, 4, 1 };
	struct chart_spec s;
	struct chart_series se;
	struct chart_plan a, b;
	struct diag d;

	one_series(&s, &se, CHART_LINE, v, 4);
	diag_clear(&d);
	CHECK(chart_plan_compute(&s, NULL, &a, &d) == 0);
	CHECK(chart_plan_compute(&s, NULL, &b, &d) == 0);
	CHECK(a.nitems == b.nitems && a.npts == b.npts);
	for (size_t i = 0; i < a.nitems && a.nitems == b.nitems; i++) {
		CHECK(a.items[i].x0 == b.items[i].x0 &&
		      a.items[i].y1 == b.items[i].y1);
		CHECK(!a.items[i].text || !strcmp(a.items[i].text,
						  b.items[i].text));
	}
	chart_plan_release(&a);
	chart_plan_release(&b);
	chart_plan_release(NULL);
}

int main(void)
{
	check_domains();
	check_huge_range();
	check_bar_positions();
	check_stacks();
	check_key_fallback();
	check_hbars();
	check_ranked_200();
	check_row_chart_height();
	check_month_axis();
	check_one_point();
	check_line_one_point();
	check_histogram();
	check_histogram_bins();
	check_no_data();
	check_bad_specs();
	check_long_title();
	check_multiples();
	check_spread();
	check_names();
	check_footer();
	check_repeatable();
	return TEST_REPORT();
}
