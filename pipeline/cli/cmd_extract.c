/* cmd_extract.c - `tally extract`: bulletins in, facts out. */
#include <stdio.h>
#include <string.h>

#include "tally/cli.h"
#include "tally/extract.h"
#include "tally/fact.h"
#include "tally/lexicon.h"

#include "corpus_io.h"

struct extract_run {
	struct extractor x;
	enum fact_format fmt;
	struct extract_stats stats;
	struct corpus_io *io;	/* of the bulletin at hand ... */
	struct diag *d;		/* ... and where a write error goes */
	struct fact_writer w;
};

/* Writes each fact as it is made, flushing as the output grows. */
static int write_fact(const struct fact *f, void *ctx)
{
	struct extract_run *run = ctx;

	fact_writer_write(&run->w, &run->io->obuf, f);
	return corpus_io_flush(run->io, run->d);
}

static int extract_one(struct corpus_io *io, const struct bulletin *b,
		       void *ctx, struct diag *d)
{
	struct extract_run *run = ctx;

	run->io = io;
	run->d = d;
	fact_writer_bulletin(&run->w);
	return extractor_run(&run->x, b, write_fact, run, &run->stats);
}

/* The format asked for, else the output name's: .jsonl means JSON Lines. */
static int pick_format(const char *opt, const char *out, enum fact_format *fmt)
{
	size_t n = strlen(out);

	if (!opt) {
		*fmt = n > 6 && !strcmp(out + n - 6, ".jsonl") ? FACT_JSONL : FACT_TSV;
		return 0;
	}
	if (!strcmp(opt, "tsv"))
		*fmt = FACT_TSV;
	else if (!strcmp(opt, "jsonl"))
		*fmt = FACT_JSONL;
	else
		return -1;
	return 0;
}

static void print_facts_account(const struct extract_stats *st)
{
	fprintf(stderr, "tally extract: facts written %ld from %ld bulletins, "
		"numbers left out as unreadable %ld, repeats merged %ld\n",
		st->facts, st->bulletins, st->unreadable, st->repeats);
}

static int run_extract(struct corpus_io *io, const struct ingest_options *opts,
		       char **paths, int npaths, const char *lexdir,
		       struct extract_run *run)
{
	struct strbuf header = STRBUF_INIT;
	struct lexicon *lex;
	struct diag d;
	int rc;

	diag_clear(&d);
	if (lexicon_load(&lex, lexdir, &d) < 0) {
		cli_error("extract", &d);
		return TALLY_EXIT_IO;
	}
	extractor_init(&run->x, lex);
	fact_writer_init(&run->w, run->fmt);
	fact_write_header(&header, run->fmt);
	io->header = header.len ? header.buf : NULL;
	rc = corpus_io_run(io, opts, paths, npaths, extract_one, run);
	if (rc == TALLY_EXIT_OK)
		print_facts_account(&run->stats);
	strbuf_release(&header);
	extractor_release(&run->x);
	fact_writer_release(&run->w);
	lexicon_free(lex);
	return rc;
}

int cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "max-body", required_argument, NULL, 'm' },
		{ "strict", no_argument, NULL, 's' },
		{ "lexicon", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct corpus_io io = CORPUS_IO_INIT("extract");
	struct ingest_options opts = { 0 };
	struct extract_run run = { { NULL, NULL }, FACT_TSV, { 0 }, NULL, NULL,
				   { FACT_TSV, STRBUF_INIT, STRBUF_INIT, 0 } };
	const char *format = NULL, *lexdir = NULL;
	int c, strict = 0, rc;

	while ((c = getopt_long(argc, argv, ":o:r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': io.out_path = optarg; break;
		case 'f': format = optarg; break;
		case 'r': io.rejects_path = optarg; break;
		case 's': strict = 1; break;
		case 'l': lexdir = optarg; break;
		case 'h': return cli_help("extract");
		case 'm':
			if (cli_parse_size(optarg, &opts.max_body) < 0 ||
			    !opts.max_body)
				return cli_usage_error("extract", "--max-body: "
					"expected a size in bytes, got '%s'", optarg);
			break;
		default: return cli_bad_option("extract", c, argv);
		}
	}
	if (pick_format(format, io.out_path, &run.fmt) < 0)
		return cli_usage_error("extract", "--format: expected tsv or jsonl, "
				       "got '%s'", format);
	if (optind >= argc)
		return cli_usage_error("extract", "no bulletins given ('-' reads stdin)");
	rc = run_extract(&io, &opts, argv + optind, argc - optind, lexdir, &run);
	if (rc != TALLY_EXIT_OK)
		return rc;
	return strict && io.acct.rejected ? TALLY_EXIT_REJECTED : TALLY_EXIT_OK;
}
