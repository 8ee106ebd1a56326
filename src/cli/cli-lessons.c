/* cli-lessons.c — `neurona-cli lessons check [FILE…] [--run] [--json]`: lesson files
 * validated against the core and, with --run, each training step trained headless on the
 * committed subset, its number beside the tutorial's.
 *
 * Exit status: 0 every lesson valid (and, with --run, every measured step within what it
 * expects); 1 a lesson that cannot be read or is not valid, or a step outside its range;
 * 2 bad options.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli.h"
#include "neurona/neurona.h"

typedef struct
{
  gboolean run;
  gboolean json;
} Options;

static const char description[] =
  N_("Checks lesson files (every shipped one when no FILE is given): their format, every\n"
     "setting against the core, the images and datasets they name. With --run, each step\n"
     "that trains (or fits a curve) runs on the committed subset, and its number is printed\n"
     "beside the tutorial's; a step whose number falls outside the range it expects fails.\n"
     "A problem is reported as FILE:LINE: what is wrong.\n"
     "\n"
     "Exit status: 0 all valid; 1 a lesson that is not, or a step outside its range; 2 bad\n"
     "options.\n");

typedef struct
{
  NrDataset *datasets[NR_N_DATASETS]; /* the committed subsets, loaded when a step needs them */
} Context;

static NrDataset *
subset (Context *ctx, NrDatasetId id, GError **error)
{
  if (ctx->datasets[id] == NULL)
    {
      g_autofree char *dir = g_build_filename (nr_project_data_dir (), "subset", NULL);

      ctx->datasets[id] = nr_dataset_load (id, dir, error);
    }
  return ctx->datasets[id];
}

