/* idx.c — IDX files (the MNIST format), raw or gzipped.
 *
 * An IDX file is a 4-byte magic number (0, 0, element type, dimension count), one
 * big-endian uint32 size per dimension, then the elements. We read the file through a
 * memory map; a gzipped file is inflated straight into the buffer that the caller keeps,
 * so a 47 MB training set costs one allocation of its own size and no copy.
 *
 * Reading is split in two (_nr_idx_reader_open, then _nr_idx_reader_read_data) so that
 * nothing is allocated or inflated for the data before every header check, ours and the
 * caller's, has passed: a 2 MB gzip file declaring 2.7 million images used to cost
 * 2.1 GB and seconds of inflating before its labels file was even opened.
 */
#include "i18n.h"
#include "idx.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <zlib.h>

#include "neurona/error.h"

/* zlib counts in uInt; feed it at most this much at a time. */
#define ZCHUNK ((gsize) 1 << 30)

/* The content of an IDX file, raw or inflated, read front to back. */
typedef struct
{
  const char *display; /* the file's name in messages */
  const guint8 *in;    /* the mapped file */
  gsize in_len;
  gsize in_pos;
  gboolean gzipped;
  gboolean z_ready;
  gboolean end;
  z_stream zs;
} Source;

struct _NrIdxReader
{
  char *path;
  char *display;
  guint32 magic;
  guint n_dims;
  guint32 dims[255];
  gsize header_len;
  guint64 data_len;
  gboolean data_read;
  GMappedFile *map;
  Source src;
};

static gboolean
source_read (Source *src, guint8 *out, gsize len, gsize *got, GError **error)
{
  gsize done = 0;

  if (!src->gzipped)
    {
      done = MIN (len, src->in_len - src->in_pos);
      if (done > 0)
        memcpy (out, src->in + src->in_pos, done);
      src->in_pos += done;
      *got = done;
      return TRUE;
    }

  while (done < len && !src->end)
    {
      gsize out_chunk = MIN (len - done, ZCHUNK);
      int ret;

      if (src->zs.avail_in == 0 && src->in_pos < src->in_len)
        {
          gsize in_chunk = MIN (src->in_len - src->in_pos, ZCHUNK);

          src->zs.next_in = (Bytef *) src->in + src->in_pos;
          src->zs.avail_in = (uInt) in_chunk;
          src->in_pos += in_chunk;
        }
      src->zs.next_out = out + done;
      src->zs.avail_out = (uInt) out_chunk;
      ret = inflate (&src->zs, Z_NO_FLUSH);
      done += out_chunk - src->zs.avail_out;

      if (ret == Z_STREAM_END)
        {
          gsize rest = src->zs.avail_in + (src->in_len - src->in_pos);
          const guint8 *p = src->zs.next_in;

          if (rest == 0)
            src->end = TRUE;
          else if (rest >= 2 && p[0] == 0x1f && p[1] == 0x8b)
            inflateReset (&src->zs); /* another gzip member follows, as gzip -c a b makes */
          else
            {
              g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                           _("%s: corrupt gzip file: %zu bytes of garbage after the "
                             "compressed data"),
                           src->display, (size_t) rest);
              return FALSE;
            }
        }
      else if (ret == Z_BUF_ERROR)
        {
          /* No progress: the output has room, so the input ran out mid-stream. */
          if (src->zs.avail_in == 0 && src->in_pos == src->in_len)
            {
              g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                           _("%s: corrupt gzip file: the compressed data is cut short"),
                           src->display);
              return FALSE;
            }
        }
      else if (ret != Z_OK)
        {
          g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, _("%s: corrupt gzip file: %s"),
                       src->display, src->zs.msg != NULL ? src->zs.msg : zError (ret));
          return FALSE;
        }
    }
  *got = done;
  return TRUE;
}

