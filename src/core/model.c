/* model.c — sequential dense networks: layout, initialisation, prediction, evaluation. */
#include <math.h>
#include <string.h>

#include "neurona/error.h"
#include "neurona/layers.h"
#include "neurona/model.h"

#include "i18n.h"
#include "model-private.h"
#include "rng.h"

/* Independent sub-streams of the run's seed. */
#define NR_STREAM_WEIGHTS 1

/* The largest network accepted: parameters, gradients and Adam's two moments are 16 bytes
 * per parameter, kept under 1 GiB (the trainer's own working memory has the same cap).
 * This also keeps every layer's in × out far below 2^31, so int index arithmetic in the
 * kernels cannot overflow. Eight hidden layers of 4096 units (137 million parameters,
 * 2.2 GB) are refused; three of 4096 (37 million) are fine. */
#define MAX_PARAMS ((gsize) 1 << 26)

/* Images per chunk in predict/evaluate: big enough for the gemm to be efficient, small
 * enough that scratch stays in cache. */
#define PREDICT_SCRATCH_FLOATS (256 * 1024)

static const char *const activation_names[NR_N_ACTIVATIONS] = {
  [NR_ACTIVATION_LINEAR] = "linear",
  [NR_ACTIVATION_RELU] = "relu",
  [NR_ACTIVATION_SIGMOID] = "sigmoid",
  [NR_ACTIVATION_TANH] = "tanh",
  [NR_ACTIVATION_LEAKY_RELU] = "leaky_relu",
  [NR_ACTIVATION_ELU] = "elu",
  [NR_ACTIVATION_GELU] = "gelu",
};

const char *
nr_activation_name (NrActivation act)
{
  g_return_val_if_fail (act < NR_N_ACTIVATIONS, NULL);

  return activation_names[act];
}

gboolean
nr_activation_from_name (const char *name, NrActivation *out_act)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (int a = 0; a < NR_N_ACTIVATIONS; a++)
    if (g_ascii_strcasecmp (name, activation_names[a]) == 0)
      {
        if (out_act != NULL)
          *out_act = (NrActivation) a;
        return TRUE;
      }
  /* Keras' other spelling. */
  if (g_ascii_strcasecmp (name, "leakyrelu") == 0 || g_ascii_strcasecmp (name, "identity") == 0)
    {
      if (out_act != NULL)
        *out_act = name[0] == 'l' || name[0] == 'L' ? NR_ACTIVATION_LEAKY_RELU
                                                    : NR_ACTIVATION_LINEAR;
      return TRUE;
    }
  return FALSE;
}

void
nr_model_spec_init_tutorial (NrModelSpec *spec, gboolean with_dropout)
{
  g_return_if_fail (spec != NULL);

  memset (spec, 0, sizeof *spec);
  spec->input_size = 28 * 28;
  spec->n_hidden = 1;
  spec->hidden[0].units = 128;
  spec->hidden[0].activation = NR_ACTIVATION_RELU;
  spec->hidden[0].dropout = with_dropout ? 0.2f : 0.0f;
  spec->outputs = 10;
}

static guint
layer_in (const NrModelSpec *spec, guint layer)
{
  return layer == 0 ? spec->input_size : spec->hidden[layer - 1].units;
}

static guint
layer_out (const NrModelSpec *spec, guint layer)
{
  return layer == spec->n_hidden ? spec->outputs : spec->hidden[layer].units;
}

gsize
nr_model_spec_layer_params (const NrModelSpec *spec, guint layer)
{
  g_return_val_if_fail (spec != NULL, 0);
  g_return_val_if_fail (spec->n_hidden <= NR_MAX_HIDDEN, 0);
  g_return_val_if_fail (layer <= spec->n_hidden, 0);

  return (gsize) layer_in (spec, layer) * layer_out (spec, layer) + layer_out (spec, layer);
}

gsize
nr_model_spec_param_count (const NrModelSpec *spec)
{
  gsize total = 0;

  g_return_val_if_fail (spec != NULL, 0);
  g_return_val_if_fail (spec->n_hidden <= NR_MAX_HIDDEN, 0);

  for (guint l = 0; l <= spec->n_hidden; l++)
    total += nr_model_spec_layer_params (spec, l);
  return total;
}

void
_nr_set_label_range_error (GError **error, guint label, guint outputs)
{
  g_set_error (error, NR_ERROR, NR_ERROR_LABEL_RANGE,
               _("label value %u is outside the valid range [0, %u). The output layer needs "
                 "at least %u units for this dataset."),
               label, outputs, label + 1);
}

