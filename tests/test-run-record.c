/* test-run-record.c — a run's record: its books kept during a real training run, run.json
 * read back exactly, every corruption refused with the file's name, numbers written in
 * their shortest exact form, Keras' CSV, and the .run files of Neurona 0.1 still read. */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "neurona/error.h"
#include "neurona/run-record.h"

#include "kernels.h"

/* The tutorial's model with a second hidden layer, 3 of 4 epochs done, then stopped. */
static NrRunRecord *
make_record (void)
{
  NrTrainConfig config;
  NrRunRecord *record;
  NrTrainResult result = { 0 };

  nr_train_config_init (&config);
  config.model.hidden[0].units = 88;
  config.model.n_hidden = 2;
  config.model.hidden[1].units = 64;
  config.model.hidden[1].activation = NR_ACTIVATION_TANH;
  config.model.hidden[1].dropout = 0.2f;
  config.optimizer.learning_rate = 0.0025f;
  config.epochs = 4;
  config.batch_size = 64;
  config.normalize = FALSE;
  config.seed = G_GUINT64_CONSTANT (18446744073709551557);
  config.train_limit = 1000;
  config.test_limit = 200;
  record = nr_run_record_new (NR_DATASET_FASHION_MNIST, &config, 1000, 200, 1795752020);
  nr_run_record_set_name (record, "la red de Ana · 4 épocas");
  nr_run_record_set_note (record, "probar con \"Dropout\"\ny 15 salidas");
  for (guint i = 0; i < 3; i++)
    {
      NrEpochRecord e = { 1.0 / (i + 3), 0.7 + 0.01 * i, 0.1 + i / 7.0, 2.0 / 3.0 - 0.001 * i,
                          0.123456789 * (i + 1) };

      nr_run_record_add_epoch (record, &e);
    }
  result.status = NR_TRAIN_CANCELLED;
  result.epochs_completed = 3;
  result.seconds = 1.0 / 3.0;
  result.epochs_at_chance = 1;
  nr_run_record_finish (record, &result);
  record->provenance.neurona_version = g_strdup ("0.2.0");
  record->provenance.kernels = g_strdup ("avx2");
  record->provenance.data_source = g_strdup ("the committed subset");
  record->provenance.data_dir = g_strdup ("/home/ana/datos/fashion");
  for (guint i = 0; i < NR_N_DATA_FILES; i++)
    {
      record->provenance.files[i].name = g_strdup_printf ("file-%u.gz", i);
      record->provenance.files[i].sha256 =
        g_compute_checksum_for_string (G_CHECKSUM_SHA256, record->provenance.files[i].name, -1);
    }
  return record;
}

static void
assert_records_equal (const NrRunRecord *a, const NrRunRecord *b)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->note, ==, b->note);
  g_assert_cmpint (a->dataset, ==, b->dataset);
  /* The whole config, floats included, to the bit. */
  g_assert_cmpmem (&a->config, sizeof a->config, &b->config, sizeof b->config);
  g_assert_cmpuint (a->train_size, ==, b->train_size);
  g_assert_cmpuint (a->test_size, ==, b->test_size);
  g_assert_cmpint (a->start_time, ==, b->start_time);
  g_assert_cmpfloat (a->seconds, ==, b->seconds);
  g_assert_cmpuint (a->params, ==, b->params);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpuint (a->diverged_epoch, ==, b->diverged_epoch);
  g_assert_cmpuint (a->diverged_step, ==, b->diverged_step);
  g_assert_cmpint (a->divergence, ==, b->divergence);
  g_assert_true (a->diverged_loss == b->diverged_loss ||
                 (isnan (a->diverged_loss) && isnan (b->diverged_loss)));
  g_assert_true (a->reference_loss == b->reference_loss ||
                 (isnan (a->reference_loss) && isnan (b->reference_loss)));
  g_assert_cmpuint (a->epochs_at_chance, ==, b->epochs_at_chance);
  g_assert_cmpint (a->has_weights, ==, b->has_weights);
  g_assert_cmpuint (a->history->len, ==, b->history->len);
  for (guint i = 0; i < a->history->len; i++)
    {
      const NrEpochRecord *x = &g_array_index (a->history, NrEpochRecord, i);
      const NrEpochRecord *y = &g_array_index (b->history, NrEpochRecord, i);

      g_assert_cmpfloat (x->train_loss, ==, y->train_loss);
      g_assert_cmpfloat (x->train_accuracy, ==, y->train_accuracy);
      g_assert_true (x->test_loss == y->test_loss || (isnan (x->test_loss) && isnan (y->test_loss)));
      g_assert_true (x->test_accuracy == y->test_accuracy ||
                     (isnan (x->test_accuracy) && isnan (y->test_accuracy)));
      g_assert_cmpfloat (x->seconds, ==, y->seconds);
    }
  g_assert_cmpstr (a->provenance.neurona_version, ==, b->provenance.neurona_version);
  g_assert_cmpstr (a->provenance.kernels, ==, b->provenance.kernels);
  g_assert_cmpstr (a->provenance.data_source, ==, b->provenance.data_source);
  g_assert_cmpstr (a->provenance.data_dir, ==, b->provenance.data_dir);
  for (guint i = 0; i < NR_N_DATA_FILES; i++)
    {
      g_assert_cmpstr (a->provenance.files[i].name, ==, b->provenance.files[i].name);
      g_assert_cmpstr (a->provenance.files[i].sha256, ==, b->provenance.files[i].sha256);
    }
}

