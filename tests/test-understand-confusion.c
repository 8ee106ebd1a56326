/* test-understand-confusion.c — the Understand page's "Confusion matrix" and "Per-class
 * accuracy" views on a real small model of the committed subset: their numbers are the
 * core's, a cell opens exactly its images on the Predictions page (by click and by
 * keyboard), the toggles change what is shown, the diagonal is drawn differently, and
 * the views follow a run epoch by epoch.
 *
 * Runs under Xvfb with GSK_RENDERER=cairo; runs are kept short with
 * neurona_window_set_limits().
 */
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona-application.h"
#include "neurona-class-bars.h"
#include "neurona-confusion-matrix.h"
#include "neurona-confusion-view.h"
#include "neurona-per-class-view.h"
#include "neurona-prediction-gallery.h"
#include "neurona-understand-page.h"
#include "neurona-window.h"
#include "ui-test-util.h"

typedef struct
{
  NeuronaApplication *app;
  NeuronaWindow *window;
  NeuronaSession *session;
  NeuronaUnderstandPage *page;
  NeuronaConfusionView *view;
  NeuronaConfusionMatrix *matrix;
  NeuronaPredictionGallery *gallery;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) galleries = NULL;

  ui_test_open_window (&f->app, &f->window, "understand");
  f->session = neurona_window_get_session (f->window);
  f->page = NEURONA_UNDERSTAND_PAGE (
      adw_view_stack_get_child_by_name (neurona_window_get_stack (f->window), "understand"));
  g_assert_true (neurona_understand_page_show_view (f->page, "confusion"));
  f->view = NEURONA_CONFUSION_VIEW (neurona_understand_page_get_view (f->page, "confusion"));
  f->matrix = neurona_confusion_view_get_matrix (f->view);
  galleries = ui_test_find_all (GTK_WIDGET (f->window), NEURONA_TYPE_PREDICTION_GALLERY);
  g_assert_cmpuint (galleries->len, ==, 1);
  f->gallery = galleries->pdata[0];
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ui_test_close_window (&f->window, &f->app);
}

/* Helpers ------------------------------------------------------------------------- */

static gboolean
not_training (gpointer data)
{
  return !neurona_window_get_training (data);
}

static gboolean
matrix_shown (gpointer data)
{
  Fixture *f = data;

  return neurona_confusion_matrix_get_confusion (f->matrix) != NULL
         && gtk_widget_get_mapped (GTK_WIDGET (f->matrix));
}

static gboolean
gallery_ready (gpointer data)
{
  NeuronaPredictionGallery *gallery = data;

  return !neurona_prediction_gallery_is_busy (gallery)
         && neurona_prediction_gallery_get_counts (gallery, NULL, NULL);
}

/* The core's matrix for the session's current weights on its dataset's test images. */
static NrConfusion *
core_confusion (Fixture *f)
{
  gboolean normalize;
  NrDatasetId id;
  NrWeights *weights = neurona_session_get_current_weights (f->session, &normalize, &id);
  NrDataset *dataset = neurona_session_get_dataset (f->session, id);
  GError *error = NULL;
  NrConfusion *c;

  g_assert_nonnull (weights);
  g_assert_nonnull (dataset);
  c = nr_confusion_new_from_model (nr_weights_get_model (weights), dataset->test, normalize,
                                   nr_dataset_info (id)->n_classes, &error);
  g_assert_no_error (error);
  return c;
}

static void
assert_same_matrix (NrConfusion *a, NrConfusion *b)
{
  g_assert_cmpuint (nr_confusion_get_n_classes (a), ==, nr_confusion_get_n_classes (b));
  g_assert_cmpuint (nr_confusion_get_outputs (a), ==, nr_confusion_get_outputs (b));
  g_assert_cmpuint (nr_confusion_get_total (a), ==, nr_confusion_get_total (b));
  for (guint t = 0; t < nr_confusion_get_n_classes (a); t++)
    for (guint p = 0; p < nr_confusion_get_outputs (a); p++)
      g_assert_cmpuint (nr_confusion_get_count (a, t, p), ==, nr_confusion_get_count (b, t, p));
}

