/* test-runs-page.c — the Runs page: finished runs are listed and saved, two or three are
 * compared side by side, a corrupt saved file is named without hiding the good ones, the
 * runs come back after a restart and Delete removes their files.
 *
 * Runs under Xvfb with GSK_RENDERER=cairo on the committed subset; every test has its own
 * NEURONA_RUNS_DIR. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona-application.h"
#include "neurona-plot.h"
#include "neurona-runs-page.h"
#include "neurona-window.h"
#include "ui-test-util.h"

typedef struct
{
  NeuronaApplication *app;
  NeuronaWindow *window;
  NeuronaRunsPage *page;
  char *dir;
} Fixture;

static gboolean
runs_loaded (gpointer data)
{
  return neurona_session_get_runs_loaded (data);
}

typedef struct
{
  NeuronaWindow *window;
  guint n_runs;
} RunWait;

/* The run is listed, and every listed run saved (saving runs on a worker thread). */
static gboolean
run_recorded (gpointer data)
{
  RunWait *w = data;
  GListModel *runs = neurona_session_get_runs (neurona_window_get_session (w->window));

  if (neurona_window_get_training (w->window)
      || neurona_runs_page_get_n_runs (neurona_window_get_runs_page (w->window)) != w->n_runs)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr (NeuronaRunItem) item = g_list_model_get_item (runs, i);

      if (!neurona_run_item_get_saved (item) && neurona_run_item_get_save_error (item) == NULL)
        return FALSE;
    }
  return TRUE;
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  const char *name;

  /* Runs, not the hidden trash or temporary files. */
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += name[0] != '.';
  return n;
}

static void
open_window (Fixture *f)
{
  ui_test_open_window (&f->app, &f->window, NULL);
  f->page = neurona_window_get_runs_page (f->window);
  g_assert_true (ui_test_wait_until (runs_loaded, neurona_window_get_session (f->window), 10000));
  g_assert_cmpstr (neurona_session_get_runs_dir (neurona_window_get_session (f->window)), ==,
                   g_getenv ("NEURONA_RUNS_DIR"));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("neurona-test-runs-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("NEURONA_RUNS_DIR", f->dir, TRUE);
  open_window (f); /* makes f->app */
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ui_test_close_window (&f->window, &f->app);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* A short run with these settings on 300 training and 100 test images; waits until the
 * Runs page lists it. */
static void
train (Fixture *f, guint units, guint epochs, gboolean scaled)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  GtkWidget *spin_units = ui_test_find_control (root, "Hidden units", 0);
  GtkWidget *spin_epochs = ui_test_find_control (root, "Epochs", 0);
  GtkWidget *scale = ui_test_find_control (root, "Scale pixels", 0);
  RunWait wait = { f->window, neurona_runs_page_get_n_runs (f->page) + 1 };

  g_assert_true (GTK_IS_SPIN_BUTTON (spin_units));
  g_assert_true (GTK_IS_SPIN_BUTTON (spin_epochs));
  g_assert_true (GTK_IS_CHECK_BUTTON (scale));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_units), units);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_epochs), epochs);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (scale), scaled);
  neurona_window_set_limits (f->window, 300, 100);
  ui_test_spin_for (10);
  g_assert_true (gtk_widget_activate_action (root, "win.train", NULL));
  g_assert_true (ui_test_wait_until (run_recorded, &wait, 60000));
}

static gboolean
has_error_text (gpointer data)
{
  return neurona_runs_page_get_error_text (data) != NULL;
}

static double
last_test_accuracy (const NrRunRecord *r)
{
  const NrEpochRecord *last = nr_run_record_get_last_epoch (r);

  g_assert_nonnull (last);
  return last->test_accuracy;
}

/* Buttons are activated on a shown page (a button's activation runs on the frame clock). */
static void
show_runs_page (Fixture *f)
{
  gtk_stack_set_visible_child_name (neurona_window_get_stack (f->window), "runs");
  ui_test_wait_for_frame (GTK_WIDGET (f->page));
}

/* Tests -------------------------------------------------------------------------- */

