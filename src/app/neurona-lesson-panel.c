/* neurona-lesson-panel.c — a lesson's steps, one at a time, beside the lab's pages.
 *
 * Actions: lesson.previous, lesson.next, lesson.apply (emits "apply-step"), lesson.open.
 * The student's number is looked up in the session's runs whenever they change, so a run
 * trained before the step was opened (or by neurona-cli) counts too.
 */
#include <glib/gi18n.h>
#include <math.h>

#include "neurona-lesson-panel.h"
#include "neurona-a11y.h"

struct _NeuronaLessonPanel
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *scroller;
  GtkLabel *lesson_title;
  GtkLabel *position_label;
  GtkLabel *step_title;
  GtkLabel *todo_label;
  GtkLabel *numbers_label;
  GtkWidget *look_heading;
  GtkLabel *look_label;
  GtkWidget *meaning_heading;
  GtkLabel *meaning_label;
  GtkWidget *question_heading;
  GtkLabel *question_label;
  GtkLabel *error_label;

  /* Owned */
  NrLesson *lesson;
  GtkFileChooserNative *chooser;

  /* Borrowed */
  NeuronaSession *session;

  guint step;
};

G_DEFINE_FINAL_TYPE (NeuronaLessonPanel, neurona_lesson_panel, GTK_TYPE_WIDGET)

enum {
  SIGNAL_APPLY_STEP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_PRESENTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const NrLessonStep *
current_step (NeuronaLessonPanel *self)
{
  if (self->lesson == NULL || self->step >= self->lesson->steps->len)
    return NULL;
  return self->lesson->steps->pdata[self->step];
}

/* The settings that make a run the step's: its own, whatever its seed, thread count and
 * image limits (a class may train on fewer images than the tutorial). */
static gboolean
run_is_the_steps (const NrRunRecord *record, const NrLessonStep *step)
{
  NrTrainConfig config;

  if (record->dataset != step->dataset)
    return FALSE;
  config = record->config;
  config.seed = step->config.seed;
  config.n_threads = step->config.n_threads;
  config.train_limit = step->config.train_limit;
  config.test_limit = step->config.test_limit;
  return nr_sweep_config_equal (&config, &step->config);
}

/* The test accuracy of the newest run that is the step's, or NAN. */
static double
students_number (NeuronaLessonPanel *self, const NrLessonStep *step)
{
  GListModel *runs;

  if (self->session == NULL)
    return NAN;
  runs = neurona_session_get_runs (self->session);
  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr (NeuronaRunItem) item = g_list_model_get_item (runs, i);
      const NrRunRecord *record = neurona_run_item_get_record (item);

      if (record != NULL && run_is_the_steps (record, step))
        {
          double value = step->metric == NR_LESSON_METRIC_TEST_LOSS
                           ? nr_run_record_get_last_epoch (record) != NULL
                               ? nr_run_record_get_last_epoch (record)->test_loss
                               : NAN
                           : nr_run_record_get_test_accuracy (record);

          if (!isnan (value))
            return value;
        }
    }
  return NAN;
}

static void
update_numbers (NeuronaLessonPanel *self)
{
  const NrLessonStep *step = current_step (self);
  g_autofree char *text = NULL;

  if (step == NULL)
    ;
  else if (step->kind == NR_LESSON_STEP_REFUSED && step->refusal != NULL)
    /* Translators: the error the tutorial met, quoted as it printed it */
    text = g_strdup_printf (_("The tutorial's error: %s"), step->refusal);
  else if (step->kind == NR_LESSON_STEP_FIT && !isnan (step->tutorial))
    /* Translators: "Tutorial: 9.3962, the loss it printed last (yours is on the Curve fit
     * page)" */
    text = g_strdup_printf (_("Tutorial: %.4f, the loss it printed last (yours is on the Curve "
                              "fit page)"),
                            step->tutorial);
  else if (step->kind == NR_LESSON_STEP_TRAIN)
    {
      double yours = students_number (self, step);
      g_autofree char *you = isnan (yours) ? g_strdup (_("you: not trained yet"))
                                           /* Translators: "you: 0.8817" */
                                           : g_strdup_printf (_("you: %.4f"), yours);

      if (isnan (step->tutorial))
        text = isnan (yours) ? g_strdup (_("You: not trained yet"))
                             /* Translators: "You: 0.8817" (the tutorial printed no number) */
                             : g_strdup_printf (_("You: %.4f"), yours);
      else
        /* Translators: "Tutorial: 0.8798 · you: 0.8817" */
        text = g_strdup_printf (_("Tutorial: %.4f · %s"), step->tutorial, you);
    }
  gtk_label_set_text (self->numbers_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->numbers_label), text != NULL);
}

