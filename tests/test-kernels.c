/* test-kernels.c — every kernel against a double-precision reference, on every path.
 *
 * Each test runs on every path this build and CPU support (plain loops, OpenBLAS, AVX2,
 * AVX-512: see NrKernelPath), forced one after the other, so all are held to the same
 * reference and therefore agree with each other to within float rounding. Tolerances are
 * float rounding of a sum relative to the sum of its terms' magnitudes (a result that
 * cancels is no more exact than its terms), propagated through Adam where a result
 * depends on a computed gradient. Bit-identity is asserted where the contract promises
 * it: across column splits on 16-column boundaries on every path, and between the parts
 * and the whole, or the fused pass and the separate kernels, on every path but OpenBLAS.
 * meson runs this suite again under OPENBLAS_CORETYPE=Haswell, Zen and Sandybridge, the
 * kernels OpenBLAS picks on other CPUs.
 * Shapes include the odd ones (one row, K = 7, N = 10, widths that are not multiples of
 * 16, batches over 64) that exercise the masked tails of the vector code.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "kernels.h"
#include "neurona/layers.h"

typedef struct {
  int M, N, K;
} Shape;

static const Shape shapes[] = {
  { 1, 1, 1 }, { 1, 10, 7 }, { 7, 10, 1 }, { 5, 33, 17 }, { 32, 10, 128 }, { 128, 10, 32 },
  { 3, 130, 5 }, { 33, 200, 9 }, { 32, 128, 784 }, { 4, 64, 16 }, { 2, 17, 3 },
};

static const NrKernelPath every_path[] = {
  NR_KERNELS_LOOPS, NR_KERNELS_OPENBLAS, NR_KERNELS_AVX2, NR_KERNELS_AVX512,
};

/* Runs fn on each path this build and CPU support, forced, and returns to the default. */
static void
on_every_path (void (*fn) (NrKernelPath path))
{
  guint ran = 0;

  for (guint p = 0; p < G_N_ELEMENTS (every_path); p++)
    {
      if (!nr_kernels_supported (every_path[p]))
        {
          g_test_message ("path %s: not supported here", nr_kernels_path_name (every_path[p]));
          continue;
        }
      g_assert_true (nr_kernels_force (every_path[p]));
      g_assert_cmpstr (nr_kernels_describe (), ==, nr_kernels_path_name (every_path[p]));
      fn (every_path[p]);
      ran++;
    }
  g_assert_true (nr_kernels_force (NR_KERNELS_AUTO));
  g_assert_cmpuint (ran, >=, 1);
}

/* Whether the path gives the bits of the whole for a part of a matrix, and of the
 * separate kernels for the fused pass (kernels.h, NrKernelPath). */
static gboolean
parts_bit_exact (NrKernelPath path)
{
  return path != NR_KERNELS_OPENBLAS;
}

static void
fill_uniform (GRand *rand, float *x, gsize n, double lo, double hi)
{
  for (gsize i = 0; i < n; i++)
    x[i] = (float) g_rand_double_range (rand, lo, hi);
}

/* Pixels with about half of them zero, like a Fashion-MNIST image. */
static void
fill_pixels (GRand *rand, guint8 *x, gsize n, double zero_fraction)
{
  for (gsize i = 0; i < n; i++)
    x[i] = g_rand_double (rand) < zero_fraction ? 0 : (guint8) g_rand_int_range (rand, 1, 256);
}

/* |got - want| within float rounding of a sum whose terms have absolute sum `scale`. */
static void
assert_close (float got, double want, double scale, const char *what, int i, int j)
{
  double tol = 4e-6 * scale + 1e-30;
  if (!(fabs (got - want) <= tol))
    g_error ("%s[%d, %d] = %.9g, want %.9g (tolerance %.3g)", what, i, j, got, want, tol);
}

static void
make_lut (float *lut, gboolean normalize)
{
  for (int p = 0; p < 256; p++)
    lut[p] = normalize ? (float) p / 255.0f : (float) p;
}

/* ---- Generic products ------------------------------------------------------------- */

typedef enum { NN, TN, NT } GemmKind;

static void
check_gemm (GemmKind kind, NrKernelPath path)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7 + kind);

  for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (int accumulate = 0; accumulate <= 1; accumulate++)
      {
        int M = shapes[s].M, N = shapes[s].N, K = shapes[s].K;
        g_autofree float *A = g_new (float, (gsize) M * K);
        g_autofree float *B = g_new (float, (gsize) K * N);
        g_autofree float *C = g_new (float, (gsize) M * N);
        g_autofree float *C0 = g_new (float, (gsize) M * N);

        fill_uniform (rand, A, (gsize) M * K, -1, 1);
        fill_uniform (rand, B, (gsize) K * N, -1, 1);
        fill_uniform (rand, C0, (gsize) M * N, -1, 1);
        memcpy (C, C0, sizeof (float) * M * N);

        if (kind == NN)
          nr_gemm_nn (M, N, K, A, B, C, accumulate);
        else if (kind == TN)
          nr_gemm_tn (M, N, K, A, B, C, accumulate);
        else
          nr_gemm_nt (M, N, K, A, B, C, accumulate);

        for (int i = 0; i < M; i++)
          for (int j = 0; j < N; j++)
            {
              double want = accumulate ? C0[i * N + j] : 0.0, scale = fabs (want);
              for (int k = 0; k < K; k++)
                {
                  /* A is stored (M, K) for NN and NT, (K, M) for TN; B is (K, N) for NN
                   * and TN, (N, K) for NT. */
                  double a = kind == TN ? A[k * M + i] : A[i * K + k];
                  double b = kind == NT ? B[j * K + k] : B[k * N + j];
                  want += a * b;
                  scale += fabs (a * b);
                }
              assert_close (C[i * N + j], want, scale, nr_kernels_path_name (path), i, j);
            }
      }
}

