/* neurona-prediction-card.h — one cell of the prediction gallery: a test image, the verdict
 * "Sneaker 99.00% (Sneaker)" with ✓ / ✗ (blue / red through the CSS classes "right" /
 * "wrong") and the class probabilities beside it (NeuronaProbBars). The tutorial's
 * plot_image + plot_value_array, as one focusable, activatable GtkFlowBoxChild. */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona-prob-bars.h"

G_BEGIN_DECLS

typedef enum {
  NEURONA_VERDICT_NONE, /* no model: only the true class is shown */
  NEURONA_VERDICT_RIGHT,
  NEURONA_VERDICT_WRONG,
} NeuronaVerdict;

#define NEURONA_TYPE_PREDICTION_CARD (neurona_prediction_card_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaPredictionCard, neurona_prediction_card, NEURONA, PREDICTION_CARD,
                      GtkFlowBoxChild)

GtkWidget *neurona_prediction_card_new (void);

/* Shows test image `index`. pixels: (rows * cols) uint8, copied. probs: (n_outputs), copied,
 * or NULL when there is no model yet. class_names: (n_classes), untranslated. */
void neurona_prediction_card_set (NeuronaPredictionCard *self, guint index, const guint8 *pixels,
                                  guint rows, guint cols, guint true_label, const float *probs,
                                  guint n_outputs, const char *const *class_names,
                                  guint n_classes);
/* Two runs' verdicts on test image `index` (the comparison view): one line per run,
 * "✓ Run 3: Sneaker 99.00%" over "✗ Run 5: Sandal 61.20%", then "True class: Sneaker",
 * and each run's probabilities, captioned with its number. probs_a: (n_outputs_a),
 * probs_b: (n_outputs_b), copied. neurona_prediction_card_set() goes back to one run. */
void neurona_prediction_card_set_pair (NeuronaPredictionCard *self, guint index,
                                       const guint8 *pixels, guint rows, guint cols,
                                       guint true_label, guint number_a, const float *probs_a,
                                       guint n_outputs_a, guint number_b, const float *probs_b,
                                       guint n_outputs_b, const char *const *class_names,
                                       guint n_classes);
/* Whether the card shows two runs; run which's verdict and its line ("Run 3: Sneaker
 * 99.00%", without the ✓ / ✗), NONE / NULL when it shows one. */
gboolean neurona_prediction_card_get_paired (NeuronaPredictionCard *self);
NeuronaVerdict neurona_prediction_card_get_pair_verdict (NeuronaPredictionCard *self,
                                                         guint which);
const char *neurona_prediction_card_get_pair_text (NeuronaPredictionCard *self, guint which);
GtkLabel *neurona_prediction_card_get_pair_symbol (NeuronaPredictionCard *self, guint which);
NeuronaProbBars *neurona_prediction_card_get_pair_bars (NeuronaPredictionCard *self,
                                                        guint which);
void neurona_prediction_card_set_colormap (NeuronaPredictionCard *self, NrColormap cmap);

guint neurona_prediction_card_get_index (NeuronaPredictionCard *self);
NeuronaVerdict neurona_prediction_card_get_verdict (NeuronaPredictionCard *self);
/* "Sneaker 99.00% (Sneaker)", without the ✓ / ✗. */
const char *neurona_prediction_card_get_text (NeuronaPredictionCard *self);
GtkLabel *neurona_prediction_card_get_label (NeuronaPredictionCard *self);
GtkLabel *neurona_prediction_card_get_symbol (NeuronaPredictionCard *self);
NeuronaProbBars *neurona_prediction_card_get_bars (NeuronaPredictionCard *self);

/* Helpers shared with the gallery's large view. */

/* Class k's display name: the dataset's (translated) name, or the unit's number for
 * output units past the classes ("10", "11" …). */
char *neurona_class_display_name (guint k, const char *const *class_names, guint n_classes);
/* Index of the largest probability (the first one on ties; 0 when n is 0). */
guint neurona_argmax (const float *probs, guint n);
/* "Sneaker 99.00% (Sneaker)": the tutorial's plt.xlabel. */
char *neurona_format_verdict (const char *predicted_name, double probability,
                              const char *true_name);
/* Colours a verdict's text and symbol: CSS class "right" (blue) or "wrong" (red), neither
 * for NEURONA_VERDICT_NONE. */
void neurona_set_verdict_class (GtkWidget *widget, NeuronaVerdict verdict);
/* Paints a rows × cols uint8 image through the colormap, scaled to fit width × height and
 * centred, with CAIRO_FILTER_NEAREST so pixels stay pixels. */
void neurona_paint_image (cairo_t *cr, int width, int height, const guint8 *pixels, guint rows,
                          guint cols, NrColormap cmap);

G_END_DECLS
