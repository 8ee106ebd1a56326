/* test-runs-page.c — the Runs page: finished runs are listed and saved, best test accuracy
 * first, with the settings that differ between them as columns; two or three are compared
 * side by side, training curves as well; a corrupt saved file is named without hiding the
 * good ones; the runs come back after a restart; Delete moves their files to the trash at
 * once and Undo puts them back byte for byte; forty runs compared never widen the window;
 * a run is renamed, annotated, reopened (its curves and predictions), its settings are
 * used again, it is trained again to the same curves bit for bit, and its history is
 * exported as Keras' CSVLogger writes it.
 *
 * Runs under Xvfb with GSK_RENDERER=cairo on the committed subset; every test has its own
 * NEURONA_RUNS_DIR. */
#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona-application.h"
#include "neurona-axis.h"
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

static gboolean
all_saved (NeuronaWindow *window)
{
  GListModel *runs = neurona_session_get_runs (neurona_window_get_session (window));

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr (NeuronaRunItem) item = g_list_model_get_item (runs, i);

      if (!neurona_run_item_get_saved (item) && neurona_run_item_get_save_error (item) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The run is listed, and every listed run saved (saving runs on a worker thread). */
static gboolean
run_recorded (gpointer data)
{
  RunWait *w = data;

  return !neurona_window_get_training (w->window)
         && neurona_runs_page_get_n_runs (neurona_window_get_runs_page (w->window)) == w->n_runs
         && all_saved (w->window);
}

static gboolean
saved_cb (gpointer window)
{
  return all_saved (window);
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

/* The runs saved meanwhile in f->dir are read by a new window. */
static void
reopen_window (Fixture *f)
{
  ui_test_close_window (&f->window, NULL);
  open_window (f);
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

/* Sets the model panel to these settings (the rest as the tutorial's). */
static void
set_panel (Fixture *f, guint units, guint epochs, gboolean scaled)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  GtkWidget *spin_units = ui_test_find_control (root, "Hidden units", 0);
  GtkWidget *spin_epochs = ui_test_find_control (root, "Epochs", 0);
  GtkWidget *scale = ui_test_find_control (root, "Scale pixels", 0);

  g_assert_true (GTK_IS_SPIN_BUTTON (spin_units));
  g_assert_true (GTK_IS_SPIN_BUTTON (spin_epochs));
  g_assert_true (GTK_IS_CHECK_BUTTON (scale));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_units), units);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_epochs), epochs);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (scale), scaled);
}

/* A short run with these settings on 300 training and 100 test images; waits until the
 * Runs page lists it. */
static void
train (Fixture *f, guint units, guint epochs, gboolean scaled)
{
  RunWait wait = { f->window, neurona_runs_page_get_n_runs (f->page) + 1 };

  set_panel (f, units, epochs, scaled);
  neurona_window_set_limits (f->window, 300, 100);
  ui_test_spin_for (10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
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
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "runs");
  ui_test_wait_for_frame (GTK_WIDGET (f->page));
}

static void
clicked_cb (GtkButton *button, gboolean *clicked)
{
  *clicked = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Clicks the page's button showing text, and waits for its action to run (a button's
 * activation runs on the frame clock). */
static void
click (Fixture *f, const char *text)
{
  GtkWidget *button = ui_test_find_control (GTK_WIDGET (f->page), text, 0);
  gboolean clicked = FALSE;
  gulong id;

  if (button == NULL)
    g_error ("no button “%s” on the page", text);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_is_visible (button));
  id = g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), &clicked);
  g_assert_true (gtk_widget_activate (button));
  if (!ui_test_wait_until (flag_set, &clicked, 5000))
    g_error ("“%s” was not clicked (realized %d mapped %d child-visible %d)", text,
             gtk_widget_get_realized (button), gtk_widget_get_mapped (button),
             gtk_widget_get_child_visible (gtk_widget_get_parent (button)));
  g_signal_handler_disconnect (button, id);
  ui_test_spin_for (10);
}

/* The row whose run has this name. */
static guint
row_named (NeuronaRunsPage *page, const char *name)
{
  for (guint i = 0; i < neurona_runs_page_get_n_runs (page); i++)
    if (g_strcmp0 (neurona_runs_page_get_run (page, i)->name, name) == 0)
      return i;
  g_error ("no run named “%s” is listed", name);
}

static guint
row_numbered (NeuronaRunsPage *page, guint number)
{
  for (guint i = 0; i < neurona_runs_page_get_n_runs (page); i++)
    if (neurona_run_item_get_number (neurona_runs_page_get_item (page, i)) == number)
      return i;
  g_error ("no run %u is listed", number);
}

static void
assert_cell (NeuronaRunsPage *page, guint row, NeuronaRunsColumn column, const char *want)
{
  g_autofree char *text = neurona_runs_page_get_cell_text (page, row, column);

  g_assert_cmpstr (text, ==, want);
}

/* A finished run of two epochs with this final test accuracy (NAN: no test set). */
static NrRunRecord *
make_record_full (guint units, guint epochs, gint64 start_time, double accuracy)
{
  NrTrainConfig config;
  NrRunRecord *record;

  nr_train_config_init (&config);
  config.model.hidden[0].units = units;
  config.epochs = epochs;
  record = nr_run_record_new (NR_DATASET_FASHION_MNIST, &config, 300, isfinite (accuracy) ? 100 : 0,
                              start_time);
  for (guint i = 0; i < epochs; i++)
    {
      double t = (i + 1.0) / epochs;
      NrEpochRecord e = { 0.9 - 0.3 * t, 0.6 + 0.3 * t, 0.8 - 0.2 * t,
                          isfinite (accuracy) ? accuracy - 0.1 * (1 - t) : NAN, 0.5 };

      if (!isfinite (accuracy))
        e.test_loss = NAN;
      nr_run_record_add_epoch (record, &e);
    }
  record->seconds = epochs * 0.5;
  return record;
}

static NrRunRecord *
make_record (guint units, gint64 start_time)
{
  return make_record_full (units, 2, start_time, 0.65);
}

