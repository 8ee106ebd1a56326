/* neurona-window.c — the lab window.
 *
 * The window presents a NeuronaSession, which owns the lab's state (the datasets, the runs,
 * the training run and the current one); the pages only show what they are handed.
 * Window actions: win.train, win.stop, win.reload-dataset, win.zoom-*, win.presenter-mode,
 * win.open-runs-folder; one function, update_actions(), decides what is enabled. Run
 * folders (or folders of them) dropped anywhere on the window join the Runs page's list.
 */
#include <glib/gi18n.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "neurona-window.h"
#include "neurona-a11y.h"
#include "neurona-comparison.h"
#include "neurona-fit-page.h"
#include "neurona-lesson-panel.h"
#include "neurona-outputs-view.h"
#include "neurona-plot.h"
#include "neurona-run.h"
#include "neurona-runs-page.h"
#include "neurona-session.h"
#include "neurona-settings.h"
#include "neurona-sweep-dialog.h"
#include "neurona-sweeps-page.h"
#include "neurona-understand-page.h"
#include "neurona-confusion-view.h"

/* Font scales for a projector; CSS classes "zoom-<percent>" in style.css. */
static const guint zoom_levels[] = { 100, 115, 130, 150, 175, 200 };
#define ZOOM_DEFAULT 0
/* From this level on the Model & Training page stacks its rows and sets its plots side by
 * side (in Spanish it would not fit 1280 px from 150 % on), and the header's tabs stop
 * growing (style.css), so the window fits 1280 × 800. */
#define ZOOM_COMPACT_PERCENT 150
/* Presenter mode: at least this zoom, and plot lines this much thicker. */
#define PRESENTER_ZOOM_PERCENT 150
#define PRESENTER_LINE_SCALE 2.0

struct _NeuronaWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwViewStack *stack;
  GtkInfoBar *info_bar;
  GtkLabel *info_label;
  NeuronaDatasetBrowser *browser;
  NeuronaModelPanel *model_panel;
  NeuronaTrainPage *train_page;
  NeuronaPredictionGallery *gallery;
  NeuronaRunsPage *runs_page;
  NeuronaSweepsPage *sweeps_page;
  NeuronaUnderstandPage *understand_page;
  GtkRevealer *lesson_revealer;
  NeuronaLessonPanel *lesson_panel;
  NeuronaFitPage *fit_page;

  /* Owned */
  NeuronaSession *session;
  GSettings *settings; /* NULL when the schema cannot be found: nothing is remembered */
  guint preview_source;

  /* Borrowed */
  NeuronaSweepDialog *sweep_dialog; /* while open */

  NrTrainConfig again_config; /* "Train again" waiting for its dataset to load */
  NrDatasetId again_dataset;
  gboolean again_pending;

  guint dataset_id; /* the dataset browsed and trained on next */
  guint train_limit, test_limit;
  guint zoom;
  gboolean predictions_pending; /* the gallery has not been shown the newest weights yet */
  gboolean show_lessons;
  gboolean restoring; /* the settings are being applied: changes are not saved back */

  /* Presenter mode, and what it gives back when it ends */
  gboolean presenting;
  guint zoom_before_presenting;
  gboolean lessons_before_presenting;
};

