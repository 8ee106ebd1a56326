/* test-neurona-load.c — tools/neurona_load.py, run by Debian's /usr/bin/python3 with NumPy
 * alone, reads what Neurona saves: a run trained and saved here gets, on the same test
 * images, the same accuracy the run recorded and its loss to 1e-5; every activation
 * predicts as layers.c does; the PyTorch rebuild agrees when PyTorch is installed; and a
 * bad run is refused with a message naming the file, never a traceback or a hang.
 *
 * NumPy is required (setup.sh installs python3-numpy): without it these tests fail, they
 * do not pass quietly. */
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "neurona/error.h"
#include "neurona/run-store.h"

#define PYTHON "/usr/bin/python3"

static NrDataset *mnist, *fashion; /* loaded once, freed in main */

static char *
subset_file (const char *dataset, const char *file)
{
  const char *project = g_getenv ("NEURONA_PROJECT_DATA_DIR");

  g_assert_nonnull (project);
  return g_build_filename (project, "subset", dataset, file, NULL);
}

static const NrDataset *
get_dataset (NrDatasetId id)
{
  NrDataset **slot = id == NR_DATASET_MNIST ? &mnist : &fashion;

  if (*slot == NULL)
    {
      const char *project = g_getenv ("NEURONA_PROJECT_DATA_DIR");
      g_autofree char *dir = g_build_filename (project, "subset", NULL);
      g_autoptr (GError) error = NULL;

      *slot = nr_dataset_load (id, dir, &error);
      g_assert_no_error (error);
    }
  return *slot;
}

static char *
script_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "tools", "neurona_load.py", NULL);
}

static char *
tools_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "tools", NULL);
}

typedef struct {
  int status; /* exit status, or -1 when killed */
  char *out, *err;
} PyRun;

static void
py_run_clear (PyRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PyRun, py_run_clear)

/* Runs argv (NULL-terminated) under timeout(1), so a reader that blocks fails the test. */
static void
run_argv (PyRun *run, const char *const *argv)
{
  g_autoptr (GPtrArray) full = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) envp = g_get_environ ();
  int wait_status = 0;

  g_ptr_array_add (full, (char *) "timeout");
  g_ptr_array_add (full, (char *) "120");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (char *) argv[i]);
  g_ptr_array_add (full, NULL);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  /* Importing neurona_load must not leave tools/__pycache__ in the source tree. */
  envp = g_environ_setenv (envp, "PYTHONDONTWRITEBYTECODE", "1", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) full->pdata, envp, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  if (run->status == 124)
    g_error ("%s timed out; stderr: %s", argv[0], run->err);
}

/* Fails the test, with a message saying what to install, when Debian's Python or its
 * NumPy is missing. */
static gboolean
have_numpy (void)
{
  const char *argv[] = { PYTHON, "-c", "import numpy", NULL };
  g_auto (PyRun) run = { 0 };

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_fail_printf ("%s is missing: tools/neurona_load.py is tested with Debian's "
                          "Python 3 (apt install python3-numpy, or ./setup.sh)", PYTHON);
      return FALSE;
    }
  run_argv (&run, argv);
  if (run.status != 0)
    {
      g_test_fail_printf ("%s has no NumPy, which tools/neurona_load.py needs: apt install "
                          "python3-numpy (./setup.sh does it). %s", PYTHON, run.err);
      return FALSE;
    }
  return TRUE;
}

static gboolean
have_torch (void)
{
  const char *argv[] = { PYTHON, "-c", "import torch", NULL };
  g_auto (PyRun) run = { 0 };

  run_argv (&run, argv);
  return run.status == 0;
}

/* The value of "key: value" in out, parsed as a double; fails when absent. */
static double
output_value (const char *out, const char *key)
{
  g_autofree char *prefix = g_strconcat (key, ": ", NULL);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        const char *text = lines[i] + strlen (prefix);
        char *end = NULL;
        double value = g_ascii_strtod (text, &end);

        g_assert_true (end != text);
        return value;
      }
  g_error ("no “%s” in the output:\n%s", key, out);
  return NAN;
}

