/* test-gallery.c — the "Predictions" page: verdict labels, colours, probability bars read
 * back as pixels, the mistakes filter, sorting, the summary, the large view, odd output
 * sizes and stale models. Runs under Xvfb with GSK_RENDERER=cairo.
 *
 * The model is built by hand so the test knows every answer: a 784 → 10 network with no
 * hidden layer, where test image i lights only pixel i, so the logits of image i are row i
 * of W: the predicted class gets logit s_i and, for the images meant to be wrong, the true
 * class gets s_i - 0.7. Everything else is 0.
 */
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona-prediction-card.h"
#include "neurona-prediction-gallery.h"
#include "neurona-prob-bars.h"
#include "ui-test-util.h"

#define N_IMAGES 30
#define SIDE 28

static const char *const class_names[10] = {
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
  "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot",
};

typedef struct
{
  guint outputs;
  guint8 labels[N_IMAGES];
  guint pred[N_IMAGES];
  float logit[N_IMAGES];
  double probs[N_IMAGES][16];
} Truth;

static gboolean
is_wrong (guint i)
{
  return i % 3 == 0;
}

/* Predicted class, true class and logit of image i (see the file comment). */
static void
truth_init (Truth *t, guint outputs, guint n_label_classes)
{
  memset (t, 0, sizeof *t);
  t->outputs = outputs;
  for (guint i = 0; i < N_IMAGES; i++)
    {
      t->pred[i] = i % MIN (outputs, 10u);
      t->labels[i] = is_wrong (i) ? (t->pred[i] + 1) % n_label_classes : t->pred[i];
      t->logit[i] = 1.0f + 0.2f * ((i * 7) % N_IMAGES); /* distinct confidences */
    }
}

static void
truth_fill_probs (Truth *t)
{
  for (guint i = 0; i < N_IMAGES; i++)
    {
      double z[16] = { 0 }, sum = 0;

      z[t->pred[i]] = t->logit[i];
      if (is_wrong (i) && t->labels[i] < t->outputs)
        z[t->labels[i]] = t->logit[i] - 0.7;
      for (guint k = 0; k < t->outputs; k++)
        sum += exp (z[k]);
      for (guint k = 0; k < t->outputs; k++)
        t->probs[i][k] = exp (z[k]) / sum;
    }
}

static NrImageSet *
make_set (const Truth *t)
{
  g_autofree guint8 *pixels = g_malloc0 (N_IMAGES * SIDE * SIDE);

  for (guint i = 0; i < N_IMAGES; i++)
    {
      pixels[i * SIDE * SIDE + i] = 255;
      /* A visible shape too, for the screenshots (outside the pixels that carry logits). */
      for (guint r = 8; r < 20; r++)
        for (guint c = 8; c < 8 + (i % 12) + 4; c++)
          pixels[i * SIDE * SIDE + r * SIDE + c] = (guint8) (120 + 5 * i);
    }
  return nr_image_set_new (N_IMAGES, SIDE, SIDE, pixels, t->labels);
}

static NrModel *
make_model (const Truth *t, guint input_size)
{
  NrModelSpec spec = { 0 };
  g_autoptr (GError) error = NULL;
  NrModel *model;
  float *w, *b;

  spec.input_size = input_size;
  spec.n_hidden = 0;
  spec.outputs = t->outputs;
  model = nr_model_new (&spec, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);

  w = nr_model_get_weights (model, 0); /* (input_size, outputs) */
  b = nr_model_get_biases (model, 0);  /* (outputs) */
  memset (w, 0, sizeof (float) * input_size * t->outputs);
  memset (b, 0, sizeof (float) * t->outputs);
  for (guint i = 0; i < N_IMAGES && i < input_size; i++)
    {
      w[i * t->outputs + t->pred[i]] = t->logit[i];
      if (is_wrong (i) && t->labels[i] < t->outputs)
        w[i * t->outputs + t->labels[i]] = t->logit[i] - 0.7f;
    }
  return model;
}

/* Main loop helpers -------------------------------------------------------------- */

/* Every card has been allocated (new cards get their size on the next frame). */
static gboolean
cards_laid_out (gpointer root)
{
  g_autoptr (GPtrArray) all = ui_test_find_all (root, NEURONA_TYPE_PREDICTION_CARD);

  for (guint i = 0; i < all->len; i++)
    if (gtk_widget_get_width (all->pdata[i]) == 0 || gtk_widget_should_layout (all->pdata[i]) == FALSE)
      return FALSE;
  return gtk_widget_get_width (root) > 0;
}

/* Until the cards are laid out (5 s at most) and painted. */
static void
wait_layout (GtkWidget *root)
{
  (void) ui_test_wait_until (cards_laid_out, root, 5000);
  ui_test_wait_for_frame (root);
}

static gboolean
gallery_ready (gpointer gallery)
{
  return !neurona_prediction_gallery_is_busy (gallery)
         && neurona_prediction_gallery_get_counts (gallery, NULL, NULL);
}

/* Until the gallery has answered every image and laid the cards out. */
static gboolean
wait_ready (NeuronaPredictionGallery *gallery, guint timeout_ms)
{
  if (!ui_test_wait_until (gallery_ready, gallery, timeout_ms))
    return FALSE;
  wait_layout (GTK_WIDGET (gallery));
  return TRUE;
}

typedef struct
{
  GtkWindow *window;
  NeuronaPredictionGallery *gallery;
  Truth truth;
  NrImageSet *set;
} Fixture;