static void
set_section (GtkWidget *heading, GtkLabel *label, const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (heading, text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
update (NeuronaLessonPanel *self)
{
  const NrLessonStep *step = current_step (self);
  GtkWidget *widget = GTK_WIDGET (self);
  guint n = self->lesson != NULL ? self->lesson->steps->len : 0;

  gtk_label_set_text (self->lesson_title, self->lesson != NULL ? self->lesson->title : "");
  if (n > 0)
    {
      /* Translators: "Step 5 of 12" */
      g_autofree char *position = g_strdup_printf (_("Step %u of %u"), self->step + 1, n);

      gtk_label_set_text (self->position_label, position);
    }
  else
    gtk_label_set_text (self->position_label, _("No lesson open"));
  gtk_label_set_text (self->step_title, step != NULL ? step->title : "");
  gtk_label_set_text (self->todo_label, step != NULL ? step->todo : "");
  set_section (self->look_heading, self->look_label, step != NULL ? step->look : NULL);
  set_section (self->meaning_heading, self->meaning_label, step != NULL ? step->meaning : NULL);
  set_section (self->question_heading, self->question_label, step != NULL ? step->question : NULL);
  update_numbers (self);
  gtk_widget_action_set_enabled (widget, "lesson.previous", step != NULL && self->step > 0);
  gtk_widget_action_set_enabled (widget, "lesson.next", step != NULL && self->step + 1 < n);
  gtk_widget_action_set_enabled (widget, "lesson.apply", step != NULL);
}

static void
show_error (NeuronaLessonPanel *self, const char *message)
{
  g_autofree char *text = NULL;

  if (message != NULL)
    /* Translators: "Could not open the lesson: mine.json:9: unknown page “home”: …" */
    text = g_strdup_printf (_("Could not open the lesson: %s"), message);
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

gboolean
neurona_lesson_panel_open (NeuronaLessonPanel *self, const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  NrLesson *lesson;

  g_return_val_if_fail (NEURONA_IS_LESSON_PANEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  lesson = nr_lesson_load (path, &local_error);
  if (lesson == NULL)
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  show_error (self, NULL);
  g_clear_pointer (&self->lesson, nr_lesson_free);
  self->lesson = lesson;
  self->step = 0;
  update (self);
  return TRUE;
}

const NrLesson *
neurona_lesson_panel_get_lesson (NeuronaLessonPanel *self)
{
  g_return_val_if_fail (NEURONA_IS_LESSON_PANEL (self), NULL);
  return self->lesson;
}

guint
neurona_lesson_panel_get_step (NeuronaLessonPanel *self)
{
  g_return_val_if_fail (NEURONA_IS_LESSON_PANEL (self), 0);
  return self->step;
}

void
neurona_lesson_panel_set_step (NeuronaLessonPanel *self, guint step)
{
  g_return_if_fail (NEURONA_IS_LESSON_PANEL (self));

  if (self->lesson == NULL)
    return;
  step = MIN (step, self->lesson->steps->len - 1);
  if (step == self->step)
    return;
  self->step = step;
  update (self);
  /* A new step reads from its top. */
  gtk_adjustment_set_value (
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

const char *
neurona_lesson_panel_get_numbers_text (NeuronaLessonPanel *self)
{
  g_return_val_if_fail (NEURONA_IS_LESSON_PANEL (self), NULL);
  return gtk_label_get_text (self->numbers_label);
}

const char *
neurona_lesson_panel_get_error_text (NeuronaLessonPanel *self)
{
  g_return_val_if_fail (NEURONA_IS_LESSON_PANEL (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
           ? gtk_label_get_text (self->error_label)
           : NULL;
}

void
neurona_lesson_panel_set_session (NeuronaLessonPanel *self, NeuronaSession *session)
{
  g_return_if_fail (NEURONA_IS_LESSON_PANEL (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (neurona_session_get_runs (self->session), self);
  self->session = session;
  if (session != NULL)
    g_signal_connect_object (neurona_session_get_runs (session), "items-changed",
                             G_CALLBACK (update_numbers), self, G_CONNECT_SWAPPED);
  update_numbers (self);
}

/* Actions ---------------------------------------------------------------------------- */

static void
previous_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  NeuronaLessonPanel *self = NEURONA_LESSON_PANEL (widget);

  if (self->step > 0)
    neurona_lesson_panel_set_step (self, self->step - 1);
}

static void
next_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  NeuronaLessonPanel *self = NEURONA_LESSON_PANEL (widget);

  neurona_lesson_panel_set_step (self, self->step + 1);
}

static void
apply_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  NeuronaLessonPanel *self = NEURONA_LESSON_PANEL (widget);
  const NrLessonStep *step = current_step (self);

  if (step != NULL)
    g_signal_emit (self, signals[SIGNAL_APPLY_STEP], 0, step);
}

static void
on_chooser_response (GtkNativeDialog *dialog, int response, NeuronaLessonPanel *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        neurona_lesson_panel_open (self, path, NULL);
    }
  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  NeuronaLessonPanel *self = NEURONA_LESSON_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Open Lesson"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Lessons (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* GObject ---------------------------------------------------------------------------- */

GtkWidget *
neurona_lesson_panel_new (void)
{
  return g_object_new (NEURONA_TYPE_LESSON_PANEL, NULL);
}

static void
neurona_lesson_panel_dispose (GObject *object)
{
  NeuronaLessonPanel *self = NEURONA_LESSON_PANEL (object);

  neurona_lesson_panel_set_session (self, NULL);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->lesson, nr_lesson_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_LESSON_PANEL);
  G_OBJECT_CLASS (neurona_lesson_panel_parent_class)->dispose (object);
}

static void
neurona_lesson_panel_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
  NeuronaLessonPanel *self = NEURONA_LESSON_PANEL (object);

  switch (prop_id)
    {
    case PROP_PRESENTING:
      g_value_set_boolean (value, neurona_lesson_panel_get_presenting (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_lesson_panel_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
  NeuronaLessonPanel *self = NEURONA_LESSON_PANEL (object);

  switch (prop_id)
    {
    case PROP_PRESENTING:
      neurona_lesson_panel_set_presenting (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
neurona_lesson_panel_class_init (NeuronaLessonPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_lesson_panel_dispose;
  object_class->get_property = neurona_lesson_panel_get_property;
  object_class->set_property = neurona_lesson_panel_set_property;

  /* Presenter mode: the step in large type for the back of a classroom (style.css). */
  properties[PROP_PRESENTING] =
    g_param_spec_boolean ("presenting", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_APPLY_STEP] = g_signal_new ("apply-step", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-lesson-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, lesson_title);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, position_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, step_title);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, todo_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, numbers_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, look_heading);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, look_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, meaning_heading);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, meaning_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, question_heading);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, question_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaLessonPanel, error_label);
  gtk_widget_class_install_action (widget_class, "lesson.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "lesson.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "lesson.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "lesson.open", NULL, open_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lessonpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
neurona_lesson_panel_init (NeuronaLessonPanel *self)
{
  const char *const *languages = g_get_language_names ();
  g_autofree char *path = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lessons"), -1);

  /* The shipped lesson in the UI's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as
   * gettext reads them), else English. */
  for (guint i = 0; languages[i] != NULL && path == NULL; i++)
    if (g_strcmp0 (languages[i], "C") != 0 && g_strcmp0 (languages[i], "POSIX") != 0)
      path = nr_lessons_find_shipped (languages[i]);
  if (path == NULL)
    path = nr_lessons_find_shipped ("en");
  if (path != NULL)
    neurona_lesson_panel_open (self, path, NULL);
  else
    update (self);
}

/* The style class "presenting" is the state: style.css sets the large type. */
void
neurona_lesson_panel_set_presenting (NeuronaLessonPanel *self, gboolean presenting)
{
  g_return_if_fail (NEURONA_IS_LESSON_PANEL (self));

  if (!!presenting == neurona_lesson_panel_get_presenting (self))
    return;
  if (presenting)
    gtk_widget_add_css_class (GTK_WIDGET (self), "presenting");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "presenting");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTING]);
}

gboolean
neurona_lesson_panel_get_presenting (NeuronaLessonPanel *self)
{
  g_return_val_if_fail (NEURONA_IS_LESSON_PANEL (self), FALSE);

  return gtk_widget_has_css_class (GTK_WIDGET (self), "presenting");
}
