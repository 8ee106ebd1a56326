/* test-understand-outputs.c — the Understand page's "Outputs of one image" and "Code" views
 * in the lab's window: the numbers shown are the core's nr_model_logits and
 * nr_model_predict on that image, before and after training; the code is nr_codegen's for
 * the model panel's settings, follows them, and saves to a file byte for byte.
 */
#include <glib/gstdio.h>
#include <locale.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona-code-view.h"
#include "neurona-dataset-browser.h"
#include "neurona-prediction-gallery.h"
#include "neurona-model-panel.h"
#include "neurona-outputs-view.h"
#include "neurona-understand-page.h"
#include "ui-test-util.h"

typedef struct
{
  NeuronaApplication *app;
  NeuronaWindow *window;
  NeuronaUnderstandPage *page;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->app = NULL;
  ui_test_open_window (&f->app, &f->window, "understand");
  f->page = NEURONA_UNDERSTAND_PAGE (
    adw_view_stack_get_child_by_name (neurona_window_get_stack (f->window), "understand"));
  g_assert_nonnull (f->page);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  ui_test_close_window (&f->window, &f->app);
}

static gboolean
not_training (gpointer data)
{
  return !neurona_window_get_training (data);
}

static gboolean
outputs_ready (gpointer view)
{
  guint n = 0;

  return !neurona_outputs_view_is_busy (view) && neurona_outputs_view_get_logits (view, &n) != NULL
         && n > 0;
}

static NeuronaOutputsView *
show_outputs (Fixture *f)
{
  NeuronaOutputsView *view;

  g_assert_true (neurona_understand_page_show_view (f->page, "outputs"));
  view = NEURONA_OUTPUTS_VIEW (neurona_understand_page_get_view (f->page, "outputs"));
  ui_test_wait_mapped (GTK_WIDGET (view));
  g_assert_true (ui_test_wait_until (outputs_ready, view, 10000));
  return view;
}

/* The sidebar's title of the view, which the page makes its accessible name too. (A stack
 * child is named both ways.) */
static void
assert_view_title (GtkWidget *view, const char *title)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (view));

  g_assert_cmpstr (gtk_stack_page_get_title (gtk_stack_get_page (stack, view)), ==, title);
}

static const char *
cell_text (GtkGrid *table, int column, int row)
{
  GtkWidget *w = gtk_grid_get_child_at (table, column, row);

  g_assert_true (GTK_IS_LABEL (w));
  return gtk_label_get_text (GTK_LABEL (w));
}

/* The table's logits and softmax are the core's for image `index` of the split, as the
 * view formats them (4 decimals), with the class names. */
