/* kernels.c — dispatch, and the OpenBLAS and plain-loop paths of the hot loops (see
 * kernels.h).
 *
 * The plain loops are ordered so the compiler can vectorise the innermost one; they are
 * always built, and are what a build without OpenBLAS (or a CPU without AVX2) runs.
 * OpenBLAS does the products when the build has it. The AVX-512 paths live in
 * kernels-x86.c, the AVX2 ones in kernels-avx2.c; the best the CPU runs is picked once, at
 * the first call, from what it reports.
 */
#include <math.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

#include "kernels.h"
#include "rng.h"

#ifdef NR_HAVE_OPENBLAS
#include <cblas.h>
#endif

/* The hand-written paths in order of preference; which library does the generic products
 * on the others is decided at build time (OpenBLAS when the build has it). */
static gint forced = NR_KERNELS_AUTO; /* atomic: NrKernelPath */

/* The best path the CPU can run, worked out once. The answer lives in the once-variable
 * itself and is read atomically, so no thread ever reads a plain variable that another
 * thread wrote. */
static NrKernelPath
best_path (void)
{
  static gsize resolved = 0;

  if (g_once_init_enter (&resolved))
    {
      gsize answer = _nr_x86_have_avx512 () ? NR_KERNELS_AVX512
                     : _nr_avx2_have ()     ? NR_KERNELS_AVX2
#ifdef NR_HAVE_OPENBLAS
                                            : NR_KERNELS_OPENBLAS;
      /* The trainer splits its work across its own threads (in parts that do not depend
       * on their number); OpenBLAS' pool on top would only oversubscribe the cores. */
      openblas_set_num_threads (1);
#else
                                            : NR_KERNELS_LOOPS;
#endif
      g_once_init_leave (&resolved, answer);
    }
  return (NrKernelPath) g_atomic_pointer_get (&resolved);
}

gboolean
nr_kernels_supported (NrKernelPath path)
{
  switch (path)
    {
    case NR_KERNELS_AUTO:
    case NR_KERNELS_LOOPS:
      return TRUE;
    case NR_KERNELS_OPENBLAS:
#ifdef NR_HAVE_OPENBLAS
      best_path (); /* sets OpenBLAS to one thread */
      return TRUE;
#else
      return FALSE;
#endif
    case NR_KERNELS_AVX2:
      return best_path () == NR_KERNELS_AVX2 || best_path () == NR_KERNELS_AVX512;
    case NR_KERNELS_AVX512:
      return best_path () == NR_KERNELS_AVX512;
    default:
      return FALSE;
    }
}

gboolean
nr_kernels_force (NrKernelPath path)
{
  if (!nr_kernels_supported (path))
    return FALSE;
  g_atomic_int_set (&forced, (gint) path);
  return TRUE;
}

NrKernelPath
nr_kernels_current (void)
{
  NrKernelPath path = (NrKernelPath) g_atomic_int_get (&forced);

  return path == NR_KERNELS_AUTO ? best_path () : path;
}

static const char *const path_names[] = {
  [NR_KERNELS_AUTO] = "auto",
  [NR_KERNELS_LOOPS] = "loops",
  [NR_KERNELS_OPENBLAS] = "openblas",
  [NR_KERNELS_AVX2] = "avx2",
  [NR_KERNELS_AVX512] = "avx512",
};

const char *
nr_kernels_path_name (NrKernelPath path)
{
  g_return_val_if_fail ((guint) path < G_N_ELEMENTS (path_names), NULL);

  return path_names[path];
}

gboolean
nr_kernels_path_from_name (const char *name, NrKernelPath *out_path)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint p = 0; p < G_N_ELEMENTS (path_names); p++)
    if (g_ascii_strcasecmp (name, path_names[p]) == 0)
      {
        if (out_path != NULL)
          *out_path = (NrKernelPath) p;
        return TRUE;
      }
  return FALSE;
}

const char *
nr_kernels_describe (void)
{
  return nr_kernels_path_name (nr_kernels_current ());
}

static inline gboolean
use_avx512 (void)
{
  return nr_kernels_current () == NR_KERNELS_AVX512;
}

static inline gboolean
use_avx2 (void)
{
  return nr_kernels_current () == NR_KERNELS_AVX2;
}

