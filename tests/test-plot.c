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

/* Each of names fits its place in the legend of layout l whole. */
static void
assert_legend_names_whole (NeuronaPlot *plot, const NeuronaPlotLayout *l,
                           const char *const *names, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PangoLayout) text = gtk_widget_create_pango_layout (GTK_WIDGET (plot), names[i]);
      int w;

      pango_layout_get_pixel_size (text, &w, NULL);
      g_assert_cmpfloat (w, <=, l->legend_label_w);
    }
}

/* A legend too narrow for the series' names in full shows their short names, whole,
 * rather than cutting the long ones; wide enough, the full names. */
static void
test_legend_short_labels (Fixture *f, gconstpointer data)
{
  NeuronaPlotLayout l;
  guint ids[3];
  const char *names[3] = { "Train (per step, smoothed)", "Train (per epoch)", "Test (per epoch)" };
  const char *shorts[3] = { "Train (step)", "Train (epoch)", "Test" };

  for (guint i = 0; i < 3; i++)
    ids[i] = neurona_plot_add_series (f->plot, names[i], &MAGENTA, NEURONA_PLOT_LINE);
  _neurona_plot_layout_init (&l);

  /* No short names: the long ones, cut to fit. */
  _neurona_plot_layout_compute (f->plot, &l, 300, 200);
  g_assert_false (l.legend_short);

  for (guint i = 0; i < 3; i++)
    neurona_plot_set_series_short_label (f->plot, ids[i], shorts[i]);
  _neurona_plot_layout_compute (f->plot, &l, 300, 200);
  g_assert_true (l.legend_short);
  /* Each short name fits its place whole. */
  assert_legend_names_whole (f->plot, &l, shorts, 3);

  /* Narrower still: one short name under the other, still whole. */
  _neurona_plot_layout_compute (f->plot, &l, 200, 200);
  g_assert_true (l.legend_short);
  assert_legend_names_whole (f->plot, &l, shorts, 3);

  /* Wide: the full names on one row. */
  _neurona_plot_layout_compute (f->plot, &l, 1200, 300);
  g_assert_false (l.legend_short);

  /* A series without a short name keeps its own among the others' short ones. */
  neurona_plot_remove_all_series (f->plot);
  ids[0] = neurona_plot_add_series (f->plot, "sin(x)", &MAGENTA, NEURONA_PLOT_LINE);
  ids[1] = neurona_plot_add_series (f->plot, names[2], &MAGENTA, NEURONA_PLOT_LINE);
  ids[2] = neurona_plot_add_series (f->plot, "Least squares (the goal)", &MAGENTA,
                                    NEURONA_PLOT_LINE);
  neurona_plot_set_series_short_label (f->plot, ids[1], shorts[2]);
  neurona_plot_set_series_short_label (f->plot, ids[2], "Least squares");
  _neurona_plot_layout_compute (f->plot, &l, 300, 200);
  g_assert_true (l.legend_short);
  {
    const char *shown[] = { "sin(x)", shorts[2], "Least squares" };

    assert_legend_names_whole (f->plot, &l, shown, 3);
  }
  _neurona_plot_layout_clear (&l);
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

/* The hover readout is never cut at the plot's edge: on a plot too narrow for it (a
 * projector's zoom, a long run name) it may cover the axes, but it stays inside the
 * widget wherever the pointer is, and inside the plot area when it fits there. */
static void
test_hover_readout_inside (Fixture *f, gconstpointer data)
{
  GtkWidget *w = GTK_WIDGET (f->plot);
  graphene_rect_t area, box;
  int width, height;

  neurona_plot_set_title (f->plot, "Loss");
  neurona_plot_set_x_label (f->plot, "epoch");
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *label = g_strdup_printf ("run %u · 128 relu, 10 epochs, rate 0.20", i + 1);
      guint s = neurona_plot_add_series (f->plot, label, NULL, NEURONA_PLOT_LINE_MARKERS);

      for (int e = 1; e <= 10; e++)
        neurona_plot_append (f->plot, s, e, 10.0 * (i + 1) + e);
    }
  gtk_window_set_default_size (GTK_WINDOW (f->window), 300, 360);
  spin_until_drawn (w);
  width = gtk_widget_get_width (w);
  height = gtk_widget_get_height (w);
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));

  for (double fx = 0.0; fx <= 1.0; fx += 0.25)
    for (double fy = 0.0; fy <= 1.0; fy += 0.5)
      {
        double x = area.origin.x + fx * area.size.width;
        double y = area.origin.y + fy * area.size.height;

        g_assert_true (_neurona_plot_get_readout_box (f->plot, x, y, &box));
        g_test_message ("pointer (%.0f, %.0f): box %.0f,%.0f %.0f × %.0f in %d × %d (area x "
                        "%.0f…%.0f)", x, y, box.origin.x, box.origin.y, box.size.width,
                        box.size.height, width, height, area.origin.x,
                        area.origin.x + area.size.width);
        /* Wider than the plot area here: the test is about that case. */
        g_assert_cmpfloat (box.size.width, >, area.size.width);
        g_assert_cmpfloat (box.size.width, <=, width);
        g_assert_cmpfloat (box.origin.x, >=, 0);
        g_assert_cmpfloat (box.origin.x + box.size.width, <=, width);
        g_assert_cmpfloat (box.origin.y, >=, area.origin.y);
        g_assert_cmpfloat (box.origin.y + box.size.height, <=, area.origin.y + area.size.height);
      }

  /* A wide plot: the box stays inside the plot area, beside the pointer. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 360);
  spin_until_drawn (w);
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));
  g_assert_true (_neurona_plot_get_readout_box (f->plot, area.origin.x + area.size.width - 2,
                                                area.origin.y + 2, &box));
  g_assert_cmpfloat (box.origin.x, >=, area.origin.x);
  g_assert_cmpfloat (box.origin.x + box.size.width, <=, area.origin.x + area.size.width - 2);
  g_assert_cmpfloat (box.origin.y, >=, area.origin.y);
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

/* A run of one epoch is one point: a line style alone would draw nothing, so it gets a dot
 * (as does a point alone between gaps). */
