/* neurona-window.c — the lab window.
 *
 * The window owns the loaded datasets (loaded on a GTask thread, kept once loaded so
 * switching back is instant) and the current training run; the pages only show what they
 * are handed. Window actions: win.train, win.stop, win.reload-dataset, win.zoom-*; one
 * function, update_actions(), decides what is enabled.
 */
#include <glib/gi18n.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "neurona-window.h"
#include "neurona-a11y.h"
#include "neurona-fit-page.h"
#include "neurona-run.h"
#include "neurona-runs-page.h"

/* Font scales for a projector; CSS classes "zoom-<percent>" in style.css. */
static const guint zoom_levels[] = { 100, 115, 130, 150, 175, 200 };
#define ZOOM_DEFAULT 0

struct _NeuronaWindow
{
  GtkApplicationWindow parent_instance;

  /* Template widgets */
  GtkStack *stack;
  GtkInfoBar *info_bar;
  GtkLabel *info_label;
  NeuronaDatasetBrowser *browser;
  NeuronaModelPanel *model_panel;
  NeuronaTrainPage *train_page;
  NeuronaPredictionGallery *gallery;
  NeuronaRunsPage *runs_page;

  /* Owned */
  NrRunRecord *record; /* the current run's history, handed to the Runs page when it ends */
  NrDataset *datasets[NR_N_DATASETS];
  GCancellable *cancellable;
  NeuronaRun *run;
  NrModel *predictions_model;
  guint preview_source;

  guint dataset_id;
  guint loading; /* bit mask of dataset ids being loaded */
  guint train_limit, test_limit;
  guint zoom;
  gboolean predictions_trained;
  gboolean predictions_normalize;
  gboolean predictions_pending; /* the gallery has not been given predictions_model yet */
};

G_DEFINE_FINAL_TYPE (NeuronaWindow, neurona_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATASET_ID,
  PROP_TRAINING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_dataset (NeuronaWindow *self, guint dataset_id);

static gboolean
is_training (NeuronaWindow *self)
{
  return self->run != NULL && neurona_run_get_running (self->run);
}

static void
update_actions (NeuronaWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean training = is_training (self);
  gboolean have_data = self->datasets[self->dataset_id] != NULL;

  gtk_widget_action_set_enabled (widget, "win.train",
                                 !training && have_data
                                 && neurona_model_panel_get_valid (self->model_panel));
  gtk_widget_action_set_enabled (widget, "win.stop", training);
  gtk_widget_action_set_enabled (widget, "win.reload-dataset",
                                 !have_data && !(self->loading & (1u << self->dataset_id)));
  gtk_widget_action_set_enabled (widget, "win.zoom-in",
                                 self->zoom + 1 < G_N_ELEMENTS (zoom_levels));
  gtk_widget_action_set_enabled (widget, "win.zoom-out", self->zoom > 0);
  gtk_widget_action_set_enabled (widget, "win.zoom-reset", self->zoom != ZOOM_DEFAULT);
}

/* Predictions page ---------------------------------------------------------------- */

/* Predicting the whole test set for every epoch of a run takes a core from the trainer;
 * while the Predictions page is hidden the newest model waits here and the page catches
 * up when it is shown or the run ends. */
static void
flush_predictions (NeuronaWindow *self)
{
  gboolean visible = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "predictions") == 0;

  if (!self->predictions_pending || (is_training (self) && !visible))
    return;
  self->predictions_pending = FALSE;
  neurona_prediction_gallery_set_model (self->gallery, self->predictions_model,
                                        self->predictions_normalize);
}

static void
show_predictions (NeuronaWindow *self, NrModel *model, gboolean trained, gboolean normalize)
{
  g_clear_pointer (&self->predictions_model, nr_model_free);
  self->predictions_model = model;
  self->predictions_trained = trained;
  self->predictions_normalize = normalize;
  self->predictions_pending = TRUE;
  flush_predictions (self);
}

/* Before any training the Predictions page shows what freshly initialised weights guess
 * (near-uniform probabilities), as the tutorial printed the untrained model's outputs. */
