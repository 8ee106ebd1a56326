/* neurona-code-view.h — the Understand page's "Code": the Python the tutorial would write
 * for the Model & Training page's settings, through the core's nr_codegen (Keras in the
 * tutorial's style, or PyTorch), read-only and monospace, with Copy and Save as .py….
 * It follows the panel: every neurona_code_view_set_config() rewrites it. When the settings
 * are not valid it says why instead. */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_CODE_VIEW (neurona_code_view_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaCodeView, neurona_code_view, NEURONA, CODE_VIEW, GtkWidget)

GtkWidget *neurona_code_view_new (void);

/* The settings (copied) and their dataset; config NULL when the panel's settings are not
 * valid, problem then saying why (may be NULL). */
void neurona_code_view_set_config (NeuronaCodeView *self, const NrTrainConfig *config,
                                   NrDatasetId dataset_id, const char *problem);

/* Which framework's script is shown (Keras by default). */
void neurona_code_view_set_framework (NeuronaCodeView *self, NrCodegenFramework framework);
NrCodegenFramework neurona_code_view_get_framework (NeuronaCodeView *self);

/* The script shown, or NULL when there is none (then get_problem() says why). */
const char *neurona_code_view_get_text (NeuronaCodeView *self);
const char *neurona_code_view_get_problem (NeuronaCodeView *self);
GtkTextView *neurona_code_view_get_text_view (NeuronaCodeView *self);

/* Writes the script to file atomically (g_file_replace_contents: a file already there is
 * left as it was when writing fails). What "Save as .py…" does with the chosen file. */
gboolean neurona_code_view_save_to_file (NeuronaCodeView *self, GFile *file, GError **error);

/* Actions: code.copy (the script to the clipboard), code.save ("Save as .py…"). */

G_END_DECLS
