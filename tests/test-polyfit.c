/* test-polyfit.c — the tutorial's sin(x) polynomial: gradients, the descent itself, the
 * least-squares and Taylor references, divergence, the degree note and `neurona-cli fit`. */
#include <float.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "neurona/error.h"
#include "neurona/polyfit.h"

#include "cli-test-util.h"

static NrPolyFit *
new_fit (guint degree, NrPolyFitTarget target, double lr)
{
  NrPolyFitConfig config;
  GError *error = NULL;
  NrPolyFit *fit;

  nr_polyfit_config_init (&config);
  config.degree = degree;
  config.target = target;
  config.learning_rate = lr;
  fit = nr_polyfit_new (&config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fit);
  return fit;
}

static void
assert_coefficients (const double *got, const double *want, guint n, double tolerance)
{
  for (guint k = 0; k < n; k++)
    {
      if (!(fabs (got[k] - want[k]) <= tolerance))
        g_error ("coefficient %u: got %.17g, want %.17g (tolerance %g)", k, got[k], want[k],
                 tolerance);
    }
}

static void
test_config_defaults (void)
{
  NrPolyFitConfig config;

  nr_polyfit_config_init (&config);
  g_assert_cmpuint (config.degree, ==, 3);
  g_assert_cmpint (config.target, ==, NR_POLYFIT_TARGET_SIN);
  g_assert_cmpfloat (config.lo, ==, -G_PI);
  g_assert_cmpfloat (config.hi, ==, G_PI);
  g_assert_cmpuint (config.n_points, ==, 2000);
  g_assert_cmpfloat (config.learning_rate, ==, 1e-6);
  g_assert_cmpuint (config.n_iterations, ==, 2000);
  g_assert_true (nr_polyfit_config_validate (&config, NULL));
}

static void
test_config_invalid (void)
{
  struct {
    const char *what;
    guint degree, n_points, n_iterations;
    double lo, hi, lr;
    int target;
  } cases[] = {
    { "degree 0", 0, 2000, 2000, -G_PI, G_PI, 1e-6, 0 },
    { "degree 10", 10, 2000, 2000, -G_PI, G_PI, 1e-6, 0 },
    { "too few points", 3, 3, 2000, -G_PI, G_PI, 1e-6, 0 },
    { "too many points", 3, NR_POLYFIT_MAX_POINTS + 1, 2000, -G_PI, G_PI, 1e-6, 0 },
    { "zero iterations", 3, 2000, 0, -G_PI, G_PI, 1e-6, 0 },
    { "empty interval", 3, 2000, 2000, 1.0, 1.0, 1e-6, 0 },
    { "reversed interval", 3, 2000, 2000, 2.0, 1.0, 1e-6, 0 },
    { "infinite interval", 3, 2000, 2000, -INFINITY, 1.0, 1e-6, 0 },
    { "NaN interval", 3, 2000, 2000, NAN, 1.0, 1e-6, 0 },
    { "negative learning rate", 3, 2000, 2000, -G_PI, G_PI, -1e-6, 0 },
    { "zero learning rate", 3, 2000, 2000, -G_PI, G_PI, 0.0, 0 },
    { "NaN learning rate", 3, 2000, 2000, -G_PI, G_PI, NAN, 0 },
    { "unknown target", 3, 2000, 2000, -G_PI, G_PI, 1e-6, NR_POLYFIT_N_TARGETS },
    /* exp(x) overflows a double beyond x ≈ 709.8. */
    { "exp overflow", 3, 2000, 2000, 0.0, 1000.0, 1e-6, NR_POLYFIT_TARGET_EXP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrPolyFitConfig config;
      GError *error = NULL;
      NrPolyFit *fit;

      nr_polyfit_config_init (&config);
      config.degree = cases[i].degree;
      config.n_points = cases[i].n_points;
      config.n_iterations = cases[i].n_iterations;
      config.lo = cases[i].lo;
      config.hi = cases[i].hi;
      config.learning_rate = cases[i].lr;
      config.target = (NrPolyFitTarget) cases[i].target;
      g_test_message ("%s", cases[i].what);
      fit = nr_polyfit_new (&config, &error);
      g_assert_null (fit);
      g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);
    }
}

static void
test_targets (void)
{
  NrPolyFitTarget target = NR_POLYFIT_TARGET_SIN;

  g_assert_true (nr_polyfit_target_from_name ("exp", &target));
  g_assert_cmpint (target, ==, NR_POLYFIT_TARGET_EXP);
  g_assert_true (nr_polyfit_target_from_name ("ABS", &target));
  g_assert_cmpint (target, ==, NR_POLYFIT_TARGET_ABS);
  g_assert_false (nr_polyfit_target_from_name ("tan", &target));
  g_assert_cmpint (target, ==, NR_POLYFIT_TARGET_ABS);
  for (guint t = 0; t < NR_POLYFIT_N_TARGETS; t++)
    {
      NrPolyFitTarget back;
      g_assert_true (nr_polyfit_target_from_name (nr_polyfit_target_name (t), &back));
      g_assert_cmpint (back, ==, t);
    }

  g_assert_cmpfloat (nr_polyfit_target_eval (NR_POLYFIT_TARGET_SIN, 0.5), ==, sin (0.5));
  g_assert_cmpfloat (nr_polyfit_target_eval (NR_POLYFIT_TARGET_COS, 0.5), ==, cos (0.5));
  g_assert_cmpfloat (nr_polyfit_target_eval (NR_POLYFIT_TARGET_EXP, 0.5), ==, exp (0.5));
  g_assert_cmpfloat (nr_polyfit_target_eval (NR_POLYFIT_TARGET_ABS, -0.5), ==, 0.5);
  g_assert_cmpfloat (nr_polyfit_target_eval (NR_POLYFIT_TARGET_STEP, -0.5), ==, 0.0);
  g_assert_cmpfloat (nr_polyfit_target_eval (NR_POLYFIT_TARGET_STEP, 0.0), ==, 1.0);
  g_assert_cmpfloat (nr_polyfit_target_eval (NR_POLYFIT_TARGET_STEP, 0.5), ==, 1.0);
}

static void
test_points_linspace (void)
{
  g_autoptr (NrPolyFit) fit = new_fit (3, NR_POLYFIT_TARGET_SIN, 1e-6);
  const double *x = nr_polyfit_get_x (fit);
  const double *y = nr_polyfit_get_y (fit);
  double step = 2.0 * G_PI / 1999.0;

  /* np.linspace(-math.pi, math.pi, 2000): ends exact, evenly spaced. */
  g_assert_cmpfloat (x[0], ==, -G_PI);
  g_assert_cmpfloat (x[1999], ==, G_PI);
  g_assert_cmpfloat (x[1], ==, -G_PI + step);
  g_assert_cmpfloat (x[1000], ==, -G_PI + 1000.0 * step);
  g_assert_cmpfloat (y[1000], ==, sin (x[1000]));
}

