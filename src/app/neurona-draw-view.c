/* neurona-draw-view.c — draw, and see what the current model makes of it.
 *
 * Every change of the drawing is prepared (nr_preprocess_drawing) and predicted on the
 * main thread: one image through the network takes well under a millisecond. The most
 * similar training images take a pass over the whole training set, so they are found on
 * a GTask worker; while one search runs, further strokes only mark the drawing as changed
 * and one more search follows when it is done, so a fast drag never queues up searches.
 */
#include "neurona-draw-view.h"

#include <glib/gi18n.h>
#include <string.h>

#include "neurona-a11y.h"
#include "neurona-draw-pad.h"
#include "neurona-image-view.h"
#include "neurona-prob-bars.h"

#define N_SIMILAR NEURONA_DRAW_VIEW_N_SIMILAR
#define NPIX (NR_INSPECT_SIDE * NR_INSPECT_SIDE)

struct _NeuronaDrawView
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *box;
  GtkWidget *pad; /* NeuronaDrawPad */
  GtkLabel *preprocess_label;
  GtkWidget *input_view;
  GtkLabel *prediction_label;
  GtkWidget *bars;
  GtkLabel *similar_caption;
  GtkGrid *thumbs_grid;

  /* Children made in code */
  GtkWidget *thumbs[N_SIMILAR];
  GtkLabel *thumb_labels[N_SIMILAR];

  /* Owned */
  NeuronaSession *session;
  NrWeights *weights;
  NrImageSet *train_set;
  GCancellable *cancellable;
  gboolean normalize;
  NrDatasetId dataset_id;
  guint8 input[NPIX];
  gboolean has_ink;
  gboolean dirty;        /* the model or dataset changed while hidden */
  gboolean search_again; /* the drawing changed while a search ran */
  guint generation;
  guint similar[N_SIMILAR];
  guint n_similar;
};

G_DEFINE_FINAL_TYPE (NeuronaDrawView, neurona_draw_view, GTK_TYPE_WIDGET)

static void start_search (NeuronaDrawView *self);

/* ---- the most similar training images ------------------------------------------------ */

typedef struct
{
  NrImageSet *set;
  guint8 input[NPIX];
  guint generation;
  guint similar[N_SIMILAR];
  guint n_similar;
} SearchJob;

static void
search_job_free (gpointer data)
{
  SearchJob *job = data;

  nr_image_set_unref (job->set);
  g_free (job);
}

static void
search_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SearchJob *job = task_data;

  job->n_similar = nr_nearest_images (job->set, job->input, N_SIMILAR, job->similar, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
show_similar (NeuronaDrawView *self)
{
  const NrDatasetInfo *info = nr_dataset_info (self->dataset_id);

  for (guint i = 0; i < N_SIMILAR; i++)
    {
      gboolean on = i < self->n_similar && self->train_set != NULL;

      gtk_widget_set_visible (self->thumbs[i], on);
      gtk_widget_set_visible (GTK_WIDGET (self->thumb_labels[i]), on);
      if (on)
        {
          NrImageSet *set = self->train_set;
          guint index = self->similar[i];
          guint label = set->labels[index];
          const char *name = label < info->n_classes ? gettext (info->class_names[label]) : "?";
          g_autofree char *a11y = NULL;

          neurona_image_view_set_pixels (NEURONA_IMAGE_VIEW (self->thumbs[i]),
                                         set->pixels + (gsize) index * NPIX, set->rows,
                                         set->cols);
          gtk_label_set_text (self->thumb_labels[i], name);
          /* Translators: a thumbnail's accessible name: "training image 512: 7" */
          a11y = g_strdup_printf (_("training image %u: %s"), index, name);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->thumbs[i]),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
          gtk_widget_set_tooltip_text (self->thumbs[i], a11y);
        }
    }
}

static void
search_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  NeuronaDrawView *self = NEURONA_DRAW_VIEW (source);
  SearchJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return; /* cancelled: the view went or the model's dataset changed */
  g_clear_object (&self->cancellable);
  if (job->generation == self->generation)
    {
      self->n_similar = job->n_similar;
      memcpy (self->similar, job->similar, sizeof self->similar);
      gtk_label_set_text (self->similar_caption, _("Most similar training images"));
      show_similar (self);
    }
  if (self->search_again)
    start_search (self);
}

static void
start_search (NeuronaDrawView *self)
{
  g_autoptr (GTask) task = NULL;
  SearchJob *job;

  self->search_again = FALSE;
  if (self->cancellable != NULL)
    {
      self->search_again = TRUE; /* one more when this one is done */
      return;
    }
  if (self->session != NULL && self->train_set == NULL)
    {
      NrDataset *dataset = neurona_session_get_dataset (self->session, self->dataset_id);

      if (dataset != NULL)
        self->train_set = nr_image_set_ref (dataset->train);
      else
        neurona_session_load_dataset (self->session, self->dataset_id);
    }
  if (!self->has_ink || self->train_set == NULL
      || self->train_set->rows * self->train_set->cols != NPIX)
    {
      self->n_similar = 0;
      gtk_label_set_text (self->similar_caption,
                          self->has_ink && self->session != NULL
                              ? _("Loading the training images…")
                              : "");
      show_similar (self);
      return;
    }
  if (self->n_similar == 0)
    gtk_label_set_text (self->similar_caption, _("Finding the most similar training images…"));

  job = g_new0 (SearchJob, 1);
  job->set = nr_image_set_ref (self->train_set);
  memcpy (job->input, self->input, NPIX);
  job->generation = self->generation;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, search_done, NULL);
  g_task_set_source_tag (task, start_search);
  g_task_set_task_data (task, job, search_job_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, search_thread);
}