static void
test_lone_point_shows (Fixture *f, gconstpointer data)
{
  graphene_rect_t area, around;
  UiTestPixels px;
  double wx, wy;
  guint s;

  neurona_plot_set_x_range (f->plot, 0, 10);
  neurona_plot_set_y_range (f->plot, 0, 1);
  s = neurona_plot_add_series (f->plot, "one epoch", &MAGENTA, NEURONA_PLOT_LINE);
  neurona_plot_append (f->plot, s, 1, 0.5);
  neurona_plot_append (f->plot, s, 2, NAN);
  neurona_plot_append (f->plot, s, 3, 0.25);
  neurona_plot_append (f->plot, s, 4, NAN);
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));
  px = render (GTK_WIDGET (f->plot), FALSE);
  for (int x = 1; x <= 3; x += 2)
    {
      g_assert_true (neurona_plot_data_to_widget (f->plot, x, x == 1 ? 0.5 : 0.25, &wx, &wy));
      around = GRAPHENE_RECT_INIT (wx - 4, wy - 4, 8, 8);
      g_assert_cmpuint (count_color (&px, &around, &MAGENTA, 40), >=, 4);
    }
  /* Nothing between them: the gap is not bridged. */
  g_assert_true (neurona_plot_data_to_widget (f->plot, 2, 0.375, &wx, &wy));
  around = GRAPHENE_RECT_INIT (wx - 3, area.origin.y, 6, area.size.height);
  g_assert_cmpuint (count_color (&px, &around, &MAGENTA, 60), ==, 0);
  g_free (px.data);
}

/* Lengths of the runs of color along row y between x0 and x1. */
static GArray *
runs_along (const UiTestPixels *px, int y, int x0, int x1, const GdkRGBA *color)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (int));
  int run = 0;

  for (int x = x0; x <= x1; x++)
    {
      gboolean hit = x < x1 && pixel_is (px, x, y, color, 40);

      if (hit)
        run++;
      else if (run > 0)
        {
          g_array_append_val (runs, run);
          run = 0;
        }
    }
  return runs;
}

/* The legend's sample of a one-series plot in style: the runs of colour along its row with
 * the most of it. */
static GArray *
legend_sample_runs (Fixture *f, NeuronaPlotStyle style)
{
  graphene_rect_t legend;
  UiTestPixels px;
  int best_row = -1;
  guint best_hits = 0;
  GArray *runs;

  neurona_plot_remove_all_series (f->plot);
  neurona_plot_add_series (f->plot, "sample", &MAGENTA, style);
  g_assert_true (neurona_plot_get_legend_area (f->plot, &legend));
  px = render (GTK_WIDGET (f->plot), FALSE);
  for (int y = legend.origin.y; y < legend.origin.y + legend.size.height; y++)
    {
      guint hits = 0;
      for (int x = legend.origin.x; x < legend.origin.x + 30; x++)
        hits += pixel_is (&px, x, y, &MAGENTA, 40);
      if (hits > best_hits)
        best_hits = hits, best_row = y;
    }
  g_assert_cmpint (best_row, >=, 0);
  runs = runs_along (&px, best_row, legend.origin.x, legend.origin.x + 30, &MAGENTA);
  g_free (px.data);
  return runs;
}

