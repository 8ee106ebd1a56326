/* neurona-image-view.c — a uint8 image through a colormap, with a colorbar and a readout.
 *
 * The colormapped Cairo surface is built when the pixels or the colormap change, never in
 * snapshot(); snapshot() only scales it with CAIRO_FILTER_NEAREST so pixels stay pixels,
 * at a whole-number scale when there is room, so every image pixel is the same size.
 */
#include "neurona-image-view.h"

#include <glib/gi18n.h>
#include <string.h>

#define BAR_WIDTH 14.0
#define BAR_GAP 12.0
#define TICK_LEN 4.0

struct _NeuronaImageView
{
  GtkWidget parent_instance;

  /* Owned */
  guint8 *pixels; /* (rows, cols) */
  guint rows, cols;
  cairo_surface_t *surface;     /* the image through the colormap */
  cairo_surface_t *bar_surface; /* 1 × 256: value 255 at the top */
  char *readout;

  guint colormap;
  gboolean show_colorbar;
  gboolean hover_readout;
  int size;
  int cursor_row, cursor_col; /* -1: none */
  gboolean fixed_size;        /* no taller for more width */
};

G_DEFINE_FINAL_TYPE (NeuronaImageView, neurona_image_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COLORMAP,
  PROP_SHOW_COLORBAR,
  PROP_SIZE,
  PROP_HOVER_READOUT,
  PROP_READOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static cairo_surface_t *
make_surface (const guint8 *values, guint rows, guint cols, guint colormap)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cols, rows);
  guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  for (guint r = 0; r < rows; r++)
    nr_colormap_apply_argb32 (colormap, values + (gsize) r * cols, (guint32 *) (data + r * stride),
                              cols);
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
rebuild_surfaces (NeuronaImageView *self)
{
  guint8 ramp[256];

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  if (self->pixels != NULL)
    self->surface = make_surface (self->pixels, self->rows, self->cols, self->colormap);

  g_clear_pointer (&self->bar_surface, cairo_surface_destroy);
  for (guint i = 0; i < 256; i++)
    ramp[i] = 255 - i;
  self->bar_surface = make_surface (ramp, 256, 1, self->colormap);
}

static PangoLayout *
tick_layout (NeuronaImageView *self, guint value)
{
  char text[8];

  g_snprintf (text, sizeof text, "%u", value);
  return gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
}

/* Room the colorbar and its labels take to the right of the image. */
static double
colorbar_width (NeuronaImageView *self, double *label_h)
{
  g_autoptr (PangoLayout) layout = tick_layout (self, 250);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (label_h)
    *label_h = h;
  return BAR_GAP + BAR_WIDTH + TICK_LEN + 3 + w;
}

