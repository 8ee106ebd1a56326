/* cli-sweep.c — `neurona-cli sweep`: one run per combination of a few settings' values,
 * each saved as an ordinary run, then a table of what each gave.
 *
 * The runs go in-process, --jobs at a time, each on a worker thread of its own with the
 * dataset shared (it is immutable): a run's results depend only on its settings, so they
 * are the same whichever thread trains it and whatever runs beside it. --print-commands
 * prints the `neurona-cli train` command of every run instead, for GNU parallel or Slurm;
 * --collect gathers the runs those commands saved into the sweep's table.
 *
 * Exit status: 0 every run ended (a diverged run is a result: it is in the table); 1
 * unreadable data, a run or the sweep that could not be saved, or output that could not be
 * written; 2 bad options or impossible settings; 3 every run diverged; 130 interrupted.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "neurona/neurona.h"
#include "neurona/sweep.h"

/* nr_kernels_force: internal to the core, on the CLI's include path (core_dep). */
#include "kernels.h"
/* _nr_json_float: the shortest decimal of a float setting, as run.json writes it. */
#include "json-util.h"

#define usage_error nr_cli_usage_error

/* Ctrl-C: the runs going on stop before their next batch (those that completed an epoch
 * are saved as stopped, as `train` saves them), the runs not started yet never start. Set
 * here, read by the workers between batches: an atomic store is all a handler may do. */
static volatile sig_atomic_t interrupted;

static void
on_sigint (int signum)
{
  interrupted = 1;
  signal (signum, SIG_DFL); /* a second Ctrl-C kills as usual */
}

/* Options */

typedef struct
{
  char **vary;
  char *seeds;
  char *jobs;
  gboolean print_commands;
  char *collect;
  /* train's */
  char *dataset;
  char *data_dir;
  char *units;
  char *activation;
  char *dropout;
  char *outputs;
  char *epochs;
  char *batch_size;
  char *optimizer;
  char *learning_rate;
  char *momentum;
  char *seed;
  char *threads;
  char *train_limit;
  char *test_limit;
  char *kernels;
  char *runs_dir;
  gboolean no_normalize;
  gboolean json;
  gboolean quiet;
} Options;

static void
options_clear (Options *o)
{
  g_strfreev (o->vary);
  g_free (o->seeds);
  g_free (o->jobs);
  g_free (o->collect);
  g_free (o->dataset);
  g_free (o->data_dir);
  g_free (o->units);
  g_free (o->activation);
  g_free (o->dropout);
  g_free (o->outputs);
  g_free (o->epochs);
  g_free (o->batch_size);
  g_free (o->optimizer);
  g_free (o->learning_rate);
  g_free (o->momentum);
  g_free (o->seed);
  g_free (o->threads);
  g_free (o->train_limit);
  g_free (o->test_limit);
  g_free (o->kernels);
  g_free (o->runs_dir);
}