/* ---- the prediction ------------------------------------------------------------------ */

static void
update_texts (NeuronaDrawView *self)
{
  gboolean fashion = self->dataset_id == NR_DATASET_FASHION_MNIST;

  gtk_label_set_text (self->preprocess_label,
                      fashion ? _("Scaled to fill the 28 × 28 frame and centred, like "
                                  "Fashion-MNIST's items. The model sees:")
                              : _("Centred and scaled to 20 × 20 like MNIST's digits. The "
                                  "model sees:"));
}

static void
set_text_alternative (NeuronaDrawView *self, const char *text)
{
  gtk_label_set_text (self->prediction_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pad), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
}

static void
predict (NeuronaDrawView *self)
{
  const NrDatasetInfo *info = nr_dataset_info (self->dataset_id);
  const NrModelSpec *spec = self->weights != NULL ? nr_weights_get_spec (self->weights) : NULL;
  g_autofree float *probs = NULL;
  g_autofree char *text = NULL;
  guint best = 0;

  self->dirty = FALSE;
  update_texts (self);
  neurona_prob_bars_set_class_names (NEURONA_PROB_BARS (self->bars), info->class_names,
                                     info->n_classes);
  self->has_ink = nr_preprocess_drawing (
      neurona_draw_pad_get_ink (NEURONA_DRAW_PAD (self->pad)), NEURONA_DRAW_PAD_SIDE,
      NEURONA_DRAW_PAD_SIDE, nr_preprocess_for_dataset (self->dataset_id), self->input);
  neurona_image_view_set_pixels (NEURONA_IMAGE_VIEW (self->input_view), self->input,
                                 NR_INSPECT_SIDE, NR_INSPECT_SIDE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draw.clear", self->has_ink);

  self->generation++;
  start_search (self);

  if (spec == NULL || spec->input_size != NPIX || spec->outputs == 0)
    {
      neurona_prob_bars_set_values (NEURONA_PROB_BARS (self->bars), NULL, 0, -1, -1);
      set_text_alternative (self, self->weights == NULL
                                      ? _("No model yet: train one or open a run.")
                                      : _("This model does not take 28 × 28 images."));
      return;
    }
  if (!self->has_ink)
    {
      neurona_prob_bars_set_values (NEURONA_PROB_BARS (self->bars), NULL, 0, -1, -1);
      set_text_alternative (self, self->dataset_id == NR_DATASET_FASHION_MNIST
                                      ? _("Empty: draw a piece of clothing on the grid.")
                                      : _("Empty: draw a digit on the grid."));
      return;
    }

  probs = g_new (float, spec->outputs);
  nr_model_predict (nr_weights_get_model (self->weights), self->input, 1, self->normalize, probs);
  for (guint i = 1; i < spec->outputs; i++)
    if (probs[i] > probs[best])
      best = i;
  neurona_prob_bars_set_values (NEURONA_PROB_BARS (self->bars), probs, spec->outputs, (int) best,
                                -1);
  /* Translators: the top prediction: "Predicted: 7 (93 %)" */
  text = g_strdup_printf (_("Predicted: %s (%.0f %%)"),
                          best < info->n_classes ? gettext (info->class_names[best]) : "?",
                          100.0 * probs[best]);
  set_text_alternative (self, text);
}

static void
queue_predict (NeuronaDrawView *self)
{
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    predict (self);
}

static void
on_current_weights (NeuronaDrawView *self)
{
  NrWeights *weights = NULL;
  gboolean normalize = TRUE;
  NrDatasetId dataset_id = NR_DATASET_MNIST;

  if (self->session != NULL)
    weights = neurona_session_get_current_weights (self->session, &normalize, &dataset_id);
  if (weights != self->weights)
    {
      g_clear_pointer (&self->weights, nr_weights_unref);
      self->weights = weights != NULL ? nr_weights_ref (weights) : NULL;
    }
  if (dataset_id != self->dataset_id)
    {
      g_clear_pointer (&self->train_set, nr_image_set_unref);
      self->n_similar = 0;
    }
  self->normalize = normalize;
  self->dataset_id = dataset_id;
  queue_predict (self);
}

static void
on_dataset_changed (NeuronaSession *session, guint id, NeuronaDrawView *self)
{
  if (id == self->dataset_id && self->train_set == NULL)
    queue_predict (self);
}

static void
on_pad_changed (NeuronaDrawView *self)
{
  queue_predict (self);
}

/* ---- actions ------------------------------------------------------------------------ */

static void
clear_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  neurona_draw_pad_clear (NEURONA_DRAW_PAD (NEURONA_DRAW_VIEW (widget)->pad));
}

