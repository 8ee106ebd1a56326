/* json-util.c — shortest round-trip numbers for json-glib's output (json-util.h). */
#include "json-util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double
_nr_json_float (float value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return value;
  for (int precision = 1; precision <= 9; precision++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, fmt, value);
      if ((float) g_ascii_strtod (buf, NULL) == value)
        break;
    }
  return g_ascii_strtod (buf, NULL);
}

void
_nr_json_add_double (JsonBuilder *builder, const char *member, double value)
{
  if (member != NULL)
    json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
_nr_format_shortest (char buf[G_ASCII_DTOSTR_BUF_SIZE], double value)
{
  for (int precision = 1; precision <= 17; precision++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", precision);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, fmt, value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

/* The shortest text that g_ascii_strtod reads back as value, kept looking like a real
 * number ("3.0", not "3"), so a reader can tell a double from a count. */
static void
append_shortest (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  _nr_format_shortest (buf, value);
  g_string_append (out, buf);
  if (strpbrk (buf, ".eEn") == NULL) /* no point, exponent, nan or inf */
    g_string_append (out, ".0");
}

char *
_nr_json_shorten_numbers (const char *json, gsize *length)
{
  GString *out = g_string_sized_new (strlen (json));
  const char *p = json;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          /* A string, escapes included, copied as it is. */
          const char *start = p++;

          while (*p != '\0' && *p != '"')
            p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
          if (*p == '"')
            p++;
          g_string_append_len (out, start, p - start);
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *start = p;
          gboolean is_real = FALSE;

          while (*p == '-' || *p == '+' || *p == '.' || *p == 'e' || *p == 'E' ||
                 g_ascii_isdigit (*p))
            {
              is_real |= *p == '.' || *p == 'e' || *p == 'E';
              p++;
            }
          if (is_real)
            {
              g_autofree char *token = g_strndup (start, p - start);

              append_shortest (out, g_ascii_strtod (token, NULL));
            }
          else
            g_string_append_len (out, start, p - start);
        }
      else
        g_string_append_c (out, *p++);
    }
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

char *
_nr_json_to_data (JsonNode *root, gboolean pretty, gsize *length)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *raw = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  raw = json_generator_to_data (generator, NULL);
  return _nr_json_shorten_numbers (raw, length);
}
