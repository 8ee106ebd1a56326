/* lesson.c — lesson files: read, checked against the core, and their steps measured. See
 * lesson.h for the format.
 *
 * json-glib builds the tree; the lines come from its parser's signals, which fire while the
 * parser still knows where it is: "object-member" after each member's value, so a scalar
 * member is found on its own line. Every check below names the member it rejects.
 */
#include "neurona/lesson.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "fileutil.h"
#include "i18n.h"
#include "neurona/error.h"
#include "neurona/sweep.h"

/* Dataset split sizes: the full sets'. An index past the committed subset is still a
 * valid step: the lab shows the full set when it has it. */
#define N_TRAIN_IMAGES 60000
#define N_TEST_IMAGES 10000
#define MAX_GRID 100 /* rows; the Data page holds at most 20 columns */

static const char *const page_names[] = { "data", "training", "predictions", "understand",
                                          "fit", "runs", "sweeps", NULL };
static const char *const view_names[] = { "confusion", "per-class", "weights", "draw",
                                          "outputs", "code", NULL };

const char *
nr_lesson_step_kind_name (NrLessonStepKind kind)
{
  switch (kind)
    {
    case NR_LESSON_STEP_LOOK:
      return "look";
    case NR_LESSON_STEP_TRAIN:
      return "train";
    case NR_LESSON_STEP_REFUSED:
      return "refused";
    case NR_LESSON_STEP_FIT:
      return "fit";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
nr_lesson_metric_name (NrLessonMetric metric)
{
  switch (metric)
    {
    case NR_LESSON_METRIC_TEST_ACCURACY:
      return "test_accuracy";
    case NR_LESSON_METRIC_TEST_LOSS:
      return "test_loss";
    case NR_LESSON_METRIC_FIT_LOSS:
      return "fit_loss";
    case NR_LESSON_METRIC_NONE:
    default:
      return NULL;
    }
}

static gboolean
metric_from_name (const char *name, NrLessonMetric *out)
{
  for (NrLessonMetric m = NR_LESSON_METRIC_TEST_ACCURACY; m <= NR_LESSON_METRIC_FIT_LOSS; m++)
    if (g_strcmp0 (name, nr_lesson_metric_name (m)) == 0)
      {
        *out = m;
        return TRUE;
      }
  return FALSE;
}

/* ---- reading, with lines ---------------------------------------------------------------- */

typedef struct {
  const char *file; /* display name */
  GHashTable *lines; /* "%p/member" → line */
  GError **error;
} Reader;

static void
on_object_member (JsonParser *parser, JsonObject *object, const char *member, Reader *r)
{
  g_hash_table_insert (r->lines, g_strdup_printf ("%p/%s", (void *) object, member),
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static guint
line_of (Reader *r, JsonObject *object, const char *member)
{
  g_autofree char *key = g_strdup_printf ("%p/%s", (void *) object, member);

  return GPOINTER_TO_UINT (g_hash_table_lookup (r->lines, key));
}

/* "<file>:<line>: <problem>", the line of object's member (or of the object's first member
 * when member is NULL). Always FALSE. */
static gboolean G_GNUC_PRINTF (4, 5)
fail (Reader *r, JsonObject *object, const char *member, const char *format, ...)
{
  g_autofree char *text = NULL;
  guint line = 0;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (object != NULL && member != NULL)
    line = line_of (r, object, member);
  if (object != NULL && line == 0)
    {
      g_autoptr (GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL && line == 0; l = l->next)
        line = line_of (r, object, l->data);
    }
  if (line > 0)
    g_set_error (r->error, NR_ERROR, NR_ERROR_FORMAT, "%s:%u: %s", r->file, line, text);
  else
    g_set_error (r->error, NR_ERROR, NR_ERROR_FORMAT, "%s: %s", r->file, text);
  return FALSE;
}

/* Every member of object is one of allowed. */
static gboolean
only_members (Reader *r, JsonObject *object, const char *const *allowed, const char *where)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);

        /* Translators: "unknown member “colour” in “state”: use dataset, page, …" */
        return fail (r, object, l->data, _("unknown member “%s” in %s: use %s"),
                     (const char *) l->data, where, list);
      }
  return TRUE;
}

/* An optional string member; *out stays NULL when absent. */
static gboolean
get_string (Reader *r, JsonObject *object, const char *member, gboolean required, char **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        return fail (r, object, NULL, _("“%s” is missing"), member);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (r, object, member, _("“%s” must be a text in quotes"), member);
  *out = g_strdup (json_node_get_string (node));
  if (required && **out == '\0')
    return fail (r, object, member, _("“%s” is empty"), member);
  return TRUE;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* A whole number in [min, max]; *out untouched when absent. */
static gboolean
get_uint (Reader *r, JsonObject *object, const char *member, guint min, guint max, guint *out)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (r, object, member, _("“%s” must be a whole number"), member);
  value = json_node_get_int (node);
  if (value < (gint64) min || value > (gint64) max)
    return fail (r, object, member, _("“%s” is %lld: use %u to %u"), member, (long long) value,
                 min, max);
  *out = (guint) value;
  return TRUE;
}

static gboolean
get_double (Reader *r, JsonObject *object, const char *member, double *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (!is_number (node) || !isfinite (json_node_get_double (node)))
    return fail (r, object, member, _("“%s” must be a number"), member);
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
get_object (Reader *r, JsonObject *object, const char *member, JsonObject **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (r, object, member, _("“%s” must be an object in braces"), member);
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
name_in (const char *name, const char *const *names)
{
  return name != NULL && g_strv_contains (names, name);
}

/* ---- a step ----------------------------------------------------------------------------- */

static void
step_free (gpointer data)
{
  NrLessonStep *step = data;

  g_free (step->title);
  g_free (step->todo);
  g_free (step->look);
  g_free (step->meaning);
  g_free (step->question);
  g_free (step->page);
  g_free (step->view);
  g_free (step->refusal);
  g_free (step);
}

static gboolean
read_state (Reader *r, JsonObject *state, NrLessonStep *step)
{
  static const char *const allowed[] = { "dataset", "page", "view", "split", "image",
                                         "colormap", "rows", "columns", "images", NULL };
  g_autofree char *dataset = NULL;
  g_autofree char *split = NULL;
  g_autofree char *colormap = NULL;
  guint image = G_MAXUINT;

  if (!only_members (r, state, allowed, "“state”"))
    return FALSE;
  if (!get_string (r, state, "dataset", FALSE, &dataset)
      || !get_string (r, state, "page", FALSE, &step->page)
      || !get_string (r, state, "view", FALSE, &step->view)
      || !get_string (r, state, "split", FALSE, &split)
      || !get_string (r, state, "colormap", FALSE, &colormap))
    return FALSE;
  if (dataset != NULL)
    {
      if (!nr_dataset_id_from_name (dataset, &step->dataset))
        return fail (r, state, "dataset", _("unknown dataset “%s”: use mnist or fashion"),
                     dataset);
      step->has_dataset = TRUE;
    }
  if (step->page != NULL && !name_in (step->page, page_names))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) page_names);

      return fail (r, state, "page", _("unknown page “%s”: use %s"), step->page, list);
    }
  if (step->view != NULL && !name_in (step->view, view_names))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) view_names);

      return fail (r, state, "view", _("unknown view “%s”: use %s"), step->view, list);
    }
  if (split != NULL)
    {
      if (strcmp (split, "train") != 0 && strcmp (split, "test") != 0)
        return fail (r, state, "split", _("unknown split “%s”: use train or test"), split);
      step->has_split = TRUE;
      step->test_split = strcmp (split, "test") == 0;
    }
  if (colormap != NULL)
    {
      if (!nr_colormap_from_name (colormap, &step->colormap))
        return fail (r, state, "colormap", _("unknown colormap “%s”"), colormap);
      step->has_colormap = TRUE;
    }
  if (!get_uint (r, state, "image", 0, (step->test_split ? N_TEST_IMAGES : N_TRAIN_IMAGES) - 1,
                 &image)
      || !get_uint (r, state, "rows", 1, MAX_GRID, &step->rows)
      || !get_uint (r, state, "columns", 1, MAX_GRID, &step->columns)
      || !get_uint (r, state, "images", 1, step->test_split ? N_TEST_IMAGES : N_TRAIN_IMAGES,
                    &step->images))
    return FALSE;
  step->image = image == G_MAXUINT ? -1 : (gint) image;
  return TRUE;
}

