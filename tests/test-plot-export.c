/* test-plot-export.c — a plot saved as PNG and SVG: the PNG has the pixels the screen
 * shows, the SVG parses and names the plot, failures are errors (shown to the user when
 * saving from the menu), and the menu and its actions are reachable by mouse and keyboard. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "neurona-plot-private.h"
#include "ui-test-util.h"

static const GdkRGBA MAGENTA = { 200 / 255.0, 30 / 255.0, 160 / 255.0, 1.0 };

typedef struct
{
  GtkWidget *window;
  NeuronaPlot *plot;
  char *dir;
} Fixture;

/* GTK 4.8 under Xvfb, in the suite's timing: a pointer query scheduled by one of the
 * dialogs this file opens and closes (the file chooser, the error dialog, the menu) can run
 * after that dialog's surface is gone, and logs this one critical. It is GTK's own, outside
 * the code under test, so it alone is let through; every other warning or critical still
 * fails the test. GTest resets the handler for each test case: the fixture installs it. */
static gboolean
fatal_log (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  if (g_strcmp0 (domain, "Gdk") == 0 && message != NULL &&
      strstr (message, "gdk_surface_get_device_position: assertion 'GDK_IS_SURFACE (surface)' "
                       "failed") != NULL)
    return FALSE;
  return TRUE;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  guint a, b;

  g_test_log_set_fatal_handler (fatal_log, NULL);
  f->dir = g_dir_make_tmp ("neurona-test-plot-export-XXXXXX", &error);
  g_assert_no_error (error);

  f->plot = NEURONA_PLOT (neurona_plot_new ());
  neurona_plot_set_title (f->plot, "Test accuracy");
  neurona_plot_set_x_label (f->plot, "Epoch");
  neurona_plot_set_y_label (f->plot, "Accuracy");
  neurona_plot_set_y_range (f->plot, 0, 1);
  a = neurona_plot_add_series (f->plot, "1: 128 relu · 10 epochs", NULL, NEURONA_PLOT_AUTO);
  b = neurona_plot_add_series (f->plot, "2: 64 tanh · 10 epochs", &MAGENTA,
                               NEURONA_PLOT_LINE_MARKERS);
  for (int e = 1; e <= 10; e++)
    {
      neurona_plot_append (f->plot, a, e, 0.9 - 0.5 / e);
      neurona_plot_append (f->plot, b, e, 0.85 - 0.6 / (e + 1));
    }
  f->window = ui_test_present_in_window (GTK_WIDGET (f->plot), 560, 360);
  ui_test_wait_mapped (GTK_WIDGET (f->plot));
  ui_test_spin_for (100);
}

static void
remove_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  remove_dir (f->dir);
  g_free (f->dir);
}

static GFile *
file_in (Fixture *f, const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  return g_file_new_for_path (path);
}

/* The largest difference of any channel between two images of the same size, and how
 * many pixels differ at all. */
static int
max_difference (const UiTestPixels *a, const UiTestPixels *b, guint *n_different)
{
  int worst = 0;

  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  *n_different = 0;
  for (int y = 0; y < a->height; y++)
    for (int x = 0; x < a->width; x++)
      {
        guint8 pa[3], pb[3];
        int d = 0;

        ui_test_pixel_at (a, x, y, pa);
        ui_test_pixel_at (b, x, y, pb);
        for (int c = 0; c < 3; c++)
          d = MAX (d, ABS (pa[c] - pb[c]));
        *n_different += d > 0;
        worst = MAX (worst, d);
      }
  return worst;
}

/* Exports the plot at its size and compares with what the screen shows over the
 * background the export paints. */
