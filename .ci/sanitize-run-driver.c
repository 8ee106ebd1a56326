/* sanitize-run-driver.c — drives NeuronaRun (src/app/neurona-run.c) without a window, for
 * ThreadSanitizer: GTK under TSan is too slow to map a window and its uninstrumented
 * locks flood the report, but NeuronaRun only needs GObject and a main loop.
 *
 * Three runs on the committed subset, each with 1 and 2 trainer threads:
 *   complete  2 epochs to the end, every signal delivered on this thread;
 *   stop      neurona_run_stop() after the first progress snapshot;
 *   dispose   the last reference dropped mid-run (closing the window), then the loop
 *             keeps turning so the snapshots still in flight meet a disposed run.
 * Then NeuronaSweepQueue (src/app/neurona-sweep-queue.c), the lab's sweeps: four runs both
 * ways (two at once, one thread each; one at a time, two threads), and one sweep cancelled
 * while its runs train.
 * Built and run by .ci/sanitize tsan; exits non-zero when a run misbehaves.
 *
 * GLib's GMutex and GCond are futex based on Linux, so TSan cannot see them and reports
 * every hand-off under a lock as a race. The wrappers below make them visible: calls from
 * our code (neurona-run.c, trainer.c, linked statically) resolve to these, which call
 * GLib's and tell TSan about the acquire/release.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>

#include "neurona-run.h"
#include "neurona-sweep-queue.h"

void __tsan_acquire (void *addr);
void __tsan_release (void *addr);

typedef void (*MutexFunc) (GMutex *);
typedef void (*CondWaitFunc) (GCond *, GMutex *);

#define REAL(name, type) \
  static type real_##name; \
  if (real_##name == NULL) \
  real_##name = (type) dlsym (RTLD_NEXT, #name)

void
g_mutex_lock (GMutex *mutex)
{
  REAL (g_mutex_lock, MutexFunc);
  real_g_mutex_lock (mutex);
  __tsan_acquire (mutex);
}

void
g_mutex_unlock (GMutex *mutex)
{
  REAL (g_mutex_unlock, MutexFunc);
  __tsan_release (mutex);
  real_g_mutex_unlock (mutex);
}

void
g_cond_wait (GCond *cond, GMutex *mutex)
{
  REAL (g_cond_wait, CondWaitFunc);
  __tsan_release (mutex);
  real_g_cond_wait (cond, mutex);
  __tsan_acquire (mutex);
}

typedef struct
{
  GMainLoop *loop;
  GThread *main_thread;
  guint progress, epochs;
  gboolean finished;
  NrTrainStatus status;
} State;

static void
check_thread (State *st)
{
  g_assert (g_thread_self () == st->main_thread);
}

static void
on_progress (NeuronaRun *run, const NeuronaRunSnapshot *snapshot, State *st)
{
  check_thread (st);
  st->progress++;
}

static void
on_epoch_end (NeuronaRun *run, const NeuronaRunSnapshot *snapshot, NrWeights *weights,
              State *st)
{
  check_thread (st);
  g_assert (weights != NULL);
  st->epochs++;
}

static void
on_finished (NeuronaRun *run, const NrTrainResult *result, const GError *error, State *st)
{
  check_thread (st);
  g_assert (error == NULL);
  st->finished = TRUE;
  st->status = result->status;
  g_main_loop_quit (st->loop);
}

static gboolean
quit_later (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static NeuronaRun *
start (NrDataset *dataset, guint threads, State *st)
{
  g_autoptr (GError) error = NULL;
  NrTrainConfig config;
  NeuronaRun *run;

  nr_train_config_init (&config);
  config.epochs = 2;
  config.train_limit = 3000;
  config.test_limit = 500;
  config.n_threads = threads;
  run = neurona_run_new (&config, dataset, &error);
  g_assert_no_error (error);
  g_signal_connect (run, "progress", G_CALLBACK (on_progress), st);
  g_signal_connect (run, "epoch-end", G_CALLBACK (on_epoch_end), st);
  g_signal_connect (run, "finished", G_CALLBACK (on_finished), st);
  neurona_run_start (run);
  return run;
}

static void
on_sweep_finished (NeuronaSweepQueue *queue, GMainLoop *loop)
{
  g_main_loop_quit (loop);
}

static gboolean
cancel_sweep (gpointer queue)
{
  neurona_sweep_queue_cancel (queue);
  return G_SOURCE_REMOVE;
}

/* A sweep of four seeds on the subset; cancelled after cancel_ms when it is not 0. Returns
 * the runs that ended. */
