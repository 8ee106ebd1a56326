/* neurona-code-view.c — the Python for the panel's settings, via nr_codegen.
 *
 * nr_codegen is a pure function of the settings and takes microseconds, so the script is
 * rewritten whenever the settings or the framework change: when the view is shown, or
 * when something asks for its text.
 */
#include "neurona-code-view.h"

#include <glib/gi18n.h>

#include "neurona-a11y.h"

struct _NeuronaCodeView
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *toplevel;
  GtkToggleButton *keras_button;
  GtkToggleButton *pytorch_button;
  GtkLabel *file_label;
  GtkLabel *status_label;
  GtkStack *stack;
  GtkTextView *text_view;
  GtkLabel *problem_label;

  /* Owned */
  char *text;    /* the script shown; NULL when there is none */
  char *problem; /* why there is none */
  char *given_problem;
  GtkFileChooserNative *chooser;

  NrTrainConfig config;
  NrDatasetId dataset_id;
  gboolean have_config;
  NrCodegenFramework framework;
  gboolean stale;
};

G_DEFINE_FINAL_TYPE (NeuronaCodeView, neurona_code_view, GTK_TYPE_WIDGET)

static void
set_status (NeuronaCodeView *self, const char *text, gboolean error)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
regenerate (NeuronaCodeView *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file_name = NULL;

  self->stale = FALSE;
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->problem, g_free);

  if (!self->have_config)
    /* TRANSLATORS: %s says what is wrong ("Units must be between 1 and 4096") */
    self->problem = self->given_problem != NULL
                      ? g_strdup_printf (_("The settings on the Model & Training page are not "
                                           "valid, so there is no code for them: %s"),
                                         self->given_problem)
                      : g_strdup (_("The settings on the Model & Training page are not valid, "
                                    "so there is no code for them."));
  else
    {
      self->text = nr_codegen (self->framework, self->dataset_id, &self->config, &error);
      if (self->text == NULL)
        self->problem = g_strdup_printf (_("There is no code for these settings: %s"),
                                         error->message);
    }

  if (self->text != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      GtkTextIter start;

      gtk_text_buffer_set_text (buffer, self->text, -1);
      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_place_cursor (buffer, &start);
      gtk_stack_set_visible_child_name (self->stack, "code");
      gtk_label_set_text (self->problem_label, "");
      file_name = nr_codegen_file_name (self->framework, self->dataset_id);
      gtk_label_set_text (self->file_label, file_name);
    }
  else
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
      gtk_label_set_text (self->problem_label, self->problem);
      gtk_stack_set_visible_child_name (self->stack, "problem");
      gtk_label_set_text (self->file_label, "");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "code.copy", self->text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "code.save", self->text != NULL);
}

static void
changed (NeuronaCodeView *self)
{
  set_status (self, NULL, FALSE);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    regenerate (self);
  else
    self->stale = TRUE;
}

static void
ensure_fresh (NeuronaCodeView *self)
{
  if (self->stale)
    regenerate (self);
}

/* ---- actions ------------------------------------------------------------------- */

static void
copy_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaCodeView *self = NEURONA_CODE_VIEW (widget);

  ensure_fresh (self);
  if (self->text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->text);
  set_status (self, _("Copied to the clipboard."), FALSE);
}

static void
chooser_response (GtkNativeDialog *dialog, int response, NeuronaCodeView *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  if (neurona_code_view_save_to_file (self, file, &error))
    {
      g_autofree char *name = g_file_get_parse_name (file);
      /* TRANSLATORS: "Saved as /home/ana/neurona_fashion_keras.py." */
      g_autofree char *text = g_strdup_printf (_("Saved as %s."), name);

      set_status (self, text, FALSE);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the code: %s"), error->message);

      set_status (self, text, TRUE);
    }
}

