/* test-layers.c — each layer's backward against finite differences of its forward.
 *
 * The scalar loss is L = Σ r ⊙ y with fixed random r, so dL/dy = r. Forward values are
 * float; L is summed in double. The error metric is the max-norm relative error
 * max|analytic − numeric| / max|numeric|.
 */
#include <math.h>
#include <string.h>

#include <neurona/neurona.h>

#include "rng.h"

static void
fill_uniform (float *a, gsize n, float lo, float hi, guint64 seed)
{
  NrRng rng;

  nr_rng_seed (&rng, seed);
  for (gsize i = 0; i < n; i++)
    a[i] = nr_rng_uniform_range (&rng, lo, hi);
}

static double
dot_double (const float *a, const float *b, gsize n)
{
  double s = 0.0;

  for (gsize i = 0; i < n; i++)
    s += (double) a[i] * b[i];
  return s;
}

static double
max_rel_error (const float *analytic, const double *numeric, gsize n)
{
  double max_diff = 0.0, max_ref = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      max_diff = MAX (max_diff, fabs (analytic[i] - numeric[i]));
      max_ref = MAX (max_ref, fabs (numeric[i]));
    }
  g_assert_cmpfloat (max_ref, >, 0.0);
  return max_diff / max_ref;
}

/* ---- dense ---------------------------------------------------------------------------- */

enum { DB = 3, DIN = 5, DOUT = 4 };

static double
dense_loss (const float *x, const float *w, const float *b, const float *r)
{
  float y[DB * DOUT];

  nr_dense_forward (y, x, w, b, DB, DIN, DOUT);
  return dot_double (y, r, DB * DOUT);
}

/* Central difference of dense_loss with respect to v[i]. L is linear in every input, so
 * any step is exact up to rounding; a large one keeps rounding small. */
static void
numeric_grad (float *v, gsize n, double *out, const float *x, const float *w, const float *b,
              const float *r)
{
  const float h = 0.25f;

  for (gsize i = 0; i < n; i++)
    {
      float saved = v[i];
      double lp, lm;

      v[i] = saved + h;
      lp = dense_loss (x, w, b, r);
      v[i] = saved - h;
      lm = dense_loss (x, w, b, r);
      v[i] = saved;
      out[i] = (lp - lm) / (2.0 * h);
    }
}

static void
test_dense_forward_values (void)
{
  /* x = [[1, 2]], w = [[1, 2, 3], [4, 5, 6]], b = [0.5, -1, 0]
   * y = [1·1 + 2·4 + 0.5, 1·2 + 2·5 − 1, 1·3 + 2·6 + 0] = [9.5, 11, 15] */
  float x[2] = { 1, 2 };
  float w[6] = { 1, 2, 3, 4, 5, 6 };
  float b[3] = { 0.5f, -1, 0 };
  float y[3];

  nr_dense_forward (y, x, w, b, 1, 2, 3);
  g_assert_cmpfloat (y[0], ==, 9.5f);
  g_assert_cmpfloat (y[1], ==, 11.0f);
  g_assert_cmpfloat (y[2], ==, 15.0f);
}

static void
test_dense_gradient_check (void)
{
  float x[DB * DIN], w[DIN * DOUT], b[DOUT], r[DB * DOUT];
  float dx[DB * DIN], dw[DIN * DOUT], db[DOUT];
  double nx[DB * DIN], nw[DIN * DOUT], nb[DOUT];

  fill_uniform (x, G_N_ELEMENTS (x), -1, 1, 1);
  fill_uniform (w, G_N_ELEMENTS (w), -1, 1, 2);
  fill_uniform (b, G_N_ELEMENTS (b), -1, 1, 3);
  fill_uniform (r, G_N_ELEMENTS (r), -1, 1, 4);
  /* Garbage in the outputs: backward must overwrite, not accumulate. */
  for (gsize i = 0; i < G_N_ELEMENTS (dw); i++)
    dw[i] = 1e3f;
  for (gsize i = 0; i < G_N_ELEMENTS (db); i++)
    db[i] = 1e3f;

  nr_dense_backward (dx, dw, db, r, x, w, DB, DIN, DOUT);
  numeric_grad (x, G_N_ELEMENTS (x), nx, x, w, b, r);
  numeric_grad (w, G_N_ELEMENTS (w), nw, x, w, b, r);
  numeric_grad (b, G_N_ELEMENTS (b), nb, x, w, b, r);

  g_assert_cmpfloat (max_rel_error (dx, nx, G_N_ELEMENTS (dx)), <, 1e-5);
  g_assert_cmpfloat (max_rel_error (dw, nw, G_N_ELEMENTS (dw)), <, 1e-5);
  g_assert_cmpfloat (max_rel_error (db, nb, G_N_ELEMENTS (db)), <, 1e-5);
}

