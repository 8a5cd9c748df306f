/* test-catalogue.c: the catalogue file, migrations, bad files, undo/redo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

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

  f->dir = g_dir_make_tmp ("banshi-test-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_chmod (child, 0600);
      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_chmod (f->dir, 0700);
  remove_dir (f->dir);
  g_free (f->dir);
}

/* Every row of every user table, in a stable order: two catalogues with the
 * same dump hold the same data. */
static char *
dump (BsCatalogue *cat)
{
  static const char *queries[] = {
    "SELECT key, value FROM catalogue_meta ORDER BY key",
    "SELECT * FROM department ORDER BY id",
    "SELECT * FROM item ORDER BY id",
    "SELECT * FROM material ORDER BY id",
    "SELECT * FROM category ORDER BY id",
    "SELECT * FROM theme ORDER BY id",
    "SELECT * FROM theme_item ORDER BY theme_id, item_id",
    "SELECT * FROM theme_edge ORDER BY theme_id, before_id, after_id",
    "SELECT * FROM question ORDER BY id",
    "SELECT * FROM question_option ORDER BY id",
    "SELECT * FROM theme_question ORDER BY theme_id, question_id",
    "SELECT * FROM theme_note ORDER BY id",
    "SELECT * FROM theme_question_when ORDER BY theme_id, question_id, grp, option_id",
    "SELECT * FROM theme_item_when ORDER BY theme_id, item_id, grp, option_id",
    "SELECT * FROM material_when ORDER BY material_id, grp, option_id",
    "SELECT * FROM theme_note_when ORDER BY note_id, grp, option_id",
    "SELECT rowid, name, code FROM item_fts ORDER BY rowid",
  };
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = bs_catalogue_prepare (cat, queries[q], NULL);

      g_assert_nonnull (stmt);
      g_string_append_printf (out, "# %s\n", queries[q]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);

              g_string_append_printf (out, "%s|", text ? text : "NULL");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_reset (stmt);
    }
  return g_string_free (out, FALSE);
}

static void
exec_ok (BsCatalogue *cat,
         const char  *sql)
{
  g_autoptr(GError) error = NULL;

  bs_catalogue_exec (cat, sql, &error);
  g_assert_no_error (error);
}

/* Creating and reopening */

