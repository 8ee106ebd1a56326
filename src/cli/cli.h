/* cli.h — the subcommands of neurona-cli and what they share.
 *
 * Exit statuses, the same for every command:
 *   0    success
 *   1    unreadable or invalid files (the data, a saved run, its model file), a run that
 *        could not be saved, or output that could not be written (a full disk, a closed
 *        descriptor): the results were lost
 *   2    bad options or impossible settings, or a RUN that names no run or several (one
 *        line on stderr)
 *   3    the run diverged (the loss became NaN, infinite or ran away)
 *   130  interrupted by Ctrl-C
 * Killed by SIGPIPE (the default) when a reader such as `head` closes the pipe early.
 */
#pragma once

#include <glib.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "neurona/run-record.h"
#include "neurona/trainer.h"

G_BEGIN_DECLS

#define NR_CLI_EXIT_OK 0
#define NR_CLI_EXIT_DATA 1
#define NR_CLI_EXIT_IO 1
#define NR_CLI_EXIT_USAGE 2
#define NR_CLI_EXIT_DIVERGED 3
#define NR_CLI_EXIT_INTERRUPTED 130

int nr_cli_code (int argc, char **argv);

int nr_cli_train (int argc, char **argv);
int nr_cli_fit (int argc, char **argv);
int nr_cli_runs (int argc, char **argv);
int nr_cli_evaluate (int argc, char **argv);
int nr_cli_sweep (int argc, char **argv);
int nr_cli_lessons (int argc, char **argv);

/* Flushes stdout. FALSE when something written to it was lost; the first error is kept,
 * and when the process exits main says "cannot write to standard output: <reason>" and
 * the status becomes NR_CLI_EXIT_IO, whatever the command returned. */
gboolean nr_cli_flush_stdout (void);

/* ---- cli-common.c: what the commands share ---------------------------------------- */

/* "neurona-cli: <message>" as one line on stderr (after flushing stdout, so it follows
 * what was printed before it); returns status. */
