/* bs-audit.c: the audit trail of the rollout
 *
 * Records are derived from the changeset of each commit, undo and redo, so
 * no editing function has to remember to write them: whatever changed a
 * phase, a task, a task's items or a decision — an entity function, an
 * import, a cascade from a deleted theme or item, an undo — is in the
 * changeset. Values are written as the JSON format writes them: references
 * by code, dates as "YYYY-MM-DD".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "bs-audit-private.h"

#define HASH_LENGTH 64

/* ------------------------------------------------------------------ */
/* Records */

BsAuditRecord *
bs_audit_record_copy (const BsAuditRecord *self)
{
  BsAuditRecord *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (BsAuditRecord, 1);
  copy->seq = self->seq;
  copy->time = g_strdup (self->time);
  copy->user = g_strdup (self->user);
  copy->action = g_strdup (self->action);
  copy->entity = g_strdup (self->entity);
  copy->key = g_strdup (self->key);
  copy->field = g_strdup (self->field);
  copy->old_value = g_strdup (self->old_value);
  copy->new_value = g_strdup (self->new_value);
  copy->prev_hash = g_strdup (self->prev_hash);
  copy->hash = g_strdup (self->hash);
  return copy;
}

void
bs_audit_record_free (BsAuditRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->time);
  g_free (self->user);
  g_free (self->action);
  g_free (self->entity);
  g_free (self->key);
  g_free (self->field);
  g_free (self->old_value);
  g_free (self->new_value);
  g_free (self->prev_hash);
  g_free (self->hash);
  g_free (self);
}

/* One field of the canonical form: its length in bytes, ":" and the
 * bytes; "~" for none. Lengths make it unambiguous whatever the text. */
static void
append_field (GString    *out,
              const char *text,
              gsize       length)
{
  char digits[24];
  int n = 0;
  gsize rest = length;

  if (text == NULL)
    {
      g_string_append_c (out, '~');
      return;
    }
  do
    {
      digits[n++] = '0' + rest % 10;
      rest /= 10;
    }
  while (rest > 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
  g_string_append_c (out, ':');
  g_string_append_len (out, text, length);
}

static void
append_canonical (GString            *out,
                  const char         *prev_hash,
                  gsize               prev_hash_length,
                  gint64              seq,
                  const char * const  fields[8],
                  const gsize         lengths[8])
{
  char number[24];
  int n;

  append_field (out, prev_hash, prev_hash_length);
  n = g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, seq);
  append_field (out, number, n);
  for (guint i = 0; i < 8; i++)
    append_field (out, fields[i], lengths[i]);
}

static void
record_fields (const BsAuditRecord *self,
               const char          *fields[8],
               gsize                lengths[8])
{
  fields[0] = self->time;
  fields[1] = self->user;
  fields[2] = self->action;
  fields[3] = self->entity;
  fields[4] = self->key;
  fields[5] = self->field;
  fields[6] = self->old_value;
  fields[7] = self->new_value;
  for (guint i = 0; i < 8; i++)
    lengths[i] = fields[i] != NULL ? strlen (fields[i]) : 0;
}

void
bs_audit_record_append_canonical (const BsAuditRecord *self,
                                  GString             *out)
{
  const char *fields[8];
  gsize lengths[8];

  g_return_if_fail (self != NULL && self->prev_hash != NULL);

  record_fields (self, fields, lengths);
  append_canonical (out, self->prev_hash, strlen (self->prev_hash), self->seq,
                    (const char * const *) fields, lengths);
}

char *
bs_audit_record_compute_hash (const BsAuditRecord *self)
{
  g_autoptr(GString) bytes = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  bs_audit_record_append_canonical (self, bytes);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes->str, bytes->len);
}

/* ------------------------------------------------------------------ */
/* Checking a chain */

void
bs_audit_chain_init (BsAuditChain *chain)
{
  memset (chain, 0, sizeof *chain);
  memcpy (chain->prev_hash, BS_AUDIT_FIRST_PREV_HASH, HASH_LENGTH + 1);
  chain->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  chain->buffer = g_string_sized_new (512);
}

void
bs_audit_chain_clear (BsAuditChain *chain)
{
  g_clear_pointer (&chain->checksum, g_checksum_free);
  if (chain->buffer != NULL)
    g_string_free (chain->buffer, TRUE);
  chain->buffer = NULL;
}

