/* trainer-step.c — one training step, twice: the reference and the fast one.
 *
 * The reference step is the specification, written the way the tutorial's maths reads:
 * gather the batch (uint8 → float), forward through each Dense → activation → Dropout,
 * softmax cross-entropy, backward layer by layer with the functions of layers.h, then the
 * optimizer over all parameters. The gradient checks (tests/test-trainer.c) hold it to
 * finite differences, and the fast step is held to it (tests/test-trainer-threads.c).
 *
 * The fast step is what nr_trainer_run takes. It computes the same thing with three
 * liberties, none of which changes what is computed: the first dense layer reads the
 * uint8 pixels directly and skips the zero ones (kernels.h); ReLU + Dropout run as one
 * kernel drawing the same mask stream; and with Adam, the first layer's gradient, its
 * update and the next batch's first-layer forward are one pass over W1
 * (nr_dense_u8_adam_fused). With config->n_threads > 1 the pool's workers take parts of
 * that layer: 16-column parts for its forward and gradient, fixed row ranges for the
 * fused pass. Every value is still summed in the same order by whichever thread computes
 * it, so the results are bit-identical whatever the thread count.
 *
 * All buffers are carved from the trainer's one scratch allocation (trainer.c); a step
 * allocates nothing.
 */
#include <math.h>
#include <string.h>

#include "neurona/layers.h"

#include "kernels.h"
#include "trainer-private.h"

/* ---- the reference step (the specification) ----------------------------------------- */

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

/* ---- the fast step ------------------------------------------------------------------- */

typedef enum {
  JOB_FORWARD, /* layer 0's output for this batch */
  JOB_GRAD,    /* layer 0's weight gradient into model->grads */
  JOB_FUSED,   /* layer 0's gradient + Adam + the next batch's layer 0 output */
} JobKind;

typedef struct {
  NrTrainer *trainer;
  JobKind kind;
  int B, B_next;
  const float *dy;     /* (B, units) gradient at layer 0's output */
  float *y;            /* (B or B_next, units) layer 0's output */
  gboolean with_next;  /* JOB_FUSED: also compute the next batch's output */
  NrAdamStep adam;
} Job;

static void
run_part (guint part, gpointer data)
{
  const Job *job = data;
  NrTrainer *self = job->trainer;
  NrModel *model = self->model;
  int K = model->in[0], N = model->out[0];
  float *w = model->params + model->w_offset[0];
  float *b = model->params + model->b_offset[0];

  switch (job->kind)
    {
    case JOB_FORWARD:
      nr_dense_u8_forward (job->y, self->rows, self->lut, w, b, job->B, K, N, self->cols[part],
                           self->cols[part + 1]);
      break;
    case JOB_GRAD:
      nr_dense_u8_weight_grad (model->grads + model->w_offset[0], self->rows, self->lut,
                               job->dy, job->B, K, N, self->cols[part], self->cols[part + 1]);
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
                                self->lut, K, N, self->ranges[part], self->ranges[part + 1],
                                &job->adam);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
run_job (NrTrainer *self, Job *job)
{
  job->trainer = self;
  _nr_pool_run (self->pool, job->kind == JOB_FUSED ? self->n_ranges : self->n_cols, run_part,
                job);
}

/* Column parts in multiples of 16 columns, at most one per thread (on the paths where a
 * part's bits depend on its shape, OpenBLAS, the kernels keep them independent of the
 * split, kernels.h); the fused pass's row ranges are fixed. No more threads than either
 * can use. */
void
_nr_trainer_step_begin (NrTrainer *self)
{
  int K = self->model->in[0], N = self->model->out[0];
  guint chunks = (guint) (N + 15) / 16;
  guint blocks = ((guint) K + 63) / 64;
  guint n_threads;

  self->n_ranges = _nr_fused_ranges ((guint) K);
  for (guint r = 0; r <= self->n_ranges; r++)
    self->ranges[r] = (int) MIN ((guint) K, blocks * r / self->n_ranges * 64);
  n_threads = CLAMP (self->config.n_threads, 1, MAX (chunks, self->n_ranges));
  n_threads = MIN (n_threads, NR_POOL_MAX_THREADS);
  self->n_cols = CLAMP (n_threads, 1, chunks);
  for (guint p = 0; p <= self->n_cols; p++)
    self->cols[p] = MIN (N, (int) (chunks * p / self->n_cols) * 16);
  self->pool = _nr_pool_new (n_threads);
}

void
_nr_trainer_step_end (NrTrainer *self)
{
  g_clear_pointer (&self->pool, _nr_pool_free);
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
      run_job (self, &job);
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
      run_job (self, &job);
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
  run_job (self, &job);
  if (B_next > 0)
    {
      /* Layer 0's output for the next batch: range 0's partial (with the bias) plus the
       * other ranges' partials, in range order. */
      gsize n = (gsize) B_next * model->out[0];
      gsize stride = (gsize) self->config.batch_size * model->out[0];

      for (guint r = 1; r < self->n_ranges; r++)
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

double
_nr_trainer_fast_forward (NrTrainer *self, const guint32 *indices, int B,
                          const guint32 *next_indices, int B_next, guint *n_correct)
{
  point_rows (self, self->rows, indices, B, self->labels);
  /* The images are scattered over a set larger than the caches: start loading the next
   * batch's now, so they have arrived when this step's fused pass reads them. */
  if (B_next > 0)
    prefetch_images (self, next_indices, B_next);
  return fast_forward (self, B, n_correct);
}

void
_nr_trainer_fast_update (NrTrainer *self, const guint32 *next_indices, int B, int B_next)
{
  const float *dy0 = fast_backward (self, B);

  if (B_next > 0)
    point_rows (self, self->next_rows, next_indices, B_next, NULL);
  fast_update (self, dy0, B, B_next);
}
