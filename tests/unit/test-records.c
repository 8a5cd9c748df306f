/* test-records.c: handling records — schema 4, import, salted applicants,
 * cancellation, synthetic records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "banshi-core.h"
#include "bs-core-resources.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("banshi-records-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gint64
query_int (BsCatalogue *cat,
           const char  *sql)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (cat, sql, NULL);
  gint64 value;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* Two departments; 营业执照 in both, so a name alone is ambiguous. */
static void
fill_small (BsCatalogue *cat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDepartment) market = bs_department_new ("D1", "市场监管局");
  g_autoptr(BsDepartment) tax = bs_department_new ("D2", "税务局");
  gint64 market_id, tax_id;
  const struct
  {
    const char *code;
    const char *name;
    gboolean tax;
  } items[] = {
    { "A001", "营业执照", FALSE },
    { "A002", "食品经营许可", FALSE },
    { "B001", "营业执照", TRUE },
  };

  market_id = bs_catalogue_add_department (cat, market, &error);
  g_assert_no_error (error);
  tax_id = bs_catalogue_add_department (cat, tax, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(BsItem) item = bs_item_new (items[i].code, items[i].name, items[i].tax ? tax_id : market_id);

      g_assert_cmpint (bs_catalogue_add_item (cat, item, &error), >, 0);
      g_assert_no_error (error);
    }
  bs_catalogue_clear_history (cat);
}

static gint64
item_id (BsCatalogue *cat,
         const char  *code)
{
  g_autoptr(BsItem) item = bs_catalogue_find_item (cat, code, NULL);

  g_assert_nonnull (item);
  return item->id;
}

static BsRecordImport *
import_text (BsCatalogue  *cat,
             const char   *text,
             GError      **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_memdup2 (text, strlen (text)),
                                                                        (gssize) strlen (text), g_free);

  return bs_records_import (cat, stream, strlen (text), BS_CSV_ENCODING_AUTO, NULL, NULL, NULL, error);
}

/* Dates */

static void
test_parse_day (void)
{
  gint32 expected = bs_records_day_from_date (bs_date_new (2024, 3, 5));
  const char *good[] = {
    "2024-03-05", "2024/3/5", "2024-3-5", "2024.03.05", "2024年3月5日", "20240305",
    "2024-03-05 10:22:01", "2024-03-05T10:22:01", "2024/03/05 8:01", " 2024-03-05", "20240305 102201",
  };
  const char *bad[] = {
    "", "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "05/03/2024", "2024-03", "24-03-05",
    "2024-03-05x", "2024/03-05", "2024-03-05 abc", "yesterday", "202403051",
  };
  gint32 day;

  g_assert_cmpint (bs_records_day_from_date (bs_date_new (1970, 1, 1)), ==, 0);
  g_assert_cmpuint (bs_records_day_to_date (0), ==, bs_date_new (1970, 1, 1));
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      day = 0;
      g_assert_true (bs_records_parse_day (good[i], &day));
      g_assert_cmpint (day, ==, expected);
    }
  g_assert_true (bs_records_parse_day ("2024-02-29", &day));
  g_assert_cmpint (day, ==, bs_records_day_from_date (bs_date_new (2024, 2, 29)));
  g_assert_true (bs_records_parse_day ("1969-12-31", &day));
  g_assert_cmpint (day, ==, -1);
  g_assert_true (bs_records_parse_day ("1900-01-01", &day));
  g_assert_true (bs_records_parse_day ("2199-12-31", &day));
  g_assert_false (bs_records_parse_day ("1899-12-31", &day));
  g_assert_false (bs_records_parse_day ("0024-03-05", &day));
  g_assert_false (bs_records_parse_day ("2200-01-01", &day));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (bs_records_parse_day (bad[i], &day));
}

/* Import */

static const char small_csv[] =
  "受理时间,事项编码,事项名称,申请人证件号,渠道,部门\r\n"
  "2024-03-05 10:22:01,A001,营业执照,110101199003077777,窗口,市场监管局\r\n"    /* 2: by code */
  "2024/3/6,,食品经营许可, 110101199003077777 ,网上办理,\r\n"                   /* 3: by name */
  "20240307,,营业执照,91440101MA5XXXXX1X,窗口,税务局\r\n"                       /* 4: of 税务局 */
  "2024年3月8日,X999,不存在的事项,11010119900307888x,窗口,市场监管局\r\n"       /* 5: unknown */
  "2024-02-30,A001,营业执照,110,窗口,\r\n"                                       /* 6: bad day */
  "2024-03-09,A001,,,窗口,\r\n"                                                  /* 7: no applicant */
  "\"2024-03-10\",\"A002\",\"食品经营许可\",\"11010119900307888X\",\"快递\",\"D1\"\r\n" /* 8 */
  "2024-03-11,X999,\"不存在的\n事项\",11010119900307888X,窗口,\r\n"              /* 9–10: unknown */
  "2024-03-12,X999,不存在的事项,110101199003077777,窗口,\r\n"                    /* 11: unknown */
  "someday,A001,营业执照,110101199003077777,窗口,\r\n";                          /* 12: bad day */

