/* run-store.c — the runs folder (run-store.h). */
#include "neurona/run-store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <glib/gstdio.h>

#include "neurona/error.h"

#include "fileutil.h"
#include "i18n.h"
#include "run-record-private.h"
#include "weights-private.h"

/* run.json is a few kilobytes, or a few hundred for a 10,000-epoch run. */
#define MAX_RUN_JSON_BYTES (16 * 1024 * 1024)
/* A temporary file or folder this old belongs to a save that will never finish. */
#define STALE_TEMP_SECONDS (10 * 60)

char *
nr_runs_dir_default (void)
{
  const char *env = g_getenv ("NEURONA_RUNS_DIR");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "neurona", "runs", NULL);
}

static gboolean
exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

/* The 4 hex digits after "<stamp>-" in name, or -1. */
static gint
id_suffix (const char *name, const char *stamp)
{
  gsize len = strlen (stamp);
  guint64 value;

  if (strncmp (name, stamp, len) != 0 || name[len] != '-' || strlen (name + len + 1) < 4)
    return -1;
  {
    char digits[5];

    memcpy (digits, name + len + 1, 4);
    digits[4] = '\0';
    if (!g_ascii_string_to_unsigned (digits, 16, 0, 0xffff, &value, NULL))
      return -1;
  }
  return (gint) value;
}

/* "20261201-223544-5f3a": sortable by time, unique in the folder. Runs started in the same
 * second (short runs, one after the other) get increasing suffixes, so that listing them
 * newest first (by start time, then id) puts them in the order they were saved, as the
 * lab showed them before it was restarted. */
static char *
new_id (const char *runs_dir, gint64 start_time)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (start_time);
  g_autofree char *stamp = t != NULL ? g_date_time_format (t, "%Y%m%d-%H%M%S")
                                     : g_strdup ("19700101-000000");
  g_autoptr (GDir) d = g_dir_open (runs_dir, 0, NULL);
  gint last = -1;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    last = MAX (last, id_suffix (name, stamp));
  for (guint tries = 0;; tries++)
    {
      g_autofree char *path = NULL;
      g_autofree char *legacy = NULL;
      guint suffix;
      char *id;

      if (tries >= 16 || last > 0xffff - 0x40)
        suffix = (guint) g_random_int_range (0, 0x10000); /* crowded: anywhere free */
      else if (last < 0)
        suffix = (guint) g_random_int_range (0, 0x8000); /* the first: room after it */
      else
        suffix = (guint) last + 1 + (guint) g_random_int_range (0, 0x3f);
      id = g_strdup_printf ("%s-%04x", stamp, suffix);
      path = g_build_filename (runs_dir, id, NULL);
      legacy = g_strconcat (path, NR_RUN_LEGACY_SUFFIX, NULL);
      if (!exists (path) && !exists (legacy))
        return id;
      g_free (id);
      g_usleep (1);
    }
}

/* rename() that never replaces: a folder renamed onto an empty one would take its place. */
static int
rename_no_replace (const char *from, const char *to)
{
#ifdef RENAME_NOREPLACE
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -1;
#endif
  if (exists (to))
    {
      errno = EEXIST;
      return -1;
    }
  return g_rename (from, to);
}

static char *
record_json (const NrRunRecord *record, const char *id, gboolean has_weights, gsize *len)
{
  /* The record as it will be once saved, without touching it before that succeeds. */
  NrRunRecord saved = *record;

  saved.id = (char *) id;
  saved.has_weights = has_weights;
  return nr_run_record_to_json (&saved, len);
}

/* A file being written in the hidden temporary folder is named in messages where the user
 * will look for it, in the run's folder ("…/runs/<id>/model.safetensors: cannot write: No
 * space left on device"), not under a name that vanishes with the failed save. */
