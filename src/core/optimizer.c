/* optimizer.c — Adam, SGD (with momentum) and RMSprop as free functions over flat arrays.
 *
 * The maths and the defaults are Keras' (tf.keras.optimizers, TF 2.x), so a run here can
 * be compared number for number with the tutorial's.
 */
#include <math.h>

#include "neurona/error.h"
#include "neurona/optimizer.h"

#include "i18n.h"
#include "kernels.h"

static const char *const optimizer_names[NR_N_OPTIMIZERS] = {
  [NR_OPTIMIZER_ADAM] = "adam",
  [NR_OPTIMIZER_SGD] = "sgd",
  [NR_OPTIMIZER_RMSPROP] = "rmsprop",
};

const char *
nr_optimizer_name (NrOptimizerKind kind)
{
  g_return_val_if_fail (kind < NR_N_OPTIMIZERS, NULL);

  return optimizer_names[kind];
}

gboolean
nr_optimizer_from_name (const char *name, NrOptimizerKind *out_kind)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (int k = 0; k < NR_N_OPTIMIZERS; k++)
    if (g_ascii_strcasecmp (name, optimizer_names[k]) == 0)
      {
        if (out_kind != NULL)
          *out_kind = (NrOptimizerKind) k;
        return TRUE;
      }
  return FALSE;
}

void
nr_optimizer_spec_init (NrOptimizerSpec *spec, NrOptimizerKind kind)
{
  g_return_if_fail (spec != NULL);
  g_return_if_fail (kind < NR_N_OPTIMIZERS);

  /* Every field gets its Keras default, so switching kind later keeps sane values. */
  spec->kind = kind;
  spec->beta1 = 0.9f;
  spec->beta2 = 0.999f;
  spec->epsilon = 1e-7f;
  spec->momentum = 0.0f;
  spec->rho = 0.9f;
  spec->learning_rate = kind == NR_OPTIMIZER_SGD ? 0.01f : 0.001f;
}

static gboolean
in_unit_interval (float x)
{
  return isfinite (x) && x >= 0.0f && x < 1.0f;
}

gboolean
nr_optimizer_spec_check (const NrOptimizerSpec *spec, GError **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (spec->kind >= NR_N_OPTIMIZERS)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID, _("Unknown optimizer %d."),
                   (int) spec->kind);
      return FALSE;
    }
  if (!isfinite (spec->learning_rate) || spec->learning_rate <= 0.0f)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The learning rate must be a positive number (got %g)."),
                   (double) spec->learning_rate);
      return FALSE;
    }
  switch (spec->kind)
    {
    case NR_OPTIMIZER_ADAM:
      if (!in_unit_interval (spec->beta1) || !in_unit_interval (spec->beta2))
        {
          g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                       _("Adam's β1 and β2 must be in [0, 1) (got %g and %g)."),
                       (double) spec->beta1, (double) spec->beta2);
          return FALSE;
        }
      break;
    case NR_OPTIMIZER_SGD:
      if (!in_unit_interval (spec->momentum))
        {
          g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                       _("The momentum must be in [0, 1) (got %g)."), (double) spec->momentum);
          return FALSE;
        }
      break;
    case NR_OPTIMIZER_RMSPROP:
      if (!in_unit_interval (spec->rho))
        {
          g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                       _("RMSprop's ρ must be in [0, 1) (got %g)."), (double) spec->rho);
          return FALSE;
        }
      break;
    case NR_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
  if (spec->kind != NR_OPTIMIZER_SGD && (!isfinite (spec->epsilon) || spec->epsilon <= 0.0f))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The optimizer's ε must be a positive number (got %g)."),
                   (double) spec->epsilon);
      return FALSE;
    }
  return TRUE;
}

void
nr_adam_step (float *p, float *m, float *v, const float *g, gsize n, float lr, float beta1,
              float beta2, float epsilon, guint64 t)
{
  double lr_t;

  g_return_if_fail (t >= 1);

  /* Keras folds both bias corrections into the step size ("epsilon hat" form). */
  lr_t = lr * sqrt (1.0 - pow (beta2, (double) t)) / (1.0 - pow (beta1, (double) t));
  nr_kernel_adam (p, m, v, g, n, (float) lr_t, beta1, beta2, epsilon);
}

void
nr_sgd_step (float *p, float *velocity, const float *g, gsize n, float lr, float momentum)
{
  if (momentum == 0.0f || velocity == NULL)
    {
      for (gsize i = 0; i < n; i++)
        p[i] -= lr * g[i];
      return;
    }
  for (gsize i = 0; i < n; i++)
    {
      velocity[i] = momentum * velocity[i] - lr * g[i];
      p[i] += velocity[i];
    }
}

void
nr_rmsprop_step (float *p, float *v, const float *g, gsize n, float lr, float rho, float epsilon)
{
  for (gsize i = 0; i < n; i++)
    {
      v[i] = rho * v[i] + (1.0f - rho) * g[i] * g[i];
      p[i] -= lr * g[i] / (sqrtf (v[i]) + epsilon);
    }
}
