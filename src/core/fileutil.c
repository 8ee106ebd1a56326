/* fileutil.c — reading and writing the core's own files safely (fileutil.h). */
#include "fileutil.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "neurona/error.h"

gboolean
_nr_running_from_build_tree (void)
{
#ifdef NEURONA_BUILD_ROOT
  static gsize answer = 0;

  if (g_once_init_enter (&answer))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      gboolean in_tree = exe != NULL && g_str_has_prefix (exe, NEURONA_BUILD_ROOT G_DIR_SEPARATOR_S);

      g_once_init_leave (&answer, in_tree ? 2 : 1);
    }
  return answer == 2;
#else
  return FALSE;
#endif
}

void
_nr_set_io_error (GError **error, const char *path, const char *action, int errnum)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, NR_ERROR, NR_ERROR_IO, "%s: %s: %s", name, action, g_strerror (errnum));
}

/* Opens a regular file for reading; a pipe, a device or a folder is refused before it is
 * read (opened without blocking, so a FIFO cannot hang the call). */
static int
open_regular (const char *path, const char *what, struct stat *st, GError **error)
{
  g_autofree char *name = NULL;
  int fd, flags;

  /* O_NONBLOCK: opening a FIFO would otherwise wait for a writer for ever. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      _nr_set_io_error (error, path, _("cannot read"), errno);
      return -1;
    }
  if (fstat (fd, st) != 0)
    {
      _nr_set_io_error (error, path, _("cannot read"), errno);
      close (fd);
      return -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      name = g_filename_display_name (path);
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, _("%s: not %s (not a regular file)"), name,
                   what);
      close (fd);
      return -1;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

/* Up to len bytes from fd's start; fewer when the file ends early. */
static GBytes *
read_up_to (int fd, const char *path, gsize len, GError **error)
{
  g_autofree guint8 *data = g_malloc (len + 1);
  gsize done = 0;

  while (done < len)
    {
      gssize n = read (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          _nr_set_io_error (error, path, _("cannot read"), errno);
          return NULL;
        }
      if (n == 0)
        break;
      done += (gsize) n;
    }
  return g_bytes_new_take (g_steal_pointer (&data), done);
}

GBytes *
_nr_read_regular_file (const char *path, gsize max_bytes, const char *what, GError **error)
{
  GBytes *bytes;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = open_regular (path, what, &st, error);
  if (fd < 0)
    return NULL;
  if ((guint64) st.st_size > max_bytes)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, _("%s: %llu bytes is far too large for %s"),
                   name, (unsigned long long) st.st_size, what);
      close (fd);
      return NULL;
    }
  /* The size from fstat bounds the allocation; a file that grows meanwhile is read only
   * that far, and one that shrinks ends early. */
  bytes = read_up_to (fd, path, (gsize) st.st_size, error);
  close (fd);
  return bytes;
}

GBytes *
_nr_read_regular_file_head (const char *path, gsize max_bytes, const char *what,
                            guint64 *file_size, GError **error)
{
  GBytes *bytes;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (file_size != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = open_regular (path, what, &st, error);
  if (fd < 0)
    return NULL;
  *file_size = (guint64) st.st_size;
  bytes = read_up_to (fd, path, (gsize) MIN ((guint64) max_bytes, (guint64) st.st_size), error);
  close (fd);
  return bytes;
}

static gboolean
write_all (int fd, const char *path, const guint8 *data, gsize len, GError **error)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          _nr_set_io_error (error, path, _("cannot write"), n < 0 ? errno : ENOSPC);
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
_nr_fsync_dir (const char *dir, GError **error)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd < 0)
    {
      _nr_set_io_error (error, dir, _("cannot write"), errno);
      return FALSE;
    }
  /* Some file systems cannot fsync a folder (EINVAL): their renames are durable anyway. */
  if (fsync (fd) != 0 && errno != EINVAL && errno != EROFS)
    {
      saved_errno = errno;
      close (fd);
      _nr_set_io_error (error, dir, _("cannot write"), saved_errno);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
_nr_write_file_durable (const char *path, const void *data, gsize len, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s%c%s%s.XXXXXX", dir, G_DIR_SEPARATOR, NR_TEMP_PREFIX, base);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      _nr_set_io_error (error, path, _("cannot write"), errno);
      return FALSE;
    }
  /* A full disk shows in write(), in fsync() (delayed allocation) or in close(). */
  ok = write_all (fd, path, data, len, error);
  if (ok && fsync (fd) != 0)
    {
      _nr_set_io_error (error, path, _("cannot write"), errno);
      ok = FALSE;
    }
  if (close (fd) != 0 && ok)
    {
      _nr_set_io_error (error, path, _("cannot write"), errno);
      ok = FALSE;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      _nr_set_io_error (error, path, _("cannot write"), errno);
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp);
      return FALSE;
    }
  return _nr_fsync_dir (dir, error);
}

char *
_nr_make_temp_dir (const char *parent, GError **error)
{
  g_autofree char *tmpl = NULL;

  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      _nr_set_io_error (error, parent, _("cannot create the folder"), errno);
      return NULL;
    }
  tmpl = g_build_filename (parent, NR_TEMP_PREFIX "XXXXXX", NULL);
  if (g_mkdtemp_full (tmpl, 0755) == NULL)
    {
      _nr_set_io_error (error, parent, _("cannot write"), errno);
      return NULL;
    }
  return g_steal_pointer (&tmpl);
}

gboolean
_nr_remove_tree (const char *path, GError **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      _nr_set_io_error (error, path, _("cannot remove"), errno);
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, entry, NULL);

          if (!_nr_remove_tree (child, error))
            return FALSE;
        }
      if (g_rmdir (path) != 0)
        {
          _nr_set_io_error (error, path, _("cannot remove"), errno);
          return FALSE;
        }
      return TRUE;
    }
  if (g_unlink (path) != 0)
    {
      _nr_set_io_error (error, path, _("cannot remove"), errno);
      return FALSE;
    }
  return TRUE;
}
