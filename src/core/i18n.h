/* i18n.h — how the core words its messages (core-private).
 *
 * The rule: the core words what it tells people, and marks it for translation. Every
 * message meant for a person — a GError's message, a note such as the curve fit's
 * divergence or degree note — is written in English inside _() (g_dngettext () when a
 * number picks the plural) in a file listed in data/po/POTFILES, and data/po/<lang>.po
 * translates it. The app and neurona-cli bind the "neurona" text domain (GETTEXT_PACKAGE)
 * to nr_locale_dir () at start, so the same message reads in the user's language in both.
 * The core never binds or chooses a domain itself: in a program that binds nothing (the
 * core tests), or in the C locale, _() returns the English text byte for byte, which is
 * what the tests compare.
 *
 * Inside a message, numbers, option and key names ("--outputs", "diverged.reason"),
 * file names (through g_filename_display_name) and identifiers (relu, adam, run ids)
 * stay as they are; a translation moves them, never rewrites them. Error codes are not
 * replaced by words: a caller that must tell errors apart matches the NrError code, not
 * the text.
 *
 * Not messages, so not marked: generated code and its comments (codegen.c writes Python
 * in English), JSON and file keys, the names of statuses, activations and optimizers
 * (identifiers one types back), and the dataset titles, class names and data sources of
 * nr_dataset_info () / nr_data_source_describe (), which stay English in the API and are
 * listed for the translators in data/po/neurona-core-strings.c (a message that names one
 * translates it with _() on the way in).
 *
 * xgettext finds _() and N_() (meson's glib preset) and g_dngettext's second and third
 * arguments; a format must be one string literal for it: no G_GUINT64_FORMAT inside (use
 * %llu with a cast), no fragments glued by the preprocessor. */
#pragma once

/* _(s) is g_dgettext (GETTEXT_PACKAGE, s); N_(s) marks s and leaves it as is. */
#include <glib/gi18n-lib.h>
