/* neurona-sweep-dialog.c — "Sweep…" (neurona-sweep-dialog.h).
 *
 * Every change of a field plans the sweep again (nr_sweep_plan is quick: it only computes
 * the points' settings), so the count, the messages and Start sweep always say what
 * pressing it would do.
 */
#include <glib/gi18n.h>

#include "neurona-sweep-dialog.h"
#include "neurona-a11y.h"

struct _NeuronaSweepDialog
{
  GtkWindow parent_instance;

  /* Template widgets */
  GtkDropDown *setting_drop;
  GtkEntry *values_entry;
  GtkLabel *values_hint;
  GtkLabel *values_error;
  GtkCheckButton *grid_check;
  GtkWidget *setting2_label;
  GtkDropDown *setting2_drop;
  GtkWidget *values2_label;
  GtkEntry *values2_entry;
  GtkLabel *values2_hint;
  GtkLabel *values2_error;
  GtkWidget *seeds_label;
  GtkSpinButton *seeds_spin;
  GtkLabel *seeds_hint;
  GtkLabel *summary_label;
  GtkWidget *start_button;

  /* Owned */
  NrTrainConfig base;
  NrDatasetId dataset;
  NrSweep *planned; /* NULL when the fields do not make a sweep */
};

G_DEFINE_FINAL_TYPE (NeuronaSweepDialog, neurona_sweep_dialog, GTK_TYPE_WINDOW)

enum {
  SIGNAL_START,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The settings a student varies, in the model panel's order. */
static const NrSweepSetting offered[] = {
  NR_SWEEP_UNITS, NR_SWEEP_ACTIVATION, NR_SWEEP_DROPOUT, NR_SWEEP_EPOCHS, NR_SWEEP_BATCH_SIZE,
  NR_SWEEP_LEARNING_RATE, NR_SWEEP_OPTIMIZER, NR_SWEEP_NORMALIZE, NR_SWEEP_SEED,
};

guint
neurona_sweep_dialog_get_n_settings (void)
{
  return G_N_ELEMENTS (offered);
}

NrSweepSetting
neurona_sweep_dialog_get_setting_at (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (offered), NR_SWEEP_UNITS);

  return offered[position];
}

const char *
neurona_sweep_dialog_setting_title (NrSweepSetting setting)
{
  switch (setting)
    {
    case NR_SWEEP_UNITS:
      return _("Hidden units");
    case NR_SWEEP_ACTIVATION:
      return _("Activation");
    case NR_SWEEP_DROPOUT:
      return _("Dropout");
    case NR_SWEEP_EPOCHS:
      return _("Epochs");
    case NR_SWEEP_BATCH_SIZE:
      return _("Batch size");
    case NR_SWEEP_OPTIMIZER:
      return _("Optimizer");
    case NR_SWEEP_LEARNING_RATE:
      return _("Learning rate");
    case NR_SWEEP_MOMENTUM:
      return _("Momentum");
    case NR_SWEEP_SEED:
      return _("Seed");
    case NR_SWEEP_NORMALIZE:
      return _("Scale pixels");
    case NR_SWEEP_TRAIN_LIMIT:
      return _("Training images");
    case NR_N_SWEEP_SETTINGS:
    default:
      g_return_val_if_reached ("");
    }
}

static guint
position_of (NrSweepSetting setting)
{
  for (guint i = 0; i < G_N_ELEMENTS (offered); i++)
    if (offered[i] == setting)
      return i;
  return 0;
}

static NrSweepSetting
selected_setting (GtkDropDown *drop)
{
  guint position = gtk_drop_down_get_selected (drop);

  return offered[MIN (position, G_N_ELEMENTS (offered) - 1)];
}

