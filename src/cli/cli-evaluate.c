/* cli-evaluate.c — `neurona-cli evaluate RUN`: a saved run's weights on the test images
 * again, with the confusion matrix. The same code evaluates as during training, so on the
 * same images and kernel path the figures are the run's own, bit for bit. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "neurona/neurona.h"

/* nr_kernels_force: internal to the core, on the CLI's include path (core_dep). */
#include "kernels.h"

typedef struct
{
  const NrRunRecord *record; /* borrowed */
  const NrDataset *dataset;  /* borrowed */
  guint n_test;              /* images evaluated: the first n_test of the test set */
  guint n_classes;           /* rows of confusion */
  guint outputs;             /* columns of confusion */
  double loss, accuracy;
  guint64 *confusion; /* (n_classes, outputs): row = true class, column = predicted */
} Evaluation;

static guint64
row_sum (const Evaluation *e, guint c)
{
  guint64 sum = 0;

  for (guint j = 0; j < e->outputs; j++)
    sum += e->confusion[(gsize) c * e->outputs + j];
  return sum;
}

/* Of the images of class c, the share predicted as c; NAN when the class has none. */
static double
class_accuracy (const Evaluation *e, guint c)
{
  guint64 n = row_sum (e, c);

  return n > 0 ? (double) e->confusion[(gsize) c * e->outputs + c] / (double) n : NAN;
}

/* text and spaces up to width characters ("Pantalón" is 8 characters in 9 bytes). */
static char *
pad_to (const char *text, gsize width)
{
  gsize len = (gsize) g_utf8_strlen (text, -1);

  return g_strdup_printf ("%s%*s", text, (int) (width - MIN (width, len)), "");
}

static void
print_text (const Evaluation *e)
{
  const NrRunRecord *r = e->record;
  const NrDatasetInfo *info = nr_dataset_info (e->dataset->id);
  g_autofree char *id = g_filename_display_name (r->id);
  g_autofree char *directory = g_filename_display_name (e->dataset->directory);
  g_autofree char *n_test = nr_format_count (e->n_test);
  g_autofree char *n_all = nr_format_count (e->dataset->test->n);
  g_autofree char *name = nr_cli_run_display_name (r);
  /* Translators: "1,000 of 10,000" (images) */
  g_autofree char *images = e->n_test < e->dataset->test->n
                              ? g_strdup_printf (_("%s of %s"), n_test, n_all)
                              : g_strdup (n_test);
  double run_accuracy = nr_run_record_get_test_accuracy (r);
  double run_loss = nr_run_record_get_test_loss (r);
  guint64 correct = 0;
  gsize name_width = 0;
  char loss[NR_CLI_LOSS_BUF];

  for (guint c = 0; c < e->n_classes; c++)
    {
      correct += e->confusion[(gsize) c * e->outputs + c];
      name_width = MAX (name_width, (gsize) g_utf8_strlen (_(info->class_names[c]), -1));
    }

  printf (_("Run %s: %s\n"), id, name);
  /* Translators: "Evaluated on 1,000 of 10,000 Fashion-MNIST test images from the committed
   * subset (data/subset/fashion)" */
  printf (_("Evaluated on %s %s test images from %s (%s)\n"), images, _(info->title),
          _(nr_data_source_describe (e->dataset->source)), directory);
  printf (_("Test loss: %s\n"), nr_cli_format_loss (loss, e->loss));
  printf (_("Test accuracy: %.4f (%llu of %u)\n"), e->accuracy, (unsigned long long) correct,
          e->n_test);
  if (!isnan (run_accuracy))
    printf (_("The run's own, after its last epoch: loss %s, accuracy %.4f\n"),
            nr_cli_format_loss (loss, run_loss), run_accuracy);

  printf (_("\nPer class (of the images of each class, the share predicted as it):\n"));
  for (guint c = 0; c < e->n_classes; c++)
    {
      double a = class_accuracy (e, c);
      g_autofree char *class_name = pad_to (_(info->class_names[c]), name_width);

      if (isnan (a))
        printf (_("  %2u %s  -      (no test image)\n"), c, class_name);
      else
        printf (_("  %2u %s  %.4f (%llu of %llu)\n"), c, class_name, a,
                (unsigned long long) e->confusion[(gsize) c * e->outputs + c],
                (unsigned long long) row_sum (e, c));
    }

  printf (_("\nConfusion matrix (rows: true class, columns: predicted):\n"));
  printf ("    ");
  for (guint j = 0; j < e->outputs; j++)
    printf (" %5u", j);
  printf ("\n");
  for (guint c = 0; c < e->n_classes; c++)
    {
      printf ("  %2u", c);
      for (guint j = 0; j < e->outputs; j++)
        printf (" %5" G_GUINT64_FORMAT, e->confusion[(gsize) c * e->outputs + j]);
      printf ("\n");
    }
}

