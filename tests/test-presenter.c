/* test-presenter.c — the lab on a projector: Presenter mode (F11, the main menu) goes full
 * screen, shows the lesson large, thickens the plots' lines, switches to a high-contrast
 * palette and gives everything back when it ends; every zoom level up to 200 % reflows
 * inside a 1280 × 800 screen with the Model & Training page's plots still readable.
 *
 * Runs under Xvfb with GSK_RENDERER=cairo. With NEURONA_TEST_LANGUAGE=es (the
 * test-presenter-es suite entry) the same checks run in Spanish, whose tab titles are
 * longer.
 */
#include <gtk/gtk.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona-application.h"
#include "neurona-lesson-panel.h"
#include "neurona-plot.h"
#include "neurona-window.h"
#include "ui-test-util.h"

#define SCREEN_W 1280
#define SCREEN_H 800

typedef struct
{
  NeuronaApplication *app;
  NeuronaWindow *window;
} Fixture;

static const char *language = "en";

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  ui_test_open_window (&f->app, &f->window, "training");
  gtk_window_set_default_size (GTK_WINDOW (f->window), SCREEN_W, SCREEN_H);
  ui_test_wait_for_frame (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ui_test_close_window (&f->window, &f->app);
}

/* Lets a style change (a zoom class, the presenting class) reach the layout and a frame
 * be painted with it. */
static void
settle (GtkWidget *window)
{
  ui_test_spin_for (150);
  ui_test_wait_for_frame (window);
  ui_test_spin_for (50);
}

/* Every level and page is measured before the test fails, so its log lists them all. */
#define CHECK(failures, cond, ...)                                                          \
  G_STMT_START                                                                              \
  {                                                                                         \
    if (!(cond))                                                                            \
      {                                                                                     \
        g_string_append_printf (failures, __VA_ARGS__);                                     \
        g_string_append_c (failures, '\n');                                                 \
      }                                                                                     \
  }                                                                                         \
  G_STMT_END

/* The shown plots of a page keep their 200 px minimum (a plot given less is squashed). */
static void
check_page_plots (GtkWidget *page, GtkWidget *window, GString *failures, guint zoom,
                  const char *name)
{
  g_autoptr (GPtrArray) plots = ui_test_find_all (page, NEURONA_TYPE_PLOT);

  for (guint i = 0; i < plots->len; i++)
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (plots->pdata[i]))
        continue;
      g_assert_true (gtk_widget_compute_bounds (plots->pdata[i], window, &bounds));
      g_test_message ("%s zoom %u%% page %s: plot \"%s\" %.0f x %.0f", language, zoom, name,
                      neurona_plot_get_title (plots->pdata[i]), bounds.size.width,
                      bounds.size.height);
      CHECK (failures, bounds.size.height >= 200, "zoom %u%% page %s: plot %u is %.0f px high",
             zoom, name, i, bounds.size.height);
    }
}

static void
set_zoom_level (GtkWidget *window, guint level)
{
  gtk_widget_activate_action (window, "win.zoom-reset", NULL);
  for (guint i = 0; i < level; i++)
    g_assert_true (gtk_widget_activate_action (window, "win.zoom-in", NULL));
}

/* Zoom ---------------------------------------------------------------------------- */

/* The projector zoom levels of neurona-window.c, in order. */
static const guint zoom_percents[] = { 100, 115, 130, 150, 175, 200 };

/* Every zoom level: the window stays within a 1280 × 800 screen, the loss and accuracy
 * plots keep at least 200 px of height and lie inside the window, and no page is wider
 * than the window: none grows it, none scrolls sideways. */
