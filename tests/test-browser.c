/* test-browser.c — the Data page and its image view, driven and read back as pixels. */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "neurona-dataset-browser.h"
#include "neurona-image-view.h"
#include "neurona-pixel-table.h"
#include "ui-test-util.h"

/* Fashion-MNIST as the lab finds it (Debian's full set or the committed subset). */
static NrDataset *fashion;
/* 30 training and 10 test images of 28 × 28 where every pixel is known. */
static NrDataset *synthetic;
static char *synthetic_dir;

#define SYN_TRAIN 30
#define SYN_TEST 10

typedef struct
{
  GtkWidget *window;
  NeuronaDatasetBrowser *browser;
} Fixture;

/* ---- helpers ------------------------------------------------------------------------ */

static guint8
synthetic_value (guint image, guint row, guint col)
{
  if (row == 0 && col == 0)
    return 0;
  if (row == 12 && col == 5)
    return 254;
  if (row == 27 && col == 27)
    return 255;
  return (guint8) ((row * 9 + col * 3 + image) % 250);
}

static NrImageSet *
make_synthetic_set (guint n)
{
  g_autofree guint8 *pixels = g_malloc ((gsize) n * 784);
  g_autofree guint8 *labels = g_malloc (n);

  for (guint i = 0; i < n; i++)
    {
      for (guint r = 0; r < 28; r++)
        for (guint c = 0; c < 28; c++)
          pixels[(gsize) i * 784 + r * 28 + c] = synthetic_value (i, r, c);
      /* No "Ankle boot" (9) in the test split: an empty filter result. */
      labels[i] = i % (n == SYN_TEST ? 9 : 10);
    }
  return nr_image_set_new (n, 28, 28, pixels, labels);
}

/* Written as IDX files and loaded back through the public loader. */
static NrDataset *
load_synthetic (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrImageSet) train = make_synthetic_set (SYN_TRAIN);
  g_autoptr (NrImageSet) test = make_synthetic_set (SYN_TEST);
  char *p[4];
  NrDataset *dataset;

  synthetic_dir = g_dir_make_tmp ("neurona-browser-XXXXXX", &error);
  g_assert_no_error (error);
  p[0] = g_build_filename (synthetic_dir, "train-images-idx3-ubyte.gz", NULL);
  p[1] = g_build_filename (synthetic_dir, "train-labels-idx1-ubyte.gz", NULL);
  p[2] = g_build_filename (synthetic_dir, "t10k-images-idx3-ubyte.gz", NULL);
  p[3] = g_build_filename (synthetic_dir, "t10k-labels-idx1-ubyte.gz", NULL);
  g_assert_true (nr_image_set_save (train, p[0], p[1], &error));
  g_assert_no_error (error);
  g_assert_true (nr_image_set_save (test, p[2], p[3], &error));
  g_assert_no_error (error);
  dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, synthetic_dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      g_unlink (p[i]);
      g_free (p[i]);
    }
  g_rmdir (synthetic_dir);
  return dataset;
}

/* The light theme's window background, under widgets that draw none of their own. */
static const GdkRGBA LIGHT_BG = { 0.98, 0.98, 0.98, 1 };

static void
spin_until_mapped (GtkWidget *widget)
{
  ui_test_wait_mapped (widget);
  ui_test_wait_for_frame (widget);
}

static UiTestPixels
render (GtkWidget *widget)
{
  return ui_test_read_pixels (widget, &LIGHT_BG);
}

static void
save_screenshot (GtkWidget *widget, const char *name)
{
  ui_test_save_screenshot (widget, name, &LIGHT_BG);
}

static void
assert_pixel (const UiTestPixels *px, double x, double y, guint8 r, guint8 g, guint8 b)
{
  guint8 rgb[3];

  ui_test_pixel_at (px, (int) x, (int) y, rgb);
  if (ABS (rgb[0] - r) > 2 || ABS (rgb[1] - g) > 2 || ABS (rgb[2] - b) > 2)
    g_error ("pixel at %d,%d is (%u, %u, %u), expected (%u, %u, %u)", (int) x, (int) y, rgb[0],
             rgb[1], rgb[2], r, g, b);
}

static gpointer
template_child (Fixture *f, const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (f->browser),
                                                  NEURONA_TYPE_DATASET_BROWSER, name);
  g_assert_nonnull (child);
  return child;
}

static GListModel *
grid_model (Fixture *f)
{
  return G_LIST_MODEL (gtk_grid_view_get_model (template_child (f, "grid_view")));
}

static guint
item_index (GListModel *model, guint position)
{
  g_autoptr (GObject) item = g_list_model_get_item (model, position);
  guint index;

  g_assert_nonnull (item);
  g_object_get (item, "index", &index, NULL);
  return index;
}

/* Centre of image pixel (row, col) in the view's coordinates. */
static void
pixel_centre (NeuronaImageView *view, guint row, guint col, double *x, double *y)
{
  graphene_rect_t area;

  g_assert_true (neurona_image_view_get_image_area (view, &area));
  *x = area.origin.x + (col + 0.5) * area.size.width / 28;
  *y = area.origin.y + (row + 0.5) * area.size.height / 28;
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  GListModel *controllers = gtk_widget_observe_controllers (widget);
  GtkEventController *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        found = c;
    }
  g_object_unref (controllers);
  g_assert_nonnull (found);
  return found;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  NrDataset *dataset = (NrDataset *) data;

  f->browser = NEURONA_DATASET_BROWSER (neurona_dataset_browser_new ());
  f->window = ui_test_present_in_window (GTK_WIDGET (f->browser), 1024, 720);
  if (dataset == NULL)
    dataset = synthetic;
  neurona_dataset_browser_set_dataset (f->browser, dataset);
  spin_until_mapped (GTK_WIDGET (f->browser));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

/* ---- tests -------------------------------------------------------------------------- */

static void
test_builds_with_dataset (Fixture *f, gconstpointer data)
{
  NrDataset *ds = (NrDataset *) data;
  GListModel *model = grid_model (f);
  GtkLabel *count = template_child (f, "count_label");
  g_autofree char *expected = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, ds->train->n);
  g_assert_cmpuint (item_index (model, ds->train->n - 1), ==, ds->train->n - 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (template_child (f, "stack")), ==, "grid");
  if (ds->train->n == 60000)
    g_assert_cmpstr (gtk_label_get_text (count), ==, "60,000 images, 28 × 28");
  else
    g_assert_cmpstr (gtk_label_get_text (count), ==, "6,000 images, 28 × 28");

  /* The test split. */
  gtk_drop_down_set_selected (template_child (f, "split_dropdown"), 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, ds->test->n);
  expected = g_strdup_printf ("%s images, 28 × 28", ds->test->n == 10000 ? "10,000" : "1,000");
  g_assert_cmpstr (gtk_label_get_text (count), ==, expected);

  gtk_drop_down_set_selected (template_child (f, "split_dropdown"), 0);
  save_screenshot (GTK_WIDGET (f->browser), "browser-fashion-viridis.png");
}