/* Saves the record into the test's runs folder, with weights when with_weights. */
static void
save_record (Fixture *f, NrRunRecord *record, gboolean with_weights)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrModel) model = NULL;
  g_autoptr (NrWeights) weights = NULL;

  if (with_weights)
    {
      model = nr_model_new (&record->config.model, record->config.seed, &error);
      g_assert_no_error (error);
      weights = nr_weights_new_from_model (model);
    }
  g_assert_true (nr_run_save (record, weights, f->dir, &error));
  g_assert_no_error (error);
}

/* Every file under dir (relative path → contents). */
static void
read_tree (GHashTable *files, const char *root, const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_rel = rel[0] != '\0' ? g_build_filename (rel, name, NULL)
                                                  : g_strdup (name);
      g_autofree char *child = g_build_filename (root, child_rel, NULL);

      if (g_str_equal (name, ".trash"))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        read_tree (files, root, child_rel);
      else
        {
          char *contents = NULL;
          gsize length = 0;

          g_assert_true (g_file_get_contents (child, &contents, &length, NULL));
          g_hash_table_insert (files, g_steal_pointer (&child_rel),
                               g_bytes_new_take (contents, length));
        }
    }
}

static GHashTable *
snapshot_files (const char *dir)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_bytes_unref);

  read_tree (files, dir, "");
  return files;
}

static void
assert_same_files (GHashTable *want, GHashTable *got)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (got), ==, g_hash_table_size (want));
  g_hash_table_iter_init (&iter, want);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GBytes *other = g_hash_table_lookup (got, key);

      if (other == NULL)
        g_error ("%s is missing", (char *) key);
      if (!g_bytes_equal (value, other))
        g_error ("%s differs", (char *) key);
    }
}

static gboolean
toast_gone (gpointer page)
{
  return neurona_runs_page_get_toast_text (page) == NULL;
}

/* Tests -------------------------------------------------------------------------- */

static void
test_lists_runs (Fixture *f, gconstpointer data)
{
  NeuronaPlot *train_accuracy = neurona_train_page_get_accuracy_plot (neurona_window_get_train_page (f->window));
  const NrRunRecord *r0, *r1;
  double shown_accuracy;
  char text[32];
  guint i28, i128;

  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 0);
  g_assert_null (neurona_runs_page_get_error_text (f->page));

  train (f, 128, 1, TRUE);
  g_assert_cmpuint (neurona_plot_get_n_points (train_accuracy, NEURONA_TRAIN_SERIES_TEST), ==, 1);
  train (f, 28, 2, FALSE);

  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 2);
  g_assert_cmpuint (count_files (f->dir), ==, 2);
  /* Each run with its settings and its history. */
  i28 = row_named (f->page, "28 relu · 2 epochs");
  i128 = row_named (f->page, "128 relu · 1 epoch");
  r0 = neurona_runs_page_get_run (f->page, i28);
  r1 = neurona_runs_page_get_run (f->page, i128);
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

  /* Best test accuracy first, like a high-score table. */
  g_assert_cmpfloat (last_test_accuracy (neurona_runs_page_get_run (f->page, 0)), >=,
                     last_test_accuracy (neurona_runs_page_get_run (f->page, 1)));

  /* The recorded test accuracy is the one the train page plotted for the last epoch
   * (100 test images: a multiple of 0.01). */
  shown_accuracy = last_test_accuracy (r0);
  g_assert_cmpfloat (fabs (shown_accuracy * 100 - round (shown_accuracy * 100)), <, 1e-9);
  g_assert_cmpuint (neurona_plot_get_n_points (train_accuracy, NEURONA_TRAIN_SERIES_TEST), ==, 2);

  /* Each row shows its number, name, test accuracy, dataset, and the settings the two
   * differ in (units, epochs, scaling) and only those. */
  show_runs_page (f);
  for (guint i = 0; i < 2; i++)
    {
      g_snprintf (text, sizeof text, "%.4f", last_test_accuracy (neurona_runs_page_get_run (f->page, i)));
      assert_cell (f->page, i, NEURONA_RUNS_COLUMN_TEST_ACCURACY, text);
      g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), text));
    }
  assert_cell (f->page, i128, NEURONA_RUNS_COLUMN_NUMBER, "1");
  assert_cell (f->page, i28, NEURONA_RUNS_COLUMN_NUMBER, "2");
  assert_cell (f->page, i28, NEURONA_RUNS_COLUMN_DATASET, "Fashion-MNIST");
  assert_cell (f->page, i28, NEURONA_RUNS_COLUMN_HIDDEN, "28 relu");
  assert_cell (f->page, i128, NEURONA_RUNS_COLUMN_HIDDEN, "128 relu");
  assert_cell (f->page, i28, NEURONA_RUNS_COLUMN_SCALED, "no");
  assert_cell (f->page, i28, NEURONA_RUNS_COLUMN_STATUS, "finished");
  g_assert_true (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_HIDDEN));
  g_assert_true (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_EPOCHS));
  g_assert_true (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_SCALED));
  g_assert_false (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_SEED));
  g_assert_false (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_OPTIMIZER));
  g_assert_false (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_DROPOUT));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), "28 relu · 2 epochs"));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), "yes"));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), "no"));

  /* Newest first by the number column, twice clicked. */
  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_NUMBER, GTK_SORT_DESCENDING);
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->name, ==, "28 relu · 2 epochs");
  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_NUMBER, GTK_SORT_ASCENDING);
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->name, ==, "128 relu · 1 epoch");
}

/* Best first; runs without a test figure last; ties newest first. */
static void
test_sorted_best_first (Fixture *f, gconstpointer data)
{
  static const double accuracies[] = { 0.5, 0.9, NAN, 0.7, 0.9 };

  for (guint i = 0; i < G_N_ELEMENTS (accuracies); i++)
    {
      g_autoptr (NrRunRecord) r = make_record_full (10 + i, 2, 1000 + i, accuracies[i]);

      save_record (f, r, FALSE);
    }
  reopen_window (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 5);
  /* Numbered oldest first: run 5 is the second 0.9, the newer of the two. */
  assert_cell (f->page, 0, NEURONA_RUNS_COLUMN_NUMBER, "5");
  assert_cell (f->page, 0, NEURONA_RUNS_COLUMN_TEST_ACCURACY, "0.9000");
  assert_cell (f->page, 1, NEURONA_RUNS_COLUMN_NUMBER, "2");
  assert_cell (f->page, 2, NEURONA_RUNS_COLUMN_TEST_ACCURACY, "0.7000");
  assert_cell (f->page, 3, NEURONA_RUNS_COLUMN_TEST_ACCURACY, "0.5000");
  assert_cell (f->page, 4, NEURONA_RUNS_COLUMN_TEST_ACCURACY, "—");
  /* Reversed: the worst first, the runs without a figure counting as worst. */
  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_TEST_ACCURACY, GTK_SORT_ASCENDING);
  assert_cell (f->page, 0, NEURONA_RUNS_COLUMN_TEST_ACCURACY, "—");
  assert_cell (f->page, 1, NEURONA_RUNS_COLUMN_TEST_ACCURACY, "0.5000");
  /* Only the hidden units differ: the one settings column shown. */
  for (NeuronaRunsColumn c = NEURONA_RUNS_COLUMN_HIDDEN; c <= NEURONA_RUNS_COLUMN_TRAIN_IMAGES; c++)
    g_assert_cmpint (neurona_runs_page_get_column_visible (f->page, c), ==,
                     c == NEURONA_RUNS_COLUMN_HIDDEN);
}

