/* main.c - tally's entry point: everything else is in cli.c. */
#include "tally/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