/* An unsigned integer in [min, max]; "abc", "-1", "1e3", "" and overflow are refused. */
static gboolean
parse_uint (const char *option, const char *text, guint64 min, guint64 max, guint64 *out,
            int *status)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (!g_ascii_string_to_unsigned (stripped, 10, min, max, out, &error))
    {
      if (g_error_matches (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        *status = usage_error (_("%s must be a whole number from %llu to %llu (got “%s”)"),
                               option, (unsigned long long) min, (unsigned long long) max, text);
      else
        *status = usage_error (_("%s expects a whole number, not “%s”"), option, text);
      return FALSE;
    }
  return TRUE;
}

/* One value of a setting, as the sweep's values are read. */
static gboolean
parse_setting (const char *option, NrSweepSetting setting, const char *text, NrSweepValue *value,
               int *status)
{
  g_autoptr (GError) error = NULL;

  if (!nr_sweep_parse_value (setting, text, value, &error))
    {
      *status = usage_error ("%s: %s", option, error->message);
      return FALSE;
    }
  return TRUE;
}

/* The train option that sets what setting varies, when it was given too. */
static const char *
option_also_given (const Options *o, NrSweepSetting setting)
{
  switch (setting)
    {
    case NR_SWEEP_UNITS:
      return o->units != NULL ? "--units" : NULL;
    case NR_SWEEP_ACTIVATION:
      return o->activation != NULL ? "--activation" : NULL;
    case NR_SWEEP_DROPOUT:
      return o->dropout != NULL ? "--dropout" : NULL;
    case NR_SWEEP_EPOCHS:
      return o->epochs != NULL ? "--epochs" : NULL;
    case NR_SWEEP_BATCH_SIZE:
      return o->batch_size != NULL ? "--batch-size" : NULL;
    case NR_SWEEP_OPTIMIZER:
      return o->optimizer != NULL ? "--optimizer" : NULL;
    case NR_SWEEP_LEARNING_RATE:
      return o->learning_rate != NULL ? "--learning-rate" : NULL;
    case NR_SWEEP_MOMENTUM:
      return o->momentum != NULL ? "--momentum" : NULL;
    case NR_SWEEP_SEED:
      return o->seed != NULL ? "--seed" : NULL;
    case NR_SWEEP_NORMALIZE:
      return o->no_normalize ? "--no-normalize" : NULL;
    case NR_SWEEP_TRAIN_LIMIT:
      return o->train_limit != NULL ? "--train-limit" : NULL;
    case NR_N_SWEEP_SETTINGS:
    default:
      return NULL;
    }
}

static gboolean
is_varied (const NrSweep *sweep, NrSweepSetting setting)
{
  for (guint a = 0; a < sweep->axes->len; a++)
    if (((NrSweepAxis *) sweep->axes->pdata[a])->setting == setting)
      return TRUE;
  return FALSE;
}

/* A per-layer option ("relu" or "relu,tanh"): one item for every hidden layer, or one per
 * layer (only one when the units are varied: the layers are not known yet). */
static char **
split_per_layer (const char *option, const char *text, guint n_hidden, gboolean units_varied,
                 guint *n_items, int *status)
{
  g_auto (GStrv) items = g_strsplit (text, ",", -1);
  guint n = g_strv_length (items);

  for (guint i = 0; i < n; i++)
    if (g_strstrip (items[i])[0] == '\0')
      {
        *status = usage_error (_("%s: empty item in “%s”"), option, text);
        return NULL;
      }
  if (n == 0)
    {
      *status = usage_error (_("%s needs a value"), option);
      return NULL;
    }
  if (units_varied && n != 1)
    {
      *status = usage_error (_("%s: give one value for every hidden layer when the units are "
                               "varied"),
                             option);
      return NULL;
    }
  if (n != 1 && n != n_hidden)
    {
      *status = usage_error (_("%s: %u values for %u hidden layers (give one for all, or one "
                               "per layer)"),
                             option, n, n_hidden);
      return NULL;
    }
  *n_items = n;
  return g_steal_pointer (&items);
}

/* The settings every run shares, from train's options, as `train` reads them. */
static gboolean
build_base (const Options *o, const NrSweep *sweep, NrDatasetId *dataset_id,
            NrTrainConfig *config, int *status)
{
  NrModelSpec *spec = &config->model;
  gboolean units_varied = is_varied (sweep, NR_SWEEP_UNITS);
  NrOptimizerKind kind = NR_OPTIMIZER_ADAM;
  NrSweepValue v;
  guint64 n;

  nr_train_config_init (config);
  *dataset_id = NR_DATASET_FASHION_MNIST;
  if (o->dataset != NULL && !nr_dataset_id_from_name (o->dataset, dataset_id))
    {
      *status = usage_error (_("unknown dataset “%s” (choose mnist or fashion)"), o->dataset);
      return FALSE;
    }

  if (o->units != NULL)
    {
      /* train's "256,128" is the sweep's one value "256/128". */
      g_autofree char *layers = g_strdelimit (g_strdup (o->units), ",", '/');

      if (!parse_setting ("--units", NR_SWEEP_UNITS, layers, &v, status))
        return FALSE;
      if (v.n_units == 0 && (o->activation != NULL || o->dropout != NULL))
        {
          *status = usage_error (_("%s does nothing with --units none: without a hidden layer "
                                   "there is none to apply it to"),
                                 o->activation != NULL ? "--activation" : "--dropout");
          return FALSE;
        }
      spec->n_hidden = v.n_units;
      for (guint l = 0; l < v.n_units; l++)
        {
          spec->hidden[l] = spec->hidden[0];
          spec->hidden[l].units = v.units[l];
        }
    }
  if (o->activation != NULL)
    {
      guint items;
      g_auto (GStrv) names = split_per_layer ("--activation", o->activation, spec->n_hidden,
                                              units_varied, &items, status);

      if (names == NULL)
        return FALSE;
      for (guint i = 0; i < items; i++)
        {
          if (!parse_setting ("--activation", NR_SWEEP_ACTIVATION, names[i], &v, status))
            return FALSE;
          for (guint l = 0; l < MAX (spec->n_hidden, 1); l++)
            if (items == 1 || l == i)
              spec->hidden[l].activation = (NrActivation) v.choice;
        }
    }
  if (o->dropout != NULL)
    {
      guint items;
      g_auto (GStrv) rates = split_per_layer ("--dropout", o->dropout, spec->n_hidden,
                                              units_varied, &items, status);

      if (rates == NULL)
        return FALSE;
      for (guint i = 0; i < items; i++)
        {
          if (!parse_setting ("--dropout", NR_SWEEP_DROPOUT, rates[i], &v, status))
            return FALSE;
          for (guint l = 0; l < MAX (spec->n_hidden, 1); l++)
            if (items == 1 || l == i)
              spec->hidden[l].dropout = v.number;
        }
    }
  if (o->outputs != NULL)
    {
      if (!parse_uint ("--outputs", o->outputs, 1, NR_MAX_UNITS, &n, status))
        return FALSE;
      spec->outputs = (guint) n;
    }
  if (o->epochs != NULL)
    {
      if (!parse_setting ("--epochs", NR_SWEEP_EPOCHS, o->epochs, &v, status))
        return FALSE;
      config->epochs = (guint) v.integer;
    }
  if (o->batch_size != NULL)
    {
      if (!parse_setting ("--batch-size", NR_SWEEP_BATCH_SIZE, o->batch_size, &v, status))
        return FALSE;
      config->batch_size = (guint) v.integer;
    }
  if (o->optimizer != NULL)
    {
      if (!parse_setting ("--optimizer", NR_SWEEP_OPTIMIZER, o->optimizer, &v, status))
        return FALSE;
      kind = (NrOptimizerKind) v.choice;
    }
  nr_optimizer_spec_init (&config->optimizer, kind);
  if (o->learning_rate != NULL)
    {
      if (!parse_setting ("--learning-rate", NR_SWEEP_LEARNING_RATE, o->learning_rate, &v,
                          status))
        return FALSE;
      config->optimizer.learning_rate = v.number;
    }
  if (o->momentum != NULL)
    {
      gboolean any_sgd = kind == NR_OPTIMIZER_SGD;

      for (guint a = 0; a < sweep->axes->len; a++)
        {
          const NrSweepAxis *axis = sweep->axes->pdata[a];

          for (guint i = 0; axis->setting == NR_SWEEP_OPTIMIZER && i < axis->values->len; i++)
            any_sgd |= g_array_index (axis->values, NrSweepValue, i).choice == NR_OPTIMIZER_SGD;
        }
      if (!any_sgd)
        {
          *status = usage_error (_("--momentum applies to --optimizer sgd only"));
          return FALSE;
        }
      if (!parse_setting ("--momentum", NR_SWEEP_MOMENTUM, o->momentum, &v, status))
        return FALSE;
      config->optimizer.momentum = v.number;
    }
  config->normalize = !o->no_normalize;
  if (o->seed != NULL)
    {
      if (!parse_setting ("--seed", NR_SWEEP_SEED, o->seed, &v, status))
        return FALSE;
      config->seed = v.integer;
    }
  if (o->threads != NULL)
    {
      if (!parse_uint ("--threads", o->threads, 1, 256, &n, status))
        return FALSE;
      config->n_threads = (guint) n;
    }
  if (o->train_limit != NULL)
    {
      if (!parse_setting ("--train-limit", NR_SWEEP_TRAIN_LIMIT, o->train_limit, &v, status))
        return FALSE;
      config->train_limit = (guint) v.integer;
    }
  if (o->test_limit != NULL)
    {
      if (!parse_uint ("--test-limit", o->test_limit, 1, G_MAXUINT, &n, status))
        return FALSE;
      config->test_limit = (guint) n;
    }
  return TRUE;
}

/* ---- output ------------------------------------------------------------------------- */

/* Where the lines for people go: stdout, or stderr when stdout is for --json. */
typedef struct
{
  FILE *out;
  gboolean quiet;
  gboolean tty;      /* out is a terminal: a status line is redrawn in place */
  gsize status_len;  /* the status line drawn, to blank it */
  gboolean write_failed;
} Printer;

static void
printer_flush (Printer *p)
{
  if (p->out == stdout ? !nr_cli_flush_stdout () : fflush (p->out) != 0)
    p->write_failed = TRUE;
}

static void
clear_status (Printer *p)
{
  if (p->status_len > 0)
    {
      fprintf (p->out, "\r%*s\r", (int) p->status_len, "");
      p->status_len = 0;
    }
}

static char *
format_duration (double seconds)
{
  if (seconds < 60)
    return g_strdup_printf ("%.0fs", seconds);
  if (seconds < 3600)
    return g_strdup_printf ("%.0fm%02.0fs", floor (seconds / 60), fmod (seconds, 60));
  return g_strdup_printf ("%.0fh%02.0fm", floor (seconds / 3600), fmod (floor (seconds / 60), 60));
}

/* What a point's run gave, in one phrase. */
static char *
describe_outcome (const NrSweepPoint *point)
{
  const NrRunRecord *run = point->run;
  const NrEpochRecord *last;
  char loss[NR_CLI_LOSS_BUF], test_loss[NR_CLI_LOSS_BUF];
  g_autofree char *duration = NULL;

  if (run == NULL)
    return g_strdup (point->run_id != NULL ? _("its run is missing") : _("not run"));
  duration = format_duration (run->seconds);
  last = nr_run_record_get_last_epoch (run);
  if (run->status == NR_TRAIN_DIVERGED)
    {
      g_autofree char *reason = nr_cli_divergence_reason (run);

      return g_strdup_printf (_("diverged at epoch %u, step %u: %s"), run->diverged_epoch,
                              run->diverged_step, reason);
    }
  if (run->status == NR_TRAIN_CANCELLED)
    return g_strdup_printf (_("stopped after %u of %u epochs"), run->history->len,
                            run->config.epochs);
  /* Keras's words, as train's progress lines */
  if (last == NULL)
    return g_strdup (duration);
  nr_cli_format_loss (loss, last->train_loss);
  if (isnan (last->test_loss))
    return g_strdup_printf ("%s - loss: %s - accuracy: %.4f", duration, loss,
                            last->train_accuracy);
  nr_cli_format_loss (test_loss, last->test_loss);
  return g_strdup_printf ("%s - loss: %s - accuracy: %.4f - test_loss: %s - test_accuracy: %.4f",
                          duration, loss, last->train_accuracy, test_loss, last->test_accuracy);
}

/* "Run 2/6 units=32: 3s - loss: … - test_accuracy: 0.8000 (run 20261201-223544-5f3a)" */
static void
print_point_line (Printer *p, const NrSweep *sweep, guint index, gboolean saved)
{
  const NrSweepPoint *point = sweep->points->pdata[index];
  g_autofree char *outcome = describe_outcome (point);
  int digits = 1;

  if (p->quiet)
    return;
  for (guint n = sweep->points->len; n >= 10; n /= 10)
    digits++;
  clear_status (p);
  /* Translators: "Run 2/6 units=32: 3s - loss: … - test_accuracy: 0.8000 (run
   * 20261201-223544-5f3a)"; %*u is the run's number, padded to the width of the last */
  if (point->run != NULL && saved)
    fprintf (p->out, _("Run %*u/%u %s: %s (run %s)\n"), digits, index + 1, sweep->points->len,
             point->label, outcome, point->run_id);
  else if (point->run != NULL)
    fprintf (p->out, _("Run %*u/%u %s: %s (not saved)\n"), digits, index + 1,
             sweep->points->len, point->label, outcome);
  else
    fprintf (p->out, _("Run %*u/%u %s: interrupted before its first epoch ended (not saved)\n"),
             digits, index + 1, sweep->points->len, point->label);
  printer_flush (p);
}

static const char *
point_status (const NrSweepPoint *point)
{
  if (point->run != NULL)
    return nr_train_status_name (point->run->status);
  return point->run_id != NULL ? "missing" : "not-run";
}

static char *
format_accuracy (double accuracy)
{
  return isnan (accuracy) ? g_strdup ("-") : g_strdup_printf ("%.4f", accuracy);
}

static char *
format_loss (double loss)
{
  char buf[NR_CLI_LOSS_BUF];

  return isnan (loss) ? g_strdup ("-") : g_strdup (nr_cli_format_loss (buf, loss));
}

/* Rows of cells printed as columns two spaces apart, the last one unpadded. */
static void
print_table (FILE *out, GPtrArray *rows)
{
  guint n_columns = ((GPtrArray *) rows->pdata[0])->len;
  g_autofree gsize *widths = g_new0 (gsize, n_columns);

  for (guint r = 0; r < rows->len; r++)
    for (guint c = 0; c < n_columns; c++)
      widths[c] = MAX (widths[c], (gsize) g_utf8_strlen (((GPtrArray *) rows->pdata[r])->pdata[c], -1));
  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = rows->pdata[r];

      for (guint c = 0; c < n_columns; c++)
        {
          const char *cell = row->pdata[c];

          if (c + 1 < n_columns)
            fprintf (out, "%s%*s  ", cell,
                     (int) (widths[c] - (gsize) g_utf8_strlen (cell, -1)), "");
          else
            fprintf (out, "%s\n", cell);
        }
    }
}