static NrRunRecord *
round_trip (const NrRunRecord *record)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  NrRunRecord *back;
  gsize len;

  json = nr_run_record_to_json (record, &len);
  g_assert_cmpuint (len, ==, strlen (json));
  back = nr_run_record_from_json (json, len, "run.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  return back;
}

static void
test_default_name (void)
{
  NrTrainConfig config;
  g_autofree char *name = NULL;
  g_autofree char *two = NULL;

  nr_train_config_init (&config);
  name = nr_run_record_default_name (&config);
  g_assert_cmpstr (name, ==, "128 relu · 10 epochs");
  config.model.n_hidden = 2;
  config.model.hidden[1].units = 28;
  config.model.hidden[1].activation = NR_ACTIVATION_SIGMOID;
  config.epochs = 1;
  two = nr_run_record_default_name (&config);
  g_assert_cmpstr (two, ==, "128 relu, 28 sigmoid · 1 epoch");
}

/* A default name is recognised as one (a program shows it in its own language); a name
 * someone typed, or one a changed setting no longer matches, is not. */
static void
test_name_is_default (void)
{
  NrTrainConfig config;
  g_autoptr (NrRunRecord) record = NULL;

  nr_train_config_init (&config);
  record = nr_run_record_new (NR_DATASET_FASHION_MNIST, &config, 100, 50, 1795752020);
  g_assert_cmpstr (record->name, ==, "128 relu · 10 epochs");
  g_assert_true (nr_run_record_name_is_default (record));
  nr_run_record_set_name (record, "mi red");
  g_assert_false (nr_run_record_name_is_default (record));
  nr_run_record_set_name (record, "128 relu · 9 epochs");
  g_assert_false (nr_run_record_name_is_default (record));
  record->config.model.n_hidden = 0;
  record->config.epochs = 1;
  nr_run_record_set_name (record, "no hidden layer · 1 epoch");
  g_assert_true (nr_run_record_name_is_default (record));
}

static void
test_round_trip (void)
{
  g_autoptr (NrRunRecord) record = make_record ();
  g_autoptr (NrRunRecord) back = NULL;

  record->has_weights = TRUE;
  back = round_trip (record);
  assert_records_equal (record, back);
  g_assert_cmpint (back->status, ==, NR_TRAIN_CANCELLED);
  g_assert_cmpuint (back->config.seed, ==, G_GUINT64_CONSTANT (18446744073709551557));
}

/* A diverged run without a test set: NaN test figures go as null and come back NaN. */
static void
test_round_trip_diverged_no_test (void)
{
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (NrRunRecord) back = NULL;
  g_autofree char *json = NULL;
  NrTrainConfig config;
  NrTrainResult result = { 0 };
  NrEpochRecord e = { 2.5, 0.1, NAN, NAN, 1.5 };

  nr_train_config_init (&config);
  config.epochs = 3;
  record = nr_run_record_new (NR_DATASET_MNIST, &config, 60000, 0, 1);
  nr_run_record_add_epoch (record, &e);
  result.status = NR_TRAIN_DIVERGED;
  result.epochs_completed = 1;
  result.diverged_epoch = 2;
  result.diverged_step = 17;
  result.divergence = NR_DIVERGENCE_EXPLODED_RUNNING;
  result.diverged_loss = 673.8;
  result.reference_loss = log (10.0);
  result.seconds = 3;
  nr_run_record_finish (record, &result);

  json = nr_run_record_to_json (record, NULL);
  g_assert_nonnull (strstr (json, "\"test_loss\" : null"));
  g_assert_nonnull (strstr (json, "\"reason\" : \"exploded-running\""));
  g_assert_nonnull (strstr (json, "\"status\" : \"diverged\""));
  back = round_trip (record);
  assert_records_equal (record, back);
  g_assert_true (isnan (nr_run_record_get_test_accuracy (back)));
}

