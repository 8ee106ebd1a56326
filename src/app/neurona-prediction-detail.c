/* neurona-prediction-detail.c — the large view of one test image and its predictions.
 *
 * The widgets come from the template; only the "All probabilities" table is filled in
 * here, since its rows follow the number of outputs and its columns the number of runs.
 * The window keeps copies of what it shows (the pixels and the probabilities), so the
 * owner's buffers may change or go while it is open.
 */
#include "neurona-prediction-detail.h"

#include <glib/gi18n.h>

#include "neurona-a11y.h"
#include "neurona-prediction-card.h"
#include "neurona-prob-bars.h"

struct _NeuronaPredictionDetail
{
  GtkWindow parent_instance;

  /* Template widgets */
  GtkLabel *title_label;
  GtkWidget *image;
  GtkLabel *symbol_label;
  GtkLabel *verdict_label;
  NeuronaProbBars *bars;
  GtkGrid *table;

  /* Owned */
  guint8 *pixels;  /* (rows, cols) */
  float *probs[2]; /* (n_outputs[r]) each; NULL without predictions */
  guint n_outputs[2];
  guint numbers[2]; /* the runs' numbers, when comparing */

  /* Borrowed */
  const char *const *class_names;
  guint n_classes;

  guint index;
  guint n_images;
  guint rows, cols;
  guint true_label;
  guint n_runs; /* 0: no predictions, 1: one model's, 2: two runs compared */
  int previous, next;
  NrColormap cmap;
};

