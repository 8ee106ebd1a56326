/* cli.h — the subcommands of neurona-cli and what they share.
 *
 * Exit statuses, the same for every command:
 *   0    success
 *   1    unreadable or invalid data files, or standard output could not be written
 *        (a full disk, a closed descriptor): the results were lost
 *   2    bad options or impossible settings (one line on stderr)
 *   3    the run diverged (the loss became NaN, infinite or ran away)
 *   130  interrupted by Ctrl-C
 * Killed by SIGPIPE (the default) when a reader such as `head` closes the pipe early.
 */
#pragma once

#include <glib.h>

#define NR_CLI_EXIT_OK 0
#define NR_CLI_EXIT_DATA 1
#define NR_CLI_EXIT_IO 1
#define NR_CLI_EXIT_USAGE 2
#define NR_CLI_EXIT_DIVERGED 3
#define NR_CLI_EXIT_INTERRUPTED 130

int nr_cli_train (int argc, char **argv);
int nr_cli_fit (int argc, char **argv);

/* Flushes stdout. FALSE when something written to it was lost; the first error is kept,
 * and when the process exits main says "cannot write to standard output: <reason>" and
 * the status becomes NR_CLI_EXIT_IO, whatever the command returned. */
gboolean nr_cli_flush_stdout (void);
