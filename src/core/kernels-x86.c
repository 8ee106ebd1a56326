/* kernels-x86.c — AVX-512 paths of the hot loops (contracts in kernels.h).
 *
 * Compiled for every x86-64 build without -march flags: each function carries its own
 * target attribute, and kernels.c calls them only after __builtin_cpu_supports() said yes.
 * The products are register-tiled: a tile of outputs stays in zmm registers while the
 * reduction runs, each output is summed in the same order whatever the column range, so
 * a caller may split the columns across threads and get identical bits.
 */
#include <string.h>

#include "kernels.h"

#if defined(__x86_64__) && defined(__GNUC__)

#include <immintrin.h>

#include "kernels-x86-shared.h"

#define NR_AVX512 __attribute__ ((target ("avx512f,avx512vl,avx512bw,avx512dq,fma,bmi,bmi2")))
#define NR_INLINE static inline __attribute__ ((always_inline))

gboolean
_nr_x86_have_avx512 (void)
{
  __builtin_cpu_init ();
  return __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512vl") &&
         __builtin_cpu_supports ("avx512bw") && __builtin_cpu_supports ("avx512dq") &&
         __builtin_cpu_supports ("fma") && __builtin_cpu_supports ("bmi2");
}

/* Lanes of the last zmm of a column chunk of n (1 … 16·NZ) floats. */
NR_INLINE __mmask16
tail_mask (int n)
{
  int r = n & 15;
  return r == 0 ? (__mmask16) 0xffff : (__mmask16) ((1u << r) - 1);
}

/* ---- Generic products ------------------------------------------------------------- */

/* C[r, z] (+)= Σ_k A(r, k) · B[k, z] for R rows and NZ zmm columns (the last one masked).
 * A(r, k) = A[r · sa_i + k · sa_k]; B: (K, ldb); C: (R, ldc). */
NR_INLINE NR_AVX512 void
gemm_tile (const int R, const int NZ, __mmask16 last, int K, const float *A, int sa_i,
           int sa_k, const float *B, int ldb, float *C, int ldc, gboolean accumulate)
{
  __m512 c[4][4];

  _Pragma ("GCC unroll 8")
  for (int r = 0; r < R; r++)
    _Pragma ("GCC unroll 8")
    for (int z = 0; z < NZ; z++)
      c[r][z] = _mm512_setzero_ps ();

  for (int k = 0; k < K; k++)
    {
      const float *bk = B + (gsize) k * ldb;
      __m512 bv[4];

      _Pragma ("GCC unroll 8")
      for (int z = 0; z < NZ; z++)
        bv[z] = z == NZ - 1 ? _mm512_maskz_loadu_ps (last, bk + 16 * z)
                            : _mm512_loadu_ps (bk + 16 * z);
      _Pragma ("GCC unroll 8")
      for (int r = 0; r < R; r++)
        {
          __m512 a = _mm512_set1_ps (A[(gsize) r * sa_i + (gsize) k * sa_k]);
          _Pragma ("GCC unroll 8")
          for (int z = 0; z < NZ; z++)
            c[r][z] = _mm512_fmadd_ps (a, bv[z], c[r][z]);
        }
    }

  _Pragma ("GCC unroll 8")
  for (int r = 0; r < R; r++)
    _Pragma ("GCC unroll 8")
    for (int z = 0; z < NZ; z++)
      {
        float *p = C + (gsize) r * ldc + 16 * z;
        __mmask16 mk = z == NZ - 1 ? last : (__mmask16) 0xffff;

        if (accumulate)
          c[r][z] = _mm512_add_ps (c[r][z], _mm512_maskz_loadu_ps (mk, p));
        _mm512_mask_storeu_ps (p, mk, c[r][z]);
      }
}

#define GEMM_CASE(R_, NZ_)                                                                  \
  case (R_) * 8 + (NZ_):                                                                    \
    gemm_tile (R_, NZ_, last, K, a, sa_i, sa_k, B + j, N, C + (gsize) i * N + j, N,       \
               accumulate);                                                                 \
    break;

