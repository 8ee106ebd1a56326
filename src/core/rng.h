/* rng.h — small, fast, deterministic random numbers for the core (private).
 *
 * xoshiro256** (Blackman & Vigna) seeded through splitmix64, so any 64-bit seed,
 * including 0, gives a well-mixed state. The same seed gives the same stream on every
 * machine and build: weights, shuffles, dropout masks and polyfit's noise all derive
 * from it. Not for cryptography.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 s[4];
} NrRng;

/* One splitmix64 step: advances *state and returns the next output. Also the generator
 * behind the dropout masks, whose state is a single guint64 (see layers.h). */
static inline guint64
nr_splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Uniform float in [0, 1) from the top 24 bits of x. */
static inline float
nr_u64_to_unit_float (guint64 x)
{
  return (float) (x >> 40) * (1.0f / 16777216.0f);
}

void nr_rng_seed (NrRng *rng, guint64 seed);
guint64 nr_rng_next_u64 (NrRng *rng);
/* Uniform in [0, 1). */
float nr_rng_uniform (NrRng *rng);
double nr_rng_uniform_double (NrRng *rng);
/* Uniform float in [lo, hi). */
float nr_rng_uniform_range (NrRng *rng, float lo, float hi);
/* Unbiased integer in [0, n); n > 0. */
guint32 nr_rng_below (NrRng *rng, guint32 n);
/* Standard normal (mean 0, standard deviation 1), Box–Muller in double precision. */
double nr_rng_normal (NrRng *rng);
/* Fisher–Yates shuffle of a: (n). */
void nr_rng_shuffle_u32 (NrRng *rng, guint32 *a, gsize n);
/* A seed for an independent sub-stream ("weights", "shuffle", "dropout"…): the same
 * (seed, stream) always gives the same result, different streams are unrelated. */
guint64 nr_rng_derive_seed (guint64 seed, guint64 stream);

G_END_DECLS
