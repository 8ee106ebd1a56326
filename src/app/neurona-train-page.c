/* neurona-train-page.c — Train / Stop, progress line, live plots, outcome.
 *
 * The page follows one NeuronaRun at a time through its signals. Snapshots arrive at most
 * 20 a second (NeuronaRun coalesces them on the worker), so each one can append a point
 * and update the progress line directly.
 */
#include <glib/gi18n.h>
#include <math.h>

#include "neurona-train-page.h"
#include "neurona-a11y.h"

struct _NeuronaTrainPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *content;
  /* The progress line changes up to 20 times a second: inscriptions, which keep their
   * size whatever their text, so an update redraws them without laying out the window
   * again (a label's new text would re-measure the page and its parents each time). */
  GtkInscription *epoch_label;
  GtkProgressBar *step_bar;
  GtkInscription *steps_label;
  GtkInscription *metrics_label;
  GtkLabel *status_label;
  GtkLabel *whose_label;
  GtkCheckButton *loss_log_check;
  NeuronaPlot *loss_plot;
  NeuronaPlot *accuracy_plot;
  GtkExpander *log_expander;
  GtkWidget *log_scroller;
  GtkWidget *stop_button;
  GtkLabel *log_label;
  GtkOrientable *top_row;
  GtkOrientable *plots_box;

  /* Owned */
  NeuronaRun *run;
  NrDataset *dataset;
  GString *log;
  char *blocked_reason;

  guint series[2][3]; /* [plot][NEURONA_TRAIN_SERIES_*] */
  NrProgress last;    /* the newest snapshot of the run shown */
  gboolean have_last;
  gboolean showing_record; /* a reopened run, not a NeuronaRun, is shown */
};

G_DEFINE_FINAL_TYPE (NeuronaTrainPage, neurona_train_page, GTK_TYPE_WIDGET)

enum { PLOT_LOSS, PLOT_ACCURACY };

static NeuronaPlot *
plot_of (NeuronaTrainPage *self, guint which)
{
  return which == PLOT_LOSS ? self->loss_plot : self->accuracy_plot;
}

static void
append (NeuronaTrainPage *self, guint which, guint series, double x, double y)
{
  if (isfinite (x) && isfinite (y))
    neurona_plot_append (plot_of (self, which), self->series[which][series], x, y);
}

/* "80 µs/step", "1.2 ms/step", "1.05 s/step" */
static char *
format_step_time (double seconds)
{
  if (!isfinite (seconds) || seconds <= 0.0)
    return g_strdup ("–");
  if (seconds < 1e-3)
    return g_strdup_printf (_("%.0f µs/step"), seconds * 1e6);
  if (seconds < 1.0)
    return g_strdup_printf (_("%.1f ms/step"), seconds * 1e3);
  return g_strdup_printf (_("%.2f s/step"), seconds);
}

