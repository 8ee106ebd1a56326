/* neurona-draw-pad.c — a 28 × 28 drawing grid (see the header).
 *
 * A stroke stamps the brush every quarter pixel along its segment; each stamp raises a
 * pixel's ink to the brush's value there (max, not sum), so going over a line twice does
 * not darken it, as a pen on paper. */
#include "neurona-draw-pad.h"

#include <math.h>
#include <string.h>

#include "neurona/neurona.h"

#define SIDE NEURONA_DRAW_PAD_SIDE
/* The brush: full ink within INNER pixels of its centre, fading to none at OUTER. */
#define BRUSH_INNER 0.55
#define BRUSH_OUTER 1.55

struct _NeuronaDrawPad
{
  GtkWidget parent_instance;

  /* Owned */
  float ink[SIDE * SIDE];
  double drag_x, drag_y;     /* where the drag began, in widget coordinates */
  double last_row, last_col; /* where the drag is, in grid pixels */
  guint cursor_row, cursor_col;
  gboolean cursor_shown; /* after a key moved it */
};

G_DEFINE_FINAL_TYPE (NeuronaDrawPad, neurona_draw_pad, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
compute_grid (NeuronaDrawPad *self, graphene_rect_t *area)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double side = MIN (width, height);

  if (side < SIDE)
    return FALSE;
  side = floor (side / SIDE) * SIDE; /* every grid pixel the same size */
  *area = GRAPHENE_RECT_INIT (floor ((width - side) / 2), floor ((height - side) / 2), side, side);
  return TRUE;
}

static void
changed (NeuronaDrawPad *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static gboolean
stamp (NeuronaDrawPad *self, double row, double col)
{
  gboolean any = FALSE;
  int r0 = (int) floor (row - BRUSH_OUTER), r1 = (int) ceil (row + BRUSH_OUTER);
  int c0 = (int) floor (col - BRUSH_OUTER), c1 = (int) ceil (col + BRUSH_OUTER);

  for (int r = MAX (r0, 0); r <= MIN (r1, SIDE - 1); r++)
    for (int c = MAX (c0, 0); c <= MIN (c1, SIDE - 1); c++)
      {
        double d = hypot (r + 0.5 - row, c + 0.5 - col);
        float v = (float) CLAMP ((BRUSH_OUTER - d) / (BRUSH_OUTER - BRUSH_INNER), 0.0, 1.0);
        float *p = &self->ink[r * SIDE + c];

        if (v > *p)
          {
            *p = v;
            any = TRUE;
          }
      }
  return any;
}

static gboolean
stroke (NeuronaDrawPad *self, double row0, double col0, double row1, double col1)
{
  double len = hypot (row1 - row0, col1 - col0);
  guint steps = (guint) ceil (len * 4);
  gboolean any = FALSE;

  for (guint i = 0; i <= steps; i++)
    {
      double t = steps > 0 ? (double) i / steps : 0;

      any |= stamp (self, row0 + t * (row1 - row0), col0 + t * (col1 - col0));
    }
  return any;
}

void
neurona_draw_pad_draw_line (NeuronaDrawPad *self, double row0, double col0, double row1,
                            double col1)
{
  g_return_if_fail (NEURONA_IS_DRAW_PAD (self));

  if (stroke (self, row0, col0, row1, col1))
    changed (self);
}

/* ---- drawing ------------------------------------------------------------------------ */

static void
neurona_draw_pad_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NeuronaDrawPad *self = NEURONA_DRAW_PAD (widget);
  graphene_rect_t g;
  double px;
  cairo_t *cr;

  if (!compute_grid (self, &g))
    return;
  px = g.size.width / SIDE;
  cr = gtk_snapshot_append_cairo (snapshot, &g);

  /* White paper, black ink, as the tutorial shows the digits (plt.cm.binary). */
  for (guint r = 0; r < SIDE; r++)
    for (guint c = 0; c < SIDE; c++)
      {
        double v = 1.0 - self->ink[r * SIDE + c];

        cairo_set_source_rgb (cr, v, v, v);
        cairo_rectangle (cr, g.origin.x + c * px, g.origin.y + r * px, px, px);
        cairo_fill (cr);
      }
  /* Faint grid lines: the 28 × 28 pixels the model sees. */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.25);
  cairo_set_line_width (cr, 1);
  for (guint i = 1; i < SIDE; i++)
    {
      cairo_move_to (cr, g.origin.x + i * px + 0.5, g.origin.y);
      cairo_rel_line_to (cr, 0, g.size.height);
      cairo_move_to (cr, g.origin.x, g.origin.y + i * px + 0.5);
      cairo_rel_line_to (cr, g.size.width, 0);
    }
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.8);
  cairo_rectangle (cr, g.origin.x + 0.5, g.origin.y + 0.5, g.size.width - 1, g.size.height - 1);
  cairo_stroke (cr);

  if (self->cursor_shown && gtk_widget_has_focus (widget))
    {
      double x = g.origin.x + self->cursor_col * px, y = g.origin.y + self->cursor_row * px;

      /* Red and white rings: seen on ink and on paper alike. */
      cairo_set_line_width (cr, 2.0);
      cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
      cairo_rectangle (cr, x - 1, y - 1, px + 2, px + 2);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 1.0);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_rectangle (cr, x + 1.5, y + 1.5, px - 3, px - 3);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
