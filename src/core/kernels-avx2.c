/* kernels-avx2.c — AVX2 + FMA paths of the first layer's hot loops (contracts in
 * kernels.h), for the many x86-64 machines without AVX-512 (most laptops).
 *
 * The same algorithms as kernels-x86.c with 8-float ymm registers: a tile of up to 64
 * output columns (8 ymm) stays in registers while the nonzero pixels are summed in order,
 * so the column range a caller asks for never changes a value's bits. Lane masks come
 * from compares and movemask instead of AVX-512's mask registers; the last zmm-sized
 * block of a raw image row is read through a zero-padded copy so no load runs past the
 * row. Compiled for every x86-64 build with per-function target attributes; kernels.c
 * calls these only after __builtin_cpu_supports() said yes.
 */
#include <string.h>

#include "kernels.h"

#if defined(__x86_64__) && defined(__GNUC__)

#include <immintrin.h>

#include "kernels-x86-shared.h"

#define NR_AVX2 __attribute__ ((target ("avx2,fma,bmi,bmi2")))
#define NR_INLINE static inline __attribute__ ((always_inline))

gboolean
_nr_avx2_have (void)
{
  __builtin_cpu_init ();
  return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma") &&
         __builtin_cpu_supports ("bmi2");
}

/* Lanes of the last ymm of a column chunk of n (1 … 8·NY) floats, for maskload/store. */
NR_INLINE NR_AVX2 __m256i
tail_lanes (int n)
{
  int r = n & 7;
  if (r == 0)
    return _mm256_set1_epi32 (-1);
  return _mm256_cmpgt_epi32 (_mm256_set1_epi32 (r), _mm256_setr_epi32 (0, 1, 2, 3, 4, 5, 6, 7));
}

NR_INLINE NR_AVX2 __m256
load_lanes (const float *p, gboolean is_last, __m256i last)
{
  return is_last ? _mm256_maskload_ps (p, last) : _mm256_loadu_ps (p);
}

NR_INLINE NR_AVX2 void
store_lanes (float *p, gboolean is_last, __m256i last, __m256 v)
{
  if (is_last)
    _mm256_maskstore_ps (p, last, v);
  else
    _mm256_storeu_ps (p, v);
}

/* Bit b set when x[b] != 0, for 32 bytes. */
NR_INLINE NR_AVX2 guint32
nonzero32 (const guint8 *x)
{
  __m256i v = _mm256_loadu_si256 ((const __m256i *) (const void *) x);
  return ~(guint32) _mm256_movemask_epi8 (_mm256_cmpeq_epi8 (v, _mm256_setzero_si256 ()));
}

/* Nonzero pixels of x[k0, k0 + n) (n ≤ 64) as a bit mask; never reads past x + k0 + n. */
NR_INLINE NR_AVX2 guint64
nonzero_mask64 (const guint8 *x, int k0, int n)
{
  guint8 pad[64];
  const guint8 *p = x + k0;

  if (n < 64)
    {
      memset (pad, 0, sizeof pad);
      memcpy (pad, p, n);
      p = pad;
    }
  return (guint64) nonzero32 (p) | (guint64) nonzero32 (p + 32) << 32;
}

/* acc[z] += a · w[8z …] over the NY ymm of one weight row; the last ymm through a lane
 * mask only when the tile has a TAIL (a width that is not a multiple of 8): a masked load
 * costs more than a plain one on some CPUs, and the tutorial's 128 columns never need it. */
#define ROW_FMA(NY, TAIL, last, acc, a, wk)                                                  \
  do                                                                                        \
    {                                                                                       \
      _Pragma ("GCC unroll 8")                                                              \
      for (int z = 0; z < (NY) - 1; z++)                                                    \
        acc[z] = _mm256_fmadd_ps (a, _mm256_loadu_ps ((wk) + 8 * z), acc[z]);               \
      acc[(NY) - 1] = _mm256_fmadd_ps (a, load_lanes ((wk) + 8 * ((NY) - 1), TAIL, last),   \
                                       acc[(NY) - 1]);                                      \
    }                                                                                       \
  while (0)

