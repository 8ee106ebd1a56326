/* polyfit.h — the tutorial's second experiment: a polynomial fitted to sin(x) by plain
 * gradient descent on the summed squared error, with the gradients written out by hand.
 *
 *   y_pred = a + b x + c x^2 + d x^3
 *   loss   = Σ (y_pred − y)²
 *   grad_y_pred = 2 (y_pred − y);  grad_a = Σ grad_y_pred;  grad_b = Σ grad_y_pred·x; …
 *   a −= learning_rate · grad_a; …
 *
 * Any degree from 1 to 9 and a few targets. Everything is computed in double precision.
 * The fit is stepped by the caller (nr_polyfit_step), so a UI can run it a few iterations
 * per frame; beside it sit the closed-form least-squares polynomial of the same degree
 * (where gradient descent is heading) and the target's Taylor polynomial at 0.
 *
 * Coefficient arrays are always `degree + 1` doubles, constant term first:
 * coefficients[k] multiplies x^k.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NR_POLYFIT_MIN_DEGREE 1
#define NR_POLYFIT_MAX_DEGREE 9
#define NR_POLYFIT_MAX_POINTS 1000000
#define NR_POLYFIT_MAX_ITERATIONS 1000000
/* The default run reads like the tutorial's printout (see nr_polyfit_config_init). */
#define NR_POLYFIT_DEFAULT_SEED 10326

typedef enum {
  NR_POLYFIT_TARGET_SIN,  /* sin(x) — the tutorial's */
  NR_POLYFIT_TARGET_COS,  /* cos(x) */
  NR_POLYFIT_TARGET_EXP,  /* exp(x) */
  NR_POLYFIT_TARGET_ABS,  /* |x| */
  NR_POLYFIT_TARGET_STEP, /* 0 for x < 0, 1 for x ≥ 0 */
  NR_POLYFIT_N_TARGETS
} NrPolyFitTarget;

/* "sin", "cos", "exp", "abs", "step": the CLI's --target names. */
const char *nr_polyfit_target_name (NrPolyFitTarget target);
/* "sin(x)", "cos(x)", "exp(x)", "|x|", "step(x)": for labels and sentences. */
const char *nr_polyfit_target_formula (NrPolyFitTarget target);
/* Accepts the names above (case-insensitive); returns FALSE for anything else and leaves
 * *target alone. */
gboolean nr_polyfit_target_from_name (const char *name, NrPolyFitTarget *target);
double nr_polyfit_target_eval (NrPolyFitTarget target, double x);

typedef struct {
  guint degree;           /* 3; 1 … 9 */
  NrPolyFitTarget target; /* sin */
  double lo, hi;          /* −π, π; lo < hi, both finite */
  guint n_points;         /* 2,000 evenly spaced points from lo to hi inclusive (linspace);
                             at least degree + 1 */
  double learning_rate;   /* 1e-6; > 0 */
  guint n_iterations;     /* 2,000; 1 … NR_POLYFIT_MAX_ITERATIONS */
  guint64 seed;           /* NR_POLYFIT_DEFAULT_SEED; the random normal initial
                             coefficients derive from it */
} NrPolyFitConfig;

/* The tutorial's settings. */
void nr_polyfit_config_init (NrPolyFitConfig *config);
/* NR_ERROR_INVALID naming the setting and its valid range. Beyond each setting's own range,
 * the interval must stay where doubles can compute the fit: within ±nr_polyfit_max_abs_x,
 * at least nr_polyfit_min_width wide, and for exp(x) small enough that n · exp(hi)² stays
 * finite; the message says which limit and the bound to keep. */
gboolean nr_polyfit_config_validate (const NrPolyFitConfig *config, GError **error);

/* The largest |x| a fit of this degree on n_points can reach: beyond it the sums of
 * x^(2·degree) in the loss, its gradient and its curvature XᵀX would overflow a double
 * (with headroom for the coefficients). About 1.4e50 for the tutorial's cubic on 2,000
 * points, 5.2e16 for degree 9. */
double nr_polyfit_max_abs_x (guint degree, guint n_points);
/* The narrowest interval a fit of this degree can use: the least-squares solver rescales x
 * to [−1, 1] and back, dividing by (width / 2)^degree, which must not underflow. */
double nr_polyfit_min_width (guint degree);

/* Horner evaluation of coefficients[0] + coefficients[1] x + … + coefficients[degree] x^degree.
 */
double nr_polyfit_eval (const double *coefficients, guint degree, double x);

typedef struct _NrPolyFit NrPolyFit;

/* Validates the config, samples the target and draws the initial coefficients from a
 * standard normal distribution (seeded); also solves the least-squares problem. */
NrPolyFit *nr_polyfit_new (const NrPolyFitConfig *config, GError **error);
void nr_polyfit_free (NrPolyFit *fit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrPolyFit, nr_polyfit_free)

const NrPolyFitConfig *nr_polyfit_get_config (const NrPolyFit *fit);

/* Runs up to n_iterations more gradient-descent iterations; stops early when the
 * configured number is reached or the fit diverges. Returns how many it ran. */
