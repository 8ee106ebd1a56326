/* neurona-axis.c — extents, ticks and labels of one plot axis; see neurona-axis.h.
 *
 * An axis keeps a linear and a logarithmic automatic extent side by side, so switching
 * the scale needs no pass over the data. */
#include "neurona-axis.h"

/* Slack for floating-point noise when a value sits on a step or a decade. */
#define EPS 1e-9
#define MAX_TICKS 200

typedef struct
{
  double lo, hi;
  gboolean valid;
} Range;

struct _NeuronaAxis
{
  gboolean log_scale;
  Range fixed;    /* data units */
  Range auto_lin; /* data units */
  Range auto_log; /* whole decades, log10 units */
};

void
neurona_extent_add (NeuronaExtent *extent, double value)
{
  g_return_if_fail (extent != NULL);

  if (!isfinite (value))
    return;
  extent->lo = MIN (extent->lo, value);
  extent->hi = MAX (extent->hi, value);
  if (value > 0)
    {
      extent->pos_lo = MIN (extent->pos_lo, value);
      extent->pos_hi = MAX (extent->pos_hi, value);
    }
}

gboolean
neurona_extent_is_empty (const NeuronaExtent *extent)
{
  g_return_val_if_fail (extent != NULL, TRUE);

  return !(extent->lo <= extent->hi);
}

NeuronaAxis *
neurona_axis_new (void)
{
  return g_new0 (NeuronaAxis, 1);
}

void
neurona_axis_free (NeuronaAxis *axis)
{
  g_free (axis);
}

/* ---- nice numbers ----------------------------------------------------------------- */

/* The smallest 1, 2 or 5 × 10^k that is >= raw. */
static double
nice_step (double raw)
{
  double e, f;

  if (!(raw > 0) || !isfinite (raw))
    return 1.0;
  e = floor (log10 (raw));
  f = raw / pow (10.0, e);
  if (f <= 1.0 + EPS)
    f = 1.0;
  else if (f <= 2.0 + EPS)
    f = 2.0;
  else if (f <= 5.0 + EPS)
    f = 5.0;
  else
    f = 10.0;
  return f * pow (10.0, e);
}

/* The 1-2-5 step after step. */
static double
next_nice_step (double step)
{
  double e = floor (log10 (step) + EPS);
  double f = step / pow (10.0, e);

  if (f < 1.5)
    return 2.0 * pow (10.0, e);
  if (f < 3.5)
    return 5.0 * pow (10.0, e);
  return 10.0 * pow (10.0, e);
}

/* Widens [lo, hi] to multiples of a 1-2-5 step, about five steps in all. */
static void
nice_range (double lo, double hi, double *out_lo, double *out_hi)
{
  double step;

  if (hi - lo <= 1e-12 * MAX (1.0, fabs (hi)))
    {
      /* A single value: a small span around it, but never below zero for a first point
       * at zero (a step count, an epoch). */
      if (lo == 0.0)
        hi = 1.0;
      else
        {
          double pad = fabs (lo) * 0.1;
          lo -= pad;
          hi += pad;
        }
    }
  /* A curve that starts far above zero (a loss) and falls: anchor at zero now rather than
   * re-extending the axis downwards several times. */
  if (lo > 0 && lo < 0.4 * hi)
    lo = 0;
  step = nice_step ((hi - lo) / 5.0);
  *out_lo = floor (lo / step + EPS) * step;
  *out_hi = ceil (hi / step - EPS) * step;
}

/* Field by field: memcmp() would also compare the padding. */
static gboolean
range_equal (const Range *a, const Range *b)
{
  return a->valid == b->valid && a->lo == b->lo && a->hi == b->hi;
}

static gboolean
range_grow (Range *r, double lo, double hi)
{
  Range old = *r;

  if (r->valid && lo >= r->lo && hi <= r->hi)
    return FALSE;
  if (r->valid)
    {
      /* At least a quarter of the span at a time. */
      double span = r->hi - r->lo;
      if (hi > r->hi)
        hi = MAX (hi, r->hi + 0.25 * span);
      if (lo < r->lo)
        lo = MIN (lo, r->lo - 0.25 * span);
      lo = MIN (lo, r->lo);
      hi = MAX (hi, r->hi);
    }
  nice_range (lo, hi, &r->lo, &r->hi);
  r->valid = TRUE;
  return !range_equal (&old, r);
}

