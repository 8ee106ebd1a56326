/* cli-runs.c — `neurona-cli runs list|show|export`: the runs folder the lab and `train`
 * save into, from a terminal. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "neurona/neurona.h"

/* Translators: keep the subcommand names and the option names. */
static const char runs_usage[] =
  N_("Usage: neurona-cli runs SUBCOMMAND [OPTION…]\n"
     "\n"
     "The saved runs: those `neurona-cli train` and the lab save (the lab's Runs page).\n"
     "\n"
     "Subcommands:\n"
     "  list             List the runs, newest first\n"
     "  show RUN         Show a run: settings, how it ended, its history\n"
     "  export RUN --csv FILE\n"
     "                   Write a run's history as Keras' CSVLogger does\n"
     "\n"
     "RUN is a run's folder, its id (or the start of it), or its name.\n"
     "The runs folder is --runs-dir DIR, else $NEURONA_RUNS_DIR, else\n"
     "~/.local/share/neurona/runs.\n"
     "\n"
     "Run 'neurona-cli runs SUBCOMMAND --help' for a subcommand's options.\n");

/* The last paragraph of `runs show --help` and `runs export --help` (marked: show it
 * through _()). */
#define EXIT_STATUS_HELP                                                                      \
  N_("Exit status: 0 success; 1 a run or its folder that cannot be read or is not valid, or\n" \
     "output that could not be written; 2 bad options, or a RUN that names no run or\n"        \
     "several (stderr lists their ids).")

/* "2026-12-01 22:35" in local time, as `ls -l` shows times. */
static char *
format_local_time (gint64 unix_seconds, gboolean with_seconds)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_local (unix_seconds);

  if (t == NULL)
    return g_strdup ("?");
  return g_date_time_format (t, with_seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M");
}

static char *
format_utc_time (gint64 unix_seconds)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (unix_seconds);

  return t != NULL ? g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

/* "0.8812", or "-" when there is none. */
static char *
format_accuracy (double accuracy)
{
  return isnan (accuracy) ? g_strdup ("-") : g_strdup_printf ("%.4f", accuracy);
}

/* ---- list --------------------------------------------------------------------------- */

/* text, then spaces up to width characters (not bytes: a header may be "Épocas"), then
 * two more. */
static void
print_cell (const char *text, gsize width)
{
  gsize len = (gsize) g_utf8_strlen (text, -1);

  printf ("%s%*s  ", text, (int) (width - MIN (width, len)), "");
}

static void
list_text (GPtrArray *records, const char *runs_dir)
{
  /* Translators: the columns of `runs list`; each column is as wide as its header or its
   * widest value, whichever is wider. */
  const char *headers[] = { _("ID"),     _("Started"),   _("Dataset"), _("Status"),
                            _("Epochs"), _("Test acc."), _("Name") };
  gsize widths[G_N_ELEMENTS (headers) - 1] = { 0, 16, 7, 8, 7, 9 };

  if (records->len == 0)
    {
      g_autofree char *name = g_filename_display_name (runs_dir);

      printf (_("No runs saved in %s\n"), name);
      return;
    }
  for (guint i = 0; i < records->len; i++)
    {
      const NrRunRecord *r = records->pdata[i];
      g_autofree char *id = g_filename_display_name (r->id);

      widths[0] = MAX (widths[0], (gsize) g_utf8_strlen (id, -1));
    }
  for (guint c = 0; c < G_N_ELEMENTS (widths); c++)
    {
      widths[c] = MAX (widths[c], (gsize) g_utf8_strlen (headers[c], -1));
      print_cell (headers[c], widths[c]);
    }
  printf ("%s\n", headers[G_N_ELEMENTS (headers) - 1]);
  for (guint i = 0; i < records->len; i++)
    {
      const NrRunRecord *r = records->pdata[i];
      g_autofree char *started = format_local_time (r->start_time, FALSE);
      g_autofree char *epochs = g_strdup_printf ("%u/%u", r->history->len, r->config.epochs);
      g_autofree char *accuracy = format_accuracy (nr_run_record_get_test_accuracy (r));
      /* An id is a folder's name (a Neurona 0.1 file's may be anything): shown as text,
       * padded by characters. */
      g_autofree char *id = g_filename_display_name (r->id);
      const char *cells[] = { id,
                              started,
                              nr_dataset_info (r->dataset)->name,
                              nr_train_status_name (r->status),
                              epochs,
                              accuracy };

      g_autofree char *name = nr_cli_run_display_name (r);

      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        print_cell (cells[c], widths[c]);
      printf ("%s\n", name);
    }
}