static char *
make_runs_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("neurona-test-load-XXXXXX", &error);

  g_assert_no_error (error);
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
      g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
      const char *name;

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

/* ---- a trained run, evaluated again in Python --------------------------------------- */

static void
keep_books (const NrProgress *progress, const NrModel *model, gpointer user_data)
{
  nr_run_record_add_progress (user_data, progress);
}

/* Trains on the committed subset (1,000 images, 3 epochs, tested on the first 300) and saves
 * the run with its weights. */
static NrRunRecord *
train_and_save (NrDatasetId dataset_id, const NrTrainConfig *config, const char *runs_dir)
{
  const NrDataset *dataset = get_dataset (dataset_id);
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (GError) error = NULL;
  NrRunRecord *record;
  NrTrainResult result;

  trainer = nr_trainer_new (config, dataset->train, dataset->test, 10, &error);
  g_assert_no_error (error);
  record = nr_run_record_new_for_trainer (trainer, dataset_id, dataset);
  g_assert_true (nr_trainer_run (trainer, keep_books, record, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.status, ==, NR_TRAIN_COMPLETED);
  nr_run_record_finish (record, &result);
  weights = nr_weights_new_from_model (nr_trainer_get_model (trainer));
  g_assert_true (nr_run_save (record, weights, runs_dir, &error));
  g_assert_no_error (error);
  return record;
}

static void
small_config (NrTrainConfig *config)
{
  nr_train_config_init (config);
  config->model.hidden[0].units = 32;
  config->epochs = 3;
  config->train_limit = 1000;
  config->test_limit = 300;
}

static void
assert_python_agrees (const NrRunRecord *record, const char *dataset, gboolean torch)
{
  g_autofree char *script = script_path ();
  g_autofree char *images = subset_file (dataset, "t10k-images-idx3-ubyte.gz");
  g_autofree char *labels = subset_file (dataset, "t10k-labels-idx1-ubyte.gz");
  g_autofree char *limit = g_strdup_printf ("%u", record->test_size);
  const char *argv[] = { PYTHON, script, record->dir, "--images", images, "--labels", labels,
                         "--limit", limit, torch ? "--torch" : NULL, NULL };
  g_auto (PyRun) run = { 0 };
  double accuracy = nr_run_record_get_test_accuracy (record);
  double loss = nr_run_record_get_test_loss (record);

  run_argv (&run, argv);
  if (run.status != 0)
    g_error ("neurona_load.py failed (%d): %s", run.status, run.err);
  g_test_message ("%s", run.out);
  g_assert_cmpfloat (output_value (run.out, "images"), ==, record->test_size);
  /* The same images, the same argmax on every one: the same accuracy, exactly. */
  g_assert_cmpfloat (output_value (run.out, "test_accuracy"), ==, accuracy);
  g_assert_cmpfloat_with_epsilon (output_value (run.out, "test_loss"), loss, 1e-5);
  g_assert_cmpfloat (output_value (run.out, "recorded_test_accuracy"), ==, accuracy);
  if (torch)
    {
      g_assert_cmpfloat (output_value (run.out, "torch_test_accuracy"), ==, accuracy);
      g_assert_cmpfloat_with_epsilon (output_value (run.out, "torch_test_loss"), loss, 1e-5);
    }
}

static void
test_cli_tutorial (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrRunRecord) record = NULL;
  NrTrainConfig config;

  if (!have_numpy ())
    return;
  small_config (&config);
  record = train_and_save (NR_DATASET_MNIST, &config, runs_dir);
  g_assert_cmpfloat (nr_run_record_get_test_accuracy (record), >, 0.5);
  assert_python_agrees (record, "mnist", FALSE);
  remove_tree (runs_dir);
}

