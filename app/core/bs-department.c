/* bs-department.c: departments (机构), the owners of approval items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-department.h"
#include "bs-entity-private.h"

#define DEPARTMENT_COLUMNS "id, code, name, phone, address"

BsDepartment *
bs_department_new (const char *code,
                   const char *name)
{
  BsDepartment *self = g_new0 (BsDepartment, 1);

  self->code = g_strdup (code != NULL ? code : "");
  self->name = g_strdup (name != NULL ? name : "");
  self->phone = g_strdup ("");
  self->address = g_strdup ("");
  return self;
}

BsDepartment *
bs_department_copy (const BsDepartment *self)
{
  BsDepartment *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (BsDepartment, 1);
  copy->id = self->id;
  copy->code = g_strdup (self->code);
  copy->name = g_strdup (self->name);
  copy->phone = g_strdup (self->phone);
  copy->address = g_strdup (self->address);
  return copy;
}

void
bs_department_free (BsDepartment *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->name);
  g_free (self->phone);
  g_free (self->address);
  g_free (self);
}

static BsDepartment *
department_from_row (sqlite3_stmt *stmt)
{
  BsDepartment *self = g_new0 (BsDepartment, 1);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->code = bs_column_dup_text (stmt, 1);
  self->name = bs_column_dup_text (stmt, 2);
  self->phone = bs_column_dup_text (stmt, 3);
  self->address = bs_column_dup_text (stmt, 4);
  return self;
}

GPtrArray *
bs_catalogue_list_departments (BsCatalogue  *self,
                               GError      **error)
{
  g_autoptr(GPtrArray) departments = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self,
                               "SELECT " DEPARTMENT_COLUMNS " FROM department"
                               " ORDER BY name, code",
                               error);
  if (stmt == NULL)
    return NULL;

  departments = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_department_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (departments, department_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&departments);
}

BsDepartment *
bs_catalogue_get_department (BsCatalogue  *self,
                             gint64        id,
                             GError      **error)
{
  BsDepartment *department;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self,
                               "SELECT " DEPARTMENT_COLUMNS " FROM department WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_step_one (self, stmt, _("The department does not exist"), error))
    return NULL;
  department = department_from_row (stmt);
  sqlite3_reset (stmt);
  return department;
}

BsDepartment *
bs_catalogue_find_department (BsCatalogue  *self,
                              const char   *code,
                              GError      **error)
{
  BsDepartment *department = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (code == NULL)
    return NULL;
  stmt = bs_catalogue_prepare (self,
                               "SELECT " DEPARTMENT_COLUMNS " FROM department WHERE code = ?1",
                               error);
  if (stmt == NULL)
    return NULL;
  bs_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    department = department_from_row (stmt);
  else if (rc != SQLITE_DONE)
    bs_catalogue_set_error_from_db (self, error);
  sqlite3_reset (stmt);
  return department;
}

gint64
bs_catalogue_count_department_items (BsCatalogue *self,
                                     gint64       id)
{
  gint64 count = 0;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);

  if (!bs_query_int64 (self, "SELECT count(*) FROM item WHERE department_id = ?1",
                       id, 0, &count, NULL))
    return 0;
  return count;
}

/* Everything that can be checked before writing: the fields, and that no
 * other department has the code. */
static gboolean
check_department (BsCatalogue         *self,
                  const BsDepartment  *department,
                  GError             **error)
{
  gboolean taken;

  if (!bs_check_text (department->code, TRUE, _("A department needs a code"), error) ||
      !bs_check_text (department->name, FALSE, _("A department needs a name"), error) ||
      !bs_check_utf8 (department->phone, error) ||
      !bs_check_utf8 (department->address, error))
    return FALSE;

  if (!bs_code_is_taken (self, "SELECT 1 FROM department WHERE code = ?1 AND id <> ?2",
                         department->code, department->id, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("Another department already has the code “%s”"), department->code);
      return FALSE;
    }
  return TRUE;
}

static gboolean
bind_and_write (BsCatalogue         *self,
                const char          *sql,
                const BsDepartment  *department,
                GError             **error)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  bs_bind_text (stmt, 1, department->code);
  bs_bind_text (stmt, 2, department->name);
  bs_bind_text (stmt, 3, department->phone);
  bs_bind_text (stmt, 4, department->address);
  if (sqlite3_bind_parameter_count (stmt) >= 5)
    sqlite3_bind_int64 (stmt, 5, department->id);
  return bs_catalogue_step_done (self, stmt, error);
}

gint64
bs_catalogue_add_department (BsCatalogue         *self,
                             const BsDepartment  *department,
                             GError             **error)
{
  g_autoptr(BsDepartment) to_add = NULL;
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (department != NULL, 0);

  /* id 0 so that the code check looks at every row */
  to_add = bs_department_copy (department);
  to_add->id = 0;
  if (!check_department (self, to_add, error))
    return 0;

  if (!bs_catalogue_begin (self, _("Add Department"), error))
    return 0;
  if (!bind_and_write (self,
                       "INSERT INTO department (code, name, phone, address)"
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
bs_catalogue_update_department (BsCatalogue         *self,
                                const BsDepartment  *department,
                                GError             **error)
{
  g_autoptr(BsDepartment) stored = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (department != NULL, FALSE);

  stored = bs_catalogue_get_department (self, department->id, error);
  if (stored == NULL)
    return FALSE;
  /* Nothing to change is no edit: no undo step, no "changed" signal. */
  if (g_strcmp0 (stored->code, department->code) == 0 &&
      g_strcmp0 (stored->name, department->name) == 0 &&
      g_strcmp0 (stored->phone, department->phone) == 0 &&
      g_strcmp0 (stored->address, department->address) == 0)
    return TRUE;
  if (!check_department (self, department, error))
    return FALSE;

  if (!bs_catalogue_begin (self, _("Edit Department"), error))
    return FALSE;
  if (!bind_and_write (self,
                       "UPDATE department SET code = ?1, name = ?2, phone = ?3, address = ?4"
                       " WHERE id = ?5",
                       department, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

gboolean
bs_catalogue_remove_department (BsCatalogue  *self,
                                gint64        id,
                                GError      **error)
{
  g_autoptr(BsDepartment) stored = NULL;
  sqlite3_stmt *stmt;
  gint64 n_items;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  stored = bs_catalogue_get_department (self, id, error);
  if (stored == NULL)
    return FALSE;
  if (!bs_query_int64 (self, "SELECT count(*) FROM item WHERE department_id = ?1",
                       id, 0, &n_items, error))
    return FALSE;
  if (n_items > 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” still has %d item; move or delete it first",
                                "“%s” still has %d items; move or delete them first",
                                (gulong) n_items),
                   stored->name, (int) n_items);
      return FALSE;
    }

  if (!bs_catalogue_begin (self, _("Delete Department"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, "DELETE FROM department WHERE id = ?1", error);
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
