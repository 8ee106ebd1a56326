/* test-leaderboard.c — comparing runs more deeply, and runs brought together from
 * anywhere: the Runs page's list as a leaderboard that sorts by every column (time
 * included) and filters by dataset; the runs of other folders (a teacher's, with a folder
 * per student) added by "Open runs folder…" or a drop on the window, without duplicates,
 * marked with where they come from, and never deleted from there; and two runs'
 * predictions side by side on the Predictions page: exactly the test images one got
 * right and the other wrong, both ways, each card with both verdicts, with runs that
 * cannot be compared explained.
 *
 * Runs under Xvfb with GSK_RENDERER=cairo on the committed subset; every test has its own
 * NEURONA_RUNS_DIR. */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona-application.h"
#include "neurona-comparison.h"
#include "neurona-prediction-card.h"
#include "neurona-prediction-detail.h"
#include "neurona-prediction-gallery.h"
#include "neurona-runs-page.h"
#include "neurona-window.h"
#include "ui-test-util.h"

typedef struct
{
  NeuronaApplication *app;
  NeuronaWindow *window;
  NeuronaRunsPage *page;
  char *dir;   /* the lab's runs folder */
  char *other; /* a folder of other people's runs */
} Fixture;

/* Fixture ------------------------------------------------------------------------------ */

static gboolean
runs_loaded (gpointer data)
{
  return neurona_session_get_runs_loaded (data);
}

static void
open_window (Fixture *f)
{
  ui_test_open_window (&f->app, &f->window, NULL);
  f->page = neurona_window_get_runs_page (f->window);
  g_assert_true (ui_test_wait_until (runs_loaded, neurona_window_get_session (f->window), 10000));
}

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

  f->dir = g_dir_make_tmp ("neurona-test-leaderboard-XXXXXX", &error);
  g_assert_no_error (error);
  f->other = g_dir_make_tmp ("neurona-test-class-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("NEURONA_RUNS_DIR", f->dir, TRUE);
  open_window (f);
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
  remove_tree (f->other);
  g_free (f->dir);
  g_free (f->other);
}

/* Runs ------------------------------------------------------------------------------ */

/* A finished run of `epochs` epochs on dataset with this final test accuracy, tested on
 * test_size images. */
static NrRunRecord *
make_record (NrDatasetId dataset, guint units, gint64 start_time, double accuracy,
             double seconds, guint test_size)
{
  NrTrainConfig config;
  NrRunRecord *record;
  NrTrainResult result = { 0 };

  nr_train_config_init (&config);
  config.model.hidden[0].units = units;
  config.epochs = 2;
  record = nr_run_record_new (dataset, &config, 300, test_size, start_time);
  for (guint i = 0; i < 2; i++)
    {
      NrEpochRecord e = { 0.9 - 0.2 * i, 0.6 + 0.2 * i, 0.8 - 0.1 * i,
                          accuracy - 0.05 * (1 - i), seconds / 2 };

      nr_run_record_add_epoch (record, &e);
    }
  result.status = NR_TRAIN_COMPLETED;
  result.epochs_completed = 2;
  result.seconds = seconds;
  nr_run_record_finish (record, &result);
  return record;
}

/* Saves record into dir, with the untrained weights of its network for `seed` when
 * with_weights; returns its id. */
static char *
save_in (const char *dir, NrRunRecord *record, gboolean with_weights, guint64 seed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrModel) model = NULL;
  g_autoptr (NrWeights) weights = NULL;

  if (with_weights)
    {
      model = nr_model_new (&record->config.model, seed, &error);
      g_assert_no_error (error);
      weights = nr_weights_new_from_model (model);
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (nr_run_save (record, weights, dir, &error));
  g_assert_no_error (error);
  return g_strdup (record->id);
}

static guint
row_of_id (NeuronaRunsPage *page, const char *id)
{
  for (guint i = 0; i < neurona_runs_page_get_n_runs (page); i++)
    if (g_strcmp0 (neurona_runs_page_get_run (page, i)->id, id) == 0)
      return i;
  g_error ("no run %s is listed", id);
}

static guint
count_id (NeuronaRunsPage *page, const char *id)
{
  guint n = 0;

  for (guint i = 0; i < neurona_runs_page_get_n_runs (page); i++)
    n += g_strcmp0 (neurona_runs_page_get_run (page, i)->id, id) == 0;
  return n;
}

/* The listed runs' ids, in the table's order, joined by spaces. */
static char *
listed_ids (NeuronaRunsPage *page)
{
  g_autoptr (GString) ids = g_string_new (NULL);

  for (guint i = 0; i < neurona_runs_page_get_n_runs (page); i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", neurona_runs_page_get_run (page, i)->id);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static void
show_runs_page (Fixture *f)
{
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "runs");
  ui_test_wait_for_frame (GTK_WIDGET (f->page));
}

typedef struct
{
  NeuronaRunsPage *page;
  guint n;
} CountWait;

static gboolean
n_runs_is (gpointer data)
{
  CountWait *w = data;

  return neurona_runs_page_get_n_runs (w->page) == w->n;
}

static gboolean
has_error_text_cb (gpointer page)
{
  return neurona_runs_page_get_error_text (page) != NULL;
}

/* Nothing in path, or no path at all. */
static gboolean
empty_or_missing (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);

  return dir == NULL || g_dir_read_name (dir) == NULL;
}

static NeuronaPredictionGallery *
gallery_of (Fixture *f)
{
  g_autoptr (GPtrArray) all = ui_test_find_all (GTK_WIDGET (f->window),
                                                NEURONA_TYPE_PREDICTION_GALLERY);

  g_assert_cmpuint (all->len, ==, 1);
  return all->pdata[0];
}

static gboolean
toast_shown (gpointer page)
{
  return neurona_runs_page_get_toast_text (page) != NULL;
}

/* Adds path's runs as "Open runs folder…" does and waits for the toast that ends it. */
static void
add_folder (Fixture *f, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.dismiss-toast", NULL);
  g_assert_null (neurona_runs_page_get_toast_text (f->page));
  neurona_runs_page_add_runs_from (f->page, &file, 1);
  g_assert_true (ui_test_wait_until (toast_shown, f->page, 10000));
}

/* The leaderboard ------------------------------------------------------------------- */

/* Every column sorts, both ways: by the time a run took (shortest first, a duration that
 * is no duration last) and by when it started; the name and the "From" column too, and a
 * thousand runs would sort the same way (keys, not formatted text). */
