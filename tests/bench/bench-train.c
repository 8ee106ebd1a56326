/* bench-train.c — how fast the training core is, in numbers.
 *
 *   bench-train [--threads N] [--epochs N] [--seed N] [--dataset fashion|mnist]
 *               [--data-dir DIR] [--kernels loops|openblas|avx2|avx512] [--kernels-only]
 *               [--no-kernels] [--floor]
 *
 * First the kernels on the tutorial model's real shapes (batch 32, 784 → 128 → 10, real
 * images from the dataset), each timed over many calls: microseconds per call and
 * GFLOP/s counted as the dense product would (2·M·N·K), so skipping zero pixels shows as
 * a higher figure, plus the fraction of pixels that were nonzero. Then the tutorial model
 * (128 relu, Dropout 0.2, 10 outputs, Adam, batch 32) trained on the full training set:
 * seconds per epoch (training only, as the trainer reports it), test accuracy and the
 * process's peak resident memory.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <glib.h>

#include "kernels.h"
#include "neurona/dataset.h"
#include "neurona/model.h"
#include "neurona/trainer.h"

static gint opt_threads = 1;
static gint opt_epochs = 3;
static gint64 opt_seed = 42;
static gchar *opt_dataset = NULL;
static gchar *opt_data_dir = NULL;
static gchar *opt_kernels = NULL;
static gboolean opt_kernels_only = FALSE;
static gboolean opt_no_kernels = FALSE;
static gboolean opt_floor = FALSE;

static const GOptionEntry entries[] = {
  { "threads", 't', 0, G_OPTION_ARG_INT, &opt_threads, "Training threads (1)", "N" },
  { "epochs", 'e', 0, G_OPTION_ARG_INT, &opt_epochs, "Epochs to time (3)", "N" },
  { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed, "Seed (42)", "N" },
  { "dataset", 'd', 0, G_OPTION_ARG_STRING, &opt_dataset, "fashion (default) or mnist", "NAME" },
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_data_dir, "Where the IDX files are", "DIR" },
  { "kernels", 'k', 0, G_OPTION_ARG_STRING, &opt_kernels,
    "Force a kernel path: loops (plain C), openblas, avx2, avx512 (default: the best here)",
    "PATH" },
  { "kernels-only", 0, 0, G_OPTION_ARG_NONE, &opt_kernels_only, "Skip the training run", NULL },
  { "no-kernels", 0, 0, G_OPTION_ARG_NONE, &opt_no_kernels, "Skip the kernel timings", NULL },
  { "floor", 0, 0, G_OPTION_ARG_NONE, &opt_floor,
    "Print the FMA floor under an epoch even when the kernels are skipped", NULL },
  { NULL }
};

/* Seconds per call: the best of 200 rounds of about 1 ms each. The machine may be shared,
 * and the fastest round is the one that ran undisturbed. */
static double
time_calls (void (*fn) (gpointer), gpointer data)
{
  double best = INFINITY;
  guint calls = 1;

  for (;;)
    {
      gint64 t0 = g_get_monotonic_time ();
      for (guint c = 0; c < calls; c++)
        fn (data);
      if (g_get_monotonic_time () - t0 > 1000)
        break;
      calls *= 2;
    }
  for (int rep = 0; rep < 200; rep++)
    {
      gint64 t0 = g_get_monotonic_time ();
      for (guint c = 0; c < calls; c++)
        fn (data);
      best = MIN (best, (g_get_monotonic_time () - t0) * 1e-6 / calls);
    }
  return best;
}

typedef struct {
  int B, K, N, H_out;
  const guint8 **rows, **next_rows;
  float lut[256];
  float *x, *w, *m_w, *v_w, *b, *m_b, *v_b, *g, *y, *dy, *w2, *y2, *dy2, *dw2;
  float *p_all, *m_all, *v_all, *g_all;
  float *y2half; /* the second half's partial product in the concurrent run */
  gsize n_all;
  int c0, c1; /* columns of the forward and gradient kernels */
  int k0, k1; /* weight rows of the fused pass */
  NrAdamStep adam;
  const guint8 **pool_rows; /* (n_pool · B) rows of random images, for run_fused_fresh */
  int n_pool, next_batch;
} Bench;

