/* test-cli.c — `neurona-cli` and `neurona-cli train` as a user runs them: exit codes,
 * messages, output, JSON.
 *
 * The binary comes from $NEURONA_CLI (set by tests/meson.build). Runs read the committed
 * subset through --data-dir so they do not depend on what else the machine has. */
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "neurona/neurona.h"

#include "cli-test-util.h"
#include "kernels.h"

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
  /* --units none is a documented choice, not an accident of parsing. */
  g_assert_nonnull (strstr (r.out, "none: no hidden layer (a linear softmax classifier)"));
  g_assert_nonnull (strstr (r.out, "saved, or standard output could not be written"));
  /* Where the run goes, and how not to save it. */
  g_assert_nonnull (strstr (r.out, "--runs-dir=DIR"));
  g_assert_nonnull (strstr (r.out, "--no-save "));
  g_assert_nonnull (strstr (r.out, "$NEURONA_RUNS_DIR, else ~/.local/share/neurona/runs"));
}

/* The command line without a command, or with a wrong one: one line on stderr, status 2. */
static void
test_no_command (void)
{
  const struct
  {
    const char *argument; /* NULL: none at all */
    const char *says;
  } cases[] = {
    { NULL, "neurona-cli: missing command; try 'neurona-cli --help'\n" },
    { "foo", "neurona-cli: unknown command “foo”; the commands are train, code, evaluate, runs, sweep, fit, lessons\n" },
    { "--epochs", "neurona-cli: unknown option “--epochs” before the command; try 'neurona-cli "
                  "--help'\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (CliTestRun) r = { 0 };

      const char *args[] = { cases[i].argument, NULL };

      /* Through the helpers, which start it behind the emulator of a cross build too. */
      cli_test_run_argv (&r, NULL, args);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_cmpstr (r.err, ==, cases[i].says);
    }
}

static void
test_main_help (void)
{
  g_auto (CliTestRun) r = { 0 };

  cli_test_run (&r, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "  train "));
  g_assert_nonnull (strstr (r.out, "  fit "));
  g_assert_nonnull (strstr (r.out, "Exit status: 0 success; 1 "));
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
    /* 1e999 is a number, just far above the largest rate. */
    { { "--learning-rate", "1e999" },
      "--learning-rate must be above 0 and at most 1e6 (got 1e999)" },
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
    /* A limit of 0 would mean "all the images" to the core. */
    { { "--train-limit", "0" }, "--train-limit 0 would leave no images to train on; leave the "
                                "option out to use them all" },
    { { "--test-limit", "0" }, "--test-limit 0 would leave no images to test on" },
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
  assert_json_raw (json, "status", "\"finished\"");
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
                "--no-normalize", "--epochs", "2", "--json", "--no-save", NULL);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 3);
  /* The true reason: one batch's loss jumped (it did not become NaN), and the rate to try. */
  g_assert_true (g_regex_match_simple (
    "^neurona-cli: training diverged at epoch 1, step \\d: one batch's loss jumped to "
    "\\d\\.\\d+e\\+\\d+, more than 10,000 × the untrained model's \\d+(\\.\\d+)?; the learning "
    "rate 1000000 is too large for sgd — try --learning-rate 100000\n$",
    r.err, 0, 0));
  json = last_line (r.out);
  g_assert_true (json_valid (json));
  assert_json_raw (json, "diverged", "true");
  assert_json_raw (json, "status", "\"diverged\"");
  assert_json_raw (json, "diverged_epoch", "1");
  assert_json_raw (json, "divergence", "\"exploded\"");
  assert_json_raw (json, "run_dir", "null");
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
  g_assert_nonnull (strstr (last, "\"status\":\"stopped\""));
  g_assert_null (strstr (last, "\"epochs_completed\":0,"));
  g_assert_null (strstr (last, "\"epochs_completed\":1,"));
}


/* Settings the training keeps as 32-bit floats: the message names the float's range when
 * that is the reason, instead of "expects a number" or "(got 0)". */
static void
test_float_range (void)
{
  const struct
  {
    const char *args[4];
    const char *says;
  } cases[] = {
    { { "--learning-rate", "1e-320" },
      "--learning-rate 1e-320 is too close to 0 for the 32-bit floats training computes in (the "
      "smallest is about 1.2e-38); rates that train are about 1e-5 to 1 (Keras's default: 0.001)" },
    { { "--learning-rate", "1e-50" },
      "--learning-rate 1e-50 is too close to 0 for the 32-bit floats" },
    { { "--learning-rate", "1e-400" },
      "--learning-rate 1e-400 is too close to 0 for the 32-bit floats" },
    /* Negative: the sign is the reason, not the size. */
    { { "--learning-rate", "-1e-50" },
      "--learning-rate must be above 0 and at most 1e6 (got -1e-50)" },
    { { "--learning-rate", "-1e-400" }, "--learning-rate must be above 0" },
    { { "--dropout", "1e-50" }, "--dropout 1e-50 is too close to 0 for the 32-bit floats "
                                "training computes in (the smallest is about 1.2e-38); use 0 "
                                "for no dropout" },
    { { "--dropout", "0.99999999999" }, "--dropout 0.99999999999 rounds to 1 as a 32-bit float, "
                                        "and it must be below 1: the largest rate below 1 is "
                                        "0.99999994" },
    { { "--dropout", "-1e-400" }, "--dropout must be at least 0 and below 1 (got -1e-400)" },
    { { "--optimizer", "sgd", "--momentum", "1e-45" }, "--momentum 1e-45 is too close to 0 for "
                                                       "the 32-bit floats training computes in "
                                                       "(the smallest is about 1.2e-38); use 0 "
                                                       "for no momentum" },
    { { "--optimizer", "sgd", "--momentum", "0.999999999" }, "--momentum 0.999999999 rounds to 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (CliTestRun) r = { 0 };

      cli_test_run (&r, "train", cases[i].args[0], cases[i].args[1], cases[i].args[2],
                    cases[i].args[3], NULL);
      assert_usage_error (&r, cases[i].says);
    }
}

/* The largest float below 1 and the smallest normal float are accepted: the limits above
 * are the float's, not stricter. */
static void
test_float_range_edges (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *dir = cli_test_subset_dir ();

  cli_test_run (&r, "train", "--data-dir", dir, "--train-limit", "64", "--test-limit", "10",
                "--epochs", "1", "--dropout", "0.99999994", "--optimizer", "sgd", "--momentum",
                "0.99999994", "--learning-rate", "1.2e-38", "--json", "--quiet", NULL);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  assert_json_raw (r.out, "learning_rate", "1.2e-38");
}

static void
test_units_empty (void)
{
  const char *values[] = { "", "  " };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_auto (CliTestRun) r = { 0 };

      cli_test_run (&r, "train", "--units", values[i], NULL);
      assert_usage_error (&r, "--units needs the hidden layer sizes: --units 128, --units "
                              "256,128, or --units none for no hidden layer");
    }
}

/* --units none has no layer for --activation or --dropout to act on: refused, not ignored. */
static void
test_units_none_refuses_layer_options (void)
{
  g_auto (CliTestRun) a = { 0 };
  g_auto (CliTestRun) d = { 0 };

  cli_test_run (&a, "train", "--units", "none", "--activation", "tanh", NULL);
  assert_usage_error (&a, "--activation does nothing with --units none");
  cli_test_run (&d, "train", "--units", "none", "--dropout", "0.2", NULL);
  assert_usage_error (&d, "--dropout does nothing with --units none");
}