static void
json_number_or_null (JsonBuilder *b, const char *member, double value)
{
  json_builder_set_member_name (b, member);
  if (isnan (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

/* As the tutorial shows them: accuracies and losses with four decimals. */
static void
format_number (char *buf, gsize size, double value)
{
  g_snprintf (buf, size, "%.4f", value);
}

/* One step: checked already (the lesson loaded); measured with --run. */
static gboolean
check_step (Context *ctx, const Options *o, const NrLesson *lesson, guint index, JsonBuilder *b)
{
  const NrLessonStep *step = lesson->steps->pdata[index];
  g_autoptr (GError) error = NULL;
  double measured = NAN;
  gboolean measurable = step->kind == NR_LESSON_STEP_TRAIN || step->kind == NR_LESSON_STEP_FIT;
  gboolean ok = TRUE;
  char tutorial[32] = "—", got[32] = "—";

  if (o->run && measurable)
    {
      NrDataset *dataset = NULL;

      if (step->kind == NR_LESSON_STEP_TRAIN)
        dataset = subset (ctx, step->dataset, &error);
      if ((step->kind == NR_LESSON_STEP_FIT || dataset != NULL)
          && nr_lesson_step_measure (step, dataset, g_get_num_processors (), &measured, &error))
        ok = nr_lesson_step_meets_expectation (step, measured);
      else
        ok = FALSE;
    }
  if (!isnan (step->tutorial))
    format_number (tutorial, sizeof tutorial, step->tutorial);
  if (!isnan (measured))
    format_number (got, sizeof got, measured);

  if (b != NULL)
    {
      json_builder_begin_object (b);
      nr_cli_json_path (b, "file", lesson->path);
      nr_cli_json_int (b, "step", index + 1);
      nr_cli_json_int (b, "line", step->line);
      nr_cli_json_string (b, "title", step->title);
      nr_cli_json_string (b, "kind", nr_lesson_step_kind_name (step->kind));
      nr_cli_json_bool (b, "valid", TRUE);
      nr_cli_json_string (b, "metric", nr_lesson_metric_name (step->metric));
      json_number_or_null (b, "tutorial", step->tutorial);
      nr_cli_json_string (b, "refusal", step->refusal);
      json_builder_set_member_name (b, "expect");
      if (isnan (step->expect_min))
        json_builder_add_null_value (b);
      else
        {
          json_builder_begin_array (b);
          json_builder_add_double_value (b, step->expect_min);
          json_builder_add_double_value (b, step->expect_max);
          json_builder_end_array (b);
        }
      json_number_or_null (b, "measured", measured);
      nr_cli_json_bool (b, "ran", o->run && measurable);
      nr_cli_json_bool (b, "ok", ok);
      nr_cli_json_string (b, "error", error != NULL ? error->message : NULL);
      json_builder_end_object (b);
    }
  else if (o->run && measurable)
    {
      /* Translators: "  step 5 “128 hidden units, 10 epochs”: tutorial 0.8798 · measured
       * 0.8412 on the committed subset (expected 0.78 to 0.90): ok" */
      if (error != NULL)
        printf (_("  step %u “%s”: %s\n"), index + 1, step->title, error->message);
      else
        {
          /* Translators: where a step's number was measured */
          const char *where = step->kind == NR_LESSON_STEP_FIT ? _("here")
                                                                : _("on the committed subset");

          if (isnan (step->expect_min))
            printf (_("  step %u “%s”: tutorial %s · measured %s %s\n"), index + 1,
                    step->title, tutorial, got, where);
          else
            printf (_("  step %u “%s”: tutorial %s · measured %s %s (expected %g to %g): %s\n"),
                    index + 1, step->title, tutorial, got, where, step->expect_min,
                    step->expect_max, ok ? _("ok") : _("OUT OF RANGE"));
        }
    }
  return ok;
}

static gboolean
check_file (Context *ctx, const Options *o, const char *path, JsonBuilder *files,
            JsonBuilder *steps)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NrLesson) lesson = nr_lesson_load (path, &error);
  g_autofree char *display = g_filename_display_name (path);
  gboolean ok = lesson != NULL;

  if (lesson == NULL && steps == NULL)
    fprintf (stderr, "neurona-cli lessons: %s\n", error->message);
  else if (lesson != NULL && steps == NULL)
    {
      guint n = lesson->steps->len;

      /* Translators: "tutorial.es.json: valid, 12 steps (“Tu primera red neuronal…”)" */
      printf (g_dngettext (GETTEXT_PACKAGE, "%s: valid, %u step (“%s”)\n",
                           "%s: valid, %u steps (“%s”)\n", n),
              display, n, lesson->title);
    }
  if (lesson != NULL)
    for (guint i = 0; i < lesson->steps->len; i++)
      ok = check_step (ctx, o, lesson, i, steps) && ok;

  if (files != NULL)
    {
      json_builder_begin_object (files);
      nr_cli_json_path (files, "file", path);
      nr_cli_json_bool (files, "valid", lesson != NULL);
      nr_cli_json_string (files, "title", lesson != NULL ? lesson->title : NULL);
      nr_cli_json_string (files, "language", lesson != NULL ? lesson->language : NULL);
      nr_cli_json_int (files, "steps", lesson != NULL ? lesson->steps->len : 0);
      nr_cli_json_string (files, "error", error != NULL ? error->message : NULL);
      json_builder_end_object (files);
    }
  return ok;
}

static int
check (const Options *o, char **files)
{
  g_autoptr (GPtrArray) shipped = NULL;
  g_autoptr (JsonBuilder) files_b = o->json ? json_builder_new () : NULL;
  g_autoptr (JsonBuilder) steps_b = o->json ? json_builder_new () : NULL;
  Context ctx = { { NULL } };
  gboolean ok = TRUE;

  if (files == NULL || files[0] == NULL)
    {
      shipped = nr_lessons_list_shipped ();
      if (shipped->len == 0)
        {
          g_autofree char *dir = nr_lessons_dir ();
          g_autofree char *display = g_filename_display_name (dir);

          return nr_cli_error (NR_CLI_EXIT_IO, _("no lessons in %s"), display);
        }
      g_ptr_array_add (shipped, NULL);
      files = (char **) shipped->pdata;
    }
  if (o->json)
    {
      json_builder_begin_array (files_b);
      json_builder_begin_array (steps_b);
    }
  for (guint i = 0; files[i] != NULL; i++)
    ok = check_file (&ctx, o, files[i], files_b, steps_b) && ok;
  for (guint d = 0; d < NR_N_DATASETS; d++)
    g_clear_pointer (&ctx.datasets[d], nr_dataset_unref);

  if (o->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_end_array (files_b);
      json_builder_end_array (steps_b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "steps");
      json_builder_add_value (b, json_builder_get_root (steps_b));
      json_builder_set_member_name (b, "files");
      json_builder_add_value (b, json_builder_get_root (files_b));
      nr_cli_json_bool (b, "ran", o->run);
      nr_cli_json_bool (b, "ok", ok);
      json_builder_end_object (b);
      nr_cli_print_json (b, FALSE);
    }
  return ok ? NR_CLI_EXIT_OK : NR_CLI_EXIT_IO;
}

int
nr_cli_lessons (int argc, char **argv)
{
  Options o = { 0 };
  const GOptionEntry entries[] = {
    { "run", 0, 0, G_OPTION_ARG_NONE, &o.run,
      N_("Train each training step on the committed subset and compare its number"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json,
      N_("Print one JSON object: {\"steps\": […], \"files\": […]}"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_auto (GStrv) args = NULL;
  int status = NR_CLI_EXIT_OK;

  if (argc < 2 || strcmp (argv[1], "check") != 0)
    {
      if (argc >= 2 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
        {
          fputs (_("Usage: neurona-cli lessons check [FILE…] [--run] [--json]\n\n"), stdout);
          fputs (_(description), stdout);
          return NR_CLI_EXIT_OK;
        }
      return nr_cli_usage_error (_("use: neurona-cli lessons check [FILE…] [--run] [--json]"));
    }
  if (nr_cli_parse_options ("lessons check", _("[FILE…] - check lesson files"), _(description),
                            entries, argc - 1, argv + 1, &args, &status))
    status = check (&o, args);
  return status;
}
