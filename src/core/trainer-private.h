/* trainer-private.h — the trainer's state, shared by its files (internal to the core and
 * its tests).
 *
 *   trainer.c       the trainer: config, lifecycle, the epoch loop, divergence
 *   trainer-step.c  one training step: the reference step (the specification) and the
 *                   fast step nr_trainer_run takes, side by side
 *   trainer-pool.c  the worker threads the fast step splits its first layer across
 */
#pragma once

#include "neurona/trainer.h"

#include "model-private.h"
#include "rng.h"
#include "trainer-pool.h"

G_BEGIN_DECLS

/* The fused first-layer pass (nr_dense_u8_adam_fused) runs over fixed ranges of weight
 * rows, each with its own partial product of the next batch, summed in order afterwards.
 * The ranges do not depend on the thread count, so neither do the bits; threads take
 * whole ranges, so no two cores write the same cache line of W1, m or v. Up to
 * NR_FUSED_RANGES ranges, each a whole number of 64-row blocks. */
#define NR_FUSED_RANGES 4

static inline guint
_nr_fused_ranges (guint K)
{
  guint blocks = (K + 63) / 64;
  return CLAMP (blocks, 1, NR_FUSED_RANGES);
}

struct _NrTrainer {
  NrTrainConfig config;
  guint n_classes;
  guint n_train, n_test; /* after train_limit / test_limit */
  guint64 step_count;    /* optimizer steps taken (Adam's t) */
  gint cancelled;        /* atomic */
  NrRng shuffle_rng;
  guint64 dropout_state;
  double reference_loss; /* divergence is judged against it; NAN until the first batch */

  /* Owned */
  NrModel *model;
  NrImageSet *train;
  NrImageSet *test;
  gpointer scratch;
  guint16 *test_predicted;        /* (n_test) the last test evaluation's predicted outputs */

  /* Borrowed, into scratch */
  guint32 *order;                 /* (n_train) this epoch's permutation */
  guint8 *labels;                 /* (B) */
  float *x;                       /* (B, in) the batch as floats */
  float *z[NR_MAX_HIDDEN];        /* (B, units) pre-activation */
  float *h[NR_MAX_HIDDEN];        /* (B, units) activation */
  float *mask[NR_MAX_HIDDEN];     /* (B, units) dropout scale, when the layer has dropout */
  float *d[NR_MAX_HIDDEN];        /* (B, units) after dropout, when the layer has dropout */
  float *logits, *probs, *dlogits; /* (B, outputs) */
  float *grad_a, *grad_b;         /* (B, max_width) backward ping-pong */
  float *partials;                /* (ranges - 1, B, out[0]) the fused pass's partials */

  /* The fast step (trainer-step.c) */
  const guint8 **rows, **next_rows; /* (B) pixel rows of this batch and of the next one */
  float lut[256];                   /* pixel → input value, lut[0] == 0 */
  gboolean z0_ready;                /* layer 0's output already holds this batch's product */
  NrPool *pool;                     /* owned during a run */
  guint n_cols;                     /* layer 0's column parts: 16-column multiples */
  int cols[NR_POOL_MAX_THREADS + 1]; /* part p: output columns [cols[p], cols[p+1]) */
  guint n_ranges;                   /* row parts of the fused pass */
  int ranges[NR_FUSED_RANGES + 1];  /* part r: weight rows [ranges[r], ranges[r+1]) */
};

/* ---- trainer-step.c ------------------------------------------------------------------ */

/* Starts and stops the fast step's workers and fixes its parts, around a run. */
void _nr_trainer_step_begin (NrTrainer *trainer);
void _nr_trainer_step_end (NrTrainer *trainer);

/* The fast step, in two halves so the caller can look at the loss in between:
 * forward on the training images indices[0 … B) (dropout on), returning the batch's mean
 * loss and its correct predictions; next_indices[0 … B_next) is the following batch
 * (B_next 0 at the end of an epoch), whose images start loading now. */
double _nr_trainer_fast_forward (NrTrainer *trainer, const guint32 *indices, int B,
                                 const guint32 *next_indices, int B_next, guint *n_correct);
/* … then backward and the optimizer update (with Adam fused with the next batch's first
 * layer). Not to be called when the loss was not finite. */
void _nr_trainer_fast_update (NrTrainer *trainer, const guint32 *next_indices, int B,
                              int B_next);

/* Tests: runs the reference forward pass (dropout on, masks drawn from dropout_state) on
 * the training images indices[0 … B), B ≤ batch size, and returns the batch's mean loss.
 * With with_gradients, also runs the reference backward: the model's gradient buffer then
 * holds dLoss/dParams. Weights and the optimizer state are not changed. */
double _nr_trainer_batch_gradients (NrTrainer *trainer, const guint32 *indices, int B,
                                    guint64 dropout_state, gboolean with_gradients);

G_END_DECLS
