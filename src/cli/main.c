/* main.c — neurona-cli: the training core from a terminal. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "cli.h"
#include "neurona/i18n.h"

static void
usage (FILE *out)
{
  /* Translators: keep the command names; the lines are at most 80 columns wide. */
  fputs (_("Usage: neurona-cli COMMAND [OPTION…]\n"
           "\n"
           "Commands:\n"
           "  train      Train a dense network on MNIST or Fashion-MNIST (and save the run)\n"
           "  code       Print the Keras or PyTorch script that trains the same network\n"
           "  evaluate   Evaluate a saved run on the test images: accuracy, confusion matrix\n"
           "  runs       List, show and export the saved runs (runs list|show|export)\n"
           "  fit        Fit a polynomial to a curve by gradient descent\n"
           "  sweep      Train one run per combination of settings, then a table of results\n"
           "  lessons    Check lesson files; train their steps beside the tutorial's numbers\n"
           "\n"
           "Run 'neurona-cli COMMAND --help' for a command's options.\n"
           "\n"
           "Exit status: 0 success; 1 unreadable or invalid files (data, a saved run, its\n"
           "model), a run that could not be saved, or output that could not be written; 2 bad\n"
           "options, or a RUN that names no run or several; 3 the run diverged; 130\n"
           "interrupted by Ctrl-C.\n"),
         out);
}

/* Standard output */

static gboolean stdout_failed;
static int stdout_errno; /* of the first failure; 0 when the C library did not say */

gboolean
nr_cli_flush_stdout (void)
{
  errno = 0;
  if (fflush (stdout) == 0 && !ferror (stdout))
    return TRUE;
  if (!stdout_failed)
    {
      stdout_failed = TRUE;
      stdout_errno = errno;
    }
  return FALSE;
}

/* At exit (also after GOptionContext's --help, which calls exit (0) itself): output that
 * never reached its file is a failure, not a success with nothing written. As gnulib's
 * close_stdout. */
static void
close_stdout (void)
{
  nr_cli_flush_stdout ();
  errno = 0;
  if (fclose (stdout) != 0 && !stdout_failed)
    {
      stdout_failed = TRUE;
      stdout_errno = errno;
    }
  if (!stdout_failed)
    return;
  if (stdout_errno != 0)
    fprintf (stderr, _("neurona-cli: cannot write to standard output: %s\n"),
             g_strerror (stdout_errno));
  else
    fputs (_("neurona-cli: cannot write to standard output\n"), stderr);
  _exit (NR_CLI_EXIT_IO);
}

/* A descriptor 0, 1 or 2 that the caller closed (`>&-`) would be handed to the next file
 * opened, and "standard output" would then be a data file. Hold each on /dev/null —
 * stdout read-only, so writing to it still fails with EBADF, as on the closed descriptor,
 * and the loss is reported at exit; a run that writes nothing still succeeds. */
static void
hold_closed_std_fds (void)
{
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl (fd, F_GETFD) == -1 && errno == EBADF)
      {
        int held = open ("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY);

        if (held >= 0 && held != fd)
          {
            dup2 (held, fd);
            close (held);
          }
      }
}

/* The messages in the user's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), the core's
 * included: one catalogue, as the lab's (neurona/i18n.h). Keras's words in the progress
 * lines, JSON keys and option names stay as they are. */
static void
bind_catalogue (void)
{
  g_autofree char *locale_dir = nr_locale_dir ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int argc, char **argv)
{
  hold_closed_std_fds ();
  atexit (close_stdout);
  bind_catalogue ();

  if (argc < 2)
    {
      fputs (_("neurona-cli: missing command; try 'neurona-cli --help'\n"), stderr);
      return NR_CLI_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      usage (stdout);
      return NR_CLI_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("neurona-cli %s\n", NR_CLI_VERSION);
      return NR_CLI_EXIT_OK;
    }
  if (strcmp (argv[1], "train") == 0)
    return nr_cli_train (argc - 1, argv + 1);
  if (strcmp (argv[1], "code") == 0)
    return nr_cli_code (argc - 1, argv + 1);
  if (strcmp (argv[1], "fit") == 0)
    return nr_cli_fit (argc - 1, argv + 1);
  if (strcmp (argv[1], "evaluate") == 0)
    return nr_cli_evaluate (argc - 1, argv + 1);
  if (strcmp (argv[1], "runs") == 0)
    return nr_cli_runs (argc - 1, argv + 1);
  if (strcmp (argv[1], "sweep") == 0)
    return nr_cli_sweep (argc - 1, argv + 1);
  if (strcmp (argv[1], "lessons") == 0)
    return nr_cli_lessons (argc - 1, argv + 1);

  {
    /* One line, whatever was typed. */
    g_autofree char *word = g_strdelimit (g_strdup (argv[1]), "\n\r", ' ');

    if (word[0] == '-')
      fprintf (stderr,
               _("neurona-cli: unknown option “%s” before the command; try 'neurona-cli "
                 "--help'\n"),
               word);
    else
      fprintf (stderr,
               _("neurona-cli: unknown command “%s”; the commands are train, code, evaluate, "
                 "runs, sweep, fit, lessons\n"),
               word);
  }
  return NR_CLI_EXIT_USAGE;
}
