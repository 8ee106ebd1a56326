/* test-understand-weights.c — the Understand page's "First-layer weights" and "Drawing
 * pad" views: a hand-set unit's picture read back as pixels (a positive weight is the
 * positive colour at its place, zero the centre colour), paging, the empty state, the
 * most exciting test images against the core; the drawing pad's input for a known stroke
 * against the core's preprocessing, its probabilities against nr_model_predict, the
 * nearest training images, the keyboard pen, Clear, and the accessible names. */
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona-draw-pad.h"
#include "neurona-draw-view.h"
#include "neurona-image-view.h"
#include "neurona-prob-bars.h"
#include "neurona-understand-page.h"
#include "neurona-weights-picture.h"
#include "neurona-weights-view.h"
#include "ui-test-util.h"

#define SIDE 28
#define NPIX (SIDE * SIDE)

static const GdkRGBA grey_bg = { 0.5, 0.5, 0.5, 1 };

/* 784 → Dense(units, relu) → Dense(10), every parameter zero but those set by hand. */
static NrModel *
zero_model (guint units)
{
  g_autoptr (GError) error = NULL;
  NrModelSpec spec;
  NrModel *model;
  float *params;
  gsize n;

  nr_model_spec_init_tutorial (&spec, FALSE);
  spec.hidden[0].units = units;
  model = nr_model_new (&spec, 1, &error);
  g_assert_no_error (error);
  params = nr_model_get_params (model, &n); /* n is set by the call: read it after */
  memset (params, 0, n * sizeof (float));
  return model;
}

static void
set_weight (NrModel *model, guint unit, guint r, guint c, float v)
{
  guint units = nr_model_get_spec (model)->hidden[0].units;

  nr_model_get_weights (model, 0)[(gsize) (r * SIDE + c) * units + unit] = v;
}

/* The colour the weights colormap gives index i. */
static void
lut_color (guint i, guint8 rgb[3])
{
  memcpy (rgb, nr_colormap_lut (NEURONA_WEIGHTS_COLORMAP) + 3 * i, 3);
}

/* The rendered colour at the centre of picture pixel (r, c). */
static void
picture_pixel (GtkWidget *picture, guint r, guint c, guint8 rgb[3])
{
  UiTestPixels px = ui_test_read_pixels (picture, &grey_bg);
  graphene_rect_t area;
  double s;

  g_assert_true (neurona_weights_picture_get_image_area (NEURONA_WEIGHTS_PICTURE (picture), &area));
  s = area.size.width / SIDE;
  ui_test_pixel_at (&px, (int) (area.origin.x + (c + 0.5) * s), (int) (area.origin.y + (r + 0.5) * s),
                    rgb);
  g_free (px.data);
}

static void
assert_color (const guint8 got[3], const guint8 want[3], const char *what)
{
  for (guint k = 0; k < 3; k++)
    if (ABS ((int) got[k] - (int) want[k]) > 2)
      g_error ("%s: got #%02x%02x%02x, want #%02x%02x%02x", what, got[0], got[1], got[2],
               want[0], want[1], want[2]);
}

static char *
accessible_description_error (GtkWidget *widget, const char *want)
{
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, want);
}

/* ---- First-layer weights, on hand-set weights ---------------------------------------- */

