/* neurona-plot-draw.c — NeuronaPlot's layout and drawing.
 *
 * The layout places the title, the legend rows, the tick labels and the plot area for a
 * given size; _neurona_plot_draw() draws them in one pass on any cairo_t, so the screen
 * (snapshot) and the exports (neurona-plot-export.c) show the same. Text goes through the
 * widget's Pango context (font and font options) and colours come from its style, light
 * or dark. The series only scale their cached vertices (neurona-series.c).
 */
#include "neurona-plot-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define PAD 8.0
#define TICK_LEN 5.0
#define RIGHT_MARGIN 18.0
#define SAMPLE_W 26.0
#define LEGEND_GAP 18.0

/* ---- series looks ----------------------------------------------------------------- */

/* Okabe & Ito (2008), "Color Universal Design". Adjusted only where a colour would nearly
 * vanish on Adwaita's window background: black on the dark one (#353535, 1.5:1) turns
 * light grey, the blue there (2.5:1) lighter, and the yellow on the light one (#f6f5f4,
 * 1.2:1) darker. */
static const char *const palette_light[] = {
  "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#bfae00", "#000000",
};
static const char *const palette_dark[] = {
  "#2a8ad0", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#dddddd",
};
/* For a washed-out projector (the high-contrast look): the same hues, darker and fully
 * saturated, each at least 7:1 against white. */
static const char *const palette_contrast[] = {
  "#003c78", "#a33a00", "#005c42", "#8a1f66", "#7a4d00", "#00557f", "#5c5300", "#000000",
};
static const NeuronaPlotStyle line_styles[] = {
  NEURONA_PLOT_LINE, NEURONA_PLOT_DASHED, NEURONA_PLOT_DOTTED, NEURONA_PLOT_DASH_DOT,
};

void
neurona_plot_get_series_look (guint index, gboolean dark, GdkRGBA *color,
                              NeuronaPlotStyle *style)
{
  guint n = G_N_ELEMENTS (palette_light);

  if (color)
    gdk_rgba_parse (color, (dark ? palette_dark : palette_light)[index % n]);
  if (style)
    *style = line_styles[(index / n) % G_N_ELEMENTS (line_styles)];
}

static gboolean
is_dark (const GdkRGBA *fg)
{
  return 0.2126 * fg->red + 0.7152 * fg->green + 0.0722 * fg->blue > 0.5;
}

/* On a light background the high-contrast look takes the darker palette, for automatic
 * colours and given ones alike (a given colour is darkened to the same lightness). */
static GdkRGBA
series_color (NeuronaPlot *self, const NeuronaPlotCurve *s, const GdkRGBA *fg)
{
  GdkRGBA c = s->color;
  gboolean dark = is_dark (fg);

  if (self->high_contrast && !dark)
    {
      if (s->auto_color)
        gdk_rgba_parse (&c, palette_contrast[s->look % G_N_ELEMENTS (palette_contrast)]);
      else
        {
          float h, sat, v;

          gtk_rgb_to_hsv (c.red, c.green, c.blue, &h, &sat, &v);
          gtk_hsv_to_rgb (h, sat > 0.05f ? 1.0f : 0.0f, MIN (v, 0.45f), &c.red, &c.green,
                          &c.blue);
        }
      return c;
    }
  if (s->auto_color)
    neurona_plot_get_series_look (s->look, dark, &c, NULL);
  return c;
}

/* ---- colours ---------------------------------------------------------------------- */

void
_neurona_plot_get_foreground (NeuronaPlot *self, GdkRGBA *fg)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

void
_neurona_plot_get_background (NeuronaPlot *self, GdkRGBA *bg)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA fg;

  /* The plot is transparent on screen: an export gets the window's background under it,
   * so it looks as it did. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (gtk_style_context_lookup_color (context, "window_bg_color", bg)
      || gtk_style_context_lookup_color (context, "theme_bg_color", bg))
    {
      bg->alpha = 1.0;
      return;
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  _neurona_plot_get_foreground (self, &fg);
  *bg = is_dark (&fg) ? (GdkRGBA) { 0.14, 0.14, 0.14, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
}

/* ---- text ------------------------------------------------------------------------- */

/* A layout in the widget's font and font options, on screen and in exports alike;
 * max_width > 0 ellipsizes longer text. */
