/* neurona-prediction-card.c — one test image with its verdict and probability bars. */
#include "neurona-prediction-card.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _NeuronaPredictionCard
{
  GtkFlowBoxChild parent_instance;

  /* Child widgets (owned by the widget tree) */
  GtkWidget *image;
  NeuronaProbBars *bars;
  GtkLabel *symbol;
  GtkLabel *label;
  GtkWidget *verdict_box;
  GtkWidget *pair_box;        /* two runs' verdicts, in the comparison view */
  GtkLabel *pair_symbols[2];
  GtkLabel *pair_labels[2];
  GtkLabel *true_line;
  GtkLabel *captions[2];      /* "Run 3" above each run's bars */
  NeuronaProbBars *bars_b;

  /* Owned */
  guint8 *pixels; /* (rows * cols) */
  guint rows, cols;
  char *text;
  char *pair_texts[2];

  guint index;
  gboolean paired;
  NeuronaVerdict pair_verdicts[2];
  NrColormap cmap;
  NeuronaVerdict verdict;
};

G_DEFINE_FINAL_TYPE (NeuronaPredictionCard, neurona_prediction_card, GTK_TYPE_FLOW_BOX_CHILD)

#define IMAGE_SIZE 86 /* 3 × 28 + the frame: pixels stay square and sharp */

char *
neurona_class_display_name (guint k, const char *const *class_names, guint n_classes)
{
  if (class_names != NULL && k < n_classes && class_names[k] != NULL)
    return g_strdup (gettext (class_names[k]));
  return g_strdup_printf ("%u", k);
}

guint
neurona_argmax (const float *probs, guint n)
{
  guint best = 0;

  for (guint i = 1; i < n; i++)
    if (probs[i] > probs[best])
      best = i;
  return best;
}

char *
neurona_format_verdict (const char *predicted_name, double probability, const char *true_name)
{
  /* TRANSLATORS: predicted class, confidence, true class: "Sneaker 99.00% (Sneaker)" */
  return g_strdup_printf (_("%s %.2f%% (%s)"), predicted_name, 100.0 * probability, true_name);
}

void
neurona_paint_image (cairo_t *cr, int width, int height, const guint8 *pixels, guint rows,
                     guint cols, NrColormap cmap)
{
  cairo_surface_t *surface;
  cairo_pattern_t *pattern;
  guint8 *data;
  int stride;
  double scale;

  if (pixels == NULL || rows == 0 || cols == 0 || width <= 0 || height <= 0)
    return;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cols, rows);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint r = 0; r < rows; r++)
    nr_colormap_apply_argb32 (cmap, pixels + (gsize) r * cols, (guint32 *) (data + r * stride),
                              cols);
  cairo_surface_mark_dirty (surface);

  /* Whole device pixels per image pixel when there is room, so every pixel is as big. */
  scale = MIN ((double) width / cols, (double) height / rows);
  if (scale >= 1)
    scale = floor (scale);
  cairo_save (cr);
  cairo_translate (cr, floor ((width - scale * cols) / 2), floor ((height - scale * rows) / 2));
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, surface, 0, 0);
  pattern = cairo_get_source (cr);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, cols, rows);
  cairo_fill (cr);
  cairo_restore (cr);

  /* A frame, as matplotlib's axes around imshow: binary's white background would
   * otherwise melt into a light page. Mid-grey reads on light and dark themes. */
  cairo_save (cr);
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, floor ((width - scale * cols) / 2) - 0.5,
                   floor ((height - scale * rows) / 2) - 0.5, scale * cols + 1, scale * rows + 1);
  cairo_stroke (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
}

static void
draw_image (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  NeuronaPredictionCard *self = user_data;

  neurona_paint_image (cr, width, height, self->pixels, self->rows, self->cols, self->cmap);
}

static void
neurona_prediction_card_finalize (GObject *object)
{
  NeuronaPredictionCard *self = NEURONA_PREDICTION_CARD (object);

  g_clear_pointer (&self->pixels, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->pair_texts[0], g_free);
  g_clear_pointer (&self->pair_texts[1], g_free);

  G_OBJECT_CLASS (neurona_prediction_card_parent_class)->finalize (object);
}

static void
neurona_prediction_card_class_init (NeuronaPredictionCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = neurona_prediction_card_finalize;
}

