/* test-sweep.c — sweeps: value lists and ranges as typed, the plan (the product of the
 * values in a documented order, labels, groups of seeds), the sweep's file (a round trip,
 * beside the runs without the run store listing or reporting it), and `neurona-cli sweep`
 * as a user runs it: two values make two runs with exactly those values, --jobs 2 and the
 * printed commands under GNU parallel give the same bits as one job, Ctrl-C keeps the
 * finished runs whole and leaves nothing half-saved.
 *
 * The CLI runs read the committed subset (tiny runs: 300 training images, 100 test images,
 * one epoch). */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "neurona/neurona.h"
#include "neurona/sweep.h"

#include "cli-test-util.h"

/* ---- helpers ---------------------------------------------------------------------------- */

static GArray *
parse_ok (NrSweepSetting setting, const char *text)
{
  g_autoptr (GError) error = NULL;
  GArray *values = nr_sweep_parse_values (setting, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (values);
  return values;
}

/* The values as text, joined by spaces: "16 32 48". */
static char *
values_text (GArray *values)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *one = nr_sweep_value_to_string (&g_array_index (values, NrSweepValue, i));

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", one);
    }
  return g_string_free (text, FALSE);
}

static void
assert_values (NrSweepSetting setting, const char *text, const char *expected)
{
  g_autoptr (GArray) values = parse_ok (setting, text);
  g_autofree char *got = values_text (values);

  g_assert_cmpstr (got, ==, expected);
}

static void
assert_refused (NrSweepSetting setting, const char *text, const char *expected_substring)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) values = nr_sweep_parse_values (setting, text, &error);

  g_assert_null (values);
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  if (strstr (error->message, expected_substring) == NULL)
    g_error ("%s=%s: “%s” should contain “%s”", nr_sweep_setting_name (setting), text,
             error->message, expected_substring);
}

/* A sweep of the tutorial's base on Fashion-MNIST with the axes given as "SETTING=VALUES"
 * (NULL-terminated), planned. */
static NrSweep *
planned_sweep (const char *first, ...)
{
  g_autoptr (GError) error = NULL;
  NrTrainConfig base;
  NrSweep *sweep;
  va_list args;

  nr_train_config_init (&base);
  sweep = nr_sweep_new (NR_DATASET_FASHION_MNIST, &base);
  va_start (args, first);
  for (const char *axis = first; axis != NULL; axis = va_arg (args, const char *))
    {
      g_assert_true (nr_sweep_add_axis_from_text (sweep, axis, &error));
      g_assert_no_error (error);
    }
  va_end (args);
  g_assert_true (nr_sweep_plan (sweep, &error));
  g_assert_no_error (error);
  return sweep;
}

static const NrSweepPoint *
point_at (const NrSweep *sweep, guint index)
{
  g_assert_cmpuint (index, <, sweep->points->len);
  return sweep->points->pdata[index];
}

/* ---- settings and values ------------------------------------------------------------ */

static void
test_setting_names (void)
{
  NrSweepSetting s;

  for (guint i = 0; i < NR_N_SWEEP_SETTINGS; i++)
    {
      g_assert_true (nr_sweep_setting_from_name (nr_sweep_setting_name (i), &s));
      g_assert_cmpint (s, ==, i);
    }
  g_assert_true (nr_sweep_setting_from_name ("learning_rate", &s));
  g_assert_cmpint (s, ==, NR_SWEEP_LEARNING_RATE);
  g_assert_true (nr_sweep_setting_from_name ("Batch-Size", &s));
  g_assert_cmpint (s, ==, NR_SWEEP_BATCH_SIZE);
  g_assert_false (nr_sweep_setting_from_name ("lr", &s));
  g_assert_false (nr_sweep_setting_from_name ("", &s));
  g_assert_cmpstr (nr_sweep_setting_names (), ==,
                   "units, activation, dropout, epochs, batch-size, optimizer, learning-rate, "
                   "momentum, seed, normalize, train-limit");
}

static void
test_parse_lists (void)
{
  g_autoptr (GArray) units = parse_ok (NR_SWEEP_UNITS, "16, 28, 64, 128, 256");
  const guint expected[] = { 16, 28, 64, 128, 256 };

  g_assert_cmpuint (units->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      const NrSweepValue *v = &g_array_index (units, NrSweepValue, i);

      g_assert_cmpint (v->setting, ==, NR_SWEEP_UNITS);
      g_assert_cmpuint (v->n_units, ==, 1);
      g_assert_cmpuint (v->units[0], ==, expected[i]);
      g_assert_cmpfloat (nr_sweep_value_get_number (v), ==, expected[i]);
    }
  assert_values (NR_SWEEP_UNITS, "none,64,256/128", "none 64 256/128");
  assert_values (NR_SWEEP_ACTIVATION, "relu, tanh,gelu", "relu tanh gelu");
  assert_values (NR_SWEEP_OPTIMIZER, "adam,SGD,rmsprop", "adam sgd rmsprop");
  assert_values (NR_SWEEP_NORMALIZE, "yes,no", "yes no");
  assert_values (NR_SWEEP_NORMALIZE, "false, on", "no yes");
  assert_values (NR_SWEEP_LEARNING_RATE, "0.001,1e-2,10", "0.001 0.01 10");
  assert_values (NR_SWEEP_LEARNING_RATE, "1e-5", "1e-05");
  assert_values (NR_SWEEP_SEED, "0,18446744073709551615", "0 18446744073709551615");
  assert_values (NR_SWEEP_TRAIN_LIMIT, "1000,60000", "1000 60000");
  /* A float keeps the float training gets. */
  {
    g_autoptr (GArray) lr = parse_ok (NR_SWEEP_LEARNING_RATE, "0.001");

    g_assert_true (g_array_index (lr, NrSweepValue, 0).number == 0.001f);
    g_assert_cmpfloat (nr_sweep_value_get_number (&g_array_index (lr, NrSweepValue, 0)), ==,
                       0.001);
  }
  {
    g_autoptr (GArray) names = parse_ok (NR_SWEEP_ACTIVATION, "relu");

    g_assert_true (isnan (nr_sweep_value_get_number (&g_array_index (names, NrSweepValue, 0))));
  }
}

static void
test_parse_ranges (void)
{
  assert_values (NR_SWEEP_UNITS, "16:256:16",
                 "16 32 48 64 80 96 112 128 144 160 176 192 208 224 240 256");
  assert_values (NR_SWEEP_SEED, "1:5", "1 2 3 4 5");
  assert_values (NR_SWEEP_BATCH_SIZE, "16:256:x2", "16 32 64 128 256");
  assert_values (NR_SWEEP_UNITS, "8, 16:64:16, 128", "8 16 32 48 64 128");
  assert_values (NR_SWEEP_LEARNING_RATE, "1e-4:1e-1:x10", "0.0001 0.001 0.01 0.1");
  assert_values (NR_SWEEP_DROPOUT, "0:0.5:0.1", "0 0.1 0.2 0.3 0.4 0.5");
  assert_values (NR_SWEEP_LEARNING_RATE, "0.001:0.004:0.001", "0.001 0.002 0.003 0.004");
  /* 0.1 + 0.1 + 0.1 is not 0.3 in binary: the value is the float of 0.3 all the same. */
  {
    g_autoptr (GArray) rates = parse_ok (NR_SWEEP_DROPOUT, "0:0.5:0.1");

    g_assert_true (g_array_index (rates, NrSweepValue, 3).number == 0.3f);
  }
  {
    g_autoptr (GArray) lr = parse_ok (NR_SWEEP_LEARNING_RATE, "1e-4:1e-1:x10");

    g_assert_true (g_array_index (lr, NrSweepValue, 0).number == 1e-4f);
    g_assert_true (g_array_index (lr, NrSweepValue, 3).number == 0.1f);
  }
}

