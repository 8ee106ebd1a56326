/* neurona-session.c — the lab's state (neurona-session.h).
 *
 * Everything slow happens on GTask threads: loading a dataset, reading the runs folder,
 * saving a run, reading a run's weights. Results come back to the main context, where the
 * session changes its state and notifies; a result for something that changed meanwhile
 * (a run no longer current) is dropped.
 */
#include <glib/gi18n.h>
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "neurona-session.h"

/* A folder appearing in the runs folder is read this long after the last change there,
 * so a burst of events (a run being written) is read once. */
#define MONITOR_DELAY_MS 300

struct _NeuronaSession
{
  GObject parent_instance;

  /* Owned */
  char *runs_dir;
  GCancellable *cancellable;
  NrDataset *datasets[NR_N_DATASETS];
  GError *dataset_errors[NR_N_DATASETS];
  GListStore *runs;         /* NeuronaRunItem, newest first */
  char *runs_message;
  GFileMonitor *monitor;
  GHashTable *pending_ids;  /* folder names seen by the monitor, not yet read */
  GHashTable *trashed;      /* token → GPtrArray of NeuronaRunItem */
  GQueue pending_adds;      /* GTask of runs from other folders, read before ours were */
  NeuronaRun *training;
  NeuronaSweepQueue *sweep; /* the sweep training now */
  NeuronaRunItem *current;
  NrWeights *current_weights;
  NrWeights *untrained;     /* the untrained model shown until a run is current */
  NrConfusion *current_confusion; /* of current_weights on their test images, or NULL */
  char *confusion_problem;  /* why it cannot be had, or NULL */
  GCancellable *confusion_cancellable; /* the confusion being computed, if any */

  guint loading;            /* bit mask of dataset ids being loaded */
  guint max_number;         /* the highest run number given */
  guint training_number;    /* the training run's number */
  guint saves_in_flight;
  guint n_deletes;          /* deletes made, so that every undo token is unique */
  guint monitor_source;
  gboolean runs_loaded;
  gboolean untrained_normalize;
  NrDatasetId untrained_dataset;
  guint untrained_test_limit;
  gboolean confusion_wanted; /* asked for, waiting for the dataset */
};

G_DEFINE_FINAL_TYPE (NeuronaSession, neurona_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNS_LOADED,
  PROP_RUNS_MESSAGE,
  PROP_TRAINING,
  PROP_SWEEP,
  PROP_CURRENT,
  PROP_CURRENT_WEIGHTS,
  PROP_CURRENT_CONFUSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_DATASET_CHANGED,
  SIGNAL_RUN_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- datasets ---------------------------------------------------------------------- */

static void
dataset_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  NrDatasetId id = GPOINTER_TO_UINT (task_data);
  GError *error = NULL;
  NrDataset *dataset = nr_dataset_load (id, NULL, &error);

  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, (GDestroyNotify) nr_dataset_unref);
}

static void
dataset_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  NeuronaSession *self = NEURONA_SESSION (source);
  NrDatasetId id = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  g_autoptr (GError) error = NULL;
  NrDataset *dataset = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading &= ~(1u << id);
  if (dataset == NULL)
    {
      g_clear_error (&self->dataset_errors[id]);
      self->dataset_errors[id] = g_steal_pointer (&error);
    }
  else
    {
      g_clear_pointer (&self->datasets[id], nr_dataset_unref);
      self->datasets[id] = dataset;
#ifdef __GLIBC__
      /* Reading the gzipped files leaves tens of MB of freed buffers in the heap; hand
       * them back, so the lab with both datasets stays small. */
      malloc_trim (0);
#endif
    }
  g_signal_emit (self, signals[SIGNAL_DATASET_CHANGED], 0, (guint) id);
  if (self->confusion_wanted)
    neurona_session_request_confusion (self);
}

void
neurona_session_load_dataset (NeuronaSession *self, NrDatasetId id)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (NEURONA_IS_SESSION (self));
  g_return_if_fail ((guint) id < NR_N_DATASETS);

  if (self->datasets[id] != NULL || (self->loading & (1u << id)) ||
      self->dataset_errors[id] != NULL)
    return;
  self->loading |= 1u << id;
  task = g_task_new (self, self->cancellable, dataset_done, NULL);
  g_task_set_source_tag (task, neurona_session_load_dataset);
  g_task_set_task_data (task, GUINT_TO_POINTER (id), NULL);
  g_task_run_in_thread (task, dataset_thread);
}

void
neurona_session_retry_dataset (NeuronaSession *self, NrDatasetId id)
{
  g_return_if_fail (NEURONA_IS_SESSION (self));
  g_return_if_fail ((guint) id < NR_N_DATASETS);

  g_clear_error (&self->dataset_errors[id]);
  neurona_session_load_dataset (self, id);
}

NrDataset *
neurona_session_get_dataset (NeuronaSession *self, NrDatasetId id)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);
  g_return_val_if_fail ((guint) id < NR_N_DATASETS, NULL);

  return self->datasets[id];
}

gboolean
neurona_session_is_loading (NeuronaSession *self, NrDatasetId id)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), FALSE);
  g_return_val_if_fail ((guint) id < NR_N_DATASETS, FALSE);

  return (self->loading & (1u << id)) != 0;
}

const GError *
neurona_session_get_dataset_error (NeuronaSession *self, NrDatasetId id)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);
  g_return_val_if_fail ((guint) id < NR_N_DATASETS, NULL);

  return self->dataset_errors[id];
}

/* ---- the runs list ----------------------------------------------------------------- */

/* Newest first: by start time, then (two runs of one second) by number, which the lab
 * gives in the order runs were made or found. */
static int
compare_newest_first (gconstpointer a, gconstpointer b, gpointer user_data)
{
  NeuronaRunItem *ia = (NeuronaRunItem *) a, *ib = (NeuronaRunItem *) b;
  const NrRunRecord *ra = neurona_run_item_get_record (ia);
  const NrRunRecord *rb = neurona_run_item_get_record (ib);
  guint na = neurona_run_item_get_number (ia), nb = neurona_run_item_get_number (ib);

  if (ra->start_time != rb->start_time)
    return ra->start_time > rb->start_time ? -1 : 1;
  if (na != nb)
    return na > nb ? -1 : 1;
  return -g_strcmp0 (ra->id, rb->id);
}

static int
compare_newest_first_ptr (gconstpointer a, gconstpointer b)
{
  return compare_newest_first (*(gconstpointer *) a, *(gconstpointer *) b, NULL);
}

