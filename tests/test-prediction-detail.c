/* test-prediction-detail.c — the Predictions page's large view on its own
 * (NeuronaPredictionDetail): given a hand-made image and probabilities it titles the image
 * by its 0-based i, lists every output in the All probabilities table, shows both runs
 * when comparing, and Previous / Next / Close work as actions (detail.previous,
 * detail.next, window.close) from buttons and keys. Runs under Xvfb.
 */
#include <gtk/gtk.h>
#include <string.h>

#include "neurona/neurona.h"
#include "neurona-prediction-detail.h"
#include "neurona-prob-bars.h"
#include "ui-test-util.h"

#define SIDE 28
#define N_IMAGES 30

static const char *const class_names[10] = {
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
  "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot",
};

typedef struct
{
  NeuronaPredictionDetail *detail; /* weak: NULL once destroyed */
  guint8 pixels[SIDE * SIDE];
  float probs[15];
  guint n_requests;
  guint requested;
} Fixture;

static void
on_index_requested (NeuronaPredictionDetail *detail, guint index, Fixture *f)
{
  f->n_requests++;
  f->requested = index;
}

/* Probabilities summing to 1 where output `top` has 0.6 and output `second` 0.25. */
static void
fill_probs (float *probs, guint n, guint top, guint second)
{
  for (guint k = 0; k < n; k++)
    probs[k] = 0.15f / (float) (n - 2);
  probs[top] = 0.6f;
  probs[second] = 0.25f;
}

/* A detail window showing image `index` (true class Bag, 8) of N_IMAGES, with 15 outputs
 * whose most likely is output 12, then 8. Not presented. */
static void
fixture_open (Fixture *f, guint index)
{
  memset (f, 0, sizeof *f);
  for (guint r = 6; r < 22; r++)
    for (guint c = 4; c < 24; c++)
      f->pixels[r * SIDE + c] = (guint8) (60 + 8 * r);
  fill_probs (f->probs, 15, 12, 8);

  f->detail = NEURONA_PREDICTION_DETAIL (neurona_prediction_detail_new ());
  g_object_add_weak_pointer (G_OBJECT (f->detail), (gpointer *) &f->detail);
  g_signal_connect (f->detail, "index-requested", G_CALLBACK (on_index_requested), f);
  neurona_prediction_detail_set_class_names (f->detail, class_names, G_N_ELEMENTS (class_names));
  neurona_prediction_detail_set_image (f->detail, index, N_IMAGES, f->pixels, SIDE, SIDE, 8);
  neurona_prediction_detail_set_prediction (f->detail, f->probs, 15);
}

static void
fixture_close (Fixture *f)
{
  if (f->detail != NULL)
    gtk_window_destroy (GTK_WINDOW (f->detail));
  ui_test_spin_for (20);
  g_assert_null (f->detail);
}

static const char *
cell_text (GtkGrid *grid, int column, int row)
{
  GtkWidget *w = gtk_grid_get_child_at (grid, column, row);

  g_assert_true (GTK_IS_LABEL (w));
  return gtk_label_get_text (GTK_LABEL (w));
}

static GtkWidget *
button (Fixture *f, const char *label)
{
  GtkWidget *w = ui_test_find_control (GTK_WIDGET (f->detail), label, 0);

  g_assert_true (GTK_IS_BUTTON (w));
  return w;
}

/* Fifteen outputs, ten classes: fifteen rows (the five past the classes by number), each
 * with its percentage; the notes mark the guess and the truth; the title and the window's
 * title say i = 4 of 30; the bars have fifteen values. */