static void
test_units_none (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *dir = cli_test_subset_dir ();
  g_autofree char *json = NULL;

  cli_test_run (&r, "train", "--data-dir", dir, "--units", "none", "--train-limit", "500",
                "--test-limit", "100", "--epochs", "1", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* 784 × 10 weights + 10 biases: Dense(10) straight on the pixels. */
  g_assert_nonnull (strstr (r.out, "Total params: 7,850"));
  g_assert_null (strstr (r.out, "dense_1"));
  json = last_line (r.out);
  assert_json_raw (json, "units", "[]");
}

/* Results that cannot be written are a failure with the reason, not a silent success. */
static void
test_stdout_full (void)
{
  g_autofree char *dir = cli_test_subset_dir ();
  const char *modes[][2] = { { "--json", NULL }, { "--quiet", "--json" }, { NULL, NULL } };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_auto (CliTestRun) r = { 0 };

      cli_test_run_stdout (&r, CLI_TEST_STDOUT_DEV_FULL, "train", "--data-dir", dir,
                           "--train-limit", "200", "--test-limit", "50", "--epochs", "1",
                           modes[i][0], modes[i][1], NULL);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_cmpstr (r.err, ==,
                       "neurona-cli: cannot write to standard output: No space left on device\n");
    }
}

static void
test_stdout_closed (void)
{
  g_autofree char *dir = cli_test_subset_dir ();
  g_auto (CliTestRun) r = { 0 };
  g_auto (CliTestRun) quiet = { 0 };

  cli_test_run_stdout (&r, CLI_TEST_STDOUT_CLOSED, "train", "--data-dir", dir, "--train-limit",
                       "200", "--test-limit", "50", "--epochs", "1", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.err, ==,
                   "neurona-cli: cannot write to standard output: Bad file descriptor\n");

  /* --quiet writes nothing, so a closed stdout loses nothing. */
  cli_test_run_stdout (&quiet, CLI_TEST_STDOUT_CLOSED, "train", "--data-dir", dir,
                       "--train-limit", "200", "--test-limit", "50", "--epochs", "1", "--quiet",
                       NULL);
  g_assert_cmpint (quiet.status, ==, 0);
  g_assert_cmpstr (quiet.err, ==, "");
}

static void
test_help_stdout_full (void)
{
  const char *commands[] = { "train", "fit" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto (CliTestRun) r = { 0 };

      cli_test_run_stdout (&r, CLI_TEST_STDOUT_DEV_FULL, commands[i], "--help", NULL);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_cmpstr (r.err, ==,
                       "neurona-cli: cannot write to standard output: No space left on device\n");
    }
  {
    g_auto (CliTestRun) r = { 0 };

    cli_test_run_stdout (&r, CLI_TEST_STDOUT_DEV_FULL, "--help", NULL);
    g_assert_cmpint (r.status, ==, 1);
  }
}

/* `neurona-cli train | head -1`: when the reader goes away, the run ends at its next line
 * (SIGPIPE, as any filter; or status 1 saying so where SIGPIPE is ignored) instead of
 * training on. */
static void
test_reader_gone (void)
{
  g_autofree char *dir = cli_test_subset_dir ();
  g_auto (GStrv) argv = cli_test_argv ("train", "--data-dir", dir, "--epochs", "1000", NULL);
  g_auto (GStrv) envp = cli_test_environ ();
  g_autoptr (GError) error = NULL;
  char line[4096];
  char err[4096] = "";
  GPid pid;
  int out_fd, err_fd, wait_status;
  FILE *fp;
  ssize_t n;

  g_assert_true (g_spawn_async_with_pipes (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, &err_fd, &error));
  g_assert_no_error (error);
  fp = fdopen (out_fd, "r");
  g_assert_nonnull (fgets (line, sizeof line, fp));
  g_assert_true (g_str_has_prefix (line, "Using Fashion-MNIST"));
  fclose (fp);
  n = read (err_fd, err, sizeof err - 1);
  err[MAX (n, 0)] = '\0';
  close (err_fd);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);

  if (WIFSIGNALED (wait_status))
    g_assert_cmpint (WTERMSIG (wait_status), ==, SIGPIPE);
  else
    {
      g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
      g_assert_cmpstr (err, ==, "neurona-cli: cannot write to standard output: Broken pipe\n");
    }
}

/* ---- saved runs ---------------------------------------------------------------------- */

/* A document the CLI printed, parsed with json-glib (which refuses what is not valid JSON
 * or not UTF-8). */
