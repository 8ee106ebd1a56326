/* neurona-run-item.c — one run of the session's list (neurona-run-item.h). */
#include <glib/gi18n.h>
#include <math.h>

#include "neurona-run-item.h"

struct _NeuronaRunItem
{
  GObject parent_instance;

  /* Owned */
  NrRunRecord *record;
  NrWeights *weights;
  char *weights_error;
  char *save_error;
  char *shown_name; /* the default name in the lab's language, when the name is a default */

  char *origin;
  char *name_key; /* g_utf8_collate_key of the name, NULL until asked for */

  guint number;
  gboolean saved;
};

G_DEFINE_FINAL_TYPE (NeuronaRunItem, neurona_run_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_NOTE,
  PROP_NUMBER,
  PROP_TEST_ACCURACY,
  PROP_SAVED,
  PROP_SAVE_ERROR,
  PROP_ORIGIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
neurona_run_item_finalize (GObject *object)
{
  NeuronaRunItem *self = NEURONA_RUN_ITEM (object);

  g_clear_pointer (&self->record, nr_run_record_free);
  g_clear_pointer (&self->weights, nr_weights_unref);
  g_clear_pointer (&self->weights_error, g_free);
  g_clear_pointer (&self->save_error, g_free);
  g_clear_pointer (&self->shown_name, g_free);

  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->name_key, g_free);

  G_OBJECT_CLASS (neurona_run_item_parent_class)->finalize (object);
}

static void
neurona_run_item_get_property (GObject *object, guint prop_id, GValue *value,
                               GParamSpec *pspec)
{
  NeuronaRunItem *self = NEURONA_RUN_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, neurona_run_item_get_name (self));
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->record->note);
      break;
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    case PROP_TEST_ACCURACY:
      g_value_set_double (value, nr_run_record_get_test_accuracy (self->record));
      break;
    case PROP_SAVED:
      g_value_set_boolean (value, self->saved);
      break;
    case PROP_SAVE_ERROR:
      g_value_set_string (value, self->save_error);
      break;
    case PROP_ORIGIN:
      g_value_set_string (value, self->origin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_run_item_class_init (NeuronaRunItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = neurona_run_item_finalize;
  object_class->get_property = neurona_run_item_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEST_ACCURACY] =
    g_param_spec_double ("test-accuracy", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVED] =
    g_param_spec_boolean ("saved", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVE_ERROR] =
    g_param_spec_string ("save-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIGIN] =
    g_param_spec_string ("origin", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
neurona_run_item_init (NeuronaRunItem *self)
{
}

NeuronaRunItem *
neurona_run_item_new (NrRunRecord *record, guint number)
{
  NeuronaRunItem *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (NEURONA_TYPE_RUN_ITEM, NULL);
  self->record = record;
  self->number = number;
  self->saved = record->dir != NULL;
  return self;
}

const NrRunRecord *
neurona_run_item_get_record (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), NULL);

  return self->record;
}

void
neurona_run_item_set_record (NeuronaRunItem *self, NrRunRecord *record)
{
  g_return_if_fail (NEURONA_IS_RUN_ITEM (self));
  g_return_if_fail (record != NULL);

  nr_run_record_free (self->record);
  self->record = record;
  g_clear_pointer (&self->name_key, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEST_ACCURACY]);
}

const char *
neurona_run_item_get_name (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), NULL);

  /* A run neurona-cli named "128 relu · 10 epochs" reads "128 relu · 10 épocas" in the
   * Spanish lab; a name someone chose is shown as it is. */
  if (!nr_run_record_name_is_default (self->record))
    return self->record->name;
  if (self->shown_name == NULL)
    self->shown_name = nr_run_record_default_name (&self->record->config);
  return self->shown_name;
}

void
neurona_run_item_set_name (NeuronaRunItem *self, const char *name)
{
  g_return_if_fail (NEURONA_IS_RUN_ITEM (self));
  g_return_if_fail (name != NULL);

  if (g_strcmp0 (name, self->record->name) == 0)
    return;
  nr_run_record_set_name (self->record, name);
  g_clear_pointer (&self->shown_name, g_free);

  g_clear_pointer (&self->name_key, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
neurona_run_item_get_note (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), NULL);

  return self->record->note;
}

void
neurona_run_item_set_note (NeuronaRunItem *self, const char *note)
{
  g_return_if_fail (NEURONA_IS_RUN_ITEM (self));

  if (g_strcmp0 (note != NULL ? note : "", self->record->note) == 0)
    return;
  nr_run_record_set_note (self->record, note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

guint
neurona_run_item_get_number (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), 0);

  return self->number;
}

void
neurona_run_item_set_number (NeuronaRunItem *self, guint number)
{
  g_return_if_fail (NEURONA_IS_RUN_ITEM (self));

  if (number == self->number)
    return;
  self->number = number;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMBER]);
}

double
neurona_run_item_get_test_accuracy (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), NAN);

  return nr_run_record_get_test_accuracy (self->record);
}

gboolean
neurona_run_item_get_saved (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), FALSE);

  return self->saved;
}

const char *
neurona_run_item_get_save_error (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), NULL);

  return self->save_error;
}

void
neurona_run_item_set_save_state (NeuronaRunItem *self, gboolean saved, const char *error)
{
  g_return_if_fail (NEURONA_IS_RUN_ITEM (self));

  if (self->saved != !!saved)
    {
      self->saved = !!saved;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED]);
    }
  if (g_strcmp0 (self->save_error, error) != 0)
    {
      g_free (self->save_error);
      self->save_error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_ERROR]);
    }
}

NrWeights *
neurona_run_item_get_weights (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), NULL);

  return self->weights;
}

void
neurona_run_item_set_weights (NeuronaRunItem *self, NrWeights *weights)
{
  g_return_if_fail (NEURONA_IS_RUN_ITEM (self));

  if (weights != NULL)
    nr_weights_ref (weights);
  g_clear_pointer (&self->weights, nr_weights_unref);
  self->weights = weights;
}

const char *
neurona_run_item_get_weights_error (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), NULL);

  return self->weights_error;
}

void
neurona_run_item_set_weights_error (NeuronaRunItem *self, const char *error)
{
  g_return_if_fail (NEURONA_IS_RUN_ITEM (self));

  g_free (self->weights_error);
  self->weights_error = g_strdup (error);
}

const char *
neurona_run_item_get_origin (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), NULL);

  return self->origin;
}

void
neurona_run_item_set_origin (NeuronaRunItem *self, const char *origin)
{
  g_return_if_fail (NEURONA_IS_RUN_ITEM (self));

  if (g_strcmp0 (origin, self->origin) == 0)
    return;
  g_free (self->origin);
  self->origin = g_strdup (origin);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGIN]);
}

const char *
neurona_run_item_get_name_key (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), NULL);

  if (self->name_key == NULL)
    self->name_key = g_utf8_collate_key (neurona_run_item_get_name (self), -1);
  return self->name_key;
}

char *
neurona_run_item_describe (NeuronaRunItem *self)
{
  g_return_val_if_fail (NEURONA_IS_RUN_ITEM (self), NULL);

  /* Translators: "run 3 · 128 relu · 10 epochs": the run's number in the lab, its name */
  return g_strdup_printf (_("run %u · %s"), self->number, neurona_run_item_get_name (self));
}
