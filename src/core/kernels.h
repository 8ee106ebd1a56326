/* kernels.h — the hot loops of training, behind one interface.
 *
 * Each kernel has a portable path (plain C or OpenBLAS) and, where the CPU has them,
 * wide-vector paths picked once at run time. All paths agree to within float rounding
 * (tests/test-kernels.c checks it). Matrices are row-major and densely packed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* C = A · B (+ C when accumulate).  A: (M, K), B: (K, N), C: (M, N) */
void nr_gemm_nn (int M, int N, int K, const float *A, const float *B, float *C,
                 gboolean accumulate);
/* C = Aᵀ · B (+ C when accumulate).  A: (K, M), B: (K, N), C: (M, N) */
void nr_gemm_tn (int M, int N, int K, const float *A, const float *B, float *C,
                 gboolean accumulate);
/* C = A · Bᵀ (+ C when accumulate).  A: (M, K), B: (N, K), C: (M, N) */
void nr_gemm_nt (int M, int N, int K, const float *A, const float *B, float *C,
                 gboolean accumulate);

/* One Adam step with the bias corrections already folded in:
 *   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g²;  p -= lr_t · m / (√v + eps)
 * where lr_t = lr · √(1-β2ᵗ)/(1-β1ᵗ).  p, m, v, g: (n) */
void nr_kernel_adam (float *p, float *m, float *v, const float *g, gsize n, float lr_t,
                     float b1, float b2, float eps);

/* Which implementation the dispatcher picked ("avx512", "avx2", "openblas", "portable"). */
const char *nr_kernels_describe (void);
/* Forces the portable path (tests compare the paths). */
void nr_kernels_force_portable (gboolean portable);

G_END_DECLS
