/* test-run-record.c — saved training runs: exact round trip, every corrupt file refused
 * with its name, atomic saves on a full disk, a folder with good and bad files. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <glib/gstdio.h>

#include "neurona/error.h"
#include "neurona/run-record.h"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->dir = g_dir_make_tmp ("neurona-test-run-record-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fx->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

static char *
fx_path (Fixture *fx, const char *name)
{
  return g_build_filename (fx->dir, name, NULL);
}

/* The tutorial's model with a second hidden layer, 3 of 4 epochs done, then stopped. */
static NrRunRecord *
make_record (guint hidden_units, gint64 start_time)
{
  NrTrainConfig config;
  NrRunRecord *record;
  NrTrainResult result = { 0 };

  nr_train_config_init (&config);
  config.model.hidden[0].units = hidden_units;
  config.model.n_hidden = 2;
  config.model.hidden[1].units = 64;
  config.model.hidden[1].activation = NR_ACTIVATION_TANH;
  config.model.hidden[1].dropout = 0.2f;
  config.optimizer.learning_rate = 0.0025f;
  config.epochs = 4;
  config.batch_size = 64;
  config.normalize = FALSE;
  config.seed = G_GUINT64_CONSTANT (18446744073709551557);
  config.train_limit = 1000;
  config.test_limit = 200;
  record = nr_run_record_new (NR_DATASET_FASHION_MNIST, &config, 1000, 200, start_time);
  for (guint i = 0; i < 3; i++)
    {
      NrEpochRecord e = { 1.0 / (i + 3), 0.7 + 0.01 * i, 0.1 + i / 7.0, 2.0 / 3.0 - 0.001 * i,
                          0.123456789 * (i + 1) };

      nr_run_record_add_epoch (record, &e);
    }
  result.status = NR_TRAIN_CANCELLED;
  result.epochs_completed = 3;
  result.seconds = 1.0 / 3.0;
  nr_run_record_set_result (record, &result);
  return record;
}

static void
write_text (const char *path, const char *text, gssize len)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, len, &error);
  g_assert_no_error (error);
}

static char *
read_text (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_default_name (void)
{
  NrTrainConfig config;
  g_autofree char *name = NULL;
  g_autofree char *two = NULL;

  nr_train_config_init (&config);
  name = nr_run_record_default_name (&config);
  g_assert_cmpstr (name, ==, "128 relu · 10 epochs");
  config.model.n_hidden = 2;
  config.model.hidden[1].units = 28;
  config.model.hidden[1].activation = NR_ACTIVATION_SIGMOID;
  config.epochs = 1;
  two = nr_run_record_default_name (&config);
  g_assert_cmpstr (two, ==, "128 relu, 28 sigmoid · 1 epoch");
}

static void
test_round_trip (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrRunRecord) record = make_record (88, 1795752020);
  g_autoptr (NrRunRecord) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = fx_path (fx, "a.run");

  nr_run_record_set_name (record, "88 unidades = «sin escalar»; a\\b");
  g_assert_true (nr_run_record_save (record, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (record->path, ==, path);
  back = nr_run_record_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  g_assert_cmpstr (back->name, ==, "88 unidades = «sin escalar»; a\\b");
  g_assert_cmpstr (back->path, ==, path);
  g_assert_cmpint (back->dataset, ==, NR_DATASET_FASHION_MNIST);
  g_assert_cmpint (back->start_time, ==, 1795752020);
  g_assert_cmpint (back->status, ==, NR_TRAIN_CANCELLED);
  g_assert_cmpuint (back->params, ==, 784 * 88 + 88 + 88 * 64 + 64 + 64 * 10 + 10);
  g_assert_cmpfloat (back->seconds, ==, 1.0 / 3.0);
  g_assert_cmpuint (back->train_size, ==, 1000);
  g_assert_cmpuint (back->test_size, ==, 200);
  /* Every byte of the configuration comes back (floats included). */
  g_assert_cmpmem (&back->config, sizeof back->config, &record->config, sizeof record->config);
  g_assert_cmpuint (back->history->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const NrEpochRecord *a = &g_array_index (record->history, NrEpochRecord, i);
      const NrEpochRecord *b = &g_array_index (back->history, NrEpochRecord, i);

      g_assert_cmpfloat (b->train_loss, ==, a->train_loss);
      g_assert_cmpfloat (b->train_accuracy, ==, a->train_accuracy);
      g_assert_cmpfloat (b->test_loss, ==, a->test_loss);
      g_assert_cmpfloat (b->test_accuracy, ==, a->test_accuracy);
      g_assert_cmpfloat (b->seconds, ==, a->seconds);
    }
  g_assert_cmpfloat (nr_run_record_get_last_epoch (back)->test_accuracy, ==, 2.0 / 3.0 - 0.002);
}

/* A diverged run keeps where it failed; a run without test images keeps NaN test values. */
static void
test_round_trip_diverged_no_test (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrRunRecord) record = make_record (28, 5);
  g_autoptr (NrRunRecord) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = fx_path (fx, "d.run");
  NrTrainResult result = { .status = NR_TRAIN_DIVERGED, .diverged_epoch = 4,
                           .diverged_step = 17, .seconds = 2.5 };

  record->test_size = 0;
  for (guint i = 0; i < 3; i++)
    {
      g_array_index (record->history, NrEpochRecord, i).test_loss = NAN;
      g_array_index (record->history, NrEpochRecord, i).test_accuracy = NAN;
    }
  nr_run_record_set_result (record, &result);
  g_assert_true (nr_run_record_save (record, path, &error));
  back = nr_run_record_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->status, ==, NR_TRAIN_DIVERGED);
  g_assert_cmpuint (back->diverged_epoch, ==, 4);
  g_assert_cmpuint (back->diverged_step, ==, 17);
  g_assert_true (isnan (g_array_index (back->history, NrEpochRecord, 2).test_accuracy));
}

