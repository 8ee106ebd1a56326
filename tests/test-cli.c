/* test-cli.c — `neurona-cli train` as a user runs it: exit codes, messages, output, JSON.
 *
 * The binary comes from $NEURONA_CLI (set by tests/meson.build). Runs read the committed
 * subset through --data-dir so they do not depend on what else the machine has. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "cli-test-util.h"

/* The options error contract: status 2, nothing on stdout, one line on stderr. */
static void
assert_usage_error (CliTestRun *r, const char *expected_substring)
{
  g_test_message ("stderr: %s", r->err);
  g_assert_cmpint (r->status, ==, 2);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_cmpuint (cli_test_count_lines (r->err), ==, 1);
  g_assert_true (g_str_has_prefix (r->err, "neurona-cli: "));
  if (expected_substring != NULL && strstr (r->err, expected_substring) == NULL)
    g_error ("stderr “%s” should contain “%s”", r->err, expected_substring);
}

/* A small JSON checker: validates the syntax (so a stray nan or inf fails) and finds
 * top-level keys. */

typedef struct
{
  const char *p;
} Json;

static gboolean json_value (Json *j);

static void
json_ws (Json *j)
{
  while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
    j->p++;
}

static gboolean
json_string (Json *j)
{
  if (*j->p != '"')
    return FALSE;
  for (j->p++; *j->p != '"'; j->p++)
    {
      if (*j->p == '\0' || (guchar) *j->p < 0x20)
        return FALSE;
      if (*j->p == '\\')
        {
          j->p++;
          if (strchr ("\"\\/bfnrtu", *j->p) == NULL || *j->p == '\0')
            return FALSE;
        }
    }
  j->p++;
  return TRUE;
}

static gboolean
json_number (Json *j)
{
  const char *start = j->p;

  if (*j->p == '-')
    j->p++;
  if (!g_ascii_isdigit (*j->p))
    return FALSE;
  while (g_ascii_isdigit (*j->p) || *j->p == '.' || *j->p == 'e' || *j->p == 'E'
         || ((*j->p == '+' || *j->p == '-') && (j->p[-1] == 'e' || j->p[-1] == 'E')))
    j->p++;
  return j->p > start;
}

static gboolean
json_container (Json *j, char open, char close, gboolean keyed)
{
  if (*j->p != open)
    return FALSE;
  j->p++;
  json_ws (j);
  if (*j->p == close)
    {
      j->p++;
      return TRUE;
    }
  for (;;)
    {
      json_ws (j);
      if (keyed)
        {
          if (!json_string (j))
            return FALSE;
          json_ws (j);
          if (*j->p++ != ':')
            return FALSE;
        }
      if (!json_value (j))
        return FALSE;
      json_ws (j);
      if (*j->p == ',')
        j->p++;
      else if (*j->p == close)
        {
          j->p++;
          return TRUE;
        }
      else
        return FALSE;
    }
}

static gboolean
json_value (Json *j)
{
  json_ws (j);
  switch (*j->p)
    {
    case '{':
      return json_container (j, '{', '}', TRUE);
    case '[':
      return json_container (j, '[', ']', FALSE);
    case '"':
      return json_string (j);
    case 't':
      return strncmp (j->p, "true", 4) == 0 && (j->p += 4);
    case 'f':
      return strncmp (j->p, "false", 5) == 0 && (j->p += 5);
    case 'n':
      return strncmp (j->p, "null", 4) == 0 && (j->p += 4);
    default:
      return json_number (j);
    }
}

static gboolean
json_valid (const char *text)
{
  Json j = { text };

  if (!json_value (&j))
    return FALSE;
  json_ws (&j);
  return *j.p == '\0';
}

/* The raw text of a key's value ("0.778", "null", "\"fashion\"", "[…]"); keys are unique
 * in our output, and "history" comes last, so the first match is the top-level one. */
static char *
json_raw (const char *json, const char *key)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\":", key);
  const char *at = strstr (json, needle);
  Json j;

  if (at == NULL)
    return NULL;
  j.p = at + strlen (needle);
  at = j.p;
  g_assert_true (json_value (&j));
  return g_strndup (at, j.p - at);
}

