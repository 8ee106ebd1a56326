/* test-colormap.c — matplotlib's colormaps, entry by entry.
 *
 * Expected values: matplotlib 3.6's float tables × 255, rounded (viridis[255] is #fde725),
 * and for the segment maps the linear interpolation matplotlib does, worked by hand. */
#include <string.h>

#include "neurona/colormap.h"

static void
assert_entry (NrColormap cmap, guint v, guint r, guint g, guint b)
{
  const guint8 *lut = nr_colormap_lut (cmap);

  if (lut[3 * v] != r || lut[3 * v + 1] != g || lut[3 * v + 2] != b)
    g_error ("%s[%u] = (%u, %u, %u), expected (%u, %u, %u)", nr_colormap_name (cmap), v,
             lut[3 * v], lut[3 * v + 1], lut[3 * v + 2], r, g, b);
}

static void
test_viridis (void)
{
  assert_entry (NR_COLORMAP_VIRIDIS, 0, 68, 1, 84);
  assert_entry (NR_COLORMAP_VIRIDIS, 64, 59, 82, 139);   /* #3b528b */
  assert_entry (NR_COLORMAP_VIRIDIS, 128, 33, 145, 140); /* #21918c */
  assert_entry (NR_COLORMAP_VIRIDIS, 255, 253, 231, 37); /* #fde725 */
}

static void
test_magma_inferno (void)
{
  assert_entry (NR_COLORMAP_MAGMA, 0, 0, 0, 4);
  /* 0.992785, 0.594891, 0.410283 */
  assert_entry (NR_COLORMAP_MAGMA, 200, 253, 152, 105);
  assert_entry (NR_COLORMAP_MAGMA, 255, 252, 253, 191); /* #fcfdbf */
  assert_entry (NR_COLORMAP_INFERNO, 0, 0, 0, 4);
  /* 0.565854, 0.143567, 0.408258 */
  assert_entry (NR_COLORMAP_INFERNO, 100, 144, 37, 104);
  assert_entry (NR_COLORMAP_INFERNO, 255, 252, 255, 164); /* #fcffa4 */
}

static void
test_gray_binary (void)
{
  for (guint v = 0; v < 256; v++)
    {
      assert_entry (NR_COLORMAP_GRAY, v, v, v, v);
      assert_entry (NR_COLORMAP_BINARY, v, 255 - v, 255 - v, 255 - v);
    }
}

static void
test_blues_piyg (void)
{
  assert_entry (NR_COLORMAP_BLUES, 0, 247, 251, 255);   /* #f7fbff */
  assert_entry (NR_COLORMAP_BLUES, 32, 222, 235, 247);  /* ColorBrewer's 2nd of 9 */
  assert_entry (NR_COLORMAP_BLUES, 255, 8, 48, 107);    /* #08306b */
  assert_entry (NR_COLORMAP_PIYG, 0, 142, 1, 82);       /* #8e0152 */
  /* 64 × 10 / 255 = 2.51: 51 % of the way from #de77ae to #f1b6da */
  assert_entry (NR_COLORMAP_PIYG, 64, 232, 151, 196);
  assert_entry (NR_COLORMAP_PIYG, 127, 247, 247, 247);  /* the white middle */
  assert_entry (NR_COLORMAP_PIYG, 255, 39, 100, 25);    /* #276419 */
}

/* Perceptually ordered maps get monotonically lighter: a cheap guard against a table
 * pasted out of order. */
static void
test_monotonic_lightness (void)
{
  const NrColormap maps[] = { NR_COLORMAP_VIRIDIS, NR_COLORMAP_MAGMA, NR_COLORMAP_INFERNO,
                              NR_COLORMAP_GRAY };

  for (guint m = 0; m < G_N_ELEMENTS (maps); m++)
    {
      const guint8 *lut = nr_colormap_lut (maps[m]);
      double previous = -1;

      for (guint v = 0; v < 256; v += 8)
        {
          double y = 0.2126 * lut[3 * v] + 0.7152 * lut[3 * v + 1] + 0.0722 * lut[3 * v + 2];

          g_assert_cmpfloat (y, >, previous);
          previous = y;
        }
    }
}

static void
test_names (void)
{
  const char *names[NR_N_COLORMAPS] = {
    [NR_COLORMAP_VIRIDIS] = "viridis", [NR_COLORMAP_GRAY] = "gray",
    [NR_COLORMAP_BINARY] = "binary",   [NR_COLORMAP_BLUES] = "Blues",
    [NR_COLORMAP_PIYG] = "PiYG",       [NR_COLORMAP_MAGMA] = "magma",
    [NR_COLORMAP_INFERNO] = "inferno",
  };
  NrColormap cmap;

  for (guint i = 0; i < NR_N_COLORMAPS; i++)
    {
      g_assert_cmpstr (nr_colormap_name ((NrColormap) i), ==, names[i]);
      cmap = NR_N_COLORMAPS;
      g_assert_true (nr_colormap_from_name (names[i], &cmap));
      g_assert_cmpint (cmap, ==, i);
    }
  g_assert_true (nr_colormap_from_name ("blues", &cmap));
  g_assert_cmpint (cmap, ==, NR_COLORMAP_BLUES);
  g_assert_false (nr_colormap_from_name ("jet", &cmap));
  g_assert_false (nr_colormap_from_name ("", &cmap));
}

static void
test_apply_argb32 (void)
{
  const guint8 values[4] = { 0, 255, 128, 0 };
  guint32 out[5] = { 0, 0, 0, 0, 0xdeadbeef };

  nr_colormap_apply_argb32 (NR_COLORMAP_VIRIDIS, values, out, 4);
  g_assert_cmphex (out[0], ==, 0xff440154);
  g_assert_cmphex (out[1], ==, 0xfffde725);
  g_assert_cmphex (out[2], ==, 0xff21918c);
  g_assert_cmphex (out[3], ==, 0xff440154);
  g_assert_cmphex (out[4], ==, 0xdeadbeef); /* nothing written past n */

  nr_colormap_apply_argb32 (NR_COLORMAP_BINARY, values, out, 2);
  g_assert_cmphex (out[0], ==, 0xffffffff);
  g_assert_cmphex (out[1], ==, 0xff000000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/colormap/viridis", test_viridis);
  g_test_add_func ("/colormap/magma-inferno", test_magma_inferno);
  g_test_add_func ("/colormap/gray-binary", test_gray_binary);
  g_test_add_func ("/colormap/blues-piyg", test_blues_piyg);
  g_test_add_func ("/colormap/monotonic-lightness", test_monotonic_lightness);
  g_test_add_func ("/colormap/names", test_names);
  g_test_add_func ("/colormap/apply-argb32", test_apply_argb32);

  return g_test_run ();
}
