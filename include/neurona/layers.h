/* layers.h — one forward and one backward function per layer, pure functions over float *.
 *
 * These are the reference kernels the trainer is built from and the tests check against
 * finite differences. Shapes are in the comments: B = batch, in/out = features.
 */
#pragma once

#include <glib.h>

#include "neurona/model.h"

G_BEGIN_DECLS

/* y = x · w + b.  x: (B, in), w: (in, out), b: (out), y: (B, out) */
void nr_dense_forward (float *y, const float *x, const float *w, const float *b,
                       int B, int in, int out);
/* dw = xᵀ · dy, db = Σ_B dy (both overwritten), dx = dy · wᵀ unless dx is NULL.
 * dy: (B, out), x: (B, in), w: (in, out), dw: (in, out), db: (out), dx: (B, in) */
void nr_dense_backward (float *dx, float *dw, float *db, const float *dy, const float *x,
                        const float *w, int B, int in, int out);

/* y = act(x), elementwise over n values; y may alias x. */
void nr_activation_forward (NrActivation act, float *y, const float *x, gsize n);
/* dx = dy · act'(x); x is the pre-activation, y = act(x). dx may alias dy. */
void nr_activation_backward (NrActivation act, float *dx, const float *dy, const float *x,
                             const float *y, gsize n);

/* Inverted dropout: keeps each value with probability 1 - rate and scales it by
 * 1 / (1 - rate). mask: (n) receives the scale applied to each value (0 or 1/(1-rate)).
 * rng_state: the caller's generator state, advanced deterministically. */
void nr_dropout_forward (float *y, float *mask, const float *x, gsize n, float rate,
                         guint64 *rng_state);
/* dx = dy · mask */
void nr_dropout_backward (float *dx, const float *dy, const float *mask, gsize n);

/* Numerically stable softmax + sparse cross-entropy from logits.
 * logits: (B, C), labels: (B) each < C, probs: (B, C). Returns the mean loss over B;
 * n_correct (nullable) receives how many argmax(logits) == label. */
double nr_softmax_xent_forward (float *probs, const float *logits, const guint8 *labels,
                                int B, int C, guint *n_correct);
/* dlogits = (probs - onehot(labels)) / B.  dlogits: (B, C) */
void nr_softmax_xent_backward (float *dlogits, const float *probs, const guint8 *labels,
                               int B, int C);

/* Row-wise softmax in place. x: (B, C) */
void nr_softmax (float *x, int B, int C);

G_END_DECLS
