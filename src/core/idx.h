/* idx.h — reading and writing IDX files (LeCun's MNIST format), raw or gzipped. Private. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NR_IDX_MAGIC_IMAGES 0x00000803u /* uint8, 3 dimensions: (n, rows, cols) */
#define NR_IDX_MAGIC_LABELS 0x00000801u /* uint8, 1 dimension: (n) */

/* Largest data part accepted, so a corrupt header cannot ask for an absurd allocation. */
#define NR_IDX_MAX_DATA_BYTES (G_GUINT64_CONSTANT (1) << 31)

/* At most this much decompressed data is read past the declared end before a file is
 * refused as too long, so gigabytes of trailing zeros cost no more than a few. */
#define NR_IDX_TRAILING_PROBE ((gsize) 65536)

/* An IDX file whose header has been read and checked, its data not yet. Reading is split
 * in two so that a caller can compare headers (images against labels, the sizes it
 * expects) before anything is allocated or inflated for the data. */
typedef struct _NrIdxReader NrIdxReader;

/* Opens path, which must be a regular file (a pipe or a device is refused without
 * blocking), and reads its header; its magic must be `magic` (gzip detected from the
 * content). Checks everything that needs no decompression of the data: the magic, the
 * sizes against NR_IDX_MAX_DATA_BYTES, a raw file's exact length, and that a gzip file
 * is large enough to hold what its header declares. NULL with NR_ERROR_IO /
 * NR_ERROR_FORMAT naming the file otherwise (a symbolic link to a missing file and a
 * symbolic link loop are named as such). */
NrIdxReader *_nr_idx_reader_open (const char *path, guint32 magic, GError **error);
/* (magic & 0xff) sizes, as the header declares them. */
const guint32 *_nr_idx_reader_get_dims (const NrIdxReader *reader);
/* The path as given, and as it goes into messages (g_filename_display_name). */
const char *_nr_idx_reader_get_path (const NrIdxReader *reader);
const char *_nr_idx_reader_get_display_name (const NrIdxReader *reader);
/* Reads the data part, once: one allocation of exactly the declared size (g_free it),
 * then at most NR_IDX_TRAILING_PROBE bytes more to make sure nothing follows it. */
guint8 *_nr_idx_reader_read_data (NrIdxReader *reader, GError **error);
void _nr_idx_reader_free (NrIdxReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrIdxReader, _nr_idx_reader_free)

/* _nr_idx_reader_open() and _nr_idx_reader_read_data() in one go. dims: receives
 * (magic & 0xff) sizes. Returns the data part only (g_free it), exactly the product of the
 * sizes in bytes; NULL with NR_ERROR_IO / NR_ERROR_FORMAT naming the file otherwise. */
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
