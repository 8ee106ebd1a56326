/* neurona-confusion-view.c — the "Confusion matrix" view of the Understand page.
 *
 * The matrix itself comes from the session (NrConfusion): during a run with every epoch
 * end, from the trainer's own test predictions, so following a run costs nothing; for
 * any other model the session computes it once on a worker, when this view asks while
 * it is shown.
 */
#include "neurona-confusion-view.h"

#include <glib/gi18n.h>

#include "neurona-a11y.h"

struct _NeuronaConfusionView
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *content;
  GtkCheckButton *normalize_check;
  GtkSpinner *spinner;
  GtkInscription *status_label;
  NeuronaConfusionMatrix *matrix;
  GtkInscription *readout_label;

  /* Borrowed */
  NeuronaSession *session;
};

G_DEFINE_FINAL_TYPE (NeuronaConfusionView, neurona_confusion_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CELL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_readout (NeuronaConfusionView *self, int t, int p)
{
  g_autofree char *cell = NULL;
  g_autofree char *text = NULL;

  if (neurona_confusion_matrix_get_confusion (self->matrix) == NULL)
    {
      neurona_a11y_set_inscription_text (self->readout_label, "");
      return;
    }
  if (t < 0 || p < 0)
    {
      guint ct, cp;

      neurona_confusion_matrix_get_cursor (self->matrix, &ct, &cp);
      t = (int) ct;
      p = (int) cp;
    }
  cell = neurona_confusion_matrix_describe_cell (self->matrix, (guint) t, (guint) p);
  /* Translators: under the confusion matrix: "<cell>. Click it, or press Enter, to see
   * those images." */
  text = g_strdup_printf (_("%s. Click a cell, or press Enter on it, to see its images."), cell);
  neurona_a11y_set_inscription_text (self->readout_label, text);
}

/* Shows the session's matrix, or says why there is none. */
static void
update (NeuronaConfusionView *self)
{
  NrConfusion *confusion = NULL;
  const NrDatasetInfo *info = NULL;
  g_autofree char *status = NULL;
  gboolean busy = FALSE;

  if (self->session != NULL)
    {
      NrDatasetId id;
      NrWeights *weights = neurona_session_get_current_weights (self->session, NULL, &id);

      confusion = neurona_session_get_current_confusion (self->session);
      info = nr_dataset_info (id);
      if (weights == NULL)
        status = g_strdup (_("No model yet: train one on the Model & Training page, or open a "
                             "run from the Runs page, to see which classes it confuses."));
      else if (confusion != NULL)
        {
          g_autofree char *images = nr_format_count (nr_confusion_get_total (confusion));
          g_autofree char *right = nr_format_count (nr_confusion_get_trace (confusion));

          /* Translators: above the confusion matrix: "Accuracy 85.3%: 853 of the 1,000
           * test images are on the diagonal (predicted as their true class)." */
          status = g_strdup_printf (_("Accuracy %.1f%%: %s of the %s test images are on the "
                                      "diagonal (predicted as their true class)."),
                                    100.0 * nr_confusion_get_accuracy (confusion), right,
                                    images);
        }
      else if (neurona_session_get_confusion_problem (self->session) != NULL)
        status = g_strdup (neurona_session_get_confusion_problem (self->session));
      else if (neurona_session_get_dataset_error (self->session, id) != NULL)
        status = g_strdup_printf (_("The test images could not be loaded: %s"),
                                  neurona_session_get_dataset_error (self->session, id)->message);
      else if (neurona_session_get_dataset (self->session, id) == NULL)
        {
          status = g_strdup (_("Loading the dataset’s test images…"));
          busy = TRUE;
        }
      else
        {
          status = g_strdup (_("Counting the model’s predictions on the test images…"));
          busy = TRUE;
        }
    }
  else
    status = g_strdup (_("No dataset or model yet."));

  neurona_confusion_matrix_set_confusion (self->matrix, confusion,
                                          info != NULL ? info->class_names : NULL,
                                          info != NULL ? info->n_classes : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->matrix), confusion != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->normalize_check), confusion != NULL);
  neurona_a11y_set_inscription_text (self->status_label, status);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  update_readout (self, -1, -1);
}

