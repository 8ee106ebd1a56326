/* cli-common.c — what neurona-cli's commands share: messages, option parsing, the kernel
 * paths, finding a saved run, numbers for people and JSON (cli.h). */
#include "cli.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "neurona/neurona.h"

/* The core's JSON number formatting (shortest round-trip decimals). json-util.h is
 * internal to the core, but the CLI links the core's static library with src/core on its
 * include path (core_dep in src/core/meson.build), and its JSON should read as run.json
 * does: 0.001, not json-glib's 0.0010000000474974513. */
#include "json-util.h"
#include "kernels.h"

/* ---- messages ----------------------------------------------------------------------- */

static void print_line (const char *prefix, const char *format, va_list args)
  G_GNUC_PRINTF (2, 0);

static void
print_line (const char *prefix, const char *format, va_list args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  /* After what was printed before it, and one line whatever the message holds. */
  nr_cli_flush_stdout ();
  g_strdelimit (message, "\n", ' ');
  fprintf (stderr, "neurona-cli: %s%s\n", prefix, message);
}

int
nr_cli_error (int status, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_line ("", format, args);
  va_end (args);
  return status;
}

int
nr_cli_usage_error (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_line ("", format, args);
  va_end (args);
  return NR_CLI_EXIT_USAGE;
}

void
nr_cli_warning (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_line (_("warning: "), format, args);
  va_end (args);
}

/* ---- options ------------------------------------------------------------------------ */

gboolean
nr_cli_parse_options (const char *command, const char *parameter, const char *description,
                      const GOptionEntry *entries, int argc, char **argv, char ***out_args,
                      int *status)
{
  gboolean help = FALSE;
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autofree char *program = g_strconcat ("neurona-cli ", command, NULL);
  /* The entries' descriptions (marked N_()) are translated by GOptionContext, through the
   * default domain that main binds; the caller translates the rest. */
  g_autoptr (GOptionContext) context = g_option_context_new (parameter);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = g_new0 (char *, MAX (argc, 1) + 1);

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, help_entries, NULL);
  g_option_context_set_description (context, description);
  /* Printed here rather than by GOptionContext, which prints and exits on its own: through
   * our stdout, so a failed write is reported with its reason. */
  g_option_context_set_help_enabled (context, FALSE);

  /* GOptionContext wants argv[0]; ours is the command's last word. */
  args[0] = g_strdup (program);
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      *status = nr_cli_usage_error (_("%s (see %s --help)"), error->message, program);
      return FALSE;
    }
  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);

      fputs (text, stdout);
      *status = NR_CLI_EXIT_OK;
      return FALSE;
    }
  *out_args = g_strdupv (args + 1);
  return TRUE;
}

/* ---- kernel paths ------------------------------------------------------------------- */

static const NrKernelPath kernel_paths[] = {
  NR_KERNELS_LOOPS,
  NR_KERNELS_OPENBLAS,
  NR_KERNELS_AVX2,
  NR_KERNELS_AVX512,
};

/* "loops, openblas, avx2, avx512": the paths this build and CPU run. */
static char *
supported_paths (void)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kernel_paths); i++)
    if (nr_kernels_supported (kernel_paths[i]))
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "",
                              nr_kernels_path_name (kernel_paths[i]));
  return g_string_free (names, FALSE);
}

char *
nr_cli_kernels_note (void)
{
  g_autofree char *supported = supported_paths ();
  /* Nothing is forced before the options are read (and the commands return to AUTO when
   * they end), so this is the default. */
  NrKernelPath best = nr_kernels_current ();

  return g_strdup_printf (
    _("--kernels PATH chooses how the hot loops run:\n"
      "  loops     plain C loops (the compiler vectorises them)\n"
      "  openblas  the matrix products through OpenBLAS, the rest plain C loops\n"
      "  avx2      hand-written AVX2 + FMA\n"
      "  avx512    hand-written AVX-512\n"
      "All give the same results to within float rounding.\n"
      "This machine runs %s; the default is %s."),
    supported, nr_kernels_path_name (best));
}