static gboolean
compute_layout (NeuronaImageView *self, graphene_rect_t *image, graphene_rect_t *bar)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double side, bar_w = 0, label_h = 0, vpad = 0, x, y;
  guint n = MAX (self->rows, self->cols);

  if (width <= 0 || height <= 0 || n == 0)
    return FALSE;
  if (self->show_colorbar)
    {
      bar_w = colorbar_width (self, &label_h);
      vpad = label_h / 2; /* the top and bottom tick labels stick out */
    }
  side = MIN (width - bar_w, height - 2 * vpad);
  if (side <= 0)
    return FALSE;
  /* A whole number of screen pixels per image pixel keeps every pixel the same size. */
  if (side >= n)
    side = floor (side / n) * n;
  x = floor ((width - bar_w - side) / 2);
  y = floor ((height - side) / 2);
  if (image)
    *image = GRAPHENE_RECT_INIT (x + (side - side * self->cols / n) / 2,
                                 y + (side - side * self->rows / n) / 2, side * self->cols / n,
                                 side * self->rows / n);
  if (bar)
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
  /* Clamp at the edges instead of blending with transparent pixels outside. */
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, 0, 0, sw, sh);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
neurona_image_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NeuronaImageView *self = NEURONA_IMAGE_VIEW (widget);
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
  /* A faint frame: with "binary" or "gray" a white background would hide the edge. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.3);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, image.origin.x - 0.5, image.origin.y - 0.5, image.size.width + 1,
                   image.size.height + 1);
  cairo_stroke (cr);

  if (self->cursor_row >= 0 && self->cursor_col >= 0)
    {
      double pw = image.size.width / self->cols, ph = image.size.height / self->rows;
      double x = image.origin.x + self->cursor_col * pw, y = image.origin.y + self->cursor_row * ph;

      /* Black and white rings: visible on every colormap. */
      cairo_set_line_width (cr, 2.0);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_rectangle (cr, x - 1, y - 1, pw + 2, ph + 2);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 1.0);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_rectangle (cr, x + 0.5, y + 0.5, pw - 1, ph - 1);
      cairo_stroke (cr);
    }

  if (self->show_colorbar)
    {
      draw_surface (cr, self->bar_surface, &bar);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_set_line_width (cr, 1.0);
      cairo_rectangle (cr, bar.origin.x - 0.5, bar.origin.y - 0.5, bar.size.width + 1,
                       bar.size.height + 1);
      cairo_stroke (cr);
      for (guint v = 0; v <= 250; v += 50)
        {
          g_autoptr (PangoLayout) layout = tick_layout (self, v);
          /* Value v's band is [v, v + 1) of 256; the tick sits at its middle, as
           * matplotlib's does for an image colorbar. */
          double y = bar.origin.y + bar.size.height * (1.0 - (v + 0.5) / 256.0);
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
neurona_image_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                            int *minimum, int *natural, int *minimum_baseline,
                            int *natural_baseline)
{
  NeuronaImageView *self = NEURONA_IMAGE_VIEW (widget);
  double extra = 0, label_h = 0;

  if (self->show_colorbar)
    {
      double w = colorbar_width (self, &label_h);
      extra = orientation == GTK_ORIENTATION_HORIZONTAL ? w : label_h;
    }
  *minimum = *natural = self->size + (int) ceil (extra);
  /* Taller when given more width: the large view fills its column, square. */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size > 0 && !self->fixed_size)
    {
      double bar_w = self->show_colorbar ? colorbar_width (self, NULL) : 0;
      *natural = MAX (*minimum, (int) (for_size - bar_w + extra));
    }
}

static GtkSizeRequestMode
neurona_image_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* ---- readout ---------------------------------------------------------------------- */

static void
set_cursor (NeuronaImageView *self, int row, int col)
{
  g_autofree char *text = NULL;

  if (row == self->cursor_row && col == self->cursor_col)
    return;
  self->cursor_row = row;
  self->cursor_col = col;
  if (row >= 0 && col >= 0 && self->pixels != NULL)
    /* TRANSLATORS: the pixel under the pointer, counted from 0 as in NumPy */
    text = g_strdup_printf (_("row %d, column %d: %u"), row, col,
                            self->pixels[(gsize) row * self->cols + col]);
  if (g_strcmp0 (text, self->readout) != 0)
    {
      g_free (self->readout);
      self->readout = g_steal_pointer (&text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      self->readout ? self->readout : "", -1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READOUT]);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, NeuronaImageView *self)
{
  guint row, col;

  if (!self->hover_readout)
    return;
  if (neurona_image_view_pixel_at (self, x, y, &row, &col))
    set_cursor (self, row, col);
  else
    set_cursor (self, -1, -1);
}