/* Trains epochs epochs on the first 3,000 training images and all 1,000 test images. */
static void
train (Fixture *f, guint epochs)
{
  GtkWidget *spin = ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0);

  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), epochs);
  neurona_window_set_limits (f->window, 3000, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 120000));
}

/* The off-diagonal cell with the most images. */
static void
largest_confusion (NrConfusion *c, guint *t_out, guint *p_out)
{
  guint best = 0;

  for (guint t = 0; t < nr_confusion_get_n_classes (c); t++)
    for (guint p = 0; p < nr_confusion_get_outputs (c); p++)
      if (t != p && nr_confusion_get_count (c, t, p) > best)
        {
          best = nr_confusion_get_count (c, t, p);
          *t_out = t;
          *p_out = p;
        }
  g_assert_cmpuint (best, >, 0);
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
    }
  g_assert_not_reached ();
  return NULL;
}

static gboolean
press_key (GtkWidget *widget, guint keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_KEY), "key-pressed",
                         keyval, 0, (GdkModifierType) 0, &handled);
  return handled;
}

/* The gallery shows exactly the cell's images of the core's matrix, under its heading. */
static void
assert_gallery_shows_cell (Fixture *f, NrConfusion *c, guint t, guint p)
{
  const NrDatasetInfo *info = nr_dataset_info (NR_DATASET_FASHION_MNIST);
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *predicted = NULL;
  const guint *shown, *want;
  guint n_shown = 0, n_want = 0, gt = 99, gp = 99;

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (neurona_window_get_stack (f->window)), ==,
                   "predictions");
  g_assert_true (ui_test_wait_until (gallery_ready, f->gallery, 30000));
  g_assert_true (neurona_prediction_gallery_get_cell (f->gallery, &gt, &gp));
  g_assert_cmpuint (gt, ==, t);
  g_assert_cmpuint (gp, ==, p);
  shown = neurona_prediction_gallery_get_shown (f->gallery, &n_shown);
  want = nr_confusion_get_cell_indices (c, t, p, &n_want);
  g_assert_cmpuint (n_shown, ==, n_want);
  g_assert_cmpuint (n_shown, ==, nr_confusion_get_count (c, t, p));
  if (n_want > 0)
    g_assert_cmpmem (shown, n_shown * sizeof (guint), want, n_want * sizeof (guint));
  predicted = p < info->n_classes ? g_strdup (info->class_names[p])
                                  : g_strdup_printf ("output %u", p);

  count = nr_format_count (n_want);
  heading = g_strdup_printf ("True %s, predicted %s: %s %s", info->class_names[t], predicted,
                             count, n_want == 1 ? "image" : "images");
  g_assert_cmpstr (neurona_prediction_gallery_get_cell_heading (f->gallery), ==, heading);
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->gallery), heading));
}

/* Tests --------------------------------------------------------------------------- */

/* Before any run: the untrained model's matrix, computed on request, is the core's. */
static void
test_untrained_matrix (Fixture *f, gconstpointer data)
{
  g_autoptr (NrConfusion) want = NULL;
  NrConfusion *shown;

  g_assert_true (ui_test_wait_until (matrix_shown, f, 30000));
  shown = neurona_confusion_matrix_get_confusion (f->matrix);
  want = core_confusion (f);
  assert_same_matrix (shown, want);
  g_assert_cmpuint (nr_confusion_get_total (shown), ==, 1000);
  ui_test_assert_accessible_label (GTK_WIDGET (f->matrix), "Confusion matrix");
  ui_test_assert_accessible_label (GTK_WIDGET (f->view), "Confusion matrix");
  g_assert_true (g_str_has_prefix (neurona_confusion_view_get_status (f->view), "Accuracy "));
  g_assert_true (g_str_has_prefix (neurona_confusion_matrix_get_description (f->matrix),
                                   "Accuracy "));
}

static gboolean
two_epochs_seen (gpointer data)
{
  return *(guint *) data >= 2;
}

/* Counts the matrices that came with an epoch end (the run's own). */
static void
on_confusion_notified (NeuronaSession *session, GParamSpec *pspec, guint *n)
{
  NeuronaRun *run = neurona_session_get_training (session);

  if (run != NULL && neurona_run_get_confusion (run) != NULL
      && neurona_session_get_current_confusion (session) == neurona_run_get_confusion (run))
    (*n)++;
}

