/* test-weights.c — a network's weights as an immutable shared snapshot and as a
 * safetensors file: saved and read back to the bit, laid out exactly as PyTorch's
 * nn.Linear layers expect, evaluated like the model they came from, and every truncated,
 * corrupt, foreign or wrong-shape file refused by name without a crash or a hang. */
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "neurona/error.h"
#include "neurona/trainer.h"
#include "neurona/weights.h"

#include "weights-private.h"

/* ---- helpers ---------------------------------------------------------------------------- */

/* 784 → Dense(128, relu) → Dense(10): the tutorial's network. */
static void
spec_tutorial (NrModelSpec *spec)
{
  nr_model_spec_init_tutorial (spec, FALSE);
}

/* 784 → Dense(32, tanh) → Dropout(0.25) → Dense(16, gelu) → Dense(12). */
static void
spec_two_hidden (NrModelSpec *spec)
{
  nr_model_spec_init_tutorial (spec, FALSE);
  spec->n_hidden = 2;
  spec->hidden[0].units = 32;
  spec->hidden[0].activation = NR_ACTIVATION_TANH;
  spec->hidden[0].dropout = 0.25f;
  spec->hidden[1].units = 16;
  spec->hidden[1].activation = NR_ACTIVATION_GELU;
  spec->hidden[1].dropout = 0.0f;
  spec->outputs = 12;
}

/* 784 → Dense(10): logistic regression. */
static void
spec_no_hidden (NrModelSpec *spec)
{
  nr_model_spec_init_tutorial (spec, FALSE);
  spec->n_hidden = 0;
}

/* 4 → Dense(2, relu) → Dense(3): a file of a few hundred bytes, small enough to cut at
 * every length. Its tensors: dense_0.weight [2, 4] (32 bytes), dense_0.bias [2] (8),
 * dense_1.weight [3, 2] (24), dense_1.bias [3] (12): 76 bytes of data. */
static void
spec_tiny (NrModelSpec *spec)
{
  nr_model_spec_init_tutorial (spec, FALSE);
  spec->input_size = 4;
  spec->hidden[0].units = 2;
  spec->outputs = 3;
}

/* A model of spec whose every parameter (biases included) is different and non-zero, so
 * a transposed, shifted or swapped tensor cannot go unnoticed. */
static NrModel *
distinct_model (const NrModelSpec *spec, guint64 seed)
{
  g_autoptr (GError) error = NULL;
  NrModel *model = nr_model_new (spec, seed, &error);
  g_autoptr (GRand) rand = g_rand_new_with_seed ((guint32) seed);
  gsize n;
  float *params;

  g_assert_no_error (error);
  params = nr_model_get_params (model, &n);
  for (gsize i = 0; i < n; i++)
    params[i] = (float) g_rand_double_range (rand, -2.0, 2.0);
  return model;
}

static NrWeights *
distinct_weights (const NrModelSpec *spec, guint64 seed)
{
  g_autoptr (NrModel) model = distinct_model (spec, seed);

  return nr_weights_new_from_model (model);
}

static char *
make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("neurona-test-weights-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tmp_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tmp_dir (path);
      else
        g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static float
le_f32 (const guint8 *p)
{
  guint32 bits;
  float value;

  memcpy (&bits, p, 4);
  bits = GUINT32_FROM_LE (bits);
  memcpy (&value, &bits, 4);
  return value;
}

static guint64
le_u64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, 8);
  return GUINT64_FROM_LE (v);
}

static void
write_bytes (const char *path, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, (gssize) len, &error));
  g_assert_no_error (error);
}

/* Asserts that loading path for spec is refused as a bad file: NR_ERROR_FORMAT, the
 * message starting with the file's name and containing `says` (when not NULL). */
static void
assert_refused (const char *path, const NrModelSpec *spec, const char *says)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrWeights) weights = nr_weights_load (path, spec, &error);
  g_autofree char *name = g_filename_display_name (path);

  g_assert_null (weights);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  if (!g_str_has_prefix (error->message, name))
    g_error ("“%s” does not name the file %s", error->message, name);
  if (says != NULL && strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

/* ---- round trip --------------------------------------------------------------------------- */

static void
assert_round_trip (const NrModelSpec *spec, gboolean normalize, guint64 seed)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autoptr (NrWeights) weights = distinct_weights (spec, seed);
  g_autoptr (NrWeights) back = NULL;
  g_autoptr (GError) error = NULL;
  const float *a, *b;
  gsize na, nb;

  g_assert_true (nr_weights_save (weights, normalize, path, &error));
  g_assert_no_error (error);
  back = nr_weights_load (path, spec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  g_assert_cmpmem (nr_weights_get_spec (back), sizeof *spec, spec, sizeof *spec);
  a = nr_weights_get_params (weights, &na);
  b = nr_weights_get_params (back, &nb);
  g_assert_cmpuint (na, ==, nr_model_spec_param_count (spec));
  /* Bit for bit, not to a tolerance. */
  g_assert_cmpmem (a, na * sizeof (float), b, nb * sizeof (float));
  for (guint l = 0; l <= spec->n_hidden; l++)
    {
      const float *ba, *bb;
      const float *wa = nr_weights_get_layer (weights, l, &ba);
      const float *wb = nr_weights_get_layer (back, l, &bb);

      g_assert_true (wa != wb);
      g_assert_cmpmem (wa, sizeof (float) * nr_model_spec_layer_params (spec, l), wb,
                       sizeof (float) * nr_model_spec_layer_params (spec, l));
    }
  /* Nothing but the file is left behind: no temporary file beside it. */
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    g_assert_cmpstr (g_dir_read_name (d), ==, "model.safetensors");
    g_assert_null (g_dir_read_name (d));
  }
  remove_tmp_dir (dir);
}