G_DEFINE_FINAL_TYPE (NeuronaWindow, neurona_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATASET_ID,
  PROP_TRAINING,
  PROP_SHOW_LESSONS,
  PROP_PRESENTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_training (NeuronaWindow *self)
{
  return neurona_session_get_training (self->session) != NULL;
}

static gboolean
is_sweeping (NeuronaWindow *self)
{
  return neurona_session_get_sweep (self->session) != NULL;
}

static void
update_actions (NeuronaWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean training = is_training (self);
  gboolean have_data = neurona_session_get_dataset (self->session, self->dataset_id) != NULL;

  gboolean sweeping = is_sweeping (self);

  gtk_widget_action_set_enabled (widget, "win.train",
                                 !training && !sweeping && have_data
                                 && neurona_model_panel_get_valid (self->model_panel));
  gtk_widget_action_set_enabled (widget, "win.sweep",
                                 !training && !sweeping && have_data
                                 && neurona_model_panel_get_valid (self->model_panel));
  gtk_widget_action_set_enabled (widget, "win.stop", training);
  gtk_widget_action_set_enabled (widget, "win.reload-dataset",
                                 !have_data && !neurona_session_is_loading (self->session,
                                                                            self->dataset_id));
  gtk_widget_action_set_enabled (widget, "win.zoom-in",
                                 self->zoom + 1 < G_N_ELEMENTS (zoom_levels));
  gtk_widget_action_set_enabled (widget, "win.zoom-out", self->zoom > 0);
  gtk_widget_action_set_enabled (widget, "win.zoom-reset", self->zoom != ZOOM_DEFAULT);
}

/* Predictions page ---------------------------------------------------------------- */

/* The Predictions page shows the session's current run on that run's own dataset,
 * whichever dataset the Data page browses. Predicting the whole test set for every epoch
 * of a run takes a core from the trainer: while the page is hidden the newest weights
 * wait, and the page catches up when it is shown or the run ends. */
static void
flush_predictions (NeuronaWindow *self)
{
  gboolean visible = g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "predictions") == 0;
  g_autofree char *whose = NULL;
  NrWeights *weights;
  NrDatasetId dataset_id;
  gboolean normalize;
  NrDataset *dataset;

  if (!self->predictions_pending || (is_training (self) && !visible))
    return;
  weights = neurona_session_get_current_weights (self->session, &normalize, &dataset_id);
  dataset = neurona_session_get_dataset (self->session, dataset_id);
  if (dataset == NULL)
    neurona_session_load_dataset (self->session, dataset_id); /* shown once it is there */
  self->predictions_pending = FALSE;
  whose = neurona_session_describe_current (self->session);
  neurona_prediction_gallery_set_dataset (self->gallery, dataset);
  neurona_prediction_gallery_set_weights (self->gallery, weights, normalize);
  neurona_prediction_gallery_set_whose (self->gallery, whose);
}

static void
on_current_changed (NeuronaWindow *self)
{
  g_autofree char *whose = neurona_session_describe_current (self->session);

  self->predictions_pending = TRUE;
  neurona_prediction_gallery_set_whose (self->gallery, whose);
  neurona_train_page_set_whose (self->train_page, whose);
  neurona_understand_page_set_whose (self->understand_page, whose);
  flush_predictions (self);
}

/* Before any run the Predictions page shows what freshly initialised weights guess
 * (near-uniform probabilities), as the tutorial printed the untrained model's outputs. */
static gboolean
preview_untrained (gpointer data)
{
  NeuronaWindow *self = data;
  NrTrainConfig config;

  self->preview_source = 0;
  if (neurona_session_get_dataset (self->session, self->dataset_id) == NULL
      || !neurona_model_panel_get_valid (self->model_panel))
    return G_SOURCE_REMOVE;
  neurona_model_panel_get_config (self->model_panel, &config);
  neurona_session_set_untrained (self->session, &config, self->dataset_id);
  return G_SOURCE_REMOVE;
}

static void
schedule_preview (NeuronaWindow *self)
{
  if (self->preview_source != 0 || neurona_session_get_current (self->session) != NULL
      || is_training (self))
    return;
  self->preview_source = g_timeout_add (150, preview_untrained, self);
}

/* Datasets ------------------------------------------------------------------------ */

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

/* The browsed dataset to the pages that work on it (the Predictions page follows the
 * current run instead). */
static void
show_dataset (NeuronaWindow *self)
{
  NrDataset *dataset = neurona_session_get_dataset (self->session, self->dataset_id);
  const GError *error = neurona_session_get_dataset_error (self->session, self->dataset_id);

  neurona_dataset_browser_set_dataset (self->browser, dataset);
  neurona_model_panel_set_dataset (self->model_panel, dataset);
  neurona_train_page_set_dataset (self->train_page, dataset);
  if (dataset == NULL && error != NULL)
    show_load_error (self, self->dataset_id, error);
  if (dataset != NULL)
    schedule_preview (self);
  update_actions (self);
}

static gboolean start_training (NeuronaWindow *self, const NrTrainConfig *config,
                                NrDatasetId dataset_id);

