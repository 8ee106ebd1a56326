/* neurona-plot.h — a line chart drawn with Cairo: axes with ticks and labels, a legend,
 * a hover readout of exact values. Data is appended live; axes do not jump (fixed ranges
 * where the caller knows them, otherwise "nice" ranges that only grow). The same drawing
 * serves the screen and the PNG and SVG exports; the plot's own menu (right click,
 * Shift+F10, the Menu key) saves it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  NEURONA_PLOT_LINE,         /* solid line */
  NEURONA_PLOT_DASHED,       /* dashed line */
  NEURONA_PLOT_MARKERS,      /* markers only */
  NEURONA_PLOT_LINE_MARKERS, /* solid line with markers (per-epoch values) */
  NEURONA_PLOT_DOTTED,       /* dotted line */
  NEURONA_PLOT_DASH_DOT,     /* dash-dotted line */
  NEURONA_PLOT_AUTO,         /* by the series' index: see neurona_plot_get_series_look() */
} NeuronaPlotStyle;

typedef enum {
  NEURONA_PLOT_FORMAT_PNG,
  NEURONA_PLOT_FORMAT_SVG,
} NeuronaPlotFormat;

/* Series i's look when it is added without a colour or with NEURONA_PLOT_AUTO: colour
 * i % 8 of Okabe & Ito's colour-blind-safe palette (black turns light grey on a dark
 * background), solid for the first eight series, then dashed, dotted and dash-dotted, so
 * series 9 differs from series 1. Either out argument may be NULL. */
void neurona_plot_get_series_look (guint index, gboolean dark, GdkRGBA *color,
                                   NeuronaPlotStyle *style);

#define NEURONA_TYPE_PLOT (neurona_plot_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaPlot, neurona_plot, NEURONA, PLOT, GtkWidget)

GtkWidget *neurona_plot_new (void);

/* Properties "title", "x-label", "y-label", "x-log", "y-log". */
void neurona_plot_set_title (NeuronaPlot *self, const char *title);
const char *neurona_plot_get_title (NeuronaPlot *self);
void neurona_plot_set_x_label (NeuronaPlot *self, const char *label);
void neurona_plot_set_y_label (NeuronaPlot *self, const char *label);
/* Logarithmic axes (non-positive values are skipped). */
void neurona_plot_set_x_log (NeuronaPlot *self, gboolean x_log);
void neurona_plot_set_y_log (NeuronaPlot *self, gboolean y_log);
/* A categorical x axis: category i sits at x = i, the axis shows every name under its
 * place and spans -0.5 … n - 0.5; the readout and the summary say the name. NULL (or no
 * names) returns to a numeric axis. */
void neurona_plot_set_x_categories (NeuronaPlot *self, const char *const *names);
/* Fixed extent; min >= max returns to automatic. */
void neurona_plot_set_x_range (NeuronaPlot *self, double min, double max);
void neurona_plot_set_y_range (NeuronaPlot *self, double min, double max);

/* For a projector (Presenter mode): "line-scale" thickens the series' lines, markers and
 * error bars (1 … 4, default 1: 2 px lines); "high-contrast" gives the series darker,
 * fully saturated colours on a light background and the axes a heavier frame. */
void neurona_plot_set_line_scale (NeuronaPlot *self, double scale);
double neurona_plot_get_line_scale (NeuronaPlot *self);
void neurona_plot_set_high_contrast (NeuronaPlot *self, gboolean high_contrast);
gboolean neurona_plot_get_high_contrast (NeuronaPlot *self);

/* Returns the series' index. Color is never the only signal: give series different
 * styles, the legend shows both. A NULL color (and NEURONA_PLOT_AUTO) take the series'
 * look from its index, with the colour following the light or dark style. */
guint neurona_plot_add_series (NeuronaPlot *self, const char *label, const GdkRGBA *color,
                               NeuronaPlotStyle style);
guint neurona_plot_get_n_series (NeuronaPlot *self);
void neurona_plot_append (NeuronaPlot *self, guint series, double x, double y);
/* Replaces a series' points. */
void neurona_plot_set_points (NeuronaPlot *self, guint series, const double *xs,
                              const double *ys, gsize n);
guint neurona_plot_get_n_points (NeuronaPlot *self, guint series);
/* Point index of series, as given. */
void neurona_plot_get_point (NeuronaPlot *self, guint series, guint index, double *x, double *y);
/* Vertical bars from lo[i] to hi[i] at point i (the spread behind a mean: min–max), drawn
 * in the series' colour with short caps; NULL (or n 0) removes them. n counts points from
 * the first; a bar with a non-finite end is not drawn. */
