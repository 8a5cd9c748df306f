/* fuzz-catalogue-open.c: bs_catalogue_open on arbitrary files
 *
 * A libFuzzer target (and, through fuzz-main.c, a replay test). The bytes
 * are written to a file, which is opened as a catalogue. What must hold:
 *  - a refused file is left exactly as it was, and no -wal or -journal file
 *    is left beside it; the error is a BS_CATALOGUE_ERROR in valid UTF-8;
 *  - an opened file, however strange its content, can be read (counts,
 *    lists, search, the rollout and its scorecard, the audit trail's
 *    verification, export) and edited (rename, a phase, undo, redo)
 *    without a crash, a critical or a warning; errors are allowed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "banshi-core.h"
#include "fuzz-common.h"

/* Lists are walked up to this many entries, so one huge file stays quick. */
#define MAX_WALK 32

static const char * const tables[] = {
  "catalogue_meta", "department", "item", "material",
  "category", "theme", "theme_item", "theme_edge",
  "phase", "task", "task_item", "decision",
};

static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

static char *work_dir;
static char *paths[G_N_ELEMENTS (suffixes)];

static void
remove_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_unlink (paths[i]);
}

static void
remove_work_dir (void)
{
  remove_files ();
  g_rmdir (work_dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();

  /* One folder per process: parallel fuzzing jobs do not meet. On a RAM
   * disk where there is one (unless TMPDIR says otherwise): SQLite's
   * fsyncs on a real disk cost more than everything else. */
  if (g_getenv ("TMPDIR") == NULL && g_access ("/dev/shm", W_OK) == 0)
    {
      work_dir = g_strdup ("/dev/shm/banshi-fuzz-open-XXXXXX");
      if (g_mkdtemp (work_dir) == NULL)
        g_clear_pointer (&work_dir, g_free);
    }
  if (work_dir == NULL)
    work_dir = g_dir_make_tmp ("banshi-fuzz-open-XXXXXX", &error);
  if (work_dir == NULL)
    fuzz_fail ("cannot make a temporary folder: %s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    paths[i] = g_strconcat (work_dir, G_DIR_SEPARATOR_S "fuzz.banshi", suffixes[i], NULL);
  atexit (remove_work_dir);
  return 0;
}

/* The results are only built and freed: what matters is that reading a
 * strange file neither crashes nor logs a critical. */
static void
drop_ptr_array (GPtrArray *array)
{
  if (array != NULL)
    g_ptr_array_unref (array);
}

static void
drop_array (GArray *array)
{
  if (array != NULL)
    g_array_unref (array);
}

static void
drop_bytes (GBytes *bytes)
{
  if (bytes != NULL)
    g_bytes_unref (bytes);
}

static void
walk_items (BsCatalogue *catalogue,
            GPtrArray   *summaries)
{
  for (guint i = 0; summaries != NULL && i < MIN (summaries->len, MAX_WALK); i++)
    {
      const BsItemSummary *summary = g_ptr_array_index (summaries, i);

      bs_item_free (bs_catalogue_get_item (catalogue, summary->id, NULL));
      bs_item_summary_free (bs_catalogue_get_item_summary (catalogue, summary->id, NULL));
      drop_ptr_array (bs_catalogue_list_materials (catalogue, summary->id, NULL));
      drop_ptr_array (bs_catalogue_list_item_themes (catalogue, summary->id, NULL));
      if (summary->code != NULL)
        bs_item_free (bs_catalogue_find_item (catalogue, summary->code, NULL));
    }
}

static void
read_everything (BsCatalogue *catalogue)
{
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GPtrArray) themes = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    bs_catalogue_count (catalogue, tables[i]);
  g_free (bs_catalogue_dup_name (catalogue));

  departments = bs_catalogue_list_departments (catalogue, NULL);
  for (guint i = 0; departments != NULL && i < MIN (departments->len, MAX_WALK); i++)
    {
      const BsDepartment *department = g_ptr_array_index (departments, i);
      g_autoptr(GPtrArray) department_items = NULL;

      bs_catalogue_count_department_items (catalogue, department->id);
      bs_department_free (bs_catalogue_get_department (catalogue, department->id, NULL));
      if (department->code != NULL)
        bs_department_free (bs_catalogue_find_department (catalogue, department->code, NULL));
      department_items = bs_catalogue_list_items (catalogue, department->id, NULL);
      walk_items (catalogue, department_items);
    }

  items = bs_catalogue_list_items (catalogue, 0, NULL);
  walk_items (catalogue, items);

  categories = bs_catalogue_list_categories (catalogue, NULL);
  for (guint i = 0; categories != NULL && i < MIN (categories->len, MAX_WALK); i++)
    {
      const BsCategory *category = g_ptr_array_index (categories, i);

      drop_ptr_array (bs_catalogue_list_themes (catalogue, category->id, NULL));
      bs_category_free (bs_catalogue_get_category (catalogue, category->id, NULL));
    }

  themes = bs_catalogue_list_themes (catalogue, 0, NULL);
  for (guint i = 0; themes != NULL && i < MIN (themes->len, MAX_WALK); i++)
    {
      const BsTheme *theme = g_ptr_array_index (themes, i);

      drop_ptr_array (bs_catalogue_list_theme_items (catalogue, theme->id, NULL));
      drop_array (bs_catalogue_list_theme_edges (catalogue, theme->id, NULL));
      bs_theme_free (bs_catalogue_get_theme (catalogue, theme->id, NULL));
    }

  /* Chinese and Latin, shorter and longer than a trigram. */
  drop_array (bs_catalogue_search_items (catalogue, "许可", NULL));
  drop_array (bs_catalogue_search_items (catalogue, "a", NULL));
  drop_array (bs_catalogue_search_items (catalogue, "营业执照", NULL));

  /* The rollout: whatever the rows hold, including dates the schema of a
   * file made elsewhere let through. */
  drop_ptr_array (bs_catalogue_list_phases (catalogue, NULL));
  {
    g_autoptr(GPtrArray) tasks = bs_catalogue_list_tasks (catalogue, 0, 0, NULL);

    for (guint i = 0; tasks != NULL && i < MIN (tasks->len, MAX_WALK); i++)
      {
        const BsTask *task = g_ptr_array_index (tasks, i);

        bs_task_get_timing (task, bs_catalogue_get_today (catalogue), BS_DUE_SOON_DAYS_DEFAULT);
        bs_task_free (bs_catalogue_get_task (catalogue, task->id, NULL));
        drop_ptr_array (bs_catalogue_list_decisions (catalogue, task->id, 0, NULL));
      }
  }
  drop_ptr_array (bs_catalogue_compute_scorecard (catalogue, bs_catalogue_get_today (catalogue),
                                                  BS_DUE_SOON_DAYS_DEFAULT, NULL));
  bs_audit_report_free (bs_catalogue_verify_audit (catalogue, NULL));
  drop_ptr_array (bs_catalogue_list_audit (catalogue, "task", NULL, NULL));

  drop_bytes (bs_catalogue_export_json (catalogue, NULL));
}

static void
edit (BsCatalogue *catalogue)
{
  /* Errors are fine (the file may hold anything); crashes are not. */
  if (bs_catalogue_set_name (catalogue, "模糊测试 fuzz", NULL) &&
      bs_catalogue_undo (catalogue, NULL))
    bs_catalogue_redo (catalogue, NULL);

  /* An audited edit: appended after whatever trail the file holds. */
  {
    g_autoptr(BsPhase) phase = bs_phase_new (NULL, "模糊测试");

    if (bs_catalogue_add_phase (catalogue, phase, NULL) != 0 &&
        bs_catalogue_undo (catalogue, NULL))
      bs_catalogue_redo (catalogue, NULL);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  remove_files ();
  /* No fsync, no rename: the file is thrown away anyway. */
  if (!g_file_set_contents_full (paths[0], (const char *) data, size,
                                 G_FILE_SET_CONTENTS_NONE, 0644, &error))
    fuzz_fail ("cannot write %s: %s", paths[0], error->message);

  catalogue = bs_catalogue_open (paths[0], &error);
  if (catalogue == NULL)
    {
      g_autofree char *after = NULL;
      gsize after_size = 0;

      if (error == NULL)
        fuzz_fail ("opening failed without an error");
      if (error->domain != BS_CATALOGUE_ERROR)
        fuzz_fail ("opening failed with a %s error, not BS_CATALOGUE_ERROR: %s",
                   g_quark_to_string (error->domain), error->message);
      if (!g_utf8_validate (error->message, -1, NULL))
        fuzz_fail ("the error message is not valid UTF-8");
      if (!g_file_get_contents (paths[0], &after, &after_size, NULL))
        fuzz_fail ("the refused file is gone");
      if (after_size != size || (size > 0 && memcmp (after, data, size) != 0))
        fuzz_fail ("the refused file was changed (%" G_GSIZE_FORMAT " bytes, now "
                   "%" G_GSIZE_FORMAT "): %s", (gsize) size, after_size, error->message);
      for (guint i = 1; i < G_N_ELEMENTS (paths); i++)
        if (g_file_test (paths[i], G_FILE_TEST_EXISTS))
          fuzz_fail ("a refused file left %s beside it: %s", suffixes[i], error->message);
    }
  else
    {
      read_everything (catalogue);
      edit (catalogue);
      read_everything (catalogue);
      bs_catalogue_close (catalogue);
    }

  g_clear_object (&catalogue);
  remove_files ();
  return 0;
}
