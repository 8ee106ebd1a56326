/* neurona-sweep-dialog.h — "Sweep…": the setting to vary and its values (and optionally
 * a second one, for a grid), the seeds per point, and how many runs that makes.
 *
 * The values are read as `neurona-cli sweep --vary` reads them (nr_sweep_parse_values:
 * "16, 28, 64", "16:256:16", "1e-4:1e-1:x10"); a value refused is said under its field,
 * and a plan the core refuses (too many runs, settings training refuses) under the count.
 * Every other setting is the base's: the model panel's when the dialog opened.
 */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona/sweep.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_SWEEP_DIALOG (neurona_sweep_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaSweepDialog, neurona_sweep_dialog, NEURONA, SWEEP_DIALOG, GtkWindow)

/* A modal dialog over parent; base and dataset are copied. */
NeuronaSweepDialog *neurona_sweep_dialog_new (GtkWindow *parent, const NrTrainConfig *base,
                                              NrDatasetId dataset);

/* The settings the drop-downs offer, in their order. */
guint neurona_sweep_dialog_get_n_settings (void);
NrSweepSetting neurona_sweep_dialog_get_setting_at (guint position);
/* The setting's name as the dialog and the sweep's chart show it ("Hidden units",
 * "Learning rate"; translated). */
const char *neurona_sweep_dialog_setting_title (NrSweepSetting setting);

/* Chooses the setting of axis 0 (the first) or 1 (the second, which also turns the grid
 * on), as the drop-down would, and types its values (NULL leaves them). */
void neurona_sweep_dialog_set_axis (NeuronaSweepDialog *self, guint axis, NrSweepSetting setting,
                                    const char *values);
void neurona_sweep_dialog_set_seeds (NeuronaSweepDialog *self, guint seeds);

/* "That makes 6 runs: 3 values × 2 seeds." or why not. */
const char *neurona_sweep_dialog_get_summary (NeuronaSweepDialog *self);
/* The message under axis 0's or 1's values, or NULL when there is none. */
const char *neurona_sweep_dialog_get_values_error (NeuronaSweepDialog *self, guint axis);
/* The sweep is planned: Start sweep is on. */
gboolean neurona_sweep_dialog_get_can_start (NeuronaSweepDialog *self);
/* The planned sweep (NULL when it cannot start), for the "start" signal's handler; the
 * caller owns it. */
NrSweep *neurona_sweep_dialog_take_sweep (NeuronaSweepDialog *self);

/* Signal "start" (): Start sweep was pressed with a sweep planned; the handler takes the
 * sweep and closes the dialog. */

G_END_DECLS
