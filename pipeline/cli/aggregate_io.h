/*
 * aggregate_io.h - what `tally aggregate` and `tally merge` share: the
 * account on stderr and writing the table.
 */
#ifndef TALLY_CLI_AGGREGATE_IO_H
#define TALLY_CLI_AGGREGATE_IO_H

#include "tally/aggregate.h"

/* Prints the account, unconverted currencies and late figures on stderr. */
void cli_print_aggregate_account(const char *cmd,
				 const struct aggregate_table *t);
/* Writes t as fmt ("json" or "tsv") to path; returns an exit status. */
int cli_write_aggregate(const char *cmd, const struct aggregate_table *t,
			const char *path, const char *fmt);

#endif
