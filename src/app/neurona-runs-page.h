/* neurona-runs-page.h — the "Runs" page: the session's runs (every run of the runs folder)
 * as a sortable table, best test accuracy first like a high-score table; the selected run's
 * name, note and actions (open it, use its settings, train it again, export its history,
 * delete it with Undo); and the ticked runs compared (their curves per epoch overlaid, and
 * a table of their settings and final numbers with the differing settings marked). */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona-plot.h"
#include "neurona-session.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_RUNS_PAGE (neurona_runs_page_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaRunsPage, neurona_runs_page, NEURONA, RUNS_PAGE, GtkWidget)

/* The table's columns, in their order. The settings columns (HIDDEN … TRAIN_IMAGES) are
 * shown only while that setting differs between the listed runs. */
typedef enum {
  NEURONA_RUNS_COLUMN_COMPARE,
  NEURONA_RUNS_COLUMN_NUMBER,
  NEURONA_RUNS_COLUMN_NAME,
  NEURONA_RUNS_COLUMN_FROM, /* shown only while a listed run comes from another folder */
  NEURONA_RUNS_COLUMN_TEST_ACCURACY,
  NEURONA_RUNS_COLUMN_DATASET,
  NEURONA_RUNS_COLUMN_HIDDEN,
  NEURONA_RUNS_COLUMN_DROPOUT,
  NEURONA_RUNS_COLUMN_OUTPUTS,
  NEURONA_RUNS_COLUMN_OPTIMIZER,
  NEURONA_RUNS_COLUMN_LEARNING_RATE,
  NEURONA_RUNS_COLUMN_EPOCHS,
  NEURONA_RUNS_COLUMN_BATCH_SIZE,
  NEURONA_RUNS_COLUMN_SCALED,
  NEURONA_RUNS_COLUMN_SEED,
  NEURONA_RUNS_COLUMN_TRAIN_IMAGES,
  NEURONA_RUNS_COLUMN_STATUS,
  NEURONA_RUNS_COLUMN_DURATION,
  NEURONA_RUNS_COLUMN_STARTED,
  NEURONA_RUNS_N_COLUMNS
} NeuronaRunsColumn;

/* Which curves the comparison overlays. */
typedef enum {
  NEURONA_RUNS_CURVES_TEST,
  NEURONA_RUNS_CURVES_TRAIN,
  NEURONA_RUNS_CURVES_BOTH,
} NeuronaRunsCurves;

GtkWidget *neurona_runs_page_new (void);

/* The session whose runs are shown (a reference is taken); NULL shows none. */
void neurona_runs_page_set_session (NeuronaRunsPage *self, NeuronaSession *session);

/* The runs as listed, in the table's order (best test accuracy first unless another
 * column sorts it). */
guint neurona_runs_page_get_n_runs (NeuronaRunsPage *self);
const NrRunRecord *neurona_runs_page_get_run (NeuronaRunsPage *self, guint index);
NeuronaRunItem *neurona_runs_page_get_item (NeuronaRunsPage *self, guint index);
/* Sorts the table as a click on that column's header does. */
void neurona_runs_page_sort_by (NeuronaRunsPage *self, NeuronaRunsColumn column,
                                GtkSortType order);
/* What the cell of row index shows in that column (newly allocated; NULL for the Compare
 * column), and whether the column is shown. */
char *neurona_runs_page_get_cell_text (NeuronaRunsPage *self, guint index,
                                       NeuronaRunsColumn column);
gboolean neurona_runs_page_get_column_visible (NeuronaRunsPage *self, NeuronaRunsColumn column);
GtkColumnView *neurona_runs_page_get_column_view (NeuronaRunsPage *self);

/* The selected run (the details show it), or GTK_INVALID_LIST_POSITION. */
void neurona_runs_page_select (NeuronaRunsPage *self, guint index);
guint neurona_runs_page_get_selected (NeuronaRunsPage *self);

/* Lists only the runs of one dataset (an NrDatasetId), or all of them
 * (NEURONA_RUNS_ALL_DATASETS), as the "Filter by dataset" drop-down does. */
