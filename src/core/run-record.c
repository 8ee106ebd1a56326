/* run-record.c — a run's books while it trains, and its run.json (run-record.h). */
#include "neurona/run-record.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "neurona/error.h"

#include "i18n.h"
#include "json-util.h"
#include "kernels.h"
#include "run-record-private.h"

#ifndef NR_VERSION
#define NR_VERSION "unknown"
#endif

#define MAX_IMAGES (1u << 28)
#define MAX_INPUT_SIZE (1u << 20)
#define MAX_NAME_BYTES 1024
#define MAX_NOTE_BYTES (64 * 1024)

static const char *const status_names[] = { "finished", "stopped", "diverged" };
static const char *const divergence_names[] = { "none", "not-finite", "exploded",
                                                "exploded-running" };
static const char *const data_file_keys[NR_N_DATA_FILES] = { "train_images", "train_labels",
                                                             "test_images", "test_labels" };

const char *
nr_train_status_name (NrTrainStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

gboolean
nr_train_status_from_name (const char *name, NrTrainStatus *out_status)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (strcmp (name, status_names[i]) == 0)
      {
        if (out_status != NULL)
          *out_status = (NrTrainStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
nr_divergence_name (NrDivergence divergence)
{
  g_return_val_if_fail ((guint) divergence < G_N_ELEMENTS (divergence_names), NULL);
  return divergence_names[divergence];
}

static char *
default_name (const NrTrainConfig *config, gboolean translate)
{
  g_autoptr (GString) layers = g_string_new (NULL);
  const char *no_hidden = "no hidden layer";

  for (guint i = 0; i < config->model.n_hidden; i++)
    g_string_append_printf (layers, "%s%u %s", i > 0 ? ", " : "", config->model.hidden[i].units,
                            nr_activation_name (config->model.hidden[i].activation));
  if (translate)
    no_hidden = g_dgettext (GETTEXT_PACKAGE, no_hidden);
  if (config->model.n_hidden == 0)
    g_string_append (layers, no_hidden);
  if (translate)
    /* Translators: a run's default name: "128 relu · 10 epochs". */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u epoch", "%s · %u epochs",
                                         config->epochs),
                            layers->str, config->epochs);
  return g_strdup_printf (config->epochs == 1 ? "%s · %u epoch" : "%s · %u epochs", layers->str,
                          config->epochs);
}

char *
nr_run_record_default_name (const NrTrainConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  /* In the language of whoever trains the run, where the program binds the catalogue. */
  return default_name (config, TRUE);
}

char *
nr_run_record_default_name_english (const NrTrainConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return default_name (config, FALSE);
}

gboolean
nr_run_record_name_is_default (const NrRunRecord *record)
{
  g_autofree char *english = NULL;
  g_autofree char *here = NULL;

  g_return_val_if_fail (record != NULL, FALSE);

  if (record->name == NULL)
    return TRUE;
  english = default_name (&record->config, FALSE);
  here = default_name (&record->config, TRUE);
  return strcmp (record->name, english) == 0 || strcmp (record->name, here) == 0;
}

NrRunRecord *
_nr_run_record_alloc (void)
{
  NrRunRecord *record = g_new0 (NrRunRecord, 1);

  record->history = g_array_new (FALSE, TRUE, sizeof (NrEpochRecord));
  record->note = g_strdup ("");
  record->diverged_loss = record->reference_loss = NAN;
  return record;
}

NrRunRecord *
nr_run_record_new (NrDatasetId dataset, const NrTrainConfig *config, guint train_size,
                   guint test_size, gint64 start_time)
{
  NrRunRecord *record;

  g_return_val_if_fail ((guint) dataset < NR_N_DATASETS, NULL);
  g_return_val_if_fail (config != NULL, NULL);

  record = _nr_run_record_alloc ();
  record->dataset = dataset;
  record->config = *config;
  record->train_size = train_size;
  record->test_size = test_size;
  record->start_time = start_time;
  record->params = nr_model_spec_param_count (&config->model);
  record->status = NR_TRAIN_COMPLETED;
  record->name = nr_run_record_default_name (config);
  return record;
}

NrRunRecord *
nr_run_record_new_for_trainer (NrTrainer *trainer, NrDatasetId dataset_id,
                               const NrDataset *dataset)
{
  NrRunRecord *record;
  guint n_train, n_test;

  g_return_val_if_fail (trainer != NULL, NULL);

  nr_trainer_get_sizes (trainer, &n_train, &n_test);
  record = nr_run_record_new (dataset_id, nr_trainer_get_config (trainer), n_train, n_test,
                              g_get_real_time () / G_USEC_PER_SEC);
  nr_run_record_set_provenance (record, dataset);
  return record;
}

static void
provenance_clear (NrRunProvenance *p)
{
  g_clear_pointer (&p->neurona_version, g_free);
  g_clear_pointer (&p->kernels, g_free);
  g_clear_pointer (&p->data_source, g_free);
  g_clear_pointer (&p->data_dir, g_free);
  for (guint i = 0; i < NR_N_DATA_FILES; i++)
    {
      g_clear_pointer (&p->files[i].name, g_free);
      g_clear_pointer (&p->files[i].sha256, g_free);
    }
}

static void
provenance_copy (NrRunProvenance *dst, const NrRunProvenance *src)
{
  dst->neurona_version = g_strdup (src->neurona_version);
  dst->kernels = g_strdup (src->kernels);
  dst->data_source = g_strdup (src->data_source);
  dst->data_dir = g_strdup (src->data_dir);
  for (guint i = 0; i < NR_N_DATA_FILES; i++)
    {
      dst->files[i].name = g_strdup (src->files[i].name);
      dst->files[i].sha256 = g_strdup (src->files[i].sha256);
    }
}

void
nr_run_record_set_provenance (NrRunRecord *record, const NrDataset *dataset)
{
  NrRunProvenance *p;

  g_return_if_fail (record != NULL);

  p = &record->provenance;
  provenance_clear (p);
  p->neurona_version = g_strdup (NR_VERSION);
  p->kernels = g_strdup (nr_kernels_describe ());
  if (dataset == NULL)
    return;
  p->data_source = g_strdup (nr_data_source_describe (dataset->source));
  p->data_dir = dataset->directory != NULL ? g_filename_display_name (dataset->directory) : NULL;
  for (guint i = 0; i < NR_N_DATA_FILES; i++)
    {
      const NrDatasetFile *file = &dataset->files[i];

      p->files[i].name = file->path != NULL ? g_filename_display_basename (file->path) : NULL;
      p->files[i].sha256 = g_strdup (file->sha256);
    }
}

void
nr_run_record_free (NrRunRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  g_free (record->name);
  g_free (record->note);
  g_free (record->dir);
  g_free (record->legacy_path);
  g_clear_pointer (&record->history, g_array_unref);
  provenance_clear (&record->provenance);
  g_free (record);
}

NrRunRecord *
nr_run_record_copy (const NrRunRecord *record)
{
  NrRunRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new (NrRunRecord, 1);
  *copy = *record;
  copy->id = g_strdup (record->id);
  copy->name = g_strdup (record->name);
  copy->note = g_strdup (record->note);
  copy->dir = g_strdup (record->dir);
  copy->legacy_path = g_strdup (record->legacy_path);
  copy->history = g_array_copy (record->history);
  provenance_copy (&copy->provenance, &record->provenance);
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
nr_run_record_set_note (NrRunRecord *record, const char *note)
{
  g_return_if_fail (record != NULL);

  g_free (record->note);
  record->note = g_strdup (note != NULL ? note : "");
}

void
nr_run_record_add_epoch (NrRunRecord *record, const NrEpochRecord *epoch)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (epoch != NULL);

  g_array_append_val (record->history, *epoch);
}

void
nr_run_record_add_progress (NrRunRecord *record, const NrProgress *progress)
{
  NrEpochRecord epoch;

  g_return_if_fail (record != NULL);
  g_return_if_fail (progress != NULL);

  if (progress->kind != NR_PROGRESS_EPOCH_END)
    return;
  epoch.train_loss = progress->loss;
  epoch.train_accuracy = progress->accuracy;
  epoch.test_loss = progress->test_loss;
  epoch.test_accuracy = progress->test_accuracy;
  epoch.seconds = progress->epoch_seconds;
  nr_run_record_add_epoch (record, &epoch);
  record->epochs_at_chance += progress->at_chance;
}

void
nr_run_record_finish (NrRunRecord *record, const NrTrainResult *result)
{
  gboolean diverged;

  g_return_if_fail (record != NULL);
  g_return_if_fail (result != NULL);

  diverged = result->status == NR_TRAIN_DIVERGED;
  record->status = result->status;
  record->seconds = result->seconds;
  record->diverged_epoch = diverged ? result->diverged_epoch : 0;
  record->diverged_step = diverged ? result->diverged_step : 0;
  record->divergence = diverged ? result->divergence : NR_DIVERGENCE_NONE;
  record->diverged_loss = diverged ? result->diverged_loss : NAN;
  record->reference_loss = diverged ? result->reference_loss : NAN;
  record->epochs_at_chance = result->epochs_at_chance;
  /* An epoch reported while the run was being stopped may not count as completed. */
  if (record->history->len > result->epochs_completed)
    g_array_set_size (record->history, result->epochs_completed);
}

const NrEpochRecord *
nr_run_record_get_last_epoch (const NrRunRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  if (record->history->len == 0)
    return NULL;
  return &g_array_index (record->history, NrEpochRecord, record->history->len - 1);
}

double
nr_run_record_get_test_accuracy (const NrRunRecord *record)
{
  const NrEpochRecord *last = nr_run_record_get_last_epoch (record);

  return last != NULL ? last->test_accuracy : NAN;
}

double
nr_run_record_get_test_loss (const NrRunRecord *record)
{
  const NrEpochRecord *last = nr_run_record_get_last_epoch (record);

  return last != NULL ? last->test_loss : NAN;
}

/* ---- writing run.json ------------------------------------------------------------- */

static void
add_string (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_float (JsonBuilder *b, const char *member, float value)
{
  _nr_json_add_double (b, member, _nr_json_float (value));
}

static void
add_optimizer (JsonBuilder *b, const NrOptimizerSpec *o)
{
  json_builder_set_member_name (b, "optimizer");
  json_builder_begin_object (b);
  add_string (b, "name", nr_optimizer_name (o->kind));
  add_float (b, "learning_rate", o->learning_rate);
  switch (o->kind)
    {
    case NR_OPTIMIZER_ADAM:
      add_float (b, "beta_1", o->beta1);
      add_float (b, "beta_2", o->beta2);
      add_float (b, "epsilon", o->epsilon);
      break;
    case NR_OPTIMIZER_SGD:
      add_float (b, "momentum", o->momentum);
      break;
    case NR_OPTIMIZER_RMSPROP:
      add_float (b, "rho", o->rho);
      add_float (b, "epsilon", o->epsilon);
      break;
    case NR_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (b);
}

static void
add_layers (JsonBuilder *b, const NrModelSpec *m)
{
  json_builder_set_member_name (b, "layers");
  json_builder_begin_array (b);
  for (guint l = 0; l <= m->n_hidden; l++)
    {
      gboolean output = l == m->n_hidden;

      json_builder_begin_object (b);
      add_int (b, "units", output ? m->outputs : m->hidden[l].units);
      add_string (b, "activation",
                  output ? "linear" : nr_activation_name (m->hidden[l].activation));
      add_float (b, "dropout", output ? 0.0f : m->hidden[l].dropout);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* What is trained, as run.json and the lab's remembered settings both write it. */
static void
add_settings (JsonBuilder *b, const NrTrainConfig *c)
{
  json_builder_set_member_name (b, "normalize");
  json_builder_add_boolean_value (b, c->normalize);
  add_int (b, "input_size", c->model.input_size);
  add_layers (b, &c->model);
  add_optimizer (b, &c->optimizer);
  add_int (b, "batch_size", c->batch_size);
  add_int (b, "epochs", c->epochs);
  /* JSON readers take integers up to 2⁵³ exactly; a larger seed goes as text. */
  if (c->seed <= (G_GUINT64_CONSTANT (1) << 53))
    add_int (b, "seed", (gint64) c->seed);
  else
    {
      g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, c->seed);
      add_string (b, "seed", seed);
    }
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (unix_seconds);

  return t != NULL ? g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ")
                   : g_strdup ("1970-01-01T00:00:00Z");
}

char *
nr_run_record_to_json (const NrRunRecord *record, gsize *length)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *start = NULL;
  const NrTrainConfig *c;
  const NrRunProvenance *p;

  g_return_val_if_fail (record != NULL, NULL);

  c = &record->config;
  p = &record->provenance;
  start = format_time (record->start_time);

  json_builder_begin_object (b);
  add_string (b, "format", "neurona-run");
  add_int (b, "format_version", NR_RUN_FORMAT_VERSION);
  add_string (b, "id", record->id);
  add_string (b, "name", record->name != NULL ? record->name : "");
  add_string (b, "note", record->note != NULL ? record->note : "");
  add_string (b, "dataset", nr_dataset_info (record->dataset)->name);
  add_int (b, "train_size", record->train_size);
  add_int (b, "test_size", record->test_size);
  add_settings (b, c);
  add_int (b, "threads", c->n_threads);
  add_int (b, "train_limit", c->train_limit);
  add_int (b, "test_limit", c->test_limit);
  add_int (b, "params", (gint64) record->params);
  add_string (b, "status", nr_train_status_name (record->status));
  add_string (b, "start_time", start);
  _nr_json_add_double (b, "duration", record->seconds);
  json_builder_set_member_name (b, "diverged");
  if (record->status == NR_TRAIN_DIVERGED)
    {
      json_builder_begin_object (b);
      add_int (b, "epoch", record->diverged_epoch);
      add_int (b, "step", record->diverged_step);
      add_string (b, "reason", nr_divergence_name (record->divergence));
      _nr_json_add_double (b, "loss", record->diverged_loss);
      _nr_json_add_double (b, "reference_loss", record->reference_loss);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  add_int (b, "epochs_at_chance", record->epochs_at_chance);
  _nr_json_add_double (b, "test_accuracy", nr_run_record_get_test_accuracy (record));
  _nr_json_add_double (b, "test_loss", nr_run_record_get_test_loss (record));
  json_builder_set_member_name (b, "history");
  json_builder_begin_array (b);
  for (guint i = 0; i < record->history->len; i++)
    {
      const NrEpochRecord *e = &g_array_index (record->history, NrEpochRecord, i);

      json_builder_begin_object (b);
      add_int (b, "epoch", i + 1);
      _nr_json_add_double (b, "loss", e->train_loss);
      _nr_json_add_double (b, "accuracy", e->train_accuracy);
      _nr_json_add_double (b, "test_loss", e->test_loss);
      _nr_json_add_double (b, "test_accuracy", e->test_accuracy);
      _nr_json_add_double (b, "seconds", e->seconds);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_string (b, "weights", record->has_weights ? NR_RUN_WEIGHTS_FILE : NULL);
  json_builder_set_member_name (b, "provenance");
  json_builder_begin_object (b);
  add_string (b, "neurona_version", p->neurona_version);
  add_string (b, "kernels", p->kernels);
  add_string (b, "data_source", p->data_source);
  add_string (b, "data_dir", p->data_dir);
  json_builder_set_member_name (b, "files");
  json_builder_begin_object (b);
  for (guint i = 0; i < NR_N_DATA_FILES; i++)
    {
      json_builder_set_member_name (b, data_file_keys[i]);
      json_builder_begin_object (b);
      add_string (b, "name", p->files[i].name);
      add_string (b, "sha256", p->files[i].sha256);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return _nr_json_to_data (root, TRUE, length);
}

/* ---- reading run.json ------------------------------------------------------------- */

typedef struct {
  const char *file;
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
  g_set_error (r->error, NR_ERROR, NR_ERROR_FORMAT, "%s: %s", r->file, problem);
  r->failed = TRUE;
  return FALSE;
}

/* The member `key` of o, "where.key" in messages; NULL (after failing) when missing. */
static JsonNode *
member (Reader *r, JsonObject *o, const char *where, const char *key)
{
  JsonNode *node;

  if (r->failed || o == NULL)
    return NULL;
  node = json_object_get_member (o, key);
  if (node == NULL)
    fail (r, _("%s%s%s is missing"), where, *where ? "." : "", key);
  return node;
}

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gint64
get_int (Reader *r, JsonObject *o, const char *where, const char *key, gint64 min, gint64 max)
{
  JsonNode *node = member (r, o, where, key);
  gint64 v;

  if (node == NULL)
    return 0;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (r, _("%s%s%s is not a whole number"), where, *where ? "." : "", key), 0;
  v = json_node_get_int (node);
  if (v < min || v > max)
    return fail (r, _("%s%s%s is %lld, outside %lld…%lld"), where, *where ? "." : "", key,
                 (long long) v, (long long) min, (long long) max), 0;
  return v;
}

/* A number in [min, max]; null reads as NAN where allow_null. */
static double
get_double (Reader *r, JsonObject *o, const char *where, const char *key, double min,
            double max, gboolean allow_null)
{
  JsonNode *node = member (r, o, where, key);
  double v;

  if (node == NULL)
    return NAN;
  if (JSON_NODE_HOLDS_NULL (node) && allow_null)
    return NAN;
  if (!is_number (node))
    return fail (r, _("%s%s%s is not a number"), where, *where ? "." : "", key), NAN;
  v = json_node_get_double (node);
  if (!isfinite (v) || v < min || v > max)
    return fail (r, _("%s%s%s is %.10g, outside %g…%g"), where, *where ? "." : "", key, v, min,
                 max), NAN;
  return v;
}

static const char *
get_string (Reader *r, JsonObject *o, const char *where, const char *key, gboolean allow_null)
{
  JsonNode *node = member (r, o, where, key);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_NULL (node) && allow_null)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (r, _("%s%s%s is not text"), where, *where ? "." : "", key), NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (Reader *r, JsonObject *o, const char *where, const char *key)
{
  JsonNode *node = member (r, o, where, key);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (r, _("%s%s%s is not an object"), where, *where ? "." : "", key), NULL;
  return json_node_get_object (node);
}

static JsonArray *
get_array (Reader *r, JsonObject *o, const char *where, const char *key)
{
  JsonNode *node = member (r, o, where, key);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (r, _("%s%s%s is not a list"), where, *where ? "." : "", key), NULL;
  return json_node_get_array (node);
}

static char *
dup_bounded (Reader *r, const char *text, const char *what, gsize max)
{
  if (text == NULL)
    return NULL;
  if (strlen (text) > max)
    return fail (r, _("the %s is longer than %zu bytes"), what, (size_t) max), NULL;
  return g_strdup (text);
}

static void
read_layers (Reader *r, JsonObject *root, NrModelSpec *m)
{
  JsonArray *layers = get_array (r, root, "", "layers");
  guint n;

  if (layers == NULL)
    return;
  n = json_array_get_length (layers);
  if (n < 1 || n > NR_MAX_HIDDEN + 1)
    {
      fail (r, _("layers lists %u dense layers, expected 1…%d (the output layer last)"), n,
            NR_MAX_HIDDEN + 1);
      return;
    }
  m->n_hidden = n - 1;
  for (guint l = 0; l < n && !r->failed; l++)
    {
      g_autofree char *where = g_strdup_printf ("layers[%u]", l);
      JsonNode *node = json_array_get_element (layers, l);
      JsonObject *layer;
      const char *act;
      guint units;
      double dropout;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (r, _("%s is not an object"), where);
          return;
        }
      layer = json_node_get_object (node);
      units = (guint) get_int (r, layer, where, "units", 1, NR_MAX_UNITS);
      act = get_string (r, layer, where, "activation", FALSE);
      /* The model takes any rate below 1 (nr_model_spec_check): so does the reader. */
      dropout = get_double (r, layer, where, "dropout", 0.0, 1.0, FALSE);
      if (!r->failed && dropout >= 1.0)
        fail (r, _("%s.dropout is 1; a layer cannot drop every unit"), where);
      if (r->failed)
        return;
      if (l + 1 == n)
        {
          if (strcmp (act, "linear") != 0 || dropout != 0.0)
            {
              fail (r, _("the output layer (%s) must be linear without dropout (its logits go "
                         "to the softmax)"),
                    where);
              return;
            }
          m->outputs = units;
          break;
        }
      m->hidden[l].units = units;
      m->hidden[l].dropout = (float) dropout;
      if (!nr_activation_from_name (act, &m->hidden[l].activation))
        fail (r, _("%s has an unknown activation “%s”"), where, act);
    }
}

static void
read_optimizer (Reader *r, JsonObject *root, NrOptimizerSpec *o)
{
  JsonObject *opt = get_object (r, root, "", "optimizer");
  const char *name = get_string (r, opt, "optimizer", "name", FALSE);
  NrOptimizerKind kind;

  if (r->failed)
    return;
  if (!nr_optimizer_from_name (name, &kind))
    {
      fail (r, _("optimizer.name “%s” is not adam, sgd or rmsprop"), name);
      return;
    }
  nr_optimizer_spec_init (o, kind);
  o->learning_rate = (float) get_double (r, opt, "optimizer", "learning_rate", 0, 1e6, FALSE);
  switch (kind)
    {
    case NR_OPTIMIZER_ADAM:
      o->beta1 = (float) get_double (r, opt, "optimizer", "beta_1", 0, 1, FALSE);
      o->beta2 = (float) get_double (r, opt, "optimizer", "beta_2", 0, 1, FALSE);
      o->epsilon = (float) get_double (r, opt, "optimizer", "epsilon", 0, 1, FALSE);
      break;
    case NR_OPTIMIZER_SGD:
      o->momentum = (float) get_double (r, opt, "optimizer", "momentum", 0, 1, FALSE);
      break;
    case NR_OPTIMIZER_RMSPROP:
      o->rho = (float) get_double (r, opt, "optimizer", "rho", 0, 1, FALSE);
      o->epsilon = (float) get_double (r, opt, "optimizer", "epsilon", 0, 1, FALSE);
      break;
    case NR_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
}

/* add_settings ()'s members back into c. */
static void
read_settings (Reader *r, JsonObject *root, NrTrainConfig *c)
{
  JsonNode *seed;

  if (!r->failed)
    {
      JsonNode *node = member (r, root, "", "normalize");

      if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) ||
                           json_node_get_value_type (node) != G_TYPE_BOOLEAN))
        fail (r, _("normalize is not true or false"));
      else if (node != NULL)
        c->normalize = json_node_get_boolean (node);
    }
  c->model.input_size = (guint) get_int (r, root, "", "input_size", 1, MAX_INPUT_SIZE);
  read_layers (r, root, &c->model);
  read_optimizer (r, root, &c->optimizer);
  c->batch_size = (guint) get_int (r, root, "", "batch_size", 1, MAX_IMAGES);
  c->epochs = (guint) get_int (r, root, "", "epochs", 1, 100000);
  seed = member (r, root, "", "seed");
  if (seed != NULL && JSON_NODE_HOLDS_VALUE (seed) &&
      json_node_get_value_type (seed) == G_TYPE_STRING)
    {
      if (!g_ascii_string_to_unsigned (json_node_get_string (seed), 10, 0, G_MAXUINT64, &c->seed,
                                       NULL))
        fail (r, _("seed is not a whole number"));
    }
  else if (seed != NULL)
    c->seed = (guint64) get_int (r, root, "", "seed", 0, G_MAXINT64);
}

static void
read_history (Reader *r, JsonObject *root, NrRunRecord *record)
{
  JsonArray *history = get_array (r, root, "", "history");
  gboolean no_test = record->test_size == 0;
  guint n;

  if (history == NULL)
    return;
  n = json_array_get_length (history);
  if (n > record->config.epochs)
    {
      fail (r, _("history has %u epochs, more than the run's %u"), n, record->config.epochs);
      return;
    }
  for (guint i = 0; i < n && !r->failed; i++)
    {
      g_autofree char *where = g_strdup_printf ("history[%u]", i);
      JsonNode *node = json_array_get_element (history, i);
      JsonObject *e;
      NrEpochRecord epoch;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (r, _("%s is not an object"), where);
          return;
        }
      e = json_node_get_object (node);
      if (get_int (r, e, where, "epoch", 1, G_MAXINT32) != i + 1 && !r->failed)
        {
          fail (r, _("%s is not epoch %u"), where, i + 1);
          return;
        }
      epoch.train_loss = get_double (r, e, where, "loss", 0, HUGE_VAL, FALSE);
      epoch.train_accuracy = get_double (r, e, where, "accuracy", 0, 1, FALSE);
      epoch.test_loss = get_double (r, e, where, "test_loss", 0, HUGE_VAL, no_test);
      epoch.test_accuracy = get_double (r, e, where, "test_accuracy", 0, 1, no_test);
      epoch.seconds = get_double (r, e, where, "seconds", 0, HUGE_VAL, FALSE);
      if (!r->failed)
        g_array_append_val (record->history, epoch);
    }
}

static char *
read_sha256 (Reader *r, JsonObject *o, const char *where)
{
  const char *hex = get_string (r, o, where, "sha256", TRUE);

  if (hex == NULL)
    return NULL;
  if (strlen (hex) != 64 || strspn (hex, "0123456789abcdef") != 64)
    return fail (r, _("%s.sha256 is not a SHA-256 in hexadecimal"), where), NULL;
  return g_strdup (hex);
}

static void
read_provenance (Reader *r, JsonObject *root, NrRunProvenance *p)
{
  JsonObject *prov = get_object (r, root, "", "provenance");
  JsonObject *files;

  p->neurona_version = g_strdup (get_string (r, prov, "provenance", "neurona_version", TRUE));
  p->kernels = g_strdup (get_string (r, prov, "provenance", "kernels", TRUE));
  p->data_source = g_strdup (get_string (r, prov, "provenance", "data_source", TRUE));
  p->data_dir = g_strdup (get_string (r, prov, "provenance", "data_dir", TRUE));
  files = get_object (r, prov, "provenance", "files");
  for (guint i = 0; i < NR_N_DATA_FILES && !r->failed; i++)
    {
      g_autofree char *where = g_strdup_printf ("provenance.files.%s", data_file_keys[i]);
      JsonObject *f = get_object (r, files, "provenance.files", data_file_keys[i]);

      p->files[i].name = g_strdup (get_string (r, f, where, "name", TRUE));
      p->files[i].sha256 = read_sha256 (r, f, where);
    }
}

static void
read_divergence (Reader *r, JsonObject *root, NrRunRecord *record)
{
  JsonNode *node = member (r, root, "", "diverged");
  JsonObject *d;
  const char *reason;

  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (record->status == NR_TRAIN_DIVERGED)
        fail (r, _("a diverged run must say where it diverged (diverged is null)"));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (r, _("diverged is not an object or null"));
      return;
    }
  if (record->status != NR_TRAIN_DIVERGED)
    {
      fail (r, _("only a diverged run says where it diverged"));
      return;
    }
  d = json_node_get_object (node);
  record->diverged_epoch = (guint) get_int (r, d, "diverged", "epoch", 1, record->config.epochs);
  record->diverged_step = (guint) get_int (r, d, "diverged", "step", 1, G_MAXINT32);
  reason = get_string (r, d, "diverged", "reason", FALSE);
  record->diverged_loss = get_double (r, d, "diverged", "loss", -HUGE_VAL, HUGE_VAL, TRUE);
  record->reference_loss = get_double (r, d, "diverged", "reference_loss", 0, HUGE_VAL, TRUE);
  if (r->failed)
    return;
  for (guint i = 1; i < G_N_ELEMENTS (divergence_names); i++)
    if (strcmp (reason, divergence_names[i]) == 0)
      {
        record->divergence = (NrDivergence) i;
        return;
      }
  fail (r, _("diverged.reason “%s” is not one Neurona knows"), reason);
}

static void
read_run (Reader *r, JsonObject *root, NrRunRecord *record)
{
  NrTrainConfig *c = &record->config;
  g_autoptr (GDateTime) start_time = NULL;
  g_autoptr (GError) check_error = NULL;
  const char *format, *dataset, *start, *status;
  gint64 version;
  guint n;

  /* What the file is, then its version: a newer file is named as such, not as a list of
   * odd members. */
  format = get_string (r, root, "", "format", FALSE);
  if (format != NULL && strcmp (format, "neurona-run") != 0)
    fail (r, _("not a Neurona run (format “%s”)"), format);
  version = get_int (r, root, "", "format_version", 0, G_MAXINT32);
  if (!r->failed && version != NR_RUN_FORMAT_VERSION)
    {
      fail (r, _("format version %lld is not supported (this version of Neurona reads "
                 "version %d)"),
            (long long) version, NR_RUN_FORMAT_VERSION);
      return;
    }
  record->name = dup_bounded (r, get_string (r, root, "", "name", FALSE), "name", MAX_NAME_BYTES);
  g_free (record->note);
  record->note = dup_bounded (r, get_string (r, root, "", "note", FALSE), "note", MAX_NOTE_BYTES);
  dataset = get_string (r, root, "", "dataset", FALSE);
  if (dataset != NULL && !nr_dataset_id_from_name (dataset, &record->dataset))
    fail (r, _("unknown dataset “%s”"), dataset);
  record->train_size = (guint) get_int (r, root, "", "train_size", 1, MAX_IMAGES);
  record->test_size = (guint) get_int (r, root, "", "test_size", 0, MAX_IMAGES);
  read_settings (r, root, c);
  c->n_threads = (guint) get_int (r, root, "", "threads", 1, 256);
  c->train_limit = (guint) get_int (r, root, "", "train_limit", 0, MAX_IMAGES);
  c->test_limit = (guint) get_int (r, root, "", "test_limit", 0, MAX_IMAGES);
  record->params = (guint64) get_int (r, root, "", "params", 1, G_MAXUINT32);
  status = get_string (r, root, "", "status", FALSE);
  if (status != NULL && !nr_train_status_from_name (status, &record->status))
    fail (r, _("unknown status “%s” (expected finished, stopped or diverged)"), status);
  start = get_string (r, root, "", "start_time", FALSE);
  if (start != NULL)
    {
      start_time = g_date_time_new_from_iso8601 (start, NULL);
      if (start_time == NULL)
        fail (r, _("start_time “%s” is not an ISO 8601 date and time"), start);
      else
        record->start_time = g_date_time_to_unix (start_time);
    }
  record->seconds = get_double (r, root, "", "duration", 0, HUGE_VAL, FALSE);
  if (r->failed)
    return;
  read_divergence (r, root, record);
  record->epochs_at_chance = (guint) get_int (r, root, "", "epochs_at_chance", 0, c->epochs);
  read_history (r, root, record);
  read_provenance (r, root, &record->provenance);
  {
    const char *weights = get_string (r, root, "", "weights", TRUE);

    if (weights != NULL && strcmp (weights, NR_RUN_WEIGHTS_FILE) != 0)
      fail (r, _("weights is “%s”; a run's weights are in %s"), weights, NR_RUN_WEIGHTS_FILE);
    record->has_weights = weights != NULL;
  }
  if (r->failed)
    return;

  /* The settings together must be ones the trainer accepts, and agree with the rest. */
  if (!nr_train_config_check (c, 0, &check_error))
    {
      fail (r, _("impossible settings: %s"), check_error->message);
      return;
    }
  if (record->params != nr_model_spec_param_count (&c->model))
    {
      fail (r, _("params is %llu but the layers have %zu"), (unsigned long long) record->params,
            (size_t) nr_model_spec_param_count (&c->model));
      return;
    }
  n = record->history->len;
  if (record->status == NR_TRAIN_COMPLETED && n != c->epochs)
    fail (r, _("a finished run of %u epochs has %u epochs of history"), c->epochs, n);
  else if (record->status == NR_TRAIN_DIVERGED && record->diverged_epoch <= n)
    fail (r, _("a run that diverged in epoch %u cannot have %u epochs of history"),
          record->diverged_epoch, n);
  else
    {
      /* The top-level figures repeat the last epoch's: a mismatch is a hand edit gone wrong. */
      double acc = get_double (r, root, "", "test_accuracy", 0, 1, TRUE);
      double loss = get_double (r, root, "", "test_loss", 0, HUGE_VAL, TRUE);
      double last_acc = nr_run_record_get_test_accuracy (record);
      double last_loss = nr_run_record_get_test_loss (record);

      if (!r->failed && !(isnan (acc) && isnan (last_acc)) && acc != last_acc)
        fail (r, _("test_accuracy %.10g is not the last epoch's %.10g"), acc, last_acc);
      if (!r->failed && !(isnan (loss) && isnan (last_loss)) && loss != last_loss)
        fail (r, _("test_loss %.10g is not the last epoch's %.10g"), loss, last_loss);
    }
}

NrRunRecord *
nr_run_record_from_json (const char *data, gsize length, const char *file_name, GError **error)
{
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) parse_error = NULL;
  JsonNode *root;
  Reader r = { file_name, error, FALSE };

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Editors on some systems start UTF-8 text with a byte-order mark: not part of it. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (length == 0)
    return fail (&r, _("the file is empty")), NULL;
  if (memchr (data, '\0', length) != NULL || !g_utf8_validate (data, (gssize) length, NULL))
    return fail (&r, _("not a saved run (not UTF-8 text)")), NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    return fail (&r, _("not a saved run (not valid JSON: %s)"), parse_error->message), NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (&r, _("not a saved run (not a JSON object)")), NULL;

  record = _nr_run_record_alloc ();
  read_run (&r, json_node_get_object (root), record);
  if (r.failed)
    return NULL;
  return g_steal_pointer (&record);
}

