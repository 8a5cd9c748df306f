/* bs-item-page.h: every element of one approval item, editable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_ITEM_PAGE (bs_item_page_get_type ())
G_DECLARE_FINAL_TYPE (BsItemPage, bs_item_page, BS, ITEM_PAGE, AdwBin)

void         bs_item_page_set_catalogue (BsItemPage  *self,
                                         BsCatalogue *catalogue);
/* 0 shows the "no item" page. */
void         bs_item_page_set_item_id   (BsItemPage  *self,
                                         gint64       item_id);
gint64       bs_item_page_get_item_id   (BsItemPage  *self);
/* Deletes the shown item (one undoable edit) and offers Undo in a toast. */
void         bs_item_page_delete_item   (BsItemPage  *self);

G_END_DECLS
