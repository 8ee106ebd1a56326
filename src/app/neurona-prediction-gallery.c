/* neurona-prediction-gallery.c — the "Predictions" page.
 *
 * The weights arrive (shared, NrWeights) after every epoch. Its probabilities for the whole test split
 * are computed on a GTask worker thread in chunks, so the UI never waits and a computation
 * for a model that has been replaced is cancelled between chunks (and its result dropped
 * by generation number, should it finish anyway). The page shows rows × columns cards of
 * the filtered, sorted list, paged; the cards are reused from page to page and from epoch
 * to epoch, so keyboard focus stays where it was while the numbers update.
 */
#include "neurona-prediction-gallery.h"

#include <glib/gi18n.h>
#include <string.h>

#include "neurona-a11y.h"
#include "neurona-comparison.h"
#include "neurona-prediction-card.h"
#include "neurona-prediction-detail.h"

#define PREDICT_CHUNK 512 /* images per cancellation check */

struct _NeuronaPredictionGallery
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkOrientable *toolbar;
  GtkSpinButton *rows_spin;
  GtkSpinButton *columns_spin;
  GtkCheckButton *mistakes_check;
  GtkDropDown *sort_dropdown;
  GtkSpinner *spinner;
  GtkLabel *whose_label;
  GtkLabel *summary_label;
  GtkScrolledWindow *scroller;
  GtkFlowBox *flow;
  GtkLabel *page_label;
  GtkWidget *comparison_box;
  GtkWidget *cell_box;
  GtkLabel *cell_label;
  GtkToggleButton *flip_buttons[2];
  GtkSpinButton *goto_spin;
  GtkAdjustment *goto_adjustment;
  GtkLabel *goto_message;
  guint goto_tick;   /* focuses the card gone to once it is laid out */
  guint goto_frames;
  guint goto_card;

  /* Owned */
  NrImageSet *set;
  NrWeights *weights;
  gboolean normalize;
  GCancellable *cancellable; /* of the running prediction, if any */
  float *probs;              /* (set->n, n_outputs), NULL until predictions are in */
  guint n_outputs;
  guint *predicted;  /* (set->n) argmax */
  float *confidence; /* (set->n) max probability */
  guint n_mistakes;
  guint *order; /* (n_order) indices into the set: filtered, sorted */
  guint n_order;
  GPtrArray *cards; /* the page's NeuronaPredictionCard, borrowed from the flow box */
  char *problem;    /* why there are no predictions (model does not fit the images) */
  char *whose;      /* "run 3 · …": whose predictions the page shows when not comparing */
  NeuronaComparison *comparison; /* two runs compared, or NULL */
  guint flip_side;  /* the images comparison run flip_side got right and the other wrong */
  gboolean cell_on; /* only the images of true class cell_true predicted as cell_predicted */
  guint cell_true, cell_predicted;

  GtkFileChooserNative *chooser; /* Save as PNG… */
  GtkWidget *error_dialog;       /* a save that failed */

  /* Borrowed */
  const char *const *class_names;
  guint n_classes;

  guint generation; /* bumped whenever the data or the model changes */
  guint page_start; /* position in order[] of the first card */
  gboolean busy;
  NrColormap cmap;

  /* The large view (a window of its own, which the toplevels list owns; NULL when
   * closed) */
  NeuronaPredictionDetail *detail;
};

G_DEFINE_FINAL_TYPE (NeuronaPredictionGallery, neurona_prediction_gallery, GTK_TYPE_WIDGET)

typedef struct
{
  NrWeights *weights;
  NrImageSet *set;
  gboolean normalize;
  guint generation;
} PredictJob;

static void
predict_job_free (gpointer data)
{
  PredictJob *job = data;

  g_clear_pointer (&job->weights, nr_weights_unref);
  g_clear_pointer (&job->set, nr_image_set_unref);
  g_free (job);
}

static guint
page_size (NeuronaPredictionGallery *self)
{
  return (guint) (gtk_spin_button_get_value_as_int (self->rows_spin)
                  * gtk_spin_button_get_value_as_int (self->columns_spin));
}

static gboolean
has_predictions (NeuronaPredictionGallery *self)
{
  return self->set != NULL && self->probs != NULL;
}

static gboolean
comparing (NeuronaPredictionGallery *self)
{
  return self->comparison != NULL;
}

static gboolean
comparison_ready (NeuronaPredictionGallery *self)
{
  return self->comparison != NULL
         && neurona_comparison_get_state (self->comparison) == NEURONA_COMPARISON_READY;
}

/* The images the cards show: the test set, or the ones the two compared runs were tested
 * on (NULL until they are known). */
static NrImageSet *
shown_set (NeuronaPredictionGallery *self)
{
  if (comparing (self))
    return neurona_comparison_get_images (self->comparison);
  return self->set;
}

static guint
run_number (NeuronaPredictionGallery *self, guint which)
{
  return neurona_run_item_get_number (neurona_comparison_get_run (self->comparison, which));
}

/* Detail view ---------------------------------------------------------------------- */

static void on_goto_activated (NeuronaPredictionGallery *self);
static void on_goto_changed (NeuronaPredictionGallery *self);
static void set_goto_message (NeuronaPredictionGallery *self, const char *text);

/* The image before (delta -1) or after (+1) image i, in the order of the cards (the sort
 * and filter shown), or by test index when it is not among them; -1 when there is none. */
static int
detail_neighbour (NeuronaPredictionGallery *self, guint i, int delta)
{
  NrImageSet *set = shown_set (self);

  for (guint pos = 0; pos < self->n_order; pos++)
    if (self->order[pos] == i)
      {
        if ((delta < 0 && pos == 0) || (delta > 0 && pos + 1 >= self->n_order))
          return -1;
        return (int) self->order[delta < 0 ? pos - 1 : pos + 1];
      }
  if (set == NULL || (delta < 0 && i == 0) || (delta > 0 && i + 1 >= set->n))
    return -1;
  return (int) (delta < 0 ? i - 1 : i + 1);
}

/* Gives the large view image i and its predictions (one run's, or both compared runs'),
 * or closes it when there is no such image any more. */
