/* bs-catalogue.c: one catalogue, one SQLite file
 *
 * Opening checks the file before anything writes to it: a file that is not
 * ours, damaged, from a newer Banshi or read-only is refused untouched.
 *
 * Every change happens inside an edit: one transaction during which the
 * session extension records a changeset. Undo applies the inverse
 * changeset, redo the changeset itself, so undo needs no per-feature code.
 * The update hook collects the rows touched; after each commit, undo and
 * redo the catalogue emits one "changed" signal with them.
 *
 * Commits, undo and redo also append the audit records of the rollout
 * tables they changed (bs-audit.c), from the same changeset and in the same
 * transaction; the audit tables are outside the session, so never undone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bs-audit-private.h"
#include "bs-catalogue.h"
#include "bs-core-resources.h"

#define MAX_UNDO 500

typedef struct
{
  char *label;
  void *changeset;
  int size;
} BsAction;

struct _BsCatalogue
{
  GObject parent_instance;

  sqlite3 *db;
  char *path; /* NULL for an in-memory catalogue */
  GHashTable *statements; /* SQL text → sqlite3_stmt */

  /* The edit in progress */
  guint edit_depth;
  gboolean edit_failed;
  sqlite3_session *session;
  BsChanges *pending;
  int last_table;   /* the table of the last row written (a BsTable), or -1 */

  gboolean edit_audited; /* FALSE: the edit writes its audit records itself */

  GQueue undo; /* BsAction, newest at the head */
  GQueue redo;
  BsChanges *last_changes; /* of the last commit, for bs_catalogue_adopt_edit() */

  BsClockFunc clock; /* NULL: the system clock */
  gpointer clock_data;
  GDestroyNotify clock_destroy;
  BsDate fixed_today; /* the date of bs_catalogue_set_today()'s clock */
  char *user_name; /* NULL: the operating system's */
};

G_DEFINE_FINAL_TYPE (BsCatalogue, bs_catalogue, G_TYPE_OBJECT)

G_DEFINE_QUARK (bs-catalogue-error-quark, bs_catalogue_error)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bs_action_free (BsAction *action)
{
  g_free (action->label);
  sqlite3_free (action->changeset);
  g_free (action);
}

static void
clear_actions (GQueue *queue)
{
  g_queue_clear_full (queue, (GDestroyNotify) bs_action_free);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
bs_catalogue_finalize (GObject *object)
{
  BsCatalogue *self = BS_CATALOGUE (object);

  bs_catalogue_close (self);
  bs_catalogue_set_clock (self, NULL, NULL, NULL);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->last_changes, bs_changes_unref);
  g_free (self->path);
  g_free (self->user_name);

  G_OBJECT_CLASS (bs_catalogue_parent_class)->finalize (object);
}

static void
bs_catalogue_class_init (BsCatalogueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_catalogue_finalize;

  /**
   * BsCatalogue::changed:
   * @changes: the tables and rows touched, and whether by an edit, an undo
   *   or a redo
   *
   * Emitted once after each commit, undo and redo that changed something.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1,
                                   BS_TYPE_CHANGES | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
bs_catalogue_init (BsCatalogue *self)
{
  self->edit_audited = TRUE;
  self->last_table = -1;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
}

/* Errors */

static int
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      return BS_CATALOGUE_ERROR_CONSTRAINT;
    case SQLITE_NOTADB:
      return BS_CATALOGUE_ERROR_NOT_A_CATALOGUE;
    case SQLITE_CORRUPT:
      return BS_CATALOGUE_ERROR_CORRUPT;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return BS_CATALOGUE_ERROR_READ_ONLY;
    default:
      return BS_CATALOGUE_ERROR_FAILED;
    }
}

void
bs_catalogue_set_error_from_db (BsCatalogue  *self,
                                GError      **error)
{
  int rc = sqlite3_extended_errcode (self->db);

  g_set_error (error, BS_CATALOGUE_ERROR, error_code_for_sqlite (rc),
               "%s", sqlite3_errmsg (self->db));
}

/* Statements */

sqlite3 *
bs_catalogue_get_db (BsCatalogue *self)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  return self->db;
}

