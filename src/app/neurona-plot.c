/* neurona-plot.c — a line chart drawn with Cairo: the widget.
 *
 * The numbers live outside it: each axis (NeuronaAxis) owns its extent, ticks and labels;
 * each series (NeuronaSeries) its points and a cache of the vertices worth drawing. The
 * layout and the drawing are in neurona-plot-draw.c, the export and the menu in
 * neurona-plot-export.c. This file holds the data API, the size requests, the layout cache
 * (kept until something it depends on changes), the accessible summary, and snapshot(),
 * which draws through _neurona_plot_draw() as the exports do and adds only what belongs to
 * the screen: the hover readout and the focus ring.
 */
#include "neurona-plot-private.h"

#include <glib/gi18n.h>
#include <math.h>

#define MIN_WIDTH 320
#define MIN_HEIGHT 200
#define NATURAL_WIDTH 480
#define NATURAL_HEIGHT 300

G_DEFINE_FINAL_TYPE (NeuronaPlot, neurona_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_X_LABEL,
  PROP_Y_LABEL,
  PROP_X_LOG,
  PROP_Y_LOG,
  PROP_LINE_SCALE,
  PROP_HIGH_CONTRAST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
plot_series_free (gpointer data)
{
  NeuronaPlotCurve *s = data;

  g_free (s->label);
  g_free (s->short_label);
  neurona_series_free (s->data);
  g_clear_pointer (&s->err_lo, g_array_unref);
  g_clear_pointer (&s->err_hi, g_array_unref);
  g_free (s);
}

void
_neurona_plot_ensure_layout (NeuronaPlot *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->layout_valid && width == self->layout.width && height == self->layout.height)
    return;
  _neurona_plot_layout_compute (self, &self->layout, width, height);
  self->layout_valid = TRUE;
}

static void
invalidate_layout (NeuronaPlot *self)
{
  self->layout_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A legend that needs more rows needs more height (never more width). */
static void
invalidate_size (NeuronaPlot *self)
{
  invalidate_layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
neurona_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NeuronaPlot *self = NEURONA_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const graphene_rect_t *a;
  GdkRGBA fg;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  _neurona_plot_draw (self, cr, width, height);

  _neurona_plot_get_foreground (self, &fg);
  a = &self->layout.plot_area;
  if (self->hovering && self->hover_x >= a->origin.x
      && self->hover_x <= a->origin.x + a->size.width)
    _neurona_plot_draw_readout (self, cr, &self->layout, &fg);
  if (self->has_selection && gtk_widget_has_focus (widget))
    _neurona_plot_draw_selection (self, cr, &self->layout);
  if (gtk_widget_has_visible_focus (widget))
    _neurona_plot_draw_focus (self, cr, width, height, &fg);
  cairo_destroy (cr);
}

/* ---- accessibility ---------------------------------------------------------------- */

static gboolean
update_accessible_cb (gpointer data)
{
  NeuronaPlot *self = data;
  g_autofree char *summary = self->description == NULL ? neurona_plot_get_summary (self) : NULL;

  self->a11y_source = 0;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description != NULL ? self->description : summary, -1);
  return G_SOURCE_REMOVE;
}

/* Coalesced: live training appends many points per second. */
static void
data_changed (NeuronaPlot *self, gboolean axes_changed)
{
  if (axes_changed)
    self->layout_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->a11y_source == 0)
    self->a11y_source = g_timeout_add (500, update_accessible_cb, self);
}

/* ---- events ----------------------------------------------------------------------- */

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, NeuronaPlot *self)
{
  if (self->hovering && self->hover_x == x && self->hover_y == y)
    return;
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller, NeuronaPlot *self)
{
  if (!self->hovering)
    return;
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GObject ---------------------------------------------------------------------- */

static GtkSizeRequestMode
neurona_plot_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
neurona_plot_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                      int *natural, int *minimum_baseline, int *natural_baseline)
{
  NeuronaPlot *self = NEURONA_PLOT (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Whatever the series: the legend wraps instead. */
      *minimum = MIN_WIDTH;
      *natural = NATURAL_WIDTH;
    }
  else
    {
      /* Legend rows beyond the first come on top of the usual height, so the plot area
       * keeps its size however many series wrap. */
      double one_row, legend;
      int extra;

      legend = _neurona_plot_measure_legend (self, for_size > 0 ? for_size : NATURAL_WIDTH,
                                             &one_row);
      extra = (int) ceil (MAX (legend - one_row, 0));
      *minimum = MIN_HEIGHT + extra;
      *natural = NATURAL_HEIGHT + extra;
    }
}

