/* neurona-fit-page.c — the "Curve fit" page: the tutorial's polynomial fitted to sin(x) by
 * gradient descent, a few iterations per frame so a class can watch it converge.
 *
 * The page owns one NrPolyFit built from its settings. Any change of a setting rebuilds it
 * (so the least-squares curve and the degree note answer at once); Fit runs it from a
 * tick callback, Stop pauses, Reset goes back to the random start.
 */
#include "neurona-fit-page.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "neurona-a11y.h"
#include "neurona-plot.h"
#include "neurona/polyfit.h"

#define N_COEF_MAX (NR_POLYFIT_MAX_DEGREE + 1)
#define CURVE_SAMPLES 401    /* points per drawn polynomial */
#define MAX_MARKERS 60       /* sample points shown as markers */
#define MAX_PLOT_POINTS 2000 /* per loss / coefficient series */
#define FULL_SPEED_BUDGET_US 8000

/* Iterations per frame for each position of the speed scale; 0 = full speed (as many as
 * fit in FULL_SPEED_BUDGET_US each frame). */
static const guint speeds[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 0 };

struct _NeuronaFitPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *content; /* the only child: bound so dispose_template unparents it */
  GtkSpinButton *degree_spin;
  GtkDropDown *target_dropdown;
  GtkEntry *learning_rate_entry;
  GtkSpinButton *iterations_spin;
  GtkSpinButton *points_spin;
  GtkSpinButton *seed_spin;
  GtkScale *speed_scale;
  GtkLabel *speed_label;
  GtkWidget *fit_button;
  GtkWidget *stop_button;
  GtkWidget *reset_button;
  GtkLabel *status_label;
  GtkLabel *settings_error_label;
  GtkLabel *divergence_label;
  GtkLabel *degree_note_label;
  GtkGrid *coefficient_grid;
  GtkLabel *formula_label;
  GtkLabel *printout_label;
  NeuronaPlot *curve_plot;
  NeuronaPlot *loss_plot;
  NeuronaPlot *coefficient_plot;

  /* Owned */
  NrPolyFit *fit;
  double *curve_x; /* (CURVE_SAMPLES) */
  double *curve_y; /* (CURVE_SAMPLES) */

  /* Borrowed: children of coefficient_grid, one row per coefficient */
  GtkWidget *coef_name[N_COEF_MAX];
  GtkWidget *coef_value[N_COEF_MAX];
  GtkWidget *coef_lsq[N_COEF_MAX];
  GtkWidget *coef_taylor[N_COEF_MAX];
  GtkWidget *taylor_header;

  guint tick_id;
  guint gd_series;
  guint loss_series;
  guint loss_stride;
  guint loss_plotted; /* loss-history entries already handed to loss_plot */
  guint coef_plotted; /* coefficient samples already handed to coefficient_plot */
  GString *printout;  /* the tutorial's "t loss" lines so far */
  guint printed;      /* loss-history entries looked at for printout */
};

G_DEFINE_FINAL_TYPE (NeuronaFitPage, neurona_fit_page, GTK_TYPE_WIDGET)

static const char *const superscripts[] = { "", "", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };

/* Okabe–Ito colours, readable for colour-blind viewers and in both styles. */
static const GdkRGBA palette[] = {
  { 0.000, 0.447, 0.698, 1 }, /* blue */
  { 0.835, 0.369, 0.000, 1 }, /* vermillion */
  { 0.000, 0.620, 0.451, 1 }, /* bluish green */
  { 0.800, 0.475, 0.655, 1 }, /* reddish purple */
  { 0.902, 0.624, 0.000, 1 }, /* orange */
  { 0.337, 0.706, 0.914, 1 }, /* sky blue */
  { 0.600, 0.600, 0.600, 1 }, /* grey */
  { 0.941, 0.894, 0.259, 1 }, /* yellow */
  { 0.400, 0.200, 0.100, 1 }, /* brown */
  { 0.500, 0.500, 1.000, 1 }, /* lavender, not black: black vanishes in the dark style */
};

static void
coefficient_name (guint k, char *buf, gsize size)
{
  if (k == 0)
    g_snprintf (buf, size, "a");
  else
    g_snprintf (buf, size, "%c · x%s", 'a' + k, superscripts[k]);
}

