/* neurona-sweep-queue.c — a sweep's runs on worker threads (neurona-sweep-queue.h).
 *
 * Threads: the main thread owns the GObject and its NrSweep. A coordinator thread chooses
 * the way (measuring both when asked), starts the workers and waits for them; each worker
 * takes the next point (an atomic counter), trains it, saves its run and the sweep's file
 * (one save at a time, under save_lock, which also guards the file's copy of the sweep),
 * and takes the next. Everything they tell the main thread goes through a queue of events
 * under a lock, delivered by one idle source on the main context; cancelling is atomic
 * flags, polled between batches. The shared block is reference counted, so whichever
 * side ends last frees it, and an event reaching a disposed queue is dropped.
 */
#include <glib/gi18n.h>
#include <math.h>

#include "neurona-sweep-queue.h"

/* Progress of one run is sent at most this often (and at every epoch's end). */
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 8)
/* The measurement: batches to warm up (first touches of the buffers), then to time. */
#define MEASURE_WARMUP_STEPS 4
#define MEASURE_STEPS 24

typedef enum {
  EVENT_SCHEDULE,
  EVENT_STARTED,
  EVENT_PROGRESS,
  EVENT_FINISHED,
  EVENT_DONE,
} EventKind;

typedef struct {
  EventKind kind;
  guint index;
  /* SCHEDULE */
  NeuronaSweepSchedule schedule;
  guint n_workers, threads_per_run;
  gboolean measured;
  double parallel_rate, serial_rate;
  /* PROGRESS */
  guint epoch, epochs, step, steps;
  double accuracy, test_accuracy;
  /* FINISHED */
  NeuronaSweepPointState state;
  NrRunRecord *record; /* the saved run, or NULL */
  NrWeights *weights;
  char *error;
  char *sweep_id, *sweep_path; /* once the file is saved */
} Event;

typedef struct {
  /* Set before the threads start, read by all */
  guint n_points;
  NrTrainConfig *configs; /* per point */
  NrDataset *dataset;
  NrDatasetId dataset_id;
  char *runs_dir;
  NeuronaSweepSchedule requested;
  GMainContext *context;
  GWeakRef queue;

  /* Atomic */
  gint next;    /* the next point to train */
  gint stop;    /* start no more, stop those training */
  gint *cancel; /* per point */

  /* Set by the coordinator before it starts the workers */
  guint n_workers, threads_per_run;

  /* Under save_lock */
  GMutex save_lock;
  NrSweep *file; /* the sweep as its file says it */

  /* Under lock */
  GMutex lock;
  GQueue events; /* Event *, oldest first */
  gboolean scheduled;
} Shared;

struct _NeuronaSweepQueue
{
  GObject parent_instance;

  /* Owned */
  Shared *shared;
  NrSweep *sweep;
  GThread *coordinator;
  NeuronaSweepPointProgress *points;
  char *schedule_reason;

  NeuronaSweepSchedule schedule;
  guint n_workers, threads_per_run;
  gboolean measured;
  double parallel_rate, serial_rate;
  guint n_done, n_saved;
  gboolean running, started, cancelled, disposed;
};

G_DEFINE_FINAL_TYPE (NeuronaSweepQueue, neurona_sweep_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_SCHEDULE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_POINT_CHANGED,
  SIGNAL_RUN_SAVED,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the shared block and its events ----------------------------------------------- */

static void
event_free (Event *event)
{
  g_clear_pointer (&event->record, nr_run_record_free);
  g_clear_pointer (&event->weights, nr_weights_unref);
  g_free (event->error);
  g_free (event->sweep_id);
  g_free (event->sweep_path);
  g_free (event);
}

static Event *
event_new (EventKind kind, guint index)
{
  Event *event = g_new0 (Event, 1);

  event->kind = kind;
  event->index = index;
  event->accuracy = event->test_accuracy = NAN;
  return event;
}

static void
shared_clear (Shared *shared)
{
  g_free (shared->configs);
  g_clear_pointer (&shared->dataset, nr_dataset_unref);
  g_free (shared->runs_dir);
  g_main_context_unref (shared->context);
  g_weak_ref_clear (&shared->queue);
  g_free (shared->cancel);
  g_mutex_clear (&shared->save_lock);
  g_clear_pointer (&shared->file, nr_sweep_free);
  g_mutex_clear (&shared->lock);
  g_queue_clear_full (&shared->events, (GDestroyNotify) event_free);
}

static Shared *
shared_ref (Shared *shared)
{
  return g_atomic_rc_box_acquire (shared);
}

static void
shared_unref (gpointer shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_clear);
}