/* "For example 16, 28, 64, 128 — or a range: 16:256:16, 16:256:x2" */
static char *
describe_values (NrSweepSetting setting)
{
  g_autofree char *list = NULL;
  GString *names;

  switch (setting)
    {
    case NR_SWEEP_UNITS:
      return g_strdup (_("For example 16, 28, 64, 128, or a range 16:256:16 (by 16) or 16:256:x2 "
                         "(doubling); 256/128 is two hidden layers, none is no hidden layer."));
    case NR_SWEEP_EPOCHS:
      return g_strdup (_("For example 5, 10, 15, or a range 5:20:5."));
    case NR_SWEEP_LEARNING_RATE:
      return g_strdup (_("For example 0.0001, 0.001, 0.01, or a range by a factor 1e-4:1e-1:x10."));
    case NR_SWEEP_BATCH_SIZE:
      return g_strdup (_("For example 16, 32, 64, 128, or a range 16:128:x2."));
    case NR_SWEEP_DROPOUT:
      return g_strdup (_("Rates from 0 to below 1, for example 0, 0.2, 0.5, or a range 0:0.5:0.1."));
    case NR_SWEEP_SEED:
      return g_strdup (_("Whole numbers, for example 1, 2, 3, or a range 1:5."));
    case NR_SWEEP_NORMALIZE:
      return g_strdup (_("yes (pixels scaled to 0…1), no (0…255), or both: yes, no."));
    case NR_SWEEP_ACTIVATION:
      names = g_string_new (NULL);
      for (guint a = 0; a < NR_N_ACTIVATIONS; a++)
        g_string_append_printf (names, "%s%s", a > 0 ? ", " : "", nr_activation_name (a));
      list = g_string_free (names, FALSE);
      /* Translators: the names are those of the code: relu, sigmoid, tanh… */
      return g_strdup_printf (_("Names, among %s."), list);
    case NR_SWEEP_OPTIMIZER:
      names = g_string_new (NULL);
      for (guint o = 0; o < NR_N_OPTIMIZERS; o++)
        g_string_append_printf (names, "%s%s", o > 0 ? ", " : "", nr_optimizer_name (o));
      list = g_string_free (names, FALSE);
      return g_strdup_printf (_("Names, among %s; each gets its own default learning rate "
                                "unless the panel’s is another."),
                              list);
    case NR_SWEEP_MOMENTUM:
    case NR_SWEEP_TRAIN_LIMIT:
    case NR_N_SWEEP_SETTINGS:
    default:
      return g_strdup ("");
    }
}

static void
show_error (GtkLabel *label, const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* The values typed for one axis: NULL (and a message, unless the field is empty) when
 * they make no list. */
static GArray *
read_values (NrSweepSetting setting, GtkEntry *entry, GtkLabel *error_label, gboolean *empty)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  GArray *values;

  *empty = text[0] == '\0';
  if (*empty)
    {
      show_error (error_label, NULL);
      return NULL;
    }
  values = nr_sweep_parse_values (setting, text, &error);
  if (values == NULL)
    {
      /* Translators: under a sweep's values: "Not values of this setting: <why>" */
      g_autofree char *message = g_strdup_printf (_("Not values of this setting: %s"),
                                                  error->message);

      show_error (error_label, message);
    }
  else
    show_error (error_label, NULL);
  return values;
}

/* The panel's learning rate applies to every optimizer a sweep tries only when it is not
 * just its own optimizer's default (then each optimizer gets its own). */
static gboolean
learning_rate_is_set (const NrTrainConfig *base)
{
  NrOptimizerSpec defaults;

  nr_optimizer_spec_init (&defaults, base->optimizer.kind);
  return base->optimizer.learning_rate != defaults.learning_rate;
}

static char *
count_phrase (guint n_values, guint n_values2, guint seeds)
{
  GString *s = g_string_new (NULL);

  /* Translators: part of "That makes 12 runs: 4 values × 3 values × 1 seed." */
  g_string_append_printf (s, ngettext ("%u value", "%u values", n_values), n_values);
  if (n_values2 > 0)
    {
      g_string_append (s, " × ");
      g_string_append_printf (s, ngettext ("%u value", "%u values", n_values2), n_values2);
    }
  if (seeds > 1)
    {
      g_string_append (s, " × ");
      g_string_append_printf (s, ngettext ("%u seed", "%u seeds", seeds), seeds);
    }
  return g_string_free (s, FALSE);
}

