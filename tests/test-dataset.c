/* test-dataset.c — the IDX reader, the catalogue and where datasets are looked up. */
#include <errno.h>
#include <grp.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <zlib.h>

#include "neurona/dataset.h"
#include "neurona/error.h"

static const char *const stems[4] = {
  "train-images-idx3-ubyte",
  "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte",
  "t10k-labels-idx1-ubyte",
};

/* A temporary folder, removed with everything in it at the end of the test. */
typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->dir = g_dir_make_tmp ("neurona-test-dataset-XXXXXX", &error);
  g_assert_no_error (error);
  /* Nothing from the machine or the caller's environment leaks into the lookup tests. */
  g_unsetenv ("NEURONA_DATA_DIR");
  g_setenv ("NEURONA_SYSTEM_DATA_DIR", "/nonexistent-neurona-system-dir", TRUE);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  remove_tree (fx->dir);
  g_free (fx->dir);
  g_unsetenv ("NEURONA_DATA_DIR");
}

static char *
fx_path (Fixture *fx, const char *name)
{
  return g_build_filename (fx->dir, name, NULL);
}

/* n 28×28 images whose pixel p of image i is (i * 7 + p) % 256, labels i % 10. */
static NrImageSet *
make_set (guint n)
{
  g_autofree guint8 *pixels = g_malloc (n * 784 + 1);
  g_autofree guint8 *labels = g_malloc (n + 1);

  for (guint i = 0; i < n; i++)
    {
      for (guint p = 0; p < 784; p++)
        pixels[i * 784 + p] = (guint8) ((i * 7 + p) % 256);
      labels[i] = (guint8) (i % 10);
    }
  return nr_image_set_new (n, 28, 28, pixels, labels);
}

/* Writes a valid pair of IDX files (gzipped if the names end in .gz). */
static void
write_pair (const char *images, const char *labels, guint n)
{
  g_autoptr (NrImageSet) set = make_set (n);
  g_autoptr (GError) error = NULL;

  g_assert_true (nr_image_set_save (set, images, labels, &error));
  g_assert_no_error (error);
}

/* Writes a complete dataset folder (4 files), with n_train / n_test images. */
static void
write_dataset_folder (const char *dir, guint n_train, guint n_test, gboolean gz)
{
  char *paths[4] = { NULL };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < 4; i++)
    paths[i] = g_strconcat (dir, G_DIR_SEPARATOR_S, stems[i], gz ? ".gz" : "", NULL);
  write_pair (paths[0], paths[1], n_train);
  write_pair (paths[2], paths[3], n_test);
  for (guint i = 0; i < 4; i++)
    g_free (paths[i]);
}

static void
write_bytes (const char *path, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, len, &error));
  g_assert_no_error (error);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* Loading must fail with (domain, code), naming `culprit` and saying `what`. */
static void
assert_load_fails (const char *images, const char *labels, int code, const char *culprit,
                   const char *what)
{
  g_autoptr (GError) error = NULL;
  NrImageSet *set = nr_image_set_load (images, labels, &error);

  g_assert_null (set);
  g_assert_error (error, NR_ERROR, code);
  g_test_message ("%s", error->message);
  if (strstr (error->message, culprit) == NULL || strstr (error->message, what) == NULL)
    g_error ("message “%s” should name %s and say “%s”", error->message, culprit, what);
}

/* Catalogue */

static void
test_catalogue (void)
{
  const NrDatasetInfo *mnist = nr_dataset_info (NR_DATASET_MNIST);
  const NrDatasetInfo *fashion = nr_dataset_info (NR_DATASET_FASHION_MNIST);
  NrDatasetId id = NR_N_DATASETS;

  g_assert_cmpstr (mnist->name, ==, "mnist");
  g_assert_cmpuint (mnist->n_classes, ==, 10);
  g_assert_cmpstr (mnist->class_names[0], ==, "0");
  g_assert_cmpstr (mnist->class_names[9], ==, "9");
  g_assert_cmpstr (fashion->name, ==, "fashion");
  g_assert_cmpuint (fashion->n_classes, ==, 10);
  g_assert_cmpstr (fashion->class_names[0], ==, "T-shirt/top");
  g_assert_cmpstr (fashion->class_names[5], ==, "Sandal");
  g_assert_cmpstr (fashion->class_names[9], ==, "Ankle boot");

  g_assert_true (nr_dataset_id_from_name ("MNIST", &id));
  g_assert_cmpint (id, ==, NR_DATASET_MNIST);
  g_assert_true (nr_dataset_id_from_name ("fashion-mnist", &id));
  g_assert_cmpint (id, ==, NR_DATASET_FASHION_MNIST);
  g_assert_true (nr_dataset_id_from_name ("Fashion", &id));
  g_assert_cmpint (id, ==, NR_DATASET_FASHION_MNIST);
  g_assert_false (nr_dataset_id_from_name ("cifar10", &id));
  g_assert_false (nr_dataset_id_from_name ("", &id));
}

/* The committed subset */