int nr_cli_error (int status, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* nr_cli_error (NR_CLI_EXIT_USAGE, …). */
int nr_cli_usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* "neurona-cli: warning: <message>", one line on stderr. */
void nr_cli_warning (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Parses the options of `neurona-cli COMMAND ARG…` (argv[0] is the command's last word),
 * with -h/--help added. FALSE when the command is done: the help was printed (*status 0)
 * or an option was refused (one line, *status 2). Otherwise *out_args holds what is not
 * an option, NULL-terminated. parameter: what follows the command in the usage line
 * ("RUN"). parameter and description are shown as given (translated by the caller); the
 * entries' descriptions, marked with N_(), are translated here. */
gboolean nr_cli_parse_options (const char *command, const char *parameter,
                               const char *description, const GOptionEntry *entries,
                               int argc, char **argv, char ***out_args, int *status);

/* What RUN may be, for the commands' --help (marked: show it through _()). */
#define NR_CLI_RUN_HELP                                                                        \
  N_("RUN is a run's folder (or its run.json, or a Neurona 0.1 .run file), its id, the start\n" \
     "of its id when no other run's starts so, or its name when no other run has it; ids and\n" \
     "names are looked up in --runs-dir, else $NEURONA_RUNS_DIR, else\n"                        \
     "~/.local/share/neurona/runs.\n")

/* --kernels: what the option says (an entry's description, marked), and the paragraph of
 * --help naming the paths this machine runs. */
#define NR_CLI_KERNELS_OPTION                                                                \
  N_("Kernel path: loops (plain C loops), openblas (OpenBLAS), avx2 (AVX2 + FMA), avx512 "    \
     "(AVX-512); default: the best this CPU runs")
char *nr_cli_kernels_note (void);
/* Runs every later kernel on the path name names. FALSE with one line on stderr and
 * *status 2 when the name is none of them or this CPU or build cannot run it. */
gboolean nr_cli_use_kernels (const char *name, int *status);

/* The runs folder: dir (--runs-dir) or nr_runs_dir_default (). NULL with *status 2 when
 * dir is "". */
char *nr_cli_runs_dir (const char *dir, int *status);
/* The run `what` names (nr_run_find: a folder, a run.json, a Neurona 0.1 file, an id, a
 * unique id prefix, a name). NULL with the reason on stderr and *status 2 when it names no
 * run or several, 1 when the run cannot be read or is not valid. */
NrRunRecord *nr_cli_find_run (const char *runs_dir, const char *what, int *status);

/* The name to show for a run: its default name in this program's language when it has
 * the default name (nr_run_record_name_is_default), as the lab shows it; else its name as
 * given. Newly allocated. */
char *nr_cli_run_display_name (const NrRunRecord *record);

/* A loss for people: 4 decimals, or 4 significant digits in e-notation from 1e6 on, so a
 * loss that ran away stays readable ("0.4321", "1.9769e+30"). buf: at least
 * NR_CLI_LOSS_BUF bytes. */
#define NR_CLI_LOSS_BUF 32
const char *nr_cli_format_loss (char *buf, double loss);
/* A number to type back as an option: shortest form, '.' whatever the locale ("0.1",
 * "1e-05"). buf: at least G_ASCII_DTOSTR_BUF_SIZE bytes. */
const char *nr_cli_format_option_value (char *buf, double value);
/* Why a diverged run diverged, from its record: "the loss became NaN", "the loss grew to
 * 673.8, more than 10 × the untrained model's 2.303", … */
char *nr_cli_divergence_reason (const NrRunRecord *record);
/* The learning rate to try after config's diverged or stayed at chance
 * (nr_train_suggest_learning_rate), as the float training would get, in the double of its
 * shortest decimal (0.0001, not 0.00010000000000000000479). */
double nr_cli_suggested_learning_rate (const NrTrainConfig *config);
/* "the learning rate 1 is too large for adam — try --learning-rate 0.1" */
char *nr_cli_learning_rate_advice (const NrTrainConfig *config);

/* JSON through json-glib: members, paths in their display form (always UTF-8, whatever
 * the file name's bytes), the document on stdout. */
void nr_cli_json_string (JsonBuilder *b, const char *member, const char *value);
void nr_cli_json_path (JsonBuilder *b, const char *member, const char *path);
void nr_cli_json_int (JsonBuilder *b, const char *member, gint64 value);
void nr_cli_json_bool (JsonBuilder *b, const char *member, gboolean value);
/* A double, null when not finite (JSON has no NaN). */
void nr_cli_json_double (JsonBuilder *b, const char *member, double value);
/* A setting kept as a float: its shortest decimal (0.001, not 0.0010000000474974513). */
void nr_cli_json_float (JsonBuilder *b, const char *member, float value);
/* A 64-bit seed: a number up to 2⁵³ (what JSON readers hold exactly), text above, as in
 * run.json. */
void nr_cli_json_seed (JsonBuilder *b, const char *member, guint64 seed);
/* Prints the document and a newline on stdout: one line, or indented. */
void nr_cli_print_json (JsonBuilder *b, gboolean pretty);
void nr_cli_print_json_node (JsonNode *root, gboolean pretty);


/* ---- cli-train.c: the options that make a training config (train, code) ------------ */

/* What --dataset, --units, … --test-limit said (NULL or FALSE when not given). */
typedef struct
{
  char *dataset;
  char *units;
  char *activation;
  char *dropout;
  char *outputs;
  char *epochs;
  char *batch_size;
  char *optimizer;
  char *learning_rate;
  char *momentum;
  char *seed;
  char *threads;
  char *train_limit;
  char *test_limit;
  gboolean no_normalize;
} NrCliTrainSettings;

void nr_cli_train_settings_clear (NrCliTrainSettings *settings);
/* Those options as GOption entries that fill settings, followed by `more` (the command's
 * own, G_OPTION_ENTRY_NULL-terminated; may be NULL); the whole NULL-terminated, newly
 * allocated (g_free). */
GOptionEntry *nr_cli_train_settings_entries (NrCliTrainSettings *settings,
                                             const GOptionEntry *more);
/* The dataset and the config the options ask for (the tutorial's where they say
 * nothing). FALSE with one line on stderr and *status 2 when an option is malformed or
 * contradicts another; impossible settings are left to nr_train_config_check(). */
gboolean nr_cli_train_settings_build (const NrCliTrainSettings *settings,
                                      NrDatasetId *dataset_id, NrTrainConfig *config,
                                      int *status);

G_END_DECLS