static void
test_create_and_reopen (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "a.banshi", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_create (path, &error);
  g_autoptr(BsCatalogue) again = NULL;
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_nonnull (cat);
  g_assert_cmpstr (bs_catalogue_get_path (cat), ==, path);

  stmt = bs_catalogue_prepare (cat, "PRAGMA user_version", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, BS_CATALOGUE_SCHEMA_VERSION);
  sqlite3_reset (stmt);

  stmt = bs_catalogue_prepare (cat, "PRAGMA journal_mode", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_reset (stmt);

  stmt = bs_catalogue_prepare (cat, "PRAGMA foreign_keys", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_reset (stmt);

  g_assert_true (bs_catalogue_set_name (cat, "示例中心", &error));
  g_assert_no_error (error);
  g_clear_object (&cat);

  /* Creating over an existing file is refused. */
  cat = bs_catalogue_create (path, &error);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_EXISTS);
  g_assert_null (cat);
  g_clear_error (&error);

  again = bs_catalogue_open (path, &error);
  g_assert_no_error (error);
  name = bs_catalogue_dup_name (again);
  g_assert_cmpstr (name, ==, "示例中心");
  /* A reopened file starts with no history. */
  g_assert_false (bs_catalogue_can_undo (again));
}

static void
test_schema_constraints (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  static const char *bad[] = {
    /* self-loop */
    "INSERT INTO theme_edge VALUES (1, 1, 1)",
    /* duplicate edge */
    "INSERT INTO theme_edge VALUES (1, 1, 2)",
    /* an end outside the theme */
    "INSERT INTO theme_edge VALUES (1, 1, 3)",
    /* an item of another theme */
    "INSERT INTO theme_edge VALUES (2, 1, 2)",
    /* item of an unknown department */
    "INSERT INTO item (code, name, department_id) VALUES ('z', 'Z', 99)",
    /* duplicate code */
    "INSERT INTO item (code, name, department_id) VALUES ('i1', 'again', 1)",
    /* empty name */
    "INSERT INTO department (code, name) VALUES ('d2', '')",
    /* bad enumeration */
    "UPDATE item SET handling = 'sometimes' WHERE id = 1",
    "UPDATE item SET legal_limit = -3 WHERE id = 1",
    "UPDATE material SET form = 'fax' WHERE id = 1",
    "UPDATE material SET source = 'neighbour' WHERE id = 1",
    "UPDATE material SET required = 2 WHERE id = 1",
    "UPDATE item SET item_type = 'licence' WHERE id = 1",
    "UPDATE item SET item_type = 'LICENSING' WHERE id = 1",
    "UPDATE item SET legal_limit_unit = 'weeks' WHERE id = 1",
    "UPDATE item SET committed_limit_unit = '' WHERE id = 1",
    /* a department that still has items */
    "DELETE FROM department WHERE id = 1",
    /* a category that still has themes */
    "DELETE FROM category WHERE id = 1",
    /* a theme item for an unknown item */
    "INSERT INTO theme_item (theme_id, item_id) VALUES (1, 42)",
  };

  g_assert_no_error (error);
  exec_ok (cat,
           "INSERT INTO department (id, code, name) VALUES (1, 'd1', 'D1');"
           "INSERT INTO item (id, code, name, department_id) VALUES (1, 'i1', 'I1', 1), (2, 'i2', 'I2', 1), (3, 'i3', 'I3', 1);"
           "INSERT INTO material (id, item_id, name) VALUES (1, 1, 'M');"
           "INSERT INTO category (id, code, name) VALUES (1, 'c1', 'C1');"
           "INSERT INTO theme (id, code, name, category_id) VALUES (1, 't1', 'T1', 1), (2, 't2', 'T2', 1);"
           "INSERT INTO theme_item (theme_id, item_id) VALUES (1, 1), (1, 2), (2, 3);"
           "INSERT INTO theme_edge VALUES (1, 1, 2);");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (bs_catalogue_exec (cat, bad[i], &e));
      g_assert_error (e, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
    }

  /* Removing an item takes its materials, theme places and edges along. */
  exec_ok (cat, "DELETE FROM item WHERE id = 1");
  g_assert_cmpint (bs_catalogue_count (cat, "material"), ==, 0);
  g_assert_cmpint (bs_catalogue_count (cat, "theme_edge"), ==, 0);
  g_assert_cmpint (bs_catalogue_count (cat, "theme_item"), ==, 2);
}

/* Bad files: each is refused with the right error and left untouched. */

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
assert_refused (const char *path,
                int         code)
{
  g_autofree char *before = file_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_open (path, &error);

  g_assert_null (cat);
  g_assert_error (error, BS_CATALOGUE_ERROR, code);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, "“"));
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_not_a_catalogue (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *text = g_build_filename (f->dir, "notes.banshi", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.banshi", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.sqlite", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.banshi", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_set_contents (text, "This is not a database, just some notes.\n", -1, NULL));
  assert_refused (text, BS_CATALOGUE_ERROR_NOT_A_CATALOGUE);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_refused (empty, BS_CATALOGUE_ERROR_NOT_A_CATALOGUE);

  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE photos (id INTEGER PRIMARY KEY, data BLOB)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused (other, BS_CATALOGUE_ERROR_NOT_A_CATALOGUE);

  cat = bs_catalogue_open (missing, &error);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  cat = bs_catalogue_open (f->dir, &error);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_A_CATALOGUE);
}