static void
show_in_detail (NeuronaPredictionGallery *self, guint i)
{
  NeuronaPredictionDetail *detail = self->detail;
  NrImageSet *set = shown_set (self);

  if (detail == NULL)
    return;
  if (set == NULL || i >= set->n || (comparing (self) && !comparison_ready (self)))
    {
      gtk_window_destroy (GTK_WINDOW (detail));
      return;
    }

  neurona_prediction_detail_set_class_names (detail, self->class_names, self->n_classes);
  neurona_prediction_detail_set_colormap (detail, self->cmap);
  neurona_prediction_detail_set_image (detail, i, set->n,
                                       set->pixels + (gsize) i * set->rows * set->cols,
                                       set->rows, set->cols, set->labels[i]);
  if (comparing (self))
    {
      guint outputs[2];
      const float *probs[2];

      for (guint r = 0; r < 2; r++)
        probs[r] = neurona_comparison_get_probs (self->comparison, r, &outputs[r])
                   + (gsize) i * outputs[r];
      neurona_prediction_detail_set_pair (detail, run_number (self, 0), probs[0], outputs[0],
                                          run_number (self, 1), probs[1], outputs[1]);
    }
  else if (has_predictions (self))
    neurona_prediction_detail_set_prediction (detail, self->probs + (gsize) i * self->n_outputs,
                                              self->n_outputs);
  neurona_prediction_detail_set_neighbours (detail, detail_neighbour (self, i, -1),
                                            detail_neighbour (self, i, +1));
}

/* The order changed (a filter or a sort): Previous / Next follow it. */
static void
update_detail_neighbours (NeuronaPredictionGallery *self)
{
  guint i;

  if (self->detail == NULL)
    return;
  i = neurona_prediction_detail_get_index (self->detail);
  neurona_prediction_detail_set_neighbours (self->detail, detail_neighbour (self, i, -1),
                                            detail_neighbour (self, i, +1));
}

/* The predictions or the comparison changed: the large view follows. */
static void
update_detail (NeuronaPredictionGallery *self)
{
  if (self->detail != NULL)
    show_in_detail (self, neurona_prediction_detail_get_index (self->detail));
}

static void
on_detail_index_requested (NeuronaPredictionDetail *detail, guint index,
                           NeuronaPredictionGallery *self)
{
  show_in_detail (self, index);
}

static void
on_detail_destroyed (NeuronaPredictionGallery *self)
{
  self->detail = NULL;
}

static void
show_detail (NeuronaPredictionGallery *self, guint index)
{
  NrImageSet *set = shown_set (self);

  if (set == NULL || index >= set->n || (comparing (self) && !comparison_ready (self)))
    return;
  if (self->detail == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      self->detail = NEURONA_PREDICTION_DETAIL (neurona_prediction_detail_new ());
      if (GTK_IS_WINDOW (root))
        gtk_window_set_transient_for (GTK_WINDOW (self->detail), GTK_WINDOW (root));
      g_signal_connect (self->detail, "index-requested", G_CALLBACK (on_detail_index_requested),
                        self);
      g_signal_connect_swapped (self->detail, "destroy", G_CALLBACK (on_detail_destroyed), self);
    }
  show_in_detail (self, index);
  gtk_window_present (GTK_WINDOW (self->detail));
}

/* The page ------------------------------------------------------------------------- */

static void
update_page (NeuronaPredictionGallery *self)
{
  NrImageSet *set = shown_set (self);
  guint size = page_size (self);
  guint count = self->page_start < self->n_order ? MIN (size, self->n_order - self->page_start) : 0;
  gsize npix = set != NULL ? (gsize) set->rows * set->cols : 0;
  int cols = gtk_spin_button_get_value_as_int (self->columns_spin);

  gtk_flow_box_set_min_children_per_line (self->flow, cols);
  gtk_flow_box_set_max_children_per_line (self->flow, cols);

  while (self->cards->len < count)
    {
      GtkWidget *card = neurona_prediction_card_new ();

      neurona_prediction_card_set_colormap (NEURONA_PREDICTION_CARD (card), self->cmap);
      gtk_flow_box_append (self->flow, card);
      g_ptr_array_add (self->cards, card);
    }
  while (self->cards->len > count)
    {
      GtkWidget *card = g_ptr_array_steal_index (self->cards, self->cards->len - 1);

      gtk_flow_box_remove (self->flow, card);
    }

  for (guint c = 0; c < count && comparing (self); c++)
    {
      guint i = self->order[self->page_start + c];
      guint outputs_a, outputs_b;
      const float *a = neurona_comparison_get_probs (self->comparison, 0, &outputs_a);
      const float *b = neurona_comparison_get_probs (self->comparison, 1, &outputs_b);

      neurona_prediction_card_set_pair (g_ptr_array_index (self->cards, c), i,
                                        set->pixels + i * npix, set->rows, set->cols,
                                        set->labels[i], run_number (self, 0),
                                        a + (gsize) i * outputs_a, outputs_a,
                                        run_number (self, 1), b + (gsize) i * outputs_b,
                                        outputs_b, self->class_names, self->n_classes);
    }
  for (guint c = 0; c < count && !comparing (self); c++)
    {
      guint i = self->order[self->page_start + c];
      const float *p = has_predictions (self) ? self->probs + (gsize) i * self->n_outputs : NULL;

      neurona_prediction_card_set (g_ptr_array_index (self->cards, c), i,
                                   set->pixels + i * npix, set->rows, set->cols, set->labels[i],
                                   p, p != NULL ? self->n_outputs : 0, self->class_names,
                                   self->n_classes);
    }

  if (count == 0)
    gtk_label_set_text (self->page_label,
                        self->n_order == 0 && set != NULL && set->n > 0 ? _("No images to show")
                                                                        : "");
  else
    {
      g_autofree char *first = nr_format_count (self->page_start + 1);
      g_autofree char *last = nr_format_count (self->page_start + count);
      g_autofree char *total = nr_format_count (self->n_order);
      /* TRANSLATORS: "Images 1–15 of 10,000" */
      g_autofree char *text = g_strdup_printf (_("Images %s–%s of %s"), first, last, total);

      gtk_label_set_text (self->page_label, text);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.previous-page",
                                 self->page_start > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.next-page",
                                 self->page_start + size < self->n_order);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.save-png", count > 0);
}

