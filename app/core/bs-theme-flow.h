/* bs-theme-flow.h: a theme's approval flow (its items and prerequisite
 * edges) and what is wrong with it, its stages and its critical path
 *
 * A BsThemeFlow is a plain snapshot: built once (from the catalogue, or node
 * by node for tests and importers), then only read. It never touches the
 * catalogue again, so it and its analysis may be handed to another thread.
 * Both are reference counted and immutable once analysed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"
#include "bs-enums.h"
#include "bs-theme.h"

G_BEGIN_DECLS

/* One item of the flow, with what the analysis needs to know about it. */
typedef struct
{
  gint64 item_id;
  char *code;
  char *name;
  gint64 department_id;       /* 0 when it has none */
  char *department_name;      /* "" when it has none */
  int legal_limit;            /* 法定办结时限, -1 when unknown */
  BsLimitUnit legal_limit_unit;
  int committed_limit;        /* 承诺办结时限, -1 when unknown */
  BsLimitUnit committed_limit_unit;
  BsHandling handling;        /* 即办件 / 承诺件 */
  int visits;                 /* 到办事现场次数, -1 when unknown */
} BsFlowNode;

#define BS_TYPE_THEME_FLOW (bs_theme_flow_get_type ())
typedef struct _BsThemeFlow BsThemeFlow;

GType              bs_theme_flow_get_type       (void) G_GNUC_CONST;
BsThemeFlow       *bs_theme_flow_new            (void);
/* The theme's items in the theme's order and its edges, in two queries.
 * BS_CATALOGUE_ERROR_NOT_FOUND when there is no such theme. */
BsThemeFlow       *bs_theme_flow_new_from_catalogue (BsCatalogue  *catalogue,
                                                     gint64        theme_id,
                                                     GError      **error);
BsThemeFlow       *bs_theme_flow_ref            (BsThemeFlow  *self);
void               bs_theme_flow_unref          (BsThemeFlow  *self);

/* Copies @node. FALSE (and nothing added) when an item with its id is
 * already there. */
gboolean           bs_theme_flow_add_node       (BsThemeFlow      *self,
                                                 const BsFlowNode *node);
/* @before_id must be done before @after_id. Either end may be an id that is
 * not a node of the flow (the analysis reports it). FALSE (and nothing
 * added) when the same edge is already there. */
gboolean           bs_theme_flow_add_edge       (BsThemeFlow  *self,
                                                 gint64        before_id,
                                                 gint64        after_id);

/* Nodes in the order they were added (for a theme: the theme's order). */
guint              bs_theme_flow_get_n_nodes    (BsThemeFlow  *self);
const BsFlowNode  *bs_theme_flow_get_node       (BsThemeFlow  *self,
                                                 guint         index);
/* NULL when @item_id is not a node. */
const BsFlowNode  *bs_theme_flow_lookup_node    (BsThemeFlow  *self,
                                                 gint64        item_id);
/* Edges in the order they were added. */
guint              bs_theme_flow_get_n_edges    (BsThemeFlow  *self);
const BsEdge      *bs_theme_flow_get_edge       (BsThemeFlow  *self,
                                                 guint         index);
gboolean           bs_theme_flow_has_edge       (BsThemeFlow  *self,
                                                 gint64        before_id,
                                                 gint64        after_id);

/* The shortest chain of prerequisites from @from_id to @to_id, as item ids
 * from @from_id to @to_id (ties broken by item name, then code), or NULL
 * when there is none; just @from_id when both are the same node. Free with
 * g_array_unref. */
GArray            *bs_theme_flow_find_path      (BsThemeFlow  *self,
                                                 gint64        from_id,
                                                 gint64        to_id);
/* Whether the edge @before_id → @after_id may be added. FALSE with a
 * BS_CATALOGUE_ERROR_CONSTRAINT message a person can act on when an end is
 * not in the flow, it is a self-loop, it exists already, or it would close a
 * cycle (the message names the items of that cycle in order). */