static void
on_dataset_changed (NeuronaSession *session, guint dataset_id, NeuronaWindow *self)
{
  NrDatasetId shown;

  if (dataset_id == self->dataset_id)
    show_dataset (self);
  /* "Train again" of a run on a dataset that was not loaded yet. */
  if (self->again_pending && self->again_dataset == dataset_id)
    {
      self->again_pending = FALSE;
      if (neurona_session_get_dataset (session, dataset_id) != NULL && !is_training (self))
        start_training (self, &self->again_config, dataset_id);
    }
  /* The current run's dataset arrived: its predictions can be shown now. */
  neurona_session_get_current_weights (session, NULL, &shown);
  if (shown == dataset_id)
    {
      self->predictions_pending = TRUE;
      flush_predictions (self);
    }
  update_actions (self);
}

/* Training ------------------------------------------------------------------------ */

static void
on_training_changed (NeuronaWindow *self)
{
  gboolean training = is_training (self);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* Ctrl+Return typed in a field of the panel: the keyboard goes to Stop before the panel
   * locks (a focused field made insensitive loses its focus-out event, and the keys would
   * have nowhere to go). */
  if (training && focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->model_panel)))
    {
      update_actions (self);
      neurona_train_page_focus_stop (self->train_page);
    }
  neurona_model_panel_set_locked (self->model_panel, training);
  if (!training)
    {
      self->predictions_pending = TRUE;
      flush_predictions (self);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
}

/* The one way a run starts: Train, and the Runs page's "Train again". */
static gboolean
start_training (NeuronaWindow *self, const NrTrainConfig *config, NrDatasetId dataset_id)
{
  g_autoptr (GError) error = NULL;
  NeuronaRun *run;

  g_clear_handle_id (&self->preview_source, g_source_remove);
  run = neurona_session_train (self->session, config, dataset_id, &error);
  if (run == NULL)
    {
      neurona_train_page_show_error (self->train_page, error->message);
      return FALSE;
    }
  neurona_train_page_set_run (self->train_page, run);
  return TRUE;
}

static void
train_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWindow *self = NEURONA_WINDOW (widget);
  NrTrainConfig config;

  /* Ctrl+Return acts on the page it is pressed on: on Curve fit it runs the fit. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "fit") == 0)
    {
      GtkWidget *fit_page = adw_view_stack_get_child_by_name (self->stack, "fit");

      gtk_widget_activate_action (fit_page, "fit.run", NULL);
      return;
    }
  if (is_training (self) || neurona_session_get_dataset (self->session, self->dataset_id) == NULL)
    return;

  neurona_model_panel_commit_edits (self->model_panel);
  neurona_model_panel_get_config (self->model_panel, &config);
  config.train_limit = self->train_limit;
  config.test_limit = self->test_limit;
  self->again_pending = FALSE;
  start_training (self, &config, self->dataset_id);
}

/* The Runs page ------------------------------------------------------------------------ */

/* A run reopened there: its curves and outcome on the Model & Training page (unless a run
 * trains: that one stays), its predictions (through the session's current run). */
static void
on_run_opened (NeuronaRunsPage *page, NeuronaRunItem *item, NeuronaWindow *self)
{
  if (!is_training (self))
    neurona_train_page_show_record (self->train_page, neurona_run_item_get_record (item));
}

static void
use_settings_of (NeuronaWindow *self, NeuronaRunItem *item)
{
  const NrRunRecord *record = neurona_run_item_get_record (item);

  if (!neurona_model_panel_set_config (self->model_panel, &record->config, record->dataset))
    {
      g_autofree char *who = neurona_run_item_describe (item);
      /* Translators: "Some settings of run 3 · 128 relu · 500 epochs are beyond what the
       * panel holds: they were brought within its limits." */
      g_autofree char *text = g_strdup_printf (_("Some settings of %s are beyond what the panel "
                                                 "holds: they were brought within its limits."),
                                               who);

      neurona_train_page_show_error (self->train_page, text);
    }
}

static void
on_use_settings (NeuronaRunsPage *page, NeuronaRunItem *item, NeuronaWindow *self)
{
  if (is_training (self))
    return;
  use_settings_of (self, item);
  adw_view_stack_set_visible_child_name (self->stack, "training");
}

/* The run again, exactly: its settings, seed, data and limits (the window's limits are
 * for new runs), so its curves come out the same, bit for bit. */