/* Floats as the shortest decimal that reads back as the same float: 0.001, not
 * 0.0010000000474974513; doubles as the shortest that reads back as the same double. */
static void
test_shortest_numbers (void)
{
  g_autoptr (NrRunRecord) record = make_record ();
  g_autofree char *json = nr_run_record_to_json (record, NULL);
  g_autoptr (NrRunRecord) adam = NULL;
  g_autofree char *adam_json = NULL;
  NrTrainConfig config;

  g_test_message ("%s", json);
  g_assert_nonnull (strstr (json, "\"learning_rate\" : 0.0025,"));
  g_assert_nonnull (strstr (json, "\"beta_1\" : 0.9,"));
  g_assert_nonnull (strstr (json, "\"beta_2\" : 0.999,"));
  g_assert_nonnull (strstr (json, "\"epsilon\" : 1e-07"));
  g_assert_nonnull (strstr (json, "\"dropout\" : 0.2"));
  g_assert_nonnull (strstr (json, "\"loss\" : 0.3333333333333333,"));
  g_assert_nonnull (strstr (json, "\"accuracy\" : 0.7,"));
  g_assert_nonnull (strstr (json, "\"dropout\" : 0.0"));
  g_assert_null (strstr (json, "0000000"));
  g_assert_null (strstr (json, "9999999"));

  nr_train_config_init (&config);
  adam = nr_run_record_new (NR_DATASET_FASHION_MNIST, &config, 60000, 10000, 0);
  adam_json = nr_run_record_to_json (adam, NULL);
  g_assert_nonnull (strstr (adam_json, "\"learning_rate\" : 0.001,"));
}

/* Every model the trainer accepts is read back: dropout right below 1 (0.995, the largest
 * float under 1) and 0 round-trip; 1 itself, which no model can have, is refused. */
static void
test_round_trip_dropout_limits (void)
{
  const float rates[] = { 0.0f, 0.5f, 0.995f, 0.99999994f };

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      g_autoptr (NrRunRecord) record = make_record ();
      g_autoptr (NrRunRecord) back = NULL;

      record->config.model.hidden[1].dropout = rates[i];
      g_assert_true (nr_model_spec_check (&record->config.model, 10, NULL));
      back = round_trip (record);
      g_assert_cmpfloat (back->config.model.hidden[1].dropout, ==, rates[i]);
    }
  {
    g_autoptr (NrRunRecord) record = make_record ();
    g_autoptr (GError) error = NULL;
    g_autofree char *json = NULL;
    NrRunRecord *back;

    record->config.model.hidden[1].dropout = 1.0f;
    g_assert_false (nr_model_spec_check (&record->config.model, 10, NULL));
    json = nr_run_record_to_json (record, NULL);
    back = nr_run_record_from_json (json, strlen (json), "run.json", &error);
    g_assert_null (back);
    g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
    g_assert_nonnull (strstr (error->message, "dropout"));
  }
}

/* Strings are copied as they are: quotes, backslashes, newlines and non-ASCII text. */
static void
test_strings_escaped (void)
{
  g_autoptr (NrRunRecord) record = make_record ();
  g_autoptr (NrRunRecord) back = NULL;

  nr_run_record_set_name (record, "a \"quoted\" \\ back-slashed 0.30000000000000004 name ✓");
  back = round_trip (record);
  g_assert_cmpstr (back->name, ==, record->name);
  g_assert_cmpstr (back->note, ==, "probar con \"Dropout\"\ny 15 salidas");
}

