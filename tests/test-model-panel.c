/* test-model-panel.c — the model panel's parts under Xvfb: a hidden layer's
 * NeuronaLayerRow (its properties and its widgets agree both ways, its numbering, its
 * layer.remove action), and the panel's preference rows (named by their titles, reached
 * by their mnemonics, removing a layer shifts the later ones up). */
#include <adwaita.h>
#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona-a11y.h"
#include "neurona-layer-row.h"
#include "neurona-model-panel.h"
#include "ui-test-util.h"

/* Helpers ------------------------------------------------------------------------- */

typedef struct
{
  GtkWidget *window;
  GtkWidget *widget; /* the NeuronaLayerRow or the NeuronaModelPanel under test */
} Fixture;

static void
layer_row_set_up (Fixture *f, gconstpointer data)
{
  f->widget = neurona_layer_row_new (3);
  f->window = ui_test_present_in_window (f->widget, 400, 300);
  ui_test_wait_mapped (f->widget);
}

static void
panel_set_up (Fixture *f, gconstpointer data)
{
  f->widget = neurona_model_panel_new ();
  f->window = ui_test_present_in_window (f->widget, 400, 900);
  ui_test_wait_mapped (f->widget);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  ui_test_spin_for (20);
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
count_signal (GtkWidget *widget, guint *count)
{
  (*count)++;
}

static guint
watch (gpointer object, const char *property, guint *count)
{
  g_autofree char *signal = g_strconcat ("notify::", property, NULL);

  *count = 0;
  return g_signal_connect (object, signal, G_CALLBACK (count_notify), count);
}

/* The nth button under root that shows "Remove" (ui_test_find_control() would count the
 * button's own mnemonic label as a second match). */
static GtkWidget *
remove_button (GtkWidget *root, guint nth)
{
  g_autoptr (GPtrArray) buttons = ui_test_find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), "Re_move") == 0 && nth-- == 0)
      return buttons->pdata[i];
  g_error ("no Remove button number %u", nth);
  return NULL;
}

static double
spin_value (Fixture *f, const char *title)
{
  GtkWidget *spin = ui_test_find_control (f->widget, title, 0);

  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin));
}

/* NeuronaLayerRow ----------------------------------------------------------------- */

static void
test_layer_row_defaults (Fixture *f, gconstpointer data)
{
  NeuronaLayerRow *row = NEURONA_LAYER_ROW (f->widget);
  AdwComboRow *activation;

  g_assert_cmpuint (neurona_layer_row_get_index (row), ==, 3);
  g_assert_cmpuint (neurona_layer_row_get_units (row), ==, 128);
  g_assert_cmpuint (neurona_layer_row_get_activation (row), ==, NR_ACTIVATION_RELU);
  g_assert_cmpfloat (neurona_layer_row_get_dropout (row), ==, 0.0);
  g_assert_cmpfloat (spin_value (f, "Hidden units"), ==, 128);
  activation = ADW_COMBO_ROW (ui_test_find_control (f->widget, "Activation", 0));
  g_assert_cmpuint (adw_combo_row_get_selected (activation), ==, NR_ACTIVATION_RELU);
  g_assert_cmpfloat (spin_value (f, "Dropout"), ==, 0.0);
}

static void
test_layer_row_units (Fixture *f, gconstpointer data)
{
  NeuronaLayerRow *row = NEURONA_LAYER_ROW (f->widget);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (ui_test_find_control (f->widget, "Hidden units", 0));
  guint notified;
  guint units;

  watch (row, "units", &notified);
  /* The property sets the spin button, once notified. */
  neurona_layer_row_set_units (row, 64);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 64);
  g_assert_cmpuint (notified, ==, 1);
  /* The same value again is no change. */
  neurona_layer_row_set_units (row, 64);
  g_assert_cmpuint (notified, ==, 1);
  /* The spin button sets the property, once notified. */
  gtk_spin_button_set_value (spin, 28);
  g_assert_cmpuint (neurona_layer_row_get_units (row), ==, 28);
  g_assert_cmpuint (notified, ==, 2);
  /* Through GObject, and clamped to what a layer may have. */
  g_object_set (row, "units", 300, NULL);
  g_object_get (row, "units", &units, NULL);
  g_assert_cmpuint (units, ==, 300);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 300);
  neurona_layer_row_set_units (row, 0);
  g_assert_cmpuint (neurona_layer_row_get_units (row), ==, 1);
  neurona_layer_row_set_units (row, NR_MAX_UNITS + 1000);
  g_assert_cmpuint (neurona_layer_row_get_units (row), ==, NR_MAX_UNITS);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, NR_MAX_UNITS);
  g_assert_cmpuint (notified, ==, 5);
}

