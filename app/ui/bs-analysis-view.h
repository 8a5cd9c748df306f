/* bs-analysis-view.h: the Demand view: what the service centre handles
 * (the most handled items, their trends, the bundles of items handled
 * together that no theme covers, each a theme to create) and how far the
 * themes cover the departments' catalogue (the department × theme matrix
 * and the items in no theme)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_ANALYSIS_VIEW (bs_analysis_view_get_type ())
G_DECLARE_FINAL_TYPE (BsAnalysisView, bs_analysis_view, BS, ANALYSIS_VIEW, AdwBin)

void bs_analysis_view_set_catalogue   (BsAnalysisView *self,
                                       BsCatalogue    *catalogue);
/* The analyses run in worker threads while the view is active, and again
 * when the records, items or themes change; leaving the view cancels
 * them and changes meanwhile only mark it for analysing again. */
void bs_analysis_view_set_active      (BsAnalysisView *self,
                                       gboolean        active);
/* Keeps the items in no theme whose name, code or department contains
 * @text. */
void bs_analysis_view_set_search_text (BsAnalysisView *self,
                                       const char     *text);

G_END_DECLS
