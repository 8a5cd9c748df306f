/* bs-situations-page.h: the situation questions a theme asks, when its items apply, and its notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_SITUATIONS_PAGE (bs_situations_page_get_type ())
G_DECLARE_FINAL_TYPE (BsSituationsPage, bs_situations_page, BS, SITUATIONS_PAGE, AdwBin)

void    bs_situations_page_set_catalogue (BsSituationsPage  *self,
                                       BsCatalogue *catalogue);
void    bs_situations_page_set_theme_id  (BsSituationsPage  *self,
                                       gint64       theme_id);

G_END_DECLS