guint nr_polyfit_step (NrPolyFit *fit, guint n_iterations);
/* TRUE when all configured iterations have run or the fit diverged. */
gboolean nr_polyfit_is_finished (const NrPolyFit *fit);
/* Iterations run so far (= updates applied to the coefficients). */
guint nr_polyfit_get_iteration (const NrPolyFit *fit);

/* Current coefficients (degree + 1). */
const double *nr_polyfit_get_coefficients (const NrPolyFit *fit);
/* Loss Σ (p(x) − y)² of the current coefficients. */
double nr_polyfit_get_loss (const NrPolyFit *fit);
/* loss[t] for t = 0 … n − 1: the loss computed at iteration t before its update, which is
 * what the tutorial prints as `t loss` (99, 199, …). n = iterations run (+ the iteration
 * that diverged, whose loss is recorded but whose update is not applied). */
const double *nr_polyfit_get_loss_history (const NrPolyFit *fit, guint *n);
/* The iterations the tutorial prints (`if t % 100 == 99: print(t, loss)`). */
#define NR_POLYFIT_PRINT_EVERY 100
gboolean nr_polyfit_is_printed_iteration (guint t);
/* The tutorial's line for iteration t (t below the losses recorded): "1999 9.375…", t and
 * loss[t] (before that iteration's update) as Python's print shows them. The CLI prints
 * these lines and the Curve fit page lists them. Newly allocated. */
char *nr_polyfit_format_loss_line (const NrPolyFit *fit, guint t);
/* Coefficient paths: sample k (k = 0 … n − 1) holds the degree + 1 coefficients after
 * k × stride iterations (sample 0 = the initial coefficients). stride is chosen at
 * creation so at most about 2,000 samples are kept. Samples are stored one after the
 * other: history[k * (degree + 1) + j]. */
const double *nr_polyfit_get_coefficient_history (const NrPolyFit *fit, guint *n,
                                                  guint *stride);

/* Divergence: the loss became non-finite or grew to more than 1,000 times the smallest
 * loss seen. *iteration gets the 0-based iteration t whose loss showed it. Once diverged
 * the fit stops stepping; the coefficients are those before that iteration's update. */
gboolean nr_polyfit_get_diverged (const NrPolyFit *fit, guint *iteration);
/* A sentence for the user when the fit diverged (with the iteration and the largest stable
 * learning rate), else NULL. Free with g_free. */
char *nr_polyfit_divergence_note (const NrPolyFit *fit);

/* The sample points (n_points each), for drawing. */
const double *nr_polyfit_get_x (const NrPolyFit *fit);
const double *nr_polyfit_get_y (const NrPolyFit *fit);

/* The closed-form least-squares polynomial of the fit's degree on the same points
 * (degree + 1 coefficients) and its loss Σ (p(x) − y)²: where gradient descent heads. */
const double *nr_polyfit_get_least_squares (const NrPolyFit *fit, double *loss);

/* "Degree too low": when even the least-squares polynomial misses the target by more
 * than a tenth of its spread (RMS error / standard deviation of y), a sentence saying so;
 * NULL when the degree is enough. Free with g_free. */
char *nr_polyfit_degree_note (const NrPolyFit *fit);
/* RMS error of the least-squares fit divided by the target's standard deviation on the
 * points (0 for a constant target fitted exactly). */
double nr_polyfit_get_relative_residual (const NrPolyFit *fit);

/* Least squares without a fit object: samples config's target on config's points and
 * solves by Givens QR on x scaled to [−1, 1] (stable even for degree 9). coefficients:
 * degree + 1 doubles. loss may be NULL. */
gboolean nr_polyfit_least_squares (const NrPolyFitConfig *config, double *coefficients,
                                   double *loss, GError **error);

/* Least squares through any points (x need not be sorted; at least degree + 1 distinct
 * values), the same solver: x is scaled to [−1, 1] over its range first. */
gboolean nr_polyfit_least_squares_data (const double *x, const double *y, guint n, guint degree,
                                        double *coefficients, GError **error);

/* Taylor polynomial of the target at 0 of the given degree (sin, cos, exp). Returns FALSE
 * (and zeroes coefficients) for |x| and step, which have none at 0. */
gboolean nr_polyfit_taylor (NrPolyFitTarget target, guint degree, double *coefficients);

/* The largest learning rate for which gradient descent on this config's points still
 * converges: 1 / λmax(XᵀX), X the Vandermonde matrix (the loss's Hessian is 2 XᵀX).
 * Beyond it the loss grows without bound. 0 if the config is invalid. */
double nr_polyfit_max_stable_learning_rate (const NrPolyFitConfig *config);

/* Gradient of the loss with respect to the coefficients at `coefficients`, written out as
 * in the tutorial; returns the loss. Exposed so tests can check it against finite
 * differences. gradient: degree + 1 doubles. */
double nr_polyfit_loss_and_gradient (const NrPolyFit *fit, const double *coefficients,
                                     double *gradient);

G_END_DECLS
