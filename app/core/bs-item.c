/* bs-item.c: approval items (审批事项) with the national element set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-entity-private.h"
#include "bs-item.h"

/* The schema's bounds (resources/sql/0001-initial.sql). */
#define LIMIT_MAX 3650
#define VISITS_MAX 99

#define ITEM_COLUMNS \
  "id, code, name, department_id, item_type, service_objects, legal_basis, conditions," \
  " legal_limit, legal_limit_unit, committed_limit, committed_limit_unit, handling, visits," \
  " fees, place, hours, phone, online_url, result_name"

#define SUMMARY_SELECT \
  "SELECT i.id, i.code, i.name, i.department_id, d.name" \
  " FROM item i JOIN department d ON d.id = i.department_id"

BsItem *
bs_item_new (const char *code,
             const char *name,
             gint64      department_id)
{
  BsItem *self = g_new0 (BsItem, 1);

  self->code = g_strdup (code != NULL ? code : "");
  self->name = g_strdup (name != NULL ? name : "");
  self->department_id = department_id;
  self->type = BS_ITEM_TYPE_LICENSING;
  self->service_objects = 0;
  self->legal_basis = g_strdup ("");
  self->conditions = g_strdup ("");
  self->legal_limit = -1;
  self->legal_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS;
  self->committed_limit = -1;
  self->committed_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS;
  self->handling = BS_HANDLING_COMMITTED;
  self->visits = -1;
  self->fees = g_strdup ("");
  self->place = g_strdup ("");
  self->hours = g_strdup ("");
  self->phone = g_strdup ("");
  self->online_url = g_strdup ("");
  self->result_name = g_strdup ("");
  return self;
}

BsItem *
bs_item_copy (const BsItem *self)
{
  BsItem *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (BsItem, 1);
  *copy = *self;
  copy->code = g_strdup (self->code);
  copy->name = g_strdup (self->name);
  copy->legal_basis = g_strdup (self->legal_basis);
  copy->conditions = g_strdup (self->conditions);
  copy->fees = g_strdup (self->fees);
  copy->place = g_strdup (self->place);
  copy->hours = g_strdup (self->hours);
  copy->phone = g_strdup (self->phone);
  copy->online_url = g_strdup (self->online_url);
  copy->result_name = g_strdup (self->result_name);
  return copy;
}

void
bs_item_free (BsItem *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->name);
  g_free (self->legal_basis);
  g_free (self->conditions);
  g_free (self->fees);
  g_free (self->place);
  g_free (self->hours);
  g_free (self->phone);
  g_free (self->online_url);
  g_free (self->result_name);
  g_free (self);
}

/* A limit or the visits: every negative value means unknown. */
static gboolean
optional_equal (int a,
                int b)
{
  return (a < 0 && b < 0) || a == b;
}

gboolean
bs_item_equal (const BsItem *a,
               const BsItem *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->id == b->id &&
         g_strcmp0 (a->code, b->code) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         a->department_id == b->department_id &&
         a->type == b->type &&
         a->service_objects == b->service_objects &&
         g_strcmp0 (a->legal_basis, b->legal_basis) == 0 &&
         g_strcmp0 (a->conditions, b->conditions) == 0 &&
         optional_equal (a->legal_limit, b->legal_limit) &&
         a->legal_limit_unit == b->legal_limit_unit &&
         optional_equal (a->committed_limit, b->committed_limit) &&
         a->committed_limit_unit == b->committed_limit_unit &&
         a->handling == b->handling &&
         optional_equal (a->visits, b->visits) &&
         g_strcmp0 (a->fees, b->fees) == 0 &&
         g_strcmp0 (a->place, b->place) == 0 &&
         g_strcmp0 (a->hours, b->hours) == 0 &&
         g_strcmp0 (a->phone, b->phone) == 0 &&
         g_strcmp0 (a->online_url, b->online_url) == 0 &&
         g_strcmp0 (a->result_name, b->result_name) == 0;
}

void
bs_item_summary_free (BsItemSummary *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->name);
  g_free (self->department_name);
  g_free (self);
}