static double
json_double (const char *json, const char *key)
{
  g_autofree char *raw = json_raw (json, key);
  char *end = NULL;
  double v;

  if (raw == NULL)
    g_error ("no “%s” in %s", key, json);
  v = g_ascii_strtod (raw, &end);
  if (end == raw || *end != '\0')
    g_error ("“%s” is %s, not a number", key, raw);
  return v;
}

static void
assert_json_raw (const char *json, const char *key, const char *expected)
{
  g_autofree char *raw = json_raw (json, key);

  if (raw == NULL)
    g_error ("no “%s” in %s", key, json);
  g_assert_cmpstr (raw, ==, expected);
}

/* The last line of stdout. */
static char *
last_line (const char *out)
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = g_strv_length (lines);

  /* out ends with '\n', so the final element is empty. */
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (lines[n - 1], ==, "");
  return g_strdup (lines[n - 2]);
}

static void
test_json_checker (void)
{
  /* The checker itself must be able to fail. */
  g_assert_true (json_valid ("{\"a\":[1,2.5e-3,null],\"b\":{\"c\":\"x\\\"y\"},\"d\":true}"));
  g_assert_false (json_valid ("{\"a\":nan}"));
  g_assert_false (json_valid ("{\"a\":inf}"));
  g_assert_false (json_valid ("{\"a\":1,}"));
  g_assert_false (json_valid ("{\"a\":1} x"));
  g_assert_false (json_valid ("{\"a\" 1}"));
}