/* Asks the session for the matrix when it has none; only while shown. */
static void
request (NeuronaConfusionView *self)
{
  if (self->session == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (neurona_session_get_current_confusion (self->session) == NULL)
    neurona_session_request_confusion (self->session);
}

static void
on_session_changed (NeuronaConfusionView *self)
{
  request (self);
  update (self);
}

static void
on_dataset_changed (NeuronaSession *session, guint id, NeuronaConfusionView *self)
{
  update (self);
}

static void
on_normalize_toggled (NeuronaConfusionView *self)
{
  neurona_confusion_matrix_set_normalize (self->matrix,
                                          gtk_check_button_get_active (self->normalize_check));
  update_readout (self, -1, -1);
}

static void
on_cell_hovered (NeuronaConfusionMatrix *matrix, int t, int p, NeuronaConfusionView *self)
{
  update_readout (self, t, p);
}

static void
on_cursor_moved (NeuronaConfusionView *self)
{
  update_readout (self, -1, -1);
}

static void
on_cell_activated (NeuronaConfusionMatrix *matrix, guint t, guint p, NeuronaConfusionView *self)
{
  g_signal_emit (self, signals[SIGNAL_CELL_ACTIVATED], 0, t, p);
}

static void
neurona_confusion_view_map (GtkWidget *widget)
{
  NeuronaConfusionView *self = NEURONA_CONFUSION_VIEW (widget);

  GTK_WIDGET_CLASS (neurona_confusion_view_parent_class)->map (widget);
  request (self);
  update (self);
}

static void
neurona_confusion_view_dispose (GObject *object)
{
  NeuronaConfusionView *self = NEURONA_CONFUSION_VIEW (object);

  neurona_confusion_view_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_CONFUSION_VIEW);
  G_OBJECT_CLASS (neurona_confusion_view_parent_class)->dispose (object);
}

static void
neurona_confusion_view_class_init (NeuronaConfusionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_confusion_view_dispose;
  widget_class->map = neurona_confusion_view_map;

  signals[SIGNAL_CELL_ACTIVATED] =
    g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  g_type_ensure (NEURONA_TYPE_CONFUSION_MATRIX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-confusion-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaConfusionView, content);
  gtk_widget_class_bind_template_child (widget_class, NeuronaConfusionView, normalize_check);
  gtk_widget_class_bind_template_child (widget_class, NeuronaConfusionView, spinner);
  gtk_widget_class_bind_template_child (widget_class, NeuronaConfusionView, status_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaConfusionView, matrix);
  gtk_widget_class_bind_template_child (widget_class, NeuronaConfusionView, readout_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
neurona_confusion_view_init (NeuronaConfusionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  g_signal_connect_swapped (self->normalize_check, "toggled", G_CALLBACK (on_normalize_toggled),
                            self);
  g_signal_connect (self->matrix, "cell-hovered", G_CALLBACK (on_cell_hovered), self);
  g_signal_connect (self->matrix, "cell-activated", G_CALLBACK (on_cell_activated), self);
  g_signal_connect_swapped (self->matrix, "cursor-changed", G_CALLBACK (on_cursor_moved), self);
  update (self);
}

GtkWidget *
neurona_confusion_view_new (void)
{
  return g_object_new (NEURONA_TYPE_CONFUSION_VIEW, NULL);
}

void
neurona_confusion_view_set_session (NeuronaConfusionView *self, NeuronaSession *session)
{
  g_return_if_fail (NEURONA_IS_CONFUSION_VIEW (self));
  g_return_if_fail (session == NULL || NEURONA_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  self->session = session;
  if (session != NULL)
    {
      g_signal_connect_swapped (session, "notify::current-confusion",
                                G_CALLBACK (on_session_changed), self);
      g_signal_connect_swapped (session, "notify::current-weights",
                                G_CALLBACK (on_session_changed), self);
      g_signal_connect (session, "dataset-changed", G_CALLBACK (on_dataset_changed), self);
    }
  request (self);
  update (self);
}

NeuronaConfusionMatrix *
neurona_confusion_view_get_matrix (NeuronaConfusionView *self)
{
  g_return_val_if_fail (NEURONA_IS_CONFUSION_VIEW (self), NULL);

  return self->matrix;
}

const char *
neurona_confusion_view_get_status (NeuronaConfusionView *self)
{
  g_return_val_if_fail (NEURONA_IS_CONFUSION_VIEW (self), NULL);

  return gtk_inscription_get_text (self->status_label);
}

const char *
neurona_confusion_view_get_readout (NeuronaConfusionView *self)
{
  g_return_val_if_fail (NEURONA_IS_CONFUSION_VIEW (self), NULL);

  return gtk_inscription_get_text (self->readout_label);
}
