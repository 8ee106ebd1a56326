/* run-record.c — saving and loading training runs as GKeyFile text files. */
#include "neurona/run-record.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "neurona/error.h"
#include "idx.h"

/* A run file is a few kilobytes; anything far larger is not one. */
#define MAX_FILE_BYTES (16 * 1024 * 1024)
#define MAX_IMAGES (1u << 28)
#define MAX_INPUT_SIZE (1u << 20)
#define MAX_NAME_BYTES 1024

static const char *const status_names[] = { "completed", "cancelled", "diverged" };

const char *
nr_train_status_name (NrTrainStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

char *
nr_run_record_default_name (const NrTrainConfig *config)
{
  GString *name;

  g_return_val_if_fail (config != NULL, NULL);

  name = g_string_new (NULL);
  for (guint i = 0; i < config->model.n_hidden; i++)
    g_string_append_printf (name, "%s%u %s", i > 0 ? ", " : "", config->model.hidden[i].units,
                            nr_activation_name (config->model.hidden[i].activation));
  if (config->model.n_hidden == 0)
    g_string_append (name, "no hidden layer");
  g_string_append_printf (name, " · %u %s", config->epochs, config->epochs == 1 ? "epoch" : "epochs");
  return g_string_free (name, FALSE);
}

NrRunRecord *
nr_run_record_new (NrDatasetId dataset, const NrTrainConfig *config, guint train_size,
                   guint test_size, gint64 start_time)
{
  NrRunRecord *record;

  g_return_val_if_fail ((guint) dataset < NR_N_DATASETS, NULL);
  g_return_val_if_fail (config != NULL, NULL);

  record = g_new0 (NrRunRecord, 1);
  record->dataset = dataset;
  record->config = *config;
  record->train_size = train_size;
  record->test_size = test_size;
  record->start_time = start_time;
  record->params = nr_model_spec_param_count (&config->model);
  record->history = g_array_new (FALSE, TRUE, sizeof (NrEpochRecord));
  record->status = NR_TRAIN_COMPLETED;
  record->name = nr_run_record_default_name (config);
  return record;
}

void
nr_run_record_free (NrRunRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record->path);
  g_clear_pointer (&record->history, g_array_unref);
  g_free (record);
}

NrRunRecord *
nr_run_record_copy (const NrRunRecord *record)
{
  NrRunRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new (NrRunRecord, 1);
  *copy = *record;
  copy->name = g_strdup (record->name);
  copy->path = g_strdup (record->path);
  copy->history = g_array_copy (record->history);
  return copy;
}

void
nr_run_record_set_name (NrRunRecord *record, const char *name)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (name != NULL);

  g_free (record->name);
  record->name = g_strdup (name);
}

void
nr_run_record_add_epoch (NrRunRecord *record, const NrEpochRecord *epoch)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (epoch != NULL);

  g_array_append_val (record->history, *epoch);
}

void
nr_run_record_set_result (NrRunRecord *record, const NrTrainResult *result)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (result != NULL);

  record->status = result->status;
  record->seconds = result->seconds;
  record->diverged_epoch = result->status == NR_TRAIN_DIVERGED ? result->diverged_epoch : 0;
  record->diverged_step = result->status == NR_TRAIN_DIVERGED ? result->diverged_step : 0;
}

const NrEpochRecord *
nr_run_record_get_last_epoch (const NrRunRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  if (record->history->len == 0)
    return NULL;
  return &g_array_index (record->history, NrEpochRecord, record->history->len - 1);
}

/* ---- saving ---- */

static void
set_history (GKeyFile *kf, const NrRunRecord *record, const char *key, gsize offset)
{
  guint n = record->history->len;
  g_autofree double *values = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    values[i] = *(const double *) ((const char *) &g_array_index (record->history, NrEpochRecord, i) + offset);
  g_key_file_set_double_list (kf, "history", key, values, n);
}

