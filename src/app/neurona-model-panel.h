/* neurona-model-panel.h — the layer stack as the tutorial writes it (Flatten → Dense… →
 * Dense) and the training settings, with a live parameter count and the core's own
 * refusal of impossible settings shown inline. */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_MODEL_PANEL (neurona_model_panel_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaModelPanel, neurona_model_panel, NEURONA, MODEL_PANEL, GtkWidget)

GtkWidget *neurona_model_panel_new (void);

/* Property "dataset-id" (guint, an NrDatasetId): the "Dataset" combo row. */
guint neurona_model_panel_get_dataset_id (NeuronaModelPanel *self);
void neurona_model_panel_set_dataset_id (NeuronaModelPanel *self, guint dataset_id);
/* The loaded data: its class count is what the output layer is checked against, its
 * origin and size are shown. NULL shows "Loading…". */
void neurona_model_panel_set_dataset (NeuronaModelPanel *self, NrDataset *dataset);
/* A loading failure, shown under the "Dataset" row (NULL clears it). */
void neurona_model_panel_set_dataset_error (NeuronaModelPanel *self, const char *message);

/* The settings as a training configuration (train/test limits left at 0). */
/* Takes in what is typed in a field but not yet entered (before an action reads it). */
void neurona_model_panel_commit_edits (NeuronaModelPanel *self);
void neurona_model_panel_get_config (NeuronaModelPanel *self, NrTrainConfig *config);
/* Sets every setting to config's (a run's, for "Use these settings") and the "Dataset"
 * combo row to dataset_id, so that get_config() returns config, train and test limits
 * aside. FALSE when the panel is locked, or a setting is beyond what its control holds
 * (it is clamped then: a seed above 2³¹ - 1, more than 200 epochs…). */
gboolean neurona_model_panel_set_config (NeuronaModelPanel *self, const NrTrainConfig *config,
                                         guint dataset_id);
/* Property "valid": the settings pass nr_model_spec_check() for the dataset's classes. */
gboolean neurona_model_panel_get_valid (NeuronaModelPanel *self);
/* Why the settings are refused (NULL when valid). */
const char *neurona_model_panel_get_error_message (NeuronaModelPanel *self);
/* Total trainable parameters of the current settings. */
gsize neurona_model_panel_get_param_count (NeuronaModelPanel *self);
/* Settings cannot be edited while a run uses them. */
void neurona_model_panel_set_locked (NeuronaModelPanel *self, gboolean locked);
/* One of the tutorial's runs: "mnist-quickstart", "fashion-128", "units-28", "units-88",
 * "outputs-5", "outputs-15", "epochs-15", "no-scaling". FALSE for an unknown name. */
gboolean neurona_model_panel_apply_preset (NeuronaModelPanel *self, const char *name);

/* Signal "changed": any setting changed (emitted once per change, after the count and the
 * check have been updated). */

/* "101,770": nr_format_count() (the locale's separator or a comma), under the app's name
 * that tests already use. */
char *neurona_format_count (guint64 count);

G_END_DECLS