static void
test_unit_picture_pixels (void)
{
  g_autoptr (NrModel) model = zero_model (40);
  g_autoptr (NrWeights) weights = NULL;
  GtkWidget *view = neurona_weights_view_new ();
  GtkWidget *window = ui_test_present_in_window (view, 1100, 760);
  GtkWidget *picture;
  guint8 got[3], pos[3], neg[3], mid[3];
  g_autofree char *err = NULL;

  /* Unit 3: positive at (2, 20), negative at (20, 5): not symmetric, so a transposed or
   * mirrored picture fails. */
  set_weight (model, 3, 2, 20, 0.5f);
  set_weight (model, 3, 20, 5, -0.5f);
  set_weight (model, 7, 0, 0, 0.25f);
  weights = nr_weights_new_from_model (model);
  neurona_weights_view_set_weights (NEURONA_WEIGHTS_VIEW (view), weights, TRUE, NR_DATASET_MNIST);
  ui_test_wait_for_frame (view);

  lut_color (255, pos);
  lut_color (0, neg);
  lut_color (128, mid);
  picture = neurona_weights_view_get_unit_picture (NEURONA_WEIGHTS_VIEW (view), 3);
  g_assert_nonnull (picture);
  g_assert_cmpfloat (neurona_weights_picture_get_range (NEURONA_WEIGHTS_PICTURE (picture)), ==, 0.5f);
  picture_pixel (picture, 2, 20, got);
  assert_color (got, pos, "unit 3, pixel (2, 20)");
  picture_pixel (picture, 20, 5, got);
  assert_color (got, neg, "unit 3, pixel (20, 5)");
  picture_pixel (picture, 20, 2, got);
  assert_color (got, mid, "unit 3, pixel (20, 2)");
  picture_pixel (picture, 5, 20, got);
  assert_color (got, mid, "unit 3, pixel (5, 20)");
  /* Unit 7 on the page's shared scale: 0.25 of 0.5 is half-way to the positive end. */
  picture = neurona_weights_view_get_unit_picture (NEURONA_WEIGHTS_VIEW (view), 7);
  picture_pixel (picture, 0, 0, got);
  lut_color (192, pos);
  assert_color (got, pos, "unit 7, pixel (0, 0)");

  /* Choosing unit 3 shows it large, on its own scale. */
  neurona_weights_view_select_unit (NEURONA_WEIGHTS_VIEW (view), 3);
  ui_test_wait_for_frame (view);
  picture = neurona_weights_view_get_detail_picture (NEURONA_WEIGHTS_VIEW (view));
  lut_color (255, pos);
  picture_pixel (picture, 2, 20, got);
  assert_color (got, pos, "large unit 3, pixel (2, 20)");
  g_assert_nonnull (ui_test_find_visible_label (view, "Unit 4 (index 3)"));

  err = accessible_description_error (view, "40 hidden units, page 1 of 2; weights from -0.50 to 0.50");
  g_assert_null (err);
  ui_test_save_screenshot (view, "understand-weights-hand-set.png", NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_paging (void)
{
  g_autoptr (NrModel) model = zero_model (70);
  g_autoptr (NrWeights) weights = NULL;
  NeuronaWeightsView *view = NEURONA_WEIGHTS_VIEW (neurona_weights_view_new ());
  GtkWidget *window = ui_test_present_in_window (GTK_WIDGET (view), 1100, 760);
  GtkWidget *next;
  guint8 got[3], pos[3];
  g_autofree char *err = NULL;

  set_weight (model, 32, 10, 11, 1.0f); /* first unit of page 2 */
  set_weight (model, 69, 27, 27, -1.0f); /* last unit of page 3 */
  weights = nr_weights_new_from_model (model);
  neurona_weights_view_set_weights (view, weights, TRUE, NR_DATASET_MNIST);
  ui_test_wait_for_frame (GTK_WIDGET (view));

  g_assert_cmpuint (neurona_weights_view_get_n_pages (view), ==, 3);
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (view), "Units 1–32 of 70"));
  /* Alt+U moves to the units. */
  {
    GtkLabel *units = ui_test_find_visible_label (GTK_WIDGET (view), "Units 1–32 of 70");

    g_assert_cmpuint (gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (units)), ==, GDK_KEY_u);
    g_assert_true (gtk_label_get_mnemonic_widget (units)
                   == GTK_WIDGET (ui_test_find_all (GTK_WIDGET (view), GTK_TYPE_FLOW_BOX)->pdata[0]));
  }
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (view), "unit 1"));
  g_assert_false (gtk_widget_is_sensitive (ui_test_find_control (GTK_WIDGET (view), "Previous page", 0)));

  next = ui_test_find_control (GTK_WIDGET (view), "Next page", 0);
  g_assert_nonnull (next);
  g_signal_emit_by_name (next, "clicked");
  ui_test_wait_for_frame (GTK_WIDGET (view));
  g_assert_cmpuint (neurona_weights_view_get_page (view), ==, 1);
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (view), "Units 33–64 of 70"));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (view), "unit 33"));
  g_assert_null (ui_test_find_visible_label (GTK_WIDGET (view), "unit 1"));
  lut_color (255, pos);
  picture_pixel (neurona_weights_view_get_unit_picture (view, 0), 10, 11, got);
  assert_color (got, pos, "page 2, unit 33, pixel (10, 11)");
  g_assert_true (gtk_widget_is_sensitive (ui_test_find_control (GTK_WIDGET (view), "Previous page", 0)));
  /* The page's first unit is the chosen one; Enter (or a click) on its fifth chooses it. */
  g_assert_cmpuint (neurona_weights_view_get_selected_unit (view), ==, 32);
  {
    g_autoptr (GPtrArray) cells = ui_test_find_all (GTK_WIDGET (view), GTK_TYPE_FLOW_BOX_CHILD);

    g_assert_cmpuint (cells->len, ==, NEURONA_WEIGHTS_VIEW_PAGE_SIZE);
    g_assert_true (gtk_widget_get_focusable (cells->pdata[4]));
    g_signal_emit_by_name (cells->pdata[4], "activate");
    g_assert_cmpuint (neurona_weights_view_get_selected_unit (view), ==, 36);
    g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (view), "Unit 37 (index 36)"));
    ui_test_assert_accessible_label (cells->pdata[4], "unit 37");
  }

  g_signal_emit_by_name (next, "clicked");
  ui_test_wait_for_frame (GTK_WIDGET (view));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (view), "Units 65–70 of 70"));
  g_assert_nonnull (neurona_weights_view_get_unit_picture (view, 5));
  g_assert_null (neurona_weights_view_get_unit_picture (view, 6));
  g_assert_false (gtk_widget_is_sensitive (next));
  err = accessible_description_error (GTK_WIDGET (view),
                                      "70 hidden units, page 3 of 3; weights from -1.00 to 0.00");
  g_assert_null (err);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_no_hidden_layer (void)
{
  g_autoptr (GError) error = NULL;
  NrModelSpec spec;
  g_autoptr (NrModel) model = NULL;
  g_autoptr (NrWeights) weights = NULL;
  NeuronaWeightsView *view = NEURONA_WEIGHTS_VIEW (neurona_weights_view_new ());
  GtkWidget *window = ui_test_present_in_window (GTK_WIDGET (view), 900, 600);

  nr_model_spec_init_tutorial (&spec, FALSE);
  spec.n_hidden = 0;
  model = nr_model_new (&spec, 1, &error);
  g_assert_no_error (error);
  weights = nr_weights_new_from_model (model);
  neurona_weights_view_set_weights (view, weights, TRUE, NR_DATASET_MNIST);
  ui_test_wait_for_frame (GTK_WIDGET (view));
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (view), "no hidden layer"));
  g_assert_cmpuint (neurona_weights_view_get_n_pages (view), ==, 0);
  g_assert_null (neurona_weights_view_get_unit_picture (view, 0));
  g_assert_false (gtk_widget_is_sensitive (ui_test_find_control (GTK_WIDGET (view), "Next page", 0)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A drag on the pad paints where the pointer (or finger) goes: the gesture's signals,
 * emitted as GTK does for a press at the centre of pixel (5, 5) moved to (5, 20) and then
 * down to (20, 20). */
static void
test_drawing_pad_drag (void)
{
  GtkWidget *pad = neurona_draw_pad_new ();
  GtkWidget *window = ui_test_present_in_window (pad, 400, 400);
  g_autoptr (GListModel) controllers = NULL;
  GtkGesture *drag = NULL;
  graphene_rect_t g;
  double px;
  const float *ink;

  ui_test_wait_for_frame (pad);
  g_assert_true (neurona_draw_pad_get_grid_area (NEURONA_DRAW_PAD (pad), &g));
  px = g.size.width / SIDE;
  controllers = gtk_widget_observe_controllers (pad);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (c))
        drag = GTK_GESTURE (c);
    }
  g_assert_nonnull (drag);
  g_signal_emit_by_name (drag, "drag-begin", g.origin.x + 5.5 * px, g.origin.y + 5.5 * px);
  g_signal_emit_by_name (drag, "drag-update", 15.0 * px, 0.0);
  g_signal_emit_by_name (drag, "drag-update", 15.0 * px, 15.0 * px);
  ink = neurona_draw_pad_get_ink (NEURONA_DRAW_PAD (pad));
  for (guint c = 5; c <= 20; c++)
    g_assert_cmpfloat (ink[5 * SIDE + c], ==, 1.0f);
  for (guint r = 5; r <= 20; r++)
    g_assert_cmpfloat (ink[r * SIDE + 20], ==, 1.0f);
  g_assert_cmpfloat (ink[12 * SIDE + 12], ==, 0.0f);
  g_assert_cmpfloat (ink[5 * SIDE + 23], ==, 0.0f);
  g_assert_true (gtk_widget_has_focus (pad)); /* a press hands it the keyboard too */
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Without a model the pad still draws and prepares its input, and says there is no model. */
static void
test_drawing_pad_without_model (void)
{
  NeuronaDrawView *view = NEURONA_DRAW_VIEW (neurona_draw_view_new ());
  GtkWidget *window = ui_test_present_in_window (GTK_WIDGET (view), 900, 600);
  NeuronaDrawPad *pad = NEURONA_DRAW_PAD (neurona_draw_view_get_pad (view));
  guint8 want[NPIX];
  g_autofree char *err = NULL;

  ui_test_wait_for_frame (GTK_WIDGET (view));
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (view), "My drawing"));
  neurona_draw_pad_draw_line (pad, 2, 2, 12, 2);
  g_assert_false (neurona_draw_pad_is_empty (pad));
  g_assert_true (nr_preprocess_drawing (neurona_draw_pad_get_ink (pad), SIDE, SIDE,
                                        NR_PREPROCESS_MNIST, want));
  g_assert_cmpmem (neurona_draw_view_get_input (view), NPIX, want, NPIX);
  g_assert_cmpuint (neurona_prob_bars_get_n_values (
                        NEURONA_PROB_BARS (neurona_draw_view_get_prob_bars (view))), ==, 0);
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (view),
                                                "No model yet: train one or open a run."));
  err = accessible_description_error (GTK_WIDGET (view), "No model yet: train one or open a run.");
  g_assert_null (err);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- in the lab window: the session's current model and its dataset ----------------- */