static void
neurona_plot_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  NeuronaPlot *self = NEURONA_PLOT (widget);

  self->layout_valid = FALSE;
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
neurona_plot_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (neurona_plot_parent_class)->css_changed (widget, change);
  /* Fonts and colours (light / dark) come from the style. */
  invalidate_size (NEURONA_PLOT (widget));
}

static void
neurona_plot_dispose (GObject *object)
{
  NeuronaPlot *self = NEURONA_PLOT (object);

  g_clear_handle_id (&self->a11y_source, g_source_remove);
  _neurona_plot_dispose_export (self);
  G_OBJECT_CLASS (neurona_plot_parent_class)->dispose (object);
}

static void
neurona_plot_finalize (GObject *object)
{
  NeuronaPlot *self = NEURONA_PLOT (object);

  g_free (self->title);
  g_free (self->x_label);
  g_free (self->y_label);
  g_strfreev (self->x_categories);
  g_free (self->description);
  g_ptr_array_unref (self->series);
  neurona_axis_free (self->x_axis);
  neurona_axis_free (self->y_axis);
  _neurona_plot_layout_clear (&self->layout);
  G_OBJECT_CLASS (neurona_plot_parent_class)->finalize (object);
}

static void
neurona_plot_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NeuronaPlot *self = NEURONA_PLOT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_X_LABEL:
      g_value_set_string (value, self->x_label);
      break;
    case PROP_Y_LABEL:
      g_value_set_string (value, self->y_label);
      break;
    case PROP_X_LOG:
      g_value_set_boolean (value, neurona_axis_get_log (self->x_axis));
      break;
    case PROP_Y_LOG:
      g_value_set_boolean (value, neurona_axis_get_log (self->y_axis));
      break;
    case PROP_LINE_SCALE:
      g_value_set_double (value, self->line_scale);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_plot_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  NeuronaPlot *self = NEURONA_PLOT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      neurona_plot_set_title (self, g_value_get_string (value));
      break;
    case PROP_X_LABEL:
      neurona_plot_set_x_label (self, g_value_get_string (value));
      break;
    case PROP_Y_LABEL:
      neurona_plot_set_y_label (self, g_value_get_string (value));
      break;
    case PROP_X_LOG:
      neurona_plot_set_x_log (self, g_value_get_boolean (value));
      break;
    case PROP_Y_LOG:
      neurona_plot_set_y_log (self, g_value_get_boolean (value));
      break;
    case PROP_LINE_SCALE:
      neurona_plot_set_line_scale (self, g_value_get_double (value));
      break;
    case PROP_HIGH_CONTRAST:
      neurona_plot_set_high_contrast (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_plot_class_init (NeuronaPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_plot_dispose;
  object_class->finalize = neurona_plot_finalize;
  object_class->get_property = neurona_plot_get_property;
  object_class->set_property = neurona_plot_set_property;

  widget_class->snapshot = neurona_plot_snapshot;
  widget_class->get_request_mode = neurona_plot_get_request_mode;
  widget_class->measure = neurona_plot_measure;
  widget_class->size_allocate = neurona_plot_size_allocate;
  widget_class->css_changed = neurona_plot_css_changed;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_X_LABEL] =
    g_param_spec_string ("x-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_LABEL] =
    g_param_spec_string ("y-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_X_LOG] =
    g_param_spec_boolean ("x-log", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_LOG] =
    g_param_spec_boolean ("y-log", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE_SCALE] =
    g_param_spec_double ("line-scale", NULL, NULL, 1.0, 4.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  _neurona_plot_class_init_export (widget_class);
  _neurona_plot_class_init_points (widget_class);

  gtk_widget_class_set_css_name (widget_class, "plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
neurona_plot_init (NeuronaPlot *self)
{
  GtkEventController *motion;

  self->series = g_ptr_array_new_with_free_func (plot_series_free);
  self->x_axis = neurona_axis_new ();
  self->y_axis = neurona_axis_new ();
  self->line_scale = 1.0;
  _neurona_plot_layout_init (&self->layout);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  _neurona_plot_init_export (self);
  _neurona_plot_init_points (self);
}

GtkWidget *
neurona_plot_new (void)
{
  return g_object_new (NEURONA_TYPE_PLOT, NULL);
}

/* ---- public API ------------------------------------------------------------------- */

static gboolean
set_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
neurona_plot_set_title (NeuronaPlot *self, const char *title)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  if (!set_string (&self->title, title))
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title ? title : "", -1);
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
neurona_plot_get_title (NeuronaPlot *self)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), NULL);

  return self->title;
}

void
neurona_plot_set_x_label (NeuronaPlot *self, const char *label)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  if (!set_string (&self->x_label, label))
    return;
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_LABEL]);
}

