/* test-model.c — layout, parameter counts, initialisation, spec checks, predict, evaluate. */
#include <math.h>
#include <string.h>

#include <neurona/neurona.h>

#include "rng.h"

static NrModelSpec
spec_with (guint units, NrActivation act, guint outputs)
{
  NrModelSpec spec;

  nr_model_spec_init_tutorial (&spec, FALSE);
  spec.hidden[0].units = units;
  spec.hidden[0].activation = act;
  spec.outputs = outputs;
  return spec;
}

static void
test_param_count (void)
{
  NrModelSpec spec;
  g_autoptr (NrModel) model = NULL;

  /* 784 · 128 + 128 = 100,480;  128 · 10 + 10 = 1,290;  total 101,770 (the tutorial's
   * model.summary()). */
  nr_model_spec_init_tutorial (&spec, TRUE);
  g_assert_cmpuint (nr_model_spec_layer_params (&spec, 0), ==, 100480);
  g_assert_cmpuint (nr_model_spec_layer_params (&spec, 1), ==, 1290);
  g_assert_cmpuint (nr_model_spec_param_count (&spec), ==, 101770);
  model = nr_model_new (&spec, 1, NULL);
  g_assert_cmpuint (nr_model_get_param_count (model), ==, 101770);

  /* 28 units: 784 · 28 + 28 + 28 · 10 + 10 = 21,980 + 290 = 22,270 */
  spec = spec_with (28, NR_ACTIVATION_RELU, 10);
  g_assert_cmpuint (nr_model_spec_param_count (&spec), ==, 22270);
  /* 88 units: 784 · 88 + 88 + 88 · 10 + 10 = 69,080 + 890 = 69,970 */
  spec = spec_with (88, NR_ACTIVATION_RELU, 10);
  g_assert_cmpuint (nr_model_spec_param_count (&spec), ==, 69970);
  /* 15 outputs: 100,480 + 128 · 15 + 15 = 100,480 + 1,935 = 102,415 */
  spec = spec_with (128, NR_ACTIVATION_RELU, 15);
  g_assert_cmpuint (nr_model_spec_layer_params (&spec, 1), ==, 1935);
  g_assert_cmpuint (nr_model_spec_param_count (&spec), ==, 102415);

  /* Two hidden layers 784 → 64 → 32 → 10: 50,240 + 2,080 + 330 = 52,650 */
  spec.n_hidden = 2;
  spec.hidden[0].units = 64;
  spec.hidden[1].units = 32;
  spec.hidden[1].activation = NR_ACTIVATION_TANH;
  spec.outputs = 10;
  g_assert_cmpuint (nr_model_spec_param_count (&spec), ==, 52650);

  /* No hidden layer: 784 · 10 + 10 */
  spec.n_hidden = 0;
  g_assert_cmpuint (nr_model_spec_param_count (&spec), ==, 7850);
}

static void
test_layout (void)
{
  NrModelSpec spec;
  g_autoptr (NrModel) model = NULL;
  float *params;
  gsize n;

  nr_model_spec_init_tutorial (&spec, FALSE);
  model = nr_model_new (&spec, 3, NULL);
  params = nr_model_get_params (model, &n);
  g_assert_cmpuint (n, ==, 101770);
  /* W0 (784, 128), b0 (128), W1 (128, 10), b1 (10), back to back. */
  g_assert_true (nr_model_get_weights (model, 0) == params);
  g_assert_true (nr_model_get_biases (model, 0) == params + 100352);
  g_assert_true (nr_model_get_weights (model, 1) == params + 100480);
  g_assert_true (nr_model_get_biases (model, 1) == params + 101760);
  g_assert_cmpuint ((guintptr) params % 64, ==, 0);
  g_assert_true (nr_model_get_spec (model)->hidden[0].units == 128);
}