/* Durations read as seconds, minutes or hours; nonsense reads "—" (1e308 seconds once read
 * "0 min 56 s", a conversion out of range). */
static void
test_duration_text (Fixture *f, gconstpointer data)
{
  static const struct { double seconds; const char *text; } cases[] = {
    { 0.0, "0.0 s" },
    { 12.34, "12.3 s" },
    { 59.96, "1 min 00 s" },
    { 75.2, "1 min 15 s" },
    { 3599.4, "59 min 59 s" },
    { 3599.6, "1 h 00 min" },
    { 5400.0, "1 h 30 min" },
    { 36.0 * 3600 + 59.0 * 60 + 45.0, "37 h 00 min" },
    { 9999.0 * 3600, "9999 h 00 min" },
    { 1e308, "—" },
    { INFINITY, "—" },
    { NAN, "—" },
    { -1.0, "—" },
  };
  g_autoptr (NrRunRecord) absurd = make_record (128, 1000);
  g_autoptr (NrRunRecord) long_run = make_record (28, 2000);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = neurona_runs_page_format_duration (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* The table and the side-by-side table say the same. */
  absurd->seconds = 1e308;
  long_run->seconds = 5400;
  save_record (f, absurd, FALSE);
  save_record (f, long_run, FALSE);
  reopen_window (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 2);
  assert_cell (f->page, row_named (f->page, absurd->name), NEURONA_RUNS_COLUMN_DURATION, "—");
  assert_cell (f->page, row_named (f->page, long_run->name), NEURONA_RUNS_COLUMN_DURATION,
               "1 h 30 min");
  show_runs_page (f);
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), "1 h 30 min"));
  g_assert_null (ui_test_find_label (GTK_WIDGET (f->page), "0 min 56 s"));
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
  NeuronaPlot *train_accuracy = neurona_runs_page_get_train_accuracy_plot (f->page);
  g_autofree char *summary = NULL;
  const NrRunRecord *r28;
  int row;

  /* The tutorial's experiments: 128 vs 28 vs 88 hidden units, scaled vs unscaled. */
  train (f, 128, 3, TRUE);
  train (f, 28, 3, TRUE);
  train (f, 88, 2, FALSE);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 3);

  neurona_runs_page_set_compared (f->page, row_numbered (f->page, 1), TRUE);
  neurona_runs_page_set_compared (f->page, row_numbered (f->page, 2), TRUE);
  /* Two series, one point per epoch, by run number (128 then 28 units), however the
   * table is sorted. */
  g_assert_cmpuint (neurona_plot_get_n_series (accuracy), ==, 2);
  g_assert_cmpuint (neurona_plot_get_n_points (accuracy, 0), ==, 3);
  g_assert_cmpuint (neurona_plot_get_n_points (accuracy, 1), ==, 3);
  g_assert_cmpuint (neurona_plot_get_n_points (loss, 0), ==, 3);
  summary = neurona_plot_get_summary (accuracy);
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, "1: 128 relu · 3 epochs"));
  g_assert_nonnull (strstr (summary, "2: 28 relu · 3 epochs"));
  g_assert_null (strstr (summary, "88 relu"));

  /* Test curves by default; training curves instead, or both. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (accuracy)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (train_accuracy)));
  neurona_runs_page_set_curves (f->page, NEURONA_RUNS_CURVES_TRAIN);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (accuracy)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (train_accuracy)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (neurona_runs_page_get_train_loss_plot (f->page))));
  neurona_runs_page_set_curves (f->page, NEURONA_RUNS_CURVES_BOTH);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (accuracy)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (train_accuracy)));
  /* The training curve is the run's training accuracy per epoch. */
  r28 = neurona_runs_page_get_run (f->page, row_numbered (f->page, 2));
  g_assert_cmpuint (neurona_plot_get_n_points (train_accuracy, 1), ==, 3);
  {
    const NrEpochRecord *last = nr_run_record_get_last_epoch (r28);
    g_autofree char *value = neurona_axis_format_value (last->train_accuracy);
    g_autofree char *want = g_strdup_printf ("2: 28 relu · 3 epochs: %s at Epoch 3", value);
    g_autofree char *train_summary = neurona_plot_get_summary (train_accuracy);

    g_test_message ("%s", train_summary);
    g_assert_nonnull (strstr (train_summary, want));
  }

  /* Side by side: the differing setting is marked, the equal ones are not. */
  row = table_row (f->page, "Hidden layers");
  g_assert_cmpstr (table_cell (f->page, 0, row), ==, "≠ Hidden layers");
  g_assert_cmpstr (table_cell (f->page, 1, 0), ==, "Run 1");
  g_assert_cmpstr (table_cell (f->page, 1, row), ==, "128 relu");
  g_assert_cmpstr (table_cell (f->page, 2, row), ==, "28 relu");
  row = table_row (f->page, "Epochs");
  g_assert_cmpstr (table_cell (f->page, 0, row), ==, "Epochs");
  row = table_row (f->page, "Scaled pixels");
  g_assert_cmpstr (table_cell (f->page, 0, row), ==, "Scaled pixels");

  /* The unscaled run's losses dwarf the others': a log scale on both loss plots, never
   * on the accuracy ones. */
  {
    GtkWidget *check = ui_test_find_control (GTK_WIDGET (f->page), "Loss on a log scale", 0);
    gboolean test_log, train_log, accuracy_log;

    g_assert_true (GTK_IS_CHECK_BUTTON (check));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    g_object_get (loss, "y-log", &test_log, NULL);
    g_object_get (neurona_runs_page_get_train_loss_plot (f->page), "y-log", &train_log, NULL);
    g_object_get (accuracy, "y-log", &accuracy_log, NULL);
    g_assert_true (test_log && train_log);
    g_assert_false (accuracy_log);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
    g_object_get (loss, "y-log", &test_log, NULL);
    g_assert_false (test_log);
  }

  /* All three: now the scaling differs too. */
  show_runs_page (f);
  click (f, "Compare all");
  g_assert_true (neurona_runs_page_get_compared (f->page, 0));
  g_assert_cmpuint (neurona_plot_get_n_series (accuracy), ==, 3);
  g_assert_cmpuint (neurona_plot_get_n_points (accuracy, 0), ==, 3);
  g_assert_cmpuint (neurona_plot_get_n_points (accuracy, 2), ==, 2);
  row = table_row (f->page, "Scaled pixels");
  g_assert_cmpstr (table_cell (f->page, 0, row), ==, "≠ Scaled pixels");
  g_assert_cmpstr (table_cell (f->page, 1, row), ==, "yes");
  g_assert_cmpstr (table_cell (f->page, 3, row), ==, "no");
  row = table_row (f->page, "Epochs");
  g_assert_cmpstr (table_cell (f->page, 0, row), ==, "≠ Epochs");

  /* Every Compare check box is named after its run. */
  {
    g_autoptr (GPtrArray) checks = ui_test_find_all (GTK_WIDGET (neurona_runs_page_get_column_view (f->page)),
                                                     GTK_TYPE_CHECK_BUTTON);

    g_assert_cmpuint (checks->len, ==, 3);
    for (guint i = 0; i < checks->len; i++)
      {
        g_autofree char *want = NULL;
        guint n;

        g_assert_true (gtk_check_button_get_active (checks->pdata[i]));
        for (n = 1; n <= 3; n++)
          {
            g_free (want);
            want = g_strdup_printf ("Compare run %u", n);
            if (!gtk_test_accessible_check_property (checks->pdata[i], GTK_ACCESSIBLE_PROPERTY_LABEL, want))
              break;
          }
        g_assert_cmpuint (n, <=, 3);
      }
  }

  click (f, "Compare none");
  g_assert_cmpuint (neurona_plot_get_n_series (accuracy), ==, 0);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (neurona_runs_page_get_comparison_grid (f->page)),
                                                                 GTK_TYPE_SCROLLED_WINDOW)));
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

  reopen_window (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 2);
  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_NUMBER, GTK_SORT_DESCENDING);
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

  reopen_window (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 2);
  g_assert_null (neurona_runs_page_get_error_text (f->page));
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->name, ==, name0);
  g_assert_cmpfloat (last_test_accuracy (neurona_runs_page_get_run (f->page, 0)), ==, accuracy0);
  /* The numbers are those of before: run 1 is the oldest. */
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, row_numbered (f->page, 1))->name, ==,
                   "128 relu · 1 epoch");
}