BsAuditStatus
bs_audit_chain_check (BsAuditChain       *chain,
                      gint64              seq,
                      const char * const  fields[8],
                      const gsize         lengths[8],
                      const char         *prev_hash,
                      gsize               prev_hash_length,
                      const char         *hash,
                      gsize               hash_length)
{
  gint64 expected = chain->last_seq + 1;
  const char *computed;

  if (seq > expected)
    return BS_AUDIT_MISSING;
  if (seq < expected)
    return BS_AUDIT_OUT_OF_ORDER;
  if (prev_hash_length != HASH_LENGTH || memcmp (prev_hash, chain->prev_hash, HASH_LENGTH) != 0)
    return BS_AUDIT_OUT_OF_ORDER;

  g_string_truncate (chain->buffer, 0);
  append_canonical (chain->buffer, prev_hash, prev_hash_length, seq, fields, lengths);
  g_checksum_reset (chain->checksum);
  g_checksum_update (chain->checksum, (const guchar *) chain->buffer->str, chain->buffer->len);
  computed = g_checksum_get_string (chain->checksum);
  if (hash_length != HASH_LENGTH || memcmp (hash, computed, HASH_LENGTH) != 0)
    return BS_AUDIT_EDITED;

  chain->last_seq = seq;
  chain->n_records++;
  memcpy (chain->prev_hash, hash, HASH_LENGTH);
  return BS_AUDIT_INTACT;
}

char *
bs_audit_describe (BsAuditStatus status,
                   gint64        seq,
                   gint64        expected_seq)
{
  /* Numbers as text: gettext cannot read G_GINT64_FORMAT in a message. */
  g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, expected_seq);
  g_autofree char *before = g_strdup_printf ("%" G_GINT64_FORMAT, seq - 1);

  switch (status)
    {
    case BS_AUDIT_MISSING:
      if (seq - expected_seq == 1)
        /* Translators: the %s are record numbers */
        return g_strdup_printf (_("Record %s: record %s before it is missing; it was deleted"), n, expected);
      /* Translators: the %s are record numbers */
      return g_strdup_printf (_("Record %s: records %s to %s before it are missing; they were deleted"),
                              n, expected, before);
    case BS_AUDIT_OUT_OF_ORDER:
      /* Translators: %s is a record number */
      return g_strdup_printf (_("Record %s does not follow the record before it: "
                                "records were moved, removed or inserted"), n);
    case BS_AUDIT_EDITED:
      /* Translators: %s is a record number */
      return g_strdup_printf (_("Record %s was changed after it was written: "
                                "its fields do not match its hash"), n);
    case BS_AUDIT_TRUNCATED:
      /* Translators: the %s are record numbers */
      return g_strdup_printf (_("The trail ends before record %s, but Banshi wrote records up to %s: "
                                "the last ones were deleted"), n, expected);
    case BS_AUDIT_HEAD_MISMATCH:
      /* Translators: %s is a record number */
      return g_strdup_printf (_("Record %s is not the last record Banshi wrote: "
                                "records at the end were replaced or added outside Banshi"), n);
    case BS_AUDIT_INTACT:
    default:
      return g_strdup (_("The audit trail is intact"));
    }
}

/* ------------------------------------------------------------------ */
/* Verifying */

const char *
bs_audit_status_to_string (BsAuditStatus status)
{
  static const char * const strings[] = {
    [BS_AUDIT_INTACT] = "intact",
    [BS_AUDIT_MISSING] = "missing",
    [BS_AUDIT_OUT_OF_ORDER] = "out-of-order",
    [BS_AUDIT_EDITED] = "edited",
    [BS_AUDIT_TRUNCATED] = "truncated",
    [BS_AUDIT_HEAD_MISMATCH] = "head-mismatch",
  };

  g_return_val_if_fail (status < G_N_ELEMENTS (strings), NULL);
  return strings[status];
}

void
bs_audit_report_free (BsAuditReport *self)
{
  if (self == NULL)
    return;
  g_free (self->head_hash);
  g_free (self->message);
  g_free (self);
}

static void
set_db_error (sqlite3  *db,
              GError  **error)
{
  g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
               _("Could not read the audit trail: %s"), sqlite3_errmsg (db));
}