static void
test_sorts_by_time (Fixture *f, gconstpointer data)
{
  static const struct { gint64 start; double seconds; const char *name; } runs[] = {
    { 1795760000, 300.0, "beta" },
    { 1795760900, 12.5, "Álvaro" },
    { 1795760300, 7200.0, "alpha" },
    { 1795760600, 45.0, "gamma" },
  };
  g_autoptr (GPtrArray) id_list = g_ptr_array_new_with_free_func (g_free);
  char **ids;
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr (NrRunRecord) r = make_record (NR_DATASET_FASHION_MNIST, 32, runs[i].start,
                                               0.8 + 0.01 * i, runs[i].seconds, 100);

      nr_run_record_set_name (r, runs[i].name);
      g_ptr_array_add (id_list, save_in (f->dir, r, FALSE, 1));
    }
  ids = (char **) id_list->pdata;
  reopen_window (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 4);
  g_assert_true (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_DURATION));
  g_assert_true (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_STARTED));
  g_assert_true (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_TEST_ACCURACY));

  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_DURATION, GTK_SORT_ASCENDING);
  got = listed_ids (f->page);
  want = g_strjoin (" ", ids[1], ids[3], ids[0], ids[2], NULL);
  g_assert_cmpstr (got, ==, want);
  g_clear_pointer (&got, g_free);
  g_clear_pointer (&want, g_free);
  {
    g_autofree char *cell = neurona_runs_page_get_cell_text (f->page, 0, NEURONA_RUNS_COLUMN_DURATION);

    g_assert_cmpstr (cell, ==, "12.5 s");
  }

  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_DURATION, GTK_SORT_DESCENDING);
  got = listed_ids (f->page);
  want = g_strjoin (" ", ids[2], ids[0], ids[3], ids[1], NULL);
  g_assert_cmpstr (got, ==, want);
  g_clear_pointer (&got, g_free);
  g_clear_pointer (&want, g_free);

  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_STARTED, GTK_SORT_ASCENDING);
  got = listed_ids (f->page);
  want = g_strjoin (" ", ids[0], ids[2], ids[3], ids[1], NULL);
  g_assert_cmpstr (got, ==, want);
  g_clear_pointer (&got, g_free);
  g_clear_pointer (&want, g_free);

  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_STARTED, GTK_SORT_DESCENDING);
  got = listed_ids (f->page);
  want = g_strjoin (" ", ids[1], ids[3], ids[2], ids[0], NULL);
  g_assert_cmpstr (got, ==, want);
  g_clear_pointer (&got, g_free);
  g_clear_pointer (&want, g_free);

  /* Names in the order g_utf8_collate gives in this locale ("Álvaro" between "alpha" and
   * "beta" in a Spanish or English one, after "gamma" in C.UTF-8). */
  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_NAME, GTK_SORT_ASCENDING);
  for (guint i = 1; i < neurona_runs_page_get_n_runs (f->page); i++)
    g_assert_cmpint (g_utf8_collate (neurona_runs_page_get_run (f->page, i - 1)->name,
                                     neurona_runs_page_get_run (f->page, i)->name), <, 0);
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->name, ==, "alpha");

  /* A rename re-sorts by the new name. */
  {
    NeuronaSession *session = neurona_window_get_session (f->window);

    neurona_session_rename_run (session, neurona_runs_page_get_item (f->page, 0), "zeta");
    neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_NAME, GTK_SORT_ASCENDING);
    /* "zeta" comes after "beta" and "gamma" now, in any locale. */
    g_assert_cmpuint (row_of_id (f->page, ids[2]), >, row_of_id (f->page, ids[0]));
    g_assert_cmpuint (row_of_id (f->page, ids[2]), >, row_of_id (f->page, ids[3]));
    g_assert_cmpstr (neurona_runs_page_get_run (f->page, row_of_id (f->page, ids[2]))->name, ==,
                     "zeta");
  }
}

/* "Filter by dataset": All, MNIST digits, Fashion-MNIST; exactly that dataset's runs,
 * and its accessible name is its label's. */
static void
test_dataset_filter (Fixture *f, gconstpointer data)
{
  static const NrDatasetId datasets[] = {
    NR_DATASET_MNIST, NR_DATASET_FASHION_MNIST, NR_DATASET_FASHION_MNIST, NR_DATASET_MNIST,
    NR_DATASET_FASHION_MNIST,
  };
  g_autoptr (GPtrArray) id_list = g_ptr_array_new_with_free_func (g_free);
  char **ids;
  GtkWidget *dropdown;
  GtkLabel *label;
  GListModel *model;

  for (guint i = 0; i < G_N_ELEMENTS (datasets); i++)
    {
      g_autoptr (NrRunRecord) r = make_record (datasets[i], 16 + i, 1795761000 + i, 0.7,
                                               10.0, 100);

      g_ptr_array_add (id_list, save_in (f->dir, r, FALSE, 1));
    }
  ids = (char **) id_list->pdata;
  reopen_window (f);
  show_runs_page (f);

  dropdown = ui_test_find_control (GTK_WIDGET (f->page), "Filter by dataset", 0);
  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  label = ui_test_find_label (GTK_WIDGET (f->page), "Filter by dataset");
  g_assert_nonnull (label);
  g_assert_true (gtk_label_get_mnemonic_widget (label) == dropdown);
  /* Named by its label alone: the relation, no label property of its own. */
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (dropdown),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (dropdown),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "All");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), ==, "MNIST digits");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 2), ==, "Fashion-MNIST");

  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 5);
  for (int d = 0; d < NR_N_DATASETS; d++)
    {
      guint want = 0;

      /* As a click on the drop-down's item does. */
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), (guint) d + 1);
      g_assert_cmpint (neurona_runs_page_get_dataset_filter (f->page), ==, d);
      for (guint i = 0; i < G_N_ELEMENTS (datasets); i++)
        {
          guint listed = 0;

          for (guint r = 0; r < neurona_runs_page_get_n_runs (f->page); r++)
            listed += g_strcmp0 (neurona_runs_page_get_run (f->page, r)->id, ids[i]) == 0;
          g_assert_cmpuint (listed, ==, (int) datasets[i] == d ? 1 : 0);
          want += (int) datasets[i] == d;
        }
      g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, want);
      for (guint r = 0; r < neurona_runs_page_get_n_runs (f->page); r++)
        g_assert_cmpint (neurona_runs_page_get_run (f->page, r)->dataset, ==, d);
    }
  /* A run that arrives meanwhile is filtered too. */
  {
    g_autoptr (NrRunRecord) r = make_record (NR_DATASET_MNIST, 77, 1795762000, 0.9, 10.0, 100);
    g_autofree char *id = save_in (f->dir, r, FALSE, 1);
    CountWait wait = { f->page, 3 };

    g_assert_cmpint (neurona_runs_page_get_dataset_filter (f->page), ==, NR_DATASET_FASHION_MNIST);
    neurona_runs_page_set_dataset_filter (f->page, NR_DATASET_MNIST);
    g_assert_true (ui_test_wait_until (n_runs_is, &wait, 10000));
    g_assert_cmpuint (count_id (f->page, id), ==, 1);
  }
  neurona_runs_page_set_dataset_filter (f->page, NEURONA_RUNS_ALL_DATASETS);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 0);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 6);
}