static void
test_parse_errors (void)
{
  assert_refused (NR_SWEEP_UNITS, "", "no values for units");
  assert_refused (NR_SWEEP_UNITS, "16,,32", "an empty item in “16,,32”");
  assert_refused (NR_SWEEP_UNITS, "16,", "an empty item");
  assert_refused (NR_SWEEP_UNITS, "16,32,16", "units 16 is given twice");
  assert_refused (NR_SWEEP_UNITS, "16:64:16,32", "units 32 is given twice");
  assert_refused (NR_SWEEP_LEARNING_RATE, "0.1,0.10", "learning-rate 0.1 is given twice");
  assert_refused (NR_SWEEP_UNITS, "abc", "units: “abc” is not a whole number");
  assert_refused (NR_SWEEP_EPOCHS, "1.5", "epochs: “1.5” is not a whole number");
  assert_refused (NR_SWEEP_SEED, "-1", "seed: “-1” is not a whole number");
  assert_refused (NR_SWEEP_LEARNING_RATE, "fast", "learning-rate: “fast” is not a number");
  assert_refused (NR_SWEEP_UNITS, "0", "units must be a whole number from 1 to 4096 per layer "
                                       "(got 0)");
  assert_refused (NR_SWEEP_UNITS, "5000", "from 1 to 4096 per layer (got 5000)");
  assert_refused (NR_SWEEP_EPOCHS, "0", "epochs must be a whole number from 1 to 100000");
  assert_refused (NR_SWEEP_LEARNING_RATE, "0", "learning-rate must be above 0 and at most 1e6");
  assert_refused (NR_SWEEP_LEARNING_RATE, "1e-40", "too close to 0");
  assert_refused (NR_SWEEP_DROPOUT, "1", "dropout must be at least 0 and below 1 (got 1)");
  assert_refused (NR_SWEEP_UNITS, "1/2/3/4/5/6/7/8/9", "9 hidden layers, at most 8");
  assert_refused (NR_SWEEP_UNITS, "256//128", "a layer without its size");
  assert_refused (NR_SWEEP_ACTIVATION, "swish", "unknown activation “swish” (choose from linear, "
                                               "relu, sigmoid, tanh, leaky_relu, elu, gelu)");
  assert_refused (NR_SWEEP_ACTIVATION, "relu:tanh", "activation takes names, not ranges");
  assert_refused (NR_SWEEP_OPTIMIZER, "lbfgs", "unknown optimizer “lbfgs”");
  assert_refused (NR_SWEEP_NORMALIZE, "maybe", "normalize is yes or no");
  /* Ranges */
  assert_refused (NR_SWEEP_UNITS, "16:250:16",
                  "16:250:16: the steps of 16 from 16 miss 250 (…, 240, 256): end at 240 or 256");
  assert_refused (NR_SWEEP_UNITS, "16:200:x2", "end at 128 or 256");
  assert_refused (NR_SWEEP_LEARNING_RATE, "1e-4:1e-1:x3", "miss 1e-1");
  assert_refused (NR_SWEEP_DROPOUT, "0:0.5:0.15", "end at 0.45 or 0.6");
  assert_refused (NR_SWEEP_UNITS, "256:16:16", "a range goes up");
  assert_refused (NR_SWEEP_UNITS, "16:16", "a range goes up");
  assert_refused (NR_SWEEP_UNITS, "16:256:0", "the step of a range of whole numbers");
  assert_refused (NR_SWEEP_UNITS, "16:256:x1", "the factor of a range of whole numbers");
  assert_refused (NR_SWEEP_UNITS, "16:256/128", "a range of units goes from one layer size");
  assert_refused (NR_SWEEP_UNITS, "1:2:3:4", "a range is START:END");
  assert_refused (NR_SWEEP_LEARNING_RATE, "1e-4:1e-1", "needs its step");
  assert_refused (NR_SWEEP_LEARNING_RATE, "0:1e-1:x10", "a log range starts above 0");
  assert_refused (NR_SWEEP_DROPOUT, "0:1:0.25", "dropout must be at least 0 and below 1 (got 1)");
  assert_refused (NR_SWEEP_SEED, "1:2000", "1:2000: 2000 values, more than the 1000 a sweep runs");
  assert_refused (NR_SWEEP_SEED, "1:100000000000", "more than the 1000");
  assert_refused (NR_SWEEP_SEED, "1:600,601:1200", "1200 values, more than the 1000");
}

/* ---- the plan ------------------------------------------------------------------------- */

/* The first axis varies slowest; each point is the base with its values, labelled by them. */
static void
test_plan_order (void)
{
  g_autoptr (NrSweep) sweep = planned_sweep ("units=16,32", "learning-rate=0.001,0.01,0.1", NULL);
  const char *labels[] = {
    "units=16, learning-rate=0.001", "units=16, learning-rate=0.01", "units=16, learning-rate=0.1",
    "units=32, learning-rate=0.001", "units=32, learning-rate=0.01", "units=32, learning-rate=0.1",
  };
  NrTrainConfig tutorial;

  nr_train_config_init (&tutorial);
  g_assert_cmpstr (sweep->name, ==, "units × learning-rate");
  g_assert_cmpuint (sweep->points->len, ==, 6);
  g_assert_cmpuint (sweep->n_groups, ==, 6);
  for (guint p = 0; p < 6; p++)
    {
      const NrSweepPoint *point = point_at (sweep, p);
      NrTrainConfig expected = tutorial;

      expected.model.hidden[0].units = p < 3 ? 16 : 32;
      expected.optimizer.learning_rate = (const float[]){ 0.001f, 0.01f, 0.1f }[p % 3];
      g_assert_cmpstr (point->label, ==, labels[p]);
      g_assert_cmpstr (point->group_label, ==, labels[p]);
      g_assert_cmpuint (point->group, ==, p);
      g_assert_cmpuint (point->value_index[0], ==, p / 3);
      g_assert_cmpuint (point->value_index[1], ==, p % 3);
      g_assert_true (nr_sweep_config_equal (&point->config, &expected));
      g_assert_null (point->run_id);
    }
}