/* "0:07", "1:02:03" */
static char *
format_duration (double seconds)
{
  guint s;

  if (!isfinite (seconds) || seconds < 0.0)
    return g_strdup ("–");
  s = (guint) (seconds + 0.5);
  if (s >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
  return g_strdup_printf ("%u:%02u", s / 60, s % 60);
}

static char *
format_seconds (double seconds)
{
  if (seconds < 10.0)
    return g_strdup_printf (_("%.2f s"), seconds);
  if (seconds < 120.0)
    return g_strdup_printf (_("%.1f s"), seconds);
  return format_duration (seconds);
}

static void
clear_progress_line (NeuronaTrainPage *self)
{
  neurona_a11y_set_inscription_text (self->epoch_label, "");
  neurona_a11y_set_inscription_text (self->steps_label, "");
  neurona_a11y_set_inscription_text (self->metrics_label, "");
  gtk_progress_bar_set_fraction (self->step_bar, 0.0);
}

/* Keras' progress line. While a batch loop runs it ends with the time left; at an epoch's
 * end, or once the run is over, it shows the test figures of the last finished epoch. */
static void
show_progress_line (NeuronaTrainPage *self, const NrProgress *p, gboolean running)
{
  g_autofree char *epoch = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *per_step = format_step_time (p->seconds_per_step);
  g_autofree char *metrics = NULL;
  g_autofree char *test = NULL;
  guint64 left_steps = (guint64) (p->steps - MIN (p->step, p->steps))
                       + (guint64) (p->epochs - MIN (p->epoch, p->epochs)) * p->steps;
  g_autofree char *eta = format_duration (left_steps * p->seconds_per_step);

  /* Translators: Keras' progress line, "Epoch 3/10" */
  epoch = g_strdup_printf (_("Epoch %u/%u"), p->epoch, p->epochs);
  neurona_a11y_set_inscription_text (self->epoch_label, epoch);
  steps = g_strdup_printf ("%u/%u", p->step, p->steps);
  neurona_a11y_set_inscription_text (self->steps_label, steps);
  gtk_progress_bar_set_fraction (self->step_bar, p->steps > 0 ? (double) p->step / p->steps : 0.0);

  if (isfinite (p->test_loss) && (p->kind == NR_PROGRESS_EPOCH_END || !running))
    /* Translators: the end of Keras' progress line */
    test = g_strdup_printf (_(" - test loss: %.4f - test accuracy: %.4f"), p->test_loss,
                            p->test_accuracy);
  if (running && p->kind == NR_PROGRESS_STEP)
    /* Translators: Keras' progress line; ETA is the time left for the whole run */
    metrics = g_strdup_printf (_("ETA %s - %s - loss: %.4f - accuracy: %.4f"), eta, per_step,
                               p->loss, p->accuracy);
  else
    /* Translators: Keras' progress line at the end of an epoch */
    metrics = g_strdup_printf (_("%s - loss: %.4f - accuracy: %.4f%s"), per_step, p->loss,
                               p->accuracy, test ? test : "");
  neurona_a11y_set_inscription_text (self->metrics_label, metrics);
}

static void
on_run_progress (NeuronaRun *run, const NeuronaRunSnapshot *snapshot, NeuronaTrainPage *self)
{
  const NrProgress *p = &snapshot->progress;
  double x = (p->epoch - 1) + (p->steps > 0 ? (double) p->step / p->steps : 0.0);

  if (run != self->run)
    return;
  /* Test figures stay those of the last finished epoch. */
  if (self->have_last)
    {
      double test_loss = self->last.test_loss, test_accuracy = self->last.test_accuracy;
      self->last = *p;
      self->last.test_loss = test_loss;
      self->last.test_accuracy = test_accuracy;
    }
  else
    self->last = *p;
  self->have_last = TRUE;
  append (self, PLOT_LOSS, NEURONA_TRAIN_SERIES_STEP, x, snapshot->smooth_loss);
  append (self, PLOT_ACCURACY, NEURONA_TRAIN_SERIES_STEP, x, snapshot->smooth_accuracy);
  show_progress_line (self, p, TRUE);
}

static void set_status (NeuronaTrainPage *self, const char *text, const char *css_class);

/* One line of the epoch log, as Keras prints it at an epoch's end. */
static void
append_epoch_log (NeuronaTrainPage *self, const NrProgress *p)
{
  g_autofree char *seconds = format_seconds (p->epoch_seconds);
  g_autofree char *per_step = format_step_time (p->seconds_per_step);
  g_autofree char *line = NULL;

  /* Translators: one line of the epoch log, as Keras prints it */
  line = g_strdup_printf (_("Epoch %u/%u: %u/%u - %s %s - loss: %.4f - accuracy: %.4f - "
                            "test loss: %.4f - test accuracy: %.4f"),
                          p->epoch, p->epochs, p->step, p->steps, seconds, per_step, p->loss,
                          p->accuracy, p->test_loss, p->test_accuracy);
  if (self->log->len > 0)
    g_string_append_c (self->log, '\n');
  g_string_append (self->log, line);
  gtk_label_set_text (self->log_label, self->log->str);
}

static void
on_run_epoch_end (NeuronaRun *run, const NeuronaRunSnapshot *snapshot, NrWeights *weights,
                  NeuronaTrainPage *self)
{
  const NrProgress *p = &snapshot->progress;

  if (run != self->run)
    return;
  self->last = *p;
  self->have_last = TRUE;
  append (self, PLOT_LOSS, NEURONA_TRAIN_SERIES_STEP, p->epoch, snapshot->smooth_loss);
  append (self, PLOT_ACCURACY, NEURONA_TRAIN_SERIES_STEP, p->epoch, snapshot->smooth_accuracy);
  append (self, PLOT_LOSS, NEURONA_TRAIN_SERIES_EPOCH, p->epoch, p->loss);
  append (self, PLOT_ACCURACY, NEURONA_TRAIN_SERIES_EPOCH, p->epoch, p->accuracy);
  append (self, PLOT_LOSS, NEURONA_TRAIN_SERIES_TEST, p->epoch, p->test_loss);
  append (self, PLOT_ACCURACY, NEURONA_TRAIN_SERIES_TEST, p->epoch, p->test_accuracy);
  show_progress_line (self, p, TRUE);

  append_epoch_log (self, p);

  /* An epoch no better than guessing: training goes on, but the student should know. */
  if (p->at_chance)
    {
      const NrTrainConfig *config = neurona_run_get_config (run);
      double accuracy = isfinite (p->test_accuracy) ? p->test_accuracy : p->accuracy;
      g_autofree char *warning = NULL;

      /* Translators: "Epoch 1 ended at chance accuracy (10.5 %): the network is not
       * learning. With relu a large learning rate kills the units: try 0.1." */
      warning = g_strdup_printf (_("Epoch %u ended at chance accuracy (%.1f %%): the network is "
                                   "not learning. With a learning rate this large (%g) the "
                                   "units can die: try %g."),
                                 p->epoch, 100.0 * accuracy, config->optimizer.learning_rate,
                                 nr_train_suggest_learning_rate (config->optimizer.learning_rate));
      set_status (self, warning, "warning");
    }
}

/* A run that ended before its last epoch: the progress line must not mix the unfinished
 * epoch's running loss with the test figures of the epoch before, and the plots' x axis
 * shrinks from the planned epochs to those run, so the curves use the width. */
static void
show_stopped_early (NeuronaTrainPage *self, const NrTrainResult *r)
{
  const NrProgress *p = &self->last;
  g_autofree char *metrics = NULL;
  g_autofree char *test = NULL;

  if (p->kind == NR_PROGRESS_STEP && p->step < p->steps)
    {
      if (r->epochs_completed > 0 && isfinite (r->test_accuracy))
        /* Translators: the end of the progress line of a run stopped mid-epoch */
        test = g_strdup_printf (_("last test accuracy %.4f after epoch %u"), r->test_accuracy,
                                r->epochs_completed);
      else
        test = g_strdup (_("no test yet"));
      /* Translators: the progress line of a run stopped mid-epoch: "Stopped in epoch 9
       * (step 120/1875): loss 0.4123 · accuracy 0.8512 (last test accuracy 0.8100 after
       * epoch 8)" */
      metrics = g_strdup_printf (_("Stopped in epoch %u (step %u/%u): loss %.4f · accuracy %.4f "
                                   "(%s)"),
                                 p->epoch, p->step, p->steps, p->loss, p->accuracy, test);
      neurona_a11y_set_inscription_text (self->metrics_label, metrics);
    }

  for (guint which = PLOT_LOSS; which <= PLOT_ACCURACY; which++)
    neurona_plot_set_x_range (plot_of (self, which), 0.0, MAX (p->epoch, 1));
}

static void
set_status (NeuronaTrainPage *self, const char *text, const char *css_class)
{
  static const char *classes[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class);
  gtk_label_set_text (self->status_label, text);
}

/* The status line of a run that has ended, from its settings and result: a live run's
 * and a reopened one's alike. */
static void
show_outcome (NeuronaTrainPage *self, const NrTrainConfig *config, const NrTrainResult *r)
{
  g_autofree char *text = NULL;
  g_autofree char *took = format_seconds (r->seconds);

  switch (r->status)
    {
    case NR_TRAIN_COMPLETED:
      /* Translators: the outcome of a run */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Test accuracy: %.4f · test loss: %.4f · %u epoch in %s",
                                           "Test accuracy: %.4f · test loss: %.4f · %u epochs in %s",
                                           r->epochs_completed),
                              r->test_accuracy, r->test_loss, r->epochs_completed, took);
      if (r->epochs_at_chance > 0 && r->epochs_at_chance == r->epochs_completed)
        {
          g_autofree char *outcome = g_steal_pointer (&text);

          /* Translators: appended to the outcome of a run that never beat guessing */
          text = g_strdup_printf (_("%s. No better than guessing: the network did not learn; "
                                    "try the learning rate %g."),
                                  outcome,
                                  nr_train_suggest_learning_rate (config->optimizer.learning_rate));
          set_status (self, text, "warning");
          break;
        }
      set_status (self, text, "success");
      break;

    case NR_TRAIN_DIVERGED:
      {
        g_autofree char *why = NULL;
        g_autofree char *advice = NULL;
        double lr = config->optimizer.learning_rate;

        if (r->divergence == NR_DIVERGENCE_NOT_FINITE)
          why = g_strdup (_("the loss became infinite or not a number"));
        else
          /* Translators: why a run was stopped: "the loss grew to 673.8, more than ten
           * times the untrained model's 2.303" */
          why = g_strdup_printf (_("the loss grew to %.4g, more than ten times the untrained "
                                   "model's %.4g"),
                                 r->diverged_loss, r->reference_loss);
        /* Translators: what to do after a diverged run: "the learning rate 1 is too large;
         * try 0.1" */
        advice = g_strdup_printf (_("the learning rate %g is too large; try %g"), lr,
                                  nr_train_suggest_learning_rate (lr));
        if (config->normalize)
          /* Translators: "Training diverged at epoch 1, step 20: <why>. <advice>." */
          text = g_strdup_printf (_("Training diverged at epoch %u, step %u: %s. Stopped: %s."),
                                  r->diverged_epoch, r->diverged_step, why, advice);
        else
          text = g_strdup_printf (_("Training diverged at epoch %u, step %u: %s. Stopped: %s, "
                                    "or scale the pixels."),
                                  r->diverged_epoch, r->diverged_step, why, advice);
        set_status (self, text, "error");
      }
      break;

    case NR_TRAIN_CANCELLED:
    default:
      if (r->epochs_completed > 0 && isfinite (r->test_accuracy))
        text = g_strdup_printf (_("Stopped after %u of %u epochs (%s). Test accuracy after "
                                  "epoch %u: %.4f"),
                                r->epochs_completed, config->epochs, took,
                                r->epochs_completed, r->test_accuracy);
      else
        text = g_strdup_printf (_("Stopped during epoch 1 (%s), before any test."), took);
      set_status (self, text, "warning");
      break;
    }
}

