/* ui-test-util.c — helpers shared by the UI tests; see ui-test-util.h. */
#include "ui-test-util.h"
#include "neurona-a11y.h"
#include "neurona-settings.h"

#include <stdlib.h>
#include <string.h>

/* Main loop -------------------------------------------------------------------------- */

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

void
ui_test_spin_for (guint ms)
{
  gboolean done = FALSE;

  /* Blocking iterations woken by a timeout: no busy loop, and nothing due before the
   * deadline is left undispatched. */
  g_timeout_add (ms, set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
ui_test_wait_until (UiTestPredicate pred, gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  /* Polled rather than blocking: a predicate may watch state that changes without a main
   * context event (another thread's work). */
  while (!pred (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
  return TRUE;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
is_mapped_with_width (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

void
ui_test_wait_mapped (GtkWidget *widget)
{
  g_assert_true (ui_test_wait_until (is_mapped_with_width, widget, 5000));
}

static void
after_paint_cb (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

void
ui_test_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;

  /* An unmapped widget has no frame clock. */
  g_assert_true (ui_test_wait_until (is_mapped, widget, 5000));
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  g_assert_true (ui_test_wait_until (flag_is_set, &painted, 5000));
  g_signal_handler_disconnect (clock, id);
}

/* Windows ---------------------------------------------------------------------------- */

GtkWidget *
ui_test_present_in_window (GtkWidget *child, int width, int height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Rendering -------------------------------------------------------------------------- */

/* The widget's last painted frame as a render node; NULL while it has none. */
static GskRenderNode *
try_snapshot (GtkWidget *widget, int width, int height)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  return gtk_snapshot_free_to_node (snapshot);
}

GdkTexture *
ui_test_render (GtkWidget *widget, const GdkRGBA *background)
{
  g_autoptr (GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int w, h;

  for (guint attempt = 0; attempt < 100 && node == NULL; attempt++)
    {
      ui_test_wait_for_frame (widget);
      w = gtk_widget_get_width (widget);
      h = gtk_widget_get_height (widget);
      g_assert_cmpint (w, >, 0);
      g_assert_cmpint (h, >, 0);
      node = try_snapshot (widget, w, h);
    }
  g_assert_nonnull (node);

  if (background != NULL)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gtk_snapshot_append_color (snapshot, background, &GRAPHENE_RECT_INIT (0, 0, w, h));
      gtk_snapshot_append_node (snapshot, node);
      g_clear_pointer (&node, gsk_render_node_unref);
      node = gtk_snapshot_free_to_node (snapshot);
    }

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
}

void
ui_test_save_texture (GdkTexture *texture, const char *name)
{
  const char *dir = g_getenv ("NEURONA_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

void
ui_test_set_dark (gboolean dark)
{
  if (adw_is_initialized ())
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                             : ADW_COLOR_SCHEME_DEFAULT);
  else
    g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
}

void
ui_test_save_screenshot (GtkWidget *widget, const char *name, const GdkRGBA *background)
{
  g_autoptr (GdkTexture) texture = NULL;

  if (g_getenv ("NEURONA_SCREENSHOT_DIR") == NULL)
    return;
  texture = ui_test_render (widget, background);
  ui_test_save_texture (texture, name);
}

/* Pixels ----------------------------------------------------------------------------- */

UiTestPixels
ui_test_pixels_from_texture (GdkTexture *texture)
{
  UiTestPixels px;

  px.width = gdk_texture_get_width (texture);
  px.height = gdk_texture_get_height (texture);
  px.stride = (gsize) px.width * 4;
  px.data = g_malloc (px.stride * px.height);
  gdk_texture_download (texture, px.data, px.stride);
  return px;
}

UiTestPixels
ui_test_read_pixels (GtkWidget *widget, const GdkRGBA *background)
{
  g_autoptr (GdkTexture) texture = ui_test_render (widget, background);

  return ui_test_pixels_from_texture (texture);
}

void
ui_test_pixel_at (const UiTestPixels *px, int x, int y, guint8 rgb[3])
{
  const guint8 *p;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, px->width);
  g_assert_cmpint (y, <, px->height);
  p = px->data + y * px->stride + x * 4;
  /* Premultiplied, but opaque where the tests read: the bytes are the colour. */
  rgb[0] = p[2];
  rgb[1] = p[1];
  rgb[2] = p[0];
}

/* Accessibility ---------------------------------------------------------------------- */

void
ui_test_assert_accessible_label (GtkWidget *widget, const char *want)
{
  g_autofree char *wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                               GTK_ACCESSIBLE_PROPERTY_LABEL, want);

  if (wrong != NULL)
    g_error ("%s: accessible label “%s”, wanted “%s”", G_OBJECT_TYPE_NAME (widget), wrong, want);
}

/* Windows (the lab's main window) ------------------------------------------------------ */

gboolean
ui_test_dataset_loaded (gpointer window)
{
  return neurona_window_get_dataset (window) != NULL;
}

void
ui_test_open_window (NeuronaApplication **app, NeuronaWindow **window, const char *page)
{
  g_assert_nonnull (app);
  g_assert_nonnull (window);
  /* Each test starts from the defaults, not from what an earlier one left remembered. */
  neurona_settings_reset_all ();
  if (*app == NULL)
    {
      *app = neurona_application_new ();
      g_application_set_flags (G_APPLICATION (*app), G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (*app), NULL, NULL));
    }
  *window = neurona_window_new (*app);
  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
  if (page != NULL)
    adw_view_stack_set_visible_child_name (neurona_window_get_stack (*window), page);
  gtk_window_present (GTK_WINDOW (*window));
  ui_test_wait_mapped (GTK_WIDGET (*window));
  g_assert_true (ui_test_wait_until (ui_test_dataset_loaded, *window, 30000));
}

void
ui_test_close_window (NeuronaWindow **window, NeuronaApplication **app)
{
  g_assert_nonnull (window);
  if (*window != NULL)
    gtk_window_destroy (GTK_WINDOW (*window));
  ui_test_spin_for (20);
  g_assert_null (*window);
  if (app != NULL)
    g_clear_object (app);
}

/* Widget tree ------------------------------------------------------------------------ */

static void
collect (GtkWidget *widget, GType type, GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, out);
}

GPtrArray *
ui_test_find_all (GtkWidget *root, GType type)
{
  GPtrArray *out = g_ptr_array_new ();

  collect (root, type, out);
  return out;
}

char *
ui_test_visible_text (const char *label)
{
  GString *s = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

GtkWidget *
ui_test_find_control (GtkWidget *root, const char *text, guint nth)
{
  g_autoptr (GPtrArray) all = ui_test_find_all (root, GTK_TYPE_WIDGET);

  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *w = all->pdata[i];
      g_autofree char *shown = NULL;
      GtkWidget *control = NULL;

      if (GTK_IS_LABEL (w) && gtk_label_get_mnemonic_widget (GTK_LABEL (w)) != NULL)
        {
          shown = ui_test_visible_text (gtk_label_get_label (GTK_LABEL (w)));
          control = gtk_label_get_mnemonic_widget (GTK_LABEL (w));
          /* A row's title activates the row, which activates the control at its end. */
          if (ADW_IS_ACTION_ROW (control) && !ADW_IS_COMBO_ROW (control)
              && adw_action_row_get_activatable_widget (ADW_ACTION_ROW (control)) != NULL)
            control = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (control));
        }
      else if (GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w)) != NULL)
        {
          shown = ui_test_visible_text (gtk_button_get_label (GTK_BUTTON (w)));
          control = w;
        }
      else if (GTK_IS_CHECK_BUTTON (w) && gtk_check_button_get_label (GTK_CHECK_BUTTON (w)) != NULL)
        {
          shown = ui_test_visible_text (gtk_check_button_get_label (GTK_CHECK_BUTTON (w)));
          control = w;
        }
      if (shown != NULL && g_str_equal (shown, text) && nth-- == 0)
        return control;
    }
  return NULL;
}

