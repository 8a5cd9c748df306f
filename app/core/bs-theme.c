/* bs-theme.c: service themes (办事主题, "一件事"), their items and the
 * prerequisite edges between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-entity-private.h"
#include "bs-item.h"
#include "bs-theme.h"

#define THEME_COLUMNS "t.id, t.code, t.name, t.category_id, t.description, t.position"

BsTheme *
bs_theme_new (const char *code,
              const char *name,
              gint64      category_id)
{
  BsTheme *self = g_new0 (BsTheme, 1);

  self->code = g_strdup (code != NULL ? code : "");
  self->name = g_strdup (name != NULL ? name : "");
  self->category_id = category_id;
  self->description = g_strdup ("");
  return self;
}

BsTheme *
bs_theme_copy (const BsTheme *self)
{
  BsTheme *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (BsTheme, 1);
  *copy = *self;
  copy->code = g_strdup (self->code);
  copy->name = g_strdup (self->name);
  copy->description = g_strdup (self->description);
  return copy;
}

void
bs_theme_free (BsTheme *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->name);
  g_free (self->description);
  g_free (self);
}

static BsTheme *
theme_from_row (sqlite3_stmt *stmt)
{
  BsTheme *self = g_new0 (BsTheme, 1);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->code = bs_column_dup_text (stmt, 1);
  self->name = bs_column_dup_text (stmt, 2);
  self->category_id = sqlite3_column_int64 (stmt, 3);
  self->description = bs_column_dup_text (stmt, 4);
  self->position = sqlite3_column_int (stmt, 5);
  return self;
}

/* Runs @stmt (already bound) and collects its rows as themes. */
static GPtrArray *
collect_themes (BsCatalogue   *self,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(GPtrArray) themes = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_theme_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (themes, theme_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&themes);
}

GPtrArray *
bs_catalogue_list_themes (BsCatalogue  *self,
                          gint64        category_id,
                          GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (category_id > 0)
    {
      stmt = bs_catalogue_prepare (self,
                                   "SELECT " THEME_COLUMNS " FROM theme t WHERE t.category_id = ?1"
                                   " ORDER BY t.position, t.name, t.code",
                                   error);
      if (stmt != NULL)
        sqlite3_bind_int64 (stmt, 1, category_id);
    }
  else
    {
      stmt = bs_catalogue_prepare (self,
                                   "SELECT " THEME_COLUMNS " FROM theme t"
                                   " ORDER BY t.position, t.name, t.code",
                                   error);
    }
  if (stmt == NULL)
    return NULL;
  return collect_themes (self, stmt, error);
}

BsTheme *
bs_catalogue_get_theme (BsCatalogue  *self,
                        gint64        id,
                        GError      **error)
{
  BsTheme *theme;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, "SELECT " THEME_COLUMNS " FROM theme t WHERE t.id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_step_one (self, stmt, _("The theme does not exist"), error))
    return NULL;
  theme = theme_from_row (stmt);
  sqlite3_reset (stmt);
  return theme;
}

BsTheme *
bs_catalogue_find_theme (BsCatalogue  *self,
                         const char   *code,
                         GError      **error)
{
  BsTheme *theme = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (code == NULL)
    return NULL;
  stmt = bs_catalogue_prepare (self, "SELECT " THEME_COLUMNS " FROM theme t WHERE t.code = ?1",
                               error);
  if (stmt == NULL)
    return NULL;
  bs_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    theme = theme_from_row (stmt);
  else if (rc != SQLITE_DONE)
    bs_catalogue_set_error_from_db (self, error);
  sqlite3_reset (stmt);
  return theme;
}

static gboolean
check_theme (BsCatalogue    *self,
             const BsTheme  *theme,
             GError        **error)
{
  gint64 category_exists;
  gboolean taken;

  if (!bs_check_text (theme->code, TRUE, _("A theme needs a code"), error) ||
      !bs_check_text (theme->name, FALSE, _("A theme needs a name"), error) ||
      !bs_check_utf8 (theme->description, error))
    return FALSE;

  if (theme->category_id <= 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("Choose a category for “%s”"), theme->name);
      return FALSE;
    }
  if (!bs_query_int64 (self, "SELECT count(*) FROM category WHERE id = ?1",
                       theme->category_id, 0, &category_exists, error))
    return FALSE;
  if (!category_exists)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("The category of “%s” does not exist"), theme->name);
      return FALSE;
    }

  if (!bs_code_is_taken (self, "SELECT 1 FROM theme WHERE code = ?1 AND id <> ?2",
                         theme->code, theme->id, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("Another theme already has the code “%s”"), theme->code);
      return FALSE;
    }
  return TRUE;
}