static void
test_glorot_init (void)
{
  NrModelSpec spec;
  g_autoptr (NrModel) model = NULL;

  nr_model_spec_init_tutorial (&spec, FALSE);
  model = nr_model_new (&spec, 42, NULL);
  for (guint l = 0; l < 2; l++)
    {
      guint in = l == 0 ? 784 : 128, out = l == 0 ? 128 : 10;
      /* limit = √(6 / (in + out)): √(6/912) = 0.0811107, √(6/138) = 0.2085144 */
      double limit = sqrt (6.0 / (in + out));
      const float *w = nr_model_get_weights (model, l);
      const float *b = nr_model_get_biases (model, l);
      gsize n = (gsize) in * out;
      double max_abs = 0.0, sum = 0.0, sum_sq = 0.0;

      g_assert_cmpfloat_with_epsilon (limit, l == 0 ? 0.0811107 : 0.2085144, 1e-6);
      for (gsize i = 0; i < n; i++)
        {
          g_assert_cmpfloat (fabsf (w[i]), <=, limit);
          max_abs = MAX (max_abs, fabsf (w[i]));
          sum += w[i];
          sum_sq += (double) w[i] * w[i];
        }
      /* Uniform on (−a, a): mean 0, variance a²/3; the extremes are reached. */
      g_assert_cmpfloat (max_abs, >, 0.98 * limit);
      g_assert_cmpfloat (fabs (sum / n), <, 0.05 * limit);
      g_assert_cmpfloat (fabs (sum_sq / n / (limit * limit / 3.0) - 1.0), <, 0.1);
      for (guint j = 0; j < out; j++)
        g_assert_cmpfloat (b[j], ==, 0.0f);
    }
}

static void
test_init_deterministic (void)
{
  NrModelSpec spec;
  g_autoptr (NrModel) a = NULL;
  g_autoptr (NrModel) b = NULL;
  g_autoptr (NrModel) c = NULL;
  gsize n;

  nr_model_spec_init_tutorial (&spec, FALSE);
  a = nr_model_new (&spec, 7, NULL);
  b = nr_model_new (&spec, 7, NULL);
  c = nr_model_new (&spec, 8, NULL);
  nr_model_get_params (a, &n);
  g_assert_cmpmem (nr_model_get_params (a, NULL), n * 4, nr_model_get_params (b, NULL), n * 4);
  g_assert_true (memcmp (nr_model_get_params (a, NULL), nr_model_get_params (c, NULL), n * 4) != 0);
}

static void
test_copy (void)
{
  NrModelSpec spec;
  g_autoptr (NrModel) a = NULL;
  g_autoptr (NrModel) b = NULL;
  gsize n;

  nr_model_spec_init_tutorial (&spec, TRUE);
  a = nr_model_new (&spec, 5, NULL);
  b = nr_model_copy (a);
  nr_model_get_params (a, &n);
  g_assert_cmpuint (nr_model_get_param_count (b), ==, n);
  g_assert_cmpmem (nr_model_get_params (a, NULL), n * 4, nr_model_get_params (b, NULL), n * 4);
  /* Independent storage. */
  nr_model_get_params (b, NULL)[0] += 1.0f;
  g_assert_cmpfloat (nr_model_get_params (a, NULL)[0], !=, nr_model_get_params (b, NULL)[0]);
  g_assert_cmpfloat (nr_model_get_spec (b)->hidden[0].dropout, ==, 0.2f);
}

