/* neurona-draw-pad.h — a 28 × 28 grid of ink to draw on, shown large with its pixels
 * visible: a soft brush about 2 pixels wide, as MNIST's strokes are, drawn with the mouse
 * or a finger (GtkGestureDrag), or from the keyboard: the arrow keys move a pen cursor,
 * Space paints under it, Shift+arrow paints as it moves. Ink is black on white paper. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NEURONA_DRAW_PAD_SIDE 28

#define NEURONA_TYPE_DRAW_PAD (neurona_draw_pad_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaDrawPad, neurona_draw_pad, NEURONA, DRAW_PAD, GtkWidget)

GtkWidget *neurona_draw_pad_new (void);

/* The ink, (28, 28) row-major, 0 (paper) … 1 (ink). */
const float *neurona_draw_pad_get_ink (NeuronaDrawPad *self);
gboolean neurona_draw_pad_is_empty (NeuronaDrawPad *self);
void neurona_draw_pad_clear (NeuronaDrawPad *self);
void neurona_draw_pad_invert (NeuronaDrawPad *self);
/* A brush stroke from (row0, col0) to (row1, col1), in pixels of the grid (continuous:
 * pixel (r, c) spans r … r + 1), as a drag there paints it. */
void neurona_draw_pad_draw_line (NeuronaDrawPad *self, double row0, double col0, double row1,
                                 double col1);
/* The pen cursor of the keyboard (row, col). */
void neurona_draw_pad_get_cursor (NeuronaDrawPad *self, guint *row, guint *col);
/* Where the grid is drawn, in widget coordinates (FALSE before it has a size). */
gboolean neurona_draw_pad_get_grid_area (NeuronaDrawPad *self, graphene_rect_t *area);

/* Signals:
 *   "changed"   the ink changed (a stroke, Clear, Invert)
 */

G_END_DECLS