NR_AVX512 void
_nr_x86_gemm (int M, int N, int K, const float *A, int sa_i, int sa_k, const float *B,
              float *C, gboolean accumulate)
{
  for (int i = 0; i < M; i += 4)
    {
      int R = MIN (4, M - i);
      const float *a = A + (gsize) i * sa_i;

      for (int j = 0; j < N; j += 64)
        {
          int n = MIN (64, N - j);
          int NZ = (n + 15) / 16;
          __mmask16 last = tail_mask (n);

          switch (R * 8 + NZ)
            {
              GEMM_CASE (1, 1) GEMM_CASE (1, 2) GEMM_CASE (1, 3) GEMM_CASE (1, 4)
              GEMM_CASE (2, 1) GEMM_CASE (2, 2) GEMM_CASE (2, 3) GEMM_CASE (2, 4)
              GEMM_CASE (3, 1) GEMM_CASE (3, 2) GEMM_CASE (3, 3) GEMM_CASE (3, 4)
              GEMM_CASE (4, 1) GEMM_CASE (4, 2) GEMM_CASE (4, 3) GEMM_CASE (4, 4)
            default:
              g_assert_not_reached ();
            }
        }
    }
}

/* ---- First layer on uint8 pixels -------------------------------------------------- */

/* Nonzero pixels of x[k0, k0 + n) (n ≤ 64) as a bit mask; never reads past x + k0 + n. */
NR_INLINE NR_AVX512 guint64
nonzero_mask (const guint8 *x, int k0, int n)
{
  __mmask64 lanes = n >= 64 ? ~(__mmask64) 0 : (((__mmask64) 1 << n) - 1);
  __m512i v = _mm512_maskz_loadu_epi8 (lanes, x + k0);
  return _mm512_test_epi8_mask (v, v);
}

/* acc[z] += a · row[16z …] over the NZ zmm of one row (the last one masked). */
NR_INLINE NR_AVX512 void
row_fma (const int NZ, __mmask16 last, __m512 *acc, __m512 a, const float *row)
{
  _Pragma ("GCC unroll 8")
  for (int z = 0; z < NZ - 1; z++)
    acc[z] = _mm512_fmadd_ps (a, _mm512_loadu_ps (row + 16 * z), acc[z]);
  acc[NZ - 1] = _mm512_fmadd_ps (a, _mm512_maskz_loadu_ps (last, row + 16 * (NZ - 1)),
                                 acc[NZ - 1]);
}

/* acc[z] += Σ over the nonzero pixels k in [k0, k1) of lut[x[k]] · w[k, 16z …]. */
NR_INLINE NR_AVX512 void
u8_row_accumulate (const int NZ, __mmask16 last, __m512 *acc, const guint8 *x,
                   const float *lut, const float *w, int N, int k0, int k1)
{
  for (int kb = k0; kb < k1; kb += 64)
    {
      guint64 mask = nonzero_mask (x, kb, MIN (64, k1 - kb));

      while (mask != 0)
        {
          int k = kb + (int) _tzcnt_u64 (mask);
          const float *wk = w + (gsize) k * N;
          __m512 a = _mm512_set1_ps (lut[x[k]]);

          mask = _blsr_u64 (mask);
          row_fma (NZ, last, acc, a, wk);
        }
    }
}

/* Rows of w one sweep reads before moving on, so that the block stays in L1 while all the
 * images of a group of 32 pass over it (W itself does not fit). */
#define U8_K_BLOCK 64

NR_INLINE NR_AVX512 void
u8_forward_cols (const int NZ, __mmask16 last, float *y, const guint8 *const *rows,
                 const float *lut, const float *w, const float *b, int B, int K, int N)
{
  for (int i0 = 0; i0 < B; i0 += 32)
    {
      int i1 = MIN (B, i0 + 32);

      for (int k0 = 0; k0 < K; k0 += U8_K_BLOCK)
        for (int i = i0; i < i1; i++)
          {
            __m512 acc[8];
            float *yi = y + (gsize) i * N;

            _Pragma ("GCC unroll 8")
            for (int z = 0; z < NZ; z++)
              {
                __mmask16 mk = z == NZ - 1 ? last : (__mmask16) 0xffff;
                if (k0 > 0)
                  acc[z] = _mm512_maskz_loadu_ps (mk, yi + 16 * z);
                else
                  acc[z] = b != NULL ? _mm512_maskz_loadu_ps (mk, b + 16 * z)
                                     : _mm512_setzero_ps ();
              }
            u8_row_accumulate (NZ, last, acc, rows[i], lut, w, N, k0, MIN (K, k0 + U8_K_BLOCK));
            _Pragma ("GCC unroll 8")
            for (int z = 0; z < NZ; z++)
              _mm512_mask_storeu_ps (yi + 16 * z, z == NZ - 1 ? last : (__mmask16) 0xffff,
                                     acc[z]);
          }
    }
}

