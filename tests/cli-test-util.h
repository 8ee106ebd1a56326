/* cli-test-util.h — running neurona-cli from a test as a user would, for test-cli.c
 * (train) and test-polyfit.c (fit). The binary comes from $NEURONA_CLI, which
 * tests/meson.build sets. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a finished run left: its exit status and everything it printed. */
typedef struct
{
  int status; /* exit status; -1 when it did not run */
  char *out;
  char *err;
} CliTestRun;

void cli_test_run_clear (CliTestRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliTestRun, cli_test_run_clear)

/* The neurona-cli binary ($NEURONA_CLI); aborts the test program when it is unset. */
const char *cli_test_path (void);

/* The committed data subset (newly allocated): $NEURONA_PROJECT_DATA_DIR/subset. */
char *cli_test_subset_dir (void);

/* The environment a run gets: the caller's, without NEURONA_DATA_DIR, with no system
 * dataset folder, LC_ALL=C.UTF-8 and no LANGUAGE, so nothing on the machine changes what
 * it reads, how it prints numbers or the language of its messages (English). */
char **cli_test_environ (void);

/* The command line of `neurona-cli SUBCOMMAND ARG…` (the arguments NULL-terminated, the
 * result newly allocated), behind $MESON_EXE_WRAPPER when meson runs the tests under an
 * emulator (a cross build). */
char **cli_test_argv (const char *subcommand, ...) G_GNUC_NULL_TERMINATED;
/* argv (NULL-terminated) behind $MESON_EXE_WRAPPER when there is one, newly allocated:
 * for starting a program of the build, such as the test itself (cli_test_self_path). */
char **cli_test_wrap_argv (const char *const *argv);
/* The running test program's own path (newly allocated), to start it again. */
char *cli_test_self_path (void);

/* Runs `neurona-cli SUBCOMMAND ARG…` (the arguments NULL-terminated) in
 * cli_test_environ() and waits for it. FALSE, with the test marked skipped and run->out
 * and run->err left NULL, when $NEURONA_CLI is unset; a run killed by a signal fails the
 * test with its stderr. */
gboolean cli_test_run (CliTestRun *run, const char *subcommand, ...) G_GNUC_NULL_TERMINATED;

/* As cli_test_run, with LANGUAGE=language (LC_ALL stays C.UTF-8, where glibc honours
 * LANGUAGE: "es" selects Spanish without a generated es_ES locale). */
gboolean cli_test_run_in_language (CliTestRun *run, const char *language,
                                   const char *subcommand, ...) G_GNUC_NULL_TERMINATED;

/* Where the run's standard output goes when it is not captured. */
typedef enum
{
  CLI_TEST_STDOUT_DEV_FULL, /* /dev/full: every write fails with ENOSPC, as on a full disk */
  CLI_TEST_STDOUT_CLOSED,   /* no descriptor 1 at all, as after `>&-` */
} CliTestStdout;

/* As cli_test_run, with stdout sent to `where` instead of captured: run->out stays NULL,
 * run->err is captured as usual. */
gboolean cli_test_run_stdout (CliTestRun *run, CliTestStdout where, const char *subcommand, ...)
  G_GNUC_NULL_TERMINATED;

/* As cli_test_run, with the subcommand and its arguments as one NULL-terminated array
 * and, when runs_dir is not NULL, NEURONA_RUNS_DIR set to it for the run. */
gboolean cli_test_run_argv (CliTestRun *run, const char *runs_dir, const char *const *args);

/* A new empty folder in the system's temporary folder (newly allocated). */
char *cli_test_make_tmp_dir (void);
/* Removes path and everything under it (symbolic links are not followed). */
void cli_test_remove_tree (const char *path);

/* How many '\n' text holds. */
guint cli_test_count_lines (const char *text);

G_END_DECLS
