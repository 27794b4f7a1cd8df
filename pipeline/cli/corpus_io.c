/* corpus_io.c - the read-validate-write loop of ingest and extract. */
#include <errno.h>
#include <string.h>

#include "tally/cli.h"
#include "corpus_io.h"

#define FLUSH_AT (1u << 20)
#define SHOW_REJECTS 10

int corpus_io_copy_bulletin(struct corpus_io *io, const struct bulletin *b,
			    void *ctx, struct diag *d)
{
	(void)ctx;
	(void)d;
	bulletin_write_jsonl(b, &io->obuf);
	return 0;
}

/* Writes out the output buffer once it holds more than FLUSH_AT bytes. */
int corpus_io_flush(struct corpus_io *io, struct diag *d)
{
	return io->obuf.len > FLUSH_AT ? outfile_put(&io->out, &io->obuf, d) : 0;
}

void corpus_io_note_reject(struct corpus_io *io, const struct reject *rj)
{
	char buf[1024];

	if (io->rejects_path)
		return;
	if (io->shown++ < SHOW_REJECTS)
		fprintf(stderr, "tally %s: rejected: %s (%s)\n", io->cmd,
			diag_format(&rj->where, buf, sizeof(buf)),
			reject_reason_name(rj->reason));
}

static int read_all(struct corpus_io *io, struct ingest *in, char **paths,
		    int npaths, corpus_fn fn, void *ctx, struct diag *d)
{
	struct bulletin b;
	struct reject rj;

	for (int i = 0; i < npaths; i++) {
		int rc;

		if (ingest_open(in, paths[i], d) < 0)
			return -1;
		while ((rc = ingest_next(in, &b, &rj, d)) > 0) {
			if (rc == 2) {
				if (io->rej.fp)
					reject_write_jsonl(&rj, &io->rbuf);
				corpus_io_note_reject(io, &rj);
				continue;
			}
			rc = fn(io, &b, ctx, d);
			bulletin_release(&b);
			if (rc < 0)
				return -1;
			if (corpus_io_flush(io, d) < 0 ||
			    (io->rbuf.len > FLUSH_AT && outfile_put(&io->rej, &io->rbuf, d) < 0))
				return -1;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

int corpus_io_run(struct corpus_io *io, const struct ingest_options *opts,
		  char **paths, int npaths, corpus_fn fn, void *ctx)
{
	struct ingest *in = ingest_new(opts);
	struct diag d;
	int ok;

	diag_clear(&d);
	ok = outfile_open(&io->out, io->out_path, &d) == 0 &&
	     (!io->rejects_path ||
	      outfile_open(&io->rej, io->rejects_path, &d) == 0);
	if (ok && io->header)
		strbuf_addstr(&io->obuf, io->header);
	ok = ok && read_all(io, in, paths, npaths, fn, ctx, &d) == 0 &&
	     outfile_put(&io->out, &io->obuf, &d) == 0 &&
	     outfile_put(&io->rej, &io->rbuf, &d) == 0 &&
	     (!io->rej.fp || outfile_commit(&io->rej, &d) == 0) &&
	     outfile_commit(&io->out, &d) == 0;
	io->acct = *ingest_account(in);
	ingest_free(in);
	strbuf_release(&io->obuf);
	strbuf_release(&io->rbuf);
	if (!ok) {
		outfile_abort(&io->out);
		outfile_abort(&io->rej);
		cli_error(io->cmd, &d);
		fprintf(stderr, "tally %s: no output written\n", io->cmd);
		return TALLY_EXIT_IO;
	}
	if (io->shown > SHOW_REJECTS)
		fprintf(stderr, "tally %s: ... and %ld more rejects (see "
			"--rejects FILE)\n", io->cmd, io->shown - SHOW_REJECTS);
	if (!io->quiet)
		cli_print_account(io->cmd, &io->acct);
	return TALLY_EXIT_OK;
}