static void
test_label_range_refused (void)
{
  NrModelSpec spec = spec_with (128, NR_ACTIVATION_RELU, 5);
  GError *error = NULL;

  g_assert_false (nr_model_spec_check (&spec, 10, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_LABEL_RANGE);
  g_assert_cmpstr (error->message, ==,
                   "label value 9 is outside the valid range [0, 5). The output layer needs "
                   "at least 10 units for this dataset.");
  g_clear_error (&error);

  /* The numbers follow the setting. */
  spec.outputs = 3;
  g_assert_false (nr_model_spec_check (&spec, 7, &error));
  g_assert_cmpstr (error->message, ==,
                   "label value 6 is outside the valid range [0, 3). The output layer needs "
                   "at least 7 units for this dataset.");
  g_clear_error (&error);

  /* More outputs than classes is fine (the tutorial's 15), and so is exactly 10. */
  spec.outputs = 15;
  g_assert_true (nr_model_spec_check (&spec, 10, &error));
  spec.outputs = 10;
  g_assert_true (nr_model_spec_check (&spec, 10, &error));
  g_assert_no_error (error);
}

typedef void (*SpecMutator) (NrModelSpec *spec);

static void zero_units (NrModelSpec *s) { s->hidden[0].units = 0; }
static void too_many_units (NrModelSpec *s) { s->hidden[0].units = NR_MAX_UNITS + 1; }
static void too_many_layers (NrModelSpec *s) { s->n_hidden = NR_MAX_HIDDEN + 1; }
static void dropout_one (NrModelSpec *s) { s->hidden[0].dropout = 1.0f; }
static void dropout_big (NrModelSpec *s) { s->hidden[0].dropout = 1.5f; }
static void dropout_negative (NrModelSpec *s) { s->hidden[0].dropout = -0.1f; }
static void dropout_nan (NrModelSpec *s) { s->hidden[0].dropout = NAN; }
static void zero_outputs (NrModelSpec *s) { s->outputs = 0; }
static void too_many_outputs (NrModelSpec *s) { s->outputs = NR_MAX_UNITS + 1; }
static void bad_activation (NrModelSpec *s) { s->hidden[0].activation = NR_N_ACTIVATIONS; }
static void zero_input (NrModelSpec *s) { s->input_size = 0; }
static void second_layer_zero (NrModelSpec *s)
{
  s->n_hidden = 2;
  s->hidden[1].units = 0;
  s->hidden[1].activation = NR_ACTIVATION_RELU;
}

static void
test_invalid_settings (void)
{
  struct {
    SpecMutator mutate;
    const char *fragment;
  } cases[] = {
    { zero_units, "Hidden layer 1 has 0 units" },
    { too_many_units, "Hidden layer 1 has 4097 units" },
    { too_many_layers, "Too many hidden layers: 9" },
    { dropout_one, "dropout rate of hidden layer 1 is 1;" },
    { dropout_big, "dropout rate of hidden layer 1 is 1.5;" },
    { dropout_negative, "is -0.1;" },
    { dropout_nan, "dropout rate" },
    { zero_outputs, "The output layer has 0 units" },
    { too_many_outputs, "The output layer has 4097 units" },
    { bad_activation, "unknown activation" },
    { zero_input, "input size" },
    { second_layer_zero, "Hidden layer 2 has 0 units" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrModelSpec spec;
      GError *error = NULL;
      NrModel *model;

      nr_model_spec_init_tutorial (&spec, FALSE);
      cases[i].mutate (&spec);
      g_assert_false (nr_model_spec_check (&spec, 10, &error));
      g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].fragment));
      g_clear_error (&error);

      model = nr_model_new (&spec, 1, &error);
      g_assert_null (model);
      g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
      g_clear_error (&error);
    }
}

static guint8 *
random_pixels (guint n, guint size, guint64 seed)
{
  guint8 *p = g_new (guint8, (gsize) n * size);
  NrRng rng;

  nr_rng_seed (&rng, seed);
  for (gsize i = 0; i < (gsize) n * size; i++)
    p[i] = (guint8) nr_rng_below (&rng, 256);
  return p;
}

/* A small model: 12 inputs → 6 tanh → 5 sigmoid → 4 outputs. */
static NrModel *
small_model (guint64 seed)
{
  NrModelSpec spec = { 0 };

  spec.input_size = 12;
  spec.n_hidden = 2;
  spec.hidden[0] = (NrLayerSpec) { 6, NR_ACTIVATION_TANH, 0.5f };
  spec.hidden[1] = (NrLayerSpec) { 5, NR_ACTIVATION_SIGMOID, 0.0f };
  spec.outputs = 4;
  return nr_model_new (&spec, seed, NULL);
}