static void
on_run_finished (NeuronaRun *run, const NrTrainResult *r, const GError *error,
                 NeuronaTrainPage *self)
{
  if (run != self->run)
    return;

  /* The ETA of a run that has ended means nothing: keep only its last figures. */
  if (self->have_last)
    show_progress_line (self, &self->last, FALSE);
  if (self->have_last && error == NULL && r->status != NR_TRAIN_COMPLETED)
    show_stopped_early (self, r);

  if (error != NULL)
    {
      /* Translators: %s is the core's error message */
      g_autofree char *text = g_strdup_printf (_("Training failed: %s"), error->message);

      set_status (self, text, "error");
      return;
    }
  show_outcome (self, neurona_run_get_config (run), r);
}

static void
reset_plots (NeuronaTrainPage *self, guint epochs)
{
  static const char *series_labels[3] = {
    N_("Train (per step, smoothed)"),
    N_("Train (per epoch)"),
    N_("Test (per epoch)"),
  };
  /* The same for a legend too narrow for them (a large zoom): the plot's title says what
   * is measured, the line styles which series is which. */
  static const char *short_labels[3] = {
    /* Translators: the legend of the training plots when there is little room:
     * "Train (per step, smoothed)" */
    N_("Train (step)"),
    /* Translators: the legend of the training plots when there is little room:
     * "Train (per epoch)" */
    N_("Train (epoch)"),
    /* Translators: the legend of the training plots when there is little room:
     * "Test (per epoch)" */
    N_("Test"),
  };
  static const NeuronaPlotStyle styles[3] = {
    NEURONA_PLOT_LINE,
    NEURONA_PLOT_LINE_MARKERS,
    NEURONA_PLOT_MARKERS,
  };
  /* GNOME palette: blue for train (light for the noisy per-step curve), orange for
   * test; the styles tell them apart without colour: a thin line, a line with round
   * markers, square markers alone (a dashed line would hide a single epoch's point). */
  GdkRGBA colors[3];

  gdk_rgba_parse (&colors[0], "#62a0ea");
  gdk_rgba_parse (&colors[1], "#1c71d8");
  gdk_rgba_parse (&colors[2], "#e66100");

  for (guint which = PLOT_LOSS; which <= PLOT_ACCURACY; which++)
    {
      NeuronaPlot *plot = plot_of (self, which);

      neurona_plot_remove_all_series (plot);
      for (guint s = 0; s < 3; s++)
        {
          self->series[which][s] = neurona_plot_add_series (plot, _(series_labels[s]),
                                                            &colors[s], styles[s]);
          neurona_plot_set_series_short_label (plot, self->series[which][s],
                                               _(short_labels[s]));
        }
      neurona_plot_set_x_range (plot, 0.0, MAX (epochs, 1));
    }
}