NeuronaRunItem *
neurona_session_find_run (NeuronaSession *self, const char *id)
{
  guint n;

  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);

  if (id == NULL)
    return NULL;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (NeuronaRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      if (g_strcmp0 (neurona_run_item_get_record (item)->id, id) == 0)
        return item; /* the store keeps its reference */
    }
  return NULL;
}

static void
set_runs_message (NeuronaSession *self, const char *message)
{
  if (g_strcmp0 (self->runs_message, message) == 0)
    return;
  g_free (self->runs_message);
  self->runs_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNS_MESSAGE]);
}

static char *
describe_errors (GPtrArray *errors)
{
  GString *message;

  if (errors == NULL || errors->len == 0)
    return NULL;
  message = g_string_new (NULL);
  g_string_printf (message, ngettext ("%u saved run could not be read:",
                                      "%u saved runs could not be read:", errors->len),
                   errors->len);
  for (guint i = 0; i < errors->len; i++)
    g_string_append_printf (message, "\n%s", ((GError *) errors->pdata[i])->message);
  return g_string_free (message, FALSE);
}

typedef struct {
  GPtrArray *records; /* NrRunRecord */
  GPtrArray *errors;  /* GError */
  GError *error;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->records, g_ptr_array_unref);
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_clear_error (&result->error);
  g_free (result);
}

static void
runs_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LoadResult *result = g_new0 (LoadResult, 1);

  result->records = nr_run_load_all (task_data, &result->errors, &result->error);
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

static void finish_pending_adds (NeuronaSession *self);

static void
runs_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  NeuronaSession *self = NEURONA_SESSION (source);
  LoadResult *result = g_task_propagate_pointer (G_TASK (res), NULL);
  g_autoptr (GPtrArray) items = NULL;
  g_autofree char *message = NULL;

  if (result == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&result, load_result_free);
      return;
    }
  if (result->error != NULL)
    message = g_strdup_printf (_("The saved runs could not be read: %s"),
                               result->error->message);
  else
    {
      guint n = result->records->len;

      /* At the first reading run 1 is the oldest, and runs trained meanwhile come after
       * the saved ones; runs found by a later reading come after all the others. */
      items = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < n; i++)
        {
          NrRunRecord *record = g_ptr_array_steal_index (result->records, 0);

          if (neurona_session_find_run (self, record->id) != NULL)
            {
              nr_run_record_free (record);
              continue;
            }
          g_ptr_array_add (items, neurona_run_item_new (record, 0));
        }
      if (!self->runs_loaded)
        {
          guint n_new = items->len;

          for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->runs)); i > 0; i--)
            {
              g_autoptr (NeuronaRunItem) early =
                g_list_model_get_item (G_LIST_MODEL (self->runs), i - 1);

              neurona_run_item_set_number (early, n_new + neurona_run_item_get_number (early));
            }
          if (self->training != NULL)
            self->training_number += n_new;
          for (guint i = 0; i < n_new; i++)
            neurona_run_item_set_number (items->pdata[i], n_new - i);
          self->max_number += n_new;
        }
      else
        for (guint i = items->len; i > 0; i--)
          neurona_run_item_set_number (items->pdata[i - 1], ++self->max_number);
      /* Into an empty list (the first reading, as a rule) all at once: a thousand runs are
       * one change for the views, not a thousand. */
      g_ptr_array_sort (items, compare_newest_first_ptr);
      if (g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0)
        g_list_store_splice (self->runs, 0, 0, items->pdata, items->len);
      else
        for (guint i = 0; i < items->len; i++)
          g_list_store_insert_sorted (self->runs, items->pdata[i], compare_newest_first, NULL);
      message = describe_errors (result->errors);
    }
  load_result_free (result);
  set_runs_message (self, message);
  self->runs_loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNS_LOADED]);
  finish_pending_adds (self);
}

/* The runs folder changed (a run saved by neurona-cli, or by another window): read the
 * new folders, once things have settled. */
typedef struct {
  char *runs_dir;
  GPtrArray *ids;
} AppearedJob;

static void
appeared_job_free (AppearedJob *job)
{
  g_free (job->runs_dir);
  g_ptr_array_unref (job->ids);
  g_free (job);
}

static void
appeared_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AppearedJob *job = task_data;
  LoadResult *result = g_new0 (LoadResult, 1);

  result->records = g_ptr_array_new_with_free_func ((GDestroyNotify) nr_run_record_free);
  result->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  for (guint i = 0; i < job->ids->len; i++)
    {
      g_autofree char *path = g_build_filename (job->runs_dir, job->ids->pdata[i], NULL);
      GError *error = NULL;
      NrRunRecord *record;

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue; /* gone again, or not a run folder (a .run file is read at start) */
      record = nr_run_load (path, &error);
      if (record != NULL)
        g_ptr_array_add (result->records, record);
      else
        g_ptr_array_add (result->errors, error);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

static void
appeared_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  NeuronaSession *self = NEURONA_SESSION (source);
  LoadResult *result = g_task_propagate_pointer (G_TASK (res), NULL);
  g_autofree char *message = NULL;

  if (result == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&result, load_result_free);
      return;
    }
  while (result->records->len > 0)
    {
      NrRunRecord *record = g_ptr_array_steal_index (result->records, 0);
      g_autoptr (NeuronaRunItem) item = NULL;

      if (neurona_session_find_run (self, record->id) != NULL)
        {
          nr_run_record_free (record);
          continue;
        }
      item = neurona_run_item_new (record, ++self->max_number);
      g_list_store_insert_sorted (self->runs, item, compare_newest_first, NULL);
    }
  message = describe_errors (result->errors);
  if (message != NULL)
    set_runs_message (self, message);
  load_result_free (result);
}

static gboolean
read_appeared (gpointer data)
{
  NeuronaSession *self = data;
  g_autoptr (GTask) task = NULL;
  AppearedJob *job;
  GHashTableIter iter;
  gpointer key;

  self->monitor_source = 0;
  /* A run of ours being saved: its folder shows up before the save returns its id. */
  if (self->saves_in_flight > 0)
    {
      self->monitor_source = g_timeout_add (MONITOR_DELAY_MS, read_appeared, self);
      return G_SOURCE_REMOVE;
    }
  job = g_new0 (AppearedJob, 1);
  job->runs_dir = g_strdup (self->runs_dir);
  job->ids = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, self->pending_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (neurona_session_find_run (self, key) == NULL)
      g_ptr_array_add (job->ids, g_strdup (key));
  g_hash_table_remove_all (self->pending_ids);
  if (job->ids->len == 0)
    {
      appeared_job_free (job);
      return G_SOURCE_REMOVE;
    }
  task = g_task_new (self, self->cancellable, appeared_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) appeared_job_free);
  g_task_run_in_thread (task, appeared_thread);
  return G_SOURCE_REMOVE;
}

