/* neurona-prob-bars.c — a bar chart of class probabilities (the tutorial's plot_value_array).
 *
 * Geometry is computed in one place (compute_layout) so that snapshot() and
 * neurona_prob_bars_get_bar_area() agree to the pixel; tests read pixels back through it.
 */
#include "neurona-prob-bars.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _NeuronaProbBars
{
  GtkWidget parent_instance;

  /* Owned */
  float *values; /* (n_values) */
  guint n_values;
  char **class_names; /* (n_classes) untranslated, as the dataset lists them */
  guint n_classes;
  int predicted;
  int true_label;
  gboolean show_legend;
};

G_DEFINE_FINAL_TYPE (NeuronaProbBars, neurona_prob_bars, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_LEGEND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PAD 4.0
#define TOP_PAD 6.0

typedef struct
{
  double plot_x, plot_y, plot_w, plot_h; /* the 0…1 value range, whole pixels */
  double slot_w;                         /* horizontal room per bar */
  double bar_w;
  double tick_h;   /* height of the tick label line */
  double legend_h; /* 0 without a legend */
} Layout;

static void
text_size (GtkWidget *widget, const char *text, double scale, int *w, int *h)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, w, h);
}

static double
tick_scale (NeuronaProbBars *self)
{
  /* Small cards get small tick labels; the large view (with legend) normal ones. */
  return self->show_legend ? 1.0 : 0.75;
}

static gboolean
compute_layout (NeuronaProbBars *self, int width, int height, Layout *l)
{
  int tw, th;

  text_size (GTK_WIDGET (self), "0123456789", tick_scale (self), &tw, &th);
  l->tick_h = th + 2;
  l->legend_h = 0;
  if (self->show_legend)
    {
      int lw, lh;
      text_size (GTK_WIDGET (self), _("Predicted"), 1.0, &lw, &lh);
      l->legend_h = lh + 6;
    }
  l->plot_x = PAD;
  l->plot_y = TOP_PAD;
  l->plot_w = floor (width - 2 * PAD);
  l->plot_h = floor (height - TOP_PAD - l->tick_h - l->legend_h - 2);
  if (l->plot_w < 4 || l->plot_h < 4 || self->n_values == 0)
    return FALSE;
  l->slot_w = l->plot_w / self->n_values;
  l->bar_w = MAX (1.0, floor (l->slot_w * 0.8));
  return TRUE;
}

static void
bar_x (const Layout *l, guint i, double *x, double *w)
{
  *x = floor (l->plot_x + i * l->slot_w + (l->slot_w - l->bar_w) / 2);
  *w = l->bar_w;
}

static void
fg_color (GtkWidget *widget, GdkRGBA *color)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
}

static void
hatch (cairo_t *cr, double x, double y, double w, double h)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.55);
  cairo_set_line_width (cr, 1.5);
  for (double d = -h; d < w; d += 5)
    {
      cairo_move_to (cr, x + d, y + h);
      cairo_line_to (cr, x + d + h, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_text (cairo_t *cr, GtkWidget *widget, const char *text, double scale, double x, double y,
           double xalign)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();
  int w, h;

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - xalign * w), y);
  pango_cairo_show_layout (cr, layout);
}

static void
set_rgb (cairo_t *cr, const char *spec)
{
  GdkRGBA c;

  gdk_rgba_parse (&c, spec);
  gdk_cairo_set_source_rgba (cr, &c);
}

static double
draw_legend_swatch (cairo_t *cr, GtkWidget *widget, const GdkRGBA *fg, double x, double y,
                    double size, const char *color, gboolean hatched, gboolean outlined,
                    const char *label)
{
  int w, h;

  set_rgb (cr, color);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);
  if (hatched)
    hatch (cr, x, y, size, size);
  if (outlined)
    {
      gdk_cairo_set_source_rgba (cr, fg);
      cairo_set_line_width (cr, 1.5);
      cairo_rectangle (cr, x + 0.75, y + 0.75, size - 1.5, size - 1.5);
      cairo_stroke (cr);
    }
  gdk_cairo_set_source_rgba (cr, fg);
  text_size (widget, label, 1.0, &w, &h);
  draw_text (cr, widget, label, 1.0, x + size + 4, y + (size - h) / 2, 0);
  return x + size + 4 + w + 16;
}