static void
replan (NeuronaSweepDialog *self)
{
  NrSweepSetting first = selected_setting (self->setting_drop);
  NrSweepSetting second = selected_setting (self->setting2_drop);
  gboolean grid = gtk_check_button_get_active (self->grid_check);
  guint seeds = (guint) gtk_spin_button_get_value_as_int (self->seeds_spin);
  g_autoptr (GArray) values = NULL;
  g_autoptr (GArray) values2 = NULL;
  g_autoptr (NrSweep) sweep = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *values_hint = describe_values (first);
  g_autofree char *values2_hint = describe_values (second);
  g_autofree char *summary = NULL;
  gboolean empty = TRUE, empty2 = TRUE, seed_varied;

  g_clear_pointer (&self->planned, nr_sweep_free);
  gtk_label_set_text (self->values_hint, values_hint);
  gtk_label_set_text (self->values2_hint, values2_hint);
  gtk_widget_set_visible (self->setting2_label, grid);
  gtk_widget_set_visible (GTK_WIDGET (self->setting2_drop), grid);
  gtk_widget_set_visible (self->values2_label, grid);
  gtk_widget_set_visible (GTK_WIDGET (self->values2_entry), grid);
  gtk_widget_set_visible (GTK_WIDGET (self->values2_hint), grid);

  seed_varied = first == NR_SWEEP_SEED || (grid && second == NR_SWEEP_SEED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seeds_spin), !seed_varied);
  gtk_widget_set_sensitive (self->seeds_label, !seed_varied);
  if (seed_varied)
    seeds = 1;
  if (seed_varied)
    gtk_label_set_text (self->seeds_hint, _("The seed is varied: each value is one run."));
  else
    {
      /* The seeds as numbers of 64 bits, outside the translated text. */
      g_autofree char *first_seed = g_strdup_printf ("%" G_GUINT64_FORMAT, self->base.seed);
      g_autofree char *last_seed = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                    self->base.seed + seeds - 1);
      g_autofree char *text = NULL;

      if (seeds == 1)
        /* Translators: "One run per point, with the panel's seed 42." */
        text = g_strdup_printf (_("One run per point, with the panel’s seed %s."), first_seed);
      else
        /* Translators: "Seeds 42 to 44 for every point: …" */
        text = g_strdup_printf (_("Seeds %s to %s for every point: the chart shows their mean "
                                  "and their lowest to highest."),
                                first_seed, last_seed);
      gtk_label_set_text (self->seeds_hint, text);
    }

  values = read_values (first, self->values_entry, self->values_error, &empty);
  if (grid)
    values2 = read_values (second, self->values2_entry, self->values2_error, &empty2);
  else
    show_error (self->values2_error, NULL);
  if (grid && first == second)
    {
      show_error (self->values2_error, _("Choose another setting than the first one."));
      g_clear_pointer (&values2, g_array_unref);
    }

  if (values == NULL || (grid && values2 == NULL))
    {
      if ((empty && gtk_widget_get_visible (GTK_WIDGET (self->values_error)) == FALSE)
          || (grid && empty2 && !gtk_widget_get_visible (GTK_WIDGET (self->values2_error))))
        summary = g_strdup (_("Type the values to try."));
      else
        summary = g_strdup (_("Correct the values to see how many runs they make."));
    }
  else
    {
      sweep = nr_sweep_new (self->dataset, &self->base);
      sweep->learning_rate_set = learning_rate_is_set (&self->base);
      if (!nr_sweep_add_axis (sweep, first, values, &error)
          || (grid && !nr_sweep_add_axis (sweep, second, values2, &error))
          || (seeds > 1 && !nr_sweep_add_seeds (sweep, seeds, &error))
          || !nr_sweep_plan (sweep, &error))
        /* Translators: under a sweep's fields: "These runs cannot be trained: <why>" */
        summary = g_strdup_printf (_("These runs cannot be trained: %s"), error->message);
      else
        {
          g_autofree char *detail = count_phrase (values->len, grid ? values2->len : 0, seeds);
          guint n = sweep->points->len;

          /* Translators: "That makes 12 runs: 4 values × 3 seeds." */
          summary = g_strdup_printf (ngettext ("That makes %u run: %s.", "That makes %u runs: %s.", n),
                                     n, detail);
          self->planned = g_steal_pointer (&sweep);
        }
    }
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.start", self->planned != NULL);
}

static void
start_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaSweepDialog *self = NEURONA_SWEEP_DIALOG (widget);

  if (self->planned != NULL)
    g_signal_emit (self, signals[SIGNAL_START], 0);
}

static void
on_setting_changed (NeuronaSweepDialog *self)
{
  replan (self);
}

static void
neurona_sweep_dialog_finalize (GObject *object)
{
  NeuronaSweepDialog *self = NEURONA_SWEEP_DIALOG (object);

  g_clear_pointer (&self->planned, nr_sweep_free);

  G_OBJECT_CLASS (neurona_sweep_dialog_parent_class)->finalize (object);
}