static int
compare_confidence (gconstpointer a, gconstpointer b, gpointer user_data)
{
  NeuronaPredictionGallery *self = user_data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  float ca = self->confidence[ia], cb = self->confidence[ib];

  if (ca != cb)
    return ca < cb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

static int
compare_confidence_desc (gconstpointer a, gconstpointer b, gpointer user_data)
{
  NeuronaPredictionGallery *self = user_data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  float ca = self->confidence[ia], cb = self->confidence[ib];

  if (ca != cb)
    return ca > cb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

/* A class's name as the page shows it, translated; "output 12" beyond the classes. */
static char *
class_label (NeuronaPredictionGallery *self, guint c)
{
  if (c < self->n_classes && self->class_names != NULL)
    return g_strdup (_(self->class_names[c]));
  /* Translators: an output of the network beyond the dataset's classes */
  return g_strdup_printf (_("output %u"), c);
}

/* "True Shirt, predicted T-shirt/top: 112 images" above the cards of a cell. */
static void
update_cell_heading (NeuronaPredictionGallery *self)
{
  gboolean on = self->cell_on && !comparing (self);

  gtk_widget_set_visible (self->cell_box, on);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mistakes_check), !on && !comparing (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.show-all", on);
  if (on)
    {
      g_autofree char *t = class_label (self, self->cell_true);
      g_autofree char *p = class_label (self, self->cell_predicted);
      g_autofree char *count = nr_format_count (self->n_order);
      g_autofree char *text = NULL;

      if (!has_predictions (self))
        /* Translators: the heading of one cell of the confusion matrix on the Predictions
         * page, while the predictions are computed: "True Shirt, predicted T-shirt/top" */
        text = g_strdup_printf (_("True %s, predicted %s"), t, p);
      else
        /* Translators: "True Shirt, predicted T-shirt/top: 112 images" */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "True %s, predicted %s: %s image",
                                             "True %s, predicted %s: %s images", self->n_order),
                                t, p, count);
      gtk_label_set_text (self->cell_label, text);
    }
}

/* Rebuilds order[] from the filter and the sort; keeps the page where it was. */
static void
update_order (NeuronaPredictionGallery *self)
{
  NrImageSet *set = self->set;
  gboolean mistakes = gtk_check_button_get_active (self->mistakes_check);
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);
  guint size = page_size (self);

  g_clear_pointer (&self->order, g_free);
  self->n_order = 0;
  if (comparing (self))
    {
      guint n = 0;
      const guint *flipped = comparison_ready (self)
                               ? neurona_comparison_get_flipped (self->comparison, self->flip_side, &n)
                               : NULL;

      self->order = g_new (guint, MAX (n, 1u));
      if (n > 0)
        memcpy (self->order, flipped, n * sizeof (guint));
      self->n_order = n;
    }
  else if (set != NULL)
    {
      self->order = g_new (guint, MAX (set->n, 1u));
      for (guint i = 0; i < set->n; i++)
        {
          /* A cell of the confusion matrix: the cell says right or wrong by itself. */
          if (self->cell_on)
            {
              if (!has_predictions (self) || set->labels[i] != self->cell_true
                  || self->predicted[i] != self->cell_predicted)
                continue;
            }
          /* Without predictions there are no mistakes to show yet. */
          else if (mistakes && (!has_predictions (self) || self->predicted[i] == set->labels[i]))
            continue;
          self->order[self->n_order++] = i;
        }
      if (has_predictions (self) && sort == NEURONA_GALLERY_SORT_CONFIDENCE_ASCENDING)
        g_qsort_with_data (self->order, self->n_order, sizeof (guint), compare_confidence, self);
      else if (has_predictions (self) && sort == NEURONA_GALLERY_SORT_CONFIDENCE_DESCENDING)
        g_qsort_with_data (self->order, self->n_order, sizeof (guint), compare_confidence_desc,
                           self);
    }

  if (self->page_start >= self->n_order)
    self->page_start = self->n_order > 0 ? (self->n_order - 1) / size * size : 0;
  self->page_start = self->page_start / size * size;
  update_cell_heading (self);
  set_goto_message (self, NULL);
  gtk_adjustment_set_upper (self->goto_adjustment,
                            shown_set (self) != NULL && shown_set (self)->n > 0
                              ? shown_set (self)->n - 1
                              : 0);
  update_page (self);
  update_detail_neighbours (self);
}

static char *comparison_summary (NeuronaPredictionGallery *self);

static void
update_summary (NeuronaPredictionGallery *self)
{
  g_autofree char *text = NULL;

  if (comparing (self))
    text = comparison_summary (self);
  else if (self->set == NULL)
    text = g_strdup (_("No dataset loaded."));
  else if (self->problem != NULL)
    text = g_strdup (self->problem);
  else if (!has_predictions (self))
    text = g_strdup (self->busy ? _("Computing the model’s predictions…")
                                : _("No model yet: its guesses for the test images will appear here."));
  else
    {
      guint n = self->set->n;
      g_autofree char *images = nr_format_count (n);
      g_autofree char *wrong = nr_format_count (self->n_mistakes);
      g_autofree char *mistakes = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%s mistake", "%s mistakes", self->n_mistakes), wrong);
      double accuracy = n > 0 ? 100.0 * (n - self->n_mistakes) / n : 0;

      /* TRANSLATORS: "Accuracy on 10,000 test images: 88.1% (1,190 mistakes)" */
      text = g_strdup_printf (_("Accuracy on %s test images: %.1f%% (%s)"), images, accuracy,
                              mistakes);
      if (self->n_outputs < self->n_classes)
        {
          g_autofree char *more = g_strdup_printf (
              _("The output layer has %u units, fewer than the %u classes: some true classes "
                "cannot be predicted."),
              self->n_outputs, self->n_classes);
          char *both = g_strconcat (text, " ", more, NULL);

          g_free (text);
          text = both;
        }
    }
  gtk_label_set_text (self->summary_label, text);
}

/* Comparison ------------------------------------------------------------------------ */

