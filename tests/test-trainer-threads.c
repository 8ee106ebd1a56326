/* test-trainer-threads.c — the trainer's fast hot loop: the same bits on any number of
 * threads, and the same maths as the reference layers.
 *
 * nr_trainer_run trains the first layer straight from the uint8 pixels and, with Adam,
 * fuses its gradient, its update and the next batch's forward (kernels.h); threads split
 * that layer by output columns. These tests hold that path to the plain layer functions
 * of layers.h and to itself across thread counts.
 */
#include <math.h>
#include <string.h>

#include <neurona/neurona.h>

#include "kernels.h"
#include "rng.h"

/* n images with about half their pixels zero (like Fashion-MNIST), labels below 10. */
static NrImageSet *
sparse_set (guint n, guint64 seed, gboolean all_alike)
{
  gsize size = (gsize) n * 784;
  g_autofree guint8 *pixels = g_new (guint8, size);
  g_autofree guint8 *labels = g_new (guint8, n);
  NrRng rng;

  nr_rng_seed (&rng, seed);
  for (gsize i = 0; i < size; i++)
    pixels[i] = (all_alike && i >= 784) ? pixels[i % 784]
                : nr_rng_below (&rng, 2) == 0 ? 0
                                              : (guint8) nr_rng_below (&rng, 256);
  for (guint i = 0; i < n; i++)
    labels[i] = all_alike ? 3 : (guint8) nr_rng_below (&rng, 10);
  return nr_image_set_new (n, 28, 28, pixels, labels);
}

typedef struct {
  NrModel *model;
  GArray *losses; /* double, every step */
} Run;

static void
record_loss (const NrProgress *p, const NrModel *model, gpointer user_data)
{
  Run *run = user_data;
  if (p->kind == NR_PROGRESS_STEP)
    g_array_append_val (run->losses, p->batch_loss);
}

static Run
train (const NrTrainConfig *config, NrImageSet *set)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrTrainer) trainer = nr_trainer_new (config, set, NULL, 10, &error);
  NrTrainResult result;
  Run run;

  g_assert_no_error (error);
  run.losses = g_array_new (FALSE, FALSE, sizeof (double));
  g_assert_true (nr_trainer_run (trainer, record_loss, &run, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.status, ==, NR_TRAIN_COMPLETED);
  run.model = nr_model_copy (nr_trainer_get_model (trainer));
  return run;
}

static void
run_clear (Run *run)
{
  nr_model_free (run->model);
  g_array_unref (run->losses);
}

static void
assert_runs_identical (const Run *a, const Run *b)
{
  gsize n;
  const float *pa = nr_model_get_params (a->model, &n);

  g_assert_cmpuint (a->losses->len, ==, b->losses->len);
  g_assert_cmpmem (a->losses->data, a->losses->len * sizeof (double), b->losses->data,
                   b->losses->len * sizeof (double));
  g_assert_cmpmem (pa, n * sizeof (float), nr_model_get_params (b->model, NULL),
                   n * sizeof (float));
}

/* The tutorial model with dropout, Adam (the fused path): 1, 2 and 3 threads. */
static void
test_threads_identical_adam (void)
{
  g_autoptr (NrImageSet) set = sparse_set (1000, 5, FALSE);
  NrTrainConfig config;
  Run one, two, three;

  nr_train_config_init (&config);
  nr_model_spec_init_tutorial (&config.model, TRUE);
  config.epochs = 2;
  config.seed = 9;

  one = train (&config, set);
  config.n_threads = 2;
  two = train (&config, set);
  config.n_threads = 3;
  three = train (&config, set);

  g_assert_cmpuint (one.losses->len, ==, 2 * 32); /* 1000 / 32 → 32 steps, the last of 8 */
  assert_runs_identical (&one, &two);
  assert_runs_identical (&one, &three);
  run_clear (&one);
  run_clear (&two);
  run_clear (&three);
}

/* More threads than cores (8 parts of 16 columns on this 2-core machine): workers are
 * often descheduled, so parts are run by whichever thread claims them first, the
 * calling thread included. The bits must not depend on who ran what. */
static void
test_threads_oversubscribed (void)
{
  g_autoptr (NrImageSet) set = sparse_set (640, 7, FALSE);
  NrTrainConfig config;
  Run one, eight;

  nr_train_config_init (&config);
  nr_model_spec_init_tutorial (&config.model, TRUE);
  config.epochs = 2;
  config.seed = 4;

  one = train (&config, set);
  config.n_threads = 8;
  eight = train (&config, set);
  g_assert_cmpuint (one.losses->len, ==, 2 * 20);
  assert_runs_identical (&one, &eight);
  run_clear (&one);
  run_clear (&eight);
}