static void
assert_outputs_match (Fixture *f, NeuronaOutputsView *view, guint split, guint index)
{
  NeuronaSession *session = neurona_window_get_session (f->window);
  gboolean normalize = TRUE;
  NrDatasetId id;
  NrWeights *weights = neurona_session_get_current_weights (session, &normalize, &id);
  NrDataset *dataset = neurona_session_get_dataset (session, id);
  const NrImageSet *set;
  const NrModel *model;
  const NrDatasetInfo *info = nr_dataset_info (id);
  guint outputs, n_shown = 0;
  g_autofree float *logits = NULL, *probs = NULL;
  GtkGrid *table = neurona_outputs_view_get_table (view);
  gsize npix;

  g_assert_nonnull (weights);
  g_assert_nonnull (dataset);
  set = split == 1 ? dataset->test : dataset->train;
  g_assert_cmpuint (index, <, set->n);
  model = nr_weights_get_model (weights);
  outputs = nr_weights_get_spec (weights)->outputs;
  npix = (gsize) set->rows * set->cols;
  logits = g_new (float, outputs);
  probs = g_new (float, outputs);
  nr_model_logits (model, set->pixels + index * npix, 1, normalize, logits);
  nr_model_predict (model, set->pixels + index * npix, 1, normalize, probs);

  g_assert_nonnull (neurona_outputs_view_get_logits (view, &n_shown));
  g_assert_cmpuint (n_shown, ==, outputs);
  for (guint k = 0; k < outputs; k++)
    {
      g_autofree char *number = g_strdup_printf ("%u", k);
      g_autofree char *logit = g_strdup_printf ("%.4f", logits[k]);
      g_autofree char *prob = g_strdup_printf ("%.4f", probs[k]);

      g_assert_cmpstr (cell_text (table, 0, (int) k + 1), ==, number);
      if (k < info->n_classes)
        g_assert_cmpstr (cell_text (table, 1, (int) k + 1), ==, info->class_names[k]);
      g_assert_cmpstr (cell_text (table, 2, (int) k + 1), ==, logit);
      g_assert_cmpstr (cell_text (table, 4, (int) k + 1), ==, prob);
    }
  /* One row per output under the headings, no more. */
  g_assert_null (gtk_grid_get_child_at (table, 0, (int) outputs + 1));
  /* The text alternative says the same numbers in words. */
  {
    g_autoptr (GString) want = g_string_new (NULL);
    g_autofree char *wrong = NULL;
    GtkWidget *caption = NULL;
    g_autoptr (GPtrArray) labels = ui_test_find_all (GTK_WIDGET (view), GTK_TYPE_LABEL);

    for (guint i = 0; i < labels->len && caption == NULL; i++)
      if (g_str_has_prefix (gtk_label_get_text (labels->pdata[i]), info->class_names[set->labels[index]])
          && strchr (gtk_label_get_text (labels->pdata[i]), '\n') != NULL)
        caption = labels->pdata[i];
    g_assert_nonnull (caption);
    g_string_append (want, gtk_label_get_text (GTK_LABEL (caption)));
    for (guint k = 0; k < outputs; k++)
      {
        const char *remark = cell_text (table, 6, (int) k + 1);

        g_string_append_printf (want, "\nOutput %s, %s: logit %s, softmax %s",
                                cell_text (table, 0, (int) k + 1), cell_text (table, 1, (int) k + 1),
                                cell_text (table, 2, (int) k + 1), cell_text (table, 4, (int) k + 1));
        if (*remark != '\0')
          g_string_append_printf (want, " (%s)", remark);
      }
    g_string_append_printf (want, "\n%s", neurona_outputs_view_get_note (view));
    wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (view),
                                                GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, want->str);
    if (wrong != NULL)
      g_error ("text alternative “%s”, wanted “%s”", wrong, want->str);
  }
  {
    /* The caption names the image by its 0-based index, like the tutorial's i. */
    g_autofree char *caption = g_strdup_printf (
      split == 1 ? "Test image %u · label %u" : "Training image %u · label %u", index,
      set->labels[index]);

    g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (view), caption));
  }
}

