/* model.h — sequential dense networks: Flatten → [Dense(units, act) → Dropout?]* → Dense(outputs).
 *
 * Parameters live in one flat float buffer per model (layer after layer: W (in, out)
 * row-major, then b (out)), with gradients and optimizer state as parallel buffers.
 */
#pragma once

#include <glib.h>

#include "neurona/dataset.h"

G_BEGIN_DECLS

#define NR_MAX_HIDDEN 8
#define NR_MAX_UNITS 4096

typedef enum {
  NR_ACTIVATION_LINEAR,
  NR_ACTIVATION_RELU,
  NR_ACTIVATION_SIGMOID,
  NR_ACTIVATION_TANH,
  NR_ACTIVATION_LEAKY_RELU, /* slope 0.3 below zero (Keras' LeakyReLU default) */
  NR_ACTIVATION_ELU,        /* alpha 1 */
  NR_ACTIVATION_GELU,       /* tanh approximation */
  NR_N_ACTIVATIONS
} NrActivation;

/* "linear", "relu", "sigmoid", "tanh", "leaky_relu", "elu", "gelu" */
const char *nr_activation_name (NrActivation act);
gboolean nr_activation_from_name (const char *name, NrActivation *out_act);

typedef struct {
  guint units;
  NrActivation activation;
  float dropout; /* 0 = no Dropout layer; otherwise the rate in (0, 1) */
} NrLayerSpec;

typedef struct {
  guint input_size; /* 784: Flatten(28 × 28) */
  guint n_hidden;   /* 0 … NR_MAX_HIDDEN */
  NrLayerSpec hidden[NR_MAX_HIDDEN];
  guint outputs;    /* logits; may exceed the number of classes */
} NrModelSpec;

/* 784 → Dense(128, relu) → [Dropout(0.2)] → Dense(10). */
void nr_model_spec_init_tutorial (NrModelSpec *spec, gboolean with_dropout);
/* Parameters of dense layer `layer` (0 … n_hidden; n_hidden is the output layer). */
gsize nr_model_spec_layer_params (const NrModelSpec *spec, guint layer);
/* 101,770 for the tutorial model. */
gsize nr_model_spec_param_count (const NrModelSpec *spec);
/* Refuses impossible settings before any training (NR_ERROR_INVALID), and an output layer
 * smaller than n_classes with NR_ERROR_LABEL_RANGE:
 * "label value 9 is outside the valid range [0, 5). The output layer needs at least 10
 * units for this dataset." */
gboolean nr_model_spec_check (const NrModelSpec *spec, guint n_classes, GError **error);

typedef struct _NrModel NrModel;

/* Glorot-uniform weights, zero biases, from the seed. */
NrModel *nr_model_new (const NrModelSpec *spec, guint64 seed, GError **error);
NrModel *nr_model_copy (const NrModel *model);
void nr_model_free (NrModel *model);
const NrModelSpec *nr_model_get_spec (const NrModel *model);
gsize nr_model_get_param_count (const NrModel *model);
/* The flat parameter buffer (see above); n_params may be NULL. */
float *nr_model_get_params (NrModel *model, gsize *n_params);
/* Weights (in, out) and biases (out) of dense layer `layer`. */
float *nr_model_get_weights (NrModel *model, guint layer);
float *nr_model_get_biases (NrModel *model, guint layer);

/* Softmax probabilities for n images (dropout off).
 * pixels: (n, input_size) uint8; probs: (n, outputs). Thread-safe on a const model. */
void nr_model_predict (const NrModel *model, const guint8 *pixels, guint n, gboolean normalize,
                       float *probs);
/* The raw outputs (logits, before the softmax) for n images (dropout off): the tutorial's
 * model(x_train[:1]).numpy(). The same forward pass as nr_model_predict, whose
 * probabilities are the softmax of these. pixels: (n, input_size) uint8; logits:
 * (n, outputs). Thread-safe on a const model. */
void nr_model_logits (const NrModel *model, const guint8 *pixels, guint n, gboolean normalize,
                      float *logits);
/* Mean sparse softmax cross-entropy and accuracy over a whole set (dropout off). */
void nr_model_evaluate (const NrModel *model, const NrImageSet *set, gboolean normalize,
                        double *out_loss, double *out_accuracy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrModel, nr_model_free)

G_END_DECLS
