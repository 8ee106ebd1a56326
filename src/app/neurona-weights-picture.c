/* neurona-weights-picture.c — signed values through a diverging colormap (see the header).
 *
 * As NeuronaImageView: the colormapped surface is built when the values change, and
 * snapshot() only scales it with CAIRO_FILTER_NEAREST at a whole-number scale. */
#include "neurona-weights-picture.h"

#include <math.h>

#include "neurona/neurona.h"

#define BAR_WIDTH 12.0
#define BAR_GAP 10.0
#define TICK_LEN 4.0

struct _NeuronaWeightsPicture
{
  GtkWidget parent_instance;

  /* Owned */
  guint8 *indices; /* (rows, cols) colormap indices */
  guint rows, cols;
  float range;
  cairo_surface_t *surface;
  cairo_surface_t *bar_surface; /* 1 × 256: +range at the top */

  int size;
  gboolean show_colorbar;
};

G_DEFINE_FINAL_TYPE (NeuronaWeightsPicture, neurona_weights_picture, GTK_TYPE_WIDGET)

guint8
neurona_weights_picture_color_index (float v, float range)
{
  double t;

  if (!(range > 0) || !isfinite (range) || !isfinite (v))
    return 128;
  t = CLAMP (v / range, -1.0, 1.0);
  /* [-range, range] onto 256 equal bands: -range is 0, zero 128 (PiYG's white), range 255. */
  return (guint8) CLAMP ((int) floor ((t + 1.0) * 128.0), 0, 255);
}

static cairo_surface_t *
make_surface (const guint8 *values, guint rows, guint cols)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cols, rows);
  guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  for (guint r = 0; r < rows; r++)
    nr_colormap_apply_argb32 (NEURONA_WEIGHTS_COLORMAP, values + (gsize) r * cols,
                              (guint32 *) (data + r * stride), cols);
  cairo_surface_mark_dirty (surface);
  return surface;
}

static char *
tick_text (float v)
{
  /* Weights are small: two significant decimals say enough. */
  return g_strdup_printf ("%.2f", (double) v);
}

static double
colorbar_width (NeuronaWeightsPicture *self, double *label_h)
{
  g_autofree char *text = tick_text (-MAX (self->range, 0.0f));
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (label_h != NULL)
    *label_h = h;
  return BAR_GAP + BAR_WIDTH + TICK_LEN + 3 + w;
}

static gboolean
compute_layout (NeuronaWeightsPicture *self, graphene_rect_t *image, graphene_rect_t *bar)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double side, bar_w = 0, label_h = 0, x, y;
  guint n = MAX (self->rows, self->cols);

  if (width <= 0 || height <= 0 || n == 0)
    return FALSE;
  if (self->show_colorbar)
    bar_w = colorbar_width (self, &label_h);
  side = MIN (width - bar_w, height - label_h);
  if (side <= 0)
    return FALSE;
  if (side >= n)
    side = floor (side / n) * n;
  x = floor ((width - bar_w - side) / 2);
  y = floor ((height - side) / 2);
  if (image != NULL)
    *image = GRAPHENE_RECT_INIT (x + (side - side * self->cols / n) / 2,
                                 y + (side - side * self->rows / n) / 2, side * self->cols / n,
                                 side * self->rows / n);
  if (bar != NULL)
    *bar = GRAPHENE_RECT_INIT (x + side + BAR_GAP, y, BAR_WIDTH, side);
  return TRUE;
}

static void
draw_surface (cairo_t *cr, cairo_surface_t *surface, const graphene_rect_t *r)
{
  cairo_pattern_t *pattern;
  int sw = cairo_image_surface_get_width (surface);
  int sh = cairo_image_surface_get_height (surface);

  cairo_save (cr);
  cairo_translate (cr, r->origin.x, r->origin.y);
  cairo_scale (cr, r->size.width / sw, r->size.height / sh);
  cairo_set_source_surface (cr, surface, 0, 0);
  pattern = cairo_get_source (cr);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, 0, 0, sw, sh);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
