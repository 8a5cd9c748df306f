/* bs-catalogue-json.c: the JSON interchange format (data/catalogue-format.md)
 *
 * Export reads each table with one ordered SELECT into a JsonBuilder and
 * writes the canonical text itself. Import works in three passes:
 *
 *  1. a strict lexical scan of the raw bytes, because json-glib 1.6 is
 *     lenient (comments, hexadecimal numbers, bad escapes, integers that
 *     wrap around) and recursive (deep nesting would exhaust the stack);
 *     it also bounds nesting and string lengths and checks UTF-8;
 *  2. JsonParser, then a validation of the whole tree into plain structs,
 *     with the JSON path of the first problem in the error;
 *  3. only then, one edit of bulk INSERTs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "bs-audit-private.h"
#include "bs-catalogue-json.h"
#include "bs-enums.h"
#include "bs-rollout.h"

#define MAX_DEPTH          64
#define MAX_STRING_BYTES   (1024 * 1024)
#define MAX_NUMBER_BYTES   64
#define MAX_INTEGER_DIGITS 18
#define MAX_CODE_CHARS     128
#define MAX_LIMIT          3650
#define MAX_VISITS         99
#define MAX_COPIES         999
#define NONE               G_MAXUINT
#define PATH_SIZE          96

/* Error messages start with the JSON path of the problem. */
G_GNUC_PRINTF (4, 5)
static gboolean
set_invalid (GError     **error,
             const char  *path,
             const char  *key,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (key != NULL)
    g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                 "%s.%s: %s", path, key, message);
  else
    g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                 "%s: %s", path, message);
  return FALSE;
}

/* ------------------------------------------------------------------------
 * Export
 * --------------------------------------------------------------------- */

static gboolean
step_row (BsCatalogue   *catalogue,
          sqlite3_stmt  *stmt,
          gboolean      *has_row,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    {
      *has_row = rc == SQLITE_ROW;
      return TRUE;
    }

  bs_catalogue_set_error_from_db (catalogue, error);
  sqlite3_reset (stmt);
  return FALSE;
}

/* A database written elsewhere may hold anything; JSON must be UTF-8. */
static void
add_text_value (JsonBuilder  *builder,
                sqlite3_stmt *stmt,
                int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  int length = sqlite3_column_bytes (stmt, column);

  if (text == NULL)
    json_builder_add_string_value (builder, "");
  else if (g_utf8_validate_len (text, length, NULL))
    json_builder_add_string_value (builder, text);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, length);
      json_builder_add_string_value (builder, valid);
    }
}

static void
add_text_member (JsonBuilder  *builder,
                 const char   *key,
                 sqlite3_stmt *stmt,
                 int           column)
{
  json_builder_set_member_name (builder, key);
  add_text_value (builder, stmt, column);
}

static void
add_nullable_int_member (JsonBuilder  *builder,
                         const char   *key,
                         sqlite3_stmt *stmt,
                         int           column)
{
  json_builder_set_member_name (builder, key);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
}

static void
add_limit_member (JsonBuilder  *builder,
                  const char   *key,
                  sqlite3_stmt *stmt,
                  int           value_column,
                  int           unit_column)
{
  json_builder_set_member_name (builder, key);
  if (sqlite3_column_type (stmt, value_column) == SQLITE_NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, value_column));
  add_text_member (builder, "unit", stmt, unit_column);
  json_builder_end_object (builder);
}

static gboolean
export_departments (BsCatalogue  *catalogue,
                    JsonBuilder  *builder,
                    GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = bs_catalogue_prepare (catalogue,
                               "SELECT code, name, phone, address FROM department "
                               "ORDER BY code",
                               error);
  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "departments");
  json_builder_begin_array (builder);
  while ((ok = step_row (catalogue, stmt, &has_row, error)) && has_row)
    {
      json_builder_begin_object (builder);
      add_text_member (builder, "code", stmt, 0);
      add_text_member (builder, "name", stmt, 1);
      add_text_member (builder, "phone", stmt, 2);
      add_text_member (builder, "address", stmt, 3);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  return ok;
}

static void
add_service_objects_member (JsonBuilder *builder,
                            guint        flags)
{
  json_builder_set_member_name (builder, "service_objects");
  json_builder_begin_array (builder);
  for (guint i = 0; i < BS_N_SERVICE_OBJECTS; i++)
    if (flags & (1u << i))
      json_builder_add_string_value (builder, bs_service_object_to_string (1u << i));
  json_builder_end_array (builder);
}

enum {
  ITEM_ID, ITEM_CODE, ITEM_NAME, ITEM_DEPARTMENT, ITEM_TYPE, ITEM_SERVICE_OBJECTS,
  ITEM_LEGAL_BASIS, ITEM_CONDITIONS, ITEM_LEGAL_LIMIT, ITEM_LEGAL_LIMIT_UNIT,
  ITEM_COMMITTED_LIMIT, ITEM_COMMITTED_LIMIT_UNIT, ITEM_HANDLING, ITEM_VISITS,
  ITEM_FEES, ITEM_PLACE, ITEM_HOURS, ITEM_PHONE, ITEM_ONLINE_URL, ITEM_RESULT_NAME,
};

/* A statement and whether it stands on a row. */
typedef struct
{
  sqlite3_stmt *stmt;
  gboolean has_row;
} Cursor;

/* A cursor over the rows of one kind of condition, ordered like their
 * owners: columns 0 and 1 identify the owner, 2 is the group and 3 the
 * "question=option" string (ordered within the group). */
typedef Cursor WhenCursor;

/* The condition of the owner (@key1, @key2), as the member "when": an
 * array of groups in their stored order, each an array of strings. */
static gboolean
export_when (BsCatalogue   *catalogue,
             JsonBuilder   *builder,
             WhenCursor    *cursor,
             gint64         key1,
             gint64         key2,
             GError       **error)
{
  sqlite3_stmt *stmt = cursor->stmt;
  gboolean in_group = FALSE;
  gint64 group = 0;
  gboolean ok = TRUE;

  json_builder_set_member_name (builder, "when");
  json_builder_begin_array (builder);
  while (cursor->has_row &&
         sqlite3_column_int64 (stmt, 0) == key1 &&
         sqlite3_column_int64 (stmt, 1) == key2)
    {
      if (!in_group || sqlite3_column_int64 (stmt, 2) != group)
        {
          if (in_group)
            json_builder_end_array (builder);
          json_builder_begin_array (builder);
          in_group = TRUE;
          group = sqlite3_column_int64 (stmt, 2);
        }
      add_text_value (builder, stmt, 3);

      if (!(ok = step_row (catalogue, stmt, &cursor->has_row, error)))
        break;
    }
  if (in_group)
    json_builder_end_array (builder);
  json_builder_end_array (builder);

  return ok;
}

/* Prepares @sql for a WhenCursor and steps to its first row. */
static gboolean
when_cursor_init (BsCatalogue  *catalogue,
                  WhenCursor   *cursor,
                  const char   *sql,
                  GError      **error)
{
  cursor->has_row = FALSE;
  cursor->stmt = bs_catalogue_prepare (catalogue, sql, error);
  return cursor->stmt != NULL &&
         step_row (catalogue, cursor->stmt, &cursor->has_row, error);
}

static void
when_cursor_reset (WhenCursor *cursor)
{
  if (cursor->stmt != NULL)
    sqlite3_reset (cursor->stmt);
}

/* The "question=option" string of a condition row, and its order. */
#define WHEN_TERM \
  "q.code || '=' || o.code AS term FROM question_option AS o " \
  "JOIN question AS q ON q.id = o.question_id "

enum {
  MATERIAL_ITEM_ID, MATERIAL_ID, MATERIAL_NAME, MATERIAL_FORM, MATERIAL_COPIES,
  MATERIAL_SOURCE, MATERIAL_REQUIRED, MATERIAL_NOTES, MATERIAL_FORM_URL, MATERIAL_SAMPLE_URL,
};

/* Writes the materials of item @item_id: the rows at the cursor of
 * @materials, which is ordered like the items, and those of @when. */
static gboolean
export_materials_of (BsCatalogue   *catalogue,
                     JsonBuilder   *builder,
                     sqlite3_stmt  *materials,
                     gboolean      *has_material,
                     WhenCursor    *when,
                     gint64         item_id,
                     GError       **error)
{
  gboolean ok = TRUE;

  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  while (*has_material && sqlite3_column_int64 (materials, MATERIAL_ITEM_ID) == item_id)
    {
      json_builder_begin_object (builder);
      add_text_member (builder, "name", materials, MATERIAL_NAME);
      add_text_member (builder, "form", materials, MATERIAL_FORM);
      json_builder_set_member_name (builder, "copies");
      json_builder_add_int_value (builder, sqlite3_column_int64 (materials, MATERIAL_COPIES));
      add_text_member (builder, "source", materials, MATERIAL_SOURCE);
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, sqlite3_column_int (materials, MATERIAL_REQUIRED) != 0);
      add_text_member (builder, "notes", materials, MATERIAL_NOTES);
      add_text_member (builder, "form_url", materials, MATERIAL_FORM_URL);
      add_text_member (builder, "sample_url", materials, MATERIAL_SAMPLE_URL);
      ok = export_when (catalogue, builder, when,
                        sqlite3_column_int64 (materials, MATERIAL_ID), 0, error);
      json_builder_end_object (builder);

      /* Balanced on errors too, so that the caller can close its object. */
      if (!ok || !(ok = step_row (catalogue, materials, has_material, error)))
        break;
    }
  json_builder_end_array (builder);

  return ok;
}

