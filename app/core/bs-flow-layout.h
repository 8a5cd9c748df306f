/* bs-flow-layout.h: a theme's flow laid out and exported by graphviz (dot)
 *
 * The only graphviz adapter of Banshi. The caller describes the graph in a
 * BsFlowGraph (nodes by item id with their size measured by the caller,
 * groups, edges); bs_flow_layout_compute() returns a BsFlowGeometry of plain
 * structs for the canvas to draw, and bs_flow_render() the graph drawn by
 * graphviz itself (SVG, PNG, PDF) or written as DOT.
 *
 * Coordinates are in points (1/72 inch), y grows downwards and (0, 0) is the
 * top-left corner of the bounding box.
 *
 * Threads: every function may be called from any thread; graphviz is not
 * thread-safe, so all of it runs under one lock, and a call waits while
 * another thread lays out. On the main thread use BsFlowLayouter (layouts)
 * or bs_flow_render_async() (exports). While dot lays out, graphviz sets
 * LC_NUMERIC to "C" for the whole process and back afterwards, so no thread
 * may rely on the locale's decimal separator meanwhile (GTK does not).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bs-theme-flow.h"

G_BEGIN_DECLS

#define BS_FLOW_LAYOUT_ERROR (bs_flow_layout_error_quark ())

typedef enum
{
  BS_FLOW_LAYOUT_ERROR_INVALID,  /* the graph names an unknown node, or a node twice */
  BS_FLOW_LAYOUT_ERROR_FAILED,   /* graphviz could not lay out or render it */
  BS_FLOW_LAYOUT_ERROR_FORMAT,   /* an export format graphviz does not offer */
  BS_FLOW_LAYOUT_ERROR_PARSE,    /* a DOT file that cannot be read */
} BsFlowLayoutError;

typedef enum
{
  BS_FLOW_DIRECTION_LEFT_RIGHT,  /* prerequisites left of what needs them */
  BS_FLOW_DIRECTION_TOP_BOTTOM,
} BsFlowDirection;

typedef enum
{
  BS_FLOW_GROUPING_NONE,
  BS_FLOW_GROUPING_DEPARTMENT,   /* each group is a box (dot cluster) around its nodes */
  BS_FLOW_GROUPING_STAGE,        /* each group's nodes share one rank (column or row) */
} BsFlowGrouping;

/* Above this many nodes (or twice as many edges) dot runs with bounded
 * effort (fewer network simplex and crossing-minimisation passes, straight
 * edges), so that a layout always ends: 1,000 nodes within seconds.
 * BsFlowGeometry.bounded says so; exports (the DOT file too) are bounded the
 * same way. */
#define BS_FLOW_LAYOUT_BOUNDED_NODES 300

/* ------------------------------------------------------------------ */
/* The graph: a plain description built by the caller */

#define BS_TYPE_FLOW_GRAPH (bs_flow_graph_get_type ())
typedef struct _BsFlowGraph BsFlowGraph;

GType        bs_flow_graph_get_type   (void) G_GNUC_CONST;
BsFlowGraph *bs_flow_graph_new        (BsFlowDirection  direction,
                                       BsFlowGrouping   grouping);
BsFlowGraph *bs_flow_graph_ref        (BsFlowGraph     *self);
void         bs_flow_graph_unref      (BsFlowGraph     *self);

BsFlowDirection bs_flow_graph_get_direction (BsFlowGraph *self);
BsFlowGrouping  bs_flow_graph_get_grouping  (BsFlowGraph *self);

/* Exports only: a heading above the drawing (the theme's name), or NULL. */
void         bs_flow_graph_set_title  (BsFlowGraph     *self,
                                       const char      *title);

/* A group: a department (@key its id) or a stage (@key its number). @label
 * is shown on exports; @label_width × @label_height (points, measured by
 * the caller, 0 × 0 for none) is the room the layout keeps for the label at
 * the top of a department's box (BsFlowGroupBox.label_box). Adding a key again
 * replaces its label. */
void         bs_flow_graph_add_group  (BsFlowGraph     *self,
                                       gint64           key,
                                       const char      *label,
                                       double           label_width,
                                       double           label_height);

/* A node: @id is the item's id, @width × @height its box in points as the
 * canvas will draw it, @group the key of its group (a key never added puts
 * the node outside every group). */
void         bs_flow_graph_add_node   (BsFlowGraph     *self,
                                       gint64           id,
                                       double           width,
                                       double           height,
                                       gint64           group);