#define NZ_SWITCH(CALL)                                                                     \
  switch (NZ)                                                                               \
    {                                                                                       \
    case 1: CALL (1); break;                                                                \
    case 2: CALL (2); break;                                                                \
    case 3: CALL (3); break;                                                                \
    case 4: CALL (4); break;                                                                \
    case 5: CALL (5); break;                                                                \
    case 6: CALL (6); break;                                                                \
    case 7: CALL (7); break;                                                                \
    case 8: CALL (8); break;                                                                \
    default: g_assert_not_reached ();                                                       \
    }

NR_AVX512 void
_nr_x86_dense_u8_forward (float *y, const guint8 *const *rows, const float *lut,
                          const float *w, const float *b, int B, int K, int N, int c0, int c1)
{
  for (int j = c0; j < c1; j += 128)
    {
      int n = MIN (128, c1 - j);
      int NZ = (n + 15) / 16;
      __mmask16 last = tail_mask (n);
      const float *bj = b != NULL ? b + j : NULL;

#define FWD(nz) u8_forward_cols (nz, last, y + j, rows, lut, w + j, bj, B, K, N)
      NZ_SWITCH (FWD)
#undef FWD
    }
}

/* acc[z] = Σ_b lut[xt[b]] · dy[b, 16z …] over the images with pixel k lit. */
NR_INLINE NR_AVX512 void
u8_grad_row (const int NZ, __mmask16 last, __m512 *acc, const guint8 *xtk, int bp,
             const float *lut, const float *dy, int N)
{
  _Pragma ("GCC unroll 8")
  for (int z = 0; z < NZ; z++)
    acc[z] = _mm512_setzero_ps ();
  for (int b0 = 0; b0 < bp; b0 += 32)
    {
      __m256i v = _mm256_loadu_si256 ((const __m256i *) (const void *) (xtk + b0));
      guint32 mask = _mm256_test_epi8_mask (v, v);

      while (mask != 0)
        {
          int i = b0 + (int) _tzcnt_u32 (mask);
          const float *dyi = dy + (gsize) i * N;
          __m512 a = _mm512_set1_ps (lut[xtk[i]]);

          mask = _blsr_u32 (mask);
          row_fma (NZ, last, acc, a, dyi);
        }
    }
}

NR_INLINE NR_AVX512 void
u8_grad_cols (const int NZ, __mmask16 last, float *dw, const guint8 *xt, int bp,
              const float *lut, const float *dy, int K, int N)
{
  for (int k = 0; k < K; k++)
    {
      __m512 acc[8];
      float *dwk = dw + (gsize) k * N;

      u8_grad_row (NZ, last, acc, xt + (gsize) k * bp, bp, lut, dy, N);
      _Pragma ("GCC unroll 8")
      for (int z = 0; z < NZ; z++)
        _mm512_mask_storeu_ps (dwk + 16 * z, z == NZ - 1 ? last : (__mmask16) 0xffff, acc[z]);
    }
}

NR_AVX512 void
_nr_x86_dense_u8_weight_grad (float *dw, const guint8 *const *rows, const float *lut,
                              const float *dy, int B, int K, int N, int c0, int c1)
{
  guint8 stack[NR_STACK_SCRATCH] __attribute__ ((aligned (64)));
  int bp = nr_padded_batch (B);
  guint8 *xt = nr_scratch_take (stack, (gsize) K * bp);

  nr_transpose_batch (xt, rows, B, 0, K);
  for (int j = c0; j < c1; j += 128)
    {
      int n = MIN (128, c1 - j);
      int NZ = (n + 15) / 16;
      __mmask16 last = tail_mask (n);

#define GRAD(nz) u8_grad_cols (nz, last, dw + j, xt, bp, lut, dy + j, K, N)
      NZ_SWITCH (GRAD)
#undef GRAD
    }
  nr_scratch_give (xt, stack);
}