static void
test_layer_row_activation (Fixture *f, gconstpointer data)
{
  NeuronaLayerRow *row = NEURONA_LAYER_ROW (f->widget);
  AdwComboRow *combo = ADW_COMBO_ROW (ui_test_find_control (f->widget, "Activation", 0));
  GListModel *model = adw_combo_row_get_model (combo);
  guint notified;

  /* Every activation the core has, by its Keras name. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, NR_N_ACTIVATIONS);
  for (guint a = 0; a < NR_N_ACTIVATIONS; a++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), a), ==,
                     nr_activation_name (a));

  watch (row, "activation", &notified);
  neurona_layer_row_set_activation (row, NR_ACTIVATION_SIGMOID);
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, NR_ACTIVATION_SIGMOID);
  g_assert_cmpuint (notified, ==, 1);
  adw_combo_row_set_selected (combo, NR_ACTIVATION_TANH);
  g_assert_cmpuint (neurona_layer_row_get_activation (row), ==, NR_ACTIVATION_TANH);
  g_assert_cmpuint (notified, ==, 2);
  neurona_layer_row_set_activation (row, NR_ACTIVATION_TANH);
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_layer_row_dropout (Fixture *f, gconstpointer data)
{
  NeuronaLayerRow *row = NEURONA_LAYER_ROW (f->widget);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (ui_test_find_control (f->widget, "Dropout", 0));
  guint notified;

  watch (row, "dropout", &notified);
  neurona_layer_row_set_dropout (row, 0.2);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (spin), 0.2, 1e-9);
  g_assert_cmpuint (notified, ==, 1);
  gtk_spin_button_set_value (spin, 0.5);
  g_assert_cmpfloat_with_epsilon (neurona_layer_row_get_dropout (row), 0.5, 1e-9);
  g_assert_cmpuint (notified, ==, 2);
  /* At most 0.95: a layer that drops everything learns nothing. */
  neurona_layer_row_set_dropout (row, 2.0);
  g_assert_cmpfloat_with_epsilon (neurona_layer_row_get_dropout (row), 0.95, 1e-9);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (spin), 0.95, 1e-9);
  g_assert_cmpuint (notified, ==, 3);
}

