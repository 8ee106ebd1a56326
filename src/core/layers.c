/* layers.c — forward and backward of each layer (see layers.h).
 *
 * Pure functions over float arrays, one pair per layer as in llm.c. The dense layer hands
 * its matrix products to the kernels (kernels.h); everything else is elementwise and cheap
 * next to them.
 */
#include <math.h>
#include <string.h>

#include "neurona/layers.h"

#include "kernels.h"
#include "rng.h"

#define LEAKY_RELU_SLOPE 0.3f /* Keras' LeakyReLU default */
#define GELU_C 0.7978845608028654f /* √(2/π) */
#define GELU_A 0.044715f

/* ---- dense ---------------------------------------------------------------------------- */

void
nr_dense_forward (float *y, const float *x, const float *w, const float *b, int B, int in,
                  int out)
{
  /* y starts as the broadcast bias, then the product is accumulated onto it. */
  for (int i = 0; i < B; i++)
    memcpy (y + (gsize) i * out, b, sizeof (float) * out);
  nr_gemm_nn (B, out, in, x, w, y, TRUE);
}

void
nr_dense_backward (float *dx, float *dw, float *db, const float *dy, const float *x,
                   const float *w, int B, int in, int out)
{
  /* dw: (in, out) = xᵀ (in, B) · dy (B, out) */
  nr_gemm_tn (in, out, B, x, dy, dw, FALSE);

  memset (db, 0, sizeof (float) * out);
  for (int i = 0; i < B; i++)
    {
      const float *row = dy + (gsize) i * out;
      for (int j = 0; j < out; j++)
        db[j] += row[j];
    }

  /* dx: (B, in) = dy (B, out) · wᵀ (out, in); the first layer has no use for it. */
  if (dx != NULL)
    nr_gemm_nt (B, in, out, dy, w, dx, FALSE);
}

/* ---- activations ---------------------------------------------------------------------- */

static inline float
sigmoid (float x)
{
  /* Never exponentiates a large positive number, so no inf/inf. */
  float e;

  if (x >= 0.0f)
    return 1.0f / (1.0f + expf (-x));
  e = expf (x);
  return e / (1.0f + e);
}

void
nr_activation_forward (NrActivation act, float *y, const float *x, gsize n)
{
  switch (act)
    {
    case NR_ACTIVATION_LINEAR:
      if (y != x)
        memmove (y, x, sizeof (float) * n);
      break;
    case NR_ACTIVATION_RELU:
      /* "0 > x ? 0 : x" is exactly MAXPS (0, x): branch-free, vectorised by blocks, and a
       * NaN passes through (so a diverged layer is not silently zeroed). */
      {
        gsize i = 0;
        for (; i + 16 <= n; i += 16)
          {
            /* through a local block: y may alias x, and all loads then come first */
            float t[16];
            for (int k = 0; k < 16; k++)
              t[k] = 0.0f > x[i + k] ? 0.0f : x[i + k];
            memcpy (y + i, t, sizeof t);
          }
        for (; i < n; i++)
          y[i] = 0.0f > x[i] ? 0.0f : x[i];
      }
      break;
    case NR_ACTIVATION_SIGMOID:
      for (gsize i = 0; i < n; i++)
        y[i] = sigmoid (x[i]);
      break;
    case NR_ACTIVATION_TANH:
      for (gsize i = 0; i < n; i++)
        y[i] = tanhf (x[i]);
      break;
    case NR_ACTIVATION_LEAKY_RELU:
      for (gsize i = 0; i < n; i++)
        y[i] = x[i] > 0.0f ? x[i] : LEAKY_RELU_SLOPE * x[i];
      break;
    case NR_ACTIVATION_ELU:
      for (gsize i = 0; i < n; i++)
        y[i] = x[i] > 0.0f ? x[i] : expm1f (x[i]);
      break;
    case NR_ACTIVATION_GELU:
      for (gsize i = 0; i < n; i++)
        {
          float v = x[i];
          y[i] = 0.5f * v * (1.0f + tanhf (GELU_C * (v + GELU_A * v * v * v)));
        }
      break;
    case NR_N_ACTIVATIONS:
    default:
      g_assert_not_reached ();
    }
}

