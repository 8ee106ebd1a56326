/* i18n.c — where the core's messages are translated (neurona/i18n.h). */
#include "neurona/i18n.h"

#include "fileutil.h"

#ifndef NR_LOCALEDIR
#define NR_LOCALEDIR "/usr/local/share/locale"
#endif

char *
nr_locale_dir (void)
{
  const char *env = g_getenv ("NEURONA_LOCALEDIR");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
#ifdef NEURONA_BUILD_ROOT
  if (_nr_running_from_build_tree ())
    return g_build_filename (NEURONA_BUILD_ROOT, "data", "po", NULL);
#endif
  return g_strdup (NR_LOCALEDIR);
}
