/* test-i18n.c — the lab in Spanish: the build tree's catalogue is found, the window's
 * labels, page titles, plural and printf strings read in Spanish with the tutorial's
 * words, the core's untranslated names (Fashion-MNIST classes, dataset titles, data
 * sources) all have a translation, the core's messages read in Spanish and every file that
 * marks strings is in POTFILES, no two controls of one page share a mnemonic, and
 * every page fits 1100 × 760 and 1024 × 768 with the longer Spanish labels.
 *
 * Runs under Xvfb with GSK_RENDERER=cairo. LANGUAGE=es with LC_ALL=C.UTF-8 selects the
 * Spanish messages without needing a generated es_ES locale (glibc ignores LANGUAGE only
 * in the "C" locale); NEURONA_LOCALEDIR (set by tests/meson.build) is the build tree's
 * data/po, where meson compiles es/LC_MESSAGES/neurona.mo. Screenshots go to
 * $NEURONA_SCREENSHOT_DIR as i18n-es-<page>-<width>x<height>.png.
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona-application.h"
#include "neurona-dataset-browser.h"
#include "neurona-model-panel.h"
#include "neurona-run-item.h"
#include "neurona-train-page.h"
#include "neurona-window.h"
#include "ui-test-util.h"

/* Helpers ------------------------------------------------------------------------- */

static gboolean
drop_down_lists (GtkWidget *root, const char *item)
{
  g_autoptr (GPtrArray) all = ui_test_find_all (root, GTK_TYPE_DROP_DOWN);

  for (guint i = 0; i < all->len; i++)
    {
      GListModel *model = gtk_drop_down_get_model (all->pdata[i]);

      if (!GTK_IS_STRING_LIST (model))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (model); k++)
        if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), k), item) == 0)
          return TRUE;
    }
  return FALSE;
}

/* Fixture: the main window on the Model & Training page, dataset loaded ------------ */

typedef struct
{
  NeuronaApplication *app;
  NeuronaWindow *window;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  ui_test_open_window (&f->app, &f->window, "training");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ui_test_close_window (&f->window, &f->app);
}

/* Tests --------------------------------------------------------------------------- */

/* Everything below depends on it: the build tree's catalogue is bound and selected. */
static void
test_catalogue_found (void)
{
  g_assert_cmpstr (_("_Train"), ==, "_Entrenar");
  g_assert_cmpstr (_("Accuracy"), ==, "Precisión");
  g_assert_cmpstr (_("Loss"), ==, "Pérdida");
  g_assert_cmpstr (_("Epoch"), ==, "Época");
}

/* Spanish plural forms (n != 1) pick the right form, 0 included, and keep the printf
 * placeholders. */
static void
test_plurals (void)
{
  g_autofree char *one = NULL;
  g_autofree char *many = NULL;

  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%s parameter", "%s parameters", 1), ==,
                   "%s parámetro");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%s parameter", "%s parameters", 0), ==,
                   "%s parámetros");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%s mistake", "%s mistakes", 2), ==,
                   "%s errores");
  one = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Test accuracy: %.4f · test loss: %.4f · %u epoch in %s",
                                      "Test accuracy: %.4f · test loss: %.4f · %u epochs in %s",
                                      1),
                         0.5, 1.25, 1u, "3 s");
  g_assert_cmpstr (one, ==, "Precisión en la prueba: 0.5000 · pérdida en la prueba: 1.2500 · "
                            "1 época en 3 s");
  many = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u iteration per frame",
                                       "%u iterations per frame", 50),
                          50u);
  g_assert_cmpstr (many, ==, "50 iteraciones por fotograma");
}

/* The core hands the app English names that the app passes through _(): each must be in
 * the catalogue (data/po/neurona-core-strings.c lists them for xgettext). A class renamed
 * in src/core/dataset.c without updating that list fails here. */