static void
assert_runs (GArray *runs, guint min_count, int min_len, int max_len)
{
  g_assert_cmpuint (runs->len, >=, min_count);
  for (guint i = 0; i < runs->len; i++)
    {
      g_assert_cmpint (g_array_index (runs, int, i), >=, min_len);
      g_assert_cmpint (g_array_index (runs, int, i), <=, max_len);
    }
}

static void
test_four_line_styles (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) solid = legend_sample_runs (f, NEURONA_PLOT_LINE);
  g_autoptr (GArray) dashed = legend_sample_runs (f, NEURONA_PLOT_DASHED);
  g_autoptr (GArray) dotted = legend_sample_runs (f, NEURONA_PLOT_DOTTED);
  g_autoptr (GArray) dash_dot = legend_sample_runs (f, NEURONA_PLOT_DASH_DOT);
  guint long_dashes = 0, dots = 0;

  /* One colour, four looks: one long run; dashes of 6 px; dots of 2 px; dashes and dots
   * in turn. */
  assert_runs (solid, 1, 24, 30);
  g_assert_cmpuint (solid->len, ==, 1);
  assert_runs (dashed, 3, 5, 7);
  assert_runs (dotted, 5, 1, 3);
  g_assert_cmpuint (dash_dot->len, >=, 3);
  for (guint i = 0; i < dash_dot->len; i++)
    {
      int len = g_array_index (dash_dot, int, i);
      long_dashes += len >= 6;
      dots += len <= 3;
    }
  g_assert_cmpuint (long_dashes, >=, 2);
  g_assert_cmpuint (dots, >=, 1);
}

