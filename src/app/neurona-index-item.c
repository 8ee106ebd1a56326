/* neurona-index-item.c — one image of a split, by its index. */
#include "neurona-index-item.h"

struct _NeuronaIndexItem
{
  GObject parent_instance;

  guint index;
};

G_DEFINE_FINAL_TYPE (NeuronaIndexItem, neurona_index_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
neurona_index_item_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, NEURONA_INDEX_ITEM (object)->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_index_item_class_init (NeuronaIndexItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = neurona_index_item_get_property;

  properties[PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
neurona_index_item_init (NeuronaIndexItem *self)
{
}

NeuronaIndexItem *
neurona_index_item_new (guint index)
{
  NeuronaIndexItem *self = g_object_new (NEURONA_TYPE_INDEX_ITEM, NULL);

  self->index = index;
  return self;
}

guint
neurona_index_item_get_index (NeuronaIndexItem *self)
{
  g_return_val_if_fail (NEURONA_IS_INDEX_ITEM (self), 0);

  return self->index;
}