static void
on_train_again (NeuronaRunsPage *page, NeuronaRunItem *item, NeuronaWindow *self)
{
  const NrRunRecord *record = neurona_run_item_get_record (item);

  if (is_training (self))
    return;
  use_settings_of (self, item);
  adw_view_stack_set_visible_child_name (self->stack, "training");
  if (neurona_session_get_dataset (self->session, record->dataset) != NULL)
    {
      self->again_pending = FALSE;
      start_training (self, &record->config, record->dataset);
      return;
    }
  self->again_config = record->config;
  self->again_dataset = record->dataset;
  self->again_pending = TRUE;
  neurona_session_load_dataset (self->session, record->dataset);
}

/* Sweeps ------------------------------------------------------------------------------ */

static void
on_sweep_dialog_start (NeuronaSweepDialog *dialog, NeuronaWindow *self)
{
  g_autoptr (GError) error = NULL;
  NrSweep *sweep = neurona_sweep_dialog_take_sweep (dialog);

  if (sweep == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (neurona_session_start_sweep (self->session, sweep, &error) == NULL)
    {
      neurona_train_page_show_error (self->train_page, error->message);
      return;
    }
  adw_view_stack_set_visible_child_name (self->stack, "sweeps");
}

/* "Sweep…": the model panel's settings (and the window's limits) are the base. */
static void
sweep_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWindow *self = NEURONA_WINDOW (widget);
  NrTrainConfig config;

  if (self->sweep_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->sweep_dialog));
      return;
    }
  if (is_training (self) || is_sweeping (self)
      || neurona_session_get_dataset (self->session, self->dataset_id) == NULL)
    return;
  neurona_model_panel_get_config (self->model_panel, &config);
  config.train_limit = self->train_limit;
  config.test_limit = self->test_limit;
  self->sweep_dialog = neurona_sweep_dialog_new (GTK_WINDOW (self), &config, self->dataset_id);
  g_object_add_weak_pointer (G_OBJECT (self->sweep_dialog), (gpointer *) &self->sweep_dialog);
  g_signal_connect_object (self->sweep_dialog, "start", G_CALLBACK (on_sweep_dialog_start), self,
                           0);
  gtk_window_present (GTK_WINDOW (self->sweep_dialog));
}

/* A run opened from a sweep's chart: its curves and outcome on Model & Training. */
static void
on_sweep_run_opened (NeuronaSweepsPage *page, NeuronaRunItem *item, NeuronaWindow *self)
{
  if (is_training (self))
    return;
  neurona_train_page_show_record (self->train_page, neurona_run_item_get_record (item));
  adw_view_stack_set_visible_child_name (self->stack, "training");
}

static void
stop_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWindow *self = NEURONA_WINDOW (widget);

  neurona_session_stop (self->session);
}

static void
reload_dataset_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWindow *self = NEURONA_WINDOW (widget);

  gtk_info_bar_set_revealed (self->info_bar, FALSE);
  neurona_model_panel_set_dataset (self->model_panel, NULL);
  neurona_session_retry_dataset (self->session, self->dataset_id);
  update_actions (self);
}

/* Two runs' predictions side by side, on the Predictions page. */
static void
on_compare_predictions (NeuronaRunsPage *page, NeuronaRunItem *a, NeuronaRunItem *b,
                        NeuronaWindow *self)
{
  g_autoptr (NeuronaComparison) comparison = neurona_comparison_new (self->session, a, b);

  neurona_prediction_gallery_set_comparison (self->gallery, comparison);
  adw_view_stack_set_visible_child_name (self->stack, "predictions");
}

/* A cell of the confusion matrix (Understand page): its test images on the Predictions
 * page. */
static void
on_confusion_cell_activated (GtkWidget *view, guint true_class, guint predicted,
                             NeuronaWindow *self)
{
  neurona_prediction_gallery_set_cell (self->gallery, true_class, predicted);
  adw_view_stack_set_visible_child_name (self->stack, "predictions");
}