static char *
make_catalogue (Fixture    *f,
                const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_create (path, &error);

  g_assert_no_error (error);
  exec_ok (cat, "INSERT INTO department (code, name) VALUES ('d1', '市场监督管理局')");
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO item (code, name, department_id) "
                                              "VALUES ('i%d', '事项%d 食品经营许可', 1)", i, i);
      exec_ok (cat, sql);
    }
  bs_catalogue_close (cat);
  return g_steal_pointer (&path);
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = make_catalogue (f, "corrupt.banshi");
  g_autofree char *truncated = g_build_filename (f->dir, "truncated.banshi", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8192);

  /* Cut off in the middle of a page. */
  g_assert_true (g_file_set_contents (truncated, contents, length / 2 + 100, NULL));
  assert_refused (truncated, BS_CATALOGUE_ERROR_CORRUPT);

  /* Garbage over the pages after the header. */
  for (gsize i = 4096; i < length; i++)
    contents[i] = (char) (i * 7919);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  assert_refused (path, BS_CATALOGUE_ERROR_CORRUPT);

  /* Deferred, the same damage is found by the separate check. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (bs_catalogue_check_file (path, &error));
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CORRUPT);
  }
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (bs_catalogue_check_finish (BS_CATALOGUE (source), result, error));
  g_assert_nonnull (*error);
}

static void
test_deferred_check (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = make_catalogue (f, "deferred.banshi");
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  /* A sound file passes the check. */
  g_assert_true (bs_catalogue_check_file (path, &error));
  g_assert_no_error (error);

  /* Damage the last pages only: the header and schema still read fine, so
   * a deferred open succeeds and the check in a thread finds the damage. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize i = length - 8192; i < length; i++)
    contents[i] = (char) (i * 31);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  cat = bs_catalogue_open_full (path, BS_CATALOGUE_OPEN_DEFER_CHECK, &error);
  g_assert_no_error (error);
  bs_catalogue_check_async (cat, NULL, on_checked, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CORRUPT);
}

static void
test_altered_schema (Fixture       *f,
                     gconstpointer  data)
{
  static const char *alterations[] = {
    "CREATE TRIGGER spy AFTER INSERT ON item BEGIN SELECT 1; END",
    "DROP INDEX item_name",
    "CREATE TABLE extra (x)",
    "ALTER TABLE department ADD COLUMN secret TEXT",
  };

  for (guint i = 0; i < G_N_ELEMENTS (alterations); i++)
    {
      g_autofree char *file = g_strdup_printf ("altered-%u.banshi", i);
      g_autofree char *path = make_catalogue (f, file);
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, alterations[i], NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
      assert_refused (path, BS_CATALOGUE_ERROR_NOT_A_CATALOGUE);
    }
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = make_catalogue (f, "new.banshi");
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused (path, BS_CATALOGUE_ERROR_TOO_NEW);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = make_catalogue (f, "ro.banshi");

  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  assert_refused (path, BS_CATALOGUE_ERROR_READ_ONLY);
}

static void
test_save_as (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = make_catalogue (f, "orig.banshi");
  g_autofree char *copy = g_build_filename (f->dir, "copy.banshi", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_open (path, &error);
  g_autoptr(BsCatalogue) reopened = NULL;
  g_autofree char *a = NULL, *b = NULL;

  g_assert_no_error (error);
  g_assert_true (bs_catalogue_save_as (cat, copy, &error));
  g_assert_no_error (error);
  reopened = bs_catalogue_open (copy, &error);
  g_assert_no_error (error);
  a = dump (cat);
  b = dump (reopened);
  g_assert_cmpstr (a, ==, b);
}

/* Edits, undo and redo */

typedef struct
{
  guint count;
  BsChanges *last;
  gboolean could_undo;
  gboolean could_redo;
} ChangedLog;

static void
on_changed (BsCatalogue *cat,
            BsChanges   *changes,
            ChangedLog  *log)
{
  log->count++;
  /* Handlers see the history as it is after the change. */
  log->could_undo = bs_catalogue_can_undo (cat);
  log->could_redo = bs_catalogue_can_redo (cat);
  g_clear_pointer (&log->last, bs_changes_unref);
  log->last = bs_changes_ref (changes);
}