static gboolean deliver (gpointer data);

/* Any thread: queues an event (a progress replaces the same point's undelivered one) and
 * schedules one delivery for the whole queue. */
static void
post (Shared *shared, Event *event)
{
  gboolean schedule;

  g_mutex_lock (&shared->lock);
  if (event->kind == EVENT_PROGRESS)
    {
      Event *tail = g_queue_peek_tail (&shared->events);

      if (tail != NULL && tail->kind == EVENT_PROGRESS && tail->index == event->index)
        event_free (g_queue_pop_tail (&shared->events));
    }
  g_queue_push_tail (&shared->events, event);
  schedule = !shared->scheduled;
  shared->scheduled = TRUE;
  g_mutex_unlock (&shared->lock);

  /* An idle source on the main context, never g_main_context_invoke(): that could run the
   * delivery here, on a worker that manages to acquire the context. */
  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver, shared_ref (shared), shared_unref);
      g_source_set_static_name (source, "[neurona] sweep progress");
      g_source_attach (source, shared->context);
      g_source_unref (source);
    }
}

static gboolean
stopping (Shared *shared, guint index)
{
  return g_atomic_int_get (&shared->stop) || g_atomic_int_get (&shared->cancel[index]);
}

/* ---- measuring the two ways -------------------------------------------------------- */

typedef struct {
  Shared *shared;
  NrTrainConfig config;
  NrTrainer *trainer;
  gint64 start_us, end_us;
  GThread *thread;
} Probe;

static void
probe_progress (const NrProgress *p, const NrModel *model, gpointer user_data)
{
  Probe *probe = user_data;

  if (p->kind != NR_PROGRESS_STEP)
    return;
  if (p->global_step == MEASURE_WARMUP_STEPS)
    probe->start_us = g_get_monotonic_time ();
  if (p->global_step == MEASURE_WARMUP_STEPS + MEASURE_STEPS)
    probe->end_us = g_get_monotonic_time ();
  if (probe->end_us > 0 || g_atomic_int_get (&probe->shared->stop))
    nr_trainer_cancel (probe->trainer);
}

static gpointer
probe_thread (gpointer data)
{
  Probe *probe = data;
  NrTrainResult result;

  if (probe->trainer != NULL)
    nr_trainer_run (probe->trainer, probe_progress, probe, &result, NULL);
  return NULL;
}

/* Batches a second of n_runs runs trained at once with threads each, on config: their
 * sum. 0 when it could not be measured (stopped, or too few batches). */
static double
measure (Shared *shared, const NrTrainConfig *config, guint n_runs, guint threads)
{
  g_autofree Probe *probes = g_new0 (Probe, n_runs);
  const NrDatasetInfo *info = nr_dataset_info (shared->dataset_id);
  double rate = 0;

  for (guint r = 0; r < n_runs; r++)
    {
      probes[r].shared = shared;
      probes[r].config = *config;
      probes[r].config.n_threads = threads;
      /* Enough epochs for the batches timed, whatever the data's size. */
      probes[r].config.epochs = 1000;
      probes[r].trainer = nr_trainer_new (&probes[r].config, shared->dataset->train,
                                          shared->dataset->test, info->n_classes, NULL);
    }
  /* Started together, so that they share the cores as the sweep's runs would. */
  for (guint r = 0; r < n_runs; r++)
    probes[r].thread = g_thread_new ("neurona-sweep-measure", probe_thread, &probes[r]);
  for (guint r = 0; r < n_runs; r++)
    {
      g_thread_join (probes[r].thread);
      if (probes[r].end_us > probes[r].start_us && probes[r].start_us > 0)
        rate += MEASURE_STEPS * (double) G_USEC_PER_SEC / (probes[r].end_us - probes[r].start_us);
      else
        rate = -INFINITY;
      g_clear_pointer (&probes[r].trainer, nr_trainer_free);
    }
  return MAX (rate, 0);
}