typedef struct
{
  NeuronaApplication *app;
  NeuronaWindow *window;
  NeuronaUnderstandPage *page;
} Fixture;

static gboolean
has_current_weights (gpointer data)
{
  Fixture *f = data;

  return neurona_session_get_current_weights (neurona_window_get_session (f->window), NULL, NULL)
         != NULL;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) pages = NULL;

  ui_test_open_window (&f->app, &f->window, "understand");
  pages = ui_test_find_all (GTK_WIDGET (f->window), NEURONA_TYPE_UNDERSTAND_PAGE);
  g_assert_cmpuint (pages->len, ==, 1);
  f->page = pages->pdata[0];
  g_assert_true (ui_test_wait_until (has_current_weights, f, 10000));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  ui_test_close_window (&f->window, &f->app);
}

static gboolean
top_ready (gpointer view)
{
  return neurona_weights_view_get_top_images (view, NULL) == NEURONA_WEIGHTS_VIEW_N_TOP;
}

static void
test_view_names (Fixture *f, gconstpointer data)
{
  ui_test_assert_accessible_label (neurona_understand_page_get_view (f->page, "weights"),
                                   "First-layer weights");
  ui_test_assert_accessible_label (neurona_understand_page_get_view (f->page, "draw"),
                                   "Drawing pad");
  g_assert_true (NEURONA_IS_WEIGHTS_VIEW (neurona_understand_page_get_view (f->page, "weights")));
  g_assert_true (NEURONA_IS_DRAW_VIEW (neurona_understand_page_get_view (f->page, "draw")));
}

