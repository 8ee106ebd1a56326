/* test-window.c — the lab window as a student uses it: the pages build, the model panel's
 * labels name its controls, the parameter count follows the settings, a refused output
 * size disables Train with the core's message, a short run on the committed subset fills
 * the plots, the status line and the Predictions page, Stop and closing the window end a
 * long run promptly, datasets load in the background and are kept.
 *
 * Runs under Xvfb with GSK_RENDERER=cairo. The committed subset is used (NEURONA_DATA_DIR
 * points at it) and runs are kept short with neurona_window_set_limits().
 */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona-application.h"
#include "neurona-dataset-browser.h"
#include "neurona-plot.h"
#include "neurona-run.h"
#include "neurona-window.h"
#include "neurona-lesson-panel.h"
#include "neurona-outputs-view.h"
#include "neurona-understand-page.h"
#include "neurona-settings.h"
#include "ui-test-util.h"

/* Helpers ------------------------------------------------------------------------- */

static gboolean
not_training (gpointer data)
{
  return !neurona_window_get_training (data);
}

static gboolean
has_step_points (gpointer data)
{
  NeuronaTrainPage *page = neurona_window_get_train_page (data);

  return neurona_plot_get_n_points (neurona_train_page_get_loss_plot (page),
                                    NEURONA_TRAIN_SERIES_STEP) > 0;
}

static gboolean
has_predictions_model (gpointer data)
{
  return neurona_window_get_predictions_weights (data, NULL) != NULL;
}

static void
save_screenshot (GtkWidget *widget, const char *name)
{
  if (g_getenv ("NEURONA_SCREENSHOT_DIR") == NULL)
    return;
  ui_test_spin_for (50);
  ui_test_save_screenshot (widget, name, NULL);
}

static void
set_spin (GtkWidget *spin, double value)
{
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
}

static gboolean
action_enabled (GtkWidget *widget, const char *name)
{
  GtkWidget *button = NULL;
  g_autoptr (GPtrArray) all = ui_test_find_all (widget, GTK_TYPE_BUTTON);

  /* The buttons that carry the action show its enabled state. */
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (all->pdata[i]), name) == 0)
      button = all->pdata[i];
  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* Fixture ------------------------------------------------------------------------- */

typedef struct
{
  NeuronaApplication *app;
  NeuronaWindow *window;
  NeuronaModelPanel *panel;
  NeuronaTrainPage *page;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  ui_test_open_window (&f->app, &f->window, "training");
  f->panel = neurona_window_get_model_panel (f->window);
  f->page = neurona_window_get_train_page (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ui_test_close_window (&f->window, &f->app);
}

/* Tests --------------------------------------------------------------------------- */

static void
test_builds_all_pages (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *name, *title, *shot;
  } pages[] = {
    { "data", "Data", "window-data.png" },
    { "training", "Model & Training", "window-training.png" },
    { "predictions", "Predictions", "window-predictions.png" },
    { "fit", "Curve fit", "window-fit.png" },
    { "runs", "Runs", "window-runs.png" },
    { "sweeps", "Sweeps", "window-sweeps.png" },
  };
  AdwViewStack *stack = neurona_window_get_stack (f->window);
  NrDataset *dataset = neurona_window_get_dataset (f->window);

  g_assert_cmpuint (neurona_window_get_dataset_id (f->window), ==, NR_DATASET_FASHION_MNIST);
  g_assert_cmpuint (dataset->train->rows, ==, 28);
  /* Where the data came from and how much, visible in the panel. */
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (f->panel), "6,000 training"));
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (f->panel), "28 × 28"));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, pages[i].name);
      g_autofree char *title = NULL;

      g_assert_nonnull (child);
      title = ui_test_visible_text (adw_view_stack_page_get_title (adw_view_stack_get_page (stack, child)));
      g_assert_cmpstr (title, ==, pages[i].title);
      adw_view_stack_set_visible_child (stack, child);
      ui_test_wait_mapped (GTK_WIDGET (child));
      save_screenshot (GTK_WIDGET (f->window), pages[i].shot);
    }
}

static void
test_labels_name_controls (Fixture *f, gconstpointer data)
{
  static const char *labels[] = {
    "Dataset", "Hidden units", "Activation", "Dropout", "Output size", "Epochs",
    "Batch size", "Learning rate", "Optimizer", "Scale pixels", "Seed", "Train", "Sweep…", "Stop",
  };
  GtkWidget *root = GTK_WIDGET (f->window);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      GtkWidget *control = ui_test_find_control (root, labels[i], 0);

      if (control == NULL)
        g_error ("no control labelled “%s”", labels[i]);
      /* A label beside its control names it for assistive technologies; buttons are named
       * by their own label. In a preferences row the title's mnemonic widget is the row,
       * which activates the control at its end, and the control is labelled by the title. */
      if (!GTK_IS_BUTTON (control)
          && !(GTK_IS_CHECK_BUTTON (control)
               && gtk_check_button_get_label (GTK_CHECK_BUTTON (control)) != NULL))
        {
          g_autoptr (GPtrArray) all = ui_test_find_all (root, GTK_TYPE_LABEL);
          GtkWidget *label = NULL;
          GtkWidget *row = gtk_widget_get_ancestor (control, ADW_TYPE_ACTION_ROW);
          GtkWidget *target = control;

          if (row != NULL && !ADW_IS_COMBO_ROW (control))
            {
              g_assert_true (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row))
                             == control);
              target = row;
            }
          for (guint k = 0; k < all->len && label == NULL; k++)
            if (gtk_label_get_mnemonic_widget (all->pdata[k]) == target)
              label = all->pdata[k];
          g_assert_nonnull (label);
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, labels[i]);
          /* GTK derives the LABELLED_BY relation from the mnemonic labels (there is no
           * AT context to ask under GTK_A11Y=none). */
          {
            g_autoptr (GList) mnemonic_labels = gtk_widget_list_mnemonic_labels (target);
            g_assert_nonnull (g_list_find (mnemonic_labels, label));
          }
          if (target != control)
            gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (control),
                                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL);
        }
      g_assert_true (gtk_widget_get_focusable (control) || GTK_IS_DROP_DOWN (control)
                     || GTK_IS_SPIN_BUTTON (control));
    }
  g_assert_true (GTK_IS_SPIN_BUTTON (ui_test_find_control (root, "Hidden units", 0)));
  g_assert_true (ADW_IS_COMBO_ROW (ui_test_find_control (root, "Activation", 0)));
  g_assert_true (GTK_IS_SPIN_BUTTON (ui_test_find_control (root, "Output size", 0)));
  g_assert_true (ADW_IS_COMBO_ROW (ui_test_find_control (root, "Optimizer", 0)));
  g_assert_true (ADW_IS_COMBO_ROW (ui_test_find_control (GTK_WIDGET (f->panel), "Dataset", 0)));
  g_assert_true (GTK_IS_CHECK_BUTTON (ui_test_find_control (root, "Scale pixels", 0)));
}

static void
test_defaults_are_the_tutorial_model (Fixture *f, gconstpointer data)
{
  NrTrainConfig config;

  neurona_model_panel_get_config (f->panel, &config);
  g_assert_cmpuint (config.model.input_size, ==, 784);
  g_assert_cmpuint (config.model.n_hidden, ==, 1);
  g_assert_cmpuint (config.model.hidden[0].units, ==, 128);
  g_assert_cmpuint (config.model.hidden[0].activation, ==, NR_ACTIVATION_RELU);
  g_assert_cmpfloat (config.model.hidden[0].dropout, ==, 0.0f);
  g_assert_cmpuint (config.model.outputs, ==, 10);
  g_assert_cmpuint (config.epochs, ==, 10);
  g_assert_cmpuint (config.batch_size, ==, 32);
  g_assert_cmpuint (config.optimizer.kind, ==, NR_OPTIMIZER_ADAM);
  g_assert_cmpfloat_with_epsilon (config.optimizer.learning_rate, 0.001, 1e-9);
  g_assert_true (config.normalize);
  g_assert_cmpuint (config.seed, ==, 42);
  g_assert_cmpuint (neurona_model_panel_get_param_count (f->panel), ==, 101770);
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (f->panel), "Total parameters: 101,770"));
  g_assert_true (action_enabled (GTK_WIDGET (f->window), "win.train"));
  g_assert_false (action_enabled (GTK_WIDGET (f->window), "win.stop"));
}

static void
test_hidden_units_update_count (Fixture *f, gconstpointer data)
{
  GtkWidget *units = ui_test_find_control (GTK_WIDGET (f->window), "Hidden units", 0);

  set_spin (units, 28);
  /* 784·28 + 28 = 21,980 and 28·10 + 10 = 290: 22,270 in all */
  g_assert_cmpuint (neurona_model_panel_get_param_count (f->panel), ==, 22270);
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (f->panel), "Total parameters: 22,270"));
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (f->panel), "21,980 parameters"));
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (f->panel), "290 parameters"));
  save_screenshot (GTK_WIDGET (f->window), "window-28-units.png");
}

static void
test_add_remove_layer (Fixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.add-layer", NULL));
  /* The new layer copies the last one: 784·128+128 + 128·128+128 + 128·10+10 */
  g_assert_cmpuint (neurona_model_panel_get_param_count (f->panel), ==, 118282);
  g_assert_nonnull (ui_test_find_control (root, "Hidden units", 1));
  set_spin (ui_test_find_control (root, "Hidden units", 1), 64);
  g_assert_cmpuint (neurona_model_panel_get_param_count (f->panel), ==,
                    784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);

  /* Removing the first layer leaves 784 → 64 → 10. */
  g_signal_emit_by_name (ui_test_find_control (root, "Remove", 0), "clicked");
  g_assert_null (ui_test_find_control (root, "Hidden units", 1));
  g_assert_cmpuint (neurona_model_panel_get_param_count (f->panel), ==,
                    784 * 64 + 64 + 64 * 10 + 10);
}