static void
list_json (GPtrArray *records, GPtrArray *file_errors, const char *runs_dir)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  nr_cli_json_path (b, "runs_dir", runs_dir);
  json_builder_set_member_name (b, "runs");
  json_builder_begin_array (b);
  for (guint i = 0; i < records->len; i++)
    {
      const NrRunRecord *r = records->pdata[i];
      g_autofree char *started = format_utc_time (r->start_time);

      json_builder_begin_object (b);
      nr_cli_json_path (b, "id", r->id);
      nr_cli_json_string (b, "name", r->name);
      nr_cli_json_path (b, "dir", r->dir);
      nr_cli_json_path (b, "legacy_file", r->legacy_path);
      nr_cli_json_string (b, "dataset", nr_dataset_info (r->dataset)->name);
      nr_cli_json_string (b, "status", nr_train_status_name (r->status));
      nr_cli_json_string (b, "start_time", started);
      nr_cli_json_int (b, "epochs", r->config.epochs);
      nr_cli_json_int (b, "epochs_completed", r->history->len);
      nr_cli_json_int (b, "params", (gint64) r->params);
      nr_cli_json_double (b, "test_accuracy", nr_run_record_get_test_accuracy (r));
      nr_cli_json_double (b, "test_loss", nr_run_record_get_test_loss (r));
      nr_cli_json_bool (b, "has_weights", r->has_weights);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  /* Runs that could not be read: listed, never hidden behind the good ones. */
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  for (guint i = 0; i < file_errors->len; i++)
    json_builder_add_string_value (b, ((GError *) file_errors->pdata[i])->message);
  json_builder_end_array (b);
  json_builder_end_object (b);
  nr_cli_print_json (b, FALSE);
}

static int
runs_list (int argc, char **argv)
{
  g_autofree char *runs_dir_option = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "runs-dir", 0, 0, G_OPTION_ARG_FILENAME, &runs_dir_option,
      N_("The runs folder (default $NEURONA_RUNS_DIR, else ~/.local/share/neurona/runs)"), "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print JSON instead: runs_dir, runs (id, name, dir, dataset, status, start_time, epochs, "
         "epochs_completed, params, test_accuracy, test_loss, has_weights) and errors"),
      NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_auto (GStrv) args = NULL;
  g_autofree char *runs_dir = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) file_errors = NULL;
  g_autoptr (GError) error = NULL;
  int status = NR_CLI_EXIT_OK;

  if (!nr_cli_parse_options ("runs list", _("- list the saved runs"),
                             _("Lists the runs in the runs folder, newest first: id, start "
                               "(local time), dataset,\nstatus, epochs completed of those "
                               "planned, the last test accuracy, and the name.\nA run that "
                               "cannot be read is named on stderr; the others are still "
                               "listed.\n\nExit status: 0 success (also when there are no runs "
                               "yet); 1 the runs folder cannot\nbe listed, or output that could "
                               "not be written; 2 bad options."),
                             entries, argc, argv, &args, &status))
    return status;
  if (args[0] != NULL)
    return nr_cli_usage_error (_("unexpected argument “%s” (see neurona-cli runs list --help)"),
                               args[0]);
  if ((runs_dir = nr_cli_runs_dir (runs_dir_option, &status)) == NULL)
    return status;

  records = nr_run_load_all (runs_dir, &file_errors, &error);
  if (records == NULL)
    return nr_cli_error (NR_CLI_EXIT_DATA, "%s", error->message);
  for (guint i = 0; i < file_errors->len; i++)
    nr_cli_warning ("%s", ((GError *) file_errors->pdata[i])->message);
  if (json)
    list_json (records, file_errors, runs_dir);
  else
    list_text (records, runs_dir);
  return NR_CLI_EXIT_OK;
}

/* ---- show --------------------------------------------------------------------------- */

