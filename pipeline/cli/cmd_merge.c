/* cmd_merge.c - `tally merge` (not written yet). */
#include <stdio.h>

#include "tally/cli.h"

int cmd_merge(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tally merge: not implemented yet\n");
	return TALLY_EXIT_IO;
}