/* During a run the matrix comes with each epoch end, and the view follows it; at the end
 * it is the core's for the final weights, and its cells open their images. */
static void
test_run_matrix_and_cells (Fixture *f, gconstpointer data)
{
  g_autoptr (NrConfusion) want = NULL;
  NrConfusion *shown;
  graphene_rect_t area;
  guint n_epochs_seen = 0, t = 0, p = 1, n_shown = 0;
  gulong id;

  ui_test_wait_mapped (GTK_WIDGET (f->view));
  id = g_signal_connect (f->session, "notify::current-confusion",
                         G_CALLBACK (on_confusion_notified), &n_epochs_seen);
  train (f, 2);
  g_signal_handler_disconnect (f->session, id);
  g_assert_true (ui_test_wait_until (two_epochs_seen, &n_epochs_seen, 1000));
  g_assert_cmpuint (n_epochs_seen, ==, 2);

  g_assert_true (ui_test_wait_until (matrix_shown, f, 30000));
  shown = neurona_confusion_matrix_get_confusion (f->matrix);
  want = core_confusion (f);
  assert_same_matrix (shown, want);
  g_assert_cmpfloat (nr_confusion_get_accuracy (shown), >, 0.5);

  /* The text alternative names the biggest confusion. */
  largest_confusion (want, &t, &p);
  {
    const NrDatasetInfo *info = nr_dataset_info (NR_DATASET_FASHION_MNIST);
    g_autofree char *biggest = g_strdup_printf ("Largest confusions: True %s predicted %s: %u",
                                                info->class_names[t], info->class_names[p],
                                                nr_confusion_get_count (want, t, p));

    g_test_message ("%s", neurona_confusion_matrix_get_description (f->matrix));
    g_assert_nonnull (strstr (neurona_confusion_matrix_get_description (f->matrix), biggest));
  }

  /* A click on that cell: exactly its images in the Predictions page's gallery. */
  ui_test_wait_for_frame (GTK_WIDGET (f->matrix));
  g_assert_true (neurona_confusion_matrix_get_cell_area (f->matrix, t, p, &area));
  {
    GtkEventController *click = find_controller (GTK_WIDGET (f->matrix), GTK_TYPE_GESTURE_CLICK);

    g_signal_emit_by_name (click, "released", 1, (double) area.origin.x + area.size.width / 2,
                           (double) area.origin.y + area.size.height / 2);
  }
  assert_gallery_shows_cell (f, want, t, p);

  /* "Show all" brings back every test image. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->gallery), "gallery.show-all", NULL));
  g_assert_false (neurona_prediction_gallery_get_cell (f->gallery, NULL, NULL));
  neurona_prediction_gallery_get_shown (f->gallery, &n_shown);
  g_assert_cmpuint (n_shown, ==, 1000);
  g_assert_null (neurona_prediction_gallery_get_cell_heading (f->gallery));
}

/* The keyboard: arrows move the cell cursor, Enter opens the cell. */
static void
test_keyboard (Fixture *f, gconstpointer data)
{
  g_autoptr (NrConfusion) want = NULL;
  guint t, p;

  train (f, 1);
  g_assert_true (ui_test_wait_until (matrix_shown, f, 30000));
  want = core_confusion (f);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->matrix)));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (f->matrix)));
  neurona_confusion_matrix_set_cursor (f->matrix, 0, 0);
  g_assert_true (press_key (GTK_WIDGET (f->matrix), GDK_KEY_Right));
  g_assert_true (press_key (GTK_WIDGET (f->matrix), GDK_KEY_Right));
  g_assert_true (press_key (GTK_WIDGET (f->matrix), GDK_KEY_Down));
  g_assert_true (press_key (GTK_WIDGET (f->matrix), GDK_KEY_Down));
  g_assert_true (press_key (GTK_WIDGET (f->matrix), GDK_KEY_Down));
  g_assert_true (press_key (GTK_WIDGET (f->matrix), GDK_KEY_Left));
  neurona_confusion_matrix_get_cursor (f->matrix, &t, &p);
  g_assert_cmpuint (t, ==, 3);
  g_assert_cmpuint (p, ==, 1);
  /* At the edge the key is left to move the focus on. */
  neurona_confusion_matrix_set_cursor (f->matrix, 0, 0);
  g_assert_false (press_key (GTK_WIDGET (f->matrix), GDK_KEY_Up));
  neurona_confusion_matrix_set_cursor (f->matrix, 3, 1);
  /* The readout says the cursor's cell. */
  g_assert_true (g_str_has_prefix (neurona_confusion_view_get_readout (f->view), "True Dress, "
                                                                                 "predicted Trouser"));
  g_assert_nonnull (strstr (neurona_confusion_matrix_get_description (f->matrix),
                            "Selected cell: True Dress, predicted Trouser"));
  g_assert_true (press_key (GTK_WIDGET (f->matrix), GDK_KEY_Return));
  assert_gallery_shows_cell (f, want, 3, 1);

  /* Space too, on the diagonal. */
  neurona_understand_page_show_view (f->page, "confusion");
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "understand");
  neurona_confusion_matrix_set_cursor (f->matrix, 8, 8);
  g_assert_true (press_key (GTK_WIDGET (f->matrix), GDK_KEY_space));
  assert_gallery_shows_cell (f, want, 8, 8);
}

