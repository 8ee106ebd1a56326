/* trainer-pool.c — persistent worker threads for the training step (trainer-pool.h).
 *
 * One worker per extra thread. The calling thread publishes a job, then claims and runs
 * parts itself until none is left, and waits for the parts others claimed. On an idle
 * machine the workers run parts while the caller runs others; when a worker is
 * descheduled (the machine is shared) the caller runs them all instead of waiting for it.
 *
 * `claim` packs the job's generation, its number of parts and the next unclaimed part,
 * so a compare-and-swap claims a part of exactly the job it read, with nothing else to
 * read first. Workers spin a little between jobs (a training step is ~100 µs; a wake-up
 * through the kernel costs more) and sleep on the condition variable when the trainer is
 * busy elsewhere (evaluation, progress callbacks).
 */
#include "trainer-pool.h"

#include "kernels.h"

#define CLAIM_BITS 9 /* per field: the part count and the next part, both ≤ NR_POOL_MAX_PARTS */
#define CLAIM_MASK ((1 << CLAIM_BITS) - 1)
#define CLAIM_WORD(generation, n, next)                                                    \
  ((gint) ((((guint) (generation) << (2 * CLAIM_BITS)) | ((guint) (n) << CLAIM_BITS) |      \
            (guint) (next)) & (guint) G_MAXINT))

G_STATIC_ASSERT (NR_POOL_MAX_PARTS <= CLAIM_MASK);

typedef struct {
  NrPool *pool;
  GThread *thread;
} Worker;

struct _NrPool {
  guint n_threads;
  /* The current job: written before the claim word that announces it. */
  NrPoolPartFunc fn;
  gpointer data;
  gint claim;          /* atomic: CLAIM_WORD (generation, parts, next unclaimed part) */
  gint done;           /* atomic: parts of the current job finished */
  gint quit;           /* atomic */
  gint sleepers;       /* atomic */
  GMutex mutex;
  GCond cond;
  Worker workers[NR_POOL_MAX_THREADS];
};

static inline void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#elif defined(__aarch64__)
  __asm__ __volatile__ ("yield");
#endif
}

/* Claims and runs parts of the current job until none is left; returns the claim word
 * last seen. */
static gint
run_claimed_parts (NrPool *pool)
{
  for (;;)
    {
      gint word = g_atomic_int_get (&pool->claim);
      guint part = (guint) word & CLAIM_MASK;
      guint n = ((guint) word >> CLAIM_BITS) & CLAIM_MASK;

      if (part >= n)
        return word;
      if (!g_atomic_int_compare_and_exchange (&pool->claim, word, word + 1))
        continue;
      /* The job was written before the claim word that announced it. */
      pool->fn (part, pool->data);
      /* After this the caller may publish the next job: no more reads of this one. */
      g_atomic_int_inc (&pool->done);
    }
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;
  NrPool *pool = worker->pool;
  guint saved;

  /* Flush-to-zero, as the trainer's thread runs, so every part rounds alike. */
  saved = nr_kernels_set_ftz ();
  while (!g_atomic_int_get (&pool->quit))
    {
      gint seen = run_claimed_parts (pool);
      gint64 spin_start = 0;
      guint spins = 0;

      /* Nothing left to claim: wait for the claim word to change (a new job). */
      while (g_atomic_int_get (&pool->claim) == seen && !g_atomic_int_get (&pool->quit))
        {
          cpu_relax ();
          if (++spins % 1024 != 0)
            continue;
          if (spin_start == 0)
            spin_start = g_get_monotonic_time ();
          else if (g_get_monotonic_time () - spin_start > 200)
            {
              g_mutex_lock (&pool->mutex);
              g_atomic_int_inc (&pool->sleepers);
              while (g_atomic_int_get (&pool->claim) == seen && !g_atomic_int_get (&pool->quit))
                g_cond_wait (&pool->cond, &pool->mutex);
              g_atomic_int_add (&pool->sleepers, -1);
              g_mutex_unlock (&pool->mutex);
            }
        }
    }
  nr_kernels_restore_fp_mode (saved);
  return NULL;
}

static void
pool_wake (NrPool *pool)
{
  if (g_atomic_int_get (&pool->sleepers) > 0)
    {
      g_mutex_lock (&pool->mutex);
      g_cond_broadcast (&pool->cond);
      g_mutex_unlock (&pool->mutex);
    }
}

NrPool *
_nr_pool_new (guint n_threads)
{
  NrPool *pool;

  g_return_val_if_fail (n_threads >= 1 && n_threads <= NR_POOL_MAX_THREADS, NULL);

  pool = g_new0 (NrPool, 1);
  pool->n_threads = n_threads;
  pool->claim = CLAIM_WORD (0, 0, 0); /* generation 0: nothing to claim yet */
  g_mutex_init (&pool->mutex);
  g_cond_init (&pool->cond);
  for (guint p = 1; p < n_threads; p++)
    {
      Worker *worker = &pool->workers[p];
      worker->pool = pool;
      worker->thread = g_thread_new ("neurona-train", worker_main, worker);
    }
  return pool;
}

void
_nr_pool_free (NrPool *pool)
{
  if (pool == NULL)
    return;
  g_atomic_int_set (&pool->quit, TRUE);
  g_mutex_lock (&pool->mutex);
  g_cond_broadcast (&pool->cond);
  g_mutex_unlock (&pool->mutex);
  for (guint p = 1; p < pool->n_threads; p++)
    g_thread_join (pool->workers[p].thread);
  g_mutex_clear (&pool->mutex);
  g_cond_clear (&pool->cond);
  g_free (pool);
}

guint
_nr_pool_get_n_threads (NrPool *pool)
{
  g_return_val_if_fail (pool != NULL, 0);

  return pool->n_threads;
}

void
_nr_pool_run (NrPool *pool, guint n_parts, NrPoolPartFunc fn, gpointer data)
{
  guint spins = 0;
  guint generation;

  g_return_if_fail (pool != NULL && fn != NULL);
  g_return_if_fail (n_parts <= NR_POOL_MAX_PARTS);

  if (pool->n_threads == 1)
    {
      for (guint part = 0; part < n_parts; part++)
        fn (part, data);
      return;
    }
  pool->fn = fn;
  pool->data = data;
  g_atomic_int_set (&pool->done, 0);
  generation = ((guint) g_atomic_int_get (&pool->claim) >> (2 * CLAIM_BITS)) + 1;
  g_atomic_int_set (&pool->claim, CLAIM_WORD (generation, n_parts, 0));
  pool_wake (pool);
  run_claimed_parts (pool);
  while (g_atomic_int_get (&pool->done) < (gint) n_parts)
    {
      cpu_relax ();
      if (++spins % 4096 == 0)
        g_thread_yield ();
    }
}
