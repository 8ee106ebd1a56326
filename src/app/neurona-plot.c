/* neurona-plot.c — a line chart drawn with Cairo.
 *
 * Data lives in growable arrays (append is amortised O(1)); the axis ranges and the
 * layout (margins, ticks, legend) are computed outside snapshot() and cached until
 * something they depend on changes. snapshot() only maps and strokes, decimating each
 * series to at most two points per pixel column so 20,000-point curves stay cheap.
 */
#include "neurona-plot-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define PAD 8.0
#define TICK_LEN 5.0
#define RIGHT_MARGIN 18.0
#define SAMPLE_W 26.0
#define MIN_WIDTH 320
#define MIN_HEIGHT 200

typedef struct
{
  char *label;
  GdkRGBA color;
  NeuronaPlotStyle style;
  GArray *xs; /* double */
  GArray *ys; /* double */
  gboolean sorted; /* x never decreased: nearest-x look-ups and decimation by column */
} Series;

typedef struct
{
  double value; /* data units (log10 units on a log axis) */
  char *label;  /* NULL for a minor tick */
} Tick;

typedef struct
{
  double lo, hi;
  gboolean valid;
} Range;

struct _NeuronaPlot
{
  GtkWidget parent_instance;

  /* Owned */
  char *title;
  char *x_label;
  char *y_label;
  GPtrArray *series; /* Series */
  GArray *x_ticks;   /* Tick */
  GArray *y_ticks;   /* Tick */

  gboolean y_log;
  Range x_fixed, y_fixed;
  /* Automatic ranges: only ever grow (until clear), in nice steps. */
  Range x_auto, y_auto, y_auto_log; /* y_auto_log in log10 units */

  /* Cached layout, valid for layout_width × layout_height. */
  gboolean layout_valid;
  int layout_width, layout_height;
  graphene_rect_t plot_area;
  graphene_rect_t legend_area;
  GArray *legend_pos; /* graphene_point_t, top-left of each series' entry */
  double line_height;
  double title_y;

  /* Hover */
  gboolean hovering;
  double hover_x, hover_y;

  guint a11y_source;
  guint n_drawn_points; /* last snapshot, for tests of the decimation */
};