static void
test_delete (Fixture *f, gconstpointer data)
{
  g_autofree char *deleted = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *trash = g_build_filename (f->dir, ".trash", NULL);

  train (f, 128, 1, TRUE);
  train (f, 28, 1, TRUE);
  g_assert_cmpuint (count_files (f->dir), ==, 2);
  deleted = g_strdup (neurona_runs_page_get_run (f->page, row_numbered (f->page, 2))->dir);
  kept = g_strdup (neurona_runs_page_get_run (f->page, row_numbered (f->page, 1))->dir);

  neurona_runs_page_set_compared (f->page, row_numbered (f->page, 2), TRUE);
  show_runs_page (f);
  /* Nothing is asked: the run goes at once, to the trash, and a toast offers Undo. */
  click (f, "Delete compared");
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 1);
  g_assert_false (g_file_test (deleted, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (trash), >=, 1);
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->dir, ==, kept);
  g_assert_null (neurona_runs_page_get_error_text (f->page));
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==, "Run 2 deleted");
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), "Run 2 deleted"));

  reopen_window (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 1);
}

/* Delete and Undo, one run (the Delete button) and several (Delete compared): the runs'
 * folders come back exactly as they were, and so do their rows. */
static void
test_delete_undo (Fixture *f, gconstpointer data)
{
  g_autoptr (GHashTable) before = NULL;
  g_autoptr (GHashTable) after = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *deleted_dir = NULL;
  guint row;

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr (NrRunRecord) r = make_record_full (16 << i, 2, 1000 + i, 0.6 + 0.05 * i);

      save_record (f, r, TRUE);
    }
  reopen_window (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (ids, g_strdup (neurona_runs_page_get_run (f->page, i)->id));
  before = snapshot_files (f->dir);
  g_assert_cmpuint (g_hash_table_size (before), ==, 8); /* run.json and the weights */
  show_runs_page (f);

  /* One run: selected, then Delete. */
  row = row_numbered (f->page, 3);
  deleted_dir = g_strdup (neurona_runs_page_get_run (f->page, row)->dir);
  neurona_runs_page_select (f->page, row);
  ui_test_spin_for (20);
  click (f, "Delete");
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 3);
  g_assert_false (g_file_test (deleted_dir, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==, "Run 3 deleted");
  /* The next run is selected, for the keyboard. */
  g_assert_cmpuint (neurona_runs_page_get_selected (f->page), ==, row);
  /* The toast slides in: its button is there from its first frame on. */
  ui_test_wait_mapped (ui_test_find_control (GTK_WIDGET (f->page), "Undo", 0));
  click (f, "Undo");
  g_assert_null (neurona_runs_page_get_toast_text (f->page));
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 4);
  after = snapshot_files (f->dir);
  assert_same_files (before, after);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (neurona_runs_page_get_run (f->page, i)->id, ==, ids->pdata[i]);
  /* The run that came back is selected again. */
  g_assert_cmpuint (neurona_runs_page_get_selected (f->page), ==, row);

  /* Several: ticked, then Delete compared, and Undo (Ctrl+Z's action). */
  for (guint n = 1; n <= 4; n++)
    neurona_runs_page_set_compared (f->page, row_numbered (f->page, n), n != 2);
  click (f, "Delete compared");
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 1);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==, "3 runs deleted");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.undo", NULL));
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 4);
  g_clear_pointer (&after, g_hash_table_unref);
  after = snapshot_files (f->dir);
  assert_same_files (before, after);
  /* They come back ticked. */
  g_assert_false (neurona_runs_page_get_compared (f->page, row_numbered (f->page, 2)));
  g_assert_true (neurona_runs_page_get_compared (f->page, row_numbered (f->page, 4)));
  g_assert_cmpuint (neurona_plot_get_n_series (neurona_runs_page_get_accuracy_plot (f->page)), ==, 3);

  /* Undo is for the last delete only, while its toast shows. */
  g_assert_false (neurona_runs_page_undo_delete (f->page));
  click (f, "Delete compared");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.dismiss-toast", NULL));
  g_assert_true (ui_test_wait_until (toast_gone, f->page, 1000));
  g_assert_false (neurona_runs_page_undo_delete (f->page));
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 1);
}