static void
test_zoom_fits_screen (Fixture *f, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  NeuronaTrainPage *page = neurona_window_get_train_page (f->window);
  GtkWidget *plots[] = { GTK_WIDGET (neurona_train_page_get_loss_plot (page)),
                         GTK_WIDGET (neurona_train_page_get_accuracy_plot (page)) };
  AdwViewStack *stack = neurona_window_get_stack (f->window);
  static const char *const pages[] = { "data", "training", "predictions", "understand",
                                       "fit", "runs", "sweeps" };
  g_autoptr (GString) failures = g_string_new (NULL);

  for (guint z = 0; z < G_N_ELEMENTS (zoom_percents); z++)
    {
      char css_class[32], shot[64];

      set_zoom_level (window, z);
      g_snprintf (css_class, sizeof css_class, "zoom-%u", zoom_percents[z]);
      if (z > 0)
        g_assert_true (gtk_widget_has_css_class (window, css_class));
      for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
        {
          adw_view_stack_set_visible_child_name (stack, pages[p]);
          settle (window);
          g_test_message ("%s zoom %u%% page %s: window %d x %d", language, zoom_percents[z],
                          pages[p], gtk_widget_get_width (window),
                          gtk_widget_get_height (window));
          CHECK (failures, gtk_widget_get_width (window) <= SCREEN_W
                             && gtk_widget_get_height (window) <= SCREEN_H,
                 "zoom %u%% page %s: window %d x %d", zoom_percents[z], pages[p],
                 gtk_widget_get_width (window), gtk_widget_get_height (window));
          /* No page scrolls sideways: they reflow. */
          CHECK (failures,
                   gtk_widget_get_width (adw_view_stack_get_child_by_name (stack, pages[p]))
                     <= gtk_widget_get_width (window),
                   "zoom %u%% page %s is %d px wide, the window %d", zoom_percents[z], pages[p],
                   gtk_widget_get_width (adw_view_stack_get_child_by_name (stack, pages[p])),
                   gtk_widget_get_width (window));
          check_page_plots (adw_view_stack_get_child_by_name (stack, pages[p]), window, failures,
                            zoom_percents[z], pages[p]);
          if (zoom_percents[z] >= 150 || g_str_equal (pages[p], "training"))
            {
              g_snprintf (shot, sizeof shot, "presenter-%s-zoom-%u-%s.png", language,
                          zoom_percents[z], pages[p]);
              ui_test_save_screenshot (window, shot, NULL);
            }
        }

      adw_view_stack_set_visible_child_name (stack, "training");
      settle (window);
      for (guint i = 0; i < G_N_ELEMENTS (plots); i++)
        {
          graphene_rect_t bounds;

          g_assert_true (gtk_widget_compute_bounds (plots[i], window, &bounds));
          g_test_message ("%s zoom %u%%: %s plot %.0f x %.0f at y %.0f", language,
                          zoom_percents[z], i == 0 ? "loss" : "accuracy", bounds.size.width,
                          bounds.size.height, bounds.origin.y);
          CHECK (failures,
                 bounds.size.height >= 200 && bounds.size.width >= 300
                   && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (window)
                   && bounds.origin.x >= 0
                   && bounds.origin.x + bounds.size.width <= gtk_widget_get_width (window),
                 "zoom %u%%: plot %u is %.0f x %.0f at y %.0f", zoom_percents[z], i,
                 bounds.size.width, bounds.size.height, bounds.origin.y);
        }
    }
  set_zoom_level (window, 0);
  if (failures->len > 0)
    g_error ("%s", failures->str);
}

/* Presenter mode ------------------------------------------------------------------- */

static gboolean
is_fullscreen (gpointer window)
{
  return gtk_window_is_fullscreen (window);
}

static gboolean
is_not_fullscreen (gpointer window)
{
  return !gtk_window_is_fullscreen (window);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* F11 among the window's shortcuts, and what it activates. */
static char *
action_of_key (GtkWidget *widget, guint keyval)
{
  g_autoptr (GtkShortcutTrigger) want = gtk_keyval_trigger_new (keyval, 0);
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), want)
              && GTK_IS_NAMED_ACTION (action))
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }
  return NULL;
}

/* Every plot of the window has this line scale and high-contrast setting; returns how
 * many plots there are. */
static guint
assert_plots_look (GtkWidget *window, double line_scale, gboolean high_contrast)
{
  g_autoptr (GPtrArray) plots = ui_test_find_all (window, NEURONA_TYPE_PLOT);

  for (guint i = 0; i < plots->len; i++)
    {
      g_assert_cmpfloat_with_epsilon (neurona_plot_get_line_scale (plots->pdata[i]), line_scale,
                                      1e-9);
      g_assert_cmpint (neurona_plot_get_high_contrast (plots->pdata[i]), ==, high_contrast);
    }
  return plots->len;
}

/* The lesson step's title: the panel's one .title-4 label. */
static GtkWidget *
step_title_of (GtkWidget *panel)
{
  g_autoptr (GPtrArray) labels = ui_test_find_all (panel, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "title-4"))
      return labels->pdata[i];
  g_assert_not_reached ();
}

