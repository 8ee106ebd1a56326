/* neurona-confusion-view.h — the Understand page's "Confusion matrix" view: the current
 * model's confusion matrix on its test images, live at each epoch end of a run.
 *
 * A "Normalise by row" check shows row percentages; the cell under the pointer or the
 * keyboard's cursor is read out under the matrix; activating a cell emits
 * "cell-activated" (guint true_class, guint predicted), which the window answers by
 * showing those test images on the Predictions page. */
#pragma once

#include <gtk/gtk.h>

#include "neurona-confusion-matrix.h"
#include "neurona-session.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_CONFUSION_VIEW (neurona_confusion_view_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaConfusionView, neurona_confusion_view, NEURONA, CONFUSION_VIEW,
                      GtkWidget)

GtkWidget *neurona_confusion_view_new (void);

/* The session whose current model is shown (borrowed: it outlives the view). Its
 * "current-confusion" is followed; while the view is shown it asks for one when missing. */
void neurona_confusion_view_set_session (NeuronaConfusionView *self, NeuronaSession *session);
NeuronaConfusionMatrix *neurona_confusion_view_get_matrix (NeuronaConfusionView *self);
/* The line above the matrix: the accuracy, or why there is no matrix. */
const char *neurona_confusion_view_get_status (NeuronaConfusionView *self);
/* The cell readout under the matrix. */
const char *neurona_confusion_view_get_readout (NeuronaConfusionView *self);

G_END_DECLS