static PangoLayout *
make_layout (NeuronaPlot *self, const char *text, gboolean bold, double max_width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

static void
text_size (NeuronaPlot *self, const char *text, gboolean bold, double *w, double *h)
{
  g_autoptr (PangoLayout) layout = make_layout (self, text, bold, -1);
  int pw, ph;

  pango_layout_get_pixel_size (layout, &pw, &ph);
  if (w)
    *w = pw;
  if (h)
    *h = ph;
}

static double
measure_label (const char *label, gpointer self)
{
  double w;

  text_size (self, label, FALSE, &w, NULL);
  return w;
}

/* The title across width: centred, wrapped onto a second line rather than cut when it is
 * longer than the plot is wide (a large zoom), and only then ellipsized. */
static PangoLayout *
title_layout (NeuronaPlot *self, int width)
{
  PangoLayout *layout = make_layout (self, self->title, TRUE, -1);

  pango_layout_set_width (layout, MAX (width - 2 * (int) PAD, 1) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (layout, -2);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  return layout;
}

static void
show_text (NeuronaPlot *self, cairo_t *cr, const char *text, gboolean bold, double max_width,
           double x, double y, double xalign, double yalign)
{
  g_autoptr (PangoLayout) layout = make_layout (self, text, bold, max_width);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - xalign * w), round (y - yalign * h));
  pango_cairo_show_layout (cr, layout);
}

/* ---- layout ----------------------------------------------------------------------- */

void
_neurona_plot_layout_init (NeuronaPlotLayout *l)
{
  memset (l, 0, sizeof *l);
  l->legend_pos = g_array_new (FALSE, TRUE, sizeof (graphene_point_t));
}

void
_neurona_plot_layout_clear (NeuronaPlotLayout *l)
{
  g_clear_pointer (&l->legend_pos, g_array_unref);
  g_clear_pointer (&l->x_ticks, g_array_unref);
  g_clear_pointer (&l->y_ticks, g_array_unref);
}

static double
legend_row_height (double line_height)
{
  return MAX (line_height, 12) + 2;
}

/* A series' name in the legend. */
static const char *
legend_label (const NeuronaPlotCurve *s, gboolean use_short)
{
  return use_short && s->short_label != NULL ? s->short_label : s->label;
}

/* Places the legend entries across width, from y = top: one centred row when they fit,
 * otherwise a grid of equal columns, so many series wrap into rows and never widen the
 * plot. pos (or NULL) gets each entry's top-left; returns the legend's height. */
static double
legend_flow_labels (NeuronaPlot *self, gboolean use_short, gboolean one_column, double width,
                    double top, double line_height, GArray *pos, graphene_rect_t *area,
                    double *label_w, gboolean *ellipsized)
{
  guint n_series = self->series->len, n = 0;
  double avail = MAX (width - 2 * PAD, 1);
  double max_label = MAX (avail - SAMPLE_W - 6, 10);
  double row_h = legend_row_height (line_height);
  g_autofree double *w = g_new0 (double, MAX (n_series, 1));
  g_autofree double *full = g_new0 (double, MAX (n_series, 1)); /* unellipsized widths */
  g_autofree guint *shown = g_new0 (guint, MAX (n_series, 1)); /* the series in the legend */
  double total = 0, widest = 0, x0, block_w;
  guint cols, rows;

  if (pos)
    g_array_set_size (pos, n_series);
  for (guint i = 0; i < n_series; i++)
    if (((NeuronaPlotCurve *) g_ptr_array_index (self->series, i))->in_legend)
      shown[n++] = i;
  if (label_w)
    *label_w = max_label;
  if (ellipsized)
    *ellipsized = FALSE;
  if (n == 0)
    {
      if (area)
        *area = GRAPHENE_RECT_INIT (0, top, 0, 0);
      return 0;
    }
  for (guint i = 0; i < n; i++)
    {
      NeuronaPlotCurve *s = g_ptr_array_index (self->series, shown[i]);

      text_size (self, legend_label (s, use_short), FALSE, &w[i], NULL);
      full[i] = w[i];
      w[i] = SAMPLE_W + 6 + MIN (w[i], max_label);
      total += w[i] + (i > 0 ? LEGEND_GAP : 0);
      widest = MAX (widest, w[i]);
    }
  if (total <= avail)
    {
      double x = PAD + (avail - total) / 2;

      for (guint i = 0; pos && i < n; i++)
        {
          g_array_index (pos, graphene_point_t, shown[i]) = GRAPHENE_POINT_INIT (round (x), top);
          x += w[i] + LEGEND_GAP;
        }
      if (area)
        *area = GRAPHENE_RECT_INIT (round (PAD + (avail - total) / 2), top, ceil (total), row_h);
      for (guint i = 0; ellipsized && i < n; i++)
        *ellipsized |= full[i] > max_label;
      return row_h;
    }
  /* At least two columns: one long label is ellipsized rather than taking a row alone
   * (unless one_column: short labels that two columns would still cut). */
  if (!one_column)
    widest = MIN (widest, MAX ((avail - LEGEND_GAP) / 2, SAMPLE_W + 6 + 10));
  cols = MAX (1, (guint) floor ((avail + LEGEND_GAP) / (widest + LEGEND_GAP)));
  cols = MIN (cols, n);
  rows = (n + cols - 1) / cols;
  block_w = cols * widest + (cols - 1) * LEGEND_GAP;
  x0 = round (PAD + MAX (avail - block_w, 0) / 2);
  if (label_w)
    *label_w = widest - SAMPLE_W - 6;
  for (guint i = 0; ellipsized && i < n; i++)
    *ellipsized |= full[i] > widest - SAMPLE_W - 6;
  for (guint i = 0; pos && i < n; i++)
    g_array_index (pos, graphene_point_t, shown[i]) =
      GRAPHENE_POINT_INIT (x0 + (i % cols) * (widest + LEGEND_GAP), top + (i / cols) * row_h);
  if (area)
    *area = GRAPHENE_RECT_INIT (x0, top, MIN (block_w, avail), rows * row_h);
  return rows * row_h;
}

