/* test-run-store.c — the runs folder: a run saved from a real training run comes back
 * whole (its record, its weights to the bit, its test accuracy when evaluated again); a
 * save killed at any moment never leaves a half-written run listed and its leftovers go
 * once stale; a full disk or a read-only folder is reported by name and loses nothing; the
 * .run files of Neurona 0.1 are still read, migrated on first save and never touched; bad
 * runs are reported by name, skipped and kept; deleted runs wait in a trash to be
 * restored; and runs are found by id, prefix, name or path. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "neurona/error.h"
#include "neurona/run-store.h"

#include "fileutil.h"
#include "cli-test-util.h"

/* ---- helpers ---------------------------------------------------------------------------- */

static NrDataset *subset; /* loaded once, freed in main */

static const NrDataset *
get_subset (void)
{
  if (subset == NULL)
    {
      const char *project = g_getenv ("NEURONA_PROJECT_DATA_DIR");
      g_autofree char *dir = NULL;
      g_autoptr (GError) error = NULL;

      g_assert_nonnull (project);
      dir = g_build_filename (project, "subset", NULL);
      subset = nr_dataset_load (NR_DATASET_MNIST, dir, &error);
      g_assert_no_error (error);
    }
  return subset;
}

typedef struct {
  NrRunRecord *record;
  NrTrainer *trainer;
} Books;

static void
keep_books (const NrProgress *p, const NrModel *model, gpointer user_data)
{
  Books *books = user_data;

  nr_run_record_add_progress (books->record, p);
}

/* A real run, small: 32 relu units, 3 epochs over 1,000 digits of the committed subset,
 * tested on 300. Its final weights go to *weights. */
static NrRunRecord *
train_run (guint64 seed, NrWeights **weights)
{
  const NrDataset *dataset = get_subset ();
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (GError) error = NULL;
  NrRunRecord *record;
  NrTrainConfig config;
  NrTrainResult result;
  Books books = { 0 };

  nr_train_config_init (&config);
  config.model.hidden[0].units = 32;
  config.epochs = 3;
  config.seed = seed;
  config.train_limit = 1000;
  config.test_limit = 300;
  trainer = nr_trainer_new (&config, dataset->train, dataset->test, 10, &error);
  g_assert_no_error (error);
  record = nr_run_record_new_for_trainer (trainer, NR_DATASET_MNIST, dataset);
  books.record = record;
  books.trainer = trainer;
  g_assert_true (nr_trainer_run (trainer, keep_books, &books, &result, &error));
  g_assert_no_error (error);
  nr_run_record_finish (record, &result);
  g_assert_cmpuint (record->history->len, ==, 3);
  *weights = nr_weights_new_from_model (nr_trainer_get_model (trainer));
  return record;
}

/* A record without training behind it (for tests about files, not numbers). */
static NrRunRecord *
plain_record (const char *name, gint64 start_time)
{
  NrTrainConfig config;
  NrRunRecord *record;
  NrTrainResult result = { 0 };
  NrEpochRecord e = { 0.5, 0.8, 0.6, 0.75, 1.25 };

  nr_train_config_init (&config);
  config.model.hidden[0].units = 8;
  config.epochs = 1;
  record = nr_run_record_new (NR_DATASET_FASHION_MNIST, &config, 100, 50, start_time);
  nr_run_record_add_epoch (record, &e);
  result.status = NR_TRAIN_COMPLETED;
  result.epochs_completed = 1;
  result.seconds = 2;
  nr_run_record_finish (record, &result);
  if (name != NULL)
    nr_run_record_set_name (record, name);
  return record;
}

/* Weights for plain_record's network. */
static NrWeights *
plain_weights (guint64 seed)
{
  g_autoptr (NrRunRecord) record = plain_record (NULL, 0);
  g_autoptr (NrModel) model = nr_model_new (&record->config.model, seed, NULL);

  return nr_weights_new_from_model (model);
}

static char *
make_runs_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("neurona-test-run-store-XXXXXX", &error);

  g_assert_no_error (error);
  /* Reachable by the unprivileged user of the read-only test. */
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  return dir;
}

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) d = NULL;
      const char *name;

      g_chmod (path, 0755);
      d = g_dir_open (path, 0, NULL);
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    g_assert_cmpint (g_unlink (path), ==, 0);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in a folder, sorted, joined by spaces ("" when empty). */
static char *
list_names (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *data;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
assert_same_bytes (GBytes *a, const char *path)
{
  g_autoptr (GBytes) b = read_bytes (path);

  if (!g_bytes_equal (a, b))
    g_error ("%s changed", path);
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr (GBytes) bytes = read_bytes (from);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (to, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
}

static void
write_text (const char *path, const char *text, gssize len)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, len, &error));
  g_assert_no_error (error);
}

/* Sets path's modification time `seconds` into the past (a leftover of a save that died
 * that long ago). */
static void
age (const char *path, gint64 seconds)
{
  struct timespec times[2];

  times[0].tv_sec = times[1].tv_sec = time (NULL) - seconds;
  times[0].tv_nsec = times[1].tv_nsec = 0;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
}

static GPtrArray *
load_all_ok (const char *runs_dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  GPtrArray *runs = nr_run_load_all (runs_dir, &errors, &error);

  g_assert_no_error (error);
  g_assert_nonnull (runs);
  for (guint i = 0; i < errors->len; i++)
    g_test_message ("unexpected: %s", ((GError *) errors->pdata[i])->message);
  g_assert_cmpuint (errors->len, ==, 0);
  return runs;
}

static void
assert_nan_or_equal (double a, double b)
{
  g_assert_true (a == b || (isnan (a) && isnan (b)));
}

static void
assert_records_equal (const NrRunRecord *a, const NrRunRecord *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->note, ==, b->note);
  g_assert_cmpstr (a->dir, ==, b->dir);
  g_assert_cmpint (a->dataset, ==, b->dataset);
  g_assert_cmpmem (&a->config, sizeof a->config, &b->config, sizeof b->config);
  g_assert_cmpuint (a->train_size, ==, b->train_size);
  g_assert_cmpuint (a->test_size, ==, b->test_size);
  g_assert_cmpint (a->start_time, ==, b->start_time);
  g_assert_cmpfloat (a->seconds, ==, b->seconds);
  g_assert_cmpuint (a->params, ==, b->params);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpuint (a->epochs_at_chance, ==, b->epochs_at_chance);
  g_assert_cmpint (a->has_weights, ==, b->has_weights);
  g_assert_cmpuint (a->history->len, ==, b->history->len);
  for (guint i = 0; i < a->history->len; i++)
    {
      const NrEpochRecord *x = &g_array_index (a->history, NrEpochRecord, i);
      const NrEpochRecord *y = &g_array_index (b->history, NrEpochRecord, i);

      g_assert_cmpfloat (x->train_loss, ==, y->train_loss);
      g_assert_cmpfloat (x->train_accuracy, ==, y->train_accuracy);
      assert_nan_or_equal (x->test_loss, y->test_loss);
      assert_nan_or_equal (x->test_accuracy, y->test_accuracy);
      g_assert_cmpfloat (x->seconds, ==, y->seconds);
    }
  g_assert_cmpstr (a->provenance.neurona_version, ==, b->provenance.neurona_version);
  g_assert_cmpstr (a->provenance.kernels, ==, b->provenance.kernels);
  g_assert_cmpstr (a->provenance.data_source, ==, b->provenance.data_source);
  g_assert_cmpstr (a->provenance.data_dir, ==, b->provenance.data_dir);
  for (guint i = 0; i < NR_N_DATA_FILES; i++)
    {
      g_assert_cmpstr (a->provenance.files[i].name, ==, b->provenance.files[i].name);
      g_assert_cmpstr (a->provenance.files[i].sha256, ==, b->provenance.files[i].sha256);
    }
}

static void
assert_weights_equal (const NrWeights *a, const NrWeights *b)
{
  gsize na, nb;
  const float *pa = nr_weights_get_params (a, &na);
  const float *pb = nr_weights_get_params (b, &nb);

  g_assert_cmpmem (pa, na * sizeof (float), pb, nb * sizeof (float));
}

/* "^<dir>/20261201-223544-5f3a/<file>: <rest>$" with dir escaped. */
static void
assert_message_names (const char *message, const char *runs_dir, const char *file,
                      const char *rest)
{
  g_autofree char *dir_name = g_filename_display_name (runs_dir);
  g_autofree char *dir_re = g_regex_escape_string (dir_name, -1);
  g_autofree char *rest_re = g_regex_escape_string (rest, -1);
  g_autofree char *pattern =
    g_strdup_printf ("^%s/[0-9]{8}-[0-9]{6}-[0-9a-f]{4}/%s: %s$", dir_re, file, rest_re);

  if (!g_regex_match_simple (pattern, message, 0, 0))
    g_error ("“%s” does not match %s", message, pattern);
}

