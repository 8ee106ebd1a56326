/* cli-train.c — `neurona-cli train`: the tutorial's training run in a terminal, Keras-style.
 *
 * Exit status: 0 success, 1 unreadable or invalid data files or standard output could not be
 * written, 2 bad options or impossible settings, 3 training diverged (the loss became NaN or
 * infinite), 130 interrupted (Ctrl-C).
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "cli.h"
#include "neurona/neurona.h"

/* nr_kernels_force: internal to the core, on the CLI's include path (core_dep). */
#include "kernels.h"

#define EXIT_DATA NR_CLI_EXIT_DATA
#define EXIT_IO NR_CLI_EXIT_IO
#define EXIT_USAGE NR_CLI_EXIT_USAGE
#define EXIT_DIVERGED NR_CLI_EXIT_DIVERGED
#define EXIT_INTERRUPTED NR_CLI_EXIT_INTERRUPTED

/* One line on stderr, exit status 2. */
#define usage_error nr_cli_usage_error

/* Ctrl-C cancels the run between two batches instead of killing the process, so the
 * epochs already done are still reported (and --json still ends with its object). */
static NrTrainer *volatile interruptible_trainer;

static void
on_sigint (int signum)
{
  NrTrainer *trainer = interruptible_trainer;

  if (trainer != NULL)
    nr_trainer_cancel (trainer); /* an atomic store: safe in a signal handler */
  signal (signum, SIG_DFL);      /* a second Ctrl-C kills as usual */
}

/* Options */

/* The training settings (cli.h) and what only `train` does with a run. */
typedef struct
{
  NrCliTrainSettings settings;
  char *data_dir;
  char *kernels;
  char *runs_dir;
  gboolean no_save;
  gboolean json;
  gboolean quiet;
} Options;

void
nr_cli_train_settings_clear (NrCliTrainSettings *o)
{
  g_free (o->dataset);
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
}

static void
options_clear (Options *o)
{
  nr_cli_train_settings_clear (&o->settings);
  g_free (o->data_dir);
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

  /* g_ascii_string_to_unsigned accepts neither signs nor spaces nor trailing junk. */
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

/* A setting the training keeps as a 32-bit float. "abc" and "nan" are not numbers; a
 * number too large for a double ("1e999") comes back infinite, for the caller's range check
 * to refuse as too large. One too close to 0 for a float (below FLT_MIN ≈ 1.2e-38: it would
 * become 0, or a subnormal the kernels flush to 0) is refused here with that reason, not
 * called 0 later; `advice` ends that message. *value is the number typed, *out the float the
 * training gets. */
static gboolean
parse_float (const char *option, const char *text, const char *advice, double *value, float *out,
             int *status)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  char *end = NULL;
  double v;

  errno = 0;
  v = g_ascii_strtod (stripped, &end);
  if (stripped[0] == '\0' || end == stripped || *end != '\0' || isnan (v))
    {
      *status = usage_error (_("%s expects a number, not “%s”"), option, text);
      return FALSE;
    }
  /* strtod's ERANGE below 1 is an underflow: 1e-400 reads as 0, 1e-320 as a subnormal. A
   * negative one is left to the caller's range check ("must be above 0"), kept negative. */
  if (errno == ERANGE && fabs (v) < 1.0 && signbit (v))
    v = -DBL_MIN;
  else if ((errno == ERANGE && fabs (v) < 1.0) || (v > 0.0 && v < FLT_MIN))
    {
      *status = usage_error (_("%s %s is too close to 0 for the 32-bit floats training "
                               "computes in (the smallest is about 1.2e-38); %s"),
                             option, stripped, advice);
      return FALSE;
    }
  *value = v;
  *out = (float) v;
  return TRUE;
}

/* A rate in [0, 1) as a float: --dropout, --momentum. */
static gboolean
parse_unit_rate (const char *option, const char *text, const char *zero_means, float *out,
                 int *status)
{
  g_autofree char *advice = g_strdup_printf (_("use 0 for %s"), zero_means);
  double d;

  if (!parse_float (option, text, advice, &d, out, status))
    return FALSE;
  if (d < 0 || d >= 1)
    {
      *status = usage_error (_("%s must be at least 0 and below 1 (got %s)"), option, text);
      return FALSE;
    }
  /* 0.99999999999 is below 1, but the nearest float is 1. */
  if (*out >= 1.0f)
    {
      *status = usage_error (_("%s %s rounds to 1 as a 32-bit float, and it must be below 1: "
                               "the largest rate below 1 is 0.99999994"),
                             option, text);
      return FALSE;
    }
  return TRUE;
}

/* "a,b,c" → items; an empty item ("128,,64") is an error. */
static char **
split_list (const char *option, const char *text, guint *n_items, int *status)
{
  g_auto (GStrv) items = g_strsplit (text, ",", -1);
  guint n = g_strv_length (items);

  for (guint i = 0; i < n; i++)
    {
      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        {
          *status = usage_error (_("%s: empty item in “%s”"), option, text);
          return NULL;
        }
    }
  *n_items = n;
  return g_steal_pointer (&items);
}