static void
set_number (GtkWidget *label, double v)
{
  char buf[64];

  if (isfinite (v))
    g_snprintf (buf, sizeof buf, "%.4g", v);
  else
    g_snprintf (buf, sizeof buf, "—");
  gtk_label_set_text (GTK_LABEL (label), buf);
}

/* A note in the side column: a bold warning sign before the sentence, so it stands out
 * without relying on colour. NULL hides it. */
static void
set_note (GtkLabel *label, const char *note)
{
  g_autofree char *markup = NULL;

  gtk_widget_set_visible (GTK_WIDGET (label), note != NULL);
  if (note == NULL)
    {
      gtk_label_set_text (label, "");
      return;
    }
  markup = g_markup_printf_escaped ("<b>⚠</b> %s", note);
  gtk_label_set_markup (label, markup);
}

static guint
speed_iterations (NeuronaFitPage *self)
{
  int index = (int) lround (gtk_range_get_value (GTK_RANGE (self->speed_scale)));

  return speeds[CLAMP (index, 0, (int) G_N_ELEMENTS (speeds) - 1)];
}

static char *
format_speed (double value)
{
  int index = CLAMP ((int) lround (value), 0, (int) G_N_ELEMENTS (speeds) - 1);

  if (speeds[index] == 0)
    return g_strdup (_("Full speed"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u iteration per frame",
                                       "%u iterations per frame", speeds[index]),
                          speeds[index]);
}

static void
on_speed_changed (NeuronaFitPage *self)
{
  g_autofree char *text = format_speed (gtk_range_get_value (GTK_RANGE (self->speed_scale)));

  gtk_label_set_text (self->speed_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->speed_scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
}

static gboolean
is_running (NeuronaFitPage *self)
{
  return self->tick_id != 0;
}

static void
update_actions (NeuronaFitPage *self)
{
  gboolean valid = self->fit != NULL;
  gboolean running = is_running (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fit.run", valid && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fit.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fit.reset",
                                 valid && (running || nr_polyfit_get_iteration (self->fit) > 0
                                           || nr_polyfit_get_diverged (self->fit, NULL)));
}

static void
stop_ticking (NeuronaFitPage *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

/* Reads the settings; NULL with a message when one is unusable. */
static gboolean
read_config (NeuronaFitPage *self, NrPolyFitConfig *config, GError **error)
{
  g_autofree char *lr_text = g_strstrip (g_strdup (gtk_editable_get_text (
    GTK_EDITABLE (self->learning_rate_entry))));
  char *end = NULL;

  nr_polyfit_config_init (config);
  config->degree = (guint) gtk_spin_button_get_value_as_int (self->degree_spin);
  config->target = (NrPolyFitTarget) gtk_drop_down_get_selected (self->target_dropdown);
  config->n_iterations = (guint) gtk_spin_button_get_value (self->iterations_spin);
  config->n_points = (guint) gtk_spin_button_get_value (self->points_spin);
  config->seed = (guint64) gtk_spin_button_get_value (self->seed_spin);

  /* Accept a decimal comma too, as typed in locales that use one. */
  g_strdelimit (lr_text, ",", '.');
  config->learning_rate = g_ascii_strtod (lr_text, &end);
  if (*lr_text == '\0' || end == lr_text || *end != '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Learning rate: type a number such as 1e-6"));
      return FALSE;
    }
  return nr_polyfit_config_validate (config, error);
}

static void
update_status (NeuronaFitPage *self)
{
  g_autofree char *text = NULL;
  const NrPolyFitConfig *config;
  guint iteration;

  if (self->fit == NULL)
    {
      gtk_label_set_text (self->status_label, "");
      return;
    }
  config = nr_polyfit_get_config (self->fit);
  iteration = nr_polyfit_get_iteration (self->fit);
  if (nr_polyfit_get_diverged (self->fit, NULL))
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stopped: diverged after %u iteration",
                                         "Stopped: diverged after %u iterations", iteration),
                            iteration);
  else if (iteration == 0 && !is_running (self))
    text = g_strdup_printf (_("Ready: %u iterations at learning rate %g. Loss of the random "
                              "start: %.6g"),
                            config->n_iterations, config->learning_rate,
                            nr_polyfit_get_loss (self->fit));
  else
    {
      guint n;
      const double *loss = nr_polyfit_get_loss_history (self->fit, &n);
      guint t = n > 0 ? n - 1 : 0;
      double shown = n > 0 ? loss[t] : nr_polyfit_get_loss (self->fit);

      /* The loss of the last iteration t, before its update: the number the tutorial (and
       * neurona-cli fit) prints last, not the loss after the final update. */
      /* Translators: "Iteration 2000 of 2000 · loss at t = 1999: 9.37561 · done" */
      text = g_strdup_printf (_("Iteration %u of %u · loss at t = %u: %.6g%s"), iteration,
                              config->n_iterations, t, shown,
                              nr_polyfit_is_finished (self->fit) ? _(" · done")
                              : is_running (self)                ? ""
                                                                 : _(" · paused"));
    }
  gtk_label_set_text (self->status_label, text);
}

