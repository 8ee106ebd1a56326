/* cli-fit.c — being written. */
#include "cli.h"
#include <stdio.h>
int
nr_cli_fit (int argc, char **argv)
{
  fputs ("not yet\n", stderr);
  return 2;
}