gboolean
nr_run_record_save (NrRunRecord *record, const char *path, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GDateTime) start = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *data = NULL;
  const NrModelSpec *m;
  const NrOptimizerSpec *o;
  g_autofree int *units = NULL;
  g_autofree double *dropout = NULL;
  g_autofree const char **acts = NULL;
  gsize len;

  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  m = &record->config.model;
  o = &record->config.optimizer;
  start = g_date_time_new_from_unix_utc (record->start_time);
  start_text = start != NULL ? g_date_time_format (start, "%Y-%m-%dT%H:%M:%SZ")
                             : g_strdup ("1970-01-01T00:00:00Z");

  g_key_file_set_comment (kf, NULL, NULL, " A Neurona training run", NULL);
  g_key_file_set_integer (kf, "run", "format-version", NR_RUN_RECORD_FORMAT_VERSION);
  g_key_file_set_string (kf, "run", "name", record->name != NULL ? record->name : "");
  g_key_file_set_string (kf, "run", "dataset", nr_dataset_info (record->dataset)->name);
  g_key_file_set_string (kf, "run", "start-time", start_text);
  g_key_file_set_string (kf, "run", "status", nr_train_status_name (record->status));
  g_key_file_set_uint64 (kf, "run", "diverged-epoch", record->diverged_epoch);
  g_key_file_set_uint64 (kf, "run", "diverged-step", record->diverged_step);
  g_key_file_set_uint64 (kf, "run", "params", record->params);
  g_key_file_set_double (kf, "run", "seconds", record->seconds);

  units = g_new0 (int, m->n_hidden + 1);
  dropout = g_new0 (double, m->n_hidden + 1);
  acts = g_new0 (const char *, m->n_hidden + 1);
  for (guint i = 0; i < m->n_hidden; i++)
    {
      units[i] = (int) m->hidden[i].units;
      dropout[i] = m->hidden[i].dropout;
      acts[i] = nr_activation_name (m->hidden[i].activation);
    }
  g_key_file_set_uint64 (kf, "model", "input-size", m->input_size);
  g_key_file_set_integer_list (kf, "model", "units", units, m->n_hidden);
  g_key_file_set_string_list (kf, "model", "activations", acts, m->n_hidden);
  g_key_file_set_double_list (kf, "model", "dropout", dropout, m->n_hidden);
  g_key_file_set_uint64 (kf, "model", "outputs", m->outputs);

  g_key_file_set_string (kf, "training", "optimizer", nr_optimizer_name (o->kind));
  g_key_file_set_double (kf, "training", "learning-rate", o->learning_rate);
  g_key_file_set_double (kf, "training", "beta1", o->beta1);
  g_key_file_set_double (kf, "training", "beta2", o->beta2);
  g_key_file_set_double (kf, "training", "epsilon", o->epsilon);
  g_key_file_set_double (kf, "training", "momentum", o->momentum);
  g_key_file_set_double (kf, "training", "rho", o->rho);
  g_key_file_set_uint64 (kf, "training", "epochs", record->config.epochs);
  g_key_file_set_uint64 (kf, "training", "batch-size", record->config.batch_size);
  g_key_file_set_boolean (kf, "training", "normalize", record->config.normalize);
  g_key_file_set_uint64 (kf, "training", "seed", record->config.seed);
  g_key_file_set_uint64 (kf, "training", "threads", record->config.n_threads);
  g_key_file_set_uint64 (kf, "training", "train-limit", record->config.train_limit);
  g_key_file_set_uint64 (kf, "training", "test-limit", record->config.test_limit);
  g_key_file_set_uint64 (kf, "training", "train-size", record->train_size);
  g_key_file_set_uint64 (kf, "training", "test-size", record->test_size);

  g_key_file_set_uint64 (kf, "history", "epochs", record->history->len);
  set_history (kf, record, "train-loss", G_STRUCT_OFFSET (NrEpochRecord, train_loss));
  set_history (kf, record, "train-accuracy", G_STRUCT_OFFSET (NrEpochRecord, train_accuracy));
  set_history (kf, record, "test-loss", G_STRUCT_OFFSET (NrEpochRecord, test_loss));
  set_history (kf, record, "test-accuracy", G_STRUCT_OFFSET (NrEpochRecord, test_accuracy));
  set_history (kf, record, "seconds", G_STRUCT_OFFSET (NrEpochRecord, seconds));

  data = g_key_file_to_data (kf, &len, NULL);
  if (!_nr_file_write_atomic (path, data, len, error))
    return FALSE;
  if (record->path != path)
    {
      g_free (record->path);
      record->path = g_strdup (path);
    }
  return TRUE;
}

