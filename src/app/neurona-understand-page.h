/* neurona-understand-page.h — the Understand page: views that explain the current model,
 * the one the Predictions page shows (the run training now, the last one trained, a run
 * reopened from the Runs page, or before any the untrained model).
 *
 * Each view is a widget of its own file, added to the page's stack under a name; the
 * sidebar lists them by title, which is also each view's accessible name. The page hands
 * every view the session (whose "current-weights" they follow, updating at each epoch
 * end while they are shown, off the UI thread) and the Model & Training page's settings
 * (which the Code view writes out).
 */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona-session.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_UNDERSTAND_PAGE (neurona_understand_page_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaUnderstandPage, neurona_understand_page, NEURONA, UNDERSTAND_PAGE,
                      GtkWidget)

GtkWidget *neurona_understand_page_new (void);

/* The session whose current model the views explain (borrowed: it outlives the window). */
void neurona_understand_page_set_session (NeuronaUnderstandPage *self, NeuronaSession *session);
NeuronaSession *neurona_understand_page_get_session (NeuronaUnderstandPage *self);
/* The model panel's settings and the dataset trained on next (copied), or NULL while the
 * panel's settings are not valid. */
void neurona_understand_page_set_config (NeuronaUnderstandPage *self, const NrTrainConfig *config,
                                         NrDatasetId dataset_id);
/* Whose model the views show ("run 3 · 128 relu · 10 epochs · epoch 10 of 10"), shown above
 * them as "Model shown: …". */
void neurona_understand_page_set_whose (NeuronaUnderstandPage *self, const char *whose);

/* Shows the view added under name ("confusion", "per-class", "weights", "outputs", "draw",
 * "code"); FALSE when there is none. */
gboolean neurona_understand_page_show_view (NeuronaUnderstandPage *self, const char *name);
/* The view added under name, or NULL. */
GtkWidget *neurona_understand_page_get_view (NeuronaUnderstandPage *self, const char *name);
/* The name of the view shown. */
const char *neurona_understand_page_get_visible_view (NeuronaUnderstandPage *self);

/* Why the model panel's settings are not valid (its error message, copied; NULL when they
 * are), for the Code view to say instead of code. Call it before set_config(NULL, …). */
void neurona_understand_page_set_config_problem (NeuronaUnderstandPage *self,
                                                 const char *problem);

G_END_DECLS
