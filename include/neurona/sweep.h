/* sweep.h — a sweep: one run per combination of a few settings' values, and the file that
 * keeps its runs together.
 *
 * A sweep starts from a base NrTrainConfig and varies some of its settings (axes), each
 * through a list of values; nr_sweep_plan makes one point (one run's complete settings) per
 * combination. The runs themselves are ordinary runs (run-store.h); the sweep only names
 * them. Runs are deterministic for their settings, so a point run anywhere (in the lab, by
 * `neurona-cli sweep`, or by `neurona-cli train` under GNU parallel or Slurm) gives the
 * same run.
 *
 * Values, as typed (nr_sweep_parse_values), separated by commas:
 *   16, 28, 64, 128, 256          a list (spaces after the commas are fine)
 *   16:256:16                     a range START:END:STEP, both ends included
 *                                 (16, 32, …, 256); the steps must land on END
 *   1:5                           a range of whole numbers by 1 (1, 2, 3, 4, 5)
 *   1e-4:1e-1:x10                 a log range START:END:xFACTOR (0.0001, 0.001, 0.01,
 *                                 0.1); 16:256:x2 is 16, 32, 64, 128, 256
 *   8, 16:64:16, 128              lists and ranges mixed
 * units also takes "none" (no hidden layer) and layer lists "256/128" (two hidden layers);
 * a range gives one hidden layer per value. activation, optimizer take names, normalize
 * yes/no (true/false, on/off, 1/0). A value given twice is refused, as is a list of more
 * than NR_SWEEP_MAX_RUNS values.
 *
 * On disk (beside the runs, which the run store's listing ignores: it lists only folders
 * and ".run" files):
 *   <runs folder>/sweep-<id>.json   the sweep: base settings, axes, and per point its
 *                                   values, complete settings and run id (null until run)
 */
#pragma once

#include <glib.h>

#include "neurona/dataset.h"
#include "neurona/run-record.h"
#include "neurona/trainer.h"

G_BEGIN_DECLS

/* "format_version" of the sweep file written; files of another version are refused. */
#define NR_SWEEP_FORMAT_VERSION 1
#define NR_SWEEP_FILE_PREFIX "sweep-"
#define NR_SWEEP_FILE_SUFFIX ".json"
/* The most runs one sweep plans (and values one axis holds). */
#define NR_SWEEP_MAX_RUNS 1000

/* The settings a sweep can vary, named as neurona-cli train's options without the dashes.
 * A point applies its values in this order (the optimizer before its learning rate and
 * momentum, the units before the activation and dropout of the layers they make). */
typedef enum {
  NR_SWEEP_UNITS,         /* hidden layer sizes; every layer gets the base's first layer's
                             activation and dropout */
  NR_SWEEP_ACTIVATION,    /* of every hidden layer */
  NR_SWEEP_DROPOUT,       /* after every hidden layer */
  NR_SWEEP_EPOCHS,
  NR_SWEEP_BATCH_SIZE,
  NR_SWEEP_OPTIMIZER,     /* with its Keras defaults, and its default learning rate unless
                             the sweep's learning_rate_set */
  NR_SWEEP_LEARNING_RATE,
  NR_SWEEP_MOMENTUM,      /* sgd only */
  NR_SWEEP_SEED,
  NR_SWEEP_NORMALIZE,
  NR_SWEEP_TRAIN_LIMIT,   /* the first N training images */
  NR_N_SWEEP_SETTINGS
} NrSweepSetting;

/* "units", "activation", "dropout", "epochs", "batch-size", "optimizer", "learning-rate",
 * "momentum", "seed", "normalize", "train-limit". */
const char *nr_sweep_setting_name (NrSweepSetting setting);
/* Those names; '_' is taken for '-' ("learning_rate"), case is ignored. */
gboolean nr_sweep_setting_from_name (const char *name, NrSweepSetting *out_setting);
/* "units, activation, …, train-limit", for messages and help. */
const char *nr_sweep_setting_names (void);

/* One value of one setting. Only the members of its setting mean anything; the others
 * are 0. */
typedef struct {
  NrSweepSetting setting;
  guint n_units;              /* UNITS: hidden layers (0: none) */
  guint units[NR_MAX_HIDDEN]; /* UNITS */
  guint64 integer;            /* EPOCHS, BATCH_SIZE, SEED, TRAIN_LIMIT */
  float number;               /* DROPOUT, LEARNING_RATE, MOMENTUM, as training gets it */
  guint choice;               /* ACTIVATION (NrActivation), OPTIMIZER (NrOptimizerKind),
                                 NORMALIZE (TRUE, FALSE) */
} NrSweepValue;

