/* neurona-sweep-queue.h — a sweep's runs trained on worker threads, for the lab.
 *
 * The queue owns a planned NrSweep and trains its points in one of two ways:
 *   - in parallel: as many runs at once as the machine has cores, each on a worker thread
 *     of its own with one training thread;
 *   - in series: one run at a time with every core's thread.
 * Left to itself (NEURONA_SWEEP_SCHEDULE_AUTO) it measures both on the sweep's costliest
 * point (a few batches each way, before any run starts) and takes the one that should end
 * the sweep sooner; the choice and why are told by neurona_sweep_queue_get_schedule_reason().
 * A run's results do not depend on the way: its settings alone decide them.
 *
 * Every run that taught its model something (it ended, or was stopped after an epoch) is
 * saved through the run store by its worker — atomically, so a run is in the runs folder
 * whole or not at all — and the sweep's file (sweep-<id>.json beside the runs) is saved
 * then too, naming it; a run stopped before its first epoch ended is not saved. Closing
 * mid-sweep (disposing the queue) stops the runs going on and waits for them: the runs
 * saved stay, and the file names them.
 *
 * Progress comes back to the main context that called neurona_sweep_queue_start(), a few
 * times a second per run and at every epoch's end; the workers touch no GObject.
 */
#pragma once

#include <glib-object.h>

#include "neurona/neurona.h"
#include "neurona/sweep.h"

G_BEGIN_DECLS

typedef enum {
  NEURONA_SWEEP_SCHEDULE_AUTO,     /* measured: whichever should end the sweep sooner */
  NEURONA_SWEEP_SCHEDULE_PARALLEL, /* as many runs at once as cores, one thread each */
  NEURONA_SWEEP_SCHEDULE_SERIAL,   /* one run at a time with every core's thread */
} NeuronaSweepSchedule;

typedef enum {
  NEURONA_SWEEP_POINT_QUEUED,
  NEURONA_SWEEP_POINT_RUNNING,
  NEURONA_SWEEP_POINT_FINISHED,  /* ended (completed or diverged) and saved */
  NEURONA_SWEEP_POINT_STOPPED,   /* cancelled after at least one epoch: saved as stopped */
  NEURONA_SWEEP_POINT_CANCELLED, /* cancelled before its first epoch ended: nothing saved */
  NEURONA_SWEEP_POINT_FAILED,    /* it could not be trained or saved (see error) */
} NeuronaSweepPointState;

/* What the lab knows of one point's run. */
typedef struct {
  NeuronaSweepPointState state;
  guint epoch, epochs;   /* the epoch in progress, or the last one completed */
  guint step, steps;     /* batches of that epoch */
  double accuracy;       /* the epoch's running training accuracy (NAN before a batch) */
  double test_accuracy;  /* the last completed epoch's (NAN before one) */
  gboolean cancelling;   /* asked to stop, not stopped yet */
  char *error;           /* FAILED: why; a run saved whose sweep file was not: why */
} NeuronaSweepPointProgress;

#define NEURONA_TYPE_SWEEP_QUEUE (neurona_sweep_queue_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaSweepQueue, neurona_sweep_queue, NEURONA, SWEEP_QUEUE, GObject)

/* sweep: planned (nr_sweep_plan), taken; dataset: its data (a reference is taken). */
NeuronaSweepQueue *neurona_sweep_queue_new (NrSweep *sweep, NrDataset *dataset,
                                            const char *runs_dir, NeuronaSweepSchedule schedule);

/* Starts the worker threads; signals come on the caller's thread-default main context. */
void neurona_sweep_queue_start (NeuronaSweepQueue *self);
/* Stops the runs going on (before their next batch) and starts no more. */
void neurona_sweep_queue_cancel (NeuronaSweepQueue *self);
/* The same for one point: a queued one never starts. */
void neurona_sweep_queue_cancel_point (NeuronaSweepQueue *self, guint index);
/* Cancels (if running) and waits for every thread; what was delivered until then is all. */
void neurona_sweep_queue_join (NeuronaSweepQueue *self);

/* The sweep: its points get their run (nr_sweep_point_set_run) as their runs are saved,
 * its id and path once its file is first saved. Borrowed. */
NrSweep *neurona_sweep_queue_get_sweep (NeuronaSweepQueue *self);
/* Property "running": from start until every thread has ended. */
gboolean neurona_sweep_queue_get_running (NeuronaSweepQueue *self);
/* Property "schedule": the way chosen — AUTO until it is measured. */
NeuronaSweepSchedule neurona_sweep_queue_get_schedule (NeuronaSweepQueue *self);
/* Why that way, in a sentence ("Measured on this computer: …"); NULL until chosen. */
const char *neurona_sweep_queue_get_schedule_reason (NeuronaSweepQueue *self);
/* Batches a second the measurement gave for the two ways (all runs together in parallel;
 * the one run in series); FALSE when nothing was measured (the way was given, or there
 * was no choice: one core, one run). */
gboolean neurona_sweep_queue_get_measured (NeuronaSweepQueue *self, double *parallel_rate,
                                           double *serial_rate);
/* Runs at once, and training threads per run, of the way chosen (0 until then). */
guint neurona_sweep_queue_get_n_workers (NeuronaSweepQueue *self);
guint neurona_sweep_queue_get_threads_per_run (NeuronaSweepQueue *self);

guint neurona_sweep_queue_get_n_points (NeuronaSweepQueue *self);
const NeuronaSweepPointProgress *neurona_sweep_queue_get_point (NeuronaSweepQueue *self,
                                                                guint index);
/* Points that have ended one way or another. */
guint neurona_sweep_queue_get_n_done (NeuronaSweepQueue *self);

/* "Measuring…", "Running: 3 of 8 runs done", "Finished: 8 runs", "Cancelled: 3 of 8
 * runs saved" (translated, newly allocated). */
char *neurona_sweep_queue_describe (NeuronaSweepQueue *self);

/* Signals (main context):
 *   "point-changed" (guint index)                       its progress or state changed
 *   "run-saved"     (gpointer NrRunRecord *, gpointer NrWeights *)  a run is in the runs
 *                                                       folder (borrowed; weights may be NULL)
 *   "finished"      ()                                  every thread has ended
 */

G_END_DECLS