/* ---- loading ---- */

typedef struct {
  GKeyFile *kf;
  const char *path;
  GError **error;
  gboolean failed;
} Reader;

static gboolean G_GNUC_PRINTF (2, 3)
fail (Reader *r, const char *format, ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  if (r->failed)
    return FALSE;
  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (r->error, NR_ERROR, NR_ERROR_FORMAT, "%s: %s", r->path, problem);
  r->failed = TRUE;
  return FALSE;
}

/* A missing key or a value of the wrong type, named the same way for every key. */
static gboolean
fail_key (Reader *r, const char *group, const char *key, GError *kf_error)
{
  if (g_error_matches (kf_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND) ||
      g_error_matches (kf_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    return fail (r, "missing key “%s” in [%s]", key, group);
  return fail (r, "key “%s” in [%s] has a value of the wrong type", key, group);
}

static guint64
read_uint (Reader *r, const char *group, const char *key, guint64 min, guint64 max)
{
  g_autoptr (GError) kf_error = NULL;
  g_autofree char *text = NULL;
  guint64 value;

  if (r->failed)
    return 0;
  text = g_key_file_get_value (r->kf, group, key, &kf_error);
  if (text == NULL)
    return fail_key (r, group, key, kf_error), 0;
  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &value, NULL))
    return fail (r, "key “%s” in [%s] is not a whole number (“%s”)", key, group, text), 0;
  if (value < min || value > max)
    return fail (r, "key “%s” in [%s] is %" G_GUINT64_FORMAT ", outside %" G_GUINT64_FORMAT
                 "…%" G_GUINT64_FORMAT, key, group, value, min, max), 0;
  return value;
}

static double
read_double (Reader *r, const char *group, const char *key, double min, double max)
{
  g_autoptr (GError) kf_error = NULL;
  double value;

  if (r->failed)
    return 0;
  value = g_key_file_get_double (r->kf, group, key, &kf_error);
  if (kf_error != NULL)
    return fail_key (r, group, key, kf_error), 0;
  if (!isfinite (value))
    return fail (r, "key “%s” in [%s] is not a finite number", key, group), 0;
  if (value < min || value > max)
    return fail (r, "key “%s” in [%s] is %.10g, outside %g…%g", key, group, value, min, max), 0;
  return value;
}

static char *
read_string (Reader *r, const char *group, const char *key)
{
  g_autoptr (GError) kf_error = NULL;
  char *value;

  if (r->failed)
    return NULL;
  value = g_key_file_get_string (r->kf, group, key, &kf_error);
  if (value == NULL)
    fail_key (r, group, key, kf_error);
  return value;
}

static gboolean
read_bool (Reader *r, const char *group, const char *key)
{
  g_autoptr (GError) kf_error = NULL;
  gboolean value;

  if (r->failed)
    return FALSE;
  value = g_key_file_get_boolean (r->kf, group, key, &kf_error);
  if (kf_error != NULL)
    fail_key (r, group, key, kf_error);
  return value;
}

/* A list of exactly n numbers; NaN allowed only where allow_nan. */
static double *
read_doubles (Reader *r, const char *group, const char *key, gsize n, double min, double max,
              gboolean allow_nan)
{
  g_autoptr (GError) kf_error = NULL;
  g_autofree double *values = NULL;
  gsize len = 0;

  if (r->failed)
    return NULL;
  values = g_key_file_get_double_list (r->kf, group, key, &len, &kf_error);
  if (kf_error != NULL)
    {
      /* An empty list reads as "key not found" in GLib 2.74: that is a list of 0 values. */
      if (n == 0 && g_key_file_has_key (r->kf, group, key, NULL))
        return g_new0 (double, 1);
      return fail_key (r, group, key, kf_error), NULL;
    }
  if (len != n)
    return fail (r, "key “%s” in [%s] has %" G_GSIZE_FORMAT " values, expected %" G_GSIZE_FORMAT,
                 key, group, len, n), NULL;
  for (gsize i = 0; i < n; i++)
    {
      if (isnan (values[i]) && allow_nan)
        continue;
      if (!isfinite (values[i]))
        return fail (r, "key “%s” in [%s]: value %" G_GSIZE_FORMAT " is not a finite number",
                     key, group, i + 1), NULL;
      if (values[i] < min || values[i] > max)
        return fail (r, "key “%s” in [%s]: value %" G_GSIZE_FORMAT " is %.10g, outside %g…%g",
                     key, group, i + 1, values[i], min, max), NULL;
    }
  return g_steal_pointer (&values);
}

