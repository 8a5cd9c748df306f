/* bs-changes.h: what one commit, undo or redo changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The tables whose changes the catalogue reports. Undo and redo cover
 * the tables users edit, all but the handling records (channel and record,
 * bs-records.h): far too many rows for an undo history, and imported in
 * transactions of their own. The audit trail (bs-audit.h) is not among
 * them: it is never undone. */
typedef enum
{
  BS_TABLE_META,
  BS_TABLE_DEPARTMENT,
  BS_TABLE_ITEM,
  BS_TABLE_MATERIAL,
  BS_TABLE_CATEGORY,
  BS_TABLE_THEME,
  BS_TABLE_THEME_ITEM,
  BS_TABLE_THEME_EDGE,
  BS_TABLE_QUESTION,
  BS_TABLE_QUESTION_OPTION,
  BS_TABLE_THEME_QUESTION,
  BS_TABLE_THEME_NOTE,
  BS_TABLE_THEME_QUESTION_WHEN,
  BS_TABLE_THEME_ITEM_WHEN,
  BS_TABLE_MATERIAL_WHEN,
  BS_TABLE_THEME_NOTE_WHEN,
  /* The rollout */
  BS_TABLE_PHASE,
  BS_TABLE_TASK,
  BS_TABLE_TASK_ITEM,
  BS_TABLE_DECISION,
  /* The handling records: reported, never undone. Their changes name the
   * table without its rows (bs_changes_get_rows() is empty). */
  BS_TABLE_CHANNEL,
  BS_TABLE_RECORD,
  BS_N_TABLES
} BsTable;

typedef enum
{
  BS_CHANGE_EDIT,
  BS_CHANGE_UNDO,
  BS_CHANGE_REDO,
} BsChangeKind;

#define BS_TYPE_CHANGES (bs_changes_get_type ())
typedef struct _BsChanges BsChanges;

GType         bs_changes_get_type      (void) G_GNUC_CONST;
BsChanges    *bs_changes_new           (BsChangeKind  kind,
                                        const char   *label);
BsChanges    *bs_changes_ref           (BsChanges    *self);
void          bs_changes_unref         (BsChanges    *self);

void          bs_changes_add           (BsChanges    *self,
                                        BsTable       table,
                                        gint64        rowid);
/* Marks @table changed without naming rows (the handling records). */
void          bs_changes_add_table     (BsChanges    *self,
                                        BsTable       table);
gboolean      bs_changes_is_empty      (const BsChanges *self);
BsChangeKind  bs_changes_get_kind      (const BsChanges *self);
const char   *bs_changes_get_label     (const BsChanges *self);
gboolean      bs_changes_has_table     (const BsChanges *self,
                                        BsTable       table);
gboolean      bs_changes_has_row       (const BsChanges *self,
                                        BsTable       table,
                                        gint64        rowid);
/* The rowids touched in @table, sorted ascending (owned by @self). */
const GArray *bs_changes_get_rows      (BsChanges    *self,
                                        BsTable       table);

const char   *bs_table_get_name        (BsTable       table);
gboolean      bs_table_from_name       (const char   *name,
                                        BsTable      *out_table);
/* Whether undo and redo cover @table (all but channel and record). */
gboolean      bs_table_is_undoable     (BsTable       table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsChanges, bs_changes_unref)

G_END_DECLS
