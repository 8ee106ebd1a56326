/* colormap.c — matplotlib's colormaps as 256-entry lookup tables, for uint8 images.
 *
 * The tables come from matplotlib's own data (see data/make-colormaps.py), so an image
 * here looks like the tutorial's plt.imshow of the same pixels.
 */
#include "neurona/colormap.h"

#include "colormap-luts.h"

static const struct
{
  const char *name;
  const guint8 *lut;
} colormaps[NR_N_COLORMAPS] = {
  [NR_COLORMAP_VIRIDIS] = { "viridis", nr_lut_viridis },
  [NR_COLORMAP_GRAY] = { "gray", nr_lut_gray },
  [NR_COLORMAP_BINARY] = { "binary", nr_lut_binary },
  [NR_COLORMAP_BLUES] = { "Blues", nr_lut_blues },
  [NR_COLORMAP_PIYG] = { "PiYG", nr_lut_piyg },
  [NR_COLORMAP_MAGMA] = { "magma", nr_lut_magma },
  [NR_COLORMAP_INFERNO] = { "inferno", nr_lut_inferno },
};

const char *
nr_colormap_name (NrColormap cmap)
{
  g_return_val_if_fail ((guint) cmap < NR_N_COLORMAPS, NULL);

  return colormaps[cmap].name;
}

gboolean
nr_colormap_from_name (const char *name, NrColormap *out_cmap)
{
  g_return_val_if_fail (name != NULL, FALSE);

  /* matplotlib's names are case-sensitive ("Blues"), but a user typing "blues" means it. */
  for (guint i = 0; i < NR_N_COLORMAPS; i++)
    if (g_ascii_strcasecmp (name, colormaps[i].name) == 0)
      {
        if (out_cmap != NULL)
          *out_cmap = (NrColormap) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (name, "grey") == 0 || g_ascii_strcasecmp (name, "greys_r") == 0)
    {
      if (out_cmap != NULL)
        *out_cmap = NR_COLORMAP_GRAY;
      return TRUE;
    }
  return FALSE;
}

const guint8 *
nr_colormap_lut (NrColormap cmap)
{
  g_return_val_if_fail ((guint) cmap < NR_N_COLORMAPS, NULL);

  return colormaps[cmap].lut;
}

void
nr_colormap_apply_argb32 (NrColormap cmap, const guint8 *values, guint32 *out, gsize n)
{
  guint32 argb[256];
  const guint8 *lut;

  g_return_if_fail ((guint) cmap < NR_N_COLORMAPS);
  g_return_if_fail (n == 0 || (values != NULL && out != NULL));

  /* Opaque, so premultiplication changes nothing. */
  lut = colormaps[cmap].lut;
  for (guint v = 0; v < 256; v++)
    argb[v] = 0xff000000u | ((guint32) lut[3 * v] << 16) | ((guint32) lut[3 * v + 1] << 8)
              | (guint32) lut[3 * v + 2];
  for (gsize i = 0; i < n; i++)
    out[i] = argb[values[i]];
}
