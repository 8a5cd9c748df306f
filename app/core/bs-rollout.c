/* bs-rollout.c: phases, tasks, decisions, their timing and the scorecard,
 * and the proposal of phases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bs-entity-private.h"
#include "bs-item.h"
#include "bs-rollout.h"
#include "bs-theme-flow.h"

/* ------------------------------------------------------------------ */
/* Enumerations */

static const char * const status_strings[BS_N_TASK_STATUSES] = {
  "not-started", "in-progress", "submitted", "accepted",
};

static const char * const status_labels[BS_N_TASK_STATUSES] = {
  N_("Not started"), N_("In progress"), N_("Submitted"), N_("Accepted"),
};

static const char * const kind_strings[BS_N_DECISION_KINDS] = {
  "reward", "commendation", "reminder", "warning", "accountability",
};

static const char * const kind_labels[BS_N_DECISION_KINDS] = {
  N_("Reward"), N_("Commendation"), N_("Reminder"), N_("Warning"), N_("Accountability"),
};

static const char * const timing_strings[BS_N_TASK_TIMINGS] = {
  "open", "due-soon", "overdue", "on-time", "late",
};

static const char * const timing_labels[BS_N_TASK_TIMINGS] = {
  N_("Open"), N_("Due soon"), N_("Overdue"), N_("Done on time"), N_("Done late"),
};

const char *
bs_task_status_to_string (BsTaskStatus status)
{
  g_return_val_if_fail (status < BS_N_TASK_STATUSES, NULL);
  return status_strings[status];
}

