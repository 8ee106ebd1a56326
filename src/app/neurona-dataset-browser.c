/* neurona-dataset-browser.c — the "Data" page.
 *
 * The grid is a GtkGridView over a NeuronaIndexModel, which maps a position to an image
 * index of the chosen split (all of them, or those of one class). Items are created only
 * for the cells on screen, so 60,000 images cost an array of 60,000 indices, not 60,000
 * objects; each cell is a NeuronaImageView drawing the uint8 pixels through the colormap.
 *
 * The Grid… popover turns the grid into the tutorial's figure: a GtkSliceListModel over
 * the index list keeps its first rows × columns places (or fewer images), as
 * plt.subplot(rows, columns, i + 1) places train_images[i]; when the places are fewer than
 * the images, the page says in words what matplotlib's ValueError says.
 */
#include "neurona-dataset-browser.h"

#include <glib/gi18n.h>
#include <string.h>

#include "neurona-a11y.h"
#include "neurona-image-view.h"
#include "neurona-index-item.h"
#include "neurona-index-model.h"
#include "neurona-pixel-table.h"

/* ---- NeuronaDatasetBrowser ---------------------------------------------------------- */

struct _NeuronaDatasetBrowser
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *toplevel;
  GtkDropDown *dataset_dropdown;
  GtkDropDown *split_dropdown;
  GtkDropDown *class_dropdown;
  GtkDropDown *colormap_dropdown;
  GtkAdjustment *columns_adjustment;
  GtkAdjustment *size_adjustment;
  GtkLabel *count_label;
  GtkStack *stack;
  GtkSpinner *spinner;
  GtkGridView *grid_view;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  NeuronaImageView *large_view;
  GtkLabel *readout_label;
  GtkToggleButton *pixels_button;
  NeuronaPixelTable *pixel_table;
  GtkScrolledWindow *scrolled;
  GtkWidget *columns_spin;
  GtkWidget *size_scale;
  GtkSpinButton *goto_spin;
  GtkAdjustment *goto_adjustment;
  GtkMenuButton *grid_button;
  GtkCheckButton *all_images_check;
  GtkAdjustment *rows_adjustment;
  GtkAdjustment *images_adjustment;
  GtkWidget *rows_spin;
  GtkWidget *images_spin;
  GtkWidget *figure_columns_spin;
  GtkWidget *figure_message_box;
  GtkOrientable *choice_row;
  GtkOrientable *look_row;
  GtkLabel *figure_message_label;
  /* Visible labels, each the mnemonic (and accessible name) of its control */
  GtkLabel *dataset_label;
  GtkLabel *split_label;
  GtkLabel *class_label;
  GtkLabel *colormap_label;
  GtkLabel *columns_label;
  GtkLabel *size_label;
  GtkLabel *goto_label;
  GtkLabel *rows_label;
  GtkLabel *figure_columns_label;
  GtkLabel *images_label;

  /* Owned */
  NrDataset *dataset;
  NeuronaIndexModel *model;
  GtkSliceListModel *figure; /* the first places of model: all of them unless a figure */
  GtkSingleSelection *selection;

  guint dataset_id;
  guint colormap;
  int thumbnail_size;
  guint class_names_for; /* dataset id the class drop-down lists, G_MAXUINT: none */
  guint focus_position;  /* the cell Go to image focuses once it is made */
  guint focus_tick;
  guint focus_frames;
};