static void
fixture_open (Fixture *f, guint outputs, guint n_label_classes)
{
  g_autoptr (NrModel) model = NULL;

  truth_init (&f->truth, outputs, n_label_classes);
  truth_fill_probs (&f->truth);
  f->set = make_set (&f->truth);
  f->gallery = NEURONA_PREDICTION_GALLERY (neurona_prediction_gallery_new ());
  f->window = GTK_WINDOW (ui_test_present_in_window (GTK_WIDGET (f->gallery), 1024, 768));

  neurona_prediction_gallery_set_test_set (f->gallery, f->set, class_names, 10);
  model = make_model (&f->truth, SIDE * SIDE);
  neurona_prediction_gallery_set_model (f->gallery, model, TRUE);
  g_assert_true (wait_ready (f->gallery, 10000));
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  ui_test_spin_for (20);
  nr_image_set_unref (f->set);
}

/* Widget tree helpers ------------------------------------------------------------ */

static GPtrArray *
cards (Fixture *f)
{
  return ui_test_find_all (GTK_WIDGET (f->gallery), NEURONA_TYPE_PREDICTION_CARD);
}

/* The control a visible label names (its mnemonic widget). */
static GtkWidget *
control_for (Fixture *f, const char *label)
{
  GtkLabel *l = ui_test_find_label (GTK_WIDGET (f->gallery), label);

  g_assert_nonnull (l);
  return gtk_label_get_mnemonic_widget (l);
}

static GtkCheckButton *
mistakes_check (Fixture *f)
{
  g_autoptr (GPtrArray) checks = ui_test_find_all (GTK_WIDGET (f->gallery), GTK_TYPE_CHECK_BUTTON);

  for (guint i = 0; i < checks->len; i++)
    if (g_strcmp0 (gtk_check_button_get_label (checks->pdata[i]), "_Mistakes only") == 0)
      return checks->pdata[i];
  g_assert_not_reached ();
  return NULL;
}

/* Pixels ------------------------------------------------------------------------- */

static void
pixel_rgb (const UiTestPixels *p, int x, int y, int *r, int *g, int *b)
{
  guint8 rgb[3];

  ui_test_pixel_at (p, x, y, rgb);
  *r = rgb[0];
  *g = rgb[1];
  *b = rgb[2];
}

static gboolean
is_red (int r, int g, int b)
{
  return r > 150 && r > g + 60 && r > b + 60;
}

static gboolean
is_blue (int r, int g, int b)
{
  return b > 120 && b > r + 60 && b > g + 30;
}

static gboolean
is_grey (int r, int g, int b)
{
  return abs (r - g) < 8 && abs (g - b) < 8 && r > 90 && r < 150;
}

/* Height in pixels of the run of `pred`-coloured pixels that ends at the bar's baseline,
 * in the bar's middle column. */
static int
bar_height (const UiTestPixels *p, const graphene_rect_t *area,
            gboolean (*pred) (int r, int g, int b))
{
  int x = (int) (area->origin.x + area->size.width / 2);
  int base = (int) (area->origin.y + area->size.height) - 1;
  int top = base + 1;

  for (int y = base; y >= (int) area->origin.y - 1; y--)
    {
      int r, g, b;

      pixel_rgb (p, x, y, &r, &g, &b);
      if (!pred (r, g, b))
        break;
      top = y;
    }
  return base + 1 - top;
}

/* Tests -------------------------------------------------------------------------- */

static void
test_labels (void)
{
  Fixture f;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GRegex) re = g_regex_new ("^.+ \\d+\\.\\d\\d% \\(.+\\)$", 0, 0, NULL);
  guint n_right = 0, n_wrong = 0;

  fixture_open (&f, 10, 10);
  all = cards (&f);
  g_assert_cmpuint (all->len, ==, 15); /* 5 rows × 3 columns by default */

  for (guint c = 0; c < all->len; c++)
    {
      NeuronaPredictionCard *card = all->pdata[c];
      guint i = neurona_prediction_card_get_index (card);
      GtkLabel *label = neurona_prediction_card_get_label (card);
      GtkLabel *symbol = neurona_prediction_card_get_symbol (card);
      g_autofree char *expected = g_strdup_printf (
          "%s %.2f%% (%s)", class_names[f.truth.pred[i]], 100 * f.truth.probs[i][f.truth.pred[i]],
          class_names[f.truth.labels[i]]);

      g_assert_cmpuint (i, ==, c); /* test order */
      g_assert_true (g_regex_match (re, gtk_label_get_text (label), 0, NULL));
      g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
      if (is_wrong (i))
        {
          n_wrong++;
          g_assert_cmpint (neurona_prediction_card_get_verdict (card), ==, NEURONA_VERDICT_WRONG);
          g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "wrong"));
          g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (label), "right"));
          g_assert_cmpstr (gtk_label_get_text (symbol), ==, "✗");
        }
      else
        {
          n_right++;
          g_assert_cmpint (neurona_prediction_card_get_verdict (card), ==, NEURONA_VERDICT_RIGHT);
          g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "right"));
          g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (label), "wrong"));
          g_assert_cmpstr (gtk_label_get_text (symbol), ==, "✓");
        }
      g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (card)));
    }
  g_assert_cmpuint (n_right, ==, 10);
  g_assert_cmpuint (n_wrong, ==, 5);
  ui_test_save_screenshot (GTK_WIDGET (f.window), "gallery-controlled.png", NULL);
  fixture_close (&f);
}

/* The verdict's text is drawn blue when right, red when wrong, on the light theme and on
 * the dark one. */
