/* test-plot.c — NeuronaPlot rendered to pixels and read back. */
#include <gtk/gtk.h>
#include <math.h>

#include "neurona-plot-private.h"
#include "ui-test-util.h"

/* A colour no theme uses, so any pixel of it was drawn by the series. */
static const GdkRGBA MAGENTA = { 200 / 255.0, 30 / 255.0, 160 / 255.0, 1.0 };
static const GdkRGBA TEAL = { 0 / 255.0, 150 / 255.0, 136 / 255.0, 1.0 };

typedef struct
{
  GtkWidget *window;
  NeuronaPlot *plot;
} Fixture;

static void
spin_until_drawn (GtkWidget *widget)
{
  ui_test_wait_mapped (widget);
  /* Let the first frame and any pending relayout go through. */
  ui_test_spin_for (100);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->plot = NEURONA_PLOT (neurona_plot_new ());
  f->window = ui_test_present_in_window (GTK_WIDGET (f->plot), 560, 360);
  spin_until_drawn (GTK_WIDGET (f->plot));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static GdkRGBA
window_background (gboolean dark)
{
  return dark ? (GdkRGBA) { 0.14, 0.14, 0.14, 1 } : (GdkRGBA) { 0.98, 0.98, 0.98, 1 };
}

/* Renders the widget over a window-like background, as it appears in the window. */
static UiTestPixels
render (GtkWidget *widget, gboolean dark)
{
  GdkRGBA bg = window_background (dark);

  return ui_test_read_pixels (widget, &bg);
}

static void
save_screenshot (GtkWidget *widget, const char *name, gboolean dark)
{
  GdkRGBA bg = window_background (dark);

  ui_test_save_screenshot (widget, name, &bg);
}

static gboolean
pixel_is (const UiTestPixels *px, int x, int y, const GdkRGBA *c, int tolerance)
{
  guint8 rgb[3];

  ui_test_pixel_at (px, x, y, rgb);
  return ABS (rgb[0] - (int) round (c->red * 255)) <= tolerance
         && ABS (rgb[1] - (int) round (c->green * 255)) <= tolerance
         && ABS (rgb[2] - (int) round (c->blue * 255)) <= tolerance;
}

static guint
count_color (const UiTestPixels *px, const graphene_rect_t *r, const GdkRGBA *c, int tolerance)
{
  guint n = 0;

  for (int y = MAX (0, (int) r->origin.y); y < MIN (px->height, r->origin.y + r->size.height); y++)
    for (int x = MAX (0, (int) r->origin.x); x < MIN (px->width, r->origin.x + r->size.width);
         x++)
      n += pixel_is (px, x, y, c, tolerance);
  return n;
}

static void
test_horizontal_line (Fixture *f, gconstpointer data)
{
  guint s;
  double wx, wy;
  graphene_rect_t area;
  UiTestPixels px;
  gboolean found = FALSE;
  int col;

  neurona_plot_set_title (f->plot, "Horizontal line");
  neurona_plot_set_x_range (f->plot, 0, 10);
  neurona_plot_set_y_range (f->plot, 0, 10);
  s = neurona_plot_add_series (f->plot, "y = 5", &MAGENTA, NEURONA_PLOT_LINE);
  for (int i = 0; i <= 100; i++)
    neurona_plot_append (f->plot, s, i / 10.0, 5.0);
  g_assert_cmpuint (neurona_plot_get_n_points (f->plot, s), ==, 101);

  g_assert_true (neurona_plot_data_to_widget (f->plot, 5.0, 5.0, &wx, &wy));
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));
  /* y = 5 is half-way up the fixed 0…10 axis. */
  g_assert_cmpfloat_with_epsilon (wy, area.origin.y + area.size.height / 2, 0.01);

  save_screenshot (GTK_WIDGET (f->plot), "plot-horizontal-line.png", FALSE);
  px = render (GTK_WIDGET (f->plot), FALSE);
  col = (int) wx;
  for (int y = (int) wy - 2; y <= (int) wy + 2; y++)
    found |= pixel_is (&px, col, y, &MAGENTA, 12);
  g_assert_true (found);
  /* Nowhere else in that column of the plot area. */
  for (int y = (int) area.origin.y; y < area.origin.y + area.size.height; y++)
    if (ABS (y - (int) wy) > 3)
      g_assert_false (pixel_is (&px, col, y, &MAGENTA, 60));
  g_free (px.data);
}