static void
test_core_names_translated (void)
{
  static const char *const tutorial_classes[] = {
    "Camiseta/top", "Pantalón", "Jersey",    "Vestido", "Abrigo",
    "Sandalia",     "Camisa",   "Zapatilla", "Bolso",   "Bota de tobillo",
  };
  const NrDatasetInfo *fashion = nr_dataset_info (NR_DATASET_FASHION_MNIST);

  g_assert_cmpuint (fashion->n_classes, ==, G_N_ELEMENTS (tutorial_classes));
  for (guint k = 0; k < fashion->n_classes; k++)
    g_assert_cmpstr (_(fashion->class_names[k]), ==, tutorial_classes[k]);
  for (guint id = 0; id < NR_N_DATASETS; id++)
    {
      const char *title = nr_dataset_info (id)->title;

      /* "Fashion-MNIST" is a name and stays; any other title is translated. */
      if (g_strcmp0 (title, "Fashion-MNIST") != 0)
        g_assert_cmpstr (_(title), !=, title);
    }
  g_assert_cmpstr (_(nr_dataset_info (NR_DATASET_MNIST)->title), ==, "Dígitos MNIST");
  for (NrDataSource s = NR_DATA_SOURCE_EXPLICIT; s <= NR_DATA_SOURCE_BUNDLED; s++)
    {
      const char *where = nr_data_source_describe (s);

      g_test_message ("%s → %s", where, _(where));
      g_assert_cmpstr (_(where), !=, where);
    }
}

/* A run neurona-cli saved (it names runs in English) shows its default name in Spanish;
 * a name someone typed stays as typed. */
static void
test_cli_run_names_translated (void)
{
  NrTrainConfig config;
  g_autoptr (NeuronaRunItem) cli_run = NULL;
  g_autoptr (NeuronaRunItem) named = NULL;
  NrRunRecord *record;

  nr_train_config_init (&config);
  config.model.hidden[0].units = 28;
  config.epochs = 1;
  record = nr_run_record_new (NR_DATASET_FASHION_MNIST, &config, 100, 50, 1795752020);
  nr_run_record_set_name (record, "28 relu · 1 epoch");
  g_assert_true (nr_run_record_name_is_default (record));
  cli_run = neurona_run_item_new (record, 1);
  g_assert_cmpstr (neurona_run_item_get_name (cli_run), ==, "28 relu · 1 época");

  record = nr_run_record_new (NR_DATASET_FASHION_MNIST, &config, 100, 50, 1795752020);
  nr_run_record_set_name (record, "28 relu · 1 epoch (la de Ana)");
  g_assert_false (nr_run_record_name_is_default (record));
  named = neurona_run_item_new (record, 2);
  g_assert_cmpstr (neurona_run_item_get_name (named), ==, "28 relu · 1 epoch (la de Ana)");
}

/* Every source file that marks strings is in data/po/POTFILES, or its strings would
 * silently stay English: the lab's, the core's (its messages) and neurona-cli's. A C file
 * marks a string when a literal is the argument of _(), N_(), C_(), NC_() or ngettext (),
 * or the message of g_dgettext () and its kin; "xavier_uniform_(" in the code the core
 * writes is no mark. */