#define NEURONA_RUNS_ALL_DATASETS (-1)
void neurona_runs_page_set_dataset_filter (NeuronaRunsPage *self, int dataset_id);
int neurona_runs_page_get_dataset_filter (NeuronaRunsPage *self);

/* Adds the runs found in these files or folders to the list (neurona_session_add_runs_async),
 * as "Open runs folder…" and a drop on the window do; a toast says how many came and how
 * many were listed already, the inline message what could not be read. */
void neurona_runs_page_add_runs_from (NeuronaRunsPage *self, GFile *const *files, guint n_files);

/* Why the two ticked runs' predictions cannot be compared (shown under "Compared runs"
 * beside "Where predictions differ"), or NULL. */
const char *neurona_runs_page_get_compare_note (NeuronaRunsPage *self);

/* Ticks or clears a run's "Compare" check button. */
void neurona_runs_page_set_compared (NeuronaRunsPage *self, guint index, gboolean compared);
gboolean neurona_runs_page_get_compared (NeuronaRunsPage *self, guint index);
/* Moves the ticked runs to the runs folder's trash, asking nothing; the toast's Undo
 * (neurona_runs_page_undo_delete, Ctrl+Z) brings them back while it shows. Runs from
 * another folder are only taken off the list (their files stay), with Undo all the same. */
void neurona_runs_page_delete_compared (NeuronaRunsPage *self);
gboolean neurona_runs_page_undo_delete (NeuronaRunsPage *self);
/* The toast's text ("Run 3 deleted", "4 runs deleted"), or NULL when none shows. */
const char *neurona_runs_page_get_toast_text (NeuronaRunsPage *self);

/* Writes the history of run index as Keras' CSVLogger does (nr_run_record_to_csv). */
gboolean neurona_runs_page_export_csv (NeuronaRunsPage *self, guint index, GFile *file,
                                       GError **error);

/* The inline message (files that could not be read, a save, delete or export that
 * failed), or NULL when there is none. */
const char *neurona_runs_page_get_error_text (NeuronaRunsPage *self);

void neurona_runs_page_set_curves (NeuronaRunsPage *self, NeuronaRunsCurves curves);
NeuronaRunsCurves neurona_runs_page_get_curves (NeuronaRunsPage *self);
/* Test accuracy and loss per epoch, and the training ones (shown as "Curves" says). */
NeuronaPlot *neurona_runs_page_get_accuracy_plot (NeuronaRunsPage *self);
NeuronaPlot *neurona_runs_page_get_loss_plot (NeuronaRunsPage *self);
NeuronaPlot *neurona_runs_page_get_train_accuracy_plot (NeuronaRunsPage *self);
NeuronaPlot *neurona_runs_page_get_train_loss_plot (NeuronaRunsPage *self);
/* The side-by-side table: one column per compared run (by run number) after the row
 * names. */
GtkGrid *neurona_runs_page_get_comparison_grid (NeuronaRunsPage *self);

/* "12.3 s", "4 min 05 s", "2 h 03 min"; "—" for what is no duration (negative, not a
 * number, or longer than 10,000 hours). */
char *neurona_runs_page_format_duration (double seconds);

/* Compact: the header's rows stacked, for a large zoom (the window sets it with the Model &
 * Training page's). */
void neurona_runs_page_set_compact (NeuronaRunsPage *self, gboolean compact);

/* Signals (what the window does for the page):
 *   "run-opened"   (NeuronaRunItem *)  the run was made the session's current one (Open,
 *                                      Enter or a double click in the table)
 *   "use-settings" (NeuronaRunItem *)  "Use these settings"
 *   "train-again"  (NeuronaRunItem *)  "Train again"
 *   "compare-predictions" (NeuronaRunItem *, NeuronaRunItem *)  "Where predictions differ":
 *                                      the two ticked runs, by run number
 * Page actions: runs.open, runs.use-settings, runs.train-again, runs.export-csv,
 * runs.delete, runs.delete-compared, runs.compare-all, runs.compare-none, runs.reload,
 * runs.open-folder, runs.compare-predictions, runs.undo (Ctrl+Z), runs.dismiss-toast. */

G_END_DECLS
