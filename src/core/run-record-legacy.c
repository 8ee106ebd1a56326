/* run-record-legacy.c — reading the GKeyFile ".run" files of Neurona 0.1 (settings and
 * history, no weights), so runs saved by it still open. Never written: a legacy run that
 * is saved again becomes a run folder (run-store.c), and the old file is left alone.
 */
#include "neurona/run-record.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "neurona/error.h"
#include "fileutil.h"
#include "i18n.h"
#include "run-record-private.h"

#define LEGACY_FORMAT_VERSION 1
/* A run file is a few kilobytes; anything far larger is not one. */
#define MAX_FILE_BYTES (16 * 1024 * 1024)
#define MAX_IMAGES (1u << 28)
#define MAX_INPUT_SIZE (1u << 20)
#define MAX_NAME_BYTES 1024

/* The status names Neurona 0.1 wrote, in NrTrainStatus order. */
static const char *const status_names[] = { "completed", "cancelled", "diverged" };

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
    return fail (r, _("missing key “%s” in [%s]"), key, group);
  return fail (r, _("key “%s” in [%s] has a value of the wrong type"), key, group);
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
    return fail (r, _("key “%s” in [%s] is not a whole number (“%s”)"), key, group, text), 0;
  if (value < min || value > max)
    return fail (r, _("key “%s” in [%s] is %llu, outside %llu…%llu"), key, group,
                 (unsigned long long) value, (unsigned long long) min, (unsigned long long) max),
           0;
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
    return fail (r, _("key “%s” in [%s] is not a finite number"), key, group), 0;
  if (value < min || value > max)
    return fail (r, _("key “%s” in [%s] is %.10g, outside %g…%g"), key, group, value, min,
                 max), 0;
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
    return fail (r, _("key “%s” in [%s] has %zu values, expected %zu"), key, group,
                 (size_t) len, (size_t) n), NULL;
  for (gsize i = 0; i < n; i++)
    {
      if (isnan (values[i]) && allow_nan)
        continue;
      if (!isfinite (values[i]))
        return fail (r, _("key “%s” in [%s]: value %zu is not a finite number"), key, group,
                     (size_t) (i + 1)), NULL;
      if (values[i] < min || values[i] > max)
        return fail (r, _("key “%s” in [%s]: value %zu is %.10g, outside %g…%g"), key, group,
                     (size_t) (i + 1), values[i], min, max), NULL;
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
    return fail (r, _("key “%s” in [%s] has %zu values, expected %zu"), key, group,
                 (size_t) len, (size_t) n), NULL;
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
      fail (r, _("%zu hidden layers, at most %d"), (size_t) n, NR_MAX_HIDDEN);
      return;
    }
  m->n_hidden = (guint) n;
  acts = read_strings (r, "model", "activations", n);
  dropout = read_doubles (r, "model", "dropout", n, 0.0, nextafter (1.0, 0.0), FALSE);
  if (r->failed)
    return;
  for (guint i = 0; i < n; i++)
    {
      if (units[i] < 1 || units[i] > NR_MAX_UNITS)
        {
          fail (r, _("hidden layer %u has %d units, outside 1…%d"), i + 1, units[i],
                NR_MAX_UNITS);
          return;
        }
      m->hidden[i].units = (guint) units[i];
      if (!nr_activation_from_name (acts[i], &m->hidden[i].activation))
        {
          fail (r, _("hidden layer %u has an unknown activation “%s”"), i + 1, acts[i]);
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
    fail (r, _("unknown optimizer “%s”"), optimizer);
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
  if (!r->failed && version != LEGACY_FORMAT_VERSION)
    {
      fail (r, _("format version %llu is not supported (this version of Neurona reads "
                 "version %d)"),
            (unsigned long long) version, LEGACY_FORMAT_VERSION);
      return;
    }
  record->name = read_string (r, "run", "name");
  if (record->name != NULL && strlen (record->name) > MAX_NAME_BYTES)
    fail (r, _("the name is longer than %d bytes"), MAX_NAME_BYTES);
  dataset = read_string (r, "run", "dataset");
  if (dataset != NULL && !nr_dataset_id_from_name (dataset, &record->dataset))
    fail (r, _("unknown dataset “%s”"), dataset);
  start = read_string (r, "run", "start-time");
  if (start != NULL)
    {
      start_time = g_date_time_new_from_iso8601 (start, NULL);
      if (start_time == NULL)
        fail (r, _("start time “%s” is not an ISO 8601 date and time"), start);
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
        fail (r, _("unknown status “%s” (expected completed, cancelled or diverged)"), status);
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
      fail (r, _("impossible settings: %s"), check_error->message);
      return;
    }
  if (record->params != nr_model_spec_param_count (&record->config.model))
    {
      fail (r, _("params is %llu but the model has %zu"), (unsigned long long) record->params,
            (size_t) nr_model_spec_param_count (&record->config.model));
      return;
    }
  n = record->history->len;
  if (record->status == NR_TRAIN_COMPLETED && n != record->config.epochs)
    fail (r, _("a completed run of %u epochs has %u epochs of history"), record->config.epochs,
          n);
  else if (record->status == NR_TRAIN_DIVERGED &&
           (record->diverged_epoch == 0 || record->diverged_epoch <= n))
    fail (r, _("a diverged run must name the epoch where it diverged, after the %u in its "
               "history"),
          n);
  else if (record->status != NR_TRAIN_DIVERGED &&
           (record->diverged_epoch != 0 || record->diverged_step != 0))
    fail (r, _("only a diverged run names where it diverged"));
}

NrRunRecord *
_nr_run_record_load_legacy (const char *path, GError **error)
{
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (GKeyFile) kf = NULL;
  g_autoptr (GError) kf_error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *base = NULL;
  const char *contents;
  gsize len = 0;
  Reader r = { NULL, NULL, error, FALSE };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  r.path = name;
  /* A pipe would block the read for ever, a device such as /dev/zero fill the memory. */
  bytes = _nr_read_regular_file (path, MAX_FILE_BYTES, _("a saved run"), error);
  if (bytes == NULL)
    return NULL;
  contents = g_bytes_get_data (bytes, &len);
  /* Editors on some systems start UTF-8 text with a byte-order mark: not part of it. */
  if (len >= 3 && memcmp (contents, "\xEF\xBB\xBF", 3) == 0)
    {
      contents += 3;
      len -= 3;
    }
  if (len == 0)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, _("%s: the file is empty"), name);
      return NULL;
    }
  if (memchr (contents, '\0', len) != NULL || !g_utf8_validate (contents, (gssize) len, NULL))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, _("%s: not a saved run (not UTF-8 text)"),
                   name);
      return NULL;
    }
  kf = g_key_file_new ();
  if (!g_key_file_load_from_data (kf, contents, len, G_KEY_FILE_NONE, &kf_error))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, _("%s: not a saved run: %s"), name,
                   kf_error->message);
      return NULL;
    }

  record = _nr_run_record_alloc ();
  r.kf = kf;
  read_run (&r, record);
  if (r.failed)
    return NULL;
  record->legacy_path = g_strdup (path);
  base = g_path_get_basename (path);
  if (g_str_has_suffix (base, NR_RUN_LEGACY_SUFFIX))
    base[strlen (base) - strlen (NR_RUN_LEGACY_SUFFIX)] = '\0';
  record->id = g_steal_pointer (&base);
  return g_steal_pointer (&record);
}
