/*
 * cli.h - the subcommands and what they share.
 *
 * The CLI is the only part of tally that opens files, prints and decides
 * exit statuses; the stages below it take structs and fill structs.  Each
 * subcommand is cmd_<name>() in pipeline/cli/cmd_<name>.c, listed in the
 * table of cli.c, and parses its own options with getopt_long.
 */
#ifndef TALLY_CLI_H
#define TALLY_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "tally/diag.h"
#include "tally/ingest.h"

/* Exit statuses, the same for every subcommand. */
enum tally_exit {
	TALLY_EXIT_OK = 0,	/* the run completed (rejects included) */
	TALLY_EXIT_REJECTED = 1, /* --strict and something was rejected;
				  * or nothing to do (e.g. no data to chart) */
	TALLY_EXIT_USAGE = 2,	/* bad command line */
	TALLY_EXIT_IO = 3	/* unreadable input, unwritable output,
				 * library failure */
};

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;	/* one line for `tally --help` */
	const char *usage;	/* the full text of `tally help NAME` */
};

/* The command table, ended by a NULL name. */
extern const struct cmd tally_cmds[];

const struct cmd *cli_find(const char *name);
int cli_main(int argc, char **argv);

int cmd_ingest(int argc, char **argv);
int cmd_normalise(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_aggregate(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_chart(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_run(int argc, char **argv);

/* Prints "tally CMD: MSG" and a pointer to the help; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Reports the option getopt_long just refused (c is its '?' or ':',
 * with an optstring that starts with ':'); returns 2. */
int cli_bad_option(const char *cmd, int c, char **argv);
/* Prints the usage of cmd to stdout; returns 0. */
int cli_help(const char *cmd);
/* Prints "tally CMD: <diag>" on stderr. */
void cli_error(const char *cmd, const struct diag *d);
/* Prints "tally CMD: warning: ..." on stderr. */
void cli_warn(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Parses a size such as 1048576, 512k, 5M or 1G; -1 when invalid. */
int cli_parse_size(const char *s, size_t *out);
/* Parses a whole number in [min, max]; -1 when invalid. */
int cli_parse_long(const char *s, long min, long max, long *out);

/* Prints the ingest account ("read N, accepted A, rejected R (...)"). */
void cli_print_account(const char *cmd, const struct ingest_account *a);

/* Writes sb to an atomically replaced file (or "-"); 0 or -1 (d). */
int cli_write_file(const char *path, const struct strbuf *sb,
		   struct diag *d);
/* The same for the file NAME in the folder DIR. */
int cli_write_file_in(const char *dir, const char *name,
		      const struct strbuf *sb, struct diag *d);

#endif
