/* neurona-application.h — the AdwApplication. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define NEURONA_TYPE_APPLICATION (neurona_application_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaApplication, neurona_application, NEURONA, APPLICATION, AdwApplication)

NeuronaApplication *neurona_application_new (void);

G_END_DECLS
