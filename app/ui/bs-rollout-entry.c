/* bs-rollout-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bs-rollout-entry.h"

struct _BsRolloutEntry
{
  GObject parent_instance;

  BsTask *task;
  char *department_name;
  char *theme_name;
  BsTaskTiming timing;
  BsDepartmentScore *score;
};

G_DEFINE_FINAL_TYPE (BsRolloutEntry, bs_rollout_entry, G_TYPE_OBJECT)

static void
bs_rollout_entry_finalize (GObject *object)
{
  BsRolloutEntry *self = BS_ROLLOUT_ENTRY (object);

  g_clear_pointer (&self->task, bs_task_free);
  g_clear_pointer (&self->score, bs_department_score_free);
  g_free (self->department_name);
  g_free (self->theme_name);

  G_OBJECT_CLASS (bs_rollout_entry_parent_class)->finalize (object);
}

static void
bs_rollout_entry_class_init (BsRolloutEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_rollout_entry_finalize;
}

static void
bs_rollout_entry_init (BsRolloutEntry *self)
{
}

BsRolloutEntry *
bs_rollout_entry_new_task (BsTask       *task,
                           const char   *department_name,
                           const char   *theme_name,
                           BsTaskTiming  timing)
{
  BsRolloutEntry *self;

  g_return_val_if_fail (task != NULL, NULL);

  self = g_object_new (BS_TYPE_ROLLOUT_ENTRY, NULL);
  self->task = task;
  self->department_name = g_strdup (department_name ? department_name : "");
  self->theme_name = g_strdup (theme_name ? theme_name : "");
  self->timing = timing;
  return self;
}

BsRolloutEntry *
bs_rollout_entry_new_score (BsDepartmentScore *score)
{
  BsRolloutEntry *self;

  g_return_val_if_fail (score != NULL, NULL);

  self = g_object_new (BS_TYPE_ROLLOUT_ENTRY, NULL);
  self->score = score;
  return self;
}

const BsTask *
bs_rollout_entry_get_task (BsRolloutEntry *self)
{
  g_return_val_if_fail (BS_IS_ROLLOUT_ENTRY (self), NULL);
  return self->task;
}

const char *
bs_rollout_entry_get_department_name (BsRolloutEntry *self)
{
  g_return_val_if_fail (BS_IS_ROLLOUT_ENTRY (self), NULL);
  return self->department_name;
}

const char *
bs_rollout_entry_get_theme_name (BsRolloutEntry *self)
{
  g_return_val_if_fail (BS_IS_ROLLOUT_ENTRY (self), NULL);
  return self->theme_name;
}

BsTaskTiming
bs_rollout_entry_get_timing (BsRolloutEntry *self)
{
  BsTaskTiming none = { BS_TASK_TIMING_OPEN, 0 };

  g_return_val_if_fail (BS_IS_ROLLOUT_ENTRY (self), none);
  return self->timing;
}

const BsDepartmentScore *
bs_rollout_entry_get_score (BsRolloutEntry *self)
{
  g_return_val_if_fail (BS_IS_ROLLOUT_ENTRY (self), NULL);
  return self->score;
}