static GPtrArray *
new_row (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

/* The first point of group g (every group has one). */
static const NrSweepPoint *
group_first_point (const NrSweep *sweep, guint g)
{
  guint p = 0;

  while (((NrSweepPoint *) sweep->points->pdata[p])->group != g)
    p++;
  return sweep->points->pdata[p];
}

/* setting(s) → test accuracy, test loss, status, run; and with several seeds per point,
 * their mean and range. */
static void
print_results (FILE *out, const NrSweep *sweep)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = new_row ();

  for (guint a = 0; a < sweep->axes->len; a++)
    g_ptr_array_add (row, g_strdup (nr_sweep_setting_name (((NrSweepAxis *) sweep->axes->pdata[a])->setting)));
  g_ptr_array_add (row, g_strdup ("test_accuracy"));
  g_ptr_array_add (row, g_strdup ("test_loss"));
  g_ptr_array_add (row, g_strdup ("status"));
  g_ptr_array_add (row, g_strdup ("run"));
  g_ptr_array_add (rows, row);
  for (guint p = 0; p < sweep->points->len; p++)
    {
      const NrSweepPoint *point = sweep->points->pdata[p];

      row = new_row ();
      for (guint a = 0; a < sweep->axes->len; a++)
        {
          const NrSweepAxis *axis = sweep->axes->pdata[a];

          g_ptr_array_add (row, nr_sweep_value_to_string (&g_array_index (axis->values,
                                                                          NrSweepValue,
                                                                          point->value_index[a])));
        }
      g_ptr_array_add (row, format_accuracy (point->run != NULL
                                               ? nr_run_record_get_test_accuracy (point->run)
                                               : NAN));
      g_ptr_array_add (row, format_loss (point->run != NULL
                                           ? nr_run_record_get_test_loss (point->run)
                                           : NAN));
      g_ptr_array_add (row, g_strdup (point_status (point)));
      g_ptr_array_add (row, g_strdup (point->run_id != NULL ? point->run_id : "-"));
      g_ptr_array_add (rows, row);
    }
  fputc ('\n', out);
  print_table (out, rows);

  if (sweep->n_groups == sweep->points->len)
    return;
  /* Several seeds per point: the spread they give. */
  g_ptr_array_set_size (rows, 0);
  row = new_row ();
  for (guint a = 0; a < sweep->axes->len; a++)
    {
      NrSweepSetting setting = ((NrSweepAxis *) sweep->axes->pdata[a])->setting;

      if (setting != NR_SWEEP_SEED)
        g_ptr_array_add (row, g_strdup (nr_sweep_setting_name (setting)));
    }
  g_ptr_array_add (row, g_strdup ("runs"));
  g_ptr_array_add (row, g_strdup ("mean test_accuracy"));
  g_ptr_array_add (row, g_strdup ("min–max"));
  g_ptr_array_add (row, g_strdup ("mean test_loss"));
  g_ptr_array_add (rows, row);
  for (guint g = 0; g < sweep->n_groups; g++)
    {
      const NrSweepPoint *first = group_first_point (sweep, g);
      NrSweepGroupSummary s;

      nr_sweep_get_group_summary (sweep, g, &s);
      row = new_row ();
      for (guint a = 0; a < sweep->axes->len; a++)
        {
          const NrSweepAxis *axis = sweep->axes->pdata[a];

          if (axis->setting != NR_SWEEP_SEED)
            g_ptr_array_add (row, nr_sweep_value_to_string (&g_array_index (axis->values,
                                                                            NrSweepValue,
                                                                            first->value_index[a])));
        }
      g_ptr_array_add (row, g_strdup_printf ("%u/%u", s.n_results, s.n_points));
      g_ptr_array_add (row, format_accuracy (s.test_accuracy_mean));
      if (s.n_results > 0)
        g_ptr_array_add (row, g_strdup_printf ("%.4f–%.4f", s.test_accuracy_min,
                                               s.test_accuracy_max));
      else
        g_ptr_array_add (row, g_strdup ("-"));
      g_ptr_array_add (row, format_loss (s.test_loss_mean));
      g_ptr_array_add (rows, row);
    }
  fputc ('\n', out);
  print_table (out, rows);
}