static void
test_dense_backward_null_dx (void)
{
  float x[DB * DIN], w[DIN * DOUT], r[DB * DOUT];
  float dw1[DIN * DOUT], db1[DOUT], dw2[DIN * DOUT], db2[DOUT], dx[DB * DIN];

  fill_uniform (x, G_N_ELEMENTS (x), -1, 1, 5);
  fill_uniform (w, G_N_ELEMENTS (w), -1, 1, 6);
  fill_uniform (r, G_N_ELEMENTS (r), -1, 1, 7);
  nr_dense_backward (dx, dw1, db1, r, x, w, DB, DIN, DOUT);
  nr_dense_backward (NULL, dw2, db2, r, x, w, DB, DIN, DOUT);
  g_assert_cmpmem (dw1, sizeof dw1, dw2, sizeof dw2);
  g_assert_cmpmem (db1, sizeof db1, db2, sizeof db2);
}

/* ---- activations ---------------------------------------------------------------------- */

static void
test_activation_values (void)
{
  const float x[4] = { -2.0f, -0.5f, 0.0f, 1.5f };
  struct {
    NrActivation act;
    float y[4];
  } cases[] = {
    { NR_ACTIVATION_LINEAR, { -2.0f, -0.5f, 0.0f, 1.5f } },
    { NR_ACTIVATION_RELU, { 0.0f, 0.0f, 0.0f, 1.5f } },
    /* 1 / (1 + e^2) = 0.1192029, 1 / (1 + e^0.5) = 0.3775407, 1 / (1 + e^-1.5) = 0.8175745 */
    { NR_ACTIVATION_SIGMOID, { 0.1192029f, 0.3775407f, 0.5f, 0.8175745f } },
    { NR_ACTIVATION_TANH, { -0.9640276f, -0.4621172f, 0.0f, 0.9051483f } },
    /* slope 0.3 below zero */
    { NR_ACTIVATION_LEAKY_RELU, { -0.6f, -0.15f, 0.0f, 1.5f } },
    /* e^-2 − 1 = −0.8646647, e^-0.5 − 1 = −0.3934693 */
    { NR_ACTIVATION_ELU, { -0.8646647f, -0.3934693f, 0.0f, 1.5f } },
    /* 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))): −0.0454023, −0.1542859, 0, 1.3995715 */
    { NR_ACTIVATION_GELU, { -0.0454023f, -0.1542859f, 0.0f, 1.3995715f } },
  };

  g_assert_cmpint (G_N_ELEMENTS (cases), ==, NR_N_ACTIVATIONS);
  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      float y[4];

      nr_activation_forward (cases[c].act, y, x, 4);
      for (int i = 0; i < 4; i++)
        g_assert_cmpfloat_with_epsilon (y[i], cases[c].y[i], 2e-6);
    }
}

static void
test_activation_gradient_check (void)
{
  enum { N = 64 };
  float x[N], y[N], dy[N], dx[N];
  double num[N];

  /* Values away from 0 so that no step crosses a kink (relu, leaky relu, elu). */
  fill_uniform (x, N, -3, 3, 11);
  for (int i = 0; i < N; i++)
    if (fabsf (x[i]) < 0.05f)
      x[i] = 0.3f;
  fill_uniform (dy, N, -1, 1, 12);

  for (int a = 0; a < NR_N_ACTIVATIONS; a++)
    {
      const float h = 1e-3f;

      g_test_message ("activation %s", nr_activation_name (a));
      nr_activation_forward (a, y, x, N);
      nr_activation_backward (a, dx, dy, x, y, N);
      for (int i = 0; i < N; i++)
        {
          float xp = x[i] + h, xm = x[i] - h, yp, ym;
          nr_activation_forward (a, &yp, &xp, 1);
          nr_activation_forward (a, &ym, &xm, 1);
          num[i] = dy[i] * ((double) yp - ym) / ((double) xp - xm);
        }
      g_assert_cmpfloat (max_rel_error (dx, num, N), <, 1e-3);
    }
}

