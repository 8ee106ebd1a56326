/* test-sweeps.c — sweeps in the lab: "Sweep…" refuses values it cannot read and says how
 * many runs the rest make; a sweep of two values makes exactly two runs with those values,
 * saved in the runs folder and named by the sweep's file; cancelling the sweep (or one run)
 * leaves the finished runs whole and no half-saved run; the chart has one square per run
 * where its value and test accuracy put it, opens a run from a click or the keyboard, and
 * says its points in words; the way the runs were scheduled is measured and said; a saved
 * sweep comes back with its chart after a restart.
 *
 * Runs under Xvfb with GSK_RENDERER=cairo on the committed subset, each test in a runs
 * folder of its own, with small train and test limits. */
#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona/sweep.h"
#include "neurona-application.h"
#include "neurona-plot-private.h"
#include "neurona-sweep-dialog.h"
#include "neurona-sweeps-page.h"
#include "neurona-window.h"
#include "ui-test-util.h"

typedef struct
{
  NeuronaApplication *app;
  NeuronaWindow *window;
  NeuronaSession *session;
  NeuronaSweepsPage *page;
  char *dir;
} Fixture;

static gboolean
runs_loaded (gpointer data)
{
  return neurona_session_get_runs_loaded (data);
}

static void
open_window (Fixture *f)
{
  ui_test_open_window (&f->app, &f->window, "training");
  f->session = neurona_window_get_session (f->window);
  f->page = neurona_window_get_sweeps_page (f->window);
  g_assert_true (ui_test_wait_until (runs_loaded, f->session, 10000));
  /* Small and quick: 300 training images (10 batches an epoch), 100 test images. */
  neurona_window_set_limits (f->window, 300, 100);
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
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("neurona-test-sweeps-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("NEURONA_RUNS_DIR", f->dir, TRUE);
  g_unsetenv ("NEURONA_SWEEP_SCHEDULE");
  open_window (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ui_test_close_window (&f->window, &f->app);
  g_unsetenv ("NEURONA_SWEEP_SCHEDULE");
  remove_tree (f->dir);
  g_free (f->dir);
}

static void
set_panel (Fixture *f, guint units, guint epochs)
{
  GtkWidget *root = GTK_WIDGET (f->window);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ui_test_find_control (root, "Hidden units", 0)), units);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ui_test_find_control (root, "Epochs", 0)), epochs);
  ui_test_spin_for (10);
}

/* Presses "Sweep…" beside Train and returns the dialog it opens. */
static NeuronaSweepDialog *
open_dialog (Fixture *f)
{
  GtkWidget *button = ui_test_find_control (GTK_WIDGET (f->window), "Sweep…", 0);
  NeuronaSweepDialog *dialog;

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.sweep");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sweep", NULL));
  dialog = neurona_window_get_sweep_dialog (f->window);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  ui_test_wait_mapped (GTK_WIDGET (dialog));
  return dialog;
}

static GtkWidget *
dialog_control (NeuronaSweepDialog *dialog, const char *label)
{
  GtkWidget *control = ui_test_find_control (GTK_WIDGET (dialog), label, 0);

  if (control == NULL)
    g_error ("the dialog has no control labelled “%s”", label);
  return control;
}

/* Types the values into the dialog's field as a student would, and chooses the setting. */
static void
type_values (NeuronaSweepDialog *dialog, guint axis, NrSweepSetting setting, const char *text)
{
  GtkDropDown *drop = GTK_DROP_DOWN (dialog_control (dialog, axis == 0 ? "Setting" : "Second setting"));
  GtkEditable *entry = GTK_EDITABLE (dialog_control (dialog, axis == 0 ? "Values" : "Its values"));
  guint position = 0;

  if (axis == 1)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (dialog_control (dialog, "Also vary a second setting (a grid of runs)")), TRUE);
  while (neurona_sweep_dialog_get_setting_at (position) != setting)
    position++;
  gtk_drop_down_set_selected (drop, position);
  gtk_editable_set_text (entry, text);
}

static gboolean
sweep_ended (gpointer data)
{
  return !neurona_sweep_queue_get_running (data);
}

static void
catch_queue (NeuronaSession *session, GParamSpec *pspec, NeuronaSweepQueue **queue)
{
  if (*queue == NULL && neurona_session_get_sweep (session) != NULL)
    *queue = g_object_ref (neurona_session_get_sweep (session));
}

/* Presses Start sweep; returns the queue (a reference) once it is going (a small sweep
 * may have ended already). */
static NeuronaSweepQueue *
start_sweep (Fixture *f, NeuronaSweepDialog *dialog)
{
  NeuronaSweepQueue *queue = NULL;
  gulong id = g_signal_connect (f->session, "notify::sweep", G_CALLBACK (catch_queue), &queue);

  g_assert_true (neurona_sweep_dialog_get_can_start (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sweep.start", NULL));
  g_signal_handler_disconnect (f->session, id);
  g_assert_nonnull (queue);
  ui_test_spin_for (10);
  g_assert_null (neurona_window_get_sweep_dialog (f->window));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (neurona_window_get_stack (f->window)), ==,
                   "sweeps");
  /* Nothing else trains meanwhile: Train and Sweep… are off while it runs. */
  if (neurona_sweep_queue_get_running (queue))
    {
      g_assert_false (gtk_widget_get_sensitive (ui_test_find_control (GTK_WIDGET (f->window), "Train", 0)));
      g_assert_false (gtk_widget_get_sensitive (ui_test_find_control (GTK_WIDGET (f->window), "Sweep…", 0)));
    }
  return queue;
}

static void
wait_ended (NeuronaSweepQueue *queue)
{
  g_assert_true (ui_test_wait_until (sweep_ended, queue, 120000));
  ui_test_spin_for (50);
}

/* A sweep of the units through values, one epoch each; returns its queue once it ended. */
static NeuronaSweepQueue *
run_sweep (Fixture *f, NrSweepSetting setting, const char *values, guint seeds)
{
  NeuronaSweepDialog *dialog;
  NeuronaSweepQueue *queue;

  set_panel (f, 32, 1);
  dialog = open_dialog (f);
  type_values (dialog, 0, setting, values);
  if (seeds > 1)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (dialog_control (dialog, "Seeds per point")), seeds);
  queue = start_sweep (f, dialog);
  wait_ended (queue);
  return queue;
}