static void
test_round_trip_tutorial (void)
{
  NrModelSpec spec;

  spec_tutorial (&spec);
  assert_round_trip (&spec, TRUE, 1);
}

static void
test_round_trip_two_hidden (void)
{
  NrModelSpec spec;

  spec_two_hidden (&spec);
  assert_round_trip (&spec, FALSE, 2);
}

static void
test_round_trip_no_hidden (void)
{
  NrModelSpec spec;

  spec_no_hidden (&spec);
  assert_round_trip (&spec, TRUE, 3);
}

/* Saving over an existing file replaces it whole. */
static void
test_save_replaces (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autoptr (NrWeights) first = NULL;
  g_autoptr (NrWeights) second = NULL;
  g_autoptr (NrWeights) back = NULL;
  NrModelSpec spec;

  spec_no_hidden (&spec);
  first = distinct_weights (&spec, 10);
  second = distinct_weights (&spec, 11);
  g_assert_true (nr_weights_save (first, TRUE, path, NULL));
  g_assert_true (nr_weights_save (second, TRUE, path, NULL));
  back = nr_weights_load (path, &spec, NULL);
  g_assert_nonnull (back);
  g_assert_cmpmem (nr_weights_get_params (back, NULL),
                   nr_model_spec_param_count (&spec) * sizeof (float),
                   nr_weights_get_params (second, NULL),
                   nr_model_spec_param_count (&spec) * sizeof (float));
  remove_tmp_dir (dir);
}

/* nr_weights_new takes the core's flat layout, refusing a wrong length or a NaN. */
static void
test_new_from_params (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (NrWeights) short_one = NULL;
  g_autoptr (NrWeights) nan_one = NULL;
  g_autofree float *params = NULL;
  NrModelSpec spec;
  gsize n;

  spec_tiny (&spec);
  n = nr_model_spec_param_count (&spec);
  g_assert_cmpuint (n, ==, 4 * 2 + 2 + 2 * 3 + 3);
  params = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    params[i] = (float) i - 7.5f;
  weights = nr_weights_new (&spec, params, n, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (nr_weights_get_params (weights, NULL), n * sizeof (float), params,
                   n * sizeof (float));
  /* Layer 1's weights come after layer 0's weights (8) and biases (2). */
  {
    const float *b1;
    const float *w1 = nr_weights_get_layer (weights, 1, &b1);

    g_assert_cmpfloat (w1[0], ==, params[10]);
    g_assert_cmpfloat (b1[0], ==, params[16]);
  }

  short_one = nr_weights_new (&spec, params, n - 1, &error);
  g_assert_null (short_one);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_clear_error (&error);
  params[5] = NAN;
  nan_one = nr_weights_new (&spec, params, n, &error);
  g_assert_null (nan_one);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "parameter 5"));
}

/* ---- the file's bytes ----------------------------------------------------------------------- */

/* The two-hidden-layer network's file, read with nothing but json-glib and byte offsets, as
 * any safetensors reader would. */
