/* dataset.c — MNIST / Fashion-MNIST: the catalogue, image sets and where the files are.
 *
 * Image sets and datasets are immutable once built and reference counted with
 * g_atomic_rc_box, so a training worker and the UI can hold the same one.
 */
#include "neurona/dataset.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fileutil.h"
#include "i18n.h"
#include "idx.h"
#include "neurona/error.h"

#ifndef NR_PROJECT_DATA_DIR
#define NR_PROJECT_DATA_DIR "data"
#endif
#ifndef NR_SYSTEM_DATA_DIR
#define NR_SYSTEM_DATA_DIR "/usr/share/datasets"
#endif

/* Catalogue */

static const char *const mnist_classes[] = {
  "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
};

static const char *const fashion_classes[] = {
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
  "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot",
};

static const NrDatasetInfo catalogue[NR_N_DATASETS] = {
  [NR_DATASET_MNIST] = { NR_DATASET_MNIST, "mnist", "MNIST digits", 10, mnist_classes },
  [NR_DATASET_FASHION_MNIST] = { NR_DATASET_FASHION_MNIST, "fashion", "Fashion-MNIST", 10,
                                 fashion_classes },
};

const NrDatasetInfo *
nr_dataset_info (NrDatasetId id)
{
  g_return_val_if_fail ((guint) id < NR_N_DATASETS, NULL);

  return &catalogue[id];
}

gboolean
nr_dataset_id_from_name (const char *name, NrDatasetId *out_id)
{
  NrDatasetId id;

  g_return_val_if_fail (name != NULL, FALSE);

  if (g_ascii_strcasecmp (name, "mnist") == 0)
    id = NR_DATASET_MNIST;
  else if (g_ascii_strcasecmp (name, "fashion") == 0
           || g_ascii_strcasecmp (name, "fashion-mnist") == 0
           || g_ascii_strcasecmp (name, "fashion_mnist") == 0)
    id = NR_DATASET_FASHION_MNIST;
  else
    return FALSE;
  if (out_id != NULL)
    *out_id = id;
  return TRUE;
}

/* Image sets */

static void
image_set_clear (gpointer data)
{
  NrImageSet *set = data;

  g_free (set->pixels);
  g_free (set->labels);
}

/* Takes ownership of pixels and labels. */
static NrImageSet *
image_set_new_take (guint n, guint rows, guint cols, guint8 *pixels, guint8 *labels)
{
  NrImageSet *set = g_atomic_rc_box_new0 (NrImageSet);

  set->n = n;
  set->rows = rows;
  set->cols = cols;
  set->pixels = pixels;
  set->labels = labels;
  return set;
}

NrImageSet *
nr_image_set_new (guint n, guint rows, guint cols, const guint8 *pixels, const guint8 *labels)
{
  gsize n_pixels = (gsize) n * rows * cols;

  g_return_val_if_fail (n == 0 || (pixels != NULL && labels != NULL), NULL);
  g_return_val_if_fail (rows > 0 && cols > 0, NULL);

  return image_set_new_take (n, rows, cols, g_memdup2 (pixels, n_pixels),
                             g_memdup2 (labels, n));
}

NrImageSet *
nr_image_set_new_head (const NrImageSet *set, guint n)
{
  g_return_val_if_fail (set != NULL, NULL);

  return nr_image_set_new (MIN (n, set->n), set->rows, set->cols, set->pixels, set->labels);
}

NrImageSet *
nr_image_set_ref (NrImageSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);

  return g_atomic_rc_box_acquire (set);
}

void
nr_image_set_unref (NrImageSet *set)
{
  g_return_if_fail (set != NULL);

  g_atomic_rc_box_release_full (set, image_set_clear);
}

guint
nr_image_set_max_label (const NrImageSet *set)
{
  guint max = 0;

  g_return_val_if_fail (set != NULL, 0);

  for (guint i = 0; i < set->n; i++)
    max = MAX (max, set->labels[i]);
  return max;
}

/* Largest image set read, in images and in pixel bytes; see dataset.h. */
#define MAX_PIXEL_BYTES ((guint64) NR_IMAGE_SET_MAX_IMAGES * 28 * 28)