/* The head: the seq and hash of the last record written; FALSE when there
 * is none. */
static gboolean
read_head (sqlite3  *db,
           gint64   *out_seq,
           char     *out_hash,
           gboolean *out_found,
           GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *out_found = FALSE;
  if (sqlite3_prepare_v2 (db, "SELECT seq, hash FROM audit_head WHERE id = 1", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (db, error);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *hash = (const char *) sqlite3_column_text (stmt, 1);

      *out_found = TRUE;
      *out_seq = sqlite3_column_int64 (stmt, 0);
      g_strlcpy (out_hash, hash != NULL ? hash : "", HASH_LENGTH + 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (db, error);
      return FALSE;
    }
  return TRUE;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column,
             gsize        *out_length)
{
  const char *text;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    {
      *out_length = 0;
      return NULL;
    }
  text = (const char *) sqlite3_column_text (stmt, column);
  *out_length = sqlite3_column_bytes (stmt, column);
  return text != NULL ? text : "";
}

static BsAuditReport *
verify_db (sqlite3  *db,
           GError  **error)
{
  g_autoptr(BsAuditReport) report = g_new0 (BsAuditReport, 1);
  sqlite3_stmt *stmt = NULL;
  BsAuditChain chain;
  char head_hash[HASH_LENGTH + 1];
  gint64 head_seq = 0;
  gboolean has_head;
  int rc;

  if (!read_head (db, &head_seq, head_hash, &has_head, error))
    return NULL;
  if (sqlite3_prepare_v2 (db,
                          "SELECT seq, time, user_name, action, entity, entity_key, field, "
                          "old_value, new_value, prev_hash, hash FROM audit ORDER BY seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (db, error);
      return NULL;
    }

  bs_audit_chain_init (&chain);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *fields[8];
      gsize lengths[8];
      const char *prev_hash, *hash;
      gsize prev_hash_length, hash_length;
      gint64 seq = sqlite3_column_int64 (stmt, 0);

      for (int i = 0; i < 8; i++)
        fields[i] = column_text (stmt, i + 1, &lengths[i]);
      prev_hash = column_text (stmt, 9, &prev_hash_length);
      hash = column_text (stmt, 10, &hash_length);
      report->status = bs_audit_chain_check (&chain, seq, fields, lengths,
                                             prev_hash ? prev_hash : "", prev_hash_length,
                                             hash ? hash : "", hash_length);
      if (report->status != BS_AUDIT_INTACT)
        {
          report->broken_seq = seq;
          report->message = bs_audit_describe (report->status, seq, chain.last_seq + 1);
          break;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bs_audit_chain_clear (&chain);
      set_db_error (db, error);
      return NULL;
    }

  /* The whole walk was intact: does it end where Banshi last wrote? */
  if (report->status == BS_AUDIT_INTACT)
    {
      if (has_head ? head_seq > chain.last_seq : FALSE)
        {
          report->status = BS_AUDIT_TRUNCATED;
          report->broken_seq = chain.last_seq + 1;
          report->message = bs_audit_describe (report->status, report->broken_seq, head_seq);
        }
      else if (chain.n_records > 0 &&
               (!has_head || head_seq != chain.last_seq ||
                memcmp (head_hash, chain.prev_hash, HASH_LENGTH) != 0))
        {
          /* The head is missing, behind (records added after it) or names
           * another last record: the first record after the head, or the
           * last one, is wrong. */
          report->status = BS_AUDIT_HEAD_MISMATCH;
          report->broken_seq = has_head && head_seq < chain.last_seq ? head_seq + 1 : chain.last_seq;
          report->message = bs_audit_describe (report->status, report->broken_seq, 0);
        }
    }

  report->n_records = chain.n_records;
  report->head_hash = g_strndup (chain.prev_hash, HASH_LENGTH);
  if (report->status == BS_AUDIT_INTACT)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, chain.n_records);

      /* Translators: %s is the number of records */
      report->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "The audit trail is intact: %s record",
                                                      "The audit trail is intact: %s records",
                                                      (gulong) chain.n_records),
                                         count);
    }
  bs_audit_chain_clear (&chain);
  return g_steal_pointer (&report);
}

BsAuditReport *
bs_catalogue_verify_audit (BsCatalogue  *self,
                           GError      **error)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  return verify_db (bs_catalogue_get_db (self), error);
}