/* Runs from other folders: "Open runs folder…" here, or folders dropped on the window. */
static void
open_runs_folder_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWindow *self = NEURONA_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, "runs");
  gtk_widget_activate_action (GTK_WIDGET (self->runs_page), "runs.open-folder", NULL);
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, NeuronaWindow *self)
{
  GdkFileList *list;
  g_autoptr (GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = g_value_get_boxed (value);
  for (GSList *l = gdk_file_list_get_files (list); l != NULL; l = l->next)
    g_ptr_array_add (files, l->data); /* the list owns them */
  if (files->len == 0)
    return FALSE;
  adw_view_stack_set_visible_child_name (self->stack, "runs");
  neurona_runs_page_add_runs_from (self->runs_page, (GFile *const *) files->pdata, files->len);
  return TRUE;
}

/* Zoom ------------------------------------------------------------------------------ */

static void
set_zoom (NeuronaWindow *self, guint zoom)
{
  char css_class[32];
  gboolean compact;

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
  compact = zoom_levels[self->zoom] >= ZOOM_COMPACT_PERCENT;
  neurona_train_page_set_compact (self->train_page, compact);
  neurona_runs_page_set_compact (self->runs_page, compact);
  neurona_dataset_browser_set_compact (self->browser, compact);
  neurona_prediction_gallery_set_compact (self->gallery, compact);
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

/* Settings ---------------------------------------------------------------------------- */

/* What the lab remembers from one use to the next (GSettings io.github.neurona.Neurona):
 * the window's size, the zoom, the page, the dataset, the Model & Training settings and the
 * lesson step, the Data page's colormap. Saved as they change, and the size, colormap and
 * lesson when the window closes. */
static void
save_settings (NeuronaWindow *self)
{
  const char *page;

  if (self->settings == NULL || self->restoring)
    return;
  g_settings_delay (self->settings);
  /* Presenter mode's zoom and open Lessons panel are for this talk only. */
  g_settings_set_int (self->settings, "zoom",
                      (int) zoom_levels[self->presenting ? self->zoom_before_presenting
                                                         : self->zoom]);
  page = adw_view_stack_get_visible_child_name (self->stack);
  if (page != NULL)
    g_settings_set_string (self->settings, "page", page);
  g_settings_set_string (self->settings, "dataset", nr_dataset_info (self->dataset_id)->name);
  g_settings_set_string (self->settings, "colormap",
                         nr_colormap_name (neurona_dataset_browser_get_colormap (self->browser)));
  if (neurona_model_panel_get_valid (self->model_panel))
    {
      NrTrainConfig config;
      g_autofree char *json = NULL;

      neurona_model_panel_get_config (self->model_panel, &config);
      json = nr_train_config_to_json (&config);
      g_settings_set_string (self->settings, "train-config", json);
    }
  g_settings_set_boolean (self->settings, "show-lessons",
                         self->presenting ? self->lessons_before_presenting : self->show_lessons);
  g_settings_set_uint (self->settings, "lesson-step",
                       neurona_lesson_panel_get_step (self->lesson_panel));
  g_settings_apply (self->settings);
}

static gboolean
on_close_request (GtkWindow *window, gpointer data)
{
  NeuronaWindow *self = NEURONA_WINDOW (window);
  int width, height;

  if (self->settings == NULL)
    return FALSE;
  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (window) && !gtk_window_is_fullscreen (window) && width > 0
      && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);
  save_settings (self);
  g_settings_sync ();
  return FALSE;
}

/* Applied once, at the end of the window's construction. A value that cannot be used (an
 * unknown page, settings of another version) is skipped: the default stays. */
static void
restore_settings (NeuronaWindow *self)
{
  g_autofree char *page = NULL;
  g_autofree char *dataset = NULL;
  g_autofree char *json = NULL;
  NrDatasetId dataset_id;
  int zoom;

  if (self->settings == NULL)
    return;
  self->restoring = TRUE;
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  zoom = g_settings_get_int (self->settings, "zoom");
  for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
    if ((int) zoom_levels[i] == zoom)
      set_zoom (self, i);
  dataset = g_settings_get_string (self->settings, "dataset");
  if (nr_dataset_id_from_name (dataset, &dataset_id))
    neurona_window_set_dataset_id (self, dataset_id);
  {
    g_autofree char *name = g_settings_get_string (self->settings, "colormap");
    NrColormap cmap;

    if (nr_colormap_from_name (name, &cmap))
      neurona_dataset_browser_set_colormap (self->browser, cmap);
  }
  json = g_settings_get_string (self->settings, "train-config");
  if (json[0] != '\0')
    {
      NrTrainConfig config;

      if (nr_train_config_from_json (json, "train-config", &config, NULL))
        neurona_model_panel_set_config (self->model_panel, &config, self->dataset_id);
    }
  page = g_settings_get_string (self->settings, "page");
  if (adw_view_stack_get_child_by_name (self->stack, page) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, page);
  neurona_lesson_panel_set_step (self->lesson_panel,
                                 g_settings_get_uint (self->settings, "lesson-step"));
  g_object_set (self, "show-lessons", g_settings_get_boolean (self->settings, "show-lessons"),
                NULL);
  self->restoring = FALSE;
}

/* Presenter mode --------------------------------------------------------------------- */

/* Every plot of the window, on every page: thicker lines, the high-contrast palette. */
static void
set_plots_look (GtkWidget *widget, double line_scale, gboolean high_contrast)
{
  if (NEURONA_IS_PLOT (widget))
    {
      neurona_plot_set_line_scale (NEURONA_PLOT (widget), line_scale);
      neurona_plot_set_high_contrast (NEURONA_PLOT (widget), high_contrast);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    set_plots_look (child, line_scale, high_contrast);
}

static guint
zoom_index_of (guint percent)
{
  for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
    if (zoom_levels[i] >= percent)
      return i;
  return G_N_ELEMENTS (zoom_levels) - 1;
}

/* For a projector: full screen, the lesson's step shown large, a larger zoom, thicker
 * plot lines and a high-contrast look (style class "presenting": black on white, strong
 * borders, bold). Ending it gives back the zoom and the Lessons panel as they were. */
static void
set_presenting (NeuronaWindow *self, gboolean presenting)
{
  presenting = !!presenting;
  if (presenting == self->presenting)
    return;
  self->presenting = presenting;
  if (presenting)
    {
      self->zoom_before_presenting = self->zoom;
      self->lessons_before_presenting = self->show_lessons;
      gtk_widget_add_css_class (GTK_WIDGET (self), "presenting");
      gtk_window_fullscreen (GTK_WINDOW (self));
      set_zoom (self, MAX (self->zoom, zoom_index_of (PRESENTER_ZOOM_PERCENT)));
      g_object_set (self, "show-lessons", TRUE, NULL);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presenting");
      gtk_window_unfullscreen (GTK_WINDOW (self));
      set_zoom (self, self->zoom_before_presenting);
      g_object_set (self, "show-lessons", self->lessons_before_presenting, NULL);
    }
  neurona_lesson_panel_set_presenting (self->lesson_panel, presenting);
  set_plots_look (GTK_WIDGET (self), presenting ? PRESENTER_LINE_SCALE : 1.0, presenting);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTING]);
}