/* The generic products and the first layer's kernels through OpenBLAS: on the OpenBLAS
 * path, and for the generic products on the AVX2 one (which hand-writes only the first
 * layer and Adam). */
static inline gboolean
use_openblas_gemm (void)
{
#ifdef NR_HAVE_OPENBLAS
  NrKernelPath path = nr_kernels_current ();
  return path == NR_KERNELS_OPENBLAS || path == NR_KERNELS_AVX2;
#else
  return FALSE;
#endif
}

static inline gboolean
use_openblas (void)
{
#ifdef NR_HAVE_OPENBLAS
  return nr_kernels_current () == NR_KERNELS_OPENBLAS;
#else
  return FALSE;
#endif
}

/* ---- Generic products ------------------------------------------------------------- */

/* C = A · B (+ C), with A read as A[i · a_row + k · a_col]: one loop for A and Aᵀ, as
 * _nr_x86_gemm takes them. Each C[i, j] sums k in increasing order either way.
 * B: (K, N), C: (M, N) */
static void
loops_gemm (int M, int N, int K, const float *A, gsize a_row, gsize a_col, const float *B,
            float *C, gboolean accumulate)
{
  if (!accumulate)
    memset (C, 0, sizeof (float) * (gsize) M * N);
  for (int i = 0; i < M; i++)
    for (int k = 0; k < K; k++)
      {
        float a = A[(gsize) i * a_row + (gsize) k * a_col];
        const float *b = B + (gsize) k * N;
        float *c = C + (gsize) i * N;
        for (int j = 0; j < N; j++)
          c[j] += a * b[j];
      }
}

void
nr_gemm_nn (int M, int N, int K, const float *A, const float *B, float *C, gboolean accumulate)
{
  if (use_avx512 ())
    {
      _nr_x86_gemm (M, N, K, A, K, 1, B, C, accumulate);
      return;
    }
#ifdef NR_HAVE_OPENBLAS
  if (use_openblas_gemm ())
    {
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f, A, K, B, N,
                   accumulate ? 1.0f : 0.0f, C, N);
      return;
    }
#endif
  loops_gemm (M, N, K, A, K, 1, B, C, accumulate);
}

void
nr_gemm_tn (int M, int N, int K, const float *A, const float *B, float *C, gboolean accumulate)
{
  if (use_avx512 ())
    {
      _nr_x86_gemm (M, N, K, A, 1, M, B, C, accumulate);
      return;
    }
#ifdef NR_HAVE_OPENBLAS
  if (use_openblas_gemm ())
    {
      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, M, N, K, 1.0f, A, M, B, N,
                   accumulate ? 1.0f : 0.0f, C, N);
      return;
    }
#endif
  loops_gemm (M, N, K, A, 1, M, B, C, accumulate);
}

void
nr_gemm_nt (int M, int N, int K, const float *A, const float *B, float *C, gboolean accumulate)
{
  if (use_avx512 ())
    {
      /* Bᵀ as a (K, N) matrix turns this into the row-broadcast product above; the copy is
       * 1/M of the arithmetic. */
      float stack_bt[4096];
      float *bt = (gsize) K * N <= G_N_ELEMENTS (stack_bt)
                    ? stack_bt
                    : g_new (float, (gsize) K * N);

      for (int j = 0; j < N; j++)
        for (int k = 0; k < K; k++)
          bt[(gsize) k * N + j] = B[(gsize) j * K + k];
      _nr_x86_gemm (M, N, K, A, K, 1, bt, C, accumulate);
      if (bt != stack_bt)
        g_free (bt);
      return;
    }
#ifdef NR_HAVE_OPENBLAS
  if (use_openblas_gemm ())
    {
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1.0f, A, K, B, K,
                   accumulate ? 1.0f : 0.0f, C, N);
      return;
    }
#endif
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++)
      {
        const float *a = A + (gsize) i * K;
        const float *b = B + (gsize) j * K;
        float s = 0.0f;
        for (int k = 0; k < K; k++)
          s += a[k] * b[k];
        C[(gsize) i * N + j] = accumulate ? C[(gsize) i * N + j] + s : s;
      }
}

/* ---- First layer on uint8 pixels -------------------------------------------------- */

