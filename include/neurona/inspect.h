/* inspect.h — looking inside a trained network and at what it is shown.
 *
 * What the Understand page's "First-layer weights" and "Drawing pad" views compute, with
 * no display: a first-layer unit's incoming weights as a 28 × 28 picture and the range a
 * page of them shares; the images that excite a unit most; a drawing prepared the way the
 * dataset's own images were; and the training images nearest to an image.
 */
#pragma once

#include <glib.h>

#include "neurona/dataset.h"
#include "neurona/weights.h"

G_BEGIN_DECLS

/* The side of the images Neurona's datasets hold (28 × 28 = 784 pixels). */
#define NR_INSPECT_SIDE 28

/* Units of the first dense layer (the first hidden layer); 0 when there is none, as in a
 * network without hidden layers, whose first dense layer already is the output. */
guint nr_inspect_first_layer_units (const NrWeights *weights);

/* Unit `unit`'s incoming weights in the first dense layer: out[p] = W[p][unit] for each
 * input p (the core keeps W as (in, out) row-major), so out is the unit's picture
 * row-major (out: (input_size)). FALSE when there is no such unit. */
gboolean nr_inspect_unit_weights (const NrWeights *weights, guint unit, float *out);

/* The largest |w| over the incoming weights of units first … first + n - 1 (those that
 * exist), so pictures of a page can share one symmetric scale [-range, range]; the
 * smallest and largest weight in *out_min / *out_max (either may be NULL). 0 when there
 * are no such units. */
float nr_inspect_units_range (const NrWeights *weights, guint first, guint n, float *out_min,
                              float *out_max);

/* The first layer's pre-activation (before its activation function) of unit `unit` for
 * every image of set: out[i] = Σ_p x_p W[p][unit] + b[unit], x the pixels scaled as
 * normalize says (out: (set->n)). FALSE when there is no such unit or the images are not
 * of the network's input size. */
gboolean nr_inspect_unit_responses (const NrWeights *weights, guint unit, const NrImageSet *set,
                                    gboolean normalize, float *out);

/* Indices of the k largest of values (n of them), largest first; equal values in index
 * order; NaN never chosen. Returns how many were written: min (k, n finite values). */
guint nr_inspect_top_k (const float *values, guint n, guint k, guint *out_indices);

/* How a drawing is made to look like the dataset's images. */
typedef enum {
  /* MNIST's digits: the ink's bounding box scaled to fit 20 × 20 keeping its aspect,
   * placed so that its centre of mass is at the centre of the 28 × 28 frame. */
  NR_PREPROCESS_MNIST,
  /* Fashion-MNIST's items: the bounding box scaled so that its longer side fills the
   * 28 × 28 frame, keeping its aspect, and centred. */
  NR_PREPROCESS_FASHION,
  NR_N_PREPROCESS
} NrPreprocess;

NrPreprocess nr_preprocess_for_dataset (NrDatasetId id);

/* Prepares a drawing: ink (rows, cols) row-major, 0 (paper) … 1 (full ink), becomes out
 * (28, 28) uint8 0 … 255 as the datasets store pixels (area-averaged, so thin strokes
 * keep soft edges). FALSE, with out all zeros, when there is no ink. */
gboolean nr_preprocess_drawing (const float *ink, guint rows, guint cols, NrPreprocess mode,
                                guint8 *out);

/* Ink becomes paper and paper ink: ink[i] = 1 - ink[i] (values clamped to 0 … 1). */
void nr_invert_drawing (float *ink, gsize n);

/* The ink's centre of mass in continuous pixel coordinates (pixel (r, c) spans r … r + 1,
 * so the centre of a 28 × 28 frame is (14, 14)). FALSE when there is no ink. */
gboolean nr_image_centre_of_mass (const guint8 *pixels, guint rows, guint cols, double *out_row,
                                  double *out_col);

/* The k images of set nearest to image (rows × cols of set, uint8) by Euclidean distance
 * on the pixels, nearest first, equal distances in index order; their distances in
 * out_distances when it is not NULL. Returns how many were written: min (k, set->n). */
guint nr_nearest_images (const NrImageSet *set, const guint8 *image, guint k,
                         guint *out_indices, double *out_distances);

G_END_DECLS