static void
test_bom_accepted (void)
{
  g_autoptr (NrRunRecord) record = make_record ();
  g_autoptr (NrRunRecord) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = nr_run_record_to_json (record, NULL);
  g_autofree char *with_bom = g_strconcat ("\xEF\xBB\xBF", json, NULL);

  back = nr_run_record_from_json (with_bom, strlen (with_bom), "run.json", &error);
  g_assert_no_error (error);
  assert_records_equal (record, back);
}

static void
assert_refused (const char *json, gssize len, const char *expect)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrRunRecord) back = NULL;

  back = nr_run_record_from_json (json, len < 0 ? strlen (json) : (gsize) len, "/runs/x/run.json",
                                  &error);
  g_assert_null (back);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "/runs/x/run.json: "));
  if (expect != NULL && strstr (error->message, expect) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expect);
}

/* The good file, then changed by fn at member `name` of the object at `path`. */
typedef void (*Mutate) (JsonObject *object, const char *member);

static char *
mutated (const NrRunRecord *record, const char *object_path, const char *name, Mutate fn)
{
  g_autofree char *json = nr_run_record_to_json (record, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  if (object_path != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (object_path, "/", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          JsonNode *node = json_object_get_member (object, parts[i]);

          if (JSON_NODE_HOLDS_ARRAY (node))
            node = json_array_get_element (json_node_get_array (node),
                                           (guint) g_ascii_strtoull (parts[++i], NULL, 10));
          object = json_node_get_object (node);
        }
    }
  fn (object, name);
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

static void remove_member (JsonObject *o, const char *m) { json_object_remove_member (o, m); }
static void set_text (JsonObject *o, const char *m) { json_object_set_string_member (o, m, "x"); }
static void set_minus_one (JsonObject *o, const char *m) { json_object_set_int_member (o, m, -1); }
static void set_huge (JsonObject *o, const char *m) { json_object_set_double_member (o, m, 1e300); }
static void set_half (JsonObject *o, const char *m) { json_object_set_double_member (o, m, 0.5); }
static void set_null (JsonObject *o, const char *m) { json_object_set_null_member (o, m); }
static void set_array (JsonObject *o, const char *m) { json_object_set_array_member (o, m, json_array_new ()); }
static void set_three (JsonObject *o, const char *m) { json_object_set_int_member (o, m, 3); }
static void set_epoch_one (JsonObject *o, const char *m) { json_object_set_int_member (o, m, 1); }

/* Every member is needed: without any one of them the file is refused, by name. */
static void
test_corrupt_missing_members (void)
{
  g_autoptr (NrRunRecord) record = make_record ();
  g_autofree char *json = nr_run_record_to_json (record, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GList) members = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  members = json_object_get_members (json_node_get_object (json_parser_get_root (parser)));
  for (GList *m = members; m != NULL; m = m->next)
    {
      g_autofree char *bad = NULL;

      if (strcmp (m->data, "id") == 0)
        continue; /* the folder's name is the id */
      bad = mutated (record, NULL, m->data, remove_member);
      assert_refused (bad, -1, m->data);
    }
}

static void
test_corrupt_values (void)
{
  static const struct {
    const char *object, *member;
    Mutate fn;
    const char *expect;
  } cases[] = {
    { NULL, "format", set_text, "not a Neurona run" },
    { NULL, "format_version", set_three, "format version 3 is not supported" },
    { NULL, "train_size", set_minus_one, "train_size" },
    { NULL, "train_size", set_text, "not a whole number" },
    { NULL, "epochs", set_half, "not a whole number" },
    { NULL, "normalize", set_text, "normalize" },
    { NULL, "dataset", set_text, "unknown dataset" },
    { NULL, "status", set_text, "unknown status" },
    { NULL, "start_time", set_text, "ISO 8601" },
    { NULL, "duration", set_minus_one, "duration" },
    { NULL, "params", set_three, "params is 3" },
    { NULL, "layers", set_array, "dense layers" },
    { NULL, "history", set_text, "not a list" },
    { NULL, "test_accuracy", set_half, "not the last epoch's" },
    { NULL, "weights", set_text, "weights" },
    { NULL, "diverged", set_array, "diverged" },
    { NULL, "epochs_at_chance", set_huge, "epochs_at_chance" },
    { "layers/0", "activation", set_text, "unknown activation" },
    { "layers/0", "units", set_minus_one, "layers[0].units" },
    { "layers/1", "dropout", set_huge, "layers[1].dropout" },
    { "layers/2", "activation", set_text, "output layer" },
    { "optimizer", "name", set_text, "optimizer.name" },
    { "optimizer", "learning_rate", set_minus_one, "learning_rate" },
    { "history/1", "loss", set_text, "history[1].loss is not a number" },
    { "history/1", "accuracy", set_huge, "history[1].accuracy" },
    { "history/2", "epoch", set_epoch_one, "not epoch 3" },
    { "history/0", "test_loss", set_null, "history[0].test_loss" },
    { "provenance/files/test_images", "sha256", set_text, "SHA-256" },
    { "provenance", "kernels", set_minus_one, "provenance.kernels is not text" },
  };
  g_autoptr (NrRunRecord) record = make_record ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bad = mutated (record, cases[i].object, cases[i].member, cases[i].fn);

      assert_refused (bad, -1, cases[i].expect);
    }
}

/* A finished run's history must cover its epochs; divergence only for diverged runs. */
static void
test_corrupt_inconsistent (void)
{
  g_autoptr (NrRunRecord) record = make_record ();
  g_autofree char *finished = NULL;
  g_autofree char *stopped_diverged = NULL;
  g_autofree char *early = NULL;
  g_autofree char *json = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  JsonObject *root;

  json = nr_run_record_to_json (record, NULL);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (root, "status", "finished");
  json_generator_set_root (generator, json_parser_get_root (parser));
  finished = json_generator_to_data (generator, NULL);
  assert_refused (finished, -1, "a finished run of 4 epochs has 3 epochs");

  {
    JsonObject *d = json_object_new ();

    json_object_set_int_member (d, "epoch", 4);
    json_object_set_int_member (d, "step", 1);
    json_object_set_string_member (d, "reason", "not-finite");
    json_object_set_null_member (d, "loss");
    json_object_set_null_member (d, "reference_loss");
    json_object_set_string_member (root, "status", "stopped");
    json_object_set_object_member (root, "diverged", d);
    stopped_diverged = json_generator_to_data (generator, NULL);
    assert_refused (stopped_diverged, -1, "only a diverged run");
    json_object_set_string_member (root, "status", "diverged");
    json_object_set_int_member (json_object_get_object_member (root, "diverged"), "epoch", 2);
    early = json_generator_to_data (generator, NULL);
    assert_refused (early, -1, "diverged in epoch 2 cannot have 3 epochs");
  }
}

static void
test_corrupt_text (void)
{
  g_autoptr (NrRunRecord) record = make_record ();
  g_autofree char *json = nr_run_record_to_json (record, NULL);
  gsize len = strlen (json);

  assert_refused ("", 0, "empty");
  assert_refused ("[run]\nformat-version=1\n", -1, "not valid JSON");
  assert_refused ("[1, 2, 3]", -1, "not a JSON object");
  assert_refused ("{\"a\": 1\0}", 10, "not UTF-8 text");
  assert_refused ("\xff\xfe{}", -1, "not UTF-8 text");
  /* Cut anywhere, the file is refused (and never read past its end). */
  for (gsize cut = 1; cut < len; cut += 1 + cut / 8)
    {
      g_autofree char *part = g_strndup (json, cut);

      assert_refused (part, (gssize) cut, NULL);
    }
}

/* Keras' CSVLogger columns, epochs from 0; an empty cell where there is no test set. */
static void
test_csv (void)
{
  g_autoptr (NrRunRecord) record = make_record ();
  g_autoptr (NrRunRecord) no_test = NULL;
  g_autofree char *csv = nr_run_record_to_csv (record, NULL);
  g_autofree char *csv2 = NULL;
  NrTrainConfig config;
  NrEpochRecord e = { 0.5, 0.875, NAN, NAN, 1 };

  g_assert_cmpstr (csv, ==,
                   "epoch,accuracy,loss,val_accuracy,val_loss\n"
                   "0,0.7,0.3333333333333333,0.6666666666666666,0.1\n"
                   "1,0.71,0.25,0.6656666666666666,0.24285714285714285\n"
                   "2,0.72,0.2,0.6646666666666666,0.3857142857142857\n");
  nr_train_config_init (&config);
  no_test = nr_run_record_new (NR_DATASET_MNIST, &config, 10, 0, 0);
  nr_run_record_add_epoch (no_test, &e);
  csv2 = nr_run_record_to_csv (no_test, NULL);
  g_assert_cmpstr (csv2, ==, "epoch,accuracy,loss,val_accuracy,val_loss\n0,0.875,0.5,,\n");
}

/* ---- Neurona 0.1's .run files ------------------------------------------------------ */

#include "run-record-private.h"

static char *
legacy_fixture (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "legacy-0.1.run", NULL);
}