static gboolean
preview_untrained (gpointer data)
{
  NeuronaWindow *self = data;
  NrTrainConfig config;
  NrModel *model;

  self->preview_source = 0;
  if (self->datasets[self->dataset_id] == NULL || is_training (self) || self->predictions_trained
      || !neurona_model_panel_get_valid (self->model_panel))
    return G_SOURCE_REMOVE;

  /* A huge network would take long to initialise for a mere preview. */
  neurona_model_panel_get_config (self->model_panel, &config);
  if (nr_model_spec_param_count (&config.model) > 4 * 1000 * 1000)
    return G_SOURCE_REMOVE;

  model = nr_model_new (&config.model, config.seed, NULL);
  if (model != NULL)
    show_predictions (self, model, FALSE, config.normalize);
  return G_SOURCE_REMOVE;
}

static void
schedule_preview (NeuronaWindow *self)
{
  if (self->preview_source != 0 || self->predictions_trained)
    return;
  self->preview_source = g_timeout_add (150, preview_untrained, self);
}

/* Datasets ------------------------------------------------------------------------ */

static void
show_dataset (NeuronaWindow *self)
{
  NrDataset *dataset = self->datasets[self->dataset_id];

  neurona_dataset_browser_set_dataset (self->browser, dataset);
  neurona_prediction_gallery_set_dataset (self->gallery, dataset);
  neurona_model_panel_set_dataset (self->model_panel, dataset);
  neurona_train_page_set_dataset (self->train_page, dataset);
  if (dataset != NULL)
    {
      self->predictions_trained = FALSE;
      schedule_preview (self);
    }
  update_actions (self);
}

static void
show_load_error (NeuronaWindow *self, guint dataset_id, const GError *error)
{
  g_autofree char *text = NULL;

  /* Translators: "Could not load MNIST digits: <reason>" */
  text = g_strdup_printf (_("Could not load %s: %s"), _(nr_dataset_info (dataset_id)->title),
                          error->message);
  gtk_label_set_text (self->info_label, text);
  gtk_info_bar_set_revealed (self->info_bar, TRUE);
  neurona_model_panel_set_dataset_error (self->model_panel,
                                         _("Not loaded: see the message at the top."));
  neurona_train_page_show_error (self->train_page,
                                 _("No data to train on. The settings are kept; press Retry "
                                   "once the files are in place, or choose another dataset."));
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  guint dataset_id = GPOINTER_TO_UINT (task_data);
  GError *error = NULL;
  NrDataset *dataset = nr_dataset_load (dataset_id, NULL, &error);

  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, (GDestroyNotify) nr_dataset_unref);
}

static void
load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  NeuronaWindow *self = NEURONA_WINDOW (source);
  guint dataset_id = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  g_autoptr (GError) error = NULL;
  NrDataset *dataset = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the window is closing */

  self->loading &= ~(1u << dataset_id);
  if (dataset == NULL)
    {
      if (dataset_id == self->dataset_id)
        show_load_error (self, dataset_id, error);
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->datasets[dataset_id], nr_dataset_unref);
  self->datasets[dataset_id] = dataset;
#ifdef __GLIBC__
  /* Reading the gzipped files leaves tens of MB of freed buffers in the heap; hand them
   * back, so the lab with both datasets stays small. */
  malloc_trim (0);
#endif
  if (dataset_id == self->dataset_id)
    show_dataset (self);
}

static void
load_dataset (NeuronaWindow *self, guint dataset_id)
{
  g_autoptr (GTask) task = NULL;

  if (self->datasets[dataset_id] != NULL || (self->loading & (1u << dataset_id)))
    return;

  self->loading |= 1u << dataset_id;
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, load_dataset);
  g_task_set_task_data (task, GUINT_TO_POINTER (dataset_id), NULL);
  g_task_run_in_thread (task, load_thread);
}

/* Training ------------------------------------------------------------------------ */

