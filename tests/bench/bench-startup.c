/* bench-startup.c — how fast the lab window paints its first frame, and how much memory
 * it holds with both datasets loaded (issue targets: < 1 s, < 250 MB).
 *
 *   xvfb-run -a -s "-screen 0 1280x1024x24" build/tests/bench-startup
 *
 * Uses whatever datasets the normal lookup finds (the full sets when fetched).
 * Prints numbers; asserts nothing. */
#include <stdio.h>
#include <string.h>

#include <gtk/gtk.h>

#include "neurona-window.h"

static gint64 t_start;
static gint64 t_first_frame;

static void
after_paint (GdkFrameClock *clock, gpointer user_data)
{
  if (t_first_frame == 0)
    t_first_frame = g_get_monotonic_time ();
}

/* VmRSS and VmHWM of this process, in MB. */
static void
read_memory (double *rss, double *hwm)
{
  g_autofree char *status = NULL;
  const char *p;

  *rss = *hwm = -1;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  if ((p = strstr (status, "VmRSS:")) != NULL)
    *rss = g_ascii_strtod (p + 6, NULL) / 1024.0;
  if ((p = strstr (status, "VmHWM:")) != NULL)
    *hwm = g_ascii_strtod (p + 6, NULL) / 1024.0;
}

static void
spin_until_loaded (NeuronaWindow *window, guint dataset_id)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  neurona_window_set_dataset_id (window, dataset_id);
  while (g_get_monotonic_time () < end)
    {
      NrDataset *ds = neurona_window_get_dataset (window);

      if (ds != NULL && ds->id == dataset_id)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* Let the pages take in the new data and paint it. */
  for (int i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (NeuronaApplication) app = NULL;
  NeuronaWindow *window;
  GdkFrameClock *clock;
  double rss, hwm;
  const char *renderer;

  t_start = g_get_monotonic_time ();
  gtk_init ();
  app = neurona_application_new ();
  renderer = g_getenv ("GSK_RENDERER"); /* the application may have chosen one */
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = neurona_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);

  while (t_first_frame == 0 && g_get_monotonic_time () - t_start < 30 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  printf ("renderer: %s\n", renderer != NULL ? renderer : "(default)");
  printf ("first painted frame: %.0f ms after start\n", (t_first_frame - t_start) / 1000.0);

  spin_until_loaded (window, NR_DATASET_FASHION_MNIST);
  read_memory (&rss, &hwm);
  printf ("Fashion-MNIST loaded (%s): RSS %.1f MB\n",
          nr_data_source_describe (neurona_window_get_dataset (window)->source), rss);
  spin_until_loaded (window, NR_DATASET_MNIST);
  read_memory (&rss, &hwm);
  printf ("both datasets loaded (MNIST from %s): RSS %.1f MB, peak %.1f MB\n",
          nr_data_source_describe (neurona_window_get_dataset (window)->source), rss, hwm);
  {
    g_autofree char *rollup = NULL;

    /* Anonymous (heap) versus file-backed (mapped dataset files, libraries) pages. */
    if (g_file_get_contents ("/proc/self/smaps_rollup", &rollup, NULL, NULL))
      {
        const char *keys[] = { "Rss:", "Anonymous:", "Shared_Clean:", "Private_Clean:" };

        for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
          {
            const char *p = strstr (rollup, keys[i]);

            if (p != NULL)
              printf ("  %-15s %.1f MB\n", keys[i], g_ascii_strtod (p + strlen (keys[i]), NULL) / 1024.0);
          }
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