static void
test_output_size_refused (Fixture *f, gconstpointer data)
{
  GtkWidget *outputs = ui_test_find_control (GTK_WIDGET (f->window), "Output size", 0);
  GtkLabel *message;

  set_spin (outputs, 5);
  g_assert_false (neurona_model_panel_get_valid (f->panel));
  g_assert_false (action_enabled (GTK_WIDGET (f->window), "win.train"));
  message = ui_test_find_label_containing (GTK_WIDGET (f->panel),
                                   "label value 9 is outside the valid range [0, 5)");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (gtk_label_get_text (message), "at least 10 units"));
  /* The train page says why Train is off, too. */
  g_assert_true (g_str_has_prefix (neurona_train_page_get_status_text (f->page),
                                   "Train is off until the settings are fixed: label value 9"));
  save_screenshot (GTK_WIDGET (f->window), "window-refused.png");

  /* Train does nothing while refused. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL);
  ui_test_spin_for (50);
  g_assert_false (neurona_window_get_training (f->window));

  set_spin (outputs, 15);
  g_assert_true (neurona_model_panel_get_valid (f->panel));
  g_assert_true (action_enabled (GTK_WIDGET (f->window), "win.train"));
  g_assert_null (ui_test_find_label_containing (GTK_WIDGET (f->panel), "label value 9"));
  g_assert_true (g_str_has_prefix (neurona_train_page_get_status_text (f->page), "Ready to train"));
}

static NeuronaPredictionGallery *gallery_of (NeuronaWindow *window);

static void
test_untrained_predictions (Fixture *f, gconstpointer data)
{
  NrWeights *weights;
  gboolean trained = TRUE;
  NrDataset *dataset = neurona_window_get_dataset (f->window);
  float probs[10];

  g_assert_true (ui_test_wait_until (has_predictions_model, f->window, 5000));
  weights = neurona_window_get_predictions_weights (f->window, &trained);
  g_assert_false (trained);
  g_assert_cmpuint (nr_model_get_param_count (nr_weights_get_model (weights)), ==, 101770);
  /* Fresh weights guess near-uniformly: no class above 50 %. */
  nr_model_predict (nr_weights_get_model (weights), dataset->test->pixels, 1, TRUE, probs);
  for (guint k = 0; k < 10; k++)
    g_assert_cmpfloat (probs[k], <, 0.5f);
  /* … and the page says so. */
  g_assert_cmpstr (neurona_prediction_gallery_get_whose (gallery_of (f->window)), ==,
                   "Predictions of untrained model");
}

static NeuronaPredictionGallery *
gallery_of (NeuronaWindow *window)
{
  g_autoptr (GPtrArray) all =
    ui_test_find_all (GTK_WIDGET (window), NEURONA_TYPE_PREDICTION_GALLERY);

  g_assert_cmpuint (all->len, ==, 1);
  return all->pdata[0];
}

static gboolean
gallery_ready (gpointer data)
{
  NeuronaPredictionGallery *gallery = gallery_of (data);

  return !neurona_prediction_gallery_is_busy (gallery)
         && neurona_prediction_gallery_get_counts (gallery, NULL, NULL);
}

/* "Save as PNG…" on the Predictions page: the grid of cards as an image of the grid's
 * size, over the window's background, showing what the screen shows. */
static void
test_gallery_png (Fixture *f, gconstpointer data)
{
  NeuronaPredictionGallery *gallery = gallery_of (f->window);
  GtkWidget *grid = neurona_prediction_gallery_get_grid (gallery);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("neurona-test-png-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "predictions.png", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "predictions.png", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr (GPtrArray) images = NULL;
  g_autoptr (GdkTexture) saved = NULL;
  UiTestPixels shown, png;
  graphene_rect_t image;
  double side;
  guint compared = 0;

  g_assert_no_error (error);
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "predictions");
  g_assert_true (ui_test_wait_until (gallery_ready, f->window, 10000));
  g_assert_true (action_enabled (GTK_WIDGET (gallery), "gallery.save-png"));
  shown = ui_test_read_pixels (grid, NULL);

  g_assert_true (neurona_prediction_gallery_export_png (gallery, file, &error));
  g_assert_no_error (error);
  saved = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (saved), ==, gtk_widget_get_width (grid));
  g_assert_cmpint (gdk_texture_get_height (saved), ==, gtk_widget_get_height (grid));
  png = ui_test_pixels_from_texture (saved);
  ui_test_save_texture (saved, "gallery-export.png");

  /* The first card's image, pixel for pixel as on screen (the image is opaque, a square
   * in the middle of its area). */
  images = ui_test_find_all (grid, GTK_TYPE_DRAWING_AREA);
  g_assert_cmpuint (images->len, >, 0);
  g_assert_true (gtk_widget_compute_bounds (images->pdata[0], grid, &image));
  side = MIN (image.size.width, image.size.height);
  for (int sy = 1; sy < 8; sy++)
    for (int sx = 1; sx < 8; sx++)
      {
        int x = (int) (image.origin.x + (image.size.width - side) / 2 + side * sx / 8);
        int y = (int) (image.origin.y + (image.size.height - side) / 2 + side * sy / 8);
        guint8 want[3], got[3];

        ui_test_pixel_at (&shown, x, y, want);
        ui_test_pixel_at (&png, x, y, got);
        g_assert_cmpmem (got, 3, want, 3);
        compared++;
      }
  g_assert_cmpuint (compared, ==, 49);
  /* Where no card is, the window's background, not transparency. */
  g_assert_cmpuint (png.data[3], ==, 255);

  g_assert_false (neurona_prediction_gallery_export_png (gallery, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_free (shown.data);
  g_free (png.data);
  g_unlink (path);
  g_rmdir (dir);
}

static GThread *main_thread;

/* Signals of a run come on the thread that drives the UI, even when the loop is iterated by
 * hand and the worker could acquire the context in between. */
static void
on_run_signal (NeuronaRun *run, gpointer a, gpointer b, guint *count)
{
  g_assert_true (g_thread_self () == main_thread);
  (*count)++;
}

static void
test_train_one_epoch (Fixture *f, gconstpointer data)
{
  guint n_signals = 0;
  NeuronaPlot *loss = neurona_train_page_get_loss_plot (f->page);
  NeuronaPlot *accuracy = neurona_train_page_get_accuracy_plot (f->page);
  const char *status;
  NrWeights *weights;
  gboolean trained = FALSE;
  double test_accuracy;
  guint n_images = 0, n_mistakes = 0;

  set_spin (ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0), 1);
  neurona_window_set_limits (f->window, 3000, 1000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (neurona_window_get_training (f->window));
  g_signal_connect (neurona_train_page_get_run (f->page), "progress",
                    G_CALLBACK (on_run_signal), &n_signals);
  g_signal_connect (neurona_train_page_get_run (f->page), "epoch-end",
                    G_CALLBACK (on_run_signal), &n_signals);
  g_signal_connect (neurona_train_page_get_run (f->page), "finished",
                    G_CALLBACK (on_run_signal), &n_signals);
  g_assert_true (action_enabled (GTK_WIDGET (f->window), "win.stop"));
  g_assert_false (action_enabled (GTK_WIDGET (f->window), "win.train"));
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));
  g_assert_cmpuint (n_signals, >=, 2); /* an epoch end and the finish, at least */

  /* Plots: per-step points, one per-epoch point for train and test, x within 0…1. */
  g_assert_cmpuint (neurona_plot_get_n_points (loss, NEURONA_TRAIN_SERIES_STEP), >, 0);
  g_assert_cmpuint (neurona_plot_get_n_points (loss, NEURONA_TRAIN_SERIES_EPOCH), ==, 1);
  g_assert_cmpuint (neurona_plot_get_n_points (loss, NEURONA_TRAIN_SERIES_TEST), ==, 1);
  g_assert_cmpuint (neurona_plot_get_n_points (accuracy, NEURONA_TRAIN_SERIES_EPOCH), ==, 1);
  g_assert_cmpuint (neurona_plot_get_n_points (accuracy, NEURONA_TRAIN_SERIES_TEST), ==, 1);

  /* The status line: "Test accuracy: 0.7xxx · …", a real accuracy. */
  status = neurona_train_page_get_status_text (f->page);
  g_test_message ("status: %s", status);
  g_assert_true (g_str_has_prefix (status, "Test accuracy: "));
  test_accuracy = g_ascii_strtod (status + strlen ("Test accuracy: "), NULL);
  g_assert_cmpfloat (test_accuracy, >, 0.6);
  g_assert_cmpfloat (test_accuracy, <=, 1.0);
  g_assert_cmpfloat_with_epsilon (neurona_run_get_result (neurona_train_page_get_run (f->page))->test_accuracy,
                                  test_accuracy, 1e-4);

  /* The Predictions page got the trained model: over the same 1,000 test images it counts
   * exactly the mistakes the test accuracy implies, some right (blue) and some wrong (red). */
  weights = neurona_window_get_predictions_weights (f->window, &trained);
  g_assert_nonnull (weights);
  g_assert_true (trained);
  g_assert_true (ui_test_wait_until (gallery_ready, f->window, 20000));
  g_assert_true (neurona_prediction_gallery_get_counts (gallery_of (f->window), &n_images,
                                                        &n_mistakes));
  g_test_message ("gallery: %u mistakes in %u images", n_mistakes, n_images);
  g_assert_cmpuint (n_images, ==, 1000);
  g_assert_cmpuint (n_mistakes, ==, (guint) lround ((1.0 - test_accuracy) * n_images));
  g_assert_cmpuint (n_mistakes, >, 0);
  g_assert_cmpuint (n_mistakes, <, n_images);

  g_assert_true (action_enabled (GTK_WIDGET (f->window), "win.train"));
  g_assert_false (action_enabled (GTK_WIDGET (f->window), "win.stop"));
  save_screenshot (GTK_WIDGET (f->window), "window-trained.png");
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "predictions");
  save_screenshot (GTK_WIDGET (f->window), "window-trained-predictions.png");
}