G_DEFINE_FINAL_TYPE (NeuronaPlot, neurona_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_X_LABEL,
  PROP_Y_LABEL,
  PROP_Y_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
series_free (gpointer data)
{
  Series *s = data;

  g_free (s->label);
  g_array_unref (s->xs);
  g_array_unref (s->ys);
  g_free (s);
}

static void
tick_clear (gpointer data)
{
  Tick *t = data;

  g_clear_pointer (&t->label, g_free);
}

/* ---- numbers ---------------------------------------------------------------------- */

/* The smallest 1, 2 or 5 × 10^k that is >= raw. */
static double
nice_step (double raw)
{
  double e, f;

  if (!(raw > 0) || !isfinite (raw))
    return 1.0;
  e = floor (log10 (raw));
  f = raw / pow (10.0, e);
  if (f <= 1.0 + 1e-9)
    f = 1.0;
  else if (f <= 2.0 + 1e-9)
    f = 2.0;
  else if (f <= 5.0 + 1e-9)
    f = 5.0;
  else
    f = 10.0;
  return f * pow (10.0, e);
}

static double
next_nice_step (double step)
{
  double e = floor (log10 (step) + 1e-9);
  double f = step / pow (10.0, e);

  if (f < 1.5)
    return 2.0 * pow (10.0, e);
  if (f < 3.5)
    return 5.0 * pow (10.0, e);
  return 10.0 * pow (10.0, e);
}

/* Widens [lo, hi] to multiples of a 1-2-5 step, about five steps in all. */
static void
nice_range (double lo, double hi, double *out_lo, double *out_hi)
{
  double step;

  if (hi - lo <= 1e-12 * MAX (1.0, fabs (hi)))
    {
      /* A single value: a small span around it, but never below zero for a first
       * point at zero (a step count, an epoch). */
      if (lo == 0.0)
        hi = 1.0;
      else
        {
          double pad = fabs (lo) * 0.1;
          lo -= pad;
          hi += pad;
        }
    }
  /* A curve that starts far above zero (a loss) and falls: anchor at zero now rather
   * than re-extending the axis downwards several times. */
  if (lo > 0 && lo < 0.4 * hi)
    lo = 0;
  step = nice_step ((hi - lo) / 5.0);
  *out_lo = floor (lo / step + 1e-9) * step;
  *out_hi = ceil (hi / step - 1e-9) * step;
}

static char *
format_tick (double v, double step)
{
  int decimals;

  if (fabs (v) < step * 1e-6)
    v = 0.0;
  if (fabs (v) >= 1e7 || (v != 0.0 && fabs (v) < 1e-5))
    return g_strdup_printf ("%g", v);
  decimals = step < 1.0 ? (int) ceil (-log10 (step) - 1e-9) : 0;
  return g_strdup_printf ("%.*f", decimals, v);
}

/* Exact values for the hover readout and the accessible description. */
static char *
format_value (double v)
{
  if (!isfinite (v))
    return g_strdup_printf ("%g", v);
  if (v == floor (v) && fabs (v) < 1e9)
    return g_strdup_printf ("%.0f", v);
  if (fabs (v) >= 1e4 && fabs (v) < 1e9)
    return g_strdup_printf ("%.1f", v);
  return g_strdup_printf ("%.4g", v);
}

static char *
format_decade (int k)
{
  static const char *const sup[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  GString *s = g_string_new ("10");
  char digits[16];

  if (k < 0)
    g_string_append (s, "⁻");
  g_snprintf (digits, sizeof digits, "%d", ABS (k));
  for (const char *p = digits; *p; p++)
    g_string_append (s, sup[*p - '0']);
  return g_string_free (s, FALSE);
}

/* ---- ranges ----------------------------------------------------------------------- */

static void
range_grow (Range *r, double lo, double hi)
{
  double nlo, nhi;

  if (r->valid && lo >= r->lo && hi <= r->hi)
    return;
  if (r->valid)
    {
      /* Grow by at least a quarter of the span, so a live curve moves the axis a few
       * times per decade rather than at every new point. */
      double span = r->hi - r->lo;
      if (hi > r->hi)
        hi = MAX (hi, r->hi + 0.25 * span);
      if (lo < r->lo)
        lo = MIN (lo, r->lo - 0.25 * span);
      lo = MIN (lo, r->lo);
      hi = MAX (hi, r->hi);
    }
  nice_range (lo, hi, &nlo, &nhi);
  r->lo = nlo;
  r->hi = nhi;
  r->valid = TRUE;
}

static void
range_grow_log (Range *r, double lo, double hi)
{
  double dlo, dhi;

  if (!(lo > 0) || !(hi > 0))
    return;
  dlo = floor (log10 (lo) + 1e-9);
  dhi = ceil (log10 (hi) - 1e-9);
  if (dhi <= dlo)
    dhi = dlo + 1;
  if (r->valid)
    {
      dlo = MIN (dlo, r->lo);
      dhi = MAX (dhi, r->hi);
    }
  r->lo = dlo;
  r->hi = dhi;
  r->valid = TRUE;
}

static void
get_x_range (NeuronaPlot *self, double *lo, double *hi)
{
  if (self->x_fixed.valid)
    *lo = self->x_fixed.lo, *hi = self->x_fixed.hi;
  else if (self->x_auto.valid)
    *lo = self->x_auto.lo, *hi = self->x_auto.hi;
  else
    *lo = 0, *hi = 1;
}

/* In log10 units on a log axis. */
static void
get_y_range (NeuronaPlot *self, double *lo, double *hi)
{
  if (self->y_log)
    {
      if (self->y_fixed.valid && self->y_fixed.lo > 0)
        *lo = log10 (self->y_fixed.lo), *hi = log10 (self->y_fixed.hi);
      else if (self->y_auto_log.valid)
        *lo = self->y_auto_log.lo, *hi = self->y_auto_log.hi;
      else
        *lo = 0, *hi = 1;
    }
  else if (self->y_fixed.valid)
    *lo = self->y_fixed.lo, *hi = self->y_fixed.hi;
  else if (self->y_auto.valid)
    *lo = self->y_auto.lo, *hi = self->y_auto.hi;
  else
    *lo = 0, *hi = 1;
}

/* Grows the automatic ranges to include (x, y); TRUE when an axis changed. */
static gboolean
grow_with_point (NeuronaPlot *self, double x, double y)
{
  Range ox = self->x_auto, oy = self->y_auto, ol = self->y_auto_log;

  if (!isfinite (x) || !isfinite (y))
    return FALSE;
  range_grow (&self->x_auto, x, x);
  range_grow (&self->y_auto, y, y);
  if (y > 0)
    range_grow_log (&self->y_auto_log, y, y);
  return memcmp (&ox, &self->x_auto, sizeof ox) != 0
         || memcmp (&oy, &self->y_auto, sizeof oy) != 0
         || memcmp (&ol, &self->y_auto_log, sizeof ol) != 0;
}

/* ---- layout ----------------------------------------------------------------------- */

static void
get_foreground (NeuronaPlot *self, GdkRGBA *fg)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), fg);
}