static BsItem *
item_from_row (sqlite3_stmt *stmt)
{
  BsItem *self = g_new0 (BsItem, 1);

  /* The schema's CHECK constraints keep the enumerations valid; a value
   * this build does not know leaves the default. */
  self->id = sqlite3_column_int64 (stmt, 0);
  self->code = bs_column_dup_text (stmt, 1);
  self->name = bs_column_dup_text (stmt, 2);
  self->department_id = sqlite3_column_int64 (stmt, 3);
  if (!bs_item_type_from_string ((const char *) sqlite3_column_text (stmt, 4), &self->type))
    self->type = BS_ITEM_TYPE_LICENSING;
  self->service_objects = (guint) sqlite3_column_int (stmt, 5) & BS_SERVICE_OBJECT_ALL;
  self->legal_basis = bs_column_dup_text (stmt, 6);
  self->conditions = bs_column_dup_text (stmt, 7);
  self->legal_limit = bs_column_optional_int (stmt, 8);
  if (!bs_limit_unit_from_string ((const char *) sqlite3_column_text (stmt, 9), &self->legal_limit_unit))
    self->legal_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS;
  self->committed_limit = bs_column_optional_int (stmt, 10);
  if (!bs_limit_unit_from_string ((const char *) sqlite3_column_text (stmt, 11), &self->committed_limit_unit))
    self->committed_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS;
  if (!bs_handling_from_string ((const char *) sqlite3_column_text (stmt, 12), &self->handling))
    self->handling = BS_HANDLING_COMMITTED;
  self->visits = bs_column_optional_int (stmt, 13);
  self->fees = bs_column_dup_text (stmt, 14);
  self->place = bs_column_dup_text (stmt, 15);
  self->hours = bs_column_dup_text (stmt, 16);
  self->phone = bs_column_dup_text (stmt, 17);
  self->online_url = bs_column_dup_text (stmt, 18);
  self->result_name = bs_column_dup_text (stmt, 19);
  return self;
}

static BsItemSummary *
summary_from_row (sqlite3_stmt *stmt)
{
  BsItemSummary *self = g_new0 (BsItemSummary, 1);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->code = bs_column_dup_text (stmt, 1);
  self->name = bs_column_dup_text (stmt, 2);
  self->department_id = sqlite3_column_int64 (stmt, 3);
  self->department_name = bs_column_dup_text (stmt, 4);
  return self;
}

GPtrArray *
bs_catalogue_list_items (BsCatalogue  *self,
                         gint64        department_id,
                         GError      **error)
{
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (department_id > 0)
    {
      stmt = bs_catalogue_prepare (self,
                                   SUMMARY_SELECT " WHERE i.department_id = ?1"
                                   " ORDER BY i.name, i.code",
                                   error);
      if (stmt != NULL)
        sqlite3_bind_int64 (stmt, 1, department_id);
    }
  else
    {
      stmt = bs_catalogue_prepare (self, SUMMARY_SELECT " ORDER BY i.name, i.code", error);
    }
  if (stmt == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_item_summary_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, summary_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&items);
}

BsItemSummary *
bs_catalogue_get_item_summary (BsCatalogue  *self,
                               gint64        id,
                               GError      **error)
{
  BsItemSummary *summary;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, SUMMARY_SELECT " WHERE i.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_step_one (self, stmt, _("The item does not exist"), error))
    return NULL;
  summary = summary_from_row (stmt);
  sqlite3_reset (stmt);
  return summary;
}

BsItem *
bs_catalogue_get_item (BsCatalogue  *self,
                       gint64        id,
                       GError      **error)
{
  BsItem *item;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, "SELECT " ITEM_COLUMNS " FROM item WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_step_one (self, stmt, _("The item does not exist"), error))
    return NULL;
  item = item_from_row (stmt);
  sqlite3_reset (stmt);
  return item;
}

BsItem *
bs_catalogue_find_item (BsCatalogue  *self,
                        const char   *code,
                        GError      **error)
{
  BsItem *item = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (code == NULL)
    return NULL;
  stmt = bs_catalogue_prepare (self, "SELECT " ITEM_COLUMNS " FROM item WHERE code = ?1", error);
  if (stmt == NULL)
    return NULL;
  bs_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item = item_from_row (stmt);
  else if (rc != SQLITE_DONE)
    bs_catalogue_set_error_from_db (self, error);
  sqlite3_reset (stmt);
  return item;
}

/* Everything that can be checked before writing. */
static gboolean
check_item (BsCatalogue   *self,
            const BsItem  *item,
            GError       **error)
{
  const char *texts[] = {
    item->legal_basis, item->conditions, item->fees, item->place, item->hours,
    item->phone, item->online_url, item->result_name,
  };
  gint64 department_exists;
  gboolean taken;

  if (!bs_check_text (item->code, TRUE, _("An item needs a code"), error) ||
      !bs_check_text (item->name, FALSE, _("An item needs a name"), error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (!bs_check_utf8 (texts[i], error))
        return FALSE;
    }

  if ((guint) item->type >= BS_N_ITEM_TYPES ||
      (guint) item->legal_limit_unit >= BS_N_LIMIT_UNITS ||
      (guint) item->committed_limit_unit >= BS_N_LIMIT_UNITS ||
      (guint) item->handling >= BS_N_HANDLINGS ||
      (item->service_objects & ~(guint) BS_SERVICE_OBJECT_ALL) != 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("“%s” has an element value that Banshi does not know"), item->name);
      return FALSE;
    }
  if (item->legal_limit > LIMIT_MAX)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The statutory time limit can be at most %d days"), LIMIT_MAX);
      return FALSE;
    }
  if (item->committed_limit > LIMIT_MAX)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The committed time limit can be at most %d days"), LIMIT_MAX);
      return FALSE;
    }
  if (item->visits > VISITS_MAX)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The number of visits can be at most %d"), VISITS_MAX);
      return FALSE;
    }

  if (item->department_id <= 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("Choose the department that handles “%s”"), item->name);
      return FALSE;
    }
  if (!bs_query_int64 (self, "SELECT count(*) FROM department WHERE id = ?1",
                       item->department_id, 0, &department_exists, error))
    return FALSE;
  if (!department_exists)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("The department of “%s” does not exist"), item->name);
      return FALSE;
    }

  if (!bs_code_is_taken (self, "SELECT 1 FROM item WHERE code = ?1 AND id <> ?2",
                         item->code, item->id, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("Another item already has the code “%s”"), item->code);
      return FALSE;
    }
  return TRUE;
}

