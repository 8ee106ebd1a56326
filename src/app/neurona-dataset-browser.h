/* neurona-dataset-browser.h — the "Data" page: a virtualised grid of images with their
 * class names, a colormap choice, a class filter, and a large view with a colorbar and a
 * pixel readout. */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_DATASET_BROWSER (neurona_dataset_browser_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaDatasetBrowser, neurona_dataset_browser, NEURONA, DATASET_BROWSER,
                      GtkWidget)

GtkWidget *neurona_dataset_browser_new (void);

/* Property "dataset-id" (guint, an NrDatasetId): the user's choice in the page's own
 * "Dataset" drop-down. The window binds it to its own "dataset-id", loads that dataset and
 * hands it back with set_dataset(). */
guint neurona_dataset_browser_get_dataset_id (NeuronaDatasetBrowser *self);
void neurona_dataset_browser_set_dataset_id (NeuronaDatasetBrowser *self, guint dataset_id);
/* The loaded data to show (a reference is taken); NULL shows a "loading" state. */
void neurona_dataset_browser_set_dataset (NeuronaDatasetBrowser *self, NrDataset *dataset);

/* Also properties "colormap" (guint, an NrColormap: the page's "Colormap" drop-down, for
 * the grid and the large view) and "thumbnail-size" (int, pixels). */

/* Go to image: scrolls the grid to image index (0-based, of the split shown), selects it
 * (so the large view shows it) and focuses it; an image the class filter hides brings back
 * all classes. FALSE when there is no such image. */
gboolean neurona_dataset_browser_go_to_image (NeuronaDatasetBrowser *self, guint index);
/* The selected image's index in its split; FALSE when none is. */
gboolean neurona_dataset_browser_get_selected_image (NeuronaDatasetBrowser *self, guint *index);

G_END_DECLS
