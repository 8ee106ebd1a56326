/* test-lesson.c — lesson files: the shipped ones validate and reproduce their steps on the
 * committed subset; broken ones are refused with their line; neurona-cli lessons check. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli-test-util.h"
#include "neurona/neurona.h"

static char *
shipped (const char *language)
{
  g_autofree char *name = g_strdup_printf ("tutorial.%s.json", language);
  g_autofree char *dir = nr_lessons_dir ();

  return g_build_filename (dir, name, NULL);
}

/* Both shipped lessons read, with the tutorial's ten steps and their kinds. */
static void
test_shipped_validate (void)
{
  g_autoptr (GPtrArray) files = nr_lessons_list_shipped ();

  g_assert_cmpuint (files->len, >=, 2);
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (NrLesson) lesson = nr_lesson_load (files->pdata[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (lesson->steps->len, ==, 12);
    }
}

/* The English and the Spanish lessons are the same lesson: step for step the same kind,
 * state, settings and numbers; only the words differ. */
static void
test_languages_agree (void)
{
  g_autofree char *en_path = shipped ("en");
  g_autofree char *es_path = shipped ("es");
  g_autoptr (NrLesson) en = nr_lesson_load (en_path, NULL);
  g_autoptr (NrLesson) es = nr_lesson_load (es_path, NULL);

  g_assert_nonnull (en);
  g_assert_nonnull (es);
  g_assert_cmpstr (en->language, ==, "en");
  g_assert_cmpstr (es->language, ==, "es");
  g_assert_cmpuint (en->steps->len, ==, es->steps->len);
  for (guint i = 0; i < en->steps->len; i++)
    {
      const NrLessonStep *a = en->steps->pdata[i], *b = es->steps->pdata[i];

      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpstr (a->page, ==, b->page);
      g_assert_cmpstr (a->view, ==, b->view);
      g_assert_cmpint (a->has_dataset, ==, b->has_dataset);
      g_assert_cmpint (a->dataset, ==, b->dataset);
      g_assert_cmpint (a->image, ==, b->image);
      g_assert_cmpuint (a->rows, ==, b->rows);
      g_assert_cmpuint (a->columns, ==, b->columns);
      g_assert_cmpuint (a->images, ==, b->images);
      g_assert_cmpint (a->has_config, ==, b->has_config);
      if (a->has_config)
        g_assert_true (nr_sweep_config_equal (&a->config, &b->config));
      g_assert_cmpint (a->metric, ==, b->metric);
      g_assert_true (isnan (a->tutorial) ? isnan (b->tutorial) : a->tutorial == b->tutorial);
      g_assert_true (isnan (a->expect_min) ? isnan (b->expect_min)
                                           : a->expect_min == b->expect_min
                                               && a->expect_max == b->expect_max);
      g_assert_cmpstr (a->refusal, ==, b->refusal);
      g_assert_cmpstr (a->title, !=, b->title);
    }
}

/* The steps are the tutorial's: its settings as it ran them, its numbers beside them. */
static void
test_shipped_steps (void)
{
  g_autofree char *path = shipped ("en");
  g_autoptr (NrLesson) lesson = nr_lesson_load (path, NULL);
  const NrLessonStep *s;

  g_assert_nonnull (lesson);
  /* 1: MNIST, the untrained model's outputs for training image 0, Dropout 0.2. */
  s = lesson->steps->pdata[0];
  g_assert_cmpint (s->kind, ==, NR_LESSON_STEP_TRAIN);
  g_assert_cmpint (s->dataset, ==, NR_DATASET_MNIST);
  g_assert_cmpstr (s->page, ==, "understand");
  g_assert_cmpstr (s->view, ==, "outputs");
  g_assert_false (s->test_split);
  g_assert_cmpint (s->image, ==, 0);
  g_assert_cmpfloat (s->config.model.hidden[0].dropout, ==, 0.2f);
  /* 2: image 0 in viridis. */
  s = lesson->steps->pdata[1];
  g_assert_cmpint (s->kind, ==, NR_LESSON_STEP_LOOK);
  g_assert_true (s->has_colormap);
  g_assert_cmpint (s->colormap, ==, NR_COLORMAP_VIRIDIS);
  /* 4: the tutorial's 25 images in a 2 × 5 grid. */
  s = lesson->steps->pdata[3];
  g_assert_cmpuint (s->rows, ==, 2);
  g_assert_cmpuint (s->columns, ==, 5);
  g_assert_cmpuint (s->images, ==, 25);
  /* 5: 128 units, 10 epochs, scaled: 0.8798. */
  s = lesson->steps->pdata[4];
  g_assert_cmpuint (s->config.model.hidden[0].units, ==, 128);
  g_assert_cmpuint (s->config.epochs, ==, 10);
  g_assert_true (s->config.normalize);
  g_assert_cmpfloat (s->tutorial, ==, 0.8798);
  /* 6: 28 units unscaled, as the tutorial ran it: 0.7230. */
  s = lesson->steps->pdata[5];
  g_assert_cmpuint (s->config.model.hidden[0].units, ==, 28);
  g_assert_false (s->config.normalize);
  g_assert_cmpfloat (s->tutorial, ==, 0.7230);
  /* 8: 5 outputs, refused with the tutorial's message. */
  s = lesson->steps->pdata[7];
  g_assert_cmpint (s->kind, ==, NR_LESSON_STEP_REFUSED);
  g_assert_cmpuint (s->config.model.outputs, ==, 5);
  g_assert_cmpstr (s->refusal, ==, "label value 9 is outside the valid range [0, 5)");
  /* 9: 15 outputs, 15 epochs, unscaled: 0.6418. */
  s = lesson->steps->pdata[8];
  g_assert_cmpuint (s->config.model.outputs, ==, 15);
  g_assert_cmpuint (s->config.epochs, ==, 15);
  g_assert_false (s->config.normalize);
  g_assert_cmpfloat (s->tutorial, ==, 0.6418);
  /* 12: the cubic, 2,000 iterations at 1e-6. */
  s = lesson->steps->pdata[11];
  g_assert_cmpint (s->kind, ==, NR_LESSON_STEP_FIT);
  g_assert_cmpuint (s->fit.degree, ==, 3);
  g_assert_cmpuint (s->fit.n_iterations, ==, 2000);
  g_assert_cmpfloat (s->fit.learning_rate, ==, 1e-6);
  g_assert_cmpint (s->metric, ==, NR_LESSON_METRIC_FIT_LOSS);
}

/* A lesson with one step, written around `step` (a JSON object's members). */
static char *
one_step (const char *step)
{
  return g_strdup_printf ("{\n"
                          "  \"neurona_lesson\": 1,\n"
                          "  \"title\": \"t\",\n"
                          "  \"language\": \"en\",\n"
                          "  \"steps\": [\n"
                          "    {\n"
                          "      \"title\": \"s\",\n"
                          "      \"do\": \"d\",\n"
                          "%s\n"
                          "    }\n"
                          "  ]\n"
                          "}\n",
                          step);
}

static void
assert_refused (const char *text, const char *want)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrLesson) lesson = nr_lesson_parse (text, strlen (text), "l.json", &error);

  g_assert_null (lesson);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_test_message ("%s", error->message);
  if (strstr (error->message, want) == NULL)
    g_error ("expected “%s” in “%s”", want, error->message);
}