static void
test_outputs_untrained_then_trained (Fixture *f, gconstpointer data)
{
  NeuronaOutputsView *view = show_outputs (f);
  g_autofree char *before = NULL;

  /* Training image 0 by default, the tutorial's x_train[:1]. */
  g_assert_cmpuint (neurona_outputs_view_get_split (view), ==, 0);
  g_assert_cmpuint (neurona_outputs_view_get_index (view), ==, 0);
  assert_outputs_match (f, view, 0, 0);
  g_assert_nonnull (strstr (neurona_outputs_view_get_note (view), "10 numbers near 0"));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (view),
                                        "predictions = model(x_train[0:1]).numpy()\n"
                                        "tf.nn.softmax(predictions).numpy()"));
  assert_view_title (GTK_WIDGET (view), "Outputs of one image");
  ui_test_assert_accessible_label (GTK_WIDGET (view), "Outputs of one image");
  ui_test_save_screenshot (GTK_WIDGET (f->window), "understand-outputs-untrained.png", NULL);

  /* Another image, by the controls the user has: the Split drop-down and the index. */
  {
    GtkWidget *split = ui_test_find_control (GTK_WIDGET (view), "Split", 0);
    GtkWidget *index = ui_test_find_control (GTK_WIDGET (view), "Image index i", 0);

    g_assert_true (GTK_IS_DROP_DOWN (split));
    g_assert_true (GTK_IS_SPIN_BUTTON (index));
    gtk_drop_down_set_selected (GTK_DROP_DOWN (split), 1);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (index), 7);
  }
  g_assert_true (ui_test_wait_until (outputs_ready, view, 10000));
  g_assert_cmpuint (neurona_outputs_view_get_split (view), ==, 1);
  assert_outputs_match (f, view, 1, 7);
  before = g_strdup (gtk_label_get_text (
    GTK_LABEL (gtk_grid_get_child_at (neurona_outputs_view_get_table (view), 2, 1))));

  /* A short run: the view follows the current model and says what the largest is. */
  neurona_window_set_limits (f->window, 500, 200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));
  ui_test_spin_for (100);
  g_assert_true (ui_test_wait_until (outputs_ready, view, 10000));
  assert_outputs_match (f, view, 1, 7);
  g_assert_cmpstr (cell_text (neurona_outputs_view_get_table (view), 2, 1), !=, before);
  g_assert_nonnull (strstr (neurona_outputs_view_get_note (view), "The largest logit"));
  ui_test_save_screenshot (GTK_WIDGET (f->window), "understand-outputs-trained.png", NULL);
}

static NeuronaCodeView *
show_code (Fixture *f)
{
  NeuronaCodeView *view;

  g_assert_true (neurona_understand_page_show_view (f->page, "code"));
  view = NEURONA_CODE_VIEW (neurona_understand_page_get_view (f->page, "code"));
  ui_test_wait_mapped (GTK_WIDGET (view));
  return view;
}

static char *
expected_code (Fixture *f, NrCodegenFramework framework)
{
  NrTrainConfig config;
  g_autoptr (GError) error = NULL;
  char *code;

  g_assert_true (neurona_model_panel_get_valid (neurona_window_get_model_panel (f->window)));
  neurona_model_panel_get_config (neurona_window_get_model_panel (f->window), &config);
  code = nr_codegen (framework, neurona_window_get_dataset_id (f->window), &config, &error);
  g_assert_no_error (error);
  return code;
}