/* ---- saving and loading ------------------------------------------------------------------ */

static void
test_save_new_run (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (NrRunRecord) record = train_run (3, &weights);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (NrWeights) loaded = NULL;
  g_autoptr (NrImageSet) test = NULL;
  g_autofree char *names = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *expected_dir = NULL;
  double loss, accuracy;

  g_assert_null (record->id);
  g_assert_true (nr_run_save (record, weights, runs_dir, &error));
  g_assert_no_error (error);
  g_assert_nonnull (record->id);
  g_assert_true (g_regex_match_simple ("^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$", record->id, 0, 0));
  expected_dir = g_build_filename (runs_dir, record->id, NULL);
  g_assert_cmpstr (record->dir, ==, expected_dir);
  g_assert_true (record->has_weights);

  /* The folder and its two files, nothing else: no temporary file or folder left. */
  names = list_names (runs_dir);
  g_assert_cmpstr (names, ==, record->id);
  folder = list_names (record->dir);
  g_assert_cmpstr (folder, ==, "model.safetensors run.json");

  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 1);
  assert_records_equal (runs->pdata[0], record);
  g_assert_null (((NrRunRecord *) runs->pdata[0])->legacy_path);

  loaded = nr_run_load_weights (runs->pdata[0], &error);
  g_assert_no_error (error);
  g_assert_cmpmem (nr_weights_get_spec (loaded), sizeof (NrModelSpec), &record->config.model,
                   sizeof (NrModelSpec));
  assert_weights_equal (loaded, weights);

  /* Evaluated again on the run's 300 test images: its final figures, exactly. */
  test = nr_image_set_new_head (get_subset ()->test, record->config.test_limit);
  nr_weights_evaluate (loaded, test, record->config.normalize, 10, &loss, &accuracy, NULL);
  g_assert_cmpfloat (accuracy, ==, nr_run_record_get_test_accuracy (record));
  g_assert_cmpfloat (loss, ==, nr_run_record_get_test_loss (record));
  g_assert_cmpfloat (accuracy, >, 0.5);

  /* nr_run_load reads the same run from its folder or its run.json. */
  {
    g_autofree char *json = g_build_filename (record->dir, "run.json", NULL);
    g_autoptr (NrRunRecord) by_dir = nr_run_load (record->dir, &error);
    g_autoptr (NrRunRecord) by_json = NULL;

    g_assert_no_error (error);
    assert_records_equal (by_dir, record);
    by_json = nr_run_load (json, &error);
    g_assert_no_error (error);
    assert_records_equal (by_json, record);
  }
  remove_tree (runs_dir);
}

/* A run saved without weights has run.json alone, and says it has none. */
static void
test_save_without_weights (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrRunRecord) record = plain_record ("no weights", 1795752020);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (NrWeights) none = NULL;
  g_autofree char *folder = NULL;

  g_assert_true (nr_run_save (record, NULL, runs_dir, &error));
  g_assert_no_error (error);
  g_assert_false (record->has_weights);
  g_assert_true (g_str_has_prefix (record->id, "20261127-"));
  folder = list_names (record->dir);
  g_assert_cmpstr (folder, ==, "run.json");
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 1);
  assert_records_equal (runs->pdata[0], record);
  none = nr_run_load_weights (runs->pdata[0], &error);
  g_assert_null (none);
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no saved weights"));
  g_assert_null (strstr (error->message, "0.1"));
  remove_tree (runs_dir);
}

/* A rename and a note rewrite run.json alone: the weights file is the very same file with
 * the very same bytes. */
static void
test_resave_keeps_weights (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrWeights) weights = plain_weights (5);
  g_autoptr (NrRunRecord) record = plain_record (NULL, 1795752021);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) weights_before = NULL;
  g_autoptr (GBytes) json_before = NULL;
  g_autoptr (GBytes) json_after = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autofree char *weights_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *id = NULL;
  GStatBuf before, after;

  g_assert_true (nr_run_save (record, weights, runs_dir, &error));
  g_assert_no_error (error);
  id = g_strdup (record->id);
  weights_path = g_build_filename (record->dir, "model.safetensors", NULL);
  json_path = g_build_filename (record->dir, "run.json", NULL);
  weights_before = read_bytes (weights_path);
  json_before = read_bytes (json_path);
  g_assert_cmpint (g_stat (weights_path, &before), ==, 0);

  nr_run_record_set_name (record, "la mejor red");
  nr_run_record_set_note (record, "2 capas la próxima vez");
  g_assert_true (nr_run_save (record, NULL, runs_dir, &error));
  g_assert_no_error (error);
  /* Passing the weights again does not rewrite them either. */
  nr_run_record_set_note (record, "2 capas la próxima vez, y 20 épocas");
  g_assert_true (nr_run_save (record, weights, runs_dir, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (record->id, ==, id);
  g_assert_true (record->has_weights);
  assert_same_bytes (weights_before, weights_path);
  g_assert_cmpint (g_stat (weights_path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  json_after = read_bytes (json_path);
  g_assert_false (g_bytes_equal (json_before, json_after));
  folder = list_names (record->dir);
  g_assert_cmpstr (folder, ==, "model.safetensors run.json");

  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->name, ==, "la mejor red");
  g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->note, ==,
                   "2 capas la próxima vez, y 20 épocas");
  assert_records_equal (runs->pdata[0], record);
  remove_tree (runs_dir);
}

/* A run saved first without weights gets them on a later save. */
static void
test_resave_adds_weights (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrWeights) weights = plain_weights (6);
  g_autoptr (NrRunRecord) record = plain_record (NULL, 1795752022);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (NrWeights) loaded = NULL;

  g_assert_true (nr_run_save (record, NULL, runs_dir, &error));
  g_assert_false (record->has_weights);
  g_assert_true (nr_run_save (record, weights, runs_dir, &error));
  g_assert_no_error (error);
  g_assert_true (record->has_weights);
  runs = load_all_ok (runs_dir);
  g_assert_true (((NrRunRecord *) runs->pdata[0])->has_weights);
  loaded = nr_run_load_weights (runs->pdata[0], &error);
  g_assert_no_error (error);
  assert_weights_equal (loaded, weights);
  remove_tree (runs_dir);
}

/* Newest first; a missing runs folder is no runs, not an error. */
static void
test_load_all_order (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autofree char *missing = g_build_filename (runs_dir, "not-yet", NULL);
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  const gint64 times[] = { 1795752100, 1795752300, 1795752200 };

  none = nr_run_load_all (missing, &errors, NULL);
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr (NrRunRecord) r = plain_record (NULL, times[i]);

      g_assert_true (nr_run_save (r, NULL, runs_dir, NULL));
    }
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 3);
  g_assert_cmpint (((NrRunRecord *) runs->pdata[0])->start_time, ==, 1795752300);
  g_assert_cmpint (((NrRunRecord *) runs->pdata[1])->start_time, ==, 1795752200);
  g_assert_cmpint (((NrRunRecord *) runs->pdata[2])->start_time, ==, 1795752100);
  remove_tree (runs_dir);
}

/* Short runs one after the other start in the same second: listed again after a restart,
 * they still come newest first, in the order they were saved (not by chance). */
static void
test_load_all_same_second (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (GPtrArray) runs = NULL;
  const guint n = 8;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("run %u", i);
      g_autoptr (NrRunRecord) r = plain_record (name, 1795752150);

      g_assert_true (nr_run_save (r, NULL, runs_dir, NULL));
    }
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("run %u", n - 1 - i);

      g_assert_cmpstr (((NrRunRecord *) runs->pdata[i])->name, ==, name);
    }
  remove_tree (runs_dir);
}

/* A run the reader would refuse is not saved: it would be listed as unreadable for ever.
 * The message says why and the folder stays as it was. */
static void
test_save_refuses_unreadable (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrRunRecord) record = plain_record ("too good", 1795752150);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = NULL;

  g_array_index (record->history, NrEpochRecord, 0).test_accuracy = 1.2;
  g_assert_false (nr_run_save (record, NULL, runs_dir, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "This run cannot be saved: "));
  g_assert_nonnull (strstr (error->message, "test_accuracy"));
  g_assert_null (record->dir);
  d = g_dir_open (runs_dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));
  remove_tree (runs_dir);
}