static const char *
describe_magic (guint32 magic)
{
  switch (magic)
    {
    case NR_IDX_MAGIC_IMAGES:
      return _("IDX images, uint8, 3 dimensions");
    case NR_IDX_MAGIC_LABELS:
      return _("IDX labels, uint8, 1 dimension");
    default:
      return "IDX";
    }
}

/* What the first dimension counts, for "has data after the 3 images it declares". */
static const char *
describe_items (guint32 magic)
{
  switch (magic)
    {
    /* Translators: what an IDX file counts, in "has data after the 3 images it declares" */
    case NR_IDX_MAGIC_IMAGES:
      return _("images");
    case NR_IDX_MAGIC_LABELS:
      return _("labels");
    default:
      return _("items");
    }
}

/* A big-endian uint32 at any address (the header buffer has no alignment to rely on). */
static guint32
read_be32 (const guint8 *p)
{
  guint32 be;

  memcpy (&be, p, 4);
  return GUINT32_FROM_BE (be);
}

/* Reads and checks the header; afterwards the source stands at the first data byte. */
static gboolean
read_header (NrIdxReader *reader, GError **error)
{
  Source *src = &reader->src;
  const char *display = reader->display;
  const char *after = src->gzipped ? _(" after decompression") : "";
  guint32 magic = reader->magic;
  guint n_dims = magic & 0xff;
  guint8 head[4 + 4 * 255];
  gsize header_len = 4 + 4 * (gsize) n_dims;
  guint32 found_magic;
  guint64 data_len = 1;
  gsize got;

  if (!source_read (src, head, 4, &got, error))
    return FALSE;
  if (got == 0)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, _("%s: the file is empty%s"), display,
                   after);
      return FALSE;
    }
  if (got < 4)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: truncated: %zu bytes%s, too short for an IDX header"), display,
                   (size_t) got, after);
      return FALSE;
    }
  found_magic = read_be32 (head);
  if (found_magic != magic)
    {
      const char *what = describe_magic (magic);

      if (head[0] != 0 || head[1] != 0)
        g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                     _("%s: not an IDX file: wrong magic number 0x%08X, expected 0x%08X (%s)"),
                     display, found_magic, magic, what);
      else if (head[2] != 0x08)
        g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                     _("%s: wrong magic number 0x%08X, expected 0x%08X (%s): element type "
                       "0x%02X is not supported, only unsigned bytes (0x08)"),
                     display, found_magic, magic, what, head[2]);
      else
        {
          const char *guess = found_magic == NR_IDX_MAGIC_LABELS   ? _(" (a labels file?)")
                              : found_magic == NR_IDX_MAGIC_IMAGES ? _(" (an images file?)")
                                                                   : "";

          g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%s: wrong magic number 0x%08X, expected 0x%08X (%s): the "
                                    "file has %u dimension%s",
                                    "%s: wrong magic number 0x%08X, expected 0x%08X (%s): the "
                                    "file has %u dimensions%s",
                                    head[3]),
                       display, found_magic, magic, what, head[3], guess);
        }
      return FALSE;
    }

  if (!source_read (src, head + 4, header_len - 4, &got, error))
    return FALSE;
  if (got < header_len - 4)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: truncated: the header ends after %zu bytes%s, expected %zu"), display,
                   (size_t) (4 + got), after, (size_t) header_len);
      return FALSE;
    }
  for (guint d = 0; d < n_dims; d++)
    {
      reader->dims[d] = read_be32 (head + 4 + 4 * d);
      data_len *= reader->dims[d];
      if (data_len > NR_IDX_MAX_DATA_BYTES)
        break;
    }
  if (data_len > NR_IDX_MAX_DATA_BYTES)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: the header declares more than %llu bytes of data: a corrupt header?"),
                   display, (unsigned long long) NR_IDX_MAX_DATA_BYTES);
      return FALSE;
    }
  if (n_dims == 3 && reader->dims[0] > 0 && (reader->dims[1] == 0 || reader->dims[2] == 0))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: the header declares %u images of %u×%u pixels: an image can't be "
                     "empty"),
                   display, reader->dims[0], reader->dims[1], reader->dims[2]);
      return FALSE;
    }

  /* What the file can hold at most, checked before allocating: a corrupt header in a
   * 20-byte file must not make us reserve 2 GB. A raw file holds exactly what is left of
   * it, no more and no less; deflate never expands more than 1032:1 (a 258-byte match in
   * 2 bits). */
  if (!src->gzipped && data_len > src->in_len - src->in_pos)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: truncated: expected %llu bytes of data, found %zu"), display,
                   (unsigned long long) (header_len + data_len), (size_t) src->in_len);
      return FALSE;
    }
  if (!src->gzipped && data_len < src->in_len - src->in_pos)
    {
      guint64 extra = src->in_len - src->in_pos - data_len;

      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: too long: has data after the %u %s it declares (expected %llu bytes, "
                     "found %zu: %llu bytes more than the header declares)"),
                   display, n_dims > 0 ? reader->dims[0] : 1, describe_items (magic),
                   (unsigned long long) (header_len + data_len), (size_t) src->in_len,
                   (unsigned long long) extra);
      return FALSE;
    }
  if (src->gzipped && data_len > (guint64) src->in_len * 1032 + 1024)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: truncated: the header declares %llu bytes of data, more than %zu "
                     "bytes of gzip data can hold"),
                   display, (unsigned long long) (header_len + data_len), (size_t) src->in_len);
      return FALSE;
    }

  reader->header_len = header_len;
  reader->data_len = data_len;
  return TRUE;
}

