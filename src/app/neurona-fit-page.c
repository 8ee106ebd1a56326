/* neurona-fit-page.c — minimal placeholder so the tree builds; being written. */
#include "neurona-fit-page.h"

struct _NeuronaFitPage
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (NeuronaFitPage, neurona_fit_page, GTK_TYPE_WIDGET)

static void
neurona_fit_page_class_init (NeuronaFitPageClass *klass)
{
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
neurona_fit_page_init (NeuronaFitPage *self)
{
}

GtkWidget *
neurona_fit_page_new (void)
{
  return g_object_new (NEURONA_TYPE_FIT_PAGE, NULL);
}
