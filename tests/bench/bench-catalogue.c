/* bench-catalogue.c: the catalogue at the scale of a large city centre
 *
 * Generates a catalogue (by default 20,000 items, 100 departments, 2,000
 * themes), then times JSON export and import, opening the file, and item
 * search. Each figure is printed on one line with a reference measured in
 * the same run on the same machine — a plain operation of the same size —
 * and the ratio between them, so that figures from different machines can
 * be compared. A benchmark, not a test: it fails only when something
 * breaks, never because it is slow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "banshi-core.h"

/* The item list filters as the user types: one frame at 60 Hz. */
#define SEARCH_TARGET_MS 16.0

static int n_items = 20000;
static int n_departments = 100;
static int n_themes = 2000;
static gint64 seed = 1;
static int n_runs = 25;
static char *keep_path;

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
report (const char *figure,
        double      ms,
        const char *reference,
        double      reference_ms)
{
  g_print ("%s: %.2f ms; reference, %s: %.2f ms; ratio %.2f\n",
           figure, ms, reference, reference_ms,
           reference_ms > 0 ? ms / reference_ms : 0.0);
}

static void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-catalogue: %s: %s\n", what, error ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static gint64
total_rows (BsCatalogue *cat)
{
  static const char *tables[] = {
    "department", "item", "material", "category", "theme", "theme_item", "theme_edge",
  };
  gint64 n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    n += bs_catalogue_count (cat, tables[i]);
  return n;
}

/* Reference for generating: the same number of rows, plainly inserted into
 * one table of a fresh file in one transaction. */
static double
plain_insert_ms (const char *dir,
                 gint64      rows)
{
  g_autofree char *path = g_build_filename (dir, "plain.sqlite", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double start, ms;

  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                        "code TEXT NOT NULL UNIQUE, n INTEGER)", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO t (name, code, n) VALUES (?1, ?2, ?3)", -1, &stmt, NULL) != SQLITE_OK)
    die ("plain SQLite", NULL);

  start = now_ms ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (gint64 i = 0; i < rows; i++)
    {
      char name[64], code[32];

      g_snprintf (name, sizeof name, "食品经营许可（新办）%" G_GINT64_FORMAT, i);
      g_snprintf (code, sizeof code, "%012" G_GINT64_FORMAT, i);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, i);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        die ("plain SQLite insert", NULL);
      sqlite3_reset (stmt);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  ms = now_ms () - start;

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_unlink (path);
  return ms;
}

/* Reference for exporting: reading every column of every row. */
static double
read_all_rows_ms (BsCatalogue *cat)
{
  static const char *queries[] = {
    "SELECT * FROM department", "SELECT * FROM item", "SELECT * FROM material",
    "SELECT * FROM category", "SELECT * FROM theme", "SELECT * FROM theme_item",
    "SELECT * FROM theme_edge",
  };
  gsize bytes = 0;
  double start = now_ms ();

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = bs_catalogue_prepare (cat, queries[q], NULL);

      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            sqlite3_column_text (stmt, c);
            bytes += (gsize) sqlite3_column_bytes (stmt, c);
          }
      sqlite3_reset (stmt);
    }
  g_assert (bytes > 0);
  return now_ms () - start;
}

static GPtrArray *
load_item_names (BsCatalogue *cat)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = bs_catalogue_prepare (cat, "SELECT name FROM item", NULL);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return names;
}

