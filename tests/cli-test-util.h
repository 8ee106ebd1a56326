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
 * dataset folder and LC_ALL=C.UTF-8, so nothing on the machine changes what it reads or
 * how it prints numbers. */
char **cli_test_environ (void);

/* The command line of `neurona-cli SUBCOMMAND ARG…` (the arguments NULL-terminated, the
 * result newly allocated), behind $MESON_EXE_WRAPPER when meson runs the tests under an
 * emulator (a cross build). */
char **cli_test_argv (const char *subcommand, ...) G_GNUC_NULL_TERMINATED;

/* Runs `neurona-cli SUBCOMMAND ARG…` (the arguments NULL-terminated) in
 * cli_test_environ() and waits for it. FALSE, with the test marked skipped and run->out
 * and run->err left NULL, when $NEURONA_CLI is unset; a run killed by a signal fails the
 * test with its stderr. */
gboolean cli_test_run (CliTestRun *run, const char *subcommand, ...) G_GNUC_NULL_TERMINATED;

/* How many '\n' text holds. */
guint cli_test_count_lines (const char *text);

G_END_DECLS