static void
assert_png_matches_screen (Fixture *f, const char *name)
{
  g_autoptr (GFile) file = file_in (f, name);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) exported = NULL;
  UiTestPixels screen, png;
  GdkRGBA bg;
  guint n_different;
  int worst;

  _neurona_plot_get_background (f->plot, &bg);
  screen = ui_test_read_pixels (GTK_WIDGET (f->plot), &bg);
  g_assert_true (neurona_plot_export (f->plot, file, NEURONA_PLOT_FORMAT_PNG, 0, 0, &error));
  g_assert_no_error (error);
  exported = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (exported), ==,
                   gtk_widget_get_width (GTK_WIDGET (f->plot)));
  g_assert_cmpint (gdk_texture_get_height (exported), ==,
                   gtk_widget_get_height (GTK_WIDGET (f->plot)));
  png = ui_test_pixels_from_texture (exported);

  worst = max_difference (&screen, &png, &n_different);
  g_test_message ("%s: %d × %d px, %u differ, by at most %d of 255", name, png.width,
                  png.height, n_different, worst);
  g_assert_cmpint (worst, <=, 1);
  {
    /* Not a blank image that matches a blank screen: the title, the legend, the curves. */
    guint8 rgb[3];
    guint drawn = 0;
    for (int y = 0; y < png.height; y++)
      for (int x = 0; x < png.width; x++)
        {
          ui_test_pixel_at (&png, x, y, rgb);
          drawn += ABS (rgb[0] - (int) round (bg.red * 255)) > 40;
        }
    g_assert_cmpuint (drawn, >, 2000);
  }
  ui_test_save_texture (exported, name);
  g_free (screen.data);
  g_free (png.data);
}

static void
test_png_matches_screen (Fixture *f, gconstpointer data)
{
  assert_png_matches_screen (f, "plot-export-light.png");
}

static void
test_png_matches_screen_dark (Fixture *f, gconstpointer data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  GdkRGBA bg;

  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  ui_test_spin_for (100);
  /* The dark style's background goes under the export, not white. */
  _neurona_plot_get_background (f->plot, &bg);
  g_assert_cmpfloat (0.2126 * bg.red + 0.7152 * bg.green + 0.0722 * bg.blue, <, 0.3);
  assert_png_matches_screen (f, "plot-export-dark.png");
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
}

static void
test_png_any_size (Fixture *f, gconstpointer data)
{
  g_autoptr (GFile) file = file_in (f, "large.png");
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  /* A size other than the widget's lays the plot out again for it. */
  g_assert_true (neurona_plot_export (f->plot, file, NEURONA_PLOT_FORMAT_PNG, 1200, 800, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1200);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 800);
  {
    UiTestPixels px = ui_test_pixels_from_texture (texture);
    guint8 rgb[3];
    guint magenta = 0;

    /* The magenta series reaches the right part of the larger image. */
    for (int y = 0; y < px.height; y++)
      for (int x = 900; x < px.width; x++)
        {
          ui_test_pixel_at (&px, x, y, rgb);
          magenta += ABS (rgb[0] - 200) < 20 && ABS (rgb[1] - 30) < 20 && ABS (rgb[2] - 160) < 20;
        }
    g_assert_cmpuint (magenta, >, 100);
    g_free (px.data);
  }
  /* The widget's own layout is untouched. */
  {
    graphene_rect_t area;
    g_assert_true (neurona_plot_get_plot_area (f->plot, &area));
    g_assert_cmpfloat (area.origin.x + area.size.width, <, 560);
  }
}

typedef struct
{
  GString *path;      /* element names from the root, "/"-joined */
  char *root;
  char *width;
  char *title;
  char *desc;
  guint n_paths;      /* <path> elements */
  guint n_glyph_uses; /* <use> elements: the text */
} SvgSummary;

static void
svg_start (GMarkupParseContext *context, const char *element, const char **names,
           const char **values, gpointer data, GError **error)
{
  SvgSummary *s = data;

  g_string_append_printf (s->path, "/%s", element);
  if (s->root == NULL)
    {
      s->root = g_strdup (element);
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "width"))
          s->width = g_strdup (values[i]);
    }
  s->n_paths += g_str_equal (element, "path");
  s->n_glyph_uses += g_str_equal (element, "use");
}

