/* bs-rollout-view.h: the Rollout view: the tasks of the rollout with their
 * deadlines, filtered and edited, and the department scorecard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_ROLLOUT_VIEW (bs_rollout_view_get_type ())
G_DECLARE_FINAL_TYPE (BsRolloutView, bs_rollout_view, BS, ROLLOUT_VIEW, AdwBin)

void bs_rollout_view_set_catalogue     (BsRolloutView *self,
                                        BsCatalogue   *catalogue);
/* While inactive (another view shown) changes only mark it for reloading. */
void bs_rollout_view_set_active        (BsRolloutView *self,
                                        gboolean       active);
/* The window of "due soon", today included (bs_task_get_timing()). */
void bs_rollout_view_set_due_soon_days (BsRolloutView *self,
                                        int            days);
/* Keeps the tasks whose code, deliverable, theme or responsible person
 * contains @text. */
void bs_rollout_view_set_search_text   (BsRolloutView *self,
                                        const char    *text);
/* The task list, filtered to the overdue tasks, or to those due soon. */
void bs_rollout_view_show_reminded     (BsRolloutView *self,
                                        gboolean       overdue);

G_END_DECLS