static NrImageSet *
load_subset (const char *name, const char *part)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *images = g_strdup_printf ("%s/subset/%s/%s-images-idx3-ubyte.gz",
                                             nr_project_data_dir (), name, part);
  g_autofree char *labels = g_strdup_printf ("%s/subset/%s/%s-labels-idx1-ubyte.gz",
                                             nr_project_data_dir (), name, part);
  NrImageSet *set = nr_image_set_load (images, labels, &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static void
test_subset_fashion (void)
{
  g_autoptr (NrImageSet) train = load_subset ("fashion", "train");
  g_autoptr (NrImageSet) test = load_subset ("fashion", "t10k");

  g_assert_cmpuint (train->n, ==, 6000);
  g_assert_cmpuint (train->rows, ==, 28);
  g_assert_cmpuint (train->cols, ==, 28);
  g_assert_cmpuint (test->n, ==, 1000);
  /* The tutorial's first training image is an ankle boot (9); values read with Python. */
  g_assert_cmpuint (train->labels[0], ==, 9);
  g_assert_cmpuint (train->labels[3], ==, 3);
  g_assert_cmpuint (train->pixels[14 * 28 + 14], ==, 217);
  g_assert_cmpuint (train->pixels[784 + 14 * 28 + 14], ==, 204);
  g_assert_cmpuint (train->labels[5999], ==, 0);
  g_assert_cmpuint (test->labels[0], ==, 9);
  g_assert_cmpuint (test->labels[4], ==, 6);
  g_assert_cmpuint (test->pixels[14 * 28 + 14], ==, 110);
  g_assert_cmpuint (nr_image_set_max_label (train), ==, 9);
}

static void
test_subset_mnist (void)
{
  g_autoptr (NrImageSet) train = load_subset ("mnist", "train");
  g_autoptr (NrImageSet) test = load_subset ("mnist", "t10k");
  guint sum = 0;

  g_assert_cmpuint (train->n, ==, 6000);
  g_assert_cmpuint (test->n, ==, 1000);
  g_assert_cmpuint (train->labels[0], ==, 5);
  g_assert_cmpuint (train->labels[4], ==, 9);
  g_assert_cmpuint (test->labels[0], ==, 7);
  g_assert_cmpuint (train->pixels[14 * 28 + 14], ==, 240);
  for (guint p = 0; p < 784; p++)
    sum += train->pixels[p];
  g_assert_cmpuint (sum, ==, 27525);
}

/* Good files made here */

static void
test_good_raw_and_gz (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "i-idx3-ubyte");
  g_autofree char *labels = fx_path (fx, "l-idx1-ubyte");
  g_autofree char *images_gz = fx_path (fx, "i-idx3-ubyte.gz");
  g_autofree char *labels_gz = fx_path (fx, "l-idx1-ubyte.gz");
  g_autofree char *renamed = fx_path (fx, "gzipped-but-named-raw");
  g_autoptr (GBytes) raw = NULL;
  g_autoptr (GBytes) gz = NULL;
  g_autoptr (NrImageSet) a = NULL;
  g_autoptr (NrImageSet) b = NULL;
  g_autoptr (NrImageSet) c = NULL;
  g_autoptr (GError) error = NULL;

  write_pair (images, labels, 3);
  write_pair (images_gz, labels_gz, 3);
  raw = read_bytes (images);
  gz = read_bytes (images_gz);
  g_assert_cmpuint (g_bytes_get_size (raw), ==, 16 + 3 * 784);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (gz, NULL))[0], ==, 0x1f);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (gz, NULL))[1], ==, 0x8b);

  a = nr_image_set_load (images, labels, &error);
  g_assert_no_error (error);
  b = nr_image_set_load (images_gz, labels_gz, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->n, ==, 3);
  g_assert_cmpmem (a->pixels, 3 * 784, b->pixels, 3 * 784);
  g_assert_cmpmem (a->labels, 3, b->labels, 3);
  g_assert_cmpuint (a->pixels[2 * 784 + 5], ==, 19); /* (2 * 7 + 5) % 256 */
  g_assert_cmpuint (a->labels[2], ==, 2);

  /* gzip is recognised by its content, not its name. */
  write_bytes (renamed, g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
  c = nr_image_set_load (renamed, labels, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (c->pixels, 3 * 784, a->pixels, 3 * 784);
}

static void
test_round_trip (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrImageSet) set = make_set (25);
  g_autoptr (NrImageSet) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *images = fx_path (fx, "images.gz");
  g_autofree char *labels = fx_path (fx, "labels.gz");
  g_autofree char *images2 = fx_path (fx, "images2.gz");
  g_autofree char *labels2 = fx_path (fx, "labels2.gz");
  g_autoptr (GBytes) first = NULL;
  g_autoptr (GBytes) second = NULL;

  g_assert_true (nr_image_set_save (set, images, labels, &error));
  g_assert_no_error (error);
  back = nr_image_set_load (images, labels, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n, ==, 25);
  g_assert_cmpuint (back->rows, ==, 28);
  g_assert_cmpuint (back->cols, ==, 28);
  g_assert_cmpmem (back->pixels, 25 * 784, set->pixels, 25 * 784);
  g_assert_cmpmem (back->labels, 25, set->labels, 25);

  /* Saving is reproducible (no timestamp in the gzip header): the subset stays stable. */
  g_assert_true (nr_image_set_save (back, images2, labels2, &error));
  first = read_bytes (images);
  second = read_bytes (images2);
  g_assert_true (g_bytes_equal (first, second));
}

static void
test_save_unwritable (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrImageSet) set = make_set (2);
  g_autoptr (GError) error = NULL;
  g_autofree char *images = fx_path (fx, "no-such-folder/images");
  g_autofree char *labels = fx_path (fx, "no-such-folder/labels");

  g_assert_false (nr_image_set_save (set, images, labels, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_assert_nonnull (strstr (error->message, images));
}

/* A stand-in for /dev/full (char device 1:7, every write fails with ENOSPC) inside the
 * fixture's folder. As root, a regression that replaced the target with a regular file
 * would then clobber this copy and not the machine's /dev/full. Without the right to
 * create device nodes, the real /dev/full is used: then /dev is not writable anyway. */
static char *
full_device (Fixture *fx)
{
  g_autofree char *path = fx_path (fx, "full");

  if (mknod (path, S_IFCHR | 0666, makedev (1, 7)) == 0)
    return g_steal_pointer (&path);
  g_assert_true (g_access ("/dev", W_OK) != 0);
  return g_strdup ("/dev/full");
}

static void
assert_char_device (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

/* Names in the fixture folder, sorted and joined with spaces. */
static char *
list_dir (Fixture *fx)
{
  g_autoptr (GDir) dir = g_dir_open (fx->dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Saving onto a full disk is a clear error and leaves no file behind: the device is
 * written in place (never replaced by a regular file) and the images file that would
 * sit beside the failed labels file is not created. */
static void
test_save_full_disk (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrImageSet) set = make_set (3);
  g_autoptr (GError) error = NULL;
  g_autofree char *full = full_device (fx);
  g_autofree char *images = fx_path (fx, "images.gz");
  g_autofree char *labels = fx_path (fx, "labels");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  before = list_dir (fx);
  g_assert_false (nr_image_set_save (set, full, labels, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, full));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
  assert_char_device (full);
  g_clear_error (&error);

  g_assert_false (nr_image_set_save (set, images, full, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
  assert_char_device (full);
  after = list_dir (fx);
  /* Neither images.gz nor a temporary file is left. */
  g_assert_cmpstr (after, ==, before);
}

/* A failed save keeps the files that were there: the old pair stays whole. */
static void
test_save_failure_keeps_old_pair (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrImageSet) old = make_set (2);
  g_autoptr (NrImageSet) set = make_set (5);
  g_autoptr (NrImageSet) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *images = fx_path (fx, "images");
  g_autofree char *labels = fx_path (fx, "labels");
  g_autofree char *folder = fx_path (fx, "a-folder");

  g_assert_true (nr_image_set_save (old, images, labels, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);

  /* The labels target is a folder: the error names it, and the images stay the old ones. */
  g_assert_false (nr_image_set_save (set, images, folder, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_assert_nonnull (strstr (error->message, folder));
  g_assert_nonnull (strstr (error->message, "folder"));
  g_clear_error (&error);
  back = nr_image_set_load (images, labels, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n, ==, 2);

  /* The same file for both parts is refused before anything is written. */
  g_assert_false (nr_image_set_save (set, images, images, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "same file"));
  g_clear_pointer (&back, nr_image_set_unref);
  g_clear_error (&error);
  back = nr_image_set_load (images, labels, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n, ==, 2);
}

/* /dev/null-like targets are written in place and stay devices. */
static void
test_save_to_device (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrImageSet) set = make_set (3);
  g_autoptr (GError) error = NULL;
  g_autofree char *null = fx_path (fx, "null");
  g_autofree char *labels = fx_path (fx, "labels");

  /* A copy of /dev/null (char device 1:3) where we may create one (root); otherwise the
   * real one, which a user can write to but not replace, so a regression shows all the
   * same. */
  if (mknod (null, S_IFCHR | 0666, makedev (1, 3)) != 0)
    {
      g_free (null);
      null = g_strdup ("/dev/null");
    }
  g_assert_true (nr_image_set_save (set, null, labels, &error));
  g_assert_no_error (error);
  assert_char_device (null);
}

static void
test_head_and_refs (void)
{
  g_autoptr (NrImageSet) set = make_set (10);
  g_autoptr (NrImageSet) head = nr_image_set_new_head (set, 4);
  g_autoptr (NrImageSet) all = nr_image_set_new_head (set, 100);
  NrImageSet *again;

  g_assert_cmpuint (head->n, ==, 4);
  g_assert_true (head->pixels != set->pixels);
  g_assert_cmpmem (head->pixels, 4 * 784, set->pixels, 4 * 784);
  g_assert_cmpuint (all->n, ==, 10);
  g_assert_cmpuint (nr_image_set_max_label (head), ==, 3);
  g_assert_cmpuint (nr_image_set_max_label (set), ==, 9);

  again = nr_image_set_ref (set);
  g_assert_true (again == set);
  nr_image_set_unref (again);
  g_assert_cmpuint (set->n, ==, 10); /* still alive */
}

/* Bad files */

static void
test_missing_file (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "absent-images");
  g_autofree char *labels = fx_path (fx, "absent-labels");

  assert_load_fails (images, labels, NR_ERROR_IO, images, "No such file");
}

static void
test_folder_as_file (Fixture *fx, gconstpointer data)
{
  g_autofree char *labels = fx_path (fx, "labels");

  assert_load_fails (fx->dir, labels, NR_ERROR_IO, fx->dir, "folder");
}

static void
test_empty_file (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images");
  g_autofree char *labels = fx_path (fx, "labels");

  write_pair (images, labels, 2);
  write_bytes (images, "", 0);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "empty");
}

static void
test_truncated (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images");
  g_autofree char *labels = fx_path (fx, "labels");
  g_autoptr (GBytes) full = NULL;

  write_pair (images, labels, 3);
  full = read_bytes (images);
  /* Cut in the middle of the data: 16 + 3 × 784 = 2368 bytes expected. */
  write_bytes (images, g_bytes_get_data (full, NULL), 1000);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images,
                     "truncated: expected 2368 bytes of data, found 1000");
  /* Cut in the header. */
  write_bytes (images, g_bytes_get_data (full, NULL), 10);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "truncated");
  write_bytes (images, g_bytes_get_data (full, NULL), 3);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "truncated");
}

static void
test_truncated_labels (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images");
  g_autofree char *labels = fx_path (fx, "labels");
  g_autoptr (GBytes) full = NULL;

  write_pair (images, labels, 5);
  full = read_bytes (labels);
  write_bytes (labels, g_bytes_get_data (full, NULL), 10);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, labels,
                     "expected 13 bytes of data, found 10");
}