gboolean           bs_theme_flow_check_new_edge (BsThemeFlow  *self,
                                                 gint64        before_id,
                                                 gint64        after_id,
                                                 GError      **error);

/* ------------------------------------------------------------------ */
/* Analysis */

typedef enum
{
  BS_FLOW_SEVERITY_ERROR,
  BS_FLOW_SEVERITY_WARNING,
} BsFlowSeverity;

/* In the order problems are listed (errors first). */
typedef enum
{
  BS_FLOW_PROBLEM_CYCLE,                        /* error: items in cycle order */
  BS_FLOW_PROBLEM_EDGE_OUTSIDE_THEME,           /* error: an end is not in the flow */
  BS_FLOW_PROBLEM_COMMITTED_EXCEEDS_STATUTORY,  /* warning */
  BS_FLOW_PROBLEM_NO_STATUTORY_LIMIT,           /* warning, 承诺件 only */
  BS_FLOW_PROBLEM_NO_COMMITTED_LIMIT,           /* warning, 承诺件 only */
  BS_FLOW_PROBLEM_NO_DEPARTMENT,                /* warning */
  BS_FLOW_PROBLEM_REDUNDANT_EDGE,               /* warning */
  BS_FLOW_PROBLEM_DISCONNECTED,                 /* warning: one per smaller part */
  /* The personalisation's static checks (bs-guide.h) */
  BS_FLOW_PROBLEM_CONDITION_NEVER_HOLDS,        /* error */
  BS_FLOW_PROBLEM_PREREQUISITE_MISSING,         /* error: under some answers */
  BS_FLOW_PROBLEM_FOLLOW_UP_ORDER,              /* error: depends on a later question */
  BS_FLOW_PROBLEM_QUESTION_NOT_ASKED,           /* warning */
  BS_FLOW_PROBLEM_DEAD_QUESTION,                /* warning */
  BS_FLOW_PROBLEM_TOO_MANY_ANSWERS,             /* warning: not checked exhaustively */
  BS_N_FLOW_PROBLEMS
} BsFlowProblemKind;

/* What item_ids and edges hold, by kind:
 *   cycle: the cycle's items in order, and its edges (the last closes it);
 *   edge-outside-theme: the ends that are in the theme (maybe none), the edge;
 *   redundant-edge: the longer chain that implies the edge, from its first
 *     to its last item, and the one edge that can go;
 *   disconnected: the part's items by name, no edges;
 *   the item checks: the one item, no edges. */
typedef struct
{
  BsFlowSeverity severity;
  BsFlowProblemKind kind;
  char *message;     /* translated, names the items, says what to do */
  GArray *item_ids;  /* gint64: the items concerned, in the message's order */
  GArray *edges;     /* BsEdge: the edges concerned (may be empty) */
} BsFlowProblem;

/* Which time limit a critical path adds up. */
typedef enum
{
  BS_FLOW_LIMIT_STATUTORY,  /* 法定办结时限 */
  BS_FLOW_LIMIT_COMMITTED,  /* 承诺办结时限 */
  BS_N_FLOW_LIMITS
} BsFlowLimit;

/* The chain of prerequisites with the largest sum of time limits, in working
 * days: 即办件 count 0; calendar days count ceil (days × 5 / 7); unknown
 * limits count 0 (and are reported as problems). Among chains of the same
 * total the one with more items wins, then the one whose last item comes
 * first by name (and so on backwards). */
typedef struct
{
  int days;           /* -1 when not available (the flow has a cycle) */
  GArray *item_ids;   /* gint64, first to last; empty when not available */
  gboolean converted; /* some calendar days on it were converted */
  gboolean incomplete; /* some item on it has an unknown limit (counted 0) */
} BsFlowPath;

typedef struct
{
  guint n_items;
  guint n_edges;
  guint n_stages;
  guint n_departments;   /* distinct departments of the items */
  int visits;            /* sum of the known 到办事现场次数 */
  guint n_unknown_visits; /* items whose number of visits is unknown */
  int statutory_days;    /* the critical paths' totals, -1 with a cycle */
  int committed_days;
  guint n_errors;
  guint n_warnings;
} BsFlowSummary;