static void
on_run_epoch_end (NeuronaRun *run, const NeuronaRunSnapshot *snapshot, const NrModel *model,
                  NeuronaWindow *self)
{
  if (run != self->run)
    return;
  if (self->record != NULL && snapshot->progress.kind == NR_PROGRESS_EPOCH_END)
    {
      NrEpochRecord epoch = {
        snapshot->progress.loss, snapshot->progress.accuracy,
        snapshot->progress.test_loss, snapshot->progress.test_accuracy,
        snapshot->progress.epoch_seconds,
      };

      nr_run_record_add_epoch (self->record, &epoch);
    }
  show_predictions (self, nr_model_copy (model), TRUE, neurona_run_get_config (run)->normalize);
}

static void
on_run_finished (NeuronaRun *run, const NrTrainResult *result, const GError *error,
                 NeuronaWindow *self)
{
  if (run != self->run)
    return;

  /* A run stopped mid-epoch has moved on since its last epoch: show where it stopped. */
  if (error == NULL && result->status == NR_TRAIN_CANCELLED && neurona_run_get_model (run) != NULL)
    show_predictions (self, nr_model_copy (neurona_run_get_model (run)), TRUE,
                      neurona_run_get_config (run)->normalize);

  /* Every run that taught the model something is kept: completed, stopped after at least
   * one epoch, or diverged (where it diverged is worth comparing too). */
  if (error == NULL && self->record != NULL
      && (result->status != NR_TRAIN_CANCELLED || result->epochs_completed >= 1))
    {
      NrRunRecord *record = g_steal_pointer (&self->record);

      if (record->history->len > result->epochs_completed)
        g_array_set_size (record->history, result->epochs_completed);
      nr_run_record_finish (record, result);
      neurona_runs_page_add_record (self->runs_page, record);
    }
  g_clear_pointer (&self->record, nr_run_record_free);

  flush_predictions (self);
  neurona_model_panel_set_locked (self->model_panel, FALSE);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
}

static void
drop_run (NeuronaWindow *self)
{
  if (self->run == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->run, self);
  neurona_run_join (self->run);
  g_clear_object (&self->run);
}

static void
train_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWindow *self = NEURONA_WINDOW (widget);
  NrDataset *dataset = self->datasets[self->dataset_id];
  g_autoptr (GError) error = NULL;
  g_autoptr (NeuronaRun) run = NULL;
  NrTrainConfig config;

  if (is_training (self) || dataset == NULL)
    return;

  neurona_model_panel_get_config (self->model_panel, &config);
  config.train_limit = self->train_limit;
  config.test_limit = self->test_limit;

  run = neurona_run_new (&config, dataset, &error);
  if (run == NULL)
    {
      neurona_train_page_show_error (self->train_page, error->message);
      return;
    }

  drop_run (self);
  self->run = g_steal_pointer (&run);
  {
    const NrTrainConfig *run_config = neurona_run_get_config (self->run);
    guint n_train = dataset->train->n, n_test = dataset->test != NULL ? dataset->test->n : 0;
    g_autofree char *name = neurona_runs_page_run_name (run_config);

    if (run_config->train_limit > 0)
      n_train = MIN (n_train, run_config->train_limit);
    if (run_config->test_limit > 0)
      n_test = MIN (n_test, run_config->test_limit);
    g_clear_pointer (&self->record, nr_run_record_free);
    self->record = nr_run_record_new (dataset->id, run_config, n_train, n_test,
                                      g_get_real_time () / G_USEC_PER_SEC);
    nr_run_record_set_name (self->record, name);
  }
  g_signal_connect (self->run, "epoch-end", G_CALLBACK (on_run_epoch_end), self);
  g_signal_connect (self->run, "finished", G_CALLBACK (on_run_finished), self);
  neurona_train_page_set_run (self->train_page, self->run);
  neurona_model_panel_set_locked (self->model_panel, TRUE);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  neurona_run_start (self->run);

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
}

static void
stop_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWindow *self = NEURONA_WINDOW (widget);

  if (self->run != NULL)
    neurona_run_stop (self->run);
}

static void
reload_dataset_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWindow *self = NEURONA_WINDOW (widget);

  gtk_info_bar_set_revealed (self->info_bar, FALSE);
  neurona_model_panel_set_dataset (self->model_panel, NULL);
  load_dataset (self, self->dataset_id);
  update_actions (self);
}