static void
test_truncated_gz (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images.gz");
  g_autofree char *labels = fx_path (fx, "labels.gz");
  g_autoptr (GBytes) full = NULL;

  write_pair (images, labels, 40);
  full = read_bytes (images);
  g_assert_cmpuint (g_bytes_get_size (full), >, 100);
  write_bytes (images, g_bytes_get_data (full, NULL), g_bytes_get_size (full) / 2);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "cut short");
}

static void
test_overlong (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images");
  g_autofree char *labels = fx_path (fx, "labels");
  g_autoptr (GBytes) full = NULL;
  g_autofree guint8 *longer = NULL;
  gsize len;

  write_pair (images, labels, 2);
  full = read_bytes (images);
  len = g_bytes_get_size (full);
  longer = g_malloc0 (len + 24);
  memcpy (longer, g_bytes_get_data (full, NULL), len);
  write_bytes (images, longer, len + 24);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "24 bytes more");
}

/* gzip-compresses data with zlib (the reader must accept any gzip writer's output). */
static void
write_gzipped (const char *path, const guint8 *data, gsize len)
{
  z_stream zs = { 0 };
  gsize cap = len + len / 100 + 1024;
  g_autofree guint8 *out = g_malloc (cap);

  g_assert_cmpint (deflateInit2 (&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), ==,
                   Z_OK);
  zs.next_in = (Bytef *) data;
  zs.avail_in = (uInt) len;
  zs.next_out = out;
  zs.avail_out = (uInt) cap;
  g_assert_cmpint (deflate (&zs, Z_FINISH), ==, Z_STREAM_END);
  write_bytes (path, out, cap - zs.avail_out);
  deflateEnd (&zs);
}

static void
test_overlong_gz (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrImageSet) four = make_set (4);
  g_autofree char *raw_images = fx_path (fx, "raw-images");
  g_autofree char *images = fx_path (fx, "images.gz");
  g_autofree char *labels = fx_path (fx, "labels.gz");
  g_autofree char *unused = fx_path (fx, "unused");
  g_autoptr (GBytes) raw = NULL;
  g_autofree guint8 *copy = NULL;
  g_autoptr (GError) error = NULL;

  /* Four images whose header says three, gzipped: one image too many after inflating. */
  g_assert_true (nr_image_set_save (four, raw_images, unused, &error));
  raw = read_bytes (raw_images);
  copy = g_memdup2 (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw));
  copy[7] = 3;
  write_gzipped (images, copy, g_bytes_get_size (raw));
  write_pair (unused, labels, 3);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "784 bytes more");
}

static void
test_multi_member_gz (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrImageSet) set = make_set (3);
  g_autofree char *raw_images = fx_path (fx, "raw-images");
  g_autofree char *raw_labels = fx_path (fx, "raw-labels");
  g_autofree char *part1 = fx_path (fx, "part1.gz");
  g_autofree char *part2 = fx_path (fx, "part2.gz");
  g_autofree char *images = fx_path (fx, "images.gz");
  g_autoptr (GBytes) raw = NULL;
  g_autoptr (GBytes) a = NULL;
  g_autoptr (GBytes) b = NULL;
  g_autoptr (GByteArray) both = g_byte_array_new ();
  g_autoptr (NrImageSet) back = NULL;
  g_autoptr (GError) error = NULL;
  const guint8 *bytes;

  /* `cat a.gz b.gz` is a valid gzip file (what gzip -c a b writes). */
  g_assert_true (nr_image_set_save (set, raw_images, raw_labels, &error));
  raw = read_bytes (raw_images);
  bytes = g_bytes_get_data (raw, NULL);
  write_gzipped (part1, bytes, 1000);
  write_gzipped (part2, bytes + 1000, g_bytes_get_size (raw) - 1000);
  a = read_bytes (part1);
  b = read_bytes (part2);
  g_byte_array_append (both, g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  g_byte_array_append (both, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  write_bytes (images, both->data, both->len);
  back = nr_image_set_load (images, raw_labels, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (back->pixels, 3 * 784, set->pixels, 3 * 784);
}

static void
test_wrong_magic (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images");
  g_autofree char *labels = fx_path (fx, "labels");
  g_autoptr (GBytes) full = NULL;
  g_autofree guint8 *copy = NULL;

  write_pair (images, labels, 2);
  /* Images and labels swapped. */
  assert_load_fails (labels, images, NR_ERROR_FORMAT, labels,
                     "wrong magic number 0x00000801, expected 0x00000803");
  /* Not IDX at all. */
  full = read_bytes (images);
  copy = g_memdup2 (g_bytes_get_data (full, NULL), g_bytes_get_size (full));
  memcpy (copy, "\x89PNG", 4);
  write_bytes (images, copy, g_bytes_get_size (full));
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "not an IDX file");
  /* IDX, but float elements (type 0x0D). */
  memcpy (copy, "\0\0\x0d\x03", 4);
  write_bytes (images, copy, g_bytes_get_size (full));
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "element type 0x0D");
}

