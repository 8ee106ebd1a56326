/* neurona-confusion-matrix.h — a confusion matrix drawn as a grid of cells.
 *
 * Rows are the true classes, columns the predicted outputs (past the classes when the
 * network has more outputs). Every cell shows its count (or, normalised, its share of the
 * row) on a sequential colour scale with a legend; the diagonal is also told apart by bold
 * text and an outline. The grid is focusable: the arrow keys move a cell cursor, Enter or
 * Space (or a click) activates the cell ("cell-activated"). Its accessible description
 * says the content in words and follows the data and the cursor.
 */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_CONFUSION_MATRIX (neurona_confusion_matrix_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaConfusionMatrix, neurona_confusion_matrix, NEURONA,
                      CONFUSION_MATRIX, GtkWidget)

GtkWidget *neurona_confusion_matrix_new (void);

/* The matrix shown (a reference is taken; NULL shows nothing) with the dataset's class
 * names (untranslated, n_classes, borrowed static strings as NrDatasetInfo's: shown
 * translated). */
void neurona_confusion_matrix_set_confusion (NeuronaConfusionMatrix *self,
                                             NrConfusion *confusion,
                                             const char *const *class_names, guint n_classes);
NrConfusion *neurona_confusion_matrix_get_confusion (NeuronaConfusionMatrix *self);
/* Row percentages instead of counts. */
void neurona_confusion_matrix_set_normalize (NeuronaConfusionMatrix *self, gboolean normalize);
gboolean neurona_confusion_matrix_get_normalize (NeuronaConfusionMatrix *self);

/* The text a cell shows: "112", or normalised "11%", "0.4%" (newly allocated). */
char *neurona_confusion_matrix_get_cell_text (NeuronaConfusionMatrix *self, guint t, guint p);
/* Where a cell is drawn, in widget coordinates; FALSE when nothing is drawn. */
gboolean neurona_confusion_matrix_get_cell_area (NeuronaConfusionMatrix *self, guint t, guint p,
                                                 graphene_rect_t *area);
/* The cell cursor (row t, column p), kept inside the matrix. */
void neurona_confusion_matrix_set_cursor (NeuronaConfusionMatrix *self, guint t, guint p);
void neurona_confusion_matrix_get_cursor (NeuronaConfusionMatrix *self, guint *t, guint *p);
/* A cell in words: "True Shirt, predicted T-shirt/top: 112 images, 11.2% of the true
 * Shirt images" (newly allocated). */
char *neurona_confusion_matrix_describe_cell (NeuronaConfusionMatrix *self, guint t, guint p);
/* The accessible description as set last. */
const char *neurona_confusion_matrix_get_description (NeuronaConfusionMatrix *self);
/* A class's (or an output's) name as shown; borrowed. */
const char *neurona_confusion_matrix_get_class_label (NeuronaConfusionMatrix *self, guint c);

/* Signals:
 *   "cell-activated" (guint t, guint p)  Enter, Space or a click on a cell
 *   "cell-hovered"   (int t, int p)      the pointer entered a cell; -1, -1 when it left
 *   "cursor-changed" ()                  the cell cursor moved
 */

G_END_DECLS
