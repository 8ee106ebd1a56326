/* neurona-sweeps-page.c — the Sweeps page (neurona-sweeps-page.h).
 *
 * The list holds entries: the session's sweep queue while one trains (and after, so its
 * end and its scheduling stay readable), then the sweeps read from the runs folder on a
 * worker thread. A saved sweep's points are given their runs from the session's runs list
 * (only the runs its file names), so nothing but the small sweep files is read from disk.
 * The charts are rebuilt from the sweep whenever one of its runs is saved; the rows of
 * "Runs of the sweep" follow every progress report.
 */
#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "neurona-sweeps-page.h"
#include "neurona-a11y.h"
#include "neurona-sweep-dialog.h"

typedef struct {
  NrSweep *saved;           /* owned, or NULL for the queue's */
  NeuronaSweepQueue *queue; /* owned reference, or NULL */
} Entry;

typedef struct {
  GtkWidget *row;
  GtkLabel *name;
  GtkLabel *status;
  GtkProgressBar *bar;
  GtkWidget *cancel;
} RunRow;

/* What a plot's series shows: the runs of one value of the second setting (their points'
 * indices), or the means. */
typedef struct {
  gboolean runs;
  GArray *points; /* guint: the sweep's point of each plot point (runs series) */
} SeriesInfo;

struct _NeuronaSweepsPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *content;
  GtkListBox *sweeps_list;
  GtkLabel *sweeps_message;
  GtkStack *view_stack;
  GtkLabel *title_label;
  GtkWidget *cancel_button;
  GtkLabel *status_label;
  GtkLabel *schedule_label;
  NeuronaPlot *accuracy_plot;
  NeuronaPlot *loss_plot;
  GtkLabel *selected_label;
  GtkListBox *queue_list;

  /* Owned */
  NeuronaSession *session;
  GCancellable *cancellable;
  GPtrArray *entries;     /* Entry * */
  GPtrArray *run_rows;    /* RunRow *, one per point of the shown sweep */
  GPtrArray *series_info; /* SeriesInfo *, per plot series */
  GtkSizeGroup *names;    /* the run rows' names, one column wide */

  /* Borrowed */
  Entry *shown;
  gboolean loading;
  gboolean selecting; /* the list is being rebuilt */
};

G_DEFINE_FINAL_TYPE (NeuronaSweepsPage, neurona_sweeps_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_RUN_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_entry (NeuronaSweepsPage *self, Entry *entry);
static void rebuild_list (NeuronaSweepsPage *self);

static void
entry_free (Entry *entry)
{
  g_clear_pointer (&entry->saved, nr_sweep_free);
  g_clear_object (&entry->queue);
  g_free (entry);
}

static void
series_info_free (SeriesInfo *info)
{
  g_clear_pointer (&info->points, g_array_unref);
  g_free (info);
}

static NrSweep *
entry_sweep (Entry *entry)
{
  return entry->queue != NULL ? neurona_sweep_queue_get_sweep (entry->queue) : entry->saved;
}

/* ---- words ------------------------------------------------------------------------- */

/* "run 7", as the Runs page numbers it (its id when it is not listed). */
static char *
run_name (NeuronaSweepsPage *self, const NrSweepPoint *point)
{
  NeuronaRunItem *item = self->session != NULL ? neurona_session_find_run (self->session,
                                                                           point->run_id)
                                               : NULL;

  if (item != NULL)
    /* Translators: a run as the lab numbers it: "run 7" */
    return g_strdup_printf (_("run %u"), neurona_run_item_get_number (item));
  return g_strdup (point->run_id != NULL ? point->run_id : "");
}

static char *
value_text (const NrSweepValue *value)
{
  if (value->setting == NR_SWEEP_NORMALIZE)
    return g_strdup (value->choice ? _("yes") : _("no"));
  return nr_sweep_value_to_string (value);
}

static const NrSweepValue *
point_value (const NrSweep *sweep, const NrSweepPoint *point, guint axis)
{
  const NrSweepAxis *a = sweep->axes->pdata[axis];

  return &g_array_index (a->values, NrSweepValue, point->value_index[axis]);
}

/* "Hidden units 28 · Seed 43" */
static char *
point_label (const NrSweep *sweep, const NrSweepPoint *point)
{
  GString *s = g_string_new (NULL);

  for (guint a = 0; a < sweep->axes->len; a++)
    {
      const NrSweepAxis *axis = sweep->axes->pdata[a];
      g_autofree char *v = value_text (point_value (sweep, point, a));

      g_string_append_printf (s, "%s%s %s", a > 0 ? " · " : "",
                              neurona_sweep_dialog_setting_title (axis->setting), v);
    }
  return g_string_free (s, FALSE);
}

/* The axes the chart uses: x is the first setting other than the seed (the seed when it
 * is the only one), b the second (or -1); the seeds are what the means are taken over. */
static void
chart_axes (const NrSweep *sweep, int *x_axis, int *b_axis)
{
  *x_axis = -1;
  *b_axis = -1;
  for (guint a = 0; a < sweep->axes->len; a++)
    {
      NrSweepSetting s = ((NrSweepAxis *) sweep->axes->pdata[a])->setting;

      if (s == NR_SWEEP_SEED)
        continue;
      if (*x_axis < 0)
        *x_axis = (int) a;
      else if (*b_axis < 0)
        *b_axis = (int) a;
    }
  if (*x_axis < 0 && sweep->axes->len > 0)
    *x_axis = 0;
}

static guint
n_seeds (const NrSweep *sweep)
{
  for (guint a = 0; a < sweep->axes->len; a++)
    {
      NrSweepAxis *axis = sweep->axes->pdata[a];

      if (axis->setting == NR_SWEEP_SEED && sweep->axes->len > 1)
        return axis->values->len;
    }
  return 1;
}

/* "Hidden units × Learning rate, 3 seeds each" */
static char *
sweep_title (const NrSweep *sweep)
{
  GString *s = g_string_new (NULL);
  guint seeds = n_seeds (sweep);

  for (guint a = 0; a < sweep->axes->len; a++)
    {
      NrSweepSetting setting = ((NrSweepAxis *) sweep->axes->pdata[a])->setting;

      if (setting == NR_SWEEP_SEED && seeds > 1)
        continue;
      g_string_append_printf (s, "%s%s", s->len > 0 ? " × " : "",
                              neurona_sweep_dialog_setting_title (setting));
    }
  if (seeds > 1)
    {
      g_autofree char *title = g_string_free (s, FALSE);

      /* Translators: a sweep's name: "Hidden units, 3 seeds each" */
      return g_strdup_printf (ngettext ("%s, %u seed each", "%s, %u seeds each", seeds), title,
                              seeds);
    }
  return g_string_free (s, FALSE);
}

/* "6 runs · Fashion-MNIST · 2026-05-12 14:03" */
static char *
sweep_subtitle (const NrSweep *sweep)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (sweep->created);
  g_autofree char *date = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("");
  guint n = sweep->points->len;

  /* Translators: under a sweep's name: "6 runs · Fashion-MNIST · 2026-05-12 14:03" */
  return g_strdup_printf (ngettext ("%u run · %s · %s", "%u runs · %s · %s", n), n,
                          _(nr_dataset_info (sweep->dataset)->title), date);
}