static double
relative_luminance (const GdkRGBA *c)
{
  double v[3] = { c->red, c->green, c->blue };

  for (int i = 0; i < 3; i++)
    v[i] = v[i] <= 0.04045 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

static double
contrast (const GdkRGBA *a, const GdkRGBA *b)
{
  double la = relative_luminance (a), lb = relative_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static void
test_series_looks (Fixture *f, gconstpointer data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  GdkRGBA light_bg, dark_bg;

  /* The window's background in each style (what the plot is drawn over). */
  _neurona_plot_get_background (f->plot, &light_bg);
  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  spin_until_drawn (GTK_WIDGET (f->plot));
  _neurona_plot_get_background (f->plot, &dark_bg);
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  g_assert_false (gdk_rgba_equal (&light_bg, &dark_bg));

  /* 32 series, 32 looks: eight colours, then the same eight dashed, dotted, dash-dotted. */
  for (guint i = 0; i < 32; i++)
    for (guint j = 0; j < i; j++)
      {
        GdkRGBA ci, cj;
        NeuronaPlotStyle si, sj;

        neurona_plot_get_series_look (i, FALSE, &ci, &si);
        neurona_plot_get_series_look (j, FALSE, &cj, &sj);
        g_assert_false (gdk_rgba_equal (&ci, &cj) && si == sj);
      }
  {
    GdkRGBA c0, c8;
    NeuronaPlotStyle s0, s8, s16, s24;

    neurona_plot_get_series_look (0, FALSE, &c0, &s0);
    neurona_plot_get_series_look (8, FALSE, &c8, &s8);
    neurona_plot_get_series_look (16, FALSE, NULL, &s16);
    neurona_plot_get_series_look (24, FALSE, NULL, &s24);
    g_assert_true (gdk_rgba_equal (&c0, &c8));
    g_assert_cmpint (s0, ==, NEURONA_PLOT_LINE);
    g_assert_cmpint (s8, ==, NEURONA_PLOT_DASHED);
    g_assert_cmpint (s16, ==, NEURONA_PLOT_DOTTED);
    g_assert_cmpint (s24, ==, NEURONA_PLOT_DASH_DOT);
  }
  /* None vanishes: at least 2:1 against the light window, 3:1 against the dark one. */
  for (guint i = 0; i < 8; i++)
    {
      GdkRGBA light, dark;

      neurona_plot_get_series_look (i, FALSE, &light, NULL);
      neurona_plot_get_series_look (i, TRUE, &dark, NULL);
      g_test_message ("colour %u: %.2f:1 light, %.2f:1 dark", i, contrast (&light, &light_bg),
                      contrast (&dark, &dark_bg));
      g_assert_cmpfloat (contrast (&light, &light_bg), >=, 2.0);
      g_assert_cmpfloat (contrast (&dark, &dark_bg), >=, 3.0);
    }
}

/* A series added without a colour takes its index's, and follows the style. */
static void
test_automatic_colour_follows_style (Fixture *f, gconstpointer data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  graphene_rect_t legend;
  GdkRGBA light, dark;
  UiTestPixels px;

  neurona_plot_get_series_look (7, FALSE, &light, NULL);
  neurona_plot_get_series_look (7, TRUE, &dark, NULL);
  g_assert_false (gdk_rgba_equal (&light, &dark)); /* black turns light grey */
  for (guint i = 0; i < 8; i++)
    neurona_plot_add_series (f->plot, i == 7 ? "eighth" : "", NULL, NEURONA_PLOT_AUTO);
  g_assert_true (neurona_plot_get_legend_area (f->plot, &legend));
  px = render (GTK_WIDGET (f->plot), FALSE);
  g_assert_cmpuint (count_color (&px, &legend, &light, 10), >, 10);
  g_free (px.data);

  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  spin_until_drawn (GTK_WIDGET (f->plot));
  px = render (GTK_WIDGET (f->plot), TRUE);
  g_assert_cmpuint (count_color (&px, &legend, &dark, 10), >, 10);
  g_free (px.data);
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
}

static void
measure (GtkWidget *w, GtkOrientation orientation, int for_size, int *min, int *nat)
{
  gtk_widget_measure (w, orientation, for_size, min, nat, NULL, NULL);
}

/* An overlay of many runs keeps the width: a plot of 41 series asks for the width a plot
 * of one does, and its legend wraps into rows inside its allocation; it asks for more
 * height instead, so at its minimum height the plot area is as tall as with one series. */
static void
test_many_series_keep_width (Fixture *f, gconstpointer data)
{
  GtkWidget *w = GTK_WIDGET (f->plot);
  int min1, nat1, min41, nat41, hmin1, hmin41, width;
  graphene_rect_t legend, area, area1;

  neurona_plot_set_title (f->plot, "Test accuracy per epoch");
  neurona_plot_set_x_label (f->plot, "Epoch");
  neurona_plot_set_y_range (f->plot, 0, 1);
  neurona_plot_set_x_range (f->plot, 0, 10);
  neurona_plot_add_series (f->plot, "1: 128 relu · 10 epochs", NULL, NEURONA_PLOT_AUTO);
  /* As short as the plot allows. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 560, 100);
  spin_until_drawn (w);
  measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min1, &nat1);
  measure (w, GTK_ORIENTATION_VERTICAL, 560, &hmin1, NULL);
  g_assert_cmpint (gtk_widget_get_height (w), ==, hmin1);
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area1));

  for (guint i = 1; i < 40; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u: %u relu, %u tanh · %u epochs", i + 1,
                                                16 * i, 8 * i, 1 + i % 12);
      guint s = neurona_plot_add_series (f->plot, label, NULL, NEURONA_PLOT_AUTO);

      for (int e = 1; e <= 10; e++)
        neurona_plot_append (f->plot, s, e, 0.5 + 0.4 * (1 - exp (-e / (1.0 + i * 0.1))));
    }
  /* And one label longer than any plot is wide: it is ellipsized, it widens nothing. */
  neurona_plot_add_series (f->plot,
                           "41: a run whose name goes on and on and on, far longer than any "
                           "legend could ever show on one line of the plot",
                           NULL, NEURONA_PLOT_AUTO);
  measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min41, &nat41);
  g_assert_cmpint (min41, ==, min1);
  g_assert_cmpint (nat41, ==, nat1);
  measure (w, GTK_ORIENTATION_VERTICAL, 560, &hmin41, NULL);
  g_test_message ("min height at 560 px: %d with one series, %d with 41", hmin1, hmin41);
  g_assert_cmpint (hmin41, >, hmin1 + 10 * 12);

  spin_until_drawn (w);
  g_assert_cmpint (gtk_widget_get_width (f->window), ==, 560);
  g_assert_cmpint (gtk_widget_get_height (w), ==, hmin41);
  width = gtk_widget_get_width (w);
  g_assert_true (neurona_plot_get_legend_area (f->plot, &legend));
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));
  g_test_message ("legend %.0f × %.0f px in a %d px plot; plot area %.0f px tall (%.0f with one "
                  "series)", legend.size.width, legend.size.height, width, area.size.height,
                  area1.size.height);
  /* Rows inside the plot's width, above the data. */
  g_assert_cmpfloat (legend.origin.x, >=, 0);
  g_assert_cmpfloat (legend.origin.x + legend.size.width, <=, width);
  g_assert_cmpfloat (legend.size.height, >, 10 * 12);
  g_assert_false (graphene_rect_intersection (&area, &legend, NULL));
  g_assert_cmpfloat (fabs (area.size.height - area1.size.height), <=, 1);
  {
    /* Series 9 has series 1's colour but is dashed: both in the legend. */
    GdkRGBA c0;
    UiTestPixels px = render (w, FALSE);

    neurona_plot_get_series_look (0, FALSE, &c0, NULL);
    g_assert_cmpuint (count_color (&px, &legend, &c0, 10), >, 20);
    g_free (px.data);
  }
  save_screenshot (w, "plot-41-series.png", FALSE);
}