static PangoLayout *
make_layout (NeuronaPlot *self, const char *text, gboolean bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static void
text_size (NeuronaPlot *self, const char *text, gboolean bold, double *w, double *h)
{
  g_autoptr (PangoLayout) layout = make_layout (self, text, bold);
  int pw, ph;

  pango_layout_get_pixel_size (layout, &pw, &ph);
  if (w)
    *w = pw;
  if (h)
    *h = ph;
}

static void
invalidate_layout (NeuronaPlot *self)
{
  self->layout_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Linear ticks at multiples of a 1-2-5 step at least min_px apart; returns the widest
 * label (or the label height for a vertical axis when vertical is TRUE). */
static double
compute_linear_ticks (NeuronaPlot *self, GArray *ticks, double lo, double hi, double length,
                      double min_px, gboolean horizontal)
{
  double span = hi - lo;
  double step = nice_step (span * min_px / MAX (length, 1.0));
  double widest = 0;

  for (int attempt = 0; attempt < 8; attempt++)
    {
      double first = ceil (lo / step - 1e-9) * step;
      double max_w = 0;

      g_array_set_size (ticks, 0);
      for (int i = 0; i < 200; i++)
        {
          Tick t;
          double w;

          t.value = first + i * step;
          if (t.value > hi + step * 1e-9)
            break;
          t.label = format_tick (t.value, step);
          text_size (self, t.label, FALSE, &w, NULL);
          max_w = MAX (max_w, w);
          g_array_append_val (ticks, t);
        }
      widest = max_w;
      /* Horizontal labels need room for their width; vertical ones only their height. */
      if (!horizontal || max_w + 12.0 <= step / span * length)
        break;
      step = next_nice_step (step);
    }
  return widest;
}

static double
compute_log_ticks (NeuronaPlot *self, GArray *ticks, double lo, double hi, double length)
{
  double per_decade = length / MAX (hi - lo, 1e-9);
  int every = 1;
  double widest = 0;

  while (per_decade * every < self->line_height + 6 && every < 64)
    every *= 2;
  g_array_set_size (ticks, 0);
  for (int k = (int) floor (lo); k <= (int) ceil (hi); k++)
    {
      if (k >= lo - 1e-9 && k <= hi + 1e-9 && k % every == 0)
        {
          Tick t = { k, format_decade (k) };
          double w;

          text_size (self, t.label, FALSE, &w, NULL);
          widest = MAX (widest, w);
          g_array_append_val (ticks, t);
        }
      if (every == 1 && per_decade >= 40)
        for (int m = 2; m <= 9; m++)
          {
            Tick t = { k + log10 (m), NULL };
            if (t.value > lo && t.value < hi)
              g_array_append_val (ticks, t);
          }
    }
  return widest;
}

static void
ensure_layout (NeuronaPlot *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double top = PAD, bottom, left, plot_h, plot_w, y_label_w;
  double xlo, xhi, ylo, yhi;

  if (self->layout_valid && width == self->layout_width && height == self->layout_height)
    return;
  self->layout_valid = TRUE;
  self->layout_width = width;
  self->layout_height = height;

  text_size (self, "0", FALSE, NULL, &self->line_height);

  /* Title */
  self->title_y = top;
  if (self->title && *self->title)
    {
      double h;
      text_size (self, self->title, TRUE, NULL, &h);
      top += h + 4;
    }

  /* Legend: flowing rows above the plot, so it never covers data. */
  g_array_set_size (self->legend_pos, self->series->len);
  self->legend_area = GRAPHENE_RECT_INIT (0, top, 0, 0);
  if (self->series->len > 0)
    {
      double row_h = MAX (self->line_height, 12);
      double avail = MAX (width - 2 * PAD, 1);
      guint row_start = 0;
      double x = 0, y = top, min_x = width, max_x = 0;

      for (guint i = 0; i <= self->series->len; i++)
        {
          double w = 0;
          gboolean flush = i == self->series->len;

          if (!flush)
            {
              Series *s = g_ptr_array_index (self->series, i);
              text_size (self, s->label, FALSE, &w, NULL);
              w += SAMPLE_W + 6;
              flush = x > 0 && x + w > avail;
            }
          if (flush && i > row_start)
            {
              /* Centre the finished row. */
              double offset = PAD + (avail - (x - 18)) / 2;
              for (guint j = row_start; j < i; j++)
                {
                  graphene_point_t *p = &g_array_index (self->legend_pos, graphene_point_t, j);
                  p->x += offset;
                  min_x = MIN (min_x, p->x);
                }
              max_x = MAX (max_x, offset + x - 18);
              row_start = i;
              x = 0;
              y += row_h + 2;
            }
          if (i < self->series->len)
            {
              g_array_index (self->legend_pos, graphene_point_t, i) =
                GRAPHENE_POINT_INIT (x, y);
              x += w + 18;
            }
        }
      self->legend_area = GRAPHENE_RECT_INIT (min_x, top, max_x - min_x, y - top);
      top = y + 6;
    }

  bottom = PAD + TICK_LEN + 3 + self->line_height;
  if (self->x_label && *self->x_label)
    bottom += self->line_height + 4;
  plot_h = MAX (height - top - bottom, 10);

  get_y_range (self, &ylo, &yhi);
  if (self->y_log)
    y_label_w = compute_log_ticks (self, self->y_ticks, ylo, yhi, plot_h);
  else
    y_label_w = compute_linear_ticks (self, self->y_ticks, ylo, yhi, plot_h,
                                      MAX (self->line_height * 2, 30), FALSE);

  left = PAD + y_label_w + 4 + TICK_LEN;
  if (self->y_label && *self->y_label)
    left += self->line_height + 6;
  plot_w = MAX (width - left - RIGHT_MARGIN, 10);

  get_x_range (self, &xlo, &xhi);
  compute_linear_ticks (self, self->x_ticks, xlo, xhi, plot_w, 70, TRUE);

  self->plot_area = GRAPHENE_RECT_INIT (left, top, plot_w, plot_h);
}

static inline double
map_x (NeuronaPlot *self, double xlo, double xhi, double x)
{
  return self->plot_area.origin.x + (x - xlo) / (xhi - xlo) * self->plot_area.size.width;
}

/* v is in axis units (log10 already applied on a log axis). */
static inline double
map_y (NeuronaPlot *self, double ylo, double yhi, double v)
{
  return self->plot_area.origin.y + self->plot_area.size.height
         - (v - ylo) / (yhi - ylo) * self->plot_area.size.height;
}

/* ---- drawing ---------------------------------------------------------------------- */

static void
set_style_dash (cairo_t *cr, NeuronaPlotStyle style)
{
  static const double dash[] = { 6.0, 4.0 };

  if (style == NEURONA_PLOT_DASHED)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  else
    cairo_set_dash (cr, NULL, 0, 0);
}

static gboolean
style_has_line (NeuronaPlotStyle style)
{
  return style != NEURONA_PLOT_MARKERS;
}

static gboolean
style_has_markers (NeuronaPlotStyle style)
{
  return style == NEURONA_PLOT_MARKERS || style == NEURONA_PLOT_LINE_MARKERS;
}

static void
draw_marker (cairo_t *cr, NeuronaPlotStyle style, double x, double y)
{
  if (style == NEURONA_PLOT_MARKERS)
    {
      /* Squares for marker-only series, circles on lines: shape tells them apart. */
      cairo_rectangle (cr, x - 3.5, y - 3.5, 7, 7);
    }
  else
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
    }
  cairo_fill (cr);
}

/* A short sample of the series' look: legend and readout. */
static void
draw_sample (cairo_t *cr, Series *s, double x, double y)
{
  gdk_cairo_set_source_rgba (cr, &s->color);
  if (style_has_line (s->style))
    {
      cairo_set_line_width (cr, 2.0);
      set_style_dash (cr, s->style);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + SAMPLE_W, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  if (style_has_markers (s->style))
    draw_marker (cr, s->style, x + SAMPLE_W / 2, y);
}

static void
show_text (NeuronaPlot *self, cairo_t *cr, const char *text, gboolean bold, double x, double y,
           double xalign, double yalign)
{
  g_autoptr (PangoLayout) layout = make_layout (self, text, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - xalign * w), round (y - yalign * h));
  pango_cairo_show_layout (cr, layout);
}

static gboolean
transform_y (gboolean y_log, double y, double *out)
{
  if (!isfinite (y))
    return FALSE;
  if (y_log)
    {
      if (y <= 0)
        return FALSE;
      *out = log10 (y);
    }
  else
    *out = y;
  return TRUE;
}

/* Strokes one series, at most two vertices (min and max) per pixel column when its x
 * values are sorted. Non-finite values (and non-positive ones on a log axis) break the
 * line. Returns the number of vertices emitted. */
static guint
draw_series (NeuronaPlot *self, cairo_t *cr, Series *s, double xlo, double xhi, double ylo,
             double yhi)
{
  const double *xs = (const double *) s->xs->data;
  const double *ys = (const double *) s->ys->data;
  guint n = s->xs->len, start = 0, emitted = 0;
  gboolean pen_down = FALSE;
  GArray *pts = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
  /* Pending pixel column */
  double col = NAN, cmin = 0, cmax = 0;
  guint imin = 0, imax = 0;
  gboolean have_col = FALSE;

  if (n == 0)
    {
      g_array_unref (pts);
      return 0;
    }

  if (s->sorted)
    {
      /* First point at or just before the visible range. */
      guint a = 0, b = n;
      while (a < b)
        {
          guint m = (a + b) / 2;
          if (xs[m] < xlo)
            a = m + 1;
          else
            b = m;
        }
      start = a > 0 ? a - 1 : 0;
    }

  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  set_style_dash (cr, s->style);
  gdk_cairo_set_source_rgba (cr, &s->color);
  cairo_new_path (cr);

#define FLUSH_COLUMN()                                                                      \
  G_STMT_START                                                                              \
  {                                                                                         \
    if (have_col)                                                                           \
      {                                                                                     \
        double ya = map_y (self, ylo, yhi, imin <= imax ? cmin : cmax);                    \
        double yb = map_y (self, ylo, yhi, imin <= imax ? cmax : cmin);                    \
        graphene_point_t pa = GRAPHENE_POINT_INIT (col, ya), pb = GRAPHENE_POINT_INIT (col, yb); \
        if (pen_down)                                                                       \
          cairo_line_to (cr, col, ya);                                                      \
        else                                                                                \
          cairo_move_to (cr, col, ya);                                                      \
        g_array_append_val (pts, pa);                                                       \
        emitted++;                                                                          \
        if (imin != imax)                                                                   \
          {                                                                                 \
            cairo_line_to (cr, col, yb);                                                    \
            g_array_append_val (pts, pb);                                                   \
            emitted++;                                                                      \
          }                                                                                 \
        pen_down = TRUE;                                                                    \
        have_col = FALSE;                                                                   \
      }                                                                                     \
  }                                                                                         \
  G_STMT_END

  for (guint i = start; i < n; i++)
    {
      double v, px;

      if (!isfinite (xs[i]) || !transform_y (self->y_log, ys[i], &v))
        {
          FLUSH_COLUMN ();
          pen_down = FALSE;
          continue;
        }
      px = map_x (self, xlo, xhi, xs[i]);
      if (s->sorted)
        {
          double c = floor (px) + 0.5;
          if (have_col && c == col)
            {
              if (v < cmin)
                cmin = v, imin = i;
              if (v > cmax)
                cmax = v, imax = i;
            }
          else
            {
              FLUSH_COLUMN ();
              col = c;
              cmin = cmax = v;
              imin = imax = i;
              have_col = TRUE;
            }
          if (xs[i] > xhi)
            break; /* one point past the edge so the line reaches it */
        }
      else
        {
          graphene_point_t p = GRAPHENE_POINT_INIT (px, map_y (self, ylo, yhi, v));
          if (pen_down)
            cairo_line_to (cr, p.x, p.y);
          else
            cairo_move_to (cr, p.x, p.y);
          pen_down = TRUE;
          g_array_append_val (pts, p);
          emitted++;
        }
    }
  FLUSH_COLUMN ();
#undef FLUSH_COLUMN

  if (style_has_line (s->style))
    cairo_stroke (cr);
  else
    cairo_new_path (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  if (style_has_markers (s->style))
    for (guint i = 0; i < pts->len; i++)
      {
        graphene_point_t *p = &g_array_index (pts, graphene_point_t, i);
        draw_marker (cr, s->style, p->x, p->y);
      }

  g_array_unref (pts);
  return emitted;
}

/* Index of the point of s whose x is nearest to x, or -1. */
static int
nearest_index (Series *s, double x, gboolean y_log)
{
  const double *xs = (const double *) s->xs->data;
  const double *ys = (const double *) s->ys->data;
  guint n = s->xs->len;
  int best = -1;
  double best_d = INFINITY, v;

  if (n == 0)
    return -1;
  if (s->sorted)
    {
      guint a = 0, b = n;
      while (a < b)
        {
          guint m = (a + b) / 2;
          if (xs[m] < x)
            a = m + 1;
          else
            b = m;
        }
      /* Check a few neighbours: skip points that cannot be shown. */
      for (int i = (int) a - 3; i <= (int) a + 3; i++)
        if (i >= 0 && i < (int) n && transform_y (y_log, ys[i], &v) && isfinite (xs[i])
            && fabs (xs[i] - x) < best_d)
          best_d = fabs (xs[i] - x), best = i;
      if (best >= 0)
        return best;
    }
  for (guint i = 0; i < n; i++)
    if (transform_y (y_log, ys[i], &v) && isfinite (xs[i]) && fabs (xs[i] - x) < best_d)
      best_d = fabs (xs[i] - x), best = (int) i;
  return best;
}

/* The hover readout for data x: lines[0] is the x header, lines[i > 0] one series each
 * (series[i] says which; markers[i] is where its nearest point is drawn, in axis units).
 * FALSE when no series has a point to show. */
static gboolean
compute_readout (NeuronaPlot *self, double data_x, GPtrArray *lines, GPtrArray *series,
                 GArray *markers)
{
  double xlo, xhi, header_x = NAN;
  gboolean have_header = FALSE;

  get_x_range (self, &xlo, &xhi);
  g_ptr_array_add (lines, NULL); /* header, filled below */
  g_ptr_array_add (series, NULL);
  g_array_set_size (markers, 1);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      int k = nearest_index (s, data_x, self->y_log);
      double v = 0, sx, sy;
      g_autofree char *yv = NULL;
      graphene_point_t m;

      if (k < 0)
        continue;
      sx = g_array_index (s->xs, double, k);
      sy = g_array_index (s->ys, double, k);
      if (sx < xlo || sx > xhi)
        continue;
      transform_y (self->y_log, sy, &v);
      m = GRAPHENE_POINT_INIT (sx, v);
      g_array_append_val (markers, m);

      yv = format_value (sy);
      if (!have_header)
        {
          header_x = sx;
          have_header = TRUE;
        }
      if (sx == header_x)
        g_ptr_array_add (lines, g_strdup_printf ("%s: %s", s->label, yv));
      else
        {
          g_autofree char *xv = format_value (sx);
          /* TRANSLATORS: series label, value, and the x where that value was taken */
          g_ptr_array_add (lines, g_strdup_printf (_("%s: %s (at %s)"), s->label, yv, xv));
        }
      g_ptr_array_add (series, s);
    }
  if (!have_header)
    return FALSE;
  {
    g_autofree char *xv = format_value (header_x);
    g_ptr_array_index (lines, 0) =
      g_strdup_printf ("%s: %s", self->x_label && *self->x_label ? self->x_label : "x", xv);
  }
  return TRUE;
}

static double
widget_to_data_x (NeuronaPlot *self, double wx)
{
  double xlo, xhi;

  get_x_range (self, &xlo, &xhi);
  return xlo + (wx - self->plot_area.origin.x) / self->plot_area.size.width * (xhi - xlo);
}

static void
draw_readout (NeuronaPlot *self, cairo_t *cr, const GdkRGBA *fg, double xlo, double xhi,
              double ylo, double yhi)
{
  const graphene_rect_t *a = &self->plot_area;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) line_series = g_ptr_array_new ();
  g_autoptr (GArray) markers = g_array_new (FALSE, TRUE, sizeof (graphene_point_t));
  double box_w = 0, box_h, bx, by, row_h = self->line_height + 2;
  GdkRGBA bg;
  double lum = 0.2126 * fg->red + 0.7152 * fg->green + 0.0722 * fg->blue;

  /* Vertical guide */
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.5);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, floor (self->hover_x) + 0.5, a->origin.y);
  cairo_line_to (cr, floor (self->hover_x) + 0.5, a->origin.y + a->size.height);
  cairo_stroke (cr);

  if (!compute_readout (self, widget_to_data_x (self, self->hover_x), lines, line_series,
                        markers))
    return;

  for (guint i = 1; i < markers->len; i++)
    {
      graphene_point_t *m = &g_array_index (markers, graphene_point_t, i);
      Series *s = g_ptr_array_index (line_series, i);

      gdk_cairo_set_source_rgba (cr, &s->color);
      cairo_new_sub_path (cr);
      cairo_arc (cr, map_x (self, xlo, xhi, m->x), map_y (self, ylo, yhi, m->y), 5.5, 0,
                 2 * G_PI);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < lines->len; i++)
    {
      double w;
      text_size (self, g_ptr_array_index (lines, i), i == 0, &w, NULL);
      if (i > 0)
        w += SAMPLE_W + 6;
      box_w = MAX (box_w, w);
    }
  box_w += 12;
  box_h = lines->len * row_h + 8;
  bx = self->hover_x + 12;
  if (bx + box_w > a->origin.x + a->size.width)
    bx = self->hover_x - 12 - box_w;
  bx = MAX (bx, a->origin.x);
  by = CLAMP (self->hover_y - box_h / 2, a->origin.y,
              MAX (a->origin.y, a->origin.y + a->size.height - box_h));

  if (lum > 0.5)
    bg = (GdkRGBA) { 0.13, 0.13, 0.13, 0.93 };
  else
    bg = (GdkRGBA) { 1, 1, 1, 0.93 };
  gdk_cairo_set_source_rgba (cr, &bg);
  cairo_rectangle (cr, bx, by, box_w, box_h);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.35);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  for (guint i = 0; i < lines->len; i++)
    {
      double ty = by + 4 + i * row_h;
      double tx = bx + 6;
      Series *s = g_ptr_array_index (line_series, i);

      if (s)
        {
          draw_sample (cr, s, tx, ty + row_h / 2);
          tx += SAMPLE_W + 6;
        }
      gdk_cairo_set_source_rgba (cr, fg);
      show_text (self, cr, g_ptr_array_index (lines, i), i == 0, tx, ty, 0, 0);
    }
}