gboolean
nr_model_spec_check (const NrModelSpec *spec, guint n_classes, GError **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (spec->input_size == 0 || spec->input_size > 1024 * 1024)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The input size must be between 1 and %u values (got %u)."), 1024 * 1024,
                   spec->input_size);
      return FALSE;
    }
  if (spec->n_hidden > NR_MAX_HIDDEN)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("Too many hidden layers: %u (at most %d)."), spec->n_hidden,
                   NR_MAX_HIDDEN);
      return FALSE;
    }
  for (guint l = 0; l < spec->n_hidden; l++)
    {
      const NrLayerSpec *h = &spec->hidden[l];

      if (h->units == 0 || h->units > NR_MAX_UNITS)
        {
          g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                       _("Hidden layer %u has %u units; it needs between 1 and %d."), l + 1,
                       h->units, NR_MAX_UNITS);
          return FALSE;
        }
      if ((guint) h->activation >= NR_N_ACTIVATIONS)
        {
          g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                       _("Hidden layer %u has an unknown activation (%d)."), l + 1,
                       (int) h->activation);
          return FALSE;
        }
      if (!isfinite (h->dropout) || h->dropout < 0.0f || h->dropout >= 1.0f)
        {
          g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                       _("The dropout rate of hidden layer %u is %g; it must be in [0, 1)."),
                       l + 1, (double) h->dropout);
          return FALSE;
        }
    }
  if (spec->outputs == 0 || spec->outputs > NR_MAX_UNITS)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The output layer has %u units; it needs between 1 and %d."),
                   spec->outputs, NR_MAX_UNITS);
      return FALSE;
    }
  if (nr_model_spec_param_count (spec) > MAX_PARAMS)
    {
      gsize n = nr_model_spec_param_count (spec);

      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The network has %zu parameters: its weights, gradients and optimizer "
                     "state would need %zu MB of working memory (at most %zu MB, %zu "
                     "parameters). Use fewer or smaller layers."),
                   (size_t) n, (size_t) ((n * 4 * sizeof (float)) >> 20),
                   (size_t) ((MAX_PARAMS * 4 * sizeof (float)) >> 20), (size_t) MAX_PARAMS);
      return FALSE;
    }
  if (n_classes > 0 && spec->outputs < n_classes)
    {
      _nr_set_label_range_error (error, n_classes - 1, spec->outputs);
      return FALSE;
    }
  return TRUE;
}

NrModel *
_nr_model_new_zeroed (const NrModelSpec *spec, gboolean with_training_state)
{
  NrModel *model;
  gsize offset = 0;

  model = g_new0 (NrModel, 1);
  model->spec = *spec;
  model->n_layers = spec->n_hidden + 1;
  for (guint l = 0; l < model->n_layers; l++)
    {
      model->in[l] = (int) layer_in (spec, l);
      model->out[l] = (int) layer_out (spec, l);
      model->w_offset[l] = offset;
      offset += (gsize) model->in[l] * model->out[l];
      model->b_offset[l] = offset;
      offset += model->out[l];
      model->max_width = MAX (model->max_width, model->out[l]);
    }
  model->n_params = offset;
  model->stride = (offset + 15) & ~(gsize) 15;
  model->n_buffers = with_training_state ? 4 : 1;
  model->memory = g_aligned_alloc0 (model->n_buffers * model->stride, sizeof (float), 64);
  model->params = model->memory;
  if (with_training_state)
    {
      model->grads = model->memory + model->stride;
      model->m = model->memory + 2 * model->stride;
      model->v = model->memory + 3 * model->stride;
    }
  return model;
}

NrModel *
nr_model_new (const NrModelSpec *spec, guint64 seed, GError **error)
{
  NrModel *model;
  NrRng rng;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nr_model_spec_check (spec, 0, error))
    return NULL;

  model = _nr_model_new_zeroed (spec, TRUE);

  /* Glorot (Xavier) uniform, Keras' default for Dense: U(-a, a), a = √(6 / (in + out)).
   * Biases stay zero. */
  nr_rng_seed (&rng, nr_rng_derive_seed (seed, NR_STREAM_WEIGHTS));
  for (guint l = 0; l < model->n_layers; l++)
    {
      float limit = sqrtf (6.0f / (float) (model->in[l] + model->out[l]));
      float *w = model->params + model->w_offset[l];
      gsize n = (gsize) model->in[l] * model->out[l];

      for (gsize i = 0; i < n; i++)
        w[i] = nr_rng_uniform_range (&rng, -limit, limit);
    }
  return model;
}