static void
loops_u8_forward (float *y, const guint8 *const *rows, const float *lut, const float *w,
                  const float *b, int B, int K, int N, int c0, int c1)
{
  for (int i = 0; i < B; i++)
    {
      float *yi = y + (gsize) i * N;
      const guint8 *x = rows[i];

      for (int j = c0; j < c1; j++)
        yi[j] = b != NULL ? b[j] : 0.0f;
      for (int k = 0; k < K; k++)
        {
          const float *wk = w + (gsize) k * N;
          float a;

          if (x[k] == 0)
            continue;
          a = lut[x[k]];
          for (int j = c0; j < c1; j++)
            yi[j] += a * wk[j];
        }
    }
}

static void
loops_u8_weight_grad (float *dw, const guint8 *const *rows, const float *lut, const float *dy,
                      int B, int K, int N, int c0, int c1)
{
  for (int k = 0; k < K; k++)
    {
      float *dwk = dw + (gsize) k * N;

      for (int j = c0; j < c1; j++)
        dwk[j] = 0.0f;
      for (int i = 0; i < B; i++)
        {
          const float *dyi = dy + (gsize) i * N;
          float a;

          if (rows[i][k] == 0)
            continue;
          a = lut[rows[i][k]];
          for (int j = c0; j < c1; j++)
            dwk[j] += a * dyi[j];
        }
    }
}

#ifdef NR_HAVE_OPENBLAS
/* OpenBLAS rounds a product differently depending on its shape (its micro-kernels for the
 * edges of a matrix accumulate in another order than the main one), so a column range
 * would give other bits than the whole. Columns therefore always go to it in the same
 * blocks of OPENBLAS_COLS, aligned to multiples of OPENBLAS_COLS whatever range the
 * caller asks for: the trainer splits layer 0 by 16-column parts, so one thread or many
 * make the very same calls and get the very same bits. */
#define OPENBLAS_COLS 16

/* x = lut[rows], (B, K) floats. */
static float *
u8_batch_to_float (const guint8 *const *rows, const float *lut, int B, int K)
{
  float *x = g_new (float, (gsize) B * K);

  for (int i = 0; i < B; i++)
    for (int k = 0; k < K; k++)
      x[(gsize) i * K + k] = lut[rows[i][k]];
  return x;
}

static void
openblas_u8_forward (float *y, const guint8 *const *rows, const float *lut, const float *w,
                     const float *b, int B, int K, int N, int c0, int c1)
{
  g_autofree float *x = NULL;

  if (B == 0 || c1 <= c0)
    return;
  x = u8_batch_to_float (rows, lut, B, K);
  for (int i = 0; i < B; i++)
    for (int j = c0; j < c1; j++)
      y[(gsize) i * N + j] = b != NULL ? b[j] : 0.0f;
  for (int j0 = c0; j0 < c1;)
    {
      int j1 = MIN (c1, (j0 / OPENBLAS_COLS + 1) * OPENBLAS_COLS);

      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, B, j1 - j0, K, 1.0f, x, K,
                   w + j0, N, 1.0f, y + j0, N);
      j0 = j1;
    }
}

static void
openblas_u8_weight_grad (float *dw, const guint8 *const *rows, const float *lut,
                         const float *dy, int B, int K, int N, int c0, int c1)
{
  g_autofree float *x = NULL;

  if (c1 <= c0)
    return;
  if (B == 0)
    {
      for (int k = 0; k < K; k++)
        memset (dw + (gsize) k * N + c0, 0, sizeof (float) * (c1 - c0));
      return;
    }
  x = u8_batch_to_float (rows, lut, B, K);
  for (int j0 = c0; j0 < c1;)
    {
      int j1 = MIN (c1, (j0 / OPENBLAS_COLS + 1) * OPENBLAS_COLS);

      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, K, j1 - j0, B, 1.0f, x, K, dy + j0,
                   N, 0.0f, dw + j0, N);
      j0 = j1;
    }
}
#endif