/* Ctrl+Return pressed while a field still holds typed text trains with what the field
 * shows, not with the value it had before the typing. */
static void
test_train_uses_typed_value (Fixture *f, gconstpointer data)
{
  GtkWidget *epochs = ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0);
  NeuronaRun *run;

  set_spin (epochs, 10);
  neurona_window_set_limits (f->window, 300, 100);
  gtk_widget_grab_focus (epochs);
  gtk_editable_set_text (GTK_EDITABLE (epochs), "2");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (epochs)), ==, 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  run = neurona_train_page_get_run (f->page);
  g_assert_nonnull (run);
  g_assert_cmpuint (neurona_run_get_config (run)->epochs, ==, 2);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (epochs)), ==, 2);
  /* The keyboard went to Stop as the panel locked. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_root_get_focus (GTK_ROOT (f->window)))),
                   ==, "_Stop");
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));
  g_assert_cmpuint (neurona_run_get_result (run)->epochs_completed, ==, 2);
}

/* On the Curve fit page Ctrl+Return runs the fit, with its typed settings, and trains no
 * network. */
static void
test_ctrl_return_on_fit_page (Fixture *f, gconstpointer data)
{
  GtkWidget *fit_page = adw_view_stack_get_child_by_name (neurona_window_get_stack (f->window), "fit");
  GtkWidget *iterations;

  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "fit");
  iterations = ui_test_find_control (fit_page, "Iterations", 0);
  g_assert_true (GTK_IS_SPIN_BUTTON (iterations));
  gtk_widget_grab_focus (iterations);
  gtk_editable_set_text (GTK_EDITABLE (iterations), "4000");
  g_assert_false (action_enabled (fit_page, "fit.stop"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_false (neurona_window_get_training (f->window));
  g_assert_null (neurona_train_page_get_run (f->page));
  g_assert_true (action_enabled (fit_page, "fit.stop"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (iterations)), ==, 4000);
  gtk_widget_activate_action (fit_page, "fit.stop", NULL);
}

static gboolean
has_epoch_points (gpointer data)
{
  NeuronaTrainPage *page = neurona_window_get_train_page (data);

  return neurona_plot_get_n_points (neurona_train_page_get_loss_plot (page),
                                    NEURONA_TRAIN_SERIES_EPOCH) > 0;
}

/* During a run the Predictions page shows the newest epoch's model once it is opened. */
static void
test_predictions_during_run (Fixture *f, gconstpointer data)
{
  NeuronaPredictionGallery *gallery = gallery_of (f->window);
  gboolean trained = FALSE;
  guint n_images = 0;

  set_spin (ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0), 200);
  neurona_window_set_limits (f->window, 1000, 1000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (has_epoch_points, f->window, 30000));
  g_assert_nonnull (neurona_window_get_predictions_weights (f->window, &trained));
  g_assert_true (trained);

  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "predictions");
  g_assert_true (neurona_window_get_training (f->window));
  g_assert_true (ui_test_wait_until (gallery_ready, f->window, 20000));
  g_assert_true (neurona_prediction_gallery_get_counts (gallery, &n_images, NULL));
  g_assert_cmpuint (n_images, ==, 1000);
  save_screenshot (GTK_WIDGET (f->window), "window-predictions-live.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.stop", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 5000));
}

/* The default relu model with Adam at learning rate 1: the loss explodes without becoming
 * NaN. The run stops as diverged and the status line says where, why and what to try. */
static void
test_diverged_run (Fixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  const NrTrainResult *result;
  g_autofree char *expected = NULL;
  const char *status;

  set_spin (ui_test_find_control (root, "Learning rate", 0), 1);
  set_spin (ui_test_find_control (root, "Epochs", 0), 3);
  neurona_window_set_limits (f->window, 3000, 1000);
  g_assert_true (gtk_widget_activate_action (root, "win.train", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));

  result = neurona_run_get_result (neurona_train_page_get_run (f->page));
  g_assert_cmpint (result->status, ==, NR_TRAIN_DIVERGED);
  g_assert_cmpint (result->divergence, !=, NR_DIVERGENCE_NONE);
  if (result->divergence == NR_DIVERGENCE_NOT_FINITE)
    expected = g_strdup_printf ("Training diverged at epoch %u, step %u: the loss became "
                                "infinite or not a number. Stopped: the learning rate 1 is too "
                                "large; try 0.1.",
                                result->diverged_epoch, result->diverged_step);
  else
    expected = g_strdup_printf ("Training diverged at epoch %u, step %u: the loss grew to %.4g, "
                                "more than ten times the untrained model's %.4g. Stopped: the "
                                "learning rate 1 is too large; try 0.1.",
                                result->diverged_epoch, result->diverged_step,
                                result->diverged_loss, result->reference_loss);
  status = neurona_train_page_get_status_text (f->page);
  g_test_message ("status: %s", status);
  g_assert_cmpstr (status, ==, expected);
  g_assert_true (action_enabled (root, "win.train"));
  save_screenshot (root, "window-diverged.png");
}

/* SGD at learning rate 2 kills the relu units (on the subset, seed 42): the run ends at
 * chance, and the status line says the network did not learn and which rate to try. */
static void
test_at_chance_run (Fixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  const NrTrainResult *result;
  const char *status;

  adw_combo_row_set_selected (ADW_COMBO_ROW (ui_test_find_control (root, "Optimizer", 0)),
                              NR_OPTIMIZER_SGD);
  set_spin (ui_test_find_control (root, "Learning rate", 0), 2);
  set_spin (ui_test_find_control (root, "Epochs", 0), 1);
  neurona_window_set_limits (f->window, 6000, 1000);
  g_assert_true (gtk_widget_activate_action (root, "win.train", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));

  result = neurona_run_get_result (neurona_train_page_get_run (f->page));
  g_test_message ("test accuracy %.4f", result->test_accuracy);
  g_assert_cmpint (result->status, ==, NR_TRAIN_COMPLETED);
  g_assert_cmpuint (result->epochs_at_chance, ==, 1);
  status = neurona_train_page_get_status_text (f->page);
  g_test_message ("status: %s", status);
  g_assert_true (g_str_has_prefix (status, "Test accuracy: "));
  g_assert_true (g_str_has_suffix (status, ". No better than guessing: the network did not "
                                           "learn; try the learning rate 0.2."));
}

static void
test_stop_interrupts (Fixture *f, gconstpointer data)
{
  gint64 start;
  double latency_ms;
  const char *status;

  /* 200 epochs of the whole subset would take minutes. */
  set_spin (ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0), 200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (has_step_points, f->window, 30000));
  save_screenshot (GTK_WIDGET (f->window), "window-training-live.png");

  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.stop", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 5000));
  latency_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("stop took %.1f ms", latency_ms);

  status = neurona_train_page_get_status_text (f->page);
  g_test_message ("status: %s (run status %d, %u epochs)", status,
                  neurona_run_get_result (neurona_train_page_get_run (f->page))->status,
                  neurona_run_get_result (neurona_train_page_get_run (f->page))->epochs_completed);
  g_assert_true (g_str_has_prefix (status, "Stopped"));
  g_assert_cmpuint (neurona_run_get_result (neurona_train_page_get_run (f->page))->status, ==,
                    NR_TRAIN_CANCELLED);
  g_assert_true (action_enabled (GTK_WIDGET (f->window), "win.train"));
}

static void
test_close_while_training (Fixture *f, gconstpointer data)
{
  NeuronaRun *run;
  gint64 start;

  set_spin (ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0), 200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (has_step_points, f->window, 30000));
  run = neurona_train_page_get_run (f->page);
  g_object_add_weak_pointer (G_OBJECT (run), (gpointer *) &run);

  start = g_get_monotonic_time ();
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_test_message ("closing took %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  ui_test_spin_for (50);
  /* Window and run are gone (the worker was joined), and nothing fires afterwards. */
  g_assert_null (f->window);
  g_assert_null (run);
  ui_test_spin_for (200);
}

static void
test_dataset_switch (Fixture *f, gconstpointer data)
{
  g_object_set (f->panel, "dataset-id", (guint) NR_DATASET_MNIST, NULL);
  g_assert_cmpuint (neurona_window_get_dataset_id (f->window), ==, NR_DATASET_MNIST);
  g_assert_true (ui_test_wait_until (ui_test_dataset_loaded, f->window, 30000));
  g_assert_cmpuint (neurona_window_get_dataset (f->window)->id, ==, NR_DATASET_MNIST);

  /* Back to Fashion-MNIST: already loaded, no wait. */
  neurona_window_set_dataset_id (f->window, NR_DATASET_FASHION_MNIST);
  g_assert_nonnull (neurona_window_get_dataset (f->window));
  g_assert_cmpuint (neurona_model_panel_get_dataset_id (f->panel), ==, NR_DATASET_FASHION_MNIST);
}

/* Browsing never throws a model away: choosing another dataset on the Data page while a
 * run trains leaves the run training, and the Predictions page on its data and its
 * weights; Train waits for that run. */