/* The toast offers Undo for ten seconds, and for as long as the focus is on it (a
 * screen reader user may need longer to get there); then the runs stay deleted. */
static void
test_toast_expires (Fixture *f, gconstpointer data)
{
  g_autoptr (NrRunRecord) r = make_record (64, 1000);
  GtkWidget *undo;

  save_record (f, r, FALSE);
  reopen_window (f);
  show_runs_page (f);
  neurona_runs_page_select (f->page, 0);
  click (f, "Delete");
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==, "Run 1 deleted");
  undo = ui_test_find_control (GTK_WIDGET (f->page), "Undo", 0);
  ui_test_wait_mapped (undo);
  ui_test_spin_for (300); /* it slides in */
  ui_test_save_screenshot (GTK_WIDGET (f->window), "runs-toast.png", NULL);
  g_assert_true (gtk_widget_grab_focus (undo));
  ui_test_spin_for (11000);
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==, "Run 1 deleted");
  g_assert_true (gtk_widget_get_mapped (undo));
  g_assert_true (ui_test_find_control (GTK_WIDGET (f->page), "Undo", 0) == undo);

  gtk_widget_grab_focus (GTK_WIDGET (neurona_runs_page_get_column_view (f->page)));
  g_assert_true (ui_test_wait_until (toast_gone, f->page, 12000));
  g_assert_false (neurona_runs_page_undo_delete (f->page));
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 0);
  /* Gone from the page once it has faded: nothing of it is left to read or click. */
  g_object_add_weak_pointer (G_OBJECT (undo), (gpointer *) &undo);
  ui_test_spin_for (600);
  g_assert_null (undo);
  g_assert_null (ui_test_find_visible_label (GTK_WIDGET (f->page), "Run 1 deleted"));
  /* The list is empty: the page says so, and what will fill it. */
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), "No Saved Runs Yet"));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page),
                                                "Every training run you start appears here, "
                                                "with its settings, curves and trained model."));
  ui_test_save_screenshot (GTK_WIDGET (f->window), "runs-empty.png", NULL);
}

/* Forty runs compared: the legends wrap and the side-by-side table scrolls inside the
 * page; neither the page nor the window grows wider. (The table once widened the window to
 * 2912 pixels with 19 runs.) */
static void
test_many_runs_keep_width (Fixture *f, gconstpointer data)
{
  GtkWidget *window;
  int width, page_min, page_nat;
  graphene_rect_t plot_bounds;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr (NrRunRecord) r = make_record_full (10 + 7 * i, 2 + i % 5, 1000 + i, 0.5 + 0.01 * i);

      r->config.seed = 1000 + i; /* another column that differs */
      save_record (f, r, FALSE);
    }
  reopen_window (f);
  window = GTK_WIDGET (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  show_runs_page (f);
  ui_test_spin_for (200);
  width = gtk_widget_get_width (window);
  g_assert_cmpint (width, <=, 1280);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 40);

  click (f, "Compare all");
  neurona_runs_page_set_curves (f->page, NEURONA_RUNS_CURVES_BOTH);
  ui_test_wait_for_frame (GTK_WIDGET (f->page));
  ui_test_spin_for (300);
  g_assert_cmpuint (neurona_plot_get_n_series (neurona_runs_page_get_accuracy_plot (f->page)), ==, 40);
  g_assert_cmpint (gtk_widget_get_width (window), ==, width);
  gtk_widget_measure (GTK_WIDGET (f->page), GTK_ORIENTATION_HORIZONTAL, -1, &page_min, &page_nat,
                      NULL, NULL);
  g_test_message ("window %d px, page min %d nat %d", width, page_min, page_nat);
  g_assert_cmpint (page_nat, <=, width);
  g_assert_cmpint (page_min, <=, 1024);
  /* The plots stay plots, not slivers. */
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (neurona_runs_page_get_accuracy_plot (f->page)),
                                            GTK_WIDGET (f->page), &plot_bounds));
  g_assert_cmpfloat (plot_bounds.size.height, >=, 220);
  g_assert_cmpfloat (plot_bounds.size.width, >=, 400);
  if (g_getenv ("NEURONA_SCREENSHOT_DIR") != NULL)
    ui_test_save_screenshot (window, "runs-compare-40.png", NULL);
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

/* Rename with Enter, a note saved after a pause: both in run.json; an empty name brings
 * the default one back. */