/* An images file and its labels file whose headers are read and agree; no data yet. */
typedef struct
{
  NrIdxReader *images;
  NrIdxReader *labels;
  guint n, rows, cols;
} Pair;

static void
pair_clear (Pair *pair)
{
  g_clear_pointer (&pair->images, _nr_idx_reader_free);
  g_clear_pointer (&pair->labels, _nr_idx_reader_free);
}

/* Reads both headers and compares them before anything is allocated for the data, so a
 * small gzip file that declares millions of images costs nothing. */
static gboolean
pair_open (Pair *pair, const char *images_path, const char *labels_path, GError **error)
{
  const guint32 *image_dims;
  const guint32 *label_dims;
  guint64 pixel_bytes;

  *pair = (Pair) { 0 };
  pair->images = _nr_idx_reader_open (images_path, NR_IDX_MAGIC_IMAGES, error);
  if (pair->images == NULL)
    return FALSE;
  pair->labels = _nr_idx_reader_open (labels_path, NR_IDX_MAGIC_LABELS, error);
  if (pair->labels == NULL)
    {
      pair_clear (pair);
      return FALSE;
    }
  image_dims = _nr_idx_reader_get_dims (pair->images);
  label_dims = _nr_idx_reader_get_dims (pair->labels);
  if (image_dims[0] != label_dims[0])
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: %u labels, but %s has %u images: the counts must match"),
                   _nr_idx_reader_get_display_name (pair->labels), label_dims[0],
                   _nr_idx_reader_get_display_name (pair->images), image_dims[0]);
      pair_clear (pair);
      return FALSE;
    }
  /* No overflow: the reader refused more than NR_IDX_MAX_DATA_BYTES of data. */
  pixel_bytes = (guint64) image_dims[0] * image_dims[1] * image_dims[2];
  if (image_dims[0] > NR_IMAGE_SET_MAX_IMAGES)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: declares %u images, more than the %u an image set may hold (a full "
                     "training set has 60000): a corrupt header?"),
                   _nr_idx_reader_get_display_name (pair->images), image_dims[0],
                   NR_IMAGE_SET_MAX_IMAGES);
      pair_clear (pair);
      return FALSE;
    }
  if (pixel_bytes > MAX_PIXEL_BYTES)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: declares %u images of %u×%u pixels, %llu bytes, more than the %llu "
                     "an image set may hold: a corrupt header?"),
                   _nr_idx_reader_get_display_name (pair->images), image_dims[0],
                   image_dims[1], image_dims[2], (unsigned long long) pixel_bytes,
                   (unsigned long long) MAX_PIXEL_BYTES);
      pair_clear (pair);
      return FALSE;
    }
  /* The reader refuses n > 0 images of 0 pixels; an empty set keeps rows, cols > 0. */
  pair->n = image_dims[0];
  pair->rows = MAX (image_dims[1], 1);
  pair->cols = MAX (image_dims[2], 1);
  return TRUE;
}

/* Reads the data of an opened pair; the pair is cleared either way. */
static NrImageSet *
pair_read (Pair *pair, GError **error)
{
  g_autofree guint8 *pixels = NULL;
  g_autofree guint8 *labels = NULL;
  NrImageSet *set = NULL;

  pixels = _nr_idx_reader_read_data (pair->images, error);
  if (pixels != NULL)
    labels = _nr_idx_reader_read_data (pair->labels, error);
  if (labels != NULL)
    set = image_set_new_take (pair->n, pair->rows, pair->cols, g_steal_pointer (&pixels),
                              g_steal_pointer (&labels));
  pair_clear (pair);
  return set;
}

NrImageSet *
nr_image_set_load (const char *images_path, const char *labels_path, GError **error)
{
  Pair pair;

  g_return_val_if_fail (images_path != NULL, NULL);
  g_return_val_if_fail (labels_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pair_open (&pair, images_path, labels_path, error))
    return NULL;
  return pair_read (&pair, error);
}