static char *
comparison_summary (NeuronaPredictionGallery *self)
{
  NeuronaComparison *c = self->comparison;
  NrImageSet *images = neurona_comparison_get_images (c);
  g_autofree char *n_images = NULL;
  g_autofree char *of_all = NULL;
  g_autofree char *right_a = NULL;
  g_autofree char *right_b = NULL;
  g_autofree char *differ = NULL;
  guint n_a, n_b;

  switch (neurona_comparison_get_state (c))
    {
    case NEURONA_COMPARISON_WORKING:
      return g_strdup (_("Computing both runs’ predictions…"));
    case NEURONA_COMPARISON_FAILED:
      return g_strdup (neurona_comparison_get_error (c));
    case NEURONA_COMPARISON_READY:
    default:
      break;
    }
  neurona_comparison_get_flipped (c, 0, &n_a);
  neurona_comparison_get_flipped (c, 1, &n_b);
  n_images = nr_format_count (images->n);
  right_a = nr_format_count (neurona_comparison_get_n_right (c, 0));
  right_b = nr_format_count (neurona_comparison_get_n_right (c, 1));
  if (images->n < neurona_comparison_get_n_test_images (c))
    {
      g_autofree char *all = nr_format_count (neurona_comparison_get_n_test_images (c));

      /* Translators: "On the first 1,000 of the 10,000 test images (those both runs were
       * tested on), run 3 got 812 right and run 5 790." */
      of_all = g_strdup_printf (_("On the first %s of the %s test images (those both runs were "
                                  "tested on), run %u got %s right and run %u %s."),
                                n_images, all, run_number (self, 0), right_a,
                                run_number (self, 1), right_b);
    }
  else
    /* Translators: "On the 10,000 test images, run 3 got 8,812 right and run 5 8,690." */
    of_all = g_strdup_printf (_("On the %s test images, run %u got %s right and run %u %s."),
                              n_images, run_number (self, 0), right_a, run_number (self, 1),
                              right_b);
  {
    g_autofree char *total = nr_format_count (n_a + n_b);

    /* Translators: "Their verdicts differ on 199 images: one run right, the other wrong." */
    differ = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Their verdicts differ on %s image: one run right, "
                                           "the other wrong.",
                                           "Their verdicts differ on %s images: one run right, "
                                           "the other wrong.",
                                           n_a + n_b),
                              total);
  }
  return g_strconcat (of_all, " ", differ, NULL);
}

/* "Run 3 right, run 5 wrong: 112 images" on the button of each way round. */
static void
update_flip_buttons (NeuronaPredictionGallery *self)
{
  gboolean ready = comparison_ready (self);

  for (guint r = 0; r < 2; r++)
    {
      g_autofree char *label = NULL;
      guint n = 0;

      if (!comparing (self))
        break;
      if (ready)
        {
          g_autofree char *count = NULL;

          neurona_comparison_get_flipped (self->comparison, r, &n);
          count = nr_format_count (n);
          /* Translators: a button of the comparison view: "Run 3 right, run 5 wrong: 112
           * images" */
          label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Run %u right, run %u wrong: %s image",
                                                "Run %u right, run %u wrong: %s images", n),
                                   run_number (self, r), run_number (self, 1 - r), count);
        }
      else
        label = g_strdup_printf (_("Run %u right, run %u wrong"), run_number (self, r),
                                 run_number (self, 1 - r));
      gtk_button_set_label (GTK_BUTTON (self->flip_buttons[r]), label);
      neurona_a11y_name_from_label (GTK_WIDGET (self->flip_buttons[r]));
      gtk_widget_set_visible (GTK_WIDGET (self->flip_buttons[r]),
                              neurona_comparison_get_state (self->comparison)
                                != NEURONA_COMPARISON_FAILED);
    }
}

static void
update_comparison_view (NeuronaPredictionGallery *self)
{
  gboolean on = comparing (self);

  gtk_widget_set_visible (self->comparison_box, on);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mistakes_check), !on && !self->cell_on);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sort_dropdown), !on);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.stop-comparing", on);
  if (on)
    {
      NeuronaRunItem *a = neurona_comparison_get_run (self->comparison, 0);
      NeuronaRunItem *b = neurona_comparison_get_run (self->comparison, 1);
      /* Translators: the heading of the comparison view: "Where run 3 (128 relu · 10
       * epochs) and run 5 (28 relu · 10 epochs) differ" */
      g_autofree char *title = g_strdup_printf (_("Where run %u (%s) and run %u (%s) differ"),
                                                neurona_run_item_get_number (a),
                                                neurona_run_item_get_name (a),
                                                neurona_run_item_get_number (b),
                                                neurona_run_item_get_name (b));

      gtk_label_set_text (self->whose_label, title);
      gtk_widget_set_visible (GTK_WIDGET (self->whose_label), TRUE);
    }
  else
    neurona_prediction_gallery_set_whose (self, self->whose);
  /* The spinner says the comparison is being worked out, or else the page's own work. */
  gtk_spinner_set_spinning (self->spinner,
                            self->busy || (on && neurona_comparison_get_state (self->comparison)
                                                   == NEURONA_COMPARISON_WORKING));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), gtk_spinner_get_spinning (self->spinner));
  update_flip_buttons (self);
  update_summary (self);
  update_order (self);
  update_detail (self);
}

static void
on_comparison_state (NeuronaPredictionGallery *self)
{
  update_comparison_view (self);
}

static void
on_flip_toggled (NeuronaPredictionGallery *self)
{
  guint side = gtk_toggle_button_get_active (self->flip_buttons[1]) ? 1 : 0;

  if (side == self->flip_side)
    return;
  self->flip_side = side;
  self->page_start = 0;
  update_order (self);
}

static void
stop_comparing (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  neurona_prediction_gallery_set_comparison (NEURONA_PREDICTION_GALLERY (widget), NULL);
}

static void
show_all_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  neurona_prediction_gallery_clear_cell (NEURONA_PREDICTION_GALLERY (widget));
}

