/* run-record.h — one training run, complete: everything needed to understand and repeat
 * it (settings, data, per-epoch history, how it ended, where it came from), and the one
 * place that keeps a run's books while it trains, for the lab and the CLI alike.
 *
 * On disk a run is a folder (run-store.h): run.json, this record as JSON, and
 * model.safetensors, its weights (weights.h). The JSON is written and read with
 * json-glib; reading checks everything (format and version, every member and its type,
 * arrays that agree, finite numbers, names in range, settings the trainer accepts) and
 * refuses a bad file with NR_ERROR_FORMAT naming it.
 */
#pragma once

#include <glib.h>

#include "neurona/dataset.h"
#include "neurona/trainer.h"

G_BEGIN_DECLS

/* "format_version" of run.json written; files of another version are refused. */
#define NR_RUN_FORMAT_VERSION 2
#define NR_RUN_FILE "run.json"
#define NR_RUN_WEIGHTS_FILE "model.safetensors"
/* Runs saved by Neurona 0.1: one GKeyFile per run, no weights. Still read. */
#define NR_RUN_LEGACY_SUFFIX ".run"

/* One completed epoch. test_* are NAN when the run had no test images. */
typedef struct {
  double train_loss, train_accuracy;
  double test_loss, test_accuracy;
  double seconds; /* wall time of the epoch's training */
} NrEpochRecord;

/* The dataset's four files, in this order. */
typedef enum {
  NR_DATA_TRAIN_IMAGES,
  NR_DATA_TRAIN_LABELS,
  NR_DATA_TEST_IMAGES,
  NR_DATA_TEST_LABELS,
  NR_N_DATA_FILES
} NrDataFileKind;

typedef struct {
  char *name;   /* "train-images-idx3-ubyte.gz", NULL when unknown */
  char *sha256; /* lower-case hex of the file's bytes, NULL when unknown */
} NrDataFile;

/* Where a run came from. Strings are UTF-8 (paths in their display form); NULL when
 * unknown (runs from Neurona 0.1). */
typedef struct {
  char *neurona_version; /* "0.2.0" */
  char *kernels;         /* "avx512", "avx2", "openblas", "loops" */
  char *data_source;     /* "Debian's dataset-fashion-mnist package", … */
  char *data_dir;        /* the folder the four files were read from */
  NrDataFile files[NR_N_DATA_FILES];
} NrRunProvenance;

typedef struct {
  char *id;              /* the run's folder name ("20261201-223544-5f3a"); NULL until saved */
  char *name;            /* "128 relu · 10 epochs" unless renamed */
  char *note;            /* the user's note, "" when none */
  char *dir;             /* the run's folder once saved or loaded, else NULL */
  char *legacy_path;     /* the Neurona 0.1 ".run" file it was read from, else NULL */
  NrDatasetId dataset;
  NrTrainConfig config;  /* model, optimizer, epochs, batch size, normalize, seed, limits */
  guint train_size;      /* images actually trained on */
  guint test_size;       /* images evaluated after each epoch (0 = none) */
  gint64 start_time;     /* wall clock, Unix seconds (UTC) */
  double seconds;        /* wall time of the whole run */
  guint64 params;        /* trainable parameters (nr_model_spec_param_count) */
  GArray *history;       /* NrEpochRecord, one per completed epoch */
  NrTrainStatus status;  /* "finished", "stopped", "diverged" */
  guint diverged_epoch, diverged_step; /* NR_TRAIN_DIVERGED only (1-based), else 0 */
  NrDivergence divergence;             /* NR_TRAIN_DIVERGED only, else NONE */
  double diverged_loss, reference_loss; /* NR_TRAIN_DIVERGED only, else NAN */
  guint epochs_at_chance;              /* epochs that ended no better than guessing */
  gboolean has_weights;  /* model.safetensors holds the weights at the end of the run */
  NrRunProvenance provenance;
} NrRunRecord;

/* A run that has not ended yet: status NR_TRAIN_COMPLETED, no history, the default name,
 * the parameter count of config->model, no provenance. */