sqlite3_stmt *
bs_catalogue_prepare (BsCatalogue  *self,
                      const char   *sql,
                      GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (self->db != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      bs_catalogue_set_error_from_db (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
bs_catalogue_exec (BsCatalogue  *self,
                   const char   *sql,
                   GError      **error)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      bs_catalogue_set_error_from_db (self, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
bs_catalogue_step_done (BsCatalogue   *self,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
query_int64 (BsCatalogue  *self,
             const char   *sql,
             gint64       *out_value,
             GError      **error)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        *out_value = 0;
      else
        {
          bs_catalogue_set_error_from_db (self, error);
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  else
    *out_value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

gint64
bs_catalogue_count (BsCatalogue *self,
                    const char  *table)
{
  g_autofree char *sql = NULL;
  gint64 count = 0;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), -1);
  /* Only names we know reach SQL. */
  g_return_val_if_fail (bs_table_from_name (table, NULL), -1);

  sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  if (!query_int64 (self, sql, &count, NULL))
    return -1;
  return count;
}

/* Opening */

static void
on_update (void          *user_data,
           int            op,
           const char    *database,
           const char    *table,
           sqlite3_int64  rowid)
{
  BsCatalogue *self = user_data;
  BsTable t;

  /* Only the catalogue's own tables (an import stages its rows in temp);
   * rows come by the thousand from one table, so that one is tried
   * first. */
  if (self->pending == NULL || strcmp (database, "main") != 0)
    return;
  if (self->last_table >= 0 && strcmp (table, bs_table_get_name (self->last_table)) == 0)
    t = self->last_table;
  else if (bs_table_from_name (table, &t))
    self->last_table = (int) t;
  else
    return;
  /* An item's records go with it by the thousand: the table is enough. */
  if (bs_table_is_undoable (t))
    bs_changes_add (self->pending, t, rowid);
  else
    bs_changes_add_table (self->pending, t);
}

static gboolean
configure_connection (BsCatalogue  *self,
                      GError      **error)
{
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  /* The file may come from someone else: no writes to the schema by SQL,
   * no functions with side effects from its schema, no double-quoted
   * string literals. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_update_hook (self->db, on_update, self);
  return TRUE;
}

static const char *
display_name (const char *path)
{
  return path != NULL ? path : ":memory:";
}

/* Reads the header of the file without writing anything. */
/* PRAGMA quick_check reads every page: damage anywhere shows here rather
 * than in the middle of some later edit. */
static gboolean
check_pages_of (sqlite3     *db,
                const char  *name,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_ROW &&
       g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (!ok)
    g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CORRUPT,
                 _("“%s” is damaged and cannot be opened"), name);
  return ok;
}

static gboolean migrate (BsCatalogue *self, gint64 from_version, gint64 to_version, GError **error);

/* The schema as text: every table, index and trigger with its SQL. */
static char *
dup_schema (sqlite3 *db)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT type, name, tbl_name, coalesce (sql, '') FROM sqlite_schema "
                          "ORDER BY type, name",
                          -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      for (int c = 0; c < 4; c++)
        g_string_append_printf (out, "%s%c", (const char *) sqlite3_column_text (stmt, c),
                                c == 3 ? '\n' : '|');
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

/* A catalogue's schema must be exactly the one its version's migrations
 * make: a file whose tables were altered elsewhere (views in place of
 * tables, extra triggers, dropped constraints) is refused, since Banshi's
 * rules live in that schema. */
static gboolean
schema_is_pristine (BsCatalogue *self,
                    gint64       version)
{
  g_autoptr(BsCatalogue) expected = g_object_new (BS_TYPE_CATALOGUE, NULL);
  g_autofree char *want = NULL;
  g_autofree char *have = NULL;

  if (sqlite3_open_v2 (":memory:", &expected->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
      !migrate (expected, 0, version, NULL))
    return FALSE;
  want = dup_schema (expected->db);
  have = dup_schema (self->db);
  return g_strcmp0 (want, have) == 0;
}

static gboolean
check_file (BsCatalogue  *self,
            gboolean      created,
            gboolean      check_pages,
            gint64       *out_version,
            GError      **error)
{
  gint64 app_id = 0, version = 0, objects = 0;
  g_autofree char *name = g_filename_display_name (display_name (self->path));

  if (!query_int64 (self, "PRAGMA application_id", &app_id, NULL) ||
      !query_int64 (self, "PRAGMA user_version", &version, NULL) ||
      !query_int64 (self, "SELECT count(*) FROM sqlite_schema", &objects, NULL))
    {
      int rc = sqlite3_extended_errcode (self->db) & 0xff;

      if (rc == SQLITE_CORRUPT)
        g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CORRUPT,
                     _("“%s” is damaged and cannot be opened"), name);
      else if (rc == SQLITE_NOTADB)
        g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_A_CATALOGUE,
                     _("“%s” is not a Banshi catalogue"), name);
      else
        g_set_error (error, BS_CATALOGUE_ERROR, error_code_for_sqlite (rc),
                     _("“%s” cannot be read: %s"), name, sqlite3_errmsg (self->db));
      return FALSE;
    }

  if (!created && (app_id != BS_CATALOGUE_APPLICATION_ID || objects == 0))
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_A_CATALOGUE,
                   objects == 0 ? _("“%s” is empty, not a Banshi catalogue")
                                : _("“%s” is an SQLite database, but not a Banshi catalogue"),
                   name);
      return FALSE;
    }
  /* user_version is a signed 32-bit number: below 0 no Banshi wrote it. */
  if (version < 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CORRUPT,
                   _("“%s” is damaged and cannot be opened"), name);
      return FALSE;
    }
  if (version > BS_CATALOGUE_SCHEMA_VERSION)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_TOO_NEW,
                   _("“%s” was made by a newer version of Banshi (catalogue version %d; "
                     "this version reads up to %d). Update Banshi to open it."),
                   name, (int) version, BS_CATALOGUE_SCHEMA_VERSION);
      return FALSE;
    }

  if (!created && !schema_is_pristine (self, version))
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_A_CATALOGUE,
                   _("“%s” is not a valid Banshi catalogue: its structure was changed "
                     "outside Banshi"),
                   name);
      return FALSE;
    }
  if (!created && check_pages && !check_pages_of (self->db, name, error))
    return FALSE;

  *out_version = version;
  return TRUE;
}