static void
test_log_axis (Fixture *f, gconstpointer data)
{
  guint s;
  double w1, w100, w10k, wx, lo, hi;
  UiTestPixels px;
  gboolean found = FALSE;

  neurona_plot_set_title (f->plot, "Loss (log scale)");
  neurona_plot_set_x_label (f->plot, "epoch");
  neurona_plot_set_y_label (f->plot, "loss");
  neurona_plot_set_y_log (f->plot, TRUE);
  s = neurona_plot_add_series (f->plot, "loss", &MAGENTA, NEURONA_PLOT_LINE);
  {
    double xs[401], ys[401];
    for (int i = 0; i <= 400; i++)
      {
        xs[i] = i / 100.0;
        ys[i] = pow (10.0, 4.0 - xs[i]);
      }
    neurona_plot_set_points (f->plot, s, xs, ys, 401);
  }
  /* Non-positive values cannot be shown on a log axis: skipped, not a crash. */
  neurona_plot_append (f->plot, s, 4.5, 0.0);
  neurona_plot_append (f->plot, s, 4.6, -3.0);
  g_assert_false (neurona_plot_data_to_widget (f->plot, 4.5, 0.0, NULL, NULL));

  neurona_plot_get_displayed_y_range (f->plot, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 1e4, 1e-6);

  /* Decades are evenly spaced: 100 is half-way between 1 and 10,000. */
  g_assert_true (neurona_plot_data_to_widget (f->plot, 2.0, 1.0, NULL, &w1));
  g_assert_true (neurona_plot_data_to_widget (f->plot, 2.0, 100.0, &wx, &w100));
  g_assert_true (neurona_plot_data_to_widget (f->plot, 2.0, 1e4, NULL, &w10k));
  g_assert_cmpfloat_with_epsilon (w100, (w1 + w10k) / 2, 0.01);

  /* The curve 10^(4 - x) is a straight line: at x = 2 it is at the height of 100. */
  px = render (GTK_WIDGET (f->plot), FALSE);
  for (int y = (int) w100 - 2; y <= (int) w100 + 2; y++)
    found |= pixel_is (&px, (int) wx, y, &MAGENTA, 40);
  g_assert_true (found);
  g_free (px.data);
  save_screenshot (GTK_WIDGET (f->plot), "plot-log-axis.png", FALSE);
}

static void
test_clear (Fixture *f, gconstpointer data)
{
  guint s;
  graphene_rect_t area, legend;
  UiTestPixels px;

  s = neurona_plot_add_series (f->plot, "train", &MAGENTA, NEURONA_PLOT_LINE);
  for (int i = 0; i < 50; i++)
    neurona_plot_append (f->plot, s, i, sin (i / 5.0));
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));
  px = render (GTK_WIDGET (f->plot), FALSE);
  g_assert_cmpuint (count_color (&px, &area, &MAGENTA, 12), >, 100);
  g_free (px.data);

  neurona_plot_clear (f->plot);
  g_assert_cmpuint (neurona_plot_get_n_points (f->plot, s), ==, 0);
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));
  g_assert_true (neurona_plot_get_legend_area (f->plot, &legend));
  px = render (GTK_WIDGET (f->plot), FALSE);
  g_assert_cmpuint (count_color (&px, &area, &MAGENTA, 30), ==, 0);
  /* The series (and its legend entry) stay for the next run. */
  g_assert_cmpuint (count_color (&px, &legend, &MAGENTA, 12), >, 0);
  g_free (px.data);

  /* Appending after clear works again, with fresh automatic ranges. */
  neurona_plot_append (f->plot, s, 1000, 5);
  neurona_plot_append (f->plot, s, 2000, 6);
  g_assert_cmpuint (neurona_plot_get_n_points (f->plot, s), ==, 2);
  {
    double lo, hi;
    neurona_plot_get_displayed_x_range (f->plot, &lo, &hi);
    g_assert_cmpfloat (lo, <=, 1000);
    g_assert_cmpfloat (lo, >=, 0);
    g_assert_cmpfloat (hi, >=, 2000);
    g_assert_cmpfloat (hi, <=, 2500);
  }

  neurona_plot_remove_all_series (f->plot);
  g_assert_false (neurona_plot_get_legend_area (f->plot, &legend));
}