static void run_u8_forward (gpointer d)
{
  Bench *s = d;
  nr_dense_u8_forward (s->y, s->rows, s->lut, s->w, s->b, s->B, s->K, s->N, s->c0, s->c1);
}

static void run_u8_grad (gpointer d)
{
  Bench *s = d;
  nr_dense_u8_weight_grad (s->g, s->rows, s->lut, s->dy, s->B, s->K, s->N, s->c0, s->c1);
}

static void run_gemm_nn (gpointer d)
{
  Bench *s = d;
  nr_gemm_nn (s->B, s->N, s->K, s->x, s->w, s->y, FALSE);
}

static void run_gemm_tn (gpointer d)
{
  Bench *s = d;
  nr_gemm_tn (s->K, s->N, s->B, s->x, s->dy, s->g, FALSE);
}

static void run_l2_forward (gpointer d)
{
  Bench *s = d;
  nr_gemm_nn (s->B, s->H_out, s->N, s->y, s->w2, s->y2, FALSE);
}

static void run_l2_grad (gpointer d)
{
  Bench *s = d;
  nr_gemm_tn (s->N, s->H_out, s->B, s->y, s->dy2, s->dw2, FALSE);
}

static void run_l2_dx (gpointer d)
{
  Bench *s = d;
  nr_gemm_nt (s->B, s->N, s->H_out, s->dy2, s->w2, s->dy, FALSE);
}

static void run_adam (gpointer d)
{
  Bench *s = d;
  nr_kernel_adam (s->p_all, s->m_all, s->v_all, s->g_all, s->n_all, 1e-9f, 0.9f, 0.999f, 1e-7f);
}

static void run_fused (gpointer d)
{
  Bench *s = d;
  /* A tiny learning rate keeps the weights where they were over many calls. */
  nr_dense_u8_adam_fused (s->w, s->m_w, s->v_w, s->b, s->m_b, s->v_b, s->rows, s->dy, s->B,
                          s->next_rows, s->y, s->B, s->lut, s->K, s->N, s->k0, s->k1,
                          &s->adam);
}

/* As in training: a different batch (and next batch) of images every call, so neither
 * the caches nor the branch predictor have seen them. */
static void run_fused_fresh (gpointer d)
{
  Bench *s = d;
  const guint8 **rows = s->pool_rows + (gsize) s->next_batch * s->B;

  s->next_batch = (s->next_batch + 1) % (s->n_pool - 1);
  nr_dense_u8_adam_fused (s->w, s->m_w, s->v_w, s->b, s->m_b, s->v_b, rows, s->dy, s->B,
                          rows + s->B, s->y, s->B, s->lut, s->K, s->N, s->k0, s->k1,
                          &s->adam);
}

/* Two threads, each running the fused pass on its half of the weight rows over and over,
 * at the same time (no synchronisation): what each half costs while the other core is
 * busy with the other half, as in a two-thread training run without its step barrier.
 * (Split by columns instead, both cores wrote every 512-byte row of W1, m and v, and each
 * half took 144-368 µs instead of ~57 µs alone.) */
typedef struct {
  Bench s;
  gint *go;
  double seconds;
} HalfRun;

static gpointer
run_half (gpointer data)
{
  HalfRun *h = data;
  int calls = 3000;
  gint64 t0;

  while (!g_atomic_int_get (h->go))
    ;
  t0 = g_get_monotonic_time ();
  for (int c = 0; c < calls; c++)
    run_fused_fresh (&h->s);
  h->seconds = (g_get_monotonic_time () - t0) * 1e-6 / calls;
  return NULL;
}

static void
report (const char *name, const char *shape, double seconds, double flops)
{
  if (flops > 0)
    printf ("  %-28s %-22s %9.2f us  %7.1f GFLOP/s\n", name, shape, seconds * 1e6,
            flops / seconds * 1e-9);
  else
    printf ("  %-28s %-22s %9.2f us\n", name, shape, seconds * 1e6);
}

