/* neurona-outputs-view.c — one image's logits and their softmax, for the current model.
 *
 * The forward pass runs on a worker thread (a GTask holding a reference to the immutable
 * weights and a copy of the image's pixels): for a small network it takes microseconds,
 * for the largest the panel allows tens of milliseconds. A generation number drops the
 * answers for a model or an image no longer shown. Nothing is computed while the view is
 * not shown; it catches up when mapped.
 */
#include "neurona-outputs-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "neurona-image-view.h"
#include "neurona-prediction-card.h"
#include "neurona-prob-bars.h"

enum {
  COL_NUMBER,
  COL_CLASS,
  COL_LOGIT,
  COL_LOGIT_BAR,
  COL_PROB,
  COL_PROB_BAR,
  COL_NOTE,
};

#define BAR_WIDTH 140
#define BAR_HEIGHT 14

struct _NeuronaOutputsView
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *scroller;
  GtkLabel *code_label;
  GtkLabel *split_label;
  GtkDropDown *split_dropdown;
  GtkLabel *index_label;
  GtkSpinButton *index_spin;
  GtkAdjustment *index_adjustment;
  NeuronaImageView *image;
  GtkLabel *caption_label;
  GtkGrid *table;
  GtkLabel *note_label;

  /* Borrowed */
  NeuronaSession *session;
  gulong weights_handler;
  gulong dataset_handler;

  /* Owned */
  NrWeights *weights; /* those of the outputs shown */
  NrDataset *dataset;
  float *logits; /* (n_outputs) */
  float *probs;  /* (n_outputs) */
  guint n_outputs;
  guint true_label;

  guint generation;
  gboolean busy;
  gboolean stale; /* something changed while not shown */
};

G_DEFINE_FINAL_TYPE (NeuronaOutputsView, neurona_outputs_view, GTK_TYPE_WIDGET)

typedef struct
{
  NrWeights *weights;
  guint8 *pixels;
  gboolean normalize;
  guint generation;
  guint true_label;
  float *logits;
  float *probs;
} ForwardJob;

static void
forward_job_free (gpointer data)
{
  ForwardJob *job = data;

  g_clear_pointer (&job->weights, nr_weights_unref);
  g_free (job->pixels);
  g_free (job->logits);
  g_free (job->probs);
  g_free (job);
}

static void
forward_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ForwardJob *job = task_data;
  const NrModel *model = nr_weights_get_model (job->weights);

  /* The logits and, by the same forward pass, nr_model_predict's probabilities: what the
   * Predictions page shows for this image, digit for digit. */
  nr_model_logits (model, job->pixels, 1, job->normalize, job->logits);
  nr_model_predict (model, job->pixels, 1, job->normalize, job->probs);
  g_task_return_boolean (task, TRUE);
}

static const NrImageSet *
current_set (NeuronaOutputsView *self)
{
  if (self->dataset == NULL)
    return NULL;
  return gtk_drop_down_get_selected (self->split_dropdown) == 1 ? self->dataset->test
                                                                : self->dataset->train;
}

static guint
current_index (NeuronaOutputsView *self)
{
  return (guint) gtk_adjustment_get_value (self->index_adjustment);
}

static gboolean
untrained (NeuronaOutputsView *self)
{
  return self->session != NULL && neurona_session_get_current (self->session) == NULL
         && neurona_session_get_training (self->session) == NULL;
}

static char *
format_value (double v)
{
  return g_strdup_printf ("%.4f", v);
}

/* ---- bars ----------------------------------------------------------------------- */

static double
logit_scale (NeuronaOutputsView *self)
{
  double m = 0;

  for (guint k = 0; k < self->n_outputs; k++)
    m = MAX (m, fabs (self->logits[k]));
  return m > 0 ? m : 1;
}

static void
set_rgb (cairo_t *cr, const char *spec)
{
  GdkRGBA c;

  gdk_rgba_parse (&c, spec);
  gdk_cairo_set_source_rgba (cr, &c);
}

/* A logit as a bar from a zero line in the middle: right when positive, left when
 * negative, scaled to the largest magnitude of the image's logits. */
static void
draw_logit_bar (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  NeuronaOutputsView *self = user_data;
  guint k = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "output"));
  double mid = floor (width / 2.0), v, w;
  GdkRGBA fg;

  if (self->logits == NULL || k >= self->n_outputs)
    return;
  v = self->logits[k];
  w = round (fabs (v) / logit_scale (self) * (mid - 1));
  set_rgb (cr, NEURONA_PROB_BARS_BLUE);
  if (v >= 0)
    cairo_rectangle (cr, mid, 2, w, height - 4);
  else
    cairo_rectangle (cr, mid - w, 2, w, height - 4);
  cairo_fill (cr);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_rectangle (cr, mid - 0.5, 0, 1, height);
  cairo_fill (cr);
}