G_DEFINE_FINAL_TYPE (NeuronaDatasetBrowser, neurona_dataset_browser, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATASET_ID,
  PROP_COLORMAP,
  PROP_THUMBNAIL_SIZE,
  PROP_ROWS,
  PROP_COLUMNS,
  PROP_IMAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const NrImageSet *
current_set (NeuronaDatasetBrowser *self)
{
  if (self->dataset == NULL)
    return NULL;
  return gtk_drop_down_get_selected (self->split_dropdown) == 1 ? self->dataset->test
                                                                : self->dataset->train;
}

static const char *
class_name (NeuronaDatasetBrowser *self, guint label)
{
  const NrDatasetInfo *info = nr_dataset_info (self->dataset->id);

  if (label < info->n_classes)
    return _(info->class_names[label]);
  return "?";
}

static int
class_filter (NeuronaDatasetBrowser *self)
{
  guint pos = gtk_drop_down_get_selected (self->class_dropdown);

  return pos == GTK_INVALID_LIST_POSITION || pos == 0 ? -1 : (int) pos - 1;
}

static guint
figure_rows (NeuronaDatasetBrowser *self)
{
  return (guint) gtk_adjustment_get_value (self->rows_adjustment);
}

static guint
figure_columns (NeuronaDatasetBrowser *self)
{
  return (guint) gtk_adjustment_get_value (self->columns_adjustment);
}

/* How many of the first images the figure asks for; 0: all of them, scrolling. */
static guint
figure_images (NeuronaDatasetBrowser *self)
{
  if (gtk_check_button_get_active (self->all_images_check))
    return 0;
  return (guint) gtk_adjustment_get_value (self->images_adjustment);
}

/* The places the grid keeps: G_MAXUINT for all images. */
static guint
figure_limit (NeuronaDatasetBrowser *self)
{
  guint images = figure_images (self);

  if (images == 0)
    return G_MAXUINT;
  return MIN (images, figure_rows (self) * figure_columns (self));
}

/* In words what matplotlib's ValueError says, when a figure has fewer places than
 * images; NULL when everything fits. */
static char *
figure_message (NeuronaDatasetBrowser *self)
{
  guint images = figure_images (self), rows = figure_rows (self), cols = figure_columns (self);
  guint places = rows * cols, needed;
  g_autofree char *count = NULL, *problem = NULL, *advice = NULL;

  if (images == 0 || places >= images)
    return NULL;
  count = nr_format_count (images);
  problem = g_strdup_printf (
    /* TRANSLATORS: "A 2 × 5 grid has 10 places, not enough for 25 images: matplotlib's
     * subplot(2, 5, 11) stops with “num must be 1 <= num <= 10, not 11”." The quoted part is
     * the tutorial's ValueError. */
    ngettext ("A %u × %u grid has %u place, not enough for %s images: matplotlib's "
              "subplot(%u, %u, %u) stops with “num must be 1 <= num <= %u, not %u”.",
              "A %u × %u grid has %u places, not enough for %s images: matplotlib's "
              "subplot(%u, %u, %u) stops with “num must be 1 <= num <= %u, not %u”.",
              places),
    rows, cols, places, count, rows, cols, places + 1, places, places + 1);
  needed = (images + cols - 1) / cols;
  if (needed <= gtk_adjustment_get_upper (self->rows_adjustment))
    /* TRANSLATORS: after the grid's message: "Use 5 rows, or fewer images." */
    advice = g_strdup_printf (ngettext ("Use %u row, or fewer images.",
                                        "Use %u rows, or fewer images.", needed),
                              needed);
  else
    advice = g_strdup (_("Use more columns, or fewer images."));
  return g_strdup_printf ("%s %s", problem, advice);
}

static void
update_count (NeuronaDatasetBrowser *self)
{
  const NrImageSet *set = current_set (self);
  guint filtered = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->figure));
  g_autofree char *total = NULL, *part = NULL, *text = NULL;

  if (set == NULL)
    {
      gtk_label_set_text (self->count_label, "");
      return;
    }
  total = nr_format_count (set->n);
  if (figure_images (self) > 0)
    {
      part = nr_format_count (shown);
      if (class_filter (self) < 0)
        /* TRANSLATORS: the figure: "First 25 of 60,000 images, 28 × 28" */
        text = g_strdup_printf (ngettext ("First %s of %s image, %u × %u",
                                          "First %s of %s images, %u × %u", set->n),
                                part, total, set->rows, set->cols);
      else
        {
          g_free (total);
          total = nr_format_count (filtered);
          /* TRANSLATORS: the figure with one class: "First 25 of 6,000 images of this
           * class, 28 × 28" */
          text = g_strdup_printf (ngettext ("First %s of %s image of this class, %u × %u",
                                            "First %s of %s images of this class, %u × %u",
                                            filtered),
                                  part, total, set->rows, set->cols);
        }
    }
  else if (class_filter (self) < 0)
    /* TRANSLATORS: "60,000 images, 28 × 28" */
    text = g_strdup_printf (ngettext ("%s image, %u × %u", "%s images, %u × %u", set->n), total,
                            set->rows, set->cols);
  else
    {
      part = nr_format_count (filtered);
      /* TRANSLATORS: "6,000 of 60,000 images, 28 × 28" */
      text = g_strdup_printf (ngettext ("%s of %s image, %u × %u", "%s of %s images, %u × %u",
                                        set->n),
                              part, total, set->rows, set->cols);
    }
  gtk_label_set_text (self->count_label, text);
}