static void
svg_end (GMarkupParseContext *context, const char *element, gpointer data, GError **error)
{
  SvgSummary *s = data;
  char *slash = strrchr (s->path->str, '/');

  g_string_truncate (s->path, slash - s->path->str);
}

static void
svg_text (GMarkupParseContext *context, const char *text, gsize len, gpointer data,
          GError **error)
{
  SvgSummary *s = data;

  if (g_str_equal (s->path->str, "/svg/title"))
    s->title = g_strndup (text, len);
  else if (g_str_equal (s->path->str, "/svg/desc"))
    s->desc = g_strndup (text, len);
}

static void
test_svg (Fixture *f, gconstpointer data)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  g_autoptr (GFile) file = file_in (f, "plot.svg");
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *summary = neurona_plot_get_summary (f->plot);
  g_autoptr (GMarkupParseContext) context = NULL;
  SvgSummary s = { g_string_new (NULL) };
  gsize length;

  g_assert_true (neurona_plot_export (f->plot, file, NEURONA_PLOT_FORMAT_SVG, 0, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);

  context = g_markup_parse_context_new (&parser, 0, &s, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (s.root, ==, "svg");
  g_assert_cmpstr (s.width, ==, "560px");
  /* The title and the summary, as the document's title and description. */
  g_assert_cmpstr (s.title, ==, "Test accuracy");
  g_assert_cmpstr (s.desc, ==, summary);
  g_assert_nonnull (strstr (s.desc, "1: 128 relu · 10 epochs: 0.85 at Epoch 10"));
  /* Grid, ticks, curves, markers as paths; the text as glyphs. */
  g_test_message ("%u paths, %u glyph uses", s.n_paths, s.n_glyph_uses);
  g_assert_cmpuint (s.n_paths, >=, 10);
  g_assert_cmpuint (s.n_glyph_uses, >=, (guint) strlen ("Test accuracy"));

  /* A stricter XML parser agrees, when there is one. */
  {
    g_autofree char *python = g_find_program_in_path ("python3");
    g_autofree char *path = g_file_get_path (file);

    if (python != NULL)
      {
        const char *argv[] = { python, "-c",
                               "import sys, xml.etree.ElementTree as E;"
                               "r = E.parse(sys.argv[1]).getroot();"
                               "n = '{http://www.w3.org/2000/svg}';"
                               "print(r.find(n + 'title').text)",
                               path, NULL };
        g_autofree char *out = NULL;
        int status;

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                     &out, NULL, &status, &error));
        g_assert_no_error (error);
        g_assert_true (g_spawn_check_wait_status (status, &error));
        g_assert_no_error (error);
        g_assert_cmpstr (g_strstrip (out), ==, "Test accuracy");
      }
  }
  g_string_free (s.path, TRUE);
  g_free (s.root);
  g_free (s.width);
  g_free (s.title);
  g_free (s.desc);
}

