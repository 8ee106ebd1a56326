/* optimizer.h — free functions over flat parameter / gradient / state arrays (Keras maths). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  NR_OPTIMIZER_ADAM,
  NR_OPTIMIZER_SGD,
  NR_OPTIMIZER_RMSPROP,
  NR_N_OPTIMIZERS
} NrOptimizerKind;

typedef struct {
  NrOptimizerKind kind;
  float learning_rate;
  float beta1, beta2; /* Adam */
  float epsilon;      /* Adam, RMSprop */
  float momentum;     /* SGD (0 = plain) */
  float rho;          /* RMSprop */
} NrOptimizerSpec;

/* "adam", "sgd", "rmsprop" */
const char *nr_optimizer_name (NrOptimizerKind kind);
gboolean nr_optimizer_from_name (const char *name, NrOptimizerKind *out_kind);
/* Keras defaults: Adam lr 1e-3, β1 0.9, β2 0.999, ε 1e-7; SGD lr 0.01, momentum 0;
 * RMSprop lr 1e-3, ρ 0.9, ε 1e-7. */
void nr_optimizer_spec_init (NrOptimizerSpec *spec, NrOptimizerKind kind);
/* Refuses impossible settings (NR_ERROR_INVALID): a learning rate that is not a positive
 * finite number, β1/β2/momentum/ρ outside [0, 1), ε ≤ 0. */
gboolean nr_optimizer_spec_check (const NrOptimizerSpec *spec, GError **error);

/* Adam step t (1-based), Keras form:
 *   m = β1 m + (1-β1) g;  v = β2 v + (1-β2) g²;
 *   p -= lr · √(1-β2ᵗ)/(1-β1ᵗ) · m / (√v + ε)
 * p, m, v, g: (n) */
void nr_adam_step (float *p, float *m, float *v, const float *g, gsize n, float lr,
                   float beta1, float beta2, float epsilon, guint64 t);
/* velocity = momentum · velocity - lr · g;  p += velocity   (plain p -= lr · g when
 * momentum is 0, and velocity may then be NULL). */
void nr_sgd_step (float *p, float *velocity, const float *g, gsize n, float lr, float momentum);
/* v = ρ v + (1-ρ) g²;  p -= lr · g / (√v + ε) */
void nr_rmsprop_step (float *p, float *v, const float *g, gsize n, float lr, float rho,
                      float epsilon);

G_END_DECLS