/* A per-layer option ("relu" or "relu,tanh"): one value for every hidden layer, or one
 * per layer; `what` names the values in the message (N_("names"), N_("rates")). */
static char **
split_per_layer (const char *option, const char *text, const char *what, guint n_hidden,
                 guint *n_items, int *status)
{
  g_auto (GStrv) items = split_list (option, text, n_items, status);

  if (items == NULL)
    return NULL;
  if (*n_items != 1 && *n_items != n_hidden)
    {
      /* Translators: "--activation: 2 names for 3 hidden layers (…)"; %s is "names" or
       * "rates" */
      *status = usage_error (_("%s: %u %s for %u hidden layers (give one for all, or one per "
                               "layer)"),
                             option, *n_items, _(what), n_hidden);
      return NULL;
    }
  return g_steal_pointer (&items);
}

static const char *
activation_names (void)
{
  static char names[256];

  if (names[0] == '\0')
    for (guint a = 0; a < NR_N_ACTIVATIONS; a++)
      {
        g_strlcat (names, a > 0 ? ", " : "", sizeof names);
        g_strlcat (names, nr_activation_name ((NrActivation) a), sizeof names);
      }
  return names;
}

gboolean
nr_cli_train_settings_build (const NrCliTrainSettings *o, NrDatasetId *dataset_id,
                             NrTrainConfig *config, int *status)
{
  NrModelSpec *spec = &config->model;
  NrOptimizerKind kind = NR_OPTIMIZER_ADAM;
  guint64 v;
  double d;
  float f;

  nr_train_config_init (config);

  *dataset_id = NR_DATASET_FASHION_MNIST;
  if (o->dataset != NULL && !nr_dataset_id_from_name (o->dataset, dataset_id))
    {
      *status = usage_error (_("unknown dataset “%s” (choose mnist or fashion)"), o->dataset);
      return FALSE;
    }

  /* --units: the hidden layers; "none" for none (a linear softmax classifier). */
  if (o->units != NULL)
    {
      g_strstrip (o->units);
      if (o->units[0] == '\0')
        {
          *status = usage_error (_("--units needs the hidden layer sizes: --units 128, --units "
                                   "256,128, or --units none for no hidden layer"));
          return FALSE;
        }
      if (g_ascii_strcasecmp (o->units, "none") == 0)
        {
          /* Options that would be silently ignored are refused instead. */
          if (o->activation != NULL)
            {
              *status = usage_error (_("--activation does nothing with --units none: without a "
                                       "hidden layer there is no activation (the outputs go "
                                       "straight to softmax)"));
              return FALSE;
            }
          if (o->dropout != NULL)
            {
              *status = usage_error (_("--dropout does nothing with --units none: dropout "
                                       "follows a hidden layer, and there is none"));
              return FALSE;
            }
          spec->n_hidden = 0;
        }
      else
        {
          guint n;
          g_auto (GStrv) items = split_list ("--units", o->units, &n, status);

          if (items == NULL)
            return FALSE;
          if (n > NR_MAX_HIDDEN)
            {
              *status = usage_error (_("--units: %u hidden layers, at most %d"), n,
                                     NR_MAX_HIDDEN);
              return FALSE;
            }
          spec->n_hidden = n;
          for (guint l = 0; l < n; l++)
            {
              if (!parse_uint ("--units", items[l], 1, NR_MAX_UNITS, &v, status))
                return FALSE;
              spec->hidden[l].units = (guint) v;
              spec->hidden[l].activation = spec->hidden[0].activation;
              spec->hidden[l].dropout = spec->hidden[0].dropout;
            }
        }
    }

  if (o->activation != NULL)
    {
      guint n;
      g_auto (GStrv) items = split_per_layer ("--activation", o->activation, N_("names"),
                                              spec->n_hidden, &n, status);

      if (items == NULL)
        return FALSE;
      for (guint l = 0; l < n; l++)
        {
          NrActivation act;

          if (!nr_activation_from_name (items[l], &act))
            {
              *status = usage_error (_("--activation: unknown activation “%s” (choose from %s)"),
                                     items[l], activation_names ());
              return FALSE;
            }
          for (guint k = 0; k < spec->n_hidden; k++)
            if (n == 1 || k == l)
              spec->hidden[k].activation = act;
        }
    }

  if (o->dropout != NULL)
    {
      guint n;
      g_auto (GStrv) items = split_per_layer ("--dropout", o->dropout, N_("rates"),
                                              spec->n_hidden, &n, status);

      if (items == NULL)
        return FALSE;
      for (guint l = 0; l < n; l++)
        {
          /* Translators: in "use 0 for no dropout" */
          if (!parse_unit_rate ("--dropout", items[l], _("no dropout"), &f, status))
            return FALSE;
          for (guint k = 0; k < spec->n_hidden; k++)
            if (n == 1 || k == l)
              spec->hidden[k].dropout = f;
        }
    }

  if (o->outputs != NULL)
    {
      if (!parse_uint ("--outputs", o->outputs, 1, NR_MAX_UNITS, &v, status))
        return FALSE;
      spec->outputs = (guint) v;
    }
  if (o->epochs != NULL)
    {
      if (!parse_uint ("--epochs", o->epochs, 1, 100000, &v, status))
        return FALSE;
      config->epochs = (guint) v;
    }
  if (o->batch_size != NULL)
    {
      if (!parse_uint ("--batch-size", o->batch_size, 1, 1000000, &v, status))
        return FALSE;
      config->batch_size = (guint) v;
    }

  if (o->optimizer != NULL && !nr_optimizer_from_name (o->optimizer, &kind))
    {
      *status = usage_error (_("unknown optimizer “%s” (choose adam, sgd or rmsprop)"),
                             o->optimizer);
      return FALSE;
    }
  nr_optimizer_spec_init (&config->optimizer, kind);
  if (o->learning_rate != NULL)
    {
      if (!parse_float ("--learning-rate", o->learning_rate,
                        _("rates that train are about 1e-5 to 1 (Keras's default: 0.001)"), &d,
                        &f, status))
        return FALSE;
      if (d <= 0 || d > 1e6)
        {
          *status = usage_error (_("--learning-rate must be above 0 and at most 1e6 (got %s)"),
                                 o->learning_rate);
          return FALSE;
        }
      config->optimizer.learning_rate = f;
    }
  if (o->momentum != NULL)
    {
      if (kind != NR_OPTIMIZER_SGD)
        {
          *status = usage_error (_("--momentum applies to --optimizer sgd only"));
          return FALSE;
        }
      /* Translators: in "use 0 for no momentum" */
      if (!parse_unit_rate ("--momentum", o->momentum, _("no momentum"), &f, status))
        return FALSE;
      config->optimizer.momentum = f;
    }

  config->normalize = !o->no_normalize;
  if (o->seed != NULL && !parse_uint ("--seed", o->seed, 0, G_MAXUINT64, &config->seed, status))
    return FALSE;
  if (o->threads != NULL)
    {
      if (!parse_uint ("--threads", o->threads, 1, 256, &v, status))
        return FALSE;
      config->n_threads = (guint) v;
    }
  /* The core reads a limit of 0 as "all the images": refuse it rather than train on
   * 60,000 images when asked for none. */
  if (o->train_limit != NULL)
    {
      if (!parse_uint ("--train-limit", o->train_limit, 0, G_MAXUINT, &v, status))
        return FALSE;
      if (v == 0)
        {
          *status = usage_error (_("--train-limit 0 would leave no images to train on; leave "
                                   "the option out to use them all"));
          return FALSE;
        }
      config->train_limit = (guint) v;
    }
  if (o->test_limit != NULL)
    {
      if (!parse_uint ("--test-limit", o->test_limit, 0, G_MAXUINT, &v, status))
        return FALSE;
      if (v == 0)
        {
          *status = usage_error (_("--test-limit 0 would leave no images to test on; leave "
                                   "the option out to use them all"));
          return FALSE;
        }
      config->test_limit = (guint) v;
    }
  return TRUE;
}