static char *
shown_text (NeuronaCodeView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (neurona_code_view_get_text_view (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_code_follows_panel (Fixture *f, gconstpointer data)
{
  NeuronaCodeView *view = show_code (f);
  g_autofree char *keras = expected_code (f, NR_CODEGEN_KERAS);
  g_autofree char *shown = shown_text (view);
  g_autofree char *changed = NULL, *torch = NULL, *shown_torch = NULL;
  GtkWidget *epochs = ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0);

  assert_view_title (GTK_WIDGET (view), "Code");
  ui_test_assert_accessible_label (GTK_WIDGET (view), "Code");
  g_assert_cmpstr (shown, ==, keras);
  g_assert_cmpstr (neurona_code_view_get_text (view), ==, keras);
  g_assert_false (gtk_text_view_get_editable (neurona_code_view_get_text_view (view)));
  g_assert_true (gtk_text_view_get_monospace (neurona_code_view_get_text_view (view)));
  g_assert_nonnull (strstr (shown, "tf.keras.Sequential"));
  ui_test_save_screenshot (GTK_WIDGET (f->window), "understand-code.png", NULL);

  /* A change on the model panel shows at once. */
  g_assert_true (GTK_IS_SPIN_BUTTON (epochs));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (epochs),
                             gtk_spin_button_get_value (GTK_SPIN_BUTTON (epochs)) + 3);
  ui_test_spin_for (50);
  changed = expected_code (f, NR_CODEGEN_KERAS);
  g_assert_cmpstr (changed, !=, keras);
  g_free (shown);
  shown = shown_text (view);
  g_assert_cmpstr (shown, ==, changed);

  /* The PyTorch button switches the script. */
  {
    GtkWidget *button = ui_test_find_control (GTK_WIDGET (view), "PyTorch", 0);

    g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
    ui_test_assert_accessible_label (button, "PyTorch");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  }
  torch = expected_code (f, NR_CODEGEN_PYTORCH);
  shown_torch = shown_text (view);
  g_assert_cmpstr (shown_torch, ==, torch);
  g_assert_nonnull (strstr (shown_torch, "import torch"));
  g_assert_cmpint (neurona_code_view_get_framework (view), ==, NR_CODEGEN_PYTORCH);
}

static void
test_code_save_and_copy (Fixture *f, gconstpointer data)
{
  NeuronaCodeView *view = show_code (f);
  g_autofree char *dir = g_dir_make_tmp ("neurona-code-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "model.py", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "model.py", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) bad = g_file_new_for_path (missing);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = expected_code (f, NR_CODEGEN_KERAS);

  /* Saving writes the text shown, byte for byte, and replaces an older file. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (neurona_code_view_save_to_file (view, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
  /* A folder that is not there: an error, nothing written. */
  g_assert_false (neurona_code_view_save_to_file (view, bad, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* Copy puts the same text on the clipboard. */
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
    GdkContentProvider *content;
    GValue value = G_VALUE_INIT;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "code.copy", NULL));
    content = gdk_clipboard_get_content (clipboard);
    g_assert_nonnull (content);
    g_value_init (&value, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
    g_assert_cmpstr (g_value_get_string (&value), ==, expected);
    g_value_unset (&value);
    g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (view), "Copied to the clipboard."));
  }
  /* The buttons are named as they read. */
  ui_test_assert_accessible_label (ui_test_find_control (GTK_WIDGET (view), "Copy", 0), "Copy");
  ui_test_assert_accessible_label (ui_test_find_control (GTK_WIDGET (view), "Save as .py…", 0),
                                   "Save as .py…");
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_code_invalid_settings (Fixture *f, gconstpointer data)
{
  NeuronaCodeView *view = show_code (f);
  GtkWidget *outputs = ui_test_find_control (GTK_WIDGET (f->window), "Output size", 0);
  const char *problem;

  /* Five outputs for ten classes: the panel refuses it, and the view says why. */
  g_assert_true (GTK_IS_SPIN_BUTTON (outputs));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (outputs), 5);
  ui_test_spin_for (50);
  g_assert_false (neurona_model_panel_get_valid (neurona_window_get_model_panel (f->window)));
  g_assert_null (neurona_code_view_get_text (view));
  problem = neurona_code_view_get_problem (view);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "not valid"));
  g_assert_nonnull (strstr (problem, neurona_model_panel_get_error_message (
                                       neurona_window_get_model_panel (f->window))));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (view), problem));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (view), "code.save", NULL)
                  && neurona_code_view_get_text (view) != NULL);
  ui_test_save_screenshot (GTK_WIDGET (f->window), "understand-code-invalid.png", NULL);

  /* Back to ten: code again. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (outputs), 10);
  ui_test_spin_for (50);
  {
    g_autofree char *expected = expected_code (f, NR_CODEGEN_KERAS);

    g_assert_cmpstr (neurona_code_view_get_text (view), ==, expected);
  }
}

/* Both views at 1024 × 768 after a short run, named after $NEURONA_SHOT_TAG ("en-light"):
 * run alone with LANGUAGE and GTK_THEME set to look at them in each language and theme. */