/* The title and Remove's tooltip and description follow "index". */
static void
test_layer_row_numbering (Fixture *f, gconstpointer data)
{
  NeuronaLayerRow *row = NEURONA_LAYER_ROW (f->widget);
  GtkWidget *button = remove_button (f->widget, 0);
  guint notified;

  g_assert_nonnull (ui_test_find_visible_label (f->widget, "Dense · hidden layer 3"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Remove hidden layer 3");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Remove hidden layer 3");

  watch (row, "index", &notified);
  neurona_layer_row_set_index (row, 5);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_nonnull (ui_test_find_visible_label (f->widget, "Dense · hidden layer 5"));
  g_assert_null (ui_test_find_label (f->widget, "Dense · hidden layer 3"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Remove hidden layer 5");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Remove hidden layer 5");
  /* Its name stays what it shows. */
  ui_test_assert_accessible_label (button, "Remove");
  /* Numbers start at 1. */
  neurona_layer_row_set_index (row, 0);
  g_assert_cmpuint (neurona_layer_row_get_index (row), ==, 1);
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_layer_row_param_count (Fixture *f, gconstpointer data)
{
  neurona_layer_row_set_param_count (NEURONA_LAYER_ROW (f->widget), 100480);
  g_assert_nonnull (ui_test_find_visible_label (f->widget, "100,480 parameters"));
  neurona_layer_row_set_param_count (NEURONA_LAYER_ROW (f->widget), 1);
  g_assert_nonnull (ui_test_find_visible_label (f->widget, "1 parameter"));
  g_assert_null (ui_test_find_label (f->widget, "100,480 parameters"));
}

/* Remove uses the row's layer.remove action, which asks the owner to remove the layer. */
static void
test_layer_row_remove_action (Fixture *f, gconstpointer data)
{
  GtkWidget *button = remove_button (f->widget, 0);
  guint requested = 0;

  g_signal_connect (f->widget, "remove-requested", G_CALLBACK (count_signal), &requested);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "layer.remove");
  g_assert_true (gtk_widget_activate_action (f->widget, "layer.remove", NULL));
  g_assert_cmpuint (requested, ==, 1);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (requested, ==, 2);
  /* The row does not remove itself: that is the owner's call. */
  g_assert_nonnull (gtk_widget_get_parent (f->widget));
}

static void
test_layer_row_named_by_titles (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (ui_test_assert_rows_named_by_titles (f->widget), ==, 3);
}

/* The panel ----------------------------------------------------------------------- */

static NeuronaLayerRow *
layer_row (Fixture *f, guint nth)
{
  g_autoptr (GPtrArray) rows = ui_test_find_all (f->widget, NEURONA_TYPE_LAYER_ROW);

  g_assert_cmpuint (nth, <, rows->len);
  return rows->pdata[nth];
}

static guint
n_layer_rows (Fixture *f)
{
  g_autoptr (GPtrArray) rows = ui_test_find_all (f->widget, NEURONA_TYPE_LAYER_ROW);

  return rows->len;
}

static void
set_three_layers (Fixture *f)
{
  NeuronaModelPanel *panel = NEURONA_MODEL_PANEL (f->widget);
  NrTrainConfig config;

  neurona_model_panel_get_config (panel, &config);
  config.model.n_hidden = 3;
  for (guint i = 0; i < 3; i++)
    {
      config.model.hidden[i].units = 10 * (i + 1);
      config.model.hidden[i].activation = (NrActivation[]) { NR_ACTIVATION_RELU,
                                                             NR_ACTIVATION_SIGMOID,
                                                             NR_ACTIVATION_TANH }[i];
      config.model.hidden[i].dropout = 0.25f * i;
    }
  g_assert_true (neurona_model_panel_set_config (panel, &config, NR_DATASET_FASHION_MNIST));
  g_assert_cmpuint (n_layer_rows (f), ==, 3);
}

/* The focus widget of its window is widget or inside it (a spin button's text), whether
 * the X server gives the window the keyboard or not: Xvfb has no window manager. */
static gboolean
has_focus (gpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Removing the second of three layers leaves the first and the third, renumbered, and the
 * focus on the layer that took the removed one's place. */
static void
test_panel_remove_shifts_layers (Fixture *f, gconstpointer data)
{
  NeuronaModelPanel *panel = NEURONA_MODEL_PANEL (f->widget);
  NrTrainConfig config;
  GtkWidget *units;

  set_three_layers (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (layer_row (f, 1)), "layer.remove", NULL));

  neurona_model_panel_get_config (panel, &config);
  g_assert_cmpuint (config.model.n_hidden, ==, 2);
  g_assert_cmpuint (config.model.hidden[0].units, ==, 10);
  g_assert_cmpuint (config.model.hidden[0].activation, ==, NR_ACTIVATION_RELU);
  g_assert_cmpfloat (config.model.hidden[0].dropout, ==, 0.0f);
  g_assert_cmpuint (config.model.hidden[1].units, ==, 30);
  g_assert_cmpuint (config.model.hidden[1].activation, ==, NR_ACTIVATION_TANH);
  g_assert_cmpfloat_with_epsilon (config.model.hidden[1].dropout, 0.5f, 1e-6);
  /* 784·10+10 + 10·30+30 + 30·10+10 */
  g_assert_cmpuint (neurona_model_panel_get_param_count (panel), ==, 7850 + 330 + 310);

  g_assert_cmpuint (n_layer_rows (f), ==, 2);
  g_assert_cmpuint (neurona_layer_row_get_index (layer_row (f, 0)), ==, 1);
  g_assert_cmpuint (neurona_layer_row_get_index (layer_row (f, 1)), ==, 2);
  g_assert_nonnull (ui_test_find_visible_label (f->widget, "Dense · hidden layer 2"));
  g_assert_null (ui_test_find_visible_label (f->widget, "Dense · hidden layer 3"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (remove_button (f->widget, 1)), ==,
                   "Remove hidden layer 2");
  g_assert_nonnull (ui_test_find_visible_label (f->widget, "330 parameters"));

  units = ui_test_find_control (f->widget, "Hidden units", 1);
  g_assert_true (ui_test_wait_until (has_focus, units, 2000));

  /* The last one: the focus goes to the one before. */
  g_signal_emit_by_name (remove_button (f->widget, 1), "clicked");
  g_assert_cmpuint (n_layer_rows (f), ==, 1);
  units = ui_test_find_control (f->widget, "Hidden units", 0);
  g_assert_true (ui_test_wait_until (has_focus, units, 2000));
  neurona_model_panel_get_config (panel, &config);
  g_assert_cmpuint (config.model.n_hidden, ==, 1);
  g_assert_cmpuint (config.model.hidden[0].units, ==, 10);

  /* A layer added again copies the last one, and every Remove works. */
  g_assert_true (gtk_widget_activate_action (f->widget, "panel.add-layer", NULL));
  g_assert_cmpuint (n_layer_rows (f), ==, 2);
  g_assert_cmpuint (neurona_layer_row_get_index (layer_row (f, 1)), ==, 2);
  g_assert_cmpuint (neurona_layer_row_get_units (layer_row (f, 1)), ==, 10);
  g_assert_true (gtk_widget_is_sensitive (remove_button (f->widget, 0)));
  g_assert_true (gtk_widget_is_sensitive (remove_button (f->widget, 1)));
  g_assert_true (ui_test_wait_until (has_focus, ui_test_find_control (f->widget, "Hidden units", 1),
                                     2000));
}

/* A row's settings reach the panel's configuration through its properties. */
static void
test_panel_listens_to_rows (Fixture *f, gconstpointer data)
{
  NeuronaModelPanel *panel = NEURONA_MODEL_PANEL (f->widget);
  NrTrainConfig config;
  guint changed = 0;

  g_signal_connect (panel, "changed", G_CALLBACK (count_signal), &changed);
  neurona_layer_row_set_units (layer_row (f, 0), 28);
  g_assert_cmpuint (changed, ==, 1);
  neurona_layer_row_set_activation (layer_row (f, 0), NR_ACTIVATION_SIGMOID);
  neurona_layer_row_set_dropout (layer_row (f, 0), 0.2);
  g_assert_cmpuint (changed, ==, 3);
  neurona_model_panel_get_config (panel, &config);
  g_assert_cmpuint (config.model.hidden[0].units, ==, 28);
  g_assert_cmpuint (config.model.hidden[0].activation, ==, NR_ACTIVATION_SIGMOID);
  g_assert_cmpfloat_with_epsilon (config.model.hidden[0].dropout, 0.2f, 1e-6);
  g_assert_cmpuint (neurona_model_panel_get_param_count (panel), ==, 22270);
  g_assert_nonnull (ui_test_find_visible_label (f->widget, "21,980 parameters"));
}

/* Locked while training: Remove does nothing even when its action is activated. */
static void
test_panel_locked_keeps_layers (Fixture *f, gconstpointer data)
{
  NeuronaModelPanel *panel = NEURONA_MODEL_PANEL (f->widget);
  NrTrainConfig config;

  set_three_layers (f);
  neurona_model_panel_set_locked (panel, TRUE);
  g_assert_false (gtk_widget_is_sensitive (remove_button (f->widget, 0)));
  gtk_widget_activate_action (GTK_WIDGET (layer_row (f, 0)), "layer.remove", NULL);
  neurona_model_panel_get_config (panel, &config);
  g_assert_cmpuint (config.model.n_hidden, ==, 3);
  g_assert_cmpuint (n_layer_rows (f), ==, 3);
  neurona_model_panel_set_locked (panel, FALSE);
  g_assert_true (gtk_widget_is_sensitive (remove_button (f->widget, 0)));
}

/* Every row, the layers' included, reads as its title; one more layer, three more rows. */
static void
test_panel_rows_named_by_titles (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (ui_test_assert_rows_named_by_titles (f->widget), ==, 12);
  g_assert_true (gtk_widget_activate_action (f->widget, "panel.add-layer", NULL));
  g_assert_cmpuint (ui_test_assert_rows_named_by_titles (f->widget), ==, 15);
  g_assert_nonnull (ui_test_find_visible_label (f->widget, "Dense · hidden layer 2"));
}

/* Alt+letter: a row's title label activates its row, which focuses the control at its
 * end; a combo row's opens its list. */
static void
test_panel_mnemonics (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *title;
    guint key;
  } rows[] = {
    { "Hidden units", GDK_KEY_h }, { "Dropout", GDK_KEY_r }, { "Output size", GDK_KEY_o },
    { "Epochs", GDK_KEY_p },       { "Batch size", GDK_KEY_b }, { "Learning rate", GDK_KEY_l },
    { "Seed", GDK_KEY_e },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkLabel *label = ui_test_find_visible_label (f->widget, rows[i].title);
      GtkWidget *control = ui_test_find_control (f->widget, rows[i].title, 0);

      g_assert_nonnull (label);
      g_assert_true (GTK_IS_SPIN_BUTTON (control));
      g_assert_cmpuint (gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (label)), ==,
                        rows[i].key);
      g_assert_true (gtk_widget_mnemonic_activate (GTK_WIDGET (label), FALSE));
      if (!ui_test_wait_until (has_focus, control, 2000))
        g_error ("Alt+%s did not focus %s", gdk_keyval_name (rows[i].key), rows[i].title);
    }

  /* Scale pixels: the row toggles its check box. */
  {
    GtkLabel *label = ui_test_find_visible_label (f->widget, "Scale pixels");
    GtkWidget *check = ui_test_find_control (f->widget, "Scale pixels", 0);
    NrTrainConfig config;

    g_assert_true (GTK_IS_CHECK_BUTTON (check));
    g_assert_cmpuint (gtk_label_get_mnemonic_keyval (label), ==, GDK_KEY_x);
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
    gtk_widget_mnemonic_activate (GTK_WIDGET (label), FALSE);
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
    neurona_model_panel_get_config (NEURONA_MODEL_PANEL (f->widget), &config);
    g_assert_false (config.normalize);
  }

  /* Optimizer: the combo row's list pops up. */
  {
    GtkLabel *label = ui_test_find_visible_label (f->widget, "Optimizer");
    GtkWidget *combo = ui_test_find_control (f->widget, "Optimizer", 0);
    g_autoptr (GPtrArray) popovers = NULL;
    gboolean shown = FALSE;

    g_assert_true (ADW_IS_COMBO_ROW (combo));
    g_assert_cmpuint (gtk_label_get_mnemonic_keyval (label), ==, GDK_KEY_i);
    gtk_widget_mnemonic_activate (GTK_WIDGET (label), FALSE);
    ui_test_spin_for (50);
    popovers = ui_test_find_all (combo, GTK_TYPE_POPOVER);
    for (guint i = 0; i < popovers->len; i++)
      shown = shown || gtk_widget_get_visible (popovers->pdata[i]);
    g_assert_true (shown);
    /* Closed again before the window goes: a popover still open when its window is
     * destroyed asks the gone surface for the pointer (a Gdk-CRITICAL, seen under ASan). */
    for (guint i = 0; i < popovers->len; i++)
      gtk_popover_popdown (popovers->pdata[i]);
    for (gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
         g_get_monotonic_time () < end;)
      {
        gboolean any = FALSE;

        for (guint i = 0; i < popovers->len; i++)
          any = any || gtk_widget_get_mapped (popovers->pdata[i]);
        if (!any)
          break;
        ui_test_spin_for (10);
      }
  }
}

static const char *
describe_focus (GtkWidget *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  static char text[200];

  if (focus == NULL)
    return "nothing";
  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (ADW_IS_PREFERENCES_ROW (w))
      {
        g_snprintf (text, sizeof text, "%s in row %s", G_OBJECT_TYPE_NAME (focus),
                    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)));
        return text;
      }
  if (GTK_IS_BUTTON (focus) && gtk_button_get_label (GTK_BUTTON (focus)) != NULL)
    g_snprintf (text, sizeof text, "button %s", gtk_button_get_label (GTK_BUTTON (focus)));
  else
    g_snprintf (text, sizeof text, "%s", G_OBJECT_TYPE_NAME (focus));
  return text;
}