static gboolean
export_items (BsCatalogue  *catalogue,
              JsonBuilder  *builder,
              GError      **error)
{
  sqlite3_stmt *items;
  sqlite3_stmt *materials;
  WhenCursor when = { 0 };
  gboolean has_item = FALSE;
  gboolean has_material = FALSE;
  gboolean ok;

  items = bs_catalogue_prepare (catalogue,
                                "SELECT i.id, i.code, i.name, d.code, i.item_type, "
                                "i.service_objects, i.legal_basis, i.conditions, "
                                "i.legal_limit, i.legal_limit_unit, i.committed_limit, "
                                "i.committed_limit_unit, i.handling, i.visits, i.fees, "
                                "i.place, i.hours, i.phone, i.online_url, i.result_name "
                                "FROM item AS i JOIN department AS d ON d.id = i.department_id "
                                "ORDER BY i.code",
                                error);
  if (items == NULL)
    return FALSE;
  materials = bs_catalogue_prepare (catalogue,
                                    "SELECT m.item_id, m.id, m.name, m.form, m.copies, m.source, "
                                    "m.required, m.notes, m.form_url, m.sample_url "
                                    "FROM material AS m JOIN item AS i ON i.id = m.item_id "
                                    "ORDER BY i.code, m.position, m.id",
                                    error);
  if (materials == NULL)
    return FALSE;
  if (!when_cursor_init (catalogue, &when,
                         "SELECT w.material_id, 0, w.grp, " WHEN_TERM
                         "JOIN material_when AS w ON w.option_id = o.id "
                         "JOIN material AS m ON m.id = w.material_id "
                         "JOIN item AS i ON i.id = m.item_id "
                         "ORDER BY i.code, m.position, m.id, w.grp, term",
                         error))
    {
      when_cursor_reset (&when);
      return FALSE;
    }

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  ok = step_row (catalogue, materials, &has_material, error);
  while (ok && (ok = step_row (catalogue, items, &has_item, error)) && has_item)
    {
      json_builder_begin_object (builder);
      add_text_member (builder, "code", items, ITEM_CODE);
      add_text_member (builder, "name", items, ITEM_NAME);
      add_text_member (builder, "department", items, ITEM_DEPARTMENT);
      add_text_member (builder, "type", items, ITEM_TYPE);
      add_service_objects_member (builder, sqlite3_column_int (items, ITEM_SERVICE_OBJECTS));
      add_text_member (builder, "legal_basis", items, ITEM_LEGAL_BASIS);
      add_text_member (builder, "conditions", items, ITEM_CONDITIONS);
      add_limit_member (builder, "legal_limit", items, ITEM_LEGAL_LIMIT, ITEM_LEGAL_LIMIT_UNIT);
      add_limit_member (builder, "committed_limit", items,
                        ITEM_COMMITTED_LIMIT, ITEM_COMMITTED_LIMIT_UNIT);
      add_text_member (builder, "handling", items, ITEM_HANDLING);
      add_nullable_int_member (builder, "visits", items, ITEM_VISITS);
      add_text_member (builder, "fees", items, ITEM_FEES);
      add_text_member (builder, "place", items, ITEM_PLACE);
      add_text_member (builder, "hours", items, ITEM_HOURS);
      add_text_member (builder, "phone", items, ITEM_PHONE);
      add_text_member (builder, "online_url", items, ITEM_ONLINE_URL);
      add_text_member (builder, "result_name", items, ITEM_RESULT_NAME);
      ok = export_materials_of (catalogue, builder, materials, &has_material, &when,
                                sqlite3_column_int64 (items, ITEM_ID), error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (items);
  sqlite3_reset (materials);
  when_cursor_reset (&when);

  return ok;
}

static gboolean
export_categories (BsCatalogue  *catalogue,
                   JsonBuilder  *builder,
                   GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = bs_catalogue_prepare (catalogue,
                               "SELECT c.code, c.name, p.code "
                               "FROM category AS c LEFT JOIN category AS p ON p.id = c.parent_id "
                               "ORDER BY c.code",
                               error);
  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "categories");
  json_builder_begin_array (builder);
  while ((ok = step_row (catalogue, stmt, &has_row, error)) && has_row)
    {
      json_builder_begin_object (builder);
      add_text_member (builder, "code", stmt, 0);
      add_text_member (builder, "name", stmt, 1);
      json_builder_set_member_name (builder, "parent");
      if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
        json_builder_add_null_value (builder);
      else
        add_text_value (builder, stmt, 2);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  return ok;
}

static gboolean
export_questions (BsCatalogue  *catalogue,
                  JsonBuilder  *builder,
                  GError      **error)
{
  sqlite3_stmt *questions;
  sqlite3_stmt *options;
  gboolean has_question = FALSE;
  gboolean has_option = FALSE;
  gboolean ok;

  questions = bs_catalogue_prepare (catalogue,
                                    "SELECT id, code, prompt, help, kind FROM question "
                                    "ORDER BY code",
                                    error);
  if (questions == NULL)
    return FALSE;
  options = bs_catalogue_prepare (catalogue,
                                  "SELECT o.question_id, o.code, o.label "
                                  "FROM question_option AS o "
                                  "JOIN question AS q ON q.id = o.question_id "
                                  "ORDER BY q.code, o.position, o.id",
                                  error);
  if (options == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  ok = step_row (catalogue, options, &has_option, error);
  while (ok && (ok = step_row (catalogue, questions, &has_question, error)) && has_question)
    {
      gint64 question_id = sqlite3_column_int64 (questions, 0);

      json_builder_begin_object (builder);
      add_text_member (builder, "code", questions, 1);
      add_text_member (builder, "prompt", questions, 2);
      add_text_member (builder, "help", questions, 3);
      add_text_member (builder, "kind", questions, 4);
      json_builder_set_member_name (builder, "options");
      json_builder_begin_array (builder);
      while (ok && has_option && sqlite3_column_int64 (options, 0) == question_id)
        {
          json_builder_begin_object (builder);
          add_text_member (builder, "code", options, 1);
          add_text_member (builder, "label", options, 2);
          json_builder_end_object (builder);
          ok = step_row (catalogue, options, &has_option, error);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (questions);
  sqlite3_reset (options);

  return ok;
}

/* The theme's items (or edges) at the cursor of @stmt, whose first column
 * is the theme id and whose other @n_codes columns are item codes. */
static gboolean
export_theme_list (BsCatalogue   *catalogue,
                   JsonBuilder   *builder,
                   const char    *key,
                   sqlite3_stmt  *stmt,
                   gboolean      *has_row,
                   int            n_codes,
                   gint64         theme_id,
                   GError       **error)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  while (*has_row && sqlite3_column_int64 (stmt, 0) == theme_id)
    {
      if (n_codes == 1)
        add_text_value (builder, stmt, 1);
      else
        {
          json_builder_begin_array (builder);
          for (int i = 1; i <= n_codes; i++)
            add_text_value (builder, stmt, i);
          json_builder_end_array (builder);
        }

      if (!step_row (catalogue, stmt, has_row, error))
        {
          json_builder_end_array (builder);
          return FALSE;
        }
    }
  json_builder_end_array (builder);

  return TRUE;
}

/* The theme's questions (theme_question rows at the cursor of @stmt:
 * theme id, question id, code), each with its condition. */
static gboolean
export_theme_questions (BsCatalogue   *catalogue,
                        JsonBuilder   *builder,
                        sqlite3_stmt  *stmt,
                        gboolean      *has_row,
                        WhenCursor    *when,
                        gint64         theme_id,
                        GError       **error)
{
  gboolean ok = TRUE;

  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  while (ok && *has_row && sqlite3_column_int64 (stmt, 0) == theme_id)
    {
      json_builder_begin_object (builder);
      add_text_member (builder, "question", stmt, 2);
      ok = export_when (catalogue, builder, when, theme_id, sqlite3_column_int64 (stmt, 1), error);
      json_builder_end_object (builder);
      ok = ok && step_row (catalogue, stmt, has_row, error);
    }
  json_builder_end_array (builder);

  return ok;
}

/* The theme's items that have a condition (rows at the cursor of @stmt:
 * theme id, item id, code), in the theme's order. */
static gboolean
export_item_conditions (BsCatalogue   *catalogue,
                        JsonBuilder   *builder,
                        sqlite3_stmt  *stmt,
                        gboolean      *has_row,
                        WhenCursor    *when,
                        gint64         theme_id,
                        GError       **error)
{
  gboolean ok = TRUE;

  json_builder_set_member_name (builder, "item_conditions");
  json_builder_begin_array (builder);
  while (ok && *has_row && sqlite3_column_int64 (stmt, 0) == theme_id)
    {
      json_builder_begin_object (builder);
      add_text_member (builder, "item", stmt, 2);
      ok = export_when (catalogue, builder, when, theme_id, sqlite3_column_int64 (stmt, 1), error);
      json_builder_end_object (builder);
      ok = ok && step_row (catalogue, stmt, has_row, error);
    }
  json_builder_end_array (builder);

  return ok;
}

/* The theme's notes (rows at the cursor of @stmt: theme id, note id, text,
 * item code or NULL), in order. */
static gboolean
export_notes (BsCatalogue   *catalogue,
              JsonBuilder   *builder,
              sqlite3_stmt  *stmt,
              gboolean      *has_row,
              WhenCursor    *when,
              gint64         theme_id,
              GError       **error)
{
  gboolean ok = TRUE;

  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  while (ok && *has_row && sqlite3_column_int64 (stmt, 0) == theme_id)
    {
      json_builder_begin_object (builder);
      add_text_member (builder, "text", stmt, 2);
      json_builder_set_member_name (builder, "item");
      if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        json_builder_add_null_value (builder);
      else
        add_text_value (builder, stmt, 3);
      ok = export_when (catalogue, builder, when, sqlite3_column_int64 (stmt, 1), 0, error);
      json_builder_end_object (builder);
      ok = ok && step_row (catalogue, stmt, has_row, error);
    }
  json_builder_end_array (builder);

  return ok;
}

/* The cursors of export_themes(), each ordered like the themes. */
enum {
  THEME_ITEMS, THEME_EDGES, THEME_QUESTIONS, THEME_ITEM_CONDITIONS, THEME_NOTES,
  N_THEME_CURSORS
};

enum {
  WHEN_THEME_QUESTION, WHEN_THEME_ITEM, WHEN_NOTE, N_THEME_WHENS
};

static gboolean
export_themes (BsCatalogue  *catalogue,
               JsonBuilder  *builder,
               GError      **error)
{
  static const char * const cursor_sql[N_THEME_CURSORS] = {
    [THEME_ITEMS] =
      "SELECT t.id, i.code "
      "FROM theme_item AS ti "
      "JOIN theme AS t ON t.id = ti.theme_id "
      "JOIN item AS i ON i.id = ti.item_id "
      "ORDER BY t.code, ti.position, i.code",
    [THEME_EDGES] =
      "SELECT t.id, b.code, a.code "
      "FROM theme_edge AS e "
      "JOIN theme AS t ON t.id = e.theme_id "
      "JOIN item AS b ON b.id = e.before_id "
      "JOIN item AS a ON a.id = e.after_id "
      "ORDER BY t.code, b.code, a.code",
    [THEME_QUESTIONS] =
      "SELECT t.id, q.id, q.code "
      "FROM theme_question AS tq "
      "JOIN theme AS t ON t.id = tq.theme_id "
      "JOIN question AS q ON q.id = tq.question_id "
      "ORDER BY t.code, tq.position, q.code",
    [THEME_ITEM_CONDITIONS] =
      "SELECT t.id, i.id, i.code "
      "FROM theme_item AS ti "
      "JOIN theme AS t ON t.id = ti.theme_id "
      "JOIN item AS i ON i.id = ti.item_id "
      "WHERE EXISTS (SELECT 1 FROM theme_item_when AS w "
      "              WHERE w.theme_id = ti.theme_id AND w.item_id = ti.item_id) "
      "ORDER BY t.code, ti.position, i.code",
    [THEME_NOTES] =
      "SELECT t.id, n.id, n.text, i.code "
      "FROM theme_note AS n "
      "JOIN theme AS t ON t.id = n.theme_id "
      "LEFT JOIN item AS i ON i.id = n.item_id "
      "ORDER BY t.code, n.position, n.id",
  };
  /* In the order of the rows above that they belong to. */
  static const char * const when_sql[N_THEME_WHENS] = {
    [WHEN_THEME_QUESTION] =
      "SELECT w.theme_id, w.question_id, w.grp, " WHEN_TERM
      "JOIN theme_question_when AS w ON w.option_id = o.id "
      "JOIN theme AS t ON t.id = w.theme_id "
      "JOIN theme_question AS tq "
      "  ON tq.theme_id = w.theme_id AND tq.question_id = w.question_id "
      "JOIN question AS asked ON asked.id = w.question_id "
      "ORDER BY t.code, tq.position, asked.code, w.grp, term",
    [WHEN_THEME_ITEM] =
      "SELECT w.theme_id, w.item_id, w.grp, " WHEN_TERM
      "JOIN theme_item_when AS w ON w.option_id = o.id "
      "JOIN theme AS t ON t.id = w.theme_id "
      "JOIN theme_item AS ti ON ti.theme_id = w.theme_id AND ti.item_id = w.item_id "
      "JOIN item AS i ON i.id = w.item_id "
      "ORDER BY t.code, ti.position, i.code, w.grp, term",
    [WHEN_NOTE] =
      "SELECT w.note_id, 0, w.grp, " WHEN_TERM
      "JOIN theme_note_when AS w ON w.option_id = o.id "
      "JOIN theme_note AS n ON n.id = w.note_id "
      "JOIN theme AS t ON t.id = n.theme_id "
      "ORDER BY t.code, n.position, n.id, w.grp, term",
  };
  Cursor cursors[N_THEME_CURSORS] = { 0 };
  WhenCursor whens[N_THEME_WHENS] = { 0 };
  sqlite3_stmt *themes;
  gboolean has_theme = FALSE;
  gboolean ok = TRUE;

  themes = bs_catalogue_prepare (catalogue,
                                 "SELECT t.id, t.code, t.name, c.code, t.description "
                                 "FROM theme AS t JOIN category AS c ON c.id = t.category_id "
                                 "ORDER BY t.code",
                                 error);
  if (themes == NULL)
    return FALSE;
  for (guint i = 0; ok && i < N_THEME_CURSORS; i++)
    {
      cursors[i].stmt = bs_catalogue_prepare (catalogue, cursor_sql[i], error);
      ok = cursors[i].stmt != NULL &&
           step_row (catalogue, cursors[i].stmt, &cursors[i].has_row, error);
    }
  for (guint i = 0; ok && i < N_THEME_WHENS; i++)
    ok = when_cursor_init (catalogue, &whens[i], when_sql[i], error);

  json_builder_set_member_name (builder, "themes");
  json_builder_begin_array (builder);
  while (ok && (ok = step_row (catalogue, themes, &has_theme, error)) && has_theme)
    {
      gint64 theme_id = sqlite3_column_int64 (themes, 0);

      json_builder_begin_object (builder);
      add_text_member (builder, "code", themes, 1);
      add_text_member (builder, "name", themes, 2);
      add_text_member (builder, "category", themes, 3);
      add_text_member (builder, "description", themes, 4);
      ok = export_theme_list (catalogue, builder, "items", cursors[THEME_ITEMS].stmt,
                              &cursors[THEME_ITEMS].has_row, 1, theme_id, error) &&
           export_theme_list (catalogue, builder, "edges", cursors[THEME_EDGES].stmt,
                              &cursors[THEME_EDGES].has_row, 2, theme_id, error) &&
           export_theme_questions (catalogue, builder, cursors[THEME_QUESTIONS].stmt,
                                   &cursors[THEME_QUESTIONS].has_row,
                                   &whens[WHEN_THEME_QUESTION], theme_id, error) &&
           export_item_conditions (catalogue, builder, cursors[THEME_ITEM_CONDITIONS].stmt,
                                   &cursors[THEME_ITEM_CONDITIONS].has_row,
                                   &whens[WHEN_THEME_ITEM], theme_id, error) &&
           export_notes (catalogue, builder, cursors[THEME_NOTES].stmt,
                         &cursors[THEME_NOTES].has_row, &whens[WHEN_NOTE], theme_id, error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (themes);
  for (guint i = 0; i < N_THEME_CURSORS; i++)
    if (cursors[i].stmt != NULL)
      sqlite3_reset (cursors[i].stmt);
  for (guint i = 0; i < N_THEME_WHENS; i++)
    when_cursor_reset (&whens[i]);

  return ok;
}

static void
add_nullable_text_member (JsonBuilder  *builder,
                          const char   *key,
                          sqlite3_stmt *stmt,
                          int           column)
{
  json_builder_set_member_name (builder, key);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    add_text_value (builder, stmt, column);
}

static gboolean
export_reference_date (BsCatalogue  *catalogue,
                       JsonBuilder  *builder,
                       GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = bs_catalogue_prepare (catalogue,
                               "SELECT value FROM catalogue_meta WHERE key = 'reference_date'",
                               error);
  if (stmt == NULL || !step_row (catalogue, stmt, &has_row, error))
    return FALSE;
  json_builder_set_member_name (builder, "reference_date");
  if (has_row)
    add_text_value (builder, stmt, 0);
  else
    json_builder_add_null_value (builder);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
export_phases (BsCatalogue  *catalogue,
               JsonBuilder  *builder,
               GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = bs_catalogue_prepare (catalogue,
                               "SELECT code, name, start_date, end_date FROM phase ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "phases");
  json_builder_begin_array (builder);
  while ((ok = step_row (catalogue, stmt, &has_row, error)) && has_row)
    {
      json_builder_begin_object (builder);
      add_text_member (builder, "code", stmt, 0);
      add_text_member (builder, "name", stmt, 1);
      add_nullable_text_member (builder, "start", stmt, 2);
      add_nullable_text_member (builder, "end", stmt, 3);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  return ok;
}

enum {
  TASK_ID, TASK_CODE, TASK_PHASE, TASK_DEPARTMENT, TASK_THEME, TASK_DELIVERABLE,
  TASK_RESPONSIBLE, TASK_START, TASK_DUE, TASK_STATUS, TASK_COMPLETED, TASK_NOTES,
};

static gboolean
export_tasks (BsCatalogue  *catalogue,
              JsonBuilder  *builder,
              GError      **error)
{
  sqlite3_stmt *tasks;
  Cursor items = { 0 };
  gboolean has_task = FALSE;
  gboolean ok;

  tasks = bs_catalogue_prepare (catalogue,
                                "SELECT t.id, t.code, p.code, d.code, th.code, t.deliverable, "
                                "t.responsible, t.start_date, t.due_date, t.status, "
                                "t.completed_date, t.notes "
                                "FROM task AS t JOIN phase AS p ON p.id = t.phase_id "
                                "JOIN department AS d ON d.id = t.department_id "
                                "LEFT JOIN theme AS th ON th.id = t.theme_id "
                                "ORDER BY t.code",
                                error);
  if (tasks == NULL)
    return FALSE;
  items.stmt = bs_catalogue_prepare (catalogue,
                                     "SELECT ti.task_id, i.code FROM task_item AS ti "
                                     "JOIN task AS t ON t.id = ti.task_id "
                                     "JOIN item AS i ON i.id = ti.item_id "
                                     "ORDER BY t.code, i.code",
                                     error);
  if (items.stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  ok = step_row (catalogue, items.stmt, &items.has_row, error);
  while (ok && (ok = step_row (catalogue, tasks, &has_task, error)) && has_task)
    {
      json_builder_begin_object (builder);
      add_text_member (builder, "code", tasks, TASK_CODE);
      add_text_member (builder, "phase", tasks, TASK_PHASE);
      add_text_member (builder, "department", tasks, TASK_DEPARTMENT);
      add_nullable_text_member (builder, "theme", tasks, TASK_THEME);
      ok = export_theme_list (catalogue, builder, "items", items.stmt, &items.has_row, 1,
                              sqlite3_column_int64 (tasks, TASK_ID), error);
      add_text_member (builder, "deliverable", tasks, TASK_DELIVERABLE);
      add_text_member (builder, "responsible", tasks, TASK_RESPONSIBLE);
      add_nullable_text_member (builder, "start", tasks, TASK_START);
      add_text_member (builder, "due", tasks, TASK_DUE);
      add_text_member (builder, "status", tasks, TASK_STATUS);
      add_nullable_text_member (builder, "completed", tasks, TASK_COMPLETED);
      add_text_member (builder, "notes", tasks, TASK_NOTES);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (tasks);
  sqlite3_reset (items.stmt);

  return ok;
}

static gboolean
export_decisions (BsCatalogue  *catalogue,
                  JsonBuilder  *builder,
                  GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = bs_catalogue_prepare (catalogue,
                               "SELECT x.code, t.code, d.code, x.kind, x.decided_on, x.decided_by, x.reason "
                               "FROM decision AS x JOIN task AS t ON t.id = x.task_id "
                               "JOIN department AS d ON d.id = x.department_id "
                               "ORDER BY x.code",
                               error);
  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "decisions");
  json_builder_begin_array (builder);
  while ((ok = step_row (catalogue, stmt, &has_row, error)) && has_row)
    {
      json_builder_begin_object (builder);
      add_text_member (builder, "code", stmt, 0);
      add_text_member (builder, "task", stmt, 1);
      add_text_member (builder, "department", stmt, 2);
      add_text_member (builder, "kind", stmt, 3);
      add_text_member (builder, "date", stmt, 4);
      add_text_member (builder, "decided_by", stmt, 5);
      add_text_member (builder, "reason", stmt, 6);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  return ok;
}

static gboolean
export_audit (BsCatalogue  *catalogue,
              JsonBuilder  *builder,
              GError      **error)
{
  static const char * const keys[] = {
    "time", "user", "action", "entity", "key", "field", "old", "new", "prev_hash", "hash",
  };
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = bs_catalogue_prepare (catalogue,
                               "SELECT seq, time, user_name, action, entity, entity_key, field, "
                               "old_value, new_value, prev_hash, hash FROM audit ORDER BY seq",
                               error);
  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "audit");
  json_builder_begin_array (builder);
  while ((ok = step_row (catalogue, stmt, &has_row, error)) && has_row)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        add_nullable_text_member (builder, keys[i], stmt, i + 1);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  return ok;
}

/* The canonical text. JsonGenerator is not used: json-glib 1.6 writes
 * U+001F unescaped (not JSON) and "key" : value, a style no other tool
 * shares. This writes what JSON.stringify (doc, null, 2) and Python's
 * json.dumps (doc, ensure_ascii=False, indent=2) write, so files from
 * scripts diff cleanly against Banshi's. */
static void
write_string (GString    *out,
              const char *text)
{
  g_autofree char *valid = NULL;
  const char *run;
  const char *p;

  /* Banshi only stores UTF-8, but a file altered by other tools may hold
   * anything: the export stays valid JSON, with U+FFFD for bad bytes. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  run = text;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:    g_string_append_printf (out, "\\u%04x", c); break;
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
write_indent (GString *out,
              guint    level)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void
write_node (GString  *out,
            JsonNode *node,
            guint     level)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        GList *members = json_object_get_members (object);

        if (members == NULL)
          {
            g_string_append (out, "{}");
            break;
          }
        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            write_indent (out, level + 1);
            write_string (out, l->data);
            g_string_append (out, ": ");
            write_node (out, json_object_get_member (object, l->data), level + 1);
            if (l->next != NULL)
              g_string_append_c (out, ',');
          }
        write_indent (out, level);
        g_string_append_c (out, '}');
        g_list_free (members);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        if (length == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        g_string_append_c (out, '[');
        for (guint i = 0; i < length; i++)
          {
            write_indent (out, level + 1);
            write_node (out, json_array_get_element (array, i), level + 1);
            if (i + 1 < length)
              g_string_append_c (out, ',');
          }
        write_indent (out, level);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          write_string (out, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        default:
          /* The export builds no other values. */
          g_assert_not_reached ();
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

GBytes *
bs_catalogue_export_json (BsCatalogue  *self,
                          GError      **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *name = NULL;
  GString *out;
  gboolean ok;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* One read transaction: a consistent snapshot even while another
   * process writes to the file. */
  if (!bs_catalogue_exec (self, "SAVEPOINT export_json", error))
    return NULL;

  name = bs_catalogue_dup_name (self);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, BS_CATALOGUE_JSON_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, BS_CATALOGUE_JSON_VERSION);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name != NULL ? name : "");

  ok = export_departments (self, builder, error) &&
       export_items (self, builder, error) &&
       export_categories (self, builder, error) &&
       export_questions (self, builder, error) &&
       export_themes (self, builder, error) &&
       export_reference_date (self, builder, error) &&
       export_phases (self, builder, error) &&
       export_tasks (self, builder, error) &&
       export_decisions (self, builder, error) &&
       export_audit (self, builder, error);
  bs_catalogue_exec (self, "RELEASE export_json", NULL);
  if (!ok)
    return NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  out = g_string_sized_new (1024 * 1024);
  write_node (out, root, 0);
  g_string_append_c (out, '\n');

  return g_string_free_to_bytes (out);
}

gboolean
bs_catalogue_export_json_file (BsCatalogue  *self,
                               const char   *path,
                               GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = bs_catalogue_export_json (self, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &length);
  return g_file_set_contents (path, data, length, error);
}

/* ------------------------------------------------------------------------
 * Import, pass 1: the strict lexical scan
 * --------------------------------------------------------------------- */

typedef struct
{
  gboolean is_object;
  guint index;             /* arrays: the current element */
  const char *key;         /* objects: the current member's key as written */
  gsize key_length;
} ScanFrame;

typedef struct
{
  const char *data;
  gsize length;
  gsize pos;
  guint depth;
  ScanFrame frames[MAX_DEPTH];
} Scanner;

typedef enum
{
  EXPECT_VALUE,
  EXPECT_VALUE_OR_END,     /* after "[" */
  EXPECT_KEY,
  EXPECT_KEY_OR_END,       /* after "{" */
  EXPECT_COLON,
  EXPECT_NEXT,             /* after a value: "," or the end of its container */
} Expect;

static gboolean
is_identifier (const char *text,
               gsize       length)
{
  if (length == 0 || !(g_ascii_isalpha (text[0]) || text[0] == '_'))
    return FALSE;
  for (gsize i = 1; i < length; i++)
    if (!(g_ascii_isalnum (text[i]) || text[i] == '_'))
      return FALSE;
  return TRUE;
}

static void
append_key (GString    *path,
            const char *key,
            gsize       length)
{
  const gsize max = 40;

  if (is_identifier (key, length))
    {
      g_string_append_c (path, '.');
      g_string_append_len (path, key, length);
      return;
    }

  /* Other keys as written in the file (already checked to be UTF-8). */
  g_string_append (path, "[\"");
  if (length <= max)
    g_string_append_len (path, key, length);
  else
    {
      const char *end = g_utf8_find_prev_char (key, key + max + 1);
      g_string_append_len (path, key, end - key);
      g_string_append (path, "…");
    }
  g_string_append (path, "\"]");
}

G_GNUC_PRINTF (3, 4)
static gboolean
scanner_fail (Scanner     *s,
              GError     **error,
              const char  *format,
              ...)
{
  g_autoptr(GString) path = g_string_new ("$");
  g_autofree char *message = NULL;
  va_list args;
  guint line = 1;

  for (guint i = 0; i < s->depth; i++)
    {
      const ScanFrame *frame = &s->frames[i];

      if (!frame->is_object)
        g_string_append_printf (path, "[%u]", frame->index);
      else if (frame->key != NULL)
        append_key (path, frame->key, frame->key_length);
    }

  for (const char *p = s->data;
       (p = memchr (p, '\n', s->data + s->pos - p)) != NULL;
       p++)
    line++;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
               /* Translators: a JSON path, a problem, and the line of the file */
               _("%s: %s (line %u)"), path->str, message, line);
  return FALSE;
}

static gboolean
scanner_fail_unexpected (Scanner     *s,
                         const char  *expected,
                         GError     **error)
{
  const char *p = s->data + s->pos;
  guchar c = *p;
  gunichar ch;

  if (c == '\0')
    return scanner_fail (s, error, _("unexpected NUL byte, expected %s"), expected);
  if (c < 0x80)
    {
      if (g_ascii_isgraph (c))
        return scanner_fail (s, error, _("unexpected “%c”, expected %s"), c, expected);
      return scanner_fail (s, error, _("unexpected character U+%04X, expected %s"), c, expected);
    }

  ch = g_utf8_get_char_validated (p, s->length - s->pos);
  if (ch == (gunichar) -1 || ch == (gunichar) -2)
    return scanner_fail (s, error, _("invalid UTF-8 at byte %zu"), (size_t) s->pos);
  return scanner_fail (s, error, _("unexpected character U+%04X, expected %s"), ch, expected);
}

static gboolean
scanner_push (Scanner  *s,
              gboolean  is_object,
              GError  **error)
{
  if (s->depth == MAX_DEPTH)
    return scanner_fail (s, error, _("nesting is deeper than %d levels"), MAX_DEPTH);

  s->frames[s->depth] = (ScanFrame) { .is_object = is_object };
  s->depth++;
  s->pos++;
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* A \uXXXX escape at s->pos; sets *out_code or fails. */
static gboolean
scanner_read_u_escape (Scanner   *s,
                       gunichar  *out_code,
                       GError   **error)
{
  gunichar code = 0;

  if (s->length - s->pos < 6)
    return scanner_fail (s, error, _("the escape “\\u” needs four hexadecimal digits"));
  for (int i = 2; i < 6; i++)
    {
      int digit = hex_value (s->data[s->pos + i]);

      if (digit < 0)
        return scanner_fail (s, error, _("the escape “\\u” needs four hexadecimal digits"));
      code = code * 16 + digit;
    }

  *out_code = code;
  s->pos += 6;
  return TRUE;
}

/* After a high surrogate escape: the low one that completes the pair. */
static gboolean
scanner_read_low_surrogate (Scanner *s)
{
  gunichar low;

  return s->pos + 1 < s->length &&
         s->data[s->pos] == '\\' && s->data[s->pos + 1] == 'u' &&
         scanner_read_u_escape (s, &low, NULL) &&
         low >= 0xDC00 && low <= 0xDFFF;
}

static gboolean
scanner_read_escape (Scanner  *s,
                     GError  **error)
{
  gsize start = s->pos;
  gunichar code;

  if (s->pos + 1 >= s->length)
    return scanner_fail (s, error, _("the document ends inside a string"));

  switch (s->data[s->pos + 1])
    {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
      s->pos += 2;
      return TRUE;

    case 'u':
      if (!scanner_read_u_escape (s, &code, error))
        return FALSE;
      if (code == 0)
        {
          s->pos = start;
          return scanner_fail (s, error, _("strings cannot contain the NUL character (\\u0000)"));
        }
      if ((code >= 0xDC00 && code <= 0xDFFF) ||
          (code >= 0xD800 && code <= 0xDBFF && !scanner_read_low_surrogate (s)))
        {
          s->pos = start;
          return scanner_fail (s, error, _("the escape \\u%04X is half of a surrogate pair"), code);
        }
      return TRUE;

    default:
      if (!g_ascii_isgraph (s->data[s->pos + 1]))
        return scanner_fail (s, error, _("a backslash must start an escape such as “\\n”"));
      return scanner_fail (s, error, _("“\\%c” is not a valid escape"), s->data[s->pos + 1]);
    }
}

/* A string literal at s->pos (the opening quote). On success, *out_text
 * and *out_length give its bytes between the quotes, as written. */
static gboolean
scanner_read_string (Scanner     *s,
                     const char **out_text,
                     gsize       *out_length,
                     GError     **error)
{
  gsize open = s->pos;
  gsize start = s->pos + 1;
  const char *invalid;

  s->pos = start;
  for (;;)
    {
      guchar c;

      if (s->pos - start > MAX_STRING_BYTES)
        {
          s->pos = open;
          return scanner_fail (s, error, _("string is longer than 1 MiB"));
        }
      if (s->pos >= s->length)
        {
          s->pos = open;
          return scanner_fail (s, error, _("the document ends inside a string"));
        }

      c = s->data[s->pos];
      if (c == '"')
        break;
      else if (c == '\\')
        {
          if (!scanner_read_escape (s, error))
            return FALSE;
        }
      else if (c == '\0')
        return scanner_fail (s, error, _("strings cannot contain NUL bytes"));
      else if (c < 0x20)
        return scanner_fail (s, error,
                             _("the control character U+%04X must be written as an escape"),
                             c);
      else
        s->pos++;
    }

  if (!g_utf8_validate_len (s->data + start, s->pos - start, &invalid))
    {
      s->pos = invalid - s->data;
      return scanner_fail (s, error, _("invalid UTF-8 at byte %zu"), (size_t) s->pos);
    }

  *out_text = s->data + start;
  *out_length = s->pos - start;
  s->pos++;
  return TRUE;
}

static gsize
scanner_skip_digits (Scanner *s)
{
  gsize start = s->pos;

  while (s->pos < s->length && g_ascii_isdigit (s->data[s->pos]))
    s->pos++;
  return s->pos - start;
}

/* JSON's number grammar exactly; json-glib would also take "0x10" and
 * wrap integers that do not fit in 64 bits. */
static gboolean
scanner_read_number (Scanner  *s,
                     GError  **error)
{
  gsize start = s->pos;
  gsize n_digits;
  gboolean is_integer = TRUE;

  if (s->data[s->pos] == '-')
    s->pos++;
  if (s->pos < s->length && s->data[s->pos] == '0')
    {
      s->pos++;
      n_digits = 1;
    }
  else if ((n_digits = scanner_skip_digits (s)) == 0)
    goto bad;

  if (s->pos < s->length && s->data[s->pos] == '.')
    {
      s->pos++;
      is_integer = FALSE;
      if (scanner_skip_digits (s) == 0)
        goto bad;
    }
  if (s->pos < s->length && (s->data[s->pos] == 'e' || s->data[s->pos] == 'E'))
    {
      s->pos++;
      is_integer = FALSE;
      if (s->pos < s->length && (s->data[s->pos] == '+' || s->data[s->pos] == '-'))
        s->pos++;
      if (scanner_skip_digits (s) == 0)
        goto bad;
    }

  if ((is_integer && n_digits > MAX_INTEGER_DIGITS) || s->pos - start > MAX_NUMBER_BYTES)
    {
      s->pos = start;
      return scanner_fail (s, error, _("the number is too large"));
    }
  return TRUE;

bad:
  s->pos = start;
  return scanner_fail (s, error, _("invalid number"));
}

static gboolean
scanner_read_literal (Scanner  *s,
                      GError  **error)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize length = strlen (literals[i]);

      if (s->length - s->pos >= length && memcmp (s->data + s->pos, literals[i], length) == 0)
        {
          s->pos += length;
          return TRUE;
        }
    }

  return scanner_fail_unexpected (s, _("a value"), error);
}

static gboolean
scanner_read_value (Scanner  *s,
                    Expect   *expect,
                    GError  **error)
{
  const char *text;
  gsize length;
  char c = s->data[s->pos];

  *expect = EXPECT_NEXT;
  switch (c)
    {
    case '{':
      *expect = EXPECT_KEY_OR_END;
      return scanner_push (s, TRUE, error);
    case '[':
      *expect = EXPECT_VALUE_OR_END;
      return scanner_push (s, FALSE, error);
    case '"':
      return scanner_read_string (s, &text, &length, error);
    case 't': case 'f': case 'n':
      return scanner_read_literal (s, error);
    default:
      if (c == '-' || g_ascii_isdigit (c))
        return scanner_read_number (s, error);
      return scanner_fail_unexpected (s, _("a value"), error);
    }
}

static gboolean
scanner_read_next (Scanner  *s,
                   Expect   *expect,
                   GError  **error)
{
  ScanFrame *frame;
  char c = s->data[s->pos];

  if (s->depth == 0)
    return scanner_fail (s, error, _("unexpected content after the end of the document"));

  frame = &s->frames[s->depth - 1];
  if (c == ',')
    {
      s->pos++;
      if (frame->is_object)
        {
          frame->key = NULL;
          *expect = EXPECT_KEY;
        }
      else
        {
          frame->index++;
          *expect = EXPECT_VALUE;
        }
      return TRUE;
    }
  if (c == (frame->is_object ? '}' : ']'))
    {
      s->pos++;
      s->depth--;
      return TRUE;
    }

  return scanner_fail_unexpected (s, frame->is_object ? _("“,” or “}”") : _("“,” or “]”"), error);
}

/* Editors on Windows like to start UTF-8 with one. */
static gboolean
has_byte_order_mark (const char *data,
                     gsize       length)
{
  return length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0;
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Checks that @data is one strict JSON value within our limits. */
static gboolean
scan_json (const char  *data,
           gsize        length,
           GError     **error)
{
  Scanner scanner = { .data = data, .length = length };
  Scanner *s = &scanner;
  Expect expect = EXPECT_VALUE;

  if (has_byte_order_mark (data, length))
    s->pos = 3;

  for (;;)
    {
      ScanFrame *frame = s->depth > 0 ? &s->frames[s->depth - 1] : NULL;
      gboolean ok = TRUE;
      char c;

      while (s->pos < s->length && is_space (s->data[s->pos]))
        s->pos++;

      if (s->pos == s->length)
        {
          if (expect == EXPECT_NEXT && s->depth == 0)
            return TRUE;
          if (expect == EXPECT_VALUE && s->depth == 0)
            return scanner_fail (s, error, _("the file is empty"));
          return scanner_fail (s, error, _("the document ends too early; the file may be truncated"));
        }

      c = s->data[s->pos];
      switch (expect)
        {
        case EXPECT_VALUE_OR_END:
          if (c == ']')
            {
              s->pos++;
              s->depth--;
              expect = EXPECT_NEXT;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case EXPECT_VALUE:
          ok = scanner_read_value (s, &expect, error);
          break;

        case EXPECT_KEY_OR_END:
          if (c == '}')
            {
              s->pos++;
              s->depth--;
              expect = EXPECT_NEXT;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case EXPECT_KEY:
          if (c != '"')
            ok = scanner_fail_unexpected (s, _("a key in double quotes"), error);
          else
            ok = scanner_read_string (s, &frame->key, &frame->key_length, error);
          expect = EXPECT_COLON;
          break;

        case EXPECT_COLON:
          ok = c == ':' || scanner_fail_unexpected (s, _("“:”"), error);
          s->pos++;
          expect = EXPECT_VALUE;
          break;

        case EXPECT_NEXT:
          ok = scanner_read_next (s, &expect, error);
          break;

        default:
          g_assert_not_reached ();
        }

      if (!ok)
        return FALSE;
    }
}

/* ------------------------------------------------------------------------
 * Import, pass 2: validation into plain structs
 * --------------------------------------------------------------------- */

typedef struct
{
  const char *code;
  const char *name;
  const char *phone;
  const char *address;
  gint64 id;
} ImportDepartment;

typedef struct
{
  const char *code;
  const char *name;
  guint department;
  BsItemType type;
  guint service_objects;
  const char *legal_basis;
  const char *conditions;
  int legal_limit;              /* -1: unknown */
  BsLimitUnit legal_limit_unit;
  int committed_limit;
  BsLimitUnit committed_limit_unit;
  BsHandling handling;
  int visits;
  const char *fees;
  const char *place;
  const char *hours;
  const char *phone;
  const char *online_url;
  const char *result_name;
  guint theme_mark;             /* 1 + the theme being read that lists it */
  guint condition_mark;         /* 1 + the theme being read that conditions it */
  guint task_mark;              /* 1 + the task being read that lists it */
  gint64 id;
} ImportItem;

/* A condition: groups Import.groups[first_group…], each of the options
 * Import.terms[first_term…]. */
typedef struct
{
  guint first_group;
  guint n_groups;
} ImportWhen;

typedef struct
{
  guint first_term;
  guint n_terms;
} ImportGroup;

typedef struct
{
  guint item;
  int position;
  const char *name;
  BsMaterialForm form;
  int copies;
  BsMaterialSource source;
  gboolean required;
  const char *notes;
  const char *form_url;
  const char *sample_url;
  ImportWhen when;
} ImportMaterial;

typedef struct
{
  const char *code;             /* first, for find_existing_code() */
  const char *prompt;
  const char *help;
  BsQuestionKind kind;
  guint first_option;           /* into Import.options */
  guint n_options;
  guint theme_mark;             /* 1 + the theme being read that asks it */
  gint64 id;
} ImportQuestion;

typedef struct
{
  guint question;
  const char *code;
  const char *label;
  guint group_mark;             /* 1 + the group being read that names it */
  gint64 id;
} ImportOption;

typedef struct
{
  guint question;
  ImportWhen when;
} ImportThemeQuestion;

typedef struct
{
  guint item;
  ImportWhen when;
} ImportItemCondition;

typedef struct
{
  const char *text;
  guint item;                   /* NONE: about the whole theme */
  ImportWhen when;
} ImportNote;

typedef struct
{
  const char *code;
  const char *name;
  const char *parent_code;      /* NULL: top level */
  guint parent;
  int position;
  gint64 id;
} ImportCategory;

typedef struct
{
  const char *code;
  const char *name;
  guint category;
  const char *description;
  int position;
  guint first_item;             /* into Import.theme_items */
  guint n_items;
  guint first_edge;             /* into Import.edges */
  guint n_edges;
  guint first_question;         /* into Import.theme_questions */
  guint n_questions;
  guint first_item_condition;   /* into Import.item_conditions */
  guint n_item_conditions;
  guint first_note;             /* into Import.notes */
  guint n_notes;
  gint64 id;
} ImportTheme;

typedef struct
{
  guint before;
  guint after;
} ImportEdge;

typedef struct
{
  const char *code;             /* first, for find_existing_code() */
  const char *name;
  BsDate start;
  BsDate end;
  gint64 id;
} ImportPhase;

typedef struct
{
  const char *code;             /* first, for find_existing_code() */
  guint phase;
  guint department;
  guint theme;                  /* NONE: none */
  guint first_item;             /* into Import.task_items */
  guint n_items;
  const char *deliverable;
  const char *responsible;
  BsDate start;
  BsDate due;
  BsTaskStatus status;
  BsDate completed;
  const char *notes;
  gint64 id;
} ImportTask;

typedef struct
{
  const char *code;             /* first, for find_existing_code() */
  guint task;
  guint department;
  BsDecisionKind kind;
  BsDate date;
  const char *decided_by;
  const char *reason;
} ImportDecision;

typedef struct
{
  BsCatalogue *catalogue;
  /* JsonObject → a key json-glib merged because it appeared twice */
  GHashTable *repeated_keys;
  GArray *depth_counts;         /* members seen per open object */

  int version;
  const char *name;
  GArray *departments;          /* ImportDepartment */
  GArray *items;                /* ImportItem */
  GArray *materials;            /* ImportMaterial */
  GArray *categories;           /* ImportCategory */
  GArray *category_order;       /* guint: parents before children */
  GArray *questions;            /* ImportQuestion */
  GArray *options;              /* ImportOption */
  GArray *themes;               /* ImportTheme */
  GArray *theme_items;          /* guint item */
  GArray *edges;                /* ImportEdge */
  GArray *theme_questions;      /* ImportThemeQuestion */
  GArray *item_conditions;      /* ImportItemCondition */
  GArray *notes;                /* ImportNote */
  GArray *groups;               /* ImportGroup */
  GArray *terms;                /* guint option */
  /* Version 3: the rollout */
  BsDate reference_date;
  GArray *phases;               /* ImportPhase */
  GArray *tasks;                /* ImportTask */
  GArray *task_items;           /* guint item */
  GArray *decisions;            /* ImportDecision */
  GPtrArray *audit;             /* BsAuditRecord */
  BsAuditChain chain;
  /* code → 1 + index */
  GHashTable *department_codes;
  GHashTable *item_codes;
  GHashTable *category_codes;
  GHashTable *question_codes;
  GHashTable *theme_codes;
  GHashTable *phase_codes;
  GHashTable *task_codes;
  GHashTable *decision_codes;
  /* "question=option" (owned) → 1 + index into options */
  GHashTable *option_terms;
} Import;

static Import *
import_new (BsCatalogue *catalogue)
{
  Import *self = g_new0 (Import, 1);

  self->catalogue = catalogue;
  self->repeated_keys = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->depth_counts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->departments = g_array_new (FALSE, TRUE, sizeof (ImportDepartment));
  self->items = g_array_new (FALSE, TRUE, sizeof (ImportItem));
  self->materials = g_array_new (FALSE, TRUE, sizeof (ImportMaterial));
  self->categories = g_array_new (FALSE, TRUE, sizeof (ImportCategory));
  self->category_order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->questions = g_array_new (FALSE, TRUE, sizeof (ImportQuestion));
  self->options = g_array_new (FALSE, TRUE, sizeof (ImportOption));
  self->themes = g_array_new (FALSE, TRUE, sizeof (ImportTheme));
  self->theme_items = g_array_new (FALSE, FALSE, sizeof (guint));
  self->edges = g_array_new (FALSE, FALSE, sizeof (ImportEdge));
  self->theme_questions = g_array_new (FALSE, FALSE, sizeof (ImportThemeQuestion));
  self->item_conditions = g_array_new (FALSE, FALSE, sizeof (ImportItemCondition));
  self->notes = g_array_new (FALSE, FALSE, sizeof (ImportNote));
  self->groups = g_array_new (FALSE, FALSE, sizeof (ImportGroup));
  self->terms = g_array_new (FALSE, FALSE, sizeof (guint));
  self->phases = g_array_new (FALSE, TRUE, sizeof (ImportPhase));
  self->tasks = g_array_new (FALSE, TRUE, sizeof (ImportTask));
  self->task_items = g_array_new (FALSE, FALSE, sizeof (guint));
  self->decisions = g_array_new (FALSE, TRUE, sizeof (ImportDecision));
  self->audit = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_audit_record_free);
  bs_audit_chain_init (&self->chain);
  self->phase_codes = g_hash_table_new (g_str_hash, g_str_equal);
  self->task_codes = g_hash_table_new (g_str_hash, g_str_equal);
  self->decision_codes = g_hash_table_new (g_str_hash, g_str_equal);
  self->department_codes = g_hash_table_new (g_str_hash, g_str_equal);
  self->item_codes = g_hash_table_new (g_str_hash, g_str_equal);
  self->category_codes = g_hash_table_new (g_str_hash, g_str_equal);
  self->question_codes = g_hash_table_new (g_str_hash, g_str_equal);
  self->theme_codes = g_hash_table_new (g_str_hash, g_str_equal);
  self->option_terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

static void
import_free (Import *self)
{
  g_hash_table_unref (self->repeated_keys);
  g_array_unref (self->depth_counts);
  g_array_unref (self->departments);
  g_array_unref (self->items);
  g_array_unref (self->materials);
  g_array_unref (self->categories);
  g_array_unref (self->category_order);
  g_array_unref (self->questions);
  g_array_unref (self->options);
  g_array_unref (self->themes);
  g_array_unref (self->theme_items);
  g_array_unref (self->edges);
  g_array_unref (self->theme_questions);
  g_array_unref (self->item_conditions);
  g_array_unref (self->notes);
  g_array_unref (self->groups);
  g_array_unref (self->terms);
  g_array_unref (self->phases);
  g_array_unref (self->tasks);
  g_array_unref (self->task_items);
  g_array_unref (self->decisions);
  g_ptr_array_unref (self->audit);
  bs_audit_chain_clear (&self->chain);
  g_hash_table_unref (self->phase_codes);
  g_hash_table_unref (self->task_codes);
  g_hash_table_unref (self->decision_codes);
  g_hash_table_unref (self->department_codes);
  g_hash_table_unref (self->item_codes);
  g_hash_table_unref (self->category_codes);
  g_hash_table_unref (self->question_codes);
  g_hash_table_unref (self->theme_codes);
  g_hash_table_unref (self->option_terms);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_free)

/* json-glib keeps the last of repeated keys silently; count the members
 * parsed into each object to notice. */
static void
on_object_start (JsonParser *parser,
                 Import     *self)
{
  guint zero = 0;

  g_array_append_val (self->depth_counts, zero);
}

static void
on_object_member (JsonParser *parser,
                  JsonObject *object,
                  const char *member_name,
                  Import     *self)
{
  guint *count = &g_array_index (self->depth_counts, guint, self->depth_counts->len - 1);

  /* Once a key repeats, the size stays behind the count: keep the first. */
  (*count)++;
  /* A copy: json-glib frees its earlier copies of the name when the key
   * comes a third time. */
  if (json_object_get_size (object) != *count &&
      !g_hash_table_contains (self->repeated_keys, object))
    g_hash_table_insert (self->repeated_keys, object, g_strdup (member_name));
}

static void
on_object_end (JsonParser *parser,
               JsonObject *object,
               Import     *self)
{
  g_array_set_size (self->depth_counts, self->depth_counts->len - 1);
}

static const char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return _("a string");
        case G_TYPE_BOOLEAN:
          return _("true or false");
        default:
          return _("a number");
        }
    default:
      return _("something else");
    }
}

static gboolean
set_wrong_type (GError     **error,
                const char  *path,
                const char  *key,
                const char  *expected,
                JsonNode    *found)
{
  return set_invalid (error, path, key,
                      /* Translators: "expected a string, found a number" */
                      _("expected %s, found %s"), expected, describe_node (found));
}

static gboolean
node_is (JsonNode *node,
         GType     value_type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

/* The object's keys: no key twice, none but @allowed. */
static gboolean
check_keys (Import             *self,
            JsonObject         *object,
            const char         *path,
            const char * const *allowed,
            GError            **error)
{
  const char *repeated;
  guint n_known = 0;
  GList *members;

  repeated = g_hash_table_lookup (self->repeated_keys, object);
  if (repeated != NULL)
    return set_invalid (error, path, NULL, _("the key “%s” appears more than once"), repeated);

  for (guint i = 0; allowed[i] != NULL; i++)
    if (json_object_has_member (object, allowed[i]))
      n_known++;
  if (n_known == json_object_get_size (object))
    return TRUE;

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *name = g_strdup (l->data);

        g_list_free (members);
        return set_invalid (error, path, NULL, _("unknown key “%s”"), name);
      }
  g_list_free (members);

  g_return_val_if_reached (FALSE);
}

/* @node as an object with exactly the keys allowed. */
static gboolean
get_object (Import             *self,
            JsonNode           *node,
            const char         *path,
            const char * const *allowed,
            JsonObject        **out_object,
            GError            **error)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_wrong_type (error, path, NULL, _("an object"), node);

  *out_object = json_node_get_object (node);
  return check_keys (self, *out_object, path, allowed, error);
}

/* The member @key, or NULL when absent (an error if @required). */
static gboolean
get_member (JsonObject  *object,
            const char  *path,
            const char  *key,
            gboolean     required,
            JsonNode   **out_node,
            GError     **error)
{
  *out_node = json_object_get_member (object, key);
  if (*out_node == NULL && required)
    return set_invalid (error, path, NULL, _("the key “%s” is missing"), key);
  return TRUE;
}

static gboolean
get_array (JsonObject  *object,
           const char  *path,
           const char  *key,
           gboolean     required,
           JsonArray  **out_array,
           GError     **error)
{
  JsonNode *node;

  *out_array = NULL;
  if (!get_member (object, path, key, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_wrong_type (error, path, key, _("an array"), node);

  *out_array = json_node_get_array (node);
  return TRUE;
}

typedef enum
{
  TEXT_ANY,
  TEXT_NON_EMPTY,
  TEXT_CODE,
  TEXT_TERM_CODE,               /* a code of a question or option: no "=" */
} TextKind;

static gboolean
check_text (const char  *text,
            TextKind     kind,
            const char  *path,
            const char  *key,
            GError     **error)
{
  gboolean is_code = kind == TEXT_CODE || kind == TEXT_TERM_CODE;

  /* json-glib decoded the escapes; what they decode to was checked. */
  if (kind != TEXT_ANY && text[0] == '\0')
    return set_invalid (error, path, key,
                        is_code ? _("a code cannot be empty") : _("a name cannot be empty"));
  if (is_code && g_utf8_strlen (text, -1) > MAX_CODE_CHARS)
    return set_invalid (error, path, key, _("a code has at most %d characters"), MAX_CODE_CHARS);
  /* Conditions name options as "question=option". */
  if (kind == TEXT_TERM_CODE && strchr (text, '=') != NULL)
    return set_invalid (error, path, key, _("the code “%s” contains “=”, which conditions use "
                                            "between a question and its option"), text);
  return TRUE;
}

/* A string member; @fallback when absent, or NULL to make it required. */
static gboolean
get_string (JsonObject  *object,
            const char  *path,
            const char  *key,
            TextKind     kind,
            const char  *fallback,
            const char **out_text,
            GError     **error)
{
  JsonNode *node;

  if (!get_member (object, path, key, fallback == NULL, &node, error))
    return FALSE;
  if (node == NULL)
    {
      *out_text = fallback;
      return TRUE;
    }
  if (!node_is (node, G_TYPE_STRING))
    return set_wrong_type (error, path, key, _("a string"), node);

  *out_text = json_node_get_string (node);
  return check_text (*out_text, kind, path, key, error);
}

/* A required string member that must not be empty (@empty_message). */
static gboolean
get_filled_string (JsonObject  *object,
                   const char  *path,
                   const char  *key,
                   const char  *empty_message,
                   const char **out_text,
                   GError     **error)
{
  if (!get_string (object, path, key, TEXT_ANY, NULL, out_text, error))
    return FALSE;
  if ((*out_text)[0] == '\0')
    return set_invalid (error, path, key, "%s", empty_message);
  return TRUE;
}

/* An integer in @min…@max. A number with no fraction ("5.0") counts, as in
 * JSON Schema. */
static gboolean
get_integer_node (JsonNode    *node,
                  const char  *path,
                  const char  *key,
                  int          min,
                  int          max,
                  int         *out_value,
                  GError     **error)
{
  if (node_is (node, G_TYPE_INT64))
    {
      gint64 value = json_node_get_int (node);

      if (value < min || value > max)
        return set_invalid (error, path, key, _("%lld is out of range (%d to %d)"),
                            (long long) value, min, max);
      *out_value = (int) value;
      return TRUE;
    }

  if (node_is (node, G_TYPE_DOUBLE))
    {
      double value = json_node_get_double (node);

      if (value != floor (value))
        return set_invalid (error, path, key, _("expected an integer, found %g"), value);
      if (value < min || value > max)
        return set_invalid (error, path, key, _("%g is out of range (%d to %d)"), value, min, max);
      *out_value = (int) value;
      return TRUE;
    }

  return set_wrong_type (error, path, key, _("an integer"), node);
}

/* An integer member: @fallback when absent; -1 for null when @nullable. */
static gboolean
get_integer (JsonObject  *object,
             const char  *path,
             const char  *key,
             int          min,
             int          max,
             gboolean     nullable,
             int          fallback,
             int         *out_value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || (nullable && JSON_NODE_HOLDS_NULL (node)))
    {
      *out_value = node == NULL ? fallback : -1;
      return TRUE;
    }
  if (nullable && !JSON_NODE_HOLDS_VALUE (node))
    return set_wrong_type (error, path, key, _("an integer or null"), node);

  return get_integer_node (node, path, key, min, max, out_value, error);
}

static gboolean
get_boolean (JsonObject  *object,
             const char  *path,
             const char  *key,
             gboolean     fallback,
             gboolean    *out_value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    *out_value = fallback;
  else if (node_is (node, G_TYPE_BOOLEAN))
    *out_value = json_node_get_boolean (node);
  else
    return set_wrong_type (error, path, key, _("true or false"), node);
  return TRUE;
}

/* The enumerations, each as its JSON strings. */
typedef const char *(*EnumToString) (int value);

static const char *
item_type_string (int value)
{
  return bs_item_type_to_string (value);
}

static const char *
limit_unit_string (int value)
{
  return bs_limit_unit_to_string (value);
}

static const char *
handling_string (int value)
{
  return bs_handling_to_string (value);
}

static const char *
material_form_string (int value)
{
  return bs_material_form_to_string (value);
}

static const char *
material_source_string (int value)
{
  return bs_material_source_to_string (value);
}

static const char *
question_kind_string (int value)
{
  return bs_question_kind_to_string (value);
}

static const char *
service_object_string (int value)
{
  return bs_service_object_to_string (1u << value);
}

static gboolean
parse_enum (JsonNode      *node,
            const char    *path,
            const char    *key,
            EnumToString   to_string,
            int            n_values,
            int           *out_value,
            GError       **error)
{
  const char *text;
  g_autoptr(GString) allowed = NULL;

  if (!node_is (node, G_TYPE_STRING))
    return set_wrong_type (error, path, key, _("a string"), node);

  text = json_node_get_string (node);
  for (int i = 0; i < n_values; i++)
    if (g_str_equal (text, to_string (i)))
      {
        *out_value = i;
        return TRUE;
      }

  allowed = g_string_new (NULL);
  for (int i = 0; i < n_values; i++)
    g_string_append_printf (allowed, "%s“%s”", i > 0 ? ", " : "", to_string (i));
  return set_invalid (error, path, key, _("“%s” is not one of %s"), text, allowed->str);
}

static gboolean
get_enum (JsonObject    *object,
          const char    *path,
          const char    *key,
          EnumToString   to_string,
          int            n_values,
          int            fallback,
          int           *out_value,
          GError       **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    {
      *out_value = fallback;
      return TRUE;
    }
  return parse_enum (node, path, key, to_string, n_values, out_value, error);
}

/* Registers @code of the element at @path in @codes, refusing a repeat. */
static gboolean
add_code (GHashTable  *codes,
          const char  *code,
          guint        index,
          const char  *path,
          const char  *array_path,
          GError     **error)
{
  guint first = GPOINTER_TO_UINT (g_hash_table_lookup (codes, code));

  if (first != 0)
    return set_invalid (error, path, "code", _("the code “%s” is used twice (also by %s[%u])"),
                        code, array_path, first - 1);

  g_hash_table_insert (codes, (gpointer) code, GUINT_TO_POINTER (index + 1));
  return TRUE;
}

/* The index of the element with @code in @codes, or NONE. */
static guint
lookup_code (GHashTable *codes,
             const char *code)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (codes, code)) - 1;
}

/* One "question=option" string of a group; @group_mark tells the
 * options already named in the group. */
static gboolean
read_term (Import      *self,
           JsonNode    *node,
           const char  *path,
           guint        group_mark,
           GError     **error)
{
  g_autofree char *question_code = NULL;
  const char *term, *equals;
  ImportOption *option;
  guint index;

  if (!node_is (node, G_TYPE_STRING))
    return set_wrong_type (error, path, NULL, _("a “question=option” string"), node);

  term = json_node_get_string (node);
  equals = strchr (term, '=');
  if (equals == NULL || equals == term || equals[1] == '\0' || strchr (equals + 1, '=') != NULL)
    return set_invalid (error, path, NULL,
                        _("“%s” is not of the form “question=option”"), term);

  question_code = g_strndup (term, equals - term);
  if (lookup_code (self->question_codes, question_code) == NONE)
    return set_invalid (error, path, NULL, _("no question has the code “%s”"), question_code);
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->option_terms, term)) - 1;
  if (index == NONE)
    return set_invalid (error, path, NULL, _("the question “%s” has no option “%s”"),
                        question_code, equals + 1);

  option = &g_array_index (self->options, ImportOption, index);
  if (option->group_mark == group_mark)
    return set_invalid (error, path, NULL, _("“%s” appears twice in this group"), term);
  option->group_mark = group_mark;
  g_array_append_val (self->terms, index);
  return TRUE;
}

/* The condition "when" of @object: groups of "question=option" strings, of
 * which any must hold. Absent or [] means always, unless @required: then it
 * must be there with a group at least. */
static gboolean
read_when (Import      *self,
           JsonObject  *object,
           const char  *path,
           gboolean     required,
           ImportWhen  *out_when,
           GError     **error)
{
  JsonArray *groups;
  guint n_groups;

  out_when->first_group = self->groups->len;
  out_when->n_groups = 0;
  if (!get_array (object, path, "when", required, &groups, error))
    return FALSE;
  if (groups == NULL)
    return TRUE;

  n_groups = json_array_get_length (groups);
  if (required && n_groups == 0)
    return set_invalid (error, path, "when",
                        _("an item condition needs a group at least; items without "
                          "a condition always apply"));

  for (guint i = 0; i < n_groups; i++)
    {
      JsonNode *node = json_array_get_element (groups, i);
      char group_path[PATH_SIZE];
      ImportGroup group;
      JsonArray *terms;
      guint group_mark = self->groups->len + 1;

      g_snprintf (group_path, sizeof group_path, "%s.when[%u]", path, i);
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return set_wrong_type (error, group_path, NULL,
                               _("a group of “question=option” strings"), node);
      terms = json_node_get_array (node);
      if (json_array_get_length (terms) == 0)
        return set_invalid (error, group_path, NULL,
                            _("a group cannot be empty; a condition without groups always holds"));

      group.first_term = self->terms->len;
      group.n_terms = json_array_get_length (terms);
      for (guint j = 0; j < group.n_terms; j++)
        {
          char term_path[PATH_SIZE];

          g_snprintf (term_path, sizeof term_path, "%s[%u]", group_path, j);
          if (!read_term (self, json_array_get_element (terms, j), term_path, group_mark, error))
            return FALSE;
        }
      g_array_append_val (self->groups, group);
    }

  out_when->n_groups = n_groups;
  return TRUE;
}

static gboolean
read_option (Import      *self,
             JsonNode    *node,
             guint        question,
             const char  *question_code,
             const char  *question_path,
             guint        first_option,
             guint        index,
             GError     **error)
{
  static const char * const keys[] = { "code", "label", NULL };
  char path[PATH_SIZE];
  JsonObject *object = NULL;
  ImportOption option = { .question = question };
  char *term;
  guint first;

  g_snprintf (path, sizeof path, "%s.options[%u]", question_path, index);
  if (!get_object (self, node, path, keys, &object, error) ||
      !get_string (object, path, "code", TEXT_TERM_CODE, NULL, &option.code, error) ||
      !get_filled_string (object, path, "label", _("an option needs a label"),
                          &option.label, error))
    return FALSE;

  term = g_strconcat (question_code, "=", option.code, NULL);
  first = GPOINTER_TO_UINT (g_hash_table_lookup (self->option_terms, term));
  if (first != 0)
    {
      g_free (term);
      return set_invalid (error, path, "code",
                          _("the code “%s” is used twice (also by %s.options[%u])"),
                          option.code, question_path, first - 1 - first_option);
    }
  g_hash_table_insert (self->option_terms, term, GUINT_TO_POINTER (self->options->len + 1));
  g_array_append_val (self->options, option);
  return TRUE;
}

static gboolean
read_question (Import    *self,
               JsonNode  *node,
               guint      index,
               GError   **error)
{
  static const char * const keys[] = { "code", "prompt", "help", "kind", "options", NULL };
  char path[PATH_SIZE];
  JsonObject *object = NULL;
  JsonArray *options;
  ImportQuestion question = { 0 };
  int kind = 0;

  g_snprintf (path, sizeof path, "$.questions[%u]", index);
  if (!get_object (self, node, path, keys, &object, error) ||
      !get_string (object, path, "code", TEXT_TERM_CODE, NULL, &question.code, error) ||
      !get_filled_string (object, path, "prompt", _("a question needs a prompt"),
                          &question.prompt, error) ||
      !get_string (object, path, "help", TEXT_ANY, "", &question.help, error) ||
      !get_enum (object, path, "kind", question_kind_string, BS_N_QUESTION_KINDS,
                 BS_QUESTION_KIND_SINGLE, &kind, error) ||
      !get_array (object, path, "options", TRUE, &options, error) ||
      !add_code (self->question_codes, question.code, index, path, "$.questions", error))
    return FALSE;

  if (json_array_get_length (options) == 0)
    return set_invalid (error, path, "options", _("a question needs at least one option"));

  question.kind = kind;
  question.first_option = self->options->len;
  question.n_options = json_array_get_length (options);
  for (guint i = 0; i < question.n_options; i++)
    if (!read_option (self, json_array_get_element (options, i), index, question.code, path,
                      question.first_option, i, error))
      return FALSE;

  g_array_append_val (self->questions, question);
  return TRUE;
}

static gboolean
read_department (Import      *self,
                 JsonNode    *node,
                 guint        index,
                 GError     **error)
{
  static const char * const keys[] = { "code", "name", "phone", "address", NULL };
  char path[PATH_SIZE];
  JsonObject *object = NULL;
  ImportDepartment department = { 0 };

  g_snprintf (path, sizeof path, "$.departments[%u]", index);
  if (!get_object (self, node, path, keys, &object, error) ||
      !get_string (object, path, "code", TEXT_CODE, NULL, &department.code, error) ||
      !get_string (object, path, "name", TEXT_NON_EMPTY, NULL, &department.name, error) ||
      !get_string (object, path, "phone", TEXT_ANY, "", &department.phone, error) ||
      !get_string (object, path, "address", TEXT_ANY, "", &department.address, error) ||
      !add_code (self->department_codes, department.code, index, path, "$.departments", error))
    return FALSE;

  g_array_append_val (self->departments, department);
  return TRUE;
}

static gboolean
read_service_objects (JsonObject  *object,
                      const char  *path,
                      guint       *out_flags,
                      GError     **error)
{
  char key_path[PATH_SIZE];
  JsonArray *array;

  g_snprintf (key_path, sizeof key_path, "%s.service_objects", path);
  *out_flags = 0;
  if (!get_array (object, path, "service_objects", FALSE, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      char element_path[PATH_SIZE];
      int bit = 0;

      g_snprintf (element_path, sizeof element_path, "%s[%u]", key_path, i);
      if (!parse_enum (json_array_get_element (array, i), element_path, NULL,
                       service_object_string, BS_N_SERVICE_OBJECTS, &bit, error))
        return FALSE;
      if (*out_flags & (1u << bit))
        return set_invalid (error, element_path, NULL, _("“%s” is listed twice"),
                            service_object_string (bit));
      *out_flags |= 1u << bit;
    }
  return TRUE;
}

/* A limit: null, or {"value": 0–3650, "unit": …}. */
static gboolean
read_limit (Import       *self,
            JsonObject   *item,
            const char   *path,
            const char   *key,
            int          *out_value,
            BsLimitUnit  *out_unit,
            GError      **error)
{
  static const char * const keys[] = { "value", "unit", NULL };
  JsonNode *node = json_object_get_member (item, key);
  char limit_path[PATH_SIZE];
  JsonObject *object = NULL;
  int unit = 0;

  g_snprintf (limit_path, sizeof limit_path, "%s.%s", path, key);
  *out_value = -1;
  *out_unit = BS_LIMIT_UNIT_WORKING_DAYS;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_wrong_type (error, path, key, _("an object or null"), node);

  object = json_node_get_object (node);
  if (!check_keys (self, object, limit_path, keys, error) ||
      !get_member (object, limit_path, "value", TRUE, &node, error) ||
      !get_integer_node (node, limit_path, "value", 0, MAX_LIMIT, out_value, error) ||
      !get_member (object, limit_path, "unit", TRUE, &node, error) ||
      !parse_enum (node, limit_path, "unit", limit_unit_string, BS_N_LIMIT_UNITS, &unit, error))
    return FALSE;

  *out_unit = unit;
  return TRUE;
}

static gboolean
read_material (Import    *self,
               JsonNode  *node,
               guint      item,
               guint      index,
               GError   **error)
{
  static const char * const keys[] = {
    "name", "form", "copies", "source", "required", "notes", "form_url", "sample_url", "when",
    NULL
  };
  static const char * const keys_1[] = {
    "name", "form", "copies", "source", "required", "notes", NULL
  };
  char path[PATH_SIZE];
  JsonObject *object = NULL;
  ImportMaterial material = { .item = item, .position = index };
  int form = 0, source = 0;

  g_snprintf (path, sizeof path, "$.items[%u].materials[%u]", item, index);
  if (!get_object (self, node, path, self->version == 1 ? keys_1 : keys, &object, error) ||
      !get_string (object, path, "name", TEXT_NON_EMPTY, NULL, &material.name, error) ||
      !get_enum (object, path, "form", material_form_string, BS_N_MATERIAL_FORMS,
                 BS_MATERIAL_FORM_ORIGINAL, &form, error) ||
      !get_integer (object, path, "copies", 0, MAX_COPIES, FALSE, 1, &material.copies, error) ||
      !get_enum (object, path, "source", material_source_string, BS_N_MATERIAL_SOURCES,
                 BS_MATERIAL_SOURCE_APPLICANT, &source, error) ||
      !get_boolean (object, path, "required", TRUE, &material.required, error) ||
      !get_string (object, path, "notes", TEXT_ANY, "", &material.notes, error) ||
      !get_string (object, path, "form_url", TEXT_ANY, "", &material.form_url, error) ||
      !get_string (object, path, "sample_url", TEXT_ANY, "", &material.sample_url, error) ||
      !read_when (self, object, path, FALSE, &material.when, error))
    return FALSE;

  material.form = form;
  material.source = source;
  g_array_append_val (self->materials, material);
  return TRUE;
}

static gboolean
read_item (Import    *self,
           JsonNode  *node,
           guint      index,
           GError   **error)
{
  static const char * const keys[] = {
    "code", "name", "department", "type", "service_objects", "legal_basis",
    "conditions", "legal_limit", "committed_limit", "handling", "visits", "fees",
    "place", "hours", "phone", "online_url", "result_name", "materials", NULL
  };
  char path[PATH_SIZE];
  JsonObject *object = NULL;
  JsonArray *materials;
  const char *department;
  ImportItem item = { 0 };
  int type = 0, handling = 0;

  g_snprintf (path, sizeof path, "$.items[%u]", index);
  if (!get_object (self, node, path, keys, &object, error) ||
      !get_string (object, path, "code", TEXT_CODE, NULL, &item.code, error) ||
      !get_string (object, path, "name", TEXT_NON_EMPTY, NULL, &item.name, error) ||
      !get_string (object, path, "department", TEXT_CODE, NULL, &department, error))
    return FALSE;

  item.department = lookup_code (self->department_codes, department);
  if (item.department == NONE)
    return set_invalid (error, path, "department",
                        _("no department has the code “%s”"), department);

  if (!get_enum (object, path, "type", item_type_string, BS_N_ITEM_TYPES,
                 BS_ITEM_TYPE_LICENSING, &type, error) ||
      !read_service_objects (object, path, &item.service_objects, error) ||
      !get_string (object, path, "legal_basis", TEXT_ANY, "", &item.legal_basis, error) ||
      !get_string (object, path, "conditions", TEXT_ANY, "", &item.conditions, error) ||
      !read_limit (self, object, path, "legal_limit",
                   &item.legal_limit, &item.legal_limit_unit, error) ||
      !read_limit (self, object, path, "committed_limit",
                   &item.committed_limit, &item.committed_limit_unit, error) ||
      !get_enum (object, path, "handling", handling_string, BS_N_HANDLINGS,
                 BS_HANDLING_COMMITTED, &handling, error) ||
      !get_integer (object, path, "visits", 0, MAX_VISITS, TRUE, -1, &item.visits, error) ||
      !get_string (object, path, "fees", TEXT_ANY, "", &item.fees, error) ||
      !get_string (object, path, "place", TEXT_ANY, "", &item.place, error) ||
      !get_string (object, path, "hours", TEXT_ANY, "", &item.hours, error) ||
      !get_string (object, path, "phone", TEXT_ANY, "", &item.phone, error) ||
      !get_string (object, path, "online_url", TEXT_ANY, "", &item.online_url, error) ||
      !get_string (object, path, "result_name", TEXT_ANY, "", &item.result_name, error) ||
      !get_array (object, path, "materials", FALSE, &materials, error) ||
      !add_code (self->item_codes, item.code, index, path, "$.items", error))
    return FALSE;

  item.type = type;
  item.handling = handling;
  g_array_append_val (self->items, item);

  for (guint i = 0; materials != NULL && i < json_array_get_length (materials); i++)
    if (!read_material (self, json_array_get_element (materials, i), index, i, error))
      return FALSE;

  return TRUE;
}

static gboolean
read_category (Import    *self,
               JsonNode  *node,
               guint      index,
               GError   **error)
{
  static const char * const keys[] = { "code", "name", "parent", NULL };
  char path[PATH_SIZE];
  JsonObject *object = NULL;
  JsonNode *parent;
  ImportCategory category = { .parent = NONE };

  g_snprintf (path, sizeof path, "$.categories[%u]", index);
  if (!get_object (self, node, path, keys, &object, error) ||
      !get_string (object, path, "code", TEXT_CODE, NULL, &category.code, error) ||
      !get_string (object, path, "name", TEXT_NON_EMPTY, NULL, &category.name, error))
    return FALSE;

  parent = json_object_get_member (object, "parent");
  if (parent != NULL && !JSON_NODE_HOLDS_NULL (parent))
    {
      if (!node_is (parent, G_TYPE_STRING))
        return set_wrong_type (error, path, "parent", _("a category code or null"), parent);
      category.parent_code = json_node_get_string (parent);
      if (!check_text (category.parent_code, TEXT_CODE, path, "parent", error))
        return FALSE;
    }

  if (!add_code (self->category_codes, category.code, index, path, "$.categories", error))
    return FALSE;

  g_array_append_val (self->categories, category);
  return TRUE;
}

/* Resolves the parents, refuses loops, and orders the categories parents
 * first (the order they can be inserted in). */
static gboolean
link_categories (Import  *self,
                 GError **error)
{
  enum { UNSEEN, ON_PATH, DONE };
  guint n = self->categories->len;
  g_autofree guint8 *state = g_new0 (guint8, n);
  g_autofree int *n_children = g_new0 (int, n + 1);
  g_autoptr(GArray) chain = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      ImportCategory *category = &g_array_index (self->categories, ImportCategory, i);
      char path[PATH_SIZE];

      g_snprintf (path, sizeof path, "$.categories[%u]", i);
      if (category->parent_code != NULL)
        {
          category->parent = lookup_code (self->category_codes, category->parent_code);
          if (category->parent == NONE)
            return set_invalid (error, path, "parent",
                                _("no category has the code “%s”"), category->parent_code);
          if (category->parent == i)
            return set_invalid (error, path, "parent", _("a category cannot be its own parent"));
        }
      /* Siblings keep the order of the file. */
      category->position = n_children[category->parent == NONE ? 0 : category->parent + 1]++;
    }

  for (guint i = 0; i < n; i++)
    {
      guint j = i;

      g_array_set_size (chain, 0);
      while (j != NONE && state[j] == UNSEEN)
        {
          state[j] = ON_PATH;
          g_array_append_val (chain, j);
          j = g_array_index (self->categories, ImportCategory, j).parent;
        }

      if (j != NONE && state[j] == ON_PATH)
        {
          char path[PATH_SIZE];
          const ImportCategory *looping = &g_array_index (self->categories, ImportCategory, j);

          g_snprintf (path, sizeof path, "$.categories[%u]", j);
          return set_invalid (error, path, "parent",
                              _("the category “%s” is among its own ancestors"), looping->code);
        }

      for (guint k = chain->len; k > 0; k--)
        {
          guint c = g_array_index (chain, guint, k - 1);

          state[c] = DONE;
          g_array_append_val (self->category_order, c);
        }
    }

  return TRUE;
}

/* A theme's item codes; marks each item as listed by this theme. */
static gboolean
read_theme_items (Import       *self,
                  JsonArray    *array,
                  const char   *path,
                  ImportTheme  *theme,
                  guint         mark,
                  GError      **error)
{
  theme->first_item = self->theme_items->len;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      char element_path[PATH_SIZE];
      ImportItem *item;
      guint index;

      g_snprintf (element_path, sizeof element_path, "%s.items[%u]", path, i);
      if (!node_is (node, G_TYPE_STRING))
        return set_wrong_type (error, element_path, NULL, _("an item code"), node);

      index = lookup_code (self->item_codes, json_node_get_string (node));
      if (index == NONE)
        return set_invalid (error, element_path, NULL,
                            _("no item has the code “%s”"), json_node_get_string (node));

      item = &g_array_index (self->items, ImportItem, index);
      if (item->theme_mark == mark)
        return set_invalid (error, element_path, NULL,
                            _("the item “%s” is listed twice in this theme"), item->code);
      item->theme_mark = mark;
      g_array_append_val (self->theme_items, index);
    }
  theme->n_items = self->theme_items->len - theme->first_item;
  return TRUE;
}

/* One end of an edge: a code of an item of this theme. */
static gboolean
read_edge_end (Import      *self,
               JsonArray   *pair,
               guint        end,
               const char  *edge_path,
               guint        mark,
               guint       *out_item,
               GError     **error)
{
  JsonNode *node = json_array_get_element (pair, end);
  char path[PATH_SIZE];
  const char *code;

  g_snprintf (path, sizeof path, "%s[%u]", edge_path, end);
  if (!node_is (node, G_TYPE_STRING))
    return set_wrong_type (error, path, NULL, _("an item code"), node);

  code = json_node_get_string (node);
  *out_item = lookup_code (self->item_codes, code);
  if (*out_item == NONE)
    return set_invalid (error, path, NULL, _("no item has the code “%s”"), code);
  if (g_array_index (self->items, ImportItem, *out_item).theme_mark != mark)
    return set_invalid (error, path, NULL, _("the item “%s” is not among the theme’s items"), code);
  return TRUE;
}

static gboolean
read_theme_edges (Import       *self,
                  JsonArray    *array,
                  const char   *path,
                  ImportTheme  *theme,
                  guint         mark,
                  GHashTable   *seen,
                  GError      **error)
{
  g_hash_table_remove_all (seen);
  theme->first_edge = self->edges->len;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      char edge_path[PATH_SIZE];
      ImportEdge edge;
      JsonArray *pair;
      guint64 key;

      g_snprintf (edge_path, sizeof edge_path, "%s.edges[%u]", path, i);
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return set_wrong_type (error, edge_path, NULL, _("a pair of item codes"), node);
      pair = json_node_get_array (node);
      if (json_array_get_length (pair) != 2)
        return set_invalid (error, edge_path, NULL,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "an edge is a pair [before, after] of item codes, found %u element",
                                         "an edge is a pair [before, after] of item codes, found %u elements",
                                         json_array_get_length (pair)),
                            json_array_get_length (pair));

      if (!read_edge_end (self, pair, 0, edge_path, mark, &edge.before, error) ||
          !read_edge_end (self, pair, 1, edge_path, mark, &edge.after, error))
        return FALSE;
      if (edge.before == edge.after)
        return set_invalid (error, edge_path, NULL, _("an item cannot be its own prerequisite"));

      key = ((guint64) edge.before << 32) | edge.after;
      if (g_hash_table_contains (seen, &key))
        return set_invalid (error, edge_path, NULL, _("the edge “%s” → “%s” appears twice"),
                            g_array_index (self->items, ImportItem, edge.before).code,
                            g_array_index (self->items, ImportItem, edge.after).code);
      g_hash_table_add (seen, g_memdup2 (&key, sizeof key));
      g_array_append_val (self->edges, edge);
    }
  theme->n_edges = self->edges->len - theme->first_edge;
  return TRUE;
}

