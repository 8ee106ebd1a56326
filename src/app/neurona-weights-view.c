/* neurona-weights-view.c — the first layer's units as pictures of their weights.
 *
 * The pictures of a page are cheap (32 × 784 weights copied and colour-mapped) and are
 * redrawn on the main thread whenever the current weights change while the view is shown;
 * the test images that excite the chosen unit (a pass over the whole test set) are found
 * on a GTask worker, and a newer model or unit drops an older answer.
 */
#include "neurona-weights-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "neurona-a11y.h"
#include "neurona-image-view.h"
#include "neurona-weights-picture.h"

#define PAGE NEURONA_WEIGHTS_VIEW_PAGE_SIZE
#define N_TOP NEURONA_WEIGHTS_VIEW_N_TOP

struct _NeuronaWeightsView
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *box;
  GtkLabel *page_label;
  GtkStack *stack;
  GtkLabel *empty_label;
  GtkFlowBox *grid;
  GtkWidget *detail_picture; /* NeuronaWeightsPicture */
  GtkLabel *detail_title;
  GtkLabel *top_caption;
  GtkGrid *thumbs_grid;

  /* Children made in code */
  GtkWidget *cells[PAGE];    /* GtkFlowBoxChild */
  GtkWidget *pictures[PAGE]; /* NeuronaWeightsPicture */
  GtkLabel *cell_labels[PAGE];
  GtkWidget *thumbs[N_TOP]; /* NeuronaImageView */
  GtkLabel *thumb_labels[N_TOP];

  /* Owned */
  NeuronaSession *session;
  NrWeights *weights;
  NrImageSet *test_set;
  GCancellable *cancellable;
  gboolean normalize;
  NrDatasetId dataset_id;
  guint n_units;
  guint page;
  guint selected;
  gboolean dirty;
  guint generation;
  guint top[N_TOP];
  guint n_top;
  guint top_unit; /* whose images top[] are */
};

G_DEFINE_FINAL_TYPE (NeuronaWeightsView, neurona_weights_view, GTK_TYPE_WIDGET)

/* ---- the most exciting test images, on a worker ------------------------------------- */

typedef struct
{
  NrWeights *weights;
  NrImageSet *set;
  gboolean normalize;
  guint unit;
  guint generation;
  guint top[N_TOP];
  guint n_top;
} TopJob;

static void
top_job_free (gpointer data)
{
  TopJob *job = data;

  nr_weights_unref (job->weights);
  nr_image_set_unref (job->set);
  g_free (job);
}

static void
top_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  TopJob *job = task_data;
  g_autofree float *resp = g_try_new (float, MAX (job->set->n, 1u));

  if (resp == NULL
      || !nr_inspect_unit_responses (job->weights, job->unit, job->set, job->normalize, resp))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  job->n_top = nr_inspect_top_k (resp, job->set->n, N_TOP, job->top);
  g_task_return_boolean (task, TRUE);
}

static void
show_top (NeuronaWeightsView *self)
{
  const NrDatasetInfo *info = nr_dataset_info (self->dataset_id);

  for (guint i = 0; i < N_TOP; i++)
    {
      gboolean on = i < self->n_top && self->test_set != NULL;

      gtk_widget_set_visible (self->thumbs[i], on);
      gtk_widget_set_visible (GTK_WIDGET (self->thumb_labels[i]), on);
      if (on)
        {
          NrImageSet *set = self->test_set;
          guint index = self->top[i];
          guint label = set->labels[index];
          const char *name = label < info->n_classes ? gettext (info->class_names[label]) : "?";
          g_autofree char *a11y = NULL;

          neurona_image_view_set_pixels (NEURONA_IMAGE_VIEW (self->thumbs[i]),
                                         set->pixels + (gsize) index * set->rows * set->cols,
                                         set->rows, set->cols);
          gtk_label_set_text (self->thumb_labels[i], name);
          /* Translators: a thumbnail's accessible name: "test image 4021: Sneaker" */
          a11y = g_strdup_printf (_("test image %u: %s"), index, name);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->thumbs[i]),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
          gtk_widget_set_tooltip_text (self->thumbs[i], a11y);
        }
    }
}

static void
top_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  NeuronaWeightsView *self = NEURONA_WEIGHTS_VIEW (source);
  TopJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (job->generation != self->generation
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* a newer model or unit, or the view has gone */
  g_clear_object (&self->cancellable);
  self->n_top = ok ? job->n_top : 0;
  self->top_unit = job->unit;
  memcpy (self->top, job->top, sizeof self->top);
  gtk_label_set_text (self->top_caption, ok ? _("Test images that excite it most")
                                            : _("No test images to show"));
  show_top (self);
}

