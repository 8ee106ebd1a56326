/* polyfit.c — the tutorial's polynomial fitted by hand-written gradient descent, plus the
 * closed-form least-squares answer it is heading for and the Taylor polynomial. */
#include "neurona/polyfit.h"
#include "neurona/format.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "neurona/error.h"
#include "i18n.h"
#include "rng.h"

#define N_COEF_MAX (NR_POLYFIT_MAX_DEGREE + 1)
#define MAX_COEF_SAMPLES 2000
/* A loss this many times the smallest one seen means the iteration is running away. */
#define DIVERGENCE_FACTOR 1e3
/* …but not for rounding noise once a fit is exact (a cubic target reaches ~1e-25). */
#define DIVERGENCE_FLOOR 1e-9
/* "Degree too low" when the best fit's RMS error exceeds this share of the target's
 * standard deviation. On [−π, π] with 2,000 points the tutorial's cubic through sin(x) is
 * at 0.094 (it looks right), |x| at degree 4 at 0.125 (the corner is visibly rounded),
 * cos(x) at degree 3 at 0.28 and a line through sin(x) at 0.63. */
#define DEGREE_NOTE_THRESHOLD 0.12
/* Room left below DBL_MAX by the interval limits: the loss and its gradient are sums of
 * terms up to (Σ_k c_k x^k)² and 2 (p(x) − y) x^k, with starting coefficients of a few units
 * over up to ten terms. */
#define OVERFLOW_HEADROOM 1e4

struct _NrPolyFit
{
  NrPolyFitConfig config;
  guint n_coef;

  double *x; /* (n_points) */
  double *y; /* (n_points) */

  double coef[N_COEF_MAX];
  double loss; /* of coef */
  guint iteration;
  GArray *loss_history;  /* double, one per iteration run */
  GArray *coef_history;  /* double, n_coef per sample */
  guint coef_stride;
  double min_loss;
  gboolean diverged;
  guint diverged_iteration;

  double lsq[N_COEF_MAX];
  double lsq_loss;
  double relative_residual;
};

static const struct {
  const char *name;
  const char *formula;
} targets[NR_POLYFIT_N_TARGETS] = {
  [NR_POLYFIT_TARGET_SIN] = { "sin", "sin(x)" },
  [NR_POLYFIT_TARGET_COS] = { "cos", "cos(x)" },
  [NR_POLYFIT_TARGET_EXP] = { "exp", "exp(x)" },
  [NR_POLYFIT_TARGET_ABS] = { "abs", "|x|" },
  [NR_POLYFIT_TARGET_STEP] = { "step", "step(x)" },
};

const char *
nr_polyfit_target_name (NrPolyFitTarget target)
{
  g_return_val_if_fail (target < NR_POLYFIT_N_TARGETS, NULL);
  return targets[target].name;
}

const char *
nr_polyfit_target_formula (NrPolyFitTarget target)
{
  g_return_val_if_fail (target < NR_POLYFIT_N_TARGETS, NULL);
  return targets[target].formula;
}

gboolean
nr_polyfit_target_from_name (const char *name, NrPolyFitTarget *target)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  for (guint i = 0; i < NR_POLYFIT_N_TARGETS; i++)
    if (g_ascii_strcasecmp (name, targets[i].name) == 0)
      {
        *target = (NrPolyFitTarget) i;
        return TRUE;
      }
  return FALSE;
}

double
nr_polyfit_target_eval (NrPolyFitTarget target, double x)
{
  switch (target)
    {
    case NR_POLYFIT_TARGET_SIN:
      return sin (x);
    case NR_POLYFIT_TARGET_COS:
      return cos (x);
    case NR_POLYFIT_TARGET_EXP:
      return exp (x);
    case NR_POLYFIT_TARGET_ABS:
      return fabs (x);
    case NR_POLYFIT_TARGET_STEP:
      return x < 0.0 ? 0.0 : 1.0;
    case NR_POLYFIT_N_TARGETS:
    default:
      g_return_val_if_reached (NAN);
    }
}

