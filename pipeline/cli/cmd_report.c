/* cmd_report.c - `tally report`: aggregates and facts in, a monthly
 * briefing out (report.md, report.html, report.pdf, report.json and
 * charts/). */
#include <string.h>

#include "tally/aggregate.h"
#include "tally/cli.h"
#include "tally/report.h"

#include "report_io.h"

/* Counts the charts of doc. */
static size_t nchart(const struct report_doc *doc)
{
	size_t n = 0;

	for (size_t i = 0; i < doc->nsections; i++)
		for (size_t j = 0; j < doc->sections[i].nblocks; j++)
			n += doc->sections[i].blocks[j].kind == REPORT_CHART;
	return n;
}

struct report_args {
	const char *month, *dir, *agg_path, *facts_path, *accounts;
	int index;			/* --index: DIR/index.html only */
	const char *rejects[16];
	int nrejects;
};

static int parse(int argc, char **argv, struct report_args *a)
{
	static const struct option longopts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "accounts", required_argument, NULL, 'a' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "index", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(a, 0, sizeof(*a));
	a->dir = ".";
	while ((c = getopt_long(argc, argv, ":m:o:a:r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm': a->month = optarg; break;
		case 'o': a->dir = optarg; break;
		case 'a': a->accounts = optarg; break;
		case 'i': a->index = 1; break;
		case 'r':
			if (a->nrejects == 16)
				return cli_usage_error("report", "at most 16 --rejects");
			a->rejects[a->nrejects++] = optarg;
			break;
		case 'h': return cli_help("report") - 1;
		default: return cli_bad_option("report", c, argv);
		}
	}
	if (a->month && !report_io_month_valid(a->month))
		return cli_usage_error("report", "--month: expected YYYY-MM, got '%s'",
				       a->month);
	if (a->index && a->month)
		return cli_usage_error("report", "--index covers every month: "
				       "no --month with it");
	if (argc - optind != 2 && !(a->index && argc - optind == 1))
		return cli_usage_error("report", a->index ?
				       "expected AGGREGATES [FACTS]" :
				       "expected AGGREGATES and FACTS");
	a->agg_path = argv[optind];
	a->facts_path = argc - optind == 2 ? argv[optind + 1] : NULL;
	return 0;
}

struct report_inputs {
	struct aggregate_table t;
	struct report_accounts acct;
	struct report_data *rd;
};

/*
 * The latest month of t with bulletins, and the window of facts a
 * briefing of month needs: its own and the two months before it (the
 * duplicate window of its tables and the previous month's figures),
 * streamed so that memory follows neither the facts table nor the
 * window.
 */
static const char *latest_month(const struct aggregate_table *t)
{
	for (size_t m = t->nmonths; m > 0; m--)
		for (size_t i = 0; i < t->ncoverage; i++)
			if (!strcmp(t->coverage[i].month, t->months[m - 1]) &&
			    t->coverage[i].bulletins > 0)
				return t->months[m - 1];
	return NULL;
}

static void window_from(const char *month, char from[8])
{
	int y = (month[0] - '0') * 1000 + (month[1] - '0') * 100 +
		(month[2] - '0') * 10 + (month[3] - '0');
	int m = (month[5] - '0') * 10 + (month[6] - '0') - 2;

	if (m < 1) {
		m += 12;
		y--;
	}
	from[0] = (char)('0' + y / 1000 % 10);
	from[1] = (char)('0' + y / 100 % 10);
	from[2] = (char)('0' + y / 10 % 10);
	from[3] = (char)('0' + y % 10);
	from[4] = '-';
	from[5] = (char)('0' + m / 10);
	from[6] = (char)('0' + m % 10);
	from[7] = '\0';
}

static int load(const struct report_args *a, struct report_inputs *in,
		struct diag *d)
{
	const char *month;
	char from[8];
	long bad;

	if (aggregate_load_json(a->agg_path, &in->t, d) < 0)
		return -1;
	month = a->month ? a->month : latest_month(&in->t);
	in->rd = report_data_begin(&in->t, &in->acct);
	if (a->facts_path && !a->index && month) {
		window_from(month, from);
		if (report_io_feed_facts("report", a->facts_path, from, month,
					 in->rd, &bad, d) < 0)
			return -1;
	}
	if (a->accounts && report_io_load_accounts(a->accounts, &in->acct, d) < 0)
		return -1;
	for (int i = 0; i < a->nrejects; i++)
		if (report_io_count_rejects(a->rejects[i], &in->acct, d) < 0)
			return -1;
	return report_data_end(in->rd, d);
}

int cmd_report(int argc, char **argv)
{
	struct report_args a;
	struct report_inputs in;
	struct report_doc doc;
	struct diag d;
	const char **months;
	const char *month;
	int rc = TALLY_EXIT_OK;

	if ((rc = parse(argc, argv, &a)) != 0)
		return rc < 0 ? TALLY_EXIT_OK : rc;
	memset(&in, 0, sizeof(in));
	report_accounts_init(&in.acct);
	report_doc_init(&doc);
	diag_clear(&d);
	if (load(&a, &in, &d) < 0) {
		cli_error("report", &d);
		rc = TALLY_EXIT_IO;
		goto out;
	}
	if (a.index) {
		size_t n = report_months(in.rd, &months);

		report_build_index(in.rd, months, n, &doc);
		if (report_io_write_index(&doc, a.dir, &d) < 0) {
			cli_error("report", &d);
			rc = TALLY_EXIT_IO;
		} else {
			fprintf(stderr, "tally report: %s/index.html: %zu "
				"month%s\n", a.dir, n, n == 1 ? "" : "s");
		}
		goto out;
	}
	month = a.month;
	if (!month) {
		size_t n = report_months(in.rd, &months);

		if (!n) {
			rc = cli_usage_error("report", "no month has bulletins; "
					     "give --month YYYY-MM");
			goto out;
		}
		month = months[n - 1];
	}
	if (report_build(in.rd, month, &doc, &d) < 0 ||
	    report_io_write(&doc, a.dir, &d) < 0) {
		cli_error("report", &d);
		rc = TALLY_EXIT_IO;
		goto out;
	}
	fprintf(stderr, "tally report: %s: %s/report.md, report.html, report.pdf, "
		"report.json and %zu charts\n", month, a.dir, nchart(&doc));
out:
	report_doc_release(&doc);
	report_data_free(in.rd);
	report_accounts_release(&in.acct);
	aggregate_table_release(&in.t);
	return rc;
}