static void
update_formula (NeuronaFitPage *self)
{
  const double *c;
  guint degree;
  g_autoptr (GString) s = NULL;

  if (self->fit == NULL)
    {
      gtk_label_set_text (self->formula_label, "");
      return;
    }
  c = nr_polyfit_get_coefficients (self->fit);
  degree = nr_polyfit_get_config (self->fit)->degree;
  s = g_string_new ("y = ");
  for (guint k = 0; k <= degree; k++)
    {
      double v = c[k];

      if (k == 0)
        g_string_append_printf (s, "%s%.4g", v < 0 ? "−" : "", fabs (v));
      else
        g_string_append_printf (s, " %s %.4g", v < 0 ? "−" : "+", fabs (v));
      if (k >= 1)
        g_string_append_printf (s, " x%s", superscripts[k]);
    }
  gtk_label_set_text (self->formula_label, s->str);
}

static void
update_live (NeuronaFitPage *self)
{
  const NrPolyFitConfig *config = nr_polyfit_get_config (self->fit);
  guint n_coef = config->degree + 1;
  const double *c = nr_polyfit_get_coefficients (self->fit);
  const double *loss;
  const double *history;
  guint n, stride;

  /* The current polynomial over the target. */
  for (guint i = 0; i < CURVE_SAMPLES; i++)
    self->curve_y[i] = nr_polyfit_eval (c, config->degree, self->curve_x[i]);
  neurona_plot_set_points (self->curve_plot, self->gd_series, self->curve_x, self->curve_y,
                           CURVE_SAMPLES);

  /* New losses, thinned to at most MAX_PLOT_POINTS over the whole run. */
  loss = nr_polyfit_get_loss_history (self->fit, &n);
  for (; self->loss_plotted < n; self->loss_plotted++)
    {
      guint t = self->loss_plotted;
      if (t % self->loss_stride == 0 || t + 1 == n)
        neurona_plot_append (self->loss_plot, self->loss_series, t, loss[t]);
    }

  /* The tutorial's printout, the lines neurona-cli fit prints. */
  if (self->printed < n)
    {
      for (; self->printed < n; self->printed++)
        if (nr_polyfit_is_printed_iteration (self->printed))
          {
            g_autofree char *line = nr_polyfit_format_loss_line (self->fit, self->printed);

            if (self->printout->len > 0)
              g_string_append_c (self->printout, '\n');
            g_string_append (self->printout, line);
          }
      gtk_label_set_text (self->printout_label, self->printout->str);
    }

  /* New coefficient samples: the paths over iterations. */
  history = nr_polyfit_get_coefficient_history (self->fit, &n, &stride);
  for (; self->coef_plotted < n; self->coef_plotted++)
    for (guint k = 0; k < n_coef; k++)
      neurona_plot_append (self->coefficient_plot, k, (double) self->coef_plotted * stride,
                           history[self->coef_plotted * n_coef + k]);

  for (guint k = 0; k < n_coef; k++)
    set_number (self->coef_value[k], c[k]);
  update_formula (self);
  update_status (self);

  {
    g_autofree char *note = nr_polyfit_divergence_note (self->fit);
    set_note (self->divergence_label, note);
  }
}