gboolean
nr_image_set_save (const NrImageSet *set, const char *images_path, const char *labels_path,
                   GError **error)
{
  guint32 image_dims[3];
  guint32 label_dims[1];
  NrIdxFile files[2];

  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (images_path != NULL, FALSE);
  g_return_val_if_fail (labels_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  image_dims[0] = set->n;
  image_dims[1] = set->rows;
  image_dims[2] = set->cols;
  label_dims[0] = set->n;
  files[0] = (NrIdxFile) { images_path, NR_IDX_MAGIC_IMAGES, image_dims, set->pixels };
  files[1] = (NrIdxFile) { labels_path, NR_IDX_MAGIC_LABELS, label_dims, set->labels };
  /* Both or neither: a failed labels write must not leave new images beside old labels. */
  return _nr_idx_write_all (files, 2, error);
}

/* Datasets */

static const char *const file_stems[4] = {
  "train-images-idx3-ubyte",
  "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte",
  "t10k-labels-idx1-ubyte",
};

const char *
nr_project_data_dir (void)
{
  const char *env = g_getenv ("NEURONA_PROJECT_DATA_DIR");

  if (env != NULL && env[0] != '\0')
    return env;
#ifdef NR_INSTALLED_DATA_DIR
  if (!_nr_running_from_build_tree ())
    return NR_INSTALLED_DATA_DIR;
#endif
  return NR_PROJECT_DATA_DIR;
}

/* Tests point this elsewhere so the machine's own copy of Fashion-MNIST stays out of them. */
static const char *
system_data_dir (void)
{
  const char *env = g_getenv ("NEURONA_SYSTEM_DATA_DIR");

  return env != NULL && env[0] != '\0' ? env : NR_SYSTEM_DATA_DIR;
}

const char *
nr_data_source_describe (NrDataSource source)
{
  switch (source)
    {
    case NR_DATA_SOURCE_EXPLICIT:
      return "the folder given with --data-dir or NEURONA_DATA_DIR";
    case NR_DATA_SOURCE_FETCHED:
      return "the full set fetched into the project's data folder";
    case NR_DATA_SOURCE_SYSTEM:
      return "Debian's dataset-fashion-mnist package";
    case NR_DATA_SOURCE_BUNDLED:
      return "the committed subset";
    default:
      g_return_val_if_reached ("an unknown place");
    }
}

/* A folder that exists but cannot be searched. stat() on dir failing with EACCES means a
 * folder above it is the one that cannot be searched: name the deepest one that we can
 * still see, which is where the permission is missing. */
static void
set_unsearchable_error (const char *dir, int saved_errno, GError **error)
{
  g_autofree char *culprit = g_strdup (dir);
  g_autofree char *display = NULL;
  GStatBuf st;

  while (g_stat (culprit, &st) != 0 && errno == EACCES)
    {
      char *parent = g_path_get_dirname (culprit);

      if (strcmp (parent, culprit) == 0)
        {
          g_free (parent);
          break;
        }
      g_free (culprit);
      culprit = parent;
    }
  display = g_filename_display_name (culprit);
  g_set_error (error, NR_ERROR, NR_ERROR_IO, _("cannot read folder %s: %s"), display,
               g_strerror (saved_errno));
}

/* Whether dir is a folder to search. Not there at all, or not a folder: *present = FALSE,
 * which is an error when `required` (the folder the user named; origin says where the name
 * came from). A symbolic link to nothing, a loop of links or a folder that cannot be
 * searched is always an error, never a silent "not there". */
static gboolean
check_folder (const char *dir, gboolean required, const char *origin, gboolean *present,
              GError **error)
{
  g_autofree char *display = g_filename_display_name (dir);
  GStatBuf st;

  *present = FALSE;
  if (g_stat (dir, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT && g_lstat (dir, &st) == 0 && S_ISLNK (st.st_mode))
        g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND,
                     _("%s: is a symbolic link to a missing folder%s"), display, origin);
      else if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        {
          if (!required)
            return TRUE;
          g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND, _("%s: no such folder%s"),
                       display, origin);
        }
      else if (saved_errno == ELOOP)
        g_set_error (error, NR_ERROR, NR_ERROR_IO,
                     _("%s: too many levels of symbolic links (a loop of links?)%s"), display,
                     origin);
      else if (saved_errno == EACCES)
        set_unsearchable_error (dir, saved_errno, error);
      else
        g_set_error (error, NR_ERROR, NR_ERROR_IO, _("cannot read folder %s: %s%s"), display,
                     g_strerror (saved_errno), origin);
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      if (!required)
        return TRUE;
      g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND, _("%s: is not a folder%s"), display,
                   origin);
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