static void
name_final_folder (GError **error, const char *tmp, const char *final)
{
  g_autofree char *tmp_name = g_filename_display_name (tmp);
  g_autofree char *final_name = NULL;
  char *message;

  if (error == NULL || *error == NULL || !g_str_has_prefix ((*error)->message, tmp_name))
    return;
  final_name = g_filename_display_name (final);
  message = g_strconcat (final_name, (*error)->message + strlen (tmp_name), NULL);
  g_free ((*error)->message);
  (*error)->message = message;
}

static gboolean
save_new (NrRunRecord *record, const NrWeights *weights, const char *runs_dir, GError **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *id = NULL;
  g_autofree char *final = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_path = NULL;
  gsize len;

  /* A Neurona 0.1 run keeps its name: its folder shadows its old file. */
  id = record->legacy_path != NULL && record->id != NULL ? g_strdup (record->id)
                                                         : new_id (runs_dir, record->start_time);
  final = g_build_filename (runs_dir, id, NULL);
  tmp = _nr_make_temp_dir (runs_dir, error);
  if (tmp == NULL)
    return FALSE;
  if (weights != NULL)
    {
      g_autofree char *weights_path = g_build_filename (tmp, NR_RUN_WEIGHTS_FILE, NULL);

      if (!nr_weights_save (weights, record->config.normalize, weights_path, error))
        goto failed;
    }
  json_path = g_build_filename (tmp, NR_RUN_FILE, NULL);
  for (guint tries = 0;; tries++)
    {
      int saved_errno;

      g_free (json);
      json = record_json (record, id, weights != NULL, &len);
      if (!_nr_write_file_durable (json_path, json, len, error))
        goto failed;
      if (rename_no_replace (tmp, final) == 0)
        break;
      saved_errno = errno;
      /* Another process (a sweep's parallel jobs, the lab and the CLI) took the same id
       * between new_id() and the rename: pick another one; run.json names its id. */
      if ((saved_errno == EEXIST || saved_errno == ENOTEMPTY) && record->legacy_path == NULL
          && tries < 64)
        {
          g_free (id);
          g_free (final);
          id = new_id (runs_dir, record->start_time);
          final = g_build_filename (runs_dir, id, NULL);
          continue;
        }
      _nr_set_io_error (error, final, _("cannot save the run"), saved_errno);
      goto failed;
    }
  if (!_nr_fsync_dir (runs_dir, error))
    {
      /* The run is in place; only its durability across a power cut is in doubt. */
      g_clear_error (error);
    }
  g_free (record->id);
  record->id = g_steal_pointer (&id);
  g_free (record->dir);
  record->dir = g_steal_pointer (&final);
  record->has_weights = weights != NULL;
  return TRUE;

failed:
  name_final_folder (error, tmp, final);
  _nr_remove_tree (tmp, NULL);
  return FALSE;
}

static gboolean
save_existing (NrRunRecord *record, const NrWeights *weights, GError **error)
{
  g_autofree char *json = NULL;
  g_autofree char *json_path = g_build_filename (record->dir, NR_RUN_FILE, NULL);
  gboolean add_weights = weights != NULL && !record->has_weights;
  gsize len;

  if (add_weights)
    {
      g_autofree char *weights_path = g_build_filename (record->dir, NR_RUN_WEIGHTS_FILE, NULL);

      if (!nr_weights_save (weights, record->config.normalize, weights_path, error))
        return FALSE;
    }
  json = record_json (record, record->id, record->has_weights || add_weights, &len);
  if (!_nr_write_file_durable (json_path, json, len, error))
    return FALSE;
  record->has_weights = record->has_weights || add_weights;
  return TRUE;
}

/* A run is saved only as what the reader takes back: a record it would refuse (a test
 * accuracy of 1.2, an epoch count its history contradicts…) would be a run that is listed
 * as unreadable from then on, so it is refused now, with the reader's reason. */
