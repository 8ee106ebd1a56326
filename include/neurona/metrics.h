/* metrics.h — what a model gets right and wrong on a set: its confusion matrix.
 *
 * An NrConfusion is built once from the true labels and the predicted outputs of n
 * images and then only read: reference counted, so a worker can build it and the UI keep
 * it. Rows are the true classes (n_classes), columns the predicted outputs (outputs, which
 * may exceed the classes: a prediction of an output beyond them is always wrong). It
 * keeps its own copies of the labels and predictions, and the images of each cell, so
 * "which images are these" costs nothing.
 */
#pragma once

#include <glib.h>

#include "neurona/dataset.h"
#include "neurona/model.h"

G_BEGIN_DECLS

typedef struct _NrConfusion NrConfusion;

/* labels: (n) true classes, each < n_classes (NR_ERROR_LABEL_RANGE otherwise);
 * predicted: (n) outputs, each < outputs. 1 <= n_classes <= outputs <= NR_MAX_UNITS; n may
 * be 0. */
NrConfusion *nr_confusion_new (const guint8 *labels, const guint16 *predicted, guint n,
                               guint n_classes, guint outputs, GError **error);
/* The model's predictions on the whole set (dropout off), classes 0 … n_classes - 1; the
 * set's images must fit the model's input. NR_ERROR_LABEL_RANGE when a label does not fit
 * n_classes or n_classes the outputs. Thread-safe on a const model. */
NrConfusion *nr_confusion_new_from_model (const NrModel *model, const NrImageSet *set,
                                          gboolean normalize, guint n_classes,
                                          GError **error);
NrConfusion *nr_confusion_ref (NrConfusion *confusion);
void nr_confusion_unref (NrConfusion *confusion);

guint nr_confusion_get_n_classes (const NrConfusion *confusion);
guint nr_confusion_get_outputs (const NrConfusion *confusion);
/* Images counted: n. */
guint nr_confusion_get_total (const NrConfusion *confusion);
/* Images of true class t predicted as output p. 0 out of range. */
guint nr_confusion_get_count (const NrConfusion *confusion, guint t, guint p);
/* (n_classes, outputs) counts, row-major. */
const guint *nr_confusion_get_counts (const NrConfusion *confusion);
/* Images of true class t. */
guint nr_confusion_get_row_total (const NrConfusion *confusion, guint t);
/* Images predicted as output p. */
guint nr_confusion_get_column_total (const NrConfusion *confusion, guint p);
/* The diagonal: images predicted as their true class. */
guint nr_confusion_get_trace (const NrConfusion *confusion);
/* trace / total; NAN when there are no images. */
double nr_confusion_get_accuracy (const NrConfusion *confusion);
/* Recall of class t: count (t, t) / row total (t); NAN when the class has no images. */
double nr_confusion_get_class_accuracy (const NrConfusion *confusion, guint t);
/* count (t, p) / row total (t), in [0, 1]; NAN when the class has no images. */
double nr_confusion_get_row_fraction (const NrConfusion *confusion, guint t, guint p);
/* The indices (into the labels / predictions given, ascending) of the images of true class
 * t predicted as p; *n_indices gets how many (the count). Borrowed; NULL when none. */
const guint *nr_confusion_get_cell_indices (const NrConfusion *confusion, guint t, guint p,
                                            guint *n_indices);
/* The predictions and labels it was built from, (n) each. Borrowed. */
const guint16 *nr_confusion_get_predicted (const NrConfusion *confusion);
const guint8 *nr_confusion_get_labels (const NrConfusion *confusion);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrConfusion, nr_confusion_unref)

G_END_DECLS
