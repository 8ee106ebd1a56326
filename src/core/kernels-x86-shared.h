/* kernels-x86-shared.h — what the AVX2 and AVX-512 kernels share (x86-64 only; included
 * by kernels-avx2.c and kernels-x86.c after <immintrin.h>). Plain SSE2, which every
 * x86-64 CPU has, so one copy serves both files whatever their target attributes.
 */
#pragma once

#include <string.h>

#include <glib.h>

/* Scratch for one kernel call, 64-byte aligned: on the stack when it fits (a training
 * step of the tutorial's model needs about 6 KB a buffer), else on the heap; a step does
 * not go through malloc. The stack buffers are declared 64-byte aligned by the caller. */
#define NR_STACK_SCRATCH 16384

static inline guint8 *
nr_scratch_take (guint8 *stack, gsize size)
{
  return size <= NR_STACK_SCRATCH ? stack : g_aligned_alloc (size, 1, 64);
}

static inline void
nr_scratch_give (guint8 *p, guint8 *stack)
{
  if (p != stack)
    g_aligned_free (p);
}

/* B rounded up to 32: a whole number of 32-image masks per pixel. */
static inline int
nr_padded_batch (int B)
{
  return (B + 31) / 32 * 32;
}

/* 16 × 16 bytes transposed in registers: four rounds of interleaving row j with row j + 8
 * (a perfect shuffle) swap the row and column halves of each byte's address. */
static inline __attribute__ ((always_inline)) void
nr_transpose_16x16 (__m128i r[16])
{
  for (int round = 0; round < 4; round++)
    {
      __m128i t[16];
      _Pragma ("GCC unroll 8")
      for (int j = 0; j < 8; j++)
        {
          t[2 * j] = _mm_unpacklo_epi8 (r[j], r[j + 8]);
          t[2 * j + 1] = _mm_unpackhi_epi8 (r[j], r[j + 8]);
        }
      _Pragma ("GCC unroll 16")
      for (int j = 0; j < 16; j++)
        r[j] = t[j];
    }
}

/* xt ← the batch's pixels [k0, k0 + K) transposed, (K, bp) bytes with bp =
 * nr_padded_batch (B) and the images past B zero, so the images that have pixel k lit
 * are one mask test away. */
static inline void
nr_transpose_batch (guint8 *xt, const guint8 *const *rows, int B, int k0, int K)
{
  int bp = nr_padded_batch (B);
  int k16 = K / 16 * 16;

  for (int i0 = 0; i0 < bp; i0 += 16)
    {
      const guint8 *src[16];

      for (int r = 0; r < 16; r++)
        src[r] = i0 + r < B ? rows[i0 + r] + k0 : NULL;
      for (int c0 = 0; c0 < k16; c0 += 16)
        {
          __m128i r[16];

          _Pragma ("GCC unroll 16")
          for (int j = 0; j < 16; j++)
            r[j] = src[j] != NULL ? _mm_loadu_si128 ((const __m128i *) (const void *) (src[j] + c0))
                                  : _mm_setzero_si128 ();
          nr_transpose_16x16 (r);
          _Pragma ("GCC unroll 16")
          for (int j = 0; j < 16; j++)
            _mm_storeu_si128 ((__m128i *) (void *) (xt + (gsize) (c0 + j) * bp + i0), r[j]);
        }
      for (int k = k16; k < K; k++)
        for (int r = 0; r < 16; r++)
          xt[(gsize) k * bp + i0 + r] = src[r] != NULL ? src[r][k] : 0;
    }
}
