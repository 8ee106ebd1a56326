/* neurona-runs-page.c — the "Runs" page.
 *
 * The page presents the session's runs (NeuronaSession: every run of the runs folder,
 * newest first); a run that cannot be read is named inline and the others are listed all
 * the same.
 * Ticking "Compare" beside runs overlays their test accuracy and loss per epoch (a
 * colour-blind-safe colour per run, then line styles beyond eight runs) and lays their
 * settings side by side, with the settings that differ marked "≠" and in bold.
 */
#include "neurona-runs-page.h"

#include <errno.h>
#include <math.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "neurona-a11y.h"
#include "neurona-session.h"

typedef struct {
  NeuronaRunItem *item;
  gpointer page; /* the NeuronaRunsPage whose handlers are connected to item */
  gboolean compared;
} Row;

struct _NeuronaRunsPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *content;
  GtkLabel *error_label;
  GtkLabel *runs_heading;
  GtkLabel *empty_label;
  GtkWidget *list_scroller;
  GtkGrid *runs_grid;
  GtkWidget *select_all_button;
  GtkWidget *select_none_button;
  GtkWidget *delete_button;
  NeuronaPlot *accuracy_plot;
  NeuronaPlot *loss_plot;
  GtkLabel *compare_hint;
  GtkGrid *compare_grid;

  /* Owned */
  NeuronaSession *session;
  GPtrArray *rows; /* Row *, as the session lists them */
  char *action_message; /* a delete that failed */
  char *error_text;     /* the session's message and ours, as shown */
  char *undo_token;     /* the last delete */
};

G_DEFINE_FINAL_TYPE (NeuronaRunsPage, neurona_runs_page, GTK_TYPE_WIDGET)


static void
row_free (Row *row)
{
  g_signal_handlers_disconnect_by_data (row->item, row->page);
  g_object_unref (row->item);
  g_free (row);
}

static const NrRunRecord *
row_record (Row *row)
{
  return neurona_run_item_get_record (row->item);
}

static Row *
row_at (NeuronaRunsPage *self, guint index)
{
  return g_ptr_array_index (self->rows, index);
}

/* Text ------------------------------------------------------------------------------ */

static char *
hidden_units_text (const NrModelSpec *m)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < m->n_hidden; i++)
    g_string_append_printf (text, "%s%u", i > 0 ? ", " : "", m->hidden[i].units);
  if (m->n_hidden == 0)
    g_string_append (text, _("none"));
  return g_string_free (text, FALSE);
}

static char *
layers_text (const NrModelSpec *m)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < m->n_hidden; i++)
    {
      g_string_append_printf (text, "%s%u %s", i > 0 ? ", " : "", m->hidden[i].units,
                              nr_activation_name (m->hidden[i].activation));
      if (m->hidden[i].dropout > 0)
        g_string_append_printf (text, _(" + dropout %g"), m->hidden[i].dropout);
    }
  if (m->n_hidden == 0)
    g_string_append (text, _("none"));
  return g_string_free (text, FALSE);
}

static char *
status_text (const NrRunRecord *r)
{
  switch (r->status)
    {
    case NR_TRAIN_COMPLETED:
      return g_strdup (_("finished"));
    case NR_TRAIN_CANCELLED:
      return g_strdup_printf (_("stopped after epoch %u of %u"), r->history->len,
                              r->config.epochs);
    case NR_TRAIN_DIVERGED:
    default:
      return g_strdup_printf (_("diverged at epoch %u, step %u"), r->diverged_epoch,
                              r->diverged_step);
    }
}

/* Accuracy or loss with four decimals, "—" when there is none (no epoch, no test set). */
static char *
number_text (double value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.4f", value);
}

static char *
start_text (const NrRunRecord *r)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (r->start_time);
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("—");
}

static char *
seconds_text (double seconds)
{
  if (seconds < 60)
    return g_strdup_printf (_("%.1f s"), seconds);
  return g_strdup_printf (_("%u min %02u s"), (guint) (seconds / 60), (guint) fmod (seconds, 60));
}

/* Showing ---------------------------------------------------------------------------- */

