/* test-fit-page.c — the "Curve fit" page under Xvfb: it builds, Fit runs the tutorial's
 * 2,000 iterations, the numbers shown are the core's, the notes appear, and the page
 * renders to a PNG that someone looks at. */
#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "neurona-fit-page.h"
#include "neurona-plot.h"
#include "neurona/polyfit.h"
#include "ui-test-util.h"

typedef struct
{
  GtkWidget *window;
  NeuronaFitPage *page;
} Fixture;

static gpointer
child (Fixture *f, const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->page), NEURONA_TYPE_FIT_PAGE,
                                                   name);
  g_assert_nonnull (object);
  return object;
}

static void
spin_until_drawn (GtkWidget *widget)
{
  ui_test_wait_mapped (widget);
  ui_test_spin_for (150);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->page = NEURONA_FIT_PAGE (neurona_fit_page_new ());
  f->window = ui_test_present_in_window (GTK_WIDGET (f->page), 1180, 760);
  spin_until_drawn (GTK_WIDGET (f->page));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  ui_test_spin_for (20);
}

static const char *
label_text (Fixture *f, const char *name)
{
  return gtk_label_get_text (GTK_LABEL (child (f, name)));
}

/* The label showing coefficient k in the given column (1 descent, 2 least squares,
 * 3 Taylor); row 0 holds the headers. */
static const char *
coefficient_text (Fixture *f, int column, guint k)
{
  GtkWidget *label = gtk_grid_get_child_at (GTK_GRID (child (f, "coefficient_grid")), column,
                                            (int) k + 1);
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
set_full_speed (Fixture *f)
{
  GtkRange *speed = child (f, "speed_scale");
  GtkAdjustment *adj = gtk_range_get_adjustment (speed);

  gtk_range_set_value (speed, gtk_adjustment_get_upper (adj));
}

typedef struct
{
  Fixture *f;
  const char *needle;
} StatusWait;

static gboolean
status_contains (gpointer data)
{
  StatusWait *w = data;

  return strstr (label_text (w->f, "status_label"), w->needle) != NULL;
}

static gboolean
wait_for_status (Fixture *f, const char *needle, guint timeout_ms)
{
  StatusWait w = { f, needle };

  return ui_test_wait_until (status_contains, &w, timeout_ms);
}

/* Pixels of the descent's colour (Okabe–Ito vermillion, 213 94 0) inside a child's bounds. */
static guint
count_descent_pixels (GdkTexture *texture, GtkWidget *page, GtkWidget *area)
{
  UiTestPixels px = ui_test_pixels_from_texture (texture);
  graphene_rect_t bounds;
  guint count = 0;

  g_assert_true (gtk_widget_compute_bounds (area, page, &bounds));
  g_assert_cmpint (px.width, ==, gtk_widget_get_width (page));
  for (int y = (int) bounds.origin.y; y < (int) (bounds.origin.y + bounds.size.height); y++)
    for (int x = (int) bounds.origin.x; x < (int) (bounds.origin.x + bounds.size.width); x++)
      {
        guint8 rgb[3];

        ui_test_pixel_at (&px, x, y, rgb);
        if (abs (rgb[0] - 213) < 25 && abs (rgb[1] - 94) < 25 && rgb[2] < 40)
          count++;
      }
  g_free (px.data);
  g_test_message ("%u descent-coloured pixels in %s", count, gtk_widget_get_name (area));
  return count;
}

static void
test_builds (Fixture *f, gconstpointer data)
{
  NrPolyFitConfig config;
  g_autoptr (NrPolyFit) fit = NULL;
  char want[64];

  nr_polyfit_config_init (&config);
  fit = nr_polyfit_new (&config, NULL);

  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (f, "degree_spin")), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (child (f, "target_dropdown")), ==,
                    NR_POLYFIT_TARGET_SIN);
  g_assert_cmpstr (gtk_editable_get_text (child (f, "learning_rate_entry")), ==, "1e-6");
  g_assert_cmpfloat (gtk_spin_button_get_value (child (f, "seed_spin")), ==,
                     NR_POLYFIT_DEFAULT_SEED);
  g_assert_true (g_str_has_prefix (label_text (f, "status_label"), "Ready"));
  g_assert_true (gtk_widget_is_sensitive (child (f, "fit_button")));
  g_assert_false (gtk_widget_is_sensitive (child (f, "stop_button")));
  g_assert_false (gtk_widget_get_visible (child (f, "degree_note_label")));

  /* Before any iteration: the random start and the two references are on show. */
  g_snprintf (want, sizeof want, "%.4g", nr_polyfit_get_coefficients (fit)[3]);
  g_assert_cmpstr (coefficient_text (f, 1, 3), ==, want);
  g_snprintf (want, sizeof want, "%.4g", nr_polyfit_get_least_squares (fit, NULL)[1]);
  g_assert_cmpstr (coefficient_text (f, 2, 1), ==, want);
  g_assert_cmpstr (coefficient_text (f, 3, 3), ==, "-0.1667");
  g_assert_false (gtk_widget_get_visible (gtk_grid_get_child_at (
    GTK_GRID (child (f, "coefficient_grid")), 1, 5))); /* degree 3: no x^4 row */

  /* The target, its points, least squares, Taylor and the descent's start are drawn. */
  for (guint s = 0; s < 5; s++)
    g_assert_cmpuint (neurona_plot_get_n_points (child (f, "curve_plot"), s), >, 0);
  g_assert_cmpuint (neurona_plot_get_n_points (child (f, "loss_plot"), 0), ==, 0);
}