static void
test_top_images_match_core (Fixture *f, gconstpointer data)
{
  NeuronaSession *session = neurona_window_get_session (f->window);
  NeuronaWeightsView *view;
  NrWeights *weights;
  NrDataset *dataset;
  gboolean normalize;
  NrDatasetId id;
  const guint *shown;
  g_autofree float *resp = NULL;
  guint want[NEURONA_WEIGHTS_VIEW_N_TOP];

  g_assert_true (neurona_understand_page_show_view (f->page, "weights"));
  view = NEURONA_WEIGHTS_VIEW (neurona_understand_page_get_view (f->page, "weights"));
  ui_test_wait_for_frame (GTK_WIDGET (view));
  weights = neurona_session_get_current_weights (session, &normalize, &id);
  g_assert_true (neurona_weights_view_get_weights (view) == weights);
  g_assert_cmpuint (nr_inspect_first_layer_units (weights), >, 0);

  neurona_weights_view_select_unit (view, 5);
  g_assert_true (ui_test_wait_until (top_ready, view, 10000));
  dataset = neurona_session_get_dataset (session, id);
  g_assert_nonnull (dataset);
  resp = g_new (float, dataset->test->n);
  g_assert_true (nr_inspect_unit_responses (weights, 5, dataset->test, normalize, resp));
  g_assert_cmpuint (nr_inspect_top_k (resp, dataset->test->n, G_N_ELEMENTS (want), want), ==,
                    G_N_ELEMENTS (want));
  neurona_weights_view_get_top_images (view, &shown);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    g_assert_cmpuint (shown[i], ==, want[i]);
  ui_test_save_screenshot (GTK_WIDGET (view), "understand-weights.png", NULL);
}