void
nr_polyfit_config_init (NrPolyFitConfig *config)
{
  g_return_if_fail (config != NULL);

  config->degree = 3;
  config->target = NR_POLYFIT_TARGET_SIN;
  config->lo = -G_PI;
  config->hi = G_PI;
  config->n_points = 2000;
  config->learning_rate = 1e-6;
  config->n_iterations = 2000;
  /* Any seed gives the tutorial's behaviour (loss ~1e3 at 99 falling to ~9 at 1999); this
   * one, found by scanning seeds 0 … 14,999, reads closest to its printout: 99 1276.7,
   * 999 40.84, 1999 9.376, y = -0.0103 + 0.8358 x + 0.00178 x^2 + -0.09035 x^3
   * (tutorial: 1273.5, 41.20, 9.396, -0.0118 + 0.8360 x + 0.00204 x^2 + -0.09038 x^3). */
  config->seed = NR_POLYFIT_DEFAULT_SEED;
}

/* The shortest "%g" that reads back as v. buf: G_ASCII_DTOSTR_BUF_SIZE bytes. */
static const char *
format_shortest (char *buf, double v)
{
  for (int precision = 1; precision <= 17; precision++)
    {
      g_snprintf (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.*g", precision, v);
      if (!isfinite (v) || strtod (buf, NULL) == v)
        break;
    }
  return buf;
}

double
nr_polyfit_max_abs_x (guint degree, guint n_points)
{
  g_return_val_if_fail (degree >= NR_POLYFIT_MIN_DEGREE && degree <= NR_POLYFIT_MAX_DEGREE, 0.0);
  g_return_val_if_fail (n_points > 0, 0.0);

  /* n · x^(2·degree) · headroom ≤ DBL_MAX, in logarithms so nothing overflows on the way. */
  return exp ((log (DBL_MAX) - log (OVERFLOW_HEADROOM * n_points)) / (2.0 * degree));
}

double
nr_polyfit_min_width (guint degree)
{
  g_return_val_if_fail (degree >= NR_POLYFIT_MIN_DEGREE && degree <= NR_POLYFIT_MAX_DEGREE, 0.0);

  /* (width / 2)^degree ≥ headroom / DBL_MAX, so c / (width / 2)^k stays finite. */
  return 2.0 * exp ((log (OVERFLOW_HEADROOM) - log (DBL_MAX)) / degree);
}

/* What a double can hold on a finite, non-empty interval: the powers of x, the target and
 * the rescaling of the least-squares solver. Each limit says why, and the bound to keep. */
static gboolean
check_interval_magnitude (const NrPolyFitConfig *config, GError **error)
{
  double reach = MAX (fabs (config->lo), fabs (config->hi));
  double max_x = nr_polyfit_max_abs_x (config->degree, config->n_points);
  double min_width = nr_polyfit_min_width (config->degree);
  /* The largest hi at which n · exp(hi)² · headroom still fits in a double. */
  double max_exp_x = 0.5 * (log (DBL_MAX) - log (OVERFLOW_HEADROOM * config->n_points));

  if (reach > max_x)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("x = %g is too far from 0 for degree %u: the loss sums (x^%u)² over the "
                     "%u points, which would overflow a double (largest about 1.8e308). Keep "
                     "the interval within ±%.2g."),
                   fabs (config->lo) > fabs (config->hi) ? config->lo : config->hi,
                   config->degree, config->degree, config->n_points, max_x);
      return FALSE;
    }
  if (config->target == NR_POLYFIT_TARGET_EXP && config->hi > max_exp_x)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("exp(x) is too large at x = %g for the loss: it sums exp(x)² over the %u "
                     "points, which would overflow a double (largest about 1.8e308). Keep the "
                     "end of the interval at most %.4g."),
                   config->hi, config->n_points, max_exp_x);
      return FALSE;
    }
  /* hi − lo cannot overflow here: both are within ±max_x, far below DBL_MAX / 2. */
  if (config->hi - config->lo < min_width)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The interval [%g, %g] is too narrow for degree %u: the least-squares fit "
                     "divides by (half its width)^%u, which would fall below the smallest "
                     "double (about 2.2e-308). Make it at least %.2g wide."),
                   config->lo, config->hi, config->degree, config->degree, min_width);
      return FALSE;
    }
  return TRUE;
}

