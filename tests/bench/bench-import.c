/* bench-import.c: importing a 20,000-item department catalogue from CSV
 *
 * A made-up catalogue of 20,000 items (100 departments, 3 materials each,
 * every usual element) written as a UTF-8 CSV file, then timed, each the
 * median of RUNS runs in the same process and on the same file:
 *   - bs item import into a fresh catalogue file: open, header and values
 *     recognised, departments created, items and materials written in one
 *     undoable edit, search index and undo step included (target ≤ 2× the
 *     first reference);
 *   - reference 1: the sqlite3 shell, `sqlite3 FILE ".import --csv CSV t"`
 *     into a fresh database and a plain table, run as a process (its start
 *     included, a few ms); skipped when /usr/bin/sqlite3 is absent;
 *   - reference 2: the same through the C API, as .import does it: the CSV
 *     read (with bs-csv), one INSERT of all the columns prepared once and
 *     stepped per row, in one transaction, into a fresh file and a plain
 *     table;
 *   - the floor: the rows the import wrote (departments, items, materials),
 *     already parsed and staged in memory, copied by SQL into a fresh
 *     catalogue's own tables (their constraints, foreign keys and indexes,
 *     the catalogue's pragmas), in one transaction — no parsing, no search
 *     index, no undo. What any import into this schema costs at least;
 *     and the same again with the foreign keys not enforced.
 * It checks the import's counts and fails only when something breaks,
 * never because it is slow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "banshi-core.h"

#define N_ITEMS 20000
#define N_DEPARTMENTS 100
#define N_MATERIALS 3
#define RUNS 5
#define TARGET_RATIO 2.0
#define SQLITE3_SHELL "/usr/bin/sqlite3"

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
  g_printerr ("bench-import: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static void
remove_database (const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

static char *
write_csv (const char *dir,
           gsize      *out_size)
{
  static const char *types[] = { "行政许可", "公共服务", "行政确认", "其他行政权力", "行政给付" };
  static const char *objects[] = { "自然人", "企业法人", "自然人；企业法人", "事业法人；社会组织法人" };
  g_autoptr(GString) csv = g_string_new ("实施编码,事项名称,实施机构,事项类型,服务对象,法定办结时限,"
                                         "承诺办结时限,到办事现场次数,办理地点,咨询电话,设定依据,申请材料\n");
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "items.csv", NULL);

  for (guint i = 0; i < N_ITEMS; i++)
    {
      guint d = i % N_DEPARTMENTS;

      g_string_append_printf (csv,
                              "114400000069%05uB2440101%06u,第%u项政务服务事项（%s）,广东省第%u厅,%s,%s,"
                              "%u(工作日),%u个工作日,%u,\"广州市越秀区某路%u号, %u室\",020-8%07u,"
                              "\"《某某条例》第%u条：\"\"申请人应当提交材料\"\"\","
                              "\"申请表（第%u号）；身份证明复印件\n营业执照%u\"\n",
                              d, i, i + 1, types[i % G_N_ELEMENTS (types)], d + 1,
                              types[i % G_N_ELEMENTS (types)], objects[i % G_N_ELEMENTS (objects)],
                              20 + i % 40, 1 + i % 15, i % 3, d, i % 500, i, i % 90 + 1, i, i);
    }
  if (!g_file_set_contents (path, csv->str, (gssize) csv->len, &error))
    fail ("writing the CSV", error);
  *out_size = csv->len;
  return path;
}

/* When the import reached its stages: read (0.5) and written (0.95); the
 * rest is the catalogue's commit (undo step, search index, WAL). */
typedef struct
{
  double start;
  double read_ms;
  double written_ms;
} Stages;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Stages *stages = user_data;

  if (fraction >= 0.5 && stages->read_ms == 0)
    stages->read_ms = now_ms () - stages->start;
  if (fraction >= 0.95 && stages->written_ms == 0)
    stages->written_ms = now_ms () - stages->start;
}

static double
time_import (const char *csv_path,
             const char *db_path,
             gboolean    check,
             Stages     *stages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(BsItemImport) import = NULL;
  g_autoptr(BsItemImportReport) report = NULL;
  double start, ms;

  remove_database (db_path);
  if (!(catalogue = bs_catalogue_create (db_path, &error)))
    fail ("creating the catalogue", error);
  start = now_ms ();
  *stages = (Stages) { start, 0, 0 };
  if (!(import = bs_item_import_open (csv_path, BS_ITEM_IMPORT_FORMAT_AUTO, BS_CSV_ENCODING_AUTO, 0,
                                      &error)))
    fail ("opening the CSV", error);
  if (!(report = bs_item_import_run (import, catalogue, 0, on_progress, stages, NULL, &error)))
    fail ("importing", error);
  ms = now_ms () - start;

  if (check)
    {
      if (report->imported != N_ITEMS || report->skipped != 0 ||
          report->departments_created != N_DEPARTMENTS ||
          bs_catalogue_count (catalogue, "item") != N_ITEMS ||
          bs_catalogue_count (catalogue, "material") != N_ITEMS * N_MATERIALS)
        {
          g_printerr ("bench-import: imported %u, skipped %u, %u departments, %" G_GINT64_FORMAT
                      " materials\n", report->imported, report->skipped,
                      report->departments_created, bs_catalogue_count (catalogue, "material"));
          for (guint i = 0; i < report->skips->len && i < 5; i++)
            g_printerr ("  line %" G_GUINT64_FORMAT ": %s\n",
                        ((BsItemImportSkip *) g_ptr_array_index (report->skips, i))->line,
                        ((BsItemImportSkip *) g_ptr_array_index (report->skips, i))->reason);
          exit (1);
        }
      g_print ("# one undoable edit: “%s”, undo available: %s\n", report->label,
               bs_catalogue_can_undo (catalogue) ? "yes" : "no");
    }
  bs_catalogue_close (catalogue);
  return ms;
}