G_DEFINE_FINAL_TYPE (NeuronaPredictionDetail, neurona_prediction_detail, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  INDEX_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Drawing and filling in ------------------------------------------------------------ */

static void
draw_image (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  NeuronaPredictionDetail *self = user_data;

  neurona_paint_image (cr, width, height, self->pixels, self->rows, self->cols, self->cmap);
}

static char *
class_name (NeuronaPredictionDetail *self, guint k)
{
  return neurona_class_display_name (k, self->class_names, self->n_classes);
}

static GtkWidget *
attach_label (NeuronaPredictionDetail *self, const char *text, int column, int row, int width,
              float xalign, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (self->table, label, column, row, width, 1);
  return label;
}

/* Output k's number and name, the first two columns of row k + 1. */
static void
attach_output (NeuronaPredictionDetail *self, guint k)
{
  g_autofree char *number = g_strdup_printf ("%u", k);
  g_autofree char *name = class_name (self, k);

  attach_label (self, number, 0, (int) k + 1, 1, 1, "dim-label");
  attach_label (self, name, 1, (int) k + 1, 1, 0, NULL);
}

static char *
format_percent (float p)
{
  return g_strdup_printf ("%.2f%%", 100.0 * p);
}

static void
append_note (GString *note, const char *text)
{
  g_string_append_printf (note, "%s%s", note->len > 0 ? ", " : "", text);
}

static void
clear_table (NeuronaPredictionDetail *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
}

static void
show_no_prediction (NeuronaPredictionDetail *self)
{
  g_autofree char *true_name = class_name (self, self->true_label);
  g_autofree char *text = g_strdup_printf (_("True class: %s"), true_name);

  gtk_label_set_text (self->symbol_label, "");
  gtk_label_set_text (self->verdict_label, text);
  neurona_set_verdict_class (GTK_WIDGET (self->symbol_label), NEURONA_VERDICT_NONE);
  neurona_set_verdict_class (GTK_WIDGET (self->verdict_label), NEURONA_VERDICT_NONE);
  neurona_prob_bars_set_values (self->bars, NULL, 0, -1, -1);
}

/* One model: its verdict, its bars, and number, name, probability and note per output. */
static void
show_prediction (NeuronaPredictionDetail *self)
{
  const float *p = self->probs[0];
  guint n = self->n_outputs[0];
  guint pred = neurona_argmax (p, n);
  guint true_label = self->true_label;
  NeuronaVerdict verdict = pred == true_label ? NEURONA_VERDICT_RIGHT : NEURONA_VERDICT_WRONG;
  g_autofree char *pred_name = class_name (self, pred);
  g_autofree char *true_name = class_name (self, true_label);
  g_autofree char *text = neurona_format_verdict (pred_name, p[pred], true_name);

  gtk_label_set_text (self->symbol_label, verdict == NEURONA_VERDICT_RIGHT ? "✓" : "✗");
  gtk_label_set_text (self->verdict_label, text);
  neurona_set_verdict_class (GTK_WIDGET (self->verdict_label), verdict);
  neurona_set_verdict_class (GTK_WIDGET (self->symbol_label), verdict);
  neurona_prob_bars_set_class_names (self->bars, self->class_names, self->n_classes);
  neurona_prob_bars_set_values (self->bars, p, n, (int) pred,
                                true_label < n ? (int) true_label : -1);

  attach_label (self, _("Output"), 0, 0, 2, 0, "heading");
  attach_label (self, _("Probability"), 2, 0, 1, 1, "heading");
  for (guint k = 0; k < n; k++)
    {
      g_autofree char *percent = format_percent (p[k]);
      g_autoptr (GString) note = g_string_new (NULL);
      GtkWidget *w;

      if (k == pred)
        append_note (note, _("predicted"));
      if (k == true_label)
        append_note (note, _("true class"));
      attach_output (self, k);
      attach_label (self, percent, 2, (int) k + 1, 1, 1, "numeric");
      w = attach_label (self, note->str, 3, (int) k + 1, 1, 0, NULL);
      if (k == pred)
        neurona_set_verdict_class (w, verdict);
      else if (k == true_label)
        neurona_set_verdict_class (w, NEURONA_VERDICT_RIGHT);
    }
}

/* Two runs: both verdicts, one line each, and their probabilities side by side. */
static void
show_pair (NeuronaPredictionDetail *self)
{
  g_autoptr (GString) verdicts = g_string_new (NULL);
  g_autofree char *true_name = class_name (self, self->true_label);
  guint predicted[2];
  guint rows = 0;

  for (guint r = 0; r < 2; r++)
    {
      g_autofree char *name = NULL;
      g_autofree char *line = NULL;

      predicted[r] = neurona_argmax (self->probs[r], self->n_outputs[r]);
      name = class_name (self, predicted[r]);
      line = g_strdup_printf (_("Run %u: %s %.2f%%"), self->numbers[r], name,
                              100.0 * self->probs[r][predicted[r]]);
      g_string_append_printf (verdicts, "%s%s %s", r > 0 ? "\n" : "",
                              predicted[r] == self->true_label ? "✓" : "✗", line);
      rows = MAX (rows, self->n_outputs[r]);
    }
  g_string_append (verdicts, "\n");
  g_string_append_printf (verdicts, _("True class: %s"), true_name);
  gtk_label_set_text (self->symbol_label, "");
  gtk_label_set_text (self->verdict_label, verdicts->str);
  neurona_set_verdict_class (GTK_WIDGET (self->symbol_label), NEURONA_VERDICT_NONE);
  neurona_set_verdict_class (GTK_WIDGET (self->verdict_label), NEURONA_VERDICT_NONE);
  neurona_prob_bars_set_values (self->bars, NULL, 0, -1, -1);

  attach_label (self, _("Output"), 0, 0, 2, 0, "heading");
  for (guint r = 0; r < 2; r++)
    {
      g_autofree char *header = g_strdup_printf (_("Run %u"), self->numbers[r]);

      attach_label (self, header, 2 + (int) r, 0, 1, 1, "heading");
    }
  for (guint k = 0; k < rows; k++)
    {
      g_autoptr (GString) note = g_string_new (NULL);

      attach_output (self, k);
      for (guint r = 0; r < 2; r++)
        {
          g_autofree char *percent = k < self->n_outputs[r] ? format_percent (self->probs[r][k])
                                                            : g_strdup ("—");

          attach_label (self, percent, 2 + (int) r, (int) k + 1, 1, 1, "numeric");
          if (k == predicted[r])
            {
              g_autofree char *guess = g_strdup_printf (_("run %u's guess"), self->numbers[r]);

              append_note (note, guess);
            }
        }
      if (k == self->true_label)
        append_note (note, _("true class"));
      attach_label (self, note->str, 4, (int) k + 1, 1, 0, NULL);
    }
}

static void
update_content (NeuronaPredictionDetail *self)
{
  clear_table (self);
  gtk_widget_set_visible (GTK_WIDGET (self->bars), self->n_runs < 2);
  if (self->n_runs == 2)
    show_pair (self);
  else if (self->n_runs == 1)
    show_prediction (self);
  else
    show_no_prediction (self);
}

static void
update_title (NeuronaPredictionDetail *self)
{
  /* 0-based, as the tutorial's i in test_images[i]. */
  g_autofree char *pos = g_strdup_printf ("%u", self->index);
  g_autofree char *total = nr_format_count (self->n_images);
  g_autofree char *title = NULL;
  g_autofree char *true_name = class_name (self, self->true_label);
  g_autofree char *truth = NULL;

  /* TRANSLATORS: "Test image i = 7 (of 10,000)": i as in the tutorial's test_images[i] */
  title = g_strdup_printf (_("Test image i = %s (of %s)"), pos, total);
  truth = g_strdup_printf (_("True class: %s"), true_name);
  gtk_label_set_text (self->title_label, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  /* The picture's text alternative: which image, and what it shows. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, truth, -1);
}

/* Actions ------------------------------------------------------------------------------ */

static void
request (NeuronaPredictionDetail *self, int index)
{
  if (index >= 0)
    g_signal_emit (self, signals[INDEX_REQUESTED], 0, (guint) index);
}

static void
previous_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaPredictionDetail *self = NEURONA_PREDICTION_DETAIL (widget);

  request (self, self->previous);
}

static void
next_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaPredictionDetail *self = NEURONA_PREDICTION_DETAIL (widget);

  request (self, self->next);
}

static void
update_actions (NeuronaPredictionDetail *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.previous", self->previous >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.next", self->next >= 0);
}