static void
test_edit_notify (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  ChangedLog log = { 0 };
  g_autoptr(GArray) found = NULL;

  g_signal_connect (cat, "changed", G_CALLBACK (on_changed), &log);

  g_assert_true (bs_catalogue_begin (cat, "Add", &error));
  exec_ok (cat, "INSERT INTO department (id, code, name) VALUES (7, 'd', '卫生健康委员会')");
  /* Nested edits join the outer one. */
  g_assert_true (bs_catalogue_begin (cat, "Inner", &error));
  exec_ok (cat, "INSERT INTO item (id, code, name, department_id) VALUES (3, 'x', '公共场所卫生许可', 7)");
  g_assert_true (bs_catalogue_commit (cat, &error));
  g_assert_cmpuint (log.count, ==, 0);
  g_assert_true (bs_catalogue_commit (cat, &error));
  g_assert_no_error (error);

  /* One notification naming the tables and rows. */
  g_assert_cmpuint (log.count, ==, 1);
  g_assert_cmpint (bs_changes_get_kind (log.last), ==, BS_CHANGE_EDIT);
  g_assert_cmpstr (bs_changes_get_label (log.last), ==, "Add");
  g_assert_true (log.could_undo);
  g_assert_false (log.could_redo);
  g_assert_true (bs_changes_has_row (log.last, BS_TABLE_DEPARTMENT, 7));
  g_assert_true (bs_changes_has_row (log.last, BS_TABLE_ITEM, 3));
  g_assert_false (bs_changes_has_table (log.last, BS_TABLE_THEME));
  g_assert_cmpstr (bs_catalogue_get_undo_label (cat), ==, "Add");

  /* The search index followed. */
  found = bs_catalogue_search_items (cat, "卫生许", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_array_unref);

  g_assert_true (bs_catalogue_undo (cat, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.count, ==, 2);
  g_assert_cmpint (bs_changes_get_kind (log.last), ==, BS_CHANGE_UNDO);
  g_assert_false (log.could_undo);
  g_assert_true (log.could_redo);
  g_assert_true (bs_changes_has_row (log.last, BS_TABLE_ITEM, 3));
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 0);
  found = bs_catalogue_search_items (cat, "卫生许", &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);
  g_assert_cmpstr (bs_catalogue_get_redo_label (cat), ==, "Add");

  g_assert_true (bs_catalogue_redo (cat, &error));
  g_assert_cmpuint (log.count, ==, 3);
  g_assert_cmpint (bs_changes_get_kind (log.last), ==, BS_CHANGE_REDO);
  g_assert_true (log.could_undo);
  g_assert_false (log.could_redo);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 1);
  found = bs_catalogue_search_items (cat, "卫生", &error);
  g_assert_cmpuint (found->len, ==, 1);

  /* A failed inner edit rolls the whole edit back. */
  g_assert_true (bs_catalogue_begin (cat, "Outer", &error));
  exec_ok (cat, "INSERT INTO department (code, name) VALUES ('d2', '税务局')");
  g_assert_true (bs_catalogue_begin (cat, "Inner", &error));
  bs_catalogue_rollback (cat);
  g_assert_false (bs_catalogue_commit (cat, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (bs_catalogue_count (cat, "department"), ==, 1);
  g_assert_false (bs_catalogue_in_edit (cat));
  g_assert_cmpuint (log.count, ==, 3);

  /* An edit that changes nothing leaves no undo step and no notification. */
  g_assert_true (bs_catalogue_begin (cat, "Nothing", &error));
  g_assert_true (bs_catalogue_commit (cat, &error));
  g_assert_cmpuint (log.count, ==, 3);
  g_assert_cmpstr (bs_catalogue_get_undo_label (cat), ==, "Add");

  /* Nothing left to redo. */
  g_assert_false (bs_catalogue_redo (cat, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOTHING_TO_UNDO);

  g_clear_pointer (&log.last, bs_changes_unref);
}

static void
test_search (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  static const struct { const char *query; guint count; } cases[] = {
    { "许可", 3 },          /* two characters: no trigram, still found */
    { "经营许可", 2 },
    { "食品经营", 1 },
    { "药", 1 },
    { "000131024000", 1 }, /* by code */
    { "0001310", 2 },
    { "0001230", 1 },
    { "a\"b", 0 },         /* FTS5 syntax is only text */
    { "NEAR(x y)", 0 },
    { "*", 0 },
    { "", 4 },             /* everything */
    { "   ", 4 },
  };

  g_assert_true (bs_catalogue_begin (cat, "Fill", &error));
  exec_ok (cat, "INSERT INTO department (id, code, name) VALUES (1, 'd', '市场监督管理局');"
                "INSERT INTO item (code, name, department_id) VALUES "
                "('000131024000', '食品经营许可（新办）', 1),"
                "('000131025000', '药品经营许可（零售）', 1),"
                "('000123018000', '饮用水供水单位卫生许可', 1),"
                "('x1', '营业执照', 1)");
  g_assert_true (bs_catalogue_commit (cat, &error));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) ids = bs_catalogue_search_items (cat, cases[i].query, &error);

      g_assert_no_error (error);
      g_test_message ("“%s”", cases[i].query);
      g_assert_cmpuint (ids->len, ==, cases[i].count);
    }
}

/* 100 random edits of every kind, then undo all (equal to the start) and
 * redo all (equal to the end). */