static gboolean
record_reads_back (const NrRunRecord *record, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (NrRunRecord) back = NULL;
  g_autofree char *json = NULL;
  gsize len;

  json = record_json (record, record->id != NULL ? record->id : "20000101-000000-0000",
                      record->has_weights, &len);
  back = nr_run_record_from_json (json, len, "run.json", &local);
  if (back != NULL)
    return TRUE;
  g_set_error (error, NR_ERROR, NR_ERROR_INVALID, "This run cannot be saved: %s",
               g_str_has_prefix (local->message, "run.json: ") ? local->message + 10
                                                               : local->message);
  return FALSE;
}

gboolean
nr_run_save (NrRunRecord *record, const NrWeights *weights, const char *runs_dir,
             GError **error)
{
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (runs_dir != NULL || record->dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (weights == NULL ||
                          nr_model_spec_param_count (nr_weights_get_spec (weights)) ==
                            nr_model_spec_param_count (&record->config.model),
                        FALSE);

  if (!record_reads_back (record, error))
    return FALSE;
  if (record->dir != NULL)
    return save_existing (record, weights, error);
  return save_new (record, weights, runs_dir, error);
}

/* ---- loading ---------------------------------------------------------------------- */

static NrRunRecord *
load_folder (const char *dir, GError **error)
{
  g_autofree char *json_path = g_build_filename (dir, NR_RUN_FILE, NULL);
  g_autofree char *name = g_filename_display_name (json_path);
  g_autoptr (GBytes) bytes = NULL;
  NrRunRecord *record;
  gsize len;
  const char *data;

  if (!exists (json_path))
    {
      g_autofree char *dir_name = g_filename_display_name (dir);

      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, _("%s: not a Neurona run (no %s in it)"),
                   dir_name, NR_RUN_FILE);
      return NULL;
    }
  bytes = _nr_read_regular_file (json_path, MAX_RUN_JSON_BYTES, _("a saved run"), error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  record = nr_run_record_from_json (data, len, name, error);
  if (record == NULL)
    return NULL;
  /* The folder's name is what the run is found by, whatever the file says (a folder
   * copied under another name is another run). */
  g_free (record->id);
  record->id = g_path_get_basename (dir);
  record->dir = g_strdup (dir);
  /* A Neurona 0.1 run saved again: the file it came from is still there, shadowed (its
   * messages, such as why it has no weights, say where it came from). */
  {
    g_autofree char *legacy = g_strconcat (dir, NR_RUN_LEGACY_SUFFIX, NULL);

    if (g_file_test (legacy, G_FILE_TEST_IS_REGULAR))
      record->legacy_path = g_steal_pointer (&legacy);
  }
  return record;
}

NrRunRecord *
nr_run_load (const char *path, GError **error)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return load_folder (path, error);
  base = g_path_get_basename (path);
  if (strcmp (base, NR_RUN_FILE) == 0)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      return load_folder (dir, error);
    }
  if (g_str_has_suffix (base, NR_RUN_LEGACY_SUFFIX))
    return _nr_run_record_load_legacy (path, error);
  if (!exists (path))
    {
      _nr_set_io_error (error, path, _("cannot read"), ENOENT);
      return NULL;
    }
  {
    g_autofree char *name = g_filename_display_name (path);

    g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                 _("%s: not a Neurona run (a run is a folder with %s, or a %s file)"), name,
                 NR_RUN_FILE, NR_RUN_LEGACY_SUFFIX);
  }
  return NULL;
}

NrWeights *
nr_run_load_weights (const NrRunRecord *record, GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!record->has_weights || record->dir == NULL)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND,
                   _("Run “%s” has no saved weights%s."), record->name,
                   record->legacy_path != NULL ? _(" (it was saved by Neurona 0.1, which kept "
                                                   "only settings and history)")
                                               : "");
      return NULL;
    }
  path = g_build_filename (record->dir, NR_RUN_WEIGHTS_FILE, NULL);
  return nr_weights_load (path, &record->config.model, error);
}

