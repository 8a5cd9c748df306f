/* bs-theme-view.h: the Themes view of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"
#include "bs-item-page.h"

G_BEGIN_DECLS

#define BS_TYPE_THEME_VIEW (bs_theme_view_get_type ())
G_DECLARE_FINAL_TYPE (BsThemeView, bs_theme_view, BS, THEME_VIEW, AdwBin)

void        bs_theme_view_set_catalogue   (BsThemeView *self,
                                           BsCatalogue *catalogue);
/* Lists load only while the view is shown. */
void        bs_theme_view_set_active      (BsThemeView *self,
                                           gboolean     active);
void        bs_theme_view_set_search_text (BsThemeView *self,
                                           const char  *text);
/* Folded: whether a pane further left can be shown (property "can-go-back"). */
gboolean    bs_theme_view_get_can_go_back (BsThemeView *self);
void        bs_theme_view_go_back         (BsThemeView *self);
BsItemPage *bs_theme_view_get_item_page   (BsThemeView *self);

G_END_DECLS