static void
test_dataset_switch_keeps_run (Fixture *f, gconstpointer data)
{
  NeuronaRun *run;

  set_spin (ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0), 200);
  neurona_window_set_limits (f->window, 1000, 500);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (has_epoch_points, f->window, 30000));
  run = neurona_train_page_get_run (f->page);

  neurona_window_set_dataset_id (f->window, NR_DATASET_MNIST);
  g_assert_true (ui_test_wait_until (ui_test_dataset_loaded, f->window, 30000));
  ui_test_spin_for (300);
  g_assert_true (neurona_window_get_training (f->window));
  g_assert_true (neurona_session_get_training (neurona_window_get_session (f->window)) == run);
  g_assert_cmpuint (neurona_model_panel_get_dataset_id (f->panel), ==, NR_DATASET_MNIST);
  g_assert_false (action_enabled (GTK_WIDGET (f->window), "win.train"));
  g_test_message ("%s", neurona_train_page_get_whose (f->page));
  g_assert_true (g_str_has_prefix (neurona_train_page_get_whose (f->page), "Model shown: run "));
  g_assert_nonnull (strstr (neurona_train_page_get_whose (f->page), " · 128 relu · 200 epochs · "));
  g_assert_nonnull (strstr (neurona_train_page_get_whose (f->page), "(training)"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.stop", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 5000));
  g_assert_true (action_enabled (GTK_WIDGET (f->window), "win.train"));
}

/* After a run, browsing another dataset keeps its predictions: the Predictions page still
 * shows the trained weights on the run's own test set (the tutorial's student saw 88 %
 * become 14 % here), and says whose they are. */
static void
test_browsing_keeps_trained_model (Fixture *f, gconstpointer data)
{
  NeuronaPredictionGallery *gallery = gallery_of (f->window);
  NrWeights *trained_weights;
  guint n_images = 0, n_mistakes = 0, n_mistakes_after = 0;
  gboolean trained = FALSE;
  const char *whose;

  set_spin (ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0), 1);
  neurona_window_set_limits (f->window, 2000, 500);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "predictions");
  g_assert_true (ui_test_wait_until (gallery_ready, f->window, 20000));
  trained_weights = neurona_window_get_predictions_weights (f->window, &trained);
  g_assert_true (trained);
  g_assert_true (neurona_prediction_gallery_get_counts (gallery, &n_images, &n_mistakes));
  whose = neurona_prediction_gallery_get_whose (gallery);
  g_test_message ("%s", whose);
  g_assert_true (g_str_has_prefix (whose, "Predictions of run "));
  g_assert_true (g_str_has_suffix (whose, " · 128 relu · 1 epoch · epoch 1 of 1"));

  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "data");
  neurona_window_set_dataset_id (f->window, NR_DATASET_MNIST);
  g_assert_true (ui_test_wait_until (ui_test_dataset_loaded, f->window, 30000));
  ui_test_spin_for (500); /* the untrained preview would have come by now */
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "predictions");
  g_assert_true (ui_test_wait_until (gallery_ready, f->window, 20000));
  g_assert_true (neurona_window_get_predictions_weights (f->window, NULL) == trained_weights);
  g_assert_true (neurona_prediction_gallery_get_counts (gallery, NULL, &n_mistakes_after));
  g_assert_cmpuint (n_mistakes_after, ==, n_mistakes);
  g_assert_cmpstr (neurona_prediction_gallery_get_whose (gallery), ==, whose);
  save_screenshot (GTK_WIDGET (f->window), "window-predictions-after-browsing.png");
}

static void
test_presets (Fixture *f, gconstpointer data)
{
  NrTrainConfig config;

  g_assert_true (neurona_model_panel_apply_preset (f->panel, "mnist-quickstart"));
  neurona_model_panel_get_config (f->panel, &config);
  g_assert_cmpuint (neurona_window_get_dataset_id (f->window), ==, NR_DATASET_MNIST);
  g_assert_cmpfloat_with_epsilon (config.model.hidden[0].dropout, 0.2, 1e-6);
  g_assert_cmpuint (config.epochs, ==, 5);
  g_assert_cmpuint (neurona_model_panel_get_param_count (f->panel), ==, 101770);

  g_assert_true (neurona_model_panel_apply_preset (f->panel, "outputs-5"));
  g_assert_cmpuint (neurona_window_get_dataset_id (f->window), ==, NR_DATASET_FASHION_MNIST);
  g_assert_false (neurona_model_panel_get_valid (f->panel));

  g_assert_true (neurona_model_panel_apply_preset (f->panel, "epochs-15"));
  neurona_model_panel_get_config (f->panel, &config);
  g_assert_true (neurona_model_panel_get_valid (f->panel));
  g_assert_cmpuint (config.model.hidden[0].units, ==, 28);
  g_assert_cmpuint (config.model.outputs, ==, 15);
  g_assert_cmpuint (config.epochs, ==, 15);
  /* As the tutorial ran it: its first epoch's loss of 6.58 is that of unscaled pixels. */
  g_assert_false (config.normalize);

  /* The 28-unit run as the tutorial ran it (0.7230), unscaled; then the same, scaled. */
  g_assert_true (neurona_model_panel_apply_preset (f->panel, "units-28"));
  neurona_model_panel_get_config (f->panel, &config);
  g_assert_cmpuint (config.model.hidden[0].units, ==, 28);
  g_assert_cmpuint (config.model.outputs, ==, 10);
  g_assert_cmpuint (config.epochs, ==, 10);
  g_assert_false (config.normalize);
  g_assert_true (neurona_model_panel_apply_preset (f->panel, "units-28-scaled"));
  neurona_model_panel_get_config (f->panel, &config);
  g_assert_cmpuint (config.model.hidden[0].units, ==, 28);
  g_assert_true (config.normalize);
  g_assert_true (neurona_model_panel_apply_preset (f->panel, "fashion-128"));
  neurona_model_panel_get_config (f->panel, &config);
  g_assert_true (config.normalize);

  g_assert_true (neurona_model_panel_apply_preset (f->panel, "no-scaling"));
  neurona_model_panel_get_config (f->panel, &config);
  g_assert_false (config.normalize);
  g_assert_false (neurona_model_panel_apply_preset (f->panel, "no-such-preset"));
}

static void
test_optimizer_default_learning_rate (Fixture *f, gconstpointer data)
{
  GtkWidget *optimizer = ui_test_find_control (GTK_WIDGET (f->window), "Optimizer", 0);
  NrTrainConfig config;

  adw_combo_row_set_selected (ADW_COMBO_ROW (optimizer), NR_OPTIMIZER_SGD);
  neurona_model_panel_get_config (f->panel, &config);
  g_assert_cmpuint (config.optimizer.kind, ==, NR_OPTIMIZER_SGD);
  g_assert_cmpfloat_with_epsilon (config.optimizer.learning_rate, 0.01, 1e-9);
  adw_combo_row_set_selected (ADW_COMBO_ROW (optimizer), NR_OPTIMIZER_RMSPROP);
  neurona_model_panel_get_config (f->panel, &config);
  g_assert_cmpfloat_with_epsilon (config.optimizer.learning_rate, 0.001, 1e-9);
}

static void
test_zoom (Fixture *f, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (f->window);

  g_assert_true (gtk_widget_activate_action (window, "win.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (window, "win.zoom-in", NULL));
  g_assert_true (gtk_widget_has_css_class (window, "zoom-130"));
  save_screenshot (window, "window-zoom-130.png");
  g_assert_true (gtk_widget_activate_action (window, "win.zoom-reset", NULL));
  g_assert_false (gtk_widget_has_css_class (window, "zoom-130"));
}

/* The primary menu's dialogs open (their .ui files parse) and close again. */
static void
test_app_dialogs (Fixture *f, gconstpointer data)
{
  static const char *actions[] = { "shortcuts", "about" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();
      guint before = g_list_model_get_n_items (toplevels);
      GtkWindow *dialog = NULL;

      g_action_group_activate_action (G_ACTION_GROUP (f->app), actions[i], NULL);
      ui_test_spin_for (100);
      for (guint k = 0; k < g_list_model_get_n_items (toplevels); k++)
        {
          g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, k);
          if (w != GTK_WINDOW (f->window) && gtk_window_get_transient_for (w) == GTK_WINDOW (f->window))
            dialog = w;
        }
      g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);
      g_assert_nonnull (dialog);
      if (i == 0)
        {
          g_assert_true (GTK_IS_SHORTCUTS_WINDOW (dialog));
          save_screenshot (GTK_WIDGET (dialog), "shortcuts.png");
        }
      else
        {
          AdwAboutWindow *about = ADW_ABOUT_WINDOW (dialog);

          g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Neurona");
          g_assert_cmpstr (adw_about_window_get_version (about), !=, "");
          g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://github.com/neurona/neurona");
          g_assert_cmpstr (adw_about_window_get_issue_url (about), ==,
                           "https://github.com/neurona/neurona/issues");
          g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
          g_assert_nonnull (adw_about_window_get_developers (about));
          save_screenshot (GTK_WIDGET (dialog), "about.png");
        }
      gtk_window_destroy (dialog);
      ui_test_spin_for (20);
    }
}

/* The primary menu shows the zoom shortcuts as they are typed (Ctrl++, not the keypad's
 * "Ctrl+KP +" GTK would pick), and Ctrl+W closes the window, as in every GNOME app. */
static void
test_menu_accels (Fixture *f, gconstpointer data)
{
  static const struct { const char *action, *accel; } wanted[] = {
    { "win.zoom-in", "<Control>plus" },
    { "win.zoom-out", "<Control>minus" },
    { "win.zoom-reset", "<Control>0" },
    /* Saved Sweeps: the Sweeps page's Alt+7, not the keypad's (Spanish said "Alt+TN 7") */
    { "win.show-page", "<Alt>7" },
  };
  g_autoptr (GPtrArray) buttons = ui_test_find_all (GTK_WIDGET (f->window), GTK_TYPE_MENU_BUTTON);
  GMenuModel *menu = NULL;
  guint found = 0;
  g_auto (GStrv) close = NULL;

  for (guint i = 0; i < buttons->len && menu == NULL; i++)
    if (g_strcmp0 (gtk_menu_button_get_icon_name (buttons->pdata[i]), "open-menu-symbolic") == 0)
      menu = gtk_menu_button_get_menu_model (buttons->pdata[i]);
  g_assert_nonnull (menu);
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;
          g_autofree char *accel = NULL;

          g_menu_model_get_item_attribute (section, i, "action", "s", &action);
          g_menu_model_get_item_attribute (section, i, "accel", "s", &accel);
          for (guint w = 0; w < G_N_ELEMENTS (wanted); w++)
            if (g_strcmp0 (action, wanted[w].action) == 0)
              {
                g_assert_cmpstr (accel, ==, wanted[w].accel);
                found++;
              }
        }
    }
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (wanted));

  close = gtk_application_get_actions_for_accel (GTK_APPLICATION (f->app), "<Control>w");
  g_assert_true (g_strv_contains ((const char *const *) close, "window.close"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "window.close", NULL));
  ui_test_spin_for (50);
  g_assert_null (f->window); /* destroyed: the fixture's weak pointer is cleared */
}