static gboolean
range_grow_log (Range *r, double lo, double hi)
{
  Range old = *r;
  double dlo, dhi;

  if (!(lo > 0) || !(hi > 0))
    return FALSE;
  dlo = floor (log10 (lo) + EPS);
  dhi = ceil (log10 (hi) - EPS);
  if (dhi <= dlo)
    dhi = dlo + 1;
  if (r->valid)
    {
      dlo = MIN (dlo, r->lo);
      dhi = MAX (dhi, r->hi);
    }
  r->lo = dlo;
  r->hi = dhi;
  r->valid = TRUE;
  return !range_equal (&old, r);
}

/* ---- extent ----------------------------------------------------------------------- */

gboolean
neurona_axis_set_log (NeuronaAxis *axis, gboolean log_scale)
{
  g_return_val_if_fail (axis != NULL, FALSE);

  log_scale = !!log_scale;
  if (axis->log_scale == log_scale)
    return FALSE;
  axis->log_scale = log_scale;
  return TRUE;
}

gboolean
neurona_axis_get_log (const NeuronaAxis *axis)
{
  g_return_val_if_fail (axis != NULL, FALSE);

  return axis->log_scale;
}

gboolean
neurona_axis_set_fixed (NeuronaAxis *axis, double min, double max)
{
  Range r = { min, max, isfinite (min) && isfinite (max) && min < max };

  g_return_val_if_fail (axis != NULL, FALSE);

  if (!r.valid)
    r.lo = r.hi = 0;
  if (range_equal (&r, &axis->fixed))
    return FALSE;
  axis->fixed = r;
  return TRUE;
}

gboolean
neurona_axis_is_fixed (const NeuronaAxis *axis)
{
  g_return_val_if_fail (axis != NULL, FALSE);

  return axis->fixed.valid;
}

gboolean
neurona_axis_include (NeuronaAxis *axis, const NeuronaExtent *extent)
{
  double lo0, hi0, lo1, hi1;

  g_return_val_if_fail (axis != NULL, FALSE);
  g_return_val_if_fail (extent != NULL, FALSE);

  if (neurona_extent_is_empty (extent))
    return FALSE;
  neurona_axis_get_axis_range (axis, &lo0, &hi0);
  range_grow (&axis->auto_lin, extent->lo, extent->hi);
  if (extent->pos_lo <= extent->pos_hi)
    range_grow_log (&axis->auto_log, extent->pos_lo, extent->pos_hi);
  neurona_axis_get_axis_range (axis, &lo1, &hi1);
  return lo0 != lo1 || hi0 != hi1;
}

void
neurona_axis_reset (NeuronaAxis *axis)
{
  g_return_if_fail (axis != NULL);

  axis->auto_lin.valid = axis->auto_log.valid = FALSE;
}

void
neurona_axis_get_axis_range (const NeuronaAxis *axis, double *min, double *max)
{
  double lo = 0, hi = 1;

  g_return_if_fail (axis != NULL);

  if (axis->log_scale)
    {
      if (axis->fixed.valid && axis->fixed.lo > 0)
        lo = log10 (axis->fixed.lo), hi = log10 (axis->fixed.hi);
      else if (axis->auto_log.valid)
        lo = axis->auto_log.lo, hi = axis->auto_log.hi;
    }
  else if (axis->fixed.valid)
    lo = axis->fixed.lo, hi = axis->fixed.hi;
  else if (axis->auto_lin.valid)
    lo = axis->auto_lin.lo, hi = axis->auto_lin.hi;
  if (min)
    *min = lo;
  if (max)
    *max = hi;
}

void
neurona_axis_get_range (const NeuronaAxis *axis, double *min, double *max)
{
  double lo, hi;

  g_return_if_fail (axis != NULL);

  neurona_axis_get_axis_range (axis, &lo, &hi);
  if (axis->log_scale)
    lo = pow (10, lo), hi = pow (10, hi);
  if (min)
    *min = lo;
  if (max)
    *max = hi;
}

/* ---- mapping ---------------------------------------------------------------------- */

gboolean
neurona_axis_transform (const NeuronaAxis *axis, double value, double *out)
{
  g_return_val_if_fail (axis != NULL, FALSE);

  if (!isfinite (value))
    return FALSE;
  if (axis->log_scale)
    {
      if (value <= 0)
        return FALSE;
      value = log10 (value);
    }
  if (out)
    *out = value;
  return TRUE;
}

gboolean
neurona_axis_to_unit (const NeuronaAxis *axis, double value, double *t)
{
  double v, lo, hi;

  g_return_val_if_fail (axis != NULL, FALSE);

  if (!neurona_axis_transform (axis, value, &v))
    return FALSE;
  neurona_axis_get_axis_range (axis, &lo, &hi);
  if (t)
    *t = (v - lo) / (hi - lo);
  return TRUE;
}