static void
set_busy (NeuronaPredictionGallery *self, gboolean busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

static void
clear_predictions (NeuronaPredictionGallery *self)
{
  g_clear_pointer (&self->probs, g_free);
  g_clear_pointer (&self->predicted, g_free);
  g_clear_pointer (&self->confidence, g_free);
  g_clear_pointer (&self->problem, g_free);
  self->n_outputs = 0;
  self->n_mistakes = 0;
}

static void
install_predictions (NeuronaPredictionGallery *self, float *probs, guint n_outputs)
{
  NrImageSet *set = self->set;

  clear_predictions (self);
  self->probs = probs;
  self->n_outputs = n_outputs;
  self->predicted = g_new (guint, MAX (set->n, 1u));
  self->confidence = g_new (float, MAX (set->n, 1u));
  for (guint i = 0; i < set->n; i++)
    {
      const float *p = probs + (gsize) i * n_outputs;
      guint k = neurona_argmax (p, n_outputs);

      self->predicted[i] = k;
      self->confidence[i] = p[k];
      if (k != set->labels[i])
        self->n_mistakes++;
    }
}

static void
predict_thread (GTask *task, gpointer source_object, gpointer task_data,
                GCancellable *cancellable)
{
  PredictJob *job = task_data;
  NrImageSet *set = job->set;
  guint outputs = nr_weights_get_spec (job->weights)->outputs;
  gsize npix = (gsize) set->rows * set->cols;
  float *probs = g_try_new (float, MAX ((gsize) set->n * outputs, 1));

  if (probs == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               "%s", _("Not enough memory for the predictions"));
      return;
    }
  for (guint start = 0; start < set->n; start += PREDICT_CHUNK)
    {
      guint n = MIN (PREDICT_CHUNK, set->n - start);

      if (g_task_return_error_if_cancelled (task))
        {
          g_free (probs);
          return;
        }
      nr_model_predict (nr_weights_get_model (job->weights), set->pixels + start * npix, n, job->normalize,
                        probs + (gsize) start * outputs);
    }
  g_task_return_pointer (task, probs, g_free);
}

static void
predict_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  NeuronaPredictionGallery *self = NEURONA_PREDICTION_GALLERY (source);
  PredictJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  float *probs = g_task_propagate_pointer (G_TASK (result), &error);

  if (job->generation != self->generation)
    {
      g_free (probs); /* a newer model or dataset has replaced this one */
      return;
    }
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (probs == NULL)
    {
      clear_predictions (self);
      self->problem = g_strdup (error != NULL ? error->message : _("Prediction failed"));
    }
  else
    install_predictions (self, probs, nr_weights_get_spec (job->weights)->outputs);
  update_summary (self);
  update_order (self);
  update_detail (self);
}

/* Starts predicting for the current model and set, cancelling what ran before. */
static void
restart_predictions (NeuronaPredictionGallery *self)
{
  g_autoptr (GTask) task = NULL;
  PredictJob *job;
  const NrModelSpec *spec;

  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (self->set == NULL || self->weights == NULL)
    {
      clear_predictions (self);
      update_summary (self);
      update_order (self);
      update_detail (self);
      return;
    }

  spec = nr_weights_get_spec (self->weights);
  if (spec->input_size != self->set->rows * self->set->cols || spec->outputs == 0)
    {
      clear_predictions (self);
      self->problem = g_strdup_printf (
          _("This model takes %u inputs but the images have %u × %u = %u pixels: no predictions."),
          spec->input_size, self->set->rows, self->set->cols, self->set->rows * self->set->cols);
      update_summary (self);
      update_order (self);
      update_detail (self);
      return;
    }

  /* The previous predictions stay on screen until the new ones are in: no flicker. */
  job = g_new0 (PredictJob, 1);
  job->weights = nr_weights_ref (self->weights);
  job->set = nr_image_set_ref (self->set);
  job->normalize = self->normalize;
  job->generation = self->generation;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, predict_done, NULL);
  g_task_set_source_tag (task, restart_predictions);
  g_task_set_task_data (task, job, predict_job_free);
  g_task_run_in_thread (task, predict_thread);
  set_busy (self, TRUE);
  if (!has_predictions (self))
    update_summary (self);
}

/* Signals and actions -------------------------------------------------------------- */

static void
on_filter_changed (NeuronaPredictionGallery *self)
{
  self->page_start = 0;
  update_order (self);
}

static void
on_size_changed (NeuronaPredictionGallery *self)
{
  update_order (self); /* realigns page_start to the new page size */
}

static void
on_child_activated (GtkFlowBox *flow, GtkFlowBoxChild *child, NeuronaPredictionGallery *self)
{
  if (NEURONA_IS_PREDICTION_CARD (child))
    show_detail (self, neurona_prediction_card_get_index (NEURONA_PREDICTION_CARD (child)));
}

static void
previous_page (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaPredictionGallery *self = NEURONA_PREDICTION_GALLERY (widget);
  guint size = page_size (self);

  self->page_start = self->page_start >= size ? self->page_start - size : 0;
  update_page (self);
}

static void
next_page (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaPredictionGallery *self = NEURONA_PREDICTION_GALLERY (widget);
  guint size = page_size (self);

  if (self->page_start + size < self->n_order)
    self->page_start += size;
  update_page (self);
}

/* Go to image ----------------------------------------------------------------------- */

static void
set_goto_message (NeuronaPredictionGallery *self, const char *text)
{
  gtk_label_set_text (self->goto_message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->goto_message), text != NULL);
}

/* The card gone to is made on this page but laid out on the next frame: then scroll it
 * into view and give it the keyboard. */
