/* bs-preview-page.h: the citizen preview: a theme's guide as a phone shows it, for the answers given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_PREVIEW_PAGE (bs_preview_page_get_type ())
G_DECLARE_FINAL_TYPE (BsPreviewPage, bs_preview_page, BS, PREVIEW_PAGE, AdwBin)

/* The theme's answers start afresh when the theme changes. F5 and
 * Ctrl+Shift+P present the preview (window-wide, while it is shown). */
void    bs_preview_page_set_catalogue (BsPreviewPage *self,
                                       BsCatalogue   *catalogue);
void    bs_preview_page_set_theme_id  (BsPreviewPage *self,
                                       gint64         theme_id);

G_END_DECLS
