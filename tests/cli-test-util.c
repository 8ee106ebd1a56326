/* cli-test-util.c — running neurona-cli from the core tests; see cli-test-util.h. */
#include "cli-test-util.h"

#include <glib/gstdio.h>

#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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
  /* English whatever language the caller reads (LANGUAGE outranks LC_ALL in gettext). */
  envp = g_environ_unsetenv (envp, "LANGUAGE");
  return envp;
}

/* In the child, before exec: async-signal-safe calls only. */
static void
redirect_stdout (gpointer user_data)
{
  CliTestStdout where = GPOINTER_TO_INT (user_data);

  if (where == CLI_TEST_STDOUT_DEV_FULL)
    {
      int fd = open ("/dev/full", O_WRONLY);

      if (fd >= 0 && fd != STDOUT_FILENO)
        {
          dup2 (fd, STDOUT_FILENO);
          close (fd);
        }
    }
  else
    close (STDOUT_FILENO);
}

/* A cross build's tests run under meson's exe_wrapper (qemu-aarch64 for
 * .ci/cross/aarch64-linux-gnu.ini), which meson passes on in $MESON_EXE_WRAPPER:
 * neurona-cli is built for the same machine, and without binfmt_misc the kernel cannot
 * start it on its own. NULL when there is none. */
static char **
wrapper_words (void)
{
  const char *wrapper = g_getenv ("MESON_EXE_WRAPPER");
  g_autoptr (GError) error = NULL;
  char **words = NULL;

  if (wrapper == NULL || *wrapper == '\0')
    return NULL;
  g_assert_true (g_shell_parse_argv (wrapper, NULL, &words, &error));
  g_assert_no_error (error);
  return words;
}

char **
cli_test_wrap_argv (const char *const *argv)
{
  g_autoptr (GPtrArray) wrapped = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) wrapper = wrapper_words ();

  for (guint i = 0; wrapper != NULL && wrapper[i] != NULL; i++)
    g_ptr_array_add (wrapped, g_strdup (wrapper[i]));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (wrapped, g_strdup (argv[i]));
  g_ptr_array_add (wrapped, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&wrapped), FALSE);
}

char *
cli_test_self_path (void)
{
  g_autoptr (GError) error = NULL;
  /* Under qemu-user the link names the emulated program, not qemu. */
  char *path = g_file_read_link ("/proc/self/exe", &error);

  g_assert_no_error (error);
  return path;
}

char **
cli_test_argv (const char *subcommand, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) wrapper = wrapper_words ();
  va_list args;

  for (guint i = 0; wrapper != NULL && wrapper[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (wrapper[i]));
  g_ptr_array_add (argv, g_strdup (cli_test_path ()));
  g_ptr_array_add (argv, g_strdup (subcommand));
  va_start (args, subcommand);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}

/* where < 0: capture stdout. args: the subcommand and its arguments. language: LANGUAGE
 * for the run, or NULL for none (English). */
static gboolean
run_args (CliTestRun *run, int where, const char *runs_dir, const char *language,
          GPtrArray *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = NULL;
  g_auto (GStrv) wrapper = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  run->status = -1;
  if (g_getenv ("NEURONA_CLI") == NULL)
    {
      g_test_skip ("NEURONA_CLI is not set (run through meson test)");
      return FALSE;
    }
  wrapper = wrapper_words ();
  for (guint i = 0; wrapper != NULL && wrapper[i] != NULL; i++)
    g_ptr_array_add (argv, wrapper[i]);
  g_ptr_array_add (argv, (char *) cli_test_path ());
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, args->pdata[i]);
  g_ptr_array_add (argv, NULL);

  envp = cli_test_environ ();
  if (runs_dir != NULL)
    envp = g_environ_setenv (envp, "NEURONA_RUNS_DIR", runs_dir, TRUE);
  if (language != NULL)
    envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                               where < 0 ? NULL : redirect_stdout, GINT_TO_POINTER (where),
                               where < 0 ? &run->out : NULL, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    g_error ("neurona-cli was killed by signal %d; stderr: %s", WTERMSIG (wait_status),
             run->err);
  run->status = WEXITSTATUS (wait_status);
  return TRUE;
}

static gboolean
run_valist (CliTestRun *run, int where, const char *language, const char *subcommand,
            va_list args)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new ();

  g_ptr_array_add (all, (char *) subcommand);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (all, (char *) a);
  return run_args (run, where, NULL, language, all);
}

gboolean
cli_test_run (CliTestRun *run, const char *subcommand, ...)
{
  va_list args;
  gboolean ran;

  va_start (args, subcommand);
  ran = run_valist (run, -1, NULL, subcommand, args);
  va_end (args);
  return ran;
}

gboolean
cli_test_run_in_language (CliTestRun *run, const char *language, const char *subcommand, ...)
{
  va_list args;
  gboolean ran;

  va_start (args, subcommand);
  ran = run_valist (run, -1, language, subcommand, args);
  va_end (args);
  return ran;
}

gboolean
cli_test_run_stdout (CliTestRun *run, CliTestStdout where, const char *subcommand, ...)
{
  va_list args;
  gboolean ran;

  va_start (args, subcommand);
  ran = run_valist (run, (int) where, NULL, subcommand, args);
  va_end (args);
  return ran;
}

gboolean
cli_test_run_argv (CliTestRun *run, const char *runs_dir, const char *const *args)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new ();

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (all, (char *) args[i]);
  return run_args (run, -1, runs_dir, NULL, all);
}

char *
cli_test_make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("neurona-test-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
cli_test_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          cli_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

guint
cli_test_count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}