/* Two hidden layers (tanh with dropout, gelu), unscaled pixels, Fashion-MNIST. */
static void
test_cli_two_layers_unscaled (void)
{
  g_autofree char *runs_dir = make_runs_dir ();
  g_autoptr (NrRunRecord) record = NULL;
  NrTrainConfig config;

  if (!have_numpy ())
    return;
  small_config (&config);
  config.model.n_hidden = 2;
  config.model.hidden[0].units = 24;
  config.model.hidden[0].activation = NR_ACTIVATION_TANH;
  config.model.hidden[0].dropout = 0.2f;
  config.model.hidden[1].units = 12;
  config.model.hidden[1].activation = NR_ACTIVATION_GELU;
  config.normalize = FALSE;
  record = train_and_save (NR_DATASET_FASHION_MNIST, &config, runs_dir);
  assert_python_agrees (record, "fashion", FALSE);
  remove_tree (runs_dir);
}

static void
test_cli_torch (void)
{
  g_autofree char *runs_dir = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  NrTrainConfig config;

  if (!have_numpy ())
    return;
  if (!have_torch ())
    {
      g_test_skip ("PyTorch is not installed (apt install python3-torch to test to_torch())");
      return;
    }
  runs_dir = make_runs_dir ();
  small_config (&config);
  config.model.n_hidden = 2;
  config.model.hidden[0].dropout = 0.25f;
  config.model.hidden[1].units = 12;
  config.model.hidden[1].activation = NR_ACTIVATION_ELU;
  record = train_and_save (NR_DATASET_MNIST, &config, runs_dir);
  assert_python_agrees (record, "mnist", TRUE);
  remove_tree (runs_dir);
}

/* ---- every activation ------------------------------------------------------------------- */

/* For each (run folder, probabilities file) pair after the first four arguments: the largest
 * difference between the probabilities neurona_load predicts and those in the file (from
 * nr_model_predict), and on how many images their argmax agrees; the same for the PyTorch
 * rebuild when PyTorch is installed. One process for all, as importing torch takes
 * seconds. */
static const char compare_script[] =
  "import sys\n"
  "import numpy as np\n"
  "tools, images, labels, n = sys.argv[1:5]\n"
  "sys.path.insert(0, tools)\n"
  "import neurona_load\n"
  "try:\n"
  "    import torch\n"
  "except ImportError:\n"
  "    torch = None\n"
  "x, y = neurona_load.read_idx(images, labels, int(n))\n"
  "pairs = sys.argv[5:]\n"
  "for i in range(0, len(pairs), 2):\n"
  "    run = neurona_load.load_run(pairs[i])\n"
  "    c = np.fromfile(pairs[i + 1], dtype='<f4').reshape(int(n), -1)\n"
  "    p = run.predict(x)\n"
  "    assert p.dtype == np.float32\n"
  "    print('max_diff_%d: %r' % (i // 2, float(np.abs(p - c).max())))\n"
  "    print('argmax_same_%d: %d' % (i // 2, int((p.argmax(1) == c.argmax(1)).sum())))\n"
  "    if torch is None:\n"
  "        continue\n"
  "    with torch.no_grad():\n"
  "        t = torch.softmax(run.to_torch()(run.torch_input(x)), dim=1).numpy()\n"
  "    print('torch_max_diff_%d: %r' % (i // 2, float(np.abs(t - c).max())))\n"
  "    print('torch_argmax_same_%d: %d' % (i // 2, int((t.argmax(1) == c.argmax(1)).sum())))\n";

#define N_COMPARED 200

typedef struct {
  NrActivation activation;
  gboolean normalize;
} ActivationCase;

/* A run of random weights with two hidden layers of `activation` (the second with
 * dropout), saved in runs_dir, and the probabilities nr_model_predict gives for the first
 * N_COMPARED test images, in probs_path. Returns the run's folder. */