BsAuditReport *
bs_audit_verify_file (const char  *path,
                      GError     **error)
{
  sqlite3 *db = NULL;
  BsAuditReport *report;

  g_return_val_if_fail (path != NULL, NULL);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                   _("“%s” cannot be opened: %s"), name, db ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  report = verify_db (db, error);
  sqlite3_close (db);
  return report;
}

static void
verify_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  BsAuditReport *report = bs_audit_verify_file (task_data, &error);

  if (report != NULL)
    g_task_return_pointer (task, report, (GDestroyNotify) bs_audit_report_free);
  else
    g_task_return_error (task, error);
}

void
bs_catalogue_verify_audit_async (BsCatalogue         *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BS_IS_CATALOGUE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_catalogue_verify_audit_async);
  if (bs_catalogue_get_path (self) == NULL)
    {
      GError *error = NULL;
      BsAuditReport *report = bs_catalogue_verify_audit (self, &error);

      if (report != NULL)
        g_task_return_pointer (task, report, (GDestroyNotify) bs_audit_report_free);
      else
        g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, g_strdup (bs_catalogue_get_path (self)), g_free);
  g_task_run_in_thread (task, verify_in_thread);
}

BsAuditReport *
bs_catalogue_verify_audit_finish (BsCatalogue   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Listing */

#define RECORD_COLUMNS \
  "seq, time, user_name, action, entity, entity_key, field, old_value, new_value, prev_hash, hash"

static char *
dup_nullable (sqlite3_stmt *stmt,
              int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

GPtrArray *
bs_catalogue_list_audit (BsCatalogue  *self,
                         const char   *entity,
                         const char   *key,
                         GError      **error)
{
  g_autoptr(GPtrArray) records = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (key == NULL || entity != NULL, NULL);

  if (entity == NULL)
    stmt = bs_catalogue_prepare (self, "SELECT " RECORD_COLUMNS " FROM audit ORDER BY seq", error);
  else if (key == NULL)
    stmt = bs_catalogue_prepare (self, "SELECT " RECORD_COLUMNS " FROM audit WHERE entity = ?1 "
                                 "ORDER BY seq", error);
  else
    stmt = bs_catalogue_prepare (self, "SELECT " RECORD_COLUMNS " FROM audit "
                                 "WHERE entity = ?1 AND entity_key = ?2 ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  if (entity != NULL)
    sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  if (key != NULL)
    sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_audit_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BsAuditRecord *record = g_new0 (BsAuditRecord, 1);

      record->seq = sqlite3_column_int64 (stmt, 0);
      record->time = dup_nullable (stmt, 1);
      record->user = dup_nullable (stmt, 2);
      record->action = dup_nullable (stmt, 3);
      record->entity = dup_nullable (stmt, 4);
      record->key = dup_nullable (stmt, 5);
      record->field = dup_nullable (stmt, 6);
      record->old_value = dup_nullable (stmt, 7);
      record->new_value = dup_nullable (stmt, 8);
      record->prev_hash = dup_nullable (stmt, 9);
      record->hash = dup_nullable (stmt, 10);
      g_ptr_array_add (records, record);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      return NULL;
    }
  return g_steal_pointer (&records);
}

gint64
bs_catalogue_count_audit (BsCatalogue *self)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), -1);

  stmt = bs_catalogue_prepare (self, "SELECT count(*) FROM audit", NULL);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/* ------------------------------------------------------------------ */
/* Writing */

/* Where the next record goes: after the head Banshi last wrote (or, when
 * that is gone, after the last record), and never onto a seq in use. A
 * trail altered outside Banshi stays broken where it was altered. */
static gboolean
next_position (BsCatalogue  *catalogue,
               gint64       *out_seq,
               char         *out_prev_hash,
               GError      **error)
{
  sqlite3 *db = bs_catalogue_get_db (catalogue);
  sqlite3_stmt *stmt;
  gint64 head_seq = 0, max_seq = 0;
  gboolean has_head;

  if (!read_head (db, &head_seq, out_prev_hash, &has_head, error))
    return FALSE;
  stmt = bs_catalogue_prepare (catalogue, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      max_seq = sqlite3_column_int64 (stmt, 0);
      if (!has_head)
        {
          const char *hash = (const char *) sqlite3_column_text (stmt, 1);

          g_strlcpy (out_prev_hash, hash != NULL ? hash : "", HASH_LENGTH + 1);
          has_head = TRUE;
        }
    }
  sqlite3_reset (stmt);
  if (!has_head)
    memcpy (out_prev_hash, BS_AUDIT_FIRST_PREV_HASH, HASH_LENGTH + 1);
  *out_seq = MAX (head_seq, max_seq) + 1;
  return TRUE;
}

