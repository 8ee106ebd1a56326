/* bench-window.c — what the lab window's live progress costs a training run.
 *
 * Runs the same training (the tutorial model, full data unless NEURONA_DATA_DIR says
 * otherwise) alternately on a bare NrTrainer, as neurona-cli does, and through the
 * window's Train action with the plots, progress line and gallery updating live, and
 * prints seconds per epoch (the trainer's own measure, training only) for both; then the
 * same with the Understand page shown on each of its views (the confusion matrix, the
 * first layer's weights… each following every epoch), so that what a view costs training
 * reads as a ratio to the bare trainer measured in the same round. Not a test: run it by
 * hand under a display, e.g.
 *
 *   xvfb-run -a -s "-screen 0 1280x1024x24" env GSK_RENDERER=cairo \
 *     build/tests/bench-window [epochs [rounds [views]]]
 *
 * where views, e.g. "confusion,code", limits the Understand views measured.
 */
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "neurona/neurona.h"
#include "neurona-application.h"
#include "neurona-understand-page.h"
#include "neurona-window.h"

static double
bare_run (NrDataset *dataset, const NrTrainConfig *config)
{
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (GError) error = NULL;
  NrTrainResult result;

  trainer = nr_trainer_new (config, dataset->train, dataset->test,
                            nr_dataset_info (dataset->id)->n_classes, &error);
  g_assert_no_error (error);
  g_assert_true (nr_trainer_run (trainer, NULL, NULL, &result, &error));
  return result.seconds_per_epoch;
}

/* Lets the window finish what showing a page started (its first frames, laid out and
 * drawn whole), so that a run's figures count only what following the run costs. */
static void
settle (NeuronaWindow *window)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

static void
spin_until_idle (NeuronaWindow *window)
{
  while (neurona_window_get_training (window))
    g_main_context_iteration (NULL, TRUE);
}

