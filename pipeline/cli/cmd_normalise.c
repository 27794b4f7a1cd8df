/* cmd_normalise.c - `tally normalise` (not written yet). */
#include <stdio.h>

#include "tally/cli.h"

int cmd_normalise(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tally normalise: not implemented yet\n");
	return TALLY_EXIT_IO;
}