/* Accessibility --------------------------------------------------------------------- */

/* A control that shows its own text is named by that text alone: GTK 4.8 would add the
 * mnemonic label child to the raw "_Train" ("_Train Train"). */
static void
assert_named_by_shown_text (GtkWidget *widget, const char *text)
{
  g_assert_nonnull (widget);
  ui_test_assert_accessible_label (widget, text);
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));
}

static void
test_accessible_names (Fixture *f, gconstpointer data)
{
  static const char *const buttons[] = {
    "Train", "Add layer", "Remove", "Fit", "Reset", "Previous", "Next",
    "Mistakes only", "Retry", "Pixel values", "All images",
  };
  GtkWidget *root = GTK_WIDGET (f->window);
  AdwViewStack *stack = neurona_window_get_stack (f->window);
  g_autoptr (GPtrArray) menu_buttons = ui_test_find_all (root, GTK_TYPE_MENU_BUTTON);
  g_autoptr (GPtrArray) expanders = ui_test_find_all (GTK_WIDGET (f->page), GTK_TYPE_EXPANDER);
  g_autoptr (GPtrArray) labels = ui_test_find_all (root, GTK_TYPE_LABEL);
  GtkWidget *main_menu = NULL;
  g_autofree char *wrong = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    assert_named_by_shown_text (ui_test_find_control (root, buttons[i], 0), buttons[i]);
  /* Stop twice: the train page's and the Curve fit page's. */
  assert_named_by_shown_text (ui_test_find_control (root, "Stop", 0), "Stop");
  assert_named_by_shown_text (ui_test_find_control (root, "Stop", 1), "Stop");

  /* The model panel's rows (Scale pixels' check box among their controls) are named by
   * their titles alone. */
  /* Dataset, Flatten, the hidden layer's three, Output size and the six of Training. */
  g_assert_cmpuint (ui_test_assert_rows_named_by_titles (GTK_WIDGET (f->panel)), ==, 12);

  /* Which layer Remove removes is its description (and tooltip), not its name. */
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (ui_test_find_control (root, "Remove", 0)),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                              "Remove hidden layer 1");
  g_assert_null (wrong);

  g_assert_cmpuint (expanders->len, ==, 1);
  ui_test_assert_accessible_label (expanders->pdata[0], "Epoch log");

  for (guint i = 0; i < menu_buttons->len; i++)
    if (g_strcmp0 (gtk_menu_button_get_icon_name (menu_buttons->pdata[i]), "open-menu-symbolic") == 0)
      main_menu = menu_buttons->pdata[i];
  g_assert_nonnull (main_menu);
  ui_test_assert_accessible_label (main_menu, "Main menu");
  /* The Data page's Grid… is named by the text it shows. */
  {
    GtkWidget *grid_button = NULL;

    for (guint i = 0; i < menu_buttons->len; i++)
      if (g_strcmp0 (gtk_menu_button_get_label (menu_buttons->pdata[i]), "G_rid…") == 0)
        grid_button = menu_buttons->pdata[i];
    g_assert_nonnull (grid_button);
    ui_test_assert_accessible_label (grid_button, "Grid…");
  }
  g_assert_cmpstr (gtk_widget_get_tooltip_text (main_menu), ==, "Main menu");

  /* Controls beside a mnemonic label are named by that label alone: a label property of
   * their own would be read as well ("Dataset Dataset"). */
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *control = gtk_label_get_mnemonic_widget (labels->pdata[i]);

      if (control == NULL || GTK_IS_BUTTON (control) || GTK_IS_CHECK_BUTTON (control)
          || GTK_IS_EXPANDER (control))
        continue;
      if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("the control labelled “%s” has a label property of its own",
                 gtk_label_get_text (labels->pdata[i]));
    }

  /* The page tabs read their titles; no underscore in them. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwViewStackPage *page = adw_view_stack_get_page (stack, child);

      g_assert_null (strchr (adw_view_stack_page_get_title (page), '_'));
      g_assert_false (adw_view_stack_page_get_use_underline (page));
    }
}

/* Alt+letter reaches one control per page: no two mnemonics of a page (the model panel and
 * the train page share one; the window's own, such as Retry, count on every page) share a
 * letter. Popovers have mnemonics of their own. */
static void
test_mnemonics_unique_per_page (Fixture *f, gconstpointer data)
{
  ui_test_assert_unique_mnemonics (f->window, 6);
}

/* win.show-page (Alt+1 … Alt+7) shows each page; the shortcuts window lists the keys. */
static void
test_page_shortcuts (Fixture *f, gconstpointer data)
{
  static const char *const pages[] = { "data", "training", "predictions", "understand", "fit",
                                       "runs", "sweeps" };
  AdwViewStack *stack = neurona_window_get_stack (f->window);
  g_autoptr (GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/neurona/Neurona/neurona-shortcuts.ui");
  GtkWidget *shortcuts = GTK_WIDGET (gtk_builder_get_object (builder, "shortcuts"));
  g_autoptr (GPtrArray) all = ui_test_find_all (shortcuts, GTK_TYPE_SHORTCUTS_SHORTCUT);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      char accel[16];
      gboolean listed = FALSE;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                                 pages[i]));
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, pages[i]);

      g_snprintf (accel, sizeof accel, "<Alt>%u", i + 1);
      for (guint k = 0; k < all->len; k++)
        {
          g_autofree char *value = NULL;

          g_object_get (all->pdata[k], "accelerator", &value, NULL);
          listed = listed || g_strcmp0 (value, accel) == 0;
        }
      if (!listed)
        g_error ("the shortcuts window does not list %s", accel);
    }
  gtk_window_destroy (GTK_WINDOW (shortcuts));
}

static void
expand_log (Fixture *f, GtkExpander *expander, gboolean expanded)
{
  gtk_expander_set_expanded (expander, expanded);
  for (guint i = 0; i < 3; i++)
    ui_test_wait_for_frame (GTK_WIDGET (f->window));
}

/* A run's Epoch log scrolls inside the page: opening it keeps the window's height; closed,
 * it lets Tab go on (GTK 4.8 kept the focus on a collapsed expander whose child could take
 * it). */
/* The unscaled runs' losses start in the hundreds: "Loss on a log scale" puts the loss
 * plot's y axis on a log scale, so that 300 and 0.3 both stay readable (0.3 × 300's
 * geometric mean, 9.5, halfway up). */
static void
test_loss_log_scale (Fixture *f, gconstpointer data)
{
  GtkWidget *check = ui_test_find_control (GTK_WIDGET (f->page), "Loss on a log scale", 0);
  NeuronaPlot *plot = neurona_train_page_get_loss_plot (f->page);
  graphene_rect_t area;
  double y_top, y_mid, y_bottom;
  gboolean y_log = TRUE;
  guint s;

  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  ui_test_assert_accessible_label (check, "Loss on a log scale");
  g_object_get (plot, "y-log", &y_log, NULL);
  g_assert_false (y_log);
  g_assert_true (gtk_widget_mnemonic_activate (check, FALSE));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_object_get (plot, "y-log", &y_log, NULL);
  g_assert_true (y_log);

  s = neurona_plot_add_series (plot, "probe", NULL, NEURONA_PLOT_LINE);
  neurona_plot_append (plot, s, 1, 300.0);
  neurona_plot_append (plot, s, 2, 0.3);
  ui_test_wait_for_frame (GTK_WIDGET (plot));
  g_assert_true (neurona_plot_get_plot_area (plot, &area));
  g_assert_true (neurona_plot_data_to_widget (plot, 1, 300.0, NULL, &y_top));
  g_assert_true (neurona_plot_data_to_widget (plot, 1, sqrt (300.0 * 0.3), NULL, &y_mid));
  g_assert_true (neurona_plot_data_to_widget (plot, 2, 0.3, NULL, &y_bottom));
  g_assert_cmpfloat (fabs (y_mid - (y_top + y_bottom) / 2), <, 2.0);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  g_object_get (plot, "y-log", &y_log, NULL);
  g_assert_false (y_log);
}

/* The Lessons panel (F9): the shipped lesson's steps; "Set up this step" puts the lab in
 * the step's state; the tutorial's number beside the student's once the step is trained;
 * a broken lesson file is named with its line and the lesson shown stays. */