/* ---- the chart --------------------------------------------------------------------- */

static gboolean
is_categorical (const NrSweepAxis *axis)
{
  if (axis->setting == NR_SWEEP_ACTIVATION || axis->setting == NR_SWEEP_OPTIMIZER
      || axis->setting == NR_SWEEP_NORMALIZE)
    return TRUE;
  for (guint i = 0; i < axis->values->len; i++)
    if (isnan (nr_sweep_value_get_number (&g_array_index (axis->values, NrSweepValue, i))))
      return TRUE;
  return FALSE;
}

typedef struct {
  double x;
  guint b;
  guint n;
  double acc_sum, acc_min, acc_max;
  double loss_sum, loss_min, loss_max;
} Group;

static int
compare_groups (gconstpointer pa, gconstpointer pb)
{
  const Group *a = pa, *b = pb;

  if (a->b != b->b)
    return a->b < b->b ? -1 : 1;
  return a->x < b->x ? -1 : a->x > b->x;
}

/* Where a point goes along x: its value, or its category's place (moved aside a little
 * per value of the second setting, so that the grid's points do not hide each other). */
static double
point_x (const NrSweep *sweep, const NrSweepPoint *point, int x_axis, gboolean categorical,
         guint b, guint n_b)
{
  if (categorical)
    return point->value_index[x_axis] + (n_b > 1 ? (b - (n_b - 1) / 2.0) * (0.3 / n_b) : 0.0);
  return nr_sweep_value_get_number (point_value (sweep, point, x_axis));
}