static void
test_predict_matches_layers (void)
{
  g_autoptr (NrModel) model = small_model (9);
  enum { N = 3 };
  g_autofree guint8 *pixels = random_pixels (N, 12, 1);
  float probs[N * 4], x[N * 12], h1[N * 6], h2[N * 5], ref[N * 4];

  /* Biases are zero after init: give them values so they count. */
  for (guint l = 0; l < 3; l++)
    for (guint j = 0; j < (l == 0 ? 6u : l == 1 ? 5u : 4u); j++)
      nr_model_get_biases (model, l)[j] = 0.1f * (j + 1) * (l % 2 ? -1 : 1);

  /* Reference: the layer functions composed by hand, with pixels / 255; dropout is off
   * at inference. */
  for (int i = 0; i < N * 12; i++)
    x[i] = pixels[i] / 255.0f;
  nr_dense_forward (h1, x, nr_model_get_weights (model, 0), nr_model_get_biases (model, 0), N,
                    12, 6);
  nr_activation_forward (NR_ACTIVATION_TANH, h1, h1, N * 6);
  nr_dense_forward (h2, h1, nr_model_get_weights (model, 1), nr_model_get_biases (model, 1), N,
                    6, 5);
  nr_activation_forward (NR_ACTIVATION_SIGMOID, h2, h2, N * 5);
  nr_dense_forward (ref, h2, nr_model_get_weights (model, 2), nr_model_get_biases (model, 2), N,
                    5, 4);
  nr_softmax (ref, N, 4);

  nr_model_predict (model, pixels, N, TRUE, probs);
  for (int i = 0; i < N; i++)
    {
      double sum = 0.0;
      for (int j = 0; j < 4; j++)
        {
          g_assert_cmpfloat_with_epsilon (probs[i * 4 + j], ref[i * 4 + j], 1e-6);
          sum += probs[i * 4 + j];
        }
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-6);
    }

  /* Unnormalised input feeds raw 0…255: different probabilities. */
  nr_model_predict (model, pixels, N, FALSE, probs);
  g_assert_cmpfloat (fabsf (probs[0] - ref[0]), >, 1e-4);
}

static void
test_logits_softmax_is_predict (void)
{
  /* 300 tutorial-sized images span more than one chunk: the softmax of every image's
   * logits is what nr_model_predict gives, and the logits are not already probabilities. */
  NrModelSpec spec;
  g_autoptr (NrModel) model = NULL;
  enum { N = 300, K = 10 };
  g_autofree guint8 *pixels = random_pixels (N, 784, 5);
  g_autofree float *logits = g_new (float, N * K);
  g_autofree float *probs = g_new (float, N * K);
  double logit_sum = 0.0;

  nr_model_spec_init_tutorial (&spec, TRUE);
  model = nr_model_new (&spec, 21, NULL);
  for (guint j = 0; j < K; j++)
    nr_model_get_biases (model, 1)[j] = 0.05f * j;
  nr_model_logits (model, pixels, N, TRUE, logits);
  nr_model_predict (model, pixels, N, TRUE, probs);
  for (guint j = 0; j < K; j++)
    logit_sum += logits[j];
  g_assert_cmpfloat (fabs (logit_sum - 1.0), >, 1e-3);
  nr_softmax (logits, N, K);
  for (guint i = 0; i < N * K; i++)
    g_assert_cmpfloat_with_epsilon (logits[i], probs[i], 1e-6);
}

static void
test_logits_hand_computed (void)
{
  /* 2 inputs → Dense(2, relu) → Dense(3) with weights set by hand.
   * Image (51, 255) / 255 = (0.2, 1).
   * h = relu ((0.2, 1) · [[1, -1], [2, 0.5]] + (0.1, -1)) = relu (2.3, -1.2) = (2.3, 0).
   * logits = (2.3, 0) · [[1, 0, -2], [5, 5, 5]] + (0, 0.5, 1) = (2.3, 0.5, -3.6). */
  NrModelSpec spec = { .input_size = 2, .n_hidden = 1, .outputs = 3 };
  g_autoptr (NrModel) model = NULL;
  const float w0[] = { 1, -1, 2, 0.5f }, b0[] = { 0.1f, -1 };
  const float w1[] = { 1, 0, -2, 5, 5, 5 }, b1[] = { 0, 0.5f, 1 };
  const guint8 pixels[] = { 51, 255, 0, 0 };
  const float expected[] = { 2.3f, 0.5f, -3.6f, 0, 0.5f, 1 };
  float logits[6];

  spec.hidden[0] = (NrLayerSpec) { .units = 2, .activation = NR_ACTIVATION_RELU };
  model = nr_model_new (&spec, 1, NULL);
  memcpy (nr_model_get_weights (model, 0), w0, sizeof w0);
  memcpy (nr_model_get_biases (model, 0), b0, sizeof b0);
  memcpy (nr_model_get_weights (model, 1), w1, sizeof w1);
  memcpy (nr_model_get_biases (model, 1), b1, sizeof b1);

  /* The second image is black: h = relu (0.1, -1) = (0.1, 0), logits = (0.1, 0.5, 0.8). */
  nr_model_logits (model, pixels, 2, TRUE, logits);
  for (int j = 0; j < 3; j++)
    g_assert_cmpfloat_with_epsilon (logits[j], expected[j], 1e-5);
  g_assert_cmpfloat_with_epsilon (logits[3], 0.1f, 1e-6);
  g_assert_cmpfloat_with_epsilon (logits[4], 0.5f, 1e-6);
  g_assert_cmpfloat_with_epsilon (logits[5], 0.8f, 1e-6);
}

