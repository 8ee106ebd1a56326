/* neurona-confusion-matrix.c — a confusion matrix drawn as a grid of cells.
 *
 * Geometry is computed in one place (compute_layout) so that snapshot(), hit testing
 * and neurona_confusion_matrix_get_cell_area() agree to the pixel; tests read pixels back
 * through it. The colour scale is viridis (perceptually uniform, readable without full
 * colour vision); the cell text is black or white after the cell's luminance.
 */
#include "neurona-confusion-matrix.h"

#include <glib/gi18n.h>
#include <math.h>

#define PAD 6.0
#define GAP 6.0
#define LEGEND_BAR_W 14.0
#define MAX_CELL 72.0
#define MIN_CELL 14.0
#define N_CONFUSIONS_DESCRIBED 3

typedef struct
{
  double x0, y0;         /* top-left corner of the grid */
  double cell;           /* square cells, whole pixels */
  double row_label_w;    /* room for the row names, right-aligned before the grid */
  double col_label_h;    /* room for the column names, written upwards above the grid */
  double title_h;        /* "Predicted class" above, "True class" written upwards left */
  double legend_x;       /* the colour bar, right of the grid */
  double text_scale;     /* of the counts in the cells */
} Layout;

struct _NeuronaConfusionMatrix
{
  GtkWidget parent_instance;

  /* Owned */
  NrConfusion *confusion;
  char **labels; /* (outputs) translated class names, "output 12" past the classes */
  char *description;

  guint n_rows, n_cols;
  guint max_count;
  gboolean normalize;
  guint cursor_t, cursor_p;
  int hover_t, hover_p; /* -1 when the pointer is over no cell */

  /* What is drawn only when it changes: the geometry for the size it was computed for,
   * and the grid with its names and colour bar as a render node. A pointer moving over
   * the cells then redraws its outline alone, without measuring and drawing some 150
   * texts again; a new epoch's counts rebuild the grid once. */
  gboolean geometry_valid;
  int geometry_width, geometry_height;
  Layout geometry;
  GskRenderNode *grid_node;
};