/* Every setting's visible label is what assistive technology reads out. */
static void
test_accessible_names (Fixture *f, gconstpointer data)
{
  struct {
    const char *widget;
    const char *label;
  } cases[] = {
    { "degree_spin", "Degree" },       { "target_dropdown", "Target" },
    { "learning_rate_entry", "Learning rate" }, { "iterations_spin", "Iterations" },
    { "points_spin", "Points" },       { "seed_spin", "Seed" },
    { "speed_scale", "Speed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *widget = child (f, cases[i].widget);
      GList *labels = gtk_widget_list_mnemonic_labels (widget);
      gboolean found = FALSE;

      for (GList *l = labels; l != NULL; l = l->next)
        if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (l->data)), cases[i].label) == 0)
          found = TRUE;
      g_list_free (labels);
      if (!found)
        g_error ("%s is not labelled “%s”", cases[i].widget, cases[i].label);
    }
  g_assert_cmpstr (gtk_button_get_label (child (f, "fit_button")), ==, "_Fit");
  g_assert_cmpstr (gtk_button_get_label (child (f, "stop_button")), ==, "_Stop");
  g_assert_cmpstr (gtk_button_get_label (child (f, "reset_button")), ==, "_Reset");
}

/* Fit at full speed runs the tutorial's 2,000 iterations; what the page shows is what the
 * core computes for the same settings. */
