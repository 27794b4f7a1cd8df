/* cmd_merge.c - `tally merge`: partial states in, aggregate table out. */
#include <string.h>

#include "tally/aggregate.h"
#include "tally/cli.h"

#include "aggregate_io.h"

static int merge(char **paths, int n, const char *out, const char *fmt)
{
	struct agg_state *s = agg_state_new(NULL);
	struct aggregate_table t;
	struct diag d;
	int rc;

	diag_clear(&d);
	agg_state_spill_duplicates(s);
	for (int i = 0; i < n; i++)
		if (agg_partial_load(s, paths[i], &d) < 0) {
			cli_error("merge", &d);
			agg_state_free(s);
			return d.line ? TALLY_EXIT_REJECTED : TALLY_EXIT_IO;
		}
	if (agg_state_finish(s, &t, &d) < 0) {
		cli_error("merge", &d);
		agg_state_free(s);
		return TALLY_EXIT_REJECTED;
	}
	agg_state_free(s);
	cli_print_aggregate_account("merge", &t);
	rc = cli_write_aggregate("merge", &t, out, fmt);
	aggregate_table_release(&t);
	return rc;
}

int cmd_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = "-", *fmt = "json";
	int opt;

	while ((opt = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'h': return cli_help("merge");
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "tsv"))
				return cli_usage_error("merge", "--format: expected "
					"json or tsv, got '%s'", optarg);
			fmt = optarg;
			break;
		default: return cli_bad_option("merge", opt, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("merge", "no partials given");
	return merge(argv + optind, argc - optind, out, fmt);
}