/* The reason an open() failed, in the words of what the path is: a symbolic link whose
 * target is missing is not a missing file, and a loop of links is named as one. */
static void
set_open_error (const char *path, const char *display, int saved_errno, GError **error)
{
  GStatBuf st;

  if (saved_errno == ENOENT && g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      g_autofree char *target = g_file_read_link (path, NULL);
      g_autofree char *target_display = target != NULL ? g_filename_display_name (target) : NULL;

      if (target_display != NULL)
        g_set_error (error, NR_ERROR, NR_ERROR_IO,
                     _("%s: is a symbolic link to a missing file (%s)"), display,
                     target_display);
      else
        g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: is a symbolic link to a missing file"),
                     display);
    }
  else if (saved_errno == ELOOP)
    g_set_error (error, NR_ERROR, NR_ERROR_IO,
                 _("%s: cannot open: too many levels of symbolic links (a loop of links?)"),
                 display);
  else
    g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot open: %s"), display,
                 g_strerror (saved_errno));
}

static const char *
describe_file_type (mode_t mode)
{
  if (S_ISFIFO (mode))
    return _("a named pipe");
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return _("a device");
  if (S_ISSOCK (mode))
    return _("a socket");
  return _("not a file");
}

/* Opens a regular file for reading. O_NONBLOCK makes the open of a named pipe return at
 * once instead of waiting for a writer for ever; fstat on the open descriptor then decides,
 * so nothing can swap the file between the check and the read. */
static int
open_regular_file (const char *path, const char *display, GError **error)
{
  struct stat st;
  int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  int flags;

  if (fd < 0)
    {
      set_open_error (path, display, errno, error);
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot read: %s"), display,
                   g_strerror (saved_errno));
      return -1;
    }
  if (S_ISDIR (st.st_mode))
    {
      close (fd);
      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: is a folder, not a file"), display);
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: is not a regular file (%s)"), display,
                   describe_file_type (st.st_mode));
      return -1;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags != -1)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

void
_nr_idx_reader_free (NrIdxReader *reader)
{
  if (reader == NULL)
    return;
  if (reader->src.z_ready)
    inflateEnd (&reader->src.zs);
  g_clear_pointer (&reader->map, g_mapped_file_unref);
  g_free (reader->path);
  g_free (reader->display);
  g_free (reader);
}