NrModel *
nr_model_copy (const NrModel *model)
{
  NrModel *copy;

  g_return_val_if_fail (model != NULL, NULL);

  copy = g_memdup2 (model, sizeof *model);
  copy->memory = g_aligned_alloc (model->n_buffers * model->stride, sizeof (float), 64);
  memcpy (copy->memory, model->memory, model->n_buffers * model->stride * sizeof (float));
  copy->params = copy->memory;
  if (model->n_buffers == 4)
    {
      copy->grads = copy->memory + copy->stride;
      copy->m = copy->memory + 2 * copy->stride;
      copy->v = copy->memory + 3 * copy->stride;
    }
  return copy;
}

void
nr_model_free (NrModel *model)
{
  if (model == NULL)
    return;
  g_aligned_free (model->memory);
  g_free (model);
}

const NrModelSpec *
nr_model_get_spec (const NrModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);

  return &model->spec;
}

gsize
nr_model_get_param_count (const NrModel *model)
{
  g_return_val_if_fail (model != NULL, 0);

  return model->n_params;
}

float *
nr_model_get_params (NrModel *model, gsize *n_params)
{
  g_return_val_if_fail (model != NULL, NULL);

  if (n_params != NULL)
    *n_params = model->n_params;
  return model->params;
}

float *
nr_model_get_weights (NrModel *model, guint layer)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (layer < model->n_layers, NULL);

  return model->params + model->w_offset[layer];
}

float *
nr_model_get_biases (NrModel *model, guint layer)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (layer < model->n_layers, NULL);

  return model->params + model->b_offset[layer];
}

void
_nr_pixels_to_float (float *restrict x, const guint8 *restrict pixels, gsize n,
                     gboolean normalize)
{
  gsize i = 0;

  /* A correctly rounded division (not a multiply by 1/255), like numpy's x / 255.0.
   * Blocks of 16 with restrict pointers so that -O2 vectorises them. */
  if (normalize)
    {
      for (; i + 16 <= n; i += 16)
        for (int k = 0; k < 16; k++)
          x[i + k] = (float) pixels[i + k] / 255.0f;
      for (; i < n; i++)
        x[i] = (float) pixels[i] / 255.0f;
    }
  else
    {
      for (; i + 16 <= n; i += 16)
        for (int k = 0; k < 16; k++)
          x[i + k] = (float) pixels[i + k];
      for (; i < n; i++)
        x[i] = (float) pixels[i];
    }
}

guint8
_nr_labels_max (const guint8 *labels, gsize n)
{
  guint8 max = 0;

  for (gsize i = 0; i < n; i++)
    max = labels[i] > max ? labels[i] : max;
  return max;
}

static guint
chunk_size (const NrModel *model)
{
  gsize per_image = (gsize) model->in[0] + 2 * (gsize) model->max_width;
  return (guint) CLAMP (PREDICT_SCRATCH_FLOATS / per_image, 1, 256);
}

/* Logits of n ≤ chunk images into out: (n, outputs). scratch: chunk × (in + 2 max_width). */
static void
forward_chunk (const NrModel *model, const guint8 *pixels, guint n, gboolean normalize,
               float *scratch, float *out)
{
  guint chunk = chunk_size (model);
  float *x = scratch;
  float *a = x + (gsize) chunk * model->in[0];
  float *b = a + (gsize) chunk * model->max_width;

  _nr_pixels_to_float (x, pixels, (gsize) n * model->in[0], normalize);
  for (guint l = 0; l < model->n_layers; l++)
    {
      gboolean last = l + 1 == model->n_layers;
      float *y = last ? out : a;

      nr_dense_forward (y, x, model->params + model->w_offset[l],
                        model->params + model->b_offset[l], (int) n, model->in[l],
                        model->out[l]);
      if (!last)
        {
          nr_activation_forward (model->spec.hidden[l].activation, y, y,
                                 (gsize) n * model->out[l]);
          /* ping-pong: this output is the next input */
          x = a;
          a = b;
          b = x;
        }
    }
}

/* Logits of n images, chunk by chunk, into out: (n, outputs); with softmax, each chunk's
 * rows become probabilities while still in cache. */
static void
forward_all (const NrModel *model, const guint8 *pixels, guint n, gboolean normalize,
             gboolean softmax, float *out)
{
  guint chunk = chunk_size (model);
  float *scratch = g_new (float, (gsize) chunk * (model->in[0] + 2 * model->max_width));

  for (guint start = 0; start < n; start += chunk)
    {
      guint m = MIN (chunk, n - start);
      float *p = out + (gsize) start * model->spec.outputs;

      forward_chunk (model, pixels + (gsize) start * model->in[0], m, normalize, scratch, p);
      if (softmax)
        nr_softmax (p, (int) m, (int) model->spec.outputs);
    }
  g_free (scratch);
}