/* Seeds: the points that differ only by the seed form a group. */
static void
test_plan_seeds (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrSweep) sweep = NULL;
  NrTrainConfig base;

  nr_train_config_init (&base);
  base.seed = 7;
  sweep = nr_sweep_new (NR_DATASET_MNIST, &base);
  g_assert_true (nr_sweep_add_axis_from_text (sweep, "units=16,32", &error));
  g_assert_true (nr_sweep_add_seeds (sweep, 3, &error));
  g_assert_no_error (error);
  g_assert_true (nr_sweep_plan (sweep, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sweep->points->len, ==, 6);
  g_assert_cmpuint (sweep->n_groups, ==, 2);
  g_assert_cmpstr (point_at (sweep, 0)->label, ==, "units=16, seed=7");
  g_assert_cmpstr (point_at (sweep, 2)->label, ==, "units=16, seed=9");
  g_assert_cmpstr (point_at (sweep, 3)->label, ==, "units=32, seed=7");
  for (guint p = 0; p < 6; p++)
    {
      g_assert_cmpuint (point_at (sweep, p)->group, ==, p / 3);
      g_assert_cmpstr (point_at (sweep, p)->group_label, ==, p < 3 ? "units=16" : "units=32");
      g_assert_cmpuint (point_at (sweep, p)->config.seed, ==, 7 + p % 3);
    }
  /* The seed is varied once. */
  g_assert_false (nr_sweep_add_seeds (sweep, 2, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (nr_sweep_add_axis_from_text (sweep, "seed=1,2", &error));
  g_assert_nonnull (strstr (error->message, "seed is varied twice"));
}

/* A varied optimizer brings its own default learning rate unless one is set for all; the
 * momentum goes to sgd only; units bring the base's activation and dropout. */
static void
test_plan_applies_values (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrSweep) defaults = planned_sweep ("optimizer=adam,sgd", NULL);
  g_autoptr (NrSweep) set = NULL;
  NrTrainConfig base;

  g_assert_true (point_at (defaults, 0)->config.optimizer.learning_rate == 0.001f);
  g_assert_true (point_at (defaults, 1)->config.optimizer.learning_rate == 0.01f);

  nr_train_config_init (&base);
  base.optimizer.learning_rate = 0.05f;
  base.optimizer.momentum = 0.9f;
  base.model.hidden[0].activation = NR_ACTIVATION_TANH;
  base.model.hidden[0].dropout = 0.25f;
  set = nr_sweep_new (NR_DATASET_FASHION_MNIST, &base);
  set->learning_rate_set = TRUE;
  g_assert_true (nr_sweep_add_axis_from_text (set, "optimizer=adam,sgd", &error));
  g_assert_true (nr_sweep_add_axis_from_text (set, "units=none,64/32", &error));
  g_assert_true (nr_sweep_plan (set, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (set->points->len, ==, 4);
  for (guint p = 0; p < 4; p++)
    {
      const NrTrainConfig *c = &point_at (set, p)->config;

      g_assert_true (c->optimizer.learning_rate == 0.05f);
      g_assert_true (c->optimizer.momentum == (p >= 2 ? 0.9f : 0.0f));
    }
  g_assert_cmpuint (point_at (set, 0)->config.model.n_hidden, ==, 0);
  {
    const NrModelSpec *m = &point_at (set, 1)->config.model;

    g_assert_cmpuint (m->n_hidden, ==, 2);
    g_assert_cmpuint (m->hidden[0].units, ==, 64);
    g_assert_cmpuint (m->hidden[1].units, ==, 32);
    for (guint l = 0; l < 2; l++)
      {
        g_assert_cmpint (m->hidden[l].activation, ==, NR_ACTIVATION_TANH);
        g_assert_true (m->hidden[l].dropout == 0.25f);
      }
  }
}

static void
assert_plan_refused (const char *first_axis, const char *second_axis,
                     const char *expected_substring)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrSweep) sweep = NULL;
  NrTrainConfig base;

  nr_train_config_init (&base);
  sweep = nr_sweep_new (NR_DATASET_FASHION_MNIST, &base);
  g_assert_true (nr_sweep_add_axis_from_text (sweep, first_axis, &error));
  if (second_axis != NULL)
    g_assert_true (nr_sweep_add_axis_from_text (sweep, second_axis, &error));
  g_assert_no_error (error);
  g_assert_false (nr_sweep_plan (sweep, &error));
  g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
  if (strstr (error->message, expected_substring) == NULL)
    g_error ("“%s” should contain “%s”", error->message, expected_substring);
  g_assert_cmpuint (sweep->points->len, ==, 0);
}

static void
test_plan_errors (void)
{
  assert_plan_refused ("units=1:100", "seed=1:11",
                       "the sweep would make 1100 runs (100 units × 11 seed), more than 1000");
  assert_plan_refused ("units=none,64", "activation=relu,tanh",
                       "units=none, activation=relu: activation does nothing without a hidden "
                       "layer");
  assert_plan_refused ("units=none,64", "dropout=0,0.5", "dropout does nothing without a hidden");
  assert_plan_refused ("optimizer=adam,sgd", "momentum=0,0.9",
                       "optimizer=adam, momentum=0: momentum applies to optimizer sgd only");
  assert_plan_refused ("units=4096", "batch-size=1000000", "units=4096, batch-size=1000000: ");
  {
    g_autoptr (GError) error = NULL;
    NrTrainConfig base;
    g_autoptr (NrSweep) sweep = NULL;

    /* The dataset's classes need 10 outputs. */
    nr_train_config_init (&base);
    base.model.outputs = 5;
    sweep = nr_sweep_new (NR_DATASET_MNIST, &base);
    g_assert_true (nr_sweep_add_axis_from_text (sweep, "epochs=1,2", &error));
    g_assert_false (nr_sweep_plan (sweep, &error));
    g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "epochs=1: "));
  }
  {
    g_autoptr (GError) error = NULL;
    NrTrainConfig base;
    g_autoptr (NrSweep) sweep = NULL;

    nr_train_config_init (&base);
    sweep = nr_sweep_new (NR_DATASET_MNIST, &base);
    g_assert_false (nr_sweep_add_axis_from_text (sweep, "lr=0.1", &error));
    g_assert_nonnull (strstr (error->message, "lr=0.1: unknown setting “lr” (the settings are "
                                              "units, activation"));
    g_clear_error (&error);
    g_assert_false (nr_sweep_add_axis_from_text (sweep, "units", &error));
    g_assert_nonnull (strstr (error->message, "“units” is not SETTING=VALUES"));
    g_clear_error (&error);
    g_assert_false (nr_sweep_add_axis_from_text (sweep, "units=16,16", &error));
    g_assert_cmpstr (error->message, ==, "units=16,16: units 16 is given twice (each value makes "
                                         "one run)");
  }
}

/* ---- the file ------------------------------------------------------------------------- */

static void
assert_same_sweep (const NrSweep *a, const NrSweep *b)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->dataset, ==, b->dataset);
  g_assert_cmpint (a->created, ==, b->created);
  g_assert_cmpint (a->learning_rate_set, ==, b->learning_rate_set);
  g_assert_true (nr_sweep_config_equal (&a->base, &b->base));
  g_assert_cmpuint (a->axes->len, ==, b->axes->len);
  for (guint x = 0; x < a->axes->len; x++)
    {
      const NrSweepAxis *xa = a->axes->pdata[x], *xb = b->axes->pdata[x];

      g_assert_cmpint (xa->setting, ==, xb->setting);
      g_assert_cmpuint (xa->values->len, ==, xb->values->len);
      for (guint i = 0; i < xa->values->len; i++)
        g_assert_true (nr_sweep_value_equal (&g_array_index (xa->values, NrSweepValue, i),
                                             &g_array_index (xb->values, NrSweepValue, i)));
    }
  g_assert_cmpuint (a->points->len, ==, b->points->len);
  g_assert_cmpuint (a->n_groups, ==, b->n_groups);
  for (guint p = 0; p < a->points->len; p++)
    {
      const NrSweepPoint *pa = a->points->pdata[p], *pb = b->points->pdata[p];

      g_assert_cmpstr (pa->label, ==, pb->label);
      g_assert_cmpstr (pa->group_label, ==, pb->group_label);
      g_assert_cmpuint (pa->group, ==, pb->group);
      g_assert_cmpstr (pa->run_id, ==, pb->run_id);
      g_assert_true (nr_sweep_config_equal (&pa->config, &pb->config));
      g_assert_cmpuint (pa->config.n_threads, ==, pb->config.n_threads);
      for (guint x = 0; x < a->axes->len; x++)
        g_assert_cmpuint (pa->value_index[x], ==, pb->value_index[x]);
    }
}

static void
test_json_round_trip (void)
{
  g_autoptr (NrSweep) sweep = planned_sweep ("units=none,16,256/128",
                                             "learning-rate=1e-4:1e-2:x10", "normalize=yes,no",
                                             "seed=1,18446744073709551615", "optimizer=sgd",
                                             "momentum=0,0.9", NULL);
  g_autoptr (NrSweep) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  gsize len;

  g_assert_cmpuint (sweep->points->len, ==, 3 * 3 * 2 * 2 * 2);
  g_free (point_at (sweep, 5)->run_id);
  ((NrSweepPoint *) sweep->points->pdata[5])->run_id = g_strdup ("20261201-223544-5f3a");
  sweep->id = g_strdup ("20261201-223600-0001");

  json = nr_sweep_to_json (sweep, &len);
  g_assert_cmpuint (strlen (json), ==, len);
  g_assert_nonnull (strstr (json, "\"format\" : \"neurona-sweep\""));
  g_assert_nonnull (strstr (json, "\"learning_rate\" : 0.0001,"));
  g_assert_nonnull (strstr (json, "\"18446744073709551615\""));
  back = nr_sweep_from_json (json, len, "sweep.json", &error);
  g_assert_no_error (error);
  assert_same_sweep (sweep, back);
  g_assert_cmpstr (back->id, ==, "20261201-223600-0001");
  /* And it writes the same text again. */
  again = nr_sweep_to_json (back, NULL);
  g_assert_cmpstr (again, ==, json);
}