static void
neurona_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NeuronaPlot *self = NEURONA_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const graphene_rect_t *a;
  double xlo, xhi, ylo, yhi;
  GdkRGBA fg;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  ensure_layout (self);
  a = &self->plot_area;
  get_x_range (self, &xlo, &xhi);
  get_y_range (self, &ylo, &yhi);
  get_foreground (self, &fg);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Title */
  gdk_cairo_set_source_rgba (cr, &fg);
  if (self->title && *self->title)
    show_text (self, cr, self->title, TRUE, width / 2.0, self->title_y, 0.5, 0);

  /* Legend */
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      graphene_point_t *p = &g_array_index (self->legend_pos, graphene_point_t, i);

      draw_sample (cr, s, p->x, p->y + self->line_height / 2);
      gdk_cairo_set_source_rgba (cr, &fg);
      show_text (self, cr, s->label, FALSE, p->x + SAMPLE_W + 6, p->y, 0, 0);
    }

  /* Grid and ticks */
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < self->y_ticks->len; i++)
    {
      Tick *t = &g_array_index (self->y_ticks, Tick, i);
      double y = floor (map_y (self, ylo, yhi, t->value)) + 0.5;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, t->label ? 0.15 : 0.07);
      cairo_move_to (cr, a->origin.x, y);
      cairo_line_to (cr, a->origin.x + a->size.width, y);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, a->origin.x - (t->label ? TICK_LEN : TICK_LEN / 2), y);
      cairo_line_to (cr, a->origin.x, y);
      cairo_stroke (cr);
      if (t->label)
        show_text (self, cr, t->label, FALSE, a->origin.x - TICK_LEN - 3, y, 1.0, 0.5);
    }
  for (guint i = 0; i < self->x_ticks->len; i++)
    {
      Tick *t = &g_array_index (self->x_ticks, Tick, i);
      double x = floor (map_x (self, xlo, xhi, t->value)) + 0.5;
      double bottom = a->origin.y + a->size.height;
      g_autoptr (PangoLayout) layout = make_layout (self, t->label, FALSE);
      int lw, lh;
      double lx;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
      cairo_move_to (cr, x, a->origin.y);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + TICK_LEN);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      lx = CLAMP (x - lw / 2.0, 0, width - lw);
      cairo_move_to (cr, round (lx), bottom + TICK_LEN + 3);
      pango_cairo_show_layout (cr, layout);
    }

  /* Axis labels */
  if (self->x_label && *self->x_label)
    show_text (self, cr, self->x_label, FALSE, a->origin.x + a->size.width / 2,
               height - PAD, 0.5, 1.0);
  if (self->y_label && *self->y_label)
    {
      cairo_save (cr);
      cairo_translate (cr, PAD, a->origin.y + a->size.height / 2);
      cairo_rotate (cr, -G_PI / 2);
      show_text (self, cr, self->y_label, FALSE, 0, 0, 0.5, 0);
      cairo_restore (cr);
    }

  /* Series, clipped to the plot area */
  cairo_save (cr);
  cairo_rectangle (cr, a->origin.x, a->origin.y - 4, a->size.width + 4, a->size.height + 8);
  cairo_clip (cr);
  self->n_drawn_points = 0;
  for (guint i = 0; i < self->series->len; i++)
    self->n_drawn_points +=
      draw_series (self, cr, g_ptr_array_index (self->series, i), xlo, xhi, ylo, yhi);
  cairo_restore (cr);

  /* Axes frame (left and bottom, as matplotlib's spines) */
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, floor (a->origin.x) + 0.5, a->origin.y);
  cairo_line_to (cr, floor (a->origin.x) + 0.5, floor (a->origin.y + a->size.height) + 0.5);
  cairo_line_to (cr, a->origin.x + a->size.width, floor (a->origin.y + a->size.height) + 0.5);
  cairo_stroke (cr);

  if (self->hovering && self->hover_x >= a->origin.x
      && self->hover_x <= a->origin.x + a->size.width)
    draw_readout (self, cr, &fg, xlo, xhi, ylo, yhi);

  cairo_destroy (cr);
}

