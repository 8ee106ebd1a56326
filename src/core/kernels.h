/* kernels.h — the hot loops of training, behind one interface.
 *
 * Each kernel runs on several paths (NrKernelPath below: plain loops, OpenBLAS, AVX2,
 * AVX-512), the best the CPU has picked once at run time. All paths agree to within
 * float rounding (tests/test-kernels.c checks it). Every path is deterministic and gives
 * the same bits on any number of threads; what else each guarantees is said at
 * NrKernelPath.
 * Matrices are row-major and densely packed.
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

/* The first dense layer reads the uint8 pixels directly: x[b][k] = lut[rows[b][k]], with
 * lut[0] == 0 (lut[p] = p / 255 when normalising, p otherwise). Zero pixels (half of a
 * Fashion-MNIST image, four fifths of an MNIST one) are skipped, which changes nothing:
 * adding 0 · w leaves a finite sum as it was. Only columns [c0, c1) of y / dw are
 * written, so threads can split a layer by output columns.
 *
 * y = x · w + b.  rows: (B) pointers to K pixels, lut: (256), w: (K, N), b: (N) or NULL,
 * y: (B, N) */
void nr_dense_u8_forward (float *y, const guint8 *const *rows, const float *lut,
                          const float *w, const float *b, int B, int K, int N, int c0, int c1);
/* dw = xᵀ · dy (overwritten).  rows: (B) pointers to K pixels, dy: (B, N), dw: (K, N) */
void nr_dense_u8_weight_grad (float *dw, const guint8 *const *rows, const float *lut,
                              const float *dy, int B, int K, int N, int c0, int c1);

/* The Adam constants of one step, bias corrections folded into lr_t:
 * lr_t = lr · √(1-β2ᵗ)/(1-β1ᵗ). */
typedef struct {
  float lr_t, b1, b2, eps;
} NrAdamStep;

/* One Adam step:
 *   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g²;  p -= lr_t · m / (√v + eps)
 * p, m, v, g: (n) */
void nr_kernel_adam (float *p, float *m, float *v, const float *g, gsize n, float lr_t,
                     float b1, float b2, float eps);

/* The first layer's whole update in one pass over its weight rows [k0, k1):
 *   dw = xᵀ · dy on those rows (never stored), Adam on w / m_w / v_w there; the range that
 *   holds row 0 (k0 == 0) also owns the bias: db = Σ_b dy, Adam on b / m_b / v_b. Then, when
 *   next_rows is not NULL, the next batch's partial product over those rows, with the
 *   updated weights:  y_part = x_next[:, k0:k1] · w[k0:k1, :]  (+ b when k0 == 0).
 * Summing the partials of consecutive ranges in order gives x_next · w + b. Threads can run
 * disjoint row ranges at the same time: each writes only its own rows of w, m_w and v_w,
 * which are contiguous, and its own y_part, so no cache line is written by two cores (a
 * split by columns made both write every 512-byte row and lost to coherence traffic).
 * The result equals nr_dense_u8_weight_grad + nr_kernel_adam + nr_dense_u8_forward over
 * the range: bit for bit on every path but OpenBLAS, to float rounding there.
 * rows: (B) K pixels each, dy: (B, N), w, m_w, v_w: (K, N), b, m_b, v_b: (N),
 * next_rows: (B_next), y_part: (B_next, N) */
void nr_dense_u8_adam_fused (float *w, float *m_w, float *v_w, float *b, float *m_b,
                             float *v_b, const guint8 *const *rows, const float *dy, int B,
                             const guint8 *const *next_rows, float *y_part, int B_next,
                             const float *lut, int K, int N, int k0, int k1,
                             const NrAdamStep *adam);

/* ReLU's backward after inverted dropout, without a branch per value (half the units are
 * off, at random, so a branch would be mispredicted half the time):
 *   dx = z > 0 ? dy · mask : 0   (mask NULL: dx = z > 0 ? dy : 0)
 * dx may alias dy.  dx, dy, z, mask: (n) */
void nr_kernel_relu_backward (float *dx, const float *dy, const float *z, const float *mask,
                              gsize n);

/* ReLU then inverted dropout, drawing the mask from the same stream as nr_dropout_forward
 * (splitmix64 from *state, one draw per value, in order), so the result is bit for bit that
 * of nr_activation_forward (RELU) followed by nr_dropout_forward:
 *   mask = u ≥ rate ? 1 / (1 - rate) : 0;  d = max (z, 0) · mask;  *state advanced n draws
 * The AVX-512 path draws 16 values at a time (splitmix64 is a counter: draw i mixes
 * state + (i + 1) · γ). d, mask, z: (n); 0 < rate < 1 */
void nr_kernel_relu_dropout_forward (float *d, float *mask, const float *z, gsize n, float rate,
                                     guint64 *state);

/* y += x.  y, x: (n), not overlapping */
void nr_kernel_add (float *y, const float *x, gsize n);