/* The series' legend labels; when the full ones would be cut, the short ones of the series
 * that have one (the others keep theirs), in a single column if two would cut them too. */
static double
legend_flow (NeuronaPlot *self, double width, double top, double line_height, GArray *pos,
             graphene_rect_t *area, double *label_w, gboolean *use_short)
{
  gboolean ellipsized = FALSE, any_short = FALSE;
  double h;

  for (guint i = 0; i < self->series->len; i++)
    {
      NeuronaPlotCurve *s = g_ptr_array_index (self->series, i);

      any_short |= s->in_legend && s->short_label != NULL;
    }
  h = legend_flow_labels (self, FALSE, FALSE, width, top, line_height, pos, area, label_w,
                          &ellipsized);
  if (use_short)
    *use_short = ellipsized && any_short;
  if (ellipsized && any_short)
    {
      h = legend_flow_labels (self, TRUE, FALSE, width, top, line_height, pos, area, label_w,
                              &ellipsized);
      /* Still cut in two columns: one short name under the other. */
      if (ellipsized)
        h = legend_flow_labels (self, TRUE, TRUE, width, top, line_height, pos, area, label_w,
                                NULL);
    }
  return h;
}

double
_neurona_plot_measure_legend (NeuronaPlot *self, double width, double *row_height)
{
  double line_height;

  text_size (self, "0", FALSE, NULL, &line_height);
  if (row_height)
    *row_height = legend_row_height (line_height);
  return legend_flow (self, width, 0, line_height, NULL, NULL, NULL, NULL);
}

static void
clear_tick (gpointer data)
{
  g_free (((NeuronaTick *) data)->label);
}