/* ---- ReLU backward ---------------------------------------------------------------- */

NR_AVX512 void
_nr_x86_relu_backward (float *dx, const float *dy, const float *z, const float *mask, gsize n)
{
  for (gsize i = 0; i < n; i += 16)
    {
      __mmask16 mk = n - i >= 16 ? (__mmask16) 0xffff : (__mmask16) ((1u << (n - i)) - 1);
      __mmask16 on = _mm512_mask_cmp_ps_mask (mk, _mm512_maskz_loadu_ps (mk, z + i),
                                              _mm512_setzero_ps (), _CMP_GT_OQ);
      __m512 g = _mm512_maskz_loadu_ps (on, dy + i);

      if (mask != NULL)
        g = _mm512_maskz_mul_ps (on, g, _mm512_maskz_loadu_ps (on, mask + i));
      _mm512_mask_storeu_ps (dx + i, mk, g);
    }
}

/* ---- ReLU + dropout forward ------------------------------------------------------- */

#define SPLITMIX_GAMMA G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)

/* nr_splitmix64's output function on 8 counters at once. */
NR_INLINE NR_AVX512 __m512i
splitmix_mix (__m512i z)
{
  z = _mm512_xor_si512 (z, _mm512_srli_epi64 (z, 30));
  z = _mm512_mullo_epi64 (z, _mm512_set1_epi64 ((long long) G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9)));
  z = _mm512_xor_si512 (z, _mm512_srli_epi64 (z, 27));
  z = _mm512_mullo_epi64 (z, _mm512_set1_epi64 ((long long) G_GUINT64_CONSTANT (0x94d049bb133111eb)));
  return _mm512_xor_si512 (z, _mm512_srli_epi64 (z, 31));
}

NR_AVX512 void
_nr_x86_relu_dropout_forward (float *d, float *mask, const float *z, gsize n, float rate,
                              guint64 *state)
{
  guint64 s0 = *state;
  __m512i step = _mm512_set1_epi64 ((long long) (16 * SPLITMIX_GAMMA));
  __m512i lo = _mm512_set_epi64 ((long long) (s0 + 8 * SPLITMIX_GAMMA),
                                 (long long) (s0 + 7 * SPLITMIX_GAMMA),
                                 (long long) (s0 + 6 * SPLITMIX_GAMMA),
                                 (long long) (s0 + 5 * SPLITMIX_GAMMA),
                                 (long long) (s0 + 4 * SPLITMIX_GAMMA),
                                 (long long) (s0 + 3 * SPLITMIX_GAMMA),
                                 (long long) (s0 + 2 * SPLITMIX_GAMMA),
                                 (long long) (s0 + 1 * SPLITMIX_GAMMA));
  __m512i hi = _mm512_add_epi64 (lo, _mm512_set1_epi64 ((long long) (8 * SPLITMIX_GAMMA)));
  __m512 scale = _mm512_set1_ps (1.0f / (1.0f - rate));
  __m512 rate_v = _mm512_set1_ps (rate);
  __m512 unit = _mm512_set1_ps (1.0f / 16777216.0f);

  for (gsize i = 0; i < n; i += 16)
    {
      __mmask16 mk = n - i >= 16 ? (__mmask16) 0xffff : (__mmask16) ((1u << (n - i)) - 1);
      /* u = (draw >> 40) · 2⁻²⁴, as nr_u64_to_unit_float: exact in float */
      __m256i top_lo = _mm512_cvtepi64_epi32 (_mm512_srli_epi64 (splitmix_mix (lo), 40));
      __m256i top_hi = _mm512_cvtepi64_epi32 (_mm512_srli_epi64 (splitmix_mix (hi), 40));
      __m512i top = _mm512_inserti64x4 (_mm512_castsi256_si512 (top_lo), top_hi, 1);
      __m512 u = _mm512_mul_ps (_mm512_cvtepi32_ps (top), unit);
      __m512 m = _mm512_maskz_mov_ps (_mm512_cmp_ps_mask (u, rate_v, _CMP_GE_OQ), scale);
      /* MAXPS (0, z) is "0 > z ? 0 : z", NaN passing through, as the scalar ReLU */
      __m512 h = _mm512_max_ps (_mm512_setzero_ps (), _mm512_maskz_loadu_ps (mk, z + i));

      _mm512_mask_storeu_ps (mask + i, mk, m);
      _mm512_mask_storeu_ps (d + i, mk, _mm512_mul_ps (h, m));
      lo = _mm512_add_epi64 (lo, step);
      hi = _mm512_add_epi64 (hi, step);
    }
  *state = s0 + (guint64) n * SPLITMIX_GAMMA;
}

