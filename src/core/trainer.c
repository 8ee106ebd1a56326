/* trainer.c — epochs of shuffled mini-batches, Keras' fit() in C.
 *
 * One step: gather the batch (uint8 → float), forward through Dense → activation →
 * Dropout, softmax cross-entropy, backward, optimizer update. All buffers are carved
 * from one allocation made by nr_trainer_new(); the step itself allocates nothing.
 *
 * Determinism: the weights, the shuffles and the dropout masks come from three
 * sub-streams of config->seed, and every reduction runs in a fixed order, so the same
 * seed and config give bit-identical losses and weights on one machine and build.
 *
 * The hot loop (nr_trainer_run) does not go through the float batch: the first dense
 * layer reads the uint8 pixels directly and skips the zero ones (kernels.h), and with
 * Adam its gradient, its update and the next batch's first-layer forward are one pass
 * over W1 (nr_dense_u8_adam_fused). With config->n_threads > 1, persistent workers take
 * slices of the first layer's output columns; every value is still summed in the same
 * order by one thread, so the results are bit-identical whatever the thread count.
 * The reference path (gather_batch + forward + backward) is kept for
 * _nr_trainer_batch_gradients, which the gradient checks use.
 *
 * Divergence: every batch's loss is checked before its backward pass; a NaN or infinite
 * loss stops the run with NR_TRAIN_DIVERGED before that step's update, so the weights are
 * those of the last finite step (which may already be very large: a finite but exploding
 * loss is a training outcome, not divergence, as in Keras).
 */
#include <math.h>
#include <string.h>

#ifdef __SSE__
#include <xmmintrin.h>
#endif

#include "neurona/error.h"
#include "neurona/layers.h"
#include "neurona/trainer.h"

#include "kernels.h"
#include "model-private.h"
#include "rng.h"
#include "trainer-private.h"

#define NR_STREAM_SHUFFLE 2
#define NR_STREAM_DROPOUT 3

#define MAX_EPOCHS 100000
#define MAX_BATCH_SIZE 65536
#define MAX_THREADS 256
#define MAX_SCRATCH_BYTES ((gsize) 1 << 30)

typedef struct _Pool Pool;

struct _NrTrainer {
  NrTrainConfig config;
  guint n_classes;
  guint n_train, n_test; /* after train_limit / test_limit */
  guint64 step_count;    /* optimizer steps taken (Adam's t) */
  gint cancelled;        /* atomic */
  NrRng shuffle_rng;
  guint64 dropout_state;

  /* Owned */
  NrModel *model;
  NrImageSet *train;
  NrImageSet *test;
  gpointer scratch;

  /* Borrowed, into scratch */
  guint32 *order;                 /* (n_train) this epoch's permutation */
  guint8 *labels;                 /* (B) */
  float *x;                       /* (B, in) the batch as floats */
  float *z[NR_MAX_HIDDEN];        /* (B, units) pre-activation */
  float *h[NR_MAX_HIDDEN];        /* (B, units) activation */
  float *mask[NR_MAX_HIDDEN];     /* (B, units) dropout scale, when the layer has dropout */
  float *d[NR_MAX_HIDDEN];        /* (B, units) after dropout, when the layer has dropout */
  float *logits, *probs, *dlogits; /* (B, outputs) */
  float *grad_a, *grad_b;         /* (B, max_width) backward ping-pong */
  float *partials;                /* (ranges - 1, B, out[0]) the fused pass's partials */

  /* The fast path of nr_trainer_run */
  const guint8 **rows, **next_rows; /* (B) pixel rows of this batch and of the next one */
  float lut[256];                   /* pixel → input value, lut[0] == 0 */
  gboolean z0_ready;                /* layer 0's output already holds this batch's product */
  Pool *pool;                       /* owned during a run */
};

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

