/* neurona-comparison.c — two runs' predictions, image by image (neurona-comparison.h).
 *
 * The work is one GTask: read the weights that are not in memory yet, check that both
 * networks read the dataset's images, predict the images in chunks (cancelled between
 * chunks when the comparison goes), and sort the images into "only a got it right" and
 * "only b did". The result comes back to the main context, where the comparison keeps it
 * and notifies.
 */
#include "neurona-comparison.h"

#include <glib/gi18n.h>

#include "neurona-prediction-card.h"

#define PREDICT_CHUNK 512 /* images per cancellation check */

struct _NeuronaComparison
{
  GObject parent_instance;

  /* Owned */
  NeuronaSession *session;
  NeuronaRunItem *runs[2];
  GCancellable *cancellable;
  char *error;
  NrImageSet *images;
  float *probs[2];      /* (n, outputs[i]) */
  guint *predicted[2];  /* (n) */
  guint *flipped[2];    /* images only run i got right, in test order */

  NrDatasetId dataset_id;
  NeuronaComparisonState state;
  guint outputs[2];
  guint n_right[2];
  guint n_flipped[2];
  guint n_test_images;
  gulong dataset_handler;
};

G_DEFINE_FINAL_TYPE (NeuronaComparison, neurona_comparison, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Checks ------------------------------------------------------------------------------ */

char *
neurona_comparison_check (NeuronaRunItem *a, NeuronaRunItem *b)
{
  NeuronaRunItem *runs[2] = { a, b };
  const NrRunRecord *ra, *rb;

  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (a), NULL);
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (b), NULL);

  ra = neurona_run_item_get_record (a);
  rb = neurona_run_item_get_record (b);
  if (ra->dataset != rb->dataset)
    /* Translators: "Runs 3 and 5 were tested on different datasets (MNIST digits,
     * Fashion-MNIST): their predictions cannot be compared image by image." */
    return g_strdup_printf (_("Runs %u and %u were tested on different datasets (%s, %s): "
                              "their predictions cannot be compared image by image."),
                            neurona_run_item_get_number (a), neurona_run_item_get_number (b),
                            _(nr_dataset_info (ra->dataset)->title),
                            _(nr_dataset_info (rb->dataset)->title));
  for (guint i = 0; i < 2; i++)
    {
      const NrRunRecord *r = neurona_run_item_get_record (runs[i]);

      if (neurona_run_item_get_weights (runs[i]) != NULL)
        continue;
      if (!r->has_weights || r->dir == NULL)
        return g_strdup_printf (r->legacy_path != NULL
                                  ? _("Run %u has no saved weights (Neurona 0.1 kept only the "
                                      "settings and the history): there are no predictions to "
                                      "compare.")
                                  : _("Run %u has no saved weights: there are no predictions "
                                      "to compare."),
                                neurona_run_item_get_number (runs[i]));
    }
  return NULL;
}

/* The worker ---------------------------------------------------------------------------- */

typedef struct {
  NrRunRecord *records[2];
  NrWeights *weights[2]; /* NULL: to be read from the run's folder */
  NrImageSet *test;      /* the dataset's whole test set */
  guint n;               /* images to compare: the first n */
} Job;

typedef struct {
  NrWeights *weights[2];
  gboolean read[2]; /* weights[i] was read from disk here */
  NrImageSet *images;
  float *probs[2];
  guint *predicted[2];
  guint *flipped[2];
  guint outputs[2];
  guint n_right[2];
  guint n_flipped[2];
} Result;

static void
job_free (Job *job)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&job->records[i], nr_run_record_free);
      g_clear_pointer (&job->weights[i], nr_weights_unref);
    }
  g_clear_pointer (&job->test, nr_image_set_unref);
  g_free (job);
}