/* The settings columns are those that differ among the runs shown, filtered or not; a
 * filter that leaves nothing says why the list is empty. */
static void
test_filter_updates_columns (Fixture *f, gconstpointer data)
{
  static const struct { NrDatasetId dataset; guint units; double rate; } runs[] = {
    { NR_DATASET_MNIST, 32, 0.001 },
    { NR_DATASET_MNIST, 64, 0.001 },
    { NR_DATASET_FASHION_MNIST, 32, 0.001 },
    { NR_DATASET_FASHION_MNIST, 32, 0.01 },
  };
  const char *hint = "No run in the list was trained on Fashion-MNIST: choose “All” in “Filter "
                     "by dataset” to list the others.";

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr (NrRunRecord) r = make_record (runs[i].dataset, runs[i].units, 1795761500 + i, 0.7,
                                               10.0, 100);
      g_autofree char *id = NULL;

      r->config.optimizer.learning_rate = runs[i].rate;
      id = save_in (f->dir, r, FALSE, 1);
    }
  reopen_window (f);
  show_runs_page (f);
  g_assert_true (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_HIDDEN));
  g_assert_true (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_LEARNING_RATE));

  neurona_runs_page_set_dataset_filter (f->page, NR_DATASET_MNIST);
  ui_test_spin_for (20);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 2);
  g_assert_true (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_HIDDEN));
  g_assert_false (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_LEARNING_RATE));

  neurona_runs_page_set_dataset_filter (f->page, NR_DATASET_FASHION_MNIST);
  ui_test_spin_for (20);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 2);
  g_assert_false (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_HIDDEN));
  g_assert_true (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_LEARNING_RATE));
  g_assert_null (ui_test_find_visible_label (GTK_WIDGET (f->page), hint));

  /* Both Fashion-MNIST runs deleted: the empty list says it is the filter. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.compare-all", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.delete-compared", NULL));
  ui_test_spin_for (20);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 0);
  ui_test_wait_for_frame (GTK_WIDGET (f->page));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), hint));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), "No Runs of This Dataset"));
  g_assert_null (ui_test_find_visible_label (GTK_WIDGET (f->page), "No Saved Runs Yet"));
  neurona_runs_page_set_dataset_filter (f->page, NEURONA_RUNS_ALL_DATASETS);
  ui_test_spin_for (20);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 2);
  g_assert_null (ui_test_find_visible_label (GTK_WIDGET (f->page), hint));
  g_assert_null (ui_test_find_visible_label (GTK_WIDGET (f->page), "No Runs of This Dataset"));
}

/* Runs from other folders ------------------------------------------------------------ */

/* A teacher's folder: a sub-folder per student holding the runs they copied, one of them
 * a copy of a run the lab already has. Opening it adds every run once; opening it again
 * adds nothing; the lab's own copy stays its own. */