static JsonObject *
parse_json_object (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
read_json_file (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return parse_json_object (text);
}

/* Runs `neurona-cli train` on the subset, small and quiet, saving into runs_dir, with extra
 * options (NULL-terminated) after the defaults; returns its --json summary. */
static JsonObject *
train_into (const char *runs_dir, const char *first_extra, ...)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *subset = cli_test_subset_dir ();
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  const char *defaults[] = { "train", "--data-dir", subset, "--train-limit", "600",
                             "--test-limit", "200", "--epochs", "1", "--json", "--quiet",
                             "--runs-dir", runs_dir };
  va_list extra;

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    g_ptr_array_add (args, (char *) defaults[i]);
  va_start (extra, first_extra);
  for (const char *a = first_extra; a != NULL; a = va_arg (extra, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (extra);
  g_ptr_array_add (args, NULL);

  cli_test_run_argv (&r, NULL, (const char *const *) args->pdata);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpuint (cli_test_count_lines (r.out), ==, 1);
  return parse_json_object (r.out);
}

static const char *
member_string (JsonObject *o, const char *member)
{
  g_assert_true (json_object_has_member (o, member));
  return json_object_get_string_member (o, member);
}

static double
member_double (JsonObject *o, const char *member)
{
  g_assert_true (json_object_has_member (o, member));
  return json_object_get_double_member (o, member);
}

static gint64
member_int (JsonObject *o, const char *member)
{
  g_assert_true (json_object_has_member (o, member));
  return json_object_get_int_member (o, member);
}

static gboolean
is_regular_file (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* train saves its run as the lab does: a folder named by its id, with run.json and the
 * weights, and --json says where. */
static void
test_train_saves_run (void)
{
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *runs = g_build_filename (tmp, "runs", NULL); /* made by train */
  g_autoptr (JsonObject) summary = train_into (runs, "--epochs", "2", NULL);
  const char *run_dir = member_string (summary, "run_dir");
  const char *id = member_string (summary, "run_id");
  g_autofree char *expected_dir = g_build_filename (runs, id, NULL);
  g_autofree char *json_path = g_build_filename (run_dir, "run.json", NULL);
  g_autofree char *model_path = g_build_filename (run_dir, "model.safetensors", NULL);
  g_autoptr (JsonObject) run = NULL;
  JsonArray *history;
  GStatBuf st;

  g_assert_cmpstr (run_dir, ==, expected_dir);
  g_assert_true (is_regular_file (json_path));
  g_assert_true (is_regular_file (model_path));
  /* 101,770 float32 parameters after the header. */
  g_assert_cmpint (g_stat (model_path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 101770 * 4);

  run = read_json_file (json_path);
  g_assert_cmpstr (member_string (run, "format"), ==, "neurona-run");
  g_assert_cmpstr (member_string (run, "id"), ==, id);
  g_assert_cmpstr (member_string (run, "status"), ==, "finished");
  g_assert_cmpstr (member_string (run, "weights"), ==, "model.safetensors");
  g_assert_cmpstr (member_string (run, "name"), ==, "128 relu · 2 epochs");
  g_assert_cmpint (member_int (run, "train_size"), ==, 600);
  g_assert_cmpint (member_int (run, "test_size"), ==, 200);
  /* The same figures as the summary: one set of books. */
  g_assert_cmpfloat (member_double (run, "test_accuracy"), ==,
                     member_double (summary, "test_accuracy"));
  history = json_object_get_array_member (run, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (history, 0),
                                                    "loss"),
                     ==,
                     json_array_get_double_element (
                       json_object_get_array_member (
                         json_object_get_object_member (summary, "history"), "train_loss"),
                       0));
  /* The provenance names the kernel path the run used. */
  g_assert_cmpstr (member_string (json_object_get_object_member (run, "provenance"), "kernels"),
                   ==, nr_kernels_describe ());

  cli_test_remove_tree (tmp);
}

/* Without --quiet the run says where it went; without --runs-dir it goes to
 * $NEURONA_RUNS_DIR. */
static void
test_train_default_runs_dir (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *subset = cli_test_subset_dir ();
  const char *args[] = { "train", "--data-dir", subset, "--train-limit", "300", "--test-limit",
                         "100", "--epochs", "1", NULL };
  g_autoptr (GDir) dir = NULL;
  g_autofree char *id = NULL;
  g_autofree char *run_dir = NULL;
  g_autofree char *line = NULL;

  cli_test_run_argv (&r, tmp, args);
  g_assert_cmpint (r.status, ==, 0);
  dir = g_dir_open (tmp, 0, NULL);
  g_assert_nonnull (dir);
  id = g_strdup (g_dir_read_name (dir));
  g_assert_nonnull (id);
  g_assert_null (g_dir_read_name (dir)); /* exactly one run */
  g_assert_true (g_regex_match_simple ("^\\d{8}-\\d{6}-[0-9a-f]{4}$", id, 0, 0));
  run_dir = g_build_filename (tmp, id, NULL);
  line = g_strdup_printf ("\nSaved as run %s in %s\n", id, run_dir);
  g_assert_nonnull (strstr (r.out, line));

  cli_test_remove_tree (tmp);
}

static void
test_train_no_save (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_auto (CliTestRun) both = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *runs = g_build_filename (tmp, "runs", NULL);
  g_autofree char *subset = cli_test_subset_dir ();
  const char *args[] = { "train", "--data-dir", subset, "--train-limit", "300", "--test-limit",
                         "100", "--epochs", "1", "--no-save", "--json", NULL };
  g_autofree char *json = NULL;
  g_autoptr (JsonObject) summary = NULL;

  cli_test_run_argv (&r, runs, args);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_false (g_file_test (runs, G_FILE_TEST_EXISTS)); /* not even the folder */
  g_assert_null (strstr (r.out, "Saved as"));
  json = last_line (r.out);
  summary = parse_json_object (json);
  g_assert_true (json_object_get_null_member (summary, "run_dir"));
  g_assert_true (json_object_get_null_member (summary, "run_id"));

  /* --runs-dir would be ignored: refused. */
  cli_test_run (&both, "train", "--no-save", "--runs-dir", runs, NULL);
  assert_usage_error (&both, "--runs-dir does nothing with --no-save");

  cli_test_remove_tree (tmp);
}

/* A runs folder whose name is not UTF-8 (a Latin-1 "é"): the run is saved there, and every
 * path printed (text and JSON) is valid UTF-8, the byte shown as U+FFFD. */
static void
test_train_runs_dir_not_utf8 (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_auto (CliTestRun) list = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *runs = g_build_filename (tmp, "runs-caf\xe9", NULL);
  g_autofree char *subset = cli_test_subset_dir ();
  g_autofree char *json = NULL;
  g_autofree char *on_disk = NULL;
  g_autofree char *shown = NULL;
  g_autoptr (JsonObject) summary = NULL;
  g_autoptr (JsonObject) listed = NULL;
  JsonObject *first;
  const char *run_dir;

  g_assert_false (g_utf8_validate (runs, -1, NULL));
  cli_test_run (&r, "train", "--data-dir", subset, "--train-limit", "300", "--test-limit", "100",
                "--epochs", "1", "--runs-dir", runs, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_utf8_validate (r.out, -1, NULL));
  json = last_line (r.out);
  summary = parse_json_object (json);
  run_dir = member_string (summary, "run_dir");
  g_assert_nonnull (strstr (run_dir, "/runs-caf\xef\xbf\xbd/")); /* U+FFFD */
  on_disk = g_build_filename (runs, member_string (summary, "run_id"), "run.json", NULL);
  g_assert_true (is_regular_file (on_disk));
  shown = g_filename_display_name (on_disk);
  g_assert_true (g_str_has_prefix (shown, run_dir));

  cli_test_run (&list, "runs", "list", "--runs-dir", runs, "--json", NULL);
  g_assert_cmpint (list.status, ==, 0);
  listed = parse_json_object (list.out);
  g_assert_nonnull (strstr (member_string (listed, "runs_dir"), "runs-caf\xef\xbf\xbd"));
  first = json_array_get_object_element (json_object_get_array_member (listed, "runs"), 0);
  g_assert_cmpstr (member_string (first, "dir"), ==, run_dir);

  cli_test_remove_tree (tmp);
}

/* A runs folder that cannot be made is refused before any training is spent. */
static void
test_train_runs_dir_unusable (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *file = g_build_filename (tmp, "a-file", NULL);
  g_autofree char *runs = g_build_filename (file, "runs", NULL);
  g_autofree char *subset = cli_test_subset_dir ();
  g_autofree char *expected = NULL;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  cli_test_run (&r, "train", "--data-dir", subset, "--epochs", "1", "--runs-dir", runs, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  expected = g_strdup_printf ("neurona-cli: cannot save runs in %s: Not a directory (choose "
                              "another folder with --runs-dir, or --no-save)\n",
                              runs);
  g_assert_cmpstr (r.err, ==, expected);

  cli_test_remove_tree (tmp);
}

static void
test_runs_list (void)
{
  g_auto (CliTestRun) empty = { 0 };
  g_auto (CliTestRun) text = { 0 };
  g_auto (CliTestRun) json = { 0 };
  g_auto (CliTestRun) broken = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *runs = g_build_filename (tmp, "runs", NULL);
  g_autofree char *expected_empty = g_strdup_printf ("No runs saved in %s\n", runs);
  g_autoptr (JsonObject) small = NULL;
  g_autoptr (JsonObject) tutorial = NULL;
  g_autoptr (JsonObject) listed = NULL;
  g_autoptr (JsonObject) listed_again = NULL;
  g_autofree char *bad_dir = NULL;
  g_autofree char *bad_json = NULL;
  JsonArray *all;
  g_auto (GStrv) lines = NULL;

  /* No folder yet: no runs, not an error. */
  cli_test_run (&empty, "runs", "list", "--runs-dir", runs, NULL);
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_cmpstr (empty.out, ==, expected_empty);

  small = train_into (runs, "--units", "64", NULL);
  tutorial = train_into (runs, NULL);

  cli_test_run (&text, "runs", "list", "--runs-dir", runs, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpstr (text.err, ==, "");
  lines = g_strsplit (text.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4); /* header, 2 runs, "" */
  g_assert_true (g_regex_match_simple ("^ID +Started +Dataset +Status +Epochs +Test acc\\. +Name$",
                                       lines[0], 0, 0));
  for (guint i = 1; i <= 2; i++)
    {
      JsonObject *run = i == 1 ? small : tutorial;
      g_autofree char *pattern = g_strdup_printf (
        "^%s  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  fashion +finished +1/1 +%.4f +%s$",
        member_string (run, "run_id"), member_double (run, "test_accuracy"),
        i == 1 ? "64 relu · 1 epoch" : "128 relu · 1 epoch");
      gboolean found = FALSE;

      for (guint l = 1; l <= 2; l++)
        found |= g_regex_match_simple (pattern, lines[l], 0, 0);
      if (!found)
        g_error ("no line matches %s in\n%s", pattern, text.out);
    }

  cli_test_run (&json, "runs", "list", "--runs-dir", runs, "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_cmpuint (cli_test_count_lines (json.out), ==, 1);
  listed = parse_json_object (json.out);
  g_assert_cmpstr (member_string (listed, "runs_dir"), ==, runs);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (listed, "errors")), ==, 0);
  all = json_object_get_array_member (listed, "runs");
  g_assert_cmpuint (json_array_get_length (all), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *entry = json_array_get_object_element (all, i);
      gboolean is_small =
        g_strcmp0 (member_string (entry, "id"), member_string (small, "run_id")) == 0;
      JsonObject *run = is_small ? small : tutorial;

      g_assert_cmpstr (member_string (entry, "dir"), ==, member_string (run, "run_dir"));
      g_assert_cmpstr (member_string (entry, "status"), ==, "finished");
      g_assert_cmpstr (member_string (entry, "dataset"), ==, "fashion");
      g_assert_cmpint (member_int (entry, "epochs_completed"), ==, 1);
      g_assert_cmpint (member_int (entry, "params"), ==, member_int (run, "params"));
      g_assert_cmpfloat (member_double (entry, "test_accuracy"), ==,
                         member_double (run, "test_accuracy"));
      g_assert_true (json_object_get_boolean_member (entry, "has_weights"));
    }
  g_assert_cmpstr (member_string (json_array_get_object_element (all, 0), "id"), !=,
                   member_string (json_array_get_object_element (all, 1), "id"));
  /* Newest first. */
  g_assert_cmpstr (member_string (json_array_get_object_element (all, 0), "start_time"), >=,
                   member_string (json_array_get_object_element (all, 1), "start_time"));

  /* A damaged run is named on stderr and in errors; the good ones are still listed. */
  bad_dir = g_build_filename (runs, "20200101-000000-dead", NULL);
  bad_json = g_build_filename (bad_dir, "run.json", NULL);
  g_assert_cmpint (g_mkdir (bad_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (bad_json, "{ not json", -1, NULL));
  cli_test_run (&broken, "runs", "list", "--runs-dir", runs, "--json", NULL);
  g_assert_cmpint (broken.status, ==, 0);
  g_assert_cmpuint (cli_test_count_lines (broken.err), ==, 1);
  g_assert_true (g_str_has_prefix (broken.err, "neurona-cli: warning: "));
  g_assert_nonnull (strstr (broken.err, bad_json));
  listed_again = parse_json_object (broken.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (listed_again, "runs")),
                    ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (listed_again, "errors")),
                    ==, 1);

  cli_test_remove_tree (tmp);
}

/* `runs show --json` of what: the run's id, or fails the test. */
static char *
show_id (const char *runs, const char *what)
{
  g_auto (CliTestRun) r = { 0 };
  g_autoptr (JsonObject) shown = NULL;

  cli_test_run (&r, "runs", "show", what, "--runs-dir", runs, "--json", NULL);
  g_test_message ("runs show %s: %s", what, r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  shown = parse_json_object (r.out);
  return g_strdup (member_string (shown, "id"));
}

/* RUN is a run's id, a unique start of it, its name, or its folder. */
static void
test_runs_show (void)
{
  g_auto (CliTestRun) text = { 0 };
  g_auto (CliTestRun) json = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *runs = g_build_filename (tmp, "runs", NULL);
  g_autoptr (JsonObject) a = train_into (runs, "--units", "64", NULL);
  g_autoptr (JsonObject) b = train_into (runs, "--epochs", "2", NULL);
  const char *id_a = member_string (a, "run_id");
  const char *id_b = member_string (b, "run_id");
  g_autofree char *prefix = NULL;
  g_autofree char *json_file = g_build_filename (member_string (a, "run_dir"), "run.json", NULL);
  g_autoptr (JsonObject) shown = NULL;
  gsize differ = 0;
  const struct
  {
    const char *what;
    const char *id;
  } cases[] = {
    { id_a, id_a },
    { id_b, id_b },
    { "64 relu · 1 epoch", id_a },
    { "128 relu · 2 epochs", id_b },
    { member_string (a, "run_dir"), id_a },
    { json_file, id_a },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = show_id (runs, cases[i].what);

      g_assert_cmpstr (id, ==, cases[i].id);
    }
  /* The shortest start of a's id that b's does not share. */
  while (id_a[differ] == id_b[differ])
    differ++;
  prefix = g_strndup (id_a, differ + 1);
  {
    g_autofree char *id = show_id (runs, prefix);

    g_assert_cmpstr (id, ==, id_a);
  }

  cli_test_run (&json, "runs", "show", id_b, "--runs-dir", runs, "--json", NULL);
  shown = parse_json_object (json.out);
  g_assert_cmpstr (member_string (shown, "dir"), ==, member_string (b, "run_dir"));
  g_assert_cmpstr (member_string (shown, "status"), ==, "finished");
  g_assert_cmpint (member_int (shown, "epochs"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (shown, "history")), ==, 2);
  g_assert_cmpfloat (member_double (shown, "test_accuracy"), ==,
                     member_double (b, "test_accuracy"));

  cli_test_run (&text, "runs", "show", id_b, "--runs-dir", runs, NULL);
  g_assert_cmpint (text.status, ==, 0);
  {
    g_autofree char *first = g_strdup_printf ("Run %s: 128 relu · 2 epochs\n", id_b);
    g_autofree char *folder = g_strdup_printf ("\nFolder:     %s\n", member_string (b, "run_dir"));
    g_autofree char *test = g_strdup_printf ("\nTest:       accuracy %.4f, loss %.4f\n",
                                             member_double (b, "test_accuracy"),
                                             member_double (b, "test_loss"));

    g_assert_true (g_str_has_prefix (text.out, first));
    g_assert_nonnull (strstr (text.out, folder));
    g_assert_nonnull (strstr (text.out, "\nStatus:     finished, 2 of 2 epochs\n"));
    g_assert_nonnull (
      strstr (text.out, "\nNetwork:    784 → 128 relu → 10 (101,770 parameters)\n"));
    g_assert_nonnull (strstr (text.out, test));
    g_assert_nonnull (strstr (text.out, "\nEpoch  Loss "));
    g_assert_true (g_regex_match_simple ("\n    2  \\d+\\.\\d{4} ", text.out, 0, 0));
  }

  cli_test_remove_tree (tmp);
}

/* A name two runs share: status 2, and the message lists both ids. */
static void
test_runs_show_ambiguous (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *runs = g_build_filename (tmp, "runs", NULL);
  g_autoptr (JsonObject) a = train_into (runs, NULL);
  g_autoptr (JsonObject) b = train_into (runs, NULL);

  cli_test_run (&r, "runs", "show", "128 relu · 1 epoch", "--runs-dir", runs, NULL);
  assert_usage_error (&r, "“128 relu · 1 epoch” names 2 runs (");
  g_assert_nonnull (strstr (r.err, member_string (a, "run_id")));
  g_assert_nonnull (strstr (r.err, member_string (b, "run_id")));
  g_assert_nonnull (strstr (r.err, "give the id of one"));

  cli_test_remove_tree (tmp);
}

/* A RUN that names nothing is a usage error (2); a run that is there but damaged is a
 * data error (1). */
static void
test_runs_show_unknown (void)
{
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *runs = g_build_filename (tmp, "runs", NULL);
  g_autofree char *not_a_run = g_build_filename (tmp, "holiday-photos", NULL);
  g_autofree char *damaged = g_build_filename (tmp, "damaged", NULL);
  g_autofree char *damaged_json = g_build_filename (damaged, "run.json", NULL);
  g_autoptr (JsonObject) a = train_into (runs, NULL);
  g_autofree char *says_unknown = g_strdup_printf ("no run “no-such-run” in %s (give a run's id, "
                                                   "its name, or its folder)",
                                                   runs);
  const struct
  {
    const char *what;
    const char *says;
  } unknown[] = {
    { "no-such-run", says_unknown },
    { "/nonexistent/neurona-run", "no run at /nonexistent/neurona-run: no such file or folder" },
    { not_a_run, "not a Neurona run (no run.json in it)" },
  };

  g_assert_cmpint (g_mkdir (not_a_run, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_auto (CliTestRun) r = { 0 };

      cli_test_run (&r, "runs", "show", unknown[i].what, "--runs-dir", runs, NULL);
      assert_usage_error (&r, unknown[i].says);
    }

  g_assert_cmpint (g_mkdir (damaged, 0755), ==, 0);
  g_assert_true (g_file_set_contents (damaged_json, "{\"format\": \"neurona-run\"", -1, NULL));
  {
    g_auto (CliTestRun) r = { 0 };

    cli_test_run (&r, "runs", "show", damaged, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_cmpstr (r.out, ==, "");
    g_assert_cmpuint (cli_test_count_lines (r.err), ==, 1);
    g_assert_nonnull (strstr (r.err, damaged_json));
  }
  {
    g_auto (CliTestRun) r = { 0 };

    cli_test_run (&r, "runs", "show", "--runs-dir", runs, NULL);
    assert_usage_error (&r, "runs show needs a RUN");
  }

  cli_test_remove_tree (tmp);
}

static void
test_runs_export (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_auto (CliTestRun) to_stdout = { 0 };
  g_auto (CliTestRun) full = { 0 };
  g_auto (CliTestRun) missing = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *runs = g_build_filename (tmp, "runs", NULL);
  g_autofree char *csv_path = g_build_filename (tmp, "history.csv", NULL);
  g_autoptr (JsonObject) summary = train_into (runs, "--epochs", "3", NULL);
  const char *id = member_string (summary, "run_id");
  g_autofree char *json_path = g_build_filename (member_string (summary, "run_dir"), "run.json",
                                                 NULL);
  g_autoptr (JsonObject) run = read_json_file (json_path);
  JsonArray *history = json_object_get_array_member (run, "history");
  g_autofree char *csv = NULL;
  g_auto (GStrv) lines = NULL;

  cli_test_run (&r, "runs", "export", id, "--runs-dir", runs, "--csv", csv_path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5); /* header, 3 epochs, "" */
  g_assert_cmpstr (lines[0], ==, "epoch,accuracy,loss,val_accuracy,val_loss");
  g_assert_cmpstr (lines[4], ==, "");
  for (guint e = 0; e < 3; e++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[e + 1], ",", -1);
      JsonObject *epoch = json_array_get_object_element (history, e);

      g_assert_cmpuint (g_strv_length (cells), ==, 5);
      g_assert_cmpint (g_ascii_strtoll (cells[0], NULL, 10), ==, e); /* Keras counts from 0 */
      g_assert_cmpfloat (g_ascii_strtod (cells[1], NULL), ==, member_double (epoch, "accuracy"));
      g_assert_cmpfloat (g_ascii_strtod (cells[2], NULL), ==, member_double (epoch, "loss"));
      g_assert_cmpfloat (g_ascii_strtod (cells[3], NULL), ==,
                         member_double (epoch, "test_accuracy"));
      g_assert_cmpfloat (g_ascii_strtod (cells[4], NULL), ==, member_double (epoch, "test_loss"));
    }

  cli_test_run (&to_stdout, "runs", "export", id, "--runs-dir", runs, "--csv", "-", NULL);
  g_assert_cmpint (to_stdout.status, ==, 0);
  g_assert_cmpstr (to_stdout.out, ==, csv);

  cli_test_run (&full, "runs", "export", id, "--runs-dir", runs, "--csv", "/dev/full", NULL);
  g_assert_cmpint (full.status, ==, 1);
  g_assert_cmpstr (full.err, ==, "neurona-cli: cannot write /dev/full: No space left on device\n");

  cli_test_run (&missing, "runs", "export", id, "--runs-dir", runs, NULL);
  assert_usage_error (&missing, "runs export needs --csv FILE");

  cli_test_remove_tree (tmp);
}

/* evaluate runs the saved weights through the same code the run was tested with: the same
 * figures (bit for bit, so far below 1e-6), and a confusion matrix that accounts for every
 * test image. */
static void
test_evaluate_matches_run (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_auto (CliTestRun) text = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *runs = g_build_filename (tmp, "runs", NULL);
  g_autofree char *subset = cli_test_subset_dir ();
  g_autoptr (JsonObject) summary = train_into (runs, "--epochs", "2", "--test-limit", "300",
                                               NULL);
  g_autoptr (JsonObject) e = NULL;
  JsonArray *confusion, *per_class;
  guint64 total = 0, diagonal = 0;

  cli_test_run (&r, "evaluate", member_string (summary, "run_dir"), "--data-dir", subset,
                "--json", NULL);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  e = parse_json_object (r.out);
  g_assert_cmpint (member_int (e, "test_size"), ==, 300);
  g_assert_cmpstr (member_string (e, "run_id"), ==, member_string (summary, "run_id"));
  g_assert_cmpfloat (fabs (member_double (e, "test_accuracy")
                           - member_double (summary, "test_accuracy")),
                     <, 1e-6);
  g_assert_cmpfloat (fabs (member_double (e, "test_loss") - member_double (summary, "test_loss")),
                     <, 1e-6);
  g_assert_cmpfloat (member_double (e, "run_test_accuracy"), ==,
                     member_double (summary, "test_accuracy"));

  confusion = json_object_get_array_member (e, "confusion");
  per_class = json_object_get_array_member (e, "per_class_accuracy");
  g_assert_cmpuint (json_array_get_length (confusion), ==, 10);
  g_assert_cmpuint (json_array_get_length (per_class), ==, 10);
  for (guint c = 0; c < 10; c++)
    {
      JsonArray *row = json_array_get_array_element (confusion, c);
      guint64 row_total = 0;

      g_assert_cmpuint (json_array_get_length (row), ==, 10);
      for (guint j = 0; j < 10; j++)
        row_total += (guint64) json_array_get_int_element (row, j);
      total += row_total;
      diagonal += (guint64) json_array_get_int_element (row, c);
      g_assert_cmpuint (row_total, >, 0); /* every class is in the first 300 */
      g_assert_cmpfloat (fabs (json_array_get_double_element (per_class, c)
                               - (double) json_array_get_int_element (row, c) / (double) row_total),
                         <, 1e-12);
    }
  g_assert_cmpuint (total, ==, 300);
  g_assert_cmpfloat ((double) diagonal / (double) total, ==, member_double (e, "test_accuracy"));

  /* By id, as text: the accuracy as train printed it. */
  cli_test_run (&text, "evaluate", member_string (summary, "run_id"), "--runs-dir", runs,
                "--data-dir", subset, NULL);
  g_assert_cmpint (text.status, ==, 0);
  {
    g_autofree char *accuracy = g_strdup_printf (
      "\nTest accuracy: %.4f (%" G_GUINT64_FORMAT " of 300)\n",
      member_double (summary, "test_accuracy"), diagonal);

    g_assert_nonnull (strstr (text.out, accuracy));
    g_assert_nonnull (strstr (text.out, "\nEvaluated on 300 of 1,000 Fashion-MNIST test images"));
    g_assert_nonnull (
      strstr (text.out, "\nConfusion matrix (rows: true class, columns: predicted):\n"));
  }

  cli_test_remove_tree (tmp);
}

/* A model file that is cut short, garbage, of another network, empty or gone: status 1,
 * one line naming the file. */
static void
test_evaluate_bad_model (void)
{
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *runs = g_build_filename (tmp, "runs", NULL);
  g_autofree char *other_runs = g_build_filename (tmp, "other", NULL);
  g_autofree char *subset = cli_test_subset_dir ();
  g_autoptr (JsonObject) summary = train_into (runs, NULL);
  g_autoptr (JsonObject) other = train_into (other_runs, "--units", "32", NULL);
  g_autofree char *model = g_build_filename (member_string (summary, "run_dir"),
                                             "model.safetensors", NULL);
  g_autofree char *other_model = g_build_filename (member_string (other, "run_dir"),
                                                   "model.safetensors", NULL);
  g_autofree char *good = NULL;
  g_autofree char *wrong_shape = NULL;
  g_autofree char *garbage = NULL;
  gsize good_len, wrong_len;
  const struct
  {
    const char *what;
    gsize len; /* G_MAXSIZE: remove the file */
    const char *says;
  } cases[] = {
    { "truncated", 0, "" },
    { "garbage", 0, "" },
    { "wrong shape", 0, "tensor “dense_0.weight” has shape" },
    { "empty", 0, "truncated" },
    { "missing", G_MAXSIZE, "No such file or directory" },
  };

  g_assert_true (g_file_get_contents (model, &good, &good_len, NULL));
  g_assert_true (g_file_get_contents (other_model, &wrong_shape, &wrong_len, NULL));
  garbage = g_malloc (good_len);
  for (gsize i = 0; i < good_len; i++)
    garbage[i] = (char) (i * 2654435761u >> 13);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (CliTestRun) r = { 0 };

      switch (i)
        {
        case 0:
          g_assert_true (g_file_set_contents (model, good, good_len / 2, NULL));
          break;
        case 1:
          g_assert_true (g_file_set_contents (model, garbage, good_len, NULL));
          break;
        case 2:
          g_assert_true (g_file_set_contents (model, wrong_shape, wrong_len, NULL));
          break;
        case 3:
          g_assert_true (g_file_set_contents (model, "", 0, NULL));
          break;
        default:
          g_assert_cmpint (g_unlink (model), ==, 0);
          break;
        }
      cli_test_run (&r, "evaluate", member_string (summary, "run_dir"), "--data-dir", subset, NULL);
      g_test_message ("%s: %s", cases[i].what, r.err);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_cmpuint (cli_test_count_lines (r.err), ==, 1);
      g_assert_true (g_str_has_prefix (r.err, "neurona-cli: cannot evaluate: "));
      g_assert_nonnull (strstr (r.err, model));
      g_assert_nonnull (strstr (r.err, cases[i].says));
    }

  /* The good file back: it evaluates again. */
  {
    g_auto (CliTestRun) r = { 0 };

    g_assert_true (g_file_set_contents (model, good, good_len, NULL));
    cli_test_run (&r, "evaluate", member_string (summary, "run_dir"), "--data-dir", subset, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }

  cli_test_remove_tree (tmp);
}

/* A Neurona 0.1 run kept settings and history, no weights: listed and shown, but evaluate
 * says why it cannot (status 1). */
static void
test_evaluate_legacy_run (void)
{
  g_auto (CliTestRun) by_path = { 0 };
  g_auto (CliTestRun) by_id = { 0 };
  g_auto (CliTestRun) shown = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *legacy = g_test_build_filename (G_TEST_DIST, "data", "legacy-0.1.run", NULL);
  g_autofree char *copy = g_build_filename (tmp, "legacy-0.1.run", NULL);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (legacy, &data, &len, NULL));
  g_assert_true (g_file_set_contents (copy, data, len, NULL));

  cli_test_run (&by_path, "evaluate", copy, NULL);
  g_assert_cmpint (by_path.status, ==, 1);
  g_assert_cmpstr (by_path.err, ==,
                   "neurona-cli: cannot evaluate: Run “la red de Ana · 4 épocas” has no saved "
                   "weights (it was saved by Neurona 0.1, which kept only settings and "
                   "history).\n");
  cli_test_run (&by_id, "evaluate", "legacy-0.1", "--runs-dir", tmp, NULL);
  g_assert_cmpint (by_id.status, ==, 1);
  g_assert_cmpstr (by_id.err, ==, by_path.err);

  cli_test_run (&shown, "runs", "show", "la red de Ana · 4 épocas", "--runs-dir", tmp, NULL);
  g_assert_cmpint (shown.status, ==, 0);
  g_assert_true (g_str_has_prefix (shown.out, "Run legacy-0.1: la red de Ana · 4 épocas\n"));
  g_assert_nonnull (strstr (shown.out, "\nWeights:    none (Neurona 0.1 kept only settings and "
                                       "history)\n"));
  g_assert_nonnull (strstr (shown.out, "\nStatus:     stopped after 3 of 4 epochs\n"));

  cli_test_remove_tree (tmp);
}

/* --kernels runs train and evaluate on the path named, which the run's provenance records;
 * a path this CPU or build cannot run is refused, not quietly replaced. */
static void
test_kernels (void)
{
  const NrKernelPath paths[] = { NR_KERNELS_LOOPS, NR_KERNELS_OPENBLAS, NR_KERNELS_AVX2,
                                 NR_KERNELS_AVX512 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *subset = cli_test_subset_dir ();
  g_auto (CliTestRun) unknown = { 0 };

  cli_test_run (&unknown, "train", "--kernels", "avx9", NULL);
  assert_usage_error (&unknown, "--kernels: unknown path “avx9” (choose loops, openblas, avx2 or "
                                "avx512)");

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      const char *name = nr_kernels_path_name (paths[i]);
      g_autofree char *runs = g_build_filename (tmp, name, NULL);

      if (nr_kernels_supported (paths[i]))
        {
          g_auto (CliTestRun) r = { 0 };
          g_autoptr (JsonObject) summary = train_into (runs, "--kernels", name, NULL);
          g_autofree char *json_path = g_build_filename (member_string (summary, "run_dir"),
                                                         "run.json", NULL);
          g_autoptr (JsonObject) run = read_json_file (json_path);
          g_autoptr (JsonObject) e = NULL;

          g_assert_cmpstr (member_string (json_object_get_object_member (run, "provenance"),
                                          "kernels"),
                           ==, name);
          cli_test_run (&r, "evaluate", member_string (summary, "run_dir"), "--data-dir", subset,
                        "--kernels", name, "--json", NULL);
          g_assert_cmpint (r.status, ==, 0);
          e = parse_json_object (r.out);
          g_assert_cmpstr (member_string (e, "kernels"), ==, name);
          g_assert_cmpfloat (fabs (member_double (e, "test_loss")
                                   - member_double (summary, "test_loss")),
                             <, 1e-6);
        }
      else
        {
          g_auto (CliTestRun) train = { 0 };
          g_auto (CliTestRun) evaluate = { 0 };
          g_autofree char *says = g_strdup_printf ("--kernels %s cannot run here: ", name);

          g_test_message ("%s: not supported here", name);
          cli_test_run (&train, "train", "--kernels", name, NULL);
          assert_usage_error (&train, says);
          cli_test_run (&evaluate, "evaluate", "any", "--kernels", name, NULL);
          assert_usage_error (&evaluate, says);
        }
    }

  cli_test_remove_tree (tmp);
}

static void
test_kernels_help (void)
{
  const char *commands[] = { "train", "evaluate" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto (CliTestRun) r = { 0 };
      g_autofree char *runs = NULL;

      cli_test_run (&r, commands[i], "--help", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "--kernels=PATH"));
      g_assert_nonnull (strstr (r.out, "\n  loops     plain C loops"));
      g_assert_nonnull (strstr (r.out, "\n  openblas  the matrix products through OpenBLAS"));
      g_assert_nonnull (strstr (r.out, "\n  avx2      hand-written AVX2 + FMA\n"));
      g_assert_nonnull (strstr (r.out, "\n  avx512    hand-written AVX-512\n"));
      runs = g_strdup_printf ("\nThis machine runs loops%s%s%s; the default is %s.\n",
                              nr_kernels_supported (NR_KERNELS_OPENBLAS) ? ", openblas" : "",
                              nr_kernels_supported (NR_KERNELS_AVX2) ? ", avx2" : "",
                              nr_kernels_supported (NR_KERNELS_AVX512) ? ", avx512" : "",
                              nr_kernels_describe ());
      g_assert_nonnull (strstr (r.out, runs));
    }
}

/* The tutorial's model at Adam's learning rate 1: the running loss runs away within the
 * first epoch. The run stops (status 3), says why and which rate to try, and is saved as
 * diverged. */
static void
test_diverged_exploded (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *subset = cli_test_subset_dir ();
  g_autoptr (GRegex) message = g_regex_new (
    "^neurona-cli: training diverged at epoch 1, step (\\d+): the loss grew to ([0-9.e+]+), "
    "more than 10 × the untrained model's ([0-9.]+); the learning rate 1 is too large for adam "
    "— try --learning-rate 0\\.1\n$",
    0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autofree char *json = NULL;
  g_autofree char *step = NULL;
  g_autofree char *loss = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *json_path = NULL;
  g_autoptr (JsonObject) summary = NULL;
  g_autoptr (JsonObject) run = NULL;
  JsonObject *diverged;

  cli_test_run (&r, "train", "--data-dir", subset, "--train-limit", "2000", "--test-limit", "200",
                "--learning-rate", "1", "--epochs", "2", "--runs-dir", tmp, "--json", NULL);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_true (g_regex_match (message, r.err, 0, &match));
  step = g_match_info_fetch (match, 1);
  loss = g_match_info_fetch (match, 2);
  reference = g_match_info_fetch (match, 3);

  json = last_line (r.out);
  summary = parse_json_object (json);
  g_assert_cmpstr (member_string (summary, "status"), ==, "diverged");
  g_assert_cmpstr (member_string (summary, "divergence"), ==, "exploded-running");
  g_assert_cmpint (member_int (summary, "diverged_step"), ==, g_ascii_strtoll (step, NULL, 10));
  g_assert_cmpint (member_int (summary, "diverged_step"), >=, 20); /* the running check's start */
  g_assert_cmpfloat (member_double (summary, "diverged_loss"), >,
                     10 * member_double (summary, "reference_loss"));
  g_assert_cmpfloat (member_double (summary, "reference_loss"), >=, log (10.0) - 1e-12);
  {
    g_autofree char *printed_loss = g_strdup_printf ("%.4g", member_double (summary,
                                                                            "diverged_loss"));
    g_autofree char *printed_reference = g_strdup_printf ("%.4g", member_double (summary,
                                                                                 "reference_loss"));

    g_assert_cmpstr (loss, ==, printed_loss);
    g_assert_cmpstr (reference, ==, printed_reference);
  }
  g_assert_cmpfloat (member_double (summary, "suggested_learning_rate"), ==, 0.1);

  /* Saved anyway, as diverged, with where and why. */
  json_path = g_build_filename (member_string (summary, "run_dir"), "run.json", NULL);
  run = read_json_file (json_path);
  g_assert_cmpstr (member_string (run, "status"), ==, "diverged");
  diverged = json_object_get_object_member (run, "diverged");
  g_assert_cmpint (member_int (diverged, "epoch"), ==, 1);
  g_assert_cmpint (member_int (diverged, "step"), ==, member_int (summary, "diverged_step"));
  g_assert_cmpstr (member_string (diverged, "reason"), ==, "exploded-running");
  g_assert_cmpfloat (member_double (diverged, "loss"), ==,
                     member_double (summary, "diverged_loss"));

  cli_test_remove_tree (tmp);
}

/* Plain SGD at rate 1 kills the ReLU units: every epoch ends at chance. Training goes on
 * (status 0) with one warning line while it is stuck, and the run records it. */
static void
test_at_chance (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *subset = cli_test_subset_dir ();
  g_autofree char *json = NULL;
  g_autofree char *json_path = NULL;
  g_autoptr (JsonObject) summary = NULL;
  g_autoptr (JsonObject) run = NULL;

  cli_test_run (&r, "train", "--data-dir", subset, "--train-limit", "2000", "--test-limit", "500",
                "--optimizer", "sgd", "--learning-rate", "1", "--epochs", "2", "--runs-dir", tmp,
                "--json", NULL);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_regex_match_simple (
    "^neurona-cli: warning: epoch 1 ended at chance accuracy \\(\\d{1,2}\\.\\d %\\): the network "
    "is not learning; with relu a large learning rate kills the units — try --learning-rate "
    "0\\.1\n$",
    r.err, 0, 0));
  json = last_line (r.out);
  summary = parse_json_object (json);
  g_assert_cmpint (member_int (summary, "epochs_at_chance"), ==, 2);
  g_assert_cmpfloat (member_double (summary, "test_accuracy"), <=, 0.15);
  json_path = g_build_filename (member_string (summary, "run_dir"), "run.json", NULL);
  run = read_json_file (json_path);
  g_assert_cmpstr (member_string (run, "status"), ==, "finished");
  g_assert_cmpint (member_int (run, "epochs_at_chance"), ==, 2);

  cli_test_remove_tree (tmp);
}

/* A loss in the millions is printed in e-notation, not as 31 digits. Unscaled pixels and a
 * linear layer at SGD 9e-4: ten steps stay below the divergence checks (too few for the
 * running one), but the last update sends the test loss to about 2e6. */
static void
test_huge_loss_readable (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *subset = cli_test_subset_dir ();

  cli_test_run (&r, "train", "--data-dir", subset, "--no-normalize", "--activation", "linear",
                "--optimizer", "sgd", "--learning-rate", "9e-4", "--train-limit", "320",
                "--test-limit", "100", "--epochs", "1", "--no-save", NULL);
  g_test_message ("stdout: %s", r.out);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^10/10 \\[=+\\] .* - loss: \\d{1,6}\\.\\d{4} - accuracy: "
                                       "0\\.\\d{4} - test_loss: \\d\\.\\d{4}e\\+0[6-9] - "
                                       "test_accuracy: 0\\.\\d{4}$",
                                       r.out, G_REGEX_MULTILINE, 0));
}

static void
test_runs_command (void)
{
  g_auto (CliTestRun) help = { 0 };
  g_auto (CliTestRun) none = { 0 };
  g_auto (CliTestRun) unknown = { 0 };
  g_auto (CliTestRun) evaluate = { 0 };

  cli_test_run (&help, "runs", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "\n  list "));
  g_assert_nonnull (strstr (help.out, "\n  show RUN "));
  g_assert_nonnull (strstr (help.out, "\n  export RUN --csv FILE\n"));
  cli_test_run (&none, "runs", NULL);
  assert_usage_error (&none, "runs needs a subcommand: list, show or export");
  cli_test_run (&unknown, "runs", "delete", NULL);
  assert_usage_error (&unknown, "unknown runs subcommand “delete”");
  cli_test_run (&evaluate, "evaluate", NULL);
  assert_usage_error (&evaluate, "evaluate needs a RUN");
}