/* GObject ------------------------------------------------------------------------------ */

static void
clear_probs (NeuronaPredictionDetail *self)
{
  for (guint r = 0; r < 2; r++)
    {
      g_clear_pointer (&self->probs[r], g_free);
      self->n_outputs[r] = 0;
      self->numbers[r] = 0;
    }
  self->n_runs = 0;
}

static void
neurona_prediction_detail_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), NEURONA_TYPE_PREDICTION_DETAIL);

  G_OBJECT_CLASS (neurona_prediction_detail_parent_class)->dispose (object);
}

static void
neurona_prediction_detail_finalize (GObject *object)
{
  NeuronaPredictionDetail *self = NEURONA_PREDICTION_DETAIL (object);

  clear_probs (self);
  g_clear_pointer (&self->pixels, g_free);

  G_OBJECT_CLASS (neurona_prediction_detail_parent_class)->finalize (object);
}

static void
neurona_prediction_detail_get_property (GObject *object, guint prop_id, GValue *value,
                                        GParamSpec *pspec)
{
  NeuronaPredictionDetail *self = NEURONA_PREDICTION_DETAIL (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_prediction_detail_class_init (NeuronaPredictionDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_prediction_detail_dispose;
  object_class->finalize = neurona_prediction_detail_finalize;
  object_class->get_property = neurona_prediction_detail_get_property;

  /* The test image shown, 0-based. */
  properties[PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                  | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[INDEX_REQUESTED] = g_signal_new ("index-requested", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           1, G_TYPE_UINT);

  g_type_ensure (NEURONA_TYPE_PROB_BARS);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/neurona/Neurona/neurona-prediction-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionDetail, image);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionDetail, symbol_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionDetail, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionDetail, bars);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionDetail, table);

  gtk_widget_class_install_action (widget_class, "detail.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "detail.next", NULL, next_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
neurona_prediction_detail_init (NeuronaPredictionDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  self->cmap = NR_COLORMAP_BINARY;
  self->previous = self->next = -1;
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->image), draw_image, self, NULL);
  update_actions (self);
  update_title (self);
  update_content (self);
}