static void
set_x_axis (NeuronaPlot *plot, const NrSweepAxis *axis, gboolean categorical)
{
  double lo = INFINITY, hi = -INFINITY;

  neurona_plot_set_x_label (plot, neurona_sweep_dialog_setting_title (axis->setting));
  if (categorical)
    {
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      neurona_plot_set_x_log (plot, FALSE);
      for (guint i = 0; i < axis->values->len; i++)
        g_ptr_array_add (names, value_text (&g_array_index (axis->values, NrSweepValue, i)));
      g_ptr_array_add (names, NULL);
      neurona_plot_set_x_categories (plot, (const char *const *) names->pdata);
      return;
    }
  neurona_plot_set_x_categories (plot, NULL);
  for (guint i = 0; i < axis->values->len; i++)
    {
      double v = nr_sweep_value_get_number (&g_array_index (axis->values, NrSweepValue, i));

      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  /* Learning rates are tried by factors of ten: a log axis spaces them evenly (when they
   * span a decade at least, so that the axis has a labelled tick). */
  if (axis->setting == NR_SWEEP_LEARNING_RATE && lo > 0 && hi >= 10 * lo)
    {
      double pad = hi > lo ? pow (hi / lo, 0.06) : 2.0;

      neurona_plot_set_x_log (plot, TRUE);
      neurona_plot_set_x_range (plot, lo / pad, hi * pad);
    }
  else
    {
      double pad = hi > lo ? (hi - lo) * 0.06 : MAX (fabs (lo) * 0.1, 1.0);

      neurona_plot_set_x_log (plot, FALSE);
      neurona_plot_set_x_range (plot, lo - pad, hi + pad);
    }
}

/* One plot's series and text alternative: accuracy (metric 0) or loss (metric 1). */
static void
fill_plot (NeuronaSweepsPage *self, NeuronaPlot *plot, const NrSweep *sweep, guint metric,
           GArray *groups, int x_axis, int b_axis, gboolean categorical, gboolean with_means)
{
  const NrSweepAxis *xa = sweep->axes->pdata[x_axis];
  const NrSweepAxis *ba = b_axis >= 0 ? sweep->axes->pdata[b_axis] : NULL;
  guint n_b = ba != NULL ? ba->values->len : 1;
  const char *what = metric == 0 ? _("test accuracy") : _("test loss");
  g_autoptr (GString) text = g_string_new (NULL);
  guint seeds = n_seeds (sweep);

  neurona_plot_remove_all_series (plot);
  for (guint b = 0; b < n_b; b++)
    {
      g_autoptr (GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) lo = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) hi = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) rx = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) ry = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *b_text = ba != NULL ? value_text (&g_array_index (ba->values, NrSweepValue, b))
                                           : NULL;
      g_autofree char *label = NULL;
      SeriesInfo *info;
      guint mean_series, runs_series;
      gboolean spread = FALSE;

      /* The means, in the order of x. */
      for (guint g = 0; g < groups->len; g++)
        {
          Group *gr = &g_array_index (groups, Group, g);
          double mean, vlo, vhi;

          if (gr->b != b || gr->n == 0)
            continue;
          mean = (metric == 0 ? gr->acc_sum : gr->loss_sum) / gr->n;
          vlo = metric == 0 ? gr->acc_min : gr->loss_min;
          vhi = metric == 0 ? gr->acc_max : gr->loss_max;
          g_array_append_val (xs, gr->x);
          g_array_append_val (ys, mean);
          g_array_append_val (lo, vlo);
          g_array_append_val (hi, vhi);
          spread |= gr->n > 1;
        }
      if (ba != NULL)
        label = g_strdup_printf ("%s %s", neurona_sweep_dialog_setting_title (ba->setting), b_text);
      else if (seeds > 1)
        label = g_strdup (_("Mean across the seeds (bars: lowest to highest)"));
      else
        label = g_strdup (metric == 0 ? _("Test accuracy") : _("Test loss"));
      if (with_means)
        {
          mean_series = neurona_plot_add_series (plot, label, NULL, NEURONA_PLOT_LINE);
          neurona_plot_set_series_look (plot, mean_series, b);
          neurona_plot_set_points (plot, mean_series, (double *) xs->data, (double *) ys->data,
                                   xs->len);
          if (spread)
            neurona_plot_set_error_bars (plot, mean_series, (double *) lo->data,
                                         (double *) hi->data, lo->len);
          info = g_new0 (SeriesInfo, 1);
          if (plot == self->accuracy_plot)
            g_ptr_array_add (self->series_info, info);
          else
            series_info_free (info);
        }

      /* One square per run. */
      info = g_new0 (SeriesInfo, 1);
      info->runs = TRUE;
      info->points = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint p = 0; p < sweep->points->len; p++)
        {
          const NrSweepPoint *point = sweep->points->pdata[p];
          double y;

          if (point->run == NULL || (ba != NULL && point->value_index[b_axis] != b))
            continue;
          y = metric == 0 ? nr_run_record_get_test_accuracy (point->run)
                          : nr_run_record_get_test_loss (point->run);
          if (!isfinite (y))
            continue;
          {
            double x = point_x (sweep, point, x_axis, categorical, b, n_b);

            g_array_append_val (rx, x);
            g_array_append_val (ry, y);
            g_array_append_val (info->points, p);
          }
        }
      runs_series = neurona_plot_add_series (plot, with_means ? label : _("Runs"), NULL,
                                             NEURONA_PLOT_MARKERS);
      neurona_plot_set_series_look (plot, runs_series, b);
      neurona_plot_set_series_in_legend (plot, runs_series, !with_means);
      neurona_plot_set_series_selectable (plot, runs_series, TRUE);
      neurona_plot_set_points (plot, runs_series, (double *) rx->data, (double *) ry->data,
                               rx->len);
      if (plot == self->accuracy_plot)
        g_ptr_array_add (self->series_info, info);
      else
        series_info_free (info);
    }

  /* The text alternative: every point, by x then by the second setting. */
  for (guint v = 0; v < xa->values->len; v++)
    for (guint b = 0; b < n_b; b++)
      {
        g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_free);
        g_autofree char *x_value = value_text (&g_array_index (xa->values, NrSweepValue, v));
        g_autofree char *where = NULL;
        double sum = 0;
        guint n = 0;

        if (ba != NULL)
          {
            g_autofree char *b_value = value_text (&g_array_index (ba->values, NrSweepValue, b));

            where = g_strdup_printf ("%s %s, %s %s", neurona_sweep_dialog_setting_title (ba->setting),
                                     b_value, neurona_sweep_dialog_setting_title (xa->setting),
                                     x_value);
          }
        else
          where = g_strdup_printf ("%s %s", neurona_sweep_dialog_setting_title (xa->setting),
                                   x_value);
        for (guint p = 0; p < sweep->points->len; p++)
          {
            const NrSweepPoint *point = sweep->points->pdata[p];
            g_autofree char *name = NULL;
            double y;

            if (point->value_index[x_axis] != v || (ba != NULL && point->value_index[b_axis] != b)
                || point->run == NULL)
              continue;
            y = metric == 0 ? nr_run_record_get_test_accuracy (point->run)
                            : nr_run_record_get_test_loss (point->run);
            if (!isfinite (y))
              continue;
            name = run_name (self, point);
            /* Translators: one run in a chart's text alternative: "0.8412 (run 7)" */
            g_ptr_array_add (runs, g_strdup_printf (_("%.4f (%s)"), y, name));
            sum += y;
            n++;
          }
        if (text->len > 0)
          g_string_append_c (text, '\n');
        g_ptr_array_add (runs, NULL);
        if (n == 0)
          /* Translators: a chart's text alternative: "Hidden units 28: no test accuracy yet" */
          g_string_append_printf (text, _("%s: no %s yet"), where, what);
        else if (n == 1)
          /* Translators: a chart's text alternative: "Hidden units 28: test accuracy 0.8412
           * (run …)" */
          g_string_append_printf (text, _("%s: %s %s"), where, what, (char *) runs->pdata[0]);
        else
          {
            g_autofree char *list = g_strjoinv (", ", (char **) runs->pdata);

            /* Translators: a chart's text alternative: "Hidden units 28: test accuracy
             * 0.8412 (run …), 0.8390 (run …); mean 0.8401" */
            g_string_append_printf (text, _("%s: %s %s; mean %.4f"), where, what, list, sum / n);
          }
      }
  neurona_plot_set_description (plot, text->str);
}