/* Lessons ---------------------------------------------------------------------------- */

/* "Set up this step": the lab in the step's state. What the step does not give stays. */
static void
on_apply_step (NeuronaLessonPanel *panel, gconstpointer data, NeuronaWindow *self)
{
  const NrLessonStep *step = data;
  guint dataset_id = step->has_dataset ? step->dataset : self->dataset_id;

  if (step->has_dataset)
    neurona_window_set_dataset_id (self, step->dataset);
  /* The Data page: split, colormap, the figure's grid, then the image (last: an image past
   * the figure brings back all images). */
  if (step->has_split)
    neurona_dataset_browser_set_split (self->browser, step->test_split);
  if (step->has_colormap)
    neurona_dataset_browser_set_colormap (self->browser, step->colormap);
  if (step->rows > 0 || step->columns > 0)
    neurona_dataset_browser_set_grid (self->browser, step->rows, step->columns);
  if (step->images > 0)
    neurona_dataset_browser_set_images (self->browser, step->images);
  if (step->image >= 0 && g_strcmp0 (step->page, "data") == 0)
    neurona_dataset_browser_go_to_image (self->browser, (guint) step->image);
  if (step->has_config && !is_training (self))
    neurona_model_panel_set_config (self->model_panel, &step->config, dataset_id);
  if (step->kind == NR_LESSON_STEP_FIT)
    neurona_fit_page_set_config (self->fit_page, &step->fit);
  if (step->view != NULL)
    neurona_understand_page_show_view (self->understand_page, step->view);
  /* The tutorial's first step looks at training image 0's outputs. */
  if (g_strcmp0 (step->view, "outputs") == 0 && step->image >= 0)
    neurona_outputs_view_set_image (
      NEURONA_OUTPUTS_VIEW (neurona_understand_page_get_view (self->understand_page, "outputs")),
      step->has_split && step->test_split ? 1 : 0, (guint) step->image);
  if (step->page != NULL && adw_view_stack_get_child_by_name (self->stack, step->page) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, step->page);
}

