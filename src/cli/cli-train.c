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

#define EXIT_DATA NR_CLI_EXIT_DATA
#define EXIT_IO NR_CLI_EXIT_IO
#define EXIT_USAGE NR_CLI_EXIT_USAGE
#define EXIT_DIVERGED NR_CLI_EXIT_DIVERGED
#define EXIT_INTERRUPTED NR_CLI_EXIT_INTERRUPTED

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

typedef struct
{
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
  gboolean no_normalize;
  gboolean json;
  gboolean quiet;
  gboolean help;
} Options;

static void
options_clear (Options *o)
{
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
}

static int
usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* One line on stderr, exit status 2. */
static int
usage_error (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* One line, whatever the message holds. */
  g_strdelimit (message, "\n", ' ');
  fprintf (stderr, "neurona-cli: %s\n", message);
  return EXIT_USAGE;
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
        *status = usage_error ("%s must be a whole number from %" G_GUINT64_FORMAT
                               " to %" G_GUINT64_FORMAT " (got “%s”)",
                               option, min, max, text);
      else
        *status = usage_error ("%s expects a whole number, not “%s”", option, text);
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
      *status = usage_error ("%s expects a number, not “%s”", option, text);
      return FALSE;
    }
  /* strtod's ERANGE below 1 is an underflow: 1e-400 reads as 0, 1e-320 as a subnormal. A
   * negative one is left to the caller's range check ("must be above 0"), kept negative. */
  if (errno == ERANGE && fabs (v) < 1.0 && signbit (v))
    v = -DBL_MIN;
  else if ((errno == ERANGE && fabs (v) < 1.0) || (v > 0.0 && v < FLT_MIN))
    {
      *status = usage_error ("%s %s is too close to 0 for the 32-bit floats training computes "
                             "in (the smallest is about 1.2e-38); %s",
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
  g_autofree char *advice = g_strdup_printf ("use 0 for %s", zero_means);
  double d;

  if (!parse_float (option, text, advice, &d, out, status))
    return FALSE;
  if (d < 0 || d >= 1)
    {
      *status = usage_error ("%s must be at least 0 and below 1 (got %s)", option, text);
      return FALSE;
    }
  /* 0.99999999999 is below 1, but the nearest float is 1. */
  if (*out >= 1.0f)
    {
      *status = usage_error ("%s %s rounds to 1 as a 32-bit float, and it must be below 1: the "
                             "largest rate below 1 is 0.99999994",
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
          *status = usage_error ("%s: empty item in “%s”", option, text);
          return NULL;
        }
    }
  *n_items = n;
  return g_steal_pointer (&items);
}

/* A per-layer option ("relu" or "relu,tanh"): one value for every hidden layer, or one
 * per layer; `what` names the values in the message ("names", "rates"). */
static char **
split_per_layer (const char *option, const char *text, const char *what, guint n_hidden,
                 guint *n_items, int *status)
{
  g_auto (GStrv) items = split_list (option, text, n_items, status);

  if (items == NULL)
    return NULL;
  if (*n_items != 1 && *n_items != n_hidden)
    {
      *status = usage_error ("%s: %u %s for %u hidden layers (give one for all, or one per "
                             "layer)",
                             option, *n_items, what, n_hidden);
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

/* Fills config from the options; on failure prints the message and sets *status. */
static gboolean
build_config (const Options *o, NrDatasetId *dataset_id, NrTrainConfig *config, int *status)
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
      *status = usage_error ("unknown dataset “%s” (choose mnist or fashion)", o->dataset);
      return FALSE;
    }

  /* --units: the hidden layers; "none" for none (a linear softmax classifier). */
  if (o->units != NULL)
    {
      g_strstrip (o->units);
      if (o->units[0] == '\0')
        {
          *status = usage_error ("--units needs the hidden layer sizes: --units 128, --units "
                                 "256,128, or --units none for no hidden layer");
          return FALSE;
        }
      if (g_ascii_strcasecmp (o->units, "none") == 0)
        {
          /* Options that would be silently ignored are refused instead. */
          if (o->activation != NULL)
            {
              *status = usage_error ("--activation does nothing with --units none: without a "
                                     "hidden layer there is no activation (the outputs go "
                                     "straight to softmax)");
              return FALSE;
            }
          if (o->dropout != NULL)
            {
              *status = usage_error ("--dropout does nothing with --units none: dropout follows "
                                     "a hidden layer, and there is none");
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
              *status = usage_error ("--units: %u hidden layers, at most %d", n, NR_MAX_HIDDEN);
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
      g_auto (GStrv) items = split_per_layer ("--activation", o->activation, "names",
                                              spec->n_hidden, &n, status);

      if (items == NULL)
        return FALSE;
      for (guint l = 0; l < n; l++)
        {
          NrActivation act;

          if (!nr_activation_from_name (items[l], &act))
            {
              *status = usage_error ("--activation: unknown activation “%s” (choose from %s)",
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
      g_auto (GStrv) items = split_per_layer ("--dropout", o->dropout, "rates", spec->n_hidden,
                                              &n, status);

      if (items == NULL)
        return FALSE;
      for (guint l = 0; l < n; l++)
        {
          if (!parse_unit_rate ("--dropout", items[l], "no dropout", &f, status))
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
      *status = usage_error ("unknown optimizer “%s” (choose adam, sgd or rmsprop)", o->optimizer);
      return FALSE;
    }
  nr_optimizer_spec_init (&config->optimizer, kind);
  if (o->learning_rate != NULL)
    {
      if (!parse_float ("--learning-rate", o->learning_rate,
                        "rates that train are about 1e-5 to 1 (Keras's default: 0.001)", &d, &f,
                        status))
        return FALSE;
      if (d <= 0 || d > 1e6)
        {
          *status = usage_error ("--learning-rate must be above 0 and at most 1e6 (got %s)",
                                 o->learning_rate);
          return FALSE;
        }
      config->optimizer.learning_rate = f;
    }
  if (o->momentum != NULL)
    {
      if (kind != NR_OPTIMIZER_SGD)
        {
          *status = usage_error ("--momentum applies to --optimizer sgd only");
          return FALSE;
        }
      if (!parse_unit_rate ("--momentum", o->momentum, "no momentum", &f, status))
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
          *status = usage_error ("--train-limit 0 would leave no images to train on; leave the "
                                 "option out to use them all");
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
          *status = usage_error ("--test-limit 0 would leave no images to test on; leave the "
                                 "option out to use them all");
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
  /* History, one entry per completed epoch. */
  GArray *train_loss, *train_accuracy, *test_loss, *test_accuracy, *epoch_seconds;
  double last_batch_loss;
  NrTrainer *trainer;    /* borrowed: cancelled when stdout fails */
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
  g_string_append_printf (line, "] - %.0fs %s - loss: %.4f - accuracy: %.4f",
                          p->epoch_seconds, step_time, p->loss, p->accuracy);
  if (final && !isnan (p->test_loss))
    g_string_append_printf (line, " - test_loss: %.4f - test_accuracy: %.4f", p->test_loss,
                            p->test_accuracy);

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

static void
on_progress (const NrProgress *p, const NrModel *model, gpointer user_data)
{
  Run *run = user_data;

  if (p->kind == NR_PROGRESS_STEP)
    run->last_batch_loss = p->batch_loss;

  if (p->kind == NR_PROGRESS_EPOCH_END)
    {
      g_array_append_val (run->train_loss, p->loss);
      g_array_append_val (run->train_accuracy, p->accuracy);
      g_array_append_val (run->test_loss, p->test_loss);
      g_array_append_val (run->test_accuracy, p->test_accuracy);
      g_array_append_val (run->epoch_seconds, p->epoch_seconds);
    }
  if (run->quiet)
    return;

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

/* JSON */

static void
json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

/* A finite number, locale-independent, to 10 significant digits (losses come from float
 * sums; more digits would be noise); NaN and infinities become null. */
static void
json_number_digits (GString *out, double v, const char *format)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, v));
}

static void
json_number (GString *out, double v)
{
  json_number_digits (out, v, "%.10g");
}

static void
json_key (GString *out, const char *key)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  json_string (out, key);
  g_string_append_c (out, ':');
}

static void
json_array (GString *out, const char *key, GArray *values)
{
  json_key (out, key);
  g_string_append_c (out, '[');
  for (guint i = 0; i < values->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      json_number (out, g_array_index (values, double, i));
    }
  g_string_append_c (out, ']');
}

static const char *
status_name (NrTrainStatus status)
{
  switch (status)
    {
    case NR_TRAIN_COMPLETED:
      return "completed";
    case NR_TRAIN_CANCELLED:
      return "cancelled";
    case NR_TRAIN_DIVERGED:
      return "diverged";
    default:
      return "unknown";
    }
}

static char *
build_json (const NrDataset *dataset, const NrTrainConfig *config, guint n_train, guint n_test,
            const NrTrainResult *result, Run *run)
{
  const NrModelSpec *spec = &config->model;
  GString *out = g_string_new ("{");
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, config->seed);

  json_key (out, "dataset");
  json_string (out, nr_dataset_info (dataset->id)->name);
  json_key (out, "data_source");
  json_string (out, nr_data_source_describe (dataset->source));
  json_key (out, "data_dir");
  json_string (out, dataset->directory);
  json_key (out, "train_size");
  g_string_append_printf (out, "%u", n_train);
  json_key (out, "test_size");
  g_string_append_printf (out, "%u", n_test);
  json_key (out, "params");
  g_string_append_printf (out, "%" G_GSIZE_FORMAT, nr_model_spec_param_count (spec));
  json_key (out, "units");
  g_string_append_c (out, '[');
  for (guint l = 0; l < spec->n_hidden; l++)
    g_string_append_printf (out, "%s%u", l > 0 ? "," : "", spec->hidden[l].units);
  g_string_append_c (out, ']');
  json_key (out, "outputs");
  g_string_append_printf (out, "%u", spec->outputs);
  json_key (out, "optimizer");
  json_string (out, nr_optimizer_name (config->optimizer.kind));
  json_key (out, "learning_rate");
  json_number_digits (out, config->optimizer.learning_rate, "%.7g"); /* a float */
  json_key (out, "batch_size");
  g_string_append_printf (out, "%u", config->batch_size);
  json_key (out, "normalize");
  g_string_append (out, config->normalize ? "true" : "false");
  json_key (out, "seed");
  g_string_append (out, seed);
  json_key (out, "epochs");
  g_string_append_printf (out, "%u", config->epochs);
  json_key (out, "epochs_completed");
  g_string_append_printf (out, "%u", result->epochs_completed);
  json_key (out, "seconds");
  json_number (out, result->seconds);
  json_key (out, "seconds_per_epoch");
  json_number (out, result->seconds_per_epoch);
  json_key (out, "train_loss");
  json_number (out, result->train_loss);
  json_key (out, "train_accuracy");
  json_number (out, result->train_accuracy);
  json_key (out, "test_loss");
  json_number (out, result->test_loss);
  json_key (out, "test_accuracy");
  json_number (out, result->test_accuracy);
  json_key (out, "diverged");
  g_string_append (out, result->status == NR_TRAIN_DIVERGED ? "true" : "false");
  if (result->status == NR_TRAIN_DIVERGED)
    {
      json_key (out, "diverged_epoch");
      g_string_append_printf (out, "%u", result->diverged_epoch);
      json_key (out, "diverged_step");
      g_string_append_printf (out, "%u", result->diverged_step);
    }
  json_key (out, "status");
  json_string (out, status_name (result->status));
  json_key (out, "history");
  {
    GString *h = g_string_new ("{");

    json_array (h, "train_loss", run->train_loss);
    json_array (h, "train_accuracy", run->train_accuracy);
    json_array (h, "test_loss", run->test_loss);
    json_array (h, "test_accuracy", run->test_accuracy);
    json_array (h, "epoch_seconds", run->epoch_seconds);
    g_string_append_c (h, '}');
    g_string_append (out, h->str);
    g_string_free (h, TRUE);
  }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* The command */

static const char description[] =
  "Trains Flatten(28×28) → Dense hidden layers (each optionally followed by Dropout) →\n"
  "Dense(outputs) on MNIST or Fashion-MNIST, like the tutorial's Keras model.\n"
  "\n"
  "Data is looked up in --data-dir or $NEURONA_DATA_DIR (the folder or its mnist/ or\n"
  "fashion/ sub-folder), else the full sets fetched by data/fetch-full.sh, else Debian's\n"
  "/usr/share/datasets/fashion-mnist, else the subset committed in data/subset/.\n"
  "\n"
  "--units none trains no hidden layer: a linear softmax classifier (Dense(outputs) on the\n"
  "pixels), which takes neither --activation nor --dropout.\n"
  "\n"
  "Exit status: 0 success; 1 unreadable or invalid data files, or standard output could not\n"
  "be written (a full disk, a closed descriptor: the run stops and says why); 2 bad options\n"
  "or impossible settings; 3 training diverged (the loss became NaN or infinite); 130\n"
  "interrupted by Ctrl-C (the epochs already done are still reported).\n"
  "\n"
  "Example (the tutorial): neurona-cli train --dataset fashion --units 128 --epochs 10";

int
nr_cli_train (int argc, char **argv)
{
  Options o = { 0 };
  GOptionEntry entries[] = {
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &o.dataset, "mnist or fashion (default fashion)", "NAME" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &o.data_dir, "Read the IDX files from DIR only", "DIR" },
    { "units", 0, 0, G_OPTION_ARG_STRING, &o.units,
      "Hidden layer sizes (default 128); none: no hidden layer (a linear softmax classifier)",
      "N[,N…]|none" },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &o.activation,
      "relu, sigmoid, tanh, linear, leaky_relu, elu, gelu: one for all or one per layer (default relu)",
      "NAME[,…]" },
    { "dropout", 0, 0, G_OPTION_ARG_STRING, &o.dropout, "Dropout rate after each hidden layer, 0 = none (default 0)", "RATE[,…]" },
    { "outputs", 0, 0, G_OPTION_ARG_STRING, &o.outputs, "Output units (default 10)", "N" },
    { "epochs", 0, 0, G_OPTION_ARG_STRING, &o.epochs, "Epochs (default 10)", "N" },
    { "batch-size", 0, 0, G_OPTION_ARG_STRING, &o.batch_size, "Batch size (default 32)", "N" },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &o.optimizer, "adam, sgd or rmsprop (default adam)", "NAME" },
    { "learning-rate", 0, 0, G_OPTION_ARG_STRING, &o.learning_rate, "Learning rate (Keras defaults: 0.001, sgd 0.01)", "LR" },
    { "momentum", 0, 0, G_OPTION_ARG_STRING, &o.momentum, "SGD momentum (default 0)", "M" },
    { "no-normalize", 0, 0, G_OPTION_ARG_NONE, &o.no_normalize, "Feed pixels as 0…255 instead of scaling to [0, 1]", NULL },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &o.seed, "Random seed for weights, shuffling and dropout (default 42)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &o.threads, "Worker threads (default 1)", "N" },
    { "train-limit", 0, 0, G_OPTION_ARG_STRING, &o.train_limit, "Use only the first N training images", "N" },
    { "test-limit", 0, 0, G_OPTION_ARG_STRING, &o.test_limit, "Use only the first N test images", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, "End with one line of JSON holding the results", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "Print nothing but errors (and the JSON)", NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &o.help, "Show this help", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- train a dense network");
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) dataset = NULL;
  g_autoptr (NrTrainer) trainer = NULL;
  g_auto (GStrv) args = NULL;
  NrTrainConfig config;
  NrTrainResult result = { 0 };
  gboolean ok;
  NrDatasetId dataset_id;
  const NrDatasetInfo *info;
  Run run = { 0 };
  guint n_train, n_test;
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, description);
  /* Printed here rather than by GOptionContext, which prints and exits on its own: through
   * our stdout, so a failed write is reported with its reason. */
  g_option_context_set_help_enabled (context, FALSE);

  /* GOptionContext wants argv[0]; ours is "train". */
  args = g_new0 (char *, argc + 2);
  args[0] = g_strdup ("neurona-cli train");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      status = usage_error ("%s (see neurona-cli train --help)", error->message);
      goto out;
    }
  if (g_strv_length (args) > 1)
    {
      status = usage_error ("unexpected argument “%s” (see neurona-cli train --help)", args[1]);
      goto out;
    }
  if (o.help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, stdout);
      goto out;
    }

  if (o.data_dir != NULL && o.data_dir[0] == '\0')
    {
      status = usage_error ("--data-dir needs a folder name");
      goto out;
    }
  if (!build_config (&o, &dataset_id, &config, &status))
    goto out;
  info = nr_dataset_info (dataset_id);

  /* Impossible settings are refused before any data is read. */
  if (!nr_train_config_check (&config, info->n_classes, &error))
    {
      status = usage_error ("%s", error->message);
      goto out;
    }

  dataset = nr_dataset_load (dataset_id, o.data_dir, &error);
  if (dataset == NULL)
    {
      fprintf (stderr, "neurona-cli: %s\n", error->message);
      status = EXIT_DATA;
      goto out;
    }
  n_train = config.train_limit > 0 ? MIN (config.train_limit, dataset->train->n) : dataset->train->n;
  n_test = config.test_limit > 0 ? MIN (config.test_limit, dataset->test->n) : dataset->test->n;

  if (!o.quiet)
    {
      g_autofree char *train_count = format_count (n_train);
      g_autofree char *test_count = format_count (n_test);
      g_autofree char *train_all = format_count (dataset->train->n);
      g_autofree char *test_all = format_count (dataset->test->n);
      g_autofree char *momentum = config.optimizer.kind == NR_OPTIMIZER_SGD
                                    ? g_strdup_printf (", momentum %g",
                                                       (double) config.optimizer.momentum)
                                    : g_strdup ("");

      printf ("Using %s from %s (%s): %s%s%s train / %s%s%s test images\n", info->title,
              nr_data_source_describe (dataset->source), dataset->directory, train_count,
              n_train < dataset->train->n ? " of " : "", n_train < dataset->train->n ? train_all : "",
              test_count, n_test < dataset->test->n ? " of " : "",
              n_test < dataset->test->n ? test_all : "");
      print_summary (&config.model);
      printf ("Optimizer: %s, learning rate %g%s; batch size %u; %s inputs; seed %" G_GUINT64_FORMAT
              "\n",
              nr_optimizer_name (config.optimizer.kind), (double) config.optimizer.learning_rate,
              momentum, config.batch_size, config.normalize ? "normalised" : "unscaled (0…255)", config.seed);
      /* A full disk or a closed stdout shows here, before any training is spent. */
      if (!nr_cli_flush_stdout ())
        {
          status = EXIT_IO;
          goto out;
        }
    }

  trainer = nr_trainer_new (&config, dataset->train, dataset->test, info->n_classes, &error);
  if (trainer == NULL)
    {
      /* The data was read; what remains is a setting that does not fit it. */
      status = usage_error ("%s", error->message);
      goto out;
    }

  run.quiet = o.quiet;
  run.tty = isatty (STDOUT_FILENO);
  run.train_loss = g_array_new (FALSE, FALSE, sizeof (double));
  run.train_accuracy = g_array_new (FALSE, FALSE, sizeof (double));
  run.test_loss = g_array_new (FALSE, FALSE, sizeof (double));
  run.test_accuracy = g_array_new (FALSE, FALSE, sizeof (double));
  run.epoch_seconds = g_array_new (FALSE, FALSE, sizeof (double));
  run.last_batch_loss = NAN;
  run.trainer = trainer;

  interruptible_trainer = trainer;
  signal (SIGINT, on_sigint);
  ok = nr_trainer_run (trainer, on_progress, &run, &result, &error);
  signal (SIGINT, SIG_DFL);
  interruptible_trainer = NULL;
  if (run.write_failed)
    {
      /* main reports it at exit: "cannot write to standard output: …". */
      status = EXIT_IO;
      goto out;
    }
  if (!ok)
    {
      if (run.last_len > 0)
        printf ("\n");
      fprintf (stderr, "neurona-cli: training failed: %s\n", error->message);
      status = EXIT_DATA;
      goto out;
    }
  if (run.last_len > 0)
    printf ("\n"); /* end a progress line left mid-epoch */

  if (result.status == NR_TRAIN_DIVERGED)
    {
      fprintf (stderr, "neurona-cli: training diverged at epoch %u, step %u (loss became %s); "
                       "try a smaller --learning-rate\n",
               result.diverged_epoch, result.diverged_step,
               isinf (run.last_batch_loss) ? "infinite" : "NaN");
      status = EXIT_DIVERGED;
    }
  else if (result.status == NR_TRAIN_CANCELLED)
    {
      fprintf (stderr, "neurona-cli: interrupted after %u of %u epochs\n", result.epochs_completed,
               config.epochs);
      status = EXIT_INTERRUPTED;
    }
  else if (!o.quiet && result.epochs_completed > 0)
    {
      if (!isnan (result.test_accuracy))
        printf ("Test accuracy: %.4f\n", result.test_accuracy);
      printf ("%.3f s per epoch\n", result.seconds_per_epoch);
    }

  if (o.json)
    {
      g_autofree char *json = build_json (dataset, &config, n_train, n_test, &result, &run);

      printf ("%s\n", json);
    }
  if (!nr_cli_flush_stdout ())
    status = EXIT_IO;

out:
  if (run.train_loss != NULL)
    {
      g_array_unref (run.train_loss);
      g_array_unref (run.train_accuracy);
      g_array_unref (run.test_loss);
      g_array_unref (run.test_accuracy);
      g_array_unref (run.epoch_seconds);
    }
  options_clear (&o);
  return status;
}