/* A varied value as JSON: a number where it is one, else its text; normalize as a boolean. */
static void
json_value (JsonBuilder *b, const char *member, const NrSweepValue *v)
{
  double number = nr_sweep_value_get_number (v);

  if (member != NULL)
    json_builder_set_member_name (b, member);
  if (v->setting == NR_SWEEP_NORMALIZE)
    json_builder_add_boolean_value (b, v->choice);
  else if (v->setting == NR_SWEEP_SEED)
    nr_cli_json_seed (b, NULL, v->integer);
  else if (v->setting == NR_SWEEP_DROPOUT || v->setting == NR_SWEEP_LEARNING_RATE ||
           v->setting == NR_SWEEP_MOMENTUM)
    nr_cli_json_float (b, NULL, v->number);
  else if (!isnan (number))
    json_builder_add_int_value (b, (gint64) number);
  else
    {
      g_autofree char *text = nr_sweep_value_to_string (v);

      json_builder_add_string_value (b, text);
    }
}

static void
json_point_values (JsonBuilder *b, const NrSweep *sweep, const NrSweepPoint *point,
                   gboolean skip_seed)
{
  json_builder_set_member_name (b, "values");
  json_builder_begin_object (b);
  for (guint a = 0; a < sweep->axes->len; a++)
    {
      const NrSweepAxis *axis = sweep->axes->pdata[a];

      if (skip_seed && axis->setting == NR_SWEEP_SEED)
        continue;
      json_value (b, nr_sweep_setting_name (axis->setting),
                  &g_array_index (axis->values, NrSweepValue, point->value_index[a]));
    }
  json_builder_end_object (b);
}

/* One object: the sweep, its runs and what they gave, and per group (the points that
 * differ only by their seed) the mean and range. */