void neurona_plot_set_error_bars (NeuronaPlot *self, guint series, const double *lo,
                                  const double *hi, gsize n);
/* The colour and line style of series look (neurona_plot_get_series_look()) for a series
 * added without a colour: two series of one look belong together (points and their mean). */
void neurona_plot_set_series_look (NeuronaPlot *self, guint series, guint look);
/* A series left out of the legend (its partner there names both). */
void neurona_plot_set_series_in_legend (NeuronaPlot *self, guint series, gboolean in_legend);
/* A shorter name for the legend when the full ones would not fit whole (a narrow plot, a
 * large zoom): "Test" for "Test (per epoch)". A series without one keeps its name there. */
void neurona_plot_set_series_short_label (NeuronaPlot *self, guint series,
                                          const char *short_label);

/* Points that can be picked (neurona-plot-points.c) ------------------------------ */

/* The points of a selectable series are all drawn (never decimated) and can be picked: a
 * click on one (within a few pixels) selects and activates it; from the keyboard, Left
 * and Right (Home, End) move the selection through them by x, then series, and Return,
 * the keypad's Enter or Space activates it. The selected point is ringed while the plot
 * has the focus. Signals "point-selected" and "point-activated" (guint series, guint
 * index). */
void neurona_plot_set_series_selectable (NeuronaPlot *self, guint series, gboolean selectable);
/* Selects a point of a selectable series ("point-selected" follows when it changed). */
void neurona_plot_select_point (NeuronaPlot *self, guint series, guint index);
/* FALSE when no point is selected. */
gboolean neurona_plot_get_selected_point (NeuronaPlot *self, guint *series, guint *index);
/* As a click there: the selectable point nearest to widget (x, y) within max_distance
 * pixels, or FALSE. */
gboolean neurona_plot_pick_point (NeuronaPlot *self, double x, double y, double max_distance,
                                  guint *series, guint *index);

/* The accessible description: text (a text alternative of every point), or, when NULL,
 * the automatic summary of the latest values. */
void neurona_plot_set_description (NeuronaPlot *self, const char *text);
/* Empties every series (keeps the series, labels and ranges). */
void neurona_plot_clear (NeuronaPlot *self);
/* Removes every series. */
void neurona_plot_remove_all_series (NeuronaPlot *self);

/* The extent currently shown (fixed, or automatic), in data units. */
void neurona_plot_get_displayed_x_range (NeuronaPlot *self, double *min, double *max);
void neurona_plot_get_displayed_y_range (NeuronaPlot *self, double *min, double *max);
/* Maps a data point to widget coordinates; FALSE before the first allocation or when the
 * point cannot be shown (non-finite, non-positive on a log axis). */
gboolean neurona_plot_data_to_widget (NeuronaPlot *self, double x, double y, double *wx,
                                      double *wy);
/* Where the axes and the legend are, in widget coordinates (FALSE before allocation). */
gboolean neurona_plot_get_plot_area (NeuronaPlot *self, graphene_rect_t *area);
gboolean neurona_plot_get_legend_area (NeuronaPlot *self, graphene_rect_t *area);
/* "train loss: 0.4321 at step 1200; …": the latest value of each series, as also set
 * (coalesced) as the accessible description. Free with g_free(). */
char *neurona_plot_get_summary (NeuronaPlot *self);

/* Export (neurona-plot-export.c) ---------------------------------------------------- */

/* Draws the plot as it shows on screen (style colours, the widget's font, the window's
 * background; no hover readout or focus ring) at width × height pixels — the widget's
 * size when either is 0 or less — and writes it as a PNG image or an SVG document (with
 * the title as its <title> and the summary as its <desc>). */
gboolean neurona_plot_export_to_stream (NeuronaPlot *self, GOutputStream *stream,
                                        NeuronaPlotFormat format, int width, int height,
                                        GCancellable *cancellable, GError **error);
/* The same into file, replaced only once the whole image is written. */
gboolean neurona_plot_export (NeuronaPlot *self, GFile *file, NeuronaPlotFormat format,
                              int width, int height, GError **error);
/* A file name for the export: the title ("Test accuracy.png"), or "Plot.svg". */
char *neurona_plot_get_export_name (NeuronaPlot *self, NeuronaPlotFormat format);

G_END_DECLS