static void
assert_json_refused (const char *json, const char *expected_substring)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrSweep) sweep = nr_sweep_from_json (json, strlen (json), "bad.json", &error);

  g_assert_null (sweep);
  g_assert_error (error, NR_ERROR, NR_ERROR_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, "bad.json: "));
  if (strstr (error->message, expected_substring) == NULL)
    g_error ("“%s” should contain “%s”", error->message, expected_substring);
}

/* The text of a real sweep with one substring replaced. */
static char *
edited_json (const char *from, const char *to)
{
  g_autoptr (NrSweep) sweep = planned_sweep ("units=16,32", NULL);
  g_autofree char *json = nr_sweep_to_json (sweep, NULL);
  g_auto (GStrv) parts = g_strsplit (json, from, 2);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoin (to, parts[0], parts[1], NULL);
}

static void
test_json_refused (void)
{
  g_autofree char *other = edited_json ("\"neurona-sweep\"", "\"neurona-run\"");
  g_autofree char *version = edited_json ("\"format_version\" : 1", "\"format_version\" : 2");
  g_autofree char *stranger = edited_json ("\"values\" : [\n        32\n      ]",
                                           "\"values\" : [\n        33\n      ]");
  g_autofree char *run_id = edited_json ("\"run_id\" : null", "\"run_id\" : \"../x\"");
  g_autofree char *batch = edited_json ("\"batch_size\" : 32", "\"batch_size\" : 0");

  assert_json_refused ("", "not a Neurona sweep (no JSON object)");
  assert_json_refused ("{", "not valid JSON");
  assert_json_refused ("[]", "not a Neurona sweep");
  assert_json_refused (other, "not a Neurona sweep (format “neurona-run”)");
  assert_json_refused (version, "format version 2 is not supported");
  assert_json_refused (stranger, "points[1].values[0] is 33, not one of the values of units");
  assert_json_refused (run_id, "points[0].run_id “../x” is not a run's id");
  assert_json_refused (batch, "base.batch_size is 0");
}

static void
keep_books (const NrProgress *p, const NrModel *model, gpointer user_data)
{
  nr_run_record_add_progress (user_data, p);
}

/* A run saved from a real (tiny) training run, for the folder tests. */
static NrRunRecord *
train_and_save (const NrTrainConfig *config, const char *runs_dir)
{
  g_autofree char *data_dir = cli_test_subset_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (NrDataset) dataset = nr_dataset_load (NR_DATASET_FASHION_MNIST, data_dir, &error);
  g_autoptr (NrTrainer) trainer = NULL;
  NrTrainResult result;
  NrRunRecord *record;

  g_assert_no_error (error);
  trainer = nr_trainer_new (config, dataset->train, dataset->test, 10, &error);
  g_assert_no_error (error);
  record = nr_run_record_new_for_trainer (trainer, NR_DATASET_FASHION_MNIST, dataset);
  g_assert_true (nr_trainer_run (trainer, keep_books, record, &result, &error));
  g_assert_no_error (error);
  nr_run_record_finish (record, &result);
  g_assert_true (nr_run_save (record, NULL, runs_dir, &error));
  g_assert_no_error (error);
  return record;
}

/* sweep-<id>.json sits among the runs: the run store neither lists it nor reports it, and
 * it comes back as saved, found by its id or the start of it. */
static void
test_file_beside_runs (void)
{
  g_autofree char *runs_dir = cli_test_make_tmp_dir ();
  g_autoptr (NrSweep) sweep = planned_sweep ("units=16,32", "seed=1,2", NULL);
  g_autoptr (NrSweep) loaded = NULL;
  g_autoptr (NrSweep) found = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) run_errors = NULL;
  g_autoptr (GPtrArray) sweeps = NULL;
  g_autoptr (GPtrArray) sweep_errors = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NrRunRecord) run = NULL;
  g_autofree char *base = NULL;
  g_autofree char *prefix = NULL;
  NrTrainConfig config = point_at (sweep, 0)->config;

  config.epochs = 1;
  config.train_limit = 300;
  config.test_limit = 100;
  run = train_and_save (&config, runs_dir);

  g_assert_null (sweep->id);
  g_assert_true (nr_sweep_save (sweep, runs_dir, &error));
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^\\d{8}-\\d{6}-[0-9a-f]{4}$", sweep->id, 0, 0));
  base = g_path_get_basename (sweep->path);
  {
    g_autofree char *expected = g_strdup_printf ("sweep-%s.json", sweep->id);

    g_assert_cmpstr (base, ==, expected);
  }
  g_assert_true (g_file_test (sweep->path, G_FILE_TEST_IS_REGULAR));

  runs = nr_run_load_all (runs_dir, &run_errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run_errors->len, ==, 0);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpstr (((NrRunRecord *) runs->pdata[0])->id, ==, run->id);

  sweeps = nr_sweep_load_all (runs_dir, &sweep_errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sweep_errors->len, ==, 0);
  g_assert_cmpuint (sweeps->len, ==, 1);
  assert_same_sweep (sweep, sweeps->pdata[0]);

  /* Saved again in place (a run named): the same file, replaced. */
  nr_sweep_point_set_run (sweep->points->pdata[0], run);
  g_assert_true (nr_sweep_save (sweep, NULL, &error));
  g_assert_no_error (error);
  loaded = nr_sweep_load (sweep->path, &error);
  g_assert_no_error (error);
  assert_same_sweep (sweep, loaded);
  g_assert_cmpstr (point_at (loaded, 0)->run_id, ==, run->id);
  g_assert_null (point_at (loaded, 0)->run); /* attached later */

  prefix = g_strndup (sweep->id, 17);
  found = nr_sweep_find (runs_dir, prefix, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, sweep->id);
  g_clear_pointer (&found, nr_sweep_free);
  found = nr_sweep_find (runs_dir, "nope", &error);
  g_assert_null (found);
  g_assert_error (error, NR_ERROR, NR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A damaged sweep file is reported, not listed; the runs stay unaffected. */
  {
    g_autofree char *bad = g_build_filename (runs_dir, "sweep-20000101-000000-0000.json", NULL);
    g_autoptr (GPtrArray) again = NULL;
    g_autoptr (GPtrArray) again_errors = NULL;
    g_autoptr (GPtrArray) runs_again = NULL;
    g_autoptr (GPtrArray) runs_again_errors = NULL;

    g_assert_true (g_file_set_contents (bad, "{", -1, NULL));
    again = nr_sweep_load_all (runs_dir, &again_errors, &error);
    g_assert_cmpuint (again->len, ==, 1);
    g_assert_cmpuint (again_errors->len, ==, 1);
    g_assert_nonnull (strstr (((GError *) again_errors->pdata[0])->message, "sweep-20000101"));
    runs_again = nr_run_load_all (runs_dir, &runs_again_errors, &error);
    g_assert_cmpuint (runs_again->len, ==, 1);
    g_assert_cmpuint (runs_again_errors->len, ==, 0);
  }
  cli_test_remove_tree (runs_dir);
}

/* Points find their runs by id, or by settings when they have none; a named run that is
 * gone is reported and the sweep opens with the others. */