static void
test_wrong_dimension_count (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images");
  g_autofree char *labels = fx_path (fx, "labels");
  /* A 2-dimensional uint8 IDX file: 2 × 784. */
  guint8 file[4 + 8 + 2 * 784] = { 0, 0, 0x08, 0x02, 0, 0, 0, 2, 0, 0, 0x03, 0x10 };

  write_pair (images, labels, 2);
  write_bytes (images, file, sizeof file);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "2 dimensions");
}

static void
test_count_mismatch (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images");
  g_autofree char *labels = fx_path (fx, "labels");
  g_autofree char *images5 = fx_path (fx, "images5");
  g_autofree char *labels5 = fx_path (fx, "labels5");

  write_pair (images, labels, 4);
  write_pair (images5, labels5, 5);
  assert_load_fails (images, labels5, NR_ERROR_FORMAT, labels5, "5 labels");
  assert_load_fails (images, labels5, NR_ERROR_FORMAT, images, "4 images");
}

static void
test_corrupt_gz (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images.gz");
  g_autofree char *labels = fx_path (fx, "labels.gz");
  g_autoptr (GBytes) full = NULL;
  g_autofree guint8 *copy = NULL;
  gsize len;

  write_pair (images, labels, 40);
  full = read_bytes (images);
  len = g_bytes_get_size (full);
  copy = g_memdup2 (g_bytes_get_data (full, NULL), len);
  /* Scramble the deflate stream after the 10-byte gzip header. */
  for (gsize i = 12; i < len - 8; i += 3)
    copy[i] ^= 0x5a;
  write_bytes (images, copy, len);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "corrupt gzip");

  /* An intact stream followed by garbage. */
  copy = g_realloc (copy, len + 5);
  memcpy (copy, g_bytes_get_data (full, NULL), len);
  memcpy (copy + len, "junk!", 5);
  write_bytes (images, copy, len + 5);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "garbage");

  /* Only the gzip magic. */
  write_bytes (images, "\x1f\x8b", 2);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "corrupt gzip");
}

static void
test_absurd_header (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images");
  g_autofree char *labels = fx_path (fx, "labels");
  /* 4 billion images of 65536 × 65536 pixels in a 16-byte file: must not try to allocate. */
  guint8 file[16] = { 0, 0, 8, 3, 0xff, 0xff, 0xff, 0xff, 0, 1, 0, 0, 0, 1, 0, 0 };
  /* 1 image of 0 × 28 pixels. */
  guint8 empty_images[16] = { 0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 28 };

  write_pair (images, labels, 1);
  write_bytes (images, file, sizeof file);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "corrupt header");
  write_bytes (images, empty_images, sizeof empty_images);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "can't be empty");
}

/* A header that declares far more data than the file can hold is refused before anything
 * is allocated for it (a 16-byte file used to reserve 2 GB; fuzz-idx runs with
 * -malloc_limit_mb=512 so such an allocation counts as a crash). Raw: the rest of the file is all the data there is; gzip: deflate
 * expands at most 1032:1. */
static void
test_header_larger_than_file (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images");
  g_autofree char *labels = fx_path (fx, "labels");
  /* 2,000 images of 1000 × 1000 pixels (2 GB, under the 2 GB cap) in 16 bytes. */
  guint8 file[16] = { 0, 0, 8, 3, 0, 0, 0x07, 0xd0, 0, 0, 0x03, 0xe8, 0, 0, 0x03, 0xe8 };

  write_pair (images, labels, 1);
  write_bytes (images, file, sizeof file);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "found 16");

  write_gzipped (images, file, sizeof file);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "bytes of gzip data can hold");
}

/* Lookup */

static void
load_expecting (NrDatasetId id, const char *data_dir, NrDataSource source, const char *dir,
                guint n_train)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) dataset = nr_dataset_load (id, data_dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  g_assert_cmpint (dataset->source, ==, source);
  g_assert_cmpstr (dataset->directory, ==, dir);
  g_assert_cmpuint (dataset->train->n, ==, n_train);
  g_assert_cmpint (dataset->id, ==, id);
}

static void
test_lookup_explicit_wins (Fixture *fx, gconstpointer data)
{
  g_autofree char *explicit = fx_path (fx, "explicit");
  g_autofree char *env = fx_path (fx, "env");
  g_autofree char *env_mnist = fx_path (fx, "env/mnist");

  write_dataset_folder (explicit, 7, 3, TRUE);
  write_dataset_folder (env_mnist, 9, 3, FALSE);
  g_setenv ("NEURONA_DATA_DIR", env, TRUE);

  /* The argument beats the environment; the folder itself holds the files. */
  load_expecting (NR_DATASET_MNIST, explicit, NR_DATA_SOURCE_EXPLICIT, explicit, 7);
  /* Without it, NEURONA_DATA_DIR; its mnist/ sub-folder holds the files. */
  load_expecting (NR_DATASET_MNIST, NULL, NR_DATA_SOURCE_EXPLICIT, env_mnist, 9);
}

static void
test_lookup_subfolder_first (Fixture *fx, gconstpointer data)
{
  g_autofree char *fashion = fx_path (fx, "fashion");

  write_dataset_folder (fx->dir, 5, 2, FALSE);
  write_dataset_folder (fashion, 6, 2, FALSE);
  load_expecting (NR_DATASET_FASHION_MNIST, fx->dir, NR_DATA_SOURCE_EXPLICIT, fashion, 6);
  /* MNIST has no mnist/ sub-folder here: the folder's own files. */
  load_expecting (NR_DATASET_MNIST, fx->dir, NR_DATA_SOURCE_EXPLICIT, fx->dir, 5);
}

static void
test_lookup_default_order (Fixture *fx, gconstpointer data)
{
  g_autofree char *project = fx_path (fx, "project");
  g_autofree char *system = fx_path (fx, "system");
  g_autofree char *full = fx_path (fx, "project/full/fashion");
  g_autofree char *sys_fashion = fx_path (fx, "system/fashion-mnist");
  g_autofree char *subset = fx_path (fx, "project/subset/fashion");
  g_autofree char *old_project = g_strdup (g_getenv ("NEURONA_PROJECT_DATA_DIR"));

  g_setenv ("NEURONA_PROJECT_DATA_DIR", project, TRUE);
  g_setenv ("NEURONA_SYSTEM_DATA_DIR", system, TRUE);
  g_assert_cmpstr (nr_project_data_dir (), ==, project);

  write_dataset_folder (subset, 3, 1, TRUE);
  load_expecting (NR_DATASET_FASHION_MNIST, NULL, NR_DATA_SOURCE_BUNDLED, subset, 3);
  write_dataset_folder (sys_fashion, 4, 1, TRUE);
  load_expecting (NR_DATASET_FASHION_MNIST, NULL, NR_DATA_SOURCE_SYSTEM, sys_fashion, 4);
  write_dataset_folder (full, 5, 1, FALSE);
  load_expecting (NR_DATASET_FASHION_MNIST, NULL, NR_DATA_SOURCE_FETCHED, full, 5);

  if (old_project != NULL)
    g_setenv ("NEURONA_PROJECT_DATA_DIR", old_project, TRUE);
}

