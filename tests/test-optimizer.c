/* test-optimizer.c — one step of each optimizer against numbers worked out by hand. */
#include <math.h>
#include <string.h>

#include <neurona/neurona.h>

static void
test_defaults (void)
{
  NrOptimizerSpec spec;

  nr_optimizer_spec_init (&spec, NR_OPTIMIZER_ADAM);
  g_assert_cmpint (spec.kind, ==, NR_OPTIMIZER_ADAM);
  g_assert_cmpfloat (spec.learning_rate, ==, 1e-3f);
  g_assert_cmpfloat (spec.beta1, ==, 0.9f);
  g_assert_cmpfloat (spec.beta2, ==, 0.999f);
  g_assert_cmpfloat (spec.epsilon, ==, 1e-7f);

  nr_optimizer_spec_init (&spec, NR_OPTIMIZER_SGD);
  g_assert_cmpfloat (spec.learning_rate, ==, 0.01f);
  g_assert_cmpfloat (spec.momentum, ==, 0.0f);

  nr_optimizer_spec_init (&spec, NR_OPTIMIZER_RMSPROP);
  g_assert_cmpfloat (spec.learning_rate, ==, 1e-3f);
  g_assert_cmpfloat (spec.rho, ==, 0.9f);
  g_assert_cmpfloat (spec.epsilon, ==, 1e-7f);
}