static void
check_label_colours (gboolean dark)
{
  Fixture f;
  g_autoptr (GPtrArray) all = NULL;

  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  fixture_open (&f, 10, 10);
  {
    /* The background really is light / dark. */
    UiTestPixels p;
    int r, g, b;

    p = ui_test_read_pixels (GTK_WIDGET (f.window), NULL);
    pixel_rgb (&p, 2, p.height - 3, &r, &g, &b);
    g_free (p.data);
    if (dark)
      g_assert_cmpint (r + g + b, <, 3 * 90);
    else
      g_assert_cmpint (r + g + b, >, 3 * 200);
  }
  all = cards (&f);
  for (guint c = 0; c < 2; c++)
    {
      NeuronaPredictionCard *card = all->pdata[c]; /* 0 is wrong, 1 is right */
      UiTestPixels p;
      guint blue = 0, red = 0;

      p = ui_test_read_pixels (GTK_WIDGET (neurona_prediction_card_get_label (card)), NULL);
      for (int y = 0; y < p.height; y++)
        for (int x = 0; x < p.width; x++)
          {
            int r, g, b;

            pixel_rgb (&p, x, y, &r, &g, &b);
            /* Text pixels are anti-aliased over a light background: compare hues. */
            if (b > r + 40 && b > g + 20)
              blue++;
            if (r > b + 40 && r > g + 40)
              red++;
          }
      g_free (p.data);
      if (is_wrong (neurona_prediction_card_get_index (card)))
        {
          g_assert_cmpuint (red, >, 20);
          g_assert_cmpuint (blue, ==, 0);
        }
      else
        {
          g_assert_cmpuint (blue, >, 20);
          g_assert_cmpuint (red, ==, 0);
        }
    }
  ui_test_save_screenshot (GTK_WIDGET (f.window), dark ? "gallery-dark.png" : "gallery-light.png", NULL);
  fixture_close (&f);
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);
}

static void
test_label_colours (void)
{
  check_label_colours (FALSE);
}

static void
test_label_colours_dark (void)
{
  check_label_colours (TRUE);
}

/* plot_value_array read back: the predicted bar red at its class, the true bar blue at
 * its class, the others grey, each as tall as its probability. */
static void
test_bar_pixels (void)
{
  Fixture f;
  g_autoptr (GPtrArray) all = NULL;
  guint checked_wrong = 0, checked_right = 0;

  fixture_open (&f, 10, 10);
  all = cards (&f);
  for (guint c = 0; c < 4; c++)
    {
      NeuronaPredictionCard *card = all->pdata[c];
      NeuronaProbBars *bars = neurona_prediction_card_get_bars (card);
      guint i = neurona_prediction_card_get_index (card);
      guint pred = f.truth.pred[i], truth = f.truth.labels[i];
      graphene_rect_t area;
      UiTestPixels p;
      int h;

      g_assert_cmpuint (neurona_prob_bars_get_n_values (bars), ==, 10);
      g_assert_cmpint (neurona_prob_bars_get_predicted (bars), ==, (int) pred);
      g_assert_cmpint (neurona_prob_bars_get_true_label (bars), ==, (int) truth);
      p = ui_test_read_pixels (GTK_WIDGET (bars), NULL);
      ui_test_save_screenshot (GTK_WIDGET (bars), is_wrong (i) ? "bars-wrong.png" : "bars-right.png", NULL);

      g_assert_true (neurona_prob_bars_get_bar_area (bars, truth, &area));
      g_assert_cmpfloat (area.size.height, >, 40);
      /* The true bar is outlined: measure inside the outline, 2 px of tolerance. */
      h = bar_height (&p, &GRAPHENE_RECT_INIT (area.origin.x, area.origin.y, area.size.width,
                                               area.size.height - 2), is_blue) + 2;
      g_assert_cmpfloat (fabs (h - f.truth.probs[i][truth] * area.size.height), <=, 3);

      if (pred != truth)
        {
          g_assert_true (neurona_prob_bars_get_bar_area (bars, pred, &area));
          h = bar_height (&p, &area, is_red);
          g_assert_cmpfloat (fabs (h - f.truth.probs[i][pred] * area.size.height), <=, 2);
          checked_wrong++;
        }
      else
        checked_right++;

      /* Some other class: a grey bar of its (small) probability. */
      {
        guint other = (MAX (pred, truth) + 1) % 10;

        g_assert_true (neurona_prob_bars_get_bar_area (bars, other, &area));
        h = bar_height (&p, &area, is_grey);
        g_assert_cmpfloat (fabs (h - f.truth.probs[i][other] * area.size.height), <=, 1.5);
      }
      g_free (p.data);
    }
  g_assert_cmpuint (checked_wrong, >, 0);
  g_assert_cmpuint (checked_right, >, 0);
  fixture_close (&f);
}

static void
test_mistakes_only (void)
{
  Fixture f;
  g_autoptr (GPtrArray) all = NULL;
  GtkCheckButton *check;

  fixture_open (&f, 10, 10);
  check = mistakes_check (&f);
  gtk_check_button_set_active (check, TRUE);
  wait_layout (GTK_WIDGET (f.gallery));
  all = cards (&f);
  g_assert_cmpuint (all->len, ==, 10); /* 10 of 30 are wrong: one page */
  for (guint c = 0; c < all->len; c++)
    {
      NeuronaPredictionCard *card = all->pdata[c];

      g_assert_true (is_wrong (neurona_prediction_card_get_index (card)));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (neurona_prediction_card_get_label (card)),
                                               "wrong"));
    }
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.gallery), "Images 1–10 of 10"));
  ui_test_save_screenshot (GTK_WIDGET (f.window), "gallery-mistakes.png", NULL);

  gtk_check_button_set_active (check, FALSE);
  wait_layout (GTK_WIDGET (f.gallery));
  g_ptr_array_unref (g_steal_pointer (&all));
  all = cards (&f);
  g_assert_cmpuint (all->len, ==, 15);
  fixture_close (&f);
}