typedef struct
{
  guint n_changed;
  gboolean records;
  gboolean channels;
} ChangeLog;

static void
on_changed (BsCatalogue *cat,
            BsChanges   *changes,
            ChangeLog   *log)
{
  log->n_changed++;
  log->records = bs_changes_has_table (changes, BS_TABLE_RECORD);
  log->channels = bs_changes_has_table (changes, BS_TABLE_CHANNEL);
  g_assert_cmpuint (bs_changes_get_rows (changes, BS_TABLE_RECORD)->len, ==, 0);
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "a.banshi", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_create (path, &error);
  g_autoptr(BsRecordImport) report = NULL;
  ChangeLog log = { 0 };
  const BsRecordProblem *problem;
  const BsUnknownItem *unknown;
  gint32 day;

  g_assert_no_error (error);
  fill_small (cat);
  g_signal_connect (cat, "changed", G_CALLBACK (on_changed), &log);

  report = import_text (cat, small_csv, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (report->n_rows, ==, 10);
  g_assert_cmpint (report->n_imported, ==, 4);
  g_assert_cmpint (report->n_unknown, ==, 3);
  g_assert_cmpint (report->n_bad, ==, 3);
  g_assert_cmpint (report->encoding, ==, BS_CSV_ENCODING_UTF8);
  g_assert_cmpuint (report->first_day, ==, bs_date_new (2024, 3, 5));
  g_assert_cmpuint (report->last_day, ==, bs_date_new (2024, 3, 10));

  /* Bad rows with their lines (a quoted line break counts) */
  g_assert_cmpuint (report->problems->len, ==, 3);
  problem = g_ptr_array_index (report->problems, 0);
  g_assert_cmpuint (problem->line, ==, 6);
  g_assert_nonnull (strstr (problem->message, "2024-02-30"));
  problem = g_ptr_array_index (report->problems, 1);
  g_assert_cmpuint (problem->line, ==, 7);
  problem = g_ptr_array_index (report->problems, 2);
  g_assert_cmpuint (problem->line, ==, 12);
  g_assert_nonnull (strstr (problem->message, "someday"));

  /* Unknown items, the most frequent first */
  g_assert_cmpuint (report->unknown_items->len, ==, 2);
  unknown = g_ptr_array_index (report->unknown_items, 0);
  g_assert_cmpstr (unknown->text, ==, "X999 不存在的事项");
  g_assert_cmpint (unknown->count, ==, 2);
  unknown = g_ptr_array_index (report->unknown_items, 1);
  g_assert_cmpstr (unknown->text, ==, "X999 不存在的\n事项");
  g_assert_cmpint (unknown->count, ==, 1);

  /* The rows */
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 4);
  g_assert_cmpint (bs_catalogue_count (cat, "channel"), ==, 3);
  g_assert_true (bs_records_parse_day ("2024-03-06", &day));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT item_id FROM record WHERE day = %d", day);

    g_assert_cmpint (query_int (cat, sql), ==, item_id (cat, "A002"));
  }
  g_assert_true (bs_records_parse_day ("2024-03-07", &day));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT item_id FROM record WHERE day = %d", day);
    g_autofree char *department = g_strdup_printf ("SELECT department_id FROM record WHERE day = %d", day);

    /* 营业执照 of 税务局, named by the department's name */
    g_assert_cmpint (query_int (cat, sql), ==, item_id (cat, "B001"));
    g_assert_cmpint (query_int (cat, department), ==, query_int (cat, "SELECT id FROM department WHERE code = 'D2'"));
  }
  /* The department by code too; none when the column is empty. */
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM record WHERE department_id IS NULL"), ==, 1);
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM record r JOIN channel c ON c.id = r.channel_id "
                                   "WHERE c.name = '窗口'"), ==, 2);
  /* The same key, spaces and case aside, is the same applicant. */
  g_assert_cmpint (query_int (cat, "SELECT count(DISTINCT applicant) FROM record"), ==, 3);

  /* Reported, outside the undo history */
  g_assert_cmpuint (log.n_changed, ==, 1);
  g_assert_true (log.records);
  g_assert_true (log.channels);
  g_assert_false (bs_catalogue_can_undo (cat));

  /* The file's schema is still the pristine one (the indexes came back). */
  bs_catalogue_close (cat);
  g_clear_object (&cat);
  cat = bs_catalogue_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 4);
}

