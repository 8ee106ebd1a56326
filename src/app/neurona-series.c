/* neurona-series.c — a plot series' points and its cache of drawn vertices; see
 * neurona-series.h. */
#include "neurona-series.h"

/* What the cached vertices were made for. */
typedef struct
{
  double x_lo, x_hi, y_lo, y_hi; /* axis units */
  gboolean x_log, y_log;
  int width;
} CacheKey;

struct _NeuronaSeries
{
  GArray *xs; /* double */
  GArray *ys; /* double */
  gboolean sorted;
  NeuronaExtent x_extent, y_extent;

  /* Cache */
  gboolean cache_valid;
  CacheKey key;
  GArray *vertices;  /* NeuronaSeriesVertex: the committed ones, then the pending column's */
  guint n_committed; /* entries of vertices that are final */
  guint n_committed_vertices;
  guint next;        /* the next point to decimate */
  gboolean pen_down; /* the last committed entry is a vertex, not a pen lift */
  gboolean done;     /* a point past the right edge was reached (sorted series) */
  /* The pixel column being filled (sorted series). */
  gboolean have_column;
  double column; /* pixel centre */
  double column_min, column_max;
  guint index_min, index_max;
  guint n_rebuilds;
};

NeuronaSeries *
neurona_series_new (void)
{
  NeuronaSeries *s = g_new0 (NeuronaSeries, 1);

  s->xs = g_array_new (FALSE, FALSE, sizeof (double));
  s->ys = g_array_new (FALSE, FALSE, sizeof (double));
  s->vertices = g_array_new (FALSE, FALSE, sizeof (NeuronaSeriesVertex));
  s->sorted = TRUE;
  s->x_extent = s->y_extent = NEURONA_EXTENT_INIT;
  return s;
}

void
neurona_series_free (NeuronaSeries *series)
{
  if (series == NULL)
    return;
  g_array_unref (series->xs);
  g_array_unref (series->ys);
  g_array_unref (series->vertices);
  g_free (series);
}

static inline double
x_at (const NeuronaSeries *s, guint i)
{
  return g_array_index (s->xs, double, i);
}

static inline double
y_at (const NeuronaSeries *s, guint i)
{
  return g_array_index (s->ys, double, i);
}

static void
extend_extents (NeuronaSeries *s, double x, double y)
{
  if (!isfinite (x) || !isfinite (y))
    return;
  neurona_extent_add (&s->x_extent, x);
  neurona_extent_add (&s->y_extent, y);
}

void
neurona_series_append (NeuronaSeries *series, double x, double y)
{
  g_return_if_fail (series != NULL);

  if (series->xs->len > 0 && x < x_at (series, series->xs->len - 1))
    {
      series->sorted = FALSE;
      series->cache_valid = FALSE;
    }
  g_array_append_val (series->xs, x);
  g_array_append_val (series->ys, y);
  extend_extents (series, x, y);
  /* A valid cache picks the new point up incrementally at the next look-up. */
}

void
neurona_series_set_points (NeuronaSeries *series, const double *xs, const double *ys, gsize n)
{
  g_return_if_fail (series != NULL);
  g_return_if_fail (n == 0 || (xs != NULL && ys != NULL));

  g_array_set_size (series->xs, 0);
  g_array_set_size (series->ys, 0);
  g_array_append_vals (series->xs, xs, n);
  g_array_append_vals (series->ys, ys, n);
  series->sorted = TRUE;
  series->x_extent = series->y_extent = NEURONA_EXTENT_INIT;
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && xs[i] < xs[i - 1])
        series->sorted = FALSE;
      extend_extents (series, xs[i], ys[i]);
    }
  series->cache_valid = FALSE;
}

void
neurona_series_clear (NeuronaSeries *series)
{
  g_return_if_fail (series != NULL);

  neurona_series_set_points (series, NULL, NULL, 0);
}

guint
neurona_series_get_n_points (const NeuronaSeries *series)
{
  g_return_val_if_fail (series != NULL, 0);

  return series->xs->len;
}

