/* bench-records.c: handling records at scale
 *
 * On a generated catalogue of 2,000 items (bs_catalogue_generate(), seed
 * 1), in the same run:
 *   - 1,000,000 synthetic records with 5 planted bundles written as CSV
 *     (bs_records_generate_csv());
 *   - their import (target ≤ 5 s) against two references reading the very
 *     same file: `sqlite3 .import` into a plain table (when the sqlite3
 *     program is there), and bs-csv's reader with a plain INSERT of the
 *     text of every row into a table without indexes, one transaction;
 *   - the full demand analysis (target ≤ 5 s) against reading the rows
 *     alone in the order it reads them; every planted bundle must be among
 *     the suggestions, or the benchmark fails;
 *   - 10,000,000 records: generated as CSV, imported, analysed, each step
 *     in a process of its own so that its peak RSS (getrusage ru_maxrss)
 *     is its own (target ≤ 500 MB). BANSHI_BENCH_10M=0 skips it.
 * A benchmark: it fails only when something breaks, never for being slow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "banshi-core.h"

#define N_RECORDS 1000000
#define N_LARGE 10000000
#define TARGET_MS 5000.0
#define TARGET_RSS_MB 500.0
#define SEED 20240305

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("bench-records: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;   /* kilobytes on Linux */
}

static BsCatalogue *
make_catalogue (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_create (path, &error);
  BsGenerateOptions options = { 2000, 60, 300, 1 };

  if (cat == NULL || !bs_catalogue_generate (cat, &options, &error))
    fail ("generating the catalogue", error);
  bs_catalogue_clear_history (cat);
  return g_steal_pointer (&cat);
}

static GPtrArray *
write_csv (BsCatalogue *cat,
           const char  *csv,
           gint64       count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_autoptr(GBufferedOutputStream) buffered = NULL;
  BsRecordsGenerateOptions options = { count, SEED, 5, BS_DATE_NONE, 0 };
  GPtrArray *bundles;

  if (out == NULL)
    fail ("creating the CSV file", error);
  if (!(bundles = bs_records_generate_csv (cat, &options, G_OUTPUT_STREAM (out), NULL, &error)) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error))
    fail ("writing the CSV file", error);
  return bundles;
}

/* Whether every planted bundle is among the suggestions (its items all in
 * one suggested bundle of the same size). */
static guint
bundles_found (GPtrArray *planted,
               BsDemand  *demand,
               guint      top)
{
  guint found = 0;

  for (guint p = 0; p < planted->len; p++)
    {
      BsPlantedBundle *bundle = g_ptr_array_index (planted, p);

      for (guint s = 0; s < demand->suggestions->len && s < top; s++)
        {
          BsDemandBundle *suggestion = g_ptr_array_index (demand->suggestions, s);

          if (suggestion->item_ids->len == bundle->item_ids->len &&
              memcmp (suggestion->item_ids->data, bundle->item_ids->data,
                      bundle->item_ids->len * sizeof (gint64)) == 0)
            {
              found++;
              break;
            }
        }
    }
  return found;
}

