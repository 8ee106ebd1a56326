/* neurona-per-class-view.h — the Understand page's "Per-class accuracy" view: for each
 * class, the share of its test images the current model gets right, live at each epoch
 * end of a run; in class order or "Sorted by accuracy". */
#pragma once

#include <gtk/gtk.h>

#include "neurona-class-bars.h"
#include "neurona-session.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_PER_CLASS_VIEW (neurona_per_class_view_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaPerClassView, neurona_per_class_view, NEURONA, PER_CLASS_VIEW,
                      GtkWidget)

GtkWidget *neurona_per_class_view_new (void);

/* The session whose current model is shown (borrowed: it outlives the view); its
 * "current-confusion" is followed, and asked for while the view is shown. */
void neurona_per_class_view_set_session (NeuronaPerClassView *self, NeuronaSession *session);
NeuronaClassBars *neurona_per_class_view_get_bars (NeuronaPerClassView *self);
/* The line above the bars: the overall accuracy, or why there are none. */
const char *neurona_per_class_view_get_status (NeuronaPerClassView *self);

G_END_DECLS