/* The figure's places and its message, after a change of rows, columns or images. */
static void
update_figure (NeuronaDatasetBrowser *self)
{
  g_autofree char *message = figure_message (self);
  gboolean all = figure_images (self) == 0;
  guint limit = figure_limit (self);

  gtk_widget_set_sensitive (self->rows_spin, !all);
  gtk_widget_set_sensitive (self->images_spin, !all);
  if (gtk_slice_list_model_get_size (self->figure) != limit)
    gtk_slice_list_model_set_size (self->figure, limit);
  gtk_label_set_text (self->figure_message_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->figure_message_box, message != NULL);
  /* A screen reader on the popover's spins hears the message with the value it changed. */
  {
    GtkWidget *spins[] = { self->rows_spin, self->figure_columns_spin, self->images_spin };

    for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
      if (message != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (spins[i]),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (spins[i]),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  }
  if (current_set (self) != NULL)
    gtk_stack_set_visible_child_name (
      self->stack, g_list_model_get_n_items (G_LIST_MODEL (self->figure)) > 0 ? "grid" : "empty");
  update_count (self);
}

static void
update_readout (NeuronaDatasetBrowser *self)
{
  const char *readout = neurona_image_view_get_readout (self->large_view);

  if (readout != NULL)
    gtk_label_set_text (self->readout_label, readout);
  else if (current_set (self) != NULL)
    gtk_label_set_text (self->readout_label, _("Point at a pixel to read its value."));
  else
    gtk_label_set_text (self->readout_label, "");
}

static void
update_detail (NeuronaDatasetBrowser *self)
{
  const NrImageSet *set = current_set (self);
  g_autoptr (NeuronaIndexItem) item = NULL;
  g_autofree char *number = NULL, *subtitle = NULL;
  const char *name;
  guint label, index;

  if (set != NULL)
    item = gtk_single_selection_get_selected_item (self->selection);
  if (item != NULL)
    g_object_ref (item); /* get_selected_item is transfer none */
  if (item == NULL || (index = neurona_index_item_get_index (item)) >= set->n)
    {
      neurona_image_view_set_pixels (self->large_view, NULL, 0, 0);
      neurona_pixel_table_set_pixels (self->pixel_table, NULL, 0, 0);
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->subtitle_label, "");
      update_readout (self);
      return;
    }

  label = set->labels[index];
  name = class_name (self, label);
  neurona_image_view_set_pixels (self->large_view,
                                 set->pixels + (gsize) index * set->rows * set->cols,
                                 set->rows, set->cols);
  neurona_pixel_table_set_pixels (self->pixel_table,
                                  set->pixels + (gsize) index * set->rows * set->cols,
                                  set->rows, set->cols);
  number = nr_format_count (index);
  gtk_label_set_text (self->title_label, name);
  if (set == self->dataset->test)
    /* TRANSLATORS: "Test image 12,345 · label 1" */
    subtitle = g_strdup_printf (_("Test image %s · label %u"), number, label);
  else
    /* TRANSLATORS: "Training image 12,345 · label 1" */
    subtitle = g_strdup_printf (_("Training image %s · label %u"), number, label);
  gtk_label_set_text (self->subtitle_label, subtitle);
  {
    g_autofree char *a11y = g_strdup_printf ("%s, %s", name, subtitle);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->large_view),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  }
  update_readout (self);
}

/* Rebuilds the index list for the current split and class. */
static void
refilter (NeuronaDatasetBrowser *self)
{
  const NrImageSet *set = current_set (self);

  /* Go to image takes any index of the split (set before the selection moves). */
  gtk_adjustment_set_upper (self->goto_adjustment, set != NULL && set->n > 0 ? set->n - 1 : 0);
  neurona_index_model_set (self->model, set, class_filter (self));
  if (set == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_spinner_start (self->spinner);
    }
  else
    {
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (
        self->stack, g_list_model_get_n_items (G_LIST_MODEL (self->figure)) > 0 ? "grid" : "empty");
    }
  update_count (self);
  update_detail (self);
}

static void
update_class_names (NeuronaDatasetBrowser *self)
{
  g_autoptr (GtkStringList) list = NULL;
  const NrDatasetInfo *info;

  if (self->dataset == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->class_dropdown), FALSE);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->class_dropdown), TRUE);
  if (self->class_names_for == (guint) self->dataset->id)
    return;
  self->class_names_for = self->dataset->id;
  info = nr_dataset_info (self->dataset->id);
  list = gtk_string_list_new (NULL);
  gtk_string_list_append (list, _("All classes"));
  for (guint i = 0; i < info->n_classes; i++)
    gtk_string_list_append (list, _(info->class_names[i]));
  /* Replacing the model resets the selection to "All classes" (and refilters). */
  gtk_drop_down_set_model (self->class_dropdown, G_LIST_MODEL (list));
}

