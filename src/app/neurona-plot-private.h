/* neurona-plot-private.h — for tests of NeuronaPlot's drawing. */
#pragma once

#include "neurona-plot.h"

G_BEGIN_DECLS

/* Vertices emitted by the last snapshot over all series (after decimation). */
guint _neurona_plot_get_n_drawn_points (NeuronaPlot *self);

/* The hover readout's text for the pointer at widget_x, lines joined by "\n"
 * ("step: 120\ntrain: 0.25"), or NULL when nothing is near. */
char *_neurona_plot_get_readout (NeuronaPlot *self, double widget_x);

G_END_DECLS
