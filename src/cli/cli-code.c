/* cli-code.c — `neurona-cli code`: the Keras or PyTorch script for a set of train options.
 *
 * Exit status: 0 success, 1 the script could not be written, 2 bad options or impossible
 * settings.
 */
#include <stdio.h>

#include <glib.h>

#include "cli.h"
#include "neurona/codegen.h"
#include "neurona/neurona.h"

typedef struct
{
  NrCliTrainSettings settings;
  char *framework;
  char *output;
} Options;

static void
options_clear (Options *o)
{
  nr_cli_train_settings_clear (&o->settings);
  g_free (o->framework);
  g_free (o->output);
}

static const char description[] =
  N_("Prints the Python that trains the same network as `neurona-cli train` with the same\n"
     "options: for Keras in the tutorial's own style (tf.keras.Sequential, compile, fit,\n"
     "evaluate), or for PyTorch (nn.Sequential and a training loop). The layers, activations,\n"
     "dropout, optimizer and its parameters, batch size, epochs, pixel scaling, seed and image\n"
     "limits are those of the options; the script reads the IDX files with NumPy from the\n"
     "folder given as its first argument and ends by printing \"Test accuracy: X\", within a\n"
     "point or two of Neurona's (each framework draws its own random numbers).\n"
     "\n"
     "The train options that do not change what is trained (--data-dir, --kernels,\n"
     "--runs-dir, --no-save, --json, --quiet) are not taken; --threads is, and changes\n"
     "nothing in the script.\n"
     "\n"
     "Exit status: 0 success; 1 the file could not be written (or standard output); 2 bad\n"
     "options or impossible settings.\n"
     "\n"
     "Example: neurona-cli code --framework pytorch --dropout 0.2 -o neurona_fashion_pytorch.py\n"
     "         python3 neurona_fashion_pytorch.py data/subset/fashion");

static int
code (const Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *script = NULL;
  NrCodegenFramework framework = NR_CODEGEN_KERAS;
  NrTrainConfig config;
  NrDatasetId dataset_id;
  int status = NR_CLI_EXIT_OK;

  if (o->framework != NULL && !nr_codegen_framework_from_name (o->framework, &framework))
    return nr_cli_usage_error (_("unknown framework “%s” (choose keras or pytorch)"),
                               o->framework);
  if (o->output != NULL && o->output[0] == '\0')
    return nr_cli_usage_error (_("--output needs a file name"));
  if (!nr_cli_train_settings_build (&o->settings, &dataset_id, &config, &status))
    return status;

  script = nr_codegen (framework, dataset_id, &config, &error);
  if (script == NULL)
    return nr_cli_usage_error ("%s", error->message);

  if (o->output != NULL)
    {
      /* Atomically: a file that was there stays whole until the new one replaces it. */
      if (!g_file_set_contents (o->output, script, -1, &error))
        {
          g_autofree char *name = g_filename_display_name (o->output);

          return nr_cli_error (NR_CLI_EXIT_IO, _("the script was not written to %s: %s"), name,
                               error->message);
        }
      return NR_CLI_EXIT_OK;
    }
  fputs (script, stdout);
  if (!nr_cli_flush_stdout ())
    return NR_CLI_EXIT_IO; /* main reports it at exit: "cannot write to standard output: …" */
  return NR_CLI_EXIT_OK;
}

int
nr_cli_code (int argc, char **argv)
{
  Options o = { 0 };
  const GOptionEntry own[] = {
    { "framework", 0, 0, G_OPTION_ARG_STRING, &o.framework, N_("keras or pytorch (default keras)"),
      "NAME" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output,
      N_("Write the script to FILE instead of standard output"), "FILE" },
    G_OPTION_ENTRY_NULL,
  };
  g_autofree GOptionEntry *entries = nr_cli_train_settings_entries (&o.settings, own);
  g_auto (GStrv) args = NULL;
  int status = NR_CLI_EXIT_OK;

  if (nr_cli_parse_options ("code", _("- the Python script for these settings"), _(description),
                            entries, argc, argv, &args, &status))
    {
      if (args[0] != NULL)
        status = nr_cli_usage_error (_("unexpected argument “%s” (see neurona-cli code --help)"),
                                     args[0]);
      else
        status = code (&o);
    }
  options_clear (&o);
  return status;
}
