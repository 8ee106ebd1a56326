/* neurona-image-view.h — one uint8 image drawn through a colormap, pixels kept square and
 * sharp, with an optional colorbar (0–255, matplotlib's ticks) and a hover readout of the
 * pixel under the pointer. Used large on the Data page and small in its grid. */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_IMAGE_VIEW (neurona_image_view_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaImageView, neurona_image_view, NEURONA, IMAGE_VIEW, GtkWidget)

GtkWidget *neurona_image_view_new (void);

/* Copies rows × cols uint8 pixels (row-major); NULL or 0 × 0 shows nothing. */
void neurona_image_view_set_pixels (NeuronaImageView *self, const guint8 *pixels, guint rows,
                                    guint cols);
/* The value at (row, col); -1 when outside the image or there is none. */
int neurona_image_view_get_value (NeuronaImageView *self, guint row, guint col);

/* Property "colormap" (guint, an NrColormap). */
void neurona_image_view_set_colormap (NeuronaImageView *self, guint colormap);
guint neurona_image_view_get_colormap (NeuronaImageView *self);
/* Property "show-colorbar": a 0–255 bar beside the image, ticks at 0, 50, …, 250. */
void neurona_image_view_set_show_colorbar (NeuronaImageView *self, gboolean show);
/* Property "size": the requested side of the image in pixels (minimum and natural). */
void neurona_image_view_set_size (NeuronaImageView *self, int size);
/* Keeps the requested size instead of growing square with the width it is given (the
 * large view does, until the pixel table beside it needs the room). */
void neurona_image_view_set_fixed_size (NeuronaImageView *self, gboolean fixed);
/* Property "hover-readout" (gboolean): track the pointer and publish "readout". */
void neurona_image_view_set_hover_readout (NeuronaImageView *self, gboolean enabled);

/* Where the image is drawn, in widget coordinates (FALSE when there is no image or no
 * allocation yet). */
gboolean neurona_image_view_get_image_area (NeuronaImageView *self, graphene_rect_t *area);
/* Maps widget coordinates to the image pixel under them; FALSE outside the image. */
gboolean neurona_image_view_pixel_at (NeuronaImageView *self, double x, double y, guint *row,
                                      guint *col);
/* Property "readout" (read-only string): "row 12, column 5: 254" for the pixel under the
 * pointer, NULL when the pointer is not over the image. */
const char *neurona_image_view_get_readout (NeuronaImageView *self);
/* The pixel cursor (ringed, and read out): the pointer's or the arrow keys'; -1, -1 for
 * none. Setting it is how the pixel table next to the image points at the same pixel. */
void neurona_image_view_set_cursor (NeuronaImageView *self, int row, int col);
gboolean neurona_image_view_get_cursor (NeuronaImageView *self, int *row, int *col);

G_END_DECLS
