/* fuzz-csv-import.c: the item import and the records import on arbitrary
 * bytes
 *
 * A libFuzzer target (and, through fuzz-main.c, a replay test). What must
 * hold for any input, read as a department's catalogue (CSV or JSON Lines,
 * encoding and separator detected) and as handling records:
 *  - a refused file gives an error in valid UTF-8 and leaves the catalogue
 *    exactly as it was, outside any edit;
 *  - a dry run changes nothing and reports what the real import then does;
 *  - an accepted item import is one undoable edit: its counts match the
 *    rows it added, and undo brings the catalogue back to as it was;
 *  - the records import adds exactly the records it reports.
 *
 * The catalogue holds one department and one item to begin with, so that
 * a file can update an item by code too. It is made once and reused: every
 * input leaves it as it was (the test checks that).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banshi-core.h"
#include "bs-item-import.h"
#include "bs-records.h"
#include "fuzz-common.h"

static const char * const tables[] = {
  "department", "item", "material", "record", "channel",
};

static gint64 fresh_counts[G_N_ELEMENTS (tables)];
static char *fresh_dump;
static BsCatalogue *catalogue;

/* Every row of the tables an item import writes, in order. */
static char *
dump (void)
{
  static const char *queries[] = {
    "SELECT * FROM department ORDER BY id",
    "SELECT * FROM item ORDER BY id",
    "SELECT * FROM material ORDER BY id",
  };
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = bs_catalogue_prepare (catalogue, queries[q], NULL);

      if (stmt == NULL)
        fuzz_fail ("cannot read the catalogue: %s", queries[q]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const unsigned char *text = sqlite3_column_text (stmt, c);

              g_string_append (out, text ? (const char *) text : "NULL");
              g_string_append_c (out, '\x1f');
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_reset (stmt);
    }
  return g_string_free (out, FALSE);
}

static void
assert_as_before (const char *when)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      gint64 count = bs_catalogue_count (catalogue, tables[i]);

      if (count != fresh_counts[i])
        fuzz_fail ("%s: table %s holds %" G_GINT64_FORMAT " rows, expected %" G_GINT64_FORMAT,
                   when, tables[i], count, fresh_counts[i]);
    }
  if (bs_catalogue_in_edit (catalogue))
    fuzz_fail ("%s: the catalogue is left inside an edit", when);
  {
    g_autofree char *now = dump ();

    if (g_strcmp0 (now, fresh_dump) != 0)
      fuzz_fail ("%s: the departments, items or materials changed", when);
  }
}

static void
assert_error (const GError *error,
              const char   *what)
{
  if (error == NULL)
    fuzz_fail ("%s failed without an error", what);
  if (error->message == NULL || error->message[0] == '\0' || !g_utf8_validate (error->message, -1, NULL))
    fuzz_fail ("%s failed with an empty message or one not in UTF-8", what);
}

static void
free_catalogue (void)
{
  g_clear_object (&catalogue);
  g_clear_pointer (&fresh_dump, g_free);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();

  catalogue = bs_catalogue_new_in_memory (&error);
  if (catalogue == NULL)
    fuzz_fail ("cannot create an in-memory catalogue: %s", error->message);
  if (!bs_catalogue_begin (catalogue, "Seed", &error) ||
      !bs_catalogue_exec (catalogue,
                          "INSERT INTO department (id, code, name) VALUES (1, 'scjg', '市场监督管理局');"
                          "INSERT INTO item (id, code, name, department_id) VALUES (1, 'A1', '食品经营许可', 1);",
                          &error) ||
      !bs_catalogue_commit (catalogue, &error))
    fuzz_fail ("cannot seed the catalogue: %s", error->message);
  bs_catalogue_clear_history (catalogue);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    fresh_counts[i] = bs_catalogue_count (catalogue, tables[i]);
  fresh_dump = dump ();
  atexit (free_catalogue);
  return 0;
}

static BsItemImport *
open_items (const uint8_t *data,
            size_t         size,
            GError       **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);

  return bs_item_import_open_stream (stream, BS_ITEM_IMPORT_FORMAT_AUTO, BS_CSV_ENCODING_AUTO, 0, error);
}