/* The questions a theme asks, each once, with their conditions. */
static gboolean
read_theme_questions (Import       *self,
                      JsonArray    *array,
                      const char   *path,
                      ImportTheme  *theme,
                      guint         mark,
                      GError      **error)
{
  static const char * const keys[] = { "question", "when", NULL };

  theme->first_question = self->theme_questions->len;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      char element_path[PATH_SIZE];
      JsonObject *object = NULL;
      ImportThemeQuestion asked;
      ImportQuestion *question;
      const char *code;

      g_snprintf (element_path, sizeof element_path, "%s.questions[%u]", path, i);
      if (!get_object (self, json_array_get_element (array, i), element_path, keys,
                       &object, error) ||
          !get_string (object, element_path, "question", TEXT_CODE, NULL, &code, error))
        return FALSE;

      asked.question = lookup_code (self->question_codes, code);
      if (asked.question == NONE)
        return set_invalid (error, element_path, "question",
                            _("no question has the code “%s”"), code);
      question = &g_array_index (self->questions, ImportQuestion, asked.question);
      if (question->theme_mark == mark)
        return set_invalid (error, element_path, "question",
                            _("the theme asks the question “%s” twice"), code);
      question->theme_mark = mark;

      if (!read_when (self, object, element_path, FALSE, &asked.when, error))
        return FALSE;
      g_array_append_val (self->theme_questions, asked);
    }
  theme->n_questions = self->theme_questions->len - theme->first_question;
  return TRUE;
}

