/* main.c — the Neurona lab window. */
#include <glib/gi18n.h>
#include <locale.h>

#include "neurona-application.h"

/* Where the catalogues are: NEURONA_LOCALEDIR when set; the build tree's compiled ones
 * (build/data/po/<lang>/LC_MESSAGES/neurona.mo) when this binary runs uninstalled from
 * the build tree, so `./build/src/app/neurona` speaks Spanish without `meson install`;
 * otherwise the installed ones. */
static char *
find_locale_dir (void)
{
  const char *env = g_getenv ("NEURONA_LOCALEDIR");
  g_autofree char *exe = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

#ifdef NEURONA_BUILD_ROOT
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL && g_str_has_prefix (exe, NEURONA_BUILD_ROOT G_DIR_SEPARATOR_S))
    return g_build_filename (NEURONA_BUILD_ROOT, "data", "po", NULL);
#endif

  return g_strdup (LOCALEDIR);
}

int
main (int argc, char **argv)
{
  g_autoptr (NeuronaApplication) app = NULL;
  g_autofree char *locale_dir = NULL;

  setlocale (LC_ALL, "");
  locale_dir = find_locale_dir ();
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = neurona_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