/* The file for one stem in dir: raw first (faster to read), then .gz; *out = NULL if
 * neither. lstat, not stat: a symbolic link to a missing file or a loop of links is there,
 * and opening it says what is wrong with it. A folder whose entries cannot be looked at is
 * an error, not a folder without the files. */
static gboolean
find_file (const char *dir, const char *stem, char **out, GError **error)
{
  g_autofree char *raw = g_build_filename (dir, stem, NULL);
  g_autofree char *gz = g_strconcat (raw, ".gz", NULL);
  char *candidates[2] = { raw, gz };

  *out = NULL;
  for (guint i = 0; i < 2; i++)
    {
      GStatBuf st;

      if (g_lstat (candidates[i], &st) == 0)
        {
          *out = g_strdup (candidates[i]);
          return TRUE;
        }
      if (errno != ENOENT)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (dir);

          g_set_error (error, NR_ERROR, NR_ERROR_IO, _("cannot read folder %s: %s"), display,
                       g_strerror (saved_errno));
          return FALSE;
        }
    }
  return TRUE;
}

typedef enum {
  PROBE_EMPTY,    /* none of the four files: try the next place */
  PROBE_COMPLETE, /* all four found */
  PROBE_PARTIAL,  /* some but not all: an error, not a reason to look elsewhere */
} Probe;

static gboolean
probe_folder (const char *dir, char *paths[4], Probe *probe, GError **error)
{
  guint found = 0;

  for (guint i = 0; i < 4; i++)
    paths[i] = NULL;
  for (guint i = 0; i < 4; i++)
    {
      if (!find_file (dir, file_stems[i], &paths[i], error))
        return FALSE;
      found += paths[i] != NULL;
    }
  *probe = found == 0 ? PROBE_EMPTY : found == 4 ? PROBE_COMPLETE : PROBE_PARTIAL;
  return TRUE;
}

static void
free_paths (char *paths[4])
{
  for (guint i = 0; i < 4; i++)
    g_clear_pointer (&paths[i], g_free);
}

/* Every label must name one of the dataset's classes. */
static gboolean
check_labels (const NrImageSet *set, const NrDatasetInfo *info, const char *labels_path,
              GError **error)
{
  for (guint i = 0; i < set->n; i++)
    if (set->labels[i] >= info->n_classes)
      {
        g_autofree char *display = g_filename_display_name (labels_path);

        g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                     _("%s: label %u of image %u is outside 0…%u, the classes of %s"),
                     display, set->labels[i], i, info->n_classes - 1, _(info->title));
        return FALSE;
      }
  return TRUE;
}

/* What a dataset's split needs beyond a readable pair, checked from the headers. */
static gboolean
check_split (const Pair *pair, const char *split, GError **error)
{
  const char *display = _nr_idx_reader_get_display_name (pair->images);

  if (pair->n == 0)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: holds no images: the %s set needs at least one"), display,
                   _(split));
      return FALSE;
    }
  if (pair->rows != 28 || pair->cols != 28)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: images of %u×%u pixels; MNIST and Fashion-MNIST images are 28×28"),
                   display, pair->rows, pair->cols);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  Pair pair;
  NrImageSet *set;
  GError *error;
  const char *paths[2]; /* the images and labels files */
  char *sha256[2];      /* of their bytes */
} LoadJob;

/* The SHA-256 of a file's bytes, for a run's provenance; NULL when it cannot be read
 * again (the set itself was read, so that is no reason to fail the load). */
static char *
file_sha256 (const char *path)
{
  g_autoptr (GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);

  if (mapped == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *) g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped));
}