/* The fused first-layer pass (nr_dense_u8_adam_fused) runs over fixed ranges of weight
 * rows, each with its own partial product of the next batch, summed in order afterwards.
 * The ranges do not depend on the thread count, so neither do the bits; threads take
 * whole ranges, so no two cores write the same cache line of W1, m or v. Up to
 * FUSED_RANGES ranges, each a whole number of 64-row blocks. */
#define FUSED_RANGES 4

static guint
fused_ranges (guint K)
{
  guint blocks = (K + 63) / 64;
  return CLAMP (blocks, 1, FUSED_RANGES);
}

/* Start of range r of K rows (r == n gives K). */
static int
fused_range_start (guint K, guint n, guint r)
{
  guint blocks = (K + 63) / 64;
  return (int) MIN (K, blocks * r / n * 64);
}

/* Floats of scratch the trainer needs for batch size B, or 0 with an error when too big. */
static gsize
scratch_floats (const NrModelSpec *spec, guint B)
{
  gsize per_row = spec->input_size + 3 * (gsize) spec->outputs;
  guint max_width = spec->outputs;
  guint out0 = spec->n_hidden > 0 ? spec->hidden[0].units : spec->outputs;

  /* the fused pass's partial products of ranges 1 … n-1 */
  per_row += (gsize) (fused_ranges (spec->input_size) - 1) * out0;

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
                   "The number of epochs must be between 1 and %d (got %u).", MAX_EPOCHS,
                   config->epochs);
      return FALSE;
    }
  if (config->batch_size == 0 || config->batch_size > MAX_BATCH_SIZE)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   "The batch size must be between 1 and %d (got %u).", MAX_BATCH_SIZE,
                   config->batch_size);
      return FALSE;
    }
  if (config->n_threads == 0 || config->n_threads > MAX_THREADS)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   "The number of threads must be between 1 and %d (got %u).", MAX_THREADS,
                   config->n_threads);
      return FALSE;
    }
  bytes = scratch_floats (&config->model, config->batch_size) * sizeof (float);
  if (bytes > MAX_SCRATCH_BYTES)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   "Batch size %u is too large for this network: training would need "
                   "%" G_GSIZE_FORMAT " MB of working memory (at most %" G_GSIZE_FORMAT
                   " MB).",
                   config->batch_size, bytes >> 20, MAX_SCRATCH_BYTES >> 20);
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
                   "The %s images are %u × %u pixels, but the network expects %u inputs.",
                   what, set->rows, set->cols, spec->input_size);
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
  self->partials = TAKE ((gsize) (fused_ranges (spec->input_size) - 1) * B * model->out[0]);
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
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID, "The training set has no images.");
      return NULL;
    }
  if (!check_set (train, n_train, "training", &config->model, error))
    return NULL;
  if (test != NULL)
    {
      n_test = config->test_limit > 0 ? MIN (config->test_limit, test->n) : test->n;
      if (!check_set (test, n_test, "test", &config->model, error))
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
  carve_scratch (self);
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

/* ---- one step ------------------------------------------------------------------------- */

/* The input of dense layer l: the image batch, or the previous hidden layer's output. */
static const float *
layer_input (NrTrainer *self, guint l)
{
  if (l == 0)
    return self->x;
  return self->config.model.hidden[l - 1].dropout > 0.0f ? self->d[l - 1] : self->h[l - 1];
}

/* x, labels ← training images indices[0 … B) */
static void
gather_batch (NrTrainer *self, const guint32 *indices, int B)
{
  gsize in = self->config.model.input_size;

  for (int i = 0; i < B; i++)
    {
      guint idx = indices[i];
      _nr_pixels_to_float (self->x + (gsize) i * in, self->train->pixels + (gsize) idx * in, in,
                           self->config.normalize);
      self->labels[i] = self->train->labels[idx];
    }
}

/* Returns the batch's mean loss; n_correct receives its correct predictions. */
static double
forward (NrTrainer *self, int B, guint *n_correct)
{
  NrModel *model = self->model;
  const NrModelSpec *spec = &self->config.model;

  for (guint l = 0; l < model->n_layers; l++)
    {
      const float *in = layer_input (self, l);
      const float *w = model->params + model->w_offset[l];
      const float *b = model->params + model->b_offset[l];

      if (l == spec->n_hidden)
        {
          nr_dense_forward (self->logits, in, w, b, B, model->in[l], model->out[l]);
        }
      else
        {
          const NrLayerSpec *h = &spec->hidden[l];
          gsize n = (gsize) B * h->units;

          nr_dense_forward (self->z[l], in, w, b, B, model->in[l], model->out[l]);
          nr_activation_forward (h->activation, self->h[l], self->z[l], n);
          if (h->dropout > 0.0f)
            nr_dropout_forward (self->d[l], self->mask[l], self->h[l], n, h->dropout,
                                &self->dropout_state);
        }
    }
  return nr_softmax_xent_forward (self->probs, self->logits, self->labels, B,
                                  (int) spec->outputs, n_correct);
}

/* Fills model->grads for the batch. */
static void
backward (NrTrainer *self, int B)
{
  NrModel *model = self->model;
  const NrModelSpec *spec = &self->config.model;
  const float *dy = self->dlogits;
  float *dx = self->grad_a;
  float *spare = self->grad_b;

  nr_softmax_xent_backward (self->dlogits, self->probs, self->labels, B, (int) spec->outputs);
  for (int l = (int) model->n_layers - 1; l >= 0; l--)
    {
      float *tmp;

      /* The first layer's input gradient is of no use: skip its gemm. */
      nr_dense_backward (l > 0 ? dx : NULL, model->grads + model->w_offset[l],
                         model->grads + model->b_offset[l], dy, layer_input (self, (guint) l),
                         model->params + model->w_offset[l], B, model->in[l], model->out[l]);
      if (l == 0)
        break;

      /* dx is now the gradient at hidden layer l-1's output: back through its dropout
       * and activation, in place. */
      {
        const NrLayerSpec *h = &spec->hidden[l - 1];
        gsize n = (gsize) B * h->units;

        if (h->dropout > 0.0f)
          nr_dropout_backward (dx, dx, self->mask[l - 1], n);
        nr_activation_backward (h->activation, dx, dx, self->z[l - 1], self->h[l - 1], n);
      }
      dy = dx;
      tmp = spare;
      spare = dx;
      dx = tmp;
    }
}

static void
update (NrTrainer *self)
{
  NrModel *model = self->model;
  const NrOptimizerSpec *opt = &self->config.optimizer;

  self->step_count++;
  switch (opt->kind)
    {
    case NR_OPTIMIZER_ADAM:
      nr_adam_step (model->params, model->m, model->v, model->grads, model->n_params,
                    opt->learning_rate, opt->beta1, opt->beta2, opt->epsilon, self->step_count);
      break;
    case NR_OPTIMIZER_SGD:
      nr_sgd_step (model->params, model->m, model->grads, model->n_params, opt->learning_rate,
                   opt->momentum);
      break;
    case NR_OPTIMIZER_RMSPROP:
      nr_rmsprop_step (model->params, model->v, model->grads, model->n_params,
                       opt->learning_rate, opt->rho, opt->epsilon);
      break;
    case NR_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
}

double
_nr_trainer_batch_gradients (NrTrainer *self, const guint32 *indices, int B,
                             guint64 dropout_state, gboolean with_gradients)
{
  guint64 saved = self->dropout_state;
  double loss;

  g_return_val_if_fail (B >= 1 && (guint) B <= self->config.batch_size, NAN);

  self->dropout_state = dropout_state;
  gather_batch (self, indices, B);
  loss = forward (self, B, NULL);
  if (with_gradients)
    backward (self, B);
  self->dropout_state = saved;
  return loss;
}

/* ---- the run -------------------------------------------------------------------------- */

/* Denormals: Adam's moments for always-black pixels decay towards zero and, as denormals,
 * slow every pass over them; TensorFlow flushes them too. Saved and restored around the run
 * so the caller's thread is left as it was. */
typedef struct {
#ifdef __SSE__
  unsigned int mxcsr;
#elif defined(__aarch64__)
  guint64 fpcr;
#else
  int unused;
#endif
} FpState;

static void
fp_flush_denormals (FpState *saved)
{
#ifdef __SSE__
  saved->mxcsr = _mm_getcsr ();
  _mm_setcsr (saved->mxcsr | 0x8040); /* FTZ (bit 15) | DAZ (bit 6) */
#elif defined(__aarch64__)
  __asm__ __volatile__ ("mrs %0, fpcr" : "=r"(saved->fpcr));
  __asm__ __volatile__ ("msr fpcr, %0" : : "r"(saved->fpcr | (G_GUINT64_CONSTANT (1) << 24)));
#else
  (void) saved;
#endif
}

static void
fp_restore (const FpState *saved)
{
#ifdef __SSE__
  _mm_setcsr (saved->mxcsr);
#elif defined(__aarch64__)
  __asm__ __volatile__ ("msr fpcr, %0" : : "r"(saved->fpcr));
#else
  (void) saved;
#endif
}

/* ---- the fast path: first layer on uint8 pixels, split by columns across threads ------ */

typedef enum {
  JOB_FORWARD, /* layer 0's output for this batch */
  JOB_GRAD,    /* layer 0's weight gradient into model->grads */
  JOB_FUSED,   /* layer 0's gradient + Adam + the next batch's layer 0 output */
} JobKind;

typedef struct {
  JobKind kind;
  int B, B_next;
  const float *dy;     /* (B, units) gradient at layer 0's output */
  float *y;            /* (B or B_next, units) layer 0's output */
  gboolean with_next;  /* JOB_FUSED: also compute the next batch's output */
  NrAdamStep adam;
} Job;

typedef struct {
  Pool *pool;
  GThread *thread;
} Worker;

/* Persistent workers, one per extra thread. A job is split into parts that threads claim
 * one at a time: the fused Adam pass into fixed ranges of layer 0's weight rows (see
 * fused_ranges), the other jobs into column ranges. The calling thread publishes the job,
 * then claims and runs parts itself until none is left, and waits for the parts others
 * claimed. On an idle machine the worker runs parts while the caller runs others; when
 * the worker is descheduled (the machine is shared) the caller runs them all instead of
 * waiting for it. Which thread runs a part changes nothing in the result.
 *
 * `claim` packs the job's generation, its number of parts and the next unclaimed part,
 * so a compare-and-swap claims a part of exactly the job it read, with nothing else to
 * read first. Workers spin a little between steps (a step is ~100 µs; a wake-up through
 * the kernel costs more) and sleep on the condition variable when the trainer is busy
 * elsewhere (evaluation, progress callbacks). */
#define CLAIM_BITS 9 /* per field: the part count and the next part, both ≤ MAX_THREADS */
#define CLAIM_MASK ((1 << CLAIM_BITS) - 1)
#define CLAIM_WORD(generation, n, next)                                                    \
  ((gint) ((((guint) (generation) << (2 * CLAIM_BITS)) | ((guint) (n) << CLAIM_BITS) |      \
            (guint) (next)) & (guint) G_MAXINT))

struct _Pool {
  NrTrainer *trainer;
  guint n_threads;
  guint n_cols;              /* column parts */
  int cols[MAX_THREADS + 1]; /* column part p: layer 0's output columns [cols[p], cols[p+1]) */
  guint n_ranges;            /* row parts of the fused pass */
  int ranges[FUSED_RANGES + 1]; /* row part r: layer 0's weight rows [ranges[r], ranges[r+1]) */
  Job job;
  gint claim;      /* atomic: CLAIM_WORD (generation, parts, next unclaimed part) */
  gint done;       /* atomic: parts of the current job finished */
  gint quit;       /* atomic */
  gint sleepers;   /* atomic */
  GMutex mutex;
  GCond cond;
  Worker workers[MAX_THREADS];
};

static inline void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#elif defined(__aarch64__)
  __asm__ __volatile__ ("yield");
#endif
}

static void
run_part (Pool *pool, const Job *job, guint part)
{
  NrTrainer *self = pool->trainer;
  NrModel *model = self->model;
  int K = model->in[0], N = model->out[0];
  float *w = model->params + model->w_offset[0];
  float *b = model->params + model->b_offset[0];

  switch (job->kind)
    {
    case JOB_FORWARD:
      nr_dense_u8_forward (job->y, self->rows, self->lut, w, b, job->B, K, N, pool->cols[part],
                           pool->cols[part + 1]);
      break;
    case JOB_GRAD:
      nr_dense_u8_weight_grad (model->grads + model->w_offset[0], self->rows, self->lut,
                               job->dy, job->B, K, N, pool->cols[part], pool->cols[part + 1]);
      break;
    case JOB_FUSED:
      {
        /* Range 0 writes straight into layer 0's output; the others into their partials,
         * which fast_update adds to it in order. */
        float *y_part = part == 0 ? job->y
                                  : self->partials + (gsize) (part - 1) *
                                                       self->config.batch_size * N;
        nr_dense_u8_adam_fused (w, model->m + model->w_offset[0],
                                model->v + model->w_offset[0], b, model->m + model->b_offset[0],
                                model->v + model->b_offset[0], self->rows, job->dy, job->B,
                                job->with_next ? self->next_rows : NULL, y_part, job->B_next,
                                self->lut, K, N, pool->ranges[part], pool->ranges[part + 1],
                                &job->adam);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Claims and runs parts of the current job until none is left; returns the claim word
 * last seen. */
static gint
run_claimed_parts (Pool *pool)
{
  for (;;)
    {
      gint word = g_atomic_int_get (&pool->claim);
      guint part = (guint) word & CLAIM_MASK;
      guint n = ((guint) word >> CLAIM_BITS) & CLAIM_MASK;

      if (part >= n)
        return word;
      if (!g_atomic_int_compare_and_exchange (&pool->claim, word, word + 1))
        continue;
      /* The job was written before the claim word that announced it. */
      run_part (pool, &pool->job, part);
      /* After this the caller may publish the next job: no more reads of this one. */
      g_atomic_int_inc (&pool->done);
    }
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;
  Pool *pool = worker->pool;
  FpState fp;

  /* Same floating-point mode as the calling thread, so every part rounds alike. */
  fp_flush_denormals (&fp);
  while (!g_atomic_int_get (&pool->quit))
    {
      gint seen = run_claimed_parts (pool);
      gint64 spin_start = 0;
      guint spins = 0;

      /* Nothing left to claim: wait for the claim word to change (a new job). */
      while (g_atomic_int_get (&pool->claim) == seen && !g_atomic_int_get (&pool->quit))
        {
          cpu_relax ();
          if (++spins % 1024 != 0)
            continue;
          if (spin_start == 0)
            spin_start = g_get_monotonic_time ();
          else if (g_get_monotonic_time () - spin_start > 200)
            {
              g_mutex_lock (&pool->mutex);
              g_atomic_int_inc (&pool->sleepers);
              while (g_atomic_int_get (&pool->claim) == seen && !g_atomic_int_get (&pool->quit))
                g_cond_wait (&pool->cond, &pool->mutex);
              g_atomic_int_add (&pool->sleepers, -1);
              g_mutex_unlock (&pool->mutex);
            }
        }
    }
  fp_restore (&fp);
  return NULL;
}

static void
pool_wake (Pool *pool)
{
  if (g_atomic_int_get (&pool->sleepers) > 0)
    {
      g_mutex_lock (&pool->mutex);
      g_cond_broadcast (&pool->cond);
      g_mutex_unlock (&pool->mutex);
    }
}

/* Runs job on all parts and returns when every part is done. */
static void
pool_run (Pool *pool, const Job *job)
{
  guint n = job->kind == JOB_FUSED ? pool->n_ranges : pool->n_cols;
  guint spins = 0;
  guint generation;

  if (pool->n_threads == 1)
    {
      for (guint part = 0; part < n; part++)
        run_part (pool, job, part);
      return;
    }
  pool->job = *job;
  g_atomic_int_set (&pool->done, 0);
  generation = ((guint) g_atomic_int_get (&pool->claim) >> (2 * CLAIM_BITS)) + 1;
  g_atomic_int_set (&pool->claim, CLAIM_WORD (generation, n, 0));
  pool_wake (pool);
  run_claimed_parts (pool);
  while (g_atomic_int_get (&pool->done) < (gint) n)
    {
      cpu_relax ();
      if (++spins % 4096 == 0)
        g_thread_yield ();
    }
}

/* Column parts in multiples of 16 columns (one zmm), at most one per thread; the fused
 * pass's row ranges are fixed (fused_ranges); no more threads than either can use. */
static Pool *
pool_new (NrTrainer *self)
{
  Pool *pool = g_new0 (Pool, 1);
  int K = self->model->in[0], N = self->model->out[0];
  guint chunks = (guint) (N + 15) / 16;

  pool->trainer = self;
  pool->n_ranges = fused_ranges ((guint) K);
  for (guint r = 0; r <= pool->n_ranges; r++)
    pool->ranges[r] = fused_range_start ((guint) K, pool->n_ranges, r);
  pool->n_threads = CLAMP (self->config.n_threads, 1, MAX (chunks, pool->n_ranges));
  pool->n_cols = CLAMP (pool->n_threads, 1, chunks);
  for (guint p = 0; p <= pool->n_cols; p++)
    pool->cols[p] = MIN (N, (int) (chunks * p / pool->n_cols) * 16);
  pool->claim = CLAIM_WORD (0, 0, 0); /* generation 0: nothing to claim yet */
  g_mutex_init (&pool->mutex);
  g_cond_init (&pool->cond);
  for (guint p = 1; p < pool->n_threads; p++)
    {
      Worker *worker = &pool->workers[p];
      worker->pool = pool;
      worker->thread = g_thread_new ("neurona-train", worker_main, worker);
    }
  return pool;
}

static void
pool_free (Pool *pool)
{
  g_atomic_int_set (&pool->quit, TRUE);
  g_mutex_lock (&pool->mutex);
  g_cond_broadcast (&pool->cond);
  g_mutex_unlock (&pool->mutex);
  for (guint p = 1; p < pool->n_threads; p++)
    g_thread_join (pool->workers[p].thread);
  g_mutex_clear (&pool->mutex);
  g_cond_clear (&pool->cond);
  g_free (pool);
}

/* Layer 0's output buffer: the first hidden layer's pre-activation, or the logits. */
static float *
layer0_output (NrTrainer *self)
{
  return self->config.model.n_hidden > 0 ? self->z[0] : self->logits;
}

/* Like forward(), with layer 0's product from the pixels (or already there). */
static double
fast_forward (NrTrainer *self, int B, guint *n_correct)
{
  NrModel *model = self->model;
  const NrModelSpec *spec = &self->config.model;

  if (!self->z0_ready)
    {
      Job job = { .kind = JOB_FORWARD, .B = B, .y = layer0_output (self) };
      pool_run (self->pool, &job);
    }
  self->z0_ready = FALSE;

  for (guint l = 0; l < model->n_layers; l++)
    {
      const float *in = layer_input (self, l);
      const float *w = model->params + model->w_offset[l];
      const float *b = model->params + model->b_offset[l];

      if (l == spec->n_hidden)
        {
          if (l > 0)
            nr_dense_forward (self->logits, in, w, b, B, model->in[l], model->out[l]);
        }
      else
        {
          const NrLayerSpec *h = &spec->hidden[l];
          gsize n = (gsize) B * h->units;

          if (l > 0)
            nr_dense_forward (self->z[l], in, w, b, B, model->in[l], model->out[l]);
          if (h->activation == NR_ACTIVATION_RELU && h->dropout > 0.0f)
            {
              /* Same bits, mask stream and state as the two calls below; h is not needed
               * (ReLU's backward reads z). */
              nr_kernel_relu_dropout_forward (self->d[l], self->mask[l], self->z[l], n,
                                              h->dropout, &self->dropout_state);
              continue;
            }
          nr_activation_forward (h->activation, self->h[l], self->z[l], n);
          if (h->dropout > 0.0f)
            nr_dropout_forward (self->d[l], self->mask[l], self->h[l], n, h->dropout,
                                &self->dropout_state);
        }
    }
  return nr_softmax_xent_forward (self->probs, self->logits, self->labels, B,
                                  (int) spec->outputs, n_correct);
}

/* Like backward() down to layer 0's output; returns the gradient there, (B, out[0]). Layer
 * 0's own gradients are left to fast_update. */
static const float *
fast_backward (NrTrainer *self, int B)
{
  NrModel *model = self->model;
  const NrModelSpec *spec = &self->config.model;
  const float *dy = self->dlogits;
  float *dx = self->grad_a;
  float *spare = self->grad_b;

  nr_softmax_xent_backward (self->dlogits, self->probs, self->labels, B, (int) spec->outputs);
  for (int l = (int) model->n_layers - 1; l > 0; l--)
    {
      const NrLayerSpec *h = &spec->hidden[l - 1];
      gsize n = (gsize) B * h->units;
      float *tmp;

      nr_dense_backward (dx, model->grads + model->w_offset[l],
                         model->grads + model->b_offset[l], dy, layer_input (self, (guint) l),
                         model->params + model->w_offset[l], B, model->in[l], model->out[l]);
      if (h->activation == NR_ACTIVATION_RELU)
        nr_kernel_relu_backward (dx, dx, self->z[l - 1],
                                 h->dropout > 0.0f ? self->mask[l - 1] : NULL, n);
      else
        {
          if (h->dropout > 0.0f)
            nr_dropout_backward (dx, dx, self->mask[l - 1], n);
          nr_activation_backward (h->activation, dx, dx, self->z[l - 1], self->h[l - 1], n);
        }
      dy = dx;
      tmp = spare;
      spare = dx;
      dx = tmp;
    }
  return dy;
}

/* The optimizer step. With Adam, layer 0 is updated by the fused pass, which also leaves
 * the next batch's layer 0 output in place when B_next > 0 (self->next_rows). */
static void
fast_update (NrTrainer *self, const float *dy0, int B, int B_next)
{
  NrModel *model = self->model;
  const NrOptimizerSpec *opt = &self->config.optimizer;
  gsize rest = model->b_offset[0] + (gsize) model->out[0]; /* layer 0 is params[0, rest) */
  Job job = { 0 };

  g_assert (model->w_offset[0] == 0 && model->b_offset[0] == (gsize) model->in[0] * model->out[0]);

  if (opt->kind != NR_OPTIMIZER_ADAM)
    {
      float *db = model->grads + model->b_offset[0];
      int N = model->out[0];

      job.kind = JOB_GRAD;
      job.B = B;
      job.dy = dy0;
      pool_run (self->pool, &job);
      memset (db, 0, sizeof (float) * N);
      for (int i = 0; i < B; i++)
        for (int j = 0; j < N; j++)
          db[j] += dy0[(gsize) i * N + j];
      update (self);
      return;
    }

  self->step_count++;
  {
    /* As nr_adam_step: Keras folds both bias corrections into the step size. */
    double t = (double) self->step_count;
    double lr_t = opt->learning_rate * sqrt (1.0 - pow (opt->beta2, t)) /
                  (1.0 - pow (opt->beta1, t));

    job.adam.lr_t = (float) lr_t;
    job.adam.b1 = opt->beta1;
    job.adam.b2 = opt->beta2;
    job.adam.eps = opt->epsilon;
  }
  if (rest < model->n_params)
    nr_kernel_adam (model->params + rest, model->m + rest, model->v + rest, model->grads + rest,
                    model->n_params - rest, job.adam.lr_t, job.adam.b1, job.adam.b2,
                    job.adam.eps);
  job.kind = JOB_FUSED;
  job.B = B;
  job.dy = dy0;
  job.B_next = B_next;
  job.with_next = B_next > 0;
  job.y = layer0_output (self);
  pool_run (self->pool, &job);
  if (B_next > 0)
    {
      /* Layer 0's output for the next batch: range 0's partial (with the bias) plus the
       * other ranges' partials, in range order. */
      gsize n = (gsize) B_next * model->out[0];
      gsize stride = (gsize) self->config.batch_size * model->out[0];

      for (guint r = 1; r < self->pool->n_ranges; r++)
        nr_kernel_add (job.y, self->partials + (r - 1) * stride, n);
    }
  self->z0_ready = B_next > 0;
}

static void
prefetch_images (NrTrainer *self, const guint32 *indices, int B)
{
  gsize in = self->config.model.input_size;

  for (int i = 0; i < B; i++)
    {
      const guint8 *row = self->train->pixels + (gsize) indices[i] * in;
      for (gsize off = 0; off < in; off += 64)
        __builtin_prefetch (row + off, 0, 3);
      __builtin_prefetch (row + in - 1, 0, 3);
    }
}

/* rows ← the pixel rows of indices[0 … B); labels too when labels is not NULL. */
static void
point_rows (NrTrainer *self, const guint8 **rows, const guint32 *indices, int B,
            guint8 *labels)
{
  gsize in = self->config.model.input_size;

  for (int i = 0; i < B; i++)
    {
      rows[i] = self->train->pixels + (gsize) indices[i] * in;
      if (labels != NULL)
        labels[i] = self->train->labels[indices[i]];
    }
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
  FpState fp;

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
  fp_flush_denormals (&fp);
  self->pool = pool_new (self);

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
          double batch_loss;
          const float *dy0;

          if (g_atomic_int_get (&self->cancelled))
            {
              result->status = NR_TRAIN_CANCELLED;
              break;
            }

          point_rows (self, self->rows, self->order + start, bs, self->labels);
          /* The images are scattered over a set larger than the caches: start loading the
           * next batch's now, so they have arrived when this step's fused pass reads them. */
          if (next_bs > 0)
            prefetch_images (self, self->order + start + B, next_bs);
          batch_loss = fast_forward (self, bs, &n_correct);
          if (!isfinite (batch_loss))
            {
              /* Stop before this batch's update: the weights stay as they were. */
              result->status = NR_TRAIN_DIVERGED;
              result->diverged_epoch = epoch;
              result->diverged_step = step;
              break;
            }
          dy0 = fast_backward (self, bs);
          if (next_bs > 0)
            point_rows (self, self->next_rows, self->order + start + B, next_bs, NULL);
          fast_update (self, dy0, bs, next_bs);

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
                                      &test_loss, &test_accuracy))
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
      progress.batch_loss = NAN;
      progress.test_loss = result->test_loss;
      progress.test_accuracy = result->test_accuracy;
      progress.epoch_seconds = epoch_seconds;
      progress.seconds_per_step = epoch_seconds / steps;
      if (func != NULL)
        func (&progress, self->model, user_data);
    }

  g_clear_pointer (&self->pool, pool_free);
  fp_restore (&fp);
  result->seconds = seconds_since (run_start);
  return TRUE;
}