static void
test_legacy_read (void)
{
  g_autofree char *path = legacy_fixture ();
  g_autoptr (GError) error = NULL;
  g_autoptr (NrRunRecord) record = _nr_run_record_load_legacy (path, &error);
  const NrEpochRecord *last;

  g_assert_no_error (error);
  g_assert_cmpstr (record->name, ==, "la red de Ana · 4 épocas");
  g_assert_cmpstr (record->id, ==, "legacy-0.1");
  g_assert_cmpstr (record->legacy_path, ==, path);
  g_assert_null (record->dir);
  g_assert_false (record->has_weights);
  g_assert_cmpint (record->status, ==, NR_TRAIN_CANCELLED);
  g_assert_cmpstr (nr_train_status_name (record->status), ==, "stopped");
  g_assert_cmpuint (record->config.model.n_hidden, ==, 2);
  g_assert_cmpuint (record->config.model.hidden[1].units, ==, 64);
  g_assert_cmpfloat (record->config.model.hidden[1].dropout, ==, 0.2f);
  g_assert_cmpfloat (record->config.optimizer.learning_rate, ==, 0.0025f);
  g_assert_false (record->config.normalize);
  g_assert_cmpuint (record->history->len, ==, 3);
  last = nr_run_record_get_last_epoch (record);
  g_assert_cmpfloat (last->test_accuracy, ==, 0.66466666666666663);
  g_assert_cmpfloat (record->seconds, ==, 12.5);
  g_assert_cmpint (record->start_time, ==, 1795752020);
}