static guint
sweep (NrDataset *dataset, NeuronaSweepSchedule schedule, guint cancel_ms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *runs_dir = g_dir_make_tmp ("neurona-tsan-sweep-XXXXXX", &error);
  g_autoptr (NeuronaSweepQueue) queue = NULL;
  g_autofree char *rm = NULL;
  NrTrainConfig base;
  NrSweep *plan;
  guint done;

  g_assert_no_error (error);
  nr_train_config_init (&base);
  base.epochs = 1;
  base.train_limit = 2000;
  base.test_limit = 300;
  plan = nr_sweep_new (NR_DATASET_FASHION_MNIST, &base);
  g_assert (nr_sweep_add_axis_from_text (plan, "seed=1:4", &error) && nr_sweep_plan (plan, &error));
  queue = neurona_sweep_queue_new (plan, dataset, runs_dir, schedule);
  g_signal_connect (queue, "finished", G_CALLBACK (on_sweep_finished), loop);
  neurona_sweep_queue_start (queue);
  if (cancel_ms > 0)
    g_timeout_add (cancel_ms, cancel_sweep, queue);
  g_main_loop_run (loop);
  neurona_sweep_queue_join (queue);
  done = neurona_sweep_queue_get_n_done (queue);
  rm = g_strdup_printf ("rm -rf '%s'", runs_dir);
  if (system (rm) != 0)
    g_printerr ("could not remove %s\n", runs_dir);
  return done;
}

int
main (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, NULL, &error);

  g_assert_no_error (error);
  for (guint threads = 1; threads <= 2; threads++)
    {
      State st = { g_main_loop_new (NULL, FALSE), g_thread_self () };
      NeuronaRun *run = start (dataset, threads, &st);

      g_main_loop_run (st.loop);
      g_assert (st.finished && st.status == NR_TRAIN_COMPLETED && st.epochs == 2);
      g_print ("complete, %u threads: %u snapshots, %u epochs\n", threads, st.progress,
               st.epochs);
      g_object_unref (run);

      st = (State) { st.loop, g_thread_self () };
      run = start (dataset, threads, &st);
      while (st.progress == 0)
        g_main_context_iteration (NULL, TRUE);
      neurona_run_stop (run);
      g_main_loop_run (st.loop);
      g_assert (st.finished && st.status == NR_TRAIN_CANCELLED);
      g_print ("stop, %u threads: cancelled after %u snapshots\n", threads, st.progress);
      g_object_unref (run);

      st = (State) { st.loop, g_thread_self () };
      run = start (dataset, threads, &st);
      while (st.progress == 0)
        g_main_context_iteration (NULL, TRUE);
      g_object_unref (run); /* dispose: cancels and joins */
      g_timeout_add (200, quit_later, st.loop);
      g_main_loop_run (st.loop);
      g_assert (!st.finished);
      g_print ("dispose, %u threads: no signal after dispose\n", threads);
      g_main_loop_unref (st.loop);
    }

  g_print ("sweep, all at once: %u of 4 runs\n",
           sweep (dataset, NEURONA_SWEEP_SCHEDULE_PARALLEL, 0));
  g_print ("sweep, one at a time: %u of 4 runs\n",
           sweep (dataset, NEURONA_SWEEP_SCHEDULE_SERIAL, 0));
  g_print ("sweep, cancelled: %u of 4 runs ended\n",
           sweep (dataset, NEURONA_SWEEP_SCHEDULE_PARALLEL, 300));
  return 0;
}