/* A probability as a bar on 0…1, the largest one red when it is not the true class and
 * blue when it is (the tutorial's colours), the others grey. */
static void
draw_prob_bar (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  NeuronaOutputsView *self = user_data;
  guint k = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "output"));
  guint best;
  GdkRGBA fg;

  if (self->probs == NULL || k >= self->n_outputs)
    return;
  best = neurona_argmax (self->probs, self->n_outputs);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.35);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, 0.5, 1.5, width - 1, height - 3);
  cairo_stroke (cr);
  set_rgb (cr, k != best              ? NEURONA_PROB_BARS_GREY
               : k == self->true_label ? NEURONA_PROB_BARS_BLUE
                                       : NEURONA_PROB_BARS_RED);
  cairo_rectangle (cr, 1, 2, round (self->probs[k] * (width - 2)), height - 4);
  cairo_fill (cr);
}

static GtkWidget *
bar_new (NeuronaOutputsView *self, guint k, GtkDrawingAreaDrawFunc func)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), BAR_WIDTH);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), BAR_HEIGHT);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (area), "output", GUINT_TO_POINTER (k));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), func, self, NULL);
  /* The numbers beside it say the same in words. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  return area;
}

/* ---- the table ------------------------------------------------------------------- */

static GtkWidget *
cell_label (const char *text, float xalign, const char *css_class)
{
  GtkWidget *w = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (w), xalign);
  if (css_class != NULL)
    gtk_widget_add_css_class (w, css_class);
  return w;
}

static void
clear_table (NeuronaOutputsView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
}

static void
set_note (NeuronaOutputsView *self, const char *text)
{
  gtk_label_set_text (self->note_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), text != NULL && *text != '\0');
}

static void
fill_table (NeuronaOutputsView *self)
{
  const NrDatasetInfo *info = nr_dataset_info (self->dataset->id);
  const char *const *names = (const char *const *) info->class_names;
  g_autoptr (GString) a11y = g_string_new (NULL);
  g_autofree char *note = NULL;
  guint best = neurona_argmax (self->probs, self->n_outputs);

  clear_table (self);
  gtk_grid_attach (self->table, cell_label (_("Output"), 0, "heading"), COL_NUMBER, 0, 2, 1);
  gtk_grid_attach (self->table, cell_label (_("Logit"), 1, "heading"), COL_LOGIT, 0, 2, 1);
  gtk_grid_attach (self->table, cell_label (_("Softmax"), 1, "heading"), COL_PROB, 0, 2, 1);

  g_string_append (a11y, gtk_label_get_text (self->caption_label));
  for (guint k = 0; k < self->n_outputs; k++)
    {
      g_autofree char *number = g_strdup_printf ("%u", k);
      g_autofree char *name = neurona_class_display_name (k, names, info->n_classes);
      g_autofree char *logit = format_value (self->logits[k]);
      g_autofree char *prob = format_value (self->probs[k]);
      g_autoptr (GString) remark = g_string_new (NULL);
      GtkWidget *w;
      int row = (int) k + 1;

      if (k == best)
        g_string_append (remark, _("largest"));
      if (k == self->true_label)
        g_string_append_printf (remark, "%s%s", remark->len > 0 ? ", " : "", _("true class"));

      gtk_grid_attach (self->table, cell_label (number, 1, "dim-label"), COL_NUMBER, row, 1, 1);
      gtk_grid_attach (self->table, cell_label (name, 0, NULL), COL_CLASS, row, 1, 1);
      gtk_grid_attach (self->table, cell_label (logit, 1, "numeric"), COL_LOGIT, row, 1, 1);
      gtk_grid_attach (self->table, bar_new (self, k, draw_logit_bar), COL_LOGIT_BAR, row, 1, 1);
      gtk_grid_attach (self->table, cell_label (prob, 1, "numeric"), COL_PROB, row, 1, 1);
      gtk_grid_attach (self->table, bar_new (self, k, draw_prob_bar), COL_PROB_BAR, row, 1, 1);
      w = cell_label (remark->str, 0, NULL);
      if (k == best)
        neurona_set_verdict_class (w, k == self->true_label ? NEURONA_VERDICT_RIGHT
                                                            : NEURONA_VERDICT_WRONG);
      gtk_grid_attach (self->table, w, COL_NOTE, row, 1, 1);

      g_string_append (a11y, "\n");
      /* TRANSLATORS: one output in the text alternative:
       * "Output 9, Ankle boot: logit 3.2100, softmax 0.8380" */
      g_string_append_printf (a11y, _("Output %s, %s: logit %s, softmax %s"), number, name,
                              logit, prob);
      if (remark->len > 0)
        g_string_append_printf (a11y, " (%s)", remark->str);
    }

  if (untrained (self))
    {
      g_autofree char *even = format_value (1.0 / self->n_outputs);

      /* TRANSLATORS: %u is the number of outputs (10), %s 1/10 as a decimal (0.1000) */
      note = g_strdup_printf (
        ngettext ("Before training the model is random: its output is %u number near 0, and "
                  "the softmax gives every class about the same probability, near 1/%u = %s.",
                  "Before training the model is random: its outputs are %u numbers near 0, "
                  "and the softmax gives every class about the same probability, near "
                  "1/%u = %s.",
                  self->n_outputs),
        self->n_outputs, self->n_outputs, even);
    }
  else
    {
      g_autofree char *name = neurona_class_display_name (best, names, info->n_classes);
      g_autofree char *logit = format_value (self->logits[best]);
      g_autofree char *prob = format_value (self->probs[best]);

      /* TRANSLATORS: "The largest logit, 3.2100 (output 9, Ankle boot), gets the largest
       * probability, 0.8380: that is the model's guess." */
      note = g_strdup_printf (_("The largest logit, %s (output %u, %s), gets the largest "
                                "probability, %s: that is the model's guess."),
                              logit, best, name, prob);
    }
  set_note (self, note);
  g_string_append_printf (a11y, "\n%s", note);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  a11y->str, -1);
}