/* ---- accessibility ---------------------------------------------------------------- */

static gboolean
update_accessible_cb (gpointer data)
{
  NeuronaPlot *self = data;
  g_autofree char *summary = neurona_plot_get_summary (self);

  self->a11y_source = 0;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  summary, -1);
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

static void
neurona_plot_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                      int *natural, int *minimum_baseline, int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = 480;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = 300;
    }
}

static void
neurona_plot_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  NEURONA_PLOT (widget)->layout_valid = FALSE;
}

static void
neurona_plot_dispose (GObject *object)
{
  NeuronaPlot *self = NEURONA_PLOT (object);

  g_clear_handle_id (&self->a11y_source, g_source_remove);
  G_OBJECT_CLASS (neurona_plot_parent_class)->dispose (object);
}

static void
neurona_plot_finalize (GObject *object)
{
  NeuronaPlot *self = NEURONA_PLOT (object);

  g_free (self->title);
  g_free (self->x_label);
  g_free (self->y_label);
  g_ptr_array_unref (self->series);
  g_array_unref (self->x_ticks);
  g_array_unref (self->y_ticks);
  g_array_unref (self->legend_pos);
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
    case PROP_Y_LOG:
      g_value_set_boolean (value, self->y_log);
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
    case PROP_Y_LOG:
      neurona_plot_set_y_log (self, g_value_get_boolean (value));
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
  widget_class->measure = neurona_plot_measure;
  widget_class->size_allocate = neurona_plot_size_allocate;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_X_LABEL] =
    g_param_spec_string ("x-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_LABEL] =
    g_param_spec_string ("y-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_LOG] =
    g_param_spec_boolean ("y-log", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
neurona_plot_init (NeuronaPlot *self)
{
  GtkEventController *motion;

  self->series = g_ptr_array_new_with_free_func (series_free);
  self->x_ticks = g_array_new (FALSE, TRUE, sizeof (Tick));
  g_array_set_clear_func (self->x_ticks, tick_clear);
  self->y_ticks = g_array_new (FALSE, TRUE, sizeof (Tick));
  g_array_set_clear_func (self->y_ticks, tick_clear);
  self->legend_pos = g_array_new (FALSE, TRUE, sizeof (graphene_point_t));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
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
neurona_plot_set_y_log (NeuronaPlot *self, gboolean y_log)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  y_log = !!y_log;
  if (self->y_log == y_log)
    return;
  self->y_log = y_log;
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y_LOG]);
}

static void
set_fixed (NeuronaPlot *self, Range *r, double min, double max)
{
  Range nr = { min, max, isfinite (min) && isfinite (max) && min < max };

  if (!nr.valid)
    nr.lo = nr.hi = 0;
  if (memcmp (&nr, r, sizeof nr) == 0)
    return;
  *r = nr;
  invalidate_layout (self);
}

void
neurona_plot_set_x_range (NeuronaPlot *self, double min, double max)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));
  set_fixed (self, &self->x_fixed, min, max);
}

