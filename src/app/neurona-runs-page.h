/* neurona-runs-page.h — the "Runs" page: the session's runs (every run of the runs folder),
 * newest first, a few of them compared side by side (test accuracy and loss per epoch
 * overlaid, and a table of their settings and final numbers with the differing settings
 * marked). */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona-plot.h"
#include "neurona-session.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_RUNS_PAGE (neurona_runs_page_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaRunsPage, neurona_runs_page, NEURONA, RUNS_PAGE, GtkWidget)

GtkWidget *neurona_runs_page_new (void);

/* The session whose runs are shown (a reference is taken); NULL shows none. */
void neurona_runs_page_set_session (NeuronaRunsPage *self, NeuronaSession *session);

/* The runs as listed (newest first). */
guint neurona_runs_page_get_n_runs (NeuronaRunsPage *self);
const NrRunRecord *neurona_runs_page_get_run (NeuronaRunsPage *self, guint index);
/* Ticks or clears a run's "Compare" check button. */
void neurona_runs_page_set_compared (NeuronaRunsPage *self, guint index, gboolean compared);
gboolean neurona_runs_page_get_compared (NeuronaRunsPage *self, guint index);
/* Moves the ticked runs to the runs folder's trash, asking nothing; Undo
 * (neurona_runs_page_undo_delete) brings them back. */
void neurona_runs_page_delete_compared (NeuronaRunsPage *self);
gboolean neurona_runs_page_undo_delete (NeuronaRunsPage *self);

/* The inline message (files that could not be read, a save or delete that failed), or
 * NULL when there is none. */
const char *neurona_runs_page_get_error_text (NeuronaRunsPage *self);
NeuronaPlot *neurona_runs_page_get_accuracy_plot (NeuronaRunsPage *self);
NeuronaPlot *neurona_runs_page_get_loss_plot (NeuronaRunsPage *self);
/* The side-by-side table: one column per compared run after the row names. */
GtkGrid *neurona_runs_page_get_comparison_grid (NeuronaRunsPage *self);

G_END_DECLS