static GPtrArray *
load_runs (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  GPtrArray *runs = nr_run_load_all (f->dir, &errors, &error);

  g_assert_no_error (error);
  g_assert_nonnull (runs);
  /* Every run in the folder reads whole: nothing half-saved. */
  g_assert_cmpuint (errors->len, ==, 0);
  return runs;
}

static NrSweep *
load_only_sweep (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sweeps = nr_sweep_load_all (f->dir, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (sweeps->len, ==, 1);
  return g_ptr_array_steal_index (sweeps, 0);
}

static const NrRunRecord *
run_with_id (GPtrArray *runs, const char *id)
{
  for (guint i = 0; i < runs->len; i++)
    if (g_strcmp0 (((NrRunRecord *) runs->pdata[i])->id, id) == 0)
      return runs->pdata[i];
  return NULL;
}

static const NrRunRecord *
require_run (GPtrArray *runs, const char *id)
{
  const NrRunRecord *r = run_with_id (runs, id);

  if (r == NULL)
    g_error ("no run %s in the runs folder", id != NULL ? id : "(none)");
  return r;
}

/* Folders and files in the runs folder other than its runs, its sweeps and the trash:
 * what a half-done save would leave. */
static guint
count_leftovers (Fixture *f, GPtrArray *runs)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, NR_SWEEP_FILE_PREFIX) && g_str_has_suffix (name, NR_SWEEP_FILE_SUFFIX))
        continue;
      if (g_strcmp0 (name, NR_RUN_TRASH_DIR) == 0 || run_with_id (runs, name) != NULL)
        continue;
      g_test_message ("left over in the runs folder: %s", name);
      n++;
    }
  return n;
}

/* Tests --------------------------------------------------------------------------- */

/* The dialog reads values as the CLI does and refuses, in words under the field, what it
 * cannot read; Start sweep stays off until the values make runs, and the count says how
 * many. Its controls are named by their labels. */
static void
test_dialog_refuses_bad_values (Fixture *f, gconstpointer data)
{
  NeuronaSweepDialog *dialog;
  const char *error;

  set_panel (f, 32, 1);
  dialog = open_dialog (f);
  g_assert_false (neurona_sweep_dialog_get_can_start (dialog));
  g_assert_cmpstr (neurona_sweep_dialog_get_summary (dialog), ==, "Type the values to try.");
  g_assert_null (neurona_sweep_dialog_get_values_error (dialog, 0));

  type_values (dialog, 0, NR_SWEEP_UNITS, "16, abc");
  error = neurona_sweep_dialog_get_values_error (dialog, 0);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "abc"));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (dialog), error));
  g_assert_false (neurona_sweep_dialog_get_can_start (dialog));
  g_assert_false (gtk_widget_get_sensitive (dialog_control (dialog, "Start sweep")));

  type_values (dialog, 0, NR_SWEEP_UNITS, "16, 16");
  g_assert_nonnull (strstr (neurona_sweep_dialog_get_values_error (dialog, 0), "twice"));
  g_assert_false (neurona_sweep_dialog_get_can_start (dialog));

  type_values (dialog, 0, NR_SWEEP_UNITS, "16:250:16");
  g_assert_nonnull (strstr (neurona_sweep_dialog_get_values_error (dialog, 0), "240 or 256"));

  type_values (dialog, 0, NR_SWEEP_LEARNING_RATE, "0.001, -1");
  g_assert_nonnull (neurona_sweep_dialog_get_values_error (dialog, 0));
  g_assert_false (neurona_sweep_dialog_get_can_start (dialog));

  type_values (dialog, 0, NR_SWEEP_ACTIVATION, "relu, swish");
  g_assert_nonnull (strstr (neurona_sweep_dialog_get_values_error (dialog, 0), "swish"));

  /* A grid of one setting twice is refused under the second field. */
  type_values (dialog, 0, NR_SWEEP_UNITS, "16, 32");
  type_values (dialog, 1, NR_SWEEP_UNITS, "64");
  g_assert_nonnull (neurona_sweep_dialog_get_values_error (dialog, 1));
  g_assert_false (neurona_sweep_dialog_get_can_start (dialog));
  type_values (dialog, 1, NR_SWEEP_LEARNING_RATE, "1e-3:1e-1:x10");
  g_assert_null (neurona_sweep_dialog_get_values_error (dialog, 1));
  g_assert_true (neurona_sweep_dialog_get_can_start (dialog));
  g_assert_cmpstr (neurona_sweep_dialog_get_summary (dialog), ==,
                   "That makes 6 runs: 2 values × 3 values.");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (dialog_control (dialog, "Seeds per point")), 2);
  g_assert_cmpstr (neurona_sweep_dialog_get_summary (dialog), ==,
                   "That makes 12 runs: 2 values × 3 values × 2 seeds.");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (dialog_control (dialog, "Also vary a second setting (a grid of runs)")), FALSE);
  g_assert_cmpstr (neurona_sweep_dialog_get_summary (dialog), ==,
                   "That makes 4 runs: 2 values × 2 seeds.");
  g_assert_true (gtk_widget_get_sensitive (dialog_control (dialog, "Start sweep")));

  /* Accessible names are the visible labels. */
  ui_test_assert_accessible_label (dialog_control (dialog, "Start sweep"), "Start sweep");
  ui_test_assert_accessible_label (dialog_control (dialog, "Cancel"), "Cancel");
  ui_test_assert_accessible_label (dialog_control (dialog, "Also vary a second setting (a grid of runs)"),
                                   "Also vary a second setting (a grid of runs)");
  {
    static const char *labelled[] = { "Setting", "Values", "Seeds per point" };

    for (guint i = 0; i < G_N_ELEMENTS (labelled); i++)
      {
        GtkWidget *control = dialog_control (dialog, labelled[i]);
        g_autoptr (GList) labels = gtk_widget_list_mnemonic_labels (control);

        g_assert_nonnull (labels);
        g_assert_cmpstr (gtk_label_get_text (labels->data), ==, labelled[i]);
      }
  }

  /* Cancel closes it and starts nothing. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  ui_test_spin_for (20);
  g_assert_null (neurona_window_get_sweep_dialog (f->window));
  g_assert_null (neurona_session_get_sweep (f->session));
}

/* Two values make exactly two runs, with those values, in the runs folder; the sweep's
 * file names them; they are listed on the Runs page like any other. */
