/* bs-question.c: situation questions (情形) with their options, and the
 * questions each theme asks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-entity-private.h"
#include "bs-question.h"

#define QUESTION_COLUMNS "id, code, prompt, help, kind"
#define OPTION_COLUMNS "id, question_id, position, code, label"

BsQuestion *
bs_question_new (const char *code,
                 const char *prompt)
{
  BsQuestion *self = g_new0 (BsQuestion, 1);

  self->code = g_strdup (code != NULL ? code : "");
  self->prompt = g_strdup (prompt != NULL ? prompt : "");
  self->help = g_strdup ("");
  self->kind = BS_QUESTION_KIND_SINGLE;
  self->options = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_option_free);
  return self;
}

void
bs_question_append_option (BsQuestion *self,
                           const char *code,
                           const char *label)
{
  BsOption *option = g_new0 (BsOption, 1);

  g_return_if_fail (self != NULL);

  option->question_id = self->id;
  option->position = (int) self->options->len;
  option->code = g_strdup (code != NULL ? code : "");
  option->label = g_strdup (label != NULL ? label : "");
  g_ptr_array_add (self->options, option);
}

BsOption *
bs_option_copy (const BsOption *self)
{
  BsOption *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (BsOption, 1);
  *copy = *self;
  copy->code = g_strdup (self->code);
  copy->label = g_strdup (self->label);
  return copy;
}

void
bs_option_free (BsOption *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->label);
  g_free (self);
}

BsQuestion *
bs_question_copy (const BsQuestion *self)
{
  BsQuestion *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (BsQuestion, 1);
  *copy = *self;
  copy->code = g_strdup (self->code);
  copy->prompt = g_strdup (self->prompt);
  copy->help = g_strdup (self->help);
  copy->options = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_option_free);
  for (guint i = 0; i < self->options->len; i++)
    g_ptr_array_add (copy->options, bs_option_copy (g_ptr_array_index (self->options, i)));
  return copy;
}

void
bs_question_free (BsQuestion *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->prompt);
  g_free (self->help);
  g_ptr_array_unref (self->options);
  g_free (self);
}

const BsOption *
bs_question_find_option (const BsQuestion *self,
                         gint64            id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->options->len; i++)
    {
      const BsOption *option = g_ptr_array_index (self->options, i);

      if (option->id == id)
        return option;
    }
  return NULL;
}

const BsOption *
bs_question_find_option_code (const BsQuestion *self,
                              const char       *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->options->len; i++)
    {
      const BsOption *option = g_ptr_array_index (self->options, i);

      if (g_strcmp0 (option->code, code) == 0)
        return option;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Reading */

static BsQuestion *
question_from_row (sqlite3_stmt *stmt)
{
  BsQuestion *self = g_new0 (BsQuestion, 1);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->code = bs_column_dup_text (stmt, 1);
  self->prompt = bs_column_dup_text (stmt, 2);
  self->help = bs_column_dup_text (stmt, 3);
  if (!bs_question_kind_from_string ((const char *) sqlite3_column_text (stmt, 4), &self->kind))
    self->kind = BS_QUESTION_KIND_SINGLE;
  self->options = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_option_free);
  return self;
}

static BsOption *
option_from_row (sqlite3_stmt *stmt)
{
  BsOption *self = g_new0 (BsOption, 1);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->question_id = sqlite3_column_int64 (stmt, 1);
  self->position = sqlite3_column_int (stmt, 2);
  self->code = bs_column_dup_text (stmt, 3);
  self->label = bs_column_dup_text (stmt, 4);
  return self;
}