/* CPU seconds this thread has used: what the UI takes from the machine while it trains. */
static double
thread_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Where the UI thread's time goes, frame by frame: the frame clock's layout phase (sizes
 * measured and allocated) and its paint phase (snapshots and rendering), in CPU time of
 * this thread (wall time would count the trainer's threads running meanwhile). Each
 * phase's end is read by a handler connected after GTK's own. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

typedef struct
{
  gint64 mark;
  gint64 layout_us, paint_us;
  guint frames;
} FrameCost;

static void
on_update (GdkFrameClock *clock, FrameCost *cost)
{
  cost->mark = thread_cpu_us ();
}

static void
on_layout (GdkFrameClock *clock, FrameCost *cost)
{
  gint64 now = thread_cpu_us ();

  cost->layout_us += now - cost->mark;
  cost->mark = now;
}

static void
on_paint (GdkFrameClock *clock, FrameCost *cost)
{
  cost->paint_us += thread_cpu_us () - cost->mark;
  cost->frames++;
}

static int
compare (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  guint epochs = argc > 1 ? (guint) atoi (argv[1]) : 3;
  guint rounds = argc > 2 ? (guint) atoi (argv[2]) : 3;
  const char *only = argc > 3 ? argv[3] : NULL; /* e.g. "confusion,weights" */
  g_autoptr (NeuronaApplication) app = NULL;
  g_autofree double *bare = g_new0 (double, rounds);
  g_autofree double *window_s = g_new0 (double, rounds);
  static const char *const views[] = { "confusion", "per-class", "weights", "draw", "outputs",
                                       "code" };
  g_autofree double *view_s = g_new0 (double, rounds * G_N_ELEMENTS (views));
  NeuronaWindow *window;
  NrTrainConfig config;
  NrDataset *dataset;
  GtkWidget *epochs_spin = NULL;
  FrameCost frame_cost = { 0 };
  GdkFrameClock *clock;

  /* The application first, as in main(): it sets up the environment GTK reads when it
   * opens the display (LP_NUM_THREADS). */
  app = neurona_application_new ();
  gtk_init ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = neurona_window_new (app);
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (window), "training");
  gtk_window_present (GTK_WINDOW (window));
  while (neurona_window_get_dataset (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  dataset = neurona_window_get_dataset (window);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "update", G_CALLBACK (on_update), &frame_cost);
  g_signal_connect (clock, "layout", G_CALLBACK (on_layout), &frame_cost);
  g_signal_connect (clock, "paint", G_CALLBACK (on_paint), &frame_cost);

  /* The window's Epochs control, found by its label. */
  for (GtkWidget *w = GTK_WIDGET (neurona_window_get_model_panel (window)); w != NULL && epochs_spin == NULL;)
    {
      if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), "Epochs") == 0)
        {
          /* The title of an AdwActionRow: the row activates the spin button at its end. */
          GtkWidget *row = gtk_label_get_mnemonic_widget (GTK_LABEL (w));

          if (ADW_IS_ACTION_ROW (row))
            epochs_spin = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (epochs_spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (epochs_spin), epochs);
  neurona_model_panel_get_config (neurona_window_get_model_panel (window), &config);

  g_print ("%s, %u training images, %u epochs, %u rounds\n",
           nr_dataset_info (dataset->id)->title, dataset->train->n, epochs, rounds);
  for (guint r = 0; r < rounds; r++)
    {
      const NrTrainResult *result;
      double cpu;

      bare[r] = bare_run (dataset, &config);
      settle (window);
      frame_cost = (FrameCost) { 0 };
      cpu = thread_cpu_seconds ();
      gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
      spin_until_idle (window);
      cpu = thread_cpu_seconds () - cpu;
      result = neurona_run_get_result (neurona_train_page_get_run (neurona_window_get_train_page (window)));
      window_s[r] = result->seconds_per_epoch;
      g_print ("round %u: bare trainer %.3f s/epoch, window %.3f s/epoch; "
               "UI thread busy %.0f %% of the run (%u frames: layout %.1f ms, paint %.1f ms "
               "per epoch)\n", r + 1, bare[r], window_s[r],
               100.0 * cpu / result->seconds, frame_cost.frames,
               frame_cost.layout_us / 1e3 / epochs, frame_cost.paint_us / 1e3 / epochs);

      adw_view_stack_set_visible_child_name (neurona_window_get_stack (window), "understand");
      for (guint v = 0; v < G_N_ELEMENTS (views); v++)
        {
          NeuronaUnderstandPage *page = NEURONA_UNDERSTAND_PAGE (
            adw_view_stack_get_child_by_name (neurona_window_get_stack (window), "understand"));

          if (only != NULL && strstr (only, views[v]) == NULL)
            continue;

          neurona_understand_page_show_view (page, views[v]);
          settle (window);
          frame_cost = (FrameCost) { 0 };
          cpu = thread_cpu_seconds ();
          gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
          spin_until_idle (window);
          cpu = thread_cpu_seconds () - cpu;
          result = neurona_run_get_result (
            neurona_train_page_get_run (neurona_window_get_train_page (window)));
          view_s[v * rounds + r] = result->seconds_per_epoch / bare[r];
          g_print ("         Understand: %-10s %.3f s/epoch (%.3f × bare); "
                   "UI thread busy %.0f %% (%u frames: layout %.1f ms, paint %.1f ms per "
                   "epoch)\n", views[v],
                   result->seconds_per_epoch, view_s[v * rounds + r],
                   100.0 * cpu / result->seconds, frame_cost.frames,
                   frame_cost.layout_us / 1e3 / epochs, frame_cost.paint_us / 1e3 / epochs);
        }
      adw_view_stack_set_visible_child_name (neurona_window_get_stack (window), "training");
    }
  qsort (bare, rounds, sizeof (double), compare);
  qsort (window_s, rounds, sizeof (double), compare);
  g_print ("median: bare %.3f s/epoch, window %.3f s/epoch: the window costs %+.1f %%\n",
           bare[rounds / 2], window_s[rounds / 2],
           100.0 * (window_s[rounds / 2] / bare[rounds / 2] - 1.0));

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      if (only != NULL && strstr (only, views[v]) == NULL)
        continue;
      qsort (view_s + v * rounds, rounds, sizeof (double), compare);
      g_print ("median: Understand page on %-10s %.3f × the bare trainer's epoch (%+.1f %%)\n",
               views[v], view_s[v * rounds + rounds / 2],
               100.0 * (view_s[v * rounds + rounds / 2] - 1.0));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