/* Seconds since path was last modified, or 0 when it cannot be told. */
static gint64
age_seconds (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return 0;
  return (gint64) time (NULL) - (gint64) st.st_mtime;
}

/* "x.run.AbC123": Neurona 0.1's temporary run file. */
static gboolean
is_legacy_temp (const char *name)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || strlen (dot + 1) != 6 || dot - name < (gssize) strlen (NR_RUN_LEGACY_SUFFIX))
    return FALSE;
  return strncmp (dot - strlen (NR_RUN_LEGACY_SUFFIX), NR_RUN_LEGACY_SUFFIX,
                  strlen (NR_RUN_LEGACY_SUFFIX)) == 0;
}

/* Removes what interrupted saves left behind in dir (never a run, only the core's own
 * temporary files, and only once no save could still be writing them). */
static void
remove_stale_temps (const char *dir, gboolean legacy_too)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, NR_TEMP_PREFIX) && !(legacy_too && is_legacy_temp (name)))
        continue;
      path = g_build_filename (dir, name, NULL);
      /* Neurona 0.1 only ever left files behind; a folder of that name is someone else's. */
      if (!g_str_has_prefix (name, NR_TEMP_PREFIX) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (age_seconds (path) >= STALE_TEMP_SECONDS)
        _nr_remove_tree (path, NULL);
    }
}

/* Trash entries are "<unix time>-<id>"; those older than NR_RUN_TRASH_DAYS go for good. */
static void
purge_trash (const char *runs_dir)
{
  g_autofree char *trash = g_build_filename (runs_dir, NR_RUN_TRASH_DIR, NULL);
  g_autoptr (GDir) d = g_dir_open (trash, 0, NULL);
  gint64 now = (gint64) time (NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      gint64 when = g_ascii_strtoll (name, NULL, 10);

      if (when > 0 && now - when > (gint64) NR_RUN_TRASH_DAYS * 24 * 3600)
        {
          g_autofree char *path = g_build_filename (trash, name, NULL);
          _nr_remove_tree (path, NULL);
        }
    }
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_newest_first (gconstpointer a, gconstpointer b)
{
  const NrRunRecord *ra = *(const NrRunRecord *const *) a;
  const NrRunRecord *rb = *(const NrRunRecord *const *) b;

  if (ra->start_time != rb->start_time)
    return ra->start_time > rb->start_time ? -1 : 1;
  return -g_strcmp0 (ra->id, rb->id); /* ids sort in the order runs were saved */
}

GPtrArray *
nr_run_load_all (const char *runs_dir, GPtrArray **file_errors, GError **error)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GDir) d = NULL;
  g_autoptr (GError) dir_error = NULL;
  const char *name;

  g_return_val_if_fail (runs_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) nr_run_record_free);
  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  d = g_dir_open (runs_dir, 0, &dir_error);
  if (d == NULL)
    {
      if (!exists (runs_dir))
        {
          if (file_errors != NULL)
            *file_errors = g_steal_pointer (&errors);
          return g_steal_pointer (&records);
        }
      {
        g_autofree char *dir_name = g_filename_display_name (runs_dir);

        g_set_error (error, NR_ERROR, NR_ERROR_IO, _("%s: cannot list the saved runs: %s"),
                     dir_name, dir_error->message);
      }
      return NULL;
    }
  remove_stale_temps (runs_dir, TRUE);
  purge_trash (runs_dir);

  /* Sorted names: the order of errors and of equal start times does not depend on the
   * file system. */
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = names->pdata[i];
      g_autofree char *path = g_build_filename (runs_dir, entry, NULL);
      GError *run_error = NULL;
      NrRunRecord *record = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          remove_stale_temps (path, FALSE);
          record = load_folder (path, &run_error);
          /* A cut, foreign or wrong-shape model.safetensors is reported now, by name, not
           * when the run is opened (its header alone: the values are checked then). */
          if (record != NULL && record->has_weights)
            {
              g_autofree char *weights = g_build_filename (path, NR_RUN_WEIGHTS_FILE, NULL);

              if (!_nr_weights_check_file (weights, &record->config.model, &run_error))
                g_clear_pointer (&record, nr_run_record_free);
            }
        }
      else if (g_str_has_suffix (entry, NR_RUN_LEGACY_SUFFIX) &&
               strlen (entry) > strlen (NR_RUN_LEGACY_SUFFIX))
        {
          g_autofree char *stem = g_strndup (path, strlen (path) - strlen (NR_RUN_LEGACY_SUFFIX));

          /* Saved again since: its folder is the run now. */
          if (g_file_test (stem, G_FILE_TEST_IS_DIR))
            continue;
          record = _nr_run_record_load_legacy (path, &run_error);
        }
      else
        continue; /* not ours */

      if (record != NULL)
        g_ptr_array_add (records, record);
      else
        g_ptr_array_add (errors, run_error);
    }
  g_ptr_array_sort (records, compare_newest_first);
  if (file_errors != NULL)
    *file_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&records);
}