/* The implementations ("paths"), each complete: every kernel above runs on each.
 *   LOOPS     plain C loops the compiler vectorises; always built, and what a CPU without
 *             AVX2 runs when the build has no OpenBLAS
 *   OPENBLAS  the products through OpenBLAS (builds that have it), the rest plain loops
 *   AVX2      hand-written AVX2 + FMA for the first layer, Adam and the small kernels;
 *             the generic products through OpenBLAS (or the plain loops)
 *   AVX512    hand-written AVX-512 for everything
 * What each guarantees: every path is deterministic and independent of the thread count
 * (a value is summed in the same order whatever column range or thread computes it). The
 * hand-written paths and the plain loops also give the same bits for a part of a matrix
 * as for the whole, and the fused pass the bits of the separate kernels; OpenBLAS rounds
 * a product by the shape it is given (its edge micro-kernels sum in another order), so on
 * that path parts and the fused pass agree with the whole to within float rounding — which
 * is also how far the paths agree with each other (tests/test-kernels.c). */
typedef enum {
  NR_KERNELS_AUTO,     /* the best the CPU runs: AVX512, else AVX2, else OPENBLAS or LOOPS */
  NR_KERNELS_LOOPS,
  NR_KERNELS_OPENBLAS,
  NR_KERNELS_AVX2,
  NR_KERNELS_AVX512,
} NrKernelPath;

/* Whether this build and CPU can run path (AUTO and LOOPS: always). */
gboolean nr_kernels_supported (NrKernelPath path);
/* Runs every later kernel call (any thread) on path; AUTO returns to the best. FALSE, and
 * nothing changes, when the path is not supported here. Not to be called while a trainer
 * runs. */
gboolean nr_kernels_force (NrKernelPath path);
/* The path kernels run on now (never AUTO). */
NrKernelPath nr_kernels_current (void);
/* "auto", "loops", "openblas", "avx2", "avx512". */
const char *nr_kernels_path_name (NrKernelPath path);
/* The inverse of nr_kernels_path_name (case-insensitive). */
gboolean nr_kernels_path_from_name (const char *name, NrKernelPath *out_path);
/* nr_kernels_path_name (nr_kernels_current ()). */
const char *nr_kernels_describe (void);

/* Sets flush-to-zero / denormals-are-zero on the calling thread where the CPU has them
 * (Adam's second moments underflow for always-black pixels and denormals are slow).
 * Returns the previous control state for nr_kernels_restore_fp_mode(). */
guint nr_kernels_set_ftz (void);
void nr_kernels_restore_fp_mode (guint state);

/* Internal: the AVX-512 paths (kernels-x86.c); same contracts as above. */
gboolean _nr_x86_have_avx512 (void);
void _nr_x86_gemm (int M, int N, int K, const float *A, int sa_i, int sa_k, const float *B,
                   float *C, gboolean accumulate);
void _nr_x86_dense_u8_forward (float *y, const guint8 *const *rows, const float *lut,
                               const float *w, const float *b, int B, int K, int N, int c0,
                               int c1);
void _nr_x86_dense_u8_weight_grad (float *dw, const guint8 *const *rows, const float *lut,
                                   const float *dy, int B, int K, int N, int c0, int c1);
void _nr_x86_relu_backward (float *dx, const float *dy, const float *z, const float *mask,
                            gsize n);
void _nr_x86_relu_dropout_forward (float *d, float *mask, const float *z, gsize n, float rate,
                                   guint64 *state);
void _nr_x86_add (float *y, const float *x, gsize n);
void _nr_x86_adam (float *p, float *m, float *v, const float *g, gsize n, float lr_t, float b1,
                   float b2, float eps);
void _nr_x86_dense_u8_adam_fused (float *w, float *m_w, float *v_w, float *b, float *m_b,
                                  float *v_b, const guint8 *const *rows, const float *dy, int B,
                                  const guint8 *const *next_rows, float *y_part, int B_next,
                                  const float *lut, int K, int N, int k0, int k1,
                                  const NrAdamStep *adam);

/* Internal: the AVX2 paths (kernels-avx2.c); same contracts as above. */
gboolean _nr_avx2_have (void);
void _nr_avx2_dense_u8_forward (float *y, const guint8 *const *rows, const float *lut,
                                const float *w, const float *b, int B, int K, int N, int c0,
                                int c1);
void _nr_avx2_dense_u8_weight_grad (float *dw, const guint8 *const *rows, const float *lut,
                                    const float *dy, int B, int K, int N, int c0, int c1);
void _nr_avx2_adam (float *p, float *m, float *v, const float *g, gsize n, float lr_t,
                    float b1, float b2, float eps);
void _nr_avx2_relu_backward (float *dx, const float *dy, const float *z, const float *mask,
                             gsize n);
void _nr_avx2_relu_dropout_forward (float *d, float *mask, const float *z, gsize n, float rate,
                                    guint64 *state);
void _nr_avx2_add (float *y, const float *x, gsize n);
void _nr_avx2_dense_u8_adam_fused (float *w, float *m_w, float *v_w, float *b, float *m_b,
                                   float *v_b, const guint8 *const *rows, const float *dy,
                                   int B, const guint8 *const *next_rows, float *y_part,
                                   int B_next, const float *lut, int K, int N, int k0, int k1,
                                   const NrAdamStep *adam);

G_END_DECLS