gboolean
nr_polyfit_config_validate (const NrPolyFitConfig *config, GError **error)
{
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (config->degree < NR_POLYFIT_MIN_DEGREE || config->degree > NR_POLYFIT_MAX_DEGREE)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("Degree %u is out of range: it must be from %d to %d"), config->degree,
                   NR_POLYFIT_MIN_DEGREE, NR_POLYFIT_MAX_DEGREE);
      return FALSE;
    }
  if ((guint) config->target >= NR_POLYFIT_N_TARGETS)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID, _("Unknown target %d"),
                   (int) config->target);
      return FALSE;
    }
  if (!isfinite (config->lo) || !isfinite (config->hi) || !(config->lo < config->hi))
    {
      char lo[G_ASCII_DTOSTR_BUF_SIZE], hi[G_ASCII_DTOSTR_BUF_SIZE];

      /* All the digits that tell them apart: "%g" showed 3.1415927 > 3.14159265 as
       * "[3.14159, 3.14159]". */
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The interval [%s, %s] is empty: its start must be below its end"),
                   format_shortest (lo, config->lo), format_shortest (hi, config->hi));
      return FALSE;
    }
  if (config->n_points < config->degree + 1)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("%u points cannot fit a polynomial of degree %u: use from %u to %d points"),
                   config->n_points, config->degree, config->degree + 1, NR_POLYFIT_MAX_POINTS);
      return FALSE;
    }
  if (config->n_points > NR_POLYFIT_MAX_POINTS)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("%u points are too many: use from %u to %d points"), config->n_points,
                   config->degree + 1, NR_POLYFIT_MAX_POINTS);
      return FALSE;
    }
  if (!check_interval_magnitude (config, error))
    return FALSE;
  if (!isfinite (config->learning_rate) || !(config->learning_rate > 0.0))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The learning rate must be a positive number (the tutorial uses 1e-6)"));
      return FALSE;
    }
  if (config->n_iterations < 1 || config->n_iterations > NR_POLYFIT_MAX_ITERATIONS)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("%u iterations is out of range: use from 1 to %d"), config->n_iterations,
                   NR_POLYFIT_MAX_ITERATIONS);
      return FALSE;
    }
  return TRUE;
}

double
nr_polyfit_eval (const double *coefficients, guint degree, double x)
{
  double p;

  g_return_val_if_fail (coefficients != NULL, NAN);

  p = coefficients[degree];
  for (guint k = degree; k-- > 0;)
    p = p * x + coefficients[k];
  return p;
}

/* np.linspace: lo + i·step, the last point exactly hi. x: (n) */
static void
linspace (double lo, double hi, guint n, double *x)
{
  double step = (hi - lo) / (double) (n - 1);

  for (guint i = 0; i < n; i++)
    x[i] = lo + (double) i * step;
  x[n - 1] = hi;
}

/* One pass over the points: the forward pass, the loss and the tutorial's gradients.
 *   y_pred = Σ_k c[k] x^k;  grad_y_pred = 2 (y_pred − y);  grad[k] = Σ grad_y_pred · x^k
 * x, y: (n); c, grad: (n_coef); grad may be NULL (loss only). */