static void
test_help (void)
{
  g_auto (CliTestRun) r = { 0 };

  cli_test_run (&r, "train", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--dataset"));
  g_assert_nonnull (strstr (r.out, "--learning-rate"));
  g_assert_nonnull (strstr (r.out, "3 training diverged"));
}

static void
test_bad_options (void)
{
  const struct
  {
    const char *args[4];
    const char *says;
  } cases[] = {
    { { "--units", "abc" }, "--units expects a whole number, not “abc”" },
    { { "--units", "0" }, "--units must be a whole number from 1 to 4096" },
    { { "--units", "128,,64" }, "empty item" },
    { { "--units", "1,2,3,4,5,6,7,8,9" }, "at most 8" },
    { { "--units", "99999999999999999999999" }, "--units must be a whole number" },
    { { "--epochs", "-1" }, "--epochs expects a whole number, not “-1”" },
    { { "--epochs", "0" }, "--epochs must be a whole number from 1" },
    { { "--epochs", "1e9" }, "--epochs expects a whole number" },
    { { "--batch-size", "0" }, "--batch-size must be a whole number from 1" },
    { { "--batch-size", "4294967296" }, "--batch-size must be a whole number" },
    { { "--dropout", "1.5" }, "--dropout must be at least 0 and below 1" },
    { { "--dropout", "-0.1" }, "--dropout must be at least 0" },
    { { "--dropout", "nan" }, "--dropout expects a number" },
    { { "--dropout", "0.2,0.3" }, "2 rates for 1 hidden layers" },
    { { "--activation", "softmaxx" }, "unknown activation “softmaxx”" },
    { { "--units", "64,32", "--activation", "relu,tanh,elu" }, "3 names for 2 hidden layers" },
    { { "--dataset", "cifar10" }, "unknown dataset “cifar10”" },
    { { "--optimizer", "adagrad" }, "unknown optimizer “adagrad”" },
    { { "--learning-rate", "0" }, "--learning-rate must be above 0" },
    { { "--learning-rate", "abc" }, "--learning-rate expects a number" },
    { { "--learning-rate", "1e999" }, "--learning-rate expects a number" },
    { { "--momentum", "0.9" }, "--momentum applies to --optimizer sgd only" },
    { { "--optimizer", "sgd", "--momentum", "1" }, "--momentum must be at least 0 and below 1" },
    { { "--outputs", "0" }, "--outputs must be a whole number from 1" },
    { { "--seed", "-3" }, "--seed expects a whole number" },
    { { "--threads", "0" }, "--threads must be a whole number from 1 to 256" },
    { { "--train-limit", "-5" }, "--train-limit expects a whole number" },
    { { "--no-such-option" }, "Unknown option --no-such-option" },
    { { "--data-dir", "" }, "--data-dir needs a folder name" },
    { { "stray-argument" }, "unexpected argument “stray-argument”" },
    /* Absurd sizes are refused before any data is read, with the memory they would take. */
    { { "--units", "4096,4096,4096,4096,4096,4096,4096,4096" },
      "120725514 parameters: its weights, gradients and optimizer state would need 1842 MB" },
    { { "--batch-size", "1000000" }, "The batch size must be between 1 and 65536" },
    { { "--epochs", "1000000" }, "--epochs must be a whole number from 1 to 100000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (CliTestRun) r = { 0 };

      cli_test_run (&r, "train", cases[i].args[0], cases[i].args[1], cases[i].args[2],
                    cases[i].args[3], NULL);
      assert_usage_error (&r, cases[i].says);
    }
}

static void
test_label_range (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *dir = cli_test_subset_dir ();

  cli_test_run (&r, "train", "--data-dir", dir, "--outputs", "5", NULL);
  assert_usage_error (&r, NULL);
  g_assert_cmpstr (r.err, ==,
                   "neurona-cli: label value 9 is outside the valid range [0, 5). The output "
                   "layer needs at least 10 units for this dataset.\n");
}

static void
test_missing_data_dir (void)
{
  g_auto (CliTestRun) r = { 0 };
  const char *missing = "/nonexistent/neurona-data";

  cli_test_run (&r, "train", "--data-dir", missing, "--epochs", "1", NULL);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpuint (cli_test_count_lines (r.err), ==, 1);
  g_assert_nonnull (strstr (r.err, missing));
}

static void
test_broken_data_file (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("neurona-test-cli-XXXXXX", &error);
  g_autofree char *subset = cli_test_subset_dir ();
  const char *stems[4] = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                           "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };
  g_autofree char *broken = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *from = g_build_filename (subset, "fashion", stems[i], NULL);
      g_autofree char *to = g_build_filename (dir, stems[i], NULL);
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &data, &len, &error));
      /* The training images cut to a tenth: a truncated gzip stream. */
      if (i == 0)
        len /= 10;
      g_assert_true (g_file_set_contents (to, data, len, &error));
    }
  broken = g_build_filename (dir, stems[0], NULL);

  cli_test_run (&r, "train", "--data-dir", dir, "--epochs", "1", NULL);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpuint (cli_test_count_lines (r.err), ==, 1);
  g_assert_nonnull (strstr (r.err, broken));
  g_assert_nonnull (strstr (r.err, "corrupt gzip"));

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *to = g_build_filename (dir, stems[i], NULL);
      g_unlink (to);
    }
  g_rmdir (dir);
}