/* Processes saving runs that started in the same second into one folder at once (a sweep
 * run by GNU parallel, the lab beside the CLI) each get a run of their own: an id taken by
 * another process between choosing it and renaming the folder is chosen again. */
#define SAVERS 6
#define SAVES_PER_SAVER 40

static void
test_save_concurrent_processes (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  pid_t pids[SAVERS];
  int gate[2];

  g_assert_cmpint (pipe (gate), ==, 0);
  for (guint c = 0; c < SAVERS; c++)
    {
      pids[c] = fork ();
      g_assert_cmpint (pids[c], >=, 0);
      if (pids[c] == 0)
        {
          char go;
          guint failed = 0;

          close (gate[1]);
          if (read (gate[0], &go, 1) != 0) /* every child waits for the pipe to close */
            _exit (3);
          for (guint i = 0; i < SAVES_PER_SAVER; i++)
            {
              g_autofree char *name = g_strdup_printf ("saver %u run %u", c, i);
              NrRunRecord *r = plain_record (name, 1795752150);

              if (!nr_run_save (r, NULL, runs_dir, NULL))
                failed++;
              nr_run_record_free (r);
            }
          _exit (failed == 0 ? 0 : 1);
        }
    }
  close (gate[0]);
  close (gate[1]);
  for (guint c = 0; c < SAVERS; c++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[c], &status, 0), ==, pids[c]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, SAVERS * SAVES_PER_SAVER);
  for (guint i = 0; i < runs->len; i++)
    {
      NrRunRecord *r = runs->pdata[i];
      g_autofree char *base = g_path_get_basename (r->dir);

      /* run.json names the folder it is in, and no two runs share one. */
      g_assert_cmpstr (r->id, ==, base);
      g_assert_false (g_hash_table_contains (ids, r->id));
      g_hash_table_add (ids, r->id);
    }
  remove_tree (runs_dir);
}

/* ---- killed saves --------------------------------------------------------------------- */

#define KILLS 48
#define RUNS_PER_CHILD 12

/* The child of /run-store/atomic/kill-9: saves runs for ever (new ones, then renames of
 * one of them) until it is killed. Tells its parent it has started by writing a byte. */
static int
save_loop (const char *runs_dir)
{
  g_autoptr (NrWeights) weights = plain_weights (7);
  g_autoptr (NrRunRecord) renamed = plain_record ("renamed 0", 1795752400);
  guint made = 0;

  g_assert_true (nr_run_save (renamed, weights, runs_dir, NULL));
  if (write (STDOUT_FILENO, "r", 1) != 1)
    return 1;
  for (guint i = 1;; i++)
    {
      g_autofree char *name = g_strdup_printf ("renamed %u", i);

      if (made < RUNS_PER_CHILD)
        {
          g_autoptr (NrRunRecord) fresh = plain_record ("fresh", 1795752400 + i);

          nr_run_save (fresh, weights, runs_dir, NULL);
          made++;
        }
      nr_run_record_set_name (renamed, name);
      nr_run_save (renamed, NULL, runs_dir, NULL);
    }
  return 0;
}

/* Temporary leftovers in runs_dir and in its run folders, as "<folder>/<name>" paths. */
static GPtrArray *
find_leftovers (const char *runs_dir)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = g_dir_open (runs_dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (runs_dir, name, NULL);

      if (g_str_has_prefix (name, NR_TEMP_PREFIX))
        g_ptr_array_add (found, g_steal_pointer (&path));
      else if (name[0] != '.' && g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_autoptr (GDir) inner = g_dir_open (path, 0, NULL);
          const char *entry;

          while ((entry = g_dir_read_name (inner)) != NULL)
            if (g_str_has_prefix (entry, NR_TEMP_PREFIX))
              g_ptr_array_add (found, g_build_filename (path, entry, NULL));
        }
    }
  return found;
}

/* A child saving runs in a loop is killed with SIGKILL at random moments, again and again:
 * every run listed afterwards is whole, nothing visible is half-written, and the hidden
 * leftovers are removed once they are old enough that no save can still be writing them. */