static void
test_eval (void)
{
  const double c[] = { 1.0, -2.0, 0.5, 0.25 };

  /* 1 − 2·3 + 0.5·9 + 0.25·27 = 6.25 */
  g_assert_cmpfloat (nr_polyfit_eval (c, 3, 3.0), ==, 6.25);
  g_assert_cmpfloat (nr_polyfit_eval (c, 0, 3.0), ==, 1.0);
}

/* The hand-written gradients (grad_a = Σ 2(y_pred − y), grad_b = Σ 2(y_pred − y)·x, …)
 * against central differences of the loss, in double. The loss is quadratic in the
 * coefficients, so central differences are exact up to rounding. */
static void
check_gradient (guint degree, NrPolyFitTarget target)
{
  g_autoptr (NrPolyFit) fit = new_fit (degree, target, 1e-12);
  double c[NR_POLYFIT_MAX_DEGREE + 1];
  double grad[NR_POLYFIT_MAX_DEGREE + 1];
  double loss;

  memcpy (c, nr_polyfit_get_coefficients (fit), (degree + 1) * sizeof (double));
  loss = nr_polyfit_loss_and_gradient (fit, c, grad);
  g_assert_cmpfloat (loss, ==, nr_polyfit_get_loss (fit));

  for (guint k = 0; k <= degree; k++)
    {
      double saved = c[k];
      double h = 1e-4 * MAX (1.0, fabs (saved));
      double plus, minus, numeric;

      c[k] = saved + h;
      plus = nr_polyfit_loss_and_gradient (fit, c, NULL);
      c[k] = saved - h;
      minus = nr_polyfit_loss_and_gradient (fit, c, NULL);
      c[k] = saved;
      numeric = (plus - minus) / (2.0 * h);
      if (!(fabs (numeric - grad[k]) <= 1e-7 * fabs (grad[k]) + 1e-9 * loss / h))
        g_error ("degree %u, d loss / d c%u: analytic %.17g, numeric %.17g", degree, k, grad[k],
                 numeric);
    }
}

static void
test_gradient_check (void)
{
  check_gradient (3, NR_POLYFIT_TARGET_SIN);
  check_gradient (1, NR_POLYFIT_TARGET_EXP);
  check_gradient (6, NR_POLYFIT_TARGET_ABS);
  check_gradient (9, NR_POLYFIT_TARGET_COS);
}

static void
test_gradient_hand_computed (void)
{
  NrPolyFitConfig config;
  g_autoptr (NrPolyFit) fit = NULL;
  double c[2] = { 0.5, -1.0 };
  double grad[2];
  double loss;

  /* Three points x = 0, 1, 2 of |x|: y = 0, 1, 2; p(x) = 0.5 − x gives 0.5, −0.5, −1.5.
   * Errors 0.5, −1.5, −3.5: loss 0.25 + 2.25 + 12.25 = 14.75;
   * grad_a = 2(0.5 − 1.5 − 3.5) = −9; grad_b = 2(0 − 1.5 − 7) = −17. */
  nr_polyfit_config_init (&config);
  config.degree = 1;
  config.target = NR_POLYFIT_TARGET_ABS;
  config.lo = 0.0;
  config.hi = 2.0;
  config.n_points = 3;
  fit = nr_polyfit_new (&config, NULL);
  g_assert_nonnull (fit);
  loss = nr_polyfit_loss_and_gradient (fit, c, grad);
  g_assert_cmpfloat (loss, ==, 14.75);
  g_assert_cmpfloat (grad[0], ==, -9.0);
  g_assert_cmpfloat (grad[1], ==, -17.0);
}

/* One iteration is the tutorial's update: c −= learning_rate · grad(c), and the loss
 * recorded for iteration 0 is that of the initial coefficients. */