/* Output */

/* 60000 → "60,000": a comma whatever the locale, as Keras's summary prints counts. */
static char *
format_count (guint64 n)
{
  return nr_format_count_with (n, ",");
}

static void
print_summary (const NrModelSpec *spec)
{
  g_autofree char *total = format_count (nr_model_spec_param_count (spec));
  guint dense = 0, dropout = 0;
  g_autofree char *input = g_strdup_printf ("(None, %u)", spec->input_size);

  printf ("Model: \"sequential\"\n");
  printf ("_________________________________________________________________\n");
  printf (" %-28s %-25s %s\n", "Layer (type)", "Output Shape", "Param #");
  printf ("=================================================================\n");
  printf (" %-28s %-25s %s\n", "flatten (Flatten)", input, "0");
  for (guint l = 0; l <= spec->n_hidden; l++)
    {
      guint units = l < spec->n_hidden ? spec->hidden[l].units : spec->outputs;
      g_autofree char *name = dense == 0 ? g_strdup ("dense (Dense)")
                                         : g_strdup_printf ("dense_%u (Dense)", dense);
      g_autofree char *shape = g_strdup_printf ("(None, %u)", units);
      g_autofree char *params = format_count (nr_model_spec_layer_params (spec, l));
      g_autofree char *act = NULL;

      if (l < spec->n_hidden)
        act = g_strdup_printf ("%s  %s", params, nr_activation_name (spec->hidden[l].activation));
      else
        act = g_strdup_printf ("%s  logits", params);
      printf (" %-28s %-25s %s\n", name, shape, act);
      dense++;
      if (l < spec->n_hidden && spec->hidden[l].dropout > 0)
        {
          g_autofree char *dname = dropout == 0 ? g_strdup ("dropout (Dropout)")
                                                : g_strdup_printf ("dropout_%u (Dropout)", dropout);
          g_autofree char *rate = g_strdup_printf ("0  rate %g", (double) spec->hidden[l].dropout);

          printf (" %-28s %-25s %s\n", dname, shape, rate);
          dropout++;
        }
    }
  printf ("=================================================================\n");
  printf ("Total params: %s\n", total);
  printf ("_________________________________________________________________\n");
}