static void
test_two_values_two_runs (Fixture *f, gconstpointer data)
{
  g_autoptr (NeuronaSweepQueue) queue = run_sweep (f, NR_SWEEP_UNITS, "16, 48", 1);
  g_autoptr (GPtrArray) runs = load_runs (f);
  g_autoptr (NrSweep) sweep = load_only_sweep (f);
  gboolean seen16 = FALSE, seen48 = FALSE;

  g_assert_cmpuint (runs->len, ==, 2);
  for (guint i = 0; i < runs->len; i++)
    {
      const NrRunRecord *r = runs->pdata[i];

      g_assert_cmpuint (r->status, ==, NR_TRAIN_COMPLETED);
      g_assert_cmpuint (r->history->len, ==, 1);
      g_assert_cmpuint (r->config.model.n_hidden, ==, 1);
      g_assert_cmpuint (r->config.train_limit, ==, 300);
      g_assert_cmpuint (r->config.test_limit, ==, 100);
      g_assert_true (r->has_weights);
      seen16 |= r->config.model.hidden[0].units == 16;
      seen48 |= r->config.model.hidden[0].units == 48;
    }
  g_assert_true (seen16 && seen48);

  g_assert_cmpuint (sweep->points->len, ==, 2);
  for (guint p = 0; p < 2; p++)
    {
      const NrSweepPoint *point = sweep->points->pdata[p];
      const NrRunRecord *r = require_run (runs, point->run_id);

      g_assert_cmpuint (r->config.model.hidden[0].units, ==, p == 0 ? 16 : 48);
    }
  g_assert_cmpuint (count_leftovers (f, runs), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (neurona_session_get_runs (f->session)), ==, 2);
  g_assert_cmpuint (neurona_runs_page_get_n_runs (neurona_window_get_runs_page (f->window)), ==, 2);
  g_assert_cmpstr (neurona_sweeps_page_get_status_text (f->page), ==, "Finished: all 2 runs saved");
  g_assert_nonnull (strstr (neurona_sweeps_page_get_run_status (f->page, 0), "finished"));
  /* Train and Sweep… are on again. */
  g_assert_null (neurona_session_get_sweep (f->session));
  g_assert_true (gtk_widget_get_sensitive (ui_test_find_control (GTK_WIDGET (f->window), "Sweep…", 0)));
}

typedef struct
{
  NeuronaSweepQueue *queue;
  guint point;
  guint epoch;
} PointWait;

/* The point's run has completed `epoch` epochs and is still training. */
static gboolean
point_past_epoch (gpointer data)
{
  PointWait *w = data;
  const NeuronaSweepPointProgress *pp = neurona_sweep_queue_get_point (w->queue, w->point);

  return pp->state == NEURONA_SWEEP_POINT_RUNNING && pp->epoch > w->epoch;
}

/* Cancelling while the second of three runs trains (one at a time): the first stays whole
 * and finished, the second — past its first epoch — is saved as stopped, the third never
 * starts and nothing of it is saved; the sweep's file names the two. */
