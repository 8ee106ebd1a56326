/* neurona-dataset-browser.h — the "Data" page: a virtualised grid of images with their
 * class names, a colormap choice, a class filter, and a large view with a colorbar and a
 * pixel readout. Its Grid… popover turns the grid into the tutorial's figure of the first
 * images (plt.subplot(rows, columns, i + 1)). A lesson step sets the page's state with the
 * setters below; each does what the user's own choice in the page would do. */
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
 * all classes, one past the figure's places all images. FALSE when there is no such image. */
gboolean neurona_dataset_browser_go_to_image (NeuronaDatasetBrowser *self, guint index);
/* The selected image's index in its split; FALSE when none is. */
gboolean neurona_dataset_browser_get_selected_image (NeuronaDatasetBrowser *self, guint *index);

/* Split: FALSE shows the training images (train_images), TRUE the test images
 * (test_images), as the "Split" drop-down does. */
gboolean neurona_dataset_browser_get_split (NeuronaDatasetBrowser *self);
void neurona_dataset_browser_set_split (NeuronaDatasetBrowser *self, gboolean test);

/* The colormap of the grid and the large view (the "Colormap" drop-down; also the
 * "colormap" property). */
NrColormap neurona_dataset_browser_get_colormap (NeuronaDatasetBrowser *self);
void neurona_dataset_browser_set_colormap (NeuronaDatasetBrowser *self, NrColormap colormap);

/* The figure's rows and columns, as in plt.subplot(rows, columns, i + 1). columns is the
 * page's "Columns" too, which the grid of all images also uses; rows counts only in a figure.
 * set_grid() leaves a 0 unchanged and clamps rows to 1…100, columns to 1…20. Also the
 * properties "rows" and "columns" (guint), notified on every change, the user's too. */
void neurona_dataset_browser_get_grid (NeuronaDatasetBrowser *self, guint *rows, guint *columns);
void neurona_dataset_browser_set_grid (NeuronaDatasetBrowser *self, guint rows, guint columns);

/* The figure: the first n images of the split (of the class shown, when the class filter
 * has one) in rows × columns places, as the tutorial's for i in range(n) loop. The grid
 * shows MIN (n, rows × columns) of them; when rows × columns < n the page says why
 * matplotlib would stop there (see get_figure_message()). n = 0: "All images", the grid of
 * every image, scrolling. get_images() is 0 in that case. n is clamped to 60,000. Also the
 * property "images" (guint), notified on every change, the user's too. */
guint neurona_dataset_browser_get_images (NeuronaDatasetBrowser *self);
void neurona_dataset_browser_set_images (NeuronaDatasetBrowser *self, guint n);
/* The message the page shows when the figure has fewer places than images ("A 2 × 5 grid
 * has 10 places, not enough for 25 images: …"), in the UI's language; NULL when there is
 * none. Owned by the page, valid until its next change. */
const char *neurona_dataset_browser_get_figure_message (NeuronaDatasetBrowser *self);

/* Compact: the settings' rows stacked in two, for a large zoom (the window sets it with
 * the Model & Training page's). */
void neurona_dataset_browser_set_compact (NeuronaDatasetBrowser *self, gboolean compact);

G_END_DECLS
