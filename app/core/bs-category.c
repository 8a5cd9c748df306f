/* bs-category.c: theme categories (主题分类), layer 1 of the paper's model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-category.h"
#include "bs-entity-private.h"

#define CATEGORY_COLUMNS "id, code, name, parent_id, position"

BsCategory *
bs_category_new (const char *code,
                 const char *name,
                 gint64      parent_id)
{
  BsCategory *self = g_new0 (BsCategory, 1);

  self->code = g_strdup (code != NULL ? code : "");
  self->name = g_strdup (name != NULL ? name : "");
  self->parent_id = parent_id;
  return self;
}

BsCategory *
bs_category_copy (const BsCategory *self)
{
  BsCategory *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (BsCategory, 1);
  *copy = *self;
  copy->code = g_strdup (self->code);
  copy->name = g_strdup (self->name);
  return copy;
}

void
bs_category_free (BsCategory *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->name);
  g_free (self);
}

static BsCategory *
category_from_row (sqlite3_stmt *stmt)
{
  BsCategory *self = g_new0 (BsCategory, 1);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->code = bs_column_dup_text (stmt, 1);
  self->name = bs_column_dup_text (stmt, 2);
  self->parent_id = sqlite3_column_int64 (stmt, 3); /* NULL reads as 0 */
  self->position = sqlite3_column_int (stmt, 4);
  return self;
}

/* Appends @parent_id's children, each followed by its own sub-tree.
 * @sorted holds every category in sibling order; @placed marks those
 * already appended. */
static void
append_subtree (GPtrArray *result,
                GPtrArray *sorted,
                gboolean  *placed,
                gint64     parent_id)
{
  for (guint i = 0; i < sorted->len; i++)
    {
      BsCategory *category = g_ptr_array_index (sorted, i);

      if (placed[i] || category->parent_id != parent_id)
        continue;
      placed[i] = TRUE;
      g_ptr_array_add (result, bs_category_copy (category));
      append_subtree (result, sorted, placed, category->id);
    }
}

GPtrArray *
bs_catalogue_list_categories (BsCatalogue  *self,
                              GError      **error)
{
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autofree gboolean *placed = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self,
                               "SELECT " CATEGORY_COLUMNS " FROM category"
                               " ORDER BY position, name, code",
                               error);
  if (stmt == NULL)
    return NULL;

  sorted = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_category_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sorted, category_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  /* Depth first from the top level, so each category comes right after its
   * parent (a few hundred categories at most). */
  result = g_ptr_array_new_full (sorted->len, (GDestroyNotify) bs_category_free);
  placed = g_new0 (gboolean, sorted->len + 1);
  append_subtree (result, sorted, placed, 0);

  /* Only raw SQL could have made a loop; keep those rows rather than lose
   * them. */
  for (guint i = 0; i < sorted->len; i++)
    {
      if (!placed[i])
        g_ptr_array_add (result, bs_category_copy (g_ptr_array_index (sorted, i)));
    }
  return g_steal_pointer (&result);
}

BsCategory *
bs_catalogue_get_category (BsCatalogue  *self,
                           gint64        id,
                           GError      **error)
{
  BsCategory *category;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, "SELECT " CATEGORY_COLUMNS " FROM category WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_step_one (self, stmt, _("The category does not exist"), error))
    return NULL;
  category = category_from_row (stmt);
  sqlite3_reset (stmt);
  return category;
}

BsCategory *
bs_catalogue_find_category (BsCatalogue  *self,
                            const char   *code,
                            GError      **error)
{
  BsCategory *category = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (code == NULL)
    return NULL;
  stmt = bs_catalogue_prepare (self, "SELECT " CATEGORY_COLUMNS " FROM category WHERE code = ?1",
                               error);
  if (stmt == NULL)
    return NULL;
  bs_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    category = category_from_row (stmt);
  else if (rc != SQLITE_DONE)
    bs_catalogue_set_error_from_db (self, error);
  sqlite3_reset (stmt);
  return category;
}

/* Refuses a parent that does not exist, or one that is @category itself
 * or inside it. */
