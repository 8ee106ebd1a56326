/* json-util.h — JSON the way the core writes and reads it (internal).
 *
 * json-glib 1.6 (Debian 12) prints every double with 17 significant digits, so 0.3 comes
 * out as 0.29999999999999999 and the float 0.001 as 0.0010000000474974513. The core's
 * files are read by people (and by NumPy and PyTorch scripts), so numbers are written as
 * the shortest decimal that reads back as the same value: floats (learning rates, dropout)
 * as the shortest decimal of the float, doubles (losses) of the double.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The double whose shortest decimal is the float's shortest decimal: 0.001f → 0.001. */
double _nr_json_float (float value);

/* buf ← the shortest decimal that g_ascii_strtod reads back as value ("0.1", "1e-07"). */
void _nr_format_shortest (char buf[G_ASCII_DTOSTR_BUF_SIZE], double value);

/* Adds a double member, null when it is NaN (JSON has no NaN); ±inf as null too. */
void _nr_json_add_double (JsonBuilder *builder, const char *member, double value);

/* The document as text, pretty-printed when pretty, with every number in its shortest
 * round-trip form. Free with g_free(). */
char *_nr_json_to_data (JsonNode *root, gboolean pretty, gsize *length);

/* Rewrites the number tokens of JSON text in their shortest round-trip form (strings are
 * left alone). Exposed for the tests. */
char *_nr_json_shorten_numbers (const char *json, gsize *length);

G_END_DECLS