/* The table's rows without numbers, and why. */
static void
show_message (NeuronaOutputsView *self, const char *message)
{
  clear_table (self);
  g_clear_pointer (&self->logits, g_free);
  g_clear_pointer (&self->probs, g_free);
  g_clear_pointer (&self->weights, nr_weights_unref);
  self->n_outputs = 0;
  set_note (self, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "", -1);
}

/* ---- computing ----------------------------------------------------------------- */

static void
forward_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  NeuronaOutputsView *self = NEURONA_OUTPUTS_VIEW (source);
  ForwardJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || job->generation != self->generation)
    return;
  self->busy = FALSE;
  g_clear_pointer (&self->weights, nr_weights_unref);
  self->weights = nr_weights_ref (job->weights);
  g_free (self->logits);
  g_free (self->probs);
  self->logits = g_steal_pointer (&job->logits);
  self->probs = g_steal_pointer (&job->probs);
  self->n_outputs = nr_weights_get_spec (job->weights)->outputs;
  self->true_label = job->true_label;
  if (self->dataset != NULL)
    fill_table (self);
}

static void
update_caption (NeuronaOutputsView *self, const NrImageSet *set, guint index)
{
  gboolean test = gtk_drop_down_get_selected (self->split_dropdown) == 1;
  const NrDatasetInfo *info = nr_dataset_info (self->dataset->id);
  g_autofree char *number = g_strdup_printf ("%u", index);
  g_autofree char *name = neurona_class_display_name (
    set->labels[index], (const char *const *) info->class_names, info->n_classes);
  g_autofree char *line = NULL, *text = NULL, *code = NULL;
  const char *x = test ? "x_test" : "x_train";

  /* TRANSLATORS: "Training image 12,345 · label 1" */
  line = test ? g_strdup_printf (_("Test image %s · label %u"), number, set->labels[index])
              : g_strdup_printf (_("Training image %s · label %u"), number, set->labels[index]);
  text = g_strdup_printf ("%s\n%s", name, line);
  gtk_label_set_text (self->caption_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text, -1);
  /* The tutorial's lines for this image (Python, untranslated). */
  code = g_strdup_printf ("predictions = model(%s[%u:%u]).numpy()\n"
                          "tf.nn.softmax(predictions).numpy()",
                          x, index, index + 1);
  gtk_label_set_text (self->code_label, code);
}

