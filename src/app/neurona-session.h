/* neurona-session.h — the lab's state, which windows only present.
 *
 * Like GNOME Text Editor's EditorSession, a non-widget object owns what the lab is about:
 *   - the datasets, loaded on a worker thread and kept once loaded;
 *   - the runs: every run of the runs folder (the lab's and neurona-cli's alike, picked up
 *     as they appear), newest first, as a GListModel of NeuronaRunItem;
 *   - the training run, while it trains;
 *   - the current run: the one whose predictions are shown — the run being trained, the
 *     last one trained, or one reopened from the Runs page — with its weights, or, before
 *     any, an untrained model. Browsing another dataset never changes it.
 * Saving, renaming, deleting and restoring runs go through it, off the main thread.
 */
#pragma once

#include <gio/gio.h>

#include "neurona/neurona.h"
#include "neurona-run.h"
#include "neurona-run-item.h"
#include "neurona-sweep-queue.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_SESSION (neurona_session_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaSession, neurona_session, NEURONA, SESSION, GObject)

/* runs_dir: the runs folder (NULL: nr_runs_dir_default ()); its runs are read at once on a
 * worker thread. */
NeuronaSession *neurona_session_new (const char *runs_dir);

/* ---- datasets ---- */

/* Starts loading a dataset unless it is loaded or loading; "dataset-changed" (guint id)
 * follows when it is loaded or has failed. */
void neurona_session_load_dataset (NeuronaSession *self, NrDatasetId id);
/* Forgets a failed load so that the next load tries again. */
void neurona_session_retry_dataset (NeuronaSession *self, NrDatasetId id);
/* Borrowed; NULL until loaded. */
NrDataset *neurona_session_get_dataset (NeuronaSession *self, NrDatasetId id);
gboolean neurona_session_is_loading (NeuronaSession *self, NrDatasetId id);
/* Why the last load failed, or NULL. */
const GError *neurona_session_get_dataset_error (NeuronaSession *self, NrDatasetId id);

/* ---- runs ---- */

const char *neurona_session_get_runs_dir (NeuronaSession *self);
/* NeuronaRunItem, newest first. */
GListModel *neurona_session_get_runs (NeuronaSession *self);
/* Property "runs-loaded": the folder has been read once. */
gboolean neurona_session_get_runs_loaded (NeuronaSession *self);
/* Property "runs-message": runs that could not be read, or the folder itself; NULL when
 * all is well. */
const char *neurona_session_get_runs_message (NeuronaSession *self);
/* Reads the runs folder again: runs that appeared are added, and the message says which
 * cannot be read now. */
void neurona_session_reload_runs (NeuronaSession *self);
/* The item of the run with this id (a folder name), or NULL. */
NeuronaRunItem *neurona_session_find_run (NeuronaSession *self, const char *id);

/* Brings in the runs found at paths (each read with nr_run_load_from: a run, a runs
 * folder, or a folder of runs folders such as a teacher's with one per student), on a
 * worker thread. Each becomes a listed run with its "origin" (where it was found), unless
 * a run of the same id is listed already: that one stays, once. The added folders are
 * not remembered (the lab keeps no settings yet): after a restart they are opened again.
 * Runs found before the runs folder has been read wait for it, so a run of the lab's own
 * is always listed as its own. */
void neurona_session_add_runs_async (NeuronaSession *self, const char *const *paths,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data);
/* *n_added: the runs listed; *n_already: those whose id was listed already; *problems: the
 * runs that could not be read, one per line (newly allocated; NULL when none). FALSE, with
 * the reason, only when none of the paths could be read at all. */
gboolean neurona_session_add_runs_finish (NeuronaSession *self, GAsyncResult *result,
                                          guint *n_added, guint *n_already, char **problems,
                                          GError **error);

/* Renames a run / sets its note and saves it; a failed save leaves the change in memory
 * and sets the item's "save-error". */
void neurona_session_rename_run (NeuronaSession *self, NeuronaRunItem *item, const char *name);
void neurona_session_set_run_note (NeuronaSession *self, NeuronaRunItem *item, const char *note);
/* Moves runs to the runs folder's trash at once and takes them off the list. Returns a
 * token for neurona_session_restore_runs() (free with g_free), or NULL with an error when
 * none could be moved (the others stay listed). A run brought in from another folder (its
 * "origin" set) is only taken off the list: that folder is not the lab's, its files stay
 * where they are, and the token brings the run back to the list. */