static void
test_activation_in_place (void)
{
  /* y may alias x and dx may alias dy: the trainer relies on it. */
  enum { N = 16 };
  float x[N], y[N], dy[N], dx[N], buf[N];

  fill_uniform (x, N, -2, 2, 13);
  fill_uniform (dy, N, -1, 1, 14);
  for (int a = 0; a < NR_N_ACTIVATIONS; a++)
    {
      nr_activation_forward (a, y, x, N);
      memcpy (buf, x, sizeof buf);
      nr_activation_forward (a, buf, buf, N);
      g_assert_cmpmem (buf, sizeof buf, y, sizeof y);

      nr_activation_backward (a, dx, dy, x, y, N);
      memcpy (buf, dy, sizeof buf);
      nr_activation_backward (a, buf, buf, x, y, N);
      g_assert_cmpmem (buf, sizeof buf, dx, sizeof dx);
    }
}

static void
test_activation_extremes (void)
{
  /* No NaN from exp overflow at large magnitudes. */
  const float x[4] = { -1e4f, -100.0f, 100.0f, 1e4f };
  float y[4];

  for (int a = 0; a < NR_N_ACTIVATIONS; a++)
    {
      nr_activation_forward (a, y, x, 4);
      for (int i = 0; i < 4; i++)
        g_assert_true (isfinite (y[i]));
    }
  nr_activation_forward (NR_ACTIVATION_SIGMOID, y, x, 4);
  g_assert_cmpfloat (y[0], ==, 0.0f);
  g_assert_cmpfloat (y[3], ==, 1.0f);
}

static void
test_activation_nan_propagates (void)
{
  /* A NaN must reach the loss so that the trainer sees the divergence; relu in particular
   * must not map it to 0. 20 values so relu's vector blocks and its tail both run. */
  float x[20], y[20];

  for (int i = 0; i < 20; i++)
    x[i] = i % 2 ? NAN : -1.0f;
  for (int a = 0; a < NR_N_ACTIVATIONS; a++)
    {
      nr_activation_forward (a, y, x, 20);
      g_assert_true (isnan (y[1]));
      g_assert_true (isnan (y[19]));
      g_assert_false (isnan (y[18]));
    }
}

static void
test_activation_names (void)
{
  NrActivation act;

  for (int a = 0; a < NR_N_ACTIVATIONS; a++)
    {
      g_assert_true (nr_activation_from_name (nr_activation_name (a), &act));
      g_assert_cmpint (act, ==, a);
    }
  g_assert_cmpstr (nr_activation_name (NR_ACTIVATION_LEAKY_RELU), ==, "leaky_relu");
  g_assert_true (nr_activation_from_name ("ReLU", &act));
  g_assert_cmpint (act, ==, NR_ACTIVATION_RELU);
  g_assert_false (nr_activation_from_name ("softmax", &act));
  g_assert_false (nr_activation_from_name ("", &act));
}

/* ---- dropout -------------------------------------------------------------------------- */

static void
test_dropout_gradient_check (void)
{
  enum { N = 40 };
  const float rate = 0.25f;
  const guint64 state0 = 1234;
  float x[N], y[N], mask[N], r[N], dx[N];
  double num[N];
  guint64 state = state0;

  fill_uniform (x, N, -1, 1, 21);
  fill_uniform (r, N, -1, 1, 22);
  nr_dropout_forward (y, mask, x, N, rate, &state);
  nr_dropout_backward (dx, r, mask, N);

  /* Same starting state → same mask, so L(x) = Σ r · dropout(x) is a fixed linear map. */
  for (int i = 0; i < N; i++)
    {
      const float h = 0.25f;
      float saved = x[i], m2[N];
      double lp, lm;

      x[i] = saved + h;
      state = state0;
      nr_dropout_forward (y, m2, x, N, rate, &state);
      lp = dot_double (y, r, N);
      x[i] = saved - h;
      state = state0;
      nr_dropout_forward (y, m2, x, N, rate, &state);
      lm = dot_double (y, r, N);
      x[i] = saved;
      num[i] = (lp - lm) / (2.0 * h);
    }
  g_assert_cmpfloat (max_rel_error (dx, num, N), <, 1e-5);
}