static double
card_confidence (Fixture *f, NeuronaPredictionCard *card)
{
  guint i = neurona_prediction_card_get_index (card);

  return f->truth.probs[i][f->truth.pred[i]];
}

static void
test_sort (void)
{
  Fixture f;
  GtkDropDown *sort;
  double lowest = 2, highest = -1;

  fixture_open (&f, 10, 10);
  sort = GTK_DROP_DOWN (control_for (&f, "Sort by"));
  g_assert_true (GTK_IS_DROP_DOWN (sort));
  for (guint i = 0; i < N_IMAGES; i++)
    {
      lowest = MIN (lowest, f.truth.probs[i][f.truth.pred[i]]);
      highest = MAX (highest, f.truth.probs[i][f.truth.pred[i]]);
    }

  gtk_drop_down_set_selected (sort, NEURONA_GALLERY_SORT_CONFIDENCE_ASCENDING);
  wait_layout (GTK_WIDGET (f.gallery));
  {
    g_autoptr (GPtrArray) all = cards (&f);

    g_assert_cmpuint (all->len, ==, 15);
    g_assert_cmpfloat_with_epsilon (card_confidence (&f, all->pdata[0]), lowest, 1e-9);
    for (guint c = 1; c < all->len; c++)
      g_assert_cmpfloat (card_confidence (&f, all->pdata[c - 1]), <=,
                         card_confidence (&f, all->pdata[c]));
  }

  gtk_drop_down_set_selected (sort, NEURONA_GALLERY_SORT_CONFIDENCE_DESCENDING);
  wait_layout (GTK_WIDGET (f.gallery));
  {
    g_autoptr (GPtrArray) all = cards (&f);

    g_assert_cmpfloat_with_epsilon (card_confidence (&f, all->pdata[0]), highest, 1e-9);
    for (guint c = 1; c < all->len; c++)
      g_assert_cmpfloat (card_confidence (&f, all->pdata[c - 1]), >=,
                         card_confidence (&f, all->pdata[c]));
  }

  /* Sorting within the mistakes: still only wrong cards, still in order. */
  gtk_check_button_set_active (mistakes_check (&f), TRUE);
  wait_layout (GTK_WIDGET (f.gallery));
  {
    g_autoptr (GPtrArray) all = cards (&f);

    g_assert_cmpuint (all->len, ==, 10);
    for (guint c = 0; c < all->len; c++)
      {
        g_assert_true (is_wrong (neurona_prediction_card_get_index (all->pdata[c])));
        if (c > 0)
          g_assert_cmpfloat (card_confidence (&f, all->pdata[c - 1]), >=,
                             card_confidence (&f, all->pdata[c]));
      }
  }
  fixture_close (&f);
}

static void
test_summary (void)
{
  Fixture f;
  guint n_images = 0, n_mistakes = 0, mine = 0;
  g_autofree char *expected = NULL;

  fixture_open (&f, 10, 10);
  for (guint i = 0; i < N_IMAGES; i++)
    if (f.truth.pred[i] != f.truth.labels[i])
      mine++;
  g_assert_cmpuint (mine, ==, 10);
  g_assert_true (neurona_prediction_gallery_get_counts (f.gallery, &n_images, &n_mistakes));
  g_assert_cmpuint (n_images, ==, N_IMAGES);
  g_assert_cmpuint (n_mistakes, ==, mine);
  expected = g_strdup_printf ("Accuracy on 30 test images: %.1f%% (10 mistakes)",
                              100.0 * (N_IMAGES - mine) / N_IMAGES);
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.gallery), expected));
  fixture_close (&f);
}