/* Fails when a row refers to one that is not there. */
static gboolean
check_foreign_keys (BsCatalogue  *self,
                    GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      bs_catalogue_set_error_from_db (self, error);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CORRUPT,
                 _("a row of “%s” refers to one that is missing"),
                 (const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    bs_catalogue_set_error_from_db (self, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
migrate (BsCatalogue  *self,
         gint64        from_version,
         gint64        to_version,
         GError      **error)
{
  for (gint64 v = from_version + 1; v <= to_version; v++)
    {
      g_autofree char *path = g_strdup_printf ("/io/github/banshi/Banshi/sql/%04d.sql", (int) v);
      g_autofree char *pragma = NULL;
      g_autoptr(GBytes) sql = g_resource_lookup_data (bs_core_get_resource (), path, 0, error);
      g_autofree char *text = NULL;

      if (sql == NULL)
        return FALSE;
      text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));

      /* A migration may rebuild a table others refer to (0005): foreign
       * keys are off while it runs, as SQLite's procedure for that says,
       * and checked before it commits. */
      if (!bs_catalogue_exec (self, "PRAGMA foreign_keys = OFF", error))
        return FALSE;
      if (!bs_catalogue_exec (self, "BEGIN IMMEDIATE", error))
        {
          bs_catalogue_exec (self, "PRAGMA foreign_keys = ON", NULL);
          return FALSE;
        }
      pragma = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                BS_CATALOGUE_APPLICATION_ID, (int) v);
      if (!bs_catalogue_exec (self, text, error) ||
          !check_foreign_keys (self, error) ||
          !bs_catalogue_exec (self, pragma, error) ||
          !bs_catalogue_exec (self, "COMMIT", error))
        {
          g_prefix_error (error, _("Could not upgrade the catalogue to version %d: "), (int) v);
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          bs_catalogue_exec (self, "PRAGMA foreign_keys = ON", NULL);
          return FALSE;
        }
      if (!bs_catalogue_exec (self, "PRAGMA foreign_keys = ON", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
has_write_bits (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) != 0;
}

static BsCatalogue *
open_file (const char            *path,
           gboolean               create,
           BsCatalogueOpenFlags   flags,
           GError               **error)
{
  g_autoptr(BsCatalogue) self = g_object_new (BS_TYPE_CATALOGUE, NULL);
  g_autofree char *name = path ? g_filename_display_name (path) : NULL;
  int open_flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE;
  gint64 version = 0;

  if (path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);

      if (create && exists)
        {
          g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_EXISTS,
                       _("“%s” already exists"), name);
          return NULL;
        }
      if (!create && !exists)
        {
          g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                       _("“%s” does not exist"), name);
          return NULL;
        }
      if (!create && g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_A_CATALOGUE,
                       _("“%s” is a folder, not a Banshi catalogue"), name);
          return NULL;
        }
      /* The write-ahead log lives beside the file: both must be writable.
       * A file without write permission bits is read-only even for root,
       * who could write it anyway: its owner meant it not to change. */
      if ((!create && (g_access (path, R_OK | W_OK) != 0 || !has_write_bits (path))) ||
          g_access (dir, W_OK) != 0)
        {
          g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_READ_ONLY,
                       g_access (path, R_OK) != 0 && !create
                         ? _("“%s” cannot be read: you do not have permission")
                         : _("“%s” is read-only; Banshi saves every change at once, so it "
                             "needs a catalogue it can write. Save a copy elsewhere or change "
                             "the file’s permissions."),
                       name);
          return NULL;
        }
      if (create)
        open_flags |= SQLITE_OPEN_CREATE;
      self->path = g_strdup (path);
    }
  else
    open_flags |= SQLITE_OPEN_MEMORY | SQLITE_OPEN_CREATE;

  if (sqlite3_open_v2 (path ? path : ":memory:", &self->db, open_flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                   _("“%s” cannot be opened: %s"), display_name (path),
                   self->db ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }
  configure_connection (self, NULL);

  if (!check_file (self, create || path == NULL,
                   !(flags & BS_CATALOGUE_OPEN_DEFER_CHECK), &version, error))
    {
      bs_catalogue_close (self);
      return NULL;
    }

  /* From here on the file is ours and may be written. WAL comes after the
   * migrations: switching rewrites the file's header at once, while a
   * migration that fails rolls back and leaves the file as it was. */
  if (!bs_catalogue_exec (self, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768;", error) ||
      !migrate (self, version, BS_CATALOGUE_SCHEMA_VERSION, error) ||
      (path != NULL && !bs_catalogue_exec (self, "PRAGMA journal_mode = WAL", error)))
    {
      bs_catalogue_close (self);
      if (create && path != NULL)
        g_unlink (path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

BsCatalogue *
bs_catalogue_create (const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_file (path, TRUE, BS_CATALOGUE_OPEN_DEFAULT, error);
}

BsCatalogue *
bs_catalogue_open (const char  *path,
                   GError     **error)
{
  return bs_catalogue_open_full (path, BS_CATALOGUE_OPEN_DEFAULT, error);
}

BsCatalogue *
bs_catalogue_open_full (const char            *path,
                        BsCatalogueOpenFlags   flags,
                        GError               **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_file (path, FALSE, flags, error);
}

BsCatalogue *
bs_catalogue_new_in_memory (GError **error)
{
  return open_file (NULL, TRUE, BS_CATALOGUE_OPEN_DEFAULT, error);
}

gboolean
bs_catalogue_check_file (const char  *path,
                         GError     **error)
{
  g_autofree char *name = NULL;
  sqlite3 *db = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  name = g_filename_display_name (path);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                   _("“%s” cannot be opened: %s"), name,
                   db ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  ok = check_pages_of (db, name, error);
  sqlite3_close (db);
  return ok;
}

static void
check_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (bs_catalogue_check_file (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
bs_catalogue_check_async (BsCatalogue         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BS_IS_CATALOGUE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_catalogue_check_async);
  if (self->path == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, check_in_thread);
}

gboolean
bs_catalogue_check_finish (BsCatalogue   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
bs_catalogue_get_path (BsCatalogue *self)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  return self->path;
}

void
bs_catalogue_close (BsCatalogue *self)
{
  g_return_if_fail (BS_IS_CATALOGUE (self));

  if (self->db == NULL)
    return;
  if (self->edit_depth > 0)
    {
      self->edit_depth = 1;
      bs_catalogue_rollback (self);
    }
  clear_actions (&self->undo);
  clear_actions (&self->redo);
  g_hash_table_remove_all (self->statements);
  sqlite3_close_v2 (self->db);
  self->db = NULL;
}

gboolean
bs_catalogue_save_as (BsCatalogue  *self,
                      const char   *path,
                      GError      **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *name = g_filename_display_name (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (self->edit_depth == 0, FALSE);

  if (self->path != NULL && g_strcmp0 (self->path, path) == 0)
    return TRUE;

  /* Copy into a temporary file beside the target, then rename: the target
   * is either the old file or the whole new copy. */
  tmp = g_strdup_printf ("%s.%08x.tmp", path, g_random_int ());
  rc = sqlite3_open_v2 (tmp, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", self->db, "main");
      if (backup != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      rc = sqlite3_errcode (dest);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, error_code_for_sqlite (rc),
                   _("Could not save a copy as “%s”: %s"), name,
                   dest ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
      sqlite3_close (dest);
      g_unlink (tmp);
      return FALSE;
    }
  sqlite3_close (dest);

  g_unlink (wal);
  g_unlink (shm);
  if (g_rename (tmp, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not save a copy as “%s”: %s"), name, g_strerror (saved_errno));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

/* Meta */

char *
bs_catalogue_dup_name (BsCatalogue *self)
{
  sqlite3_stmt *stmt;
  char *name = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, "SELECT value FROM catalogue_meta WHERE key = 'name'", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return name != NULL ? name : g_strdup ("");
}

gboolean
bs_catalogue_set_name (BsCatalogue  *self,
                       const char   *name,
                       GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!bs_catalogue_begin (self, _("Rename Catalogue"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self,
                               "INSERT INTO catalogue_meta (key, value) VALUES ('name', ?1) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

/* The clock, the user and the reference date */

void
bs_catalogue_set_clock (BsCatalogue    *self,
                        BsClockFunc     clock,
                        gpointer        user_data,
                        GDestroyNotify  destroy)
{
  g_return_if_fail (BS_IS_CATALOGUE (self));

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  self->clock = clock;
  self->clock_data = user_data;
  self->clock_destroy = destroy;
}

static GDateTime *
fixed_today_clock (gpointer user_data)
{
  BsCatalogue *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year, month, day;

  bs_date_get_ymd (self->fixed_today, &year, &month, &day);
  return g_date_time_new_local (year, month, day, g_date_time_get_hour (now),
                                g_date_time_get_minute (now), g_date_time_get_seconds (now));
}

void
bs_catalogue_set_today (BsCatalogue *self,
                        BsDate       today)
{
  g_return_if_fail (BS_IS_CATALOGUE (self));

  self->fixed_today = today;
  bs_catalogue_set_clock (self, today != BS_DATE_NONE ? fixed_today_clock : NULL, self, NULL);
}

GDateTime *
bs_catalogue_get_now (BsCatalogue *self)
{
  GDateTime *now = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (self->clock != NULL)
    now = self->clock (self->clock_data);
  return now != NULL ? now : g_date_time_new_now_local ();
}

BsDate
bs_catalogue_get_today (BsCatalogue *self)
{
  g_autoptr(GDateTime) now = NULL;
  BsDate reference;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), BS_DATE_NONE);

  if (self->clock == NULL && (reference = bs_catalogue_get_reference_date (self)) != BS_DATE_NONE)
    return reference;
  now = bs_catalogue_get_now (self);
  return bs_date_from_date_time (now);
}

BsDate
bs_catalogue_get_reference_date (BsCatalogue *self)
{
  sqlite3_stmt *stmt;
  BsDate date = BS_DATE_NONE;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), BS_DATE_NONE);

  stmt = bs_catalogue_prepare (self, "SELECT value FROM catalogue_meta WHERE key = 'reference_date'", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW &&
      !bs_date_parse ((const char *) sqlite3_column_text (stmt, 0), &date))
    date = BS_DATE_NONE;
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return date;
}

gboolean
bs_catalogue_set_reference_date (BsCatalogue  *self,
                                 BsDate        date,
                                 GError      **error)
{
  char text[BS_DATE_ISO_SIZE];
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if (date == bs_catalogue_get_reference_date (self))
    return TRUE;
  if (!bs_catalogue_begin (self, _("Set Reference Date"), error))
    return FALSE;
  if (date == BS_DATE_NONE)
    stmt = bs_catalogue_prepare (self, "DELETE FROM catalogue_meta WHERE key = 'reference_date'", error);
  else
    stmt = bs_catalogue_prepare (self,
                                 "INSERT INTO catalogue_meta (key, value) VALUES ('reference_date', ?1) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                 error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  if (date != BS_DATE_NONE)
    sqlite3_bind_text (stmt, 1, bs_date_format (date, text), -1, SQLITE_TRANSIENT);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

void
bs_catalogue_set_user_name (BsCatalogue *self,
                            const char  *user_name)
{
  g_return_if_fail (BS_IS_CATALOGUE (self));

  g_free (self->user_name);
  self->user_name = g_strdup (user_name);
}

const char *
bs_catalogue_get_user_name (BsCatalogue *self)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  return self->user_name != NULL ? self->user_name : g_get_user_name ();
}

void
bs_catalogue_set_edit_audited (BsCatalogue *self,
                               gboolean     audited)
{
  g_return_if_fail (BS_IS_CATALOGUE (self));
  g_return_if_fail (self->edit_depth > 0);

  self->edit_audited = audited;
}

/* Edits */

static void
emit_changed (BsCatalogue *self,
              BsChanges   *changes)
{
  if (!bs_changes_is_empty (changes))
    g_signal_emit (self, signals[CHANGED], 0, changes);
}

void
bs_catalogue_notify_changes (BsCatalogue *self,
                             BsChanges   *changes)
{
  g_return_if_fail (BS_IS_CATALOGUE (self));
  g_return_if_fail (self->edit_depth == 0);

  emit_changed (self, changes);
}

static int
session_table_filter (void       *user_data,
                      const char *table)
{
  BsTable t;

  /* The handling records are kept out of the history: too many rows. */
  return bs_table_from_name (table, &t) && bs_table_is_undoable (t);
}

/* Brings item_fts in step with the item rows touched by the current
 * transaction (edits, undo and redo alike): two statements over the list
 * of ids, however many there are. */
static gboolean
sync_search_index (BsCatalogue  *self,
                   BsChanges    *changes,
                   GError      **error)
{
  const GArray *rows;
  g_autoptr(GString) ids = NULL;
  sqlite3_stmt *stmt;
  static const char *statements[] = {
    "DELETE FROM item_fts WHERE rowid IN (SELECT value FROM json_each (?1))",
    "INSERT INTO item_fts (rowid, name, code) "
    "SELECT id, name, code FROM item WHERE id IN (SELECT value FROM json_each (?1))",
  };

  if (!bs_changes_has_table (changes, BS_TABLE_ITEM))
    return TRUE;

  rows = bs_changes_get_rows (changes, BS_TABLE_ITEM);
  ids = g_string_new ("[");
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (rows, gint64, i));
  g_string_append_c (ids, ']');

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      if ((stmt = bs_catalogue_prepare (self, statements[i], error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, ids->str, ids->len, SQLITE_TRANSIENT);
      if (!bs_catalogue_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static void
end_edit (BsCatalogue *self)
{
  g_clear_pointer (&self->session, sqlite3session_delete);
  g_clear_pointer (&self->pending, bs_changes_unref);
  self->edit_depth = 0;
  self->edit_failed = FALSE;
  self->edit_audited = TRUE;
}

gboolean
bs_catalogue_begin (BsCatalogue  *self,
                    const char   *label,
                    GError      **error)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);

  if (self->edit_depth > 0)
    {
      self->edit_depth++;
      return TRUE;
    }

  if (!bs_catalogue_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (sqlite3session_create (self->db, "main", &self->session) != SQLITE_OK)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  sqlite3session_table_filter (self->session, session_table_filter, NULL);
  sqlite3session_attach (self->session, NULL);
  self->pending = bs_changes_new (BS_CHANGE_EDIT, label);
  self->edit_depth = 1;
  self->edit_failed = FALSE;
  self->edit_audited = TRUE;
  return TRUE;
}

gboolean
bs_catalogue_in_edit (BsCatalogue *self)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  return self->edit_depth > 0;
}

void
bs_catalogue_rollback (BsCatalogue *self)
{
  g_return_if_fail (BS_IS_CATALOGUE (self));
  g_return_if_fail (self->edit_depth > 0);

  if (self->edit_depth > 1)
    {
      /* An inner edit failed: the outermost one will roll back. */
      self->edit_depth--;
      self->edit_failed = TRUE;
      return;
    }
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  end_edit (self);
}

static void
push_action (GQueue     *queue,
             const char *label,
             void       *changeset,
             int         size)
{
  BsAction *action = g_new0 (BsAction, 1);

  action->label = g_strdup (label);
  action->changeset = changeset;
  action->size = size;
  g_queue_push_head (queue, action);
  while (g_queue_get_length (queue) > MAX_UNDO)
    bs_action_free (g_queue_pop_tail (queue));
}

gboolean
bs_catalogue_commit (BsCatalogue  *self,
                     GError      **error)
{
  g_autoptr(BsChanges) changes = NULL;
  void *changeset = NULL;
  int size = 0;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (self->edit_depth > 0, FALSE);

  if (self->edit_depth > 1)
    {
      self->edit_depth--;
      return TRUE;
    }

  if (self->edit_failed)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                   _("“%s” failed and was undone"), bs_changes_get_label (self->pending));
      bs_catalogue_rollback (self);
      return FALSE;
    }

  if (!sync_search_index (self, self->pending, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  if (sqlite3session_changeset (self->session, &size, &changeset) != SQLITE_OK)
    {
      bs_catalogue_set_error_from_db (self, error);
      bs_catalogue_rollback (self);
      return FALSE;
    }
  if (size > 0 && self->edit_audited &&
      !bs_audit_append_changeset (self, changeset, size, bs_changes_get_label (self->pending),
                                  self->pending, error))
    {
      sqlite3_free (changeset);
      bs_catalogue_rollback (self);
      return FALSE;
    }
  if (!bs_catalogue_exec (self, "COMMIT", error))
    {
      sqlite3_free (changeset);
      bs_catalogue_rollback (self);
      return FALSE;
    }

  changes = g_steal_pointer (&self->pending);
  end_edit (self);

  if (size > 0)
    {
      push_action (&self->undo, bs_changes_get_label (changes), changeset, size);
      clear_actions (&self->redo);
    }
  else
    sqlite3_free (changeset);

  if (size > 0)
    {
      g_clear_pointer (&self->last_changes, bs_changes_unref);
      self->last_changes = bs_changes_ref (changes);
    }
  emit_changed (self, changes);
  return TRUE;
}

gboolean
bs_catalogue_adopt_edit (BsCatalogue  *self,
                         BsCatalogue  *other,
                         GError      **error)
{
  BsAction *action;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (BS_IS_CATALOGUE (other), FALSE);
  g_return_val_if_fail (self->edit_depth == 0, FALSE);

  if (self->path == NULL || other->path == NULL || g_strcmp0 (self->path, other->path) != 0)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                           "Only an edit of the same catalogue file can be adopted");
      return FALSE;
    }
  action = g_queue_pop_head (&other->undo);
  if (action == NULL || other->last_changes == NULL)
    {
      /* The edit changed nothing: nothing to undo, nothing to tell. */
      if (action != NULL)
        bs_action_free (action);
      return TRUE;
    }
  g_queue_push_head (&self->undo, action);
  while (g_queue_get_length (&self->undo) > MAX_UNDO)
    bs_action_free (g_queue_pop_tail (&self->undo));
  clear_actions (&self->redo);
  emit_changed (self, other->last_changes);
  g_clear_pointer (&other->last_changes, bs_changes_unref);
  return TRUE;
}

/* Undo and redo */

static int
on_conflict (void                   *user_data,
             int                     conflict,
             sqlite3_changeset_iter *iter)
{
  /* Every change goes through an edit, so the database is exactly the state
   * the changeset was recorded against; any conflict means it is not, and
   * applying part of it would be worse than refusing. */
  return SQLITE_CHANGESET_ABORT;
}

/* The references an undo or redo broke (foreign keys are off while it
 * applies). Every table but record is checked whole; record, with its
 * millions of rows, only for the items and departments the changeset
 * touched, through its index on items (departments are deleted only when
 * they have no items, so rarely). */
static gboolean
count_broken_references (BsCatalogue  *self,
                         BsChanges    *changes,
                         gint64       *out_count,
                         GError      **error)
{
  static const struct
  {
    BsTable table;
    const char *sql;
  } record_checks[] = {
    { BS_TABLE_ITEM,
      "SELECT count(*) FROM json_each (?1) AS j WHERE NOT EXISTS (SELECT 1 FROM item WHERE id = j.value) "
      "AND EXISTS (SELECT 1 FROM record WHERE item_id = j.value)" },
    { BS_TABLE_DEPARTMENT,
      "SELECT count(*) FROM json_each (?1) AS j WHERE NOT EXISTS (SELECT 1 FROM department WHERE id = j.value) "
      "AND EXISTS (SELECT 1 FROM record WHERE department_id = j.value)" },
  };

  *out_count = 0;
  for (guint t = 0; t < BS_N_TABLES; t++)
    {
      g_autofree char *sql = NULL;
      gint64 count = 0;

      if (t == BS_TABLE_RECORD)
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM pragma_foreign_key_check ('%s')",
                             bs_table_get_name (t));
      if (!query_int64 (self, sql, &count, error))
        return FALSE;
      *out_count += count;
    }
  for (guint i = 0; i < G_N_ELEMENTS (record_checks); i++)
    {
      const GArray *rows;
      g_autoptr(GString) ids = NULL;
      sqlite3_stmt *stmt;

      if (!bs_changes_has_table (changes, record_checks[i].table))
        continue;
      rows = bs_changes_get_rows (changes, record_checks[i].table);
      ids = g_string_new ("[");
      for (guint r = 0; r < rows->len; r++)
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, r ? "," : "", g_array_index (rows, gint64, r));
      g_string_append_c (ids, ']');
      if (!(stmt = bs_catalogue_prepare (self, record_checks[i].sql, error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, ids->str, ids->len, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          bs_catalogue_set_error_from_db (self, error);
          sqlite3_reset (stmt);
          return FALSE;
        }
      *out_count += sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* Applies a changeset in one transaction and returns what it touched; the
 * caller moves the action between the stacks, then emits "changed", so
 * handlers see the new can-undo and can-redo state. */
static BsChanges *
apply_changeset (BsCatalogue  *self,
                 BsChangeKind  kind,
                 const char   *label,
                 void         *changeset,
                 int           size,
                 GError      **error)
{
  BsChanges *changes;
  g_autofree char *action = NULL;
  gint64 violations = 0;
  int rc;

  /* The changeset holds every row the edit touched, cascades included, so
   * foreign keys are off while it is applied (no second cascade) and
   * checked as a whole before commit. */
  if (!bs_catalogue_exec (self, "PRAGMA foreign_keys = OFF", error))
    return NULL;
  if (!bs_catalogue_exec (self, "BEGIN IMMEDIATE", error))
    goto restore_fk;

  self->pending = bs_changes_new (kind, label);
  rc = sqlite3changeset_apply (self->db, size, changeset, NULL, on_conflict, self);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                   _("Could not undo or redo “%s”: the catalogue was changed outside Banshi"),
                   label);
      goto rollback;
    }
  if (!sync_search_index (self, self->pending, error))
    goto rollback;
  if (!count_broken_references (self, self->pending, &violations, error))
    goto rollback;
  if (violations > 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                   _("Could not undo or redo “%s”: it would break the catalogue’s references"),
                   label);
      goto rollback;
    }
  /* Undo is history too: the reversal is appended, nothing is erased. */
  action = kind == BS_CHANGE_UNDO ? g_strdup_printf (_("Undo %s"), label)
                                  : g_strdup_printf (_("Redo %s"), label);
  if (!bs_audit_append_changeset (self, changeset, size, action, self->pending, error))
    goto rollback;
  if (!bs_catalogue_exec (self, "COMMIT", error))
    goto rollback;

  changes = g_steal_pointer (&self->pending);
  bs_catalogue_exec (self, "PRAGMA foreign_keys = ON", NULL);
  return changes;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_clear_pointer (&self->pending, bs_changes_unref);
restore_fk:
  bs_catalogue_exec (self, "PRAGMA foreign_keys = ON", NULL);
  return NULL;
}

gboolean
bs_catalogue_can_undo (BsCatalogue *self)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  return !g_queue_is_empty (&self->undo);
}

gboolean
bs_catalogue_can_redo (BsCatalogue *self)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  return !g_queue_is_empty (&self->redo);
}

const char *
bs_catalogue_get_undo_label (BsCatalogue *self)
{
  BsAction *action;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  action = g_queue_peek_head (&self->undo);
  return action ? action->label : NULL;
}

const char *
bs_catalogue_get_redo_label (BsCatalogue *self)
{
  BsAction *action;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  action = g_queue_peek_head (&self->redo);
  return action ? action->label : NULL;
}

gboolean
bs_catalogue_undo (BsCatalogue  *self,
                   GError      **error)
{
  BsAction *action;
  void *inverse = NULL;
  int inverse_size = 0;
  g_autoptr(BsChanges) changes = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (self->edit_depth == 0, FALSE);

  action = g_queue_peek_head (&self->undo);
  if (action == NULL)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOTHING_TO_UNDO,
                           _("There is nothing to undo"));
      return FALSE;
    }
  if (sqlite3changeset_invert (action->size, action->changeset, &inverse_size, &inverse) != SQLITE_OK)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                           _("Could not undo: out of memory"));
      return FALSE;
    }
  changes = apply_changeset (self, BS_CHANGE_UNDO, action->label, inverse, inverse_size, error);
  sqlite3_free (inverse);
  if (changes == NULL)
    return FALSE;

  g_queue_push_head (&self->redo, g_queue_pop_head (&self->undo));
  emit_changed (self, changes);
  return TRUE;
}

gboolean
bs_catalogue_redo (BsCatalogue  *self,
                   GError      **error)
{
  BsAction *action;
  g_autoptr(BsChanges) changes = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (self->edit_depth == 0, FALSE);

  action = g_queue_peek_head (&self->redo);
  if (action == NULL)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOTHING_TO_UNDO,
                           _("There is nothing to redo"));
      return FALSE;
    }
  changes = apply_changeset (self, BS_CHANGE_REDO, action->label, action->changeset, action->size, error);
  if (changes == NULL)
    return FALSE;

  g_queue_push_head (&self->undo, g_queue_pop_head (&self->redo));
  emit_changed (self, changes);
  return TRUE;
}

