/* inspect.c — a network's first layer, drawings and nearest images (inspect.h). */
#include "neurona/inspect.h"

#include <math.h>
#include <string.h>

guint
nr_inspect_first_layer_units (const NrWeights *weights)
{
  const NrModelSpec *spec;

  g_return_val_if_fail (weights != NULL, 0);

  spec = nr_weights_get_spec (weights);
  return spec->n_hidden > 0 ? spec->hidden[0].units : 0;
}

gboolean
nr_inspect_unit_weights (const NrWeights *weights, guint unit, float *out)
{
  guint units, in;
  const float *w;

  g_return_val_if_fail (weights != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  units = nr_inspect_first_layer_units (weights);
  if (unit >= units)
    return FALSE;
  in = nr_weights_get_spec (weights)->input_size;
  w = nr_weights_get_layer (weights, 0, NULL); /* (in, units) */
  for (guint p = 0; p < in; p++)
    out[p] = w[(gsize) p * units + unit];
  return TRUE;
}

float
nr_inspect_units_range (const NrWeights *weights, guint first, guint n, float *out_min,
                        float *out_max)
{
  guint units, in, last;
  const float *w;
  float lo = 0, hi = 0;
  gboolean any = FALSE;

  g_return_val_if_fail (weights != NULL, 0);

  units = nr_inspect_first_layer_units (weights);
  in = nr_weights_get_spec (weights)->input_size;
  last = first < units ? first + MIN (n, units - first) : first;
  if (first < last)
    {
      w = nr_weights_get_layer (weights, 0, NULL);
      for (guint p = 0; p < in; p++)
        for (guint u = first; u < last; u++)
          {
            float v = w[(gsize) p * units + u];

            if (!any || v < lo)
              lo = v;
            if (!any || v > hi)
              hi = v;
            any = TRUE;
          }
    }
  if (out_min != NULL)
    *out_min = lo;
  if (out_max != NULL)
    *out_max = hi;
  return MAX (fabsf (lo), fabsf (hi));
}

gboolean
nr_inspect_unit_responses (const NrWeights *weights, guint unit, const NrImageSet *set,
                           gboolean normalize, float *out)
{
  g_autofree float *column = NULL;
  const float *biases;
  guint in;
  float scale = normalize ? 1.0f / 255.0f : 1.0f;

  g_return_val_if_fail (weights != NULL, FALSE);
  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (out != NULL || set->n == 0, FALSE);

  in = nr_weights_get_spec (weights)->input_size;
  if (unit >= nr_inspect_first_layer_units (weights) || set->rows * set->cols != in)
    return FALSE;

  /* The unit's column once, contiguous, rather than strided through W for every image. */
  column = g_new (float, in);
  nr_inspect_unit_weights (weights, unit, column);
  nr_weights_get_layer (weights, 0, &biases);
  for (guint i = 0; i < set->n; i++)
    {
      const guint8 *x = set->pixels + (gsize) i * in;
      float sum = 0;

      for (guint p = 0; p < in; p++)
        sum += (float) x[p] * column[p];
      out[i] = sum * scale + biases[unit];
    }
  return TRUE;
}

/* Does (value a, index ia) rank before (b, ib)? Larger first, then the smaller index. */
static inline gboolean
ranks_before (float a, guint ia, float b, guint ib)
{
  return a > b || (a == b && ia < ib);
}

guint
nr_inspect_top_k (const float *values, guint n, guint k, guint *out_indices)
{
  guint count = 0;

  g_return_val_if_fail (values != NULL || n == 0, 0);
  g_return_val_if_fail (out_indices != NULL || k == 0, 0);

  /* Insertion into a sorted list of k: k is a handful of thumbnails. */
  for (guint i = 0; i < n && k > 0; i++)
    {
      float v = values[i];
      guint pos;

      if (isnan (v))
        continue;
      if (count == k && !ranks_before (v, i, values[out_indices[k - 1]], out_indices[k - 1]))
        continue;
      pos = count < k ? count++ : k - 1;
      while (pos > 0 && ranks_before (v, i, values[out_indices[pos - 1]], out_indices[pos - 1]))
        {
          out_indices[pos] = out_indices[pos - 1];
          pos--;
        }
      out_indices[pos] = i;
    }
  return count;
}

NrPreprocess
nr_preprocess_for_dataset (NrDatasetId id)
{
  return id == NR_DATASET_FASHION_MNIST ? NR_PREPROCESS_FASHION : NR_PREPROCESS_MNIST;
}

/* Ink below half a grey level would be 0 once stored: it does not count. */
#define INK_EPS (0.5f / 255.0f)

/* Length of the overlap of [a0, a1) and [b0, b1). */
static inline double
overlap (double a0, double a1, double b0, double b1)
{
  double lo = MAX (a0, b0), hi = MIN (a1, b1);

  return hi > lo ? hi - lo : 0;
}

gboolean
nr_preprocess_drawing (const float *ink, guint rows, guint cols, NrPreprocess mode, guint8 *out)
{
  const guint side = NR_INSPECT_SIDE;
  guint r0 = rows, r1 = 0, c0 = cols, c1 = 0;
  double mass = 0, mr = 0, mc = 0, box, scale, off_r, off_c;
  g_autofree double *wr = NULL, *wc = NULL;

  g_return_val_if_fail (ink != NULL || rows * cols == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (mode < NR_N_PREPROCESS, FALSE);

  memset (out, 0, side * side);
  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < cols; c++)
      {
        float v = CLAMP (ink[(gsize) r * cols + c], 0.0f, 1.0f);

        if (!(v >= INK_EPS)) /* NaN is paper */
          continue;
        r0 = MIN (r0, r);
        r1 = MAX (r1, r + 1);
        c0 = MIN (c0, c);
        c1 = MAX (c1, c + 1);
        mass += v;
        mr += v * (r + 0.5);
        mc += v * (c + 0.5);
      }
  if (mass == 0)
    return FALSE;

  /* dst = (src - origin) * scale + offset, in continuous coordinates. */
  box = mode == NR_PREPROCESS_MNIST ? 20.0 : (double) side;
  scale = box / MAX (r1 - r0, c1 - c0);
  if (mode == NR_PREPROCESS_MNIST)
    {
      /* Area averaging keeps the first moment, so the centre of mass lands where it is put. */
      off_r = side / 2.0 - (mr / mass - r0) * scale;
      off_c = side / 2.0 - (mc / mass - c0) * scale;
    }
  else
    {
      off_r = (side - (r1 - r0) * scale) / 2.0;
      off_c = (side - (c1 - c0) * scale) / 2.0;
    }

  /* Each output pixel is the mean ink over the source area it covers: separable weights
   * wr[R][r] (row R of out, row r of the box) times wc[C][c]. */
  wr = g_new0 (double, (gsize) side * (r1 - r0));
  wc = g_new0 (double, (gsize) side * (c1 - c0));
  for (guint R = 0; R < side; R++)
    for (guint r = r0; r < r1; r++)
      wr[(gsize) R * (r1 - r0) + (r - r0)]
          = overlap (R, R + 1, (r - r0) * scale + off_r, (r - r0 + 1) * scale + off_r);
  for (guint C = 0; C < side; C++)
    for (guint c = c0; c < c1; c++)
      wc[(gsize) C * (c1 - c0) + (c - c0)]
          = overlap (C, C + 1, (c - c0) * scale + off_c, (c - c0 + 1) * scale + off_c);

  for (guint R = 0; R < side; R++)
    for (guint C = 0; C < side; C++)
      {
        double sum = 0;

        for (guint r = r0; r < r1; r++)
          {
            double a = wr[(gsize) R * (r1 - r0) + (r - r0)];

            if (a == 0)
              continue;
            for (guint c = c0; c < c1; c++)
              {
                double b = wc[(gsize) C * (c1 - c0) + (c - c0)];
                float v = ink[(gsize) r * cols + c];

                if (b != 0 && v >= INK_EPS)
                  sum += a * b * MIN (v, 1.0f);
              }
          }
        /* Each output pixel has area 1: the overlaps already are its fractions. */
        out[R * side + C] = (guint8) lround (CLAMP (sum, 0.0, 1.0) * 255.0);
      }
  return TRUE;
}

void
nr_invert_drawing (float *ink, gsize n)
{
  g_return_if_fail (ink != NULL || n == 0);

  for (gsize i = 0; i < n; i++)
    ink[i] = 1.0f - CLAMP (ink[i], 0.0f, 1.0f);
}

gboolean
nr_image_centre_of_mass (const guint8 *pixels, guint rows, guint cols, double *out_row,
                         double *out_col)
{
  double mass = 0, mr = 0, mc = 0;

  g_return_val_if_fail (pixels != NULL || rows * cols == 0, FALSE);

  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < cols; c++)
      {
        double v = pixels[(gsize) r * cols + c];

        mass += v;
        mr += v * (r + 0.5);
        mc += v * (c + 0.5);
      }
  if (mass == 0)
    return FALSE;
  if (out_row != NULL)
    *out_row = mr / mass;
  if (out_col != NULL)
    *out_col = mc / mass;
  return TRUE;
}