static void
test_rows_columns (void)
{
  Fixture f;
  GtkSpinButton *rows, *cols;
  g_autoptr (GPtrArray) all = NULL;

  fixture_open (&f, 10, 10);
  rows = GTK_SPIN_BUTTON (control_for (&f, "Rows"));
  cols = GTK_SPIN_BUTTON (control_for (&f, "Columns"));
  g_assert_true (GTK_IS_SPIN_BUTTON (rows));
  g_assert_true (GTK_IS_SPIN_BUTTON (cols));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (rows), ==, 5);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (cols), ==, 3);

  gtk_spin_button_set_value (rows, 2);
  gtk_spin_button_set_value (cols, 4);
  wait_layout (GTK_WIDGET (f.gallery));
  all = cards (&f);
  g_assert_cmpuint (all->len, ==, 8);
  /* Four per line: the fifth card sits below the first. */
  {
    graphene_point_t p0, p4, p3;

    g_assert_true (gtk_widget_compute_point (all->pdata[0], GTK_WIDGET (f.gallery),
                                             &GRAPHENE_POINT_INIT (0, 0), &p0));
    g_assert_true (gtk_widget_compute_point (all->pdata[3], GTK_WIDGET (f.gallery),
                                             &GRAPHENE_POINT_INIT (0, 0), &p3));
    g_assert_true (gtk_widget_compute_point (all->pdata[4], GTK_WIDGET (f.gallery),
                                             &GRAPHENE_POINT_INIT (0, 0), &p4));
    g_assert_cmpfloat (p3.y, ==, p0.y);
    g_assert_cmpfloat (p4.x, ==, p0.x);
    g_assert_cmpfloat (p4.y, >, p0.y);
  }

  /* Next page: images 8…15. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.gallery), "gallery.next-page", NULL));
  wait_layout (GTK_WIDGET (f.gallery));
  g_ptr_array_unref (g_steal_pointer (&all));
  all = cards (&f);
  g_assert_cmpuint (neurona_prediction_card_get_index (all->pdata[0]), ==, 8);
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.gallery), "Images 9–16 of 30"));
  fixture_close (&f);
}

static GtkWindow *
find_detail_window (Fixture *f)
{
  GListModel *tops = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (tops, i);

      if (w != f->window && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static void
test_large_view (void)
{
  Fixture f;
  g_autoptr (GPtrArray) all = NULL;
  NeuronaPredictionCard *card;
  GtkWindow *detail = NULL;
  guint i;
  gint64 end;

  fixture_open (&f, 10, 10);
  all = cards (&f);
  card = all->pdata[3]; /* image 3: a mistake */
  i = neurona_prediction_card_get_index (card);

  /* From the keyboard: Home, Down (to card 3 in the second row), Enter. These are the
   * signals the flow box binds to those keys. */
  {
    GtkFlowBox *flow = GTK_FLOW_BOX (gtk_widget_get_parent (GTK_WIDGET (card)));
    gboolean handled = FALSE;

    gtk_widget_grab_focus (GTK_WIDGET (all->pdata[0]));
    g_signal_emit_by_name (flow, "move-cursor", GTK_MOVEMENT_BUFFER_ENDS, -1, FALSE, FALSE,
                           &handled);
    g_assert_true (gtk_widget_has_focus (GTK_WIDGET (all->pdata[0])));
    g_signal_emit_by_name (flow, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE,
                           &handled);
    g_assert_true (handled);
    g_assert_true (gtk_widget_has_focus (GTK_WIDGET (card)));
    g_signal_emit_by_name (flow, "activate-cursor-child");
  }
  end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while ((detail = find_detail_window (&f)) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (detail);
  ui_test_wait_for_frame (GTK_WIDGET (detail));

  /* 0-based, as the tutorial's i. */
  g_assert_cmpuint (i, ==, 3);
  g_assert_cmpstr (gtk_window_get_title (detail), ==, "Test image i = 3 (of 30)");
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (detail), "Test image i = 3 (of 30)"));
  /* Every output is listed with its class name and percentage. */
  for (guint k = 0; k < 10; k++)
    {
      g_autofree char *percent = g_strdup_printf ("%.2f%%", 100 * f.truth.probs[i][k]);

      g_assert_nonnull (ui_test_find_label (GTK_WIDGET (detail), class_names[k]));
      g_assert_nonnull (ui_test_find_label (GTK_WIDGET (detail), percent));
    }
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (detail), "predicted"));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (detail), "true class"));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (detail), "✗"));
  ui_test_save_screenshot (GTK_WIDGET (detail), "gallery-large-view.png", NULL);

  /* Escape closes it (the window.close action). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "window.close", NULL));
  ui_test_spin_for (50);
  g_assert_null (find_detail_window (&f));
  fixture_close (&f);
}

/* The card of test image `index` has the keyboard. */
static gboolean
card_focused (gpointer data)
{
  Fixture *f = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  guint want = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->gallery), "want"));

  return focus != NULL && NEURONA_IS_PREDICTION_CARD (focus)
         && neurona_prediction_card_get_index (NEURONA_PREDICTION_CARD (focus)) == want;
}

static gboolean
card_shown (Fixture *f, guint index)
{
  g_autoptr (GPtrArray) all = cards (f);

  for (guint c = 0; c < all->len; c++)
    if (neurona_prediction_card_get_index (all->pdata[c]) == index)
      return TRUE;
  return FALSE;
}

/* Go to image N (0-based, as test_images[N]) turns to the page with its card and focuses
 * it, in the order and filter shown; an image the filter hides is said to be hidden. */
static void
test_go_to_image (void)
{
  Fixture f;
  GtkWidget *spin;
  GtkLabel *message;

  fixture_open (&f, 10, 10);
  spin = control_for (&f, "Go to image");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  g_assert_false (card_shown (&f, 22)); /* 15 cards a page */

  /* From the keyboard: type 22, Enter. */
  gtk_widget_grab_focus (spin);
  gtk_editable_set_text (GTK_EDITABLE (spin), "22");
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (spin)), "activate");
  g_assert_true (card_shown (&f, 22));
  g_object_set_data (G_OBJECT (f.gallery), "want", GUINT_TO_POINTER (22));
  g_assert_true (ui_test_wait_until (card_focused, &f, 5000));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (f.gallery), "Images 16–30 of 30"));

  /* Sorted by confidence the card moves: still found, wherever it is. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (control_for (&f, "Sort by")),
                              NEURONA_GALLERY_SORT_CONFIDENCE_DESCENDING);
  g_assert_true (neurona_prediction_gallery_go_to_image (f.gallery, 4));
  g_assert_true (card_shown (&f, 4));
  g_object_set_data (G_OBJECT (f.gallery), "want", GUINT_TO_POINTER (4));
  g_assert_true (ui_test_wait_until (card_focused, &f, 5000));

  /* Mistakes only: a right answer (image 1) is not there, and the page says why. */
  gtk_check_button_set_active (mistakes_check (&f), TRUE);
  g_assert_false (is_wrong (1));
  g_assert_false (neurona_prediction_gallery_go_to_image (f.gallery, 1));
  message = ui_test_find_label_containing (GTK_WIDGET (f.gallery), "Test image 1 is not shown");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (gtk_label_get_text (message), "Mistakes only"));
  g_assert_true (is_wrong (27));
  g_assert_true (neurona_prediction_gallery_go_to_image (f.gallery, 27));
  g_assert_true (card_shown (&f, 27));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_false (neurona_prediction_gallery_go_to_image (f.gallery, N_IMAGES));
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (f.gallery),
                                                   "There is no test image 30"));
  ui_test_save_screenshot (GTK_WIDGET (f.window), "gallery-go-to-image.png", NULL);
  fixture_close (&f);
}