static void
test_filter_by_class (Fixture *f, gconstpointer data)
{
  NrDataset *ds = (NrDataset *) data;
  GListModel *model = grid_model (f);
  GtkDropDown *classes = template_child (f, "class_dropdown");
  GListModel *names = gtk_drop_down_get_model (classes);
  guint expected = 0;
  g_autofree char *count_text = NULL;
  g_autofree char *expected_text = NULL;
  g_autofree char *total_text = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 11);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "All classes");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 2), ==, "Trouser");

  for (guint i = 0; i < ds->train->n; i++)
    expected += ds->train->labels[i] == 1;
  g_assert_cmpuint (expected, >, 0);

  gtk_drop_down_set_selected (classes, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected);
  for (guint p = 0; p < expected; p++)
    g_assert_cmpuint (ds->train->labels[item_index (model, p)], ==, 1);
  /* Whichever set is installed (the full one, or the committed subset's 643 trousers). */
  expected_text = nr_format_count_with (expected, ",");
  total_text = nr_format_count_with (ds->train->n, ",");
  count_text = g_strdup_printf ("%s of %s images, 28 × 28", expected_text, total_text);
  g_assert_cmpstr (gtk_label_get_text (template_child (f, "count_label")), ==, count_text);
  /* The selection follows: the large view shows a trouser. */
  g_assert_cmpstr (gtk_label_get_text (template_child (f, "title_label")), ==, "Trouser");
  save_screenshot (GTK_WIDGET (f->browser), "browser-fashion-trouser.png");

  gtk_drop_down_set_selected (classes, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, ds->train->n);
}

static void
test_empty_class (Fixture *f, gconstpointer data)
{
  /* The synthetic test split has no "Ankle boot". */
  gtk_drop_down_set_selected (template_child (f, "split_dropdown"), 1);
  gtk_drop_down_set_selected (template_child (f, "class_dropdown"), 10);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (template_child (f, "stack")), ==, "empty");
  g_assert_cmpint (neurona_image_view_get_value (template_child (f, "large_view"), 0, 0), ==, -1);
  g_assert_cmpstr (gtk_label_get_text (template_child (f, "title_label")), ==, "");
}

static void
test_select_shows_large (Fixture *f, gconstpointer data)
{
  NrDataset *ds = (NrDataset *) data;
  GtkSelectionModel *selection = gtk_grid_view_get_model (template_child (f, "grid_view"));
  NeuronaImageView *view = template_child (f, "large_view");
  const NrDatasetInfo *info = nr_dataset_info (NR_DATASET_FASHION_MNIST);
  guint k = ds->train->n > 12345 ? 12345 : 17;
  g_autofree char *subtitle = NULL;

  /* Autoselect: the first image is shown from the start. */
  g_assert_cmpint (neurona_image_view_get_value (view, 5, 5), ==, ds->train->pixels[5 * 28 + 5]);

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection), k);
  for (guint r = 0; r < 28; r++)
    for (guint c = 0; c < 28; c++)
      g_assert_cmpint (neurona_image_view_get_value (view, r, c), ==,
                       ds->train->pixels[(gsize) k * 784 + r * 28 + c]);
  g_assert_cmpstr (gtk_label_get_text (template_child (f, "title_label")), ==,
                   info->class_names[ds->train->labels[k]]);
  subtitle = g_strdup_printf ("Training image %s · label %u", k == 12345 ? "12,345" : "17",
                              ds->train->labels[k]);
  g_assert_cmpstr (gtk_label_get_text (template_child (f, "subtitle_label")), ==, subtitle);
}

static void
test_keyboard_selection (Fixture *f, gconstpointer data)
{
  /* The grid is keyboard-navigable: the arrow keys move the selection. */
  GtkWidget *grid = template_child (f, "grid_view");
  GtkSelectionModel *selection = gtk_grid_view_get_model (GTK_GRID_VIEW (grid));
  NeuronaImageView *view = template_child (f, "large_view");

  g_assert_true (gtk_widget_grab_focus (grid));
  ui_test_wait_for_frame (grid);
  g_assert_true (ui_test_press_shortcut (grid, GDK_KEY_Right));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, 1);
  g_assert_cmpint (neurona_image_view_get_value (view, 3, 4), ==, synthetic_value (1, 3, 4));
  /* Down moves one row of five: the tutorial's 5 × 5 grid. */
  g_assert_true (ui_test_press_shortcut (grid, GDK_KEY_Down));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, 6);
  g_assert_cmpint (neurona_image_view_get_value (view, 3, 4), ==, synthetic_value (6, 3, 4));
}

/* Presses keyval (with state) as the grid's capture-phase key controllers see it. */
static gboolean
press_captured_key (GtkWidget *widget, guint keyval, GdkModifierType state)
{
  GListModel *controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c) &&
          gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
    }
  g_object_unref (controllers);
  return handled;
}

/* Tab leaves the grid in one step (not from image to image through all of them), forward
 * and back; the arrow keys still move inside it. */