/* A run with no hidden layer and no completed epoch (cancelled at once). */
static void
test_round_trip_empty_lists (Fixture *fx, gconstpointer data)
{
  NrTrainConfig config;
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (NrRunRecord) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = fx_path (fx, "e.run");
  NrTrainResult result = { .status = NR_TRAIN_CANCELLED };

  nr_train_config_init (&config);
  config.model.n_hidden = 0;
  record = nr_run_record_new (NR_DATASET_MNIST, &config, 60000, 10000, 0);
  nr_run_record_set_result (record, &result);
  g_assert_true (nr_run_record_save (record, path, &error));
  back = nr_run_record_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->config.model.n_hidden, ==, 0);
  g_assert_cmpuint (back->history->len, ==, 0);
  g_assert_cmpuint (back->params, ==, 7850);
  g_assert_cmpstr (back->name, ==, "no hidden layer · 10 epochs");
}

/* Loads text and expects NR_ERROR_FORMAT naming the file and containing `problem`. */
static void
assert_refused (Fixture *fx, const char *text, gssize len, const char *problem)
{
  g_autofree char *path = fx_path (fx, "bad.run");
  g_autoptr (GError) error = NULL;
  g_autoptr (NrRunRecord) record = NULL;

  write_text (path, text, len);
  record = nr_run_record_load (path, &error);
  g_assert_null (record);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  if (strstr (error->message, problem) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, problem);
}

/* The text of a good saved run, to be damaged by each corrupt case. */
static char *
good_text (Fixture *fx)
{
  g_autoptr (NrRunRecord) record = make_record (128, 1795752020);
  g_autofree char *path = fx_path (fx, "good.run");

  g_assert_true (nr_run_record_save (record, path, NULL));
  return read_text (path);
}

/* Replaces the first line starting with "key=" by "key=value" (or removes it if NULL). */
static char *
edit_key (const char *text, const char *key, const char *value)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *prefix = g_strconcat (key, "=", NULL);
  GString *out = g_string_new (NULL);
  gboolean done = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (!done && g_str_has_prefix (lines[i], prefix))
        {
          done = TRUE;
          if (value != NULL)
            g_string_append_printf (out, "%s=%s\n", key, value);
          continue;
        }
      g_string_append (out, lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
  g_assert_true (done);
  return g_string_free (out, FALSE);
}