static void
neurona_prediction_card_init (NeuronaPredictionCard *self)
{
  GtkWidget *box, *row, *verdict, *bars_box;
  GtkGrid *pair;

  self->cmap = NR_COLORMAP_BINARY; /* the tutorial's plot_image: cmap=plt.cm.binary */

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->image = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->image), IMAGE_SIZE);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->image), IMAGE_SIZE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->image), draw_image, self, NULL);
  gtk_widget_set_valign (self->image, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (self->image, TRUE);
  gtk_widget_set_vexpand (self->image, TRUE);
  gtk_widget_add_css_class (self->image, "prediction-image");
  gtk_box_append (GTK_BOX (row), self->image);

  /* The bars, and in the comparison view a second run's under them, each captioned. */
  bars_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (bars_box, TRUE);
  for (guint i = 0; i < 2; i++)
    {
      NeuronaProbBars *bars = NEURONA_PROB_BARS (neurona_prob_bars_new ());

      self->captions[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->captions[i], 0);
      gtk_widget_add_css_class (GTK_WIDGET (self->captions[i]), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->captions[i]), FALSE);
      gtk_box_append (GTK_BOX (bars_box), GTK_WIDGET (self->captions[i]));
      gtk_widget_set_hexpand (GTK_WIDGET (bars), TRUE);
      gtk_widget_set_vexpand (GTK_WIDGET (bars), TRUE);
      gtk_box_append (GTK_BOX (bars_box), GTK_WIDGET (bars));
      if (i == 0)
        self->bars = bars;
      else
        {
          self->bars_b = bars;
          gtk_widget_set_visible (GTK_WIDGET (bars), FALSE);
        }
    }
  gtk_box_append (GTK_BOX (row), bars_box);
  gtk_box_append (GTK_BOX (box), row);

  verdict = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  self->verdict_box = verdict;
  gtk_widget_set_halign (verdict, GTK_ALIGN_CENTER);
  self->symbol = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->symbol), "verdict-symbol");
  gtk_box_append (GTK_BOX (verdict), GTK_WIDGET (self->symbol));
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_justify (self->label, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "verdict");
  gtk_box_append (GTK_BOX (verdict), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (box), verdict);

  /* Two runs: a line each, the ✓ / ✗ in a column of its own so the lines align. */
  pair = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (pair, 4);
  gtk_widget_set_halign (GTK_WIDGET (pair), GTK_ALIGN_CENTER);
  for (guint i = 0; i < 2; i++)
    {
      self->pair_symbols[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (self->pair_symbols[i]), "verdict-symbol");
      gtk_grid_attach (pair, GTK_WIDGET (self->pair_symbols[i]), 0, (int) i, 1, 1);
      self->pair_labels[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->pair_labels[i], 0);
      gtk_label_set_wrap (self->pair_labels[i], TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->pair_labels[i]), "verdict");
      gtk_grid_attach (pair, GTK_WIDGET (self->pair_labels[i]), 1, (int) i, 1, 1);
    }
  self->true_line = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->true_line, 0);
  gtk_label_set_wrap (self->true_line, TRUE);
  gtk_grid_attach (pair, GTK_WIDGET (self->true_line), 1, 2, 1, 1);
  self->pair_box = GTK_WIDGET (pair);
  gtk_widget_set_visible (self->pair_box, FALSE);
  gtk_box_append (GTK_BOX (box), self->pair_box);

  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (self), box);
  gtk_widget_add_css_class (GTK_WIDGET (self), "prediction-card");
}

GtkWidget *
neurona_prediction_card_new (void)
{
  return g_object_new (NEURONA_TYPE_PREDICTION_CARD, NULL);
}

void
neurona_set_verdict_class (GtkWidget *widget, NeuronaVerdict verdict)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (verdict == NEURONA_VERDICT_RIGHT)
    gtk_widget_add_css_class (widget, "right");
  else
    gtk_widget_remove_css_class (widget, "right");
  if (verdict == NEURONA_VERDICT_WRONG)
    gtk_widget_add_css_class (widget, "wrong");
  else
    gtk_widget_remove_css_class (widget, "wrong");
}

static void
set_pixels (NeuronaPredictionCard *self, guint index, const guint8 *pixels, guint rows,
            guint cols)
{
  self->index = index;
  if (rows * cols != self->rows * self->cols || self->pixels == NULL)
    {
      g_free (self->pixels);
      self->pixels = g_malloc (MAX (rows * cols, 1u));
    }
  if (rows * cols > 0)
    memcpy (self->pixels, pixels, (gsize) rows * cols);
  self->rows = rows;
  self->cols = cols;
  gtk_widget_queue_draw (self->image);
}