/* A JSON value as neurona-cli train would read it typed: "128", "0.2", "yes". */
static char *
value_text (JsonNode *node)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%lld", (long long) json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "yes" : "no");
    default:
      return NULL;
    }
}

/* The tutorial's model with the settings over it. The optimizer goes first, so that a
 * learning rate given beside it is kept (the optimizer brings its own default). */
static gboolean
read_settings (Reader *r, JsonObject *settings, NrTrainConfig *config)
{
  g_autoptr (GList) members = json_object_get_members (settings);

  nr_train_config_init (config);
  for (guint pass = 0; pass < 2; pass++)
    for (GList *l = members; l != NULL; l = l->next)
      {
        const char *name = l->data;
        JsonNode *node = json_object_get_member (settings, name);
        g_autofree char *text = value_text (node);
        g_autoptr (GError) error = NULL;
        NrSweepSetting setting;
        NrSweepValue value;

        if (strcmp (name, "outputs") == 0 || strcmp (name, "test-limit") == 0)
          {
            guint n = 0;

            if (pass == 1)
              continue;
            if (!get_uint (r, settings, name, strcmp (name, "outputs") == 0 ? 1 : 0,
                           strcmp (name, "outputs") == 0 ? NR_MAX_UNITS : G_MAXINT, &n))
              return FALSE;
            if (strcmp (name, "outputs") == 0)
              config->model.outputs = n;
            else
              config->test_limit = n;
            continue;
          }
        if (!nr_sweep_setting_from_name (name, &setting))
          return fail (r, settings, name,
                       _("unknown setting “%s”: use %s, outputs or test-limit"), name,
                       nr_sweep_setting_names ());
        if ((setting == NR_SWEEP_OPTIMIZER) != (pass == 0))
          continue;
        if (text == NULL)
          return fail (r, settings, name, _("“%s” must be a number or a text"), name);
        if (!nr_sweep_parse_value (setting, text, &value, &error))
          return fail (r, settings, name, "%s", error->message);
        nr_sweep_value_apply (&value, config);
      }
  return TRUE;
}