/* ---- grid cells --------------------------------------------------------------------- */

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item,
            NeuronaDatasetBrowser *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *view = neurona_image_view_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 4);
  gtk_widget_set_margin_end (box, 4);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  g_object_bind_property (self, "colormap", view, "colormap", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "thumbnail-size", view, "size", G_BINDING_SYNC_CREATE);
  gtk_widget_set_halign (view, GTK_ALIGN_CENTER);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
  /* Go to image finds the cell of a position through it. */
  g_object_set_data (G_OBJECT (box), "list-item", list_item);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item,
           NeuronaDatasetBrowser *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  NeuronaImageView *view = NEURONA_IMAGE_VIEW (gtk_widget_get_first_child (box));
  GtkLabel *label = GTK_LABEL (gtk_widget_get_last_child (box));
  NeuronaIndexItem *item = gtk_list_item_get_item (list_item);
  const NrImageSet *set = current_set (self);
  g_autofree char *a11y = NULL;
  const char *name;
  guint index;

  if (set == NULL || item == NULL || (index = neurona_index_item_get_index (item)) >= set->n)
    return;
  name = class_name (self, set->labels[index]);
  neurona_image_view_set_pixels (view, set->pixels + (gsize) index * set->rows * set->cols,
                                 set->rows, set->cols);
  gtk_label_set_text (label, name);
  /* TRANSLATORS: a thumbnail's accessible name: class name and image index */
  a11y = g_strdup_printf (_("%s, image %u"), name, index);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
}

/* ---- signal handlers ---------------------------------------------------------------- */

static void
split_changed_cb (NeuronaDatasetBrowser *self)
{
  refilter (self);
}

static void
class_changed_cb (NeuronaDatasetBrowser *self)
{
  refilter (self);
}

static void goto_changed_cb (NeuronaDatasetBrowser *self);

static void
selection_changed_cb (NeuronaDatasetBrowser *self)
{
  guint index;

  update_detail (self);
  /* Go to image shows the index of the image selected, however it was chosen. */
  if (neurona_dataset_browser_get_selected_image (self, &index)
      && gtk_adjustment_get_value (self->goto_adjustment) != index)
    {
      g_signal_handlers_block_by_func (self->goto_spin, goto_changed_cb, self);
      gtk_adjustment_set_value (self->goto_adjustment, index);
      g_signal_handlers_unblock_by_func (self->goto_spin, goto_changed_cb, self);
    }
}

static void
readout_changed_cb (NeuronaDatasetBrowser *self)
{
  int row, col;

  /* The pixel the picture points at is the table's too. */
  neurona_image_view_get_cursor (self->large_view, &row, &col);
  neurona_pixel_table_set_cursor (self->pixel_table, row, col);
  update_readout (self);
}

/* With the numbers shown the picture keeps its own size, leaving the table the room. */
static void
pixels_toggled_cb (NeuronaDatasetBrowser *self)
{
  gboolean shown = gtk_toggle_button_get_active (self->pixels_button);

  gtk_widget_set_halign (GTK_WIDGET (self->large_view), shown ? GTK_ALIGN_START : GTK_ALIGN_FILL);
  neurona_image_view_set_fixed_size (self->large_view, shown);
}

/* ...and the other way round: the pointer over a number rings its pixel and reads it out. */
static void
table_cursor_cb (NeuronaDatasetBrowser *self)
{
  int row, col;

  neurona_pixel_table_get_cursor (self->pixel_table, &row, &col);
  neurona_image_view_set_cursor (self->large_view, row, col);
}

static gboolean go_to_image (NeuronaDatasetBrowser *self, guint index, gboolean focus);

/* Arrows and typing move the selection; Enter also takes the keyboard to the image. */
static void
goto_changed_cb (NeuronaDatasetBrowser *self)
{
  go_to_image (self, gtk_spin_button_get_value_as_int (self->goto_spin), FALSE);
}

static void
goto_activated_cb (NeuronaDatasetBrowser *self)
{
  go_to_image (self, gtk_spin_button_get_value_as_int (self->goto_spin), TRUE);
}

/* The grid makes the cells of a position scrolled to at its next layout: focus the cell
 * once it is there (a few frames at most). */