static void
test_file_layout (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *file = NULL;
  g_autoptr (GList) members = NULL;
  JsonObject *header, *meta;
  gsize file_len;
  guint64 header_len, offset = 0;
  const guint8 *data;
  NrModelSpec spec;
  const guint ins[3] = { 784, 32, 16 }, outs[3] = { 32, 16, 12 };

  spec_two_hidden (&spec);
  weights = distinct_weights (&spec, 4);
  g_assert_true (nr_weights_save (weights, TRUE, path, &error));
  g_assert_true (g_file_get_contents (path, (char **) &file, &file_len, &error));
  g_assert_no_error (error);

  header_len = le_u64 (file);
  g_assert_cmpuint (header_len, >, 2);
  g_assert_cmpuint (8 + header_len, <, file_len);
  /* The data starts 8-byte aligned; the header is padded with spaces to get there. */
  g_assert_cmpuint ((8 + header_len) % 8, ==, 0);
  g_assert_cmpint (file[8], ==, '{');
  g_assert_true (json_parser_load_from_data (parser, (const char *) file + 8,
                                             (gssize) header_len, &error));
  g_assert_no_error (error);
  header = json_node_get_object (json_parser_get_root (parser));

  /* Exactly __metadata__ and the six tensors. */
  members = json_object_get_members (header);
  g_assert_cmpuint (g_list_length (members), ==, 7);
  meta = json_object_get_object_member (header, "__metadata__");
  g_assert_nonnull (meta);
  g_assert_cmpstr (json_object_get_string_member (meta, "format"), ==, "pt");
  g_assert_cmpstr (json_object_get_string_member (meta, "activations"), ==, "tanh,gelu,linear");
  g_assert_cmpstr (json_object_get_string_member (meta, "dropout"), ==, "0.25,0");
  g_assert_cmpstr (json_object_get_string_member (meta, "pixel_scale"), ==, "1/255");
  /* safetensors' __metadata__ maps strings to strings only. */
  {
    g_autoptr (GList) keys = json_object_get_members (meta);

    for (GList *k = keys; k != NULL; k = k->next)
      g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (meta, k->data)) &&
                     json_node_get_value_type (json_object_get_member (meta, k->data)) ==
                       G_TYPE_STRING);
  }

  data = file + 8 + header_len;
  for (guint l = 0; l < 3; l++)
    for (int bias = 0; bias <= 1; bias++)
      {
        g_autofree char *name = g_strdup_printf ("dense_%u.%s", l, bias ? "bias" : "weight");
        JsonObject *t = json_object_get_object_member (header, name);
        JsonArray *shape, *offsets;
        const float *w, *b;

        g_assert_nonnull (t);
        g_assert_cmpstr (json_object_get_string_member (t, "dtype"), ==, "F32");
        shape = json_object_get_array_member (t, "shape");
        g_assert_cmpuint (json_array_get_length (shape), ==, bias ? 1 : 2);
        g_assert_cmpint (json_array_get_int_element (shape, 0), ==, outs[l]);
        if (!bias)
          g_assert_cmpint (json_array_get_int_element (shape, 1), ==, ins[l]);
        /* In order, each starting where the last ended. */
        offsets = json_object_get_array_member (t, "data_offsets");
        g_assert_cmpint (json_array_get_int_element (offsets, 0), ==, offset);
        g_assert_cmpint (json_array_get_int_element (offsets, 1), ==,
                         offset + 4 * outs[l] * (bias ? 1 : ins[l]));

        /* Values at their computed offsets: weight[j][k] (out, in) is the core's w[k][j]
         * (in, out). */
        w = nr_weights_get_layer (weights, l, &b);
        if (bias)
          for (guint j = 0; j < outs[l]; j++)
            g_assert_cmpfloat (le_f32 (data + offset + 4 * j), ==, b[j]);
        else
          {
            const guint ks[] = { 0, 1, ins[l] / 2, ins[l] - 1 };
            const guint js[] = { 0, 1, outs[l] / 3, outs[l] - 1 };

            for (guint a = 0; a < G_N_ELEMENTS (ks); a++)
              for (guint c = 0; c < G_N_ELEMENTS (js); c++)
                {
                  guint k = ks[a], j = js[c];

                  g_assert_cmpfloat (le_f32 (data + offset + 4 * ((gsize) j * ins[l] + k)), ==,
                                     w[(gsize) k * outs[l] + j]);
                }
          }
        offset += 4 * outs[l] * (bias ? 1 : ins[l]);
      }
  /* The tensors fill the rest of the file exactly. */
  g_assert_cmpuint (8 + header_len + offset, ==, file_len);
  remove_tmp_dir (dir);
}

/* Unscaled pixels and no hidden layer: pixel_scale "1", activations "linear", dropout "". */
static void
test_file_metadata_unscaled (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree guint8 *file = NULL;
  JsonObject *meta;
  gsize file_len;
  NrModelSpec spec;

  spec_no_hidden (&spec);
  weights = distinct_weights (&spec, 5);
  g_assert_true (nr_weights_save (weights, FALSE, path, NULL));
  g_assert_true (g_file_get_contents (path, (char **) &file, &file_len, NULL));
  g_assert_true (json_parser_load_from_data (parser, (const char *) file + 8,
                                             (gssize) le_u64 (file), NULL));
  meta = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "__metadata__");
  g_assert_cmpstr (json_object_get_string_member (meta, "pixel_scale"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (meta, "activations"), ==, "linear");
  g_assert_cmpstr (json_object_get_string_member (meta, "dropout"), ==, "");
  g_assert_cmpuint (file_len, ==, 8 + le_u64 (file) + 4 * (784 * 10 + 10));
  remove_tmp_dir (dir);
}

/* ---- evaluation ------------------------------------------------------------------------- */

static char *
subset_dir (void)
{
  const char *project = g_getenv ("NEURONA_PROJECT_DATA_DIR");

  g_assert_nonnull (project);
  return g_build_filename (project, "subset", NULL);
}

/* A network trained for one epoch on 1,000 digits of the committed subset: far from
 * chance, so the confusion matrix has a real diagonal. */