static gboolean
load_options (BsCatalogue  *self,
              BsQuestion   *question,
              GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = bs_catalogue_prepare (self,
                               "SELECT " OPTION_COLUMNS " FROM question_option"
                               " WHERE question_id = ?1 ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, question->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (question->options, option_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

GPtrArray *
bs_catalogue_list_questions (BsCatalogue  *self,
                             GError      **error)
{
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, "SELECT " QUESTION_COLUMNS " FROM question ORDER BY code", error);
  if (stmt == NULL)
    return NULL;
  questions = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_question_free);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BsQuestion *question = question_from_row (stmt);

      g_ptr_array_add (questions, question);
      g_hash_table_insert (by_id, &question->id, question);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      return NULL;
    }

  /* All options in one query. */
  stmt = bs_catalogue_prepare (self,
                               "SELECT " OPTION_COLUMNS " FROM question_option"
                               " ORDER BY question_id, position, id",
                               error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 question_id = sqlite3_column_int64 (stmt, 1);
      BsQuestion *question = g_hash_table_lookup (by_id, &question_id);

      if (question != NULL)
        g_ptr_array_add (question->options, option_from_row (stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      return NULL;
    }
  return g_steal_pointer (&questions);
}

BsQuestion *
bs_catalogue_get_question (BsCatalogue  *self,
                           gint64        id,
                           GError      **error)
{
  g_autoptr(BsQuestion) question = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, "SELECT " QUESTION_COLUMNS " FROM question WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_step_one (self, stmt, _("The question does not exist"), error))
    return NULL;
  question = question_from_row (stmt);
  sqlite3_reset (stmt);
  if (!load_options (self, question, error))
    return NULL;
  return g_steal_pointer (&question);
}

BsQuestion *
bs_catalogue_find_question (BsCatalogue  *self,
                            const char   *code,
                            GError      **error)
{
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (code == NULL)
    return NULL;
  {
    sqlite3_stmt *stmt = bs_catalogue_prepare (self, "SELECT id FROM question WHERE code = ?1", error);
    int rc;

    if (stmt == NULL)
      return NULL;
    bs_bind_text (stmt, 1, code);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW)
      {
        if (rc != SQLITE_DONE)
          bs_catalogue_set_error_from_db (self, error);
        sqlite3_reset (stmt);
        return NULL;
      }
    id = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
  }
  return bs_catalogue_get_question (self, id, error);
}

/* ------------------------------------------------------------------ */
/* Checks */

