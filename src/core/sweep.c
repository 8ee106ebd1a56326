/* sweep.c — sweeps: value lists, the plan, and the sweep's file (sweep.h). */
#include "neurona/sweep.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "neurona/error.h"
#include "neurona/run-store.h"

#include "fileutil.h"
#include "i18n.h"
#include "json-util.h"

/* A sweep's file is a few hundred bytes per point. */
#define MAX_SWEEP_JSON_BYTES (64 * 1024 * 1024)
/* A range's steps land on its end when they miss it by less than this fraction of a step
 * (0.1 + 0.1 + 0.1 is not 0.3 in binary). */
#define RANGE_TOLERANCE 1e-9

/* ---- settings --------------------------------------------------------------------- */

typedef enum {
  KIND_UNITS,
  KIND_NAME,    /* activation, optimizer */
  KIND_BOOLEAN, /* normalize */
  KIND_INTEGER, /* min … max */
  KIND_RATE,    /* a float in [0, 1): dropout, momentum */
  KIND_LEARNING_RATE,
} Kind;

static const struct
{
  const char *name;
  Kind kind;
  guint64 min, max; /* KIND_INTEGER */
} settings[NR_N_SWEEP_SETTINGS] = {
  [NR_SWEEP_UNITS] = { "units", KIND_UNITS, 1, NR_MAX_UNITS },
  [NR_SWEEP_ACTIVATION] = { "activation", KIND_NAME, 0, 0 },
  [NR_SWEEP_DROPOUT] = { "dropout", KIND_RATE, 0, 0 },
  [NR_SWEEP_EPOCHS] = { "epochs", KIND_INTEGER, 1, 100000 },
  [NR_SWEEP_BATCH_SIZE] = { "batch-size", KIND_INTEGER, 1, 1000000 },
  [NR_SWEEP_OPTIMIZER] = { "optimizer", KIND_NAME, 0, 0 },
  [NR_SWEEP_LEARNING_RATE] = { "learning-rate", KIND_LEARNING_RATE, 0, 0 },
  [NR_SWEEP_MOMENTUM] = { "momentum", KIND_RATE, 0, 0 },
  [NR_SWEEP_SEED] = { "seed", KIND_INTEGER, 0, G_MAXUINT64 },
  [NR_SWEEP_NORMALIZE] = { "normalize", KIND_BOOLEAN, 0, 0 },
  [NR_SWEEP_TRAIN_LIMIT] = { "train-limit", KIND_INTEGER, 1, G_MAXUINT },
};

const char *
nr_sweep_setting_name (NrSweepSetting setting)
{
  g_return_val_if_fail (setting < NR_N_SWEEP_SETTINGS, NULL);

  return settings[setting].name;
}

gboolean
nr_sweep_setting_from_name (const char *name, NrSweepSetting *out_setting)
{
  g_autofree char *dashed = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  dashed = g_strdelimit (g_strstrip (g_strdup (name)), "_", '-');
  for (guint s = 0; s < NR_N_SWEEP_SETTINGS; s++)
    if (g_ascii_strcasecmp (dashed, settings[s].name) == 0)
      {
        if (out_setting != NULL)
          *out_setting = (NrSweepSetting) s;
        return TRUE;
      }
  return FALSE;
}

const char *
nr_sweep_setting_names (void)
{
  static char names[256];

  if (names[0] == '\0')
    for (guint s = 0; s < NR_N_SWEEP_SETTINGS; s++)
      {
        g_strlcat (names, s > 0 ? ", " : "", sizeof names);
        g_strlcat (names, settings[s].name, sizeof names);
      }
  return names;
}

static gboolean
is_integer_setting (NrSweepSetting setting)
{
  return settings[setting].kind == KIND_INTEGER || settings[setting].kind == KIND_UNITS;
}

static gboolean
is_float_setting (NrSweepSetting setting)
{
  return settings[setting].kind == KIND_RATE || settings[setting].kind == KIND_LEARNING_RATE;
}

/* ---- one value -------------------------------------------------------------------- */

/* NR_ERROR_INVALID; returns FALSE. */
static gboolean G_GNUC_PRINTF (2, 3)
invalid (GError **error, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  g_assert (*error == NULL);
  va_start (args, format);
  *error = g_error_new_valist (NR_ERROR, NR_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

static char *
join_names (const char *(*name) (guint), guint n)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", name (i));
  return g_string_free (names, FALSE);
}

static const char *
activation_name (guint i)
{
  return nr_activation_name ((NrActivation) i);
}

static const char *
optimizer_name (guint i)
{
  return nr_optimizer_name ((NrOptimizerKind) i);
}

static gboolean
parse_integer (NrSweepSetting setting, const char *text, guint64 *out, GError **error)
{
  const char *name = settings[setting].name;
  guint64 min = settings[setting].min, max = settings[setting].max;
  g_autoptr (GError) number_error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, out, &number_error))
    {
      if (g_error_matches (number_error, G_NUMBER_PARSER_ERROR,
                           G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        return invalid (error, _("%s must be a whole number from %llu to %llu%s (got %s)"), name,
                        (unsigned long long) min, (unsigned long long) max,
                        setting == NR_SWEEP_UNITS ? _(" per layer") : "", text);
      return invalid (error, _("%s: “%s” is not a whole number"), name, text);
    }
  return TRUE;
}

/* A number the training keeps as a float, checked against the setting's range. */
static gboolean
parse_float (NrSweepSetting setting, const char *text, float *out, GError **error)
{
  const char *name = settings[setting].name;
  char *end = NULL;
  double v;

  errno = 0;
  v = g_ascii_strtod (text, &end);
  if (text[0] == '\0' || end == text || *end != '\0' || !isfinite (v))
    {
      if (end != text && *end == '\0' && isinf (v) && errno == ERANGE)
        return invalid (error, _("%s %s is too large"), name, text);
      return invalid (error, _("%s: “%s” is not a number"), name, text);
    }
  if (settings[setting].kind == KIND_LEARNING_RATE)
    {
      if (v <= 0 || v > 1e6)
        return invalid (error, _("learning-rate must be above 0 and at most 1e6 (got %s)"), text);
    }
  else if (v < 0 || v >= 1)
    return invalid (error, _("%s must be at least 0 and below 1 (got %s)"), name, text);
  /* Below FLT_MIN a float is 0 or a subnormal the kernels flush to 0. */
  if ((errno == ERANGE && fabs (v) < 1.0) || (v > 0 && v < FLT_MIN))
    return invalid (error, _("%s %s is too close to 0 for the 32-bit floats training computes in "
                             "(the smallest is about 1.2e-38)"),
                    name, text);
  *out = (float) v;
  if (settings[setting].kind == KIND_RATE && *out >= 1.0f)
    return invalid (error, _("%s %s rounds to 1 as a 32-bit float, and it must be below 1"), name,
                    text);
  return TRUE;
}

static gboolean
parse_units (const char *text, NrSweepValue *out, GError **error)
{
  g_auto (GStrv) layers = NULL;
  guint n;

  if (g_ascii_strcasecmp (text, "none") == 0)
    {
      out->n_units = 0;
      return TRUE;
    }
  layers = g_strsplit (text, "/", -1);
  n = g_strv_length (layers);
  if (n > NR_MAX_HIDDEN)
    return invalid (error, _("units %s: %u hidden layers, at most %d"), text, n, NR_MAX_HIDDEN);
  for (guint l = 0; l < n; l++)
    {
      guint64 units;

      g_strstrip (layers[l]);
      if (layers[l][0] == '\0')
        return invalid (error, _("units “%s”: a layer without its size (write layers as "
                                 "256/128)"),
                        text);
      if (!parse_integer (NR_SWEEP_UNITS, layers[l], &units, error))
        return FALSE;
      out->units[l] = (guint) units;
    }
  out->n_units = n;
  return TRUE;
}

gboolean
nr_sweep_parse_value (NrSweepSetting setting, const char *text, NrSweepValue *out,
                      GError **error)
{
  g_autofree char *stripped = NULL;
  NrSweepValue value = { 0 };
  const char *name;

  g_return_val_if_fail (setting < NR_N_SWEEP_SETTINGS, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = settings[setting].name;
  stripped = g_strstrip (g_strdup (text));
  value.setting = setting;
  if (stripped[0] == '\0')
    return invalid (error, _("%s: an empty value"), name);

  switch (settings[setting].kind)
    {
    case KIND_UNITS:
      if (!parse_units (stripped, &value, error))
        return FALSE;
      break;
    case KIND_NAME:
      if (setting == NR_SWEEP_ACTIVATION)
        {
          NrActivation act;

          if (!nr_activation_from_name (stripped, &act))
            {
              g_autofree char *names = join_names (activation_name, NR_N_ACTIVATIONS);

              return invalid (error, _("unknown activation “%s” (choose from %s)"), stripped,
                              names);
            }
          value.choice = act;
        }
      else
        {
          NrOptimizerKind kind;

          if (!nr_optimizer_from_name (stripped, &kind))
            {
              g_autofree char *names = join_names (optimizer_name, NR_N_OPTIMIZERS);

              return invalid (error, _("unknown optimizer “%s” (choose from %s)"), stripped, names);
            }
          value.choice = kind;
        }
      break;
    case KIND_BOOLEAN:
      {
        static const char *const yes[] = { "yes", "true", "on", "1" };
        static const char *const no[] = { "no", "false", "off", "0" };
        gboolean found = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS (yes) && !found; i++)
          if (g_ascii_strcasecmp (stripped, yes[i]) == 0)
            value.choice = TRUE, found = TRUE;
        for (guint i = 0; i < G_N_ELEMENTS (no) && !found; i++)
          if (g_ascii_strcasecmp (stripped, no[i]) == 0)
            value.choice = FALSE, found = TRUE;
        if (!found)
          return invalid (error, _("%s is yes or no, not “%s”"), name, stripped);
      }
      break;
    case KIND_INTEGER:
      if (!parse_integer (setting, stripped, &value.integer, error))
        return FALSE;
      break;
    case KIND_RATE:
    case KIND_LEARNING_RATE:
      if (!parse_float (setting, stripped, &value.number, error))
        return FALSE;
      break;
    default:
      g_assert_not_reached ();
    }
  *out = value;
  return TRUE;
}

/* The float's shortest decimal written as one types it: 0.0001, 10, 1e-05. */
static void
format_float (char buf[G_ASCII_DTOSTR_BUF_SIZE], float value)
{
  double v = _nr_json_float (value);
  const char *e;

  _nr_format_shortest (buf, v);
  e = strchr (buf, 'e');
  if (e != NULL)
    {
      int exponent = atoi (e + 1);
      int digits = 0;
      char format[16];

      if (exponent < -4 || exponent >= 16)
        return;
      for (const char *c = buf; c < e; c++)
        digits += g_ascii_isdigit (*c);
      g_snprintf (format, sizeof format, "%%.%df", MAX (digits - 1 - exponent, 0));
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, v);
    }
}