/* The point that costs most a batch (the largest network), where the two ways differ most. */
static guint
costliest_point (Shared *shared)
{
  guint best = 0;
  double best_cost = -1;

  for (guint p = 0; p < shared->n_points; p++)
    {
      double cost = (double) nr_model_spec_param_count (&shared->configs[p].model)
                    * shared->configs[p].batch_size;

      if (cost > best_cost)
        {
          best_cost = cost;
          best = p;
        }
    }
  return best;
}

/* Chooses the way (shared->n_workers, ->threads_per_run) and says it in an event. */
static Event *
choose_schedule (Shared *shared)
{
  guint cores = MAX (g_get_num_processors (), 1);
  guint at_once = MIN (cores, shared->n_points);
  Event *event = event_new (EVENT_SCHEDULE, 0);
  NeuronaSweepSchedule schedule = shared->requested;

  if (schedule == NEURONA_SWEEP_SCHEDULE_AUTO && at_once > 1)
    {
      const NrTrainConfig *config = &shared->configs[costliest_point (shared)];
      double serial = measure (shared, config, 1, cores);
      double parallel = measure (shared, config, at_once, 1);

      if (serial > 0 && parallel > 0)
        {
          /* The sweep's time either way: rounds of at_once runs, each run at its share of
           * the parallel rate; or every run after the other at the serial rate. */
          double rounds = ceil ((double) shared->n_points / at_once);
          double t_parallel = rounds / (parallel / at_once);
          double t_serial = shared->n_points / serial;

          event->measured = TRUE;
          event->parallel_rate = parallel;
          event->serial_rate = serial;
          schedule = t_parallel <= t_serial ? NEURONA_SWEEP_SCHEDULE_PARALLEL
                                            : NEURONA_SWEEP_SCHEDULE_SERIAL;
        }
    }
  if (schedule == NEURONA_SWEEP_SCHEDULE_AUTO)
    /* One core, one run, or stopped while measuring: nothing to choose. */
    schedule = at_once > 1 ? NEURONA_SWEEP_SCHEDULE_PARALLEL : NEURONA_SWEEP_SCHEDULE_SERIAL;
  if (schedule == NEURONA_SWEEP_SCHEDULE_PARALLEL)
    {
      shared->n_workers = MAX (at_once, 1);
      shared->threads_per_run = 1;
    }
  else
    {
      shared->n_workers = 1;
      shared->threads_per_run = cores;
    }
  event->schedule = schedule;
  event->n_workers = shared->n_workers;
  event->threads_per_run = shared->threads_per_run;
  return event;
}

/* ---- training the points ----------------------------------------------------------- */

typedef struct {
  Shared *shared;
  guint index;
  NrTrainer *trainer;
  NrRunRecord *record;
  NrWeights *epoch_weights; /* at the end of the last completed epoch */
  gint64 last_post_us;
} Job;

static void
job_progress (const NrProgress *p, const NrModel *model, gpointer user_data)
{
  Job *job = user_data;
  gint64 now = g_get_monotonic_time ();
  Event *event;

  nr_run_record_add_progress (job->record, p);
  if (p->kind == NR_PROGRESS_EPOCH_END)
    {
      /* As `train` and the lab keep them: the weights the run's figures describe. */
      g_clear_pointer (&job->epoch_weights, nr_weights_unref);
      job->epoch_weights = nr_weights_new_from_model (model);
    }
  if (stopping (job->shared, job->index))
    nr_trainer_cancel (job->trainer);
  if (p->kind == NR_PROGRESS_STEP && now - job->last_post_us < PROGRESS_INTERVAL_US)
    return;
  job->last_post_us = now;
  event = event_new (EVENT_PROGRESS, job->index);
  event->epoch = p->epoch;
  event->epochs = p->epochs;
  event->step = p->step;
  event->steps = p->steps;
  event->accuracy = p->accuracy;
  event->test_accuracy = p->test_accuracy;
  post (job->shared, event);
}