gboolean
bs_task_status_from_string (const char   *text,
                            BsTaskStatus *out_status)
{
  for (guint i = 0; i < BS_N_TASK_STATUSES; i++)
    if (g_strcmp0 (text, status_strings[i]) == 0)
      {
        *out_status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
bs_task_status_get_label (BsTaskStatus status)
{
  g_return_val_if_fail (status < BS_N_TASK_STATUSES, NULL);
  return _(status_labels[status]);
}

const char *
bs_decision_kind_to_string (BsDecisionKind kind)
{
  g_return_val_if_fail (kind < BS_N_DECISION_KINDS, NULL);
  return kind_strings[kind];
}

gboolean
bs_decision_kind_from_string (const char     *text,
                              BsDecisionKind *out_kind)
{
  for (guint i = 0; i < BS_N_DECISION_KINDS; i++)
    if (g_strcmp0 (text, kind_strings[i]) == 0)
      {
        *out_kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
bs_decision_kind_get_label (BsDecisionKind kind)
{
  g_return_val_if_fail (kind < BS_N_DECISION_KINDS, NULL);
  return _(kind_labels[kind]);
}

const char *
bs_task_timing_state_to_string (BsTaskTimingState state)
{
  g_return_val_if_fail (state < BS_N_TASK_TIMINGS, NULL);
  return timing_strings[state];
}

const char *
bs_task_timing_state_get_label (BsTaskTimingState state)
{
  g_return_val_if_fail (state < BS_N_TASK_TIMINGS, NULL);
  return _(timing_labels[state]);
}

/* ------------------------------------------------------------------ */
/* Helpers */

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

static BsDate
column_date (sqlite3_stmt *stmt,
             int           column)
{
  BsDate date = BS_DATE_NONE;

  if (sqlite3_column_type (stmt, column) != SQLITE_NULL &&
      !bs_date_parse ((const char *) sqlite3_column_text (stmt, column), &date))
    date = BS_DATE_NONE;
  return date;
}

static gboolean
check_optional_code (BsCatalogue  *self,
                     const char   *code,
                     const char   *taken_sql,
                     gint64        except_id,
                     GError      **error)
{
  gboolean taken;

  if (code == NULL || code[0] == '\0')
    return TRUE;
  if (!bs_check_text (code, TRUE, _("A code cannot be empty"), error) ||
      !bs_code_is_taken (self, taken_sql, code, except_id, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("The code “%s” is already used; choose another or leave it empty"), code);
      return FALSE;
    }
  return TRUE;
}

/* The code to store: @code, or the prefix and the next free number. */
static char *
make_code (BsCatalogue  *self,
           const char   *code,
           const char   *table,
           const char   *prefix,
           int           width,
           GError      **error)
{
  g_autofree char *sql = NULL;
  gint64 next;

  if (code != NULL && code[0] != '\0')
    return g_strdup (code);
  /* The largest number after the prefix among codes made so; @table and
   * @prefix are this file's constants. */
  sql = g_strdup_printf ("SELECT coalesce (max (CAST (substr (code, %d) AS INTEGER)), 0) + 1 "
                         "FROM %s WHERE code GLOB '%s[0-9]*' AND substr (code, %d) NOT GLOB '*[^0-9]*'",
                         (int) strlen (prefix) + 1, table, prefix, (int) strlen (prefix) + 1);
  if (!bs_query_int64 (self, sql, 0, 0, &next, error))
    return NULL;
  return g_strdup_printf ("%s%0*" G_GINT64_FORMAT, prefix, width, next);
}

static gboolean
exists (BsCatalogue  *self,
        const char   *sql,
        gint64        id,
        const char   *missing_message,
        GError      **error)
{
  gint64 found;

  if (!bs_query_int64 (self, sql, id, 0, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND, missing_message);
      return FALSE;
    }
  return TRUE;
}

/* Renumbers @table's positions in the order of @ids. */
static gboolean
renumber (BsCatalogue  *self,
          const char   *sql,
          GArray       *ids,
          GError      **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_stmt *stmt = bs_catalogue_prepare (self, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, (int) i);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!bs_catalogue_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static GArray *
list_ids (BsCatalogue  *self,
          const char   *sql,
          GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = bs_catalogue_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* ------------------------------------------------------------------ */
/* Phases */

#define PHASE_COLUMNS "id, code, name, position, start_date, end_date"
#define PHASE_CODE_TAKEN "SELECT 1 FROM phase WHERE code = ?1 AND id <> ?2"
#define RENUMBER_PHASE "UPDATE phase SET position = ?1 WHERE id = ?2 AND position IS NOT ?1"
#define LIST_PHASE_IDS "SELECT id FROM phase ORDER BY position, id"

BsPhase *
bs_phase_new (const char *code,
              const char *name)
{
  BsPhase *self = g_new0 (BsPhase, 1);

  self->code = g_strdup (code != NULL ? code : "");
  self->name = g_strdup (name != NULL ? name : "");
  return self;
}

BsPhase *
bs_phase_copy (const BsPhase *self)
{
  BsPhase *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (BsPhase, 1);
  *copy = *self;
  copy->code = g_strdup (self->code);
  copy->name = g_strdup (self->name);
  return copy;
}

void
bs_phase_free (BsPhase *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->name);
  g_free (self);
}

static BsPhase *
phase_from_row (sqlite3_stmt *stmt)
{
  BsPhase *self = g_new0 (BsPhase, 1);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->code = bs_column_dup_text (stmt, 1);
  self->name = bs_column_dup_text (stmt, 2);
  self->position = sqlite3_column_int (stmt, 3);
  self->start = column_date (stmt, 4);
  self->end = column_date (stmt, 5);
  return self;
}

GPtrArray *
bs_catalogue_list_phases (BsCatalogue  *self,
                          GError      **error)
{
  g_autoptr(GPtrArray) phases = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, "SELECT " PHASE_COLUMNS " FROM phase ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;
  phases = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_phase_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (phases, phase_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      return NULL;
    }
  return g_steal_pointer (&phases);
}

BsPhase *
bs_catalogue_get_phase (BsCatalogue  *self,
                        gint64        id,
                        GError      **error)
{
  BsPhase *phase;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, "SELECT " PHASE_COLUMNS " FROM phase WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_step_one (self, stmt, _("The phase does not exist"), error))
    return NULL;
  phase = phase_from_row (stmt);
  sqlite3_reset (stmt);
  return phase;
}

BsPhase *
bs_catalogue_find_phase (BsCatalogue  *self,
                         const char   *code,
                         GError      **error)
{
  BsPhase *phase = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (code == NULL)
    return NULL;
  stmt = bs_catalogue_prepare (self, "SELECT " PHASE_COLUMNS " FROM phase WHERE code = ?1", error);
  if (stmt == NULL)
    return NULL;
  bs_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    phase = phase_from_row (stmt);
  else if (rc != SQLITE_DONE)
    bs_catalogue_set_error_from_db (self, error);
  sqlite3_reset (stmt);
  return phase;
}

static gboolean
check_phase (const BsPhase  *phase,
             GError        **error)
{
  if (!bs_check_text (phase->name, FALSE, _("A phase needs a name"), error))
    return FALSE;
  if (phase->start != BS_DATE_NONE && phase->end != BS_DATE_NONE && phase->end < phase->start)
    {
      char start[BS_DATE_ISO_SIZE], end[BS_DATE_ISO_SIZE];

      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The phase ends (%s) before it starts (%s); correct one of the dates"),
                   bs_date_format (phase->end, end), bs_date_format (phase->start, start));
      return FALSE;
    }
  return TRUE;
}

gint64
bs_catalogue_add_phase (BsCatalogue    *self,
                        const BsPhase  *phase,
                        GError        **error)
{
  g_autofree char *code = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (phase != NULL, 0);

  if (!check_phase (phase, error) ||
      !check_optional_code (self, phase->code, PHASE_CODE_TAKEN, 0, error))
    return 0;
  if (!bs_catalogue_begin (self, _("Add Phase"), error))
    return 0;
  if ((code = make_code (self, phase->code, "phase", "P", 1, error)) == NULL ||
      (stmt = bs_catalogue_prepare (self,
                                    "INSERT INTO phase (code, name, position, start_date, end_date) "
                                    "VALUES (?1, ?2, (SELECT coalesce (max (position) + 1, 0) FROM phase), "
                                    "?3, ?4)",
                                    error)) == NULL)
    goto failed;
  bs_bind_text (stmt, 1, code);
  bs_bind_text (stmt, 2, phase->name);
  bind_date (stmt, 3, phase->start);
  bind_date (stmt, 4, phase->end);
  if (!bs_catalogue_step_done (self, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (bs_catalogue_get_db (self));
  if (!bs_catalogue_commit (self, error))
    return 0;
  return id;

failed:
  bs_catalogue_rollback (self);
  return 0;
}

gboolean
bs_catalogue_update_phase (BsCatalogue    *self,
                           const BsPhase  *phase,
                           GError        **error)
{
  g_autoptr(BsPhase) stored = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (phase != NULL, FALSE);

  if ((stored = bs_catalogue_get_phase (self, phase->id, error)) == NULL || !check_phase (phase, error))
    return FALSE;
  if (g_strcmp0 (stored->name, phase->name) == 0 && stored->start == phase->start &&
      stored->end == phase->end)
    return TRUE;
  if (!bs_catalogue_begin (self, _("Edit Phase"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self,
                               "UPDATE phase SET name = ?1, start_date = ?2, end_date = ?3 WHERE id = ?4",
                               error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  bs_bind_text (stmt, 1, phase->name);
  bind_date (stmt, 2, phase->start);
  bind_date (stmt, 3, phase->end);
  sqlite3_bind_int64 (stmt, 4, phase->id);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

gboolean
bs_catalogue_move_phase (BsCatalogue  *self,
                         gint64        id,
                         int           position,
                         GError      **error)
{
  g_autoptr(BsPhase) stored = NULL;
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if (position < 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("A phase cannot move to position %d"), position);
      return FALSE;
    }
  if ((stored = bs_catalogue_get_phase (self, id, error)) == NULL ||
      (ids = list_ids (self, LIST_PHASE_IDS, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      {
        g_array_remove_index (ids, i);
        break;
      }
  g_array_insert_val (ids, MIN ((guint) position, ids->len), id);
  if (!bs_catalogue_begin (self, _("Move Phase"), error))
    return FALSE;
  if (!renumber (self, RENUMBER_PHASE, ids, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

gboolean
bs_catalogue_remove_phase (BsCatalogue  *self,
                           gint64        id,
                           GError      **error)
{
  g_autoptr(BsPhase) stored = NULL;
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;
  gint64 n_tasks;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if ((stored = bs_catalogue_get_phase (self, id, error)) == NULL ||
      !bs_query_int64 (self, "SELECT count(*) FROM task WHERE phase_id = ?1", id, 0, &n_tasks, error))
    return FALSE;
  if (n_tasks > 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” still has %d task; move it to another phase or delete it first",
                                "“%s” still has %d tasks; move them to another phase or delete them first",
                                (gulong) n_tasks),
                   stored->name, (int) n_tasks);
      return FALSE;
    }
  if (!bs_catalogue_begin (self, _("Delete Phase"), error))
    return FALSE;
  if ((stmt = bs_catalogue_prepare (self, "DELETE FROM phase WHERE id = ?1", error)) == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_catalogue_step_done (self, stmt, error) ||
      (ids = list_ids (self, LIST_PHASE_IDS, error)) == NULL ||
      !renumber (self, RENUMBER_PHASE, ids, error))
    goto failed;
  return bs_catalogue_commit (self, error);

failed:
  bs_catalogue_rollback (self);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Tasks */

#define TASK_COLUMNS \
  "t.id, t.code, t.phase_id, t.department_id, coalesce (t.theme_id, 0), t.deliverable, " \
  "t.responsible, t.start_date, t.due_date, t.status, t.completed_date, t.notes"
#define TASK_ORDER \
  " ORDER BY p.position, p.id, t.due_date, d.code, t.code"
#define TASK_FROM \
  " FROM task AS t JOIN phase AS p ON p.id = t.phase_id JOIN department AS d ON d.id = t.department_id"
#define TASK_CODE_TAKEN "SELECT 1 FROM task WHERE code = ?1 AND id <> ?2"

BsTask *
bs_task_new (gint64      phase_id,
             gint64      department_id,
             const char *deliverable,
             BsDate      due)
{
  BsTask *self = g_new0 (BsTask, 1);

  self->code = g_strdup ("");
  self->phase_id = phase_id;
  self->department_id = department_id;
  self->item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->deliverable = g_strdup (deliverable != NULL ? deliverable : "");
  self->responsible = g_strdup ("");
  self->due = due;
  self->notes = g_strdup ("");
  return self;
}

BsTask *
bs_task_copy (const BsTask *self)
{
  BsTask *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (BsTask, 1);
  *copy = *self;
  copy->code = g_strdup (self->code);
  copy->item_ids = g_array_copy (self->item_ids);
  copy->deliverable = g_strdup (self->deliverable);
  copy->responsible = g_strdup (self->responsible);
  copy->notes = g_strdup (self->notes);
  return copy;
}

void
bs_task_free (BsTask *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_clear_pointer (&self->item_ids, g_array_unref);
  g_free (self->deliverable);
  g_free (self->responsible);
  g_free (self->notes);
  g_free (self);
}

static BsTask *
task_from_row (sqlite3_stmt *stmt)
{
  BsTask *self = g_new0 (BsTask, 1);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->code = bs_column_dup_text (stmt, 1);
  self->phase_id = sqlite3_column_int64 (stmt, 2);
  self->department_id = sqlite3_column_int64 (stmt, 3);
  self->theme_id = sqlite3_column_int64 (stmt, 4);
  self->item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->deliverable = bs_column_dup_text (stmt, 5);
  self->responsible = bs_column_dup_text (stmt, 6);
  self->start = column_date (stmt, 7);
  self->due = column_date (stmt, 8);
  if (!bs_task_status_from_string ((const char *) sqlite3_column_text (stmt, 9), &self->status))
    self->status = BS_TASK_STATUS_NOT_STARTED;
  self->completed = column_date (stmt, 10);
  self->notes = bs_column_dup_text (stmt, 11);
  return self;
}

/* Fills the item lists of @tasks (all tasks, or the one task @task_id). */
static gboolean
load_task_items (BsCatalogue  *self,
                 GPtrArray    *tasks,
                 gint64        task_id,
                 GError      **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < tasks->len; i++)
    {
      BsTask *task = g_ptr_array_index (tasks, i);

      g_hash_table_insert (by_id, &task->id, task);
    }
  if (task_id > 0)
    stmt = bs_catalogue_prepare (self,
                                 "SELECT ti.task_id, ti.item_id FROM task_item AS ti "
                                 "JOIN item AS i ON i.id = ti.item_id WHERE ti.task_id = ?1 ORDER BY i.code",
                                 error);
  else
    stmt = bs_catalogue_prepare (self,
                                 "SELECT ti.task_id, ti.item_id FROM task_item AS ti "
                                 "JOIN item AS i ON i.id = ti.item_id ORDER BY ti.task_id, i.code",
                                 error);
  if (stmt == NULL)
    return FALSE;
  if (task_id > 0)
    sqlite3_bind_int64 (stmt, 1, task_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 owner = sqlite3_column_int64 (stmt, 0);
      gint64 item = sqlite3_column_int64 (stmt, 1);
      BsTask *task = g_hash_table_lookup (by_id, &owner);

      if (task != NULL)
        g_array_append_val (task->item_ids, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
bs_catalogue_list_tasks (BsCatalogue  *self,
                         gint64        phase_id,
                         gint64        department_id,
                         GError      **error)
{
  g_autoptr(GPtrArray) tasks = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self,
                               "SELECT " TASK_COLUMNS TASK_FROM
                               " WHERE (?1 = 0 OR t.phase_id = ?1) AND (?2 = 0 OR t.department_id = ?2)"
                               TASK_ORDER,
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, MAX (phase_id, 0));
  sqlite3_bind_int64 (stmt, 2, MAX (department_id, 0));
  tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_task_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tasks, task_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      return NULL;
    }
  if (tasks->len > 0 && !load_task_items (self, tasks, 0, error))
    return NULL;
  return g_steal_pointer (&tasks);
}

static BsTask *
get_task_by (BsCatalogue  *self,
             const char   *sql,
             gint64        id,
             const char   *code,
             gboolean      missing_is_error,
             GError      **error)
{
  g_autoptr(GPtrArray) one = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = bs_catalogue_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  if (code != NULL)
    bs_bind_text (stmt, 1, code);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        bs_catalogue_set_error_from_db (self, error);
      else if (missing_is_error)
        g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                             _("The task does not exist"));
      sqlite3_reset (stmt);
      return NULL;
    }
  one = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_task_free);
  g_ptr_array_add (one, task_from_row (stmt));
  sqlite3_reset (stmt);
  if (!load_task_items (self, one, ((BsTask *) one->pdata[0])->id, error))
    return NULL;
  return g_ptr_array_steal_index (one, 0);
}

BsTask *
bs_catalogue_get_task (BsCatalogue  *self,
                       gint64        id,
                       GError      **error)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  return get_task_by (self, "SELECT " TASK_COLUMNS " FROM task AS t WHERE t.id = ?1", id, NULL, TRUE, error);
}

BsTask *
bs_catalogue_find_task (BsCatalogue  *self,
                        const char   *code,
                        GError      **error)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (code == NULL)
    return NULL;
  return get_task_by (self, "SELECT " TASK_COLUMNS " FROM task AS t WHERE t.code = ?1", 0, code, FALSE, error);
}

/* Checks @task as it will be stored (@stored: what it replaces, or NULL). */
static gboolean
check_task (BsCatalogue   *self,
            const BsTask  *task,
            const BsTask  *stored,
            BsDate         today,
            GError       **error)
{
  char a[BS_DATE_ISO_SIZE], b[BS_DATE_ISO_SIZE];

  if (!bs_check_text (task->deliverable, FALSE, _("A task needs a deliverable: say what the department delivers"), error) ||
      !bs_check_utf8 (task->responsible, error) ||
      !bs_check_utf8 (task->notes, error))
    return FALSE;
  if (task->status >= BS_N_TASK_STATUSES)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("Unknown task status %d"), (int) task->status);
      return FALSE;
    }
  if (task->due == BS_DATE_NONE)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                           _("A task needs a due date"));
      return FALSE;
    }
  if (task->start != BS_DATE_NONE && task->due < task->start)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The task is due (%s) before it starts (%s); correct one of the dates"),
                   bs_date_format (task->due, a), bs_date_format (task->start, b));
      return FALSE;
    }
  if (task->status != BS_TASK_STATUS_ACCEPTED && task->completed != BS_DATE_NONE)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                           _("Only an accepted task has a completion date; clear the date, or set "
                             "the status to accepted"));
      return FALSE;
    }
  if (task->completed != BS_DATE_NONE && task->completed > today &&
      (stored == NULL || stored->completed != task->completed))
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The completion date %s is after today (%s); a task is accepted on the day it "
                     "is done"),
                   bs_date_format (task->completed, a), bs_date_format (today, b));
      return FALSE;
    }
  if (task->completed != BS_DATE_NONE && task->start != BS_DATE_NONE && task->completed < task->start)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The task is accepted (%s) before it starts (%s); correct one of the dates"),
                   bs_date_format (task->completed, a), bs_date_format (task->start, b));
      return FALSE;
    }
  if (!exists (self, "SELECT count(*) FROM phase WHERE id = ?1", task->phase_id,
               _("The phase does not exist"), error) ||
      !exists (self, "SELECT count(*) FROM department WHERE id = ?1", task->department_id,
               _("The department does not exist"), error))
    return FALSE;
  if (task->theme_id > 0 &&
      !exists (self, "SELECT count(*) FROM theme WHERE id = ?1", task->theme_id,
               _("The theme does not exist"), error))
    return FALSE;

  for (guint i = 0; task->item_ids != NULL && i < task->item_ids->len; i++)
    {
      gint64 item_id = g_array_index (task->item_ids, gint64, i);
      g_autoptr(BsItemSummary) item = NULL;
      gboolean was_there = FALSE;

      for (guint j = 0; j < i; j++)
        if (g_array_index (task->item_ids, gint64, j) == item_id)
          {
            g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                                 _("An item is listed twice in the task"));
            return FALSE;
          }
      if ((item = bs_catalogue_get_item_summary (self, item_id, error)) == NULL)
        return FALSE;
      for (guint j = 0; stored != NULL && j < stored->item_ids->len; j++)
        was_there |= g_array_index (stored->item_ids, gint64, j) == item_id;
      /* Items moved to another department since stay; new ones must be
       * the department's. */
      if (!was_there && item->department_id != task->department_id)
        {
          g_autofree char *department = NULL;
          sqlite3_stmt *stmt = bs_catalogue_prepare (self, "SELECT name FROM department WHERE id = ?1", NULL);

          if (stmt != NULL)
            {
              sqlite3_bind_int64 (stmt, 1, task->department_id);
              if (sqlite3_step (stmt) == SQLITE_ROW)
                department = bs_column_dup_text (stmt, 0);
              sqlite3_reset (stmt);
            }
          g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                       _("“%s” is an item of %s, not of %s: a task covers its own department’s items"),
                       item->name, item->department_name, department != NULL ? department : "?");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_task_items (BsCatalogue   *self,
                  const BsTask  *task,
                  gint64         id,
                  GError       **error)
{
  sqlite3_stmt *stmt;

  /* Only the differences, so that the audit trail names them alone. */
  stmt = bs_catalogue_prepare (self,
                               "DELETE FROM task_item WHERE task_id = ?1 AND item_id NOT IN "
                               "(SELECT value FROM json_each (?2))",
                               error);
  if (stmt == NULL)
    return FALSE;
  {
    g_autoptr(GString) ids = g_string_new ("[");

    for (guint i = 0; i < task->item_ids->len; i++)
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "",
                              g_array_index (task->item_ids, gint64, i));
    g_string_append_c (ids, ']');
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_text (stmt, 2, ids->str, -1, SQLITE_TRANSIENT);
    if (!bs_catalogue_step_done (self, stmt, error))
      return FALSE;
  }
  for (guint i = 0; i < task->item_ids->len; i++)
    {
      stmt = bs_catalogue_prepare (self,
                                   "INSERT INTO task_item (task_id, item_id) VALUES (?1, ?2) "
                                   "ON CONFLICT DO NOTHING",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (task->item_ids, gint64, i));
      if (!bs_catalogue_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_task (sqlite3_stmt *stmt,
           const BsTask *task)
{
  bs_bind_text (stmt, 1, task->code);
  sqlite3_bind_int64 (stmt, 2, task->phase_id);
  sqlite3_bind_int64 (stmt, 3, task->department_id);
  bs_bind_optional_id (stmt, 4, task->theme_id);
  bs_bind_text (stmt, 5, task->deliverable);
  bs_bind_text (stmt, 6, task->responsible);
  bind_date (stmt, 7, task->start);
  bind_date (stmt, 8, task->due);
  bs_bind_text (stmt, 9, bs_task_status_to_string (task->status));
  bind_date (stmt, 10, task->completed);
  bs_bind_text (stmt, 11, task->notes);
}

gint64
bs_catalogue_add_task (BsCatalogue   *self,
                       const BsTask  *task,
                       GError       **error)
{
  g_autoptr(BsTask) wanted = NULL;
  BsDate today;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (task != NULL, 0);

  today = bs_catalogue_get_today (self);
  wanted = bs_task_copy (task);
  if (wanted->item_ids == NULL)
    wanted->item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (wanted->status == BS_TASK_STATUS_ACCEPTED && wanted->completed == BS_DATE_NONE)
    wanted->completed = today;
  if (!check_task (self, wanted, NULL, today, error) ||
      !check_optional_code (self, wanted->code, TASK_CODE_TAKEN, 0, error))
    return 0;
  if (!bs_catalogue_begin (self, _("Add Task"), error))
    return 0;
  g_free (wanted->code);
  if ((wanted->code = make_code (self, task->code, "task", "T", 3, error)) == NULL ||
      (stmt = bs_catalogue_prepare (self,
                                    "INSERT INTO task (code, phase_id, department_id, theme_id, deliverable, "
                                    "responsible, start_date, due_date, status, completed_date, notes) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                    error)) == NULL)
    goto failed;
  bind_task (stmt, wanted);
  if (!bs_catalogue_step_done (self, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (bs_catalogue_get_db (self));
  if (!write_task_items (self, wanted, id, error))
    goto failed;
  if (!bs_catalogue_commit (self, error))
    return 0;
  return id;

failed:
  bs_catalogue_rollback (self);
  return 0;
}

static gboolean
same_items (const GArray *a,
            const GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < b->len && !found; j++)
        found = g_array_index (a, gint64, i) == g_array_index (b, gint64, j);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static gboolean
store_task (BsCatalogue   *self,
            const BsTask  *task,
            const char    *label,
            GError       **error)
{
  g_autoptr(BsTask) stored = NULL;
  g_autoptr(BsTask) wanted = NULL;
  BsDate today;
  sqlite3_stmt *stmt;

  if ((stored = bs_catalogue_get_task (self, task->id, error)) == NULL)
    return FALSE;
  today = bs_catalogue_get_today (self);
  wanted = bs_task_copy (task);
  g_free (wanted->code);
  wanted->code = g_strdup (stored->code);
  if (wanted->item_ids == NULL)
    wanted->item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (wanted->status == BS_TASK_STATUS_ACCEPTED && wanted->completed == BS_DATE_NONE)
    wanted->completed = today;
  if (!check_task (self, wanted, stored, today, error))
    return FALSE;
  if (stored->phase_id == wanted->phase_id && stored->department_id == wanted->department_id &&
      stored->theme_id == MAX (wanted->theme_id, 0) &&
      g_strcmp0 (stored->deliverable, wanted->deliverable) == 0 &&
      g_strcmp0 (stored->responsible, wanted->responsible) == 0 &&
      stored->start == wanted->start && stored->due == wanted->due &&
      stored->status == wanted->status && stored->completed == wanted->completed &&
      g_strcmp0 (stored->notes, wanted->notes) == 0 &&
      same_items (stored->item_ids, wanted->item_ids))
    return TRUE;

  if (!bs_catalogue_begin (self, label, error))
    return FALSE;
  stmt = bs_catalogue_prepare (self,
                               "UPDATE task SET code = ?1, phase_id = ?2, department_id = ?3, theme_id = ?4, "
                               "deliverable = ?5, responsible = ?6, start_date = ?7, due_date = ?8, "
                               "status = ?9, completed_date = ?10, notes = ?11 WHERE id = ?12",
                               error);
  if (stmt == NULL)
    goto failed;
  bind_task (stmt, wanted);
  sqlite3_bind_int64 (stmt, 12, wanted->id);
  if (!bs_catalogue_step_done (self, stmt, error) ||
      !write_task_items (self, wanted, wanted->id, error))
    goto failed;
  return bs_catalogue_commit (self, error);

failed:
  bs_catalogue_rollback (self);
  return FALSE;
}

gboolean
bs_catalogue_update_task (BsCatalogue   *self,
                          const BsTask  *task,
                          GError       **error)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (task != NULL, FALSE);

  return store_task (self, task, _("Edit Task"), error);
}

gboolean
bs_catalogue_set_task_status (BsCatalogue   *self,
                              gint64         id,
                              BsTaskStatus   status,
                              BsDate         completed,
                              GError       **error)
{
  g_autoptr(BsTask) task = NULL;
  const char *label;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if ((task = bs_catalogue_get_task (self, id, error)) == NULL)
    return FALSE;
  if (status == BS_TASK_STATUS_ACCEPTED)
    label = _("Accept Task");
  else if (task->status == BS_TASK_STATUS_ACCEPTED)
    label = _("Reopen Task");
  else
    label = _("Change Task Status");
  /* Accepting an accepted task again keeps its day unless given another. */
  if (status != BS_TASK_STATUS_ACCEPTED)
    task->completed = BS_DATE_NONE;
  else if (completed != BS_DATE_NONE || task->status != BS_TASK_STATUS_ACCEPTED)
    task->completed = completed;
  task->status = status;
  return store_task (self, task, label, error);
}

gboolean
bs_catalogue_remove_task (BsCatalogue  *self,
                          gint64        id,
                          GError      **error)
{
  g_autoptr(BsTask) stored = NULL;
  sqlite3_stmt *stmt;
  gint64 n_decisions;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if ((stored = bs_catalogue_get_task (self, id, error)) == NULL ||
      !bs_query_int64 (self, "SELECT count(*) FROM decision WHERE task_id = ?1", id, 0, &n_decisions, error))
    return FALSE;
  if (n_decisions > 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The task %s has %d decision about it, which must keep its task; "
                                "delete the decision first",
                                "The task %s has %d decisions about it, which must keep their task; "
                                "delete the decisions first",
                                (gulong) n_decisions),
                   stored->code, (int) n_decisions);
      return FALSE;
    }
  if (!bs_catalogue_begin (self, _("Delete Task"), error))
    return FALSE;
  if ((stmt = bs_catalogue_prepare (self, "DELETE FROM task WHERE id = ?1", error)) == NULL)
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

BsTaskTiming
bs_task_get_timing (const BsTask *task,
                    BsDate        today,
                    int           due_soon_days)
{
  BsTaskTiming timing = { BS_TASK_TIMING_OPEN, 0 };
  gint64 days;

  g_return_val_if_fail (task != NULL, timing);

  if (task->status == BS_TASK_STATUS_ACCEPTED && task->completed != BS_DATE_NONE)
    {
      days = (gint64) task->completed - (gint64) task->due;
      timing.state = days > 0 ? BS_TASK_TIMING_LATE : BS_TASK_TIMING_ON_TIME;
      timing.days = (int) ABS (days);
      return timing;
    }
  days = (gint64) task->due - (gint64) today;
  if (days < 0)
    {
      timing.state = BS_TASK_TIMING_OVERDUE;
      timing.days = (int) -days;
    }
  else
    {
      timing.state = days <= MAX (due_soon_days, 0) ? BS_TASK_TIMING_DUE_SOON : BS_TASK_TIMING_OPEN;
      timing.days = (int) days;
    }
  return timing;
}

/* ------------------------------------------------------------------ */
/* Decisions */

#define DECISION_COLUMNS "id, code, task_id, department_id, kind, decided_on, decided_by, reason"
#define DECISION_CODE_TAKEN "SELECT 1 FROM decision WHERE code = ?1 AND id <> ?2"

BsDecision *
bs_decision_new (gint64          task_id,
                 BsDecisionKind  kind,
                 const char     *decided_by,
                 const char     *reason)
{
  BsDecision *self = g_new0 (BsDecision, 1);

  self->code = g_strdup ("");
  self->task_id = task_id;
  self->kind = kind;
  self->decided_by = g_strdup (decided_by != NULL ? decided_by : "");
  self->reason = g_strdup (reason != NULL ? reason : "");
  return self;
}

BsDecision *
bs_decision_copy (const BsDecision *self)
{
  BsDecision *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (BsDecision, 1);
  *copy = *self;
  copy->code = g_strdup (self->code);
  copy->decided_by = g_strdup (self->decided_by);
  copy->reason = g_strdup (self->reason);
  return copy;
}

void
bs_decision_free (BsDecision *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->decided_by);
  g_free (self->reason);
  g_free (self);
}

static BsDecision *
decision_from_row (sqlite3_stmt *stmt,
                   int           first)
{
  BsDecision *self = g_new0 (BsDecision, 1);

  self->id = sqlite3_column_int64 (stmt, first);
  self->code = bs_column_dup_text (stmt, first + 1);
  self->task_id = sqlite3_column_int64 (stmt, first + 2);
  self->department_id = sqlite3_column_int64 (stmt, first + 3);
  if (!bs_decision_kind_from_string ((const char *) sqlite3_column_text (stmt, first + 4), &self->kind))
    self->kind = BS_DECISION_KIND_REMINDER;
  self->date = column_date (stmt, first + 5);
  self->decided_by = bs_column_dup_text (stmt, first + 6);
  self->reason = bs_column_dup_text (stmt, first + 7);
  return self;
}

GPtrArray *
bs_catalogue_list_decisions (BsCatalogue  *self,
                             gint64        task_id,
                             gint64        department_id,
                             GError      **error)
{
  g_autoptr(GPtrArray) decisions = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self,
                               "SELECT " DECISION_COLUMNS " FROM decision "
                               "WHERE (?1 = 0 OR task_id = ?1) AND (?2 = 0 OR department_id = ?2) "
                               "ORDER BY decided_on, code",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, MAX (task_id, 0));
  sqlite3_bind_int64 (stmt, 2, MAX (department_id, 0));
  decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_decision_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (decisions, decision_from_row (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      return NULL;
    }
  return g_steal_pointer (&decisions);
}

BsDecision *
bs_catalogue_get_decision (BsCatalogue  *self,
                           gint64        id,
                           GError      **error)
{
  BsDecision *decision;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  stmt = bs_catalogue_prepare (self, "SELECT " DECISION_COLUMNS " FROM decision WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_step_one (self, stmt, _("The decision does not exist"), error))
    return NULL;
  decision = decision_from_row (stmt, 0);
  sqlite3_reset (stmt);
  return decision;
}

BsDecision *
bs_catalogue_find_decision (BsCatalogue  *self,
                            const char   *code,
                            GError      **error)
{
  BsDecision *decision = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if (code == NULL)
    return NULL;
  stmt = bs_catalogue_prepare (self, "SELECT " DECISION_COLUMNS " FROM decision WHERE code = ?1", error);
  if (stmt == NULL)
    return NULL;
  bs_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    decision = decision_from_row (stmt, 0);
  else if (rc != SQLITE_DONE)
    bs_catalogue_set_error_from_db (self, error);
  sqlite3_reset (stmt);
  return decision;
}

static gboolean
check_decision (BsCatalogue       *self,
                const BsDecision  *decision,
                const BsDecision  *stored,
                BsDate             today,
                GError           **error)
{
  if (decision->kind >= BS_N_DECISION_KINDS)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("Unknown kind of decision %d"), (int) decision->kind);
      return FALSE;
    }
  if (!bs_check_text (decision->decided_by, FALSE, _("A decision needs the name of whoever decided it"), error) ||
      !bs_check_text (decision->reason, FALSE, _("A decision needs a reason"), error))
    return FALSE;
  if (decision->date > today && (stored == NULL || stored->date != decision->date))
    {
      char a[BS_DATE_ISO_SIZE], b[BS_DATE_ISO_SIZE];

      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The decision is dated %s, after today (%s); date it the day it was taken"),
                   bs_date_format (decision->date, a), bs_date_format (today, b));
      return FALSE;
    }
  return exists (self, "SELECT count(*) FROM task WHERE id = ?1", decision->task_id,
                 _("The task does not exist"), error) &&
         exists (self, "SELECT count(*) FROM department WHERE id = ?1", decision->department_id,
                 _("The department does not exist"), error);
}

gint64
bs_catalogue_add_decision (BsCatalogue       *self,
                           const BsDecision  *decision,
                           GError           **error)
{
  g_autoptr(BsDecision) wanted = NULL;
  g_autofree char *code = NULL;
  BsDate today;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (decision != NULL, 0);

  today = bs_catalogue_get_today (self);
  wanted = bs_decision_copy (decision);
  if (wanted->date == BS_DATE_NONE)
    wanted->date = today;
  if (wanted->department_id <= 0)
    {
      g_autoptr(BsTask) task = bs_catalogue_get_task (self, wanted->task_id, error);

      if (task == NULL)
        return 0;
      wanted->department_id = task->department_id;
    }
  if (!check_decision (self, wanted, NULL, today, error) ||
      !check_optional_code (self, wanted->code, DECISION_CODE_TAKEN, 0, error))
    return 0;
  if (!bs_catalogue_begin (self, _("Add Decision"), error))
    return 0;
  if ((code = make_code (self, wanted->code, "decision", "D", 3, error)) == NULL ||
      (stmt = bs_catalogue_prepare (self,
                                    "INSERT INTO decision (code, task_id, department_id, kind, decided_on, "
                                    "decided_by, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                    error)) == NULL)
    goto failed;
  bs_bind_text (stmt, 1, code);
  sqlite3_bind_int64 (stmt, 2, wanted->task_id);
  sqlite3_bind_int64 (stmt, 3, wanted->department_id);
  bs_bind_text (stmt, 4, bs_decision_kind_to_string (wanted->kind));
  bind_date (stmt, 5, wanted->date);
  bs_bind_text (stmt, 6, wanted->decided_by);
  bs_bind_text (stmt, 7, wanted->reason);
  if (!bs_catalogue_step_done (self, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (bs_catalogue_get_db (self));
  if (!bs_catalogue_commit (self, error))
    return 0;
  return id;

failed:
  bs_catalogue_rollback (self);
  return 0;
}

gboolean
bs_catalogue_update_decision (BsCatalogue       *self,
                              const BsDecision  *decision,
                              GError           **error)
{
  g_autoptr(BsDecision) stored = NULL;
  g_autoptr(BsDecision) wanted = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (decision != NULL, FALSE);

  if ((stored = bs_catalogue_get_decision (self, decision->id, error)) == NULL)
    return FALSE;
  wanted = bs_decision_copy (decision);
  wanted->task_id = stored->task_id;
  wanted->department_id = stored->department_id;
  if (wanted->date == BS_DATE_NONE)
    wanted->date = stored->date;
  if (!check_decision (self, wanted, stored, bs_catalogue_get_today (self), error))
    return FALSE;
  if (stored->kind == wanted->kind && stored->date == wanted->date &&
      g_strcmp0 (stored->decided_by, wanted->decided_by) == 0 &&
      g_strcmp0 (stored->reason, wanted->reason) == 0)
    return TRUE;
  if (!bs_catalogue_begin (self, _("Edit Decision"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self,
                               "UPDATE decision SET kind = ?1, decided_on = ?2, decided_by = ?3, reason = ?4 "
                               "WHERE id = ?5",
                               error);
  if (stmt == NULL)
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  bs_bind_text (stmt, 1, bs_decision_kind_to_string (wanted->kind));
  bind_date (stmt, 2, wanted->date);
  bs_bind_text (stmt, 3, wanted->decided_by);
  bs_bind_text (stmt, 4, wanted->reason);
  sqlite3_bind_int64 (stmt, 5, wanted->id);
  if (!bs_catalogue_step_done (self, stmt, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }
  return bs_catalogue_commit (self, error);
}

gboolean
bs_catalogue_remove_decision (BsCatalogue  *self,
                              gint64        id,
                              GError      **error)
{
  g_autoptr(BsDecision) stored = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);

  if ((stored = bs_catalogue_get_decision (self, id, error)) == NULL)
    return FALSE;
  if (!bs_catalogue_begin (self, _("Delete Decision"), error))
    return FALSE;
  if ((stmt = bs_catalogue_prepare (self, "DELETE FROM decision WHERE id = ?1", error)) == NULL)
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
/* The scorecard */

void
bs_department_score_free (BsDepartmentScore *self)
{
  if (self == NULL)
    return;
  g_free (self->department_code);
  g_free (self->department_name);
  g_clear_pointer (&self->latest_decision, bs_decision_free);
  g_free (self);
}

static BsDepartmentScore *
score_for (GHashTable   *by_department,
           GPtrArray    *scores,
           gint64        department_id)
{
  BsDepartmentScore *score = g_hash_table_lookup (by_department, &department_id);

  if (score == NULL)
    {
      score = g_new0 (BsDepartmentScore, 1);
      score->department_id = department_id;
      score->mean_delay = -1;
      g_ptr_array_add (scores, score);
      g_hash_table_insert (by_department, &score->department_id, score);
    }
  return score;
}

static int
compare_scores (gconstpointer a,
                gconstpointer b)
{
  const BsDepartmentScore *x = *(const BsDepartmentScore * const *) a;
  const BsDepartmentScore *y = *(const BsDepartmentScore * const *) b;

  return strcmp (x->department_code, y->department_code);
}

GPtrArray *
bs_catalogue_compute_scorecard (BsCatalogue  *self,
                                BsDate        today,
                                int           due_soon_days,
                                GError      **error)
{
  g_autoptr(GPtrArray) scores = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_department_score_free);
  g_autoptr(GHashTable) by_department = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) delays = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);

  if ((tasks = bs_catalogue_list_tasks (self, 0, 0, error)) == NULL ||
      (decisions = bs_catalogue_list_decisions (self, 0, 0, error)) == NULL)
    return NULL;

  for (guint i = 0; i < tasks->len; i++)
    {
      const BsTask *task = g_ptr_array_index (tasks, i);
      BsDepartmentScore *score = score_for (by_department, scores, task->department_id);
      BsTaskTiming timing = bs_task_get_timing (task, today, due_soon_days);
      gint64 *total_delay;

      score->n_tasks++;
      switch (timing.state)
        {
        case BS_TASK_TIMING_ON_TIME:
        case BS_TASK_TIMING_LATE:
          score->n_done++;
          total_delay = g_hash_table_lookup (delays, &score->department_id);
          if (total_delay == NULL)
            {
              total_delay = g_new0 (gint64, 1);
              g_hash_table_insert (delays, &score->department_id, total_delay);
            }
          if (timing.state == BS_TASK_TIMING_ON_TIME)
            score->n_on_time++;
          else
            *total_delay += timing.days;
          break;
        case BS_TASK_TIMING_OVERDUE:
          score->n_overdue++;
          break;
        case BS_TASK_TIMING_DUE_SOON:
          score->n_due_soon++;
          break;
        case BS_TASK_TIMING_OPEN:
        case BS_N_TASK_TIMINGS:
        default:
          break;
        }
    }
  /* By date then code: the last of a department's is its latest. */
  for (guint i = 0; i < decisions->len; i++)
    {
      const BsDecision *decision = g_ptr_array_index (decisions, i);
      BsDepartmentScore *score = score_for (by_department, scores, decision->department_id);

      g_clear_pointer (&score->latest_decision, bs_decision_free);
      score->latest_decision = bs_decision_copy (decision);
    }

  stmt = bs_catalogue_prepare (self, "SELECT code, name FROM department WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < scores->len; i++)
    {
      BsDepartmentScore *score = g_ptr_array_index (scores, i);
      gint64 *total_delay = g_hash_table_lookup (delays, &score->department_id);

      if (score->n_done > 0 && total_delay != NULL)
        score->mean_delay = (double) *total_delay / score->n_done;
      sqlite3_bind_int64 (stmt, 1, score->department_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          score->department_code = bs_column_dup_text (stmt, 0);
          score->department_name = bs_column_dup_text (stmt, 1);
        }
      else
        {
          score->department_code = g_strdup ("");
          score->department_name = g_strdup ("");
        }
      sqlite3_reset (stmt);
    }
  g_ptr_array_sort (scores, compare_scores);
  return g_steal_pointer (&scores);
}

/* ------------------------------------------------------------------ */
/* Proposing phases */

static void
theme_rank_free (BsThemeRank *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->name);
  g_free (self);
}

static void
proposed_phase_free (BsProposedPhase *self)
{
  g_free (self->name);
  g_ptr_array_unref (self->themes);
  g_free (self);
}

void
bs_phase_proposal_free (BsPhaseProposal *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->phases);
  g_free (self);
}

static int
compare_ranks (gconstpointer a,
               gconstpointer b)
{
  const BsThemeRank *x = *(const BsThemeRank * const *) a;
  const BsThemeRank *y = *(const BsThemeRank * const *) b;

  if (x->score != y->score)
    return x->score < y->score ? -1 : 1;
  return strcmp (x->code, y->code);
}

BsPhaseProposal *
bs_catalogue_propose_phases (BsCatalogue        *self,
                             guint               n_phases,
                             BsThemeDemandFunc   demand,
                             gpointer            demand_data,
                             double              demand_weight,
                             GError            **error)
{
  g_autoptr(BsPhaseProposal) proposal = NULL;
  g_autoptr(GPtrArray) ranks = g_ptr_array_new_with_free_func ((GDestroyNotify) theme_rank_free);
  g_autoptr(GPtrArray) themes = NULL;
  double max_items = 0, max_departments = 0, max_days = 0, max_demand = 0;
  int longest = 0;
  guint next = 0;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (n_phases >= 1, NULL);

  if ((themes = bs_catalogue_list_themes (self, 0, error)) == NULL)
    return NULL;
  for (guint i = 0; i < themes->len; i++)
    {
      const BsTheme *theme = g_ptr_array_index (themes, i);
      g_autoptr(BsThemeFlow) flow = NULL;
      g_autoptr(BsFlowAnalysis) analysis = NULL;
      const BsFlowSummary *summary;
      BsThemeRank *rank;
      gint64 planned;

      if (!bs_query_int64 (self, "SELECT count(*) FROM task WHERE theme_id = ?1", theme->id, 0, &planned, error))
        return NULL;
      if (planned > 0)
        continue;
      if ((flow = bs_theme_flow_new_from_catalogue (self, theme->id, error)) == NULL)
        return NULL;
      analysis = bs_theme_flow_analyse (flow);
      summary = bs_flow_analysis_get_summary (analysis);

      rank = g_new0 (BsThemeRank, 1);
      rank->theme_id = theme->id;
      rank->code = g_strdup (theme->code);
      rank->name = g_strdup (theme->name);
      rank->n_items = summary->n_items;
      rank->n_departments = summary->n_departments;
      rank->critical_days = summary->committed_days;
      rank->demand = demand != NULL ? demand (theme->id, demand_data) : -1;
      if (rank->demand < 0)
        rank->demand = -1;
      g_ptr_array_add (ranks, rank);

      max_items = MAX (max_items, rank->n_items);
      max_departments = MAX (max_departments, rank->n_departments);
      longest = MAX (longest, rank->critical_days);
      max_demand = MAX (max_demand, rank->demand);
    }

  /* A flow with a cycle has no critical path: it counts as the longest. */
  max_days = longest;
  for (guint i = 0; i < ranks->len; i++)
    {
      BsThemeRank *rank = g_ptr_array_index (ranks, i);
      double days = rank->critical_days >= 0 ? rank->critical_days : longest;

      rank->score = (max_items > 0 ? rank->n_items / max_items : 0) +
                    (max_departments > 0 ? rank->n_departments / max_departments : 0) +
                    (max_days > 0 ? days / max_days : (rank->critical_days < 0 ? 1 : 0));
      if (rank->demand > 0 && max_demand > 0)
        rank->score -= demand_weight * 3 * rank->demand / max_demand;
    }
  g_ptr_array_sort (ranks, compare_ranks);

  proposal = g_new0 (BsPhaseProposal, 1);
  proposal->phases = g_ptr_array_new_with_free_func ((GDestroyNotify) proposed_phase_free);
  n_phases = MIN (n_phases, ranks->len);
  for (guint p = 0; p < n_phases; p++)
    {
      BsProposedPhase *phase = g_new0 (BsProposedPhase, 1);
      guint size = ranks->len / n_phases + (p < ranks->len % n_phases ? 1 : 0);

      phase->name = g_strdup_printf (_("Batch %u"), p + 1);
      phase->themes = g_ptr_array_new_with_free_func ((GDestroyNotify) theme_rank_free);
      for (guint i = 0; i < size; i++)
        g_ptr_array_add (phase->themes, g_steal_pointer (&ranks->pdata[next++]));
      g_ptr_array_add (proposal->phases, phase);
    }
  return g_steal_pointer (&proposal);
}

gboolean
bs_catalogue_accept_phase_proposal (BsCatalogue            *self,
                                    const BsPhaseProposal  *proposal,
                                    BsDate                  start,
                                    int                     days_per_phase,
                                    GError                **error)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (proposal != NULL, FALSE);

  if (start == BS_DATE_NONE || days_per_phase < 1)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                           _("Give the date the first phase starts and how many days each phase lasts"));
      return FALSE;
    }
  if (!bs_catalogue_begin (self, _("Accept Phase Proposal"), error))
    return FALSE;

  for (guint p = 0; p < proposal->phases->len; p++)
    {
      const BsProposedPhase *proposed = g_ptr_array_index (proposal->phases, p);
      g_autoptr(BsPhase) phase = bs_phase_new (NULL, proposed->name);
      gint64 phase_id;

      phase->start = start + p * days_per_phase;
      phase->end = phase->start + days_per_phase - 1;
      if ((phase_id = bs_catalogue_add_phase (self, phase, error)) == 0)
        goto failed;

      for (guint t = 0; t < proposed->themes->len; t++)
        {
          const BsThemeRank *rank = g_ptr_array_index (proposed->themes, t);
          g_autoptr(GPtrArray) items = bs_catalogue_list_theme_items (self, rank->theme_id, error);
          g_autoptr(GArray) departments = g_array_new (FALSE, FALSE, sizeof (gint64));

          if (items == NULL)
            goto failed;
          /* The departments in the order of the theme's items. */
          for (guint i = 0; i < items->len; i++)
            {
              const BsItemSummary *item = g_ptr_array_index (items, i);
              gboolean seen = FALSE;

              for (guint d = 0; d < departments->len && !seen; d++)
                seen = g_array_index (departments, gint64, d) == item->department_id;
              if (!seen)
                g_array_append_val (departments, item->department_id);
            }
          for (guint d = 0; d < departments->len; d++)
            {
              gint64 department_id = g_array_index (departments, gint64, d);
              g_autofree char *deliverable = g_strdup_printf (_("The items of “%s”: elements, materials "
                                                                "and time limits checked and published"),
                                                              rank->name);
              g_autoptr(BsTask) task = bs_task_new (phase_id, department_id, deliverable, phase->end);

              task->theme_id = rank->theme_id;
              task->start = phase->start;
              for (guint i = 0; i < items->len; i++)
                {
                  const BsItemSummary *item = g_ptr_array_index (items, i);

                  if (item->department_id == department_id)
                    g_array_append_val (task->item_ids, item->id);
                }
              if (bs_catalogue_add_task (self, task, error) == 0)
                goto failed;
            }
        }
    }
  return bs_catalogue_commit (self, error);

failed:
  bs_catalogue_rollback (self);
  return FALSE;
}
