/* neurona-run.c — one training run on a worker thread, reported on the main context.
 *
 * Three parties share a Channel: the NeuronaRun (main thread), the worker thread and the
 * idle callbacks that deliver snapshots. The channel is reference counted, so whichever
 * finishes last frees it; the worker never touches the GObject, and a delivery callback
 * reaches the run only through a weak reference, so snapshots of a disposed run are
 * dropped.
 */
#include <math.h>

#include "neurona-run.h"

/* 20 step snapshots a second move the progress bar smoothly; each one costs the UI a
 * frame, which with software GL (llvmpipe) takes a core away from the worker. */
#define STEP_INTERVAL_US (G_USEC_PER_SEC / 20)

typedef enum {
  ITEM_STEP,
  ITEM_EPOCH_END,
  ITEM_FINISHED,
} ItemKind;

typedef struct {
  ItemKind kind;
  gboolean keep;               /* STEP: the run's first step, where its curve starts */
  NeuronaRunSnapshot snapshot; /* STEP, EPOCH_END */
  NrWeights *weights;          /* EPOCH_END: a snapshot taken on the worker */
  NrConfusion *confusion;      /* EPOCH_END: the test images' predictions, NULL without */
  NrTrainResult result;        /* FINISHED */
  GError *error;               /* FINISHED: a core failure, not a training outcome */
} Item;

typedef struct {
  /* Set once, read by all */
  NrTrainer *trainer;
  NrImageSet *test; /* the labels the epoch ends' predictions are for, or NULL */
  guint n_classes;
  GMainContext *context;
  GWeakRef run;

  /* Under lock */
  GMutex lock;
  GQueue queue; /* Item *, oldest first */
  gboolean scheduled;

  /* Worker only */
  gint64 last_push_us;
  double ema_loss, ema_accuracy, ema_weight;
  double prev_accuracy; /* running accuracy after the previous step of this epoch */
} Channel;

struct _NeuronaRun
{
  GObject parent_instance;

  /* Owned */
  Channel *channel;
  GThread *thread;
  NrDataset *dataset;
  NrTrainConfig config;
  NrWeights *weights;
  NrConfusion *confusion;
  NrRunRecord *record;
  NrTrainResult result;

  gboolean running;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (NeuronaRun, neurona_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PROGRESS,
  SIGNAL_EPOCH_END,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
item_free (Item *item)
{
  g_clear_pointer (&item->weights, nr_weights_unref);
  g_clear_pointer (&item->confusion, nr_confusion_unref);
  g_clear_error (&item->error);
  g_free (item);
}

static void
channel_clear (Channel *channel)
{
  g_clear_pointer (&channel->trainer, nr_trainer_free);
  g_clear_pointer (&channel->test, nr_image_set_unref);
  g_main_context_unref (channel->context);
  g_weak_ref_clear (&channel->run);
  g_queue_clear_full (&channel->queue, (GDestroyNotify) item_free);
  g_mutex_clear (&channel->lock);
}

static Channel *
channel_ref (Channel *channel)
{
  return g_atomic_rc_box_acquire (channel);
}

static void
channel_unref (gpointer channel)
{
  g_atomic_rc_box_release_full (channel, (GDestroyNotify) channel_clear);
}

static gboolean channel_deliver (gpointer data);

/* Worker thread: queues an item, replacing a step snapshot that has not been delivered
 * yet (only the latest one matters, except the run's very first, where the curves start),
 * and schedules one delivery for the whole queue. */
static void
channel_push (Channel *channel, Item *item)
{
  gboolean schedule;

  g_mutex_lock (&channel->lock);
  if (item->kind == ITEM_STEP)
    {
      Item *tail = g_queue_peek_tail (&channel->queue);

      if (tail != NULL && tail->kind == ITEM_STEP && !tail->keep)
        item_free (g_queue_pop_tail (&channel->queue));
    }
  g_queue_push_tail (&channel->queue, item);
  schedule = !channel->scheduled;
  channel->scheduled = TRUE;
  g_mutex_unlock (&channel->lock);

  /* An idle source attached to the UI's context, not g_main_context_invoke(): that runs
   * the callback right here, on the worker, whenever this thread manages to acquire the
   * context (it can, between two iterations of a loop driven by hand). */
  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, channel_deliver, channel_ref (channel), channel_unref);
      g_source_set_static_name (source, "[neurona] training progress");
      g_source_attach (source, channel->context);
      g_source_unref (source);
    }
}

/* Worker thread, between batches. Every batch feeds the smoothed curve; only a few
 * snapshots a second go to the UI, and every epoch end does. */