static void gemm_nn (NrKernelPath path) { check_gemm (NN, path); }
static void gemm_tn (NrKernelPath path) { check_gemm (TN, path); }
static void gemm_nt (NrKernelPath path) { check_gemm (NT, path); }

static void
test_gemm_nn (void)
{
  on_every_path (gemm_nn);
}

static void
test_gemm_tn (void)
{
  on_every_path (gemm_tn);
}

static void
test_gemm_nt (void)
{
  on_every_path (gemm_nt);
}

/* ---- First layer on uint8 pixels -------------------------------------------------- */

typedef struct {
  int B, K, N, c0, c1;
} U8Shape;

static const U8Shape u8_shapes[] = {
  { 1, 1, 1, 0, 1 },      { 1, 7, 10, 0, 10 },   { 3, 7, 10, 2, 9 },     { 32, 784, 128, 0, 128 },
  { 32, 784, 128, 0, 64 }, { 32, 784, 128, 64, 128 }, { 70, 100, 33, 0, 33 }, { 5, 130, 200, 3, 190 },
  { 65, 64, 16, 0, 16 },  { 2, 65, 130, 1, 130 }, { 4, 10, 5, 2, 2 },
};

static void
u8_forward (NrKernelPath path)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);

  for (gsize s = 0; s < G_N_ELEMENTS (u8_shapes); s++)
    for (int normalize = 0; normalize <= 1; normalize++)
      for (int with_bias = 0; with_bias <= 1; with_bias++)
        {
          U8Shape sh = u8_shapes[s];
          g_autofree guint8 *px = g_new (guint8, (gsize) sh.B * sh.K);
          g_autofree const guint8 **rows = g_new (const guint8 *, sh.B);
          g_autofree float *w = g_new (float, (gsize) sh.K * sh.N);
          g_autofree float *b = g_new (float, sh.N);
          g_autofree float *y = g_new (float, (gsize) sh.B * sh.N);
          float lut[256];

          make_lut (lut, normalize);
          fill_pixels (rand, px, (gsize) sh.B * sh.K, 0.5);
          fill_uniform (rand, w, (gsize) sh.K * sh.N, -0.1, 0.1);
          fill_uniform (rand, b, sh.N, -0.1, 0.1);
          for (int i = 0; i < sh.B; i++)
            rows[i] = px + (gsize) i * sh.K;
          for (gsize i = 0; i < (gsize) sh.B * sh.N; i++)
            y[i] = 1234.5f; /* sentinel: columns outside [c0, c1) stay untouched */

          nr_dense_u8_forward (y, rows, lut, w, with_bias ? b : NULL, sh.B, sh.K, sh.N, sh.c0,
                               sh.c1);

          for (int i = 0; i < sh.B; i++)
            for (int j = 0; j < sh.N; j++)
              {
                double want = with_bias ? b[j] : 0.0, scale = fabs (want);

                if (j < sh.c0 || j >= sh.c1)
                  {
                    g_assert_cmpfloat (y[i * sh.N + j], ==, 1234.5f);
                    continue;
                  }
                for (int k = 0; k < sh.K; k++)
                  {
                    double t = (double) lut[rows[i][k]] * w[k * sh.N + j];
                    want += t;
                    scale += fabs (t);
                  }
                assert_close (y[i * sh.N + j], want, scale, "y", i, j);
              }
        }
}

static void
test_u8_forward (void)
{
  on_every_path (u8_forward);
}

static void
u8_weight_grad (NrKernelPath path)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (13);

  for (gsize s = 0; s < G_N_ELEMENTS (u8_shapes); s++)
    for (int normalize = 0; normalize <= 1; normalize++)
      {
        U8Shape sh = u8_shapes[s];
        g_autofree guint8 *px = g_new (guint8, (gsize) sh.B * sh.K);
        g_autofree const guint8 **rows = g_new (const guint8 *, sh.B);
        g_autofree float *dy = g_new (float, (gsize) sh.B * sh.N);
        g_autofree float *dw = g_new (float, (gsize) sh.K * sh.N);
        float lut[256];

        make_lut (lut, normalize);
        fill_pixels (rand, px, (gsize) sh.B * sh.K, 0.5);
        fill_uniform (rand, dy, (gsize) sh.B * sh.N, -1, 1);
        /* Rows in reverse order: the kernel must follow the pointers, not assume a block. */
        for (int i = 0; i < sh.B; i++)
          rows[i] = px + (gsize) (sh.B - 1 - i) * sh.K;
        for (gsize i = 0; i < (gsize) sh.K * sh.N; i++)
          dw[i] = 1234.5f;

        nr_dense_u8_weight_grad (dw, rows, lut, dy, sh.B, sh.K, sh.N, sh.c0, sh.c1);

        for (int k = 0; k < sh.K; k++)
          for (int j = 0; j < sh.N; j++)
            {
              double want = 0.0, scale = 0.0;

              if (j < sh.c0 || j >= sh.c1)
                {
                  g_assert_cmpfloat (dw[k * sh.N + j], ==, 1234.5f);
                  continue;
                }
              for (int i = 0; i < sh.B; i++)
                {
                  double t = (double) lut[rows[i][k]] * dy[i * sh.N + j];
                  want += t;
                  scale += fabs (t);
                }
              assert_close (dw[k * sh.N + j], want, scale, "dw", k, j);
            }
      }
}