void
bs_catalogue_clear_history (BsCatalogue *self)
{
  g_return_if_fail (BS_IS_CATALOGUE (self));

  clear_actions (&self->undo);
  clear_actions (&self->redo);
}

/* Search */

GArray *
bs_catalogue_search_items (BsCatalogue  *self,
                           const char   *query,
                           GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *text = g_strstrip (g_strdup (query ? query : ""));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                           _("The search text is not valid UTF-8"));
      return NULL;
    }

  if (*text == '\0')
    stmt = bs_catalogue_prepare (self, "SELECT id FROM item ORDER BY name, code", error);
  else if (g_utf8_strlen (text, -1) >= 3)
    {
      /* The trigram index answers substrings of three characters or more;
       * the query is one FTS5 string, so its syntax never reaches FTS5. */
      g_autoptr(GString) phrase = g_string_new ("\"");

      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (phrase, '"');
          g_string_append_c (phrase, *p);
        }
      g_string_append_c (phrase, '"');
      stmt = bs_catalogue_prepare (self,
                                   "SELECT item.id FROM item_fts JOIN item ON item.id = item_fts.rowid "
                                   "WHERE item_fts MATCH ?1 ORDER BY item.name, item.code",
                                   error);
      if (stmt != NULL)
        sqlite3_bind_text (stmt, 1, phrase->str, -1, SQLITE_TRANSIENT);
    }
  else
    {
      /* Too short for trigrams: one pass over the names. */
      stmt = bs_catalogue_prepare (self,
                                   "SELECT id FROM item WHERE instr(name, ?1) > 0 "
                                   "OR instr(lower(code), lower(?1)) > 0 ORDER BY name, code",
                                   error);
      if (stmt != NULL)
        sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
    }
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&ids);
}