static void
test_table_every_output (void)
{
  Fixture f;
  GtkGrid *table;
  g_autoptr (GPtrArray) bars = NULL;

  fixture_open (&f, 4);
  table = neurona_prediction_detail_get_table (f.detail);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f.detail)), ==, "Test image i = 4 (of 30)");
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.detail), "Test image i = 4 (of 30)"));
  g_assert_cmpuint (neurona_prediction_detail_get_index (f.detail), ==, 4);

  g_assert_cmpstr (cell_text (table, 0, 0), ==, "Output");
  g_assert_cmpstr (cell_text (table, 2, 0), ==, "Probability");
  for (guint k = 0; k < 15; k++)
    {
      g_autofree char *number = g_strdup_printf ("%u", k);
      g_autofree char *percent = g_strdup_printf ("%.2f%%", 100.0 * f.probs[k]);
      const char *note = k == 12 ? "predicted" : k == 8 ? "true class" : "";

      g_assert_cmpstr (cell_text (table, 0, (int) k + 1), ==, number);
      g_assert_cmpstr (cell_text (table, 1, (int) k + 1), ==, k < 10 ? class_names[k] : number);
      g_assert_cmpstr (cell_text (table, 2, (int) k + 1), ==, percent);
      g_assert_cmpstr (cell_text (table, 3, (int) k + 1), ==, note);
    }
  g_assert_null (gtk_grid_get_child_at (table, 0, 16));
  g_assert_cmpstr (cell_text (table, 2, 13), ==, "60.00%");

  /* The verdict: output 12 (no class name) guessed for a Bag. */
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.detail), "12 60.00% (Bag)"));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.detail), "✗"));

  bars = ui_test_find_all (GTK_WIDGET (f.detail), NEURONA_TYPE_PROB_BARS);
  g_assert_cmpuint (bars->len, ==, 1);
  g_assert_true (gtk_widget_get_visible (bars->pdata[0]));
  g_assert_cmpuint (neurona_prob_bars_get_n_values (bars->pdata[0]), ==, 15);
  g_assert_cmpint (neurona_prob_bars_get_predicted (bars->pdata[0]), ==, 12);
  g_assert_cmpint (neurona_prob_bars_get_true_label (bars->pdata[0]), ==, 8);

  /* Another image without predictions: only its true class, and an empty table. */
  neurona_prediction_detail_set_image (f.detail, 29, N_IMAGES, f.pixels, SIDE, SIDE, 1);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f.detail)), ==,
                   "Test image i = 29 (of 30)");
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.detail), "True class: Trouser"));
  g_assert_null (gtk_widget_get_first_child (GTK_WIDGET (table)));
  g_assert_cmpuint (neurona_prob_bars_get_n_values (bars->pdata[0]), ==, 0);
  fixture_close (&f);
}

/* Accessible names equal the visible labels; the table and the picture have theirs. */
static void
test_accessible_names (void)
{
  Fixture f;

  fixture_open (&f, 4);
  ui_test_assert_accessible_label (button (&f, "Previous"), "Previous");
  ui_test_assert_accessible_label (button (&f, "Next"), "Next");
  ui_test_assert_accessible_label (button (&f, "Close"), "Close");
  ui_test_assert_accessible_label (GTK_WIDGET (neurona_prediction_detail_get_table (f.detail)),
                                   "All probabilities");
  {
    g_autoptr (GPtrArray) areas = ui_test_find_all (GTK_WIDGET (f.detail),
                                                    GTK_TYPE_DRAWING_AREA);
    g_autofree char *wrong = NULL;

    g_assert_cmpuint (areas->len, ==, 1);
    ui_test_assert_accessible_label (areas->pdata[0], "Test image i = 4 (of 30)");
    wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (areas->pdata[0]),
                                                GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                "True class: Bag");
    g_assert_null (wrong);
  }
  fixture_close (&f);
}

/* At the first image detail.previous is off, at the last detail.next: their buttons are
 * insensitive and activating them asks for nothing. */
static void
test_actions_at_the_ends (void)
{
  Fixture f;

  fixture_open (&f, 0);
  /* Nothing to step to until the owner says so. */
  g_assert_false (gtk_widget_get_sensitive (button (&f, "Previous")));
  g_assert_false (gtk_widget_get_sensitive (button (&f, "Next")));

  neurona_prediction_detail_set_neighbours (f.detail, -1, 1);
  g_assert_false (gtk_widget_get_sensitive (button (&f, "Previous")));
  g_assert_true (gtk_widget_get_sensitive (button (&f, "Next")));
  gtk_widget_activate_action (GTK_WIDGET (f.detail), "detail.previous", NULL);
  /* (The key then falls through to the window's own arrow binding, which moves the focus.) */
  ui_test_press_shortcut (GTK_WIDGET (f.detail), GDK_KEY_Left);
  g_assert_cmpuint (f.n_requests, ==, 0);

  neurona_prediction_detail_set_image (f.detail, N_IMAGES - 1, N_IMAGES, f.pixels, SIDE, SIDE,
                                       8);
  neurona_prediction_detail_set_neighbours (f.detail, N_IMAGES - 2, -1);
  g_assert_true (gtk_widget_get_sensitive (button (&f, "Previous")));
  g_assert_false (gtk_widget_get_sensitive (button (&f, "Next")));
  gtk_widget_activate_action (GTK_WIDGET (f.detail), "detail.next", NULL);
  ui_test_press_shortcut (GTK_WIDGET (f.detail), GDK_KEY_Right);
  g_assert_cmpuint (f.n_requests, ==, 0);
  fixture_close (&f);
}

/* detail.next asks for index + 1 and detail.previous for index - 1 (the neighbours the
 * owner gave), from the action, the buttons and Right / Left; the window itself stays on
 * its image until the owner shows another. */
