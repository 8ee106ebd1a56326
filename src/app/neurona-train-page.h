/* neurona-train-page.h — Train / Stop, a Keras-like progress line, live loss and accuracy
 * plots and the run's outcome. */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona-plot.h"
#include "neurona-run.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_TRAIN_PAGE (neurona_train_page_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaTrainPage, neurona_train_page, NEURONA, TRAIN_PAGE, GtkWidget)

GtkWidget *neurona_train_page_new (void);

/* The data a next run will use, named in the idle status line (a reference is taken). */
void neurona_train_page_set_dataset (NeuronaTrainPage *self, NrDataset *dataset);
/* Shows this run: clears the plots, fixes their x axes to 0…epochs and follows the run's
 * signals. NULL forgets the current run (its remaining snapshots are ignored). */
void neurona_train_page_set_run (NeuronaTrainPage *self, NeuronaRun *run);
NeuronaRun *neurona_train_page_get_run (NeuronaTrainPage *self);
/* Shows a run that has ended (one reopened from the Runs page) as after its training: its
 * train and test curves per epoch (no per-step curve: its batches are not kept), its
 * epoch log and its outcome line. Ignored while a run is in progress. */
void neurona_train_page_show_record (NeuronaTrainPage *self, const NrRunRecord *record);
/* A record (neurona_train_page_show_record), not a run, is shown. */
gboolean neurona_train_page_get_showing_record (NeuronaTrainPage *self);
/* Why Train is off before any run (the settings are refused), or NULL when it is on. */
void neurona_train_page_set_blocked_reason (NeuronaTrainPage *self, const char *reason);
/* A run that could not start (the core refused the settings, no data…). */
void neurona_train_page_show_error (NeuronaTrainPage *self, const char *message);
/* Gives the keyboard focus to Stop (while a run trains). */
void neurona_train_page_focus_stop (NeuronaTrainPage *self);

/* Whose model the lab shows now (the session's current run): a line under the outcome,
 * "Model shown: run 3 · 128 relu · 10 epochs · epoch 10 of 10". */
void neurona_train_page_set_whose (NeuronaTrainPage *self, const char *whose);
const char *neurona_train_page_get_whose (NeuronaTrainPage *self);

/* The outcome line ("Test accuracy: 0.8798 …", "Stopped …", "Training diverged …"). */
const char *neurona_train_page_get_status_text (NeuronaTrainPage *self);
NeuronaPlot *neurona_train_page_get_loss_plot (NeuronaTrainPage *self);
NeuronaPlot *neurona_train_page_get_accuracy_plot (NeuronaTrainPage *self);
/* For a large font (the window's zoom at 150 % and more): the progress under the buttons
 * and the two plots side by side, so that the page fits a 1280 × 800 screen. */
void neurona_train_page_set_compact (NeuronaTrainPage *self, gboolean compact);
gboolean neurona_train_page_get_compact (NeuronaTrainPage *self);

/* Series indices in both plots. */
enum {
  NEURONA_TRAIN_SERIES_STEP,  /* train, per step, smoothed */
  NEURONA_TRAIN_SERIES_EPOCH, /* train, per epoch */
  NEURONA_TRAIN_SERIES_TEST,  /* test, per epoch */
};

G_END_DECLS