/* Bars from lo to hi at each point, in the series' colour: a spread behind a mean. */
static void
test_error_bars (Fixture *f, gconstpointer data)
{
  static const double xs[] = { 1, 2, 3 }, ys[] = { 0.5, 0.5, 0.5 };
  static const double lo[] = { 0.2, 0.4, 0.5 }, hi[] = { 0.8, 0.6, 0.5 };
  guint s = neurona_plot_add_series (f->plot, "mean", &MAGENTA, NEURONA_PLOT_LINE);
  double bx, by_lo, by_hi, lo_y, hi_y;
  UiTestPixels px;
  guint on_bar = 0;

  neurona_plot_set_x_range (f->plot, 0, 4);
  neurona_plot_set_y_range (f->plot, 0, 1);
  neurona_plot_set_points (f->plot, s, xs, ys, 3);
  px = render (GTK_WIDGET (f->plot), FALSE);
  g_assert_true (neurona_plot_data_to_widget (f->plot, 1, 0.3, &bx, &by_lo));
  g_assert_false (pixel_is (&px, (int) bx, (int) by_lo, &MAGENTA, 40));
  g_free (px.data);

  neurona_plot_set_error_bars (f->plot, s, lo, hi, 3);
  px = render (GTK_WIDGET (f->plot), FALSE);
  /* Along the first bar, from 0.2 to 0.8, but not beyond. */
  g_assert_true (neurona_plot_data_to_widget (f->plot, 1, 0.25, &bx, &by_lo));
  g_assert_true (neurona_plot_data_to_widget (f->plot, 1, 0.75, NULL, &by_hi));
  for (int y = (int) by_hi; y <= (int) by_lo; y++)
    on_bar += pixel_is (&px, (int) round (bx), y, &MAGENTA, 60)
              || pixel_is (&px, (int) round (bx) - 1, y, &MAGENTA, 60);
  g_assert_cmpuint (on_bar, >=, (guint) (by_lo - by_hi) - 2);
  g_assert_true (neurona_plot_data_to_widget (f->plot, 1, 0.9, NULL, &hi_y));
  g_assert_true (neurona_plot_data_to_widget (f->plot, 1, 0.1, NULL, &lo_y));
  g_assert_false (pixel_is (&px, (int) round (bx), (int) hi_y, &MAGENTA, 60));
  g_assert_false (pixel_is (&px, (int) round (bx), (int) lo_y, &MAGENTA, 60));
  g_free (px.data);

  /* Removed again. */
  neurona_plot_set_error_bars (f->plot, s, NULL, NULL, 0);
  px = render (GTK_WIDGET (f->plot), FALSE);
  g_assert_true (neurona_plot_data_to_widget (f->plot, 1, 0.3, &bx, &by_lo));
  g_assert_false (pixel_is (&px, (int) round (bx), (int) by_lo, &MAGENTA, 40));
  g_free (px.data);
}

/* Names along x: one labelled place per category, the readout and the summary say the
 * name; back to numbers with NULL. */
static void
test_categories (Fixture *f, gconstpointer data)
{
  static const char *const names[] = { "relu", "tanh", "sigmoid", NULL };
  static const double xs[] = { 0, 1, 2 }, ys[] = { 0.8, 0.7, 0.6 };
  guint s = neurona_plot_add_series (f->plot, "runs", &MAGENTA, NEURONA_PLOT_MARKERS);
  g_autofree char *readout = NULL;
  g_autofree char *summary = NULL;
  double lo, hi, wx;

  neurona_plot_set_x_label (f->plot, "Activation");
  neurona_plot_set_x_categories (f->plot, names);
  neurona_plot_set_points (f->plot, s, xs, ys, 3);
  neurona_plot_get_displayed_x_range (f->plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -0.5);
  g_assert_cmpfloat (hi, ==, 2.5);
  ui_test_spin_for (50);
  _neurona_plot_ensure_layout (f->plot);
  g_assert_cmpuint (f->plot->layout.x_ticks->len, ==, 3);
  g_assert_cmpstr (g_array_index (f->plot->layout.x_ticks, NeuronaTick, 1).label, ==, "tanh");
  g_assert_true (neurona_plot_data_to_widget (f->plot, 1, 0.7, &wx, NULL));
  readout = _neurona_plot_get_readout (f->plot, wx);
  g_assert_cmpstr (readout, ==, "Activation: tanh\nruns: 0.7");
  summary = neurona_plot_get_summary (f->plot);
  g_assert_cmpstr (summary, ==, "runs: 0.6 at Activation sigmoid");

  neurona_plot_set_x_categories (f->plot, NULL);
  g_assert_null (f->plot->x_categories);
  _neurona_plot_ensure_layout (f->plot);
  g_assert_cmpstr (_neurona_plot_format_x (f->plot, 1), ==, "1");
}

