/* trainer.c — epochs of shuffled mini-batches, Keras' fit() in C: the trainer's
 * settings, its lifecycle and the epoch loop. One step is in trainer-step.c (the
 * reference step, which is the specification, and the fast one the loop takes), the
 * threads it splits across in trainer-pool.c.
 *
 * All buffers are carved from one allocation made by nr_trainer_new(); a run allocates
 * nothing per step.
 *
 * Determinism: the weights, the shuffles and the dropout masks come from three
 * sub-streams of config->seed, and every reduction runs in a fixed order, so the same
 * seed and config give bit-identical losses and weights on one machine and build,
 * whatever the thread count.
 *
 * Divergence: every batch's loss is checked before its backward pass. A NaN or infinite
 * loss, or a loss that has exploded (see check_divergence), stops the run with
 * NR_TRAIN_DIVERGED before that step's update, so the weights are those of the last step
 * that looked sane. An epoch that ends no better than chance is reported
 * (NrProgress.at_chance) without stopping: with ReLU a too-large learning rate often
 * kills every unit and leaves the loss finite at ln(classes).
 */
#include <math.h>
#include <string.h>

#include "neurona/error.h"
#include "neurona/layers.h"
#include "neurona/trainer.h"

#include "i18n.h"
#include "kernels.h"
#include "model-private.h"
#include "rng.h"
#include "trainer-private.h"

#define NR_STREAM_SHUFFLE 2
#define NR_STREAM_DROPOUT 3

#define MAX_EPOCHS 100000
#define MAX_BATCH_SIZE 65536
#define MAX_THREADS NR_POOL_MAX_THREADS
#define MAX_SCRATCH_BYTES ((gsize) 1 << 30)

void
nr_train_config_init (NrTrainConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  nr_model_spec_init_tutorial (&config->model, FALSE);
  nr_optimizer_spec_init (&config->optimizer, NR_OPTIMIZER_ADAM);
  config->epochs = 10;
  config->batch_size = 32;
  config->normalize = TRUE;
  config->seed = 42;
  config->n_threads = 1;
  config->train_limit = 0;
  config->test_limit = 0;
}

/* Floats of scratch the trainer needs for batch size B, or 0 with an error when too big. */
static gsize
scratch_floats (const NrModelSpec *spec, guint B)
{
  gsize per_row = spec->input_size + 3 * (gsize) spec->outputs;
  guint max_width = spec->outputs;
  guint out0 = spec->n_hidden > 0 ? spec->hidden[0].units : spec->outputs;

  /* the fused pass's partial products of ranges 1 … n-1 */
  per_row += (gsize) (_nr_fused_ranges (spec->input_size) - 1) * out0;

  for (guint l = 0; l < spec->n_hidden; l++)
    {
      per_row += 4 * (gsize) spec->hidden[l].units;
      max_width = MAX (max_width, spec->hidden[l].units);
    }
  per_row += 2 * (gsize) max_width;
  return per_row * B;
}

gboolean
nr_train_config_check (const NrTrainConfig *config, guint n_classes, GError **error)
{
  gsize bytes;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nr_model_spec_check (&config->model, n_classes, error))
    return FALSE;
  if (!nr_optimizer_spec_check (&config->optimizer, error))
    return FALSE;
  if (config->epochs == 0 || config->epochs > MAX_EPOCHS)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The number of epochs must be between 1 and %d (got %u)."), MAX_EPOCHS,
                   config->epochs);
      return FALSE;
    }
  if (config->batch_size == 0 || config->batch_size > MAX_BATCH_SIZE)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The batch size must be between 1 and %d (got %u)."), MAX_BATCH_SIZE,
                   config->batch_size);
      return FALSE;
    }
  if (config->n_threads == 0 || config->n_threads > MAX_THREADS)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The number of threads must be between 1 and %d (got %u)."), MAX_THREADS,
                   config->n_threads);
      return FALSE;
    }
  bytes = scratch_floats (&config->model, config->batch_size) * sizeof (float);
  if (bytes > MAX_SCRATCH_BYTES)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("Batch size %u is too large for this network: training would need %zu MB "
                     "of working memory (at most %zu MB)."),
                   config->batch_size, (size_t) (bytes >> 20), (size_t) (MAX_SCRATCH_BYTES >> 20));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_set (const NrImageSet *set, guint n, const char *what, const NrModelSpec *spec,
           GError **error)
{
  guint8 max_label;

  if ((gsize) set->rows * set->cols != spec->input_size)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The %s images are %u × %u pixels, but the network expects %u inputs."),
                   _(what), set->rows, set->cols, spec->input_size);
      return FALSE;
    }
  max_label = _nr_labels_max (set->labels, n);
  if (max_label >= spec->outputs)
    {
      _nr_set_label_range_error (error, max_label, spec->outputs);
      return FALSE;
    }
  return TRUE;
}