/* After a preset, Shift+Tab from Hidden units reaches its row, then the layer's Remove;
 * Tab from Remove comes back. */
static void
test_panel_tab_order (Fixture *f, gconstpointer data)
{
  GtkWidget *units, *button;

  g_assert_true (neurona_model_panel_apply_preset (NEURONA_MODEL_PANEL (f->widget), "fashion-128"));
  ui_test_spin_for (100);
  units = ui_test_find_control (f->widget, "Hidden units", 0);
  button = remove_button (f->widget, 0);
  /* The preset replaced the layer: its Remove works (a row put back into the panel lost
   * its action's state in GTK 4.8 and Remove stayed insensitive, out of the Tab order). */
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_grab_focus (units));
  g_assert_true (gtk_widget_child_focus (f->window, GTK_DIR_TAB_BACKWARD));
  g_test_message ("after Shift+Tab: %s", describe_focus (f->window));
  g_assert_true (gtk_widget_child_focus (f->window, GTK_DIR_TAB_BACKWARD));
  g_test_message ("after Shift+Tab: %s", describe_focus (f->window));
  g_assert_true (has_focus (button));
  g_assert_true (gtk_widget_child_focus (f->window, GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_child_focus (f->window, GTK_DIR_TAB_FORWARD));
  g_assert_true (has_focus (units));
}