static void
test_export_errors (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  /* A folder that is not there. */
  {
    g_autoptr (GFile) file = g_file_new_for_path ("/nonexistent-neurona-folder/plot.png");

    g_assert_false (neurona_plot_export (f->plot, file, NEURONA_PLOT_FORMAT_PNG, 0, 0, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  /* A full disk: every write to /dev/full fails with ENOSPC. */
  for (NeuronaPlotFormat format = NEURONA_PLOT_FORMAT_PNG; format <= NEURONA_PLOT_FORMAT_SVG;
       format++)
    {
      g_autoptr (GFile) full = g_file_new_for_path ("/dev/full");
      g_autoptr (GFileOutputStream) out = g_file_append_to (full, G_FILE_CREATE_NONE, NULL, &error);

      g_assert_no_error (error);
      g_assert_false (neurona_plot_export_to_stream (f->plot, G_OUTPUT_STREAM (out), format, 0, 0,
                                                     NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
      g_clear_error (&error);
    }
  /* Not a regular file: refused, no crash. */
  {
    g_autoptr (GFile) file = g_file_new_for_path ("/dev/full");

    g_assert_false (neurona_plot_export (f->plot, file, NEURONA_PLOT_FORMAT_SVG, 0, 0, &error));
    g_assert_nonnull (error);
    g_test_message ("/dev/full as a file: %s", error->message);
    g_clear_error (&error);
  }
  /* Larger than Cairo can draw. */
  {
    g_autoptr (GFile) file = file_in (f, "huge.png");

    g_assert_false (
      neurona_plot_export (f->plot, file, NEURONA_PLOT_FORMAT_PNG, 40000, 10, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (g_file_query_exists (file, NULL));
  }
  /* A failed export leaves the file that was there. */
  {
    g_autoptr (GFile) file = file_in (f, "kept.png");
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    g_assert_true (g_file_replace_contents (file, "old", 3, NULL, FALSE, G_FILE_CREATE_NONE,
                                            NULL, NULL, &error));
    g_assert_false (neurona_plot_export (f->plot, file, NEURONA_PLOT_FORMAT_PNG, 40000, 40000,
                                         &error));
    g_clear_error (&error);
    g_assert_true (g_file_load_contents (file, NULL, &after, NULL, NULL, &error));
    g_assert_cmpstr (after, ==, "old");
  }
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_save_shows_error (Fixture *f, gconstpointer data)
{
  g_autoptr (GFile) file = g_file_new_for_path ("/nonexistent-neurona-folder/Test accuracy.png");
  GtkWindow *dialog;
  g_autofree char *text = NULL;
  g_autofree char *secondary = NULL;

  g_assert_null (_neurona_plot_get_error_dialog (f->plot));
  g_assert_false (_neurona_plot_save (f->plot, file, NEURONA_PLOT_FORMAT_PNG));
  dialog = _neurona_plot_get_error_dialog (f->plot);
  g_assert_true (GTK_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (f->window));
  g_assert_true (gtk_window_get_modal (dialog));
  g_object_get (dialog, "text", &text, "secondary-text", &secondary, NULL);
  g_test_message ("%s — %s", text, secondary);
  /* What failed, then why (GIO's message names the whole path). */
  g_assert_cmpstr (text, ==, "Could not save “Test accuracy.png”");
  g_assert_nonnull (strstr (secondary, "/nonexistent-neurona-folder/Test accuracy.png"));
  g_assert_nonnull (strstr (secondary, "No such file or directory"));

  /* Close dismisses it. */
  {
    gpointer d = dialog;

    g_object_add_weak_pointer (G_OBJECT (dialog), &d);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CLOSE);
    g_assert_true (ui_test_wait_until (is_null, &d, 2000));
  }
  g_assert_null (_neurona_plot_get_error_dialog (f->plot));

  /* A good file: no dialog. */
  {
    g_autoptr (GFile) good = file_in (f, "Test accuracy.png");
    g_assert_true (_neurona_plot_save (f->plot, good, NEURONA_PLOT_FORMAT_PNG));
    g_assert_null (_neurona_plot_get_error_dialog (f->plot));
    g_assert_true (g_file_query_exists (good, NULL));
  }
}

static void
test_file_names (Fixture *f, gconstpointer data)
{
  g_autofree char *png = neurona_plot_get_export_name (f->plot, NEURONA_PLOT_FORMAT_PNG);
  g_autofree char *slash = NULL;
  g_autofree char *none = NULL;

  g_assert_cmpstr (png, ==, "Test accuracy.png");
  neurona_plot_set_title (f->plot, "Loss / accuracy ");
  slash = neurona_plot_get_export_name (f->plot, NEURONA_PLOT_FORMAT_SVG);
  g_assert_cmpstr (slash, ==, "Loss - accuracy.svg");
  neurona_plot_set_title (f->plot, NULL);
  none = neurona_plot_get_export_name (f->plot, NEURONA_PLOT_FORMAT_PNG);
  g_assert_cmpstr (none, ==, "Plot.png");
}

/* The visible text of the menu's items, "\n"-joined, and which of them carry which
 * action. */
static char *
menu_items (GtkPopover *menu, GPtrArray *buttons)
{
  g_autoptr (GPtrArray) all = ui_test_find_all (GTK_WIDGET (menu), GTK_TYPE_WIDGET);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *w = all->pdata[i];

      if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w)) != GTK_ACCESSIBLE_ROLE_MENU_ITEM)
        continue;
      {
        g_autofree char *text = NULL;
        g_autofree char *shown = NULL;

        g_object_get (w, "text", &text, NULL);
        shown = ui_test_visible_text (text);
        if (s->len > 0)
          g_string_append_c (s, '\n');
        g_string_append (s, shown);
        g_ptr_array_add (buttons, w);
      }
    }
  return g_string_free (s, FALSE);
}

static gboolean
has_shortcut (GtkWidget *widget, guint keyval, GdkModifierType mods, const char *action)
{
  GListModel *controllers = gtk_widget_observe_controllers (widget);
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (c)) && !found; k++)
        {
          g_autoptr (GtkShortcut) sc = g_list_model_get_item (G_LIST_MODEL (c), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (sc);
          GtkShortcutAction *act = gtk_shortcut_get_action (sc);

          found = GTK_IS_KEYVAL_TRIGGER (trigger)
                  && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
                  && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods
                  && GTK_IS_NAMED_ACTION (act)
                  && g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (act)),
                                  action);
        }
    }
  g_object_unref (controllers);
  return found;
}