void
nr_activation_backward (NrActivation act, float *dx, const float *dy, const float *x,
                        const float *y, gsize n)
{
  switch (act)
    {
    case NR_ACTIVATION_LINEAR:
      if (dx != dy)
        memmove (dx, dy, sizeof (float) * n);
      break;
    case NR_ACTIVATION_RELU:
      {
        gsize i = 0;
        for (; i + 16 <= n; i += 16)
          {
            float t[16];
            for (int k = 0; k < 16; k++)
              t[k] = x[i + k] > 0.0f ? dy[i + k] : 0.0f;
            memcpy (dx + i, t, sizeof t);
          }
        for (; i < n; i++)
          dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
      }
      break;
    case NR_ACTIVATION_SIGMOID:
      for (gsize i = 0; i < n; i++)
        dx[i] = dy[i] * y[i] * (1.0f - y[i]);
      break;
    case NR_ACTIVATION_TANH:
      for (gsize i = 0; i < n; i++)
        dx[i] = dy[i] * (1.0f - y[i] * y[i]);
      break;
    case NR_ACTIVATION_LEAKY_RELU:
      for (gsize i = 0; i < n; i++)
        dx[i] = x[i] > 0.0f ? dy[i] : LEAKY_RELU_SLOPE * dy[i];
      break;
    case NR_ACTIVATION_ELU:
      /* d/dx (eˣ - 1) = eˣ = y + 1 */
      for (gsize i = 0; i < n; i++)
        dx[i] = x[i] > 0.0f ? dy[i] : dy[i] * (y[i] + 1.0f);
      break;
    case NR_ACTIVATION_GELU:
      for (gsize i = 0; i < n; i++)
        {
          float v = x[i];
          float t = tanhf (GELU_C * (v + GELU_A * v * v * v));
          float dt = GELU_C * (1.0f + 3.0f * GELU_A * v * v);
          dx[i] = dy[i] * (0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * dt);
        }
      break;
    case NR_N_ACTIVATIONS:
    default:
      g_assert_not_reached ();
    }
}

/* ---- dropout -------------------------------------------------------------------------- */

void
nr_dropout_forward (float *y, float *mask, const float *x, gsize n, float rate,
                    guint64 *rng_state)
{
  float scale;

  if (rate <= 0.0f)
    {
      for (gsize i = 0; i < n; i++)
        {
          mask[i] = 1.0f;
          y[i] = x[i];
        }
      return;
    }

  scale = 1.0f / (1.0f - rate);
  for (gsize i = 0; i < n; i++)
    {
      float u = nr_u64_to_unit_float (nr_splitmix64 (rng_state));
      mask[i] = u >= rate ? scale : 0.0f;
      y[i] = x[i] * mask[i];
    }
}

void
nr_dropout_backward (float *dx, const float *dy, const float *mask, gsize n)
{
  for (gsize i = 0; i < n; i++)
    dx[i] = dy[i] * mask[i];
}

/* ---- softmax cross-entropy ------------------------------------------------------------ */

double
nr_softmax_xent_forward (float *probs, const float *logits, const guint8 *labels, int B, int C,
                         guint *n_correct)
{
  double total = 0.0;
  guint correct = 0;

  for (int i = 0; i < B; i++)
    {
      const float *l = logits + (gsize) i * C;
      float *p = probs + (gsize) i * C;
      float max = l[0];
      int argmax = 0;
      double sum = 0.0;
      int label = labels[i];

      g_assert (label < C);
      for (int j = 1; j < C; j++)
        if (l[j] > max)
          {
            max = l[j];
            argmax = j;
          }
      /* log Σ exp(l) = max + log Σ exp(l - max): no overflow for logits like 1e4.
       * A NaN or inf logit turns the sum (and so the loss) into NaN, which the trainer
       * reports as divergence. */
      for (int j = 0; j < C; j++)
        {
          p[j] = expf (l[j] - max);
          sum += p[j];
        }
      for (int j = 0; j < C; j++)
        p[j] = (float) (p[j] / sum);
      total += (double) max + log (sum) - (double) l[label];
      correct += argmax == label;
    }

  if (n_correct != NULL)
    *n_correct = correct;
  return B > 0 ? total / B : 0.0;
}

void
nr_softmax_xent_backward (float *dlogits, const float *probs, const guint8 *labels, int B,
                          int C)
{
  float inv_b = 1.0f / (float) B;

  for (int i = 0; i < B; i++)
    {
      const float *p = probs + (gsize) i * C;
      float *d = dlogits + (gsize) i * C;
      for (int j = 0; j < C; j++)
        d[j] = p[j] * inv_b;
      d[labels[i]] -= inv_b;
    }
}

void
nr_softmax (float *x, int B, int C)
{
  for (int i = 0; i < B; i++)
    {
      float *row = x + (gsize) i * C;
      float max = row[0];
      float sum = 0.0f;

      for (int j = 1; j < C; j++)
        max = row[j] > max ? row[j] : max;
      for (int j = 0; j < C; j++)
        {
          row[j] = expf (row[j] - max);
          sum += row[j];
        }
      for (int j = 0; j < C; j++)
        row[j] /= sum;
    }
}