/* The weights to keep: none when no epoch completed or when they are not finite. */
static NrWeights *
weights_to_keep (NrWeights *epoch_weights)
{
  const float *params;
  gsize n;

  if (epoch_weights == NULL)
    return NULL;
  params = nr_weights_get_params (epoch_weights, &n);
  for (gsize i = 0; i < n; i++)
    if (!isfinite (params[i]))
      return NULL;
  return nr_weights_ref (epoch_weights);
}

/* Saves the run and names it in the sweep's file, one save at a time, so that each new
 * run's id sees the last one's and the file always names every run saved. */
static void
save_run (Shared *shared, Event *event, NrRunRecord *record, NrWeights *weights)
{
  g_autoptr (GError) error = NULL;
  NrSweepPoint *point;

  g_mutex_lock (&shared->save_lock);
  if (!nr_run_save (record, weights, shared->runs_dir, &error))
    {
      event->state = NEURONA_SWEEP_POINT_FAILED;
      /* Translators: a sweep's run that could not be saved: "The run was not saved: <why>" */
      event->error = g_strdup_printf (_("The run was not saved: %s"), error->message);
      g_mutex_unlock (&shared->save_lock);
      nr_run_record_free (record);
      return;
    }
  point = shared->file->points->pdata[event->index];
  g_free (point->run_id);
  point->run_id = g_strdup (record->id);
  if (!nr_sweep_save (shared->file, shared->runs_dir, &error))
    /* Translators: a sweep's run saved, its sweep file not: "… not saved: <why>" */
    event->error = g_strdup_printf (_("The run is saved, but the sweep’s file was not: %s"),
                                    error->message);
  event->sweep_id = g_strdup (shared->file->id);
  event->sweep_path = g_strdup (shared->file->path);
  g_mutex_unlock (&shared->save_lock);
  event->record = record;
  event->weights = weights != NULL ? nr_weights_ref (weights) : NULL;
}

static Event *
train_point (Shared *shared, guint index)
{
  const NrDatasetInfo *info = nr_dataset_info (shared->dataset_id);
  g_autoptr (GError) error = NULL;
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (NrWeights) weights = NULL;
  Event *event = event_new (EVENT_FINISHED, index);
  NrTrainConfig config = shared->configs[index];
  NrTrainResult outcome = { 0 };
  Job job = { shared, index, NULL, NULL, NULL, 0 };

  config.n_threads = shared->threads_per_run;
  trainer = nr_trainer_new (&config, shared->dataset->train, shared->dataset->test,
                            info->n_classes, &error);
  if (trainer == NULL)
    {
      event->state = NEURONA_SWEEP_POINT_FAILED;
      event->error = g_strdup (error->message);
      return event;
    }
  job.trainer = trainer;
  job.record = nr_run_record_new_for_trainer (trainer, shared->dataset_id, shared->dataset);
  post (shared, event_new (EVENT_STARTED, index));
  if (!nr_trainer_run (trainer, job_progress, &job, &outcome, &error))
    {
      event->state = NEURONA_SWEEP_POINT_FAILED;
      event->error = g_strdup (error->message);
      g_clear_pointer (&job.record, nr_run_record_free);
      g_clear_pointer (&job.epoch_weights, nr_weights_unref);
      return event;
    }
  nr_run_record_finish (job.record, &outcome);
  /* As `train` and the lab: every run that taught the model something is kept. */
  if (outcome.status == NR_TRAIN_CANCELLED && outcome.epochs_completed == 0)
    {
      event->state = NEURONA_SWEEP_POINT_CANCELLED;
      g_clear_pointer (&job.record, nr_run_record_free);
      g_clear_pointer (&job.epoch_weights, nr_weights_unref);
      return event;
    }
  event->state = outcome.status == NR_TRAIN_CANCELLED ? NEURONA_SWEEP_POINT_STOPPED
                                                      : NEURONA_SWEEP_POINT_FINISHED;
  weights = weights_to_keep (job.epoch_weights);
  g_clear_pointer (&job.epoch_weights, nr_weights_unref);
  save_run (shared, event, g_steal_pointer (&job.record), weights);
  return event;
}