static void
test_fit_full_speed (Fixture *f, gconstpointer data)
{
  NrPolyFitConfig config;
  g_autoptr (NrPolyFit) fit = NULL;
  char want[64];
  guint n_loss;

  nr_polyfit_config_init (&config);
  fit = nr_polyfit_new (&config, NULL);
  nr_polyfit_step (fit, 2000);

  set_full_speed (f);
  gtk_widget_activate (child (f, "fit_button"));
  g_assert_true (wait_for_status (f, "Iteration 2000 of 2000", 10000));
  ui_test_spin_for (100);

  for (guint k = 0; k < 4; k++)
    {
      g_snprintf (want, sizeof want, "%.4g", nr_polyfit_get_coefficients (fit)[k]);
      g_assert_cmpstr (coefficient_text (f, 1, k), ==, want);
    }
  g_assert_nonnull (strstr (label_text (f, "status_label"), "done"));
  /* The number the tutorial and neurona-cli fit print last: t = 1999's loss, before its
   * update (not the loss after the final update, a little lower). */
  {
    guint n;
    const double *loss = nr_polyfit_get_loss_history (fit, &n);

    g_assert_cmpuint (n, ==, 2000);
    g_snprintf (want, sizeof want, "loss at t = 1999: %.6g", loss[1999]);
    g_assert_nonnull (strstr (label_text (f, "status_label"), want));
    g_assert_cmpfloat (nr_polyfit_get_loss (fit), <, loss[1999]);
  }
  /* The table of losses every 100 iterations is exactly what neurona-cli fit prints,
   * line for line, up to its last line (the formula). */
  {
    const char *cli = g_getenv ("NEURONA_CLI");
    const char *argv[] = { cli, "fit", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr (GError) error = NULL;
    int status;
    char *last;

    g_assert_nonnull (cli);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 &err, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_strchomp (out);
    last = strrchr (out, '\n');
    g_assert_nonnull (last);
    *last = '\0'; /* the formula line */
    g_assert_true (g_str_has_prefix (out, "99 "));
    g_assert_cmpstr (label_text (f, "printout_label"), ==, out);
    g_test_message ("last printed line: %s", strrchr (out, '\n') + 1);
  }
  g_assert_true (g_str_has_prefix (label_text (f, "formula_label"), "y = −0.0103 + 0.8358 x"));

  /* The loss plot holds the whole run; the coefficient paths hold 2,001 samples each. */
  n_loss = neurona_plot_get_n_points (child (f, "loss_plot"), 0);
  g_assert_cmpuint (n_loss, ==, 2000);
  g_assert_cmpuint (neurona_plot_get_n_points (child (f, "coefficient_plot"), 0), ==, 2001);
  g_assert_cmpuint (neurona_plot_get_n_points (child (f, "coefficient_plot"), 3), ==, 2001);

  g_assert_true (gtk_widget_is_sensitive (child (f, "fit_button")));
  g_assert_false (gtk_widget_is_sensitive (child (f, "stop_button")));
  g_assert_true (gtk_widget_is_sensitive (child (f, "reset_button")));

  {
    g_autoptr (GdkTexture) texture = ui_test_render (GTK_WIDGET (f->page), NULL);

    ui_test_save_texture (texture, "fit-page-tutorial.png");
    /* The fitted cubic is drawn over sin(x), and the loss curve is drawn too. */
    g_assert_cmpuint (count_descent_pixels (texture, GTK_WIDGET (f->page),
                                            child (f, "curve_plot")), >, 300);
    g_assert_cmpuint (count_descent_pixels (texture, GTK_WIDGET (f->page),
                                            child (f, "loss_plot")), >, 150);
  }
}

/* At one iteration per frame the class sees it move: a few frames in, a few iterations
 * are done, not all; Stop holds it there. */
static void
test_slow_speed_and_stop (Fixture *f, gconstpointer data)
{
  GtkRange *speed = child (f, "speed_scale");
  g_autofree char *status = NULL;
  guint iteration = 0;

  gtk_range_set_value (speed, 0);
  gtk_widget_activate (child (f, "fit_button"));
  g_assert_true (wait_for_status (f, "Iteration", 3000));
  ui_test_spin_for (300);
  /* A button's activation plays its pressed look first: clicked comes ~250 ms later. */
  gtk_widget_activate (child (f, "stop_button"));
  g_assert_true (wait_for_status (f, "paused", 3000));
  status = g_strdup (label_text (f, "status_label"));
  g_test_message ("after Stop: %s", status);
  g_assert_true (sscanf (status, "Iteration %u", &iteration) == 1);
  g_assert_cmpuint (iteration, >=, 1);
  g_assert_cmpuint (iteration, <, 200); /* ≤ 1 per frame: ~600 ms is at most ~40 frames */
  g_assert_nonnull (strstr (status, "paused"));
  ui_test_spin_for (200);
  g_assert_cmpstr (label_text (f, "status_label"), ==, status);
  g_assert_false (gtk_widget_is_sensitive (child (f, "stop_button")));

  gtk_widget_activate (child (f, "reset_button"));
  g_assert_true (wait_for_status (f, "Ready", 3000));
  g_assert_cmpuint (neurona_plot_get_n_points (child (f, "loss_plot"), 0), ==, 0);
}

static void
test_degree_note (Fixture *f, gconstpointer data)
{
  gtk_spin_button_set_value (child (f, "degree_spin"), 1);
  ui_test_spin_for (50);
  g_assert_true (gtk_widget_get_visible (child (f, "degree_note_label")));
  g_assert_nonnull (strstr (label_text (f, "degree_note_label"), "Degree 1 is too low"));
  g_assert_true (gtk_widget_get_visible (gtk_grid_get_child_at (
    GTK_GRID (child (f, "coefficient_grid")), 1, 2)));
  g_assert_false (gtk_widget_get_visible (gtk_grid_get_child_at (
    GTK_GRID (child (f, "coefficient_grid")), 1, 3)));
  ui_test_save_screenshot (GTK_WIDGET (f->page), "fit-page-degree-1.png", NULL);

  gtk_spin_button_set_value (child (f, "degree_spin"), 3);
  ui_test_spin_for (50);
  g_assert_false (gtk_widget_get_visible (child (f, "degree_note_label")));

  /* A step can't be fitted by any degree; |x| and step have no Taylor column. */
  gtk_drop_down_set_selected (child (f, "target_dropdown"), NR_POLYFIT_TARGET_STEP);
  ui_test_spin_for (50);
  g_assert_nonnull (strstr (label_text (f, "degree_note_label"), "jump"));
  g_assert_false (gtk_widget_get_visible (gtk_grid_get_child_at (
    GTK_GRID (child (f, "coefficient_grid")), 3, 1)));
}

static void
test_divergence_note (Fixture *f, gconstpointer data)
{
  gtk_editable_set_text (child (f, "learning_rate_entry"), "1e-3");
  set_full_speed (f);
  gtk_widget_activate (child (f, "fit_button"));
  g_assert_true (wait_for_status (f, "diverged", 5000));
  ui_test_spin_for (100);
  g_assert_true (gtk_widget_get_visible (child (f, "divergence_label")));
  g_assert_nonnull (strstr (label_text (f, "divergence_label"), "diverged at iteration 1"));
  g_assert_nonnull (strstr (label_text (f, "divergence_label"), "3.6e-06"));
  ui_test_save_screenshot (GTK_WIDGET (f->page), "fit-page-diverged.png", NULL);

  /* A change of setting starts over and clears the note. */
  gtk_editable_set_text (child (f, "learning_rate_entry"), "1e-6");
  ui_test_spin_for (50);
  g_assert_false (gtk_widget_get_visible (child (f, "divergence_label")));
}

static void
test_bad_settings (Fixture *f, gconstpointer data)
{
  gtk_editable_set_text (child (f, "learning_rate_entry"), "fast");
  ui_test_spin_for (50);
  g_assert_true (gtk_widget_get_visible (child (f, "settings_error_label")));
  g_assert_nonnull (strstr (label_text (f, "settings_error_label"), "Learning rate"));
  g_assert_false (gtk_widget_is_sensitive (child (f, "fit_button")));

  gtk_editable_set_text (child (f, "learning_rate_entry"), "-1e-6");
  ui_test_spin_for (50);
  g_assert_nonnull (strstr (label_text (f, "settings_error_label"), "positive"));
  g_assert_false (gtk_widget_is_sensitive (child (f, "fit_button")));

  /* A decimal comma is understood. */
  gtk_editable_set_text (child (f, "learning_rate_entry"), "0,000001");
  ui_test_spin_for (50);
  g_assert_false (gtk_widget_get_visible (child (f, "settings_error_label")));
  g_assert_true (gtk_widget_is_sensitive (child (f, "fit_button")));

  gtk_spin_button_set_value (child (f, "points_spin"), 3);
  ui_test_spin_for (50);
  g_assert_true (gtk_widget_get_visible (child (f, "settings_error_label")));
  g_assert_nonnull (strstr (label_text (f, "settings_error_label"), "3 points"));
  g_assert_false (gtk_widget_is_sensitive (child (f, "fit_button")));
}

/* The lab must work at 1024 × 768: the page's minimum size fits a window that size
 * (minus a header bar and the page switcher). */
static void
test_small_window (Fixture *f, gconstpointer data)
{
  int min_width, min_height;

  gtk_widget_measure (GTK_WIDGET (f->page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL,
                      NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (f->page), GTK_ORIENTATION_VERTICAL, 1024, &min_height, NULL,
                      NULL, NULL);
  g_test_message ("minimum size %d × %d", min_width, min_height);
  g_assert_cmpint (min_width, <=, 1024);
  g_assert_cmpint (min_height, <=, 640);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 640);
  gtk_spin_button_set_value (child (f, "degree_spin"), 5);
  gtk_editable_set_text (child (f, "learning_rate_entry"), "5e-8");
  set_full_speed (f);
  gtk_widget_activate (child (f, "fit_button"));
  g_assert_true (wait_for_status (f, "done", 10000));
  ui_test_spin_for (200);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->page)), ==, 1024);
  ui_test_save_screenshot (GTK_WIDGET (f->page), "fit-page-1024-degree-5.png", NULL);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ui/fit-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("builds", test_builds);
  ADD ("accessible-names", test_accessible_names);
  ADD ("fit-full-speed", test_fit_full_speed);
  ADD ("slow-speed-and-stop", test_slow_speed_and_stop);
  ADD ("degree-note", test_degree_note);
  ADD ("divergence-note", test_divergence_note);
  ADD ("bad-settings", test_bad_settings);
  ADD ("small-window", test_small_window);
#undef ADD

  return g_test_run ();
}