static void
start_top (NeuronaWeightsView *self)
{
  g_autoptr (GTask) task = NULL;
  NrImageSet *shown_set = self->test_set;
  gboolean keep;
  TopJob *job;

  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->session != NULL && self->weights != NULL)
    {
      NrDataset *dataset = neurona_session_get_dataset (self->session, self->dataset_id);

      if (dataset != NULL)
        {
          if (self->test_set != dataset->test)
            {
              g_clear_pointer (&self->test_set, nr_image_set_unref);
              self->test_set = nr_image_set_ref (dataset->test);
            }
        }
      else
        neurona_session_load_dataset (self->session, self->dataset_id);
    }
  if (self->weights == NULL || self->test_set == NULL || self->selected >= self->n_units)
    {
      self->n_top = 0;
      gtk_label_set_text (self->top_caption, self->test_set == NULL && self->n_units > 0
                                                 ? _("Loading the test images…")
                                                 : "");
      show_top (self);
      return;
    }
  /* The same unit of a model one epoch further on: its last images stay until the new
   * ones come (a few milliseconds), rather than the row emptying and filling again at
   * every epoch, which would lay the view out twice. */
  keep = self->n_top > 0 && self->top_unit == self->selected && shown_set == self->test_set;
  if (!keep)
    {
      self->n_top = 0;
      gtk_label_set_text (self->top_caption, _("Finding the test images that excite it most…"));
      show_top (self);
    }

  job = g_new0 (TopJob, 1);
  job->weights = nr_weights_ref (self->weights);
  job->set = nr_image_set_ref (self->test_set);
  job->normalize = self->normalize;
  job->unit = self->selected;
  job->generation = self->generation;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, top_done, NULL);
  g_task_set_source_tag (task, start_top);
  g_task_set_task_data (task, job, top_job_free);
  g_task_run_in_thread (task, top_thread);
}

/* ---- the pictures ------------------------------------------------------------------- */

static guint
n_pages (NeuronaWeightsView *self)
{
  return (self->n_units + PAGE - 1) / PAGE;
}

static void
update_detail (NeuronaWeightsView *self)
{
  float values[NR_INSPECT_SIDE * NR_INSPECT_SIDE];
  g_autofree char *title = NULL;

  if (self->n_units == 0 || self->selected >= self->n_units
      || nr_weights_get_spec (self->weights)->input_size != G_N_ELEMENTS (values))
    {
      neurona_weights_picture_set_values (NEURONA_WEIGHTS_PICTURE (self->detail_picture), NULL,
                                          0, 0, 0);
      gtk_label_set_text (self->detail_title, "");
      start_top (self);
      return;
    }
  nr_inspect_unit_weights (self->weights, self->selected, values);
  {
    float lo, hi, range = nr_inspect_units_range (self->weights, self->selected, 1, &lo, &hi);
    g_autofree char *desc = NULL;

    neurona_weights_picture_set_values (NEURONA_WEIGHTS_PICTURE (self->detail_picture), values,
                                        NR_INSPECT_SIDE, NR_INSPECT_SIDE, range);
    /* Translators: the large picture's text alternative */
    desc = g_strdup_printf (_("Weights of unit %u, from %.2f to %.2f"), self->selected + 1,
                            (double) lo, (double) hi);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->detail_picture),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, desc, -1);
  }
  /* Translators: the chosen unit, 1-based, then its 0-based index in the layer */
  title = g_strdup_printf (_("Unit %u (index %u)"), self->selected + 1, self->selected);
  gtk_label_set_text (self->detail_title, title);
  start_top (self);
}

/* The units there are and the page's line ("Units 1–32 of 128") and buttons: cheap, so
 * kept current while the view is hidden too (its mnemonic then works from the start). */
