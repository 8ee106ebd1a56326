/* run-record.h — one training run kept for later: its settings, its per-epoch history and
 * how it ended, saved as a small text file (a GKeyFile) so runs survive a restart and can
 * be compared side by side.
 *
 * Loading checks everything (format version, every key and its type, array lengths that
 * agree, finite numbers, enums in range, sizes that make sense) and refuses a bad file
 * with NR_ERROR_FORMAT naming it; saving is atomic, so a failed save (a full disk) leaves
 * the previous file whole.
 */
#pragma once

#include <glib.h>

#include "neurona/dataset.h"
#include "neurona/trainer.h"

G_BEGIN_DECLS

/* The "format-version" written; a file with any other version is refused. */
#define NR_RUN_RECORD_FORMAT_VERSION 1
/* Suffix of saved runs in a folder; other names (temporary files) are skipped. */
#define NR_RUN_RECORD_SUFFIX ".run"

/* One completed epoch. test_* are NAN when the run had no test images. */
typedef struct {
  double train_loss, train_accuracy;
  double test_loss, test_accuracy;
  double seconds; /* wall time of the epoch's training */
} NrEpochRecord;

typedef struct {
  char *name;            /* "128 relu · 10 epochs" unless set otherwise */
  char *path;            /* the file it was loaded from or last saved to, or NULL */
  NrDatasetId dataset;
  NrTrainConfig config;  /* model, optimizer, epochs, batch size, normalize, seed, limits */
  guint train_size;      /* images actually trained on */
  guint test_size;       /* images evaluated after each epoch (0 = none) */
  gint64 start_time;     /* wall clock, Unix seconds (UTC) */
  guint64 params;        /* trainable parameters (nr_model_spec_param_count) */
  GArray *history;       /* NrEpochRecord, one per completed epoch */
  NrTrainStatus status;
  guint diverged_epoch, diverged_step; /* NR_TRAIN_DIVERGED only (1-based), else 0 */
  double seconds;        /* wall time of the whole run */
} NrRunRecord;

/* A run that has not ended yet: status NR_TRAIN_COMPLETED, no history, the default name,
 * the parameter count of config->model. */
NrRunRecord *nr_run_record_new (NrDatasetId dataset, const NrTrainConfig *config,
                                guint train_size, guint test_size, gint64 start_time);
void nr_run_record_free (NrRunRecord *record);
NrRunRecord *nr_run_record_copy (const NrRunRecord *record);

void nr_run_record_set_name (NrRunRecord *record, const char *name);
void nr_run_record_add_epoch (NrRunRecord *record, const NrEpochRecord *epoch);
/* Copies status, where a diverged run failed and the total time. */
void nr_run_record_set_result (NrRunRecord *record, const NrTrainResult *result);

/* "128 relu · 10 epochs", "128 relu, 64 tanh · 5 epochs", "no hidden layer · 1 epoch". */
char *nr_run_record_default_name (const NrTrainConfig *config);
/* "completed", "cancelled", "diverged" (the names in the file). */
const char *nr_train_status_name (NrTrainStatus status);

/* The last epoch's numbers (NULL when none completed). */
const NrEpochRecord *nr_run_record_get_last_epoch (const NrRunRecord *record);

/* Saves atomically; sets record->path on success. NR_ERROR_IO names the file. */
gboolean nr_run_record_save (NrRunRecord *record, const char *path, GError **error);
/* NR_ERROR_IO when the file cannot be read, NR_ERROR_FORMAT "<path>: <problem>" when it
 * is not a valid run. */
NrRunRecord *nr_run_record_load (const char *path, GError **error);

/* Loads every "*.run" file in dir. Returns the good records, newest first (start time,
 * then file name), with nr_run_record_free as free function; *file_errors (if not NULL)
 * receives one GError per file that could not be loaded (free function g_error_free), so
 * a bad file never hides the good ones. A missing folder is no error (no runs yet);
 * NULL with NR_ERROR_IO when dir exists but cannot be listed. */
GPtrArray *nr_run_record_load_dir (const char *dir, GPtrArray **file_errors, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrRunRecord, nr_run_record_free)

G_END_DECLS