/* ---- Sum ------------------------------------------------------------------------ */

NR_AVX512 void
_nr_x86_add (float *y, const float *x, gsize n)
{
  for (gsize i = 0; i < n; i += 16)
    {
      __mmask16 mk = n - i >= 16 ? (__mmask16) 0xffff : (__mmask16) ((1u << (n - i)) - 1);
      _mm512_mask_storeu_ps (y + i, mk, _mm512_add_ps (_mm512_maskz_loadu_ps (mk, y + i),
                                                       _mm512_maskz_loadu_ps (mk, x + i)));
    }
}

/* ---- Adam ------------------------------------------------------------------------- */

typedef struct {
  __m512 lr_t, b1, b2, one_minus_b1, one_minus_b2, eps;
} AdamConsts;

NR_INLINE NR_AVX512 AdamConsts
adam_consts (float lr_t, float b1, float b2, float eps)
{
  AdamConsts c;
  c.lr_t = _mm512_set1_ps (lr_t);
  c.b1 = _mm512_set1_ps (b1);
  c.b2 = _mm512_set1_ps (b2);
  c.one_minus_b1 = _mm512_set1_ps (1.0f - b1);
  c.one_minus_b2 = _mm512_set1_ps (1.0f - b2);
  c.eps = _mm512_set1_ps (eps);
  return c;
}

/* 1 / d for d ≥ ε > 0: the 14-bit estimate refined by one Newton step, to float
 * rounding. The square root and a division would both go through the one divider, which
 * then bounds Adam (see kernels-avx2.c). */
NR_INLINE NR_AVX512 __m512
reciprocal (__m512 d)
{
  __m512 r = _mm512_rcp14_ps (d);

  return _mm512_mul_ps (r, _mm512_fnmadd_ps (d, r, _mm512_set1_ps (2.0f)));
}

/* One zmm of parameters: the scalar formula's operations, with FMAs, the division as a
 * refined reciprocal. */
NR_INLINE NR_AVX512 void
adam_vec (const AdamConsts *c, __mmask16 mk, float *p, float *m, float *v, __m512 g)
{
  __m512 mv = _mm512_maskz_loadu_ps (mk, m);
  __m512 vv = _mm512_maskz_loadu_ps (mk, v);
  __m512 pv = _mm512_maskz_loadu_ps (mk, p);
  __m512 d;

  mv = _mm512_fmadd_ps (c->b1, mv, _mm512_mul_ps (c->one_minus_b1, g));
  vv = _mm512_fmadd_ps (c->b2, vv, _mm512_mul_ps (_mm512_mul_ps (c->one_minus_b2, g), g));
  d = _mm512_add_ps (_mm512_sqrt_ps (vv), c->eps);
  pv = _mm512_fnmadd_ps (_mm512_mul_ps (c->lr_t, mv), reciprocal (d), pv);
  _mm512_mask_storeu_ps (m, mk, mv);
  _mm512_mask_storeu_ps (v, mk, vv);
  _mm512_mask_storeu_ps (p, mk, pv);
}

NR_AVX512 void
_nr_x86_adam (float *p, float *m, float *v, const float *g, gsize n, float lr_t, float b1,
              float b2, float eps)
{
  AdamConsts c = adam_consts (lr_t, b1, b2, eps);

  for (gsize i = 0; i < n; i += 16)
    {
      __mmask16 mk = n - i >= 16 ? (__mmask16) 0xffff : (__mmask16) ((1u << (n - i)) - 1);
      adam_vec (&c, mk, p + i, m + i, v + i, _mm512_maskz_loadu_ps (mk, g + i));
    }
}

/* ---- The fused first-layer update ------------------------------------------------- */

/* Rows of w updated before the next batch's forward sweeps them: small enough that the
 * block is still in cache when the sweep reads it back, and one 64-bit pixel mask wide. */