static void
test_random_undo_redo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  g_autofree char *start = NULL, *end = NULL;
  guint edits = 0, attempts = 0;

  /* A starting catalogue, which is not part of the history. */
  exec_ok (cat, "INSERT INTO department (id, code, name) VALUES (1, 'd1', '市场监督管理局'), (2, 'd2', '消防救援支队');"
                "INSERT INTO category (id, code, name) VALUES (1, 'c1', '准营准办');"
                "INSERT INTO theme (id, code, name, category_id) VALUES (1, 't1', '开餐馆', 1);"
                "INSERT INTO question (id, code, prompt) VALUES (1, 'q1', '为谁办理'), (2, 'q2', '是否销售卷烟');"
                "INSERT INTO question_option (id, question_id, code, label, position) VALUES"
                " (1, 1, 'self', '本人', 0), (2, 1, 'agent', '代理人', 1), (3, 2, 'yes', '是', 0), (4, 2, 'no', '否', 1);");
  for (int i = 1; i <= 10; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO item (id, code, name, department_id) VALUES (%d, 'i%d', '事项%d', %d);"
                                              "INSERT INTO item_fts (rowid, name, code) VALUES (%d, '事项%d', 'i%d');"
                                              "INSERT INTO material (item_id, name, position) VALUES (%d, '申请书', 0);",
                                              i, i, i, 1 + i % 2, i, i, i, i);
      exec_ok (cat, sql);
    }
  start = dump (cat);

  while (edits < 100)
    {
      g_autofree char *sql = NULL;
      g_autofree char *label = g_strdup_printf ("edit %u", attempts++);
      int a = g_rand_int_range (rand, 1, 40);
      int b = g_rand_int_range (rand, 1, 40);
      g_autoptr(GError) e = NULL;

      switch (g_rand_int_range (rand, 0, 19))
        {
        case 10:
          sql = g_strdup_printf ("INSERT OR IGNORE INTO theme_item_when (theme_id, item_id, grp, option_id) "
                                 "SELECT 1, item_id, %d, %d FROM theme_item WHERE theme_id = 1 "
                                 "ORDER BY item_id LIMIT 1 OFFSET %d", b % 2, 1 + a % 4, b % 5);
          break;
        case 11:
          sql = g_strdup_printf ("INSERT OR IGNORE INTO material_when (material_id, grp, option_id) "
                                 "SELECT id, 0, %d FROM material ORDER BY id LIMIT 1 OFFSET %d", 1 + a % 4, b % 5);
          break;
        case 12:
          sql = g_strdup_printf ("INSERT INTO theme_note (theme_id, item_id, position, text) "
                                 "SELECT 1, CASE WHEN %d THEN NULL ELSE item_id END, %d, '注意%u' "
                                 "FROM theme_item WHERE theme_id = 1 ORDER BY item_id LIMIT 1", a % 2, b, edits);
          break;
        case 13:
          sql = g_strdup_printf ("INSERT OR IGNORE INTO theme_question (theme_id, question_id, position) "
                                 "VALUES (1, %d, %d)", 1 + a % 2, b);
          break;
        case 14:
          sql = g_strdup_printf ("DELETE FROM theme_question WHERE theme_id = 1 AND question_id = %d", 1 + a % 2);
          break;
        case 15:
          sql = g_strdup_printf ("INSERT OR IGNORE INTO theme_question_when (theme_id, question_id, grp, option_id) "
                                 "SELECT 1, question_id, 0, %d FROM theme_question WHERE theme_id = 1 "
                                 "ORDER BY question_id LIMIT 1", 1 + a % 4);
          break;
        case 16:
          sql = g_strdup_printf ("INSERT INTO theme_note_when (note_id, grp, option_id) "
                                 "SELECT id, 0, %d FROM theme_note ORDER BY id DESC LIMIT 1", 1 + a % 4);
          break;
        case 17:
          sql = g_strdup_printf ("INSERT INTO question_option (question_id, code, label, position) "
                                 "VALUES (%d, 'o%u', '选项%u', %d)", 1 + a % 2, edits, edits, b);
          break;
        case 18:
          /* Refused while a condition uses it. */
          sql = g_strdup_printf ("DELETE FROM question_option WHERE id = %d", 1 + a % 6);
          break;
        case 0:
          sql = g_strdup_printf ("INSERT INTO item (code, name, department_id, legal_limit) "
                                 "VALUES ('n%u', '新事项%u 许可', %d, %d)", edits, edits, 1 + a % 2, b);
          break;
        case 1:
          sql = g_strdup_printf ("UPDATE item SET name = '改名%u', committed_limit = %d WHERE id = %d", edits, b, a);
          break;
        case 2:
          sql = g_strdup_printf ("DELETE FROM item WHERE id = %d", a);
          break;
        case 3:
          sql = g_strdup_printf ("INSERT INTO material (item_id, name, position, required) "
                                 "SELECT id, '材料%u', %d, %d FROM item WHERE id = %d", edits, b, b % 2, a);
          break;
        case 4:
          sql = g_strdup_printf ("DELETE FROM material WHERE id IN (SELECT id FROM material ORDER BY id LIMIT 1 OFFSET %d)", b % 5);
          break;
        case 5:
        case 6:
          sql = g_strdup_printf ("INSERT OR IGNORE INTO theme_item (theme_id, item_id, position) "
                                 "SELECT 1, id, %d FROM item WHERE id = %d", b, a);
          break;
        case 7:
          sql = g_strdup_printf ("INSERT OR IGNORE INTO theme_edge (theme_id, before_id, after_id) "
                                 "SELECT 1, x.item_id, y.item_id FROM theme_item x, theme_item y "
                                 "WHERE x.theme_id = 1 AND y.theme_id = 1 AND x.item_id < y.item_id "
                                 "ORDER BY x.item_id, y.item_id LIMIT 1 OFFSET %d", b % 6);
          break;
        case 8:
          sql = g_strdup_printf ("DELETE FROM theme_item WHERE theme_id = 1 AND item_id = %d", a);
          break;
        default:
          sql = g_strdup_printf ("UPDATE department SET name = '部门%u' WHERE id = %d", edits, 1 + a % 2);
          break;
        }

      g_assert_true (bs_catalogue_begin (cat, label, &e));
      if (!bs_catalogue_exec (cat, sql, &e))
        {
          bs_catalogue_rollback (cat);
          continue;
        }
      g_assert_true (bs_catalogue_commit (cat, &e));
      g_assert_no_error (e);
      /* Count only edits that changed something: those are undo steps. */
      if (g_strcmp0 (bs_catalogue_get_undo_label (cat), label) == 0)
        edits++;
    }
  end = dump (cat);
  g_assert_cmpstr (start, !=, end);

  for (guint i = 0; i < edits; i++)
    {
      g_assert_true (bs_catalogue_undo (cat, &error));
      g_assert_no_error (error);
    }
  g_assert_false (bs_catalogue_can_undo (cat));
  {
    g_autofree char *now = dump (cat);

    g_assert_cmpstr (now, ==, start);
  }

  for (guint i = 0; i < edits; i++)
    {
      g_assert_true (bs_catalogue_redo (cat, &error));
      g_assert_no_error (error);
    }
  g_assert_false (bs_catalogue_can_redo (cat));
  {
    g_autofree char *now = dump (cat);

    g_assert_cmpstr (now, ==, end);
  }
}