static void
test_legend (Fixture *f, gconstpointer data)
{
  graphene_rect_t area, legend;
  UiTestPixels px;
  guint a, b;

  a = neurona_plot_add_series (f->plot, "train", &MAGENTA, NEURONA_PLOT_LINE);
  b = neurona_plot_add_series (f->plot, "test", &TEAL, NEURONA_PLOT_DASHED);
  for (int i = 0; i <= 20; i++)
    {
      neurona_plot_append (f->plot, a, i, 1.0 / (i + 1));
      neurona_plot_append (f->plot, b, i, 1.2 / (i + 1));
    }
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));
  g_assert_true (neurona_plot_get_legend_area (f->plot, &legend));
  g_assert_cmpfloat (legend.size.width, >, 40);
  g_assert_cmpfloat (legend.size.height, >, 5);
  /* The legend never covers data. */
  g_assert_false (graphene_rect_intersection (&area, &legend, NULL));

  px = render (GTK_WIDGET (f->plot), FALSE);
  g_assert_cmpuint (count_color (&px, &legend, &MAGENTA, 12), >, 10);
  g_assert_cmpuint (count_color (&px, &legend, &TEAL, 12), >, 5);
  g_free (px.data);
}

static void
test_line_styles_differ (Fixture *f, gconstpointer data)
{
  /* Colour is not the only signal: two series of the same colour still look different
   * in the legend. Along the samples' middle row the solid one is one long run of the
   * colour, the dashed one several short runs. */
  graphene_rect_t legend;
  UiTestPixels px;
  int best_row = -1;
  guint best_hits = 0, long_runs = 0, short_runs = 0, run = 0;

  neurona_plot_add_series (f->plot, "solid", &MAGENTA, NEURONA_PLOT_LINE);
  neurona_plot_add_series (f->plot, "dashed", &MAGENTA, NEURONA_PLOT_DASHED);
  g_assert_true (neurona_plot_get_legend_area (f->plot, &legend));
  px = render (GTK_WIDGET (f->plot), FALSE);

  for (int y = legend.origin.y; y < legend.origin.y + legend.size.height; y++)
    {
      guint hits = 0;
      for (int x = legend.origin.x; x < legend.origin.x + legend.size.width; x++)
        hits += pixel_is (&px, x, y, &MAGENTA, 12);
      if (hits > best_hits)
        best_hits = hits, best_row = y;
    }
  g_assert_cmpint (best_row, >=, 0);
  for (int x = legend.origin.x; x <= legend.origin.x + legend.size.width; x++)
    {
      gboolean hit = x < legend.origin.x + legend.size.width
                     && pixel_is (&px, x, best_row, &MAGENTA, 12);
      if (hit)
        run++;
      else if (run > 0)
        {
          long_runs += run >= 20;
          short_runs += run <= 8;
          run = 0;
        }
    }
  g_free (px.data);
  g_assert_cmpuint (long_runs, ==, 1);
  g_assert_cmpuint (short_runs, >=, 3);
}