static void
test_tab_leaves_grid (Fixture *f, gconstpointer data)
{
  GtkWidget *grid = template_child (f, "grid_view");
  GtkRoot *root = gtk_widget_get_root (grid);
  GtkWidget *focus;

  ui_test_wait_for_frame (grid);
  g_assert_true (gtk_widget_grab_focus (grid));
  g_assert_true (ui_test_press_shortcut (grid, GDK_KEY_Right));
  focus = gtk_root_get_focus (root);
  g_assert_true (focus == grid || gtk_widget_is_ancestor (focus, grid));

  g_assert_true (press_captured_key (grid, GDK_KEY_Tab, 0));
  focus = gtk_root_get_focus (root);
  g_assert_nonnull (focus);
  g_assert_false (focus == grid || gtk_widget_is_ancestor (focus, grid));
  g_assert_true (gtk_widget_get_can_focus (grid));

  g_assert_true (gtk_widget_grab_focus (grid));
  g_assert_true (press_captured_key (grid, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  focus = gtk_root_get_focus (root);
  g_assert_nonnull (focus);
  g_assert_false (focus == grid || gtk_widget_is_ancestor (focus, grid));
  /* Ctrl+Tab and the other keys are the grid's own. */
  g_assert_true (gtk_widget_grab_focus (grid));
  g_assert_false (press_captured_key (grid, GDK_KEY_Tab, GDK_CONTROL_MASK));
  g_assert_false (press_captured_key (grid, GDK_KEY_Right, 0));
}

static void
test_colormap_pixels (Fixture *f, gconstpointer data)
{
  NeuronaImageView *view = template_child (f, "large_view");
  GtkDropDown *colormaps = template_child (f, "colormap_dropdown");
  const guint8 *viridis = nr_colormap_lut (NR_COLORMAP_VIRIDIS);
  double x, y, x2, y2;
  UiTestPixels px;

  g_assert_cmpstr (gtk_string_list_get_string (
                     GTK_STRING_LIST (gtk_drop_down_get_model (colormaps)),
                     gtk_drop_down_get_selected (colormaps)),
                   ==, "viridis");
  /* Value 0 at (0, 0): viridis(0) is (68, 1, 84). */
  g_assert_cmpint (neurona_image_view_get_value (view, 0, 0), ==, 0);
  g_assert_cmpuint (viridis[0], ==, 68);
  pixel_centre (view, 0, 0, &x, &y);
  pixel_centre (view, 27, 27, &x2, &y2);
  px = render (GTK_WIDGET (view));
  assert_pixel (&px, x, y, 68, 1, 84);
  assert_pixel (&px, x2, y2, viridis[765], viridis[766], viridis[767]);
  g_free (px.data);

  /* gray: 0 is black, 255 white; the grid's thumbnails follow too. */
  gtk_drop_down_set_selected (colormaps, NR_COLORMAP_GRAY);
  g_assert_cmpuint (neurona_image_view_get_colormap (view), ==, NR_COLORMAP_GRAY);
  px = render (GTK_WIDGET (view));
  assert_pixel (&px, x, y, 0, 0, 0);
  assert_pixel (&px, x2, y2, 255, 255, 255);
  g_free (px.data);

  {
    GtkWidget *grid = template_child (f, "grid_view");
    GtkWidget *cell = gtk_widget_get_first_child (grid);
    NeuronaImageView *thumb = NULL;

    /* GridView's children are the cells: box → [image view, label]. */
    while (cell && !thumb)
      {
        GtkWidget *w = cell;
        while (w && !NEURONA_IS_IMAGE_VIEW (w))
          w = gtk_widget_get_first_child (w);
        thumb = w ? NEURONA_IMAGE_VIEW (w) : NULL;
        cell = gtk_widget_get_next_sibling (cell);
      }
    g_assert_nonnull (thumb);
    g_assert_cmpuint (neurona_image_view_get_colormap (thumb), ==, NR_COLORMAP_GRAY);
    pixel_centre (thumb, 0, 0, &x, &y);
    px = render (GTK_WIDGET (thumb));
    assert_pixel (&px, x, y, 0, 0, 0);
    g_free (px.data);
  }
  save_screenshot (GTK_WIDGET (f->browser), "browser-synthetic-gray.png");
}

static void
test_colorbar (Fixture *f, gconstpointer data)
{
  NeuronaImageView *view = template_child (f, "large_view");
  const guint8 *lut = nr_colormap_lut (NR_COLORMAP_VIRIDIS);
  graphene_rect_t area;
  double bar_x;
  UiTestPixels px;

  g_assert_true (neurona_image_view_get_image_area (view, &area));
  px = render (GTK_WIDGET (view));
  /* The bar starts 12 px right of the image and is 14 px wide: 255 on top, 0 below. */
  bar_x = area.origin.x + area.size.width + 12 + 7;
  assert_pixel (&px, bar_x, area.origin.y + 1, lut[765], lut[766], lut[767]);
  assert_pixel (&px, bar_x, area.origin.y + area.size.height - 1, lut[0], lut[1], lut[2]);
  g_free (px.data);
  save_screenshot (GTK_WIDGET (view), "image-view-colorbar.png");
}

static void
test_pixel_readout (Fixture *f, gconstpointer data)
{
  NeuronaImageView *view = template_child (f, "large_view");
  GtkLabel *readout = template_child (f, "readout_label");
  GtkEventController *motion = find_controller (GTK_WIDGET (view),
                                                GTK_TYPE_EVENT_CONTROLLER_MOTION);
  graphene_rect_t area;
  guint row, col;
  double x, y;

  /* The mapping from widget coordinates to pixels. */
  pixel_centre (view, 12, 5, &x, &y);
  g_assert_true (neurona_image_view_pixel_at (view, x, y, &row, &col));
  g_assert_cmpuint (row, ==, 12);
  g_assert_cmpuint (col, ==, 5);
  g_assert_true (neurona_image_view_get_image_area (view, &area));
  g_assert_true (neurona_image_view_pixel_at (view, area.origin.x, area.origin.y, &row, &col));
  g_assert_cmpuint (row + col, ==, 0);
  g_assert_false (neurona_image_view_pixel_at (view, area.origin.x - 1, y, NULL, NULL));
  g_assert_false (neurona_image_view_pixel_at (view, x, area.origin.y + area.size.height + 1,
                                               NULL, NULL));

  /* Through the motion handler, as a pointer would. */
  g_assert_cmpstr (gtk_label_get_text (readout), ==, "Point at a pixel to read its value.");
  g_signal_emit_by_name (motion, "enter", x, y);
  g_signal_emit_by_name (motion, "motion", x, y);
  g_assert_cmpstr (neurona_image_view_get_readout (view), ==, "row 12, column 5: 254");
  g_assert_cmpstr (gtk_label_get_text (readout), ==, "row 12, column 5: 254");
  save_screenshot (GTK_WIDGET (f->browser), "browser-synthetic-hover.png");

  /* Selecting another image updates the value under the same pixel. */
  gtk_single_selection_set_selected (
    GTK_SINGLE_SELECTION (gtk_grid_view_get_model (template_child (f, "grid_view"))), 3);
  g_assert_cmpstr (neurona_image_view_get_readout (view), ==, "row 12, column 5: 254");
  g_signal_emit_by_name (motion, "motion", x + area.size.width / 28, y);
  {
    g_autofree char *expected = g_strdup_printf ("row 12, column 6: %u", synthetic_value (3, 12, 6));
    g_assert_cmpstr (neurona_image_view_get_readout (view), ==, expected);
  }

  g_signal_emit_by_name (motion, "leave");
  g_assert_null (neurona_image_view_get_readout (view));
  g_assert_cmpstr (gtk_label_get_text (readout), ==, "Point at a pixel to read its value.");
}

static void
test_keyboard_readout (Fixture *f, gconstpointer data)
{
  NeuronaImageView *view = template_child (f, "large_view");
  GtkEventController *keys = find_controller (GTK_WIDGET (view), GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;
  g_autofree char *expected = NULL;

  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (view)));
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_true (handled);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
  expected = g_strdup_printf ("row 1, column 2: %u", synthetic_value (0, 1, 2));
  g_assert_cmpstr (neurona_image_view_get_readout (view), ==, expected);
  /* The cursor stops at the edge. */
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Up, 0, 0, &handled);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Up, 0, 0, &handled);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Left, 0, 0, &handled);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Left, 0, 0, &handled);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Left, 0, 0, &handled);
  g_assert_cmpstr (neurona_image_view_get_readout (view), ==, "row 0, column 0: 0");
}