static void
test_u8_weight_grad (void)
{
  on_every_path (u8_weight_grad);
}

/* ---- ReLU backward ---------------------------------------------------------------- */

static void
relu_backward (NrKernelPath path)
{
  static const gsize sizes[] = { 1, 15, 16, 17, 4096 };
  g_autoptr (GRand) rand = g_rand_new_with_seed (29);

  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int with_mask = 0; with_mask <= 1; with_mask++)
      {
        gsize n = sizes[s];
        g_autofree float *dy = g_new (float, n + 1);
        g_autofree float *z = g_new (float, n);
        g_autofree float *mask = g_new (float, n);
        g_autofree float *dx = g_new (float, n + 1);

        fill_uniform (rand, dy, n, -1, 1);
        fill_uniform (rand, z, n, -1, 1);
        for (gsize i = 0; i < n; i++)
          mask[i] = g_rand_boolean (rand) ? 1.25f : 0.0f; /* Dropout(0.2) */
        z[0] = 0.0f; /* exactly zero counts as off */
        dx[n] = 99.0f;

        /* In place, as the trainer calls it. */
        memcpy (dx, dy, n * sizeof (float));
        nr_kernel_relu_backward (dx, dx, z, with_mask ? mask : NULL, n);
        for (gsize i = 0; i < n; i++)
          {
            float want = z[i] > 0.0f ? dy[i] * (with_mask ? mask[i] : 1.0f) : 0.0f;
            g_assert_cmpfloat (dx[i], ==, want);
          }
        g_assert_cmpfloat (dx[n], ==, 99.0f);
      }
}

static void
test_relu_backward (void)
{
  on_every_path (relu_backward);
}

/* ---- Adam ------------------------------------------------------------------------- */

static void
adam (NrKernelPath path)
{
  static const gsize sizes[] = { 1, 7, 15, 16, 17, 33, 1000 };
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);

  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gsize n = sizes[s];
      g_autofree float *p = g_new (float, n + 1);
      g_autofree float *m = g_new (float, n + 1);
      g_autofree float *v = g_new (float, n + 1);
      g_autofree float *g = g_new (float, n);
      g_autofree float *p0 = g_new (float, n);
      g_autofree float *m0 = g_new (float, n);
      g_autofree float *v0 = g_new (float, n);
      const float lr_t = 1e-3f * sqrtf (1.0f - 0.999f * 0.999f) / (1.0f - 0.9f * 0.9f);

      fill_uniform (rand, p, n, -1, 1);
      fill_uniform (rand, m, n, -0.01, 0.01);
      fill_uniform (rand, v, n, 0, 1e-4);
      fill_uniform (rand, g, n, -0.1, 0.1);
      g[0] = 0.0f; /* an untouched pixel: only the moments decay */
      p[n] = m[n] = v[n] = 99.0f; /* sentinel past the end */
      memcpy (p0, p, n * sizeof (float));
      memcpy (m0, m, n * sizeof (float));
      memcpy (v0, v, n * sizeof (float));

      nr_kernel_adam (p, m, v, g, n, lr_t, 0.9f, 0.999f, 1e-7f);

      for (gsize i = 0; i < n; i++)
        {
          /* The constants as the kernel sees them: 1 - 0.999f is 0.00100005 in float. */
          double mw = (double) 0.9f * m0[i] + (double) (1.0f - 0.9f) * g[i];
          double vw = (double) 0.999f * v0[i] + (double) (1.0f - 0.999f) * g[i] * g[i];
          double pw = p0[i] - lr_t * mw / (sqrt (vw) + 1e-7);

          double m_scale = fabs (0.9 * m0[i]) + fabs (0.1 * g[i]);

          g_assert_cmpfloat_with_epsilon (m[i], mw, 1e-6 * m_scale + 1e-12);
          g_assert_cmpfloat_with_epsilon (v[i], vw, 1e-6 * fabs (vw) + 1e-15);
          /* The step itself is ~lr_t; hold it to float rounding of that step. */
          g_assert_cmpfloat_with_epsilon (p[i], pw, 1e-5 * fabs (pw - p0[i]) + 1.2e-7 * fabs (pw));
        }
      g_assert_cmpfloat (p[n], ==, 99.0f);
      g_assert_cmpfloat (m[n], ==, 99.0f);
      g_assert_cmpfloat (v[n], ==, 99.0f);
    }
}

static void
test_adam (void)
{
  on_every_path (adam);
}

