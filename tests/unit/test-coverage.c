/* test-coverage.c: the department × theme matrix of the demo catalogue,
 * counted again with SQL; the uncovered items by demand; CSV and XLSX
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "banshi-core.h"

static BsCatalogue *
load_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = NULL;
  g_autofree char *path = NULL;
  const char *source = g_getenv ("BANSHI_SOURCE_DIR");

  if (source == NULL)
    {
      g_test_skip ("BANSHI_SOURCE_DIR is not set");
      return NULL;
    }
  path = g_build_filename (source, "data", "demo", "demo.json", NULL);
  cat = bs_catalogue_new_in_memory (&error);
  g_assert_no_error (error);
  bs_catalogue_import_json_file (cat, path, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&cat);
}

static gint64
count_sql (BsCatalogue *cat,
           const char  *sql,
           gint64       a,
           gint64       b)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (cat, sql, NULL);
  gint64 value;

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* Every cell against a count of its own: the department's items in the
 * theme. */
static void
check_matrix (BsCatalogue *cat,
              BsCoverage  *coverage)
{
  guint non_empty = 0, total = 0;

  g_assert_cmpint (coverage->departments->len, ==, bs_catalogue_count (cat, "department"));
  g_assert_cmpint (coverage->themes->len, ==, bs_catalogue_count (cat, "theme"));
  for (guint d = 0; d < coverage->departments->len; d++)
    {
      const BsCoverageEntry *department = g_ptr_array_index (coverage->departments, d);
      guint themes = 0;

      for (guint t = 0; t < coverage->themes->len; t++)
        {
          const BsCoverageEntry *theme = g_ptr_array_index (coverage->themes, t);
          gint64 expected = count_sql (cat,
                                       "SELECT count(*) FROM theme_item ti JOIN item i ON i.id = ti.item_id "
                                       "WHERE i.department_id = ?1 AND ti.theme_id = ?2",
                                       department->id, theme->id);

          g_assert_cmpint (bs_coverage_get_cell (coverage, d, t), ==, expected);
          if (expected > 0)
            {
              g_assert_cmpint (g_array_index (department->theme_ids, gint64, themes), ==, theme->id);
              themes++;
              non_empty++;
            }
          total += (guint) expected;
        }
      /* The themes it takes part in */
      g_assert_cmpuint (department->theme_ids->len, ==, themes);
      g_assert_cmpint (themes, ==, count_sql (cat,
                                              "SELECT count(DISTINCT ti.theme_id) FROM theme_item ti "
                                              "JOIN item i ON i.id = ti.item_id WHERE i.department_id = ?1 "
                                              "AND ?2 = ?2",
                                              department->id, 0));
      g_assert_cmpint (department->n_items, ==,
                       count_sql (cat, "SELECT count(*) FROM item WHERE department_id = ?1 AND ?2 = ?2",
                                  department->id, 0));
    }
  /* Every theme item is in exactly one cell. */
  g_assert_cmpint (total, ==, bs_catalogue_count (cat, "theme_item"));
  g_assert_cmpuint (non_empty, >, coverage->themes->len);
  for (guint t = 0; t < coverage->themes->len; t++)
    {
      const BsCoverageEntry *theme = g_ptr_array_index (coverage->themes, t);

      g_assert_cmpint (theme->n_items, ==,
                       count_sql (cat, "SELECT count(*) FROM theme_item WHERE theme_id = ?1 AND ?2 = ?2",
                                  theme->id, 0));
    }
}

static void
test_demo_matrix (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(BsCoverage) coverage = NULL;
  gint64 uncovered;

  if (cat == NULL)
    return;
  coverage = bs_coverage_new (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coverage->themes->len, >, 1);
  check_matrix (cat, coverage);

  uncovered = count_sql (cat, "SELECT count(*) FROM item WHERE id NOT IN (SELECT item_id FROM theme_item) "
                              "AND ?1 = ?2", 0, 0);
  g_assert_cmpint (coverage->uncovered->len, ==, uncovered);
  g_assert_cmpuint (coverage->n_items, ==, bs_catalogue_count (cat, "item"));
  g_assert_cmpuint (coverage->n_covered_items, ==, coverage->n_items - uncovered);
  /* No records: by name, demand 0 */
  for (guint i = 0; i < coverage->uncovered->len; i++)
    {
      const BsCoverageItem *item = g_ptr_array_index (coverage->uncovered, i);

      g_assert_cmpint (item->demand, ==, 0);
      /* By name, as SQLite compares text (its bytes) */
      if (i > 0)
        g_assert_cmpint (strcmp (((BsCoverageItem *) g_ptr_array_index (coverage->uncovered, i - 1))->name,
                                 item->name), <=, 0);
    }
}

