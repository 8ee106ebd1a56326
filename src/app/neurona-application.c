/* neurona-application.c — the AdwApplication: app actions, accelerators and the About
 * window.
 *
 * AdwApplication does the rest: it loads style.css from the application's resource base
 * path (/io/github/neurona/Neurona/), and its AdwStyleManager (color scheme "default")
 * follows the desktop's dark and high-contrast styles, from the settings portal when one
 * answers and otherwise from org.gnome.desktop.interface color-scheme and
 * org.gnome.desktop.a11y.interface high-contrast. */
#include <glib/gi18n.h>

#include "neurona-application.h"
#include "neurona-window.h"

struct _NeuronaApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (NeuronaApplication, neurona_application, ADW_TYPE_APPLICATION)

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NeuronaApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Neurona contributors", NULL };
  GtkWidget *about;

  /* The facts of data/io.github.neurona.Neurona.metainfo.xml.in: its developer, homepage,
   * bug tracker and project licence. */
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "modal", TRUE,
                        "application-name", "Neurona",
                        "application-icon", "io.github.neurona.Neurona",
                        "version", PACKAGE_VERSION,
                        "developer-name", "The Neurona developers",
                        "comments", _("Train your first neural network by clicking: "
                                      "browse MNIST and Fashion-MNIST, build a small "
                                      "network, watch it learn."),
                        "website", "https://github.com/neurona/neurona",
                        "issue-url", "https://github.com/neurona/neurona/issues",
                        "developers", developers,
                        /* Translators: your names, one a line, shown in About; keep it
                         * "translator-credits" to show none. */
                        "translator-credits", _("translator-credits"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Neurona contributors",
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NeuronaApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr (GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource ("/io/github/neurona/Neurona/neurona-shortcuts.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts"));
  gtk_window_set_transient_for (shortcuts, window);
  gtk_window_present (shortcuts);
}

static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NeuronaApplication *self = user_data;
  GList *windows;

  /* Closing each window stops its training run cleanly before the loop ends. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "shortcuts", .activate = shortcuts_action },
  { .name = "quit", .activate = quit_action },
};

static void
neurona_application_startup (GApplication *app)
{
  GtkApplication *gtk_app = GTK_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[4];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "win.train", { "<Control>Return", "<Control>KP_Enter", NULL } },
    { "win.stop", { "Escape", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
    { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
    { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
  };

  G_APPLICATION_CLASS (neurona_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_app, accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name ("io.github.neurona.Neurona");
}

static void
neurona_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (neurona_window_new (NEURONA_APPLICATION (app)));
  gtk_window_present (window);
}

/* --version and --data-dir, handled in the launching process before anything starts. */
static int
neurona_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  const char *data_dir = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("Neurona %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    {
      if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *name = g_filename_display_name (data_dir);

          g_printerr (_("neurona: %s is not a folder\n"), name);
          return 2;
        }
      /* The core's dataset lookup reads it, as neurona-cli's --data-dir. */
      g_setenv ("NEURONA_DATA_DIR", data_dir, TRUE);
    }
  return -1;
}

static void
neurona_application_class_init (NeuronaApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = neurona_application_startup;
  app_class->activate = neurona_application_activate;
  app_class->handle_local_options = neurona_application_handle_local_options;
}

static void
neurona_application_init (NeuronaApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Read the datasets' IDX files from DIR (or its mnist/ and fashion/ folders)"),
      N_("DIR") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

NeuronaApplication *
neurona_application_new (void)
{
  /* Without a GPU, GTK's GL renderer runs on Mesa's llvmpipe, which rasterises on every
   * core and so took the training worker's core: training in the window ran 48 % slower
   * than in neurona-cli (tests/bench/bench-window). One rasteriser thread draws this
   * window fast enough and leaves the other core to training (the cost is then within
   * noise). Set before any GL context exists; hardware drivers ignore it and a user's own
   * setting wins. */
  g_setenv ("LP_NUM_THREADS", "1", FALSE);

  /* With no GPU at all (no DRM render devices) GL can only be Mesa's software llvmpipe,
   * which for this 2D window costs 65 MB more than the cairo renderer (an empty GTK window:
   * 151 MB against 87 MB here) and draws no faster. A user's GSK_RENDERER still wins. */
  if (!g_file_test ("/dev/dri", G_FILE_TEST_IS_DIR))
    g_setenv ("GSK_RENDERER", "cairo", FALSE);

  return g_object_new (NEURONA_TYPE_APPLICATION,
                       "application-id", "io.github.neurona.Neurona",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