/* First step from zero moments with g = ±1 and lr_t = 0.01, worked by hand with the float
 * constants: 1 - 0.9f = 0.100000024, 1 - 0.999f = 0.000999987, so
 * p = 1 ∓ 0.01 · 0.100000024 / (√0.000999987 + 1e-7) = 1 ∓ 0.03162289. A zero gradient
 * leaves the parameter alone. */
static void
adam_hand (NrKernelPath path)
{
  float p[3] = { 1, 1, 1 }, m[3] = { 0 }, v[3] = { 0 }, g[3] = { 1, -1, 0 };

  nr_kernel_adam (p, m, v, g, 3, 0.01f, 0.9f, 0.999f, 1e-7f);
  g_assert_cmpfloat_with_epsilon (m[0], 0.100000024f, 1e-8);
  g_assert_cmpfloat_with_epsilon (v[0], 0.000999987f, 1e-9);
  g_assert_cmpfloat_with_epsilon (p[0], 0.96837711f, 2e-7);
  g_assert_cmpfloat_with_epsilon (p[1], 1.03162289f, 2e-7);
  g_assert_cmpfloat (p[2], ==, 1.0f);
  g_assert_cmpfloat (m[2], ==, 0.0f);
}

static void
test_adam_hand (void)
{
  on_every_path (adam_hand);
}

/* ---- The fused first-layer update ------------------------------------------------- */

typedef struct {
  float *w, *m_w, *v_w, *b, *m_b, *v_b, *y_next;
} FusedState;

static FusedState
fused_state_new (GRand *rand, int K, int N, int B_next)
{
  FusedState st;
  st.w = g_new (float, (gsize) K * N);
  st.m_w = g_new (float, (gsize) K * N);
  st.v_w = g_new (float, (gsize) K * N);
  st.b = g_new (float, N);
  st.m_b = g_new (float, N);
  st.v_b = g_new (float, N);
  st.y_next = g_new (float, (gsize) B_next * N);
  fill_uniform (rand, st.w, (gsize) K * N, -0.1, 0.1);
  fill_uniform (rand, st.m_w, (gsize) K * N, -0.01, 0.01);
  fill_uniform (rand, st.v_w, (gsize) K * N, 0, 1e-4);
  fill_uniform (rand, st.b, N, -0.1, 0.1);
  fill_uniform (rand, st.m_b, N, -0.01, 0.01);
  fill_uniform (rand, st.v_b, N, 0, 1e-4);
  memset (st.y_next, 0, sizeof (float) * B_next * N);
  return st;
}

static FusedState
fused_state_copy (const FusedState *src, int K, int N, int B_next)
{
  FusedState st;
  st.w = g_memdup2 (src->w, sizeof (float) * K * N);
  st.m_w = g_memdup2 (src->m_w, sizeof (float) * K * N);
  st.v_w = g_memdup2 (src->v_w, sizeof (float) * K * N);
  st.b = g_memdup2 (src->b, sizeof (float) * N);
  st.m_b = g_memdup2 (src->m_b, sizeof (float) * N);
  st.v_b = g_memdup2 (src->v_b, sizeof (float) * N);
  st.y_next = g_memdup2 (src->y_next, sizeof (float) * B_next * N);
  return st;
}

static void
fused_state_clear (FusedState *st)
{
  g_free (st->w);
  g_free (st->m_w);
  g_free (st->v_w);
  g_free (st->b);
  g_free (st->m_b);
  g_free (st->v_b);
  g_free (st->y_next);
}

/* Float rounding of a result, relative to the magnitudes that made it. */
#define ROUNDING 4e-6

/* What one Adam step must give from p0, m0, v0 with a gradient known to be g ± g_tol (the
 * rounding of the sum that computed it), with the constants as the kernel sees them: the
 * tolerances carry g_tol through the moments, the square root and the division, plus the
 * rounding of each. */
typedef struct {
  double m, v, p;
  double m_tol, v_tol, p_tol;
} AdamExpect;

static AdamExpect
adam_expect (float p0, float m0, float v0, double g, double g_tol, const NrAdamStep *st)
{
  double b1 = st->b1, c1 = 1.0f - st->b1, b2 = st->b2, c2 = 1.0f - st->b2;
  double den, den_lo, step, step_hi;
  AdamExpect e;

  e.m = b1 * m0 + c1 * g;
  e.m_tol = c1 * g_tol + ROUNDING * (b1 * fabs (m0) + c1 * fabs (g));
  e.v = b2 * v0 + c2 * g * g;
  e.v_tol = c2 * (2 * fabs (g) * g_tol + g_tol * g_tol) + ROUNDING * (b2 * v0 + c2 * g * g);
  den = sqrt (e.v) + st->eps;
  den_lo = sqrt (MAX (e.v - e.v_tol, 0.0)) + st->eps;
  step = st->lr_t * e.m / den;
  step_hi = st->lr_t * (fabs (e.m) + e.m_tol) / den_lo;
  e.p = p0 - step;
  e.p_tol = (step_hi - fabs (step)) + ROUNDING * fabs (step) + 2 * FLT_EPSILON * fabs (e.p);
  return e;
}