static void
test_attach_runs (void)
{
  g_autofree char *runs_dir = cli_test_make_tmp_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (NrSweep) sweep = NULL;
  g_autoptr (NrRunRecord) first = NULL;
  g_autoptr (NrRunRecord) second = NULL;
  g_autoptr (NrRunRecord) stranger = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) missing = NULL;
  NrTrainConfig base, other;
  guint matched;

  nr_train_config_init (&base);
  base.epochs = 1;
  base.train_limit = 300;
  base.test_limit = 100;
  sweep = nr_sweep_new (NR_DATASET_FASHION_MNIST, &base);
  g_assert_true (nr_sweep_add_axis_from_text (sweep, "units=8,16,24", &error));
  g_assert_true (nr_sweep_plan (sweep, &error));
  g_assert_no_error (error);

  first = train_and_save (&point_at (sweep, 0)->config, runs_dir);
  /* The thread count is no part of a run's identity: results do not depend on it. */
  other = point_at (sweep, 1)->config;
  other.n_threads = 2;
  second = train_and_save (&other, runs_dir);
  other.seed = 43;
  stranger = train_and_save (&other, runs_dir);
  /* Point 2 names a run that is gone. */
  ((NrSweepPoint *) sweep->points->pdata[2])->run_id = g_strdup ("20000101-000000-dead");

  runs = nr_run_load_all (runs_dir, NULL, &error);
  g_assert_no_error (error);
  matched = nr_sweep_attach_runs (sweep, runs, &missing);
  g_assert_cmpuint (matched, ==, 2);
  g_assert_cmpstr (point_at (sweep, 0)->run_id, ==, first->id);
  g_assert_cmpstr (point_at (sweep, 0)->run->id, ==, first->id);
  g_assert_cmpstr (point_at (sweep, 1)->run_id, ==, second->id);
  g_assert_null (point_at (sweep, 2)->run);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_error (((GError *) missing->pdata[0]), NR_ERROR, NR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (((GError *) missing->pdata[0])->message,
                            "the run 20000101-000000-dead (units=24) is not in the runs folder"));
  /* Nothing new the second time. */
  g_clear_pointer (&missing, g_ptr_array_unref);
  g_assert_cmpuint (nr_sweep_attach_runs (sweep, runs, NULL), ==, 0);

  {
    NrSweepGroupSummary s;

    nr_sweep_get_group_summary (sweep, 0, &s);
    g_assert_cmpuint (s.n_points, ==, 1);
    g_assert_cmpuint (s.n_results, ==, 1);
    g_assert_cmpfloat (s.test_accuracy_mean, ==, nr_run_record_get_test_accuracy (first));
    nr_sweep_get_group_summary (sweep, 2, &s);
    g_assert_cmpuint (s.n_results, ==, 0);
    g_assert_true (isnan (s.test_accuracy_mean));
  }
  cli_test_remove_tree (runs_dir);
}

/* ---- neurona-cli sweep ------------------------------------------------------------------ */

/* `neurona-cli sweep` on the subset, tiny runs, into runs_dir, with the extra arguments
 * (NULL-terminated). */
static void
run_sweep (CliTestRun *r, const char *runs_dir, ...)
{
  g_autofree char *subset = cli_test_subset_dir ();
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (char *) "sweep");
  g_ptr_array_add (args, (char *) "--data-dir");
  g_ptr_array_add (args, subset);
  g_ptr_array_add (args, (char *) "--train-limit");
  g_ptr_array_add (args, (char *) "300");
  g_ptr_array_add (args, (char *) "--test-limit");
  g_ptr_array_add (args, (char *) "100");
  g_ptr_array_add (args, (char *) "--runs-dir");
  g_ptr_array_add (args, (char *) runs_dir);
  va_start (ap, runs_dir);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  cli_test_run_argv (r, NULL, (const char *const *) args->pdata);
  g_test_message ("stdout: %s\nstderr: %s", r->out, r->err);
}

/* The only sweep in runs_dir, its runs attached. */
static NrSweep *
load_only_sweep (const char *runs_dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sweeps = nr_sweep_load_all (runs_dir, NULL, &error);
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) run_errors = NULL;
  g_autoptr (GPtrArray) missing = NULL;
  NrSweep *sweep;

  g_assert_no_error (error);
  g_assert_cmpuint (sweeps->len, ==, 1);
  sweep = g_ptr_array_steal_index (sweeps, 0);
  runs = nr_run_load_all (runs_dir, &run_errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run_errors->len, ==, 0);
  nr_sweep_attach_runs (sweep, runs, &missing);
  g_assert_cmpuint (missing->len, ==, 0);
  return sweep;
}

static GBytes *
read_weights (const NrRunRecord *run)
{
  g_autofree char *path = g_build_filename (run->dir, NR_RUN_WEIGHTS_FILE, NULL);
  g_autoptr (GError) error = NULL;
  char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* Two sweeps made the same runs: per point, the same settings, the same history to the bit
 * (the epoch times aside) and the same model.safetensors bytes. */
static void
assert_same_runs (const NrSweep *a, const NrSweep *b)
{
  g_assert_cmpuint (a->points->len, ==, b->points->len);
  for (guint p = 0; p < a->points->len; p++)
    {
      const NrSweepPoint *pa = a->points->pdata[p], *pb = b->points->pdata[p];
      g_autoptr (GBytes) wa = NULL;
      g_autoptr (GBytes) wb = NULL;

      g_assert_cmpstr (pa->label, ==, pb->label);
      g_assert_nonnull (pa->run);
      g_assert_nonnull (pb->run);
      g_assert_cmpstr (pa->run_id, !=, pb->run_id);
      g_assert_true (nr_sweep_config_equal (&pa->run->config, &pb->run->config));
      g_assert_cmpint (pa->run->status, ==, NR_TRAIN_COMPLETED);
      g_assert_cmpint (pb->run->status, ==, NR_TRAIN_COMPLETED);
      g_assert_cmpuint (pa->run->history->len, ==, pb->run->history->len);
      for (guint e = 0; e < pa->run->history->len; e++)
        {
          const NrEpochRecord *ea = &g_array_index (pa->run->history, NrEpochRecord, e);
          const NrEpochRecord *eb = &g_array_index (pb->run->history, NrEpochRecord, e);

          g_assert_cmpmem (&ea->train_loss, sizeof (double), &eb->train_loss, sizeof (double));
          g_assert_cmpmem (&ea->train_accuracy, sizeof (double), &eb->train_accuracy,
                           sizeof (double));
          g_assert_cmpmem (&ea->test_loss, sizeof (double), &eb->test_loss, sizeof (double));
          g_assert_cmpmem (&ea->test_accuracy, sizeof (double), &eb->test_accuracy,
                           sizeof (double));
        }
      wa = read_weights (pa->run);
      wb = read_weights (pb->run);
      g_assert_true (g_bytes_equal (wa, wb));
    }
}

/* A sweep of two values makes two runs with exactly those values, everything else as
 * given, named by the sweep's file. */
static void
test_cli_two_values (void)
{
  g_autofree char *runs_dir = cli_test_make_tmp_dir ();
  g_auto (CliTestRun) r = { 0 };
  g_autoptr (NrSweep) sweep = NULL;
  g_autoptr (GPtrArray) runs = NULL;

  run_sweep (&r, runs_dir, "--vary", "units=16,28", "--epochs", "2", "--seed", "7", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  runs = nr_run_load_all (runs_dir, NULL, NULL);
  g_assert_cmpuint (runs->len, ==, 2);
  sweep = load_only_sweep (runs_dir);
  g_assert_cmpstr (sweep->name, ==, "units");
  g_assert_cmpuint (sweep->points->len, ==, 2);
  for (guint p = 0; p < 2; p++)
    {
      const NrRunRecord *run = point_at (sweep, p)->run;
      g_autofree char *line = NULL;

      g_assert_nonnull (run);
      g_assert_cmpint (run->status, ==, NR_TRAIN_COMPLETED);
      g_assert_cmpuint (run->config.model.n_hidden, ==, 1);
      g_assert_cmpuint (run->config.model.hidden[0].units, ==, p == 0 ? 16 : 28);
      g_assert_cmpint (run->config.model.hidden[0].activation, ==, NR_ACTIVATION_RELU);
      g_assert_cmpuint (run->config.epochs, ==, 2);
      g_assert_cmpuint (run->config.seed, ==, 7);
      g_assert_cmpuint (run->config.train_limit, ==, 300);
      g_assert_cmpuint (run->config.test_limit, ==, 100);
      g_assert_cmpuint (run->history->len, ==, 2);
      g_assert_true (run->has_weights);
      /* Its line and its row in the table. */
      line = g_strdup_printf ("Run %u/2 units=%s: ", p + 1, p == 0 ? "16" : "28");
      g_assert_nonnull (strstr (r.out, line));
      g_free (line);
      line = g_strdup_printf ("\n%-5s  %.4f         ", p == 0 ? "16" : "28",
                              nr_run_record_get_test_accuracy (run));
      g_assert_nonnull (strstr (r.out, line));
      g_assert_nonnull (strstr (r.out, run->id));
    }
  g_assert_nonnull (strstr (r.out, "\nunits  test_accuracy  test_loss  status    run\n"));
  {
    g_autofree char *saved = g_strdup_printf ("\nSaved as sweep %s in ", sweep->id);

    g_assert_nonnull (strstr (r.out, saved));
  }
  cli_test_remove_tree (runs_dir);
}

/* --json: one object on stdout, the runs and what they gave; the lines go to stderr. */
static void
test_cli_json (void)
{
  g_autofree char *runs_dir = cli_test_make_tmp_dir ();
  g_auto (CliTestRun) r = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (NrSweep) sweep = NULL;
  JsonObject *root, *first, *group;
  JsonArray *runs, *groups;

  run_sweep (&r, runs_dir, "--vary", "learning-rate=0.001,0.01", "--seeds", "2", "--epochs", "1",
             "--jobs", "2", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (cli_test_count_lines (r.out), ==, 1);
  g_assert_nonnull (strstr (r.err, "Run 4/4 "));
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  sweep = load_only_sweep (runs_dir);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "sweep_id"), ==, sweep->id);
  g_assert_cmpstr (json_object_get_string_member (root, "dataset"), ==, "fashion");
  runs = json_object_get_array_member (root, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 4);
  first = json_array_get_object_element (runs, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "label"), ==,
                   "learning-rate=0.001, seed=42");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (first,
                                                                                   "values"),
                                                    "learning-rate"),
                     ==, 0.001);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "values"),
                                               "seed"),
                   ==, 42);
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "finished");
  g_assert_cmpstr (json_object_get_string_member (first, "run_id"), ==, point_at (sweep, 0)->run_id);
  g_assert_cmpfloat (json_object_get_double_member (first, "test_accuracy"), ==,
                     nr_run_record_get_test_accuracy (point_at (sweep, 0)->run));
  groups = json_object_get_array_member (root, "groups");
  g_assert_cmpuint (json_array_get_length (groups), ==, 2);
  group = json_array_get_object_element (groups, 1);
  g_assert_cmpstr (json_object_get_string_member (group, "label"), ==, "learning-rate=0.01");
  g_assert_cmpint (json_object_get_int_member (group, "runs"), ==, 2);
  g_assert_cmpfloat_with_epsilon (
    json_object_get_double_member (group, "test_accuracy_mean"),
    (nr_run_record_get_test_accuracy (point_at (sweep, 2)->run) +
     nr_run_record_get_test_accuracy (point_at (sweep, 3)->run)) / 2, 1e-12);
  g_assert_cmpfloat (json_object_get_double_member (group, "test_accuracy_max"), ==,
                     MAX (nr_run_record_get_test_accuracy (point_at (sweep, 2)->run),
                          nr_run_record_get_test_accuracy (point_at (sweep, 3)->run)));
  cli_test_remove_tree (runs_dir);
}