void
_neurona_plot_layout_compute (NeuronaPlot *self, NeuronaPlotLayout *l, int width, int height)
{
  double top = PAD, bottom, left, plot_h, plot_w, y_label_w = 0;

  l->width = width;
  l->height = height;
  text_size (self, "0", FALSE, NULL, &l->line_height);

  /* Title */
  l->title_y = top;
  if (self->title && *self->title)
    {
      g_autoptr (PangoLayout) title = title_layout (self, width);
      int h;

      pango_layout_get_pixel_size (title, NULL, &h);
      top += h + 4;
    }

  /* Legend: rows above the plot, so it never covers data. */
  {
    double legend_h = legend_flow (self, width, top, l->line_height, l->legend_pos,
                                   &l->legend_area, &l->legend_label_w, &l->legend_short);

    if (legend_h > 0)
      top += legend_h + 4;
  }

  /* Whole pixels: the series' cached columns then land on pixel centres. */
  top = ceil (top);
  bottom = PAD + TICK_LEN + 3 + l->line_height;
  if (self->x_label && *self->x_label)
    bottom += l->line_height + 4;
  plot_h = floor (MAX (height - top - bottom, 10));

  g_clear_pointer (&l->y_ticks, g_array_unref);
  l->y_ticks = neurona_axis_get_ticks (self->y_axis, plot_h,
                                       neurona_axis_get_log (self->y_axis)
                                         ? l->line_height + 6
                                         : MAX (l->line_height * 2, 30),
                                       NULL, NULL);
  for (guint i = 0; i < l->y_ticks->len; i++)
    {
      NeuronaTick *t = &g_array_index (l->y_ticks, NeuronaTick, i);
      if (t->label)
        y_label_w = MAX (y_label_w, measure_label (t->label, self));
    }

  left = PAD + y_label_w + 4 + TICK_LEN;
  if (self->y_label && *self->y_label)
    left += l->line_height + 6;
  left = ceil (left);
  plot_w = floor (MAX (width - left - RIGHT_MARGIN, 10));

  g_clear_pointer (&l->x_ticks, g_array_unref);
  if (self->x_categories != NULL)
    {
      /* One tick under each category, labelled with its name. */
      l->x_ticks = g_array_new (FALSE, TRUE, sizeof (NeuronaTick));
      g_array_set_clear_func (l->x_ticks, clear_tick);
      for (guint i = 0; self->x_categories[i] != NULL; i++)
        {
          NeuronaTick t = { i, g_strdup (self->x_categories[i]) };

          g_array_append_val (l->x_ticks, t);
        }
    }
  else
    l->x_ticks = neurona_axis_get_ticks (self->x_axis, plot_w, 70, measure_label, self);

  l->plot_area = GRAPHENE_RECT_INIT (left, top, plot_w, plot_h);
}

/* Data → pixels on layout l; FALSE when the point cannot be shown. */
gboolean
_neurona_plot_map_point (NeuronaPlot *self, const NeuronaPlotLayout *l, double x, double y,
                         double *px, double *py)
{
  const graphene_rect_t *a = &l->plot_area;
  double tx, ty;

  if (!neurona_axis_to_unit (self->x_axis, x, &tx) || !neurona_axis_to_unit (self->y_axis, y, &ty))
    return FALSE;
  if (px)
    *px = a->origin.x + tx * a->size.width;
  if (py)
    *py = a->origin.y + a->size.height - ty * a->size.height;
  return TRUE;
}

double
_neurona_plot_pixel_to_data_x (NeuronaPlot *self, const NeuronaPlotLayout *l, double px)
{
  return neurona_axis_from_unit (self->x_axis,
                                 (px - l->plot_area.origin.x) / l->plot_area.size.width);
}

/* ---- drawing ---------------------------------------------------------------------- */

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
set_line_style (cairo_t *cr, NeuronaPlotStyle style, double scale)
{
  /* In pixels, for the 2 px line: square dots, like matplotlib's. A thicker line (scale)
   * gets longer dashes and gaps, or they would run together. */
  double dashed[] = { 6.0 * scale, 4.0 * scale };
  double dotted[] = { 2.0 * scale, 3.0 * scale };
  double dash_dot[] = { 7.0 * scale, 3.0 * scale, 2.0 * scale, 3.0 * scale };

  switch (style)
    {
    case NEURONA_PLOT_DASHED:
      cairo_set_dash (cr, dashed, G_N_ELEMENTS (dashed), 0);
      break;
    case NEURONA_PLOT_DOTTED:
      cairo_set_dash (cr, dotted, G_N_ELEMENTS (dotted), 0);
      break;
    case NEURONA_PLOT_DASH_DOT:
      cairo_set_dash (cr, dash_dot, G_N_ELEMENTS (dash_dot), 0);
      break;
    case NEURONA_PLOT_LINE:
    case NEURONA_PLOT_MARKERS:
    case NEURONA_PLOT_LINE_MARKERS:
    case NEURONA_PLOT_AUTO:
    default:
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    }
}

static void
draw_marker (cairo_t *cr, NeuronaPlotStyle style, double x, double y, double scale)
{
  double r = 3.5 * scale;

  if (style == NEURONA_PLOT_MARKERS)
    {
      /* Squares for marker-only series, circles on lines: shape tells them apart. */
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
    }
  else
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
    }
  cairo_fill (cr);
}