static void
test_step_update (void)
{
  g_autoptr (NrPolyFit) fit = new_fit (3, NR_POLYFIT_TARGET_SIN, 1e-6);
  double c0[4], grad[4];
  double loss0;
  const double *history;
  guint n;

  memcpy (c0, nr_polyfit_get_coefficients (fit), sizeof c0);
  loss0 = nr_polyfit_loss_and_gradient (fit, c0, grad);
  g_assert_cmpuint (nr_polyfit_step (fit, 1), ==, 1);
  g_assert_cmpuint (nr_polyfit_get_iteration (fit), ==, 1);
  history = nr_polyfit_get_loss_history (fit, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (history[0], ==, loss0);
  for (guint k = 0; k < 4; k++)
    g_assert_cmpfloat (nr_polyfit_get_coefficients (fit)[k], ==, c0[k] - 1e-6 * grad[k]);
  g_assert_cmpfloat (nr_polyfit_get_loss (fit), <, loss0);
}

static void
test_initial_coefficients_seeded (void)
{
  NrPolyFitConfig config;
  g_autoptr (NrPolyFit) a = NULL;
  g_autoptr (NrPolyFit) b = NULL;
  g_autoptr (NrPolyFit) other = NULL;
  double mean = 0.0, var = 0.0;
  guint n = 0;

  nr_polyfit_config_init (&config);
  config.seed = 7;
  a = nr_polyfit_new (&config, NULL);
  b = nr_polyfit_new (&config, NULL);
  config.seed = 8;
  other = nr_polyfit_new (&config, NULL);
  g_assert_cmpmem (nr_polyfit_get_coefficients (a), 4 * sizeof (double),
                   nr_polyfit_get_coefficients (b), 4 * sizeof (double));
  g_assert_cmpfloat (nr_polyfit_get_coefficients (a)[0], !=,
                     nr_polyfit_get_coefficients (other)[0]);

  /* Standard normal: over many seeds the coefficients have mean ≈ 0 and variance ≈ 1. */
  config.degree = 9;
  config.n_points = 10;
  for (guint s = 0; s < 500; s++)
    {
      g_autoptr (NrPolyFit) fit = NULL;
      config.seed = s;
      fit = nr_polyfit_new (&config, NULL);
      for (guint k = 0; k < 10; k++)
        {
          double v = nr_polyfit_get_coefficients (fit)[k];
          mean += v;
          var += v * v;
          n++;
        }
    }
  mean /= n;
  var = var / n - mean * mean;
  g_assert_cmpfloat (fabs (mean), <, 0.1);
  g_assert_cmpfloat (fabs (var - 1.0), <, 0.1);
}

/* The tutorial's run: the loss at 99 is of order 1e3 and it falls at every iteration to
 * below 20 at 1999, for the default seed and for other seeds. */
static void
test_tutorial_monotonic (void)
{
  for (guint64 seed = 0; seed < 8; seed++)
    {
      NrPolyFitConfig config;
      g_autoptr (NrPolyFit) fit = NULL;
      const double *loss;
      guint n;

      nr_polyfit_config_init (&config);
      if (seed > 0)
        config.seed = seed;
      fit = nr_polyfit_new (&config, NULL);
      g_assert_cmpuint (nr_polyfit_step (fit, 5000), ==, 2000);
      g_assert_true (nr_polyfit_is_finished (fit));
      g_assert_cmpuint (nr_polyfit_step (fit, 10), ==, 0);
      g_assert_false (nr_polyfit_get_diverged (fit, NULL));
      loss = nr_polyfit_get_loss_history (fit, &n);
      g_assert_cmpuint (n, ==, 2000);
      for (guint t = 1; t < n; t++)
        if (!(loss[t] < loss[t - 1]))
          g_error ("seed %" G_GUINT64_FORMAT ": loss rose at iteration %u: %g → %g",
                   config.seed, t, loss[t - 1], loss[t]);
      g_assert_cmpfloat (loss[99], >, 100.0);
      g_assert_cmpfloat (loss[99], <, 1e4);
      g_assert_cmpfloat (loss[1999], <, 20.0);
      g_assert_cmpfloat (nr_polyfit_get_loss (fit), <, loss[1999]);
      /* Gradient descent heads for the least-squares loss and never beats it. */
      {
        double lsq_loss;
        nr_polyfit_get_least_squares (fit, &lsq_loss);
        g_assert_cmpfloat (nr_polyfit_get_loss (fit), >, lsq_loss);
      }
    }
}

/* The default seed was chosen so the default run reads like the tutorial's printout
 * (99 1273.54 … 1999 9.396; y = -0.0118 + 0.836 x + 0.00204 x^2 + -0.0904 x^3). */
static void
test_tutorial_default_seed (void)
{
  g_autoptr (NrPolyFit) fit = new_fit (3, NR_POLYFIT_TARGET_SIN, 1e-6);
  const double tutorial_final[] = { -0.011828352697193623, 0.8360244631767273,
                                    0.002040589228272438, -0.09038365632 };
  const double *loss;
  guint n;

  nr_polyfit_step (fit, 2000);
  loss = nr_polyfit_get_loss_history (fit, &n);
  g_assert_cmpfloat_with_epsilon (loss[99], 1273.537353515625, 100.0);
  g_assert_cmpfloat_with_epsilon (loss[999], 41.198158264160156, 2.0);
  g_assert_cmpfloat_with_epsilon (loss[1999], 9.39621353149414, 0.1);
  assert_coefficients (nr_polyfit_get_coefficients (fit), tutorial_final, 4, 0.003);
}

static void
test_coefficient_history (void)
{
  NrPolyFitConfig config;
  g_autoptr (NrPolyFit) fit = NULL;
  double initial[4];
  const double *history;
  guint n, stride;

  nr_polyfit_config_init (&config);
  fit = nr_polyfit_new (&config, NULL);
  memcpy (initial, nr_polyfit_get_coefficients (fit), sizeof initial);
  nr_polyfit_step (fit, 10);
  history = nr_polyfit_get_coefficient_history (fit, &n, &stride);
  g_assert_cmpuint (stride, ==, 1);
  g_assert_cmpuint (n, ==, 11);
  g_assert_cmpmem (history, sizeof initial, initial, sizeof initial);
  g_assert_cmpmem (history + 10 * 4, sizeof initial, nr_polyfit_get_coefficients (fit),
                   sizeof initial);

  /* A long run keeps about 2,000 samples. */
  g_clear_pointer (&fit, nr_polyfit_free);
  config.n_iterations = 100000;
  config.n_points = 20;
  fit = nr_polyfit_new (&config, NULL);
  nr_polyfit_step (fit, 100000);
  history = nr_polyfit_get_coefficient_history (fit, &n, &stride);
  g_assert_cmpuint (stride, ==, 50);
  g_assert_cmpuint (n, ==, 2001);
  g_assert_cmpmem (history + 2000 * 4, sizeof initial, nr_polyfit_get_coefficients (fit),
                   sizeof initial);
}

/* A target that is itself a polynomial is recovered exactly, also on a shifted interval
 * (which exercises the rescaling to [−1, 1] and back) and at degree 9. */
static void
test_least_squares_recovers_polynomial (void)
{
  const double cubic[] = { 1.0, -2.0, 0.5, 0.25 };
  const double nonic[] = { 0.3, -1.0, 0.5, 0.2, -0.1, 0.05, -0.01, 0.002, -3e-4, 2e-5 };
  struct {
    const double *c;
    guint degree;
    double lo, hi;
  } cases[] = {
    { cubic, 3, -G_PI, G_PI },
    { cubic, 3, 2.0, 5.0 },
    { nonic, 9, -G_PI, G_PI },
    { nonic, 9, -1.0, 3.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double x[500], y[500], got[NR_POLYFIT_MAX_DEGREE + 1];
      GError *error = NULL;

      for (guint j = 0; j < 500; j++)
        {
          x[j] = cases[i].lo + (cases[i].hi - cases[i].lo) * j / 499.0;
          y[j] = nr_polyfit_eval (cases[i].c, cases[i].degree, x[j]);
        }
      g_assert_true (nr_polyfit_least_squares_data (x, y, 500, cases[i].degree, got, &error));
      g_assert_no_error (error);
      assert_coefficients (got, cases[i].c, cases[i].degree + 1, 1e-9);
    }
}

/* |x| on [0.5, 3] is the line y = x; a step on [1, 2] is the constant 1. */
static void
test_least_squares_targets_that_are_polynomials (void)
{
  NrPolyFitConfig config;
  double c[4];
  double loss;
  const double line[] = { 0.0, 1.0, 0.0, 0.0 };
  const double one[] = { 1.0, 0.0, 0.0, 0.0 };

  nr_polyfit_config_init (&config);
  config.target = NR_POLYFIT_TARGET_ABS;
  config.lo = 0.5;
  config.hi = 3.0;
  g_assert_true (nr_polyfit_least_squares (&config, c, &loss, NULL));
  assert_coefficients (c, line, 4, 1e-12);
  g_assert_cmpfloat (loss, <, 1e-20);

  config.target = NR_POLYFIT_TARGET_STEP;
  config.lo = 1.0;
  config.hi = 2.0;
  g_assert_true (nr_polyfit_least_squares (&config, c, &loss, NULL));
  assert_coefficients (c, one, 4, 1e-12);
}

/* References solved in exact rational arithmetic (Python's fractions.Fraction on the
 * normal equations) from the same double-precision samples:
 *   xs = [lo + i * (hi - lo) / (n - 1) for i in range(n)]; xs[-1] = hi; ys = f(xs). */
static void
test_least_squares_reference (void)
{
  const double sin3[] = { 5.754933823507266e-19, 0.8567408430737843, -5.0676495704513205e-19,
                          -0.09333038904059883 };
  const double sin9[] = { 3.688222450149449e-20, 0.9999845204864046, -2.632803593380973e-18,
                          -0.166632465667515, 1.4903175704160226e-18, 0.008312329892062386,
                          -2.498984325452209e-19, -0.0001931531239205813,
                          1.295742387397456e-20, 2.172745107337321e-06 };
  const double exp5[] = { 0.9998156465005484, 1.0046954302045632, 0.4759546543204455,
                          0.21348217511808365, 0.0008576092922950284, 0.023570028971829003 };
  const double exp9[] = { 0.9999999632867088, 0.9999998680896404, 0.5000010122397694,
                          0.1666675262313349, 0.04166210341945208, 0.008332967582920868,
                          0.0013956557666054618, 0.00019605917094661846,
                          2.183501239412703e-05, 4.797100220910745e-06 };
  struct {
    const double *want;
    guint degree;
    NrPolyFitTarget target;
    double lo, hi;
    guint n;
    double tolerance;
  } cases[] = {
    { sin3, 3, NR_POLYFIT_TARGET_SIN, -G_PI, G_PI, 2000, 1e-12 },
    { sin9, 9, NR_POLYFIT_TARGET_SIN, -G_PI, G_PI, 2000, 1e-10 },
    { exp5, 5, NR_POLYFIT_TARGET_EXP, 0.0, 2.0, 50, 1e-9 },
    { exp9, 9, NR_POLYFIT_TARGET_EXP, -1.0, 2.0, 100, 1e-6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrPolyFitConfig config;
      double got[NR_POLYFIT_MAX_DEGREE + 1];
      GError *error = NULL;

      nr_polyfit_config_init (&config);
      config.degree = cases[i].degree;
      config.target = cases[i].target;
      config.lo = cases[i].lo;
      config.hi = cases[i].hi;
      config.n_points = cases[i].n;
      g_assert_true (nr_polyfit_least_squares (&config, got, NULL, &error));
      g_assert_no_error (error);
      assert_coefficients (got, cases[i].want, cases[i].degree + 1, cases[i].tolerance);
    }
}

/* Where gradient descent is heading: run long enough at a stable rate and it arrives. */
static void
test_least_squares_is_the_limit (void)
{
  NrPolyFitConfig config;
  g_autoptr (NrPolyFit) fit = NULL;
  const double *lsq;

  nr_polyfit_config_init (&config);
  config.n_points = 200;
  config.learning_rate = 0.9 * nr_polyfit_max_stable_learning_rate (&config);
  config.n_iterations = 200000;
  fit = nr_polyfit_new (&config, NULL);
  nr_polyfit_step (fit, config.n_iterations);
  g_assert_false (nr_polyfit_get_diverged (fit, NULL));
  lsq = nr_polyfit_get_least_squares (fit, NULL);
  assert_coefficients (nr_polyfit_get_coefficients (fit), lsq, 4, 1e-6);
}

static void
test_least_squares_bad_data (void)
{
  double x[] = { 1.0, 1.0, 1.0, 1.0 };
  double y[] = { 1.0, 2.0, 3.0, 4.0 };
  double c[4];
  GError *error = NULL;

  g_assert_false (nr_polyfit_least_squares_data (x, y, 4, 3, c, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (nr_polyfit_least_squares_data (x, y, 3, 3, c, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  g_clear_error (&error);
  x[1] = 2.0;
  x[2] = 3.0;
  x[3] = 4.0;
  y[2] = NAN;
  g_assert_false (nr_polyfit_least_squares_data (x, y, 4, 3, c, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  g_clear_error (&error);
}

static void
test_taylor (void)
{
  double c[10];
  const double sin9[] = { 0, 1, 0, -1.0 / 6, 0, 1.0 / 120, 0, -1.0 / 5040, 0, 1.0 / 362880 };
  const double cos4[] = { 1, 0, -0.5, 0, 1.0 / 24 };
  const double exp3[] = { 1, 1, 0.5, 1.0 / 6 };

  g_assert_true (nr_polyfit_taylor (NR_POLYFIT_TARGET_SIN, 9, c));
  assert_coefficients (c, sin9, 10, 1e-18);
  g_assert_true (nr_polyfit_taylor (NR_POLYFIT_TARGET_COS, 4, c));
  assert_coefficients (c, cos4, 5, 1e-18);
  g_assert_true (nr_polyfit_taylor (NR_POLYFIT_TARGET_EXP, 3, c));
  assert_coefficients (c, exp3, 4, 1e-18);
  c[0] = 5.0;
  g_assert_false (nr_polyfit_taylor (NR_POLYFIT_TARGET_ABS, 3, c));
  g_assert_cmpfloat (c[0], ==, 0.0);
  g_assert_false (nr_polyfit_taylor (NR_POLYFIT_TARGET_STEP, 3, c));
}

/* Learning rate 1e-3 on the tutorial's cubic: 2·λmax(XᵀX)·lr ≈ 560 ≫ 2, so each
 * iteration multiplies the error by hundreds. Iteration 0 evaluates the random start
 * (loss ~1e3), its update overshoots, and iteration 1's loss is ~1e11: diverged at 1. */
static void
test_divergence (void)
{
  g_autoptr (NrPolyFit) fit = new_fit (3, NR_POLYFIT_TARGET_SIN, 1e-3);
  g_autofree char *note = NULL;
  const double *loss;
  guint n, at = 999;

  g_assert_cmpuint (nr_polyfit_step (fit, 2000), ==, 1);
  g_assert_true (nr_polyfit_get_diverged (fit, &at));
  g_assert_cmpuint (at, ==, 1);
  g_assert_true (nr_polyfit_is_finished (fit));
  g_assert_cmpuint (nr_polyfit_step (fit, 10), ==, 0);
  loss = nr_polyfit_get_loss_history (fit, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (loss[1], >, 1e3 * loss[0]);
  for (guint k = 0; k < 4; k++)
    g_assert_true (isfinite (nr_polyfit_get_coefficients (fit)[k]));
  note = nr_polyfit_divergence_note (fit);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "iteration 1"));
  g_assert_nonnull (strstr (note, "3.6e-06"));
}

/* Just above the stable rate the error grows by a few percent per iteration: caught
 * later, but caught; just below it the loss never runs away. */
static void
test_divergence_threshold (void)
{
  NrPolyFitConfig config;
  g_autoptr (NrPolyFit) above = NULL;
  g_autoptr (NrPolyFit) below = NULL;
  double max_lr;
  guint at = 0;

  nr_polyfit_config_init (&config);
  max_lr = nr_polyfit_max_stable_learning_rate (&config);
  config.learning_rate = 1.05 * max_lr;
  above = nr_polyfit_new (&config, NULL);
  nr_polyfit_step (above, 2000);
  g_assert_true (nr_polyfit_get_diverged (above, &at));
  g_assert_cmpuint (at, >, 10);
  g_assert_cmpuint (at, <, 2000);

  config.learning_rate = 0.95 * max_lr;
  below = nr_polyfit_new (&config, NULL);
  nr_polyfit_step (below, 2000);
  g_assert_false (nr_polyfit_get_diverged (below, NULL));
  g_assert_null (nr_polyfit_divergence_note (below));
}

/* For a line on a symmetric interval XᵀX = diag(n, Σx²), so λmax = Σx². */
static void
test_max_stable_learning_rate (void)
{
  NrPolyFitConfig config;
  double sum = 0.0;

  nr_polyfit_config_init (&config);
  config.degree = 1;
  config.n_points = 101;
  config.lo = -2.0;
  config.hi = 2.0;
  for (guint i = 0; i < 101; i++)
    {
      double x = -2.0 + 4.0 * i / 100.0;
      sum += x * x;
    }
  g_assert_cmpfloat_with_epsilon (nr_polyfit_max_stable_learning_rate (&config), 1.0 / sum,
                                  1e-9 / sum);
  config.degree = 0;
  g_assert_cmpfloat (nr_polyfit_max_stable_learning_rate (&config), ==, 0.0);
}

/* An exact fit converges to rounding noise without being mistaken for divergence. */
static void
test_no_false_divergence (void)
{
  NrPolyFitConfig config;
  g_autoptr (NrPolyFit) fit = NULL;

  nr_polyfit_config_init (&config);
  config.target = NR_POLYFIT_TARGET_ABS;
  config.lo = 0.5;
  config.hi = 1.5;
  config.degree = 1;
  config.n_points = 50;
  config.learning_rate = 0.9 * nr_polyfit_max_stable_learning_rate (&config);
  config.n_iterations = 20000;
  fit = nr_polyfit_new (&config, NULL);
  nr_polyfit_step (fit, 20000);
  g_assert_false (nr_polyfit_get_diverged (fit, NULL));
  g_assert_cmpfloat (nr_polyfit_get_loss (fit), <, 1e-20);
}

static void
test_degree_note (void)
{
  struct {
    guint degree;
    NrPolyFitTarget target;
    double lo, hi;
    const char *expect; /* substring, or NULL for no note */
  } cases[] = {
    { 1, NR_POLYFIT_TARGET_SIN, -G_PI, G_PI, "Degree 1 is too low for sin(x)" },
    { 2, NR_POLYFIT_TARGET_SIN, -G_PI, G_PI, "Degree 2 is too low" },
    { 3, NR_POLYFIT_TARGET_SIN, -G_PI, G_PI, NULL },
    { 1, NR_POLYFIT_TARGET_SIN, -0.3, 0.3, NULL }, /* sin is nearly straight near 0 */
    { 3, NR_POLYFIT_TARGET_COS, -G_PI, G_PI, "Degree 3 is too low for cos(x)" },
    { 4, NR_POLYFIT_TARGET_COS, -G_PI, G_PI, NULL },
    { 9, NR_POLYFIT_TARGET_STEP, -G_PI, G_PI, "jump" },
    { 1, NR_POLYFIT_TARGET_STEP, 1.0, 2.0, NULL }, /* constant there */
    { 9, NR_POLYFIT_TARGET_EXP, -G_PI, G_PI, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrPolyFitConfig config;
      g_autoptr (NrPolyFit) fit = NULL;
      g_autofree char *note = NULL;

      nr_polyfit_config_init (&config);
      config.degree = cases[i].degree;
      config.target = cases[i].target;
      config.lo = cases[i].lo;
      config.hi = cases[i].hi;
      fit = nr_polyfit_new (&config, NULL);
      g_assert_nonnull (fit);
      note = nr_polyfit_degree_note (fit);
      g_test_message ("case %u: %s", i, note ? note : "(none)");
      if (cases[i].expect == NULL)
        g_assert_null (note);
      else
        g_assert_nonnull (strstr (note, cases[i].expect));
    }
}

static void
test_relative_residual (void)
{
  g_autoptr (NrPolyFit) line = new_fit (1, NR_POLYFIT_TARGET_SIN, 1e-6);

  /* Continuous limit: the best line through sin on [−π, π] is (3/π²) x and explains
   * 6/π² of the variance, so RMS error / SD = √(1 − 6/π²) = 0.626. */
  g_assert_cmpfloat_with_epsilon (nr_polyfit_get_relative_residual (line),
                                  sqrt (1.0 - 6.0 / (G_PI * G_PI)), 0.005);
  g_assert_cmpfloat_with_epsilon (nr_polyfit_get_least_squares (line, NULL)[1],
                                  3.0 / (G_PI * G_PI), 0.002);
}


/* A config that fails validation must say why in words of the failure. */
static void
assert_config_refused (const NrPolyFitConfig *config, const char *expected_substring)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrPolyFit) fit = nr_polyfit_new (config, &error);

  g_assert_null (fit);
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  g_test_message ("%s", error->message);
  if (strstr (error->message, expected_substring) == NULL)
    g_error ("“%s” should contain “%s”", error->message, expected_substring);
}

/* The limits are where doubles stop: n · x^(2·degree) · 1e4 = DBL_MAX, and
 * (width / 2)^degree = 1e4 / DBL_MAX. */
static void
test_interval_limits (void)
{
  double x3 = nr_polyfit_max_abs_x (3, 2000);
  double x9 = nr_polyfit_max_abs_x (9, 2000);
  double w3 = nr_polyfit_min_width (3);

  g_assert_cmpfloat_with_epsilon (log (2000.0) + 6.0 * log (x3) + log (1e4), log (DBL_MAX), 1e-9);
  g_assert_cmpfloat_with_epsilon (log (2000.0) + 18.0 * log (x9) + log (1e4), log (DBL_MAX), 1e-9);
  g_assert_cmpfloat_with_epsilon (3.0 * log (w3 / 2.0), log (1e4) - log (DBL_MAX), 1e-9);
  /* More points or a higher degree leave less room. */
  g_assert_cmpfloat (nr_polyfit_max_abs_x (3, 200000), <, x3);
  g_assert_cmpfloat (x9, <, x3);
  g_assert_cmpfloat (x3, >, 1.4e50);
  g_assert_cmpfloat (x3, <, 1.5e50);
}

/* Intervals a double cannot compute the fit on are refused up front with the reason, not
 * reported later as a divergence (“converges only below 0”) or a target “too large at
 * x = -nan”. */
static void
test_interval_too_far (void)
{
  NrPolyFitConfig config;

  nr_polyfit_config_init (&config);
  config.lo = 0.0;
  config.hi = 1e300;
  assert_config_refused (&config, "x = 1e+300 is too far from 0 for degree 3: the loss sums "
                                  "(x^3)² over the 2000 points, which would overflow a double "
                                  "(largest about 1.8e308). Keep the interval within ±1.4e+50.");
  /* hi − lo itself overflows here (linspace made NaN points of it). */
  config.lo = -1e308;
  config.hi = 1e308;
  assert_config_refused (&config, "x = 1e+308 is too far from 0 for degree 3");
  config.lo = -1e60;
  config.hi = 0.0;
  assert_config_refused (&config, "x = -1e+60 is too far from 0");

  /* exp(x)² overflows far sooner than x^6. */
  nr_polyfit_config_init (&config);
  config.target = NR_POLYFIT_TARGET_EXP;
  config.lo = 0.0;
  config.hi = 400.0;
  assert_config_refused (&config, "exp(x) is too large at x = 400 for the loss: it sums exp(x)² "
                                  "over the 2000 points, which would overflow a double (largest "
                                  "about 1.8e308). Keep the end of the interval at most 346.5.");

  nr_polyfit_config_init (&config);
  config.lo = 0.0;
  config.hi = 1e-200;
  assert_config_refused (&config, "The interval [0, 1e-200] is too narrow for degree 3");
}

/* Just inside the limits everything the fit reports is a finite number. */
static void
test_interval_at_limits (void)
{
  const struct {
    guint degree;
    NrPolyFitTarget target;
    double lo, hi;
  } cases[] = {
    { 3, NR_POLYFIT_TARGET_SIN, -1.0, 1.0 }, /* scaled by the limit below */
    { 9, NR_POLYFIT_TARGET_SIN, -1.0, 1.0 },
    { 1, NR_POLYFIT_TARGET_ABS, -1.0, 1.0 },
    { 3, NR_POLYFIT_TARGET_EXP, 0.0, 0.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrPolyFitConfig config;
      g_autoptr (GError) error = NULL;
      g_autoptr (NrPolyFit) fit = NULL;
      double lsq_loss;
      const double *lsq;

      nr_polyfit_config_init (&config);
      config.degree = cases[i].degree;
      config.target = cases[i].target;
      if (config.target == NR_POLYFIT_TARGET_EXP)
        {
          config.lo = 300.0;
          config.hi = 0.5 * (log (DBL_MAX) - log (1e4 * config.n_points)) * 0.999999;
        }
      else
        {
          double limit = nr_polyfit_max_abs_x (config.degree, config.n_points) * 0.999999;
          config.lo = cases[i].lo * limit;
          config.hi = cases[i].hi * limit;
        }
      fit = nr_polyfit_new (&config, &error);
      g_assert_no_error (error);
      g_test_message ("degree %u on [%g, %g]: loss %g, stable below %g", config.degree, config.lo,
                      config.hi, nr_polyfit_get_loss (fit),
                      nr_polyfit_max_stable_learning_rate (&config));
      g_assert_true (isfinite (nr_polyfit_get_loss (fit)));
      g_assert_cmpfloat (nr_polyfit_max_stable_learning_rate (&config), >, 0.0);
      lsq = nr_polyfit_get_least_squares (fit, &lsq_loss);
      g_assert_true (isfinite (lsq_loss));
      for (guint k = 0; k <= config.degree; k++)
        g_assert_true (isfinite (lsq[k]));
      /* One step at the stable rate keeps the loss finite. */
      config.learning_rate = 0.5 * nr_polyfit_max_stable_learning_rate (&config);
      g_clear_pointer (&fit, nr_polyfit_free);
      fit = nr_polyfit_new (&config, &error);
      g_assert_no_error (error);
      nr_polyfit_step (fit, 10);
      g_assert_false (nr_polyfit_get_diverged (fit, NULL));
    }
}

/* On a wide interval Σ x^6 is ~1e182: the power iteration must not overflow squaring it
 * (it returned 0, and the CLI advised "converges only below 0"). λmax is then Σ x^6 to
 * within 1e-60 of the other entries. */
static void
test_max_stable_learning_rate_wide (void)
{
  NrPolyFitConfig config;
  g_autoptr (NrPolyFit) fit = NULL;
  const double *x;
  double sum = 0.0;

  nr_polyfit_config_init (&config);
  config.lo = 0.0;
  config.hi = 1e30;
  fit = nr_polyfit_new (&config, NULL);
  g_assert_nonnull (fit);
  x = nr_polyfit_get_x (fit);
  for (guint i = 0; i < config.n_points; i++)
    sum += pow (x[i], 6.0);
  g_assert_cmpfloat_with_epsilon (nr_polyfit_max_stable_learning_rate (&config) * sum, 1.0,
                                  1e-9);
}

/* A reversed interval shows the digits that make it reversed. */
static void
test_interval_reversed_digits (void)
{
  NrPolyFitConfig config;

  nr_polyfit_config_init (&config);
  config.lo = 3.1415927;
  config.hi = 3.14159265;
  assert_config_refused (&config, "The interval [3.1415927, 3.14159265] is empty");
}

/* Too many points is not "cannot fit". */
static void
test_too_many_points (void)
{
  NrPolyFitConfig config;

  nr_polyfit_config_init (&config);
  config.n_points = NR_POLYFIT_MAX_POINTS + 1;
  assert_config_refused (&config, "1000001 points are too many: use from 4 to 1000000 points");
}

/* ---- neurona-cli fit ---- */

static void
test_cli_tutorial_output (void)
{
  g_auto (CliTestRun) run = { 0 };
  g_auto (GStrv) lines = NULL;
  g_autoptr (GRegex) loss_line = g_regex_new ("^(\\d+) ([0-9.e+-]+)$", 0, 0, NULL);
  g_autoptr (GRegex) result_line = g_regex_new (
    "^Result: y = (\\S+) \\+ (\\S+) x \\+ (\\S+) x\\^2 \\+ (\\S+) x\\^3$", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autoptr (NrPolyFit) fit = new_fit (3, NR_POLYFIT_TARGET_SIN, 1e-6);
  const double *loss;
  guint n;

  if (!cli_test_run (&run, "fit", NULL))
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  nr_polyfit_step (fit, 2000);
  loss = nr_polyfit_get_loss_history (fit, &n);

  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 22); /* 20 + Result + the empty tail */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr (GMatchInfo) m = NULL;
      g_autofree char *t = NULL;
      g_autofree char *value = NULL;

      g_assert_true (g_regex_match (loss_line, lines[i], 0, &m));
      t = g_match_info_fetch (m, 1);
      value = g_match_info_fetch (m, 2);
      g_assert_cmpuint (g_ascii_strtoull (t, NULL, 10), ==, 100 * i + 99);
      /* Shortest round-trip digits, as Python prints a float: the exact double. */
      g_assert_cmpfloat (g_ascii_strtod (value, NULL), ==, loss[100 * i + 99]);
    }
  g_assert_true (g_regex_match (result_line, lines[20], 0, &match));
  for (guint k = 0; k < 4; k++)
    {
      g_autofree char *value = g_match_info_fetch (match, k + 1);
      g_assert_cmpfloat (g_ascii_strtod (value, NULL), ==, nr_polyfit_get_coefficients (fit)[k]);
    }
  g_assert_cmpstr (lines[21], ==, "");
}

static void
test_cli_higher_degree (void)
{
  g_auto (CliTestRun) run = { 0 };
  g_autoptr (GRegex) result_line = g_regex_new (
    "^Result: y = \\S+ \\+ \\S+ x \\+ \\S+ x\\^2 \\+ \\S+ x\\^3 \\+ \\S+ x\\^4 \\+ \\S+ x\\^5$",
    G_REGEX_MULTILINE, 0, NULL);

  if (!cli_test_run (&run, "fit", "--degree", "5", "--learning-rate", "5e-8", "--iterations",
                     "300", "--seed", "3", NULL))
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (cli_test_count_lines (run.out), ==, 4); /* 99, 199, 299, Result */
  g_assert_true (g_regex_match (result_line, run.out, 0, NULL));
}

static void
test_cli_json (void)
{
  g_auto (CliTestRun) run = { 0 };
  g_auto (GStrv) lines = NULL;
  const char *json;
  guint n;
  g_autoptr (GRegex) coefficients = g_regex_new (
    "\"coefficients\":\\[([^,]+),([^,]+),([^,]+),([^,\\]]+)\\]", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autoptr (NrPolyFit) fit = new_fit (3, NR_POLYFIT_TARGET_SIN, 1e-6);
  g_autoptr (GRegex) final_loss = g_regex_new ("\"final_loss\":([0-9.e+-]+)", 0, 0, NULL);
  g_autoptr (GMatchInfo) loss_match = NULL;
  g_autofree char *loss_text = NULL;
  const char *keys[] = {
    "\"final_loss\":",
    "\"least_squares_coefficients\":[",
    "\"taylor_coefficients\":[0.0,1.0,0.0,-0.16666666666666666]",
    "\"diverged\":false",
    "\"diverged_iteration\":null",
    "\"iterations\":2000",
    "\"degree\":3",
    "\"target\":\"sin\"",
    "\"degree_note\":null",
  };

  if (!cli_test_run (&run, "fit", "--json", NULL))
    return;
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, ==, 23);
  json = lines[n - 2];
  g_assert_true (g_str_has_prefix (json, "{"));
  g_assert_true (g_str_has_suffix (json, "}"));
  g_assert_true (g_str_has_prefix (lines[20], "Result: y = "));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strstr (json, keys[i]) == NULL)
      g_error ("%s missing from %s", keys[i], json);

  nr_polyfit_step (fit, 2000);
  g_assert_true (g_regex_match (coefficients, json, 0, &match));
  for (guint k = 0; k < 4; k++)
    {
      g_autofree char *value = g_match_info_fetch (match, k + 1);
      g_assert_cmpfloat (g_ascii_strtod (value, NULL), ==, nr_polyfit_get_coefficients (fit)[k]);
    }
  g_assert_true (g_regex_match (final_loss, json, 0, &loss_match));
  loss_text = g_match_info_fetch (loss_match, 1);
  g_assert_cmpfloat (g_ascii_strtod (loss_text, NULL), ==, nr_polyfit_get_loss (fit));
  g_assert_cmpfloat (g_ascii_strtod (loss_text, NULL), <, 20.0);
}

static void
test_cli_divergence (void)
{
  g_auto (CliTestRun) run = { 0 };
  g_auto (CliTestRun) json = { 0 };

  if (!cli_test_run (&run, "fit", "--learning-rate", "1e-3", NULL))
    return;
  g_assert_cmpint (run.status, ==, 3);
  g_assert_null (strstr (run.out, "Result"));
  g_assert_cmpuint (cli_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "diverged at iteration 1"));

  cli_test_run (&json, "fit", "--learning-rate", "1e-3", "--json", NULL);
  g_assert_cmpint (json.status, ==, 3);
  g_assert_nonnull (strstr (json.out, "\"diverged\":true"));
  g_assert_nonnull (strstr (json.out, "\"diverged_iteration\":1"));
}

static void
test_cli_bad_options (void)
{
  const char *cases[][3] = {
    { "--degree", "0" },
    { "--degree", "10" },
    { "--degree", "three" },
    { "--degree", "-1" },
    { "--points", "3" },
    { "--points", "1.5" },
    { "--learning-rate", "-1e-6" },
    { "--learning-rate", "0" },
    { "--learning-rate", "fast" },
    { "--learning-rate", "1e-6x" },
    { "--learning-rate", "nan" },
    { "--target", "tan" },
    { "--iterations", "0" },
    { "--iterations", "99999999999" },
    { "--seed", "-3" },
    { "--lo", "4", },
    { "--bogus" },
    { "stray" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (CliTestRun) run = { 0 };

      if (!cli_test_run (&run, "fit", cases[i][0], cases[i][1], NULL))
        return;
      g_test_message ("%s %s → %d: %s", cases[i][0], cases[i][1] ? cases[i][1] : "", run.status,
                      run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpuint (cli_test_count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "neurona-cli fit: "));
    }
}

static void
test_cli_help (void)
{
  g_auto (CliTestRun) run = { 0 };

  if (!cli_test_run (&run, "fit", "--help", NULL))
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--learning-rate"));
  g_assert_nonnull (strstr (run.out, "3  gradient descent diverged"));
}

static void
test_cli_degree_note (void)
{
  g_auto (CliTestRun) run = { 0 };

  if (!cli_test_run (&run, "fit", "--degree", "1", "--iterations", "100", "--json", NULL))
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Degree 1 is too low"));
  g_assert_nonnull (strstr (run.out, "\"degree_note\":\"Degree 1 is too low"));
}


/* The option errors' contract: status 2, nothing on stdout, one line on stderr saying why. */
static void
assert_fit_refused (CliTestRun *run, const char *expected_substring)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (cli_test_count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "neurona-cli fit: "));
  if (strstr (run->err, expected_substring) == NULL)
    g_error ("stderr “%s” should contain “%s”", run->err, expected_substring);
}

static void
test_cli_impossible_interval (void)
{
  const char *cases[][5] = {
    { "--lo", "0", "--hi", "1e300", "x = 1e+300 is too far from 0 for degree 3" },
    { "--lo", "-1e308", "--hi", "1e308", "x = 1e+308 is too far from 0 for degree 3" },
    { "--target", "exp", "--hi", "400", "exp(x) is too large at x = 400" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (CliTestRun) run = { 0 };

      if (!cli_test_run (&run, "fit", cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL))
        return;
      assert_fit_refused (&run, cases[i][4]);
      g_assert_null (strstr (run.err, "nan"));
      g_assert_null (strstr (run.err, "diverged"));
    }
}

/* Wide but computable: it diverges at the default rate, and says below which rate it
 * would not — a positive number, not 0. */
static void
test_cli_wide_interval_divergence (void)
{
  g_auto (CliTestRun) run = { 0 };
  const char *below;
  double rate;

  if (!cli_test_run (&run, "fit", "--lo", "0", "--hi", "1e30", NULL))
    return;
  g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, ==, 3);
  below = strstr (run.err, "converges only below ");
  g_assert_nonnull (below);
  rate = g_ascii_strtod (below + strlen ("converges only below "), NULL);
  g_assert_cmpfloat (rate, >, 1e-184);
  g_assert_cmpfloat (rate, <, 1e-182);
}

/* Numbers a double cannot hold, and whole numbers out of range, say so. */
static void
test_cli_number_range (void)
{
  const char *cases[][3] = {
    { "--learning-rate", "1e-320", "--learning-rate 1e-320 is too close to 0 for a double (the "
                                   "smallest with full precision is about 2.2e-308); the "
                                   "tutorial's rate is 1e-6" },
    { "--learning-rate", "1e999", "--learning-rate 1e999 is beyond the largest double (about "
                                  "1.8e308)" },
    { "--learning-rate", "-1e-400", "The learning rate must be a positive number" },
    { "--lo", "1e-400", "--lo 1e-400 is too close to 0 for a double" },
    { "--hi", "inf", "--hi must be a finite number, not “inf”" },
    { "--degree", "99999999999",
      "--degree must be a whole number from 1 to 9 (got “99999999999”)" },
    { "--iterations", "99999999999", "--iterations must be a whole number from 1 to 1000000" },
    { "--points", "2000000", "--points 2000000 is too many: use from 4 to 1000000 points" },
    { "--points", "3", "--points 3 is too few for degree 3: use from 4 to 1000000 points" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (CliTestRun) run = { 0 };

      if (!cli_test_run (&run, "fit", cases[i][0], cases[i][1], NULL))
        return;
      assert_fit_refused (&run, cases[i][2]);
    }
}

static void
test_cli_stdout_lost (void)
{
  g_auto (CliTestRun) full = { 0 };
  g_auto (CliTestRun) json = { 0 };
  g_auto (CliTestRun) closed = { 0 };

  if (!cli_test_run_stdout (&full, CLI_TEST_STDOUT_DEV_FULL, "fit", NULL))
    return;
  g_assert_cmpint (full.status, ==, 1);
  g_assert_cmpstr (full.err, ==,
                   "neurona-cli: cannot write to standard output: No space left on device\n");
  cli_test_run_stdout (&json, CLI_TEST_STDOUT_DEV_FULL, "fit", "--json", NULL);
  g_assert_cmpint (json.status, ==, 1);
  cli_test_run_stdout (&closed, CLI_TEST_STDOUT_CLOSED, "fit", NULL);
  g_assert_cmpint (closed.status, ==, 1);
  g_assert_cmpstr (closed.err, ==,
                   "neurona-cli: cannot write to standard output: Bad file descriptor\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/polyfit/config/defaults", test_config_defaults);
  g_test_add_func ("/core/polyfit/config/invalid", test_config_invalid);
  g_test_add_func ("/core/polyfit/targets", test_targets);
  g_test_add_func ("/core/polyfit/points-linspace", test_points_linspace);
  g_test_add_func ("/core/polyfit/eval", test_eval);
  g_test_add_func ("/core/polyfit/gradient-check", test_gradient_check);
  g_test_add_func ("/core/polyfit/gradient-hand-computed", test_gradient_hand_computed);
  g_test_add_func ("/core/polyfit/step-update", test_step_update);
  g_test_add_func ("/core/polyfit/initial-coefficients-seeded", test_initial_coefficients_seeded);
  g_test_add_func ("/core/polyfit/tutorial/monotonic", test_tutorial_monotonic);
  g_test_add_func ("/core/polyfit/tutorial/default-seed", test_tutorial_default_seed);
  g_test_add_func ("/core/polyfit/coefficient-history", test_coefficient_history);
  g_test_add_func ("/core/polyfit/least-squares/recovers-polynomial",
                   test_least_squares_recovers_polynomial);
  g_test_add_func ("/core/polyfit/least-squares/targets-that-are-polynomials",
                   test_least_squares_targets_that_are_polynomials);
  g_test_add_func ("/core/polyfit/least-squares/reference", test_least_squares_reference);
  g_test_add_func ("/core/polyfit/least-squares/is-the-limit", test_least_squares_is_the_limit);
  g_test_add_func ("/core/polyfit/least-squares/bad-data", test_least_squares_bad_data);
  g_test_add_func ("/core/polyfit/taylor", test_taylor);
  g_test_add_func ("/core/polyfit/divergence", test_divergence);
  g_test_add_func ("/core/polyfit/divergence-threshold", test_divergence_threshold);
  g_test_add_func ("/core/polyfit/max-stable-learning-rate", test_max_stable_learning_rate);
  g_test_add_func ("/core/polyfit/no-false-divergence", test_no_false_divergence);
  g_test_add_func ("/core/polyfit/degree-note", test_degree_note);
  g_test_add_func ("/core/polyfit/relative-residual", test_relative_residual);
  g_test_add_func ("/core/polyfit/config/interval-limits", test_interval_limits);
  g_test_add_func ("/core/polyfit/config/interval-too-far", test_interval_too_far);
  g_test_add_func ("/core/polyfit/config/interval-at-limits", test_interval_at_limits);
  g_test_add_func ("/core/polyfit/config/too-many-points", test_too_many_points);
  g_test_add_func ("/core/polyfit/config/interval-reversed-digits", test_interval_reversed_digits);
  g_test_add_func ("/core/polyfit/max-stable-learning-rate/wide-interval",
                   test_max_stable_learning_rate_wide);
  g_test_add_func ("/cli/fit/tutorial-output", test_cli_tutorial_output);
  g_test_add_func ("/cli/fit/higher-degree", test_cli_higher_degree);
  g_test_add_func ("/cli/fit/json", test_cli_json);
  g_test_add_func ("/cli/fit/divergence", test_cli_divergence);
  g_test_add_func ("/cli/fit/bad-options", test_cli_bad_options);
  g_test_add_func ("/cli/fit/help", test_cli_help);
  g_test_add_func ("/cli/fit/degree-note", test_cli_degree_note);
  g_test_add_func ("/cli/fit/impossible-interval", test_cli_impossible_interval);
  g_test_add_func ("/cli/fit/wide-interval-divergence", test_cli_wide_interval_divergence);
  g_test_add_func ("/cli/fit/number-range", test_cli_number_range);
  g_test_add_func ("/cli/fit/stdout-lost", test_cli_stdout_lost);

  return g_test_run ();
}