static void
test_atomic_kill (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrWeights) weights = plain_weights (7);
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) leftovers = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261201);
  g_autofree char *own_dir = NULL;
  g_autofree char *own_file = NULL;
  g_autofree char *names = NULL;
  guint visible = 0, from_kills;

  for (guint k = 0; k < KILLS; k++)
    {
      g_autofree char *self = cli_test_self_path ();
      const char *args[] = { self, "--save-loop", runs_dir, NULL };
      g_auto (GStrv) argv = cli_test_wrap_argv (args);
      g_autoptr (GError) error = NULL;
      GPid pid;
      int out, status;
      char byte;

      g_assert_true (g_spawn_async_with_pipes (NULL, argv, NULL,
                                               G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL,
                                               &out, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (read (out, &byte, 1), ==, 1);
      close (out);
      g_usleep (g_rand_int_range (rand, 0, 30000));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      g_spawn_close_pid (pid);
    }

  /* Every visible folder is a whole run: listed, without errors, with its weights. */
  runs = load_all_ok (runs_dir);
  {
    g_autoptr (GDir) d = g_dir_open (runs_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      visible += name[0] != '.';
  }
  g_assert_cmpuint (runs->len, ==, visible);
  g_assert_cmpuint (runs->len, >=, KILLS);
  for (guint i = 0; i < runs->len; i++)
    {
      NrRunRecord *r = runs->pdata[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (NrWeights) loaded = nr_run_load_weights (r, &error);

      g_assert_no_error (error);
      assert_weights_equal (loaded, weights);
      g_assert_true (g_str_equal (r->name, "fresh") || g_str_has_prefix (r->name, "renamed "));
    }

  /* Leftovers of our own beside those of the kills, so there are some for sure: a
   * temporary run folder and a temporary run.json in a run's folder. */
  own_dir = g_build_filename (runs_dir, NR_TEMP_PREFIX "AbC123", NULL);
  g_assert_cmpint (g_mkdir (own_dir, 0755), ==, 0);
  {
    g_autofree char *inside = g_build_filename (own_dir, "model.safetensors", NULL);
    write_text (inside, "half a model", -1);
  }
  own_file = g_build_filename (((NrRunRecord *) runs->pdata[0])->dir,
                               NR_TEMP_PREFIX "run.json.XyZ789", NULL);
  write_text (own_file, "{\"format\": \"neuro", -1);

  /* Fresh: a save may still be writing them. They stay. */
  leftovers = find_leftovers (runs_dir);
  from_kills = leftovers->len - 2;
  g_test_message ("%u leftovers of %d kills", from_kills, KILLS);
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = load_all_ok (runs_dir);
  for (guint i = 0; i < leftovers->len; i++)
    g_assert_true (g_file_test (leftovers->pdata[i], G_FILE_TEST_EXISTS));
  /* Four minutes old: still kept. */
  for (guint i = 0; i < leftovers->len; i++)
    age (leftovers->pdata[i], 4 * 60);
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = load_all_ok (runs_dir);
  for (guint i = 0; i < leftovers->len; i++)
    g_assert_true (g_file_test (leftovers->pdata[i], G_FILE_TEST_EXISTS));

  /* Eleven minutes old: no save takes that long. They go; the runs stay. */
  for (guint i = 0; i < leftovers->len; i++)
    age (leftovers->pdata[i], 11 * 60);
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, visible);
  after = find_leftovers (runs_dir);
  g_assert_cmpuint (after->len, ==, 0);
  names = list_names (runs_dir);
  g_assert_null (strstr (names, NR_TEMP_PREFIX));
  remove_tree (runs_dir);
}

/* ---- a full disk ---------------------------------------------------------------------- */

/* The child of a test that runs in a subprocess reads its folder from here. */
#define ENV_DIR "NR_TEST_RUN_STORE_DIR"

/* Saving fails on the files' size limit (RLIMIT_FSIZE, as a full disk would): the error
 * names the file, the record is as it was, nothing is listed or left behind, and once
 * there is room the very same record saves. */
static void
test_full_disk_fsize (void)
{
  g_autofree char *runs_dir = NULL;
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (NrRunRecord) before = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autofree char *names = NULL;
  struct rlimit limit, saved;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  runs_dir = make_runs_dir ();
  record = train_run (8, &weights);
  before = nr_run_record_copy (record);
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);

  /* Room for run.json, not for the weights (5 KiB of 50 KiB). */
  limit = saved;
  limit.rlim_cur = 5 * 1024;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (nr_run_save (record, weights, runs_dir, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  assert_message_names (error->message, runs_dir, "model\\.safetensors",
                        "cannot write: File too large");
  g_clear_error (&error);
  g_assert_null (record->id);
  g_assert_null (record->dir);
  g_assert_false (record->has_weights);
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 0);
  names = list_names (runs_dir);
  g_assert_cmpstr (names, ==, "");

  /* No room even for run.json. */
  limit.rlim_cur = 200;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (nr_run_save (record, NULL, runs_dir, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  assert_message_names (error->message, runs_dir, "run\\.json", "cannot write: File too large");
  g_clear_error (&error);
  g_assert_null (record->id);
  g_clear_pointer (&names, g_free);
  names = list_names (runs_dir);
  g_assert_cmpstr (names, ==, "");

  /* Room again: the record kept in memory saves whole. */
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  g_assert_true (nr_run_save (record, weights, runs_dir, &error));
  g_assert_no_error (error);
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->name, ==, before->name);
  g_assert_cmpmem (&((NrRunRecord *) runs->pdata[0])->config, sizeof (NrTrainConfig),
                   &before->config, sizeof (NrTrainConfig));

  /* A rename that cannot be written leaves run.json as it was. */
  {
    g_autofree char *json_path = g_build_filename (record->dir, "run.json", NULL);
    g_autoptr (GBytes) json = read_bytes (json_path);
    g_autofree char *folder = NULL;
    g_autofree char *expected = g_strdup_printf ("%s/run.json: cannot write: File too large",
                                                 record->dir);

    nr_run_record_set_name (record, "renamed on a full disk");
    limit.rlim_cur = 200;
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
    g_assert_false (nr_run_save (record, NULL, runs_dir, &error));
    g_assert_error (error, NR_ERROR, NR_ERROR_IO);
    g_assert_cmpstr (error->message, ==, expected);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
    assert_same_bytes (json, json_path);
    folder = list_names (record->dir);
    g_assert_cmpstr (folder, ==, "model.safetensors run.json");
    g_assert_cmpstr (record->name, ==, "renamed on a full disk");
  }
  remove_tree (runs_dir);
}

/* A real ENOSPC, on a 200 KiB tmpfs mounted in a mount namespace of the child's own (so
 * nothing outside it ever sees the mount). Needs the right to mount (root in CI). */
static gboolean
can_mount_tmpfs (const char *dir, char **why)
{
  const char *argv[] = { "unshare", "--mount", "--", "mount", "-t", "tmpfs", "-o", "size=200k",
                         "none", dir, NULL };
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    {
      *why = g_strdup_printf ("cannot run unshare(1): %s", error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      *why = g_strdup_printf ("mounting a tmpfs is not permitted here: %s", g_strstrip (err));
      return FALSE;
    }
  return TRUE;
}

static void
test_full_disk_enospc (void)
{
  g_autofree char *runs_dir = NULL;
  g_autoptr (NrWeights) big = NULL;
  g_autoptr (NrWeights) small = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (NrRunRecord) saved = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autofree char *names = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *why = NULL;
  NrModelSpec tutorial;

  if (!g_test_subprocess ())
    {
      g_autofree char *dir = make_runs_dir ();

      if (!can_mount_tmpfs (dir, &why))
        {
          g_test_skip (why);
          remove_tree (dir);
          return;
        }
      g_setenv (ENV_DIR, dir, TRUE);
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_unsetenv (ENV_DIR);
      g_test_trap_assert_passed ();
      /* The mount went with the child's namespace: the folder is as it was, empty. */
      names = list_names (dir);
      g_assert_cmpstr (names, ==, "");
      remove_tree (dir);
      return;
    }

  runs_dir = g_strdup (g_getenv (ENV_DIR));
  g_assert_nonnull (runs_dir);
  g_assert_cmpint (unshare (CLONE_NEWNS), ==, 0);
  g_assert_cmpint (mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL), ==, 0);
  g_assert_cmpint (mount ("none", runs_dir, "tmpfs", 0, "size=200k"), ==, 0);

  /* The tutorial's network is 400 KB: it cannot fit. */
  nr_model_spec_init_tutorial (&tutorial, FALSE);
  {
    g_autoptr (NrModel) model = nr_model_new (&tutorial, 1, NULL);
    big = nr_weights_new_from_model (model);
  }
  record = plain_record ("too big", 1795752500);
  record->config.model = tutorial;
  record->params = nr_model_spec_param_count (&tutorial);
  g_assert_false (nr_run_save (record, big, runs_dir, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  assert_message_names (error->message, runs_dir, "model\\.safetensors",
                        "cannot write: No space left on device");
  g_clear_error (&error);
  g_assert_null (record->id);
  g_assert_null (record->dir);
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 0);
  names = list_names (runs_dir);
  g_assert_cmpstr (names, ==, "");

  /* A small run fits; then a filler takes every byte left. */
  saved = plain_record ("small", 1795752501);
  small = plain_weights (9);
  g_assert_true (nr_run_save (saved, small, runs_dir, &error));
  g_assert_no_error (error);
  filler = g_build_filename (runs_dir, "filler", NULL);
  {
    int fd = g_open (filler, O_WRONLY | O_CREAT, 0644);
    char block[4096] = { 0 };

    g_assert_cmpint (fd, >=, 0);
    while (write (fd, block, sizeof block) > 0)
      ;
    g_assert_cmpint (errno, ==, ENOSPC);
    while (write (fd, block, 1) > 0)
      ;
    close (fd);
  }

  /* A new run and a rename both fail with the disk full; nothing is lost or left. */
  {
    g_autoptr (NrRunRecord) another = plain_record ("another", 1795752502);
    g_autofree char *json_path = g_build_filename (saved->dir, "run.json", NULL);
    g_autoptr (GBytes) json = read_bytes (json_path);
    g_autofree char *folder = NULL;
    g_autofree char *expected = g_strdup_printf ("%s/run.json: cannot write: No space left on "
                                                 "device", saved->dir);

    g_assert_false (nr_run_save (another, NULL, runs_dir, &error));
    g_assert_error (error, NR_ERROR, NR_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "No space left on device"));
    g_assert_null (strstr (error->message, NR_TEMP_PREFIX));
    g_clear_error (&error);
    g_assert_null (another->id);

    nr_run_record_set_name (saved, "renamed on a full disk");
    g_assert_false (nr_run_save (saved, NULL, runs_dir, &error));
    g_assert_error (error, NR_ERROR, NR_ERROR_IO);
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_error (&error);
    assert_same_bytes (json, json_path);
    folder = list_names (saved->dir);
    g_assert_cmpstr (folder, ==, "model.safetensors run.json");

    g_clear_pointer (&runs, g_ptr_array_unref);
    runs = load_all_ok (runs_dir);
    g_assert_cmpuint (runs->len, ==, 1);
    g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->name, ==, "small");
    g_clear_pointer (&names, g_free);
    names = list_names (runs_dir);
    g_clear_pointer (&expected, g_free);
    expected = g_strdup_printf ("%s filler", saved->id);
    g_assert_cmpstr (names, ==, expected);
  }
  /* The tmpfs and all on it go with the child's mount namespace. */
}

/* ---- a read-only folder --------------------------------------------------------------- */

static void
drop_privileges (void)
{
  g_assert_cmpint (setgroups (0, NULL), ==, 0);
  g_assert_cmpint (setgid (65534), ==, 0);
  g_assert_cmpint (setuid (65534), ==, 0);
  g_assert_cmpint (geteuid (), ==, 65534);
  /* Changing user makes the process undumpable, which LeakSanitizer (ASan builds) needs. */
  g_assert_cmpint (prctl (PR_SET_DUMPABLE, 1, 0, 0, 0), ==, 0);
}

/* As a user who may read the runs folder but not write it (mode 0555): saving, renaming and
 * deleting fail with "Permission denied" naming the folder or file; the runs on disk and the
 * record in memory are as they were. Root ignores permissions, so the child drops to
 * nobody (65534) first. */
static void
test_read_only_folder (void)
{
  g_autofree char *runs_dir = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_test_subprocess ())
    {
      g_autofree char *dir = NULL;
      g_autofree char *json_path = NULL;
      g_autofree char *names = NULL;
      g_autoptr (GBytes) json = NULL;
      g_autoptr (NrRunRecord) record = plain_record ("read-only", 1795752600);
      g_autoptr (NrWeights) weights = plain_weights (10);

      if (geteuid () != 0)
        {
          g_test_skip ("needs root, to test as another user (root ignores permissions)");
          return;
        }
      dir = make_runs_dir ();
      g_assert_true (nr_run_save (record, weights, dir, NULL));
      json_path = g_build_filename (record->dir, "run.json", NULL);
      json = read_bytes (json_path);
      g_assert_cmpint (g_chmod (record->dir, 0555), ==, 0);
      g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

      g_setenv (ENV_DIR, dir, TRUE);
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_unsetenv (ENV_DIR);
      g_test_trap_assert_passed ();

      /* Nothing changed on disk. */
      assert_same_bytes (json, json_path);
      names = list_names (dir);
      g_assert_cmpstr (names, ==, record->id);
      remove_tree (dir);
      return;
    }

  runs_dir = g_strdup (g_getenv (ENV_DIR));
  drop_privileges ();
  {
    g_autoptr (GPtrArray) runs = load_all_ok (runs_dir);
    g_autoptr (NrRunRecord) fresh = plain_record ("new", 1795752601);
    g_autoptr (NrWeights) weights = plain_weights (11);
    g_autofree char *dir_name = g_filename_display_name (runs_dir);
    g_autofree char *expected = NULL;
    g_autofree char *token = NULL;
    g_autoptr (GPtrArray) again = NULL;
    NrRunRecord *old;

    /* Reading works. */
    g_assert_cmpuint (runs->len, ==, 1);
    old = runs->pdata[0];
    g_assert_cmpstr (old->name, ==, "read-only");

    g_assert_false (nr_run_save (fresh, weights, runs_dir, &error));
    g_assert_error (error, NR_ERROR, NR_ERROR_IO);
    g_assert_true (g_str_has_prefix (error->message, dir_name));
    g_assert_true (g_str_has_suffix (error->message, ": Permission denied"));
    g_clear_error (&error);
    g_assert_null (fresh->id);
    g_assert_null (fresh->dir);

    nr_run_record_set_name (old, "renamed read-only");
    g_assert_false (nr_run_save (old, NULL, runs_dir, &error));
    g_assert_error (error, NR_ERROR, NR_ERROR_IO);
    expected = g_strdup_printf ("%s/run.json: cannot write: Permission denied", old->dir);
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_error (&error);
    g_assert_cmpstr (old->name, ==, "renamed read-only");

    token = nr_run_trash (old, runs_dir, &error);
    g_assert_null (token);
    g_assert_error (error, NR_ERROR, NR_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "Permission denied"));
    g_clear_error (&error);

    again = load_all_ok (runs_dir);
    g_assert_cmpuint (again->len, ==, 1);
    g_assert_cmpstr (((NrRunRecord *) again->pdata[0])->name, ==, "read-only");
  }
}