static double
loss_and_gradient (const double *x, const double *y, guint n, const double *c, guint n_coef,
                   double *grad)
{
  double loss = 0.0;

  if (grad != NULL)
    memset (grad, 0, n_coef * sizeof (double));

  for (guint i = 0; i < n; i++)
    {
      double y_pred = nr_polyfit_eval (c, n_coef - 1, x[i]);
      double diff = y_pred - y[i];

      loss += diff * diff;
      if (grad != NULL)
        {
          double grad_y_pred = 2.0 * diff;
          double xk = 1.0;

          for (guint k = 0; k < n_coef; k++)
            {
              grad[k] += grad_y_pred * xk;
              xk *= x[i];
            }
        }
    }
  return loss;
}

/* Least squares by Givens rotations, one row at a time, on u = (x − mid) / half ∈ [−1, 1]:
 * never forms the ill-conditioned normal equations and needs only (n_coef)² memory.
 * x, y: (n); out: (n_coef) in powers of x. */
static gboolean
solve_least_squares (const double *x, const double *y, guint n, guint n_coef, double lo,
                     double hi, double *out, GError **error)
{
  double r[N_COEF_MAX][N_COEF_MAX] = { { 0 } };
  double qty[N_COEF_MAX] = { 0 };
  double cu[N_COEF_MAX];
  double mid = 0.5 * (lo + hi);
  double half = 0.5 * (hi - lo);

  for (guint i = 0; i < n; i++)
    {
      double row[N_COEF_MAX];
      double rhs = y[i];
      double u = (x[i] - mid) / half;
      double uk = 1.0;

      for (guint k = 0; k < n_coef; k++)
        {
          row[k] = uk;
          uk *= u;
        }
      for (guint k = 0; k < n_coef; k++)
        {
          double h, c, s;

          if (row[k] == 0.0)
            continue;
          h = hypot (r[k][k], row[k]);
          c = r[k][k] / h;
          s = row[k] / h;
          r[k][k] = h;
          for (guint j = k + 1; j < n_coef; j++)
            {
              double t = r[k][j];
              r[k][j] = c * t + s * row[j];
              row[j] = -s * t + c * row[j];
            }
          {
            double t = qty[k];
            qty[k] = c * t + s * rhs;
            rhs = -s * t + c * rhs;
          }
        }
    }

  for (guint k = n_coef; k-- > 0;)
    {
      double sum = qty[k];

      /* Distinct points make R non-singular; this guards against degenerate intervals
       * that rounded to too few distinct values. */
      if (!(fabs (r[k][k]) > 1e-12 * fabs (r[0][0])))
        {
          g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                       _("The points are too close together to determine a polynomial of "
                         "degree %u"),
                       n_coef - 1);
          return FALSE;
        }
      for (guint j = k + 1; j < n_coef; j++)
        sum -= r[k][j] * cu[j];
      cu[k] = sum / r[k][k];
    }

  /* Back to powers of x: Σ_k cu[k] ((x − mid)/half)^k, expanded binomially. */
  memset (out, 0, n_coef * sizeof (double));
  for (guint k = 0; k < n_coef; k++)
    {
      double scale = cu[k] / pow (half, (double) k);
      double binom = 1.0; /* C(k, j) */

      for (guint j = 0; j <= k; j++)
        {
          out[j] += scale * binom * pow (-mid, (double) (k - j));
          binom = binom * (double) (k - j) / (double) (j + 1);
        }
    }
  return TRUE;
}

static double *
sample_target (const NrPolyFitConfig *config, double **y_out, GError **error)
{
  g_autofree double *x = g_new (double, config->n_points);
  g_autofree double *y = g_new (double, config->n_points);

  linspace (config->lo, config->hi, config->n_points, x);
  for (guint i = 0; i < config->n_points; i++)
    {
      y[i] = nr_polyfit_target_eval (config->target, x[i]);
      if (!isfinite (y[i]))
        {
          g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                       _("%s is too large to compute at x = %g: choose a smaller interval"),
                       nr_polyfit_target_formula (config->target), x[i]);
          return NULL;
        }
    }
  *y_out = g_steal_pointer (&y);
  return g_steal_pointer (&x);
}

