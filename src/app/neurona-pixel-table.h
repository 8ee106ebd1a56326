/* neurona-pixel-table.h — an image's pixel values as a table, the tutorial's
 * print(train_images[0]): rows × cols numbers 0–255 in a monospace grid with row and column
 * numbers, one cell (the cursor) highlighted. The Data page shows it beside the large view,
 * both pointing at the same pixel. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NEURONA_TYPE_PIXEL_TABLE (neurona_pixel_table_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaPixelTable, neurona_pixel_table, NEURONA, PIXEL_TABLE, GtkWidget)

GtkWidget *neurona_pixel_table_new (void);

/* Copies rows × cols uint8 pixels (row-major); NULL or 0 × 0 shows nothing. */
void neurona_pixel_table_set_pixels (NeuronaPixelTable *self, const guint8 *pixels, guint rows,
                                     guint cols);
/* The text of cell (row, col) as drawn ("254"); NULL outside the table. Newly allocated. */
char *neurona_pixel_table_get_cell_text (NeuronaPixelTable *self, guint row, guint col);
/* Where cell (row, col) is drawn, in widget coordinates; FALSE outside the table. */
gboolean neurona_pixel_table_get_cell_area (NeuronaPixelTable *self, guint row, guint col,
                                            graphene_rect_t *area);

/* The highlighted cell; -1, -1 for none. Moving it by pointer or arrow keys emits
 * "cursor-changed"; setting it does not. */
void neurona_pixel_table_set_cursor (NeuronaPixelTable *self, int row, int col);
gboolean neurona_pixel_table_get_cursor (NeuronaPixelTable *self, int *row, int *col);

/* The cursor cell's background (the theme's accent, with the number in white). */
#define NEURONA_PIXEL_TABLE_HIGHLIGHT "#1c71d8"

G_END_DECLS