static gpointer
worker_main (gpointer data)
{
  Shared *shared = data;

  for (;;)
    {
      guint index;

      if (g_atomic_int_get (&shared->stop))
        break;
      index = (guint) g_atomic_int_add (&shared->next, 1);
      if (index >= shared->n_points)
        break;
      if (g_atomic_int_get (&shared->cancel[index]))
        {
          Event *event = event_new (EVENT_FINISHED, index);

          event->state = NEURONA_SWEEP_POINT_CANCELLED;
          post (shared, event);
          continue;
        }
      post (shared, train_point (shared, index));
    }
  return NULL;
}

static gpointer
coordinator_main (gpointer data)
{
  Shared *shared = data;
  g_autofree GThread **workers = NULL;

  post (shared, choose_schedule (shared));
  workers = g_new0 (GThread *, shared->n_workers);
  for (guint w = 0; w < shared->n_workers; w++)
    workers[w] = g_thread_new ("neurona-sweep", worker_main, shared);
  for (guint w = 0; w < shared->n_workers; w++)
    g_thread_join (workers[w]);
  post (shared, event_new (EVENT_DONE, 0));
  shared_unref (shared);
  return NULL;
}

/* ---- the main thread's side -------------------------------------------------------- */

static char *
describe_schedule (NeuronaSweepQueue *self)
{
  guint cores = MAX (g_get_num_processors (), 1);
  g_autofree char *way = NULL;

  if (self->schedule == NEURONA_SWEEP_SCHEDULE_PARALLEL)
    /* Translators: how a sweep's runs are trained: "2 runs at a time, one training
     * thread each" */
    way = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run at a time, one training thread each",
                                        "%u runs at a time, one training thread each",
                                        self->n_workers),
                           self->n_workers);
  else
    way = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "One run at a time on %u training thread",
                                        "One run at a time on %u training threads",
                                        self->threads_per_run),
                           self->threads_per_run);
  if (self->measured)
    {
      guint at_once = MIN (cores, self->sweep->points->len);

      /* Translators: "2 runs at a time, one training thread each: measured on this
       * computer, 2 runs at once train 850 batches a second in all, one run on 2
       * threads 610, so this way should end the sweep sooner." */
      return g_strdup_printf (_("%s: measured on this computer, %u runs at once train %.0f "
                                "batches a second in all, one run on %u threads %.0f, so this "
                                "way should end the sweep sooner."),
                              way, at_once, self->parallel_rate, cores, self->serial_rate);
    }
  if (cores == 1)
    return g_strdup_printf (_("%s: this computer has one core."), way);
  if (self->sweep->points->len == 1)
    return g_strdup_printf (_("%s: the sweep has one run, which gets every core."), way);
  if (self->shared->requested != NEURONA_SWEEP_SCHEDULE_AUTO)
    return g_strdup_printf (_("%s, as asked (NEURONA_SWEEP_SCHEDULE)."), way);
  return g_strdup_printf (_("%s: stopped before the two ways were measured."), way);
}

static void
apply_finished (NeuronaSweepQueue *self, Event *event)
{
  NeuronaSweepPointProgress *pp = &self->points[event->index];
  NrSweepPoint *point = self->sweep->points->pdata[event->index];

  pp->state = event->state;
  pp->cancelling = FALSE;
  g_clear_pointer (&pp->error, g_free);
  pp->error = g_steal_pointer (&event->error);
  self->n_done++;
  if (event->record == NULL)
    return;
  if (self->sweep->id == NULL && event->sweep_id != NULL)
    {
      self->sweep->id = g_strdup (event->sweep_id);
      self->sweep->path = g_strdup (event->sweep_path);
    }
  nr_sweep_point_set_run (point, event->record);
  self->n_saved++;
  pp->epoch = event->record->history->len;
  if (pp->epoch > 0)
    pp->test_accuracy = nr_run_record_get_test_accuracy (event->record);
  g_signal_emit (self, signals[SIGNAL_RUN_SAVED], 0, event->record, event->weights);
}