static void
on_runs_dir_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                     NeuronaSession *self)
{
  g_autofree char *name = NULL;
  GFile *appeared;

  if (event == G_FILE_MONITOR_EVENT_CREATED || event == G_FILE_MONITOR_EVENT_MOVED_IN)
    appeared = file;
  else if (event == G_FILE_MONITOR_EVENT_RENAMED)
    appeared = other;
  else
    return;
  if (appeared == NULL || !self->runs_loaded)
    return;
  name = g_file_get_basename (appeared);
  if (name[0] == '.')
    return; /* the trash, or a save in progress */
  g_hash_table_add (self->pending_ids, g_steal_pointer (&name));
  g_clear_handle_id (&self->monitor_source, g_source_remove);
  self->monitor_source = g_timeout_add (MONITOR_DELAY_MS, read_appeared, self);
}

/* ---- runs from other folders ------------------------------------------------------- */

typedef struct {
  GPtrArray *records; /* NrRunRecord, newest first within each path */
  GPtrArray *origins; /* char *: each record's origin, as shown */
  GString *problems;  /* runs, or paths, that could not be read */
  guint n_paths_read;
  guint n_added, n_already; /* once listed */
} AddResult;

static void
add_result_free (AddResult *result)
{
  g_ptr_array_unref (result->records);
  g_ptr_array_unref (result->origins);
  g_string_free (result->problems, TRUE);
  g_free (result);
}

static void
add_problem (AddResult *result, const char *message)
{
  g_string_append_printf (result->problems, "%s%s", result->problems->len > 0 ? "\n" : "",
                          message);
}

/* Where a run was found, as a teacher reads it: the folder holding the run, from the one
 * chosen on ("class/alice" for class/alice/<run>, "class" for class/<run>), or just the
 * folder holding it when the run itself was chosen. */
static char *
origin_of (const char *chosen, const NrRunRecord *record)
{
  const char *where = record->dir != NULL ? record->dir : record->legacy_path;
  g_autofree char *parent_path = g_path_get_dirname (where);
  g_autofree char *top_path = NULL;
  g_autofree char *relative = NULL;
  g_autoptr (GFile) parent = NULL;
  g_autoptr (GFile) top = NULL;

  /* The run itself chosen (its folder, its run.json, its .run file). */
  if (!g_file_test (chosen, G_FILE_TEST_IS_DIR) || g_strcmp0 (where, chosen) == 0)
    return g_filename_display_basename (parent_path);
  top_path = g_path_get_dirname (chosen);
  top = g_file_new_for_path (top_path);
  parent = g_file_new_for_path (parent_path);
  relative = g_file_get_relative_path (top, parent);
  return relative != NULL ? g_filename_display_name (relative)
                          : g_filename_display_basename (parent_path);
}

static void
add_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  const char *const *paths = task_data;
  AddResult *result = g_new0 (AddResult, 1);

  result->records = g_ptr_array_new_with_free_func ((GDestroyNotify) nr_run_record_free);
  result->origins = g_ptr_array_new_with_free_func (g_free);
  result->problems = g_string_new (NULL);
  for (guint p = 0; paths[p] != NULL; p++)
    {
      g_autoptr (GPtrArray) errors = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) records = nr_run_load_from (paths[p], &errors, &error);

      if (records == NULL)
        {
          add_problem (result, error->message);
          continue;
        }
      result->n_paths_read++;
      for (guint i = 0; i < errors->len; i++)
        add_problem (result, ((GError *) errors->pdata[i])->message);
      /* Handed over to the result, in their order. */
      g_ptr_array_set_free_func (records, NULL);
      for (guint i = 0; i < records->len; i++)
        {
          NrRunRecord *record = records->pdata[i];

          g_ptr_array_add (result->origins, origin_of (paths[p], record));
          g_ptr_array_add (result->records, record);
        }
    }
  g_task_return_pointer (task, result, (GDestroyNotify) add_result_free);
}

/* Lists the runs read (the lab's own runs have been read by now). */
static void
list_added (NeuronaSession *self, AddResult *result)
{
  g_autoptr (GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) origins = g_ptr_array_new (); /* borrowed from result */
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (NeuronaRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
      const char *id = neurona_run_item_get_record (item)->id;

      if (id != NULL)
        g_hash_table_add (listed, (gpointer) id); /* the records outlive the table */
    }
  /* Of several copies of one run, the first found is listed (the records come newest
   * first, copies in the order of their folders). */
  for (guint i = 0; i < result->records->len; i++)
    {
      NrRunRecord *record = result->records->pdata[i];

      if (record->id == NULL || g_hash_table_contains (listed, record->id))
        {
          result->n_already++;
          continue;
        }
      result->records->pdata[i] = NULL; /* an item's, once made */
      g_hash_table_add (listed, record->id);
      g_ptr_array_add (items, neurona_run_item_new (record, 0));
      g_ptr_array_add (origins, result->origins->pdata[i]);
    }
  /* Numbered oldest first, in the order they were made. */
  for (guint i = items->len; i > 0; i--)
    {
      neurona_run_item_set_number (items->pdata[i - 1], ++self->max_number);
      neurona_run_item_set_origin (items->pdata[i - 1], origins->pdata[i - 1]);
    }
  result->n_added = items->len;
  for (guint i = 0; i < items->len; i++)
    g_list_store_insert_sorted (self->runs, items->pdata[i], compare_newest_first, NULL);
}

static void
complete_add (NeuronaSession *self, GTask *task, AddResult *result)
{
  if (result->n_paths_read == 0)
    {
      g_task_return_new_error (task, NR_ERROR, NR_ERROR_NOT_FOUND, "%s", result->problems->str);
      add_result_free (result);
      return;
    }
  list_added (self, result);
  g_task_return_pointer (task, result, (GDestroyNotify) add_result_free);
}