/* CALL (ny, tail) with both as constants, so each tile width gets its own code. */
#define NY_SWITCH_1(CALL, T)                                                                \
  switch (NY)                                                                               \
    {                                                                                       \
    case 1: CALL (1, T); break;                                                             \
    case 2: CALL (2, T); break;                                                             \
    case 3: CALL (3, T); break;                                                             \
    case 4: CALL (4, T); break;                                                             \
    case 5: CALL (5, T); break;                                                             \
    case 6: CALL (6, T); break;                                                             \
    case 7: CALL (7, T); break;                                                             \
    case 8: CALL (8, T); break;                                                             \
    default: g_assert_not_reached ();                                                       \
    }
#define NY_SWITCH(CALL)                                                                     \
  if (n % 8 != 0)                                                                           \
    {                                                                                       \
      NY_SWITCH_1 (CALL, TRUE)                                                              \
    }                                                                                       \
  else                                                                                      \
    {                                                                                       \
      NY_SWITCH_1 (CALL, FALSE)                                                             \
    }

/* ---- Forward ----------------------------------------------------------------------- */

#define U8_K_BLOCK 64

NR_INLINE NR_AVX2 void
u8_forward_cols (const int NY, const gboolean TAIL, __m256i last, float *y, const guint8 *const *rows,
                 const float *lut, const float *w, const float *b, int B, int K, int N)
{
  for (int i0 = 0; i0 < B; i0 += 32)
    {
      int i1 = MIN (B, i0 + 32);

      for (int k0 = 0; k0 < K; k0 += U8_K_BLOCK)
        for (int i = i0; i < i1; i++)
          {
            __m256 acc[8];
            float *yi = y + (gsize) i * N;
            const guint8 *x = rows[i];
            guint64 mask = nonzero_mask64 (x, k0, MIN (U8_K_BLOCK, K - k0));

            _Pragma ("GCC unroll 8")
            for (int z = 0; z < NY; z++)
              {
                if (k0 > 0)
                  acc[z] = load_lanes (yi + 8 * z, TAIL && z == NY - 1, last);
                else
                  acc[z] = b != NULL ? load_lanes (b + 8 * z, TAIL && z == NY - 1, last)
                                     : _mm256_setzero_ps ();
              }
            while (mask != 0)
              {
                int k = k0 + (int) _tzcnt_u64 (mask);
                __m256 a = _mm256_set1_ps (lut[x[k]]);

                mask = _blsr_u64 (mask);
                ROW_FMA (NY, TAIL, last, acc, a, w + (gsize) k * N);
              }
            _Pragma ("GCC unroll 8")
            for (int z = 0; z < NY; z++)
              store_lanes (yi + 8 * z, TAIL && z == NY - 1, last, acc[z]);
          }
    }
}

NR_AVX2 void
_nr_avx2_dense_u8_forward (float *y, const guint8 *const *rows, const float *lut,
                           const float *w, const float *b, int B, int K, int N, int c0, int c1)
{
  for (int j = c0; j < c1; j += 64)
    {
      int n = MIN (64, c1 - j);
      int NY = (n + 7) / 8;
      __m256i last = tail_lanes (n);
      const float *bj = b != NULL ? b + j : NULL;

#define FWD(ny, t) u8_forward_cols (ny, t, last, y + j, rows, lut, w + j, bj, B, K, N)
      NY_SWITCH (FWD)
#undef FWD
    }
}

/* ---- Weight gradient --------------------------------------------------------------- */

/* acc[z] = Σ_b lut[xt[b]] · dy[b, 8z …] over the images with pixel k lit. */
NR_INLINE NR_AVX2 void
u8_grad_row (const int NY, const gboolean TAIL, __m256i last, __m256 *acc, const guint8 *xtk, int bp,
             const float *lut, const float *dy, int N)
{
  _Pragma ("GCC unroll 8")
  for (int z = 0; z < NY; z++)
    acc[z] = _mm256_setzero_ps ();
  for (int b0 = 0; b0 < bp; b0 += 32)
    {
      guint32 mask = nonzero32 (xtk + b0);

      while (mask != 0)
        {
          int i = b0 + (int) _tzcnt_u32 (mask);
          __m256 a = _mm256_set1_ps (lut[xtk[i]]);

          mask = _blsr_u32 (mask);
          ROW_FMA (NY, TAIL, last, acc, a, dy + (gsize) i * N);
        }
    }
}

