/* neurona-window.h — the lab window: Data, Model & Training, Predictions, Curve fit, Runs. */
#pragma once

#include <adwaita.h>

#include "neurona-lesson-panel.h"

#include "neurona/neurona.h"
#include "neurona-application.h"
#include "neurona-model-panel.h"
#include "neurona-train-page.h"
#include "neurona-prediction-gallery.h"
#include "neurona-dataset-browser.h"
#include "neurona-runs-page.h"
#include "neurona-session.h"
#include "neurona-sweep-dialog.h"
#include "neurona-sweeps-page.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_WINDOW (neurona_window_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaWindow, neurona_window, NEURONA, WINDOW, AdwApplicationWindow)

NeuronaWindow *neurona_window_new (NeuronaApplication *application);

/* Property "dataset-id" (guint, an NrDatasetId), bound both ways to the Data page's and the
 * model panel's choice. Changing it loads that dataset on a worker thread (once: loaded
 * datasets are kept) and hands it to the pages. */
guint neurona_window_get_dataset_id (NeuronaWindow *self);
void neurona_window_set_dataset_id (NeuronaWindow *self, guint dataset_id);
/* The loaded dataset for the current id, or NULL while it loads or after an error. */
NrDataset *neurona_window_get_dataset (NeuronaWindow *self);

/* Train on only the first train_limit / test_limit images (0 = all). Defaults come from
 * the environment variables NEURONA_TRAIN_LIMIT and NEURONA_TEST_LIMIT, which the UI tests
 * use to keep runs short. */
void neurona_window_set_limits (NeuronaWindow *self, guint train_limit, guint test_limit);

/* Property "training": a run is in progress. */
gboolean neurona_window_get_training (NeuronaWindow *self);
/* The weights whose guesses the Predictions page shows (the session's current ones: during
 * a run, while that page is hidden, they reach the page only when it is shown); *trained
 * says whether they came from a run (FALSE: freshly initialised weights). NULL before the
 * dataset is loaded. */
NrWeights *neurona_window_get_predictions_weights (NeuronaWindow *self, gboolean *trained);
/* The lab's state this window presents. */
NeuronaSession *neurona_window_get_session (NeuronaWindow *self);

NeuronaModelPanel *neurona_window_get_model_panel (NeuronaWindow *self);
NeuronaTrainPage *neurona_window_get_train_page (NeuronaWindow *self);
NeuronaRunsPage *neurona_window_get_runs_page (NeuronaWindow *self);
NeuronaSweepsPage *neurona_window_get_sweeps_page (NeuronaWindow *self);
/* The "Sweep…" dialog while it is open, else NULL. */
NeuronaSweepDialog *neurona_window_get_sweep_dialog (NeuronaWindow *self);
AdwViewStack *neurona_window_get_stack (NeuronaWindow *self);

/* The Data page. */
NeuronaDatasetBrowser *neurona_window_get_browser (NeuronaWindow *self);
/* The Lessons panel beside the pages (property "show-lessons", F9). */
NeuronaLessonPanel *neurona_window_get_lesson_panel (NeuronaWindow *self);

/* Presenter mode (property "presenting", F11, win.presenter-mode): full screen, the lesson
 * large, a projector's zoom, thick plot lines, a high-contrast look. */
gboolean neurona_window_get_presenting (NeuronaWindow *self);
void neurona_window_set_presenting (NeuronaWindow *self, gboolean presenting);

G_END_DECLS
