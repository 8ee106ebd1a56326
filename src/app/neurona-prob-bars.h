/* neurona-prob-bars.h — a bar chart of class probabilities, as the tutorial's
 * plot_value_array: one grey bar per output unit on a 0…1 axis, the predicted class red
 * and the true class blue. Colour is not the only signal: a wrongly predicted bar is
 * hatched and the true class's bar is outlined (and, with show-legend, a legend says so). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The chart's colours: mid-tones that keep 3:1 contrast on light and dark backgrounds. */
#define NEURONA_PROB_BARS_GREY "#777777"
#define NEURONA_PROB_BARS_RED "#e01b24"
#define NEURONA_PROB_BARS_BLUE "#1c71d8"

#define NEURONA_TYPE_PROB_BARS (neurona_prob_bars_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaProbBars, neurona_prob_bars, NEURONA, PROB_BARS, GtkWidget)

GtkWidget *neurona_prob_bars_new (void);

/* Copies n_values probabilities (one per output unit; may be more than the dataset's
 * classes). predicted and true_label index a bar, or are -1 for none (a true label the
 * output layer cannot represent is simply not marked). NULL / 0 empties the chart. */
void neurona_prob_bars_set_values (NeuronaProbBars *self, const float *probs, guint n_values,
                                   int predicted, int true_label);
guint neurona_prob_bars_get_n_values (NeuronaProbBars *self);

/* Names the outputs in the chart's accessible text ("Ankle boot: 83.80%"): class_names are
 * the dataset's untranslated names (copied, translated when read); outputs past n_classes,
 * or all of them without names, are read by their number. */
void neurona_prob_bars_set_class_names (NeuronaProbBars *self, const char *const *class_names,
                                        guint n_classes);
int neurona_prob_bars_get_predicted (NeuronaProbBars *self);
int neurona_prob_bars_get_true_label (NeuronaProbBars *self);

/* Property "show-legend": a line under the axis explaining the red / blue bars. */
void neurona_prob_bars_set_show_legend (NeuronaProbBars *self, gboolean show_legend);
gboolean neurona_prob_bars_get_show_legend (NeuronaProbBars *self);

/* Where bar `index` is drawn at the current size, in widget coordinates: x and width of
 * the bar, y of the value 1 line and the height of the 0…1 range (so a value p reaches
 * from y + height down by p * height). FALSE when there is no such bar or no room. */
gboolean neurona_prob_bars_get_bar_area (NeuronaProbBars *self, guint index,
                                         graphene_rect_t *out_area);

G_END_DECLS
