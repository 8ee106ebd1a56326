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
  GtkStack *stack = neurona_window_get_stack (NEURONA_WINDOW (window));

  /* Not half-way through the stack's crossfade. */
  for (gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
       gtk_stack_get_transition_running (stack) && g_get_monotonic_time () < end;)
    ui_test_spin_for (10);
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

static void
dbg_tree (GtkWidget *w, int depth, int max_depth)
{
  int mw, mh;

  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &mw, NULL, NULL, NULL);
  gtk_widget_measure (w, GTK_ORIENTATION_VERTICAL, -1, &mh, NULL, NULL, NULL);
  g_test_message ("TREE %*s%s %s min %d x %d", depth * 2, "", G_OBJECT_TYPE_NAME (w),
                  gtk_widget_get_name (w), mw, mh);
  if (depth < max_depth)
    for (GtkWidget *k = gtk_widget_get_first_child (w); k; k = gtk_widget_get_next_sibling (k))
      dbg_tree (k, depth + 1, max_depth);
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
 * than the window (a page that would be wider makes the window grow). */
static void
test_zoom_fits_screen (Fixture *f, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  NeuronaTrainPage *page = neurona_window_get_train_page (f->window);
  GtkWidget *plots[] = { GTK_WIDGET (neurona_train_page_get_loss_plot (page)),
                         GTK_WIDGET (neurona_train_page_get_accuracy_plot (page)) };
  GtkStack *stack = neurona_window_get_stack (f->window);
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
      if (g_getenv ("PRESENTER_DEBUG"))
        {
          int mw, mh;
          GtkWidget *tb = gtk_window_get_titlebar (GTK_WINDOW (window));
          settle (window);
          gtk_widget_measure (tb, GTK_ORIENTATION_HORIZONTAL, -1, &mw, NULL, NULL, NULL);
          gtk_widget_measure (tb, GTK_ORIENTATION_VERTICAL, -1, &mh, NULL, NULL, NULL);
          g_test_message ("DBG %u header min %d x %d", zoom_percents[z], mw, mh);
          for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
            {
              GtkWidget *c = gtk_stack_get_child_by_name (stack, pages[p]);
              gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &mw, NULL, NULL, NULL);
              gtk_widget_measure (c, GTK_ORIENTATION_VERTICAL, -1, &mh, NULL, NULL, NULL);
              g_test_message ("DBG %u page %s min %d x %d", zoom_percents[z], pages[p], mw, mh);
              for (GtkWidget *k = gtk_widget_get_first_child (c); k; k = gtk_widget_get_next_sibling (k))
                {
                  int kw, kh;
                  gtk_widget_measure (k, GTK_ORIENTATION_HORIZONTAL, -1, &kw, NULL, NULL, NULL);
                  gtk_widget_measure (k, GTK_ORIENTATION_VERTICAL, -1, &kh, NULL, NULL, NULL);
                  g_test_message ("DBG    %s min %d x %d", G_OBJECT_TYPE_NAME (k), kw, kh);
                }
            }
        }
      if (g_getenv ("PRESENTER_TREE") && z == G_N_ELEMENTS (zoom_percents) - 1)
        dbg_tree (gtk_stack_get_child_by_name (stack, g_getenv ("PRESENTER_TREE")), 0, 6);
      for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
        {
          gtk_stack_set_visible_child_name (stack, pages[p]);
          settle (window);
          g_test_message ("%s zoom %u%% page %s: window %d x %d", language, zoom_percents[z],
                          pages[p], gtk_widget_get_width (window),
                          gtk_widget_get_height (window));
          CHECK (failures, gtk_widget_get_width (window) <= SCREEN_W
                             && gtk_widget_get_height (window) <= SCREEN_H,
                 "zoom %u%% page %s: window %d x %d", zoom_percents[z], pages[p],
                 gtk_widget_get_width (window), gtk_widget_get_height (window));
          if (g_str_equal (pages[p], "training") || g_str_equal (pages[p], "data"))
            {
              g_snprintf (shot, sizeof shot, "presenter-%s-zoom-%u-%s.png", language,
                          zoom_percents[z], pages[p]);
              ui_test_save_screenshot (window, shot, NULL);
            }
        }

      gtk_stack_set_visible_child_name (stack, "training");
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
#undef ADD

  return g_test_run ();
}