/* Every kernel path this build and CPU support (plain loops, OpenBLAS — under whichever
 * micro-kernels OpenBLAS picks for the CPU, see OPENBLAS_CORETYPE in tests/meson.build —
 * AVX2, AVX-512), forced: the same bits on 1, 2 and 3 threads, and the same training as
 * the default path to within float rounding. */
static void
test_threads_identical_every_path (void)
{
  static const NrKernelPath paths[] = {
    NR_KERNELS_LOOPS, NR_KERNELS_OPENBLAS, NR_KERNELS_AVX2, NR_KERNELS_AVX512,
  };
  g_autoptr (NrImageSet) set = sparse_set (1000, 5, FALSE);
  NrTrainConfig config;
  Run best;
  gsize n;
  const float *p_best;

  nr_train_config_init (&config);
  nr_model_spec_init_tutorial (&config.model, TRUE);
  config.epochs = 2;
  config.seed = 9;
  best = train (&config, set);
  p_best = nr_model_get_params (best.model, &n);

  for (guint k = 0; k < G_N_ELEMENTS (paths); k++)
    {
      Run one, two, three;
      const float *p_one;
      double worst = 0.0;

      if (!nr_kernels_force (paths[k]))
        continue;
      config.n_threads = 1;
      one = train (&config, set);
      config.n_threads = 2;
      two = train (&config, set);
      config.n_threads = 3;
      three = train (&config, set);
      nr_kernels_force (NR_KERNELS_AUTO);

      assert_runs_identical (&one, &two);
      assert_runs_identical (&one, &three);
      p_one = nr_model_get_params (one.model, NULL);
      for (gsize i = 0; i < n; i++)
        worst = MAX (worst, fabs ((double) p_best[i] - p_one[i]));
      g_test_message ("largest weight difference %s vs %s after 64 steps: %g",
                      nr_kernels_path_name (paths[k]), nr_kernels_describe (), worst);
      g_assert_cmpfloat (worst, <, 1e-4);
      for (guint i = 0; i < best.losses->len; i++)
        g_assert_cmpfloat_with_epsilon (g_array_index (one.losses, double, i),
                                        g_array_index (best.losses, double, i), 1e-4);
      run_clear (&one);
      run_clear (&two);
      run_clear (&three);
    }
  run_clear (&best);
}

/* Two hidden layers whose widths are not multiples of 16, tanh, SGD with momentum (the
 * unfused path: gradient kernel, then the optimizer), and an odd batch size, on every
 * path. */
static void
test_threads_identical_sgd_odd_widths (void)
{
  static const NrKernelPath paths[] = {
    NR_KERNELS_AUTO, NR_KERNELS_LOOPS, NR_KERNELS_OPENBLAS, NR_KERNELS_AVX2, NR_KERNELS_AVX512,
  };
  g_autoptr (NrImageSet) set = sparse_set (300, 6, FALSE);
  NrTrainConfig config;

  nr_train_config_init (&config);
  config.model.n_hidden = 2;
  config.model.hidden[0] = (NrLayerSpec) { 40, NR_ACTIVATION_TANH, 0.1f };
  config.model.hidden[1] = (NrLayerSpec) { 7, NR_ACTIVATION_RELU, 0.0f };
  nr_optimizer_spec_init (&config.optimizer, NR_OPTIMIZER_SGD);
  config.optimizer.momentum = 0.9f;
  config.batch_size = 17;
  config.epochs = 2;

  for (guint k = 0; k < G_N_ELEMENTS (paths); k++)
    {
      Run one, two;

      if (!nr_kernels_force (paths[k]))
        continue;
      config.n_threads = 1;
      one = train (&config, set);
      config.n_threads = 2;
      two = train (&config, set);
      nr_kernels_force (NR_KERNELS_AUTO);
      assert_runs_identical (&one, &two);
      run_clear (&one);
      run_clear (&two);
    }
}

/* One Adam step of 784-128(relu)-10 by hand with the layer functions, in double where it
 * matters. */