static void
assert_labelled_by_only (GtkWidget *widget, GtkLabel *label, const char *title)
{
  g_autofree char *wrong = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget),
                                                               GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                               label, NULL);

  if (wrong != NULL)
    g_error ("%s of the row “%s”: labelled by %s, not by its title", G_OBJECT_TYPE_NAME (widget),
             title, wrong);
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    g_error ("%s of the row “%s” has a label property of its own", G_OBJECT_TYPE_NAME (widget),
             title);
}

guint
ui_test_assert_rows_named_by_titles (GtkWidget *root)
{
  g_autoptr (GPtrArray) rows = ui_test_find_all (root, ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      GtkLabel *label = neurona_a11y_row_title_label (row);
      g_autofree char *shown = NULL;
      GtkWidget *control;

      g_assert_nonnull (title);
      if (label == NULL)
        g_error ("the row “%s” has no title label", title);
      shown = adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row))
                ? neurona_a11y_strip_mnemonic (title)
                : g_strdup (title);
      g_assert_cmpstr (gtk_label_get_text (label), ==, shown);
      assert_labelled_by_only (row, label, shown);
      control = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
      if (control != NULL && !ADW_IS_COMBO_ROW (row))
        assert_labelled_by_only (control, label, shown);
    }
  return rows->len;
}

static GtkLabel *
find_label (GtkWidget *root, const char *text, gboolean visible_only)
{
  g_autoptr (GPtrArray) all = ui_test_find_all (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_label_get_text (all->pdata[i]), text) == 0
        && (!visible_only || gtk_widget_is_visible (all->pdata[i])))
      return all->pdata[i];
  return NULL;
}

GtkLabel *
ui_test_find_label (GtkWidget *root, const char *text)
{
  return find_label (root, text, FALSE);
}