static void
test_open_folder_merges (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = g_build_filename (f->other, "alice", NULL);
  g_autofree char *bob = g_build_filename (f->other, "bob", NULL);
  g_autofree char *own_id = NULL;
  g_autofree char *a1 = NULL, *a2 = NULL, *b1 = NULL;
  g_autofree char *other_name = g_path_get_basename (f->other);
  g_autofree char *alice_from = g_strconcat (other_name, "/alice", NULL);
  g_autofree char *toast = NULL;

  {
    g_autoptr (NrRunRecord) own = make_record (NR_DATASET_FASHION_MNIST, 64, 1795763000, 0.85,
                                               30.0, 100);
    g_autofree char *own_dir = NULL;
    g_autofree char *copy = NULL;
    g_autofree char *argv_cmd = NULL;

    own_id = save_in (f->dir, own, TRUE, 1);
    own_dir = g_strdup (own->dir);
    /* Bob copied the teacher's demo run into his folder. */
    g_assert_cmpint (g_mkdir_with_parents (bob, 0755), ==, 0);
    copy = g_build_filename (bob, own_id, NULL);
    argv_cmd = g_strdup_printf ("cp -r '%s' '%s'", own_dir, copy);
    g_assert_true (g_spawn_command_line_sync (argv_cmd, NULL, NULL, NULL, NULL));
  }
  {
    g_autoptr (NrRunRecord) r1 = make_record (NR_DATASET_FASHION_MNIST, 16, 1795763100, 0.80, 20.0, 100);
    g_autoptr (NrRunRecord) r2 = make_record (NR_DATASET_MNIST, 32, 1795763200, 0.95, 25.0, 100);
    g_autoptr (NrRunRecord) r3 = make_record (NR_DATASET_FASHION_MNIST, 128, 1795763300, 0.88, 40.0, 100);

    nr_run_record_set_name (r1, "Alice's first");
    a1 = save_in (alice, r1, TRUE, 2);
    a2 = save_in (alice, r2, FALSE, 2);
    b1 = save_in (bob, r3, TRUE, 3);
  }
  {
    /* Alice has a copy of Bob's run too: the same id twice in one folder. */
    g_autofree char *from = g_build_filename (bob, b1, NULL);
    g_autofree char *to = g_build_filename (alice, b1, NULL);
    g_autofree char *cmd = g_strdup_printf ("cp -r '%s' '%s'", from, to);

    g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL));
  }
  reopen_window (f);
  show_runs_page (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 1);
  g_assert_false (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_FROM));

  add_folder (f, f->other);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 4);
  g_assert_cmpuint (count_id (f->page, own_id), ==, 1);
  g_assert_cmpuint (count_id (f->page, a1), ==, 1);
  g_assert_cmpuint (count_id (f->page, a2), ==, 1);
  g_assert_cmpuint (count_id (f->page, b1), ==, 1);
  toast = g_strdup_printf ("3 runs added from “%s” (2 were listed already)", other_name);
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==, toast);
  g_assert_null (neurona_runs_page_get_error_text (f->page));

  /* Where each comes from, in a column of its own; the lab's own run is still its own
   * (its folder, not Bob's copy). */
  g_assert_true (neurona_runs_page_get_column_visible (f->page, NEURONA_RUNS_COLUMN_FROM));
  {
    g_autofree char *own = neurona_runs_page_get_cell_text (f->page, row_of_id (f->page, own_id),
                                                            NEURONA_RUNS_COLUMN_FROM);
    g_autofree char *from_a1 = neurona_runs_page_get_cell_text (f->page, row_of_id (f->page, a1),
                                                                NEURONA_RUNS_COLUMN_FROM);
    g_autofree char *from_b1 = neurona_runs_page_get_cell_text (f->page, row_of_id (f->page, b1),
                                                                NEURONA_RUNS_COLUMN_FROM);
    g_autofree char *own_dir = g_build_filename (f->dir, own_id, NULL);

    g_assert_cmpstr (own, ==, "your runs");
    g_assert_cmpstr (from_a1, ==, alice_from);
    /* Of the two copies of Bob's run, the first found in folder order: Alice's. */
    g_assert_cmpstr (from_b1, ==, alice_from);
    g_assert_cmpstr (neurona_runs_page_get_run (f->page, row_of_id (f->page, own_id))->dir, ==,
                     own_dir);
    g_assert_null (neurona_run_item_get_origin (neurona_runs_page_get_item (f->page,
                                                                            row_of_id (f->page, own_id))));
  }
  /* Numbered after the lab's own, oldest first. */
  g_assert_cmpuint (neurona_run_item_get_number (neurona_runs_page_get_item (f->page, row_of_id (f->page, a1))), ==, 2);
  g_assert_cmpuint (neurona_run_item_get_number (neurona_runs_page_get_item (f->page, row_of_id (f->page, b1))), ==, 4);

  /* The same folder again, and one student's folder: nothing doubles. */
  add_folder (f, f->other);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 4);
  g_free (toast);
  toast = g_strdup_printf ("The 5 runs in “%s” are listed already", other_name);
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==, toast);
  add_folder (f, alice);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 4);
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==,
                   "The 3 runs in “alice” are listed already");

  /* Sorted by where they come from: the lab's own first. */
  neurona_runs_page_sort_by (f->page, NEURONA_RUNS_COLUMN_FROM, GTK_SORT_ASCENDING);
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->id, ==, own_id);
  {
    g_autofree char *last = neurona_runs_page_get_cell_text (f->page, 3, NEURONA_RUNS_COLUMN_FROM);

    g_assert_cmpstr (last, ==, alice_from);
  }
}

/* A folder that is not there, a folder with no runs, a broken run among good ones. */
static void
test_open_folder_problems (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->other, "missing", NULL);
  g_autofree char *empty = g_build_filename (f->other, "empty", NULL);
  g_autofree char *mixed = g_build_filename (f->other, "mixed", NULL);
  g_autofree char *broken = g_build_filename (mixed, "20260101-000000-dead", NULL);
  g_autofree char *broken_json = g_build_filename (broken, "run.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (missing);
  g_autoptr (NrRunRecord) good = make_record (NR_DATASET_MNIST, 8, 1795764000, 0.5, 3.0, 100);
  g_autofree char *good_id = save_in (mixed, good, FALSE, 1);
  const char *error_text;

  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (broken, 0755), ==, 0);
  g_assert_true (g_file_set_contents (broken_json, "{ broken", -1, NULL));

  neurona_runs_page_add_runs_from (f->page, &file, 1);
  g_assert_true (ui_test_wait_until (has_error_text_cb, f->page, 10000));
  error_text = neurona_runs_page_get_error_text (f->page);
  g_assert_true (g_str_has_prefix (error_text, "No runs could be read from “missing”:"));
  g_assert_nonnull (strstr (error_text, "no such file or folder"));

  add_folder (f, empty);
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==, "No runs in “empty”");
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 0);

  add_folder (f, mixed);
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==, "1 run added from “mixed”");
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 1);
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->id, ==, good_id);
  error_text = neurona_runs_page_get_error_text (f->page);
  g_assert_nonnull (error_text);
  g_assert_true (g_str_has_prefix (error_text, "Some runs in “mixed” could not be read:\n"));
  {
    g_autofree char *name = g_filename_display_name (broken_json);

    g_assert_nonnull (strstr (error_text, name));
  }
}

/* Delete on another folder's run takes it off the list and leaves its files alone; Undo
 * brings it back. */
static void
test_delete_foreign_keeps_files (Fixture *f, gconstpointer data)
{
  g_autoptr (NrRunRecord) r = make_record (NR_DATASET_FASHION_MNIST, 16, 1795765000, 0.8, 5.0, 100);
  g_autofree char *id = save_in (f->other, r, TRUE, 4);
  g_autofree char *run_dir = g_build_filename (f->other, id, NULL);
  g_autofree char *weights = g_build_filename (run_dir, "model.safetensors", NULL);
  g_autofree char *trash = g_build_filename (f->other, ".trash", NULL);
  g_autofree char *own_trash = g_build_filename (f->dir, ".trash", NULL);
  g_autofree char *info = NULL;
  GtkLabel *details_info;

  show_runs_page (f);
  add_folder (f, f->other);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 1);
  neurona_runs_page_select (f->page, 0);
  ui_test_spin_for (20);
  info = g_strdup_printf ("From another folder: %s. Delete only takes it off this list; its "
                          "files stay there.", run_dir);
  details_info = ui_test_find_visible_label (GTK_WIDGET (f->page), info);
  g_assert_nonnull (details_info);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.delete", NULL));
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 0);
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==, "Run 1 taken off the list");
  /* Its files are where they were; no trash anywhere. */
  g_assert_true (g_file_test (weights, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (trash, G_FILE_TEST_EXISTS));
  g_assert_true (empty_or_missing (own_trash));

  g_assert_true (neurona_runs_page_undo_delete (f->page));
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 1);
  g_assert_cmpstr (neurona_runs_page_get_run (f->page, 0)->id, ==, id);
  g_assert_cmpstr (neurona_run_item_get_origin (neurona_runs_page_get_item (f->page, 0)), !=, NULL);
}