static void
reference_step (NrModel *model, const NrImageSet *set, guint first, int B, guint64 t)
{
  const int in = 784, units = 128, out = 10;
  float *w1 = nr_model_get_weights (model, 0), *b1 = nr_model_get_biases (model, 0);
  float *w2 = nr_model_get_weights (model, 1), *b2 = nr_model_get_biases (model, 1);
  g_autofree float *x = g_new (float, (gsize) B * in);
  g_autofree float *z = g_new (float, (gsize) B * units);
  g_autofree float *h = g_new (float, (gsize) B * units);
  g_autofree float *logits = g_new (float, (gsize) B * out);
  g_autofree float *probs = g_new (float, (gsize) B * out);
  g_autofree float *dl = g_new (float, (gsize) B * out);
  g_autofree float *dh = g_new (float, (gsize) B * units);
  gsize n;
  float *p = nr_model_get_params (model, &n);
  g_autofree float *g = g_new0 (float, n);
  /* The moments live with the model; the test keeps its own. */
  static float *m = NULL, *v = NULL;

  if (t == 1)
    {
      g_free (m);
      g_free (v);
      m = g_new0 (float, n);
      v = g_new0 (float, n);
    }
  for (int i = 0; i < B * in; i++)
    x[i] = set->pixels[(gsize) first * in + i] / 255.0f;
  nr_dense_forward (z, x, w1, b1, B, in, units);
  nr_activation_forward (NR_ACTIVATION_RELU, h, z, (gsize) B * units);
  nr_dense_forward (logits, h, w2, b2, B, units, out);
  nr_softmax_xent_forward (probs, logits, set->labels + first, B, out, NULL);
  nr_softmax_xent_backward (dl, probs, set->labels + first, B, out);
  nr_dense_backward (dh, g + (w2 - p), g + (b2 - p), dl, h, w2, B, units, out);
  nr_activation_backward (NR_ACTIVATION_RELU, dh, dh, z, h, (gsize) B * units);
  nr_dense_backward (NULL, g + (w1 - p), g + (b1 - p), dh, x, w1, B, in, units);
  nr_adam_step (p, m, v, g, n, 1e-3f, 0.9f, 0.999f, 1e-7f, t);
}

static void
assert_params_close (NrModel *got, NrModel *want)
{
  gsize n;
  const float *a = nr_model_get_params (got, &n);
  const float *b = nr_model_get_params (want, NULL);
  double worst = 0;

  /* Adam moves each weight by about lr = 1e-3 per step; different summation orders may
   * move it by a float rounding of its gradient's ratio m/√v, not more. */
  for (gsize i = 0; i < n; i++)
    worst = MAX (worst, fabs (a[i] - b[i]));
  g_test_message ("largest difference from the reference: %g", worst);
  g_assert_cmpfloat (worst, <, 2e-6);
}

/* One batch holding the whole set (so the shuffle cannot change the sums): the trainer's
 * fast step equals the reference step. */
static void
test_fast_step_matches_reference (void)
{
  g_autoptr (NrImageSet) set = sparse_set (32, 7, FALSE);
  NrTrainConfig config;
  g_autoptr (NrModel) reference = NULL;
  Run run;

  nr_train_config_init (&config);
  config.epochs = 1;
  run = train (&config, set);

  reference = nr_model_new (&config.model, config.seed, NULL);
  reference_step (reference, set, 0, 32, 1);
  assert_params_close (run.model, reference);
  run_clear (&run);
}

/* Two batches of one repeated image: the second step's first-layer output comes from the
 * fused pass of the first, and must equal a fresh forward with the updated weights. */
static void
test_fused_next_forward_matches_reference (void)
{
  g_autoptr (NrImageSet) set = sparse_set (64, 8, TRUE);
  NrTrainConfig config;
  g_autoptr (NrModel) reference = NULL;
  Run run;

  nr_train_config_init (&config);
  config.epochs = 1;
  run = train (&config, set);
  g_assert_cmpuint (run.losses->len, ==, 2);

  reference = nr_model_new (&config.model, config.seed, NULL);
  reference_step (reference, set, 0, 32, 1);
  reference_step (reference, set, 32, 32, 2);
  assert_params_close (run.model, reference);
  run_clear (&run);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/trainer/threads/identical-adam", test_threads_identical_adam);
  g_test_add_func ("/core/trainer/threads/oversubscribed", test_threads_oversubscribed);
  g_test_add_func ("/core/trainer/threads/identical-every-path", test_threads_identical_every_path);
  g_test_add_func ("/core/trainer/threads/identical-sgd-odd-widths",
                   test_threads_identical_sgd_odd_widths);
  g_test_add_func ("/core/trainer/fast-step/matches-reference", test_fast_step_matches_reference);
  g_test_add_func ("/core/trainer/fast-step/fused-next-forward",
                   test_fused_next_forward_matches_reference);

  return g_test_run ();
}