static void
test_potfiles_complete (void)
{
  static const struct {
    const char *dir, *suffix;
  } kinds[] = {
    { "src/app", ".c" }, { "src/app", ".h" },   { "src/core", ".c" }, { "src/core", ".h" },
    { "src/cli", ".c" }, { "src/cli", ".h" },   { "ui", ".ui" },
  };
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "..", NULL);
  g_autofree char *potfiles_path = g_build_filename (root, "data", "po", "POTFILES", NULL);
  g_autofree char *potfiles = NULL;
  g_auto (GStrv) listed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRegex) c_mark = g_regex_new ("(?<![A-Za-z0-9_])(?:N?C?_|Q_|ngettext)\\s*\\(\\s*\""
                                           "|g_d(?:c|n|p)?gettext2?\\s*\\([^,;]*,\\s*\"",
                                           G_REGEX_OPTIMIZE, 0, &error);
  guint n_marking = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (potfiles_path, &potfiles, NULL, &error));
  g_assert_no_error (error);
  listed = g_strsplit (potfiles, "\n", -1);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *dir_path = g_build_filename (root, kinds[k].dir, NULL);
      g_autoptr (GDir) dir = g_dir_open (dir_path, 0, &error);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = NULL;
          g_autofree char *text = NULL;
          g_autofree char *relative = NULL;
          gboolean marks;

          if (!g_str_has_suffix (name, kinds[k].suffix))
            continue;
          path = g_build_filename (dir_path, name, NULL);
          g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
          marks = g_str_equal (kinds[k].suffix, ".ui")
                    ? strstr (text, "translatable=\"yes\"") != NULL
                    : g_regex_match (c_mark, text, 0, NULL);
          if (!marks)
            continue;
          n_marking++;
          relative = g_strconcat (kinds[k].dir, "/", name, NULL);
          if (!g_strv_contains ((const char *const *) listed, relative))
            g_error ("%s marks strings for translation but is not in data/po/POTFILES",
                     relative);
        }
    }
  /* The core's messages and neurona-cli's are among them. */
  g_assert_true (g_strv_contains ((const char *const *) listed, "src/core/model.c"));
  g_assert_true (g_strv_contains ((const char *const *) listed, "src/cli/main.c"));
  g_assert_cmpuint (n_marking, >, 30);
}

/* The core's own messages, which the lab shows as they come (a refusal, a load error, the
 * curve fit's notes), read in Spanish: tests/test-core-i18n.c checks them in full. */
static void
test_core_messages_translated (void)
{
  g_autoptr (GError) error = NULL;
  NrTrainConfig config;

  nr_train_config_init (&config);
  config.model.outputs = 5;
  g_assert_false (nr_train_config_check (&config, 10, &error));
  g_assert_true (g_str_has_prefix (error->message, "el valor de etiqueta 9 está fuera del "
                                                   "intervalo válido [0, 5)."));
}

/* The controls, page titles and format strings of the window read in Spanish. */
static void
test_window_in_spanish (Fixture *f, gconstpointer data)
{
  AdwViewStack *stack = neurona_window_get_stack (f->window);
  GtkWidget *panel = GTK_WIDGET (neurona_window_get_model_panel (f->window));
  NeuronaTrainPage *page = neurona_window_get_train_page (f->window);
  GtkLabel *train;

  /* Page titles (the header's switcher) */
  g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (stack,
                     adw_view_stack_get_child_by_name (stack, "data"))), ==, "Datos");
  g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (stack,
                     adw_view_stack_get_child_by_name (stack, "training"))), ==,
                   "Modelo y entrenamiento");
  g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (stack,
                     adw_view_stack_get_child_by_name (stack, "fit"))), ==, "Ajuste de curvas");
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f->window), "Modelo y entrenamiento"));

  /* Controls, with their mnemonics */
  train = ui_test_find_label (GTK_WIDGET (page), "Entrenar");
  g_assert_nonnull (train);
  g_assert_cmpstr (gtk_label_get_label (train), ==, "_Entrenar");
  g_assert_cmpuint (gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (train)), ==, GDK_KEY_e);
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (page), "Detener"));
  g_assert_nonnull (ui_test_find_label (panel, "Neuronas")); /* "Hidden units" */
  g_assert_nonnull (ui_test_find_label (panel, "Activación"));
  g_assert_nonnull (ui_test_find_label (panel, "Tasa de aprendizaje"));
  g_assert_nonnull (ui_test_find_label (panel, "Tamaño del lote"));
  g_assert_nonnull (ui_test_find_label (panel, "Épocas"));
  g_assert_nonnull (ui_test_find_label (panel, "Capas"));

  /* Format strings with numbers in them: the parameter counts, the dataset line with the
   * core's data source, the hidden layer's card title, the status line. */
  /* C.UTF-8 has no thousands separator: the app groups with a comma then. */
  g_assert_nonnull (ui_test_find_label_containing (panel, "Parámetros en total: 101,770"));
  g_assert_nonnull (ui_test_find_label_containing (panel, "100,480 parámetros"));
  g_assert_nonnull (ui_test_find_label_containing (panel, "Dense · capa oculta 1"));
  g_assert_nonnull (ui_test_find_label_containing (panel, "imágenes de entrenamiento y"));
  g_assert_nonnull (ui_test_find_label_containing (panel, "en la carpeta indicada con --data-dir"));
  g_assert_cmpstr (neurona_train_page_get_status_text (page), ==,
                   "Listo para entrenar con Fashion-MNIST: pulsa Entrenar (Ctrl+Intro).");

  /* The Data page's class list uses the tutorial's Spanish class names. */
  g_assert_true (drop_down_lists (adw_view_stack_get_child_by_name (stack, "data"),
                                  "Bota de tobillo"));
  g_assert_true (drop_down_lists (adw_view_stack_get_child_by_name (stack, "data"), "Camiseta/top"));

  /* The whole model panel, the part below the fold included. */
  ui_test_save_screenshot (panel, "i18n-es-model-panel.png", &(GdkRGBA) { 0.98, 0.98, 0.98, 1 });
}