static NrWeights *
trained_weights (const NrDataset *dataset, guint outputs)
{
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (GError) error = NULL;
  NrTrainConfig config;
  NrTrainResult result;

  nr_train_config_init (&config);
  config.model.hidden[0].units = 32;
  config.model.outputs = outputs;
  config.epochs = 1;
  config.train_limit = 1000;
  trainer = nr_trainer_new (&config, dataset->train, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_true (nr_trainer_run (trainer, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  return nr_weights_new_from_model (nr_trainer_get_model (trainer));
}

static void
assert_evaluate_matches_model (guint outputs)
{
  g_autofree char *data_dir = subset_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) dataset = nr_dataset_load (NR_DATASET_MNIST, data_dir, &error);
  g_autoptr (NrWeights) weights = NULL;
  g_autofree guint64 *confusion = NULL;
  guint64 total = 0, diagonal = 0;
  double loss, accuracy, model_loss, model_accuracy;
  guint label_counts[10] = { 0 };
  const NrImageSet *test;

  g_assert_no_error (error);
  test = dataset->test;
  weights = trained_weights (dataset, outputs);
  confusion = g_new (guint64, 10 * outputs);
  memset (confusion, 0xff, sizeof (guint64) * 10 * outputs); /* must be cleared */
  nr_weights_evaluate (weights, test, TRUE, 10, &loss, &accuracy, confusion);
  nr_model_evaluate (nr_weights_get_model (weights), test, TRUE, &model_loss, &model_accuracy);
  g_assert_cmpfloat (loss, ==, model_loss);
  g_assert_cmpfloat (accuracy, ==, model_accuracy);
  g_assert_cmpfloat (accuracy, >, 0.5);

  for (guint i = 0; i < test->n; i++)
    label_counts[test->labels[i]]++;
  for (guint t = 0; t < 10; t++)
    {
      guint64 row = 0;

      for (guint p = 0; p < outputs; p++)
        row += confusion[t * outputs + p];
      /* Row t counts the images of class t. */
      g_assert_cmpuint (row, ==, label_counts[t]);
      total += row;
      diagonal += confusion[t * outputs + t];
    }
  g_assert_cmpuint (total, ==, test->n);
  g_assert_cmpfloat ((double) diagonal / test->n, ==, accuracy);

  /* Without a confusion matrix, the same figures. */
  {
    double l2, a2;

    nr_weights_evaluate (weights, test, TRUE, 10, &l2, &a2, NULL);
    g_assert_cmpfloat (l2, ==, loss);
    g_assert_cmpfloat (a2, ==, accuracy);
  }
}

static void
test_evaluate (void)
{
  assert_evaluate_matches_model (10);
}

/* An output layer wider than the classes: columns for outputs no label has. */
static void
test_evaluate_extra_outputs (void)
{
  assert_evaluate_matches_model (12);
}

/* ---- corrupt files ---------------------------------------------------------------------- */

/* The tiny network's four tensor entries as a valid file has them. */
#define W0 "\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[0,32]}"
#define B0 "\"dense_0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[32,40]}"
#define W1 "\"dense_1.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[40,64]}"
#define B1 "\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[64,76]}"
#define META "\"__metadata__\":{\"format\":\"pt\",\"activations\":\"relu,linear\"}"
#define TINY_DATA 76

/* A file of header text (unpadded) and data_len bytes of data: small finite floats,
 * with value `poison` at float index `poison_at` (when poison_at < data_len / 4). */
static void
write_crafted (const char *path, const char *header, gsize data_len, gsize poison_at,
               float poison)
{
  gsize header_len = strlen (header);
  g_autofree guint8 *file = g_malloc0 (8 + header_len + data_len);
  guint64 n = GUINT64_TO_LE ((guint64) header_len);

  memcpy (file, &n, 8);
  memcpy (file + 8, header, header_len);
  for (gsize i = 0; i < data_len / 4; i++)
    {
      float v = i == poison_at ? poison : 0.125f * (float) i;
      guint32 bits;

      memcpy (&bits, &v, 4);
      bits = GUINT32_TO_LE (bits);
      memcpy (file + 8 + header_len + 4 * i, &bits, 4);
    }
  write_bytes (path, file, 8 + header_len + data_len);
}

/* The crafted-file helper itself makes files the reader accepts, with the values where the
 * entries say: the refusals below are for what each one changes, nothing else. */
static void
test_crafted_valid (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (NrWeights) reordered = NULL;
  const float *w0, *b0, *w1, *b1;
  NrModelSpec spec;

  spec_tiny (&spec);
  write_crafted (path, "{" META "," W0 "," B0 "," W1 "," B1 "}", TINY_DATA, G_MAXSIZE, 0);
  weights = nr_weights_load (path, &spec, &error);
  g_assert_no_error (error);
  w0 = nr_weights_get_layer (weights, 0, &b0);
  w1 = nr_weights_get_layer (weights, 1, &b1);
  /* File value i is 0.125 i. dense_0.weight[j][k] = value 4j + k = core w0[k][j]. */
  g_assert_cmpfloat (w0[0 * 2 + 1], ==, 0.125f * 4);  /* k 0, j 1 */
  g_assert_cmpfloat (w0[3 * 2 + 0], ==, 0.125f * 3);  /* k 3, j 0 */
  g_assert_cmpfloat (b0[1], ==, 0.125f * 9);
  g_assert_cmpfloat (w1[1 * 3 + 2], ==, 0.125f * (10 + 2 * 2 + 1)); /* k 1, j 2 */
  g_assert_cmpfloat (b1[2], ==, 0.125f * 18);

  /* Tensors may come in any order in the header and the data, and __metadata__ may be
   * absent (other writers than Neurona). */
  write_crafted (path,
                 "{\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                 "\"dense_0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]},"
                 "\"dense_1.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[20,44]},"
                 "\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[44,76]}}",
                 TINY_DATA, G_MAXSIZE, 0);
  reordered = nr_weights_load (path, &spec, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (nr_weights_get_params (reordered, NULL)[0], ==, 0.125f * 11);
  remove_tmp_dir (dir);
}

/* Every prefix of a valid file, from empty to one byte short. */
static void
test_corrupt_truncated (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.safetensors", NULL);
  g_autoptr (NrWeights) weights = NULL;
  g_autofree char *file = NULL;
  gsize len;
  NrModelSpec spec;

  spec_tiny (&spec);
  weights = distinct_weights (&spec, 6);
  g_assert_true (nr_weights_save (weights, TRUE, path, NULL));
  g_assert_true (g_file_get_contents (path, &file, &len, NULL));
  g_assert_cmpuint (len, >, 8 + TINY_DATA);
  for (gsize n = 0; n < len; n++)
    {
      write_bytes (cut, file, n);
      assert_refused (cut, &spec, NULL);
    }
  /* The whole file still loads. */
  write_bytes (cut, file, len);
  g_clear_pointer (&weights, nr_weights_unref);
  weights = nr_weights_load (cut, &spec, NULL);
  g_assert_nonnull (weights);
  remove_tmp_dir (dir);
}

static void
test_corrupt_header_length (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  const char *header = "{" META "," W0 "," B0 "," W1 "," B1 "}";
  gsize header_len = strlen (header);
  const guint64 lengths[] = { G_MAXUINT64, G_MAXUINT64 - 7, (guint64) 1 << 40, (guint64) 1 << 32,
                              header_len + TINY_DATA + 1, 0, 1 };
  NrModelSpec spec;

  spec_tiny (&spec);
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree guint8 *file = g_malloc0 (8 + header_len + TINY_DATA);
      guint64 n = GUINT64_TO_LE (lengths[i]);

      memcpy (file, &n, 8);
      memcpy (file + 8, header, header_len);
      write_bytes (path, file, 8 + header_len + TINY_DATA);
      assert_refused (path, &spec, NULL);
    }
  remove_tmp_dir (dir);
}

static void
test_corrupt_header_text (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  const char *headers[] = {
    "not json at all, just some text",
    "{not json}",
    "{" META "," W0 "," B0 "," W1 "," B1,        /* unclosed */
    "[" W0 "]",                                  /* not an object */
    "[1, 2, 3]",
    "\"dense_0.weight\"",
    "null",
    "{}",                                        /* no tensors */
    "{\"dense_0.weight\":5}",
    "{\"dense_0.weight\":[]}",
    "{\"dense_0.weight\":{}}",
    "\xff\xfe{\"x\":1}",                          /* not UTF-8 */
    "{\"a\":\"\xc3\x28\"}",                       /* invalid UTF-8 inside a string */
  };
  NrModelSpec spec;

  spec_tiny (&spec);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      write_crafted (path, headers[i], TINY_DATA, G_MAXSIZE, 0);
      assert_refused (path, &spec, NULL);
    }
  /* A NUL inside the header. */
  {
    char header[] = "{" META "," W0 "," B0 "," W1 "," B1 "}";

    header[20] = '\0';
    {
      guint64 n = GUINT64_TO_LE ((guint64) sizeof header - 1);
      g_autofree guint8 *file = g_malloc0 (8 + sizeof header - 1 + TINY_DATA);

      memcpy (file, &n, 8);
      memcpy (file + 8, header, sizeof header - 1);
      write_bytes (path, file, 8 + sizeof header - 1 + TINY_DATA);
      assert_refused (path, &spec, NULL);
    }
  }
  remove_tmp_dir (dir);
}

typedef struct {
  const char *header;
  gsize data_len;
  const char *says; /* part of the message, or NULL */
} Crafted;

static void
assert_all_refused (const Crafted *cases, guint n)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  NrModelSpec spec;

  spec_tiny (&spec);
  for (guint i = 0; i < n; i++)
    {
      if (g_test_verbose ())
        g_test_message ("case %u: %s", i, cases[i].header);
      write_crafted (path, cases[i].header, cases[i].data_len, G_MAXSIZE, 0);
      assert_refused (path, &spec, cases[i].says);
    }
  remove_tmp_dir (dir);
}