static gboolean
goto_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  NeuronaPredictionGallery *self = NEURONA_PREDICTION_GALLERY (widget);
  GtkWidget *card = self->goto_card < self->cards->len ? self->cards->pdata[self->goto_card]
                                                       : NULL;
  graphene_point_t top;

  if (card != NULL && gtk_widget_get_height (card) > 0
      && gtk_widget_compute_point (card, GTK_WIDGET (self->flow), &GRAPHENE_POINT_INIT (0, 0),
                                   &top))
    {
      GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);

      gtk_adjustment_clamp_page (vadj, top.y, top.y + gtk_widget_get_height (card));
      gtk_widget_grab_focus (card);
      self->goto_tick = 0;
      return G_SOURCE_REMOVE;
    }
  if (++self->goto_frames > 30)
    {
      self->goto_tick = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
go_to_image (NeuronaPredictionGallery *self, guint index, gboolean focus)
{
  NrImageSet *set = shown_set (self);
  guint size, pos;
  g_autofree char *number = NULL, *text = NULL;

  if (set == NULL)
    return FALSE;
  number = g_strdup_printf ("%u", index);
  for (pos = 0; pos < self->n_order && self->order[pos] != index; pos++)
    ;
  if (pos == self->n_order)
    {
      if (index >= set->n)
        /* TRANSLATORS: "There is no test image 10000: they are numbered 0 to 9999." */
        text = g_strdup_printf (_("There is no test image %s: they are numbered 0 to %u."),
                                number, set->n > 0 ? set->n - 1 : 0);
      else if (comparing (self))
        text = g_strdup_printf (_("Test image %s is not shown: it is not one of the images "
                                  "that one run got right and the other wrong."),
                                number);
      else if (gtk_check_button_get_active (self->mistakes_check) && has_predictions (self)
               && self->predicted[index] == set->labels[index])
        text = g_strdup_printf (_("Test image %s is not shown: the model gets it right, and "
                                  "Mistakes only is on."),
                                number);
      else
        text = g_strdup_printf (_("Test image %s is not shown with the current filter."),
                                number);
      set_goto_message (self, text);
      return FALSE;
    }
  set_goto_message (self, NULL);
  size = page_size (self);
  self->page_start = pos / size * size;
  update_page (self);
  self->goto_card = pos - self->page_start;
  self->goto_frames = 0;
  if (self->goto_spin != NULL && gtk_spin_button_get_value_as_int (self->goto_spin) != (int) index)
    {
      g_signal_handlers_block_by_func (self->goto_spin, on_goto_changed, self);
      gtk_spin_button_set_value (self->goto_spin, index);
      g_signal_handlers_unblock_by_func (self->goto_spin, on_goto_changed, self);
    }
  if (focus && self->goto_tick == 0)
    self->goto_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), goto_tick_cb, NULL, NULL);
  return TRUE;
}

gboolean
neurona_prediction_gallery_go_to_image (NeuronaPredictionGallery *self, guint index)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), FALSE);

  return go_to_image (self, index, TRUE);
}

/* Enter takes the keyboard to the card; the arrows only turn the page. */
static void
on_goto_activated (NeuronaPredictionGallery *self)
{
  gtk_spin_button_update (self->goto_spin);
  go_to_image (self, gtk_spin_button_get_value_as_int (self->goto_spin), TRUE);
}

static void
on_goto_changed (NeuronaPredictionGallery *self)
{
  go_to_image (self, gtk_spin_button_get_value_as_int (self->goto_spin), FALSE);
}

/* Export ---------------------------------------------------------------------------- */

/* The cards sit on the window's background: the image gets it too, as on screen. */
static void
get_background (NeuronaPredictionGallery *self, GdkRGBA *bg)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (gtk_style_context_lookup_color (context, "window_bg_color", bg)
      || gtk_style_context_lookup_color (context, "theme_bg_color", bg))
    {
      bg->alpha = 1.0;
      return;
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  *bg = (GdkRGBA) { 1, 1, 1, 1 };
}

gboolean
neurona_prediction_gallery_export_png (NeuronaPredictionGallery *self, GFile *file,
                                       GError **error)
{
  GtkWidget *grid;
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GBytes) png = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  GtkNative *native;
  GdkRGBA bg;
  int width, height;

  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  grid = GTK_WIDGET (self->flow);
  width = gtk_widget_get_width (grid);
  height = gtk_widget_get_height (grid);
  native = gtk_widget_get_native (grid);
  renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  if (self->cards->len == 0 || width <= 0 || height <= 0 || renderer == NULL
      || !gtk_widget_get_mapped (grid))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("There are no predictions on the page to save."));
      return FALSE;
    }
  /* The grid as it was last painted, the cards below the fold included. */
  paintable = gtk_widget_paintable_new (grid);
  get_background (self, &bg);
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  png = gdk_texture_save_to_png_bytes (texture);
  return g_file_replace_contents (file, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL,
                                  FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
}

GtkWidget *
neurona_prediction_gallery_get_grid (NeuronaPredictionGallery *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), NULL);

  return GTK_WIDGET (self->flow);
}

