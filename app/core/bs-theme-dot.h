/* bs-theme-dot.h: setting a theme's prerequisites from a DOT file
 *
 * The DOT file may be one of Banshi's own exports (bs_flow_render() with
 * "dot") or drawn by hand or by another tool. Each DOT node is matched to an
 * item of the theme: by its attribute "code", else by its node name equal to
 * an item's code, else by the text it shows equal to an item's name (or the
 * first lines of that text, as Banshi's exports add the department and the
 * time limit below the name); codes and names compare after trimming
 * whitespace. Several nodes may stand for one item. The edges between the
 * matched items then replace the theme's prerequisites.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"
#include "bs-flow-layout.h"

G_BEGIN_DECLS

typedef struct
{
  guint n_nodes;          /* nodes in the DOT file */
  guint n_matched_nodes;  /* of them, matched to an item of the theme */
  guint n_items;          /* distinct items matched */
  guint n_added;          /* prerequisites added */
  guint n_removed;        /* prerequisites removed (not in the DOT file) */
  guint n_kept;           /* prerequisites already there */
  /* BsFlowDotNode: the nodes that match no item, in the file's order. */
  GPtrArray *unknown_nodes;
} BsDotImportReport;

void      bs_dot_import_report_free      (BsDotImportReport  *self);

/* Replaces the prerequisites of the theme @theme_id by the edges of the DOT
 * text @data, in one edit ("Import Prerequisites"), or changes nothing.
 * Cycles are allowed (the flow's analysis reports them). Fails with
 *   BS_FLOW_LAYOUT_ERROR_PARSE when @data is not DOT;
 *   BS_CATALOGUE_ERROR_INVALID when some nodes match no item of the theme
 *     (the message names them) or an edge makes an item its own
 *     prerequisite;
 *   BS_CATALOGUE_ERROR_NOT_FOUND when there is no such theme.
 * @report (may be NULL) is set on success, and when the DOT file's nodes or
 * edges are refused, so that the unknown nodes can be listed. */
gboolean  bs_catalogue_import_theme_dot  (BsCatalogue         *cat,
                                          gint64               theme_id,
                                          const char          *data,
                                          gsize                length,
                                          BsDotImportReport  **report,
                                          GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDotImportReport, bs_dot_import_report_free)

G_END_DECLS