/* Keras' style: "1s", "80us/step", "12ms/step". */
static char *
format_step_time (double seconds)
{
  if (seconds >= 1)
    return g_strdup_printf ("%.0fs/step", seconds);
  if (seconds >= 1e-3)
    return g_strdup_printf ("%.0fms/step", seconds * 1e3);
  return g_strdup_printf ("%.0fus/step", seconds * 1e6);
}

typedef struct
{
  gboolean quiet;
  gboolean tty;
  guint epoch_shown; /* the last "Epoch e/E" printed */
  gint64 last_draw;  /* monotonic µs of the last redraw on a TTY */
  gsize last_len;    /* length of the last line drawn, to blank leftovers */
  gboolean at_chance; /* the last epoch ended at chance (warned once per stretch) */
  NrRunRecord *record;   /* borrowed: the run's books, one entry per completed epoch */
  NrTrainer *trainer;    /* borrowed: cancelled when stdout fails */
  NrWeights *epoch_weights; /* owned: the weights at the end of the last completed epoch */
  gboolean write_failed; /* stdout lost output: the run was stopped */
} Run;

/* Progress that cannot be written stops the run: training on would only lose more. */
static void
run_flush (Run *run)
{
  if (!run->write_failed && !nr_cli_flush_stdout ())
    {
      run->write_failed = TRUE;
      if (run->trainer != NULL)
        nr_trainer_cancel (run->trainer);
    }
}

static void
draw_line (Run *run, const NrProgress *p, gboolean final)
{
  GString *line = g_string_new (NULL);
  guint width = 30;
  guint done = p->steps > 0 ? (guint) ((guint64) width * p->step / p->steps) : width;
  int digits = 1;
  g_autofree char *step_time = format_step_time (p->seconds_per_step);
  char loss[NR_CLI_LOSS_BUF];

  for (guint s = p->steps; s >= 10; s /= 10)
    digits++;
  g_string_append_printf (line, "%*u/%u [", digits, p->step, p->steps);
  for (guint i = 0; i < width; i++)
    {
      if (i + 1 < done || (i + 1 == done && p->step >= p->steps))
        g_string_append_c (line, '=');
      else if (i + 1 == done)
        g_string_append_c (line, '>');
      else
        g_string_append_c (line, '.');
    }
  g_string_append_printf (line, "] - %.0fs %s - loss: %s - accuracy: %.4f", p->epoch_seconds,
                          step_time, nr_cli_format_loss (loss, p->loss), p->accuracy);
  if (final && !isnan (p->test_loss))
    g_string_append_printf (line, " - test_loss: %s - test_accuracy: %.4f",
                            nr_cli_format_loss (loss, p->test_loss), p->test_accuracy);

  if (run->tty)
    {
      /* Overwrite the previous drawing, blanking what a shorter line would leave. */
      gsize len = line->len;

      if (len < run->last_len)
        g_string_append_printf (line, "%*s", (int) (run->last_len - len), "");
      printf ("\r%s%s", line->str, final ? "\n" : "");
      run->last_len = final ? 0 : len;
    }
  else if (final)
    printf ("%s\n", line->str);
  run_flush (run);
  g_string_free (line, TRUE);
}

static gboolean
uses_relu (const NrModelSpec *spec)
{
  for (guint l = 0; l < spec->n_hidden; l++)
    if (spec->hidden[l].activation == NR_ACTIVATION_RELU)
      return TRUE;
  return FALSE;
}

/* Training goes on (it may recover), but a run stuck at chance is worth knowing about
 * while it runs, not after its last epoch. */
static void
warn_at_chance (Run *run, const NrProgress *p)
{
  const NrTrainConfig *config = &run->record->config;
  double accuracy = isnan (p->test_accuracy) ? p->accuracy : p->test_accuracy;
  char rate[G_ASCII_DTOSTR_BUF_SIZE];
  double next = nr_cli_suggested_learning_rate (config);

  nr_cli_warning (_("epoch %u ended at chance accuracy (%.1f %%): the network is not "
                    "learning%s — try --learning-rate %s"),
                  p->epoch, 100.0 * accuracy,
                  uses_relu (&config->model)
                    ? _("; with relu a large learning rate kills the units")
                    : "",
                  nr_cli_format_option_value (rate, next));
}