/* Alt+letter reaches one control per page: no two mnemonics of a page (plus the window's
 * own, such as Retry) share a letter. */
static void
test_mnemonics_unique_per_page (Fixture *f, gconstpointer data)
{
  ui_test_assert_unique_mnemonics (f->window, 2);
}

static gboolean
not_training (gpointer data)
{
  return !neurona_window_get_training (data);
}

/* A one-epoch run: the printf strings filled while training and at its end (the Keras
 * progress line, the epoch log, the singular "1 época" of the outcome) read in Spanish. */
static void
test_trained_in_spanish (Fixture *f, gconstpointer data)
{
  GtkWidget *panel = GTK_WIDGET (neurona_window_get_model_panel (f->window));
  NeuronaTrainPage *page = neurona_window_get_train_page (f->window);
  GtkWidget *epochs = ui_test_find_control (panel, "Épocas", 0);
  const char *status;
  GtkWidget *metrics;
  g_autoptr (GPtrArray) expanders = NULL;
  double accuracy;

  g_assert_true (GTK_IS_SPIN_BUTTON (epochs));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (epochs), 1);
  neurona_window_set_limits (f->window, 3000, 1000);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 768);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));

  /* "Precisión en la prueba: 0.7xxx · pérdida en la prueba: 0.6xxx · 1 época en 0.42 s" */
  status = neurona_train_page_get_status_text (page);
  g_test_message ("status: %s", status);
  g_assert_true (g_str_has_prefix (status, "Precisión en la prueba: "));
  accuracy = g_ascii_strtod (status + strlen ("Precisión en la prueba: "), NULL);
  g_assert_cmpfloat (accuracy, >, 0.5);
  g_assert_cmpfloat (accuracy, <=, 1.0);
  g_assert_nonnull (strstr (status, " · pérdida en la prueba: "));
  g_assert_nonnull (strstr (status, " · 1 época en "));

  /* Keras' lines: "… - pérdida: 0.xxxx - precisión: 0.xxxx - pérdida de prueba: …" */
  g_assert_nonnull (ui_test_find_text_containing (GTK_WIDGET (page), "Época 1/1"));
  /* The epoch log, its expander opened */
  expanders = ui_test_find_all (GTK_WIDGET (page), GTK_TYPE_EXPANDER);
  g_assert_cmpuint (expanders->len, ==, 1);
  g_assert_cmpstr (gtk_expander_get_label (expanders->pdata[0]), ==, "Re_gistro de épocas");
  gtk_expander_set_expanded (expanders->pdata[0], TRUE);
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (page), "Época 1/1: "));
  metrics = ui_test_find_text_containing (GTK_WIDGET (page), "/paso - pérdida: ");
  g_assert_nonnull (metrics);
  g_test_message ("progress line: %s", ui_test_text_of (metrics));
  g_assert_nonnull (strstr (ui_test_text_of (metrics), " - precisión: "));
  g_assert_nonnull (strstr (ui_test_text_of (metrics), "prueba"));

  /* At 1024 × 768 the progress line shows its last figure, the test accuracy, in full. */
  ui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (ui_test_text_fits (metrics));
  ui_test_save_screenshot (GTK_WIDGET (f->window), "i18n-es-trained-1024x768.png", NULL);
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (f->window), "predictions");
  ui_test_spin_for (500);
  ui_test_wait_for_frame (GTK_WIDGET (f->window));
  ui_test_save_screenshot (GTK_WIDGET (f->window), "i18n-es-trained-predictions-1024x768.png",
                           NULL);
}