/* --vary seed=…: the seeds are numbers in the JSON, in "vary" and in each run's "values",
 * and json-glib is never handed a member name where an array element goes (it used to
 * print a Json-CRITICAL per seed on stderr). */
static void
test_cli_json_seeds (void)
{
  g_autofree char *runs_dir = cli_test_make_tmp_dir ();
  g_auto (CliTestRun) r = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root, *axis;
  JsonArray *values, *runs;

  run_sweep (&r, runs_dir, "--vary", "seed=3,4", "--epochs", "1", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.err, "CRITICAL"));
  g_assert_null (strstr (r.err, "WARNING"));
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  axis = json_array_get_object_element (json_object_get_array_member (root, "vary"), 0);
  g_assert_cmpstr (json_object_get_string_member (axis, "setting"), ==, "seed");
  values = json_object_get_array_member (axis, "values");
  g_assert_cmpuint (json_array_get_length (values), ==, 2);
  g_assert_cmpint (json_array_get_int_element (values, 0), ==, 3);
  g_assert_cmpint (json_array_get_int_element (values, 1), ==, 4);
  runs = json_object_get_array_member (root, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *run = json_array_get_object_element (runs, i);

      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (run, "values"),
                                                   "seed"),
                       ==, 3 + i);
    }
  cli_test_remove_tree (runs_dir);
}