void
neurona_plot_set_y_label (NeuronaPlot *self, const char *label)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  if (!set_string (&self->y_label, label))
    return;
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y_LABEL]);
}

void
neurona_plot_set_x_log (NeuronaPlot *self, gboolean x_log)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  if (!neurona_axis_set_log (self->x_axis, x_log))
    return;
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_LOG]);
}

void
neurona_plot_set_x_categories (NeuronaPlot *self, const char *const *names)
{
  guint n;

  g_return_if_fail (NEURONA_IS_PLOT (self));

  n = names != NULL ? g_strv_length ((GStrv) names) : 0;
  if (n == 0 && self->x_categories == NULL)
    return;
  if (n > 0 && self->x_categories != NULL && g_strv_equal (names, (const char *const *) self->x_categories))
    return;
  g_clear_pointer (&self->x_categories, g_strfreev);
  if (n > 0)
    {
      self->x_categories = g_strdupv ((GStrv) names);
      neurona_axis_set_log (self->x_axis, FALSE);
      neurona_axis_set_fixed (self->x_axis, -0.5, n - 0.5);
    }
  else
    neurona_axis_set_fixed (self->x_axis, 0, 0);
  data_changed (self, TRUE);
}

char *
_neurona_plot_format_x (NeuronaPlot *self, double x)
{
  if (self->x_categories != NULL && isfinite (x))
    {
      double i = round (x);

      if (i >= 0 && i < g_strv_length (self->x_categories))
        return g_strdup (self->x_categories[(guint) i]);
    }
  return neurona_axis_format_value (x);
}

void
neurona_plot_set_description (NeuronaPlot *self, const char *text)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  if (!set_string (&self->description, text))
    return;
  g_clear_handle_id (&self->a11y_source, g_source_remove);
  update_accessible_cb (self);
}

void
neurona_plot_set_y_log (NeuronaPlot *self, gboolean y_log)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  if (!neurona_axis_set_log (self->y_axis, y_log))
    return;
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y_LOG]);
}

void
neurona_plot_set_line_scale (NeuronaPlot *self, double scale)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  scale = CLAMP (isfinite (scale) ? scale : 1.0, 1.0, 4.0);
  if (scale == self->line_scale)
    return;
  self->line_scale = scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_SCALE]);
}

double
neurona_plot_get_line_scale (NeuronaPlot *self)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), 1.0);

  return self->line_scale;
}

void
neurona_plot_set_high_contrast (NeuronaPlot *self, gboolean high_contrast)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  high_contrast = !!high_contrast;
  if (high_contrast == self->high_contrast)
    return;
  self->high_contrast = high_contrast;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

gboolean
neurona_plot_get_high_contrast (NeuronaPlot *self)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);

  return self->high_contrast;
}

void
neurona_plot_set_x_range (NeuronaPlot *self, double min, double max)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  if (neurona_axis_set_fixed (self->x_axis, min, max))
    invalidate_layout (self);
}

void
neurona_plot_set_y_range (NeuronaPlot *self, double min, double max)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  if (neurona_axis_set_fixed (self->y_axis, min, max))
    invalidate_layout (self);
}