static void
test_lists_runs (Fixture *f, gconstpointer data)
{
  NeuronaPlot *train_accuracy = neurona_train_page_get_accuracy_plot (neurona_window_get_train_page (f->window));
  const NrRunRecord *r0, *r1;
  double shown_accuracy;
  char text[32];

  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 0);
  g_assert_null (neurona_runs_page_get_error_text (f->page));

  train (f, 128, 1, TRUE);
  g_assert_cmpuint (neurona_plot_get_n_points (train_accuracy, NEURONA_TRAIN_SERIES_TEST), ==, 1);
  train (f, 28, 2, FALSE);

  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 2);
  g_assert_cmpuint (count_files (f->dir), ==, 2);
  /* Newest first, with the settings and the history of each run. */
  r0 = neurona_runs_page_get_run (f->page, 0);
  r1 = neurona_runs_page_get_run (f->page, 1);
  g_assert_cmpstr (r0->name, ==, "28 relu · 2 epochs");
  g_assert_cmpstr (r1->name, ==, "128 relu · 1 epoch");
  g_assert_cmpuint (r0->config.model.hidden[0].units, ==, 28);
  g_assert_false (r0->config.normalize);
  g_assert_true (r1->config.normalize);
  g_assert_cmpint (r0->status, ==, NR_TRAIN_COMPLETED);
  g_assert_cmpuint (r0->history->len, ==, 2);
  g_assert_cmpuint (r1->history->len, ==, 1);
  g_assert_cmpuint (r0->train_size, ==, 300);
  g_assert_cmpuint (r0->test_size, ==, 100);
  g_assert_cmpuint (r1->params, ==, 101770);
  g_assert_nonnull (r0->dir);
  g_assert_true (g_file_test (r0->dir, G_FILE_TEST_IS_DIR));

  /* The recorded test accuracy is the one the train page plotted for the last epoch
   * (100 test images: a multiple of 0.01). */
  shown_accuracy = last_test_accuracy (r0);
  g_assert_cmpfloat (fabs (shown_accuracy * 100 - round (shown_accuracy * 100)), <, 1e-9);
  g_assert_cmpuint (neurona_plot_get_n_points (train_accuracy, NEURONA_TRAIN_SERIES_TEST), ==, 2);

  /* Each row shows its test accuracy and whether the pixels were scaled. */
  for (guint i = 0; i < 2; i++)
    {
      g_snprintf (text, sizeof text, "%.4f", last_test_accuracy (neurona_runs_page_get_run (f->page, i)));
      g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), text));
    }
  g_assert_nonnull (ui_test_find_control (GTK_WIDGET (f->page), "28 relu · 2 epochs", 0));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), "yes"));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), "no"));
  ui_test_assert_accessible_label (ui_test_find_control (GTK_WIDGET (f->page), "28 relu · 2 epochs", 0),
                                   "28 relu · 2 epochs");
}

/* The grid cell at (column, row) of the comparison table, as text. */
static const char *
table_cell (NeuronaRunsPage *page, int column, int row)
{
  GtkWidget *child = gtk_grid_get_child_at (neurona_runs_page_get_comparison_grid (page),
                                            column, row);

  g_assert_true (GTK_IS_LABEL (child));
  return gtk_label_get_text (GTK_LABEL (child));
}

/* The row of the comparison table whose name ends with field. */
static int
table_row (NeuronaRunsPage *page, const char *field)
{
  for (int row = 1; row < 40; row++)
    {
      GtkWidget *child = gtk_grid_get_child_at (neurona_runs_page_get_comparison_grid (page), 0, row);

      if (child != NULL && g_str_has_suffix (gtk_label_get_text (GTK_LABEL (child)), field))
        return row;
    }
  g_error ("no row “%s” in the comparison table", field);
}

