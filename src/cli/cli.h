/* cli.h — the subcommands of neurona-cli. Each returns the process exit status:
 * 0 success, 1 unreadable or invalid data files, 2 bad options or impossible settings. */
#pragma once

int nr_cli_train (int argc, char **argv);
int nr_cli_fit (int argc, char **argv);
