/* neurona-weights-picture.h — signed values (a unit's incoming weights) as a picture
 * through a diverging colormap centred on zero: [-range, range] maps onto matplotlib's
 * PiYG, so zero is its white middle, positive weights green and negative ones pink. An
 * optional colorbar beside it gives the range in numbers (-range, 0, range). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The colormap of every weights picture. */
#define NEURONA_WEIGHTS_COLORMAP NR_COLORMAP_PIYG

#define NEURONA_TYPE_WEIGHTS_PICTURE (neurona_weights_picture_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaWeightsPicture, neurona_weights_picture, NEURONA, WEIGHTS_PICTURE,
                      GtkWidget)

GtkWidget *neurona_weights_picture_new (void);

/* Copies rows × cols values (row-major) shown on the scale [-range, range] (range ≤ 0 or
 * not finite: every value is drawn as zero). NULL shows nothing. */
void neurona_weights_picture_set_values (NeuronaWeightsPicture *self, const float *values,
                                         guint rows, guint cols, float range);
float neurona_weights_picture_get_range (NeuronaWeightsPicture *self);

/* The colormap index (0 … 255) value v gets on the scale [-range, range]: 0 → 128. */
guint8 neurona_weights_picture_color_index (float v, float range);

/* The requested side of the picture in pixels. */
void neurona_weights_picture_set_size (NeuronaWeightsPicture *self, int size);
/* A colorbar with the numeric range beside the picture. */
void neurona_weights_picture_set_show_colorbar (NeuronaWeightsPicture *self, gboolean show);

/* Where the picture is drawn, in widget coordinates (FALSE before there is one). */
gboolean neurona_weights_picture_get_image_area (NeuronaWeightsPicture *self,
                                                 graphene_rect_t *area);

G_END_DECLS