static void
test_cancel_keeps_finished_runs (Fixture *f, gconstpointer data)
{
  g_autoptr (NeuronaSweepQueue) queue = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (NrSweep) sweep = NULL;
  NeuronaSweepDialog *dialog;
  PointWait wait;
  const NrRunRecord *first, *second;

  g_setenv ("NEURONA_SWEEP_SCHEDULE", "serial", TRUE);
  /* Epochs of all 6,000 images, so that the second run is caught in its second epoch. */
  set_panel (f, 128, 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ui_test_find_control (GTK_WIDGET (f->window), "Batch size", 0)), 8);
  neurona_window_set_limits (f->window, 0, 100);
  dialog = open_dialog (f);
  type_values (dialog, 0, NR_SWEEP_UNITS, "16, 24, 32");
  queue = start_sweep (f, dialog);
  g_assert_true (gtk_widget_get_visible (ui_test_find_control (GTK_WIDGET (f->page), "Cancel sweep", 0)));

  wait = (PointWait) { queue, 1, 1 };
  g_assert_true (ui_test_wait_until (point_past_epoch, &wait, 120000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sweeps.cancel", NULL));
  wait_ended (queue);

  runs = load_runs (f);
  sweep = load_only_sweep (f);
  g_assert_cmpuint (count_leftovers (f, runs), ==, 0);
  first = require_run (runs, ((NrSweepPoint *) sweep->points->pdata[0])->run_id);
  g_assert_cmpuint (first->status, ==, NR_TRAIN_COMPLETED);
  g_assert_cmpuint (first->config.model.hidden[0].units, ==, 16);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (NrWeights) weights = nr_run_load_weights (first, &error);

    g_assert_no_error (error);
    g_assert_nonnull (weights);
  }
  g_assert_cmpuint (neurona_sweep_queue_get_point (queue, 0)->state, ==, NEURONA_SWEEP_POINT_FINISHED);
  /* Every run saved is named by the sweep, and none that is not. */
  for (guint i = 0; i < runs->len; i++)
    {
      gboolean named = FALSE;

      for (guint p = 0; p < sweep->points->len; p++)
        named |= g_strcmp0 (((NrSweepPoint *) sweep->points->pdata[p])->run_id,
                            ((NrRunRecord *) runs->pdata[i])->id) == 0;
      g_assert_true (named);
    }
  second = require_run (runs, ((NrSweepPoint *) sweep->points->pdata[1])->run_id);
  g_assert_cmpuint (second->config.model.hidden[0].units, ==, 24);
  g_test_message ("the second run: %s after %u epochs", nr_train_status_name (second->status),
                  second->history->len);
  /* Stopped past its first epoch, before its last: saved as stopped. */
  g_assert_cmpuint (second->status, ==, NR_TRAIN_CANCELLED);
  g_assert_cmpuint (second->history->len, >=, 1);
  g_assert_cmpuint (second->history->len, <, 5);
  g_assert_true (second->has_weights);
  g_assert_cmpuint (neurona_sweep_queue_get_point (queue, 1)->state, ==, NEURONA_SWEEP_POINT_STOPPED);
  g_assert_null (((NrSweepPoint *) sweep->points->pdata[2])->run_id);
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_cmpuint (neurona_sweep_queue_get_point (queue, 2)->state, ==, NEURONA_SWEEP_POINT_CANCELLED);
  g_assert_cmpstr (neurona_sweeps_page_get_status_text (f->page), ==, "Ended: 2 of 3 runs saved");
  g_assert_null (neurona_sweeps_page_get_run_cancel_button (f->page, 2));
}

typedef struct
{
  NeuronaSweepQueue *queue;
  guint point;
} StepWait;

/* The point's run is in its first epoch, past its first batch. */
static gboolean
point_in_first_epoch (gpointer data)
{
  StepWait *w = data;
  const NeuronaSweepPointProgress *pp = neurona_sweep_queue_get_point (w->queue, w->point);

  return pp->state == NEURONA_SWEEP_POINT_RUNNING && pp->epoch == 1 && pp->step > 0;
}

/* Cancelled in the first run's first epoch: no run taught its model anything, so nothing
 * is saved — no run, no sweep file — and the page says so. */
static void
test_cancel_in_first_epoch_saves_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr (NeuronaSweepQueue) queue = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) sweeps = NULL;
  NeuronaSweepDialog *dialog;
  StepWait wait;

  g_setenv ("NEURONA_SWEEP_SCHEDULE", "serial", TRUE);
  set_panel (f, 128, 5);
  /* Epochs of 750 batches of a wide layer: seconds long, so it is caught in the first. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ui_test_find_control (GTK_WIDGET (f->window), "Batch size", 0)), 8);
  neurona_window_set_limits (f->window, 0, 100);
  dialog = open_dialog (f);
  type_values (dialog, 0, NR_SWEEP_UNITS, "1024, 512");
  queue = start_sweep (f, dialog);
  wait = (StepWait) { queue, 0 };
  g_assert_true (ui_test_wait_until (point_in_first_epoch, &wait, 120000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sweeps.cancel", NULL));
  wait_ended (queue);

  runs = load_runs (f);
  g_assert_cmpuint (runs->len, ==, 0);
  g_assert_cmpuint (count_leftovers (f, runs), ==, 0);
  sweeps = nr_sweep_load_all (f->dir, NULL, NULL);
  g_assert_cmpuint (sweeps->len, ==, 0);
  g_assert_cmpuint (neurona_sweep_queue_get_point (queue, 0)->state, ==, NEURONA_SWEEP_POINT_CANCELLED);
  g_assert_cmpuint (neurona_sweep_queue_get_point (queue, 1)->state, ==, NEURONA_SWEEP_POINT_CANCELLED);
  g_assert_cmpstr (neurona_sweeps_page_get_status_text (f->page), ==, "Ended: 0 of 2 runs saved");
  g_assert_cmpuint (g_list_model_get_n_items (neurona_session_get_runs (f->session)), ==, 0);
}

/* One run cancelled from its row before it starts: the others train and are saved; it
 * never trains, and the sweep's file names no run for it. */
