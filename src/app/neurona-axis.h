/* neurona-axis.h — one axis of a plot, without a display: the extent it shows (fixed, or
 * "nice" and only growing), its ticks and their labels, and the mapping between data values
 * and a position 0…1 along it. Plain C and GLib (no GTK, no Cairo), so tests need no
 * display; NeuronaPlot turns positions into pixels. */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/* The smallest and largest finite values seen, and the smallest and largest positive ones
 * (what a log axis can show). Start from NEURONA_EXTENT_INIT. */
typedef struct
{
  double lo, hi;
  double pos_lo, pos_hi;
} NeuronaExtent;

#define NEURONA_EXTENT_INIT ((NeuronaExtent) { INFINITY, -INFINITY, INFINITY, -INFINITY })

/* Non-finite values are skipped. */
void neurona_extent_add (NeuronaExtent *extent, double value);
/* Nothing finite was added. */
gboolean neurona_extent_is_empty (const NeuronaExtent *extent);

typedef struct
{
  double value; /* axis units: the data value, or its log10 on a log axis */
  char *label;  /* NULL for a minor tick */
} NeuronaTick;

/* The width a tick label needs, in the same units as the axis length (pixels). */
typedef double (*NeuronaAxisMeasureFunc) (const char *label, gpointer user_data);

typedef struct _NeuronaAxis NeuronaAxis;

NeuronaAxis *neurona_axis_new (void);
void neurona_axis_free (NeuronaAxis *axis);

/* Logarithmic (base 10): non-positive values cannot be shown. TRUE when it changed. */
gboolean neurona_axis_set_log (NeuronaAxis *axis, gboolean log_scale);
gboolean neurona_axis_get_log (const NeuronaAxis *axis);

/* A fixed extent in data units wins over the automatic one; min >= max (or a non-finite
 * bound) returns to automatic. TRUE when it changed. */
gboolean neurona_axis_set_fixed (NeuronaAxis *axis, double min, double max);
gboolean neurona_axis_is_fixed (const NeuronaAxis *axis);

/* Grows the automatic extent to cover extent, in steps of 1, 2 or 5 × 10^k (whole decades
 * on a log axis), by at least a quarter of the span each time so a live curve moves the
 * axis a few times, not at every point. It never shrinks. TRUE when the extent shown
 * changed. */
gboolean neurona_axis_include (NeuronaAxis *axis, const NeuronaExtent *extent);
/* Forgets the automatic extent (a new run starts). */
void neurona_axis_reset (NeuronaAxis *axis);

/* The extent shown, in data units: [0, 1] (or [1, 10] on a log axis) before any data. */
void neurona_axis_get_range (const NeuronaAxis *axis, double *min, double *max);
/* The same in axis units (log10 of the data on a log axis). */
void neurona_axis_get_axis_range (const NeuronaAxis *axis, double *min, double *max);

/* value (data units) → axis units; FALSE when it cannot be shown (non-finite, or
 * non-positive on a log axis). */
gboolean neurona_axis_transform (const NeuronaAxis *axis, double value, double *out);
/* value (data units) → position along the axis: 0 at its start, 1 at its end (outside
 * 0…1 beyond them). FALSE as for neurona_axis_transform(). */
gboolean neurona_axis_to_unit (const NeuronaAxis *axis, double value, double *t);
/* Position along the axis → data units. */
double neurona_axis_from_unit (const NeuronaAxis *axis, double t);

/* Ticks for the axis drawn length pixels long, at least min_spacing pixels apart, in
 * increasing order. Linear ticks sit on multiples of a 1-2-5 step (so ticks stay put while
 * a range grows and keeps its step); with a measure function (labels side by side, as on a
 * horizontal axis) the step also grows until every label fits its slot with 12 px to spare.
 * Log ticks are labelled decades ("10⁻³"), every second or fourth one when decades are
 * close, with unlabelled minor ticks at 2…9 × 10^k when a decade has 40 px or more.
 * Returns a GArray of NeuronaTick that frees the labels. */
GArray *neurona_axis_get_ticks (const NeuronaAxis *axis, double length, double min_spacing,
                                NeuronaAxisMeasureFunc measure, gpointer user_data);

/* Labels ---------------------------------------------------------------------------- */

/* A linear tick's label: as many decimals as the step needs ("0.2", "1500"), "%g" for
 * very large or very small values. */
char *neurona_axis_format_tick (double value, double step);
/* "10³", "10⁻⁴". */
char *neurona_axis_format_decade (int exponent);
/* An exact value for a readout: whole numbers without decimals ("1200"), four significant
 * digits otherwise ("0.4321"), one decimal from 10,000 on. */
char *neurona_axis_format_value (double value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NeuronaAxis, neurona_axis_free)

G_END_DECLS