static void
assert_adam_expect (const AdamExpect *e, float p, float m, float v, const char *what, gsize i)
{
  if (!(fabs (m - e->m) <= e->m_tol))
    g_error ("m_%s[%" G_GSIZE_FORMAT "] = %.9g, want %.9g ± %.3g", what, i, m, e->m, e->m_tol);
  if (!(fabs (v - e->v) <= e->v_tol))
    g_error ("v_%s[%" G_GSIZE_FORMAT "] = %.9g, want %.9g ± %.3g", what, i, v, e->v, e->v_tol);
  if (!(fabs (p - e->p) <= e->p_tol))
    g_error ("%s[%" G_GSIZE_FORMAT "] = %.9g, want %.9g ± %.3g", what, i, p, e->p, e->p_tol);
}

static void
assert_state_identical (const FusedState *a, const FusedState *b, int K, int N, int B_next)
{
  g_assert_cmpmem (a->w, sizeof (float) * K * N, b->w, sizeof (float) * K * N);
  g_assert_cmpmem (a->m_w, sizeof (float) * K * N, b->m_w, sizeof (float) * K * N);
  g_assert_cmpmem (a->v_w, sizeof (float) * K * N, b->v_w, sizeof (float) * K * N);
  g_assert_cmpmem (a->b, sizeof (float) * N, b->b, sizeof (float) * N);
  g_assert_cmpmem (a->m_b, sizeof (float) * N, b->m_b, sizeof (float) * N);
  g_assert_cmpmem (a->v_b, sizeof (float) * N, b->v_b, sizeof (float) * N);
  g_assert_cmpmem (a->y_next, sizeof (float) * B_next * N, b->y_next,
                   sizeof (float) * B_next * N);
}

/* got = start after one fused Adam step over weight rows [k0, k1) (bias too when k0 is
 * 0), against the double-precision gradient of rows: (B) K pixels each, dy: (B, N). */
static void
assert_fused_update (const FusedState *start, const FusedState *got, const guint8 *const *rows,
                     const float *dy, const float *lut, int B, int K, int N, int k0, int k1,
                     const NrAdamStep *step)
{
  for (int k = 0; k < K; k++)
    for (int j = 0; j < N; j++)
      {
        gsize q = (gsize) k * N + j;
        double gw = 0.0, g_scale = 0.0;
        AdamExpect e;

        if (k < k0 || k >= k1)
          {
            g_assert_cmpfloat (got->w[q], ==, start->w[q]);
            g_assert_cmpfloat (got->m_w[q], ==, start->m_w[q]);
            g_assert_cmpfloat (got->v_w[q], ==, start->v_w[q]);
            continue;
          }
        for (int i = 0; i < B; i++)
          {
            double t = (double) lut[rows[i][k]] * dy[i * N + j];
            gw += t;
            g_scale += fabs (t);
          }
        e = adam_expect (start->w[q], start->m_w[q], start->v_w[q], gw, ROUNDING * g_scale,
                         step);
        assert_adam_expect (&e, got->w[q], got->m_w[q], got->v_w[q], "w", q);
      }
  for (int j = 0; j < N; j++)
    {
      double gbj = 0.0, g_scale = 0.0;
      AdamExpect e;

      if (k0 != 0)
        {
          g_assert_cmpfloat (got->b[j], ==, start->b[j]);
          continue;
        }
      for (int i = 0; i < B; i++)
        {
          gbj += dy[i * N + j];
          g_scale += fabs (dy[i * N + j]);
        }
      e = adam_expect (start->b[j], start->m_b[j], start->v_b[j], gbj, ROUNDING * g_scale, step);
      assert_adam_expect (&e, got->b[j], got->m_b[j], got->v_b[j], "b", j);
    }
}

/* y = x[:, k0:k1] · w[k0:k1, :] (+ b), to float rounding of each sum.
 * rows: (Bn) pixel rows, w: (K, N), b: (N) or NULL, y: (Bn, N) */
static void
assert_partial_product (const float *y, const guint8 *const *rows, int Bn, const float *lut,
                        const float *w, const float *b, int N, int k0, int k1)
{
  for (int i = 0; i < Bn; i++)
    for (int j = 0; j < N; j++)
      {
        double want = b != NULL ? b[j] : 0.0, scale = fabs (want);

        for (int k = k0; k < k1; k++)
          {
            double t = (double) lut[rows[i][k]] * w[(gsize) k * N + j];
            want += t;
            scale += fabs (t);
          }
        assert_close (y[i * N + j], want, scale, "y_part", i, j);
      }
}

/* The fused pass over a range of weight rows is weight grad + Adam + forward over that
 * range: held to a double-precision reference on every path, and to the bits of the
 * separate kernels on the paths that promise them. */
typedef struct {
  int B, K, N, k0, k1;
} FusedShape;

