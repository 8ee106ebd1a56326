/* test-series.c — a plot series without a display: its points, its extents and the cache
 * of decimated vertices (extended by an append, rebuilt when the points, the axes or the
 * width change). */
#include <math.h>

#include "neurona-series.h"

typedef struct
{
  NeuronaAxis *x;
  NeuronaAxis *y;
} Axes;

static Axes
axes_new (double x_lo, double x_hi, double y_lo, double y_hi)
{
  Axes a = { neurona_axis_new (), neurona_axis_new () };

  neurona_axis_set_fixed (a.x, x_lo, x_hi);
  neurona_axis_set_fixed (a.y, y_lo, y_hi);
  return a;
}

static void
axes_free (Axes *a)
{
  neurona_axis_free (a->x);
  neurona_axis_free (a->y);
}

/* A noisy falling curve, as a per-step training loss. */
static double
noisy_loss (guint i)
{
  return 0.3 + 1.5 * exp (-(double) i / 3000) + 0.15 * sin (i * 12.9898) * cos (i * 78.233);
}

static void
test_decimation_keeps_each_column_envelope (void)
{
  const guint n = 20000, width = 200;
  g_autoptr (NeuronaSeries) s = neurona_series_new ();
  Axes axes = axes_new (0, n, 0, 2);
  const NeuronaSeriesVertex *v;
  guint n_entries, n_vertices;
  g_autofree double *col_min = g_new (double, width + 1);
  g_autofree double *col_max = g_new (double, width + 1);

  for (guint c = 0; c <= width; c++)
    col_min[c] = INFINITY, col_max[c] = -INFINITY;
  for (guint i = 0; i < n; i++)
    {
      double y = noisy_loss (i);
      guint c = (guint) floor ((double) i / n * width);

      neurona_series_append (s, i, y);
      col_min[c] = MIN (col_min[c], y / 2);
      col_max[c] = MAX (col_max[c], y / 2);
    }
  g_assert_true (neurona_series_get_sorted (s));

  v = neurona_series_get_vertices (s, axes.x, axes.y, width, &n_entries, &n_vertices);
  /* 100 points a column: two vertices each (the column's lowest and highest value), at
   * the column's pixel centre. */
  g_assert_cmpuint (n_vertices, ==, 2 * width);
  g_assert_cmpuint (n_entries, ==, n_vertices); /* no gaps */
  for (guint i = 0; i < n_entries; i++)
    {
      guint c = (guint) floor (v[i].x * width);
      double lo = MIN (v[i & ~1u].y, v[i | 1u].y), hi = MAX (v[i & ~1u].y, v[i | 1u].y);

      g_assert_cmpfloat_with_epsilon (v[i].x * width, c + 0.5, 1e-9);
      g_assert_cmpuint (c, ==, i / 2);
      g_assert_cmpfloat_with_epsilon (lo, col_min[c], 1e-12);
      g_assert_cmpfloat_with_epsilon (hi, col_max[c], 1e-12);
      /* Each vertex is one of the points, and says which. */
      g_assert_cmpfloat_with_epsilon (noisy_loss (v[i].index) / 2, v[i].y, 1e-12);
    }
  axes_free (&axes);
}

static void
assert_same_vertices (const NeuronaSeriesVertex *a, guint na, const NeuronaSeriesVertex *b,
                      guint nb)
{
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      if (isnan (a[i].x))
        {
          g_assert_true (isnan (b[i].x));
          continue;
        }
      g_assert_true (a[i].x == b[i].x);
      g_assert_true (a[i].y == b[i].y);
      g_assert_cmpuint (a[i].index, ==, b[i].index);
    }
}

static void
test_append_extends_the_cache (void)
{
  const guint width = 150;
  g_autoptr (NeuronaSeries) live = neurona_series_new ();
  Axes axes = axes_new (0, 5000, 0, 2);

  /* Points arrive in batches, as during training; the vertices after each batch are those
   * of a series given all the points at once, and the cache was built only once. */
  for (guint batch = 0; batch < 50; batch++)
    {
      g_autoptr (NeuronaSeries) whole = neurona_series_new ();
      const NeuronaSeriesVertex *a, *b;
      guint na, nb;

      for (guint i = batch * 97; i < (batch + 1) * 97; i++)
        neurona_series_append (live, i, i % 211 == 0 ? NAN : noisy_loss (i));
      for (guint i = 0; i < (batch + 1) * 97; i++)
        neurona_series_append (whole, i, i % 211 == 0 ? NAN : noisy_loss (i));
      a = neurona_series_get_vertices (live, axes.x, axes.y, width, &na, NULL);
      b = neurona_series_get_vertices (whole, axes.x, axes.y, width, &nb, NULL);
      assert_same_vertices (a, na, b, nb);
    }
  g_assert_cmpuint (neurona_series_get_n_rebuilds (live), ==, 1);
  axes_free (&axes);
}

