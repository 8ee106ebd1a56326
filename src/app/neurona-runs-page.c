/* neurona-runs-page.c — the "Runs" page.
 *
 * The page presents the session's runs (NeuronaSession: every run of the runs folder) in a
 * GtkColumnView over a GtkSortListModel sorted by the view's own sorter: best test
 * accuracy first until a header is clicked. A run that cannot be read is named inline and
 * the others are listed all the same. The settings columns appear only for the settings
 * that differ between the listed runs, so the table says what was varied.
 *
 * The selected run's details sit under the table: its name and note (saved as they are
 * edited) and its actions. Deleting asks nothing: the runs go to the runs folder's trash at
 * once and a toast offers Undo for ten seconds (Ctrl+Z too).
 *
 * The list is the leaderboard of every run, the lab's own and those brought in from other
 * folders ("Open runs folder…", a drop on the window: a "From" column says where they were
 * found); the "Filter by dataset" drop-down narrows it to one dataset. Sorting a thousand
 * runs compares cached keys, never formatted text.
 *
 * Ticking "Compare" beside runs overlays their curves per epoch (the plots' own looks: a
 * colour-blind-safe colour per run, line styles beyond eight runs, the same run in the
 * same look on every plot) and lays their settings side by side, with the settings that
 * differ marked "≠" and in bold. Wide things scroll sideways in their own scrollers, so
 * comparing many runs never widens the window.
 */
#include "neurona-runs-page.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "neurona-a11y.h"
#include "neurona-comparison.h"
#include "neurona-session.h"

/* How long the toast offers Undo. */
#define TOAST_SECONDS 10
/* A note is saved this long after the last keystroke (and when the focus leaves it). */
#define NOTE_SAVE_DELAY_MS 800
/* Longer than this is no real run's duration (a corrupt or hand-edited run.json). */
#define MAX_DURATION_HOURS 10000.0

struct _NeuronaRunsPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwToastOverlay *overlay;
  GtkLabel *error_label;
  GtkOrientable *heading_row;
  GtkOrientable *filter_row;
  GtkOrientable *compare_row;
  AdwStatusPage *empty_page;
  GtkWidget *list_scroller;
  GtkColumnView *column_view;
  GtkLabel *details_hint;
  GtkWidget *details;
  GtkLabel *details_title;
  GtkEntry *name_entry;
  GtkTextView *note_view;
  GtkLabel *details_info;
  GtkDropDown *curves_dropdown;
  GtkWidget *plots;
  NeuronaPlot *accuracy_plot;
  NeuronaPlot *loss_plot;
  NeuronaPlot *train_accuracy_plot;
  NeuronaPlot *train_loss_plot;
  GtkCheckButton *loss_log_check;
  GtkLabel *compare_hint;
  GtkWidget *compare_scroller;
  GtkGrid *compare_grid;
  GtkDropDown *filter_dropdown;
  GtkLabel *differ_note;

  /* Owned */
  NeuronaSession *session;
  GtkFilterListModel *filtered; /* the session's runs of the chosen dataset */
  GtkCustomFilter *filter;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;
  GtkColumnViewColumn *columns[NEURONA_RUNS_N_COLUMNS];
  GHashTable *compared;   /* NeuronaRunItem (a reference) → NULL: ticked, listed or not */
  GHashTable *cells;      /* the bound cell widgets (borrowed) */
  GPtrArray *watched;     /* NeuronaRunItem: the listed runs, whose saves are followed */
  NeuronaRunItem *selected; /* the run the details show */
  char *action_message;   /* a delete, undo or export that failed */
  char *error_text;       /* the session's message and ours, as shown */
  char *undo_token;       /* the last delete, while its toast shows */
  GPtrArray *undo_items;  /* NeuronaRunItem: what it deleted */
  char *toast_text;       /* what the toast says, while it shows */
  AdwToast *toast;        /* the toast shown, NULL once dismissed */
  gint64 toast_safe_at;   /* monotonic µs from which it may be dismissed (retire_toast) */
  GtkFileChooserNative *chooser;
  GtkFileChooserNative *folder_chooser; /* Open runs folder… */
  GCancellable *add_cancellable;        /* runs being brought in */
  char *compare_note;     /* why the ticked two cannot be compared image by image */
  NeuronaRunItem *export_item;

  guint note_source;
  guint columns_source;
  guint loading_details; /* > 0 while the details are being filled in, not edited */
  int dataset_filter;    /* an NrDatasetId, or NEURONA_RUNS_ALL_DATASETS */
};

G_DEFINE_FINAL_TYPE (NeuronaRunsPage, neurona_runs_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_RUN_OPENED,
  SIGNAL_USE_SETTINGS,
  SIGNAL_TRAIN_AGAIN,
  SIGNAL_COMPARE_PREDICTIONS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_actions (NeuronaRunsPage *self);
static void update_comparison (NeuronaRunsPage *self);

/* Text ------------------------------------------------------------------------------ */

static const char *const optimizer_titles[] = { "Adam", "SGD", "RMSprop" };

static char *
layers_text (const NrModelSpec *m)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < m->n_hidden; i++)
    g_string_append_printf (text, "%s%u %s", i > 0 ? ", " : "", m->hidden[i].units,
                            nr_activation_name (m->hidden[i].activation));
  if (m->n_hidden == 0)
    g_string_append (text, _("none"));
  return g_string_free (text, FALSE);
}

/* "0.2" per hidden layer ("0.2, 0"), "—" without one. */
static char *
dropout_text (const NrModelSpec *m)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < m->n_hidden; i++)
    g_string_append_printf (text, "%s%g", i > 0 ? ", " : "", m->hidden[i].dropout);
  if (m->n_hidden == 0)
    g_string_append (text, "—");
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

char *
neurona_runs_page_format_duration (double seconds)
{
  guint64 minutes;

  /* Checked before any conversion: a double beyond the integer's range is undefined
   * behaviour to convert, and 1e308 seconds once read "0 min 56 s". */
  if (!isfinite (seconds) || seconds < 0 || seconds >= MAX_DURATION_HOURS * 3600.0)
    return g_strdup ("—");
  if (seconds < 59.95) /* "60.0 s" reads better as "1 min 00 s" */
    return g_strdup_printf (_("%.1f s"), seconds);
  if (seconds < 3599.5)
    {
      guint s = (guint) (seconds + 0.5);

      return g_strdup_printf (_("%u min %02u s"), s / 60, s % 60);
    }
  minutes = (guint64) (seconds / 60.0 + 0.5);
  /* Translators: a run's duration, "2 h 03 min" */
  return g_strdup_printf (_("%u h %02u min"), (guint) (minutes / 60), (guint) (minutes % 60));
}