static void
test_visible_labels_name_controls (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *label, *control, *text;
  } pairs[] = {
    { "dataset_label", "dataset_dropdown", "Dataset" },
    { "split_label", "split_dropdown", "Split" },
    { "class_label", "class_dropdown", "Class" },
    { "colormap_label", "colormap_dropdown", "Colormap" },
    { "columns_label", "columns_spin", "Columns" },
    { "size_label", "size_scale", "Thumbnail size" },
    { "goto_label", "goto_spin", "Go to image" },
    /* The Grid… popover's */
    { "rows_label", "rows_spin", "Rows" },
    { "figure_columns_label", "figure_columns_spin", "Columns" },
    { "images_label", "images_spin", "Images" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      GtkLabel *label = template_child (f, pairs[i].label);
      g_assert_cmpstr (gtk_label_get_text (label), ==, pairs[i].text);
      g_assert_true (gtk_label_get_mnemonic_widget (label) == template_child (f, pairs[i].control));
    }
}

static void
test_columns_and_size (Fixture *f, gconstpointer data)
{
  GtkGridView *grid = template_child (f, "grid_view");
  NeuronaImageView *thumb = NULL;
  GtkWidget *w;

  /* The tutorial's 5 × 5 to start with. */
  g_assert_cmpuint (gtk_grid_view_get_max_columns (grid), ==, 5);
  gtk_adjustment_set_value (template_child (f, "columns_adjustment"), 8);
  g_assert_cmpuint (gtk_grid_view_get_min_columns (grid), ==, 8);
  g_assert_cmpuint (gtk_grid_view_get_max_columns (grid), ==, 8);
  gtk_adjustment_set_value (template_child (f, "columns_adjustment"), 3);
  g_assert_cmpuint (gtk_grid_view_get_min_columns (grid), ==, 3);
  g_assert_cmpuint (gtk_grid_view_get_max_columns (grid), ==, 3);

  gtk_adjustment_set_value (template_child (f, "size_adjustment"), 56);
  ui_test_wait_for_frame (GTK_WIDGET (grid));
  for (w = gtk_widget_get_first_child (GTK_WIDGET (grid)); w && !NEURONA_IS_IMAGE_VIEW (w);)
    w = gtk_widget_get_first_child (w);
  thumb = NEURONA_IMAGE_VIEW (w);
  g_assert_nonnull (thumb);
  {
    int size;
    g_object_get (thumb, "size", &size, NULL);
    g_assert_cmpint (size, ==, 56);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (thumb)), ==, 56);
  }
  save_screenshot (GTK_WIDGET (f->browser), "browser-3-columns.png");
}

static void
test_scroll_to_end (Fixture *f, gconstpointer data)
{
  NrDataset *ds = (NrDataset *) data;
  GtkScrolledWindow *scrolled = template_child (f, "scrolled");
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (scrolled);
  GtkWidget *grid = template_child (f, "grid_view");
  gint64 start;
  guint frames = 0;
  const char *last_name = nr_dataset_info (NR_DATASET_FASHION_MNIST)
                            ->class_names[ds->train->labels[ds->train->n - 1]];
  gboolean found = FALSE;

  /* Page through the whole set, one frame per page, as a fast scroll would. */
  start = g_get_monotonic_time ();
  while (gtk_adjustment_get_value (vadj)
         < gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj) - 1)
    {
      gtk_adjustment_set_value (vadj, gtk_adjustment_get_value (vadj)
                                        + gtk_adjustment_get_page_size (vadj) * 40);
      ui_test_wait_for_frame (grid);
      frames++;
    }
  g_test_message ("%u frames to scroll through %u images, %.1f ms per frame", frames,
                  ds->train->n, (g_get_monotonic_time () - start) / 1000.0 / MAX (frames, 1));

  /* The last image's cell is on screen, labelled with its class. */
  for (GtkWidget *cell = gtk_widget_get_first_child (grid); cell;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *box = gtk_widget_get_first_child (cell);
      if (box && GTK_IS_BOX (box) && gtk_widget_get_mapped (box))
        {
          GtkWidget *label = gtk_widget_get_last_child (box);
          if (GTK_IS_LABEL (label) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), last_name) == 0)
            found = TRUE;
        }
    }
  g_assert_true (found);
  save_screenshot (GTK_WIDGET (f->browser), "browser-scrolled-to-end.png");
}

/* The focused widget of the window is a grid cell showing image `index`. */
static gboolean
focus_on_image (gpointer data)
{
  Fixture *f = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkWidget *grid = template_child (f, "grid_view");
  NeuronaImageView *view;
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (grid), "want"));
  const NrImageSet *set = g_object_get_data (G_OBJECT (grid), "set");

  if (focus == NULL || gtk_widget_get_parent (focus) != grid)
    return FALSE;
  view = NEURONA_IMAGE_VIEW (gtk_widget_get_first_child (gtk_widget_get_first_child (focus)));
  for (guint r = 0; r < 28; r++)
    for (guint c = 0; c < 28; c++)
      if (neurona_image_view_get_value (view, r, c) != set->pixels[(gsize) index * 784 + r * 28 + c])
        return FALSE;
  return TRUE;
}

/* Go to image N (0-based, as train_images[N]) scrolls the grid there, selects it (the large
 * view shows it) and hands it the keyboard; an image of another class than the filter's
 * brings back all classes. */
