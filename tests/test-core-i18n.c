/* test-core-i18n.c — the core's messages and neurona-cli in Spanish, with no display: the
 * label-range refusal, the curve fit's divergence note, a dataset that is not there and an
 * IDX file's plural read in Spanish once a program binds the catalogue; neurona-cli binds
 * it itself under LANGUAGE=es (its own messages, its --help and the core's), keeps Keras's
 * words in its progress lines and names its runs in English; and without LANGUAGE it
 * stays English, byte for byte.
 *
 * LANGUAGE=es with LC_ALL=C.UTF-8 selects the Spanish messages without a generated es_ES
 * locale; NEURONA_LOCALEDIR (set by tests/meson.build) is the build tree's data/po, where
 * meson compiles es/LC_MESSAGES/neurona.mo.
 */
#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cli-test-util.h"
#include "idx.h"
#include "neurona/neurona.h"

/* "el valor de etiqueta 9 …": the tutorial's refusal of 5 outputs for Fashion-MNIST's 10
 * classes, in the words of Keras's error, in Spanish. */
#define LABEL_RANGE_ES                                                                    \
  "el valor de etiqueta 9 está fuera del intervalo válido [0, 5). La capa de salida "    \
  "necesita al menos 10 neuronas para este conjunto de datos."
#define LABEL_RANGE_EN                                                                    \
  "label value 9 is outside the valid range [0, 5). The output layer needs at least 10 " \
  "units for this dataset."

static char *
make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("neurona-test-i18n-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  cli_test_remove_tree (path);
}

/* Everything below depends on it: the build tree's catalogue is bound and selected. */
static void
test_catalogue_found (void)
{
  g_assert_cmpstr (_("training"), ==, "entrenamiento");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "the committed subset"), ==,
                   "el subconjunto incluido en el repositorio");
}

/* The model check refuses 5 outputs for 10 classes before any data is read, in Spanish. */
static void
test_label_range_config (void)
{
  g_autoptr (GError) error = NULL;
  NrTrainConfig config;

  nr_train_config_init (&config);
  config.model.outputs = 5;
  g_assert_false (nr_train_config_check (&config, 10, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_LABEL_RANGE);
  g_assert_cmpstr (error->message, ==, LABEL_RANGE_ES);
}

/* The trainer finds the same refusal in the labels themselves (the committed subset's
 * Fashion-MNIST, whose largest label is 9). */
static void
test_label_range_trainer (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *subset = cli_test_subset_dir ();
  g_autoptr (NrDataset) dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, subset, &error);
  g_autoptr (NrTrainer) trainer = NULL;
  NrTrainConfig config;

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  nr_train_config_init (&config);
  config.model.outputs = 5;
  trainer = nr_trainer_new (&config, dataset->train, dataset->test, 0, &error);
  g_assert_null (trainer);
  g_assert_error (error, NR_ERROR, NR_ERROR_LABEL_RANGE);
  g_assert_cmpstr (error->message, ==, LABEL_RANGE_ES);
}

/* The tutorial's cubic with a learning rate 1,000 times too large diverges at once; the
 * note says why and below which rate it converges, in Spanish, numbers as they are. */
static void
test_fit_divergence_note (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrPolyFit) fit = NULL;
  g_autofree char *note = NULL;
  NrPolyFitConfig config;

  nr_polyfit_config_init (&config);
  config.learning_rate = 1e-3;
  fit = nr_polyfit_new (&config, &error);
  g_assert_no_error (error);
  nr_polyfit_step (fit, 2000);
  g_assert_true (nr_polyfit_get_diverged (fit, NULL));
  note = nr_polyfit_divergence_note (fit);
  g_test_message ("%s", note);
  g_assert_true (g_str_has_prefix (note, "El descenso de gradiente divergió en la iteración 1: "
                                         "la pérdida creció hasta "));
  g_assert_true (g_str_has_suffix (note, ". La tasa de aprendizaje 0.001 es demasiado grande "
                                         "para el grado 3 con estos 2000 puntos; solo converge "
                                         "por debajo de 3.6e-06."));
}