gboolean
nr_cli_use_kernels (const char *name, int *status)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  g_autofree char *supported = NULL;
  NrKernelPath path;
  const char *why;

  if (!nr_kernels_path_from_name (stripped, &path))
    {
      *status = nr_cli_usage_error (_("--kernels: unknown path “%s” (choose loops, openblas, "
                                      "avx2 or avx512)"),
                                    name);
      return FALSE;
    }
  if (nr_kernels_force (path))
    return TRUE;

  switch (path)
    {
    case NR_KERNELS_OPENBLAS:
      why = _("this build of Neurona has no OpenBLAS");
      break;
#if defined(__x86_64__) || defined(_M_X64)
    case NR_KERNELS_AVX2:
      why = _("this CPU lacks AVX2, FMA or BMI2");
      break;
    case NR_KERNELS_AVX512:
      why = _("this CPU lacks AVX-512 (F, VL, BW and DQ), FMA or BMI2");
      break;
#endif
    case NR_KERNELS_AUTO:
    case NR_KERNELS_LOOPS:
    default:
      why = _("this build has no x86-64 kernels");
      break;
    }
  supported = supported_paths ();
  *status = nr_cli_usage_error (_("--kernels %s cannot run here: %s (this machine runs %s)"),
                                nr_kernels_path_name (path), why, supported);
  return FALSE;
}

/* ---- runs --------------------------------------------------------------------------- */

char *
nr_cli_runs_dir (const char *dir, int *status)
{
  if (dir == NULL)
    return nr_runs_dir_default ();
  if (dir[0] == '\0')
    {
      *status = nr_cli_usage_error (_("--runs-dir needs a folder name"));
      return NULL;
    }
  return g_strdup (dir);
}

static gboolean
exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

NrRunRecord *
nr_cli_find_run (const char *runs_dir, const char *what, int *status)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  NrRunRecord *record;

  if (what[0] == '\0')
    {
      *status = nr_cli_usage_error (_("RUN is empty: give a run's id, its name or its folder"));
      return NULL;
    }
  name = g_filename_display_name (what);
  /* A path that leads nowhere is a mistyped RUN, not an unreadable file. */
  if ((strchr (what, G_DIR_SEPARATOR) != NULL || g_str_has_suffix (what, NR_RUN_LEGACY_SUFFIX))
      && !exists (what))
    {
      *status = nr_cli_usage_error (_("no run at %s: no such file or folder"), name);
      return NULL;
    }

  record = nr_run_find (runs_dir, what, &error);
  if (record != NULL)
    return record;

  if (g_error_matches (error, NR_ERROR, NR_ERROR_NOT_FOUND)
      || g_error_matches (error, NR_ERROR, NR_ERROR_INVALID))
    *status = NR_CLI_EXIT_USAGE; /* nothing, or several */
  else if (g_file_test (what, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *json = g_build_filename (what, NR_RUN_FILE, NULL);

      /* A folder that is no run is the wrong folder; a run.json that cannot be read or
       * is not valid is a damaged run. */
      *status = exists (json) ? NR_CLI_EXIT_DATA : NR_CLI_EXIT_USAGE;
    }
  else
    *status = NR_CLI_EXIT_DATA;
  nr_cli_error (*status, "%s", error->message);
  return NULL;
}

char *
nr_cli_run_display_name (const NrRunRecord *record)
{
  if (nr_run_record_name_is_default (record))
    return nr_run_record_default_name (&record->config);
  return g_strdup (record->name);
}

/* ---- numbers ------------------------------------------------------------------------ */

const char *
nr_cli_format_loss (char *buf, double loss)
{
  if (isfinite (loss) && fabs (loss) >= 1e6)
    g_snprintf (buf, NR_CLI_LOSS_BUF, "%.4e", loss);
  else
    g_snprintf (buf, NR_CLI_LOSS_BUF, "%.4f", loss);
  return buf;
}