/* The learning rate reads as the optimizer's papers write it, in its row too. */
static void
test_panel_learning_rate_text (Fixture *f, gconstpointer data)
{
  GtkWidget *lr = ui_test_find_control (f->widget, "Learning rate", 0);

  g_assert_true (GTK_IS_SPIN_BUTTON (lr));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lr)), ==, "0.001");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (lr), 0.00001);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lr)), ==, "1e-05");
}

int
main (int argc, char **argv)
{
  /* GTK_A11Y=none (tests/meson.build) gives widgets no accessible context at all; the test
   * backend keeps the accessible properties and relations in the process, off any bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD_ROW(path, func) \
  g_test_add ("/ui/layer-row/" path, Fixture, NULL, layer_row_set_up, func, fixture_tear_down)
#define ADD_PANEL(path, func) \
  g_test_add ("/ui/model-panel/" path, Fixture, NULL, panel_set_up, func, fixture_tear_down)
  ADD_ROW ("defaults", test_layer_row_defaults);
  ADD_ROW ("units", test_layer_row_units);
  ADD_ROW ("activation", test_layer_row_activation);
  ADD_ROW ("dropout", test_layer_row_dropout);
  ADD_ROW ("numbering", test_layer_row_numbering);
  ADD_ROW ("param-count", test_layer_row_param_count);
  ADD_ROW ("remove-action", test_layer_row_remove_action);
  ADD_ROW ("named-by-titles", test_layer_row_named_by_titles);
  ADD_PANEL ("remove-shifts-layers", test_panel_remove_shifts_layers);
  ADD_PANEL ("listens-to-rows", test_panel_listens_to_rows);
  ADD_PANEL ("locked-keeps-layers", test_panel_locked_keeps_layers);
  ADD_PANEL ("rows-named-by-titles", test_panel_rows_named_by_titles);
  ADD_PANEL ("mnemonics", test_panel_mnemonics);
  ADD_PANEL ("learning-rate-text", test_panel_learning_rate_text);
  ADD_PANEL ("tab-order", test_panel_tab_order);

  return g_test_run ();
}