static void
leave_cb (GtkEventControllerMotion *controller, NeuronaImageView *self)
{
  /* Keyboard focus keeps its cursor; the pointer leaving only clears a pointer's. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    set_cursor (self, -1, -1);
}

/* Arrow keys walk a pixel cursor: the readout works without a pointer too. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, NeuronaImageView *self)
{
  int row = MAX (self->cursor_row, 0), col = MAX (self->cursor_col, 0);

  if (!self->hover_readout || self->pixels == NULL)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      col--;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      col++;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      row--;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      row++;
      break;
    default:
      return FALSE;
    }
  set_cursor (self, CLAMP (row, 0, (int) self->rows - 1), CLAMP (col, 0, (int) self->cols - 1));
  return TRUE;
}

static void
focus_leave_cb (GtkEventControllerFocus *controller, NeuronaImageView *self)
{
  set_cursor (self, -1, -1);
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
neurona_image_view_finalize (GObject *object)
{
  NeuronaImageView *self = NEURONA_IMAGE_VIEW (object);

  g_free (self->pixels);
  g_free (self->readout);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->bar_surface, cairo_surface_destroy);
  G_OBJECT_CLASS (neurona_image_view_parent_class)->finalize (object);
}

static void
neurona_image_view_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  NeuronaImageView *self = NEURONA_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_COLORMAP:
      g_value_set_uint (value, self->colormap);
      break;
    case PROP_SHOW_COLORBAR:
      g_value_set_boolean (value, self->show_colorbar);
      break;
    case PROP_SIZE:
      g_value_set_int (value, self->size);
      break;
    case PROP_HOVER_READOUT:
      g_value_set_boolean (value, self->hover_readout);
      break;
    case PROP_READOUT:
      g_value_set_string (value, self->readout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_image_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  NeuronaImageView *self = NEURONA_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_COLORMAP:
      neurona_image_view_set_colormap (self, g_value_get_uint (value));
      break;
    case PROP_SHOW_COLORBAR:
      neurona_image_view_set_show_colorbar (self, g_value_get_boolean (value));
      break;
    case PROP_SIZE:
      neurona_image_view_set_size (self, g_value_get_int (value));
      break;
    case PROP_HOVER_READOUT:
      neurona_image_view_set_hover_readout (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_image_view_class_init (NeuronaImageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = neurona_image_view_finalize;
  object_class->get_property = neurona_image_view_get_property;
  object_class->set_property = neurona_image_view_set_property;
  widget_class->snapshot = neurona_image_view_snapshot;
  widget_class->measure = neurona_image_view_measure;
  widget_class->get_request_mode = neurona_image_view_get_request_mode;

  properties[PROP_COLORMAP] =
    g_param_spec_uint ("colormap", NULL, NULL, 0, NR_N_COLORMAPS - 1, NR_COLORMAP_VIRIDIS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_COLORBAR] =
    g_param_spec_boolean ("show-colorbar", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
    g_param_spec_int ("size", NULL, NULL, 1, 4096, 112,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOVER_READOUT] =
    g_param_spec_boolean ("hover-readout", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READOUT] =
    g_param_spec_string ("readout", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "imageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
neurona_image_view_init (NeuronaImageView *self)
{
  GtkEventController *controller;

  self->colormap = NR_COLORMAP_VIRIDIS;
  self->size = 112;
  self->cursor_row = self->cursor_col = -1;
  rebuild_surfaces (self);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
neurona_image_view_new (void)
{
  return g_object_new (NEURONA_TYPE_IMAGE_VIEW, NULL);
}

void
neurona_image_view_set_pixels (NeuronaImageView *self, const guint8 *pixels, guint rows,
                               guint cols)
{
  gsize n = (gsize) rows * cols;

  g_return_if_fail (NEURONA_IS_IMAGE_VIEW (self));

  if (pixels == NULL || n == 0)
    rows = cols = n = 0;
  if (rows == self->rows && cols == self->cols
      && (n == 0 || (self->pixels != NULL && memcmp (self->pixels, pixels, n) == 0)))
    return;
  if (rows != self->rows || cols != self->cols)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  g_free (self->pixels);
  self->pixels = n > 0 ? g_memdup2 (pixels, n) : NULL;
  self->rows = rows;
  self->cols = cols;
  rebuild_surfaces (self);
  /* The readout names a value that just changed. */
  if (self->cursor_row >= (int) rows || self->cursor_col >= (int) cols)
    set_cursor (self, -1, -1);
  else
    {
      int r = self->cursor_row, c = self->cursor_col;
      self->cursor_row = self->cursor_col = -1;
      set_cursor (self, r, c);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
neurona_image_view_get_value (NeuronaImageView *self, guint row, guint col)
{
  g_return_val_if_fail (NEURONA_IS_IMAGE_VIEW (self), -1);

  if (self->pixels == NULL || row >= self->rows || col >= self->cols)
    return -1;
  return self->pixels[(gsize) row * self->cols + col];
}

void
neurona_image_view_set_colormap (NeuronaImageView *self, guint colormap)
{
  g_return_if_fail (NEURONA_IS_IMAGE_VIEW (self));
  g_return_if_fail (colormap < NR_N_COLORMAPS);

  if (self->colormap == colormap)
    return;
  self->colormap = colormap;
  rebuild_surfaces (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLORMAP]);
}

guint
neurona_image_view_get_colormap (NeuronaImageView *self)
{
  g_return_val_if_fail (NEURONA_IS_IMAGE_VIEW (self), 0);

  return self->colormap;
}

void
neurona_image_view_set_show_colorbar (NeuronaImageView *self, gboolean show)
{
  g_return_if_fail (NEURONA_IS_IMAGE_VIEW (self));

  show = !!show;
  if (self->show_colorbar == show)
    return;
  self->show_colorbar = show;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_COLORBAR]);
}