/* Both charts from the shown sweep's runs as they are now. */
static void
build_charts (NeuronaSweepsPage *self)
{
  NrSweep *sweep = self->shown != NULL ? entry_sweep (self->shown) : NULL;
  g_autoptr (GArray) groups = NULL;
  g_autofree char *x_title = NULL;
  g_autofree char *acc_title = NULL;
  g_autofree char *loss_title = NULL;
  const NrSweepAxis *xa;
  int x_axis, b_axis;
  gboolean categorical, with_means;
  guint n_b;

  g_ptr_array_set_size (self->series_info, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweeps.open-selected", FALSE);
  if (sweep == NULL || sweep->axes->len == 0)
    {
      neurona_plot_remove_all_series (self->accuracy_plot);
      neurona_plot_remove_all_series (self->loss_plot);
      return;
    }
  chart_axes (sweep, &x_axis, &b_axis);
  xa = sweep->axes->pdata[x_axis];
  categorical = is_categorical (xa);
  n_b = b_axis >= 0 ? ((NrSweepAxis *) sweep->axes->pdata[b_axis])->values->len : 1;
  /* A line through the means, unless the seed is all that varies (nothing to average). */
  with_means = xa->setting != NR_SWEEP_SEED;

  /* Per group (the points that differ only by their seed): the figures of its runs. */
  groups = g_array_new (FALSE, TRUE, sizeof (Group));
  g_array_set_size (groups, sweep->n_groups);
  for (guint g = 0; g < sweep->n_groups; g++)
    {
      Group *gr = &g_array_index (groups, Group, g);

      gr->acc_min = gr->loss_min = INFINITY;
      gr->acc_max = gr->loss_max = -INFINITY;
      gr->x = NAN;
    }
  for (guint p = 0; p < sweep->points->len; p++)
    {
      const NrSweepPoint *point = sweep->points->pdata[p];
      Group *gr = &g_array_index (groups, Group, point->group);
      guint b = b_axis >= 0 ? point->value_index[b_axis] : 0;
      double acc, loss;

      gr->b = b;
      gr->x = point_x (sweep, point, x_axis, categorical, b, n_b);
      if (point->run == NULL)
        continue;
      acc = nr_run_record_get_test_accuracy (point->run);
      loss = nr_run_record_get_test_loss (point->run);
      if (!isfinite (acc) || !isfinite (loss))
        continue;
      gr->n++;
      gr->acc_sum += acc;
      gr->acc_min = MIN (gr->acc_min, acc);
      gr->acc_max = MAX (gr->acc_max, acc);
      gr->loss_sum += loss;
      gr->loss_min = MIN (gr->loss_min, loss);
      gr->loss_max = MAX (gr->loss_max, loss);
    }
  g_array_sort (groups, compare_groups);

  x_title = g_utf8_strdown (neurona_sweep_dialog_setting_title (xa->setting), -1);
  /* Translators: a sweep's chart: "Test accuracy against hidden units" */
  acc_title = g_strdup_printf (_("Test accuracy against %s"), x_title);
  /* Translators: a sweep's chart: "Test loss against hidden units" */
  loss_title = g_strdup_printf (_("Test loss against %s"), x_title);
  neurona_plot_set_title (self->accuracy_plot, acc_title);
  neurona_plot_set_title (self->loss_plot, loss_title);
  neurona_plot_set_y_label (self->accuracy_plot, _("Test accuracy"));
  neurona_plot_set_y_label (self->loss_plot, _("Test loss"));
  set_x_axis (self->accuracy_plot, xa, categorical);
  set_x_axis (self->loss_plot, xa, categorical);
  fill_plot (self, self->accuracy_plot, sweep, 0, groups, x_axis, b_axis, categorical, with_means);
  fill_plot (self, self->loss_plot, sweep, 1, groups, x_axis, b_axis, categorical, with_means);
}

gboolean
neurona_sweeps_page_get_point_of (NeuronaSweepsPage *self, guint series, guint index,
                                  guint *point)
{
  SeriesInfo *info;

  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), FALSE);

  if (series >= self->series_info->len)
    return FALSE;
  info = self->series_info->pdata[series];
  if (!info->runs || index >= info->points->len)
    return FALSE;
  if (point != NULL)
    *point = g_array_index (info->points, guint, index);
  return TRUE;
}

/* ---- opening a run ----------------------------------------------------------------- */

gboolean
neurona_sweeps_page_open_point (NeuronaSweepsPage *self, guint index)
{
  NrSweep *sweep;
  NrSweepPoint *point;
  NeuronaRunItem *item;

  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), FALSE);

  sweep = self->shown != NULL ? entry_sweep (self->shown) : NULL;
  if (sweep == NULL || index >= sweep->points->len || self->session == NULL)
    return FALSE;
  point = sweep->points->pdata[index];
  item = neurona_session_find_run (self->session, point->run_id);
  if (item == NULL)
    {
      gtk_label_set_text (self->selected_label,
                          point->run_id != NULL
                            ? _("That run is no longer in the runs folder.")
                            : _("That run has not been saved: it has nothing to open."));
      return FALSE;
    }
  neurona_session_open_run (self->session, item);
  g_signal_emit (self, signals[SIGNAL_RUN_OPENED], 0, item);
  return TRUE;
}

static void
on_point_selected (NeuronaPlot *plot, guint series, guint index, NeuronaSweepsPage *self)
{
  NrSweep *sweep = self->shown != NULL ? entry_sweep (self->shown) : NULL;
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  const NrSweepPoint *point;
  guint p;

  if (sweep == NULL || !neurona_sweeps_page_get_point_of (self, series, index, &p))
    return;
  point = sweep->points->pdata[p];
  label = point_label (sweep, point);
  name = run_name (self, point);
  /* Translators: under a sweep's chart, the run picked with the keyboard: "Hidden units 28
   * · Seed 42: test accuracy 0.8412, test loss 0.4410. Press Enter to open run 7." */
  text = g_strdup_printf (_("%s: test accuracy %.4f, test loss %.4f. Press Enter to open %s."),
                          label, nr_run_record_get_test_accuracy (point->run),
                          nr_run_record_get_test_loss (point->run), name);
  gtk_label_set_text (self->selected_label, text);
  /* The other chart picks the same run. */
  neurona_plot_select_point (plot == self->accuracy_plot ? self->loss_plot : self->accuracy_plot,
                             series, index);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweeps.open-selected", TRUE);
}

static void
open_selected_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaSweepsPage *self = NEURONA_SWEEPS_PAGE (widget);
  guint series, index, p;

  if (neurona_plot_get_selected_point (self->accuracy_plot, &series, &index)
      && neurona_sweeps_page_get_point_of (self, series, index, &p))
    neurona_sweeps_page_open_point (self, p);
}

static void
on_point_activated (NeuronaPlot *plot, guint series, guint index, NeuronaSweepsPage *self)
{
  guint p;

  if (neurona_sweeps_page_get_point_of (self, series, index, &p))
    neurona_sweeps_page_open_point (self, p);
}

/* ---- the runs of the sweep --------------------------------------------------------- */