/* ---- runs from elsewhere ------------------------------------------------------------ */

/* Copies of one run (the same id) in several folders come in the order of their folders. */
static int
compare_newest_first_then_folder (gconstpointer a, gconstpointer b)
{
  const NrRunRecord *ra = *(const NrRunRecord *const *) a;
  const NrRunRecord *rb = *(const NrRunRecord *const *) b;
  int order = compare_newest_first (a, b);

  if (order != 0)
    return order;
  return g_strcmp0 (ra->dir != NULL ? ra->dir : ra->legacy_path,
                    rb->dir != NULL ? rb->dir : rb->legacy_path);
}

/* A run folder read as nr_run_load_all reads it: its model.safetensors' header checked. */
static NrRunRecord *
load_checked_folder (const char *path, GError **error)
{
  g_autoptr (NrRunRecord) record = load_folder (path, error);

  if (record != NULL && record->has_weights)
    {
      g_autofree char *weights = g_build_filename (path, NR_RUN_WEIGHTS_FILE, NULL);

      if (!_nr_weights_check_file (weights, &record->config.model, error))
        return NULL;
    }
  return g_steal_pointer (&record);
}

static gboolean
is_run_folder (const char *path)
{
  g_autofree char *json_path = g_build_filename (path, NR_RUN_FILE, NULL);

  return exists (json_path);
}

/* The runs in dir (and, when descend, in its sub-folders that are not runs), appended to
 * records and errors. Touches nothing. */
static void
scan_folder (const char *dir, gboolean descend, GPtrArray *records, GPtrArray *errors)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return; /* a sub-folder that cannot be listed holds nothing we can show */
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = names->pdata[i];
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      GError *run_error = NULL;
      NrRunRecord *record = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!is_run_folder (path))
            {
              if (descend)
                scan_folder (path, FALSE, records, errors);
              continue;
            }
          record = load_checked_folder (path, &run_error);
        }
      else if (g_str_has_suffix (entry, NR_RUN_LEGACY_SUFFIX) &&
               strlen (entry) > strlen (NR_RUN_LEGACY_SUFFIX))
        {
          g_autofree char *stem = g_strndup (path, strlen (path) - strlen (NR_RUN_LEGACY_SUFFIX));

          if (g_file_test (stem, G_FILE_TEST_IS_DIR))
            continue; /* saved again since: its folder is the run */
          record = _nr_run_record_load_legacy (path, &run_error);
        }
      else
        continue;

      if (record != NULL)
        g_ptr_array_add (records, record);
      else
        g_ptr_array_add (errors, run_error);
    }
}

