/* cmd_chart.c - `tally chart`: one chart from an aggregate table, as SVG,
 * PDF or PNG (the adapter is chart_agg.h). */
#include <string.h>

#include "tally/aggregate.h"
#include "tally/chart_agg.h"
#include "tally/cli.h"

#include "report_io.h"

#define MAX_CATEGORIES 8

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
		 const char **out, char *cats, size_t catsize, const char **cat_v)
{
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "category", required_argument, NULL, 'c' },
		{ "unit", required_argument, NULL, 'u' },
		{ "month", required_argument, NULL, 'm' },
		{ "months", required_argument, NULL, 'n' },
		{ "by", required_argument, NULL, 'b' },
		{ "title", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct diag d;
	long months;
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
		case 'o': *out = optarg; break;
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
	return 0;
}

int cmd_chart(int argc, char **argv)
{
	struct chart_agg_query q;
	struct aggregate_table t;
	struct chart_agg *ca = NULL;
	enum chart_format fmt;
	const char *out = "chart.svg", *cat_v[MAX_CATEGORIES];
	char cats[512];
	struct diag d;
	int rc;

	memset(&q, 0, sizeof(q));
	memset(&t, 0, sizeof(t));
	if ((rc = parse(argc, argv, &q, &out, cats, sizeof(cats), cat_v)) != 0)
		return rc < 0 ? TALLY_EXIT_OK : rc;
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