void
neurona_plot_set_y_range (NeuronaPlot *self, double min, double max)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));
  set_fixed (self, &self->y_fixed, min, max);
}

guint
neurona_plot_add_series (NeuronaPlot *self, const char *label, const GdkRGBA *color,
                         NeuronaPlotStyle style)
{
  Series *s;

  g_return_val_if_fail (NEURONA_IS_PLOT (self), 0);
  g_return_val_if_fail (color != NULL, 0);

  s = g_new0 (Series, 1);
  s->label = g_strdup (label ? label : "");
  s->color = *color;
  s->style = style;
  s->xs = g_array_new (FALSE, FALSE, sizeof (double));
  s->ys = g_array_new (FALSE, FALSE, sizeof (double));
  s->sorted = TRUE;
  g_ptr_array_add (self->series, s);
  invalidate_layout (self);
  return self->series->len - 1;
}

void
neurona_plot_append (NeuronaPlot *self, guint series, double x, double y)
{
  Series *s;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  if (s->xs->len > 0 && x < g_array_index (s->xs, double, s->xs->len - 1))
    s->sorted = FALSE;
  g_array_append_val (s->xs, x);
  g_array_append_val (s->ys, y);
  data_changed (self, grow_with_point (self, x, y));
}

void
neurona_plot_set_points (NeuronaPlot *self, guint series, const double *xs, const double *ys,
                         gsize n)
{
  Series *s;
  gboolean axes_changed = FALSE;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (n == 0 || (xs != NULL && ys != NULL));

  s = g_ptr_array_index (self->series, series);
  g_array_set_size (s->xs, 0);
  g_array_set_size (s->ys, 0);
  g_array_append_vals (s->xs, xs, n);
  g_array_append_vals (s->ys, ys, n);
  s->sorted = TRUE;
  {
    /* Grow once to the whole extent, not point by point: the range then hugs the data. */
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    double pmin = INFINITY, pmax = -INFINITY;
    Range ox = self->x_auto, oy = self->y_auto, ol = self->y_auto_log;

    for (gsize i = 0; i < n; i++)
      {
        if (i > 0 && xs[i] < xs[i - 1])
          s->sorted = FALSE;
        if (!isfinite (xs[i]) || !isfinite (ys[i]))
          continue;
        xmin = MIN (xmin, xs[i]);
        xmax = MAX (xmax, xs[i]);
        ymin = MIN (ymin, ys[i]);
        ymax = MAX (ymax, ys[i]);
        if (ys[i] > 0)
          {
            pmin = MIN (pmin, ys[i]);
            pmax = MAX (pmax, ys[i]);
          }
      }
    if (xmin <= xmax)
      {
        range_grow (&self->x_auto, xmin, xmax);
        range_grow (&self->y_auto, ymin, ymax);
      }
    if (pmin <= pmax)
      range_grow_log (&self->y_auto_log, pmin, pmax);
    axes_changed = memcmp (&ox, &self->x_auto, sizeof ox) != 0
                   || memcmp (&oy, &self->y_auto, sizeof oy) != 0
                   || memcmp (&ol, &self->y_auto_log, sizeof ol) != 0;
  }
  data_changed (self, axes_changed);
}