static void
update_error (NeuronaRunsPage *self)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const char *load_message = self->session != NULL
                               ? neurona_session_get_runs_message (self->session)
                               : NULL;

  if (self->action_message != NULL)
    g_string_append (text, self->action_message);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const char *save_error = neurona_run_item_get_save_error (row_at (self, i)->item);

      if (save_error != NULL)
        {
          g_autofree char *line = g_strdup_printf (_("The run could not be saved: %s"),
                                                   save_error);

          g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
        }
    }
  if (load_message != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", load_message);
  g_free (self->error_text);
  self->error_text = text->len > 0 ? g_strdup (text->str) : NULL;
  gtk_label_set_text (self->error_label, self->error_text != NULL ? self->error_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error_text != NULL);
}

static void
set_action_message (NeuronaRunsPage *self, const char *message)
{
  g_free (self->action_message);
  self->action_message = g_strdup (message);
  update_error (self);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
cell (GtkGrid *grid, int column, int row, const char *text, gboolean bold, gboolean dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      gtk_label_set_attributes (GTK_LABEL (label), attrs);
      pango_attr_list_unref (attrs);
    }
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

/* The overlay plots and the side-by-side table. */
static void
update_comparison (NeuronaRunsPage *self)
{
  enum { N_FIELDS = 19 };
  static const char *const field_names[N_FIELDS] = {
    N_("Name"), N_("Dataset"), N_("Hidden layers"), N_("Outputs"), N_("Optimizer"),
    N_("Learning rate"), N_("Epochs"), N_("Batch size"), N_("Scaled pixels"), N_("Seed"),
    N_("Training images"), N_("Test images"), N_("Parameters"), N_("Status"),
    N_("Final train accuracy"), N_("Final test accuracy"), N_("Final test loss"),
    N_("Time"), N_("Started"),
  };
  /* Rows 1 … 12 are settings: those that differ between the runs are marked. */
  const guint first_setting = 1, last_setting = 12;
  g_autoptr (GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint max_epochs = 1;
  guint n = 0;

  neurona_plot_remove_all_series (self->accuracy_plot);
  neurona_plot_remove_all_series (self->loss_plot);
  clear_grid (self->compare_grid);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const NrRunRecord *r = row_record (row_at (self, i));
      guint len = r->history->len;
      g_autofree double *xs = NULL;
      g_autofree double *acc = NULL;
      g_autofree double *loss = NULL;
      g_autofree char *series_label = NULL;
      const NrEpochRecord *last = nr_run_record_get_last_epoch (r);
      char **values;
      guint s;

      if (!row_at (self, i)->compared)
        continue;
      xs = g_new (double, MAX (len, 1));
      acc = g_new (double, MAX (len, 1));
      loss = g_new (double, MAX (len, 1));
      for (guint e = 0; e < len; e++)
        {
          const NrEpochRecord *er = &g_array_index (r->history, NrEpochRecord, e);

          xs[e] = e + 1;
          acc[e] = er->test_accuracy;
          loss[e] = er->test_loss;
        }
      max_epochs = MAX (max_epochs, MAX (len, r->config.epochs));
      /* Translators: a run in the comparison plots' legend: "2: 128 relu · 10 epochs". */
      series_label = g_strdup_printf (_("%u: %s"), n + 1, r->name);
      /* The plot's own looks: eight colour-blind-safe colours, then line styles. */
      s = neurona_plot_add_series (self->accuracy_plot, series_label, NULL, NEURONA_PLOT_AUTO);
      neurona_plot_set_points (self->accuracy_plot, s, xs, acc, len);
      s = neurona_plot_add_series (self->loss_plot, series_label, NULL, NEURONA_PLOT_AUTO);
      neurona_plot_set_points (self->loss_plot, s, xs, loss, len);

      values = g_new0 (char *, N_FIELDS + 1);
      values[0] = g_strdup (r->name);
      values[1] = g_strdup (_(nr_dataset_info (r->dataset)->title));
      values[2] = layers_text (&r->config.model);
      values[3] = g_strdup_printf ("%u", r->config.model.outputs);
      values[4] = g_strdup (nr_optimizer_name (r->config.optimizer.kind));
      values[5] = g_strdup_printf ("%g", r->config.optimizer.learning_rate);
      values[6] = g_strdup_printf ("%u", r->config.epochs);
      values[7] = g_strdup_printf ("%u", r->config.batch_size);
      values[8] = g_strdup (r->config.normalize ? _("yes") : _("no"));
      values[9] = g_strdup_printf ("%" G_GUINT64_FORMAT, r->config.seed);
      values[10] = nr_format_count (r->train_size);
      values[11] = nr_format_count (r->test_size);
      values[12] = nr_format_count (r->params);
      values[13] = status_text (r);
      values[14] = number_text (last != NULL ? last->train_accuracy : NAN);
      values[15] = number_text (last != NULL ? last->test_accuracy : NAN);
      values[16] = number_text (last != NULL ? last->test_loss : NAN);
      values[17] = seconds_text (r->seconds);
      values[18] = start_text (r);
      g_ptr_array_add (columns, values);
      n++;
    }
  neurona_plot_set_x_range (self->accuracy_plot, 0, max_epochs);
  neurona_plot_set_x_range (self->loss_plot, 0, max_epochs);

  gtk_widget_set_visible (GTK_WIDGET (self->compare_hint), n < 2);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_grid), n > 0);
  gtk_widget_set_sensitive (self->delete_button, n > 0);
  if (n == 0)
    return;

  for (guint c = 0; c < n; c++)
    {
      g_autofree char *header = g_strdup_printf (_("Run %u"), c + 1);

      cell (self->compare_grid, (int) c + 1, 0, header, TRUE, FALSE);
    }
  for (guint f = 0; f < N_FIELDS; f++)
    {
      gboolean differs = FALSE;
      g_autofree char *name = NULL;

      if (f >= first_setting && f <= last_setting)
        for (guint c = 1; c < n; c++)
          differs |= g_strcmp0 (((char **) columns->pdata[c])[f],
                                ((char **) columns->pdata[0])[f]) != 0;
      /* Translators: marks a setting that differs between the compared runs. */
      name = differs ? g_strdup_printf (_("≠ %s"), _(field_names[f])) : g_strdup (_(field_names[f]));
      cell (self->compare_grid, 0, (int) f + 1, name, differs, !differs);
      for (guint c = 0; c < n; c++)
        cell (self->compare_grid, (int) c + 1, (int) f + 1, ((char **) columns->pdata[c])[f],
              differs, FALSE);
    }
}