char *
nr_sweep_value_to_string (const NrSweepValue *value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (value->setting < NR_N_SWEEP_SETTINGS, NULL);

  switch (value->setting)
    {
    case NR_SWEEP_UNITS:
      {
        GString *text;

        if (value->n_units == 0)
          return g_strdup ("none");
        text = g_string_new (NULL);
        for (guint l = 0; l < value->n_units; l++)
          g_string_append_printf (text, "%s%u", l > 0 ? "/" : "", value->units[l]);
        return g_string_free (text, FALSE);
      }
    case NR_SWEEP_ACTIVATION:
      return g_strdup (nr_activation_name ((NrActivation) value->choice));
    case NR_SWEEP_OPTIMIZER:
      return g_strdup (nr_optimizer_name ((NrOptimizerKind) value->choice));
    case NR_SWEEP_NORMALIZE:
      return g_strdup (value->choice ? "yes" : "no");
    case NR_SWEEP_DROPOUT:
    case NR_SWEEP_LEARNING_RATE:
    case NR_SWEEP_MOMENTUM:
      format_float (buf, value->number);
      return g_strdup (buf);
    case NR_SWEEP_EPOCHS:
    case NR_SWEEP_BATCH_SIZE:
    case NR_SWEEP_SEED:
    case NR_SWEEP_TRAIN_LIMIT:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, value->integer);
    case NR_N_SWEEP_SETTINGS:
    default:
      g_assert_not_reached ();
    }
}

gboolean
nr_sweep_value_equal (const NrSweepValue *a, const NrSweepValue *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->setting != b->setting)
    return FALSE;
  switch (settings[a->setting].kind)
    {
    case KIND_UNITS:
      return a->n_units == b->n_units &&
             memcmp (a->units, b->units, a->n_units * sizeof a->units[0]) == 0;
    case KIND_NAME:
    case KIND_BOOLEAN:
      return a->choice == b->choice;
    case KIND_INTEGER:
      return a->integer == b->integer;
    case KIND_RATE:
    case KIND_LEARNING_RATE:
      return a->number == b->number;
    default:
      g_assert_not_reached ();
    }
}

double
nr_sweep_value_get_number (const NrSweepValue *value)
{
  g_return_val_if_fail (value != NULL, NAN);

  switch (settings[value->setting].kind)
    {
    case KIND_UNITS:
      return value->n_units == 1 ? (double) value->units[0] : NAN;
    case KIND_INTEGER:
      return (double) value->integer;
    case KIND_RATE:
    case KIND_LEARNING_RATE:
      return _nr_json_float (value->number);
    case KIND_NAME:
    case KIND_BOOLEAN:
    default:
      return NAN;
    }
}

/* ---- value lists ------------------------------------------------------------------ */

/* "16:256:16", "1e-4:1e-1:x10", "1:5" → values appended to out. */
static gboolean
parse_integer_range (NrSweepSetting setting, const char *item, char **parts, guint n_parts,
                     GArray *out, GError **error)
{
  NrSweepValue first, last;
  guint64 start, end, step = 1, factor = 0, count;
  const char *step_text = n_parts == 3 ? parts[2] : NULL;

  if (!nr_sweep_parse_value (setting, parts[0], &first, error) ||
      !nr_sweep_parse_value (setting, parts[1], &last, error))
    return FALSE;
  if (setting == NR_SWEEP_UNITS && (first.n_units != 1 || last.n_units != 1))
    return invalid (error,
                    _("%s: a range of units goes from one layer size to another (16:256:16)"),
                    item);
  start = setting == NR_SWEEP_UNITS ? first.units[0] : first.integer;
  end = setting == NR_SWEEP_UNITS ? last.units[0] : last.integer;
  if (start >= end)
    return invalid (error, _("%s: a range goes up, from its start to a larger end"), item);

  if (step_text != NULL && (step_text[0] == 'x' || step_text[0] == 'X' || step_text[0] == '*'))
    {
      if (!g_ascii_string_to_unsigned (step_text + 1, 10, 2, G_MAXUINT64, &factor, NULL))
        return invalid (error, _("%s: the factor of a range of whole numbers is a whole number "
                                 "from 2 on (x2, x10)"),
                        item);
      if (start == 0)
        return invalid (error, _("%s: a range by a factor cannot start at 0"), item);
      count = 1;
      for (guint64 v = start; v < end; count++)
        {
          if (v > G_MAXUINT64 / factor || v * factor > end)
            {
              g_autofree char *below = g_strdup_printf ("%" G_GUINT64_FORMAT, v);
              /* Translators: in "end at 1000 or more" */
              g_autofree char *above = v > G_MAXUINT64 / factor
                                         ? g_strdup (_("more"))
                                         : g_strdup_printf ("%" G_GUINT64_FORMAT, v * factor);

              return invalid (error,
                              _("%s: the steps ×%llu from %llu miss %llu (…, %s, %s): end at %s "
                                "or %s"),
                              item, (unsigned long long) factor, (unsigned long long) start,
                              (unsigned long long) end, below, above, below, above);
            }
          v *= factor;
        }
    }
  else
    {
      if (step_text != NULL &&
          !g_ascii_string_to_unsigned (step_text, 10, 1, G_MAXUINT64, &step, NULL))
        return invalid (error, _("%s: the step of a range of whole numbers is a whole number from "
                                 "1 on, or xFACTOR for a log range"),
                        item);
      if ((end - start) % step != 0)
        {
          guint64 below = start + (end - start) / step * step;

          return invalid (error,
                          _("%s: the steps of %llu from %llu miss %llu (…, %llu, %llu): end at "
                            "%llu or %llu"),
                          item, (unsigned long long) step, (unsigned long long) start,
                          (unsigned long long) end, (unsigned long long) below,
                          (unsigned long long) (below + step), (unsigned long long) below,
                          (unsigned long long) (below + step));
        }
      count = (end - start) / step + 1;
    }
  if (count > NR_SWEEP_MAX_RUNS)
    return invalid (error, _("%s: %llu values, more than the %d a sweep runs"), item,
                    (unsigned long long) count, NR_SWEEP_MAX_RUNS);

  for (guint64 i = 0, v = start; i < count; i++)
    {
      NrSweepValue value = first;

      if (setting == NR_SWEEP_UNITS)
        value.units[0] = (guint) v;
      else
        value.integer = v;
      g_array_append_val (out, value);
      v = factor != 0 ? v * factor : v + step;
    }
  return TRUE;
}

/* A range's value, rounded to 12 significant digits (0.30000000000000004 → 0.3), parsed as
 * typed so that it is checked as any value. */
static gboolean
append_float_value (NrSweepSetting setting, const char *item, double v, GArray *out,
                    GError **error)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  NrSweepValue value;
  g_autoptr (GError) value_error = NULL;

  g_ascii_formatd (text, sizeof text, "%.12g", v);
  if (!nr_sweep_parse_value (setting, text, &value, &value_error))
    return invalid (error, "%s: %s", item, value_error->message);
  g_array_append_val (out, value);
  return TRUE;
}

static gboolean
read_double (const char *item, const char *text, double *out, GError **error)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);

  if (text[0] == '\0' || end == text || *end != '\0' || !isfinite (v))
    return invalid (error, _("%s: “%s” is not a number"), item, text);
  *out = v;
  return TRUE;
}