NrIdxReader *
_nr_idx_reader_open (const char *path, guint32 magic, GError **error)
{
  g_autoptr (NrIdxReader) reader = NULL;
  g_autoptr (GError) local_error = NULL;
  Source *src;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = g_new0 (NrIdxReader, 1);
  reader->path = g_strdup (path);
  reader->display = g_filename_display_name (path);
  reader->magic = magic;
  reader->n_dims = magic & 0xff;

  fd = open_regular_file (path, reader->display, error);
  if (fd < 0)
    return NULL;
  reader->map = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
  close (fd);
  if (reader->map == NULL)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot read: %s"), reader->display,
                   local_error->message);
      return NULL;
    }

  src = &reader->src;
  src->display = reader->display;
  src->in = (const guint8 *) g_mapped_file_get_contents (reader->map);
  src->in_len = g_mapped_file_get_length (reader->map);
  src->gzipped = src->in_len >= 2 && src->in[0] == 0x1f && src->in[1] == 0x8b;
  if (src->gzipped)
    {
      /* 16 + MAX_WBITS: a gzip wrapper, not zlib's. */
      if (inflateInit2 (&src->zs, 16 + MAX_WBITS) != Z_OK)
        {
          g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot start zlib"),
                       reader->display);
          return NULL;
        }
      src->z_ready = TRUE;
    }
  if (!read_header (reader, error))
    return NULL;
  return g_steal_pointer (&reader);
}

const guint32 *
_nr_idx_reader_get_dims (const NrIdxReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return reader->dims;
}

const char *
_nr_idx_reader_get_path (const NrIdxReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return reader->path;
}

const char *
_nr_idx_reader_get_display_name (const NrIdxReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return reader->display;
}

guint8 *
_nr_idx_reader_read_data (NrIdxReader *reader, GError **error)
{
  Source *src;
  const char *after;
  g_autofree guint8 *data = NULL;
  g_autofree guint8 *probe = NULL;
  gsize got;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (!reader->data_read, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader->data_read = TRUE;
  src = &reader->src;
  after = src->gzipped ? _(" after decompression") : "";

  /* One byte more than needed, so data_len == 0 still gets a real pointer. */
  data = g_try_malloc (reader->data_len + 1);
  if (data == NULL)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: out of memory for %llu bytes of data"),
                   reader->display, (unsigned long long) reader->data_len);
      return NULL;
    }
  if (!source_read (src, data, reader->data_len, &got, error))
    return NULL;
  if (got < reader->data_len)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: truncated: expected %llu bytes of data%s, found %zu"),
                   reader->display, (unsigned long long) (reader->header_len + reader->data_len),
                   after, (size_t) (reader->header_len + got));
      return NULL;
    }

  /* Nothing may follow, but a stream that goes on is not inflated to its end to count
   * it: a 10 MB file can hold 10 GiB of zeros. This read also reaches the end of the
   * stream when nothing follows, where zlib checks the CRC and the length. */
  if (!src->gzipped)
    return g_steal_pointer (&data); /* its exact length was checked with the header */
  probe = g_malloc (NR_IDX_TRAILING_PROBE);
  if (!source_read (src, probe, NR_IDX_TRAILING_PROBE, &got, error))
    return NULL;
  if (got > 0)
    {
      g_autofree char *how_much
        = src->end ? g_strdup_printf (_("%zu bytes more"), (size_t) got)
                   : g_strdup_printf (_("at least %zu bytes more"), (size_t) got);

      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   /* Translators: the second %s is "1,024 bytes more" or "at least 1,024
                    * bytes more" */
                   _("%s: too long: has data after the %u %s it declares (%s than the header "
                     "declares, after decompression)"),
                   reader->display, reader->n_dims > 0 ? reader->dims[0] : 1,
                   describe_items (reader->magic), how_much);
      return NULL;
    }
  return g_steal_pointer (&data);
}