GPtrArray *
nr_run_load_from (const char *path, GPtrArray **file_errors, GError **error)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!exists (path))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND, "%s: no such file or folder", name);
      return NULL;
    }
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) nr_run_record_free);
  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  base = g_path_get_basename (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !is_run_folder (path))
    {
      g_autoptr (GDir) d = NULL;
      g_autoptr (GError) dir_error = NULL;

      d = g_dir_open (path, 0, &dir_error);
      if (d == NULL)
        {
          g_autofree char *name = g_filename_display_name (path);

          g_set_error (error, NR_ERROR, NR_ERROR_IO, "%s: cannot list the saved runs: %s",
                       name, dir_error->message);
          return NULL;
        }
      scan_folder (path, TRUE, records, errors);
    }
  else
    {
      GError *run_error = NULL;
      NrRunRecord *record;

      /* A run itself: its folder, its run.json, or a Neurona 0.1 file. */
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        record = load_checked_folder (path, &run_error);
      else if (strcmp (base, NR_RUN_FILE) == 0)
        {
          g_autofree char *dir = g_path_get_dirname (path);

          record = load_checked_folder (dir, &run_error);
        }
      else
        record = nr_run_load (path, &run_error);
      if (record != NULL)
        g_ptr_array_add (records, record);
      else
        g_ptr_array_add (errors, run_error);
    }
  g_ptr_array_sort (records, compare_newest_first_then_folder);
  if (file_errors != NULL)
    *file_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&records);
}

NrRunRecord *
nr_run_find (const char *runs_dir, const char *what, GError **error)
{
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) matches = g_ptr_array_new ();
  /* exact id, then exact name, then id prefix: the first kind with any match decides */
  for (int kind = 0; kind < 3; kind++)
    {
      if (kind == 0)
        {
          g_return_val_if_fail (runs_dir != NULL, NULL);
          g_return_val_if_fail (what != NULL, NULL);
          g_return_val_if_fail (error == NULL || *error == NULL, NULL);

          /* A path first: a folder or file the user points at. */
          if (strchr (what, G_DIR_SEPARATOR) != NULL || g_str_has_suffix (what, ".run") ||
              (exists (what) && !g_file_test (what, G_FILE_TEST_IS_DIR)))
            return nr_run_load (what, error);
          all = nr_run_load_all (runs_dir, NULL, error);
          if (all == NULL)
            return NULL;
        }
      for (guint i = 0; i < all->len; i++)
        {
          NrRunRecord *r = all->pdata[i];
          gboolean hit = kind == 0   ? g_strcmp0 (r->id, what) == 0
                         : kind == 1 ? g_strcmp0 (r->name, what) == 0
                                     : r->id != NULL && g_str_has_prefix (r->id, what);

          if (hit)
            g_ptr_array_add (matches, r);
        }
      if (matches->len == 1)
        return nr_run_record_copy (matches->pdata[0]);
      if (matches->len > 1)
        {
          g_autoptr (GString) ids = g_string_new (NULL);

          for (guint i = 0; i < matches->len; i++)
            g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "",
                                    ((NrRunRecord *) matches->pdata[i])->id);
          g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                       _("“%s” names %u runs (%s): give the id of one"), what, matches->len,
                       ids->str);
          return NULL;
        }
    }
  {
    g_autofree char *dir_name = g_filename_display_name (runs_dir);

    g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND,
                 _("no run “%s” in %s (give a run's id, its name, or its folder)"), what,
                 dir_name);
  }
  return NULL;
}

/* ---- the trash -------------------------------------------------------------------- */