/* The status line while no run is going: why Train is off, or that it is ready. */
static void
show_idle_status (NeuronaTrainPage *self)
{
  g_autofree char *text = NULL;

  if (self->dataset != NULL && self->blocked_reason != NULL)
    {
      /* Translators: %s says why, e.g. "label value 9 is outside the valid range [0, 5). …" */
      text = g_strdup_printf (_("Train is off until the settings are fixed: %s"),
                              self->blocked_reason);
      set_status (self, text, "error");
      return;
    }
  if (self->dataset != NULL)
    /* Translators: %s is the dataset's title, "Fashion-MNIST" */
    text = g_strdup_printf (_("Ready to train on %s: press Train (Ctrl+Return)."),
                            _(nr_dataset_info (self->dataset->id)->title));
  else
    text = g_strdup (_("Loading the dataset…"));
  set_status (self, text, NULL);
}

static void
show_idle (NeuronaTrainPage *self)
{
  clear_progress_line (self);
  show_idle_status (self);
}

static void
neurona_train_page_dispose (GObject *object)
{
  NeuronaTrainPage *self = NEURONA_TRAIN_PAGE (object);

  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_clear_object (&self->run);
  g_clear_pointer (&self->dataset, nr_dataset_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_TRAIN_PAGE);

  G_OBJECT_CLASS (neurona_train_page_parent_class)->dispose (object);
}