/* Exports only (the layout never sees it): node @id's text, @lines
 * (NULL-terminated): the item's name (bold), then e.g. its department and
 * time-limit badge; @code (may be NULL) goes into DOT as the attribute
 * "code". FALSE when there is no node @id. */
gboolean     bs_flow_graph_set_node_text (BsFlowGraph        *self,
                                          gint64              id,
                                          const char         *code,
                                          const char * const *lines);
/* An edge: @from_id must be done before @to_id. Both must be nodes. */
void         bs_flow_graph_add_edge   (BsFlowGraph     *self,
                                       gint64           from_id,
                                       gint64           to_id);

guint        bs_flow_graph_get_n_nodes (BsFlowGraph    *self);
guint        bs_flow_graph_get_n_edges (BsFlowGraph    *self);

/* Measures @lines (a node's, or a group's label as one line when
 * @group_label) as the canvas will draw them: *width × *height in points. */
typedef void (*BsFlowMeasureFunc) (gboolean            group_label,
                                   const char * const *lines,
                                   double             *width,
                                   double             *height,
                                   gpointer            user_data);

/* The graph of an analysed theme flow: its items as nodes (in the flow's
 * order) with their text (name, department, time-limit badge) and code,
 * grouped by department (labelled with its name; items without one stay
 * outside) or by stage ("Stage 1"…), and its prerequisites (those with both
 * ends in the flow). Sizes come from @measure, or are 160 × 56 points
 * (labels 0 × 0) without one — enough for exports, which size nodes by
 * their text. @title (may be NULL) is the heading of exports. */
BsFlowGraph *bs_flow_graph_new_for_theme (BsFlowAnalysis    *analysis,
                                          const char        *title,
                                          BsFlowDirection    direction,
                                          BsFlowGrouping     grouping,
                                          BsFlowMeasureFunc  measure,
                                          gpointer           user_data);
/* The time-limit badge of a node: "即办件", "5 working days",
 * "5 working days (statutory 20 working days)", or "—". */
char        *bs_flow_dup_limit_badge    (const BsFlowNode *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsFlowGraph, bs_flow_graph_unref)

/* ------------------------------------------------------------------ */
/* The geometry: what the canvas draws */

typedef struct
{
  double x;
  double y;
} BsFlowPoint;

typedef struct
{
  double x;       /* top-left corner */
  double y;
  double width;
  double height;
} BsFlowRect;

typedef struct
{
  gint64 id;
  BsFlowRect box;   /* the size asked for, placed */
} BsFlowNodeBox;

typedef struct
{
  gint64 from_id;
  gint64 to_id;
  /* BsFlowPoint: a cubic Bézier spline of 3n+1 points, drawn as move_to
   * (points[0]) then curve_to (points[i], points[i+1], points[i+2]) for
   * i = 1, 4, 7… It starts at the tail node's border and ends where the
   * arrowhead begins. */
  GArray *points;
  /* The arrowhead at the head node: from the last point of @points to its
   * tip on the head node's border. FALSE only when graphviz drew none. */
  gboolean has_arrow;
  BsFlowPoint arrow_tip;
} BsFlowEdgePath;

typedef struct
{
  gint64 key;
  char *label;
  /* Departments: the box graphviz drew around the group, its label area
   * included. Stages: the union of the stage's node boxes, 8 points wider
   * on every side. */
  BsFlowRect box;
  /* Where the label goes (departments with a label size), else 0 × 0. */
  BsFlowRect label_box;
} BsFlowGroupBox;

#define BS_TYPE_FLOW_GEOMETRY (bs_flow_geometry_get_type ())

typedef struct
{
  guint64 generation;  /* BsFlowLayouter's request number, 0 otherwise */
  double width;        /* the bounding box: (0, 0) to (width, height) */
  double height;
  gboolean bounded;    /* laid out with bounded effort (a large graph) */
  GArray *nodes;       /* BsFlowNodeBox, in the order they were added */
  GArray *edges;       /* BsFlowEdgePath, in the order they were added */
  GArray *groups;      /* BsFlowGroupBox, by key; only groups with nodes */
} BsFlowGeometry;

GType           bs_flow_geometry_get_type  (void) G_GNUC_CONST;
BsFlowGeometry *bs_flow_geometry_copy      (const BsFlowGeometry *self);
void            bs_flow_geometry_free      (BsFlowGeometry       *self);
/* The box of node @id, or NULL. */
const BsFlowNodeBox *bs_flow_geometry_find_node (const BsFlowGeometry *self,
                                                 gint64                id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsFlowGeometry, bs_flow_geometry_free)