/* Reference 1: the sqlite3 shell's .import into a plain table. */
static double
time_shell_import (const char *csv_path,
                   const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strdup_printf (".import --csv '%s' t", csv_path);
  const char *argv[] = { SQLITE3_SHELL, db_path, command, NULL };
  g_autofree char *err = NULL;
  int status;
  double start, ms;

  remove_database (db_path);
  start = now_ms ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status,
                     &error) ||
      !g_spawn_check_wait_status (status, &error))
    fail ("sqlite3 .import", error);
  ms = now_ms () - start;
  if (err != NULL && err[0] != '\0')
    {
      g_printerr ("bench-import: sqlite3 .import: %s\n", err);
      exit (1);
    }
  return ms;
}

static gint64
count_rows (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM t", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
exec_or_fail (sqlite3    *db,
              const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_printerr ("bench-import: %s: %s\n", sql, sqlite3_errmsg (db));
      exit (1);
    }
}

/* Reference 2: what .import does, through the C API. */
static double
time_api_import (const char *csv_path,
                 const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(BsCsvReader) reader = NULL;
  g_autoptr(GString) sql = g_string_new ("CREATE TABLE t (");
  g_autoptr(GString) insert = g_string_new ("INSERT INTO t VALUES (");
  const char * const *fields;
  guint n_columns, n;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double start, ms;

  remove_database (db_path);
  start = now_ms ();
  if (sqlite3_open (db_path, &db) != SQLITE_OK)
    fail ("sqlite3_open", NULL);
  if (!(stream = g_file_read (file, NULL, &error)) ||
      !(reader = bs_csv_reader_new (G_INPUT_STREAM (stream), BS_CSV_ENCODING_UTF8, ',', &error)) ||
      !bs_csv_reader_next (reader, &fields, &n_columns, &error))
    fail ("reading the CSV", error);
  for (guint i = 0; i < n_columns; i++)
    {
      char *quoted = sqlite3_mprintf ("%s\"%w\" TEXT", i ? ", " : "", fields[i]);

      g_string_append (sql, quoted);
      sqlite3_free (quoted);
      g_string_append_printf (insert, "%s?%u", i ? ", " : "", i + 1);
    }
  g_string_append (sql, ")");
  g_string_append (insert, ")");
  exec_or_fail (db, sql->str);
  exec_or_fail (db, "BEGIN");
  if (sqlite3_prepare_v2 (db, insert->str, -1, &stmt, NULL) != SQLITE_OK)
    fail ("preparing the INSERT", NULL);
  while (bs_csv_reader_next (reader, &fields, &n, &error))
    {
      for (guint i = 0; i < n_columns; i++)
        sqlite3_bind_text (stmt, (int) i + 1, i < n ? fields[i] : "", -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        fail ("INSERT", NULL);
      sqlite3_reset (stmt);
    }
  if (error != NULL)
    fail ("reading the CSV", error);
  sqlite3_finalize (stmt);
  exec_or_fail (db, "COMMIT");
  sqlite3_close (db);
  ms = now_ms () - start;
  return ms;
}

/* The floor: the rows of the imported catalogue at @source, staged in
 * TEMP tables first (untimed), then copied into a fresh catalogue's
 * tables. */
static double
time_floor (const char *source,
            const char *db_path,
            gboolean    foreign_keys)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) empty = NULL;
  char *attach;
  sqlite3 *db = NULL;
  double start, ms;

  remove_database (db_path);
  if (!(empty = bs_catalogue_create (db_path, &error)))
    fail ("creating the catalogue", error);
  bs_catalogue_close (empty);
  /* The catalogue's own settings (WAL is the file's already). */
  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    fail ("sqlite3_open", NULL);
  exec_or_fail (db, foreign_keys ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
  exec_or_fail (db, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768;");
  attach = sqlite3_mprintf ("ATTACH 'file:%q?mode=ro' AS s", source);
  exec_or_fail (db, attach);
  sqlite3_free (attach);
  exec_or_fail (db, "CREATE TEMP TABLE d AS SELECT * FROM s.department;"
                    " CREATE TEMP TABLE i AS SELECT * FROM s.item;"
                    " CREATE TEMP TABLE m AS SELECT * FROM s.material;");
  exec_or_fail (db, "DETACH s");
  start = now_ms ();
  exec_or_fail (db, "BEGIN IMMEDIATE;"
                    " INSERT INTO main.department SELECT * FROM temp.d;"
                    " INSERT INTO main.item SELECT * FROM temp.i;"
                    " INSERT INTO main.material SELECT * FROM temp.m;"
                    " COMMIT;");
  ms = now_ms () - start;
  sqlite3_close (db);
  return ms;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *catalogue_path = NULL;
  g_autofree char *shell_path = NULL;
  g_autofree char *api_path = NULL;
  g_autofree char *floor_path = NULL;
  g_autoptr(GArray) floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_no_fk_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) import_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) shell_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) api_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) read_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) write_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) commit_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean have_shell = g_file_test (SQLITE3_SHELL, G_FILE_TEST_IS_EXECUTABLE);
  gsize csv_size;
  double ours, shell = 0, api, reference;

  setlocale (LC_ALL, "");
  if (!(dir = g_dir_make_tmp ("bench-import-XXXXXX", &error)))
    fail ("temporary directory", error);
  csv_path = write_csv (dir, &csv_size);
  catalogue_path = g_build_filename (dir, "items.banshi", NULL);
  shell_path = g_build_filename (dir, "shell.db", NULL);
  api_path = g_build_filename (dir, "api.db", NULL);
  floor_path = g_build_filename (dir, "floor.banshi", NULL);

  for (guint run = 0; run < RUNS; run++)
    {
      Stages stages;
      double ms = time_import (csv_path, catalogue_path, run == 0, &stages);
      double part;

      g_array_append_val (import_ms, ms);
      g_array_append_val (read_ms, stages.read_ms);
      part = stages.written_ms - stages.read_ms;
      g_array_append_val (write_ms, part);
      part = ms - stages.written_ms;
      g_array_append_val (commit_ms, part);
      if (have_shell)
        {
          ms = time_shell_import (csv_path, shell_path);
          g_array_append_val (shell_ms, ms);
          if (run == 0 && count_rows (shell_path) != N_ITEMS)
            {
              g_printerr ("bench-import: sqlite3 .import stored %" G_GINT64_FORMAT " rows\n",
                          count_rows (shell_path));
              return 1;
            }
        }
      ms = time_api_import (csv_path, api_path);
      g_array_append_val (api_ms, ms);
      if (run == 0 && count_rows (api_path) != N_ITEMS)
        {
          g_printerr ("bench-import: the C API import stored %" G_GINT64_FORMAT " rows\n",
                      count_rows (api_path));
          return 1;
        }
    }

  /* The last import's catalogue is the floor's source. */
  for (guint run = 0; run < RUNS; run++)
    {
      double ms = time_floor (catalogue_path, floor_path, TRUE);

      g_array_append_val (floor_ms, ms);
      ms = time_floor (catalogue_path, floor_path, FALSE);
      g_array_append_val (floor_no_fk_ms, ms);
    }

  ours = median (import_ms);
  api = median (api_ms);
  if (have_shell)
    shell = median (shell_ms);
  reference = have_shell ? shell : api;

  g_print ("# %d items, %d departments, %d materials each: a CSV of %.1f MB (UTF-8, quoted fields, "
           "line breaks in the materials)\n",
           N_ITEMS, N_DEPARTMENTS, N_MATERIALS, (double) csv_size / 1e6);
  g_print ("bs item import into a fresh catalogue file (median of %d): %.0f ms\n", RUNS, ours);
  g_print ("  of which: reading and parsing %.0f ms, staging and writing items and materials "
           "%.0f ms, the catalogue’s commit (undo changeset, search index, WAL) %.0f ms\n",
           median (read_ms), median (write_ms), median (commit_ms));
  if (have_shell)
    g_print ("reference 1, `sqlite3 FILE \".import --csv CSV t\"` into a plain table, "
             "as a process: %.0f ms\n", shell);
  else
    g_print ("reference 1, the sqlite3 shell: skipped, %s is absent\n", SQLITE3_SHELL);
  g_print ("reference 2, the C API equivalent (bs-csv, one INSERT of all columns prepared once, "
           "one transaction, a plain table): %.0f ms\n", api);
  g_print ("ratio: %.2f× %s (target ≤ %.1f×)%s; %.2f× the C API equivalent\n", ours / reference,
           have_shell ? "sqlite3 .import" : "the C API equivalent", TARGET_RATIO,
           ours / reference <= TARGET_RATIO ? "" : " — over the target", ours / api);
  g_print ("the floor, the same rows already parsed copied by SQL into a fresh catalogue's tables "
           "(constraints, foreign keys, indexes; no search index, no undo): %.0f ms = %.2f× %s\n",
           median (floor_ms), median (floor_ms) / reference,
           have_shell ? "sqlite3 .import" : "the C API equivalent");
  g_print ("  the same with the foreign keys not enforced: %.0f ms = %.2f×\n",
           median (floor_no_fk_ms), median (floor_no_fk_ms) / reference);

  remove_database (catalogue_path);
  remove_database (shell_path);
  remove_database (api_path);
  remove_database (floor_path);
  g_unlink (csv_path);
  g_rmdir (dir);
  return 0;
}
