/* cli-fit.c — `neurona-cli fit`: the tutorial's sin(x) cubic by gradient descent, printed
 * the way the tutorial's Python prints it (`print(t, loss)` every 100 iterations, then
 * the formula). */
#include "cli.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "neurona/error.h"
#include "neurona/format.h"
#include "neurona/polyfit.h"

#define EXIT_USAGE NR_CLI_EXIT_USAGE
#define EXIT_DIVERGED NR_CLI_EXIT_DIVERGED

/* A whole number in [min, max]: "99999999999" is a whole number that is too large, not
 * something else. */
static gboolean
parse_uint (const char *option, const char *text, guint64 min, guint64 max, guint64 *out,
            GError **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text)); /* " 3" is 3, as in train */
  g_autoptr (GError) parse_error = NULL;

  if (!g_ascii_string_to_unsigned (stripped, 10, min, max, out, &parse_error))
    {
      if (g_error_matches (parse_error, G_NUMBER_PARSER_ERROR,
                           G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                     _("%s must be a whole number from %llu to %llu (got “%s”)"), option,
                     (unsigned long long) min, (unsigned long long) max, text);
      else
        g_set_error (error, NR_ERROR, NR_ERROR_INVALID, _("%s expects a whole number, not “%s”"),
                     option, text);
      return FALSE;
    }
  return TRUE;
}

/* A finite double. What strtod cannot hold gets its own reason: beyond ±1.8e308, or so close
 * to 0 that it would be read as 0 or as a subnormal with few digits left ("1e-320"). With
 * `positive`, a negative value that underflows is kept negative (-DBL_MIN) for the core's
 * "must be positive" instead. */
static gboolean
parse_double (const char *option, const char *text, gboolean positive, double *out,
              GError **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  char *end = NULL;
  double v;
  int saved_errno;

  errno = 0;
  v = g_ascii_strtod (stripped, &end);
  saved_errno = errno;
  if (end == stripped || *end != '\0' || isnan (v))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID, _("%s expects a number, not “%s”"), option,
                   text);
      return FALSE;
    }
  if (isinf (v) && saved_errno != ERANGE)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID, _("%s must be a finite number, not “%s”"),
                   option, text);
      return FALSE;
    }
  if (isinf (v))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("%s %s is beyond the largest double (about 1.8e308)"), option, stripped);
      return FALSE;
    }
  if (saved_errno == ERANGE && positive && signbit (v))
    v = -DBL_MIN;
  else if (saved_errno == ERANGE || (v != 0.0 && fabs (v) < DBL_MIN))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("%s %s is too close to 0 for a double (the smallest with full precision is "
                     "about 2.2e-308)%s"),
                   option, stripped,
                   positive ? _("; the tutorial's rate is 1e-6") : _("; use 0"));
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static void
print_result (const NrPolyFit *fit)
{
  const double *c = nr_polyfit_get_coefficients (fit);
  guint degree = nr_polyfit_get_config (fit)->degree;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr (GString) line = g_string_new ("Result: y = ");

  /* As the tutorial's f-string: "a + b x + c x^2 + d x^3", negative terms as "+ -0.09". */
  for (guint k = 0; k <= degree; k++)
    {
      if (k > 0)
        g_string_append (line, " + ");
      g_string_append (line, nr_format_repr (buf, sizeof buf, c[k]));
      if (k == 1)
        g_string_append (line, " x");
      else if (k > 1)
        g_string_append_printf (line, " x^%u", k);
    }
  puts (line->str);
}

static void
add_coefficients (JsonBuilder *b, const char *member, const double *v, guint n)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint k = 0; k < n; k++)
    nr_cli_json_double (b, NULL, v[k]);
  json_builder_end_array (b);
}