static void
neurona_train_page_finalize (GObject *object)
{
  NeuronaTrainPage *self = NEURONA_TRAIN_PAGE (object);

  g_string_free (self->log, TRUE);
  g_free (self->blocked_reason);

  G_OBJECT_CLASS (neurona_train_page_parent_class)->finalize (object);
}

static void
neurona_train_page_class_init (NeuronaTrainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_train_page_dispose;
  object_class->finalize = neurona_train_page_finalize;

  g_type_ensure (NEURONA_TYPE_PLOT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trainpage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-train-page.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, content);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, epoch_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, step_bar);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, steps_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, metrics_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, whose_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, loss_log_check);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, accuracy_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, log_expander);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, log_scroller);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, log_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, top_row);
  gtk_widget_class_bind_template_child (widget_class, NeuronaTrainPage, plots_box);
}

static void
neurona_train_page_init (NeuronaTrainPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  self->log = g_string_new (NULL);
  g_object_bind_property (self->log_expander, "expanded", self->log_scroller, "visible",
                          G_BINDING_SYNC_CREATE);

  neurona_plot_set_title (self->loss_plot, _("Loss"));
  neurona_plot_set_x_label (self->loss_plot, _("Epoch"));
  neurona_plot_set_y_label (self->loss_plot, _("Cross-entropy"));
  neurona_plot_set_title (self->accuracy_plot, _("Accuracy"));
  neurona_plot_set_x_label (self->accuracy_plot, _("Epoch"));
  neurona_plot_set_y_label (self->accuracy_plot, _("Accuracy"));
  neurona_plot_set_y_range (self->accuracy_plot, 0.0, 1.0);
  g_object_bind_property (self->loss_log_check, "active", self->loss_plot, "y-log",
                          G_BINDING_SYNC_CREATE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->loss_plot),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loss"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->accuracy_plot),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Accuracy"), -1);
  reset_plots (self, 10);
  show_idle (self);
}

GtkWidget *
neurona_train_page_new (void)
{
  return g_object_new (NEURONA_TYPE_TRAIN_PAGE, NULL);
}

