/* neurona-layer-row.c — one hidden Dense layer of the model panel.
 *
 * The template's widgets are the truth for what the user edits; the properties follow
 * them (and set them), so the panel listens to notify:: instead of reading spin buttons.
 * A setter normalises its value and notifies only on a change; a widget that changes
 * notifies through the same field, so each change is announced once.
 */
#include <glib/gi18n.h>

#include "neurona-layer-row.h"
#include "neurona-a11y.h"
#include "neurona/neurona.h"

#include <adwaita.h>

#define DEFAULT_UNITS 128
#define MAX_DROPOUT 0.95

struct _NeuronaLayerRow
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *content;
  GtkLabel *title_label;
  GtkLabel *params_label;
  GtkWidget *remove_button;
  GtkSpinButton *units_spin;
  AdwComboRow *activation_row;
  GtkSpinButton *dropout_spin;

  guint index;
  guint units;
  guint activation;
  double dropout;
};

G_DEFINE_FINAL_TYPE (NeuronaLayerRow, neurona_layer_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_UNITS,
  PROP_ACTIVATION,
  PROP_DROPOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_REMOVE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_numbering (NeuronaLayerRow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *remove = NULL;

  /* Translators: the title of the n-th hidden layer's card */
  title = g_strdup_printf (_("Dense · hidden layer %u"), self->index);
  gtk_label_set_text (self->title_label, title);
  /* Translators: the tooltip and accessible description of the n-th hidden layer's
   * Remove button (its name is its visible label, "Remove") */
  remove = g_strdup_printf (_("Remove hidden layer %u"), self->index);
  gtk_widget_set_tooltip_text (self->remove_button, remove);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, remove, -1);
}

static void
on_units_changed (NeuronaLayerRow *self)
{
  guint units = gtk_spin_button_get_value_as_int (self->units_spin);

  if (units == self->units)
    return;
  self->units = units;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNITS]);
}

static void
on_activation_changed (NeuronaLayerRow *self)
{
  guint activation = adw_combo_row_get_selected (self->activation_row);

  /* GTK_INVALID_LIST_POSITION while the model is being replaced. */
  if (activation >= NR_N_ACTIVATIONS || activation == self->activation)
    return;
  self->activation = activation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVATION]);
}

static void
on_dropout_changed (NeuronaLayerRow *self)
{
  double dropout = gtk_spin_button_get_value (self->dropout_spin);

  if (dropout == self->dropout)
    return;
  self->dropout = dropout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPOUT]);
}

static void
remove_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_REMOVE_REQUESTED], 0);
}

static void
neurona_layer_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), NEURONA_TYPE_LAYER_ROW);

  G_OBJECT_CLASS (neurona_layer_row_parent_class)->dispose (object);
}

static void
neurona_layer_row_get_property (GObject *object, guint prop_id, GValue *value,
                                GParamSpec *pspec)
{
  NeuronaLayerRow *self = NEURONA_LAYER_ROW (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;

    case PROP_UNITS:
      g_value_set_uint (value, self->units);
      break;

    case PROP_ACTIVATION:
      g_value_set_uint (value, self->activation);
      break;

    case PROP_DROPOUT:
      g_value_set_double (value, self->dropout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_layer_row_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  NeuronaLayerRow *self = NEURONA_LAYER_ROW (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      neurona_layer_row_set_index (self, g_value_get_uint (value));
      break;

    case PROP_UNITS:
      neurona_layer_row_set_units (self, g_value_get_uint (value));
      break;

    case PROP_ACTIVATION:
      neurona_layer_row_set_activation (self, g_value_get_uint (value));
      break;

    case PROP_DROPOUT:
      neurona_layer_row_set_dropout (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_layer_row_class_init (NeuronaLayerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_layer_row_dispose;
  object_class->get_property = neurona_layer_row_get_property;
  object_class->set_property = neurona_layer_row_set_property;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNITS] =
    g_param_spec_uint ("units", NULL, NULL, 1, NR_MAX_UNITS, DEFAULT_UNITS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVATION] =
    g_param_spec_uint ("activation", NULL, NULL, 0, NR_N_ACTIVATIONS - 1, NR_ACTIVATION_RELU,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DROPOUT] =
    g_param_spec_double ("dropout", NULL, NULL, 0.0, MAX_DROPOUT, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "layerrow");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-layer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaLayerRow, content);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLayerRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLayerRow, params_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLayerRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLayerRow, units_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLayerRow, activation_row);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLayerRow, dropout_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_units_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activation_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_dropout_changed);

  gtk_widget_class_install_action (widget_class, "layer.remove", NULL, remove_action);
}

static void
neurona_layer_row_init (NeuronaLayerRow *self)
{
  g_autoptr (GtkStringList) activations = gtk_string_list_new (NULL);

  self->index = 1;
  self->units = DEFAULT_UNITS;
  self->activation = NR_ACTIVATION_RELU;
  self->dropout = 0.0;

  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->units_spin), NR_MAX_UNITS);
  gtk_spin_button_set_value (self->units_spin, self->units);
  for (guint a = 0; a < NR_N_ACTIVATIONS; a++)
    gtk_string_list_append (activations, nr_activation_name (a));
  /* A new model selects its first item, which on_activation_changed() takes in: select
   * the default after it. */
  adw_combo_row_set_model (self->activation_row, G_LIST_MODEL (activations));
  adw_combo_row_set_selected (self->activation_row, NR_ACTIVATION_RELU);
  self->activation = NR_ACTIVATION_RELU;
  gtk_spin_button_set_value (self->dropout_spin, self->dropout);
  update_numbering (self);
}