typedef struct
{
  NeuronaSession *session;
  NeuronaWeightsView *view;
  guint n_seen;
} FollowCheck;

/* At each change of the current weights (every epoch end of a run) the shown view has
 * already redrawn its pictures from them: its handler runs first, as it connected first. */
static void
on_weights_changed (NeuronaSession *session, GParamSpec *pspec, FollowCheck *check)
{
  NrWeights *weights = neurona_session_get_current_weights (session, NULL, NULL);
  GtkWidget *picture = neurona_weights_view_get_unit_picture (check->view, 0);

  if (weights == NULL)
    return;
  g_assert_true (neurona_weights_view_get_weights (check->view) == weights);
  g_assert_nonnull (picture);
  g_assert_cmpfloat (neurona_weights_picture_get_range (NEURONA_WEIGHTS_PICTURE (picture)), ==,
                     nr_inspect_units_range (weights, 0, NEURONA_WEIGHTS_VIEW_PAGE_SIZE, NULL, NULL));
  check->n_seen++;
}

static gboolean
not_training (gpointer window)
{
  return !neurona_window_get_training (window);
}

static void
test_weights_follow_training (Fixture *f, gconstpointer data)
{
  FollowCheck check = { neurona_window_get_session (f->window), NULL, 0 };
  GtkWidget *epochs = ui_test_find_control (GTK_WIDGET (f->window), "Epochs", 0);
  gulong handler;

  g_assert_true (neurona_understand_page_show_view (f->page, "weights"));
  check.view = NEURONA_WEIGHTS_VIEW (neurona_understand_page_get_view (f->page, "weights"));
  ui_test_wait_for_frame (GTK_WIDGET (check.view));
  g_assert_true (GTK_IS_SPIN_BUTTON (epochs));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (epochs), 3);
  neurona_window_set_limits (f->window, 300, 100);
  handler = g_signal_connect (check.session, "notify::current-weights",
                              G_CALLBACK (on_weights_changed), &check);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  g_assert_true (ui_test_wait_until (not_training, f->window, 60000));
  g_signal_handler_disconnect (check.session, handler);
  g_test_message ("the weights view followed %u changes", check.n_seen);
  g_assert_cmpuint (check.n_seen, >=, 3); /* one per epoch at least */
}

