/* cli-train.c — being written. */
#include "cli.h"
#include <stdio.h>
int
nr_cli_train (int argc, char **argv)
{
  fputs ("not yet\n", stderr);
  return 2;
}