/* Test files other than those the run was tested on (here the subset's training files in
 * their place): evaluated all the same, with a warning that the figures will differ. */
static void
test_evaluate_other_data (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autofree char *tmp = cli_test_make_tmp_dir ();
  g_autofree char *runs = g_build_filename (tmp, "runs", NULL);
  g_autofree char *data = g_build_filename (tmp, "data", NULL);
  g_autofree char *subset = cli_test_subset_dir ();
  g_autoptr (JsonObject) summary = train_into (runs, NULL);
  g_autoptr (JsonObject) e = NULL;
  const char *files[][2] = {
    { "train-images-idx3-ubyte.gz", "train-images-idx3-ubyte.gz" },
    { "train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz" },
    { "train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz" },
    { "train-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte.gz" },
  };

  g_assert_cmpint (g_mkdir (data, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (subset, "fashion", files[i][0], NULL);
      g_autofree char *to = g_build_filename (data, files[i][1], NULL);
      g_autofree char *bytes = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &bytes, &len, NULL));
      g_assert_true (g_file_set_contents (to, bytes, len, NULL));
    }
  cli_test_run (&r, "evaluate", member_string (summary, "run_dir"), "--data-dir", data, "--json",
                NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==,
                   "neurona-cli: warning: these test files are not the ones the run was tested "
                   "on (their SHA-256 differ): the figures will differ from the run's\n");
  e = parse_json_object (r.out);
  g_assert_cmpint (member_int (e, "test_size"), ==, 200); /* still the run's first 200 */
  g_assert_cmpfloat (member_double (e, "test_accuracy"), !=,
                     member_double (summary, "test_accuracy"));

  cli_test_remove_tree (tmp);
}