static void
add_read (GObject *source, GAsyncResult *res, gpointer user_data)
{
  NeuronaSession *self = NEURONA_SESSION (source);
  g_autoptr (GTask) task = user_data; /* the caller's */
  g_autoptr (GError) error = NULL;
  AddResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      add_result_free (result);
      return;
    }
  if (!self->runs_loaded)
    {
      /* The caller's task holds the result until the lab's own runs are listed. */
      g_object_set_data_full (G_OBJECT (task), "neurona-add-result", result,
                              (GDestroyNotify) add_result_free);
      g_queue_push_tail (&self->pending_adds, g_steal_pointer (&task));
      return;
    }
  complete_add (self, task, result);
}

static void
finish_pending_adds (NeuronaSession *self)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->pending_adds)) != NULL)
    {
      AddResult *result = g_object_steal_data (G_OBJECT (task), "neurona-add-result");

      complete_add (self, task, result);
      g_object_unref (task);
    }
}

void
neurona_session_add_runs_async (NeuronaSession *self, const char *const *paths,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  GTask *task;
  g_autoptr (GTask) reader = NULL;

  g_return_if_fail (NEURONA_IS_SESSION (self));
  g_return_if_fail (paths != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, neurona_session_add_runs_async);
  reader = g_task_new (self, cancellable, add_read, task);
  g_task_set_task_data (reader, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (reader, add_thread);
}

gboolean
neurona_session_add_runs_finish (NeuronaSession *self, GAsyncResult *result, guint *n_added,
                                 guint *n_already, char **problems, GError **error)
{
  AddResult *added;

  g_return_val_if_fail (NEURONA_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  added = g_task_propagate_pointer (G_TASK (result), error);
  if (added == NULL)
    return FALSE;
  if (n_added != NULL)
    *n_added = added->n_added;
  if (n_already != NULL)
    *n_already = added->n_already;
  if (problems != NULL)
    *problems = added->problems->len > 0 ? g_strdup (added->problems->str) : NULL;
  add_result_free (added);
  return TRUE;
}

/* ---- saving ------------------------------------------------------------------------ */

typedef struct {
  NeuronaRunItem *item;
  NrRunRecord *record; /* a copy to save; comes back with its id and folder */
  NrWeights *weights;
  char *runs_dir;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->item);
  g_clear_pointer (&job->record, nr_run_record_free);
  g_clear_pointer (&job->weights, nr_weights_unref);
  g_free (job->runs_dir);
  g_free (job);
}

static void
save_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  if (nr_run_save (job->record, job->weights, job->runs_dir, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  NeuronaSession *self = NEURONA_SESSION (source);
  SaveJob *job = g_task_get_task_data (G_TASK (res));
  g_autoptr (GError) error = NULL;

  self->saves_in_flight--;
  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      neurona_run_item_set_save_state (job->item, FALSE, error->message);
      return;
    }
  /* The item may have been renamed while it was being saved: keep its name and note. */
  {
    const NrRunRecord *now = neurona_run_item_get_record (job->item);
    NrRunRecord *saved = g_steal_pointer (&job->record);
    gboolean changed = g_strcmp0 (now->name, saved->name) != 0 ||
                       g_strcmp0 (now->note, saved->note) != 0;

    nr_run_record_set_name (saved, now->name);
    nr_run_record_set_note (saved, now->note);
    neurona_run_item_set_record (job->item, saved);
    neurona_run_item_set_save_state (job->item, !changed, NULL);
    if (changed)
      {
        /* Save again with the newer name. */
        SaveJob *again = g_new0 (SaveJob, 1);
        g_autoptr (GTask) task = g_task_new (self, NULL, save_done, NULL);

        again->item = g_object_ref (job->item);
        again->record = nr_run_record_copy (neurona_run_item_get_record (job->item));
        again->weights = job->weights != NULL ? nr_weights_ref (job->weights) : NULL;
        again->runs_dir = g_strdup (self->runs_dir);
        g_task_set_task_data (task, again, (GDestroyNotify) save_job_free);
        self->saves_in_flight++;
        g_task_run_in_thread (task, save_thread);
      }
  }
}

/* Saves the item as it is now (a new run with its weights, or a saved one's run.json). */
static void
save_item (NeuronaSession *self, NeuronaRunItem *item)
{
  g_autoptr (GTask) task = NULL;
  SaveJob *job = g_new0 (SaveJob, 1);
  NrWeights *weights = neurona_run_item_get_weights (item);

  job->item = g_object_ref (item);
  job->record = nr_run_record_copy (neurona_run_item_get_record (item));
  job->weights = weights != NULL ? nr_weights_ref (weights) : NULL;
  job->runs_dir = g_strdup (self->runs_dir);
  /* Not cancellable: a run that finished is saved even while the window closes. */
  task = g_task_new (self, NULL, save_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  self->saves_in_flight++;
  g_task_run_in_thread (task, save_thread);
}

void
neurona_session_rename_run (NeuronaSession *self, NeuronaRunItem *item, const char *name)
{
  g_return_if_fail (NEURONA_IS_SESSION (self));
  g_return_if_fail (NEURONA_IS_RUN_ITEM (item));
  g_return_if_fail (name != NULL);

  if (g_strcmp0 (name, neurona_run_item_get_name (item)) == 0)
    return;
  neurona_run_item_set_name (item, name);
  neurona_run_item_set_save_state (item, FALSE, NULL);
  save_item (self, item);
  if (item == self->current)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

void
neurona_session_set_run_note (NeuronaSession *self, NeuronaRunItem *item, const char *note)
{
  g_return_if_fail (NEURONA_IS_SESSION (self));
  g_return_if_fail (NEURONA_IS_RUN_ITEM (item));

  if (g_strcmp0 (note != NULL ? note : "", neurona_run_item_get_note (item)) == 0)
    return;
  neurona_run_item_set_note (item, note);
  neurona_run_item_set_save_state (item, FALSE, NULL);
  save_item (self, item);
}

/* ---- deleting ---------------------------------------------------------------------- */

char *
neurona_session_delete_runs (NeuronaSession *self, NeuronaRunItem **items, guint n_items,
                             GError **error)
{
  g_autoptr (GString) tokens = g_string_new (NULL);
  g_autoptr (GPtrArray) removed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GString) failures = g_string_new (NULL);
  g_autofree char *token = NULL;

  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);
  g_return_val_if_fail (items != NULL || n_items == 0, NULL);

  for (guint i = 0; i < n_items; i++)
    {
      const NrRunRecord *record = neurona_run_item_get_record (items[i]);
      g_autoptr (GError) local_error = NULL;
      g_autofree char *one = NULL;
      guint position;

      /* Another folder's run is only taken off the list: its files are not ours. */
      if (neurona_run_item_get_origin (items[i]) == NULL
          && (record->dir != NULL || record->legacy_path != NULL))
        {
          one = nr_run_trash (record, self->runs_dir, &local_error);
          if (one == NULL)
            {
              g_string_append_printf (failures, "%s%s", failures->len > 0 ? "\n" : "",
                                      local_error->message);
              continue;
            }
          g_string_append_printf (tokens, "%s%s", tokens->len > 0 ? "\n" : "", one);
        }
      if (g_list_store_find (self->runs, items[i], &position))
        g_list_store_remove (self->runs, position);
      g_ptr_array_add (removed, g_object_ref (items[i]));
    }
  if (removed->len == 0)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_IO, "%s", failures->str);
      return NULL;
    }
  if (failures->len > 0)
    set_runs_message (self, failures->str);
  /* Runs never saved have no files to move: the token still brings their items back. */
  token = g_strdup_printf ("%u\n%s", ++self->n_deletes, tokens->str);
  g_hash_table_insert (self->trashed, g_strdup (token), g_steal_pointer (&removed));
  return g_steal_pointer (&token);
}

