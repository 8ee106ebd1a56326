/* fuzz-cli.c — libFuzzer harness for neurona-cli's option parsing (train, fit, evaluate,
 * runs).
 *
 * The input is split at newlines into arguments; the first byte chooses the command (its
 * value modulo 4: 0 train, 1 fit, 2 evaluate, 3 runs, whose first argument is then the
 * subcommand). Whatever the arguments, the command must return an exit status (0, 1, 2, 3)
 * with no crash, leak or sanitizer report. So that a case stays fast and touches nothing on
 * the machine:
 *   train    gets "--data-dir /nonexistent…" appended, so it stops at the data lookup
 *            (exit 1) once the options are accepted, before any training, and before it
 *            creates its runs folder;
 *   fit      gets "--iterations 1" appended (up to 1,000,000 points stay cheap);
 *   evaluate gets "--runs-dir /nonexistent…" and "--data-dir /nonexistent…" appended;
 *   runs     gets "--runs-dir /nonexistent…" appended; an input holding "--csv" is skipped
 *            (runs export would write the file it names).
 * Inputs that ask for --help (which prints the whole help) or that hold "--" (after which
 * the appended options would not be options) are skipped.
 *
 * Build and run: see .ci/sanitize-fuzz (meson option -Dfuzzing=true, CC=clang).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define NOWHERE "/nonexistent-neurona-fuzz"

/* main.c's, which the harness does not link (it has its own main). */
gboolean
nr_cli_flush_stdout (void)
{
  return fflush (stdout) == 0 && !ferror (stdout);
}

#define MAX_ARGS 24

static gboolean
asks_for_help (const char *arg)
{
  if (g_str_has_prefix (arg, "--"))
    return g_str_has_prefix (arg, "--help") || strcmp (arg, "--") == 0;
  /* Grouped short options: "-qh" is -q -h. */
  return arg[0] == '-' && (strchr (arg, 'h') != NULL || strchr (arg, '?') != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) parts = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  static const char *const commands[] = { "train", "fit", "evaluate", "runs" };
  guint command;
  int status;

  if (size < 1 || memchr (data, '\0', size) != NULL)
    return 0;
  command = data[0] % G_N_ELEMENTS (commands);
  text = g_strndup ((const char *) data + 1, size - 1);
  parts = g_strsplit (text, "\n", MAX_ARGS);

  g_ptr_array_add (args, (gpointer) commands[command]);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (asks_for_help (parts[i]) || (command == 3 && strstr (parts[i], "--csv") != NULL))
        return 0;
      g_ptr_array_add (args, parts[i]);
    }
  switch (command)
    {
    case 0:
      g_ptr_array_add (args, (gpointer) "--data-dir");
      g_ptr_array_add (args, (gpointer) NOWHERE);
      break;
    case 1:
      g_ptr_array_add (args, (gpointer) "--iterations");
      g_ptr_array_add (args, (gpointer) "1");
      break;
    case 2:
      g_ptr_array_add (args, (gpointer) "--data-dir");
      g_ptr_array_add (args, (gpointer) NOWHERE);
      /* fall through */
    default:
      g_ptr_array_add (args, (gpointer) "--runs-dir");
      g_ptr_array_add (args, (gpointer) NOWHERE);
      break;
    }
  g_ptr_array_add (args, NULL);

  /* The commands may reorder or drop argv entries (GOption): give them a copy. */
  {
    g_auto (GStrv) argv = g_strdupv ((char **) args->pdata);
    g_autofree char **view = g_memdup2 (argv, sizeof (char *) * args->len);
    int argc = (int) args->len - 1;

    switch (command)
      {
      case 0:
        status = nr_cli_train (argc, view);
        break;
      case 1:
        status = nr_cli_fit (argc, view);
        break;
      case 2:
        status = nr_cli_evaluate (argc, view);
        break;
      default:
        status = nr_cli_runs (argc, view);
        break;
      }
  }
  fflush (stdout);
  g_assert (status >= 0 && status <= 3);
  if (command == 0)
    g_assert (status == 1 || status == 2);
  return 0;
}