NR_INLINE NR_AVX2 void
u8_grad_cols (const int NY, const gboolean TAIL, __m256i last, float *dw, const guint8 *xt, int bp,
              const float *lut, const float *dy, int K, int N)
{
  for (int k = 0; k < K; k++)
    {
      __m256 acc[8];
      float *dwk = dw + (gsize) k * N;

      u8_grad_row (NY, TAIL, last, acc, xt + (gsize) k * bp, bp, lut, dy, N);
      _Pragma ("GCC unroll 8")
      for (int z = 0; z < NY; z++)
        store_lanes (dwk + 8 * z, TAIL && z == NY - 1, last, acc[z]);
    }
}

NR_AVX2 void
_nr_avx2_dense_u8_weight_grad (float *dw, const guint8 *const *rows, const float *lut,
                               const float *dy, int B, int K, int N, int c0, int c1)
{
  guint8 stack[NR_STACK_SCRATCH] __attribute__ ((aligned (64)));
  int bp = nr_padded_batch (B);
  guint8 *xt = nr_scratch_take (stack, (gsize) K * bp);

  nr_transpose_batch (xt, rows, B, 0, K);
  for (int j = c0; j < c1; j += 64)
    {
      int n = MIN (64, c1 - j);
      int NY = (n + 7) / 8;
      __m256i last = tail_lanes (n);

#define GRAD(ny, t) u8_grad_cols (ny, t, last, dw + j, xt, bp, lut, dy + j, K, N)
      NY_SWITCH (GRAD)
#undef GRAD
    }
  nr_scratch_give (xt, stack);
}

/* ---- ReLU backward, ReLU + dropout, sum ------------------------------------------ */

NR_AVX2 void
_nr_avx2_relu_backward (float *dx, const float *dy, const float *z, const float *mask, gsize n)
{
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    {
      __m256 on = _mm256_cmp_ps (_mm256_loadu_ps (z + i), _mm256_setzero_ps (), _CMP_GT_OQ);
      __m256 g = _mm256_loadu_ps (dy + i);

      if (mask != NULL)
        g = _mm256_mul_ps (g, _mm256_loadu_ps (mask + i));
      _mm256_storeu_ps (dx + i, _mm256_and_ps (on, g));
    }
  for (; i < n; i++)
    {
      float g = mask != NULL ? dy[i] * mask[i] : dy[i];
      dx[i] = z[i] > 0.0f ? g : 0.0f;
    }
}

#define SPLITMIX_GAMMA G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)

/* x · c modulo 2⁶⁴ in each 64-bit lane (AVX2 multiplies 32-bit halves only):
 * xl·cl + ((xh·cl + xl·ch) << 32). c_lo holds cl, c_hi holds ch, in each lane's low half. */
NR_INLINE NR_AVX2 __m256i
mul_u64 (__m256i x, __m256i c_lo, __m256i c_hi)
{
  __m256i lo = _mm256_mul_epu32 (x, c_lo);
  __m256i cross = _mm256_add_epi64 (_mm256_mul_epu32 (_mm256_srli_epi64 (x, 32), c_lo),
                                    _mm256_mul_epu32 (x, c_hi));

  return _mm256_add_epi64 (lo, _mm256_slli_epi64 (cross, 32));
}

/* nr_splitmix64's output function on 4 counters, then its top 24 bits. */
NR_INLINE NR_AVX2 __m256i
splitmix_top24 (__m256i z)
{
  const guint64 c1 = G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  const guint64 c2 = G_GUINT64_CONSTANT (0x94d049bb133111eb);

  z = _mm256_xor_si256 (z, _mm256_srli_epi64 (z, 30));
  z = mul_u64 (z, _mm256_set1_epi64x ((long long) (c1 & 0xffffffffu)),
               _mm256_set1_epi64x ((long long) (c1 >> 32)));
  z = _mm256_xor_si256 (z, _mm256_srli_epi64 (z, 27));
  z = mul_u64 (z, _mm256_set1_epi64x ((long long) (c2 & 0xffffffffu)),
               _mm256_set1_epi64x ((long long) (c2 >> 32)));
  z = _mm256_xor_si256 (z, _mm256_srli_epi64 (z, 31));
  return _mm256_srli_epi64 (z, 40);
}

