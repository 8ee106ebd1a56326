/* test-inspect.c — what the Understand page shows of a network, computed without a
 * display: a unit's incoming weights as its picture, pixel for pixel in the right row and
 * column order; the images that excite a unit most; a drawing prepared as MNIST's and
 * Fashion-MNIST's images were; and the nearest training images, against brute force. */
#include <math.h>
#include <string.h>

#include "neurona/inspect.h"
#include "neurona/weights.h"

#define SIDE NR_INSPECT_SIDE
#define NPIX (SIDE * SIDE)

/* 784 → Dense(units, relu) → Dense(10) with every parameter zero. */
static NrModel *
zero_model (guint units)
{
  g_autoptr (GError) error = NULL;
  NrModelSpec spec;
  NrModel *model;
  gsize n;
  float *params;

  nr_model_spec_init_tutorial (&spec, FALSE);
  spec.hidden[0].units = units;
  model = nr_model_new (&spec, 1, &error);
  g_assert_no_error (error);
  params = nr_model_get_params (model, &n);
  memset (params, 0, n * sizeof (float));
  return model;
}

/* The weight unit 3 gets from pixel (r, c): unlike any other pixel's, and not symmetric in
 * r and c, so a transposed picture or a row taken for a column cannot pass. */
static float
pattern (guint r, guint c)
{
  return (float) r * 0.01f - (float) c * 0.001f + 0.0001f;
}

static void
test_unit_weights_picture (void)
{
  g_autoptr (NrModel) model = zero_model (8);
  float *w = nr_model_get_weights (model, 0); /* (784, 8) */
  g_autoptr (NrWeights) weights = NULL;
  float pic[NPIX];
  float lo, hi, range;

  for (guint r = 0; r < SIDE; r++)
    for (guint c = 0; c < SIDE; c++)
      w[(r * SIDE + c) * 8 + 3] = pattern (r, c);
  w[(5 * SIDE + 7) * 8 + 4] = -0.9f; /* another unit: not in unit 3's picture */
  weights = nr_weights_new_from_model (model);

  g_assert_cmpuint (nr_inspect_first_layer_units (weights), ==, 8);
  g_assert_true (nr_inspect_unit_weights (weights, 3, pic));
  for (guint r = 0; r < SIDE; r++)
    for (guint c = 0; c < SIDE; c++)
      g_assert_cmpfloat (pic[r * SIDE + c], ==, pattern (r, c));
  g_assert_true (nr_inspect_unit_weights (weights, 4, pic));
  g_assert_cmpfloat (pic[5 * SIDE + 7], ==, -0.9f);
  g_assert_cmpfloat (pic[5 * SIDE + 8], ==, 0.0f);
  g_assert_false (nr_inspect_unit_weights (weights, 8, pic));

  /* Unit 3 alone: its extremes are at (27, 0) and (0, 27). */
  range = nr_inspect_units_range (weights, 3, 1, &lo, &hi);
  g_assert_cmpfloat (hi, ==, pattern (27, 0));
  g_assert_cmpfloat (lo, ==, pattern (0, 27));
  g_assert_cmpfloat (range, ==, MAX (fabsf (lo), fabsf (hi)));
  /* Units 0 … 4 take unit 4's -0.9 in. */
  range = nr_inspect_units_range (weights, 0, 5, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -0.9f);
  g_assert_cmpfloat (range, ==, 0.9f);
  /* A page past the last unit is cut there, and one past the end is empty. */
  range = nr_inspect_units_range (weights, 4, 64, NULL, NULL);
  g_assert_cmpfloat (range, ==, 0.9f);
  g_assert_cmpfloat (nr_inspect_units_range (weights, 8, 32, &lo, &hi), ==, 0.0f);
}

static void
test_no_hidden_layer (void)
{
  g_autoptr (GError) error = NULL;
  NrModelSpec spec;
  g_autoptr (NrModel) model = NULL;
  g_autoptr (NrWeights) weights = NULL;
  float pic[NPIX];

  nr_model_spec_init_tutorial (&spec, FALSE);
  spec.n_hidden = 0;
  model = nr_model_new (&spec, 1, &error);
  g_assert_no_error (error);
  weights = nr_weights_new_from_model (model);
  g_assert_cmpuint (nr_inspect_first_layer_units (weights), ==, 0);
  g_assert_false (nr_inspect_unit_weights (weights, 0, pic));
}