static gboolean
insert_record (BsCatalogue          *catalogue,
               const BsAuditRecord  *record,
               GError              **error)
{
  const char *values[] = {
    record->time, record->user, record->action, record->entity, record->key, record->field,
    record->old_value, record->new_value, record->prev_hash, record->hash,
  };
  sqlite3_stmt *stmt;

  stmt = bs_catalogue_prepare (catalogue,
                               "INSERT INTO audit (seq, time, user_name, action, entity, entity_key, "
                               "field, old_value, new_value, prev_hash, hash) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record->seq);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (values[i] != NULL)
      sqlite3_bind_text (stmt, i + 2, values[i], -1, SQLITE_STATIC);
  return bs_catalogue_step_done (catalogue, stmt, error);
}

static gboolean
write_head (BsCatalogue  *catalogue,
            gint64        seq,
            const char   *hash,
            GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = bs_catalogue_prepare (catalogue,
                               "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2) "
                               "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
  return bs_catalogue_step_done (catalogue, stmt, error);
}

gboolean
bs_audit_write_records (BsCatalogue  *catalogue,
                        GPtrArray    *records,
                        GError      **error)
{
  const BsAuditRecord *last;

  if (records->len == 0)
    return TRUE;
  for (guint i = 0; i < records->len; i++)
    if (!insert_record (catalogue, g_ptr_array_index (records, i), error))
      return FALSE;
  last = g_ptr_array_index (records, records->len - 1);
  return write_head (catalogue, last->seq, last->hash, error);
}

/* ------------------------------------------------------------------ */
/* Deriving records from a changeset */

typedef enum
{
  COLUMN_ID,        /* the row id: not a field */
  COLUMN_VALUE,
  COLUMN_REFERENCE, /* an id written as the code of its row */
  COLUMN_OWNER,     /* task_item.task_id: whose field "item" changes */
} ColumnKind;

typedef struct
{
  const char *field;
  ColumnKind kind;
  const char *table;  /* COLUMN_REFERENCE and COLUMN_OWNER: the table referred to */
} AuditColumn;

/* In the order of the columns of resources/sql/0003-rollout.sql. */
static const AuditColumn phase_columns[] = {
  { NULL, COLUMN_ID, NULL },
  { "code", COLUMN_VALUE, NULL },
  { "name", COLUMN_VALUE, NULL },
  { "position", COLUMN_VALUE, NULL },
  { "start", COLUMN_VALUE, NULL },
  { "end", COLUMN_VALUE, NULL },
};

static const AuditColumn task_columns[] = {
  { NULL, COLUMN_ID, NULL },
  { "code", COLUMN_VALUE, NULL },
  { "phase", COLUMN_REFERENCE, "phase" },
  { "department", COLUMN_REFERENCE, "department" },
  { "theme", COLUMN_REFERENCE, "theme" },
  { "deliverable", COLUMN_VALUE, NULL },
  { "responsible", COLUMN_VALUE, NULL },
  { "start", COLUMN_VALUE, NULL },
  { "due", COLUMN_VALUE, NULL },
  { "status", COLUMN_VALUE, NULL },
  { "completed", COLUMN_VALUE, NULL },
  { "notes", COLUMN_VALUE, NULL },
};

static const AuditColumn task_item_columns[] = {
  { NULL, COLUMN_OWNER, "task" },
  { "item", COLUMN_REFERENCE, "item" },
};

static const AuditColumn decision_columns[] = {
  { NULL, COLUMN_ID, NULL },
  { "code", COLUMN_VALUE, NULL },
  { "task", COLUMN_REFERENCE, "task" },
  { "department", COLUMN_REFERENCE, "department" },
  { "kind", COLUMN_VALUE, NULL },
  { "date", COLUMN_VALUE, NULL },
  { "decided_by", COLUMN_VALUE, NULL },
  { "reason", COLUMN_VALUE, NULL },
};

typedef struct
{
  const char *table;
  const char *entity;
  guint entity_rank;
  guint field_rank; /* of the first column: a task's items come after its fields */
  const AuditColumn *columns;
  int n_columns;
} AuditTable;

static const AuditTable audit_tables[] = {
  { "phase", "phase", 0, 0, phase_columns, G_N_ELEMENTS (phase_columns) },
  { "task", "task", 1, 0, task_columns, G_N_ELEMENTS (task_columns) },
  { "task_item", "task", 1, G_N_ELEMENTS (task_columns), task_item_columns,
    G_N_ELEMENTS (task_item_columns) },
  { "decision", "decision", 2, 0, decision_columns, G_N_ELEMENTS (decision_columns) },
};

/* Tables whose codes records name, with the code as their second column. */
static const char * const coded_tables[] = { "phase", "task", "department", "theme", "item" };

typedef struct
{
  guint entity_rank;
  guint field_rank;
  const char *entity;
  char *key;
  const char *field;
  char *old_value;
  char *new_value;
} Pending;

static void
pending_free (Pending *self)
{
  g_free (self->key);
  g_free (self->old_value);
  g_free (self->new_value);
  g_free (self);
}

typedef struct
{
  BsCatalogue *catalogue;
  GHashTable *deleted_codes; /* "table:id" → the code of a row the changeset deletes */
  GPtrArray *pending;
} Derivation;

static const AuditTable *
find_audit_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (audit_tables); i++)
    if (g_str_equal (audit_tables[i].table, name))
      return &audit_tables[i];
  return NULL;
}

