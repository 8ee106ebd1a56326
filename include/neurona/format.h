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

/* Python's repr(float), as the tutorial's `print(t, loss)` shows numbers: the shortest
 * decimal that reads back to the same double, fixed notation for exponents −4 … 15, ".0"
 * on integral values, "nan" / "inf"; always with a '.' whatever the locale. buf: at least
 * G_ASCII_DTOSTR_BUF_SIZE bytes; returns buf. */
const char *nr_format_repr (char *buf, gsize size, double v);

G_END_DECLS