static void
test_presenter_mode (Fixture *f, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *panel = GTK_WIDGET (neurona_window_get_lesson_panel (f->window));
  GtkWidget *title = step_title_of (panel);
  g_autofree char *f11 = action_of_key (window, GDK_KEY_F11);
  int title_height, presenting_title_height;
  gboolean fullscreen;
  guint n_plots;
  char shot[64];

  g_assert_cmpstr (f11, ==, "win.presenter-mode");
  g_assert_false (neurona_window_get_presenting (f->window));
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  /* The lesson's title at the normal size, measured in the open panel. */
  g_object_set (window, "show-lessons", TRUE, NULL);
  g_assert_true (ui_test_wait_until (is_mapped, title, 3000));
  settle (window);
  title_height = gtk_widget_get_height (title);
  g_object_set (window, "show-lessons", FALSE, NULL);
  settle (window);
  n_plots = assert_plots_look (window, 1.0, FALSE);
  g_assert_cmpuint (n_plots, >=, 8); /* train, fit, runs and sweeps pages */

  /* F11's action on: full screen, the lesson large, zoom, thick lines, high contrast. */
  g_assert_true (gtk_widget_activate_action (window, f11, NULL));
  g_assert_true (neurona_window_get_presenting (f->window));
  g_assert_true (gtk_widget_has_css_class (window, "presenting"));
  g_assert_true (gtk_widget_has_css_class (window, "zoom-150"));
  fullscreen = ui_test_wait_until (is_fullscreen, window, 3000);
  if (!fullscreen)
    g_test_message ("the X server (no window manager) did not make the window full screen: "
                    "the presenting state is checked instead");
  g_assert_true (neurona_lesson_panel_get_presenting (NEURONA_LESSON_PANEL (panel)));
  g_assert_true (gtk_widget_has_css_class (panel, "presenting"));
  g_assert_true (ui_test_wait_until (is_mapped, title, 3000));
  settle (window);
  presenting_title_height = gtk_widget_get_height (title);
  g_test_message ("lesson title %d px high, %d px presenting; panel %d px wide", title_height,
                  presenting_title_height, gtk_widget_get_width (panel));
  /* 150 % zoom times the panel's own 125 % and the title's 150 %. */
  g_assert_cmpint (presenting_title_height, >=, title_height * 2);
  g_assert_cmpint (gtk_widget_get_width (panel), >=, 480);
  g_assert_cmpuint (assert_plots_look (window, 2.0, TRUE), ==, n_plots);
  g_snprintf (shot, sizeof shot, "presenter-%s-presenting.png", language);
  ui_test_save_screenshot (window, shot, NULL);

  /* Zooming further while presenting, then F11 again: everything as it was. */
  g_assert_true (gtk_widget_activate_action (window, "win.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (window, f11, NULL));
  g_assert_false (neurona_window_get_presenting (f->window));
  g_assert_false (gtk_widget_has_css_class (window, "presenting"));
  g_assert_false (gtk_widget_has_css_class (window, "zoomed"));
  g_assert_false (gtk_widget_has_css_class (window, "zoom-175"));
  g_assert_false (gtk_widget_has_css_class (panel, "presenting"));
  g_assert_true (ui_test_wait_until (is_not_fullscreen, window, 3000));
  g_assert_cmpuint (assert_plots_look (window, 1.0, FALSE), ==, n_plots);
  g_object_get (window, "show-lessons", &fullscreen, NULL);
  g_assert_false (fullscreen); /* closed before, closed again */
  settle (window);
  g_assert_cmpint (gtk_widget_get_width (window), <=, SCREEN_W);
  g_assert_cmpint (gtk_widget_get_height (window), <=, SCREEN_H);
}

/* The menu item is the same action, and the open Lessons panel stays open afterwards. */
static void
test_presenter_keeps_open_lessons (Fixture *f, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  gboolean shown = FALSE;

  g_object_set (window, "show-lessons", TRUE, NULL);
  gtk_widget_activate_action (window, "win.zoom-in", NULL);
  gtk_widget_activate_action (window, "win.zoom-in", NULL);
  gtk_widget_activate_action (window, "win.zoom-in", NULL);
  gtk_widget_activate_action (window, "win.zoom-in", NULL); /* 175 % */
  g_assert_true (gtk_widget_activate_action (window, "win.presenter-mode", NULL));
  /* A zoom above the presenter's stays. */
  g_assert_true (gtk_widget_has_css_class (window, "zoom-175"));
  settle (window);
  g_assert_true (gtk_widget_activate_action (window, "win.presenter-mode", NULL));
  g_object_get (window, "show-lessons", &shown, NULL);
  g_assert_true (shown);
  g_assert_true (gtk_widget_has_css_class (window, "zoom-175"));
}

/* Without a session bus GtkApplication warns once; that is the test machine, not us. */
static gboolean
ignore_bus_warning (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  return strstr (message, "session bus") == NULL;
}

int
main (int argc, char **argv)
{
  g_autofree char *subset = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (g_strcmp0 (g_getenv ("NEURONA_TEST_LANGUAGE"), "es") == 0)
    {
      language = "es";
      g_setenv ("LANGUAGE", "es", TRUE);
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    }
  gtk_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (ignore_bus_warning, NULL);
  if (g_str_equal (language, "es"))
    {
      const char *locale_dir = g_getenv ("NEURONA_LOCALEDIR");

      /* gtk_test_init() sets an English locale: Spanish from here on (as test-i18n). */
      g_assert_nonnull (setlocale (LC_ALL, ""));
      g_assert_nonnull (locale_dir);
      bindtextdomain (GETTEXT_PACKAGE, locale_dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  subset = g_build_filename (nr_project_data_dir (), "subset", NULL);
  g_setenv ("NEURONA_DATA_DIR", subset, TRUE);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ui/presenter/zoom-fits-screen", test_zoom_fits_screen);
  ADD ("/ui/presenter/mode", test_presenter_mode);
  ADD ("/ui/presenter/keeps-open-lessons", test_presenter_keeps_open_lessons);
#undef ADD

  return g_test_run ();
}
