/* format.h — numbers written for people, shared by the app and the command-line tool. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "101,770": n with its digits grouped by thousands, the groups joined by separator
 * (any UTF-8 string). Newly allocated. */
char *nr_format_count_with (guint64 n, const char *separator);

/* nr_format_count_with() using the locale's thousands separator (LC_NUMERIC), or a comma
 * where the locale has none (the C locale): "60,000" there, "60.000" in German. */
char *nr_format_count (guint64 n);

G_END_DECLS