GtkWidget *
neurona_prediction_detail_new (void)
{
  return g_object_new (NEURONA_TYPE_PREDICTION_DETAIL, NULL);
}

void
neurona_prediction_detail_set_class_names (NeuronaPredictionDetail *self,
                                           const char *const *class_names, guint n_classes)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_DETAIL (self));
  g_return_if_fail (class_names != NULL || n_classes == 0);

  if (class_names == self->class_names && n_classes == self->n_classes)
    return;
  self->class_names = class_names;
  self->n_classes = n_classes;
  update_title (self);
  update_content (self);
}

void
neurona_prediction_detail_set_colormap (NeuronaPredictionDetail *self, NrColormap cmap)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_DETAIL (self));
  g_return_if_fail ((guint) cmap < NR_N_COLORMAPS);

  if (cmap == self->cmap)
    return;
  self->cmap = cmap;
  gtk_widget_queue_draw (self->image);
}

NrColormap
neurona_prediction_detail_get_colormap (NeuronaPredictionDetail *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_DETAIL (self), NR_COLORMAP_BINARY);

  return self->cmap;
}

void
neurona_prediction_detail_set_image (NeuronaPredictionDetail *self, guint index, guint n_images,
                                     const guint8 *pixels, guint rows, guint cols,
                                     guint true_label)
{
  gboolean moved;

  g_return_if_fail (NEURONA_IS_PREDICTION_DETAIL (self));
  g_return_if_fail (index < n_images);
  g_return_if_fail (pixels != NULL || (gsize) rows * cols == 0);

  moved = index != self->index;

  g_free (self->pixels);
  self->pixels = g_memdup2 (pixels, (gsize) rows * cols);
  self->rows = rows;
  self->cols = cols;
  self->index = index;
  self->n_images = n_images;
  self->true_label = true_label;
  clear_probs (self);
  update_title (self);
  update_content (self);
  gtk_widget_queue_draw (self->image);
  if (moved)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

guint
neurona_prediction_detail_get_index (NeuronaPredictionDetail *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_DETAIL (self), 0);

  return self->index;
}

void
neurona_prediction_detail_set_prediction (NeuronaPredictionDetail *self, const float *probs,
                                          guint n_outputs)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_DETAIL (self));

  clear_probs (self);
  if (probs != NULL && n_outputs > 0)
    {
      self->probs[0] = g_memdup2 (probs, sizeof (float) * n_outputs);
      self->n_outputs[0] = n_outputs;
      self->n_runs = 1;
    }
  update_content (self);
}

void
neurona_prediction_detail_set_pair (NeuronaPredictionDetail *self, guint number_a,
                                    const float *probs_a, guint n_outputs_a, guint number_b,
                                    const float *probs_b, guint n_outputs_b)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_DETAIL (self));
  g_return_if_fail (probs_a != NULL && n_outputs_a > 0);
  g_return_if_fail (probs_b != NULL && n_outputs_b > 0);

  clear_probs (self);
  self->probs[0] = g_memdup2 (probs_a, sizeof (float) * n_outputs_a);
  self->probs[1] = g_memdup2 (probs_b, sizeof (float) * n_outputs_b);
  self->n_outputs[0] = n_outputs_a;
  self->n_outputs[1] = n_outputs_b;
  self->numbers[0] = number_a;
  self->numbers[1] = number_b;
  self->n_runs = 2;
  update_content (self);
}

void
neurona_prediction_detail_set_neighbours (NeuronaPredictionDetail *self, int previous, int next)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_DETAIL (self));
  g_return_if_fail (previous >= -1 && next >= -1);

  self->previous = previous;
  self->next = next;
  update_actions (self);
}

GtkGrid *
neurona_prediction_detail_get_table (NeuronaPredictionDetail *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_DETAIL (self), NULL);

  return self->table;
}
