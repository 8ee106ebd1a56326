/* neurona-class-bars.c — per-class accuracy as horizontal bars.
 *
 * Geometry is computed in one place (compute_layout), shared by snapshot() and
 * neurona_class_bars_get_bar_area(). Each bar's length is its class's accuracy; its
 * percentage is written beside it, so the numbers never hang on colour alone.
 */
#include "neurona-class-bars.h"

#include <glib/gi18n.h>
#include <math.h>

#define PAD 6.0
#define GAP 8.0
#define MAX_ROW 32.0
#define MIN_ROW 16.0

struct _NeuronaClassBars
{
  GtkWidget parent_instance;

  /* Owned */
  NrConfusion *confusion;
  char **labels;  /* (n) translated class names */
  double *values; /* (n) accuracies, NAN without images */
  guint *order;   /* (n) classes top to bottom */
  char *description;

  guint n;
  gboolean sorted;
};

G_DEFINE_FINAL_TYPE (NeuronaClassBars, neurona_class_bars, GTK_TYPE_WIDGET)

typedef struct
{
  double label_w; /* class names, right-aligned */
  double bar_x, bar_w;
  double y0, row_h, bar_h;
} Layout;

static PangoLayout *
make_layout (GtkWidget *widget, const char *text, gboolean bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

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
text_size (GtkWidget *widget, const char *text, int *w, int *h)
{
  g_autoptr (PangoLayout) layout = make_layout (widget, text, FALSE);

  pango_layout_get_pixel_size (layout, w, h);
}

static void
draw_text (cairo_t *cr, GtkWidget *widget, const char *text, double x, double y, double xalign)
{
  g_autoptr (PangoLayout) layout = make_layout (widget, text, FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - xalign * w), round (y - h / 2.0));
  pango_cairo_show_layout (cr, layout);
}

char *
neurona_class_bars_get_value_text (NeuronaClassBars *self, guint c)
{
  g_return_val_if_fail (NEURONA_IS_CLASS_BARS (self), NULL);

  if (c >= self->n)
    return g_strdup ("");
  if (isnan (self->values[c]))
    return g_strdup (_("no images"));
  return g_strdup_printf ("%.1f%%", 100.0 * self->values[c]);
}

static gboolean
compute_layout (NeuronaClassBars *self, int width, int height, Layout *l)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int w, h, max_label = 0, value_w;

  if (self->n == 0 || width <= 0 || height <= 0)
    return FALSE;
  for (guint c = 0; c < self->n; c++)
    {
      text_size (widget, self->labels[c], &w, &h);
      max_label = MAX (max_label, w);
    }
  text_size (widget, "100.0%", &value_w, &h);
  text_size (widget, _("no images"), &w, &h);
  value_w = MAX (value_w, w);
  l->label_w = max_label;
  l->bar_x = floor (PAD + max_label + GAP);
  l->bar_w = floor (MAX (40, width - l->bar_x - GAP - value_w - PAD));
  l->row_h = floor (CLAMP ((height - 2 * PAD) / self->n, MIN_ROW, MAX_ROW));
  l->bar_h = floor (l->row_h * 0.7);
  l->y0 = PAD;
  return TRUE;
}

gboolean
neurona_class_bars_get_bar_area (NeuronaClassBars *self, guint i, graphene_rect_t *area)
{
  Layout l;

  g_return_val_if_fail (NEURONA_IS_CLASS_BARS (self), FALSE);

  if (i >= self->n || !compute_layout (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                       gtk_widget_get_height (GTK_WIDGET (self)), &l))
    return FALSE;
  graphene_rect_init (area, l.bar_x, l.y0 + i * l.row_h + (l.row_h - l.bar_h) / 2, l.bar_w,
                      floor (l.bar_h));
  return TRUE;
}

static void
neurona_class_bars_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NeuronaClassBars *self = NEURONA_CLASS_BARS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  GdkRGBA fg, bar;
  Layout l;

  if (!compute_layout (self, width, height, &l))
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  gdk_rgba_parse (&bar, "#1f77b4"); /* matplotlib's first colour, as the plots use */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (guint i = 0; i < self->n; i++)
    {
      guint c = self->order[i];
      double y = l.y0 + i * l.row_h + (l.row_h - l.bar_h) / 2;
      double v = self->values[c];
      g_autofree char *text = neurona_class_bars_get_value_text (self, c);

      /* The full 100 % track, faint, so a bar's length reads against it. */
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.12);
      cairo_rectangle (cr, l.bar_x, y, l.bar_w, l.bar_h);
      cairo_fill (cr);
      if (!isnan (v))
        {
          gdk_cairo_set_source_rgba (cr, &bar);
          cairo_rectangle (cr, l.bar_x, y, round (CLAMP (v, 0.0, 1.0) * l.bar_w), l.bar_h);
          cairo_fill (cr);
        }
      gdk_cairo_set_source_rgba (cr, &fg);
      draw_text (cr, widget, self->labels[c], l.bar_x - GAP, y + l.bar_h / 2, 1);
      draw_text (cr, widget, text, l.bar_x + l.bar_w + GAP, y + l.bar_h / 2, 0);
    }
  cairo_destroy (cr);
}