static void
test_rename_and_note (Fixture *f, gconstpointer data)
{
  g_autoptr (NrRunRecord) r = make_record (64, 1000);
  g_autoptr (NrRunRecord) on_disk = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *entry, *note;
  GtkTextBuffer *buffer;
  g_autofree char *dir = NULL;

  save_record (f, r, FALSE);
  dir = g_strdup (r->dir);
  reopen_window (f);
  show_runs_page (f);
  /* The details show once a run is selected. */
  g_assert_false (gtk_widget_is_visible (ui_test_find_control (GTK_WIDGET (f->page), "Open", 0)));
  neurona_runs_page_select (f->page, 0);
  entry = ui_test_find_control (GTK_WIDGET (f->page), "Name", 0);
  note = ui_test_find_control (GTK_WIDGET (f->page), "Note", 0);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_true (GTK_IS_TEXT_VIEW (note));
  g_assert_true (gtk_widget_is_visible (entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "64 relu · 2 epochs");

  gtk_editable_set_text (GTK_EDITABLE (entry), "  wide and shallow  ");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->name, ==, "wide and shallow");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "wide and shallow");
  assert_cell (f->page, 0, NEURONA_RUNS_COLUMN_NAME, "wide and shallow");
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), "wide and shallow"));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (note));
  gtk_text_buffer_set_text (buffer, "Overfits after epoch 8.\nTry dropout.", -1);
  ui_test_spin_for (1200); /* the note is saved after a pause */
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->note, ==,
                   "Overfits after epoch 8.\nTry dropout.");
  g_assert_true (ui_test_wait_until (saved_cb, f->window, 10000));
  on_disk = nr_run_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (on_disk->name, ==, "wide and shallow");
  g_assert_cmpstr (on_disk->note, ==, "Overfits after epoch 8.\nTry dropout.");

  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->name, ==, "64 relu · 2 epochs");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "64 relu · 2 epochs");
  g_assert_true (ui_test_wait_until (saved_cb, f->window, 10000));
}

static gboolean
gallery_has_predictions (gpointer window)
{
  NeuronaPredictionGallery *gallery = NULL;
  g_autoptr (GPtrArray) all = ui_test_find_all (GTK_WIDGET (window), NEURONA_TYPE_PREDICTION_GALLERY);

  gallery = all->pdata[0];
  return neurona_prediction_gallery_get_counts (gallery, NULL, NULL);
}

/* Enter (activate) on a row reopens it: the session's current run, its curves and outcome
 * on the Model & Training page, its predictions from its saved weights. */
static void
test_open_run (Fixture *f, gconstpointer data)
{
  g_autoptr (NrRunRecord) a = make_record_full (32, 3, 1000, 0.81);
  g_autoptr (NrRunRecord) b = make_record_full (16, 2, 2000, 0.62);
  NeuronaTrainPage *train_page = neurona_window_get_train_page (f->window);
  NeuronaSession *session;
  NeuronaRunItem *item;
  guint row;

  save_record (f, a, TRUE);
  save_record (f, b, TRUE);
  reopen_window (f);
  session = neurona_window_get_session (f->window);
  train_page = neurona_window_get_train_page (f->window);
  show_runs_page (f);
  row = row_named (f->page, a->name);
  item = neurona_runs_page_get_item (f->page, row);
  g_signal_emit_by_name (neurona_runs_page_get_column_view (f->page), "activate", row);
  g_assert_true (neurona_session_get_current (session) == item);
  g_assert_cmpuint (neurona_runs_page_get_selected (f->page), ==, row);
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (f->page), "Shown now on the Model"));

  /* Its curves per epoch and its outcome, as after its training. */
  g_assert_true (neurona_train_page_get_showing_record (train_page));
  g_assert_cmpuint (neurona_plot_get_n_points (neurona_train_page_get_accuracy_plot (train_page),
                                               NEURONA_TRAIN_SERIES_TEST), ==, 3);
  g_assert_cmpuint (neurona_plot_get_n_points (neurona_train_page_get_loss_plot (train_page),
                                               NEURONA_TRAIN_SERIES_EPOCH), ==, 3);
  g_assert_cmpuint (neurona_plot_get_n_points (neurona_train_page_get_loss_plot (train_page),
                                               NEURONA_TRAIN_SERIES_STEP), ==, 0);
  g_assert_true (g_str_has_prefix (neurona_train_page_get_status_text (train_page),
                                   "Test accuracy: 0.8100 · test loss: 0.6000 · 3 epochs in"));
  /* Its predictions, from its weights, once they are read. */
  g_assert_true (ui_test_wait_until (gallery_has_predictions, f->window, 10000));
  g_assert_nonnull (strstr (neurona_train_page_get_whose (train_page), "run 1 · 32 relu · 3 epochs"));

  /* The Open button does the same for the selected run. */
  neurona_runs_page_select (f->page, row_named (f->page, b->name));
  click (f, "Open");
  g_assert_true (neurona_session_get_current (session)
                 == neurona_runs_page_get_item (f->page, row_named (f->page, b->name)));
  g_assert_cmpuint (neurona_plot_get_n_points (neurona_train_page_get_accuracy_plot (train_page),
                                               NEURONA_TRAIN_SERIES_TEST), ==, 2);
  /* A change in the model panel keeps the run's curves on screen. */
  set_panel (f, 40, 4, TRUE);
  ui_test_spin_for (50);
  g_assert_cmpuint (neurona_plot_get_n_points (neurona_train_page_get_accuracy_plot (train_page),
                                               NEURONA_TRAIN_SERIES_TEST), ==, 2);
}

static void
assert_configs_equal (const NrTrainConfig *a, const NrTrainConfig *b)
{
  g_assert_cmpuint (a->model.n_hidden, ==, b->model.n_hidden);
  for (guint i = 0; i < a->model.n_hidden; i++)
    {
      g_assert_cmpuint (a->model.hidden[i].units, ==, b->model.hidden[i].units);
      g_assert_cmpint (a->model.hidden[i].activation, ==, b->model.hidden[i].activation);
      g_assert_cmpfloat (a->model.hidden[i].dropout, ==, b->model.hidden[i].dropout);
    }
  g_assert_cmpuint (a->model.outputs, ==, b->model.outputs);
  g_assert_cmpuint (a->model.input_size, ==, b->model.input_size);
  g_assert_cmpint (a->optimizer.kind, ==, b->optimizer.kind);
  g_assert_cmpfloat (a->optimizer.learning_rate, ==, b->optimizer.learning_rate);
  g_assert_cmpfloat (a->optimizer.momentum, ==, b->optimizer.momentum);
  g_assert_cmpfloat (a->optimizer.beta1, ==, b->optimizer.beta1);
  g_assert_cmpuint (a->epochs, ==, b->epochs);
  g_assert_cmpuint (a->batch_size, ==, b->batch_size);
  g_assert_cmpint (!!a->normalize, ==, !!b->normalize);
  g_assert_cmpuint (a->seed, ==, b->seed);
  g_assert_cmpuint (a->n_threads, ==, b->n_threads);
}

/* "Use these settings": the model panel gets the run's every setting, its dataset too,
 * and the Model & Training page shows them. */