/* Folders dropped on the window join the list, as "Open runs folder…" does. */
static void
test_drop_on_window (Fixture *f, gconstpointer data)
{
  g_autofree char *one = g_build_filename (f->other, "one", NULL);
  g_autofree char *two = g_build_filename (f->other, "two", NULL);
  g_autoptr (NrRunRecord) r1 = make_record (NR_DATASET_MNIST, 8, 1795766000, 0.5, 3.0, 100);
  g_autoptr (NrRunRecord) r2 = make_record (NR_DATASET_MNIST, 9, 1795766100, 0.6, 3.0, 100);
  g_autofree char *id1 = save_in (one, r1, FALSE, 1);
  g_autofree char *id2 = save_in (two, r2, FALSE, 1);
  g_autofree char *run_dir = g_build_filename (two, id2, NULL);
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  GtkDropTarget *target = NULL;
  GSList *files = NULL;
  g_auto (GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (c))
        target = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (target);
  g_assert_true (gtk_drop_target_get_actions (target) & GDK_ACTION_COPY);

  /* A runs folder and a single run folder, as a file manager drags them. */
  files = g_slist_append (files, g_file_new_for_path (one));
  files = g_slist_append (files, g_file_new_for_path (run_dir));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free_full (files, g_object_unref);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (neurona_window_get_stack (f->window)), ==, "runs");
  g_assert_true (ui_test_wait_until (toast_shown, f->page, 10000));
  g_assert_cmpstr (neurona_runs_page_get_toast_text (f->page), ==, "2 runs added from 2 folders");
  g_assert_cmpuint (count_id (f->page, id1), ==, 1);
  g_assert_cmpuint (count_id (f->page, id2), ==, 1);
  {
    g_autofree char *from1 = neurona_runs_page_get_cell_text (f->page, row_of_id (f->page, id1),
                                                              NEURONA_RUNS_COLUMN_FROM);
    g_autofree char *from2 = neurona_runs_page_get_cell_text (f->page, row_of_id (f->page, id2),
                                                              NEURONA_RUNS_COLUMN_FROM);

    g_assert_cmpstr (from1, ==, "one");
    g_assert_cmpstr (from2, ==, "two");
  }
}

/* Predictions side by side ----------------------------------------------------------- */

/* The test's own reckoning: each run's weights read from its model.safetensors, its
 * predictions on the first n test images of the dataset the test loaded itself. */