static void
test_lookup_real_subset (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) dataset = NULL;
  g_autofree char *expected = NULL;

  g_unsetenv ("NEURONA_DATA_DIR");
  g_setenv ("NEURONA_SYSTEM_DATA_DIR", "/nonexistent-neurona-system-dir", TRUE);
  expected = g_build_filename (nr_project_data_dir (), "subset", "mnist", NULL);
  /* data/full/mnist may exist on a developer's machine; then it is found first. */
  dataset = nr_dataset_load (NR_DATASET_MNIST, NULL, &error);
  g_assert_no_error (error);
  if (dataset->source == NR_DATA_SOURCE_BUNDLED)
    {
      g_assert_cmpstr (dataset->directory, ==, expected);
      g_assert_cmpuint (dataset->train->n, ==, 6000);
      g_assert_cmpuint (dataset->test->n, ==, 1000);
    }
  else
    g_assert_cmpint (dataset->source, ==, NR_DATA_SOURCE_FETCHED);
  g_assert_nonnull (nr_dataset_ref (dataset));
  nr_dataset_unref (dataset);
}

static void
test_lookup_broken_explicit (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "train-images-idx3-ubyte");
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) dataset = NULL;
  g_autoptr (GBytes) full = NULL;

  write_dataset_folder (fx->dir, 4, 2, FALSE);
  full = read_bytes (images);
  write_bytes (images, g_bytes_get_data (full, NULL), 100);
  /* A folder that holds the files but fails to load is an error, never a silent fallback
   * to the subset. */
  dataset = nr_dataset_load (NR_DATASET_MNIST, fx->dir, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, images));
  g_assert_nonnull (strstr (error->message, "truncated"));
}

static void
test_lookup_broken_default (Fixture *fx, gconstpointer data)
{
  g_autofree char *project = fx_path (fx, "project");
  g_autofree char *full = fx_path (fx, "project/full/mnist");
  g_autofree char *subset = fx_path (fx, "project/subset/mnist");
  g_autofree char *labels = fx_path (fx, "project/full/mnist/t10k-labels-idx1-ubyte");
  g_autofree char *old_project = g_strdup (g_getenv ("NEURONA_PROJECT_DATA_DIR"));
  g_autoptr (GError) error = NULL;
  NrDataset *dataset;
  guint8 bad_label[9] = { 0, 0, 8, 1, 0, 0, 0, 1, 10 };
  guint8 two_labels[10] = { 0, 0, 8, 1, 0, 0, 0, 2, 3, 12 };

  g_setenv ("NEURONA_PROJECT_DATA_DIR", project, TRUE);
  write_dataset_folder (subset, 3, 1, TRUE);
  write_dataset_folder (full, 5, 2, FALSE);
  /* A label outside 0…9 in the fetched set: an error naming the file, not the subset. */
  write_bytes (labels, two_labels, sizeof two_labels);
  dataset = nr_dataset_load (NR_DATASET_MNIST, NULL, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, labels));
  g_assert_nonnull (strstr (error->message, "label 12 of image 1"));
  g_clear_error (&error);
  (void) bad_label;

  /* A fetched folder missing a file is an error too. */
  g_assert_cmpint (g_unlink (labels), ==, 0);
  dataset = nr_dataset_load (NR_DATASET_MNIST, NULL, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, full));
  g_assert_nonnull (strstr (error->message, "t10k-labels-idx1-ubyte"));

  if (old_project != NULL)
    g_setenv ("NEURONA_PROJECT_DATA_DIR", old_project, TRUE);
}

static void
test_lookup_not_found (Fixture *fx, gconstpointer data)
{
  g_autofree char *missing = fx_path (fx, "does-not-exist");
  g_autofree char *project = fx_path (fx, "empty-project");
  g_autofree char *old_project = g_strdup (g_getenv ("NEURONA_PROJECT_DATA_DIR"));
  g_autoptr (GError) error = NULL;
  NrDataset *dataset;

  dataset = nr_dataset_load (NR_DATASET_MNIST, missing, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* An existing folder without the files: the message lists where it looked. */
  dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, fx->dir, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, fx->dir));
  g_assert_nonnull (strstr (error->message, "fashion"));
  g_clear_error (&error);

  /* The default search with nothing anywhere. */
  g_setenv ("NEURONA_PROJECT_DATA_DIR", project, TRUE);
  dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, NULL, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "empty-project/full/fashion"));
  g_assert_nonnull (strstr (error->message, "/nonexistent-neurona-system-dir/fashion-mnist"));
  g_assert_nonnull (strstr (error->message, "empty-project/subset/fashion"));
  if (old_project != NULL)
    g_setenv ("NEURONA_PROJECT_DATA_DIR", old_project, TRUE);
}

static void
test_source_describe (void)
{
  g_assert_nonnull (strstr (nr_data_source_describe (NR_DATA_SOURCE_SYSTEM),
                            "dataset-fashion-mnist"));
  g_assert_nonnull (strstr (nr_data_source_describe (NR_DATA_SOURCE_BUNDLED), "subset"));
  g_assert_nonnull (strstr (nr_data_source_describe (NR_DATA_SOURCE_EXPLICIT), "--data-dir"));
  g_assert_nonnull (strstr (nr_data_source_describe (NR_DATA_SOURCE_FETCHED), "full"));
}

#define IDX_MAGIC_IMAGES 0x00000803u
#define IDX_MAGIC_LABELS 0x00000801u

static guint64
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (guint64) st.st_size;
}

/* Bad input found by review: every one is refused with a message naming the file, without
 * a hang, a crash or an allocation beyond what the checks allow. */

/* Runs the current test again in a child process that must pass within `seconds`: a
 * reader that hangs (a named pipe) or inflates gigabytes fails here instead of stalling
 * the suite. Returns TRUE in the child, which then does the work. */
