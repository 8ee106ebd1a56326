/* bench-runs.c — the lab with a thousand saved runs (issue targets: the window opens in
 * under 1 s, the Runs page scrolls smoothly, the leaderboard sorts at once).
 *
 * Makes N saved runs (1,000 unless told) in a new temporary runs folder through the core's
 * run store, as the lab and neurona-cli save them: realistic records (one or two hidden
 * layers of 16 … 256 units, 3 … 20 epochs with their history, both datasets, provenance)
 * with their weights (model.safetensors of that network's size). Then it measures:
 *   - nr_run_load_all on that folder (the session's reading, on its worker thread);
 *   - the window: its first painted frame, and the first frame of the Runs page with all
 *     N runs listed;
 *   - sorting the leaderboard by another column (the click's work plus its frame), for
 *     several columns;
 *   - scrolling the list from top to bottom, frame by frame (the time each frame took).
 * Prints numbers; asserts nothing about time. Not a test: run it by hand, once, under a
 * display:
 *
 *   xvfb-run -a -s "-screen 0 1280x1024x24" env GSK_RENDERER=cairo build/tests/bench-runs [N]
 *
 * NEURONA_BENCH_RUNS_DIR=DIR reuses (or fills, when empty) DIR instead of a temporary
 * folder, and keeps it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona-application.h"
#include "neurona-runs-page.h"
#include "neurona-window.h"

/* Runs --------------------------------------------------------------------------------- */

static NrRunRecord *
make_run (guint i, GRand *rand, NrDataset *datasets[NR_N_DATASETS])
{
  static const guint units[] = { 16, 28, 32, 64, 88, 128, 128, 128, 256 };
  static const NrActivation acts[] = { NR_ACTIVATION_RELU, NR_ACTIVATION_RELU, NR_ACTIVATION_TANH,
                                       NR_ACTIVATION_SIGMOID };
  static const double rates[] = { 0.001, 0.001, 0.003, 0.01, 0.0003 };
  static const guint batches[] = { 32, 32, 64, 128 };
  NrDatasetId dataset = i % 3 == 0 ? NR_DATASET_MNIST : NR_DATASET_FASHION_MNIST;
  NrTrainConfig config;
  NrTrainResult result = { 0 };
  NrRunRecord *record;
  double ceiling = dataset == NR_DATASET_MNIST ? 0.98 : 0.89;
  double epoch_seconds;

  nr_train_config_init (&config);
  config.model.n_hidden = g_rand_int_range (rand, 0, 4) == 0 ? 2 : 1;
  for (guint l = 0; l < config.model.n_hidden; l++)
    {
      config.model.hidden[l].units = units[g_rand_int_range (rand, 0, G_N_ELEMENTS (units))];
      config.model.hidden[l].activation = acts[g_rand_int_range (rand, 0, G_N_ELEMENTS (acts))];
      config.model.hidden[l].dropout = g_rand_int_range (rand, 0, 3) == 0 ? 0.2f : 0.0f;
    }
  config.epochs = (guint) g_rand_int_range (rand, 3, 21);
  config.batch_size = batches[g_rand_int_range (rand, 0, G_N_ELEMENTS (batches))];
  config.optimizer.learning_rate = rates[g_rand_int_range (rand, 0, G_N_ELEMENTS (rates))];
  config.normalize = g_rand_int_range (rand, 0, 5) != 0;
  config.seed = 42 + (guint64) g_rand_int_range (rand, 0, 5);
  /* A class of students over a term: a run every few minutes. */
  record = nr_run_record_new (dataset, &config, 60000, 10000, 1790000000 + (gint64) i * 397);
  nr_run_record_set_provenance (record, datasets[dataset]);
  epoch_seconds = 0.5 + nr_model_spec_param_count (&config.model) / 40000.0;
  for (guint e = 0; e < config.epochs; e++)
    {
      double t = 1.0 - exp (-(e + 1.0) / 3.0);
      double noise = g_rand_double_range (rand, -0.01, 0.01);
      NrEpochRecord epoch = {
        .train_loss = 1.6 - 1.3 * t,
        .train_accuracy = CLAMP (0.5 + (ceiling - 0.49) * t + noise, 0.0, 1.0),
        .test_loss = 1.65 - 1.25 * t,
        .test_accuracy = CLAMP (0.48 + (ceiling - 0.5) * t + noise, 0.0, 1.0),
        .seconds = epoch_seconds,
      };

      nr_run_record_add_epoch (record, &epoch);
    }
  result.status = g_rand_int_range (rand, 0, 12) == 0 ? NR_TRAIN_CANCELLED : NR_TRAIN_COMPLETED;
  result.epochs_completed = config.epochs;
  result.seconds = epoch_seconds * config.epochs + 0.3;
  nr_run_record_finish (record, &result);
  if (i % 7 == 0)
    nr_run_record_set_name (record, "Ana's try");
  return record;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static guint
count_runs (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += name[0] != '.';
  return n;
}

static void
make_runs (const char *dir, guint n)
{
  g_autofree char *subset = g_build_filename (nr_project_data_dir (), "subset", NULL);
  NrDataset *datasets[NR_N_DATASETS] = { NULL };
  g_autoptr (GRand) rand = g_rand_new_with_seed (2026);
  gint64 t0 = g_get_monotonic_time ();
  guint64 bytes = 0;

  for (guint d = 0; d < NR_N_DATASETS; d++)
    datasets[d] = nr_dataset_load (d, subset, NULL); /* for the provenance alone */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (NrRunRecord) record = make_run (i, rand, datasets);
      g_autoptr (NrModel) model = nr_model_new (&record->config.model, record->config.seed, NULL);
      g_autoptr (NrWeights) weights = nr_weights_new_from_model (model);
      g_autoptr (GError) error = NULL;

      if (!nr_run_save (record, weights, dir, &error))
        {
          fprintf (stderr, "bench-runs: %s\n", error->message);
          exit (1);
        }
      bytes += nr_model_spec_param_count (&record->config.model) * 4;
    }
  for (guint d = 0; d < NR_N_DATASETS; d++)
    g_clear_pointer (&datasets[d], nr_dataset_unref);
  printf ("made %u runs (%.0f MB of weights) in %.1f s\n", n, bytes / 1e6,
          (g_get_monotonic_time () - t0) / 1e6);
}

