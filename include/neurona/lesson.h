/* lesson.h — lessons: the tutorial's steps as files a lab can replay and a teacher can write.
 *
 * A lesson is a JSON file (read with json-glib), in data/lessons/ for the shipped ones
 * (installed under $datadir/neurona/lessons), one file per language:
 *
 *   { "neurona_lesson": 1, "title": "…", "language": "en",
 *     "steps": [ { "title": "…", "do": "…", "look": "…", "meaning": "…", "question": "…",
 *                  "state": { "dataset": "fashion", "page": "data", "split": "train",
 *                             "image": 0, "colormap": "viridis", "rows": 5, "columns": 5,
 *                             "images": 25, "view": "outputs" },
 *                  "settings": { "units": 28, "epochs": 10, "normalize": false },
 *                  "train": true,
 *                  "tutorial": { "test_accuracy": 0.7230 },
 *                  "expect": { "test_accuracy": [0.60, 0.90] } }, … ] }
 *
 * A step is one of four kinds: one to look at (no "train", no "fit"); one to train
 * ("train": true: the settings, applied over the tutorial's model, train on the step's
 * dataset); one whose settings the core refuses ("tutorial": { "refusal": "<the core's
 * message>" }: checking the lesson checks that the core refuses them with that message);
 * and a curve fit ("fit": { "degree", "learning-rate", "iterations", "points", "seed" }).
 * "settings" take the names and values of neurona-cli train's options without dashes:
 * units ("128", "256/128" or a number), activation, dropout, epochs, batch-size,
 * optimizer, learning-rate, momentum, seed, normalize, outputs, train-limit, test-limit.
 * "tutorial" is the number the tutorial printed (test_accuracy, test_loss, or fit_loss: the
 * loss it printed last); "expect" is the range (both ends included) that the same metric
 * must reach when the step is trained on the committed subset (neurona-cli lessons check
 * --run), so a lesson's claims are tested, not only written.
 *
 * Every problem is reported as "<file>:<line>: <problem>", the line of the member at fault
 * (or of the JSON syntax error); nothing in a lesson file can crash or hang the reader,
 * and a file larger than NR_LESSON_MAX_BYTES is refused before it is read.
 */
#pragma once

#include <glib.h>

#include "neurona/colormap.h"
#include "neurona/dataset.h"
#include "neurona/polyfit.h"
#include "neurona/trainer.h"

G_BEGIN_DECLS

#define NR_LESSON_FORMAT 1
#define NR_LESSON_MAX_BYTES (1024 * 1024)
#define NR_LESSON_MAX_STEPS 100

typedef enum {
  NR_LESSON_STEP_LOOK,
  NR_LESSON_STEP_TRAIN,
  NR_LESSON_STEP_REFUSED,
  NR_LESSON_STEP_FIT,
} NrLessonStepKind;

/* "look", "train", "refused", "fit" */
const char *nr_lesson_step_kind_name (NrLessonStepKind kind);

typedef enum {
  NR_LESSON_METRIC_NONE,
  NR_LESSON_METRIC_TEST_ACCURACY,
  NR_LESSON_METRIC_TEST_LOSS,
  NR_LESSON_METRIC_FIT_LOSS, /* the loss the tutorial printed last: t = iterations − 1 */
} NrLessonMetric;

/* "test_accuracy", "test_loss", "fit_loss" (NULL for none) */
const char *nr_lesson_metric_name (NrLessonMetric metric);

typedef struct {
  guint line; /* of the step in its file (its "title") */
  NrLessonStepKind kind;
  char *title;
  char *todo;     /* "do": what to do */
  char *look;     /* what to look at (NULL when not given) */
  char *meaning;  /* what it means (NULL when not given) */
  char *question; /* a question to think about (NULL when not given) */

  /* The lab's state for the step; what is not given stays as it is. */
  char *page;   /* "data", "training", "predictions", "understand", "fit", "runs", "sweeps" */
  char *view;   /* an Understand view ("outputs", "confusion", …), or NULL */
  gboolean has_dataset;
  NrDatasetId dataset;
  gboolean has_split;
  gboolean test_split; /* "split": "test" */
  gint image;          /* an image index (0-based), or -1 */
  gboolean has_colormap;
  NrColormap colormap;
  guint rows, columns; /* the Data page's grid; 0 when not given */
  guint images;        /* the first images the grid shows (the tutorial's 25); 0: not given */

  /* TRAIN and REFUSED: the tutorial's model with the step's settings over it. Also set for
   * the other kinds when the step gives settings (the model panel shows them). */
  gboolean has_config;
  NrTrainConfig config;
  /* FIT */
  NrPolyFitConfig fit;

  NrLessonMetric metric; /* of "tutorial" and "expect" */
  double tutorial;       /* NAN when the tutorial printed no number for it */
  char *refusal;         /* REFUSED: the core's message, as the tutorial met it */
  double expect_min, expect_max; /* NAN: not checked */
} NrLessonStep;

typedef struct {
  char *path;     /* as given */
  char *title;
  char *language; /* "en", "es", … */
  GPtrArray *steps; /* NrLessonStep */
} NrLesson;

/* Reads and checks a lesson file: its format, every member's type and value, each step's
 * settings against the core (nr_train_config_check for the step's dataset; a REFUSED
 * step's settings must be refused with its message), each image index within the
 * dataset's split (60,000 training or 10,000 test images), grids that hold their images,
 * fits the core accepts. NR_ERROR_IO when it cannot be read, NR_ERROR_FORMAT
 * "<file>:<line>: <problem>" for everything else. */
NrLesson *nr_lesson_load (const char *path, GError **error);
/* The same on data already read; file_name is used in messages. */
NrLesson *nr_lesson_parse (const char *data, gsize length, const char *file_name,
                           GError **error);
void nr_lesson_free (NrLesson *lesson);

/* The folder of the shipped lessons: nr_project_data_dir ()/lessons. */
char *nr_lessons_dir (void);
/* The shipped lesson files (*.json in nr_lessons_dir ()), sorted by name; newly allocated
 * paths. Empty when the folder is missing. */
GPtrArray *nr_lessons_list_shipped (void);
/* The shipped lesson for language ("es", "es_ES.UTF-8"…): tutorial.<lang>.json when there
 * is one, else tutorial.en.json. Newly allocated path, or NULL when neither exists. */
char *nr_lessons_find_shipped (const char *language);

/* Trains a TRAIN step (on dataset: the caller loads it, the committed subset for a check)
 * with n_threads, or runs a FIT step, and gives the step's metric as measured. FALSE with
 * an error when the step cannot be run (another kind, the settings refused). */
gboolean nr_lesson_step_measure (const NrLessonStep *step, NrDataset *dataset, guint n_threads,
                                 double *out_measured, GError **error);
/* Whether measured is within the step's expect range (TRUE when there is none). */
gboolean nr_lesson_step_meets_expectation (const NrLessonStep *step, double measured);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrLesson, nr_lesson_free)

G_END_DECLS