/* "Normalise by row" writes each cell as its share of the row; the diagonal is drawn with
 * an outline the other cells do not have. */
static void
test_normalise_and_diagonal (Fixture *f, gconstpointer data)
{
  GtkWidget *check = ui_test_find_control (GTK_WIDGET (f->view), "Normalise by row", 0);
  NrConfusion *c;
  graphene_rect_t diag, off;
  UiTestPixels px;
  guint t = 0, p = 1;
  guint8 edge[3], inner[3], off_edge[3], off_inner[3];

  train (f, 1);
  g_assert_true (ui_test_wait_until (matrix_shown, f, 30000));
  c = neurona_confusion_matrix_get_confusion (f->matrix);
  largest_confusion (c, &t, &p);
  {
    g_autofree char *count = neurona_confusion_matrix_get_cell_text (f->matrix, t, p);
    g_autofree char *want = g_strdup_printf ("%u", nr_confusion_get_count (c, t, p));

    g_assert_cmpstr (count, ==, want);
  }
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  ui_test_assert_accessible_label (check, "Normalise by row");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (neurona_confusion_matrix_get_normalize (f->matrix));
  {
    g_autofree char *pct = neurona_confusion_matrix_get_cell_text (f->matrix, t, p);
    double f_row = 100.0 * nr_confusion_get_count (c, t, p) / nr_confusion_get_row_total (c, t);
    g_autofree char *want = f_row < 9.95 ? g_strdup_printf ("%.1f%%", f_row)
                                         : g_strdup_printf ("%.0f%%", f_row);

    g_test_message ("cell (%u, %u): %s", t, p, pct);
    g_assert_cmpstr (pct, ==, want);
  }
  ui_test_save_screenshot (GTK_WIDGET (f->window), "understand-confusion-normalised.png", NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);

  /* Pixels: 2 px inside a diagonal cell is its outline, unlike 6 px inside; in an
   * off-diagonal cell both are the cell's fill. */
  ui_test_wait_for_frame (GTK_WIDGET (f->matrix));
  g_assert_true (neurona_confusion_matrix_get_cell_area (f->matrix, 1, 1, &diag));
  g_assert_true (neurona_confusion_matrix_get_cell_area (f->matrix, t, p, &off));
  px = ui_test_read_pixels (GTK_WIDGET (f->matrix), NULL);
  ui_test_pixel_at (&px, (int) diag.origin.x + 2, (int) diag.origin.y + 2, edge);
  ui_test_pixel_at (&px, (int) diag.origin.x + 6, (int) diag.origin.y + 6, inner);
  ui_test_pixel_at (&px, (int) off.origin.x + 2, (int) off.origin.y + 2, off_edge);
  ui_test_pixel_at (&px, (int) off.origin.x + 6, (int) off.origin.y + 6, off_inner);
  g_free (px.data);
  g_test_message ("diagonal %u,%u,%u / %u,%u,%u; off %u,%u,%u / %u,%u,%u", edge[0], edge[1],
                  edge[2], inner[0], inner[1], inner[2], off_edge[0], off_edge[1], off_edge[2],
                  off_inner[0], off_inner[1], off_inner[2]);
  g_assert_true (memcmp (edge, inner, 3) != 0);
  g_assert_cmpmem (off_edge, 3, off_inner, 3);
  ui_test_save_screenshot (GTK_WIDGET (f->window), "understand-confusion.png", NULL);
}