neurona_draw_pad_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                          int *minimum, int *natural, int *minimum_baseline,
                          int *natural_baseline)
{
  *minimum = SIDE * 6;
  *natural = SIDE * 10;
}

/* ---- input -------------------------------------------------------------------------- */

static void
to_grid (NeuronaDrawPad *self, double x, double y, double *row, double *col)
{
  graphene_rect_t g;

  if (!compute_grid (self, &g))
    {
      *row = *col = -100;
      return;
    }
  *col = (x - g.origin.x) / (g.size.width / SIDE);
  *row = (y - g.origin.y) / (g.size.height / SIDE);
}

static void
drag_begin (GtkGestureDrag *gesture, double x, double y, NeuronaDrawPad *self)
{
  self->drag_x = x;
  self->drag_y = y;
  to_grid (self, x, y, &self->last_row, &self->last_col);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->cursor_shown = FALSE;
  neurona_draw_pad_draw_line (self, self->last_row, self->last_col, self->last_row,
                              self->last_col);
}

static void
drag_update (GtkGestureDrag *gesture, double dx, double dy, NeuronaDrawPad *self)
{
  double row, col;

  to_grid (self, self->drag_x + dx, self->drag_y + dy, &row, &col);
  neurona_draw_pad_draw_line (self, self->last_row, self->last_col, row, col);
  self->last_row = row;
  self->last_col = col;
}

static gboolean
key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
             GdkModifierType state, NeuronaDrawPad *self)
{
  int row = self->cursor_row, col = self->cursor_col;
  gboolean paint = (state & GDK_SHIFT_MASK) != 0;

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
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      self->cursor_shown = TRUE;
      neurona_draw_pad_draw_line (self, row + 0.5, col + 0.5, row + 0.5, col + 0.5);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;
    default:
      return FALSE;
    }
  row = CLAMP (row, 0, SIDE - 1);
  col = CLAMP (col, 0, SIDE - 1);
  if (paint)
    neurona_draw_pad_draw_line (self, self->cursor_row + 0.5, self->cursor_col + 0.5, row + 0.5,
                                col + 0.5);
  self->cursor_row = row;
  self->cursor_col = col;
  self->cursor_shown = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
focus_changed (NeuronaDrawPad *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
neurona_draw_pad_class_init (NeuronaDrawPadClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = neurona_draw_pad_snapshot;
  widget_class->measure = neurona_draw_pad_measure;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (widget_class, "drawpad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
neurona_draw_pad_init (NeuronaDrawPad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->cursor_row = self->cursor_col = SIDE / 2;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_can_focus (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  /* Touch drives it too: a drag gesture takes the pointer and touch alike. */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (focus_changed), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

GtkWidget *
neurona_draw_pad_new (void)
{
  return g_object_new (NEURONA_TYPE_DRAW_PAD, NULL);
}

const float *
neurona_draw_pad_get_ink (NeuronaDrawPad *self)
{
  g_return_val_if_fail (NEURONA_IS_DRAW_PAD (self), NULL);
  return self->ink;
}

gboolean
neurona_draw_pad_is_empty (NeuronaDrawPad *self)
{
  g_return_val_if_fail (NEURONA_IS_DRAW_PAD (self), TRUE);

  for (guint i = 0; i < SIDE * SIDE; i++)
    if (self->ink[i] > 0)
      return FALSE;
  return TRUE;
}

void
neurona_draw_pad_clear (NeuronaDrawPad *self)
{
  g_return_if_fail (NEURONA_IS_DRAW_PAD (self));

  memset (self->ink, 0, sizeof self->ink);
  changed (self);
}

void
neurona_draw_pad_invert (NeuronaDrawPad *self)
{
  g_return_if_fail (NEURONA_IS_DRAW_PAD (self));

  nr_invert_drawing (self->ink, SIDE * SIDE);
  changed (self);
}

void
neurona_draw_pad_get_cursor (NeuronaDrawPad *self, guint *row, guint *col)
{
  g_return_if_fail (NEURONA_IS_DRAW_PAD (self));

  if (row != NULL)
    *row = self->cursor_row;
  if (col != NULL)
    *col = self->cursor_col;
}

gboolean
neurona_draw_pad_get_grid_area (NeuronaDrawPad *self, graphene_rect_t *area)
{
  g_return_val_if_fail (NEURONA_IS_DRAW_PAD (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);
  return compute_grid (self, area);
}