static void
adam_fused (NrKernelPath path)
{
  static const FusedShape fshapes[] = {
    { 32, 784, 128, 0, 784 }, { 32, 784, 128, 192, 384 }, { 32, 784, 128, 576, 784 },
    { 3, 7, 10, 0, 7 },       { 70, 100, 33, 64, 100 },   { 1, 65, 200, 0, 65 },
    { 5, 130, 17, 0, 64 },
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (19);
  NrAdamStep step = { 1e-3f * sqrtf (0.001f) / 0.1f, 0.9f, 0.999f, 1e-7f };

  for (gsize s = 0; s < G_N_ELEMENTS (fshapes); s++)
    for (int with_next = 0; with_next <= 1; with_next++)
      {
        FusedShape sh = fshapes[s];
        int K = sh.K, N = sh.N, B = sh.B, Bn = sh.B + 1, R = sh.k1 - sh.k0;
        g_autofree guint8 *px = g_new (guint8, (gsize) (B + Bn) * K);
        g_autofree const guint8 **rows = g_new (const guint8 *, B + Bn);
        g_autofree const guint8 **sub = g_new (const guint8 *, B + Bn);
        g_autofree float *dy = g_new (float, (gsize) B * N);
        g_autofree float *g = g_new0 (float, (gsize) K * N);
        g_autofree float *gb = g_new0 (float, N);
        gsize o = (gsize) sh.k0 * N;
        float lut[256];
        FusedState a = fused_state_new (rand, K, N, Bn);
        FusedState r = fused_state_copy (&a, K, N, Bn);
        FusedState start = fused_state_copy (&a, K, N, Bn);

        make_lut (lut, TRUE);
        fill_pixels (rand, px, (gsize) (B + Bn) * K, 0.5);
        fill_uniform (rand, dy, (gsize) B * N, -0.1, 0.1);
        for (int i = 0; i < B + Bn; i++)
          {
            rows[i] = px + (gsize) i * K;
            sub[i] = rows[i] + sh.k0;
          }

        nr_dense_u8_adam_fused (a.w, a.m_w, a.v_w, a.b, a.m_b, a.v_b, rows, dy, B,
                                with_next ? rows + B : NULL, a.y_next, Bn, lut, K, N, sh.k0,
                                sh.k1, &step);

        /* Against double precision: the range's weights and (when it owns them) the bias,
         * from the exact gradient; nothing else touched; the next batch's partial product
         * from the weights as updated. */
        assert_fused_update (&start, &a, rows, dy, lut, B, K, N, sh.k0, sh.k1, &step);
        if (with_next)
          assert_partial_product (a.y_next, rows + B, Bn, lut, a.w, sh.k0 == 0 ? a.b : NULL, N,
                                  sh.k0, sh.k1);

        /* The separate kernels on the same path, on the range's rows (the range that
         * starts at row 0 owns the bias and adds it to its partial product). */
        nr_dense_u8_weight_grad (g, rows, lut, dy, B, K, N, 0, N);
        nr_kernel_adam (r.w + o, r.m_w + o, r.v_w + o, g + o, (gsize) R * N, step.lr_t, step.b1,
                        step.b2, step.eps);
        if (sh.k0 == 0)
          {
            for (int j = 0; j < N; j++)
              for (int i = 0; i < B; i++)
                gb[j] += dy[i * N + j];
            nr_kernel_adam (r.b, r.m_b, r.v_b, gb, N, step.lr_t, step.b1, step.b2, step.eps);
          }
        if (with_next)
          nr_dense_u8_forward (r.y_next, sub + B, lut, r.w + o, sh.k0 == 0 ? r.b : NULL, Bn, R,
                               N, 0, N);
        if (parts_bit_exact (path))
          assert_state_identical (&a, &r, K, N, Bn);

        fused_state_clear (&a);
        fused_state_clear (&r);
        fused_state_clear (&start);
      }
}

static void
test_adam_fused (void)
{
  on_every_path (adam_fused);
}

/* Threads split the first layer's forward and weight gradient by output columns, in parts
 * of 16 columns, and the fused pass by weight rows, in fixed ranges. Column parts give the
 * very bits of the whole on every path, which is what makes the thread count irrelevant.
 * Row ranges give the bits of the whole pass where the path promises it (and on OpenBLAS
 * its rounding: the trainer's ranges never depend on the thread count either). */
static void
column_split (NrKernelPath path)
{
  const int B = 32, K = 784, N = 128, split = 48;
  g_autoptr (GRand) rand = g_rand_new_with_seed (23);
  g_autofree guint8 *px = g_new (guint8, (gsize) 2 * B * K);
  g_autofree const guint8 **rows = g_new (const guint8 *, 2 * B);
  g_autofree float *dy = g_new (float, (gsize) B * N);
  g_autofree float *y1 = g_new (float, (gsize) B * N);
  g_autofree float *y2 = g_new (float, (gsize) B * N);
  g_autofree float *dw1 = g_new (float, (gsize) K * N);
  g_autofree float *dw2 = g_new (float, (gsize) K * N);
  float lut[256];
  NrAdamStep step = { 1e-3f, 0.9f, 0.999f, 1e-7f };
  FusedState start, whole, halves;

  make_lut (lut, TRUE);
  fill_pixels (rand, px, (gsize) 2 * B * K, 0.5);
  fill_uniform (rand, dy, (gsize) B * N, -0.1, 0.1);
  for (int i = 0; i < 2 * B; i++)
    rows[i] = px + (gsize) i * K;
  start = fused_state_new (rand, K, N, B);
  whole = fused_state_copy (&start, K, N, B);
  halves = fused_state_copy (&start, K, N, B);

  nr_dense_u8_forward (y1, rows, lut, whole.w, whole.b, B, K, N, 0, N);
  nr_dense_u8_forward (y2, rows, lut, whole.w, whole.b, B, K, N, 0, split);
  nr_dense_u8_forward (y2, rows, lut, whole.w, whole.b, B, K, N, split, N);
  g_assert_cmpmem (y1, sizeof (float) * B * N, y2, sizeof (float) * B * N);

  nr_dense_u8_weight_grad (dw1, rows, lut, dy, B, K, N, 0, N);
  nr_dense_u8_weight_grad (dw2, rows, lut, dy, B, K, N, split, N);
  nr_dense_u8_weight_grad (dw2, rows, lut, dy, B, K, N, 0, split);
  g_assert_cmpmem (dw1, sizeof (float) * K * N, dw2, sizeof (float) * K * N);

  /* The two ranges, run in either order, update every weight, moment and bias like the
   * whole pass; their partial products add up to the whole's (to float rounding: the sum
   * is grouped differently). */
  nr_dense_u8_adam_fused (whole.w, whole.m_w, whole.v_w, whole.b, whole.m_b, whole.v_b, rows,
                          dy, B, rows + B, whole.y_next, B, lut, K, N, 0, K, &step);
  nr_dense_u8_adam_fused (halves.w, halves.m_w, halves.v_w, halves.b, halves.m_b, halves.v_b,
                          rows, dy, B, rows + B, y2, B, lut, K, N, 384, K, &step);
  nr_dense_u8_adam_fused (halves.w, halves.m_w, halves.v_w, halves.b, halves.m_b, halves.v_b,
                          rows, dy, B, rows + B, halves.y_next, B, lut, K, N, 0, 384, &step);
  nr_kernel_add (halves.y_next, y2, (gsize) B * N);
  assert_fused_update (&start, &whole, rows, dy, lut, B, K, N, 0, K, &step);
  assert_fused_update (&start, &halves, rows, dy, lut, B, K, N, 0, K, &step);
  assert_partial_product (whole.y_next, rows + B, B, lut, whole.w, whole.b, N, 0, K);
  assert_partial_product (halves.y_next, rows + B, B, lut, halves.w, halves.b, N, 0, K);
  if (parts_bit_exact (path))
    {
      g_assert_cmpmem (whole.w, sizeof (float) * K * N, halves.w, sizeof (float) * K * N);
      g_assert_cmpmem (whole.m_w, sizeof (float) * K * N, halves.m_w, sizeof (float) * K * N);
      g_assert_cmpmem (whole.v_w, sizeof (float) * K * N, halves.v_w, sizeof (float) * K * N);
      g_assert_cmpmem (whole.b, sizeof (float) * N, halves.b, sizeof (float) * N);
    }

  fused_state_clear (&start);
  fused_state_clear (&whole);
  fused_state_clear (&halves);
}

static void
test_column_split (void)
{
  on_every_path (column_split);
}

/* ---- Dispatch and floating-point mode --------------------------------------------- */

static void
test_describe (void)
{
  const char *picked = nr_kernels_describe ();

#if defined(__x86_64__)
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw") &&
      __builtin_cpu_supports ("avx512vl") && __builtin_cpu_supports ("avx512dq"))
    g_assert_cmpstr (picked, ==, "avx512");
#endif
#ifndef __x86_64__
  /* The vector paths are x86-64's: elsewhere (arm64) the dispatcher picks OpenBLAS or the
   * plain loops, and AVX2 is not on offer. */
  g_assert_true (g_str_equal (picked, "openblas") || g_str_equal (picked, "loops"));
  g_assert_false (nr_kernels_supported (NR_KERNELS_AVX2));
#endif
  g_assert_true (nr_kernels_supported (NR_KERNELS_LOOPS));
  g_assert_true (nr_kernels_force (NR_KERNELS_LOOPS));
  g_assert_cmpstr (nr_kernels_describe (), ==, "loops");
  g_assert_cmpint (nr_kernels_supported (NR_KERNELS_OPENBLAS), ==, NR_TEST_HAVE_OPENBLAS);
  if (!nr_kernels_supported (NR_KERNELS_AVX512))
    {
      /* An unsupported path is refused and changes nothing. */
      g_assert_false (nr_kernels_force (NR_KERNELS_AVX512));
      g_assert_cmpstr (nr_kernels_describe (), ==, "loops");
    }
  g_assert_true (nr_kernels_force (NR_KERNELS_AUTO));
  g_assert_cmpstr (nr_kernels_describe (), ==, picked);
  for (NrKernelPath p = NR_KERNELS_AUTO; p <= NR_KERNELS_AVX512; p++)
    {
      NrKernelPath back;
      g_assert_true (nr_kernels_path_from_name (nr_kernels_path_name (p), &back));
      g_assert_cmpint (back, ==, p);
    }
  g_assert_false (nr_kernels_path_from_name ("portable", NULL));
}

