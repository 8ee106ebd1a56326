/* neurona-prediction-detail.h — the Predictions page's large view: one test image, big,
 * titled "Test image i = 7 (of 10,000)" (0-based, as the tutorial's test_images[i]), its
 * verdict with ✓ / ✗, the probability bars with their legend and an "All probabilities"
 * table of every output; in the comparison view both runs' verdicts and columns.
 *
 * A window of its own that only presents: its owner (the gallery) holds the images, the
 * predictions and their order, gives it what to show, and answers "index-requested".
 *
 * Actions: detail.previous and detail.next (buttons, Left / Right) ask for the
 * neighbours given with neurona_prediction_detail_set_neighbours() and are disabled
 * where there is none; window.close (Close, Escape) closes it. */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_PREDICTION_DETAIL (neurona_prediction_detail_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaPredictionDetail, neurona_prediction_detail, NEURONA,
                      PREDICTION_DETAIL, GtkWindow)

GtkWidget *neurona_prediction_detail_new (void);

/* The dataset's class names (n_classes, untranslated, borrowed: static strings such as
 * NrDatasetInfo's); outputs past them are named by their number. */
void neurona_prediction_detail_set_class_names (NeuronaPredictionDetail *self,
                                                const char *const *class_names,
                                                guint n_classes);
/* How the image is coloured; binary (white → black) by default, as plot_image. */
void neurona_prediction_detail_set_colormap (NeuronaPredictionDetail *self, NrColormap cmap);
NrColormap neurona_prediction_detail_get_colormap (NeuronaPredictionDetail *self);

/* Shows test image `index` (0-based) of n_images: pixels (rows, cols) uint8, copied, and
 * its true class; without predictions (only "True class: …") until
 * neurona_prediction_detail_set_prediction() or _set_pair() gives them. */
void neurona_prediction_detail_set_image (NeuronaPredictionDetail *self, guint index,
                                          guint n_images, const guint8 *pixels, guint rows,
                                          guint cols, guint true_label);
guint neurona_prediction_detail_get_index (NeuronaPredictionDetail *self);

/* One model's probabilities for the image shown: probs (n_outputs), copied; the verdict,
 * the bars and a table row per output follow. NULL / 0: no predictions. */
void neurona_prediction_detail_set_prediction (NeuronaPredictionDetail *self,
                                               const float *probs, guint n_outputs);
/* Two runs compared: run number_a's probabilities probs_a (n_outputs_a) and run
 * number_b's probs_b (n_outputs_b), copied. Both verdicts, one line each, and a table
 * column per run ("—" past a run's outputs); no bars. */
void neurona_prediction_detail_set_pair (NeuronaPredictionDetail *self, guint number_a,
                                         const float *probs_a, guint n_outputs_a,
                                         guint number_b, const float *probs_b,
                                         guint n_outputs_b);

/* The images before and after this one in the owner's order, or -1 for none: what
 * detail.previous / detail.next ask for, and whether they are enabled. */
void neurona_prediction_detail_set_neighbours (NeuronaPredictionDetail *self, int previous,
                                               int next);

/* The "All probabilities" table: row 0 the headings, row k + 1 output k, columns number,
 * name, probability (one per run when comparing), note ("predicted", "true class"). */
GtkGrid *neurona_prediction_detail_get_table (NeuronaPredictionDetail *self);

/* Signal "index-requested" (guint index): Previous / Next asks for image `index`. The
 * owner shows it (neurona_prediction_detail_set_image() and the rest), or does not. */

G_END_DECLS
