/* bs-material.c: the materials (申请材料) an item asks for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-entity-private.h"
#include "bs-material.h"

#define COPIES_MAX 999

#define MATERIAL_COLUMNS "id, item_id, position, name, form, copies, source, required, notes, form_url, sample_url"

BsMaterial *
bs_material_new (gint64      item_id,
                 const char *name)
{
  BsMaterial *self = g_new0 (BsMaterial, 1);

  self->item_id = item_id;
  self->name = g_strdup (name != NULL ? name : "");
  self->form = BS_MATERIAL_FORM_ORIGINAL;
  self->copies = 1;
  self->source = BS_MATERIAL_SOURCE_APPLICANT;
  self->required = TRUE;
  self->notes = g_strdup ("");
  self->form_url = g_strdup ("");
  self->sample_url = g_strdup ("");
  return self;
}

BsMaterial *
bs_material_copy (const BsMaterial *self)
{
  BsMaterial *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (BsMaterial, 1);
  *copy = *self;
  copy->name = g_strdup (self->name);
  copy->notes = g_strdup (self->notes);
  copy->form_url = g_strdup (self->form_url);
  copy->sample_url = g_strdup (self->sample_url);
  return copy;
}

void
bs_material_free (BsMaterial *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->notes);
  g_free (self->form_url);
  g_free (self->sample_url);
  g_free (self);
}

static BsMaterial *
material_from_row (sqlite3_stmt *stmt)
{
  BsMaterial *self = g_new0 (BsMaterial, 1);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->item_id = sqlite3_column_int64 (stmt, 1);
  self->position = sqlite3_column_int (stmt, 2);
  self->name = bs_column_dup_text (stmt, 3);
  if (!bs_material_form_from_string ((const char *) sqlite3_column_text (stmt, 4), &self->form))
    self->form = BS_MATERIAL_FORM_ORIGINAL;
  self->copies = sqlite3_column_int (stmt, 5);
  if (!bs_material_source_from_string ((const char *) sqlite3_column_text (stmt, 6), &self->source))
    self->source = BS_MATERIAL_SOURCE_APPLICANT;
  self->required = sqlite3_column_int (stmt, 7) != 0;
  self->notes = bs_column_dup_text (stmt, 8);
  self->form_url = bs_column_dup_text (stmt, 9);
  self->sample_url = bs_column_dup_text (stmt, 10);
  return self;
}

GPtrArray *
bs_catalogue_list_materials (BsCatalogue  *self,
                             gint64        item_id,
                             GError      **error)
{
  g_autoptr(GPtrArray) materials = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self,
                               "SELECT " MATERIAL_COLUMNS " FROM material WHERE item_id = ?1"
                               " ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);

  materials = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_material_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (materials, material_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&materials);
}

BsMaterial *
bs_catalogue_get_material (BsCatalogue  *self,
                           gint64        id,
                           GError      **error)
{
  BsMaterial *material;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, "SELECT " MATERIAL_COLUMNS " FROM material WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_step_one (self, stmt, _("The material does not exist"), error))
    return NULL;
  material = material_from_row (stmt);
  sqlite3_reset (stmt);
  return material;
}

static gboolean
check_material (const BsMaterial  *material,
                GError           **error)
{
  if (!bs_check_text (material->name, FALSE, _("A material needs a name"), error) ||
      !bs_check_utf8 (material->notes, error) ||
      !bs_check_utf8 (material->form_url, error) ||
      !bs_check_utf8 (material->sample_url, error))
    return FALSE;
  if ((guint) material->form >= BS_N_MATERIAL_FORMS ||
      (guint) material->source >= BS_N_MATERIAL_SOURCES)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The material “%s” has a form or source that Banshi does not know"),
                   material->name);
      return FALSE;
    }
  if (material->copies < 0 || material->copies > COPIES_MAX)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The number of copies must be between 0 and %d"), COPIES_MAX);
      return FALSE;
    }
  return TRUE;
}

/* The ids of an item's materials in order. */
static GArray *
list_material_ids (BsCatalogue  *self,
                   gint64        item_id,
                   GError      **error)
{
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = bs_catalogue_prepare (self,
                               "SELECT id FROM material WHERE item_id = ?1 ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
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

/* Gives the materials of @ids the positions 0…n-1, writing only the rows
 * whose position changes. */
static gboolean
renumber (BsCatalogue  *self,
          GArray       *ids,
          GError      **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_stmt *stmt = bs_catalogue_prepare (self,
                                                 "UPDATE material SET position = ?1"
                                                 " WHERE id = ?2 AND position IS NOT ?1",
                                                 error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, (int) i);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!bs_catalogue_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gint64
bs_catalogue_add_material (BsCatalogue       *self,
                           const BsMaterial  *material,
                           GError           **error)
{
  sqlite3_stmt *stmt;
  gint64 item_exists;
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (material != NULL, 0);

  if (!check_material (material, error))
    return 0;
  if (!bs_query_int64 (self, "SELECT count(*) FROM item WHERE id = ?1",
                       material->item_id, 0, &item_exists, error))
    return 0;
  if (!item_exists)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                           _("The item of the material does not exist"));
      return 0;
    }

  if (!bs_catalogue_begin (self, _("Add Material"), error))
    return 0;
  stmt = bs_catalogue_prepare (self,
                               "INSERT INTO material (item_id, position, name, form, copies,"
                               " source, required, notes, form_url, sample_url)"
                               " VALUES (?1, (SELECT coalesce(max(position) + 1, 0) FROM material"
                               "              WHERE item_id = ?1),"
                               " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                               error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return 0;
    }
  sqlite3_bind_int64 (stmt, 1, material->item_id);
  bs_bind_text (stmt, 2, material->name);
  bs_bind_text (stmt, 3, bs_material_form_to_string (material->form));
  sqlite3_bind_int (stmt, 4, material->copies);
  bs_bind_text (stmt, 5, bs_material_source_to_string (material->source));
  sqlite3_bind_int (stmt, 6, material->required ? 1 : 0);
  bs_bind_text (stmt, 7, material->notes);
  bs_bind_text (stmt, 8, material->form_url);
  bs_bind_text (stmt, 9, material->sample_url);
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
bs_catalogue_update_material (BsCatalogue       *self,
                              const BsMaterial  *material,
                              GError           **error)
{
  g_autoptr(BsMaterial) stored = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (material != NULL, FALSE);

  stored = bs_catalogue_get_material (self, material->id, error);
  if (stored == NULL)
    return FALSE;
  if (!check_material (material, error))
    return FALSE;
  /* The order changes through bs_catalogue_move_material(); a material
   * never changes item. */
  if (material->item_id != stored->item_id)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The material “%s” cannot move to another item"), stored->name);
      return FALSE;
    }
  /* Nothing to change is no edit: no undo step, no "changed" signal. */
  if (g_strcmp0 (stored->name, material->name) == 0 &&
      stored->form == material->form &&
      stored->copies == material->copies &&
      stored->source == material->source &&
      stored->required == !!material->required &&
      g_strcmp0 (stored->notes, material->notes) == 0 &&
      g_strcmp0 (stored->form_url, material->form_url) == 0 &&
      g_strcmp0 (stored->sample_url, material->sample_url) == 0)
    return TRUE;

  if (!bs_catalogue_begin (self, _("Edit Material"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self,
                               "UPDATE material SET name = ?1, form = ?2, copies = ?3, source = ?4,"
                               " required = ?5, notes = ?6, form_url = ?8, sample_url = ?9 WHERE id = ?7",
                               error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  bs_bind_text (stmt, 1, material->name);
  bs_bind_text (stmt, 2, bs_material_form_to_string (material->form));
  sqlite3_bind_int (stmt, 3, material->copies);
  bs_bind_text (stmt, 4, bs_material_source_to_string (material->source));
  sqlite3_bind_int (stmt, 5, material->required ? 1 : 0);
  bs_bind_text (stmt, 6, material->notes);
  sqlite3_bind_int64 (stmt, 7, material->id);
  bs_bind_text (stmt, 8, material->form_url);
  bs_bind_text (stmt, 9, material->sample_url);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

gboolean
bs_catalogue_remove_material (BsCatalogue  *self,
                              gint64        id,
                              GError      **error)
{
  g_autoptr(BsMaterial) stored = NULL;
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  stored = bs_catalogue_get_material (self, id, error);
  if (stored == NULL)
    return FALSE;

  if (!bs_catalogue_begin (self, _("Delete Material"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, "DELETE FROM material WHERE id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_catalogue_step_done (self, stmt, error))
    goto failed;
  ids = list_material_ids (self, stored->item_id, error);
  if (ids == NULL || !renumber (self, ids, error))
    goto failed;
  return bs_catalogue_commit (self, error);

failed:
  bs_catalogue_rollback (self);
  return FALSE;
}

gboolean
bs_catalogue_move_material (BsCatalogue  *self,
                            gint64        id,
                            int           position,
                            GError      **error)
{
  g_autoptr(BsMaterial) stored = NULL;
  g_autoptr(GArray) ids = NULL;
  guint index;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if (position < 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("A material cannot move to position %d"), position);
      return FALSE;
    }
  stored = bs_catalogue_get_material (self, id, error);
  if (stored == NULL)
    return FALSE;
  ids = list_material_ids (self, stored->item_id, error);
  if (ids == NULL)
    return FALSE;

  for (index = 0; index < ids->len; index++)
    {
      if (g_array_index (ids, gint64, index) == id)
        break;
    }
  g_assert (index < ids->len);
  g_array_remove_index (ids, index);
  /* past the end means last */
  g_array_insert_val (ids, MIN ((guint) position, ids->len), id);

  if (!bs_catalogue_begin (self, _("Move Material"), error))
    return FALSE;
  if (!renumber (self, ids, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}