static void
test_cache_invalidation (void)
{
  g_autoptr (NeuronaSeries) s = neurona_series_new ();
  Axes axes = axes_new (0, 10, 0, 10);
  static const double xs[] = { 1, 2, 3, 4 };
  static const double ys[] = { 1, 4, 9, 16 };
  guint n_vertices, rebuilds = 0;

  neurona_series_set_points (s, xs, ys, G_N_ELEMENTS (xs));
  neurona_series_get_vertices (s, axes.x, axes.y, 100, NULL, &n_vertices);
  g_assert_cmpuint (n_vertices, ==, 4);
  g_assert_cmpuint (neurona_series_get_n_rebuilds (s), ==, ++rebuilds);
  /* Asked again for the same: the cache as it was. */
  neurona_series_get_vertices (s, axes.x, axes.y, 100, NULL, &n_vertices);
  g_assert_cmpuint (neurona_series_get_n_rebuilds (s), ==, rebuilds);

  /* A resize, an axis change, new points, clearing: each rebuilds it. */
  neurona_series_get_vertices (s, axes.x, axes.y, 3, NULL, &n_vertices);
  g_assert_cmpuint (neurona_series_get_n_rebuilds (s), ==, ++rebuilds);
  /* 3 px: x = 1, 2 and 3 share column 0 (x < 3.33), which keeps its lowest and highest
   * value; x = 4 is alone in column 1. */
  g_assert_cmpuint (n_vertices, ==, 3);

  neurona_axis_set_fixed (axes.y, 0, 20);
  neurona_series_get_vertices (s, axes.x, axes.y, 3, NULL, NULL);
  g_assert_cmpuint (neurona_series_get_n_rebuilds (s), ==, ++rebuilds);

  neurona_series_set_points (s, xs, ys, 2);
  neurona_series_get_vertices (s, axes.x, axes.y, 100, NULL, &n_vertices);
  g_assert_cmpuint (n_vertices, ==, 2);
  g_assert_cmpuint (neurona_series_get_n_rebuilds (s), ==, ++rebuilds);

  neurona_series_clear (s);
  neurona_series_get_vertices (s, axes.x, axes.y, 100, NULL, &n_vertices);
  g_assert_cmpuint (n_vertices, ==, 0);
  g_assert_cmpuint (neurona_series_get_n_points (s), ==, 0);
  g_assert_cmpuint (neurona_series_get_n_rebuilds (s), ==, ++rebuilds);
  axes_free (&axes);
}