gboolean
neurona_session_restore_runs (NeuronaSession *self, const char *token, GError **error)
{
  GPtrArray *items;
  g_auto (GStrv) lines = NULL;

  g_return_val_if_fail (NEURONA_IS_SESSION (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  items = g_hash_table_lookup (self->trashed, token);
  if (items == NULL)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND, _("Those runs are no longer in the trash."));
      return FALSE;
    }
  lines = g_strsplit (token, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && !nr_run_restore (self->runs_dir, lines[i], error))
      return FALSE;
  for (guint i = 0; i < items->len; i++)
    g_list_store_insert_sorted (self->runs, items->pdata[i], compare_newest_first, NULL);
  g_hash_table_remove (self->trashed, token);
  return TRUE;
}

/* ---- the current run --------------------------------------------------------------- */

/* Forgets the confusion matrix (and stops computing one) unless confusion is given. */
static void
set_current_with_confusion (NeuronaSession *self, NeuronaRunItem *item, NrWeights *weights,
                            NrConfusion *confusion)
{
  gboolean item_changed = item != self->current;
  gboolean confusion_changed = FALSE;

  if (weights != self->current_weights || confusion != NULL)
    {
      g_cancellable_cancel (self->confusion_cancellable);
      g_clear_object (&self->confusion_cancellable);
      self->confusion_wanted = FALSE;
      g_clear_pointer (&self->confusion_problem, g_free);
      confusion_changed = self->current_confusion != NULL || confusion != NULL;
      g_clear_pointer (&self->current_confusion, nr_confusion_unref);
      self->current_confusion = confusion != NULL ? nr_confusion_ref (confusion) : NULL;
    }
  if (weights != NULL)
    nr_weights_ref (weights);
  g_clear_pointer (&self->current_weights, nr_weights_unref);
  self->current_weights = weights;
  if (item_changed)
    {
      g_set_object (&self->current, item);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_WEIGHTS]);
  if (confusion_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_CONFUSION]);
}

static void
set_current (NeuronaSession *self, NeuronaRunItem *item, NrWeights *weights)
{
  set_current_with_confusion (self, item, weights, NULL);
}

static void
weights_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  NrRunRecord *record = task_data;
  GError *error = NULL;
  NrWeights *weights = nr_run_load_weights (record, &error);

  if (weights == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, weights, (GDestroyNotify) nr_weights_unref);
}

static void
weights_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  NeuronaSession *self = NEURONA_SESSION (source);
  g_autoptr (NeuronaRunItem) item = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (NrWeights) weights = g_task_propagate_pointer (G_TASK (res), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (weights != NULL)
    neurona_run_item_set_weights (item, weights);
  else
    neurona_run_item_set_weights_error (item, error->message);
  if (item == self->current)
    set_current (self, item, weights);
}

void
neurona_session_open_run (NeuronaSession *self, NeuronaRunItem *item)
{
  const NrRunRecord *record;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (NEURONA_IS_SESSION (self));
  g_return_if_fail (NEURONA_IS_RUN_ITEM (item));

  record = neurona_run_item_get_record (item);
  neurona_session_load_dataset (self, record->dataset);
  if (neurona_run_item_get_weights (item) != NULL || neurona_run_item_get_weights_error (item) != NULL)
    {
      set_current (self, item, neurona_run_item_get_weights (item));
      return;
    }
  if (!record->has_weights)
    {
      g_autoptr (GError) error = NULL;

      nr_run_load_weights (record, &error);
      neurona_run_item_set_weights_error (item, error->message);
      set_current (self, item, NULL);
      return;
    }
  set_current (self, item, NULL);
  task = g_task_new (self, self->cancellable, weights_done, g_object_ref (item));
  g_task_set_task_data (task, nr_run_record_copy (record), (GDestroyNotify) nr_run_record_free);
  g_task_run_in_thread (task, weights_thread);
}

void
neurona_session_set_untrained (NeuronaSession *self, const NrTrainConfig *config,
                               NrDatasetId dataset_id)
{
  g_autoptr (NrModel) model = NULL;

  g_return_if_fail (NEURONA_IS_SESSION (self));
  g_return_if_fail (config != NULL);

  if (self->current != NULL || self->training != NULL)
    return;
  /* A huge network would take long to initialise for a mere preview. */
  if (nr_model_spec_param_count (&config->model) > 4 * 1000 * 1000)
    return;
  model = nr_model_new (&config->model, config->seed, NULL);
  if (model == NULL)
    return;
  g_clear_pointer (&self->untrained, nr_weights_unref);
  self->untrained = nr_weights_new_from_model (model);
  self->untrained_normalize = config->normalize;
  self->untrained_dataset = dataset_id;
  self->untrained_test_limit = config->test_limit;
  set_current (self, NULL, self->untrained);
}

NeuronaRunItem *
neurona_session_get_current (NeuronaSession *self)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);

  return self->current;
}