static void
test_use_settings (Fixture *f, gconstpointer data)
{
  NrTrainConfig config, shown;
  g_autoptr (NrRunRecord) r = NULL;

  nr_train_config_init (&config);
  config.model.n_hidden = 2;
  config.model.hidden[0] = (NrLayerSpec) { .units = 64, .activation = NR_ACTIVATION_TANH, .dropout = 0.25f };
  config.model.hidden[1] = (NrLayerSpec) { .units = 32, .activation = NR_ACTIVATION_RELU, .dropout = 0.0f };
  config.model.outputs = 12;
  nr_optimizer_spec_init (&config.optimizer, NR_OPTIMIZER_SGD);
  config.optimizer.learning_rate = 0.05f;
  config.optimizer.momentum = 0.9f; /* no control in the panel shows it: kept all the same */
  config.epochs = 3;
  config.batch_size = 64;
  config.normalize = FALSE;
  config.seed = 7;
  r = nr_run_record_new (NR_DATASET_MNIST, &config, 300, 100, 1000);
  for (guint i = 0; i < 3; i++)
    nr_run_record_add_epoch (r, &(NrEpochRecord) { 1.0, 0.7, 1.1, 0.68, 0.3 });
  save_record (f, r, FALSE);
  reopen_window (f);
  show_runs_page (f);
  neurona_runs_page_select (f->page, 0);
  click (f, "Use these settings");

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (neurona_window_get_stack (f->window)), ==,
                   "training");
  g_assert_cmpuint (neurona_window_get_dataset_id (f->window), ==, NR_DATASET_MNIST);
  neurona_model_panel_get_config (neurona_window_get_model_panel (f->window), &shown);
  assert_configs_equal (&shown, &config);
  /* Changing the optimizer forgets what no control showed. */
  {
    AdwComboRow *optimizer = ADW_COMBO_ROW (ui_test_find_control (GTK_WIDGET (f->window), "Optimizer", 0));

    g_assert_nonnull (optimizer);
    adw_combo_row_set_selected (optimizer, NR_OPTIMIZER_ADAM);
    adw_combo_row_set_selected (optimizer, NR_OPTIMIZER_SGD);
    neurona_model_panel_get_config (neurona_window_get_model_panel (f->window), &shown);
    g_assert_cmpfloat (shown.optimizer.momentum, ==, 0.0f);
  }
}

/* "Train again": the same settings, seed, data and limits, so the same curves, bit for
 * bit; the panel shows the settings. */
static void
test_train_again (Fixture *f, gconstpointer data)
{
  RunWait wait = { f->window, 2 };
  const NrRunRecord *first, *again;
  NrTrainConfig shown;
  guint row;

  train (f, 24, 2, TRUE);
  /* Other settings in the panel, other limits in the window: "Train again" uses the run's. */
  set_panel (f, 100, 1, FALSE);
  neurona_window_set_limits (f->window, 200, 50);
  show_runs_page (f);
  neurona_runs_page_select (f->page, 0);
  click (f, "Train again");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (neurona_window_get_stack (f->window)), ==,
                   "training");
  g_assert_true (ui_test_wait_until (run_recorded, &wait, 60000));

  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_NUMBER, GTK_SORT_ASCENDING);
  first = neurona_runs_page_get_run (f->page, 0);
  again = neurona_runs_page_get_run (f->page, 1);
  row = row_numbered (f->page, 2);
  g_assert_cmpuint (row, ==, 1);
  g_assert_cmpuint (again->train_size, ==, 300);
  g_assert_cmpuint (again->test_size, ==, 100);
  g_assert_cmpuint (again->config.model.hidden[0].units, ==, 24);
  g_assert_cmpuint (again->history->len, ==, first->history->len);
  for (guint e = 0; e < first->history->len; e++)
    {
      const NrEpochRecord *a = &g_array_index (first->history, NrEpochRecord, e);
      const NrEpochRecord *b = &g_array_index (again->history, NrEpochRecord, e);

      /* Bit for bit: the same doubles, not merely close ones (time aside). */
      g_assert_cmpmem (&a->train_loss, sizeof (double), &b->train_loss, sizeof (double));
      g_assert_cmpmem (&a->train_accuracy, sizeof (double), &b->train_accuracy, sizeof (double));
      g_assert_cmpmem (&a->test_loss, sizeof (double), &b->test_loss, sizeof (double));
      g_assert_cmpmem (&a->test_accuracy, sizeof (double), &b->test_accuracy, sizeof (double));
    }
  neurona_model_panel_get_config (neurona_window_get_model_panel (f->window), &shown);
  g_assert_cmpuint (shown.model.hidden[0].units, ==, 24);
  g_assert_cmpuint (shown.epochs, ==, 2);
  g_assert_true (shown.normalize);
}

/* "Train again" of a run on a dataset not loaded yet: it loads, then the run starts, on
 * that dataset with the run's limits. */
static void
test_train_again_other_dataset (Fixture *f, gconstpointer data)
{
  RunWait wait = { NULL, 2 };
  NrTrainConfig config;
  g_autoptr (NrRunRecord) r = NULL;
  const NrRunRecord *again;

  nr_train_config_init (&config);
  config.model.hidden[0].units = 16;
  config.epochs = 1;
  config.train_limit = 200;
  config.test_limit = 50;
  r = nr_run_record_new (NR_DATASET_MNIST, &config, 200, 50, 1000);
  nr_run_record_add_epoch (r, &(NrEpochRecord) { 1.0, 0.7, 1.1, 0.68, 0.3 });
  save_record (f, r, FALSE);
  reopen_window (f);
  wait.window = f->window;
  g_assert_null (neurona_session_get_dataset (neurona_window_get_session (f->window),
                                              NR_DATASET_MNIST));
  show_runs_page (f);
  neurona_runs_page_select (f->page, 0);
  click (f, "Train again");
  g_assert_true (ui_test_wait_until (run_recorded, &wait, 60000));
  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_NUMBER, GTK_SORT_DESCENDING);
  again = neurona_runs_page_get_run (f->page, 0);
  g_assert_cmpint (again->dataset, ==, NR_DATASET_MNIST);
  g_assert_cmpuint (again->train_size, ==, 200);
  g_assert_cmpuint (again->test_size, ==, 50);
  g_assert_cmpuint (again->config.model.hidden[0].units, ==, 16);
  g_assert_cmpuint (neurona_window_get_dataset_id (f->window), ==, NR_DATASET_MNIST);
}