static gboolean
read_fit (Reader *r, JsonObject *fit, NrPolyFitConfig *config)
{
  static const char *const allowed[] = { "degree", "learning-rate", "iterations", "points",
                                         "seed", "target", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *target = NULL;
  guint seed = G_MAXUINT;

  nr_polyfit_config_init (config);
  if (!only_members (r, fit, allowed, "“fit”")
      || !get_uint (r, fit, "degree", NR_POLYFIT_MIN_DEGREE, NR_POLYFIT_MAX_DEGREE,
                    &config->degree)
      || !get_uint (r, fit, "iterations", 1, NR_POLYFIT_MAX_ITERATIONS, &config->n_iterations)
      || !get_uint (r, fit, "points", 2, NR_POLYFIT_MAX_POINTS, &config->n_points)
      || !get_uint (r, fit, "seed", 0, G_MAXINT, &seed)
      || !get_string (r, fit, "target", FALSE, &target))
    return FALSE;
  if (seed != G_MAXUINT)
    config->seed = seed;
  if (json_object_has_member (fit, "learning-rate")
      && !get_double (r, fit, "learning-rate", &config->learning_rate))
    return FALSE;
  if (target != NULL && !nr_polyfit_target_from_name (target, &config->target))
    return fail (r, fit, "target", _("unknown target “%s”: use sin, cos, exp, abs or step"),
                 target);
  if (!nr_polyfit_config_validate (config, &error))
    return fail (r, fit, NULL, "%s", error->message);
  return TRUE;
}

/* "tutorial": { "<metric>": number } or { "refusal": "…" }; "expect": { "<metric>": [lo,
 * hi] } or { "refused": "label-range" | "invalid" }. */
static gboolean
read_numbers (Reader *r, JsonObject *step_object, NrLessonStep *step, guint *refused_code)
{
  JsonObject *tutorial = NULL, *expect = NULL;

  step->tutorial = step->expect_min = step->expect_max = NAN;
  *refused_code = 0;
  if (!get_object (r, step_object, "tutorial", &tutorial)
      || !get_object (r, step_object, "expect", &expect))
    return FALSE;
  if (tutorial != NULL)
    {
      g_autoptr (GList) members = json_object_get_members (tutorial);

      for (GList *l = members; l != NULL; l = l->next)
        {
          NrLessonMetric metric;

          if (strcmp (l->data, "refusal") == 0)
            {
              if (!get_string (r, tutorial, "refusal", TRUE, &step->refusal))
                return FALSE;
              continue;
            }
          if (!metric_from_name (l->data, &metric))
            return fail (r, tutorial, l->data,
                         _("unknown member “%s” in “tutorial”: use test_accuracy, test_loss, "
                           "fit_loss or refusal"),
                         (const char *) l->data);
          if (step->metric != NR_LESSON_METRIC_NONE && step->metric != metric)
            return fail (r, tutorial, l->data, _("“tutorial” gives one number, not two"));
          step->metric = metric;
          if (!get_double (r, tutorial, l->data, &step->tutorial))
            return FALSE;
        }
    }
  if (expect != NULL)
    {
      g_autoptr (GList) members = json_object_get_members (expect);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (expect, l->data);
          NrLessonMetric metric;
          JsonArray *range;

          if (strcmp (l->data, "refused") == 0)
            {
              g_autofree char *code = NULL;

              if (!get_string (r, expect, "refused", TRUE, &code))
                return FALSE;
              if (strcmp (code, "label-range") == 0)
                *refused_code = NR_ERROR_LABEL_RANGE;
              else if (strcmp (code, "invalid") == 0)
                *refused_code = NR_ERROR_INVALID;
              else
                return fail (r, expect, "refused",
                             _("“refused” is “%s”: use label-range or invalid"), code);
              continue;
            }
          if (!metric_from_name (l->data, &metric))
            return fail (r, expect, l->data,
                         _("unknown member “%s” in “expect”: use test_accuracy, test_loss, "
                           "fit_loss or refused"),
                         (const char *) l->data);
          if (step->metric != NR_LESSON_METRIC_NONE && step->metric != metric)
            return fail (r, expect, l->data,
                         _("“expect” must check the metric “tutorial” gives (%s)"),
                         nr_lesson_metric_name (step->metric));
          step->metric = metric;
          range = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
          if (range == NULL || json_array_get_length (range) != 2
              || !is_number (json_array_get_element (range, 0))
              || !is_number (json_array_get_element (range, 1)))
            return fail (r, expect, l->data,
                         _("“%s” must be a range of two numbers, as [0.80, 0.90]"),
                         (const char *) l->data);
          step->expect_min = json_array_get_double_element (range, 0);
          step->expect_max = json_array_get_double_element (range, 1);
          if (!(step->expect_min <= step->expect_max))
            return fail (r, expect, l->data, _("“%s” goes down: give the lower end first"),
                         (const char *) l->data);
        }
    }
  return TRUE;
}

