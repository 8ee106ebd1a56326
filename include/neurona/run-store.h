/* run-store.h — the runs folder: every run a folder of its own, shared by the lab and the
 * CLI.
 *
 *   <runs folder>/<id>/run.json            the run (run-record.h)
 *   <runs folder>/<id>/model.safetensors   its weights (weights.h)
 *   <runs folder>/<id>.run                 a run saved by Neurona 0.1 (read, never written)
 *   <runs folder>/.trash/…                 deleted runs, until they are purged
 *
 * A new run is written into a hidden temporary folder and renamed into place once both
 * files are complete and on disk, so a listed run is always whole, whatever kills the
 * process; leftovers of an interrupted save are removed the next time the folder is
 * loaded. Deleting moves a run into .trash, from where it can be restored; the trash is
 * emptied of runs deleted more than NR_RUN_TRASH_DAYS days before.
 */
#pragma once

#include <glib.h>

#include "neurona/run-record.h"
#include "neurona/weights.h"

G_BEGIN_DECLS

#define NR_RUN_TRASH_DIR ".trash"
#define NR_RUN_TRASH_DAYS 30

/* $NEURONA_RUNS_DIR, else $XDG_DATA_HOME/neurona/runs. */
char *nr_runs_dir_default (void);

/* Saves a run. A run never saved (record->dir NULL) becomes runs_dir/<new id>/ with
 * run.json and, when weights is not NULL, model.safetensors; record->id, ->dir and
 * ->has_weights are set on success. A saved run (a rename, a new note) has its run.json
 * replaced atomically and its weights left alone. A run read from a Neurona 0.1 ".run"
 * file becomes the folder runs_dir/<its id>/ (the old file stays where it is, shadowed).
 * NR_ERROR_IO names the file and the reason (a full disk, a read-only folder); the
 * record is unchanged then, so nothing in memory is lost. */
gboolean nr_run_save (NrRunRecord *record, const NrWeights *weights, const char *runs_dir,
                      GError **error);

/* Loads a run from its folder, from its run.json, or from a Neurona 0.1 ".run" file.
 * NR_ERROR_IO when it cannot be read, NR_ERROR_FORMAT naming the file when it is not a
 * valid run. The weights are not read (nr_run_load_weights). */
NrRunRecord *nr_run_load (const char *path, GError **error);

/* The run's weights, checked against its settings. NR_ERROR_NOT_FOUND when the run has
 * none (saved by Neurona 0.1, or trained with nothing to keep); NR_ERROR_FORMAT naming
 * model.safetensors when it is truncated, corrupt, foreign or of another shape. */
NrWeights *nr_run_load_weights (const NrRunRecord *record, GError **error);

/* Every run in runs_dir, newest first (start time, then id). *file_errors (if not NULL)
 * receives one GError per run that could not be loaded (free function g_error_free), so a
 * bad run never hides the good ones; bad runs are never deleted. A run whose
 * model.safetensors is missing, cut short or not its network's (its header is checked, not
 * its values) is one of them, named by that file. A missing folder is no
 * error (no runs yet); NULL with NR_ERROR_IO when runs_dir exists but cannot be listed. */
GPtrArray *nr_run_load_all (const char *runs_dir, GPtrArray **file_errors, GError **error);

/* Every run at path, for runs brought in from elsewhere (another lab's runs folder, a
 * teacher's folder where each student copied theirs): path itself when it is a run (a
 * folder holding run.json, a run.json, or a Neurona 0.1 ".run" file); otherwise the runs
 * in that folder and, one level down, in its sub-folders (a folder of runs folders, one
 * per student). Newest first, as nr_run_load_all (copies of one run in several folders in
 * the order of their folders' names), and read-only: nothing there is removed
 * or purged (it is not this lab's runs folder). Hidden entries (a trash, a save in
 * progress) and anything that is not a run are skipped; runs that cannot be read go to
 * *file_errors as in nr_run_load_all. NR_ERROR_NOT_FOUND when path does not exist,
 * NR_ERROR_IO when it cannot be listed; a folder without runs gives an empty array. */
GPtrArray *nr_run_load_from (const char *path, GPtrArray **file_errors, GError **error);

/* A run named by its folder path, its id, its id's unique prefix, or its name (when only
 * one run has it). NR_ERROR_NOT_FOUND when none matches, NR_ERROR_INVALID when several do
 * (the message lists their ids). */
NrRunRecord *nr_run_find (const char *runs_dir, const char *what, GError **error);

/* Moves a saved run (its folder, and a Neurona 0.1 file it shadows) into the trash and
 * returns a token for nr_run_restore (free with g_free), or NULL with NR_ERROR_IO. */
char *nr_run_trash (const NrRunRecord *record, const char *runs_dir, GError **error);
/* Puts a trashed run back where it was. NR_ERROR_INVALID when a run of the same id has
 * taken its place meanwhile, NR_ERROR_NOT_FOUND when the trash no longer holds it. */
gboolean nr_run_restore (const char *runs_dir, const char *token, GError **error);

G_END_DECLS