/* A logarithmic x axis spaces factors of ten evenly. */
static void
test_x_log (Fixture *f, gconstpointer data)
{
  static const double xs[] = { 0.001, 0.01, 0.1 }, ys[] = { 1, 2, 3 };
  guint s = neurona_plot_add_series (f->plot, "lr", &MAGENTA, NEURONA_PLOT_LINE_MARKERS);
  double w0, w1, w2;
  gboolean x_log = FALSE;

  neurona_plot_set_x_log (f->plot, TRUE);
  g_object_get (f->plot, "x-log", &x_log, NULL);
  g_assert_true (x_log);
  neurona_plot_set_points (f->plot, s, xs, ys, 3);
  g_assert_true (neurona_plot_data_to_widget (f->plot, 0.001, 2, &w0, NULL));
  g_assert_true (neurona_plot_data_to_widget (f->plot, 0.01, 2, &w1, NULL));
  g_assert_true (neurona_plot_data_to_widget (f->plot, 0.1, 2, &w2, NULL));
  g_assert_cmpfloat (w1, >, w0);
  g_assert_cmpfloat_with_epsilon (w1 - w0, w2 - w1, 0.01);
  g_assert_false (neurona_plot_data_to_widget (f->plot, 0, 2, NULL, NULL));
}

/* A series left out of the legend: the legend holds only its partner. */
static void
test_legend_leaves_out (Fixture *f, gconstpointer data)
{
  graphene_rect_t both, one;
  guint a = neurona_plot_add_series (f->plot, "mean of the seeds", &MAGENTA, NEURONA_PLOT_LINE);
  guint b = neurona_plot_add_series (f->plot, "runs of the sweep", &TEAL, NEURONA_PLOT_MARKERS);
  UiTestPixels px;

  neurona_plot_append (f->plot, a, 0, 0);
  neurona_plot_append (f->plot, b, 1, 1);
  g_assert_true (neurona_plot_get_legend_area (f->plot, &both));
  neurona_plot_set_series_in_legend (f->plot, b, FALSE);
  ui_test_spin_for (50);
  g_assert_true (neurona_plot_get_legend_area (f->plot, &one));
  g_assert_cmpfloat (one.size.width, <, both.size.width - 40);
  px = render (GTK_WIDGET (f->plot), FALSE);
  g_assert_cmpuint (count_color (&px, &one, &TEAL, 12), ==, 0);
  g_assert_cmpuint (count_color (&px, &one, &MAGENTA, 12), >, 10);
  g_free (px.data);
}

typedef struct
{
  guint series, index, n;
} Picked;

static void
on_activated (NeuronaPlot *plot, guint series, guint index, Picked *p)
{
  p->series = series;
  p->index = index;
  p->n++;
}

/* Points that can be picked: the keyboard visits them by x, then series (the others'
 * points are skipped), Enter activates the one selected, a click near one activates it
 * and a click far from all does nothing; five runs at one x are all drawn. */