static void
test_lessons (Fixture *f, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  NeuronaLessonPanel *panel = neurona_window_get_lesson_panel (f->window);
  AdwViewStack *stack = neurona_window_get_stack (f->window);
  const NrLesson *lesson;
  NrTrainConfig config;
  gboolean shown = TRUE;
  g_autofree char *dir = g_dir_make_tmp ("neurona-lesson-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "mine.json", NULL);

  g_object_get (window, "show-lessons", &shown, NULL);
  g_assert_false (shown);
  g_assert_true (gtk_widget_activate_action (window, "win.show-lessons", NULL));
  g_object_get (window, "show-lessons", &shown, NULL);
  g_assert_true (shown);
  {
    g_autoptr (GPtrArray) toggles = ui_test_find_all (window, GTK_TYPE_TOGGLE_BUTTON);
    GtkWidget *button = NULL;

    for (guint i = 0; i < toggles->len; i++)
      if (g_strcmp0 (gtk_actionable_get_action_name (toggles->pdata[i]), "win.show-lessons") == 0)
        button = toggles->pdata[i];
    g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
    ui_test_assert_accessible_label (button, "Lessons");
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  }

  lesson = neurona_lesson_panel_get_lesson (panel);
  g_assert_nonnull (lesson);
  g_assert_cmpstr (lesson->language, ==, "en");
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (panel), "Step 1 of 12"));

  /* Step 1: MNIST, the untrained model's outputs for training image 0, Dropout 0.2. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lesson.apply", NULL));
  g_assert_cmpuint (neurona_window_get_dataset_id (f->window), ==, NR_DATASET_MNIST);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "understand");
  {
    NeuronaUnderstandPage *page = NEURONA_UNDERSTAND_PAGE (adw_view_stack_get_child_by_name (stack, "understand"));
    NeuronaOutputsView *outputs =
      NEURONA_OUTPUTS_VIEW (neurona_understand_page_get_view (page, "outputs"));

    g_assert_cmpstr (neurona_understand_page_get_visible_view (page), ==, "outputs");
    g_assert_cmpuint (neurona_outputs_view_get_split (outputs), ==, 0);
    g_assert_cmpuint (neurona_outputs_view_get_index (outputs), ==, 0);
  }
  neurona_model_panel_get_config (f->panel, &config);
  g_assert_cmpfloat (config.model.hidden[0].dropout, ==, 0.2f);
  g_assert_cmpuint (config.epochs, ==, 5);

  /* Step 2: Fashion-MNIST's training image 0 in viridis; step 4: 25 images in a 2 × 5
   * grid, the tutorial's error explained. */
  {
    NeuronaDatasetBrowser *browser = neurona_window_get_browser (f->window);
    guint rows = 0, columns = 0;

    neurona_lesson_panel_set_step (panel, 1);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lesson.apply", NULL));
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "data");
    g_assert_cmpuint (neurona_window_get_dataset_id (f->window), ==, NR_DATASET_FASHION_MNIST);
    g_assert_false (neurona_dataset_browser_get_split (browser));
    g_assert_cmpint (neurona_dataset_browser_get_colormap (browser), ==, NR_COLORMAP_VIRIDIS);
    neurona_lesson_panel_set_step (panel, 3);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lesson.apply", NULL));
    neurona_dataset_browser_get_grid (browser, &rows, &columns);
    g_assert_cmpuint (rows, ==, 2);
    g_assert_cmpuint (columns, ==, 5);
    g_assert_cmpuint (neurona_dataset_browser_get_images (browser), ==, 25);
    g_assert_nonnull (strstr (neurona_dataset_browser_get_figure_message (browser),
                              "A 2 × 5 grid has 10 places, not enough for 25 images"));
    neurona_lesson_panel_set_step (panel, 0);
  }

  /* Step 5: 128 units, 10 epochs, on the Model & Training page. */
  for (guint i = 0; i < 4; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lesson.next", NULL));
  g_assert_cmpuint (neurona_lesson_panel_get_step (panel), ==, 4);
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (panel), "Step 5 of 12"));
  g_assert_cmpstr (neurona_lesson_panel_get_numbers_text (panel), ==,
                   "Tutorial: 0.8798 · you: not trained yet");
  adw_view_stack_set_visible_child_name (stack, "data");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lesson.apply", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "training");
  neurona_model_panel_get_config (f->panel, &config);
  g_assert_cmpuint (config.model.hidden[0].units, ==, 128);
  g_assert_cmpuint (config.epochs, ==, 10);
  g_assert_true (config.normalize);

  /* Trained as the step says: the student's number beside the tutorial's. */
  g_assert_true (ui_test_wait_until (ui_test_dataset_loaded, f->window, 30000));
  g_assert_true (gtk_widget_activate_action (window, "win.train", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));
  ui_test_spin_for (300);
  {
    NeuronaRunItem *item = neurona_session_get_current (neurona_window_get_session (f->window));
    g_autofree char *want = NULL;

    g_assert_nonnull (item);
    want = g_strdup_printf ("Tutorial: 0.8798 · you: %.4f",
                            neurona_run_item_get_test_accuracy (item));
    g_assert_cmpstr (neurona_lesson_panel_get_numbers_text (panel), ==, want);
  }

  /* Step 12: the cubic, on the Curve fit page. */
  neurona_lesson_panel_set_step (panel, 11);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lesson.apply", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "fit");

  /* A teacher's file with a mistake: named with its line; the lesson stays. */
  g_assert_true (g_file_set_contents (bad, "{\n  \"neurona_lesson\": 1,\n  \"title\": 3\n}\n",
                                      -1, NULL));
  g_assert_false (neurona_lesson_panel_open (panel, bad, NULL));
  g_assert_nonnull (strstr (neurona_lesson_panel_get_error_text (panel),
                            "mine.json:3: “title” must be a text in quotes"));
  g_assert_true (neurona_lesson_panel_get_lesson (panel) == lesson);
  g_assert_cmpuint (neurona_lesson_panel_get_step (panel), ==, 11);
  g_unlink (bad);
  g_rmdir (dir);

  /* F9 again hides it. */
  g_assert_true (gtk_widget_activate_action (window, "win.show-lessons", NULL));
  g_object_get (window, "show-lessons", &shown, NULL);
  g_assert_false (shown);
}

static gboolean
window_gone (gpointer data)
{
  return *(NeuronaWindow **) data == NULL;
}

/* What the lab remembers: closed and opened again, the window comes back with its size,
 * zoom, page, dataset, Model & Training settings and lesson step. */
static void
test_settings_survive_restart (Fixture *f, gconstpointer data)
{
  NeuronaWindow *second = NULL;
  NrTrainConfig config;
  int closed_width, closed_height;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-in", NULL));
  neurona_window_set_dataset_id (f->window, NR_DATASET_MNIST);
  neurona_model_panel_get_config (f->panel, &config);
  config.model.n_hidden = 2;
  config.model.hidden[0].units = 64;
  config.model.hidden[1].units = 32;
  config.model.hidden[1].activation = NR_ACTIVATION_TANH;
  config.model.hidden[1].dropout = 0.25f;
  config.epochs = 3;
  config.normalize = FALSE;
  config.optimizer.learning_rate = 0.005f;
  g_assert_true (neurona_model_panel_set_config (f->panel, &config, NR_DATASET_MNIST));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-lessons", NULL));
  neurona_lesson_panel_set_step (neurona_window_get_lesson_panel (f->window), 4);
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "runs");
  neurona_dataset_browser_set_colormap (neurona_window_get_browser (f->window), NR_COLORMAP_BLUES);

  /* Closed as a user closes it (the close button, Ctrl+W), at the size it has then (at
   * least its minimum at this zoom). */
  ui_test_spin_for (200);
  gtk_window_get_default_size (GTK_WINDOW (f->window), &closed_width, &closed_height);
  g_assert_cmpint (closed_width, >=, 1000);
  g_assert_cmpint (closed_height, >=, 700);
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_true (ui_test_wait_until (window_gone, &f->window, 5000));

  second = neurona_window_new (f->app);
  g_object_add_weak_pointer (G_OBJECT (second), (gpointer *) &second);
  gtk_window_present (GTK_WINDOW (second));
  ui_test_wait_mapped (GTK_WIDGET (second));
  {
    int width, height;
    gboolean lessons;
    NrTrainConfig restored;
    NeuronaModelPanel *panel = neurona_window_get_model_panel (second);

    gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
    /* The size it had (or its minimum at this zoom, when larger). */
    {
      g_autoptr (GSettings) settings = neurona_settings_new ();

      g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, closed_width);
      g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, closed_height);
    }
    g_assert_cmpint (width, >=, closed_width);
    g_assert_cmpint (height, >=, closed_height);
    g_assert_cmpint (width, <, closed_width + 200);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (second), "zoom-130"));
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (neurona_window_get_stack (second)), ==,
                     "runs");
    g_assert_cmpuint (neurona_window_get_dataset_id (second), ==, NR_DATASET_MNIST);
    g_assert_cmpint (neurona_dataset_browser_get_colormap (neurona_window_get_browser (second)), ==,
                     NR_COLORMAP_BLUES);
    neurona_model_panel_get_config (panel, &restored);
    restored.n_threads = config.n_threads;
    restored.train_limit = config.train_limit;
    restored.test_limit = config.test_limit;
    g_assert_true (nr_sweep_config_equal (&restored, &config));
    g_object_get (second, "show-lessons", &lessons, NULL);
    g_assert_true (lessons);
    g_assert_cmpuint (neurona_lesson_panel_get_step (neurona_window_get_lesson_panel (second)), ==,
                      4);
  }
  gtk_window_destroy (GTK_WINDOW (second));
  ui_test_spin_for (20);
  g_assert_null (second);
}