/* As the scalar loop in kernels.c, bit for bit: draw i mixes state + (i + 1) · γ. */
NR_AVX2 void
_nr_avx2_relu_dropout_forward (float *d, float *mask, const float *z, gsize n, float rate,
                               guint64 *state)
{
  guint64 s0 = *state;
  const __m256i evens = _mm256_setr_epi32 (0, 2, 4, 6, 1, 3, 5, 7);
  const __m256i step = _mm256_set1_epi64x ((long long) (8 * SPLITMIX_GAMMA));
  __m256i lo = _mm256_setr_epi64x ((long long) (s0 + 1 * SPLITMIX_GAMMA),
                                   (long long) (s0 + 2 * SPLITMIX_GAMMA),
                                   (long long) (s0 + 3 * SPLITMIX_GAMMA),
                                   (long long) (s0 + 4 * SPLITMIX_GAMMA));
  __m256i hi = _mm256_add_epi64 (lo, _mm256_set1_epi64x ((long long) (4 * SPLITMIX_GAMMA)));
  const __m256 scale = _mm256_set1_ps (1.0f / (1.0f - rate));
  const __m256 rate_v = _mm256_set1_ps (rate);
  const __m256 unit = _mm256_set1_ps (1.0f / 16777216.0f);
  guint64 rest;
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    {
      /* The 24-bit draws of lanes 0…3 and 4…7, packed into eight 32-bit integers. */
      __m256i a = _mm256_permutevar8x32_epi32 (splitmix_top24 (lo), evens);
      __m256i b = _mm256_permutevar8x32_epi32 (splitmix_top24 (hi), evens);
      __m256i top = _mm256_permute2x128_si256 (a, b, 0x20);
      __m256 u = _mm256_mul_ps (_mm256_cvtepi32_ps (top), unit);
      __m256 m = _mm256_and_ps (_mm256_cmp_ps (u, rate_v, _CMP_GE_OQ), scale);
      /* MAXPS (0, z) is "0 > z ? 0 : z", NaN passing through, as the scalar ReLU */
      __m256 h = _mm256_max_ps (_mm256_setzero_ps (), _mm256_loadu_ps (z + i));

      _mm256_storeu_ps (mask + i, m);
      _mm256_storeu_ps (d + i, _mm256_mul_ps (h, m));
      lo = _mm256_add_epi64 (lo, step);
      hi = _mm256_add_epi64 (hi, step);
    }
  /* The tail as the scalar loop does it, from where the vectors stopped. */
  rest = s0 + (guint64) i * SPLITMIX_GAMMA;
  for (; i < n; i++)
    {
      guint64 x = (rest += SPLITMIX_GAMMA);
      float u, h;

      x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
      x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
      x ^= x >> 31;
      u = (float) (x >> 40) * (1.0f / 16777216.0f);
      h = 0.0f > z[i] ? 0.0f : z[i];
      mask[i] = u >= rate ? 1.0f / (1.0f - rate) : 0.0f;
      d[i] = h * mask[i];
    }
  *state = s0 + (guint64) n * SPLITMIX_GAMMA;
}

NR_AVX2 void
_nr_avx2_add (float *y, const float *x, gsize n)
{
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps (y + i, _mm256_add_ps (_mm256_loadu_ps (y + i), _mm256_loadu_ps (x + i)));
  for (; i < n; i++)
    y[i] += x[i];
}

/* ---- Adam ------------------------------------------------------------------------- */

typedef struct {
  __m256 lr_t, b1, b2, one_minus_b1, one_minus_b2, eps;
} AdamConsts;

NR_INLINE NR_AVX2 AdamConsts
adam_consts (float lr_t, float b1, float b2, float eps)
{
  AdamConsts c;
  c.lr_t = _mm256_set1_ps (lr_t);
  c.b1 = _mm256_set1_ps (b1);
  c.b2 = _mm256_set1_ps (b2);
  c.one_minus_b1 = _mm256_set1_ps (1.0f - b1);
  c.one_minus_b2 = _mm256_set1_ps (1.0f - b2);
  c.eps = _mm256_set1_ps (eps);
  return c;
}