static guint *
predict_independently (const char *run_dir, const NrRunRecord *record, const NrImageSet *test,
                       guint n)
{
  g_autofree char *path = g_build_filename (run_dir, "model.safetensors", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (NrWeights) weights = nr_weights_load (path, &record->config.model, &error);
  guint outputs = record->config.model.outputs;
  g_autofree float *probs = g_new (float, (gsize) n * outputs);
  guint *predicted = g_new (guint, n);

  g_assert_no_error (error);
  nr_model_predict (nr_weights_get_model (weights), test->pixels, n, record->config.normalize,
                    probs);
  for (guint i = 0; i < n; i++)
    {
      guint best = 0;

      for (guint k = 1; k < outputs; k++)
        if (probs[(gsize) i * outputs + k] > probs[(gsize) i * outputs + best])
          best = k;
      predicted[i] = best;
    }
  return predicted;
}

static gboolean
comparison_done (gpointer gallery)
{
  NeuronaComparison *c = neurona_prediction_gallery_get_comparison (gallery);

  return c != NULL && neurona_comparison_get_state (c) != NEURONA_COMPARISON_WORKING;
}

static gboolean
flip_side_is_b (gpointer gallery)
{
  return neurona_prediction_gallery_get_flip_side (gallery) == 1;
}

/* A UiTestPredicate: the Predictions page's large view is open (into *data). */
static gboolean
detail_open (gpointer data)
{
  NeuronaPredictionDetail **detail = data;
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (tops, i);

      if (NEURONA_IS_PREDICTION_DETAIL (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        *detail = NEURONA_PREDICTION_DETAIL (w);
    }
  return *detail != NULL;
}

static GPtrArray *
cards_of (NeuronaPredictionGallery *gallery)
{
  return ui_test_find_all (neurona_prediction_gallery_get_grid (gallery),
                           NEURONA_TYPE_PREDICTION_CARD);
}

/* Two runs on Fashion-MNIST, tested on 300 and 200 images, one with scaled pixels: the
 * view lists exactly the images of the first 200 that one got right and the other wrong,
 * both ways, in test order; the buttons count them; each card shows both verdicts with
 * ✓ / ✗; the summary says on which images. */
static void
test_flipped_predictions (Fixture *f, gconstpointer data)
{
  g_autoptr (NrRunRecord) ra = make_record (NR_DATASET_FASHION_MNIST, 24, 1795767000, 0.8, 9.0, 300);
  g_autoptr (NrRunRecord) rb = make_record (NR_DATASET_FASHION_MNIST, 40, 1795767100, 0.7, 9.0, 200);
  g_autofree char *ida = NULL, *idb = NULL;
  g_autofree char *dira = NULL, *dirb = NULL;
  g_autofree char *subset = g_build_filename (nr_project_data_dir (), "subset", NULL);
  g_autoptr (NrDataset) dataset = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guint *pa = NULL, *pb = NULL;
  g_autoptr (GArray) want_a = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) want_b = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *want[2] = { want_a, want_b };
  NeuronaPredictionGallery *gallery;
  NeuronaPredictionDetail *detail = NULL;
  guint na = 0, nb = 0, number[2];
  const guint n = 200;

  ra->config.normalize = TRUE;
  rb->config.normalize = FALSE;
  ida = save_in (f->dir, ra, TRUE, 11);
  idb = save_in (f->dir, rb, TRUE, 12);
  dira = g_strdup (ra->dir);
  dirb = g_strdup (rb->dir);
  dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, subset, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dataset->test->n, >, 300);
  pa = predict_independently (dira, ra, dataset->test, n);
  pb = predict_independently (dirb, rb, dataset->test, n);
  for (guint i = 0; i < n; i++)
    {
      gboolean right_a = pa[i] == dataset->test->labels[i];
      gboolean right_b = pb[i] == dataset->test->labels[i];

      if (right_a != right_b)
        g_array_append_val (want[right_a ? 0 : 1], i);
      na += right_a;
      nb += right_b;
    }
  /* Untrained networks, one on scaled pixels and one not: they differ both ways. */
  g_assert_cmpuint (want[0]->len, >, 0);
  g_assert_cmpuint (want[1]->len, >, 0);

  reopen_window (f);
  show_runs_page (f);
  gallery = gallery_of (f);
  neurona_runs_page_set_compared (f->page, row_of_id (f->page, ida), TRUE);
  g_assert_false (gtk_widget_is_sensitive (ui_test_find_control (GTK_WIDGET (f->page),
                                                                 "Where predictions differ", 0)));
  neurona_runs_page_set_compared (f->page, row_of_id (f->page, idb), TRUE);
  ui_test_spin_for (20);
  g_assert_null (neurona_runs_page_get_compare_note (f->page));
  {
    GtkWidget *button = ui_test_find_control (GTK_WIDGET (f->page), "Where predictions differ", 0);

    g_assert_true (gtk_widget_is_sensitive (button));
    ui_test_assert_accessible_label (button, "Where predictions differ");
    g_assert_true (gtk_widget_activate (button));
  }
  g_assert_true (ui_test_wait_until (comparison_done, gallery, 20000));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (neurona_window_get_stack (f->window)), ==,
                   "predictions");
  g_assert_cmpint (neurona_comparison_get_state (neurona_prediction_gallery_get_comparison (gallery)),
                   ==, NEURONA_COMPARISON_READY);
  for (guint r = 0; r < 2; r++)
    number[r] = neurona_run_item_get_number (neurona_comparison_get_run (
      neurona_prediction_gallery_get_comparison (gallery), r));
  g_assert_cmpuint (number[0], ==, 1); /* by run number: the older first */
  g_assert_cmpuint (number[1], ==, 2);

  for (guint side = 0; side < 2; side++)
    {
      GtkToggleButton *button = neurona_prediction_gallery_get_flip_button (gallery, side);
      g_autofree char *label = g_strdup_printf ("Run %u right, run %u wrong: %u image%s",
                                                number[side], number[1 - side], want[side]->len,
                                                want[side]->len == 1 ? "" : "s");
      g_autoptr (GPtrArray) cards = NULL;
      const guint *shown;
      guint n_shown;

      if (side == 1)
        {
          /* A click: the button's activation runs on the frame clock. */
          g_assert_true (gtk_widget_activate (GTK_WIDGET (button)));
          g_assert_true (ui_test_wait_until (flip_side_is_b, gallery, 5000));
        }
      g_assert_cmpuint (neurona_prediction_gallery_get_flip_side (gallery), ==, side);
      g_assert_true (gtk_toggle_button_get_active (button));
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, label);
      ui_test_assert_accessible_label (GTK_WIDGET (button), label);

      shown = neurona_prediction_gallery_get_shown (gallery, &n_shown);
      g_assert_cmpuint (n_shown, ==, want[side]->len);
      g_assert_cmpmem (shown, n_shown * sizeof (guint), want[side]->data,
                       want[side]->len * sizeof (guint));

      /* The first page's cards: both runs' verdicts, in words and symbols. */
      ui_test_wait_for_frame (GTK_WIDGET (gallery));
      cards = cards_of (gallery);
      g_assert_cmpuint (cards->len, ==, MIN (15, want[side]->len));
      for (guint c = 0; c < cards->len; c++)
        {
          NeuronaPredictionCard *card = cards->pdata[c];
          guint i = shown[c];

          g_assert_true (neurona_prediction_card_get_paired (card));
          g_assert_cmpuint (neurona_prediction_card_get_index (card), ==, i);
          for (guint r = 0; r < 2; r++)
            {
              guint pred = r == 0 ? pa[i] : pb[i];
              gboolean right = pred == dataset->test->labels[i];
              g_autofree char *prefix = g_strdup_printf ("Run %u: %s ", number[r],
                                                         nr_dataset_info (NR_DATASET_FASHION_MNIST)->class_names[pred]);

              g_assert_cmpint (neurona_prediction_card_get_pair_verdict (card, r), ==,
                               right ? NEURONA_VERDICT_RIGHT : NEURONA_VERDICT_WRONG);
              g_assert_cmpint (right, ==, r == side);
              g_assert_true (g_str_has_prefix (neurona_prediction_card_get_pair_text (card, r), prefix));
              g_assert_cmpstr (gtk_label_get_text (neurona_prediction_card_get_pair_symbol (card, r)),
                               ==, right ? "✓" : "✗");
              g_assert_true (gtk_widget_is_visible (GTK_WIDGET (neurona_prediction_card_get_pair_bars (card, r))));
            }
        }
    }
  {
    g_autofree char *all = nr_format_count (dataset->test->n);
    g_autofree char *summary = g_strdup_printf (
      "On the first 200 of the %s test images (those both runs were tested on), run 1 got %u "
      "right and run 2 %u. Their verdicts differ on %u images: one run right, the other wrong.",
      all, na, nb, want[0]->len + want[1]->len);

    g_assert_cmpstr (neurona_prediction_gallery_get_summary (gallery), ==, summary);
  }

  /* The large view of a differing image, one of the 200 both runs were tested on: both
   * runs' verdicts and columns; Next goes to the next differing image. */
  {
    g_autoptr (GPtrArray) cards = cards_of (gallery);
    g_autofree char *all = nr_format_count (n);
    g_autofree char *title = NULL;
    g_autofree char *header = NULL;
    const guint *shown = neurona_prediction_gallery_get_shown (gallery, NULL);
    guint i = shown[0];
    guint pred_a = pa[i];
    GtkWidget *flow = gtk_widget_get_parent (cards->pdata[0]);
    GtkGrid *table;

    g_signal_emit_by_name (flow, "child-activated", cards->pdata[0]);
    g_assert_true (ui_test_wait_until (detail_open, &detail, 3000));
    g_object_add_weak_pointer (G_OBJECT (detail), (gpointer *) &detail);
    title = g_strdup_printf ("Test image i = %u (of %s)", i, all);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (detail)), ==, title);
    table = neurona_prediction_detail_get_table (detail);
    for (guint r = 0; r < 2; r++)
      {
        GtkWidget *w = gtk_grid_get_child_at (table, 2 + (int) r, 0);

        g_free (header);
        header = g_strdup_printf ("Run %u", number[r]);
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (w)), ==, header);
      }
    g_assert_nonnull (gtk_grid_get_child_at (table, 0, 10));
    g_assert_null (gtk_grid_get_child_at (table, 0, 11));
    ui_test_wait_for_frame (GTK_WIDGET (detail));
    ui_test_save_screenshot (GTK_WIDGET (detail), "compare-large-view.png", NULL);
    {
      g_autofree char *line = g_strdup_printf (
        "✗ Run %u: %s", number[0], nr_dataset_info (NR_DATASET_FASHION_MNIST)->class_names[pred_a]);

      g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (detail), line));
    }
    if (want[1]->len > 1)
      {
        g_autofree char *next = g_strdup_printf ("Test image i = %u (of %s)", shown[1], all);

        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "detail.next", NULL));
        g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (detail)), ==, next);
      }
  }

  /* Back to the current run's predictions: the large view of the comparison closes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gallery), "gallery.stop-comparing", NULL));
  g_assert_null (neurona_prediction_gallery_get_comparison (gallery));
  g_assert_null (detail);
  {
    g_autoptr (GPtrArray) cards = cards_of (gallery);

    for (guint c = 0; c < cards->len; c++)
      g_assert_false (neurona_prediction_card_get_paired (cards->pdata[c]));
  }
}

/* Runs that cannot be compared image by image are explained, never crashed on: another
 * dataset, no weights (a run saved without them, a Neurona 0.1 file), weights that turn
 * out corrupt when read. */