guint8 *
_nr_idx_read (const char *path, guint32 magic, guint32 *dims, GError **error)
{
  g_autoptr (NrIdxReader) reader = NULL;
  guint8 *data;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (dims != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = _nr_idx_reader_open (path, magic, error);
  if (reader == NULL)
    return NULL;
  data = _nr_idx_reader_read_data (reader, error);
  if (data != NULL)
    memcpy (dims, reader->dims, sizeof (guint32) * reader->n_dims);
  return data;
}

static gboolean
deflate_all (const char *path, const guint8 *in, gsize in_len, GByteArray *out, GError **error)
{
  z_stream zs = { 0 };
  gsize pos = 0;
  int ret;

  /* Level 9 and no timestamp or name in the gzip header (zlib writes none by default),
   * so the same data always makes the same file: the committed subset stays stable. */
  if (deflateInit2 (&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot start zlib"), path);
      return FALSE;
    }
  do
    {
      gsize in_chunk = MIN (in_len - pos, ZCHUNK);
      int flush = pos + in_chunk == in_len ? Z_FINISH : Z_NO_FLUSH;

      zs.next_in = (Bytef *) in + pos;
      zs.avail_in = (uInt) in_chunk;
      pos += in_chunk;
      do
        {
          guint8 buf[65536];

          zs.next_out = buf;
          zs.avail_out = sizeof buf;
          ret = deflate (&zs, flush);
          g_assert (ret != Z_STREAM_ERROR);
          g_byte_array_append (out, buf, sizeof buf - zs.avail_out);
        }
      while (zs.avail_out == 0);
    }
  while (pos < in_len);
  g_assert (ret == Z_STREAM_END);
  deflateEnd (&zs);
  return TRUE;
}

/* The bytes of one IDX file: header and data, gzip-compressed when the name ends in .gz. */
static GByteArray *
encode (const NrIdxFile *f, GError **error)
{
  g_autoptr (GByteArray) file = g_byte_array_new ();
  guint n_dims = f->magic & 0xff;
  guint64 data_len = 1;
  guint32 be;

  be = GUINT32_TO_BE (f->magic);
  g_byte_array_append (file, (const guint8 *) &be, 4);
  for (guint d = 0; d < n_dims; d++)
    {
      be = GUINT32_TO_BE (f->dims[d]);
      g_byte_array_append (file, (const guint8 *) &be, 4);
      data_len *= f->dims[d];
    }
  g_return_val_if_fail (data_len == 0 || f->data != NULL, NULL);
  if (data_len > G_MAXUINT - 4 * 256)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_IO,
                   _("%s: cannot write %llu bytes of data in one file"), f->path,
                   (unsigned long long) data_len);
      return NULL;
    }
  if (data_len > 0)
    g_byte_array_append (file, f->data, (guint) data_len);

  if (g_str_has_suffix (f->path, ".gz"))
    {
      g_autoptr (GByteArray) gz = g_byte_array_new ();

      if (!deflate_all (f->path, file->data, file->len, gz, error))
        return NULL;
      return g_steal_pointer (&gz);
    }
  return g_steal_pointer (&file);
}

static gboolean
write_fd (int fd, const char *path, const guint8 *data, gsize len, GError **error)
{
  while (len > 0)
    {
      gssize n = write (fd, data, MIN (len, (gsize) 1 << 30));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = n < 0 ? errno : ENOSPC;

          g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot write: %s"), path,
                       g_strerror (saved_errno));
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Writes into an existing device or pipe (/dev/null, /dev/full, a FIFO) in place: such a
 * target must never be replaced by a regular file (g_file_set_contents would, as root). */
static gboolean
write_in_place (const char *path, const GByteArray *bytes, GError **error)
{
  int fd = g_open (path, O_WRONLY | O_CLOEXEC | O_NOCTTY, 0);
  gboolean ok;

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot write: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  ok = write_fd (fd, path, bytes->data, bytes->len, error);
  if (close (fd) != 0 && ok)
    {
      int saved_errno = errno;

      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot write: %s"), path,
                   g_strerror (saved_errno));
      ok = FALSE;
    }
  return ok;
}

