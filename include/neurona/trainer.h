/* trainer.h — epochs of shuffled mini-batches on the calling thread.
 *
 * The trainer owns its model and borrows (refs) the image sets. It never prints: progress
 * goes to a callback, called on the training thread between batches; a GUI copies what it
 * needs out of the NrProgress (and, if it wants, nr_model_copy() of the model) and hands
 * it to its main context. nr_trainer_cancel() may be called from any thread; the run
 * stops before the next batch.
 */
#pragma once

#include <glib.h>

#include "neurona/dataset.h"
#include "neurona/model.h"
#include "neurona/optimizer.h"

G_BEGIN_DECLS

typedef struct {
  NrModelSpec model;
  NrOptimizerSpec optimizer;
  guint epochs;        /* 10 */
  guint batch_size;    /* 32 */
  gboolean normalize;  /* scale pixels to [0, 1]; FALSE feeds 0…255 as the tutorial's
                          unscaled experiment did */
  guint64 seed;        /* weights, shuffling and dropout all derive from it */
  guint n_threads;     /* 1 = on the calling thread only; results do not depend on it.
                          (1 … 256 accepted; for now all training runs on the calling
                          thread) */
  guint train_limit;   /* 0 = all; otherwise the first N training images */
  guint test_limit;    /* 0 = all */
} NrTrainConfig;

/* The tutorial's Fashion-MNIST model: 128 relu, no dropout, 10 outputs, Adam, 10 epochs,
 * batch 32, normalised, seed 42, one thread. */
void nr_train_config_init (NrTrainConfig *config);
/* Refuses impossible settings before any data is read: the model (nr_model_spec_check,
 * including NR_ERROR_LABEL_RANGE for n_classes > 0), the optimizer, epochs, batch size,
 * threads, and a network too large for the batch size. nr_trainer_new() calls it. */
gboolean nr_train_config_check (const NrTrainConfig *config, guint n_classes, GError **error);

typedef enum {
  NR_PROGRESS_STEP,      /* after each batch */
  NR_PROGRESS_EPOCH_END, /* after an epoch and its test evaluation */
} NrProgressKind;

typedef struct {
  NrProgressKind kind;
  guint epoch, epochs;     /* epoch is 1-based */
  guint step, steps;       /* batches done in this epoch / batches per epoch */
  guint64 global_step;     /* batches done since the run started */
  double loss, accuracy;   /* Keras running means over this epoch's batches so far */
  double batch_loss;       /* this batch alone (STEP) */
  double test_loss, test_accuracy; /* EPOCH_END only (NAN on STEP) */
  double epoch_seconds;    /* wall time since this epoch began */
  double seconds_per_step; /* mean over this epoch so far */
  gboolean at_chance;      /* EPOCH_END: the epoch ended no better than guessing (test
                              accuracy, or training accuracy without a test set, at most
                              1.5 / classes); training goes on */
  /* EPOCH_END with a test set: the predicted output (argmax of the logits, the first
   * largest) of each of the first n_test test images, from the evaluation that gave
   * test_accuracy; borrowed, valid only during the callback. NULL and 0 otherwise. */
  const guint16 *test_predicted;
  guint n_test;
} NrProgress;

typedef struct _NrTrainer NrTrainer;

/* model: borrowed, valid only during the call (copy it to keep it). */
typedef void (*NrProgressFunc) (const NrProgress *progress, const NrModel *model,
                                gpointer user_data);

typedef enum {
  NR_TRAIN_COMPLETED,
  NR_TRAIN_CANCELLED,
  NR_TRAIN_DIVERGED, /* the loss became NaN or infinite, or exploded; the weights are those
                        before the batch that showed it */
} NrTrainStatus;

/* Why a run diverged. The reference loss is the untrained model's first batch, and at
 * least ln(outputs) (a uniform guess). */
typedef enum {
  NR_DIVERGENCE_NONE,
  NR_DIVERGENCE_NOT_FINITE,       /* a batch's loss was NaN or infinite */
  NR_DIVERGENCE_EXPLODED,         /* a batch's loss passed 10,000 × the reference */
  NR_DIVERGENCE_EXPLODED_RUNNING, /* the epoch's running loss passed 10 × the reference
                                     (checked from its 20th batch on) */
} NrDivergence;

typedef struct {
  NrTrainStatus status;
  guint epochs_completed;
  double train_loss, train_accuracy; /* last completed epoch (NAN if none) */
  double test_loss, test_accuracy;   /* last completed epoch (NAN if none) */
  double seconds;                    /* wall time of the whole run */
  double seconds_per_epoch;          /* mean over completed epochs, training only */
  guint diverged_epoch, diverged_step; /* DIVERGED: the batch that showed it (1-based) */
  NrDivergence divergence;           /* DIVERGED: why */
  double diverged_loss;              /* DIVERGED: the batch's (or running) loss that showed it */
  double reference_loss;             /* DIVERGED: what it was judged against */
  guint epochs_at_chance;            /* completed epochs that ended no better than chance */
} NrTrainResult;

/* A learning rate to try after the given one diverged or left the network at chance:
 * a tenth of it. */
double nr_train_suggest_learning_rate (double learning_rate);

/* Checks the config against the data (NR_ERROR_INVALID, NR_ERROR_LABEL_RANGE) and builds
 * the initial model. test may be NULL (no test evaluation). */
NrTrainer *nr_trainer_new (const NrTrainConfig *config, NrImageSet *train, NrImageSet *test,
                           guint n_classes, GError **error);
void nr_trainer_free (NrTrainer *trainer);
/* Runs the whole schedule. Returns FALSE only on an error that is not a training outcome;
 * cancellation and divergence are reported in result->status. FTZ/DAZ are set on the
 * calling thread for the run and restored afterwards. A second call continues from the
 * current weights and optimizer state; once cancelled, a trainer stays cancelled. */
gboolean nr_trainer_run (NrTrainer *trainer, NrProgressFunc func, gpointer user_data,
                         NrTrainResult *result, GError **error);
/* Thread-safe; the run stops before its next batch. */
void nr_trainer_cancel (NrTrainer *trainer);
const NrModel *nr_trainer_get_model (NrTrainer *trainer);
const NrTrainConfig *nr_trainer_get_config (NrTrainer *trainer);
/* The images it trains on and tests on, after config->train_limit / test_limit. Either
 * pointer may be NULL. */
void nr_trainer_get_sizes (NrTrainer *trainer, guint *n_train, guint *n_test);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrTrainer, nr_trainer_free)

G_END_DECLS