/* A change made behind the catalogue's back makes undo refuse, untouched. */
static void
test_undo_conflict (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  g_autofree char *before = NULL, *after = NULL;

  g_assert_true (bs_catalogue_begin (cat, "Add", &error));
  exec_ok (cat, "INSERT INTO department (id, code, name) VALUES (1, 'd', 'D')");
  g_assert_true (bs_catalogue_commit (cat, &error));
  exec_ok (cat, "UPDATE department SET name = 'changed elsewhere' WHERE id = 1");

  before = dump (cat);
  g_assert_false (bs_catalogue_undo (cat, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED);
  after = dump (cat);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (bs_catalogue_can_undo (cat));
}

static void
on_adopted_changed_cb (BsCatalogue *cat,
                       BsChanges   *changes,
                       gpointer     user_data)
{
  guint *n_items = user_data;

  *n_items += bs_changes_get_rows (changes, BS_TABLE_ITEM)->len;
}

/* An edit made on a second connection (a worker's) becomes the first
 * connection's: undoable there, and announced there. */
static void
test_adopt_edit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "adopt.banshi", NULL);
  g_autofree char *other_path = g_build_filename (f->dir, "other.banshi", NULL);
  g_autoptr(BsCatalogue) cat = bs_catalogue_create (path, &error);
  g_autoptr(BsCatalogue) worker = NULL;
  g_autoptr(BsCatalogue) stranger = NULL;
  g_autofree char *before = NULL, *after = NULL, *undone = NULL;
  guint n_items = 0;

  g_assert_no_error (error);
  g_assert_true (bs_catalogue_begin (cat, "Department", &error));
  exec_ok (cat, "INSERT INTO department (id, code, name) VALUES (1, 'd', 'D')");
  g_assert_true (bs_catalogue_commit (cat, &error));
  before = dump (cat);
  g_signal_connect (cat, "changed", G_CALLBACK (on_adopted_changed_cb), &n_items);

  worker = bs_catalogue_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_begin (worker, "Import 2 items", &error));
  exec_ok (worker, "INSERT INTO item (id, code, name, department_id) VALUES (1, 'a', 'A', 1), (2, 'b', 'B', 1)");
  g_assert_true (bs_catalogue_commit (worker, &error));

  g_assert_true (bs_catalogue_adopt_edit (cat, worker, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items, ==, 2);
  g_assert_false (bs_catalogue_can_undo (worker));
  g_assert_cmpstr (bs_catalogue_get_undo_label (cat), ==, "Import 2 items");
  after = dump (cat);
  g_assert_cmpstr (before, !=, after);

  g_assert_true (bs_catalogue_undo (cat, &error));
  g_assert_no_error (error);
  undone = dump (cat);
  g_assert_cmpstr (before, ==, undone);
  g_assert_true (bs_catalogue_redo (cat, &error));
  g_clear_pointer (&undone, g_free);
  undone = dump (cat);
  g_assert_cmpstr (after, ==, undone);

  /* Nothing more to adopt: a no-op. Another file's edit: refused. */
  g_assert_true (bs_catalogue_adopt_edit (cat, worker, &error));
  g_assert_cmpstr (bs_catalogue_get_undo_label (cat), ==, "Import 2 items");
  stranger = bs_catalogue_create (other_path, &error);
  g_assert_no_error (error);
  g_assert_false (bs_catalogue_adopt_edit (cat, stranger, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED);
}

static void
test_changes (void)
{
  g_autoptr(BsChanges) changes = bs_changes_new (BS_CHANGE_EDIT, "x");
  const GArray *rows;
  BsTable table;

  g_assert_true (bs_changes_is_empty (changes));
  bs_changes_add (changes, BS_TABLE_ITEM, 9);
  bs_changes_add (changes, BS_TABLE_ITEM, 2);
  bs_changes_add (changes, BS_TABLE_ITEM, 9);
  rows = bs_changes_get_rows (changes, BS_TABLE_ITEM);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (g_array_index (rows, gint64, 0), ==, 2);
  g_assert_cmpint (g_array_index (rows, gint64, 1), ==, 9);
  g_assert_cmpuint (bs_changes_get_rows (changes, BS_TABLE_THEME)->len, ==, 0);
  g_assert_true (bs_table_from_name ("theme_edge", &table));
  g_assert_cmpint (table, ==, BS_TABLE_THEME_EDGE);
  g_assert_false (bs_table_from_name ("item_fts", NULL));
  g_assert_false (bs_table_from_name ("sqlite_schema", NULL));
}

/* A catalogue of version 4, as Banshi 4 made it, with an item in a theme,
 * materials, a situation on a material, a task and handling records:
 * version 5 rebuilds the item and material tables, and every row, id and
 * reference is still there, the rules too. */
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

static char *
dump_rows (BsCatalogue *cat,
           const char  *sql)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bs_catalogue_prepare (cat, sql, &error);

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, c);

          g_string_append_printf (out, "%s|", value != NULL ? value : "NULL");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_reset (stmt);
  return g_string_free (out, FALSE);
}