static gboolean
bind_and_write (BsCatalogue   *self,
                const char    *sql,
                const BsItem  *item,
                GError       **error)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  bs_bind_text (stmt, 1, item->code);
  bs_bind_text (stmt, 2, item->name);
  sqlite3_bind_int64 (stmt, 3, item->department_id);
  bs_bind_text (stmt, 4, bs_item_type_to_string (item->type));
  sqlite3_bind_int (stmt, 5, (int) item->service_objects);
  bs_bind_text (stmt, 6, item->legal_basis);
  bs_bind_text (stmt, 7, item->conditions);
  bs_bind_optional_int (stmt, 8, item->legal_limit);
  bs_bind_text (stmt, 9, bs_limit_unit_to_string (item->legal_limit_unit));
  bs_bind_optional_int (stmt, 10, item->committed_limit);
  bs_bind_text (stmt, 11, bs_limit_unit_to_string (item->committed_limit_unit));
  bs_bind_text (stmt, 12, bs_handling_to_string (item->handling));
  bs_bind_optional_int (stmt, 13, item->visits);
  bs_bind_text (stmt, 14, item->fees);
  bs_bind_text (stmt, 15, item->place);
  bs_bind_text (stmt, 16, item->hours);
  bs_bind_text (stmt, 17, item->phone);
  bs_bind_text (stmt, 18, item->online_url);
  bs_bind_text (stmt, 19, item->result_name);
  if (sqlite3_bind_parameter_count (stmt) >= 20)
    sqlite3_bind_int64 (stmt, 20, item->id);
  return bs_catalogue_step_done (self, stmt, error);
}

gint64
bs_catalogue_add_item (BsCatalogue   *self,
                       const BsItem  *item,
                       GError       **error)
{
  g_autoptr(BsItem) to_add = NULL;
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (item != NULL, 0);

  to_add = bs_item_copy (item);
  to_add->id = 0;
  if (!check_item (self, to_add, error))
    return 0;

  if (!bs_catalogue_begin (self, _("Add Item"), error))
    return 0;
  if (!bind_and_write (self,
                       "INSERT INTO item (code, name, department_id, item_type, service_objects,"
                       " legal_basis, conditions, legal_limit, legal_limit_unit, committed_limit,"
                       " committed_limit_unit, handling, visits, fees, place, hours, phone,"
                       " online_url, result_name)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                       " ?15, ?16, ?17, ?18, ?19)",
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
bs_catalogue_update_item (BsCatalogue   *self,
                          const BsItem  *item,
                          GError       **error)
{
  g_autoptr(BsItem) stored = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  stored = bs_catalogue_get_item (self, item->id, error);
  if (stored == NULL)
    return FALSE;
  /* Nothing to change is no edit: no undo step, no "changed" signal. */
  if (bs_item_equal (stored, item))
    return TRUE;
  if (!check_item (self, item, error))
    return FALSE;

  if (!bs_catalogue_begin (self, _("Edit Item"), error))
    return FALSE;
  if (!bind_and_write (self,
                       "UPDATE item SET code = ?1, name = ?2, department_id = ?3, item_type = ?4,"
                       " service_objects = ?5, legal_basis = ?6, conditions = ?7, legal_limit = ?8,"
                       " legal_limit_unit = ?9, committed_limit = ?10, committed_limit_unit = ?11,"
                       " handling = ?12, visits = ?13, fees = ?14, place = ?15, hours = ?16,"
                       " phone = ?17, online_url = ?18, result_name = ?19"
                       " WHERE id = ?20",
                       item, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

gboolean
bs_catalogue_remove_item (BsCatalogue  *self,
                          gint64        id,
                          GError      **error)
{
  g_autoptr(BsItemSummary) stored = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  stored = bs_catalogue_get_item_summary (self, id, error);
  if (stored == NULL)
    return FALSE;

  /* The schema cascades to the materials, the theme lists and the edges. */
  if (!bs_catalogue_begin (self, _("Delete Item"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, "DELETE FROM item WHERE id = ?1", error);
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
