/* neurona-comparison.h — two runs' predictions side by side, image by image: the test
 * images one run got right and the other wrong, both ways.
 *
 * A non-widget object the Predictions page presents. Each run's weights (the ones in
 * memory, or its model.safetensors) predict the test images the runs were tested on —
 * run.json's dataset, and its first test_size images (the fewer of the two runs', when
 * they differ) — on a worker thread, through the core (nr_model_predict), as
 * neurona-cli evaluate does. The dataset comes from the session (loaded once there).
 */
#pragma once

#include <gio/gio.h>

#include "neurona/neurona.h"
#include "neurona-run-item.h"
#include "neurona-session.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_COMPARISON (neurona_comparison_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaComparison, neurona_comparison, NEURONA, COMPARISON, GObject)

typedef enum {
  NEURONA_COMPARISON_WORKING, /* loading the dataset or the weights, predicting */
  NEURONA_COMPARISON_READY,
  NEURONA_COMPARISON_FAILED,  /* neurona_comparison_get_error () says why */
} NeuronaComparisonState;

/* Why a and b cannot be compared image by image (they were tested on different datasets;
 * one has no saved weights, as runs saved by Neurona 0.1), or NULL when they can.
 * Translated, newly allocated. */
char *neurona_comparison_check (NeuronaRunItem *a, NeuronaRunItem *b);

/* Starts comparing a and b (which neurona_comparison_check accepts); "notify::state"
 * follows once the predictions are in, or have failed. Weights read from disk are kept on
 * the items, as opening the run would. */
NeuronaComparison *neurona_comparison_new (NeuronaSession *session, NeuronaRunItem *a,
                                           NeuronaRunItem *b);

/* Property "state". */
NeuronaComparisonState neurona_comparison_get_state (NeuronaComparison *self);
/* Why it failed (a weights file that cannot be read, the dataset missing), or NULL. */
const char *neurona_comparison_get_error (NeuronaComparison *self);
/* which: 0 for a, 1 for b. */
NeuronaRunItem *neurona_comparison_get_run (NeuronaComparison *self, guint which);
NrDatasetId neurona_comparison_get_dataset_id (NeuronaComparison *self);

/* Once READY (NULL / 0 before): */

/* The images compared: the first n of the dataset's test set (borrowed). */
NrImageSet *neurona_comparison_get_images (NeuronaComparison *self);
/* Images in the dataset's whole test set (for "the first 1,000 of 10,000"). */
guint neurona_comparison_get_n_test_images (NeuronaComparison *self);
/* Run which's probabilities, (n_images, n_outputs) row-major, and its output units. */
const float *neurona_comparison_get_probs (NeuronaComparison *self, guint which,
                                           guint *n_outputs);
/* Run which's predicted class per image (n_images). */
const guint *neurona_comparison_get_predicted (NeuronaComparison *self, guint which);
/* How many images run which got right. */
guint neurona_comparison_get_n_right (NeuronaComparison *self, guint which);
/* The images run `right` got right and the other run wrong, in test order (*n of them). */
const guint *neurona_comparison_get_flipped (NeuronaComparison *self, guint right, guint *n);

G_END_DECLS
