/* cmd_report.c - `tally report` (not written yet). */
#include <stdio.h>

#include "tally/cli.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tally report: not implemented yet\n");
	return TALLY_EXIT_IO;
}