static void
add_curve_series (NeuronaFitPage *self, const NrPolyFitConfig *config, gboolean has_taylor)
{
  GdkRGBA target_color = { 0.45, 0.45, 0.45, 1 };
  g_autofree char *samples = g_strdup_printf (_("Points (%u, some shown)"), config->n_points);

  guint s;

  /* Short names for a legend too narrow for the full ones (a large zoom); the target's
   * formula is short already. */
  neurona_plot_remove_all_series (self->curve_plot);
  neurona_plot_add_series (self->curve_plot, nr_polyfit_target_formula (config->target),
                           &target_color, NEURONA_PLOT_LINE);
  s = neurona_plot_add_series (self->curve_plot, samples, &target_color, NEURONA_PLOT_MARKERS);
  /* Translators: the curve fit's legend when there is little room: "Points (2000, some
   * shown)" */
  neurona_plot_set_series_short_label (self->curve_plot, s, _("Points"));
  s = neurona_plot_add_series (self->curve_plot, _("Least squares (the goal)"), &palette[0],
                               NEURONA_PLOT_DASHED);
  /* Translators: the curve fit's legend when there is little room: "Least squares (the
   * goal)" */
  neurona_plot_set_series_short_label (self->curve_plot, s, _("Least squares"));
  if (has_taylor)
    {
      s = neurona_plot_add_series (self->curve_plot, _("Taylor polynomial at 0"), &palette[2],
                                   NEURONA_PLOT_LINE_MARKERS);
      /* Translators: the curve fit's legend when there is little room: "Taylor polynomial
       * at 0" */
      neurona_plot_set_series_short_label (self->curve_plot, s, _("Taylor"));
    }
  self->gd_series = neurona_plot_add_series (self->curve_plot, _("Gradient descent"),
                                             &palette[1], NEURONA_PLOT_LINE);
  /* Translators: the curve fit's legend when there is little room: "Gradient descent" */
  neurona_plot_set_series_short_label (self->curve_plot, self->gd_series, _("Descent"));
}

static void
show_curves (NeuronaFitPage *self)
{
  const NrPolyFitConfig *config = nr_polyfit_get_config (self->fit);
  const double *x = nr_polyfit_get_x (self->fit);
  const double *y = nr_polyfit_get_y (self->fit);
  double taylor[N_COEF_MAX];
  gboolean has_taylor = nr_polyfit_taylor (config->target, config->degree, taylor);
  const double *lsq = nr_polyfit_get_least_squares (self->fit, NULL);
  double ymin = INFINITY, ymax = -INFINITY, margin;
  guint marker_stride = MAX (1, (config->n_points + MAX_MARKERS - 1) / MAX_MARKERS);
  g_autofree double *mx = g_new (double, MAX_MARKERS + 1);
  g_autofree double *my = g_new (double, MAX_MARKERS + 1);
  double tx[41], ty[41];
  guint n_markers = 0;
  guint series = 0;
  double lsq_scale = 0.0;

  add_curve_series (self, config, has_taylor);

  for (guint i = 0; i < CURVE_SAMPLES; i++)
    {
      self->curve_x[i] = config->lo + (config->hi - config->lo) * i / (CURVE_SAMPLES - 1);
      self->curve_y[i] = nr_polyfit_target_eval (config->target, self->curve_x[i]);
      ymin = MIN (ymin, self->curve_y[i]);
      ymax = MAX (ymax, self->curve_y[i]);
    }
  /* The axes stay put while the polynomial moves: the target's extent plus a margin. */
  margin = MAX (0.3 * (ymax - ymin), 0.5);
  neurona_plot_set_x_range (self->curve_plot, config->lo, config->hi);
  neurona_plot_set_y_range (self->curve_plot, ymin - margin, ymax + margin);
  neurona_plot_set_points (self->curve_plot, series++, self->curve_x, self->curve_y,
                           CURVE_SAMPLES);

  for (guint i = 0; i < config->n_points && n_markers <= MAX_MARKERS; i += marker_stride)
    {
      mx[n_markers] = x[i];
      my[n_markers] = y[i];
      n_markers++;
    }
  neurona_plot_set_points (self->curve_plot, series++, mx, my, n_markers);

  for (guint i = 0; i < CURVE_SAMPLES; i++)
    self->curve_y[i] = nr_polyfit_eval (lsq, config->degree, self->curve_x[i]);
  neurona_plot_set_points (self->curve_plot, series++, self->curve_x, self->curve_y,
                           CURVE_SAMPLES);

  if (has_taylor)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tx); i++)
        {
          tx[i] = config->lo + (config->hi - config->lo) * i / (G_N_ELEMENTS (tx) - 1);
          ty[i] = nr_polyfit_eval (taylor, config->degree, tx[i]);
        }
      neurona_plot_set_points (self->curve_plot, series++, tx, ty, G_N_ELEMENTS (tx));
    }

  for (guint k = 0; k <= config->degree; k++)
    lsq_scale = MAX (lsq_scale, fabs (lsq[k]));
  for (guint k = 0; k < N_COEF_MAX; k++)
    {
      gboolean shown = k <= config->degree;

      gtk_widget_set_visible (self->coef_name[k], shown);
      gtk_widget_set_visible (self->coef_value[k], shown);
      gtk_widget_set_visible (self->coef_lsq[k], shown);
      gtk_widget_set_visible (self->coef_taylor[k], shown && has_taylor);
      if (shown)
        {
          /* Odd powers of an even target (and vice versa) come out as ±1e-16 rounding
           * noise: show them as the zero they are. */
          set_number (self->coef_lsq[k], fabs (lsq[k]) < 1e-12 * lsq_scale ? 0.0 : lsq[k]);
          set_number (self->coef_taylor[k], taylor[k]);
        }
    }
  gtk_widget_set_visible (self->taylor_header, has_taylor);
}