static void
on_compare_toggled (GtkCheckButton *check, NeuronaRunsPage *self)
{
  Row *row = g_object_get_data (G_OBJECT (check), "neurona-row");

  if (row == NULL || row->compared == gtk_check_button_get_active (check))
    return;
  row->compared = gtk_check_button_get_active (check);
  update_comparison (self);
}

/* The list of runs: a header, then one line per run. */
static void
update_list (NeuronaRunsPage *self)
{
  static const char *const headers[] = {
    N_("Compare"), N_("Dataset"), N_("Hidden units"), N_("Outputs"), N_("Epochs"),
    N_("Scaled"), N_("Test accuracy"), N_("Status"), N_("Time"), N_("Started"),
  };
  GtkWidget *first_check = NULL;

  clear_grid (self->runs_grid);
  for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
    cell (self->runs_grid, (int) h, 0, _(headers[h]), TRUE, FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = row_at (self, i);
      const NrRunRecord *r = row_record (row);
      const NrEpochRecord *last = nr_run_record_get_last_epoch (r);
      GtkWidget *check = gtk_check_button_new_with_label (r->name);
      g_autofree char *units = hidden_units_text (&r->config.model);
      g_autofree char *outputs = g_strdup_printf ("%u", r->config.model.outputs);
      g_autofree char *epochs = g_strdup_printf ("%u", r->config.epochs);
      g_autofree char *accuracy = number_text (last != NULL ? last->test_accuracy : NAN);
      g_autofree char *status = status_text (r);
      g_autofree char *seconds = seconds_text (r->seconds);
      g_autofree char *started = start_text (r);
      int y = (int) i + 1;

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), row->compared);
      g_object_set_data (G_OBJECT (check), "neurona-row", row);
      g_signal_connect (check, "toggled", G_CALLBACK (on_compare_toggled), self);
      neurona_a11y_name_from_label (check);
      gtk_grid_attach (self->runs_grid, check, 0, y, 1, 1);
      if (first_check == NULL)
        first_check = check;
      cell (self->runs_grid, 1, y, _(nr_dataset_info (r->dataset)->title), FALSE, FALSE);
      cell (self->runs_grid, 2, y, units, FALSE, FALSE);
      cell (self->runs_grid, 3, y, outputs, FALSE, FALSE);
      cell (self->runs_grid, 4, y, epochs, FALSE, FALSE);
      cell (self->runs_grid, 5, y, r->config.normalize ? _("yes") : _("no"), FALSE, FALSE);
      cell (self->runs_grid, 6, y, accuracy, FALSE, FALSE);
      cell (self->runs_grid, 7, y, status, FALSE, FALSE);
      cell (self->runs_grid, 8, y, seconds, FALSE, FALSE);
      cell (self->runs_grid, 9, y, started, FALSE, FALSE);
    }
  gtk_label_set_mnemonic_widget (self->runs_heading, first_check);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->rows->len == 0);
  gtk_widget_set_visible (self->list_scroller, self->rows->len > 0);
  gtk_widget_set_sensitive (self->select_all_button, self->rows->len > 0);
  gtk_widget_set_sensitive (self->select_none_button, self->rows->len > 0);
  update_comparison (self);
}

