/* test-metrics.c — the confusion matrix (metrics.h) and the trainer's per-image test
 * predictions it is built from during a run. */
#include <math.h>
#include <string.h>

#include <neurona/neurona.h>

/* The committed Fashion-MNIST subset (6,000 train, 1,000 test), loaded once. */
static NrDataset *
subset (void)
{
  static NrDataset *dataset = NULL;

  if (dataset == NULL)
    {
      g_autofree char *dir = g_build_filename (nr_project_data_dir (), "subset", NULL);
      GError *error = NULL;

      dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, dir, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (dataset->test->n, ==, 1000);
    }
  return dataset;
}

/* Argmax (the first largest) of each image's probabilities from nr_model_predict. */
static guint16 *
predict_argmax (const NrModel *model, const NrImageSet *set, gboolean normalize)
{
  guint outputs = nr_model_get_spec (model)->outputs;
  g_autofree float *probs = g_new (float, (gsize) set->n * outputs);
  guint16 *predicted = g_new (guint16, set->n);

  nr_model_predict (model, set->pixels, set->n, normalize, probs);
  for (guint i = 0; i < set->n; i++)
    {
      const float *p = probs + (gsize) i * outputs;
      guint best = 0;

      for (guint j = 1; j < outputs; j++)
        if (p[j] > p[best])
          best = j;
      predicted[i] = (guint16) best;
    }
  return predicted;
}

