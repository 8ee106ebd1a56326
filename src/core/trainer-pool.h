/* trainer-pool.h — the trainer's persistent worker threads (internal to the core).
 *
 * A job is split into parts numbered 0 … n-1 that threads claim one at a time; the
 * calling thread runs parts too, and _nr_pool_run returns once every part is done. The
 * pool knows nothing of training: the trainer chooses the parts (kernels.h guarantees
 * that who runs a part changes nothing in its result).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _NrPool NrPool;

/* Runs part `part` of the current job; data is _nr_pool_run's. Called on any of the
 * pool's threads, the caller's included. The workers run with flush-to-zero set
 * (nr_kernels_set_ftz), as the trainer's own thread does during a run. */
typedef void (*NrPoolPartFunc) (guint part, gpointer data);

#define NR_POOL_MAX_THREADS 256
#define NR_POOL_MAX_PARTS 511

/* n_threads (1 … NR_POOL_MAX_THREADS) counts the calling thread: n_threads - 1 workers
 * are started. */
NrPool *_nr_pool_new (guint n_threads);
/* Stops and joins the workers. */
void _nr_pool_free (NrPool *pool);
guint _nr_pool_get_n_threads (NrPool *pool);
/* Runs fn on parts 0 … n_parts-1 (n_parts ≤ NR_POOL_MAX_PARTS) and returns when all are
 * done. Not reentrant: one job at a time, from the thread that made the pool. */
void _nr_pool_run (NrPool *pool, guint n_parts, NrPoolPartFunc fn, gpointer data);

G_END_DECLS