static char *
save_random_run (const ActivationCase *c, const char *runs_dir, const char *probs_path)
{
  g_autoptr (NrModel) model = NULL;
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (NrRunRecord) record = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (c->activation);
  g_autoptr (GError) error = NULL;
  g_autofree float *probs = NULL;
  const NrImageSet *test = get_dataset (NR_DATASET_MNIST)->test;
  NrTrainConfig config;
  NrTrainResult result = { 0 };

  nr_train_config_init (&config);
  config.model.n_hidden = 2;
  config.model.hidden[0].units = 20;
  config.model.hidden[0].activation = c->activation;
  config.model.hidden[1].units = 12;
  config.model.hidden[1].activation = c->activation;
  config.model.hidden[1].dropout = 0.5f;
  config.normalize = c->normalize;
  model = nr_model_new (&config.model, 1000 + c->activation, &error);
  g_assert_no_error (error);
  /* Biases across zero, so every activation's negative side is used. */
  for (guint l = 0; l <= config.model.n_hidden; l++)
    {
      float *b = nr_model_get_biases (model, l);
      guint units = l < config.model.n_hidden ? config.model.hidden[l].units : 10;

      for (guint j = 0; j < units; j++)
        b[j] = (float) g_rand_double_range (rand, -1.0, 1.0);
    }
  weights = nr_weights_new_from_model (model);
  config.epochs = 1;
  record = nr_run_record_new (NR_DATASET_MNIST, &config, 1000, N_COMPARED, 1795752020);
  {
    NrEpochRecord e = { 0.5, 0.8, 0.6, 0.75, 1.0 };

    nr_run_record_add_epoch (record, &e);
  }
  result.status = NR_TRAIN_COMPLETED;
  result.epochs_completed = 1;
  nr_run_record_finish (record, &result);
  g_assert_true (nr_run_save (record, weights, runs_dir, &error));
  g_assert_no_error (error);

  probs = g_new (float, (gsize) N_COMPARED * 10);
  nr_model_predict (model, test->pixels, N_COMPARED, c->normalize, probs);
  g_assert_true (g_file_set_contents (probs_path, (const char *) probs,
                                      (gssize) (sizeof (float) * N_COMPARED * 10), NULL));
  return g_strdup (record->dir);
}

/* Every activation, with pixels scaled and (for two) unscaled: the probabilities Python
 * predicts are those of nr_model_predict to float32 rounding, with the same argmax on every
 * image; the PyTorch rebuild's too. */
static void
test_activations (void)
{
  g_autofree char *runs_dir = NULL;
  g_autofree char *tools = tools_dir ();
  g_autofree char *images = subset_file ("mnist", "t10k-images-idx3-ubyte.gz");
  g_autofree char *labels = subset_file ("mnist", "t10k-labels-idx1-ubyte.gz");
  g_autofree char *count = g_strdup_printf ("%d", N_COMPARED);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto (PyRun) run = { 0 };
  ActivationCase cases[NR_N_ACTIVATIONS + 2];
  guint n_cases = 0;

  if (!have_numpy ())
    return;
  for (NrActivation a = 0; a < NR_N_ACTIVATIONS; a++)
    cases[n_cases++] = (ActivationCase) { a, TRUE };
  cases[n_cases++] = (ActivationCase) { NR_ACTIVATION_RELU, FALSE };
  cases[n_cases++] = (ActivationCase) { NR_ACTIVATION_SIGMOID, FALSE };

  runs_dir = make_runs_dir ();
  g_ptr_array_add (argv, g_strdup (PYTHON));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup (compare_script));
  g_ptr_array_add (argv, g_strdup (tools));
  g_ptr_array_add (argv, g_strdup (images));
  g_ptr_array_add (argv, g_strdup (labels));
  g_ptr_array_add (argv, g_strdup (count));
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *name = g_strdup_printf ("probs-%u.f32", i);
      char *probs_path = g_build_filename (runs_dir, name, NULL);

      g_ptr_array_add (argv, save_random_run (&cases[i], runs_dir, probs_path));
      g_ptr_array_add (argv, probs_path);
    }
  g_ptr_array_add (argv, NULL);
  run_argv (&run, (const char *const *) argv->pdata);
  if (run.status != 0)
    g_error ("the comparison failed (%d): %s", run.status, run.err);
  g_test_message ("%s", run.out);

  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *max_diff = g_strdup_printf ("max_diff_%u", i);
      g_autofree char *argmax_same = g_strdup_printf ("argmax_same_%u", i);
      g_autofree char *torch_max_diff = g_strdup_printf ("torch_max_diff_%u", i);
      g_autofree char *torch_argmax_same = g_strdup_printf ("torch_argmax_same_%u", i);
      /* Unscaled pixels make logits 255 times larger, and so their float32 rounding. */
      double tolerance = cases[i].normalize ? 2e-6 : 1e-4;

      g_test_message ("case %u: %s, %s", i, nr_activation_name (cases[i].activation),
                      cases[i].normalize ? "scaled" : "unscaled");
      g_assert_cmpfloat (output_value (run.out, max_diff), <, tolerance);
      g_assert_cmpfloat (output_value (run.out, argmax_same), ==, N_COMPARED);
      if (strstr (run.out, "torch_max_diff") != NULL)
        {
          g_assert_cmpfloat (output_value (run.out, torch_max_diff), <, tolerance);
          g_assert_cmpfloat (output_value (run.out, torch_argmax_same), ==, N_COMPARED);
        }
    }
  remove_tree (runs_dir);
}

