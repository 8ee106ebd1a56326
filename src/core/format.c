/* format.c — numbers written for people; see format.h. */
#include "neurona/format.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
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

const char *
nr_format_repr (char *buf, gsize size, double v)
{
  char fmt[16];
  int exponent;
  int precision;

  if (!isfinite (v))
    {
      g_strlcpy (buf, isnan (v) ? "nan" : v > 0 ? "inf" : "-inf", size);
      return buf;
    }

  for (precision = 1; precision < 17; precision++)
    {
      g_snprintf (fmt, sizeof fmt, "%%.%de", precision - 1);
      g_ascii_formatd (buf, size, fmt, v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_snprintf (fmt, sizeof fmt, "%%.%de", precision - 1);
  g_ascii_formatd (buf, size, fmt, v);
  exponent = atoi (strchr (buf, 'e') + 1);
  if (exponent >= -4 && exponent < 16)
    {
      int decimals = MAX (precision - 1 - exponent, 0);

      g_snprintf (fmt, sizeof fmt, "%%.%df", decimals);
      g_ascii_formatd (buf, size, fmt, v);
      if (decimals == 0)
        g_strlcat (buf, ".0", size);
    }
  return buf;
}
