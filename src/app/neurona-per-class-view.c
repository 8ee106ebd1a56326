/* neurona-per-class-view.c — the "Per-class accuracy" view of the Understand page.
 *
 * Its numbers are the diagonal of the session's confusion matrix over its rows: nothing is
 * computed here, and during a run they come with each epoch end for free.
 */
#include "neurona-per-class-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "neurona-a11y.h"

struct _NeuronaPerClassView
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *content;
  GtkCheckButton *sorted_check;
  GtkSpinner *spinner;
  GtkLabel *status_label;
  NeuronaClassBars *bars;

  /* Borrowed */
  NeuronaSession *session;
};

G_DEFINE_FINAL_TYPE (NeuronaPerClassView, neurona_per_class_view, GTK_TYPE_WIDGET)

static void
update (NeuronaPerClassView *self)
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
                             "run from the Runs page, to see how well it knows each class."));
      else if (confusion != NULL)
        {
          double worst = INFINITY, best = -INFINITY;
          guint worst_c = 0, best_c = 0;

          for (guint c = 0; c < nr_confusion_get_n_classes (confusion); c++)
            {
              double v = nr_confusion_get_class_accuracy (confusion, c);

              if (isnan (v))
                continue;
              if (v < worst)
                worst = v, worst_c = c;
              if (v > best)
                best = v, best_c = c;
            }
          if (isfinite (worst) && worst_c < info->n_classes && best_c < info->n_classes)
            /* Translators: above the per-class accuracy: "Overall 85.3%; best Trouser
             * (96.0%), worst Shirt (52.0%)." */
            status = g_strdup_printf (_("Overall %.1f%%; best %s (%.1f%%), worst %s (%.1f%%)."),
                                      100.0 * nr_confusion_get_accuracy (confusion),
                                      _(info->class_names[best_c]), 100.0 * best,
                                      _(info->class_names[worst_c]), 100.0 * worst);
          else
            status = g_strdup (_("The test set has no images."));
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

  neurona_class_bars_set_confusion (self->bars, confusion,
                                    info != NULL ? info->class_names : NULL,
                                    info != NULL ? info->n_classes : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->bars), confusion != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sorted_check), confusion != NULL);
  gtk_label_set_text (self->status_label, status);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

static void
request (NeuronaPerClassView *self)
{
  if (self->session == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (neurona_session_get_current_confusion (self->session) == NULL)
    neurona_session_request_confusion (self->session);
}

static void
on_session_changed (NeuronaPerClassView *self)
{
  request (self);
  update (self);
}

static void
on_dataset_changed (NeuronaSession *session, guint id, NeuronaPerClassView *self)
{
  update (self);
}

static void
on_sorted_toggled (NeuronaPerClassView *self)
{
  neurona_class_bars_set_sorted (self->bars, gtk_check_button_get_active (self->sorted_check));
}

static void
neurona_per_class_view_map (GtkWidget *widget)
{
  NeuronaPerClassView *self = NEURONA_PER_CLASS_VIEW (widget);

  GTK_WIDGET_CLASS (neurona_per_class_view_parent_class)->map (widget);
  request (self);
  update (self);
}

static void
neurona_per_class_view_dispose (GObject *object)
{
  NeuronaPerClassView *self = NEURONA_PER_CLASS_VIEW (object);

  neurona_per_class_view_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_PER_CLASS_VIEW);
  G_OBJECT_CLASS (neurona_per_class_view_parent_class)->dispose (object);
}

static void
neurona_per_class_view_class_init (NeuronaPerClassViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_per_class_view_dispose;
  widget_class->map = neurona_per_class_view_map;

  g_type_ensure (NEURONA_TYPE_CLASS_BARS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-per-class-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaPerClassView, content);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPerClassView, sorted_check);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPerClassView, spinner);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPerClassView, status_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPerClassView, bars);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
neurona_per_class_view_init (NeuronaPerClassView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  g_signal_connect_swapped (self->sorted_check, "toggled", G_CALLBACK (on_sorted_toggled), self);
  update (self);
}

GtkWidget *
neurona_per_class_view_new (void)
{
  return g_object_new (NEURONA_TYPE_PER_CLASS_VIEW, NULL);
}

void
neurona_per_class_view_set_session (NeuronaPerClassView *self, NeuronaSession *session)
{
  g_return_if_fail (NEURONA_IS_PER_CLASS_VIEW (self));
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

NeuronaClassBars *
neurona_per_class_view_get_bars (NeuronaPerClassView *self)
{
  g_return_val_if_fail (NEURONA_IS_PER_CLASS_VIEW (self), NULL);

  return self->bars;
}

const char *
neurona_per_class_view_get_status (NeuronaPerClassView *self)
{
  g_return_val_if_fail (NEURONA_IS_PER_CLASS_VIEW (self), NULL);

  return gtk_label_get_text (self->status_label);
}