/* A short sample of the series' look: legend and readout. */
static void
draw_sample (cairo_t *cr, const NeuronaPlotCurve *s, const GdkRGBA *color, double x, double y,
             double scale)
{
  gdk_cairo_set_source_rgba (cr, color);
  if (style_has_line (s->style))
    {
      cairo_set_line_width (cr, 2.0 * scale);
      set_line_style (cr, s->style, scale);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + SAMPLE_W, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  if (style_has_markers (s->style))
    draw_marker (cr, s->style, x + SAMPLE_W / 2, y, scale);
}

/* The spread behind each point: a vertical bar with caps. */
static void
draw_error_bars (NeuronaPlot *self, cairo_t *cr, const NeuronaPlotLayout *l,
                 const NeuronaPlotCurve *s, const GdkRGBA *color)
{
  guint n;

  if (s->err_lo == NULL)
    return;
  n = MIN (s->err_lo->len, neurona_series_get_n_points (s->data));
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 1.5 * self->line_scale);
  gdk_cairo_set_source_rgba (cr, color);
  for (guint i = 0; i < n; i++)
    {
      double x = neurona_series_get_x (s->data, i), px, lo_y, hi_y;

      if (!_neurona_plot_map_point (self, l, x, g_array_index (s->err_lo, double, i), &px, &lo_y)
          || !_neurona_plot_map_point (self, l, x, g_array_index (s->err_hi, double, i), NULL,
                                       &hi_y))
        continue;
      cairo_move_to (cr, px, lo_y);
      cairo_line_to (cr, px, hi_y);
      cairo_move_to (cr, px - 4, lo_y);
      cairo_line_to (cr, px + 4, lo_y);
      cairo_move_to (cr, px - 4, hi_y);
      cairo_line_to (cr, px + 4, hi_y);
    }
  cairo_stroke (cr);
}

/* Every point of a selectable series is something to pick: none is decimated away (a
 * sweep's runs of several seeds share their x). */
static guint
draw_all_markers (NeuronaPlot *self, cairo_t *cr, const NeuronaPlotLayout *l,
                  const NeuronaPlotCurve *s, const GdkRGBA *color)
{
  guint n = neurona_series_get_n_points (s->data), drawn = 0;
  NeuronaPlotStyle style = style_has_markers (s->style) ? s->style : NEURONA_PLOT_MARKERS;

  gdk_cairo_set_source_rgba (cr, color);
  for (guint i = 0; i < n; i++)
    {
      double px, py;

      if (!_neurona_plot_map_point (self, l, neurona_series_get_x (s->data, i),
                                    neurona_series_get_y (s->data, i), &px, &py))
        continue;
      draw_marker (cr, style, px, py, self->line_scale);
      drawn++;
    }
  return drawn;
}

/* Strokes the series' cached vertices, scaled to the plot area; a lone vertex of a line
 * style (a run of one epoch, a point between gaps) gets a dot, or it would not show.
 * Returns the number of vertices. */