double
neurona_series_get_x (const NeuronaSeries *series, guint index)
{
  g_return_val_if_fail (series != NULL, NAN);
  g_return_val_if_fail (index < series->xs->len, NAN);

  return x_at (series, index);
}

double
neurona_series_get_y (const NeuronaSeries *series, guint index)
{
  g_return_val_if_fail (series != NULL, NAN);
  g_return_val_if_fail (index < series->ys->len, NAN);

  return y_at (series, index);
}

gboolean
neurona_series_get_sorted (const NeuronaSeries *series)
{
  g_return_val_if_fail (series != NULL, FALSE);

  return series->sorted;
}

void
neurona_series_get_extents (const NeuronaSeries *series, NeuronaExtent *x, NeuronaExtent *y)
{
  g_return_if_fail (series != NULL);

  if (x)
    *x = series->x_extent;
  if (y)
    *y = series->y_extent;
}

/* The first index whose x is not below x (sorted series). */
static guint
lower_bound (const NeuronaSeries *s, double x)
{
  guint a = 0, b = s->xs->len;

  while (a < b)
    {
      guint m = (a + b) / 2;
      if (x_at (s, m) < x)
        a = m + 1;
      else
        b = m;
    }
  return a;
}

int
neurona_series_nearest (const NeuronaSeries *series, double x, const NeuronaAxis *y_axis)
{
  guint n;
  int best = -1;
  double best_d = INFINITY;

  g_return_val_if_fail (series != NULL, -1);
  g_return_val_if_fail (y_axis != NULL, -1);

  n = series->xs->len;
  if (n == 0)
    return -1;
  if (series->sorted)
    {
      int a = (int) lower_bound (series, x);

      /* A few neighbours: points the axis cannot show are skipped. */
      for (int i = a - 3; i <= a + 3; i++)
        if (i >= 0 && i < (int) n && isfinite (x_at (series, i))
            && neurona_axis_transform (y_axis, y_at (series, i), NULL)
            && fabs (x_at (series, i) - x) < best_d)
          best_d = fabs (x_at (series, i) - x), best = i;
      if (best >= 0)
        return best;
    }
  for (guint i = 0; i < n; i++)
    if (isfinite (x_at (series, i)) && neurona_axis_transform (y_axis, y_at (series, i), NULL)
        && fabs (x_at (series, i) - x) < best_d)
      best_d = fabs (x_at (series, i) - x), best = (int) i;
  return best;
}

/* ---- the cache -------------------------------------------------------------------- */

static CacheKey
make_key (const NeuronaAxis *x_axis, const NeuronaAxis *y_axis, int width)
{
  CacheKey k = { 0 };

  neurona_axis_get_axis_range (x_axis, &k.x_lo, &k.x_hi);
  neurona_axis_get_axis_range (y_axis, &k.y_lo, &k.y_hi);
  k.x_log = neurona_axis_get_log (x_axis);
  k.y_log = neurona_axis_get_log (y_axis);
  k.width = width;
  return k;
}

static gboolean
key_equal (const CacheKey *a, const CacheKey *b)
{
  return a->x_lo == b->x_lo && a->x_hi == b->x_hi && a->y_lo == b->y_lo && a->y_hi == b->y_hi
         && a->x_log == b->x_log && a->y_log == b->y_log && a->width == b->width;
}

static void
commit (NeuronaSeries *s, double x, double y, guint index)
{
  NeuronaSeriesVertex v = { x, y, index };

  g_array_set_size (s->vertices, s->n_committed);
  g_array_append_val (s->vertices, v);
  s->n_committed++;
  s->n_committed_vertices++;
  s->pen_down = TRUE;
}

static void
lift_pen (NeuronaSeries *s)
{
  NeuronaSeriesVertex v = { NAN, NAN, 0 };

  if (!s->pen_down)
    return;
  g_array_set_size (s->vertices, s->n_committed);
  g_array_append_val (s->vertices, v);
  s->n_committed++;
  s->pen_down = FALSE;
}