static void
test_unsorted_points_are_all_drawn (void)
{
  g_autoptr (NeuronaSeries) s = neurona_series_new ();
  Axes axes = axes_new (-1, 1, -1, 1);
  const NeuronaSeriesVertex *v;
  guint rebuilds, n_entries, n_vertices;

  /* A circle: x goes back, so there is no column order to decimate by. */
  for (guint i = 0; i < 10; i++)
    neurona_series_append (s, 0.01 * i, 0);
  neurona_series_get_vertices (s, axes.x, axes.y, 400, NULL, NULL);
  rebuilds = neurona_series_get_n_rebuilds (s);
  for (guint i = 0; i <= 360; i++)
    neurona_series_append (s, cos (i * G_PI / 180), sin (i * G_PI / 180));
  g_assert_false (neurona_series_get_sorted (s));
  v = neurona_series_get_vertices (s, axes.x, axes.y, 400, &n_entries, &n_vertices);
  g_assert_cmpuint (neurona_series_get_n_rebuilds (s), ==, rebuilds + 1);
  g_assert_cmpuint (n_vertices, ==, 10 + 361);
  /* Positions along the axes: (cos 90°, sin 90°) = (0, 1) is at (0.5, 1). */
  g_assert_cmpfloat_with_epsilon (v[10 + 90].x, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (v[10 + 90].y, 1.0, 1e-9);
  axes_free (&axes);
}

static void
test_gaps_lift_the_pen (void)
{
  g_autoptr (NeuronaSeries) s = neurona_series_new ();
  Axes axes = axes_new (0, 10, 0.01, 100);
  const NeuronaSeriesVertex *v;
  guint n_entries, n_vertices;
  NeuronaExtent ex, ey;

  neurona_series_append (s, 1, 1);
  neurona_series_append (s, 2, 2);
  neurona_series_append (s, 3, NAN);
  neurona_series_append (s, 4, INFINITY);
  neurona_series_append (s, 5, 5);
  neurona_series_append (s, NAN, 1);
  neurona_series_append (s, 7, 7);

  v = neurona_series_get_vertices (s, axes.x, axes.y, 100, &n_entries, &n_vertices);
  /* 1 2 | 5 | 7: four vertices in three runs. */
  g_assert_cmpuint (n_vertices, ==, 4);
  g_assert_cmpuint (n_entries, ==, 6);
  g_assert_cmpuint (v[0].index, ==, 0);
  g_assert_cmpuint (v[1].index, ==, 1);
  g_assert_true (isnan (v[2].x));
  g_assert_cmpuint (v[3].index, ==, 4);
  g_assert_true (isnan (v[4].x));
  g_assert_cmpuint (v[5].index, ==, 6);

  /* The extents are of the finite pairs only. */
  neurona_series_get_extents (s, &ex, &ey);
  g_assert_cmpfloat (ex.lo, ==, 1);
  g_assert_cmpfloat (ex.hi, ==, 7);
  g_assert_cmpfloat (ey.hi, ==, 7);

  /* On a log axis a non-positive value is a gap too. */
  neurona_axis_set_log (axes.y, TRUE);
  neurona_series_append (s, 8, 0);
  neurona_series_append (s, 9, 0.1);
  v = neurona_series_get_vertices (s, axes.x, axes.y, 100, &n_entries, &n_vertices);
  g_assert_cmpuint (n_vertices, ==, 5);
  g_assert_true (isnan (v[n_entries - 2].x));
  /* 0.1 on 0.01…100: a quarter of the way up. */
  g_assert_cmpfloat_with_epsilon (v[n_entries - 1].y, 0.25, 1e-12);
  axes_free (&axes);
}

static void
test_visible_window (void)
{
  g_autoptr (NeuronaSeries) s = neurona_series_new ();
  Axes axes = axes_new (100, 200, 0, 1000);
  const NeuronaSeriesVertex *v;
  guint n_entries, n_vertices;

  for (guint i = 0; i < 1000; i++)
    neurona_series_append (s, i, i);
  /* 100 px for x = 100…200: one point a column, plus the one just before the left edge
   * and the one just past the right edge, so the line reaches both. */
  v = neurona_series_get_vertices (s, axes.x, axes.y, 100, &n_entries, &n_vertices);
  g_assert_cmpuint (v[0].index, ==, 99);
  g_assert_cmpuint (v[n_entries - 1].index, ==, 201);
  g_assert_cmpuint (n_vertices, <=, 104);
  g_assert_cmpuint (n_vertices, >=, 101);
  axes_free (&axes);
}

static void
test_nearest (void)
{
  g_autoptr (NeuronaSeries) s = neurona_series_new ();
  g_autoptr (NeuronaAxis) y = neurona_axis_new ();
  static const double xs[] = { 1, 2, 3, 4, 5 };
  static const double ys[] = { 10, -1, NAN, 40, 50 };

  g_assert_cmpint (neurona_series_nearest (s, 3, y), ==, -1);
  neurona_series_set_points (s, xs, ys, G_N_ELEMENTS (xs));
  g_assert_cmpint (neurona_series_nearest (s, 1.2, y), ==, 0);
  g_assert_cmpint (neurona_series_nearest (s, 4.6, y), ==, 4);
  /* x = 3 has no value: the nearest shown point instead (2 and 4 tie; the first wins). */
  g_assert_cmpint (neurona_series_nearest (s, 3.0, y), ==, 1);
  /* On a log axis -1 cannot be shown either. */
  neurona_axis_set_log (y, TRUE);
  g_assert_cmpint (neurona_series_nearest (s, 2.1, y), ==, 0);
  g_assert_cmpfloat (neurona_series_get_x (s, 3), ==, 4);
  g_assert_cmpfloat (neurona_series_get_y (s, 3), ==, 40);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/series/decimation-keeps-each-column-envelope",
                   test_decimation_keeps_each_column_envelope);
  g_test_add_func ("/core/series/append-extends-the-cache", test_append_extends_the_cache);
  g_test_add_func ("/core/series/cache-invalidation", test_cache_invalidation);
  g_test_add_func ("/core/series/unsorted-points-are-all-drawn",
                   test_unsorted_points_are_all_drawn);
  g_test_add_func ("/core/series/gaps-lift-the-pen", test_gaps_lift_the_pen);
  g_test_add_func ("/core/series/visible-window", test_visible_window);
  g_test_add_func ("/core/series/nearest", test_nearest);
  return g_test_run ();
}