static void
on_progress (const NrProgress *p, const NrModel *model, gpointer user_data)
{
  Run *run = user_data;

  nr_run_record_add_progress (run->record, p);

  if (!run->quiet)
    {
      if (run->epoch_shown != p->epoch)
        {
          printf ("Epoch %u/%u\n", p->epoch, p->epochs);
          run_flush (run);
          run->epoch_shown = p->epoch;
          run->last_draw = 0;
        }
      if (p->kind == NR_PROGRESS_EPOCH_END)
        draw_line (run, p, TRUE);
      else if (run->tty)
        {
          gint64 now = g_get_monotonic_time ();

          /* At most ten redraws a second. */
          if (now - run->last_draw >= 100000)
            {
              draw_line (run, p, FALSE);
              run->last_draw = now;
            }
        }
    }

  if (p->kind == NR_PROGRESS_EPOCH_END)
    {
      /* As the lab: the weights its figures describe (a run stopped or diverged mid-epoch
       * has moved on since, to weights no figure speaks for). */
      g_clear_pointer (&run->epoch_weights, nr_weights_unref);
      run->epoch_weights = nr_weights_new_from_model (model);
      if (p->at_chance && !run->at_chance)
        warn_at_chance (run, p);
      run->at_chance = p->at_chance;
    }
}

/* The weights to keep: those at the end of the last completed epoch, as the lab keeps
 * them, which the run's figures (and `evaluate`) describe. None when no epoch completed, or
 * when they are not finite (they could be neither used nor loaded). */
static NrWeights *
weights_to_keep (Run *run)
{
  gsize n;
  const float *params;

  if (run->epoch_weights == NULL)
    return NULL;
  params = nr_weights_get_params (run->epoch_weights, &n);
  for (gsize i = 0; i < n; i++)
    if (!isfinite (params[i]))
      return NULL;
  return nr_weights_ref (run->epoch_weights);
}

/* JSON */

