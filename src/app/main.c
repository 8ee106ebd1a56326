/* main.c — the Neurona lab window. */
#include <glib/gi18n.h>
#include <locale.h>

#include "neurona-application.h"
#include "neurona/neurona.h"

int
main (int argc, char **argv)
{
  g_autoptr (NeuronaApplication) app = NULL;
  g_autofree char *locale_dir = NULL;

  setlocale (LC_ALL, "");
  /* The app's strings and the core's messages: one domain (see neurona/i18n.h). */
  locale_dir = nr_locale_dir ();
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = neurona_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