static gboolean
similar_ready (gpointer view)
{
  return !neurona_draw_view_is_busy (view)
         && neurona_draw_view_get_similar (view, NULL) == NEURONA_DRAW_VIEW_N_SIMILAR;
}

/* The chart's accessible text for probs, as NeuronaProbBars writes it. */
static char *
expected_bars_label (const float *probs, guint n, const NrDatasetInfo *info)
{
  g_autoptr (GString) s = g_string_new ("Probabilities: ");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s: %.2f%%", i > 0 ? ", " : "",
                            i < info->n_classes ? info->class_names[i] : "?", 100.0 * probs[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_drawing_pad (Fixture *f, gconstpointer data)
{
  NeuronaSession *session = neurona_window_get_session (f->window);
  NeuronaDrawView *view;
  NeuronaDrawPad *pad;
  GtkWidget *bars, *input_view;
  NrWeights *weights;
  NrDataset *dataset;
  gboolean normalize;
  NrDatasetId id;
  guint8 want[NPIX];
  float probs[10];
  guint best = 0, nearest[NEURONA_DRAW_VIEW_N_SIMILAR];
  const guint *shown;
  const float *ink;
  g_autofree char *label = NULL, *text = NULL, *err = NULL;

  g_assert_true (neurona_understand_page_show_view (f->page, "draw"));
  view = NEURONA_DRAW_VIEW (neurona_understand_page_get_view (f->page, "draw"));
  ui_test_wait_for_frame (GTK_WIDGET (view));
  pad = NEURONA_DRAW_PAD (neurona_draw_view_get_pad (view));
  bars = neurona_draw_view_get_prob_bars (view);
  input_view = neurona_draw_view_get_input_view (view);
  g_assert_true (neurona_draw_pad_is_empty (pad));
  g_assert_cmpuint (neurona_prob_bars_get_n_values (NEURONA_PROB_BARS (bars)), ==, 0);
  weights = neurona_session_get_current_weights (session, &normalize, &id);
  /* Which preprocessing is said follows the model's dataset. */
  g_assert_nonnull (ui_test_find_label_containing (
      GTK_WIDGET (view), id == NR_DATASET_FASHION_MNIST ? "like Fashion-MNIST's items"
                                                        : "Centred and scaled to 20\u00a0×\u00a020"));

  /* A "7": a bar across the top and a stroke down to the bottom left. */
  neurona_draw_pad_draw_line (pad, 6, 8, 6, 20);
  neurona_draw_pad_draw_line (pad, 6, 20, 23, 12);
  ink = neurona_draw_pad_get_ink (pad);
  g_assert_cmpfloat (ink[6 * SIDE + 14], ==, 1.0f);     /* on the stroke: full ink */
  g_assert_cmpfloat (ink[20 * SIDE + 3], ==, 0.0f);     /* far from it: paper */
  g_assert_cmpfloat (ink[7 * SIDE + 14], >, 0.0f);      /* its soft edge */
  g_assert_cmpfloat (ink[7 * SIDE + 14], <, 1.0f);
  g_assert_cmpfloat (ink[8 * SIDE + 14], ==, 0.0f);     /* about two pixels wide */

  g_assert_true (nr_preprocess_drawing (ink, SIDE, SIDE, nr_preprocess_for_dataset (id), want));
  g_assert_cmpmem (neurona_draw_view_get_input (view), NPIX, want, NPIX);
  for (guint r = 0; r < SIDE; r++)
    for (guint c = 0; c < SIDE; c++)
      g_assert_cmpint (neurona_image_view_get_value (NEURONA_IMAGE_VIEW (input_view), r, c), ==,
                       want[r * SIDE + c]);

  /* The probabilities shown are the model's on that input. */
  g_assert_cmpuint (nr_weights_get_spec (weights)->outputs, ==, 10);
  nr_model_predict (nr_weights_get_model (weights), want, 1, normalize, probs);
  for (guint i = 1; i < 10; i++)
    if (probs[i] > probs[best])
      best = i;
  g_assert_cmpuint (neurona_prob_bars_get_n_values (NEURONA_PROB_BARS (bars)), ==, 10);
  g_assert_cmpint (neurona_prob_bars_get_predicted (NEURONA_PROB_BARS (bars)), ==, (int) best);
  label = expected_bars_label (probs, 10, nr_dataset_info (id));
  ui_test_assert_accessible_label (bars, label);
  text = g_strdup_printf ("Predicted: %s (%.0f %%)", nr_dataset_info (id)->class_names[best],
                          100.0 * probs[best]);
  g_assert_nonnull (ui_test_find_visible_label (GTK_WIDGET (view), text));
  err = accessible_description_error (GTK_WIDGET (view), text);
  g_assert_null (err);

  /* The most similar training images, against the core. */
  g_assert_true (ui_test_wait_until (similar_ready, view, 10000));
  dataset = neurona_session_get_dataset (session, id);
  g_assert_cmpuint (nr_nearest_images (dataset->train, want, G_N_ELEMENTS (nearest), nearest, NULL),
                    ==, G_N_ELEMENTS (nearest));
  neurona_draw_view_get_similar (view, &shown);
  for (guint i = 0; i < G_N_ELEMENTS (nearest); i++)
    g_assert_cmpuint (shown[i], ==, nearest[i]);
  ui_test_save_screenshot (GTK_WIDGET (view), "understand-draw.png", NULL);

  /* Clear empties the pad, the input and the chart. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "draw.clear", NULL));
  g_assert_true (neurona_draw_pad_is_empty (pad));
  for (guint i = 0; i < NPIX; i++)
    g_assert_cmpuint (neurona_draw_view_get_input (view)[i], ==, 0);
  g_assert_cmpuint (neurona_prob_bars_get_n_values (NEURONA_PROB_BARS (bars)), ==, 0);
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (view), "Empty"));
  g_assert_false (gtk_widget_is_sensitive (ui_test_find_control (GTK_WIDGET (view), "Clear", 0)));
}

/* The pen from the keyboard: arrows move it, Space paints, Shift+arrow paints along. */
static gboolean
send_key (GtkWidget *widget, guint keyval, GdkModifierType state)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
    }
  return handled;
}

static void
test_drawing_pad_keyboard (Fixture *f, gconstpointer data)
{
  NeuronaDrawView *view;
  NeuronaDrawPad *pad;
  guint row, col;
  const float *ink;
  GtkWidget *invert;

  g_assert_true (neurona_understand_page_show_view (f->page, "draw"));
  view = NEURONA_DRAW_VIEW (neurona_understand_page_get_view (f->page, "draw"));
  ui_test_wait_for_frame (GTK_WIDGET (view));
  pad = NEURONA_DRAW_PAD (neurona_draw_view_get_pad (view));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (pad)));
  /* "My drawing" names the pad, and Alt+M moves to it. */
  {
    GtkLabel *heading = ui_test_find_visible_label (GTK_WIDGET (view), "My drawing");

    g_assert_nonnull (heading);
    g_assert_cmpuint (gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (heading)), ==, GDK_KEY_m);
    g_assert_true (gtk_label_get_mnemonic_widget (heading) == GTK_WIDGET (pad));
    g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (pad),
                                                      GTK_ACCESSIBLE_PROPERTY_LABEL));
  }
  neurona_draw_pad_get_cursor (pad, &row, &col);
  g_assert_cmpuint (row, ==, 14);
  g_assert_cmpuint (col, ==, 14);

  g_assert_true (send_key (GTK_WIDGET (pad), GDK_KEY_Up, 0));
  g_assert_true (send_key (GTK_WIDGET (pad), GDK_KEY_Left, 0));
  neurona_draw_pad_get_cursor (pad, &row, &col);
  g_assert_cmpuint (row, ==, 13);
  g_assert_cmpuint (col, ==, 13);
  g_assert_true (neurona_draw_pad_is_empty (pad)); /* moving alone does not paint */
  g_assert_true (send_key (GTK_WIDGET (pad), GDK_KEY_space, 0));
  ink = neurona_draw_pad_get_ink (pad);
  g_assert_cmpfloat (ink[13 * SIDE + 13], ==, 1.0f);
  g_assert_cmpfloat (ink[13 * SIDE + 18], ==, 0.0f);
  for (guint i = 0; i < 5; i++)
    g_assert_true (send_key (GTK_WIDGET (pad), GDK_KEY_Right, GDK_SHIFT_MASK));
  g_assert_cmpfloat (ink[13 * SIDE + 18], ==, 1.0f);
  g_assert_cmpuint (neurona_prob_bars_get_n_values (
                        NEURONA_PROB_BARS (neurona_draw_view_get_prob_bars (view))), ==, 10);

  /* Invert swaps ink and paper. */
  invert = ui_test_find_control (GTK_WIDGET (view), "Invert", 0);
  g_assert_nonnull (invert);
  g_signal_emit_by_name (invert, "clicked");
  g_assert_cmpfloat (ink[13 * SIDE + 18], ==, 0.0f);
  g_assert_cmpfloat (ink[0], ==, 1.0f);
  ui_test_assert_accessible_label (invert, "Invert");
  ui_test_assert_accessible_label (ui_test_find_control (GTK_WIDGET (view), "Clear", 0), "Clear");
}

