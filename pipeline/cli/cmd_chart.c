/* cmd_chart.c - `tally chart`: one chart from an aggregate table, as SVG,
 * PDF or PNG (the adapter is chart_agg.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tally/aggregate.h"
#include "tally/chart_agg.h"
#include "tally/cli.h"

#include "report_io.h"

#define MAX_CATEGORIES 8
#define MAX_REFS 4

/* What parse() fills besides the query. */
struct chart_args {
	const char *out;
	const char *width, *height;	/* parsed once the dpi is known */
	struct chart_ref refs[MAX_REFS];
	char ref_text[MAX_REFS][64];
};

/* "3.5" or "3.5:label" (a reference line), or "none"; 0 or -1. */
static int parse_ref(const char *s, struct chart_agg_query *q,
		     struct chart_args *a)
{
	struct chart_ref *r;
	char *end;

	q->refs_given = 1;
	if (!strcmp(s, "none"))
		return 0;
	if (q->nrefs == MAX_REFS)
		return -1;
	r = &a->refs[q->nrefs];
	r->value = strtod(s, &end);
	if (end == s || !isfinite(r->value) || (*end && *end != ':'))
		return -1;
	if (*end == ':')
		snprintf(a->ref_text[q->nrefs], sizeof(a->ref_text[0]), "%s", end + 1);
	else
		snprintf(a->ref_text[q->nrefs], sizeof(a->ref_text[0]), "%s", s);
	r->label = a->ref_text[q->nrefs];
	q->refs = a->refs;
	q->nrefs++;
	return 0;
}

/* --width, --height (after --dpi, which px depend on); 0 or 2. */
static int parse_sizes(struct chart_agg_query *q, const struct chart_args *a)
{
	struct diag d;
	double dpi = q->dpi > 0 ? q->dpi : 192;

	diag_clear(&d);
	if (a->width && chart_length_parse(a->width, dpi, &q->width, &d) < 0)
		return cli_usage_error("chart", "--width: %s", d.msg);
	if (a->height && chart_length_parse(a->height, dpi, &q->height, &d) < 0)
		return cli_usage_error("chart", "--height: %s", d.msg);
	return 0;
}

/* Splits "a,b,c" in place into at most max names. */
static size_t split(char *s, const char **out, size_t max)
{
	size_t n = 0;

	while (s && *s && n < max) {
		char *comma = strchr(s, ',');

		if (comma)
			*comma = '\0';
		if (*s)
			out[n++] = s;
		s = comma ? comma + 1 : NULL;
	}
	return n;
}

static int parse(int argc, char **argv, struct chart_agg_query *q,
		 struct chart_args *a, char *cats, size_t catsize,
		 const char **cat_v)
{
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "category", required_argument, NULL, 'c' },
		{ "unit", required_argument, NULL, 'u' },
		{ "month", required_argument, NULL, 'm' },
		{ "months", required_argument, NULL, 'n' },
		{ "by", required_argument, NULL, 'b' },
		{ "title", required_argument, NULL, 't' },
		{ "subtitle", required_argument, NULL, 's' },
		{ "ref", required_argument, NULL, 'R' },
		{ "width", required_argument, NULL, 'W' },
		{ "height", required_argument, NULL, 'H' },
		{ "dpi", required_argument, NULL, 'D' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct diag d;
	long months, dpi;
	int c, kind = 0;

	diag_clear(&d);
	snprintf(cats, catsize, "arrests");
	while ((c = getopt_long(argc, argv, ":k:c:o:m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (chart_kind_from_name(optarg, &q->kind, &d) < 0)
				return cli_usage_error("chart", "--kind: %s", d.msg);
			kind = 1;
			break;
		case 'c': snprintf(cats, catsize, "%s", optarg); break;
		case 'u': q->unit = optarg; break;
		case 'm':
			if (!report_io_month_valid(optarg))
				return cli_usage_error("chart", "--month: expected "
						       "YYYY-MM, got '%s'", optarg);
			q->month = optarg;
			break;
		case 'n':
			if (cli_parse_long(optarg, 1, 1200, &months) < 0)
				return cli_usage_error("chart", "--months: expected "
					"a whole number 1-1200, got '%s'", optarg);
			q->months = (int)months;
			break;
		case 'b':
			if (strcmp(optarg, "source") && strcmp(optarg, "place"))
				return cli_usage_error("chart", "--by: expected source "
						       "or place, got '%s'", optarg);
			q->by = strcmp(optarg, "source") ? CHART_AGG_BY_PLACE :
							   CHART_AGG_BY_SOURCE;
			break;
		case 't': q->title = optarg; break;
		case 's': q->subtitle = optarg; break;
		case 'R':
			if (parse_ref(optarg, q, a) < 0)
				return cli_usage_error("chart", "--ref: expected a "
					"value, VALUE:LABEL or none (at most %d), "
					"got '%s'", MAX_REFS, optarg);
			break;
		case 'W': a->width = optarg; break;
		case 'H': a->height = optarg; break;
		case 'D':
			if (cli_parse_long(optarg, 36, 1200, &dpi) < 0)
				return cli_usage_error("chart", "--dpi: expected "
					"a whole number 36-1200, got '%s'", optarg);
			q->dpi = (double)dpi;
			break;
		case 'o': a->out = optarg; break;
		case 'h': return cli_help("chart") - 1;
		default: return cli_bad_option("chart", c, argv);
		}
	}
	if (!kind)
		return cli_usage_error("chart", "--kind is required");
	if (argc - optind != 1)
		return cli_usage_error("chart", "expected one AGGREGATES file");
	q->categories = cat_v;
	q->ncategories = split(cats, cat_v, MAX_CATEGORIES);
	if (!q->ncategories)
		return cli_usage_error("chart", "--category: no category given");
	return parse_sizes(q, a);
}

int cmd_chart(int argc, char **argv)
{
	struct chart_agg_query q;
	struct aggregate_table t;
	struct chart_agg *ca = NULL;
	enum chart_format fmt;
	struct chart_args a;
	const char *out, *cat_v[MAX_CATEGORIES];
	char cats[512];
	struct diag d;
	int rc;

	memset(&q, 0, sizeof(q));
	memset(&t, 0, sizeof(t));
	memset(&a, 0, sizeof(a));
	a.out = "chart.svg";
	if ((rc = parse(argc, argv, &q, &a, cats, sizeof(cats), cat_v)) != 0)
		return rc < 0 ? TALLY_EXIT_OK : rc;
	out = a.out;
	diag_clear(&d);
	if (chart_format_from_path(out, &fmt, &d) < 0)
		return cli_usage_error("chart", "-o: %s", d.msg);
	if (aggregate_load_json(argv[optind], &t, &d) < 0) {
		cli_error("chart", &d);
		return TALLY_EXIT_IO;
	}
	rc = TALLY_EXIT_OK;
	if (chart_agg_make(&t, &q, &ca, &d) < 0) {
		cli_error("chart", &d);
		rc = TALLY_EXIT_REJECTED;
	} else if (chart_render_file(chart_agg_spec(ca), fmt, out, &d) < 0) {
		cli_error("chart", &d);
		rc = strncmp(d.msg, "no data", 7) ? TALLY_EXIT_IO : TALLY_EXIT_REJECTED;
	}
	chart_agg_free(ca);
	aggregate_table_release(&t);
	return rc;
}