/* ---- Neurona 0.1 ------------------------------------------------------------------------ */

static char *
legacy_fixture (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "legacy-0.1.run", NULL);
}

/* old.run is listed as run "old"; saved after a rename it becomes the folder old/ with
 * run.json, old.run stays as it was, byte for byte, and only the folder is listed. */
static void
test_legacy_migrated (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autofree char *fixture = legacy_fixture ();
  g_autofree char *old_path = g_build_filename (runs_dir, "old.run", NULL);
  g_autofree char *old_dir = g_build_filename (runs_dir, "old", NULL);
  g_autoptr (GBytes) old_bytes = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NrWeights) none = NULL;
  g_autoptr (NrRunRecord) legacy = NULL;
  g_autofree char *names = NULL;
  g_autofree char *folder = NULL;
  NrRunRecord *migrated;

  copy_file (fixture, old_path);
  old_bytes = read_bytes (old_path);
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 1);
  legacy = nr_run_record_copy (runs->pdata[0]);
  g_assert_cmpstr (legacy->id, ==, "old");
  g_assert_null (legacy->dir);
  g_assert_cmpstr (legacy->legacy_path, ==, old_path);
  g_assert_false (legacy->has_weights);
  g_assert_cmpstr (legacy->name, ==, "la red de Ana · 4 épocas");
  g_assert_cmpuint (legacy->history->len, ==, 3);
  none = nr_run_load_weights (legacy, &error);
  g_assert_null (none);
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Neurona 0.1"));
  g_clear_error (&error);

  nr_run_record_set_name (legacy, "la red de Ana, migrada");
  g_assert_true (nr_run_save (legacy, NULL, runs_dir, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (legacy->id, ==, "old");
  g_assert_cmpstr (legacy->dir, ==, old_dir);
  folder = list_names (old_dir);
  g_assert_cmpstr (folder, ==, "run.json");
  names = list_names (runs_dir);
  g_assert_cmpstr (names, ==, "old old.run");
  assert_same_bytes (old_bytes, old_path);

  after = load_all_ok (runs_dir);
  g_assert_cmpuint (after->len, ==, 1);
  migrated = after->pdata[0];
  g_assert_cmpstr (migrated->id, ==, "old");
  g_assert_cmpstr (migrated->name, ==, "la red de Ana, migrada");
  g_assert_cmpstr (migrated->dir, ==, old_dir);
  g_assert_cmpmem (&migrated->config, sizeof (NrTrainConfig), &legacy->config,
                   sizeof (NrTrainConfig));
  g_assert_cmpuint (migrated->history->len, ==, 3);
  g_assert_cmpint (migrated->start_time, ==, legacy->start_time);
  /* Still known for what it is. */
  g_assert_cmpstr (migrated->legacy_path, ==, old_path);
  none = nr_run_load_weights (migrated, &error);
  g_assert_null (none);
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Neurona 0.1"));
  g_clear_error (&error);

  /* Saved again: the folder's run.json is rewritten, old.run still untouched. */
  nr_run_record_set_note (migrated, "de la versión 0.1");
  g_assert_true (nr_run_save (migrated, NULL, runs_dir, &error));
  g_assert_no_error (error);
  assert_same_bytes (old_bytes, old_path);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = load_all_ok (runs_dir);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (((NrRunRecord *) after->pdata[0])->note, ==, "de la versión 0.1");
  remove_tree (runs_dir);
}

/* Neurona 0.1's temporary files ("x.run.AbC123", from g_file_set_contents) go once stale;
 * fresh ones, runs, and anything else stay. */
static void
test_legacy_temps (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autofree char *fixture = legacy_fixture ();
  const char *stale_temps[] = { "x.run.AbC123", "la red.run.Zz9z9z" };
  const char *kept[] = { "y.run.Qw3rTy", "notes.txt", "keep.run.AbC12", "old.run",
                         "keep.run.XyZ789" /* a folder */ };
  g_autoptr (GPtrArray) runs = NULL;
  g_autofree char *names = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (stale_temps); i++)
    {
      g_autofree char *path = g_build_filename (runs_dir, stale_temps[i], NULL);

      copy_file (fixture, path);
      age (path, 11 * 60);
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *path = g_build_filename (runs_dir, kept[i], NULL);

      if (g_str_has_suffix (kept[i], "XyZ789"))
        g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
      else
        copy_file (fixture, path);
      /* Stale too, except the fresh temporary file. */
      if (!g_str_has_prefix (kept[i], "y.run"))
        age (path, 11 * 60);
    }
  runs = nr_run_load_all (runs_dir, NULL, NULL);
  g_assert_nonnull (runs);
  /* old.run is a run; keep.run.XyZ789 is a folder without run.json (an error, kept). */
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->id, ==, "old");
  names = list_names (runs_dir);
  g_assert_cmpstr (names, ==, "keep.run.AbC12 keep.run.XyZ789 notes.txt old.run y.run.Qw3rTy");
  remove_tree (runs_dir);
}

/* ---- bad runs ---------------------------------------------------------------------------- */

typedef struct {
  const char *folder;
  const char *file; /* the file the error must name */
} BadRun;

static void
make_fifo (const char *path)
{
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);
}

/* Runs with a cut, garbage or missing run.json, a FIFO for run.json, a cut, foreign or
 * wrong-shape model.safetensors: each reported once, by the name of the bad file; the good
 * runs listed; every file still there afterwards, unchanged. In a child with a time
 * limit, so a reader that waits on the FIFO fails instead of hanging. */