G_DEFINE_FINAL_TYPE (NeuronaConfusionMatrix, neurona_confusion_matrix, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CELL_ACTIVATED,
  SIGNAL_CELL_HOVERED,
  SIGNAL_CURSOR_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


/* ---- text ---------------------------------------------------------------------------- */

static PangoLayout *
make_layout (GtkWidget *widget, const char *text, double scale, gboolean bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static void
text_size (GtkWidget *widget, const char *text, double scale, gboolean bold, int *w, int *h)
{
  g_autoptr (PangoLayout) layout = make_layout (widget, text, scale, bold);

  pango_layout_get_pixel_size (layout, w, h);
}

/* Draws text with its box's (xalign, yalign) point at (x, y), rotated upwards when up, as a
 * text node (renderers cache its glyphs). */
static void
snap_text (GtkSnapshot *snapshot, GtkWidget *widget, const char *text, double scale,
           gboolean bold, double x, double y, double xalign, double yalign, gboolean up,
           const GdkRGBA *color)
{
  g_autoptr (PangoLayout) layout = make_layout (widget, text, scale, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x), round (y)));
  if (up)
    gtk_snapshot_rotate (snapshot, -90);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (round (-xalign * w), round (-yalign * h)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* A square ring of the given width, inset into the square at (x, y). */
static void
snap_ring (GtkSnapshot *snapshot, double x, double y, double size, double inset,
           double line_width, const GdkRGBA *color)
{
  GskRoundedRect ring;
  const float widths[4] = { line_width, line_width, line_width, line_width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&ring,
                                   &GRAPHENE_RECT_INIT (x + inset, y + inset, size - 2 * inset,
                                                        size - 2 * inset),
                                   0);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}

static void
fg_color (GtkWidget *widget, GdkRGBA *color)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
}

/* ---- values -------------------------------------------------------------------------- */

/* Where a cell sits on the colour scale, 0 … 1: its share of the row when normalised,
 * else its count against the largest cell. */
static double
cell_value (NeuronaConfusionMatrix *self, guint t, guint p)
{
  if (self->normalize)
    {
      double f = nr_confusion_get_row_fraction (self->confusion, t, p);

      return isnan (f) ? 0.0 : f;
    }
  return self->max_count > 0
           ? (double) nr_confusion_get_count (self->confusion, t, p) / self->max_count
           : 0.0;
}

static void
scale_color (double v, double *r, double *g, double *b)
{
  const guint8 *lut = nr_colormap_lut (NR_COLORMAP_VIRIDIS);
  int i = (int) round (CLAMP (v, 0.0, 1.0) * 255);

  *r = lut[3 * i] / 255.0;
  *g = lut[3 * i + 1] / 255.0;
  *b = lut[3 * i + 2] / 255.0;
}

/* A percentage short enough for a cell: "0.4%" below 10 %, "11%" above. */
static char *
format_percent (double fraction)
{
  double pct = 100.0 * fraction;

  if (isnan (fraction))
    return g_strdup ("–");
  if (pct > 0 && pct < 9.95)
    return g_strdup_printf ("%.1f%%", pct);
  return g_strdup_printf ("%.0f%%", pct);
}

char *
neurona_confusion_matrix_get_cell_text (NeuronaConfusionMatrix *self, guint t, guint p)
{
  g_return_val_if_fail (NEURONA_IS_CONFUSION_MATRIX (self), NULL);

  if (self->confusion == NULL || t >= self->n_rows || p >= self->n_cols)
    return g_strdup ("");
  if (self->normalize)
    return format_percent (nr_confusion_get_row_fraction (self->confusion, t, p));
  return g_strdup_printf ("%u", nr_confusion_get_count (self->confusion, t, p));
}

const char *
neurona_confusion_matrix_get_class_label (NeuronaConfusionMatrix *self, guint c)
{
  g_return_val_if_fail (NEURONA_IS_CONFUSION_MATRIX (self), NULL);

  return self->labels != NULL && c < self->n_cols ? self->labels[c] : "";
}

/* ---- layout -------------------------------------------------------------------------- */

static double
legend_width (NeuronaConfusionMatrix *self)
{
  int w, h;

  text_size (GTK_WIDGET (self), self->normalize ? "100%" : "00000", 0.85, FALSE, &w, &h);
  return GAP * 2 + LEGEND_BAR_W + 4 + w;
}

/* The grid must be drawn again (new counts, names, colours or size). */
static void
invalidate_grid (NeuronaConfusionMatrix *self)
{
  g_clear_pointer (&self->grid_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Its geometry too (new names, fonts, or the legend's width). */
static void
invalidate_geometry (NeuronaConfusionMatrix *self)
{
  self->geometry_valid = FALSE;
  invalidate_grid (self);
}

static gboolean compute_layout_uncached (NeuronaConfusionMatrix *self, int width, int height,
                                         Layout *l);

static gboolean
compute_layout (NeuronaConfusionMatrix *self, int width, int height, Layout *l)
{
  if (self->confusion == NULL || self->n_rows == 0 || width <= 0 || height <= 0)
    return FALSE;
  if (!self->geometry_valid || width != self->geometry_width || height != self->geometry_height)
    {
      if (!compute_layout_uncached (self, width, height, &self->geometry))
        return FALSE;
      self->geometry_valid = TRUE;
      self->geometry_width = width;
      self->geometry_height = height;
      g_clear_pointer (&self->grid_node, gsk_render_node_unref);
    }
  *l = self->geometry;
  return TRUE;
}

static gboolean
compute_layout_uncached (NeuronaConfusionMatrix *self, int width, int height, Layout *l)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int w, h, max_row = 0, max_col = 0;
  double avail_w, avail_h, grid_w, total_w;

  for (guint c = 0; c < self->n_cols; c++)
    {
      text_size (widget, self->labels[c], 0.9, FALSE, &w, &h);
      max_col = MAX (max_col, w);
      if (c < self->n_rows)
        max_row = MAX (max_row, w);
    }
  text_size (widget, _("Predicted class"), 1.0, TRUE, &w, &h);
  l->title_h = h + 4;
  l->row_label_w = max_row + GAP;
  l->col_label_h = max_col + GAP;

  avail_w = width - 2 * PAD - l->title_h - l->row_label_w - legend_width (self);
  avail_h = height - 2 * PAD - l->title_h - l->col_label_h;
  l->cell = floor (MIN (avail_w / self->n_cols, avail_h / self->n_rows));
  l->cell = MIN (l->cell, MAX_CELL);
  if (l->cell < MIN_CELL)
    l->cell = MIN_CELL;
  grid_w = l->cell * self->n_cols;
  total_w = l->title_h + l->row_label_w + grid_w + legend_width (self);
  l->x0 = floor (MAX (PAD, (width - total_w) / 2) + l->title_h + l->row_label_w);
  l->y0 = floor (PAD + l->title_h + l->col_label_h);
  l->legend_x = l->x0 + grid_w + 2 * GAP;

  /* Counts of up to five digits fit a cell. */
  text_size (widget, "00000", 1.0, TRUE, &w, &h);
  l->text_scale = CLAMP ((l->cell - 4) / MAX (w, 1), 0.5, 1.0);
  return TRUE;
}

static gboolean
cell_at (NeuronaConfusionMatrix *self, double x, double y, guint *t, guint *p)
{
  Layout l;
  double cx, cy;

  if (!compute_layout (self, gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)), &l))
    return FALSE;
  cx = (x - l.x0) / l.cell;
  cy = (y - l.y0) / l.cell;
  if (cx < 0 || cy < 0 || cx >= self->n_cols || cy >= self->n_rows)
    return FALSE;
  *t = (guint) cy;
  *p = (guint) cx;
  return TRUE;
}

gboolean
neurona_confusion_matrix_get_cell_area (NeuronaConfusionMatrix *self, guint t, guint p,
                                        graphene_rect_t *area)
{
  Layout l;

  g_return_val_if_fail (NEURONA_IS_CONFUSION_MATRIX (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (t >= self->n_rows || p >= self->n_cols
      || !compute_layout (self, gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)), &l))
    return FALSE;
  graphene_rect_init (area, l.x0 + p * l.cell, l.y0 + t * l.cell, l.cell, l.cell);
  return TRUE;
}

/* ---- drawing ------------------------------------------------------------------------- */

static void
draw_legend (NeuronaConfusionMatrix *self, GtkSnapshot *snapshot, const Layout *l,
             const GdkRGBA *fg)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double h = l->cell * self->n_rows;
  double x = l->legend_x;
  GskColorStop stops[17];
  GdkRGBA frame = *fg;
  GskRoundedRect box;
  const float widths[4] = { 1, 1, 1, 1 };
  GdkRGBA frames[4];
  g_autofree char *top = NULL;
  g_autofree char *mid = NULL;

  for (int i = 0; i <= 16; i++)
    {
      double r, g, b;

      scale_color (i / 16.0, &r, &g, &b);
      stops[i].offset = i / 16.0f;
      stops[i].color = (GdkRGBA) { r, g, b, 1 };
    }
  gtk_snapshot_append_linear_gradient (snapshot, &GRAPHENE_RECT_INIT (x, l->y0, LEGEND_BAR_W, h),
                                       &GRAPHENE_POINT_INIT (x, l->y0 + h),
                                       &GRAPHENE_POINT_INIT (x, l->y0), stops,
                                       G_N_ELEMENTS (stops));
  frame.alpha *= 0.5;
  for (int i = 0; i < 4; i++)
    frames[i] = frame;
  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (x - 1, l->y0 - 1, LEGEND_BAR_W + 2,
                                                              h + 2), 0);
  gtk_snapshot_append_border (snapshot, &box, widths, frames);

  if (self->normalize)
    {
      top = g_strdup ("100%");
      mid = g_strdup ("50%");
    }
  else
    {
      top = g_strdup_printf ("%u", self->max_count);
      mid = g_strdup_printf ("%u", self->max_count / 2);
    }
  snap_text (snapshot, widget, top, 0.85, FALSE, x + LEGEND_BAR_W + 4, l->y0, 0, 0, FALSE, fg);
  snap_text (snapshot, widget, mid, 0.85, FALSE, x + LEGEND_BAR_W + 4, l->y0 + h / 2, 0, 0.5,
             FALSE, fg);
  snap_text (snapshot, widget, self->normalize ? "0%" : "0", 0.85, FALSE, x + LEGEND_BAR_W + 4,
             l->y0 + h, 0, 1, FALSE, fg);
  /* What the colours count, above the bar. */
  snap_text (snapshot, widget, self->normalize ? _("of row") : _("images"), 0.85, FALSE,
             x + LEGEND_BAR_W / 2, l->y0 - 4, 0.5, 1, FALSE, fg);
}