/* A folder without the dataset's files, and one that is not there at all. */
static void
test_dataset_not_found (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *missing = g_build_filename (dir, "nowhere", NULL);
  g_autofree char *expected = g_strdup_printf ("no hay archivos de Dígitos MNIST "
                                               "(train-images-idx3-ubyte[.gz] y los otros "
                                               "tres) en %s/mnist, %s",
                                               dir, dir);
  g_autofree char *expected_missing = g_strdup_printf ("%s: no existe esa carpeta", missing);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) missing_error = NULL;

  g_assert_null (nr_dataset_load (NR_DATASET_MNIST, dir, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, expected);

  g_assert_null (nr_dataset_load (NR_DATASET_MNIST, missing, &missing_error));
  g_assert_error (missing_error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_cmpstr (missing_error->message, ==, expected_missing);
  remove_tree (dir);
}

/* An IDX file of 1 and of 2 dimensions where images (3) were expected: Spanish picks
 * "dimensión" and "dimensiones" (g_dngettext), and names the file's probable kind. */
static void
test_idx_plural (void)
{
  static const guint8 labels_magic[] = { 0, 0, 0x08, 0x01, 0, 0, 0, 0 };
  static const guint8 two_dims[] = { 0, 0, 0x08, 0x02, 0, 0, 0, 0, 0, 0, 0, 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *one = g_build_filename (dir, "one", NULL);
  g_autofree char *two = g_build_filename (dir, "two", NULL);
  g_autofree char *expected_one = NULL;
  g_autofree char *expected_two = NULL;
  g_autoptr (GError) one_error = NULL;
  g_autoptr (GError) two_error = NULL;
  guint32 dims[3];

  g_assert_true (g_file_set_contents (one, (const char *) labels_magic, sizeof labels_magic,
                                      NULL));
  g_assert_true (g_file_set_contents (two, (const char *) two_dims, sizeof two_dims, NULL));
  expected_one = g_strdup_printf ("%s: número mágico 0x00000801 erróneo, se esperaba 0x00000803 "
                                  "(imágenes IDX, uint8, 3 dimensiones): el archivo tiene 1 "
                                  "dimensión (¿un archivo de etiquetas?)",
                                  one);
  expected_two = g_strdup_printf ("%s: número mágico 0x00000802 erróneo, se esperaba 0x00000803 "
                                  "(imágenes IDX, uint8, 3 dimensiones): el archivo tiene 2 "
                                  "dimensiones",
                                  two);

  g_assert_null (_nr_idx_read (one, NR_IDX_MAGIC_IMAGES, dims, &one_error));
  g_assert_error (one_error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_cmpstr (one_error->message, ==, expected_one);
  g_assert_null (_nr_idx_read (two, NR_IDX_MAGIC_IMAGES, dims, &two_error));
  g_assert_error (two_error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_cmpstr (two_error->message, ==, expected_two);
  remove_tree (dir);
}

/* The lab names a run in its language; the English name, which neurona-cli saves, stays
 * English. */
static void
test_default_names (void)
{
  g_autofree char *here = NULL;
  g_autofree char *english = NULL;
  NrTrainConfig config;

  nr_train_config_init (&config);
  config.epochs = 1;
  here = nr_run_record_default_name (&config);
  english = nr_run_record_default_name_english (&config);
  g_assert_cmpstr (here, ==, "128 relu · 1 época");
  g_assert_cmpstr (english, ==, "128 relu · 1 epoch");
}

/* neurona-cli ------------------------------------------------------------------------ */

/* The tutorial's step 7 from a terminal: refused before any data is read, in Spanish. */
static void
test_cli_label_range (void)
{
  g_auto (CliTestRun) run = { 0 };

  if (!cli_test_run_in_language (&run, "es", "train", "--outputs", "5", "--no-save", NULL))
    return;
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "neurona-cli: " LABEL_RANGE_ES "\n");
}

/* Without LANGUAGE the same refusal is the English one, unchanged. */
static void
test_cli_english_by_default (void)
{
  g_auto (CliTestRun) run = { 0 };

  if (!cli_test_run (&run, "train", "--outputs", "5", "--no-save", NULL))
    return;
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==, "neurona-cli: " LABEL_RANGE_EN "\n");
}

/* neurona-cli's own messages: a malformed option, an unknown command. */
static void
test_cli_usage_errors (void)
{
  g_auto (CliTestRun) epochs = { 0 };
  g_auto (CliTestRun) command = { 0 };

  if (!cli_test_run_in_language (&epochs, "es", "train", "--epochs", "abc", NULL))
    return;
  g_assert_cmpint (epochs.status, ==, 2);
  g_assert_cmpstr (epochs.err, ==, "neurona-cli: --epochs espera un número entero, no «abc»\n");

  cli_test_run_in_language (&command, "es", "frobnicate", NULL);
  g_assert_cmpint (command.status, ==, 2);
  g_assert_cmpstr (command.err, ==, "neurona-cli: orden desconocida «frobnicate»; las órdenes "
                                    "son train, code, evaluate, runs, sweep, fit, lessons\n");
}

/* The help, the commands' descriptions and their options' (translated by GOptionContext
 * through the catalogue main binds). */
static void
test_cli_help (void)
{
  g_auto (CliTestRun) usage = { 0 };
  g_auto (CliTestRun) train = { 0 };

  if (!cli_test_run_in_language (&usage, "es", "--help", NULL))
    return;
  g_assert_cmpint (usage.status, ==, 0);
  g_assert_true (g_str_has_prefix (usage.out, "Uso: neurona-cli ORDEN [OPCIÓN…]\n"));

  cli_test_run_in_language (&train, "es", "train", "--help", NULL);
  g_assert_cmpint (train.status, ==, 0);
  g_test_message ("%s", train.out);
  g_assert_nonnull (strstr (train.out, "--outputs=N"));
  g_assert_nonnull (strstr (train.out, "Neuronas de salida (predeterminado: 10)"));
  g_assert_nonnull (strstr (train.out, "Entrena Flatten(28×28) → capas ocultas Dense"));
  g_assert_nonnull (strstr (train.out, "--kernels PATH elige cómo se ejecutan los bucles"));
}

/* A run trained in Spanish: its own lines in Spanish, Keras's progress lines and the
 * tutorial's "Test accuracy" in Keras's words, and the run saved under its English name. */
static void
test_cli_train (void)
{
  g_autofree char *runs_dir = make_tmp_dir ();
  g_autofree char *subset = cli_test_subset_dir ();
  g_auto (CliTestRun) run = { 0 };
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) file_errors = NULL;
  g_autoptr (GError) error = NULL;

  if (!cli_test_run_in_language (&run, "es", "train", "--units", "16", "--epochs", "1",
                                 "--train-limit", "200", "--test-limit", "50", "--data-dir",
                                 subset, "--runs-dir", runs_dir, NULL))
    return;
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  g_assert_true (g_str_has_prefix (run.out, "Usando Fashion-MNIST de la carpeta indicada con "
                                            "--data-dir o NEURONA_DATA_DIR ("));
  g_assert_nonnull (strstr (run.out, "): 200 de 6,000 imágenes de entrenamiento / 50 de 1,000 de "
                                     "prueba\n"));
  g_assert_nonnull (strstr (run.out, "\nModel: \"sequential\"\n"));
  g_assert_nonnull (strstr (run.out, "\nOptimizador: adam, tasa de aprendizaje 0.001; tamaño "
                                     "del lote 32; entradas normalizadas; semilla 42\n"));
  g_assert_nonnull (strstr (run.out, "\nEpoch 1/1\n"));
  g_assert_nonnull (strstr (run.out, " - loss: "));
  g_assert_nonnull (strstr (run.out, " - accuracy: "));
  g_assert_nonnull (strstr (run.out, "\nTest accuracy: "));
  g_assert_nonnull (strstr (run.out, " s por época\n"));
  g_assert_nonnull (strstr (run.out, "\nGuardada como ejecución "));

  records = nr_run_load_all (runs_dir, &file_errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((NrRunRecord *) records->pdata[0])->name, ==, "16 relu · 1 epoch");
  remove_tree (runs_dir);
}

/* The curve fit's divergence from a terminal: the core's note in Spanish. */
static void
test_cli_fit_divergence (void)
{
  g_auto (CliTestRun) run = { 0 };

  if (!cli_test_run_in_language (&run, "es", "fit", "--learning-rate", "1e-3", NULL))
    return;
  g_assert_cmpint (run.status, ==, 3);
  g_assert_true (g_str_has_prefix (run.err, "neurona-cli fit: El descenso de gradiente divergió "
                                            "en la iteración 1: "));
  g_assert_cmpuint (cli_test_count_lines (run.err), ==, 1);
}

int
main (int argc, char **argv)
{
  g_autofree char *locale_dir = NULL;

  g_setenv ("LANGUAGE", "es", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, ""));
  /* As the lab and neurona-cli bind it: NEURONA_LOCALEDIR, set by tests/meson.build. */
  g_assert_nonnull (g_getenv ("NEURONA_LOCALEDIR"));
  locale_dir = nr_locale_dir ();
  g_assert_cmpstr (locale_dir, ==, g_getenv ("NEURONA_LOCALEDIR"));
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/i18n/catalogue-found", test_catalogue_found);
  g_test_add_func ("/core/i18n/label-range-config", test_label_range_config);
  g_test_add_func ("/core/i18n/label-range-trainer", test_label_range_trainer);
  g_test_add_func ("/core/i18n/fit-divergence-note", test_fit_divergence_note);
  g_test_add_func ("/core/i18n/dataset-not-found", test_dataset_not_found);
  g_test_add_func ("/core/i18n/idx-plural", test_idx_plural);
  g_test_add_func ("/core/i18n/default-names", test_default_names);
  g_test_add_func ("/core/i18n/cli-label-range", test_cli_label_range);
  g_test_add_func ("/core/i18n/cli-english-by-default", test_cli_english_by_default);
  g_test_add_func ("/core/i18n/cli-usage-errors", test_cli_usage_errors);
  g_test_add_func ("/core/i18n/cli-help", test_cli_help);
  g_test_add_func ("/core/i18n/cli-train", test_cli_train);
  g_test_add_func ("/core/i18n/cli-fit-divergence", test_cli_fit_divergence);

  return g_test_run ();
}