static gboolean
in_child_within (guint seconds)
{
  if (g_test_subprocess ())
    return TRUE;
  g_test_trap_subprocess (NULL, (guint64) seconds * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  return FALSE;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif

/* In a child: any allocation of more than `headroom` bytes from now on fails, so a reader
 * that reserves gigabytes for a corrupt header gets NULL instead (and says "out of
 * memory"). Sanitizers reserve terabytes of shadow memory, so under them this does nothing
 * and only the error message is checked. */
static void
limit_address_space (guint64 headroom)
{
#ifndef UNDER_SANITIZER
  g_autofree char *statm = NULL;
  guint64 pages;
  struct rlimit limit;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  pages = g_ascii_strtoull (statm, NULL, 10);
  limit.rlim_cur = limit.rlim_max = pages * (guint64) sysconf (_SC_PAGESIZE) + headroom;
  g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);
#else
  (void) headroom;
#endif
}

static void
deflate_into (z_stream *zs, const guint8 *in, gsize len, int flush, GByteArray *out)
{
  guint8 buf[65536];

  zs->next_in = (Bytef *) in;
  zs->avail_in = (uInt) len;
  do
    {
      zs->next_out = buf;
      zs->avail_out = sizeof buf;
      g_assert_cmpint (deflate (zs, flush), !=, Z_STREAM_ERROR);
      g_byte_array_append (out, buf, sizeof buf - zs->avail_out);
    }
  while (zs->avail_out == 0);
  g_assert_cmpuint (zs->avail_in, ==, 0);
}

/* Writes a gzip file of `head` followed by n_zeros zero bytes without compressing them one
 * by one: 1 MiB of zeros is compressed once after a full flush (so it does not refer to
 * what comes before it) and repeated, and the CRC is combined. Gigabytes of content cost a
 * file of about 1 KB per MiB and milliseconds. corrupt_crc: a wrong CRC in the trailer,
 * which only a reader that inflates everything notices. */
static void
write_gzipped_zeros (const char *path, const guint8 *head, gsize head_len, guint64 n_zeros,
                     gboolean corrupt_crc)
{
  static const guint8 gzip_header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
  const gsize block = (gsize) 1 << 20;
  g_autofree guint8 *zeros = g_malloc0 (block);
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autoptr (GByteArray) one_block = g_byte_array_new ();
  guint64 n_blocks = n_zeros / block;
  gsize rest = (gsize) (n_zeros % block);
  z_stream zs = { 0 };
  uLong crc, block_crc;
  guint8 trailer[8];
  guint32 size;

  g_assert_cmpint (deflateInit2 (&zs, 9, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY), ==,
                   Z_OK);
  g_byte_array_append (out, gzip_header, sizeof gzip_header);
  deflate_into (&zs, head, head_len, Z_FULL_FLUSH, out);
  deflate_into (&zs, zeros, block, Z_FULL_FLUSH, one_block);
  for (guint64 i = 0; i < n_blocks; i++)
    g_byte_array_append (out, one_block->data, one_block->len);
  deflate_into (&zs, zeros, rest, Z_FINISH, out);
  deflateEnd (&zs);

  crc = crc32 (0, head, (uInt) head_len);
  block_crc = crc32 (0, zeros, (uInt) block);
  for (guint64 i = 0; i < n_blocks; i++)
    crc = crc32_combine (crc, block_crc, (z_off_t) block);
  crc = crc32 (crc, zeros, (uInt) rest);
  if (corrupt_crc)
    crc ^= 1;
  size = (guint32) (head_len + n_zeros);
  for (guint i = 0; i < 4; i++)
    {
      trailer[i] = (guint8) (crc >> (8 * i));
      trailer[4 + i] = (guint8) (size >> (8 * i));
    }
  g_byte_array_append (out, trailer, sizeof trailer);
  write_bytes (path, out->data, out->len);
}

/* The 16-byte header of an images file of n images of rows × cols pixels. */
static void
images_header (guint8 head[16], guint32 n, guint32 rows, guint32 cols)
{
  guint32 be[4] = { GUINT32_TO_BE (IDX_MAGIC_IMAGES), GUINT32_TO_BE (n),
                    GUINT32_TO_BE (rows), GUINT32_TO_BE (cols) };

  memcpy (head, be, 16);
}

/* The 8-byte header of a labels file of n labels. */
static void
labels_header (guint8 head[8], guint32 n)
{
  guint32 be[2] = { GUINT32_TO_BE (IDX_MAGIC_LABELS), GUINT32_TO_BE (n) };

  memcpy (head, be, 8);
}

/* A 2 MB gzip file that really holds 2.7 million images (2.1 GB of zeros), and labels to
 * match: refused from the header, before anything is allocated for it. The child may not
 * reserve more than 256 MB, and has 30 s: reading it used to take 2.1 GB and seconds. */
static void
test_many_images_small_gz (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;
  const guint32 n = 2700000;
  guint8 ihead[16], lhead[8];

  if (!in_child_within (30))
    return;
  images = fx_path (fx, "train-images-idx3-ubyte.gz");
  labels = fx_path (fx, "train-labels-idx1-ubyte.gz");
  images_header (ihead, n, 28, 28);
  labels_header (lhead, n);
  write_gzipped_zeros (images, ihead, 16, (guint64) n * 784, FALSE);
  write_gzipped_zeros (labels, lhead, 8, n, FALSE);
  g_assert_cmpuint (file_size (images), <, 3 << 20);

  limit_address_space (256 << 20);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images,
                     "declares 2700000 images, more than the 500000");
}

/* The pixel budget holds whatever the image size: 100,000 images of 100 × 100 pixels
 * (1 GB, in a 1 MB gzip file). */
static void
test_large_images_refused (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images.gz");
  g_autofree char *labels = fx_path (fx, "labels.gz");
  guint8 ihead[16], lhead[8];

  images_header (ihead, 100000, 100, 100);
  labels_header (lhead, 100000);
  write_gzipped_zeros (images, ihead, 16, (guint64) 100000 * 100 * 100, FALSE);
  write_gzipped_zeros (labels, lhead, 8, 100000, FALSE);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images,
                     "1000000000 bytes, more than the 392000000");
}

/* Both headers are compared before either file is inflated: a labels count that does not
 * match is reported even though the images' gzip stream is broken at its very end (which
 * only inflating all 47 MB would find). */
static void
test_count_mismatch_before_inflating (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "images.gz");
  g_autofree char *labels = fx_path (fx, "labels");
  g_autoptr (NrImageSet) set = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *label_file = g_malloc0 (8 + 60000);
  guint8 ihead[16];

  images_header (ihead, 60000, 28, 28);
  write_gzipped_zeros (images, ihead, 16, 60000 * 784, TRUE);
  labels_header (label_file, 59999);
  write_bytes (labels, label_file, 8 + 59999);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, labels,
                     "59999 labels, but");

  /* With matching counts the images are inflated, and the broken trailer found. */
  labels_header (label_file, 60000);
  write_bytes (labels, label_file, 8 + 60000);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images, "corrupt gzip");

  /* A whole set of the full size is well within the limit. */
  write_gzipped_zeros (images, ihead, 16, 60000 * 784, FALSE);
  set = nr_image_set_load (images, labels, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set->n, ==, 60000);
  g_assert_cmpuint (set->pixels[60000 * 784 - 1], ==, 0);
}

/* A 10 MB gzip file holding two images and then 10 GiB of zeros: refused after looking at
 * 64 KiB of what follows, not after inflating it all (37 s of CPU). */
static void
test_trailing_zeros_gz (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;
  guint8 ihead[16];

  if (!in_child_within (30))
    return;
  images = fx_path (fx, "images.gz");
  labels = fx_path (fx, "labels");
  write_pair (images, labels, 2);
  images_header (ihead, 2, 28, 28);
  write_gzipped_zeros (images, ihead, 16, 2 * 784 + ((guint64) 10 << 30), FALSE);
  g_assert_cmpuint (file_size (images), >, 10 << 20);
  assert_load_fails (images, labels, NR_ERROR_FORMAT, images,
                     "has data after the 2 images it declares (at least 65536 bytes more");
}