static void
test_import_gb18030 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) utf8 = bs_catalogue_new_in_memory (&error);
  g_autoptr(BsCatalogue) gb = bs_catalogue_new_in_memory (&error);
  g_autoptr(BsRecordImport) a = NULL;
  g_autoptr(BsRecordImport) b = NULL;
  g_autofree char *converted = NULL;
  g_autofree char *tsv = NULL;
  gsize length = 0;

  fill_small (utf8);
  fill_small (gb);
  a = import_text (utf8, small_csv, &error);
  g_assert_no_error (error);

  /* GB18030 and tabs: the same records */
  tsv = g_strdup (small_csv);
  for (char *p = tsv; *p; p++)
    if (*p == ',')
      *p = '\t';
  converted = g_convert (tsv, -1, "GB18030", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_memdup2 (converted, length),
                                                                          (gssize) length, g_free);

    b = bs_records_import (gb, stream, length, BS_CSV_ENCODING_AUTO, NULL, NULL, NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpint (b->encoding, ==, BS_CSV_ENCODING_GB18030);
  g_assert_cmpint (b->n_imported, ==, a->n_imported);
  g_assert_cmpint (b->n_unknown, ==, a->n_unknown);
  g_assert_cmpint (b->n_bad, ==, a->n_bad);
  g_assert_cmpint (query_int (gb, "SELECT sum(day * item_id) FROM record"), ==,
                   query_int (utf8, "SELECT sum(day * item_id) FROM record"));
}