static void
neurona_prob_bars_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NeuronaProbBars *self = NEURONA_PROB_BARS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  GdkRGBA fg;
  Layout l;
  guint step = 1;
  int tw, th;

  if (!compute_layout (self, width, height, &l))
    return;

  fg_color (widget, &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Axes frame, as matplotlib draws it around a subplot. */
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.45);
  cairo_rectangle (cr, l.plot_x - 0.5, l.plot_y - 0.5, l.plot_w + 1, l.plot_h + 1);
  cairo_stroke (cr);

  for (guint i = 0; i < self->n_values; i++)
    {
      double x, w, h, v = self->values[i];
      gboolean is_pred = (int) i == self->predicted;
      gboolean is_true = (int) i == self->true_label;

      if (!(v >= 0))
        v = 0; /* NaN too */
      v = MIN (v, 1.0);
      bar_x (&l, i, &x, &w);
      h = round (v * l.plot_h);

      /* As plot_value_array: the true colour is set last, so a right guess is blue. */
      set_rgb (cr, is_true ? NEURONA_PROB_BARS_BLUE
                           : is_pred ? NEURONA_PROB_BARS_RED : NEURONA_PROB_BARS_GREY);
      cairo_rectangle (cr, x, l.plot_y + l.plot_h - h, w, h);
      cairo_fill (cr);
      if (is_pred && !is_true)
        hatch (cr, x, l.plot_y + l.plot_h - h, w, h);
      if (is_true)
        {
          /* Outline, plus a tick under the axis so a zero-height bar is still marked. */
          gdk_cairo_set_source_rgba (cr, &fg);
          cairo_set_line_width (cr, 1.5);
          if (h >= 2)
            {
              cairo_rectangle (cr, x + 0.75, l.plot_y + l.plot_h - h + 0.75, w - 1.5, h - 1.5);
              cairo_stroke (cr);
            }
          cairo_rectangle (cr, x, l.plot_y + l.plot_h + 1, w, 2);
          cairo_fill (cr);
        }
    }

  /* Tick labels 0 … n-1 (units past the dataset's classes are numbered on). */
  text_size (widget, self->n_values > 10 ? "00" : "0", tick_scale (self), &tw, &th);
  while (step < self->n_values && l.slot_w * step < tw + 3)
    step = step == 1 ? 2 : step == 2 ? 5 : step * 2;
  gdk_cairo_set_source_rgba (cr, &fg);
  for (guint i = 0; i < self->n_values; i += step)
    {
      char buf[16];

      g_snprintf (buf, sizeof buf, "%u", i);
      draw_text (cr, widget, buf, tick_scale (self), l.plot_x + (i + 0.5) * l.slot_w,
                 l.plot_y + l.plot_h + 3, 0.5);
    }

  if (self->show_legend)
    {
      double y = l.plot_y + l.plot_h + l.tick_h + 6;
      double size = l.legend_h - 8;
      double x = l.plot_x;

      x = draw_legend_swatch (cr, widget, &fg, x, y, size, NEURONA_PROB_BARS_RED, TRUE, FALSE,
                              _("Predicted (hatched)"));
      x = draw_legend_swatch (cr, widget, &fg, x, y, size, NEURONA_PROB_BARS_BLUE, FALSE, TRUE,
                              _("True class (outlined)"));
      draw_legend_swatch (cr, widget, &fg, x, y, size, NEURONA_PROB_BARS_GREY, FALSE, FALSE,
                          _("Other"));
    }
  cairo_destroy (cr);
}

static void
neurona_prob_bars_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *minimum_baseline,
                           int *natural_baseline)
{
  NeuronaProbBars *self = NEURONA_PROB_BARS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 2 * PAD + 4 * MAX (self->n_values, 10u);
      *natural = self->show_legend ? 420 : 2 * PAD + 11 * MAX (self->n_values, 10u);
    }
  else
    {
      *minimum = 48 + (self->show_legend ? 24 : 0);
      *natural = self->show_legend ? 220 : 84;
    }
}

static void
neurona_prob_bars_finalize (GObject *object)
{
  NeuronaProbBars *self = NEURONA_PROB_BARS (object);

  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->class_names, g_strfreev);

  G_OBJECT_CLASS (neurona_prob_bars_parent_class)->finalize (object);
}

