/* bs-theme-note.c: notes a theme shows the applicant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-entity-private.h"
#include "bs-theme-note.h"

#define NOTE_COLUMNS "id, theme_id, coalesce (item_id, 0), position, text"
#define LIST_NOTE_IDS "SELECT id FROM theme_note WHERE theme_id = ?1 ORDER BY position, id"

BsThemeNote *
bs_theme_note_new (gint64      theme_id,
                   gint64      item_id,
                   const char *text)
{
  BsThemeNote *self = g_new0 (BsThemeNote, 1);

  self->theme_id = theme_id;
  self->item_id = item_id;
  self->text = g_strdup (text != NULL ? text : "");
  return self;
}

BsThemeNote *
bs_theme_note_copy (const BsThemeNote *self)
{
  BsThemeNote *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (BsThemeNote, 1);
  *copy = *self;
  copy->text = g_strdup (self->text);
  return copy;
}

void
bs_theme_note_free (BsThemeNote *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self);
}

static BsThemeNote *
note_from_row (sqlite3_stmt *stmt)
{
  BsThemeNote *self = g_new0 (BsThemeNote, 1);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->theme_id = sqlite3_column_int64 (stmt, 1);
  self->item_id = sqlite3_column_int64 (stmt, 2);
  self->position = sqlite3_column_int (stmt, 3);
  self->text = bs_column_dup_text (stmt, 4);
  return self;
}

GPtrArray *
bs_catalogue_list_theme_notes (BsCatalogue  *self,
                               gint64        theme_id,
                               GError      **error)
{
  g_autoptr(GPtrArray) notes = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self,
                               "SELECT " NOTE_COLUMNS " FROM theme_note WHERE theme_id = ?1"
                               " ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, theme_id);
  notes = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_theme_note_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (notes, note_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      return NULL;
    }
  return g_steal_pointer (&notes);
}

BsThemeNote *
bs_catalogue_get_theme_note (BsCatalogue  *self,
                             gint64        id,
                             GError      **error)
{
  BsThemeNote *note;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, "SELECT " NOTE_COLUMNS " FROM theme_note WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_step_one (self, stmt, _("The note does not exist"), error))
    return NULL;
  note = note_from_row (stmt);
  sqlite3_reset (stmt);
  return note;
}

static gboolean
check_note (BsCatalogue        *self,
            const BsThemeNote  *note,
            GError            **error)
{
  gint64 exists;

  if (!bs_check_text (note->text, FALSE, _("A note needs a text"), error))
    return FALSE;
  if (!bs_query_int64 (self, "SELECT count(*) FROM theme WHERE id = ?1", note->theme_id, 0, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                           _("The theme does not exist"));
      return FALSE;
    }
  if (note->item_id > 0)
    {
      if (!bs_query_int64 (self, "SELECT count(*) FROM theme_item WHERE theme_id = ?1 AND item_id = ?2",
                           note->theme_id, note->item_id, &exists, error))
        return FALSE;
      if (!exists)
        {
          g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                               _("A note can only be about an item of its theme"));
          return FALSE;
        }
    }
  return TRUE;
}

#define RENUMBER_NOTES "UPDATE theme_note SET position = ?1 WHERE id = ?2 AND position IS NOT ?1"

gint64
bs_catalogue_add_theme_note (BsCatalogue        *self,
                             const BsThemeNote  *note,
                             GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (note != NULL, 0);

  if (!check_note (self, note, error))
    return 0;
  if (!bs_catalogue_begin (self, _("Add Note"), error))
    return 0;
  stmt = bs_catalogue_prepare (self,
                               "INSERT INTO theme_note (theme_id, item_id, position, text)"
                               " VALUES (?1, ?2, (SELECT coalesce(max(position) + 1, 0) FROM theme_note"
                               "                  WHERE theme_id = ?1), ?3)",
                               error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return 0;
    }
  sqlite3_bind_int64 (stmt, 1, note->theme_id);
  bs_bind_optional_id (stmt, 2, note->item_id);
  bs_bind_text (stmt, 3, note->text);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return 0;
    }
  id = sqlite3_last_insert_rowid (bs_catalogue_get_db (self));
  if (!bs_catalogue_commit (self, error))
    return 0;
  return id;
}

gboolean
bs_catalogue_update_theme_note (BsCatalogue        *self,
                                const BsThemeNote  *note,
                                GError            **error)
{
  g_autoptr(BsThemeNote) stored = NULL;
  g_autoptr(BsThemeNote) wanted = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (note != NULL, FALSE);

  stored = bs_catalogue_get_theme_note (self, note->id, error);
  if (stored == NULL)
    return FALSE;
  /* A note never changes theme. */
  wanted = bs_theme_note_copy (note);
  wanted->theme_id = stored->theme_id;
  if (!check_note (self, wanted, error))
    return FALSE;
  if (g_strcmp0 (stored->text, wanted->text) == 0 && stored->item_id == MAX (wanted->item_id, 0))
    return TRUE;
  if (!bs_catalogue_begin (self, _("Edit Note"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, "UPDATE theme_note SET text = ?1, item_id = ?2 WHERE id = ?3", error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  bs_bind_text (stmt, 1, wanted->text);
  bs_bind_optional_id (stmt, 2, wanted->item_id);
  sqlite3_bind_int64 (stmt, 3, wanted->id);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

gboolean
bs_catalogue_remove_theme_note (BsCatalogue  *self,
                                gint64        id,
                                GError      **error)
{
  g_autoptr(BsThemeNote) stored = NULL;
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  stored = bs_catalogue_get_theme_note (self, id, error);
  if (stored == NULL)
    return FALSE;
  if (!bs_catalogue_begin (self, _("Delete Note"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, "DELETE FROM theme_note WHERE id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_catalogue_step_done (self, stmt, error))
    goto failed;
  ids = bs_list_ids (self, LIST_NOTE_IDS, stored->theme_id, error);
  if (ids == NULL || !bs_renumber (self, RENUMBER_NOTES, ids, 0, error))
    goto failed;
  return bs_catalogue_commit (self, error);

failed:
  bs_catalogue_rollback (self);
  return FALSE;
}

gboolean
bs_catalogue_move_theme_note (BsCatalogue  *self,
                              gint64        id,
                              int           position,
                              GError      **error)
{
  g_autoptr(BsThemeNote) stored = NULL;
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if (position < 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("A note cannot move to position %d"), position);
      return FALSE;
    }
  stored = bs_catalogue_get_theme_note (self, id, error);
  if (stored == NULL)
    return FALSE;
  ids = bs_list_ids (self, LIST_NOTE_IDS, stored->theme_id, error);
  if (ids == NULL)
    return FALSE;
  bs_move_id (ids, id, position);
  if (!bs_catalogue_begin (self, _("Move Note"), error))
    return FALSE;
  if (!bs_renumber (self, RENUMBER_NOTES, ids, 0, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}