static void
neurona_class_bars_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                            int *minimum, int *natural, int *minimum_baseline,
                            int *natural_baseline)
{
  NeuronaClassBars *self = NEURONA_CLASS_BARS (widget);
  guint n = MAX (self->n, 10u);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 300;
      *natural = 560;
    }
  else
    {
      *minimum = (int) (2 * PAD + n * MIN_ROW);
      *natural = (int) (2 * PAD + n * 28);
    }
}

static void
update_description (NeuronaClassBars *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->n; i++)
    {
      guint c = self->order[i];
      g_autofree char *value = neurona_class_bars_get_value_text (self, c);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s %s", self->labels[c], value);
    }
  if (self->n == 0)
    g_string_append (text, _("No predictions to count yet."));
  g_clear_pointer (&self->description, g_free);
  self->description = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
}

/* Worst first; a class without images has no accuracy to rank and goes last. */
static int
compare_accuracy (gconstpointer a, gconstpointer b, gpointer user_data)
{
  NeuronaClassBars *self = user_data;
  guint ca = *(const guint *) a, cb = *(const guint *) b;
  double va = self->values[ca], vb = self->values[cb];

  if (isnan (va) != isnan (vb))
    return isnan (va) ? 1 : -1;
  if (!isnan (va) && va != vb)
    return va < vb ? -1 : 1;
  return ca < cb ? -1 : ca > cb;
}

static void
update_order (NeuronaClassBars *self)
{
  for (guint c = 0; c < self->n; c++)
    self->order[c] = c;
  if (self->sorted)
    g_qsort_with_data (self->order, self->n, sizeof (guint), compare_accuracy, self);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
neurona_class_bars_finalize (GObject *object)
{
  NeuronaClassBars *self = NEURONA_CLASS_BARS (object);

  g_clear_pointer (&self->confusion, nr_confusion_unref);
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->order, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (neurona_class_bars_parent_class)->finalize (object);
}

static void
neurona_class_bars_class_init (NeuronaClassBarsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = neurona_class_bars_finalize;
  widget_class->snapshot = neurona_class_bars_snapshot;
  widget_class->measure = neurona_class_bars_measure;

  gtk_widget_class_set_css_name (widget_class, "classbars");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
neurona_class_bars_init (NeuronaClassBars *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Per-class accuracy"), -1);
  update_description (self);
}

GtkWidget *
neurona_class_bars_new (void)
{
  return g_object_new (NEURONA_TYPE_CLASS_BARS, NULL);
}

void
neurona_class_bars_set_confusion (NeuronaClassBars *self, NrConfusion *confusion,
                                  const char *const *class_names, guint n_classes)
{
  g_return_if_fail (NEURONA_IS_CLASS_BARS (self));
  g_return_if_fail (class_names != NULL || n_classes == 0);

  if (confusion != NULL)
    nr_confusion_ref (confusion);
  g_clear_pointer (&self->confusion, nr_confusion_unref);
  self->confusion = confusion;
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->order, g_free);
  self->n = confusion != NULL ? nr_confusion_get_n_classes (confusion) : 0;
  self->labels = g_new0 (char *, self->n + 1);
  self->values = g_new (double, MAX (self->n, 1u));
  self->order = g_new (guint, MAX (self->n, 1u));
  for (guint c = 0; c < self->n; c++)
    {
      self->labels[c] = c < n_classes ? g_strdup (_(class_names[c])) : g_strdup_printf ("%u", c);
      self->values[c] = nr_confusion_get_class_accuracy (confusion, c);
    }
  update_order (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
neurona_class_bars_set_sorted (NeuronaClassBars *self, gboolean sorted)
{
  g_return_if_fail (NEURONA_IS_CLASS_BARS (self));

  sorted = !!sorted;
  if (sorted == self->sorted)
    return;
  self->sorted = sorted;
  update_order (self);
}

gboolean
neurona_class_bars_get_sorted (NeuronaClassBars *self)
{
  g_return_val_if_fail (NEURONA_IS_CLASS_BARS (self), FALSE);

  return self->sorted;
}

guint
neurona_class_bars_get_n_bars (NeuronaClassBars *self)
{
  g_return_val_if_fail (NEURONA_IS_CLASS_BARS (self), 0);

  return self->n;
}

guint
neurona_class_bars_get_class_at (NeuronaClassBars *self, guint i)
{
  g_return_val_if_fail (NEURONA_IS_CLASS_BARS (self), 0);
  g_return_val_if_fail (i < self->n, 0);

  return self->order[i];
}

double
neurona_class_bars_get_value (NeuronaClassBars *self, guint c)
{
  g_return_val_if_fail (NEURONA_IS_CLASS_BARS (self), NAN);

  return c < self->n ? self->values[c] : NAN;
}

const char *
neurona_class_bars_get_description (NeuronaClassBars *self)
{
  g_return_val_if_fail (NEURONA_IS_CLASS_BARS (self), NULL);

  return self->description;
}
