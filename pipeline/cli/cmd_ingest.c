/* cmd_ingest.c - `tally ingest`: corpora in, valid bulletins out. */
#include <errno.h>
#include <string.h>

#include "tally/cli.h"
#include "tally/ingest.h"
#include "tally/util.h"

#include "corpus_io.h"

int cmd_ingest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "max-body", required_argument, NULL, 'm' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct corpus_io io = CORPUS_IO_INIT("ingest");
	struct ingest_options opts = { 0 };
	int c, strict = 0, rc;

	while ((c = getopt_long(argc, argv, ":o:r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': io.out_path = optarg; break;
		case 'r': io.rejects_path = optarg; break;
		case 's': strict = 1; break;
		case 'h': return cli_help("ingest");
		case 'm':
			if (cli_parse_size(optarg, &opts.max_body) < 0 ||
			    !opts.max_body)
				return cli_usage_error("ingest", "--max-body: "
					"expected a size in bytes, got '%s'", optarg);
			break;
		default: return cli_bad_option("ingest", c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("ingest", "no corpus given ('-' reads stdin)");
	rc = corpus_io_run(&io, &opts, argv + optind, argc - optind,
			   corpus_io_copy_bulletin, NULL);
	if (rc != TALLY_EXIT_OK)
		return rc;
	return strict && io.acct.rejected ? TALLY_EXIT_REJECTED : TALLY_EXIT_OK;
}