static const char *
find_coded_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (coded_tables); i++)
    if (g_str_equal (coded_tables[i], name))
      return coded_tables[i];
  return NULL;
}

static char *
value_to_text (sqlite3_value *value)
{
  if (value == NULL)
    return NULL;
  switch (sqlite3_value_type (value))
    {
    case SQLITE_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_value_int64 (value));
    case SQLITE_FLOAT:
      return g_strdup_printf ("%.17g", sqlite3_value_double (value));
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      return g_strndup ((const char *) sqlite3_value_text (value), sqlite3_value_bytes (value));
    case SQLITE_NULL:
    default:
      return NULL;
    }
}

/* The code of row @id of @table: from the changeset when it deletes the
 * row, otherwise from the table; "#id" if neither has it. */
static char *
resolve_code (Derivation *self,
              const char *table,
              gint64      id)
{
  g_autofree char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, table, id);
  g_autofree char *sql = NULL;
  const char *deleted = g_hash_table_lookup (self->deleted_codes, key);
  sqlite3_stmt *stmt;
  char *code = NULL;

  if (deleted != NULL)
    return g_strdup (deleted);
  /* @table is one of coded_tables, never outside text. */
  sql = g_strdup_printf ("SELECT code FROM %s WHERE id = ?1", table);
  stmt = bs_catalogue_prepare (self->catalogue, sql, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  return code != NULL ? code : g_strdup_printf ("#%" G_GINT64_FORMAT, id);
}

static char *
render (Derivation        *self,
        const AuditColumn *column,
        sqlite3_value     *value)
{
  if (value == NULL || sqlite3_value_type (value) == SQLITE_NULL)
    return NULL;
  if (column->kind == COLUMN_REFERENCE || column->kind == COLUMN_OWNER)
    return resolve_code (self, column->table, sqlite3_value_int64 (value));
  return value_to_text (value);
}

/* Remembers the codes of the rows the changeset deletes, which records
 * may need to name after they are gone. */