static gpointer
load_job_run (gpointer data)
{
  LoadJob *job = data;

  job->set = pair_read (&job->pair, &job->error);
  if (job->set != NULL)
    {
      job->sha256[0] = file_sha256 (job->paths[0]);
      job->sha256[1] = file_sha256 (job->paths[1]);
    }
  return NULL;
}

static void
dataset_clear (gpointer data)
{
  NrDataset *dataset = data;

  g_clear_pointer (&dataset->train, nr_image_set_unref);
  g_clear_pointer (&dataset->test, nr_image_set_unref);
  g_clear_pointer (&dataset->directory, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (dataset->files); i++)
    {
      g_clear_pointer (&dataset->files[i].path, g_free);
      g_clear_pointer (&dataset->files[i].sha256, g_free);
    }
}

static NrDataset *
load_folder (NrDatasetId id, const char *dir, char *paths[4], NrDataSource source,
             GError **error)
{
  /* Translators: the set in "%s: holds no images: the %s set needs at least one". */
  static const char *const splits[2] = { N_("training"), N_("test") };
  const NrDatasetInfo *info = nr_dataset_info (id);
  LoadJob jobs[2] = { { { 0 } } };
  g_autoptr (GThread) thread = NULL;
  NrDataset *dataset = NULL;

  /* All four headers first: a wrong count or size anywhere is found before megabytes
   * (or, from a corrupt header, gigabytes) are inflated. */
  for (guint i = 0; i < 2; i++)
    {
      jobs[i].paths[0] = paths[2 * i];
      jobs[i].paths[1] = paths[2 * i + 1];
    }
  for (guint i = 0; i < 2; i++)
    if (!pair_open (&jobs[i].pair, paths[2 * i], paths[2 * i + 1], error)
        || !check_split (&jobs[i].pair, splits[i], error))
      goto out;

  /* The test set inflates on a second thread while the training set inflates here. */
  thread = g_thread_try_new ("nr-load-test", load_job_run, &jobs[1], NULL);
  load_job_run (&jobs[0]);
  if (thread != NULL)
    g_thread_join (thread);
  else
    load_job_run (&jobs[1]);

  for (guint i = 0; i < 2; i++)
    if (jobs[i].error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&jobs[i].error));
        goto out;
      }
  if (!check_labels (jobs[0].set, info, paths[1], error)
      || !check_labels (jobs[1].set, info, paths[3], error))
    goto out;

  dataset = g_atomic_rc_box_new0 (NrDataset);
  for (guint i = 0; i < 4; i++)
    {
      dataset->files[i].path = g_strdup (paths[i]);
      dataset->files[i].sha256 = g_steal_pointer (&jobs[i / 2].sha256[i % 2]);
    }
  dataset->id = id;
  dataset->train = g_steal_pointer (&jobs[0].set);
  dataset->test = g_steal_pointer (&jobs[1].set);
  dataset->source = source;
  dataset->directory = g_strdup (dir);

out:
  for (guint i = 0; i < 2; i++)
    {
      pair_clear (&jobs[i].pair);
      g_clear_pointer (&jobs[i].set, nr_image_set_unref);
      g_clear_error (&jobs[i].error);
      g_free (jobs[i].sha256[0]);
      g_free (jobs[i].sha256[1]);
    }
  return dataset;
}

static void
set_partial_error (const char *dir, char *paths[4], GError **error)
{
  g_autoptr (GString) missing = g_string_new (NULL);
  g_autofree char *display = g_filename_display_name (dir);

  for (guint i = 0; i < 4; i++)
    if (paths[i] == NULL)
      g_string_append_printf (missing, "%s%s[.gz]", missing->len > 0 ? ", " : "",
                              file_stems[i]);
  g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND,
               _("%s: holds some of the dataset files but not %s"), display, missing->str);
}

/* Tries one folder. Returns TRUE when done (dataset loaded, or an error set); FALSE when the
 * folder is not there or has none of the files, and the search should go on. */