/* A model trained one epoch on the first 2,000 training images. */
static NrModel *
small_model (NrTrainConfig *config)
{
  g_autoptr (NrTrainer) trainer = NULL;
  NrTrainResult result;
  GError *error = NULL;

  nr_train_config_init (config);
  config->model.hidden[0].units = 32;
  config->epochs = 1;
  config->train_limit = 2000;
  trainer = nr_trainer_new (config, subset ()->train, subset ()->test, 10, &error);
  g_assert_no_error (error);
  g_assert_true (nr_trainer_run (trainer, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  return nr_model_copy (nr_trainer_get_model (trainer));
}

/* ---- a hand-made example ------------------------------------------------------------ */

/* 3 classes, 4 outputs; 8 images:
 *   true 0: predicted 0, 0, 1        → row 0 = 2 1 0 0
 *   true 1: predicted 1, 3           → row 1 = 0 1 0 1
 *   true 2: predicted 0, 2, 2        → row 2 = 1 0 2 0
 * trace 5 of 8; class accuracies 2/3, 1/2, 2/3. */
static const guint8 hand_labels[] = { 0, 1, 2, 0, 2, 1, 0, 2 };
static const guint16 hand_predicted[] = { 0, 1, 0, 0, 2, 3, 1, 2 };

static void
test_hand_made (void)
{
  static const guint expected[3][4] = { { 2, 1, 0, 0 }, { 0, 1, 0, 1 }, { 1, 0, 2, 0 } };
  g_autoptr (NrConfusion) c = NULL;
  GError *error = NULL;
  const guint *idx;
  guint n;

  c = nr_confusion_new (hand_labels, hand_predicted, 8, 3, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nr_confusion_get_n_classes (c), ==, 3);
  g_assert_cmpuint (nr_confusion_get_outputs (c), ==, 4);
  for (guint t = 0; t < 3; t++)
    for (guint p = 0; p < 4; p++)
      {
        g_assert_cmpuint (nr_confusion_get_count (c, t, p), ==, expected[t][p]);
        g_assert_cmpuint (nr_confusion_get_counts (c)[t * 4 + p], ==, expected[t][p]);
      }
  g_assert_cmpuint (nr_confusion_get_total (c), ==, 8);
  g_assert_cmpuint (nr_confusion_get_trace (c), ==, 5);
  g_assert_cmpfloat_with_epsilon (nr_confusion_get_accuracy (c), 5.0 / 8.0, 1e-12);
  g_assert_cmpuint (nr_confusion_get_row_total (c, 1), ==, 2);
  g_assert_cmpuint (nr_confusion_get_column_total (c, 0), ==, 3);
  g_assert_cmpuint (nr_confusion_get_column_total (c, 3), ==, 1);
  g_assert_cmpfloat_with_epsilon (nr_confusion_get_class_accuracy (c, 0), 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (nr_confusion_get_class_accuracy (c, 1), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (nr_confusion_get_class_accuracy (c, 2), 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (nr_confusion_get_row_fraction (c, 2, 0), 1.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (nr_confusion_get_row_fraction (c, 1, 3), 0.5, 1e-12);

  idx = nr_confusion_get_cell_indices (c, 0, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (idx[0], ==, 0);
  g_assert_cmpuint (idx[1], ==, 3);
  idx = nr_confusion_get_cell_indices (c, 1, 3, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (idx[0], ==, 5);
  idx = nr_confusion_get_cell_indices (c, 2, 1, &n);
  g_assert_null (idx);
  g_assert_cmpuint (n, ==, 0);
  /* Out of range: nothing, not a crash. */
  g_assert_cmpuint (nr_confusion_get_count (c, 3, 0), ==, 0);
  g_assert_null (nr_confusion_get_cell_indices (c, 0, 4, &n));
  g_assert_cmpmem (nr_confusion_get_predicted (c), 8 * sizeof (guint16), hand_predicted,
                   sizeof hand_predicted);
  g_assert_cmpmem (nr_confusion_get_labels (c), 8, hand_labels, sizeof hand_labels);
}

static void
test_empty_class (void)
{
  static const guint8 labels[] = { 0, 0, 2 };
  static const guint16 predicted[] = { 0, 2, 2 };
  g_autoptr (NrConfusion) c = nr_confusion_new (labels, predicted, 3, 3, 3, NULL);
  g_autoptr (NrConfusion) none = nr_confusion_new (NULL, NULL, 0, 2, 2, NULL);

  g_assert_nonnull (c);
  g_assert_true (isnan (nr_confusion_get_class_accuracy (c, 1)));
  g_assert_true (isnan (nr_confusion_get_row_fraction (c, 1, 0)));
  g_assert_cmpfloat (nr_confusion_get_class_accuracy (c, 2), ==, 1.0);
  g_assert_nonnull (none);
  g_assert_cmpuint (nr_confusion_get_total (none), ==, 0);
  g_assert_true (isnan (nr_confusion_get_accuracy (none)));
}

static void
test_label_range (void)
{
  static const guint8 labels[] = { 0, 3 };
  static const guint16 predicted[] = { 0, 1 };
  GError *error = NULL;
  NrConfusion *c = nr_confusion_new (labels, predicted, 2, 3, 5, &error);

  g_assert_null (c);
  g_assert_error (error, NR_ERROR, NR_ERROR_LABEL_RANGE);
  g_clear_error (&error);
}

/* ---- a real model on the committed subset ----------------------------------------- */

static void
test_model_matches_evaluate (void)
{
  NrTrainConfig config;
  g_autoptr (NrModel) model = small_model (&config);
  const NrImageSet *test = subset ()->test;
  g_autoptr (NrConfusion) c = NULL;
  g_autofree guint16 *argmax = predict_argmax (model, test, TRUE);
  GError *error = NULL;
  double loss, accuracy;
  guint sum = 0, class_sum = 0;

  c = nr_confusion_new_from_model (model, test, TRUE, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nr_confusion_get_total (c), ==, test->n);
  for (guint t = 0; t < 10; t++)
    for (guint p = 0; p < 10; p++)
      sum += nr_confusion_get_count (c, t, p);
  g_assert_cmpuint (sum, ==, test->n);

  nr_model_evaluate (model, test, TRUE, &loss, &accuracy);
  g_assert_cmpfloat_with_epsilon (nr_confusion_get_accuracy (c), accuracy, 1e-12);
  g_assert_cmpfloat_with_epsilon ((double) nr_confusion_get_trace (c) / nr_confusion_get_total (c),
                                  accuracy, 1e-12);
  /* Trained, so far from chance and far from perfect: a matrix worth looking at. */
  g_assert_cmpfloat (accuracy, >, 0.5);
  g_assert_cmpfloat (accuracy, <, 1.0);

  /* The predictions it keeps are nr_model_predict's argmax. */
  g_assert_cmpmem (nr_confusion_get_predicted (c), test->n * sizeof (guint16), argmax,
                   test->n * sizeof (guint16));

  /* Per-class accuracy is the diagonal over the row, and the rows add up. */
  for (guint t = 0; t < 10; t++)
    {
      guint row = 0;

      for (guint p = 0; p < 10; p++)
        row += nr_confusion_get_count (c, t, p);
      g_assert_cmpuint (row, ==, nr_confusion_get_row_total (c, t));
      g_assert_cmpuint (row, >, 0);
      g_assert_cmpfloat_with_epsilon (nr_confusion_get_class_accuracy (c, t),
                                      (double) nr_confusion_get_count (c, t, t) / row, 1e-12);
      class_sum += nr_confusion_get_count (c, t, t);
    }
  g_assert_cmpuint (class_sum, ==, nr_confusion_get_trace (c));
}

static void
test_cell_indices (void)
{
  NrTrainConfig config;
  g_autoptr (NrModel) model = small_model (&config);
  const NrImageSet *test = subset ()->test;
  g_autoptr (NrConfusion) c = nr_confusion_new_from_model (model, test, TRUE, 10, NULL);
  g_autofree guint16 *argmax = predict_argmax (model, test, TRUE);
  guint off_diagonal_cells = 0;

  for (guint t = 0; t < 10; t++)
    for (guint p = 0; p < 10; p++)
      {
        guint n = 0, k = 0;
        const guint *idx = nr_confusion_get_cell_indices (c, t, p, &n);

        g_assert_cmpuint (n, ==, nr_confusion_get_count (c, t, p));
        /* Exactly the images with that label and that prediction, in order. */
        for (guint i = 0; i < test->n; i++)
          if (test->labels[i] == t && argmax[i] == p)
            {
              g_assert_cmpuint (k, <, n);
              g_assert_cmpuint (idx[k], ==, i);
              k++;
            }
        g_assert_cmpuint (k, ==, n);
        if (t != p && n > 0)
          off_diagonal_cells++;
      }
  g_assert_cmpuint (off_diagonal_cells, >, 5);
}

/* 15 outputs for 10 classes: the extra outputs are columns, and always wrong. */
static void
test_extra_outputs (void)
{
  NrTrainConfig config;
  g_autoptr (NrModel) model = NULL;
  g_autoptr (NrConfusion) c = NULL;
  GError *error = NULL;
  guint sum = 0;

  nr_train_config_init (&config);
  config.model.outputs = 15;
  model = nr_model_new (&config.model, 7, &error);
  g_assert_no_error (error);
  c = nr_confusion_new_from_model (model, subset ()->test, TRUE, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nr_confusion_get_outputs (c), ==, 15);
  for (guint t = 0; t < 10; t++)
    for (guint p = 0; p < 15; p++)
      sum += nr_confusion_get_count (c, t, p);
  g_assert_cmpuint (sum, ==, 1000);
  for (guint p = 10; p < 15; p++)
    sum -= nr_confusion_get_column_total (c, p);
  for (guint p = 0; p < 10; p++)
    sum -= nr_confusion_get_column_total (c, p);
  g_assert_cmpuint (sum, ==, 0);

  /* More classes than outputs is refused. */
  g_assert_null (nr_confusion_new_from_model (model, subset ()->test, TRUE, 16, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_LABEL_RANGE);
  g_clear_error (&error);
}

/* ---- the trainer's predictions at each epoch end ------------------------------------ */

typedef struct {
  guint n_epoch_ends;
  guint n_steps_with_predictions;
  gboolean all_match;
  guint n_test;
  double last_accuracy;
  gboolean normalize;
  const NrImageSet *test;
} EpochCheck;

static void
check_progress (const NrProgress *progress, const NrModel *model, gpointer user_data)
{
  EpochCheck *check = user_data;
  g_autoptr (NrImageSet) head = NULL;
  g_autofree guint16 *argmax = NULL;
  guint correct = 0;

  if (progress->kind == NR_PROGRESS_STEP)
    {
      if (progress->test_predicted != NULL || progress->n_test != 0)
        check->n_steps_with_predictions++;
      return;
    }
  check->n_epoch_ends++;
  check->n_test = progress->n_test;
  g_assert_nonnull (progress->test_predicted);
  head = nr_image_set_new_head (check->test, progress->n_test);
  argmax = predict_argmax (model, head, check->normalize);
  if (memcmp (argmax, progress->test_predicted, head->n * sizeof (guint16)) != 0)
    check->all_match = FALSE;
  for (guint i = 0; i < head->n; i++)
    correct += head->labels[i] == progress->test_predicted[i];
  check->last_accuracy = (double) correct / head->n;
  g_assert_cmpfloat_with_epsilon (check->last_accuracy, progress->test_accuracy, 1e-12);
}

static void
test_trainer_epoch_predictions (void)
{
  NrTrainConfig config;
  g_autoptr (NrTrainer) trainer = NULL;
  EpochCheck check = { .all_match = TRUE, .test = subset ()->test };
  NrTrainResult result;
  GError *error = NULL;

  nr_train_config_init (&config);
  config.model.hidden[0].units = 32;
  config.epochs = 3;
  config.train_limit = 1500;
  config.test_limit = 700;
  check.normalize = config.normalize;
  trainer = nr_trainer_new (&config, subset ()->train, subset ()->test, 10, &error);
  g_assert_no_error (error);
  g_assert_true (nr_trainer_run (trainer, check_progress, &check, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check.n_epoch_ends, ==, 3);
  g_assert_cmpuint (check.n_test, ==, 700);
  g_assert_true (check.all_match);
  g_assert_cmpuint (check.n_steps_with_predictions, ==, 0);
  g_assert_cmpfloat_with_epsilon (check.last_accuracy, result.test_accuracy, 1e-12);
}

static void
no_test_progress (const NrProgress *progress, const NrModel *model, gpointer user_data)
{
  guint *n_with = user_data;

  if (progress->test_predicted != NULL || progress->n_test != 0)
    (*n_with)++;
}

/* Without a test set an epoch end carries no predictions. */
static void
test_trainer_no_test_set (void)
{
  NrTrainConfig config;
  g_autoptr (NrTrainer) trainer = NULL;
  NrTrainResult result;
  guint n_with = 0;

  nr_train_config_init (&config);
  config.model.hidden[0].units = 16;
  config.epochs = 1;
  config.train_limit = 500;
  trainer = nr_trainer_new (&config, subset ()->train, NULL, 10, NULL);
  g_assert_true (nr_trainer_run (trainer, no_test_progress, &n_with, &result, NULL));
  g_assert_cmpuint (n_with, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/metrics/hand-made", test_hand_made);
  g_test_add_func ("/core/metrics/empty-class", test_empty_class);
  g_test_add_func ("/core/metrics/label-range", test_label_range);
  g_test_add_func ("/core/metrics/model-matches-evaluate", test_model_matches_evaluate);
  g_test_add_func ("/core/metrics/cell-indices", test_cell_indices);
  g_test_add_func ("/core/metrics/extra-outputs", test_extra_outputs);
  g_test_add_func ("/core/metrics/trainer-epoch-predictions", test_trainer_epoch_predictions);
  g_test_add_func ("/core/metrics/trainer-no-test-set", test_trainer_no_test_set);
  return g_test_run ();
}