NrWeights *
neurona_session_get_current_weights (NeuronaSession *self, gboolean *normalize,
                                     NrDatasetId *dataset_id)
{
  const NrTrainConfig *config = NULL;
  NrDatasetId id = self->untrained_dataset;

  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);

  if (self->training != NULL)
    {
      config = neurona_run_get_config (self->training);
      id = neurona_run_get_dataset (self->training)->id;
    }
  else if (self->current != NULL)
    {
      config = &neurona_run_item_get_record (self->current)->config;
      id = neurona_run_item_get_record (self->current)->dataset;
    }
  if (normalize != NULL)
    *normalize = config != NULL ? config->normalize : self->untrained_normalize;
  if (dataset_id != NULL)
    *dataset_id = id;
  return self->current_weights;
}

/* ---- the current model's confusion matrix -------------------------------------- */

typedef struct {
  NrWeights *weights;
  NrImageSet *test;
  gboolean normalize;
  guint n_classes;
  guint test_limit;
} ConfusionJob;

static void
confusion_job_free (gpointer data)
{
  ConfusionJob *job = data;

  g_clear_pointer (&job->weights, nr_weights_unref);
  g_clear_pointer (&job->test, nr_image_set_unref);
  g_free (job);
}

static void
confusion_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ConfusionJob *job = task_data;
  g_autoptr (NrImageSet) head = NULL;
  const NrImageSet *set = job->test;
  GError *error = NULL;
  NrConfusion *confusion;

  /* The images the run was tested on, as its figures (and its epoch ends) count them. */
  if (job->test_limit > 0 && job->test_limit < set->n)
    set = head = nr_image_set_new_head (job->test, job->test_limit);
  confusion = nr_confusion_new_from_model (nr_weights_get_model (job->weights), set,
                                           job->normalize, job->n_classes, &error);
  if (confusion == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, confusion, (GDestroyNotify) nr_confusion_unref);
}

static void
confusion_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  NeuronaSession *self = NEURONA_SESSION (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (NrConfusion) confusion = g_task_propagate_pointer (G_TASK (res), &error);
  ConfusionJob *job = g_task_get_task_data (G_TASK (res));

  /* Dropped when the weights have changed since (set_current cancelled it). */
  if (g_task_get_cancellable (G_TASK (res)) != self->confusion_cancellable
      || job->weights != self->current_weights
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->confusion_cancellable);
  g_clear_pointer (&self->confusion_problem, g_free);
  if (confusion == NULL)
    self->confusion_problem = g_strdup (error->message);
  g_clear_pointer (&self->current_confusion, nr_confusion_unref);
  self->current_confusion = g_steal_pointer (&confusion);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_CONFUSION]);
}

void
neurona_session_request_confusion (NeuronaSession *self)
{
  g_autoptr (GTask) task = NULL;
  const NrModelSpec *spec;
  ConfusionJob *job;
  NrDatasetId id;
  gboolean normalize;
  NrWeights *weights;
  NrDataset *dataset;
  guint test_limit;

  g_return_if_fail (NEURONA_IS_SESSION (self));

  weights = neurona_session_get_current_weights (self, &normalize, &id);
  self->confusion_wanted = FALSE;
  if (weights == NULL || self->current_confusion != NULL || self->confusion_problem != NULL
      || self->confusion_cancellable != NULL)
    return;
  dataset = self->datasets[id];
  if (dataset == NULL)
    {
      /* Computed once the dataset is there (dataset_done asks again). */
      self->confusion_wanted = self->dataset_errors[id] == NULL;
      neurona_session_load_dataset (self, id);
      return;
    }
  spec = nr_weights_get_spec (weights);
  if ((gsize) dataset->test->rows * dataset->test->cols != spec->input_size)
    {
      self->confusion_problem = g_strdup_printf (
          _("This model takes %u inputs but the images have %u × %u = %u pixels: no predictions."),
          spec->input_size, dataset->test->rows, dataset->test->cols,
          dataset->test->rows * dataset->test->cols);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_CONFUSION]);
      return;
    }
  if (self->training != NULL)
    test_limit = neurona_run_get_config (self->training)->test_limit;
  else if (self->current != NULL)
    test_limit = neurona_run_item_get_record (self->current)->config.test_limit;
  else
    test_limit = self->untrained_test_limit;

  job = g_new0 (ConfusionJob, 1);
  job->weights = nr_weights_ref (weights);
  job->test = nr_image_set_ref (dataset->test);
  job->normalize = normalize;
  job->n_classes = nr_dataset_info (id)->n_classes;
  job->test_limit = test_limit;
  self->confusion_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->confusion_cancellable, confusion_done, NULL);
  g_task_set_source_tag (task, neurona_session_request_confusion);
  g_task_set_task_data (task, job, confusion_job_free);
  g_task_run_in_thread (task, confusion_thread);
}

NrConfusion *
neurona_session_get_current_confusion (NeuronaSession *self)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);

  return self->current_confusion;
}

const char *
neurona_session_get_confusion_problem (NeuronaSession *self)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);

  return self->confusion_problem;
}

gboolean
neurona_session_is_computing_confusion (NeuronaSession *self)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), FALSE);

  return self->confusion_cancellable != NULL || self->confusion_wanted;
}

/* "epoch 10 of 10", "stopped after epoch 3 of 10", … for a run's record. */
static char *
describe_progress (const NrRunRecord *record, gboolean training)
{
  guint done = record->history->len, total = record->config.epochs;

  if (training)
    return done == 0 ? g_strdup_printf (_("untrained, epoch 1 of %u starting"), total)
                     : g_strdup_printf (_("epoch %u of %u (training)"), done, total);
  switch (record->status)
    {
    case NR_TRAIN_CANCELLED:
      return done == 0 ? g_strdup (_("stopped before its first epoch ended"))
                       : g_strdup_printf (_("stopped after epoch %u of %u"), done, total);
    case NR_TRAIN_DIVERGED:
      return g_strdup_printf (_("diverged in epoch %u of %u; weights of epoch %u"),
                              record->diverged_epoch, total, done);
    case NR_TRAIN_COMPLETED:
    default:
      return g_strdup_printf (_("epoch %u of %u"), done, total);
    }
}

