/* model-private.h — the model's layout, shared by model.c and trainer.c. */
#pragma once

#include "neurona/model.h"

G_BEGIN_DECLS

#define NR_MAX_LAYERS (NR_MAX_HIDDEN + 1)

/* Parameters, gradients and the optimizer's two moment buffers are parallel flat arrays
 * with one layout (llm.c style), carved from one 64-byte-aligned allocation. Element i of
 * grads, m and v belongs to params[i], so an optimizer step is one pass over four arrays. */
struct _NrModel {
  NrModelSpec spec;
  guint n_layers;             /* dense layers: n_hidden + 1 */
  int in[NR_MAX_LAYERS];      /* input width of dense layer l */
  int out[NR_MAX_LAYERS];     /* output width of dense layer l */
  gsize w_offset[NR_MAX_LAYERS];
  gsize b_offset[NR_MAX_LAYERS];
  int max_width;              /* widest layer output */
  gsize n_params;
  gsize stride;               /* n_params rounded up to a 64-byte multiple */
  guint n_buffers;            /* 4, or 1 for weights alone (NrWeights): grads, m, v NULL */

  /* Owned */
  float *memory;              /* 4 × stride floats */
  /* Borrowed, into memory */
  float *params, *grads, *m, *v;
};

/* A model of spec (already checked) with zero parameters; with_training_state FALSE
 * allocates the parameters alone, for inference. */
NrModel *_nr_model_new_zeroed (const NrModelSpec *spec, gboolean with_training_state);

/* x: (n) floats from n uint8 pixels, scaled by 1/255 when normalize. */
void _nr_pixels_to_float (float *restrict x, const guint8 *restrict pixels, gsize n,
                          gboolean normalize);

/* Mean loss and accuracy over n images, in chunks (dropout off). When cancelled is not
 * NULL and becomes non-zero (atomically) the evaluation stops before its next chunk and
 * returns FALSE with NAN results. confusion, when not NULL, (max label + 1, outputs)
 * counts, zeroed by the caller, gets one count per image at (label, predicted output).
 * predicted, when not NULL, (n) gets each image's predicted output (the first largest
 * logit, as the accuracy counts it). */
gboolean _nr_model_evaluate_pixels (const NrModel *model, const guint8 *pixels,
                                    const guint8 *labels, guint n, gboolean normalize,
                                    const gint *cancelled, double *out_loss,
                                    double *out_accuracy, guint64 *confusion,
                                    guint16 *predicted);

/* Largest value among n labels (0 when n is 0). */
guint8 _nr_labels_max (const guint8 *labels, gsize n);

/* The label-range refusal with its exact wording. */
void _nr_set_label_range_error (GError **error, guint label, guint outputs);

G_END_DECLS