static guint
draw_series (NeuronaPlot *self, cairo_t *cr, const NeuronaPlotLayout *l, NeuronaPlotCurve *s,
             const GdkRGBA *color)
{
  const graphene_rect_t *a = &l->plot_area;
  const NeuronaSeriesVertex *v;
  g_autoptr (GArray) lone = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_entries, n_vertices, run = 0;

  draw_error_bars (self, cr, l, s, color);
  if (s->selectable)
    return draw_all_markers (self, cr, l, s, color);
  v = neurona_series_get_vertices (s->data, self->x_axis, self->y_axis, (int) a->size.width,
                                   &n_entries, &n_vertices);
  if (n_vertices == 0)
    return 0;

#define PX(e) (a->origin.x + (e).x * a->size.width)
#define PY(e) (a->origin.y + a->size.height - (e).y * a->size.height)

  cairo_set_line_width (cr, 2.0 * self->line_scale);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  set_line_style (cr, s->style, self->line_scale);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_new_path (cr);
  for (guint i = 0; i <= n_entries; i++)
    {
      if (i == n_entries || isnan (v[i].x))
        {
          guint last = i - 1;

          if (run == 1)
            g_array_append_val (lone, last);
          run = 0;
          continue;
        }
      if (run == 0)
        cairo_move_to (cr, PX (v[i]), PY (v[i]));
      else
        cairo_line_to (cr, PX (v[i]), PY (v[i]));
      run++;
    }
  if (style_has_line (s->style))
    cairo_stroke (cr);
  else
    cairo_new_path (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  if (style_has_markers (s->style))
    {
      for (guint i = 0; i < n_entries; i++)
        if (!isnan (v[i].x))
          draw_marker (cr, s->style, PX (v[i]), PY (v[i]), self->line_scale);
    }
  else
    for (guint i = 0; i < lone->len; i++)
      {
        const NeuronaSeriesVertex *e = &v[g_array_index (lone, guint, i)];

        cairo_new_sub_path (cr);
        cairo_arc (cr, PX (*e), PY (*e), 2.5, 0, 2 * G_PI);
        cairo_fill (cr);
      }
#undef PX
#undef PY
  return n_vertices;
}

static void
draw_layout (NeuronaPlot *self, cairo_t *cr, const NeuronaPlotLayout *l)
{
  const graphene_rect_t *a = &l->plot_area;
  double bottom = a->origin.y + a->size.height;
  GdkRGBA fg;

  _neurona_plot_get_foreground (self, &fg);

  /* Title */
  gdk_cairo_set_source_rgba (cr, &fg);
  if (self->title && *self->title)
    {
      g_autoptr (PangoLayout) title = title_layout (self, l->width);

      cairo_move_to (cr, PAD, round (l->title_y));
      pango_cairo_show_layout (cr, title);
    }

  /* Legend */
  for (guint i = 0; i < self->series->len; i++)
    {
      NeuronaPlotCurve *s = g_ptr_array_index (self->series, i);
      graphene_point_t *p;
      GdkRGBA color;

      if (!s->in_legend)
        continue;
      p = &g_array_index (l->legend_pos, graphene_point_t, i);
      color = series_color (self, s, &fg);
      draw_sample (cr, s, &color, p->x, p->y + l->line_height / 2, self->line_scale);
      gdk_cairo_set_source_rgba (cr, &fg);
      show_text (self, cr, legend_label (s, l->legend_short), FALSE, l->legend_label_w,
                 p->x + SAMPLE_W + 6, p->y, 0, 0);
    }

  /* Grid and ticks */
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < l->y_ticks->len; i++)
    {
      NeuronaTick *t = &g_array_index (l->y_ticks, NeuronaTick, i);
      double lo, hi, y;

      neurona_axis_get_axis_range (self->y_axis, &lo, &hi);
      y = floor (bottom - (t->value - lo) / (hi - lo) * a->size.height) + 0.5;
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, t->label ? 0.15 : 0.07);
      cairo_move_to (cr, a->origin.x, y);
      cairo_line_to (cr, a->origin.x + a->size.width, y);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, a->origin.x - (t->label ? TICK_LEN : TICK_LEN / 2), y);
      cairo_line_to (cr, a->origin.x, y);
      cairo_stroke (cr);
      if (t->label)
        show_text (self, cr, t->label, FALSE, -1, a->origin.x - TICK_LEN - 3, y, 1.0, 0.5);
    }
  for (guint i = 0; i < l->x_ticks->len; i++)
    {
      NeuronaTick *t = &g_array_index (l->x_ticks, NeuronaTick, i);
      double lo, hi, x, lx;
      int lw, lh;
      g_autoptr (PangoLayout) layout = NULL;

      neurona_axis_get_axis_range (self->x_axis, &lo, &hi);
      /* A category's name keeps within its own slot. */
      layout = make_layout (self, t->label, FALSE,
                            self->x_categories != NULL
                              ? MAX (a->size.width / MAX (hi - lo, 1) - 6, 20)
                              : -1);
      x = floor (a->origin.x + (t->value - lo) / (hi - lo) * a->size.width) + 0.5;
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
      cairo_move_to (cr, x, a->origin.y);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + TICK_LEN);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      lx = CLAMP (x - lw / 2.0, 0, l->width - lw);
      cairo_move_to (cr, round (lx), bottom + TICK_LEN + 3);
      pango_cairo_show_layout (cr, layout);
    }

  /* Axis labels */
  if (self->x_label && *self->x_label)
    show_text (self, cr, self->x_label, FALSE, -1, a->origin.x + a->size.width / 2,
               l->height - PAD, 0.5, 1.0);
  if (self->y_label && *self->y_label)
    {
      cairo_save (cr);
      cairo_translate (cr, PAD, a->origin.y + a->size.height / 2);
      cairo_rotate (cr, -G_PI / 2);
      show_text (self, cr, self->y_label, FALSE, -1, 0, 0, 0.5, 0);
      cairo_restore (cr);
    }

  /* Series, clipped to the plot area */
  cairo_save (cr);
  cairo_rectangle (cr, a->origin.x, a->origin.y - 4, a->size.width + 4, a->size.height + 8);
  cairo_clip (cr);
  self->n_drawn_points = 0;
  for (guint i = 0; i < self->series->len; i++)
    {
      NeuronaPlotCurve *s = g_ptr_array_index (self->series, i);
      GdkRGBA color = series_color (self, s, &fg);

      self->n_drawn_points += draw_series (self, cr, l, s, &color);
    }
  cairo_restore (cr);

  /* Axes frame (left and bottom, as matplotlib's spines) */
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_set_line_width (cr, self->high_contrast ? 2.0 : 1.0);
  cairo_move_to (cr, floor (a->origin.x) + 0.5, a->origin.y);
  cairo_line_to (cr, floor (a->origin.x) + 0.5, floor (bottom) + 0.5);
  cairo_line_to (cr, a->origin.x + a->size.width, floor (bottom) + 0.5);
  cairo_stroke (cr);
}