/* Session ---------------------------------------------------------------------------- */

/* The rows follow the session's list; a run ticked for comparison stays ticked. */
static void
sync_rows (NeuronaRunsPage *self)
{
  g_autoptr (GHashTable) compared = g_hash_table_new (NULL, NULL);
  GListModel *runs = self->session != NULL ? neurona_session_get_runs (self->session) : NULL;
  guint n = runs != NULL ? g_list_model_get_n_items (runs) : 0;

  for (guint i = 0; i < self->rows->len; i++)
    if (row_at (self, i)->compared)
      g_hash_table_add (compared, row_at (self, i)->item);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < n; i++)
    {
      Row *row = g_new0 (Row, 1);

      row->item = g_list_model_get_item (runs, i);
      row->page = self;
      row->compared = g_hash_table_contains (compared, row->item);
      g_signal_connect_swapped (row->item, "notify::save-error", G_CALLBACK (update_error), self);
      g_signal_connect_swapped (row->item, "notify::name", G_CALLBACK (update_list), self);
      g_ptr_array_add (self->rows, row);
    }
  update_error (self);
  update_list (self);
}

static void
on_runs_changed (GListModel *runs, guint position, guint removed, guint added,
                 NeuronaRunsPage *self)
{
  sync_rows (self);
}

/* Buttons ---------------------------------------------------------------------------- */

static void
set_all_compared (NeuronaRunsPage *self, gboolean compared)
{
  for (guint i = 0; i < self->rows->len; i++)
    row_at (self, i)->compared = compared;
  update_list (self);
}

static void
on_select_all_clicked (NeuronaRunsPage *self)
{
  set_all_compared (self, TRUE);
}

static void
on_select_none_clicked (NeuronaRunsPage *self)
{
  set_all_compared (self, FALSE);
}

static void
on_delete_clicked (NeuronaRunsPage *self)
{
  neurona_runs_page_delete_compared (self);
}

static void
on_reload_clicked (NeuronaRunsPage *self)
{
  if (self->session == NULL)
    return;
  set_action_message (self, NULL);
  neurona_session_reload_runs (self->session);
}

/* GObject ---------------------------------------------------------------------------- */

static void
neurona_runs_page_dispose (GObject *object)
{
  NeuronaRunsPage *self = NEURONA_RUNS_PAGE (object);

  neurona_runs_page_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_RUNS_PAGE);

  G_OBJECT_CLASS (neurona_runs_page_parent_class)->dispose (object);
}

static void
neurona_runs_page_finalize (GObject *object)
{
  NeuronaRunsPage *self = NEURONA_RUNS_PAGE (object);

  g_ptr_array_unref (self->rows);
  g_free (self->action_message);
  g_free (self->error_text);
  g_free (self->undo_token);

  G_OBJECT_CLASS (neurona_runs_page_parent_class)->finalize (object);
}