#define FUSED_K_BLOCK 64

NR_INLINE NR_AVX512 void
fused_cols (const int NZ, __mmask16 last, float *w, float *m_w, float *v_w, const float *b,
            const guint8 *xt, int bp, const float *dy, const guint8 *xn, int kp,
            const guint64 *nmask, float *y_next, int B_next, const float *lut, int K, int N,
            const AdamConsts *c)
{
  int n_blocks = kp / 64;

  /* The next batch's partial outputs start from the (already updated) bias in the range
   * that holds row 0, from zero in the others. */
  if (xn != NULL)
    for (int i = 0; i < B_next; i++)
      _Pragma ("GCC unroll 8")
      for (int z = 0; z < NZ; z++)
        {
          __mmask16 mk = z == NZ - 1 ? last : (__mmask16) 0xffff;
          _mm512_mask_storeu_ps (y_next + (gsize) i * N + 16 * z, mk,
                                 b != NULL ? _mm512_maskz_loadu_ps (mk, b + 16 * z)
                                           : _mm512_setzero_ps ());
        }

  for (int k0 = 0; k0 < K; k0 += FUSED_K_BLOCK)
    {
      int k1 = MIN (K, k0 + FUSED_K_BLOCK);

      for (int k = k0; k < k1; k++)
        {
          __m512 g[8];
          gsize o = (gsize) k * N;

          u8_grad_row (NZ, last, g, xt + (gsize) k * bp, bp, lut, dy, N);
          _Pragma ("GCC unroll 8")
          for (int z = 0; z < NZ; z++)
            adam_vec (c, z == NZ - 1 ? last : (__mmask16) 0xffff, w + o + 16 * z,
                      m_w + o + 16 * z, v_w + o + 16 * z, g[z]);
        }

      if (xn == NULL)
        continue;
      for (int i = 0; i < B_next; i++)
        {
          __m512 acc[8];
          float *yi = y_next + (gsize) i * N;
          const guint8 *x = xn + (gsize) i * kp;
          guint64 mask = nmask[i * n_blocks + k0 / 64];

          _Pragma ("GCC unroll 8")
          for (int z = 0; z < NZ; z++)
            acc[z] = _mm512_maskz_loadu_ps (z == NZ - 1 ? last : (__mmask16) 0xffff,
                                            yi + 16 * z);
          while (mask != 0)
            {
              int k = k0 + (int) _tzcnt_u64 (mask);
              const float *wk = w + (gsize) k * N;
              __m512 a = _mm512_set1_ps (lut[x[k]]);

              mask = _blsr_u64 (mask);
              row_fma (NZ, last, acc, a, wk);
            }
          _Pragma ("GCC unroll 8")
          for (int z = 0; z < NZ; z++)
            _mm512_mask_storeu_ps (yi + 16 * z, z == NZ - 1 ? last : (__mmask16) 0xffff,
                                   acc[z]);
        }
    }
}

