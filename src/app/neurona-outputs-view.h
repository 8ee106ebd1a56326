/* neurona-outputs-view.h — the Understand page's "Outputs of one image": the tutorial's
 * first step, predictions = model(x_train[:1]).numpy() then tf.nn.softmax(predictions).
 *
 * One image of the current run's dataset (training or test split, 0-based index i as the
 * tutorial's x_train[i]), the current model's raw outputs (logits) for it and their
 * softmax, side by side as a table and as bars, with the class names. It follows the
 * session's "current-weights" (every epoch of a run training) while it is shown.
 */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona-session.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_OUTPUTS_VIEW (neurona_outputs_view_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaOutputsView, neurona_outputs_view, NEURONA, OUTPUTS_VIEW, GtkWidget)

GtkWidget *neurona_outputs_view_new (void);

/* The session whose current model and dataset are shown (borrowed: it outlives the view). */
void neurona_outputs_view_set_session (NeuronaOutputsView *self, NeuronaSession *session);

/* The image shown: split 0 = training, 1 = test; index 0-based. Clamped to the split. */
void neurona_outputs_view_set_image (NeuronaOutputsView *self, guint split, guint index);
guint neurona_outputs_view_get_split (NeuronaOutputsView *self);
guint neurona_outputs_view_get_index (NeuronaOutputsView *self);

/* The table: row 0 the headings, then one row per output: column 0 the output's number,
 * 1 its class, 2 the logit's text, 3 its bar, 4 the softmax's text, 5 its bar. */
GtkGrid *neurona_outputs_view_get_table (NeuronaOutputsView *self);
/* The outputs shown (n_outputs of each), NULL before any; TRUE while one is computed. */
const float *neurona_outputs_view_get_logits (NeuronaOutputsView *self, guint *n_outputs);
gboolean neurona_outputs_view_is_busy (NeuronaOutputsView *self);
/* The sentence under the table ("Before training, the outputs are 10 numbers near 0…"). */
const char *neurona_outputs_view_get_note (NeuronaOutputsView *self);

G_END_DECLS