static void
test_go_to_image (Fixture *f, gconstpointer data)
{
  NrDataset *ds = (NrDataset *) data;
  GtkWidget *grid = template_child (f, "grid_view");
  GtkSpinButton *spin = template_child (f, "goto_spin");
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (template_child (f, "scrolled"));
  GtkSelectionModel *selection = gtk_grid_view_get_model (GTK_GRID_VIEW (grid));
  NeuronaImageView *large = template_child (f, "large_view");
  guint n = ds->train->n > 40000 ? 40000 : ds->train->n - 1;
  guint index = 0, other = 0;

  g_object_set_data (G_OBJECT (grid), "set", ds->train);
  g_object_set_data (G_OBJECT (grid), "want", GUINT_TO_POINTER (n));
  gtk_widget_grab_focus (GTK_WIDGET (spin));
  gtk_spin_button_set_value (spin, n);
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (spin)), "activate");
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, n);
  g_assert_true (neurona_dataset_browser_get_selected_image (f->browser, &index));
  g_assert_cmpuint (index, ==, n);
  for (guint r = 0; r < 28; r++)
    for (guint c = 0; c < 28; c++)
      g_assert_cmpint (neurona_image_view_get_value (large, r, c), ==,
                       ds->train->pixels[(gsize) n * 784 + r * 28 + c]);
  g_assert_true (ui_test_wait_until (focus_on_image, f, 5000));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), >, 0);
  save_screenshot (GTK_WIDGET (f->browser), "browser-go-to-image.png");

  /* Filtered to the class of image 0: an image of that class stays filtered... */
  gtk_drop_down_set_selected (template_child (f, "class_dropdown"), ds->train->labels[0] + 1);
  for (other = 1; ds->train->labels[other] != ds->train->labels[0]; other++)
    ;
  g_assert_true (neurona_dataset_browser_go_to_image (f->browser, other));
  g_assert_cmpuint (gtk_drop_down_get_selected (template_child (f, "class_dropdown")), ==,
                    ds->train->labels[0] + 1u);
  g_assert_true (neurona_dataset_browser_get_selected_image (f->browser, &index));
  g_assert_cmpuint (index, ==, other);
  /* ...one of another class shows all classes again. */
  for (other = 1; ds->train->labels[other] == ds->train->labels[0]; other++)
    ;
  g_assert_true (neurona_dataset_browser_go_to_image (f->browser, other));
  g_assert_cmpuint (gtk_drop_down_get_selected (template_child (f, "class_dropdown")), ==, 0);
  g_assert_true (neurona_dataset_browser_get_selected_image (f->browser, &index));
  g_assert_cmpuint (index, ==, other);
  /* Past the end: nothing. */
  g_assert_false (neurona_dataset_browser_go_to_image (f->browser, ds->train->n));
  /* Choosing an image in the grid shows its index in the box. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection), 4);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 4);
}

/* Pixel values: the tutorial's print(train_images[i]) beside the picture, cell (r, c) the
 * pixel's value; pointing at a number rings its pixel, pointing at a pixel highlights its
 * number. */
static void
test_pixel_table (Fixture *f, gconstpointer data)
{
  NrDataset *ds = (NrDataset *) data;
  GtkToggleButton *button = template_child (f, "pixels_button");
  NeuronaPixelTable *table = template_child (f, "pixel_table");
  NeuronaImageView *view = template_child (f, "large_view");
  GtkEventController *motion = find_controller (GTK_WIDGET (table),
                                                GTK_TYPE_EVENT_CONTROLLER_MOTION);
  guint k = 7;
  graphene_rect_t cell, other;
  int row = -1, col = -1;

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Pixel values");
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (table),
                                                                   GTK_TYPE_SCROLLED_WINDOW)));
  gtk_toggle_button_set_active (button, TRUE);
  g_assert_true (neurona_dataset_browser_go_to_image (f->browser, k));
  spin_until_mapped (GTK_WIDGET (table));
  for (guint r = 0; r < 28; r++)
    for (guint c = 0; c < 28; c++)
      {
        g_autofree char *text = neurona_pixel_table_get_cell_text (table, r, c);
        g_autofree char *want = g_strdup_printf ("%u", ds->train->pixels[(gsize) k * 784 + r * 28 + c]);

        g_assert_cmpstr (text, ==, want);
      }
  g_assert_null (neurona_pixel_table_get_cell_text (table, 28, 0));

  /* The pointer on the number of (12, 5): the picture rings and reads that pixel. */
  g_assert_true (neurona_pixel_table_get_cell_area (table, 12, 5, &cell));
  g_signal_emit_by_name (motion, "enter", cell.origin.x + 3, cell.origin.y + 3);
  g_signal_emit_by_name (motion, "motion", cell.origin.x + 3, cell.origin.y + 3);
  g_assert_true (neurona_image_view_get_cursor (view, &row, &col));
  g_assert_cmpint (row, ==, 12);
  g_assert_cmpint (col, ==, 5);
  {
    g_autofree char *want = g_strdup_printf ("row 12, column 5: %u",
                                             synthetic_value (k, 12, 5));

    g_assert_cmpstr (neurona_image_view_get_readout (view), ==, want);
  }
  save_screenshot (GTK_WIDGET (f->browser), "browser-pixel-values.png");
  /* Drawn highlighted: the cell's corner is the highlight colour, another cell's is not. */
  {
    UiTestPixels px;
    graphene_point_t p;
    guint8 rgb[3];

    g_assert_true (neurona_pixel_table_get_cell_area (table, 3, 2, &other));
    px = render (GTK_WIDGET (f->browser));
    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (table), GTK_WIDGET (f->browser),
                                             &GRAPHENE_POINT_INIT (cell.origin.x + 1,
                                                                   cell.origin.y + 1), &p));
    ui_test_pixel_at (&px, (int) p.x, (int) p.y, rgb);
    g_assert_cmpuint (rgb[0], ==, 0x1c);
    g_assert_cmpuint (rgb[1], ==, 0x71);
    g_assert_cmpuint (rgb[2], ==, 0xd8);
    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (table), GTK_WIDGET (f->browser),
                                             &GRAPHENE_POINT_INIT (other.origin.x + 1,
                                                                   other.origin.y + 1), &p));
    ui_test_pixel_at (&px, (int) p.x, (int) p.y, rgb);
    g_assert_cmpuint (rgb[2], !=, 0xd8);
    g_free (px.data);
  }
  save_screenshot (GTK_WIDGET (f->browser), "browser-pixel-values.png");

  /* The other way: the pointer on the picture's pixel (3, 20) highlights that number. */
  g_signal_emit_by_name (motion, "leave");
  g_assert_false (neurona_image_view_get_cursor (view, NULL, NULL));
  {
    GtkEventController *image_motion = find_controller (GTK_WIDGET (view),
                                                        GTK_TYPE_EVENT_CONTROLLER_MOTION);
    double x, y;

    pixel_centre (view, 3, 20, &x, &y);
    g_signal_emit_by_name (image_motion, "enter", x, y);
    g_signal_emit_by_name (image_motion, "motion", x, y);
  }
  g_assert_true (neurona_pixel_table_get_cursor (table, &row, &col));
  g_assert_cmpint (row, ==, 3);
  g_assert_cmpint (col, ==, 20);
  /* Hidden again by the same button. */
  gtk_toggle_button_set_active (button, FALSE);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (table),
                                                                   GTK_TYPE_SCROLLED_WINDOW)));
}

static void
notify_count (guint *counter)
{
  (*counter)++;
}