guint
neurona_plot_get_n_points (NeuronaPlot *self, guint series)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);

  return ((Series *) g_ptr_array_index (self->series, series))->xs->len;
}

static void
reset_auto_ranges (NeuronaPlot *self)
{
  self->x_auto.valid = self->y_auto.valid = self->y_auto_log.valid = FALSE;
}

void
neurona_plot_clear (NeuronaPlot *self)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      g_array_set_size (s->xs, 0);
      g_array_set_size (s->ys, 0);
      s->sorted = TRUE;
    }
  reset_auto_ranges (self);
  data_changed (self, TRUE);
}

void
neurona_plot_remove_all_series (NeuronaPlot *self)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));

  g_ptr_array_set_size (self->series, 0);
  reset_auto_ranges (self);
  data_changed (self, TRUE);
}

void
neurona_plot_get_displayed_x_range (NeuronaPlot *self, double *min, double *max)
{
  double lo, hi;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  get_x_range (self, &lo, &hi);
  if (min)
    *min = lo;
  if (max)
    *max = hi;
}

void
neurona_plot_get_displayed_y_range (NeuronaPlot *self, double *min, double *max)
{
  double lo, hi;

  g_return_if_fail (NEURONA_IS_PLOT (self));
  get_y_range (self, &lo, &hi);
  if (self->y_log)
    lo = pow (10, lo), hi = pow (10, hi);
  if (min)
    *min = lo;
  if (max)
    *max = hi;
}