static gboolean
focus_tick_cb (GtkWidget *grid, GdkFrameClock *clock, gpointer user_data)
{
  NeuronaDatasetBrowser *self = user_data;

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *box = gtk_widget_get_first_child (child);
      GtkListItem *item = box != NULL ? g_object_get_data (G_OBJECT (box), "list-item") : NULL;

      if (item != NULL && gtk_list_item_get_position (item) == self->focus_position
          && gtk_widget_get_mapped (child))
        {
          gtk_widget_grab_focus (child);
          self->focus_tick = 0;
          return G_SOURCE_REMOVE;
        }
    }
  if (++self->focus_frames > 30)
    {
      self->focus_tick = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
columns_changed_cb (NeuronaDatasetBrowser *self)
{
  guint n = (guint) gtk_adjustment_get_value (self->columns_adjustment);

  /* Raise the maximum first: GtkGridView clamps min-columns to max-columns. */
  if (n > gtk_grid_view_get_max_columns (self->grid_view))
    {
      gtk_grid_view_set_max_columns (self->grid_view, n);
      gtk_grid_view_set_min_columns (self->grid_view, n);
    }
  else
    {
      gtk_grid_view_set_min_columns (self->grid_view, n);
      gtk_grid_view_set_max_columns (self->grid_view, n);
    }
  update_figure (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMNS]);
}

static void
rows_changed_cb (NeuronaDatasetBrowser *self)
{
  update_figure (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROWS]);
}

static void
images_changed_cb (NeuronaDatasetBrowser *self)
{
  /* The spin's value counts only while the figure is on. */
  if (gtk_check_button_get_active (self->all_images_check))
    return;
  update_figure (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGES]);
}

static void
all_images_toggled_cb (NeuronaDatasetBrowser *self)
{
  update_figure (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGES]);
}

static void
size_changed_cb (NeuronaDatasetBrowser *self)
{
  int size = (int) gtk_adjustment_get_value (self->size_adjustment);

  if (size == self->thumbnail_size)
    return;
  self->thumbnail_size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL_SIZE]);
}

static void
colormap_selected_cb (NeuronaDatasetBrowser *self)
{
  guint pos = gtk_drop_down_get_selected (self->colormap_dropdown);

  if (pos < NR_N_COLORMAPS && pos != self->colormap)
    {
      self->colormap = pos;
      neurona_image_view_set_colormap (self->large_view, pos);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLORMAP]);
    }
}

static void
dataset_selected_cb (NeuronaDatasetBrowser *self)
{
  guint pos = gtk_drop_down_get_selected (self->dataset_dropdown);

  if (pos < NR_N_DATASETS)
    neurona_dataset_browser_set_dataset_id (self, pos);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
neurona_dataset_browser_dispose (GObject *object)
{
  NeuronaDatasetBrowser *self = NEURONA_DATASET_BROWSER (object);

  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->grid_view), self->focus_tick);
  self->focus_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_DATASET_BROWSER);
  g_clear_object (&self->selection);
  g_clear_object (&self->figure);
  g_clear_object (&self->model);
  g_clear_pointer (&self->dataset, nr_dataset_unref);
  G_OBJECT_CLASS (neurona_dataset_browser_parent_class)->dispose (object);
}

