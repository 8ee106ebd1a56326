/* neurona-settings.c — finding the lab's schema without ever aborting. */
#include "neurona-settings.h"

static GSettingsSchema *
lookup_schema (void)
{
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  GSettingsSchema *schema = NULL;

  if (installed != NULL)
    schema = g_settings_schema_source_lookup (installed, NEURONA_SETTINGS_SCHEMA, TRUE);
#ifdef NEURONA_BUILD_SCHEMA_DIR
  if (schema == NULL)
    {
      g_autoptr (GSettingsSchemaSource) build_tree =
        g_settings_schema_source_new_from_directory (NEURONA_BUILD_SCHEMA_DIR, installed, FALSE,
                                                     NULL);

      if (build_tree != NULL)
        schema = g_settings_schema_source_lookup (build_tree, NEURONA_SETTINGS_SCHEMA, FALSE);
    }
#endif
  return schema;
}

GSettings *
neurona_settings_new (void)
{
  g_autoptr (GSettingsSchema) schema = lookup_schema ();

  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

void
neurona_settings_reset_all (void)
{
  g_autoptr (GSettingsSchema) schema = lookup_schema ();
  g_autoptr (GSettings) settings = NULL;
  g_auto (GStrv) keys = NULL;

  if (schema == NULL)
    return;
  settings = g_settings_new_full (schema, NULL, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_sync ();
}