static void
test_compare (Fixture *f, gconstpointer data)
{
  NeuronaPlot *accuracy = neurona_runs_page_get_accuracy_plot (f->page);
  NeuronaPlot *loss = neurona_runs_page_get_loss_plot (f->page);
  g_autofree char *summary = NULL;
  int row;

  /* The tutorial's experiments: 128 vs 28 vs 88 hidden units, scaled vs unscaled. */
  train (f, 128, 3, TRUE);
  train (f, 28, 3, TRUE);
  train (f, 88, 2, FALSE);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 3);

  neurona_runs_page_set_compared (f->page, 1, TRUE);
  neurona_runs_page_set_compared (f->page, 2, TRUE);
  /* Two series, one point per epoch, in list order (28 then 128 units). */
  g_assert_cmpuint (neurona_plot_get_n_points (accuracy, 0), ==, 3);
  g_assert_cmpuint (neurona_plot_get_n_points (accuracy, 1), ==, 3);
  g_assert_cmpuint (neurona_plot_get_n_points (loss, 0), ==, 3);
  summary = neurona_plot_get_summary (accuracy);
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, "1: 28 relu · 3 epochs"));
  g_assert_nonnull (strstr (summary, "2: 128 relu · 3 epochs"));
  g_assert_null (strstr (summary, "88 relu"));

  /* Side by side: the differing setting is marked, the equal ones are not. */
  row = table_row (f->page, "Hidden layers");
  g_assert_cmpstr (table_cell (f->page, 0, row), ==, "≠ Hidden layers");
  g_assert_cmpstr (table_cell (f->page, 1, row), ==, "28 relu");
  g_assert_cmpstr (table_cell (f->page, 2, row), ==, "128 relu");
  row = table_row (f->page, "Epochs");
  g_assert_cmpstr (table_cell (f->page, 0, row), ==, "Epochs");
  row = table_row (f->page, "Scaled pixels");
  g_assert_cmpstr (table_cell (f->page, 0, row), ==, "Scaled pixels");

  /* All three: now the scaling differs too. */
  show_runs_page (f);
  g_assert_true (gtk_widget_activate (ui_test_find_control (GTK_WIDGET (f->page), "Compare all", 0)));
  for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
       !neurona_runs_page_get_compared (f->page, 0) && g_get_monotonic_time () < end;)
    ui_test_spin_for (10);
  g_assert_true (neurona_runs_page_get_compared (f->page, 0));
  g_assert_cmpuint (neurona_plot_get_n_points (accuracy, 0), ==, 2);
  g_assert_cmpuint (neurona_plot_get_n_points (accuracy, 2), ==, 3);
  row = table_row (f->page, "Scaled pixels");
  g_assert_cmpstr (table_cell (f->page, 0, row), ==, "≠ Scaled pixels");
  g_assert_cmpstr (table_cell (f->page, 1, row), ==, "no");
  g_assert_cmpstr (table_cell (f->page, 3, row), ==, "yes");
  row = table_row (f->page, "Epochs");
  g_assert_cmpstr (table_cell (f->page, 0, row), ==, "≠ Epochs");

  if (g_getenv ("NEURONA_SCREENSHOT_DIR") != NULL)
    {
      ui_test_spin_for (400);
      ui_test_save_screenshot (GTK_WIDGET (f->window), "runs-compare-3.png", NULL);
    }
}

static NrRunRecord *
make_record (guint units, gint64 start_time)
{
  NrTrainConfig config;
  NrRunRecord *record;

  nr_train_config_init (&config);
  config.model.hidden[0].units = units;
  config.epochs = 2;
  record = nr_run_record_new (NR_DATASET_FASHION_MNIST, &config, 300, 100, start_time);
  for (guint i = 0; i < 2; i++)
    {
      NrEpochRecord e = { 0.9 - 0.1 * i, 0.6 + 0.1 * i, 0.8 - 0.1 * i, 0.55 + 0.1 * i, 0.5 };

      nr_run_record_add_epoch (record, &e);
    }
  return record;
}