guint
neurona_plot_add_series (NeuronaPlot *self, const char *label, const GdkRGBA *color,
                         NeuronaPlotStyle style)
{
  NeuronaPlotCurve *s;

  g_return_val_if_fail (NEURONA_IS_PLOT (self), 0);

  s = g_new0 (NeuronaPlotCurve, 1);
  s->label = g_strdup (label ? label : "");
  s->index = self->series->len;
  s->look = s->index;
  s->in_legend = TRUE;
  s->auto_color = color == NULL;
  if (color)
    s->color = *color;
  if (style == NEURONA_PLOT_AUTO)
    neurona_plot_get_series_look (s->index, FALSE, NULL, &style);
  s->style = style;
  s->data = neurona_series_new ();
  g_ptr_array_add (self->series, s);
  invalidate_size (self);
  return s->index;
}

guint
neurona_plot_get_n_series (NeuronaPlot *self)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), 0);

  return self->series->len;
}

static NeuronaPlotCurve *
series_at (NeuronaPlot *self, guint series)
{
  return g_ptr_array_index (self->series, series);
}

void
neurona_plot_append (NeuronaPlot *self, guint series, double x, double y)
{
  gboolean changed = FALSE;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  neurona_series_append (series_at (self, series)->data, x, y);
  if (isfinite (x) && isfinite (y))
    {
      NeuronaExtent ex = NEURONA_EXTENT_INIT, ey = NEURONA_EXTENT_INIT;

      neurona_extent_add (&ex, x);
      neurona_extent_add (&ey, y);
      changed |= neurona_axis_include (self->x_axis, &ex);
      changed |= neurona_axis_include (self->y_axis, &ey);
    }
  data_changed (self, changed);
}

void
neurona_plot_set_points (NeuronaPlot *self, guint series, const double *xs, const double *ys,
                         gsize n)
{
  NeuronaExtent ex, ey;
  gboolean changed = FALSE;
  NeuronaPlotCurve *s;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (n == 0 || (xs != NULL && ys != NULL));

  s = series_at (self, series);
  neurona_series_set_points (s->data, xs, ys, n);
  _neurona_plot_points_changed (self);
  /* Grow once to the whole extent, not point by point: the range then hugs the data. */
  neurona_series_get_extents (s->data, &ex, &ey);
  changed |= neurona_axis_include (self->x_axis, &ex);
  changed |= neurona_axis_include (self->y_axis, &ey);
  data_changed (self, changed);
}

guint
neurona_plot_get_n_points (NeuronaPlot *self, guint series)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);

  return neurona_series_get_n_points (series_at (self, series)->data);
}

void
neurona_plot_get_point (NeuronaPlot *self, guint series, guint index, double *x, double *y)
{
  NeuronaSeries *data;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  data = series_at (self, series)->data;
  g_return_if_fail (index < neurona_series_get_n_points (data));
  if (x != NULL)
    *x = neurona_series_get_x (data, index);
  if (y != NULL)
    *y = neurona_series_get_y (data, index);
}

void
neurona_plot_set_error_bars (NeuronaPlot *self, guint series, const double *lo, const double *hi,
                             gsize n)
{
  NeuronaExtent ey = NEURONA_EXTENT_INIT;
  NeuronaPlotCurve *s;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (n == 0 || (lo != NULL && hi != NULL));

  s = series_at (self, series);
  g_clear_pointer (&s->err_lo, g_array_unref);
  g_clear_pointer (&s->err_hi, g_array_unref);
  if (n > 0)
    {
      s->err_lo = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
      s->err_hi = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
      g_array_append_vals (s->err_lo, lo, n);
      g_array_append_vals (s->err_hi, hi, n);
      for (gsize i = 0; i < n; i++)
        {
          neurona_extent_add (&ey, lo[i]);
          neurona_extent_add (&ey, hi[i]);
        }
    }
  data_changed (self, neurona_axis_include (self->y_axis, &ey));
}

