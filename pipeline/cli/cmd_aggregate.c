/* cmd_aggregate.c - `tally aggregate` (not written yet). */
#include <stdio.h>

#include "tally/cli.h"

int cmd_aggregate(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tally aggregate: not implemented yet\n");
	return TALLY_EXIT_IO;
}
