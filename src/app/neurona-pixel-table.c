/* neurona-pixel-table.c — pixel values as a monospace table.
 *
 * The geometry (cell size from the font, header widths) is computed in one place
 * (compute_layout) so that snapshot(), the pointer mapping and get_cell_area() agree. Zeros
 * are drawn faint, so the image's shape shows in the numbers as in a printed NumPy array.
 */
#include "neurona-pixel-table.h"

#include <glib/gi18n.h>
#include <string.h>

#define FONT "Monospace 7"
#define CELL_PAD_X 5
#define CELL_PAD_Y 2

struct _NeuronaPixelTable
{
  GtkWidget parent_instance;

  /* Owned */
  guint8 *pixels; /* (rows, cols) */
  guint rows, cols;
  int cursor_row, cursor_col; /* -1: none */
};

G_DEFINE_FINAL_TYPE (NeuronaPixelTable, neurona_pixel_table, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CURSOR_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  double header_w, header_h; /* the row numbers' column, the column numbers' row */
  double cell_w, cell_h;
} Layout;

static PangoLayout *
make_layout (GtkWidget *widget, const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_from_string (FONT);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static void
compute_layout (NeuronaPixelTable *self, Layout *l)
{
  g_autoptr (PangoLayout) layout = make_layout (GTK_WIDGET (self), "255");
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  l->cell_w = w + CELL_PAD_X;
  l->cell_h = h + CELL_PAD_Y;
  l->header_w = w + CELL_PAD_X; /* "27" and a gap */
  l->header_h = l->cell_h;
}

static void
draw_text (cairo_t *cr, GtkWidget *widget, const char *text, double right, double y)
{
  g_autoptr (PangoLayout) layout = make_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, right - w, y + CELL_PAD_Y / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
neurona_pixel_table_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NeuronaPixelTable *self = NEURONA_PIXEL_TABLE (widget);
  GdkRGBA fg, hi;
  Layout l;
  cairo_t *cr;
  char buf[8];

  if (self->pixels == NULL)
    return;
  compute_layout (self, &l);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  gdk_rgba_parse (&hi, NEURONA_PIXEL_TABLE_HIGHLIGHT);
  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                       gtk_widget_get_height (widget)));

  /* The cursor's row and column, lightly; its cell, strongly. */
  if (self->cursor_row >= 0 && self->cursor_col >= 0)
    {
      cairo_set_source_rgba (cr, hi.red, hi.green, hi.blue, 0.15);
      cairo_rectangle (cr, 0, l.header_h + self->cursor_row * l.cell_h,
                       l.header_w + self->cols * l.cell_w, l.cell_h);
      cairo_rectangle (cr, l.header_w + self->cursor_col * l.cell_w, 0, l.cell_w,
                       self->cursor_row * l.cell_h + l.header_h);
      cairo_rectangle (cr, l.header_w + self->cursor_col * l.cell_w,
                       l.header_h + (self->cursor_row + 1) * l.cell_h, l.cell_w,
                       (self->rows - self->cursor_row - 1) * l.cell_h);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &hi);
      cairo_rectangle (cr, l.header_w + self->cursor_col * l.cell_w,
                       l.header_h + self->cursor_row * l.cell_h, l.cell_w, l.cell_h);
      cairo_fill (cr);
    }

  /* Column and row numbers, counted from 0 as NumPy does. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.55);
  for (guint c = 0; c < self->cols; c++)
    {
      g_snprintf (buf, sizeof buf, "%u", c);
      draw_text (cr, widget, buf, l.header_w + (c + 1) * l.cell_w - CELL_PAD_X / 2.0, 0);
    }
  for (guint r = 0; r < self->rows; r++)
    {
      g_snprintf (buf, sizeof buf, "%u", r);
      draw_text (cr, widget, buf, l.header_w - CELL_PAD_X, l.header_h + r * l.cell_h);
    }
  cairo_rectangle (cr, l.header_w - CELL_PAD_X / 2.0, l.header_h - 1,
                   self->cols * l.cell_w + CELL_PAD_X / 2.0, 1);
  cairo_rectangle (cr, l.header_w - CELL_PAD_X / 2.0, l.header_h - 1, 1,
                   self->rows * l.cell_h + 1);
  cairo_fill (cr);

  for (guint r = 0; r < self->rows; r++)
    for (guint c = 0; c < self->cols; c++)
      {
        guint v = self->pixels[(gsize) r * self->cols + c];
        gboolean cursor = (int) r == self->cursor_row && (int) c == self->cursor_col;

        if (cursor)
          cairo_set_source_rgb (cr, 1, 1, 1);
        else
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * (v == 0 ? 0.35 : 1));
        g_snprintf (buf, sizeof buf, "%u", v);
        draw_text (cr, widget, buf, l.header_w + (c + 1) * l.cell_w - CELL_PAD_X / 2.0,
                   l.header_h + r * l.cell_h);
      }
  cairo_destroy (cr);
}

static void
neurona_pixel_table_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                             int *minimum, int *natural, int *minimum_baseline,
                             int *natural_baseline)
{
  NeuronaPixelTable *self = NEURONA_PIXEL_TABLE (widget);
  Layout l;

  compute_layout (self, &l);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) (l.header_w + self->cols * l.cell_w + 1);
  else
    *minimum = *natural = (int) (l.header_h + self->rows * l.cell_h + 1);
}

/* ---- the cursor ---------------------------------------------------------------------- */