neurona_weights_picture_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NeuronaWeightsPicture *self = NEURONA_WEIGHTS_PICTURE (widget);
  graphene_rect_t image, bar;
  GdkRGBA fg;
  cairo_t *cr;

  if (self->surface == NULL || !compute_layout (self, &image, &bar))
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                       gtk_widget_get_height (widget)));
  draw_surface (cr, self->surface, &image);
  /* A faint frame: the white middle of the colormap would hide the edge on a light theme. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.35);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, image.origin.x - 0.5, image.origin.y - 0.5, image.size.width + 1,
                   image.size.height + 1);
  cairo_stroke (cr);

  if (self->show_colorbar)
    {
      const float ticks[3] = { self->range, 0.0f, -self->range };

      draw_surface (cr, self->bar_surface, &bar);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_rectangle (cr, bar.origin.x - 0.5, bar.origin.y - 0.5, bar.size.width + 1,
                       bar.size.height + 1);
      cairo_stroke (cr);
      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *text = tick_text (ticks[i]);
          g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
          double y = bar.origin.y + bar.size.height * i / 2.0;
          double right = bar.origin.x + bar.size.width;
          int w, h;

          cairo_move_to (cr, right, floor (y) + 0.5);
          cairo_line_to (cr, right + TICK_LEN, floor (y) + 0.5);
          cairo_stroke (cr);
          pango_layout_get_pixel_size (layout, &w, &h);
          cairo_move_to (cr, right + TICK_LEN + 3, round (y - h / 2.0));
          pango_cairo_show_layout (cr, layout);
        }
    }
  cairo_destroy (cr);
}

static void
neurona_weights_picture_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                                 int *minimum, int *natural, int *minimum_baseline,
                                 int *natural_baseline)
{
  NeuronaWeightsPicture *self = NEURONA_WEIGHTS_PICTURE (widget);
  double extra = 0, label_h = 0;

  if (self->show_colorbar)
    {
      double w = colorbar_width (self, &label_h);
      extra = orientation == GTK_ORIENTATION_HORIZONTAL ? w : label_h;
    }
  *minimum = *natural = self->size + (int) ceil (extra);
}

static void
neurona_weights_picture_finalize (GObject *object)
{
  NeuronaWeightsPicture *self = NEURONA_WEIGHTS_PICTURE (object);

  g_clear_pointer (&self->indices, g_free);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->bar_surface, cairo_surface_destroy);
  G_OBJECT_CLASS (neurona_weights_picture_parent_class)->finalize (object);
}

static void
neurona_weights_picture_class_init (NeuronaWeightsPictureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = neurona_weights_picture_finalize;
  widget_class->snapshot = neurona_weights_picture_snapshot;
  widget_class->measure = neurona_weights_picture_measure;
  gtk_widget_class_set_css_name (widget_class, "weightspicture");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
neurona_weights_picture_init (NeuronaWeightsPicture *self)
{
  guint8 ramp[256];

  self->size = 56;
  for (guint i = 0; i < 256; i++)
    ramp[i] = 255 - i;
  self->bar_surface = make_surface (ramp, 256, 1);
}

GtkWidget *
neurona_weights_picture_new (void)
{
  return g_object_new (NEURONA_TYPE_WEIGHTS_PICTURE, NULL);
}

void
neurona_weights_picture_set_values (NeuronaWeightsPicture *self, const float *values,
                                    guint rows, guint cols, float range)
{
  gsize n = (gsize) rows * cols;

  g_return_if_fail (NEURONA_IS_WEIGHTS_PICTURE (self));

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  if (values == NULL || n == 0)
    {
      g_clear_pointer (&self->indices, g_free);
      self->rows = self->cols = 0;
      self->range = 0;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  if (n != (gsize) self->rows * self->cols)
    {
      g_free (self->indices);
      self->indices = g_new (guint8, n);
    }
  self->rows = rows;
  self->cols = cols;
  {
    /* The tick labels may widen: only then is the picture measured again, not at every
     * epoch (a new range of the same width is only drawn). */
    gboolean remeasure = self->show_colorbar && range != self->range;
    double before = remeasure ? colorbar_width (self, NULL) : 0;

    self->range = range;
    if (remeasure && colorbar_width (self, NULL) != before)
      gtk_widget_queue_resize (GTK_WIDGET (self));
  }
  for (gsize i = 0; i < n; i++)
    self->indices[i] = neurona_weights_picture_color_index (values[i], range);
  self->surface = make_surface (self->indices, rows, cols);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

float
neurona_weights_picture_get_range (NeuronaWeightsPicture *self)
{
  g_return_val_if_fail (NEURONA_IS_WEIGHTS_PICTURE (self), 0);
  return self->range;
}

void
neurona_weights_picture_set_size (NeuronaWeightsPicture *self, int size)
{
  g_return_if_fail (NEURONA_IS_WEIGHTS_PICTURE (self));

  size = MAX (size, 1);
  if (size == self->size)
    return;
  self->size = size;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
neurona_weights_picture_set_show_colorbar (NeuronaWeightsPicture *self, gboolean show)
{
  g_return_if_fail (NEURONA_IS_WEIGHTS_PICTURE (self));

  show = !!show;
  if (show == self->show_colorbar)
    return;
  self->show_colorbar = show;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gboolean
neurona_weights_picture_get_image_area (NeuronaWeightsPicture *self, graphene_rect_t *area)
{
  g_return_val_if_fail (NEURONA_IS_WEIGHTS_PICTURE (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);
  return self->surface != NULL && compute_layout (self, area, NULL);
}