/* The per-class view: one bar per class, each the matrix's diagonal over its row;
 * "Sorted by accuracy" puts the worst first. */
static void
test_per_class (Fixture *f, gconstpointer data)
{
  NeuronaPerClassView *view;
  NeuronaClassBars *bars;
  GtkWidget *check;
  NrConfusion *c;
  double prev = -1;

  train (f, 1);
  g_assert_true (neurona_understand_page_show_view (f->page, "per-class"));
  view = NEURONA_PER_CLASS_VIEW (neurona_understand_page_get_view (f->page, "per-class"));
  bars = neurona_per_class_view_get_bars (view);
  ui_test_wait_mapped (GTK_WIDGET (bars));
  c = neurona_session_get_current_confusion (f->session);
  g_assert_nonnull (c);
  g_assert_cmpuint (neurona_class_bars_get_n_bars (bars), ==, 10);
  for (guint k = 0; k < 10; k++)
    {
      double want = (double) nr_confusion_get_count (c, k, k) / nr_confusion_get_row_total (c, k);
      g_autofree char *text = neurona_class_bars_get_value_text (bars, k);
      g_autofree char *want_text = g_strdup_printf ("%.1f%%", 100.0 * want);

      g_assert_cmpfloat_with_epsilon (neurona_class_bars_get_value (bars, k), want, 1e-12);
      g_assert_cmpstr (text, ==, want_text);
      g_assert_cmpuint (neurona_class_bars_get_class_at (bars, k), ==, k);
    }
  ui_test_assert_accessible_label (GTK_WIDGET (bars), "Per-class accuracy");
  ui_test_assert_accessible_label (GTK_WIDGET (view), "Per-class accuracy");
  {
    g_autofree char *first = neurona_class_bars_get_value_text (bars, 0);
    g_autofree char *start = g_strdup_printf ("T-shirt/top %s, Trouser ", first);

    g_assert_true (g_str_has_prefix (neurona_class_bars_get_description (bars), start));
  }

  check = ui_test_find_control (GTK_WIDGET (view), "Sorted by accuracy", 0);
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  for (guint i = 0; i < 10; i++)
    {
      double v = neurona_class_bars_get_value (bars, neurona_class_bars_get_class_at (bars, i));

      g_assert_cmpfloat (v, >=, prev);
      prev = v;
    }
  /* The bars are drawn at their length: the end of the worst one's track is not bar. */
  ui_test_save_screenshot (GTK_WIDGET (f->window), "understand-per-class.png", NULL);
}

static gboolean
fifteen_columns (gpointer data)
{
  Fixture *f = data;
  NrConfusion *c = neurona_confusion_matrix_get_confusion (f->matrix);

  return c != NULL && nr_confusion_get_outputs (c) == 15;
}

/* 15 outputs for 10 classes: the outputs past the classes are columns of their own, named
 * as outputs; a run trained so still opens its cells. */