static void
refresh (NeuronaOutputsView *self)
{
  NrWeights *weights;
  gboolean normalize = TRUE;
  NrDatasetId id = NR_DATASET_FASHION_MNIST;
  NrDataset *dataset;
  const NrImageSet *set;
  guint index;
  ForwardJob *job;
  g_autoptr (GTask) task = NULL;
  gsize npix;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  self->generation++;
  self->busy = FALSE;

  if (self->session == NULL)
    {
      show_message (self, NULL);
      return;
    }
  weights = neurona_session_get_current_weights (self->session, &normalize, &id);
  dataset = neurona_session_get_dataset (self->session, id);
  if (dataset == NULL && weights != NULL && !neurona_session_is_loading (self->session, id)
      && neurona_session_get_dataset_error (self->session, id) == NULL)
    neurona_session_load_dataset (self->session, id);
  if (dataset != self->dataset)
    {
      g_clear_pointer (&self->dataset, nr_dataset_unref);
      self->dataset = dataset != NULL ? nr_dataset_ref (dataset) : NULL;
    }

  set = current_set (self);
  if (set == NULL || set->n == 0)
    {
      neurona_image_view_set_pixels (self->image, NULL, 0, 0);
      gtk_label_set_text (self->caption_label, "");
      show_message (self, weights == NULL ? _("There is no model to show yet.")
                                          : _("Loading the dataset…"));
      return;
    }
  gtk_adjustment_set_upper (self->index_adjustment, set->n - 1);
  index = MIN (current_index (self), set->n - 1);
  npix = (gsize) set->rows * set->cols;
  neurona_image_view_set_pixels (self->image, set->pixels + index * npix, set->rows, set->cols);
  update_caption (self, set, index);

  if (weights == NULL)
    {
      show_message (self, _("There is no model to show yet."));
      return;
    }
  if (nr_weights_get_spec (weights)->input_size != npix)
    {
      show_message (self, _("This model was trained on images of another size."));
      return;
    }

  job = g_new0 (ForwardJob, 1);
  job->weights = nr_weights_ref (weights);
  job->pixels = g_memdup2 (set->pixels + index * npix, npix);
  job->normalize = normalize;
  job->generation = self->generation;
  job->true_label = set->labels[index];
  job->logits = g_new0 (float, nr_weights_get_spec (weights)->outputs);
  job->probs = g_new0 (float, nr_weights_get_spec (weights)->outputs);
  self->busy = TRUE;
  task = g_task_new (self, NULL, forward_done, NULL);
  g_task_set_task_data (task, job, forward_job_free);
  g_task_run_in_thread (task, forward_thread);
}

/* ---- signal handlers ----------------------------------------------------------- */

static void
on_session_changed (NeuronaOutputsView *self)
{
  refresh (self);
}

static void
on_dataset_changed (NeuronaSession *session, guint id, NeuronaOutputsView *self)
{
  refresh (self);
}

static void
on_image_changed (NeuronaOutputsView *self)
{
  refresh (self);
}

static void
neurona_outputs_view_map (GtkWidget *widget)
{
  NeuronaOutputsView *self = NEURONA_OUTPUTS_VIEW (widget);

  GTK_WIDGET_CLASS (neurona_outputs_view_parent_class)->map (widget);
  if (self->stale)
    refresh (self);
}

/* ---- GObject ------------------------------------------------------------------- */

static void
disconnect_session (NeuronaOutputsView *self)
{
  if (self->session == NULL)
    return;
  g_clear_signal_handler (&self->weights_handler, self->session);
  g_clear_signal_handler (&self->dataset_handler, self->session);
  g_object_remove_weak_pointer (G_OBJECT (self->session), (gpointer *) &self->session);
  self->session = NULL;
}

static void
neurona_outputs_view_dispose (GObject *object)
{
  NeuronaOutputsView *self = NEURONA_OUTPUTS_VIEW (object);

  self->generation++;
  disconnect_session (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_OUTPUTS_VIEW);
  g_clear_pointer (&self->weights, nr_weights_unref);
  g_clear_pointer (&self->dataset, nr_dataset_unref);
  G_OBJECT_CLASS (neurona_outputs_view_parent_class)->dispose (object);
}

static void
neurona_outputs_view_finalize (GObject *object)
{
  NeuronaOutputsView *self = NEURONA_OUTPUTS_VIEW (object);

  g_free (self->logits);
  g_free (self->probs);
  G_OBJECT_CLASS (neurona_outputs_view_parent_class)->finalize (object);
}