static void
test_dropout_mask (void)
{
  enum { N = 100000 };
  const float rate = 0.2f;
  g_autofree float *x = g_new (float, N);
  g_autofree float *y = g_new (float, N);
  g_autofree float *mask = g_new (float, N);
  g_autofree float *mask2 = g_new (float, N);
  guint64 state = 7, state2 = 7;
  guint kept = 0;
  double sum = 0.0;

  for (int i = 0; i < N; i++)
    x[i] = 1.0f;
  nr_dropout_forward (y, mask, x, N, rate, &state);
  for (int i = 0; i < N; i++)
    {
      /* inverted dropout: 0 or 1 / (1 − 0.2) = 1.25 */
      g_assert_true (mask[i] == 0.0f || mask[i] == 1.25f);
      g_assert_cmpfloat (y[i], ==, x[i] * mask[i]);
      kept += mask[i] != 0.0f;
      sum += y[i];
    }
  /* Binomial(100000, 0.8): σ ≈ 126, so ± 1000 is ~8σ. */
  g_assert_cmpuint (kept, >, 80000 - 1000);
  g_assert_cmpuint (kept, <, 80000 + 1000);
  /* The expected value is preserved: mean of y ≈ 1. */
  g_assert_cmpfloat_with_epsilon (sum / N, 1.0, 0.02);

  /* Deterministic from the state, and the state advances. */
  nr_dropout_forward (y, mask2, x, N, rate, &state2);
  g_assert_cmpmem (mask, N * sizeof (float), mask2, N * sizeof (float));
  g_assert_cmpuint (state, ==, state2);
  g_assert_cmpuint (state, !=, 7);
  nr_dropout_forward (y, mask2, x, N, rate, &state2);
  g_assert_true (memcmp (mask, mask2, N * sizeof (float)) != 0);
}

/* ---- softmax cross-entropy ------------------------------------------------------------ */

static void
test_softmax_xent_values (void)
{
  /* logits [0, ln 2, ln 5] → exp = [1, 2, 5], sum 8, probs [1/8, 1/4, 5/8].
   * Label 2: loss = −ln(5/8) = 0.4700036; label 0: −ln(1/8) = 2.0794415.
   * Mean over the two rows (same logits) = 1.2747226. argmax = 2 → one correct. */
  float logits[6] = { 0.0f, logf (2.0f), logf (5.0f), 0.0f, logf (2.0f), logf (5.0f) };
  guint8 labels[2] = { 2, 0 };
  float probs[6];
  guint correct = 99;
  double loss;

  loss = nr_softmax_xent_forward (probs, logits, labels, 2, 3, &correct);
  g_assert_cmpfloat_with_epsilon (loss, 1.2747226, 1e-6);
  g_assert_cmpuint (correct, ==, 1);
  g_assert_cmpfloat_with_epsilon (probs[0], 0.125, 1e-7);
  g_assert_cmpfloat_with_epsilon (probs[1], 0.25, 1e-7);
  g_assert_cmpfloat_with_epsilon (probs[2], 0.625, 1e-7);
}

static void
test_softmax_xent_gradient_check (void)
{
  enum { B = 4, C = 5 };
  float logits[B * C], probs[B * C], dlogits[B * C];
  double num[B * C];
  const guint8 labels[B] = { 0, 3, 4, 3 };

  fill_uniform (logits, B * C, -3, 3, 31);
  nr_softmax_xent_forward (probs, logits, labels, B, C, NULL);
  nr_softmax_xent_backward (dlogits, probs, labels, B, C);

  for (int i = 0; i < B * C; i++)
    {
      const float h = 1e-2f;
      float saved = logits[i];
      double lp, lm;

      logits[i] = saved + h;
      lp = nr_softmax_xent_forward (probs, logits, labels, B, C, NULL);
      logits[i] = saved - h;
      lm = nr_softmax_xent_forward (probs, logits, labels, B, C, NULL);
      logits[i] = saved;
      num[i] = (lp - lm) / (2.0 * h);
    }
  g_assert_cmpfloat (max_rel_error (dlogits, num, B * C), <, 1e-3);
}