/* ---- CSV ------------------------------------------------------------------------- */

static void
append_csv_number (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return; /* an empty cell, as pandas and spreadsheets read a missing value */
  _nr_format_shortest (buf, value);
  g_string_append (out, buf);
}

char *
nr_run_record_to_csv (const NrRunRecord *record, gsize *length)
{
  GString *out;

  g_return_val_if_fail (record != NULL, NULL);

  out = g_string_new ("epoch,accuracy,loss,val_accuracy,val_loss\n");
  for (guint i = 0; i < record->history->len; i++)
    {
      const NrEpochRecord *e = &g_array_index (record->history, NrEpochRecord, i);

      g_string_append_printf (out, "%u,", i);
      append_csv_number (out, e->train_accuracy);
      g_string_append_c (out, ',');
      append_csv_number (out, e->train_loss);
      g_string_append_c (out, ',');
      append_csv_number (out, e->test_accuracy);
      g_string_append_c (out, ',');
      append_csv_number (out, e->test_loss);
      g_string_append_c (out, '\n');
    }
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/* ---- settings alone ------------------------------------------------------------- */

char *
nr_train_config_to_json (const NrTrainConfig *c)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (c != NULL, NULL);

  json_builder_begin_object (b);
  add_string (b, "format", "neurona-settings");
  add_settings (b, c);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return _nr_json_to_data (root, FALSE, NULL);
}

gboolean
nr_train_config_from_json (const char *data, const char *what, NrTrainConfig *config,
                           GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (GError) check_error = NULL;
  Reader r = { what, error, FALSE };
  NrTrainConfig c;
  JsonObject *root;
  const char *format;

  g_return_val_if_fail (data != NULL && what != NULL && config != NULL, FALSE);

  if (!json_parser_load_from_data (parser, data, -1, &parse_error))
    return fail (&r, _("not valid JSON: %s"), parse_error->message);
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return fail (&r, _("not a JSON object"));
  root = json_node_get_object (json_parser_get_root (parser));
  nr_train_config_init (&c);
  format = get_string (&r, root, "", "format", FALSE);
  if (format != NULL && strcmp (format, "neurona-settings") != 0)
    return fail (&r, _("not Neurona's settings (format “%s”)"), format);
  read_settings (&r, root, &c);
  if (r.failed)
    return FALSE;
  if (!nr_model_spec_check (&c.model, c.model.outputs, &check_error))
    return fail (&r, "%s", check_error->message);
  *config = c;
  return TRUE;
}