static void
neurona_prob_bars_get_property (GObject *object, guint prop_id, GValue *value,
                                GParamSpec *pspec)
{
  NeuronaProbBars *self = NEURONA_PROB_BARS (object);

  switch (prop_id)
    {
    case PROP_SHOW_LEGEND:
      g_value_set_boolean (value, self->show_legend);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_prob_bars_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  NeuronaProbBars *self = NEURONA_PROB_BARS (object);

  switch (prop_id)
    {
    case PROP_SHOW_LEGEND:
      neurona_prob_bars_set_show_legend (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_prob_bars_class_init (NeuronaProbBarsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = neurona_prob_bars_finalize;
  object_class->get_property = neurona_prob_bars_get_property;
  object_class->set_property = neurona_prob_bars_set_property;

  widget_class->snapshot = neurona_prob_bars_snapshot;
  widget_class->measure = neurona_prob_bars_measure;

  properties[PROP_SHOW_LEGEND] = g_param_spec_boolean (
      "show-legend", NULL, NULL, FALSE,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "probbars");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
neurona_prob_bars_init (NeuronaProbBars *self)
{
  self->predicted = -1;
  self->true_label = -1;
}

GtkWidget *
neurona_prob_bars_new (void)
{
  return g_object_new (NEURONA_TYPE_PROB_BARS, NULL);
}

/* The chart's content for screen readers: every output, by its class name where it has
 * one, and its percentage. */
static void
update_accessible_label (NeuronaProbBars *self)
{
  g_autoptr (GString) values = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->n_values; i++)
    {
      if (i > 0)
        g_string_append (values, ", ");
      if (i < self->n_classes)
        g_string_append (values, gettext (self->class_names[i]));
      else
        g_string_append_printf (values, "%u", i);
      g_string_append_printf (values, ": %.2f%%", 100.0 * self->values[i]);
    }
  /* TRANSLATORS: the bar chart's accessible label; %s lists "T-shirt/top: 0.36%, …" */
  text = g_strdup_printf (_("Probabilities: %s"), values->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

void
neurona_prob_bars_set_class_names (NeuronaProbBars *self, const char *const *class_names,
                                   guint n_classes)
{
  gboolean same;

  g_return_if_fail (NEURONA_IS_PROB_BARS (self));
  g_return_if_fail (class_names != NULL || n_classes == 0);

  if (class_names == NULL)
    n_classes = 0;
  same = n_classes == self->n_classes;
  for (guint i = 0; same && i < n_classes; i++)
    same = g_strcmp0 (class_names[i], self->class_names[i]) == 0;
  if (same)
    return;

  g_clear_pointer (&self->class_names, g_strfreev);
  self->class_names = g_new0 (char *, n_classes + 1);
  for (guint i = 0; i < n_classes; i++)
    self->class_names[i] = g_strdup (class_names[i] != NULL ? class_names[i] : "");
  self->n_classes = n_classes;
  update_accessible_label (self);
}

void
neurona_prob_bars_set_values (NeuronaProbBars *self, const float *probs, guint n_values,
                              int predicted, int true_label)
{
  g_return_if_fail (NEURONA_IS_PROB_BARS (self));
  g_return_if_fail (n_values == 0 || probs != NULL);

  if (probs == NULL)
    n_values = 0;
  if (predicted < -1 || predicted >= (int) n_values)
    predicted = -1;
  if (true_label < -1 || true_label >= (int) n_values)
    true_label = -1;

  if (n_values == self->n_values && predicted == self->predicted
      && true_label == self->true_label
      && (n_values == 0 || memcmp (probs, self->values, n_values * sizeof (float)) == 0))
    return;

  if (n_values != self->n_values)
    {
      g_free (self->values);
      self->values = g_new (float, MAX (n_values, 1));
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  if (n_values > 0)
    memcpy (self->values, probs, n_values * sizeof (float));
  self->n_values = n_values;
  self->predicted = predicted;
  self->true_label = true_label;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible_label (self);
}

guint
neurona_prob_bars_get_n_values (NeuronaProbBars *self)
{
  g_return_val_if_fail (NEURONA_IS_PROB_BARS (self), 0);
  return self->n_values;
}

int
neurona_prob_bars_get_predicted (NeuronaProbBars *self)
{
  g_return_val_if_fail (NEURONA_IS_PROB_BARS (self), -1);
  return self->predicted;
}

int
neurona_prob_bars_get_true_label (NeuronaProbBars *self)
{
  g_return_val_if_fail (NEURONA_IS_PROB_BARS (self), -1);
  return self->true_label;
}

void
neurona_prob_bars_set_show_legend (NeuronaProbBars *self, gboolean show_legend)
{
  g_return_if_fail (NEURONA_IS_PROB_BARS (self));

  show_legend = !!show_legend;
  if (show_legend == self->show_legend)
    return;
  self->show_legend = show_legend;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LEGEND]);
}

gboolean
neurona_prob_bars_get_show_legend (NeuronaProbBars *self)
{
  g_return_val_if_fail (NEURONA_IS_PROB_BARS (self), FALSE);
  return self->show_legend;
}

gboolean
neurona_prob_bars_get_bar_area (NeuronaProbBars *self, guint index, graphene_rect_t *out_area)
{
  Layout l;
  double x, w;

  g_return_val_if_fail (NEURONA_IS_PROB_BARS (self), FALSE);
  g_return_val_if_fail (out_area != NULL, FALSE);

  if (index >= self->n_values
      || !compute_layout (self, gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)), &l))
    return FALSE;
  bar_x (&l, index, &x, &w);
  graphene_rect_init (out_area, x, l.plot_y, w, l.plot_h);
  return TRUE;
}