/* A named pipe in place of a dataset file is refused at once: opening it used to wait for
 * a writer for ever (the lab stayed on "Loading the dataset…"). */
static void
test_fifo_refused (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *fifo = NULL;
  g_autoptr (GError) error = NULL;
  NrDataset *dataset;

  if (!in_child_within (20))
    return;
  images = fx_path (fx, "images");
  labels = fx_path (fx, "labels");
  write_pair (images, labels, 2);
  g_assert_cmpint (g_unlink (labels), ==, 0);
  g_assert_cmpint (mkfifo (labels, 0600), ==, 0);
  assert_load_fails (images, labels, NR_ERROR_IO, labels, "is not a regular file (a named pipe)");
  assert_load_fails (labels, images, NR_ERROR_IO, labels, "is not a regular file");

  folder = fx_path (fx, "dataset");
  write_dataset_folder (folder, 3, 1, FALSE);
  fifo = g_build_filename (folder, stems[0], NULL);
  g_assert_cmpint (g_unlink (fifo), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  dataset = nr_dataset_load (NR_DATASET_MNIST, folder, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_assert_nonnull (strstr (error->message, fifo));
  g_assert_nonnull (strstr (error->message, "not a regular file"));
}

/* A character device is no dataset file either (/dev/zero would never end). */
static void
test_device_refused (Fixture *fx, gconstpointer data)
{
  g_autofree char *labels = fx_path (fx, "labels");

  write_bytes (labels, "\0\0\x08\x01\0\0\0\0", 8);
  assert_load_fails ("/dev/zero", labels, NR_ERROR_IO, "/dev/zero", "not a regular file (a device)");
}

/* A dataset whose training or test set holds no images: an error naming the file, so the
 * CLI exits 1 with it instead of 2 from the trainer. */
static void
test_lookup_no_images (Fixture *fx, gconstpointer data)
{
  g_autofree char *train = fx_path (fx, "empty-train");
  g_autofree char *test = fx_path (fx, "empty-test");
  g_autofree char *train_images = g_build_filename (train, stems[0], NULL);
  g_autofree char *test_images = g_build_filename (test, stems[2], NULL);
  g_autoptr (GError) error = NULL;
  NrDataset *dataset;

  write_dataset_folder (train, 0, 2, FALSE);
  dataset = nr_dataset_load (NR_DATASET_MNIST, train, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, train_images));
  g_assert_nonnull (strstr (error->message, "holds no images: the training set"));
  g_clear_error (&error);

  write_dataset_folder (test, 2, 0, TRUE);
  dataset = nr_dataset_load (NR_DATASET_MNIST, test, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, test_images));
  g_assert_nonnull (strstr (error->message, "holds no images: the test set"));
}

/* The dataset's own checks on the headers come before inflating too: images of the wrong
 * size are named as such even when their data is broken at the end. */
static void
test_lookup_size_before_inflating (Fixture *fx, gconstpointer data)
{
  g_autofree char *images = fx_path (fx, "train-images-idx3-ubyte.gz");
  g_autoptr (GError) error = NULL;
  NrDataset *dataset;
  guint8 ihead[16];

  write_dataset_folder (fx->dir, 4, 2, TRUE);
  images_header (ihead, 4, 27, 27);
  write_gzipped_zeros (images, ihead, 16, 4 * 27 * 27, TRUE);
  dataset = nr_dataset_load (NR_DATASET_MNIST, fx->dir, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, images));
  g_assert_nonnull (strstr (error->message, "images of 27×27 pixels"));
}

/* A dataset file that is a symbolic link to nothing is not a missing file. */
static void
test_lookup_dangling_symlink (Fixture *fx, gconstpointer data)
{
  g_autofree char *link = fx_path (fx, stems[0]);
  g_autofree char *target = fx_path (fx, "moved-away");
  g_autoptr (GError) error = NULL;
  NrDataset *dataset;

  write_dataset_folder (fx->dir, 3, 1, FALSE);
  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (symlink (target, link), ==, 0);
  dataset = nr_dataset_load (NR_DATASET_MNIST, fx->dir, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, link));
  g_assert_nonnull (strstr (error->message, "is a symbolic link to a missing file"));
  g_assert_nonnull (strstr (error->message, target));
}

/* Nor is a loop of symbolic links. */
static void
test_lookup_symlink_loop (Fixture *fx, gconstpointer data)
{
  g_autofree char *link = fx_path (fx, stems[1]);
  g_autofree char *other = fx_path (fx, "other-link");
  g_autoptr (GError) error = NULL;
  NrDataset *dataset;

  write_dataset_folder (fx->dir, 3, 1, FALSE);
  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (symlink (other, link), ==, 0);
  g_assert_cmpint (symlink (link, other), ==, 0);
  dataset = nr_dataset_load (NR_DATASET_MNIST, fx->dir, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, link));
  g_assert_nonnull (strstr (error->message, "too many levels of symbolic links"));
}

/* --data-dir naming a regular file, a link to nothing or a loop says which. */
static void
test_lookup_data_dir_not_folder (Fixture *fx, gconstpointer data)
{
  g_autofree char *file = fx_path (fx, "a-file");
  g_autofree char *dangling = fx_path (fx, "dangling");
  g_autofree char *loop = fx_path (fx, "loop");
  g_autoptr (GError) error = NULL;
  NrDataset *dataset;

  write_bytes (file, "not a folder", 12);
  dataset = nr_dataset_load (NR_DATASET_MNIST, file, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, file));
  g_assert_nonnull (strstr (error->message, "is not a folder"));
  g_clear_error (&error);

  g_setenv ("NEURONA_DATA_DIR", file, TRUE);
  dataset = nr_dataset_load (NR_DATASET_MNIST, NULL, &error);
  g_assert_null (dataset);
  g_assert_nonnull (strstr (error->message, "is not a folder (from NEURONA_DATA_DIR)"));
  g_clear_error (&error);
  g_unsetenv ("NEURONA_DATA_DIR");

  g_assert_cmpint (symlink ("/nonexistent-neurona-folder", dangling), ==, 0);
  dataset = nr_dataset_load (NR_DATASET_MNIST, dangling, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, dangling));
  g_assert_nonnull (strstr (error->message, "is a symbolic link to a missing folder"));
  g_clear_error (&error);

  g_assert_cmpint (symlink (loop, loop), ==, 0);
  dataset = nr_dataset_load (NR_DATASET_MNIST, loop, &error);
  g_assert_null (dataset);
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_assert_nonnull (strstr (error->message, loop));
  g_assert_nonnull (strstr (error->message, "too many levels of symbolic links"));
}

/* Whether uid 65534 can walk down to path (every folder above it searchable by others). */
static gboolean
reachable_by_others (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  while (TRUE)
    {
      GStatBuf st;
      char *parent;

      if (g_stat (dir, &st) != 0 || (st.st_mode & S_IXOTH) == 0)
        return FALSE;
      parent = g_path_get_dirname (dir);
      if (strcmp (parent, dir) == 0)
        {
          g_free (parent);
          return TRUE;
        }
      g_free (dir);
      dir = parent;
    }
}