static void
test_auto_range_grows (Fixture *f, gconstpointer data)
{
  guint s = neurona_plot_add_series (f->plot, "loss", &MAGENTA, NEURONA_PLOT_LINE);
  double lo, hi, prev_lo = 0, prev_hi = 0;
  guint changes = 0;

  /* A falling loss over 2,000 steps: the axes only ever widen, never shrink or shift. */
  for (int i = 1; i <= 2000; i++)
    {
      neurona_plot_append (f->plot, s, i, 2.3 * exp (-i / 400.0) + 0.3);
      neurona_plot_get_displayed_x_range (f->plot, &lo, &hi);
      g_assert_cmpfloat (lo, <=, 1);
      g_assert_cmpfloat (hi, >=, i);
      if (i > 1)
        {
          g_assert_cmpfloat (lo, <=, prev_lo);
          g_assert_cmpfloat (hi, >=, prev_hi);
          changes += hi != prev_hi;
        }
      prev_lo = lo;
      prev_hi = hi;
    }
  /* Grows a few times per decade, not at every point. */
  g_assert_cmpuint (changes, <, 25);
  g_assert_cmpfloat (hi, <=, 2500);

  /* y covers the data with a nice step: starts at 0 for a loss that began far above it. */
  neurona_plot_get_displayed_y_range (f->plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, >=, 2.3 * exp (-1 / 400.0) + 0.3);
  g_assert_cmpfloat (hi, <=, 3.0);
  /* A value inside the range changes nothing. */
  neurona_plot_append (f->plot, s, 2001, 1.0);
  neurona_plot_get_displayed_y_range (f->plot, &prev_lo, &prev_hi);
  g_assert_cmpfloat (prev_lo, ==, lo);
  g_assert_cmpfloat (prev_hi, ==, hi);

  /* A fixed range wins; min >= max returns to automatic. */
  neurona_plot_set_y_range (f->plot, 0, 1);
  neurona_plot_get_displayed_y_range (f->plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 1);
  neurona_plot_set_y_range (f->plot, 1, 1);
  neurona_plot_get_displayed_y_range (f->plot, &lo, &hi);
  g_assert_cmpfloat (hi, ==, prev_hi);
}

static void
test_nonfinite (Fixture *f, gconstpointer data)
{
  guint s = neurona_plot_add_series (f->plot, "diverging", &MAGENTA, NEURONA_PLOT_LINE_MARKERS);
  double lo, hi;
  UiTestPixels px;

  neurona_plot_append (f->plot, s, 1, 1.0);
  neurona_plot_append (f->plot, s, 2, 2.0);
  neurona_plot_append (f->plot, s, 3, NAN);
  neurona_plot_append (f->plot, s, 4, INFINITY);
  neurona_plot_append (f->plot, s, NAN, 1.0);
  g_assert_cmpuint (neurona_plot_get_n_points (f->plot, s), ==, 5);
  neurona_plot_get_displayed_y_range (f->plot, &lo, &hi);
  g_assert_true (isfinite (lo) && isfinite (hi));
  g_assert_cmpfloat (hi, <=, 5);
  px = render (GTK_WIDGET (f->plot), FALSE);
  g_free (px.data);
  g_assert_cmpuint (_neurona_plot_get_n_drawn_points (f->plot), ==, 2);
}

