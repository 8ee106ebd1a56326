/* format.c — numbers written for people; see format.h. */
#include "neurona/format.h"

#include <locale.h>
#include <string.h>

char *
nr_format_count_with (guint64 n, const char *separator)
{
  char digits[24]; /* G_MAXUINT64 has 20 */
  GString *out = g_string_new (NULL);
  gsize len;

  g_return_val_if_fail (separator != NULL, NULL);

  len = (gsize) g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, n);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
nr_format_count (guint64 n)
{
  const char *sep = localeconv ()->thousands_sep;

  return nr_format_count_with (n, sep != NULL && *sep != '\0' ? sep : ",");
}