char *
neurona_session_describe_current (NeuronaSession *self)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);

  if (self->training != NULL)
    {
      const NrRunRecord *record = neurona_run_get_record (self->training);
      g_autofree char *progress = describe_progress (record, TRUE);

      /* Translators: "run 4 · 128 relu · 10 epochs · epoch 2 of 10 (training)" */
      return g_strdup_printf (_("run %u · %s · %s"), self->training_number, record->name,
                              progress);
    }
  if (self->current != NULL)
    {
      const NrRunRecord *record = neurona_run_item_get_record (self->current);
      g_autofree char *who = neurona_run_item_describe (self->current);
      g_autofree char *progress = describe_progress (record, FALSE);
      const char *error = neurona_run_item_get_weights_error (self->current);

      if (self->current_weights == NULL && error != NULL)
        /* Translators: "run 2 · 128 relu · 10 epochs: no predictions: <why>" */
        return g_strdup_printf (_("%s: no predictions: %s"), who, error);
      if (self->current_weights == NULL)
        return g_strdup_printf (_("%s: reading its weights…"), who);
      return g_strdup_printf ("%s · %s", who, progress);
    }
  if (self->current_weights != NULL)
    return g_strdup (_("untrained model"));
  return g_strdup (_("no model yet"));
}

/* ---- training ---------------------------------------------------------------------- */

static void
on_training_epoch_end (NeuronaRun *run, const NeuronaRunSnapshot *snapshot, NrWeights *weights,
                       NeuronaSession *self)
{
  if (run != self->training)
    return;
  /* The trainer predicted the test images for this epoch's figures anyway. */
  set_current_with_confusion (self, NULL, weights, neurona_run_get_confusion (run));
}

static void
on_training_finished (NeuronaRun *run, const NrTrainResult *result, const GError *error,
                      NeuronaSession *self)
{
  const NrRunRecord *record = neurona_run_get_record (run);
  g_autoptr (NeuronaRunItem) item = NULL;
  g_autoptr (NeuronaRun) finished = NULL;

  if (run != self->training)
    return;
  finished = g_steal_pointer (&self->training);
  g_signal_handlers_disconnect_by_data (finished, self);

  /* Every run that taught the model something is kept: finished, stopped after at least
   * one epoch, or diverged (where it diverged is worth comparing too). */
  if (error != NULL || (result->status == NR_TRAIN_CANCELLED && result->epochs_completed == 0))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
      set_current (self, self->current, self->current == NULL ? self->untrained
                                                              : self->current_weights);
      return;
    }
  item = neurona_run_item_new (nr_run_record_copy (record), self->training_number);
  /* Weights only where an epoch completed: those are the weights its figures describe. */
  if (result->epochs_completed > 0)
    neurona_run_item_set_weights (item, neurona_run_get_weights (finished));
  g_list_store_insert_sorted (self->runs, item, compare_newest_first, NULL);
  save_item (self, item);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
  set_current (self, item, neurona_run_item_get_weights (item));
  g_signal_emit (self, signals[SIGNAL_RUN_ADDED], 0, item);
}

NeuronaRun *
neurona_session_train (NeuronaSession *self, const NrTrainConfig *config, NrDatasetId dataset_id,
                       GError **error)
{
  NrDataset *dataset;
  NeuronaRun *run;

  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail ((guint) dataset_id < NR_N_DATASETS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dataset = self->datasets[dataset_id];
  if (self->training != NULL)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID, _("A run is already training."));
      return NULL;
    }
  if (self->sweep != NULL)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("A sweep is training: wait for it to end, or cancel it."));
      return NULL;
    }
  if (dataset == NULL)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND, _("The dataset is not loaded yet."));
      return NULL;
    }
  run = neurona_run_new (config, dataset, error);
  if (run == NULL)
    return NULL;
  self->training = run;
  self->training_number = ++self->max_number;
  g_signal_connect (run, "epoch-end", G_CALLBACK (on_training_epoch_end), self);
  g_signal_connect (run, "finished", G_CALLBACK (on_training_finished), self);
  neurona_run_start (run);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
  /* The run is what the predictions show now, from its initial weights on. */
  g_clear_object (&self->current);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  set_current (self, NULL, neurona_run_get_weights (run));
  return run;
}

NeuronaRun *
neurona_session_get_training (NeuronaSession *self)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);

  return self->training;
}

void
neurona_session_stop (NeuronaSession *self)
{
  g_return_if_fail (NEURONA_IS_SESSION (self));

  if (self->training != NULL)
    neurona_run_stop (self->training);
}

/* ---- sweeps ------------------------------------------------------------------------ */

/* A sweep's run, saved by its worker: listed as the runs found in the folder are (the
 * folder's monitor may have found it first). */
static void
on_sweep_run_saved (NeuronaSweepQueue *queue, const NrRunRecord *record, NrWeights *weights,
                    NeuronaSession *self)
{
  g_autoptr (NeuronaRunItem) item = NULL;

  if (neurona_session_find_run (self, record->id) != NULL)
    return;
  item = neurona_run_item_new (nr_run_record_copy (record), ++self->max_number);
  if (weights != NULL)
    neurona_run_item_set_weights (item, weights);
  g_list_store_insert_sorted (self->runs, item, compare_newest_first, NULL);
}

static void
on_sweep_finished (NeuronaSweepQueue *queue, NeuronaSession *self)
{
  g_autoptr (NeuronaSweepQueue) finished = NULL;

  if (queue != self->sweep)
    return;
  finished = g_steal_pointer (&self->sweep);
  g_signal_handlers_disconnect_by_func (finished, on_sweep_finished, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SWEEP]);
}

static NeuronaSweepSchedule
schedule_from_env (void)
{
  const char *value = g_getenv ("NEURONA_SWEEP_SCHEDULE");

  if (g_strcmp0 (value, "parallel") == 0)
    return NEURONA_SWEEP_SCHEDULE_PARALLEL;
  if (g_strcmp0 (value, "serial") == 0)
    return NEURONA_SWEEP_SCHEDULE_SERIAL;
  return NEURONA_SWEEP_SCHEDULE_AUTO;
}

NeuronaSweepQueue *
neurona_session_start_sweep (NeuronaSession *self, NrSweep *sweep, GError **error)
{
  g_autoptr (NrSweep) owned = sweep;
  NrDataset *dataset;

  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);
  g_return_val_if_fail (sweep != NULL && sweep->points->len > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dataset = self->datasets[sweep->dataset];
  if (self->training != NULL)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("A run is training: a sweep starts once it has ended."));
      return NULL;
    }
  if (self->sweep != NULL)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID, _("A sweep is already training."));
      return NULL;
    }
  if (dataset == NULL)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND, _("The dataset is not loaded yet."));
      return NULL;
    }
  self->sweep = neurona_sweep_queue_new (g_steal_pointer (&owned), dataset, self->runs_dir,
                                         schedule_from_env ());
  g_signal_connect_object (self->sweep, "run-saved", G_CALLBACK (on_sweep_run_saved), self, 0);
  g_signal_connect (self->sweep, "finished", G_CALLBACK (on_sweep_finished), self);
  neurona_sweep_queue_start (self->sweep);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SWEEP]);
  return self->sweep;
}