static gboolean
collect_deleted_codes (Derivation  *self,
                       const void  *changeset,
                       int          size,
                       GError     **error)
{
  sqlite3_changeset_iter *iter = NULL;
  int rc;

  if (sqlite3changeset_start (&iter, size, (void *) changeset) != SQLITE_OK)
    goto failed;
  while ((rc = sqlite3changeset_next (iter)) == SQLITE_ROW)
    {
      const char *name, *table;
      int n_columns, op, indirect;
      sqlite3_value *id = NULL, *code = NULL;

      sqlite3changeset_op (iter, &name, &n_columns, &op, &indirect);
      if (op != SQLITE_DELETE || n_columns < 2 || (table = find_coded_table (name)) == NULL)
        continue;
      if (sqlite3changeset_old (iter, 0, &id) == SQLITE_OK && id != NULL &&
          sqlite3changeset_old (iter, 1, &code) == SQLITE_OK && code != NULL)
        g_hash_table_insert (self->deleted_codes,
                             g_strdup_printf ("%s:%" G_GINT64_FORMAT, table,
                                              (gint64) sqlite3_value_int64 (id)),
                             value_to_text (code));
    }
  if (sqlite3changeset_finalize (iter) != SQLITE_OK || rc != SQLITE_DONE)
    goto failed;
  return TRUE;

failed:
  g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                       _("Could not write the audit trail: the record of the change is damaged"));
  return FALSE;
}

static void
add_pending (Derivation         *self,
             const AuditTable   *table,
             int                 column,
             const char         *key,
             char               *old_value,
             char               *new_value)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->entity_rank = table->entity_rank;
  pending->field_rank = table->field_rank + column;
  pending->entity = table->entity;
  pending->key = g_strdup (key);
  pending->field = table->columns[column].field;
  pending->old_value = old_value;
  pending->new_value = new_value;
  g_ptr_array_add (self->pending, pending);
}

static void
derive_row (Derivation             *self,
            const AuditTable       *table,
            sqlite3_changeset_iter *iter,
            int                     op)
{
  g_autofree char *key = NULL;
  sqlite3_value *value = NULL;

  /* The entity: by its code, or for a task's item by the task's. */
  if (table->columns[0].kind == COLUMN_OWNER)
    {
      if (op == SQLITE_INSERT || op == SQLITE_UPDATE)
        sqlite3changeset_new (iter, 0, &value);
      if (value == NULL)
        sqlite3changeset_old (iter, 0, &value);
      key = render (self, &table->columns[0], value);
    }
  else if (op == SQLITE_INSERT)
    {
      sqlite3changeset_new (iter, 1, &value);
      key = value_to_text (value);
    }
  else if (op == SQLITE_DELETE)
    {
      sqlite3changeset_old (iter, 1, &value);
      key = value_to_text (value);
    }
  else
    {
      sqlite3changeset_old (iter, 0, &value);
      key = value != NULL ? resolve_code (self, table->table, sqlite3_value_int64 (value)) : NULL;
    }
  if (key == NULL)
    key = g_strdup ("");

  for (int i = 0; i < table->n_columns; i++)
    {
      const AuditColumn *column = &table->columns[i];
      sqlite3_value *old_value = NULL, *new_value = NULL;
      char *old_text, *new_text;

      if (column->field == NULL)
        continue;
      if (op == SQLITE_INSERT)
        {
          sqlite3changeset_new (iter, i, &new_value);
          if ((new_text = render (self, column, new_value)) != NULL)
            add_pending (self, table, i, key, NULL, new_text);
        }
      else if (op == SQLITE_DELETE)
        {
          sqlite3changeset_old (iter, i, &old_value);
          if ((old_text = render (self, column, old_value)) != NULL)
            add_pending (self, table, i, key, old_text, NULL);
        }
      else
        {
          /* An update holds the new values of changed columns only. */
          sqlite3changeset_new (iter, i, &new_value);
          if (new_value == NULL)
            continue;
          sqlite3changeset_old (iter, i, &old_value);
          old_text = render (self, column, old_value);
          new_text = render (self, column, new_value);
          if (g_strcmp0 (old_text, new_text) != 0)
            add_pending (self, table, i, key, old_text, new_text);
          else
            {
              g_free (old_text);
              g_free (new_text);
            }
        }
    }
}

static int
compare_nullable (const char *a,
                  const char *b)
{
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return strcmp (a, b);
}

/* Records in a fixed order, whatever the changeset's: by entity kind, code,
 * field, then value. */
static int
compare_pending (gconstpointer a,
                 gconstpointer b)
{
  const Pending *x = *(const Pending * const *) a;
  const Pending *y = *(const Pending * const *) b;
  int c;

  if (x->entity_rank != y->entity_rank)
    return x->entity_rank < y->entity_rank ? -1 : 1;
  if ((c = strcmp (x->key, y->key)) != 0)
    return c;
  if (x->field_rank != y->field_rank)
    return x->field_rank < y->field_rank ? -1 : 1;
  if ((c = compare_nullable (x->old_value, y->old_value)) != 0)
    return c;
  return compare_nullable (x->new_value, y->new_value);
}