/* "784 → 128 relu, dropout 0.2 → 10" */
static char *
describe_network (const NrModelSpec *spec)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%u", spec->input_size);
  for (guint l = 0; l < spec->n_hidden; l++)
    {
      g_string_append_printf (s, " → %u %s", spec->hidden[l].units,
                              nr_activation_name (spec->hidden[l].activation));
      if (spec->hidden[l].dropout > 0)
        g_string_append_printf (s, _(", dropout %g"), (double) spec->hidden[l].dropout);
    }
  g_string_append_printf (s, " → %u", spec->outputs);
  return g_string_free (s, FALSE);
}

static char *
describe_status (const NrRunRecord *r)
{
  switch (r->status)
    {
    case NR_TRAIN_DIVERGED:
      {
        g_autofree char *reason = nr_cli_divergence_reason (r);

        return g_strdup_printf (_("diverged at epoch %u, step %u: %s"), r->diverged_epoch,
                                r->diverged_step, reason);
      }
    case NR_TRAIN_CANCELLED:
      return g_strdup_printf (_("stopped after %u of %u epochs"), r->history->len,
                              r->config.epochs);
    case NR_TRAIN_COMPLETED:
    default:
      return g_strdup_printf (_("finished, %u of %u epochs"), r->history->len, r->config.epochs);
    }
}

static void
show_text (const NrRunRecord *r)
{
  const NrTrainConfig *c = &r->config;
  const NrRunProvenance *p = &r->provenance;
  g_autofree char *id = g_filename_display_name (r->id);
  g_autofree char *where = g_filename_display_name (r->dir != NULL ? r->dir : r->legacy_path);
  g_autofree char *started = format_local_time (r->start_time, TRUE);
  g_autofree char *status = describe_status (r);
  g_autofree char *network = describe_network (&c->model);
  g_autofree char *params = nr_format_count (r->params);
  g_autofree char *train_size = nr_format_count (r->train_size);
  g_autofree char *test_size = nr_format_count (r->test_size);
  g_autofree char *accuracy = format_accuracy (nr_run_record_get_test_accuracy (r));
  g_autofree char *name = nr_cli_run_display_name (r);
  char loss[NR_CLI_LOSS_BUF];

  /* Translators: the labels of `runs show` are padded to 12 columns, the values aligned
   * after them; keep them so. */
  printf (_("Run %s: %s\n"), id, name);
  printf (_("Folder:     %s\n"), where);
  if (r->note != NULL && r->note[0] != '\0')
    {
      g_autofree char *note = g_strdelimit (g_strdup (r->note), "\n", ' ');

      printf (_("Note:       %s\n"), note);
    }
  printf (_("Started:    %s, took %.1f s\n"), started, r->seconds);
  printf (_("Status:     %s\n"), status);
  if (r->epochs_at_chance > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "            %u epoch ended at chance accuracy\n",
                         "            %u epochs ended at chance accuracy\n",
                         r->epochs_at_chance),
            r->epochs_at_chance);
  printf (_("Dataset:    %s, %s train / %s test images\n"),
          _(nr_dataset_info (r->dataset)->title), train_size, test_size);
  if (p->data_source != NULL)
    printf (_("Data:       %s (%s)\n"), _(p->data_source), p->data_dir != NULL ? p->data_dir : "?");
  printf (_("Network:    %s (%s parameters)\n"), network, params);
  printf (_("Training:   %s, learning rate %g"), nr_optimizer_name (c->optimizer.kind),
          (double) c->optimizer.learning_rate);
  if (c->optimizer.kind == NR_OPTIMIZER_SGD && c->optimizer.momentum > 0)
    printf (_(", momentum %g"), (double) c->optimizer.momentum);
  /* Translators: %s is "normalised" or "unscaled (0…255)" */
  printf (_("; batch size %u; %s inputs; seed %llu\n"), c->batch_size,
          c->normalize ? _("normalised") : _("unscaled (0…255)"), (unsigned long long) c->seed);
  printf (_("Test:       accuracy %s, loss %s\n"), accuracy,
          isnan (nr_run_record_get_test_loss (r))
            ? "-"
            : nr_cli_format_loss (loss, nr_run_record_get_test_loss (r)));
  if (r->has_weights)
    printf (_("Weights:    %s\n"), NR_RUN_WEIGHTS_FILE);
  else
    printf (_("Weights:    none%s\n"),
            r->legacy_path != NULL ? _(" (Neurona 0.1 kept only settings and history)") : "");
  if (p->neurona_version != NULL)
    printf (_("Made by:    Neurona %s, kernels %s\n"), p->neurona_version,
            p->kernels != NULL ? p->kernels : "?");

  if (r->history->len == 0)
    return;
  printf ("\nEpoch  Loss        Accuracy  Test loss   Test accuracy  Seconds\n");
  for (guint i = 0; i < r->history->len; i++)
    {
      const NrEpochRecord *e = &g_array_index (r->history, NrEpochRecord, i);
      char test_loss[NR_CLI_LOSS_BUF];
      g_autofree char *test_accuracy = format_accuracy (e->test_accuracy);

      printf ("%5u  %-10s  %-8.4f  %-10s  %-13s  %.2f\n", i + 1,
              nr_cli_format_loss (loss, e->train_loss), e->train_accuracy,
              isnan (e->test_loss) ? "-" : nr_cli_format_loss (test_loss, e->test_loss),
              test_accuracy, e->seconds);
    }
}