static void
test_screenshots (Fixture *f, gconstpointer data)
{
  const char *tag = g_getenv ("NEURONA_SHOT_TAG");
  g_autofree char *outputs = g_strdup_printf ("understand-outputs-%s.png", tag ? tag : "default");
  g_autofree char *code = g_strdup_printf ("understand-code-%s.png", tag ? tag : "default");

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 768);
  neurona_window_set_limits (f->window, 500, 200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));
  ui_test_spin_for (100);
  show_outputs (f);
  ui_test_wait_for_frame (GTK_WIDGET (f->window));
  ui_test_save_screenshot (GTK_WIDGET (f->window), outputs, NULL);
  show_code (f);
  ui_test_wait_for_frame (GTK_WIDGET (f->window));
  ui_test_save_screenshot (GTK_WIDGET (f->window), code, NULL);

  /* The Data page's pixel values, and the Predictions page's large view. */
  {
    AdwViewStack *stack = neurona_window_get_stack (f->window);
    g_autoptr (GPtrArray) browsers = ui_test_find_all (GTK_WIDGET (f->window),
                                                       NEURONA_TYPE_DATASET_BROWSER);
    g_autoptr (GPtrArray) galleries = ui_test_find_all (GTK_WIDGET (f->window),
                                                        NEURONA_TYPE_PREDICTION_GALLERY);
    g_autofree char *data_shot = g_strdup_printf ("data-pixels-%s.png", tag ? tag : "default");
    g_autofree char *large_shot = g_strdup_printf ("large-view-%s.png", tag ? tag : "default");
    GListModel *tops;
    GtkWidget *detail = NULL;

    adw_view_stack_set_visible_child_name (stack, "data");
    gtk_toggle_button_set_active (
      GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (browsers->pdata[0],
                                                        NEURONA_TYPE_DATASET_BROWSER,
                                                        "pixels_button")),
      TRUE);
    neurona_dataset_browser_go_to_image (browsers->pdata[0], 3);
    ui_test_spin_for (200);
    ui_test_wait_for_frame (GTK_WIDGET (f->window));
    ui_test_save_screenshot (GTK_WIDGET (f->window), data_shot, NULL);

    adw_view_stack_set_visible_child_name (stack, "predictions");
    ui_test_spin_for (500);
    {
      GtkWidget *flow = GTK_WIDGET (gtk_widget_get_template_child (
        galleries->pdata[0], NEURONA_TYPE_PREDICTION_GALLERY, "flow"));

      g_signal_emit_by_name (flow, "child-activated", gtk_widget_get_first_child (flow));
    }
    ui_test_spin_for (300);
    tops = gtk_window_get_toplevels ();
    for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
      {
        g_autoptr (GtkWidget) w = g_list_model_get_item (tops, i);

        if (w != GTK_WIDGET (f->window) && gtk_widget_get_visible (w))
          detail = w;
      }
    if (detail != NULL)
      {
        ui_test_wait_for_frame (detail);
        ui_test_save_screenshot (detail, large_shot, NULL);
        gtk_window_destroy (GTK_WINDOW (detail));
      }
  }
}

static gboolean
ignore_bus_warning (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  return strstr (message, "session bus") == NULL;
}

int
main (int argc, char **argv)
{
  g_autofree char *subset = NULL;

  /* As test-window: settings stay in this process, accessible properties are kept by the
   * test backend (GTK_A11Y=none would give widgets no accessible context at all), and the
   * data is the committed subset. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() sets an English locale; the screenshots follow LANGUAGE (with
   * LC_ALL=C.UTF-8), as test-i18n does. */
  setlocale (LC_ALL, "");
  if (g_getenv ("NEURONA_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("NEURONA_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  g_test_log_set_fatal_handler (ignore_bus_warning, NULL);
  subset = g_build_filename (nr_project_data_dir (), "subset", NULL);
  g_setenv ("NEURONA_DATA_DIR", subset, TRUE);

  g_test_add ("/understand/outputs/untrained-then-trained", Fixture, NULL, fixture_setup,
              test_outputs_untrained_then_trained, fixture_teardown);
  g_test_add ("/understand/code/follows-panel", Fixture, NULL, fixture_setup,
              test_code_follows_panel, fixture_teardown);
  g_test_add ("/understand/code/save-and-copy", Fixture, NULL, fixture_setup,
              test_code_save_and_copy, fixture_teardown);
  g_test_add ("/understand/code/invalid-settings", Fixture, NULL, fixture_setup,
              test_code_invalid_settings, fixture_teardown);
  g_test_add ("/understand/screenshots", Fixture, NULL, fixture_setup, test_screenshots,
              fixture_teardown);
  return g_test_run ();
}