NR_AVX512 void
_nr_x86_dense_u8_adam_fused (float *w, float *m_w, float *v_w, float *b, float *m_b,
                             float *v_b, const guint8 *const *rows, const float *dy, int B,
                             const guint8 *const *next_rows, float *y_part, int B_next,
                             const float *lut, int K, int N, int k0, int k1,
                             const NrAdamStep *adam)
{
  AdamConsts c = adam_consts (adam->lr_t, adam->b1, adam->b2, adam->eps);
  int R = k1 - k0; /* rows of w in this range */
  int bp = nr_padded_batch (B), kp = (R + 63) / 64 * 64, n_blocks = kp / 64;
  float *wr = w + (gsize) k0 * N, *mr = m_w + (gsize) k0 * N, *vr = v_w + (gsize) k0 * N;
  guint8 stack_xt[NR_STACK_SCRATCH] __attribute__ ((aligned (64)));
  guint8 stack_xn[NR_STACK_SCRATCH] __attribute__ ((aligned (64)));
  guint8 stack_mask[NR_STACK_SCRATCH] __attribute__ ((aligned (64)));
  guint8 *xt, *xn = NULL;
  guint64 *nmask = NULL;

  (void) K;
  if (R <= 0)
    return;
  xt = nr_scratch_take (stack_xt, (gsize) R * bp);
  nr_transpose_batch (xt, rows, B, k0, R);
  if (next_rows != NULL)
    {
      /* The next batch's pixels [k0, k1) gathered into one zero-padded block, with their
       * nonzero-pixel masks worked out up front: the sweep below then never waits on a
       * scattered image row to learn how many pixels it has to add. */
      xn = nr_scratch_take (stack_xn, (gsize) B_next * kp);
      nmask = (guint64 *) (void *) nr_scratch_take (stack_mask,
                                                    sizeof (guint64) * B_next * n_blocks);
      for (int i = 0; i < B_next; i++)
        {
          guint8 *x = xn + (gsize) i * kp;
          memcpy (x, next_rows[i] + k0, R);
          memset (x + R, 0, kp - R);
          for (int kb = 0; kb < n_blocks; kb++)
            {
              __m512i v = _mm512_load_si512 ((const void *) (x + kb * 64));
              nmask[i * n_blocks + kb] = _mm512_test_epi8_mask (v, v);
            }
        }
    }

  for (int j = 0; j < N; j += 128)
    {
      int n = MIN (128, N - j);
      int NZ = (n + 15) / 16;
      __mmask16 last = tail_mask (n);

      /* The range holding row 0 owns the bias: db = Σ_b dy, summed over b in order like
       * the portable path. */
      if (k0 == 0)
        _Pragma ("GCC unroll 8")
        for (int z = 0; z < NZ; z++)
          {
            __mmask16 mk = z == NZ - 1 ? last : (__mmask16) 0xffff;
            __m512 s = _mm512_setzero_ps ();
            for (int i = 0; i < B; i++)
              s = _mm512_add_ps (s, _mm512_maskz_loadu_ps (mk, dy + (gsize) i * N + j + 16 * z));
            adam_vec (&c, mk, b + j + 16 * z, m_b + j + 16 * z, v_b + j + 16 * z, s);
          }

#define FUSED(nz)                                                                           \
  fused_cols (nz, last, wr + j, mr + j, vr + j, k0 == 0 ? b + j : NULL, xt, bp, dy + j, xn, \
              kp, nmask, y_part != NULL ? y_part + j : NULL, B_next, lut, R, N, &c)
      NZ_SWITCH (FUSED)
#undef FUSED
    }
  nr_scratch_give (xt, stack_xt);
  if (xn != NULL)
    {
      nr_scratch_give (xn, stack_xn);
      nr_scratch_give ((guint8 *) nmask, stack_mask);
    }
}

#else /* not x86-64 with GCC: the portable paths are the only ones */

gboolean
_nr_x86_have_avx512 (void)
{
  return FALSE;
}

void
_nr_x86_gemm (int M, int N, int K, const float *A, int sa_i, int sa_k, const float *B,
              float *C, gboolean accumulate)
{
  g_assert_not_reached ();
}

void
_nr_x86_dense_u8_forward (float *y, const guint8 *const *rows, const float *lut,
                          const float *w, const float *b, int B, int K, int N, int c0, int c1)
{
  g_assert_not_reached ();
}

void
_nr_x86_dense_u8_weight_grad (float *dw, const guint8 *const *rows, const float *lut,
                              const float *dy, int B, int K, int N, int c0, int c1)
{
  g_assert_not_reached ();
}

void
_nr_x86_relu_backward (float *dx, const float *dy, const float *z, const float *mask, gsize n)
{
  g_assert_not_reached ();
}

void
_nr_x86_relu_dropout_forward (float *d, float *mask, const float *z, gsize n, float rate,
                              guint64 *state)
{
  g_assert_not_reached ();
}

void
_nr_x86_add (float *y, const float *x, gsize n)
{
  g_assert_not_reached ();
}

void
_nr_x86_adam (float *p, float *m, float *v, const float *g, gsize n, float lr_t, float b1,
              float b2, float eps)
{
  g_assert_not_reached ();
}

void
_nr_x86_dense_u8_adam_fused (float *w, float *m_w, float *v_w, float *b, float *m_b,
                             float *v_b, const guint8 *const *rows, const float *dy, int B,
                             const guint8 *const *next_rows, float *y_part, int B_next,
                             const float *lut, int K, int N, int k0, int k1,
                             const NrAdamStep *adam)
{
  g_assert_not_reached ();
}

#endif