NrRunRecord *nr_run_record_new (NrDatasetId dataset, const NrTrainConfig *config,
                                guint train_size, guint test_size, gint64 start_time);
/* The run a trainer is about to make, starting now: its config and the image counts it
 * trains and tests on (after the limits), with the provenance of the data (dataset, may
 * be NULL) and of this build (version, kernel path). */
NrRunRecord *nr_run_record_new_for_trainer (NrTrainer *trainer, NrDatasetId dataset_id,
                                            const NrDataset *dataset);
void nr_run_record_free (NrRunRecord *record);
NrRunRecord *nr_run_record_copy (const NrRunRecord *record);

void nr_run_record_set_name (NrRunRecord *record, const char *name);
void nr_run_record_set_note (NrRunRecord *record, const char *note);
void nr_run_record_add_epoch (NrRunRecord *record, const NrEpochRecord *epoch);
/* Records the epoch an NR_PROGRESS_EPOCH_END progress reports (other kinds are ignored). */
void nr_run_record_add_progress (NrRunRecord *record, const NrProgress *progress);
/* Ends the run as the trainer's result says: status, where and why it diverged, the total
 * time, and the history cut to the epochs the result counts as completed. */
void nr_run_record_finish (NrRunRecord *record, const NrTrainResult *result);
/* Fills record->provenance from a loaded dataset and this build. */
void nr_run_record_set_provenance (NrRunRecord *record, const NrDataset *dataset);

/* "128 relu · 10 epochs", "128 relu, 64 tanh · 5 epochs", "no hidden layer · 1 epoch", in
 * the language the program runs in (the lab's runs are named so). */
char *nr_run_record_default_name (const NrTrainConfig *config);
/* The same name in English whatever the language, as neurona-cli names the runs it saves,
 * so any lab shows it as a default name, in its own language. */
char *nr_run_record_default_name_english (const NrTrainConfig *config);
/* TRUE when the run's name is its default name, in English (as neurona-cli names runs) or
 * in the language the program runs in: a program shows such a name in its own language. */
gboolean nr_run_record_name_is_default (const NrRunRecord *record);
/* "finished", "stopped", "diverged" (the names in run.json). */
const char *nr_train_status_name (NrTrainStatus status);
gboolean nr_train_status_from_name (const char *name, NrTrainStatus *out_status);
/* "not-finite", "exploded", "exploded-running" ("none" for NONE). */
const char *nr_divergence_name (NrDivergence divergence);

/* The last epoch's numbers (NULL when none completed). */
const NrEpochRecord *nr_run_record_get_last_epoch (const NrRunRecord *record);
/* The final test accuracy and loss (the last epoch's; NAN when there is none). */
double nr_run_record_get_test_accuracy (const NrRunRecord *record);
double nr_run_record_get_test_loss (const NrRunRecord *record);

/* run.json's text (UTF-8, pretty-printed, numbers in their shortest exact form). */
char *nr_run_record_to_json (const NrRunRecord *record, gsize *length);
/* Parses run.json's text; file_name names it in messages. id, dir and has_weights are
 * left to the caller (run-store.c). */
NrRunRecord *nr_run_record_from_json (const char *data, gsize length, const char *file_name,
                                      GError **error);
/* The history as Keras' CSVLogger writes it: "epoch,accuracy,loss,val_accuracy,val_loss",
 * epochs from 0, empty val_* cells for a run without test images. */
char *nr_run_record_to_csv (const NrRunRecord *record, gsize *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrRunRecord, nr_run_record_free)

/* A training config alone (what the lab remembers between uses): the model, optimizer,
 * batch size, epochs, pixel scaling and seed, as run.json writes them, on one line. The
 * thread count and image limits are not kept. */
char *nr_train_config_to_json (const NrTrainConfig *config);
/* Reads nr_train_config_to_json ()'s text back; what names it in messages. FALSE with
 * NR_ERROR_FORMAT ("<what>: <problem>") for anything else, and config untouched. */
gboolean nr_train_config_from_json (const char *data, const char *what, NrTrainConfig *config,
                                    GError **error);

G_END_DECLS