static void
test_predict_chunks (void)
{
  /* 1000 images span several internal chunks: each image's probabilities must not depend
   * on which chunk it fell in. */
  NrModelSpec spec;
  g_autoptr (NrModel) model = NULL;
  enum { N = 1000 };
  g_autofree guint8 *pixels = random_pixels (N, 784, 2);
  g_autofree float *all = g_new (float, N * 10);
  float one[10];

  nr_model_spec_init_tutorial (&spec, FALSE);
  model = nr_model_new (&spec, 11, NULL);
  nr_model_predict (model, pixels, N, TRUE, all);
  for (guint i = 0; i < N; i += 97)
    {
      nr_model_predict (model, pixels + (gsize) i * 784, 1, TRUE, one);
      for (int j = 0; j < 10; j++)
        g_assert_cmpfloat_with_epsilon (one[j], all[i * 10 + j], 1e-5);
    }
}

typedef struct {
  const NrModel *model;
  const guint8 *pixels;
  guint n;
  float *probs;
} PredictJob;

static gpointer
predict_thread (gpointer data)
{
  PredictJob *job = data;

  for (int r = 0; r < 5; r++)
    nr_model_predict (job->model, job->pixels, job->n, TRUE, job->probs);
  return NULL;
}

static void
test_predict_thread_safe (void)
{
  NrModelSpec spec;
  g_autoptr (NrModel) model = NULL;
  enum { N = 700 };
  g_autofree guint8 *pixels = random_pixels (N, 784, 3);
  g_autofree float *ref = g_new (float, N * 10);
  float *out[2];
  GThread *threads[2];
  PredictJob jobs[2];

  nr_model_spec_init_tutorial (&spec, FALSE);
  model = nr_model_new (&spec, 12, NULL);
  nr_model_predict (model, pixels, N, TRUE, ref);
  for (int t = 0; t < 2; t++)
    {
      out[t] = g_new (float, N * 10);
      jobs[t] = (PredictJob) { model, pixels, N, out[t] };
      threads[t] = g_thread_new ("predict", predict_thread, &jobs[t]);
    }
  for (int t = 0; t < 2; t++)
    {
      g_thread_join (threads[t]);
      g_assert_cmpmem (out[t], N * 10 * sizeof (float), ref, N * 10 * sizeof (float));
      g_free (out[t]);
    }
}

static void
test_evaluate (void)
{
  g_autoptr (NrModel) model = small_model (13);
  enum { N = 300 };
  g_autofree guint8 *pixels = random_pixels (N, 12, 4);
  g_autofree guint8 *labels = g_new (guint8, N);
  g_autofree float *probs = g_new (float, N * 4);
  g_autoptr (NrImageSet) set = NULL;
  double loss, accuracy, ref_loss = 0.0;
  guint correct = 0;

  for (int i = 0; i < N; i++)
    labels[i] = (guint8) (i % 4);
  set = nr_image_set_new (N, 3, 4, pixels, labels);

  /* Reference from predict: mean −ln p[label], and how often argmax p = label. */
  nr_model_predict (model, pixels, N, TRUE, probs);
  for (int i = 0; i < N; i++)
    {
      const float *p = probs + i * 4;
      int best = 0;
      for (int j = 1; j < 4; j++)
        best = p[j] > p[best] ? j : best;
      correct += best == labels[i];
      ref_loss -= log (p[labels[i]]);
    }
  ref_loss /= N;

  nr_model_evaluate (model, set, TRUE, &loss, &accuracy);
  g_assert_cmpfloat_with_epsilon (loss, ref_loss, 1e-5);
  g_assert_cmpfloat (accuracy, ==, (double) correct / N);
  /* 4 classes, untrained: near chance, loss near ln 4 = 1.386 */
  g_assert_cmpfloat (fabs (loss - log (4.0)), <, 0.3);
}