/* Pages ----------------------------------------------------------------------------- */

/* The stack's pages in the order of their tabs; Alt+1 … Alt+7 show them (GNOME's
 * convention: letters would clash with the mnemonics of the pages' controls). */
static const char *const page_names[] = { "data", "training", "predictions", "understand",
                                          "fit", "runs", "sweeps" };

static void
show_page_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWindow *self = NEURONA_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
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
  NrTrainConfig config;
  gboolean valid = neurona_model_panel_get_valid (self->model_panel);

  if (valid)
    neurona_model_panel_get_config (self->model_panel, &config);
  neurona_understand_page_set_config_problem (
    self->understand_page, valid ? NULL : neurona_model_panel_get_error_message (self->model_panel));
  neurona_understand_page_set_config (self->understand_page, valid ? &config : NULL,
                                      self->dataset_id);
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
  g_clear_handle_id (&self->preview_source, g_source_remove);
  if (self->sweep_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->sweep_dialog));
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_WINDOW);
  /* Closing the window mid-run: the session cancels and joins the worker (one batch at
   * most). */
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (neurona_window_parent_class)->dispose (object);
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

    case PROP_SHOW_LESSONS:
      g_value_set_boolean (value, self->show_lessons);
      break;

    case PROP_PRESENTING:
      g_value_set_boolean (value, self->presenting);
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

    case PROP_SHOW_LESSONS:
      if (self->show_lessons != g_value_get_boolean (value))
        {
          self->show_lessons = g_value_get_boolean (value);
          if (self->lesson_revealer != NULL)
            gtk_revealer_set_reveal_child (self->lesson_revealer, self->show_lessons);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_PRESENTING:
      set_presenting (self, g_value_get_boolean (value));
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
  object_class->get_property = neurona_window_get_property;
  object_class->set_property = neurona_window_set_property;

  properties[PROP_DATASET_ID] =
    g_param_spec_uint ("dataset-id", NULL, NULL, 0, NR_N_DATASETS - 1,
                       NR_DATASET_FASHION_MNIST,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The Lessons panel beside the pages (F9, the header's Lessons button). */
  properties[PROP_SHOW_LESSONS] =
    g_param_spec_boolean ("show-lessons", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Presenter mode (F11, the main menu): see set_presenting(). */
  properties[PROP_PRESENTING] =
    g_param_spec_boolean ("presenting", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NEURONA_TYPE_DATASET_BROWSER);
  g_type_ensure (NEURONA_TYPE_MODEL_PANEL);
  g_type_ensure (NEURONA_TYPE_TRAIN_PAGE);
  g_type_ensure (NEURONA_TYPE_PREDICTION_GALLERY);
  g_type_ensure (NEURONA_TYPE_FIT_PAGE);
  g_type_ensure (NEURONA_TYPE_RUNS_PAGE);
  g_type_ensure (NEURONA_TYPE_SWEEPS_PAGE);
  g_type_ensure (NEURONA_TYPE_UNDERSTAND_PAGE);
  g_type_ensure (NEURONA_TYPE_LESSON_PANEL);

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
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, sweeps_page);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, understand_page);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, lesson_revealer);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, lesson_panel);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWindow, fit_page);
  gtk_widget_class_bind_template_callback (widget_class, on_info_bar_response);

  gtk_widget_class_install_action (widget_class, "win.train", NULL, train_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.sweep", NULL, sweep_action);
  gtk_widget_class_install_action (widget_class, "win.reload-dataset", NULL,
                                   reload_dataset_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-lessons", "show-lessons");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-lessons", NULL);
  /* F11 both ways: Escape is Stop while a run trains. */
  gtk_widget_class_install_property_action (widget_class, "win.presenter-mode", "presenting");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.presenter-mode", NULL);
  gtk_widget_class_install_action (widget_class, "win.open-runs-folder", NULL,
                                   open_runs_folder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open-runs-folder", NULL);

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

/* Each page is named by its title, as its switcher button is: a screen reader entering a
 * page says which one it is (a GtkStack's page did so itself; AdwViewStack's do not). */
static void
name_pages (NeuronaWindow *self)
{
  g_autoptr (GtkSelectionModel) pages = adw_view_stack_get_pages (self->stack);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr (AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      gtk_accessible_update_property (GTK_ACCESSIBLE (adw_view_stack_page_get_child (page)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      adw_view_stack_page_get_title (page), -1);
    }
}

static void
neurona_window_init (NeuronaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The pages name their own buttons; this covers the header bar and the info bar. */
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));
  name_pages (self);

  self->session = neurona_session_new (NULL);
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
  g_signal_connect (self->session, "dataset-changed", G_CALLBACK (on_dataset_changed), self);
  g_signal_connect_swapped (self->session, "notify::training", G_CALLBACK (on_training_changed),
                            self);
  g_signal_connect_swapped (self->session, "notify::sweep", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->session, "notify::current", G_CALLBACK (on_current_changed),
                            self);
  g_signal_connect_swapped (self->session, "notify::current-weights",
                            G_CALLBACK (on_current_changed), self);

  neurona_runs_page_set_session (self->runs_page, self->session);
  g_signal_connect_object (self->runs_page, "run-opened", G_CALLBACK (on_run_opened), self, 0);
  g_signal_connect_object (self->runs_page, "use-settings", G_CALLBACK (on_use_settings), self, 0);
  g_signal_connect_object (self->runs_page, "train-again", G_CALLBACK (on_train_again), self, 0);
  neurona_sweeps_page_set_session (self->sweeps_page, self->session);
  neurona_understand_page_set_session (self->understand_page, self->session);
  neurona_lesson_panel_set_session (self->lesson_panel, self->session);
  g_signal_connect_object (self->lesson_panel, "apply-step", G_CALLBACK (on_apply_step), self,
                           0);
  g_signal_connect_object (neurona_understand_page_get_view (self->understand_page, "confusion"),
                           "cell-activated", G_CALLBACK (on_confusion_cell_activated), self, 0);
  g_signal_connect_object (self->sweeps_page, "run-opened", G_CALLBACK (on_sweep_run_opened), self,
                           0);

  g_signal_connect_object (self->runs_page, "compare-predictions",
                           G_CALLBACK (on_compare_predictions), self, 0);
  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
  show_dataset (self);
  neurona_session_load_dataset (self->session, self->dataset_id);
  on_current_changed (self);
  update_actions (self);

  self->settings = neurona_settings_new ();
  restore_settings (self);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
  g_signal_connect_swapped (self->stack, "notify::visible-child-name", G_CALLBACK (save_settings),
                            self);
  g_signal_connect_swapped (self, "notify::dataset-id", G_CALLBACK (save_settings), self);
  g_signal_connect_object (self->model_panel, "changed", G_CALLBACK (save_settings), self,
                           G_CONNECT_SWAPPED);
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

  /* Browsing another dataset changes what is shown and trained next; the current run (its
   * predictions, a run still training) stays as it is. */
  self->dataset_id = dataset_id;
  gtk_info_bar_set_revealed (self->info_bar, FALSE);
  show_dataset (self);
  neurona_session_load_dataset (self->session, dataset_id);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET_ID]);
}