/* The settings columns and the settings rows of the side-by-side table share these. */
static char *
setting_text (const NrRunRecord *r, NeuronaRunsColumn column)
{
  const NrTrainConfig *c = &r->config;

  switch (column)
    {
    case NEURONA_RUNS_COLUMN_HIDDEN:
      return layers_text (&c->model);
    case NEURONA_RUNS_COLUMN_DROPOUT:
      return dropout_text (&c->model);
    case NEURONA_RUNS_COLUMN_OUTPUTS:
      return g_strdup_printf ("%u", c->model.outputs);
    case NEURONA_RUNS_COLUMN_OPTIMIZER:
      return g_strdup ((guint) c->optimizer.kind < G_N_ELEMENTS (optimizer_titles)
                         ? optimizer_titles[c->optimizer.kind]
                         : nr_optimizer_name (c->optimizer.kind));
    case NEURONA_RUNS_COLUMN_LEARNING_RATE:
      return g_strdup_printf ("%g", c->optimizer.learning_rate);
    case NEURONA_RUNS_COLUMN_EPOCHS:
      return g_strdup_printf ("%u", c->epochs);
    case NEURONA_RUNS_COLUMN_BATCH_SIZE:
      return g_strdup_printf ("%u", c->batch_size);
    case NEURONA_RUNS_COLUMN_SCALED:
      return g_strdup (c->normalize ? _("yes") : _("no"));
    case NEURONA_RUNS_COLUMN_SEED:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, c->seed);
    case NEURONA_RUNS_COLUMN_TRAIN_IMAGES:
      return nr_format_count (r->train_size);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_setting_column (NeuronaRunsColumn column)
{
  return column >= NEURONA_RUNS_COLUMN_HIDDEN && column <= NEURONA_RUNS_COLUMN_TRAIN_IMAGES;
}

static char *
cell_text (NeuronaRunsPage *self, NeuronaRunItem *item, NeuronaRunsColumn column)
{
  const NrRunRecord *r = neurona_run_item_get_record (item);

  if (is_setting_column (column))
    return setting_text (r, column);
  switch (column)
    {
    case NEURONA_RUNS_COLUMN_NUMBER:
      return g_strdup_printf ("%u", neurona_run_item_get_number (item));
    case NEURONA_RUNS_COLUMN_NAME:
      return g_strdup (neurona_run_item_get_name (item));
    case NEURONA_RUNS_COLUMN_FROM:
      return g_strdup (neurona_run_item_get_origin (item) != NULL ? neurona_run_item_get_origin (item)
                                                                  /* Translators: the "From"
                                                                   * column of the lab's own
                                                                   * runs */
                                                                  : _("your runs"));
    case NEURONA_RUNS_COLUMN_TEST_ACCURACY:
      return number_text (neurona_run_item_get_test_accuracy (item));
    case NEURONA_RUNS_COLUMN_DATASET:
      return g_strdup (_(nr_dataset_info (r->dataset)->title));
    case NEURONA_RUNS_COLUMN_STATUS:
      return status_text (r);
    case NEURONA_RUNS_COLUMN_DURATION:
      return neurona_runs_page_format_duration (r->seconds);
    case NEURONA_RUNS_COLUMN_STARTED:
      return start_text (r);
    case NEURONA_RUNS_COLUMN_COMPARE:
    default:
      return NULL;
    }
}

/* Sorting --------------------------------------------------------------------------- */

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

/* Not-a-number (no test set, no epoch, a corrupt duration) comes before every number,
 * ascending: as the lowest accuracy, the best-first table puts it last. */
static int
compare_numbers (double a, double b)
{
  if (isfinite (a) != isfinite (b))
    return isfinite (a) ? 1 : -1;
  if (!isfinite (a))
    return 0;
  return CMP (a, b);
}

static double
duration_or_nan (double seconds)
{
  return seconds >= 0 && seconds < MAX_DURATION_HOURS * 3600.0 ? seconds : NAN;
}

static int
compare_layers (const NrModelSpec *a, const NrModelSpec *b)
{
  for (guint i = 0; i < MIN (a->n_hidden, b->n_hidden); i++)
    if (a->hidden[i].units != b->hidden[i].units)
      return CMP (a->hidden[i].units, b->hidden[i].units);
  return CMP (a->n_hidden, b->n_hidden);
}

/* Ascending, the order a first click on a column's header gives; the table starts with
 * the test accuracy descending, best first: the high-score table. Ties go by run number,
 * so they come newest first in that table. */
static int
compare_items (gconstpointer pa, gconstpointer pb, gpointer user_data)
{
  NeuronaRunItem *ia = (NeuronaRunItem *) pa, *ib = (NeuronaRunItem *) pb;
  const NrRunRecord *a = neurona_run_item_get_record (ia);
  const NrRunRecord *b = neurona_run_item_get_record (ib);
  NeuronaRunsColumn column = GPOINTER_TO_UINT (user_data);
  int order = 0;

  switch (column)
    {
    case NEURONA_RUNS_COLUMN_NAME:
      /* Collation keys, made once per name: a thousand runs sort in a blink. */
      order = strcmp (neurona_run_item_get_name_key (ia), neurona_run_item_get_name_key (ib));
      break;
    case NEURONA_RUNS_COLUMN_FROM:
      {
        const char *oa = neurona_run_item_get_origin (ia), *ob = neurona_run_item_get_origin (ib);

        /* The lab's own runs first, then by folder. */
        if ((oa == NULL) != (ob == NULL))
          order = oa == NULL ? -1 : 1;
        else if (oa != NULL && strcmp (oa, ob) != 0)
          order = g_utf8_collate (oa, ob);
      }
      break;
    case NEURONA_RUNS_COLUMN_TEST_ACCURACY:
      order = compare_numbers (neurona_run_item_get_test_accuracy (ia),
                               neurona_run_item_get_test_accuracy (ib));
      break;
    case NEURONA_RUNS_COLUMN_DATASET:
      order = CMP (a->dataset, b->dataset);
      break;
    case NEURONA_RUNS_COLUMN_HIDDEN:
      order = compare_layers (&a->config.model, &b->config.model);
      break;
    case NEURONA_RUNS_COLUMN_DROPOUT:
      order = compare_numbers (a->config.model.n_hidden > 0 ? a->config.model.hidden[0].dropout : NAN,
                               b->config.model.n_hidden > 0 ? b->config.model.hidden[0].dropout : NAN);
      break;
    case NEURONA_RUNS_COLUMN_OUTPUTS:
      order = CMP (a->config.model.outputs, b->config.model.outputs);
      break;
    case NEURONA_RUNS_COLUMN_OPTIMIZER:
      order = CMP (a->config.optimizer.kind, b->config.optimizer.kind);
      break;
    case NEURONA_RUNS_COLUMN_LEARNING_RATE:
      order = CMP (a->config.optimizer.learning_rate, b->config.optimizer.learning_rate);
      break;
    case NEURONA_RUNS_COLUMN_EPOCHS:
      order = CMP (a->config.epochs, b->config.epochs);
      break;
    case NEURONA_RUNS_COLUMN_BATCH_SIZE:
      order = CMP (a->config.batch_size, b->config.batch_size);
      break;
    case NEURONA_RUNS_COLUMN_SCALED:
      order = CMP (!!a->config.normalize, !!b->config.normalize);
      break;
    case NEURONA_RUNS_COLUMN_SEED:
      order = CMP (a->config.seed, b->config.seed);
      break;
    case NEURONA_RUNS_COLUMN_TRAIN_IMAGES:
      order = CMP (a->train_size, b->train_size);
      break;
    case NEURONA_RUNS_COLUMN_STATUS:
      order = CMP (a->status, b->status);
      break;
    case NEURONA_RUNS_COLUMN_DURATION:
      /* Shortest first; "—" (no real duration) after the others. */
      order = -compare_numbers (-duration_or_nan (a->seconds), -duration_or_nan (b->seconds));
      break;
    case NEURONA_RUNS_COLUMN_STARTED:
      order = CMP (a->start_time, b->start_time);
      break;
    case NEURONA_RUNS_COLUMN_NUMBER:
    case NEURONA_RUNS_COLUMN_COMPARE:
    default:
      break;
    }
  if (order == 0)
    order = CMP (neurona_run_item_get_number (ia), neurona_run_item_get_number (ib));
  return order;
}

/* Rows ------------------------------------------------------------------------------ */

static NeuronaRunItem *
item_at (NeuronaRunsPage *self, guint index)
{
  g_autoptr (NeuronaRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), index);

  return item; /* the model keeps its reference */
}

static guint
position_of (NeuronaRunsPage *self, NeuronaRunItem *item)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  for (guint i = 0; i < n; i++)
    if (item_at (self, i) == item)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static gboolean
is_compared (NeuronaRunsPage *self, NeuronaRunItem *item)
{
  return g_hash_table_contains (self->compared, item);
}

static void
set_item_compared (NeuronaRunsPage *self, NeuronaRunItem *item, gboolean compared)
{
  if (compared)
    g_hash_table_add (self->compared, g_object_ref (item));
  else
    g_hash_table_remove (self->compared, item);
}

static void on_compare_toggled (GtkCheckButton *check, NeuronaRunsPage *self);

/* What a cell widget shows: its column, and the run bound to it (borrowed from the list
 * item). Kept on the widget from its setup on, so a bind is an assignment: the column view
 * of GTK 4.8 keeps some 200 rows of cells and rebinds them all at every sort. */
typedef struct {
  NeuronaRunItem *item;
  NeuronaRunsColumn column;
} Cell;

static GQuark
cell_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("neurona-runs-cell");
  return quark;
}

static Cell *
cell_of (GtkWidget *widget)
{
  return g_object_get_qdata (G_OBJECT (widget), cell_quark ());
}

/* Shows a bound cell's item. A hidden column's cells wait until it is shown. */
static void
refresh_cell (NeuronaRunsPage *self, GtkWidget *cell)
{
  Cell *c = cell_of (cell);
  NeuronaRunItem *item = c->item;
  NeuronaRunsColumn column = c->column;
  g_autofree char *text = NULL;

  if (item == NULL || !gtk_column_view_column_get_visible (self->columns[column]))
    return;
  if (column == NEURONA_RUNS_COLUMN_COMPARE)
    {
      g_autofree char *name = NULL;

      g_signal_handlers_block_by_func (cell, on_compare_toggled, self);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (cell), is_compared (self, item));
      g_signal_handlers_unblock_by_func (cell, on_compare_toggled, self);
      /* Translators: the accessible name of a run's "Compare" check box: "Compare run 3" */
      name = g_strdup_printf (_("Compare run %u"), neurona_run_item_get_number (item));
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      return;
    }
  text = cell_text (self, item, column);
  gtk_label_set_text (GTK_LABEL (cell), text);
  if (column == NEURONA_RUNS_COLUMN_FROM)
    {
      const NrRunRecord *r = neurona_run_item_get_record (item);
      const char *where = r->dir != NULL ? r->dir : r->legacy_path;
      g_autofree char *path = where != NULL && neurona_run_item_get_origin (item) != NULL
                                ? g_filename_display_name (where)
                                : NULL;

      gtk_widget_set_tooltip_text (cell, path);
    }
  if (column == NEURONA_RUNS_COLUMN_NAME)
    {
      gboolean current = self->session != NULL
                         && neurona_session_get_current (self->session) == item;

      /* The run whose curves and predictions the other pages show is in bold (the
       * details say it in words). */
      if (current)
        {
          PangoAttrList *attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          gtk_label_set_attributes (GTK_LABEL (cell), attrs);
          pango_attr_list_unref (attrs);
        }
      else
        gtk_label_set_attributes (GTK_LABEL (cell), NULL);
    }
}

