/* neurona-draw-view.h — the Understand page's "Drawing pad": draw on a 28 × 28 grid and
 * the current model's probabilities follow as you draw; the drawing is prepared as the
 * dataset's images were (MNIST: centred, scaled to 20 × 20; Fashion-MNIST: scaled to fill
 * the frame), and that input and the most similar training images are shown beside it. */
#pragma once

#include <gtk/gtk.h>

#include "neurona-session.h"

G_BEGIN_DECLS

/* Training images shown as the most similar. */
#define NEURONA_DRAW_VIEW_N_SIMILAR 6

#define NEURONA_TYPE_DRAW_VIEW (neurona_draw_view_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaDrawView, neurona_draw_view, NEURONA, DRAW_VIEW, GtkWidget)

GtkWidget *neurona_draw_view_new (void);

/* Follows session's "current-weights" (NULL: no model). The session is kept. */
void neurona_draw_view_set_session (NeuronaDrawView *self, NeuronaSession *session);

/* The pad drawn on (a NeuronaDrawPad), the prob bars (a NeuronaProbBars) and the view of
 * the processed input (a NeuronaImageView). */
GtkWidget *neurona_draw_view_get_pad (NeuronaDrawView *self);
GtkWidget *neurona_draw_view_get_prob_bars (NeuronaDrawView *self);
GtkWidget *neurona_draw_view_get_input_view (NeuronaDrawView *self);
/* The 28 × 28 input the model is given (all zeros while the pad is empty). */
const guint8 *neurona_draw_view_get_input (NeuronaDrawView *self);
/* The most similar training images shown (indices, nearest first); 0 while they are
 * computed or when there is no drawing. */
guint neurona_draw_view_get_similar (NeuronaDrawView *self, const guint **indices);
/* Whether a search for similar images is under way. */
gboolean neurona_draw_view_is_busy (NeuronaDrawView *self);

G_END_DECLS