static void
test_compare_explained (Fixture *f, gconstpointer data)
{
  g_autoptr (NrRunRecord) fashion = make_record (NR_DATASET_FASHION_MNIST, 16, 1795768000, 0.8, 5.0, 100);
  g_autoptr (NrRunRecord) mnist = make_record (NR_DATASET_MNIST, 16, 1795768100, 0.9, 5.0, 100);
  g_autoptr (NrRunRecord) bare = make_record (NR_DATASET_FASHION_MNIST, 32, 1795768200, 0.7, 5.0, 100);
  g_autoptr (NrRunRecord) spoilt = make_record (NR_DATASET_FASHION_MNIST, 48, 1795768300, 0.75, 5.0, 100);
  g_autofree char *legacy_src = g_test_build_filename (G_TEST_DIST, "data", "legacy-0.1.run", NULL);
  g_autofree char *legacy = g_build_filename (f->dir, "old.run", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *model = NULL;
  g_autofree char *id_fashion = NULL, *id_mnist = NULL, *id_bare = NULL, *id_spoilt = NULL;
  NeuronaPredictionGallery *gallery;
  gsize len;

  id_fashion = save_in (f->dir, fashion, TRUE, 1);
  id_mnist = save_in (f->dir, mnist, TRUE, 2);
  id_bare = save_in (f->dir, bare, FALSE, 3);
  id_spoilt = save_in (f->dir, spoilt, TRUE, 4);
  /* The last weight becomes NaN: the header is fine, so only reading the values finds it. */
  model = g_build_filename (spoilt->dir, "model.safetensors", NULL);
  g_assert_true (g_file_get_contents (model, &contents, &len, NULL));
  memset (contents + len - 4, 0xff, 4);
  g_assert_true (g_file_set_contents (model, contents, (gssize) len, NULL));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (legacy_src, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (legacy, contents, (gssize) len, NULL));
  reopen_window (f);
  show_runs_page (f);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 5);
  gallery = gallery_of (f);

  {
    /* Numbered oldest first: the Neurona 0.1 run is run 1, then 2 … 5 as saved. */
    struct { const char *other; const char *note; } cases[] = {
      { id_mnist, "Runs 2 and 3 were tested on different datasets (Fashion-MNIST, MNIST digits): "
                  "their predictions cannot be compared image by image." },
      { id_bare, "Run 4 has no saved weights: there are no predictions to compare." },
      { "old", "Run 1 has no saved weights (Neurona 0.1 kept only the settings and the history): "
               "there are no predictions to compare." },
    };

    for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        GtkWidget *button = ui_test_find_control (GTK_WIDGET (f->page), "Where predictions differ", 0);

        gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.compare-none", NULL);
        neurona_runs_page_set_compared (f->page, row_of_id (f->page, id_fashion), TRUE);
        neurona_runs_page_set_compared (f->page, row_of_id (f->page, cases[c].other), TRUE);
        ui_test_spin_for (20);
        g_assert_cmpstr (neurona_runs_page_get_compare_note (f->page), ==, cases[c].note);
        g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), cases[c].note));
        g_assert_false (gtk_widget_is_sensitive (button));
        /* The action refuses too, so a shortcut cannot get round it. */
        gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.compare-predictions", NULL);
        g_assert_null (neurona_prediction_gallery_get_comparison (gallery));
      }
  }
  /* Three ticked: no note, the action off. */
  neurona_runs_page_set_compared (f->page, row_of_id (f->page, id_spoilt), TRUE);
  ui_test_spin_for (20);
  g_assert_null (neurona_runs_page_get_compare_note (f->page));
  g_assert_false (gtk_widget_is_sensitive (ui_test_find_control (GTK_WIDGET (f->page),
                                                                 "Where predictions differ", 0)));

  /* Corrupt weights are only found when read: the Predictions page says so. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.compare-none", NULL);
  neurona_runs_page_set_compared (f->page, row_of_id (f->page, id_fashion), TRUE);
  neurona_runs_page_set_compared (f->page, row_of_id (f->page, id_spoilt), TRUE);
  ui_test_spin_for (20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.compare-predictions", NULL));
  g_assert_true (ui_test_wait_until (comparison_done, gallery, 20000));
  g_assert_cmpint (neurona_comparison_get_state (neurona_prediction_gallery_get_comparison (gallery)),
                   ==, NEURONA_COMPARISON_FAILED);
  {
    const char *summary = neurona_prediction_gallery_get_summary (gallery);
    g_autofree char *name = g_filename_display_name (model);

    g_assert_true (g_str_has_prefix (summary, name));
    g_assert_nonnull (strstr (summary, "not a finite number"));
  }
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (neurona_prediction_gallery_get_flip_button (gallery, 0))));
  {
    g_autoptr (GPtrArray) cards = cards_of (gallery);

    g_assert_cmpuint (cards->len, ==, 0);
  }
}

/* Screenshots ------------------------------------------------------------------------ */