gboolean
neurona_plot_data_to_widget (NeuronaPlot *self, double x, double y, double *wx, double *wy)
{
  double xlo, xhi, ylo, yhi, v;

  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 || !isfinite (x)
      || !transform_y (self->y_log, y, &v))
    return FALSE;
  ensure_layout (self);
  get_x_range (self, &xlo, &xhi);
  get_y_range (self, &ylo, &yhi);
  if (wx)
    *wx = map_x (self, xlo, xhi, x);
  if (wy)
    *wy = map_y (self, ylo, yhi, v);
  return TRUE;
}

gboolean
neurona_plot_get_plot_area (NeuronaPlot *self, graphene_rect_t *area)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return FALSE;
  ensure_layout (self);
  *area = self->plot_area;
  return TRUE;
}

gboolean
neurona_plot_get_legend_area (NeuronaPlot *self, graphene_rect_t *area)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 || self->series->len == 0)
    return FALSE;
  ensure_layout (self);
  *area = self->legend_area;
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
      Series *ser = g_ptr_array_index (self->series, i);
      g_autofree char *xv = NULL, *yv = NULL;
      guint n = ser->xs->len;

      if (s->len > 0)
        g_string_append (s, "; ");
      if (n == 0)
        {
          /* TRANSLATORS: a plot series that has no points yet */
          g_string_append_printf (s, _("%s: no data"), ser->label);
          continue;
        }
      xv = format_value (g_array_index (ser->xs, double, n - 1));
      yv = format_value (g_array_index (ser->ys, double, n - 1));
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
  g_autoptr (GArray) markers = g_array_new (FALSE, TRUE, sizeof (graphene_point_t));

  ensure_layout (self);
  if (!compute_readout (self, widget_to_data_x (self, widget_x), lines, line_series, markers))
    return NULL;
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

guint
_neurona_plot_get_n_drawn_points (NeuronaPlot *self)
{
  return self->n_drawn_points;
}