static void
test_corrupt_empty (Fixture *fx, gconstpointer data)
{
  assert_refused (fx, "", 0, "empty");
}

static void
test_corrupt_garbage (Fixture *fx, gconstpointer data)
{
  assert_refused (fx, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "not a saved run");
  assert_refused (fx, "this is not [a key file\nat all", -1, "not a saved run");
}

static void
test_corrupt_truncated (Fixture *fx, gconstpointer data)
{
  g_autofree char *text = good_text (fx);
  gsize len = strlen (text);

  /* Cut in the middle of the model: keys of later groups are missing. */
  g_assert_nonnull (strstr (text, "[training]"));
  assert_refused (fx, text, strstr (text, "[training]") - text, "missing key");
  /* Cut after the first value of the last history list: fewer values than epochs. */
  {
    const char *last = g_strrstr (text, "\nseconds=");

    g_assert_nonnull (last);
    g_assert_cmpuint (len, >, (gsize) (last - text));
    assert_refused (fx, text, strchr (last, ';') + 1 - text, "values, expected 3");
  }
}

static void
test_corrupt_version (Fixture *fx, gconstpointer data)
{
  g_autofree char *text = good_text (fx);
  g_autofree char *v2 = edit_key (text, "format-version", "2");
  g_autofree char *none = edit_key (text, "format-version", NULL);
  g_autofree char *word = edit_key (text, "format-version", "one");

  assert_refused (fx, v2, -1, "format version 2 is not supported");
  assert_refused (fx, none, -1, "missing key “format-version”");
  assert_refused (fx, word, -1, "not a whole number");
}

static void
test_corrupt_history_lengths (Fixture *fx, gconstpointer data)
{
  g_autofree char *text = good_text (fx);
  g_autofree char *short_list = edit_key (text, "test-accuracy", "0.5;0.6;");
  g_autofree char *more_epochs = edit_key (text, "epochs", "2");

  assert_refused (fx, short_list, -1, "“test-accuracy” in [history] has 2 values, expected 3");
  {
    g_autofree char *hist = edit_key (text, "train-loss", "0.1;0.2;0.3;0.4;");

    assert_refused (fx, hist, -1, "“train-loss” in [history] has 4 values, expected 3");
  }
  /* [training] epochs=2 caps the history's "epochs=3". */
  assert_refused (fx, more_epochs, -1, "“epochs” in [history] is 3, outside 0…2");
  {
    g_autofree char *completed = edit_key (text, "status", "completed");

    assert_refused (fx, completed, -1, "a completed run of 4 epochs has 3 epochs of history");
  }
}

static void
test_corrupt_bad_enum (Fixture *fx, gconstpointer data)
{
  g_autofree char *text = good_text (fx);
  g_autofree char *status = edit_key (text, "status", "exploded");
  g_autofree char *dataset = edit_key (text, "dataset", "cifar");
  g_autofree char *opt = edit_key (text, "optimizer", "lbfgs");
  g_autofree char *act = edit_key (text, "activations", "relu;swish;");

  assert_refused (fx, status, -1, "unknown status “exploded”");
  assert_refused (fx, dataset, -1, "unknown dataset “cifar”");
  assert_refused (fx, opt, -1, "unknown optimizer “lbfgs”");
  assert_refused (fx, act, -1, "unknown activation “swish”");
}

