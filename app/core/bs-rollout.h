/* bs-rollout.h: the rollout of the theme catalogue (the paper's 制度保障)
 *
 * Phases in order (先易后难: frequent, simple themes first), each
 * department's tasks in them with a deliverable, a responsible person, a
 * start and a due date, a status and a completion date; reward and
 * accountability decisions about tasks; what is overdue or due soon on a
 * given day; a scorecard per department; and a proposal of phases.
 *
 * Every change to phases, tasks and decisions is in the audit trail
 * (bs-audit.h). Dates are BsDate day numbers (bs-date.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"

G_BEGIN_DECLS

/* The window of "due soon" unless the user chose another. */
#define BS_DUE_SOON_DAYS_DEFAULT 7

typedef enum
{
  BS_TASK_STATUS_NOT_STARTED,
  BS_TASK_STATUS_IN_PROGRESS,
  BS_TASK_STATUS_SUBMITTED,   /* the department says it is done */
  BS_TASK_STATUS_ACCEPTED,    /* the manager accepted it: done */
  BS_N_TASK_STATUSES
} BsTaskStatus;

typedef enum
{
  BS_DECISION_KIND_REWARD,          /* 奖励 */
  BS_DECISION_KIND_COMMENDATION,    /* 表扬 */
  BS_DECISION_KIND_REMINDER,        /* 提醒 */
  BS_DECISION_KIND_WARNING,         /* 警示 */
  BS_DECISION_KIND_ACCOUNTABILITY,  /* 问责 */
  BS_N_DECISION_KINDS
} BsDecisionKind;

/* The strings of the database and of JSON ("not-started", "reward"…), and
 * translated labels. */
const char *bs_task_status_to_string     (BsTaskStatus    status);
gboolean    bs_task_status_from_string   (const char     *text,
                                          BsTaskStatus   *out_status);
const char *bs_task_status_get_label     (BsTaskStatus    status);
const char *bs_decision_kind_to_string   (BsDecisionKind  kind);
gboolean    bs_decision_kind_from_string (const char     *text,
                                          BsDecisionKind *out_kind);
const char *bs_decision_kind_get_label   (BsDecisionKind  kind);

/* ------------------------------------------------------------------ */
/* Phases */

typedef struct
{
  gint64 id;        /* 0 until stored */
  char *code;       /* never changes once stored; "" to have one made ("P1"…) */
  char *name;
  int position;     /* from 0, in rollout order */
  BsDate start;     /* BS_DATE_NONE: not planned yet */
  BsDate end;
} BsPhase;

BsPhase    *bs_phase_new                 (const char     *code,
                                          const char     *name);
BsPhase    *bs_phase_copy                (const BsPhase  *self);
void        bs_phase_free                (BsPhase        *self);

/* In rollout order. Element type BsPhase. */
GPtrArray  *bs_catalogue_list_phases     (BsCatalogue    *self,
                                          GError        **error);
BsPhase    *bs_catalogue_get_phase       (BsCatalogue    *self,
                                          gint64          id,
                                          GError        **error);
/* NULL without an error when no phase has @code. */
BsPhase    *bs_catalogue_find_phase      (BsCatalogue    *self,
                                          const char     *code,
                                          GError        **error);
/* Appends after the last phase; returns the new id, or 0. */
gint64      bs_catalogue_add_phase       (BsCatalogue    *self,
                                          const BsPhase  *phase,
                                          GError        **error);
/* Name, start and end. */
gboolean    bs_catalogue_update_phase    (BsCatalogue    *self,
                                          const BsPhase  *phase,
                                          GError        **error);
gboolean    bs_catalogue_move_phase      (BsCatalogue    *self,
                                          gint64          id,
                                          int             position,
                                          GError        **error);
/* Refused (BS_CATALOGUE_ERROR_CONSTRAINT) while the phase has tasks. */
gboolean    bs_catalogue_remove_phase    (BsCatalogue    *self,
                                          gint64          id,
                                          GError        **error);

/* ------------------------------------------------------------------ */
/* Tasks */

typedef struct
{
  gint64 id;            /* 0 until stored */
  char *code;           /* never changes once stored; "" to have one made ("T001"…) */
  gint64 phase_id;
  gint64 department_id;
  gint64 theme_id;      /* 0: none */
  GArray *item_ids;     /* gint64: the items it covers, by code (may be empty) */
  char *deliverable;    /* what the department delivers */
  char *responsible;    /* the person answerable for it ("" until named) */
  BsDate start;         /* BS_DATE_NONE: not set */
  BsDate due;           /* required */
  BsTaskStatus status;
  BsDate completed;     /* the day it was accepted; set exactly when accepted */
  char *notes;
} BsTask;

