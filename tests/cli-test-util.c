/* cli-test-util.c — running neurona-cli from the core tests; see cli-test-util.h. */
#include "cli-test-util.h"

#include <stdarg.h>
#include <sys/wait.h>

void
cli_test_run_clear (CliTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

const char *
cli_test_path (void)
{
  const char *path = g_getenv ("NEURONA_CLI");

  if (path == NULL)
    g_error ("NEURONA_CLI is not set (run through meson test)");
  return path;
}

char *
cli_test_subset_dir (void)
{
  const char *project = g_getenv ("NEURONA_PROJECT_DATA_DIR");

  g_assert_nonnull (project);
  return g_build_filename (project, "subset", NULL);
}

char **
cli_test_environ (void)
{
  char **envp = g_get_environ ();

  envp = g_environ_unsetenv (envp, "NEURONA_DATA_DIR");
  envp = g_environ_setenv (envp, "NEURONA_SYSTEM_DATA_DIR", "/nonexistent-neurona-system", TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  return envp;
}

/* [wrapper…] $NEURONA_CLI SUBCOMMAND ARG…, newly allocated. A cross build's tests run
 * under meson's exe_wrapper (qemu-aarch64 for .ci/cross/aarch64-linux-gnu.ini), which
 * meson passes on in $MESON_EXE_WRAPPER: neurona-cli is built for the same machine, and
 * without binfmt_misc the kernel cannot start it on its own. */
static char **
cli_argv_va (const char *subcommand, va_list args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *wrapper = g_getenv ("MESON_EXE_WRAPPER");

  if (wrapper != NULL && *wrapper != '\0')
    {
      g_auto (GStrv) words = NULL;
      g_autoptr (GError) error = NULL;

      g_assert_true (g_shell_parse_argv (wrapper, NULL, &words, &error));
      g_assert_no_error (error);
      for (guint i = 0; words[i] != NULL; i++)
        g_ptr_array_add (argv, g_strdup (words[i]));
    }
  g_ptr_array_add (argv, g_strdup (cli_test_path ()));
  g_ptr_array_add (argv, g_strdup (subcommand));
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}

char **
cli_test_argv (const char *subcommand, ...)
{
  va_list args;
  char **argv;

  va_start (args, subcommand);
  argv = cli_argv_va (subcommand, args);
  va_end (args);
  return argv;
}

gboolean
cli_test_run (CliTestRun *run, const char *subcommand, ...)
{
  g_auto (GStrv) argv = NULL;
  g_auto (GStrv) envp = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status = 0;
  va_list args;

  run->status = -1;
  if (g_getenv ("NEURONA_CLI") == NULL)
    {
      g_test_skip ("NEURONA_CLI is not set (run through meson test)");
      return FALSE;
    }
  va_start (args, subcommand);
  argv = cli_argv_va (subcommand, args);
  va_end (args);

  envp = cli_test_environ ();
  g_assert_true (g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                               &run->err, &wait_status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    g_error ("neurona-cli was killed by signal %d; stderr: %s", WTERMSIG (wait_status),
             run->err);
  run->status = WEXITSTATUS (wait_status);
  return TRUE;
}

guint
cli_test_count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}