static void
refresh_all_cells (NeuronaRunsPage *self)
{
  GHashTableIter iter;
  gpointer cell;

  g_hash_table_iter_init (&iter, self->cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    refresh_cell (self, cell);
}

/* A listed run changed what its cells show (a rename, its number, where it came from). */
static void
on_watched_item_notify (NeuronaRunItem *item, GParamSpec *pspec, NeuronaRunsPage *self)
{
  const char *name = g_param_spec_get_name (pspec);
  GHashTableIter iter;
  gpointer cell;

  if (!g_str_equal (name, "name") && !g_str_equal (name, "number")
      && !g_str_equal (name, "test-accuracy") && !g_str_equal (name, "origin"))
    return;
  g_hash_table_iter_init (&iter, self->cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    if (cell_of (cell)->item == item)
      refresh_cell (self, cell);
}

static void
on_compare_toggled (GtkCheckButton *check, NeuronaRunsPage *self)
{
  NeuronaRunItem *item = cell_of (GTK_WIDGET (check))->item;

  if (item == NULL || is_compared (self, item) == gtk_check_button_get_active (check))
    return;
  set_item_compared (self, item, gtk_check_button_get_active (check));
  update_comparison (self);
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, NeuronaRunsPage *self)
{
  NeuronaRunsColumn column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory),
                                                                  "neurona-column"));
  GtkWidget *cell;

  if (column == NEURONA_RUNS_COLUMN_COMPARE)
    {
      cell = gtk_check_button_new ();
      gtk_widget_set_halign (cell, GTK_ALIGN_CENTER);
      g_signal_connect (cell, "toggled", G_CALLBACK (on_compare_toggled), self);
    }
  else
    {
      gboolean numeric = column == NEURONA_RUNS_COLUMN_NUMBER
                         || column == NEURONA_RUNS_COLUMN_TEST_ACCURACY
                         || column == NEURONA_RUNS_COLUMN_DURATION;

      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), numeric ? 1.0f : 0.0f);
      if (numeric)
        gtk_widget_add_css_class (cell, "numeric");
      if (column == NEURONA_RUNS_COLUMN_NAME)
        {
          gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
          gtk_label_set_width_chars (GTK_LABEL (cell), 18);
        }
    }
  {
    Cell *c = g_new0 (Cell, 1);

    c->column = column;
    g_object_set_qdata_full (G_OBJECT (cell), cell_quark (), c, g_free);
  }
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, NeuronaRunsPage *self)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  /* The run's changes reach the cell through the page's watch on every listed run. */
  cell_of (cell)->item = gtk_list_item_get_item (list_item);
  g_hash_table_add (self->cells, cell);
  refresh_cell (self, cell);
}

static void
unbind_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, NeuronaRunsPage *self)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  cell_of (cell)->item = NULL;
  g_hash_table_remove (self->cells, cell);
}

static void
teardown_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, NeuronaRunsPage *self)
{
  if (gtk_list_item_get_child (list_item) != NULL)
    unbind_cell (factory, list_item, self);
}

static void
add_columns (NeuronaRunsPage *self)
{
  static const char *const titles[NEURONA_RUNS_N_COLUMNS] = {
    N_("Compare"),
    /* Translators: the header of the column of run numbers ("run 3") */
    N_("№"),
    N_("Name"), N_("From"), N_("Test accuracy"), N_("Dataset"),
    N_("Hidden layers"), N_("Dropout"), N_("Outputs"), N_("Optimizer"), N_("Learning rate"),
    N_("Epochs"), N_("Batch size"), N_("Scaled"), N_("Seed"), N_("Training images"),
    N_("Status"), N_("Duration"), N_("Started"),
  };

  for (guint c = 0; c < NEURONA_RUNS_N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "neurona-column", GUINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
      g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cell), self);
      column = gtk_column_view_column_new (_(titles[c]), factory);
      if (c != NEURONA_RUNS_COLUMN_COMPARE)
        {
          g_autoptr (GtkSorter) sorter =
            GTK_SORTER (gtk_custom_sorter_new (compare_items, GUINT_TO_POINTER (c), NULL));

          gtk_column_view_column_set_sorter (column, sorter);
        }
      gtk_column_view_column_set_expand (column, c == NEURONA_RUNS_COLUMN_NAME);
      gtk_column_view_column_set_resizable (column, c == NEURONA_RUNS_COLUMN_NAME);
      gtk_column_view_column_set_visible (column, !is_setting_column (c)
                                                    && c != NEURONA_RUNS_COLUMN_FROM);
      gtk_column_view_append_column (self->column_view, column);
      self->columns[c] = column; /* the view keeps the reference */
      g_object_unref (column);
    }
  gtk_column_view_sort_by_column (self->column_view,
                                  self->columns[NEURONA_RUNS_COLUMN_TEST_ACCURACY],
                                  GTK_SORT_DESCENDING);
}

/* The settings columns the listed runs differ in are shown, the others hidden. */
static void
set_column_visible (NeuronaRunsPage *self, NeuronaRunsColumn column, gboolean visible,
                    gboolean *shown)
{
  if (gtk_column_view_column_get_visible (self->columns[column]) == visible)
    return;
  gtk_column_view_column_set_visible (self->columns[column], visible);
  *shown |= visible;
}

static void
update_setting_columns (NeuronaRunsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  gboolean shown = FALSE;

  g_clear_handle_id (&self->columns_source, g_source_remove);

  for (guint c = NEURONA_RUNS_COLUMN_HIDDEN; c <= NEURONA_RUNS_COLUMN_TRAIN_IMAGES; c++)
    {
      g_autofree char *first = NULL;
      gboolean differs = FALSE;

      for (guint i = 0; i < n && !differs; i++)
        {
          g_autofree char *text = setting_text (neurona_run_item_get_record (item_at (self, i)), c);

          if (first == NULL)
            first = g_steal_pointer (&text);
          else
            differs = g_strcmp0 (first, text) != 0;
        }
      set_column_visible (self, c, differs, &shown);
    }
  /* "From" while a listed run comes from another folder. */
  {
    gboolean foreign = FALSE;

    for (guint i = 0; i < n && !foreign; i++)
      foreign = neurona_run_item_get_origin (item_at (self, i)) != NULL;
    set_column_visible (self, NEURONA_RUNS_COLUMN_FROM, foreign, &shown);
  }
  /* A column that appears shows the runs bound to its cells meanwhile. */
  if (shown)
    refresh_all_cells (self);
}

static gboolean
setting_columns_idle (gpointer data)
{
  NeuronaRunsPage *self = data;

  self->columns_source = 0;
  update_setting_columns (self);
  return G_SOURCE_REMOVE;
}

/* Messages -------------------------------------------------------------------------- */