static void
test_top_k_by_hand (void)
{
  const float values[] = { 0.5f, 2.0f, -1.0f, NAN, 2.0f, 7.0f, 0.0f, 3.0f };
  guint idx[8] = { 0 };

  /* 7 > 3 > 2 (index 1) = 2 (index 4) > 0.5 … */
  g_assert_cmpuint (nr_inspect_top_k (values, 8, 4, idx), ==, 4);
  g_assert_cmpuint (idx[0], ==, 5);
  g_assert_cmpuint (idx[1], ==, 7);
  g_assert_cmpuint (idx[2], ==, 1);
  g_assert_cmpuint (idx[3], ==, 4);
  /* More asked than there are numbers: the NaN is left out. */
  g_assert_cmpuint (nr_inspect_top_k (values, 8, 8, idx), ==, 7);
  g_assert_cmpuint (idx[6], ==, 2);
  g_assert_cmpuint (nr_inspect_top_k (values, 8, 0, idx), ==, 0);
}

static void
test_unit_responses (void)
{
  g_autoptr (NrModel) model = zero_model (4);
  float *w = nr_model_get_weights (model, 0);
  float *b = nr_model_get_biases (model, 0);
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (NrImageSet) set = NULL;
  guint8 pixels[5 * NPIX] = { 0 };
  guint8 labels[5] = { 0, 1, 2, 3, 4 };
  float resp[5];
  guint idx[3];

  /* Unit 2 likes pixel (0, 1) and dislikes pixel (1, 0). */
  w[1 * 4 + 2] = 1.0f;
  w[SIDE * 4 + 2] = -1.0f;
  b[2] = 0.25f;
  weights = nr_weights_new_from_model (model);
  pixels[0 * NPIX + 1] = 255;                     /* image 0: +1 */
  pixels[1 * NPIX + SIDE] = 255;                  /* image 1: -1 */
  pixels[2 * NPIX + 1] = 51;                      /* image 2: +0.2 */
  pixels[3 * NPIX + 1] = 255;                     /* image 3: +1 - 1 */
  pixels[3 * NPIX + SIDE] = 255;
  /* image 4: nothing: the bias alone */
  set = nr_image_set_new (5, SIDE, SIDE, pixels, labels);

  g_assert_true (nr_inspect_unit_responses (weights, 2, set, TRUE, resp));
  g_assert_cmpfloat_with_epsilon (resp[0], 1.25f, 1e-6);
  g_assert_cmpfloat_with_epsilon (resp[1], -0.75f, 1e-6);
  g_assert_cmpfloat_with_epsilon (resp[2], 0.45f, 1e-6);
  g_assert_cmpfloat_with_epsilon (resp[3], 0.25f, 1e-6);
  g_assert_cmpfloat_with_epsilon (resp[4], 0.25f, 1e-6);
  g_assert_cmpuint (nr_inspect_top_k (resp, 5, 3, idx), ==, 3);
  g_assert_cmpuint (idx[0], ==, 0);
  g_assert_cmpuint (idx[1], ==, 2);
  g_assert_cmpuint (idx[2], ==, 3); /* 0.25 twice: the first index first */

  /* Unscaled pixels: 255 per full pixel. */
  g_assert_true (nr_inspect_unit_responses (weights, 2, set, FALSE, resp));
  g_assert_cmpfloat_with_epsilon (resp[0], 255.25f, 1e-4);
  g_assert_false (nr_inspect_unit_responses (weights, 4, set, TRUE, resp));
}