static void
neurona_outputs_view_class_init (NeuronaOutputsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_outputs_view_dispose;
  object_class->finalize = neurona_outputs_view_finalize;
  widget_class->map = neurona_outputs_view_map;

  g_type_ensure (NEURONA_TYPE_IMAGE_VIEW);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/neurona/Neurona/neurona-outputs-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaOutputsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, NeuronaOutputsView, code_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaOutputsView, split_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaOutputsView, split_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NeuronaOutputsView, index_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaOutputsView, index_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaOutputsView, index_adjustment);
  gtk_widget_class_bind_template_child (widget_class, NeuronaOutputsView, image);
  gtk_widget_class_bind_template_child (widget_class, NeuronaOutputsView, caption_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaOutputsView, table);
  gtk_widget_class_bind_template_child (widget_class, NeuronaOutputsView, note_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
neurona_outputs_view_init (NeuronaOutputsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_image_view_set_colormap (self->image, NR_COLORMAP_BINARY);
  /* Its own size, not as tall as the row is wide. */
  neurona_image_view_set_fixed_size (self->image, TRUE);
  g_signal_connect_swapped (self->split_dropdown, "notify::selected",
                            G_CALLBACK (on_image_changed), self);
  g_signal_connect_swapped (self->index_adjustment, "value-changed",
                            G_CALLBACK (on_image_changed), self);
  self->stale = TRUE;
}

/* ---- public ------------------------------------------------------------------- */

GtkWidget *
neurona_outputs_view_new (void)
{
  return g_object_new (NEURONA_TYPE_OUTPUTS_VIEW, NULL);
}

void
neurona_outputs_view_set_session (NeuronaOutputsView *self, NeuronaSession *session)
{
  g_return_if_fail (NEURONA_IS_OUTPUTS_VIEW (self));
  g_return_if_fail (session == NULL || NEURONA_IS_SESSION (session));

  if (self->session == session)
    return;
  disconnect_session (self);
  if (session != NULL)
    {
      self->session = session;
      g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &self->session);
      self->weights_handler = g_signal_connect_swapped (
        session, "notify::current-weights", G_CALLBACK (on_session_changed), self);
      self->dataset_handler
        = g_signal_connect (session, "dataset-changed", G_CALLBACK (on_dataset_changed), self);
    }
  refresh (self);
}

void
neurona_outputs_view_set_image (NeuronaOutputsView *self, guint split, guint index)
{
  g_return_if_fail (NEURONA_IS_OUTPUTS_VIEW (self));
  g_return_if_fail (split <= 1);

  g_signal_handlers_block_by_func (self->split_dropdown, on_image_changed, self);
  gtk_drop_down_set_selected (self->split_dropdown, split);
  g_signal_handlers_unblock_by_func (self->split_dropdown, on_image_changed, self);
  /* The upper bound follows the split once its images are known. */
  if (current_set (self) != NULL)
    gtk_adjustment_set_upper (self->index_adjustment, MAX (current_set (self)->n, 1) - 1);
  g_signal_handlers_block_by_func (self->index_adjustment, on_image_changed, self);
  gtk_adjustment_set_value (self->index_adjustment, index);
  g_signal_handlers_unblock_by_func (self->index_adjustment, on_image_changed, self);
  refresh (self);
}

guint
neurona_outputs_view_get_split (NeuronaOutputsView *self)
{
  g_return_val_if_fail (NEURONA_IS_OUTPUTS_VIEW (self), 0);
  return gtk_drop_down_get_selected (self->split_dropdown) == 1 ? 1 : 0;
}

guint
neurona_outputs_view_get_index (NeuronaOutputsView *self)
{
  g_return_val_if_fail (NEURONA_IS_OUTPUTS_VIEW (self), 0);
  return current_index (self);
}

GtkGrid *
neurona_outputs_view_get_table (NeuronaOutputsView *self)
{
  g_return_val_if_fail (NEURONA_IS_OUTPUTS_VIEW (self), NULL);
  return self->table;
}

const float *
neurona_outputs_view_get_logits (NeuronaOutputsView *self, guint *n_outputs)
{
  g_return_val_if_fail (NEURONA_IS_OUTPUTS_VIEW (self), NULL);
  if (n_outputs != NULL)
    *n_outputs = self->n_outputs;
  return self->logits;
}

gboolean
neurona_outputs_view_is_busy (NeuronaOutputsView *self)
{
  g_return_val_if_fail (NEURONA_IS_OUTPUTS_VIEW (self), FALSE);
  return self->busy || self->stale;
}

const char *
neurona_outputs_view_get_note (NeuronaOutputsView *self)
{
  g_return_val_if_fail (NEURONA_IS_OUTPUTS_VIEW (self), NULL);
  return gtk_label_get_text (self->note_label);
}