void
neurona_train_page_set_whose (NeuronaTrainPage *self, const char *whose)
{
  g_autofree char *text = NULL;

  g_return_if_fail (NEURONA_IS_TRAIN_PAGE (self));

  /* Translators: under the outcome line: "Model shown: run 3 · 128 relu · 10 epochs ·
   * epoch 10 of 10" (the model whose predictions the Predictions page shows) */
  text = whose != NULL && whose[0] != '\0' ? g_strdup_printf (_("Model shown: %s"), whose)
                                            : g_strdup ("");
  gtk_label_set_text (self->whose_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->whose_label), text[0] != '\0');
}

const char *
neurona_train_page_get_whose (NeuronaTrainPage *self)
{
  g_return_val_if_fail (NEURONA_IS_TRAIN_PAGE (self), NULL);

  return gtk_label_get_text (self->whose_label);
}

void
neurona_train_page_set_dataset (NeuronaTrainPage *self, NrDataset *dataset)
{
  g_return_if_fail (NEURONA_IS_TRAIN_PAGE (self));

  if (dataset != NULL)
    nr_dataset_ref (dataset);
  g_clear_pointer (&self->dataset, nr_dataset_unref);
  self->dataset = dataset;
  if (self->run == NULL && !self->showing_record)
    show_idle (self);
}

void
neurona_train_page_set_run (NeuronaTrainPage *self, NeuronaRun *run)
{
  g_return_if_fail (NEURONA_IS_TRAIN_PAGE (self));
  g_return_if_fail (run == NULL || NEURONA_IS_RUN (run));

  if (run == self->run)
    return;
  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_set_object (&self->run, run);
  self->showing_record = FALSE;

  g_string_truncate (self->log, 0);
  gtk_label_set_text (self->log_label, "");
  self->have_last = FALSE;
  if (run == NULL)
    {
      show_idle (self);
      return;
    }

  reset_plots (self, neurona_run_get_config (run)->epochs);
  clear_progress_line (self);
  set_status (self, _("Training…"), NULL);
  g_signal_connect (run, "progress", G_CALLBACK (on_run_progress), self);
  g_signal_connect (run, "epoch-end", G_CALLBACK (on_run_epoch_end), self);
  g_signal_connect (run, "finished", G_CALLBACK (on_run_finished), self);
}

void
neurona_train_page_show_record (NeuronaTrainPage *self, const NrRunRecord *record)
{
  const NrTrainConfig *config;
  const NrEpochRecord *last;
  NrTrainResult result = { 0 };
  guint len, steps;

  g_return_if_fail (NEURONA_IS_TRAIN_PAGE (self));
  g_return_if_fail (record != NULL);

  /* A run in progress stays on screen: it is what the student is watching. */
  if (self->run != NULL && neurona_run_get_running (self->run))
    return;
  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_clear_object (&self->run);
  self->showing_record = TRUE;
  g_string_truncate (self->log, 0);
  gtk_label_set_text (self->log_label, "");
  self->have_last = FALSE;

  config = &record->config;
  len = record->history->len;
  last = nr_run_record_get_last_epoch (record);
  steps = config->batch_size > 0 && record->train_size > 0
            ? (record->train_size + config->batch_size - 1) / config->batch_size
            : 0;

  /* Per epoch only: the run's batches are not kept. */
  reset_plots (self, config->epochs);
  for (guint e = 0; e < len; e++)
    {
      const NrEpochRecord *er = &g_array_index (record->history, NrEpochRecord, e);
      NrProgress p = {
        .kind = NR_PROGRESS_EPOCH_END, .epoch = e + 1, .epochs = config->epochs,
        .step = steps, .steps = steps, .loss = er->train_loss, .accuracy = er->train_accuracy,
        .test_loss = er->test_loss, .test_accuracy = er->test_accuracy,
        .epoch_seconds = er->seconds,
        .seconds_per_step = steps > 0 ? er->seconds / steps : NAN,
      };

      append (self, PLOT_LOSS, NEURONA_TRAIN_SERIES_EPOCH, e + 1, er->train_loss);
      append (self, PLOT_ACCURACY, NEURONA_TRAIN_SERIES_EPOCH, e + 1, er->train_accuracy);
      append (self, PLOT_LOSS, NEURONA_TRAIN_SERIES_TEST, e + 1, er->test_loss);
      append (self, PLOT_ACCURACY, NEURONA_TRAIN_SERIES_TEST, e + 1, er->test_accuracy);
      append_epoch_log (self, &p);
      self->last = p;
      self->have_last = TRUE;
    }
  clear_progress_line (self);
  if (self->have_last)
    show_progress_line (self, &self->last, FALSE);
  if (record->status != NR_TRAIN_COMPLETED)
    for (guint which = PLOT_LOSS; which <= PLOT_ACCURACY; which++)
      neurona_plot_set_x_range (plot_of (self, which), 0.0, MAX (len, 1));

  result.status = record->status;
  result.epochs_completed = len;
  result.train_loss = last != NULL ? last->train_loss : NAN;
  result.train_accuracy = last != NULL ? last->train_accuracy : NAN;
  result.test_loss = last != NULL ? last->test_loss : NAN;
  result.test_accuracy = last != NULL ? last->test_accuracy : NAN;
  result.seconds = record->seconds;
  result.diverged_epoch = record->diverged_epoch;
  result.diverged_step = record->diverged_step;
  result.divergence = record->divergence;
  result.diverged_loss = record->diverged_loss;
  result.reference_loss = record->reference_loss;
  result.epochs_at_chance = record->epochs_at_chance;
  show_outcome (self, config, &result);
}