/* Bounding box of the non-zero pixels of a 28 × 28 image. */
static void
bbox (const guint8 *img, guint *r0, guint *r1, guint *c0, guint *c1)
{
  *r0 = *c0 = SIDE;
  *r1 = *c1 = 0;
  for (guint r = 0; r < SIDE; r++)
    for (guint c = 0; c < SIDE; c++)
      if (img[r * SIDE + c] != 0)
        {
          *r0 = MIN (*r0, r);
          *r1 = MAX (*r1, r + 1);
          *c0 = MIN (*c0, c);
          *c1 = MAX (*c1, c + 1);
        }
}

static void
test_preprocess_mnist_rectangle (void)
{
  float ink[NPIX] = { 0 };
  guint8 out[NPIX];
  guint r0, r1, c0, c1;
  double cr, cc;

  /* A filled rectangle 4 wide and 10 tall in the top-left corner. */
  for (guint r = 1; r < 11; r++)
    for (guint c = 0; c < 4; c++)
      ink[r * SIDE + c] = 1.0f;
  g_assert_true (nr_preprocess_drawing (ink, SIDE, SIDE, NR_PREPROCESS_MNIST, out));
  bbox (out, &r0, &r1, &c0, &c1);
  g_assert_cmpuint (r1 - r0, ==, 20); /* fits 20 × 20, keeping its aspect: 8 × 20 */
  g_assert_cmpuint (c1 - c0, ==, 8);
  g_assert_true (nr_image_centre_of_mass (out, SIDE, SIDE, &cr, &cc));
  g_assert_cmpfloat_with_epsilon (cr, 14.0, 0.5);
  g_assert_cmpfloat_with_epsilon (cc, 14.0, 0.5);
  g_assert_cmpuint (out[14 * SIDE + 14], ==, 255);
  g_assert_cmpuint (out[2 * SIDE + 14], ==, 0);
}

static void
test_preprocess_mnist_centre_of_mass (void)
{
  float ink[NPIX] = { 0 };
  guint8 out[NPIX];
  guint r0, r1, c0, c1;
  double cr, cc;

  /* An L: heavy at the bottom, so its centre of mass is not its box's centre. */
  for (guint r = 20; r < 27; r++)
    ink[r * SIDE + 20] = 1.0f;
  for (guint c = 20; c < 27; c++)
    ink[26 * SIDE + c] = 0.8f;
  ink[20 * SIDE + 21] = 0.3f; /* a soft edge */
  g_assert_true (nr_preprocess_drawing (ink, SIDE, SIDE, NR_PREPROCESS_MNIST, out));
  g_assert_true (nr_image_centre_of_mass (out, SIDE, SIDE, &cr, &cc));
  g_assert_cmpfloat_with_epsilon (cr, 14.0, 0.5);
  g_assert_cmpfloat_with_epsilon (cc, 14.0, 0.5);
  bbox (out, &r0, &r1, &c0, &c1);
  g_assert_cmpuint (MAX (r1 - r0, c1 - c0), <=, 21); /* 20, plus a partly covered edge */
  g_assert_cmpuint (MAX (r1 - r0, c1 - c0), >=, 20);
}

static void
test_preprocess_fashion_fills_frame (void)
{
  float ink[NPIX] = { 0 };
  guint8 out[NPIX];
  guint r0, r1, c0, c1;

  for (guint r = 3; r < 10; r++)
    for (guint c = 5; c < 19; c++) /* 14 wide, 7 tall */
      ink[r * SIDE + c] = 1.0f;
  g_assert_true (nr_preprocess_drawing (ink, SIDE, SIDE, NR_PREPROCESS_FASHION, out));
  bbox (out, &r0, &r1, &c0, &c1);
  g_assert_cmpuint (c0, ==, 0);
  g_assert_cmpuint (c1, ==, 28);
  g_assert_cmpuint (r0, ==, 7);
  g_assert_cmpuint (r1, ==, 21);
  g_assert_cmpuint (nr_preprocess_for_dataset (NR_DATASET_FASHION_MNIST), ==,
                    NR_PREPROCESS_FASHION);
  g_assert_cmpuint (nr_preprocess_for_dataset (NR_DATASET_MNIST), ==, NR_PREPROCESS_MNIST);
}