static NrLessonStep *
read_step (Reader *r, JsonObject *o, guint index)
{
  static const char *const allowed[] = { "title", "do", "look", "meaning", "question", "state",
                                         "settings", "train", "fit", "tutorial", "expect",
                                         NULL };
  NrLessonStep *step = g_new0 (NrLessonStep, 1);
  JsonObject *state = NULL, *settings = NULL, *fit = NULL;
  JsonNode *train = json_object_get_member (o, "train");
  const NrDatasetInfo *info;
  guint refused_code;
  g_autoptr (GError) check_error = NULL;
  char where[32];

  g_snprintf (where, sizeof where, "step %u", index + 1);
  step->image = -1;
  step->line = line_of (r, o, "title");
  if (!only_members (r, o, allowed, where)
      || !get_string (r, o, "title", TRUE, &step->title)
      || !get_string (r, o, "do", TRUE, &step->todo)
      || !get_string (r, o, "look", FALSE, &step->look)
      || !get_string (r, o, "meaning", FALSE, &step->meaning)
      || !get_string (r, o, "question", FALSE, &step->question)
      || !get_object (r, o, "state", &state) || !get_object (r, o, "settings", &settings)
      || !get_object (r, o, "fit", &fit) || (state != NULL && !read_state (r, state, step))
      || !read_numbers (r, o, step, &refused_code))
    goto failed;
  if (train != NULL
      && (!JSON_NODE_HOLDS_VALUE (train) || json_node_get_value_type (train) != G_TYPE_BOOLEAN))
    {
      fail (r, o, "train", _("“train” must be true or false"));
      goto failed;
    }
  if (settings != NULL)
    {
      if (!read_settings (r, settings, &step->config))
        goto failed;
      step->has_config = TRUE;
    }

  if (fit != NULL)
    {
      step->kind = NR_LESSON_STEP_FIT;
      if (settings != NULL || (train != NULL && json_node_get_boolean (train)))
        {
          fail (r, o, "fit", _("a curve-fit step trains no network: leave out “settings” and "
                               "“train”"));
          goto failed;
        }
      if (!read_fit (r, fit, &step->fit))
        goto failed;
      if (step->metric != NR_LESSON_METRIC_NONE && step->metric != NR_LESSON_METRIC_FIT_LOSS)
        {
          fail (r, o, "fit", _("a curve-fit step measures fit_loss"));
          goto failed;
        }
    }
  else if (refused_code != 0)
    step->kind = NR_LESSON_STEP_REFUSED;
  else if (train != NULL && json_node_get_boolean (train))
    step->kind = NR_LESSON_STEP_TRAIN;
  else
    step->kind = NR_LESSON_STEP_LOOK;

  if ((step->kind == NR_LESSON_STEP_TRAIN || step->kind == NR_LESSON_STEP_REFUSED)
      && !step->has_config)
    {
      nr_train_config_init (&step->config);
      step->has_config = TRUE;
    }
  if (step->kind == NR_LESSON_STEP_TRAIN || step->kind == NR_LESSON_STEP_REFUSED)
    {
      if (!step->has_dataset)
        {
          fail (r, o, "title", _("a step that trains names its dataset in “state”"));
          goto failed;
        }
      if (step->metric == NR_LESSON_METRIC_FIT_LOSS)
        {
          fail (r, o, "title", _("a training step measures test_accuracy or test_loss"));
          goto failed;
        }
    }
  if (step->kind == NR_LESSON_STEP_LOOK && !isnan (step->expect_min))
    {
      fail (r, o, "expect", _("only a step that trains or fits can expect a number: add "
                              "\"train\": true"));
      goto failed;
    }

  /* The settings against the core, for the step's dataset. */
  info = nr_dataset_info (step->has_dataset ? step->dataset : NR_DATASET_FASHION_MNIST);
  if (step->has_config && !nr_train_config_check (&step->config, info->n_classes, &check_error))
    {
      if (step->kind != NR_LESSON_STEP_REFUSED)
        {
          fail (r, o, settings != NULL ? "settings" : "title", "%s", check_error->message);
          goto failed;
        }
      if (check_error->code != (gint) refused_code)
        {
          fail (r, o, "expect", _("the settings are refused, but not as “refused” says: %s"),
                check_error->message);
          goto failed;
        }
    }
  else if (step->kind == NR_LESSON_STEP_REFUSED)
    {
      fail (r, o, "expect", _("“expect” says the settings are refused, but the core accepts "
                              "them"));
      goto failed;
    }
  if (step->rows > 0 && step->columns > 0 && step->image >= 0
      && step->rows * step->columns > (step->test_split ? N_TEST_IMAGES : N_TRAIN_IMAGES))
    {
      fail (r, state, "rows", _("a %u × %u grid holds more images than the split has"),
            step->rows, step->columns);
      goto failed;
    }
  return step;

failed:
  step_free (step);
  return NULL;
}