static void
run_row_free (RunRow *row)
{
  g_free (row);
}

static char *
describe_saved_point (const NrSweepPoint *point)
{
  const NrRunRecord *run = point->run;

  if (run == NULL)
    return g_strdup (point->run_id != NULL ? _("its run is no longer in the runs folder")
                                           : _("not run"));
  if (run->status == NR_TRAIN_DIVERGED)
    /* Translators: a sweep's run: "diverged in epoch 3" */
    return g_strdup_printf (_("diverged in epoch %u"), run->diverged_epoch);
  if (run->status == NR_TRAIN_CANCELLED)
    /* Translators: a sweep's run: "stopped after epoch 2 of 5 · test accuracy 0.8012" */
    return g_strdup_printf (_("stopped after epoch %u of %u · test accuracy %.4f"),
                            run->history->len, run->config.epochs,
                            nr_run_record_get_test_accuracy (run));
  /* Translators: a sweep's run that ended: "finished · test accuracy 0.8412" */
  return g_strdup_printf (_("finished · test accuracy %.4f"), nr_run_record_get_test_accuracy (run));
}

static char *
describe_live_point (const NeuronaSweepPointProgress *pp, const NrSweepPoint *point)
{
  switch (pp->state)
    {
    case NEURONA_SWEEP_POINT_QUEUED:
      return g_strdup (pp->cancelling ? _("cancelled") : _("waiting"));
    case NEURONA_SWEEP_POINT_RUNNING:
      if (pp->cancelling)
        return g_strdup (_("stopping…"));
      if (pp->steps == 0)
        return g_strdup (_("starting…"));
      if (isfinite (pp->test_accuracy))
        /* Translators: a sweep's run in progress: "epoch 2/5 · accuracy 0.8123 · test
         * accuracy 0.8012" */
        return g_strdup_printf (_("epoch %u/%u · accuracy %.4f · test accuracy %.4f"), pp->epoch,
                                pp->epochs, pp->accuracy, pp->test_accuracy);
      /* Translators: a sweep's run in progress: "epoch 1/5 · accuracy 0.7123" */
      return g_strdup_printf (_("epoch %u/%u · accuracy %.4f"), pp->epoch, pp->epochs,
                              pp->accuracy);
    case NEURONA_SWEEP_POINT_FINISHED:
    case NEURONA_SWEEP_POINT_STOPPED:
      return describe_saved_point (point);
    case NEURONA_SWEEP_POINT_CANCELLED:
      return g_strdup (_("cancelled before its first epoch ended: not saved"));
    case NEURONA_SWEEP_POINT_FAILED:
    default:
      /* Translators: a sweep's run that could not be trained: "failed: <why>" */
      return g_strdup_printf (_("failed: %s"), pp->error != NULL ? pp->error : "");
    }
}

static void
update_run_row (NeuronaSweepsPage *self, guint index)
{
  NrSweep *sweep = entry_sweep (self->shown);
  NeuronaSweepQueue *queue = self->shown->queue;
  const NrSweepPoint *point = sweep->points->pdata[index];
  RunRow *row;
  g_autofree char *status = NULL;
  double fraction = 0;
  gboolean cancellable = FALSE;

  if (index >= self->run_rows->len)
    return;
  row = self->run_rows->pdata[index];
  if (queue != NULL)
    {
      const NeuronaSweepPointProgress *pp = neurona_sweep_queue_get_point (queue, index);

      status = describe_live_point (pp, point);
      if (pp->state == NEURONA_SWEEP_POINT_RUNNING && pp->steps > 0 && pp->epochs > 0)
        fraction = ((pp->epoch - 1) + (double) pp->step / pp->steps) / pp->epochs;
      else if (pp->state == NEURONA_SWEEP_POINT_FINISHED)
        fraction = 1;
      else if (pp->state == NEURONA_SWEEP_POINT_STOPPED && pp->epochs > 0)
        fraction = (double) pp->epoch / pp->epochs;
      cancellable = (pp->state == NEURONA_SWEEP_POINT_QUEUED
                     || pp->state == NEURONA_SWEEP_POINT_RUNNING)
                    && !pp->cancelling && neurona_sweep_queue_get_running (queue);
      if (pp->error != NULL && pp->state != NEURONA_SWEEP_POINT_FAILED)
        {
          g_autofree char *both = g_strdup_printf ("%s · %s", status, pp->error);

          g_free (status);
          status = g_steal_pointer (&both);
        }
    }
  else
    {
      status = describe_saved_point (point);
      if (point->run != NULL && point->run->config.epochs > 0)
        fraction = (double) point->run->history->len / point->run->config.epochs;
    }
  gtk_label_set_text (row->status, status);
  gtk_progress_bar_set_fraction (row->bar, CLAMP (fraction, 0, 1));
  gtk_widget_set_visible (row->cancel, cancellable);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), point->run != NULL);
}

static void
on_cancel_run_clicked (GtkButton *button, NeuronaSweepsPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "point"));

  if (self->shown != NULL && self->shown->queue != NULL)
    neurona_sweep_queue_cancel_point (self->shown->queue, index);
}

static void
on_run_row_activated (GtkListBox *list, GtkListBoxRow *row, NeuronaSweepsPage *self)
{
  neurona_sweeps_page_open_point (self, (guint) gtk_list_box_row_get_index (row));
}