/* With records: the uncovered items, the most handled first. */
static void
test_uncovered_by_demand (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  BsGenerateOptions catalogue_options = { 300, 12, 30, 6 };
  BsRecordsGenerateOptions options = { 30000, 3, 3, BS_DATE_NONE, 0 };
  g_autoptr(GPtrArray) planted = NULL;
  g_autoptr(BsCoverage) coverage = NULL;
  gint64 with_demand = 0;

  g_assert_true (bs_catalogue_generate (cat, &catalogue_options, &error));
  g_assert_no_error (error);
  planted = bs_records_generate (cat, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  coverage = bs_coverage_new (cat, &error);
  g_assert_no_error (error);
  check_matrix (cat, coverage);
  g_assert_cmpuint (coverage->uncovered->len, >, 10);
  for (guint i = 0; i < coverage->uncovered->len; i++)
    {
      const BsCoverageItem *item = g_ptr_array_index (coverage->uncovered, i);

      g_assert_cmpint (item->demand, ==,
                       count_sql (cat, "SELECT count(*) FROM record WHERE item_id = ?1 AND ?2 = ?2", item->item_id, 0));
      g_assert_cmpint (count_sql (cat, "SELECT count(*) FROM theme_item WHERE item_id = ?1 AND ?2 = ?2",
                                  item->item_id, 0), ==, 0);
      if (i > 0)
        g_assert_cmpint (((BsCoverageItem *) g_ptr_array_index (coverage->uncovered, i - 1))->demand, >=,
                         item->demand);
      with_demand += item->demand > 0;
    }
  g_assert_cmpint (with_demand, >, 0);
}

static void
test_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(BsCoverage) coverage = NULL;
  g_autoptr(BsDepartment) odd = bs_department_new ("=HYPERLINK(\"x\")", "=1+1 部门, \"引号\"");
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) uncovered = NULL;
  g_autoptr(GBytes) xlsx = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xlsx_path = NULL;
  g_autofree char *written = NULL;
  g_auto(GStrv) lines = NULL;
  const char *data;
  gsize length, written_length;
  BsCoverageFormat format;

  if (cat == NULL)
    return;
  g_assert_cmpint (bs_catalogue_add_department (cat, odd, &error), >, 0);
  coverage = bs_coverage_new (cat, &error);
  g_assert_no_error (error);

  csv = bs_coverage_to_bytes (coverage, BS_COVERAGE_FORMAT_CSV, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (csv, &length);
  g_assert_true (g_str_has_prefix (data, "\xEF\xBB\xBF"));
  g_assert_false (g_str_has_prefix (data + 3, "ID"));
  {
    g_autofree char *text = g_strndup (data + 3, length - 3);

    lines = g_strsplit (text, "\r\n", -1);
  }
  /* A header, a row per department, the empty rest after the last CRLF;
   * no bare LF anywhere */
  g_assert_cmpuint (g_strv_length (lines), ==, coverage->departments->len + 2);
  g_assert_cmpstr (lines[coverage->departments->len + 1], ==, "");
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_null (strchr (lines[i], '\n'));
  /* The formula guard, quoting */
  g_assert_nonnull (strstr (data, "\"'=HYPERLINK(\"\"x\"\")\",\"'=1+1 部门, \"\"引号\"\"\""));

  uncovered = bs_coverage_to_bytes (coverage, BS_COVERAGE_FORMAT_CSV_UNCOVERED, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (uncovered, &length);
  g_assert_true (g_str_has_prefix (data, "\xEF\xBB\xBF"));
  {
    g_autofree char *text = g_strndup (data, length);
    g_auto(GStrv) rows = g_strsplit (text, "\r\n", -1);

    g_assert_cmpuint (g_strv_length (rows), ==, coverage->uncovered->len + 2);
  }

  xlsx = bs_coverage_to_bytes (coverage, BS_COVERAGE_FORMAT_XLSX, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (xlsx, &length);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (data, "PK\x03\x04", 4) == 0);

  /* Written to files, whole */
  dir = g_dir_make_tmp ("banshi-coverage-XXXXXX", &error);
  path = g_build_filename (dir, "coverage.csv", NULL);
  xlsx_path = g_build_filename (dir, "coverage.xlsx", NULL);
  g_assert_true (bs_coverage_write (coverage, BS_COVERAGE_FORMAT_CSV, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, &written_length, &error));
  g_assert_cmpmem (written, written_length, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  g_assert_true (bs_coverage_write (coverage, BS_COVERAGE_FORMAT_XLSX, xlsx_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (xlsx_path, G_FILE_TEST_IS_REGULAR));
  g_unlink (path);
  g_unlink (xlsx_path);
  g_rmdir (dir);

  /* Into a folder that does not exist: an error naming the file */
  g_assert_false (bs_coverage_write (coverage, BS_COVERAGE_FORMAT_CSV, "/nonexistent/x/coverage.csv", &error));
  g_assert_error (error, BS_COVERAGE_ERROR, BS_COVERAGE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "coverage.csv"));

  g_assert_true (bs_coverage_format_from_string ("csv-uncovered", &format));
  g_assert_cmpint (format, ==, BS_COVERAGE_FORMAT_CSV_UNCOVERED);
  g_assert_false (bs_coverage_format_from_string ("pdf", &format));
  g_assert_cmpstr (bs_coverage_format_to_string (BS_COVERAGE_FORMAT_XLSX), ==, "xlsx");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/coverage/demo-matrix", test_demo_matrix);
  g_test_add_func ("/coverage/uncovered-by-demand", test_uncovered_by_demand);
  g_test_add_func ("/coverage/export", test_export);

  return g_test_run ();
}