static double
sqlite3_import_ms (const char *dir,
                   const char *csv)
{
  g_autofree char *program = g_find_program_in_path ("sqlite3");
  g_autofree char *db = g_build_filename (dir, "reference.db", NULL);
  g_autofree char *import = g_strdup_printf (".import '%s' plain", csv);
  const char *argv[] = { program, "-batch", db, ".mode csv", import, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;
  double start;

  if (program == NULL)
    return -1;
  g_unlink (db);
  start = now_ms ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    fail ("sqlite3 .import", error);
  return now_ms () - start;
}

/* bs-csv and a plain INSERT of every row's text, one transaction. */
static double
plain_insert_ms (const char *dir,
                 const char *csv)
{
  g_autofree char *db_path = g_build_filename (dir, "plain.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(BsCsvReader) reader = NULL;
  const char * const *fields;
  guint n_fields;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double start;
  gint64 rows = 0;

  g_unlink (db_path);
  start = now_ms ();
  if (sqlite3_open (db_path, &db) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                        "CREATE TABLE plain (a TEXT, b TEXT, c TEXT, d TEXT, e TEXT, f TEXT); BEGIN",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO plain VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &stmt, NULL) != SQLITE_OK)
    fail ("the plain table", NULL);
  if (!(in = g_file_read (file, NULL, &error)) ||
      !(reader = bs_csv_reader_new (G_INPUT_STREAM (in), BS_CSV_ENCODING_AUTO, 0, &error)))
    fail ("reading the CSV file", error);
  while (bs_csv_reader_next (reader, &fields, &n_fields, &error))
    {
      if (rows++ == 0)
        continue;
      for (guint i = 0; i < 6 && i < n_fields; i++)
        sqlite3_bind_text (stmt, (int) i + 1, fields[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        fail ("inserting", NULL);
      sqlite3_reset (stmt);
    }
  if (error != NULL)
    fail ("reading the CSV file", error);
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return now_ms () - start;
}

/* Reading the rows alone, in the analysis's order. */
static double
read_rows_ms (BsCatalogue *cat)
{
  sqlite3_stmt *stmt = NULL;
  gint64 sum = 0;
  double start = now_ms ();

  if (sqlite3_prepare_v2 (bs_catalogue_get_db (cat),
                          "SELECT applicant, day, item_id FROM record ORDER BY applicant, day", -1, &stmt,
                          NULL) != SQLITE_OK)
    fail ("reading the rows", NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    sum += sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);
  if (sum == 0)
    fail ("reading the rows: none", NULL);
  return now_ms () - start;
}

/* The steps of the 10,000,000 records, each run as a process of its own:
 * "--large-csv DIR", "--large-import DIR", "--large-demand DIR". */
static int
large_step (const char *step,
            const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "large.banshi", NULL);
  g_autofree char *csv = g_build_filename (dir, "large.csv", NULL);
  g_autoptr(BsCatalogue) cat = NULL;
  double start = now_ms ();

  if (g_str_equal (step, "--large-csv"))
    {
      g_autoptr(GPtrArray) bundles = NULL;

      cat = make_catalogue (path);
      bundles = write_csv (cat, csv, N_LARGE);
      g_print ("%.0f %.1f\n", now_ms () - start, peak_rss_mb ());
    }
  else if (g_str_equal (step, "--large-import"))
    {
      g_autoptr(BsRecordImport) report = NULL;

      if (!(cat = bs_catalogue_open (path, &error)) ||
          !(report = bs_records_import_file (cat, csv, BS_CSV_ENCODING_AUTO, NULL, NULL, NULL, &error)))
        fail ("importing 10,000,000 records", error);
      if (report->n_imported != N_LARGE)
        fail ("importing 10,000,000 records: not all imported", NULL);
      g_print ("%.0f %.1f\n", now_ms () - start, peak_rss_mb ());
    }
  else if (g_str_equal (step, "--large-demand"))
    {
      g_autoptr(BsDemand) demand = NULL;

      if (!(demand = bs_demand_analyse_file (path, NULL, NULL, NULL, NULL, &error)))
        fail ("analysing 10,000,000 records", error);
      if (demand->n_records != N_LARGE || demand->suggestions->len < 5)
        fail ("analysing 10,000,000 records: wrong result", NULL);
      g_print ("%.0f %.1f\n", now_ms () - start, peak_rss_mb ());
    }
  else
    return 2;
  return 0;
}

static void
run_step (const char *self,
          const char *step,
          const char *dir,
          double     *out_ms,
          double     *out_rss)
{
  const char *argv[] = { self, step, dir, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error) ||
      sscanf (out, "%lf %lf", out_ms, out_rss) != 2)
    fail (step, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(BsCatalogue) cat = NULL;
  g_autoptr(GPtrArray) planted = NULL;
  g_autoptr(BsRecordImport) report = NULL;
  g_autoptr(BsDemand) demand = NULL;
  GStatBuf st = { 0 };
  g_autofree char *n_text = bs_demand_format_count (N_RECORDS);
  g_autofree char *large_text = bs_demand_format_count (N_LARGE);
  g_autofree char *applicants_text = NULL;
  g_autofree char *bulk_text = NULL;
  const char *large = g_getenv ("BANSHI_BENCH_10M");
  double start, csv_ms, import_ms, sqlite_ms, plain_ms, demand_ms, read_ms;
  guint found;

  setlocale (LC_ALL, "");
  if (argc == 3)
    return large_step (argv[1], argv[2]);

  dir = g_dir_make_tmp ("banshi-bench-records-XXXXXX", &error);
  if (dir == NULL)
    fail ("temporary folder", error);
  path = g_build_filename (dir, "records.banshi", NULL);
  csv = g_build_filename (dir, "records.csv", NULL);
  cat = make_catalogue (path);

  start = now_ms ();
  planted = write_csv (cat, csv, N_RECORDS);
  csv_ms = now_ms () - start;
  g_stat (csv, &st);

  sqlite_ms = sqlite3_import_ms (dir, csv);
  plain_ms = plain_insert_ms (dir, csv);

  start = now_ms ();
  if (!(report = bs_records_import_file (cat, csv, BS_CSV_ENCODING_AUTO, NULL, NULL, NULL, &error)))
    fail ("importing", error);
  import_ms = now_ms () - start;
  if (report->n_imported != N_RECORDS || report->n_bad != 0 || report->n_unknown != 0)
    fail ("importing: not every row imported", NULL);

  read_ms = read_rows_ms (cat);
  start = now_ms ();
  if (!(demand = bs_demand_analyse (cat, NULL, NULL, NULL, NULL, &error)))
    fail ("analysing", error);
  demand_ms = now_ms () - start;
  found = bundles_found (planted, demand, 10);

  applicants_text = bs_demand_format_count (demand->n_applicants);
  bulk_text = bs_demand_format_count (demand->n_bulk_applicants);
  g_print ("Handling records, %s records on %u items, %u bundles planted\n", n_text, 2000, planted->len);
  g_print ("  CSV written (%.0f MB):              %8.0f ms\n", (double) st.st_size / 1e6, csv_ms);
  if (sqlite_ms >= 0)
    g_print ("  reference: sqlite3 .import:         %8.0f ms\n", sqlite_ms);
  else
    g_print ("  reference: sqlite3 .import:         (no sqlite3 program)\n");
  g_print ("  reference: bs-csv + plain INSERT:   %8.0f ms\n", plain_ms);
  g_print ("  import (target ≤ %.0f ms):         %8.0f ms  (%.2f× .import, %.2f× plain INSERT)\n",
           TARGET_MS, import_ms, sqlite_ms > 0 ? import_ms / sqlite_ms : 0, import_ms / plain_ms);
  g_print ("  reference: the rows read in order:  %8.0f ms\n", read_ms);
  g_print ("  demand analysis (target ≤ %.0f ms): %8.0f ms  (%.2f× reading the rows)\n",
           TARGET_MS, demand_ms, demand_ms / read_ms);
  g_print ("    %s applicants, %s left out as bulk, %u strong pairs, %u bundles, %u suggestions\n",
           applicants_text, bulk_text,
           demand->pairs->len, demand->bundles->len, demand->suggestions->len);
  g_print ("    planted bundles among the top 10 suggestions: %u of %u\n", found, planted->len);
  g_print ("  peak RSS so far: %.0f MB\n", peak_rss_mb ());
  if (found != planted->len)
    {
      g_printerr ("bench-records: a planted bundle is not among the top suggestions\n");
      return 1;
    }

  bs_catalogue_close (cat);
  if (large == NULL || !g_str_equal (large, "0"))
    {
      double ms[3], rss[3];
      static const char *const steps[] = { "--large-csv", "--large-import", "--large-demand" };
      static const char *const labels[] = { "CSV written", "import", "demand analysis" };

      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        run_step (argv[0], steps[i], dir, &ms[i], &rss[i]);
      g_print ("Handling records, %s records (each step a process of its own)\n", large_text);
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        g_print ("  %-16s %8.0f ms   peak RSS %6.0f MB%s\n", labels[i], ms[i], rss[i],
                 i > 0 ? (rss[i] <= TARGET_RSS_MB ? "  (target ≤ 500 MB: met)" : "  (target ≤ 500 MB: MISSED)")
                       : "");
    }
  else
    g_print ("10,000,000 records skipped (BANSHI_BENCH_10M=0)\n");

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);

        g_unlink (child);
      }
    g_rmdir (dir);
  }
  return 0;
}
