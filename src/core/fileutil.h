/* fileutil.h — reading and writing the core's own files safely (internal).
 *
 * Every message names the file as the user would type it (g_filename_display_name).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether this process is a program of the build tree (./build/src/app/neurona, the tests)
 * rather than an installed copy: only those may read the source tree's data folder and
 * catalogues, which an installed copy must not need (the source may be gone). */
gboolean _nr_running_from_build_tree (void);

/* Prefix of the core's temporary files and folders: hidden, so a folder listing never
 * shows a half-written one, and recognisable, so a crash's leftovers can be removed. */
#define NR_TEMP_PREFIX ".neurona-tmp-"

/* Reads a whole regular file of at most max_bytes. A pipe, a device or a folder is
 * refused before it is read (opened without blocking, so a FIFO cannot hang the call).
 * NR_ERROR_IO when it cannot be read, NR_ERROR_FORMAT when it is not a regular file or
 * larger than max_bytes ("what" names what the file should have been, translated by the
 * caller: "a saved run" through _()). */
GBytes *_nr_read_regular_file (const char *path, gsize max_bytes, const char *what,
                               GError **error);

/* The first min(max_bytes, its size) bytes of a regular file, refused like
 * _nr_read_regular_file when it is not one; *file_size receives its whole size. */
GBytes *_nr_read_regular_file_head (const char *path, gsize max_bytes, const char *what,
                                    guint64 *file_size, GError **error);

/* Writes data to path so that, whatever happens, path holds either its old contents or
 * the new ones entirely: a hidden temporary file in the same folder, flushed to disk,
 * renamed over path, and the folder flushed too. A full disk or a read-only folder is
 * NR_ERROR_IO "<path>: cannot write: <reason>" and leaves the old file as it was. */
gboolean _nr_write_file_durable (const char *path, const void *data, gsize len, GError **error);

/* Flushes a folder's entries (after a rename into it) to disk. */
gboolean _nr_fsync_dir (const char *dir, GError **error);

/* Makes a new hidden temporary folder inside parent (created if missing) and returns its
 * path. */
char *_nr_make_temp_dir (const char *parent, GError **error);

/* Removes a folder and everything in it (not following symbolic links). */
gboolean _nr_remove_tree (const char *path, GError **error);

/* g_set_error (NR_ERROR, NR_ERROR_IO, "<path>: <action>: <strerror (errnum)>"); action is
 * translated by the caller ("cannot write" through _()). */
void _nr_set_io_error (GError **error, const char *path, const char *action, int errnum);

G_END_DECLS