static void
update_error (NeuronaRunsPage *self)
{
  g_autoptr (GString) text = g_string_new (NULL);
  GListModel *runs = self->session != NULL ? neurona_session_get_runs (self->session) : NULL;
  const char *load_message = self->session != NULL
                               ? neurona_session_get_runs_message (self->session)
                               : NULL;

  if (self->action_message != NULL)
    g_string_append (text, self->action_message);
  for (guint i = 0; runs != NULL && i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr (NeuronaRunItem) item = g_list_model_get_item (runs, i);
      const char *save_error = neurona_run_item_get_save_error (item);

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

/* The toast ------------------------------------------------------------------------- */

static void
forget_undo (NeuronaRunsPage *self)
{
  g_clear_pointer (&self->undo_token, g_free);
  g_clear_pointer (&self->undo_items, g_ptr_array_unref);
}

/* The toast went, by its timeout, its close button, Escape or Undo. */
static void
on_toast_dismissed (NeuronaRunsPage *self, AdwToast *toast)
{
  if (toast != self->toast)
    return;
  g_clear_object (&self->toast);
  g_clear_pointer (&self->toast_text, g_free);
  forget_undo (self);
  update_actions (self);
}

/* libadwaita 1.2's AdwToastOverlay frees a toast dismissed while its show animation
 * (300 ms, 500 ms when it replaces another) still plays and then crashes in that animation
 * if the overlay is unmapped meanwhile (a page switch, the window closing): libadwaita
 * 1674ebc9, first in 1.3. So a toast of ours is dismissed no sooner than that: at once when
 * it has shown long enough, otherwise by a timeout holding it. */
#define TOAST_SHOW_MS 600

static gboolean
dismiss_toast_later (gpointer toast)
{
  adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

/* Dismisses self->toast (if any) without the page following it any more; returns when,
 * as monotonic µs, it goes. */
static gint64
retire_toast (NeuronaRunsPage *self)
{
  g_autoptr (AdwToast) toast = g_steal_pointer (&self->toast);
  gint64 now = g_get_monotonic_time ();

  if (toast == NULL)
    return now;
  g_signal_handlers_disconnect_by_data (toast, self);
  if (now >= self->toast_safe_at)
    {
      adw_toast_dismiss (toast);
      return now;
    }
  g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((self->toast_safe_at - now) / 1000) + 1,
                      dismiss_toast_later, g_steal_pointer (&toast), g_object_unref);
  return self->toast_safe_at;
}

static void
hide_toast (NeuronaRunsPage *self)
{
  retire_toast (self);
  g_clear_pointer (&self->toast_text, g_free);
  forget_undo (self);
  update_actions (self);
}

/* AdwToastWidget keeps a toast while the pointer or the keyboard focus is on it, so its
 * ten seconds wait for a screen reader user who has just got there. */
/* AdwToast 1.2 names its button "_Undo Undo" (the raw label and the mnemonic label's
 * text): once the overlay has built the toast's widgets, they get their visible text. */
static gboolean
name_toast_buttons (gpointer data)
{
  NeuronaRunsPage *self = data;

  if (self->overlay != NULL)
    neurona_a11y_name_all_from_labels (GTK_WIDGET (self->overlay));
  return G_SOURCE_REMOVE;
}

static void
show_toast (NeuronaRunsPage *self, const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);
  g_autofree char *kept_text = g_strdup (text);

  /* One toast at a time: a new one replaces the last (its Undo, if any, is gone with it:
   * forget_undo () came before a toast without one), as soon as that may go. */
  gint64 shown_at = retire_toast (self);

  g_free (self->toast_text);
  self->toast_text = g_steal_pointer (&kept_text);
  /* The title is markup: a run's name is text. */
  self->toast = adw_toast_new (markup);
  adw_toast_set_timeout (self->toast, TOAST_SECONDS);
  /* Normal priority: it waits for a replaced toast that is still showing in. */
  self->toast_safe_at = shown_at + TOAST_SHOW_MS * 1000;
  /* A toast that only tells (runs added) has no Undo to offer. */
  if (self->undo_token != NULL)
    {
      adw_toast_set_button_label (self->toast, _("_Undo"));
      adw_toast_set_action_name (self->toast, "runs.undo");
    }
  g_signal_connect_swapped (self->toast, "dismissed", G_CALLBACK (on_toast_dismissed), self);
  adw_toast_overlay_add_toast (self->overlay, g_object_ref (self->toast));
  g_timeout_add_full (G_PRIORITY_DEFAULT, 20, name_toast_buttons, g_object_ref (self),
                      g_object_unref);
  g_timeout_add_full (G_PRIORITY_DEFAULT, TOAST_SHOW_MS, name_toast_buttons, g_object_ref (self),
                      g_object_unref);
  update_actions (self);
}

/* The details of the selected run ------------------------------------------------------ */

static void
commit_name (NeuronaRunsPage *self)
{
  NeuronaRunItem *item = self->selected;
  g_autofree char *name = NULL;

  if (item == NULL || self->session == NULL || self->loading_details > 0)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  /* An empty name brings back the default one. */
  if (name[0] == '\0')
    {
      g_free (name);
      name = nr_run_record_default_name (&neurona_run_item_get_record (item)->config);
    }
  if (g_strcmp0 (name, gtk_editable_get_text (GTK_EDITABLE (self->name_entry))) != 0)
    {
      self->loading_details++;
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
      self->loading_details--;
    }
  if (g_strcmp0 (name, neurona_run_item_get_name (item)) == 0)
    return;
  neurona_session_rename_run (self->session, item, name);
  /* The name column re-sorts, the legends and the table show the new name. */
  gtk_sorter_changed (gtk_column_view_column_get_sorter (self->columns[NEURONA_RUNS_COLUMN_NAME]),
                      GTK_SORTER_CHANGE_DIFFERENT);
  if (is_compared (self, item))
    update_comparison (self);
}

static char *
note_text (NeuronaRunsPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
commit_note (NeuronaRunsPage *self)
{
  g_autofree char *note = NULL;

  g_clear_handle_id (&self->note_source, g_source_remove);
  if (self->selected == NULL || self->session == NULL || self->loading_details > 0)
    return;
  note = note_text (self);
  if (g_strcmp0 (note, neurona_run_item_get_note (self->selected)) != 0)
    neurona_session_set_run_note (self->session, self->selected, note);
}

static gboolean
note_timeout (gpointer data)
{
  NeuronaRunsPage *self = data;

  self->note_source = 0;
  commit_note (self);
  return G_SOURCE_REMOVE;
}

static void
on_note_changed (NeuronaRunsPage *self)
{
  if (self->loading_details > 0)
    return;
  g_clear_handle_id (&self->note_source, g_source_remove);
  self->note_source = g_timeout_add (NOTE_SAVE_DELAY_MS, note_timeout, self);
}

static void
on_name_activate (NeuronaRunsPage *self)
{
  commit_name (self);
}

static void
on_details_focus_leave (NeuronaRunsPage *self)
{
  commit_name (self);
  commit_note (self);
}

static void
update_details_info (NeuronaRunsPage *self)
{
  g_autoptr (GString) info = g_string_new (NULL);
  NeuronaRunItem *item = self->selected;
  const char *save_error;

  if (item == NULL)
    return;
  if (self->session != NULL && neurona_session_get_current (self->session) == item)
    g_string_append (info, _("Shown now on the Model & Training and Predictions pages."));
  if (neurona_run_item_get_origin (item) != NULL)
    {
      const NrRunRecord *r = neurona_run_item_get_record (item);
      g_autofree char *where = g_filename_display_name (r->dir != NULL ? r->dir : r->legacy_path);
      /* Translators: the details of a run brought in from another folder */
      g_autofree char *from = g_strdup_printf (_("From another folder: %s. Delete only takes it "
                                                 "off this list; its files stay there."),
                                               where);

      g_string_append_printf (info, "%s%s", info->len > 0 ? " " : "", from);
    }
  save_error = neurona_run_item_get_save_error (item);
  if (save_error != NULL)
    g_string_append_printf (info, "%s%s", info->len > 0 ? " " : "",
                            _("Not saved: see the message at the top."));
  else if (!neurona_run_item_get_saved (item))
    g_string_append_printf (info, "%s%s", info->len > 0 ? " " : "", _("Saving…"));
  gtk_label_set_text (self->details_info, info->str);
  gtk_widget_set_visible (GTK_WIDGET (self->details_info), info->len > 0);
}

static void
on_selected_item_notify (NeuronaRunItem *item, GParamSpec *pspec, NeuronaRunsPage *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "saved") || g_str_equal (name, "save-error"))
    {
      update_details_info (self);
      update_error (self);
    }
}

static void
show_details (NeuronaRunsPage *self)
{
  NeuronaRunItem *item = self->selected;
  const NrRunRecord *r;
  g_autofree char *title = NULL;
  g_autofree char *accuracy = NULL;

  gtk_widget_set_visible (self->details, item != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->details_hint),
                          item == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0);
  if (item == NULL)
    return;
  r = neurona_run_item_get_record (item);
  accuracy = number_text (neurona_run_item_get_test_accuracy (item));
  /* Translators: the selected run's heading: "Run 3 · Fashion-MNIST · test accuracy 0.8798" */
  title = g_strdup_printf (_("Run %u · %s · test accuracy %s"), neurona_run_item_get_number (item),
                           _(nr_dataset_info (r->dataset)->title), accuracy);
  gtk_label_set_text (self->details_title, title);
  self->loading_details++;
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), neurona_run_item_get_name (item));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view),
                            neurona_run_item_get_note (item), -1);
  self->loading_details--;
  update_details_info (self);
}

static void
set_selected_item (NeuronaRunsPage *self, NeuronaRunItem *item)
{
  if (item == self->selected)
    return;
  /* Edits in progress belong to the run they were made on. */
  commit_name (self);
  commit_note (self);
  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_func (self->selected, on_selected_item_notify, self);
  g_set_object (&self->selected, item);
  if (item != NULL)
    g_signal_connect (item, "notify", G_CALLBACK (on_selected_item_notify), self);
  show_details (self);
  update_actions (self);
}

static void
on_selection_changed (NeuronaRunsPage *self)
{
  set_selected_item (self, gtk_single_selection_get_selected_item (self->selection));
}

/* Forgets edits of runs about to go (a save would race the move to the trash). */
static void
drop_edits (NeuronaRunsPage *self)
{
  g_clear_handle_id (&self->note_source, g_source_remove);
  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_func (self->selected, on_selected_item_notify, self);
  g_clear_object (&self->selected);
}

/* Deleting ------------------------------------------------------------------------------ */

/* Moves the runs to the trash at once, and offers Undo. */
static void
delete_items (NeuronaRunsPage *self, GPtrArray *items)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *text = NULL;
  gboolean selected_goes = FALSE;
  guint n_foreign = 0;

  if (items->len == 0 || self->session == NULL)
    return;
  for (guint i = 0; i < items->len; i++)
    selected_goes |= items->pdata[i] == self->selected;
  if (selected_goes)
    drop_edits (self);
  else
    {
      commit_name (self);
      commit_note (self);
    }
  token = neurona_session_delete_runs (self->session, (NeuronaRunItem **) items->pdata,
                                       items->len, &error);
  if (token == NULL)
    {
      g_autofree char *message = g_strconcat (_("Some runs could not be deleted:"), "\n",
                                              error->message, NULL);

      set_action_message (self, message);
      on_selection_changed (self); /* the details show the run that stayed */
      return;
    }
  set_action_message (self, NULL);
  forget_undo (self);
  self->undo_token = g_steal_pointer (&token);
  self->undo_items = g_ptr_array_ref (items);
  for (guint i = 0; i < items->len; i++)
    n_foreign += neurona_run_item_get_origin (items->pdata[i]) != NULL;
  if (n_foreign == items->len && items->len == 1)
    /* Translators: the toast after "deleting" a run of another folder: its files stay */
    text = g_strdup_printf (_("Run %u taken off the list"),
                            neurona_run_item_get_number (items->pdata[0]));
  else if (n_foreign == items->len)
    text = g_strdup_printf (ngettext ("%u run taken off the list", "%u runs taken off the list",
                                      items->len),
                            items->len);
  else if (items->len == 1)
    /* Translators: the toast after a delete: "Run 3 deleted" */
    text = g_strdup_printf (_("Run %u deleted"), neurona_run_item_get_number (items->pdata[0]));
  else
    text = g_strdup_printf (ngettext ("%u run deleted", "%u runs deleted", items->len),
                            items->len);
  show_toast (self, text);
}