static void
test_epoch_log (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) expanders = ui_test_find_all (GTK_WIDGET (f->page), GTK_TYPE_EXPANDER);
  GtkExpander *expander;
  GtkLabel *log;
  int height;

  set_spin (ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0), 12);
  neurona_window_set_limits (f->window, 500, 200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));
  g_assert_cmpuint (expanders->len, ==, 1);
  expander = expanders->pdata[0];
  /* The log, hidden while the expander is closed: one line per epoch. */
  {
    g_autoptr (GPtrArray) labels = ui_test_find_all (gtk_expander_get_child (expander),
                                                     GTK_TYPE_LABEL);

    g_assert_cmpuint (labels->len, ==, 1);
    log = labels->pdata[0];
    g_assert_false (gtk_widget_is_visible (GTK_WIDGET (log)));
    g_assert_true (g_str_has_prefix (gtk_label_get_text (log), "Epoch 1/12: "));
    g_assert_nonnull (strstr (gtk_label_get_text (log), "\nEpoch 12/12: "));
  }
  ui_test_wait_for_frame (GTK_WIDGET (f->window));
  height = gtk_widget_get_height (GTK_WIDGET (f->window));
  expand_log (f, expander, TRUE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (log)));
  g_test_message ("window height %d px with the log closed, %d px open", height,
                  gtk_widget_get_height (GTK_WIDGET (f->window)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), ==, height);
  save_screenshot (GTK_WIDGET (f->window), "window-epoch-log.png");

  /* Open, Tab goes from the expander into the log; closed, past it. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (expander)));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (expander), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (log)));
  expand_log (f, expander, FALSE);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (expander)));
  g_assert_false (gtk_widget_child_focus (GTK_WIDGET (expander), GTK_DIR_TAB_FORWARD));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), ==, height);
}

/* Settings refused after a run: the status line, which told the run's outcome, says why
 * Train is off; fixed, that it is ready again. */
static void
test_refused_after_run (Fixture *f, gconstpointer data)
{
  GtkWidget *outputs = ui_test_find_control (GTK_WIDGET (f->window), "Output size", 0);

  set_spin (ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0), 1);
  neurona_window_set_limits (f->window, 500, 200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));
  g_assert_true (g_str_has_prefix (neurona_train_page_get_status_text (f->page), "Test accuracy: "));

  set_spin (outputs, 5);
  g_assert_false (action_enabled (GTK_WIDGET (f->window), "win.train"));
  g_assert_true (g_str_has_prefix (neurona_train_page_get_status_text (f->page),
                                   "Train is off until the settings are fixed: label value 9"));
  /* The run's progress line stays. */
  g_assert_nonnull (ui_test_find_text_containing (GTK_WIDGET (f->page), "Epoch 1/1"));
  save_screenshot (GTK_WIDGET (f->window), "window-refused-after-run.png");

  set_spin (outputs, 10);
  g_assert_true (action_enabled (GTK_WIDGET (f->window), "win.train"));
  g_assert_true (g_str_has_prefix (neurona_train_page_get_status_text (f->page), "Ready to train"));
}

static gboolean
has_test_points (gpointer data)
{
  NeuronaTrainPage *page = neurona_window_get_train_page (data);

  return neurona_plot_get_n_points (neurona_train_page_get_loss_plot (page),
                                    NEURONA_TRAIN_SERIES_TEST) >= 2;
}

/* Stopped mid-epoch: the progress line keeps the unfinished epoch's running figures apart
 * from the last test accuracy, and the plots' x axis spans the epochs run, not the 200
 * planned. */
static void
test_stopped_run (Fixture *f, gconstpointer data)
{
  NeuronaPlot *loss = neurona_train_page_get_loss_plot (f->page);
  const NrTrainResult *result;
  GtkWidget *line;
  double x_min, x_max;

  set_spin (ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0), 200);
  set_spin (ui_test_find_control (GTK_WIDGET (f->window), "Batch size", 0), 1);
  neurona_window_set_limits (f->window, 6000, 200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (has_test_points, f->window, 60000));
  neurona_plot_get_displayed_x_range (loss, &x_min, &x_max);
  g_assert_cmpfloat (x_max, >=, 200.0);
  ui_test_spin_for (60); /* into the next epoch (6,000 steps of batch 1) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.stop", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 5000));

  result = neurona_run_get_result (neurona_train_page_get_run (f->page));
  g_assert_cmpint (result->status, ==, NR_TRAIN_CANCELLED);
  g_assert_cmpuint (result->epochs_completed, >=, 2);
  line = ui_test_find_text_containing (GTK_WIDGET (f->page), "Stopped in epoch");
  neurona_plot_get_displayed_x_range (loss, &x_min, &x_max);
  g_test_message ("x axis %g … %g", x_min, x_max);
  g_assert_cmpfloat (x_min, ==, 0.0);
  if (line != NULL)
    {
      g_autofree char *head = g_strdup_printf ("Stopped in epoch %u (step ",
                                               result->epochs_completed + 1);
      g_autofree char *tail = g_strdup_printf ("(last test accuracy %.4f after epoch %u)",
                                               result->test_accuracy, result->epochs_completed);

      g_test_message ("progress line: %s", ui_test_text_of (line));
      g_assert_true (g_str_has_prefix (ui_test_text_of (line), head));
      g_assert_true (g_str_has_suffix (ui_test_text_of (line), tail));
      g_assert_cmpfloat (x_max, ==, result->epochs_completed + 1);
    }
  else
    {
      /* Stopped before a step of the next epoch was shown: the line is the last epoch's
       * end, its own test figures included. */
      g_autofree char *epoch = g_strdup_printf ("Epoch %u/200", result->epochs_completed);
      g_autofree char *test = g_strdup_printf ("test accuracy: %.4f", result->test_accuracy);

      g_test_message ("stopped between epochs");
      g_assert_nonnull (ui_test_find_text_containing (GTK_WIDGET (f->page), epoch));
      g_assert_nonnull (ui_test_find_text_containing (GTK_WIDGET (f->page), test));
      g_assert_cmpfloat (x_max, ==, result->epochs_completed);
    }
  save_screenshot (GTK_WIDGET (f->window), "window-stopped.png");
}

/* At 1024 × 768 the Model & Training page still shows Train, the progress line and both
 * plots; the settings column scrolls. */
static void
test_small_screen (Fixture *f, gconstpointer data)
{
  NeuronaPlot *accuracy = neurona_train_page_get_accuracy_plot (f->page);
  graphene_rect_t bounds;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 768);
  for (gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
       gtk_widget_get_width (GTK_WIDGET (f->window)) > 1024 && g_get_monotonic_time () < end;)
    ui_test_spin_for (10);
  /* The default size counts the client-side frame too. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 1024);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, 768);
  save_screenshot (GTK_WIDGET (f->window), "window-1024x768.png");
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (accuracy), GTK_WIDGET (f->window), &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (f->window)));
  g_assert_cmpfloat (bounds.size.height, >=, 150);
  g_assert_cmpfloat (bounds.size.width, >=, 400);
}

static gboolean
switcher_bar_is (gpointer data)
{
  gpointer *args = data;

  return adw_view_switcher_bar_get_reveal (args[0]) == GPOINTER_TO_INT (args[1]);
}

/* The page switcher sits in the header while the window is wide enough for its seven
 * titles, and moves to a bar at the bottom when it is not; either way it shows the same
 * pages, each tab named by its title, and a tab shows its page. */
static void
test_switcher_moves (Fixture *f, gconstpointer data)
{
  AdwViewStack *stack = neurona_window_get_stack (f->window);
  g_autoptr (GPtrArray) bars = ui_test_find_all (GTK_WIDGET (f->window), ADW_TYPE_VIEW_SWITCHER_BAR);
  g_autoptr (GPtrArray) titles = ui_test_find_all (GTK_WIDGET (f->window),
                                                   ADW_TYPE_VIEW_SWITCHER_TITLE);
  g_autoptr (GPtrArray) switchers = NULL;
  AdwViewSwitcherBar *bar;
  AdwViewSwitcherTitle *title;
  gpointer args[2];
  graphene_rect_t bounds;

  g_assert_cmpuint (bars->len, ==, 1);
  g_assert_cmpuint (titles->len, ==, 1);
  bar = bars->pdata[0];
  title = titles->pdata[0];
  g_assert_true (adw_view_switcher_bar_get_stack (bar) == stack);
  g_assert_true (adw_view_switcher_title_get_stack (title) == stack);

  /* Wide: in the header, no bar. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1270, 790);
  args[0] = bar;
  args[1] = GINT_TO_POINTER (FALSE);
  g_assert_true (ui_test_wait_until (switcher_bar_is, args, 3000));
  g_assert_false (adw_view_switcher_title_get_title_visible (title));

  /* Narrow: the header shows the window's title and the bar the switcher, at the bottom. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 700, 700);
  args[1] = GINT_TO_POINTER (TRUE);
  g_assert_true (ui_test_wait_until (switcher_bar_is, args, 3000));
  g_assert_true (adw_view_switcher_title_get_title_visible (title));
  ui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (bar), GTK_WIDGET (f->window), &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, >=,
                     gtk_widget_get_height (GTK_WIDGET (f->window)) - 20);
  save_screenshot (GTK_WIDGET (f->window), "window-narrow-switcher-bar.png");

  /* Its seven tabs are the pages, by their titles, and one shows its page. */
  switchers = ui_test_find_all (GTK_WIDGET (bar), ADW_TYPE_VIEW_SWITCHER);
  g_assert_cmpuint (switchers->len, ==, 1);
  {
    g_autoptr (GPtrArray) buttons = ui_test_find_all (switchers->pdata[0], GTK_TYPE_TOGGLE_BUTTON);
    GtkWidget *runs = NULL;

    g_assert_cmpuint (buttons->len, ==, 7);
    for (guint i = 0; i < buttons->len; i++)
      {
        g_autofree char *label = NULL;

        g_object_get (buttons->pdata[i], "label", &label, NULL);
        if (g_strcmp0 (label, "Runs") == 0)
          runs = buttons->pdata[i];
      }
    g_assert_nonnull (runs);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (runs), TRUE);
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "runs");
  }
}

/* The Data page's figure at 1024 × 768: the tutorial's 5 × 5 of the first 25 images, then
 * its 2 × 5 with the message in place of matplotlib's ValueError; the window keeps its
 * size. */