static void
clear_chooser (NeuronaPredictionGallery *self)
{
  if (self->chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

static void
error_dialog_response_cb (GtkDialog *dialog, int response, gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
show_save_error (NeuronaPredictionGallery *self, GFile *file, const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = path ? g_filename_display_basename (path) : g_file_get_parse_name (file);
  GtkWidget *dialog;

  if (self->error_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->error_dialog));
  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   /* TRANSLATORS: %s is the file's name */
                                   _("Could not save “%s”"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  g_signal_connect (dialog, "response", G_CALLBACK (error_dialog_response_cb), NULL);
  self->error_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->error_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, NeuronaPredictionGallery *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  /* The dialog goes first: an error dialog then has the window to itself. */
  clear_chooser (self);
  if (file != NULL && !neurona_prediction_gallery_export_png (self, file, &error))
    show_save_error (self, file, error);
}

static void
save_png_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaPredictionGallery *self = NEURONA_PREDICTION_GALLERY (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autofree char *name = NULL;

  clear_chooser (self);
  self->chooser = gtk_file_chooser_native_new (_("Save the Predictions as PNG"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (pictures != NULL && g_file_test (pictures, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GFile) folder = g_file_new_for_path (pictures);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  /* TRANSLATORS: the file name of the saved prediction grid */
  name = g_strconcat (C_("file name", "Predictions"), ".png", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* GObject -------------------------------------------------------------------------- */

static void
neurona_prediction_gallery_dispose (GObject *object)
{
  NeuronaPredictionGallery *self = NEURONA_PREDICTION_GALLERY (object);
  GtkWidget *child;

  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->comparison != NULL)
    g_signal_handlers_disconnect_by_data (self->comparison, self);
  g_clear_object (&self->comparison);
  if (self->detail != NULL)
    gtk_window_destroy (GTK_WINDOW (self->detail));
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  clear_chooser (self);
  if (self->error_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->error_dialog),
                                  (gpointer *) &self->error_dialog);
  self->error_dialog = NULL;
  if (self->goto_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->goto_tick);
  self->goto_tick = 0;

  gtk_widget_dispose_template (GTK_WIDGET (self), NEURONA_TYPE_PREDICTION_GALLERY);
  /* The unbound template children (toolbar, pager) are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (neurona_prediction_gallery_parent_class)->dispose (object);
}

static void
neurona_prediction_gallery_finalize (GObject *object)
{
  NeuronaPredictionGallery *self = NEURONA_PREDICTION_GALLERY (object);

  clear_predictions (self);
  g_clear_pointer (&self->order, g_free);
  g_clear_pointer (&self->set, nr_image_set_unref);
  g_clear_pointer (&self->weights, nr_weights_unref);
  g_free (self->whose);

  G_OBJECT_CLASS (neurona_prediction_gallery_parent_class)->finalize (object);
}

static void
neurona_prediction_gallery_class_init (NeuronaPredictionGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = neurona_prediction_gallery_dispose;
  object_class->finalize = neurona_prediction_gallery_finalize;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/neurona/Neurona/neurona-prediction-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, toolbar);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, rows_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, columns_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, mistakes_check);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, spinner);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, whose_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, summary_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, scroller);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, flow);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, page_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, comparison_box);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, cell_box);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, cell_label);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, goto_spin);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, goto_adjustment);
  gtk_widget_class_bind_template_child (widget_class, NeuronaPredictionGallery, goto_message);
  gtk_widget_class_bind_template_child_full (widget_class, "flip_a_button", FALSE,
                                             G_STRUCT_OFFSET (NeuronaPredictionGallery,
                                                              flip_buttons[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "flip_b_button", FALSE,
                                             G_STRUCT_OFFSET (NeuronaPredictionGallery,
                                                              flip_buttons[1]));

  gtk_widget_class_install_action (widget_class, "gallery.previous-page", NULL, previous_page);
  gtk_widget_class_install_action (widget_class, "gallery.next-page", NULL, next_page);
  gtk_widget_class_install_action (widget_class, "gallery.save-png", NULL, save_png_action);
  gtk_widget_class_install_action (widget_class, "gallery.show-all", NULL, show_all_action);
  gtk_widget_class_install_action (widget_class, "gallery.stop-comparing", NULL, stop_comparing);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "gallery.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "gallery.next-page", NULL);

  gtk_widget_class_set_css_name (widget_class, "predictiongallery");
}

static void
ensure_style (void)
{
  static gboolean loaded;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr (GtkCssProvider) provider = NULL;

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider,
                                       "/io/github/neurona/Neurona/neurona-prediction-gallery.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
neurona_prediction_gallery_init (NeuronaPredictionGallery *self)
{
  ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
  neurona_a11y_name_all_from_labels (GTK_WIDGET (self));

  self->cards = g_ptr_array_new ();
  self->cmap = NR_COLORMAP_BINARY;

  g_signal_connect_swapped (self->rows_spin, "value-changed", G_CALLBACK (on_size_changed), self);
  g_signal_connect_swapped (self->columns_spin, "value-changed", G_CALLBACK (on_size_changed),
                            self);
  g_signal_connect_swapped (self->mistakes_check, "toggled", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected",
                            G_CALLBACK (on_filter_changed), self);
  g_signal_connect (self->flow, "child-activated", G_CALLBACK (on_child_activated), self);
  for (guint r = 0; r < 2; r++)
    g_signal_connect_swapped (self->flip_buttons[r], "toggled", G_CALLBACK (on_flip_toggled),
                              self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.stop-comparing", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.show-all", FALSE);
  /* GTK 4.8's spin button has no "activate" of its own: its text has. */
  g_signal_connect_swapped (gtk_editable_get_delegate (GTK_EDITABLE (self->goto_spin)),
                            "activate", G_CALLBACK (on_goto_activated), self);
  g_signal_connect_swapped (self->goto_spin, "value-changed", G_CALLBACK (on_goto_changed), self);

  set_busy (self, FALSE);
  update_summary (self);
  update_order (self);
}

GtkWidget *
neurona_prediction_gallery_new (void)
{
  return g_object_new (NEURONA_TYPE_PREDICTION_GALLERY, NULL);
}

void
neurona_prediction_gallery_set_test_set (NeuronaPredictionGallery *self, NrImageSet *set,
                                         const char *const *class_names, guint n_classes)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_GALLERY (self));
  g_return_if_fail (class_names != NULL || n_classes == 0);

  /* A cell of the confusion matrix belongs to the images it was counted on. */
  if (set != self->set)
    self->cell_on = FALSE;
  if (set != NULL)
    nr_image_set_ref (set);
  g_clear_pointer (&self->set, nr_image_set_unref);
  self->set = set;
  self->class_names = class_names;
  self->n_classes = n_classes;
  self->page_start = 0;
  if (self->detail != NULL)
    gtk_window_destroy (GTK_WINDOW (self->detail));
  clear_predictions (self);
  restart_predictions (self);
}

void
neurona_prediction_gallery_set_dataset (NeuronaPredictionGallery *self, NrDataset *dataset)
{
  const NrDatasetInfo *info;

  g_return_if_fail (NEURONA_IS_PREDICTION_GALLERY (self));

  if (dataset == NULL)
    {
      neurona_prediction_gallery_set_test_set (self, NULL, NULL, 0);
      return;
    }
  info = nr_dataset_info (dataset->id);
  g_return_if_fail (info != NULL);
  neurona_prediction_gallery_set_test_set (self, dataset->test, info->class_names,
                                           info->n_classes);
}

void
neurona_prediction_gallery_set_weights (NeuronaPredictionGallery *self, NrWeights *weights,
                                        gboolean normalize)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_GALLERY (self));

  if (weights == self->weights && !!normalize == self->normalize)
    return;
  if (weights != NULL)
    nr_weights_ref (weights);
  g_clear_pointer (&self->weights, nr_weights_unref);
  self->weights = weights;
  self->normalize = !!normalize;
  restart_predictions (self);
}

void
neurona_prediction_gallery_set_model (NeuronaPredictionGallery *self, const NrModel *model,
                                      gboolean normalize)
{
  g_autoptr (NrWeights) weights = NULL;

  g_return_if_fail (NEURONA_IS_PREDICTION_GALLERY (self));

  if (model != NULL)
    weights = nr_weights_new_from_model (model);
  neurona_prediction_gallery_set_weights (self, weights, normalize);
}

void
neurona_prediction_gallery_set_whose (NeuronaPredictionGallery *self, const char *whose)
{
  g_autofree char *text = NULL;

  g_return_if_fail (NEURONA_IS_PREDICTION_GALLERY (self));

  /* Translators: says whose guesses the Predictions page shows: "Predictions of run 3 ·
   * 128 relu · 10 epochs · epoch 10 of 10" or "… of the untrained model" */
  if (whose != self->whose)
    {
      g_free (self->whose);
      self->whose = g_strdup (whose);
    }
  if (comparing (self))
    return; /* shown again once the comparison ends */
  text = whose != NULL && whose[0] != '\0' ? g_strdup_printf (_("Predictions of %s"), whose)
                                            : g_strdup ("");
  gtk_label_set_text (self->whose_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->whose_label), text[0] != '\0');
}

const char *
neurona_prediction_gallery_get_whose (NeuronaPredictionGallery *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), NULL);

  return gtk_label_get_text (self->whose_label);
}

