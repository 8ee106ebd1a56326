/* rng.c — xoshiro256** seeded by splitmix64 (see rng.h). */
#include <math.h>

#include "rng.h"

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

void
nr_rng_seed (NrRng *rng, guint64 seed)
{
  guint64 state = seed;

  for (int i = 0; i < 4; i++)
    rng->s[i] = nr_splitmix64 (&state);
}

guint64
nr_rng_next_u64 (NrRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

float
nr_rng_uniform (NrRng *rng)
{
  return nr_u64_to_unit_float (nr_rng_next_u64 (rng));
}

double
nr_rng_uniform_double (NrRng *rng)
{
  return (double) (nr_rng_next_u64 (rng) >> 11) * (1.0 / 9007199254740992.0);
}

float
nr_rng_uniform_range (NrRng *rng, float lo, float hi)
{
  return lo + (hi - lo) * nr_rng_uniform (rng);
}

guint32
nr_rng_below (NrRng *rng, guint32 n)
{
  /* Lemire's multiply-and-reject: unbiased, almost never loops. */
  guint64 m = (nr_rng_next_u64 (rng) >> 32) * (guint64) n;
  guint32 low = (guint32) m;

  g_assert (n > 0);
  if (low < n)
    {
      guint32 threshold = (guint32) (-n) % n;
      while (low < threshold)
        {
          m = (nr_rng_next_u64 (rng) >> 32) * (guint64) n;
          low = (guint32) m;
        }
    }
  return (guint32) (m >> 32);
}

double
nr_rng_normal (NrRng *rng)
{
  /* u1 in (0, 1] so the log is finite. */
  double u1 = 1.0 - nr_rng_uniform_double (rng);
  double u2 = nr_rng_uniform_double (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

void
nr_rng_shuffle_u32 (NrRng *rng, guint32 *a, gsize n)
{
  g_assert (n <= G_MAXUINT32);
  for (gsize i = n; i > 1; i--)
    {
      guint32 j = nr_rng_below (rng, (guint32) i);
      guint32 tmp = a[i - 1];
      a[i - 1] = a[j];
      a[j] = tmp;
    }
}

guint64
nr_rng_derive_seed (guint64 seed, guint64 stream)
{
  guint64 state = seed ^ (stream * G_GUINT64_CONSTANT (0xd1b54a32d192ed03));

  nr_splitmix64 (&state);
  return nr_splitmix64 (&state);
}