/* Every problem names the file and the line of the member at fault (members on line 9,
 * the first after "title" and "do"). */
static void
test_broken_with_line (void)
{
  struct { const char *step; const char *want; } cases[] = {
    { "      \"colour\": \"red\"", "l.json:9: unknown member “colour” in step 1" },
    { "      \"state\": { \"dataset\": \"cifar\" }", "l.json:9: unknown dataset “cifar”" },
    { "      \"state\": { \"page\": \"home\" }", "l.json:9: unknown page “home”" },
    { "      \"state\": { \"image\": 60000 }", "l.json:9: “image” is 60000: use 0 to 59999" },
    { "      \"state\": { \"split\": \"test\", \"image\": 10000 }",
      "l.json:9: “image” is 10000: use 0 to 9999" },
    { "      \"state\": { \"image\": \"zero\" }", "l.json:9: “image” must be a whole number" },
    { "      \"state\": { \"colormap\": \"rainbow\" }", "l.json:9: unknown colormap “rainbow”" },
    { "      \"state\": { \"dataset\": \"fashion\" }, \"settings\": { \"units\": 0 }, \"train\": true",
      "l.json:9: " },
    { "      \"state\": { \"dataset\": \"fashion\" }, \"settings\": { \"wings\": 2 }",
      "l.json:9: unknown setting “wings”" },
    { "      \"state\": { \"dataset\": \"fashion\" }, \"settings\": { \"dropout\": 1.5 }",
      "l.json:9: " },
    { "      \"state\": { \"dataset\": \"fashion\" }, \"settings\": { \"outputs\": 5 }, \"train\": true",
      "label value 9 is outside the valid range [0, 5)" },
    { "      \"state\": { \"dataset\": \"fashion\" }, \"settings\": { \"outputs\": 10 },\n"
      "      \"expect\": { \"refused\": \"label-range\" }",
      "l.json:10: “expect” says the settings are refused, but the core accepts them" },
    { "      \"settings\": { \"units\": 28 }, \"train\": true",
      "a step that trains names its dataset" },
    { "      \"train\": \"yes\"", "l.json:9: “train” must be true or false" },
    { "      \"fit\": { \"degree\": 12 }", "l.json:9: “degree” is 12: use 1 to 9" },
    { "      \"fit\": { \"learning-rate\": -1 }", "l.json:9: " },
    { "      \"state\": { \"dataset\": \"fashion\" }, \"train\": true,\n"
      "      \"expect\": { \"test_accuracy\": [0.9, 0.8] }",
      "l.json:10: “test_accuracy” goes down" },
    { "      \"state\": { \"dataset\": \"fashion\" }, \"train\": true,\n"
      "      \"expect\": { \"test_accuracy\": 0.9 }",
      "l.json:10: “test_accuracy” must be a range of two numbers" },
    { "      \"expect\": { \"test_accuracy\": [0.8, 0.9] }",
      "only a step that trains or fits can expect a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = one_step (cases[i].step);

      assert_refused (text, cases[i].want);
    }
}

/* Not a lesson at all: each said in words, never a crash. */
static void
test_not_a_lesson (void)
{
  assert_refused ("", "l.json");
  assert_refused ("{ \"title\": ", "l.json:1:");
  assert_refused ("{\n  \"title\": \"t\",\n  \"steps\": [ 1, ]\n}", "l.json:3:");
  assert_refused ("[1, 2]", "l.json: not a lesson");
  assert_refused ("{ \"title\": \"t\" }", "“neurona_lesson”: 1 is missing");
  assert_refused ("{\n\"neurona_lesson\": 2\n}", "l.json:2: lesson format 2 is newer");
  assert_refused ("{ \"neurona_lesson\": 1, \"title\": \"t\", \"language\": \"en\", "
                  "\"steps\": [] }",
                  "a lesson has 1 to 100 steps");
  assert_refused ("{ \"neurona_lesson\": 1, \"title\": \"t\", \"language\": \"en\", "
                  "\"steps\": [ \"go\" ] }",
                  "step 1 is not an object");
  assert_refused ("{ \"neurona_lesson\": 1, \"title\": \"t\", \"language\": \"en\", "
                  "\"steps\": [ { \"title\": \"s\" } ] }",
                  "“do” is missing");
  {
    const char bad[] = "{ \"neurona_lesson\": 1, \"title\": \"\xff\" }";

    assert_refused (bad, "not UTF-8");
  }
}

/* Files: a missing one, a folder, a named pipe (refused without opening it for reading, so
 * no hang), one larger than the limit (refused before it is read). */
static void
test_bad_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("neurona-lesson-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.json", NULL);
  g_autofree char *big = g_build_filename (dir, "big.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *data = g_malloc0 (NR_LESSON_MAX_BYTES + 2);

  g_assert_null (nr_lesson_load (missing, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_IO);
  g_clear_error (&error);
  g_assert_null (nr_lesson_load (dir, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_null (nr_lesson_load (fifo, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_clear_error (&error);
  memset (data, ' ', NR_LESSON_MAX_BYTES + 1);
  g_assert_true (g_file_set_contents (big, data, NR_LESSON_MAX_BYTES + 1, NULL));
  g_assert_null (nr_lesson_load (big, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_clear_error (&error);
  g_unlink (fifo);
  g_unlink (big);
  g_rmdir (dir);
}

/* Settings go over the tutorial's model; a learning rate beside an optimizer stays. */
static void
test_settings_applied (void)
{
  g_autofree char *text = one_step (
    "      \"state\": { \"dataset\": \"mnist\" },\n"
    "      \"settings\": { \"learning-rate\": 0.05, \"optimizer\": \"sgd\", \"units\": \"64/32\",\n"
    "                      \"activation\": \"tanh\", \"batch-size\": 64, \"seed\": 7,\n"
    "                      \"normalize\": true, \"outputs\": 12, \"train-limit\": 500,\n"
    "                      \"test-limit\": 100 },\n"
    "      \"train\": true");
  g_autoptr (GError) error = NULL;
  g_autoptr (NrLesson) lesson = nr_lesson_parse (text, strlen (text), "l.json", &error);
  const NrLessonStep *s;

  g_assert_no_error (error);
  s = lesson->steps->pdata[0];
  g_assert_cmpuint (s->line, ==, 7);
  g_assert_cmpint (s->config.optimizer.kind, ==, NR_OPTIMIZER_SGD);
  g_assert_cmpfloat (s->config.optimizer.learning_rate, ==, 0.05f);
  g_assert_cmpuint (s->config.model.n_hidden, ==, 2);
  g_assert_cmpuint (s->config.model.hidden[0].units, ==, 64);
  g_assert_cmpuint (s->config.model.hidden[1].units, ==, 32);
  g_assert_cmpint (s->config.model.hidden[1].activation, ==, NR_ACTIVATION_TANH);
  g_assert_cmpuint (s->config.batch_size, ==, 64);
  g_assert_cmpuint (s->config.seed, ==, 7);
  g_assert_cmpuint (s->config.model.outputs, ==, 12);
  g_assert_cmpuint (s->config.train_limit, ==, 500);
  g_assert_cmpuint (s->config.test_limit, ==, 100);
}

/* A step's measured number is the trainer's own for the same settings, and a fit step's
 * is the last loss the tutorial prints. */
static void
test_measure (void)
{
  g_autofree char *text = one_step (
    "      \"state\": { \"dataset\": \"fashion\" },\n"
    "      \"settings\": { \"units\": 16, \"epochs\": 1, \"train-limit\": 600, \"test-limit\": 200 },\n"
    "      \"train\": true, \"expect\": { \"test_accuracy\": [0.3, 1.0] }");
  g_autoptr (NrLesson) lesson = nr_lesson_parse (text, strlen (text), "l.json", NULL);
  g_autofree char *subset = g_build_filename (nr_project_data_dir (), "subset", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, subset, &error);
  const NrLessonStep *step;
  double measured;
  NrTrainResult result;

  g_assert_no_error (error);
  g_assert_nonnull (lesson);
  step = lesson->steps->pdata[0];
  g_assert_true (nr_lesson_step_measure (step, dataset, 2, &measured, &error));
  g_assert_no_error (error);
  {
    NrTrainConfig config = step->config;
    g_autoptr (NrTrainer) trainer = nr_trainer_new (&config, dataset->train, dataset->test, 10,
                                                    &error);

    g_assert_true (nr_trainer_run (trainer, NULL, NULL, &result, &error));
  }
  g_assert_cmpfloat (measured, ==, result.test_accuracy);
  g_assert_true (nr_lesson_step_meets_expectation (step, measured));
  g_assert_false (nr_lesson_step_meets_expectation (step, 0.2));

  {
    g_autofree char *path = shipped ("en");
    g_autoptr (NrLesson) tutorial = nr_lesson_load (path, NULL);
    const NrLessonStep *fit_step = tutorial->steps->pdata[11];
    NrPolyFitConfig config;
    g_autoptr (NrPolyFit) fit = NULL;
    const double *loss;
    guint n;

    g_assert_true (nr_lesson_step_measure (fit_step, NULL, 1, &measured, &error));
    nr_polyfit_config_init (&config);
    fit = nr_polyfit_new (&config, NULL);
    nr_polyfit_step (fit, config.n_iterations);
    loss = nr_polyfit_get_loss_history (fit, &n);
    g_assert_cmpfloat (measured, ==, loss[1999]);
    /* The tutorial printed 9.3962 at t = 1999: within its range. */
    g_assert_true (nr_lesson_step_meets_expectation (fit_step, fit_step->tutorial));
  }
}

/* neurona-cli lessons check: every shipped lesson, one line each; a broken file named with
 * its line and exit status 1. */
static void
test_cli_check (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_auto (CliTestRun) bad = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("neurona-lesson-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "mine.json", NULL);
  g_autofree char *text = one_step ("      \"state\": { \"page\": \"home\" }");

  cli_test_run (&r, "lessons", "check", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "tutorial.en.json: valid, 12 steps"));
  g_assert_nonnull (strstr (r.out, "tutorial.es.json: valid, 12 steps"));

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  cli_test_run (&bad, "lessons", "check", path, NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "mine.json:9: unknown page “home”"));
  g_unlink (path);
  g_rmdir (dir);
}

/* --run --json: one entry per step; every training and fit step trained on the committed
 * subset, within what it expects; the refused step refused. The English lesson only: the
 * Spanish one has the same steps and settings (/core/lesson/languages-agree), so training
 * it again would measure the same numbers. Not under an emulator (arm64 on qemu): there
 * the seven trainings take many minutes, and the x86-64 run measures them. */
static void
test_cli_run_json (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *english = shipped ("en");
  JsonObject *root;
  JsonArray *steps;
  guint n_ran = 0;

  if (g_getenv ("MESON_EXE_WRAPPER") != NULL)
    {
      g_test_skip ("trains seven runs: too slow under an emulator; the native run checks it");
      return;
    }
  cli_test_run (&r, "lessons", "check", "--run", "--json", english, NULL);
  g_test_message ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  steps = json_object_get_array_member (root, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 12);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *s = json_array_get_object_element (steps, i);
      const char *kind = json_object_get_string_member (s, "kind");

      g_assert_true (json_object_get_boolean_member (s, "valid"));
      g_assert_true (json_object_get_boolean_member (s, "ok"));
      if (strcmp (kind, "train") == 0 || strcmp (kind, "fit") == 0)
        {
          double measured = json_object_get_double_member (s, "measured");
          JsonArray *range = json_object_get_array_member (s, "expect");

          g_test_message ("%s: %.4f", json_object_get_string_member (s, "title"), measured);
          g_assert_true (json_object_get_boolean_member (s, "ran"));
          g_assert_cmpfloat (measured, >=, json_array_get_double_element (range, 0));
          g_assert_cmpfloat (measured, <=, json_array_get_double_element (range, 1));
          n_ran++;
        }
      if (strcmp (kind, "refused") == 0)
        g_assert_cmpstr (json_object_get_string_member (s, "refusal"), ==,
                         "label value 9 is outside the valid range [0, 5)");
    }
  g_assert_cmpuint (n_ran, ==, 7);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/lesson/shipped-validate", test_shipped_validate);
  g_test_add_func ("/core/lesson/languages-agree", test_languages_agree);
  g_test_add_func ("/core/lesson/shipped-steps", test_shipped_steps);
  g_test_add_func ("/core/lesson/broken-with-line", test_broken_with_line);
  g_test_add_func ("/core/lesson/not-a-lesson", test_not_a_lesson);
  g_test_add_func ("/core/lesson/bad-files", test_bad_files);
  g_test_add_func ("/core/lesson/settings-applied", test_settings_applied);
  g_test_add_func ("/core/lesson/measure", test_measure);
  g_test_add_func ("/cli/lessons/check", test_cli_check);
  g_test_add_func ("/cli/lessons/run-json", test_cli_run_json);
  return g_test_run ();
}