static void
test_corrupt_file (Fixture *f, gconstpointer data)
{
  g_autoptr (NrRunRecord) a = make_record (128, 1000);
  g_autoptr (NrRunRecord) b = make_record (28, 2000);
  g_autofree char *bad_dir = g_build_filename (f->dir, "broken", NULL);
  g_autofree char *bad = g_build_filename (bad_dir, "run.json", NULL);
  g_autofree char *pa = NULL;
  g_autofree char *text = NULL;
  const char *error_text;

  g_assert_true (nr_run_save (a, NULL, f->dir, NULL));
  g_assert_true (nr_run_save (b, NULL, f->dir, NULL));
  pa = g_build_filename (a->dir, "run.json", NULL);
  g_assert_true (g_file_get_contents (pa, &text, NULL, NULL));
  /* Truncated halfway, as a crash while copying would leave it. */
  g_assert_cmpint (g_mkdir (bad_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (bad, text, (gssize) strlen (text) / 2, NULL));

  ui_test_close_window (&f->window, NULL);
  open_window (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 2);
  g_assert_cmpuint (neurona_runs_page_get_run (f->page, 0)->config.model.hidden[0].units, ==, 28);
  error_text = neurona_runs_page_get_error_text (f->page);
  g_assert_nonnull (error_text);
  g_test_message ("%s", error_text);
  g_assert_true (g_str_has_prefix (error_text, "1 saved run could not be read:"));
  g_assert_nonnull (strstr (error_text, bad));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), error_text));
  /* Nothing was lost: the bad file is left for the student to look at. */
  g_assert_cmpuint (count_files (f->dir), ==, 3);
}

static void
test_restart (Fixture *f, gconstpointer data)
{
  g_autofree char *name0 = NULL;
  double accuracy0;

  train (f, 128, 1, TRUE);
  train (f, 28, 1, TRUE);
  name0 = g_strdup (neurona_runs_page_get_run (f->page, 0)->name);
  accuracy0 = last_test_accuracy (neurona_runs_page_get_run (f->page, 0));

  ui_test_close_window (&f->window, NULL);
  open_window (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 2);
  g_assert_null (neurona_runs_page_get_error_text (f->page));
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->name, ==, name0);
  g_assert_cmpfloat (last_test_accuracy (neurona_runs_page_get_run (f->page, 0)), ==, accuracy0);
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 1)->name, ==, "128 relu · 1 epoch");
}

static void
test_delete (Fixture *f, gconstpointer data)
{
  g_autofree char *deleted = NULL;
  g_autofree char *kept = NULL;

  train (f, 128, 1, TRUE);
  train (f, 28, 1, TRUE);
  g_assert_cmpuint (count_files (f->dir), ==, 2);
  deleted = g_strdup (neurona_runs_page_get_run (f->page, 0)->dir);
  kept = g_strdup (neurona_runs_page_get_run (f->page, 1)->dir);

  neurona_runs_page_set_compared (f->page, 0, TRUE);
  show_runs_page (f);
  g_assert_true (gtk_widget_activate (ui_test_find_control (GTK_WIDGET (f->page), "Delete compared", 0)));
  for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
       neurona_runs_page_get_n_runs (f->page) != 1 && g_get_monotonic_time () < end;)
    ui_test_spin_for (10);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 1);
  g_assert_false (g_file_test (deleted, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->dir, ==, kept);
  g_assert_null (neurona_runs_page_get_error_text (f->page));

  ui_test_close_window (&f->window, NULL);
  open_window (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 1);
}

/* The folder cannot be created (a file is in the way): the run is listed for this
 * session and the page says why it was not saved. */
static void
test_save_fails (Fixture *f, gconstpointer data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "file", NULL);
  g_autofree char *folder = g_build_filename (blocker, "runs", NULL);
  const char *error_text;

  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  ui_test_close_window (&f->window, NULL);
  g_setenv ("NEURONA_RUNS_DIR", folder, TRUE);
  open_window (f);
  g_setenv ("NEURONA_RUNS_DIR", f->dir, TRUE);
  train (f, 28, 1, TRUE);
  /* The save runs on a worker thread: its failure arrives a moment later. */
  g_assert_true (ui_test_wait_until (has_error_text, f->page, 10000));
  error_text = neurona_runs_page_get_error_text (f->page);
  g_assert_nonnull (error_text);
  g_test_message ("%s", error_text);
  g_assert_true (g_str_has_prefix (error_text, "The run could not be saved:"));
  g_assert_nonnull (strstr (error_text, folder));
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 1);
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
  ADD ("/ui/runs/lists-runs", test_lists_runs);
  ADD ("/ui/runs/compare", test_compare);
  ADD ("/ui/runs/corrupt-file", test_corrupt_file);
  ADD ("/ui/runs/restart", test_restart);
  ADD ("/ui/runs/delete", test_delete);
  ADD ("/ui/runs/save-fails", test_save_fails);
#undef ADD
  return g_test_run ();
}
