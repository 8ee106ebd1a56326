/* colormap.h — matplotlib's colormaps as 256-entry lookup tables, for uint8 images. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  NR_COLORMAP_VIRIDIS, /* matplotlib's default: what the tutorial first saw */
  NR_COLORMAP_GRAY,
  NR_COLORMAP_BINARY,  /* white → black */
  NR_COLORMAP_BLUES,
  NR_COLORMAP_PIYG,
  NR_COLORMAP_MAGMA,
  NR_COLORMAP_INFERNO,
  NR_N_COLORMAPS
} NrColormap;

/* matplotlib's name: "viridis", "gray", "binary", "Blues", "PiYG", "magma", "inferno". */
const char *nr_colormap_name (NrColormap cmap);
gboolean nr_colormap_from_name (const char *name, NrColormap *out_cmap);
/* 256 × 3 bytes: R, G, B for each value 0…255. */
const guint8 *nr_colormap_lut (NrColormap cmap);
/* Maps n uint8 values to n premultiplied-opaque Cairo ARGB32 pixels (host-endian guint32). */
void nr_colormap_apply_argb32 (NrColormap cmap, const guint8 *values, guint32 *out, gsize n);

G_END_DECLS