static gboolean
write_pending (Derivation  *self,
               const char  *action,
               GError     **error)
{
  g_autoptr(GDateTime) now = bs_catalogue_get_now (self->catalogue);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autofree char *time = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  char prev_hash[HASH_LENGTH + 1];
  char *hash = NULL;
  gint64 seq;

  if (!next_position (self->catalogue, &seq, prev_hash, error))
    return FALSE;
  g_ptr_array_sort (self->pending, compare_pending);

  for (guint i = 0; i < self->pending->len; i++, seq++)
    {
      Pending *pending = g_ptr_array_index (self->pending, i);
      BsAuditRecord record = {
        .seq = seq,
        .time = time,
        .user = (char *) bs_catalogue_get_user_name (self->catalogue),
        .action = (char *) (action != NULL ? action : ""),
        .entity = (char *) pending->entity,
        .key = pending->key,
        .field = (char *) pending->field,
        .old_value = pending->old_value,
        .new_value = pending->new_value,
        .prev_hash = prev_hash,
      };

      record.hash = hash = bs_audit_record_compute_hash (&record);
      if (!insert_record (self->catalogue, &record, error))
        {
          g_free (hash);
          return FALSE;
        }
      memcpy (prev_hash, hash, HASH_LENGTH + 1);
      g_free (hash);
    }
  return write_head (self->catalogue, seq - 1, prev_hash, error);
}

gboolean
bs_audit_append_changeset (BsCatalogue      *catalogue,
                           const void       *changeset,
                           int               size,
                           const char       *action,
                           const BsChanges  *touched,
                           GError          **error)
{
  g_autoptr(GHashTable) deleted_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  Derivation self = { catalogue, deleted_codes, pending };
  sqlite3_changeset_iter *iter = NULL;
  gboolean any = FALSE;
  int rc;

  if (size <= 0)
    return TRUE;
  /* Most edits touch no rollout table, and the update hook, which sees
   * cascades too, says so at once; a pass over the changeset would cost a
   * tenth of a large import. */
  if (touched != NULL &&
      !bs_changes_has_table (touched, BS_TABLE_PHASE) && !bs_changes_has_table (touched, BS_TABLE_TASK) &&
      !bs_changes_has_table (touched, BS_TABLE_TASK_ITEM) && !bs_changes_has_table (touched, BS_TABLE_DECISION))
    return TRUE;

  /* Otherwise one pass to make sure. */
  if (sqlite3changeset_start (&iter, size, (void *) changeset) != SQLITE_OK)
    goto damaged;
  while (!any && (rc = sqlite3changeset_next (iter)) == SQLITE_ROW)
    {
      const char *name;
      int n_columns, op, indirect;

      sqlite3changeset_op (iter, &name, &n_columns, &op, &indirect);
      any = find_audit_table (name) != NULL;
    }
  if (sqlite3changeset_finalize (iter) != SQLITE_OK)
    goto damaged;
  if (!any)
    return TRUE;

  if (!collect_deleted_codes (&self, changeset, size, error))
    return FALSE;

  if (sqlite3changeset_start (&iter, size, (void *) changeset) != SQLITE_OK)
    goto damaged;
  while ((rc = sqlite3changeset_next (iter)) == SQLITE_ROW)
    {
      const AuditTable *table;
      const char *name;
      int n_columns, op, indirect;

      sqlite3changeset_op (iter, &name, &n_columns, &op, &indirect);
      if ((table = find_audit_table (name)) == NULL)
        continue;
      if (n_columns != table->n_columns)
        {
          sqlite3changeset_finalize (iter);
          g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                       _("Could not write the audit trail: the table “%s” has %d columns, "
                         "this version of Banshi knows %d"),
                       name, n_columns, table->n_columns);
          return FALSE;
        }
      derive_row (&self, table, iter, op);
    }
  if (sqlite3changeset_finalize (iter) != SQLITE_OK || rc != SQLITE_DONE)
    goto damaged;

  if (pending->len == 0)
    return TRUE;
  return write_pending (&self, action, error);

damaged:
  g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                       _("Could not write the audit trail: the record of the change is damaged"));
  return FALSE;
}