static void
invert_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  neurona_draw_pad_invert (NEURONA_DRAW_PAD (NEURONA_DRAW_VIEW (widget)->pad));
}

static void
neurona_draw_view_map (GtkWidget *widget)
{
  NeuronaDrawView *self = NEURONA_DRAW_VIEW (widget);

  GTK_WIDGET_CLASS (neurona_draw_view_parent_class)->map (widget);
  if (self->dirty)
    predict (self);
}

/* ---- building ----------------------------------------------------------------------- */

/* The thumbnails, which the template does not list one by one. */
static void
build_thumbs (NeuronaDrawView *self)
{
  for (guint i = 0; i < N_SIMILAR; i++)
    {
      self->thumbs[i] = neurona_image_view_new ();
      neurona_image_view_set_size (NEURONA_IMAGE_VIEW (self->thumbs[i]), 56);
      neurona_image_view_set_colormap (NEURONA_IMAGE_VIEW (self->thumbs[i]), NR_COLORMAP_BINARY);
      gtk_widget_set_visible (self->thumbs[i], FALSE);
      self->thumb_labels[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_ellipsize (self->thumb_labels[i], PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (self->thumb_labels[i], 8);
      gtk_widget_add_css_class (GTK_WIDGET (self->thumb_labels[i]), "caption");
      gtk_grid_attach (self->thumbs_grid, self->thumbs[i], i, 0, 1, 1);
      gtk_grid_attach (self->thumbs_grid, GTK_WIDGET (self->thumb_labels[i]), i, 1, 1, 1);
    }
  /* The tutorial shows the images with plt.cm.binary: ink black on white. */
  neurona_image_view_set_colormap (NEURONA_IMAGE_VIEW (self->input_view), NR_COLORMAP_BINARY);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
neurona_draw_view_dispose (GObject *object)
{
  NeuronaDrawView *self = NEURONA_DRAW_VIEW (object);

  self->generation++; /* an answer still on its way is dropped */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->weights, nr_weights_unref);
  g_clear_pointer (&self->train_set, nr_image_set_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_DRAW_VIEW);
  G_OBJECT_CLASS (neurona_draw_view_parent_class)->dispose (object);
}

static void
neurona_draw_view_class_init (NeuronaDrawViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_draw_view_dispose;
  widget_class->map = neurona_draw_view_map;
  g_type_ensure (NEURONA_TYPE_DRAW_PAD);
  g_type_ensure (NEURONA_TYPE_PROB_BARS);
  g_type_ensure (NEURONA_TYPE_IMAGE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-draw-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaDrawView, box);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDrawView, pad);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDrawView, preprocess_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDrawView, input_view);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDrawView, prediction_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDrawView, bars);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDrawView, similar_caption);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDrawView, thumbs_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_pad_changed);
  gtk_widget_class_install_action (widget_class, "draw.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "draw.invert", NULL, invert_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "drawview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
neurona_draw_view_init (NeuronaDrawView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_thumbs (self);
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));
  predict (self);
}

GtkWidget *
neurona_draw_view_new (void)
{
  return g_object_new (NEURONA_TYPE_DRAW_VIEW, NULL);
}

void
neurona_draw_view_set_session (NeuronaDrawView *self, NeuronaSession *session)
{
  g_return_if_fail (NEURONA_IS_DRAW_VIEW (self));
  g_return_if_fail (session == NULL || NEURONA_IS_SESSION (session));

  if (session == self->session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_swapped (session, "notify::current-weights",
                                G_CALLBACK (on_current_weights), self);
      g_signal_connect (session, "dataset-changed", G_CALLBACK (on_dataset_changed), self);
    }
  on_current_weights (self);
}

GtkWidget *
neurona_draw_view_get_pad (NeuronaDrawView *self)
{
  g_return_val_if_fail (NEURONA_IS_DRAW_VIEW (self), NULL);
  return self->pad;
}

GtkWidget *
neurona_draw_view_get_prob_bars (NeuronaDrawView *self)
{
  g_return_val_if_fail (NEURONA_IS_DRAW_VIEW (self), NULL);
  return self->bars;
}

GtkWidget *
neurona_draw_view_get_input_view (NeuronaDrawView *self)
{
  g_return_val_if_fail (NEURONA_IS_DRAW_VIEW (self), NULL);
  return self->input_view;
}

const guint8 *
neurona_draw_view_get_input (NeuronaDrawView *self)
{
  g_return_val_if_fail (NEURONA_IS_DRAW_VIEW (self), NULL);
  return self->input;
}

guint
neurona_draw_view_get_similar (NeuronaDrawView *self, const guint **indices)
{
  g_return_val_if_fail (NEURONA_IS_DRAW_VIEW (self), 0);

  if (indices != NULL)
    *indices = self->similar;
  return self->n_similar;
}

gboolean
neurona_draw_view_is_busy (NeuronaDrawView *self)
{
  g_return_val_if_fail (NEURONA_IS_DRAW_VIEW (self), FALSE);
  return self->cancellable != NULL || self->search_again;
}
