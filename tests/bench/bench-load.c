/* bench-load.c — how long nr_dataset_load takes for each dataset where it is found.
 *
 * Usage: bench-load [REPEATS]   (the lookup order applies: NEURONA_DATA_DIR, data/full,
 * /usr/share/datasets/fashion-mnist, data/subset). Prints the best and median wall time. */
#include <stdio.h>
#include <stdlib.h>

#include "neurona/dataset.h"

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  int repeats = argc > 1 ? atoi (argv[1]) : 5;

  if (repeats < 1 || repeats > 1000)
    repeats = 5;
  for (guint id = 0; id < NR_N_DATASETS; id++)
    {
      g_autofree double *t = g_new (double, repeats);
      NrDataSource source = NR_DATA_SOURCE_BUNDLED;
      g_autofree char *dir = NULL;
      guint n_train = 0, n_test = 0;

      for (int r = 0; r < repeats; r++)
        {
          g_autoptr (GError) error = NULL;
          gint64 start = g_get_monotonic_time ();
          g_autoptr (NrDataset) dataset = nr_dataset_load ((NrDatasetId) id, NULL, &error);

          t[r] = (g_get_monotonic_time () - start) / 1e6;
          if (dataset == NULL)
            {
              fprintf (stderr, "bench-load: %s\n", error->message);
              return 1;
            }
          source = dataset->source;
          n_train = dataset->train->n;
          n_test = dataset->test->n;
          if (dir == NULL)
            dir = g_strdup (dataset->directory);
        }
      qsort (t, repeats, sizeof *t, compare_double);
      printf ("%-8s %6u + %5u images from %s (%s): best %.3f s, median %.3f s\n",
              nr_dataset_info ((NrDatasetId) id)->name, n_train, n_test,
              nr_data_source_describe (source), dir, t[0], t[repeats / 2]);
    }
  return 0;
}
