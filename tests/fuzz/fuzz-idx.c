/* fuzz-idx.c — libFuzzer harness for the IDX reader (idx.c) and nr_image_set_load().
 *
 * The first byte of the input chooses what the rest becomes:
 *   bit 0    read the rest as an images file (idx3) or a labels file (idx1)
 *   bit 1    gzip the rest before writing it, so the fuzzer explores the inflated
 *            content too (raw gzip bytes are reached with bit 1 clear: the reader
 *            detects gzip from the content, not the name)
 *   bit 2    load a pair with nr_image_set_load(): the next two bytes give where the
 *            rest splits into the images file and the labels file
 * Every input must end in a set or a GError with a message naming the file, never a
 * crash, a hang or an allocation far beyond the input's size.
 *
 * Build and run: see .ci/sanitize-fuzz (meson option -Dfuzzing=true, CC=clang).
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <zlib.h>

#include "idx.h"
#include "neurona/dataset.h"
#include "neurona/error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *dir;
static char *images_path;
static char *labels_path;

static void
write_file (const char *path, const uint8_t *data, size_t size, gboolean gzip)
{
  g_autoptr (GError) error = NULL;

  if (gzip)
    {
      uLongf len = compressBound (size) + 32;
      g_autofree guint8 *buf = g_malloc (len);
      z_stream zs = { 0 };

      /* A gzip wrapper (16 + MAX_WBITS), as the committed subset is written. */
      g_assert (deflateInit2 (&zs, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY)
                == Z_OK);
      zs.next_in = (Bytef *) data;
      zs.avail_in = (uInt) size;
      zs.next_out = buf;
      zs.avail_out = (uInt) len;
      g_assert (deflate (&zs, Z_FINISH) == Z_STREAM_END);
      len = zs.total_out;
      deflateEnd (&zs);
      g_assert (g_file_set_contents (path, (const char *) buf, len, &error));
    }
  else
    g_assert (g_file_set_contents (path, (const char *) data, size, &error));
}

static void
check_error (GError *error, const char *path)
{
  g_assert (error != NULL);
  g_assert (error->domain == NR_ERROR);
  g_assert (error->code == NR_ERROR_IO || error->code == NR_ERROR_FORMAT);
  g_assert (strstr (error->message, path) != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  guint8 mode;

  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("neurona-fuzz-idx-XXXXXX", NULL);
      g_assert (dir != NULL);
      images_path = g_build_filename (dir, "images", NULL);
      labels_path = g_build_filename (dir, "labels", NULL);
    }
  if (size < 1)
    return 0;
  mode = data[0];
  data++;
  size--;

  if ((mode & 4) == 0)
    {
      guint32 magic = (mode & 1) ? NR_IDX_MAGIC_LABELS : NR_IDX_MAGIC_IMAGES;
      guint32 dims[3] = { 0 };
      guint8 *out;

      write_file (images_path, data, size, (mode & 2) != 0);
      out = _nr_idx_read (images_path, magic, dims, &error);
      if (out != NULL)
        {
          gsize n = magic == NR_IDX_MAGIC_LABELS ? dims[0] : (gsize) dims[0] * dims[1] * dims[2];

          g_assert (error == NULL);
          /* The data part is exactly what the header declares: touch every byte. */
          if (n > 0)
            {
              volatile guint8 sum = 0;
              for (gsize i = 0; i < n; i++)
                sum += out[i];
              (void) sum;
            }
          g_free (out);
        }
      else
        check_error (error, images_path);
    }
  else
    {
      gsize split;
      g_autoptr (NrImageSet) set = NULL;

      if (size < 2)
        return 0;
      split = MIN ((gsize) (data[0] | data[1] << 8), size - 2);
      write_file (images_path, data + 2, split, (mode & 2) != 0);
      write_file (labels_path, data + 2 + split, size - 2 - split, (mode & 2) != 0);
      set = nr_image_set_load (images_path, labels_path, &error);
      if (set != NULL)
        {
          g_assert (error == NULL);
          g_assert (set->rows > 0 && set->cols > 0);
          if (set->n > 0)
            {
              volatile guint sum = 0;
              sum += set->pixels[(gsize) set->n * set->rows * set->cols - 1];
              sum += set->labels[set->n - 1];
              (void) sum;
            }
        }
      else
        {
          g_assert (error != NULL);
          g_assert (strstr (error->message, images_path) != NULL
                    || strstr (error->message, labels_path) != NULL);
        }
    }
  return 0;
}