gboolean
neurona_train_page_get_showing_record (NeuronaTrainPage *self)
{
  g_return_val_if_fail (NEURONA_IS_TRAIN_PAGE (self), FALSE);

  return self->showing_record;
}

NeuronaRun *
neurona_train_page_get_run (NeuronaTrainPage *self)
{
  g_return_val_if_fail (NEURONA_IS_TRAIN_PAGE (self), NULL);

  return self->run;
}

void
neurona_train_page_set_blocked_reason (NeuronaTrainPage *self, const char *reason)
{
  g_return_if_fail (NEURONA_IS_TRAIN_PAGE (self));

  if (g_strcmp0 (reason, self->blocked_reason) == 0)
    return;
  g_free (self->blocked_reason);
  self->blocked_reason = g_strdup (reason);
  if (self->run == NULL && !self->showing_record)
    show_idle (self);
  else if (self->run == NULL || !neurona_run_get_running (self->run))
    /* After a run its progress line and plots stay; the status line, which told the run's
     * outcome, now says why Train is off (or, once fixed, that it is ready again). */
    show_idle_status (self);
}

void
neurona_train_page_show_error (NeuronaTrainPage *self, const char *message)
{
  g_return_if_fail (NEURONA_IS_TRAIN_PAGE (self));
  g_return_if_fail (message != NULL);

  set_status (self, message, "error");
}

const char *
neurona_train_page_get_status_text (NeuronaTrainPage *self)
{
  g_return_val_if_fail (NEURONA_IS_TRAIN_PAGE (self), NULL);

  return gtk_label_get_text (self->status_label);
}

NeuronaPlot *
neurona_train_page_get_loss_plot (NeuronaTrainPage *self)
{
  g_return_val_if_fail (NEURONA_IS_TRAIN_PAGE (self), NULL);

  return self->loss_plot;
}

NeuronaPlot *
neurona_train_page_get_accuracy_plot (NeuronaTrainPage *self)
{
  g_return_val_if_fail (NEURONA_IS_TRAIN_PAGE (self), NULL);

  return self->accuracy_plot;
}

void
neurona_train_page_focus_stop (NeuronaTrainPage *self)
{
  g_return_if_fail (NEURONA_IS_TRAIN_PAGE (self));

  gtk_widget_grab_focus (self->stop_button);
}

void
neurona_train_page_set_compact (NeuronaTrainPage *self, gboolean compact)
{
  g_return_if_fail (NEURONA_IS_TRAIN_PAGE (self));

  /* Text rows stacked, plots side by side: the page keeps its width and the plots their
   * height however large the font. */
  gtk_orientable_set_orientation (self->top_row, compact ? GTK_ORIENTATION_VERTICAL
                                                         : GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (self->top_row), compact ? 8 : 12);
  gtk_orientable_set_orientation (self->plots_box, compact ? GTK_ORIENTATION_HORIZONTAL
                                                           : GTK_ORIENTATION_VERTICAL);
}

gboolean
neurona_train_page_get_compact (NeuronaTrainPage *self)
{
  g_return_val_if_fail (NEURONA_IS_TRAIN_PAGE (self), FALSE);

  return gtk_orientable_get_orientation (self->plots_box) == GTK_ORIENTATION_HORIZONTAL;
}
