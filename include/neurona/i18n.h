/* i18n.h — where the core's messages are translated.
 *
 * The core words every message for people in English and marks it for the "neurona" text
 * domain (GETTEXT_PACKAGE): see src/core/i18n.h for the rule. A program shows them in the
 * user's language by binding that domain at start, as the lab and neurona-cli do:
 *
 *   setlocale (LC_ALL, "");
 *   bindtextdomain (GETTEXT_PACKAGE, dir = nr_locale_dir ());
 *   bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
 *   textdomain (GETTEXT_PACKAGE);
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folder of the compiled catalogues (<dir>/<lang>/LC_MESSAGES/neurona.mo), newly
 * allocated: NEURONA_LOCALEDIR when set; the build tree's data/po for the programs of the
 * build tree (./build/src/app/neurona, ./build/src/cli/neurona-cli speak Spanish without
 * `meson install`); else the installed $localedir. */
char *nr_locale_dir (void);

G_END_DECLS