static void
carve_scratch (NrTrainer *self)
{
  const NrModelSpec *spec = &self->config.model;
  guint B = self->config.batch_size;
  const NrModel *model = self->model;
  gsize floats = scratch_floats (spec, B);
  gsize order_bytes = ((gsize) self->n_train * sizeof (guint32) + 63) & ~(gsize) 63;
  gsize label_bytes = ((gsize) B + 63) & ~(gsize) 63;
  guint8 *bytes;
  float *f;

  /* Each float buffer is a multiple of 16 floats so all stay 64-byte aligned. */
  floats += 16 * (6 + 4 * spec->n_hidden);
  self->scratch = g_aligned_alloc0 (1, order_bytes + label_bytes + floats * sizeof (float), 64);
  bytes = self->scratch;
  self->order = (guint32 *) bytes;
  self->labels = bytes + order_bytes;
  f = (float *) (bytes + order_bytes + label_bytes);

#define TAKE(n) (f += (((gsize) (n) + 15) & ~(gsize) 15), f - (((gsize) (n) + 15) & ~(gsize) 15))
  self->x = TAKE ((gsize) B * spec->input_size);
  for (guint l = 0; l < spec->n_hidden; l++)
    {
      gsize n = (gsize) B * spec->hidden[l].units;
      self->z[l] = TAKE (n);
      self->h[l] = TAKE (n);
      self->mask[l] = TAKE (n);
      self->d[l] = TAKE (n);
    }
  self->logits = TAKE ((gsize) B * spec->outputs);
  self->probs = TAKE ((gsize) B * spec->outputs);
  self->dlogits = TAKE ((gsize) B * spec->outputs);
  self->grad_a = TAKE ((gsize) B * model->max_width);
  self->grad_b = TAKE ((gsize) B * model->max_width);
  self->partials = TAKE ((gsize) (_nr_fused_ranges (spec->input_size) - 1) * B * model->out[0]);
#undef TAKE
}

NrTrainer *
nr_trainer_new (const NrTrainConfig *config, NrImageSet *train, NrImageSet *test,
                guint n_classes, GError **error)
{
  g_autoptr (NrModel) model = NULL;
  NrTrainer *self;
  guint n_train, n_test = 0;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (train != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nr_train_config_check (config, n_classes, error))
    return NULL;

  n_train = config->train_limit > 0 ? MIN (config->train_limit, train->n) : train->n;
  if (n_train == 0)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID, _("The training set has no images."));
      return NULL;
    }
  /* Translators: the set in "The %s images are %u × %u pixels, but …" */
  if (!check_set (train, n_train, N_("training"), &config->model, error))
    return NULL;
  if (test != NULL)
    {
      n_test = config->test_limit > 0 ? MIN (config->test_limit, test->n) : test->n;
      if (!check_set (test, n_test, N_("test"), &config->model, error))
        return NULL;
    }

  model = nr_model_new (&config->model, config->seed, error);
  if (model == NULL)
    return NULL;

  self = g_new0 (NrTrainer, 1);
  self->config = *config;
  self->n_classes = n_classes;
  self->n_train = n_train;
  self->n_test = n_test;
  self->model = g_steal_pointer (&model);
  self->train = nr_image_set_ref (train);
  self->test = test != NULL ? nr_image_set_ref (test) : NULL;
  nr_rng_seed (&self->shuffle_rng, nr_rng_derive_seed (config->seed, NR_STREAM_SHUFFLE));
  self->dropout_state = nr_rng_derive_seed (config->seed, NR_STREAM_DROPOUT);
  self->reference_loss = NAN;
  carve_scratch (self);
  self->test_predicted = n_test > 0 ? g_new0 (guint16, n_test) : NULL;
  self->rows = g_new0 (const guint8 *, config->batch_size);
  self->next_rows = g_new0 (const guint8 *, config->batch_size);
  for (int p = 0; p < 256; p++)
    self->lut[p] = config->normalize ? (float) p / 255.0f : (float) p; /* as _nr_pixels_to_float */
  return self;
}