/* One core's single-precision FMA peak, in GFLOP/s: ten independent chains of FMAs on
 * registers, no memory, as wide as the kernel path in use runs them (512 bits on the
 * AVX-512 path, 256 on the AVX2 one, the widest the CPU has for OpenBLAS and the plain
 * loops). The yardstick for the kernels' figures above it. */
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define PEAK_ROUNDS 20000000L
#define PEAK_BODY(vec, fmadd, set1)                                                         \
  /* distinct starting values, or the compiler folds the ten chains into one */           \
  vec a0 = set1 (0.0f), a1 = set1 (0.1f), a2 = set1 (0.2f), a3 = set1 (0.3f),               \
      a4 = set1 (0.4f), a5 = set1 (0.5f), a6 = set1 (0.6f), a7 = set1 (0.7f),               \
      a8 = set1 (0.8f), a9 = set1 (0.9f), b = set1 (0.999f), c = set1 (1e-3f), sum;         \
  gint64 t0 = g_get_monotonic_time ();                                                      \
  double seconds;                                                                           \
  for (long i = 0; i < PEAK_ROUNDS; i++)                                                    \
    {                                                                                       \
      a0 = fmadd (a0, b, c), a1 = fmadd (a1, b, c), a2 = fmadd (a2, b, c);                  \
      a3 = fmadd (a3, b, c), a4 = fmadd (a4, b, c), a5 = fmadd (a5, b, c);                  \
      a6 = fmadd (a6, b, c), a7 = fmadd (a7, b, c), a8 = fmadd (a8, b, c);                  \
      a9 = fmadd (a9, b, c);                                                                \
    }                                                                                       \
  seconds = (g_get_monotonic_time () - t0) * 1e-6;                                         \
  sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9;                                \
  *lanes = (int) (sizeof (vec) / sizeof (float));                                           \
  return sum[0] == 12345.0f ? 0 : PEAK_ROUNDS * 10.0 * 2 * *lanes / seconds * 1e-9;

__attribute__ ((target ("avx512f"))) static double
peak_avx512 (int *lanes)
{
  PEAK_BODY (__m512, _mm512_fmadd_ps, _mm512_set1_ps)
}

__attribute__ ((target ("avx2,fma"))) static double
peak_avx2 (int *lanes)
{
  PEAK_BODY (__m256, _mm256_fmadd_ps, _mm256_set1_ps)
}

static double
core_peak_gflops (int *lanes)
{
  double best = 0;

  gboolean wide;

  __builtin_cpu_init ();
  wide = nr_kernels_current () == NR_KERNELS_AVX512 ||
         (nr_kernels_current () != NR_KERNELS_AVX2 && __builtin_cpu_supports ("avx512f"));
  for (int rep = 0; rep < 3; rep++)
    best = MAX (best, wide ? peak_avx512 (lanes)
                      : __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma")
                        ? peak_avx2 (lanes)
                        : 0);
  return best;
}
#else
static double
core_peak_gflops (int *lanes)
{
  *lanes = 0;
  return 0;
}
#endif

/* The floor the FMA peak puts under an epoch: the first layer's two products (x·W1 and
 * xᵀ·dH) with every zero pixel skipped, nothing else, at 100 % of the peak. */
static void
report_floor (NrImageSet *train)
{
  int lanes = 0;
  double peak = core_peak_gflops (&lanes), nonzero = 0, flops;
  gsize n = (gsize) train->n * 784;

  for (gsize q = 0; q < n; q++)
    nonzero += train->pixels[q] != 0;
  nonzero /= (double) n;
  if (peak <= 0)
    return;
  /* per image: 784 · nonzero pixels × 128 units × 2 flops, for each of the two products */
  flops = (double) train->n * 784 * nonzero * 128 * 2 * 2;
  printf ("One core's FMA peak: %.1f GFLOP/s (%d-bit FMAs on registers). At that peak the\n"
          "first layer's two products alone, %.0f %% of pixels nonzero and skipped when zero,\n"
          "take %.3f s per epoch: the floor under one thread's epoch, and half of it under\n"
          "two threads'.\n",
          peak, lanes * 32, nonzero * 100, flops / (peak * 1e9));
  printf ("floor seconds per epoch: %.4f\n", flops / (peak * 1e9));
}

