/* cmd_chart.c - `tally chart` (not written yet). */
#include <stdio.h>

#include "tally/cli.h"

int cmd_chart(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tally chart: not implemented yet\n");
	return TALLY_EXIT_IO;
}