/* Deletes the selected run; the next one in the table is selected, for the keyboard. */
static void
delete_selected (NeuronaRunsPage *self)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint position = gtk_single_selection_get_selected (self->selection);
  guint n;

  if (self->selected == NULL)
    return;
  g_ptr_array_add (items, g_object_ref (self->selected));
  delete_items (self, items);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  if (n > 0 && position != GTK_INVALID_LIST_POSITION
      && gtk_single_selection_get_selected_item (self->selection) == NULL)
    {
      gtk_single_selection_set_selected (self->selection, MIN (position, n - 1));
      gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
    }
}

/* Comparison ---------------------------------------------------------------------------- */

static int
compare_by_number (gconstpointer a, gconstpointer b)
{
  guint na = neurona_run_item_get_number (*(NeuronaRunItem **) a);
  guint nb = neurona_run_item_get_number (*(NeuronaRunItem **) b);

  return CMP (na, nb);
}

/* The compared runs that are listed, by run number: a run keeps its colour however the
 * table is sorted. */
static GPtrArray *
compared_items (NeuronaRunsPage *self)
{
  GPtrArray *items = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  for (guint i = 0; i < n; i++)
    if (is_compared (self, item_at (self, i)))
      g_ptr_array_add (items, item_at (self, i));
  g_ptr_array_sort (items, compare_by_number);
  return items;
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

enum { PLOT_TEST_ACCURACY, PLOT_TEST_LOSS, PLOT_TRAIN_ACCURACY, PLOT_TRAIN_LOSS, N_PLOTS };

static double
epoch_value (const NrEpochRecord *e, guint plot)
{
  switch (plot)
    {
    case PLOT_TEST_ACCURACY:
      return e->test_accuracy;
    case PLOT_TEST_LOSS:
      return e->test_loss;
    case PLOT_TRAIN_ACCURACY:
      return e->train_accuracy;
    case PLOT_TRAIN_LOSS:
    default:
      return e->train_loss;
    }
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
  NeuronaPlot *plots[N_PLOTS] = {
    self->accuracy_plot, self->loss_plot, self->train_accuracy_plot, self->train_loss_plot,
  };
  g_autoptr (GPtrArray) items = compared_items (self);
  g_autoptr (GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint max_epochs = 1;
  guint n = items->len;

  for (guint p = 0; p < N_PLOTS; p++)
    neurona_plot_remove_all_series (plots[p]);
  clear_grid (self->compare_grid);

  for (guint i = 0; i < n; i++)
    {
      NeuronaRunItem *item = items->pdata[i];
      const NrRunRecord *r = neurona_run_item_get_record (item);
      guint len = r->history->len;
      g_autofree double *xs = g_new (double, MAX (len, 1));
      g_autofree double *ys = g_new (double, MAX (len, 1));
      g_autofree char *series_label = NULL;
      const NrEpochRecord *last = nr_run_record_get_last_epoch (r);
      char **values;

      for (guint e = 0; e < len; e++)
        xs[e] = e + 1;
      max_epochs = MAX (max_epochs, MAX (len, r->config.epochs));
      /* Translators: a run in the comparison plots' legend: "2: 128 relu · 10 epochs" (the
       * run's number, its name) */
      series_label = g_strdup_printf (_("%u: %s"), neurona_run_item_get_number (item),
                                      neurona_run_item_get_name (item));
      /* The plots' own looks, by the series' index: run i looks the same on every plot. */
      for (guint p = 0; p < N_PLOTS; p++)
        {
          guint s = neurona_plot_add_series (plots[p], series_label, NULL, NEURONA_PLOT_AUTO);

          for (guint e = 0; e < len; e++)
            ys[e] = epoch_value (&g_array_index (r->history, NrEpochRecord, e), p);
          neurona_plot_set_points (plots[p], s, xs, ys, len);
        }

      values = g_new0 (char *, N_FIELDS + 1);
      values[0] = g_strdup (neurona_run_item_get_name (item));
      values[1] = g_strdup (_(nr_dataset_info (r->dataset)->title));
      values[2] = setting_text (r, NEURONA_RUNS_COLUMN_HIDDEN);
      values[3] = setting_text (r, NEURONA_RUNS_COLUMN_OUTPUTS);
      values[4] = setting_text (r, NEURONA_RUNS_COLUMN_OPTIMIZER);
      values[5] = setting_text (r, NEURONA_RUNS_COLUMN_LEARNING_RATE);
      values[6] = setting_text (r, NEURONA_RUNS_COLUMN_EPOCHS);
      values[7] = setting_text (r, NEURONA_RUNS_COLUMN_BATCH_SIZE);
      values[8] = setting_text (r, NEURONA_RUNS_COLUMN_SCALED);
      values[9] = setting_text (r, NEURONA_RUNS_COLUMN_SEED);
      values[10] = nr_format_count (r->train_size);
      values[11] = nr_format_count (r->test_size);
      values[12] = nr_format_count (r->params);
      values[13] = status_text (r);
      values[14] = number_text (last != NULL ? last->train_accuracy : NAN);
      values[15] = number_text (last != NULL ? last->test_accuracy : NAN);
      values[16] = number_text (last != NULL ? last->test_loss : NAN);
      values[17] = neurona_runs_page_format_duration (r->seconds);
      values[18] = start_text (r);
      g_ptr_array_add (columns, values);
    }
  for (guint p = 0; p < N_PLOTS; p++)
    neurona_plot_set_x_range (plots[p], 0, max_epochs);

  gtk_widget_set_visible (GTK_WIDGET (self->compare_hint), n < 2);
  gtk_widget_set_visible (self->compare_scroller, n > 0);
  update_actions (self);
  if (n == 0)
    return;

  for (guint c = 0; c < n; c++)
    {
      g_autofree char *header = g_strdup_printf (_("Run %u"),
                                                 neurona_run_item_get_number (items->pdata[c]));

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
show_curves (NeuronaRunsPage *self)
{
  NeuronaRunsCurves curves = gtk_drop_down_get_selected (self->curves_dropdown);
  gboolean test = curves != NEURONA_RUNS_CURVES_TRAIN;
  gboolean train = curves != NEURONA_RUNS_CURVES_TEST;

  gtk_widget_set_visible (GTK_WIDGET (self->accuracy_plot), test);
  gtk_widget_set_visible (GTK_WIDGET (self->loss_plot), test);
  gtk_widget_set_visible (GTK_WIDGET (self->train_accuracy_plot), train);
  gtk_widget_set_visible (GTK_WIDGET (self->train_loss_plot), train);
}

/* The list as a whole --------------------------------------------------------------------- */

static void
update_list (NeuronaRunsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  gboolean loaded = self->session == NULL || neurona_session_get_runs_loaded (self->session);

  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), n == 0 && loaded);
  gtk_widget_set_visible (self->list_scroller, n > 0);
  if (n == 0 && self->session != NULL
      && g_list_model_get_n_items (neurona_session_get_runs (self->session)) > 0
      && self->dataset_filter != NEURONA_RUNS_ALL_DATASETS)
    {
      /* Translators: "No run in the list was trained on MNIST digits: choose “All” in
       * “Filter by dataset” to list the others." */
      g_autofree char *text = g_strdup_printf (_("No run in the list was trained on %s: choose "
                                                 "“All” in “Filter by dataset” to list the "
                                                 "others."),
                                               _(nr_dataset_info (self->dataset_filter)->title));
      g_autofree char *markup = g_markup_escape_text (text, -1);

      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      /* Translators: the title over an empty, filtered list of runs */
      adw_status_page_set_title (self->empty_page, _("No Runs of This Dataset"));
      adw_status_page_set_description (self->empty_page, markup);
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "document-open-recent-symbolic");
      /* Translators: the title of the Runs page before any run */
      adw_status_page_set_title (self->empty_page, _("No Saved Runs Yet"));
      /* The description is markup: this text has no markup characters. */
      adw_status_page_set_description (self->empty_page,
                                       _("Every training run you start appears here, with "
                                         "its settings, curves and trained model."));
    }
  /* Once per burst of changes: the first reading of the folder adds runs one by one. */
  if (self->columns_source == 0)
    self->columns_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, setting_columns_idle, self, NULL);
  update_comparison (self);
  update_error (self);
  show_details (self);
  update_actions (self);
}

/* A save that fails after the run was listed is said at once, and a run's new name or
 * number reaches its cells. watched[] follows the session's list, item for item. */
static void
unwatch_all (NeuronaRunsPage *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    {
      g_signal_handlers_disconnect_by_func (self->watched->pdata[i], update_error, self);
      g_signal_handlers_disconnect_by_func (self->watched->pdata[i], on_watched_item_notify, self);
    }
  g_ptr_array_set_size (self->watched, 0);
}

static void
watch_range (NeuronaRunsPage *self, GListModel *runs, guint position, guint removed, guint added)
{
  for (guint i = 0; i < removed && position < self->watched->len; i++)
    {
      g_signal_handlers_disconnect_by_func (self->watched->pdata[position], update_error, self);
      g_signal_handlers_disconnect_by_func (self->watched->pdata[position], on_watched_item_notify,
                                            self);
      g_ptr_array_remove_index (self->watched, position);
    }
  for (guint i = 0; i < added; i++)
    {
      NeuronaRunItem *item = g_list_model_get_item (runs, position + i);

      g_signal_connect_swapped (item, "notify::save-error", G_CALLBACK (update_error), self);
      g_signal_connect (item, "notify", G_CALLBACK (on_watched_item_notify), self);
      g_ptr_array_insert (self->watched, (int) (position + i), item);
    }
}