static void
test_cancel_one_run (Fixture *f, gconstpointer data)
{
  g_autoptr (NeuronaSweepQueue) queue = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (NrSweep) sweep = NULL;
  NeuronaSweepDialog *dialog;
  GtkWidget *cancel;

  g_setenv ("NEURONA_SWEEP_SCHEDULE", "serial", TRUE);
  /* An epoch of all 6,000 images in batches of 8: the first run is still going when the
   * third one's Cancel is pressed. */
  set_panel (f, 32, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ui_test_find_control (GTK_WIDGET (f->window), "Batch size", 0)), 8);
  neurona_window_set_limits (f->window, 0, 100);
  dialog = open_dialog (f);
  type_values (dialog, 0, NR_SWEEP_UNITS, "8, 12, 20");
  queue = start_sweep (f, dialog);
  cancel = neurona_sweeps_page_get_run_cancel_button (f->page, 2);
  g_assert_nonnull (cancel);
  ui_test_assert_accessible_label (cancel, "Cancel");
  g_signal_emit_by_name (cancel, "clicked");
  wait_ended (queue);

  runs = load_runs (f);
  sweep = load_only_sweep (f);
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_nonnull (run_with_id (runs, ((NrSweepPoint *) sweep->points->pdata[0])->run_id));
  g_assert_nonnull (run_with_id (runs, ((NrSweepPoint *) sweep->points->pdata[1])->run_id));
  g_assert_null (((NrSweepPoint *) sweep->points->pdata[2])->run_id);
  g_assert_cmpuint (neurona_sweep_queue_get_point (queue, 2)->state, ==, NEURONA_SWEEP_POINT_CANCELLED);
  g_assert_nonnull (strstr (neurona_sweeps_page_get_run_status (f->page, 2), "cancelled"));
  g_assert_cmpuint (count_leftovers (f, runs), ==, 0);
}

/* The series colour drawn at (x, y) of the chart, within a few pixels. */
static gboolean
colour_near (const UiTestPixels *px, double x, double y, const GdkRGBA *want)
{
  for (int dy = -2; dy <= 2; dy++)
    for (int dx = -2; dx <= 2; dx++)
      {
        guint8 rgb[3];
        int ix = (int) round (x) + dx, iy = (int) round (y) + dy;

        if (ix < 0 || iy < 0 || ix >= px->width || iy >= px->height)
          continue;
        ui_test_pixel_at (px, ix, iy, rgb);
        if (abs (rgb[0] - (int) (want->red * 255)) < 24 && abs (rgb[1] - (int) (want->green * 255)) < 24
            && abs (rgb[2] - (int) (want->blue * 255)) < 24)
          return TRUE;
      }
  return FALSE;
}

/* Two values × two seeds: the accuracy chart has one square per run, at the run's units
 * and its test accuracy as the runs folder has them, drawn in its series' colour; the
 * line through the means has each mean and bars from the lowest to the highest. */
static void
test_chart_one_point_per_run (Fixture *f, gconstpointer data)
{
  g_autoptr (NeuronaSweepQueue) queue = run_sweep (f, NR_SWEEP_UNITS, "16, 64", 2);
  g_autoptr (GPtrArray) runs = load_runs (f);
  NeuronaPlot *plot = neurona_sweeps_page_get_accuracy_plot (f->page);
  NrSweep *shown = neurona_sweeps_page_get_shown (f->page);
  guint runs_series = G_MAXUINT, mean_series = G_MAXUINT, drawn = 0;
  UiTestPixels px;
  GdkRGBA colour;

  g_assert_cmpuint (runs->len, ==, 4);
  g_assert_true (shown == neurona_sweep_queue_get_sweep (queue));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  ui_test_spin_for (100);
  for (guint s = 0; s < neurona_plot_get_n_series (plot); s++)
    {
      if (neurona_sweeps_page_get_point_of (f->page, s, 0, NULL))
        runs_series = s;
      else
        mean_series = s;
    }
  g_assert_cmpuint (runs_series, !=, G_MAXUINT);
  g_assert_cmpuint (mean_series, !=, G_MAXUINT);
  g_assert_cmpuint (neurona_plot_get_n_points (plot, runs_series), ==, 4);
  g_assert_cmpuint (neurona_plot_get_n_points (plot, mean_series), ==, 2);

  px = ui_test_read_pixels (GTK_WIDGET (plot), NULL);
  neurona_plot_get_series_look (0, FALSE, &colour, NULL);
  for (guint i = 0; i < 4; i++)
    {
      double x, y, wx, wy;
      guint p;
      const NrSweepPoint *point;
      const NrRunRecord *r;

      g_assert_true (neurona_sweeps_page_get_point_of (f->page, runs_series, i, &p));
      point = shown->points->pdata[p];
      r = require_run (runs, point->run_id);
      neurona_plot_get_point (plot, runs_series, i, &x, &y);
      g_assert_cmpfloat (x, ==, r->config.model.hidden[0].units);
      g_assert_cmpfloat (y, ==, nr_run_record_get_test_accuracy (r));
      g_assert_true (neurona_plot_data_to_widget (plot, x, y, &wx, &wy));
      drawn += colour_near (&px, wx, wy, &colour);
    }
  g_assert_cmpuint (drawn, ==, 4);
  g_free (px.data);

  /* The means are the mean of each value's two runs. */
  for (guint m = 0; m < 2; m++)
    {
      double x, y, sum = 0;
      guint n = 0;

      neurona_plot_get_point (plot, mean_series, m, &x, &y);
      for (guint i = 0; i < runs->len; i++)
        if (((NrRunRecord *) runs->pdata[i])->config.model.hidden[0].units == x)
          {
            sum += nr_run_record_get_test_accuracy (runs->pdata[i]);
            n++;
          }
      g_assert_cmpuint (n, ==, 2);
      g_assert_cmpfloat_with_epsilon (y, sum / n, 1e-12);
    }

  /* The charts' names are their titles; their description says every run. */
  g_assert_cmpstr (neurona_plot_get_title (plot), ==, "Test accuracy against hidden units");
  ui_test_assert_accessible_label (GTK_WIDGET (plot), "Test accuracy against hidden units");
  ui_test_assert_accessible_label (GTK_WIDGET (neurona_sweeps_page_get_loss_plot (f->page)),
                                   "Test loss against hidden units");
  for (guint i = 0; i < runs->len; i++)
    {
      NeuronaRunItem *item = neurona_session_find_run (f->session, ((NrRunRecord *) runs->pdata[i])->id);
      g_autofree char *want = g_strdup_printf ("%.4f (run %u)",
                                               nr_run_record_get_test_accuracy (runs->pdata[i]),
                                               neurona_run_item_get_number (item));
      g_autofree char *description = NULL;

      description = gtk_test_accessible_check_property (GTK_ACCESSIBLE (plot),
                                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "");
      g_assert_nonnull (description);
      g_assert_nonnull (strstr (description, want));
    }
}