/* Writes bytes to a new temporary file beside path; *tmp_path receives its name. */
static gboolean
write_temp (const char *path, const GByteArray *bytes, char **tmp_path, GError **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  gboolean ok;

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot write: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  /* A full disk shows in write(), in fsync() (delayed allocation) or in close(). */
  ok = write_fd (fd, path, bytes->data, bytes->len, error);
  if (ok && fsync (fd) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot write: %s"), path,
                   g_strerror (saved_errno));
      ok = FALSE;
    }
  if (close (fd) != 0 && ok)
    {
      int saved_errno = errno;

      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot write: %s"), path,
                   g_strerror (saved_errno));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp);
      return FALSE;
    }
  *tmp_path = g_steal_pointer (&tmp);
  return TRUE;
}

/* The rule every save follows: a folder is refused, a device or pipe written in place
 * (*tmp_path stays NULL), a regular file staged as a complete temporary file beside it
 * (*tmp_path) for the caller to rename into place. */
static gboolean
write_or_stage (const char *path, const GByteArray *bytes, char **tmp_path, GError **error)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot write: is a folder"), path);
          return FALSE;
        }
      if (!S_ISREG (st.st_mode))
        return write_in_place (path, bytes, error);
    }
  return write_temp (path, bytes, tmp_path, error);
}

gboolean
_nr_idx_write_all (const NrIdxFile *files, guint n_files, GError **error)
{
  g_autoptr (GPtrArray) encoded = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  char **tmp_paths;
  gboolean ok = TRUE;

  g_return_val_if_fail (files != NULL || n_files == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < n_files; i++)
    {
      GByteArray *bytes;

      g_return_val_if_fail (files[i].path != NULL && files[i].dims != NULL, FALSE);
      for (guint j = 0; j < i; j++)
        if (strcmp (files[i].path, files[j].path) == 0)
          {
            g_set_error (error, NR_ERROR, NR_ERROR_IO,
                         _("%s: the same file is named twice: each part needs its own file"),
                         files[i].path);
            return FALSE;
          }
      bytes = encode (&files[i], error);
      if (bytes == NULL)
        return FALSE;
      g_ptr_array_add (encoded, bytes);
    }

  /* All files are written beside their targets first; only when every one is complete are
   * they renamed into place, so a full disk or a failed write leaves the old files (or
   * none) and no partial or mismatched one. Devices and pipes are written in place. */
  tmp_paths = g_new0 (char *, n_files + 1);
  for (guint i = 0; i < n_files && ok; i++)
    ok = write_or_stage (files[i].path, encoded->pdata[i], &tmp_paths[i], error);
  for (guint i = 0; i < n_files && ok; i++)
    if (tmp_paths[i] != NULL && g_rename (tmp_paths[i], files[i].path) != 0)
      {
        int saved_errno = errno;

        g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot write: %s"), files[i].path,
                     g_strerror (saved_errno));
        ok = FALSE;
      }
    else
      g_clear_pointer (&tmp_paths[i], g_free);
  for (guint i = 0; i < n_files; i++)
    if (tmp_paths[i] != NULL)
      g_unlink (tmp_paths[i]);
  g_strfreev (tmp_paths);
  return ok;
}

gboolean
_nr_file_write_atomic (const char *path, const void *data, gsize len, GError **error)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  g_autofree char *tmp_path = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (len <= G_MAXUINT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len > 0)
    g_byte_array_append (bytes, data, (guint) len);
  if (!write_or_stage (path, bytes, &tmp_path, error))
    return FALSE;
  if (tmp_path != NULL && g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot write: %s"), path,
                   g_strerror (saved_errno));
      g_unlink (tmp_path);
      return FALSE;
    }
  return TRUE;
}

gboolean
_nr_idx_write (const char *path, guint32 magic, const guint32 *dims, const guint8 *data,
               GError **error)
{
  NrIdxFile file = { path, magic, dims, data };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (dims != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _nr_idx_write_all (&file, 1, error);
}