BsTask     *bs_task_new                  (gint64          phase_id,
                                          gint64          department_id,
                                          const char     *deliverable,
                                          BsDate          due);
BsTask     *bs_task_copy                 (const BsTask   *self);
void        bs_task_free                 (BsTask         *self);

/* All tasks, or those of one phase and/or one department (0 for any), by
 * phase, due date, department code, then code. Element type BsTask. */
GPtrArray  *bs_catalogue_list_tasks      (BsCatalogue    *self,
                                          gint64          phase_id,
                                          gint64          department_id,
                                          GError        **error);
BsTask     *bs_catalogue_get_task        (BsCatalogue    *self,
                                          gint64          id,
                                          GError        **error);
/* NULL without an error when no task has @code. */
BsTask     *bs_catalogue_find_task       (BsCatalogue    *self,
                                          const char     *code,
                                          GError        **error);
/* Accepted without a completion date: completed today. The items must be
 * the department's own. Returns the new id, or 0. */
gint64      bs_catalogue_add_task        (BsCatalogue    *self,
                                          const BsTask   *task,
                                          GError        **error);
/* Every field but the code. Items added must be the department's own. */
gboolean    bs_catalogue_update_task     (BsCatalogue    *self,
                                          const BsTask   *task,
                                          GError        **error);
/* The usual way to move a task on: accepting sets the completion date
 * (@completed, or today when BS_DATE_NONE; an accepted task keeps its own
 * then); any other status, reopening included, clears it. */
gboolean    bs_catalogue_set_task_status (BsCatalogue    *self,
                                          gint64          id,
                                          BsTaskStatus    status,
                                          BsDate          completed,
                                          GError        **error);
/* Refused (BS_CATALOGUE_ERROR_CONSTRAINT) while decisions name the task. */
gboolean    bs_catalogue_remove_task     (BsCatalogue    *self,
                                          gint64          id,
                                          GError        **error);

/* Where a task stands on a given day. Only acceptance ends a task: a task
 * submitted but not accepted, or reopened after acceptance, is judged by
 * its due date again. */
typedef enum
{
  BS_TASK_TIMING_OPEN,     /* not accepted; due after the due-soon window */
  BS_TASK_TIMING_DUE_SOON, /* not accepted; due today or within the window */
  BS_TASK_TIMING_OVERDUE,  /* not accepted; the due date has passed */
  BS_TASK_TIMING_ON_TIME,  /* accepted on or before the due date */
  BS_TASK_TIMING_LATE,     /* accepted after the due date */
  BS_N_TASK_TIMINGS
} BsTaskTimingState;

typedef struct
{
  BsTaskTimingState state;
  /* OPEN, DUE_SOON: days until due (0: due today); OVERDUE: days past due
   * (1: due yesterday); ON_TIME: days early (0: on the due date); LATE:
   * days late (1 and more). */
  int days;
} BsTaskTiming;

/* @due_soon_days ≥ 0: the window, today included (0: only tasks due today
 * are due soon). */
BsTaskTiming bs_task_get_timing          (const BsTask      *task,
                                          BsDate             today,
                                          int                due_soon_days);
/* "open", "due-soon", "overdue", "on-time", "late"; and translated labels. */
const char  *bs_task_timing_state_to_string (BsTaskTimingState state);
const char  *bs_task_timing_state_get_label (BsTaskTimingState state);

/* ------------------------------------------------------------------ */
/* Decisions */

typedef struct
{
  gint64 id;            /* 0 until stored */
  char *code;           /* never changes once stored; "" to have one made ("D001"…) */
  gint64 task_id;
  gint64 department_id; /* 0 when adding: the task's */
  BsDecisionKind kind;
  BsDate date;          /* BS_DATE_NONE when adding: today */
  char *decided_by;
  char *reason;
} BsDecision;

BsDecision *bs_decision_new              (gint64             task_id,
                                          BsDecisionKind     kind,
                                          const char        *decided_by,
                                          const char        *reason);
BsDecision *bs_decision_copy             (const BsDecision  *self);
void        bs_decision_free             (BsDecision        *self);

/* All decisions, or those about one task and/or given to one department
 * (0 for any), by date then code. Element type BsDecision. */
GPtrArray  *bs_catalogue_list_decisions  (BsCatalogue       *self,
                                          gint64             task_id,
                                          gint64             department_id,
                                          GError           **error);