static void
reset_progress_plots (NeuronaFitPage *self)
{
  const NrPolyFitConfig *config = nr_polyfit_get_config (self->fit);
  GdkRGBA floor_color = palette[0];
  double lsq_loss;

  nr_polyfit_get_least_squares (self->fit, &lsq_loss);

  neurona_plot_remove_all_series (self->loss_plot);
  self->loss_series = neurona_plot_add_series (self->loss_plot, _("Gradient descent"),
                                               &palette[1], NEURONA_PLOT_LINE);
  neurona_plot_set_series_short_label (self->loss_plot, self->loss_series, _("Descent"));
  neurona_plot_set_x_range (self->loss_plot, 0, config->n_iterations);
  /* The lowest loss any polynomial of this degree reaches: where the curve flattens. */
  if (lsq_loss > 0.0)
    {
      guint floor_series = neurona_plot_add_series (
        self->loss_plot, _("Least squares (lowest possible)"), &floor_color, NEURONA_PLOT_DASHED);

      /* Translators: the curve fit's legend when there is little room: "Least squares
       * (lowest possible)" */
      neurona_plot_set_series_short_label (self->loss_plot, floor_series, _("Least squares"));
      neurona_plot_append (self->loss_plot, floor_series, 0, lsq_loss);
      neurona_plot_append (self->loss_plot, floor_series, config->n_iterations, lsq_loss);
    }

  neurona_plot_remove_all_series (self->coefficient_plot);
  neurona_plot_set_x_range (self->coefficient_plot, 0, config->n_iterations);
  for (guint k = 0; k <= config->degree; k++)
    {
      char name[16];
      coefficient_name (k, name, sizeof name);
      neurona_plot_add_series (self->coefficient_plot, name, &palette[k % G_N_ELEMENTS (palette)],
                               k % 2 == 0 ? NEURONA_PLOT_LINE : NEURONA_PLOT_DASHED);
    }

  self->loss_stride = MAX (1, (config->n_iterations + MAX_PLOT_POINTS - 1) / MAX_PLOT_POINTS);
  self->loss_plotted = 0;
  self->coef_plotted = 0;
  self->printed = 0;
  g_string_truncate (self->printout, 0);
  gtk_label_set_text (self->printout_label, "");
}

