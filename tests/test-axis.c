/* test-axis.c — a plot axis without a display: nice extents that only grow, linear and
 * log ticks and their labels, the data ↔ position mapping, degenerate data. */
#include <math.h>

#include "neurona-axis.h"

static NeuronaExtent
extent_of (const double *values, gsize n)
{
  NeuronaExtent e = NEURONA_EXTENT_INIT;

  for (gsize i = 0; i < n; i++)
    neurona_extent_add (&e, values[i]);
  return e;
}

static void
include_values (NeuronaAxis *axis, const double *values, gsize n)
{
  NeuronaExtent e = extent_of (values, n);

  neurona_axis_include (axis, &e);
}

static void
assert_range (const NeuronaAxis *axis, double lo, double hi)
{
  double min, max;

  neurona_axis_get_range (axis, &min, &max);
  g_assert_cmpfloat_with_epsilon (min, lo, 1e-12);
  g_assert_cmpfloat_with_epsilon (max, hi, 1e-12);
}

/* Fails unless ticks' labelled values and labels are exactly want (NULL-terminated pairs
 * of value and label are given as two arrays). */
static void
assert_ticks (GArray *ticks, const double *values, const char *const *labels, guint n)
{
  g_assert_cmpuint (ticks->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      NeuronaTick *t = &g_array_index (ticks, NeuronaTick, i);

      g_assert_cmpfloat_with_epsilon (t->value, values[i], 1e-12);
      g_assert_cmpstr (t->label, ==, labels[i]);
    }
}

static void
test_fixed_linear_ticks (void)
{
  g_autoptr (NeuronaAxis) axis = neurona_axis_new ();
  g_autoptr (GArray) ticks = NULL;
  static const double values[] = { 0, 0.2, 0.4, 0.6, 0.8 };
  static const char *const labels[] = { "0.0", "0.2", "0.4", "0.6", "0.8" };

  /* An accuracy axis fixed to what the data reached: 300 px with ticks at least 50 px
   * apart want a step of 0.8817 × 50 / 300 = 0.147, rounded up to 0.2; the last tick is
   * the last multiple inside. */
  g_assert_true (neurona_axis_set_fixed (axis, 0, 0.8817));
  g_assert_false (neurona_axis_set_fixed (axis, 0, 0.8817)); /* unchanged */
  g_assert_true (neurona_axis_is_fixed (axis));
  assert_range (axis, 0, 0.8817);
  ticks = neurona_axis_get_ticks (axis, 300, 50, NULL, NULL);
  assert_ticks (ticks, values, labels, G_N_ELEMENTS (values));
  /* Values are k × step, not a running sum: 0.6 is exactly 3 × 0.2. */
  g_assert_true (g_array_index (ticks, NeuronaTick, 3).value == 3 * 0.2);
}

static void
test_automatic_range_is_nice (void)
{
  g_autoptr (NeuronaAxis) axis = neurona_axis_new ();
  g_autoptr (GArray) ticks = NULL;
  static const double data[] = { 0.1135, 0.5, 0.8817 };
  static const double values[] = { 0, 0.2, 0.4, 0.6, 0.8, 1.0 };
  static const char *const labels[] = { "0.0", "0.2", "0.4", "0.6", "0.8", "1.0" };

  /* Before any data: 0…1. */
  assert_range (axis, 0, 1);
  /* 0.11…0.88 starts far below its top: anchored at 0, then widened to a 0.2 step. */
  include_values (axis, data, G_N_ELEMENTS (data));
  assert_range (axis, 0, 1.0);
  ticks = neurona_axis_get_ticks (axis, 300, 50, NULL, NULL);
  assert_ticks (ticks, values, labels, G_N_ELEMENTS (values));
}