/* The learning rate on a log axis and the activation by name: each run's square sits at
 * its value, or its name's place. */
static void
test_chart_axes (Fixture *f, gconstpointer data)
{
  g_autoptr (NeuronaSweepQueue) queue = run_sweep (f, NR_SWEEP_LEARNING_RATE, "1e-3:1e-1:x10", 1);
  NeuronaPlot *plot = neurona_sweeps_page_get_accuracy_plot (f->page);
  gboolean x_log = FALSE;
  double x0, x1, x2, w0, w1, w2, y;
  guint runs_series = 1;

  g_object_get (plot, "x-log", &x_log, NULL);
  g_assert_true (x_log);
  g_assert_true (neurona_sweeps_page_get_point_of (f->page, runs_series, 0, NULL));
  neurona_plot_get_point (plot, runs_series, 0, &x0, &y);
  neurona_plot_get_point (plot, runs_series, 1, &x1, &y);
  neurona_plot_get_point (plot, runs_series, 2, &x2, &y);
  g_assert_cmpfloat_with_epsilon (x0, 0.001, 1e-9);
  g_assert_cmpfloat_with_epsilon (x1, 0.01, 1e-9);
  g_assert_cmpfloat_with_epsilon (x2, 0.1, 1e-8);
  /* Evenly spaced on the screen: factors of ten are equal steps. */
  g_assert_true (neurona_plot_data_to_widget (plot, x0, 0.5, &w0, NULL));
  g_assert_true (neurona_plot_data_to_widget (plot, x1, 0.5, &w1, NULL));
  g_assert_true (neurona_plot_data_to_widget (plot, x2, 0.5, &w2, NULL));
  g_assert_cmpfloat (fabs ((w1 - w0) - (w2 - w1)), <, 1.0);
  g_clear_object (&queue);

  queue = run_sweep (f, NR_SWEEP_ACTIVATION, "tanh, relu", 1);
  g_object_get (plot, "x-log", &x_log, NULL);
  g_assert_false (x_log);
  for (guint i = 0; i < 2; i++)
    {
      guint p;

      g_assert_true (neurona_sweeps_page_get_point_of (f->page, runs_series, i, &p));
      neurona_plot_get_point (plot, runs_series, i, &x0, &y);
      /* The names in the order typed: tanh at 0, relu at 1. */
      g_assert_cmpfloat (x0, ==, p);
    }
  /* The readout names the category. */
  {
    g_autofree char *readout = NULL;
    double wx;

    g_assert_true (neurona_plot_data_to_widget (plot, 0, 0.5, &wx, NULL));
    readout = _neurona_plot_get_readout (plot, wx);
    g_assert_nonnull (readout);
    g_assert_true (g_str_has_prefix (readout, "Activation: tanh\n"));
  }
}

/* From the keyboard: Right picks the first run, the line under the chart says it, Enter
 * opens it (it is the session's current run, shown on Model & Training); a click on a
 * square opens that run. */