static void
test_menu (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  g_autofree char *items = NULL;
  GtkPopover *menu;

  /* The keyboard reaches the plot, and Shift+F10 or the Menu key opens its menu. */
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->plot)));
  g_assert_true (has_shortcut (GTK_WIDGET (f->plot), GDK_KEY_F10, GDK_SHIFT_MASK, "plot.menu"));
  g_assert_true (has_shortcut (GTK_WIDGET (f->plot), GDK_KEY_Menu, 0, "plot.menu"));

  g_assert_null (_neurona_plot_get_menu (f->plot));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->plot), "plot.menu", NULL));
  menu = _neurona_plot_get_menu (f->plot);
  g_assert_nonnull (menu);
  ui_test_wait_mapped (GTK_WIDGET (menu));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (menu)));

  items = menu_items (menu, buttons);
  g_assert_cmpstr (items, ==, "Save as PNG…\nSave as SVG…");
  for (guint i = 0; i < buttons->len; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *shown = NULL;

      g_object_get (buttons->pdata[i], "text", &text, NULL);
      /* The accessible name is the visible label: GtkModelButton is LABELLED_BY the label
       * it shows (there is no AT context to ask under GTK_A11Y=none; the e2e suite reads
       * names over AT-SPI). */
      shown = ui_test_visible_text (text);
      {
        g_autoptr (GPtrArray) labels = ui_test_find_all (buttons->pdata[i], GTK_TYPE_LABEL);
        GtkLabel *label = NULL;

        for (guint k = 0; k < labels->len && label == NULL; k++)
          if (g_strcmp0 (gtk_label_get_text (labels->pdata[k]), shown) == 0)
            label = labels->pdata[k];
        g_assert_nonnull (label);
        g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
      }
    }

  /* Each item asks for a file of its format, and closes the menu. */
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkFileChooserNative *chooser;
      g_autofree char *name = NULL;

      gtk_widget_activate_action (GTK_WIDGET (f->plot), "plot.menu", NULL);
      g_signal_emit_by_name (buttons->pdata[i], "clicked");
      chooser = _neurona_plot_get_file_chooser (f->plot);
      g_assert_nonnull (chooser);
      name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
      g_assert_cmpstr (name, ==, i == 0 ? "Test accuracy.png" : "Test accuracy.svg");
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (menu)));
      g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
    }
}