/* ---- a lesson ---------------------------------------------------------------------------- */

void
nr_lesson_free (NrLesson *lesson)
{
  if (lesson == NULL)
    return;
  g_free (lesson->path);
  g_free (lesson->title);
  g_free (lesson->language);
  g_clear_pointer (&lesson->steps, g_ptr_array_unref);
  g_free (lesson);
}

NrLesson *
nr_lesson_parse (const char *data, gsize length, const char *file_name, GError **error)
{
  static const char *const allowed[] = { "neurona_lesson", "title", "language", "steps", NULL };
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (NrLesson) lesson = NULL;
  Reader r = { file_name, lines, error };
  JsonNode *root, *steps_node;
  JsonObject *o;
  JsonArray *steps;
  guint format = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > NR_LESSON_MAX_BYTES)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, _("%s: a lesson of more than %u bytes"),
                   file_name, NR_LESSON_MAX_BYTES);
      return NULL;
    }
  if (!g_utf8_validate (data, (gssize) length, NULL))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, _("%s: not UTF-8 text"), file_name);
      return NULL;
    }
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &r);
  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      /* json-glib says "<data>:LINE:COL: Parse error: …". */
      const char *text = parse_error->message;

      if (g_str_has_prefix (text, "<data>:"))
        text += strlen ("<data>:");
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, "%s:%s", file_name, text);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%s: not a lesson (a lesson is one JSON object in braces)"), file_name);
      return NULL;
    }
  o = json_node_get_object (root);
  if (!json_object_has_member (o, "neurona_lesson"))
    {
      fail (&r, o, NULL, _("not a lesson: “neurona_lesson”: %d is missing"), NR_LESSON_FORMAT);
      return NULL;
    }
  if (!get_uint (&r, o, "neurona_lesson", 1, G_MAXINT, &format))
    return NULL;
  if (format != NR_LESSON_FORMAT)
    {
      fail (&r, o, "neurona_lesson",
            _("lesson format %u is newer than this Neurona reads (%d): update Neurona"), format,
            NR_LESSON_FORMAT);
      return NULL;
    }
  lesson = g_new0 (NrLesson, 1);
  lesson->path = g_strdup (file_name);
  lesson->steps = g_ptr_array_new_with_free_func (step_free);
  if (!only_members (&r, o, allowed, _("the lesson"))
      || !get_string (&r, o, "title", TRUE, &lesson->title)
      || !get_string (&r, o, "language", TRUE, &lesson->language))
    return NULL;
  steps_node = json_object_get_member (o, "steps");
  if (steps_node == NULL || !JSON_NODE_HOLDS_ARRAY (steps_node))
    {
      fail (&r, o, "steps", _("“steps” must be a list in brackets"));
      return NULL;
    }
  steps = json_node_get_array (steps_node);
  if (json_array_get_length (steps) == 0 || json_array_get_length (steps) > NR_LESSON_MAX_STEPS)
    {
      fail (&r, o, "steps", _("a lesson has 1 to %d steps"), NR_LESSON_MAX_STEPS);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonNode *node = json_array_get_element (steps, i);
      NrLessonStep *step;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (&r, o, "steps", _("step %u is not an object in braces"), i + 1);
          return NULL;
        }
      step = read_step (&r, json_node_get_object (node), i);
      if (step == NULL)
        return NULL;
      g_ptr_array_add (lesson->steps, step);
    }
  return g_steal_pointer (&lesson);
}