NrDataset *
neurona_window_get_dataset (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  return neurona_session_get_dataset (self->session, self->dataset_id);
}

NeuronaSession *
neurona_window_get_session (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  return self->session;
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

NrWeights *
neurona_window_get_predictions_weights (NeuronaWindow *self, gboolean *trained)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  if (trained != NULL)
    *trained = is_training (self) || neurona_session_get_current (self->session) != NULL;
  return neurona_session_get_current_weights (self->session, NULL, NULL);
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

NeuronaSweepsPage *
neurona_window_get_sweeps_page (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  return self->sweeps_page;
}

NeuronaSweepDialog *
neurona_window_get_sweep_dialog (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  return self->sweep_dialog;
}

AdwViewStack *
neurona_window_get_stack (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);

  return self->stack;
}

NeuronaLessonPanel *
neurona_window_get_lesson_panel (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);
  return self->lesson_panel;
}

NeuronaDatasetBrowser *
neurona_window_get_browser (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), NULL);
  return self->browser;
}

gboolean
neurona_window_get_presenting (NeuronaWindow *self)
{
  g_return_val_if_fail (NEURONA_IS_WINDOW (self), FALSE);

  return self->presenting;
}

void
neurona_window_set_presenting (NeuronaWindow *self, gboolean presenting)
{
  g_return_if_fail (NEURONA_IS_WINDOW (self));

  set_presenting (self, presenting);
}
