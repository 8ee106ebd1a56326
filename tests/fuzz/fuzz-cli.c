/* fuzz-cli.c — libFuzzer harness for neurona-cli's option parsing (train and fit).
 *
 * The input is split at newlines into arguments; the first byte chooses the command
 * (even: train, odd: fit). Whatever the arguments, the command must return an exit status
 * (0, 1, 2, 3) with no crash, leak or sanitizer report. So that a case stays fast:
 *   train gets "--data-dir /nonexistent…" appended, so it stops at the data lookup (exit 1)
 *         once the options are accepted, before any training;
 *   fit   gets "--iterations 1" appended (up to 1,000,000 points stay cheap).
 * Inputs that ask for --help (which exits the process) or that hold "--" (after which the
 * appended limits would not be options) are skipped.
 *
 * Build and run: see .ci/sanitize-fuzz (meson option -Dfuzzing=true, CC=clang).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

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
  gboolean fit;
  int status;

  if (size < 1 || memchr (data, '\0', size) != NULL)
    return 0;
  fit = data[0] & 1;
  text = g_strndup ((const char *) data + 1, size - 1);
  parts = g_strsplit (text, "\n", MAX_ARGS);

  g_ptr_array_add (args, (gpointer) (fit ? "fit" : "train"));
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (asks_for_help (parts[i]))
        return 0;
      g_ptr_array_add (args, parts[i]);
    }
  if (fit)
    {
      g_ptr_array_add (args, (gpointer) "--iterations");
      g_ptr_array_add (args, (gpointer) "1");
    }
  else
    {
      g_ptr_array_add (args, (gpointer) "--data-dir");
      g_ptr_array_add (args, (gpointer) "/nonexistent-neurona-fuzz");
    }
  g_ptr_array_add (args, NULL);

  /* The commands may reorder or drop argv entries (GOption): give them a copy. */
  {
    g_auto (GStrv) argv = g_strdupv ((char **) args->pdata);
    g_autofree char **view = g_memdup2 (argv, sizeof (char *) * args->len);
    int argc = (int) args->len - 1;

    status = fit ? nr_cli_fit (argc, view) : nr_cli_train (argc, view);
  }
  fflush (stdout);
  g_assert (status >= 0 && status <= 3);
  if (!fit)
    g_assert (status == 1 || status == 2);
  return 0;
}
