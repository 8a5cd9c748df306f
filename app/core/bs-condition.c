/* bs-condition.c: conditions as rows of chosen options
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-condition.h"
#include "bs-entity-private.h"

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

BsCondition *
bs_condition_new (void)
{
  BsCondition *self = g_new0 (BsCondition, 1);

  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  return self;
}

BsCondition *
bs_condition_copy (const BsCondition *self)
{
  BsCondition *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bs_condition_new ();
  for (guint i = 0; i < self->groups->len; i++)
    {
      const GArray *group = g_ptr_array_index (self->groups, i);

      bs_condition_add_group (copy, (const gint64 *) (const void *) group->data, group->len);
    }
  return copy;
}

void
bs_condition_free (BsCondition *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->groups);
  g_free (self);
}

void
bs_condition_add_group (BsCondition  *self,
                        const gint64 *option_ids,
                        guint         n_options)
{
  GArray *group;

  g_return_if_fail (self != NULL);
  g_return_if_fail (option_ids != NULL || n_options == 0);

  if (n_options == 0)
    return;
  group = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_options);
  g_array_append_vals (group, option_ids, n_options);
  g_array_sort (group, compare_ids);
  for (guint i = 1; i < group->len;)
    {
      if (g_array_index (group, gint64, i) == g_array_index (group, gint64, i - 1))
        g_array_remove_index (group, i);
      else
        i++;
    }
  g_ptr_array_add (self->groups, group);
}

gboolean
bs_condition_is_always (const BsCondition *self)
{
  return self == NULL || self->groups->len == 0;
}

static gboolean
group_equal (const GArray *a,
             const GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (gint64)) == 0;
}

gboolean
bs_condition_equal (const BsCondition *a,
                    const BsCondition *b)
{
  guint na = a != NULL ? a->groups->len : 0;
  guint nb = b != NULL ? b->groups->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (!group_equal (g_ptr_array_index (a->groups, i), g_ptr_array_index (b->groups, i)))
      return FALSE;
  return TRUE;
}

gboolean
bs_condition_uses (const BsCondition *self,
                   gint64             option_id)
{
  if (self == NULL)
    return FALSE;
  for (guint i = 0; i < self->groups->len; i++)
    {
      const GArray *group = g_ptr_array_index (self->groups, i);

      for (guint j = 0; j < group->len; j++)
        if (g_array_index (group, gint64, j) == option_id)
          return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Storage */

typedef struct
{
  const char *exists;  /* SELECT count(*) … with ?1 theme, ?2 owner */
  const char *select;  /* grp, option_id rows */
  const char *delete;
  const char *insert;  /* ?1 theme, ?2 owner, ?3 grp, ?4 option */
  const char *missing; /* message */
} OwnerSql;

static const OwnerSql *
owner_sql (BsConditionOwner owner)
{
  static const OwnerSql sql[BS_N_CONDITION_OWNERS] = {
    [BS_CONDITION_THEME_ITEM] = {
      "SELECT count(*) FROM theme_item WHERE theme_id = ?1 AND item_id = ?2",
      "SELECT grp, option_id FROM theme_item_when WHERE theme_id = ?1 AND item_id = ?2 ORDER BY grp, option_id",
      "DELETE FROM theme_item_when WHERE theme_id = ?1 AND item_id = ?2",
      "INSERT INTO theme_item_when (theme_id, item_id, grp, option_id) VALUES (?1, ?2, ?3, ?4)",
      N_("The item is not in the theme"),
    },
    [BS_CONDITION_THEME_QUESTION] = {
      "SELECT count(*) FROM theme_question WHERE theme_id = ?1 AND question_id = ?2",
      "SELECT grp, option_id FROM theme_question_when WHERE theme_id = ?1 AND question_id = ?2"
      " ORDER BY grp, option_id",
      "DELETE FROM theme_question_when WHERE theme_id = ?1 AND question_id = ?2",
      "INSERT INTO theme_question_when (theme_id, question_id, grp, option_id) VALUES (?1, ?2, ?3, ?4)",
      N_("The theme does not ask that question"),
    },
    [BS_CONDITION_MATERIAL] = {
      "SELECT count(*) FROM material WHERE ?1 IS NOT NULL AND id = ?2",
      "SELECT grp, option_id FROM material_when WHERE ?1 IS NOT NULL AND material_id = ?2 ORDER BY grp, option_id",
      "DELETE FROM material_when WHERE ?1 IS NOT NULL AND material_id = ?2",
      "INSERT INTO material_when (material_id, grp, option_id) SELECT ?2, ?3, ?4 WHERE ?1 IS NOT NULL",
      N_("The material does not exist"),
    },
    [BS_CONDITION_NOTE] = {
      "SELECT count(*) FROM theme_note WHERE ?1 IS NOT NULL AND id = ?2",
      "SELECT grp, option_id FROM theme_note_when WHERE ?1 IS NOT NULL AND note_id = ?2 ORDER BY grp, option_id",
      "DELETE FROM theme_note_when WHERE ?1 IS NOT NULL AND note_id = ?2",
      "INSERT INTO theme_note_when (note_id, grp, option_id) SELECT ?2, ?3, ?4 WHERE ?1 IS NOT NULL",
      N_("The note does not exist"),
    },
  };

  return &sql[owner];
}