/* 1 / d for d ≥ ε > 0: the 12-bit estimate refined by two Newton steps, to float
 * rounding. The square root and a division would both go through the one divider, which
 * then bounds Adam (38 µs a step for the tutorial's 101,770 parameters against 23 µs
 * with the division done on the FMA units, measured on a Xeon (Sapphire Rapids) with
 * AVX2). */
NR_INLINE NR_AVX2 __m256
reciprocal (__m256 d)
{
  const __m256 two = _mm256_set1_ps (2.0f);
  __m256 r = _mm256_rcp_ps (d);

  r = _mm256_mul_ps (r, _mm256_fnmadd_ps (d, r, two));
  return _mm256_mul_ps (r, _mm256_fnmadd_ps (d, r, two));
}

/* One ymm of parameters, the operations of the AVX-512 path's adam_vec. */
NR_INLINE NR_AVX2 void
adam_vec (const AdamConsts *c, gboolean is_last, __m256i last, float *p, float *m, float *v,
          __m256 g)
{
  __m256 mv = load_lanes (m, is_last, last);
  __m256 vv = load_lanes (v, is_last, last);
  __m256 pv = load_lanes (p, is_last, last);
  __m256 d;

  mv = _mm256_fmadd_ps (c->b1, mv, _mm256_mul_ps (c->one_minus_b1, g));
  vv = _mm256_fmadd_ps (c->b2, vv, _mm256_mul_ps (_mm256_mul_ps (c->one_minus_b2, g), g));
  d = _mm256_add_ps (_mm256_sqrt_ps (vv), c->eps);
  pv = _mm256_fnmadd_ps (_mm256_mul_ps (c->lr_t, mv), reciprocal (d), pv);
  store_lanes (m, is_last, last, mv);
  store_lanes (v, is_last, last, vv);
  store_lanes (p, is_last, last, pv);
}

NR_AVX2 void
_nr_avx2_adam (float *p, float *m, float *v, const float *g, gsize n, float lr_t, float b1,
               float b2, float eps)
{
  AdamConsts c = adam_consts (lr_t, b1, b2, eps);
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    adam_vec (&c, FALSE, _mm256_setzero_si256 (), p + i, m + i, v + i, _mm256_loadu_ps (g + i));
  if (i < n)
    {
      __m256i last = tail_lanes ((int) (n - i));
      adam_vec (&c, TRUE, last, p + i, m + i, v + i, _mm256_maskload_ps (g + i, last));
    }
}

/* ---- The fused first-layer update ------------------------------------------------- */

#define FUSED_K_BLOCK 64

NR_INLINE NR_AVX2 void
fused_cols (const int NY, const gboolean TAIL, __m256i last, float *w, float *m_w, float *v_w, const float *b,
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
      for (int z = 0; z < NY; z++)
        store_lanes (y_next + (gsize) i * N + 8 * z, TAIL && z == NY - 1, last,
                     b != NULL ? load_lanes (b + 8 * z, TAIL && z == NY - 1, last)
                               : _mm256_setzero_ps ());

  for (int k0 = 0; k0 < K; k0 += FUSED_K_BLOCK)
    {
      int k1 = MIN (K, k0 + FUSED_K_BLOCK);

      for (int k = k0; k < k1; k++)
        {
          __m256 g[8];
          gsize o = (gsize) k * N;

          u8_grad_row (NY, TAIL, last, g, xt + (gsize) k * bp, bp, lut, dy, N);
          _Pragma ("GCC unroll 8")
          for (int z = 0; z < NY; z++)
            adam_vec (c, TAIL && z == NY - 1, last, w + o + 8 * z, m_w + o + 8 * z,
                      v_w + o + 8 * z, g[z]);
        }

      if (xn == NULL)
        continue;
      for (int i = 0; i < B_next; i++)
        {
          __m256 acc[8];
          float *yi = y_next + (gsize) i * N;
          const guint8 *x = xn + (gsize) i * kp;
          guint64 mask = nmask[i * n_blocks + k0 / 64];

          _Pragma ("GCC unroll 8")
          for (int z = 0; z < NY; z++)
            acc[z] = load_lanes (yi + 8 * z, TAIL && z == NY - 1, last);
          while (mask != 0)
            {
              int k = k0 + (int) _tzcnt_u64 (mask);
              __m256 a = _mm256_set1_ps (lut[x[k]]);

              mask = _blsr_u64 (mask);
              ROW_FMA (NY, TAIL, last, acc, a, w + (gsize) k * N);
            }
          _Pragma ("GCC unroll 8")
          for (int z = 0; z < NY; z++)
            store_lanes (yi + 8 * z, TAIL && z == NY - 1, last, acc[z]);
        }
    }
}