/* The code of one of the theme's items, at the member @key of @object. */
static gboolean
get_theme_item (Import      *self,
                JsonObject  *object,
                const char  *path,
                const char  *key,
                guint        mark,
                guint       *out_item,
                GError     **error)
{
  const char *code;

  if (!get_string (object, path, key, TEXT_CODE, NULL, &code, error))
    return FALSE;
  *out_item = lookup_code (self->item_codes, code);
  if (*out_item == NONE)
    return set_invalid (error, path, key, _("no item has the code “%s”"), code);
  if (g_array_index (self->items, ImportItem, *out_item).theme_mark != mark)
    return set_invalid (error, path, key, _("the item “%s” is not among the theme’s items"), code);
  return TRUE;
}

/* When the theme's items apply: each item once, with a condition. */
static gboolean
read_item_conditions (Import       *self,
                      JsonArray    *array,
                      const char   *path,
                      ImportTheme  *theme,
                      guint         mark,
                      GError      **error)
{
  static const char * const keys[] = { "item", "when", NULL };

  theme->first_item_condition = self->item_conditions->len;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      char element_path[PATH_SIZE];
      JsonObject *object = NULL;
      ImportItemCondition condition;
      ImportItem *item;

      g_snprintf (element_path, sizeof element_path, "%s.item_conditions[%u]", path, i);
      if (!get_object (self, json_array_get_element (array, i), element_path, keys,
                       &object, error) ||
          !get_theme_item (self, object, element_path, "item", mark, &condition.item, error))
        return FALSE;

      item = &g_array_index (self->items, ImportItem, condition.item);
      if (item->condition_mark == mark)
        return set_invalid (error, element_path, "item",
                            _("the item “%s” has a condition already in this theme"), item->code);
      item->condition_mark = mark;

      if (!read_when (self, object, element_path, TRUE, &condition.when, error))
        return FALSE;
      g_array_append_val (self->item_conditions, condition);
    }
  theme->n_item_conditions = self->item_conditions->len - theme->first_item_condition;
  return TRUE;
}