/* --jobs 2 trains the same bits as one job at a time. */
static void
test_cli_jobs_same_bits (void)
{
  g_autofree char *one = cli_test_make_tmp_dir ();
  g_autofree char *two = cli_test_make_tmp_dir ();
  g_auto (CliTestRun) r1 = { 0 };
  g_auto (CliTestRun) r2 = { 0 };
  g_autoptr (NrSweep) s1 = NULL;
  g_autoptr (NrSweep) s2 = NULL;

  run_sweep (&r1, one, "--vary", "units=16,32,48", "--vary", "dropout=0,0.2", "--epochs", "2",
             "--quiet", NULL);
  run_sweep (&r2, two, "--vary", "units=16,32,48", "--vary", "dropout=0,0.2", "--epochs", "2",
             "--quiet", "--jobs", "2", NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_cmpstr (r1.out, ==, "");
  g_assert_cmpstr (r2.out, ==, "");
  s1 = load_only_sweep (one);
  s2 = load_only_sweep (two);
  g_assert_cmpuint (s1->points->len, ==, 6);
  assert_same_runs (s1, s2);
  cli_test_remove_tree (one);
  cli_test_remove_tree (two);
}

/* The printed commands, run by GNU parallel, make the sweep's runs to the bit; --collect
 * then names them in the sweep's file and prints the table. */
static void
test_cli_print_commands_parallel (void)
{
  g_autofree char *parallel = g_find_program_in_path ("parallel");
  g_autofree char *tmp = NULL;
  g_autofree char *direct = NULL;
  g_autofree char *planned = NULL;
  g_autofree char *commands = NULL;
  g_autofree char *shell = NULL;
  g_autofree char *par_out = NULL;
  g_autofree char *par_err = NULL;
  g_autofree char *id = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) envp = NULL;
  g_auto (CliTestRun) r = { 0 };
  g_auto (CliTestRun) printed = { 0 };
  g_auto (CliTestRun) collected = { 0 };
  g_auto (CliTestRun) again = { 0 };
  g_autoptr (NrSweep) ours = NULL;
  g_autoptr (NrSweep) theirs = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status;

  if (parallel == NULL)
    {
      g_test_skip ("GNU parallel is not installed (Debian's parallel package)");
      return;
    }
  if (g_getenv ("MESON_EXE_WRAPPER") != NULL && g_getenv ("MESON_EXE_WRAPPER")[0] != '\0')
    {
      g_test_skip ("the printed commands cannot run under an emulator wrapper");
      return;
    }
  tmp = cli_test_make_tmp_dir ();
  direct = g_build_filename (tmp, "direct", NULL);
  /* A folder name that needs quoting in a shell. */
  planned = g_build_filename (tmp, "planned runs 'here'", NULL);
  run_sweep (&r, direct, "--vary", "units=16,32", "--vary", "learning-rate=0.001,0.01",
             "--epochs", "2", "--quiet", NULL);
  g_assert_cmpint (r.status, ==, 0);

  run_sweep (&printed, planned, "--vary", "units=16,32", "--vary", "learning-rate=0.001,0.01",
             "--epochs", "2", "--print-commands", NULL);
  g_assert_cmpint (printed.status, ==, 0);
  lines = g_strsplit (printed.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5); /* four and the empty end */
  for (guint i = 0; i < 4; i++)
    {
      g_auto (GStrv) words = NULL;

      g_assert_true (g_shell_parse_argv (lines[i], NULL, &words, &error));
      g_assert_no_error (error);
      g_assert_true (g_path_is_absolute (words[0]));
      g_assert_cmpstr (words[1], ==, "train");
      for (guint w = 0; words[w] != NULL; w++)
        if (strcmp (words[w], "--runs-dir") == 0 || strcmp (words[w], "--data-dir") == 0)
          g_assert_true (g_path_is_absolute (words[w + 1]));
      g_assert_true (g_strv_contains ((const char *const *) words, "--threads"));
      g_assert_true (g_strv_contains ((const char *const *) words, "--seed"));
      g_assert_true (g_strv_contains ((const char *const *) words, planned));
    }
  g_assert_nonnull (strstr (lines[1], " --units 16 "));
  g_assert_nonnull (strstr (lines[1], " --learning-rate 0.01 "));
  /* The plan is saved before any run. */
  {
    g_autoptr (GPtrArray) sweeps = nr_sweep_load_all (planned, NULL, &error);

    g_assert_cmpuint (sweeps->len, ==, 1);
    id = g_strdup (((NrSweep *) sweeps->pdata[0])->id);
    g_assert_null (point_at (sweeps->pdata[0], 0)->run_id);
    g_assert_nonnull (strstr (printed.err, id));
  }

  commands = g_build_filename (tmp, "commands.txt", NULL);
  g_assert_true (g_file_set_contents (commands, printed.out, -1, &error));
  shell = g_strdup_printf ("parallel --will-cite -j 2 < %s", commands);
  envp = cli_test_environ ();
  g_assert_true (g_spawn_sync (NULL, (char *[]){ "sh", "-c", shell, NULL }, envp,
                               G_SPAWN_SEARCH_PATH, NULL, NULL, &par_out, &par_err, &wait_status,
                               &error));
  g_assert_no_error (error);
  g_test_message ("parallel: %s %s", par_out, par_err);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);

  cli_test_run (&collected, "sweep", "--collect", id, "--runs-dir", planned, NULL);
  g_test_message ("collect: %s %s", collected.out, collected.err);
  g_assert_cmpint (collected.status, ==, 0);
  g_assert_cmpstr (collected.err, ==, "");
  g_assert_nonnull (strstr (collected.out, "units  learning-rate  test_accuracy"));
  /* The runs are named in the sweep's file now. */
  {
    g_autofree char *path = g_strdup_printf ("%s/sweep-%s.json", planned, id);
    g_autoptr (NrSweep) saved = nr_sweep_load (path, &error);

    g_assert_no_error (error);
    for (guint p = 0; p < 4; p++)
      g_assert_nonnull (point_at (saved, p)->run_id);
  }
  ours = load_only_sweep (direct);
  theirs = load_only_sweep (planned);
  assert_same_runs (ours, theirs);

  /* By its file too, the runs folder being the file's. */
  {
    g_autofree char *path = g_strdup_printf ("%s/sweep-%s.json", planned, id);

    cli_test_run (&again, "sweep", "--collect", path, "--json", NULL);
    g_assert_cmpint (again.status, ==, 0);
    g_assert_nonnull (strstr (again.out, "\"status\":\"finished\""));
    g_assert_null (strstr (again.out, "not-run"));
  }
  cli_test_remove_tree (tmp);
}

/* Ctrl-C during a sweep: the finished runs stay whole and loadable, the run going on is
 * saved whole or not at all, none is started after, nothing half-saved is left. */
static void
test_cli_interrupt (void)
{
  g_autofree char *runs_dir = cli_test_make_tmp_dir ();
  g_autofree char *subset = cli_test_subset_dir ();
  g_auto (GStrv) argv = cli_test_argv ("sweep", "--data-dir", subset, "--train-limit", "300",
                                       "--test-limit", "100", "--runs-dir", runs_dir, "--vary",
                                       "epochs=1,100000,2", NULL);
  g_auto (GStrv) envp = cli_test_environ ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) run_errors = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (NrSweep) sweep = NULL;
  g_autofree char *err = NULL;
  char line[65536];
  GPid pid;
  int out_fd, err_fd, wait_status;
  FILE *fp, *fe;
  gboolean interrupted = FALSE;
  const char *name;

  g_assert_true (g_spawn_async_with_pipes (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                           NULL, &pid, NULL, &out_fd, &err_fd, &error));
  g_assert_no_error (error);
  fp = fdopen (out_fd, "r");
  fe = fdopen (err_fd, "r");
  while (fgets (line, sizeof line, fp) != NULL)
    {
      g_string_append (out, line);
      /* The first run is saved: the second is training. */
      if (!interrupted && g_str_has_prefix (line, "Run 1/3 epochs=1: "))
        {
          g_usleep (200000);
          kill (pid, SIGINT);
          interrupted = TRUE;
        }
    }
  fclose (fp);
  err = g_malloc0 (4096);
  (void) !fread (err, 1, 4095, fe);
  fclose (fe);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_test_message ("stdout: %s\nstderr: %s", out->str, err);

  g_assert_true (interrupted);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 130);
  g_assert_nonnull (strstr (err, "interrupted: 1 of the 3 runs ended"));
  g_assert_null (strstr (out->str, "Run 3/3"));

  /* Nothing but whole runs and the sweep: no temporary folder, hidden or not. */
  dir = g_dir_open (runs_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (runs_dir, name, NULL);

      if (g_str_has_prefix (name, "sweep-"))
        continue;
      g_assert_true (g_regex_match_simple ("^\\d{8}-\\d{6}-[0-9a-f]{4}$", name, 0, 0));
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
    }
  runs = nr_run_load_all (runs_dir, &run_errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run_errors->len, ==, 0);
  g_assert_cmpuint (runs->len, >=, 1);
  g_assert_cmpuint (runs->len, <=, 2);
  for (guint i = 0; i < runs->len; i++)
    {
      const NrRunRecord *run = runs->pdata[i];
      g_autoptr (NrWeights) weights = nr_run_load_weights (run, &error);

      g_assert_no_error (error);
      g_assert_nonnull (weights);
      g_assert_cmpint (run->status, ==, run->config.epochs == 1 ? NR_TRAIN_COMPLETED
                                                                : NR_TRAIN_CANCELLED);
    }

  /* The sweep names the runs saved, and opens with them; the third never ran. */
  sweep = load_only_sweep (runs_dir);
  g_assert_cmpint (point_at (sweep, 0)->run->status, ==, NR_TRAIN_COMPLETED);
  g_assert_cmpuint (point_at (sweep, 0)->run->history->len, ==, 1);
  g_assert_true ((point_at (sweep, 1)->run != NULL) == (runs->len == 2));
  g_assert_null (point_at (sweep, 2)->run_id);
  cli_test_remove_tree (runs_dir);
}

/* A diverged run is a result of the sweep, not its end: the others go on and the sweep
 * succeeds; only when every run diverged is the sweep's status 3. */