static void
on_runs_changed (GListModel *runs, guint position, guint removed, guint added,
                 NeuronaRunsPage *self)
{
  watch_range (self, runs, position, removed, added);
}

/* The runs shown changed: the session's, or the filter's choice among them. */
static void
on_shown_changed (NeuronaRunsPage *self)
{
  update_list (self);
}

/* The current run's name is in bold: only the name cells change. */
static void
on_current_changed (NeuronaRunsPage *self)
{
  GHashTableIter iter;
  gpointer cell;

  g_hash_table_iter_init (&iter, self->cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    if (cell_of (cell)->column == NEURONA_RUNS_COLUMN_NAME)
      refresh_cell (self, cell);
  update_details_info (self);
}

/* Actions --------------------------------------------------------------------------------- */

/* "Where predictions differ" needs exactly two ticked runs that can be compared image by
 * image; the note under the heading says why not when two are ticked. */
static gboolean
update_compare_note (NeuronaRunsPage *self, GPtrArray *compared)
{
  g_clear_pointer (&self->compare_note, g_free);
  if (compared->len == 2)
    self->compare_note = neurona_comparison_check (compared->pdata[0], compared->pdata[1]);
  gtk_label_set_text (self->differ_note, self->compare_note != NULL ? self->compare_note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->differ_note), self->compare_note != NULL);
  return compared->len == 2 && self->compare_note == NULL;
}

static void
update_actions (NeuronaRunsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean have = self->selected != NULL && self->session != NULL;
  gboolean training = self->session != NULL && neurona_session_get_training (self->session) != NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  g_autoptr (GPtrArray) compared = compared_items (self);

  gtk_widget_action_set_enabled (widget, "runs.open", have);
  gtk_widget_action_set_enabled (widget, "runs.use-settings", have && !training);
  gtk_widget_action_set_enabled (widget, "runs.train-again", have && !training);
  gtk_widget_action_set_enabled (widget, "runs.export-csv", have);
  gtk_widget_action_set_enabled (widget, "runs.delete", have);
  gtk_widget_action_set_enabled (widget, "runs.delete-compared", compared->len > 0);
  gtk_widget_action_set_enabled (widget, "runs.compare-all", n > 0 && compared->len < n);
  gtk_widget_action_set_enabled (widget, "runs.compare-none", compared->len > 0);
  gtk_widget_action_set_enabled (widget, "runs.reload", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "runs.open-folder", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "runs.compare-predictions",
                                 update_compare_note (self, compared) && self->session != NULL);
  gtk_widget_action_set_enabled (widget, "runs.undo", self->undo_token != NULL);
  gtk_widget_action_set_enabled (widget, "runs.dismiss-toast", self->toast_text != NULL);
}

static void
open_item (NeuronaRunsPage *self, NeuronaRunItem *item)
{
  g_autoptr (NeuronaRunItem) keep = g_object_ref (item);

  if (self->session == NULL)
    return;
  neurona_session_open_run (self->session, item);
  g_signal_emit (self, signals[SIGNAL_RUN_OPENED], 0, item);
}

static void
open_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaRunsPage *self = NEURONA_RUNS_PAGE (widget);

  if (self->selected != NULL)
    open_item (self, self->selected);
}

static void
on_activate (GtkColumnView *view, guint position, NeuronaRunsPage *self)
{
  NeuronaRunItem *item = position < g_list_model_get_n_items (G_LIST_MODEL (self->sorted))
                           ? item_at (self, position)
                           : NULL;

  if (item == NULL)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  open_item (self, item);
}

static void
use_settings_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaRunsPage *self = NEURONA_RUNS_PAGE (widget);
  g_autoptr (NeuronaRunItem) item = self->selected != NULL ? g_object_ref (self->selected) : NULL;

  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_USE_SETTINGS], 0, item);
}

static void
train_again_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaRunsPage *self = NEURONA_RUNS_PAGE (widget);
  g_autoptr (NeuronaRunItem) item = self->selected != NULL ? g_object_ref (self->selected) : NULL;

  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_TRAIN_AGAIN], 0, item);
}

static void
delete_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  delete_selected (NEURONA_RUNS_PAGE (widget));
}

static void
delete_compared_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  neurona_runs_page_delete_compared (NEURONA_RUNS_PAGE (widget));
}

static void
set_all_compared (NeuronaRunsPage *self, gboolean compared)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  for (guint i = 0; i < n; i++)
    set_item_compared (self, item_at (self, i), compared);
  refresh_all_cells (self);
  update_comparison (self);
}

static void
compare_all_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  set_all_compared (NEURONA_RUNS_PAGE (widget), TRUE);
}

static void
compare_none_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  set_all_compared (NEURONA_RUNS_PAGE (widget), FALSE);
}

static void
reload_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaRunsPage *self = NEURONA_RUNS_PAGE (widget);

  if (self->session == NULL)
    return;
  set_action_message (self, NULL);
  neurona_session_reload_runs (self->session);
}

static void
compare_predictions_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaRunsPage *self = NEURONA_RUNS_PAGE (widget);
  g_autoptr (GPtrArray) compared = compared_items (self);
  g_autoptr (NeuronaRunItem) a = NULL;
  g_autoptr (NeuronaRunItem) b = NULL;

  if (!update_compare_note (self, compared))
    return;
  a = g_object_ref (compared->pdata[0]);
  b = g_object_ref (compared->pdata[1]);
  g_signal_emit (self, signals[SIGNAL_COMPARE_PREDICTIONS], 0, a, b);
}

static void
undo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  neurona_runs_page_undo_delete (NEURONA_RUNS_PAGE (widget));
}

static void
dismiss_toast_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  hide_toast (NEURONA_RUNS_PAGE (widget));
}

/* Runs from other folders --------------------------------------------------------------- */

typedef struct {
  NeuronaRunsPage *page; /* valid unless the call was cancelled */
  char *what;            /* "“class”", "3 folders" */
} AddCall;

static void
add_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AddCall *call = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *what = g_steal_pointer (&call->what);
  NeuronaRunsPage *self = call->page;
  g_autofree char *text = NULL;
  guint n_added = 0, n_already = 0;
  gboolean ok;

  g_free (call);
  ok = neurona_session_add_runs_finish (NEURONA_SESSION (source), result, &n_added, &n_already,
                                        &problems, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the page has gone */
  if (!ok)
    {
      /* Translators: "No runs could be read from “class”: <why>" */
      g_autofree char *message = g_strdup_printf (_("No runs could be read from %s:\n%s"), what,
                                                  error->message);

      set_action_message (self, message);
      return;
    }
  if (problems != NULL)
    {
      /* Translators: "Some runs in “class” could not be read:\n<one line per run>" */
      g_autofree char *message = g_strdup_printf (_("Some runs in %s could not be read:\n%s"),
                                                  what, problems);

      set_action_message (self, message);
    }
  else
    set_action_message (self, NULL);
  if (n_added > 0)
    {
      /* Translators: "12 runs added from “class”" */
      g_autofree char *added = g_strdup_printf (ngettext ("%u run added from %s",
                                                          "%u runs added from %s", n_added),
                                                n_added, what);
      /* Translators: after "12 runs added from “class”": "(3 were listed already)" */
      g_autofree char *already = g_strdup_printf (ngettext ("(%u was listed already)",
                                                            "(%u were listed already)",
                                                            n_already),
                                                  n_already);

      text = n_already > 0 ? g_strconcat (added, " ", already, NULL) : g_steal_pointer (&added);
    }
  else if (n_already > 0)
    /* Translators: "The 12 runs in “class” are listed already" */
    text = g_strdup_printf (ngettext ("The %u run in %s is listed already",
                                      "The %u runs in %s are listed already", n_already),
                            n_already, what);
  else if (problems == NULL)
    /* Translators: "No runs in “class”" */
    text = g_strdup_printf (_("No runs in %s"), what);
  if (text != NULL)
    {
      forget_undo (self);
      show_toast (self, text);
    }
}

void
neurona_runs_page_add_runs_from (NeuronaRunsPage *self, GFile *const *files, guint n_files)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) not_local = g_string_new (NULL);
  AddCall *call;

  g_return_if_fail (NEURONA_IS_RUNS_PAGE (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (self->session == NULL || n_files == 0)
    return;
  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path != NULL)
        g_ptr_array_add (paths, path);
      else
        {
          g_autofree char *name = g_file_get_parse_name (files[i]);

          g_string_append_printf (not_local, "%s%s", not_local->len > 0 ? ", " : "", name);
        }
    }
  if (not_local->len > 0)
    {
      /* Translators: "Only folders on this computer can be opened: sftp://host/runs" */
      g_autofree char *message = g_strdup_printf (_("Only folders on this computer can be "
                                                    "opened: %s"),
                                                  not_local->str);

      set_action_message (self, message);
    }
  if (paths->len == 0)
    return;
  call = g_new0 (AddCall, 1);
  call->page = self;
  if (paths->len == 1)
    {
      g_autofree char *name = g_filename_display_basename (paths->pdata[0]);

      /* Translators: a folder's name in a message, quoted */
      call->what = g_strdup_printf (_("“%s”"), name);
    }
  else
    call->what = g_strdup_printf (ngettext ("%u folder", "%u folders", paths->len), paths->len);
  g_ptr_array_add (paths, NULL);
  neurona_session_add_runs_async (self->session, (const char *const *) paths->pdata,
                                  self->add_cancellable, add_done, call);
}