static void
keep_books (const NrProgress *p, const NrModel *model, gpointer user_data)
{
  nr_run_record_add_progress (user_data, p);
}

/* A short real run on the subset, saved into dir with its weights. */
static char *
train_and_save (const char *dir, NrDataset *dataset, guint units, guint epochs, gboolean scaled,
                const char *name)
{
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (GError) error = NULL;
  NrTrainConfig config;
  NrTrainResult result;

  nr_train_config_init (&config);
  config.model.hidden[0].units = units;
  config.epochs = epochs;
  config.normalize = scaled;
  config.train_limit = 2000;
  config.test_limit = 500;
  trainer = nr_trainer_new (&config, dataset->train, dataset->test, 10, &error);
  g_assert_no_error (error);
  record = nr_run_record_new_for_trainer (trainer, dataset->id, dataset);
  g_assert_true (nr_trainer_run (trainer, keep_books, record, &result, &error));
  g_assert_no_error (error);
  nr_run_record_finish (record, &result);
  if (name != NULL)
    nr_run_record_set_name (record, name);
  weights = nr_weights_new_from_model (nr_trainer_get_model (trainer));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (nr_run_save (record, weights, dir, &error));
  g_assert_no_error (error);
  return g_strdup (record->id);
}

/* The leaderboard with a class's runs added (the "From" column, the filter) and two runs
 * ticked; then where their predictions differ. At 1280 × 800 and 1024 × 768, light and
 * dark: leaderboard-<language>-<style>-<size>.png and compare-<…>.png. The page keeps the
 * window's size. Run with LANGUAGE=es for the Spanish ones. */
static void
test_screenshots (Fixture *f, gconstpointer data)
{
  static const int sizes[][2] = { { 1280, 800 }, { 1024, 768 } };
  static const char *const students[] = { "alice", "bruno", "chen" };
  const char *language = g_getenv ("LANGUAGE");
  g_autofree char *subset = g_build_filename (nr_project_data_dir (), "subset", NULL);
  g_autoptr (NrDataset) fashion = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  NeuronaPredictionGallery *gallery;

  if (language == NULL || language[0] == '\0')
    language = "en";
  fashion = nr_dataset_load (NR_DATASET_FASHION_MNIST, subset, &error);
  g_assert_no_error (error);
  mine = train_and_save (f->dir, fashion, 128, 3, TRUE, NULL);
  for (guint s = 0; s < G_N_ELEMENTS (students); s++)
    {
      g_autofree char *folder = g_build_filename (f->other, "class 3B", students[s], NULL);

      for (guint r = 0; r < 2; r++)
        {
          g_autofree char *id = train_and_save (folder, fashion, r == 0 ? 28 : 88, 2 + s,
                                                !(s == 1 && r == 1), NULL);

          if (s == 1 && r == 1)
            theirs = g_steal_pointer (&id);
        }
    }
  {
    g_autoptr (NrRunRecord) old = make_record (NR_DATASET_MNIST, 64, 1795769000, 0.93, 95.0, 1000);
    g_autofree char *id = save_in (f->dir, old, FALSE, 1);
  }
  reopen_window (f);
  show_runs_page (f);
  {
    g_autofree char *class = g_build_filename (f->other, "class 3B", NULL);

    add_folder (f, class);
  }
  g_assert_cmpuint (neurona_runs_page_get_n_runs (f->page), ==, 8);
  neurona_runs_page_set_compared (f->page, row_of_id (f->page, mine), TRUE);
  neurona_runs_page_set_compared (f->page, row_of_id (f->page, theirs), TRUE);
  neurona_runs_page_select (f->page, row_of_id (f->page, theirs));
  gallery = gallery_of (f);

  for (guint dark = 0; dark < 2; dark++)
    {
      ui_test_set_dark ((gboolean) dark);
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          g_autofree char *board = g_strdup_printf ("leaderboard-%s-%s-%dx%d.png", language,
                                                    dark ? "dark" : "light", sizes[s][0], sizes[s][1]);
          g_autofree char *compare = g_strdup_printf ("compare-%s-%s-%dx%d.png", language,
                                                      dark ? "dark" : "light", sizes[s][0],
                                                      sizes[s][1]);

          gtk_window_set_default_size (GTK_WINDOW (f->window), sizes[s][0], sizes[s][1]);
          neurona_prediction_gallery_set_comparison (gallery, NULL);
          show_runs_page (f);
          ui_test_spin_for (300);
          ui_test_wait_for_frame (GTK_WIDGET (f->window));
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, sizes[s][0]);
          g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, sizes[s][1]);
          ui_test_save_screenshot (GTK_WIDGET (f->window), board, NULL);

          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "runs.compare-predictions",
                                                     NULL));
          g_assert_true (ui_test_wait_until (comparison_done, gallery, 20000));
          g_assert_cmpint (neurona_comparison_get_state (neurona_prediction_gallery_get_comparison (gallery)),
                           ==, NEURONA_COMPARISON_READY);
          neurona_prediction_gallery_set_flip_side (gallery, dark);
          ui_test_spin_for (300);
          ui_test_wait_for_frame (GTK_WIDGET (f->window));
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, sizes[s][0]);
          g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, sizes[s][1]);
          ui_test_save_screenshot (GTK_WIDGET (f->window), compare, NULL);
        }
    }
  ui_test_set_dark (FALSE);
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
  ADD ("/ui/leaderboard/sorts-by-time", test_sorts_by_time);
  ADD ("/ui/leaderboard/dataset-filter", test_dataset_filter);
  ADD ("/ui/leaderboard/filter-updates-columns", test_filter_updates_columns);
  ADD ("/ui/leaderboard/open-folder-merges-without-duplicates", test_open_folder_merges);
  ADD ("/ui/leaderboard/open-folder-problems", test_open_folder_problems);
  ADD ("/ui/leaderboard/delete-foreign-keeps-files", test_delete_foreign_keeps_files);
  ADD ("/ui/leaderboard/drop-on-window", test_drop_on_window);
  ADD ("/ui/compare/flipped-predictions", test_flipped_predictions);
  ADD ("/ui/compare/explained", test_compare_explained);
  ADD ("/ui/compare/screenshots", test_screenshots);
#undef ADD
  return g_test_run ();
}