const char *
nr_cli_format_option_value (char *buf, double value)
{
  char format[16];
  int precision;
  int exponent;

  if (!isfinite (value) || value == 0.0)
    return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%g", value);
  /* The fewest significant digits that read back as the value… */
  for (precision = 1; precision < 17; precision++)
    {
      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_snprintf (format, sizeof format, "%%.%de", precision - 1);
  g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
  exponent = atoi (strchr (buf, 'e') + 1);
  /* …written as one types them: 0.0001, 1000000; 1e-5 and 1e20 beyond. */
  if (exponent >= -4 && exponent < 16)
    {
      g_snprintf (format, sizeof format, "%%.%df", MAX (precision - 1 - exponent, 0));
      return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
    }
  g_snprintf (strchr (buf, 'e'), G_ASCII_DTOSTR_BUF_SIZE - (strchr (buf, 'e') - buf), "e%d",
              exponent);
  return buf;
}

/* The factors NrDivergence documents (trainer.h): a batch's loss past 10,000 × the
 * reference, or the epoch's running loss past 10 ×. */
char *
nr_cli_divergence_reason (const NrRunRecord *record)
{
  switch (record->divergence)
    {
    case NR_DIVERGENCE_NOT_FINITE:
      return g_strdup (isnan (record->diverged_loss) ? _("the loss became NaN (not a number)")
                                                     : _("the loss became infinite"));
    case NR_DIVERGENCE_EXPLODED:
      return g_strdup_printf (_("one batch's loss jumped to %.4g, more than 10,000 × the "
                                "untrained model's %.4g"),
                              record->diverged_loss, record->reference_loss);
    case NR_DIVERGENCE_EXPLODED_RUNNING:
      return g_strdup_printf (_("the loss grew to %.4g, more than 10 × the untrained model's "
                                "%.4g"),
                              record->diverged_loss, record->reference_loss);
    case NR_DIVERGENCE_NONE:
    default:
      return g_strdup (_("the loss ran away"));
    }
}

double
nr_cli_suggested_learning_rate (const NrTrainConfig *config)
{
  double lr = _nr_json_float (config->optimizer.learning_rate);

  return _nr_json_float ((float) nr_train_suggest_learning_rate (lr));
}

char *
nr_cli_learning_rate_advice (const NrTrainConfig *config)
{
  char rate[G_ASCII_DTOSTR_BUF_SIZE];
  char suggested[G_ASCII_DTOSTR_BUF_SIZE];
  double lr = _nr_json_float (config->optimizer.learning_rate);
  double next = nr_cli_suggested_learning_rate (config);

  return g_strdup_printf (_("the learning rate %s is too large for %s — try --learning-rate %s"),
                          nr_cli_format_option_value (rate, lr),
                          nr_optimizer_name (config->optimizer.kind),
                          nr_cli_format_option_value (suggested, next));
}

/* ---- JSON --------------------------------------------------------------------------- */

void
nr_cli_json_string (JsonBuilder *b, const char *member, const char *value)
{
  if (member != NULL) /* NULL: an array element */
    json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
nr_cli_json_path (JsonBuilder *b, const char *member, const char *path)
{
  g_autofree char *name = path != NULL ? g_filename_display_name (path) : NULL;

  nr_cli_json_string (b, member, name);
}

void
nr_cli_json_int (JsonBuilder *b, const char *member, gint64 value)
{
  if (member != NULL) /* NULL: an array element */
    json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

void
nr_cli_json_bool (JsonBuilder *b, const char *member, gboolean value)
{
  if (member != NULL) /* NULL: an array element */
    json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}

void
nr_cli_json_double (JsonBuilder *b, const char *member, double value)
{
  _nr_json_add_double (b, member, value);
}

void
nr_cli_json_float (JsonBuilder *b, const char *member, float value)
{
  _nr_json_add_double (b, member, _nr_json_float (value));
}

void
nr_cli_json_seed (JsonBuilder *b, const char *member, guint64 seed)
{
  if (seed <= (G_GUINT64_CONSTANT (1) << 53))
    nr_cli_json_int (b, member, (gint64) seed);
  else
    {
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);

      nr_cli_json_string (b, member, text);
    }
}

void
nr_cli_print_json_node (JsonNode *root, gboolean pretty)
{
  g_autofree char *text = _nr_json_to_data (root, pretty, NULL);

  fputs (text, stdout);
  fputc ('\n', stdout);
}

void
nr_cli_print_json (JsonBuilder *b, gboolean pretty)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);

  nr_cli_print_json_node (root, pretty);
}