/* Another network's file, or a file of another kind of tensors. */
static void
test_corrupt_tensors (void)
{
  const Crafted cases[] = {
    /* a tensor missing (and its data) */
    { "{" META "," W0 "," B0 "," W1 "}", 64, "dense_1.bias" },
    { "{" W0 "," B0 "," B1 "}", 52, NULL },
    /* an extra tensor: a deeper network's layer */
    { "{" META "," W0 "," B0 "," W1 "," B1 ","
      "\"dense_2.weight\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[76,88]}}",
      88, "other tensors" },
    /* an extra tensor with no data at all */
    { "{" W0 "," B0 "," W1 "," B1 ","
      "\"extra\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[76,76]}}",
      TINY_DATA, "other tensors" },
    /* F16, same byte count as F32 of half as many values */
    { "{\"dense_0.weight\":{\"dtype\":\"F16\",\"shape\":[2,4],\"data_offsets\":[0,16]}," B0 "," W1
      "," B1 "}", TINY_DATA - 16, "F16" },
    { "{" W0 "," B0 ",\"dense_1.weight\":{\"dtype\":\"F64\",\"shape\":[3,2],\"data_offsets\":"
      "[40,88]}," "\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[88,100]}}",
      100, "F64" },
    { "{\"dense_0.weight\":{\"dtype\":\"f32\",\"shape\":[2,4],\"data_offsets\":[0,32]}," B0 ","
      W1 "," B1 "}", TINY_DATA, NULL },
    /* a dtype that is not a string */
    { "{\"dense_0.weight\":{\"dtype\":5,\"shape\":[2,4],\"data_offsets\":[0,32]}," B0 "," W1
      "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":null,\"shape\":[2,4],\"data_offsets\":[0,32]}," B0 "," W1
      "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":[\"F32\"],\"shape\":[2,4],\"data_offsets\":[0,32]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    /* members missing */
    { "{\"dense_0.weight\":{\"shape\":[2,4],\"data_offsets\":[0,32]}," B0 "," W1 "," B1 "}",
      TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"data_offsets\":[0,32]}," B0 "," W1 "," B1 "}",
      TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4]}," B0 "," W1 "," B1 "}",
      TINY_DATA, "dense_0.weight" },
  };

  assert_all_refused (cases, G_N_ELEMENTS (cases));
}