static void
build_run_rows (NeuronaSweepsPage *self)
{
  NrSweep *sweep = entry_sweep (self->shown);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list))) != NULL)
    gtk_list_box_remove (self->queue_list, child);
  g_ptr_array_set_size (self->run_rows, 0);
  for (guint i = 0; i < sweep->points->len; i++)
    {
      RunRow *row = g_new0 (RunRow, 1);
      g_autofree char *label = point_label (sweep, sweep->points->pdata[i]);
      g_autofree char *cancel_what = NULL;
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

      gtk_widget_set_margin_start (box, 8);
      gtk_widget_set_margin_end (box, 8);
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      row->name = GTK_LABEL (gtk_label_new (label));
      gtk_label_set_xalign (row->name, 0);
      gtk_label_set_ellipsize (row->name, PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (row->name, 18);
      gtk_size_group_add_widget (self->names, GTK_WIDGET (row->name));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->name));
      row->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
      gtk_widget_set_valign (GTK_WIDGET (row->bar), GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (GTK_WIDGET (row->bar), 90, -1);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->bar));
      row->status = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (row->status, 0);
      gtk_label_set_wrap (row->status, TRUE);
      gtk_label_set_wrap_mode (row->status, PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_hexpand (GTK_WIDGET (row->status), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (row->status), "numeric");
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->status));
      row->cancel = gtk_button_new_with_label (_("Cancel"));
      gtk_widget_set_valign (row->cancel, GTK_ALIGN_CENTER);
      neurona_a11y_name_from_label (row->cancel);
      /* Translators: the accessible description of a sweep's run's Cancel button */
      cancel_what = g_strdup_printf (_("Cancel the run %s"), label);
      gtk_widget_set_tooltip_text (row->cancel, cancel_what);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->cancel),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, cancel_what, -1);
      g_object_set_data (G_OBJECT (row->cancel), "point", GUINT_TO_POINTER (i));
      g_signal_connect (row->cancel, "clicked", G_CALLBACK (on_cancel_run_clicked), self);
      gtk_box_append (GTK_BOX (box), row->cancel);
      row->row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);
      gtk_list_box_append (self->queue_list, row->row);
      g_ptr_array_add (self->run_rows, row);
      update_run_row (self, i);
    }
}

/* ---- the sweep shown --------------------------------------------------------------- */

static void
update_header (NeuronaSweepsPage *self)
{
  NrSweep *sweep = entry_sweep (self->shown);
  NeuronaSweepQueue *queue = self->shown->queue;
  g_autofree char *title = sweep_title (sweep);
  g_autofree char *status = NULL;
  const char *reason = NULL;
  gboolean running = queue != NULL && neurona_sweep_queue_get_running (queue);

  gtk_label_set_text (self->title_label, title);
  if (queue != NULL)
    {
      status = neurona_sweep_queue_describe (queue);
      reason = neurona_sweep_queue_get_schedule_reason (queue);
    }
  else
    {
      guint with_run = 0;

      for (guint p = 0; p < sweep->points->len; p++)
        with_run += ((NrSweepPoint *) sweep->points->pdata[p])->run != NULL;
      /* Translators: a saved sweep: "Saved: 6 of 6 runs in the runs folder" */
      status = g_strdup_printf (ngettext ("Saved: %u of %u run in the runs folder",
                                          "Saved: %u of %u runs in the runs folder",
                                          sweep->points->len),
                                with_run, sweep->points->len);
    }
  gtk_label_set_text (self->status_label, status);
  gtk_label_set_text (self->schedule_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->schedule_label), reason != NULL);
  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweeps.cancel", running);
}

/* A saved sweep's points get their runs from the session's list: only the runs its file
 * names (a point never run stays without one). */
static void
attach_runs (NeuronaSweepsPage *self, NrSweep *sweep)
{
  g_autoptr (GPtrArray) named = g_ptr_array_new_with_free_func ((GDestroyNotify) nr_run_record_free);

  if (self->session == NULL)
    return;
  for (guint p = 0; p < sweep->points->len; p++)
    {
      NrSweepPoint *point = sweep->points->pdata[p];
      NeuronaRunItem *item = neurona_session_find_run (self->session, point->run_id);

      g_clear_pointer (&point->run, nr_run_record_free);
      if (item != NULL)
        g_ptr_array_add (named, nr_run_record_copy (neurona_run_item_get_record (item)));
    }
  nr_sweep_attach_runs (sweep, named, NULL);
}

static void
show_entry (NeuronaSweepsPage *self, Entry *entry)
{
  self->shown = entry;
  if (entry == NULL)
    {
      g_ptr_array_set_size (self->run_rows, 0);
      build_charts (self);
      gtk_stack_set_visible_child_name (self->view_stack, "empty");
      return;
    }
  if (entry->saved != NULL)
    attach_runs (self, entry->saved);
  gtk_label_set_text (self->selected_label, "");
  update_header (self);
  build_run_rows (self);
  build_charts (self);
  gtk_stack_set_visible_child_name (self->view_stack, "sweep");
}

/* ---- the queue --------------------------------------------------------------------- */

static void
on_queue_point_changed (NeuronaSweepQueue *queue, guint index, NeuronaSweepsPage *self)
{
  if (self->shown == NULL || self->shown->queue != queue)
    return;
  update_run_row (self, index);
  update_header (self);
}

static void
on_queue_run_saved (NeuronaSweepQueue *queue, gpointer record, gpointer weights,
                    NeuronaSweepsPage *self)
{
  if (self->shown == NULL || self->shown->queue != queue)
    return;
  build_charts (self);
}

static void
on_queue_changed (NeuronaSweepQueue *queue, GParamSpec *pspec, NeuronaSweepsPage *self)
{
  if (self->shown != NULL && self->shown->queue == queue)
    {
      update_header (self);
      for (guint i = 0; i < self->run_rows->len; i++)
        update_run_row (self, i);
    }
  if (!neurona_sweep_queue_get_running (queue))
    {
      /* Its subtitle in the list, and the saved sweeps (it may be among them now). */
      rebuild_list (self);
      neurona_sweeps_page_reload (self);
    }
}

static void
add_queue (NeuronaSweepsPage *self, NeuronaSweepQueue *queue)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->queue = g_object_ref (queue);
  g_signal_connect (queue, "point-changed", G_CALLBACK (on_queue_point_changed), self);
  g_signal_connect (queue, "run-saved", G_CALLBACK (on_queue_run_saved), self);
  g_signal_connect (queue, "notify::running", G_CALLBACK (on_queue_changed), self);
  g_signal_connect (queue, "notify::schedule", G_CALLBACK (on_queue_changed), self);
  /* The newest first, and shown at once. */
  g_ptr_array_insert (self->entries, 0, entry);
  rebuild_list (self);
  neurona_sweeps_page_select (self, 0);
}