static void
test_bad_runs (void)
{
  g_autofree char *runs_dir = NULL;
  g_autoptr (NrRunRecord) good = NULL;
  g_autoptr (NrRunRecord) light = NULL;
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (GBytes) json = NULL;
  g_autoptr (GBytes) model = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (GPtrArray) snapshot = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr (GError) error = NULL;
  g_autofree char *good_json = NULL;
  g_autofree char *good_model = NULL;
  const BadRun bad[] = {
    { "a-cut-json", "run.json" },
    { "b-garbage-json", "run.json" },
    { "c-fifo-json", "run.json" },
    { "d-no-json", NULL }, /* the folder itself */
    { "e-cut-model", "model.safetensors" },
    { "f-wrong-shape-model", "model.safetensors" },
    { "g-foreign-model", "model.safetensors" },
    { "h-missing-model", "model.safetensors" },
    { "i-empty-json", "run.json" },
  };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  runs_dir = make_runs_dir ();
  weights = plain_weights (12);
  good = plain_record ("good", 1795752700);
  light = plain_record ("good without weights", 1795752701);
  g_assert_true (nr_run_save (good, weights, runs_dir, NULL));
  g_assert_true (nr_run_save (light, NULL, runs_dir, NULL));
  good_json = g_build_filename (good->dir, "run.json", NULL);
  good_model = g_build_filename (good->dir, "model.safetensors", NULL);
  json = read_bytes (good_json);
  model = read_bytes (good_model);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *dir = g_build_filename (runs_dir, bad[i].folder, NULL);
      g_autofree char *j = g_build_filename (dir, "run.json", NULL);
      g_autofree char *m = g_build_filename (dir, "model.safetensors", NULL);
      const char *name = bad[i].folder;

      g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
      if (g_str_has_prefix (name, "a-"))
        write_text (j, g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json) / 2);
      else if (g_str_has_prefix (name, "b-"))
        write_text (j, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
      else if (g_str_has_prefix (name, "c-"))
        make_fifo (j);
      else if (g_str_has_prefix (name, "d-"))
        copy_file (good_model, m);
      else if (g_str_has_prefix (name, "i-"))
        write_text (j, "", 0);
      else
        copy_file (good_json, j);

      if (g_str_has_prefix (name, "e-"))
        write_text (m, g_bytes_get_data (model, NULL), (gssize) g_bytes_get_size (model) - 100);
      else if (g_str_has_prefix (name, "f-"))
        {
          /* A valid file of another network (the tutorial's). */
          NrModelSpec spec;
          g_autoptr (NrModel) other = NULL;
          g_autoptr (NrWeights) other_weights = NULL;

          nr_model_spec_init_tutorial (&spec, FALSE);
          other = nr_model_new (&spec, 1, NULL);
          other_weights = nr_weights_new_from_model (other);
          g_assert_true (nr_weights_save (other_weights, TRUE, m, NULL));
        }
      else if (g_str_has_prefix (name, "g-"))
        write_text (m, "PK\3\4 a zip archive, say a Keras .keras file", -1);
    }

  /* What every bad run's folder holds now, to compare afterwards. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *dir = g_build_filename (runs_dir, bad[i].folder, NULL);
      g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
      const char *entry;

      while ((entry = g_dir_read_name (d)) != NULL)
        {
          char *path = g_build_filename (dir, entry, NULL);
          GStatBuf st;

          g_assert_cmpint (g_lstat (path, &st), ==, 0);
          g_ptr_array_add (contents, S_ISREG (st.st_mode) ? read_bytes (path) : NULL);
          g_ptr_array_add (snapshot, path);
        }
    }

  runs = nr_run_load_all (runs_dir, &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->name, ==, "good without weights");
  g_assert_cmpstr (((NrRunRecord *) runs->pdata[1])->name, ==, "good");
  g_assert_cmpuint (errors->len, ==, G_N_ELEMENTS (bad));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GError *e = errors->pdata[i];
      g_autofree char *path = bad[i].file != NULL
                                ? g_build_filename (runs_dir, bad[i].folder, bad[i].file, NULL)
                                : g_build_filename (runs_dir, bad[i].folder, NULL);
      g_autofree char *prefix = g_strconcat (path, ": ", NULL);

      g_test_message ("%s", e->message);
      g_assert_true (e->domain == NR_ERROR);
      if (!g_str_has_prefix (e->message, prefix))
        g_error ("“%s” does not name %s", e->message, path);
    }
  /* Every file is still there, unchanged; nothing was moved to the trash. */
  for (guint i = 0; i < snapshot->len; i++)
    {
      GStatBuf st;

      g_assert_cmpint (g_lstat (snapshot->pdata[i], &st), ==, 0);
      if (contents->pdata[i] != NULL)
        assert_same_bytes (contents->pdata[i], snapshot->pdata[i]);
    }
  {
    g_autofree char *trash = g_build_filename (runs_dir, NR_RUN_TRASH_DIR, NULL);
    g_assert_false (g_file_test (trash, G_FILE_TEST_EXISTS));
  }
  remove_tree (runs_dir);
}

/* A model.safetensors spoilt after the run was listed: loading its weights says so by name. */
static void
test_bad_weights_on_load (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrRunRecord) record = plain_record ("spoilt", 1795752800);
  g_autoptr (NrWeights) weights = plain_weights (13);
  g_autoptr (NrWeights) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *model = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (nr_run_save (record, weights, runs_dir, NULL));
  model = g_build_filename (record->dir, "model.safetensors", NULL);
  g_assert_true (g_file_get_contents (model, &data, &len, NULL));
  /* The last weight becomes NaN: the header is fine, so only loading finds it. */
  memset (data + len - 4, 0xff, 4);
  write_text (model, data, (gssize) len);
  loaded = nr_run_load_weights (record, &error);
  g_assert_null (loaded);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  prefix = g_strconcat (model, ": ", NULL);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_nonnull (strstr (error->message, "not a finite number"));
  remove_tree (runs_dir);
}

/* ---- the trash ------------------------------------------------------------------------ */

static void
test_trash_and_restore (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrRunRecord) record = plain_record ("to delete", 1795752900);
  g_autoptr (NrRunRecord) other = plain_record ("to keep", 1795752901);
  g_autoptr (NrWeights) weights = plain_weights (14);
  g_autoptr (GBytes) json = NULL;
  g_autoptr (GBytes) model = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *model_path = NULL;
  g_autofree char *names = NULL;
  g_autofree char *trash = g_build_filename (runs_dir, NR_RUN_TRASH_DIR, NULL);

  g_assert_true (nr_run_save (record, weights, runs_dir, NULL));
  g_assert_true (nr_run_save (other, NULL, runs_dir, NULL));
  json_path = g_build_filename (record->dir, "run.json", NULL);
  model_path = g_build_filename (record->dir, "model.safetensors", NULL);
  json = read_bytes (json_path);
  model = read_bytes (model_path);

  token = nr_run_trash (record, runs_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_false (g_file_test (record->dir, G_FILE_TEST_EXISTS));
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->name, ==, "to keep");
  /* The trash is inside the runs folder, hidden, and holds the run. */
  names = list_names (trash);
  g_assert_cmpstr (names, ==, token);

  g_assert_true (nr_run_restore (runs_dir, token, &error));
  g_assert_no_error (error);
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 2);
  assert_records_equal (runs->pdata[1], record);
  assert_same_bytes (json, json_path);
  assert_same_bytes (model, model_path);
  g_clear_pointer (&names, g_free);
  names = list_names (trash);
  g_assert_cmpstr (names, ==, "");

  /* Once restored, it is no longer in the trash. */
  g_assert_false (nr_run_restore (runs_dir, token, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A token that is not one is refused, not followed out of the trash. */
  g_assert_false (nr_run_restore (runs_dir, "../..", &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  remove_tree (runs_dir);
}

/* A migrated Neurona 0.1 run is its folder and the old file it shadows: both go to the
 * trash (the file would come back as a run otherwise) and both come back. */
static void
test_trash_legacy (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autofree char *fixture = legacy_fixture ();
  g_autofree char *old_path = g_build_filename (runs_dir, "old.run", NULL);
  g_autofree char *old_dir = g_build_filename (runs_dir, "old", NULL);
  g_autoptr (GBytes) old_bytes = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  g_autofree char *token = NULL;
  g_autofree char *names = NULL;

  copy_file (fixture, old_path);
  old_bytes = read_bytes (old_path);
  runs = load_all_ok (runs_dir);
  record = nr_run_record_copy (runs->pdata[0]);
  g_assert_true (nr_run_save (record, NULL, runs_dir, &error));
  g_assert_no_error (error);

  token = nr_run_trash (record, runs_dir, &error);
  g_assert_no_error (error);
  names = list_names (runs_dir);
  g_assert_cmpstr (names, ==, ".trash");
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 0);

  g_assert_true (nr_run_restore (runs_dir, token, &error));
  g_assert_no_error (error);
  g_clear_pointer (&names, g_free);
  names = list_names (runs_dir);
  g_assert_cmpstr (names, ==, ".trash old old.run");
  assert_same_bytes (old_bytes, old_path);
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->dir, ==, old_dir);

  /* A Neurona 0.1 run never saved again is its file alone: trashed and restored too. */
  {
    g_autofree char *lone = g_build_filename (runs_dir, "lone.run", NULL);
    g_autoptr (NrRunRecord) lone_record = NULL;
    g_autofree char *lone_token = NULL;

    copy_file (fixture, lone);
    lone_record = nr_run_load (lone, &error);
    g_assert_no_error (error);
    lone_token = nr_run_trash (lone_record, runs_dir, &error);
    g_assert_no_error (error);
    g_assert_false (g_file_test (lone, G_FILE_TEST_EXISTS));
    g_assert_true (nr_run_restore (runs_dir, lone_token, &error));
    g_assert_no_error (error);
    assert_same_bytes (old_bytes, lone);
  }
  remove_tree (runs_dir);
}

/* Trash entries are "<unix time>-<id>": those deleted more than NR_RUN_TRASH_DAYS ago go
 * for good when the runs are next loaded; recent ones, and anything else, stay. */
static void
test_trash_purge (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autofree char *trash = g_build_filename (runs_dir, NR_RUN_TRASH_DIR, NULL);
  gint64 now = (gint64) time (NULL);
  g_autofree char *ancient = g_strdup_printf ("%" G_GINT64_FORMAT "-20261001-101010-abcd",
                                              now - (NR_RUN_TRASH_DAYS + 1) * 24 * 3600);
  g_autofree char *recent = g_strdup_printf ("%" G_GINT64_FORMAT "-20261101-101010-abcd",
                                             now - (NR_RUN_TRASH_DAYS - 1) * 24 * 3600);
  const char *others[] = { "not-a-deleted-run", "0-zero" };
  g_autofree char *expected = NULL;
  g_autofree char *names = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  const char *entries[4];

  entries[0] = ancient;
  entries[1] = recent;
  entries[2] = others[0];
  entries[3] = others[1];
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autofree char *run = g_build_filename (trash, entries[i], "20261001-101010-abcd", NULL);
      g_autofree char *json = g_build_filename (run, "run.json", NULL);

      g_assert_cmpint (g_mkdir_with_parents (run, 0755), ==, 0);
      write_text (json, "{}", -1);
    }
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 0);
  names = list_names (trash);
  expected = g_strdup_printf ("0-zero %s not-a-deleted-run", recent);
  g_assert_cmpstr (names, ==, expected);
  remove_tree (runs_dir);
}

