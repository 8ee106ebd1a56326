/* neurona-index-model.c — position → image index of a split, as a GListModel. */
#include "neurona-index-model.h"

#include "neurona-index-item.h"

struct _NeuronaIndexModel
{
  GObject parent_instance;

  /* Owned */
  GArray *indices; /* guint */
};

static void neurona_index_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NeuronaIndexModel, neurona_index_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      neurona_index_model_list_model_init))

static GType
neurona_index_model_get_item_type (GListModel *model)
{
  return NEURONA_TYPE_INDEX_ITEM;
}

static guint
neurona_index_model_get_n_items (GListModel *model)
{
  return NEURONA_INDEX_MODEL (model)->indices->len;
}

static gpointer
neurona_index_model_get_item (GListModel *model, guint position)
{
  NeuronaIndexModel *self = NEURONA_INDEX_MODEL (model);

  if (position >= self->indices->len)
    return NULL;
  return neurona_index_item_new (g_array_index (self->indices, guint, position));
}

static void
neurona_index_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = neurona_index_model_get_item_type;
  iface->get_n_items = neurona_index_model_get_n_items;
  iface->get_item = neurona_index_model_get_item;
}

static void
neurona_index_model_finalize (GObject *object)
{
  g_array_unref (NEURONA_INDEX_MODEL (object)->indices);
  G_OBJECT_CLASS (neurona_index_model_parent_class)->finalize (object);
}

static void
neurona_index_model_class_init (NeuronaIndexModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = neurona_index_model_finalize;
}

static void
neurona_index_model_init (NeuronaIndexModel *self)
{
  self->indices = g_array_new (FALSE, FALSE, sizeof (guint));
}

NeuronaIndexModel *
neurona_index_model_new (void)
{
  return g_object_new (NEURONA_TYPE_INDEX_MODEL, NULL);
}

void
neurona_index_model_set (NeuronaIndexModel *self, const NrImageSet *set, int class_filter)
{
  guint old_n;

  g_return_if_fail (NEURONA_IS_INDEX_MODEL (self));

  old_n = self->indices->len;
  g_array_set_size (self->indices, 0);
  if (set != NULL)
    {
      if (class_filter < 0)
        {
          g_array_set_size (self->indices, set->n);
          for (guint i = 0; i < set->n; i++)
            g_array_index (self->indices, guint, i) = i;
        }
      else
        for (guint i = 0; i < set->n; i++)
          if (set->labels[i] == (guint) class_filter)
            g_array_append_val (self->indices, i);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->indices->len);
}