static void
print_json (const NrSweep *sweep, const char *runs_dir)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  nr_cli_json_string (b, "sweep_id", sweep->id);
  nr_cli_json_string (b, "name", sweep->name);
  nr_cli_json_path (b, "sweep_file", sweep->path);
  nr_cli_json_path (b, "runs_dir", runs_dir);
  nr_cli_json_string (b, "dataset", nr_dataset_info (sweep->dataset)->name);
  json_builder_set_member_name (b, "vary");
  json_builder_begin_array (b);
  for (guint a = 0; a < sweep->axes->len; a++)
    {
      const NrSweepAxis *axis = sweep->axes->pdata[a];

      json_builder_begin_object (b);
      nr_cli_json_string (b, "setting", nr_sweep_setting_name (axis->setting));
      json_builder_set_member_name (b, "values");
      json_builder_begin_array (b);
      for (guint i = 0; i < axis->values->len; i++)
        json_value (b, NULL, &g_array_index (axis->values, NrSweepValue, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "runs");
  json_builder_begin_array (b);
  for (guint p = 0; p < sweep->points->len; p++)
    {
      const NrSweepPoint *point = sweep->points->pdata[p];
      const NrRunRecord *run = point->run;

      json_builder_begin_object (b);
      nr_cli_json_string (b, "label", point->label);
      json_point_values (b, sweep, point, FALSE);
      nr_cli_json_int (b, "group", point->group);
      nr_cli_json_string (b, "status", point_status (point));
      nr_cli_json_string (b, "run_id", point->run_id);
      nr_cli_json_path (b, "run_dir", run != NULL ? run->dir : NULL);
      nr_cli_json_int (b, "epochs", point->config.epochs);
      nr_cli_json_int (b, "epochs_completed", run != NULL ? run->history->len : 0);
      nr_cli_json_double (b, "test_accuracy", run != NULL ? nr_run_record_get_test_accuracy (run)
                                                          : NAN);
      nr_cli_json_double (b, "test_loss", run != NULL ? nr_run_record_get_test_loss (run) : NAN);
      nr_cli_json_double (b, "seconds", run != NULL ? run->seconds : NAN);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint g = 0; g < sweep->n_groups; g++)
    {
      const NrSweepPoint *first = group_first_point (sweep, g);
      NrSweepGroupSummary s;

      nr_sweep_get_group_summary (sweep, g, &s);
      json_builder_begin_object (b);
      nr_cli_json_string (b, "label", first->group_label);
      json_point_values (b, sweep, first, TRUE);
      nr_cli_json_int (b, "runs", s.n_points);
      nr_cli_json_int (b, "results", s.n_results);
      nr_cli_json_int (b, "diverged", s.n_diverged);
      nr_cli_json_double (b, "test_accuracy_mean", s.test_accuracy_mean);
      nr_cli_json_double (b, "test_accuracy_min", s.test_accuracy_min);
      nr_cli_json_double (b, "test_accuracy_max", s.test_accuracy_max);
      nr_cli_json_double (b, "test_loss_mean", s.test_loss_mean);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  nr_cli_print_json (b, FALSE);
}

/* ---- running the points ------------------------------------------------------------- */

typedef struct _Runner Runner;

/* One worker thread and what it is doing, for the status line. */
typedef struct
{
  Runner *runner;
  GThread *thread;
  gint point;  /* atomic: the point it trains, -1 when none */
  gint epoch;  /* atomic: the epoch it is in (1-based) */
} Worker;

/* What a worker hands back for one point, through the results queue. The queue's lock
 * orders everything; handed_over says so in an atomic that ThreadSanitizer can see (it
 * cannot see GLib's futex-based locks, and would take the handover for a race). */
typedef struct
{
  guint index;           /* the point; G_MAXUINT: the worker is done */
  NrRunRecord *record;   /* the run as it ended, NULL when it never trained */
  gboolean saved;
  GError *error;         /* the run could not be trained or saved */
  gboolean save_error;   /* error is about saving */
  gint handed_over;      /* atomic: set by the worker last, read by the main thread first */
} Result;

struct _Runner
{
  const NrSweep *sweep;  /* points read-only while the workers run */
  NrDataset *dataset;
  const char *runs_dir;
  gint next;             /* atomic: the next point to train */
  gint stop;             /* atomic: start no more points, stop those training */
  GAsyncQueue *results;  /* Result * */
  GMutex save_lock;      /* one save at a time: each new run's id sees the last one's */
};

static void
result_free (Result *r)
{
  g_clear_pointer (&r->record, nr_run_record_free);
  g_clear_error (&r->error);
  g_free (r);
}

typedef struct
{
  Worker *worker;
  NrTrainer *trainer;
  NrRunRecord *record;
  NrWeights *epoch_weights; /* owned: at the end of the last completed epoch */
} Job;

static void
on_progress (const NrProgress *p, const NrModel *model, gpointer user_data)
{
  Job *job = user_data;

  nr_run_record_add_progress (job->record, p);
  g_atomic_int_set (&job->worker->epoch, (gint) p->epoch);
  if (p->kind == NR_PROGRESS_EPOCH_END)
    {
      /* As `train` and the lab: the weights the run's figures describe. */
      g_clear_pointer (&job->epoch_weights, nr_weights_unref);
      job->epoch_weights = nr_weights_new_from_model (model);
    }
  if (interrupted || g_atomic_int_get (&job->worker->runner->stop))
    nr_trainer_cancel (job->trainer);
}

/* The weights to keep, as `train` keeps them: none when no epoch completed or when they
 * are not finite. */
static NrWeights *
weights_to_keep (NrWeights *epoch_weights)
{
  const float *params;
  gsize n;

  if (epoch_weights == NULL)
    return NULL;
  params = nr_weights_get_params (epoch_weights, &n);
  for (gsize i = 0; i < n; i++)
    if (!isfinite (params[i]))
      return NULL;
  return nr_weights_ref (epoch_weights);
}

static Result *
train_point (Worker *worker, guint index)
{
  Runner *runner = worker->runner;
  const NrSweepPoint *point = runner->sweep->points->pdata[index];
  const NrDatasetInfo *info = nr_dataset_info (runner->sweep->dataset);
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (NrWeights) weights = NULL;
  Result *result = g_new0 (Result, 1);
  NrTrainResult outcome = { 0 };
  Job job = { worker, NULL, NULL, NULL };

  result->index = index;
  trainer = nr_trainer_new (&point->config, runner->dataset->train, runner->dataset->test,
                            info->n_classes, &result->error);
  if (trainer == NULL)
    return result;
  job.trainer = trainer;
  job.record = nr_run_record_new_for_trainer (trainer, runner->sweep->dataset, runner->dataset);
  if (!nr_trainer_run (trainer, on_progress, &job, &outcome, &result->error))
    {
      g_clear_pointer (&job.record, nr_run_record_free);
      g_clear_pointer (&job.epoch_weights, nr_weights_unref);
      return result;
    }
  nr_run_record_finish (job.record, &outcome);
  result->record = job.record;
  /* As `train` and the lab: every run that taught the model something is kept. */
  if (outcome.status != NR_TRAIN_CANCELLED || outcome.epochs_completed > 0)
    {
      weights = weights_to_keep (job.epoch_weights);
      g_mutex_lock (&runner->save_lock);
      result->saved = nr_run_save (result->record, weights, runner->runs_dir, &result->error);
      g_mutex_unlock (&runner->save_lock);
      result->save_error = !result->saved;
    }
  g_clear_pointer (&job.epoch_weights, nr_weights_unref);
  return result;
}

static void
hand_over (Runner *runner, Result *result)
{
  g_atomic_int_set (&result->handed_over, 1);
  g_async_queue_push (runner->results, result);
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;
  Runner *runner = worker->runner;
  Result *done;

  for (;;)
    {
      guint index;

      if (interrupted || g_atomic_int_get (&runner->stop))
        break;
      index = (guint) g_atomic_int_add (&runner->next, 1);
      if (index >= runner->sweep->points->len)
        break;
      g_atomic_int_set (&worker->epoch, 0);
      g_atomic_int_set (&worker->point, (gint) index);
      hand_over (runner, train_point (worker, index));
      g_atomic_int_set (&worker->point, -1);
    }
  done = g_new0 (Result, 1);
  done->index = G_MAXUINT;
  hand_over (runner, done);
  return NULL;
}

/* "  running units=16 (epoch 3/10), units=32 (epoch 1/10) · 4 of 12 done" */
static void
draw_status (Printer *p, const NrSweep *sweep, Worker *workers, guint n_workers, guint done)
{
  GString *line;

  if (!p->tty || p->quiet)
    return;
  line = g_string_new (_("  running "));
  for (guint w = 0, shown = 0; w < n_workers; w++)
    {
      gint index = g_atomic_int_get (&workers[w].point);
      const NrSweepPoint *point;

      if (index < 0)
        continue;
      point = sweep->points->pdata[index];
      g_string_append_printf (line, "%s", shown++ > 0 ? ", " : "");
      g_string_append_printf (line, _("%s (epoch %d/%u)"), point->label,
                              MAX (g_atomic_int_get (&workers[w].epoch), 1), point->config.epochs);
    }
  g_string_append_printf (line, _(" · %u of %u done"), done, sweep->points->len);
  /* One terminal line: cut, not wrapped. */
  if (g_utf8_strlen (line->str, -1) > 200)
    g_string_truncate (line, g_utf8_offset_to_pointer (line->str, 199) - line->str);
  clear_status (p);
  fputs (line->str, p->out);
  p->status_len = (gsize) g_utf8_strlen (line->str, -1);
  printer_flush (p);
  g_string_free (line, TRUE);
}

typedef struct
{
  guint n_saved, n_diverged, n_ended, n_stopped;
  gboolean failed; /* a run or the sweep could not be trained or saved */
} Tally;

static void
stop_runner (Runner *runner)
{
  g_atomic_int_set (&runner->stop, 1);
}

/* Trains every point, jobs at a time; the sweep's file names each run once it is saved. */
static void
run_points (NrSweep *sweep, NrDataset *dataset, const char *runs_dir, guint jobs, Printer *p,
            Tally *tally)
{
  Runner runner = { 0 };
  guint n_workers = MIN (jobs, sweep->points->len);
  g_autofree Worker *workers = g_new0 (Worker, n_workers);
  guint workers_done = 0, points_done = 0;

  runner.sweep = sweep;
  runner.dataset = dataset;
  runner.runs_dir = runs_dir;
  runner.results = g_async_queue_new ();
  g_mutex_init (&runner.save_lock);

  interrupted = 0;
  signal (SIGINT, on_sigint);
  for (guint w = 0; w < n_workers; w++)
    {
      workers[w].runner = &runner;
      workers[w].point = -1;
      workers[w].thread = g_thread_new ("sweep-worker", worker_main, &workers[w]);
    }
  while (workers_done < n_workers)
    {
      Result *r = g_async_queue_timeout_pop (runner.results, 200000);
      NrSweepPoint *point;

      if (r == NULL)
        {
          draw_status (p, sweep, workers, n_workers, points_done);
          continue;
        }
      g_assert (g_atomic_int_get (&r->handed_over));
      if (r->index == G_MAXUINT)
        {
          workers_done++;
          result_free (r);
          continue;
        }
      points_done++;
      point = sweep->points->pdata[r->index];
      if (r->error != NULL)
        {
          clear_status (p);
          if (r->save_error)
            nr_cli_error (NR_CLI_EXIT_IO, _("%s: the run was not saved: %s"), point->label,
                          r->error->message);
          else
            nr_cli_error (NR_CLI_EXIT_DATA, _("%s: training failed: %s"), point->label,
                          r->error->message);
          tally->failed = TRUE;
          stop_runner (&runner);
        }
      if (r->record != NULL)
        {
          g_clear_pointer (&point->run, nr_run_record_free);
          point->run = g_steal_pointer (&r->record);
          if (r->saved)
            {
              g_autoptr (GError) error = NULL;

              g_free (point->run_id);
              point->run_id = g_strdup (point->run->id);
              tally->n_saved++;
              if (!nr_sweep_save (sweep, runs_dir, &error))
                {
                  clear_status (p);
                  nr_cli_error (NR_CLI_EXIT_IO, _("the sweep was not saved: %s"), error->message);
                  tally->failed = TRUE;
                  stop_runner (&runner);
                }
            }
          if (point->run->status == NR_TRAIN_DIVERGED)
            tally->n_diverged++;
          if (point->run->status == NR_TRAIN_CANCELLED)
            tally->n_stopped++;
          else
            tally->n_ended++;
        }
      print_point_line (p, sweep, r->index, r->saved);
      if (p->write_failed)
        stop_runner (&runner);
      result_free (r);
      draw_status (p, sweep, workers, n_workers, points_done);
    }
  for (guint w = 0; w < n_workers; w++)
    g_thread_join (workers[w].thread);
  signal (SIGINT, SIG_DFL);
  clear_status (p);
  printer_flush (p);
  g_mutex_clear (&runner.save_lock);
  g_async_queue_unref (runner.results);
}

/* ---- --print-commands --------------------------------------------------------------- */

/* This program, as a path another shell (or machine) can run. */
static char *
own_path (void)
{
  char *path = g_file_read_link ("/proc/self/exe", NULL);

  if (path == NULL)
    path = g_find_program_in_path ("neurona-cli");
  return path != NULL ? path : g_strdup ("neurona-cli");
}

static char *
absolute (const char *path)
{
  return g_canonicalize_filename (path, NULL);
}

/* arg as one word for sh: as it is when nothing in it means anything to the shell (the
 * commands stay readable), else quoted. */
static char *
shell_word (const char *arg)
{
  gboolean plain = arg[0] != '\0';

  for (const char *c = arg; *c != '\0' && plain; c++)
    plain = g_ascii_isalnum (*c) || strchr ("-_./:=,+@%", *c) != NULL;
  return plain ? g_strdup (arg) : g_shell_quote (arg);
}

static void
add_arg (GString *line, const char *arg)
{
  g_autofree char *word = shell_word (arg);

  g_string_append_printf (line, " %s", word);
}

static void
add_option (GString *line, const char *option, const char *value)
{
  add_arg (line, option);
  add_arg (line, value);
}

static void
add_float_option (GString *line, const char *option, float value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  add_option (line, option, nr_cli_format_option_value (buf, _nr_json_float (value)));
}

/* The per-layer value, once when every layer has it. */
static char *
per_layer (const NrModelSpec *spec, gboolean activation)
{
  GString *text = g_string_new (NULL);
  gboolean same = TRUE;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint l = 1; l < spec->n_hidden; l++)
    same &= activation ? spec->hidden[l].activation == spec->hidden[0].activation
                       : spec->hidden[l].dropout == spec->hidden[0].dropout;
  for (guint l = 0; l < (same ? 1 : spec->n_hidden); l++)
    {
      if (l > 0)
        g_string_append_c (text, ',');
      if (activation)
        g_string_append (text, nr_activation_name (spec->hidden[l].activation));
      else
        g_string_append (text, nr_cli_format_option_value (buf, _nr_json_float (spec->hidden[l].dropout)));
    }
  return g_string_free (text, FALSE);
}

/* `neurona-cli train` with every setting explicit, so that it makes the point's run
 * wherever it runs. */
static char *
train_command (const char *program, const NrSweep *sweep, const NrSweepPoint *point,
               const char *data_dir, const char *runs_dir, const char *kernels)
{
  const NrTrainConfig *c = &point->config;
  const NrModelSpec *spec = &c->model;
  GString *line = g_string_new (NULL);
  g_autofree char *word = shell_word (program);
  char buf[32];

  g_string_append (line, word);
  add_arg (line, "train");
  add_option (line, "--dataset", nr_dataset_info (sweep->dataset)->name);
  add_option (line, "--data-dir", data_dir);
  if (spec->n_hidden == 0)
    add_option (line, "--units", "none");
  else
    {
      GString *units = g_string_new (NULL);
      g_autofree char *activation = per_layer (spec, TRUE);
      g_autofree char *dropout = per_layer (spec, FALSE);

      for (guint l = 0; l < spec->n_hidden; l++)
        g_string_append_printf (units, "%s%u", l > 0 ? "," : "", spec->hidden[l].units);
      add_option (line, "--units", units->str);
      add_option (line, "--activation", activation);
      add_option (line, "--dropout", dropout);
      g_string_free (units, TRUE);
    }
  g_snprintf (buf, sizeof buf, "%u", spec->outputs);
  add_option (line, "--outputs", buf);
  g_snprintf (buf, sizeof buf, "%u", c->epochs);
  add_option (line, "--epochs", buf);
  g_snprintf (buf, sizeof buf, "%u", c->batch_size);
  add_option (line, "--batch-size", buf);
  add_option (line, "--optimizer", nr_optimizer_name (c->optimizer.kind));
  add_float_option (line, "--learning-rate", c->optimizer.learning_rate);
  if (c->optimizer.kind == NR_OPTIMIZER_SGD)
    add_float_option (line, "--momentum", c->optimizer.momentum);
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, c->seed);
  add_option (line, "--seed", buf);
  g_snprintf (buf, sizeof buf, "%u", c->n_threads);
  add_option (line, "--threads", buf);
  if (!c->normalize)
    add_arg (line, "--no-normalize");
  if (c->train_limit > 0)
    {
      g_snprintf (buf, sizeof buf, "%u", c->train_limit);
      add_option (line, "--train-limit", buf);
    }
  if (c->test_limit > 0)
    {
      g_snprintf (buf, sizeof buf, "%u", c->test_limit);
      add_option (line, "--test-limit", buf);
    }
  if (kernels != NULL)
    add_option (line, "--kernels", kernels);
  add_option (line, "--runs-dir", runs_dir);
  add_arg (line, "--quiet");
  return g_string_free (line, FALSE);
}