static void
test_names (void)
{
  NrOptimizerKind kind;

  for (int k = 0; k < NR_N_OPTIMIZERS; k++)
    {
      g_assert_true (nr_optimizer_from_name (nr_optimizer_name (k), &kind));
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_cmpstr (nr_optimizer_name (NR_OPTIMIZER_RMSPROP), ==, "rmsprop");
  g_assert_true (nr_optimizer_from_name ("Adam", &kind));
  g_assert_cmpint (kind, ==, NR_OPTIMIZER_ADAM);
  g_assert_false (nr_optimizer_from_name ("adagrad", &kind));
}

static void
test_adam_step (void)
{
  /* Keras defaults lr 0.001, β1 0.9, β2 0.999, ε 1e-7; m = v = 0.
   * Element 0: p = 1, g = 0.5, t = 1:
   *   m = 0.1 · 0.5 = 0.05;  v = 0.001 · 0.25 = 0.00025
   *   lr_t = 0.001 · √(1 − 0.999) / (1 − 0.9) = 0.001 · 0.0316228 / 0.1 = 0.000316228
   *   p = 1 − 0.000316228 · 0.05 / (√0.00025 + 1e-7)
   *     = 1 − 0.000316228 · 0.05 / 0.0158115 = 1 − 0.000999994 = 0.999000006
   * Element 1: p = 0, g = −2: m = −0.2, v = 0.004, √v = 0.0632456
   *   p = 0 + 0.000316228 · 0.2 / 0.0632457 = 0.000999998
   * Step t = 2 on element 0 with g = 0.5 again:
   *   m = 0.9 · 0.05 + 0.05 = 0.095;  v = 0.999 · 0.00025 + 0.00025 = 0.00049975
   *   lr_t = 0.001 · √(1 − 0.999²) / (1 − 0.9²) = 0.001 · 0.0447102 / 0.19 = 0.000235317
   *   p = 0.999000006 − 0.000235317 · 0.095 / 0.0223551 = 0.998000011 */
  float p[2] = { 1.0f, 0.0f };
  float m[2] = { 0 }, v[2] = { 0 };

  /* Tolerances allow for float rounding, as in Keras: 1 − 0.999f is 0.00099998713 in
   * float, 1.3e-5 relative away from 0.001. */
  const float g1[2] = { 0.5f, -2.0f };

  nr_adam_step (p, m, v, g1, 2, 1e-3f, 0.9f, 0.999f, 1e-7f, 1);
  g_assert_cmpfloat_with_epsilon (m[0], 0.05, 1e-7);
  g_assert_cmpfloat_with_epsilon (v[0], 0.00025, 1e-8);
  g_assert_cmpfloat_with_epsilon (p[0], 0.999000006, 2e-7);
  g_assert_cmpfloat_with_epsilon (m[1], -0.2, 1e-7);
  g_assert_cmpfloat_with_epsilon (v[1], 0.004, 1e-7);
  g_assert_cmpfloat_with_epsilon (p[1], 0.000999998, 2e-9);

  nr_adam_step (p, m, v, g1, 1, 1e-3f, 0.9f, 0.999f, 1e-7f, 2);
  g_assert_cmpfloat_with_epsilon (m[0], 0.095, 1e-7);
  g_assert_cmpfloat_with_epsilon (v[0], 0.00049975, 1e-8);
  g_assert_cmpfloat_with_epsilon (p[0], 0.998000011, 2e-7);
}

static void
test_sgd_momentum_step (void)
{
  /* lr 0.1, momentum 0.9, p = 1, g = 0.5, velocity 0:
   *   velocity = 0.9 · 0 − 0.1 · 0.5 = −0.05;  p = 1 − 0.05 = 0.95
   * again with g = 0.5:
   *   velocity = 0.9 · (−0.05) − 0.05 = −0.095;  p = 0.95 − 0.095 = 0.855 */
  float p = 1.0f, velocity = 0.0f;
  const float g = 0.5f;

  nr_sgd_step (&p, &velocity, &g, 1, 0.1f, 0.9f);
  g_assert_cmpfloat_with_epsilon (velocity, -0.05, 1e-7);
  g_assert_cmpfloat_with_epsilon (p, 0.95, 1e-7);
  nr_sgd_step (&p, &velocity, &g, 1, 0.1f, 0.9f);
  g_assert_cmpfloat_with_epsilon (velocity, -0.095, 1e-7);
  g_assert_cmpfloat_with_epsilon (p, 0.855, 1e-7);
}

static void
test_sgd_plain_step (void)
{
  /* momentum 0: p −= lr · g = 2 − 0.01 · (−3) = 2.03; the velocity may be NULL. */
  float p = 2.0f;
  const float g = -3.0f;

  nr_sgd_step (&p, NULL, &g, 1, 0.01f, 0.0f);
  g_assert_cmpfloat_with_epsilon (p, 2.03, 1e-6);
}

static void
test_rmsprop_step (void)
{
  /* lr 0.001, ρ 0.9, ε 1e-7, p = 1, g = 0.5, v = 0:
   *   v = 0.1 · 0.25 = 0.025;  √v = 0.158114
   *   p = 1 − 0.001 · 0.5 / (0.158114 + 1e-7) = 1 − 0.00316228 = 0.99683772
   * again with g = −1:
   *   v = 0.9 · 0.025 + 0.1 · 1 = 0.1225;  √v = 0.35
   *   p = 0.99683772 + 0.001 / 0.35 = 0.99969487 */
  float p = 1.0f, v = 0.0f;
  float g = 0.5f;

  nr_rmsprop_step (&p, &v, &g, 1, 1e-3f, 0.9f, 1e-7f);
  g_assert_cmpfloat_with_epsilon (v, 0.025, 1e-8);
  g_assert_cmpfloat_with_epsilon (p, 0.99683772, 2e-7);
  g = -1.0f;
  nr_rmsprop_step (&p, &v, &g, 1, 1e-3f, 0.9f, 1e-7f);
  g_assert_cmpfloat_with_epsilon (v, 0.1225, 1e-7);
  g_assert_cmpfloat_with_epsilon (p, 0.99969487, 2e-7);
}

static void
test_spec_check (void)
{
  NrOptimizerSpec spec;
  GError *error = NULL;
  struct {
    NrOptimizerKind kind;
    float lr, beta1, momentum, rho, epsilon;
    const char *fragment;
  } bad[] = {
    { NR_OPTIMIZER_ADAM, 0.0f, 0.9f, 0, 0.9f, 1e-7f, "learning rate" },
    { NR_OPTIMIZER_ADAM, -1.0f, 0.9f, 0, 0.9f, 1e-7f, "learning rate" },
    { NR_OPTIMIZER_ADAM, NAN, 0.9f, 0, 0.9f, 1e-7f, "learning rate" },
    { NR_OPTIMIZER_ADAM, INFINITY, 0.9f, 0, 0.9f, 1e-7f, "learning rate" },
    { NR_OPTIMIZER_ADAM, 1e-3f, 1.0f, 0, 0.9f, 1e-7f, "β1" },
    { NR_OPTIMIZER_ADAM, 1e-3f, 0.9f, 0, 0.9f, 0.0f, "ε" },
    { NR_OPTIMIZER_SGD, 1e-2f, 0.9f, 1.5f, 0.9f, 1e-7f, "momentum" },
    { NR_OPTIMIZER_SGD, 1e-2f, 0.9f, -0.1f, 0.9f, 1e-7f, "momentum" },
    { NR_OPTIMIZER_RMSPROP, 1e-3f, 0.9f, 0, 1.0f, 1e-7f, "ρ" },
  };

  for (int k = 0; k < NR_N_OPTIMIZERS; k++)
    {
      nr_optimizer_spec_init (&spec, k);
      g_assert_true (nr_optimizer_spec_check (&spec, &error));
      g_assert_no_error (error);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      nr_optimizer_spec_init (&spec, bad[i].kind);
      spec.learning_rate = bad[i].lr;
      spec.beta1 = bad[i].beta1;
      spec.momentum = bad[i].momentum;
      spec.rho = bad[i].rho;
      spec.epsilon = bad[i].epsilon;
      g_assert_false (nr_optimizer_spec_check (&spec, &error));
      g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].fragment));
      g_clear_error (&error);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/optimizer/keras-defaults", test_defaults);
  g_test_add_func ("/core/optimizer/names", test_names);
  g_test_add_func ("/core/optimizer/adam-step", test_adam_step);
  g_test_add_func ("/core/optimizer/sgd-momentum-step", test_sgd_momentum_step);
  g_test_add_func ("/core/optimizer/sgd-plain-step", test_sgd_plain_step);
  g_test_add_func ("/core/optimizer/rmsprop-step", test_rmsprop_step);
  g_test_add_func ("/core/optimizer/invalid-settings", test_spec_check);

  return g_test_run ();
}