static gboolean
bind_and_write (BsCatalogue    *self,
                const char     *sql,
                const BsTheme  *theme,
                GError        **error)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  bs_bind_text (stmt, 1, theme->code);
  bs_bind_text (stmt, 2, theme->name);
  sqlite3_bind_int64 (stmt, 3, theme->category_id);
  bs_bind_text (stmt, 4, theme->description);
  sqlite3_bind_int (stmt, 5, theme->position);
  if (sqlite3_bind_parameter_count (stmt) >= 6)
    sqlite3_bind_int64 (stmt, 6, theme->id);
  return bs_catalogue_step_done (self, stmt, error);
}

gint64
bs_catalogue_add_theme (BsCatalogue    *self,
                        const BsTheme  *theme,
                        GError        **error)
{
  g_autoptr(BsTheme) to_add = NULL;
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (theme != NULL, 0);

  to_add = bs_theme_copy (theme);
  to_add->id = 0;
  if (!check_theme (self, to_add, error))
    return 0;

  if (!bs_catalogue_begin (self, _("Add Theme"), error))
    return 0;
  if (!bind_and_write (self,
                       "INSERT INTO theme (code, name, category_id, description, position)"
                       " VALUES (?1, ?2, ?3, ?4, ?5)",
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
bs_catalogue_update_theme (BsCatalogue    *self,
                           const BsTheme  *theme,
                           GError        **error)
{
  g_autoptr(BsTheme) stored = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (theme != NULL, FALSE);

  stored = bs_catalogue_get_theme (self, theme->id, error);
  if (stored == NULL)
    return FALSE;
  /* Nothing to change is no edit: no undo step, no "changed" signal. */
  if (g_strcmp0 (stored->code, theme->code) == 0 &&
      g_strcmp0 (stored->name, theme->name) == 0 &&
      stored->category_id == theme->category_id &&
      g_strcmp0 (stored->description, theme->description) == 0 &&
      stored->position == theme->position)
    return TRUE;
  if (!check_theme (self, theme, error))
    return FALSE;

  if (!bs_catalogue_begin (self, _("Edit Theme"), error))
    return FALSE;
  if (!bind_and_write (self,
                       "UPDATE theme SET code = ?1, name = ?2, category_id = ?3, description = ?4,"
                       " position = ?5 WHERE id = ?6",
                       theme, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

/* Runs a one-statement edit with up to three int64 parameters. */
static gboolean
write_edit (BsCatalogue  *self,
            const char   *label,
            const char   *sql,
            gint64        param1,
            gint64        param2,
            gint64        param3,
            GError      **error)
{
  sqlite3_stmt *stmt;
  int n_params;

  if (!bs_catalogue_begin (self, label, error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, sql, error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  n_params = sqlite3_bind_parameter_count (stmt);
  if (n_params >= 1)
    sqlite3_bind_int64 (stmt, 1, param1);
  if (n_params >= 2)
    sqlite3_bind_int64 (stmt, 2, param2);
  if (n_params >= 3)
    sqlite3_bind_int64 (stmt, 3, param3);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

gboolean
bs_catalogue_remove_theme (BsCatalogue  *self,
                           gint64        id,
                           GError      **error)
{
  g_autoptr(BsTheme) stored = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  stored = bs_catalogue_get_theme (self, id, error);
  if (stored == NULL)
    return FALSE;

  /* The schema cascades to theme_item and from there to theme_edge. */
  return write_edit (self, _("Delete Theme"), "DELETE FROM theme WHERE id = ?1",
                     id, 0, 0, error);
}

GPtrArray *
bs_catalogue_list_theme_items (BsCatalogue  *self,
                               gint64        theme_id,
                               GError      **error)
{
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self,
                               "SELECT i.id, i.code, i.name, i.department_id, d.name"
                               " FROM theme_item ti"
                               " JOIN item i ON i.id = ti.item_id"
                               " JOIN department d ON d.id = i.department_id"
                               " WHERE ti.theme_id = ?1"
                               " ORDER BY ti.position, i.id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, theme_id);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_item_summary_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BsItemSummary *summary = g_new0 (BsItemSummary, 1);

      summary->id = sqlite3_column_int64 (stmt, 0);
      summary->code = bs_column_dup_text (stmt, 1);
      summary->name = bs_column_dup_text (stmt, 2);
      summary->department_id = sqlite3_column_int64 (stmt, 3);
      summary->department_name = bs_column_dup_text (stmt, 4);
      g_ptr_array_add (items, summary);
    }
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&items);
}

static gboolean
theme_has_item (BsCatalogue  *self,
                gint64        theme_id,
                gint64        item_id,
                gboolean     *out_has,
                GError      **error)
{
  gint64 found;

  if (!bs_query_int64 (self, "SELECT count(*) FROM theme_item WHERE theme_id = ?1 AND item_id = ?2",
                       theme_id, item_id, &found, error))
    return FALSE;
  *out_has = found > 0;
  return TRUE;
}

gboolean
bs_catalogue_theme_has_item (BsCatalogue *self,
                             gint64       theme_id,
                             gint64       item_id)
{
  gboolean has = FALSE;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if (!theme_has_item (self, theme_id, item_id, &has, NULL))
    return FALSE;
  return has;
}

/* An item's name for a message; "" when it does not exist. */
static char *
dup_item_name (BsCatalogue *self,
               gint64       item_id)
{
  g_autoptr(BsItemSummary) item = bs_catalogue_get_item_summary (self, item_id, NULL);

  return g_strdup (item != NULL ? item->name : "");
}

gboolean
bs_catalogue_add_theme_item (BsCatalogue  *self,
                             gint64        theme_id,
                             gint64        item_id,
                             GError      **error)
{
  g_autoptr(BsTheme) theme = NULL;
  g_autoptr(BsItemSummary) item = NULL;
  gboolean has;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  theme = bs_catalogue_get_theme (self, theme_id, error);
  if (theme == NULL)
    return FALSE;
  item = bs_catalogue_get_item_summary (self, item_id, error);
  if (item == NULL)
    return FALSE;
  if (!theme_has_item (self, theme_id, item_id, &has, error))
    return FALSE;
  if (has)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("“%s” is already in “%s”"), item->name, theme->name);
      return FALSE;
    }

  return write_edit (self, _("Add Item to Theme"),
                     "INSERT INTO theme_item (theme_id, item_id, position)"
                     " VALUES (?1, ?2, (SELECT coalesce(max(position) + 1, 0) FROM theme_item"
                     "                  WHERE theme_id = ?1))",
                     theme_id, item_id, 0, error);
}

gboolean
bs_catalogue_remove_theme_item (BsCatalogue  *self,
                                gint64        theme_id,
                                gint64        item_id,
                                GError      **error)
{
  g_autoptr(BsTheme) theme = NULL;
  gboolean has;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  theme = bs_catalogue_get_theme (self, theme_id, error);
  if (theme == NULL)
    return FALSE;
  if (!theme_has_item (self, theme_id, item_id, &has, error))
    return FALSE;
  if (!has)
    {
      g_autofree char *item_name = dup_item_name (self, item_id);

      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                   _("“%s” is not an item of “%s”"), item_name, theme->name);
      return FALSE;
    }

  /* The schema cascades to the item's edges; the others keep their order. */
  return write_edit (self, _("Remove Item from Theme"),
                     "DELETE FROM theme_item WHERE theme_id = ?1 AND item_id = ?2",
                     theme_id, item_id, 0, error);
}

GPtrArray *
bs_catalogue_list_item_themes (BsCatalogue  *self,
                               gint64        item_id,
                               GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self,
                               "SELECT " THEME_COLUMNS " FROM theme t"
                               " JOIN theme_item ti ON ti.theme_id = t.id"
                               " WHERE ti.item_id = ?1"
                               " ORDER BY t.position, t.name, t.code",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  return collect_themes (self, stmt, error);
}

GArray *
bs_catalogue_list_theme_edges (BsCatalogue  *self,
                               gint64        theme_id,
                               GError      **error)
{
  g_autoptr(GArray) edges = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self,
                               "SELECT before_id, after_id FROM theme_edge WHERE theme_id = ?1"
                               " ORDER BY before_id, after_id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, theme_id);

  edges = g_array_new (FALSE, FALSE, sizeof (BsEdge));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BsEdge edge = {
        .before_id = sqlite3_column_int64 (stmt, 0),
        .after_id = sqlite3_column_int64 (stmt, 1),
      };

      g_array_append_val (edges, edge);
    }
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&edges);
}

static gboolean
theme_has_edge (BsCatalogue  *self,
                gint64        theme_id,
                gint64        before_id,
                gint64        after_id,
                gboolean     *out_has,
                GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *out_has = FALSE;
  stmt = bs_catalogue_prepare (self,
                               "SELECT 1 FROM theme_edge"
                               " WHERE theme_id = ?1 AND before_id = ?2 AND after_id = ?3",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, theme_id);
  sqlite3_bind_int64 (stmt, 2, before_id);
  sqlite3_bind_int64 (stmt, 3, after_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *out_has = (rc == SQLITE_ROW);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Refuses an end that is not an item of the theme. */
static gboolean
check_edge_end (BsCatalogue    *self,
                const BsTheme  *theme,
                gint64          item_id,
                GError        **error)
{
  g_autofree char *item_name = NULL;
  gboolean has;

  if (!theme_has_item (self, theme->id, item_id, &has, error))
    return FALSE;
  if (has)
    return TRUE;

  item_name = dup_item_name (self, item_id);
  if (item_name[0] == '\0')
    g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                         _("The item does not exist"));
  else
    g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                 _("“%s” is not an item of “%s”; add it to the theme first"),
                 item_name, theme->name);
  return FALSE;
}

gboolean
bs_catalogue_add_theme_edge (BsCatalogue  *self,
                             gint64        theme_id,
                             gint64        before_id,
                             gint64        after_id,
                             GError      **error)
{
  g_autoptr(BsTheme) theme = NULL;
  gboolean has;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  theme = bs_catalogue_get_theme (self, theme_id, error);
  if (theme == NULL)
    return FALSE;
  if (before_id == after_id)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                           _("An item cannot be its own prerequisite"));
      return FALSE;
    }
  if (!check_edge_end (self, theme, before_id, error) ||
      !check_edge_end (self, theme, after_id, error))
    return FALSE;
  if (!theme_has_edge (self, theme_id, before_id, after_id, &has, error))
    return FALSE;
  if (has)
    {
      g_autofree char *before_name = dup_item_name (self, before_id);
      g_autofree char *after_name = dup_item_name (self, after_id);

      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("“%s” is already a prerequisite of “%s”"), before_name, after_name);
      return FALSE;
    }

  return write_edit (self, _("Add Prerequisite"),
                     "INSERT INTO theme_edge (theme_id, before_id, after_id) VALUES (?1, ?2, ?3)",
                     theme_id, before_id, after_id, error);
}

gboolean
bs_catalogue_remove_theme_edge (BsCatalogue  *self,
                                gint64        theme_id,
                                gint64        before_id,
                                gint64        after_id,
                                GError      **error)
{
  g_autoptr(BsTheme) theme = NULL;
  gboolean has;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  theme = bs_catalogue_get_theme (self, theme_id, error);
  if (theme == NULL)
    return FALSE;
  if (!theme_has_edge (self, theme_id, before_id, after_id, &has, error))
    return FALSE;
  if (!has)
    {
      g_autofree char *before_name = dup_item_name (self, before_id);
      g_autofree char *after_name = dup_item_name (self, after_id);

      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                   _("“%s” is not a prerequisite of “%s”"), before_name, after_name);
      return FALSE;
    }

  return write_edit (self, _("Remove Prerequisite"),
                     "DELETE FROM theme_edge WHERE theme_id = ?1 AND before_id = ?2 AND after_id = ?3",
                     theme_id, before_id, after_id, error);
}