gboolean
nr_polyfit_least_squares (const NrPolyFitConfig *config, double *coefficients, double *loss,
                          GError **error)
{
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  double c[N_COEF_MAX];

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (coefficients != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nr_polyfit_config_validate (config, error))
    return FALSE;
  x = sample_target (config, &y, error);
  if (x == NULL)
    return FALSE;
  if (!solve_least_squares (x, y, config->n_points, config->degree + 1, config->lo, config->hi,
                            c, error))
    return FALSE;
  memcpy (coefficients, c, (config->degree + 1) * sizeof (double));
  if (loss != NULL)
    *loss = loss_and_gradient (x, y, config->n_points, c, config->degree + 1, NULL);
  return TRUE;
}

gboolean
nr_polyfit_least_squares_data (const double *x, const double *y, guint n, guint degree,
                               double *coefficients, GError **error)
{
  double lo, hi;

  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (y != NULL, FALSE);
  g_return_val_if_fail (coefficients != NULL, FALSE);
  g_return_val_if_fail (degree >= NR_POLYFIT_MIN_DEGREE && degree <= NR_POLYFIT_MAX_DEGREE,
                        FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n < degree + 1)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("%u points cannot fit a polynomial of degree %u: use at least %u"), n,
                   degree, degree + 1);
      return FALSE;
    }
  lo = hi = x[0];
  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (x[i]) || !isfinite (y[i]))
        {
          g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                       _("Point %u is not a finite number"), i);
          return FALSE;
        }
      lo = MIN (lo, x[i]);
      hi = MAX (hi, x[i]);
    }
  if (!(hi > lo))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The points are too close together to determine a polynomial of "
                     "degree %u"),
                   degree);
      return FALSE;
    }
  return solve_least_squares (x, y, n, degree + 1, lo, hi, coefficients, error);
}

gboolean
nr_polyfit_taylor (NrPolyFitTarget target, guint degree, double *coefficients)
{
  double factorial = 1.0;

  g_return_val_if_fail (coefficients != NULL, FALSE);
  g_return_val_if_fail (degree <= NR_POLYFIT_MAX_DEGREE, FALSE);

  for (guint k = 0; k <= degree; k++)
    {
      double c;

      if (k > 0)
        factorial *= (double) k;
      switch (target)
        {
        case NR_POLYFIT_TARGET_SIN: /* x − x³/3! + x⁵/5! − … */
          c = (k % 2 == 1) ? ((k % 4 == 1) ? 1.0 : -1.0) : 0.0;
          break;
        case NR_POLYFIT_TARGET_COS: /* 1 − x²/2! + x⁴/4! − … */
          c = (k % 2 == 0) ? ((k % 4 == 0) ? 1.0 : -1.0) : 0.0;
          break;
        case NR_POLYFIT_TARGET_EXP:
          c = 1.0;
          break;
        case NR_POLYFIT_TARGET_ABS:
        case NR_POLYFIT_TARGET_STEP:
        case NR_POLYFIT_N_TARGETS:
        default:
          memset (coefficients, 0, (degree + 1) * sizeof (double));
          return FALSE;
        }
      coefficients[k] = c / factorial;
    }
  return TRUE;
}

