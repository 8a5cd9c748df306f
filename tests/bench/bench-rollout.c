/* bench-rollout.c: verifying an audit trail of 100,000 records
 *
 * 12,500 tasks added in one edit through the API leave 100,000 records
 * (8 fields each), plus the 5 of their phase. Times:
 *   - writing them: the edit, its audit records included;
 *   - `audit verify` on the file (target ≤ 1 s): a connection of its own,
 *     every record read, serialised and hashed, the chain and head checked;
 *   - the same through the open catalogue;
 * against two references measured in the same run: SHA-256 alone over the
 * very bytes verification hashes (serialised beforehand), and reading the
 * rows alone. Verification must find the trail intact, and then a record
 * edited near the end; a benchmark otherwise, failing only when something
 * breaks, never because it is slow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "banshi-core.h"

#define N_TASKS 12500
#define VERIFY_TARGET_MS 1000.0
#define RUNS 5

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("bench-rollout: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static GDateTime *
fixed_now (gpointer user_data)
{
  return g_date_time_new_utc (2026, 3, 2, 1, 30, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(BsCatalogue) cat = NULL;
  g_autoptr(BsDepartment) department = bs_department_new ("d", "部门");
  g_autoptr(BsPhase) phase = bs_phase_new ("P1", "第一批 高频易办");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) serialised = NULL;
  g_autoptr(GArray) verify_file_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) verify_open_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sha_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) read_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 department_id, phase_id, n_records;
  gsize total_bytes = 0;
  double start, write_ms, verify_median, sha_median, read_median, open_median;

  setlocale (LC_ALL, "");
  dir = g_dir_make_tmp ("banshi-bench-rollout-XXXXXX", &error);
  if (dir == NULL)
    fail ("temporary folder", error);
  path = g_build_filename (dir, "rollout.banshi", NULL);
  if ((cat = bs_catalogue_create (path, &error)) == NULL)
    fail ("creating the catalogue", error);
  bs_catalogue_set_clock (cat, fixed_now, NULL, NULL);
  bs_catalogue_set_user_name (cat, "bench");

  if ((department_id = bs_catalogue_add_department (cat, department, &error)) == 0)
    fail ("adding a department", error);
  phase->start = bs_date_new (2026, 3, 2);
  phase->end = phase->start + 60;
  if ((phase_id = bs_catalogue_add_phase (cat, phase, &error)) == 0)
    fail ("adding a phase", error);

  /* The tasks: one edit, as an accepted proposal would be. */
  start = now_ms ();
  if (!bs_catalogue_begin (cat, "Add Tasks", &error))
    fail ("beginning the edit", error);
  for (int i = 0; i < N_TASKS; i++)
    {
      g_autofree char *deliverable = g_strdup_printf ("第%d项交付物：事项要素、材料清单和承诺时限", i + 1);
      g_autoptr(BsTask) task = bs_task_new (phase_id, department_id, deliverable, phase->start + i % 60);

      g_free (task->code);
      task->code = g_strdup_printf ("T%05d", i + 1);
      if (bs_catalogue_add_task (cat, task, &error) == 0)
        fail ("adding a task", error);
    }
  if (!bs_catalogue_commit (cat, &error))
    fail ("committing", error);
  write_ms = now_ms () - start;
  n_records = bs_catalogue_count_audit (cat);
  if (n_records < 100000)
    {
      g_printerr ("bench-rollout: %" G_GINT64_FORMAT " records, expected 100,000 or more\n", n_records);
      return 1;
    }

  /* The bytes verification hashes, made beforehand for the reference. */
  if ((records = bs_catalogue_list_audit (cat, NULL, NULL, &error)) == NULL)
    fail ("listing the trail", error);
  serialised = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < records->len; i++)
    {
      GString *bytes = g_string_new (NULL);

      bs_audit_record_append_canonical (records->pdata[i], bytes);
      total_bytes += bytes->len;
      g_ptr_array_add (serialised, g_string_free_to_bytes (bytes));
    }

  for (int run = 0; run < RUNS; run++)
    {
      g_autoptr(BsAuditReport) report = NULL;
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      sqlite3_stmt *stmt = NULL;
      gsize read_bytes = 0;
      double ms;

      start = now_ms ();
      report = bs_audit_verify_file (path, &error);
      ms = now_ms () - start;
      if (report == NULL)
        fail ("verifying the file", error);
      if (report->status != BS_AUDIT_INTACT || report->n_records != n_records)
        {
          g_printerr ("bench-rollout: the trail is not intact: %s\n", report->message);
          return 1;
        }
      g_array_append_val (verify_file_ms, ms);

      g_clear_pointer (&report, bs_audit_report_free);
      start = now_ms ();
      report = bs_catalogue_verify_audit (cat, &error);
      ms = now_ms () - start;
      if (report == NULL || report->status != BS_AUDIT_INTACT)
        fail ("verifying the open catalogue", error);
      g_array_append_val (verify_open_ms, ms);

      /* Reference: SHA-256 of the same bytes, record by record. */
      start = now_ms ();
      for (guint i = 0; i < serialised->len; i++)
        {
          gsize length;
          const guchar *data = g_bytes_get_data (serialised->pdata[i], &length);

          g_checksum_reset (checksum);
          g_checksum_update (checksum, data, length);
          if (g_checksum_get_string (checksum) == NULL)
            return 1;
        }
      ms = now_ms () - start;
      g_array_append_val (sha_ms, ms);

      /* Reference: the rows read, nothing else. */
      start = now_ms ();
      if (sqlite3_prepare_v2 (bs_catalogue_get_db (cat),
                              "SELECT seq, time, user_name, action, entity, entity_key, field, "
                              "old_value, new_value, prev_hash, hash FROM audit ORDER BY seq",
                              -1, &stmt, NULL) != SQLITE_OK)
        return 1;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 1; c < 11; c++)
          read_bytes += sqlite3_column_bytes (stmt, c);
      sqlite3_finalize (stmt);
      ms = now_ms () - start;
      g_array_append_val (read_ms, ms);
      if (read_bytes == 0)
        return 1;
    }

  verify_median = median (verify_file_ms);
  open_median = median (verify_open_ms);
  sha_median = median (sha_ms);
  read_median = median (read_ms);

  /* And a record edited near the end is caught. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE audit SET new_value = 'x' WHERE seq = %" G_GINT64_FORMAT,
                                            n_records - 3);
    g_autoptr(BsAuditReport) report = NULL;

    if (!bs_catalogue_exec (cat, sql, &error))
      fail ("tampering", error);
    report = bs_catalogue_verify_audit (cat, &error);
    if (report == NULL || report->status != BS_AUDIT_EDITED || report->broken_seq != n_records - 3)
      {
        g_printerr ("bench-rollout: the edited record was not caught\n");
        return 1;
      }
  }

  g_print ("# audit trail: %" G_GINT64_FORMAT " records (%d tasks in one edit), %.1f MB hashed\n",
           n_records, N_TASKS, total_bytes / 1e6);
  g_print ("writing them (the edit, records included): %.0f ms\n", write_ms);
  g_print ("audit verify of the file (median of %d): %.0f ms (target ≤ %.0f ms); "
           "through the open catalogue: %.0f ms\n",
           RUNS, verify_median, VERIFY_TARGET_MS, open_median);
  g_print ("reference, SHA-256 alone of the same bytes, record by record: %.0f ms; "
           "reading the rows alone: %.0f ms; ratio verify / SHA-256 %.2f\n",
           sha_median, read_median, verify_median / sha_median);

  bs_catalogue_close (cat);
  g_remove (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
  return 0;
}
