/* neurona-plot-private.h — NeuronaPlot's parts shared by neurona-plot.c (the widget and
 * its data), neurona-plot-draw.c (layout, drawing) and neurona-plot-export.c (export,
 * menu), and hooks for the tests. */
#pragma once

#include "neurona-axis.h"
#include "neurona-plot.h"
#include "neurona-series.h"

G_BEGIN_DECLS

/* A series as the plot shows it. */
typedef struct
{
  char *label;
  char *short_label;   /* for a legend too narrow for label, or NULL */
  GdkRGBA color;
  gboolean auto_color; /* the palette colour of index, for the current style */
  guint index;
  guint look;          /* whose palette colour and line style it takes: index by default */
  NeuronaPlotStyle style;
  NeuronaSeries *data;
  gboolean in_legend;  /* TRUE by default */
  gboolean selectable; /* its points can be picked (neurona-plot-points.c) */
  GArray *err_lo;      /* double per point, or NULL: error bars from err_lo to err_hi */
  GArray *err_hi;
} NeuronaPlotCurve;

/* Where everything goes on a width × height drawing. */
typedef struct
{
  int width, height;
  double line_height;
  double title_y;
  graphene_rect_t plot_area; /* whole pixels */
  graphene_rect_t legend_area;
  GArray *legend_pos;     /* graphene_point_t: top-left of each series' entry (unused for
                             a series left out of the legend) */
  double legend_label_w;  /* labels wider than this are ellipsized */
  gboolean legend_short;  /* the series' short labels are shown */
  GArray *x_ticks;        /* NeuronaTick */
  GArray *y_ticks;        /* NeuronaTick */
} NeuronaPlotLayout;

struct _NeuronaPlot
{
  GtkWidget parent_instance;

  /* Owned */
  char *title;
  char *x_label;
  char *y_label;
  GPtrArray *series; /* NeuronaPlotCurve */
  NeuronaAxis *x_axis;
  NeuronaAxis *y_axis;
  GStrv x_categories; /* a categorical x axis: category i at x = i; NULL: numeric */
  char *description;  /* the accessible description when set; else the summary */
  double line_scale;      /* series lines and markers: 2 px times this */
  gboolean high_contrast; /* darker, saturated series colours, a stronger frame */

  /* Cached layout for the widget's size */
  gboolean layout_valid;
  NeuronaPlotLayout layout;

  /* Hover */
  gboolean hovering;
  double hover_x, hover_y;

  guint a11y_source;
  guint n_drawn_points; /* last drawing, for tests of the decimation */

  /* Points that can be picked (neurona-plot-points.c) */
  gboolean has_selection;
  guint selected_series, selected_index;

  /* Export and menu (neurona-plot-export.c) */
  GtkWidget *menu;                /* owned: GtkPopoverMenu, parented to the plot */
  GtkFileChooserNative *chooser;  /* owned while open */
  NeuronaPlotFormat chooser_format;
  GtkWidget *error_dialog;        /* borrowed: destroys itself when closed */
};

/* neurona-plot.c: computes self->layout for the widget's size unless it is current. */
void _neurona_plot_ensure_layout (NeuronaPlot *self);

/* neurona-plot-draw.c */
void _neurona_plot_layout_init (NeuronaPlotLayout *l);
void _neurona_plot_layout_clear (NeuronaPlotLayout *l);
void _neurona_plot_layout_compute (NeuronaPlot *self, NeuronaPlotLayout *l, int width,
                                   int height);
/* The legend's height across width (0 without series); row_height gets one row's. */
double _neurona_plot_measure_legend (NeuronaPlot *self, double width, double *row_height);
/* Data → pixels on layout l; FALSE when the point cannot be shown. */
gboolean _neurona_plot_map_point (NeuronaPlot *self, const NeuronaPlotLayout *l, double x,
                                  double y, double *px, double *py);
double _neurona_plot_pixel_to_data_x (NeuronaPlot *self, const NeuronaPlotLayout *l, double px);
/* The readout for data x: lines[0] is the x header, lines[i > 0] one series each
 * (series[i] says which, points[i] its nearest point as a graphene_point_t in data units).
 * FALSE when no series has a point to show. */
