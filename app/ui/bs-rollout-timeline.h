/* bs-rollout-timeline.h: the rollout's tasks as bars over the calendar
 * (a Gantt chart): phases as bands, each task from its start to its due
 * date coloured by where it stands, completion marks and today's line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-rollout.h"

G_BEGIN_DECLS

#define BS_TYPE_ROLLOUT_TIMELINE (bs_rollout_timeline_get_type ())
G_DECLARE_FINAL_TYPE (BsRolloutTimeline, bs_rollout_timeline, BS, ROLLOUT_TIMELINE, GtkWidget)

/* @model: BsRolloutEntry tasks (the filtered list); NULL for none. */
void bs_rollout_timeline_set_model  (BsRolloutTimeline *self,
                                     GListModel        *model);
/* @phases: BsPhase, copied. */
void bs_rollout_timeline_set_phases (BsRolloutTimeline *self,
                                     GPtrArray         *phases,
                                     BsDate             today);

G_END_DECLS