GQuark          bs_flow_layout_error_quark (void);

/* Lays out @graph with dot. Any thread; blocks until done. */
BsFlowGeometry *bs_flow_layout_compute     (BsFlowGraph  *graph,
                                            GError      **error);

/* ------------------------------------------------------------------ */
/* Layouts off the main thread */

#define BS_TYPE_FLOW_LAYOUTER (bs_flow_layouter_get_type ())
G_DECLARE_FINAL_TYPE (BsFlowLayouter, bs_flow_layouter, BS, FLOW_LAYOUTER, GObject)

/* Delivers in the thread-default main context of the thread that made the
 * request. Signals:
 *   "finished" (guint64 generation, BsFlowGeometry *geometry, GError *error):
 *      the result of the newest request, exactly one of @geometry and
 *      @error non-NULL (both only valid during the emission: keep
 *      bs_flow_layouter_get_geometry() or a copy); the results of older
 *      requests are never delivered.
 * Property "busy": a layout is running or waiting. A layouter dropped while
 * it works delivers nothing. */
BsFlowLayouter *bs_flow_layouter_new            (void);
/* Lays out @graph in a worker thread and returns the request's generation
 * number (1, 2, …). @graph is referenced and frozen: changing it afterwards
 * is refused with a critical warning; build a new graph for each request.
 * A request made while an older one runs makes the older one stale;
 * graphviz cannot be interrupted, so only the newest waiting request runs
 * next. */
guint64         bs_flow_layouter_request        (BsFlowLayouter *self,
                                                 BsFlowGraph    *graph);
/* The last geometry delivered, or NULL. */
const BsFlowGeometry *bs_flow_layouter_get_geometry (BsFlowLayouter *self);
gboolean        bs_flow_layouter_get_busy       (BsFlowLayouter *self);

/* ------------------------------------------------------------------ */
/* Exports */

/* @format: "svg", "png", "pdf" or "dot". The drawing is graphviz's, with
 * the same direction and grouping as the layout: each node shows its lines
 * (the first bold; over 60 characters cut with "…", wrapped), groups their
 * labels, in a font with Chinese ("Noto Sans CJK SC", then sans-serif;
 * fontconfig finds glyphs of other scripts). Control characters show as
 * spaces. "dot" is the graph in DOT with the full text (only control
 * characters XML cannot carry become U+FFFD): nodes named n<id>, HTML-like
 * labels, the groups as clusters (department) or rank=same subgraphs
 * (stage); bs_flow_dot_parse() reads it back. Any thread; blocks until
 * done. */
GBytes         *bs_flow_render             (BsFlowGraph          *graph,
                                            const char           *format,
                                            GError              **error);
/* The same in a worker thread; @graph is frozen as by a layout request. */
void            bs_flow_render_async       (BsFlowGraph          *graph,
                                            const char           *format,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GBytes         *bs_flow_render_finish      (GAsyncResult         *result,
                                            GError              **error);

/* ------------------------------------------------------------------ */
/* Reading DOT (for importers) */

typedef struct
{
  char *name;    /* the DOT node name */
  /* The text the node shows: its label with graphviz's escapes applied
   * (\N the node name, \G the graph's, \n \l \r and <BR/> line breaks as
   * "\n", \\ a backslash), the markup of an HTML-like label removed; the
   * name when it has no label or an empty one. For Banshi's exports: the
   * lines given to bs_flow_graph_set_node_text() joined by "\n". */
  char *label;
  char *code;    /* the attribute "code" (Banshi's exports), or NULL */
} BsFlowDotNode;

typedef struct
{
  guint from;    /* indexes into nodes */
  guint to;
} BsFlowDotEdge;

typedef struct
{
  GPtrArray *nodes;  /* BsFlowDotNode, in the file's order */
  GArray *edges;     /* BsFlowDotEdge, by tail node, then in the file's order */
} BsFlowDot;

/* Parses DOT text (one graph; subgraphs are flattened). Any thread.
 * BS_FLOW_LAYOUT_ERROR_PARSE with graphviz's message when it is not DOT. */
BsFlowDot      *bs_flow_dot_parse          (const char  *data,
                                            gsize        length,
                                            GError     **error);
void            bs_flow_dot_free           (BsFlowDot   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsFlowDot, bs_flow_dot_free)

G_END_DECLS