static gboolean
read_notes (Import       *self,
            JsonArray    *array,
            const char   *path,
            ImportTheme  *theme,
            guint         mark,
            GError      **error)
{
  static const char * const keys[] = { "text", "item", "when", NULL };

  theme->first_note = self->notes->len;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      char element_path[PATH_SIZE];
      JsonObject *object = NULL;
      ImportNote note = { .item = NONE };
      JsonNode *item;

      g_snprintf (element_path, sizeof element_path, "%s.notes[%u]", path, i);
      if (!get_object (self, json_array_get_element (array, i), element_path, keys,
                       &object, error) ||
          !get_filled_string (object, element_path, "text", _("a note cannot be empty"),
                              &note.text, error))
        return FALSE;

      item = json_object_get_member (object, "item");
      if (item != NULL && !JSON_NODE_HOLDS_NULL (item))
        {
          if (!node_is (item, G_TYPE_STRING))
            return set_wrong_type (error, element_path, "item", _("an item code or null"), item);
          if (!get_theme_item (self, object, element_path, "item", mark, &note.item, error))
            return FALSE;
        }

      if (!read_when (self, object, element_path, FALSE, &note.when, error))
        return FALSE;
      g_array_append_val (self->notes, note);
    }
  theme->n_notes = self->notes->len - theme->first_note;
  return TRUE;
}