static void
add_history (JsonBuilder *b, const NrRunRecord *record)
{
  static const struct
  {
    const char *member;
    gsize offset;
  } series[] = {
    { "train_loss", G_STRUCT_OFFSET (NrEpochRecord, train_loss) },
    { "train_accuracy", G_STRUCT_OFFSET (NrEpochRecord, train_accuracy) },
    { "test_loss", G_STRUCT_OFFSET (NrEpochRecord, test_loss) },
    { "test_accuracy", G_STRUCT_OFFSET (NrEpochRecord, test_accuracy) },
    { "epoch_seconds", G_STRUCT_OFFSET (NrEpochRecord, seconds) },
  };

  json_builder_set_member_name (b, "history");
  json_builder_begin_object (b);
  for (guint s = 0; s < G_N_ELEMENTS (series); s++)
    {
      json_builder_set_member_name (b, series[s].member);
      json_builder_begin_array (b);
      for (guint e = 0; e < record->history->len; e++)
        {
          const NrEpochRecord *epoch = &g_array_index (record->history, NrEpochRecord, e);

          nr_cli_json_double (b, NULL, G_STRUCT_MEMBER (double, epoch, series[s].offset));
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

/* One line: what ran, how it ended, its history, and where it was saved. */
static void
print_summary_json (const NrDataset *dataset, const NrRunRecord *record,
                    const NrTrainResult *result)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const NrTrainConfig *config = &record->config;
  const NrModelSpec *spec = &config->model;

  json_builder_begin_object (b);
  nr_cli_json_string (b, "dataset", nr_dataset_info (record->dataset)->name);
  nr_cli_json_string (b, "data_source", nr_data_source_describe (dataset->source));
  nr_cli_json_path (b, "data_dir", dataset->directory);
  nr_cli_json_int (b, "train_size", record->train_size);
  nr_cli_json_int (b, "test_size", record->test_size);
  nr_cli_json_int (b, "params", (gint64) record->params);
  json_builder_set_member_name (b, "units");
  json_builder_begin_array (b);
  for (guint l = 0; l < spec->n_hidden; l++)
    json_builder_add_int_value (b, spec->hidden[l].units);
  json_builder_end_array (b);
  nr_cli_json_int (b, "outputs", spec->outputs);
  nr_cli_json_string (b, "optimizer", nr_optimizer_name (config->optimizer.kind));
  nr_cli_json_float (b, "learning_rate", config->optimizer.learning_rate);
  nr_cli_json_int (b, "batch_size", config->batch_size);
  nr_cli_json_bool (b, "normalize", config->normalize);
  nr_cli_json_seed (b, "seed", config->seed);
  nr_cli_json_int (b, "epochs", config->epochs);
  nr_cli_json_int (b, "epochs_completed", result->epochs_completed);
  nr_cli_json_double (b, "seconds", result->seconds);
  nr_cli_json_double (b, "seconds_per_epoch", result->seconds_per_epoch);
  nr_cli_json_double (b, "train_loss", result->train_loss);
  nr_cli_json_double (b, "train_accuracy", result->train_accuracy);
  nr_cli_json_double (b, "test_loss", result->test_loss);
  nr_cli_json_double (b, "test_accuracy", result->test_accuracy);
  nr_cli_json_bool (b, "diverged", record->status == NR_TRAIN_DIVERGED);
  if (record->status == NR_TRAIN_DIVERGED)
    {
      nr_cli_json_int (b, "diverged_epoch", record->diverged_epoch);
      nr_cli_json_int (b, "diverged_step", record->diverged_step);
      nr_cli_json_string (b, "divergence", nr_divergence_name (record->divergence));
      nr_cli_json_double (b, "diverged_loss", record->diverged_loss);
      nr_cli_json_double (b, "reference_loss", record->reference_loss);
      nr_cli_json_double (b, "suggested_learning_rate", nr_cli_suggested_learning_rate (config));
    }
  nr_cli_json_int (b, "epochs_at_chance", record->epochs_at_chance);
  nr_cli_json_string (b, "status", nr_train_status_name (record->status));
  nr_cli_json_string (b, "run_id", record->dir != NULL ? record->id : NULL);
  nr_cli_json_path (b, "run_dir", record->dir);
  add_history (b, record);
  json_builder_end_object (b);
  nr_cli_print_json (b, FALSE);
}

/* The command */

static char *
describe_command (void)
{
  g_autofree char *kernels_note = nr_cli_kernels_note ();

  /* Translators: %s is the paragraph about --kernels; lines at most 90 columns wide. */
  return g_strdup_printf (
    _("Trains Flatten(28×28) → Dense hidden layers (each optionally followed by Dropout) →\n"
      "Dense(outputs) on MNIST or Fashion-MNIST, like the tutorial's Keras model.\n"
      "\n"
      "Data is looked up in --data-dir or $NEURONA_DATA_DIR (the folder or its mnist/ or\n"
      "fashion/ sub-folder), else the full sets fetched by data/fetch-full.sh, else Debian's\n"
      "/usr/share/datasets/fashion-mnist, else the subset committed in data/subset/.\n"
      "\n"
      "--units none trains no hidden layer: a linear softmax classifier (Dense(outputs) on the\n"
      "pixels), which takes neither --activation nor --dropout.\n"
      "\n"
      "The run is saved in the runs folder, as the lab saves its runs (they show on its Runs\n"
      "page): a folder with run.json (settings, history, how it ended) and model.safetensors\n"
      "(the weights, for neurona-cli evaluate). The folder is --runs-dir, else\n"
      "$NEURONA_RUNS_DIR, else ~/.local/share/neurona/runs. A diverged run is saved too; one\n"
      "interrupted before its first epoch ended is not.\n"
      "\n"
      "%s\n"
      "\n"
      "Exit status: 0 success; 1 unreadable or invalid data files, a run that could not be\n"
      "saved, or standard output could not be written (a full disk, a closed descriptor: the\n"
      "run stops and says why); 2 bad options or impossible settings; 3 training diverged (the\n"
      "loss became NaN or infinite, or ran away; stderr says why and which learning rate to\n"
      "try); 130 interrupted by Ctrl-C (the epochs already done are still reported).\n"
      "\n"
      "Example (the tutorial): neurona-cli train --dataset fashion --units 128 --epochs 10"),
    kernels_note);
}

/* "Using …", the model's summary and the optimizer line. */
static void
print_header (const NrDataset *dataset, const NrRunRecord *record)
{
  const NrTrainConfig *config = &record->config;
  const NrDatasetInfo *info = nr_dataset_info (dataset->id);
  g_autofree char *train_count = format_count (record->train_size);
  g_autofree char *test_count = format_count (record->test_size);
  g_autofree char *train_all = format_count (dataset->train->n);
  g_autofree char *test_all = format_count (dataset->test->n);
  g_autofree char *directory = g_filename_display_name (dataset->directory);
  g_autofree char *momentum = config->optimizer.kind == NR_OPTIMIZER_SGD
                                ? g_strdup_printf (_(", momentum %g"),
                                                   (double) config->optimizer.momentum)
                                : g_strdup ("");
  /* Translators: "600 of 60,000" (images) */
  g_autofree char *train_part = record->train_size < dataset->train->n
                                  ? g_strdup_printf (_("%s of %s"), train_count, train_all)
                                  : g_strdup (train_count);
  g_autofree char *test_part = record->test_size < dataset->test->n
                                 ? g_strdup_printf (_("%s of %s"), test_count, test_all)
                                 : g_strdup (test_count);

  /* Translators: "Using Fashion-MNIST from the committed subset (data/subset/fashion): 600
   * of 60,000 train / 100 of 10,000 test images" */
  printf (_("Using %s from %s (%s): %s train / %s test images\n"), _(info->title),
          _(nr_data_source_describe (dataset->source)), directory, train_part, test_part);
  print_summary (&config->model);
  /* Translators: the last %s is "normalised" or "unscaled (0…255)" */
  printf (_("Optimizer: %s, learning rate %g%s; batch size %u; %s inputs; seed %llu\n"),
          nr_optimizer_name (config->optimizer.kind), (double) config->optimizer.learning_rate,
          momentum, config->batch_size,
          config->normalize ? _("normalised") : _("unscaled (0…255)"),
          (unsigned long long) config->seed);
}

static int
train (Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) dataset = NULL;
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  g_autofree char *runs_dir = NULL;
  NrTrainConfig config;
  NrTrainResult result = { 0 };
  NrDatasetId dataset_id;
  const NrDatasetInfo *info;
  Run run = { 0 };
  g_autoptr (NrWeights) epoch_weights = NULL;
  gboolean ok;
  gboolean save_failed = FALSE;
  int status = NR_CLI_EXIT_OK;

  if (o->data_dir != NULL && o->data_dir[0] == '\0')
    return usage_error (_("--data-dir needs a folder name"));
  if (o->no_save && o->runs_dir != NULL)
    return usage_error (_("--runs-dir does nothing with --no-save: the run is not saved"));
  if (!o->no_save && (runs_dir = nr_cli_runs_dir (o->runs_dir, &status)) == NULL)
    return status;
  if (!nr_cli_train_settings_build (&o->settings, &dataset_id, &config, &status))
    return status;
  info = nr_dataset_info (dataset_id);

  /* Impossible settings are refused before any data is read. */
  if (!nr_train_config_check (&config, info->n_classes, &error))
    return usage_error ("%s", error->message);
  if (o->kernels != NULL && !nr_cli_use_kernels (o->kernels, &status))
    return status;

  dataset = nr_dataset_load (dataset_id, o->data_dir, &error);
  if (dataset == NULL)
    return nr_cli_error (EXIT_DATA, "%s", error->message);

  /* A run that could not be saved would be lost after all its training: a folder that
   * cannot be made says so now (once the data is there: nothing is created for a run
   * that cannot start). */
  if (runs_dir != NULL && g_mkdir_with_parents (runs_dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *name = g_filename_display_name (runs_dir);

      return nr_cli_error (EXIT_IO,
                           _("cannot save runs in %s: %s (choose another folder with "
                             "--runs-dir, or --no-save)"),
                           name, g_strerror (saved_errno));
    }

  trainer = nr_trainer_new (&config, dataset->train, dataset->test, info->n_classes, &error);
  if (trainer == NULL)
    {
      /* The data was read; what remains is a setting that does not fit it. */
      return usage_error ("%s", error->message);
    }
  record = nr_run_record_new_for_trainer (trainer, dataset_id, dataset);
  {
    /* Named in English whatever the language, so every lab shows it as a default name, in
     * its own language (run-record.h). */
    g_autofree char *name = nr_run_record_default_name_english (&config);

    nr_run_record_set_name (record, name);
  }

  if (!o->quiet)
    {
      print_header (dataset, record);
      /* A full disk or a closed stdout shows here, before any training is spent. */
      if (!nr_cli_flush_stdout ())
        return EXIT_IO;
    }

  run.quiet = o->quiet;
  run.tty = isatty (STDOUT_FILENO);
  run.record = record;
  run.trainer = trainer;

  interruptible_trainer = trainer;
  signal (SIGINT, on_sigint);
  ok = nr_trainer_run (trainer, on_progress, &run, &result, &error);
  signal (SIGINT, SIG_DFL);
  interruptible_trainer = NULL;
  epoch_weights = run.epoch_weights; /* freed on every way out */
  if (run.last_len > 0 && !run.write_failed)
    printf ("\n"); /* end a progress line left mid-epoch */
  if (!ok)
    return nr_cli_error (EXIT_DATA, _("training failed: %s"), error->message);
  nr_run_record_finish (record, &result);

  if (result.status == NR_TRAIN_DIVERGED)
    {
      g_autofree char *reason = nr_cli_divergence_reason (record);
      g_autofree char *advice = nr_cli_learning_rate_advice (&config);

      status = nr_cli_error (EXIT_DIVERGED, _("training diverged at epoch %u, step %u: %s; %s"),
                             result.diverged_epoch, result.diverged_step, reason, advice);
    }
  else if (result.status == NR_TRAIN_CANCELLED && !run.write_failed)
    status = nr_cli_error (EXIT_INTERRUPTED, _("interrupted after %u of %u epochs"),
                           result.epochs_completed, config.epochs);
  else if (!o->quiet && result.epochs_completed > 0)
    {
      /* The tutorial's own line, in its words: print('\nTest accuracy:', test_acc). */
      if (!isnan (result.test_accuracy))
        printf ("Test accuracy: %.4f\n", result.test_accuracy);
      printf (_("%.3f s per epoch\n"), result.seconds_per_epoch);
    }

  /* As the lab: every run that taught the model something is kept — finished, stopped
   * after at least one epoch, or diverged (where it diverged is worth comparing too). */
  if (runs_dir != NULL && (result.status != NR_TRAIN_CANCELLED || result.epochs_completed > 0))
    {
      g_autoptr (NrWeights) weights = weights_to_keep (&run);

      if (!nr_run_save (record, weights, runs_dir, &error))
        {
          nr_cli_error (EXIT_IO, _("the run was not saved: %s"), error->message);
          save_failed = TRUE;
        }
      else
        {
          g_autofree char *dir = g_filename_display_name (record->dir);

          if (weights == NULL && result.epochs_completed > 0)
            nr_cli_warning (_("the weights were not finite when the run ended: the run is "
                              "saved without them"));
          if (!o->quiet)
            printf (_("Saved as run %s in %s\n"), record->id, dir);
        }
    }

  if (o->json)
    print_summary_json (dataset, record, &result);
  if (run.write_failed || !nr_cli_flush_stdout ())
    return EXIT_IO; /* main reports it at exit: "cannot write to standard output: …" */
  if (save_failed)
    return EXIT_IO;
  return status;
}

GOptionEntry *
nr_cli_train_settings_entries (NrCliTrainSettings *o, const GOptionEntry *more)
{
  const GOptionEntry settings[] = {
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &o->dataset, N_("mnist or fashion (default fashion)"), "NAME" },
    { "units", 0, 0, G_OPTION_ARG_STRING, &o->units,
      N_("Hidden layer sizes (default 128); none: no hidden layer (a linear softmax classifier)"),
      "N[,N…]|none" },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &o->activation,
      N_("relu, sigmoid, tanh, linear, leaky_relu, elu, gelu: one for all or one per layer (default relu)"),
      "NAME[,…]" },
    { "dropout", 0, 0, G_OPTION_ARG_STRING, &o->dropout, N_("Dropout rate after each hidden layer, 0 = none (default 0)"), "RATE[,…]" },
    { "outputs", 0, 0, G_OPTION_ARG_STRING, &o->outputs, N_("Output units (default 10)"), "N" },
    { "epochs", 0, 0, G_OPTION_ARG_STRING, &o->epochs, N_("Epochs (default 10)"), "N" },
    { "batch-size", 0, 0, G_OPTION_ARG_STRING, &o->batch_size, N_("Batch size (default 32)"), "N" },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &o->optimizer, N_("adam, sgd or rmsprop (default adam)"), "NAME" },
    { "learning-rate", 0, 0, G_OPTION_ARG_STRING, &o->learning_rate, N_("Learning rate (Keras defaults: 0.001, sgd 0.01)"), "LR" },
    { "momentum", 0, 0, G_OPTION_ARG_STRING, &o->momentum, N_("SGD momentum (default 0)"), "M" },
    { "no-normalize", 0, 0, G_OPTION_ARG_NONE, &o->no_normalize, N_("Feed pixels as 0…255 instead of scaling to [0, 1]"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &o->seed, N_("Random seed for weights, shuffling and dropout (default 42)"), "N" },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &o->threads, N_("Worker threads (default 1)"), "N" },
    { "train-limit", 0, 0, G_OPTION_ARG_STRING, &o->train_limit, N_("Use only the first N training images"), "N" },
    { "test-limit", 0, 0, G_OPTION_ARG_STRING, &o->test_limit, N_("Use only the first N test images"), "N" },
  };
  gsize n_more = 0;
  GOptionEntry *entries;

  while (more != NULL && more[n_more].long_name != NULL)
    n_more++;
  entries = g_new0 (GOptionEntry, G_N_ELEMENTS (settings) + n_more + 1);
  memcpy (entries, settings, sizeof settings);
  if (n_more > 0)
    memcpy (entries + G_N_ELEMENTS (settings), more, n_more * sizeof *more);
  return entries; /* the last row stays zeroed: G_OPTION_ENTRY_NULL */
}