NrLesson *
nr_lesson_load (const char *path, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *display = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = _nr_read_regular_file (path, NR_LESSON_MAX_BYTES, _("a lesson"), error);
  if (bytes == NULL)
    return NULL;
  display = g_filename_display_name (path);
  data = g_bytes_get_data (bytes, &length);
  return nr_lesson_parse (length > 0 ? data : "", length, display, error);
}

/* ---- the shipped lessons ------------------------------------------------------------------ */

char *
nr_lessons_dir (void)
{
  return g_build_filename (nr_project_data_dir (), "lessons", NULL);
}

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
nr_lessons_list_shipped (void)
{
  g_autofree char *dir_path = nr_lessons_dir ();
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}

char *
nr_lessons_find_shipped (const char *language)
{
  g_autofree char *dir = nr_lessons_dir ();
  g_autofree char *lang = g_strdup (language != NULL ? language : "en");
  char *cut = lang + strcspn (lang, "_.@:");

  *cut = '\0';
  if (*lang != '\0')
    {
      g_autofree char *name = g_strdup_printf ("tutorial.%s.json", lang);
      char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }
  {
    char *path = g_build_filename (dir, "tutorial.en.json", NULL);

    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      return path;
    g_free (path);
  }
  return NULL;
}

/* ---- measuring a step ---------------------------------------------------------------------- */

