/* neurona-prediction-gallery.h — the "Predictions" page: test images with predicted class,
 * confidence and true class (blue ✓ when right, red ✗ when wrong) beside a bar chart of
 * the class probabilities, as in the tutorial's plot_image / plot_value_array. */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona-comparison.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_PREDICTION_GALLERY (neurona_prediction_gallery_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaPredictionGallery, neurona_prediction_gallery, NEURONA,
                      PREDICTION_GALLERY, GtkWidget)

GtkWidget *neurona_prediction_gallery_new (void);

/* The dataset whose test split is shown (a reference is taken); NULL empties the page. */
void neurona_prediction_gallery_set_dataset (NeuronaPredictionGallery *self, NrDataset *dataset);
/* The weights whose guesses are shown (a reference is taken: they are immutable and
 * shared). normalize says whether they were trained on pixels scaled to [0, 1]. NULL
 * clears the predictions. */
void neurona_prediction_gallery_set_weights (NeuronaPredictionGallery *self, NrWeights *weights,
                                             gboolean normalize);
/* The same for a model's current parameters (copied into a snapshot). */
void neurona_prediction_gallery_set_model (NeuronaPredictionGallery *self, const NrModel *model,
                                           gboolean normalize);
/* Says whose guesses these are ("run 3 · 128 relu · 10 epochs · epoch 10 of 10",
 * "untrained model"): shown above the cards as "Predictions of …". */
void neurona_prediction_gallery_set_whose (NeuronaPredictionGallery *self, const char *whose);
/* Compact: the toolbar in two rows, for a large zoom (set by the window). */
void neurona_prediction_gallery_set_compact (NeuronaPredictionGallery *self, gboolean compact);
const char *neurona_prediction_gallery_get_whose (NeuronaPredictionGallery *self);

/* Additions (tests, and callers that hold an image set rather than a dataset). */

/* Shows `set` (a reference is taken) with these class names (n_classes, untranslated,
 * borrowed: static strings such as NrDatasetInfo's). NULL empties the page. */
void neurona_prediction_gallery_set_test_set (NeuronaPredictionGallery *self, NrImageSet *set,
                                              const char *const *class_names, guint n_classes);
/* How the images are coloured; binary (white → black) by default, as plot_image. */
void neurona_prediction_gallery_set_colormap (NeuronaPredictionGallery *self, NrColormap cmap);

typedef enum {
  NEURONA_GALLERY_SORT_TEST_ORDER,
  NEURONA_GALLERY_SORT_CONFIDENCE_ASCENDING,
  NEURONA_GALLERY_SORT_CONFIDENCE_DESCENDING,
} NeuronaGallerySort;

/* The grid of cards shown (this page of them), as painted last, over the window's
 * background, as a PNG image of the grid's size ("Save as PNG…", action
 * gallery.save-png). Fails when no card is shown. */
gboolean neurona_prediction_gallery_export_png (NeuronaPredictionGallery *self, GFile *file,
                                                GError **error);
/* The widget holding the cards (what the PNG shows). */
GtkWidget *neurona_prediction_gallery_get_grid (NeuronaPredictionGallery *self);

/* TRUE while predictions for the newest model are being computed on the worker thread. */
gboolean neurona_prediction_gallery_is_busy (NeuronaPredictionGallery *self);
/* Counts over the whole test set once predictions are in (FALSE before). */
gboolean neurona_prediction_gallery_get_counts (NeuronaPredictionGallery *self, guint *n_images,
                                                guint *n_mistakes);

/* Two runs compared (neurona-comparison.h): the cards show the test images one run got
 * right and the other wrong, each with both runs' verdicts; two toggle buttons ("Run 3
 * right, run 5 wrong: 112 images" and the other way round) choose which; "Stop comparing"
 * (action gallery.stop-comparing) goes back to the current run's predictions, which the
 * page keeps meanwhile. A reference is taken; NULL ends the comparison. */
void neurona_prediction_gallery_set_comparison (NeuronaPredictionGallery *self,
                                                NeuronaComparison *comparison);
NeuronaComparison *neurona_prediction_gallery_get_comparison (NeuronaPredictionGallery *self);
/* Which images are shown: those the comparison's run `right` (0 or 1) got right. */
void neurona_prediction_gallery_set_flip_side (NeuronaPredictionGallery *self, guint right);
guint neurona_prediction_gallery_get_flip_side (NeuronaPredictionGallery *self);
GtkToggleButton *neurona_prediction_gallery_get_flip_button (NeuronaPredictionGallery *self,
                                                             guint right);
/* The test images listed (every page), in their order, as indices into the images shown. */
const guint *neurona_prediction_gallery_get_shown (NeuronaPredictionGallery *self, guint *n);
/* The line under the heading ("Accuracy on …", "On the 10,000 test images, …"). */
const char *neurona_prediction_gallery_get_summary (NeuronaPredictionGallery *self);

/* One cell of the confusion matrix: only the test images of true class true_class that the
 * model predicts as output `predicted`, under a heading "True Shirt, predicted
 * T-shirt/top: 112 images" with a "Show all" button (action gallery.show-all, which
 * clears it). Follows the predictions as they change; ends a comparison. */
void neurona_prediction_gallery_set_cell (NeuronaPredictionGallery *self, guint true_class,
                                          guint predicted);
void neurona_prediction_gallery_clear_cell (NeuronaPredictionGallery *self);
/* TRUE while a cell is shown, with which one. */
gboolean neurona_prediction_gallery_get_cell (NeuronaPredictionGallery *self, guint *true_class,
                                              guint *predicted);
/* The cell's heading, or NULL when no cell is shown. */
const char *neurona_prediction_gallery_get_cell_heading (NeuronaPredictionGallery *self);
/* Go to image: shows the page holding test image `index` (0-based, as test_images[i]) in
 * the current order and filter, scrolls to its card and focuses it. FALSE, with a line
 * saying why, when the filter leaves it out or there is no such image. */
gboolean neurona_prediction_gallery_go_to_image (NeuronaPredictionGallery *self, guint index);

G_END_DECLS