int
nr_cli_train (int argc, char **argv)
{
  Options o = { 0 };
  const GOptionEntry own[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &o.data_dir, N_("Read the IDX files from DIR only"), "DIR" },
    { "kernels", 0, 0, G_OPTION_ARG_STRING, &o.kernels, NR_CLI_KERNELS_OPTION, "PATH" },
    { "runs-dir", 0, 0, G_OPTION_ARG_FILENAME, &o.runs_dir,
      N_("Save the run in DIR (default $NEURONA_RUNS_DIR, else ~/.local/share/neurona/runs)"), "DIR" },
    { "no-save", 0, 0, G_OPTION_ARG_NONE, &o.no_save, N_("Do not save the run"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json,
      N_("End with one line of JSON holding the results (and run_dir, where the run was saved)"),
      NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet,
      N_("Print nothing but warnings, errors (and the JSON)"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autofree GOptionEntry *entries = nr_cli_train_settings_entries (&o.settings, own);
  g_autofree char *description = describe_command ();
  g_auto (GStrv) args = NULL;
  int status = NR_CLI_EXIT_OK;

  if (nr_cli_parse_options ("train", _("- train a dense network"), description, entries, argc,
                            argv, &args, &status))
    {
      if (args[0] != NULL)
        status = usage_error (_("unexpected argument “%s” (see neurona-cli train --help)"),
                              args[0]);
      else
        status = train (&o);
    }
  /* Back to the best path: the command may run again in this process (the fuzzer). */
  nr_kernels_force (NR_KERNELS_AUTO);
  options_clear (&o);
  return status;
}