double
nr_polyfit_max_stable_learning_rate (const NrPolyFitConfig *config)
{
  g_autofree double *x = NULL;
  double gram[N_COEF_MAX][N_COEF_MAX];
  double power_sums[2 * N_COEF_MAX] = { 0 };
  double v[N_COEF_MAX];
  double lambda = 0.0;
  double scale = 0.0;
  guint n_coef;

  g_return_val_if_fail (config != NULL, 0.0);
  if (!nr_polyfit_config_validate (config, NULL))
    return 0.0;

  n_coef = config->degree + 1;
  x = g_new (double, config->n_points);
  linspace (config->lo, config->hi, config->n_points, x);
  for (guint i = 0; i < config->n_points; i++)
    {
      double xk = 1.0;
      for (guint k = 0; k < 2 * n_coef - 1; k++)
        {
          power_sums[k] += xk;
          xk *= x[i];
        }
    }
  /* Scaled to a largest entry of 1: on wide intervals Σ x^(2·degree) reaches 1e300, and the
   * squares in the norm below would overflow (the rate would come out as 0). */
  for (guint k = 0; k < 2 * n_coef - 1; k++)
    scale = MAX (scale, fabs (power_sums[k]));
  for (guint j = 0; j < n_coef; j++)
    {
      for (guint k = 0; k < n_coef; k++)
        gram[j][k] = power_sums[j + k] / scale;
      v[j] = 1.0;
    }

  /* Power iteration: XᵀX is symmetric positive definite and its top eigenvalue is well
   * separated for these Vandermonde matrices; a few hundred steps settle it. */
  for (guint it = 0; it < 500; it++)
    {
      double w[N_COEF_MAX];
      double norm = 0.0;

      for (guint j = 0; j < n_coef; j++)
        {
          w[j] = 0.0;
          for (guint k = 0; k < n_coef; k++)
            w[j] += gram[j][k] * v[k];
          norm += w[j] * w[j];
        }
      norm = sqrt (norm);
      if (!(norm > 0.0) || !isfinite (norm))
        return 0.0;
      lambda = 0.0;
      for (guint j = 0; j < n_coef; j++)
        {
          lambda += v[j] * w[j];
          v[j] = w[j] / norm;
        }
      /* v was unit length after the first step, so lambda is the Rayleigh quotient. */
    }
  return lambda > 0.0 ? 1.0 / (lambda * scale) : 0.0;
}

static void
record_coefficients (NrPolyFit *fit)
{
  g_array_append_vals (fit->coef_history, fit->coef, fit->n_coef);
}

NrPolyFit *
nr_polyfit_new (const NrPolyFitConfig *config, GError **error)
{
  g_autoptr (NrPolyFit) fit = NULL;
  NrRng rng;
  double mean = 0.0, var = 0.0;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nr_polyfit_config_validate (config, error))
    return NULL;

  fit = g_new0 (NrPolyFit, 1);
  fit->config = *config;
  fit->n_coef = config->degree + 1;
  fit->loss_history = g_array_sized_new (FALSE, FALSE, sizeof (double), config->n_iterations);
  fit->coef_stride = MAX (1, (config->n_iterations + MAX_COEF_SAMPLES - 1) / MAX_COEF_SAMPLES);
  fit->coef_history = g_array_new (FALSE, FALSE, sizeof (double));

  fit->x = sample_target (config, &fit->y, error);
  if (fit->x == NULL)
    return NULL;

  /* The tutorial's `a = np.random.randn()` … one standard normal per coefficient. */
  nr_rng_seed (&rng, config->seed);
  for (guint k = 0; k < fit->n_coef; k++)
    fit->coef[k] = nr_rng_normal (&rng);

  fit->loss = loss_and_gradient (fit->x, fit->y, config->n_points, fit->coef, fit->n_coef, NULL);
  fit->min_loss = fit->loss;
  record_coefficients (fit);

  if (!solve_least_squares (fit->x, fit->y, config->n_points, fit->n_coef, config->lo,
                            config->hi, fit->lsq, error))
    return NULL;
  fit->lsq_loss = loss_and_gradient (fit->x, fit->y, config->n_points, fit->lsq, fit->n_coef,
                                     NULL);

  for (guint i = 0; i < config->n_points; i++)
    mean += fit->y[i];
  mean /= config->n_points;
  for (guint i = 0; i < config->n_points; i++)
    var += (fit->y[i] - mean) * (fit->y[i] - mean);
  var /= config->n_points;
  {
    double rms = sqrt (fit->lsq_loss / config->n_points);
    double sd = sqrt (var);
    /* A constant target (a step outside its jump) is fitted exactly by any degree. */
    fit->relative_residual = (sd > 1e-12) ? rms / sd : 0.0;
  }

  return g_steal_pointer (&fit);
}