static int
print_commands (NrSweep *sweep, const NrDataset *dataset, const char *runs_dir,
                const char *kernels, gboolean quiet)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *program = own_path ();
  g_autofree char *data_dir = absolute (dataset->directory);
  g_autofree char *runs = absolute (runs_dir);
  g_autofree char *kernels_name = NULL;

  if (kernels != NULL)
    kernels_name = g_strstrip (g_strdup (kernels));
  for (guint p = 0; p < sweep->points->len; p++)
    {
      g_autofree char *line = train_command (program, sweep, sweep->points->pdata[p], data_dir,
                                             runs, kernels_name);

      printf ("%s\n", line);
    }
  /* Commands that were lost plan nothing: no sweep is saved for them. (Saved after them,
   * the sweep still finds their runs: it matches runs by settings, not by time.) */
  if (!nr_cli_flush_stdout ())
    return NR_CLI_EXIT_IO;
  if (!nr_sweep_save (sweep, runs, &error))
    return nr_cli_error (NR_CLI_EXIT_IO, _("the sweep was not saved: %s"), error->message);
  if (!quiet)
    {
      g_autofree char *file = g_filename_display_name (sweep->path);

      fprintf (stderr,
               _("neurona-cli: sweep %s (%s): %u commands; once they have run, "
                 "`neurona-cli sweep --collect %s` shows their table\n"),
               sweep->id, file, sweep->points->len, sweep->id);
    }
  return NR_CLI_EXIT_OK;
}

/* ---- --collect ---------------------------------------------------------------------- */

static int
report (const NrSweep *sweep, const char *runs_dir, gboolean json, gboolean quiet)
{
  if (json)
    print_json (sweep, runs_dir);
  else if (!quiet)
    {
      g_autofree char *file = g_filename_display_name (sweep->path);

      print_results (stdout, sweep);
      printf (_("\nSweep %s: %s\n"), sweep->id, file);
    }
  return nr_cli_flush_stdout () ? NR_CLI_EXIT_OK : NR_CLI_EXIT_IO;
}