/* The history as Keras' CSVLogger writes it; a file that cannot be written says why. */
static void
test_export_csv (Fixture *f, gconstpointer data)
{
  g_autoptr (NrRunRecord) r = make_record_full (32, 3, 1000, 0.81);
  g_autofree char *path = g_build_filename (f->dir, "history.csv", NULL);
  g_autofree char *bad_path = g_build_filename (f->dir, "missing", "history.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr (GError) error = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;

  save_record (f, r, FALSE);
  want = nr_run_record_to_csv (r, NULL);
  reopen_window (f);
  g_assert_true (neurona_runs_page_export_csv (f->page, 0, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &got, NULL, NULL));
  g_assert_cmpstr (got, ==, want);
  g_assert_true (g_str_has_prefix (got, "epoch,accuracy,loss,val_accuracy,val_loss\n0,"));
  g_assert_false (neurona_runs_page_export_csv (f->page, 0, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Twenty runs at 1280 × 800 and 1024 × 768, light and dark: the page keeps the window's
 * size; screenshots (runs-<language>-<style>-<size>[-compare].png) show the table with the
 * details, then the comparison. Run with LANGUAGE=es for the Spanish ones. */
static void
test_screenshots (Fixture *f, gconstpointer data)
{
  static const int sizes[][2] = { { 1280, 800 }, { 1024, 768 } };
  const char *language = g_getenv ("LANGUAGE");
  GtkScrolledWindow *content;

  if (language == NULL || language[0] == '\0')
    language = "en";
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr (NrRunRecord) r = make_record_full (i % 3 == 0 ? 128 : i % 3 == 1 ? 28 : 88,
                                                    5 + 5 * (i % 2), 1000 + 600 * i,
                                                    0.78 + 0.005 * ((i * 7) % 20));

      r->config.normalize = i % 4 != 3;
      r->config.seed = 42 + (i % 5 == 4);
      r->seconds = 20.0 + 37.0 * i;
      if (i == 7)
        r->status = NR_TRAIN_CANCELLED;
      if (i == 11)
        nr_run_record_set_note (r, "Overfits after epoch 6.");
      save_record (f, r, i == 11);
    }
  reopen_window (f);
  show_runs_page (f);
  for (guint n = 1; n <= 20; n += 4)
    neurona_runs_page_set_compared (f->page, row_numbered (f->page, n), TRUE);
  neurona_runs_page_select (f->page, row_numbered (f->page, 12));
  content = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (neurona_runs_page_get_accuracy_plot (f->page)),
                                                          GTK_TYPE_SCROLLED_WINDOW));

  for (guint dark = 0; dark < 2; dark++)
    {
      ui_test_set_dark ((gboolean) dark);
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (content);
          g_autofree char *name = g_strdup_printf ("runs-%s-%s-%dx%d.png", language,
                                                   dark ? "dark" : "light", sizes[s][0], sizes[s][1]);
          g_autofree char *lower = g_strdup_printf ("runs-%s-%s-%dx%d-compare.png", language,
                                                    dark ? "dark" : "light", sizes[s][0], sizes[s][1]);

          gtk_window_set_default_size (GTK_WINDOW (f->window), sizes[s][0], sizes[s][1]);
          neurona_runs_page_set_curves (f->page, NEURONA_RUNS_CURVES_TEST);
          gtk_adjustment_set_value (v, 0);
          ui_test_spin_for (300);
          ui_test_wait_for_frame (GTK_WIDGET (f->window));
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, sizes[s][0]);
          g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, sizes[s][1]);
          if (g_getenv ("NEURONA_SCREENSHOT_DIR") == NULL)
            continue;
          ui_test_save_screenshot (GTK_WIDGET (f->window), name, NULL);
          neurona_runs_page_set_curves (f->page, NEURONA_RUNS_CURVES_BOTH);
          ui_test_spin_for (100);
          gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v) - gtk_adjustment_get_page_size (v));
          ui_test_spin_for (200);
          ui_test_save_screenshot (GTK_WIDGET (f->window), lower, NULL);
        }
    }
  ui_test_set_dark (FALSE);

  /* Run 12 opened: its curves and outcome on Model & Training. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.open", NULL));
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "training");
  ui_test_spin_for (400);
  ui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (neurona_train_page_get_showing_record (neurona_window_get_train_page (f->window)));
  if (g_getenv ("NEURONA_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("runs-%s-opened-training.png", language);

      ui_test_save_screenshot (GTK_WIDGET (f->window), name, NULL);
    }
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
  /* The build tree's catalogues, for the screenshots in another LANGUAGE (the checks
   * expect the English texts). */
  if (g_getenv ("NEURONA_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("NEURONA_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  gtk_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (ignore_bus_warning, NULL);

  subset = g_build_filename (nr_project_data_dir (), "subset", NULL);
  g_setenv ("NEURONA_DATA_DIR", subset, TRUE);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ui/runs/lists-runs", test_lists_runs);
  ADD ("/ui/runs/sorted-best-first", test_sorted_best_first);
  ADD ("/ui/runs/duration-text", test_duration_text);
  ADD ("/ui/runs/compare", test_compare);
  ADD ("/ui/runs/corrupt-file", test_corrupt_file);
  ADD ("/ui/runs/restart", test_restart);
  ADD ("/ui/runs/delete", test_delete);
  ADD ("/ui/runs/delete-undo-restores-files", test_delete_undo);
  ADD ("/ui/runs/toast-expires", test_toast_expires);
  ADD ("/ui/runs/many-runs-keep-width", test_many_runs_keep_width);
  ADD ("/ui/runs/save-fails", test_save_fails);
  ADD ("/ui/runs/rename-and-note", test_rename_and_note);
  ADD ("/ui/runs/open-run", test_open_run);
  ADD ("/ui/runs/use-settings", test_use_settings);
  ADD ("/ui/runs/train-again-same-curves", test_train_again);
  ADD ("/ui/runs/train-again-other-dataset", test_train_again_other_dataset);
  ADD ("/ui/runs/export-csv", test_export_csv);
  ADD ("/ui/runs/screenshots", test_screenshots);
#undef ADD
  return g_test_run ();
}