/* Builds a fresh fit from the settings (or explains why it can't) and shows its start. */
static void
rebuild (NeuronaFitPage *self)
{
  g_autoptr (GError) error = NULL;
  NrPolyFitConfig config;

  stop_ticking (self);
  g_clear_pointer (&self->fit, nr_polyfit_free);

  if (read_config (self, &config, &error))
    self->fit = nr_polyfit_new (&config, &error);

  set_note (self->settings_error_label, error != NULL ? error->message : NULL);
  set_note (self->divergence_label, NULL);

  if (self->fit == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->degree_note_label), FALSE);
      neurona_plot_clear (self->curve_plot);
      neurona_plot_clear (self->loss_plot);
      neurona_plot_clear (self->coefficient_plot);
      update_status (self);
      update_formula (self);
      update_actions (self);
      return;
    }

  {
    g_autofree char *note = nr_polyfit_degree_note (self->fit);
    set_note (self->degree_note_label, note);
  }
  show_curves (self);
  reset_progress_plots (self);
  update_live (self);
  update_actions (self);
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *frame_clock, gpointer user_data)
{
  NeuronaFitPage *self = NEURONA_FIT_PAGE (widget);
  guint per_frame = speed_iterations (self);

  if (self->fit == NULL)
    {
      self->tick_id = 0;
      update_actions (self);
      return G_SOURCE_REMOVE;
    }

  if (per_frame > 0)
    nr_polyfit_step (self->fit, per_frame);
  else
    {
      gint64 start = g_get_monotonic_time ();
      do
        nr_polyfit_step (self->fit, 20);
      while (!nr_polyfit_is_finished (self->fit)
             && g_get_monotonic_time () - start < FULL_SPEED_BUDGET_US);
    }

  if (nr_polyfit_is_finished (self->fit))
    {
      /* Returning G_SOURCE_REMOVE drops the callback; forget its id first. */
      self->tick_id = 0;
      update_live (self);
      update_actions (self);
      return G_SOURCE_REMOVE;
    }
  update_live (self);
  return G_SOURCE_CONTINUE;
}

static void
fit_run (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaFitPage *self = NEURONA_FIT_PAGE (widget);
  GtkSpinButton *spins[] = { self->degree_spin, self->iterations_spin, self->points_spin,
                             self->seed_spin };

  /* What is typed but not yet entered counts (Ctrl+Return in a field): a changed value
   * rebuilds the fit through its value-changed handler. */
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    gtk_spin_button_update (spins[i]);
  /* A finished run starts over; a paused one carries on. */
  if (self->fit == NULL || nr_polyfit_is_finished (self->fit))
    rebuild (self);
  if (self->fit == NULL || is_running (self))
    return;
  self->tick_id = gtk_widget_add_tick_callback (widget, on_tick, NULL, NULL);
  update_status (self);
  update_actions (self);
}

static void
fit_stop (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaFitPage *self = NEURONA_FIT_PAGE (widget);

  stop_ticking (self);
  if (self->fit != NULL)
    update_status (self);
  update_actions (self);
}

static void
fit_reset (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  rebuild (NEURONA_FIT_PAGE (widget));
}

static GtkWidget *
grid_label (GtkGrid *grid, const char *text, int column, int row, gboolean header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), header || column == 0 ? 0.0f : 1.0f);
  gtk_widget_add_css_class (label, header ? "heading" : "numeric");
  if (header)
    gtk_widget_add_css_class (label, "caption-heading");
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

static void
build_coefficient_grid (NeuronaFitPage *self)
{
  GtkGrid *grid = self->coefficient_grid;

  grid_label (grid, _("Term"), 0, 0, TRUE);
  grid_label (grid, _("Descent"), 1, 0, TRUE);
  grid_label (grid, _("Least sq."), 2, 0, TRUE);
  self->taylor_header = grid_label (grid, _("Taylor"), 3, 0, TRUE);
  for (guint k = 0; k < N_COEF_MAX; k++)
    {
      char name[16];

      coefficient_name (k, name, sizeof name);
      self->coef_name[k] = grid_label (grid, name, 0, k + 1, FALSE);
      self->coef_value[k] = grid_label (grid, "", 1, k + 1, FALSE);
      self->coef_lsq[k] = grid_label (grid, "", 2, k + 1, FALSE);
      self->coef_taylor[k] = grid_label (grid, "", 3, k + 1, FALSE);
      gtk_widget_set_name (self->coef_value[k], "coefficient");
      gtk_label_set_selectable (GTK_LABEL (self->coef_value[k]), FALSE);
    }
}

static void
neurona_fit_page_dispose (GObject *object)
{
  NeuronaFitPage *self = NEURONA_FIT_PAGE (object);

  stop_ticking (self);
  g_clear_pointer (&self->fit, nr_polyfit_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_FIT_PAGE);

  G_OBJECT_CLASS (neurona_fit_page_parent_class)->dispose (object);
}