static void
update_header (NeuronaWeightsView *self)
{
  guint pages, first, count;
  g_autofree char *page_text = NULL;

  self->n_units = self->weights != NULL ? nr_inspect_first_layer_units (self->weights) : 0;
  if (self->weights != NULL
      && nr_weights_get_spec (self->weights)->input_size != NR_INSPECT_SIDE * NR_INSPECT_SIDE)
    self->n_units = 0; /* not 28 × 28 pictures */
  pages = n_pages (self);
  self->page = pages > 0 ? MIN (self->page, pages - 1) : 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "weights.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "weights.next-page",
                                 self->page + 1 < pages);
  if (self->n_units == 0)
    {
      gtk_label_set_text (self->page_label, "");
      return;
    }
  first = self->page * PAGE;
  count = MIN (PAGE, self->n_units - first);
  /* Translators: "Units 1–32 of 128"; Alt+the underlined letter moves to the units (use
   * one of i, j, k, l, m, p, q, u, v: the Understand page's other views take the rest) */
  page_text = g_strdup_printf (_("_Units %u–%u of %u"), first + 1, first + count, self->n_units);
  gtk_label_set_text_with_mnemonic (self->page_label, page_text);
}

static void
refresh (NeuronaWeightsView *self)
{
  float values[NR_INSPECT_SIDE * NR_INSPECT_SIDE];
  guint first, count, pages;
  float lo = 0, hi = 0, range;
  g_autofree char *alt = NULL;

  self->dirty = FALSE;
  update_header (self);
  pages = n_pages (self);

  if (self->n_units == 0)
    {
      gtk_label_set_text (self->empty_label,
                          self->weights == NULL
                              ? _("No model yet: train one or open a run.")
                              : _("This model has no hidden layer: its only Dense layer is the "
                                  "output, so there are no hidden units to show. Add a hidden "
                                  "layer in the model panel and train it."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      gtk_label_get_text (self->empty_label), -1);
      update_detail (self);
      return;
    }

  first = self->page * PAGE;
  count = MIN (PAGE, self->n_units - first);
  range = nr_inspect_units_range (self->weights, first, count, &lo, &hi);
  for (guint i = 0; i < PAGE; i++)
    {
      gboolean on = i < count;

      gtk_widget_set_visible (self->cells[i], on);
      if (on)
        {
          guint unit = first + i;
          float ulo, uhi;
          g_autofree char *label = NULL, *tip = NULL, *desc = NULL;

          nr_inspect_unit_weights (self->weights, unit, values);
          neurona_weights_picture_set_values (NEURONA_WEIGHTS_PICTURE (self->pictures[i]),
                                              values, NR_INSPECT_SIDE, NR_INSPECT_SIDE, range);
          nr_inspect_units_range (self->weights, unit, 1, &ulo, &uhi);
          /* Translators: under a unit's picture; 1-based */
          label = g_strdup_printf (_("unit %u"), unit + 1);
          gtk_label_set_text (self->cell_labels[i], label);
          /* Translators: a unit's tooltip: "unit 5 (index 4): weights from -0.21 to 0.30" */
          tip = g_strdup_printf (_("unit %u (index %u): weights from %.2f to %.2f"), unit + 1,
                                 unit, (double) ulo, (double) uhi);
          gtk_widget_set_tooltip_text (self->cells[i], tip);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->cells[i]),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
          if (unit == self->selected)
            gtk_flow_box_select_child (self->grid, GTK_FLOW_BOX_CHILD (self->cells[i]));
        }
    }
  if (self->selected < first || self->selected >= first + count)
    gtk_flow_box_unselect_all (self->grid);
  gtk_stack_set_visible_child_name (self->stack, "units");

  /* Translators: the view's text alternative */
  alt = g_strdup_printf (ngettext ("%u hidden unit, page %u of %u; weights from %.2f to %.2f",
                                   "%u hidden units, page %u of %u; weights from %.2f to %.2f",
                                   self->n_units),
                         self->n_units, self->page + 1, pages, (double) lo, (double) hi);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, alt,
                                  -1);
  /* The grid is named by its mnemonic label ("Units 1–32 of 128"); this says the rest. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  alt, -1);
  if (self->selected >= self->n_units)
    self->selected = 0;
  update_detail (self);
}

/* Refreshes now when shown, else when next shown. */
static void
queue_refresh (NeuronaWeightsView *self)
{
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
  else
    update_header (self);
}

static void
show_weights (NeuronaWeightsView *self, NrWeights *weights, gboolean normalize,
              NrDatasetId dataset_id)
{
  if (weights != self->weights)
    {
      g_clear_pointer (&self->weights, nr_weights_unref);
      self->weights = weights != NULL ? nr_weights_ref (weights) : NULL;
    }
  if (dataset_id != self->dataset_id)
    g_clear_pointer (&self->test_set, nr_image_set_unref);
  self->normalize = normalize;
  self->dataset_id = dataset_id;
  queue_refresh (self);
}