/* ---- refusals --------------------------------------------------------------------------- */

/* neurona_load.py RUN exits 1 with "neurona_load.py: <file>: …<says>…", no traceback. */
static void
assert_cli_refuses (const char *run_dir, const char *file, const char *says)
{
  g_autofree char *script = script_path ();
  g_autofree char *prefix = g_strdup_printf ("neurona_load.py: %s: ", file);
  const char *argv[] = { PYTHON, script, run_dir, NULL };
  g_auto (PyRun) run = { 0 };

  run_argv (&run, argv);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (strstr (run.err, "Traceback"));
  if (!g_str_has_prefix (run.err, prefix))
    g_error ("“%s” does not start with “%s”", run.err, prefix);
  if (strstr (run.err, says) == NULL)
    g_error ("“%s” does not say “%s”", run.err, says);
}

static void
test_refused (void)
{
  g_autofree char *runs_dir = NULL;
  g_autoptr (NrWeights) weights = NULL;
  g_autoptr (NrRunRecord) proto = NULL;
  g_autofree char *model_bytes = NULL;
  gsize model_len;
  NrTrainConfig config;
  NrTrainResult result = { 0 };
  struct {
    const char *case_name;
    const char *file; /* "model", "json" or "dir": what the message names */
    const char *says;
  } cases[] = {
    { "cut", "model", "truncated" },
    { "f16", "model", "is F16" },
    { "wrong-shape", "model", "has shape [128, 784]" },
    { "nan", "model", "not a finite number" },
    { "fifo", "model", "not a regular file" },
    { "missing", "model", "No such file" },
    { "garbage-json", "json", "not a Neurona run" },
    { "no-weights", "dir", "no saved weights" },
    { "no-json", "dir", "no run.json" },
  };

  if (!have_numpy ())
    return;
  runs_dir = make_runs_dir ();
  nr_train_config_init (&config);
  config.model.hidden[0].units = 6;
  {
    g_autoptr (NrModel) model = nr_model_new (&config.model, 3, NULL);
    weights = nr_weights_new_from_model (model);
  }
  config.epochs = 1;
  proto = nr_run_record_new (NR_DATASET_MNIST, &config, 1000, 100, 1795752020);
  {
    NrEpochRecord e = { 0.5, 0.8, 0.6, 0.75, 1.0 };

    nr_run_record_add_epoch (proto, &e);
  }
  result.status = NR_TRAIN_COMPLETED;
  result.epochs_completed = 1;
  nr_run_record_finish (proto, &result);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (NrRunRecord) record = nr_run_record_copy (proto);
      g_autofree char *model = NULL;
      g_autofree char *json = NULL;
      const char *c = cases[i].case_name;
      const char *named;

      g_autoptr (GError) save_error = NULL;

      nr_run_save (record, g_str_equal (c, "no-weights") ? NULL : weights, runs_dir, &save_error);
      g_assert_no_error (save_error);
      model = g_build_filename (record->dir, "model.safetensors", NULL);
      json = g_build_filename (record->dir, "run.json", NULL);
      if (model_bytes == NULL)
        g_assert_true (g_file_get_contents (model, &model_bytes, &model_len, NULL));

      if (g_str_equal (c, "cut"))
        g_assert_true (g_file_set_contents (model, model_bytes, 6, NULL));
      else if (g_str_equal (c, "f16"))
        {
          g_autofree char *copy = g_memdup2 (model_bytes, model_len);
          /* past the 8-byte length, which holds NUL bytes */
          char *f32 = g_strstr_len (copy + 8, (gssize) model_len - 8, "\"F32\"");

          g_assert_nonnull (f32);
          memcpy (f32, "\"F16\"", 5);
          g_assert_true (g_file_set_contents (model, copy, (gssize) model_len, NULL));
        }
      else if (g_str_equal (c, "wrong-shape"))
        {
          NrModelSpec tutorial;
          g_autoptr (NrModel) other = NULL;
          g_autoptr (NrWeights) other_weights = NULL;

          nr_model_spec_init_tutorial (&tutorial, FALSE);
          other = nr_model_new (&tutorial, 1, NULL);
          other_weights = nr_weights_new_from_model (other);
          g_assert_true (nr_weights_save (other_weights, TRUE, model, NULL));
        }
      else if (g_str_equal (c, "nan"))
        {
          g_autofree char *copy = g_memdup2 (model_bytes, model_len);

          memset (copy + model_len - 4, 0xff, 4);
          g_assert_true (g_file_set_contents (model, copy, (gssize) model_len, NULL));
        }
      else if (g_str_equal (c, "fifo"))
        {
          g_assert_cmpint (g_unlink (model), ==, 0);
          g_assert_cmpint (mkfifo (model, 0644), ==, 0);
        }
      else if (g_str_equal (c, "missing"))
        g_assert_cmpint (g_unlink (model), ==, 0);
      else if (g_str_equal (c, "garbage-json"))
        g_assert_true (g_file_set_contents (json, "{\"format\": \"keras\"}", -1, NULL));
      else if (g_str_equal (c, "no-json"))
        g_assert_cmpint (g_unlink (json), ==, 0);

      named = g_str_equal (cases[i].file, "model") ? model
              : g_str_equal (cases[i].file, "json") ? json
                                                     : record->dir;
      g_test_message ("case %s", c);
      assert_cli_refuses (record->dir, named, cases[i].says);
    }

  /* A Neurona 0.1 file: no weights to load, said so. */
  {
    g_autofree char *legacy = g_build_filename (runs_dir, "old.run", NULL);

    g_assert_true (g_file_set_contents (legacy, "[run]\n", -1, NULL));
    assert_cli_refuses (legacy, legacy, "Neurona 0.1");
  }
  remove_tree (runs_dir);
}

/* Python without its site packages (so without NumPy): a clear message and status 2. */
static void
test_without_numpy (void)
{
  g_autofree char *script = script_path ();
  const char *argv[] = { PYTHON, "-I", "-S", script, "/nonexistent", NULL };
  g_auto (PyRun) run = { 0 };

  if (!have_numpy ())
    return;
  run_argv (&run, argv);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "needs NumPy"));
  g_assert_nonnull (strstr (run.err, "python3-numpy"));
  g_assert_null (strstr (run.err, "Traceback"));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/neurona-load/cli/tutorial-accuracy", test_cli_tutorial);
  g_test_add_func ("/neurona-load/cli/two-layers-unscaled", test_cli_two_layers_unscaled);
  g_test_add_func ("/neurona-load/cli/torch", test_cli_torch);
  g_test_add_func ("/neurona-load/predict/every-activation", test_activations);
  g_test_add_func ("/neurona-load/refused", test_refused);
  g_test_add_func ("/neurona-load/without-numpy", test_without_numpy);

  status = g_test_run ();
  g_clear_pointer (&mnist, nr_dataset_unref);
  g_clear_pointer (&fashion, nr_dataset_unref);
  return status;
}