/* A byte-order mark (added by some editors) made Neurona 0.1's files unreadable. */
static void
test_legacy_bom (void)
{
  g_autofree char *path = legacy_fixture ();
  g_autofree char *text = NULL;
  g_autofree char *dir = g_dir_make_tmp ("neurona-test-legacy-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (dir, "bom.run", NULL);
  g_autofree char *with_bom = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NrRunRecord) record = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  with_bom = g_strconcat ("\xEF\xBB\xBF", text, NULL);
  g_assert_true (g_file_set_contents (copy, with_bom, -1, NULL));
  record = _nr_run_record_load_legacy (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->name, ==, "la red de Ana · 4 épocas");
  g_unlink (copy);
  g_rmdir (dir);
}

static void
test_legacy_corrupt (void)
{
  g_autofree char *path = legacy_fixture ();
  g_autofree char *text = NULL;
  g_autofree char *dir = g_dir_make_tmp ("neurona-test-legacy-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (dir, "cut.run", NULL);
  gsize len;

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  for (gsize cut = 0; cut < len; cut += 97)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (NrRunRecord) record = NULL;

      g_assert_true (g_file_set_contents (copy, text, (gssize) cut, NULL));
      record = _nr_run_record_load_legacy (copy, &error);
      g_assert_null (record);
      g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, copy));
    }
  g_unlink (copy);
  g_rmdir (dir);
}

/* ---- the books of a real run --------------------------------------------------------- */

static NrImageSet *
random_set (guint n, guint seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint8 *pixels = g_new (guint8, (gsize) n * 784);
  g_autofree guint8 *labels = g_new (guint8, n);

  for (gsize i = 0; i < (gsize) n * 784; i++)
    pixels[i] = g_rand_boolean (rand) ? 0 : (guint8) g_rand_int_range (rand, 0, 256);
  for (guint i = 0; i < n; i++)
    labels[i] = (guint8) g_rand_int_range (rand, 0, 10);
  return nr_image_set_new (n, 28, 28, pixels, labels);
}

typedef struct {
  NrRunRecord *record;
  NrTrainer *trainer;
  guint cancel_after;
  guint epochs_seen;
} Books;

static void
keep_books (const NrProgress *p, const NrModel *model, gpointer user_data)
{
  Books *books = user_data;

  nr_run_record_add_progress (books->record, p);
  if (p->kind == NR_PROGRESS_EPOCH_END && ++books->epochs_seen == books->cancel_after)
    nr_trainer_cancel (books->trainer);
}