static gboolean
read_theme (Import      *self,
            JsonNode    *node,
            guint        index,
            int         *n_themes_of_category,
            GHashTable  *seen_edges,
            GError     **error)
{
  static const char * const keys[] = {
    "code", "name", "category", "description", "items", "edges", "questions",
    "item_conditions", "notes", NULL
  };
  static const char * const keys_1[] = {
    "code", "name", "category", "description", "items", "edges", NULL
  };
  char path[PATH_SIZE];
  JsonObject *object = NULL;
  JsonArray *items, *edges, *questions, *item_conditions, *notes;
  const char *category;
  ImportTheme theme = { 0 };

  g_snprintf (path, sizeof path, "$.themes[%u]", index);
  if (!get_object (self, node, path, self->version == 1 ? keys_1 : keys, &object, error) ||
      !get_string (object, path, "code", TEXT_CODE, NULL, &theme.code, error) ||
      !get_string (object, path, "name", TEXT_NON_EMPTY, NULL, &theme.name, error) ||
      !get_string (object, path, "category", TEXT_CODE, NULL, &category, error))
    return FALSE;

  theme.category = lookup_code (self->category_codes, category);
  if (theme.category == NONE)
    return set_invalid (error, path, "category", _("no category has the code “%s”"), category);

  if (!get_string (object, path, "description", TEXT_ANY, "", &theme.description, error) ||
      !get_array (object, path, "items", FALSE, &items, error) ||
      !get_array (object, path, "edges", FALSE, &edges, error) ||
      !get_array (object, path, "questions", FALSE, &questions, error) ||
      !get_array (object, path, "item_conditions", FALSE, &item_conditions, error) ||
      !get_array (object, path, "notes", FALSE, &notes, error) ||
      !read_theme_items (self, items, path, &theme, index + 1, error) ||
      !read_theme_edges (self, edges, path, &theme, index + 1, seen_edges, error) ||
      !read_theme_questions (self, questions, path, &theme, index + 1, error) ||
      !read_item_conditions (self, item_conditions, path, &theme, index + 1, error) ||
      !read_notes (self, notes, path, &theme, index + 1, error) ||
      !add_code (self->theme_codes, theme.code, index, path, "$.themes", error))
    return FALSE;

  theme.position = n_themes_of_category[theme.category]++;
  g_array_append_val (self->themes, theme);
  return TRUE;
}

/* Calls @read_element for every element of the top-level array @key. */
typedef gboolean (*ReadElement) (Import    *self,
                                 JsonNode  *node,
                                 guint      index,
                                 GError   **error);