static gboolean
check_code (const char  *code,
            const char  *empty_message,
            GError     **error)
{
  if (!bs_check_text (code, TRUE, empty_message, error))
    return FALSE;
  if (strchr (code, '=') != NULL)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The code “%s” may not contain “=”"), code);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_question (BsCatalogue       *self,
                const BsQuestion  *question,
                GError           **error)
{
  gboolean taken;

  if (!check_code (question->code, _("A question needs a code"), error) ||
      !bs_check_text (question->prompt, FALSE, _("A question needs a prompt"), error) ||
      !bs_check_utf8 (question->help, error))
    return FALSE;
  if ((guint) question->kind >= BS_N_QUESTION_KINDS)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                           _("The kind of the question is not one Banshi knows"));
      return FALSE;
    }
  if (!bs_code_is_taken (self, "SELECT 1 FROM question WHERE code = ?1 AND id <> ?2",
                         question->code, question->id, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("Another question has the code “%s”"), question->code);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_option (BsCatalogue  *self,
              gint64        question_id,
              gint64        option_id,
              const char   *code,
              const char   *label,
              GError      **error)
{
  gint64 taken;
  sqlite3_stmt *stmt;
  int rc;

  if (!check_code (code, _("An option needs a code"), error) ||
      !bs_check_text (label, FALSE, _("An option needs a label"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self,
                               "SELECT count(*) FROM question_option"
                               " WHERE question_id = ?1 AND code = ?2 AND id <> ?3",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, question_id);
  bs_bind_text (stmt, 2, code);
  sqlite3_bind_int64 (stmt, 3, option_id);
  rc = sqlite3_step (stmt);
  taken = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc != SQLITE_ROW)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (taken)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("Another option of the question has the code “%s”"), code);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Questions */

static gint64
insert_option (BsCatalogue  *self,
               gint64        question_id,
               const char   *code,
               const char   *label,
               GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = bs_catalogue_prepare (self,
                               "INSERT INTO question_option (question_id, position, code, label)"
                               " VALUES (?1, (SELECT coalesce(max(position) + 1, 0) FROM question_option"
                               "              WHERE question_id = ?1), ?2, ?3)",
                               error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, question_id);
  bs_bind_text (stmt, 2, code);
  bs_bind_text (stmt, 3, label);
  if (!bs_catalogue_step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (bs_catalogue_get_db (self));
}

gint64
bs_catalogue_add_question (BsCatalogue       *self,
                           const BsQuestion  *question,
                           GError           **error)
{
  g_autoptr(GHashTable) codes = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (question != NULL, 0);

  {
    g_autoptr(BsQuestion) probe = bs_question_copy (question);

    probe->id = 0;
    if (!check_question (self, probe, error))
      return 0;
  }
  codes = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < question->options->len; i++)
    {
      const BsOption *option = g_ptr_array_index (question->options, i);

      if (!check_code (option->code, _("An option needs a code"), error) ||
          !bs_check_text (option->label, FALSE, _("An option needs a label"), error))
        return 0;
      if (!g_hash_table_add (codes, option->code))
        {
          g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                       _("Another option of the question has the code “%s”"), option->code);
          return 0;
        }
    }

  if (!bs_catalogue_begin (self, _("Add Question"), error))
    return 0;
  stmt = bs_catalogue_prepare (self,
                               "INSERT INTO question (code, prompt, help, kind) VALUES (?1, ?2, ?3, ?4)",
                               error);
  if (stmt == NULL)
    goto failed;
  bs_bind_text (stmt, 1, question->code);
  bs_bind_text (stmt, 2, question->prompt);
  bs_bind_text (stmt, 3, question->help);
  bs_bind_text (stmt, 4, bs_question_kind_to_string (question->kind));
  if (!bs_catalogue_step_done (self, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (bs_catalogue_get_db (self));
  for (guint i = 0; i < question->options->len; i++)
    {
      const BsOption *option = g_ptr_array_index (question->options, i);

      if (insert_option (self, id, option->code, option->label, error) == 0)
        goto failed;
    }
  if (!bs_catalogue_commit (self, error))
    return 0;
  return id;

failed:
  bs_catalogue_rollback (self);
  return 0;
}

gboolean
bs_catalogue_update_question (BsCatalogue       *self,
                              const BsQuestion  *question,
                              GError           **error)
{
  g_autoptr(BsQuestion) stored = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (question != NULL, FALSE);

  stored = bs_catalogue_get_question (self, question->id, error);
  if (stored == NULL || !check_question (self, question, error))
    return FALSE;
  if (g_strcmp0 (stored->code, question->code) == 0 &&
      g_strcmp0 (stored->prompt, question->prompt) == 0 &&
      g_strcmp0 (stored->help, question->help) == 0 &&
      stored->kind == question->kind)
    return TRUE;

  if (!bs_catalogue_begin (self, _("Edit Question"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self,
                               "UPDATE question SET code = ?1, prompt = ?2, help = ?3, kind = ?4 WHERE id = ?5",
                               error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  bs_bind_text (stmt, 1, question->code);
  bs_bind_text (stmt, 2, question->prompt);
  bs_bind_text (stmt, 3, question->help);
  bs_bind_text (stmt, 4, bs_question_kind_to_string (question->kind));
  sqlite3_bind_int64 (stmt, 5, question->id);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

/* How many conditions use the options of question @question_id (when
 * @option_id is 0) or the one option @option_id. */
static gboolean
count_condition_uses (BsCatalogue  *self,
                      gint64        question_id,
                      gint64        option_id,
                      gint64       *out_count,
                      GError      **error)
{
  return bs_query_int64 (self,
                         "WITH o (id) AS (SELECT id FROM question_option"
                         "                WHERE (?2 > 0 AND id = ?2) OR (?2 = 0 AND question_id = ?1))"
                         " SELECT (SELECT count(*) FROM theme_item_when WHERE option_id IN o)"
                         "      + (SELECT count(*) FROM theme_question_when WHERE option_id IN o)"
                         "      + (SELECT count(*) FROM material_when WHERE option_id IN o)"
                         "      + (SELECT count(*) FROM theme_note_when WHERE option_id IN o)",
                         question_id, option_id, out_count, error);
}

gboolean
bs_catalogue_remove_question (BsCatalogue  *self,
                              gint64        id,
                              GError      **error)
{
  g_autoptr(BsQuestion) stored = NULL;
  gint64 themes, uses;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  stored = bs_catalogue_get_question (self, id, error);
  if (stored == NULL)
    return FALSE;
  if (!bs_query_int64 (self, "SELECT count(*) FROM theme_question WHERE question_id = ?1",
                       id, 0, &themes, error) ||
      !count_condition_uses (self, id, 0, &uses, error))
    return FALSE;
  if (themes > 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The question “%s” is asked by %d theme; remove it from the theme first",
                                "The question “%s” is asked by %d themes; remove it from the themes first",
                                (gulong) themes),
                   stored->prompt, (int) themes);
      return FALSE;
    }
  if (uses > 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%d condition uses the answers to “%s”; change it first",
                                "%d conditions use the answers to “%s”; change them first",
                                (gulong) uses),
                   (int) uses, stored->prompt);
      return FALSE;
    }

  if (!bs_catalogue_begin (self, _("Delete Question"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, "DELETE FROM question WHERE id = ?1", error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

/* ------------------------------------------------------------------ */
/* Options */

static BsOption *
get_option (BsCatalogue  *self,
            gint64        id,
            GError      **error)
{
  BsOption *option;
  sqlite3_stmt *stmt;

  stmt = bs_catalogue_prepare (self, "SELECT " OPTION_COLUMNS " FROM question_option WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_step_one (self, stmt, _("The option does not exist"), error))
    return NULL;
  option = option_from_row (stmt);
  sqlite3_reset (stmt);
  return option;
}

gint64
bs_catalogue_add_option (BsCatalogue  *self,
                         gint64        question_id,
                         const char   *code,
                         const char   *label,
                         GError      **error)
{
  g_autoptr(BsQuestion) question = NULL;
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);

  question = bs_catalogue_get_question (self, question_id, error);
  if (question == NULL || !check_option (self, question_id, 0, code, label, error))
    return 0;
  if (!bs_catalogue_begin (self, _("Add Option"), error))
    return 0;
  id = insert_option (self, question_id, code, label, error);
  if (id == 0)
    {
      bs_catalogue_rollback (self);
      return 0;
    }
  if (!bs_catalogue_commit (self, error))
    return 0;
  return id;
}

gboolean
bs_catalogue_update_option (BsCatalogue     *self,
                            const BsOption  *option,
                            GError         **error)
{
  g_autoptr(BsOption) stored = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (option != NULL, FALSE);

  stored = get_option (self, option->id, error);
  if (stored == NULL ||
      !check_option (self, stored->question_id, option->id, option->code, option->label, error))
    return FALSE;
  if (g_strcmp0 (stored->code, option->code) == 0 && g_strcmp0 (stored->label, option->label) == 0)
    return TRUE;
  if (!bs_catalogue_begin (self, _("Edit Option"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, "UPDATE question_option SET code = ?1, label = ?2 WHERE id = ?3", error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  bs_bind_text (stmt, 1, option->code);
  bs_bind_text (stmt, 2, option->label);
  sqlite3_bind_int64 (stmt, 3, option->id);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

#define RENUMBER_OPTIONS "UPDATE question_option SET position = ?1 WHERE id = ?2 AND position IS NOT ?1"
#define LIST_OPTIONS "SELECT id FROM question_option WHERE question_id = ?1 ORDER BY position, id"

gboolean
bs_catalogue_remove_option (BsCatalogue  *self,
                            gint64        id,
                            GError      **error)
{
  g_autoptr(BsOption) stored = NULL;
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;
  gint64 uses;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  stored = get_option (self, id, error);
  if (stored == NULL || !count_condition_uses (self, 0, id, &uses, error))
    return FALSE;
  if (uses > 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%d condition uses the option “%s”; change it first",
                                "%d conditions use the option “%s”; change them first",
                                (gulong) uses),
                   (int) uses, stored->label);
      return FALSE;
    }
  if (!bs_catalogue_begin (self, _("Delete Option"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, "DELETE FROM question_option WHERE id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_catalogue_step_done (self, stmt, error))
    goto failed;
  ids = bs_list_ids (self, LIST_OPTIONS, stored->question_id, error);
  if (ids == NULL || !bs_renumber (self, RENUMBER_OPTIONS, ids, 0, error))
    goto failed;
  return bs_catalogue_commit (self, error);

failed:
  bs_catalogue_rollback (self);
  return FALSE;
}

gboolean
bs_catalogue_move_option (BsCatalogue  *self,
                          gint64        id,
                          int           position,
                          GError      **error)
{
  g_autoptr(BsOption) stored = NULL;
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if (position < 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("An option cannot move to position %d"), position);
      return FALSE;
    }
  stored = get_option (self, id, error);
  if (stored == NULL)
    return FALSE;
  ids = bs_list_ids (self, LIST_OPTIONS, stored->question_id, error);
  if (ids == NULL)
    return FALSE;
  bs_move_id (ids, id, position);
  if (!bs_catalogue_begin (self, _("Move Option"), error))
    return FALSE;
  if (!bs_renumber (self, RENUMBER_OPTIONS, ids, 0, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

/* ------------------------------------------------------------------ */
/* The questions of a theme */

#define LIST_THEME_QUESTIONS "SELECT question_id FROM theme_question WHERE theme_id = ?1 ORDER BY position, question_id"
#define RENUMBER_THEME_QUESTIONS \
  "UPDATE theme_question SET position = ?1 WHERE question_id = ?2 AND theme_id = ?3 AND position IS NOT ?1"

GArray *
bs_catalogue_list_theme_questions (BsCatalogue  *self,
                                   gint64        theme_id,
                                   GError      **error)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);
  return bs_list_ids (self, LIST_THEME_QUESTIONS, theme_id, error);
}

GArray *
bs_catalogue_list_question_themes (BsCatalogue  *self,
                                   gint64        question_id,
                                   GError      **error)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);
  return bs_list_ids (self, "SELECT theme_id FROM theme_question WHERE question_id = ?1 ORDER BY theme_id",
                   question_id, error);
}

static gboolean
theme_asks (BsCatalogue  *self,
            gint64        theme_id,
            gint64        question_id,
            gboolean     *out_asks,
            GError      **error)
{
  gint64 n;

  if (!bs_query_int64 (self, "SELECT count(*) FROM theme_question WHERE theme_id = ?1 AND question_id = ?2",
                       theme_id, question_id, &n, error))
    return FALSE;
  *out_asks = n > 0;
  return TRUE;
}

gboolean
bs_catalogue_add_theme_question (BsCatalogue  *self,
                                 gint64        theme_id,
                                 gint64        question_id,
                                 GError      **error)
{
  g_autoptr(BsQuestion) question = NULL;
  gint64 theme_exists;
  gboolean asks;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  question = bs_catalogue_get_question (self, question_id, error);
  if (question == NULL ||
      !bs_query_int64 (self, "SELECT count(*) FROM theme WHERE id = ?1", theme_id, 0, &theme_exists, error) ||
      !theme_asks (self, theme_id, question_id, &asks, error))
    return FALSE;
  if (!theme_exists)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                           _("The theme does not exist"));
      return FALSE;
    }
  if (asks)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("The theme already asks “%s”"), question->prompt);
      return FALSE;
    }
  if (!bs_catalogue_begin (self, _("Add Question to Theme"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self,
                               "INSERT INTO theme_question (theme_id, question_id, position)"
                               " VALUES (?1, ?2, (SELECT coalesce(max(position) + 1, 0) FROM theme_question"
                               "                  WHERE theme_id = ?1))",
                               error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, theme_id);
  sqlite3_bind_int64 (stmt, 2, question_id);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

gboolean
bs_catalogue_remove_theme_question (BsCatalogue  *self,
                                    gint64        theme_id,
                                    gint64        question_id,
                                    GError      **error)
{
  g_autoptr(GArray) ids = NULL;
  gboolean asks;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if (!theme_asks (self, theme_id, question_id, &asks, error))
    return FALSE;
  if (!asks)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                           _("The theme does not ask that question"));
      return FALSE;
    }
  if (!bs_catalogue_begin (self, _("Remove Question from Theme"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, "DELETE FROM theme_question WHERE theme_id = ?1 AND question_id = ?2",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, theme_id);
  sqlite3_bind_int64 (stmt, 2, question_id);
  if (!bs_catalogue_step_done (self, stmt, error))
    goto failed;
  ids = bs_list_ids (self, LIST_THEME_QUESTIONS, theme_id, error);
  if (ids == NULL || !bs_renumber (self, RENUMBER_THEME_QUESTIONS, ids, theme_id, error))
    goto failed;
  return bs_catalogue_commit (self, error);

failed:
  bs_catalogue_rollback (self);
  return FALSE;
}

gboolean
bs_catalogue_move_theme_question (BsCatalogue  *self,
                                  gint64        theme_id,
                                  gint64        question_id,
                                  int           position,
                                  GError      **error)
{
  g_autoptr(GArray) ids = NULL;
  gboolean asks;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if (position < 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("A question cannot move to position %d"), position);
      return FALSE;
    }
  if (!theme_asks (self, theme_id, question_id, &asks, error))
    return FALSE;
  if (!asks)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                           _("The theme does not ask that question"));
      return FALSE;
    }
  ids = bs_list_ids (self, LIST_THEME_QUESTIONS, theme_id, error);
  if (ids == NULL)
    return FALSE;
  bs_move_id (ids, question_id, position);
  if (!bs_catalogue_begin (self, _("Move Question"), error))
    return FALSE;
  if (!bs_renumber (self, RENUMBER_THEME_QUESTIONS, ids, theme_id, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}