/* The cells with their counts, the class names, the titles and the colour bar: all but
 * the pointer's and the keyboard's outlines. */
static void
draw_grid (NeuronaConfusionMatrix *self, GtkSnapshot *snapshot, const Layout *layout,
           const GdkRGBA *fg, gboolean focused)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const Layout l = *layout;

  for (guint t = 0; t < self->n_rows; t++)
    for (guint p = 0; p < self->n_cols; p++)
      {
        double x = l.x0 + p * l.cell, y = l.y0 + t * l.cell;
        double r, g, b, text_rgb;
        g_autofree char *text = neurona_confusion_matrix_get_cell_text (self, t, p);
        gboolean diagonal = t == p;
        GdkRGBA ink;

        scale_color (cell_value (self, t, p), &r, &g, &b);
        /* A pixel's gap between cells, so that equal neighbours stay two cells. */
        gtk_snapshot_append_color (snapshot, &(GdkRGBA) { r, g, b, 1 },
                                   &GRAPHENE_RECT_INIT (x, y, l.cell - 1, l.cell - 1));
        text_rgb = 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 ? 0.0 : 1.0;
        ink = (GdkRGBA) { text_rgb, text_rgb, text_rgb, 1 };
        if (diagonal)
          /* The diagonal without colour: an outline inside the cell and bold text. */
          snap_ring (snapshot, x, y, l.cell - 1, 1, 2, &ink);
        snap_text (snapshot, widget, text, l.text_scale, diagonal, x + (l.cell - 1) / 2,
                   y + (l.cell - 1) / 2, 0.5, 0.5, FALSE, &ink);
      }

  /* Class names: rows right-aligned before the grid, columns written upwards above it;
   * the keyboard's row and column in bold. */
  for (guint t = 0; t < self->n_rows; t++)
    snap_text (snapshot, widget, self->labels[t], 0.9, t == self->cursor_t && focused,
               l.x0 - GAP, l.y0 + (t + 0.5) * l.cell, 1, 0.5, FALSE, fg);
  for (guint p = 0; p < self->n_cols; p++)
    snap_text (snapshot, widget, self->labels[p], 0.9, p == self->cursor_p && focused,
               l.x0 + (p + 0.5) * l.cell, l.y0 - GAP, 0, 0.5, TRUE, fg);
  snap_text (snapshot, widget, _("Predicted class"), 1.0, TRUE, l.x0 + l.cell * self->n_cols / 2,
             l.y0 - l.col_label_h - 2, 0.5, 1, FALSE, fg);
  snap_text (snapshot, widget, _("True class"), 1.0, TRUE, l.x0 - l.row_label_w - 2,
             l.y0 + l.cell * self->n_rows / 2, 0.5, 1, TRUE, fg);

  draw_legend (self, snapshot, &l, fg);
}