static int
collect (const Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrSweep) sweep = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) run_errors = NULL;
  g_autoptr (GPtrArray) missing = NULL;
  g_autofree char *runs_dir = NULL;
  guint matched, without = 0;
  int status = NR_CLI_EXIT_OK;

  if (o->vary != NULL || o->seeds != NULL || o->print_commands || o->jobs != NULL)
    return usage_error (_("--collect takes only --runs-dir, --json and --quiet: the sweep's "
                          "settings are in its file"));
  if (o->collect[0] == '\0')
    return usage_error (_("--collect needs a sweep: its id, the start of it, or its file"));
  /* A sweep file named by its path lives among its runs. */
  if (o->runs_dir == NULL &&
      (strchr (o->collect, G_DIR_SEPARATOR) != NULL || g_str_has_suffix (o->collect, ".json")))
    runs_dir = g_path_get_dirname (o->collect);
  else if ((runs_dir = nr_cli_runs_dir (o->runs_dir, &status)) == NULL)
    return status;

  sweep = nr_sweep_find (runs_dir, o->collect, &error);
  if (sweep == NULL)
    {
      if (g_error_matches (error, NR_ERROR, NR_ERROR_NOT_FOUND) ||
          g_error_matches (error, NR_ERROR, NR_ERROR_INVALID) ||
          (g_error_matches (error, NR_ERROR, NR_ERROR_IO) && !g_file_test (o->collect,
                                                                           G_FILE_TEST_EXISTS)))
        return usage_error ("%s", error->message);
      return nr_cli_error (NR_CLI_EXIT_DATA, "%s", error->message);
    }
  runs = nr_run_load_all (runs_dir, &run_errors, &error);
  if (runs == NULL)
    return nr_cli_error (NR_CLI_EXIT_DATA, "%s", error->message);
  matched = nr_sweep_attach_runs (sweep, runs, &missing);
  for (guint i = 0; i < missing->len; i++)
    nr_cli_warning ("%s", ((GError *) missing->pdata[i])->message);
  if (matched > 0 && !nr_sweep_save (sweep, NULL, &error))
    return nr_cli_error (NR_CLI_EXIT_IO, _("the sweep was not saved: %s"), error->message);
  for (guint p = 0; p < sweep->points->len; p++)
    without += ((NrSweepPoint *) sweep->points->pdata[p])->run == NULL;
  if (without > 0)
    {
      g_autofree char *dir = g_filename_display_name (runs_dir);

      nr_cli_warning (_("%u of the sweep's %u runs are not in %s yet"), without,
                      sweep->points->len, dir);
    }
  return report (sweep, runs_dir, o->json, o->quiet);
}

/* ---- the command -------------------------------------------------------------------- */

static int
sweep_command (Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrSweep) sweep = NULL;
  g_autoptr (NrDataset) dataset = NULL;
  g_autofree char *runs_dir = NULL;
  NrTrainConfig base;
  NrDatasetId dataset_id;
  guint64 jobs = 1, seeds = 0;
  Printer printer = { 0 };
  Tally tally = { 0 };
  int status = NR_CLI_EXIT_OK;

  if (o->collect != NULL)
    return collect (o);
  if (o->vary == NULL && o->seeds == NULL)
    return usage_error (_("nothing to vary: give --vary SETTING=VALUES (the settings are %s) or "
                          "--seeds N"),
                        nr_sweep_setting_names ());
  if (o->data_dir != NULL && o->data_dir[0] == '\0')
    return usage_error (_("--data-dir needs a folder name"));
  if ((runs_dir = nr_cli_runs_dir (o->runs_dir, &status)) == NULL)
    return status;
  if (o->jobs != NULL && !parse_uint ("--jobs", o->jobs, 1, 256, &jobs, &status))
    return status;
  if (o->jobs != NULL && o->print_commands)
    return usage_error (_("--jobs does nothing with --print-commands: the commands are run by "
                          "what runs them (parallel -j N)"));
  if (o->json && o->print_commands)
    return usage_error (_("--json does nothing with --print-commands: it prints commands; "
                          "--collect --json prints the sweep once they have run"));
  if (o->seeds != NULL && !parse_uint ("--seeds", o->seeds, 1, NR_SWEEP_MAX_RUNS, &seeds, &status))
    return status;

  /* The axes first: which train options they leave to the base. */
  nr_train_config_init (&base);
  sweep = nr_sweep_new (NR_DATASET_FASHION_MNIST, &base);
  for (guint i = 0; o->vary != NULL && o->vary[i] != NULL; i++)
    if (!nr_sweep_add_axis_from_text (sweep, o->vary[i], &error))
      return usage_error ("--vary %s", error->message);
  for (guint a = 0; a < sweep->axes->len; a++)
    {
      NrSweepSetting setting = ((NrSweepAxis *) sweep->axes->pdata[a])->setting;
      const char *option = option_also_given (o, setting);

      if (option != NULL)
        return usage_error (_("%s and --vary %s=… both set %s: give its values once"),
                            option, nr_sweep_setting_name (setting), nr_sweep_setting_name (setting));
      if (setting == NR_SWEEP_SEED && o->seeds != NULL)
        return usage_error (_("--seeds and --vary seed=… both set the seeds: give them once"));
    }
  if (!build_base (o, sweep, &dataset_id, &base, &status))
    return status;
  sweep->dataset = dataset_id;
  sweep->base = base;
  sweep->learning_rate_set = o->learning_rate != NULL;
  if (seeds > 0 && !nr_sweep_add_seeds (sweep, (guint) seeds, &error))
    return usage_error ("--seeds: %s", error->message);
  if (!nr_sweep_plan (sweep, &error))
    return usage_error ("%s", error->message);
  if (o->kernels != NULL && !nr_cli_use_kernels (o->kernels, &status))
    return status;

  dataset = nr_dataset_load (dataset_id, o->data_dir, &error);
  if (dataset == NULL)
    return nr_cli_error (NR_CLI_EXIT_DATA, "%s", error->message);
  /* The runs could not be kept: said before any is trained. */
  if (g_mkdir_with_parents (runs_dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *name = g_filename_display_name (runs_dir);

      return nr_cli_error (NR_CLI_EXIT_IO, _("cannot save runs in %s: %s (choose another folder "
                                             "with --runs-dir)"),
                           name, g_strerror (saved_errno));
    }
  if (o->print_commands)
    return print_commands (sweep, dataset, runs_dir, o->kernels, o->quiet);

  printer.out = o->json ? stderr : stdout;
  printer.quiet = o->quiet;
  printer.tty = isatty (fileno (printer.out));
  if (!o->quiet)
    {
      g_autofree char *directory = g_filename_display_name (dataset->directory);

      /* Translators: "Sweep of units × learning-rate: 9 runs on Fashion-MNIST from the
       * committed subset (data/subset/fashion), 2 at a time" */
      fprintf (printer.out, _("Sweep of %s: %u runs on %s from %s (%s), %u at a time\n"),
               sweep->name, sweep->points->len, _(nr_dataset_info (dataset_id)->title),
               _(nr_data_source_describe (dataset->source)), directory,
               (guint) MIN (jobs, sweep->points->len));
      printer_flush (&printer);
      /* A full disk or a closed stdout shows here, before any training is spent. */
      if (printer.write_failed)
        return NR_CLI_EXIT_IO;
    }
  run_points (sweep, dataset, runs_dir, (guint) jobs, &printer, &tally);

  if (!o->quiet && !o->json && tally.n_saved > 0)
    {
      g_autofree char *file = g_filename_display_name (sweep->path);

      print_results (stdout, sweep);
      printf (_("\nSaved as sweep %s in %s\n"), sweep->id, file);
    }
  if (o->json)
    print_json (sweep, runs_dir);
  if (!nr_cli_flush_stdout () || printer.write_failed)
    return NR_CLI_EXIT_IO;
  if (tally.failed)
    return NR_CLI_EXIT_IO;
  if (interrupted)
    return nr_cli_error (NR_CLI_EXIT_INTERRUPTED, _("interrupted: %u of the %u runs ended, %u "
                                                    "stopped; the runs saved are kept"),
                         tally.n_ended, sweep->points->len, tally.n_stopped);
  if (tally.n_diverged == sweep->points->len)
    return nr_cli_error (NR_CLI_EXIT_DIVERGED,
                         _("every run diverged: try smaller learning rates"));
  return NR_CLI_EXIT_OK;
}

