/* weights.h — a trained network's weights, immutable and shared, and their file.
 *
 * An NrWeights is a snapshot of a model's parameters alone (no gradients, no optimizer
 * state), taken once (per epoch, at the end of a run) and then only read: reference
 * counted, so the training worker, the window, the prediction gallery and a background
 * evaluation can all hold the same one, from any thread.
 *
 * On disk it is a safetensors file (https://huggingface.co/docs/safetensors): an 8-byte
 * little-endian header length, a JSON header, then the raw little-endian data. Tensors
 * are named as PyTorch's nn.Sequential of nn.Linear layers would have them after a
 * rename: dense_0.weight (out, in), dense_0.bias (out), dense_1.weight, … in layer order,
 * all F32; weights are stored (out, in) as nn.Linear keeps them, transposed from the
 * core's (in, out). __metadata__ names the activations ("relu,linear": one per dense
 * layer, the last producing logits for a softmax), the dropout rates and the pixel
 * scaling ("1/255" or "1"), so tools/neurona_load.py can rebuild the network.
 */
#pragma once

#include <glib.h>

#include "neurona/dataset.h"
#include "neurona/model.h"

G_BEGIN_DECLS

typedef struct _NrWeights NrWeights;

/* The model's parameters, copied. */
NrWeights *nr_weights_new_from_model (const NrModel *model);
/* Weights for spec from a flat buffer in the core's layout (model.h), copied. Refuses a
 * buffer of the wrong length or with a value that is not finite (NR_ERROR_FORMAT). */
NrWeights *nr_weights_new (const NrModelSpec *spec, const float *params, gsize n_params,
                           GError **error);
NrWeights *nr_weights_ref (NrWeights *weights);
void nr_weights_unref (NrWeights *weights);

const NrModelSpec *nr_weights_get_spec (const NrWeights *weights);
/* The weights as a model to predict with (nr_model_predict, nr_model_evaluate…). It has
 * no training state; it is valid as long as weights is. */
const NrModel *nr_weights_get_model (const NrWeights *weights);
/* Dense layer `layer`'s weights (in, out) row-major and, in *biases, its biases (out). */
const float *nr_weights_get_layer (const NrWeights *weights, guint layer, const float **biases);
/* The flat parameter buffer (model.h's layout). */
const float *nr_weights_get_params (const NrWeights *weights, gsize *n_params);

/* Writes the safetensors file atomically (a temporary file beside it, flushed to disk,
 * renamed into place). normalize: how the pixels were scaled, for __metadata__.
 * NR_ERROR_IO names the file ("No space left on device", "Permission denied"). */
gboolean nr_weights_save (const NrWeights *weights, gboolean normalize, const char *path,
                          GError **error);
/* Reads a safetensors file and checks it holds exactly the tensors of spec, F32, with the
 * right shapes, finite values, and nothing outside them. NR_ERROR_IO when it cannot be
 * read, NR_ERROR_FORMAT "<file>: <problem>" when it is truncated, corrupt, foreign or of
 * another shape. Never allocates more than the file's size. */
NrWeights *nr_weights_load (const char *path, const NrModelSpec *spec, GError **error);

/* Test-set figures of weights over set: mean loss, accuracy and, when confusion is not
 * NULL, the confusion matrix, (n_classes, outputs) row-major counts: row = true class,
 * column = predicted output. Labels must be below n_classes ≤ outputs. */
void nr_weights_evaluate (const NrWeights *weights, const NrImageSet *set, gboolean normalize,
                          guint n_classes, double *out_loss, double *out_accuracy,
                          guint64 *confusion);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrWeights, nr_weights_unref)

G_END_DECLS