static void
test_decimation (Fixture *f, gconstpointer data)
{
  const guint n = 20000;
  graphene_rect_t area;
  UiTestPixels px;
  guint a, b;

  neurona_plot_set_title (f->plot, "20,000 points per series");
  neurona_plot_set_x_label (f->plot, "step");
  neurona_plot_set_y_label (f->plot, "loss");
  a = neurona_plot_add_series (f->plot, "train (per step)", &MAGENTA, NEURONA_PLOT_LINE);
  b = neurona_plot_add_series (f->plot, "test", &TEAL, NEURONA_PLOT_DASHED);
  for (guint i = 0; i < n; i++)
    {
      double noise = 0.15 * sin (i * 12.9898) * cos (i * 78.233);
      neurona_plot_append (f->plot, a, i, 0.3 + 1.5 * exp (-(double) i / 3000) + noise);
      neurona_plot_append (f->plot, b, i, 0.4 + 1.4 * exp (-(double) i / 3000));
    }
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));
  {
    /* Steps start at 0: the automatic axis does too, not at a negative padding. */
    double lo, hi;
    neurona_plot_get_displayed_x_range (f->plot, &lo, &hi);
    g_assert_cmpfloat (lo, ==, 0);
    g_assert_cmpfloat (hi, >=, n - 1);
    g_assert_cmpfloat (hi, <=, 25000);
  }
  px = render (GTK_WIDGET (f->plot), FALSE);
  /* At most two vertices per pixel column (+1 for the column just past each edge). */
  g_assert_cmpuint (_neurona_plot_get_n_drawn_points (f->plot), <=,
                    2 * 2 * ((guint) area.size.width + 2));
  /* The noisy series' envelope still shows: its colour spans many rows at mid-range. */
  {
    double wx;
    guint rows = 0;
    g_assert_true (neurona_plot_data_to_widget (f->plot, 15000, 0.3, &wx, NULL));
    for (int y = area.origin.y; y < area.origin.y + area.size.height; y++)
      rows += pixel_is (&px, (int) wx, y, &MAGENTA, 40);
    g_assert_cmpuint (rows, >, 5);
  }
  g_free (px.data);
  save_screenshot (GTK_WIDGET (f->plot), "plot-20000-points.png", FALSE);
}

static void
test_hover_readout (Fixture *f, gconstpointer data)
{
  guint train, test;
  double wx, wy;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  GListModel *controllers;
  GtkEventController *motion = NULL;
  graphene_rect_t area;
  UiTestPixels px;

  neurona_plot_set_title (f->plot, "Loss");
  neurona_plot_set_x_label (f->plot, "epoch");
  train = neurona_plot_add_series (f->plot, "train", &MAGENTA, NEURONA_PLOT_LINE_MARKERS);
  test = neurona_plot_add_series (f->plot, "test", &TEAL, NEURONA_PLOT_MARKERS);
  for (int e = 1; e <= 10; e++)
    {
      neurona_plot_append (f->plot, train, e, 1.0 / e);
      neurona_plot_append (f->plot, test, e, 1.25 / e);
    }

  g_assert_true (neurona_plot_data_to_widget (f->plot, 4.1, 0.3, &wx, &wy));
  text = _neurona_plot_get_readout (f->plot, wx);
  g_assert_cmpstr (text, ==, "epoch: 4\ntrain: 0.25\ntest: 0.3125");

  summary = neurona_plot_get_summary (f->plot);
  g_assert_cmpstr (summary, ==, "train: 0.1 at epoch 10; test: 0.125 at epoch 10");

  /* Drive the real motion handler and look at the guide line. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->plot));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_EVENT_CONTROLLER_MOTION (c))
        motion = c;
    }
  g_object_unref (controllers);
  g_assert_nonnull (motion);
  g_signal_emit_by_name (motion, "enter", wx, wy);
  g_signal_emit_by_name (motion, "motion", wx, wy);
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));

  px = render (GTK_WIDGET (f->plot), FALSE);
  {
    /* The guide is a 1 px line in the foreground colour at 50 %: darker than the
     * background all the way down the column, where the curves are not. */
    guint dark = 0, total = 0;
    for (int y = area.origin.y + 2; y < area.origin.y + area.size.height - 2; y++)
      {
        guint8 rgb[3];
        ui_test_pixel_at (&px, (int) floor (wx), y, rgb);
        dark += rgb[0] < 200 && rgb[1] < 200 && rgb[2] < 200;
        total++;
      }
    g_assert_cmpuint (dark, >, total * 9 / 10);
  }
  g_free (px.data);
  save_screenshot (GTK_WIDGET (f->plot), "plot-hover.png", FALSE);

  g_signal_emit_by_name (motion, "leave");
  px = render (GTK_WIDGET (f->plot), FALSE);
  {
    guint dark = 0;
    for (int y = area.origin.y + 2; y < area.origin.y + area.size.height - 2; y++)
      {
        guint8 rgb[3];
        ui_test_pixel_at (&px, (int) floor (wx) , y, rgb);
        dark += rgb[0] < 200 && rgb[1] < 200 && rgb[2] < 200;
      }
    g_assert_cmpuint (dark, <, 20);
  }
  g_free (px.data);
}