/* ReLU + dropout in one pass gives the bits, the mask and the stream position of
 * nr_activation_forward (RELU) followed by nr_dropout_forward, tails, NaN and -0 included. */
static void
check_relu_dropout (NrKernelPath path)
{
  static const gsize sizes[] = { 1, 7, 15, 16, 17, 33, 4096, 4099 };
  static const float rates[] = { 0.2f, 0.5f, 0.9f };
  GRand *rand = g_rand_new_with_seed (11 + path);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
      {
        gsize n = sizes[s];
        g_autofree float *z = g_new (float, n);
        g_autofree float *h = g_new (float, n);
        g_autofree float *d_ref = g_new (float, n);
        g_autofree float *mask_ref = g_new (float, n);
        g_autofree float *d = g_new (float, n);
        g_autofree float *mask = g_new (float, n);
        guint64 state_ref = g_rand_int (rand) | (guint64) g_rand_int (rand) << 32;
        guint64 state = state_ref;
        guint kept = 0;

        fill_uniform (rand, z, n, -1.0, 1.0);
        z[0] = n > 3 ? NAN : z[0];
        if (n > 3)
          z[1] = -0.0f;
        nr_activation_forward (NR_ACTIVATION_RELU, h, z, n);
        nr_dropout_forward (d_ref, mask_ref, h, n, rates[r], &state_ref);
        nr_kernel_relu_dropout_forward (d, mask, z, n, rates[r], &state);

        g_assert_cmpuint (state, ==, state_ref);
        g_assert_cmpmem (mask, n * sizeof (float), mask_ref, n * sizeof (float));
        g_assert_cmpmem (d, n * sizeof (float), d_ref, n * sizeof (float));
        for (gsize i = 0; i < n; i++)
          kept += mask[i] != 0.0f;
        if (n >= 4096)
          g_assert_cmpfloat (fabs ((double) kept / n - (1.0 - rates[r])), <, 0.03);
      }
  g_rand_free (rand);
}

