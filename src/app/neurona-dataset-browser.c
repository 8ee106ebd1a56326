/* neurona-dataset-browser.c — minimal placeholder so the tree builds; being written. */
#include "neurona-dataset-browser.h"

struct _NeuronaDatasetBrowser
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (NeuronaDatasetBrowser, neurona_dataset_browser, GTK_TYPE_WIDGET)

static void
neurona_dataset_browser_class_init (NeuronaDatasetBrowserClass *klass)
{
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
neurona_dataset_browser_init (NeuronaDatasetBrowser *self)
{
}

GtkWidget *
neurona_dataset_browser_new (void)
{
  return g_object_new (NEURONA_TYPE_DATASET_BROWSER, NULL);
}

guint neurona_dataset_browser_get_dataset_id (NeuronaDatasetBrowser *self) { return 0; }
void neurona_dataset_browser_set_dataset_id (NeuronaDatasetBrowser *self, guint dataset_id) {}
void neurona_dataset_browser_set_dataset (NeuronaDatasetBrowser *self, NrDataset *dataset) {}