/* Zoom ------------------------------------------------------------------------------ */

static void
set_zoom (NeuronaWindow *self, guint zoom)
{
  char css_class[32];

  g_snprintf (css_class, sizeof css_class, "zoom-%u", zoom_levels[self->zoom]);
  gtk_widget_remove_css_class (GTK_WIDGET (self), css_class);
  self->zoom = MIN (zoom, G_N_ELEMENTS (zoom_levels) - 1);
  g_snprintf (css_class, sizeof css_class, "zoom-%u", zoom_levels[self->zoom]);
  if (self->zoom != ZOOM_DEFAULT)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), css_class);
      gtk_widget_add_css_class (GTK_WIDGET (self), "zoomed");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "zoomed");
  update_actions (self);
}

static void
zoom_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWindow *self = NEURONA_WINDOW (widget);

  if (g_str_equal (action_name, "win.zoom-in"))
    set_zoom (self, self->zoom + 1);
  else if (g_str_equal (action_name, "win.zoom-out"))
    set_zoom (self, self->zoom > 0 ? self->zoom - 1 : 0);
  else
    set_zoom (self, ZOOM_DEFAULT);
}

/* Pages ----------------------------------------------------------------------------- */

/* The stack's pages in the order of their tabs; Alt+1 … Alt+5 show them (GNOME's
 * convention: letters would clash with the mnemonics of the pages' controls). */
static const char *const page_names[] = { "data", "training", "predictions", "fit", "runs" };

static void
show_page_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWindow *self = NEURONA_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

/* GObject --------------------------------------------------------------------------- */

static void
on_info_bar_response (GtkInfoBar *info_bar, int response, NeuronaWindow *self)
{
  if (response == GTK_RESPONSE_CLOSE)
    gtk_info_bar_set_revealed (info_bar, FALSE);
}

static void
on_panel_changed (NeuronaWindow *self)
{
  neurona_train_page_set_blocked_reason (self->train_page,
                                         neurona_model_panel_get_error_message (self->model_panel));
  update_actions (self);
  schedule_preview (self);
}

static guint
limit_from_env (const char *name)
{
  const char *value = g_getenv (name);
  guint64 n = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &n, NULL))
    return 0;
  return (guint) n;
}

/* GObject's property binding warns about a property the other side does not have yet (a
 * page still being written); binding only where it exists keeps the window usable. */
static void
bind_dataset_id (NeuronaWindow *self, gpointer page)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "dataset-id") == NULL)
    return;
  g_object_bind_property (self, "dataset-id", page, "dataset-id",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

static void
neurona_window_dispose (GObject *object)
{
  NeuronaWindow *self = NEURONA_WINDOW (object);

  /* Closing the window mid-run: cancel, wait for the worker (one batch at most), then
   * let the pages go. */
  g_cancellable_cancel (self->cancellable);
  drop_run (self);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_WINDOW);
  for (guint i = 0; i < NR_N_DATASETS; i++)
    g_clear_pointer (&self->datasets[i], nr_dataset_unref);
  g_clear_pointer (&self->predictions_model, nr_model_free);
  g_clear_pointer (&self->record, nr_run_record_free);

  G_OBJECT_CLASS (neurona_window_parent_class)->dispose (object);
}

static void
neurona_window_finalize (GObject *object)
{
  NeuronaWindow *self = NEURONA_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (neurona_window_parent_class)->finalize (object);
}

