/* cmd_run.c - `tally run` (not written yet). */
#include <stdio.h>

#include "tally/cli.h"

int cmd_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tally run: not implemented yet\n");
	return TALLY_EXIT_IO;
}
