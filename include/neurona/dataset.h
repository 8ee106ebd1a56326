/* dataset.h — MNIST / Fashion-MNIST in memory, read from IDX files.
 *
 * Pixels stay uint8 (60,000 × 784 bytes for a full training set); nothing here keeps a
 * float copy of a whole set. Image sets and datasets are reference counted and immutable
 * once loaded, so a training worker and the UI can share them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  NR_DATASET_MNIST,
  NR_DATASET_FASHION_MNIST,
  NR_N_DATASETS
} NrDatasetId;

typedef struct {
  NrDatasetId id;
  const char *name;               /* "mnist", "fashion": CLI option, JSON, folder name */
  const char *title;              /* "MNIST digits", "Fashion-MNIST" (untranslated) */
  guint n_classes;                /* 10 */
  const char *const *class_names; /* n_classes entries, untranslated */
} NrDatasetInfo;

const NrDatasetInfo *nr_dataset_info (NrDatasetId id);
/* Accepts "mnist", "fashion", "fashion-mnist" (case-insensitive). */
gboolean nr_dataset_id_from_name (const char *name, NrDatasetId *out_id);

/* n images of rows × cols uint8 pixels with one uint8 label each. */
typedef struct {
  guint n;
  guint rows, cols;
  guint8 *pixels; /* (n, rows * cols), row-major */
  guint8 *labels; /* (n) */
} NrImageSet;

/* The most images an image set read from files may hold: about 8 times a full training
 * set (60,000), 392 MB of 28 × 28 pixels. Whatever the image size, the pixels may take at
 * most that much (NR_IMAGE_SET_MAX_IMAGES × 784 bytes). A header declaring more is taken
 * for a corrupt one, so a small gzip file cannot make the reader allocate gigabytes. */
#define NR_IMAGE_SET_MAX_IMAGES 500000u

/* Reads an idx3 images file and its idx1 labels file, gzipped or raw (detected from the
 * content, not the name). Both must be regular files (a named pipe is refused, never
 * waited on). Validates magic, dimension count, sizes against the file length, that the
 * counts match and stay within NR_IMAGE_SET_MAX_IMAGES — both headers before any data
 * is allocated or inflated — and that nothing follows the declared data (looking at most
 * 64 KiB past it). Each failure is an NR_ERROR_FORMAT / NR_ERROR_IO naming the file and
 * what is wrong. */
NrImageSet *nr_image_set_load (const char *images_path, const char *labels_path, GError **error);
/* Builds a set that owns copies of the given arrays (tests, subsets). */
NrImageSet *nr_image_set_new (guint n, guint rows, guint cols, const guint8 *pixels,
                              const guint8 *labels);
/* The first min(n, set->n) images, as a new set (shares nothing). */
NrImageSet *nr_image_set_new_head (const NrImageSet *set, guint n);
NrImageSet *nr_image_set_ref (NrImageSet *set);
void nr_image_set_unref (NrImageSet *set);
/* Largest label in the set (0 for an empty set). */
guint nr_image_set_max_label (const NrImageSet *set);
/* Writes the set as two IDX files (gzipped when the name ends in .gz). */
gboolean nr_image_set_save (const NrImageSet *set, const char *images_path,
                            const char *labels_path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrImageSet, nr_image_set_unref)

/* Where a dataset was found, in the order they are looked up. */
typedef enum {
  NR_DATA_SOURCE_EXPLICIT, /* --data-dir or NEURONA_DATA_DIR */
  NR_DATA_SOURCE_FETCHED,  /* full sets fetched by the README's set-up into data/full/ */
  NR_DATA_SOURCE_SYSTEM,   /* /usr/share/datasets/fashion-mnist (Debian's package) */
  NR_DATA_SOURCE_BUNDLED,  /* the small subset committed in data/subset/ */
} NrDataSource;

/* One of the four files a dataset was read from. */
typedef struct {
  char *path;   /* as found (file name encoding) */
  char *sha256; /* of the file's bytes, lower-case hex; NULL if it could not be hashed */
} NrDatasetFile;

typedef struct {
  NrDatasetId id;
  NrImageSet *train;
  NrImageSet *test;
  NrDataSource source;
  char *directory; /* the folder the four files were read from */
  NrDatasetFile files[4]; /* train images, train labels, test images, test labels */
} NrDataset;

/* Looks the dataset up (see NrDataSource) and loads its four files.
 * data_dir: NULL to use NEURONA_DATA_DIR or the default search; otherwise only that folder
 * (its files directly, or a sub-folder named after the dataset) is tried.
 * A candidate folder that holds the files but cannot be read, or that exists but cannot
 * be searched ("cannot read folder …: Permission denied"), is an error, not a reason to
 * fall back silently to the next one; so is a training or test set of no images, or of
 * images other than 28 × 28 (all checked from the headers, before any data is read). A
 * dataset file that is a symbolic link to a missing file counts as present and is
 * reported as what it is. */
NrDataset *nr_dataset_load (NrDatasetId id, const char *data_dir, GError **error);
NrDataset *nr_dataset_ref (NrDataset *dataset);
void nr_dataset_unref (NrDataset *dataset);
/* "the committed subset", "Debian's dataset-fashion-mnist package", … (untranslated) */
const char *nr_data_source_describe (NrDataSource source);

/* The project's data folder, holding subset/ and (when fetched) full/:
 * NEURONA_PROJECT_DATA_DIR when set; the source tree's data/ for the programs of the build
 * tree (the lab as ./build/src/app/neurona, the tests); else the installed
 * $datadir/neurona, so an installed copy never reads the source tree. */
const char *nr_project_data_dir (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrDataset, nr_dataset_unref)

G_END_DECLS