static gboolean
read_list (Import       *self,
           JsonObject   *root,
           const char   *key,
           ReadElement   read_element,
           GError      **error)
{
  JsonArray *array;

  if (!get_array (root, "$", key, TRUE, &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!read_element (self, json_array_get_element (array, i), i, error))
      return FALSE;
  return TRUE;
}

static gboolean
read_themes (Import      *self,
             JsonObject  *root,
             GError     **error)
{
  g_autoptr(GHashTable) seen_edges = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                            g_free, NULL);
  g_autofree int *n_themes_of_category = g_new0 (int, self->categories->len);
  JsonArray *array;

  if (!get_array (root, "$", "themes", TRUE, &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!read_theme (self, json_array_get_element (array, i), i,
                     n_themes_of_category, seen_edges, error))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------
 * The rollout (version 3)
 */

/* A date member: "YYYY-MM-DD"; null or absent gives BS_DATE_NONE unless
 * @required. */
static gboolean
get_date (JsonObject  *object,
          const char  *path,
          const char  *key,
          gboolean     required,
          BsDate      *out_date,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);
  const char *text;

  *out_date = BS_DATE_NONE;
  if (node == NULL && required)
    return set_invalid (error, path, NULL, _("the key “%s” is missing"), key);
  if (node == NULL || (!required && JSON_NODE_HOLDS_NULL (node)))
    return TRUE;
  if (!node_is (node, G_TYPE_STRING))
    return set_wrong_type (error, path, key,
                           required ? _("a date (YYYY-MM-DD)") : _("a date (YYYY-MM-DD) or null"),
                           node);
  text = json_node_get_string (node);
  if (!bs_date_parse (text, out_date))
    return set_invalid (error, path, key, _("“%s” is not a date of the form YYYY-MM-DD"), text);
  return TRUE;
}

/* A required member naming, by code, a phase, a department or a task of
 * the file (@key says which); its index. */
static gboolean
get_reference (Import      *self,
               JsonObject  *object,
               const char  *path,
               const char  *key,
               guint       *out_index,
               GError     **error)
{
  const char *code;

  if (!get_string (object, path, key, TEXT_CODE, NULL, &code, error))
    return FALSE;
  if (g_str_equal (key, "phase"))
    {
      if ((*out_index = lookup_code (self->phase_codes, code)) == NONE)
        return set_invalid (error, path, key, _("no phase has the code “%s”"), code);
    }
  else if (g_str_equal (key, "department"))
    {
      if ((*out_index = lookup_code (self->department_codes, code)) == NONE)
        return set_invalid (error, path, key, _("no department has the code “%s”"), code);
    }
  else if ((*out_index = lookup_code (self->task_codes, code)) == NONE)
    return set_invalid (error, path, key, _("no task has the code “%s”"), code);
  return TRUE;
}

static gboolean
read_phase (Import    *self,
            JsonNode  *node,
            guint      index,
            GError   **error)
{
  static const char * const keys[] = { "code", "name", "start", "end", NULL };
  char path[PATH_SIZE];
  JsonObject *object = NULL;
  ImportPhase phase = { 0 };

  g_snprintf (path, sizeof path, "$.phases[%u]", index);
  if (!get_object (self, node, path, keys, &object, error) ||
      !get_string (object, path, "code", TEXT_CODE, NULL, &phase.code, error) ||
      !get_string (object, path, "name", TEXT_NON_EMPTY, NULL, &phase.name, error) ||
      !get_date (object, path, "start", FALSE, &phase.start, error) ||
      !get_date (object, path, "end", FALSE, &phase.end, error) ||
      !add_code (self->phase_codes, phase.code, index, path, "$.phases", error))
    return FALSE;
  if (phase.start != BS_DATE_NONE && phase.end != BS_DATE_NONE && phase.end < phase.start)
    return set_invalid (error, path, "end", _("the phase ends before it starts"));

  g_array_append_val (self->phases, phase);
  return TRUE;
}

static const char *
task_status_string (int value)
{
  return bs_task_status_to_string (value);
}

static const char *
decision_kind_string (int value)
{
  return bs_decision_kind_to_string (value);
}

static gboolean
read_task_items (Import      *self,
                 JsonObject  *object,
                 const char  *path,
                 ImportTask  *task,
                 guint        mark,
                 GError     **error)
{
  JsonArray *array;

  task->first_item = self->task_items->len;
  if (!get_array (object, path, "items", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      char element_path[PATH_SIZE];
      const char *code;
      ImportItem *item;
      guint index;

      g_snprintf (element_path, sizeof element_path, "%s.items[%u]", path, i);
      if (!node_is (node, G_TYPE_STRING))
        return set_wrong_type (error, element_path, NULL, _("an item code"), node);
      code = json_node_get_string (node);
      index = lookup_code (self->item_codes, code);
      if (index == NONE)
        return set_invalid (error, element_path, NULL, _("no item has the code “%s”"), code);
      item = &g_array_index (self->items, ImportItem, index);
      if (item->task_mark == mark)
        return set_invalid (error, element_path, NULL, _("the item “%s” is listed twice"), code);
      item->task_mark = mark;
      g_array_append_val (self->task_items, index);
    }
  task->n_items = self->task_items->len - task->first_item;
  return TRUE;
}

static gboolean
read_task (Import    *self,
           JsonNode  *node,
           guint      index,
           GError   **error)
{
  static const char * const keys[] = {
    "code", "phase", "department", "theme", "items", "deliverable", "responsible", "start",
    "due", "status", "completed", "notes", NULL
  };
  char path[PATH_SIZE];
  JsonObject *object = NULL;
  JsonNode *theme;
  ImportTask task = { .theme = NONE };
  int status = 0;

  g_snprintf (path, sizeof path, "$.tasks[%u]", index);
  if (!get_object (self, node, path, keys, &object, error) ||
      !get_string (object, path, "code", TEXT_CODE, NULL, &task.code, error) ||
      !get_reference (self, object, path, "phase", &task.phase, error) ||
      !get_reference (self, object, path, "department", &task.department, error))
    return FALSE;

  theme = json_object_get_member (object, "theme");
  if (theme != NULL && !JSON_NODE_HOLDS_NULL (theme))
    {
      const char *code;

      if (!node_is (theme, G_TYPE_STRING))
        return set_wrong_type (error, path, "theme", _("a theme code or null"), theme);
      code = json_node_get_string (theme);
      task.theme = lookup_code (self->theme_codes, code);
      if (task.theme == NONE)
        return set_invalid (error, path, "theme", _("no theme has the code “%s”"), code);
    }

  if (!read_task_items (self, object, path, &task, index + 1, error) ||
      !get_string (object, path, "deliverable", TEXT_ANY, NULL, &task.deliverable, error) ||
      !get_string (object, path, "responsible", TEXT_ANY, "", &task.responsible, error) ||
      !get_date (object, path, "start", FALSE, &task.start, error) ||
      !get_date (object, path, "due", TRUE, &task.due, error) ||
      !get_enum (object, path, "status", task_status_string, BS_N_TASK_STATUSES,
                 BS_TASK_STATUS_NOT_STARTED, &status, error) ||
      !get_date (object, path, "completed", FALSE, &task.completed, error) ||
      !get_string (object, path, "notes", TEXT_ANY, "", &task.notes, error))
    return FALSE;
  task.status = status;

  if (task.deliverable[0] == '\0')
    return set_invalid (error, path, "deliverable", _("a task needs a deliverable"));
  if (task.start != BS_DATE_NONE && task.due < task.start)
    return set_invalid (error, path, "due", _("the task is due before it starts"));
  if ((task.status == BS_TASK_STATUS_ACCEPTED) != (task.completed != BS_DATE_NONE))
    return set_invalid (error, path, "completed",
                        task.status == BS_TASK_STATUS_ACCEPTED
                          ? _("an accepted task needs its completion date")
                          : _("only an accepted task has a completion date"));
  if (!add_code (self->task_codes, task.code, index, path, "$.tasks", error))
    return FALSE;

  g_array_append_val (self->tasks, task);
  return TRUE;
}

static gboolean
read_decision (Import    *self,
               JsonNode  *node,
               guint      index,
               GError   **error)
{
  static const char * const keys[] = {
    "code", "task", "department", "kind", "date", "decided_by", "reason", NULL
  };
  char path[PATH_SIZE];
  JsonObject *object = NULL;
  ImportDecision decision = { 0 };
  int kind = 0;

  g_snprintf (path, sizeof path, "$.decisions[%u]", index);
  if (!get_object (self, node, path, keys, &object, error) ||
      !get_string (object, path, "code", TEXT_CODE, NULL, &decision.code, error) ||
      !get_reference (self, object, path, "task", &decision.task, error))
    return FALSE;

  if (json_object_get_member (object, "department") == NULL)
    decision.department = g_array_index (self->tasks, ImportTask, decision.task).department;
  else if (!get_reference (self, object, path, "department", &decision.department, error))
    return FALSE;

  if (!get_member (object, path, "kind", TRUE, &node, error) ||
      !parse_enum (node, path, "kind", decision_kind_string, BS_N_DECISION_KINDS, &kind, error) ||
      !get_date (object, path, "date", TRUE, &decision.date, error) ||
      !get_filled_string (object, path, "decided_by", _("a decision needs whoever decided it"),
                          &decision.decided_by, error) ||
      !get_filled_string (object, path, "reason", _("a decision needs a reason"),
                          &decision.reason, error) ||
      !add_code (self->decision_codes, decision.code, index, path, "$.decisions", error))
    return FALSE;
  decision.kind = kind;

  g_array_append_val (self->decisions, decision);
  return TRUE;
}

/* "2026-03-02T09:15:00Z": a real day and time, in UTC. */
static gboolean
is_utc_time (const char *text)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
  char date[BS_DATE_ISO_SIZE];
  BsDate day;

  if (strlen (text) != sizeof pattern - 1)
    return FALSE;
  for (guint i = 0; i < sizeof pattern - 1; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return FALSE;
  memcpy (date, text, 10);
  date[10] = '\0';
  return bs_date_parse (date, &day) &&
         g_ascii_digit_value (text[11]) * 10 + g_ascii_digit_value (text[12]) < 24 &&
         g_ascii_digit_value (text[14]) * 10 + g_ascii_digit_value (text[15]) < 60 &&
         g_ascii_digit_value (text[17]) * 10 + g_ascii_digit_value (text[18]) < 60;
}

static gboolean
get_hash (JsonObject  *object,
          const char  *path,
          const char  *key,
          const char **out_hash,
          GError     **error)
{
  if (!get_string (object, path, key, TEXT_ANY, NULL, out_hash, error))
    return FALSE;
  for (const char *p = *out_hash; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return set_invalid (error, path, key, _("a hash is 64 lower-case hexadecimal digits"));
  if (strlen (*out_hash) != 64)
    return set_invalid (error, path, key, _("a hash is 64 lower-case hexadecimal digits"));
  return TRUE;
}

/* A string or null (NULL). */
static gboolean
get_nullable_string (JsonObject  *object,
                     const char  *path,
                     const char  *key,
                     const char **out_text,
                     GError     **error)
{
  JsonNode *node;

  if (!get_member (object, path, key, TRUE, &node, error))
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out_text = NULL;
      return TRUE;
    }
  if (!node_is (node, G_TYPE_STRING))
    return set_wrong_type (error, path, key, _("a string or null"), node);
  *out_text = json_node_get_string (node);
  return TRUE;
}

/* One record of the trail, checked against the records before it: the
 * import refuses a broken trail rather than importing a history that no
 * longer proves anything. */
static gboolean
read_audit_record (Import    *self,
                   JsonNode  *node,
                   guint      index,
                   GError   **error)
{
  static const char * const keys[] = {
    "seq", "time", "user", "action", "entity", "key", "field", "old", "new", "prev_hash", "hash",
    NULL
  };
  static const char * const entities[] = { "phase", "task", "decision", NULL };
  char path[PATH_SIZE];
  JsonObject *object = NULL;
  const char *fields[8];
  gsize lengths[8];
  const char *prev_hash, *hash;
  BsAuditRecord *record;
  BsAuditStatus status;
  gint64 seq;

  g_snprintf (path, sizeof path, "$.audit[%u]", index);
  if (!get_object (self, node, path, keys, &object, error) ||
      !get_member (object, path, "seq", TRUE, &node, error))
    return FALSE;
  if (!node_is (node, G_TYPE_INT64))
    return set_wrong_type (error, path, "seq", _("an integer"), node);
  seq = json_node_get_int (node);
  if (!get_string (object, path, "time", TEXT_ANY, NULL, &fields[0], error) ||
      !get_string (object, path, "user", TEXT_ANY, NULL, &fields[1], error) ||
      !get_string (object, path, "action", TEXT_ANY, NULL, &fields[2], error) ||
      !get_string (object, path, "entity", TEXT_ANY, NULL, &fields[3], error) ||
      !get_string (object, path, "key", TEXT_CODE, NULL, &fields[4], error) ||
      !get_string (object, path, "field", TEXT_NON_EMPTY, NULL, &fields[5], error) ||
      !get_nullable_string (object, path, "old", &fields[6], error) ||
      !get_nullable_string (object, path, "new", &fields[7], error) ||
      !get_hash (object, path, "prev_hash", &prev_hash, error) ||
      !get_hash (object, path, "hash", &hash, error))
    return FALSE;
  if (!is_utc_time (fields[0]))
    return set_invalid (error, path, "time",
                        _("“%s” is not a time in UTC of the form 2026-03-02T09:15:00Z"), fields[0]);
  if (!g_strv_contains (entities, fields[3]))
    return set_invalid (error, path, "entity",
                        _("“%s” is not one of “phase”, “task”, “decision”"), fields[3]);

  for (guint i = 0; i < 8; i++)
    lengths[i] = fields[i] != NULL ? strlen (fields[i]) : 0;
  status = bs_audit_chain_check (&self->chain, seq, fields, lengths, prev_hash, strlen (prev_hash),
                                 hash, strlen (hash));
  if (status != BS_AUDIT_INTACT)
    {
      g_autofree char *message = bs_audit_describe (status, seq, self->chain.last_seq + 1);

      return set_invalid (error, path,
                          status == BS_AUDIT_MISSING ? "seq"
                          : status == BS_AUDIT_OUT_OF_ORDER ? "prev_hash" : "hash",
                          _("the audit trail is broken here: %s"), message);
    }

  record = g_new0 (BsAuditRecord, 1);
  record->seq = seq;
  record->time = g_strdup (fields[0]);
  record->user = g_strdup (fields[1]);
  record->action = g_strdup (fields[2]);
  record->entity = g_strdup (fields[3]);
  record->key = g_strdup (fields[4]);
  record->field = g_strdup (fields[5]);
  record->old_value = g_strdup (fields[6]);
  record->new_value = g_strdup (fields[7]);
  record->prev_hash = g_strdup (prev_hash);
  record->hash = g_strdup (hash);
  g_ptr_array_add (self->audit, record);
  return TRUE;
}

/* The rollout's lists are optional: a version 3 file may leave them out. */
static gboolean
read_optional_list (Import       *self,
                    JsonObject   *root,
                    const char   *key,
                    ReadElement   read_element,
                    GError      **error)
{
  JsonArray *array;

  if (!get_array (root, "$", key, FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!read_element (self, json_array_get_element (array, i), i, error))
      return FALSE;
  return TRUE;
}

static gboolean
read_rollout (Import      *self,
              JsonObject  *root,
              GError     **error)
{
  JsonNode *node = json_object_get_member (root, "reference_date");

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
      !get_date (root, "$", "reference_date", TRUE, &self->reference_date, error))
    return FALSE;
  return read_optional_list (self, root, "phases", read_phase, error) &&
         read_optional_list (self, root, "tasks", read_task, error) &&
         read_optional_list (self, root, "decisions", read_decision, error) &&
         read_optional_list (self, root, "audit", read_audit_record, error);
}

static gboolean
read_header (Import      *self,
             JsonNode    *root,
             JsonObject **out_object,
             GError     **error)
{
  static const char * const keys[] = {
    "format", "version", "name", "departments", "items", "categories", "questions", "themes",
    "reference_date", "phases", "tasks", "decisions", "audit", NULL
  };
  static const char * const keys_2[] = {
    "format", "version", "name", "departments", "items", "categories", "questions", "themes",
    NULL
  };
  static const char * const keys_1[] = {
    "format", "version", "name", "departments", "items", "categories", "themes", NULL
  };
  JsonObject *object = NULL;
  JsonNode *node;
  gint64 version;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return set_wrong_type (error, "$", NULL, _("an object"), root);
  object = json_node_get_object (root);

  /* The format and version first: a newer file may well have other keys. */
  node = json_object_get_member (object, "format");
  if (node == NULL || !node_is (node, G_TYPE_STRING) ||
      !g_str_equal (json_node_get_string (node), BS_CATALOGUE_JSON_FORMAT))
    return set_invalid (error, "$", "format",
                        _("this is not a Banshi catalogue (expected “%s”)"),
                        BS_CATALOGUE_JSON_FORMAT);

  if (!get_member (object, "$", "version", TRUE, &node, error))
    return FALSE;
  if (!node_is (node, G_TYPE_INT64))
    return set_wrong_type (error, "$", "version", _("an integer"), node);
  version = json_node_get_int (node);
  if (version > BS_CATALOGUE_JSON_VERSION)
    return set_invalid (error, "$", "version",
                        _("the file is from a newer Banshi (format version %lld); "
                          "this version reads format version %d"),
                        (long long) version, BS_CATALOGUE_JSON_VERSION);
  if (version < 1)
    return set_invalid (error, "$", "version",
                        _("unknown format version %lld"), (long long) version);

  /* Older files have none of the keys later versions added. */
  self->version = (int) version;
  if (!check_keys (self, object, "$", version == 1 ? keys_1 : version == 2 ? keys_2 : keys, error) ||
      !get_string (object, "$", "name", TEXT_ANY, NULL, &self->name, error))
    return FALSE;

  *out_object = object;
  return TRUE;
}

/* Sets *out_index to the first element of @array (of Import structs, each
 * starting with its code) whose code @table holds already, or NONE. */
static gboolean
find_existing_code (Import      *self,
                    const char  *table,
                    GArray      *array,
                    gsize        element_size,
                    guint       *out_index,
                    GError     **error)
{
  g_autofree char *any_sql = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  *out_index = NONE;
  if (array->len == 0)
    return TRUE;

  /* Most imports go into a new catalogue: no need to look up every code. */
  any_sql = g_strdup_printf ("SELECT 1 FROM %s LIMIT 1", table);
  stmt = bs_catalogue_prepare (self->catalogue, any_sql, error);
  if (stmt == NULL || !step_row (self->catalogue, stmt, &has_row, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (!has_row)
    return TRUE;

  sql = g_strdup_printf ("SELECT 1 FROM %s WHERE code = ?1", table);
  stmt = bs_catalogue_prepare (self->catalogue, sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < array->len && *out_index == NONE; i++)
    {
      const char *code = *(const char **) (void *) (array->data + i * element_size);
      int rc;

      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *out_index = i;
      else if (rc != SQLITE_DONE)
        {
          bs_catalogue_set_error_from_db (self->catalogue, error);
          sqlite3_reset (stmt);
          sqlite3_clear_bindings (stmt);
          return FALSE;
        }
      sqlite3_reset (stmt);
    }
  sqlite3_clear_bindings (stmt);
  return TRUE;
}

/* The file goes into the catalogue beside what it holds: no code twice. */
static gboolean
check_new_codes (Import  *self,
                 GError **error)
{
  char path[PATH_SIZE];
  guint i;

  if (!find_existing_code (self, "department", self->departments, sizeof (ImportDepartment),
                           &i, error))
    return FALSE;
  if (i != NONE)
    {
      g_snprintf (path, sizeof path, "$.departments[%u]", i);
      return set_invalid (error, path, "code",
                          _("the catalogue already has a department with the code “%s”"),
                          g_array_index (self->departments, ImportDepartment, i).code);
    }

  if (!find_existing_code (self, "item", self->items, sizeof (ImportItem), &i, error))
    return FALSE;
  if (i != NONE)
    {
      g_snprintf (path, sizeof path, "$.items[%u]", i);
      return set_invalid (error, path, "code",
                          _("the catalogue already has an item with the code “%s”"),
                          g_array_index (self->items, ImportItem, i).code);
    }

  if (!find_existing_code (self, "category", self->categories, sizeof (ImportCategory),
                           &i, error))
    return FALSE;
  if (i != NONE)
    {
      g_snprintf (path, sizeof path, "$.categories[%u]", i);
      return set_invalid (error, path, "code",
                          _("the catalogue already has a category with the code “%s”"),
                          g_array_index (self->categories, ImportCategory, i).code);
    }

  if (!find_existing_code (self, "question", self->questions, sizeof (ImportQuestion),
                           &i, error))
    return FALSE;
  if (i != NONE)
    {
      g_snprintf (path, sizeof path, "$.questions[%u]", i);
      return set_invalid (error, path, "code",
                          _("the catalogue already has a question with the code “%s”"),
                          g_array_index (self->questions, ImportQuestion, i).code);
    }

  if (!find_existing_code (self, "theme", self->themes, sizeof (ImportTheme), &i, error))
    return FALSE;
  if (i != NONE)
    {
      g_snprintf (path, sizeof path, "$.themes[%u]", i);
      return set_invalid (error, path, "code",
                          _("the catalogue already has a theme with the code “%s”"),
                          g_array_index (self->themes, ImportTheme, i).code);
    }

  if (!find_existing_code (self, "phase", self->phases, sizeof (ImportPhase), &i, error))
    return FALSE;
  if (i != NONE)
    {
      g_snprintf (path, sizeof path, "$.phases[%u]", i);
      return set_invalid (error, path, "code",
                          _("the catalogue already has a phase with the code “%s”"),
                          g_array_index (self->phases, ImportPhase, i).code);
    }

  if (!find_existing_code (self, "task", self->tasks, sizeof (ImportTask), &i, error))
    return FALSE;
  if (i != NONE)
    {
      g_snprintf (path, sizeof path, "$.tasks[%u]", i);
      return set_invalid (error, path, "code",
                          _("the catalogue already has a task with the code “%s”"),
                          g_array_index (self->tasks, ImportTask, i).code);
    }

  if (!find_existing_code (self, "decision", self->decisions, sizeof (ImportDecision), &i, error))
    return FALSE;
  if (i != NONE)
    {
      g_snprintf (path, sizeof path, "$.decisions[%u]", i);
      return set_invalid (error, path, "code",
                          _("the catalogue already has a decision with the code “%s”"),
                          g_array_index (self->decisions, ImportDecision, i).code);
    }

  /* An imported trail starts from nothing: it cannot go after another. */
  if (self->audit->len > 0 && bs_catalogue_count_audit (self->catalogue) != 0)
    return set_invalid (error, "$", "audit",
                        _("the catalogue already has an audit trail; import a file with an "
                          "audit trail into a new catalogue"));

  return TRUE;
}

/* The questions come first: the conditions of materials and themes name
 * their options. */
static gboolean
read_questions (Import      *self,
                JsonObject  *root,
                GError     **error)
{
  JsonArray *array;

  if (!get_array (root, "$", "questions", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!read_question (self, json_array_get_element (array, i), i, error))
      return FALSE;
  return TRUE;
}

static gboolean
read_document (Import      *self,
               JsonNode    *root,
               GError     **error)
{
  JsonObject *object = NULL;

  return read_header (self, root, &object, error) &&
         read_list (self, object, "departments", read_department, error) &&
         read_questions (self, object, error) &&
         read_list (self, object, "items", read_item, error) &&
         read_list (self, object, "categories", read_category, error) &&
         link_categories (self, error) &&
         read_themes (self, object, error) &&
         read_rollout (self, object, error) &&
         check_new_codes (self, error);
}

/* ------------------------------------------------------------------------
 * Import, pass 3: writing
 * --------------------------------------------------------------------- */

/* Steps an INSERT, resets it and gives the new row's id. */
static gboolean
insert_row (BsCatalogue   *catalogue,
            sqlite3_stmt  *stmt,
            gint64        *out_id,
            GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (catalogue, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (out_id != NULL)
    *out_id = sqlite3_last_insert_rowid (bs_catalogue_get_db (catalogue));
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  sqlite3_bind_text (stmt, column, text, -1, SQLITE_STATIC);
}

static void
bind_optional_int (sqlite3_stmt *stmt,
                   int           column,
                   int           value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_int (stmt, column, value);
}

static gboolean
write_departments (Import  *self,
                   GError **error)
{
  sqlite3_stmt *stmt;

  stmt = bs_catalogue_prepare (self->catalogue,
                               "INSERT INTO department (code, name, phone, address) "
                               "VALUES (?1, ?2, ?3, ?4)",
                               error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < self->departments->len; i++)
    {
      ImportDepartment *department = &g_array_index (self->departments, ImportDepartment, i);

      bind_text (stmt, 1, department->code);
      bind_text (stmt, 2, department->name);
      bind_text (stmt, 3, department->phone);
      bind_text (stmt, 4, department->address);
      if (!insert_row (self->catalogue, stmt, &department->id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_items (Import  *self,
             GError **error)
{
  sqlite3_stmt *stmt;

  stmt = bs_catalogue_prepare (self->catalogue,
                               "INSERT INTO item (code, name, department_id, item_type, "
                               "service_objects, legal_basis, conditions, legal_limit, "
                               "legal_limit_unit, committed_limit, committed_limit_unit, "
                               "handling, visits, fees, place, hours, phone, online_url, "
                               "result_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                               "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
                               error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      ImportItem *item = &g_array_index (self->items, ImportItem, i);

      bind_text (stmt, 1, item->code);
      bind_text (stmt, 2, item->name);
      sqlite3_bind_int64 (stmt, 3,
                          g_array_index (self->departments, ImportDepartment, item->department).id);
      bind_text (stmt, 4, bs_item_type_to_string (item->type));
      sqlite3_bind_int (stmt, 5, item->service_objects);
      bind_text (stmt, 6, item->legal_basis);
      bind_text (stmt, 7, item->conditions);
      bind_optional_int (stmt, 8, item->legal_limit);
      bind_text (stmt, 9, bs_limit_unit_to_string (item->legal_limit_unit));
      bind_optional_int (stmt, 10, item->committed_limit);
      bind_text (stmt, 11, bs_limit_unit_to_string (item->committed_limit_unit));
      bind_text (stmt, 12, bs_handling_to_string (item->handling));
      bind_optional_int (stmt, 13, item->visits);
      bind_text (stmt, 14, item->fees);
      bind_text (stmt, 15, item->place);
      bind_text (stmt, 16, item->hours);
      bind_text (stmt, 17, item->phone);
      bind_text (stmt, 18, item->online_url);
      bind_text (stmt, 19, item->result_name);
      if (!insert_row (self->catalogue, stmt, &item->id, error))
        return FALSE;
    }
  return TRUE;
}

/* The rows of a condition through @stmt, whose owner is bound already and
 * which takes the group at ?@column and the option id at the next. */
static gboolean
write_when (Import            *self,
            const ImportWhen  *when,
            sqlite3_stmt      *stmt,
            int                column,
            GError           **error)
{
  for (guint g = 0; g < when->n_groups; g++)
    {
      const ImportGroup *group = &g_array_index (self->groups, ImportGroup, when->first_group + g);

      for (guint t = 0; t < group->n_terms; t++)
        {
          guint option = g_array_index (self->terms, guint, group->first_term + t);

          sqlite3_bind_int (stmt, column, g);
          sqlite3_bind_int64 (stmt, column + 1,
                              g_array_index (self->options, ImportOption, option).id);
          if (!insert_row (self->catalogue, stmt, NULL, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_questions (Import  *self,
                 GError **error)
{
  sqlite3_stmt *questions, *options;

  questions = bs_catalogue_prepare (self->catalogue,
                                    "INSERT INTO question (code, prompt, help, kind) "
                                    "VALUES (?1, ?2, ?3, ?4)",
                                    error);
  if (questions == NULL)
    return FALSE;
  options = bs_catalogue_prepare (self->catalogue,
                                  "INSERT INTO question_option (question_id, position, code, "
                                  "label) VALUES (?1, ?2, ?3, ?4)",
                                  error);
  if (options == NULL)
    return FALSE;

  for (guint i = 0; i < self->questions->len; i++)
    {
      ImportQuestion *question = &g_array_index (self->questions, ImportQuestion, i);

      bind_text (questions, 1, question->code);
      bind_text (questions, 2, question->prompt);
      bind_text (questions, 3, question->help);
      bind_text (questions, 4, bs_question_kind_to_string (question->kind));
      if (!insert_row (self->catalogue, questions, &question->id, error))
        return FALSE;

      for (guint j = 0; j < question->n_options; j++)
        {
          ImportOption *option = &g_array_index (self->options, ImportOption,
                                                 question->first_option + j);

          sqlite3_bind_int64 (options, 1, question->id);
          sqlite3_bind_int (options, 2, j);
          bind_text (options, 3, option->code);
          bind_text (options, 4, option->label);
          if (!insert_row (self->catalogue, options, &option->id, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_materials (Import  *self,
                 GError **error)
{
  sqlite3_stmt *stmt, *when;

  stmt = bs_catalogue_prepare (self->catalogue,
                               "INSERT INTO material (item_id, position, name, form, copies, "
                               "source, required, notes, form_url, sample_url) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                               error);
  if (stmt == NULL)
    return FALSE;
  when = bs_catalogue_prepare (self->catalogue,
                               "INSERT INTO material_when (material_id, grp, option_id) "
                               "VALUES (?1, ?2, ?3)",
                               error);
  if (when == NULL)
    return FALSE;

  for (guint i = 0; i < self->materials->len; i++)
    {
      ImportMaterial *material = &g_array_index (self->materials, ImportMaterial, i);
      gint64 id;

      sqlite3_bind_int64 (stmt, 1, g_array_index (self->items, ImportItem, material->item).id);
      sqlite3_bind_int (stmt, 2, material->position);
      bind_text (stmt, 3, material->name);
      bind_text (stmt, 4, bs_material_form_to_string (material->form));
      sqlite3_bind_int (stmt, 5, material->copies);
      bind_text (stmt, 6, bs_material_source_to_string (material->source));
      sqlite3_bind_int (stmt, 7, material->required ? 1 : 0);
      bind_text (stmt, 8, material->notes);
      bind_text (stmt, 9, material->form_url);
      bind_text (stmt, 10, material->sample_url);
      if (!insert_row (self->catalogue, stmt, &id, error))
        return FALSE;

      sqlite3_bind_int64 (when, 1, id);
      if (!write_when (self, &material->when, when, 2, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_categories (Import  *self,
                  GError **error)
{
  sqlite3_stmt *stmt;

  stmt = bs_catalogue_prepare (self->catalogue,
                               "INSERT INTO category (code, name, parent_id, position) "
                               "VALUES (?1, ?2, ?3, ?4)",
                               error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < self->category_order->len; i++)
    {
      guint index = g_array_index (self->category_order, guint, i);
      ImportCategory *category = &g_array_index (self->categories, ImportCategory, index);

      bind_text (stmt, 1, category->code);
      bind_text (stmt, 2, category->name);
      if (category->parent == NONE)
        sqlite3_bind_null (stmt, 3);
      else
        sqlite3_bind_int64 (stmt, 3,
                            g_array_index (self->categories, ImportCategory, category->parent).id);
      sqlite3_bind_int (stmt, 4, category->position);
      if (!insert_row (self->catalogue, stmt, &category->id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_theme_items (Import             *self,
                   const ImportTheme  *theme,
                   sqlite3_stmt       *stmt,
                   GError            **error)
{
  for (guint i = 0; i < theme->n_items; i++)
    {
      guint item = g_array_index (self->theme_items, guint, theme->first_item + i);

      sqlite3_bind_int64 (stmt, 1, theme->id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (self->items, ImportItem, item).id);
      sqlite3_bind_int (stmt, 3, i);
      if (!insert_row (self->catalogue, stmt, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_theme_edges (Import             *self,
                   const ImportTheme  *theme,
                   sqlite3_stmt       *stmt,
                   GError            **error)
{
  for (guint i = 0; i < theme->n_edges; i++)
    {
      const ImportEdge *edge = &g_array_index (self->edges, ImportEdge, theme->first_edge + i);

      sqlite3_bind_int64 (stmt, 1, theme->id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (self->items, ImportItem, edge->before).id);
      sqlite3_bind_int64 (stmt, 3, g_array_index (self->items, ImportItem, edge->after).id);
      if (!insert_row (self->catalogue, stmt, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* The statements of write_themes(). */
enum {
  INSERT_THEME, INSERT_THEME_ITEM, INSERT_THEME_EDGE, INSERT_THEME_QUESTION,
  INSERT_THEME_QUESTION_WHEN, INSERT_THEME_ITEM_WHEN, INSERT_NOTE, INSERT_NOTE_WHEN,
  N_THEME_INSERTS
};

static gboolean
write_theme_questions (Import             *self,
                       const ImportTheme  *theme,
                       sqlite3_stmt      **stmts,
                       GError            **error)
{
  sqlite3_stmt *stmt = stmts[INSERT_THEME_QUESTION];
  sqlite3_stmt *when = stmts[INSERT_THEME_QUESTION_WHEN];

  for (guint i = 0; i < theme->n_questions; i++)
    {
      const ImportThemeQuestion *asked = &g_array_index (self->theme_questions,
                                                         ImportThemeQuestion,
                                                         theme->first_question + i);
      gint64 question_id = g_array_index (self->questions, ImportQuestion, asked->question).id;

      sqlite3_bind_int64 (stmt, 1, theme->id);
      sqlite3_bind_int64 (stmt, 2, question_id);
      sqlite3_bind_int (stmt, 3, i);
      if (!insert_row (self->catalogue, stmt, NULL, error))
        return FALSE;

      sqlite3_bind_int64 (when, 1, theme->id);
      sqlite3_bind_int64 (when, 2, question_id);
      if (!write_when (self, &asked->when, when, 3, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_item_conditions (Import             *self,
                       const ImportTheme  *theme,
                       sqlite3_stmt      **stmts,
                       GError            **error)
{
  sqlite3_stmt *when = stmts[INSERT_THEME_ITEM_WHEN];

  for (guint i = 0; i < theme->n_item_conditions; i++)
    {
      const ImportItemCondition *condition = &g_array_index (self->item_conditions,
                                                             ImportItemCondition,
                                                             theme->first_item_condition + i);

      sqlite3_bind_int64 (when, 1, theme->id);
      sqlite3_bind_int64 (when, 2, g_array_index (self->items, ImportItem, condition->item).id);
      if (!write_when (self, &condition->when, when, 3, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_notes (Import             *self,
             const ImportTheme  *theme,
             sqlite3_stmt      **stmts,
             GError            **error)
{
  sqlite3_stmt *stmt = stmts[INSERT_NOTE];
  sqlite3_stmt *when = stmts[INSERT_NOTE_WHEN];

  for (guint i = 0; i < theme->n_notes; i++)
    {
      const ImportNote *note = &g_array_index (self->notes, ImportNote, theme->first_note + i);
      gint64 id;

      sqlite3_bind_int64 (stmt, 1, theme->id);
      if (note->item == NONE)
        sqlite3_bind_null (stmt, 2);
      else
        sqlite3_bind_int64 (stmt, 2, g_array_index (self->items, ImportItem, note->item).id);
      sqlite3_bind_int (stmt, 3, i);
      bind_text (stmt, 4, note->text);
      if (!insert_row (self->catalogue, stmt, &id, error))
        return FALSE;

      sqlite3_bind_int64 (when, 1, id);
      if (!write_when (self, &note->when, when, 2, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_themes (Import  *self,
              GError **error)
{
  static const char * const sql[N_THEME_INSERTS] = {
    [INSERT_THEME] =
      "INSERT INTO theme (code, name, category_id, description, position) "
      "VALUES (?1, ?2, ?3, ?4, ?5)",
    [INSERT_THEME_ITEM] =
      "INSERT INTO theme_item (theme_id, item_id, position) VALUES (?1, ?2, ?3)",
    [INSERT_THEME_EDGE] =
      "INSERT INTO theme_edge (theme_id, before_id, after_id) VALUES (?1, ?2, ?3)",
    [INSERT_THEME_QUESTION] =
      "INSERT INTO theme_question (theme_id, question_id, position) VALUES (?1, ?2, ?3)",
    [INSERT_THEME_QUESTION_WHEN] =
      "INSERT INTO theme_question_when (theme_id, question_id, grp, option_id) "
      "VALUES (?1, ?2, ?3, ?4)",
    [INSERT_THEME_ITEM_WHEN] =
      "INSERT INTO theme_item_when (theme_id, item_id, grp, option_id) VALUES (?1, ?2, ?3, ?4)",
    [INSERT_NOTE] =
      "INSERT INTO theme_note (theme_id, item_id, position, text) VALUES (?1, ?2, ?3, ?4)",
    [INSERT_NOTE_WHEN] =
      "INSERT INTO theme_note_when (note_id, grp, option_id) VALUES (?1, ?2, ?3)",
  };
  sqlite3_stmt *stmts[N_THEME_INSERTS];
  sqlite3_stmt *themes;

  for (guint i = 0; i < N_THEME_INSERTS; i++)
    if ((stmts[i] = bs_catalogue_prepare (self->catalogue, sql[i], error)) == NULL)
      return FALSE;
  themes = stmts[INSERT_THEME];

  for (guint i = 0; i < self->themes->len; i++)
    {
      ImportTheme *theme = &g_array_index (self->themes, ImportTheme, i);

      bind_text (themes, 1, theme->code);
      bind_text (themes, 2, theme->name);
      sqlite3_bind_int64 (themes, 3,
                          g_array_index (self->categories, ImportCategory, theme->category).id);
      bind_text (themes, 4, theme->description);
      sqlite3_bind_int (themes, 5, theme->position);
      if (!insert_row (self->catalogue, themes, &theme->id, error) ||
          !write_theme_items (self, theme, stmts[INSERT_THEME_ITEM], error) ||
          !write_theme_edges (self, theme, stmts[INSERT_THEME_EDGE], error) ||
          !write_theme_questions (self, theme, stmts, error) ||
          !write_item_conditions (self, theme, stmts, error) ||
          !write_notes (self, theme, stmts, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_date (sqlite3_stmt *stmt,
           int           column,
           BsDate        date)
{
  char text[BS_DATE_ISO_SIZE];

  if (date == BS_DATE_NONE)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_text (stmt, column, bs_date_format (date, text), -1, SQLITE_TRANSIENT);
}

static gboolean
write_rollout (Import  *self,
               GError **error)
{
  sqlite3_stmt *phases, *tasks, *items, *decisions;

  if (self->reference_date != BS_DATE_NONE &&
      !bs_catalogue_set_reference_date (self->catalogue, self->reference_date, error))
    return FALSE;

  phases = bs_catalogue_prepare (self->catalogue,
                                 "INSERT INTO phase (code, name, position, start_date, end_date) "
                                 "VALUES (?1, ?2, (SELECT coalesce (max (position) + 1, 0) FROM phase), "
                                 "?3, ?4)",
                                 error);
  if (phases == NULL)
    return FALSE;
  for (guint i = 0; i < self->phases->len; i++)
    {
      ImportPhase *phase = &g_array_index (self->phases, ImportPhase, i);

      bind_text (phases, 1, phase->code);
      bind_text (phases, 2, phase->name);
      bind_date (phases, 3, phase->start);
      bind_date (phases, 4, phase->end);
      if (!insert_row (self->catalogue, phases, &phase->id, error))
        return FALSE;
    }

  tasks = bs_catalogue_prepare (self->catalogue,
                                "INSERT INTO task (code, phase_id, department_id, theme_id, deliverable, "
                                "responsible, start_date, due_date, status, completed_date, notes) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                error);
  if (tasks == NULL)
    return FALSE;
  items = bs_catalogue_prepare (self->catalogue,
                                "INSERT INTO task_item (task_id, item_id) VALUES (?1, ?2)", error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < self->tasks->len; i++)
    {
      ImportTask *task = &g_array_index (self->tasks, ImportTask, i);

      bind_text (tasks, 1, task->code);
      sqlite3_bind_int64 (tasks, 2, g_array_index (self->phases, ImportPhase, task->phase).id);
      sqlite3_bind_int64 (tasks, 3,
                          g_array_index (self->departments, ImportDepartment, task->department).id);
      if (task->theme == NONE)
        sqlite3_bind_null (tasks, 4);
      else
        sqlite3_bind_int64 (tasks, 4, g_array_index (self->themes, ImportTheme, task->theme).id);
      bind_text (tasks, 5, task->deliverable);
      bind_text (tasks, 6, task->responsible);
      bind_date (tasks, 7, task->start);
      bind_date (tasks, 8, task->due);
      bind_text (tasks, 9, bs_task_status_to_string (task->status));
      bind_date (tasks, 10, task->completed);
      bind_text (tasks, 11, task->notes);
      if (!insert_row (self->catalogue, tasks, &task->id, error))
        return FALSE;
      for (guint j = 0; j < task->n_items; j++)
        {
          guint item = g_array_index (self->task_items, guint, task->first_item + j);

          sqlite3_bind_int64 (items, 1, task->id);
          sqlite3_bind_int64 (items, 2, g_array_index (self->items, ImportItem, item).id);
          if (!insert_row (self->catalogue, items, NULL, error))
            return FALSE;
        }
    }

  decisions = bs_catalogue_prepare (self->catalogue,
                                    "INSERT INTO decision (code, task_id, department_id, kind, "
                                    "decided_on, decided_by, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                    error);
  if (decisions == NULL)
    return FALSE;
  for (guint i = 0; i < self->decisions->len; i++)
    {
      ImportDecision *decision = &g_array_index (self->decisions, ImportDecision, i);

      bind_text (decisions, 1, decision->code);
      sqlite3_bind_int64 (decisions, 2, g_array_index (self->tasks, ImportTask, decision->task).id);
      sqlite3_bind_int64 (decisions, 3,
                          g_array_index (self->departments, ImportDepartment, decision->department).id);
      bind_text (decisions, 4, bs_decision_kind_to_string (decision->kind));
      bind_date (decisions, 5, decision->date);
      bind_text (decisions, 6, decision->decided_by);
      bind_text (decisions, 7, decision->reason);
      if (!insert_row (self->catalogue, decisions, NULL, error))
        return FALSE;
    }

  /* A file with a trail brings the history of its rollout: written as it
   * is, instead of records of this import. Without one, the commit records
   * the import itself. */
  if (self->audit->len > 0)
    {
      bs_catalogue_set_edit_audited (self->catalogue, FALSE);
      if (!bs_audit_write_records (self->catalogue, self->audit, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_document (Import  *self,
                GError **error)
{
  if (!bs_catalogue_begin (self->catalogue, _("Import Catalogue"), error))
    return FALSE;

  if (!bs_catalogue_set_name (self->catalogue, self->name, error) ||
      !write_departments (self, error) ||
      !write_items (self, error) ||
      !write_questions (self, error) ||
      !write_materials (self, error) ||
      !write_categories (self, error) ||
      !write_themes (self, error) ||
      !write_rollout (self, error))
    {
      bs_catalogue_rollback (self->catalogue);
      return FALSE;
    }

  return bs_catalogue_commit (self->catalogue, error);
}

gboolean
bs_catalogue_import_json (BsCatalogue  *self,
                          const char   *data,
                          gsize         length,
                          GError      **error)
{
  g_autoptr(Import) import = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* No bytes at all is an empty file (the scanner needs a pointer). */
  if (data == NULL)
    data = "";
  if (!scan_json (data, length, error))
    return FALSE;
  if (has_byte_order_mark (data, length))
    {
      data += 3;
      length -= 3;
    }

  import = import_new (self);
  parser = json_parser_new_immutable ();
  g_signal_connect (parser, "object-start", G_CALLBACK (on_object_start), import);
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), import);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_object_end), import);
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      /* The scan should have caught it. */
      return set_invalid (error, "$", NULL, _("not valid JSON: %s"), parse_error->message);
    }

  return read_document (import, json_parser_get_root (parser), error) &&
         write_document (import, error);
}

gboolean
bs_catalogue_import_json_file (BsCatalogue  *self,
                               const char   *path,
                               GError      **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &data, &length, error))
    return FALSE;

  return bs_catalogue_import_json (self, data, length, error);
}