static void
apply (NeuronaSweepQueue *self, Event *event)
{
  NeuronaSweepPointProgress *pp = event->kind == EVENT_SCHEDULE || event->kind == EVENT_DONE
                                    ? NULL
                                    : &self->points[event->index];

  switch (event->kind)
    {
    case EVENT_SCHEDULE:
      self->schedule = event->schedule;
      self->n_workers = event->n_workers;
      self->threads_per_run = event->threads_per_run;
      self->measured = event->measured;
      self->parallel_rate = event->parallel_rate;
      self->serial_rate = event->serial_rate;
      g_free (self->schedule_reason);
      self->schedule_reason = describe_schedule (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULE]);
      break;

    case EVENT_STARTED:
      pp->state = NEURONA_SWEEP_POINT_RUNNING;
      g_signal_emit (self, signals[SIGNAL_POINT_CHANGED], 0, event->index);
      break;

    case EVENT_PROGRESS:
      pp->epoch = event->epoch;
      pp->epochs = event->epochs;
      pp->step = event->step;
      pp->steps = event->steps;
      pp->accuracy = event->accuracy;
      if (isfinite (event->test_accuracy))
        pp->test_accuracy = event->test_accuracy;
      g_signal_emit (self, signals[SIGNAL_POINT_CHANGED], 0, event->index);
      break;

    case EVENT_FINISHED:
      apply_finished (self, event);
      g_signal_emit (self, signals[SIGNAL_POINT_CHANGED], 0, event->index);
      break;

    case EVENT_DONE:
      /* The points never reached (the sweep was cancelled) end here. */
      for (guint i = 0; i < self->sweep->points->len; i++)
        if (self->points[i].state == NEURONA_SWEEP_POINT_QUEUED
            || self->points[i].state == NEURONA_SWEEP_POINT_RUNNING)
          {
            self->points[i].state = NEURONA_SWEEP_POINT_CANCELLED;
            self->points[i].cancelling = FALSE;
            self->n_done++;
            g_signal_emit (self, signals[SIGNAL_POINT_CHANGED], 0, i);
          }
      self->running = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
deliver (gpointer data)
{
  Shared *shared = data;
  g_autoptr (NeuronaSweepQueue) self = g_weak_ref_get (&shared->queue);
  GQueue events = G_QUEUE_INIT;
  Event *event;

  g_mutex_lock (&shared->lock);
  events = shared->events;
  g_queue_init (&shared->events);
  shared->scheduled = FALSE;
  g_mutex_unlock (&shared->lock);

  while ((event = g_queue_pop_head (&events)) != NULL)
    {
      if (self != NULL && !self->disposed)
        apply (self, event);
      event_free (event);
    }
  return G_SOURCE_REMOVE;
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
neurona_sweep_queue_dispose (GObject *object)
{
  NeuronaSweepQueue *self = NEURONA_SWEEP_QUEUE (object);

  self->disposed = TRUE;
  neurona_sweep_queue_join (self);

  G_OBJECT_CLASS (neurona_sweep_queue_parent_class)->dispose (object);
}

static void
neurona_sweep_queue_finalize (GObject *object)
{
  NeuronaSweepQueue *self = NEURONA_SWEEP_QUEUE (object);

  for (guint i = 0; self->points != NULL && i < self->sweep->points->len; i++)
    g_free (self->points[i].error);
  g_free (self->points);
  g_clear_pointer (&self->shared, shared_unref);
  g_clear_pointer (&self->sweep, nr_sweep_free);
  g_free (self->schedule_reason);

  G_OBJECT_CLASS (neurona_sweep_queue_parent_class)->finalize (object);
}

static void
neurona_sweep_queue_get_property (GObject *object, guint prop_id, GValue *value,
                                  GParamSpec *pspec)
{
  NeuronaSweepQueue *self = NEURONA_SWEEP_QUEUE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_SCHEDULE:
      g_value_set_int (value, self->schedule);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_sweep_queue_class_init (NeuronaSweepQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = neurona_sweep_queue_dispose;
  object_class->finalize = neurona_sweep_queue_finalize;
  object_class->get_property = neurona_sweep_queue_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCHEDULE] =
    g_param_spec_int ("schedule", NULL, NULL, NEURONA_SWEEP_SCHEDULE_AUTO,
                      NEURONA_SWEEP_SCHEDULE_SERIAL, NEURONA_SWEEP_SCHEDULE_AUTO,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_POINT_CHANGED] =
    g_signal_new ("point-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_RUN_SAVED] =
    g_signal_new ("run-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_POINTER);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
neurona_sweep_queue_init (NeuronaSweepQueue *self)
{
}

NeuronaSweepQueue *
neurona_sweep_queue_new (NrSweep *sweep, NrDataset *dataset, const char *runs_dir,
                         NeuronaSweepSchedule schedule)
{
  NeuronaSweepQueue *self;
  g_autofree char *json = NULL;
  Shared *shared;
  guint n;
  gsize len;

  g_return_val_if_fail (sweep != NULL && sweep->points->len > 0, NULL);
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (runs_dir != NULL, NULL);

  self = g_object_new (NEURONA_TYPE_SWEEP_QUEUE, NULL);
  self->sweep = sweep;
  n = sweep->points->len;
  self->points = g_new0 (NeuronaSweepPointProgress, n);
  for (guint i = 0; i < n; i++)
    {
      NrSweepPoint *point = sweep->points->pdata[i];

      self->points[i].epochs = point->config.epochs;
      self->points[i].accuracy = self->points[i].test_accuracy = NAN;
    }

  shared = g_atomic_rc_box_new0 (Shared);
  shared->n_points = n;
  shared->configs = g_new (NrTrainConfig, n);
  for (guint i = 0; i < n; i++)
    shared->configs[i] = ((NrSweepPoint *) sweep->points->pdata[i])->config;
  shared->dataset = nr_dataset_ref (dataset);
  shared->dataset_id = sweep->dataset;
  shared->runs_dir = g_strdup (runs_dir);
  shared->requested = schedule;
  shared->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&shared->queue, self);
  shared->cancel = g_new0 (gint, n);
  g_mutex_init (&shared->save_lock);
  g_mutex_init (&shared->lock);
  g_queue_init (&shared->events);
  /* The file's own copy, which only the workers touch: the main thread's sweep is read
   * by the pages meanwhile. */
  json = nr_sweep_to_json (sweep, &len);
  shared->file = nr_sweep_from_json (json, len, "sweep", NULL);
  g_assert (shared->file != NULL);
  self->shared = shared;
  return self;
}

void
neurona_sweep_queue_start (NeuronaSweepQueue *self)
{
  g_return_if_fail (NEURONA_IS_SWEEP_QUEUE (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->running = TRUE;
  g_main_context_unref (self->shared->context);
  self->shared->context = g_main_context_ref_thread_default ();
  self->coordinator = g_thread_new ("neurona-sweep-queue", coordinator_main,
                                    shared_ref (self->shared));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
neurona_sweep_queue_cancel (NeuronaSweepQueue *self)
{
  g_return_if_fail (NEURONA_IS_SWEEP_QUEUE (self));

  if (!self->running || g_atomic_int_get (&self->shared->stop))
    return;
  self->cancelled = TRUE;
  g_atomic_int_set (&self->shared->stop, 1);
  for (guint i = 0; i < self->sweep->points->len; i++)
    if (self->points[i].state == NEURONA_SWEEP_POINT_RUNNING
        || self->points[i].state == NEURONA_SWEEP_POINT_QUEUED)
      {
        self->points[i].cancelling = TRUE;
        g_signal_emit (self, signals[SIGNAL_POINT_CHANGED], 0, i);
      }
}

void
neurona_sweep_queue_cancel_point (NeuronaSweepQueue *self, guint index)
{
  NeuronaSweepPointProgress *pp;

  g_return_if_fail (NEURONA_IS_SWEEP_QUEUE (self));
  g_return_if_fail (index < self->sweep->points->len);

  pp = &self->points[index];
  if (pp->state != NEURONA_SWEEP_POINT_QUEUED && pp->state != NEURONA_SWEEP_POINT_RUNNING)
    return;
  g_atomic_int_set (&self->shared->cancel[index], 1);
  pp->cancelling = TRUE;
  g_signal_emit (self, signals[SIGNAL_POINT_CHANGED], 0, index);
}

void
neurona_sweep_queue_join (NeuronaSweepQueue *self)
{
  g_return_if_fail (NEURONA_IS_SWEEP_QUEUE (self));

  if (self->coordinator == NULL)
    return;
  g_atomic_int_set (&self->shared->stop, 1);
  g_thread_join (g_steal_pointer (&self->coordinator));
}

NrSweep *
neurona_sweep_queue_get_sweep (NeuronaSweepQueue *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_QUEUE (self), NULL);

  return self->sweep;
}

gboolean
neurona_sweep_queue_get_running (NeuronaSweepQueue *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_QUEUE (self), FALSE);

  return self->running;
}

NeuronaSweepSchedule
neurona_sweep_queue_get_schedule (NeuronaSweepQueue *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_QUEUE (self), NEURONA_SWEEP_SCHEDULE_AUTO);

  return self->schedule;
}

const char *
neurona_sweep_queue_get_schedule_reason (NeuronaSweepQueue *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_QUEUE (self), NULL);

  return self->schedule_reason;
}

gboolean
neurona_sweep_queue_get_measured (NeuronaSweepQueue *self, double *parallel_rate,
                                  double *serial_rate)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_QUEUE (self), FALSE);

  if (parallel_rate != NULL)
    *parallel_rate = self->measured ? self->parallel_rate : NAN;
  if (serial_rate != NULL)
    *serial_rate = self->measured ? self->serial_rate : NAN;
  return self->measured;
}

guint
neurona_sweep_queue_get_n_workers (NeuronaSweepQueue *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_QUEUE (self), 0);

  return self->n_workers;
}

