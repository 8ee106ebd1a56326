/* main.c — neurona-cli: the training core from a terminal. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli.h"

static void
usage (FILE *out)
{
  fputs ("Usage: neurona-cli COMMAND [OPTION…]\n"
         "\n"
         "Commands:\n"
         "  train   Train a dense network on MNIST or Fashion-MNIST\n"
         "  fit     Fit a polynomial to a curve by gradient descent\n"
         "\n"
         "Run 'neurona-cli COMMAND --help' for a command's options.\n",
         out);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      usage (stderr);
      return 2;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "train") == 0)
    return nr_cli_train (argc - 1, argv + 1);
  if (strcmp (argv[1], "fit") == 0)
    return nr_cli_fit (argc - 1, argv + 1);

  fprintf (stderr, "neurona-cli: unknown command “%s”\n", argv[1]);
  usage (stderr);
  return 2;
}