static void
on_session_sweep (NeuronaSession *session, GParamSpec *pspec, NeuronaSweepsPage *self)
{
  NeuronaSweepQueue *queue = neurona_session_get_sweep (session);

  for (guint i = 0; queue != NULL && i < self->entries->len; i++)
    if (((Entry *) self->entries->pdata[i])->queue == queue)
      return;
  if (queue != NULL)
    add_queue (self, queue);
}

static void
on_runs_changed (GListModel *runs, guint position, guint removed, guint added,
                 NeuronaSweepsPage *self)
{
  /* A saved sweep's runs may have been read (or deleted) meanwhile. */
  if (self->shown != NULL && self->shown->saved != NULL)
    {
      attach_runs (self, self->shown->saved);
      update_header (self);
      for (guint i = 0; i < self->run_rows->len; i++)
        update_run_row (self, i);
      build_charts (self);
    }
}

/* ---- the list of sweeps ------------------------------------------------------------ */

static GtkWidget *
make_list_row (Entry *entry)
{
  NrSweep *sweep = entry_sweep (entry);
  g_autofree char *title = sweep_title (sweep);
  g_autofree char *subtitle = sweep_subtitle (sweep);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *sub;

  if (entry->queue != NULL && neurona_sweep_queue_get_running (entry->queue))
    {
      g_autofree char *both = g_strdup_printf (_("%s · training"), subtitle);

      sub = gtk_label_new (both);
    }
  else
    sub = gtk_label_new (subtitle);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_widget_add_css_class (sub, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), sub);
  return box;
}

static void
rebuild_list (NeuronaSweepsPage *self)
{
  GtkWidget *child;
  Entry *shown = self->shown;

  self->selecting = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sweeps_list))) != NULL)
    gtk_list_box_remove (self->sweeps_list, child);
  for (guint i = 0; i < self->entries->len; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), make_list_row (self->entries->pdata[i]));
      gtk_list_box_append (self->sweeps_list, row);
      if (self->entries->pdata[i] == shown)
        gtk_list_box_select_row (self->sweeps_list, GTK_LIST_BOX_ROW (row));
    }
  self->selecting = FALSE;
}

static void
on_row_selected (GtkListBox *list, GtkListBoxRow *row, NeuronaSweepsPage *self)
{
  Entry *entry;

  if (self->selecting || row == NULL)
    return;
  entry = self->entries->pdata[gtk_list_box_row_get_index (row)];
  if (entry != self->shown)
    show_entry (self, entry);
}

typedef struct {
  GPtrArray *sweeps; /* NrSweep * */
  GPtrArray *errors; /* GError * */
  GError *error;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->sweeps, g_ptr_array_unref);
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_clear_error (&result->error);
  g_free (result);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LoadResult *result = g_new0 (LoadResult, 1);

  result->sweeps = nr_sweep_load_all (task_data, &result->errors, &result->error);
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

static gboolean
is_queue_sweep (NeuronaSweepsPage *self, const char *id)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = self->entries->pdata[i];

      if (entry->queue != NULL && g_strcmp0 (neurona_sweep_queue_get_sweep (entry->queue)->id, id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
load_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  NeuronaSweepsPage *self = NEURONA_SWEEPS_PAGE (source);
  LoadResult *result = g_task_propagate_pointer (G_TASK (res), NULL);
  g_autofree char *shown_id = NULL;
  g_autoptr (GString) message = g_string_new (NULL);
  Entry *reshow = NULL;

  if (result == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&result, load_result_free);
      return;
    }
  self->loading = FALSE;
  if (self->shown != NULL && self->shown->saved != NULL)
    shown_id = g_strdup (self->shown->saved->id);

  /* The queues stay; the saved sweeps are those just read. */
  for (guint i = self->entries->len; i > 0; i--)
    if (((Entry *) self->entries->pdata[i - 1])->saved != NULL)
      {
        if (self->entries->pdata[i - 1] == self->shown)
          self->shown = NULL;
        g_ptr_array_remove_index (self->entries, i - 1);
      }
  for (guint i = 0; result->sweeps != NULL && i < result->sweeps->len; i++)
    {
      NrSweep *sweep = result->sweeps->pdata[i];
      Entry *entry;

      if (is_queue_sweep (self, sweep->id))
        continue;
      entry = g_new0 (Entry, 1);
      entry->saved = g_steal_pointer (&result->sweeps->pdata[i]);
      g_ptr_array_add (self->entries, entry);
      if (shown_id != NULL && g_strcmp0 (shown_id, entry->saved->id) == 0)
        reshow = entry;
    }
  if (result->error != NULL)
    g_string_append (message, result->error->message);
  for (guint i = 0; result->errors != NULL && i < result->errors->len; i++)
    g_string_append_printf (message, "%s%s", message->len > 0 ? "\n" : "",
                            ((GError *) result->errors->pdata[i])->message);
  gtk_label_set_text (self->sweeps_message, message->str);
  gtk_widget_set_visible (GTK_WIDGET (self->sweeps_message), message->len > 0);
  load_result_free (result);

  if (reshow != NULL)
    self->shown = reshow;
  rebuild_list (self);
  if (reshow != NULL)
    show_entry (self, reshow);
  else if (self->shown == NULL && self->entries->len > 0)
    neurona_sweeps_page_select (self, 0);
  else if (self->shown == NULL)
    show_entry (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
neurona_sweeps_page_reload (NeuronaSweepsPage *self)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (NEURONA_IS_SWEEPS_PAGE (self));

  if (self->session == NULL)
    return;
  self->loading = TRUE;
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_task_data (task, g_strdup (neurona_session_get_runs_dir (self->session)), g_free);
  g_task_run_in_thread (task, load_thread);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
cancel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaSweepsPage *self = NEURONA_SWEEPS_PAGE (widget);

  if (self->shown != NULL && self->shown->queue != NULL)
    neurona_sweep_queue_cancel (self->shown->queue);
}

static void
neurona_sweeps_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (neurona_sweeps_page_parent_class)->map (widget);
  /* Sweeps saved meanwhile by neurona-cli (or another lab) show when the page does. */
  neurona_sweeps_page_reload (NEURONA_SWEEPS_PAGE (widget));
}