static void
test_relu_dropout (void)
{
  on_every_path (check_relu_dropout);
}

/* The dispatcher's first use, from several threads at once: all get the same answer, and
 * (under ThreadSanitizer, without a suppression) no thread reads what another wrote
 * without synchronisation. Registered first, so nothing has resolved the dispatch yet. */
typedef struct {
  gint *go;
  const char *picked;
} FirstUse;

static gpointer
first_use_thread (gpointer data)
{
  FirstUse *use = data;

  while (!g_atomic_int_get (use->go))
    ;
  use->picked = nr_kernels_describe ();
  return NULL;
}

static void
test_dispatch_first_use_threads (void)
{
  FirstUse uses[4];
  GThread *threads[4];
  gint go = FALSE;

  for (int t = 0; t < 4; t++)
    {
      uses[t] = (FirstUse) { &go, NULL };
      threads[t] = g_thread_new ("first-use", first_use_thread, &uses[t]);
    }
  g_atomic_int_set (&go, TRUE);
  for (int t = 0; t < 4; t++)
    g_thread_join (threads[t]);
  for (int t = 0; t < 4; t++)
    g_assert_cmpstr (uses[t].picked, ==, nr_kernels_describe ());
#if defined(__x86_64__)
  __builtin_cpu_init ();
  g_assert_cmpint (g_str_equal (uses[0].picked, "avx512"), ==,
                   __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw") &&
                     __builtin_cpu_supports ("avx512vl") &&
                     __builtin_cpu_supports ("avx512dq") && __builtin_cpu_supports ("fma") &&
                     __builtin_cpu_supports ("bmi2"));
#else
  g_assert_true (g_str_equal (uses[0].picked, "openblas") ||
                 g_str_equal (uses[0].picked, "loops"));
#endif
}

static void
test_ftz (void)
{
#if defined(__x86_64__) || defined(__aarch64__)
  volatile float tiny = 1e-39f; /* a denormal */
  volatile float one = 1.0f;
  guint state;

  g_assert_cmpfloat (tiny * one, >, 0.0f);
  state = nr_kernels_set_ftz ();
  g_assert_cmpfloat (tiny * one, ==, 0.0f);
  nr_kernels_restore_fp_mode (state);
  g_assert_cmpfloat (tiny * one, >, 0.0f);
#else
  g_test_skip ("no flush-to-zero control on this architecture");
#endif
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/kernels/dispatch-first-use-threads", test_dispatch_first_use_threads);
  g_test_add_func ("/core/kernels/gemm-nn", test_gemm_nn);
  g_test_add_func ("/core/kernels/gemm-tn", test_gemm_tn);
  g_test_add_func ("/core/kernels/gemm-nt", test_gemm_nt);
  g_test_add_func ("/core/kernels/u8-forward", test_u8_forward);
  g_test_add_func ("/core/kernels/u8-weight-grad", test_u8_weight_grad);
  g_test_add_func ("/core/kernels/relu-backward", test_relu_backward);
  g_test_add_func ("/core/kernels/relu-dropout-forward", test_relu_dropout);
  g_test_add_func ("/core/kernels/adam", test_adam);
  g_test_add_func ("/core/kernels/adam-hand-computed", test_adam_hand);
  g_test_add_func ("/core/kernels/adam-fused", test_adam_fused);
  g_test_add_func ("/core/kernels/split-identical", test_column_split);
  g_test_add_func ("/core/kernels/describe", test_describe);
  g_test_add_func ("/core/kernels/flush-to-zero", test_ftz);

  return g_test_run ();
}