void
nr_dense_u8_forward (float *y, const guint8 *const *rows, const float *lut, const float *w,
                     const float *b, int B, int K, int N, int c0, int c1)
{
  g_return_if_fail (c0 >= 0 && c0 <= c1 && c1 <= N);
  g_return_if_fail (lut[0] == 0.0f);

  if (use_avx512 ())
    _nr_x86_dense_u8_forward (y, rows, lut, w, b, B, K, N, c0, c1);
  else if (use_avx2 ())
    _nr_avx2_dense_u8_forward (y, rows, lut, w, b, B, K, N, c0, c1);
#ifdef NR_HAVE_OPENBLAS
  else if (use_openblas ())
    openblas_u8_forward (y, rows, lut, w, b, B, K, N, c0, c1);
#endif
  else
    loops_u8_forward (y, rows, lut, w, b, B, K, N, c0, c1);
}

void
nr_dense_u8_weight_grad (float *dw, const guint8 *const *rows, const float *lut,
                         const float *dy, int B, int K, int N, int c0, int c1)
{
  g_return_if_fail (c0 >= 0 && c0 <= c1 && c1 <= N);
  g_return_if_fail (lut[0] == 0.0f);

  if (use_avx512 ())
    _nr_x86_dense_u8_weight_grad (dw, rows, lut, dy, B, K, N, c0, c1);
  else if (use_avx2 ())
    _nr_avx2_dense_u8_weight_grad (dw, rows, lut, dy, B, K, N, c0, c1);
#ifdef NR_HAVE_OPENBLAS
  else if (use_openblas ())
    openblas_u8_weight_grad (dw, rows, lut, dy, B, K, N, c0, c1);
#endif
  else
    loops_u8_weight_grad (dw, rows, lut, dy, B, K, N, c0, c1);
}

/* ---- ReLU backward ---------------------------------------------------------------- */

void
nr_kernel_relu_backward (float *dx, const float *dy, const float *z, const float *mask, gsize n)
{
  if (use_avx512 ())
    {
      _nr_x86_relu_backward (dx, dy, z, mask, n);
      return;
    }
  if (use_avx2 ())
    {
      _nr_avx2_relu_backward (dx, dy, z, mask, n);
      return;
    }
  for (gsize i = 0; i < n; i++)
    {
      float g = mask != NULL ? dy[i] * mask[i] : dy[i];
      dx[i] = z[i] > 0.0f ? g : 0.0f;
    }
}

/* ---- ReLU + dropout forward ------------------------------------------------------- */

void
nr_kernel_relu_dropout_forward (float *d, float *mask, const float *z, gsize n, float rate,
                                guint64 *state)
{
  float scale;

  g_return_if_fail (rate > 0.0f && rate < 1.0f);

  if (use_avx512 ())
    {
      _nr_x86_relu_dropout_forward (d, mask, z, n, rate, state);
      return;
    }
  if (use_avx2 ())
    {
      _nr_avx2_relu_dropout_forward (d, mask, z, n, rate, state);
      return;
    }
  /* The expressions of nr_activation_forward and nr_dropout_forward, value by value. */
  scale = 1.0f / (1.0f - rate);
  for (gsize i = 0; i < n; i++)
    {
      float u = nr_u64_to_unit_float (nr_splitmix64 (state));
      float h = 0.0f > z[i] ? 0.0f : z[i];
      mask[i] = u >= rate ? scale : 0.0f;
      d[i] = h * mask[i];
    }
}

/* ---- Sum ------------------------------------------------------------------------ */

void
nr_kernel_add (float *restrict y, const float *restrict x, gsize n)
{
  if (use_avx512 ())
    {
      _nr_x86_add (y, x, n);
      return;
    }
  if (use_avx2 ())
    {
      _nr_avx2_add (y, x, n);
      return;
    }
  for (gsize i = 0; i < n; i++)
    y[i] += x[i];
}

/* ---- Adam ------------------------------------------------------------------------- */

static void
loops_adam (float *p, float *m, float *v, const float *g, gsize n, float lr_t, float b1,
               float b2, float eps)
{
  for (gsize i = 0; i < n; i++)
    {
      m[i] = b1 * m[i] + (1.0f - b1) * g[i];
      v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
      p[i] -= lr_t * m[i] / (sqrtf (v[i]) + eps);
    }
}

void
nr_kernel_adam (float *p, float *m, float *v, const float *g, gsize n, float lr_t, float b1,
                float b2, float eps)
{
  if (use_avx512 ())
    _nr_x86_adam (p, m, v, g, n, lr_t, b1, b2, eps);
  else if (use_avx2 ())
    _nr_avx2_adam (p, m, v, g, n, lr_t, b1, b2, eps);
  else
    loops_adam (p, m, v, g, n, lr_t, b1, b2, eps);
}