/* Clicks the large view's button that reads label. */
static void
click (GtkWindow *detail, const char *label)
{
  GtkWidget *button = ui_test_find_control (GTK_WIDGET (detail), label, 0);

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static GtkWindow *
open_detail (Fixture *f, guint card_number)
{
  g_autoptr (GPtrArray) all = cards (f);
  GtkFlowBox *flow = GTK_FLOW_BOX (gtk_widget_get_parent (all->pdata[card_number]));
  GtkWindow *detail = NULL;
  gint64 end;

  g_signal_emit_by_name (flow, "child-activated", all->pdata[card_number]);
  end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while ((detail = find_detail_window (f)) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (detail);
  ui_test_wait_for_frame (GTK_WIDGET (detail));
  return detail;
}

/* The large view with fifteen outputs lists fifteen rows, none cut off (the window is as
 * tall as they need), draws fifteen bars, and Previous / Next (and Left / Right) step
 * through the images in the cards' order, named by their 0-based i. */
static void
test_large_view_all_outputs (void)
{
  Fixture f;
  GtkWindow *detail;
  g_autoptr (GPtrArray) grids = NULL;
  g_autoptr (GPtrArray) scrollers = NULL;
  g_autoptr (GPtrArray) bars = NULL;
  GtkGrid *grid;
  GtkAdjustment *vadj;
  graphene_rect_t last, view;

  fixture_open (&f, 15, 10);
  detail = open_detail (&f, 2);
  g_assert_cmpstr (gtk_window_get_title (detail), ==, "Test image i = 2 (of 30)");

  grids = ui_test_find_all (GTK_WIDGET (detail), GTK_TYPE_GRID);
  g_assert_cmpuint (grids->len, ==, 1);
  grid = grids->pdata[0];
  for (guint k = 0; k < 15; k++)
    {
      g_autofree char *number = g_strdup_printf ("%u", k);
      g_autofree char *percent = g_strdup_printf ("%.2f%%", 100 * f.truth.probs[2][k]);
      GtkWidget *w = gtk_grid_get_child_at (grid, 0, (int) k + 1);

      g_assert_true (GTK_IS_LABEL (w));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (w)), ==, number);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 2, (int) k + 1))),
                       ==, percent);
    }
  g_assert_null (gtk_grid_get_child_at (grid, 0, 16));

  /* Nothing to scroll: the last row lies inside the part of the list on screen. */
  scrollers = ui_test_find_all (GTK_WIDGET (detail), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_cmpuint (scrollers->len, ==, 1);
  vadj = gtk_scrolled_window_get_vadjustment (scrollers->pdata[0]);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), <=, gtk_adjustment_get_page_size (vadj) + 0.5);
  g_assert_true (gtk_widget_compute_bounds (gtk_grid_get_child_at (grid, 1, 15),
                                            scrollers->pdata[0], &last));
  g_assert_true (gtk_widget_compute_bounds (scrollers->pdata[0], scrollers->pdata[0], &view));
  g_assert_cmpfloat (last.origin.y + last.size.height, <=, view.size.height + 0.5);
  /* The window fits a 1024 × 768 screen. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (detail)), <=, 720);

  bars = ui_test_find_all (GTK_WIDGET (detail), NEURONA_TYPE_PROB_BARS);
  g_assert_cmpuint (neurona_prob_bars_get_n_values (bars->pdata[0]), ==, 15);
  {
    graphene_rect_t area;

    g_assert_true (neurona_prob_bars_get_bar_area (bars->pdata[0], 14, &area));
    g_assert_false (neurona_prob_bars_get_bar_area (bars->pdata[0], 15, &area));
  }
  ui_test_save_screenshot (GTK_WIDGET (detail), "gallery-large-view-15-outputs.png", NULL);

  /* Next, Next, Previous; then Right and Left, as keys. */
  click (detail, "Next");
  g_assert_cmpstr (gtk_window_get_title (detail), ==, "Test image i = 3 (of 30)");
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (detail), "Test image i = 3 (of 30)"));
  {
    g_autofree char *percent = g_strdup_printf ("%.2f%%", 100 * f.truth.probs[3][0]);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 2, 1))), ==,
                     percent);
  }
  click (detail, "Next");
  click (detail, "Previous");
  g_assert_cmpstr (gtk_window_get_title (detail), ==, "Test image i = 3 (of 30)");
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (detail), GDK_KEY_Right));
  g_assert_cmpstr (gtk_window_get_title (detail), ==, "Test image i = 4 (of 30)");
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (detail), GDK_KEY_Left));
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (detail), GDK_KEY_Left));
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (detail), GDK_KEY_Left));
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (detail), GDK_KEY_Left));
  /* At the first image Previous is off. */
  g_assert_cmpstr (gtk_window_get_title (detail), ==, "Test image i = 0 (of 30)");
  g_assert_false (gtk_widget_get_sensitive (ui_test_find_control (GTK_WIDGET (detail), "Previous", 0)));
  g_assert_true (gtk_widget_get_sensitive (ui_test_find_control (GTK_WIDGET (detail), "Next", 0)));

  /* With the mistakes only, Next goes to the next mistake. */
  gtk_check_button_set_active (mistakes_check (&f), TRUE);
  g_assert_true (is_wrong (0) && !is_wrong (1) && !is_wrong (2) && is_wrong (3));
  click (detail, "Next");
  g_assert_cmpstr (gtk_window_get_title (detail), ==, "Test image i = 3 (of 30)");

  gtk_window_destroy (detail);
  fixture_close (&f);
}

