/* neurona-class-bars.h — one horizontal bar per class with its percentage beside it: the
 * per-class accuracy (recall) of a confusion matrix, in class order or sorted. */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_CLASS_BARS (neurona_class_bars_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaClassBars, neurona_class_bars, NEURONA, CLASS_BARS, GtkWidget)

GtkWidget *neurona_class_bars_new (void);

/* The classes' accuracies from confusion (a reference is taken; NULL shows nothing), named
 * by class_names (untranslated, n_classes, borrowed static strings: shown translated). */
void neurona_class_bars_set_confusion (NeuronaClassBars *self, NrConfusion *confusion,
                                       const char *const *class_names, guint n_classes);
/* Worst first (classes without images last) instead of class order. */
void neurona_class_bars_set_sorted (NeuronaClassBars *self, gboolean sorted);
gboolean neurona_class_bars_get_sorted (NeuronaClassBars *self);

/* How many bars, and the class of the bar at position i (top to bottom). */
guint neurona_class_bars_get_n_bars (NeuronaClassBars *self);
guint neurona_class_bars_get_class_at (NeuronaClassBars *self, guint i);
/* The accuracy shown for class c (NAN: no images of it). */
double neurona_class_bars_get_value (NeuronaClassBars *self, guint c);
/* The text beside class c's bar: "88.0%", or "no images" (newly allocated). */
char *neurona_class_bars_get_value_text (NeuronaClassBars *self, guint c);
/* Where the bar of position i is drawn at full length (100 %), in widget coordinates. */
gboolean neurona_class_bars_get_bar_area (NeuronaClassBars *self, guint i, graphene_rect_t *area);
/* The accessible description as set last: "T-shirt/top 82.0%, Trouser 95.1%, …". */
const char *neurona_class_bars_get_description (NeuronaClassBars *self);

G_END_DECLS