void
nr_model_logits (const NrModel *model, const guint8 *pixels, guint n, gboolean normalize,
                 float *logits)
{
  g_return_if_fail (model != NULL);
  g_return_if_fail (pixels != NULL || n == 0);
  g_return_if_fail (logits != NULL || n == 0);

  if (n > 0)
    forward_all (model, pixels, n, normalize, FALSE, logits);
}

void
nr_model_predict (const NrModel *model, const guint8 *pixels, guint n, gboolean normalize,
                  float *probs)
{
  g_return_if_fail (model != NULL);
  g_return_if_fail (pixels != NULL || n == 0);
  g_return_if_fail (probs != NULL || n == 0);

  if (n > 0)
    forward_all (model, pixels, n, normalize, TRUE, probs);
}

/* For each image of the chunk, argmax logits as nr_softmax_xent_forward takes it (the
 * first largest): confusion[label · outputs + argmax] += 1 and predicted[i] = argmax, each
 * when not NULL. */
static void
count_confusion (guint64 *confusion, guint16 *predicted, const float *logits,
                 const guint8 *labels, guint m, guint outputs)
{
  for (guint i = 0; i < m; i++)
    {
      const float *l = logits + (gsize) i * outputs;
      guint argmax = 0;

      for (guint j = 1; j < outputs; j++)
        if (l[j] > l[argmax])
          argmax = j;
      if (confusion != NULL)
        confusion[(gsize) labels[i] * outputs + argmax]++;
      if (predicted != NULL)
        predicted[i] = (guint16) argmax;
    }
}

gboolean
_nr_model_evaluate_pixels (const NrModel *model, const guint8 *pixels, const guint8 *labels,
                           guint n, gboolean normalize, const gint *cancelled,
                           double *out_loss, double *out_accuracy, guint64 *confusion,
                           guint16 *predicted)
{
  guint chunk = chunk_size (model);
  guint outputs = model->spec.outputs;
  float *scratch, *logits, *probs;
  double loss_sum = 0.0;
  guint64 correct = 0;

  if (n == 0)
    {
      if (out_loss != NULL)
        *out_loss = NAN;
      if (out_accuracy != NULL)
        *out_accuracy = NAN;
      return TRUE;
    }

  scratch = g_new (float, (gsize) chunk * (model->in[0] + 2 * model->max_width + 2 * outputs));
  logits = scratch + (gsize) chunk * (model->in[0] + 2 * model->max_width);
  probs = logits + (gsize) chunk * outputs;
  for (guint start = 0; start < n; start += chunk)
    {
      guint m = MIN (chunk, n - start);
      guint c = 0;

      /* A large network takes seconds over a test set: stop between chunks when asked. */
      if (cancelled != NULL && g_atomic_int_get (cancelled))
        {
          g_free (scratch);
          if (out_loss != NULL)
            *out_loss = NAN;
          if (out_accuracy != NULL)
            *out_accuracy = NAN;
          return FALSE;
        }
      forward_chunk (model, pixels + (gsize) start * model->in[0], m, normalize, scratch,
                     logits);
      loss_sum += m * nr_softmax_xent_forward (probs, logits, labels + start, (int) m,
                                               (int) outputs, &c);
      correct += c;
      if (confusion != NULL || predicted != NULL)
        count_confusion (confusion, predicted != NULL ? predicted + start : NULL, logits,
                         labels + start, m, outputs);
    }
  g_free (scratch);

  if (out_loss != NULL)
    *out_loss = loss_sum / n;
  if (out_accuracy != NULL)
    *out_accuracy = (double) correct / n;
  return TRUE;
}

void
nr_model_evaluate (const NrModel *model, const NrImageSet *set, gboolean normalize,
                   double *out_loss, double *out_accuracy)
{
  /* Defined results even when a precondition below fails. */
  if (out_loss != NULL)
    *out_loss = NAN;
  if (out_accuracy != NULL)
    *out_accuracy = NAN;

  g_return_if_fail (model != NULL);
  g_return_if_fail (set != NULL);
  g_return_if_fail (set->rows * set->cols == model->spec.input_size);
  g_return_if_fail (set->n == 0 || _nr_labels_max (set->labels, set->n) < model->spec.outputs);

  _nr_model_evaluate_pixels (model, set->pixels, set->labels, set->n, normalize, NULL,
                             out_loss, out_accuracy, NULL, NULL);
}