int
main (int argc, char **argv)
{
  g_autofree char *runs_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* The runs that tests without --runs-dir save go to a folder of this program's own,
   * removed at the end: not the user's, and not the one the UI suites (which may run at
   * the same time) read through tests/meson.build's NEURONA_RUNS_DIR. */
  runs_dir = cli_test_make_tmp_dir ();
  g_setenv ("NEURONA_RUNS_DIR", runs_dir, TRUE);

  g_test_add_func ("/cli/json-checker", test_json_checker);
  g_test_add_func ("/cli/no-command", test_no_command);
  g_test_add_func ("/cli/help", test_main_help);
  g_test_add_func ("/cli/help-stdout-full", test_help_stdout_full);
  g_test_add_func ("/cli/train/help", test_help);
  g_test_add_func ("/cli/train/bad-options", test_bad_options);
  g_test_add_func ("/cli/train/label-range", test_label_range);
  g_test_add_func ("/cli/train/missing-data-dir", test_missing_data_dir);
  g_test_add_func ("/cli/train/broken-data-file", test_broken_data_file);
  g_test_add_func ("/cli/train/short-run", test_short_run);
  g_test_add_func ("/cli/train/mnist-quiet-deterministic", test_mnist_quiet_deterministic);
  g_test_add_func ("/cli/train/diverged", test_diverged);
  g_test_add_func ("/cli/train/interrupt", test_interrupt);
  g_test_add_func ("/cli/train/float-range", test_float_range);
  g_test_add_func ("/cli/train/float-range-edges", test_float_range_edges);
  g_test_add_func ("/cli/train/units-empty", test_units_empty);
  g_test_add_func ("/cli/train/units-none-refuses-layer-options",
                   test_units_none_refuses_layer_options);
  g_test_add_func ("/cli/train/units-none", test_units_none);
  g_test_add_func ("/cli/train/stdout-full", test_stdout_full);
  g_test_add_func ("/cli/train/stdout-closed", test_stdout_closed);
  g_test_add_func ("/cli/train/reader-gone", test_reader_gone);
  g_test_add_func ("/cli/train/saves-run", test_train_saves_run);
  g_test_add_func ("/cli/train/default-runs-dir", test_train_default_runs_dir);
  g_test_add_func ("/cli/train/no-save", test_train_no_save);
  g_test_add_func ("/cli/train/runs-dir-not-utf8", test_train_runs_dir_not_utf8);
  g_test_add_func ("/cli/train/runs-dir-unusable", test_train_runs_dir_unusable);
  g_test_add_func ("/cli/train/diverged-exploded", test_diverged_exploded);
  g_test_add_func ("/cli/train/at-chance", test_at_chance);
  g_test_add_func ("/cli/train/huge-loss-readable", test_huge_loss_readable);
  g_test_add_func ("/cli/kernels", test_kernels);
  g_test_add_func ("/cli/kernels-help", test_kernels_help);
  g_test_add_func ("/cli/runs/command", test_runs_command);
  g_test_add_func ("/cli/runs/list", test_runs_list);
  g_test_add_func ("/cli/runs/show", test_runs_show);
  g_test_add_func ("/cli/runs/show-ambiguous", test_runs_show_ambiguous);
  g_test_add_func ("/cli/runs/show-unknown", test_runs_show_unknown);
  g_test_add_func ("/cli/runs/export", test_runs_export);
  g_test_add_func ("/cli/evaluate/matches-run", test_evaluate_matches_run);
  g_test_add_func ("/cli/evaluate/bad-model", test_evaluate_bad_model);
  g_test_add_func ("/cli/evaluate/legacy-run", test_evaluate_legacy_run);
  g_test_add_func ("/cli/evaluate/other-data", test_evaluate_other_data);

  status = g_test_run ();
  cli_test_remove_tree (runs_dir);
  return status;
}