static void
on_progress (const NrProgress *progress, const NrModel *model, gpointer user_data)
{
  Channel *channel = user_data;
  Item *item;

  if (progress->kind == NR_PROGRESS_STEP)
    {
      gint64 now = g_get_monotonic_time ();
      double k = progress->step;
      double batch_accuracy;
      double beta;

      /* The core reports running means over the epoch; the batch's own accuracy is
       * what the running mean moved by. */
      if (progress->step <= 1)
        channel->prev_accuracy = 0.0;
      batch_accuracy = k * progress->accuracy - (k - 1.0) * channel->prev_accuracy;
      batch_accuracy = CLAMP (batch_accuracy, 0.0, 1.0);
      channel->prev_accuracy = progress->accuracy;

      /* A window of about a tenth of an epoch (10 … 100 batches). */
      beta = 1.0 - 1.0 / CLAMP (progress->steps / 10.0, 10.0, 100.0);
      if (isfinite (progress->batch_loss))
        {
          channel->ema_loss = beta * channel->ema_loss + (1.0 - beta) * progress->batch_loss;
          channel->ema_accuracy = beta * channel->ema_accuracy + (1.0 - beta) * batch_accuracy;
          channel->ema_weight = beta * channel->ema_weight + (1.0 - beta);
        }

      if (progress->global_step > 1 && now - channel->last_push_us < STEP_INTERVAL_US)
        return;
      channel->last_push_us = now;

      item = g_new0 (Item, 1);
      item->kind = ITEM_STEP;
      item->keep = progress->global_step == 1;
    }
  else
    {
      item = g_new0 (Item, 1);
      item->kind = ITEM_EPOCH_END;
      /* The parameters alone, once an epoch, shared by everything that shows them. */
      item->weights = nr_weights_new_from_model (model);
      /* The trainer has just predicted every test image: count them where they are (a
       * pass over n bytes), so the confusion matrix costs the run nothing more. */
      if (progress->test_predicted != NULL && channel->test != NULL)
        item->confusion = nr_confusion_new (channel->test->labels, progress->test_predicted,
                                            progress->n_test, channel->n_classes,
                                            nr_model_get_spec (model)->outputs, NULL);
    }

  item->snapshot.progress = *progress;
  /* Borrowed by the core for the callback only: the item keeps its confusion instead. */
  item->snapshot.progress.test_predicted = NULL;
  if (channel->ema_weight > 0.0)
    {
      item->snapshot.smooth_loss = channel->ema_loss / channel->ema_weight;
      item->snapshot.smooth_accuracy = channel->ema_accuracy / channel->ema_weight;
    }
  else
    {
      item->snapshot.smooth_loss = NAN;
      item->snapshot.smooth_accuracy = NAN;
    }
  channel_push (channel, item);
}

static gpointer
worker (gpointer data)
{
  Channel *channel = data;
  Item *item = g_new0 (Item, 1);

  item->kind = ITEM_FINISHED;
  if (!nr_trainer_run (channel->trainer, on_progress, channel, &item->result, &item->error))
    item->result.status = NR_TRAIN_CANCELLED;
  channel_push (channel, item);

  channel_unref (channel);
  return NULL;
}

/* Main context: hands every queued item to the run, if it is still alive. */
static gboolean
channel_deliver (gpointer data)
{
  Channel *channel = data;
  g_autoptr (NeuronaRun) self = g_weak_ref_get (&channel->run);
  GQueue items = G_QUEUE_INIT;
  Item *item;

  g_mutex_lock (&channel->lock);
  items = channel->queue;
  g_queue_init (&channel->queue);
  channel->scheduled = FALSE;
  g_mutex_unlock (&channel->lock);

  while ((item = g_queue_pop_head (&items)) != NULL)
    {
      if (self == NULL || self->disposed)
        {
          item_free (item);
          continue;
        }

      switch (item->kind)
        {
        case ITEM_STEP:
          g_debug ("run: step %u/%u of epoch %u delivered", item->snapshot.progress.step,
                   item->snapshot.progress.steps, item->snapshot.progress.epoch);
          g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, &item->snapshot);
          break;

        case ITEM_EPOCH_END:
          g_clear_pointer (&self->weights, nr_weights_unref);
          self->weights = g_steal_pointer (&item->weights);
          g_clear_pointer (&self->confusion, nr_confusion_unref);
          self->confusion = g_steal_pointer (&item->confusion);
          nr_run_record_add_progress (self->record, &item->snapshot.progress);
          g_signal_emit (self, signals[SIGNAL_EPOCH_END], 0, &item->snapshot, self->weights);
          break;

        case ITEM_FINISHED:
          /* The weights stay those of the last completed epoch, which its figures (and
           * the saved run) describe: a run stopped or diverged mid-epoch has moved on
           * since, to weights no figure speaks for. */
          self->result = item->result;
          if (item->error == NULL)
            nr_run_record_finish (self->record, &self->result);
          self->running = FALSE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
          g_signal_emit (self, signals[SIGNAL_FINISHED], 0, &self->result, item->error);
          break;

        default:
          g_assert_not_reached ();
        }
      item_free (item);
    }

  return G_SOURCE_REMOVE;
}