void
neurona_plot_set_series_look (NeuronaPlot *self, guint series, guint look)
{
  NeuronaPlotCurve *s;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  s = series_at (self, series);
  if (s->look == look)
    return;
  s->look = look;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
neurona_plot_set_series_short_label (NeuronaPlot *self, guint series, const char *short_label)
{
  NeuronaPlotCurve *s;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  s = series_at (self, series);
  if (g_strcmp0 (s->short_label, short_label) == 0)
    return;
  g_free (s->short_label);
  s->short_label = g_strdup (short_label);
  invalidate_size (self);
}

void
neurona_plot_set_series_in_legend (NeuronaPlot *self, guint series, gboolean in_legend)
{
  NeuronaPlotCurve *s;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  s = series_at (self, series);
  in_legend = !!in_legend;
  if (s->in_legend == in_legend)
    return;
  s->in_legend = in_legend;
  invalidate_size (self);
}

static void
reset_auto_ranges (NeuronaPlot *self)
{
  neurona_axis_reset (self->x_axis);
  neurona_axis_reset (self->y_axis);
}

void
neurona_plot_clear (NeuronaPlot *self)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  for (guint i = 0; i < self->series->len; i++)
    {
      neurona_series_clear (series_at (self, i)->data);
      neurona_plot_set_error_bars (self, i, NULL, NULL, 0);
    }
  _neurona_plot_points_changed (self);
  reset_auto_ranges (self);
  data_changed (self, TRUE);
}

void
neurona_plot_remove_all_series (NeuronaPlot *self)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  g_ptr_array_set_size (self->series, 0);
  _neurona_plot_points_changed (self);
  reset_auto_ranges (self);
  data_changed (self, TRUE);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
neurona_plot_get_displayed_x_range (NeuronaPlot *self, double *min, double *max)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  neurona_axis_get_range (self->x_axis, min, max);
}

void
neurona_plot_get_displayed_y_range (NeuronaPlot *self, double *min, double *max)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  neurona_axis_get_range (self->y_axis, min, max);
}

gboolean
neurona_plot_data_to_widget (NeuronaPlot *self, double x, double y, double *wx, double *wy)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return FALSE;
  _neurona_plot_ensure_layout (self);
  return _neurona_plot_map_point (self, &self->layout, x, y, wx, wy);
}

gboolean
neurona_plot_get_plot_area (NeuronaPlot *self, graphene_rect_t *area)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return FALSE;
  _neurona_plot_ensure_layout (self);
  *area = self->layout.plot_area;
  return TRUE;
}

gboolean
neurona_plot_get_legend_area (NeuronaPlot *self, graphene_rect_t *area)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 || self->series->len == 0)
    return FALSE;
  _neurona_plot_ensure_layout (self);
  *area = self->layout.legend_area;
  return TRUE;
}

char *
neurona_plot_get_summary (NeuronaPlot *self)
{
  GString *s;

  g_return_val_if_fail (NEURONA_IS_PLOT (self), NULL);

  s = g_string_new (NULL);
  for (guint i = 0; i < self->series->len; i++)
    {
      NeuronaPlotCurve *ser = series_at (self, i);
      g_autofree char *xv = NULL, *yv = NULL;
      guint n = neurona_series_get_n_points (ser->data);

      if (s->len > 0)
        g_string_append (s, "; ");
      if (n == 0)
        {
          /* TRANSLATORS: a plot series that has no points yet */
          g_string_append_printf (s, _("%s: no data"), ser->label);
          continue;
        }
      xv = _neurona_plot_format_x (self, neurona_series_get_x (ser->data, n - 1));
      yv = neurona_axis_format_value (neurona_series_get_y (ser->data, n - 1));
      /* TRANSLATORS: series label, latest value, x axis name, x of that value */
      g_string_append_printf (s, _("%s: %s at %s %s"), ser->label, yv,
                              self->x_label && *self->x_label ? self->x_label : "x", xv);
    }
  return g_string_free (s, FALSE);
}

char *
_neurona_plot_get_readout (NeuronaPlot *self, double widget_x)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) line_series = g_ptr_array_new ();
  g_autoptr (GArray) points = g_array_new (FALSE, TRUE, sizeof (graphene_point_t));

  _neurona_plot_ensure_layout (self);
  if (!_neurona_plot_compute_readout (self,
                                      _neurona_plot_pixel_to_data_x (self, &self->layout, widget_x),
                                      lines, line_series, points))
    return NULL;
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

guint
_neurona_plot_get_n_drawn_points (NeuronaPlot *self)
{
  return self->n_drawn_points;
}