static void
bench_search (BsCatalogue *cat,
              GPtrArray   *names,
              const char  *query)
{
  g_autofree double *times = g_new (double, n_runs);
  g_autofree double *reference = g_new (double, n_runs);
  g_autofree char *figure = NULL;
  g_autofree char *reference_label = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) warm = NULL;
  guint hits = 0, plain_hits = 0;
  double ms;

  /* One run to warm the page cache and the statement cache. */
  if (!(warm = bs_catalogue_search_items (cat, query, &error)))
    die ("search", error);

  for (int r = 0; r < n_runs; r++)
    {
      g_autoptr(GArray) ids = NULL;
      double start = now_ms ();

      if (!(ids = bs_catalogue_search_items (cat, query, &error)))
        die ("search", error);
      times[r] = now_ms () - start;
      hits = ids->len;

      start = now_ms ();
      plain_hits = 0;
      for (guint i = 0; i < names->len; i++)
        if (strstr (g_ptr_array_index (names, i), query) != NULL)
          plain_hits++;
      reference[r] = now_ms () - start;
    }

  ms = median (times, (guint) n_runs);
  figure = g_strdup_printf ("search “%s” (%u chars, %u hits, median of %d)",
                            query, (guint) g_utf8_strlen (query, -1), hits, n_runs);
  reference_label = g_strdup_printf ("strstr over %u names in memory (%u hits)",
                                     names->len, plain_hits);
  report (figure, ms, reference_label, median (reference, (guint) n_runs));
  g_print ("  target ≤ %.0f ms: %s\n", SEARCH_TARGET_MS, ms <= SEARCH_TARGET_MS ? "met" : "MISSED");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &n_items, "Number of items", "N" },
    { "departments", 0, 0, G_OPTION_ARG_INT, &n_departments, "Number of departments", "N" },
    { "themes", 0, 0, G_OPTION_ARG_INT, &n_themes, "Number of themes", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the generator", "S" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs per search figure (at least 20)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep_path, "Keep the generated catalogue as FILE", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the catalogue at scale");
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = NULL;
  g_autoptr(BsCatalogue) imported = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) json_again = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *import_path = NULL;
  g_autofree char *figure = NULL;
  g_autofree char *file_data = NULL;
  BsGenerateOptions options;
  double start, ms, reference_ms;
  gint64 rows;
  gsize file_length;

  setlocale (LC_ALL, "");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("options", error);
  if (n_items < 1 || n_departments < 1 || n_themes < 0 || n_runs < 20)
    die ("options: items and departments must be at least 1, themes at least 0, runs at least 20", NULL);

  if (!(dir = g_dir_make_tmp ("banshi-bench-XXXXXX", &error)))
    die ("temporary folder", error);
  path = g_build_filename (dir, "generated.banshi", NULL);
  import_path = g_build_filename (dir, "imported.banshi", NULL);

  g_print ("Banshi %s catalogue benchmark: %d items, %d departments, %d themes, seed %" G_GINT64_FORMAT "\n",
           PACKAGE_VERSION, n_items, n_departments, n_themes, seed);

  /* Generate */
  options.items = (guint) n_items;
  options.departments = (guint) n_departments;
  options.themes = (guint) n_themes;
  options.seed = (guint64) seed;

  start = now_ms ();
  if (!(cat = bs_catalogue_create (path, &error)) ||
      !bs_catalogue_generate (cat, &options, &error))
    die ("generate", error);
  ms = now_ms () - start;
  rows = total_rows (cat);
  figure = g_strdup_printf ("generate (%" G_GINT64_FORMAT " rows)", rows);
  report (figure, ms, "plain SQLite INSERT of as many rows", plain_insert_ms (dir, rows));
  g_clear_pointer (&figure, g_free);

  /* Export */
  reference_ms = read_all_rows_ms (cat);
  start = now_ms ();
  if (!(json = bs_catalogue_export_json (cat, &error)))
    die ("export", error);
  ms = now_ms () - start;
  figure = g_strdup_printf ("JSON export (%.1f MB)", g_bytes_get_size (json) / 1e6);
  report (figure, ms, "SELECT every column of every row", reference_ms);
  g_clear_pointer (&figure, g_free);

  /* Import into a new catalogue file */
  parser = json_parser_new ();
  start = now_ms ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (json, NULL),
                                   (gssize) g_bytes_get_size (json), &error))
    die ("json-glib parse", error);
  reference_ms = now_ms () - start;
  g_clear_object (&parser);

  start = now_ms ();
  if (!(imported = bs_catalogue_create (import_path, &error)) ||
      !bs_catalogue_import_json (imported, g_bytes_get_data (json, NULL),
                                 g_bytes_get_size (json), &error))
    die ("import", error);
  ms = now_ms () - start;
  report ("JSON import (into a new file)", ms, "json-glib parse of the same document", reference_ms);

  if (!(json_again = bs_catalogue_export_json (imported, &error)))
    die ("export after import", error);
  g_print ("  round trip: %s\n", g_bytes_equal (json, json_again)
           ? "export → import → export is byte-identical" : "EXPORTS DIFFER");
  bs_catalogue_close (imported);

  /* Open the generated file, as the GUI does on start */
  bs_catalogue_close (cat);
  g_clear_object (&cat);
  start = now_ms ();
  if (!g_file_get_contents (path, &file_data, &file_length, &error))
    die ("read file", error);
  reference_ms = now_ms () - start;
  g_clear_pointer (&file_data, g_free);

  start = now_ms ();
  if (!(cat = bs_catalogue_open (path, &error)))
    die ("open", error);
  ms = now_ms () - start;
  figure = g_strdup_printf ("open the catalogue (%.1f MB)", file_length / 1e6);
  report (figure, ms, "read the whole file into memory", reference_ms);
  g_clear_pointer (&figure, g_free);

  /* Search: a query too short for trigrams, and one the index answers */
  names = load_item_names (cat);
  bench_search (cat, names, "许可");
  bench_search (cat, names, "经营许");

  bs_catalogue_close (cat);
  if (keep_path != NULL)
    {
      if (g_rename (path, keep_path) != 0)
        g_printerr ("bench-catalogue: could not keep the catalogue as %s\n", keep_path);
      else
        g_print ("catalogue kept as %s\n", keep_path);
    }
  remove_tree (dir);
  return EXIT_SUCCESS;
}