static void
neurona_sweeps_page_dispose (GObject *object)
{
  NeuronaSweepsPage *self = NEURONA_SWEEPS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (neurona_session_get_runs (self->session), self);
    }
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      Entry *entry = self->entries->pdata[i];

      if (entry->queue != NULL)
        g_signal_handlers_disconnect_by_data (entry->queue, self);
    }
  self->shown = NULL;
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_SWEEPS_PAGE);

  G_OBJECT_CLASS (neurona_sweeps_page_parent_class)->dispose (object);
}

static void
neurona_sweeps_page_finalize (GObject *object)
{
  NeuronaSweepsPage *self = NEURONA_SWEEPS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->run_rows, g_ptr_array_unref);
  g_clear_pointer (&self->series_info, g_ptr_array_unref);
  g_clear_object (&self->names);

  G_OBJECT_CLASS (neurona_sweeps_page_parent_class)->finalize (object);
}

static void
neurona_sweeps_page_get_property (GObject *object, guint prop_id, GValue *value,
                                  GParamSpec *pspec)
{
  NeuronaSweepsPage *self = NEURONA_SWEEPS_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_sweeps_page_class_init (NeuronaSweepsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_sweeps_page_dispose;
  object_class->finalize = neurona_sweeps_page_finalize;
  object_class->get_property = neurona_sweeps_page_get_property;
  widget_class->map = neurona_sweeps_page_map;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_RUN_OPENED] =
    g_signal_new ("run-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, NEURONA_TYPE_RUN_ITEM);

  gtk_widget_class_install_action (widget_class, "sweeps.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "sweeps.open-selected", NULL,
                                   open_selected_action);

  g_type_ensure (NEURONA_TYPE_PLOT);
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sweepspage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-sweeps-page.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, content);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, sweeps_list);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, sweeps_message);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, schedule_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, accuracy_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, selected_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepsPage, queue_list);
}

static void
neurona_sweeps_page_init (NeuronaSweepsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->run_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) run_row_free);
  self->series_info = g_ptr_array_new_with_free_func ((GDestroyNotify) series_info_free);
  self->names = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  gtk_widget_set_visible (GTK_WIDGET (self->sweeps_message), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweeps.cancel", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweeps.open-selected", FALSE);

  g_signal_connect (self->sweeps_list, "row-selected", G_CALLBACK (on_row_selected), self);
  g_signal_connect (self->queue_list, "row-activated", G_CALLBACK (on_run_row_activated), self);
  for (guint i = 0; i < 2; i++)
    {
      NeuronaPlot *plot = i == 0 ? self->accuracy_plot : self->loss_plot;

      g_signal_connect (plot, "point-selected", G_CALLBACK (on_point_selected), self);
      g_signal_connect (plot, "point-activated", G_CALLBACK (on_point_activated), self);
    }
}

GtkWidget *
neurona_sweeps_page_new (void)
{
  return g_object_new (NEURONA_TYPE_SWEEPS_PAGE, NULL);
}

void
neurona_sweeps_page_set_session (NeuronaSweepsPage *self, NeuronaSession *session)
{
  g_return_if_fail (NEURONA_IS_SWEEPS_PAGE (self));
  g_return_if_fail (NEURONA_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  g_signal_connect (session, "notify::sweep", G_CALLBACK (on_session_sweep), self);
  g_signal_connect (neurona_session_get_runs (session), "items-changed",
                    G_CALLBACK (on_runs_changed), self);
  on_session_sweep (session, NULL, self);
  neurona_sweeps_page_reload (self);
}

gboolean
neurona_sweeps_page_get_loading (NeuronaSweepsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), FALSE);

  return self->loading;
}

guint
neurona_sweeps_page_get_n_sweeps (NeuronaSweepsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), 0);

  return self->entries->len;
}

void
neurona_sweeps_page_select (NeuronaSweepsPage *self, guint position)
{
  GtkListBoxRow *row;

  g_return_if_fail (NEURONA_IS_SWEEPS_PAGE (self));
  g_return_if_fail (position < self->entries->len);

  row = gtk_list_box_get_row_at_index (self->sweeps_list, (int) position);
  self->selecting = TRUE;
  gtk_list_box_select_row (self->sweeps_list, row);
  self->selecting = FALSE;
  show_entry (self, self->entries->pdata[position]);
}

NrSweep *
neurona_sweeps_page_get_shown (NeuronaSweepsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), NULL);

  return self->shown != NULL ? entry_sweep (self->shown) : NULL;
}

NeuronaPlot *
neurona_sweeps_page_get_accuracy_plot (NeuronaSweepsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), NULL);

  return self->accuracy_plot;
}

NeuronaPlot *
neurona_sweeps_page_get_loss_plot (NeuronaSweepsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), NULL);

  return self->loss_plot;
}

const char *
neurona_sweeps_page_get_status_text (NeuronaSweepsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), NULL);

  return gtk_label_get_text (self->status_label);
}

const char *
neurona_sweeps_page_get_schedule_text (NeuronaSweepsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), NULL);

  return gtk_label_get_text (self->schedule_label);
}

GtkListBoxRow *
neurona_sweeps_page_get_run_row (NeuronaSweepsPage *self, guint point)
{
  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), NULL);

  if (point >= self->run_rows->len)
    return NULL;
  return GTK_LIST_BOX_ROW (((RunRow *) self->run_rows->pdata[point])->row);
}

GtkWidget *
neurona_sweeps_page_get_run_cancel_button (NeuronaSweepsPage *self, guint point)
{
  RunRow *row;

  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), NULL);

  if (point >= self->run_rows->len)
    return NULL;
  row = self->run_rows->pdata[point];
  return gtk_widget_get_visible (row->cancel) ? row->cancel : NULL;
}

const char *
neurona_sweeps_page_get_run_status (NeuronaSweepsPage *self, guint point)
{
  g_return_val_if_fail (NEURONA_IS_SWEEPS_PAGE (self), NULL);

  if (point >= self->run_rows->len)
    return NULL;
  return gtk_label_get_text (((RunRow *) self->run_rows->pdata[point])->status);
}