/* The tutorial's step 7 in the Spanish lab: the 5-outputs preset is refused with the
 * core's message, in Spanish, in the model panel and in the train page's status. */
static void
test_refusal_in_spanish (Fixture *f, gconstpointer data)
{
  NeuronaModelPanel *panel = neurona_window_get_model_panel (f->window);
  NeuronaTrainPage *page = neurona_window_get_train_page (f->window);
  const char *refusal = "el valor de etiqueta 9 está fuera del intervalo válido [0, 5). La capa "
                        "de salida necesita al menos 10 neuronas para este conjunto de datos.";
  g_autofree char *status = NULL;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  g_assert_true (neurona_model_panel_apply_preset (panel, "outputs-5"));
  ui_test_spin_for (100);
  g_assert_cmpstr (neurona_model_panel_get_error_message (panel), ==, refusal);
  status = g_strdup (neurona_train_page_get_status_text (page));
  g_test_message ("status: %s", status);
  g_assert_nonnull (strstr (status, refusal));
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (panel), "el valor de etiqueta 9"));
  ui_test_wait_for_frame (GTK_WIDGET (f->window));
  ui_test_save_screenshot (GTK_WIDGET (f->window), "i18n-es-refusal-outputs-5.png", NULL);
}

/* A folder without the dataset: the window's message, the core's reason inside it
 * included, reads in Spanish. */
static void
test_load_error_in_spanish (void)
{
  g_autoptr (NeuronaApplication) app = neurona_application_new ();
  g_autofree char *saved = g_strdup (g_getenv ("NEURONA_DATA_DIR"));
  g_autofree char *empty = g_dir_make_tmp ("neurona-empty-XXXXXX", NULL);
  g_autofree char *reason = NULL;
  NeuronaWindow *window;
  GtkLabel *message = NULL;

  g_setenv ("NEURONA_DATA_DIR", empty, TRUE);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = neurona_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  adw_view_stack_set_visible_child_name (neurona_window_get_stack (window), "training");
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_mapped (GTK_WIDGET (window));
  for (gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       (message = ui_test_find_label_containing (GTK_WIDGET (window), "No se pudo cargar")) == NULL
       && g_get_monotonic_time () < end;)
    ui_test_spin_for (10);
  g_assert_nonnull (message);
  g_test_message ("%s", gtk_label_get_text (message));
  reason = g_strdup_printf ("no hay archivos de Fashion-MNIST (train-images-idx3-ubyte[.gz] y los "
                            "otros tres) en %s/fashion, %s/fashion-mnist, %s",
                            empty, empty, empty);
  g_assert_nonnull (strstr (gtk_label_get_text (message), reason));
  ui_test_spin_for (400); /* the message slides in */
  ui_test_save_screenshot (GTK_WIDGET (window), "i18n-es-load-error.png", NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin_for (20);
  g_assert_null (window);
  g_setenv ("NEURONA_DATA_DIR", saved, TRUE);
  g_rmdir (empty);
}

static gboolean
window_within (NeuronaWindow *window, int width, int height)
{
  return gtk_widget_get_width (GTK_WIDGET (window)) <= width
         && gtk_widget_get_height (GTK_WIDGET (window)) <= height;
}

/* Each page at the given window size: the window keeps that size (no Spanish label
 * forces it wider or taller) and no control's label is cut short with an ellipsis. */
static void
check_pages_fit (Fixture *f, int width, int height)
{
  static const char *const pages[] = { "data", "training", "predictions", "fit" };
  AdwViewStack *stack = neurona_window_get_stack (f->window);

  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min_width;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      g_test_message ("page %s needs %d px",
                      adw_view_stack_page_get_name (adw_view_stack_get_page (stack, child)), min_width);
    }
  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      g_autofree char *shot = g_strdup_printf ("i18n-es-%s-%dx%d.png", pages[p], width, height);
      g_autoptr (GPtrArray) labels = NULL;
      gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

      adw_view_stack_set_visible_child_name (stack, pages[p]);
      while (!window_within (f->window, width, height) && g_get_monotonic_time () < end)
        ui_test_spin_for (10);
      ui_test_wait_for_frame (GTK_WIDGET (f->window));
      /* Saved before the checks, to show what failed. */
      ui_test_save_screenshot (GTK_WIDGET (f->window), shot, NULL);
      /* The default size counts the client-side frame too. */
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, width);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, height);

      labels = ui_test_find_all (adw_view_stack_get_visible_child (stack), GTK_TYPE_LABEL);
      for (guint i = 0; i < labels->len; i++)
        {
          GtkLabel *label = labels->pdata[i];

          if (!gtk_widget_get_mapped (GTK_WIDGET (label)))
            continue;
          if (pango_layout_is_ellipsized (gtk_label_get_layout (label)))
            {
              /* A control's label must read in full; longer texts may ellipsize. */
              g_test_message ("%s: ellipsized: %s", pages[p], gtk_label_get_text (label));
              g_assert_false (gtk_label_get_use_underline (label));
            }
        }
    }
}