static void
neurona_run_dispose (GObject *object)
{
  NeuronaRun *self = NEURONA_RUN (object);

  self->disposed = TRUE;
  neurona_run_join (self);

  G_OBJECT_CLASS (neurona_run_parent_class)->dispose (object);
}

static void
neurona_run_finalize (GObject *object)
{
  NeuronaRun *self = NEURONA_RUN (object);

  g_clear_pointer (&self->channel, channel_unref);
  g_clear_pointer (&self->dataset, nr_dataset_unref);
  g_clear_pointer (&self->weights, nr_weights_unref);
  g_clear_pointer (&self->confusion, nr_confusion_unref);
  g_clear_pointer (&self->record, nr_run_record_free);

  G_OBJECT_CLASS (neurona_run_parent_class)->finalize (object);
}

static void
neurona_run_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NeuronaRun *self = NEURONA_RUN (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_run_class_init (NeuronaRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = neurona_run_dispose;
  object_class->finalize = neurona_run_finalize;
  object_class->get_property = neurona_run_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_EPOCH_END] =
    g_signal_new ("epoch-end", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_POINTER);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_POINTER);
}

static void
neurona_run_init (NeuronaRun *self)
{
  self->result.status = NR_TRAIN_CANCELLED;
  self->result.train_loss = self->result.train_accuracy = NAN;
  self->result.test_loss = self->result.test_accuracy = NAN;
}

NeuronaRun *
neurona_run_new (const NrTrainConfig *config, NrDataset *dataset, GError **error)
{
  g_autoptr (NeuronaRun) self = NULL;
  const NrDatasetInfo *info;
  NrTrainer *trainer;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = nr_dataset_info (dataset->id);
  trainer = nr_trainer_new (config, dataset->train, dataset->test, info->n_classes, error);
  if (trainer == NULL)
    return NULL;

  self = g_object_new (NEURONA_TYPE_RUN, NULL);
  self->config = *nr_trainer_get_config (trainer);
  self->dataset = nr_dataset_ref (dataset);
  self->weights = nr_weights_new_from_model (nr_trainer_get_model (trainer));
  self->record = nr_run_record_new_for_trainer (trainer, dataset->id, dataset);

  self->channel = g_atomic_rc_box_new0 (Channel);
  self->channel->trainer = trainer;
  self->channel->test = dataset->test != NULL ? nr_image_set_ref (dataset->test) : NULL;
  self->channel->n_classes = info->n_classes;
  g_mutex_init (&self->channel->lock);
  g_queue_init (&self->channel->queue);
  g_weak_ref_init (&self->channel->run, self);
  self->channel->context = g_main_context_ref_thread_default ();

  return g_steal_pointer (&self);
}

void
neurona_run_start (NeuronaRun *self)
{
  g_return_if_fail (NEURONA_IS_RUN (self));
  g_return_if_fail (self->thread == NULL);

  g_main_context_unref (self->channel->context);
  self->channel->context = g_main_context_ref_thread_default ();
  self->running = TRUE;
  self->thread = g_thread_new ("neurona-train", worker, channel_ref (self->channel));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
neurona_run_stop (NeuronaRun *self)
{
  g_return_if_fail (NEURONA_IS_RUN (self));

  if (self->channel != NULL && self->channel->trainer != NULL)
    nr_trainer_cancel (self->channel->trainer);
}

void
neurona_run_join (NeuronaRun *self)
{
  g_return_if_fail (NEURONA_IS_RUN (self));

  if (self->thread == NULL)
    return;
  neurona_run_stop (self);
  g_thread_join (g_steal_pointer (&self->thread));
}

gboolean
neurona_run_get_running (NeuronaRun *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN (self), FALSE);

  return self->running;
}

const NrTrainConfig *
neurona_run_get_config (NeuronaRun *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN (self), NULL);

  return &self->config;
}

NrDataset *
neurona_run_get_dataset (NeuronaRun *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN (self), NULL);

  return self->dataset;
}

const NrTrainResult *
neurona_run_get_result (NeuronaRun *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN (self), NULL);

  return &self->result;
}

NrWeights *
neurona_run_get_weights (NeuronaRun *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN (self), NULL);

  return self->weights;
}

NrRunRecord *
neurona_run_get_record (NeuronaRun *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN (self), NULL);

  return self->record;
}

NrConfusion *
neurona_run_get_confusion (NeuronaRun *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN (self), NULL);

  return self->confusion;
}
