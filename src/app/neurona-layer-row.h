/* neurona-layer-row.h — one hidden Dense layer of the model panel: its units, activation
 * and Dropout as a preferences group, its parameter count, and a Remove button.
 *
 * The row knows nothing of the other layers: it says which number it has ("index"), shows
 * its settings as properties and asks to be removed ("remove-requested"); the model panel
 * decides what removing means. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NEURONA_TYPE_LAYER_ROW (neurona_layer_row_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaLayerRow, neurona_layer_row, NEURONA, LAYER_ROW, GtkWidget)

/* A layer of 128 relu units without Dropout, numbered index (1-based). */
GtkWidget *neurona_layer_row_new (guint index);

/* Property "index" (guint, ≥ 1): the number in the title "Dense · hidden layer N" and in
 * the Remove button's tooltip and accessible description "Remove hidden layer N". */
guint neurona_layer_row_get_index (NeuronaLayerRow *self);
void neurona_layer_row_set_index (NeuronaLayerRow *self, guint index);

/* Property "units" (guint, 1 … NR_MAX_UNITS): the "Hidden units" spin button. */
guint neurona_layer_row_get_units (NeuronaLayerRow *self);
void neurona_layer_row_set_units (NeuronaLayerRow *self, guint units);

/* Property "activation" (guint, an NrActivation): the "Activation" choice. */
guint neurona_layer_row_get_activation (NeuronaLayerRow *self);
void neurona_layer_row_set_activation (NeuronaLayerRow *self, guint activation);

/* Property "dropout" (double, 0 … 0.95): the "Dropout" spin button. */
double neurona_layer_row_get_dropout (NeuronaLayerRow *self);
void neurona_layer_row_set_dropout (NeuronaLayerRow *self, double dropout);

/* The layer's trainable parameters, shown as "100,480 parameters" under the title. */
void neurona_layer_row_set_param_count (NeuronaLayerRow *self, gsize n_params);

/* "100,480 parameters" (translated, with the locale's separators): free with g_free(). */
char *neurona_format_param_count (gsize n_params);

/* Takes in what is typed in the spin buttons but not yet entered. */
void neurona_layer_row_commit_edits (NeuronaLayerRow *self);

/* Puts the keyboard focus in the "Hidden units" spin button. */
gboolean neurona_layer_row_focus_units (NeuronaLayerRow *self);

/* Action "layer.remove" (the Remove button's) emits signal "remove-requested" (no
 * arguments): the owner removes the layer, or not. */

G_END_DECLS