/* A data folder that exists but cannot be searched is reported as such, and the default
 * search does not fall back past it to the subset. Root reads any folder, so as root (CI)
 * the check runs in a child that has become uid/gid 65534 first. */
static void
test_lookup_unreadable_folder (void)
{
  g_autofree char *base = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *full = NULL;
  g_autoptr (GError) error = NULL;

  if (g_test_subprocess ())
    {
      const char *top = g_getenv ("NEURONA_TEST_UNREADABLE_BASE");
      g_autofree char *project = g_build_filename (top, "project", NULL);
      g_autofree char *expected = NULL;
      NrDataset *dataset;

      if (geteuid () == 0)
        {
          g_assert_cmpint (setgroups (0, NULL), ==, 0);
          g_assert_cmpint (setgid (65534), ==, 0);
          g_assert_cmpint (setuid (65534), ==, 0);
        }
      folder = g_build_filename (top, "data", NULL);
      full = g_build_filename (project, "full", "fashion", NULL);
      g_unsetenv ("NEURONA_DATA_DIR");
      g_setenv ("NEURONA_SYSTEM_DATA_DIR", "/nonexistent-neurona-system-dir", TRUE);

      dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, folder, &error);
      g_assert_null (dataset);
      g_assert_error (error, NR_ERROR, NR_ERROR_IO);
      g_test_message ("%s", error->message);
      expected = g_strdup_printf ("cannot read folder %s: %s", folder, g_strerror (EACCES));
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
      g_clear_pointer (&expected, g_free);

      g_setenv ("NEURONA_PROJECT_DATA_DIR", project, TRUE);
      dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, NULL, &error);
      g_assert_null (dataset);
      g_assert_error (error, NR_ERROR, NR_ERROR_IO);
      expected = g_strdup_printf ("cannot read folder %s: %s", full, g_strerror (EACCES));
      g_assert_cmpstr (error->message, ==, expected);
      return;
    }

  base = g_dir_make_tmp ("neurona-test-unreadable-XXXXXX", &error);
  g_assert_no_error (error);
  if (geteuid () == 0 && !reachable_by_others (base))
    {
      g_test_skip ("the temporary folder is not reachable by uid 65534");
      remove_tree (base);
      return;
    }
  g_assert_cmpint (g_chmod (base, 0755), ==, 0);
  folder = g_build_filename (base, "data", NULL);
  full = g_build_filename (base, "project", "full", "fashion", NULL);
  {
    g_autofree char *subset = g_build_filename (base, "project", "subset", "fashion", NULL);

    write_dataset_folder (folder, 3, 1, TRUE);
    write_dataset_folder (full, 3, 1, TRUE);
    write_dataset_folder (subset, 3, 1, TRUE);
  }
  g_assert_cmpint (g_chmod (folder, 0), ==, 0);
  g_assert_cmpint (g_chmod (full, 0), ==, 0);

  g_setenv ("NEURONA_TEST_UNREADABLE_BASE", base, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("NEURONA_TEST_UNREADABLE_BASE");
  g_chmod (folder, 0755);
  g_chmod (full, 0755);
  remove_tree (base);
  g_test_trap_assert_passed ();
}

#define ADD_FX(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dataset/catalogue", test_catalogue);
  g_test_add_func ("/dataset/subset/fashion", test_subset_fashion);
  g_test_add_func ("/dataset/subset/mnist", test_subset_mnist);
  g_test_add_func ("/dataset/image-set/head-and-refs", test_head_and_refs);
  ADD_FX ("/dataset/idx/good-raw-and-gz", test_good_raw_and_gz);
  ADD_FX ("/dataset/idx/round-trip", test_round_trip);
  ADD_FX ("/dataset/idx/save-unwritable", test_save_unwritable);
  ADD_FX ("/dataset/idx/save-full-disk", test_save_full_disk);
  ADD_FX ("/dataset/idx/save-failure-keeps-old-pair", test_save_failure_keeps_old_pair);
  ADD_FX ("/dataset/idx/save-to-device", test_save_to_device);
  ADD_FX ("/dataset/idx/missing-file", test_missing_file);
  ADD_FX ("/dataset/idx/folder-as-file", test_folder_as_file);
  ADD_FX ("/dataset/idx/empty-file", test_empty_file);
  ADD_FX ("/dataset/idx/truncated", test_truncated);
  ADD_FX ("/dataset/idx/truncated-labels", test_truncated_labels);
  ADD_FX ("/dataset/idx/truncated-gz", test_truncated_gz);
  ADD_FX ("/dataset/idx/over-long", test_overlong);
  ADD_FX ("/dataset/idx/over-long-gz", test_overlong_gz);
  ADD_FX ("/dataset/idx/multi-member-gz", test_multi_member_gz);
  ADD_FX ("/dataset/idx/wrong-magic", test_wrong_magic);
  ADD_FX ("/dataset/idx/wrong-dimension-count", test_wrong_dimension_count);
  ADD_FX ("/dataset/idx/count-mismatch", test_count_mismatch);
  ADD_FX ("/dataset/idx/corrupt-gz", test_corrupt_gz);
  ADD_FX ("/dataset/idx/absurd-header", test_absurd_header);
  ADD_FX ("/dataset/idx/header-larger-than-file", test_header_larger_than_file);
  ADD_FX ("/dataset/idx/many-images-small-gz", test_many_images_small_gz);
  ADD_FX ("/dataset/idx/large-images-refused", test_large_images_refused);
  ADD_FX ("/dataset/idx/count-mismatch-before-inflating", test_count_mismatch_before_inflating);
  ADD_FX ("/dataset/idx/trailing-zeros-gz", test_trailing_zeros_gz);
  ADD_FX ("/dataset/idx/fifo-refused", test_fifo_refused);
  ADD_FX ("/dataset/idx/device-refused", test_device_refused);
  ADD_FX ("/dataset/lookup/explicit-wins", test_lookup_explicit_wins);
  ADD_FX ("/dataset/lookup/subfolder-first", test_lookup_subfolder_first);
  ADD_FX ("/dataset/lookup/default-order", test_lookup_default_order);
  ADD_FX ("/dataset/lookup/broken-explicit-is-error", test_lookup_broken_explicit);
  ADD_FX ("/dataset/lookup/broken-default-is-error", test_lookup_broken_default);
  ADD_FX ("/dataset/lookup/not-found", test_lookup_not_found);
  ADD_FX ("/dataset/lookup/no-images", test_lookup_no_images);
  ADD_FX ("/dataset/lookup/size-before-inflating", test_lookup_size_before_inflating);
  ADD_FX ("/dataset/lookup/dangling-symlink", test_lookup_dangling_symlink);
  ADD_FX ("/dataset/lookup/symlink-loop", test_lookup_symlink_loop);
  ADD_FX ("/dataset/lookup/data-dir-not-folder", test_lookup_data_dir_not_folder);
  g_test_add_func ("/dataset/lookup/unreadable-folder", test_lookup_unreadable_folder);
  g_test_add_func ("/dataset/lookup/committed-subset", test_lookup_real_subset);
  g_test_add_func ("/dataset/lookup/describe", test_source_describe);

  return g_test_run ();
}