void
nr_polyfit_free (NrPolyFit *fit)
{
  if (fit == NULL)
    return;
  g_free (fit->x);
  g_free (fit->y);
  if (fit->loss_history != NULL)
    g_array_unref (fit->loss_history);
  if (fit->coef_history != NULL)
    g_array_unref (fit->coef_history);
  g_free (fit);
}

const NrPolyFitConfig *
nr_polyfit_get_config (const NrPolyFit *fit)
{
  g_return_val_if_fail (fit != NULL, NULL);
  return &fit->config;
}

guint
nr_polyfit_step (NrPolyFit *fit, guint n_iterations)
{
  const NrPolyFitConfig *config;
  double grad[N_COEF_MAX];
  guint done = 0;

  g_return_val_if_fail (fit != NULL, 0);
  config = &fit->config;

  while (done < n_iterations && !nr_polyfit_is_finished (fit))
    {
      /* Forward pass, loss and backward pass, as the tutorial's loop body. */
      double loss = loss_and_gradient (fit->x, fit->y, config->n_points, fit->coef, fit->n_coef,
                                       grad);

      g_array_append_val (fit->loss_history, loss);
      if (!isfinite (loss) || loss > DIVERGENCE_FACTOR * MAX (fit->min_loss, DIVERGENCE_FLOOR))
        {
          fit->diverged = TRUE;
          fit->diverged_iteration = fit->iteration;
          fit->loss = loss;
          break;
        }
      fit->min_loss = MIN (fit->min_loss, loss);

      /* Update the weights using gradient descent. */
      for (guint k = 0; k < fit->n_coef; k++)
        fit->coef[k] -= config->learning_rate * grad[k];

      fit->iteration++;
      done++;
      if (fit->iteration % fit->coef_stride == 0)
        record_coefficients (fit);
    }

  if (!fit->diverged && done > 0)
    fit->loss = loss_and_gradient (fit->x, fit->y, config->n_points, fit->coef, fit->n_coef,
                                   NULL);
  return done;
}

gboolean
nr_polyfit_is_finished (const NrPolyFit *fit)
{
  g_return_val_if_fail (fit != NULL, TRUE);
  return fit->diverged || fit->iteration >= fit->config.n_iterations;
}

guint
nr_polyfit_get_iteration (const NrPolyFit *fit)
{
  g_return_val_if_fail (fit != NULL, 0);
  return fit->iteration;
}

const double *
nr_polyfit_get_coefficients (const NrPolyFit *fit)
{
  g_return_val_if_fail (fit != NULL, NULL);
  return fit->coef;
}

double
nr_polyfit_get_loss (const NrPolyFit *fit)
{
  g_return_val_if_fail (fit != NULL, NAN);
  return fit->loss;
}

const double *
nr_polyfit_get_loss_history (const NrPolyFit *fit, guint *n)
{
  g_return_val_if_fail (fit != NULL, NULL);
  g_return_val_if_fail (n != NULL, NULL);
  *n = fit->loss_history->len;
  return (const double *) fit->loss_history->data;
}

const double *
nr_polyfit_get_coefficient_history (const NrPolyFit *fit, guint *n, guint *stride)
{
  g_return_val_if_fail (fit != NULL, NULL);
  g_return_val_if_fail (n != NULL, NULL);
  *n = fit->coef_history->len / fit->n_coef;
  if (stride != NULL)
    *stride = fit->coef_stride;
  return (const double *) fit->coef_history->data;
}

gboolean
nr_polyfit_get_diverged (const NrPolyFit *fit, guint *iteration)
{
  g_return_val_if_fail (fit != NULL, FALSE);
  if (iteration != NULL)
    *iteration = fit->diverged ? fit->diverged_iteration : 0;
  return fit->diverged;
}