static gboolean
cell_at (NeuronaPixelTable *self, double x, double y, int *row, int *col)
{
  Layout l;
  int r, c;

  compute_layout (self, &l);
  if (x < l.header_w || y < l.header_h)
    return FALSE;
  c = (int) ((x - l.header_w) / l.cell_w);
  r = (int) ((y - l.header_h) / l.cell_h);
  if (r >= (int) self->rows || c >= (int) self->cols)
    return FALSE;
  *row = r;
  *col = c;
  return TRUE;
}

static void
move_cursor (NeuronaPixelTable *self, int row, int col)
{
  if (row == self->cursor_row && col == self->cursor_col)
    return;
  neurona_pixel_table_set_cursor (self, row, col);
  g_signal_emit (self, signals[SIGNAL_CURSOR_CHANGED], 0);
}

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, NeuronaPixelTable *self)
{
  int row, col;

  if (cell_at (self, x, y, &row, &col))
    move_cursor (self, row, col);
  else
    move_cursor (self, -1, -1);
}

static void
leave_cb (GtkEventControllerMotion *controller, NeuronaPixelTable *self)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    move_cursor (self, -1, -1);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, NeuronaPixelTable *self)
{
  int row = MAX (self->cursor_row, 0), col = MAX (self->cursor_col, 0);

  if (self->pixels == NULL)
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
  move_cursor (self, CLAMP (row, 0, (int) self->rows - 1), CLAMP (col, 0, (int) self->cols - 1));
  return TRUE;
}

static void
focus_leave_cb (GtkEventControllerFocus *controller, NeuronaPixelTable *self)
{
  move_cursor (self, -1, -1);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
neurona_pixel_table_finalize (GObject *object)
{
  NeuronaPixelTable *self = NEURONA_PIXEL_TABLE (object);

  g_free (self->pixels);
  G_OBJECT_CLASS (neurona_pixel_table_parent_class)->finalize (object);
}

static void
neurona_pixel_table_class_init (NeuronaPixelTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = neurona_pixel_table_finalize;
  widget_class->snapshot = neurona_pixel_table_snapshot;
  widget_class->measure = neurona_pixel_table_measure;

  signals[SIGNAL_CURSOR_CHANGED] =
    g_signal_new ("cursor-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "pixeltable");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
neurona_pixel_table_init (NeuronaPixelTable *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->cursor_row = self->cursor_col = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pixel values"), -1);
}

/* ---- public ------------------------------------------------------------------------ */

GtkWidget *
neurona_pixel_table_new (void)
{
  return g_object_new (NEURONA_TYPE_PIXEL_TABLE, NULL);
}

void
neurona_pixel_table_set_pixels (NeuronaPixelTable *self, const guint8 *pixels, guint rows,
                                guint cols)
{
  g_autoptr (GString) text = NULL;

  g_return_if_fail (NEURONA_IS_PIXEL_TABLE (self));

  if (pixels == NULL || rows == 0 || cols == 0)
    {
      pixels = NULL;
      rows = cols = 0;
    }
  if (rows != self->rows || cols != self->cols)
    {
      self->cursor_row = MIN (self->cursor_row, (int) rows - 1);
      self->cursor_col = MIN (self->cursor_col, (int) cols - 1);
      if (self->cursor_row < 0 || self->cursor_col < 0)
        self->cursor_row = self->cursor_col = -1;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  g_free (self->pixels);
  self->pixels = pixels != NULL ? g_memdup2 (pixels, (gsize) rows * cols) : NULL;
  self->rows = rows;
  self->cols = cols;

  /* The numbers in words, a row a line, as print() shows them. */
  text = g_string_new (NULL);
  for (guint r = 0; r < rows; r++)
    {
      /* TRANSLATORS: the start of a line of pixel values: "Row 3: 0 0 12 255 …" */
      if (r > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Row %u:"), r);
      for (guint c = 0; c < cols; c++)
        g_string_append_printf (text, " %u", pixels[(gsize) r * cols + c]);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->str, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

char *
neurona_pixel_table_get_cell_text (NeuronaPixelTable *self, guint row, guint col)
{
  g_return_val_if_fail (NEURONA_IS_PIXEL_TABLE (self), NULL);

  if (self->pixels == NULL || row >= self->rows || col >= self->cols)
    return NULL;
  return g_strdup_printf ("%u", self->pixels[(gsize) row * self->cols + col]);
}

gboolean
neurona_pixel_table_get_cell_area (NeuronaPixelTable *self, guint row, guint col,
                                   graphene_rect_t *area)
{
  Layout l;

  g_return_val_if_fail (NEURONA_IS_PIXEL_TABLE (self), FALSE);

  if (self->pixels == NULL || row >= self->rows || col >= self->cols)
    return FALSE;
  compute_layout (self, &l);
  graphene_rect_init (area, l.header_w + col * l.cell_w, l.header_h + row * l.cell_h, l.cell_w,
                      l.cell_h);
  return TRUE;
}

void
neurona_pixel_table_set_cursor (NeuronaPixelTable *self, int row, int col)
{
  g_return_if_fail (NEURONA_IS_PIXEL_TABLE (self));

  if (row < 0 || col < 0 || row >= (int) self->rows || col >= (int) self->cols)
    row = col = -1;
  if (row == self->cursor_row && col == self->cursor_col)
    return;
  self->cursor_row = row;
  self->cursor_col = col;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
neurona_pixel_table_get_cursor (NeuronaPixelTable *self, int *row, int *col)
{
  g_return_val_if_fail (NEURONA_IS_PIXEL_TABLE (self), FALSE);

  if (row != NULL)
    *row = self->cursor_row;
  if (col != NULL)
    *col = self->cursor_col;
  return self->cursor_row >= 0;
}
