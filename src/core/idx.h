/* idx.h — reading and writing IDX files (LeCun's MNIST format), raw or gzipped. Private. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NR_IDX_MAGIC_IMAGES 0x00000803u /* uint8, 3 dimensions: (n, rows, cols) */
#define NR_IDX_MAGIC_LABELS 0x00000801u /* uint8, 1 dimension: (n) */

/* Largest data part accepted, so a corrupt header cannot ask for an absurd allocation. */
#define NR_IDX_MAX_DATA_BYTES (G_GUINT64_CONSTANT (1) << 31)

/* Reads an IDX file whose magic must be `magic` (gzip detected from the content).
 * dims: receives (magic & 0xff) sizes. Returns the data part only (g_free it), exactly
 * the product of the sizes in bytes; NULL with NR_ERROR_IO / NR_ERROR_FORMAT naming the
 * file otherwise. */
guint8 *_nr_idx_read (const char *path, guint32 magic, guint32 *dims, GError **error);

/* Writes an IDX file atomically (a temporary file renamed into place); gzip-compressed
 * when the name ends in ".gz". The output is byte-for-byte reproducible. An existing
 * device or pipe (/dev/null, /dev/full) is written in place, never replaced. */
gboolean _nr_idx_write (const char *path, guint32 magic, const guint32 *dims,
                        const guint8 *data, GError **error);

/* One file for _nr_idx_write_all(). */
typedef struct
{
  const char *path;
  guint32 magic;
  const guint32 *dims;
  const guint8 *data;
} NrIdxFile;

/* Writes several IDX files all or nothing: each goes to a temporary file beside its target
 * and all are renamed into place only once every one is complete, so a full disk leaves
 * neither a partial file nor a new images file beside old labels. NR_ERROR_IO names the
 * file and the reason ("No space left on device"). */
gboolean _nr_idx_write_all (const NrIdxFile *files, guint n_files, GError **error);

/* Writes one buffer the way _nr_idx_write_all() writes a file: atomically through a
 * temporary file beside path (a failure leaves the old file whole), a device in place,
 * NR_ERROR_IO "<path>: cannot write: No space left on device" on a full disk. */
gboolean _nr_file_write_atomic (const char *path, const void *data, gsize len,
                                GError **error);

G_END_DECLS
