/* metrics.c — the confusion matrix of a set of predictions.
 *
 * The cells' images are grouped by a counting sort: offsets[cell] … offsets[cell + 1] of
 * indices are the images of that cell, ascending, so the whole matrix takes two passes
 * over the predictions and one allocation per array.
 */
#include <math.h>
#include <string.h>

#include "neurona/error.h"
#include "neurona/metrics.h"

#include "model-private.h"

struct _NrConfusion {
  gint ref_count; /* atomic */
  guint n_classes, outputs;
  guint n;
  guint trace;

  /* Owned */
  guint *counts;      /* (n_classes, outputs) */
  guint *row_totals;  /* (n_classes) */
  guint *col_totals;  /* (outputs) */
  guint *offsets;     /* (n_classes · outputs + 1) into indices */
  guint *indices;     /* (n) image indices grouped by cell */
  guint8 *labels;     /* (n) */
  guint16 *predicted; /* (n) */
};

NrConfusion *
nr_confusion_new (const guint8 *labels, const guint16 *predicted, guint n, guint n_classes,
                  guint outputs, GError **error)
{
  NrConfusion *self;
  gsize cells;
  guint *fill;

  g_return_val_if_fail (n == 0 || (labels != NULL && predicted != NULL), NULL);
  g_return_val_if_fail (n_classes >= 1 && n_classes <= outputs, NULL);
  g_return_val_if_fail (outputs <= NR_MAX_UNITS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The labels come from files, the predictions from a model of these outputs. */
  for (guint i = 0; i < n; i++)
    {
      g_return_val_if_fail (predicted[i] < outputs, NULL);
      if (labels[i] >= n_classes)
        {
          _nr_set_label_range_error (error, labels[i], n_classes);
          return NULL;
        }
    }

  cells = (gsize) n_classes * outputs;
  self = g_new0 (NrConfusion, 1);
  self->ref_count = 1;
  self->n_classes = n_classes;
  self->outputs = outputs;
  self->n = n;
  self->counts = g_new0 (guint, cells);
  self->row_totals = g_new0 (guint, n_classes);
  self->col_totals = g_new0 (guint, outputs);
  self->offsets = g_new0 (guint, cells + 1);
  self->indices = g_new (guint, MAX (n, 1));
  self->labels = g_memdup2 (labels, MAX (n, 1) * sizeof (guint8));
  self->predicted = g_memdup2 (predicted, MAX (n, 1) * sizeof (guint16));

  for (guint i = 0; i < n; i++)
    {
      self->counts[(gsize) labels[i] * outputs + predicted[i]]++;
      self->row_totals[labels[i]]++;
      self->col_totals[predicted[i]]++;
      if (labels[i] == predicted[i])
        self->trace++;
    }
  for (gsize c = 0; c < cells; c++)
    self->offsets[c + 1] = self->offsets[c] + self->counts[c];
  fill = g_memdup2 (self->offsets, cells * sizeof (guint));
  for (guint i = 0; i < n; i++)
    self->indices[fill[(gsize) labels[i] * outputs + predicted[i]]++] = i;
  g_free (fill);
  return self;
}

NrConfusion *
nr_confusion_new_from_model (const NrModel *model, const NrImageSet *set, gboolean normalize,
                             guint n_classes, GError **error)
{
  const NrModelSpec *spec;
  g_autofree guint16 *predicted = NULL;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  spec = nr_model_get_spec (model);
  g_return_val_if_fail ((gsize) set->rows * set->cols == spec->input_size, NULL);
  g_return_val_if_fail (n_classes >= 1, NULL);
  if (n_classes > spec->outputs)
    {
      _nr_set_label_range_error (error, n_classes - 1, spec->outputs);
      return NULL;
    }
  predicted = g_new (guint16, MAX (set->n, 1));
  _nr_model_evaluate_pixels (model, set->pixels, set->labels, set->n, normalize, NULL, NULL,
                             NULL, NULL, predicted);
  return nr_confusion_new (set->labels, predicted, set->n, n_classes, spec->outputs, error);
}

NrConfusion *
nr_confusion_ref (NrConfusion *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
nr_confusion_unref (NrConfusion *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_free (self->counts);
  g_free (self->row_totals);
  g_free (self->col_totals);
  g_free (self->offsets);
  g_free (self->indices);
  g_free (self->labels);
  g_free (self->predicted);
  g_free (self);
}

guint
nr_confusion_get_n_classes (const NrConfusion *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_classes;
}

guint
nr_confusion_get_outputs (const NrConfusion *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->outputs;
}

guint
nr_confusion_get_total (const NrConfusion *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n;
}

guint
nr_confusion_get_count (const NrConfusion *self, guint t, guint p)
{
  g_return_val_if_fail (self != NULL, 0);

  if (t >= self->n_classes || p >= self->outputs)
    return 0;
  return self->counts[(gsize) t * self->outputs + p];
}

const guint *
nr_confusion_get_counts (const NrConfusion *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->counts;
}

guint
nr_confusion_get_row_total (const NrConfusion *self, guint t)
{
  g_return_val_if_fail (self != NULL, 0);

  return t < self->n_classes ? self->row_totals[t] : 0;
}

guint
nr_confusion_get_column_total (const NrConfusion *self, guint p)
{
  g_return_val_if_fail (self != NULL, 0);

  return p < self->outputs ? self->col_totals[p] : 0;
}

guint
nr_confusion_get_trace (const NrConfusion *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->trace;
}

double
nr_confusion_get_accuracy (const NrConfusion *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->n > 0 ? (double) self->trace / self->n : NAN;
}

double
nr_confusion_get_row_fraction (const NrConfusion *self, guint t, guint p)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (t >= self->n_classes || p >= self->outputs || self->row_totals[t] == 0)
    return NAN;
  return (double) self->counts[(gsize) t * self->outputs + p] / self->row_totals[t];
}

double
nr_confusion_get_class_accuracy (const NrConfusion *self, guint t)
{
  return nr_confusion_get_row_fraction (self, t, t);
}

const guint *
nr_confusion_get_cell_indices (const NrConfusion *self, guint t, guint p, guint *n_indices)
{
  gsize cell;

  if (n_indices != NULL)
    *n_indices = 0;
  g_return_val_if_fail (self != NULL, NULL);

  if (t >= self->n_classes || p >= self->outputs)
    return NULL;
  cell = (gsize) t * self->outputs + p;
  if (self->counts[cell] == 0)
    return NULL;
  if (n_indices != NULL)
    *n_indices = self->counts[cell];
  return self->indices + self->offsets[cell];
}

const guint16 *
nr_confusion_get_predicted (const NrConfusion *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->predicted;
}

const guint8 *
nr_confusion_get_labels (const NrConfusion *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->labels;
}