static void
test_short_run (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *dir = cli_test_subset_dir ();
  g_autofree char *json = NULL;
  g_autoptr (GRegex) progress = NULL;
  g_autoptr (GMatchInfo) match = NULL;
  guint n_progress = 0;
  double accuracy;

  cli_test_run (&r, "train", "--data-dir", dir, "--train-limit", "2000", "--test-limit", "500",
                "--epochs", "2", "--json", NULL);
  g_test_message ("stdout:\n%s\nstderr:\n%s", r.out, r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");

  /* What it used, the model, the epochs. */
  g_assert_nonnull (strstr (r.out, "Using Fashion-MNIST from the folder given with --data-dir"));
  g_assert_nonnull (strstr (r.out, "2,000 of 6,000 train / 500 of 1,000 test images"));
  g_assert_nonnull (strstr (r.out, "Total params: 101,770"));
  g_assert_nonnull (strstr (r.out, "\nEpoch 1/2\n"));
  g_assert_nonnull (strstr (r.out, "\nEpoch 2/2\n"));
  g_assert_nonnull (strstr (r.out, "\nTest accuracy: 0."));

  /* Not a terminal: exactly one progress line per epoch, Keras' format, no \r. */
  g_assert_null (strchr (r.out, '\r'));
  progress = g_regex_new ("^63/63 \\[={30}\\] - \\d+s \\d+(us|ms|s)/step - loss: \\d+\\.\\d{4} - "
                          "accuracy: [01]\\.\\d{4} - test_loss: \\d+\\.\\d{4} - "
                          "test_accuracy: [01]\\.\\d{4}$",
                          G_REGEX_MULTILINE, 0, NULL);
  g_regex_match (progress, r.out, 0, &match);
  while (g_match_info_matches (match))
    {
      n_progress++;
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (n_progress, ==, 2);

  /* The last line is the JSON. */
  json = last_line (r.out);
  g_test_message ("json: %s", json);
  g_assert_true (json_valid (json));
  assert_json_raw (json, "dataset", "\"fashion\"");
  assert_json_raw (json, "train_size", "2000");
  assert_json_raw (json, "test_size", "500");
  assert_json_raw (json, "params", "101770");
  assert_json_raw (json, "epochs", "2");
  assert_json_raw (json, "diverged", "false");
  assert_json_raw (json, "status", "\"completed\"");
  assert_json_raw (json, "data_source",
                   "\"the folder given with --data-dir or NEURONA_DATA_DIR\"");
  g_assert_cmpfloat (json_double (json, "seconds_per_epoch"), >, 0);
  g_assert_cmpfloat (json_double (json, "train_loss"), >, 0);
  g_assert_cmpfloat (json_double (json, "train_loss"), <, 1.5);
  g_assert_cmpfloat (json_double (json, "train_accuracy"), >, 0.5);
  g_assert_cmpfloat (json_double (json, "test_loss"), <, 1.5);
  /* Measured: 0.778 with seed 42 (0.73…0.78 over seeds 1–3); chance is 0.1. */
  accuracy = json_double (json, "test_accuracy");
  g_assert_cmpfloat (accuracy, >=, 0.70);
  g_assert_cmpfloat (accuracy, <=, 1.0);
  /* history: one entry per epoch, the last equal to the final result. */
  {
    const char *history = strstr (json, "\"history\":{");
    g_autofree char *accuracies = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *final = json_raw (json, "test_accuracy");

    g_assert_nonnull (history);
    accuracies = json_raw (history, "test_accuracy");
    g_assert_nonnull (accuracies);
    g_assert_true (accuracies[0] == '[');
    g_assert_nonnull (strchr (accuracies, ','));
    g_assert_null (strchr (strchr (accuracies, ',') + 1, ','));
    expected = g_strdup_printf (",%s]", final);
    g_assert_true (g_str_has_suffix (accuracies, expected));
  }
}

static void
test_mnist_quiet_deterministic (void)
{
  g_auto (CliTestRun) a = { 0 };
  g_auto (CliTestRun) b = { 0 };
  g_autofree char *dir = cli_test_subset_dir ();
  g_autofree char *loss_a = NULL;
  g_autofree char *loss_b = NULL;

  cli_test_run (&a, "train", "--dataset", "mnist", "--data-dir", dir, "--train-limit", "600",
                "--test-limit", "200", "--epochs", "1", "--dropout", "0.2", "--seed", "7", "--json",
                "--quiet", NULL);
  cli_test_run (&b, "train", "--dataset", "mnist", "--data-dir", dir, "--train-limit", "600",
                "--test-limit", "200", "--epochs", "1", "--dropout", "0.2", "--seed", "7", "--json",
                "--quiet", NULL);
  g_assert_cmpint (a.status, ==, 0);
  /* --quiet: the JSON is all of stdout. */
  g_assert_cmpuint (cli_test_count_lines (a.out), ==, 1);
  g_assert_true (json_valid (g_strchomp (a.out)));
  assert_json_raw (a.out, "dataset", "\"mnist\"");
  assert_json_raw (a.out, "train_size", "600");
  loss_a = json_raw (a.out, "train_loss");
  loss_b = json_raw (b.out, "train_loss");
  g_assert_cmpstr (loss_a, ==, loss_b);
}

static void
test_diverged (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *dir = cli_test_subset_dir ();
  g_autofree char *json = NULL;

  /* Unscaled pixels, a linear hidden layer and plain SGD at 1e6: the loss overflows within a
   * few steps. */
  cli_test_run (&r, "train", "--data-dir", dir, "--train-limit", "1000", "--test-limit", "100",
                "--activation", "linear", "--optimizer", "sgd", "--learning-rate", "1e6",
                "--no-normalize", "--epochs", "2", "--json", NULL);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpuint (cli_test_count_lines (r.err), ==, 1);
  g_assert_true (g_str_has_prefix (r.err, "neurona-cli: training diverged at epoch 1, step "));
  json = last_line (r.out);
  g_assert_true (json_valid (json));
  assert_json_raw (json, "diverged", "true");
  assert_json_raw (json, "status", "\"diverged\"");
  assert_json_raw (json, "diverged_epoch", "1");
  /* No epoch completed: NaN results are JSON nulls, not "nan". */
  assert_json_raw (json, "train_loss", "null");
  assert_json_raw (json, "test_accuracy", "null");
}

/* Ctrl-C in the middle of a run cancels it between batches: the process exits 130, says so
 * on stderr, and --json still ends with the epochs that were done. */
static void
test_interrupt (void)
{
  g_autofree char *dir = cli_test_subset_dir ();
  g_auto (GStrv) argv = cli_test_argv ("train", "--data-dir", dir, "--epochs", "1000", "--json",
                                       NULL);
  g_auto (GStrv) envp = cli_test_environ ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *err = NULL;
  g_autofree char *last = NULL;
  char line[65536];
  GPid pid;
  int out_fd, err_fd, wait_status;
  FILE *fp, *fe;
  gboolean interrupted = FALSE;
  char *nl;

  g_assert_true (g_spawn_async_with_pipes (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, &err_fd, &error));
  g_assert_no_error (error);
  fp = fdopen (out_fd, "r");
  fe = fdopen (err_fd, "r");
  while (fgets (line, sizeof line, fp) != NULL)
    {
      g_string_append (out, line);
      if (!interrupted && g_str_has_prefix (line, "Epoch 3/1000"))
        {
          kill (pid, SIGINT);
          interrupted = TRUE;
        }
    }
  fclose (fp);
  err = g_malloc0 (4096);
  (void) !fread (err, 1, 4095, fe);
  fclose (fe);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);

  g_assert_true (interrupted);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 130);
  g_assert_nonnull (strstr (err, "interrupted after "));
  g_assert_nonnull (strstr (err, " of 1000 epochs"));
  /* The last stdout line is the JSON object of a cancelled run with at least 2 epochs. */
  g_strchomp (out->str);
  nl = strrchr (out->str, '\n');
  last = g_strdup (nl != NULL ? nl + 1 : out->str);
  g_assert_true (g_str_has_prefix (last, "{"));
  g_assert_nonnull (strstr (last, "\"status\":\"cancelled\""));
  g_assert_null (strstr (last, "\"epochs_completed\":0,"));
  g_assert_null (strstr (last, "\"epochs_completed\":1,"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/json-checker", test_json_checker);
  g_test_add_func ("/cli/train/help", test_help);
  g_test_add_func ("/cli/train/bad-options", test_bad_options);
  g_test_add_func ("/cli/train/label-range", test_label_range);
  g_test_add_func ("/cli/train/missing-data-dir", test_missing_data_dir);
  g_test_add_func ("/cli/train/broken-data-file", test_broken_data_file);
  g_test_add_func ("/cli/train/short-run", test_short_run);
  g_test_add_func ("/cli/train/mnist-quiet-deterministic", test_mnist_quiet_deterministic);
  g_test_add_func ("/cli/train/diverged", test_diverged);
  g_test_add_func ("/cli/train/interrupt", test_interrupt);

  return g_test_run ();
}