static void
neurona_fit_page_finalize (GObject *object)
{
  NeuronaFitPage *self = NEURONA_FIT_PAGE (object);

  g_free (self->curve_x);
  g_free (self->curve_y);
  g_string_free (self->printout, TRUE);

  G_OBJECT_CLASS (neurona_fit_page_parent_class)->finalize (object);
}

static void
neurona_fit_page_class_init (NeuronaFitPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_fit_page_dispose;
  object_class->finalize = neurona_fit_page_finalize;

  g_type_ensure (NEURONA_TYPE_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-fit-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, content);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, degree_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, learning_rate_entry);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, iterations_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, points_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, speed_scale);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, speed_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, fit_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, settings_error_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, divergence_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, degree_note_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, coefficient_grid);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, formula_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, printout_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, curve_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaFitPage, coefficient_plot);

  gtk_widget_class_install_action (widget_class, "fit.run", NULL, fit_run);
  gtk_widget_class_install_action (widget_class, "fit.stop", NULL, fit_stop);
  gtk_widget_class_install_action (widget_class, "fit.reset", NULL, fit_reset);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "fit.stop", NULL);
}

static void
neurona_fit_page_init (NeuronaFitPage *self)
{
  NrPolyFitConfig defaults;

  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  self->curve_x = g_new (double, CURVE_SAMPLES);
  self->curve_y = g_new (double, CURVE_SAMPLES);
  self->printout = g_string_new (NULL);

  nr_polyfit_config_init (&defaults);
  gtk_spin_button_set_value (self->seed_spin, (double) defaults.seed);

  neurona_plot_set_title (self->curve_plot, _("The target, its points and the polynomials"));
  neurona_plot_set_x_label (self->curve_plot, "x");
  neurona_plot_set_y_label (self->curve_plot, "y");
  neurona_plot_set_title (self->loss_plot, _("Loss Σ (y_pred − y)², log scale"));
  neurona_plot_set_x_label (self->loss_plot, _("Iteration"));
  neurona_plot_set_y_label (self->loss_plot, _("Loss"));
  neurona_plot_set_y_log (self->loss_plot, TRUE);
  neurona_plot_set_title (self->coefficient_plot, _("Coefficients over the iterations"));
  neurona_plot_set_x_label (self->coefficient_plot, _("Iteration"));
  neurona_plot_set_y_label (self->coefficient_plot, _("Value"));

  build_coefficient_grid (self);

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    gtk_scale_add_mark (self->speed_scale, i, GTK_POS_TOP, NULL);
  on_speed_changed (self);
  g_signal_connect_swapped (self->speed_scale, "value-changed", G_CALLBACK (on_speed_changed),
                            self);

  g_signal_connect_swapped (self->degree_spin, "value-changed", G_CALLBACK (rebuild),
                            self);
  g_signal_connect_swapped (self->target_dropdown, "notify::selected",
                            G_CALLBACK (rebuild), self);
  g_signal_connect_swapped (self->learning_rate_entry, "changed",
                            G_CALLBACK (rebuild), self);
  g_signal_connect_swapped (self->iterations_spin, "value-changed",
                            G_CALLBACK (rebuild), self);
  g_signal_connect_swapped (self->points_spin, "value-changed", G_CALLBACK (rebuild),
                            self);
  g_signal_connect_swapped (self->seed_spin, "value-changed", G_CALLBACK (rebuild),
                            self);

  rebuild (self);
}

GtkWidget *
neurona_fit_page_new (void)
{
  return g_object_new (NEURONA_TYPE_FIT_PAGE, NULL);
}

void
neurona_fit_page_set_config (NeuronaFitPage *self, const NrPolyFitConfig *config)
{
  char lr[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (NEURONA_IS_FIT_PAGE (self));
  g_return_if_fail (config != NULL);

  stop_ticking (self);
  gtk_spin_button_set_value (self->degree_spin, config->degree);
  gtk_drop_down_set_selected (self->target_dropdown, config->target);
  gtk_spin_button_set_value (self->iterations_spin, config->n_iterations);
  gtk_spin_button_set_value (self->points_spin, config->n_points);
  gtk_spin_button_set_value (self->seed_spin, (double) config->seed);
  g_ascii_formatd (lr, sizeof lr, "%g", config->learning_rate);
  gtk_editable_set_text (GTK_EDITABLE (self->learning_rate_entry), lr);
  rebuild (self);
}