static char *
describe_command (void)
{
  g_autofree char *kernels_note = nr_cli_kernels_note ();
  g_autoptr (GString) names = g_string_new (NULL);
  g_auto (GStrv) words = g_strsplit (nr_sweep_setting_names (), ", ", -1);
  gsize line_start = 0;

  /* The names on lines of at most 80 columns. */
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (names, ',');
      if (i > 0 && names->len - line_start + 1 + strlen (words[i]) + 2 > 78)
        {
          g_string_append (names, "\n  ");
          line_start = names->len - 2;
        }
      else if (i > 0)
        g_string_append_c (names, ' ');
      g_string_append (names, words[i]);
    }

  /* Translators: the first %s lists the settings, %d is the most runs, the last %s is the
   * paragraph about --kernels; lines at most 90 columns wide. */
  return g_strdup_printf (
    _("Trains one run per combination of the values given, each saved in the runs folder as\n"
      "`neurona-cli train` saves a run, then prints a table: setting(s) → test accuracy, test\n"
      "loss, status and run id. The sweep itself is saved there too, as sweep-ID.json naming\n"
      "its runs, for the lab to reopen with its chart.\n"
      "\n"
      "SETTING is a train option without its dashes, one of\n"
      "  %s\n"
      "VALUES, separated by commas:\n"
      "  16,28,64,128,256      a list\n"
      "  16:256:16             a range START:END:STEP, both ends included (16, 32, …, 256);\n"
      "                        its steps must land on END\n"
      "  1:5                   whole numbers by 1 (1, 2, 3, 4, 5)\n"
      "  1e-4:1e-1:x10         a log range START:END:xFACTOR (0.0001, 0.001, 0.01, 0.1)\n"
      "  8,16:64:16,128        lists and ranges mixed\n"
      "units also takes none and layer lists such as 256/128 (two hidden layers); activation\n"
      "and optimizer take names, normalize yes or no. The first --vary varies slowest; a\n"
      "sweep makes at most %d runs. --seeds N repeats every point with the seeds --seed,\n"
      "--seed + 1, …, and the table adds their mean and min–max. Every other train option\n"
      "applies to all the runs; --activation and --dropout apply to every hidden layer the\n"
      "units give.\n"
      "\n"
      "The runs go one after another, or --jobs N at a time (worker threads of this process):\n"
      "a run's results depend only on its settings, so they are the same either way, and the\n"
      "same as `neurona-cli train` gives with those settings. Ctrl-C stops the runs going on\n"
      "(one that completed an epoch is saved as stopped, as train does) and starts no more;\n"
      "the runs saved stay whole and are named by the sweep.\n"
      "\n"
      "--print-commands trains nothing: it saves the sweep and prints one complete `neurona-cli\n"
      "train` command per run (every setting explicit, absolute paths), for GNU parallel, a\n"
      "Slurm job array or xargs -P to run anywhere the runs folder is shared:\n"
      "  neurona-cli sweep --vary units=16,32,64 --print-commands | parallel -j 2\n"
      "Their runs are the same, bit for bit, as the sweep's own on the same kernel path (give\n"
      "--kernels to keep machines with other CPUs on one). Then --collect SWEEP (its id, the\n"
      "start of it, or its file) finds the runs those commands saved, names them in the\n"
      "sweep's file and prints the table.\n"
      "\n"
      "%s\n"
      "\n"
      "Exit status: 0 every run ended (diverged runs included: they are in the table); 1\n"
      "unreadable data files, a run or the sweep that could not be saved, or output that could\n"
      "not be written; 2 bad options or impossible settings; 3 every run diverged; 130\n"
      "interrupted by Ctrl-C.\n"
      "\n"
      "Example: neurona-cli sweep --vary units=32,64,128 --vary learning-rate=1e-4:1e-2:x10 \\\n"
      "           --epochs 5 --seeds 3 --jobs 2"),
    names->str, NR_SWEEP_MAX_RUNS, kernels_note);
}

int
nr_cli_sweep (int argc, char **argv)
{
  Options o = { 0 };
  GOptionEntry entries[] = {
    { "vary", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.vary,
      N_("Vary SETTING through VALUES (repeat for more settings)"), "SETTING=VALUES" },
    { "seeds", 0, 0, G_OPTION_ARG_STRING, &o.seeds,
      N_("Run every point with N seeds (--seed, --seed + 1, …)"), "N" },
    { "jobs", 'j', 0, G_OPTION_ARG_STRING, &o.jobs, N_("Train N runs at a time (default 1)"), "N" },
    { "print-commands", 0, 0, G_OPTION_ARG_NONE, &o.print_commands,
      N_("Print one `neurona-cli train` command per run instead of training"), NULL },
    { "collect", 0, 0, G_OPTION_ARG_FILENAME, &o.collect,
      N_("Find the runs of a sweep planned with --print-commands and print its table"), "SWEEP" },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &o.dataset, N_("mnist or fashion (default fashion)"), "NAME" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &o.data_dir, N_("Read the IDX files from DIR only"), "DIR" },
    { "units", 0, 0, G_OPTION_ARG_STRING, &o.units, N_("Hidden layer sizes (default 128), or none"), "N[,N…]|none" },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &o.activation, N_("Activation of the hidden layers (default relu)"), "NAME[,…]" },
    { "dropout", 0, 0, G_OPTION_ARG_STRING, &o.dropout, N_("Dropout after each hidden layer (default 0)"), "RATE[,…]" },
    { "outputs", 0, 0, G_OPTION_ARG_STRING, &o.outputs, N_("Output units (default 10)"), "N" },
    { "epochs", 0, 0, G_OPTION_ARG_STRING, &o.epochs, N_("Epochs (default 10)"), "N" },
    { "batch-size", 0, 0, G_OPTION_ARG_STRING, &o.batch_size, N_("Batch size (default 32)"), "N" },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &o.optimizer, N_("adam, sgd or rmsprop (default adam)"), "NAME" },
    { "learning-rate", 0, 0, G_OPTION_ARG_STRING, &o.learning_rate,
      N_("Learning rate (default: the optimizer's, 0.001, sgd 0.01)"), "LR" },
    { "momentum", 0, 0, G_OPTION_ARG_STRING, &o.momentum, N_("SGD momentum (default 0)"), "M" },
    { "no-normalize", 0, 0, G_OPTION_ARG_NONE, &o.no_normalize, N_("Feed pixels as 0…255"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &o.seed, N_("Random seed (default 42)"), "N" },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &o.threads, N_("Worker threads per run (default 1)"), "N" },
    { "train-limit", 0, 0, G_OPTION_ARG_STRING, &o.train_limit, N_("Use only the first N training images"), "N" },
    { "test-limit", 0, 0, G_OPTION_ARG_STRING, &o.test_limit, N_("Use only the first N test images"), "N" },
    { "kernels", 0, 0, G_OPTION_ARG_STRING, &o.kernels, NR_CLI_KERNELS_OPTION, "PATH" },
    { "runs-dir", 0, 0, G_OPTION_ARG_FILENAME, &o.runs_dir,
      N_("Save the runs and the sweep in DIR (default $NEURONA_RUNS_DIR, else ~/.local/share/neurona/runs)"),
      "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json,
      N_("Print one JSON object instead of the table (the lines per run go to stderr)"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet,
      N_("Print nothing but warnings, errors (and the JSON)"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autofree char *description = describe_command ();
  g_auto (GStrv) args = NULL;
  int status = NR_CLI_EXIT_OK;

  if (nr_cli_parse_options ("sweep", _("- train one run per combination of settings"),
                            description, entries, argc, argv, &args, &status))
    {
      if (args[0] != NULL)
        status = usage_error (_("unexpected argument “%s” (see neurona-cli sweep --help)"),
                              args[0]);
      else
        status = sweep_command (&o);
    }
  nr_kernels_force (NR_KERNELS_AUTO);
  options_clear (&o);
  return status;
}