double
neurona_axis_from_unit (const NeuronaAxis *axis, double t)
{
  double lo, hi, v;

  g_return_val_if_fail (axis != NULL, NAN);

  neurona_axis_get_axis_range (axis, &lo, &hi);
  v = lo + t * (hi - lo);
  return axis->log_scale ? pow (10, v) : v;
}

/* ---- ticks ------------------------------------------------------------------------ */

static void
tick_clear (gpointer data)
{
  NeuronaTick *t = data;

  g_clear_pointer (&t->label, g_free);
}

static GArray *
tick_array_new (void)
{
  GArray *ticks = g_array_new (FALSE, TRUE, sizeof (NeuronaTick));

  g_array_set_clear_func (ticks, tick_clear);
  return ticks;
}

static void
linear_ticks (GArray *ticks, double lo, double hi, double length, double min_spacing,
              NeuronaAxisMeasureFunc measure, gpointer user_data)
{
  double span = hi - lo;
  double step = nice_step (span * min_spacing / length);

  for (int attempt = 0; attempt < 8; attempt++)
    {
      double first = ceil (lo / step - EPS);
      double last = floor (hi / step + EPS);
      double widest = 0;

      g_array_set_size (ticks, 0);
      if (last - first >= MAX_TICKS)
        {
          step = next_nice_step (step);
          continue;
        }
      for (double k = first; k <= last; k++)
        {
          /* k × step rather than a running sum: no drift, and the same values whatever
           * the range's start. */
          NeuronaTick t = { k * step, NULL };

          if (fabs (t.value) < step * EPS)
            t.value = 0.0;
          t.label = neurona_axis_format_tick (t.value, step);
          if (measure)
            widest = MAX (widest, measure (t.label, user_data));
          g_array_append_val (ticks, t);
        }
      if (measure == NULL || widest + 12.0 <= step / span * length)
        break;
      step = next_nice_step (step);
    }
}

static void
log_ticks (GArray *ticks, double lo, double hi, double length, double min_spacing)
{
  double per_decade = length / MAX (hi - lo, EPS);
  int every = 1;

  while (per_decade * every < min_spacing && every < 64)
    every *= 2;
  for (int k = (int) floor (lo); k <= (int) ceil (hi); k++)
    {
      if (k >= lo - EPS && k <= hi + EPS && k % every == 0)
        {
          NeuronaTick t = { k, neurona_axis_format_decade (k) };
          g_array_append_val (ticks, t);
        }
      if (every == 1 && per_decade >= 40)
        for (int m = 2; m <= 9; m++)
          {
            NeuronaTick t = { k + log10 (m), NULL };
            if (t.value > lo && t.value < hi)
              g_array_append_val (ticks, t);
          }
    }
}

GArray *
neurona_axis_get_ticks (const NeuronaAxis *axis, double length, double min_spacing,
                        NeuronaAxisMeasureFunc measure, gpointer user_data)
{
  GArray *ticks;
  double lo, hi;

  g_return_val_if_fail (axis != NULL, NULL);

  ticks = tick_array_new ();
  neurona_axis_get_axis_range (axis, &lo, &hi);
  length = MAX (length, 1.0);
  min_spacing = MAX (min_spacing, 1.0);
  if (axis->log_scale)
    log_ticks (ticks, lo, hi, length, min_spacing);
  else
    linear_ticks (ticks, lo, hi, length, min_spacing, measure, user_data);
  return ticks;
}

/* ---- labels ----------------------------------------------------------------------- */

char *
neurona_axis_format_tick (double value, double step)
{
  int decimals;

  if (fabs (value) < step * 1e-6)
    value = 0.0;
  if (fabs (value) >= 1e7 || (value != 0.0 && fabs (value) < 1e-5))
    return g_strdup_printf ("%g", value);
  decimals = step < 1.0 ? (int) ceil (-log10 (step) - EPS) : 0;
  return g_strdup_printf ("%.*f", decimals, value);
}

char *
neurona_axis_format_decade (int exponent)
{
  static const char *const sup[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  GString *s = g_string_new ("10");
  char digits[16];

  if (exponent < 0)
    g_string_append (s, "⁻");
  g_snprintf (digits, sizeof digits, "%d", ABS (exponent));
  for (const char *p = digits; *p; p++)
    g_string_append (s, sup[*p - '0']);
  return g_string_free (s, FALSE);
}

char *
neurona_axis_format_value (double value)
{
  if (!isfinite (value))
    return g_strdup_printf ("%g", value);
  if (value == floor (value) && fabs (value) < 1e9)
    return g_strdup_printf ("%.0f", value);
  if (fabs (value) >= 1e4 && fabs (value) < 1e9)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.4g", value);
}