static void
fuzz_items (const uint8_t *data,
            size_t         size)
{
  g_autoptr(BsItemImport) dry = NULL;
  g_autoptr(BsItemImport) real = NULL;
  g_autoptr(BsItemImportReport) dry_report = NULL;
  g_autoptr(BsItemImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean undoable;

  if (!(dry = open_items (data, size, &error)))
    {
      assert_error (error, "opening the items");
      assert_as_before ("after a refused file");
      return;
    }
  for (guint c = 0; c < bs_item_import_get_n_columns (dry); c++)
    if (!g_utf8_validate (bs_item_import_get_column_name (dry, c), -1, NULL))
      fuzz_fail ("column %u's name is not UTF-8", c);

  dry_report = bs_item_import_run (dry, catalogue, BS_ITEM_IMPORT_DRY_RUN, NULL, NULL, NULL, &error);
  assert_as_before ("after a dry run");
  if (dry_report == NULL)
    {
      assert_error (error, "the dry run");
      return;
    }
  if (!dry_report->dry_run)
    fuzz_fail ("a dry run reports it was not one");

  if (!(real = open_items (data, size, &error)))
    fuzz_fail ("the file opened once but not twice: %s", error->message);
  report = bs_item_import_run (real, catalogue, 0, NULL, NULL, NULL, &error);
  if (report == NULL)
    fuzz_fail ("the dry run succeeded but the import failed: %s", error->message);
  if (report->imported != dry_report->imported || report->updated != dry_report->updated ||
      report->skipped != dry_report->skipped)
    fuzz_fail ("the dry run reported %u/%u/%u (imported/updated/skipped), the import %u/%u/%u",
               dry_report->imported, dry_report->updated, dry_report->skipped,
               report->imported, report->updated, report->skipped);
  if (report->skips->len != report->skipped)
    fuzz_fail ("%u rows skipped but %u reasons given", report->skipped, report->skips->len);
  for (guint i = 0; i < report->skips->len; i++)
    {
      const BsItemImportSkip *skip = g_ptr_array_index (report->skips, i);

      if (skip->line == 0 || !g_utf8_validate (skip->reason, -1, NULL))
        fuzz_fail ("skip %u has no line or a reason not in UTF-8", i);
    }
  if (bs_catalogue_count (catalogue, "item") != fresh_counts[1] + report->imported)
    fuzz_fail ("%u items reported imported, the catalogue went from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
               report->imported, fresh_counts[1], bs_catalogue_count (catalogue, "item"));
  if (bs_catalogue_count (catalogue, "department") != fresh_counts[0] + report->departments_created)
    fuzz_fail ("%u departments reported created, the catalogue has %" G_GINT64_FORMAT,
               report->departments_created, bs_catalogue_count (catalogue, "department"));

  /* An update may write the values the item had: then nothing changed and
   * there is nothing to undo (assert_as_before() checks which). */
  undoable = bs_catalogue_can_undo (catalogue);
  if (undoable)
    {
      if (!bs_catalogue_undo (catalogue, &error))
        fuzz_fail ("undoing the import failed: %s", error->message);
      bs_catalogue_clear_history (catalogue);
    }
  else if (report->imported > 0 || report->departments_created > 0)
    fuzz_fail ("an import that added items cannot be undone");
  assert_as_before (undoable ? "after undoing the import" : "after an import with nothing to undo");
}

static void
fuzz_records (const uint8_t *data,
              size_t         size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr(BsRecordImport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_records;

  report = bs_records_import (catalogue, stream, size, BS_CSV_ENCODING_AUTO, NULL, NULL, NULL, &error);
  if (report == NULL)
    {
      assert_error (error, "the records import");
      assert_as_before ("after refused records");
      return;
    }
  n_records = bs_catalogue_count (catalogue, "record");
  if (n_records != fresh_counts[3] + report->n_imported)
    fuzz_fail ("%" G_GINT64_FORMAT " records reported imported, the catalogue holds %" G_GINT64_FORMAT,
               report->n_imported, n_records);
  if (report->n_imported + report->n_unknown + report->n_bad != report->n_rows)
    fuzz_fail ("%" G_GINT64_FORMAT " rows read, but %" G_GINT64_FORMAT " imported, %" G_GINT64_FORMAT
               " unknown and %" G_GINT64_FORMAT " bad", report->n_rows, report->n_imported,
               report->n_unknown, report->n_bad);
  if (!bs_records_clear (catalogue, &error))
    fuzz_fail ("clearing the records failed: %s", error->message);
  assert_as_before ("after clearing the records");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_items (data, size);
  fuzz_records (data, size);
  return 0;
}