#define BS_TYPE_FLOW_ANALYSIS (bs_flow_analysis_get_type ())
typedef struct _BsFlowAnalysis BsFlowAnalysis;

GType                bs_flow_analysis_get_type      (void) G_GNUC_CONST;
/* Pure computation on @flow (kept by the result); any thread. @flow must
 * not be changed afterwards. */
BsFlowAnalysis      *bs_theme_flow_analyse          (BsThemeFlow    *flow);
BsFlowAnalysis      *bs_flow_analysis_ref           (BsFlowAnalysis *self);
void                 bs_flow_analysis_unref         (BsFlowAnalysis *self);
BsThemeFlow         *bs_flow_analysis_get_flow      (BsFlowAnalysis *self);

/* Problems: errors first, then by kind, then by item name. */
guint                bs_flow_analysis_get_n_problems (BsFlowAnalysis *self);
const BsFlowProblem *bs_flow_analysis_get_problem   (BsFlowAnalysis *self,
                                                     guint           index);
gboolean             bs_flow_analysis_has_errors    (BsFlowAnalysis *self);
gboolean             bs_flow_analysis_has_cycles    (BsFlowAnalysis *self);

/* Stages (longest-path layering): stage 0 holds the items without
 * prerequisites, an item's stage is one more than its latest prerequisite's;
 * the items of a stage can be done in parallel. With a cycle, the items of
 * each cycle (strongly connected component) share one stage, so stages are
 * always available; redundant edges are then not checked and there is no
 * critical path. */
guint                bs_flow_analysis_get_n_stages  (BsFlowAnalysis *self);
/* gint64 item ids of @stage, by name then code (owned by @self). */
const GArray        *bs_flow_analysis_get_stage_items (BsFlowAnalysis *self,
                                                       guint           stage);
/* -1 when @item_id is not a node. */
int                  bs_flow_analysis_get_item_stage (BsFlowAnalysis *self,
                                                      gint64          item_id);

const BsFlowPath    *bs_flow_analysis_get_critical_path (BsFlowAnalysis *self,
                                                         BsFlowLimit     limit);
/* Whether @item_id is on the critical path of @limit. */
gboolean             bs_flow_analysis_is_critical   (BsFlowAnalysis *self,
                                                     BsFlowLimit     limit,
                                                     gint64          item_id);
const BsFlowSummary *bs_flow_analysis_get_summary   (BsFlowAnalysis *self);

/* The problems of @item_id / of the edge, as indexes into the problem list
 * (gint) — for markers on the canvas. Free with g_array_unref. */
GArray              *bs_flow_analysis_list_item_problems (BsFlowAnalysis *self,
                                                          gint64          item_id);
GArray              *bs_flow_analysis_list_edge_problems (BsFlowAnalysis *self,
                                                          gint64          before_id,
                                                          gint64          after_id);

/* Stable strings for machine-readable output ("error", "cycle", …). */
const char          *bs_flow_severity_to_string     (BsFlowSeverity     severity);
/* "Error", "Warning", translated */
const char          *bs_flow_severity_get_label     (BsFlowSeverity     severity);
const char          *bs_flow_problem_kind_to_string (BsFlowProblemKind  kind);
/* A problem of @kind (its severity follows from it) taking @message;
 * empty item and edge lists. */
BsFlowProblem       *bs_flow_problem_new            (BsFlowProblemKind  kind,
                                                     char              *message);
void                 bs_flow_problem_free           (BsFlowProblem     *problem);

/* Working days a time limit counts for on a critical path: calendar days
 * become ceil (days × 5 / 7); -1 stays -1 (unknown). */
int                  bs_flow_limit_to_working_days  (int                value,
                                                     BsLimitUnit        unit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsThemeFlow, bs_theme_flow_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsFlowAnalysis, bs_flow_analysis_unref)

G_END_DECLS