/* Without a session bus GtkApplication warns once; that is the test machine, not us. */
static gboolean
ignore_bus_warning (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  return strstr (message, "session bus") == NULL;
}

int
main (int argc, char **argv)
{
  g_autofree char *subset = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* The test accessibility backend keeps the properties for the tests to read. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (ignore_bus_warning, NULL);
  /* The committed subset, whatever else this machine has. */
  subset = g_build_filename (nr_project_data_dir (), "subset", NULL);
  g_setenv ("NEURONA_DATA_DIR", subset, TRUE);
  g_test_add_func ("/understand/weights/unit-picture-pixels", test_unit_picture_pixels);
  g_test_add_func ("/understand/weights/paging", test_paging);
  g_test_add_func ("/understand/weights/no-hidden-layer", test_no_hidden_layer);
  g_test_add_func ("/understand/draw/drag-paints", test_drawing_pad_drag);
  g_test_add_func ("/understand/draw/without-model", test_drawing_pad_without_model);
  g_test_add ("/understand/weights/view-names", Fixture, NULL, fixture_setup, test_view_names,
              fixture_teardown);
  g_test_add ("/understand/weights/top-images-match-core", Fixture, NULL, fixture_setup,
              test_top_images_match_core, fixture_teardown);
  g_test_add ("/understand/weights/follow-training", Fixture, NULL, fixture_setup,
              test_weights_follow_training, fixture_teardown);
  g_test_add ("/understand/draw/stroke-input-probabilities-similar", Fixture, NULL,
              fixture_setup, test_drawing_pad, fixture_teardown);
  g_test_add ("/understand/draw/keyboard-pen-and-invert", Fixture, NULL, fixture_setup,
              test_drawing_pad_keyboard, fixture_teardown);
  return g_test_run ();
}