void
neurona_prediction_card_set_pair (NeuronaPredictionCard *self, guint index, const guint8 *pixels,
                                  guint rows, guint cols, guint true_label, guint number_a,
                                  const float *probs_a, guint n_outputs_a, guint number_b,
                                  const float *probs_b, guint n_outputs_b,
                                  const char *const *class_names, guint n_classes)
{
  const float *probs[2] = { probs_a, probs_b };
  const guint n_outputs[2] = { n_outputs_a, n_outputs_b };
  const guint numbers[2] = { number_a, number_b };
  NeuronaProbBars *bars[2] = { self->bars, self->bars_b };
  g_autofree char *true_name = NULL;
  g_autofree char *true_text = NULL;
  g_autofree char *accessible = NULL;
  char *lines[2] = { NULL, NULL };

  g_return_if_fail (NEURONA_IS_PREDICTION_CARD (self));
  g_return_if_fail (pixels != NULL || rows * cols == 0);
  g_return_if_fail (probs_a != NULL && n_outputs_a > 0 && probs_b != NULL && n_outputs_b > 0);

  set_pixels (self, index, pixels, rows, cols);
  self->paired = TRUE;
  true_name = neurona_class_display_name (true_label, class_names, n_classes);
  for (guint i = 0; i < 2; i++)
    {
      guint pred = neurona_argmax (probs[i], n_outputs[i]);
      g_autofree char *pred_name = neurona_class_display_name (pred, class_names, n_classes);
      g_autofree char *caption = g_strdup_printf (_("Run %u"), numbers[i]);
      NeuronaVerdict verdict = pred == true_label ? NEURONA_VERDICT_RIGHT : NEURONA_VERDICT_WRONG;

      self->pair_verdicts[i] = verdict;
      g_free (self->pair_texts[i]);
      /* Translators: a run's verdict on a card of the comparison view: "Run 3: Sneaker
       * 99.00%" (run number, predicted class, confidence) */
      self->pair_texts[i] = g_strdup_printf (_("Run %u: %s %.2f%%"), numbers[i], pred_name,
                                             100.0 * probs[i][pred]);
      gtk_label_set_text (self->pair_symbols[i], verdict == NEURONA_VERDICT_RIGHT ? "✓" : "✗");
      gtk_label_set_text (self->pair_labels[i], self->pair_texts[i]);
      neurona_set_verdict_class (GTK_WIDGET (self->pair_symbols[i]), verdict);
      neurona_set_verdict_class (GTK_WIDGET (self->pair_labels[i]), verdict);
      gtk_label_set_text (self->captions[i], caption);
      gtk_widget_set_visible (GTK_WIDGET (self->captions[i]), TRUE);
      neurona_prob_bars_set_class_names (bars[i], class_names, n_classes);
      neurona_prob_bars_set_values (bars[i], probs[i], n_outputs[i], (int) pred,
                                    true_label < n_outputs[i] ? (int) true_label : -1);
      /* Translators: one run's part of a comparison card's accessible name: "right: Run 3:
       * Sneaker 99.00%" */
      lines[i] = g_strdup_printf (verdict == NEURONA_VERDICT_RIGHT ? _("right: %s")
                                                                   : _("wrong: %s"),
                                  self->pair_texts[i]);
    }
  /* Translators: under the two runs' verdicts of a comparison card */
  true_text = g_strdup_printf (_("True class: %s"), true_name);
  gtk_label_set_text (self->true_line, true_text);
  g_free (self->text);
  self->text = g_strdup (true_name);
  self->verdict = NEURONA_VERDICT_NONE;
  gtk_widget_set_visible (GTK_WIDGET (self->bars_b), TRUE);
  gtk_widget_set_visible (self->verdict_box, FALSE);
  gtk_widget_set_visible (self->pair_box, TRUE);
  neurona_set_verdict_class (GTK_WIDGET (self), NEURONA_VERDICT_NONE);
  /* Translators: a comparison card's accessible name: "right: Run 3: Sneaker 99.00%; wrong:
   * Run 5: Sandal 61.20%. True class: Sneaker" */
  accessible = g_strdup_printf (_("%s; %s. %s"), lines[0], lines[1], true_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_free (lines[0]);
  g_free (lines[1]);
}

gboolean
neurona_prediction_card_get_paired (NeuronaPredictionCard *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_CARD (self), FALSE);
  return self->paired;
}

NeuronaVerdict
neurona_prediction_card_get_pair_verdict (NeuronaPredictionCard *self, guint which)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_CARD (self), NEURONA_VERDICT_NONE);
  g_return_val_if_fail (which < 2, NEURONA_VERDICT_NONE);
  return self->pair_verdicts[which];
}

const char *
neurona_prediction_card_get_pair_text (NeuronaPredictionCard *self, guint which)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_CARD (self), NULL);
  g_return_val_if_fail (which < 2, NULL);
  return self->pair_texts[which];
}

