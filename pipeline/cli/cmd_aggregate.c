/* cmd_aggregate.c - `tally aggregate`: facts in, aggregate table out. */
#include <string.h>

#include "tally/aggregate.h"
#include "tally/cli.h"
#include "tally/fact.h"

#include "aggregate_io.h"

#define SHOW_BAD 10

struct agg_cli {
	const char *out, *rates_path, *format;
	int strict, partial;
	long shown;
	struct agg_options opts;
	struct rate_table rates;
};

static void note_bad(struct agg_cli *c, const char *cmd, const struct diag *d)
{
	char buf[1024];

	if (c->shown++ < SHOW_BAD)
		fprintf(stderr, "tally %s: skipped: %s\n", cmd,
			diag_format(d, buf, sizeof(buf)));
}

/* Reads one facts file into the state; 0, or -1 with d on I/O failure. */
static int read_facts(struct agg_cli *c, struct agg_state *s, const char *path,
		      struct diag *d)
{
	struct fact_reader *r;
	struct fact f;
	struct diag row;
	int rc;

	if (fact_reader_open(&r, path, d) < 0)
		return -1;
	fact_reader_set_columns(r, AGG_FACT_COLS);
	diag_clear(&row);
	for (;;) {
		/* diag_set() writes a diag whole: cleared again only after a
		 * row used it, not for each of millions of rows */
		if (row.set)
			diag_clear(&row);
		rc = fact_reader_next(r, &f, &row);
		if (rc < 0)
			*d = row;
		if (rc <= 0)
			break;
		if (rc == 2) {
			agg_state_bad_row(s);
			note_bad(c, "aggregate", &row);
		} else if (agg_state_add(s, &f, path, fact_reader_lineno(r), &row) == 2) {
			note_bad(c, "aggregate", &row);
		}
	}
	fact_reader_close(r);
	return rc < 0 ? -1 : 0;
}

/* Prints the account and the warnings of a table on stderr. */
void cli_print_aggregate_account(const char *cmd, const struct aggregate_table *t)
{
	const struct agg_account *a = &t->account;

	fprintf(stderr, "tally %s: rows %ld, bad %ld, facts %ld: used %ld, "
		"excluded", cmd, a->rows, a->bad_rows, a->facts, a->used);
	for (int i = 0; i < AGG_EXCL__COUNT; i++)
		fprintf(stderr, "%s %s %ld", i ? "," : "",
			agg_excl_name((enum agg_excl)i), a->excluded[i]);
	fprintf(stderr, "; bulletins %ld, figures %ld, duplicates %ld, "
		"groups %zu\n", a->bulletins, a->figures, a->duplicates,
		t->ngroups);
	for (size_t i = 0; i < t->nunconverted; i++)
		cli_warn(cmd, "%ld %s figure(s) of %s left in %s: %s",
			 t->unconverted[i].figures, t->unconverted[i].currency,
			 t->unconverted[i].month, t->unconverted[i].currency,
			 t->unconverted[i].reason);
	if (a->late)
		cli_warn(cmd, "%ld figure(s) came more than the window after "
			 "later-published ones; their duplicate check may be "
			 "incomplete", a->late);
}

/* Writes the table in format fmt to path (JSON a piece at a time, so
 * that the output is never held whole). */
int cli_write_aggregate(const char *cmd, const struct aggregate_table *t,
			const char *path, const char *fmt)
{
	struct strbuf sb = STRBUF_INIT;
	struct outfile o;
	struct diag d;
	int rc;

	diag_clear(&d);
	if (!strcmp(fmt, "tsv")) {
		aggregate_write_tsv(t, &sb);
		rc = cli_write_file(path, &sb, &d);
	} else if ((rc = outfile_open(&o, path, &d)) == 0) {
		aggregate_write_json_file(t, o.fp);
		rc = outfile_commit(&o, &d);
	}
	strbuf_release(&sb);
	if (rc < 0) {
		cli_error(cmd, &d);
		return TALLY_EXIT_IO;
	}
	return TALLY_EXIT_OK;
}

/* Writes the output of the run; frees the state as soon as it can, so
 * that the state, the table and the JSON are not all held at once. */