void
neurona_prediction_gallery_set_colormap (NeuronaPredictionGallery *self, NrColormap cmap)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_GALLERY (self));
  g_return_if_fail ((guint) cmap < NR_N_COLORMAPS);

  if (cmap == self->cmap)
    return;
  self->cmap = cmap;
  for (guint c = 0; c < self->cards->len; c++)
    neurona_prediction_card_set_colormap (g_ptr_array_index (self->cards, c), cmap);
  if (self->detail != NULL)
    neurona_prediction_detail_set_colormap (self->detail, cmap);
}

gboolean
neurona_prediction_gallery_is_busy (NeuronaPredictionGallery *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), FALSE);
  return self->busy;
}

gboolean
neurona_prediction_gallery_get_counts (NeuronaPredictionGallery *self, guint *n_images,
                                       guint *n_mistakes)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), FALSE);

  if (!has_predictions (self))
    return FALSE;
  if (n_images != NULL)
    *n_images = self->set->n;
  if (n_mistakes != NULL)
    *n_mistakes = self->n_mistakes;
  return TRUE;
}

void
neurona_prediction_gallery_set_comparison (NeuronaPredictionGallery *self,
                                           NeuronaComparison *comparison)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_GALLERY (self));
  g_return_if_fail (comparison == NULL || NEURONA_IS_COMPARISON (comparison));

  if (comparison == self->comparison)
    return;
  if (self->comparison != NULL)
    g_signal_handlers_disconnect_by_data (self->comparison, self);
  g_set_object (&self->comparison, comparison);
  if (comparison != NULL)
    g_signal_connect_swapped (comparison, "notify::state", G_CALLBACK (on_comparison_state),
                              self);
  if (self->detail != NULL)
    gtk_window_destroy (GTK_WINDOW (self->detail));
  self->page_start = 0;
  update_comparison_view (self);
}

NeuronaComparison *
neurona_prediction_gallery_get_comparison (NeuronaPredictionGallery *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), NULL);

  return self->comparison;
}

void
neurona_prediction_gallery_set_flip_side (NeuronaPredictionGallery *self, guint right)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_GALLERY (self));
  g_return_if_fail (right < 2);

  gtk_toggle_button_set_active (self->flip_buttons[right], TRUE);
}

guint
neurona_prediction_gallery_get_flip_side (NeuronaPredictionGallery *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), 0);

  return self->flip_side;
}

GtkToggleButton *
neurona_prediction_gallery_get_flip_button (NeuronaPredictionGallery *self, guint right)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), NULL);
  g_return_val_if_fail (right < 2, NULL);

  return self->flip_buttons[right];
}

const guint *
neurona_prediction_gallery_get_shown (NeuronaPredictionGallery *self, guint *n)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), NULL);

  if (n != NULL)
    *n = self->n_order;
  return self->order;
}

const char *
neurona_prediction_gallery_get_summary (NeuronaPredictionGallery *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), NULL);

  return gtk_label_get_text (self->summary_label);
}

void
neurona_prediction_gallery_set_cell (NeuronaPredictionGallery *self, guint true_class,
                                     guint predicted)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_GALLERY (self));

  if (comparing (self))
    neurona_prediction_gallery_set_comparison (self, NULL);
  if (self->cell_on && self->cell_true == true_class && self->cell_predicted == predicted)
    return;
  self->cell_on = TRUE;
  self->cell_true = true_class;
  self->cell_predicted = predicted;
  self->page_start = 0;
  update_order (self);
}

void
neurona_prediction_gallery_clear_cell (NeuronaPredictionGallery *self)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_GALLERY (self));

  if (!self->cell_on)
    return;
  self->cell_on = FALSE;
  self->page_start = 0;
  update_order (self);
}

gboolean
neurona_prediction_gallery_get_cell (NeuronaPredictionGallery *self, guint *true_class,
                                     guint *predicted)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), FALSE);

  if (true_class != NULL)
    *true_class = self->cell_true;
  if (predicted != NULL)
    *predicted = self->cell_predicted;
  return self->cell_on;
}

const char *
neurona_prediction_gallery_get_cell_heading (NeuronaPredictionGallery *self)
{
  g_return_val_if_fail (NEURONA_IS_PREDICTION_GALLERY (self), NULL);

  return gtk_widget_get_visible (self->cell_box) ? gtk_label_get_text (self->cell_label) : NULL;
}

void
neurona_prediction_gallery_set_compact (NeuronaPredictionGallery *self, gboolean compact)
{
  g_return_if_fail (NEURONA_IS_PREDICTION_GALLERY (self));

  /* Sort by under Rows, Columns and Mistakes only: at a large zoom (in Spanish at 200 %)
   * one row of them is wider than a 1280-pixel window. */
  gtk_orientable_set_orientation (self->toolbar, compact ? GTK_ORIENTATION_VERTICAL
                                                         : GTK_ORIENTATION_HORIZONTAL);
}