gboolean _neurona_plot_compute_readout (NeuronaPlot *self, double data_x, GPtrArray *lines,
                                        GPtrArray *series, GArray *points);
/* Where the hover readout's box (box_w × box_h) goes for the pointer at (hover_x,
 * hover_y): beside the pointer, inside the plot area when it fits there, else inside the
 * widget, never past its edges when it fits the widget. */
void _neurona_plot_place_readout (const NeuronaPlotLayout *l, double hover_x, double hover_y,
                                  double box_w, double box_h, double *bx, double *by);
/* The readout box drawn for the pointer at (widget_x, widget_y) on the current layout;
 * FALSE when there is no readout there. */
gboolean _neurona_plot_get_readout_box (NeuronaPlot *self, double widget_x, double widget_y,
                                        graphene_rect_t *box);
/* Draws everything but the hover readout and the focus ring on cr, over width × height
 * pixels (the screen and the exports share it). */
void _neurona_plot_draw (NeuronaPlot *self, cairo_t *cr, int width, int height);
/* What only the screen shows, over _neurona_plot_draw() at the widget's size. */
void _neurona_plot_draw_readout (NeuronaPlot *self, cairo_t *cr, const NeuronaPlotLayout *l,
                                 const GdkRGBA *fg);
void _neurona_plot_draw_focus (NeuronaPlot *self, cairo_t *cr, int width, int height,
                               const GdkRGBA *fg);
/* The colours of the current style: text and lines, and the window's background. */
void _neurona_plot_get_foreground (NeuronaPlot *self, GdkRGBA *fg);
void _neurona_plot_get_background (NeuronaPlot *self, GdkRGBA *bg);

/* neurona-plot.c: an x value as the readout and the summary say it (a category's name). */
char *_neurona_plot_format_x (NeuronaPlot *self, double x);

/* neurona-plot-points.c */
void _neurona_plot_class_init_points (GtkWidgetClass *widget_class);
void _neurona_plot_init_points (NeuronaPlot *self);
/* The selected point's ring (only while the plot has the focus). */
void _neurona_plot_draw_selection (NeuronaPlot *self, cairo_t *cr, const NeuronaPlotLayout *l);
/* A series' points changed: a selection past its end goes. */
void _neurona_plot_points_changed (NeuronaPlot *self);

/* neurona-plot-export.c */
void _neurona_plot_class_init_export (GtkWidgetClass *widget_class);
void _neurona_plot_init_export (NeuronaPlot *self);
void _neurona_plot_dispose_export (NeuronaPlot *self);
/* What Save does once a file is chosen: exports at the widget's size and shows an error
 * dialog on failure. */
gboolean _neurona_plot_save (NeuronaPlot *self, GFile *file, NeuronaPlotFormat format);

/* Tests ------------------------------------------------------------------------------ */

/* Vertices emitted by the last drawing over all series (after decimation). */
guint _neurona_plot_get_n_drawn_points (NeuronaPlot *self);

/* The hover readout's text for the pointer at widget_x, lines joined by "\n"
 * ("step: 120\ntrain: 0.25"), or NULL when nothing is near. */
char *_neurona_plot_get_readout (NeuronaPlot *self, double widget_x);

/* A key press as the plot's key controller takes it (TRUE: handled), and a primary
 * click released at widget (x, y): the paths the keyboard and the pointer take to its
 * points. */
gboolean _neurona_plot_handle_key (NeuronaPlot *self, guint keyval, GdkModifierType state);
void _neurona_plot_click (NeuronaPlot *self, double x, double y);

/* The menu popover (NULL until first opened), the open file chooser, the error dialog
 * shown by the last failed save (NULL once closed). */
GtkPopover *_neurona_plot_get_menu (NeuronaPlot *self);
GtkFileChooserNative *_neurona_plot_get_file_chooser (NeuronaPlot *self);
GtkWindow *_neurona_plot_get_error_dialog (NeuronaPlot *self);

G_END_DECLS