static void
test_preprocess_empty_and_invert (void)
{
  float ink[NPIX] = { 0 };
  guint8 out[NPIX];

  memset (out, 7, sizeof out);
  g_assert_false (nr_preprocess_drawing (ink, SIDE, SIDE, NR_PREPROCESS_MNIST, out));
  for (guint i = 0; i < NPIX; i++)
    g_assert_cmpuint (out[i], ==, 0);

  ink[3] = 0.25f;
  ink[4] = 2.0f; /* clamped */
  nr_invert_drawing (ink, NPIX);
  g_assert_cmpfloat (ink[0], ==, 1.0f);
  g_assert_cmpfloat (ink[3], ==, 0.75f);
  g_assert_cmpfloat (ink[4], ==, 0.0f);
  /* All ink but two pixels: the box is the whole frame, scaled to 20 × 20. */
  g_assert_true (nr_preprocess_drawing (ink, SIDE, SIDE, NR_PREPROCESS_MNIST, out));
}

static void
test_nearest_against_brute_force (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  const guint n = 300;
  g_autofree guint8 *pixels = g_new (guint8, (gsize) n * NPIX);
  g_autofree guint8 *labels = g_new0 (guint8, n);
  g_autoptr (NrImageSet) set = NULL;
  guint8 query[NPIX];
  guint idx[6];
  double dist[6];
  g_autofree double *all = g_new (double, n);

  for (gsize i = 0; i < (gsize) n * NPIX; i++)
    pixels[i] = (guint8) g_rand_int_range (rand, 0, 256);
  /* Image 40 twice (a tie, index order) and image 7 close to the query. */
  memcpy (pixels + 200 * NPIX, pixels + 40 * NPIX, NPIX);
  memcpy (query, pixels + 7 * NPIX, NPIX);
  query[0] ^= 1;
  memcpy (pixels + 40 * NPIX, query, NPIX);
  memcpy (pixels + 200 * NPIX, query, NPIX);
  set = nr_image_set_new (n, SIDE, SIDE, pixels, labels);

  g_assert_cmpuint (nr_nearest_images (set, query, 6, idx, dist), ==, 6);
  g_assert_cmpuint (idx[0], ==, 40);
  g_assert_cmpuint (idx[1], ==, 200);
  g_assert_cmpfloat (dist[0], ==, 0.0);
  g_assert_cmpuint (idx[2], ==, 7);
  g_assert_cmpfloat (dist[2], ==, 1.0);

  /* Brute force: every distance, then each found one is the j-th smallest. */
  for (guint i = 0; i < n; i++)
    {
      double s = 0;

      for (guint p = 0; p < NPIX; p++)
        {
          double d = (double) pixels[(gsize) i * NPIX + p] - query[p];
          s += d * d;
        }
      all[i] = sqrt (s);
    }
  for (guint j = 0; j < 6; j++)
    {
      guint smaller = 0;

      g_assert_cmpfloat_with_epsilon (dist[j], all[idx[j]], 1e-9);
      for (guint i = 0; i < n; i++)
        if (all[i] < all[idx[j]] || (all[i] == all[idx[j]] && i < idx[j]))
          smaller++;
      g_assert_cmpuint (smaller, ==, j);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/inspect/unit-weights-picture", test_unit_weights_picture);
  g_test_add_func ("/core/inspect/no-hidden-layer", test_no_hidden_layer);
  g_test_add_func ("/core/inspect/top-k-by-hand", test_top_k_by_hand);
  g_test_add_func ("/core/inspect/unit-responses", test_unit_responses);
  g_test_add_func ("/core/inspect/preprocess-mnist-rectangle", test_preprocess_mnist_rectangle);
  g_test_add_func ("/core/inspect/preprocess-mnist-centre-of-mass",
                   test_preprocess_mnist_centre_of_mass);
  g_test_add_func ("/core/inspect/preprocess-fashion-fills-frame",
                   test_preprocess_fashion_fills_frame);
  g_test_add_func ("/core/inspect/preprocess-empty-and-invert", test_preprocess_empty_and_invert);
  g_test_add_func ("/core/inspect/nearest-against-brute-force", test_nearest_against_brute_force);
  return g_test_run ();
}