GtkWidget *
neurona_layer_row_new (guint index)
{
  return g_object_new (NEURONA_TYPE_LAYER_ROW, "index", MAX (index, 1), NULL);
}

guint
neurona_layer_row_get_index (NeuronaLayerRow *self)
{
  g_return_val_if_fail (NEURONA_IS_LAYER_ROW (self), 0);

  return self->index;
}

void
neurona_layer_row_set_index (NeuronaLayerRow *self, guint index)
{
  g_return_if_fail (NEURONA_IS_LAYER_ROW (self));

  index = MAX (index, 1);
  if (index == self->index)
    return;
  self->index = index;
  update_numbering (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

guint
neurona_layer_row_get_units (NeuronaLayerRow *self)
{
  g_return_val_if_fail (NEURONA_IS_LAYER_ROW (self), 0);

  return self->units;
}

void
neurona_layer_row_set_units (NeuronaLayerRow *self, guint units)
{
  g_return_if_fail (NEURONA_IS_LAYER_ROW (self));

  units = CLAMP (units, 1, NR_MAX_UNITS);
  if (units == self->units)
    return;
  self->units = units;
  /* The spin's value-changed finds the field already equal: one notify, here. */
  gtk_spin_button_set_value (self->units_spin, units);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNITS]);
}

guint
neurona_layer_row_get_activation (NeuronaLayerRow *self)
{
  g_return_val_if_fail (NEURONA_IS_LAYER_ROW (self), 0);

  return self->activation;
}

void
neurona_layer_row_set_activation (NeuronaLayerRow *self, guint activation)
{
  g_return_if_fail (NEURONA_IS_LAYER_ROW (self));
  g_return_if_fail (activation < NR_N_ACTIVATIONS);

  if (activation == self->activation)
    return;
  self->activation = activation;
  adw_combo_row_set_selected (self->activation_row, activation);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVATION]);
}

double
neurona_layer_row_get_dropout (NeuronaLayerRow *self)
{
  g_return_val_if_fail (NEURONA_IS_LAYER_ROW (self), 0.0);

  return self->dropout;
}

void
neurona_layer_row_set_dropout (NeuronaLayerRow *self, double dropout)
{
  g_return_if_fail (NEURONA_IS_LAYER_ROW (self));

  dropout = CLAMP (dropout, 0.0, MAX_DROPOUT);
  if (dropout == self->dropout)
    return;
  self->dropout = dropout;
  gtk_spin_button_set_value (self->dropout_spin, dropout);
  /* The spin may hold it differently (its adjustment's own rounding): keep what it holds,
   * so that the property and the control never disagree. */
  self->dropout = gtk_spin_button_get_value (self->dropout_spin);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPOUT]);
}

char *
neurona_format_param_count (gsize n_params)
{
  g_autofree char *count = nr_format_count (n_params);

  /* Translators: %s is a number such as "100,480" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s parameter", "%s parameters",
                                       n_params),
                          count);
}

void
neurona_layer_row_set_param_count (NeuronaLayerRow *self, gsize n_params)
{
  g_autofree char *text = NULL;

  g_return_if_fail (NEURONA_IS_LAYER_ROW (self));

  text = neurona_format_param_count (n_params);
  gtk_label_set_text (self->params_label, text);
}

void
neurona_layer_row_commit_edits (NeuronaLayerRow *self)
{
  g_return_if_fail (NEURONA_IS_LAYER_ROW (self));

  gtk_spin_button_update (self->units_spin);
  gtk_spin_button_update (self->dropout_spin);
}

gboolean
neurona_layer_row_focus_units (NeuronaLayerRow *self)
{
  g_return_val_if_fail (NEURONA_IS_LAYER_ROW (self), FALSE);

  return gtk_widget_grab_focus (GTK_WIDGET (self->units_spin));
}
