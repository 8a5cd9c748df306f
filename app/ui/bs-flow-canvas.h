/* bs-flow-canvas.h: a theme's flow drawn as a graph (laid out by graphviz),
 * with zoom, pan, selection, hover and drawing prerequisites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-catalogue.h"
#include "bs-flow-layout.h"
#include "bs-theme-flow.h"

G_BEGIN_DECLS

#define BS_TYPE_FLOW_CANVAS (bs_flow_canvas_get_type ())
G_DECLARE_FINAL_TYPE (BsFlowCanvas, bs_flow_canvas, BS, FLOW_CANVAS, GtkWidget)

/* Signals:
 *   "analysis-changed": the flow was reloaded and analysed again;
 *   "selection-changed": the selected item or edge changed;
 *   "item-activated" (gint64 item_id): Enter or a double click on an item;
 *   "edge-refused" (const char *message): a new prerequisite was refused
 *      (also shown as a toast), with the reason. */
GtkWidget      *bs_flow_canvas_new            (void);
void            bs_flow_canvas_set_catalogue  (BsFlowCanvas   *self,
                                               BsCatalogue    *catalogue);
void            bs_flow_canvas_set_theme_id   (BsFlowCanvas   *self,
                                               gint64          theme_id);
gint64          bs_flow_canvas_get_theme_id   (BsFlowCanvas   *self);
/* Read-only: shows @analysis (e.g. the flow of a personalised guide's
 * steps, NULL: nothing) laid out like a theme's flow, instead of a theme of
 * the catalogue. Zoom, pan and selection work; drawing prerequisites and
 * Delete do not, problems are not marked, and fitting fits the width (a
 * tall graph pans down). The plain mouse wheel is left to the page around
 * (Ctrl zooms). bs_flow_canvas_set_catalogue() makes it editable again. */
void            bs_flow_canvas_show_analysis  (BsFlowCanvas   *self,
                                               BsFlowAnalysis *analysis);
/* NULL until loaded. */
BsFlowAnalysis *bs_flow_canvas_get_analysis   (BsFlowCanvas   *self);
const BsFlowGeometry *bs_flow_canvas_get_geometry (BsFlowCanvas *self);

void            bs_flow_canvas_set_direction  (BsFlowCanvas   *self,
                                               BsFlowDirection direction);
BsFlowDirection bs_flow_canvas_get_direction  (BsFlowCanvas   *self);
void            bs_flow_canvas_set_grouping   (BsFlowCanvas   *self,
                                               BsFlowGrouping  grouping);
BsFlowGrouping  bs_flow_canvas_get_grouping   (BsFlowCanvas   *self);

/* The graph to export, with the canvas's direction and grouping; NULL
 * before the flow is loaded. @title may be NULL. */
BsFlowGraph    *bs_flow_canvas_build_graph    (BsFlowCanvas   *self,
                                               const char     *title);

void            bs_flow_canvas_zoom_in        (BsFlowCanvas   *self);
void            bs_flow_canvas_zoom_out       (BsFlowCanvas   *self);
void            bs_flow_canvas_zoom_fit       (BsFlowCanvas   *self);
void            bs_flow_canvas_zoom_reset     (BsFlowCanvas   *self);
double          bs_flow_canvas_get_zoom       (BsFlowCanvas   *self);

/* 0 when no item is selected. */
gint64          bs_flow_canvas_get_selected_item (BsFlowCanvas *self);
/* Whether just one edge (and no item) is selected; it goes to @out_edge. */
gboolean        bs_flow_canvas_get_selected_edge (BsFlowCanvas *self,
                                                  BsEdge       *out_edge);
/* Selects @item_ids (gint64, may be NULL or empty: nothing) and the edges
 * @edges (BsEdge, may be NULL), and scrolls them into view. */
void            bs_flow_canvas_select         (BsFlowCanvas   *self,
                                               const GArray   *item_ids,
                                               const GArray   *edges);
/* Adds the prerequisite @before_id → @after_id after checking it against
 * the flow; a refusal is shown as a toast with the reason. */
gboolean        bs_flow_canvas_add_edge       (BsFlowCanvas   *self,
                                               gint64          before_id,
                                               gint64          after_id);
/* A sentence describing the selection for screen readers and the status
 * line ("" when nothing is selected). */
char           *bs_flow_canvas_dup_selection_description (BsFlowCanvas *self);

G_END_DECLS