static int finish(struct agg_cli *c, struct agg_state **sp, long bad)
{
	struct agg_state *s = *sp;
	struct aggregate_table t;
	struct diag d;
	int rc;

	diag_clear(&d);
	if (c->strict && bad) {
		fprintf(stderr, "tally aggregate: %ld bad row(s) with --strict: "
			"nothing written\n", bad);
		return TALLY_EXIT_REJECTED;
	}
	if (c->partial) {
		struct outfile o;

		if ((rc = outfile_open(&o, c->out, &d)) == 0) {
			if (agg_partial_write_file(s, o.fp, &d) < 0) {
				outfile_abort(&o);	/* never half a partial */
				rc = -1;
			} else {
				rc = outfile_commit(&o, &d);
			}
		}
		if (rc < 0)
			return cli_error("aggregate", &d), TALLY_EXIT_IO;
		return TALLY_EXIT_OK;
	}
	rc = agg_state_finish(s, &t, &d);
	agg_state_free(s);
	*sp = NULL;
	if (rc < 0)
		return cli_error("aggregate", &d), TALLY_EXIT_IO;
	cli_print_aggregate_account("aggregate", &t);
	rc = cli_write_aggregate("aggregate", &t, c->out, c->format);
	aggregate_table_release(&t);
	return rc;
}

static int run(struct agg_cli *c, char **paths, int n)
{
	struct agg_state *s;
	struct diag d;
	int rc = TALLY_EXIT_OK;

	diag_clear(&d);
	if (rate_table_load(&c->rates, c->rates_path, &d) < 0) {
		cli_error("aggregate", &d);
		return TALLY_EXIT_IO;
	}
	c->opts.rates = &c->rates;
	c->opts.partial = c->partial;
	s = agg_state_new(&c->opts);
	agg_state_spill_duplicates(s);
	for (int i = 0; i < n && rc == TALLY_EXIT_OK; i++)
		if (read_facts(c, s, paths[i], &d) < 0) {
			cli_error("aggregate", &d);
			rc = TALLY_EXIT_IO;
		}
	if (c->shown > SHOW_BAD)
		fprintf(stderr, "tally aggregate: ... %ld more bad row(s)\n",
			c->shown - SHOW_BAD);
	if (rc == TALLY_EXIT_OK)
		rc = finish(c, &s, c->shown);
	agg_state_free(s);
	rate_table_release(&c->rates);
	return rc;
}

static int parse_currency(struct agg_cli *c, const char *arg)
{
	if (strlen(arg) != 3 || !(arg[0] >= 'A' && arg[0] <= 'Z') ||
	    !(arg[1] >= 'A' && arg[1] <= 'Z') || !(arg[2] >= 'A' && arg[2] <= 'Z'))
		return cli_usage_error("aggregate", "--currency: expected an ISO "
				       "4217 code such as USD, got '%s'", arg);
	snprintf(c->opts.currency, sizeof(c->opts.currency), "%s", arg);
	return 0;
}

int cmd_aggregate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "by", required_argument, NULL, 'b' },
		{ "rates", required_argument, NULL, 'r' },
		{ "currency", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "partial", no_argument, NULL, 'p' },
		{ "sketch", no_argument, NULL, 'k' },
		{ "keep-duplicates", no_argument, NULL, 'd' },
		{ "trend-months", required_argument, NULL, 't' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static char rates_default[4096];
	struct agg_cli c = { "-", NULL, "json", 0, 0, 0, { 0 }, RATE_TABLE_INIT };
	long months;
	int opt;

	while ((opt = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o': c.out = optarg; break;
		case 'r': c.rates_path = optarg; break;
		case 'p': c.partial = 1; break;
		case 'k': c.opts.sketch = 1; break;
		case 'd': c.opts.keep_duplicates = 1; break;
		case 's': c.strict = 1; break;
		case 'h': return cli_help("aggregate");
		case 'b':
			if (agg_by_parse(optarg, &c.opts.by) < 0)
				return cli_usage_error("aggregate", "--by: expected "
					"keys among month,category,unit,source,"
					"place, got '%s'", optarg);
			break;
		case 'c':
			if (parse_currency(&c, optarg))
				return TALLY_EXIT_USAGE;
			break;
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "tsv"))
				return cli_usage_error("aggregate", "--format: "
					"expected json or tsv, got '%s'", optarg);
			c.format = optarg;
			break;
		case 't':
			if (cli_parse_long(optarg, 2, 1200, &months) < 0)
				return cli_usage_error("aggregate", "--trend-months:"
					" expected a whole number 2-1200, got "
					"'%s'", optarg);
			c.opts.trend_months = (int)months;
			break;
		default: return cli_bad_option("aggregate", opt, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("aggregate", "no facts given ('-' reads stdin)");
	if (c.partial && !strcmp(c.format, "tsv"))
		return cli_usage_error("aggregate", "--partial writes its own "
				       "format; --format tsv is for tables");
	if (!c.rates_path)
		c.rates_path = tally_datapath(rates_default, sizeof(rates_default),
					      "rates.tsv");
	return run(&c, argv + optind, argc - optind);
}