static void
bench_kernels (NrImageSet *train)
{
  Bench s = { 0 };
  GRand *rand = g_rand_new_with_seed (1);
  double nonzero = 0, dense = 2.0 * 32 * 784 * 128, t;
  int n_batches = 64;
  g_autofree const guint8 **all_rows = NULL;

  s.B = 32;
  s.K = 784;
  s.N = 128;
  s.H_out = 10;
  s.c0 = 0;
  s.c1 = s.N;
  s.k0 = 0;
  s.k1 = s.K;
  all_rows = g_new (const guint8 *, s.B * 2);
  /* Random images of the real set, as a shuffled epoch would see them. */
  for (int i = 0; i < 2 * s.B; i++)
    all_rows[i] = train->pixels + (gsize) g_rand_int_range (rand, 0, train->n) * 784;
  s.rows = all_rows;
  s.next_rows = all_rows + s.B;
  for (int i = 0; i < 256; i++)
    s.lut[i] = i / 255.0f;
  for (int i = 0; i < s.B; i++)
    for (int k = 0; k < s.K; k++)
      nonzero += s.rows[i][k] != 0;
  nonzero /= s.B * s.K;
  (void) n_batches;

#define ALLOC(f, n)                                                                         \
  do                                                                                        \
    {                                                                                       \
      s.f = g_aligned_alloc (MAX ((n), 1), sizeof (float), 64);                                                           \
      for (gsize q = 0; q < (gsize) (n); q++)                                               \
        s.f[q] = (float) g_rand_double_range (rand, -0.05, 0.05);                           \
    }                                                                                       \
  while (0)
  ALLOC (x, s.B * s.K);
  ALLOC (w, s.K * s.N);
  ALLOC (m_w, s.K * s.N);
  ALLOC (v_w, s.K * s.N);
  ALLOC (b, s.N);
  ALLOC (m_b, s.N);
  ALLOC (v_b, s.N);
  ALLOC (g, s.K * s.N);
  ALLOC (y, s.B * s.N);
  ALLOC (y2half, s.B * s.N);
  ALLOC (dy, s.B * s.N);
  ALLOC (w2, s.N * s.H_out);
  ALLOC (y2, s.B * s.H_out);
  ALLOC (dy2, s.B * s.H_out);
  ALLOC (dw2, s.N * s.H_out);
  s.n_all = 101770;
  ALLOC (p_all, s.n_all);
  ALLOC (m_all, s.n_all);
  ALLOC (v_all, s.n_all);
  ALLOC (g_all, s.n_all);
  for (gsize q = 0; q < s.n_all; q++)
    s.v_all[q] = fabsf (s.v_all[q]);
  for (gsize q = 0; q < (gsize) s.K * s.N; q++)
    s.v_w[q] = fabsf (s.v_w[q]);
  for (gsize q = 0; q < (gsize) s.N; q++)
    s.v_b[q] = fabsf (s.v_b[q]);
  for (int i = 0; i < s.B; i++)
    for (int k = 0; k < s.K; k++)
      s.x[i * s.K + k] = s.lut[s.rows[i][k]];
  s.adam = (NrAdamStep) { 1e-9f, 0.9f, 0.999f, 1e-7f };

  printf ("Kernels (%s), batch 32 of real images, %.0f%% of pixels nonzero;\n"
          "GFLOP/s counts the dense product's 2·M·N·K:\n",
          nr_kernels_describe (), 100 * nonzero);
  report ("x·W1 (uint8, skips zeros)", "32x784 · 784x128", t = time_calls (run_u8_forward, &s),
          dense);
  report ("xᵀ·dH (uint8, skips zeros)", "784x32 · 32x128", t = time_calls (run_u8_grad, &s),
          dense);
  report ("x·W1 (float gemm_nn)", "32x784 · 784x128", t = time_calls (run_gemm_nn, &s), dense);
  report ("xᵀ·dH (float gemm_tn)", "784x32 · 32x128", t = time_calls (run_gemm_tn, &s), dense);
  report ("h·W2 (gemm_nn)", "32x128 · 128x10", t = time_calls (run_l2_forward, &s),
          2.0 * 32 * 128 * 10);
  report ("hᵀ·dL (gemm_tn)", "128x32 · 32x10", t = time_calls (run_l2_grad, &s),
          2.0 * 32 * 128 * 10);
  report ("dL·W2ᵀ (gemm_nt)", "32x10 · 10x128", t = time_calls (run_l2_dx, &s),
          2.0 * 32 * 128 * 10);
  t = time_calls (run_adam, &s);
  printf ("  %-28s %-22s %9.2f us  %7.2f Gparam/s\n", "Adam", "101,770 params", t * 1e6,
          s.n_all / t * 1e-9);
  t = time_calls (run_fused, &s);
  printf ("  %-28s %-22s %9.2f us  %7.1f GFLOP/s (grad + forward, dense count)\n",
          "fused grad+Adam+next fwd", "W1 784x128", t * 1e6, 2 * dense / t * 1e-9);
  s.n_pool = 4096;
  s.pool_rows = g_new (const guint8 *, (gsize) s.n_pool * s.B);
  for (gsize q = 0; q < (gsize) s.n_pool * s.B; q++)
    s.pool_rows[q] = train->pixels + (gsize) g_rand_int_range (rand, 0, train->n) * 784;
  t = time_calls (run_fused_fresh, &s);
  printf ("  %-28s %-22s %9.2f us  %7.1f GFLOP/s (new images every call)\n",
          "fused, as in training", "W1 784x128", t * 1e6, 2 * dense / t * 1e-9);
  {
    HalfRun halves[2];
    GThread *threads[2];
    gint go = FALSE;

    for (int h = 0; h < 2; h++)
      {
        halves[h].s = s;
        halves[h].s.k0 = h * 384;
        halves[h].s.k1 = h == 0 ? 384 : s.K;
        halves[h].s.y = h == 0 ? s.y : s.y2half;
        halves[h].s.next_batch = h * 7;
        halves[h].go = &go;
        threads[h] = g_thread_new ("half", run_half, &halves[h]);
      }
    g_atomic_int_set (&go, TRUE);
    for (int h = 0; h < 2; h++)
      g_thread_join (threads[h]);
    printf ("  %-28s %-22s %9.2f us  %.2f us (two threads at once, mean of 3000 calls)\n",
            "fused halves, concurrently", "W1 384/400x128", halves[0].seconds * 1e6,
            halves[1].seconds * 1e6);
  }
  s.k1 = 384;
  t = time_calls (run_fused_fresh, &s);
  printf ("  %-28s %-22s %9.2f us  (one thread's half, alone)\n", "fused, rows 0-383",
          "W1 384x128", t * 1e6);
  s.k0 = 384;
  s.k1 = s.K;
  t = time_calls (run_fused_fresh, &s);
  printf ("  %-28s %-22s %9.2f us  (the other half, alone)\n", "fused, rows 384-783",
          "W1 400x128", t * 1e6);

  g_aligned_free (s.x), g_aligned_free (s.w), g_aligned_free (s.m_w), g_aligned_free (s.v_w), g_aligned_free (s.b), g_aligned_free (s.m_b);
  g_aligned_free (s.v_b), g_aligned_free (s.g), g_aligned_free (s.y), g_aligned_free (s.dy), g_aligned_free (s.w2), g_aligned_free (s.y2);
  g_aligned_free (s.dy2), g_aligned_free (s.dw2), g_aligned_free (s.p_all), g_aligned_free (s.m_all), g_aligned_free (s.v_all);
  g_aligned_free (s.g_all);
  g_aligned_free (s.y2half);
  g_free (s.pool_rows);
  g_rand_free (rand);
}