GtkLabel *
ui_test_find_visible_label (GtkWidget *root, const char *text)
{
  return find_label (root, text, TRUE);
}

GtkLabel *
ui_test_find_label_containing (GtkWidget *root, const char *needle)
{
  g_autoptr (GPtrArray) all = ui_test_find_all (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < all->len; i++)
    if (strstr (gtk_label_get_text (all->pdata[i]), needle) != NULL
        && gtk_widget_is_visible (all->pdata[i]))
      return all->pdata[i];
  return NULL;
}

gboolean
ui_test_press_shortcut (GtkWidget *widget, guint keyval)
{
  GListModel *controllers = gtk_widget_observe_controllers (widget);
  gboolean done = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !done; i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)) && !done; j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (c), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            done = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_object_unref (controllers);
  return done;
}

const char *
ui_test_text_of (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  g_assert_true (GTK_IS_INSCRIPTION (widget));
  return gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL
           ? gtk_inscription_get_text (GTK_INSCRIPTION (widget))
           : "";
}

GtkWidget *
ui_test_find_text_containing (GtkWidget *root, const char *needle)
{
  GtkLabel *label = ui_test_find_label_containing (root, needle);
  g_autoptr (GPtrArray) all = NULL;

  if (label != NULL)
    return GTK_WIDGET (label);
  all = ui_test_find_all (root, GTK_TYPE_INSCRIPTION);
  for (guint i = 0; i < all->len; i++)
    if (strstr (ui_test_text_of (all->pdata[i]), needle) != NULL
        && gtk_widget_is_visible (all->pdata[i]))
      return all->pdata[i];
  return NULL;
}

gboolean
ui_test_text_fits (GtkWidget *widget)
{
  g_autoptr (PangoLayout) layout = NULL;
  int width, height;

  if (GTK_IS_LABEL (widget))
    return !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget)));
  /* An inscription lays its text out in its allocation: it fits when the text, laid out
   * as the inscription does, is no wider than that. */
  layout = gtk_widget_create_pango_layout (widget, ui_test_text_of (widget));
  pango_layout_get_pixel_size (layout, &width, &height);
  return width <= gtk_widget_get_width (widget);
}

void
ui_test_assert_unique_mnemonics (NeuronaWindow *window, guint min_per_page)
{
  AdwViewStack *stack = neurona_window_get_stack (window);
  g_autoptr (GPtrArray) window_labels = ui_test_find_all (GTK_WIDGET (window), GTK_TYPE_LABEL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *name = adw_view_stack_page_get_name (adw_view_stack_get_page (stack, child));
      g_autoptr (GPtrArray) labels = ui_test_find_all (child, GTK_TYPE_LABEL);
      g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

      for (guint i = 0; i < window_labels->len; i++)
        if (!gtk_widget_is_ancestor (window_labels->pdata[i], GTK_WIDGET (stack)))
          g_ptr_array_add (labels, window_labels->pdata[i]);

      for (guint i = 0; i < labels->len; i++)
        {
          GtkLabel *label = labels->pdata[i];
          guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (label));
          GtkLabel *other;

          if (!gtk_label_get_use_underline (label) || key == GDK_KEY_VoidSymbol
              || gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_POPOVER) != NULL)
            continue;
          other = g_hash_table_lookup (seen, GUINT_TO_POINTER (key));
          if (other != NULL)
            g_error ("page %s: “%s” and “%s” share the mnemonic %s", name,
                     gtk_label_get_label (other), gtk_label_get_label (label),
                     gdk_keyval_name (key));
          g_hash_table_insert (seen, GUINT_TO_POINTER (key), label);
        }
      g_test_message ("page %s: %u mnemonics, all different", name, g_hash_table_size (seen));
      g_assert_cmpuint (g_hash_table_size (seen), >=, min_per_page);
    }
}

/* Each UI test program gets a runs folder of its own, empty, removed when it exits: the
 * folder tests/meson.build names is shared by every suite and would only grow (and every
 * window reads it). A test that wants another one sets NEURONA_RUNS_DIR itself. */
static char *private_runs_dir;

static void
remove_private_runs_dir (void)
{
  g_autofree char *command = NULL;

  if (private_runs_dir == NULL)
    return;
  command = g_strdup_printf ("rm -rf %s", private_runs_dir);
  if (system (command) != 0)
    g_printerr ("could not remove %s\n", private_runs_dir);
}

__attribute__ ((constructor)) static void
use_private_runs_dir (void)
{
  private_runs_dir = g_dir_make_tmp ("neurona-ui-runs-XXXXXX", NULL);
  if (private_runs_dir == NULL)
    return;
  g_setenv ("NEURONA_RUNS_DIR", private_runs_dir, TRUE);
  atexit (remove_private_runs_dir);
}

void
ui_test_park_pointer (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  const char *argv[] = { NULL, "mousemove", "4000", "4000", NULL };

  if (xdotool == NULL)
    return;
  argv[0] = xdotool;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}