/* One value typed alone ("128", "256/128", "none", "0.001", "relu", "no"): refused with
 * NR_ERROR_INVALID saying why (not a number, out of the setting's range, unknown name). */
gboolean nr_sweep_parse_value (NrSweepSetting setting, const char *text, NrSweepValue *out,
                               GError **error);
/* The values a text lists (see the top of this file), in the order typed: a GArray of
 * NrSweepValue, or NULL with NR_ERROR_INVALID naming the item at fault — an empty list or
 * item, a value given twice, a value out of range, a range that goes down or whose steps
 * miss its end ("16:250:16 … end at 240 or 256"), more than NR_SWEEP_MAX_RUNS values. */
GArray *nr_sweep_parse_values (NrSweepSetting setting, const char *text, GError **error);
/* Puts value into config: units (every hidden layer takes the first's activation and
 * dropout), activation and dropout of every hidden layer, epochs, batch size, the optimizer
 * with its Keras defaults (learning rate included), learning rate, momentum, seed, pixel
 * scaling, train limit. */
void nr_sweep_value_apply (const NrSweepValue *value, NrTrainConfig *config);
/* The value as one would type it: "128", "256/128", "none", "0.001", "relu", "yes". */
char *nr_sweep_value_to_string (const NrSweepValue *value);
/* Same setting and same value (floats as training gets them). */
gboolean nr_sweep_value_equal (const NrSweepValue *a, const NrSweepValue *b);
/* The value on a number line, for a chart's axis: units of one hidden layer, epochs, batch
 * size, learning rate, dropout, momentum, seed, train limit; NAN for names, "none" and
 * several layers. */
double nr_sweep_value_get_number (const NrSweepValue *value);

/* One varied setting and its values, in the order given. */
typedef struct {
  NrSweepSetting setting;
  GArray *values; /* NrSweepValue */
} NrSweepAxis;

/* One run of the sweep. */
typedef struct {
  char *label;          /* "units=28, learning-rate=0.001" (every axis, in order) */
  char *group_label;    /* the label without the seed ("units=28"; "" when only the seed
                           varies) */
  guint group;          /* points that differ only by their seed share a group (0-based, in
                           the order of their first point) */
  guint *value_index;   /* per axis, the index of the point's value in axis->values */
  NrTrainConfig config; /* the run's complete settings */
  char *run_id;         /* its run's id once saved or found; NULL before */
  NrRunRecord *run;     /* its run, owned, once nr_sweep_attach_runs found it (or the caller
                           set it); NULL otherwise */
} NrSweepPoint;

typedef struct {
  char *id;                   /* "20261201-223544-5f3a"; NULL until saved */
  char *name;                 /* "units × learning-rate" */
  char *path;                 /* the sweep's file once saved or loaded, else NULL */
  gint64 created;             /* wall clock, Unix seconds (UTC) */
  NrDatasetId dataset;
  NrTrainConfig base;         /* the settings every point starts from */
  gboolean learning_rate_set; /* base's learning rate applies to every optimizer a varied
                                 optimizer gives; FALSE: each gets its own default */
  GPtrArray *axes;            /* NrSweepAxis *, the first varies slowest */
  GPtrArray *points;          /* NrSweepPoint *, after nr_sweep_plan or nr_sweep_load */
  guint n_groups;
} NrSweep;

/* A sweep of nothing yet, created now: base copied, no axes, no points. */
NrSweep *nr_sweep_new (NrDatasetId dataset, const NrTrainConfig *base);
void nr_sweep_free (NrSweep *sweep);

/* Varies setting through values (NrSweepValue of that setting; copied). NR_ERROR_INVALID
 * when it is varied already or values is empty. Clears the points (plan again). */
gboolean nr_sweep_add_axis (NrSweep *sweep, NrSweepSetting setting, GArray *values,
                            GError **error);
/* "SETTING=VALUES" (nr_sweep_parse_values), as `neurona-cli sweep --vary` takes it; messages
 * start with the text. */