static void
test_data_figure (Fixture *f, gconstpointer data)
{
  AdwViewStack *stack = neurona_window_get_stack (f->window);
  GtkWidget *page = adw_view_stack_get_child_by_name (stack, "data");
  g_autoptr (GPtrArray) browsers = ui_test_find_all (page, NEURONA_TYPE_DATASET_BROWSER);
  NeuronaDatasetBrowser *browser;
  GtkLabel *message;

  g_assert_cmpuint (browsers->len, ==, 1);
  browser = browsers->pdata[0];
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 768);
  adw_view_stack_set_visible_child (stack, page);
  /* The smallest thumbnails: the whole figure at once, as plt.show() shows it. */
  g_object_set (browser, "thumbnail-size", 28, NULL);
  neurona_dataset_browser_set_images (browser, 25);
  neurona_dataset_browser_set_grid (browser, 5, 5);
  ui_test_wait_mapped (page);
  g_assert_nonnull (ui_test_find_visible_label (page, "First 25 of 6,000 images, 28 × 28"));
  g_assert_null (neurona_dataset_browser_get_figure_message (browser));
  save_screenshot (GTK_WIDGET (f->window), "window-data-figure-5x5-1024x768.png");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 1024);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, 768);

  g_object_set (browser, "thumbnail-size", 56, NULL);
  neurona_dataset_browser_set_grid (browser, 2, 5);
  message = ui_test_find_label_containing (page, "A 2 × 5 grid has 10 places, not enough for "
                                                 "25 images");
  g_assert_nonnull (message);
  ui_test_wait_for_frame (GTK_WIDGET (message));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (message)));
  g_assert_nonnull (ui_test_find_visible_label (page, "First 10 of 6,000 images, 28 × 28"));
  /* The popover's spins carry the message for a screen reader, and drop it once it goes. */
  {
    GtkWidget *rows = ui_test_find_control (page, "Rows", 0);
    g_autofree char *wrong = NULL;

    g_assert_true (GTK_IS_SPIN_BUTTON (rows));
    wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (rows),
                                                GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                gtk_label_get_text (message));
    g_assert_null (wrong);
    neurona_dataset_browser_set_grid (browser, 5, 0);
    g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (rows),
                                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
    neurona_dataset_browser_set_grid (browser, 2, 0);
  }
  save_screenshot (GTK_WIDGET (f->window), "window-data-figure-2x5-1024x768.png");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 1024);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, 768);
}

/* The window follows the desktop's dark style (org.gnome.desktop.interface color-scheme,
 * read by AdwStyleManager: main() turns the settings portal off, so the test's memory
 * GSettings backend is the desktop), also when it changes while the window is open. */
static void
test_dark_style (Fixture *f, gconstpointer data)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettings) settings = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  gboolean dark = FALSE;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "color-scheme"))
    {
      g_test_skip ("org.gnome.desktop.interface color-scheme is not installed");
      return;
    }

  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_true (adw_style_manager_get_system_supports_color_schemes (style));
  settings = g_settings_new ("org.gnome.desktop.interface");
  g_settings_set_string (settings, "color-scheme", "prefer-dark");
  ui_test_spin_for (50);
  g_assert_true (adw_style_manager_get_dark (style));
  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_true (dark);
  save_screenshot (GTK_WIDGET (f->window), "window-dark.png");

  g_settings_set_string (settings, "color-scheme", "default");
  ui_test_spin_for (50);
  g_assert_false (adw_style_manager_get_dark (style));
  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_false (dark);
}

/* High contrast (org.gnome.desktop.a11y.interface high-contrast) reaches the window too. */
static void
test_high_contrast (Fixture *f, gconstpointer data)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettings) settings = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.a11y.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "high-contrast"))
    {
      g_test_skip ("org.gnome.desktop.a11y.interface high-contrast is not installed");
      return;
    }

  settings = g_settings_new ("org.gnome.desktop.a11y.interface");
  g_assert_false (adw_style_manager_get_high_contrast (style));
  g_settings_set_boolean (settings, "high-contrast", TRUE);
  ui_test_spin_for (50);
  g_assert_true (adw_style_manager_get_high_contrast (style));
  save_screenshot (GTK_WIDGET (f->window), "window-high-contrast.png");
  g_settings_set_boolean (settings, "high-contrast", FALSE);
  ui_test_spin_for (50);
  g_assert_false (adw_style_manager_get_high_contrast (style));
}

/* A folder with no dataset in it: the error shows inline, Train stays off, and the
 * settings are kept. */
static void
test_load_error (void)
{
  g_autoptr (NeuronaApplication) app = neurona_application_new ();
  g_autofree char *saved = g_strdup (g_getenv ("NEURONA_DATA_DIR"));
  g_autofree char *empty = g_dir_make_tmp ("neurona-empty-XXXXXX", NULL);
  NeuronaWindow *window;
  GtkLabel *message;

  g_setenv ("NEURONA_DATA_DIR", empty, TRUE);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = neurona_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (window), "training");
  gtk_window_present (GTK_WINDOW (window));
  set_spin (ui_test_find_control (GTK_WIDGET (window), "Hidden units", 0), 64);

  ui_test_wait_mapped (GTK_WIDGET (window));
  for (gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       ui_test_find_label_containing (GTK_WIDGET (window), "Could not load") == NULL
       && g_get_monotonic_time () < end;)
    ui_test_spin_for (10);
  message = ui_test_find_label_containing (GTK_WIDGET (window), "Could not load Fashion-MNIST");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (gtk_label_get_text (message), empty));
  g_assert_null (neurona_window_get_dataset (window));
  g_assert_false (action_enabled (GTK_WIDGET (window), "win.train"));
  g_assert_cmpuint (neurona_model_panel_get_param_count (neurona_window_get_model_panel (window)),
                    ==, 784 * 64 + 64 + 64 * 10 + 10);
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (window), "No data to train on"));
  ui_test_spin_for (400); /* the message slides in */
  save_screenshot (GTK_WIDGET (window), "window-load-error.png");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin_for (20);
  g_assert_null (window);
  g_setenv ("NEURONA_DATA_DIR", saved, TRUE);
  g_rmdir (empty);
}

/* Without a session bus GtkApplication warns once; that is the test machine, not us. */
static gboolean
ignore_bus_warning (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  return strstr (message, "session bus") == NULL;
}

int
main (int argc, char **argv)
{
  g_autofree char *subset = NULL;

  /* Settings changed by the tests stay in this process. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* AdwStyleManager asks the settings portal first and reads GSettings only when none
   * answers; the desktop of these tests is the memory backend above. */
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  /* GTK_A11Y=none (tests/meson.build) gives widgets no accessible context at all; the test
   * backend keeps the accessible properties in the process, off any bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  g_test_log_set_fatal_handler (ignore_bus_warning, NULL);

  /* The committed subset, whatever else this machine has. */
  subset = g_build_filename (nr_project_data_dir (), "subset", NULL);
  g_setenv ("NEURONA_DATA_DIR", subset, TRUE);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ui/window/builds-all-pages", test_builds_all_pages);
  ADD ("/ui/window/loss-log-scale", test_loss_log_scale);
  ADD ("/ui/window/lessons", test_lessons);
  ADD ("/ui/window/settings-survive-restart", test_settings_survive_restart);
  ADD ("/ui/window/labels-name-controls", test_labels_name_controls);
  ADD ("/ui/window/defaults-are-the-tutorial-model", test_defaults_are_the_tutorial_model);
  ADD ("/ui/window/hidden-units-update-count", test_hidden_units_update_count);
  ADD ("/ui/window/add-remove-layer", test_add_remove_layer);
  ADD ("/ui/window/output-size-refused", test_output_size_refused);
  ADD ("/ui/window/untrained-predictions", test_untrained_predictions);
  ADD ("/ui/window/gallery-png", test_gallery_png);
  ADD ("/ui/window/train-one-epoch", test_train_one_epoch);
  ADD ("/ui/window/train-uses-typed-value", test_train_uses_typed_value);
  ADD ("/ui/window/ctrl-return-on-fit-page", test_ctrl_return_on_fit_page);
  ADD ("/ui/window/predictions-during-run", test_predictions_during_run);
  ADD ("/ui/window/diverged-run", test_diverged_run);
  ADD ("/ui/window/stop-interrupts", test_stop_interrupts);
  ADD ("/ui/window/close-while-training", test_close_while_training);
  ADD ("/ui/window/dataset-switch", test_dataset_switch);
  ADD ("/ui/window/dataset-switch-keeps-run", test_dataset_switch_keeps_run);
  ADD ("/ui/window/browsing-keeps-trained-model", test_browsing_keeps_trained_model);
  ADD ("/ui/window/at-chance-run", test_at_chance_run);
  ADD ("/ui/window/presets", test_presets);
  ADD ("/ui/window/optimizer-default-learning-rate", test_optimizer_default_learning_rate);
  ADD ("/ui/window/zoom", test_zoom);
  ADD ("/ui/window/dark-style", test_dark_style);
  ADD ("/ui/window/high-contrast", test_high_contrast);
  ADD ("/ui/window/app-dialogs", test_app_dialogs);
  ADD ("/ui/window/menu-accels", test_menu_accels);
  ADD ("/ui/window/small-screen", test_small_screen);
  ADD ("/ui/window/switcher-moves-when-narrow", test_switcher_moves);
  ADD ("/ui/window/data-figure", test_data_figure);
  ADD ("/ui/window/accessible-names", test_accessible_names);
  ADD ("/ui/window/mnemonics-unique-per-page", test_mnemonics_unique_per_page);
  ADD ("/ui/window/page-shortcuts", test_page_shortcuts);
  ADD ("/ui/window/epoch-log", test_epoch_log);
  ADD ("/ui/window/refused-after-run", test_refused_after_run);
  ADD ("/ui/window/stopped-run", test_stopped_run);
#undef ADD
  g_test_add_func ("/ui/window/load-error", test_load_error);

  return g_test_run ();
}
