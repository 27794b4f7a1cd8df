/* cmd_extract.c - `tally extract` (not written yet). */
#include <stdio.h>

#include "tally/cli.h"

int cmd_extract(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tally extract: not implemented yet\n");
	return TALLY_EXIT_IO;
}