static void
result_free (Result *result)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&result->weights[i], nr_weights_unref);
      g_free (result->probs[i]);
      g_free (result->predicted[i]);
      g_free (result->flipped[i]);
    }
  g_clear_pointer (&result->images, nr_image_set_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static void
compare_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (Result) result = g_new0 (Result, 1);
  gsize npix;

  result->images = nr_image_set_new_head (job->test, job->n);
  npix = (gsize) result->images->rows * result->images->cols;
  for (guint w = 0; w < 2; w++)
    {
      GError *error = NULL;
      const NrModelSpec *spec;

      if (job->weights[w] != NULL)
        result->weights[w] = nr_weights_ref (job->weights[w]);
      else
        {
          result->weights[w] = nr_run_load_weights (job->records[w], &error);
          if (result->weights[w] == NULL)
            {
              g_task_return_error (task, error);
              return;
            }
          result->read[w] = TRUE;
        }
      spec = nr_weights_get_spec (result->weights[w]);
      if (spec->input_size != npix || spec->outputs == 0)
        {
          g_task_return_new_error (task, NR_ERROR, NR_ERROR_INVALID,
                                   _("Run “%s” takes %u inputs but the images have %u pixels: "
                                     "it cannot predict them."),
                                   job->records[w]->name, spec->input_size, (guint) npix);
          return;
        }
      result->outputs[w] = spec->outputs;
      result->probs[w] = g_try_new (float, MAX ((gsize) job->n * spec->outputs, 1));
      result->predicted[w] = g_new0 (guint, MAX (job->n, 1));
      result->flipped[w] = g_new0 (guint, MAX (job->n, 1));
      if (result->probs[w] == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "%s",
                                   _("Not enough memory for the predictions"));
          return;
        }
      for (guint start = 0; start < job->n; start += PREDICT_CHUNK)
        {
          guint count = MIN (PREDICT_CHUNK, job->n - start);

          if (g_task_return_error_if_cancelled (task))
            return;
          nr_model_predict (nr_weights_get_model (result->weights[w]),
                            result->images->pixels + start * npix, count,
                            job->records[w]->config.normalize,
                            result->probs[w] + (gsize) start * spec->outputs);
        }
      for (guint i = 0; i < job->n; i++)
        {
          result->predicted[w][i] = neurona_argmax (result->probs[w] + (gsize) i * spec->outputs,
                                                    spec->outputs);
          result->n_right[w] += result->predicted[w][i] == result->images->labels[i];
        }
    }
  for (guint i = 0; i < job->n; i++)
    {
      gboolean right_a = result->predicted[0][i] == result->images->labels[i];
      gboolean right_b = result->predicted[1][i] == result->images->labels[i];

      if (right_a && !right_b)
        result->flipped[0][result->n_flipped[0]++] = i;
      else if (right_b && !right_a)
        result->flipped[1][result->n_flipped[1]++] = i;
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) result_free);
}

static void
set_state (NeuronaComparison *self, NeuronaComparisonState state, const char *error)
{
  g_free (self->error);
  self->error = g_strdup (error);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
compare_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  NeuronaComparison *self = NEURONA_COMPARISON (source);
  g_autoptr (GError) error = NULL;
  Result *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (result == NULL)
    {
      set_state (self, NEURONA_COMPARISON_FAILED, error->message);
      return;
    }
  for (guint i = 0; i < 2; i++)
    {
      /* Read once: opening the run, or comparing it again, needs no second reading. */
      if (result->read[i] && neurona_run_item_get_weights (self->runs[i]) == NULL)
        neurona_run_item_set_weights (self->runs[i], result->weights[i]);
      self->probs[i] = g_steal_pointer (&result->probs[i]);
      self->predicted[i] = g_steal_pointer (&result->predicted[i]);
      self->flipped[i] = g_steal_pointer (&result->flipped[i]);
      self->outputs[i] = result->outputs[i];
      self->n_right[i] = result->n_right[i];
      self->n_flipped[i] = result->n_flipped[i];
    }
  self->images = g_steal_pointer (&result->images);
  result_free (result);
  set_state (self, NEURONA_COMPARISON_READY, NULL);
}

/* The images both runs were tested on: each its first test_size (all of them for a run
 * tested on none), so the fewer of the two. */
static guint
images_to_compare (NeuronaComparison *self, const NrImageSet *test)
{
  guint n = test->n;

  for (guint i = 0; i < 2; i++)
    {
      guint size = neurona_run_item_get_record (self->runs[i])->test_size;

      if (size > 0)
        n = MIN (n, size);
    }
  return n;
}

static void
start (NeuronaComparison *self, NrDataset *dataset)
{
  g_autoptr (GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  for (guint i = 0; i < 2; i++)
    {
      NrWeights *weights = neurona_run_item_get_weights (self->runs[i]);

      job->records[i] = nr_run_record_copy (neurona_run_item_get_record (self->runs[i]));
      job->weights[i] = weights != NULL ? nr_weights_ref (weights) : NULL;
    }
  job->test = nr_image_set_ref (dataset->test);
  job->n = images_to_compare (self, dataset->test);
  self->n_test_images = dataset->test->n;
  task = g_task_new (self, self->cancellable, compare_done, NULL);
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, compare_thread);
}

static void
on_dataset_changed (NeuronaSession *session, guint dataset_id, NeuronaComparison *self)
{
  NrDataset *dataset;
  const GError *error;

  if (dataset_id != self->dataset_id || self->state != NEURONA_COMPARISON_WORKING)
    return;
  g_clear_signal_handler (&self->dataset_handler, session);
  dataset = neurona_session_get_dataset (session, dataset_id);
  error = neurona_session_get_dataset_error (session, dataset_id);
  if (dataset != NULL)
    start (self, dataset);
  else
    {
      /* Translators: "The test images could not be loaded: <why>" */
      g_autofree char *message = g_strdup_printf (_("The test images could not be loaded: %s"),
                                                  error != NULL ? error->message : "?");

      set_state (self, NEURONA_COMPARISON_FAILED, message);
    }
}

/* GObject ------------------------------------------------------------------------------- */