static double
luminance_at (const UiTestPixels *px, int x, int y)
{
  guint8 rgb[3];

  ui_test_pixel_at (px, x, y, rgb);
  return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255.0;
}

static void
test_dark_theme (Fixture *f, gconstpointer data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  graphene_rect_t area;
  UiTestPixels px;
  int x, y;

  neurona_plot_set_title (f->plot, "Accuracy");
  neurona_plot_set_y_range (f->plot, 0, 1);
  neurona_plot_add_series (f->plot, "train", &MAGENTA, NEURONA_PLOT_LINE);
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));
  /* On the left spine, half-way down. */
  x = (int) floor (area.origin.x);
  y = (int) (area.origin.y + area.size.height / 2);

  px = render (GTK_WIDGET (f->plot), FALSE);
  g_assert_cmpfloat (luminance_at (&px, x, y), <, 0.4);
  g_free (px.data);

  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  spin_until_drawn (GTK_WIDGET (f->plot));
  px = render (GTK_WIDGET (f->plot), TRUE);
  g_assert_cmpfloat (luminance_at (&px, x, y), >, 0.6);
  g_free (px.data);
  save_screenshot (GTK_WIDGET (f->plot), "plot-dark.png", TRUE);
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
}

static void
test_accessible (Fixture *f, gconstpointer data)
{
  int min_w, min_h;

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (f->plot)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_measure (GTK_WIDGET (f->plot), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL,
                      NULL);
  gtk_widget_measure (GTK_WIDGET (f->plot), GTK_ORIENTATION_VERTICAL, -1, &min_h, NULL, NULL,
                      NULL);
  g_assert_cmpint (min_w, >=, 320);
  g_assert_cmpint (min_h, >=, 200);
}

static void
count_notify (guint *counter)
{
  (*counter)++;
}

static void
test_properties (Fixture *f, gconstpointer data)
{
  g_autofree char *title = NULL;
  gboolean y_log;
  guint notified = 0;

  g_signal_connect_swapped (f->plot, "notify::title", G_CALLBACK (count_notify), &notified);
  neurona_plot_set_title (f->plot, "Loss");
  neurona_plot_set_title (f->plot, "Loss"); /* unchanged: no second notification */
  g_assert_cmpuint (notified, ==, 1);
  g_object_set (f->plot, "y-log", TRUE, NULL);
  g_object_get (f->plot, "title", &title, "y-log", &y_log, NULL);
  g_assert_cmpstr (title, ==, "Loss");
  g_assert_true (y_log);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ui/plot/horizontal-line", test_horizontal_line);
  ADD ("/ui/plot/log-axis", test_log_axis);
  ADD ("/ui/plot/clear", test_clear);
  ADD ("/ui/plot/legend", test_legend);
  ADD ("/ui/plot/line-styles-differ", test_line_styles_differ);
  ADD ("/ui/plot/auto-range-grows", test_auto_range_grows);
  ADD ("/ui/plot/non-finite", test_nonfinite);
  ADD ("/ui/plot/decimation", test_decimation);
  ADD ("/ui/plot/hover-readout", test_hover_readout);
  ADD ("/ui/plot/dark-theme", test_dark_theme);
  ADD ("/ui/plot/accessible", test_accessible);
  ADD ("/ui/plot/properties", test_properties);
#undef ADD

  return g_test_run ();
}
