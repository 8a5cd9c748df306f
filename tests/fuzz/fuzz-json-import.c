/* fuzz-json-import.c: bs_catalogue_import_json on arbitrary bytes
 *
 * A libFuzzer target (and, through fuzz-main.c, a replay test). What must
 * hold for any input:
 *  - a refused file leaves the catalogue exactly as it was: empty, with
 *    nothing to undo, and the error names the JSON path in valid UTF-8;
 *  - an accepted file round-trips: its export imports into a second
 *    catalogue whose export is byte-identical;
 *  - the import is one undoable action: undo empties the catalogue, redo
 *    gives back the same export — but for the audit trail, which only
 *    grows: it keeps the records it had, adds those of the undo and the
 *    redo, and stays intact.
 *
 * Making a catalogue (its schema) costs more than refusing most inputs, so
 * a catalogue that refused an input, and was checked to be as new, takes
 * the next one too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banshi-core.h"
#include "fuzz-common.h"

static const char * const tables[] = {
  "catalogue_meta", "department", "item", "material",
  "category", "theme", "theme_item", "theme_edge",
  "question", "question_option", "theme_question", "theme_note",
  "theme_question_when", "theme_item_when", "material_when", "theme_note_when",
  "phase", "task", "task_item", "decision",
};

static gint64 fresh_counts[G_N_ELEMENTS (tables)];
static BsCatalogue *spare;

static void
assert_unchanged (BsCatalogue *catalogue,
                  const char  *when)
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
}

static void
free_spare (void)
{
  g_clear_object (&spare);
}

static GBytes *
export_or_fail (BsCatalogue *catalogue,
                const char  *which)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = bs_catalogue_export_json (catalogue, &error);

  if (bytes == NULL)
    fuzz_fail ("exporting the %s catalogue failed: %s", which, error->message);
  return bytes;
}

static void
assert_same_bytes (GBytes     *expected,
                   GBytes     *actual,
                   const char *what)
{
  gsize expected_size, actual_size, i;
  const guint8 *a = g_bytes_get_data (expected, &expected_size);
  const guint8 *b = g_bytes_get_data (actual, &actual_size);

  if (g_bytes_equal (expected, actual))
    return;
  for (i = 0; i < MIN (expected_size, actual_size) && a[i] == b[i]; i++)
    ;
  fuzz_fail ("%s: %" G_GSIZE_FORMAT " and %" G_GSIZE_FORMAT " bytes, first difference at "
             "byte %" G_GSIZE_FORMAT, what, expected_size, actual_size, i);
}

/* The export up to its audit trail, the last key. */
static GBytes *
without_audit (GBytes *exported)
{
  gsize size;
  const char *text = g_bytes_get_data (exported, &size);
  const char *audit = g_strstr_len (text, size, "\n  \"audit\": [");

  if (audit == NULL)
    fuzz_fail ("the export has no audit trail");
  return g_bytes_new (text, audit - text);
}

static void
assert_intact (BsCatalogue *catalogue,
               const char  *when)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsAuditReport) report = bs_catalogue_verify_audit (catalogue, &error);

  if (report == NULL)
    fuzz_fail ("%s: verifying the audit trail failed: %s", when, error->message);
  if (report->status != BS_AUDIT_INTACT)
    fuzz_fail ("%s: the audit trail is broken: %s", when, report->message);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();

  catalogue = bs_catalogue_new_in_memory (&error);
  if (catalogue == NULL)
    fuzz_fail ("cannot create an in-memory catalogue: %s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    fresh_counts[i] = bs_catalogue_count (catalogue, tables[i]);
  spare = g_steal_pointer (&catalogue);
  atexit (free_spare);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(BsCatalogue) first = NULL;
  g_autoptr(BsCatalogue) second = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GBytes) reexported = NULL;
  g_autoptr(GBytes) redone = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_records;
  gsize length;
  const char *text;

  first = spare != NULL ? g_steal_pointer (&spare) : bs_catalogue_new_in_memory (&error);
  if (first == NULL)
    fuzz_fail ("cannot create an in-memory catalogue: %s", error->message);

  if (!bs_catalogue_import_json (first, (const char *) data, size, &error))
    {
      if (error == NULL)
        fuzz_fail ("the import failed without an error");
      if (!g_error_matches (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID))
        fuzz_fail ("the import failed with %s %d, not BS_CATALOGUE_ERROR_INVALID: %s",
                   g_quark_to_string (error->domain), error->code, error->message);
      if (!g_utf8_validate (error->message, -1, NULL))
        fuzz_fail ("the error message is not valid UTF-8");
      /* The documented promise: the message starts with the JSON path. */
      if (error->message[0] != '$')
        fuzz_fail ("the error message does not start with a JSON path: %s", error->message);
      assert_unchanged (first, "after a refused import");
      if (bs_catalogue_can_undo (first) || bs_catalogue_can_redo (first))
        fuzz_fail ("a refused import left something to undo or redo");
      spare = g_steal_pointer (&first);
      return 0;
    }

  exported = export_or_fail (first, "imported");
  text = g_bytes_get_data (exported, &length);
  if (!g_utf8_validate (text, length, NULL))
    fuzz_fail ("the export is not valid UTF-8");

  second = bs_catalogue_new_in_memory (&error);
  if (second == NULL)
    fuzz_fail ("cannot create an in-memory catalogue: %s", error->message);
  if (!bs_catalogue_import_json (second, text, length, &error))
    fuzz_fail ("the export of an accepted file does not import: %s", error->message);
  reexported = export_or_fail (second, "re-imported");
  assert_same_bytes (exported, reexported, "export → import → export is not byte-identical");
  assert_intact (first, "after the import");
  assert_intact (second, "after importing the export");
  n_records = bs_catalogue_count_audit (first);

  /* The import is one action on the undo stack (none when it changed
   * nothing, e.g. an empty catalogue without a name). */
  if (!bs_catalogue_can_undo (first))
    {
      assert_unchanged (first, "after an import that cannot be undone");
      return 0;
    }
  if (!bs_catalogue_undo (first, &error))
    fuzz_fail ("undoing the import failed: %s", error->message);
  assert_unchanged (first, "after undoing the import");
  if (bs_catalogue_count_audit (first) < n_records)
    fuzz_fail ("undoing the import removed records of the audit trail");
  if (!bs_catalogue_redo (first, &error))
    fuzz_fail ("redoing the import failed: %s", error->message);
  redone = export_or_fail (first, "redone");
  expected = without_audit (exported);
  got = without_audit (redone);
  assert_same_bytes (expected, got, "the export after undo and redo differs");
  assert_intact (first, "after undo and redo");
  if (bs_catalogue_count_audit (first) == n_records && bs_catalogue_count (first, "phase") +
      bs_catalogue_count (first, "task") + bs_catalogue_count (first, "decision") > 0)
    fuzz_fail ("undo and redo of a rollout left no records in the audit trail");

  return 0;
}
