/* neurona-plot-points.c — NeuronaPlot's points that can be picked: a click on one, or the
 * keyboard (Left, Right, Home, End to move, Return or Space to activate), as a sweep's
 * chart opens the run behind a point.
 *
 * Only the points of selectable series take part. The keyboard visits them in the order
 * a reader scans the chart: by x, then by series, then by y.
 */
#include "neurona-plot-private.h"

#include <math.h>

enum {
  SIGNAL_POINT_SELECTED,
  SIGNAL_POINT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  guint series, index;
  double x, y; /* axis units */
} PointRef;

static int
compare_points (gconstpointer pa, gconstpointer pb)
{
  const PointRef *a = pa, *b = pb;

  if (a->x != b->x)
    return a->x < b->x ? -1 : 1;
  if (a->series != b->series)
    return a->series < b->series ? -1 : 1;
  if (a->y != b->y)
    return a->y < b->y ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

/* The selectable points the axes can show, in keyboard order. */
static GArray *
collect_points (NeuronaPlot *self)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (PointRef));

  for (guint s = 0; s < self->series->len; s++)
    {
      NeuronaPlotCurve *c = g_ptr_array_index (self->series, s);
      guint n = neurona_series_get_n_points (c->data);

      if (!c->selectable)
        continue;
      for (guint i = 0; i < n; i++)
        {
          PointRef p = { s, i, 0, 0 };

          if (!neurona_axis_transform (self->x_axis, neurona_series_get_x (c->data, i), &p.x)
              || !neurona_axis_transform (self->y_axis, neurona_series_get_y (c->data, i), &p.y))
            continue;
          g_array_append_val (points, p);
        }
    }
  g_array_sort (points, compare_points);
  return points;
}

static gboolean
is_selectable_point (NeuronaPlot *self, guint series, guint index)
{
  NeuronaPlotCurve *c;

  if (series >= self->series->len)
    return FALSE;
  c = g_ptr_array_index (self->series, series);
  return c->selectable && index < neurona_series_get_n_points (c->data);
}

void
_neurona_plot_points_changed (NeuronaPlot *self)
{
  if (self->has_selection && !is_selectable_point (self, self->selected_series,
                                                   self->selected_index))
    {
      self->has_selection = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
neurona_plot_set_series_selectable (NeuronaPlot *self, guint series, gboolean selectable)
{
  NeuronaPlotCurve *c;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  c = g_ptr_array_index (self->series, series);
  c->selectable = !!selectable;
  _neurona_plot_points_changed (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
neurona_plot_select_point (NeuronaPlot *self, guint series, guint index)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (is_selectable_point (self, series, index));

  if (self->has_selection && self->selected_series == series && self->selected_index == index)
    return;
  self->has_selection = TRUE;
  self->selected_series = series;
  self->selected_index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_POINT_SELECTED], 0, series, index);
}

gboolean
neurona_plot_get_selected_point (NeuronaPlot *self, guint *series, guint *index)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);

  if (!self->has_selection)
    return FALSE;
  if (series != NULL)
    *series = self->selected_series;
  if (index != NULL)
    *index = self->selected_index;
  return TRUE;
}

gboolean
neurona_plot_pick_point (NeuronaPlot *self, double x, double y, double max_distance,
                         guint *series, guint *index)
{
  double best = max_distance * max_distance;
  gboolean found = FALSE;

  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return FALSE;
  _neurona_plot_ensure_layout (self);
  for (guint s = 0; s < self->series->len; s++)
    {
      NeuronaPlotCurve *c = g_ptr_array_index (self->series, s);
      guint n = neurona_series_get_n_points (c->data);

      for (guint i = 0; c->selectable && i < n; i++)
        {
          double px, py, d;

          if (!_neurona_plot_map_point (self, &self->layout, neurona_series_get_x (c->data, i),
                                        neurona_series_get_y (c->data, i), &px, &py))
            continue;
          d = (px - x) * (px - x) + (py - y) * (py - y);
          if (d <= best)
            {
              best = d;
              found = TRUE;
              if (series != NULL)
                *series = s;
              if (index != NULL)
                *index = i;
            }
        }
    }
  return found;
}

void
_neurona_plot_draw_selection (NeuronaPlot *self, cairo_t *cr, const NeuronaPlotLayout *l)
{
  NeuronaPlotCurve *c;
  GdkRGBA fg;
  double px, py;

  if (!is_selectable_point (self, self->selected_series, self->selected_index))
    return;
  c = g_ptr_array_index (self->series, self->selected_series);
  if (!_neurona_plot_map_point (self, l, neurona_series_get_x (c->data, self->selected_index),
                                neurona_series_get_y (c->data, self->selected_index), &px, &py))
    return;
  /* In the text colour, two rings apart: it shows on every series' colour. */
  _neurona_plot_get_foreground (self, &fg);
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 2.0);
  cairo_new_sub_path (cr);
  cairo_arc (cr, px, py, 8.0, 0, 2 * G_PI);
  cairo_stroke (cr);
}

/* ---- events ----------------------------------------------------------------------- */

static void
activate_selected (NeuronaPlot *self)
{
  if (self->has_selection)
    g_signal_emit (self, signals[SIGNAL_POINT_ACTIVATED], 0, self->selected_series,
                   self->selected_index);
}

/* Moves the selection by delta places in keyboard order (G_MININT: the first, G_MAXINT:
 * the last); with none, Right starts at the first point and Left at the last. */
static gboolean
move_selection (NeuronaPlot *self, int delta)
{
  g_autoptr (GArray) points = collect_points (self);
  int at = -1, to;

  if (points->len == 0)
    return FALSE;
  for (guint i = 0; self->has_selection && i < points->len; i++)
    {
      PointRef *p = &g_array_index (points, PointRef, i);

      if (p->series == self->selected_series && p->index == self->selected_index)
        at = (int) i;
    }
  if (delta == G_MININT)
    to = 0;
  else if (delta == G_MAXINT)
    to = (int) points->len - 1;
  else if (at < 0)
    to = delta > 0 ? 0 : (int) points->len - 1;
  else
    to = CLAMP (at + delta, 0, (int) points->len - 1);
  neurona_plot_select_point (self, g_array_index (points, PointRef, to).series,
                             g_array_index (points, PointRef, to).index);
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, NeuronaPlot *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      return move_selection (self, 1);
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      return move_selection (self, -1);
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      return move_selection (self, G_MININT);
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      return move_selection (self, G_MAXINT);
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (!self->has_selection)
        return FALSE;
      activate_selected (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
released_cb (GtkGestureClick *gesture, int n_press, double x, double y, NeuronaPlot *self)
{
  guint series, index;

  if (!neurona_plot_pick_point (self, x, y, 10.0, &series, &index))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  neurona_plot_select_point (self, series, index);
  activate_selected (self);
}

gboolean
_neurona_plot_handle_key (NeuronaPlot *self, guint keyval, GdkModifierType state)
{
  return key_pressed_cb (NULL, keyval, 0, state, self);
}

void
_neurona_plot_click (NeuronaPlot *self, double x, double y)
{
  released_cb (NULL, 1, x, y, self);
}

static void
focus_changed_cb (NeuronaPlot *self)
{
  if (self->has_selection)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_neurona_plot_class_init_points (GtkWidgetClass *widget_class)
{
  signals[SIGNAL_POINT_SELECTED] =
    g_signal_new ("point-selected", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_POINT_ACTIVATED] =
    g_signal_new ("point-activated", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

void
_neurona_plot_init_points (NeuronaPlot *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (self, "notify::has-focus", G_CALLBACK (focus_changed_cb), NULL);
}
