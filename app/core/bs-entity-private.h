/* bs-entity-private.h: small helpers shared by the entity files
 * (bs-department.c, bs-item.c, bs-material.c, bs-category.c, bs-theme.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

/* The longest code the schema accepts, in characters. */
#define BS_CODE_MAX_CHARS 128

/* A column as a newly allocated string; "" for NULL. */
static inline char *
bs_column_dup_text (sqlite3_stmt *stmt,
                    int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : "");
}

/* NULL binds as "" so that NOT NULL text columns never see a NULL. */
static inline void
bs_bind_text (sqlite3_stmt *stmt,
              int           column,
              const char   *text)
{
  sqlite3_bind_text (stmt, column, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

/* An id that may be absent (0) binds as NULL. */
static inline void
bs_bind_optional_id (sqlite3_stmt *stmt,
                     int           column,
                     gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, column, id);
  else
    sqlite3_bind_null (stmt, column);
}

/* -1 (or any negative) means unknown and binds as NULL. */
static inline void
bs_bind_optional_int (sqlite3_stmt *stmt,
                      int           column,
                      int           value)
{
  if (value >= 0)
    sqlite3_bind_int (stmt, column, value);
  else
    sqlite3_bind_null (stmt, column);
}

static inline int
bs_column_optional_int (sqlite3_stmt *stmt,
                        int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return -1;
  return sqlite3_column_int (stmt, column);
}

/* Checks a code or a name before it reaches SQL. @empty_message is shown when
 * @text is empty, e.g. "An item needs a name". */
static inline gboolean
bs_check_text (const char  *text,
               gboolean     is_code,
               const char  *empty_message,
               GError     **error)
{
  if (text == NULL || text[0] == '\0')
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID, empty_message);
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                           _("The text is not valid UTF-8"));
      return FALSE;
    }
  if (is_code && g_utf8_strlen (text, -1) > BS_CODE_MAX_CHARS)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The code “%s” is too long; a code has at most %d characters"),
                   text, BS_CODE_MAX_CHARS);
      return FALSE;
    }
  return TRUE;
}

/* Checks any other text field: it may be empty but must be UTF-8. */
static inline gboolean
bs_check_utf8 (const char  *text,
               GError     **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                           _("The text is not valid UTF-8"));
      return FALSE;
    }
  return TRUE;
}

/* Runs a one-row, one-column integer query with up to two int64 parameters
 * (a parameter the SQL does not use is ignored). Returns FALSE on a SQLite
 * error; *out_value is 0 when there is no row. */
static inline gboolean
bs_query_int64 (BsCatalogue  *self,
                const char   *sql,
                gint64        param1,
                gint64        param2,
                gint64       *out_value,
                GError      **error)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (self, sql, error);
  int n_params;
  int rc;

  *out_value = 0;
  if (stmt == NULL)
    return FALSE;
  n_params = sqlite3_bind_parameter_count (stmt);
  if (n_params >= 1)
    sqlite3_bind_int64 (stmt, 1, param1);
  if (n_params >= 2)
    sqlite3_bind_int64 (stmt, 2, param2);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_value = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Whether another row of @sql (… WHERE code = ?1 AND id <> ?2) uses @code.
 * Returns FALSE on error; *out_taken says whether it is used. */
static inline gboolean
bs_code_is_taken (BsCatalogue  *self,
                  const char   *sql,
                  const char   *code,
                  gint64        except_id,
                  gboolean     *out_taken,
                  GError      **error)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (self, sql, error);
  int rc;

  *out_taken = FALSE;
  if (stmt == NULL)
    return FALSE;
  bs_bind_text (stmt, 1, code);
  sqlite3_bind_int64 (stmt, 2, except_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *out_taken = (rc == SQLITE_ROW);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Steps a SELECT of one row; on SQLITE_DONE sets NOT_FOUND with
 * @missing_message. Returns TRUE when a row is ready to read. */
static inline gboolean
bs_step_one (BsCatalogue   *self,
             sqlite3_stmt  *stmt,
             const char    *missing_message,
             GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND, missing_message);
  else
    bs_catalogue_set_error_from_db (self, error);
  sqlite3_reset (stmt);
  return FALSE;
}

/* Gives the rows of @ids positions 0…n-1 with @sql
 * ("UPDATE … SET position = ?1 WHERE … = ?2 AND position IS NOT ?1";
 * a third parameter, if any, gets @extra). */
static inline gboolean
bs_renumber (BsCatalogue  *self,
             const char   *sql,
             GArray       *ids,
             gint64        extra,
             GError      **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_stmt *stmt = bs_catalogue_prepare (self, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, (int) i);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (sqlite3_bind_parameter_count (stmt) >= 3)
        sqlite3_bind_int64 (stmt, 3, extra);
      if (!bs_catalogue_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The ids a one-column query with one parameter returns. */
static inline GArray *
bs_list_ids (BsCatalogue  *self,
             const char   *sql,
             gint64        param,
             GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = bs_catalogue_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, param);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* Moves @id within @ids to @position (past the end means last). */
static inline void
bs_move_id (GArray *ids,
            gint64  id,
            int     position)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      {
        g_array_remove_index (ids, i);
        break;
      }
  g_array_insert_val (ids, MIN ((guint) position, ids->len), id);
}

G_END_DECLS
