/* bs-changes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bs-changes.h"

struct _BsChanges
{
  gatomicrefcount ref_count;
  BsChangeKind kind;
  char *label;
  GHashTable *rows[BS_N_TABLES]; /* gint64 rowid set, NULL until touched */
  GArray *sorted[BS_N_TABLES];   /* built on demand */
};

static const char *table_names[BS_N_TABLES] = {
  [BS_TABLE_META] = "catalogue_meta",
  [BS_TABLE_DEPARTMENT] = "department",
  [BS_TABLE_ITEM] = "item",
  [BS_TABLE_MATERIAL] = "material",
  [BS_TABLE_CATEGORY] = "category",
  [BS_TABLE_THEME] = "theme",
  [BS_TABLE_THEME_ITEM] = "theme_item",
  [BS_TABLE_THEME_EDGE] = "theme_edge",
  [BS_TABLE_QUESTION] = "question",
  [BS_TABLE_QUESTION_OPTION] = "question_option",
  [BS_TABLE_THEME_QUESTION] = "theme_question",
  [BS_TABLE_THEME_NOTE] = "theme_note",
  [BS_TABLE_THEME_QUESTION_WHEN] = "theme_question_when",
  [BS_TABLE_THEME_ITEM_WHEN] = "theme_item_when",
  [BS_TABLE_MATERIAL_WHEN] = "material_when",
  [BS_TABLE_THEME_NOTE_WHEN] = "theme_note_when",
  [BS_TABLE_PHASE] = "phase",
  [BS_TABLE_TASK] = "task",
  [BS_TABLE_TASK_ITEM] = "task_item",
  [BS_TABLE_DECISION] = "decision",
  [BS_TABLE_CHANNEL] = "channel",
  [BS_TABLE_RECORD] = "record",
};

G_DEFINE_BOXED_TYPE (BsChanges, bs_changes, bs_changes_ref, bs_changes_unref)

BsChanges *
bs_changes_new (BsChangeKind kind,
                const char  *label)
{
  BsChanges *self = g_new0 (BsChanges, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->label = g_strdup (label);
  return self;
}

BsChanges *
bs_changes_ref (BsChanges *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bs_changes_unref (BsChanges *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint i = 0; i < BS_N_TABLES; i++)
    {
      g_clear_pointer (&self->rows[i], g_hash_table_unref);
      g_clear_pointer (&self->sorted[i], g_array_unref);
    }
  g_free (self->label);
  g_free (self);
}

void
bs_changes_add (BsChanges *self,
                BsTable    table,
                gint64     rowid)
{
  gint64 *key;

  g_return_if_fail (table < BS_N_TABLES);

  if (self->rows[table] == NULL)
    self->rows[table] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (g_hash_table_contains (self->rows[table], &rowid))
    return;
  key = g_new (gint64, 1);
  *key = rowid;
  g_hash_table_add (self->rows[table], key);
  g_clear_pointer (&self->sorted[table], g_array_unref);
}

void
bs_changes_add_table (BsChanges *self,
                      BsTable    table)
{
  g_return_if_fail (table < BS_N_TABLES);

  if (self->rows[table] == NULL)
    {
      self->rows[table] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_clear_pointer (&self->sorted[table], g_array_unref);
    }
}

gboolean
bs_changes_is_empty (const BsChanges *self)
{
  for (guint i = 0; i < BS_N_TABLES; i++)
    if (self->rows[i] != NULL)
      return FALSE;
  return TRUE;
}

BsChangeKind
bs_changes_get_kind (const BsChanges *self)
{
  return self->kind;
}

const char *
bs_changes_get_label (const BsChanges *self)
{
  return self->label;
}

gboolean
bs_changes_has_table (const BsChanges *self,
                      BsTable          table)
{
  g_return_val_if_fail (table < BS_N_TABLES, FALSE);
  return self->rows[table] != NULL;
}

gboolean
bs_changes_has_row (const BsChanges *self,
                    BsTable          table,
                    gint64           rowid)
{
  g_return_val_if_fail (table < BS_N_TABLES, FALSE);
  return self->rows[table] != NULL && g_hash_table_contains (self->rows[table], &rowid);
}

static gint
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

const GArray *
bs_changes_get_rows (BsChanges *self,
                     BsTable    table)
{
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (table < BS_N_TABLES, NULL);

  if (self->sorted[table] != NULL)
    return self->sorted[table];

  self->sorted[table] = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (self->rows[table] == NULL)
    return self->sorted[table];
  g_hash_table_iter_init (&iter, self->rows[table]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (self->sorted[table], *(gint64 *) key);
  g_array_sort (self->sorted[table], compare_int64);
  return self->sorted[table];
}

const char *
bs_table_get_name (BsTable table)
{
  g_return_val_if_fail (table < BS_N_TABLES, NULL);
  return table_names[table];
}

gboolean
bs_table_from_name (const char *name,
                    BsTable    *out_table)
{
  for (guint i = 0; i < BS_N_TABLES; i++)
    if (g_strcmp0 (name, table_names[i]) == 0)
      {
        if (out_table != NULL)
          *out_table = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
bs_table_is_undoable (BsTable table)
{
  g_return_val_if_fail (table < BS_N_TABLES, FALSE);
  return table != BS_TABLE_CHANNEL && table != BS_TABLE_RECORD;
}