/* Fifteen outputs (the tutorial's experiment): fifteen bars; a guess past the classes is
 * named by its unit number. */
static void
test_more_outputs (void)
{
  Fixture f;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (NrModel) model = NULL;
  NeuronaPredictionCard *card;

  fixture_open (&f, 15, 10);
  all = cards (&f);
  card = all->pdata[1];
  g_assert_cmpuint (neurona_prob_bars_get_n_values (neurona_prediction_card_get_bars (card)), ==,
                    15);

  /* Image 1 now guesses unit 12. */
  f.truth.pred[1] = 12;
  model = make_model (&f.truth, SIDE * SIDE);
  truth_fill_probs (&f.truth);
  neurona_prediction_gallery_set_model (f.gallery, model, TRUE);
  g_assert_true (wait_ready (f.gallery, 10000));
  {
    g_autofree char *expected
        = g_strdup_printf ("12 %.2f%% (Trouser)", 100 * f.truth.probs[1][12]);

    g_assert_cmpstr (gtk_label_get_text (neurona_prediction_card_get_label (card)), ==, expected);
    g_assert_cmpint (neurona_prediction_card_get_verdict (card), ==, NEURONA_VERDICT_WRONG);
  }
  ui_test_save_screenshot (GTK_WIDGET (f.window), "gallery-15-outputs.png", NULL);
  fixture_close (&f);
}

/* Fewer outputs than classes (the window refuses it, but the page must not crash):
 * true classes past the outputs are simply unmarked and counted as mistakes. */
static void
test_fewer_outputs (void)
{
  Fixture f;
  guint n_mistakes = 0, expected = 0;
  g_autoptr (GPtrArray) all = NULL;

  fixture_open (&f, 5, 10);
  for (guint i = 0; i < N_IMAGES; i++)
    if (f.truth.pred[i] != f.truth.labels[i])
      expected++;
  g_assert_true (neurona_prediction_gallery_get_counts (f.gallery, NULL, &n_mistakes));
  g_assert_cmpuint (n_mistakes, ==, expected);
  all = cards (&f);
  for (guint c = 0; c < all->len; c++)
    {
      NeuronaProbBars *bars = neurona_prediction_card_get_bars (all->pdata[c]);
      guint i = neurona_prediction_card_get_index (all->pdata[c]);

      g_assert_cmpuint (neurona_prob_bars_get_n_values (bars), ==, 5);
      g_assert_cmpint (neurona_prob_bars_get_true_label (bars), ==,
                       f.truth.labels[i] < 5 ? (int) f.truth.labels[i] : -1);
    }
  fixture_close (&f);
}

/* A model whose input size does not match the images: a message, no predictions. */
static void
test_input_mismatch (void)
{
  Fixture f;
  g_autoptr (NrModel) model = NULL;
  g_autoptr (GPtrArray) all = NULL;
  GtkLabel *summary = NULL;
  g_autoptr (GPtrArray) labels = NULL;

  fixture_open (&f, 10, 10);
  model = make_model (&f.truth, 100);
  neurona_prediction_gallery_set_model (f.gallery, model, TRUE);
  wait_layout (GTK_WIDGET (f.gallery));
  g_assert_false (neurona_prediction_gallery_get_counts (f.gallery, NULL, NULL));
  labels = ui_test_find_all (GTK_WIDGET (f.gallery), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_has_prefix (gtk_label_get_text (labels->pdata[i]), "This model takes 100 inputs"))
      summary = labels->pdata[i];
  g_assert_nonnull (summary);
  all = cards (&f);
  g_assert_cmpuint (all->len, ==, 15); /* the images are still shown */
  g_assert_cmpint (neurona_prediction_card_get_verdict (all->pdata[0]), ==, NEURONA_VERDICT_NONE);
  fixture_close (&f);
}

/* Models arriving faster than predictions finish (one per epoch): only the newest one's
 * predictions are shown, whatever order the workers finish in. */
static void
test_stale_models (void)
{
  Fixture f;
  g_autoptr (NrImageSet) big = NULL;
  g_autofree guint8 *pixels = NULL;
  g_autofree guint8 *labels = NULL;
  const guint n = 10000;
  guint n_mistakes = 0;

  fixture_open (&f, 10, 10);
  /* 10,000 images: image i lights pixel i % 30, so it is answered like image i % 30. */
  pixels = g_malloc0 ((gsize) n * SIDE * SIDE);
  labels = g_malloc (n);
  for (guint i = 0; i < n; i++)
    {
      pixels[(gsize) i * SIDE * SIDE + i % N_IMAGES] = 255;
      labels[i] = f.truth.labels[i % N_IMAGES];
    }
  big = nr_image_set_new (n, SIDE, SIDE, pixels, labels);
  neurona_prediction_gallery_set_test_set (f.gallery, big, class_names, 10);

  for (guint round = 0; round < 6; round++)
    {
      Truth t = f.truth;
      g_autoptr (NrModel) model = NULL;

      /* Early rounds predict every image wrong; only the last one is the real model. */
      if (round < 5)
        for (guint i = 0; i < N_IMAGES; i++)
          t.pred[i] = (t.labels[i] + 1 + round) % 10;
      model = make_model (&t, SIDE * SIDE);
      neurona_prediction_gallery_set_model (f.gallery, model, TRUE);
      g_assert_true (neurona_prediction_gallery_is_busy (f.gallery));
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_true (wait_ready (f.gallery, 20000));
  g_assert_true (neurona_prediction_gallery_get_counts (f.gallery, NULL, &n_mistakes));
  g_assert_cmpuint (n_mistakes, ==, n / 3 + (n % 3 != 0)); /* i % 30 % 3 == 0 ⇔ i % 3 == 0 */
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.gallery),
                                "Accuracy on 10,000 test images: 66.7% (3,334 mistakes)"));
  fixture_close (&f);
}