static void
test_dataset_id_and_loading (Fixture *f, gconstpointer data)
{
  GtkDropDown *datasets = template_child (f, "dataset_dropdown");
  guint notified = 0;

  g_assert_cmpuint (neurona_dataset_browser_get_dataset_id (f->browser), ==,
                    NR_DATASET_FASHION_MNIST);
  g_assert_cmpuint (gtk_drop_down_get_selected (datasets), ==, NR_DATASET_FASHION_MNIST);
  g_signal_connect_swapped (f->browser, "notify::dataset-id", G_CALLBACK (notify_count), &notified);

  /* The user picks MNIST: the page says so, the window then loads and hands it over. */
  gtk_drop_down_set_selected (datasets, NR_DATASET_MNIST);
  g_assert_cmpuint (neurona_dataset_browser_get_dataset_id (f->browser), ==, NR_DATASET_MNIST);
  g_assert_cmpuint (notified, ==, 1);
  neurona_dataset_browser_set_dataset_id (f->browser, NR_DATASET_MNIST);
  g_assert_cmpuint (notified, ==, 1);

  neurona_dataset_browser_set_dataset (f->browser, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (template_child (f, "stack")), ==, "loading");
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (template_child (f, "class_dropdown")));

  neurona_dataset_browser_set_dataset (f->browser, synthetic);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, SYN_TRAIN);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (template_child (f, "stack")), ==, "grid");
}

static void
test_mnist_class_names (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) mnist = nr_dataset_load (NR_DATASET_MNIST, NULL, &error);
  GListModel *names;
  char digit[4];

  g_assert_no_error (error);
  neurona_dataset_browser_set_dataset_id (f->browser, NR_DATASET_MNIST);
  neurona_dataset_browser_set_dataset (f->browser, mnist);
  names = gtk_drop_down_get_model (template_child (f, "class_dropdown"));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 11);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, "0");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 10), ==, "9");
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, mnist->train->n);
  g_snprintf (digit, sizeof digit, "%u", mnist->train->labels[0]);
  g_assert_cmpstr (gtk_label_get_text (template_child (f, "title_label")), ==, digit);
  gtk_drop_down_set_selected (template_child (f, "colormap_dropdown"), NR_COLORMAP_BINARY);
  save_screenshot (GTK_WIDGET (f->browser), "browser-mnist-binary.png");
}


/* ---- the tutorial's figure (Grid…) -------------------------------------------------- */

/* Every cell of the grid on screen: its position → the class name its label shows. The
 * figure's cells all fit at the smallest thumbnails, so all of them are made. */
static GHashTable *
shown_cells (Fixture *f)
{
  GtkWidget *grid = template_child (f, "grid_view");
  GHashTable *cells = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  ui_test_wait_for_frame (grid);
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *box = gtk_widget_get_first_child (child);
      GtkListItem *item = box != NULL ? g_object_get_data (G_OBJECT (box), "list-item") : NULL;
      GtkLabel *label;

      if (item == NULL || !gtk_widget_get_mapped (child)
          || gtk_list_item_get_position (item) == GTK_INVALID_LIST_POSITION)
        continue;
      label = GTK_LABEL (gtk_widget_get_last_child (box));

      g_hash_table_insert (cells, GUINT_TO_POINTER (gtk_list_item_get_position (item)),
                           g_strdup (gtk_label_get_text (label)));
    }
  return cells;
}

/* The grid shows exactly the first n images of set, each under its class name. */
static void
assert_figure_shows (Fixture *f, const NrImageSet *set, guint n)
{
  const NrDatasetInfo *info = nr_dataset_info (NR_DATASET_FASHION_MNIST);
  GListModel *model = grid_model (f);
  g_autoptr (GHashTable) cells = shown_cells (f);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint p = 0; p < n; p++)
    g_assert_cmpuint (item_index (model, p), ==, p);
  g_assert_cmpuint (g_hash_table_size (cells), ==, n);
  for (guint p = 0; p < n; p++)
    g_assert_cmpstr (g_hash_table_lookup (cells, GUINT_TO_POINTER (p)), ==,
                     info->class_names[set->labels[p]]);
}

/* The tutorial's first figure: for i in range(25): plt.subplot(5, 5, i + 1). */
static void
test_figure_5x5 (Fixture *f, gconstpointer data)
{
  NrDataset *ds = (NrDataset *) data;
  GtkCheckButton *all = template_child (f, "all_images_check");
  g_autofree char *total = nr_format_count_with (ds->train->n, ",");
  g_autofree char *count = g_strdup_printf ("First 25 of %s images, 28 × 28", total);
  guint rows = 0, cols = 0;

  /* At first every image, scrolling: the figure is off. */
  g_assert_true (gtk_check_button_get_active (all));
  g_assert_cmpuint (neurona_dataset_browser_get_images (f->browser), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, ds->train->n);
  g_assert_false (gtk_widget_get_sensitive (template_child (f, "rows_spin")));

  gtk_adjustment_set_value (template_child (f, "size_adjustment"), 28);
  neurona_dataset_browser_set_images (f->browser, 25);
  neurona_dataset_browser_set_grid (f->browser, 5, 5);
  g_assert_false (gtk_check_button_get_active (all));
  g_assert_true (gtk_widget_get_sensitive (template_child (f, "rows_spin")));
  g_assert_cmpuint (neurona_dataset_browser_get_images (f->browser), ==, 25);
  neurona_dataset_browser_get_grid (f->browser, &rows, &cols);
  g_assert_cmpuint (rows, ==, 5);
  g_assert_cmpuint (cols, ==, 5);
  g_assert_cmpuint (gtk_grid_view_get_max_columns (template_child (f, "grid_view")), ==, 5);

  assert_figure_shows (f, ds->train, 25);
  g_assert_null (neurona_dataset_browser_get_figure_message (f->browser));
  g_assert_false (gtk_widget_get_visible (template_child (f, "figure_message_box")));
  g_assert_cmpstr (gtk_label_get_text (template_child (f, "count_label")), ==, count);
  save_screenshot (GTK_WIDGET (f->browser), "browser-figure-5x5.png");

  /* Fewer images than places: 10 in the first places of the 5 × 5. */
  neurona_dataset_browser_set_images (f->browser, 10);
  assert_figure_shows (f, ds->train, 10);
  g_assert_null (neurona_dataset_browser_get_figure_message (f->browser));

  /* "All images" again: the whole split. */
  neurona_dataset_browser_set_images (f->browser, 0);
  g_assert_true (gtk_check_button_get_active (all));
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, ds->train->n);
}

/* The tutorial's error: subplot(2, 5, i + 1) for 25 images. The page shows the 10 places'
 * images and says why the 11th has none. */