static void
test_cli_diverged (void)
{
  g_autofree char *some = cli_test_make_tmp_dir ();
  g_autofree char *all = cli_test_make_tmp_dir ();
  g_auto (CliTestRun) r = { 0 };
  g_auto (CliTestRun) every = { 0 };
  g_autoptr (NrSweep) sweep = NULL;

  /* Unscaled pixels, a linear hidden layer and plain SGD at 1e5: the loss explodes. */
  run_sweep (&r, some, "--vary", "learning-rate=1e5,0.001", "--activation", "linear",
             "--optimizer", "sgd", "--no-normalize", "--epochs", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Run 1/2 learning-rate=100000: diverged at epoch 1, step "));
  g_assert_true (g_regex_match_simple ("\\n100000 +- +- +diverged +\\d{8}-", r.out, 0, 0));
  sweep = load_only_sweep (some);
  g_assert_cmpint (point_at (sweep, 0)->run->status, ==, NR_TRAIN_DIVERGED);
  g_assert_cmpint (point_at (sweep, 1)->run->status, ==, NR_TRAIN_COMPLETED);

  run_sweep (&every, all, "--vary", "learning-rate=1e5,1e6", "--activation", "linear",
             "--optimizer", "sgd", "--no-normalize", "--epochs", "1", "--quiet", NULL);
  g_assert_cmpint (every.status, ==, 3);
  g_assert_cmpstr (every.err, ==, "neurona-cli: every run diverged: try smaller learning rates\n");
  cli_test_remove_tree (some);
  cli_test_remove_tree (all);
}

/* Output that cannot be written stops the sweep before any training is spent, and lost
 * commands plan no sweep. */
static void
test_cli_stdout_full (void)
{
  g_autofree char *runs_dir = cli_test_make_tmp_dir ();
  g_autofree char *subset = cli_test_subset_dir ();
  g_auto (CliTestRun) r = { 0 };
  g_auto (CliTestRun) printed = { 0 };
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GPtrArray) sweeps = NULL;

  cli_test_run_stdout (&r, CLI_TEST_STDOUT_DEV_FULL, "sweep", "--data-dir", subset,
                       "--train-limit", "300", "--test-limit", "100", "--epochs", "1",
                       "--vary", "units=8,16", "--runs-dir", runs_dir, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.err, ==, "neurona-cli: cannot write to standard output: No space left on "
                              "device\n");
  cli_test_run_stdout (&printed, CLI_TEST_STDOUT_CLOSED, "sweep", "--data-dir", subset,
                       "--vary", "units=8,16", "--runs-dir", runs_dir, "--print-commands", NULL);
  g_assert_cmpint (printed.status, ==, 1);
  runs = nr_run_load_all (runs_dir, NULL, NULL);
  g_assert_cmpuint (runs->len, ==, 0);
  sweeps = nr_sweep_load_all (runs_dir, NULL, NULL);
  g_assert_cmpuint (sweeps->len, ==, 0);
  cli_test_remove_tree (runs_dir);
}

static void
assert_cli_usage_error (const char *expected_substring, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_auto (CliTestRun) r = { 0 };
  va_list ap;

  g_ptr_array_add (args, (char *) "sweep");
  va_start (ap, expected_substring);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  cli_test_run_argv (&r, "/nonexistent-neurona-runs", (const char *const *) args->pdata);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_cmpuint (cli_test_count_lines (r.err), ==, 1);
  if (strstr (r.err, expected_substring) == NULL)
    g_error ("stderr “%s” should contain “%s”", r.err, expected_substring);
}

static void
test_cli_bad_options (void)
{
  assert_cli_usage_error ("nothing to vary: give --vary SETTING=VALUES", NULL);
  assert_cli_usage_error ("--vary units=16,,32: an empty item", "--vary", "units=16,,32", NULL);
  assert_cli_usage_error ("--vary lr=1: unknown setting “lr”", "--vary", "lr=1", NULL);
  assert_cli_usage_error ("--units and --vary units=… both set units", "--vary", "units=16,32",
                          "--units", "64", NULL);
  assert_cli_usage_error ("--seeds and --vary seed=… both set the seeds", "--vary", "seed=1,2",
                          "--seeds", "3", NULL);
  assert_cli_usage_error ("--jobs must be a whole number from 1 to 256", "--vary", "units=16",
                          "--jobs", "0", NULL);
  assert_cli_usage_error ("--activation: give one value for every hidden layer when the units "
                          "are varied",
                          "--vary", "units=16,32", "--activation", "relu,tanh", NULL);
  assert_cli_usage_error ("--momentum applies to --optimizer sgd only", "--vary", "units=16",
                          "--momentum", "0.9", NULL);
  assert_cli_usage_error ("the sweep would make 2000 runs", "--vary", "seed=1:1000", "--vary",
                          "units=16,32", NULL);
  assert_cli_usage_error ("--json does nothing with --print-commands", "--vary", "units=16",
                          "--print-commands", "--json", NULL);
  assert_cli_usage_error ("--jobs does nothing with --print-commands", "--vary", "units=16",
                          "--print-commands", "--jobs", "2", NULL);
  assert_cli_usage_error ("--collect takes only --runs-dir", "--collect", "x", "--vary",
                          "units=16", NULL);
  assert_cli_usage_error ("no sweep “x” in /nonexistent-neurona-runs", "--collect", "x",
                          "--runs-dir", "/nonexistent-neurona-runs", NULL);
  assert_cli_usage_error ("unexpected argument “units=16”", "units=16", NULL);
}

static void
test_cli_help (void)
{
  g_auto (CliTestRun) r = { 0 };
  g_auto (CliTestRun) main_help = { 0 };

  cli_test_run (&r, "sweep", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--vary=SETTING=VALUES"));
  g_assert_nonnull (strstr (r.out, "SETTING is a train option without its dashes, one of\n"
                                   "  units, activation, dropout, epochs, batch-size, "));
  g_assert_nonnull (strstr (r.out, "1e-4:1e-1:x10"));
  g_assert_nonnull (strstr (r.out, "--print-commands"));
  g_assert_nonnull (strstr (r.out, "| parallel -j 2"));
  g_assert_nonnull (strstr (r.out, "Exit status: 0 every run ended"));
  cli_test_run (&main_help, "--help", NULL);
  g_assert_nonnull (strstr (main_help.out, "\n  sweep      "));
}

int
main (int argc, char **argv)
{
  g_autofree char *runs_dir = NULL;

  g_test_init (&argc, &argv, NULL);
  /* The tests that train save under temporary folders; nothing goes elsewhere. */
  runs_dir = cli_test_make_tmp_dir ();
  g_setenv ("NEURONA_RUNS_DIR", runs_dir, TRUE);

  g_test_add_func ("/core/sweep/setting-names", test_setting_names);
  g_test_add_func ("/core/sweep/parse-lists", test_parse_lists);
  g_test_add_func ("/core/sweep/parse-ranges", test_parse_ranges);
  g_test_add_func ("/core/sweep/parse-errors", test_parse_errors);
  g_test_add_func ("/core/sweep/plan-order", test_plan_order);
  g_test_add_func ("/core/sweep/plan-seeds", test_plan_seeds);
  g_test_add_func ("/core/sweep/plan-applies-values", test_plan_applies_values);
  g_test_add_func ("/core/sweep/plan-errors", test_plan_errors);
  g_test_add_func ("/core/sweep/json-round-trip", test_json_round_trip);
  g_test_add_func ("/core/sweep/json-refused", test_json_refused);
  g_test_add_func ("/core/sweep/file-beside-runs", test_file_beside_runs);
  g_test_add_func ("/core/sweep/attach-runs", test_attach_runs);
  g_test_add_func ("/cli/sweep/two-values", test_cli_two_values);
  g_test_add_func ("/cli/sweep/json", test_cli_json);
  g_test_add_func ("/cli/sweep/json-seeds", test_cli_json_seeds);
  g_test_add_func ("/cli/sweep/jobs-same-bits", test_cli_jobs_same_bits);
  g_test_add_func ("/cli/sweep/print-commands-parallel", test_cli_print_commands_parallel);
  g_test_add_func ("/cli/sweep/interrupt", test_cli_interrupt);
  g_test_add_func ("/cli/sweep/diverged", test_cli_diverged);
  g_test_add_func ("/cli/sweep/stdout-full", test_cli_stdout_full);
  g_test_add_func ("/cli/sweep/bad-options", test_cli_bad_options);
  g_test_add_func ("/cli/sweep/help", test_cli_help);

  {
    int status = g_test_run ();

    cli_test_remove_tree (runs_dir);
    return status;
  }
}