static void
print_json (const Evaluation *e)
{
  const NrRunRecord *r = e->record;
  const NrDatasetInfo *info = nr_dataset_info (e->dataset->id);
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  nr_cli_json_path (b, "run_id", r->id);
  nr_cli_json_path (b, "run_dir", r->dir);
  nr_cli_json_string (b, "name", r->name);
  nr_cli_json_string (b, "dataset", info->name);
  nr_cli_json_string (b, "data_source", nr_data_source_describe (e->dataset->source));
  nr_cli_json_path (b, "data_dir", e->dataset->directory);
  nr_cli_json_int (b, "test_size", e->n_test);
  nr_cli_json_string (b, "kernels", nr_kernels_describe ());
  nr_cli_json_double (b, "test_loss", e->loss);
  nr_cli_json_double (b, "test_accuracy", e->accuracy);
  nr_cli_json_double (b, "run_test_loss", nr_run_record_get_test_loss (r));
  nr_cli_json_double (b, "run_test_accuracy", nr_run_record_get_test_accuracy (r));
  json_builder_set_member_name (b, "class_names");
  json_builder_begin_array (b);
  for (guint c = 0; c < e->n_classes; c++)
    json_builder_add_string_value (b, info->class_names[c]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "confusion");
  json_builder_begin_array (b);
  for (guint c = 0; c < e->n_classes; c++)
    {
      json_builder_begin_array (b);
      for (guint j = 0; j < e->outputs; j++)
        json_builder_add_int_value (b, (gint64) e->confusion[(gsize) c * e->outputs + j]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "per_class_accuracy");
  json_builder_begin_array (b);
  for (guint c = 0; c < e->n_classes; c++)
    nr_cli_json_double (b, NULL, class_accuracy (e, c));
  json_builder_end_array (b);
  json_builder_end_object (b);
  nr_cli_print_json (b, FALSE);
}

/* Whether the data file of `kind` is the one the run was trained or tested on (TRUE when
 * either hash is unknown). */
static gboolean
same_file (const NrRunRecord *record, const NrDataset *dataset, NrDataFileKind kind)
{
  const char *recorded = record->provenance.files[kind].sha256;
  const char *now = dataset->files[kind].sha256;

  return recorded == NULL || now == NULL || g_ascii_strcasecmp (recorded, now) == 0;
}

static int
evaluate (const char *what, const char *runs_dir_option, const char *data_dir,
          const char *kernels, gboolean json)
{
  g_autofree char *runs_dir = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (NrDataset) dataset = NULL;
  g_autoptr (NrImageSet) test = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guint64 *confusion = NULL;
  const NrDatasetInfo *info;
  const NrModelSpec *spec;
  Evaluation e = { 0 };
  int status = NR_CLI_EXIT_OK;

  if (data_dir != NULL && data_dir[0] == '\0')
    return nr_cli_usage_error (_("--data-dir needs a folder name"));
  if ((runs_dir = nr_cli_runs_dir (runs_dir_option, &status)) == NULL)
    return status;
  if (kernels != NULL && !nr_cli_use_kernels (kernels, &status))
    return status;
  if ((record = nr_cli_find_run (runs_dir, what, &status)) == NULL)
    return status;

  weights = nr_run_load_weights (record, &error);
  if (weights == NULL)
    return nr_cli_error (NR_CLI_EXIT_DATA, _("cannot evaluate: %s"), error->message);
  spec = nr_weights_get_spec (weights);

  dataset = nr_dataset_load (record->dataset, data_dir, &error);
  if (dataset == NULL)
    return nr_cli_error (NR_CLI_EXIT_DATA, "%s", error->message);
  info = nr_dataset_info (record->dataset);
  if (dataset->test->rows * dataset->test->cols != spec->input_size)
    return nr_cli_error (NR_CLI_EXIT_DATA,
                         _("the test images have %u pixels; the run's network reads %u"),
                         dataset->test->rows * dataset->test->cols, spec->input_size);
  if (nr_image_set_max_label (dataset->test) >= info->n_classes
      || spec->outputs < info->n_classes)
    return nr_cli_error (NR_CLI_EXIT_DATA,
                         _("the test labels go up to %u; the run's network has %u outputs for "
                           "%u classes"),
                         nr_image_set_max_label (dataset->test), spec->outputs,
                         info->n_classes);

  /* The images the run was tested on: the first test_size. */
  e.n_test = dataset->test->n;
  if (record->test_size > 0 && record->test_size < dataset->test->n)
    e.n_test = record->test_size;
  else if (record->test_size > dataset->test->n)
    {
      g_autofree char *had = nr_format_count (record->test_size);
      g_autofree char *has = nr_format_count (dataset->test->n);

      nr_cli_warning (_("the run was tested on %s images, this data has %s: the figures will "
                        "differ from the run's"),
                      had, has);
    }
  if (!same_file (record, dataset, NR_DATA_TEST_IMAGES)
      || !same_file (record, dataset, NR_DATA_TEST_LABELS))
    nr_cli_warning (_("these test files are not the ones the run was tested on (their SHA-256 "
                      "differ): the figures will differ from the run's"));
  test = nr_image_set_new_head (dataset->test, e.n_test);

  e.record = record;
  e.dataset = dataset;
  e.n_classes = info->n_classes;
  e.outputs = spec->outputs;
  confusion = g_new0 (guint64, (gsize) e.n_classes * e.outputs);
  e.confusion = confusion;
  nr_weights_evaluate (weights, test, record->config.normalize, e.n_classes, &e.loss,
                       &e.accuracy, e.confusion);

  if (json)
    print_json (&e);
  else
    print_text (&e);
  return NR_CLI_EXIT_OK;
}

int
nr_cli_evaluate (int argc, char **argv)
{
  g_autofree char *runs_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *kernels = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("Read the IDX files from DIR only (default: looked up as train does)"), "DIR" },
    { "runs-dir", 0, 0, G_OPTION_ARG_FILENAME, &runs_dir,
      N_("Look RUN up in DIR (default $NEURONA_RUNS_DIR, else ~/.local/share/neurona/runs)"), "DIR" },
    { "kernels", 0, 0, G_OPTION_ARG_STRING, &kernels, NR_CLI_KERNELS_OPTION, "PATH" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print JSON instead: test_loss, test_accuracy, confusion (rows = true class, columns = "
         "predicted, counts), per_class_accuracy, and the run's own figures"),
      NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autofree char *kernels_note = nr_cli_kernels_note ();
  /* Translators: the first %s is the paragraph about RUN, the second the one about
   * --kernels. */
  g_autofree char *description = g_strdup_printf (
    _("Loads a saved run's weights (model.safetensors) and evaluates them on the test images\n"
      "the run was tested on (the first test_size of its dataset's test set): the test loss\n"
      "and accuracy, equal to the run's own to float rounding (bit for bit on the same data\n"
      "and kernel path), per-class accuracy and the confusion matrix.\n"
      "\n"
      "%s\n"
      "%s\n"
      "\n"
      "Exit status: 0 success; 1 a run, model file or data file that cannot be read or is not\n"
      "valid (a truncated or corrupt model.safetensors, a run saved without weights), or\n"
      "output that could not be written; 2 bad options, or a RUN that names no run or "
      "several."),
    _(NR_CLI_RUN_HELP), kernels_note);
  g_auto (GStrv) args = NULL;
  int status = NR_CLI_EXIT_OK;

  if (nr_cli_parse_options ("evaluate", _("RUN - evaluate a saved run on the test images"),
                            description, entries, argc, argv, &args, &status))
    {
      if (args[0] == NULL)
        status = nr_cli_usage_error (_("evaluate needs a RUN: a run's id, its name or its "
                                       "folder (see neurona-cli runs list)"));
      else if (args[1] != NULL)
        status = nr_cli_usage_error (_("unexpected argument “%s” (see neurona-cli evaluate "
                                       "--help)"),
                                     args[1]);
      else
        status = evaluate (args[0], runs_dir, data_dir, kernels, json);
    }
  /* Back to the best path: the command may run again in this process (the fuzzer). */
  nr_kernels_force (NR_KERNELS_AUTO);
  return status;
}
