/* trainer-private.h — hooks into one training step, for tests. */
#pragma once

#include "neurona/trainer.h"

G_BEGIN_DECLS

/* Runs the training forward pass (dropout on, masks drawn from dropout_state) on the
 * training images indices[0 … B), B ≤ batch size, and returns the batch's mean loss.
 * With with_gradients, also runs backward: the model's gradient buffer then holds
 * dLoss/dParams. Weights and the optimizer state are not changed. */
double _nr_trainer_batch_gradients (NrTrainer *trainer, const guint32 *indices, int B,
                                    guint64 dropout_state, gboolean with_gradients);

G_END_DECLS