static void
neurona_sweep_dialog_class_init (NeuronaSweepDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = neurona_sweep_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-sweep-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, setting_drop);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, values_entry);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, values_hint);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, values_error);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, grid_check);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, setting2_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, setting2_drop);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, values2_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, values2_entry);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, values2_hint);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, values2_error);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, seeds_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, seeds_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, seeds_hint);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaSweepDialog, start_button);

  gtk_widget_class_install_action (widget_class, "sweep.start", NULL, start_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  signals[SIGNAL_START] =
    g_signal_new ("start", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
neurona_sweep_dialog_init (NeuronaSweepDialog *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) names2 = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (offered); i++)
    {
      gtk_string_list_append (names, neurona_sweep_dialog_setting_title (offered[i]));
      gtk_string_list_append (names2, neurona_sweep_dialog_setting_title (offered[i]));
    }
  gtk_drop_down_set_model (self->setting_drop, G_LIST_MODEL (names));
  gtk_drop_down_set_model (self->setting2_drop, G_LIST_MODEL (names2));
  gtk_drop_down_set_selected (self->setting2_drop, position_of (NR_SWEEP_LEARNING_RATE));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->start_button);

  g_signal_connect_swapped (self->setting_drop, "notify::selected", G_CALLBACK (on_setting_changed),
                            self);
  g_signal_connect_swapped (self->setting2_drop, "notify::selected",
                            G_CALLBACK (on_setting_changed), self);
  g_signal_connect_swapped (self->values_entry, "changed", G_CALLBACK (on_setting_changed), self);
  g_signal_connect_swapped (self->values2_entry, "changed", G_CALLBACK (on_setting_changed), self);
  g_signal_connect_swapped (self->grid_check, "toggled", G_CALLBACK (on_setting_changed), self);
  g_signal_connect_swapped (self->seeds_spin, "value-changed", G_CALLBACK (on_setting_changed),
                            self);
}

NeuronaSweepDialog *
neurona_sweep_dialog_new (GtkWindow *parent, const NrTrainConfig *base, NrDatasetId dataset)
{
  NeuronaSweepDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (base != NULL, NULL);

  self = g_object_new (NEURONA_TYPE_SWEEP_DIALOG, "transient-for", parent, NULL);
  self->base = *base;
  self->dataset = dataset;
  replan (self);
  return self;
}

void
neurona_sweep_dialog_set_axis (NeuronaSweepDialog *self, guint axis, NrSweepSetting setting,
                               const char *values)
{
  g_return_if_fail (NEURONA_IS_SWEEP_DIALOG (self));
  g_return_if_fail (axis < 2);

  if (axis == 1)
    gtk_check_button_set_active (self->grid_check, TRUE);
  gtk_drop_down_set_selected (axis == 0 ? self->setting_drop : self->setting2_drop,
                              position_of (setting));
  if (values != NULL)
    gtk_editable_set_text (GTK_EDITABLE (axis == 0 ? self->values_entry : self->values2_entry),
                           values);
  replan (self);
}

void
neurona_sweep_dialog_set_seeds (NeuronaSweepDialog *self, guint seeds)
{
  g_return_if_fail (NEURONA_IS_SWEEP_DIALOG (self));

  gtk_spin_button_set_value (self->seeds_spin, seeds);
}

const char *
neurona_sweep_dialog_get_summary (NeuronaSweepDialog *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_DIALOG (self), NULL);

  return gtk_label_get_text (self->summary_label);
}

const char *
neurona_sweep_dialog_get_values_error (NeuronaSweepDialog *self, guint axis)
{
  GtkLabel *label;

  g_return_val_if_fail (NEURONA_IS_SWEEP_DIALOG (self), NULL);
  g_return_val_if_fail (axis < 2, NULL);

  label = axis == 0 ? self->values_error : self->values2_error;
  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

gboolean
neurona_sweep_dialog_get_can_start (NeuronaSweepDialog *self)
{
  g_return_val_if_fail (NEURONA_IS_SWEEP_DIALOG (self), FALSE);

  return self->planned != NULL;
}

NrSweep *
neurona_sweep_dialog_take_sweep (NeuronaSweepDialog *self)
{
  NrSweep *sweep;

  g_return_val_if_fail (NEURONA_IS_SWEEP_DIALOG (self), NULL);

  sweep = g_steal_pointer (&self->planned);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.start", FALSE);
  return sweep;
}
