/* neurona-index-item.h — one image of a split, by its index: the item of
 * NeuronaIndexModel, made only for the grid cells on screen. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define NEURONA_TYPE_INDEX_ITEM (neurona_index_item_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaIndexItem, neurona_index_item, NEURONA, INDEX_ITEM, GObject)

NeuronaIndexItem *neurona_index_item_new (guint index);

/* Property "index" (guint, read-only): the image's index in its split. */
guint neurona_index_item_get_index (NeuronaIndexItem *self);

G_END_DECLS
