/* bs-rollout-entry.h: one row of the rollout view's lists: a task with the
 * names it shows, or a department's score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bs-rollout.h"

G_BEGIN_DECLS

#define BS_TYPE_ROLLOUT_ENTRY (bs_rollout_entry_get_type ())
G_DECLARE_FINAL_TYPE (BsRolloutEntry, bs_rollout_entry, BS, ROLLOUT_ENTRY, GObject)

/* Takes @task; @department_name and @theme_name may be NULL. */
BsRolloutEntry          *bs_rollout_entry_new_task        (BsTask            *task,
                                                           const char        *department_name,
                                                           const char        *theme_name,
                                                           BsTaskTiming       timing);
/* Takes @score. */
BsRolloutEntry          *bs_rollout_entry_new_score       (BsDepartmentScore *score);
/* NULL for a score. */
const BsTask            *bs_rollout_entry_get_task        (BsRolloutEntry    *self);
const char              *bs_rollout_entry_get_department_name (BsRolloutEntry *self);
const char              *bs_rollout_entry_get_theme_name  (BsRolloutEntry    *self);
BsTaskTiming             bs_rollout_entry_get_timing      (BsRolloutEntry    *self);
/* NULL for a task. */
const BsDepartmentScore *bs_rollout_entry_get_score       (BsRolloutEntry    *self);

G_END_DECLS