static void
test_chart_opens_runs (Fixture *f, gconstpointer data)
{
  g_autoptr (NeuronaSweepQueue) queue = run_sweep (f, NR_SWEEP_UNITS, "16, 24", 1);
  NeuronaPlot *plot = neurona_sweeps_page_get_accuracy_plot (f->page);
  NrSweep *shown = neurona_sweeps_page_get_shown (f->page);
  AdwViewStack *stack = neurona_window_get_stack (f->window);
  guint series, index, p;
  double x, y, wx, wy;
  NeuronaRunItem *current;

  gtk_widget_grab_focus (GTK_WIDGET (plot));
  g_assert_true (_neurona_plot_handle_key (plot, GDK_KEY_Right, 0));
  g_assert_true (neurona_plot_get_selected_point (plot, &series, &index));
  g_assert_true (neurona_sweeps_page_get_point_of (f->page, series, index, &p));
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (f->page), "Press Enter to open run"));
  g_assert_true (_neurona_plot_handle_key (plot, GDK_KEY_Right, 0));
  g_assert_true (_neurona_plot_handle_key (plot, GDK_KEY_Left, 0));
  g_assert_true (neurona_plot_get_selected_point (plot, &series, &index));
  g_assert_true (neurona_sweeps_page_get_point_of (f->page, series, index, &p));
  g_assert_true (_neurona_plot_handle_key (plot, GDK_KEY_Return, 0));
  current = neurona_session_get_current (f->session);
  g_assert_nonnull (current);
  g_assert_cmpstr (neurona_run_item_get_record (current)->id, ==,
                   ((NrSweepPoint *) shown->points->pdata[p])->run_id);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "training");
  g_assert_true (neurona_train_page_get_showing_record (neurona_window_get_train_page (f->window)));

  /* A click on the other square. */
  adw_view_stack_set_visible_child_name (stack, "sweeps");
  ui_test_wait_for_frame (GTK_WIDGET (plot));
  neurona_plot_get_point (plot, series, 1 - index, &x, &y);
  g_assert_true (neurona_plot_data_to_widget (plot, x, y, &wx, &wy));
  _neurona_plot_click (plot, wx + 2, wy - 2);
  g_assert_true (neurona_sweeps_page_get_point_of (f->page, series, 1 - index, &p));
  current = neurona_session_get_current (f->session);
  g_assert_cmpstr (neurona_run_item_get_record (current)->id, ==,
                   ((NrSweepPoint *) shown->points->pdata[p])->run_id);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "training");
}

/* Left to itself the lab measures both ways on this machine and takes the one that should
 * end the sweep sooner; the page says which and why, and the runs were trained that way. */
static void
test_schedule_recorded (Fixture *f, gconstpointer data)
{
  g_autoptr (NeuronaSweepQueue) queue = run_sweep (f, NR_SWEEP_UNITS, "16, 24", 1);
  g_autoptr (GPtrArray) runs = load_runs (f);
  NeuronaSweepSchedule schedule = neurona_sweep_queue_get_schedule (queue);
  const char *reason = neurona_sweep_queue_get_schedule_reason (queue);
  double parallel, serial;
  guint cores = g_get_num_processors ();

  g_assert_cmpint (schedule, !=, NEURONA_SWEEP_SCHEDULE_AUTO);
  g_assert_nonnull (reason);
  g_assert_cmpstr (neurona_sweeps_page_get_schedule_text (f->page), ==, reason);
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), reason));
  if (cores < 2)
    {
      g_assert_false (neurona_sweep_queue_get_measured (queue, NULL, NULL));
      g_assert_cmpint (schedule, ==, NEURONA_SWEEP_SCHEDULE_SERIAL);
      return;
    }
  g_assert_true (neurona_sweep_queue_get_measured (queue, &parallel, &serial));
  g_assert_cmpfloat (parallel, >, 0);
  g_assert_cmpfloat (serial, >, 0);
  /* Two runs on two cores: one round in parallel against two runs one after the other. */
  g_assert_cmpint (schedule, ==, 1.0 / (parallel / 2) <= 2.0 / serial ? NEURONA_SWEEP_SCHEDULE_PARALLEL
                                                                       : NEURONA_SWEEP_SCHEDULE_SERIAL);
  g_assert_nonnull (strstr (reason, "measured on this computer"));
  if (schedule == NEURONA_SWEEP_SCHEDULE_PARALLEL)
    {
      g_assert_cmpuint (neurona_sweep_queue_get_n_workers (queue), ==, 2);
      g_assert_cmpuint (neurona_sweep_queue_get_threads_per_run (queue), ==, 1);
      g_assert_true (g_str_has_prefix (reason, "2 runs at a time, one training thread each"));
    }
  else
    {
      g_assert_cmpuint (neurona_sweep_queue_get_n_workers (queue), ==, 1);
      g_assert_cmpuint (neurona_sweep_queue_get_threads_per_run (queue), ==, cores);
      g_assert_true (g_str_has_prefix (reason, "One run at a time on"));
    }
  for (guint i = 0; i < runs->len; i++)
    g_assert_cmpuint (((NrRunRecord *) runs->pdata[i])->config.n_threads, ==,
                      neurona_sweep_queue_get_threads_per_run (queue));
}

static gboolean
page_loaded (gpointer page)
{
  return !neurona_sweeps_page_get_loading (page) && neurona_sweeps_page_get_n_sweeps (page) > 0;
}

/* After a restart the Sweeps page lists the saved sweep and shows its chart from the runs
 * its file names. */