/* A run of the same id has appeared meanwhile (copied back by hand, say): restoring is
 * refused and overwrites nothing; the deleted run stays in the trash, restorable later. */
static void
test_restore_conflict (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrRunRecord) record = plain_record ("deleted", 1795753000);
  g_autoptr (NrRunRecord) other = plain_record ("another", 1795753001);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) intruder = NULL;
  g_autofree char *token = NULL;
  g_autofree char *intruder_json = NULL;
  g_autofree char *other_json = NULL;
  g_autoptr (GPtrArray) runs = NULL;

  g_assert_true (nr_run_save (record, NULL, runs_dir, NULL));
  g_assert_true (nr_run_save (other, NULL, runs_dir, NULL));
  token = nr_run_trash (record, runs_dir, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_mkdir (record->dir, 0755), ==, 0);
  intruder_json = g_build_filename (record->dir, "run.json", NULL);
  other_json = g_build_filename (other->dir, "run.json", NULL);
  copy_file (other_json, intruder_json);
  intruder = read_bytes (intruder_json);

  g_assert_false (nr_run_restore (runs_dir, token, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, record->dir));
  g_clear_error (&error);
  assert_same_bytes (intruder, intruder_json);
  {
    g_autofree char *folder = list_names (record->dir);
    g_assert_cmpstr (folder, ==, "run.json");
  }

  /* Out of the way, it restores. */
  g_assert_cmpint (g_unlink (intruder_json), ==, 0);
  g_assert_cmpint (g_rmdir (record->dir), ==, 0);
  g_assert_true (nr_run_restore (runs_dir, token, &error));
  g_assert_no_error (error);
  runs = load_all_ok (runs_dir);
  g_assert_cmpuint (runs->len, ==, 2);
  assert_records_equal (runs->pdata[1], record);
  remove_tree (runs_dir);
}

/* ---- runs from elsewhere ---------------------------------------------------------------- */

/* The ids of runs, in their order, joined by spaces. */
static char *
join_ids (GPtrArray *runs)
{
  g_autoptr (GString) ids = g_string_new (NULL);

  for (guint i = 0; i < runs->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", ((NrRunRecord *) runs->pdata[i])->id);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
save_in (const char *dir, const char *name, gint64 start_time, gboolean with_weights)
{
  g_autoptr (NrRunRecord) r = plain_record (name, start_time);
  g_autoptr (NrWeights) weights = with_weights ? plain_weights (3) : NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (nr_run_save (r, weights, dir, NULL));
  return g_strdup (r->id);
}

/* A teacher's folder: a run of the teacher's own, and one folder per student holding the
 * runs they copied. Every run is found, newest first, with its own folder; what is not a
 * run (a notes file, an empty folder, a hidden trash) is passed over, and nothing there
 * is removed, not even a save's leftovers long abandoned. */
static void
test_load_from_teacher_folder (void)
{
  g_autofree char *root = make_runs_dir ();
  g_autofree char *class = g_build_filename (root, "class", NULL);
  g_autofree char *alice = g_build_filename (class, "alice", NULL);
  g_autofree char *bob = g_build_filename (class, "bob", NULL);
  g_autofree char *empty = g_build_filename (class, "empty", NULL);
  g_autofree char *notes = g_build_filename (class, "notes.txt", NULL);
  g_autofree char *stale = g_build_filename (alice, ".neurona-tmp-abandoned", NULL);
  g_autofree char *bob_trash = g_build_filename (bob, ".trash", NULL);
  g_autofree char *a1 = save_in (alice, "alice 1", 1795754100, TRUE);
  g_autofree char *a2 = save_in (alice, "alice 2", 1795754300, FALSE);
  g_autofree char *b1 = save_in (bob, "bob 1", 1795754200, TRUE);
  g_autofree char *t1 = save_in (class, "teacher", 1795754000, FALSE);
  g_autofree char *want = g_strjoin (" ", a2, b1, a1, t1, NULL);
  g_autofree char *before_alice = NULL;
  g_autofree char *before_bob = NULL;
  g_autofree char *got = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (stale, 0755), ==, 0);
  age (stale, 24 * 3600);
  g_assert_cmpint (g_mkdir (bob_trash, 0755), ==, 0);
  write_text (notes, "week 3\n", -1);
  before_alice = list_names (alice);
  before_bob = list_names (bob);

  runs = nr_run_load_from (class, &errors, &error);
  g_assert_no_error (error);
  g_assert_nonnull (runs);
  g_assert_cmpuint (errors->len, ==, 0);
  got = join_ids (runs);
  g_assert_cmpstr (got, ==, want);
  {
    g_autofree char *a2_dir = g_build_filename (alice, a2, NULL);
    g_autofree char *b1_dir = g_build_filename (bob, b1, NULL);

    g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->dir, ==, a2_dir);
    g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->name, ==, "alice 2");
    g_assert_false (((NrRunRecord *) runs->pdata[0])->has_weights);
    g_assert_cmpstr (((NrRunRecord *) runs->pdata[1])->dir, ==, b1_dir);
    g_assert_true (((NrRunRecord *) runs->pdata[1])->has_weights);
  }
  /* Read-only: the leftovers and the trash are still there. */
  {
    g_autofree char *after_alice = list_names (alice);
    g_autofree char *after_bob = list_names (bob);

    g_assert_cmpstr (after_alice, ==, before_alice);
    g_assert_cmpstr (after_bob, ==, before_bob);
  }
  /* A copy of Bob's run in Alice's folder: both copies, in the order of their folders. */
  {
    g_autofree char *from = g_build_filename (bob, b1, NULL);
    g_autofree char *to = g_build_filename (alice, b1, NULL);
    g_autofree char *json_from = g_build_filename (from, "run.json", NULL);
    g_autofree char *json_to = g_build_filename (to, "run.json", NULL);
    g_autofree char *weights_from = g_build_filename (from, "model.safetensors", NULL);
    g_autofree char *weights_to = g_build_filename (to, "model.safetensors", NULL);
    g_autofree char *want_copies = g_strjoin (" ", a2, b1, b1, a1, t1, NULL);

    g_assert_cmpint (g_mkdir (to, 0755), ==, 0);
    copy_file (json_from, json_to);
    copy_file (weights_from, weights_to);
    g_clear_pointer (&runs, g_ptr_array_unref);
    g_clear_pointer (&errors, g_ptr_array_unref);
    runs = nr_run_load_from (class, &errors, &error);
    g_assert_no_error (error);
    g_clear_pointer (&got, g_free);
    got = join_ids (runs);
    g_assert_cmpstr (got, ==, want_copies);
    g_assert_cmpstr (((NrRunRecord *) runs->pdata[1])->dir, ==, to);
    g_assert_cmpstr (((NrRunRecord *) runs->pdata[2])->dir, ==, from);
    remove_tree (to);
  }
  /* One student's folder is a runs folder as well. */
  g_clear_pointer (&runs, g_ptr_array_unref);
  g_clear_pointer (&errors, g_ptr_array_unref);
  runs = nr_run_load_from (bob, &errors, &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, g_free);
  got = join_ids (runs);
  g_assert_cmpstr (got, ==, b1);
  remove_tree (root);
}