static void
test_softmax_xent_large_logits (void)
{
  /* exp(1e4) overflows float and double: log-sum-exp must not. Row 0: label has the big
   * logit → loss ≈ 0; row 1: label is 2e4 below the max → loss = 2e4. */
  float logits[6] = { 1e4f, -1e4f, 0.0f, 1e4f, 0.0f, -1e4f };
  guint8 labels[2] = { 0, 2 };
  float probs[6], dlogits[6];
  guint correct;
  double loss;

  loss = nr_softmax_xent_forward (probs, logits, labels, 2, 3, &correct);
  g_assert_true (isfinite (loss));
  g_assert_cmpfloat_with_epsilon (loss, (0.0 + 2e4) / 2, 1e-3);
  g_assert_cmpuint (correct, ==, 1);
  for (int i = 0; i < 6; i++)
    g_assert_true (isfinite (probs[i]));
  g_assert_cmpfloat (probs[0], ==, 1.0f);
  g_assert_cmpfloat (probs[1], ==, 0.0f);
  nr_softmax_xent_backward (dlogits, probs, labels, 2, 3);
  for (int i = 0; i < 6; i++)
    g_assert_true (isfinite (dlogits[i]));
  /* row 1: (p − onehot) / B = ([1, 0, 0] − [0, 0, 1]) / 2 */
  g_assert_cmpfloat (dlogits[3], ==, 0.5f);
  g_assert_cmpfloat (dlogits[5], ==, -0.5f);
}

static void
test_softmax_xent_nan_propagates (void)
{
  /* A NaN or infinite logit must give a non-finite loss (the trainer's divergence signal). */
  float logits[3] = { 1.0f, NAN, 0.0f };
  float inf_logits[3] = { INFINITY, 0.0f, 0.0f };
  guint8 label = 0;
  float probs[3];

  g_assert_false (isfinite (nr_softmax_xent_forward (probs, logits, &label, 1, 3, NULL)));
  g_assert_false (isfinite (nr_softmax_xent_forward (probs, inf_logits, &label, 1, 3, NULL)));
}

static void
test_softmax_rows (void)
{
  float x[6] = { 1, 2, 3, 1000, 1000, 1000 };

  nr_softmax (x, 2, 3);
  /* e^0 : e^1 : e^2 normalised = 0.0900306, 0.2447285, 0.6652410 */
  g_assert_cmpfloat_with_epsilon (x[0], 0.0900306f, 1e-6);
  g_assert_cmpfloat_with_epsilon (x[1], 0.2447285f, 1e-6);
  g_assert_cmpfloat_with_epsilon (x[2], 0.6652410f, 1e-6);
  for (int i = 3; i < 6; i++)
    g_assert_cmpfloat_with_epsilon (x[i], 1.0f / 3.0f, 1e-6);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/dense/forward-values", test_dense_forward_values);
  g_test_add_func ("/core/dense/gradient-check", test_dense_gradient_check);
  g_test_add_func ("/core/dense/backward-without-dx", test_dense_backward_null_dx);
  g_test_add_func ("/core/activation/values", test_activation_values);
  g_test_add_func ("/core/activation/gradient-check", test_activation_gradient_check);
  g_test_add_func ("/core/activation/in-place", test_activation_in_place);
  g_test_add_func ("/core/activation/extremes", test_activation_extremes);
  g_test_add_func ("/core/activation/nan-propagates", test_activation_nan_propagates);
  g_test_add_func ("/core/activation/names", test_activation_names);
  g_test_add_func ("/core/dropout/gradient-check", test_dropout_gradient_check);
  g_test_add_func ("/core/dropout/mask", test_dropout_mask);
  g_test_add_func ("/core/softmax-xent/values", test_softmax_xent_values);
  g_test_add_func ("/core/softmax-xent/gradient-check", test_softmax_xent_gradient_check);
  g_test_add_func ("/core/softmax-xent/large-logits", test_softmax_xent_large_logits);
  g_test_add_func ("/core/softmax-xent/non-finite", test_softmax_xent_nan_propagates);
  g_test_add_func ("/core/softmax/rows", test_softmax_rows);

  return g_test_run ();
}