void
nr_trainer_free (NrTrainer *self)
{
  if (self == NULL)
    return;
  nr_model_free (self->model);
  g_clear_pointer (&self->train, nr_image_set_unref);
  g_clear_pointer (&self->test, nr_image_set_unref);
  g_aligned_free (self->scratch);
  g_free (self->test_predicted);
  g_free (self->rows);
  g_free (self->next_rows);
  g_free (self);
}

void
nr_trainer_cancel (NrTrainer *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_int_set (&self->cancelled, TRUE);
}

const NrModel *
nr_trainer_get_model (NrTrainer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->model;
}

const NrTrainConfig *
nr_trainer_get_config (NrTrainer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->config;
}

void
nr_trainer_get_sizes (NrTrainer *self, guint *n_train, guint *n_test)
{
  g_return_if_fail (self != NULL);

  if (n_train != NULL)
    *n_train = self->n_train;
  if (n_test != NULL)
    *n_test = self->n_test;
}

/* ---- the run -------------------------------------------------------------------------- */

/* A loss has exploded when it is this many times the run's reference loss (the untrained
 * model's first batch, and at least ln(classes), what a uniform guess scores): one batch
 * by BATCH_FACTOR, the epoch's running mean, once EXPLODE_MIN_STEPS batches of it are in,
 * by RUNNING_FACTOR. Healthy runs stay far below: the tutorial's unscaled pixels give a
 * first batch of hundreds and running means under 10; learning rates of 1 and more give
 * running means of 1e3 … 1e32 within the first epoch. */
#define BATCH_FACTOR 1e4
#define RUNNING_FACTOR 10.0
#define EXPLODE_MIN_STEPS 20

static NrDivergence
check_divergence (NrTrainer *self, double batch_loss, double running_loss, guint step)
{
  if (!isfinite (batch_loss))
    return NR_DIVERGENCE_NOT_FINITE;
  if (batch_loss > BATCH_FACTOR * self->reference_loss)
    return NR_DIVERGENCE_EXPLODED;
  if (step >= EXPLODE_MIN_STEPS && running_loss > RUNNING_FACTOR * self->reference_loss)
    return NR_DIVERGENCE_EXPLODED_RUNNING;
  return NR_DIVERGENCE_NONE;
}

/* No better than guessing: accuracy (the test set's when there is one, else the training
 * epoch's) within half a class's share of 1 / classes. */
static gboolean
at_chance (NrTrainer *self, double train_accuracy, double test_accuracy)
{
  double accuracy = isnan (test_accuracy) ? train_accuracy : test_accuracy;
  guint classes = self->n_classes > 0 ? self->n_classes : self->config.model.outputs;

  return accuracy <= 1.5 / (double) classes;
}

static double
seconds_since (gint64 start_us)
{
  return (double) (g_get_monotonic_time () - start_us) * 1e-6;
}