static void
test_figure_too_small (Fixture *f, gconstpointer data)
{
  NrDataset *ds = (NrDataset *) data;
  GtkWidget *box = template_child (f, "figure_message_box");
  GtkLabel *label = template_child (f, "figure_message_label");
  const char *want = "A 2 × 5 grid has 10 places, not enough for 25 images: matplotlib's "
                     "subplot(2, 5, 11) stops with “num must be 1 <= num <= 10, not 11”. "
                     "Use 5 rows, or fewer images.";

  gtk_adjustment_set_value (template_child (f, "size_adjustment"), 28);
  neurona_dataset_browser_set_images (f->browser, 25);
  neurona_dataset_browser_set_grid (f->browser, 2, 5);
  assert_figure_shows (f, ds->train, 10);
  g_assert_cmpstr (neurona_dataset_browser_get_figure_message (f->browser), ==, want);
  g_assert_cmpstr (gtk_label_get_text (label), ==, want);
  ui_test_wait_mapped (box);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  save_screenshot (GTK_WIDGET (f->browser), "browser-figure-2x5.png");

  /* Through the popover's own spins, as the user would: 3 columns need 9 rows. */
  gtk_spin_button_set_value (template_child (f, "figure_columns_spin"), 3);
  g_assert_cmpuint (gtk_grid_view_get_max_columns (template_child (f, "grid_view")), ==, 3);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (template_child (f, "columns_spin")), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, 6);
  g_assert_nonnull (strstr (gtk_label_get_text (label), "A 2 × 3 grid has 6 places, not enough "
                                                        "for 25 images"));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "“num must be 1 <= num <= 6, not 7”. "
                                                        "Use 9 rows, or fewer images."));
  /* Room for all of them: no message. */
  gtk_spin_button_set_value (template_child (f, "rows_spin"), 9);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, 25);
  g_assert_false (gtk_widget_get_visible (box));
  g_assert_null (neurona_dataset_browser_get_figure_message (f->browser));
  /* One image, one column, 100 rows at most: more columns is the way. */
  neurona_dataset_browser_set_grid (f->browser, 1, 1);
  neurona_dataset_browser_set_images (f->browser, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, 1);
  g_assert_cmpstr (neurona_dataset_browser_get_figure_message (f->browser), ==,
                   "A 1 × 1 grid has 1 place, not enough for 1,000 images: matplotlib's "
                   "subplot(1, 1, 2) stops with “num must be 1 <= num <= 1, not 2”. "
                   "Use more columns, or fewer images.");

  /* Go to an image past the figure: the grid of all images takes it. */
  neurona_dataset_browser_set_grid (f->browser, 2, 5);
  neurona_dataset_browser_set_images (f->browser, 25);
  g_assert_true (neurona_dataset_browser_go_to_image (f->browser, 3));
  g_assert_cmpuint (neurona_dataset_browser_get_images (f->browser), ==, 25);
  g_assert_true (neurona_dataset_browser_go_to_image (f->browser, 40));
  g_assert_cmpuint (neurona_dataset_browser_get_images (f->browser), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, ds->train->n);
  g_assert_false (gtk_widget_get_visible (box));
  {
    guint index = 0;

    g_assert_true (neurona_dataset_browser_get_selected_image (f->browser, &index));
    g_assert_cmpuint (index, ==, 40);
  }
}

/* A class in the figure: its first images, counted among that class. */
static void
test_figure_with_class (Fixture *f, gconstpointer data)
{
  NrDataset *ds = (NrDataset *) data;
  GListModel *model = grid_model (f);
  guint first[2], found = 0, of_class = 0;
  g_autofree char *count = NULL, *n = NULL;

  for (guint i = 0; i < ds->train->n; i++)
    if (ds->train->labels[i] == 1)
      {
        if (found < G_N_ELEMENTS (first))
          first[found++] = i;
        of_class++;
      }
  g_assert_cmpuint (found, ==, 2);
  g_assert_cmpuint (of_class, >, 2);
  gtk_drop_down_set_selected (template_child (f, "class_dropdown"), 2); /* Trouser */
  neurona_dataset_browser_set_grid (f->browser, 1, 2);
  neurona_dataset_browser_set_images (f->browser, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  for (guint p = 0; p < 2; p++)
    g_assert_cmpuint (item_index (model, p), ==, first[p]);
  n = nr_format_count_with (of_class, ",");
  count = g_strdup_printf ("First 2 of %s images of this class, 28 × 28", n);
  g_assert_cmpstr (gtk_label_get_text (template_child (f, "count_label")), ==, count);
  g_assert_null (neurona_dataset_browser_get_figure_message (f->browser));
}

/* The lessons' setters change what the page shows, as the page's own controls would. */
static void
test_setters (Fixture *f, gconstpointer data)
{
  NeuronaImageView *view = template_child (f, "large_view");
  GtkDropDown *split = template_child (f, "split_dropdown");
  GtkDropDown *colormaps = template_child (f, "colormap_dropdown");
  double x, y, x2, y2;
  guint rows, cols, images_notified = 0, rows_notified = 0, columns_notified = 0;
  UiTestPixels px;

  g_signal_connect_swapped (f->browser, "notify::images", G_CALLBACK (notify_count),
                            &images_notified);
  g_signal_connect_swapped (f->browser, "notify::rows", G_CALLBACK (notify_count),
                            &rows_notified);
  g_signal_connect_swapped (f->browser, "notify::columns", G_CALLBACK (notify_count),
                            &columns_notified);

  /* Split: the test images. */
  g_assert_false (neurona_dataset_browser_get_split (f->browser));
  neurona_dataset_browser_set_split (f->browser, TRUE);
  g_assert_true (neurona_dataset_browser_get_split (f->browser));
  g_assert_cmpuint (gtk_drop_down_get_selected (split), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, SYN_TEST);
  g_assert_cmpstr (gtk_label_get_text (template_child (f, "subtitle_label")), ==,
                   "Test image 0 · label 0");
  neurona_dataset_browser_set_split (f->browser, FALSE);
  g_assert_cmpuint (gtk_drop_down_get_selected (split), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, SYN_TRAIN);

  /* Colormap: binary draws 0 white and 255 black, read back from the rendered view. */
  g_assert_cmpuint (neurona_dataset_browser_get_colormap (f->browser), ==, NR_COLORMAP_VIRIDIS);
  neurona_dataset_browser_set_colormap (f->browser, NR_COLORMAP_BINARY);
  g_assert_cmpuint (neurona_dataset_browser_get_colormap (f->browser), ==, NR_COLORMAP_BINARY);
  g_assert_cmpuint (gtk_drop_down_get_selected (colormaps), ==, NR_COLORMAP_BINARY);
  g_assert_cmpstr (nr_colormap_name (gtk_drop_down_get_selected (colormaps)), ==, "binary");
  pixel_centre (view, 0, 0, &x, &y);
  pixel_centre (view, 27, 27, &x2, &y2);
  px = render (GTK_WIDGET (view));
  assert_pixel (&px, x, y, 255, 255, 255);
  assert_pixel (&px, x2, y2, 0, 0, 0);
  g_free (px.data);

  /* Grid: 0 leaves a value as it is. */
  neurona_dataset_browser_set_grid (f->browser, 0, 8);
  neurona_dataset_browser_get_grid (f->browser, &rows, &cols);
  g_assert_cmpuint (rows, ==, 5);
  g_assert_cmpuint (cols, ==, 8);
  g_assert_cmpuint (rows_notified, ==, 0);
  g_assert_cmpuint (columns_notified, ==, 1);
  g_object_get (f->browser, "rows", &rows, "columns", &cols, NULL);
  g_assert_cmpuint (rows, ==, 5);
  g_assert_cmpuint (cols, ==, 8);
  g_assert_cmpuint (gtk_grid_view_get_max_columns (template_child (f, "grid_view")), ==, 8);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (template_child (f, "columns_spin")), ==, 8);
  neurona_dataset_browser_set_grid (f->browser, 3, 0);
  neurona_dataset_browser_get_grid (f->browser, &rows, &cols);
  g_assert_cmpuint (rows, ==, 3);
  g_assert_cmpuint (cols, ==, 8);
  g_assert_cmpuint (rows_notified, ==, 1);
  g_assert_cmpuint (columns_notified, ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (template_child (f, "rows_spin")), ==, 3);
  /* ...and clamps to the spins' ranges. */
  neurona_dataset_browser_set_grid (f->browser, 1000, 1000);
  neurona_dataset_browser_get_grid (f->browser, &rows, &cols);
  g_assert_cmpuint (rows, ==, 100);
  g_assert_cmpuint (cols, ==, 20);
  /* Images: a 3 × 2 figure of the 30 training images. */
  neurona_dataset_browser_set_grid (f->browser, 3, 2);
  g_assert_cmpuint (images_notified, ==, 0);
  neurona_dataset_browser_set_images (f->browser, 25);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, 6);
  g_assert_cmpuint (images_notified, ==, 1);
  neurona_dataset_browser_set_images (f->browser, 25);
  g_assert_cmpuint (images_notified, ==, 1);
  /* The user's "All images" tick, and back: notified, and the property says so. */
  gtk_check_button_set_active (template_child (f, "all_images_check"), TRUE);
  g_assert_cmpuint (images_notified, ==, 2);
  {
    guint images = 1;

    g_object_get (f->browser, "images", &images, NULL);
    g_assert_cmpuint (images, ==, 0);
  }
  g_object_set (f->browser, "images", 25, NULL);
  g_assert_cmpuint (images_notified, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, 6);
  neurona_dataset_browser_set_images (f->browser, 100000);
  g_assert_cmpuint (neurona_dataset_browser_get_images (f->browser), ==, 60000);
  neurona_dataset_browser_set_grid (f->browser, 100, 20);
  g_assert_cmpuint (g_list_model_get_n_items (grid_model (f)), ==, SYN_TRAIN);
}