static void
test_corrupt_values (Fixture *fx, gconstpointer data)
{
  g_autofree char *text = good_text (fx);
  g_autofree char *nan_loss = edit_key (text, "train-loss", "0.1;nan;0.3;");
  g_autofree char *nan_test = edit_key (text, "test-loss", "0.1;nan;0.3;");
  g_autofree char *acc = edit_key (text, "train-accuracy", "0.1;1.5;0.3;");
  g_autofree char *units = edit_key (text, "units", "128;99999999;");
  g_autofree char *params = edit_key (text, "params", "12");
  g_autofree char *size = edit_key (text, "train-size", "99999999999");
  g_autofree char *type = edit_key (text, "normalize", "perhaps");
  g_autofree char *lr = edit_key (text, "learning-rate", "inf");

  assert_refused (fx, nan_loss, -1, "value 2 is not a finite number");
  /* NaN test values are allowed only for a run without test images (test-size 0). */
  assert_refused (fx, nan_test, -1, "value 2 is not a finite number");
  assert_refused (fx, acc, -1, "value 2 is 1.5, outside 0…1");
  assert_refused (fx, units, -1, "hidden layer 2 has 99999999 units");
  assert_refused (fx, params, -1, "params is 12 but the model has");
  assert_refused (fx, size, -1, "“train-size” in [training] is 99999999999, outside");
  assert_refused (fx, type, -1, "“normalize” in [training] has a value of the wrong type");
  assert_refused (fx, lr, -1, "“learning-rate” in [training] is not a finite number");
}

static void
test_corrupt_too_large (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = fx_path (fx, "huge.run");
  g_autoptr (GError) error = NULL;
  FILE *f = fopen (path, "w");

  g_assert_nonnull (f);
  g_assert_cmpint (ftruncate (fileno (f), 64 * 1024 * 1024), ==, 0);
  fclose (f);
  g_assert_null (nr_run_record_load (path, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "too large"));
}