static void
neurona_confusion_matrix_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NeuronaConfusionMatrix *self = NEURONA_CONFUSION_MATRIX (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean focused = gtk_widget_has_focus (widget);
  GdkRGBA fg;
  Layout l;

  if (!compute_layout (self, width, height, &l))
    return;
  fg_color (widget, &fg);
  if (self->grid_node == NULL)
    {
      GtkSnapshot *grid = gtk_snapshot_new ();

      draw_grid (self, grid, &l, &fg, focused);
      self->grid_node = gtk_snapshot_free_to_node (grid);
    }
  if (self->grid_node != NULL)
    gtk_snapshot_append_node (snapshot, self->grid_node);

  /* The pointer's cell, then the keyboard's, drawn over the grid in the text colour. */
  if (self->hover_t >= 0 && self->hover_p >= 0)
    {
      GdkRGBA hover = fg;

      hover.alpha *= 0.7;
      snap_ring (snapshot, l.x0 + self->hover_p * l.cell - 1, l.y0 + self->hover_t * l.cell - 1,
                 l.cell + 1, 0, 2, &hover);
    }
  if (focused)
    {
      /* The keyboard's cell: a thick ring in the theme's accent colour just outside the
       * cell, set off from any fill by a thin ring of the background's colour. */
      double x = l.x0 + self->cursor_p * l.cell - 4, y = l.y0 + self->cursor_t * l.cell - 4;
      GdkRGBA accent, contrast = { 1 - fg.red, 1 - fg.green, 1 - fg.blue, 1 };

      if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget),
                                           "accent_color", &accent))
        gdk_rgba_parse (&accent, "#3584e4");
      snap_ring (snapshot, x - 1, y - 1, l.cell + 9, 0, 1, &contrast);
      snap_ring (snapshot, x, y, l.cell + 7, 0, 4, &accent);
      snap_ring (snapshot, x, y, l.cell + 7, 4, 1, &contrast);
    }
}

