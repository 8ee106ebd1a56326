/* neurona-series.h — the points of one plot series and the few that are drawn of them.
 *
 * Points are kept as appended (amortised O(1)). The drawn points are decimated for a given
 * pair of axes and plot width — at most two per pixel column (the column's lowest and
 * highest value, in their order) when x never decreases — and cached as positions 0…1 along
 * each axis: drawing only scales them. The cache is extended in place by an append and
 * rebuilt when the points are replaced or cleared, or when the axes or the width change.
 * Plain C and GLib, like neurona-axis.h. */
#pragma once

#include "neurona-axis.h"

G_BEGIN_DECLS

/* A drawn vertex: x and y are positions along the axes (0…1 inside the plot, y upwards).
 * A vertex with a NaN x lifts the pen: the line breaks there (a non-finite value, or one
 * a log axis cannot show). index is the point it came from. */
typedef struct
{
  double x, y;
  guint index;
} NeuronaSeriesVertex;

typedef struct _NeuronaSeries NeuronaSeries;

NeuronaSeries *neurona_series_new (void);
void neurona_series_free (NeuronaSeries *series);

void neurona_series_append (NeuronaSeries *series, double x, double y);
/* Replaces the points (copied). */
void neurona_series_set_points (NeuronaSeries *series, const double *xs, const double *ys,
                                gsize n);
void neurona_series_clear (NeuronaSeries *series);

guint neurona_series_get_n_points (const NeuronaSeries *series);
double neurona_series_get_x (const NeuronaSeries *series, guint index);
double neurona_series_get_y (const NeuronaSeries *series, guint index);
/* x never decreased. */
gboolean neurona_series_get_sorted (const NeuronaSeries *series);
/* Of the points whose x and y are both finite. */
void neurona_series_get_extents (const NeuronaSeries *series, NeuronaExtent *x, NeuronaExtent *y);

/* The point nearest to x (by x alone) that the y axis can show, or -1. */
int neurona_series_nearest (const NeuronaSeries *series, double x, const NeuronaAxis *y_axis);

/* The vertices to draw for these axes on a plot width pixels wide, valid until the series
 * or the arguments change. n_vertices counts the drawn vertices (not the pen lifts). */
const NeuronaSeriesVertex *neurona_series_get_vertices (NeuronaSeries *series,
                                                        const NeuronaAxis *x_axis,
                                                        const NeuronaAxis *y_axis, int width,
                                                        guint *n_entries, guint *n_vertices);
/* How many times the cache was rebuilt from scratch (tests of the cache). */
guint neurona_series_get_n_rebuilds (const NeuronaSeries *series);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NeuronaSeries, neurona_series_free)

G_END_DECLS
