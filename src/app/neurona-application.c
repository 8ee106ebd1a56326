/* neurona-application.c — being written. */
#include "neurona-application.h"

struct _NeuronaApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (NeuronaApplication, neurona_application, GTK_TYPE_APPLICATION)

static void
neurona_application_class_init (NeuronaApplicationClass *klass)
{
}

static void
neurona_application_init (NeuronaApplication *self)
{
}

NeuronaApplication *
neurona_application_new (void)
{
  return g_object_new (NEURONA_TYPE_APPLICATION, "application-id", "io.github.neurona.Neurona",
                       NULL);
}