void
_neurona_plot_draw (NeuronaPlot *self, cairo_t *cr, int width, int height)
{
  g_return_if_fail (NEURONA_IS_PLOT (self));
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;
  if (width == gtk_widget_get_width (GTK_WIDGET (self))
      && height == gtk_widget_get_height (GTK_WIDGET (self)))
    {
      _neurona_plot_ensure_layout (self);
      draw_layout (self, cr, &self->layout);
    }
  else
    {
      NeuronaPlotLayout l;

      _neurona_plot_layout_init (&l);
      _neurona_plot_layout_compute (self, &l, width, height);
      draw_layout (self, cr, &l);
      _neurona_plot_layout_clear (&l);
    }
}

/* ---- hover readout ---------------------------------------------------------------- */

/* The readout for data x: lines[0] is the x header, lines[i > 0] one series each
 * (series[i] says which; points[i] is its nearest point, in data units). FALSE when no
 * series has a point to show. */
gboolean
_neurona_plot_compute_readout (NeuronaPlot *self, double data_x, GPtrArray *lines,
                               GPtrArray *series, GArray *points)
{
  double xlo, xhi, header_x = NAN;
  gboolean have_header = FALSE;

  neurona_axis_get_range (self->x_axis, &xlo, &xhi);
  g_ptr_array_add (lines, NULL); /* header, filled below */
  g_ptr_array_add (series, NULL);
  g_array_set_size (points, 1);
  for (guint i = 0; i < self->series->len; i++)
    {
      NeuronaPlotCurve *s = g_ptr_array_index (self->series, i);
      int k = neurona_series_nearest (s->data, data_x, self->y_axis);
      g_autofree char *yv = NULL;
      graphene_point_t p;
      double sx, sy;

      if (k < 0)
        continue;
      sx = neurona_series_get_x (s->data, k);
      sy = neurona_series_get_y (s->data, k);
      if (sx < xlo || sx > xhi)
        continue;
      p = GRAPHENE_POINT_INIT (sx, sy);
      g_array_append_val (points, p);

      yv = neurona_axis_format_value (sy);
      if (!have_header)
        {
          header_x = sx;
          have_header = TRUE;
        }
      if (sx == header_x)
        g_ptr_array_add (lines, g_strdup_printf ("%s: %s", s->label, yv));
      else
        {
          g_autofree char *xv = _neurona_plot_format_x (self, sx);
          /* TRANSLATORS: series label, value, and the x where that value was taken */
          g_ptr_array_add (lines, g_strdup_printf (_("%s: %s (at %s)"), s->label, yv, xv));
        }
      g_ptr_array_add (series, s);
    }
  if (!have_header)
    return FALSE;
  {
    g_autofree char *xv = _neurona_plot_format_x (self, header_x);
    g_ptr_array_index (lines, 0) =
      g_strdup_printf ("%s: %s", self->x_label && *self->x_label ? self->x_label : "x", xv);
  }
  return TRUE;
}

/* The readout box's size for its lines: a sample and the text per series. */
static void
readout_box_size (NeuronaPlot *self, const NeuronaPlotLayout *l, GPtrArray *lines,
                  double *box_w, double *box_h)
{
  double row_h = l->line_height + 2;

  *box_w = 0;
  for (guint i = 0; i < lines->len; i++)
    {
      double w;
      text_size (self, g_ptr_array_index (lines, i), i == 0, &w, NULL);
      if (i > 0)
        w += SAMPLE_W + 6;
      *box_w = MAX (*box_w, w);
    }
  *box_w += 12;
  *box_h = lines->len * row_h + 8;
}