/* The Data page's figure in Spanish at 1024 × 768: the 5 × 5 of the first 25 images, the
 * 2 × 5's message with the tutorial's own ValueError, and the Grid… popover's mnemonics
 * (a namespace of their own) all different. */
static void
test_data_figure_in_spanish (Fixture *f, gconstpointer data)
{
  static const char *const want =
    "Una cuadrícula de 2 × 5 tiene 10 lugares, que no bastan para 25 imágenes: "
    "subplot(2, 5, 11) de matplotlib se detiene con «num debe ser 1 <= num <= 10, no 11». "
    "Usa 5 filas, o menos imágenes.";
  AdwViewStack *stack = neurona_window_get_stack (f->window);
  GtkWidget *page = adw_view_stack_get_child_by_name (stack, "data");
  g_autoptr (GPtrArray) browsers = ui_test_find_all (page, NEURONA_TYPE_DATASET_BROWSER);
  g_autoptr (GPtrArray) buttons = ui_test_find_all (page, GTK_TYPE_MENU_BUTTON);
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  NeuronaDatasetBrowser *browser;
  GtkPopover *popover;
  g_autoptr (GPtrArray) labels = NULL;
  g_autoptr (GPtrArray) checks = NULL;

  g_assert_cmpuint (browsers->len, ==, 1);
  browser = browsers->pdata[0];
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 768);
  adw_view_stack_set_visible_child (stack, page);
  /* The smallest thumbnails: the whole figure at once, as plt.show() shows it. */
  g_object_set (browser, "thumbnail-size", 28, NULL);
  neurona_dataset_browser_set_images (browser, 25);
  neurona_dataset_browser_set_grid (browser, 5, 5);
  ui_test_wait_mapped (page);
  g_assert_nonnull (ui_test_find_visible_label (page, "Primeras 25 de 6,000 imágenes, 28 × 28"));
  ui_test_wait_for_frame (GTK_WIDGET (f->window));
  ui_test_save_screenshot (GTK_WIDGET (f->window), "i18n-es-data-figure-5x5-1024x768.png", NULL);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 1024);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, 768);

  g_object_set (browser, "thumbnail-size", 56, NULL);
  neurona_dataset_browser_set_grid (browser, 2, 5);
  g_assert_cmpstr (neurona_dataset_browser_get_figure_message (browser), ==, want);
  g_assert_nonnull (ui_test_find_visible_label (page, want));
  ui_test_wait_for_frame (GTK_WIDGET (f->window));
  ui_test_save_screenshot (GTK_WIDGET (f->window), "i18n-es-data-figure-2x5-1024x768.png", NULL);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 1024);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, 768);

  /* The popover: Filas, Columnas, Imágenes, Todas las imágenes. */
  g_assert_cmpuint (buttons->len, ==, 1);
  g_assert_cmpstr (gtk_menu_button_get_label (buttons->pdata[0]), ==, "Cua_drícula…");
  popover = gtk_menu_button_get_popover (buttons->pdata[0]);
  labels = ui_test_find_all (GTK_WIDGET (popover), GTK_TYPE_LABEL);
  checks = ui_test_find_all (GTK_WIDGET (popover), GTK_TYPE_CHECK_BUTTON);
  g_assert_cmpuint (checks->len, ==, 1);
  g_assert_cmpstr (gtk_check_button_get_label (checks->pdata[0]), ==, "_Todas las imágenes");
  for (guint i = 0; i < labels->len; i++)
    {
      guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (labels->pdata[i]));

      if (!gtk_label_get_use_underline (labels->pdata[i]) || key == GDK_KEY_VoidSymbol)
        continue;
      g_test_message ("popover mnemonic %s: %s", gdk_keyval_name (key),
                      gtk_label_get_label (labels->pdata[i]));
      g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (key)));
      g_hash_table_add (seen, GUINT_TO_POINTER (key));
    }
  /* Filas, Columnas, Imágenes and the check's own label. */
  g_assert_cmpuint (g_hash_table_size (seen), ==, 4);
  gtk_menu_button_popup (buttons->pdata[0]);
  ui_test_wait_mapped (GTK_WIDGET (popover));
  ui_test_save_screenshot (GTK_WIDGET (popover), "i18n-es-data-grid-popover.png",
                           &(GdkRGBA) { 0.98, 0.98, 0.98, 1 });
  gtk_menu_button_popdown (buttons->pdata[0]);
}