static gboolean
check_parent (BsCatalogue       *self,
              const BsCategory  *category,
              GError           **error)
{
  g_autoptr(BsCategory) parent = NULL;
  g_autoptr(GHashTable) seen = NULL;
  gint64 ancestor;

  if (category->parent_id <= 0)
    return TRUE;
  if (category->id > 0 && category->parent_id == category->id)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("“%s” cannot be its own parent category"), category->name);
      return FALSE;
    }

  parent = bs_catalogue_get_category (self, category->parent_id, NULL);
  if (parent == NULL)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("The parent category of “%s” does not exist"), category->name);
      return FALSE;
    }
  if (category->id <= 0)
    return TRUE;

  /* Walk up from the new parent; meeting the category means a loop. */
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ancestor = parent->parent_id;
  while (ancestor > 0)
    {
      if (ancestor == category->id)
        {
          g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                       _("“%s” cannot go inside “%s”, which is one of its own sub-categories"),
                       category->name, parent->name);
          return FALSE;
        }
      if (g_hash_table_contains (seen, &ancestor))
        break; /* an old loop made with raw SQL; not ours to report */
      g_hash_table_add (seen, g_memdup2 (&ancestor, sizeof ancestor));
      if (!bs_query_int64 (self, "SELECT parent_id FROM category WHERE id = ?1",
                           ancestor, 0, &ancestor, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_category (BsCatalogue       *self,
                const BsCategory  *category,
                GError           **error)
{
  gboolean taken;

  if (!bs_check_text (category->code, TRUE, _("A category needs a code"), error) ||
      !bs_check_text (category->name, FALSE, _("A category needs a name"), error))
    return FALSE;
  if (!check_parent (self, category, error))
    return FALSE;
  if (!bs_code_is_taken (self, "SELECT 1 FROM category WHERE code = ?1 AND id <> ?2",
                         category->code, category->id, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("Another category already has the code “%s”"), category->code);
      return FALSE;
    }
  return TRUE;
}

static gboolean
bind_and_write (BsCatalogue       *self,
                const char        *sql,
                const BsCategory  *category,
                GError           **error)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  bs_bind_text (stmt, 1, category->code);
  bs_bind_text (stmt, 2, category->name);
  bs_bind_optional_id (stmt, 3, category->parent_id);
  sqlite3_bind_int (stmt, 4, category->position);
  if (sqlite3_bind_parameter_count (stmt) >= 5)
    sqlite3_bind_int64 (stmt, 5, category->id);
  return bs_catalogue_step_done (self, stmt, error);
}

gint64
bs_catalogue_add_category (BsCatalogue       *self,
                           const BsCategory  *category,
                           GError           **error)
{
  g_autoptr(BsCategory) to_add = NULL;
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (category != NULL, 0);

  to_add = bs_category_copy (category);
  to_add->id = 0;
  if (!check_category (self, to_add, error))
    return 0;

  if (!bs_catalogue_begin (self, _("Add Category"), error))
    return 0;
  if (!bind_and_write (self,
                       "INSERT INTO category (code, name, parent_id, position)"
                       " VALUES (?1, ?2, ?3, ?4)",
                       to_add, error))
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
bs_catalogue_update_category (BsCatalogue       *self,
                              const BsCategory  *category,
                              GError           **error)
{
  g_autoptr(BsCategory) stored = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (category != NULL, FALSE);

  stored = bs_catalogue_get_category (self, category->id, error);
  if (stored == NULL)
    return FALSE;
  /* Nothing to change is no edit: no undo step, no "changed" signal. */
  if (g_strcmp0 (stored->code, category->code) == 0 &&
      g_strcmp0 (stored->name, category->name) == 0 &&
      stored->parent_id == MAX (category->parent_id, 0) &&
      stored->position == category->position)
    return TRUE;
  if (!check_category (self, category, error))
    return FALSE;

  if (!bs_catalogue_begin (self, _("Edit Category"), error))
    return FALSE;
  if (!bind_and_write (self,
                       "UPDATE category SET code = ?1, name = ?2, parent_id = ?3, position = ?4"
                       " WHERE id = ?5",
                       category, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

gboolean
bs_catalogue_remove_category (BsCatalogue  *self,
                              gint64        id,
                              GError      **error)
{
  g_autoptr(BsCategory) stored = NULL;
  sqlite3_stmt *stmt;
  gint64 n_themes;
  gint64 n_children;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  stored = bs_catalogue_get_category (self, id, error);
  if (stored == NULL)
    return FALSE;
  if (!bs_query_int64 (self, "SELECT count(*) FROM theme WHERE category_id = ?1",
                       id, 0, &n_themes, error) ||
      !bs_query_int64 (self, "SELECT count(*) FROM category WHERE parent_id = ?1",
                       id, 0, &n_children, error))
    return FALSE;
  if (n_themes > 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” still has %d theme; move or delete it first",
                                "“%s” still has %d themes; move or delete them first",
                                (gulong) n_themes),
                   stored->name, (int) n_themes);
      return FALSE;
    }
  if (n_children > 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” still has %d sub-category; move or delete it first",
                                "“%s” still has %d sub-categories; move or delete them first",
                                (gulong) n_children),
                   stored->name, (int) n_children);
      return FALSE;
    }

  if (!bs_catalogue_begin (self, _("Delete Category"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, "DELETE FROM category WHERE id = ?1", error);
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