static void
print_json (const NrPolyFit *fit)
{
  const NrPolyFitConfig *config = nr_polyfit_get_config (fit);
  guint n_coef = config->degree + 1;
  double taylor[NR_POLYFIT_MAX_DEGREE + 1];
  double lsq_loss;
  const double *lsq = nr_polyfit_get_least_squares (fit, &lsq_loss);
  guint diverged_at;
  gboolean diverged = nr_polyfit_get_diverged (fit, &diverged_at);
  g_autofree char *note = nr_polyfit_degree_note (fit);
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  nr_cli_json_string (b, "target", nr_polyfit_target_name (config->target));
  nr_cli_json_int (b, "degree", config->degree);
  nr_cli_json_double (b, "lo", config->lo);
  nr_cli_json_double (b, "hi", config->hi);
  nr_cli_json_int (b, "points", config->n_points);
  nr_cli_json_double (b, "learning_rate", config->learning_rate);
  nr_cli_json_seed (b, "seed", config->seed);
  nr_cli_json_int (b, "iterations", nr_polyfit_get_iteration (fit));
  nr_cli_json_double (b, "final_loss", nr_polyfit_get_loss (fit));
  add_coefficients (b, "coefficients", nr_polyfit_get_coefficients (fit), n_coef);
  add_coefficients (b, "least_squares_coefficients", lsq, n_coef);
  nr_cli_json_double (b, "least_squares_loss", lsq_loss);
  if (nr_polyfit_taylor (config->target, config->degree, taylor))
    add_coefficients (b, "taylor_coefficients", taylor, n_coef);
  else
    nr_cli_json_string (b, "taylor_coefficients", NULL);
  nr_cli_json_bool (b, "diverged", diverged);
  json_builder_set_member_name (b, "diverged_iteration");
  if (diverged)
    json_builder_add_int_value (b, diverged_at);
  else
    json_builder_add_null_value (b);
  nr_cli_json_string (b, "degree_note", note);
  json_builder_end_object (b);
  nr_cli_print_json (b, FALSE);
}