void
_neurona_plot_place_readout (const NeuronaPlotLayout *l, double hover_x, double hover_y,
                             double box_w, double box_h, double *bx, double *by)
{
  const graphene_rect_t *a = &l->plot_area;
  double left = a->origin.x, right = a->origin.x + a->size.width;
  double top = a->origin.y, bottom = a->origin.y + a->size.height;

  /* Inside the plot area when it fits there, so the axes stay readable; otherwise (many
   * series on a short plot, a narrow plot at a large zoom) over the whole widget, so that
   * no line is cut at the plot's edge. */
  if (box_w > right - left)
    left = 0, right = l->width;
  if (box_h > bottom - top)
    top = 0, bottom = l->height;

  /* Right of the pointer, else left of it, else wherever it fits best. */
  *bx = hover_x + 12;
  if (*bx + box_w > right)
    *bx = hover_x - 12 - box_w;
  if (*bx < left)
    *bx = right - box_w;
  *bx = MAX (*bx, left);
  *by = CLAMP (hover_y - box_h / 2, top, MAX (top, bottom - box_h));
}

gboolean
_neurona_plot_get_readout_box (NeuronaPlot *self, double widget_x, double widget_y,
                               graphene_rect_t *box)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) line_series = g_ptr_array_new ();
  g_autoptr (GArray) points = g_array_new (FALSE, TRUE, sizeof (graphene_point_t));
  const NeuronaPlotLayout *l = &self->layout;
  double w, h, x, y;

  _neurona_plot_ensure_layout (self);
  if (!_neurona_plot_compute_readout (self, _neurona_plot_pixel_to_data_x (self, l, widget_x),
                                      lines, line_series, points))
    return FALSE;
  readout_box_size (self, l, lines, &w, &h);
  _neurona_plot_place_readout (l, widget_x, widget_y, w, h, &x, &y);
  graphene_rect_init (box, x, y, w, h);
  return TRUE;
}

void
_neurona_plot_draw_readout (NeuronaPlot *self, cairo_t *cr, const NeuronaPlotLayout *l,
                            const GdkRGBA *fg)
{
  const graphene_rect_t *a = &l->plot_area;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) line_series = g_ptr_array_new ();
  g_autoptr (GArray) points = g_array_new (FALSE, TRUE, sizeof (graphene_point_t));
  double box_w, box_h, bx, by, row_h = l->line_height + 2;
  GdkRGBA bg;

  /* Vertical guide */
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.5);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, floor (self->hover_x) + 0.5, a->origin.y);
  cairo_line_to (cr, floor (self->hover_x) + 0.5, a->origin.y + a->size.height);
  cairo_stroke (cr);

  if (!_neurona_plot_compute_readout (self, _neurona_plot_pixel_to_data_x (self, l, self->hover_x),
                                      lines, line_series, points))
    return;

  for (guint i = 1; i < points->len; i++)
    {
      graphene_point_t *p = &g_array_index (points, graphene_point_t, i);
      NeuronaPlotCurve *s = g_ptr_array_index (line_series, i);
      GdkRGBA color = series_color (self, s, fg);
      double px, py;

      if (!_neurona_plot_map_point (self, l, p->x, p->y, &px, &py))
        continue;
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_new_sub_path (cr);
      cairo_arc (cr, px, py, 5.5, 0, 2 * G_PI);
      cairo_stroke (cr);
    }

  readout_box_size (self, l, lines, &box_w, &box_h);
  _neurona_plot_place_readout (l, self->hover_x, self->hover_y, box_w, box_h, &bx, &by);

  if (is_dark (fg))
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
      NeuronaPlotCurve *s = g_ptr_array_index (line_series, i);

      if (s)
        {
          GdkRGBA color = series_color (self, s, fg);

          draw_sample (cr, s, &color, tx, ty + row_h / 2, self->line_scale);
          tx += SAMPLE_W + 6;
        }
      gdk_cairo_set_source_rgba (cr, fg);
      show_text (self, cr, g_ptr_array_index (lines, i), i == 0, -1, tx, ty, 0, 0);
    }
}

/* As Adwaita outlines a focused control: 2 px of the accent colour at half strength. */
void
_neurona_plot_draw_focus (NeuronaPlot *self, cairo_t *cr, int width, int height,
                          const GdkRGBA *fg)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA accent;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, "accent_color", &accent)
      && !gtk_style_context_lookup_color (context, "theme_selected_bg_color", &accent))
    accent = *fg;
  G_GNUC_END_IGNORE_DEPRECATIONS
  accent.alpha = 0.5;
  gdk_cairo_set_source_rgba (cr, &accent);
  cairo_set_line_width (cr, 2.0);
  cairo_rectangle (cr, 1, 1, width - 2, height - 2);
  cairo_stroke (cr);
}
