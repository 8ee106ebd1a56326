/* neurona-run.h — one training run on a worker thread.
 *
 * A NeuronaRun owns an NrTrainer and runs it on a GThread. Progress comes back to the
 * main context that called neurona_run_start() as signals, coalesced to at most about 20
 * step snapshots a second (the latest one is kept); every epoch end is delivered, with a
 * snapshot of the weights taken on the worker at that moment (NrWeights: the parameters
 * alone, shared by reference, never copied again). The run keeps its own books
 * (NrRunRecord) as the epochs are delivered. Dropping the last reference (or
 * disposing) cancels the run and joins the thread, so closing a window mid-run is clean;
 * snapshots still in flight for a disposed run are dropped.
 */
#pragma once

#include <glib-object.h>

#include "neurona/neurona.h"

G_BEGIN_DECLS

/* A progress snapshot as the UI sees it: the core's NrProgress plus a smoothed train
 * curve computed on the worker from every batch (not only the delivered ones). */
typedef struct {
  NrProgress progress;
  double smooth_loss;     /* exponential moving average of the batch loss, bias-corrected */
  double smooth_accuracy; /* same for the batch accuracy */
} NeuronaRunSnapshot;

#define NEURONA_TYPE_RUN (neurona_run_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaRun, neurona_run, NEURONA, RUN, GObject)

/* Checks the config against the data and builds the trainer (and its initial model);
 * fails with the core's NR_ERROR_INVALID / NR_ERROR_LABEL_RANGE message. */
NeuronaRun *neurona_run_new (const NrTrainConfig *config, NrDataset *dataset, GError **error);

/* Starts the worker thread. Signals are emitted in the caller's thread-default context. */
void neurona_run_start (NeuronaRun *self);
/* Asks the run to stop before its next batch; "finished" follows with NR_TRAIN_CANCELLED. */
void neurona_run_stop (NeuronaRun *self);
/* Cancels (if needed) and waits for the worker thread. */
void neurona_run_join (NeuronaRun *self);

/* Property "running": TRUE from start until "finished" has been emitted. */
gboolean neurona_run_get_running (NeuronaRun *self);
const NrTrainConfig *neurona_run_get_config (NeuronaRun *self);
NrDataset *neurona_run_get_dataset (NeuronaRun *self);
/* Valid once "finished" has been emitted. */
const NrTrainResult *neurona_run_get_result (NeuronaRun *self);
/* The weights at the end of the last completed epoch (the initial ones before the first
 * epoch ends), also once the run has finished, however it ended: borrowed, ref them to
 * keep them. */
NrWeights *neurona_run_get_weights (NeuronaRun *self);
/* The confusion matrix of neurona_run_get_weights() on the test images the run is tested
 * on (test_limit), built on the worker from the trainer's own epoch-end predictions; NULL
 * before the first epoch ends (the initial weights) and without a test set. Borrowed, set
 * before "epoch-end" is emitted. */
NrConfusion *neurona_run_get_confusion (NeuronaRun *self);
/* The run's record: settings, sizes and provenance from the start, one epoch more at each
 * "epoch-end", ended (status, divergence, time) once "finished" is emitted. Borrowed. */
NrRunRecord *neurona_run_get_record (NeuronaRun *self);

/* Signals (all on the main context):
 *   "progress"  (const NeuronaRunSnapshot *snapshot)    a step, at most ~20 a second
 *   "epoch-end" (const NeuronaRunSnapshot *snapshot, NrWeights *weights)
 *   "finished"  (const NrTrainResult *result, const GError *error)  error: a core failure
 */

G_END_DECLS
