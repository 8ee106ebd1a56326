/* neurona-fit-page.h — the "Curve fit" page: the tutorial's polynomial fitted to sin(x) by
 * gradient descent, watched live. Self-contained: it has its own settings. */
#pragma once

#include <gtk/gtk.h>

#include "neurona/polyfit.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_FIT_PAGE (neurona_fit_page_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaFitPage, neurona_fit_page, NEURONA, FIT_PAGE, GtkWidget)

GtkWidget *neurona_fit_page_new (void);

/* Shows these settings (a lesson's step) and a fresh fit of them, ready to run. */
void neurona_fit_page_set_config (NeuronaFitPage *self, const NrPolyFitConfig *config);

G_END_DECLS