static void
on_current_weights (NeuronaWeightsView *self)
{
  NrWeights *weights = NULL;
  gboolean normalize = TRUE;
  NrDatasetId dataset_id = NR_DATASET_MNIST;

  if (self->session != NULL)
    weights = neurona_session_get_current_weights (self->session, &normalize, &dataset_id);
  show_weights (self, weights, normalize, dataset_id);
}

static void
on_dataset_changed (NeuronaSession *session, guint id, NeuronaWeightsView *self)
{
  if (id == self->dataset_id && self->test_set == NULL)
    queue_refresh (self);
}

/* ---- actions and signals -------------------------------------------------------------- */

static void
previous_page (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWeightsView *self = NEURONA_WEIGHTS_VIEW (widget);

  if (self->page > 0)
    neurona_weights_view_set_page (self, self->page - 1);
}

static void
next_page (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaWeightsView *self = NEURONA_WEIGHTS_VIEW (widget);

  neurona_weights_view_set_page (self, self->page + 1);
}

static void
on_child_activated (GtkFlowBox *grid, GtkFlowBoxChild *child, NeuronaWeightsView *self)
{
  int i = gtk_flow_box_child_get_index (child);

  if (i >= 0)
    neurona_weights_view_select_unit (self, self->page * PAGE + (guint) i);
}

static void
neurona_weights_view_map (GtkWidget *widget)
{
  NeuronaWeightsView *self = NEURONA_WEIGHTS_VIEW (widget);

  GTK_WIDGET_CLASS (neurona_weights_view_parent_class)->map (widget);
  if (self->dirty)
    refresh (self);
}

/* ---- building ----------------------------------------------------------------------- */

/* The parts repeated per unit and per thumbnail, which the template does not list. */
static void
build_cells (NeuronaWeightsView *self)
{
  for (guint i = 0; i < PAGE; i++)
    {
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      self->pictures[i] = neurona_weights_picture_new ();
      neurona_weights_picture_set_size (NEURONA_WEIGHTS_PICTURE (self->pictures[i]), 56);
      gtk_box_append (GTK_BOX (cell), self->pictures[i]);
      self->cell_labels[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (self->cell_labels[i]), "caption");
      gtk_box_append (GTK_BOX (cell), GTK_WIDGET (self->cell_labels[i]));
      self->cells[i] = gtk_flow_box_child_new ();
      gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (self->cells[i]), cell);
      gtk_flow_box_append (self->grid, self->cells[i]);
    }
  for (guint i = 0; i < N_TOP; i++)
    {
      self->thumbs[i] = neurona_image_view_new ();
      neurona_image_view_set_size (NEURONA_IMAGE_VIEW (self->thumbs[i]), 56);
      neurona_image_view_set_colormap (NEURONA_IMAGE_VIEW (self->thumbs[i]), NR_COLORMAP_BINARY);
      gtk_widget_set_visible (self->thumbs[i], FALSE);
      self->thumb_labels[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (self->thumb_labels[i]), "caption");
      gtk_label_set_ellipsize (self->thumb_labels[i], PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (self->thumb_labels[i], 8);
      gtk_grid_attach (self->thumbs_grid, self->thumbs[i], i % 4, 2 * (i / 4), 1, 1);
      gtk_grid_attach (self->thumbs_grid, GTK_WIDGET (self->thumb_labels[i]), i % 4,
                       2 * (i / 4) + 1, 1, 1);
    }
  neurona_weights_picture_set_size (NEURONA_WEIGHTS_PICTURE (self->detail_picture), 196);
  neurona_weights_picture_set_show_colorbar (NEURONA_WEIGHTS_PICTURE (self->detail_picture),
                                             TRUE);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
neurona_weights_view_dispose (GObject *object)
{
  NeuronaWeightsView *self = NEURONA_WEIGHTS_VIEW (object);

  self->generation++; /* an answer still on its way is dropped */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->weights, nr_weights_unref);
  g_clear_pointer (&self->test_set, nr_image_set_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_WEIGHTS_VIEW);
  G_OBJECT_CLASS (neurona_weights_view_parent_class)->dispose (object);
}