static void
test_import_header (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  g_autoptr(BsRecordImport) report = NULL;

  fill_small (cat);
  report = import_text (cat, "日期,事项编码,渠道\n2024-03-05,A001,窗口\n", &error);
  g_assert_null (report);
  g_assert_error (error, BS_RECORDS_ERROR, BS_RECORDS_ERROR_HEADER);
  g_assert_nonnull (strstr (error->message, "申请人"));
  g_assert_nonnull (strstr (error->message, "渠道"));
  g_clear_error (&error);

  /* English headers, any case; the name alone is enough */
  report = import_text (cat, "Date,Item,Applicant\n2024-03-05,食品经营许可,X1\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->n_imported, ==, 1);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 1);
}

/* The applicant's key is stored nowhere: only its salted hash. */
static gboolean
contains (const char *haystack,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= length && i <= length - n; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_hash_not_raw (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "h.banshi", NULL);
  g_autofree char *other_path = g_build_filename (f->dir, "o.banshi", NULL);
  g_autofree char *json = g_build_filename (f->dir, "h.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_create (path, &error);
  g_autoptr(BsCatalogue) other = bs_catalogue_create (other_path, &error);
  g_autoptr(BsRecordImport) report = NULL;
  g_autoptr(BsRecordImport) other_report = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *salt = NULL;
  g_autofree char *contents = NULL;
  guint8 salt_bytes[16], digest[32];
  gsize length = 0, digest_length = sizeof digest;
  guint64 expected = 0;
  sqlite3_stmt *stmt;
  const char *keys[] = { "110101199003077777", "91440101MA5XXXXX1X", "11010119900307888X",
                         "11010119900307888x" };

  g_assert_no_error (error);
  fill_small (cat);
  fill_small (other);
  report = import_text (cat, small_csv, &error);
  g_assert_no_error (error);
  other_report = import_text (other, small_csv, &error);
  g_assert_no_error (error);

  /* SHA-256 (salt ‖ key), its first 64 bits, for the first row */
  stmt = bs_catalogue_prepare (cat, "SELECT value FROM catalogue_meta WHERE key = 'record_salt'", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  salt = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  g_assert_cmpuint (strlen (salt), ==, 32);
  for (guint i = 0; i < 16; i++)
    salt_bytes[i] = (guint8) (g_ascii_xdigit_value (salt[2 * i]) * 16 + g_ascii_xdigit_value (salt[2 * i + 1]));
  g_checksum_update (checksum, salt_bytes, sizeof salt_bytes);
  g_checksum_update (checksum, (const guchar *) keys[0], -1);
  g_checksum_get_digest (checksum, digest, &digest_length);
  for (guint i = 0; i < 8; i++)
    expected = expected << 8 | digest[i];
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM record WHERE applicant = %" G_GINT64_FORMAT,
                                            (gint64) expected);

    /* Lines 2 and 3 */
    g_assert_cmpint (query_int (cat, sql), ==, 2);
    /* Another catalogue has another salt: the same person, another number. */
    g_assert_cmpint (query_int (other, sql), ==, 0);
  }

  /* Never exported */
  g_assert_true (bs_catalogue_export_json_file (cat, json, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (json, &contents, &length, &error));
  g_assert_false (contains (contents, length, salt));
  g_assert_false (contains (contents, length, "record_salt"));
  g_clear_pointer (&contents, g_free);

  /* Nowhere in the file's bytes, WAL included */
  bs_catalogue_close (cat);
  bs_catalogue_close (other);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_false (contains (contents, length, keys[i]));
  /* The names of the items are there: the search is not blind. */
  g_assert_true (contains (contents, length, "食品经营许可"));
  g_assert_true (contains (contents, length, salt));
}

/* Cancelled or failed, the import leaves the file exactly as it was. */
static void
cancel_on_progress (guint64  bytes_done,
                    guint64  bytes_total,
                    gint64   rows_done,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static void
test_cancel_identical (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "c.banshi", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "big.csv", NULL);
  g_autofree char *bad_csv = g_build_filename (f->dir, "bad.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_create (path, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(BsRecordImport) report = NULL;
  g_autoptr(GPtrArray) bundles = NULL;
  g_autoptr(GString) bad = g_string_new ("办件日期,事项名称,申请人\n");
  BsGenerateOptions catalogue_options = { 120, 8, 10, 5 };
  BsRecordsGenerateOptions options = { 60000, 9, 3, BS_DATE_NONE, 0 };
  gsize before_length, after_length;

  g_assert_no_error (error);
  g_assert_true (bs_catalogue_generate (cat, &catalogue_options, &error));
  g_assert_no_error (error);
  /* Some records already: the import adds to them. */
  bundles = bs_records_generate (cat, &(BsRecordsGenerateOptions) { 2000, 1, 3, BS_DATE_NONE, 0 },
                                 NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&bundles, g_ptr_array_unref);
  {
    g_autoptr(GFile) file = g_file_new_for_path (csv);
    g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);

    bundles = bs_records_generate_csv (cat, &options, G_OUTPUT_STREAM (out), NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  }
  bs_catalogue_close (cat);
  g_clear_object (&cat);
  before = read_file (path, &before_length);

  /* Cancelled at the first progress report, well inside the file */
  cat = bs_catalogue_open (path, &error);
  g_assert_no_error (error);
  report = bs_records_import_file (cat, csv, BS_CSV_ENCODING_AUTO, cancellable, cancel_on_progress,
                                   cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 2000);

  /* Failed: a quote never closed, far down the file */
  for (int i = 0; i < 30000; i++)
    g_string_append_printf (bad, "2024-01-%02d,事项,申请人%d\n", 1 + i % 28, i);
  g_string_append (bad, "2024-02-01,\"事项,申请人\n");
  g_assert_true (g_file_set_contents (bad_csv, bad->str, (gssize) bad->len, &error));
  report = bs_records_import_file (cat, bad_csv, BS_CSV_ENCODING_AUTO, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, BS_CSV_ERROR, BS_CSV_ERROR_QUOTE);
  g_assert_nonnull (strstr (error->message, "30002"));
  g_clear_error (&error);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 2000);

  bs_catalogue_close (cat);
  after = read_file (path, &after_length);
  g_assert_cmpuint (after_length, ==, before_length);
  g_assert_true (memcmp (before, after, before_length) == 0);

  /* And the same import, not cancelled, goes through. */
  g_clear_object (&cat);
  cat = bs_catalogue_open (path, &error);
  g_assert_no_error (error);
  report = bs_records_import_file (cat, csv, BS_CSV_ENCODING_AUTO, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->n_imported, ==, 60000);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 62000);
}

/* A catalogue of version 3, made as Banshi 3 made them, opens as the
 * current version. */
static void
exec_resource (sqlite3    *db,
               const char *name)
{
  g_autofree char *path = g_strdup_printf ("/io/github/banshi/Banshi/sql/%s", name);
  g_autoptr(GBytes) sql = g_resource_lookup_data (bs_core_get_resource (), path, 0, NULL);
  g_autofree char *text = NULL;

  g_assert_nonnull (sql);
  text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
  g_assert_cmpint (sqlite3_exec (db, text, NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_migrate_from_3 (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "v3.banshi", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = NULL;
  g_autoptr(BsRecordImport) report = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_resource (db, "0001.sql");
  exec_resource (db, "0002.sql");
  exec_resource (db, "0003.sql");
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO catalogue_meta VALUES ('name', '旧目录');"
                                 "INSERT INTO department (id, code, name) VALUES (1, 'D1', '市场监管局');"
                                 "INSERT INTO item (id, code, name, department_id) VALUES (7, 'A001', '营业执照', 1);"
                                 "INSERT INTO item_fts (rowid, name, code) VALUES (7, '营业执照', 'A001');"
                                 "PRAGMA application_id = 1112754249; PRAGMA user_version = 3;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  cat = bs_catalogue_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (cat, "PRAGMA user_version"), ==, BS_CATALOGUE_SCHEMA_VERSION);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 1);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 0);
  {
    g_autofree char *name = bs_catalogue_dup_name (cat);

    g_assert_cmpstr (name, ==, "旧目录");
  }
  report = import_text (cat, "办件日期,事项编码,申请人\n2024-03-05,A001,张三\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->n_imported, ==, 1);
  bs_catalogue_close (cat);
  g_clear_object (&cat);

  /* Opens again: the migrated schema is the one the current version makes. */
  cat = bs_catalogue_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 1);
}

/* Deleting an item deletes its records, reported; undo brings the item
 * back (not its records: they are outside the history). */
static void
test_item_delete (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  g_autoptr(BsRecordImport) report = NULL;
  ChangeLog log = { 0 };

  fill_small (cat);
  report = import_text (cat, small_csv, &error);
  g_assert_no_error (error);
  g_signal_connect (cat, "changed", G_CALLBACK (on_changed), &log);

  g_assert_true (bs_catalogue_remove_item (cat, item_id (cat, "A002"), &error));
  g_assert_no_error (error);
  g_assert_true (log.records);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 2);
  g_assert_true (bs_catalogue_undo (cat, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 3);
  g_assert_true (bs_catalogue_redo (cat, &error));
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_undo (cat, &error));
  g_assert_no_error (error);

  /* An undo that would leave records without their item is refused. */
  {
    g_autoptr(BsDepartment) department = bs_catalogue_find_department (cat, "D1", NULL);
    g_autoptr(BsItem) item = bs_item_new ("N001", "新事项", department->id);
    g_autoptr(BsRecordImport) more = NULL;

    g_assert_cmpint (bs_catalogue_add_item (cat, item, &error), >, 0);
    more = import_text (cat, "办件日期,事项编码,申请人\n2024-04-01,N001,李四\n", &error);
    g_assert_no_error (error);
    g_assert_false (bs_catalogue_undo (cat, &error));
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED);
    g_assert_cmpint (query_int (cat, "SELECT count(*) FROM item WHERE code = 'N001'"), ==, 1);
  }
}

/* Synthetic records */

static void
test_generate (void)
{
  g_autoptr(GError) error = NULL;
  /* 400 items: bs_catalogue_generate() makes one theme of 200. */
  BsGenerateOptions catalogue_options = { 400, 10, 20, 2 };
  BsRecordsGenerateOptions options = { 20000, 42, 4, BS_DATE_NONE, 365 };
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  char *sums[3] = { NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (int run = 0; run < 3; run++)
    {
      g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
      GPtrArray *bundles;
      sqlite3_stmt *stmt;

      g_assert_true (bs_catalogue_generate (cat, &catalogue_options, &error));
      g_assert_no_error (error);
      options.seed = run < 2 ? 42 : 43;
      bundles = bs_records_generate (cat, &options, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 20000);
      g_assert_cmpint (query_int (cat, "SELECT min(day) FROM record"), >=,
                       bs_records_day_from_date (bs_date_new (2024, 1, 1)));
      g_assert_cmpint (query_int (cat, "SELECT max(day) FROM record"), <=,
                       bs_records_day_from_date (bs_date_new (2024, 12, 30)));
      stmt = bs_catalogue_prepare (cat, "SELECT group_concat(day || ':' || item_id || ':' || channel_id, ',') "
                                        "FROM (SELECT * FROM record ORDER BY id)", NULL);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      sums[run] = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                 (const char *) sqlite3_column_text (stmt, 0), -1);
      sqlite3_reset (stmt);
      if (run == 0)
        first = bundles;
      else if (run == 1)
        second = bundles;
      else
        third = bundles;

      /* Bundles: 2 to 6 items, disjoint, planted for someone, in no one
       * theme. */
      if (run == 0)
        for (guint b = 0; b < bundles->len; b++)
          {
            BsPlantedBundle *bundle = g_ptr_array_index (bundles, b);
            g_autoptr(GString) ids = g_string_new (NULL);
            g_autofree char *sql = NULL;

            g_assert_cmpuint (bundle->item_ids->len, >=, 2);
            g_assert_cmpuint (bundle->item_ids->len, <=, 6);
            g_assert_cmpint (bundle->n_applicants, >, 20);
            g_assert_false (bundle->covered);
            if (b > 0)
              g_assert_cmpint (bundle->n_applicants, <=,
                               ((BsPlantedBundle *) g_ptr_array_index (bundles, b - 1))->n_applicants);
            for (guint i = 0; i < bundle->item_ids->len; i++)
              {
                gint64 id = g_array_index (bundle->item_ids, gint64, i);

                g_assert_false (g_hash_table_contains (seen, &id));
                g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
                g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", id);
              }
            sql = g_strdup_printf ("SELECT count(*) FROM (SELECT theme_id FROM theme_item WHERE item_id IN (%s) "
                                   "GROUP BY theme_id HAVING count(*) = %u)", ids->str, bundle->item_ids->len);
            g_assert_cmpint (query_int (cat, sql), ==, 0);
          }
    }
  g_assert_cmpuint (first->len, ==, 4);
  g_assert_cmpstr (sums[0], ==, sums[1]);
  g_assert_cmpstr (sums[0], !=, sums[2]);
  for (guint b = 0; b < first->len; b++)
    {
      BsPlantedBundle *x = g_ptr_array_index (first, b), *y = g_ptr_array_index (second, b);

      g_assert_cmpint (x->n_applicants, ==, y->n_applicants);
      g_assert_cmpmem (x->item_ids->data, x->item_ids->len * sizeof (gint64),
                       y->item_ids->data, y->item_ids->len * sizeof (gint64));
    }
  g_assert_nonnull (third);
  for (guint i = 0; i < G_N_ELEMENTS (sums); i++)
    g_free (sums[i]);
}

static void
test_generate_too_few_items (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  BsRecordsGenerateOptions options = { 100, 1, 5, BS_DATE_NONE, 0 };
  g_autoptr(GPtrArray) bundles = NULL;

  fill_small (cat);
  bundles = bs_records_generate (cat, &options, NULL, NULL, NULL, &error);
  g_assert_null (bundles);
  g_assert_error (error, BS_RECORDS_ERROR, BS_RECORDS_ERROR_NO_ITEMS);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 0);
  /* Nothing written, not even the salt */
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM catalogue_meta WHERE key = 'record_salt'"), ==, 0);
}

static void
test_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  g_autoptr(BsRecordImport) report = NULL;

  fill_small (cat);
  report = import_text (cat, small_csv, &error);
  g_assert_no_error (error);
  g_assert_true (bs_records_clear (cat, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 0);
  g_assert_cmpint (bs_catalogue_count (cat, "channel"), ==, 0);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/records/parse-day", test_parse_day);
  g_test_add ("/records/import", Fixture, NULL, fixture_set_up, test_import, fixture_tear_down);
  g_test_add_func ("/records/import-gb18030", test_import_gb18030);
  g_test_add_func ("/records/import-header", test_import_header);
  g_test_add ("/records/hash-not-raw", Fixture, NULL, fixture_set_up, test_hash_not_raw, fixture_tear_down);
  g_test_add ("/records/cancel-identical", Fixture, NULL, fixture_set_up, test_cancel_identical,
              fixture_tear_down);
  g_test_add ("/records/migrate-from-3", Fixture, NULL, fixture_set_up, test_migrate_from_3, fixture_tear_down);
  g_test_add_func ("/records/item-delete", test_item_delete);
  g_test_add_func ("/records/generate", test_generate);
  g_test_add_func ("/records/generate-too-few-items", test_generate_too_few_items);
  g_test_add_func ("/records/clear", test_clear);

  return g_test_run ();
}
