/* neurona-runs-page.h — the "Runs" page: every training run kept on disk, listed newest
 * first, a few of them compared side by side (test accuracy and loss per epoch overlaid,
 * and a table of their settings and final numbers with the differing settings marked). */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona-plot.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_RUNS_PAGE (neurona_runs_page_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaRunsPage, neurona_runs_page, NEURONA, RUNS_PAGE, GtkWidget)

GtkWidget *neurona_runs_page_new (void);

/* $NEURONA_RUNS_DIR if set, else <user data dir>/neurona/runs. Newly allocated. */
char *neurona_runs_page_default_folder (void);

/* Forgets the runs shown and loads every saved run of folder on a worker thread
 * (property "loading" is TRUE meanwhile). Files that cannot be read are named inline on
 * the page; the good ones are listed all the same. */
void neurona_runs_page_set_folder (NeuronaRunsPage *self, const char *folder);
const char *neurona_runs_page_get_folder (NeuronaRunsPage *self);
gboolean neurona_runs_page_get_loading (NeuronaRunsPage *self);

/* Saves a finished run into the folder (taking ownership) and lists it first. A failed
 * save is shown on the page; the run is still listed for this session. */
void neurona_runs_page_add_record (NeuronaRunsPage *self, NrRunRecord *record);

/* The runs as listed (newest first). */
guint neurona_runs_page_get_n_runs (NeuronaRunsPage *self);
const NrRunRecord *neurona_runs_page_get_run (NeuronaRunsPage *self, guint index);
/* Ticks or clears a run's "Compare" check button. */
void neurona_runs_page_set_compared (NeuronaRunsPage *self, guint index, gboolean compared);
gboolean neurona_runs_page_get_compared (NeuronaRunsPage *self, guint index);
/* Deletes the ticked runs and their files. */
void neurona_runs_page_delete_compared (NeuronaRunsPage *self);

/* The inline message (files that could not be read, a save or delete that failed), or
 * NULL when there is none. */
const char *neurona_runs_page_get_error_text (NeuronaRunsPage *self);
NeuronaPlot *neurona_runs_page_get_accuracy_plot (NeuronaRunsPage *self);
NeuronaPlot *neurona_runs_page_get_loss_plot (NeuronaRunsPage *self);
/* The side-by-side table: one column per compared run after the row names. */
GtkGrid *neurona_runs_page_get_comparison_grid (NeuronaRunsPage *self);

/* "128 relu · 10 epochs", translated. */
char *neurona_runs_page_run_name (const NrTrainConfig *config);

G_END_DECLS