static gboolean
parse_float_range (NrSweepSetting setting, const char *item, char **parts, guint n_parts,
                   GArray *out, GError **error)
{
  const char *name = settings[setting].name;
  gboolean log_range;
  double start, end, step, n, k;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  if (n_parts != 3)
    return invalid (error, _("%s: a range of %s needs its step: START:END:STEP (0:0.5:0.1) or "
                             "START:END:xFACTOR (1e-4:1e-1:x10)"),
                    item, name);
  if (!read_double (item, parts[0], &start, error) || !read_double (item, parts[1], &end, error))
    return FALSE;
  log_range = parts[2][0] == 'x' || parts[2][0] == 'X' || parts[2][0] == '*';
  if (!read_double (item, parts[2] + (log_range ? 1 : 0), &step, error))
    return FALSE;
  if (start >= end)
    return invalid (error, _("%s: a range goes up, from its start to a larger end"), item);
  if (log_range)
    {
      if (step <= 1)
        return invalid (error, _("%s: the factor of a log range is above 1 (x10, x2)"), item);
      if (start <= 0)
        return invalid (error, _("%s: a log range starts above 0"), item);
      n = log (end / start) / log (step);
    }
  else
    {
      if (step <= 0)
        return invalid (error, _("%s: the step of a range is above 0"), item);
      n = (end - start) / step;
    }
  if (n + 1 > NR_SWEEP_MAX_RUNS)
    return invalid (error, _("%s: %.0f values, more than the %d a sweep runs"), item, floor (n) + 1,
                    NR_SWEEP_MAX_RUNS);
  k = floor (n + 0.5);
  if (fabs (n - k) > RANGE_TOLERANCE * MAX (1.0, k))
    {
      double below = log_range ? start * pow (step, floor (n)) : start + floor (n) * step;
      double above = log_range ? below * step : below + step;

      g_ascii_formatd (a, sizeof a, "%.12g", below);
      g_ascii_formatd (b, sizeof b, "%.12g", above);
      if (log_range)
        return invalid (error,
                        _("%s: the steps ×%s from %s miss %s (…, %s, %s): end at %s or %s"),
                        item, parts[2] + 1, parts[0], parts[1], a, b, a, b);
      return invalid (error, _("%s: the steps of %s from %s miss %s (…, %s, %s): end at %s or %s"),
                      item, parts[2], parts[0], parts[1], a, b, a, b);
    }
  for (guint i = 0; i <= (guint) k; i++)
    {
      double v = i == (guint) k ? end : log_range ? start * pow (step, i) : start + i * step;

      if (!append_float_value (setting, item, v, out, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_item (NrSweepSetting setting, const char *item, GArray *out, GError **error)
{
  g_auto (GStrv) parts = NULL;
  guint n;
  NrSweepValue value;

  if (strchr (item, ':') == NULL)
    {
      if (!nr_sweep_parse_value (setting, item, &value, error))
        return FALSE;
      g_array_append_val (out, value);
      return TRUE;
    }
  if (!is_integer_setting (setting) && !is_float_setting (setting))
    return invalid (error, _("%s: %s takes names, not ranges"), item, settings[setting].name);
  parts = g_strsplit (item, ":", -1);
  n = g_strv_length (parts);
  for (guint i = 0; i < n; i++)
    g_strstrip (parts[i]);
  if (n > 3 || parts[0][0] == '\0' || parts[1][0] == '\0' || (n == 3 && parts[2][0] == '\0'))
    return invalid (error, _("%s: a range is START:END, START:END:STEP or START:END:xFACTOR"),
                    item);
  if (is_integer_setting (setting))
    return parse_integer_range (setting, item, parts, n, out, error);
  return parse_float_range (setting, item, parts, n, out, error);
}

GArray *
nr_sweep_parse_values (NrSweepSetting setting, const char *text, GError **error)
{
  g_autoptr (GArray) values = NULL;
  g_auto (GStrv) items = NULL;
  guint n;

  g_return_val_if_fail (setting < NR_N_SWEEP_SETTINGS, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  values = g_array_new (FALSE, TRUE, sizeof (NrSweepValue));
  items = g_strsplit (text, ",", -1);
  n = g_strv_length (items);
  for (guint i = 0; i < n; i++)
    g_strstrip (items[i]);
  if (n == 0 || (n == 1 && items[0][0] == '\0'))
    {
      invalid (error, _("no values for %s (give a list such as 16,32,64 or a range such as "
                        "16:256:16)"),
               settings[setting].name);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      guint before = values->len;

      if (items[i][0] == '\0')
        {
          invalid (error, _("an empty item in “%s”"), text);
          return NULL;
        }
      if (!parse_item (setting, items[i], values, error))
        return NULL;
      if (values->len > NR_SWEEP_MAX_RUNS)
        {
          invalid (error, _("%u values, more than the %d a sweep runs"), values->len,
                   NR_SWEEP_MAX_RUNS);
          return NULL;
        }
      /* Each new value against all before it: a few hundred values at most. */
      for (guint j = before; j < values->len; j++)
        for (guint k = 0; k < j; k++)
          if (nr_sweep_value_equal (&g_array_index (values, NrSweepValue, j),
                                    &g_array_index (values, NrSweepValue, k)))
            {
              g_autofree char *twice = nr_sweep_value_to_string (&g_array_index (values,
                                                                                NrSweepValue, j));

              invalid (error, _("%s %s is given twice (each value makes one run)"),
                       settings[setting].name, twice);
              return NULL;
            }
    }
  return g_steal_pointer (&values);
}

/* ---- the sweep -------------------------------------------------------------------- */

static void
axis_free (NrSweepAxis *axis)
{
  g_array_unref (axis->values);
  g_free (axis);
}

static void
point_free (NrSweepPoint *point)
{
  g_free (point->label);
  g_free (point->group_label);
  g_free (point->value_index);
  g_free (point->run_id);
  g_clear_pointer (&point->run, nr_run_record_free);
  g_free (point);
}

NrSweep *
nr_sweep_new (NrDatasetId dataset, const NrTrainConfig *base)
{
  NrSweep *sweep;

  g_return_val_if_fail (dataset < NR_N_DATASETS, NULL);
  g_return_val_if_fail (base != NULL, NULL);

  sweep = g_new0 (NrSweep, 1);
  sweep->dataset = dataset;
  sweep->base = *base;
  sweep->created = g_get_real_time () / G_USEC_PER_SEC;
  sweep->axes = g_ptr_array_new_with_free_func ((GDestroyNotify) axis_free);
  sweep->points = g_ptr_array_new_with_free_func ((GDestroyNotify) point_free);
  sweep->name = g_strdup ("");
  return sweep;
}

void
nr_sweep_free (NrSweep *sweep)
{
  if (sweep == NULL)
    return;
  g_free (sweep->id);
  g_free (sweep->name);
  g_free (sweep->path);
  g_ptr_array_unref (sweep->axes);
  g_ptr_array_unref (sweep->points);
  g_free (sweep);
}

static NrSweepAxis *
find_axis (const NrSweep *sweep, NrSweepSetting setting, guint *out_index)
{
  for (guint a = 0; a < sweep->axes->len; a++)
    {
      NrSweepAxis *axis = sweep->axes->pdata[a];

      if (axis->setting == setting)
        {
          if (out_index != NULL)
            *out_index = a;
          return axis;
        }
    }
  return NULL;
}

gboolean
nr_sweep_add_axis (NrSweep *sweep, NrSweepSetting setting, GArray *values, GError **error)
{
  NrSweepAxis *axis;

  g_return_val_if_fail (sweep != NULL, FALSE);
  g_return_val_if_fail (setting < NR_N_SWEEP_SETTINGS, FALSE);
  g_return_val_if_fail (values != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (find_axis (sweep, setting, NULL) != NULL)
    return invalid (error, _("%s is varied twice: give all its values in one list"),
                    settings[setting].name);
  if (values->len == 0)
    return invalid (error, _("no values for %s"), settings[setting].name);
  if (values->len > NR_SWEEP_MAX_RUNS)
    return invalid (error, _("%u values of %s, more than the %d a sweep runs"), values->len,
                    settings[setting].name, NR_SWEEP_MAX_RUNS);
  for (guint i = 0; i < values->len; i++)
    g_return_val_if_fail (g_array_index (values, NrSweepValue, i).setting == setting, FALSE);

  axis = g_new0 (NrSweepAxis, 1);
  axis->setting = setting;
  axis->values = g_array_sized_new (FALSE, TRUE, sizeof (NrSweepValue), values->len);
  g_array_append_vals (axis->values, values->data, values->len);
  g_ptr_array_add (sweep->axes, axis);
  g_ptr_array_set_size (sweep->points, 0);
  sweep->n_groups = 0;
  return TRUE;
}

gboolean
nr_sweep_add_axis_from_text (NrSweep *sweep, const char *text, GError **error)
{
  g_autoptr (GArray) values = NULL;
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *name = NULL;
  const char *equals;
  NrSweepSetting setting;

  g_return_val_if_fail (sweep != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  equals = strchr (text, '=');
  if (equals == NULL)
    return invalid (error, _("“%s” is not SETTING=VALUES (units=16,32,64); the settings are %s"),
                    text, nr_sweep_setting_names ());
  name = g_strndup (text, equals - text);
  if (!nr_sweep_setting_from_name (name, &setting))
    return invalid (error, _("%s: unknown setting “%s” (the settings are %s)"), text,
                    g_strstrip (name), nr_sweep_setting_names ());
  values = nr_sweep_parse_values (setting, equals + 1, &parse_error);
  if (values == NULL || !nr_sweep_add_axis (sweep, setting, values, &parse_error))
    return invalid (error, "%s: %s", text, parse_error->message);
  return TRUE;
}

gboolean
nr_sweep_add_seeds (NrSweep *sweep, guint n, GError **error)
{
  g_autoptr (GArray) values = NULL;

  g_return_val_if_fail (sweep != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n < 1 || n > NR_SWEEP_MAX_RUNS)
    return invalid (error, _("the seeds per point go from 1 to %d (got %u)"), NR_SWEEP_MAX_RUNS, n);
  if (sweep->base.seed > G_MAXUINT64 - (n - 1))
    return invalid (error, _("%u seeds from %llu go past the largest seed"), n,
                    (unsigned long long) sweep->base.seed);
  values = g_array_new (FALSE, TRUE, sizeof (NrSweepValue));
  for (guint i = 0; i < n; i++)
    {
      NrSweepValue value = { .setting = NR_SWEEP_SEED, .integer = sweep->base.seed + i };

      g_array_append_val (values, value);
    }
  return nr_sweep_add_axis (sweep, NR_SWEEP_SEED, values, error);
}

/* Keras defaults for every member the optimizer does not use, so that a point's settings
 * equal those its run.json reads back. */
static void
canonical_optimizer (NrOptimizerSpec *o)
{
  NrOptimizerSpec clean;

  nr_optimizer_spec_init (&clean, o->kind);
  clean.learning_rate = o->learning_rate;
  switch (o->kind)
    {
    case NR_OPTIMIZER_ADAM:
      clean.beta1 = o->beta1;
      clean.beta2 = o->beta2;
      clean.epsilon = o->epsilon;
      break;
    case NR_OPTIMIZER_SGD:
      clean.momentum = o->momentum;
      break;
    case NR_OPTIMIZER_RMSPROP:
      clean.rho = o->rho;
      clean.epsilon = o->epsilon;
      break;
    case NR_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
  *o = clean;
}

void
nr_sweep_value_apply (const NrSweepValue *v, NrTrainConfig *c)
{
  NrModelSpec *m = &c->model;

  g_return_if_fail (v != NULL && c != NULL);

  switch (v->setting)
    {
    case NR_SWEEP_UNITS:
      {
        NrLayerSpec first = { 0, NR_ACTIVATION_RELU, 0.0f };

        if (m->n_hidden > 0)
          first = m->hidden[0];
        memset (m->hidden, 0, sizeof m->hidden);
        m->n_hidden = v->n_units;
        for (guint l = 0; l < v->n_units; l++)
          {
            m->hidden[l] = first;
            m->hidden[l].units = v->units[l];
          }
      }
      break;
    case NR_SWEEP_ACTIVATION:
      for (guint l = 0; l < m->n_hidden; l++)
        m->hidden[l].activation = (NrActivation) v->choice;
      break;
    case NR_SWEEP_DROPOUT:
      for (guint l = 0; l < m->n_hidden; l++)
        m->hidden[l].dropout = v->number;
      break;
    case NR_SWEEP_EPOCHS:
      c->epochs = (guint) v->integer;
      break;
    case NR_SWEEP_BATCH_SIZE:
      c->batch_size = (guint) v->integer;
      break;
    case NR_SWEEP_OPTIMIZER:
      nr_optimizer_spec_init (&c->optimizer, (NrOptimizerKind) v->choice);
      break;
    case NR_SWEEP_LEARNING_RATE:
      c->optimizer.learning_rate = v->number;
      break;
    case NR_SWEEP_MOMENTUM:
      c->optimizer.momentum = v->number;
      break;
    case NR_SWEEP_SEED:
      c->seed = v->integer;
      break;
    case NR_SWEEP_NORMALIZE:
      c->normalize = v->choice;
      break;
    case NR_SWEEP_TRAIN_LIMIT:
      c->train_limit = (guint) v->integer;
      break;
    case NR_N_SWEEP_SETTINGS:
    default:
      g_assert_not_reached ();
    }
}


/* A sweep's value over its base: an optimizer keeps the learning rate the sweep was given
 * (and SGD the base's momentum) instead of taking its own defaults. */
static void
apply_value (const NrSweep *sweep, const NrSweepValue *v, NrTrainConfig *c)
{
  nr_sweep_value_apply (v, c);
  if (v->setting == NR_SWEEP_OPTIMIZER)
    {
      if (sweep->learning_rate_set)
        c->optimizer.learning_rate = sweep->base.optimizer.learning_rate;
      if (c->optimizer.kind == NR_OPTIMIZER_SGD)
        c->optimizer.momentum = sweep->base.optimizer.momentum;
    }
}

/* "units=28, learning-rate=0.001"; without the seed when skip_seed. */
static char *
make_label (const NrSweep *sweep, const guint *value_index, gboolean skip_seed)
{
  GString *label = g_string_new (NULL);

  for (guint a = 0; a < sweep->axes->len; a++)
    {
      const NrSweepAxis *axis = sweep->axes->pdata[a];
      g_autofree char *value = NULL;

      if (skip_seed && axis->setting == NR_SWEEP_SEED)
        continue;
      value = nr_sweep_value_to_string (&g_array_index (axis->values, NrSweepValue,
                                                        value_index[a]));
      g_string_append_printf (label, "%s%s=%s", label->len > 0 ? ", " : "",
                              settings[axis->setting].name, value);
    }
  return g_string_free (label, FALSE);
}

static char *
make_name (const NrSweep *sweep)
{
  GString *name = g_string_new (NULL);

  for (guint a = 0; a < sweep->axes->len; a++)
    g_string_append_printf (name, "%s%s", a > 0 ? " × " : "",
                            settings[((NrSweepAxis *) sweep->axes->pdata[a])->setting].name);
  if (name->len == 0)
    g_string_append (name, "no setting varied");
  return g_string_free (name, FALSE);
}

/* Labels and groups of the points, from their value indices. */
static void
label_points (NrSweep *sweep)
{
  g_autoptr (GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);

  sweep->n_groups = 0;
  for (guint p = 0; p < sweep->points->len; p++)
    {
      NrSweepPoint *point = sweep->points->pdata[p];
      gpointer group;

      g_free (point->label);
      g_free (point->group_label);
      point->label = make_label (sweep, point->value_index, FALSE);
      point->group_label = make_label (sweep, point->value_index, TRUE);
      if (g_hash_table_lookup_extended (groups, point->group_label, NULL, &group))
        point->group = GPOINTER_TO_UINT (group);
      else
        {
          point->group = sweep->n_groups++;
          g_hash_table_insert (groups, point->group_label, GUINT_TO_POINTER (point->group));
        }
    }
  g_free (sweep->name);
  sweep->name = make_name (sweep);
}

static gboolean
plan_point (const NrSweep *sweep, NrSweepPoint *point, GError **error)
{
  const NrDatasetInfo *info = nr_dataset_info (sweep->dataset);
  g_autoptr (GError) check_error = NULL;
  NrTrainConfig *c = &point->config;

  *c = sweep->base;
  for (guint s = 0; s < NR_N_SWEEP_SETTINGS; s++)
    {
      guint a;
      const NrSweepAxis *axis = find_axis (sweep, (NrSweepSetting) s, &a);

      if (axis != NULL)
        apply_value (sweep, &g_array_index (axis->values, NrSweepValue, point->value_index[a]), c);
    }
  canonical_optimizer (&c->optimizer);

  if (c->model.n_hidden == 0 && find_axis (sweep, NR_SWEEP_ACTIVATION, NULL) != NULL)
    return invalid (error, _("%s: activation does nothing without a hidden layer, so the points "
                             "with units=none would all be the same run; vary units without none"),
                    point->label);
  if (c->model.n_hidden == 0 && find_axis (sweep, NR_SWEEP_DROPOUT, NULL) != NULL)
    return invalid (error, _("%s: dropout does nothing without a hidden layer, so the points "
                             "with units=none would all be the same run; vary units without none"),
                    point->label);
  if (c->optimizer.kind != NR_OPTIMIZER_SGD && find_axis (sweep, NR_SWEEP_MOMENTUM, NULL) != NULL)
    return invalid (error, _("%s: momentum applies to optimizer sgd only"), point->label);
  if (!nr_train_config_check (c, info->n_classes, &check_error))
    return invalid (error, "%s: %s", point->label, check_error->message);
  return TRUE;
}

gboolean
nr_sweep_plan (NrSweep *sweep, GError **error)
{
  g_autoptr (GPtrArray) points = NULL;
  guint64 total = 1;

  g_return_val_if_fail (sweep != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint a = 0; a < sweep->axes->len; a++)
    {
      total *= ((NrSweepAxis *) sweep->axes->pdata[a])->values->len;
      if (total > NR_SWEEP_MAX_RUNS)
        break;
    }
  if (total > NR_SWEEP_MAX_RUNS)
    {
      GString *product = g_string_new (NULL);
      guint64 runs = 1;

      for (guint a = 0; a < sweep->axes->len; a++)
        {
          const NrSweepAxis *axis = sweep->axes->pdata[a];

          runs *= axis->values->len;
          g_string_append_printf (product, "%s%u %s", a > 0 ? " × " : "", axis->values->len,
                                  settings[axis->setting].name);
        }
      invalid (error, _("the sweep would make %llu runs (%s), more than %d: vary fewer values"),
               (unsigned long long) runs, product->str, NR_SWEEP_MAX_RUNS);
      g_string_free (product, TRUE);
      return FALSE;
    }

  points = g_ptr_array_new_with_free_func ((GDestroyNotify) point_free);
  for (guint i = 0; i < total; i++)
    {
      NrSweepPoint *point = g_new0 (NrSweepPoint, 1);
      guint rest = i;

      g_ptr_array_add (points, point);
      point->value_index = g_new0 (guint, MAX (sweep->axes->len, 1));
      /* Mixed radix, the last axis fastest. */
      for (guint a = sweep->axes->len; a-- > 0;)
        {
          guint n = ((NrSweepAxis *) sweep->axes->pdata[a])->values->len;

          point->value_index[a] = rest % n;
          rest /= n;
        }
      point->label = make_label (sweep, point->value_index, FALSE);
      if (!plan_point (sweep, point, error))
        return FALSE;
    }
  g_ptr_array_unref (sweep->points);
  sweep->points = g_steal_pointer (&points);
  label_points (sweep);
  return TRUE;
}

gboolean
nr_sweep_config_equal (const NrTrainConfig *a, const NrTrainConfig *b)
{
  const NrOptimizerSpec *oa, *ob;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->model.input_size != b->model.input_size || a->model.n_hidden != b->model.n_hidden ||
      a->model.outputs != b->model.outputs)
    return FALSE;
  for (guint l = 0; l < a->model.n_hidden; l++)
    if (a->model.hidden[l].units != b->model.hidden[l].units ||
        a->model.hidden[l].activation != b->model.hidden[l].activation ||
        a->model.hidden[l].dropout != b->model.hidden[l].dropout)
      return FALSE;
  oa = &a->optimizer;
  ob = &b->optimizer;
  if (oa->kind != ob->kind || oa->learning_rate != ob->learning_rate)
    return FALSE;
  switch (oa->kind)
    {
    case NR_OPTIMIZER_ADAM:
      if (oa->beta1 != ob->beta1 || oa->beta2 != ob->beta2 || oa->epsilon != ob->epsilon)
        return FALSE;
      break;
    case NR_OPTIMIZER_SGD:
      if (oa->momentum != ob->momentum)
        return FALSE;
      break;
    case NR_OPTIMIZER_RMSPROP:
      if (oa->rho != ob->rho || oa->epsilon != ob->epsilon)
        return FALSE;
      break;
    case NR_N_OPTIMIZERS:
    default:
      return FALSE;
    }
  return a->epochs == b->epochs && a->batch_size == b->batch_size &&
         !a->normalize == !b->normalize && a->seed == b->seed &&
         a->train_limit == b->train_limit && a->test_limit == b->test_limit;
}

void
nr_sweep_point_set_run (NrSweepPoint *point, const NrRunRecord *run)
{
  g_return_if_fail (point != NULL);
  g_return_if_fail (run != NULL && run->id != NULL);

  g_clear_pointer (&point->run, nr_run_record_free);
  point->run = nr_run_record_copy (run);
  g_free (point->run_id);
  point->run_id = g_strdup (run->id);
}

void
nr_sweep_get_group_summary (const NrSweep *sweep, guint group, NrSweepGroupSummary *summary)
{
  double accuracy_sum = 0, loss_sum = 0;
  guint n_losses = 0;

  g_return_if_fail (sweep != NULL);
  g_return_if_fail (summary != NULL);

  memset (summary, 0, sizeof *summary);
  summary->test_accuracy_min = INFINITY;
  summary->test_accuracy_max = -INFINITY;
  for (guint p = 0; p < sweep->points->len; p++)
    {
      const NrSweepPoint *point = sweep->points->pdata[p];
      double accuracy, loss;

      if (point->group != group)
        continue;
      summary->n_points++;
      if (point->run == NULL)
        continue;
      if (point->run->status == NR_TRAIN_DIVERGED)
        summary->n_diverged++;
      accuracy = nr_run_record_get_test_accuracy (point->run);
      loss = nr_run_record_get_test_loss (point->run);
      if (!isnan (accuracy))
        {
          summary->n_results++;
          accuracy_sum += accuracy;
          summary->test_accuracy_min = MIN (summary->test_accuracy_min, accuracy);
          summary->test_accuracy_max = MAX (summary->test_accuracy_max, accuracy);
        }
      if (isfinite (loss))
        {
          n_losses++;
          loss_sum += loss;
        }
    }
  summary->test_accuracy_mean = summary->n_results > 0 ? accuracy_sum / summary->n_results : NAN;
  if (summary->n_results == 0)
    summary->test_accuracy_min = summary->test_accuracy_max = NAN;
  summary->test_loss_mean = n_losses > 0 ? loss_sum / n_losses : NAN;
}

/* ---- runs of the sweep ------------------------------------------------------------ */

/* Which of two runs with a point's settings is its run (the better first). */
static gboolean
better_match (const NrSweep *sweep, const NrRunRecord *candidate, const NrRunRecord *best)
{
  gboolean ended_c = candidate->status != NR_TRAIN_CANCELLED;
  gboolean ended_b = best->status != NR_TRAIN_CANCELLED;
  gboolean since_c = candidate->start_time >= sweep->created;
  gboolean since_b = best->start_time >= sweep->created;

  if (ended_c != ended_b)
    return ended_c;
  if (since_c != since_b)
    return since_c;
  if (candidate->start_time != best->start_time)
    /* Since the sweep: the first; before it: the latest. */
    return since_c ? candidate->start_time < best->start_time
                   : candidate->start_time > best->start_time;
  return g_strcmp0 (candidate->id, best->id) < 0;
}

guint
nr_sweep_attach_runs (NrSweep *sweep, GPtrArray *runs, GPtrArray **missing)
{
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) not_found = NULL;
  guint matched = 0;

  g_return_val_if_fail (sweep != NULL, 0);
  g_return_val_if_fail (runs != NULL, 0);

  not_found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  for (guint i = 0; i < runs->len; i++)
    {
      NrRunRecord *run = runs->pdata[i];

      if (run->id != NULL)
        g_hash_table_insert (by_id, run->id, run);
    }
  for (guint p = 0; p < sweep->points->len; p++)
    {
      NrSweepPoint *point = sweep->points->pdata[p];
      const NrRunRecord *best = NULL;

      if (point->run_id != NULL)
        {
          const NrRunRecord *run = g_hash_table_lookup (by_id, point->run_id);

          g_clear_pointer (&point->run, nr_run_record_free);
          if (run != NULL)
            point->run = nr_run_record_copy (run);
          else
            g_ptr_array_add (not_found,
                             g_error_new (NR_ERROR, NR_ERROR_NOT_FOUND,
                                          _("sweep %s: the run %s (%s) is not in the runs "
                                            "folder (deleted?)"),
                                          sweep->id != NULL ? sweep->id : sweep->name,
                                          point->run_id, point->label));
          continue;
        }
      for (guint i = 0; i < runs->len; i++)
        {
          const NrRunRecord *run = runs->pdata[i];

          if (run->id == NULL || run->dataset != sweep->dataset ||
              !nr_sweep_config_equal (&run->config, &point->config))
            continue;
          if (best == NULL || better_match (sweep, run, best))
            best = run;
        }
      if (best != NULL)
        {
          nr_sweep_point_set_run (point, best);
          matched++;
        }
    }
  if (missing != NULL)
    *missing = g_steal_pointer (&not_found);
  return matched;
}

/* ---- writing the file ------------------------------------------------------------- */

static void
add_string (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  if (member != NULL)
    json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_float (JsonBuilder *b, const char *member, float value)
{
  _nr_json_add_double (b, member, _nr_json_float (value));
}

/* As run.json: a number up to 2⁵³ (what JSON readers hold exactly), text above. */
static void
add_seed (JsonBuilder *b, const char *member, guint64 seed)
{
  if (member != NULL)
    json_builder_set_member_name (b, member);
  if (seed <= (G_GUINT64_CONSTANT (1) << 53))
    json_builder_add_int_value (b, (gint64) seed);
  else
    {
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);

      json_builder_add_string_value (b, text);
    }
}

/* The settings as run.json has them (the same members and meanings). */
static void
add_settings (JsonBuilder *b, const char *member, const NrTrainConfig *c)
{
  const NrModelSpec *m = &c->model;
  const NrOptimizerSpec *o = &c->optimizer;

  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "normalize");
  json_builder_add_boolean_value (b, c->normalize);
  add_int (b, "input_size", m->input_size);
  json_builder_set_member_name (b, "layers");
  json_builder_begin_array (b);
  for (guint l = 0; l <= m->n_hidden; l++)
    {
      gboolean output = l == m->n_hidden;

      json_builder_begin_object (b);
      add_int (b, "units", output ? m->outputs : m->hidden[l].units);
      add_string (b, "activation", output ? "linear" : nr_activation_name (m->hidden[l].activation));
      add_float (b, "dropout", output ? 0.0f : m->hidden[l].dropout);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "optimizer");
  json_builder_begin_object (b);
  add_string (b, "name", nr_optimizer_name (o->kind));
  add_float (b, "learning_rate", o->learning_rate);
  switch (o->kind)
    {
    case NR_OPTIMIZER_ADAM:
      add_float (b, "beta_1", o->beta1);
      add_float (b, "beta_2", o->beta2);
      add_float (b, "epsilon", o->epsilon);
      break;
    case NR_OPTIMIZER_SGD:
      add_float (b, "momentum", o->momentum);
      break;
    case NR_OPTIMIZER_RMSPROP:
      add_float (b, "rho", o->rho);
      add_float (b, "epsilon", o->epsilon);
      break;
    case NR_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (b);
  add_int (b, "batch_size", c->batch_size);
  add_int (b, "epochs", c->epochs);
  add_seed (b, "seed", c->seed);
  add_int (b, "threads", c->n_threads);
  add_int (b, "train_limit", c->train_limit);
  add_int (b, "test_limit", c->test_limit);
  json_builder_end_object (b);
}

/* A value as JSON: a number where it is one, else its text; normalize true or false. */
static void
add_value (JsonBuilder *b, const NrSweepValue *v)
{
  switch (settings[v->setting].kind)
    {
    case KIND_UNITS:
      if (v->n_units == 1)
        add_int (b, NULL, v->units[0]);
      else
        {
          g_autofree char *text = nr_sweep_value_to_string (v);

          json_builder_add_string_value (b, text);
        }
      break;
    case KIND_INTEGER:
      add_seed (b, NULL, v->integer);
      break;
    case KIND_RATE:
    case KIND_LEARNING_RATE:
      add_float (b, NULL, v->number);
      break;
    case KIND_BOOLEAN:
      json_builder_add_boolean_value (b, v->choice);
      break;
    case KIND_NAME:
      {
        g_autofree char *text = nr_sweep_value_to_string (v);

        json_builder_add_string_value (b, text);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (unix_seconds);

  return t != NULL ? g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ")
                   : g_strdup ("1970-01-01T00:00:00Z");
}

char *
nr_sweep_to_json (const NrSweep *sweep, gsize *length)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *created = NULL;

  g_return_val_if_fail (sweep != NULL, NULL);

  created = format_time (sweep->created);
  json_builder_begin_object (b);
  add_string (b, "format", "neurona-sweep");
  add_int (b, "format_version", NR_SWEEP_FORMAT_VERSION);
  add_string (b, "id", sweep->id);
  add_string (b, "name", sweep->name);
  add_string (b, "created", created);
  add_string (b, "dataset", nr_dataset_info (sweep->dataset)->name);
  json_builder_set_member_name (b, "learning_rate_set");
  json_builder_add_boolean_value (b, sweep->learning_rate_set);
  add_settings (b, "base", &sweep->base);
  json_builder_set_member_name (b, "vary");
  json_builder_begin_array (b);
  for (guint a = 0; a < sweep->axes->len; a++)
    {
      const NrSweepAxis *axis = sweep->axes->pdata[a];

      json_builder_begin_object (b);
      add_string (b, "setting", settings[axis->setting].name);
      json_builder_set_member_name (b, "values");
      json_builder_begin_array (b);
      for (guint i = 0; i < axis->values->len; i++)
        add_value (b, &g_array_index (axis->values, NrSweepValue, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "points");
  json_builder_begin_array (b);
  for (guint p = 0; p < sweep->points->len; p++)
    {
      const NrSweepPoint *point = sweep->points->pdata[p];

      json_builder_begin_object (b);
      add_string (b, "label", point->label);
      json_builder_set_member_name (b, "values");
      json_builder_begin_array (b);
      for (guint a = 0; a < sweep->axes->len; a++)
        {
          const NrSweepAxis *axis = sweep->axes->pdata[a];

          add_value (b, &g_array_index (axis->values, NrSweepValue, point->value_index[a]));
        }
      json_builder_end_array (b);
      add_string (b, "run_id", point->run_id);
      add_settings (b, "settings", &point->config);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return _nr_json_to_data (root, TRUE, length);
}

/* ---- reading the file ------------------------------------------------------------- */

typedef struct
{
  const char *file;
  GError **error;
  gboolean failed;
} Reader;

static gboolean G_GNUC_PRINTF (2, 3)
fail (Reader *r, const char *format, ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  if (r->failed)
    return FALSE;
  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (r->error, NR_ERROR, NR_ERROR_FORMAT, "%s: %s", r->file, problem);
  r->failed = TRUE;
  return FALSE;
}

static JsonNode *
member (Reader *r, JsonObject *o, const char *where, const char *key)
{
  JsonNode *node;

  if (r->failed || o == NULL)
    return NULL;
  node = json_object_get_member (o, key);
  if (node == NULL)
    fail (r, _("%s%s%s is missing"), where, *where ? "." : "", key);
  return node;
}

static GType
value_type (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
}

static gint64
get_int (Reader *r, JsonObject *o, const char *where, const char *key, gint64 min, gint64 max)
{
  JsonNode *node = member (r, o, where, key);
  gint64 v;

  if (node == NULL)
    return 0;
  if (value_type (node) != G_TYPE_INT64)
    return fail (r, _("%s%s%s is not a whole number"), where, *where ? "." : "", key), 0;
  v = json_node_get_int (node);
  if (v < min || v > max)
    return fail (r, _("%s%s%s is %lld, outside %lld…%lld"), where, *where ? "." : "", key,
                 (long long) v, (long long) min, (long long) max), 0;
  return v;
}

/* A number in [min, max), or [min, max] when max_included. */
static double
get_double (Reader *r, JsonObject *o, const char *where, const char *key, double min,
            double max, gboolean max_included)
{
  JsonNode *node = member (r, o, where, key);
  GType t;
  double v;

  if (node == NULL)
    return 0;
  t = value_type (node);
  if (t != G_TYPE_INT64 && t != G_TYPE_DOUBLE)
    return fail (r, _("%s.%s is not a number"), where, key), 0;
  v = json_node_get_double (node);
  if (!isfinite (v) || v < min || v > max || (v == max && !max_included))
    return fail (r, _("%s.%s is %.10g, outside %g…%g"), where, key, v, min, max), 0;
  return v;
}

static const char *
get_string (Reader *r, JsonObject *o, const char *where, const char *key, gboolean allow_null)
{
  JsonNode *node = member (r, o, where, key);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_NULL (node) && allow_null)
    return NULL;
  if (value_type (node) != G_TYPE_STRING)
    return fail (r, _("%s%s%s is not text"), where, *where ? "." : "", key), NULL;
  return json_node_get_string (node);
}

static gboolean
get_bool (Reader *r, JsonObject *o, const char *where, const char *key)
{
  JsonNode *node = member (r, o, where, key);

  if (node == NULL)
    return FALSE;
  if (value_type (node) != G_TYPE_BOOLEAN)
    return fail (r, _("%s%s%s is not true or false"), where, *where ? "." : "", key), FALSE;
  return json_node_get_boolean (node);
}

static JsonObject *
get_object (Reader *r, JsonObject *o, const char *where, const char *key)
{
  JsonNode *node = member (r, o, where, key);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (r, _("%s%s%s is not an object"), where, *where ? "." : "", key), NULL;
  return json_node_get_object (node);
}

static JsonArray *
get_array (Reader *r, JsonObject *o, const char *where, const char *key)
{
  JsonNode *node = member (r, o, where, key);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (r, _("%s%s%s is not a list"), where, *where ? "." : "", key), NULL;
  return json_node_get_array (node);
}

/* parent's member key, "where" in messages ("points[3].settings"). */
static void
read_settings (Reader *r, JsonObject *parent, const char *key, const char *where,
               NrTrainConfig *c)
{
  JsonObject *o = get_object (r, parent, "", key);
  JsonArray *layers;
  JsonObject *opt;
  const char *name;
  NrOptimizerKind kind;
  JsonNode *seed;
  guint n;
  g_autoptr (GError) check_error = NULL;

  nr_train_config_init (c);
  if (o == NULL)
    return;
  c->normalize = get_bool (r, o, where, "normalize");
  c->model.input_size = (guint) get_int (r, o, where, "input_size", 1, 1 << 20);
  layers = get_array (r, o, where, "layers");
  if (layers == NULL)
    return;
  n = json_array_get_length (layers);
  if (n < 1 || n > NR_MAX_HIDDEN + 1)
    {
      fail (r, _("%s.layers lists %u dense layers, expected 1…%d (the output layer last)"), where,
            n, NR_MAX_HIDDEN + 1);
      return;
    }
  memset (c->model.hidden, 0, sizeof c->model.hidden);
  c->model.n_hidden = n - 1;
  for (guint l = 0; l < n && !r->failed; l++)
    {
      g_autofree char *at = g_strdup_printf ("%s.layers[%u]", where, l);
      JsonNode *node = json_array_get_element (layers, l);
      JsonObject *layer;
      const char *act;
      guint units;
      double dropout;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (r, _("%s is not an object"), at);
          return;
        }
      layer = json_node_get_object (node);
      units = (guint) get_int (r, layer, at, "units", 1, NR_MAX_UNITS);
      act = get_string (r, layer, at, "activation", FALSE);
      dropout = get_double (r, layer, at, "dropout", 0, 1, FALSE);
      if (r->failed)
        return;
      if (l + 1 == n)
        {
          if (strcmp (act, "linear") != 0 || dropout != 0)
            fail (r, _("the output layer (%s) must be linear without dropout"), at);
          c->model.outputs = units;
          break;
        }
      c->model.hidden[l].units = units;
      c->model.hidden[l].dropout = (float) dropout;
      if (!nr_activation_from_name (act, &c->model.hidden[l].activation))
        fail (r, _("%s has an unknown activation “%s”"), at, act);
    }

  opt = get_object (r, o, where, "optimizer");
  name = get_string (r, opt, "optimizer", "name", FALSE);
  if (r->failed)
    return;
  if (!nr_optimizer_from_name (name, &kind))
    {
      fail (r, _("%s.optimizer.name “%s” is not adam, sgd or rmsprop"), where, name);
      return;
    }
  nr_optimizer_spec_init (&c->optimizer, kind);
  c->optimizer.learning_rate = (float) get_double (r, opt, "optimizer", "learning_rate", 0, 1e6,
                                                   TRUE);
  switch (kind)
    {
    case NR_OPTIMIZER_ADAM:
      c->optimizer.beta1 = (float) get_double (r, opt, "optimizer", "beta_1", 0, 1, FALSE);
      c->optimizer.beta2 = (float) get_double (r, opt, "optimizer", "beta_2", 0, 1, FALSE);
      c->optimizer.epsilon = (float) get_double (r, opt, "optimizer", "epsilon", 0, 1, FALSE);
      break;
    case NR_OPTIMIZER_SGD:
      c->optimizer.momentum = (float) get_double (r, opt, "optimizer", "momentum", 0, 1, FALSE);
      break;
    case NR_OPTIMIZER_RMSPROP:
      c->optimizer.rho = (float) get_double (r, opt, "optimizer", "rho", 0, 1, FALSE);
      c->optimizer.epsilon = (float) get_double (r, opt, "optimizer", "epsilon", 0, 1, FALSE);
      break;
    case NR_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
  c->batch_size = (guint) get_int (r, o, where, "batch_size", 1, G_MAXUINT);
  c->epochs = (guint) get_int (r, o, where, "epochs", 1, 100000);
  seed = member (r, o, where, "seed");
  if (seed != NULL && value_type (seed) == G_TYPE_STRING)
    {
      if (!g_ascii_string_to_unsigned (json_node_get_string (seed), 10, 0, G_MAXUINT64, &c->seed,
                                       NULL))
        fail (r, _("%s.seed is not a whole number"), where);
    }
  else if (seed != NULL)
    c->seed = (guint64) get_int (r, o, where, "seed", 0, G_MAXINT64);
  c->n_threads = (guint) get_int (r, o, where, "threads", 1, 256);
  c->train_limit = (guint) get_int (r, o, where, "train_limit", 0, G_MAXUINT);
  c->test_limit = (guint) get_int (r, o, where, "test_limit", 0, G_MAXUINT);
  if (r->failed)
    return;
  if (!nr_train_config_check (c, 0, &check_error))
    fail (r, _("%s: impossible settings: %s"), where, check_error->message);
}

/* A value as add_value wrote it, checked as if typed. */
static gboolean
read_value (Reader *r, JsonNode *node, NrSweepSetting setting, const char *where,
            NrSweepValue *out)
{
  g_autoptr (GError) value_error = NULL;
  g_autofree char *text = NULL;
  GType t = value_type (node);

  if (t == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (node));
  else if (t == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (t == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      _nr_format_shortest (buf, json_node_get_double (node));
      text = g_strdup (buf);
    }
  else if (t == G_TYPE_BOOLEAN)
    text = g_strdup (json_node_get_boolean (node) ? "yes" : "no");
  else
    return fail (r, _("%s is not a value of %s"), where, settings[setting].name);
  if (!nr_sweep_parse_value (setting, text, out, &value_error))
    return fail (r, "%s: %s", where, value_error->message);
  return TRUE;
}

static void
read_axes (Reader *r, JsonObject *root, NrSweep *sweep)
{
  JsonArray *vary = get_array (r, root, "", "vary");
  guint n;

  if (vary == NULL)
    return;
  n = json_array_get_length (vary);
  for (guint a = 0; a < n && !r->failed; a++)
    {
      g_autofree char *where = g_strdup_printf ("vary[%u]", a);
      JsonNode *node = json_array_get_element (vary, a);
      g_autoptr (GArray) values = g_array_new (FALSE, TRUE, sizeof (NrSweepValue));
      g_autoptr (GError) axis_error = NULL;
      JsonObject *axis;
      JsonArray *list;
      const char *name;
      NrSweepSetting setting;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (r, _("%s is not an object"), where);
          return;
        }
      axis = json_node_get_object (node);
      name = get_string (r, axis, where, "setting", FALSE);
      list = get_array (r, axis, where, "values");
      if (r->failed)
        return;
      if (!nr_sweep_setting_from_name (name, &setting))
        {
          fail (r, _("%s.setting “%s” is not one Neurona varies"), where, name);
          return;
        }
      for (guint i = 0; i < json_array_get_length (list) && !r->failed; i++)
        {
          g_autofree char *at = g_strdup_printf ("%s.values[%u]", where, i);
          NrSweepValue value;

          if (!read_value (r, json_array_get_element (list, i), setting, at, &value))
            return;
          for (guint j = 0; j < values->len; j++)
            if (nr_sweep_value_equal (&value, &g_array_index (values, NrSweepValue, j)))
              {
                fail (r, _("%s is given twice"), at);
                return;
              }
          g_array_append_val (values, value);
        }
      if (!nr_sweep_add_axis (sweep, setting, values, &axis_error))
        {
          fail (r, "%s: %s", where, axis_error->message);
          return;
        }
    }
}

static gboolean
valid_run_id (const char *id)
{
  return id[0] != '\0' && id[0] != '.' && strchr (id, G_DIR_SEPARATOR) == NULL &&
         strchr (id, '/') == NULL && strlen (id) < 256;
}

static void
read_points (Reader *r, JsonObject *root, NrSweep *sweep)
{
  JsonArray *points = get_array (r, root, "", "points");
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_axes = sweep->axes->len;
  guint n;

  if (points == NULL)
    return;
  n = json_array_get_length (points);
  if (n < 1 || n > NR_SWEEP_MAX_RUNS)
    {
      fail (r, _("points lists %u runs, expected 1…%d"), n, NR_SWEEP_MAX_RUNS);
      return;
    }
  for (guint p = 0; p < n && !r->failed; p++)
    {
      g_autofree char *where = g_strdup_printf ("points[%u]", p);
      JsonNode *node = json_array_get_element (points, p);
      NrSweepPoint *point;
      JsonObject *o;
      JsonArray *values;
      const char *run_id;
      GString *key;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (r, _("%s is not an object"), where);
          return;
        }
      o = json_node_get_object (node);
      point = g_new0 (NrSweepPoint, 1);
      point->value_index = g_new0 (guint, MAX (n_axes, 1));
      g_ptr_array_add (sweep->points, point);
      get_string (r, o, where, "label", FALSE);
      values = get_array (r, o, where, "values");
      run_id = get_string (r, o, where, "run_id", TRUE);
      if (r->failed)
        return;
      if (json_array_get_length (values) != n_axes)
        {
          fail (r, _("%s.values has %u values for %u varied settings"), where,
                json_array_get_length (values), n_axes);
          return;
        }
      key = g_string_new (NULL);
      for (guint a = 0; a < n_axes && !r->failed; a++)
        {
          const NrSweepAxis *axis = sweep->axes->pdata[a];
          g_autofree char *at = g_strdup_printf ("%s.values[%u]", where, a);
          NrSweepValue value;
          guint i;

          if (!read_value (r, json_array_get_element (values, a), axis->setting, at, &value))
            break;
          for (i = 0; i < axis->values->len; i++)
            if (nr_sweep_value_equal (&value, &g_array_index (axis->values, NrSweepValue, i)))
              break;
          if (i == axis->values->len)
            {
              g_autofree char *text = nr_sweep_value_to_string (&value);

              fail (r, _("%s is %s, not one of the values of %s"), at, text,
                    settings[axis->setting].name);
              break;
            }
          point->value_index[a] = i;
          g_string_append_printf (key, "%u,", i);
        }
      if (!r->failed && !g_hash_table_add (seen, g_strdup (key->str)))
        fail (r, _("%s repeats the values of an earlier point"), where);
      g_string_free (key, TRUE);
      if (run_id != NULL && !r->failed)
        {
          if (!valid_run_id (run_id))
            fail (r, _("%s.run_id “%s” is not a run's id"), where, run_id);
          point->run_id = g_strdup (run_id);
        }
      {
        g_autofree char *settings_where = g_strdup_printf ("%s.settings", where);

        read_settings (r, o, "settings", settings_where, &point->config);
      }
    }
}

static void
read_sweep (Reader *r, JsonObject *root, NrSweep *sweep)
{
  g_autoptr (GDateTime) created = NULL;
  const char *format, *text, *dataset, *id, *name;
  gint64 version;

  format = get_string (r, root, "", "format", FALSE);
  if (format != NULL && strcmp (format, "neurona-sweep") != 0)
    fail (r, _("not a Neurona sweep (format “%s”)"), format);
  version = get_int (r, root, "", "format_version", 0, G_MAXINT32);
  if (!r->failed && version != NR_SWEEP_FORMAT_VERSION)
    {
      fail (r, _("format version %lld is not supported (this version of Neurona reads "
                 "version %d)"),
            (long long) version, NR_SWEEP_FORMAT_VERSION);
      return;
    }
  id = get_string (r, root, "", "id", TRUE);
  name = get_string (r, root, "", "name", FALSE);
  text = get_string (r, root, "", "created", FALSE);
  if (text != NULL)
    {
      created = g_date_time_new_from_iso8601 (text, NULL);
      if (created == NULL)
        fail (r, _("created “%s” is not an ISO 8601 date and time"), text);
      else
        sweep->created = g_date_time_to_unix (created);
    }
  dataset = get_string (r, root, "", "dataset", FALSE);
  if (dataset != NULL && !nr_dataset_id_from_name (dataset, &sweep->dataset))
    fail (r, _("unknown dataset “%s”"), dataset);
  sweep->learning_rate_set = get_bool (r, root, "", "learning_rate_set");
  read_settings (r, root, "base", "base", &sweep->base);
  read_axes (r, root, sweep);
  read_points (r, root, sweep);
  if (r->failed)
    return;
  g_free (sweep->id);
  sweep->id = g_strdup (id);
  label_points (sweep);
  if (name != NULL && name[0] != '\0')
    {
      g_free (sweep->name);
      sweep->name = g_strdup (name);
    }
}

NrSweep *
nr_sweep_from_json (const char *data, gsize length, const char *file_name, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (NrSweep) sweep = NULL;
  NrTrainConfig base;
  JsonNode *root;
  Reader r = { file_name, error, FALSE };

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (data, length, NULL))
    {
      fail (&r, _("not valid UTF-8 text"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      fail (&r, _("not valid JSON: %s"), parse_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (&r, _("not a Neurona sweep (no JSON object)"));
      return NULL;
    }
  nr_train_config_init (&base);
  sweep = nr_sweep_new (NR_DATASET_FASHION_MNIST, &base);
  read_sweep (&r, json_node_get_object (root), sweep);
  if (r.failed)
    return NULL;
  return g_steal_pointer (&sweep);
}

/* ---- the runs folder -------------------------------------------------------------- */

static gboolean
exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

static char *
sweep_path (const char *runs_dir, const char *id)
{
  g_autofree char *base = g_strconcat (NR_SWEEP_FILE_PREFIX, id, NR_SWEEP_FILE_SUFFIX, NULL);

  return g_build_filename (runs_dir, base, NULL);
}

/* "20261201-223544-5f3a", as a run's id: sortable by time, unique in the folder. */
static char *
new_id (const char *runs_dir, gint64 created)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (created);
  g_autofree char *stamp = t != NULL ? g_date_time_format (t, "%Y%m%d-%H%M%S")
                                     : g_strdup ("19700101-000000");

  for (;;)
    {
      g_autofree char *id = g_strdup_printf ("%s-%04x", stamp,
                                             (guint) g_random_int_range (0, 0x10000));
      g_autofree char *path = sweep_path (runs_dir, id);

      if (!exists (path))
        return g_steal_pointer (&id);
    }
}

gboolean
nr_sweep_save (NrSweep *sweep, const char *runs_dir, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  NrSweep saved;
  gsize len;

  g_return_val_if_fail (sweep != NULL, FALSE);
  g_return_val_if_fail (sweep->points->len > 0, FALSE);
  g_return_val_if_fail (runs_dir != NULL || sweep->path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sweep->path != NULL)
    {
      json = nr_sweep_to_json (sweep, &len);
      return _nr_write_file_durable (sweep->path, json, len, error);
    }
  if (g_mkdir_with_parents (runs_dir, 0755) != 0)
    {
      _nr_set_io_error (error, runs_dir, _("cannot create the folder"), errno);
      return FALSE;
    }
  id = new_id (runs_dir, sweep->created);
  path = sweep_path (runs_dir, id);
  /* The sweep as it will be once saved, without touching it before that succeeds. */
  saved = *sweep;
  saved.id = id;
  json = nr_sweep_to_json (&saved, &len);
  if (!_nr_write_file_durable (path, json, len, error))
    return FALSE;
  g_free (sweep->id);
  sweep->id = g_steal_pointer (&id);
  sweep->path = g_steal_pointer (&path);
  return TRUE;
}

/* The id in "sweep-<id>.json", or NULL. */
static char *
id_from_file_name (const char *base)
{
  gsize len = strlen (base);
  gsize prefix = strlen (NR_SWEEP_FILE_PREFIX), suffix = strlen (NR_SWEEP_FILE_SUFFIX);

  if (len <= prefix + suffix || !g_str_has_prefix (base, NR_SWEEP_FILE_PREFIX) ||
      !g_str_has_suffix (base, NR_SWEEP_FILE_SUFFIX))
    return NULL;
  return g_strndup (base + prefix, len - prefix - suffix);
}

NrSweep *
nr_sweep_load (const char *path, GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *base = NULL;
  g_autoptr (GBytes) bytes = NULL;
  NrSweep *sweep;
  const char *data;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  bytes = _nr_read_regular_file (path, MAX_SWEEP_JSON_BYTES, _("a sweep"), error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  sweep = nr_sweep_from_json (data, len, name, error);
  if (sweep == NULL)
    return NULL;
  /* The file's name is what the sweep is found by, whatever the file says. */
  base = g_path_get_basename (path);
  {
    char *id = id_from_file_name (base);

    if (id != NULL)
      {
        g_free (sweep->id);
        sweep->id = id;
      }
  }
  sweep->path = g_strdup (path);
  return sweep;
}

static int
compare_newest_first (gconstpointer a, gconstpointer b)
{
  const NrSweep *sa = *(const NrSweep *const *) a;
  const NrSweep *sb = *(const NrSweep *const *) b;

  if (sa->created != sb->created)
    return sa->created > sb->created ? -1 : 1;
  return -g_strcmp0 (sa->id, sb->id);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
nr_sweep_load_all (const char *runs_dir, GPtrArray **file_errors, GError **error)
{
  g_autoptr (GPtrArray) sweeps = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GDir) d = NULL;
  g_autoptr (GError) dir_error = NULL;
  const char *entry;

  g_return_val_if_fail (runs_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sweeps = g_ptr_array_new_with_free_func ((GDestroyNotify) nr_sweep_free);
  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  d = g_dir_open (runs_dir, 0, &dir_error);
  if (d == NULL)
    {
      if (exists (runs_dir))
        {
          g_autofree char *dir_name = g_filename_display_name (runs_dir);

          g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot list the sweeps: %s"), dir_name,
                       dir_error->message);
          return NULL;
        }
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *id = id_from_file_name (entry);

      if (id != NULL)
        g_ptr_array_add (names, g_strdup (entry));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (runs_dir, names->pdata[i], NULL);
      GError *load_error = NULL;
      NrSweep *sweep = nr_sweep_load (path, &load_error);

      if (sweep != NULL)
        g_ptr_array_add (sweeps, sweep);
      else
        g_ptr_array_add (errors, load_error);
    }
  g_ptr_array_sort (sweeps, compare_newest_first);
  if (file_errors != NULL)
    *file_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&sweeps);
}

NrSweep *
nr_sweep_find (const char *runs_dir, const char *what, GError **error)
{
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) matches = g_ptr_array_new ();

  g_return_val_if_fail (runs_dir != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A path first: a file the user points at. */
  if (strchr (what, G_DIR_SEPARATOR) != NULL || g_str_has_suffix (what, NR_SWEEP_FILE_SUFFIX))
    return nr_sweep_load (what, error);
  all = nr_sweep_load_all (runs_dir, NULL, error);
  if (all == NULL)
    return NULL;
  /* The exact id, then a unique start of one. */
  for (int kind = 0; kind < 2 && matches->len == 0; kind++)
    for (guint i = 0; i < all->len; i++)
      {
        NrSweep *sweep = all->pdata[i];

        if (sweep->id != NULL &&
            (kind == 0 ? strcmp (sweep->id, what) == 0 : g_str_has_prefix (sweep->id, what)))
          g_ptr_array_add (matches, sweep);
      }
  if (matches->len == 1)
    {
      NrSweep *found = matches->pdata[0];

      guint index;

      g_assert_true (g_ptr_array_find (all, found, &index));
      return g_ptr_array_steal_index_fast (all, index); /* freed with all otherwise */
    }
  if (matches->len > 1)
    {
      g_autoptr (GString) ids = g_string_new (NULL);

      for (guint i = 0; i < matches->len; i++)
        g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "",
                                ((NrSweep *) matches->pdata[i])->id);
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("“%s” names %u sweeps (%s): give the id of one"), what, matches->len,
                   ids->str);
      return NULL;
    }
  {
    g_autofree char *dir_name = g_filename_display_name (runs_dir);

    g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND, _("no sweep “%s” in %s"), what, dir_name);
  }
  return NULL;
}
