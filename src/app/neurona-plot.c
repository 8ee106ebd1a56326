/* neurona-plot.c — minimal placeholder so the tree builds; being written. */
#include "neurona-plot.h"

struct _NeuronaPlot
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (NeuronaPlot, neurona_plot, GTK_TYPE_WIDGET)

static void
neurona_plot_class_init (NeuronaPlotClass *klass)
{
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
neurona_plot_init (NeuronaPlot *self)
{
}

GtkWidget *
neurona_plot_new (void)
{
  return g_object_new (NEURONA_TYPE_PLOT, NULL);
}

void neurona_plot_set_title (NeuronaPlot *self, const char *title) {}
void neurona_plot_set_x_label (NeuronaPlot *self, const char *label) {}
void neurona_plot_set_y_label (NeuronaPlot *self, const char *label) {}
void neurona_plot_set_y_log (NeuronaPlot *self, gboolean y_log) {}
void neurona_plot_set_x_range (NeuronaPlot *self, double min, double max) {}
void neurona_plot_set_y_range (NeuronaPlot *self, double min, double max) {}
guint neurona_plot_add_series (NeuronaPlot *self, const char *label, const GdkRGBA *color,
                               NeuronaPlotStyle style) { return 0; }
void neurona_plot_append (NeuronaPlot *self, guint series, double x, double y) {}
void neurona_plot_set_points (NeuronaPlot *self, guint series, const double *xs,
                              const double *ys, gsize n) {}
guint neurona_plot_get_n_points (NeuronaPlot *self, guint series) { return 0; }
void neurona_plot_clear (NeuronaPlot *self) {}
void neurona_plot_remove_all_series (NeuronaPlot *self) {}