/* A list of n strings (n = G_MAXSIZE: any length, returned in *n_out). */
static char **
read_strings (Reader *r, const char *group, const char *key, gsize n)
{
  g_autoptr (GError) kf_error = NULL;
  g_auto (GStrv) values = NULL;
  gsize len = 0;

  if (r->failed)
    return NULL;
  values = g_key_file_get_string_list (r->kf, group, key, &len, &kf_error);
  if (kf_error != NULL)
    {
      if (n == 0 && g_key_file_has_key (r->kf, group, key, NULL))
        return g_new0 (char *, 1);
      return fail_key (r, group, key, kf_error), NULL;
    }
  if (len != n)
    return fail (r, "key “%s” in [%s] has %" G_GSIZE_FORMAT " values, expected %" G_GSIZE_FORMAT,
                 key, group, len, n), NULL;
  return g_steal_pointer (&values);
}

static void
read_model (Reader *r, NrModelSpec *m)
{
  g_autoptr (GError) kf_error = NULL;
  g_autofree int *units = NULL;
  g_auto (GStrv) acts = NULL;
  g_autofree double *dropout = NULL;
  gsize n = 0;

  m->input_size = (guint) read_uint (r, "model", "input-size", 1, MAX_INPUT_SIZE);
  m->outputs = (guint) read_uint (r, "model", "outputs", 1, NR_MAX_UNITS);
  if (r->failed)
    return;
  units = g_key_file_get_integer_list (r->kf, "model", "units", &n, &kf_error);
  if (kf_error != NULL)
    {
      if (!g_key_file_has_key (r->kf, "model", "units", NULL) ||
          g_error_matches (kf_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE))
        {
          fail_key (r, "model", "units", kf_error);
          return;
        }
      n = 0; /* an empty list: no hidden layer */
    }
  if (n > NR_MAX_HIDDEN)
    {
      fail (r, "%" G_GSIZE_FORMAT " hidden layers, at most %d", n, NR_MAX_HIDDEN);
      return;
    }
  m->n_hidden = (guint) n;
  acts = read_strings (r, "model", "activations", n);
  dropout = read_doubles (r, "model", "dropout", n, 0.0, 0.99, FALSE);
  if (r->failed)
    return;
  for (guint i = 0; i < n; i++)
    {
      if (units[i] < 1 || units[i] > NR_MAX_UNITS)
        {
          fail (r, "hidden layer %u has %d units, outside 1…%d", i + 1, units[i], NR_MAX_UNITS);
          return;
        }
      m->hidden[i].units = (guint) units[i];
      if (!nr_activation_from_name (acts[i], &m->hidden[i].activation))
        {
          fail (r, "hidden layer %u has an unknown activation “%s”", i + 1, acts[i]);
          return;
        }
      m->hidden[i].dropout = (float) dropout[i];
    }
}

static void
read_training (Reader *r, NrRunRecord *record)
{
  NrTrainConfig *c = &record->config;
  g_autofree char *optimizer = read_string (r, "training", "optimizer");

  if (optimizer != NULL && !nr_optimizer_from_name (optimizer, &c->optimizer.kind))
    fail (r, "unknown optimizer “%s”", optimizer);
  c->optimizer.learning_rate = (float) read_double (r, "training", "learning-rate", 0, 1e6);
  c->optimizer.beta1 = (float) read_double (r, "training", "beta1", 0, 1);
  c->optimizer.beta2 = (float) read_double (r, "training", "beta2", 0, 1);
  c->optimizer.epsilon = (float) read_double (r, "training", "epsilon", 0, 1);
  c->optimizer.momentum = (float) read_double (r, "training", "momentum", 0, 1);
  c->optimizer.rho = (float) read_double (r, "training", "rho", 0, 1);
  c->epochs = (guint) read_uint (r, "training", "epochs", 1, 100000);
  c->batch_size = (guint) read_uint (r, "training", "batch-size", 1, MAX_IMAGES);
  c->normalize = read_bool (r, "training", "normalize");
  c->seed = read_uint (r, "training", "seed", 0, G_MAXUINT64);
  c->n_threads = (guint) read_uint (r, "training", "threads", 1, 256);
  c->train_limit = (guint) read_uint (r, "training", "train-limit", 0, MAX_IMAGES);
  c->test_limit = (guint) read_uint (r, "training", "test-limit", 0, MAX_IMAGES);
  record->train_size = (guint) read_uint (r, "training", "train-size", 1, MAX_IMAGES);
  record->test_size = (guint) read_uint (r, "training", "test-size", 0, MAX_IMAGES);
}