/* The Grid… button opens its popover from the keyboard; the popover's controls have
 * mnemonics of their own, all different, and the names they show. */
static void
test_grid_popover (Fixture *f, gconstpointer data)
{
  static const char *const labels[] = { "rows_label", "figure_columns_label", "images_label" };
  GtkMenuButton *button = template_child (f, "grid_button");
  GtkPopover *popover = gtk_menu_button_get_popover (button);
  GtkWidget *check = template_child (f, "all_images_check");
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "G_rid…");
  g_assert_true (gtk_menu_button_get_use_underline (button));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (button))
                 || gtk_widget_get_focusable (gtk_widget_get_first_child (GTK_WIDGET (button))));

  gtk_menu_button_popup (button);
  ui_test_wait_mapped (GTK_WIDGET (popover));
  /* (Its accessible name cannot be read here: GTK 4.8 makes widgets in a popover no test AT
   * context. neurona_a11y_name_all_from_labels() names it "All images".) */
  /* Space on the check turns the figure on; Tab reaches the spins. */
  g_assert_true (gtk_widget_grab_focus (check));
  g_assert_true (gtk_widget_activate (check));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_cmpuint (neurona_dataset_browser_get_images (f->browser), ==, 25);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (popover), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         template_child (f, "rows_spin")));
  for (guint i = 0; i <= G_N_ELEMENTS (labels); i++)
    {
      /* The three labels, then the check's own label child. */
      GtkLabel *label = i < G_N_ELEMENTS (labels) ? template_child (f, labels[i])
                                                  : ui_test_find_label (check, "All images");
      guint key;

      g_assert_nonnull (label);
      key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (label));
      g_assert_cmpuint (key, !=, GDK_KEY_VoidSymbol);
      g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (key)));
      g_hash_table_add (seen, GUINT_TO_POINTER (key));
    }
  save_screenshot (GTK_WIDGET (popover), "browser-grid-popover.png");
  gtk_menu_button_popdown (button);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);

  fashion = nr_dataset_load (NR_DATASET_FASHION_MNIST, NULL, &error);
  g_assert_no_error (error);
  synthetic = load_synthetic ();

#define ADD(path, ds, fn)                                                                       \
  g_test_add (path, Fixture, ds, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ui/browser/builds-with-dataset", fashion, test_builds_with_dataset);
  ADD ("/ui/browser/filter-by-class", fashion, test_filter_by_class);
  ADD ("/ui/browser/empty-class", synthetic, test_empty_class);
  ADD ("/ui/browser/select-shows-large", fashion, test_select_shows_large);
  ADD ("/ui/browser/keyboard-selection", synthetic, test_keyboard_selection);
  ADD ("/ui/browser/tab-leaves-grid", synthetic, test_tab_leaves_grid);
  ADD ("/ui/browser/colormap-pixels", synthetic, test_colormap_pixels);
  ADD ("/ui/browser/colorbar", synthetic, test_colorbar);
  ADD ("/ui/browser/pixel-readout", synthetic, test_pixel_readout);
  ADD ("/ui/browser/keyboard-readout", synthetic, test_keyboard_readout);
  ADD ("/ui/browser/visible-labels-name-controls", synthetic, test_visible_labels_name_controls);
  ADD ("/ui/browser/columns-and-size", synthetic, test_columns_and_size);
  ADD ("/ui/browser/scroll-to-end", fashion, test_scroll_to_end);
  ADD ("/ui/browser/go-to-image", fashion, test_go_to_image);
  ADD ("/ui/browser/pixel-table", synthetic, test_pixel_table);
  ADD ("/ui/browser/dataset-id-and-loading", synthetic, test_dataset_id_and_loading);
  ADD ("/ui/browser/mnist-class-names", synthetic, test_mnist_class_names);
  ADD ("/ui/browser/figure-5x5", fashion, test_figure_5x5);
  ADD ("/ui/browser/figure-too-small", fashion, test_figure_too_small);
  ADD ("/ui/browser/figure-with-class", synthetic, test_figure_with_class);
  ADD ("/ui/browser/setters", synthetic, test_setters);
  ADD ("/ui/browser/grid-popover", synthetic, test_grid_popover);
#undef ADD

  status = g_test_run ();
  nr_dataset_unref (fashion);
  nr_dataset_unref (synthetic);
  g_free (synthetic_dir);
  return status;
}
