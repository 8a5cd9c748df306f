/* bs-coverage-map.h: the department × theme matrix as a heat map — a row
 * per department, a column per theme, each cell as dark as the number of
 * the department's items the theme holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-coverage.h"

G_BEGIN_DECLS

#define BS_TYPE_COVERAGE_MAP (bs_coverage_map_get_type ())
G_DECLARE_FINAL_TYPE (BsCoverageMap, bs_coverage_map, BS, COVERAGE_MAP, GtkWidget)

GtkWidget *bs_coverage_map_new          (void);
/* Shows the matrix of @coverage (copied: @coverage may be freed
 * afterwards); NULL shows nothing. */
void       bs_coverage_map_set_coverage (BsCoverageMap    *self,
                                         const BsCoverage *coverage);
/* "Department · theme: N items" for the cell, or NULL outside. */
char      *bs_coverage_map_describe_cell (BsCoverageMap   *self,
                                          guint            department,
                                          guint            theme);

G_END_DECLS