static void
test_extra_outputs (Fixture *f, gconstpointer data)
{
  GtkWidget *outputs = ui_test_find_control (GTK_WIDGET (f->window), "Output size", 0);
  g_autoptr (NrConfusion) want = NULL;
  NrConfusion *c;
  guint n_extra = 0;

  g_assert_true (GTK_IS_SPIN_BUTTON (outputs));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (outputs), 15);
  g_assert_true (ui_test_wait_until (fifteen_columns, f, 30000));
  c = neurona_confusion_matrix_get_confusion (f->matrix);
  want = core_confusion (f);
  assert_same_matrix (c, want);
  g_assert_cmpuint (nr_confusion_get_n_classes (c), ==, 10);
  g_assert_cmpstr (neurona_confusion_matrix_get_class_label (f->matrix, 9), ==, "Ankle boot");
  g_assert_cmpstr (neurona_confusion_matrix_get_class_label (f->matrix, 12), ==, "output 12");
  for (guint p = 10; p < 15; p++)
    n_extra += nr_confusion_get_column_total (c, p);
  g_test_message ("untrained: %u images predicted as outputs past the classes", n_extra);

  /* The cursor reaches the extra columns, and their cells open too. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (f->matrix)));
  neurona_confusion_matrix_set_cursor (f->matrix, 2, 13);
  ui_test_save_screenshot (GTK_WIDGET (f->window), "understand-confusion-15-outputs.png", NULL);
  g_assert_true (press_key (GTK_WIDGET (f->matrix), GDK_KEY_Right));
  g_assert_true (press_key (GTK_WIDGET (f->matrix), GDK_KEY_KP_Enter));
  assert_gallery_shows_cell (f, want, 2, 14);
}

static gboolean
first_run_saved (gpointer data)
{
  GListModel *runs = neurona_session_get_runs (data);
  g_autoptr (NeuronaRunItem) item = g_list_model_get_n_items (runs) > 0
                                      ? g_list_model_get_item (runs, 0) : NULL;

  return item != NULL && neurona_run_item_get_saved (item);
}

static gboolean
runs_loaded (gpointer data)
{
  return neurona_session_get_runs_loaded (data)
         && g_list_model_get_n_items (neurona_session_get_runs (data)) > 0;
}

/* A run reopened from the Runs page of a new window (its weights read from disk): its
 * matrix is computed once, when the view asks, and is the core's for those weights. */
static void
test_reopened_run (Fixture *f, gconstpointer data)
{
  g_autoptr (NeuronaRunItem) item = NULL;
  g_autoptr (NrConfusion) want = NULL;
  double trained_accuracy;

  train (f, 1);
  g_assert_true (ui_test_wait_until (first_run_saved, f->session, 30000));
  g_assert_true (ui_test_wait_until (matrix_shown, f, 30000));
  trained_accuracy = nr_confusion_get_accuracy (neurona_confusion_matrix_get_confusion (f->matrix));

  ui_test_close_window (&f->window, NULL);
  fixture_set_up (f, NULL);
  g_assert_true (ui_test_wait_until (runs_loaded, f->session, 30000));
  item = g_list_model_get_item (neurona_session_get_runs (f->session), 0);
  g_assert_null (neurona_run_item_get_weights (item)); /* not read yet */
  neurona_session_open_run (f->session, item);
  g_assert_true (ui_test_wait_until (matrix_shown, f, 30000));
  g_assert_true (neurona_session_get_current (f->session) == item);
  g_assert_nonnull (neurona_run_item_get_weights (item));
  want = core_confusion (f);
  assert_same_matrix (neurona_confusion_matrix_get_confusion (f->matrix), want);
  /* The same weights as trained, so the same figures as at the run's end. */
  g_assert_cmpfloat (nr_confusion_get_accuracy (want), ==, trained_accuracy);
  g_assert_cmpfloat_with_epsilon (nr_confusion_get_accuracy (want),
                                  neurona_run_item_get_test_accuracy (item), 1e-9);
}

static gboolean
ignore_bus_warning (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  return strstr (message, "session bus") == NULL;
}

int
main (int argc, char **argv)
{
  g_autofree char *subset = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (ignore_bus_warning, NULL);

  subset = g_build_filename (nr_project_data_dir (), "subset", NULL);
  g_setenv ("NEURONA_DATA_DIR", subset, TRUE);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ui/understand-confusion/untrained-matrix", test_untrained_matrix);
  ADD ("/ui/understand-confusion/run-matrix-and-cells", test_run_matrix_and_cells);
  ADD ("/ui/understand-confusion/keyboard", test_keyboard);
  ADD ("/ui/understand-confusion/normalise-and-diagonal", test_normalise_and_diagonal);
  ADD ("/ui/understand-confusion/per-class", test_per_class);
  ADD ("/ui/understand-confusion/extra-outputs", test_extra_outputs);
  ADD ("/ui/understand-confusion/reopened-run", test_reopened_run);
  return g_test_run ();
}