static void
test_evaluate_bad_labels (void)
{
  /* A label the output layer cannot represent is a programming error here (the trainer
   * refuses such data with a GError): a critical, NaN results, no crash. */
  g_autoptr (NrModel) model = small_model (14);
  g_autofree guint8 *pixels = random_pixels (10, 12, 5);
  guint8 labels[10] = { 0, 1, 2, 3, 0, 1, 2, 9, 0, 1 };
  g_autoptr (NrImageSet) set = nr_image_set_new (10, 3, 4, pixels, labels);
  double loss = 0.0, accuracy = 0.0;

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*outputs*");
  nr_model_evaluate (model, set, TRUE, &loss, &accuracy);
  g_test_assert_expected_messages ();
  g_assert_true (isnan (loss));
  g_assert_true (isnan (accuracy));
}

/* The largest networks the limits allow: eight hidden layers of 4096 units would need
 * 2.2 GB for parameters, gradients and Adam's moments and are refused with the numbers;
 * three of 4096 (37 million parameters) are accepted. */
static void
test_too_large_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrModel) model = NULL;
  NrModelSpec spec;

  nr_model_spec_init_tutorial (&spec, FALSE);
  spec.n_hidden = NR_MAX_HIDDEN;
  for (guint l = 0; l < NR_MAX_HIDDEN; l++)
    spec.hidden[l] = (NrLayerSpec) { NR_MAX_UNITS, NR_ACTIVATION_RELU, 0.0f };
  spec.outputs = NR_MAX_UNITS;
  /* 784·4096 + 7·4096² + 4096² weights, 9·4096 biases. */
  g_assert_cmpuint (nr_model_spec_param_count (&spec), ==,
                    784u * 4096 + 8u * 4096 * 4096 + 9u * 4096);
  g_assert_false (nr_model_spec_check (&spec, 10, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "137465856 parameters"));
  g_assert_nonnull (strstr (error->message, "2097 MB of working memory"));
  g_clear_error (&error);
  model = nr_model_new (&spec, 1, &error);
  g_assert_null (model);
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  g_clear_error (&error);

  spec.n_hidden = 3;
  spec.outputs = 10;
  g_assert_cmpuint (nr_model_spec_param_count (&spec), ==,
                    784u * 4096 + 2u * 4096 * 4096 + 4096u * 10 + 3u * 4096 + 10);
  g_assert_true (nr_model_spec_check (&spec, 10, &error));
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/model/param-count", test_param_count);
  g_test_add_func ("/core/model/layout", test_layout);
  g_test_add_func ("/core/model/glorot-uniform", test_glorot_init);
  g_test_add_func ("/core/model/init-deterministic", test_init_deterministic);
  g_test_add_func ("/core/model/copy", test_copy);
  g_test_add_func ("/core/model/label-range-refused", test_label_range_refused);
  g_test_add_func ("/core/model/invalid-settings", test_invalid_settings);
  g_test_add_func ("/core/model/too-large-refused", test_too_large_refused);
  g_test_add_func ("/core/model/predict-matches-layers", test_predict_matches_layers);
  g_test_add_func ("/core/model/predict-chunks", test_predict_chunks);
  g_test_add_func ("/core/model/logits-softmax-is-predict", test_logits_softmax_is_predict);
  g_test_add_func ("/core/model/logits-hand-computed", test_logits_hand_computed);
  g_test_add_func ("/core/model/predict-thread-safe", test_predict_thread_safe);
  g_test_add_func ("/core/model/evaluate", test_evaluate);
  g_test_add_func ("/core/model/evaluate-bad-labels", test_evaluate_bad_labels);

  return g_test_run ();
}
