/* neurona-prediction-gallery.c — minimal placeholder so the tree builds; being written. */
#include "neurona-prediction-gallery.h"

struct _NeuronaPredictionGallery
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (NeuronaPredictionGallery, neurona_prediction_gallery, GTK_TYPE_WIDGET)

static void
neurona_prediction_gallery_class_init (NeuronaPredictionGalleryClass *klass)
{
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
neurona_prediction_gallery_init (NeuronaPredictionGallery *self)
{
}

GtkWidget *
neurona_prediction_gallery_new (void)
{
  return g_object_new (NEURONA_TYPE_PREDICTION_GALLERY, NULL);
}

void neurona_prediction_gallery_set_dataset (NeuronaPredictionGallery *self, NrDataset *dataset) {}
void neurona_prediction_gallery_set_model (NeuronaPredictionGallery *self, const NrModel *model,
                                           gboolean normalize) {}