char *neurona_session_delete_runs (NeuronaSession *self, NeuronaRunItem **items, guint n_items,
                                   GError **error);
/* Puts deleted runs back (the Undo of a delete). */
gboolean neurona_session_restore_runs (NeuronaSession *self, const char *token, GError **error);

/* ---- training ---- */

/* Starts training config on a loaded dataset; the run becomes the current one. Fails
 * with the core's message for impossible settings, or while another run or a sweep
 * trains. */
NeuronaRun *neurona_session_train (NeuronaSession *self, const NrTrainConfig *config,
                                   NrDatasetId dataset_id, GError **error);
/* Property "training": the run training now, or NULL. */
NeuronaRun *neurona_session_get_training (NeuronaSession *self);
void neurona_session_stop (NeuronaSession *self);

/* ---- sweeps ---- */

/* Starts a sweep (planned; taken, freed on failure) on its loaded dataset: its runs train
 * on a NeuronaSweepQueue, each saved run joins the runs list. The way it trains is
 * measured unless $NEURONA_SWEEP_SCHEDULE says "parallel" or "serial". Fails while a run
 * or another sweep trains, or before the data is loaded. */
NeuronaSweepQueue *neurona_session_start_sweep (NeuronaSession *self, NrSweep *sweep,
                                                GError **error);
/* Property "sweep": the sweep training now, or NULL. */
NeuronaSweepQueue *neurona_session_get_sweep (NeuronaSession *self);
/* Cancels the sweep training now, if any. */
void neurona_session_stop_sweep (NeuronaSession *self);

/* ---- the current run ---- */

/* Makes a listed run the current one; its weights are read on a worker thread
 * ("current-weights" follows). */
void neurona_session_open_run (NeuronaSession *self, NeuronaRunItem *item);
/* Until a run is current: the untrained model of config, as the tutorial's first step
 * shows it. Ignored once a run is current. */
void neurona_session_set_untrained (NeuronaSession *self, const NrTrainConfig *config,
                                    NrDatasetId dataset_id);
/* Property "current": the current run's item; NULL while it trains (then "training" is
 * it) and when there is none. */
NeuronaRunItem *neurona_session_get_current (NeuronaSession *self);
/* Property "current-weights": the weights shown (borrowed), NULL when there are none (or
 * not yet); *normalize gets how pixels are scaled for them, *dataset_id their dataset. */
NrWeights *neurona_session_get_current_weights (NeuronaSession *self, gboolean *normalize,
                                                NrDatasetId *dataset_id);
/* Property "current-confusion": the confusion matrix of the current weights on the test
 * images of their dataset (as many as the run was tested on), with each test image's
 * predicted class (nr_confusion_get_predicted); borrowed, NULL when not known (yet).
 * While a run trains it comes with every epoch end, from the trainer's own test
 * predictions; otherwise (a reopened run, the untrained model, a run's initial weights)
 * nothing computes it until neurona_session_request_confusion() asks, which predicts the
 * test images once on a worker thread (loading the dataset first if need be) and
 * notifies. Notified whenever it changes, also when it is dropped with the weights. */
NrConfusion *neurona_session_get_current_confusion (NeuronaSession *self);
void neurona_session_request_confusion (NeuronaSession *self);
/* TRUE from a request until the matrix (or its problem) is known. */
gboolean neurona_session_is_computing_confusion (NeuronaSession *self);
/* Why the current weights have no confusion matrix (the model does not fit the images,
 * fewer outputs than classes), or NULL. */
const char *neurona_session_get_confusion_problem (NeuronaSession *self);
/* Whose predictions are shown: "run 3 · 128 relu · 10 epochs · epoch 10 of 10",
 * "run 4 · … · epoch 2 of 10 (training)", "untrained model", or why a run's weights are
 * missing. Newly allocated. */
char *neurona_session_describe_current (NeuronaSession *self);

/* Signals:
 *   "dataset-changed" (guint id)           a dataset loaded or failed to
 *   "run-added"       (NeuronaRunItem *)   a run trained here was listed (saved or not)
 */

G_END_DECLS