static void
test_range_only_grows (void)
{
  g_autoptr (NeuronaAxis) axis = neurona_axis_new ();
  g_autoptr (GArray) before = NULL;
  g_autoptr (GArray) after = NULL;
  static const double first[] = { 0, 7 };
  static const double inside[] = { 3 };
  static const double nine[] = { 9 };
  NeuronaExtent e;

  /* Epochs 0…7: a step of 2 → 0…8. */
  include_values (axis, first, G_N_ELEMENTS (first));
  assert_range (axis, 0, 8);
  before = neurona_axis_get_ticks (axis, 500, 70, NULL, NULL);
  g_assert_cmpuint (before->len, ==, 5);

  /* A value inside changes nothing. */
  e = extent_of (inside, 1);
  g_assert_false (neurona_axis_include (axis, &e));
  assert_range (axis, 0, 8);

  /* Epoch 9 grows the axis by at least a quarter of its span, to 0…10, with the same step:
   * the earlier ticks keep their values and labels, one more joins at the end. */
  e = extent_of (nine, 1);
  g_assert_true (neurona_axis_include (axis, &e));
  assert_range (axis, 0, 10);
  after = neurona_axis_get_ticks (axis, 500, 70, NULL, NULL);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < before->len; i++)
    {
      NeuronaTick *b = &g_array_index (before, NeuronaTick, i);
      NeuronaTick *a = &g_array_index (after, NeuronaTick, i);

      g_assert_true (a->value == b->value);
      g_assert_cmpstr (a->label, ==, b->label);
    }
  g_assert_cmpstr (g_array_index (after, NeuronaTick, 5).label, ==, "10");

  /* Reset forgets it: a new run starts from its own data. */
  neurona_axis_reset (axis);
  assert_range (axis, 0, 1);
}

static void
test_live_growth_is_stepwise (void)
{
  g_autoptr (NeuronaAxis) axis = neurona_axis_new ();
  double lo, hi, prev_lo = 0, prev_hi = 0;
  guint changes = 0;

  /* 2,000 steps appended one by one: the axis widens a few times per decade, never
   * shrinks, and always covers the data. */
  for (int i = 1; i <= 2000; i++)
    {
      NeuronaExtent e = NEURONA_EXTENT_INIT;

      neurona_extent_add (&e, i);
      changes += neurona_axis_include (axis, &e);
      neurona_axis_get_range (axis, &lo, &hi);
      g_assert_cmpfloat (hi, >=, i);
      if (i > 1)
        {
          g_assert_cmpfloat (lo, <=, prev_lo);
          g_assert_cmpfloat (hi, >=, prev_hi);
        }
      prev_lo = lo;
      prev_hi = hi;
    }
  /* It ends on a nice number right at the data, after a handful of changes. */
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 2000);
  g_test_message ("%u changes of the extent over 2,000 points", changes);
  g_assert_cmpuint (changes, <, 25);
}

static void
test_log_ticks (void)
{
  g_autoptr (NeuronaAxis) axis = neurona_axis_new ();
  g_autoptr (GArray) ticks = NULL;
  g_autoptr (GArray) dense = NULL;
  static const double data[] = { 1e-4, 0.03, 2.5, 10 };
  static const char *const decades[] = { "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹" };
  static const double every_second[] = { -4, -2, 0 };
  static const char *const every_second_labels[] = { "10⁻⁴", "10⁻²", "10⁰" };
  guint labelled = 0, minor = 0;

  g_assert_true (neurona_axis_set_log (axis, TRUE));
  g_assert_true (neurona_axis_get_log (axis));
  include_values (axis, data, G_N_ELEMENTS (data));
  /* Whole decades around the data. */
  assert_range (axis, 1e-4, 10);

  /* 300 px for five decades: 60 px each, room for every decade and the minor ticks at
   * 2…9 × 10^k. */
  ticks = neurona_axis_get_ticks (axis, 300, 23, NULL, NULL);
  for (guint i = 0; i < ticks->len; i++)
    {
      NeuronaTick *t = &g_array_index (ticks, NeuronaTick, i);

      if (t->label)
        {
          g_assert_cmpfloat_with_epsilon (t->value, -4.0 + labelled, 1e-12);
          g_assert_cmpstr (t->label, ==, decades[labelled]);
          labelled++;
        }
      else
        {
          g_assert_cmpfloat (t->value, >, -4);
          g_assert_cmpfloat (t->value, <, 1);
          minor++;
        }
    }
  g_assert_cmpuint (labelled, ==, 6);
  g_assert_cmpuint (minor, ==, 5 * 8);

  /* 60 px for the five: 12 px a decade is too close for 23 px labels; every second
   * decade is labelled and minor ticks go. */
  dense = neurona_axis_get_ticks (axis, 60, 23, NULL, NULL);
  assert_ticks (dense, every_second, every_second_labels, G_N_ELEMENTS (every_second));
}