static void
neurona_weights_view_class_init (NeuronaWeightsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_weights_view_dispose;
  widget_class->map = neurona_weights_view_map;
  g_type_ensure (NEURONA_TYPE_WEIGHTS_PICTURE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurona/Neurona/neurona-weights-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaWeightsView, box);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWeightsView, page_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWeightsView, stack);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWeightsView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWeightsView, grid);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWeightsView, detail_title);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWeightsView, detail_picture);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWeightsView, top_caption);
  gtk_widget_class_bind_template_child (widget_class, NeuronaWeightsView, thumbs_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_child_activated);
  gtk_widget_class_install_action (widget_class, "weights.previous-page", NULL, previous_page);
  gtk_widget_class_install_action (widget_class, "weights.next-page", NULL, next_page);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "weightsview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
neurona_weights_view_init (NeuronaWeightsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_cells (self);
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));
  /* The first refresh waits for the map: no accessible updates during init. */
  self->dirty = TRUE;
}

GtkWidget *
neurona_weights_view_new (void)
{
  return g_object_new (NEURONA_TYPE_WEIGHTS_VIEW, NULL);
}

void
neurona_weights_view_set_session (NeuronaWeightsView *self, NeuronaSession *session)
{
  g_return_if_fail (NEURONA_IS_WEIGHTS_VIEW (self));
  g_return_if_fail (session == NULL || NEURONA_IS_SESSION (session));

  if (session == self->session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_swapped (session, "notify::current-weights",
                                G_CALLBACK (on_current_weights), self);
      g_signal_connect (session, "dataset-changed", G_CALLBACK (on_dataset_changed), self);
    }
  on_current_weights (self);
}

void
neurona_weights_view_set_weights (NeuronaWeightsView *self, NrWeights *weights,
                                  gboolean normalize, NrDatasetId dataset_id)
{
  g_return_if_fail (NEURONA_IS_WEIGHTS_VIEW (self));
  g_return_if_fail (dataset_id < NR_N_DATASETS);

  show_weights (self, weights, normalize, dataset_id);
}

NrWeights *
neurona_weights_view_get_weights (NeuronaWeightsView *self)
{
  g_return_val_if_fail (NEURONA_IS_WEIGHTS_VIEW (self), NULL);
  return self->weights;
}

guint
neurona_weights_view_get_page (NeuronaWeightsView *self)
{
  g_return_val_if_fail (NEURONA_IS_WEIGHTS_VIEW (self), 0);
  return self->page;
}

guint
neurona_weights_view_get_n_pages (NeuronaWeightsView *self)
{
  g_return_val_if_fail (NEURONA_IS_WEIGHTS_VIEW (self), 0);
  return n_pages (self);
}

void
neurona_weights_view_set_page (NeuronaWeightsView *self, guint page)
{
  g_return_if_fail (NEURONA_IS_WEIGHTS_VIEW (self));

  if (page >= n_pages (self) || page == self->page)
    return;
  self->page = page;
  /* The chosen unit follows the page, so the large picture is one of those shown. */
  self->selected = page * PAGE;
  refresh (self);
}

GtkWidget *
neurona_weights_view_get_unit_picture (NeuronaWeightsView *self, guint i)
{
  g_return_val_if_fail (NEURONA_IS_WEIGHTS_VIEW (self), NULL);

  if (i >= PAGE || self->page * PAGE + i >= self->n_units)
    return NULL;
  return self->pictures[i];
}

GtkWidget *
neurona_weights_view_get_detail_picture (NeuronaWeightsView *self)
{
  g_return_val_if_fail (NEURONA_IS_WEIGHTS_VIEW (self), NULL);
  return self->detail_picture;
}

guint
neurona_weights_view_get_selected_unit (NeuronaWeightsView *self)
{
  g_return_val_if_fail (NEURONA_IS_WEIGHTS_VIEW (self), 0);
  return self->selected;
}

void
neurona_weights_view_select_unit (NeuronaWeightsView *self, guint unit)
{
  g_return_if_fail (NEURONA_IS_WEIGHTS_VIEW (self));

  if (unit >= self->n_units)
    return;
  self->selected = unit;
  if (unit / PAGE != self->page)
    {
      self->page = unit / PAGE;
      refresh (self);
      return;
    }
  gtk_flow_box_select_child (self->grid, GTK_FLOW_BOX_CHILD (self->cells[unit % PAGE]));
  update_detail (self);
}

guint
neurona_weights_view_get_top_images (NeuronaWeightsView *self, const guint **indices)
{
  g_return_val_if_fail (NEURONA_IS_WEIGHTS_VIEW (self), 0);

  if (indices != NULL)
    *indices = self->top;
  return self->n_top;
}