static void
neurona_comparison_dispose (GObject *object)
{
  NeuronaComparison *self = NEURONA_COMPARISON (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    g_clear_signal_handler (&self->dataset_handler, self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->runs[0]);
  g_clear_object (&self->runs[1]);

  G_OBJECT_CLASS (neurona_comparison_parent_class)->dispose (object);
}

static void
neurona_comparison_finalize (GObject *object)
{
  NeuronaComparison *self = NEURONA_COMPARISON (object);

  for (guint i = 0; i < 2; i++)
    {
      g_free (self->probs[i]);
      g_free (self->predicted[i]);
      g_free (self->flipped[i]);
    }
  g_clear_pointer (&self->images, nr_image_set_unref);
  g_clear_object (&self->cancellable);
  g_free (self->error);

  G_OBJECT_CLASS (neurona_comparison_parent_class)->finalize (object);
}

static void
neurona_comparison_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  NeuronaComparison *self = NEURONA_COMPARISON (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_comparison_class_init (NeuronaComparisonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = neurona_comparison_dispose;
  object_class->finalize = neurona_comparison_finalize;
  object_class->get_property = neurona_comparison_get_property;

  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, NEURONA_COMPARISON_WORKING,
                       NEURONA_COMPARISON_FAILED, NEURONA_COMPARISON_WORKING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
neurona_comparison_init (NeuronaComparison *self)
{
  self->cancellable = g_cancellable_new ();
}

NeuronaComparison *
neurona_comparison_new (NeuronaSession *session, NeuronaRunItem *a, NeuronaRunItem *b)
{
  NeuronaComparison *self;
  g_autofree char *problem = NULL;
  NrDataset *dataset;

  g_return_val_if_fail (NEURONA_IS_SESSION (session), NULL);
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (a), NULL);
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (b), NULL);

  self = g_object_new (NEURONA_TYPE_COMPARISON, NULL);
  self->session = g_object_ref (session);
  self->runs[0] = g_object_ref (a);
  self->runs[1] = g_object_ref (b);
  self->dataset_id = neurona_run_item_get_record (a)->dataset;

  problem = neurona_comparison_check (a, b);
  if (problem != NULL)
    {
      self->state = NEURONA_COMPARISON_FAILED;
      self->error = g_steal_pointer (&problem);
      return self;
    }
  dataset = neurona_session_get_dataset (session, self->dataset_id);
  if (dataset != NULL)
    {
      start (self, dataset);
      return self;
    }
  self->dataset_handler = g_signal_connect (session, "dataset-changed",
                                            G_CALLBACK (on_dataset_changed), self);
  /* A load that failed before is tried again: the files may be there now. */
  neurona_session_retry_dataset (session, self->dataset_id);
  return self;
}

NeuronaComparisonState
neurona_comparison_get_state (NeuronaComparison *self)
{
  g_return_val_if_fail (NEURONA_IS_COMPARISON (self), NEURONA_COMPARISON_FAILED);

  return self->state;
}

const char *
neurona_comparison_get_error (NeuronaComparison *self)
{
  g_return_val_if_fail (NEURONA_IS_COMPARISON (self), NULL);

  return self->error;
}

NeuronaRunItem *
neurona_comparison_get_run (NeuronaComparison *self, guint which)
{
  g_return_val_if_fail (NEURONA_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (which < 2, NULL);

  return self->runs[which];
}

NrDatasetId
neurona_comparison_get_dataset_id (NeuronaComparison *self)
{
  g_return_val_if_fail (NEURONA_IS_COMPARISON (self), NR_DATASET_FASHION_MNIST);

  return self->dataset_id;
}

NrImageSet *
neurona_comparison_get_images (NeuronaComparison *self)
{
  g_return_val_if_fail (NEURONA_IS_COMPARISON (self), NULL);

  return self->images;
}

guint
neurona_comparison_get_n_test_images (NeuronaComparison *self)
{
  g_return_val_if_fail (NEURONA_IS_COMPARISON (self), 0);

  return self->n_test_images;
}

const float *
neurona_comparison_get_probs (NeuronaComparison *self, guint which, guint *n_outputs)
{
  g_return_val_if_fail (NEURONA_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (which < 2, NULL);

  if (n_outputs != NULL)
    *n_outputs = self->outputs[which];
  return self->probs[which];
}

const guint *
neurona_comparison_get_predicted (NeuronaComparison *self, guint which)
{
  g_return_val_if_fail (NEURONA_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (which < 2, NULL);

  return self->predicted[which];
}

guint
neurona_comparison_get_n_right (NeuronaComparison *self, guint which)
{
  g_return_val_if_fail (NEURONA_IS_COMPARISON (self), 0);
  g_return_val_if_fail (which < 2, 0);

  return self->n_right[which];
}

const guint *
neurona_comparison_get_flipped (NeuronaComparison *self, guint right, guint *n)
{
  g_return_val_if_fail (NEURONA_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (right < 2, NULL);

  if (n != NULL)
    *n = self->n_flipped[right];
  return self->flipped[right];
}