static void
neurona_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NeuronaWindow *self = NEURONA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATASET_ID:
      g_value_set_uint (value, self->dataset_id);
      break;

    case PROP_TRAINING:
      g_value_set_boolean (value, is_training (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_window_set_property (GObject *object, guint prop_id, const GValue *value,
                             GParamSpec *pspec)
{
  NeuronaWindow *self = NEURONA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATASET_ID:
      neurona_window_set_dataset_id (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_window_class_init (NeuronaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_window_dispose;
  object_class->finalize = neurona_window_finalize;
  object_class->get_property = neurona_window_get_property;
  object_class->set_property = neurona_window_set_property;

  properties[PROP_DATASET_ID] =
    g_param_spec_uint ("dataset-id", NULL, NULL, 0, NR_N_DATASETS - 1,
                       NR_DATASET_FASHION_MNIST,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NEURONA_TYPE_DATASET_BROWSER);
  g_type_ensure (NEURONA_TYPE_MODEL_PANEL);
  g_type_ensure (NEURONA_TYPE_TRAIN_PAGE);
  g_type_ensure (NEURONA_TYPE_PREDICTION_GALLERY);
  g_type_ensure (NEURONA_TYPE_FIT_PAGE);
  g_type_ensure (NEURONA_TYPE_RUNS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, info_bar);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, info_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, browser);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, model_panel);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, train_page);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, gallery);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, runs_page);
  gtk_widget_class_bind_template_callback (widget_class, on_info_bar_response);

  gtk_widget_class_install_action (widget_class, "win.train", NULL, train_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.reload-dataset", NULL,
                                   reload_dataset_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.train", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "win.train", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                       "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "win.zoom-reset", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                           "win.show-page", "s", page_names[i]);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + i, GDK_ALT_MASK,
                                           "win.show-page", "s", page_names[i]);
    }
}

static void
neurona_window_init (NeuronaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The pages name their own buttons; this covers the header bar and the info bar. */
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->dataset_id = NR_DATASET_FASHION_MNIST;
  self->train_limit = limit_from_env ("NEURONA_TRAIN_LIMIT");
  self->test_limit = limit_from_env ("NEURONA_TEST_LIMIT");

  bind_dataset_id (self, self->browser);
  bind_dataset_id (self, self->model_panel);
  g_signal_connect_object (self->model_panel, "changed", G_CALLBACK (on_panel_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model_panel, "notify::valid", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (flush_predictions),
                           self, G_CONNECT_SWAPPED);

  show_dataset (self);
  load_dataset (self, self->dataset_id);
  {
    /* Read on a worker thread: a long history never delays the first frame. */
    g_autofree char *runs_folder = neurona_runs_page_default_folder ();

    neurona_runs_page_set_folder (self->runs_page, runs_folder);
  }
  update_actions (self);
}

NeuronaWindow *
neurona_window_new (NeuronaApplication *application)
{
  return g_object_new (NEURONA_TYPE_WINDOW, "application", application, NULL);
}

guint
neurona_window_get_dataset_id (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), 0);

  return self->dataset_id;
}

void
neurona_window_set_dataset_id (NeuronaWindow *self, guint dataset_id)
{
  g_return_if_fail (NEURONA_IS_WINDOW (self));
  g_return_if_fail (dataset_id < NR_N_DATASETS);

  if (dataset_id == self->dataset_id)
    return;

  /* A run belongs to the data it started on; another dataset ends it. */
  if (self->run != NULL)
    neurona_run_stop (self->run);

  self->dataset_id = dataset_id;
  gtk_info_bar_set_revealed (self->info_bar, FALSE);
  show_dataset (self);
  load_dataset (self, dataset_id);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET_ID]);
}

NrDataset *
neurona_window_get_dataset (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  return self->datasets[self->dataset_id];
}

void
neurona_window_set_limits (NeuronaWindow *self, guint train_limit, guint test_limit)
{
  g_return_if_fail (NEURONA_IS_WINDOW (self));

  self->train_limit = train_limit;
  self->test_limit = test_limit;
}

gboolean
neurona_window_get_training (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), FALSE);

  return is_training (self);
}

const NrModel *
neurona_window_get_predictions_model (NeuronaWindow *self, gboolean *trained)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  if (trained != NULL)
    *trained = self->predictions_trained;
  return self->predictions_model;
}

NeuronaModelPanel *
neurona_window_get_model_panel (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  return self->model_panel;
}

NeuronaTrainPage *
neurona_window_get_train_page (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  return self->train_page;
}

NeuronaRunsPage *
neurona_window_get_runs_page (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  return self->runs_page;
}

GtkStack *
neurona_window_get_stack (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  return self->stack;
}
