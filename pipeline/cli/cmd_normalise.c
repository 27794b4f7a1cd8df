/* cmd_normalise.c - `tally normalise`: feed digests to bulletins. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tally/cli.h"
#include "tally/feed.h"
#include "tally/lines.h"
#include "tally/util.h"

#include "corpus_io.h"

struct normalise {
	struct corpus_io *io;
	struct ingest *check;	/* validates (and dedups) what the feed gives */
	long read, accepted, rejected;
	long by_reason[REJECT__COUNT];
};

static void count_reject(struct normalise *n, const struct reject *rj)
{
	n->read++;
	n->rejected++;
	n->by_reason[rj->reason]++;
	if (n->io->rejects_path)
		reject_write_jsonl(rj, &n->io->rbuf);
	corpus_io_note_reject(n->io, rj);
}

/* Each entry goes through ingest's own validation, so a normalised
 * bulletin is exactly what ingest would accept. */
static int on_entry(void *ctx, struct bulletin *b, const struct reject *rj)
{
	struct normalise *n = ctx;
	struct strbuf line = STRBUF_INIT;
	struct bulletin checked;
	struct reject r2;

	if (rj) {
		count_reject(n, rj);
		return 0;
	}
	bulletin_write_jsonl(b, &line);
	if (ingest_record(n->check, n->io->cmd, b->line, 1, line.buf,
			  line.len - 1, &checked, &r2) == 1) {
		n->read++;
		n->accepted++;
		strbuf_add(&n->io->obuf, line.buf, line.len);
		bulletin_release(&checked);
	} else {
		count_reject(n, &r2);
	}
	strbuf_release(&line);
	bulletin_release(b);
	return 0;
}

static int read_file(const char *path, struct strbuf *sb, struct diag *d)
{
	struct line_reader *lr;
	char *line;
	size_t len;
	int rc;

	if (line_reader_open(&lr, path, (size_t)64 << 20, d) < 0)
		return -1;
	while ((rc = line_reader_next(lr, &line, &len, d)) > 0) {
		if (rc == 2) {
			diag_set(d, path, line_reader_lineno(lr), 0, NULL,
				 "line of %zu bytes is too long for a feed", len);
			rc = -1;
			break;
		}
		strbuf_add(sb, line, len);
		strbuf_addch(sb, '\n');
	}
	line_reader_close(lr);
	return rc < 0 ? -1 : 0;
}

static int normalise_files(struct normalise *n, char **paths, int npaths,
			   const struct feed_options *opts, struct diag *d)
{
	struct strbuf text = STRBUF_INIT;
	int rc = 0;

	for (int i = 0; i < npaths && rc == 0; i++) {
		strbuf_reset(&text);
		rc = read_file(paths[i], &text, d);
		if (rc == 0)
			feed_parse(text.buf ? text.buf : "", text.len, paths[i],
				   opts, on_entry, n);
	}
	strbuf_release(&text);
	return rc;
}

int cmd_normalise(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "date", required_argument, NULL, 'd' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct corpus_io io = CORPUS_IO_INIT("normalise");
	struct feed_options opts = { NULL };
	struct normalise n;
	struct diag d;
	int c, strict = 0, ok;

	while ((c = getopt_long(argc, argv, ":o:r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': io.out_path = optarg; break;
		case 'r': io.rejects_path = optarg; break;
		case 's': strict = 1; break;
		case 'h': return cli_help("normalise");
		case 'd':
			if (!date_valid(optarg))
				return cli_usage_error("normalise", "--date: expected "
					"a real date YYYY-MM-DD, got '%s'", optarg);
			opts.default_date = optarg;
			break;
		default: return cli_bad_option("normalise", c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("normalise", "no feed given ('-' reads stdin)");
	memset(&n, 0, sizeof(n));
	n.io = &io;
	n.check = ingest_new(NULL);
	diag_clear(&d);
	ok = outfile_open(&io.out, io.out_path, &d) == 0 &&
	     (!io.rejects_path || outfile_open(&io.rej, io.rejects_path, &d) == 0) &&
	     normalise_files(&n, argv + optind, argc - optind, &opts, &d) == 0 &&
	     fwrite(io.obuf.buf ? io.obuf.buf : "", 1, io.obuf.len, io.out.fp) == io.obuf.len &&
	     (!io.rej.fp || fwrite(io.rbuf.buf ? io.rbuf.buf : "", 1, io.rbuf.len,
				    io.rej.fp) == io.rbuf.len) &&
	     (!io.rej.fp || outfile_commit(&io.rej, &d) == 0) &&
	     outfile_commit(&io.out, &d) == 0;
	ingest_free(n.check);
	strbuf_release(&io.obuf);
	strbuf_release(&io.rbuf);
	if (!ok) {
		if (!d.set)
			diag_set(&d, io.out_path, 0, 0, NULL, "cannot write: %s",
				 strerror(errno));
		outfile_abort(&io.out);
		outfile_abort(&io.rej);
		cli_error("normalise", &d);
		return TALLY_EXIT_IO;
	}
	io.acct.read = n.read;
	io.acct.accepted = n.accepted;
	io.acct.rejected = n.rejected;
	memcpy(io.acct.by_reason, n.by_reason, sizeof(n.by_reason));
	cli_print_account("normalise", &io.acct);
	return strict && n.rejected ? TALLY_EXIT_REJECTED : TALLY_EXIT_OK;
}