char *
nr_polyfit_divergence_note (const NrPolyFit *fit)
{
  double max_lr;

  g_return_val_if_fail (fit != NULL, NULL);
  if (!fit->diverged)
    return NULL;

  max_lr = nr_polyfit_max_stable_learning_rate (&fit->config);
  return g_strdup_printf (_("Gradient descent diverged at iteration %u: the loss grew to %g. "
                            "The learning rate %g is too large for degree %u on these %u "
                            "points; it converges only below %.2g."),
                          fit->diverged_iteration, fit->loss, fit->config.learning_rate,
                          fit->config.degree, fit->config.n_points, max_lr);
}

const double *
nr_polyfit_get_x (const NrPolyFit *fit)
{
  g_return_val_if_fail (fit != NULL, NULL);
  return fit->x;
}

const double *
nr_polyfit_get_y (const NrPolyFit *fit)
{
  g_return_val_if_fail (fit != NULL, NULL);
  return fit->y;
}

const double *
nr_polyfit_get_least_squares (const NrPolyFit *fit, double *loss)
{
  g_return_val_if_fail (fit != NULL, NULL);
  if (loss != NULL)
    *loss = fit->lsq_loss;
  return fit->lsq;
}

double
nr_polyfit_get_relative_residual (const NrPolyFit *fit)
{
  g_return_val_if_fail (fit != NULL, NAN);
  return fit->relative_residual;
}

char *
nr_polyfit_degree_note (const NrPolyFit *fit)
{
  const NrPolyFitConfig *config;
  double rms;

  g_return_val_if_fail (fit != NULL, NULL);
  if (!(fit->relative_residual > DEGREE_NOTE_THRESHOLD))
    return NULL;

  config = &fit->config;
  rms = sqrt (fit->lsq_loss / config->n_points);
  if (config->target == NR_POLYFIT_TARGET_STEP && config->lo < 0.0 && config->hi >= 0.0)
    return g_strdup_printf (_("No polynomial can follow the jump of step(x): even the best one "
                              "of degree %u misses by %.2g on average (RMS), %.0f%% of the "
                              "curve's spread."),
                            config->degree, rms, 100.0 * fit->relative_residual);
  if (config->degree < NR_POLYFIT_MAX_DEGREE)
    return g_strdup_printf (_("Degree %u is too low for %s on [%.3g, %.3g]: even the best "
                              "polynomial of this degree misses by %.2g on average (RMS), "
                              "%.0f%% of the curve's spread. Try a higher degree."),
                            config->degree, nr_polyfit_target_formula (config->target),
                            config->lo, config->hi, rms, 100.0 * fit->relative_residual);
  return g_strdup_printf (_("Even degree %u cannot fit %s well on [%.3g, %.3g]: the best "
                            "polynomial misses by %.2g on average (RMS), %.0f%% of the "
                            "curve's spread. Try a smaller interval."),
                          config->degree, nr_polyfit_target_formula (config->target), config->lo,
                          config->hi, rms, 100.0 * fit->relative_residual);
}

double
nr_polyfit_loss_and_gradient (const NrPolyFit *fit, const double *coefficients,
                              double *gradient)
{
  g_return_val_if_fail (fit != NULL, NAN);
  g_return_val_if_fail (coefficients != NULL, NAN);
  return loss_and_gradient (fit->x, fit->y, fit->config.n_points, coefficients, fit->n_coef,
                            gradient);
}

gboolean
nr_polyfit_is_printed_iteration (guint t)
{
  return t % NR_POLYFIT_PRINT_EVERY == NR_POLYFIT_PRINT_EVERY - 1;
}

char *
nr_polyfit_format_loss_line (const NrPolyFit *fit, guint t)
{
  const double *loss;
  guint n;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (fit != NULL, NULL);
  loss = nr_polyfit_get_loss_history (fit, &n);
  g_return_val_if_fail (t < n, NULL);
  return g_strdup_printf ("%u %s", t, nr_format_repr (buf, sizeof buf, loss[t]));
}