/* run.json's object (one source for what a run is), with where it lives. */
static gboolean
show_json (const NrRunRecord *r, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *json = nr_run_record_to_json (r, NULL);
  g_autofree char *dir = r->dir != NULL ? g_filename_display_name (r->dir) : NULL;
  g_autofree char *legacy = r->legacy_path != NULL ? g_filename_display_name (r->legacy_path)
                                                   : NULL;
  g_autofree char *id = g_filename_display_name (r->id);
  JsonObject *object;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  /* The folder's name is the run's id, whatever run.json says. */
  json_object_set_string_member (object, "id", id);
  if (dir != NULL)
    json_object_set_string_member (object, "dir", dir);
  else
    json_object_set_null_member (object, "dir");
  if (legacy != NULL)
    json_object_set_string_member (object, "legacy_file", legacy);
  else
    json_object_set_null_member (object, "legacy_file");
  nr_cli_print_json_node (json_parser_get_root (parser), FALSE);
  return TRUE;
}

static int
runs_show (int argc, char **argv)
{
  g_autofree char *runs_dir_option = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "runs-dir", 0, 0, G_OPTION_ARG_FILENAME, &runs_dir_option,
      N_("Look RUN up in DIR (default $NEURONA_RUNS_DIR, else ~/.local/share/neurona/runs)"), "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the run as JSON instead: its run.json, with dir (its folder) and legacy_file"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_auto (GStrv) args = NULL;
  g_autofree char *runs_dir = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  int status = NR_CLI_EXIT_OK;

  g_autofree char *description
    = g_strdup_printf ("%s\n\n%s\n%s",
                       _("Shows a run: its settings, data, how it ended, where it came from, "
                         "and its history\nepoch by epoch."),
                       _(NR_CLI_RUN_HELP), _(EXIT_STATUS_HELP));

  if (!nr_cli_parse_options ("runs show", _("RUN - show a saved run"), description, entries,
                             argc, argv, &args, &status))
    return status;
  if (args[0] == NULL)
    return nr_cli_usage_error (_("runs show needs a RUN: a run's id, its name or its folder "
                                 "(see neurona-cli runs list)"));
  if (args[1] != NULL)
    return nr_cli_usage_error (_("unexpected argument “%s” (see neurona-cli runs show --help)"),
                               args[1]);
  if ((runs_dir = nr_cli_runs_dir (runs_dir_option, &status)) == NULL)
    return status;
  if ((record = nr_cli_find_run (runs_dir, args[0], &status)) == NULL)
    return status;

  if (!json)
    show_text (record);
  else if (!show_json (record, &error))
    return nr_cli_error (NR_CLI_EXIT_DATA, "%s", error->message);
  return NR_CLI_EXIT_OK;
}

/* ---- export ------------------------------------------------------------------------- */

/* Writes data to path as a shell redirection would (so a device or a pipe works too). A
 * regular file left half-written is removed: no CSV is better than a cut one. */