static void
test_actions_request_index (void)
{
  Fixture f;

  fixture_open (&f, 4);
  neurona_prediction_detail_set_neighbours (f.detail, 3, 5);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.detail), "detail.next", NULL));
  g_assert_cmpuint (f.n_requests, ==, 1);
  g_assert_cmpuint (f.requested, ==, 5);
  g_assert_cmpuint (neurona_prediction_detail_get_index (f.detail), ==, 4);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.detail), "detail.previous", NULL));
  g_assert_cmpuint (f.n_requests, ==, 2);
  g_assert_cmpuint (f.requested, ==, 3);

  g_signal_emit_by_name (button (&f, "Next"), "clicked");
  g_assert_cmpuint (f.n_requests, ==, 3);
  g_assert_cmpuint (f.requested, ==, 5);

  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (f.detail), GDK_KEY_Left));
  g_assert_cmpuint (f.n_requests, ==, 4);
  g_assert_cmpuint (f.requested, ==, 3);
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (f.detail), GDK_KEY_Right));
  g_assert_cmpuint (f.n_requests, ==, 5);
  g_assert_cmpuint (f.requested, ==, 5);

  /* The owner answers: the window shows image 5. */
  neurona_prediction_detail_set_image (f.detail, 5, N_IMAGES, f.pixels, SIDE, SIDE, 8);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f.detail)), ==, "Test image i = 5 (of 30)");
  fixture_close (&f);
}

static gboolean
window_gone (gpointer data)
{
  Fixture *f = data;

  return f->detail == NULL;
}

/* Escape and window.close (the Close button) close the window. */
static void
test_close (void)
{
  Fixture f;

  fixture_open (&f, 4);
  gtk_window_present (GTK_WINDOW (f.detail));
  ui_test_wait_mapped (GTK_WIDGET (f.detail));
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (f.detail), GDK_KEY_Escape));
  g_assert_true (ui_test_wait_until (window_gone, &f, 2000));

  fixture_open (&f, 4);
  gtk_window_present (GTK_WINDOW (f.detail));
  ui_test_wait_mapped (GTK_WIDGET (f.detail));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button (&f, "Close"))), ==,
                   "window.close");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.detail), "window.close", NULL));
  g_assert_true (ui_test_wait_until (window_gone, &f, 2000));
}

/* Two runs compared: a verdict line per run and the true class, a column per run ("—"
 * past the smaller run's outputs), the notes naming each run's guess; no bars. */
static void
test_comparison (void)
{
  Fixture f;
  float a[10];
  GtkGrid *table;
  g_autoptr (GPtrArray) bars = NULL;

  fixture_open (&f, 4);
  fill_probs (a, 10, 8, 2);
  neurona_prediction_detail_set_pair (f.detail, 3, a, 10, 5, f.probs, 15);
  table = neurona_prediction_detail_get_table (f.detail);

  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.detail),
                                        "✓ Run 3: Bag 60.00%\n✗ Run 5: 12 60.00%\nTrue class: Bag"));
  g_assert_cmpstr (cell_text (table, 0, 0), ==, "Output");
  g_assert_cmpstr (cell_text (table, 2, 0), ==, "Run 3");
  g_assert_cmpstr (cell_text (table, 3, 0), ==, "Run 5");
  for (guint k = 0; k < 15; k++)
    {
      g_autofree char *pa = k < 10 ? g_strdup_printf ("%.2f%%", 100.0 * a[k]) : g_strdup ("—");
      g_autofree char *pb = g_strdup_printf ("%.2f%%", 100.0 * f.probs[k]);

      g_assert_cmpstr (cell_text (table, 2, (int) k + 1), ==, pa);
      g_assert_cmpstr (cell_text (table, 3, (int) k + 1), ==, pb);
    }
  g_assert_null (gtk_grid_get_child_at (table, 0, 16));
  g_assert_cmpstr (cell_text (table, 4, 9), ==, "run 3's guess, true class");
  g_assert_cmpstr (cell_text (table, 4, 13), ==, "run 5's guess");

  bars = ui_test_find_all (GTK_WIDGET (f.detail), NEURONA_TYPE_PROB_BARS);
  g_assert_false (gtk_widget_get_visible (bars->pdata[0]));

  /* Back to one run: the bars again, one probability column. */
  neurona_prediction_detail_set_prediction (f.detail, f.probs, 15);
  g_assert_true (gtk_widget_get_visible (bars->pdata[0]));
  g_assert_cmpstr (cell_text (table, 2, 0), ==, "Probability");
  g_assert_null (gtk_grid_get_child_at (table, 4, 1));
  fixture_close (&f);
}

int
main (int argc, char *argv[])
{
  /* The test backend keeps the accessible properties in the process (GTK_A11Y=none,
   * tests/meson.build, would give the widgets no accessible context at all). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prediction-detail/table/every-output", test_table_every_output);
  g_test_add_func ("/prediction-detail/accessible-names", test_accessible_names);
  g_test_add_func ("/prediction-detail/actions/disabled-at-the-ends", test_actions_at_the_ends);
  g_test_add_func ("/prediction-detail/actions/request-index", test_actions_request_index);
  g_test_add_func ("/prediction-detail/close", test_close);
  g_test_add_func ("/prediction-detail/comparison", test_comparison);
  return g_test_run ();
}