/* A run itself, by its folder or its run.json; a folder two levels down is not looked
 * into; a missing path is an error; a broken run is named and the others listed. */
static void
test_load_from_one_run (void)
{
  g_autofree char *root = make_runs_dir ();
  g_autofree char *deep = g_build_filename (root, "a", "b", NULL);
  g_autofree char *id = save_in (root, "one", 1795754500, TRUE);
  g_autofree char *deep_id = save_in (deep, "too deep", 1795754600, FALSE);
  g_autofree char *run_dir = g_build_filename (root, id, NULL);
  g_autofree char *json = g_build_filename (run_dir, "run.json", NULL);
  g_autofree char *missing = g_build_filename (root, "missing", NULL);
  g_autofree char *broken = g_build_filename (root, "20260101-000000-dead", NULL);
  g_autofree char *broken_json = g_build_filename (broken, "run.json", NULL);
  g_autoptr (GError) error = NULL;
  const char *paths[] = { run_dir, json };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GPtrArray) errors = NULL;
      g_autoptr (GPtrArray) runs = nr_run_load_from (paths[i], &errors, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (runs->len, ==, 1);
      g_assert_cmpuint (errors->len, ==, 0);
      g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->id, ==, id);
      g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->dir, ==, run_dir);
    }

  g_assert_null (nr_run_load_from (missing, NULL, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (broken, 0755), ==, 0);
  write_text (broken_json, "{ not json", -1);
  {
    g_autoptr (GPtrArray) errors = NULL;
    g_autoptr (GPtrArray) runs = nr_run_load_from (root, &errors, &error);
    g_autofree char *broken_name = g_filename_display_name (broken_json);

    g_assert_no_error (error);
    /* "a" holds no run of its own and a/b is too deep: only the one run. */
    g_assert_cmpuint (runs->len, ==, 1);
    g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->id, ==, id);
    g_assert_cmpuint (errors->len, ==, 1);
    g_assert_true (g_str_has_prefix (((GError *) errors->pdata[0])->message, broken_name));
  }
  (void) deep_id;
  remove_tree (root);
}

/* ---- finding a run ---------------------------------------------------------------------- */

static void
assert_found (const char *runs_dir, const char *what, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrRunRecord) found = nr_run_find (runs_dir, what, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->id, ==, id);
}

static void
test_find (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrRunRecord) alpha = plain_record ("alpha", 1795753100);
  g_autoptr (NrRunRecord) beta1 = plain_record ("beta", 1795753200);
  g_autoptr (NrRunRecord) beta2 = plain_record ("beta", 1795753300);
  g_autoptr (GError) error = NULL;
  g_autoptr (NrRunRecord) none = NULL;
  g_autofree char *alpha_json = NULL;
  g_autofree char *stamp = NULL;

  g_assert_true (nr_run_save (alpha, NULL, runs_dir, NULL));
  g_assert_true (nr_run_save (beta1, NULL, runs_dir, NULL));
  g_assert_true (nr_run_save (beta2, NULL, runs_dir, NULL));

  assert_found (runs_dir, alpha->id, alpha->id);
  assert_found (runs_dir, beta1->id, beta1->id);
  /* A unique prefix of the id: its date and time, without the random part. */
  stamp = g_strndup (beta2->id, strlen (beta2->id) - 5);
  assert_found (runs_dir, stamp, beta2->id);
  assert_found (runs_dir, "alpha", alpha->id);
  assert_found (runs_dir, alpha->dir, alpha->id);
  alpha_json = g_build_filename (alpha->dir, "run.json", NULL);
  assert_found (runs_dir, alpha_json, alpha->id);

  /* Two runs named "beta": refused, naming both. */
  none = nr_run_find (runs_dir, "beta", &error);
  g_assert_null (none);
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, beta1->id));
  g_assert_nonnull (strstr (error->message, beta2->id));
  g_assert_null (strstr (error->message, alpha->id));
  g_clear_error (&error);
  /* A prefix all three share. */
  none = nr_run_find (runs_dir, "2026", &error);
  g_assert_null (none);
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, alpha->id));
  g_assert_nonnull (strstr (error->message, "3 runs"));
  g_clear_error (&error);

  none = nr_run_find (runs_dir, "gamma", &error);
  g_assert_null (none);
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gamma"));
  g_clear_error (&error);
  {
    g_autofree char *missing = g_build_filename (runs_dir, "20200101-000000-0000", NULL);

    none = nr_run_find (runs_dir, missing, &error);
    g_assert_null (none);
    g_assert_nonnull (error);
    g_assert_true (error->code == NR_ERROR_IO || error->code == NR_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  remove_tree (runs_dir);
}

static void
test_runs_dir_default (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("NEURONA_RUNS_DIR"));
  g_autofree char *set = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *unset = NULL;
  g_autofree char *fallback = g_build_filename (g_get_user_data_dir (), "neurona", "runs", NULL);

  g_setenv ("NEURONA_RUNS_DIR", "/srv/aula/runs", TRUE);
  set = nr_runs_dir_default ();
  g_assert_cmpstr (set, ==, "/srv/aula/runs");
  g_setenv ("NEURONA_RUNS_DIR", "", TRUE);
  empty = nr_runs_dir_default ();
  g_assert_cmpstr (empty, ==, fallback);
  g_unsetenv ("NEURONA_RUNS_DIR");
  unset = nr_runs_dir_default ();
  g_assert_cmpstr (unset, ==, fallback);
  if (saved != NULL)
    g_setenv ("NEURONA_RUNS_DIR", saved, TRUE);
}

int
main (int argc, char **argv)
{
  int status;

  if (argc == 3 && strcmp (argv[1], "--save-loop") == 0)
    return save_loop (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/run-store/save/new-run", test_save_new_run);
  g_test_add_func ("/run-store/save/without-weights", test_save_without_weights);
  g_test_add_func ("/run-store/save/again-keeps-weights", test_resave_keeps_weights);
  g_test_add_func ("/run-store/save/again-adds-weights", test_resave_adds_weights);
  g_test_add_func ("/run-store/load-all/newest-first", test_load_all_order);
  g_test_add_func ("/run-store/load-all/same-second-in-save-order", test_load_all_same_second);
  g_test_add_func ("/run-store/save/concurrent-processes", test_save_concurrent_processes);
  g_test_add_func ("/run-store/save/refuses-unreadable", test_save_refuses_unreadable);
  g_test_add_func ("/run-store/atomic/kill-9", test_atomic_kill);
  g_test_add_func ("/run-store/full-disk/file-size-limit", test_full_disk_fsize);
  g_test_add_func ("/run-store/full-disk/enospc", test_full_disk_enospc);
  g_test_add_func ("/run-store/read-only-folder", test_read_only_folder);
  g_test_add_func ("/run-store/legacy/migrated", test_legacy_migrated);
  g_test_add_func ("/run-store/legacy/temporary-files", test_legacy_temps);
  g_test_add_func ("/run-store/bad-runs/listed-around", test_bad_runs);
  g_test_add_func ("/run-store/bad-runs/weights-on-load", test_bad_weights_on_load);
  g_test_add_func ("/run-store/trash/restore", test_trash_and_restore);
  g_test_add_func ("/run-store/trash/legacy", test_trash_legacy);
  g_test_add_func ("/run-store/trash/purge", test_trash_purge);
  g_test_add_func ("/run-store/trash/restore-conflict", test_restore_conflict);
  g_test_add_func ("/run-store/load-from/teacher-folder", test_load_from_teacher_folder);
  g_test_add_func ("/run-store/load-from/one-run", test_load_from_one_run);
  g_test_add_func ("/run-store/find", test_find);
  g_test_add_func ("/run-store/runs-dir-default", test_runs_dir_default);

  status = g_test_run ();
  g_clear_pointer (&subset, nr_dataset_unref);
  return status;
}
