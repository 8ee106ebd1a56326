/* neurona-weights-view.h — the Understand page's "First-layer weights": every hidden unit
 * of the first Dense layer as a 28 × 28 picture of its 784 incoming weights, a page of
 * units at a time on one shared diverging scale, refreshed at every epoch of a run
 * training; a unit chosen (click, or Enter) is shown large with its colorbar and the test
 * images that excite it most. It follows the session's current model. */
#pragma once

#include <gtk/gtk.h>

#include "neurona-session.h"

G_BEGIN_DECLS

/* Units per page. */
#define NEURONA_WEIGHTS_VIEW_PAGE_SIZE 32
/* Test images shown for the chosen unit. */
#define NEURONA_WEIGHTS_VIEW_N_TOP 8

#define NEURONA_TYPE_WEIGHTS_VIEW (neurona_weights_view_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaWeightsView, neurona_weights_view, NEURONA, WEIGHTS_VIEW, GtkWidget)

GtkWidget *neurona_weights_view_new (void);

/* Follows session's "current-weights" (NULL: shows nothing). The session is kept. */
void neurona_weights_view_set_session (NeuronaWeightsView *self, NeuronaSession *session);

/* Shows weights (kept) of a model of dataset_id directly, as if they were the session's
 * current ones until the session's next change (tests; NULL: none). */
void neurona_weights_view_set_weights (NeuronaWeightsView *self, NrWeights *weights,
                                       gboolean normalize, NrDatasetId dataset_id);
/* The weights shown (borrowed; NULL when none), as last refreshed. */
NrWeights *neurona_weights_view_get_weights (NeuronaWeightsView *self);
/* The page shown (0-based) and how many there are (0 without hidden units). */
guint neurona_weights_view_get_page (NeuronaWeightsView *self);
guint neurona_weights_view_get_n_pages (NeuronaWeightsView *self);
void neurona_weights_view_set_page (NeuronaWeightsView *self, guint page);
/* The picture of the i-th unit of the page shown (NULL past the page's units), and the
 * large picture of the chosen unit. */
GtkWidget *neurona_weights_view_get_unit_picture (NeuronaWeightsView *self, guint i);
GtkWidget *neurona_weights_view_get_detail_picture (NeuronaWeightsView *self);
/* The chosen unit (0-based) and choosing one, as a click on it does. */
guint neurona_weights_view_get_selected_unit (NeuronaWeightsView *self);
void neurona_weights_view_select_unit (NeuronaWeightsView *self, guint unit);
/* The test images shown for the chosen unit (indices into the test set, most exciting
 * first); 0 while they are computed. */
guint neurona_weights_view_get_top_images (NeuronaWeightsView *self, const guint **indices);

G_END_DECLS