NeuronaSweepQueue *
neurona_session_get_sweep (NeuronaSession *self)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);

  return self->sweep;
}

void
neurona_session_stop_sweep (NeuronaSession *self)
{
  g_return_if_fail (NEURONA_IS_SESSION (self));

  if (self->sweep != NULL)
    neurona_sweep_queue_cancel (self->sweep);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
neurona_session_dispose (GObject *object)
{
  NeuronaSession *self = NEURONA_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sweep != NULL)
    {
      /* Its runs going on stop and are saved (those past an epoch) before the lab goes. */
      g_signal_handlers_disconnect_by_data (self->sweep, self);
      neurona_sweep_queue_join (self->sweep);
      g_clear_object (&self->sweep);
    }
  if (self->training != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->training, self);
      neurona_run_join (self->training);
      g_clear_object (&self->training);
    }
  g_clear_handle_id (&self->monitor_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_object (&self->current);
  g_clear_pointer (&self->current_weights, nr_weights_unref);
  g_clear_pointer (&self->untrained, nr_weights_unref);
  g_cancellable_cancel (self->confusion_cancellable);
  g_clear_object (&self->confusion_cancellable);
  g_clear_pointer (&self->current_confusion, nr_confusion_unref);
  g_clear_pointer (&self->confusion_problem, g_free);
  if (self->runs != NULL)
    g_list_store_remove_all (self->runs);
  g_clear_pointer (&self->trashed, g_hash_table_unref);
  {
    GTask *task;

    while ((task = g_queue_pop_head (&self->pending_adds)) != NULL)
      {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                                 _("The window was closed."));
        g_object_unref (task);
      }
  }

  G_OBJECT_CLASS (neurona_session_parent_class)->dispose (object);
}

static void
neurona_session_finalize (GObject *object)
{
  NeuronaSession *self = NEURONA_SESSION (object);

  for (guint i = 0; i < NR_N_DATASETS; i++)
    {
      g_clear_pointer (&self->datasets[i], nr_dataset_unref);
      g_clear_error (&self->dataset_errors[i]);
    }
  g_clear_object (&self->runs);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending_ids, g_hash_table_unref);
  g_free (self->runs_dir);
  g_free (self->runs_message);

  G_OBJECT_CLASS (neurona_session_parent_class)->finalize (object);
}

static void
neurona_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NeuronaSession *self = NEURONA_SESSION (object);

  switch (prop_id)
    {
    case PROP_RUNS_LOADED:
      g_value_set_boolean (value, self->runs_loaded);
      break;
    case PROP_RUNS_MESSAGE:
      g_value_set_string (value, self->runs_message);
      break;
    case PROP_TRAINING:
      g_value_set_object (value, self->training);
      break;
    case PROP_SWEEP:
      g_value_set_object (value, self->sweep);
      break;
    case PROP_CURRENT:
      g_value_set_object (value, self->current);
      break;
    case PROP_CURRENT_WEIGHTS:
      g_value_set_pointer (value, self->current_weights);
      break;
    case PROP_CURRENT_CONFUSION:
      g_value_set_pointer (value, self->current_confusion);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_session_class_init (NeuronaSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = neurona_session_dispose;
  object_class->finalize = neurona_session_finalize;
  object_class->get_property = neurona_session_get_property;

  properties[PROP_RUNS_LOADED] =
    g_param_spec_boolean ("runs-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNS_MESSAGE] =
    g_param_spec_string ("runs-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINING] =
    g_param_spec_object ("training", NULL, NULL, NEURONA_TYPE_RUN,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SWEEP] =
    g_param_spec_object ("sweep", NULL, NULL, NEURONA_TYPE_SWEEP_QUEUE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_object ("current", NULL, NULL, NEURONA_TYPE_RUN_ITEM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_WEIGHTS] =
    g_param_spec_pointer ("current-weights", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_CONFUSION] =
    g_param_spec_pointer ("current-confusion", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DATASET_CHANGED] =
    g_signal_new ("dataset-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_RUN_ADDED] =
    g_signal_new ("run-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, NEURONA_TYPE_RUN_ITEM);
}

static void
neurona_session_init (NeuronaSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->runs = g_list_store_new (NEURONA_TYPE_RUN_ITEM);
  self->pending_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->trashed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->untrained_dataset = NR_DATASET_FASHION_MNIST;
  g_queue_init (&self->pending_adds);
}

static void
start_runs_load (NeuronaSession *self)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, runs_done, NULL);

  g_task_set_task_data (task, g_strdup (self->runs_dir), g_free);
  g_task_run_in_thread (task, runs_thread);
}

void
neurona_session_reload_runs (NeuronaSession *self)
{
  g_return_if_fail (NEURONA_IS_SESSION (self));

  start_runs_load (self);
}

NeuronaSession *
neurona_session_new (const char *runs_dir)
{
  NeuronaSession *self = g_object_new (NEURONA_TYPE_SESSION, NULL);
  g_autoptr (GFile) dir = NULL;

  self->runs_dir = runs_dir != NULL ? g_strdup (runs_dir) : nr_runs_dir_default ();
  /* Watched so that runs saved by neurona-cli (or another lab) appear as they are saved;
   * the folder must exist for that. A folder that cannot be made is said when the runs
   * are read. */
  g_mkdir_with_parents (self->runs_dir, 0755);
  dir = g_file_new_for_path (self->runs_dir);
  self->monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect (self->monitor, "changed", G_CALLBACK (on_runs_dir_changed), self);

  start_runs_load (self);
  return self;
}

const char *
neurona_session_get_runs_dir (NeuronaSession *self)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);

  return self->runs_dir;
}

GListModel *
neurona_session_get_runs (NeuronaSession *self)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->runs);
}

gboolean
neurona_session_get_runs_loaded (NeuronaSession *self)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), FALSE);

  return self->runs_loaded;
}

const char *
neurona_session_get_runs_message (NeuronaSession *self)
{
  g_return_val_if_fail (NEURONA_IS_SESSION (self), NULL);

  return self->runs_message;
}