static void
test_points_pick (Fixture *f, gconstpointer data)
{
  static const double ax[] = { 2, 0 }, ay[] = { 0.5, 0.2 };
  static const double bx[] = { 1, 2 }, by[] = { 0.4, 0.9 };
  static const double cx[] = { 1.5 }, cy[] = { 0.6 };
  guint a = neurona_plot_add_series (f->plot, "a", &MAGENTA, NEURONA_PLOT_MARKERS);
  guint c = neurona_plot_add_series (f->plot, "mean", &TEAL, NEURONA_PLOT_LINE);
  guint b = neurona_plot_add_series (f->plot, "b", &TEAL, NEURONA_PLOT_MARKERS);
  Picked picked = { 0 };
  guint series, index;
  double wx, wy;

  neurona_plot_set_points (f->plot, a, ax, ay, 2);
  neurona_plot_set_points (f->plot, b, bx, by, 2);
  neurona_plot_set_points (f->plot, c, cx, cy, 1);
  neurona_plot_set_series_selectable (f->plot, a, TRUE);
  neurona_plot_set_series_selectable (f->plot, b, TRUE);
  g_signal_connect (f->plot, "point-activated", G_CALLBACK (on_activated), &picked);
  ui_test_spin_for (50);

  g_assert_false (neurona_plot_get_selected_point (f->plot, NULL, NULL));
  /* Enter with nothing selected does nothing. */
  g_assert_false (_neurona_plot_handle_key (f->plot, GDK_KEY_Return, 0));
  /* By x: a[1] (0), b[0] (1), then at 2 series a before b: a[0], b[1]. */
  g_assert_true (_neurona_plot_handle_key (f->plot, GDK_KEY_Right, 0));
  g_assert_true (neurona_plot_get_selected_point (f->plot, &series, &index));
  g_assert_cmpuint (series, ==, a);
  g_assert_cmpuint (index, ==, 1);
  g_assert_true (_neurona_plot_handle_key (f->plot, GDK_KEY_Right, 0));
  g_assert_true (neurona_plot_get_selected_point (f->plot, &series, &index));
  g_assert_cmpuint (series, ==, b);
  g_assert_cmpuint (index, ==, 0);
  g_assert_true (_neurona_plot_handle_key (f->plot, GDK_KEY_Right, 0));
  g_assert_true (neurona_plot_get_selected_point (f->plot, &series, &index));
  g_assert_cmpuint (series, ==, a);
  g_assert_cmpuint (index, ==, 0);
  g_assert_true (_neurona_plot_handle_key (f->plot, GDK_KEY_End, 0));
  g_assert_true (neurona_plot_get_selected_point (f->plot, &series, &index));
  g_assert_cmpuint (series, ==, b);
  g_assert_cmpuint (index, ==, 1);
  g_assert_true (_neurona_plot_handle_key (f->plot, GDK_KEY_Left, 0));
  g_assert_true (_neurona_plot_handle_key (f->plot, GDK_KEY_Return, 0));
  g_assert_cmpuint (picked.n, ==, 1);
  g_assert_cmpuint (picked.series, ==, a);
  g_assert_cmpuint (picked.index, ==, 0);
  g_assert_true (_neurona_plot_handle_key (f->plot, GDK_KEY_Home, 0));
  g_assert_true (neurona_plot_get_selected_point (f->plot, &series, &index));
  g_assert_cmpuint (index, ==, 1);
  /* Keys with Ctrl are someone else's. */
  g_assert_false (_neurona_plot_handle_key (f->plot, GDK_KEY_Right, GDK_CONTROL_MASK));

  /* A click near b[0] activates it; one far from every point does nothing. */
  g_assert_true (neurona_plot_data_to_widget (f->plot, 1, 0.4, &wx, &wy));
  _neurona_plot_click (f->plot, wx + 3, wy + 3);
  g_assert_cmpuint (picked.n, ==, 2);
  g_assert_cmpuint (picked.series, ==, b);
  g_assert_cmpuint (picked.index, ==, 0);
  g_assert_true (neurona_plot_data_to_widget (f->plot, 1.5, 0.6, &wx, &wy));
  _neurona_plot_click (f->plot, wx, wy);
  g_assert_cmpuint (picked.n, ==, 2);

  /* Fewer points: a selection past the end goes. */
  neurona_plot_select_point (f->plot, b, 1);
  neurona_plot_set_points (f->plot, b, bx, by, 1);
  g_assert_false (neurona_plot_get_selected_point (f->plot, NULL, NULL));

  /* Five runs of one value: all drawn, none decimated away. */
  {
    static const double fx[] = { 1, 1, 1, 1, 1 }, fy[] = { 0.1, 0.3, 0.5, 0.7, 0.9 };

    neurona_plot_remove_all_series (f->plot);
    a = neurona_plot_add_series (f->plot, "runs", &MAGENTA, NEURONA_PLOT_MARKERS);
    neurona_plot_set_points (f->plot, a, fx, fy, 5);
    neurona_plot_set_series_selectable (f->plot, a, TRUE);
    g_free (render (GTK_WIDGET (f->plot), FALSE).data);
    g_assert_cmpuint (_neurona_plot_get_n_drawn_points (f->plot), ==, 5);
  }
}


/* Presenter mode's look: line-scale thickens the line in pixels, high-contrast darkens
 * the automatic colour; both back to the normal look when reset. */
static guint
line_rows (const UiTestPixels *px, int col, const graphene_rect_t *area, GdkRGBA *darkest)
{
  guint rows = 0;
  double best = 3.0;

  for (int y = (int) area->origin.y + 2; y < area->origin.y + area->size.height - 2; y++)
    {
      guint8 rgb[3];
      double sum;

      ui_test_pixel_at (px, col, y, rgb);
      sum = (rgb[0] + rgb[1] + rgb[2]) / 255.0;
      /* The window background is near white; grid lines are light grey. */
      if (sum < 2.2)
        {
          rows++;
          if (sum < best)
            {
              best = sum;
              *darkest = (GdkRGBA) { rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0, 1 };
            }
        }
    }
  return rows;
}