/* Appends the pending column's one or two vertices (the lower and higher value, in the
 * order they came); commits them when commit_them, else leaves them as the tail. */
static void
emit_column (NeuronaSeries *s, gboolean commit_them)
{
  const double x = s->column / s->key.width;
  gboolean min_first = s->index_min <= s->index_max;
  double ya = min_first ? s->column_min : s->column_max;
  double yb = min_first ? s->column_max : s->column_min;
  guint ia = min_first ? s->index_min : s->index_max;
  guint ib = min_first ? s->index_max : s->index_min;

  if (!s->have_column)
    return;
  if (commit_them)
    {
      commit (s, x, ya, ia);
      if (ia != ib)
        commit (s, x, yb, ib);
      s->have_column = FALSE;
    }
  else
    {
      NeuronaSeriesVertex a = { x, ya, ia }, b = { x, yb, ib };

      g_array_append_val (s->vertices, a);
      if (ia != ib)
        g_array_append_val (s->vertices, b);
    }
}

static void
feed (NeuronaSeries *s, guint i, const NeuronaAxis *x_axis, const NeuronaAxis *y_axis)
{
  double tx, ty;

  if (s->done)
    return;
  if (!neurona_axis_to_unit (x_axis, x_at (s, i), &tx)
      || !neurona_axis_to_unit (y_axis, y_at (s, i), &ty))
    {
      emit_column (s, TRUE);
      lift_pen (s);
      return;
    }
  if (!s->sorted)
    {
      commit (s, tx, ty, i);
      return;
    }
  {
    double column = floor (tx * s->key.width) + 0.5;

    if (s->have_column && column == s->column)
      {
        if (ty < s->column_min)
          s->column_min = ty, s->index_min = i;
        if (ty > s->column_max)
          s->column_max = ty, s->index_max = i;
      }
    else
      {
        emit_column (s, TRUE);
        s->have_column = TRUE;
        s->column = column;
        s->column_min = s->column_max = ty;
        s->index_min = s->index_max = i;
      }
    /* One point past the right edge, so the line reaches it; the rest are not drawn. */
    if (tx > 1.0)
      s->done = TRUE;
  }
}

static void
rebuild (NeuronaSeries *s, const CacheKey *key, const NeuronaAxis *x_axis)
{
  g_array_set_size (s->vertices, 0);
  s->key = *key;
  s->n_committed = s->n_committed_vertices = 0;
  s->pen_down = s->done = s->have_column = FALSE;
  s->next = 0;
  if (s->sorted && s->xs->len > 0)
    {
      /* Start at the last point before the left edge. */
      double lo;
      guint a;

      lo = neurona_axis_from_unit (x_axis, 0.0);
      a = lower_bound (s, lo);
      s->next = a > 0 ? a - 1 : 0;
    }
  s->cache_valid = TRUE;
  s->n_rebuilds++;
}

const NeuronaSeriesVertex *
neurona_series_get_vertices (NeuronaSeries *series, const NeuronaAxis *x_axis,
                             const NeuronaAxis *y_axis, int width, guint *n_entries,
                             guint *n_vertices)
{
  CacheKey key;
  guint before;

  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (x_axis != NULL && y_axis != NULL, NULL);

  key = make_key (x_axis, y_axis, MAX (width, 1));
  if (!series->cache_valid || !key_equal (&key, &series->key))
    rebuild (series, &key, x_axis);
  for (; series->next < series->xs->len; series->next++)
    feed (series, series->next, x_axis, y_axis);

  g_array_set_size (series->vertices, series->n_committed);
  before = series->vertices->len;
  emit_column (series, FALSE);
  if (n_entries)
    *n_entries = series->vertices->len;
  if (n_vertices)
    *n_vertices = series->n_committed_vertices + (series->vertices->len - before);
  return (const NeuronaSeriesVertex *) series->vertices->data;
}

guint
neurona_series_get_n_rebuilds (const NeuronaSeries *series)
{
  g_return_val_if_fail (series != NULL, 0);

  return series->n_rebuilds;
}