static void
neurona_dataset_browser_get_property (GObject *object, guint prop_id, GValue *value,
                                      GParamSpec *pspec)
{
  NeuronaDatasetBrowser *self = NEURONA_DATASET_BROWSER (object);

  switch (prop_id)
    {
    case PROP_DATASET_ID:
      g_value_set_uint (value, self->dataset_id);
      break;
    case PROP_COLORMAP:
      g_value_set_uint (value, self->colormap);
      break;
    case PROP_THUMBNAIL_SIZE:
      g_value_set_int (value, self->thumbnail_size);
      break;
    case PROP_ROWS:
      g_value_set_uint (value, figure_rows (self));
      break;
    case PROP_COLUMNS:
      g_value_set_uint (value, figure_columns (self));
      break;
    case PROP_IMAGES:
      g_value_set_uint (value, figure_images (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_dataset_browser_set_property (GObject *object, guint prop_id, const GValue *value,
                                      GParamSpec *pspec)
{
  NeuronaDatasetBrowser *self = NEURONA_DATASET_BROWSER (object);

  switch (prop_id)
    {
    case PROP_DATASET_ID:
      neurona_dataset_browser_set_dataset_id (self, g_value_get_uint (value));
      break;
    case PROP_COLORMAP:
      gtk_drop_down_set_selected (self->colormap_dropdown, g_value_get_uint (value));
      break;
    case PROP_THUMBNAIL_SIZE:
      gtk_adjustment_set_value (self->size_adjustment, g_value_get_int (value));
      break;
    case PROP_ROWS:
      neurona_dataset_browser_set_grid (self, g_value_get_uint (value), 0);
      break;
    case PROP_COLUMNS:
      neurona_dataset_browser_set_grid (self, 0, g_value_get_uint (value));
      break;
    case PROP_IMAGES:
      neurona_dataset_browser_set_images (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_dataset_browser_class_init (NeuronaDatasetBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_dataset_browser_dispose;
  object_class->get_property = neurona_dataset_browser_get_property;
  object_class->set_property = neurona_dataset_browser_set_property;

  properties[PROP_DATASET_ID] =
    g_param_spec_uint ("dataset-id", NULL, NULL, 0, NR_N_DATASETS - 1, NR_DATASET_FASHION_MNIST,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* An NrColormap, for the grid and the large view. */
  properties[PROP_COLORMAP] =
    g_param_spec_uint ("colormap", NULL, NULL, 0, NR_N_COLORMAPS - 1, NR_COLORMAP_VIRIDIS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Side of a grid thumbnail in pixels. */
  properties[PROP_THUMBNAIL_SIZE] =
    g_param_spec_int ("thumbnail-size", NULL, NULL, 28, 168, 84,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The figure's rows and columns (columns also the grid's of all images), and its first
   * images: 0 for all of them, scrolling. */
  properties[PROP_ROWS] =
    g_param_spec_uint ("rows", NULL, NULL, 1, 100, 5,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLUMNS] =
    g_param_spec_uint ("columns", NULL, NULL, 1, 20, 5,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGES] =
    g_param_spec_uint ("images", NULL, NULL, 0, 60000, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NEURONA_TYPE_IMAGE_VIEW);
  g_type_ensure (NEURONA_TYPE_PIXEL_TABLE);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/neurona/Neurona/neurona-dataset-browser.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, toplevel);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, dataset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, split_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, colormap_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, columns_adjustment);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, count_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, stack);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, spinner);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, grid_view);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, title_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, large_view);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, readout_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, pixels_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, pixel_table);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, scrolled);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, columns_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, size_scale);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, dataset_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, split_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, class_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, colormap_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, choice_row);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, look_row);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, columns_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, size_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, goto_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, goto_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, goto_adjustment);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, grid_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, all_images_check);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, rows_adjustment);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, images_adjustment);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, rows_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, images_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, figure_columns_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, figure_message_box);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, figure_message_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, rows_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, figure_columns_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaDatasetBrowser, images_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* Tab leaves the grid in one step, to the control after it (Shift+Tab: before it); the
 * arrow keys move between images. GTK 4.8's grid view would hand Tab from one image to the
 * next, through all 60,000. */
static gboolean
on_grid_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                     GdkModifierType state, NeuronaDatasetBrowser *self)
{
  GtkWidget *grid = GTK_WIDGET (self->grid_view);
  GtkDirectionType direction;
  GtkWidget *root;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  direction = (state & GDK_SHIFT_MASK) != 0 || keyval == GDK_KEY_ISO_Left_Tab
                ? GTK_DIR_TAB_BACKWARD
                : GTK_DIR_TAB_FORWARD;
  root = GTK_WIDGET (gtk_widget_get_root (grid));
  if (root == NULL)
    return FALSE;
  /* With the grid unable to take the focus, the window's focus chain steps over it. */
  gtk_widget_set_can_focus (grid, FALSE);
  if (!gtk_widget_child_focus (root, direction))
    {
      /* Past the last control: round to the first, as Tab does everywhere else. */
      gtk_root_set_focus (GTK_ROOT (root), NULL);
      gtk_widget_child_focus (root, direction);
    }
  gtk_widget_set_can_focus (grid, TRUE);
  return TRUE;
}