static void
save_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaCodeView *self = NEURONA_CODE_VIEW (widget);
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  ensure_fresh (self);
  if (self->text == NULL || self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save the Code"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  name = nr_codegen_file_name (self->framework, self->dataset_id);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- signal handlers ----------------------------------------------------------- */

static void
framework_toggled (NeuronaCodeView *self)
{
  NrCodegenFramework framework = gtk_toggle_button_get_active (self->pytorch_button)
                                   ? NR_CODEGEN_PYTORCH
                                   : NR_CODEGEN_KERAS;

  if (framework == self->framework)
    return;
  self->framework = framework;
  changed (self);
}

static void
neurona_code_view_map (GtkWidget *widget)
{
  NeuronaCodeView *self = NEURONA_CODE_VIEW (widget);

  GTK_WIDGET_CLASS (neurona_code_view_parent_class)->map (widget);
  ensure_fresh (self);
}

/* ---- GObject ------------------------------------------------------------------- */

static void
neurona_code_view_dispose (GObject *object)
{
  NeuronaCodeView *self = NEURONA_CODE_VIEW (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_CODE_VIEW);
  G_OBJECT_CLASS (neurona_code_view_parent_class)->dispose (object);
}

static void
neurona_code_view_finalize (GObject *object)
{
  NeuronaCodeView *self = NEURONA_CODE_VIEW (object);

  g_free (self->text);
  g_free (self->problem);
  g_free (self->given_problem);
  G_OBJECT_CLASS (neurona_code_view_parent_class)->finalize (object);
}

static void
neurona_code_view_class_init (NeuronaCodeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_code_view_dispose;
  object_class->finalize = neurona_code_view_finalize;
  widget_class->map = neurona_code_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-code-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaCodeView, toplevel);
  gtk_widget_class_bind_template_child (widget_class, NeuronaCodeView, keras_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaCodeView, pytorch_button);
  gtk_widget_class_bind_template_child (widget_class, NeuronaCodeView, file_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaCodeView, status_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaCodeView, stack);
  gtk_widget_class_bind_template_child (widget_class, NeuronaCodeView, text_view);
  gtk_widget_class_bind_template_child (widget_class, NeuronaCodeView, problem_label);
  gtk_widget_class_install_action (widget_class, "code.copy", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "code.save", NULL, save_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
neurona_code_view_init (NeuronaCodeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (self->toplevel);
  self->framework = NR_CODEGEN_KERAS;
  self->dataset_id = NR_DATASET_FASHION_MNIST;
  g_signal_connect_swapped (self->keras_button, "toggled", G_CALLBACK (framework_toggled), self);
  g_signal_connect_swapped (self->pytorch_button, "toggled", G_CALLBACK (framework_toggled),
                            self);
  regenerate (self);
}

/* ---- public ------------------------------------------------------------------- */

GtkWidget *
neurona_code_view_new (void)
{
  return g_object_new (NEURONA_TYPE_CODE_VIEW, NULL);
}

void
neurona_code_view_set_config (NeuronaCodeView *self, const NrTrainConfig *config,
                              NrDatasetId dataset_id, const char *problem)
{
  g_return_if_fail (NEURONA_IS_CODE_VIEW (self));
  g_return_if_fail (dataset_id < NR_N_DATASETS);

  self->have_config = config != NULL;
  if (config != NULL)
    self->config = *config;
  self->dataset_id = dataset_id;
  g_free (self->given_problem);
  self->given_problem = config == NULL && problem != NULL && *problem != '\0' ? g_strdup (problem)
                                                                              : NULL;
  changed (self);
}

void
neurona_code_view_set_framework (NeuronaCodeView *self, NrCodegenFramework framework)
{
  g_return_if_fail (NEURONA_IS_CODE_VIEW (self));
  g_return_if_fail (framework < NR_N_CODEGEN_FRAMEWORKS);

  gtk_toggle_button_set_active (framework == NR_CODEGEN_PYTORCH ? self->pytorch_button
                                                                : self->keras_button,
                                TRUE);
}

NrCodegenFramework
neurona_code_view_get_framework (NeuronaCodeView *self)
{
  g_return_val_if_fail (NEURONA_IS_CODE_VIEW (self), NR_CODEGEN_KERAS);
  return self->framework;
}

const char *
neurona_code_view_get_text (NeuronaCodeView *self)
{
  g_return_val_if_fail (NEURONA_IS_CODE_VIEW (self), NULL);
  ensure_fresh (self);
  return self->text;
}

const char *
neurona_code_view_get_problem (NeuronaCodeView *self)
{
  g_return_val_if_fail (NEURONA_IS_CODE_VIEW (self), NULL);
  ensure_fresh (self);
  return self->problem;
}

GtkTextView *
neurona_code_view_get_text_view (NeuronaCodeView *self)
{
  g_return_val_if_fail (NEURONA_IS_CODE_VIEW (self), NULL);
  return self->text_view;
}

gboolean
neurona_code_view_save_to_file (NeuronaCodeView *self, GFile *file, GError **error)
{
  g_return_val_if_fail (NEURONA_IS_CODE_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ensure_fresh (self);
  if (self->text == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           self->problem != NULL ? self->problem : "");
      return FALSE;
    }
  /* A temporary file beside it, renamed into place: a failed write leaves the old file. */
  return g_file_replace_contents (file, self->text, strlen (self->text), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}