char *
nr_run_trash (const NrRunRecord *record, const char *runs_dir, GError **error)
{
  g_autofree char *trash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *shadowed = NULL;
  const char *moved_dir = NULL;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (runs_dir != NULL, NULL);
  g_return_val_if_fail (record->dir != NULL || record->legacy_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trash = g_build_filename (runs_dir, NR_RUN_TRASH_DIR, NULL);
  if (g_mkdir_with_parents (trash, 0755) != 0)
    {
      _nr_set_io_error (error, trash, _("cannot delete the run"), errno);
      return NULL;
    }
  for (guint n = 0;; n++)
    {
      g_free (token);
      g_free (entry);
      token = n == 0 ? g_strdup_printf ("%" G_GINT64_FORMAT "-%s", (gint64) time (NULL), record->id)
                     : g_strdup_printf ("%" G_GINT64_FORMAT "-%s-%u", (gint64) time (NULL),
                                        record->id, n);
      entry = g_build_filename (trash, token, NULL);
      if (g_mkdir (entry, 0755) == 0)
        break;
      if (errno != EEXIST)
        {
          _nr_set_io_error (error, entry, _("cannot delete the run"), errno);
          return NULL;
        }
    }
  if (record->dir != NULL)
    {
      g_autofree char *base = g_path_get_basename (record->dir);
      g_autofree char *to = g_build_filename (entry, base, NULL);

      if (g_rename (record->dir, to) != 0)
        {
          _nr_set_io_error (error, record->dir, _("cannot delete the run"), errno);
          g_rmdir (entry);
          return NULL;
        }
      moved_dir = record->dir;
      shadowed = g_strconcat (record->dir, NR_RUN_LEGACY_SUFFIX, NULL);
    }
  /* The Neurona 0.1 file the run came from, or that its folder shadows: it would come
   * back as a run of its own otherwise. */
  if (record->legacy_path != NULL && exists (record->legacy_path))
    {
      g_free (shadowed);
      shadowed = g_strdup (record->legacy_path);
    }
  if (shadowed != NULL && exists (shadowed))
    {
      g_autofree char *base = g_path_get_basename (shadowed);
      g_autofree char *to = g_build_filename (entry, base, NULL);

      if (g_rename (shadowed, to) != 0)
        {
          int saved_errno = errno;

          /* Put the folder back: a half-deleted run would be worse than none deleted. */
          if (moved_dir != NULL)
            {
              g_autofree char *dir_base = g_path_get_basename (moved_dir);
              g_autofree char *from = g_build_filename (entry, dir_base, NULL);

              g_rename (from, moved_dir);
            }
          g_rmdir (entry);
          _nr_set_io_error (error, shadowed, _("cannot delete the run"), saved_errno);
          return NULL;
        }
    }
  _nr_fsync_dir (runs_dir, NULL);
  _nr_fsync_dir (entry, NULL);
  return g_steal_pointer (&token);
}

gboolean
nr_run_restore (const char *runs_dir, const char *token, GError **error)
{
  g_autofree char *entry = NULL;
  g_autoptr (GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = NULL;
  const char *name;

  g_return_val_if_fail (runs_dir != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strchr (token, G_DIR_SEPARATOR) != NULL || token[0] == '.' || token[0] == '\0')
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID, _("“%s” is not a deleted run"), token);
      return FALSE;
    }
  entry = g_build_filename (runs_dir, NR_RUN_TRASH_DIR, token, NULL);
  d = g_dir_open (entry, 0, NULL);
  if (d == NULL)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_NOT_FOUND,
                   _("the deleted run is no longer in the trash"));
      return FALSE;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (children, g_strdup (name));
  for (guint i = 0; i < children->len; i++)
    {
      g_autofree char *to = g_build_filename (runs_dir, children->pdata[i], NULL);

      if (exists (to))
        {
          g_autofree char *to_name = g_filename_display_name (to);

          g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                       _("%s: a run of the same name has taken its place"), to_name);
          return FALSE;
        }
    }
  for (guint i = 0; i < children->len; i++)
    {
      g_autofree char *from = g_build_filename (entry, children->pdata[i], NULL);
      g_autofree char *to = g_build_filename (runs_dir, children->pdata[i], NULL);

      if (rename_no_replace (from, to) != 0)
        {
          _nr_set_io_error (error, to, _("cannot restore the run"), errno);
          return FALSE;
        }
    }
  g_rmdir (entry);
  _nr_fsync_dir (runs_dir, NULL);
  return TRUE;
}