gboolean
nr_lesson_step_measure (const NrLessonStep *step, NrDataset *dataset, guint n_threads,
                        double *out_measured, GError **error)
{
  g_return_val_if_fail (step != NULL, FALSE);
  g_return_val_if_fail (out_measured != NULL, FALSE);

  *out_measured = NAN;
  if (step->kind == NR_LESSON_STEP_FIT)
    {
      g_autoptr (NrPolyFit) fit = nr_polyfit_new (&step->fit, error);
      const double *loss;
      guint n;

      if (fit == NULL)
        return FALSE;
      while (!nr_polyfit_is_finished (fit))
        nr_polyfit_step (fit, NR_POLYFIT_PRINT_EVERY);
      loss = nr_polyfit_get_loss_history (fit, &n);
      *out_measured = n > 0 ? loss[n - 1] : nr_polyfit_get_loss (fit);
      return TRUE;
    }
  if (step->kind != NR_LESSON_STEP_TRAIN)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID, _("step “%s” does not train"),
                   step->title);
      return FALSE;
    }
  g_return_val_if_fail (dataset != NULL, FALSE);
  {
    NrTrainConfig config = step->config;
    g_autoptr (NrTrainer) trainer = NULL;
    NrTrainResult result;

    config.n_threads = MAX (n_threads, 1);
    trainer = nr_trainer_new (&config, dataset->train, dataset->test,
                              nr_dataset_info (dataset->id)->n_classes, error);
    if (trainer == NULL || !nr_trainer_run (trainer, NULL, NULL, &result, error))
      return FALSE;
    *out_measured = step->metric == NR_LESSON_METRIC_TEST_LOSS ? result.test_loss
                                                               : result.test_accuracy;
  }
  return TRUE;
}

gboolean
nr_lesson_step_meets_expectation (const NrLessonStep *step, double measured)
{
  g_return_val_if_fail (step != NULL, FALSE);

  if (isnan (step->expect_min))
    return TRUE;
  return measured >= step->expect_min && measured <= step->expect_max;
}