NR_AVX2 void
_nr_avx2_dense_u8_adam_fused (float *w, float *m_w, float *v_w, float *b, float *m_b,
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
       * nonzero-pixel masks worked out up front. */
      xn = nr_scratch_take (stack_xn, (gsize) B_next * kp);
      nmask = (guint64 *) (void *) nr_scratch_take (stack_mask,
                                                 sizeof (guint64) * B_next * n_blocks);
      for (int i = 0; i < B_next; i++)
        {
          guint8 *x = xn + (gsize) i * kp;
          memcpy (x, next_rows[i] + k0, R);
          memset (x + R, 0, kp - R);
          for (int kb = 0; kb < n_blocks; kb++)
            nmask[i * n_blocks + kb] = nonzero_mask64 (x, kb * 64, 64);
        }
    }

  for (int j = 0; j < N; j += 64)
    {
      int n = MIN (64, N - j);
      int NY = (n + 7) / 8;
      __m256i last = tail_lanes (n);

      /* The range holding row 0 owns the bias: db = Σ_b dy, summed over b in order. */
      if (k0 == 0)
        for (int z = 0; z < NY; z++)
          {
            gboolean is_last = z == NY - 1;
            __m256 s = _mm256_setzero_ps ();
            for (int i = 0; i < B; i++)
              s = _mm256_add_ps (s, load_lanes (dy + (gsize) i * N + j + 8 * z, is_last, last));
            adam_vec (&c, is_last, last, b + j + 8 * z, m_b + j + 8 * z, v_b + j + 8 * z, s);
          }

#define FUSED(ny, t)                                                                        \
  fused_cols (ny, t, last, wr + j, mr + j, vr + j, k0 == 0 ? b + j : NULL, xt, bp, dy + j, xn, \
              kp, nmask, y_part != NULL ? y_part + j : NULL, B_next, lut, R, N, &c)
      NY_SWITCH (FUSED)
#undef FUSED
    }
  nr_scratch_give (xt, stack_xt);
  if (xn != NULL)
    {
      nr_scratch_give (xn, stack_xn);
      nr_scratch_give ((guint8 *) nmask, stack_mask);
    }
}

#else /* not x86-64 with GCC */

void
_nr_avx2_relu_backward (float *dx, const float *dy, const float *z, const float *mask, gsize n)
{
  g_assert_not_reached ();
}

void
_nr_avx2_relu_dropout_forward (float *d, float *mask, const float *z, gsize n, float rate,
                               guint64 *state)
{
  g_assert_not_reached ();
}

void
_nr_avx2_add (float *y, const float *x, gsize n)
{
  g_assert_not_reached ();
}

gboolean
_nr_avx2_have (void)
{
  return FALSE;
}

void
_nr_avx2_dense_u8_forward (float *y, const guint8 *const *rows, const float *lut,
                           const float *w, const float *b, int B, int K, int N, int c0, int c1)
{
  g_assert_not_reached ();
}

void
_nr_avx2_dense_u8_weight_grad (float *dw, const guint8 *const *rows, const float *lut,
                               const float *dy, int B, int K, int N, int c0, int c1)
{
  g_assert_not_reached ();
}

void
_nr_avx2_adam (float *p, float *m, float *v, const float *g, gsize n, float lr_t, float b1,
               float b2, float eps)
{
  g_assert_not_reached ();
}

void
_nr_avx2_dense_u8_adam_fused (float *w, float *m_w, float *v_w, float *b, float *m_b,
                              float *v_b, const guint8 *const *rows, const float *dy, int B,
                              const guint8 *const *next_rows, float *y_part, int B_next,
                              const float *lut, int K, int N, int k0, int k1,
                              const NrAdamStep *adam)
{
  g_assert_not_reached ();
}

#endif
