/* neurona-understand-page.c — the Understand page: a sidebar of views, one shown at a time.
 *
 * The views are widgets of their own files. Each one follows the session by itself (its
 * "current-weights" notifications) and does its work when it is shown: the page only
 * holds them, hands them the session and the model panel's settings, and says whose
 * model they explain.
 */
#include <glib/gi18n.h>

#include "neurona-understand-page.h"

#include "neurona-confusion-view.h"
#include "neurona-per-class-view.h"
#include "neurona-draw-view.h"
#include "neurona-weights-view.h"
#include "neurona-code-view.h"
#include "neurona-outputs-view.h"

struct _NeuronaUnderstandPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *content;
  GtkStackSidebar *sidebar;
  GtkLabel *whose_label;
  GtkStack *views;

  /* Borrowed */
  NeuronaSession *session;

  NrTrainConfig config;
  NrDatasetId dataset_id;
  gboolean have_config;

  /* outputs / code */
  char *config_problem; /* why the panel's settings are not valid, or NULL */
};

G_DEFINE_FINAL_TYPE (NeuronaUnderstandPage, neurona_understand_page, GTK_TYPE_WIDGET)

/* Adds a view under name with its title, which the sidebar shows and which becomes the
 * view's accessible name. */
static void
add_view (NeuronaUnderstandPage *self, const char *name, const char *title, GtkWidget *view)
{
  gtk_stack_add_titled (self->views, view, name, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
}

/* Hands the session and the settings to the views that take them. */
static void
update_views (NeuronaUnderstandPage *self)
{
  /* The views that follow the session or the settings are told here. */

  /* confusion / per-class */
  neurona_confusion_view_set_session (
      NEURONA_CONFUSION_VIEW (gtk_stack_get_child_by_name (self->views, "confusion")),
      self->session);
  neurona_per_class_view_set_session (
      NEURONA_PER_CLASS_VIEW (gtk_stack_get_child_by_name (self->views, "per-class")),
      self->session);

  /* weights / draw */
  neurona_weights_view_set_session (
      NEURONA_WEIGHTS_VIEW (gtk_stack_get_child_by_name (self->views, "weights")), self->session);
  neurona_draw_view_set_session (
      NEURONA_DRAW_VIEW (gtk_stack_get_child_by_name (self->views, "draw")), self->session);

  /* outputs / code */
  {
    GtkWidget *outputs = gtk_stack_get_child_by_name (self->views, "outputs");
    GtkWidget *code = gtk_stack_get_child_by_name (self->views, "code");

    if (outputs != NULL)
      neurona_outputs_view_set_session (NEURONA_OUTPUTS_VIEW (outputs), self->session);
    if (code != NULL)
      neurona_code_view_set_config (NEURONA_CODE_VIEW (code),
                                    self->have_config ? &self->config : NULL, self->dataset_id,
                                    self->config_problem);
  }
}

void
neurona_understand_page_set_session (NeuronaUnderstandPage *self, NeuronaSession *session)
{
  g_return_if_fail (NEURONA_IS_UNDERSTAND_PAGE (self));
  g_return_if_fail (session == NULL || NEURONA_IS_SESSION (session));

  if (self->session == session)
    return;
  self->session = session;
  update_views (self);
}

NeuronaSession *
neurona_understand_page_get_session (NeuronaUnderstandPage *self)
{
  g_return_val_if_fail (NEURONA_IS_UNDERSTAND_PAGE (self), NULL);
  return self->session;
}

void
neurona_understand_page_set_config (NeuronaUnderstandPage *self, const NrTrainConfig *config,
                                    NrDatasetId dataset_id)
{
  g_return_if_fail (NEURONA_IS_UNDERSTAND_PAGE (self));

  self->have_config = config != NULL;
  if (config != NULL)
    self->config = *config;
  self->dataset_id = dataset_id;
  update_views (self);
}

void
neurona_understand_page_set_whose (NeuronaUnderstandPage *self, const char *whose)
{
  g_autofree char *text = NULL;

  g_return_if_fail (NEURONA_IS_UNDERSTAND_PAGE (self));

  /* Translators: "Model shown: run 3 · 128 relu · 10 epochs · epoch 10 of 10" */
  text = whose != NULL ? g_strdup_printf (_("Model shown: %s"), whose) : NULL;
  gtk_label_set_text (self->whose_label, text != NULL ? text : "");
}

gboolean
neurona_understand_page_show_view (NeuronaUnderstandPage *self, const char *name)
{
  g_return_val_if_fail (NEURONA_IS_UNDERSTAND_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (gtk_stack_get_child_by_name (self->views, name) == NULL)
    return FALSE;
  gtk_stack_set_visible_child_name (self->views, name);
  return TRUE;
}

GtkWidget *
neurona_understand_page_get_view (NeuronaUnderstandPage *self, const char *name)
{
  g_return_val_if_fail (NEURONA_IS_UNDERSTAND_PAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return gtk_stack_get_child_by_name (self->views, name);
}

const char *
neurona_understand_page_get_visible_view (NeuronaUnderstandPage *self)
{
  g_return_val_if_fail (NEURONA_IS_UNDERSTAND_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->views);
}

GtkWidget *
neurona_understand_page_new (void)
{
  return g_object_new (NEURONA_TYPE_UNDERSTAND_PAGE, NULL);
}

static void
neurona_understand_page_dispose (GObject *object)
{
  NeuronaUnderstandPage *self = NEURONA_UNDERSTAND_PAGE (object);

  self->session = NULL;
  g_clear_pointer (&self->config_problem, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_UNDERSTAND_PAGE);
  G_OBJECT_CLASS (neurona_understand_page_parent_class)->dispose (object);
}

static void
neurona_understand_page_class_init (NeuronaUnderstandPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_understand_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-understand-page.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaUnderstandPage, content);
  gtk_widget_class_bind_template_child (widget_class, NeuronaUnderstandPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, NeuronaUnderstandPage, whose_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaUnderstandPage, views);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
neurona_understand_page_init (NeuronaUnderstandPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The views, in the order of the sidebar. Each helper view adds itself here. */

  /* "confusion": Confusion matrix; "per-class": Per-class accuracy */
  add_view (self, "confusion", _("Confusion matrix"), neurona_confusion_view_new ());
  add_view (self, "per-class", _("Per-class accuracy"), neurona_per_class_view_new ());

  /* "weights": First-layer weights; "draw": Drawing pad */
  add_view (self, "weights", _("First-layer weights"), neurona_weights_view_new ());
  add_view (self, "draw", _("Drawing pad"), neurona_draw_view_new ());

  /* "outputs": Outputs of one image; "code": Code */
  add_view (self, "outputs", _("Outputs of one image"), neurona_outputs_view_new ());
  add_view (self, "code", _("Code"), neurona_code_view_new ());

  (void) add_view;
}

void
neurona_understand_page_set_config_problem (NeuronaUnderstandPage *self, const char *problem)
{
  g_return_if_fail (NEURONA_IS_UNDERSTAND_PAGE (self));

  if (g_strcmp0 (self->config_problem, problem) == 0)
    return;
  g_free (self->config_problem);
  self->config_problem = g_strdup (problem);
  update_views (self);
}