static void
neurona_runs_page_class_init (NeuronaRunsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_runs_page_dispose;
  object_class->finalize = neurona_runs_page_finalize;

  g_type_ensure (NEURONA_TYPE_PLOT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "runspage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-runs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, content);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, runs_heading);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, runs_grid);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, select_all_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, select_none_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, accuracy_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, compare_hint);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, compare_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_select_all_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_select_none_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_reload_clicked);
}

static void
neurona_runs_page_init (NeuronaRunsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  neurona_plot_set_title (self->accuracy_plot, _("Test accuracy per epoch"));
  neurona_plot_set_x_label (self->accuracy_plot, _("Epoch"));
  neurona_plot_set_y_label (self->accuracy_plot, _("Accuracy"));
  neurona_plot_set_title (self->loss_plot, _("Test loss per epoch"));
  neurona_plot_set_x_label (self->loss_plot, _("Epoch"));
  neurona_plot_set_y_label (self->loss_plot, _("Loss"));
  update_list (self);
}

GtkWidget *
neurona_runs_page_new (void)
{
  return g_object_new (NEURONA_TYPE_RUNS_PAGE, NULL);
}

/* Public ----------------------------------------------------------------------------- */

void
neurona_runs_page_set_session (NeuronaRunsPage *self, NeuronaSession *session)
{
  g_return_if_fail (NEURONA_IS_RUNS_PAGE (self));
  g_return_if_fail (session == NULL || NEURONA_IS_SESSION (session));

  if (session == self->session)
    return;
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (neurona_session_get_runs (self->session), self);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect (neurona_session_get_runs (session), "items-changed",
                        G_CALLBACK (on_runs_changed), self);
      g_signal_connect_swapped (session, "notify::runs-message", G_CALLBACK (update_error), self);
    }
  sync_rows (self);
}

guint
neurona_runs_page_get_n_runs (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), 0);

  return self->rows->len;
}

const NrRunRecord *
neurona_runs_page_get_run (NeuronaRunsPage *self, guint index)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  return row_record (row_at (self, index));
}

void
neurona_runs_page_set_compared (NeuronaRunsPage *self, guint index, gboolean compared)
{
  g_return_if_fail (NEURONA_IS_RUNS_PAGE (self));
  g_return_if_fail (index < self->rows->len);

  compared = !!compared;
  if (row_at (self, index)->compared == compared)
    return;
  row_at (self, index)->compared = compared;
  update_list (self);
}

gboolean
neurona_runs_page_get_compared (NeuronaRunsPage *self, guint index)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), FALSE);
  g_return_val_if_fail (index < self->rows->len, FALSE);

  return row_at (self, index)->compared;
}

void
neurona_runs_page_delete_compared (NeuronaRunsPage *self)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;

  g_return_if_fail (NEURONA_IS_RUNS_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    if (row_at (self, i)->compared)
      g_ptr_array_add (items, row_at (self, i)->item);
  if (items->len == 0 || self->session == NULL)
    return;
  /* Nothing is asked: the runs go to the trash, and Undo brings them back. */
  token = neurona_session_delete_runs (self->session, (NeuronaRunItem **) items->pdata,
                                       items->len, &error);
  if (token == NULL)
    {
      g_autofree char *message = g_strconcat (_("Some runs could not be deleted:"), "\n",
                                              error->message, NULL);

      set_action_message (self, message);
      return;
    }
  g_free (self->undo_token);
  self->undo_token = g_steal_pointer (&token);
  set_action_message (self, NULL);
}

gboolean
neurona_runs_page_undo_delete (NeuronaRunsPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;

  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), FALSE);

  if (self->undo_token == NULL || self->session == NULL)
    return FALSE;
  token = g_steal_pointer (&self->undo_token);
  if (!neurona_session_restore_runs (self->session, token, &error))
    {
      set_action_message (self, error->message);
      return FALSE;
    }
  return TRUE;
}

const char *
neurona_runs_page_get_error_text (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);

  return self->error_text;
}

NeuronaPlot *
neurona_runs_page_get_accuracy_plot (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);

  return self->accuracy_plot;
}

NeuronaPlot *
neurona_runs_page_get_loss_plot (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);

  return self->loss_plot;
}

GtkGrid *
neurona_runs_page_get_comparison_grid (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);

  return self->compare_grid;
}
