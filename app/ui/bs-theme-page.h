/* bs-theme-page.h: one service theme: its details, its items grouped by
 * department and its prerequisites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_THEME_PAGE (bs_theme_page_get_type ())
G_DECLARE_FINAL_TYPE (BsThemePage, bs_theme_page, BS, THEME_PAGE, AdwBin)

void    bs_theme_page_set_catalogue (BsThemePage *self,
                                     BsCatalogue *catalogue);
void    bs_theme_page_set_theme_id  (BsThemePage *self,
                                     gint64       theme_id);
gint64  bs_theme_page_get_theme_id  (BsThemePage *self);

G_END_DECLS