static void
test_books_of_a_run (void)
{
  g_autoptr (NrImageSet) train = random_set (300, 1);
  g_autoptr (NrImageSet) test = random_set (50, 2);
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  NrTrainConfig config;
  NrTrainResult result;
  Books books = { 0 };

  nr_train_config_init (&config);
  config.epochs = 3;
  config.train_limit = 200;
  config.test_limit = 40;
  trainer = nr_trainer_new (&config, train, test, 10, &error);
  g_assert_no_error (error);
  record = nr_run_record_new_for_trainer (trainer, NR_DATASET_MNIST, NULL);
  g_assert_cmpuint (record->train_size, ==, 200);
  g_assert_cmpuint (record->test_size, ==, 40);
  g_assert_cmpstr (record->provenance.kernels, ==, nr_kernels_describe ());
  g_assert_nonnull (record->provenance.neurona_version);
  g_assert_cmpint (ABS (record->start_time - g_get_real_time () / G_USEC_PER_SEC), <=, 2);

  books.record = record;
  books.trainer = trainer;
  g_assert_true (nr_trainer_run (trainer, keep_books, &books, &result, &error));
  nr_run_record_finish (record, &result);
  g_assert_cmpint (record->status, ==, NR_TRAIN_COMPLETED);
  g_assert_cmpuint (record->history->len, ==, 3);
  g_assert_cmpfloat (nr_run_record_get_test_accuracy (record), ==, result.test_accuracy);
  g_assert_cmpfloat (nr_run_record_get_last_epoch (record)->train_loss, ==, result.train_loss);
  g_assert_cmpfloat (record->seconds, ==, result.seconds);
}

/* Stopped after its second epoch: two epochs in the books, status "stopped". */
static void
test_books_of_a_stopped_run (void)
{
  g_autoptr (NrImageSet) train = random_set (100, 3);
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  NrTrainConfig config;
  NrTrainResult result;
  Books books = { 0 };

  nr_train_config_init (&config);
  config.epochs = 5;
  trainer = nr_trainer_new (&config, train, NULL, 10, NULL);
  record = nr_run_record_new_for_trainer (trainer, NR_DATASET_FASHION_MNIST, NULL);
  books.record = record;
  books.trainer = trainer;
  books.cancel_after = 2;
  g_assert_true (nr_trainer_run (trainer, keep_books, &books, &result, NULL));
  nr_run_record_finish (record, &result);
  g_assert_cmpint (record->status, ==, NR_TRAIN_CANCELLED);
  g_assert_cmpuint (record->history->len, ==, 2);
  g_assert_cmpuint (record->test_size, ==, 0);
  g_assert_true (isnan (nr_run_record_get_test_accuracy (record)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/run-record/default-name", test_default_name);
  g_test_add_func ("/run-record/default-name/recognised", test_name_is_default);
  g_test_add_func ("/run-record/json/round-trip", test_round_trip);
  g_test_add_func ("/run-record/json/round-trip-diverged-no-test",
                   test_round_trip_diverged_no_test);
  g_test_add_func ("/run-record/json/shortest-numbers", test_shortest_numbers);
  g_test_add_func ("/run-record/json/dropout-limits", test_round_trip_dropout_limits);
  g_test_add_func ("/run-record/json/strings-escaped", test_strings_escaped);
  g_test_add_func ("/run-record/json/byte-order-mark", test_bom_accepted);
  g_test_add_func ("/run-record/json/corrupt/missing-members", test_corrupt_missing_members);
  g_test_add_func ("/run-record/json/corrupt/values", test_corrupt_values);
  g_test_add_func ("/run-record/json/corrupt/inconsistent", test_corrupt_inconsistent);
  g_test_add_func ("/run-record/json/corrupt/text", test_corrupt_text);
  g_test_add_func ("/run-record/csv", test_csv);
  g_test_add_func ("/run-record/legacy/read", test_legacy_read);
  g_test_add_func ("/run-record/legacy/byte-order-mark", test_legacy_bom);
  g_test_add_func ("/run-record/legacy/corrupt", test_legacy_corrupt);
  g_test_add_func ("/run-record/books/finished", test_books_of_a_run);
  g_test_add_func ("/run-record/books/stopped", test_books_of_a_stopped_run);
  return g_test_run ();
}