static void
test_migrate_from_4 (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "v4.banshi", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = NULL;
  g_autofree char *items = NULL;
  g_autofree char *materials = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_resource (db, "0001.sql");
  exec_resource (db, "0002.sql");
  exec_resource (db, "0003.sql");
  exec_resource (db, "0004.sql");
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA foreign_keys = ON;"
                                 "INSERT INTO catalogue_meta VALUES ('name', '旧目录');"
                                 "INSERT INTO department (id, code, name) VALUES (1, 'D1', '市场监管局');"
                                 "INSERT INTO item (id, code, name, department_id, item_type, legal_limit,"
                                 " committed_limit_unit, handling, visits, fees)"
                                 " VALUES (7, 'A001', '营业执照', 1, 'public-service', 20, 'calendar-days',"
                                 " 'on-the-spot', 1, '免费'), (9, 'A002', '食品经营许可', 1, 'licensing',"
                                 " NULL, 'working-days', 'committed', NULL, '');"
                                 "INSERT INTO item_fts (rowid, name, code) VALUES (7, '营业执照', 'A001'),"
                                 " (9, '食品经营许可', 'A002');"
                                 "INSERT INTO material (id, item_id, position, name, form, source, required,"
                                 " form_url) VALUES (30, 7, 0, '申请书', 'electronic', 'government', 0,"
                                 " 'https://example.org/f'), (31, 9, 0, '身份证', 'copy', 'applicant', 1, '');"
                                 "INSERT INTO category (id, code, name) VALUES (1, 'C1', '开办');"
                                 "INSERT INTO theme (id, code, name, category_id) VALUES (1, 'T1', '开餐馆', 1);"
                                 "INSERT INTO theme_item (theme_id, item_id) VALUES (1, 7), (1, 9);"
                                 "INSERT INTO theme_edge VALUES (1, 7, 9);"
                                 "INSERT INTO question (id, code, prompt) VALUES (1, 'Q1', '是否连锁');"
                                 "INSERT INTO question_option (id, question_id, code, label) VALUES (1, 1, 'yes', '是');"
                                 "INSERT INTO material_when (material_id, grp, option_id) VALUES (31, 0, 1);"
                                 "INSERT INTO channel (id, name) VALUES (1, '窗口');"
                                 "INSERT INTO record (day, item_id, applicant, channel_id, department_id)"
                                 " VALUES (19800, 7, 42, 1, 1), (19801, 9, 42, 1, 1);"
                                 "PRAGMA application_id = 1112754249; PRAGMA user_version = 4;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  cat = bs_catalogue_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (BS_CATALOGUE_SCHEMA_VERSION, >=, 5);
  items = dump_rows (cat, "SELECT * FROM item ORDER BY id");
  materials = dump_rows (cat, "SELECT * FROM material ORDER BY id");
  g_assert_cmpstr (items, ==,
                   "7|A001|营业执照|1|public-service|0|||20|working-days|NULL|calendar-days|on-the-spot|1|免费||||||\n"
                   "9|A002|食品经营许可|1|licensing|0|||NULL|working-days|NULL|working-days|committed|NULL|||||||\n");
  g_assert_cmpstr (materials, ==,
                   "30|7|0|申请书|electronic|1|government|0||https://example.org/f||\n"
                   "31|9|0|身份证|copy|1|applicant|1||||\n");
  g_assert_cmpint (bs_catalogue_count (cat, "theme_item"), ==, 2);
  g_assert_cmpint (bs_catalogue_count (cat, "theme_edge"), ==, 1);
  g_assert_cmpint (bs_catalogue_count (cat, "material_when"), ==, 1);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 2);
  {
    g_autoptr(GArray) found = bs_catalogue_search_items (cat, "经营许可", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpint (g_array_index (found, gint64, 0), ==, 9);
  }

  /* The rules hold after the rebuild... */
  g_assert_false (bs_catalogue_exec (cat, "UPDATE item SET item_type = 'fine' WHERE id = 7", NULL));
  g_assert_false (bs_catalogue_exec (cat, "UPDATE material SET form = 'fax' WHERE id = 30", NULL));
  g_assert_false (bs_catalogue_exec (cat, "INSERT INTO material (item_id, name) VALUES (99, 'X')", NULL));
  /* ...and so do the references: removing an item takes its materials,
   * theme place, edge and records along. */
  g_assert_true (bs_catalogue_exec (cat, "DELETE FROM item WHERE id = 9", NULL));
  g_assert_cmpint (bs_catalogue_count (cat, "material"), ==, 1);
  g_assert_cmpint (bs_catalogue_count (cat, "material_when"), ==, 0);
  g_assert_cmpint (bs_catalogue_count (cat, "theme_edge"), ==, 0);
  g_assert_cmpint (bs_catalogue_count (cat, "record"), ==, 1);
  bs_catalogue_close (cat);
  g_clear_object (&cat);

  /* Opens again: the migrated schema is exactly the one a new file has. */
  cat = bs_catalogue_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/catalogue/create-and-reopen", Fixture, NULL, fixture_set_up, test_create_and_reopen, fixture_tear_down);
  g_test_add ("/catalogue/not-a-catalogue", Fixture, NULL, fixture_set_up, test_not_a_catalogue, fixture_tear_down);
  g_test_add ("/catalogue/corrupt", Fixture, NULL, fixture_set_up, test_corrupt, fixture_tear_down);
  g_test_add ("/catalogue/deferred-check", Fixture, NULL, fixture_set_up, test_deferred_check, fixture_tear_down);
  g_test_add ("/catalogue/altered-schema", Fixture, NULL, fixture_set_up, test_altered_schema, fixture_tear_down);
  g_test_add ("/catalogue/too-new", Fixture, NULL, fixture_set_up, test_too_new, fixture_tear_down);
  g_test_add ("/catalogue/read-only", Fixture, NULL, fixture_set_up, test_read_only, fixture_tear_down);
  g_test_add ("/catalogue/save-as", Fixture, NULL, fixture_set_up, test_save_as, fixture_tear_down);
  g_test_add ("/catalogue/migrate-from-4", Fixture, NULL, fixture_set_up, test_migrate_from_4, fixture_tear_down);
  g_test_add ("/catalogue/adopt-edit", Fixture, NULL, fixture_set_up, test_adopt_edit, fixture_tear_down);
  g_test_add_func ("/catalogue/schema-constraints", test_schema_constraints);
  g_test_add_func ("/catalogue/edit-notify", test_edit_notify);
  g_test_add_func ("/catalogue/search", test_search);
  g_test_add_func ("/catalogue/random-undo-redo", test_random_undo_redo);
  g_test_add_func ("/catalogue/undo-conflict", test_undo_conflict);
  g_test_add_func ("/catalogue/changes", test_changes);

  return g_test_run ();
}