static gboolean
chooser_has_file (gpointer chooser)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL;
}

typedef struct
{
  GtkFileChooserNative *chooser;
  GFile *file;
} ChooserWait;

static gboolean
chooser_has_this_file (gpointer data)
{
  ChooserWait *w = data;
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (w->chooser));

  return file != NULL && g_file_equal (file, w->file);
}

static void
accept_into (Fixture *f, NeuronaPlotFormat format, const char *want_name)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->plot),
                                             format == NEURONA_PLOT_FORMAT_PNG ? "plot.save-png"
                                                                               : "plot.save-svg",
                                             NULL));
  chooser = _neurona_plot_get_file_chooser (f->plot);
  g_assert_nonnull (chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SAVE);
  /* A name from the title. */
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, want_name);

  /* The user picks the test's folder and accepts. (Without a portal GTK shows its own
   * dialog once the portal has failed, which resets the folder: pick it once the dialog
   * has settled.) */
  file = file_in (f, want_name);
  g_assert_true (ui_test_wait_until (chooser_has_file, chooser, 5000));
  {
    g_autoptr (GFile) folder = g_file_new_for_path (f->dir);
    ChooserWait wait = { chooser, file };

    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder,
                                                        &error));
    g_assert_no_error (error);
    g_assert_true (ui_test_wait_until (chooser_has_this_file, &wait, 5000));
  }
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  g_assert_null (_neurona_plot_get_file_chooser (f->plot));
  g_assert_null (_neurona_plot_get_error_dialog (f->plot));
  g_assert_true (g_file_query_exists (file, NULL));
}

static void
test_save_actions (Fixture *f, gconstpointer data)
{
  accept_into (f, NEURONA_PLOT_FORMAT_PNG, "Test accuracy.png");
  {
    g_autoptr (GFile) file = file_in (f, "Test accuracy.png");
    g_autoptr (GError) error = NULL;
    g_autoptr (GdkTexture) texture = gdk_texture_new_from_file (file, &error);

    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (texture), ==,
                     gtk_widget_get_width (GTK_WIDGET (f->plot)));
  }
  accept_into (f, NEURONA_PLOT_FORMAT_SVG, "Test accuracy.svg");

  /* Cancel writes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->plot), "plot.save-png", NULL));
  g_signal_emit_by_name (_neurona_plot_get_file_chooser (f->plot), "response",
                         GTK_RESPONSE_CANCEL);
  g_assert_null (_neurona_plot_get_file_chooser (f->plot));
}

int
main (int argc, char **argv)
{
  /* The file chooser (GTK's own dialog, without a portal) saves its settings: in memory
   * here, not through a dconf that Xvfb's session lacks. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* GTK's file chooser opens under Xvfb's pointer (the screen's centre) and starts a
   * tooltip timer there; when the test closes the dialog before it fires, GTK 4.8 shows the
   * tooltip on the destroyed surface (a fatal Gdk-CRITICAL). A user's pointer moves; park
   * the virtual one in a corner no dialog covers. */
  ui_test_park_pointer ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ui/plot/export/png-matches-screen", test_png_matches_screen);
  ADD ("/ui/plot/export/png-matches-screen-dark", test_png_matches_screen_dark);
  ADD ("/ui/plot/export/png-any-size", test_png_any_size);
  ADD ("/ui/plot/export/svg", test_svg);
  ADD ("/ui/plot/export/errors", test_export_errors);
  ADD ("/ui/plot/export/save-shows-error", test_save_shows_error);
  ADD ("/ui/plot/export/file-names", test_file_names);
  ADD ("/ui/plot/export/menu", test_menu);
  ADD ("/ui/plot/export/save-actions", test_save_actions);
#undef ADD

  return g_test_run ();
}