int
nr_cli_fit (int argc, char **argv)
{
  g_autofree char *degree_text = NULL;
  g_autofree char *target_text = NULL;
  g_autofree char *lr_text = NULL;
  g_autofree char *iterations_text = NULL;
  g_autofree char *points_text = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *lo_text = NULL;
  g_autofree char *hi_text = NULL;
  gboolean json = FALSE;
  gboolean help = FALSE;
  GOptionEntry entries[] = {
    { "degree", 0, 0, G_OPTION_ARG_STRING, &degree_text,
      N_("Degree of the polynomial, 1 to 9 (default 3)"), "N" },
    { "target", 0, 0, G_OPTION_ARG_STRING, &target_text,
      N_("Curve to fit: sin, cos, exp, abs or step (default sin)"), "NAME" },
    { "learning-rate", 0, 0, G_OPTION_ARG_STRING, &lr_text,
      N_("Gradient-descent step size (default 1e-6)"), "RATE" },
    { "iterations", 0, 0, G_OPTION_ARG_STRING, &iterations_text,
      N_("Gradient-descent iterations (default 2000)"), "N" },
    { "points", 0, 0, G_OPTION_ARG_STRING, &points_text,
      N_("Evenly spaced sample points, at least degree + 1 (default 2000)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Seed of the random initial coefficients"), "N" },
    { "lo", 0, 0, G_OPTION_ARG_STRING, &lo_text, N_("Start of the interval (default -pi)"), "X" },
    { "hi", 0, 0, G_OPTION_ARG_STRING, &hi_text, N_("End of the interval (default pi)"), "X" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("End with one JSON line: coefficients, least squares, Taylor, loss, divergence"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NrPolyFit) fit = NULL;
  g_autofree char *description = NULL;
  g_auto (GStrv) args = NULL;
  NrPolyFitConfig config;
  guint64 value;
  guint printed_through = 0;

  nr_polyfit_config_init (&config);

  description = g_strdup_printf (
    _("Fits y = a + b x + c x^2 + … to the target on [lo, hi] by plain gradient descent on the\n"
      "summed squared error, as the tutorial does, printing “t loss” every 100 iterations\n"
      "(t counts from 0: 99, 199, …) and then “Result: y = …”.\n"
      "The default seed (%llu) gives a run close to the tutorial's numbers.\n"
      "\n"
      "Exit status:\n"
      "  0  the fit ran all its iterations\n"
      "  1  standard output could not be written (a full disk, a closed descriptor)\n"
      "  2  bad options or an impossible interval (one line on stderr)\n"
      "  3  gradient descent diverged: the learning rate is too large for this degree;\n"
      "     stderr says at which iteration and below which rate it converges; no Result\n"
      "     line is printed (with --json the JSON line still is, with \"diverged\": true)\n"),
    (unsigned long long) config.seed);
  context = g_option_context_new (_("— fit a polynomial to a curve by gradient descent"));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  /* --help is printed below, through our stdout, so a failed write is reported with its
   * reason; GOptionContext would print it and exit on its own. */
  g_option_context_set_help_enabled (context, FALSE);

  /* GOptionContext names the program after argv[0]; ours is "fit". */
  args = g_new0 (char *, argc + 1);
  args[0] = g_strdup ("neurona-cli fit");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      fprintf (stderr, "neurona-cli fit: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (g_strv_length (args) > 1)
    {
      fprintf (stderr, _("neurona-cli fit: unexpected argument “%s”\n"), args[1]);
      return EXIT_USAGE;
    }
  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);

      fputs (text, stdout);
      return 0;
    }

  if (degree_text != NULL)
    {
      if (!parse_uint ("--degree", degree_text, NR_POLYFIT_MIN_DEGREE, NR_POLYFIT_MAX_DEGREE,
                       &value, &error))
        goto bad_option;
      config.degree = (guint) value;
    }
  if (target_text != NULL && !nr_polyfit_target_from_name (target_text, &config.target))
    {
      fprintf (stderr, _("neurona-cli fit: unknown target “%s”: use sin, cos, exp, abs or step\n"),
               target_text);
      return EXIT_USAGE;
    }
  if (lr_text != NULL && !parse_double ("--learning-rate", lr_text, TRUE, &config.learning_rate,
                                        &error))
    goto bad_option;
  if (iterations_text != NULL)
    {
      if (!parse_uint ("--iterations", iterations_text, 1, NR_POLYFIT_MAX_ITERATIONS, &value,
                       &error))
        goto bad_option;
      config.n_iterations = (guint) value;
    }
  if (points_text != NULL)
    {
      guint fewest = config.degree + 1; /* the degree is read first */

      if (!parse_uint ("--points", points_text, 0, G_MAXUINT64, &value, &error))
        goto bad_option;
      if (value < fewest || value > NR_POLYFIT_MAX_POINTS)
        {
          g_autofree char *stripped = g_strstrip (g_strdup (points_text));

          if (value < fewest)
            fprintf (stderr, _("neurona-cli fit: --points %s is too few for degree %u: use from "
                               "%u to %d points\n"),
                     stripped, config.degree, fewest, NR_POLYFIT_MAX_POINTS);
          else
            fprintf (stderr, _("neurona-cli fit: --points %s is too many: use from %u to %d "
                               "points\n"),
                     stripped, fewest, NR_POLYFIT_MAX_POINTS);
          return EXIT_USAGE;
        }
      config.n_points = (guint) value;
    }
  if (seed_text != NULL
      && !parse_uint ("--seed", seed_text, 0, G_MAXUINT64, &config.seed, &error))
    goto bad_option;
  if (lo_text != NULL && !parse_double ("--lo", lo_text, FALSE, &config.lo, &error))
    goto bad_option;
  if (hi_text != NULL && !parse_double ("--hi", hi_text, FALSE, &config.hi, &error))
    goto bad_option;

  fit = nr_polyfit_new (&config, &error);
  if (fit == NULL)
    goto bad_option;

  while (!nr_polyfit_is_finished (fit))
    {
      guint n;

      nr_polyfit_step (fit, NR_POLYFIT_PRINT_EVERY);
      nr_polyfit_get_loss_history (fit, &n);
      /* The tutorial's `if t % 100 == 99: print(t, loss)`. */
      for (; printed_through < n; printed_through++)
        if (nr_polyfit_is_printed_iteration (printed_through))
          {
            g_autofree char *text = nr_polyfit_format_loss_line (fit, printed_through);

            puts (text);
          }
    }

  if (nr_polyfit_get_diverged (fit, NULL))
    {
      g_autofree char *note = nr_polyfit_divergence_note (fit);

      if (json)
        print_json (fit);
      /* stdout first, so the note follows the lines it explains. */
      nr_cli_flush_stdout ();
      fprintf (stderr, "neurona-cli fit: %s\n", note);
      return EXIT_DIVERGED;
    }

  print_result (fit);
  {
    /* On stderr so stdout stays exactly the tutorial's lines. */
    g_autofree char *note = nr_polyfit_degree_note (fit);
    if (note != NULL)
      fprintf (stderr, _("neurona-cli fit: note: %s\n"), note);
  }
  if (json)
    print_json (fit);
  return 0;

bad_option:
  fprintf (stderr, "neurona-cli fit: %s\n", error->message);
  return EXIT_USAGE;
}