/* Frames ------------------------------------------------------------------------------- */

static gint64 last_paint;

static void
after_paint (GdkFrameClock *clock, gpointer data)
{
  last_paint = g_get_monotonic_time ();
}

/* Waits for a frame painted after `since` (a redraw is queued); its time, or -1. */
static gint64
wait_frame (GtkWidget *widget, gint64 since)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (widget);
  while (last_paint <= since && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  return last_paint > since ? last_paint : -1;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Main --------------------------------------------------------------------------------- */

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 1000;
  const char *keep = g_getenv ("NEURONA_BENCH_RUNS_DIR");
  g_autofree char *dir = NULL;
  g_autoptr (NeuronaApplication) app = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  NeuronaWindow *window;
  NeuronaRunsPage *page;
  NeuronaSession *session;
  GtkScrolledWindow *scroller;
  GtkAdjustment *adj;
  GdkFrameClock *clock;
  gint64 t0, t_frame, t_listed;
  static const struct { NeuronaRunsColumn column; const char *name; } sorts[] = {
    { NEURONA_RUNS_COLUMN_NAME, "name" },
    { NEURONA_RUNS_COLUMN_DURATION, "duration" },
    { NEURONA_RUNS_COLUMN_STARTED, "start" },
    { NEURONA_RUNS_COLUMN_HIDDEN, "hidden layers" },
    { NEURONA_RUNS_COLUMN_TEST_ACCURACY, "test accuracy" },
  };

  if (n == 0)
    n = 1000;
  if (keep != NULL && keep[0] != '\0')
    {
      dir = g_strdup (keep);
      g_mkdir_with_parents (dir, 0755);
    }
  else
    dir = g_dir_make_tmp ("neurona-bench-runs-XXXXXX", NULL);
  if (dir == NULL)
    {
      fprintf (stderr, "bench-runs: cannot make a runs folder\n");
      return 1;
    }
  if (count_runs (dir) == 0)
    make_runs (dir, n);
  printf ("runs folder: %s (%u runs)\n", dir, count_runs (dir));

  /* The session's reading, here on the main thread. */
  t0 = g_get_monotonic_time ();
  runs = nr_run_load_all (dir, &errors, NULL);
  printf ("nr_run_load_all: %.0f ms for %u runs (%u unreadable)\n",
          (g_get_monotonic_time () - t0) / 1000.0, runs != NULL ? runs->len : 0,
          errors != NULL ? errors->len : 0);
  n = runs != NULL ? runs->len : 0;

  /* The window, as main() opens it. */
  g_setenv ("NEURONA_RUNS_DIR", dir, TRUE);
  t0 = g_get_monotonic_time ();
  app = neurona_application_new ();
  gtk_init ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = neurona_window_new (app);
  page = neurona_window_get_runs_page (window);
  session = neurona_window_get_session (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (window), "runs");
  gtk_window_present (GTK_WINDOW (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
  t_frame = wait_frame (GTK_WIDGET (window), t0);
  printf ("window, Runs page shown: first painted frame %.0f ms after start\n",
          (t_frame - t0) / 1000.0);
  while (!(neurona_session_get_runs_loaded (session) && neurona_runs_page_get_n_runs (page) >= n)
         && g_get_monotonic_time () - t0 < 60 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  t_listed = g_get_monotonic_time ();
  t_frame = wait_frame (GTK_WIDGET (page), t_listed);
  printf ("all %u runs listed after %.0f ms; their first frame at %.0f ms\n",
          neurona_runs_page_get_n_runs (page), (t_listed - t0) / 1000.0, (t_frame - t0) / 1000.0);
  spin (300); /* the dataset's loading and the first idle work out of the way */

  /* Sorting: a header click's work, and the frame that shows it. */
  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (guint order = 0; order < 2; order++)
      {
        gint64 start = g_get_monotonic_time ();
        gint64 sorted, shown;

        neurona_runs_page_sort_by (page, sorts[s].column,
                                   order == 0 ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING);
        sorted = g_get_monotonic_time ();
        shown = wait_frame (GTK_WIDGET (page), sorted);
        printf ("sort by %s, %s: %.1f ms to sort, %.1f ms to its frame\n", sorts[s].name,
                order == 0 ? "ascending" : "descending", (sorted - start) / 1000.0,
                (shown - start) / 1000.0);
      }

  /* Scrolling the list from top to bottom, a fifth of its height per frame. */
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (neurona_runs_page_get_column_view (page)),
                                                           GTK_TYPE_SCROLLED_WINDOW));
  adj = gtk_scrolled_window_get_vadjustment (scroller);
  {
    g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
    double total = 0, step = gtk_adjustment_get_page_size (adj) / 5.0;

    gtk_adjustment_set_value (adj, 0);
    wait_frame (GTK_WIDGET (page), g_get_monotonic_time ());
    while (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
           < gtk_adjustment_get_upper (adj) - 0.5 && step > 0)
      {
        gint64 start = g_get_monotonic_time ();
        double ms;

        gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + step);
        ms = (wait_frame (GTK_WIDGET (page), start) - start) / 1000.0;
        g_array_append_val (times, ms);
        total += ms;
      }
    if (times->len > 0)
      {
        g_array_sort (times, compare_doubles);
        printf ("scrolling %u rows top to bottom: %u frames, %.1f ms each on average, median "
                "%.1f ms, slowest %.1f ms\n",
                neurona_runs_page_get_n_runs (page), times->len, total / times->len,
                g_array_index (times, double, times->len / 2),
                g_array_index (times, double, times->len - 1));
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  if (keep == NULL || keep[0] == '\0')
    remove_tree (dir);
  return 0;
}