static void
clear_folder_chooser (NeuronaRunsPage *self)
{
  if (self->folder_chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->folder_chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->folder_chooser));
  g_clear_object (&self->folder_chooser);
}

static void
folder_chooser_response_cb (GtkNativeDialog *dialog, int response, NeuronaRunsPage *self)
{
  g_autoptr (GListModel) files = NULL;
  g_autoptr (GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
  clear_folder_chooser (self);
  for (guint i = 0; files != NULL && i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));
  neurona_runs_page_add_runs_from (self, (GFile *const *) array->pdata, array->len);
}

static void
open_folder_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaRunsPage *self = NEURONA_RUNS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  clear_folder_chooser (self);
  self->folder_chooser = gtk_file_chooser_native_new (_("Open Runs Folder"),
                                                      GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                           : NULL,
                                                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                      _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->folder_chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->folder_chooser), TRUE);
  g_signal_connect (self->folder_chooser, "response", G_CALLBACK (folder_chooser_response_cb),
                    self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
}

/* Export ------------------------------------------------------------------------------- */

static void
clear_chooser (NeuronaRunsPage *self)
{
  if (self->chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

static gboolean
export_item (NeuronaRunsPage *self, NeuronaRunItem *item, GFile *file, GError **error)
{
  gsize length = 0;
  g_autofree char *csv = nr_run_record_to_csv (neurona_run_item_get_record (item), &length);

  return g_file_replace_contents (file, csv, length, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                  NULL, error);
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, NeuronaRunsPage *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (NeuronaRunItem) item = g_steal_pointer (&self->export_item);
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  clear_chooser (self);
  if (file == NULL || item == NULL)
    return;
  if (!export_item (self, item, file, &error))
    {
      g_autofree char *name = g_file_get_parse_name (file);
      /* Translators: "Could not save “run.csv”: <why>" */
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"), name,
                                                  error->message);

      set_action_message (self, message);
    }
  else
    set_action_message (self, NULL);
}

static void
export_csv_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaRunsPage *self = NEURONA_RUNS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  if (self->selected == NULL)
    return;
  clear_chooser (self);
  g_set_object (&self->export_item, self->selected);
  self->chooser = gtk_file_chooser_native_new (_("Export the Run's History as CSV"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  /* A name is not a path. */
  base = g_strdelimit (g_strstrip (g_strdup (neurona_run_item_get_name (self->selected))), "/\\",
                       '-');
  name = g_strconcat (base[0] != '\0' && base[0] != '.' ? base : _("run"), ".csv", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* GObject ---------------------------------------------------------------------------- */

static void
disconnect_session (NeuronaRunsPage *self)
{
  if (self->session == NULL)
    return;
  g_signal_handlers_disconnect_by_data (neurona_session_get_runs (self->session), self);
  g_signal_handlers_disconnect_by_data (self->session, self);
}

static void
neurona_runs_page_dispose (GObject *object)
{
  NeuronaRunsPage *self = NEURONA_RUNS_PAGE (object);

  /* The list first: nothing the session does from now on reaches the page. */
  if (self->sorted != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sorted, self);
      gtk_filter_list_model_set_model (self->filtered, NULL);
    }
  if (self->toast != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->toast, self);
      g_clear_object (&self->toast);
    }
  g_clear_handle_id (&self->note_source, g_source_remove);
  g_clear_handle_id (&self->columns_source, g_source_remove);
  clear_chooser (self);
  clear_folder_chooser (self);
  g_cancellable_cancel (self->add_cancellable);
  g_clear_object (&self->add_cancellable);
  g_clear_object (&self->export_item);
  /* Nothing is saved while the page goes: an edit in progress was committed on leaving
   * the field. */
  drop_edits (self);
  disconnect_session (self);
  g_clear_object (&self->session);
  unwatch_all (self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  self->sorted = NULL;   /* owned by the selection */
  self->filtered = NULL; /* owned by the sorted model */
  self->filter = NULL;   /* owned by the filtered model */
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_RUNS_PAGE);
  if (self->compared != NULL)
    g_hash_table_remove_all (self->compared);
  forget_undo (self);

  G_OBJECT_CLASS (neurona_runs_page_parent_class)->dispose (object);
}

static void
neurona_runs_page_finalize (GObject *object)
{
  NeuronaRunsPage *self = NEURONA_RUNS_PAGE (object);

  g_hash_table_unref (self->compared);
  g_hash_table_unref (self->cells);
  g_ptr_array_unref (self->watched);
  g_free (self->action_message);
  g_free (self->error_text);
  g_free (self->toast_text);
  g_free (self->compare_note);

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
  g_type_ensure (ADW_TYPE_TOAST_OVERLAY);
  g_type_ensure (ADW_TYPE_STATUS_PAGE);

  signals[SIGNAL_RUN_OPENED] =
    g_signal_new ("run-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, NEURONA_TYPE_RUN_ITEM);
  signals[SIGNAL_USE_SETTINGS] =
    g_signal_new ("use-settings", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, NEURONA_TYPE_RUN_ITEM);
  signals[SIGNAL_TRAIN_AGAIN] =
    g_signal_new ("train-again", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, NEURONA_TYPE_RUN_ITEM);
  signals[SIGNAL_COMPARE_PREDICTIONS] =
    g_signal_new ("compare-predictions", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, NEURONA_TYPE_RUN_ITEM, NEURONA_TYPE_RUN_ITEM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "runspage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-runs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, overlay);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, heading_row);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, filter_row);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, compare_row);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, details_hint);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, details);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, details_title);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, note_view);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, details_info);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, curves_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, plots);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, accuracy_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, train_accuracy_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, train_loss_plot);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, loss_log_check);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, compare_hint);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, compare_scroller);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, compare_grid);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NeuronaRunsPage, differ_note);

  gtk_widget_class_install_action (widget_class, "runs.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "runs.use-settings", NULL, use_settings_action);
  gtk_widget_class_install_action (widget_class, "runs.train-again", NULL, train_again_action);
  gtk_widget_class_install_action (widget_class, "runs.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "runs.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "runs.delete-compared", NULL,
                                   delete_compared_action);
  gtk_widget_class_install_action (widget_class, "runs.compare-all", NULL, compare_all_action);
  gtk_widget_class_install_action (widget_class, "runs.compare-none", NULL, compare_none_action);
  gtk_widget_class_install_action (widget_class, "runs.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "runs.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "runs.compare-predictions", NULL,
                                   compare_predictions_action);
  gtk_widget_class_install_action (widget_class, "runs.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "runs.dismiss-toast", NULL, dismiss_toast_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "runs.undo",
                                       NULL);
}

/* The dataset filter ------------------------------------------------------------------- */

static gboolean
filter_run (gpointer item, gpointer user_data)
{
  NeuronaRunsPage *self = user_data;

  return self->dataset_filter == NEURONA_RUNS_ALL_DATASETS
         || (int) neurona_run_item_get_record (item)->dataset == self->dataset_filter;
}

static void
on_filter_selected (NeuronaRunsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);
  int dataset = selected == 0 || selected == GTK_INVALID_LIST_POSITION
                  ? NEURONA_RUNS_ALL_DATASETS
                  : (int) selected - 1;

  if (dataset == self->dataset_filter)
    return;
  self->dataset_filter = dataset;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* "All", then the datasets in NrDatasetId order (item i + 1 is dataset i). */
static void
fill_filter_dropdown (NeuronaRunsPage *self)
{
  g_autoptr (GtkStringList) items = gtk_string_list_new (NULL);

  /* Translators: the dataset filter's choice that lists every run */
  gtk_string_list_append (items, C_("datasets", "All"));
  for (guint i = 0; i < NR_N_DATASETS; i++)
    gtk_string_list_append (items, _(nr_dataset_info (i)->title));
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (items));
  gtk_drop_down_set_selected (self->filter_dropdown, 0);
  g_signal_connect_swapped (self->filter_dropdown, "notify::selected",
                            G_CALLBACK (on_filter_selected), self);
}

static void
add_delete_key (NeuronaRunsPage *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  const guint keys[] = { GDK_KEY_Delete, GDK_KEY_KP_Delete };

  /* On the table only: Delete in the name or the note edits the text. */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i], 0),
                                                            gtk_named_action_new ("runs.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), shortcuts);
}

static void
neurona_runs_page_init (NeuronaRunsPage *self)
{
  NeuronaPlot *plots[N_PLOTS];
  static const char *const titles[N_PLOTS] = {
    N_("Test accuracy per epoch"), N_("Test loss per epoch"),
    N_("Training accuracy per epoch"), N_("Training loss per epoch"),
  };
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  self->compared = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->cells = g_hash_table_new (NULL, NULL);
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);

  /* session runs → the chosen dataset's → sorted as the headers say → one selected */
  self->dataset_filter = NEURONA_RUNS_ALL_DATASETS;
  self->filter = gtk_custom_filter_new (filter_run, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered), NULL);
  self->add_cancellable = g_cancellable_new ();
  fill_filter_dropdown (self);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  add_columns (self);
  gtk_sort_list_model_set_sorter (self->sorted, gtk_column_view_get_sorter (self->column_view));
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (on_shown_changed), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (on_activate), self);
  add_delete_key (self);

  g_signal_connect_swapped (self->name_entry, "activate", G_CALLBACK (on_name_activate), self);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_details_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->name_entry), focus);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_details_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->note_view), focus);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->note_view), "changed",
                            G_CALLBACK (on_note_changed), self);

  plots[PLOT_TEST_ACCURACY] = self->accuracy_plot;
  plots[PLOT_TEST_LOSS] = self->loss_plot;
  plots[PLOT_TRAIN_ACCURACY] = self->train_accuracy_plot;
  plots[PLOT_TRAIN_LOSS] = self->train_loss_plot;
  for (guint p = 0; p < N_PLOTS; p++)
    {
      gboolean accuracy = p == PLOT_TEST_ACCURACY || p == PLOT_TRAIN_ACCURACY;

      neurona_plot_set_title (plots[p], _(titles[p]));
      neurona_plot_set_x_label (plots[p], _("Epoch"));
      neurona_plot_set_y_label (plots[p], accuracy ? _("Accuracy") : _("Loss"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (plots[p]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(titles[p]), -1);
      if (!accuracy)
        g_object_bind_property (self->loss_log_check, "active", plots[p], "y-log",
                                G_BINDING_SYNC_CREATE);
    }
  g_signal_connect_swapped (self->curves_dropdown, "notify::selected", G_CALLBACK (show_curves),
                            self);
  show_curves (self);
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
  drop_edits (self);
  hide_toast (self);
  disconnect_session (self);
  g_hash_table_remove_all (self->compared);
  g_set_object (&self->session, session);
  gtk_filter_list_model_set_model (self->filtered,
                                   session != NULL ? neurona_session_get_runs (session) : NULL);
  if (session != NULL)
    {
      g_signal_connect (neurona_session_get_runs (session), "items-changed",
                        G_CALLBACK (on_runs_changed), self);
      g_signal_connect_swapped (session, "notify::runs-message", G_CALLBACK (update_error), self);
      g_signal_connect_swapped (session, "notify::runs-loaded", G_CALLBACK (update_list), self);
      g_signal_connect_swapped (session, "notify::current", G_CALLBACK (on_current_changed), self);
      g_signal_connect_swapped (session, "notify::training", G_CALLBACK (update_actions), self);
    }
  unwatch_all (self);
  if (session != NULL)
    watch_range (self, neurona_session_get_runs (session), 0, 0,
                 g_list_model_get_n_items (neurona_session_get_runs (session)));
  update_list (self);
}

guint
neurona_runs_page_get_n_runs (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

NeuronaRunItem *
neurona_runs_page_get_item (NeuronaRunsPage *self, guint index)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);
  g_return_val_if_fail (index < neurona_runs_page_get_n_runs (self), NULL);

  return item_at (self, index);
}

