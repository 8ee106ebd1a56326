/* neurona-prediction-gallery.h — the "Predictions" page: test images with predicted class,
 * confidence and true class (blue ✓ when right, red ✗ when wrong) beside a bar chart of
 * the class probabilities, as in the tutorial's plot_image / plot_value_array. */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_PREDICTION_GALLERY (neurona_prediction_gallery_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaPredictionGallery, neurona_prediction_gallery, NEURONA,
                      PREDICTION_GALLERY, GtkWidget)

GtkWidget *neurona_prediction_gallery_new (void);

/* The dataset whose test split is shown (a reference is taken); NULL empties the page. */
void neurona_prediction_gallery_set_dataset (NeuronaPredictionGallery *self, NrDataset *dataset);
/* The model whose guesses are shown: copied, so the caller keeps its own. normalize says
 * whether it was trained on pixels scaled to [0, 1]. NULL clears the predictions. */
void neurona_prediction_gallery_set_model (NeuronaPredictionGallery *self, const NrModel *model,
                                           gboolean normalize);

G_END_DECLS