static void
test_missing_file (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = fx_path (fx, "nothing.run");
  g_autoptr (GError) error = NULL;

  g_assert_null (nr_run_record_load (path, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
}

/* A stand-in for /dev/full (char device 1:7) inside the fixture's folder, as in
 * test-dataset.c: a regression that replaced the target would clobber this copy only. */
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
test_save_full_disk (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrRunRecord) record = make_record (128, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *full = full_device (fx);
  GStatBuf st;

  g_assert_false (nr_run_record_save (record, full, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, full));
  g_assert_nonnull (strstr (error->message, "cannot write"));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
  g_assert_null (record->path);
  /* Written in place, never replaced by a regular file. */
  g_assert_cmpint (g_stat (full, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

/* A write that fails halfway (here: a file size limit, EFBIG, as a full disk would fail
 * with ENOSPC) leaves the previous file whole and no temporary file beside it. */
static void
test_save_failure_keeps_old_file (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrRunRecord) old = make_record (128, 1);
  g_autoptr (NrRunRecord) record = make_record (28, 2);
  g_autoptr (NrRunRecord) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = fx_path (fx, "keep.run");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  struct rlimit saved, small;
  void (*saved_handler) (int);
  g_autoptr (GDir) dir = NULL;
  guint n_files = 0;

  g_assert_true (nr_run_record_save (old, path, &error));
  before = read_text (path);
  nr_run_record_set_name (record, "a much longer name so that the new file is larger than the old one");

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  small = saved;
  small.rlim_cur = 100;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  g_assert_false (nr_run_record_save (record, path, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "cannot write"));
  after = read_text (path);
  g_assert_cmpstr (after, ==, before);
  back = nr_run_record_load (path, NULL);
  g_assert_nonnull (back);
  g_assert_cmpuint (back->config.model.hidden[0].units, ==, 128);
  dir = g_dir_open (fx->dir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);
}

static void
test_load_dir (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrRunRecord) a = make_record (128, 100);
  g_autoptr (NrRunRecord) b = make_record (28, 300);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *pa = fx_path (fx, "a.run");
  g_autofree char *pb = fx_path (fx, "b.run");
  g_autofree char *pc = fx_path (fx, "c.run");
  g_autofree char *other = fx_path (fx, "notes.txt");
  g_autofree char *tmp = fx_path (fx, "d.run.A1B2C3");
  GError *file_error;

  g_assert_true (nr_run_record_save (a, pa, NULL));
  g_assert_true (nr_run_record_save (b, pb, NULL));
  write_text (pc, "[run]\nformat-version=1\nname=trunc", -1);
  write_text (other, "not a run", -1);
  write_text (tmp, "half a run", -1);

  records = nr_run_record_load_dir (fx->dir, &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  /* Newest first. */
  g_assert_cmpuint (((NrRunRecord *) records->pdata[0])->config.model.hidden[0].units, ==, 28);
  g_assert_cmpuint (((NrRunRecord *) records->pdata[1])->config.model.hidden[0].units, ==, 128);
  g_assert_cmpuint (errors->len, ==, 1);
  file_error = errors->pdata[0];
  g_assert_error (file_error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_nonnull (strstr (file_error->message, pc));
}

/* Unreadable files are named in the order of their names, whatever order the file
 * system lists them in. */
static void
test_load_dir_errors_sorted (Fixture *fx, gconstpointer data)
{
  static const char *const names[] = { "m.run", "c.run", "x.run", "a.run", "q.run", "f.run" };
  static const char *const sorted[] = { "a.run", "c.run", "f.run", "m.run", "q.run", "x.run" };
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = fx_path (fx, names[i]);

      write_text (path, "not a run", -1);
    }
  records = nr_run_record_load_dir (fx->dir, &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
  g_assert_cmpuint (errors->len, ==, G_N_ELEMENTS (sorted));
  for (guint i = 0; i < G_N_ELEMENTS (sorted); i++)
    {
      g_autofree char *path = fx_path (fx, sorted[i]);
      g_autofree char *prefix = g_strconcat (path, ":", NULL);

      g_assert_true (g_str_has_prefix (((GError *) errors->pdata[i])->message, prefix));
    }
}

/* A pipe named like a run would block the read for ever (and a device such as /dev/zero
 * would fill the memory): only regular files are read. */
static void
test_load_dir_not_regular (Fixture *fx, gconstpointer data)
{
  g_autoptr (NrRunRecord) a = make_record (128, 100);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *pa = fx_path (fx, "a.run");
  g_autofree char *fifo = fx_path (fx, "pipe.run");
  GError *file_error;

  g_assert_true (nr_run_record_save (a, pa, NULL));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  records = nr_run_record_load_dir (fx->dir, &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpuint (errors->len, ==, 1);
  file_error = errors->pdata[0];
  g_assert_error (file_error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_nonnull (strstr (file_error->message, fifo));
}

static void
test_load_dir_missing (Fixture *fx, gconstpointer data)
{
  g_autofree char *dir = fx_path (fx, "not-yet");
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (GError) error = NULL;

  records = nr_run_record_load_dir (dir, &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
  g_assert_cmpuint (errors->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/run-record/default-name", test_default_name);
  ADD ("/run-record/round-trip", test_round_trip);
  ADD ("/run-record/round-trip/diverged-no-test", test_round_trip_diverged_no_test);
  ADD ("/run-record/round-trip/empty-lists", test_round_trip_empty_lists);
  ADD ("/run-record/corrupt/empty", test_corrupt_empty);
  ADD ("/run-record/corrupt/garbage", test_corrupt_garbage);
  ADD ("/run-record/corrupt/truncated", test_corrupt_truncated);
  ADD ("/run-record/corrupt/version", test_corrupt_version);
  ADD ("/run-record/corrupt/history-lengths", test_corrupt_history_lengths);
  ADD ("/run-record/corrupt/bad-enum", test_corrupt_bad_enum);
  ADD ("/run-record/corrupt/values", test_corrupt_values);
  ADD ("/run-record/corrupt/too-large", test_corrupt_too_large);
  ADD ("/run-record/load/missing-file", test_missing_file);
  ADD ("/run-record/save/full-disk", test_save_full_disk);
  ADD ("/run-record/save/failure-keeps-old-file", test_save_failure_keeps_old_file);
  ADD ("/run-record/load-dir/good-and-corrupt", test_load_dir);
  ADD ("/run-record/load-dir/errors-sorted", test_load_dir_errors_sorted);
  ADD ("/run-record/load-dir/not-regular", test_load_dir_not_regular);
  ADD ("/run-record/load-dir/missing", test_load_dir_missing);
#undef ADD
  return g_test_run ();
}
