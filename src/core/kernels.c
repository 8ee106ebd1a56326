/* kernels.c — portable paths of the hot loops (see kernels.h).
 *
 * Plain loops ordered so the compiler vectorises the innermost one; OpenBLAS when the
 * build has it. The wide-vector paths live in kernels-x86.c.
 */
#include <math.h>
#include <string.h>

#include "kernels.h"

#ifdef NR_HAVE_OPENBLAS
#include <cblas.h>
#endif

static gboolean force_portable = FALSE;

void
nr_kernels_force_portable (gboolean portable)
{
  force_portable = portable;
}

const char *
nr_kernels_describe (void)
{
#ifdef NR_HAVE_OPENBLAS
  return "openblas";
#else
  return "portable";
#endif
}

void
nr_gemm_nn (int M, int N, int K, const float *A, const float *B, float *C, gboolean accumulate)
{
#ifdef NR_HAVE_OPENBLAS
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f, A, K, B, N,
               accumulate ? 1.0f : 0.0f, C, N);
#else
  if (!accumulate)
    memset (C, 0, sizeof (float) * (gsize) M * N);
  for (int i = 0; i < M; i++)
    for (int k = 0; k < K; k++)
      {
        float a = A[(gsize) i * K + k];
        const float *b = B + (gsize) k * N;
        float *c = C + (gsize) i * N;
        for (int j = 0; j < N; j++)
          c[j] += a * b[j];
      }
#endif
}

void
nr_gemm_tn (int M, int N, int K, const float *A, const float *B, float *C, gboolean accumulate)
{
#ifdef NR_HAVE_OPENBLAS
  cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, M, N, K, 1.0f, A, M, B, N,
               accumulate ? 1.0f : 0.0f, C, N);
#else
  if (!accumulate)
    memset (C, 0, sizeof (float) * (gsize) M * N);
  for (int k = 0; k < K; k++)
    for (int i = 0; i < M; i++)
      {
        float a = A[(gsize) k * M + i];
        const float *b = B + (gsize) k * N;
        float *c = C + (gsize) i * N;
        for (int j = 0; j < N; j++)
          c[j] += a * b[j];
      }
#endif
}

void
nr_gemm_nt (int M, int N, int K, const float *A, const float *B, float *C, gboolean accumulate)
{
#ifdef NR_HAVE_OPENBLAS
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1.0f, A, K, B, K,
               accumulate ? 1.0f : 0.0f, C, N);
#else
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
#endif
}

void
nr_kernel_adam (float *p, float *m, float *v, const float *g, gsize n, float lr_t, float b1,
                float b2, float eps)
{
  for (gsize i = 0; i < n; i++)
    {
      m[i] = b1 * m[i] + (1.0f - b1) * g[i];
      v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
      p[i] -= lr_t * m[i] / (sqrtf (v[i]) + eps);
    }
}