static gboolean
try_folder (NrDatasetId id, const char *dir, NrDataSource source, NrDataset **out,
            GError **error)
{
  char *paths[4] = { NULL };
  gboolean present;
  Probe probe;

  *out = NULL;
  if (!check_folder (dir, FALSE, "", &present, error))
    return TRUE;
  if (!present)
    return FALSE;
  if (!probe_folder (dir, paths, &probe, error))
    {
      free_paths (paths);
      return TRUE;
    }
  if (probe == PROBE_EMPTY)
    {
      free_paths (paths);
      return FALSE;
    }
  if (probe == PROBE_PARTIAL)
    set_partial_error (dir, paths, error);
  else
    *out = load_folder (id, dir, paths, source, error);
  free_paths (paths);
  return TRUE;
}

NrDataset *
nr_dataset_load (NrDatasetId id, const char *data_dir, GError **error)
{
  const NrDatasetInfo *info;
  g_autoptr (GPtrArray) looked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) where = NULL;
  g_autoptr (GError) local_error = NULL;
  NrDataset *dataset = NULL;
  const char *explicit_dir;
  const char *subdirs[3] = { NULL, NULL, NULL };

  g_return_val_if_fail ((guint) id < NR_N_DATASETS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = nr_dataset_info (id);
  subdirs[0] = info->name;
  if (id == NR_DATASET_FASHION_MNIST)
    subdirs[1] = "fashion-mnist";

  explicit_dir = data_dir;
  if (explicit_dir == NULL || explicit_dir[0] == '\0')
    explicit_dir = g_getenv ("NEURONA_DATA_DIR");
  if (explicit_dir != NULL && explicit_dir[0] != '\0')
    {
      const char *origin = data_dir == NULL || data_dir[0] == '\0' ? _(" (from NEURONA_DATA_DIR)")
                                                                   : "";
      gboolean present;

      if (!check_folder (explicit_dir, TRUE, origin, &present, error))
        return NULL;
      /* Only this folder: a sub-folder named after the dataset, then the folder itself. */
      for (guint i = 0; subdirs[i] != NULL; i++)
        {
          g_autofree char *sub = g_build_filename (explicit_dir, subdirs[i], NULL);

          if (try_folder (id, sub, NR_DATA_SOURCE_EXPLICIT, &dataset, error))
            return dataset;
          g_ptr_array_add (looked, g_steal_pointer (&sub));
        }
      if (try_folder (id, explicit_dir, NR_DATA_SOURCE_EXPLICIT, &dataset, error))
        return dataset;
      g_ptr_array_add (looked, g_strdup (explicit_dir));
    }
  else
    {
      struct
      {
        char *dir;
        NrDataSource source;
      } places[3];
      guint n_places = 0;

      places[n_places].dir = g_build_filename (nr_project_data_dir (), "full", info->name, NULL);
      places[n_places++].source = NR_DATA_SOURCE_FETCHED;
      if (id == NR_DATASET_FASHION_MNIST)
        {
          places[n_places].dir = g_build_filename (system_data_dir (), "fashion-mnist", NULL);
          places[n_places++].source = NR_DATA_SOURCE_SYSTEM;
        }
      places[n_places].dir = g_build_filename (nr_project_data_dir (), "subset", info->name, NULL);
      places[n_places++].source = NR_DATA_SOURCE_BUNDLED;

      for (guint i = 0; i < n_places; i++)
        {
          if (dataset == NULL && local_error == NULL
              && !try_folder (id, places[i].dir, places[i].source, &dataset, &local_error))
            g_ptr_array_add (looked, g_steal_pointer (&places[i].dir));
          g_free (places[i].dir);
        }
      if (dataset != NULL)
        return dataset;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  where = g_string_new (NULL);
  for (guint i = 0; i < looked->len; i++)
    {
      g_autofree char *display = g_filename_display_name (looked->pdata[i]);

      g_string_append_printf (where, "%s%s", i > 0 ? ", " : "", display);
    }
  g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND,
               _("no %s files (train-images-idx3-ubyte[.gz] and the other three) in %s"),
               _(info->title), where->str);
  return NULL;
}

NrDataset *
nr_dataset_ref (NrDataset *dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  return g_atomic_rc_box_acquire (dataset);
}

void
nr_dataset_unref (NrDataset *dataset)
{
  g_return_if_fail (dataset != NULL);

  g_atomic_rc_box_release_full (dataset, dataset_clear);
}