GtkLabel *
neurona_prediction_card_get_pair_symbol (NeuronaPredictionCard *self, guint which)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_CARD (self), NULL);
  g_return_val_if_fail (which < 2, NULL);
  return self->pair_symbols[which];
}

NeuronaProbBars *
neurona_prediction_card_get_pair_bars (NeuronaPredictionCard *self, guint which)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_CARD (self), NULL);
  g_return_val_if_fail (which < 2, NULL);
  return which == 0 ? self->bars : self->bars_b;
}

void
neurona_prediction_card_set (NeuronaPredictionCard *self, guint index, const guint8 *pixels,
                             guint rows, guint cols, guint true_label, const float *probs,
                             guint n_outputs, const char *const *class_names, guint n_classes)
{
  g_autofree char *true_name = NULL;
  g_autofree char *accessible = NULL;
  const char *symbol = "";

  g_return_if_fail (NEURONA_IS_PREDICTION_CARD (self));
  g_return_if_fail (pixels != NULL || rows * cols == 0);

  self->paired = FALSE;
  for (guint i = 0; i < 2; i++)
    {
      self->pair_verdicts[i] = NEURONA_VERDICT_NONE;
      g_clear_pointer (&self->pair_texts[i], g_free);
      gtk_widget_set_visible (GTK_WIDGET (self->captions[i]), FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->bars_b), FALSE);
  gtk_widget_set_visible (self->pair_box, FALSE);
  gtk_widget_set_visible (self->verdict_box, TRUE);
  set_pixels (self, index, pixels, rows, cols);

  true_name = neurona_class_display_name (true_label, class_names, n_classes);
  g_free (self->text);
  if (probs != NULL && n_outputs > 0)
    {
      guint pred = neurona_argmax (probs, n_outputs);
      g_autofree char *pred_name = neurona_class_display_name (pred, class_names, n_classes);

      self->verdict = pred == true_label ? NEURONA_VERDICT_RIGHT : NEURONA_VERDICT_WRONG;
      self->text = neurona_format_verdict (pred_name, probs[pred], true_name);
      symbol = self->verdict == NEURONA_VERDICT_RIGHT ? "✓" : "✗";
      neurona_prob_bars_set_class_names (self->bars, class_names, n_classes);
      neurona_prob_bars_set_values (self->bars, probs, n_outputs, pred,
                                    true_label < n_outputs ? (int) true_label : -1);
      /* TRANSLATORS: a card's accessible name, e.g. "Right: Sneaker 99.00% (Sneaker)" */
      accessible = g_strdup_printf (self->verdict == NEURONA_VERDICT_RIGHT ? _("Right: %s")
                                                                           : _("Wrong: %s"),
                                    self->text);
    }
  else
    {
      self->verdict = NEURONA_VERDICT_NONE;
      self->text = g_strdup (true_name);
      neurona_prob_bars_set_values (self->bars, NULL, 0, -1, -1);
      accessible = g_strdup (self->text);
    }

  gtk_label_set_text (self->symbol, symbol);
  gtk_widget_set_visible (GTK_WIDGET (self->symbol), *symbol != '\0');
  gtk_label_set_text (self->label, self->text);
  neurona_set_verdict_class (GTK_WIDGET (self), self->verdict);
  neurona_set_verdict_class (GTK_WIDGET (self->label), self->verdict);
  neurona_set_verdict_class (GTK_WIDGET (self->symbol), self->verdict);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

void
neurona_prediction_card_set_colormap (NeuronaPredictionCard *self, NrColormap cmap)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_CARD (self));
  g_return_if_fail ((guint) cmap < NR_N_COLORMAPS);

  if (cmap == self->cmap)
    return;
  self->cmap = cmap;
  gtk_widget_queue_draw (self->image);
}

guint
neurona_prediction_card_get_index (NeuronaPredictionCard *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_CARD (self), 0);
  return self->index;
}

NeuronaVerdict
neurona_prediction_card_get_verdict (NeuronaPredictionCard *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_CARD (self), NEURONA_VERDICT_NONE);
  return self->verdict;
}

const char *
neurona_prediction_card_get_text (NeuronaPredictionCard *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_CARD (self), NULL);
  return self->text;
}

GtkLabel *
neurona_prediction_card_get_label (NeuronaPredictionCard *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_CARD (self), NULL);
  return self->label;
}

GtkLabel *
neurona_prediction_card_get_symbol (NeuronaPredictionCard *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_CARD (self), NULL);
  return self->symbol;
}

NeuronaProbBars *
neurona_prediction_card_get_bars (NeuronaPredictionCard *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_CARD (self), NULL);
  return self->bars;
}