const NrRunRecord *
neurona_runs_page_get_run (NeuronaRunsPage *self, guint index)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);
  g_return_val_if_fail (index < neurona_runs_page_get_n_runs (self), NULL);

  return neurona_run_item_get_record (item_at (self, index));
}

void
neurona_runs_page_sort_by (NeuronaRunsPage *self, NeuronaRunsColumn column, GtkSortType order)
{
  g_return_if_fail (NEURONA_IS_RUNS_PAGE (self));
  g_return_if_fail (column > NEURONA_RUNS_COLUMN_COMPARE && column < NEURONA_RUNS_N_COLUMNS);

  gtk_column_view_sort_by_column (self->column_view, self->columns[column], order);
}

char *
neurona_runs_page_get_cell_text (NeuronaRunsPage *self, guint index, NeuronaRunsColumn column)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);
  g_return_val_if_fail (index < neurona_runs_page_get_n_runs (self), NULL);
  g_return_val_if_fail (column < NEURONA_RUNS_N_COLUMNS, NULL);

  return cell_text (self, item_at (self, index), column);
}

gboolean
neurona_runs_page_get_column_visible (NeuronaRunsPage *self, NeuronaRunsColumn column)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), FALSE);
  g_return_val_if_fail (column < NEURONA_RUNS_N_COLUMNS, FALSE);

  if (self->columns_source != 0)
    update_setting_columns (self);
  return gtk_column_view_column_get_visible (self->columns[column]);
}

GtkColumnView *
neurona_runs_page_get_column_view (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);

  return self->column_view;
}

void
neurona_runs_page_select (NeuronaRunsPage *self, guint index)
{
  g_return_if_fail (NEURONA_IS_RUNS_PAGE (self));
  g_return_if_fail (index == GTK_INVALID_LIST_POSITION || index < neurona_runs_page_get_n_runs (self));

  gtk_single_selection_set_selected (self->selection, index);
}

guint
neurona_runs_page_get_selected (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), GTK_INVALID_LIST_POSITION);

  return gtk_single_selection_get_selected (self->selection);
}

void
neurona_runs_page_set_compared (NeuronaRunsPage *self, guint index, gboolean compared)
{
  NeuronaRunItem *item;

  g_return_if_fail (NEURONA_IS_RUNS_PAGE (self));
  g_return_if_fail (index < neurona_runs_page_get_n_runs (self));

  item = item_at (self, index);
  if (is_compared (self, item) == !!compared)
    return;
  set_item_compared (self, item, compared);
  refresh_all_cells (self);
  update_comparison (self);
}

gboolean
neurona_runs_page_get_compared (NeuronaRunsPage *self, guint index)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), FALSE);
  g_return_val_if_fail (index < neurona_runs_page_get_n_runs (self), FALSE);

  return is_compared (self, item_at (self, index));
}

void
neurona_runs_page_delete_compared (NeuronaRunsPage *self)
{
  g_autoptr (GPtrArray) compared = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (NEURONA_IS_RUNS_PAGE (self));

  compared = compared_items (self);
  for (guint i = 0; i < compared->len; i++)
    g_ptr_array_add (items, g_object_ref (compared->pdata[i]));
  delete_items (self, items);
}

gboolean
neurona_runs_page_undo_delete (NeuronaRunsPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr (GPtrArray) items = NULL;
  guint position;

  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), FALSE);

  if (self->undo_token == NULL || self->session == NULL)
    return FALSE;
  token = g_steal_pointer (&self->undo_token);
  items = g_steal_pointer (&self->undo_items);
  hide_toast (self);
  if (!neurona_session_restore_runs (self->session, token, &error))
    {
      set_action_message (self, error->message);
      return FALSE;
    }
  set_action_message (self, NULL);
  /* The run that came back is the one selected, as before its delete. */
  position = items != NULL && items->len > 0 ? position_of (self, items->pdata[0])
                                             : GTK_INVALID_LIST_POSITION;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

const char *
neurona_runs_page_get_toast_text (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);

  return self->toast_text;
}

gboolean
neurona_runs_page_export_csv (NeuronaRunsPage *self, guint index, GFile *file, GError **error)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), FALSE);
  g_return_val_if_fail (index < neurona_runs_page_get_n_runs (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return export_item (self, item_at (self, index), file, error);
}

const char *
neurona_runs_page_get_error_text (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);

  return self->error_text;
}

void
neurona_runs_page_set_curves (NeuronaRunsPage *self, NeuronaRunsCurves curves)
{
  g_return_if_fail (NEURONA_IS_RUNS_PAGE (self));
  g_return_if_fail (curves <= NEURONA_RUNS_CURVES_BOTH);

  gtk_drop_down_set_selected (self->curves_dropdown, curves);
}

NeuronaRunsCurves
neurona_runs_page_get_curves (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NEURONA_RUNS_CURVES_TEST);

  return gtk_drop_down_get_selected (self->curves_dropdown);
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

NeuronaPlot *
neurona_runs_page_get_train_accuracy_plot (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);

  return self->train_accuracy_plot;
}

NeuronaPlot *
neurona_runs_page_get_train_loss_plot (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);

  return self->train_loss_plot;
}

GtkGrid *
neurona_runs_page_get_comparison_grid (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);

  return self->compare_grid;
}

void
neurona_runs_page_set_dataset_filter (NeuronaRunsPage *self, int dataset_id)
{
  g_return_if_fail (NEURONA_IS_RUNS_PAGE (self));
  g_return_if_fail (dataset_id == NEURONA_RUNS_ALL_DATASETS
                    || (dataset_id >= 0 && dataset_id < NR_N_DATASETS));

  gtk_drop_down_set_selected (self->filter_dropdown, (guint) (dataset_id + 1));
}

int
neurona_runs_page_get_dataset_filter (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NEURONA_RUNS_ALL_DATASETS);

  return self->dataset_filter;
}

const char *
neurona_runs_page_get_compare_note (NeuronaRunsPage *self)
{
  g_return_val_if_fail (NEURONA_IS_RUNS_PAGE (self), NULL);

  return self->compare_note;
}

void
neurona_runs_page_set_compact (NeuronaRunsPage *self, gboolean compact)
{
  GtkOrientation orientation = compact ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  g_return_if_fail (NEURONA_IS_RUNS_PAGE (self));

  /* The buttons under the heading, the folder button under the filter: at a large zoom
   * (in Spanish from 175 %) a row of them would be wider than a 1280-pixel window. */
  gtk_orientable_set_orientation (self->heading_row, orientation);
  gtk_orientable_set_orientation (self->filter_row, orientation);
  gtk_orientable_set_orientation (self->compare_row, orientation);
}
