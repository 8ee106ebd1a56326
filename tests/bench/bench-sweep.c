/* bench-sweep.c — the lab's sweep queue: how long a sweep takes with the scheduling the lab
 * chooses, against both ways it chooses between, measured back to back.
 *
 *   bench-sweep [--runs N] [--epochs N] [--rounds N] [--data-dir DIR]
 *
 * The sweep is the tutorial model (784-128 relu-10, Adam, batch 32) on full Fashion-MNIST,
 * N runs (default 8) that differ by their seed, 1 epoch each. Each round runs it three
 * times, in turn: as many runs at once as cores with one thread each ("parallel"), one run
 * at a time with every core's thread ("serial"), and as the lab does it ("auto": it times a
 * few batches both ways, then picks). It prints each sweep's wall time, what auto chose and
 * why, and auto's time over the faster of the other two in that round; then the medians.
 * A program that reports numbers, not a test: nothing here passes or fails.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "neurona/neurona.h"
#include "neurona-sweep-queue.h"

static void
on_finished (NeuronaSweepQueue *queue, GMainLoop *loop)
{
  g_main_loop_quit (loop);
}

/* Seconds the sweep took, its runs saved into a fresh folder (removed after). */
static double
run_sweep (NrDataset *dataset, const NrTrainConfig *base, guint n_runs,
           NeuronaSweepSchedule schedule, char **out_reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *runs_dir = g_dir_make_tmp ("neurona-bench-sweep-XXXXXX", &error);
  g_autofree char *values = g_strdup_printf ("seed=1:%u", n_runs);
  g_autoptr (NeuronaSweepQueue) queue = NULL;
  NrSweep *sweep;
  gint64 start;
  double seconds;

  g_assert_no_error (error);
  sweep = nr_sweep_new (NR_DATASET_FASHION_MNIST, base);
  if (!nr_sweep_add_axis_from_text (sweep, values, &error) || !nr_sweep_plan (sweep, &error))
    {
      fprintf (stderr, "bench-sweep: %s\n", error->message);
      exit (2);
    }
  queue = neurona_sweep_queue_new (sweep, dataset, runs_dir, schedule);
  g_signal_connect (queue, "finished", G_CALLBACK (on_finished), loop);
  start = g_get_monotonic_time ();
  neurona_sweep_queue_start (queue);
  g_main_loop_run (loop);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  neurona_sweep_queue_join (queue);
  if (neurona_sweep_queue_get_n_done (queue) != n_runs)
    fprintf (stderr, "bench-sweep: only %u of %u runs ended\n",
             neurona_sweep_queue_get_n_done (queue), n_runs);
  if (out_reason != NULL)
    *out_reason = g_strdup_printf ("%s (%s)",
                                   neurona_sweep_queue_get_schedule (queue) ==
                                       NEURONA_SWEEP_SCHEDULE_PARALLEL
                                     ? "parallel"
                                     : "serial",
                                   neurona_sweep_queue_get_schedule_reason (queue));
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", runs_dir);
    if (system (rm) != 0)
      fprintf (stderr, "bench-sweep: could not remove %s\n", runs_dir);
  }
  return seconds;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof *v, compare_doubles);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main (int argc, char **argv)
{
  int n_runs = 8, epochs = 1, rounds = 3;
  g_autofree char *data_dir = NULL;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs in the sweep (8)", "N" },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs, "Epochs per run (1)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds of the three ways (3)", "N" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Where the IDX files are", "DIR" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— time the lab's sweep queue");
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) dataset = NULL;
  g_autofree double *ratios = NULL, *t_par = NULL, *t_ser = NULL, *t_auto = NULL;
  NrTrainConfig base;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_runs < 2 || epochs < 1 ||
      rounds < 1)
    {
      fprintf (stderr, "bench-sweep: %s\n", error != NULL ? error->message : "bad numbers");
      return 2;
    }
  dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, data_dir, &error);
  if (dataset == NULL)
    {
      fprintf (stderr, "bench-sweep: %s\n", error->message);
      return 1;
    }
  nr_train_config_init (&base);
  base.epochs = (guint) epochs;
  printf ("Sweep: %d runs of 784-128(relu)-10, Adam, batch 32, %d epoch(s), seeds 1…%d, on "
          "%u training images, %u cores\n",
          n_runs, epochs, n_runs, dataset->train->n, g_get_num_processors ());
  printf ("round  parallel   serial     auto   auto/faster  auto chose\n");
  ratios = g_new (double, rounds);
  t_par = g_new (double, rounds);
  t_ser = g_new (double, rounds);
  t_auto = g_new (double, rounds);
  for (int r = 0; r < rounds; r++)
    {
      g_autofree char *reason = NULL;

      t_par[r] = run_sweep (dataset, &base, (guint) n_runs, NEURONA_SWEEP_SCHEDULE_PARALLEL, NULL);
      t_ser[r] = run_sweep (dataset, &base, (guint) n_runs, NEURONA_SWEEP_SCHEDULE_SERIAL, NULL);
      t_auto[r] = run_sweep (dataset, &base, (guint) n_runs, NEURONA_SWEEP_SCHEDULE_AUTO, &reason);
      ratios[r] = t_auto[r] / MIN (t_par[r], t_ser[r]);
      printf ("%-5d %8.2f s %7.2f s %7.2f s  %10.3f   %s\n", r + 1, t_par[r], t_ser[r],
              t_auto[r], ratios[r], reason);
      fflush (stdout);
    }
  printf ("Medians over %d rounds: parallel %.2f s, serial %.2f s, auto %.2f s; auto / faster "
          "%.3f\n",
          rounds, median (t_par, rounds), median (t_ser, rounds), median (t_auto, rounds),
          median (ratios, rounds));
  return 0;
}