BsDecision *bs_catalogue_get_decision    (BsCatalogue       *self,
                                          gint64             id,
                                          GError           **error);
BsDecision *bs_catalogue_find_decision   (BsCatalogue       *self,
                                          const char        *code,
                                          GError           **error);
gint64      bs_catalogue_add_decision    (BsCatalogue       *self,
                                          const BsDecision  *decision,
                                          GError           **error);
/* Kind, date, decided by and reason; the task and department stay. */
gboolean    bs_catalogue_update_decision (BsCatalogue       *self,
                                          const BsDecision  *decision,
                                          GError           **error);
gboolean    bs_catalogue_remove_decision (BsCatalogue       *self,
                                          gint64             id,
                                          GError           **error);

/* ------------------------------------------------------------------ */
/* The scorecard */

typedef struct
{
  gint64 department_id;
  char *department_code;
  char *department_name;
  guint n_tasks;
  guint n_done;          /* accepted */
  guint n_on_time;       /* accepted on or before the due date */
  guint n_overdue;       /* overdue today */
  guint n_due_soon;      /* due soon today */
  /* The mean of the days late of the accepted tasks, those on time
   * counting 0; -1 when none is accepted. */
  double mean_delay;
  BsDecision *latest_decision; /* by date, then code; NULL when none */
} BsDepartmentScore;

void        bs_department_score_free     (BsDepartmentScore *self);
/* One score per department with tasks or decisions, by department code.
 * Element type BsDepartmentScore. */
GPtrArray  *bs_catalogue_compute_scorecard (BsCatalogue     *self,
                                            BsDate           today,
                                            int              due_soon_days,
                                            GError         **error);

/* ------------------------------------------------------------------ */
/* Proposing phases (先易后难)
 *
 * Themes not yet in the rollout are ranked simplest first: the fewer items,
 * departments and days on the critical path of committed time limits (承诺
 * 办结时限), the earlier — each measure divided by its largest value among
 * the themes, and the three added. Demand moves a theme forward: the
 * handling records (办件) of the service centre will tell how often each
 * theme is asked for, but the catalogue does not hold them yet. So demand
 * comes from the caller through a BsThemeDemandFunc; pass NULL until the
 * records exist. Then it counts, divided by the largest demand, against
 * the three measures of simplicity with weight @demand_weight (1: as much
 * as all of them). The ranked themes are cut into phases of equal size
 * (the earlier ones one larger when they do not divide evenly). */

/* How often the theme @theme_id is asked for (e.g. handling records in
 * the last year), or a negative number when unknown. */
typedef double (*BsThemeDemandFunc) (gint64   theme_id,
                                     gpointer user_data);

typedef struct
{
  gint64 theme_id;
  char *code;
  char *name;
  guint n_items;
  guint n_departments;
  int critical_days;   /* committed limits; -1 when the flow has a cycle
                        * (then it ranks as the longest) */
  double demand;       /* -1: unknown */
  double score;        /* lower comes first */
} BsThemeRank;

typedef struct
{
  char *name;          /* "Batch 1"…, for the manager to rename */
  GPtrArray *themes;   /* BsThemeRank, in rank order */
} BsProposedPhase;

typedef struct
{
  GPtrArray *phases;   /* BsProposedPhase */
} BsPhaseProposal;

void             bs_phase_proposal_free       (BsPhaseProposal *self);
/* @n_phases ≥ 1. An empty proposal (no phases) when every theme is in the
 * rollout already. */
BsPhaseProposal *bs_catalogue_propose_phases  (BsCatalogue       *self,
                                               guint              n_phases,
                                               BsThemeDemandFunc  demand,
                                               gpointer           demand_data,
                                               double             demand_weight,
                                               GError           **error);
/* Accepts @proposal, as proposed or as the manager edited it, in one edit:
 * a phase per proposed phase (appended after the existing ones), the first
 * starting on @start and each lasting @days_per_phase days; and in each
 * phase, for each theme and each department with items in it, a task to
 * prepare those items, due at the end of the phase. */
gboolean         bs_catalogue_accept_phase_proposal (BsCatalogue           *self,
                                                     const BsPhaseProposal *proposal,
                                                     BsDate                 start,
                                                     int                    days_per_phase,
                                                     GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsPhase, bs_phase_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsTask, bs_task_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDecision, bs_decision_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDepartmentScore, bs_department_score_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsPhaseProposal, bs_phase_proposal_free)

G_END_DECLS