static void
neurona_dataset_browser_init (NeuronaDatasetBrowser *self)
{
  g_autoptr (GtkStringList) colormaps = gtk_string_list_new (NULL);
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->dataset_id = NR_DATASET_FASHION_MNIST;
  self->colormap = NR_COLORMAP_VIRIDIS;
  self->thumbnail_size = 84;
  self->class_names_for = G_MAXUINT;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* "All images", not GTK 4.8's raw "_All images"; the same for Pixel values. */
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));
  {
    /* A menu button with a label has no name of its own in GTK 4.8: "Grid…", as shown. */
    g_autofree char *name =
      neurona_a11y_strip_mnemonic (gtk_menu_button_get_label (self->grid_button));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  }

  /* matplotlib's names, untranslated: they are what a student types in plt.imshow. */
  for (guint i = 0; i < NR_N_COLORMAPS; i++)
    gtk_string_list_append (colormaps, nr_colormap_name (i));
  gtk_drop_down_set_model (self->colormap_dropdown, G_LIST_MODEL (colormaps));
  gtk_drop_down_set_selected (self->colormap_dropdown, self->colormap);
  gtk_drop_down_set_selected (self->dataset_dropdown, self->dataset_id);

  self->model = neurona_index_model_new ();
  self->figure =
    gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->model)), 0, G_MAXUINT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->figure)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_grid_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self->grid_view), keys);
  }

  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->split_dropdown, "notify::selected",
                            G_CALLBACK (split_changed_cb), self);
  g_signal_connect_swapped (self->class_dropdown, "notify::selected",
                            G_CALLBACK (class_changed_cb), self);
  g_signal_connect_swapped (self->colormap_dropdown, "notify::selected",
                            G_CALLBACK (colormap_selected_cb), self);
  g_signal_connect_swapped (self->dataset_dropdown, "notify::selected",
                            G_CALLBACK (dataset_selected_cb), self);
  g_signal_connect_swapped (self->columns_adjustment, "value-changed",
                            G_CALLBACK (columns_changed_cb), self);
  g_signal_connect_swapped (self->rows_adjustment, "value-changed", G_CALLBACK (rows_changed_cb),
                            self);
  g_signal_connect_swapped (self->images_adjustment, "value-changed",
                            G_CALLBACK (images_changed_cb), self);
  g_signal_connect_swapped (self->all_images_check, "toggled", G_CALLBACK (all_images_toggled_cb),
                            self);
  g_signal_connect_swapped (self->size_adjustment, "value-changed",
                            G_CALLBACK (size_changed_cb), self);
  g_signal_connect_swapped (self->large_view, "notify::readout",
                            G_CALLBACK (readout_changed_cb), self);
  g_signal_connect_swapped (self->goto_spin, "value-changed", G_CALLBACK (goto_changed_cb),
                            self);
  g_signal_connect_swapped (self->pixel_table, "cursor-changed", G_CALLBACK (table_cursor_cb),
                            self);
  g_signal_connect_swapped (self->pixels_button, "toggled", G_CALLBACK (pixels_toggled_cb), self);
  /* GTK 4.8's spin button has no "activate" of its own: its text has. */
  g_signal_connect_swapped (gtk_editable_get_delegate (GTK_EDITABLE (self->goto_spin)),
                            "activate", G_CALLBACK (goto_activated_cb), self);

  update_class_names (self);
  update_figure (self);
  refilter (self);
}

GtkWidget *
neurona_dataset_browser_new (void)
{
  return g_object_new (NEURONA_TYPE_DATASET_BROWSER, NULL);
}

guint
neurona_dataset_browser_get_dataset_id (NeuronaDatasetBrowser *self)
{
  g_return_val_if_fail (NEURONA_IS_DATASET_BROWSER (self), 0);

  return self->dataset_id;
}

void
neurona_dataset_browser_set_dataset_id (NeuronaDatasetBrowser *self, guint dataset_id)
{
  g_return_if_fail (NEURONA_IS_DATASET_BROWSER (self));
  g_return_if_fail (dataset_id < NR_N_DATASETS);

  if (self->dataset_id == dataset_id)
    return;
  self->dataset_id = dataset_id;
  gtk_drop_down_set_selected (self->dataset_dropdown, dataset_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET_ID]);
}

void
neurona_dataset_browser_set_dataset (NeuronaDatasetBrowser *self, NrDataset *dataset)
{
  g_return_if_fail (NEURONA_IS_DATASET_BROWSER (self));

  if (self->dataset == dataset)
    return;
  if (dataset != NULL)
    nr_dataset_ref (dataset);
  g_clear_pointer (&self->dataset, nr_dataset_unref);
  self->dataset = dataset;
  update_class_names (self);
  refilter (self);
}

gboolean
neurona_dataset_browser_go_to_image (NeuronaDatasetBrowser *self, guint index)
{
  g_return_val_if_fail (NEURONA_IS_DATASET_BROWSER (self), FALSE);

  return go_to_image (self, index, TRUE);
}

static gboolean
go_to_image (NeuronaDatasetBrowser *self, guint index, gboolean focus)
{
  const NrImageSet *set;
  int filter;
  guint position = 0;

  set = current_set (self);
  if (set == NULL || index >= set->n)
    return FALSE;
  filter = class_filter (self);
  /* An image of another class than the one shown: show them all. */
  if (filter >= 0 && set->labels[index] != (guint) filter)
    {
      gtk_drop_down_set_selected (self->class_dropdown, 0);
      filter = -1;
    }
  if (filter < 0)
    position = index;
  else
    for (guint i = 0; i < index; i++)
      position += set->labels[i] == (guint) filter;
  /* An image past the figure's places: back to the grid of all images. */
  if (position >= figure_limit (self))
    gtk_check_button_set_active (self->all_images_check, TRUE);

  if (gtk_adjustment_get_value (self->goto_adjustment) != index)
    {
      g_signal_handlers_block_by_func (self->goto_spin, goto_changed_cb, self);
      gtk_adjustment_set_value (self->goto_adjustment, index);
      g_signal_handlers_unblock_by_func (self->goto_spin, goto_changed_cb, self);
    }
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->grid_view), "list.scroll-to-item", "u", position);
  if (focus)
    {
      self->focus_position = position;
      self->focus_frames = 0;
      if (self->focus_tick == 0)
        self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->grid_view),
                                                         focus_tick_cb, self, NULL);
    }
  return TRUE;
}