/* The right tensors with the wrong shapes, or shapes that are not lists of whole numbers. */
static void
test_corrupt_shapes (void)
{
  const Crafted cases[] = {
    /* transposed: the core's (in, out) instead of nn.Linear's (out, in) */
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[4,2],\"data_offsets\":[0,32]}," B0 ","
      W1 "," B1 "}", TINY_DATA, "shape [4,2]" },
    /* flattened */
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[0,32]}," B0 ","
      W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{" W0 ",\"dense_0.bias\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[32,40]},"
      W1 "," B1 "}", TINY_DATA, "dense_0.bias" },
    { "{" W0 "," B0 "," W1 ",\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":"
      "[64,76]}}", TINY_DATA, "dense_1.bias" },
    /* a wider output layer (another run's network) */
    { "{" W0 "," B0 ",\"dense_1.weight\":{\"dtype\":\"F32\",\"shape\":[4,2],\"data_offsets\":"
      "[40,72]},\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[72,88]}}",
      88, "dense_1.weight" },
    /* not whole numbers: 2.5 is not 2, "2" is not a number, [2] is not a number */
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2.5,4],\"data_offsets\":[0,32]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[\"2\",4],\"data_offsets\":[0,32]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[[2],4],\"data_offsets\":[0,32]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[null,4],\"data_offsets\":[0,32]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[true,4],\"data_offsets\":[0,32]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":{\"0\":2},\"data_offsets\":[0,32]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
  };

  assert_all_refused (cases, G_N_ELEMENTS (cases));
}

/* Offsets that overlap, leave gaps, point outside the data, or are not whole numbers. */
static void
test_corrupt_offsets (void)
{
  const Crafted cases[] = {
    /* dense_0.bias reads the last 8 bytes of dense_0.weight */
    { "{" W0 ",\"dense_0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]},"
      "\"dense_1.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[32,56]},"
      "\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[56,68]}}",
      68, "other tensors" },
    /* two tensors on the very same bytes */
    { "{" W0 "," B0 "," W1 ",\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[3],"
      "\"data_offsets\":[40,52]}}", 64, "other tensors" },
    /* a gap of 4 bytes between dense_0.weight and dense_0.bias */
    { "{" W0 ",\"dense_0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[36,44]},"
      "\"dense_1.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[44,68]},"
      "\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[68,80]}}",
      80, "other tensors" },
    /* data no tensor points at, at the end */
    { "{" W0 "," B0 "," W1 "," B1 "}", TINY_DATA + 8, "other tensors" },
    /* a gap at the start */
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[4,36]},"
      "\"dense_0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[36,44]},"
      "\"dense_1.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[44,68]},"
      "\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[68,80]}}",
      80, "other tensors" },
    /* beyond the end of the file */
    { "{" W0 "," B0 "," W1 "," B1 "}", TINY_DATA - 4, "dense_1.bias" },
    { "{" W0 "," B0 "," W1 ",\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[3],"
      "\"data_offsets\":[1099511627776,1099511627788]}}", TINY_DATA, "dense_1.bias" },
    { "{" W0 "," B0 "," W1 ",\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[3],"
      "\"data_offsets\":[9223372036854775800,9223372036854775807]}}", TINY_DATA,
      "dense_1.bias" },
    /* reversed, negative, too few or too many numbers, sizes that do not match the shape */
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[32,0]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[-8,24]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[0]}," B0 ","
      W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[0,32,40]},"
      B0 "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[0,28]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    /* not whole numbers */
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[0,32.5]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[\"0\",32]},"
      B0 "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[[0],32]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
    { "{\"dense_0.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[null,32]}," B0
      "," W1 "," B1 "}", TINY_DATA, "dense_0.weight" },
  };

  assert_all_refused (cases, G_N_ELEMENTS (cases));
}

