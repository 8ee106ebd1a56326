/* neurona-index-model.h — a GListModel of NeuronaIndexItem mapping a position to an image
 * index of a split: all of its images, or those of one class. It holds an array of
 * indices and makes an item only when one is asked for, so a grid over 60,000 images
 * costs 60,000 integers, not 60,000 objects. The Data page's grid model. */
#pragma once

#include <gio/gio.h>

#include "neurona/neurona.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_INDEX_MODEL (neurona_index_model_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaIndexModel, neurona_index_model, NEURONA, INDEX_MODEL, GObject)

NeuronaIndexModel *neurona_index_model_new (void);

/* Lists the images of set whose label is class_filter (all of them when class_filter < 0,
 * none when set is NULL), and emits items-changed over the whole list. */
void neurona_index_model_set (NeuronaIndexModel *self, const NrImageSet *set,
                              int class_filter);

G_END_DECLS