static void
test_fits_1100x760 (Fixture *f, gconstpointer data)
{
  check_pages_fit (f, 1100, 760);
}

static void
test_fits_1024x768 (Fixture *f, gconstpointer data)
{
  check_pages_fit (f, 1024, 768);
}

static gboolean
ignore_bus_warning (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  return strstr (message, "session bus") == NULL;
}

int
main (int argc, char **argv)
{
  const char *locale_dir = g_getenv ("NEURONA_LOCALEDIR");
  g_autofree char *subset = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LANGUAGE", "es", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (ignore_bus_warning, NULL);

  /* gtk_test_init() sets an English locale: Spanish from here on. */
  g_assert_nonnull (setlocale (LC_ALL, ""));
  g_assert_nonnull (locale_dir);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The committed subset, whatever else this machine has. */
  subset = g_build_filename (nr_project_data_dir (), "subset", NULL);
  g_setenv ("NEURONA_DATA_DIR", subset, TRUE);

  g_test_add_func ("/ui/i18n/catalogue-found", test_catalogue_found);
  g_test_add_func ("/ui/i18n/plurals", test_plurals);
  g_test_add_func ("/ui/i18n/core-names-translated", test_core_names_translated);
  g_test_add_func ("/ui/i18n/cli-run-names-translated", test_cli_run_names_translated);
  g_test_add_func ("/ui/i18n/potfiles-complete", test_potfiles_complete);
  g_test_add_func ("/ui/i18n/core-messages-translated", test_core_messages_translated);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ui/i18n/window-in-spanish", test_window_in_spanish);
  ADD ("/ui/i18n/mnemonics-unique-per-page", test_mnemonics_unique_per_page);
  ADD ("/ui/i18n/trained-in-spanish", test_trained_in_spanish);
  ADD ("/ui/i18n/refusal-in-spanish", test_refusal_in_spanish);
  ADD ("/ui/i18n/fits-1100x760", test_fits_1100x760);
  ADD ("/ui/i18n/fits-1024x768", test_fits_1024x768);
  ADD ("/ui/i18n/data-figure-in-spanish", test_data_figure_in_spanish);
#undef ADD
  g_test_add_func ("/ui/i18n/load-error-in-spanish", test_load_error_in_spanish);

  return g_test_run ();
}