guint
neurona_sweep_queue_get_threads_per_run (NeuronaSweepQueue *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_QUEUE (self), 0);

  return self->threads_per_run;
}

guint
neurona_sweep_queue_get_n_points (NeuronaSweepQueue *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_QUEUE (self), 0);

  return self->sweep->points->len;
}

const NeuronaSweepPointProgress *
neurona_sweep_queue_get_point (NeuronaSweepQueue *self, guint index)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_QUEUE (self), NULL);
  g_return_val_if_fail (index < self->sweep->points->len, NULL);

  return &self->points[index];
}

guint
neurona_sweep_queue_get_n_done (NeuronaSweepQueue *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_QUEUE (self), 0);

  return self->n_done;
}

char *
neurona_sweep_queue_describe (NeuronaSweepQueue *self)
{
  guint n;

  g_return_val_if_fail (NEURONA_IS_SWEEP_QUEUE (self), NULL);

  n = self->sweep->points->len;
  if (self->running && self->schedule_reason == NULL)
    return g_strdup (_("Measuring which way trains this sweep faster…"));
  if (self->running && g_atomic_int_get (&self->shared->stop))
    return g_strdup (_("Cancelling: the runs going on stop after their batch…"));
  if (self->running)
    /* Translators: "Running: 3 of 8 runs done" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Running: %u of %u run done",
                                         "Running: %u of %u runs done", n),
                            self->n_done, n);
  if (!self->started)
    return g_strdup (_("Not started"));
  if (self->n_saved == n)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Finished: %u run saved",
                                         "Finished: all %u runs saved", n),
                            n);
  /* Translators: "Ended: 3 of 8 runs saved" (some were cancelled or failed) */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Ended: %u of %u run saved",
                                       "Ended: %u of %u runs saved", n),
                          self->n_saved, n);
}