gboolean
nr_trainer_run (NrTrainer *self, NrProgressFunc func, gpointer user_data,
                NrTrainResult *result, GError **error)
{
  guint B, steps, epochs;
  gint64 run_start;
  double train_seconds = 0.0;
  guint fp_mode;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  B = self->config.batch_size;
  epochs = self->config.epochs;
  steps = (self->n_train + B - 1) / B; /* the last, partial batch counts, as in Keras */

  memset (result, 0, sizeof *result);
  result->status = NR_TRAIN_COMPLETED;
  result->train_loss = result->train_accuracy = NAN;
  result->test_loss = result->test_accuracy = NAN;
  result->seconds_per_epoch = NAN;

  run_start = g_get_monotonic_time ();
  fp_mode = nr_kernels_set_ftz ();
  _nr_trainer_step_begin (self);

  for (guint epoch = 1; epoch <= epochs && result->status == NR_TRAIN_COMPLETED; epoch++)
    {
      gint64 epoch_start;
      double loss_sum = 0.0, epoch_seconds, test_loss = NAN, test_accuracy = NAN;
      guint64 correct = 0, seen = 0;
      NrProgress progress = { 0 };

      for (guint i = 0; i < self->n_train; i++)
        self->order[i] = i;
      nr_rng_shuffle_u32 (&self->shuffle_rng, self->order, self->n_train);
      self->z0_ready = FALSE;

      progress.epoch = epoch;
      progress.epochs = epochs;
      progress.steps = steps;
      progress.test_loss = progress.test_accuracy = NAN;

      epoch_start = g_get_monotonic_time ();
      for (guint step = 1; step <= steps; step++)
        {
          guint start = (step - 1) * B;
          int bs = (int) MIN (B, self->n_train - start);
          int next_bs = step < steps ? (int) MIN (B, self->n_train - step * B) : 0;
          guint n_correct = 0;
          double batch_loss, running_loss;
          NrDivergence divergence;

          if (g_atomic_int_get (&self->cancelled))
            {
              result->status = NR_TRAIN_CANCELLED;
              break;
            }

          batch_loss = _nr_trainer_fast_forward (self, self->order + start, bs,
                                                 self->order + start + B, next_bs, &n_correct);
          if (isnan (self->reference_loss))
            self->reference_loss = MAX (batch_loss, log ((double) self->config.model.outputs));
          running_loss = (loss_sum + batch_loss * bs) / (double) (seen + (guint64) bs);
          divergence = check_divergence (self, batch_loss, running_loss, step);
          if (divergence != NR_DIVERGENCE_NONE)
            {
              /* Stop before this batch's update: the weights stay as they were. */
              result->status = NR_TRAIN_DIVERGED;
              result->divergence = divergence;
              result->diverged_epoch = epoch;
              result->diverged_step = step;
              result->diverged_loss = divergence == NR_DIVERGENCE_EXPLODED_RUNNING
                                        ? running_loss
                                        : batch_loss;
              result->reference_loss = self->reference_loss;
              break;
            }
          _nr_trainer_fast_update (self, self->order + start + B, bs, next_bs);

          /* Keras' running means: weighted by batch size over the epoch so far. */
          loss_sum += batch_loss * bs;
          correct += n_correct;
          seen += (guint64) bs;

          progress.kind = NR_PROGRESS_STEP;
          progress.step = step;
          progress.global_step = (guint64) (epoch - 1) * steps + step;
          progress.loss = loss_sum / (double) seen;
          progress.accuracy = (double) correct / (double) seen;
          progress.batch_loss = batch_loss;
          progress.epoch_seconds = seconds_since (epoch_start);
          progress.seconds_per_step = progress.epoch_seconds / step;
          if (func != NULL)
            func (&progress, self->model, user_data);
        }
      if (result->status != NR_TRAIN_COMPLETED)
        break;

      epoch_seconds = seconds_since (epoch_start);

      /* The epoch counts as completed once its test evaluation is done: that takes
       * seconds for a large network, so it too stops when the run is cancelled, and
       * then the result keeps the previous epoch's figures. */
      if (self->test != NULL && self->n_test > 0 &&
          !_nr_model_evaluate_pixels (self->model, self->test->pixels, self->test->labels,
                                      self->n_test, self->config.normalize, &self->cancelled,
                                      &test_loss, &test_accuracy, NULL,
                                      self->test_predicted))
        {
          result->status = NR_TRAIN_CANCELLED;
          break;
        }
      train_seconds += epoch_seconds;
      result->epochs_completed = epoch;
      result->train_loss = progress.loss;
      result->train_accuracy = progress.accuracy;
      result->seconds_per_epoch = train_seconds / epoch;
      result->test_loss = test_loss;
      result->test_accuracy = test_accuracy;

      progress.kind = NR_PROGRESS_EPOCH_END;
      progress.at_chance = at_chance (self, progress.accuracy, test_accuracy);
      if (progress.at_chance)
        result->epochs_at_chance++;
      progress.batch_loss = NAN;
      progress.test_loss = result->test_loss;
      progress.test_accuracy = result->test_accuracy;
      progress.epoch_seconds = epoch_seconds;
      progress.seconds_per_step = epoch_seconds / steps;
      progress.test_predicted = self->n_test > 0 ? self->test_predicted : NULL;
      progress.n_test = self->test_predicted != NULL ? self->n_test : 0;
      if (func != NULL)
        func (&progress, self->model, user_data);
      progress.test_predicted = NULL;
      progress.n_test = 0;
    }

  _nr_trainer_step_end (self);
  nr_kernels_restore_fp_mode (fp_mode);
  result->seconds = seconds_since (run_start);
  return TRUE;
}

double
nr_train_suggest_learning_rate (double learning_rate)
{
  g_return_val_if_fail (learning_rate > 0.0, NAN);

  return learning_rate / 10.0;
}