static void
test_reopen_saved_sweep (Fixture *f, gconstpointer data)
{
  g_autoptr (NeuronaSweepQueue) queue = run_sweep (f, NR_SWEEP_UNITS, "16, 24", 1);
  g_autofree char *id = g_strdup (neurona_sweep_queue_get_sweep (queue)->id);
  NeuronaPlot *plot;
  NrSweep *shown;

  g_assert_nonnull (id);
  g_clear_object (&queue);
  ui_test_close_window (&f->window, NULL);
  open_window (f);
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "sweeps");
  g_assert_true (ui_test_wait_until (page_loaded, f->page, 10000));
  g_assert_cmpuint (neurona_sweeps_page_get_n_sweeps (f->page), ==, 1);
  neurona_sweeps_page_select (f->page, 0);
  shown = neurona_sweeps_page_get_shown (f->page);
  g_assert_cmpstr (shown->id, ==, id);
  plot = neurona_sweeps_page_get_accuracy_plot (f->page);
  g_assert_cmpuint (neurona_plot_get_n_points (plot, 1), ==, 2);
  g_assert_nonnull (strstr (neurona_sweeps_page_get_status_text (f->page), "2 of 2"));
  g_assert_true (neurona_sweeps_page_open_point (f->page, 1));
  g_assert_cmpstr (neurona_run_item_get_record (neurona_session_get_current (f->session))->id, ==,
                   ((NrSweepPoint *) shown->points->pdata[1])->run_id);
}

/* Screenshots of the dialog and of the chart of a grid (learning rate on a log axis ×
 * activation, two seeds) at 1280 × 800 and 1024 × 768, light and dark; the page keeps
 * the window's size. Run with LANGUAGE=es for the Spanish ones. */
static void
test_screenshots (Fixture *f, gconstpointer data)
{
  static const int sizes[][2] = { { 1280, 800 }, { 1024, 768 } };
  const char *language = g_getenv ("LANGUAGE");
  g_autoptr (NeuronaSweepQueue) queue = NULL;
  NeuronaSweepDialog *dialog;

  if (language == NULL || language[0] == '\0')
    language = "en";
  set_panel (f, 32, 2);

  /* Before any sweep the page says what a sweep is and where to start one. */
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "sweeps");
  ui_test_wait_for_frame (GTK_WIDGET (f->page));
  if (g_strcmp0 (language, "en") == 0)
    {
      g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page), "No Sweeps Yet"));
      g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f->page),
                                                    "A sweep trains one run for each value of a "
                                                    "setting and charts what each gave: press "
                                                    "Sweep… beside Train on the Model & Training "
                                                    "page."));
    }
  {
    g_autofree char *empty = g_strdup_printf ("sweeps-%s-empty.png", language);

    ui_test_save_screenshot (GTK_WIDGET (f->window), empty, NULL);
  }
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "training");

  dialog = open_dialog (f);
  type_values (dialog, 0, NR_SWEEP_LEARNING_RATE, "1e-3:1e-1:x10");
  type_values (dialog, 1, NR_SWEEP_ACTIVATION, "relu, tanh");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (dialog_control (dialog, "Seeds per point")), 2);
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *name = g_strdup_printf ("sweep-dialog-%s-%s.png", language, dark ? "dark" : "light");
      g_autofree char *bad = g_strdup_printf ("sweep-dialog-%s-%s-refused.png", language,
                                              dark ? "dark" : "light");

      ui_test_set_dark ((gboolean) dark);
      type_values (dialog, 1, NR_SWEEP_ACTIVATION, "relu, tanh");
      ui_test_spin_for (100);
      ui_test_save_screenshot (GTK_WIDGET (dialog), name, NULL);
      type_values (dialog, 1, NR_SWEEP_ACTIVATION, "relu, swish");
      ui_test_spin_for (100);
      ui_test_save_screenshot (GTK_WIDGET (dialog), bad, NULL);
    }
  ui_test_set_dark (FALSE);
  type_values (dialog, 1, NR_SWEEP_ACTIVATION, "relu, tanh");
  queue = start_sweep (f, dialog);
  wait_ended (queue);
  gtk_widget_grab_focus (GTK_WIDGET (neurona_sweeps_page_get_accuracy_plot (f->page)));
  _neurona_plot_handle_key (neurona_sweeps_page_get_accuracy_plot (f->page), GDK_KEY_Right, 0);

  for (guint dark = 0; dark < 2; dark++)
    {
      ui_test_set_dark ((gboolean) dark);
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          g_autofree char *name = g_strdup_printf ("sweeps-%s-%s-%dx%d.png", language,
                                                   dark ? "dark" : "light", sizes[s][0], sizes[s][1]);

          gtk_window_set_default_size (GTK_WINDOW (f->window), sizes[s][0], sizes[s][1]);
          ui_test_spin_for (300);
          ui_test_wait_for_frame (GTK_WIDGET (f->window));
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, sizes[s][0]);
          g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, sizes[s][1]);
          ui_test_save_screenshot (GTK_WIDGET (f->window), name, NULL);
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
  ADD ("/ui/sweeps/dialog-refuses-bad-values", test_dialog_refuses_bad_values);
  ADD ("/ui/sweeps/two-values-two-runs", test_two_values_two_runs);
  ADD ("/ui/sweeps/cancel-keeps-finished-runs", test_cancel_keeps_finished_runs);
  ADD ("/ui/sweeps/cancel-one-run", test_cancel_one_run);
  ADD ("/ui/sweeps/cancel-in-first-epoch-saves-nothing", test_cancel_in_first_epoch_saves_nothing);
  ADD ("/ui/sweeps/chart-one-point-per-run", test_chart_one_point_per_run);
  ADD ("/ui/sweeps/chart-axes", test_chart_axes);
  ADD ("/ui/sweeps/chart-opens-runs", test_chart_opens_runs);
  ADD ("/ui/sweeps/schedule-recorded", test_schedule_recorded);
  ADD ("/ui/sweeps/reopen-saved-sweep", test_reopen_saved_sweep);
  ADD ("/ui/sweeps/screenshots", test_screenshots);
#undef ADD
  return g_test_run ();
}