guint
nr_nearest_images (const NrImageSet *set, const guint8 *image, guint k, guint *out_indices,
                   double *out_distances)
{
  gsize npix;
  g_autofree guint64 *best = NULL; /* squared distances of out_indices */
  guint count = 0;

  g_return_val_if_fail (set != NULL, 0);
  g_return_val_if_fail (image != NULL, 0);
  g_return_val_if_fail (out_indices != NULL || k == 0, 0);

  npix = (gsize) set->rows * set->cols;
  best = g_new (guint64, MAX (k, 1u));
  for (guint i = 0; i < set->n && k > 0; i++)
    {
      const guint8 *x = set->pixels + i * npix;
      guint64 d = 0;
      guint pos;

      /* Integers: exact, so ties are ties and the order is the same on every machine. */
      for (gsize p = 0; p < npix; p++)
        {
          int diff = (int) x[p] - (int) image[p];

          d += (guint64) (diff * diff);
        }
      if (count == k && d >= best[k - 1])
        continue;
      pos = count < k ? count++ : k - 1;
      while (pos > 0 && d < best[pos - 1])
        {
          best[pos] = best[pos - 1];
          out_indices[pos] = out_indices[pos - 1];
          pos--;
        }
      best[pos] = d;
      out_indices[pos] = i;
    }
  if (out_distances != NULL)
    for (guint j = 0; j < count; j++)
      out_distances[j] = sqrt ((double) best[j]);
  return count;
}