/* New fonts or colours (dark style, high contrast, zoom): measure and draw again. */
static void
neurona_confusion_matrix_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (neurona_confusion_matrix_parent_class)->css_changed (widget, change);
  invalidate_geometry (NEURONA_CONFUSION_MATRIX (widget));
}

static void
neurona_confusion_matrix_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                                  int *minimum, int *natural, int *minimum_baseline,
                                  int *natural_baseline)
{
  NeuronaConfusionMatrix *self = NEURONA_CONFUSION_MATRIX (widget);
  guint n = orientation == GTK_ORIENTATION_HORIZONTAL ? MAX (self->n_cols, 10u)
                                                      : MAX (self->n_rows, 10u);

  /* Room for the names comes on top of the cells: about 160 pixels either way. */
  *minimum = (int) (n * MIN_CELL + 160);
  *natural = (int) (n * 44 + 200);
}

/* ---- the text alternative ------------------------------------------------------------ */

char *
neurona_confusion_matrix_describe_cell (NeuronaConfusionMatrix *self, guint t, guint p)
{
  g_autofree char *count = NULL;
  g_autofree char *pct = NULL;
  guint n;

  g_return_val_if_fail (NEURONA_IS_CONFUSION_MATRIX (self), NULL);

  if (self->confusion == NULL || t >= self->n_rows || p >= self->n_cols)
    return g_strdup ("");
  n = nr_confusion_get_count (self->confusion, t, p);
  count = nr_format_count (n);
  pct = format_percent (nr_confusion_get_row_fraction (self->confusion, t, p));
  /* Translators: one cell of the confusion matrix: "True Shirt, predicted T-shirt/top: 112
   * images, 11% of the true Shirt images" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "True %s, predicted %s: %s image, %s of the true %s images",
                                       "True %s, predicted %s: %s images, %s of the true %s images",
                                       n),
                          self->labels[t], self->labels[p], count, pct, self->labels[t]);
}

/* "Accuracy 85.3% on 1,000 test images. Largest confusions: True Shirt predicted
 * T-shirt/top: 112; … Cell: …" */
static void
update_description (NeuronaConfusionMatrix *self)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint best_t[N_CONFUSIONS_DESCRIBED], best_p[N_CONFUSIONS_DESCRIBED], best_n[N_CONFUSIONS_DESCRIBED];
  guint n_best = 0;

  if (self->confusion == NULL)
    {
      g_clear_pointer (&self->description, g_free);
      self->description = g_strdup (_("No predictions to count yet."));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      self->description, -1);
      return;
    }
  {
    g_autofree char *images = nr_format_count (nr_confusion_get_total (self->confusion));

    /* Translators: the start of the confusion matrix's text alternative */
    g_string_append_printf (text, _("Accuracy %.1f%% on %s test images."),
                            100.0 * nr_confusion_get_accuracy (self->confusion), images);
  }

  /* The largest off-diagonal cells, largest first. */
  for (guint t = 0; t < self->n_rows; t++)
    for (guint p = 0; p < self->n_cols; p++)
      {
        guint n = nr_confusion_get_count (self->confusion, t, p);
        guint k;

        if (t == p || n == 0)
          continue;
        for (k = n_best; k > 0 && best_n[k - 1] < n; k--)
          if (k < N_CONFUSIONS_DESCRIBED)
            {
              best_t[k] = best_t[k - 1];
              best_p[k] = best_p[k - 1];
              best_n[k] = best_n[k - 1];
            }
        if (k < N_CONFUSIONS_DESCRIBED)
          {
            best_t[k] = t;
            best_p[k] = p;
            best_n[k] = n;
            n_best = MIN (n_best + 1, N_CONFUSIONS_DESCRIBED);
          }
      }
  if (n_best > 0)
    {
      g_string_append (text, " ");
      g_string_append (text, _("Largest confusions:"));
      for (guint k = 0; k < n_best; k++)
        {
          g_autofree char *count = nr_format_count (best_n[k]);

          /* Translators: one of the largest confusions: "True Shirt predicted T-shirt/top:
           * 112" */
          g_string_append_printf (text, k == 0 ? " " : "; ");
          g_string_append_printf (text, _("True %s predicted %s: %s"), self->labels[best_t[k]],
                                  self->labels[best_p[k]], count);
        }
      g_string_append (text, ".");
    }
  {
    g_autofree char *cell = neurona_confusion_matrix_describe_cell (self, self->cursor_t,
                                                                    self->cursor_p);

    g_string_append (text, " ");
    /* Translators: the cell under the keyboard's cursor, in the text alternative */
    g_string_append_printf (text, _("Selected cell: %s."), cell);
  }
  g_clear_pointer (&self->description, g_free);
  self->description = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
}

