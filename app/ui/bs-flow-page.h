/* bs-flow-page.h: a theme's flow: the canvas with its toolbar, the
 * problems pane and the summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_FLOW_PAGE (bs_flow_page_get_type ())
G_DECLARE_FINAL_TYPE (BsFlowPage, bs_flow_page, BS, FLOW_PAGE, AdwBin)

/* Signal "item-activated" (gint64 item_id): an item was opened. */
void    bs_flow_page_set_catalogue (BsFlowPage  *self,
                                    BsCatalogue *catalogue);
void    bs_flow_page_set_theme_id  (BsFlowPage  *self,
                                    gint64       theme_id);

G_END_DECLS