void
neurona_image_view_set_size (NeuronaImageView *self, int size)
{
  g_return_if_fail (NEURONA_IS_IMAGE_VIEW (self));

  size = CLAMP (size, 1, 4096);
  if (self->size == size)
    return;
  self->size = size;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

void
neurona_image_view_set_hover_readout (NeuronaImageView *self, gboolean enabled)
{
  g_return_if_fail (NEURONA_IS_IMAGE_VIEW (self));

  enabled = !!enabled;
  if (self->hover_readout == enabled)
    return;
  self->hover_readout = enabled;
  gtk_widget_set_focusable (GTK_WIDGET (self), enabled);
  if (!enabled)
    set_cursor (self, -1, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_READOUT]);
}

gboolean
neurona_image_view_get_image_area (NeuronaImageView *self, graphene_rect_t *area)
{
  g_return_val_if_fail (NEURONA_IS_IMAGE_VIEW (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  return self->pixels != NULL && compute_layout (self, area, NULL);
}

gboolean
neurona_image_view_pixel_at (NeuronaImageView *self, double x, double y, guint *row, guint *col)
{
  graphene_rect_t image;
  double r, c;

  g_return_val_if_fail (NEURONA_IS_IMAGE_VIEW (self), FALSE);

  if (!neurona_image_view_get_image_area (self, &image))
    return FALSE;
  c = (x - image.origin.x) / image.size.width * self->cols;
  r = (y - image.origin.y) / image.size.height * self->rows;
  if (!(c >= 0 && c < self->cols && r >= 0 && r < self->rows))
    return FALSE;
  if (row)
    *row = (guint) r;
  if (col)
    *col = (guint) c;
  return TRUE;
}

const char *
neurona_image_view_get_readout (NeuronaImageView *self)
{
  g_return_val_if_fail (NEURONA_IS_IMAGE_VIEW (self), NULL);

  return self->readout;
}

void
neurona_image_view_set_cursor (NeuronaImageView *self, int row, int col)
{
  g_return_if_fail (NEURONA_IS_IMAGE_VIEW (self));

  if (row < 0 || col < 0 || row >= (int) self->rows || col >= (int) self->cols)
    row = col = -1;
  set_cursor (self, row, col);
}

gboolean
neurona_image_view_get_cursor (NeuronaImageView *self, int *row, int *col)
{
  g_return_val_if_fail (NEURONA_IS_IMAGE_VIEW (self), FALSE);

  if (row != NULL)
    *row = self->cursor_row;
  if (col != NULL)
    *col = self->cursor_col;
  return self->cursor_row >= 0 && self->cursor_col >= 0;
}

void
neurona_image_view_set_fixed_size (NeuronaImageView *self, gboolean fixed)
{
  g_return_if_fail (NEURONA_IS_IMAGE_VIEW (self));

  fixed = !!fixed;
  if (self->fixed_size == fixed)
    return;
  self->fixed_size = fixed;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