const char *
neurona_confusion_matrix_get_description (NeuronaConfusionMatrix *self)
{
  g_return_val_if_fail (NEURONA_IS_CONFUSION_MATRIX (self), NULL);

  return self->description;
}

/* ---- input --------------------------------------------------------------------------- */

void
neurona_confusion_matrix_set_cursor (NeuronaConfusionMatrix *self, guint t, guint p)
{
  g_return_if_fail (NEURONA_IS_CONFUSION_MATRIX (self));

  t = self->n_rows > 0 ? MIN (t, self->n_rows - 1) : 0;
  p = self->n_cols > 0 ? MIN (p, self->n_cols - 1) : 0;
  if (t == self->cursor_t && p == self->cursor_p)
    return;
  self->cursor_t = t;
  self->cursor_p = p;
  update_description (self);
  if (gtk_widget_has_focus (GTK_WIDGET (self)))
    invalidate_grid (self); /* its row and column names in bold */
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_CURSOR_CHANGED], 0);
}

void
neurona_confusion_matrix_get_cursor (NeuronaConfusionMatrix *self, guint *t, guint *p)
{
  g_return_if_fail (NEURONA_IS_CONFUSION_MATRIX (self));

  if (t != NULL)
    *t = self->cursor_t;
  if (p != NULL)
    *p = self->cursor_p;
}

static void
activate_cursor (NeuronaConfusionMatrix *self)
{
  if (self->confusion == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_CELL_ACTIVATED], 0, self->cursor_t, self->cursor_p);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, NeuronaConfusionMatrix *self)
{
  int t = (int) self->cursor_t, p = (int) self->cursor_p;

  if (self->confusion == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      p--;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      p++;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      t--;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      t++;
      break;
    case GDK_KEY_Home:
      p = 0;
      break;
    case GDK_KEY_End:
      p = (int) self->n_cols - 1;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      activate_cursor (self);
      return TRUE;
    default:
      return FALSE;
    }
  /* At an edge the key goes on to move the focus, as in a list. */
  if (t < 0 || p < 0 || t >= (int) self->n_rows || p >= (int) self->n_cols)
    return FALSE;
  neurona_confusion_matrix_set_cursor (self, (guint) t, (guint) p);
  return TRUE;
}

static void
on_click_released (GtkGestureClick *gesture, int n_press, double x, double y,
                   NeuronaConfusionMatrix *self)
{
  guint t, p;

  if (!cell_at (self, x, y, &t, &p))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  neurona_confusion_matrix_set_cursor (self, t, p);
  activate_cursor (self);
}

static void
set_hover (NeuronaConfusionMatrix *self, int t, int p)
{
  if (t == self->hover_t && p == self->hover_p)
    return;
  self->hover_t = t;
  self->hover_p = p;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_CELL_HOVERED], 0, t, p);
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y,
           NeuronaConfusionMatrix *self)
{
  guint t, p;

  if (cell_at (self, x, y, &t, &p))
    set_hover (self, (int) t, (int) p);
  else
    set_hover (self, -1, -1);
}

static void
on_leave (GtkEventControllerMotion *controller, NeuronaConfusionMatrix *self)
{
  set_hover (self, -1, -1);
}

static void
on_focus_changed (NeuronaConfusionMatrix *self)
{
  invalidate_grid (self);
}

/* ---- object -------------------------------------------------------------------------- */

static void
neurona_confusion_matrix_finalize (GObject *object)
{
  NeuronaConfusionMatrix *self = NEURONA_CONFUSION_MATRIX (object);

  g_clear_pointer (&self->confusion, nr_confusion_unref);
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->grid_node, gsk_render_node_unref);

  G_OBJECT_CLASS (neurona_confusion_matrix_parent_class)->finalize (object);
}