BsCondition *
bs_catalogue_get_condition (BsCatalogue       *self,
                            BsConditionOwner   owner,
                            gint64             theme_id,
                            gint64             owner_id,
                            GError           **error)
{
  g_autoptr(BsCondition) condition = NULL;
  g_autoptr(GArray) group = NULL;
  const OwnerSql *sql;
  sqlite3_stmt *stmt;
  gint64 exists, current = -1;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (owner < BS_N_CONDITION_OWNERS, NULL);

  sql = owner_sql (owner);
  if (!bs_query_int64 (self, sql->exists, theme_id, owner_id, &exists, error))
    return NULL;
  if (!exists)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND, _(sql->missing));
      return NULL;
    }
  stmt = bs_catalogue_prepare (self, sql->select, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, theme_id);
  sqlite3_bind_int64 (stmt, 2, owner_id);
  condition = bs_condition_new ();
  group = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 grp = sqlite3_column_int64 (stmt, 0);
      gint64 option = sqlite3_column_int64 (stmt, 1);

      if (grp != current && group->len > 0)
        {
          bs_condition_add_group (condition, (const gint64 *) (const void *) group->data, group->len);
          g_array_set_size (group, 0);
        }
      current = grp;
      g_array_append_val (group, option);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (self, error);
      return NULL;
    }
  bs_condition_add_group (condition, (const gint64 *) (const void *) group->data, group->len);
  return g_steal_pointer (&condition);
}

gboolean
bs_catalogue_set_condition (BsCatalogue       *self,
                            BsConditionOwner   owner,
                            gint64             theme_id,
                            gint64             owner_id,
                            const BsCondition *condition,
                            GError           **error)
{
  g_autoptr(BsCondition) stored = NULL;
  g_autoptr(BsCondition) wanted = NULL;
  const OwnerSql *sql;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (owner < BS_N_CONDITION_OWNERS, FALSE);

  stored = bs_catalogue_get_condition (self, owner, theme_id, owner_id, error);
  if (stored == NULL)
    return FALSE;
  /* Normalised: sorted groups without repeats. */
  wanted = condition != NULL ? bs_condition_copy (condition) : bs_condition_new ();
  for (guint i = 0; i < wanted->groups->len; i++)
    {
      const GArray *group = g_ptr_array_index (wanted->groups, i);

      for (guint j = 0; j < group->len; j++)
        {
          gint64 exists;

          if (!bs_query_int64 (self, "SELECT count(*) FROM question_option WHERE id = ?1",
                               g_array_index (group, gint64, j), 0, &exists, error))
            return FALSE;
          if (!exists)
            {
              g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                                   _("The condition names an option that does not exist"));
              return FALSE;
            }
        }
    }
  if (bs_condition_equal (stored, wanted))
    return TRUE;

  sql = owner_sql (owner);
  if (!bs_catalogue_begin (self, _("Edit Condition"), error))
    return FALSE;
  stmt = bs_catalogue_prepare (self, sql->delete, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, theme_id);
  sqlite3_bind_int64 (stmt, 2, owner_id);
  if (!bs_catalogue_step_done (self, stmt, error))
    goto failed;
  for (guint i = 0; i < wanted->groups->len; i++)
    {
      const GArray *group = g_ptr_array_index (wanted->groups, i);

      for (guint j = 0; j < group->len; j++)
        {
          stmt = bs_catalogue_prepare (self, sql->insert, error);
          if (stmt == NULL)
            goto failed;
          sqlite3_bind_int64 (stmt, 1, theme_id);
          sqlite3_bind_int64 (stmt, 2, owner_id);
          sqlite3_bind_int (stmt, 3, (int) i);
          sqlite3_bind_int64 (stmt, 4, g_array_index (group, gint64, j));
          if (!bs_catalogue_step_done (self, stmt, error))
            goto failed;
        }
    }
  return bs_catalogue_commit (self, error);

failed:
  bs_catalogue_rollback (self);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Sentences */

char *
bs_condition_dup_sentence (const BsCondition   *self,
                           BsConditionNameFunc  names,
                           gpointer             user_data)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (names != NULL, NULL);

  if (bs_condition_is_always (self))
    return g_strdup (C_("condition", "Always"));

  for (guint i = 0; i < self->groups->len; i++)
    {
      const GArray *group = g_ptr_array_index (self->groups, i);
      g_autoptr(GString) clause = g_string_new (NULL);
      g_autofree gboolean *done = g_new0 (gboolean, group->len);

      /* Options of the same question together: "经营项目 is 冷食 and 生食". */
      for (guint j = 0; j < group->len; j++)
        {
          const char *prompt = NULL, *label = NULL;
          gint64 question_id = 0;
          g_autoptr(GString) labels = g_string_new (NULL);

          if (done[j])
            continue;
          done[j] = TRUE;
          if (!names (g_array_index (group, gint64, j), &prompt, &question_id, &label, user_data))
            {
              prompt = _("an unknown question");
              label = _("an unknown option");
              question_id = 0;
            }
          g_string_append_printf (labels, C_("condition", "“%s”"), label);
          for (guint k = j + 1; k < group->len && question_id != 0; k++)
            {
              const char *other_prompt = NULL, *other_label = NULL;
              gint64 other_question = 0;

              if (done[k] || !names (g_array_index (group, gint64, k), &other_prompt, &other_question,
                                     &other_label, user_data) ||
                  other_question != question_id)
                continue;
              done[k] = TRUE;
              /* Translators: joins the options of one question in a condition */
              g_string_append (labels, C_("condition", " and "));
              g_string_append_printf (labels, C_("condition", "“%s”"), other_label);
            }
          if (clause->len > 0)
            /* Translators: joins the parts of one group of a condition */
            g_string_append (clause, C_("condition", " and "));
          /* Translators: one part of a condition: a question and its chosen option(s) */
          g_string_append_printf (clause, C_("condition", "%s is %s"), prompt, labels->str);
        }
      if (i == 0)
        /* Translators: a condition, e.g. "Only when 为谁办理？ is “委托代理人”" */
        g_string_append_printf (text, C_("condition", "Only when %s"), clause->str);
      else
        /* Translators: a further group of a condition */
        g_string_append_printf (text, C_("condition", ", or when %s"), clause->str);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