/* CPU time of the training thread (the progress callback runs on it). On a machine
 * shared with other work the wall clock also counts the time this thread waited for a
 * core; its CPU time does not, so it is the steadier figure for one thread. */
typedef struct {
  double cpu_mark, cpu_sum;
  guint epochs;
} CpuClock;

static double
thread_cpu_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
on_progress (const NrProgress *p, const NrModel *model, gpointer user_data)
{
  CpuClock *clock = user_data;

  if (p->kind == NR_PROGRESS_STEP && p->step == p->steps)
    {
      clock->cpu_sum += thread_cpu_seconds () - clock->cpu_mark;
      clock->epochs++;
    }
  if (p->kind == NR_PROGRESS_EPOCH_END)
    {
      printf ("  epoch %u/%u: %.3f s, loss %.4f, accuracy %.4f, test accuracy %.4f\n", p->epoch,
              p->epochs, p->epoch_seconds, p->loss, p->accuracy, p->test_accuracy);
      clock->cpu_mark = thread_cpu_seconds (); /* the next epoch starts after the test */
    }
}

static int
bench_training (NrDataset *ds)
{
  NrTrainConfig config;
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (GError) error = NULL;
  NrTrainResult result;
  CpuClock clock = { 0 };

  nr_train_config_init (&config);
  nr_model_spec_init_tutorial (&config.model, TRUE); /* with Dropout(0.2) */
  config.epochs = opt_epochs;
  config.seed = (guint64) opt_seed;
  config.n_threads = opt_threads;

  printf ("Training: 784-128(relu)-Dropout(0.2)-10, Adam, batch %u, %u training images, "
          "%u thread(s), seed %" G_GINT64_FORMAT "\n",
          config.batch_size, ds->train->n, config.n_threads, opt_seed);
  trainer = nr_trainer_new (&config, ds->train, ds->test, nr_dataset_info (ds->id)->n_classes,
                            &error);
  clock.cpu_mark = thread_cpu_seconds ();
  if (trainer == NULL || !nr_trainer_run (trainer, on_progress, &clock, &result, &error))
    {
      fprintf (stderr, "bench-train: %s\n", error->message);
      return 1;
    }
  printf ("  seconds per epoch: %.3f wall (mean of %u), %.3f CPU of the training thread\n",
          result.seconds_per_epoch, result.epochs_completed,
          clock.epochs > 0 ? clock.cpu_sum / clock.epochs : NAN);
  printf ("  test accuracy after %u epochs: %.4f\n", result.epochs_completed,
          result.test_accuracy);
  return 0;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new ("— time Neurona's training core");
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) ds = NULL;
  NrDatasetId id = NR_DATASET_FASHION_MNIST;
  struct rusage ru;
  int status = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-train: %s\n", error->message);
      return 2;
    }
  if (opt_dataset != NULL && !nr_dataset_id_from_name (opt_dataset, &id))
    {
      fprintf (stderr, "bench-train: unknown dataset “%s”\n", opt_dataset);
      return 2;
    }
  if (opt_threads < 1 || opt_epochs < 1)
    {
      fprintf (stderr, "bench-train: --threads and --epochs must be at least 1\n");
      return 2;
    }
  if (opt_kernels != NULL)
    {
      NrKernelPath path;

      if (!nr_kernels_path_from_name (opt_kernels, &path))
        {
          fprintf (stderr, "bench-train: unknown kernel path “%s” (loops, openblas, avx2, "
                           "avx512)\n", opt_kernels);
          return 2;
        }
      if (!nr_kernels_force (path))
        {
          fprintf (stderr, "bench-train: this build or CPU cannot run the %s kernels\n",
                   opt_kernels);
          return 2;
        }
    }

  ds = nr_dataset_load (id, opt_data_dir, &error);
  if (ds == NULL)
    {
      fprintf (stderr, "bench-train: %s\n", error->message);
      return 1;
    }
  printf ("Data: %s, %u training / %u test images, from %s (%s)\n",
          nr_dataset_info (id)->title, ds->train->n, ds->test->n, ds->directory,
          nr_data_source_describe (ds->source));

  if (!opt_no_kernels)
    bench_kernels (ds->train);
  if (!opt_no_kernels || opt_floor)
    report_floor (ds->train);
  if (!opt_kernels_only)
    status = bench_training (ds);

  getrusage (RUSAGE_SELF, &ru);
  printf ("Peak resident memory: %.1f MB\n", ru.ru_maxrss / 1024.0);
  return status;
}