gboolean nr_sweep_add_axis_from_text (NrSweep *sweep, const char *text, GError **error);
/* n seeds per point: varies seed through base.seed, base.seed + 1, … (n ≥ 1; refused when
 * the seed is varied already). */
gboolean nr_sweep_add_seeds (NrSweep *sweep, guint n, GError **error);

/* Makes the points: the cartesian product of the axes, the first axis varying slowest (as
 * nested loops in the order given), each the base with its values applied. Refuses
 * (NR_ERROR_INVALID, naming the point by its label) more than NR_SWEEP_MAX_RUNS points, a
 * point whose settings nr_train_config_check refuses for the sweep's dataset, a varied
 * activation or dropout with units=none (the points would be the same run) and momentum
 * for an optimizer other than sgd. A sweep without axes plans one point: the base. Sets
 * the name, the points and n_groups; points of an earlier plan are dropped. */
gboolean nr_sweep_plan (NrSweep *sweep, GError **error);

/* The same run: dataset aside, every setting equal (the model, the optimizer and all its
 * parameters, epochs, batch size, normalize, seed, limits), the thread count excepted
 * since results do not depend on it. */
gboolean nr_sweep_config_equal (const NrTrainConfig *a, const NrTrainConfig *b);

/* Makes run the point's run: run_id and a copy of the record (replacing any). */
void nr_sweep_point_set_run (NrSweepPoint *point, const NrRunRecord *run);

/* The figures of a group's runs (those with at least one completed epoch with test
 * figures). NAN means when there are none. */
typedef struct {
  guint n_points;   /* points in the group */
  guint n_results;  /* of them, runs with a test accuracy */
  guint n_diverged;
  double test_accuracy_mean, test_accuracy_min, test_accuracy_max;
  double test_loss_mean;
} NrSweepGroupSummary;

void nr_sweep_get_group_summary (const NrSweep *sweep, guint group,
                                 NrSweepGroupSummary *summary);

/* Matches the runs to the points. A point that names its run takes the record of that id;
 * when runs holds none, *missing (if not NULL) receives an NR_ERROR_NOT_FOUND saying so
 * (free function g_error_free) and the point keeps its id without a run. A point without a
 * run id takes a run of the same dataset and settings (nr_sweep_config_equal) — one that
 * ended (finished or diverged) before one that was stopped, the first started since the
 * sweep was created before older ones — and its id. Returns how many points got their run
 * id here (save the sweep to keep them). runs: NrRunRecord *, as nr_run_load_all gives. */
guint nr_sweep_attach_runs (NrSweep *sweep, GPtrArray *runs, GPtrArray **missing);

/* The sweep's file as text (UTF-8, pretty-printed, numbers in their shortest exact form). */
char *nr_sweep_to_json (const NrSweep *sweep, gsize *length);
/* Parses a sweep's file; file_name names it in messages. NR_ERROR_FORMAT naming the file
 * and what is wrong (format, version, a member, a value not in its axis, a point's
 * settings that training refuses). path is left to the caller. */
NrSweep *nr_sweep_from_json (const char *data, gsize length, const char *file_name,
                             GError **error);

/* Saves the sweep (planned first). A sweep never saved (path NULL) gets a new id and
 * becomes runs_dir/sweep-<id>.json (runs_dir created if missing); a saved one is replaced.
 * Atomic: the file holds the old sweep or the new one entirely. NR_ERROR_IO names the file
 * and the reason; the sweep is then unchanged. */
gboolean nr_sweep_save (NrSweep *sweep, const char *runs_dir, GError **error);
/* Loads a sweep's file; points get their run ids, not their runs (nr_sweep_attach_runs).
 * NR_ERROR_IO when it cannot be read, NR_ERROR_FORMAT when it is not a valid sweep. */
NrSweep *nr_sweep_load (const char *path, GError **error);
/* Every sweep in runs_dir, newest first. *file_errors (if not NULL) receives one GError per
 * sweep file that could not be loaded. A missing folder holds no sweeps; NULL with
 * NR_ERROR_IO when it exists but cannot be listed. */
GPtrArray *nr_sweep_load_all (const char *runs_dir, GPtrArray **file_errors, GError **error);
/* The sweep a path (its file), its id or a unique start of its id names. NR_ERROR_NOT_FOUND
 * when none, NR_ERROR_INVALID when several. */
NrSweep *nr_sweep_find (const char *runs_dir, const char *what, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrSweep, nr_sweep_free)

G_END_DECLS
