/* neurona-sweeps-page.h — the Sweeps page: the sweep training now and the sweeps saved in
 * the runs folder (sweep-<id>.json), and for the one chosen, its runs' progress (each can
 * be cancelled, or the whole sweep) and its result as two charts — final test accuracy
 * and test loss against the swept setting, one square per run, a line through the means
 * across seeds with bars from their lowest to highest, one series per value of a second
 * setting. A run opens from its square (a click, or the arrow keys then Enter) or from its
 * row.
 */
#pragma once

#include <gtk/gtk.h>

#include "neurona-plot.h"
#include "neurona-session.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_SWEEPS_PAGE (neurona_sweeps_page_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaSweepsPage, neurona_sweeps_page, NEURONA, SWEEPS_PAGE, GtkWidget)

GtkWidget *neurona_sweeps_page_new (void);

/* The session whose sweeps it shows; its saved sweeps are read on a worker thread. */
void neurona_sweeps_page_set_session (NeuronaSweepsPage *self, NeuronaSession *session);
/* Reads the runs folder's sweeps again (the page does when it is shown). */
void neurona_sweeps_page_reload (NeuronaSweepsPage *self);
/* Property "loading": a reading of the folder is under way. */
gboolean neurona_sweeps_page_get_loading (NeuronaSweepsPage *self);

/* Sweeps listed (the one training, then the saved ones, newest first). */
guint neurona_sweeps_page_get_n_sweeps (NeuronaSweepsPage *self);
/* Shows the sweep listed at position. */
void neurona_sweeps_page_select (NeuronaSweepsPage *self, guint position);
/* The sweep shown (borrowed), or NULL. */
NrSweep *neurona_sweeps_page_get_shown (NeuronaSweepsPage *self);

NeuronaPlot *neurona_sweeps_page_get_accuracy_plot (NeuronaSweepsPage *self);
NeuronaPlot *neurona_sweeps_page_get_loss_plot (NeuronaSweepsPage *self);
/* The sweep's point (its index in the sweep's points) that point index of a plot's series
 * shows; FALSE when that series shows means, not runs. Both plots number their series
 * alike. */
gboolean neurona_sweeps_page_get_point_of (NeuronaSweepsPage *self, guint series, guint index,
                                           guint *point);
/* Opens the run of the sweep's point (as its square or its row does): FALSE when it has
 * none, or it is no longer among the runs. */
gboolean neurona_sweeps_page_open_point (NeuronaSweepsPage *self, guint point);

/* The lines under the title: "Running: 1 of 2 runs done", and how the runs are scheduled
 * and why ("" for a saved sweep). */
const char *neurona_sweeps_page_get_status_text (NeuronaSweepsPage *self);
const char *neurona_sweeps_page_get_schedule_text (NeuronaSweepsPage *self);
/* The row of a point in "Runs of the sweep": its label and status texts, and its Cancel
 * button (NULL once it has ended). */
GtkListBoxRow *neurona_sweeps_page_get_run_row (NeuronaSweepsPage *self, guint point);
GtkWidget *neurona_sweeps_page_get_run_cancel_button (NeuronaSweepsPage *self, guint point);
const char *neurona_sweeps_page_get_run_status (NeuronaSweepsPage *self, guint point);

/* Signal "run-opened" (NeuronaRunItem *): a run was opened from the sweep (it is the
 * session's current run now). */

G_END_DECLS
