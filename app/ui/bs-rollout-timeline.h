/* bs-rollout-timeline.h: the rollout's tasks as bars over the calendar
 * (a Gantt chart): one row per department, with a summary bar from its
 * earliest start to its latest due date, expandable to its tasks; phases
 * as bands, each task from its start to its due date coloured by where it
 * stands, completion marks and today's line, at the scale of weeks, months
 * or quarters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-rollout.h"

G_BEGIN_DECLS

typedef enum
{
  BS_ROLLOUT_TIMELINE_SCALE_WEEK,     /* 24 pixels a day, a column per week */
  BS_ROLLOUT_TIMELINE_SCALE_MONTH,    /* 6 pixels a day, a column per month */
  BS_ROLLOUT_TIMELINE_SCALE_QUARTER,  /* 2 pixels a day, a column per quarter */
  BS_N_ROLLOUT_TIMELINE_SCALES
} BsRolloutTimelineScale;

#define BS_TYPE_ROLLOUT_TIMELINE (bs_rollout_timeline_get_type ())
G_DECLARE_FINAL_TYPE (BsRolloutTimeline, bs_rollout_timeline, BS, ROLLOUT_TIMELINE, GtkWidget)

/* @model: BsRolloutEntry tasks (the filtered list); NULL for none. */
void bs_rollout_timeline_set_model  (BsRolloutTimeline *self,
                                     GListModel        *model);
/* @phases: BsPhase, copied. */
void bs_rollout_timeline_set_phases (BsRolloutTimeline *self,
                                     GPtrArray         *phases,
                                     BsDate             today);
void                   bs_rollout_timeline_set_scale (BsRolloutTimeline      *self,
                                                      BsRolloutTimelineScale  scale);
BsRolloutTimelineScale bs_rollout_timeline_get_scale (BsRolloutTimeline      *self);
/* Expands or collapses the row of @department_name (as its label shows). */
void     bs_rollout_timeline_set_expanded (BsRolloutTimeline *self,
                                           const char        *department_name,
                                           gboolean           expanded);
gboolean bs_rollout_timeline_get_expanded (BsRolloutTimeline *self,
                                           const char        *department_name);
/* The rows drawn: departments and their expanded tasks. */
guint    bs_rollout_timeline_get_n_rows   (BsRolloutTimeline *self);

G_END_DECLS