static void
neurona_confusion_matrix_class_init (NeuronaConfusionMatrixClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = neurona_confusion_matrix_finalize;
  widget_class->snapshot = neurona_confusion_matrix_snapshot;
  widget_class->measure = neurona_confusion_matrix_measure;
  widget_class->css_changed = neurona_confusion_matrix_css_changed;

  signals[SIGNAL_CELL_ACTIVATED] =
    g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_CELL_HOVERED] =
    g_signal_new ("cell-hovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
  signals[SIGNAL_CURSOR_CHANGED] =
    g_signal_new ("cursor-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "confusionmatrix");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
neurona_confusion_matrix_init (NeuronaConfusionMatrix *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover_t = self->hover_p = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (self, "notify::has-focus", G_CALLBACK (on_focus_changed), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Confusion matrix"), -1);
  update_description (self);
}

GtkWidget *
neurona_confusion_matrix_new (void)
{
  return g_object_new (NEURONA_TYPE_CONFUSION_MATRIX, NULL);
}

void
neurona_confusion_matrix_set_confusion (NeuronaConfusionMatrix *self, NrConfusion *confusion,
                                        const char *const *class_names, guint n_classes)
{
  guint old_rows = self->n_rows, old_cols = self->n_cols;
  g_auto (GStrv) old_labels = NULL;
  gboolean labels_changed;

  g_return_if_fail (NEURONA_IS_CONFUSION_MATRIX (self));
  g_return_if_fail (class_names != NULL || n_classes == 0);

  if (confusion != NULL)
    nr_confusion_ref (confusion);
  g_clear_pointer (&self->confusion, nr_confusion_unref);
  self->confusion = confusion;
  old_labels = g_steal_pointer (&self->labels);
  self->n_rows = confusion != NULL ? nr_confusion_get_n_classes (confusion) : 0;
  self->n_cols = confusion != NULL ? nr_confusion_get_outputs (confusion) : 0;
  self->labels = g_new0 (char *, self->n_cols + 1);
  for (guint c = 0; c < self->n_cols; c++)
    self->labels[c] = c < n_classes ? g_strdup (_(class_names[c]))
                                    /* Translators: an output of the network beyond the
                                     * dataset's classes */
                                    : g_strdup_printf (_("output %u"), c);
  labels_changed = old_labels == NULL
                   || !g_strv_equal ((const char *const *) old_labels,
                                     (const char *const *) self->labels);
  self->max_count = 0;
  for (guint t = 0; t < self->n_rows; t++)
    for (guint p = 0; p < self->n_cols; p++)
      self->max_count = MAX (self->max_count, nr_confusion_get_count (confusion, t, p));
  /* The cursor stays on its cell from epoch to epoch. */
  self->cursor_t = self->n_rows > 0 ? MIN (self->cursor_t, self->n_rows - 1) : 0;
  self->cursor_p = self->n_cols > 0 ? MIN (self->cursor_p, self->n_cols - 1) : 0;
  if (self->hover_t >= (int) self->n_rows || self->hover_p >= (int) self->n_cols)
    self->hover_t = self->hover_p = -1;
  update_description (self);
  /* New names may need new room; new counts, only drawing. The size depends on the
   * number of classes alone: a new epoch's counts do not lay the page out again. */
  if (labels_changed)
    invalidate_geometry (self);
  else
    invalidate_grid (self);
  if (self->n_rows != old_rows || self->n_cols != old_cols)
    gtk_widget_queue_resize (GTK_WIDGET (self));
}

NrConfusion *
neurona_confusion_matrix_get_confusion (NeuronaConfusionMatrix *self)
{
  g_return_val_if_fail (NEURONA_IS_CONFUSION_MATRIX (self), NULL);

  return self->confusion;
}

void
neurona_confusion_matrix_set_normalize (NeuronaConfusionMatrix *self, gboolean normalize)
{
  g_return_if_fail (NEURONA_IS_CONFUSION_MATRIX (self));

  normalize = !!normalize;
  if (normalize == self->normalize)
    return;
  self->normalize = normalize;
  invalidate_geometry (self); /* the legend's width too */
}

gboolean
neurona_confusion_matrix_get_normalize (NeuronaConfusionMatrix *self)
{
  g_return_val_if_fail (NEURONA_IS_CONFUSION_MATRIX (self), FALSE);

  return self->normalize;
}