/* The real thing: Fashion-MNIST's committed subset, the tutorial's model untrained (near-
 * uniform guesses) and after two epochs. */
static void
test_real_dataset (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) dataset = NULL;
  g_autoptr (NrTrainer) trainer = NULL;
  g_autoptr (NrModel) untrained = NULL;
  NrTrainConfig config;
  NrTrainResult result;
  GtkWindow *window;
  NeuronaPredictionGallery *gallery;
  guint n_images = 0, n_mistakes = 0;
  g_autofree char *data_dir = g_build_filename (g_getenv ("NEURONA_PROJECT_DATA_DIR"), "subset",
                                                NULL);

  dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, data_dir, &error);
  g_assert_no_error (error);

  gallery = NEURONA_PREDICTION_GALLERY (neurona_prediction_gallery_new ());
  window = GTK_WINDOW (ui_test_present_in_window (GTK_WIDGET (gallery), 1024, 768));
  neurona_prediction_gallery_set_dataset (gallery, dataset);

  nr_train_config_init (&config);
  config.epochs = 2;
  untrained = nr_model_new (&config.model, config.seed, &error);
  g_assert_no_error (error);
  neurona_prediction_gallery_set_model (gallery, untrained, TRUE);
  g_assert_true (wait_ready (gallery, 10000));
  g_assert_true (neurona_prediction_gallery_get_counts (gallery, &n_images, &n_mistakes));
  g_assert_cmpuint (n_images, ==, dataset->test->n);
  ui_test_save_screenshot (GTK_WIDGET (window), "gallery-untrained.png", NULL);

  trainer = nr_trainer_new (&config, dataset->train, dataset->test, 10, &error);
  g_assert_no_error (error);
  g_assert_true (nr_trainer_run (trainer, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  neurona_prediction_gallery_set_model (gallery, nr_trainer_get_model (trainer), TRUE);
  g_assert_true (wait_ready (gallery, 10000));
  g_assert_true (neurona_prediction_gallery_get_counts (gallery, &n_images, &n_mistakes));
  /* The page's accuracy is the trainer's test accuracy. */
  g_assert_cmpfloat (fabs ((double) (n_images - n_mistakes) / n_images - result.test_accuracy),
                     <, 1e-9);
  ui_test_save_screenshot (GTK_WIDGET (window), "gallery-trained.png", NULL);

  gtk_window_destroy (window);
  ui_test_spin_for (20);
}

/* A screen reader reads each bar by its class name, as the card and the large view show
 * them; outputs past the classes by their number. */
static void
test_bars_accessible_text (void)
{
  static const char *const names[] = { "T-shirt/top", "Trouser" };
  const float probs[3] = { 0.25f, 0.7f, 0.05f };
  GtkWidget *bars = g_object_ref_sink (neurona_prob_bars_new ());

  neurona_prob_bars_set_class_names (NEURONA_PROB_BARS (bars), names, G_N_ELEMENTS (names));
  neurona_prob_bars_set_values (NEURONA_PROB_BARS (bars), probs, 3, 1, 0);
  ui_test_assert_accessible_label (bars,
                                   "Probabilities: T-shirt/top: 25.00%, Trouser: 70.00%, 2: 5.00%");

  /* Names given after the values rename the bars already shown. */
  neurona_prob_bars_set_class_names (NEURONA_PROB_BARS (bars), NULL, 0);
  ui_test_assert_accessible_label (bars, "Probabilities: 0: 25.00%, 1: 70.00%, 2: 5.00%");
  g_object_unref (bars);
}

int
main (int argc, char *argv[])
{
  /* GTK_A11Y=none (tests/meson.build) gives widgets no accessible context at all; the test
   * backend keeps the accessible properties in the process, off any bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gallery/cards/labels", test_labels);
  g_test_add_func ("/gallery/cards/colours", test_label_colours);
  g_test_add_func ("/gallery/cards/colours-dark-theme", test_label_colours_dark);
  g_test_add_func ("/gallery/bars/pixels", test_bar_pixels);
  g_test_add_func ("/gallery/bars/accessible-text", test_bars_accessible_text);
  g_test_add_func ("/gallery/filter/mistakes-only", test_mistakes_only);
  g_test_add_func ("/gallery/sort/confidence", test_sort);
  g_test_add_func ("/gallery/summary/counts", test_summary);
  g_test_add_func ("/gallery/layout/rows-columns-pages", test_rows_columns);
  g_test_add_func ("/gallery/large-view/all-probabilities", test_large_view);
  g_test_add_func ("/gallery/outputs/more-than-classes", test_more_outputs);
  g_test_add_func ("/gallery/go-to-image", test_go_to_image);
  g_test_add_func ("/gallery/large-view/all-outputs-and-stepping", test_large_view_all_outputs);
  g_test_add_func ("/gallery/outputs/fewer-than-classes", test_fewer_outputs);
  g_test_add_func ("/gallery/model/input-mismatch", test_input_mismatch);
  g_test_add_func ("/gallery/model/stale-models-dropped", test_stale_models);
  g_test_add_func ("/gallery/dataset/fashion-subset", test_real_dataset);

  return g_test_run ();
}