gboolean
neurona_dataset_browser_get_selected_image (NeuronaDatasetBrowser *self, guint *index)
{
  NeuronaIndexItem *item;

  g_return_val_if_fail (NEURONA_IS_DATASET_BROWSER (self), FALSE);

  item = gtk_single_selection_get_selected_item (self->selection);
  if (item == NULL)
    return FALSE;
  if (index != NULL)
    *index = neurona_index_item_get_index (item);
  return TRUE;
}

gboolean
neurona_dataset_browser_get_split (NeuronaDatasetBrowser *self)
{
  g_return_val_if_fail (NEURONA_IS_DATASET_BROWSER (self), FALSE);

  return gtk_drop_down_get_selected (self->split_dropdown) == 1;
}

void
neurona_dataset_browser_set_split (NeuronaDatasetBrowser *self, gboolean test)
{
  g_return_if_fail (NEURONA_IS_DATASET_BROWSER (self));

  /* The drop-down's notify::selected refilters, as the user's choice does. */
  gtk_drop_down_set_selected (self->split_dropdown, test ? 1 : 0);
}

NrColormap
neurona_dataset_browser_get_colormap (NeuronaDatasetBrowser *self)
{
  g_return_val_if_fail (NEURONA_IS_DATASET_BROWSER (self), NR_COLORMAP_VIRIDIS);

  return self->colormap;
}

void
neurona_dataset_browser_set_colormap (NeuronaDatasetBrowser *self, NrColormap colormap)
{
  g_return_if_fail (NEURONA_IS_DATASET_BROWSER (self));
  g_return_if_fail ((guint) colormap < NR_N_COLORMAPS);

  gtk_drop_down_set_selected (self->colormap_dropdown, colormap);
}

void
neurona_dataset_browser_get_grid (NeuronaDatasetBrowser *self, guint *rows, guint *columns)
{
  g_return_if_fail (NEURONA_IS_DATASET_BROWSER (self));

  if (rows != NULL)
    *rows = figure_rows (self);
  if (columns != NULL)
    *columns = figure_columns (self);
}

void
neurona_dataset_browser_set_grid (NeuronaDatasetBrowser *self, guint rows, guint columns)
{
  g_return_if_fail (NEURONA_IS_DATASET_BROWSER (self));

  /* The adjustments clamp to their ranges and signal only a change. */
  if (rows > 0)
    gtk_adjustment_set_value (self->rows_adjustment, rows);
  if (columns > 0)
    gtk_adjustment_set_value (self->columns_adjustment, columns);
}

guint
neurona_dataset_browser_get_images (NeuronaDatasetBrowser *self)
{
  g_return_val_if_fail (NEURONA_IS_DATASET_BROWSER (self), 0);

  return figure_images (self);
}

void
neurona_dataset_browser_set_images (NeuronaDatasetBrowser *self, guint n)
{
  g_return_if_fail (NEURONA_IS_DATASET_BROWSER (self));

  if (n > 0)
    gtk_adjustment_set_value (self->images_adjustment, n);
  gtk_check_button_set_active (self->all_images_check, n == 0);
}

const char *
neurona_dataset_browser_get_figure_message (NeuronaDatasetBrowser *self)
{
  g_return_val_if_fail (NEURONA_IS_DATASET_BROWSER (self), NULL);

  if (!gtk_widget_get_visible (self->figure_message_box))
    return NULL;
  return gtk_label_get_text (self->figure_message_label);
}

void
neurona_dataset_browser_set_compact (NeuronaDatasetBrowser *self, gboolean compact)
{
  GtkOrientation orientation = compact ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  g_return_if_fail (NEURONA_IS_DATASET_BROWSER (self));

  /* Class under Dataset and Split, Thumbnail size under Colormap and Columns: at a large
   * zoom (in Spanish from 175 %) a row of all three beside the large view would be wider
   * than a 1280-pixel window. */
  gtk_orientable_set_orientation (self->choice_row, orientation);
  gtk_orientable_set_orientation (self->look_row, orientation);
  gtk_widget_set_margin_start (GTK_WIDGET (self->class_label), compact ? 0 : 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->size_label), compact ? 0 : 12);
}