static gboolean
write_file (const char *path, const char *data, gsize len, GError **error)
{
  FILE *f = g_fopen (path, "wb");
  int saved_errno = 0;
  GStatBuf st;

  if (f == NULL)
    {
      saved_errno = errno;
      goto failed;
    }
  if (fwrite (data, 1, len, f) != len || fflush (f) != 0)
    saved_errno = errno != 0 ? errno : EIO;
  if (fclose (f) != 0 && saved_errno == 0)
    saved_errno = errno != 0 ? errno : EIO;
  if (saved_errno == 0)
    return TRUE;
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    g_unlink (path);

failed:
  {
    g_autofree char *name = g_filename_display_name (path);

    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                 _("cannot write %s: %s"), name, g_strerror (saved_errno));
  }
  return FALSE;
}

static int
runs_export (int argc, char **argv)
{
  g_autofree char *runs_dir_option = NULL;
  g_autofree char *csv_path = NULL;
  const GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path,
      N_("Write the history to FILE as CSV (- for standard output)"), "FILE" },
    { "runs-dir", 0, 0, G_OPTION_ARG_FILENAME, &runs_dir_option,
      N_("Look RUN up in DIR (default $NEURONA_RUNS_DIR, else ~/.local/share/neurona/runs)"), "DIR" },
    G_OPTION_ENTRY_NULL,
  };
  g_auto (GStrv) args = NULL;
  g_autofree char *runs_dir = NULL;
  g_autofree char *csv = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  int status = NR_CLI_EXIT_OK;
  gsize len;

  g_autofree char *description
    = g_strdup_printf ("%s\n\n%s\n%s",
                       _("Writes the run's history as Keras' CSVLogger does: the header\n"
                         "epoch,accuracy,loss,val_accuracy,val_loss and one row per completed "
                         "epoch, epochs\ncounted from 0 (val_* are the test set's figures)."),
                       _(NR_CLI_RUN_HELP), _(EXIT_STATUS_HELP));

  if (!nr_cli_parse_options ("runs export", _("RUN --csv FILE - write a run's history"),
                             description, entries, argc, argv, &args, &status))
    return status;
  if (args[0] == NULL)
    return nr_cli_usage_error (_("runs export needs a RUN: a run's id, its name or its folder "
                                 "(see neurona-cli runs list)"));
  if (args[1] != NULL)
    return nr_cli_usage_error (_("unexpected argument “%s” (see neurona-cli runs export "
                                 "--help)"),
                               args[1]);
  if (csv_path == NULL || csv_path[0] == '\0')
    return nr_cli_usage_error (_("runs export needs --csv FILE (- for standard output)"));
  if ((runs_dir = nr_cli_runs_dir (runs_dir_option, &status)) == NULL)
    return status;
  if ((record = nr_cli_find_run (runs_dir, args[0], &status)) == NULL)
    return status;

  csv = nr_run_record_to_csv (record, &len);
  if (strcmp (csv_path, "-") == 0)
    {
      fwrite (csv, 1, len, stdout);
      return NR_CLI_EXIT_OK; /* a failed write is reported at exit */
    }
  if (!write_file (csv_path, csv, len, &error))
    return nr_cli_error (NR_CLI_EXIT_IO, "%s", error->message);
  return NR_CLI_EXIT_OK;
}

/* ---- the command -------------------------------------------------------------------- */

int
nr_cli_runs (int argc, char **argv)
{
  const char *sub = argc >= 2 ? argv[1] : NULL;

  if (sub == NULL)
    return nr_cli_usage_error (_("runs needs a subcommand: list, show or export (see "
                                 "neurona-cli runs --help)"));
  if (strcmp (sub, "--help") == 0 || strcmp (sub, "-h") == 0 || strcmp (sub, "help") == 0)
    {
      fputs (_(runs_usage), stdout);
      return NR_CLI_EXIT_OK;
    }
  if (strcmp (sub, "list") == 0)
    return runs_list (argc - 1, argv + 1);
  if (strcmp (sub, "show") == 0)
    return runs_show (argc - 1, argv + 1);
  if (strcmp (sub, "export") == 0)
    return runs_export (argc - 1, argv + 1);
  {
    g_autofree char *word = g_strdelimit (g_strdup (sub), "\n\r", ' ');

    return nr_cli_usage_error (_("unknown runs subcommand “%s”; the subcommands are list, "
                                 "show, export"),
                               word);
  }
}