static void
test_line_scale_and_contrast (Fixture *f, gconstpointer data)
{
  graphene_rect_t area;
  GdkRGBA normal_color, contrast_color, palette;
  UiTestPixels px;
  guint s, normal_rows, thick_rows;
  double wx, wy;
  int col;

  neurona_plot_set_x_range (f->plot, 0, 10);
  neurona_plot_set_y_range (f->plot, 0, 10);
  s = neurona_plot_add_series (f->plot, "y = 5", NULL, NEURONA_PLOT_LINE);
  for (int i = 0; i <= 10; i++)
    neurona_plot_append (f->plot, s, i, 5.3);
  g_assert_cmpfloat (neurona_plot_get_line_scale (f->plot), ==, 1.0);
  g_assert_false (neurona_plot_get_high_contrast (f->plot));
  g_assert_true (neurona_plot_data_to_widget (f->plot, 5.5, 5.3, &wx, &wy));
  g_assert_true (neurona_plot_get_plot_area (f->plot, &area));
  col = (int) wx;

  px = render (GTK_WIDGET (f->plot), FALSE);
  normal_rows = line_rows (&px, col, &area, &normal_color);
  g_free (px.data);

  neurona_plot_set_line_scale (f->plot, 2.5);
  neurona_plot_set_high_contrast (f->plot, TRUE);
  g_assert_cmpfloat (neurona_plot_get_line_scale (f->plot), ==, 2.5);
  save_screenshot (GTK_WIDGET (f->plot), "plot-presenting.png", FALSE);
  px = render (GTK_WIDGET (f->plot), FALSE);
  thick_rows = line_rows (&px, col, &area, &contrast_color);
  g_free (px.data);
  g_test_message ("line %u rows normal, %u rows at scale 2.5", normal_rows, thick_rows);

  /* 2 px against 5 px, give or take the antialiased edge rows. */
  g_assert_cmpuint (normal_rows, >=, 2);
  g_assert_cmpuint (normal_rows, <=, 3);
  g_assert_cmpuint (thick_rows, >=, 5);
  g_assert_cmpuint (thick_rows, <=, 6);
  /* Series 0's palette blue, then a darker one. */
  neurona_plot_get_series_look (0, FALSE, &palette, NULL);
  g_assert_cmpfloat (fabs (normal_color.blue - palette.blue), <, 0.08);
  g_assert_cmpfloat (contrast_color.red + contrast_color.green + contrast_color.blue, <,
                     normal_color.red + normal_color.green + normal_color.blue - 0.3);

  /* Out of range scales are clamped; back to normal. */
  neurona_plot_set_line_scale (f->plot, 99);
  g_assert_cmpfloat (neurona_plot_get_line_scale (f->plot), ==, 4.0);
  neurona_plot_set_line_scale (f->plot, 1.0);
  neurona_plot_set_high_contrast (f->plot, FALSE);
  px = render (GTK_WIDGET (f->plot), FALSE);
  g_assert_cmpuint (line_rows (&px, col, &area, &contrast_color), ==, normal_rows);
  g_free (px.data);
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
  ADD ("/ui/plot/legend-short-labels", test_legend_short_labels);
  ADD ("/ui/plot/line-styles-differ", test_line_styles_differ);
  ADD ("/ui/plot/auto-range-grows", test_auto_range_grows);
  ADD ("/ui/plot/non-finite", test_nonfinite);
  ADD ("/ui/plot/decimation", test_decimation);
  ADD ("/ui/plot/hover-readout", test_hover_readout);
  ADD ("/ui/plot/hover-readout-inside", test_hover_readout_inside);
  ADD ("/ui/plot/dark-theme", test_dark_theme);
  ADD ("/ui/plot/accessible", test_accessible);
  ADD ("/ui/plot/properties", test_properties);
  ADD ("/ui/plot/lone-point-shows", test_lone_point_shows);
  ADD ("/ui/plot/four-line-styles", test_four_line_styles);
  ADD ("/ui/plot/series-looks", test_series_looks);
  ADD ("/ui/plot/automatic-colour-follows-style", test_automatic_colour_follows_style);
  ADD ("/ui/plot/many-series-keep-width", test_many_series_keep_width);
  ADD ("/ui/plot/error-bars", test_error_bars);
  ADD ("/ui/plot/categories", test_categories);
  ADD ("/ui/plot/x-log", test_x_log);
  ADD ("/ui/plot/legend-leaves-out", test_legend_leaves_out);
  ADD ("/ui/plot/points-pick", test_points_pick);
  ADD ("/ui/plot/line-scale-and-contrast", test_line_scale_and_contrast);
#undef ADD

  return g_test_run ();
}
