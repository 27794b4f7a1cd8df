/*
 * corpus_io.h - the loop that ingest and extract share: read corpora
 * through struct ingest, hand each valid bulletin to a callback that
 * appends to the output buffer, write every reject, keep the account,
 * and commit the outputs only when the whole run could be read.
 */
#ifndef TALLY_CLI_CORPUS_IO_H
#define TALLY_CLI_CORPUS_IO_H

#include "tally/ingest.h"
#include "tally/util.h"

struct corpus_io {
	const char *cmd;
	const char *out_path;		/* default "-" */
	const char *rejects_path;	/* NULL: rejects summarised on stderr */
	const char *header;		/* written first, or NULL */
	struct outfile out, rej;
	struct strbuf obuf, rbuf;
	struct ingest_account acct;
	long shown;			/* rejects printed on stderr */
	int quiet;			/* no account on stderr */
};

#define CORPUS_IO_INIT(cmd) { (cmd), "-", NULL, NULL, { 0 }, { 0 }, \
	STRBUF_INIT, STRBUF_INIT, { 0 }, 0, 0 }

/* Appends the output for one bulletin to io->obuf; 0, or -1 to stop the
 * run (with d filled). */
typedef int (*corpus_fn)(struct corpus_io *io, const struct bulletin *b,
			 void *ctx, struct diag *d);

/* The callback of ingest: the bulletin as a canonical JSON line. */
int corpus_io_copy_bulletin(struct corpus_io *io, const struct bulletin *b,
			    void *ctx, struct diag *d);

/* Runs the loop over paths; returns an exit status (0 or 3; usage errors
 * are the caller's).  io->acct holds the account afterwards. */
int corpus_io_run(struct corpus_io *io, const struct ingest_options *opts,
		  char **paths, int npaths, corpus_fn fn, void *ctx);

/* Writes io->obuf out when it has grown large (a callback may call it
 * between the rows of one bulletin, so that memory stays bounded); 0, or
 * -1 with d filled. */
int corpus_io_flush(struct corpus_io *io, struct diag *d);

/* Prints a reject on stderr (the first few; then a count). */
void corpus_io_note_reject(struct corpus_io *io, const struct reject *rj);

#endif