/* A NaN or an infinity in any tensor is a corrupt file, not a network to predict with. */
static void
test_corrupt_values (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  const float poisons[] = { NAN, -NAN, INFINITY, -INFINITY };
  /* one value in each tensor: the first and last of dense_0.weight, then the others */
  const gsize where[] = { 0, 7, 9, 10, 15, 18 };
  NrModelSpec spec;

  spec_tiny (&spec);
  for (guint p = 0; p < G_N_ELEMENTS (poisons); p++)
    for (guint i = 0; i < G_N_ELEMENTS (where); i++)
      {
        write_crafted (path, "{" META "," W0 "," B0 "," W1 "," B1 "}", TINY_DATA, where[i],
                       poisons[p]);
        assert_refused (path, &spec, "not a finite number");
      }
  remove_tmp_dir (dir);
}

static void
test_corrupt_empty (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  NrModelSpec spec;

  spec_tiny (&spec);
  write_bytes (path, "", 0);
  assert_refused (path, &spec, "truncated");
  remove_tmp_dir (dir);
}

/* A named pipe where the file should be: refused at once, never waited on. In a child
 * with a time limit, so a reader that blocks fails the test instead of hanging it. */
static void
test_corrupt_fifo (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  NrModelSpec spec;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  dir = make_tmp_dir ();
  path = g_build_filename (dir, "model.safetensors", NULL);
  spec_tiny (&spec);
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);
  assert_refused (path, &spec, "not a regular file");
  /* Still a FIFO: nothing replaced or removed it. */
  {
    GStatBuf st;

    g_assert_cmpint (g_lstat (path, &st), ==, 0);
    g_assert_true (S_ISFIFO (st.st_mode));
  }
  remove_tmp_dir (dir);
}

static void
test_corrupt_directory (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  NrModelSpec spec;

  spec_tiny (&spec);
  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  assert_refused (path, &spec, "not a regular file");
  remove_tmp_dir (dir);
}

/* A file that is not there is an I/O error naming it, not a corrupt file. */
static void
test_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrWeights) weights = NULL;
  NrModelSpec spec;

  spec_tiny (&spec);
  weights = nr_weights_load ("/nonexistent-neurona/model.safetensors", &spec, &error);
  g_assert_null (weights);
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent-neurona/model.safetensors: "));
  g_assert_nonnull (strstr (error->message, "No such file"));
}

/* A valid file for another network is refused for this one. */
static void
test_other_network (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autoptr (NrWeights) weights = NULL;
  NrModelSpec tutorial, two, none;

  spec_tutorial (&tutorial);
  spec_two_hidden (&two);
  spec_no_hidden (&none);
  weights = distinct_weights (&tutorial, 7);
  g_assert_true (nr_weights_save (weights, TRUE, path, NULL));
  assert_refused (path, &two, "dense_0.weight");
  assert_refused (path, &none, "dense_0.weight");
  tutorial.hidden[0].units = 127;
  assert_refused (path, &tutorial, "[127, 784]");
  remove_tmp_dir (dir);
}

/* The same shapes with other activations: another run's network, which would predict
 * silently wrong with this run's. A file without Neurona's __metadata__ (another writer)
 * is taken on its shapes alone. */