static void
read_history (Reader *r, NrRunRecord *record)
{
  guint n = (guint) read_uint (r, "history", "epochs", 0, record->config.epochs);
  gboolean no_test = record->test_size == 0;
  g_autofree double *train_loss = read_doubles (r, "history", "train-loss", n, 0, HUGE_VAL, FALSE);
  g_autofree double *train_acc = read_doubles (r, "history", "train-accuracy", n, 0, 1, FALSE);
  g_autofree double *test_loss = read_doubles (r, "history", "test-loss", n, 0, HUGE_VAL, no_test);
  g_autofree double *test_acc = read_doubles (r, "history", "test-accuracy", n, 0, 1, no_test);
  g_autofree double *seconds = read_doubles (r, "history", "seconds", n, 0, HUGE_VAL, FALSE);

  if (r->failed)
    return;
  for (guint i = 0; i < n; i++)
    {
      NrEpochRecord e = { train_loss[i], train_acc[i], test_loss[i], test_acc[i], seconds[i] };

      g_array_append_val (record->history, e);
    }
}

static void
read_run (Reader *r, NrRunRecord *record)
{
  g_autofree char *dataset = NULL;
  g_autofree char *start = NULL;
  g_autofree char *status = NULL;
  g_autoptr (GDateTime) start_time = NULL;
  g_autoptr (GError) check_error = NULL;
  guint64 version;
  guint n;

  /* The version first: a newer file is named as such, not as a list of odd keys. */
  version = read_uint (r, "run", "format-version", 0, G_MAXUINT64);
  if (!r->failed && version != NR_RUN_RECORD_FORMAT_VERSION)
    {
      fail (r, "format version %" G_GUINT64_FORMAT " is not supported (this version of "
            "Neurona reads version %d)", version, NR_RUN_RECORD_FORMAT_VERSION);
      return;
    }
  record->name = read_string (r, "run", "name");
  if (record->name != NULL && strlen (record->name) > MAX_NAME_BYTES)
    fail (r, "the name is longer than %d bytes", MAX_NAME_BYTES);
  dataset = read_string (r, "run", "dataset");
  if (dataset != NULL && !nr_dataset_id_from_name (dataset, &record->dataset))
    fail (r, "unknown dataset “%s”", dataset);
  start = read_string (r, "run", "start-time");
  if (start != NULL)
    {
      start_time = g_date_time_new_from_iso8601 (start, NULL);
      if (start_time == NULL)
        fail (r, "start time “%s” is not an ISO 8601 date and time", start);
      else
        record->start_time = g_date_time_to_unix (start_time);
    }
  status = read_string (r, "run", "status");
  if (status != NULL)
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (status_names); i++)
        if (strcmp (status, status_names[i]) == 0)
          break;
      if (i == G_N_ELEMENTS (status_names))
        fail (r, "unknown status “%s” (expected completed, cancelled or diverged)", status);
      record->status = (NrTrainStatus) i;
    }
  record->params = read_uint (r, "run", "params", 1, G_MAXUINT32);
  record->seconds = read_double (r, "run", "seconds", 0, HUGE_VAL);

  read_model (r, &record->config.model);
  read_training (r, record);
  if (r->failed)
    return;
  record->diverged_epoch = (guint) read_uint (r, "run", "diverged-epoch", 0, record->config.epochs);
  record->diverged_step = (guint) read_uint (r, "run", "diverged-step", 0, G_MAXUINT32);
  read_history (r, record);
  if (r->failed)
    return;

  /* The settings together must be ones the trainer accepts. */
  if (!nr_train_config_check (&record->config, 0, &check_error))
    {
      fail (r, "impossible settings: %s", check_error->message);
      return;
    }
  if (record->params != nr_model_spec_param_count (&record->config.model))
    {
      fail (r, "params is %" G_GUINT64_FORMAT " but the model has %" G_GSIZE_FORMAT,
            record->params, nr_model_spec_param_count (&record->config.model));
      return;
    }
  n = record->history->len;
  if (record->status == NR_TRAIN_COMPLETED && n != record->config.epochs)
    fail (r, "a completed run of %u epochs has %u epochs of history", record->config.epochs, n);
  else if (record->status == NR_TRAIN_DIVERGED &&
           (record->diverged_epoch == 0 || record->diverged_epoch <= n))
    fail (r, "a diverged run must name the epoch where it diverged, after the %u in its "
          "history", n);
  else if (record->status != NR_TRAIN_DIVERGED &&
           (record->diverged_epoch != 0 || record->diverged_step != 0))
    fail (r, "only a diverged run names where it diverged");
}