static void
test_mapping (void)
{
  g_autoptr (NeuronaAxis) axis = neurona_axis_new ();
  double t, v;

  neurona_axis_set_fixed (axis, 0, 10);
  g_assert_true (neurona_axis_to_unit (axis, 2.5, &t));
  g_assert_cmpfloat_with_epsilon (t, 0.25, 1e-12);
  g_assert_true (neurona_axis_to_unit (axis, 12, &t));
  g_assert_cmpfloat_with_epsilon (t, 1.2, 1e-12); /* beyond the end: outside 0…1 */
  g_assert_cmpfloat_with_epsilon (neurona_axis_from_unit (axis, 0.75), 7.5, 1e-12);
  g_assert_false (neurona_axis_to_unit (axis, NAN, &t));
  g_assert_false (neurona_axis_to_unit (axis, INFINITY, &t));

  /* Log: decades are evenly spaced, 100 half-way between 1 and 10,000. */
  neurona_axis_set_log (axis, TRUE);
  neurona_axis_set_fixed (axis, 1, 1e4);
  g_assert_true (neurona_axis_to_unit (axis, 100, &t));
  g_assert_cmpfloat_with_epsilon (t, 0.5, 1e-12);
  g_assert_true (neurona_axis_transform (axis, 1000, &v));
  g_assert_cmpfloat_with_epsilon (v, 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (neurona_axis_from_unit (axis, 0.25), 10, 1e-9);
  g_assert_false (neurona_axis_to_unit (axis, 0, &t));
  g_assert_false (neurona_axis_to_unit (axis, -3, &t));
}

static void
test_degenerate (void)
{
  g_autoptr (NeuronaAxis) axis = neurona_axis_new ();
  static const double zero[] = { 0 };
  static const double five[] = { 5 };
  static const double minus_three[] = { -3 };
  static const double not_finite[] = { NAN, INFINITY, -INFINITY };
  NeuronaExtent e;

  /* Nothing finite: no extent, nothing changes. */
  e = extent_of (not_finite, G_N_ELEMENTS (not_finite));
  g_assert_true (neurona_extent_is_empty (&e));
  g_assert_false (neurona_axis_include (axis, &e));
  assert_range (axis, 0, 1);

  /* One point at zero (the first step, epoch 0): 0…1, never below zero. */
  include_values (axis, zero, 1);
  assert_range (axis, 0, 1);

  /* One point elsewhere: ±10 % around it, on 0.2 steps. */
  neurona_axis_reset (axis);
  include_values (axis, five, 1);
  assert_range (axis, 4.4, 5.6);
  neurona_axis_reset (axis);
  include_values (axis, minus_three, 1);
  assert_range (axis, -3.4, -2.6);

  /* Equal bounds cannot be a fixed extent: the axis stays automatic. */
  g_assert_false (neurona_axis_set_fixed (axis, 1, 1));
  g_assert_false (neurona_axis_is_fixed (axis));
  g_assert_false (neurona_axis_set_fixed (axis, NAN, 2));
  g_assert_true (neurona_axis_set_fixed (axis, 0, 2));
  g_assert_true (neurona_axis_set_fixed (axis, 3, 2)); /* back to automatic */
  assert_range (axis, -3.4, -2.6);

  /* A log axis with only non-positive data keeps its default decade. */
  neurona_axis_set_log (axis, TRUE);
  assert_range (axis, 1, 10);

  /* A single positive value: its decade. */
  include_values (axis, five, 1);
  assert_range (axis, 1, 10);
  {
    g_autoptr (GArray) ticks = neurona_axis_get_ticks (axis, 0, 0, NULL, NULL);
    /* Even at no length there are ticks, and they are in order. */
    g_assert_cmpuint (ticks->len, >=, 1);
  }
}

/* data: a double, the pixels per character. */
static double
px_per_char (const char *label, gpointer data)
{
  return *(double *) data * g_utf8_strlen (label, -1);
}

static void
test_labels_fit_side_by_side (void)
{
  g_autoptr (NeuronaAxis) axis = neurona_axis_new ();
  g_autoptr (GArray) narrow = NULL;
  g_autoptr (GArray) wide = NULL;
  static const double values[] = { 0, 10000, 20000 };
  static const char *const labels[] = { "0", "10000", "20000" };
  double small = 8, large = 20;

  neurona_axis_set_fixed (axis, 0, 20000);
  /* 300 px, 70 px apart: a step of 5000, 75 px a slot; labels of 40 px fit. */
  wide = neurona_axis_get_ticks (axis, 300, 70, px_per_char, &small);
  g_assert_cmpuint (wide->len, ==, 5);
  g_assert_cmpstr (g_array_index (wide, NeuronaTick, 1).label, ==, "5000");
  /* Labels of 100 px (+ 12 to spare) do not: the step doubles. */
  narrow = neurona_axis_get_ticks (axis, 300, 70, px_per_char, &large);
  assert_ticks (narrow, values, labels, G_N_ELEMENTS (values));
}

static void
test_label_formats (void)
{
  struct
  {
    double value, step;
    const char *want;
  } ticks[] = {
    { 0.6000000000000001, 0.2, "0.6" },
    { 1500, 500, "1500" },
    { 0.05, 0.05, "0.05" },
    { -0.25, 0.05, "-0.25" },
    { 1e-17, 0.1, "0.0" }, /* rounding noise around zero */
    { 2.5e-6, 1e-6, "2.5e-06" },
    { 3e8, 1e8, "3e+08" },
  };
  struct
  {
    double value;
    const char *want;
  } values[] = {
    { 1200, "1200" }, { 0.43214, "0.4321" }, { 12345.678, "12345.7" }, { 0.1, "0.1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ticks); i++)
    {
      g_autofree char *s = neurona_axis_format_tick (ticks[i].value, ticks[i].step);
      g_assert_cmpstr (s, ==, ticks[i].want);
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *s = neurona_axis_format_value (values[i].value);
      g_assert_cmpstr (s, ==, values[i].want);
    }
  {
    g_autofree char *a = neurona_axis_format_decade (-4);
    g_autofree char *b = neurona_axis_format_decade (12);
    g_autofree char *c = neurona_axis_format_decade (0);
    g_assert_cmpstr (a, ==, "10⁻⁴");
    g_assert_cmpstr (b, ==, "10¹²");
    g_assert_cmpstr (c, ==, "10⁰");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/axis/fixed-linear-ticks", test_fixed_linear_ticks);
  g_test_add_func ("/core/axis/automatic-range-is-nice", test_automatic_range_is_nice);
  g_test_add_func ("/core/axis/range-only-grows", test_range_only_grows);
  g_test_add_func ("/core/axis/live-growth-is-stepwise", test_live_growth_is_stepwise);
  g_test_add_func ("/core/axis/log-ticks", test_log_ticks);
  g_test_add_func ("/core/axis/mapping", test_mapping);
  g_test_add_func ("/core/axis/degenerate", test_degenerate);
  g_test_add_func ("/core/axis/labels-fit-side-by-side", test_labels_fit_side_by_side);
  g_test_add_func ("/core/axis/label-formats", test_label_formats);
  return g_test_run ();
}
