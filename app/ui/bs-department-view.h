/* bs-department-view.h: the Departments view of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"
#include "bs-item-page.h"

G_BEGIN_DECLS

#define BS_TYPE_DEPARTMENT_VIEW (bs_department_view_get_type ())
G_DECLARE_FINAL_TYPE (BsDepartmentView, bs_department_view, BS, DEPARTMENT_VIEW, AdwBin)

void        bs_department_view_set_catalogue   (BsDepartmentView *self,
                                                BsCatalogue      *catalogue);
/* Lists load only while the view is shown. */
void        bs_department_view_set_active      (BsDepartmentView *self,
                                                gboolean          active);
void        bs_department_view_set_search_text (BsDepartmentView *self,
                                                const char       *text);
/* Folded: whether a pane further left can be shown (property "can-go-back"). */
gboolean    bs_department_view_get_can_go_back (BsDepartmentView *self);
void        bs_department_view_go_back         (BsDepartmentView *self);
BsItemPage *bs_department_view_get_item_page   (BsDepartmentView *self);

G_END_DECLS