static void
test_other_activations (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (NrWeights) foreign = NULL;
  g_autoptr (GError) error = NULL;
  NrModelSpec spec, tanh_spec;

  spec_tiny (&spec);
  tanh_spec = spec;
  tanh_spec.hidden[0].activation = NR_ACTIVATION_TANH;
  weights = distinct_weights (&spec, 9);
  g_assert_true (nr_weights_save (weights, TRUE, path, NULL));
  assert_refused (path, &tanh_spec, "activations “relu,linear”, but this run's has “tanh,linear”");

  write_crafted (path, "{" W0 "," B0 "," W1 "," B1 "}", TINY_DATA, G_MAXSIZE, 0);
  foreign = nr_weights_load (path, &tanh_spec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (foreign);
  /* __metadata__ must be an object of strings when it is there. */
  write_crafted (path, "{\"__metadata__\":[1]," W0 "," B0 "," W1 "," B1 "}", TINY_DATA,
                 G_MAXSIZE, 0);
  assert_refused (path, &spec, "__metadata__");
  remove_tmp_dir (dir);
}

/* The check made when runs are listed reads only the header, yet refuses every cut of the
 * file (the header's sizes must account for the whole data) and a wrong shape; a NaN in
 * the data is left for nr_weights_load to find. */
static void
test_check_file (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.safetensors", NULL);
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = NULL;
  gsize len;
  NrModelSpec spec, other;

  spec_tiny (&spec);
  weights = distinct_weights (&spec, 12);
  g_assert_true (nr_weights_save (weights, TRUE, path, NULL));
  g_assert_true (_nr_weights_check_file (path, &spec, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &file, &len, NULL));
  for (gsize n = 0; n < len; n++)
    {
      g_autofree char *name = g_filename_display_name (cut);

      write_bytes (cut, file, n);
      g_assert_false (_nr_weights_check_file (cut, &spec, &error));
      g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
      g_assert_true (g_str_has_prefix (error->message, name));
      g_clear_error (&error);
    }
  other = spec;
  other.outputs = 4;
  g_assert_false (_nr_weights_check_file (path, &other, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "dense_1.weight"));
  g_clear_error (&error);

  /* A header longer than the first read (4 KiB): read in full, not taken as cut. */
  {
    g_autoptr (GString) header = g_string_new ("{\"__metadata__\":{\"note\":\"");

    for (guint i = 0; i < 6000; i++)
      g_string_append_c (header, 'a' + i % 26);
    g_string_append (header, "\"}," W0 "," B0 "," W1 "," B1 "}");
    write_crafted (path, header->str, TINY_DATA, G_MAXSIZE, 0);
    g_assert_true (_nr_weights_check_file (path, &spec, &error));
    g_assert_no_error (error);
  }

  write_crafted (path, "{" W0 "," B0 "," W1 "," B1 "}", TINY_DATA, 3, NAN);
  g_assert_true (_nr_weights_check_file (path, &spec, &error));
  assert_refused (path, &spec, "not a finite number");
  remove_tmp_dir (dir);
}

/* ---- sharing between threads ------------------------------------------------------------ */

#define REFS_PER_THREAD 200000

typedef struct {
  NrWeights *weights;
  double sum;
} Holder;

static gpointer
hold_and_release (gpointer user_data)
{
  Holder *h = user_data;
  NrWeights **held = g_new (NrWeights *, 1000);

  /* Refs taken and dropped in bursts, racing the other thread; reading in between. */
  for (guint round = 0; round < REFS_PER_THREAD / 1000; round++)
    {
      for (guint i = 0; i < 1000; i++)
        held[i] = nr_weights_ref (h->weights);
      h->sum += nr_weights_get_params (held[round % 1000], NULL)[round % 10];
      for (guint i = 0; i < 1000; i++)
        nr_weights_unref (held[i]);
    }
  g_free (held);
  return NULL;
}

static void
test_ref_count_threads (void)
{
  NrModelSpec spec;
  NrWeights *weights;
  Holder a = { 0 }, b = { 0 };
  GThread *ta, *tb;
  double expected = 0;

  spec_tiny (&spec);
  weights = distinct_weights (&spec, 8);
  g_assert_true (nr_weights_ref (weights) == weights);
  a.weights = b.weights = weights;
  ta = g_thread_new ("hold-a", hold_and_release, &a);
  tb = g_thread_new ("hold-b", hold_and_release, &b);
  g_thread_join (ta);
  g_thread_join (tb);
  for (guint round = 0; round < REFS_PER_THREAD / 1000; round++)
    expected += nr_weights_get_params (weights, NULL)[round % 10];
  /* Both threads read the live parameters throughout. */
  g_assert_cmpfloat (a.sum, ==, expected);
  g_assert_cmpfloat (b.sum, ==, expected);
  /* Our two references are still there: one unref leaves the weights readable. */
  nr_weights_unref (weights);
  g_assert_cmpuint (nr_weights_get_spec (weights)->outputs, ==, 3);
  nr_weights_unref (weights);
  nr_weights_unref (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/weights/round-trip/tutorial", test_round_trip_tutorial);
  g_test_add_func ("/weights/round-trip/two-hidden-layers", test_round_trip_two_hidden);
  g_test_add_func ("/weights/round-trip/no-hidden-layer", test_round_trip_no_hidden);
  g_test_add_func ("/weights/save-replaces", test_save_replaces);
  g_test_add_func ("/weights/new-from-params", test_new_from_params);
  g_test_add_func ("/weights/file/layout", test_file_layout);
  g_test_add_func ("/weights/file/metadata-unscaled", test_file_metadata_unscaled);
  g_test_add_func ("/weights/evaluate/matches-model", test_evaluate);
  g_test_add_func ("/weights/evaluate/extra-outputs", test_evaluate_extra_outputs);
  g_test_add_func ("/weights/load/crafted-valid", test_crafted_valid);
  g_test_add_func ("/weights/load/other-network", test_other_network);
  g_test_add_func ("/weights/load/other-activations", test_other_activations);
  g_test_add_func ("/weights/load/missing-file", test_missing_file);
  g_test_add_func ("/weights/corrupt/truncated-every-length", test_corrupt_truncated);
  g_test_add_func ("/weights/corrupt/header-length", test_corrupt_header_length);
  g_test_add_func ("/weights/corrupt/header-text", test_corrupt_header_text);
  g_test_add_func ("/weights/corrupt/tensors", test_corrupt_tensors);
  g_test_add_func ("/weights/corrupt/shapes", test_corrupt_shapes);
  g_test_add_func ("/weights/corrupt/offsets", test_corrupt_offsets);
  g_test_add_func ("/weights/corrupt/values", test_corrupt_values);
  g_test_add_func ("/weights/corrupt/empty", test_corrupt_empty);
  g_test_add_func ("/weights/corrupt/fifo", test_corrupt_fifo);
  g_test_add_func ("/weights/corrupt/directory", test_corrupt_directory);
  g_test_add_func ("/weights/check-file/header-only", test_check_file);
  g_test_add_func ("/weights/ref-count/two-threads", test_ref_count_threads);

  return g_test_run ();
}