/* ---- The fused first-layer update ------------------------------------------------- */

/* rows[i] + k0 for each of the B rows, in a caller-provided or heap array. */
static const guint8 **
offset_rows (const guint8 *const *rows, int B, int k0, const guint8 **stack, int n_stack)
{
  const guint8 **out = B <= n_stack ? stack : g_new (const guint8 *, B);

  for (int i = 0; i < B; i++)
    out[i] = rows[i] + k0;
  return out;
}

void
nr_dense_u8_adam_fused (float *w, float *m_w, float *v_w, float *b, float *m_b, float *v_b,
                        const guint8 *const *rows, const float *dy, int B,
                        const guint8 *const *next_rows, float *y_part, int B_next,
                        const float *lut, int K, int N, int k0, int k1, const NrAdamStep *adam)
{
  const guint8 *stack_cur[64], *stack_next[64];
  const guint8 **cur, **next = NULL;
  float *g;
  int R = k1 - k0;

  g_return_if_fail (k0 >= 0 && k0 <= k1 && k1 <= K);
  g_return_if_fail (lut[0] == 0.0f);
  g_return_if_fail (adam != NULL);

  if (use_avx512 ())
    {
      _nr_x86_dense_u8_adam_fused (w, m_w, v_w, b, m_b, v_b, rows, dy, B, next_rows, y_part,
                                   B_next, lut, K, N, k0, k1, adam);
      return;
    }
  if (use_avx2 ())
    {
      _nr_avx2_dense_u8_adam_fused (w, m_w, v_w, b, m_b, v_b, rows, dy, B, next_rows, y_part,
                                    B_next, lut, K, N, k0, k1, adam);
      return;
    }

  if (R == 0 || N == 0)
    return;
  /* The same three passes the kernels make one by one, on the rows of the range. */
  cur = offset_rows (rows, B, k0, stack_cur, G_N_ELEMENTS (stack_cur));
  g = g_new (float, (gsize) R * N);
  nr_dense_u8_weight_grad (g, cur, lut, dy, B, R, N, 0, N);
  loops_adam (w + (gsize) k0 * N, m_w + (gsize) k0 * N, v_w + (gsize) k0 * N, g,
              (gsize) R * N, adam->lr_t, adam->b1, adam->b2, adam->eps);
  if (k0 == 0)
    {
      for (int j = 0; j < N; j++)
        {
          float s = 0.0f;
          for (int i = 0; i < B; i++)
            s += dy[(gsize) i * N + j];
          g[j] = s;
        }
      loops_adam (b, m_b, v_b, g, N, adam->lr_t, adam->b1, adam->b2, adam->eps);
    }
  if (next_rows != NULL)
    {
      next = offset_rows (next_rows, B_next, k0, stack_next, G_N_ELEMENTS (stack_next));
      nr_dense_u8_forward (y_part, next, lut, w + (gsize) k0 * N, k0 == 0 ? b : NULL, B_next,
                           R, N, 0, N);
    }
  g_free (g);
  if (cur != stack_cur)
    g_free (cur);
  if (next != NULL && next != stack_next)
    g_free (next);
}

/* ---- Floating-point mode ---------------------------------------------------------- */

guint
nr_kernels_set_ftz (void)
{
#if defined(__x86_64__) || defined(__i386__)
  guint old = _mm_getcsr ();
  _mm_setcsr (old | 0x8040); /* FTZ (bit 15) | DAZ (bit 6) */
  return old;
#elif defined(__aarch64__)
  guint64 fpcr;
  __asm__ volatile ("mrs %0, fpcr" : "=r"(fpcr));
  __asm__ volatile ("msr fpcr, %0" : : "r"(fpcr | (1ull << 24)));
  return (guint) fpcr;
#else
  return 0;
#endif
}

void
nr_kernels_restore_fp_mode (guint state)
{
#if defined(__x86_64__) || defined(__i386__)
  _mm_setcsr (state);
#elif defined(__aarch64__)
  guint64 fpcr = state;
  __asm__ volatile ("msr fpcr, %0" : : "r"(fpcr));
#else
  (void) state;
#endif
}