NrRunRecord *
nr_run_record_load (const char *path, GError **error)
{
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (GKeyFile) kf = NULL;
  g_autoptr (GError) kf_error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  GStatBuf st;
  Reader r = { NULL, path, error, FALSE };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, NR_ERROR, NR_ERROR_IO, "%s: cannot read: %s", path,
                   g_strerror (saved_errno));
      return NULL;
    }
  /* A pipe would block the read for ever, a device such as /dev/zero fill the memory. */
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, "%s: not a saved run (not a regular file)",
                   path);
      return NULL;
    }
  if (st.st_size > MAX_FILE_BYTES)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, "%s: %" G_GINT64_FORMAT " bytes is far "
                   "too large for a saved run", path, (gint64) st.st_size);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &len, &kf_error))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_IO, "%s: cannot read: %s", path, kf_error->message);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, "%s: the file is empty", path);
      return NULL;
    }
  if (len > MAX_FILE_BYTES || memchr (contents, '\0', len) != NULL ||
      !g_utf8_validate (contents, (gssize) len, NULL))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, "%s: not a saved run (not UTF-8 text)", path);
      return NULL;
    }
  kf = g_key_file_new ();
  if (!g_key_file_load_from_data (kf, contents, len, G_KEY_FILE_NONE, &kf_error))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, "%s: not a saved run: %s", path,
                   kf_error->message);
      return NULL;
    }

  record = g_new0 (NrRunRecord, 1);
  record->history = g_array_new (FALSE, TRUE, sizeof (NrEpochRecord));
  r.kf = kf;
  read_run (&r, record);
  if (r.failed)
    return NULL;
  record->path = g_strdup (path);
  return g_steal_pointer (&record);
}

/* g_ptr_array_sort hands the comparison pointers to the elements, not the elements. */
static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_newest_first (gconstpointer a, gconstpointer b)
{
  const NrRunRecord *ra = *(const NrRunRecord *const *) a;
  const NrRunRecord *rb = *(const NrRunRecord *const *) b;

  if (ra->start_time != rb->start_time)
    return ra->start_time > rb->start_time ? -1 : 1;
  return -g_strcmp0 (ra->path, rb->path);
}

GPtrArray *
nr_run_record_load_dir (const char *dir, GPtrArray **file_errors, GError **error)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GDir) d = NULL;
  g_autoptr (GError) dir_error = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) nr_run_record_free);
  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  d = g_dir_open (dir, 0, &dir_error);
  if (d == NULL)
    {
      if (!g_file_test (dir, G_FILE_TEST_EXISTS))
        {
          if (file_errors != NULL)
            *file_errors = g_steal_pointer (&errors);
          return g_steal_pointer (&records);
        }
      g_set_error (error, NR_ERROR, NR_ERROR_IO, "%s: cannot list the saved runs: %s", dir,
                   dir_error->message);
      return NULL;
    }
  /* Sorted names: the order of errors and of equal start times does not depend on the
   * file system. */
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, NR_RUN_RECORD_SUFFIX))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      GError *file_error = NULL;
      NrRunRecord *record = nr_run_record_load (path, &file_error);

      if (record != NULL)
        g_ptr_array_add (records, record);
      else
        g_ptr_array_add (errors, file_error);
    }
  g_ptr_array_sort (records, compare_newest_first);
  if (file_errors != NULL)
    *file_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&records);
}
